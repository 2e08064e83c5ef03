// The hub's HTTP server: hub_protocol.hpp's API over a HubStore, with cpp-httplib answering on its own
// thread pool.

#include "sync/hub/hub_server.hpp"

#include "sync/hub/hub_dashboard.hpp"
#include "sync/hub/hub_server_replies.hpp"

#include <algorithm>
#include <atomic>
#include <charconv>
#include <chrono>
#include <fmt/format.h>
#include <httplib.h>
#include <mutex>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <optional>
#include <sys/socket.h>
#include <thread>

namespace checkin::sync {

namespace {

// A full push (5000 events) is about 2.5 MB of JSON; anything far beyond is not a kiosk talking.
constexpr std::size_t request_body_maximum_bytes = 32U * 1024U * 1024U;
constexpr auto listen_wait_limit = std::chrono::seconds(5);

// What the access log needs about the request being answered. httplib answers each request from
// routing to logging on one thread, so the thread's own copy belongs to that request alone.
struct RequestTrace {
    std::optional<std::chrono::steady_clock::time_point> started;
    std::string kiosk;
};
thread_local RequestTrace current_trace;

// The token of "Authorization: Bearer TOKEN" (the scheme's name in any case), or nullopt.
std::optional<std::string> bearer_token(const httplib::Request& request) {
    const std::string header = request.get_header_value("Authorization");
    constexpr std::string_view scheme = "bearer ";
    if (header.size() <= scheme.size()) {
        return std::nullopt;
    }
    for (std::size_t index = 0; index < scheme.size(); ++index) {
        const char lower = static_cast<char>(header[index] | 0x20);
        if (lower != scheme[index]) {
            return std::nullopt;
        }
    }
    std::string token = header.substr(scheme.size());
    while (!token.empty() && token.back() == ' ') {
        token.pop_back();
    }
    return token;
}

// A whole number from the query string: `fallback` when absent; refused when not a number or out of
// [minimum, maximum].
Result<std::int64_t> number_parameter(const httplib::Request& request, const std::string& name,
                                      std::int64_t fallback, std::int64_t minimum, std::int64_t maximum) {
    if (!request.has_param(name)) {
        return fallback;
    }
    const std::string text = request.get_param_value(name);
    std::int64_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || error != std::errc() || end != text.data() + text.size()) {
        return fail(Error::invalid_input(fmt::format("{}: \"{}\" is not a whole number", name, text)));
    }
    if (value < minimum || value > maximum) {
        return fail(Error::invalid_input(
            fmt::format("{}: {} is not between {} and {}", name, value, minimum, maximum)));
    }
    return value;
}

class HttpHubServer final : public HubServer {
public:
    HttpHubServer(HubStore& store, HubServerSettings settings)
        : m_store(store), m_settings(std::move(settings)) {
        add_routes();
    }
    HttpHubServer(const HttpHubServer&) = delete;
    HttpHubServer& operator=(const HttpHubServer&) = delete;
    ~HttpHubServer() override { stop(); }

    int port() const override { return m_port; }

    void stop() override {
        std::lock_guard lock(m_stop_mutex);
        m_server.stop();
        // listen_after_bind returns once the pool has finished the answers under way.
        if (m_thread.joinable()) {
            m_thread.join();
        }
    }

    Result<void> listen() {
        const auto& host = m_settings.host;
        if (m_settings.port < 0 || m_settings.port > 65535) {
            return fail(
                Error::invalid_input(fmt::format("{} is not a port number (0 to 65535)", m_settings.port)));
        }
        if (m_settings.port == 0) {
            m_port = m_server.bind_to_any_port(host);
            if (m_port < 0) {
                return fail(
                    Error::io(fmt::format("cannot listen on {}: is it this machine's address?", host)));
            }
        } else {
            if (!m_server.bind_to_port(host, m_settings.port)) {
                return fail(Error::io(fmt::format(
                    "cannot listen on {}:{}: the port is in use, the address is not this machine's, or a "
                    "port below 1024 needs privileges",
                    host, m_settings.port)));
            }
            m_port = m_settings.port;
        }
        m_thread = std::thread([this] {
            m_server.listen_after_bind();
            m_listening_ended = true;
        });
        // The socket is bound and listening already; waiting for the loop makes stop() reliable at once.
        const auto deadline = std::chrono::steady_clock::now() + listen_wait_limit;
        while (!m_server.is_running()) {
            if (m_listening_ended || std::chrono::steady_clock::now() > deadline) {
                stop();
                return fail(Error::io(fmt::format("the server on {}:{} did not start", host, m_port)));
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
        return {};
    }

private:
    using ApiHandler =
        std::function<void(const httplib::Request&, httplib::Response&, const std::string& kiosk)>;

    // Answers 401 unless the request carries a token the store knows; otherwise runs `answer` with the
    // token's kiosk.
    httplib::Server::Handler authorised(ApiHandler answer) {
        return
            [this, answer = std::move(answer)](const httplib::Request& request, httplib::Response& response) {
                const auto token = bearer_token(request);
                if (!token) {
                    send_error(response, 401,
                               "this needs \"Authorization: Bearer TOKEN\" with a token made by "
                               "`kiosk-hub token new --kiosk NAME`");
                    return;
                }
                auto holder = m_store.token_holder(*token);
                if (!holder) {
                    send_failure(response, holder.error());
                    return;
                }
                if (!*holder) {
                    send_error(
                        response, 401,
                        "the hub does not know this token; make one with `kiosk-hub token new --kiosk NAME`");
                    return;
                }
                current_trace.kiosk = (*holder)->kiosk;
                answer(request, response, (*holder)->kiosk);
            };
    }

    void add_routes() {
        m_server.new_task_queue = [threads = std::max<std::size_t>(m_settings.worker_threads, 1)] {
            return new httplib::ThreadPool(threads); // httplib owns and deletes it
        };
        m_server.set_keep_alive_timeout(static_cast<time_t>(m_settings.keep_alive.count()));
        m_server.set_payload_max_length(request_body_maximum_bytes);
        // httplib's default adds SO_REUSEPORT, which lets a second hub bind the same port and take half
        // the kiosks' requests; SO_REUSEADDR alone still allows a quick restart.
        // TCP_NODELAY (inherited by the accepted connections): httplib writes a reply's headers and body
        // separately, and with Nagle's algorithm on the body waited for the kiosk's delayed
        // acknowledgement — 40 ms on every request, a 500-event push at 52 ms instead of 13 (BENCHMARKS.md).
        m_server.set_tcp_nodelay(true);
        m_server.set_socket_options([](socket_t socket) {
            int yes = 1;
            ::setsockopt(socket, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
            ::setsockopt(socket, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof(yes));
        });
        m_server.set_pre_routing_handler([](const httplib::Request&, httplib::Response&) {
            current_trace = RequestTrace{std::chrono::steady_clock::now(), ""};
            return httplib::Server::HandlerResponse::Unhandled;
        });
        // Every error answer is JSON, also those httplib makes itself (no such path, body too large).
        m_server.set_error_handler(httplib::Server::HandlerWithResponse(
            [](const httplib::Request& request, httplib::Response& response) {
                if (!response.body.empty()) {
                    return httplib::Server::HandlerResponse::Unhandled;
                }
                const int status = response.status;
                std::string message = status == 404
                                          ? fmt::format("there is no {} {}", request.method, request.path)
                                      : status == 413 ? "the request is too large"
                                                      : fmt::format("the request failed ({})", status);
                send_error(response, status, message);
                return httplib::Server::HandlerResponse::Handled;
            }));
        m_server.set_exception_handler(
            [](const httplib::Request&, httplib::Response& response, std::exception_ptr exception) {
                std::string what = "unknown error";
                try {
                    std::rethrow_exception(exception);
                } catch (const std::exception& error) {
                    what = error.what();
                } catch (...) {
                }
                send_error(response, 500, "the hub failed: " + what);
            });
        m_server.set_logger([this](const httplib::Request& request, const httplib::Response& response) {
            RequestLogEntry entry;
            entry.method = request.method;
            entry.path = request.path;
            entry.status = response.status;
            if (current_trace.started) {
                entry.milliseconds = std::chrono::duration_cast<std::chrono::milliseconds>(
                                         std::chrono::steady_clock::now() - *current_trace.started)
                                         .count();
            }
            entry.kiosk = current_trace.kiosk;
            current_trace = RequestTrace{};
            if (m_settings.request_log) {
                m_settings.request_log(entry);
            }
        });

        m_server.Get("/api/v1/health", authorised([this](const httplib::Request&, httplib::Response& response,
                                                         const std::string& kiosk) {
                         auto reply = m_store.health(kiosk);
                         if (!reply) {
                             send_failure(response, reply.error());
                             return;
                         }
                         send_json(response, 200, encode(*reply));
                     }));

        m_server.Get("/api/v1/roster", authorised([this](const httplib::Request& request,
                                                         httplib::Response& response, const std::string&) {
                         auto since = number_parameter(request, "since", 0, 0,
                                                       std::numeric_limits<std::int64_t>::max());
                         auto limit =
                             number_parameter(request, "limit", roster_page_default, 1, roster_page_maximum);
                         if (!since || !limit) {
                             send_failure(response, since ? limit.error() : since.error());
                             return;
                         }
                         RosterCursor cursor{*since, request.get_param_value("after")};
                         auto page = m_store.roster_since(cursor, static_cast<std::size_t>(*limit));
                         if (!page) {
                             send_failure(response, page.error());
                             return;
                         }
                         send_json(response, 200, encode(*page));
                     }));

        m_server.Post("/api/v1/events",
                      authorised([this](const httplib::Request& request, httplib::Response& response,
                                        const std::string& kiosk) {
                          auto push = decode_push_request(request.body);
                          if (!push) {
                              send_failure(response, push.error());
                              return;
                          }
                          if (push->events.size() > push_batch_maximum) {
                              send_error(response, 413,
                                         fmt::format("{} events in one request; send at most {} at a time",
                                                     push->events.size(), push_batch_maximum));
                              return;
                          }
                          // The token says who delivered the events (each event keeps its own kiosk).
                          push->kiosk_id = kiosk;
                          auto reply = m_store.push(*push);
                          if (!reply) {
                              send_failure(response, reply.error());
                              return;
                          }
                          send_json(response, 200, encode(*reply));
                      }));

        m_server.Get("/api/v1/events", authorised([this](const httplib::Request& request,
                                                         httplib::Response& response, const std::string&) {
                         auto since = number_parameter(request, "since", 0, 0,
                                                       std::numeric_limits<std::int64_t>::max());
                         auto limit =
                             number_parameter(request, "limit", events_page_default, 1, events_page_maximum);
                         if (!since || !limit) {
                             send_failure(response, since ? limit.error() : since.error());
                             return;
                         }
                         auto page = m_store.events_since(*since, static_cast<std::size_t>(*limit));
                         if (!page) {
                             send_failure(response, page.error());
                             return;
                         }
                         send_json(response, 200, encode(*page));
                     }));

        m_server.Get("/api/v1/stats", authorised([this](const httplib::Request&, httplib::Response& response,
                                                        const std::string&) {
                         auto statistics = m_store.statistics();
                         if (!statistics) {
                             send_failure(response, statistics.error());
                             return;
                         }
                         send_json(response, 200, encode(*statistics));
                     }));

        // The organisers' dashboard: the page and its assets need no token (they hold no data); its API
        // and exports need one, as every /api/v1 route does (the page sends the one in its address).
        if (!m_settings.dashboard_database.empty()) {
            register_dashboard_routes(m_server, m_settings.dashboard_database,
                                      [this](const httplib::Request& request) {
                                          const auto token = bearer_token(request);
                                          if (!token) {
                                              return false;
                                          }
                                          auto holder = m_store.token_holder(*token);
                                          if (!holder || !*holder) {
                                              return false;
                                          }
                                          current_trace.kiosk = (*holder)->kiosk;
                                          return true;
                                      });
        }
    }

    HubStore& m_store;
    HubServerSettings m_settings;
    httplib::Server m_server;
    std::thread m_thread;
    std::atomic<bool> m_listening_ended = false;
    std::mutex m_stop_mutex;
    int m_port = 0;
};

} // namespace

Result<std::unique_ptr<HubServer>> HubServer::start(HubStore& store, const HubServerSettings& settings) {
    auto server = std::make_unique<HttpHubServer>(store, settings);
    if (auto listening = server->listen(); !listening) {
        return fail(listening.error());
    }
    return std::unique_ptr<HubServer>(std::move(server));
}

} // namespace checkin::sync
