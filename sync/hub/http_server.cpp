// The hub's HTTP layer over libmicrohttpd (http_server.hpp): admission before the body, the route table,
// the token buckets, and the access log.

#include "sync/hub/http_server.hpp"

#include "sync/protocol/hub_protocol.hpp"

#include <algorithm>
#include <arpa/inet.h>
#include <atomic>
#include <charconv>
#include <cmath>
#include <cstring>
#include <exception>
#include <fmt/format.h>
#include <map>
#include <microhttpd.h>
#include <mutex>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

namespace checkin::sync::http {

namespace {

using Clock = std::chrono::steady_clock;

bool equal_ignoring_case(std::string_view left, std::string_view right) {
    return left.size() == right.size() &&
           std::equal(left.begin(), left.end(), right.begin(), [](char a, char b) {
               return (a >= 'A' && a <= 'Z' ? a | 0x20 : a) == (b >= 'A' && b <= 'Z' ? b | 0x20 : b);
           });
}

std::string_view role_name(TokenRole role) {
    switch (role) {
    case TokenRole::kiosk:
        return "kiosk";
    case TokenRole::dashboard:
        return "dashboard";
    case TokenRole::organiser:
        return "organiser";
    }
    return "unknown";
}

// The token of "Authorization: Bearer TOKEN" (the scheme's name in any case), or nullopt.
std::optional<std::string> bearer_token(const Request& request) {
    const auto header = request.header("Authorization");
    constexpr std::string_view scheme = "bearer ";
    if (!header || header->size() <= scheme.size() ||
        !equal_ignoring_case(std::string_view(*header).substr(0, scheme.size()), scheme)) {
        return std::nullopt;
    }
    std::string token = header->substr(scheme.size());
    while (!token.empty() && token.back() == ' ') {
        token.pop_back();
    }
    if (token.empty()) {
        return std::nullopt;
    }
    return token;
}

struct DaemonStopper {
    void operator()(MHD_Daemon* daemon) const { MHD_stop_daemon(daemon); }
};
using Daemon = std::unique_ptr<MHD_Daemon, DaemonStopper>;

struct ResponseDestroyer {
    void operator()(MHD_Response* response) const { MHD_destroy_response(response); }
};
using OwnedResponse = std::unique_ptr<MHD_Response, ResponseDestroyer>;

// One request from its headers to its completion (libmicrohttpd keeps the pointer for us).
struct Exchange {
    Clock::time_point started = Clock::now();
    Request request;
    const Route* route = nullptr;
    std::size_t body_limit = 0;
    std::size_t reserved = 0; // bytes of the server's body memory held for this body
    Response response;    // what was queued (its body stays here until completion: MHD_RESPMEM_PERSISTENT)
    bool decided = false; // a status is known, to be logged at completion
    std::int64_t milliseconds = 0;
};

class TokenBuckets {
public:
    explicit TokenBuckets(RateLimit limit) : m_limit(limit) {}

    // Takes one request from the token's bucket; the seconds to wait when it is empty.
    std::optional<std::int64_t> take(const std::string& token) {
        std::lock_guard lock(m_mutex);
        const auto now = Clock::now();
        auto [position, inserted] = m_buckets.try_emplace(token, Bucket{m_limit.burst, now});
        Bucket& bucket = position->second;
        if (!inserted) {
            const double elapsed = std::chrono::duration<double>(now - bucket.refilled).count();
            bucket.tokens = std::min(m_limit.burst, bucket.tokens + elapsed * m_limit.per_second);
            bucket.refilled = now;
        }
        if (bucket.tokens >= 1.0) {
            bucket.tokens -= 1.0;
            return std::nullopt;
        }
        const double wait = m_limit.per_second > 0 ? (1.0 - bucket.tokens) / m_limit.per_second : 60.0;
        return std::max<std::int64_t>(1, static_cast<std::int64_t>(std::ceil(wait)));
    }

private:
    struct Bucket {
        double tokens = 0;
        Clock::time_point refilled;
    };
    RateLimit m_limit;
    std::mutex m_mutex;
    // One bucket per valid token only (an unknown token is refused before), so the map is as small as the
    // hub's list of tokens.
    std::map<std::string, Bucket, std::less<>> m_buckets;
};

std::string address_text(const sockaddr* address) {
    char text[INET6_ADDRSTRLEN] = {};
    if (address == nullptr) {
        return {};
    }
    if (address->sa_family == AF_INET) {
        const auto* ipv4 = reinterpret_cast<const sockaddr_in*>(address);
        ::inet_ntop(AF_INET, &ipv4->sin_addr, text, sizeof(text));
    } else if (address->sa_family == AF_INET6) {
        const auto* ipv6 = reinterpret_cast<const sockaddr_in6*>(address);
        ::inet_ntop(AF_INET6, &ipv6->sin6_addr, text, sizeof(text));
    }
    return text;
}

enum MHD_Result collect_pair(void* user, enum MHD_ValueKind, const char* key, const char* value) {
    auto* pairs = static_cast<std::vector<std::pair<std::string, std::string>>*>(user);
    pairs->emplace_back(key != nullptr ? key : "", value != nullptr ? value : "");
    return MHD_YES;
}

struct ResolvedAddress {
    sockaddr_storage storage{};
    socklen_t length = 0;
};

Result<ResolvedAddress> resolve(const std::string& host, int port) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE;
    addrinfo* found_list = nullptr;
    const std::string service = std::to_string(port);
    const int code = ::getaddrinfo(host.c_str(), service.c_str(), &hints, &found_list);
    const std::unique_ptr<addrinfo, decltype(&::freeaddrinfo)> found(found_list, &::freeaddrinfo);
    if (code != 0 || !found) {
        return fail(Error::invalid_input(fmt::format(
            "cannot listen on {}: it is not an address of this machine ({})", host, ::gai_strerror(code))));
    }
    ResolvedAddress resolved;
    std::memcpy(&resolved.storage, found->ai_addr, found->ai_addrlen);
    resolved.length = found->ai_addrlen;
    return resolved;
}

class MhdServer final : public Server {
public:
    MhdServer(ServerSettings settings, std::vector<Route> routes)
        : m_settings(std::move(settings)), m_routes(std::move(routes)), m_buckets(m_settings.rate_limit) {}
    MhdServer(const MhdServer&) = delete;
    MhdServer& operator=(const MhdServer&) = delete;
    ~MhdServer() override { stop(); }

    int port() const override { return m_port; }

    void stop() override {
        std::lock_guard lock(m_stop_mutex);
        m_daemon.reset(); // MHD_stop_daemon: closes every connection, joins the threads
    }

    Result<void> listen() {
        if (m_settings.port < 0 || m_settings.port > 65535) {
            return fail(
                Error::invalid_input(fmt::format("{} is not a port number (0 to 65535)", m_settings.port)));
        }
        const bool needs_tokens = std::any_of(m_routes.begin(), m_routes.end(),
                                              [](const Route& route) { return !route.roles.empty(); });
        if (needs_tokens && !m_settings.token_check) {
            return fail(Error::invalid_input("a route needs a token but the server has no way to check one"));
        }
        auto address = resolve(m_settings.host, m_settings.port);
        if (!address) {
            return fail(address.error());
        }
        unsigned int flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL;
        if (address->storage.ss_family == AF_INET6) {
            flags |= MHD_USE_IPv6;
        }
        std::vector<MHD_OptionItem> options = {
            {MHD_OPTION_SOCK_ADDR, 0, &address->storage},
            {MHD_OPTION_THREAD_POOL_SIZE, static_cast<intptr_t>(std::max<std::size_t>(1, m_settings.threads)),
             nullptr},
            {MHD_OPTION_CONNECTION_LIMIT, static_cast<intptr_t>(m_settings.connection_limit), nullptr},
            {MHD_OPTION_PER_IP_CONNECTION_LIMIT, static_cast<intptr_t>(m_settings.per_address_limit),
             nullptr},
            {MHD_OPTION_CONNECTION_TIMEOUT, static_cast<intptr_t>(m_settings.timeout.count()), nullptr},
            {MHD_OPTION_CONNECTION_MEMORY_LIMIT, static_cast<intptr_t>(m_settings.connection_memory_bytes),
             nullptr},
        };
        if (m_settings.tls) {
            if (MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES) {
                return fail(Error::invalid_input("this libmicrohttpd was built without TLS"));
            }
            flags |= MHD_USE_TLS;
            options.push_back(
                {MHD_OPTION_HTTPS_MEM_KEY, 0, const_cast<char*>(m_settings.tls->private_key_pem.c_str())});
            options.push_back(
                {MHD_OPTION_HTTPS_MEM_CERT, 0, const_cast<char*>(m_settings.tls->certificate_pem.c_str())});
        }
        options.push_back({MHD_OPTION_END, 0, nullptr});

        m_daemon.reset(MHD_start_daemon(
            flags, static_cast<std::uint16_t>(m_settings.port), nullptr, nullptr, &MhdServer::access, this,
            MHD_OPTION_NOTIFY_COMPLETED, &MhdServer::completed, this, MHD_OPTION_NOTIFY_CONNECTION,
            &MhdServer::connection_event, this, MHD_OPTION_ARRAY, options.data(), MHD_OPTION_END));
        if (!m_daemon) {
            if (m_settings.tls) {
                return fail(Error::io(fmt::format(
                    "cannot listen on {}:{}: the port is in use, the address is not this machine's, or the "
                    "hub's certificate or key was refused (make a new one with `kiosk-hub cert new`)",
                    m_settings.host, m_settings.port)));
            }
            return fail(Error::io(fmt::format(
                "cannot listen on {}:{}: the port is in use, the address is not this machine's, or a port "
                "below 1024 needs privileges",
                m_settings.host, m_settings.port)));
        }
        const auto* info = MHD_get_daemon_info(m_daemon.get(), MHD_DAEMON_INFO_BIND_PORT);
        m_port = info != nullptr ? info->port : m_settings.port;
        return {};
    }

private:
    // The first call for a request: headers only. Everything that can refuse it does so here, so a refused
    // request's body is never read.
    std::optional<Response> admit(Exchange& exchange, MHD_Connection* connection) {
        Request& request = exchange.request;
        if (request.headers.size() > m_settings.header_count_limit) {
            return error_reply(431, fmt::format("{} header lines; send at most {}", request.headers.size(),
                                                m_settings.header_count_limit));
        }
        const Route* path_match = nullptr;
        for (const auto& route : m_routes) {
            if (route.path == request.path) {
                path_match = &route;
                if (route.method == request.method) {
                    exchange.route = &route;
                    break;
                }
            }
        }
        if (exchange.route == nullptr) {
            if (path_match != nullptr) {
                auto refused =
                    error_reply(405, fmt::format("{} does not take {}", request.path, request.method));
                refused.headers.emplace_back("Allow", path_match->method);
                return refused;
            }
            return error_reply(404, fmt::format("there is no {} {}", request.method, request.path));
        }
        const Route& route = *exchange.route;
        if (!route.roles.empty()) {
            const auto token = bearer_token(request);
            if (!token) {
                return error_reply(401, "this needs \"Authorization: Bearer TOKEN\" with a token made by "
                                        "`kiosk-hub token new`");
            }
            auto holder = m_settings.token_check(*token);
            if (!holder) {
                Response failed = error_reply(500, "the hub failed; see its log");
                failed.problem =
                    fmt::format("checking a token: {} {}", holder.error().message, holder.error().detail);
                return failed;
            }
            if (!*holder) {
                return error_reply(401,
                                   "the hub does not know this token; make one with `kiosk-hub token new`");
            }
            request.holder = **holder;
            if (std::find(route.roles.begin(), route.roles.end(), (*holder)->role) == route.roles.end()) {
                return error_reply(403,
                                   fmt::format("a {} token may not use {} {}", role_name((*holder)->role),
                                               request.method, request.path));
            }
            if (const auto wait = m_buckets.take(*token)) {
                auto limited = error_reply(
                    429, fmt::format("too many requests with this token; try again in {} s", *wait));
                limited.headers.emplace_back("Retry-After", std::to_string(*wait));
                return limited;
            }
        }
        exchange.body_limit = route.body_limit;
        if (const char* announced =
                MHD_lookup_connection_value(connection, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH)) {
            const std::string_view text = announced;
            std::uint64_t bytes = 0;
            const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), bytes);
            if (error == std::errc() && end == text.data() + text.size()) {
                if (bytes > route.body_limit) {
                    return error_reply(413,
                                       fmt::format("the request's body is {} bytes; {} {} takes at most {}",
                                                   bytes, request.method, request.path, route.body_limit));
                }
                const auto length = static_cast<std::size_t>(bytes);
                if (!reserve_body_memory(length)) {
                    auto busy = error_reply(503, "the hub is receiving too much at once; try again shortly");
                    busy.headers.emplace_back("Retry-After", "1");
                    return busy;
                }
                exchange.reserved = length;
                request.body.reserve(length); // one allocation of the announced size, no doubling
            }
        }
        return std::nullopt;
    }

    Response answer(const Exchange& exchange) {
        try {
            return exchange.route->answer(exchange.request);
        } catch (const std::exception& error) {
            Response failed = error_reply(500, "the hub failed; see its log");
            failed.problem = fmt::format("an exception: {}", error.what());
            return failed;
        } catch (...) {
            Response failed = error_reply(500, "the hub failed; see its log");
            failed.problem = "an unknown exception";
            return failed;
        }
    }

    enum MHD_Result queue(MHD_Connection* connection, Exchange& exchange, Response response) {
        if (response.status >= 500 && response.problem.empty()) {
            response.problem = response.body;
        }
        exchange.response = std::move(response);
        exchange.decided = true;
        exchange.milliseconds =
            std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - exchange.started).count();
        Response& queued = exchange.response;
        OwnedResponse reply(
            MHD_create_response_from_buffer(queued.body.size(), queued.body.data(), MHD_RESPMEM_PERSISTENT));
        if (!reply) {
            exchange.response.problem = "out of memory while making an answer";
            return MHD_NO;
        }
        if (!queued.content_type.empty()) {
            MHD_add_response_header(reply.get(), MHD_HTTP_HEADER_CONTENT_TYPE, queued.content_type.c_str());
        }
        for (const auto& [name, value] : m_settings.common_headers) {
            MHD_add_response_header(reply.get(), name.c_str(), value.c_str());
        }
        for (const auto& [name, value] : queued.headers) {
            MHD_add_response_header(reply.get(), name.c_str(), value.c_str());
        }
        return MHD_queue_response(connection, static_cast<unsigned int>(queued.status), reply.get());
    }

    enum MHD_Result handle(MHD_Connection* connection, const char* url, const char* method,
                           const char* upload_data, std::size_t* upload_data_size, void** context) {
        auto* exchange = static_cast<Exchange*>(*context);
        if (exchange == nullptr) {
            auto made = std::make_unique<Exchange>();
            Request& request = made->request;
            request.method = method != nullptr ? method : "";
            request.path = url != nullptr ? url : "";
            MHD_get_connection_values(connection, MHD_HEADER_KIND, &collect_pair, &request.headers);
            MHD_get_connection_values(connection, MHD_GET_ARGUMENT_KIND, &collect_pair, &request.query);
            if (const auto* info = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS)) {
                request.peer_address = address_text(info->client_addr);
            }
            exchange = made.release();
            *context = exchange;
            if (auto refused = admit(*exchange, connection)) {
                return queue(connection, *exchange, std::move(*refused));
            }
            return MHD_YES;
        }
        if (*upload_data_size > 0) {
            std::string& body = exchange->request.body;
            if (body.size() + *upload_data_size > exchange->body_limit) {
                // No answer can be queued while a body is arriving; closing now is the only way not to
                // read the rest.
                exchange->response = error_reply(413, "the request's body is larger than the route takes");
                exchange->response.problem =
                    fmt::format("a body without a length passed {} bytes; the connection was closed",
                                exchange->body_limit);
                exchange->decided = true;
                exchange->milliseconds =
                    std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - exchange->started)
                        .count();
                *upload_data_size = 0;
                return MHD_NO;
            }
            const std::size_t needed = body.size() + *upload_data_size;
            if (needed > exchange->reserved) {
                // A body without a length (or longer than announced) takes the server's memory as it comes.
                if (!reserve_body_memory(needed - exchange->reserved)) {
                    exchange->response = error_reply(503, "the hub is receiving too much at once");
                    exchange->response.problem = "the bodies being received passed the server's memory for "
                                                 "bodies; the connection was closed";
                    exchange->decided = true;
                    *upload_data_size = 0;
                    return MHD_NO;
                }
                exchange->reserved = needed;
            }
            body.append(upload_data, *upload_data_size);
            *upload_data_size = 0;
            return MHD_YES;
        }
        if (exchange->decided) {
            return MHD_NO; // an answer was queued already and the library asks again: nothing more to say
        }
        return queue(connection, *exchange, answer(*exchange));
    }

    void log(const Exchange& exchange) {
        if (!exchange.decided || !m_settings.request_log) {
            return;
        }
        RequestLogEntry entry;
        entry.method = exchange.request.method;
        entry.path = exchange.request.path;
        entry.status = exchange.response.status;
        entry.milliseconds = exchange.milliseconds;
        entry.kiosk = exchange.request.holder ? exchange.request.holder->kiosk : "";
        entry.problem = exchange.response.status >= 500 || exchange.response.status == 413
                            ? exchange.response.problem
                            : std::string();
        m_settings.request_log(entry);
    }

    static enum MHD_Result access(void* self, MHD_Connection* connection, const char* url, const char* method,
                                  const char*, const char* upload_data, std::size_t* upload_data_size,
                                  void** context) {
        return static_cast<MhdServer*>(self)->handle(connection, url, method, upload_data, upload_data_size,
                                                     context);
    }

    static void completed(void* self, MHD_Connection*, void** context, enum MHD_RequestTerminationCode) {
        std::unique_ptr<Exchange> exchange(static_cast<Exchange*>(*context));
        *context = nullptr;
        if (exchange) {
            auto* server = static_cast<MhdServer*>(self);
            server->m_body_memory -= exchange->reserved;
            server->log(*exchange);
        }
    }

    bool reserve_body_memory(std::size_t bytes) {
        std::size_t held = m_body_memory.load();
        do {
            if (held + bytes > m_settings.body_memory_limit) {
                return false;
            }
        } while (!m_body_memory.compare_exchange_weak(held, held + bytes));
        return true;
    }

    // TCP_NODELAY on every accepted connection: without it a reply's last segment waited for the kiosk's
    // delayed acknowledgement, 40 ms on every request (BENCHMARKS.md).
    static void connection_event(void*, MHD_Connection* connection, void**,
                                 enum MHD_ConnectionNotificationCode code) {
        if (code != MHD_CONNECTION_NOTIFY_STARTED) {
            return;
        }
        if (const auto* info = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CONNECTION_FD)) {
            int yes = 1;
            ::setsockopt(info->connect_fd, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof(yes));
        }
    }

    ServerSettings m_settings;
    std::vector<Route> m_routes;
    TokenBuckets m_buckets;
    std::atomic<std::size_t> m_body_memory = 0; // bytes reserved by the bodies being received
    std::mutex m_stop_mutex;
    Daemon m_daemon;
    int m_port = 0;
};

} // namespace

std::optional<std::string> Request::parameter(std::string_view name) const {
    for (const auto& [key, value] : query) {
        if (key == name) {
            return value;
        }
    }
    return std::nullopt;
}

std::optional<std::string> Request::header(std::string_view name) const {
    for (const auto& [key, value] : headers) {
        if (equal_ignoring_case(key, name)) {
            return value;
        }
    }
    return std::nullopt;
}

Response json_reply(int status, std::string body) {
    Response response;
    response.status = status;
    response.content_type = json_content_type;
    response.body = std::move(body);
    return response;
}

Response error_reply(int status, const std::string& message) {
    return json_reply(status, encode(ErrorReply{message}));
}

bool is_loopback_host(std::string_view host) {
    if (host == "localhost") {
        return true;
    }
    const std::string text(host);
    in_addr ipv4{};
    if (::inet_pton(AF_INET, text.c_str(), &ipv4) == 1) {
        return (ntohl(ipv4.s_addr) >> 24) == 127;
    }
    in6_addr ipv6{};
    if (::inet_pton(AF_INET6, text.c_str(), &ipv6) == 1) {
        return IN6_IS_ADDR_LOOPBACK(&ipv6);
    }
    return false;
}

Result<std::unique_ptr<Server>> Server::start(ServerSettings settings, std::vector<Route> routes) {
    auto server = std::make_unique<MhdServer>(std::move(settings), std::move(routes));
    if (auto listening = server->listen(); !listening) {
        return fail(listening.error());
    }
    return std::unique_ptr<Server>(std::move(server));
}

} // namespace checkin::sync::http
