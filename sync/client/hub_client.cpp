#include "sync/client/hub_client.hpp"

#include <algorithm>
#include <curl/curl.h>
#include <fmt/format.h>
#include <mutex>
#include <utility>

namespace checkin::sync {

namespace {

// A reply larger than this is not one the protocol can produce (the largest page is a few megabytes).
constexpr std::size_t reply_size_maximum = 64 * 1024 * 1024;

// curl_global_init is called once per process, before the first handle. curl_global_cleanup is never
// called: at exit other threads may still hold handles, and the operating system frees everything anyway.
Result<void> initialise_curl() {
    static std::once_flag once;
    static CURLcode code = CURLE_OK;
    std::call_once(once, [] { code = curl_global_init(CURL_GLOBAL_DEFAULT); });
    if (code != CURLE_OK) {
        return fail(Error::io(fmt::format("cannot start libcurl: {}", curl_easy_strerror(code))));
    }
    return {};
}

struct EasyHandleDeleter {
    void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
};
using EasyHandle = std::unique_ptr<CURL, EasyHandleDeleter>;

struct CurlStringDeleter {
    void operator()(char* text) const { curl_free(text); }
};
using CurlString = std::unique_ptr<char, CurlStringDeleter>; // what curl_easy_escape returns

// The request's header lines, freed with the list.
class HeaderList {
public:
    HeaderList() = default;
    HeaderList(const HeaderList&) = delete;
    HeaderList& operator=(const HeaderList&) = delete;
    ~HeaderList() { curl_slist_free_all(m_list); }

    bool append(const std::string& line) {
        curl_slist* extended = curl_slist_append(m_list, line.c_str());
        if (extended == nullptr) {
            return false; // out of memory; the list so far stays valid and is freed by the destructor
        }
        m_list = extended;
        return true;
    }
    curl_slist* get() const { return m_list; }

private:
    curl_slist* m_list = nullptr;
};

bool has_control_or_space(std::string_view text) {
    return std::any_of(text.begin(), text.end(), [](char c) {
        const auto byte = static_cast<unsigned char>(c);
        return byte <= 0x20 || byte == 0x7f;
    });
}

std::string seconds_text(std::chrono::milliseconds duration) {
    const auto count = duration.count();
    return count % 1000 == 0 ? fmt::format("{} s", count / 1000)
                             : fmt::format("{:.1f} s", static_cast<double>(count) / 1000.0);
}

// The hub's {"error": "…"} text, or the start of whatever else it sent (a proxy's HTML page).
std::string explanation_of(const std::string& body) {
    if (auto reply = decode_error_reply(body); reply && !reply->error.empty()) {
        return reply->error;
    }
    std::string snippet;
    for (const char c : body.substr(0, 160)) {
        const auto byte = static_cast<unsigned char>(c);
        snippet += (byte < 0x20 || byte == 0x7f) ? ' ' : c;
    }
    return snippet.empty() ? std::string("no explanation") : snippet;
}

// The host of "scheme://host[:port][/path]": a name, an IPv4 address, or an IPv6 address without its
// brackets.
std::string_view host_of(std::string_view url) {
    url.remove_prefix(url.find("://") + 3);
    url = url.substr(0, url.find('/'));
    if (url.starts_with('[')) {
        const auto closing = url.find(']');
        return closing == std::string_view::npos ? url.substr(1) : url.substr(1, closing - 1);
    }
    return url.substr(0, url.find(':'));
}

bool is_loopback_host(std::string_view host) {
    if (host == "localhost" || host == "::1") {
        return true;
    }
    // 127.0.0.0/8, written as digits and dots.
    return host.starts_with("127.") && host.find_first_not_of("0123456789.") == std::string_view::npos;
}

// "sha256//" and the base64 of a SHA-256 (44 characters ending in '='), as kiosk-hub cert new prints it.
bool is_pin_shaped(std::string_view pin) {
    constexpr std::string_view prefix = "sha256//";
    if (!pin.starts_with(prefix) || pin.size() != prefix.size() + 44 || !pin.ends_with('=')) {
        return false;
    }
    const auto digest = pin.substr(prefix.size(), 43);
    return std::all_of(digest.begin(), digest.end(), [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
               c == '/';
    });
}

} // namespace

std::string_view to_string(HubFailure failure) {
    switch (failure) {
    case HubFailure::none:
        return "none";
    case HubFailure::offline:
        return "offline";
    case HubFailure::cancelled:
        return "cancelled";
    case HubFailure::refused_token:
        return "refused token";
    case HubFailure::refused_request:
        return "refused request";
    case HubFailure::not_a_hub:
        return "not a hub";
    case HubFailure::hub_failed:
        return "hub failed";
    case HubFailure::malformed_reply:
        return "malformed reply";
    case HubFailure::wrong_pin:
        return "wrong pin";
    }
    return "unknown";
}

bool reached_hub(HubFailure failure) {
    return failure != HubFailure::offline && failure != HubFailure::cancelled &&
           failure != HubFailure::wrong_pin;
}

struct HubClient::Connection {
    EasyHandle handle;
    std::string body; // the reply being received
    bool body_too_large = false;
    const std::function<bool()>* cancelled = nullptr; // the settings' callback during a request
    char error_text[CURL_ERROR_SIZE] = {};

    static std::size_t write_body(char* data, std::size_t size, std::size_t count, void* user) {
        auto* connection = static_cast<Connection*>(user);
        const std::size_t bytes = size * count;
        if (connection->body.size() + bytes > reply_size_maximum) {
            connection->body_too_large = true;
            return 0; // anything but `bytes` makes libcurl stop with CURLE_WRITE_ERROR
        }
        connection->body.append(data, bytes);
        return bytes;
    }

    static int report_progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
        const auto* connection = static_cast<const Connection*>(user);
        const bool stop =
            connection->cancelled != nullptr && *connection->cancelled && (*connection->cancelled)();
        return stop ? 1 : 0; // non-zero aborts the transfer with CURLE_ABORTED_BY_CALLBACK
    }
};

Result<HubClient> HubClient::create(HubClientSettings settings) {
    return create_checked(std::move(settings), TokenNeeded::yes);
}

Result<HubClient> HubClient::create_for_enrolment(std::string base_url, std::string pin) {
    HubClientSettings settings;
    settings.base_url = std::move(base_url);
    settings.pin = std::move(pin);
    return create_checked(std::move(settings), TokenNeeded::no);
}

Result<HubClient> HubClient::create_checked(HubClientSettings settings, TokenNeeded token_needed) {
    while (settings.base_url.ends_with('/')) {
        settings.base_url.pop_back();
    }
    const std::string_view url = settings.base_url;
    const bool http = url.starts_with("http://") && url.size() > std::string_view("http://").size();
    const bool https = url.starts_with("https://") && url.size() > std::string_view("https://").size();
    if ((!http && !https) || has_control_or_space(url)) {
        return fail(Error::invalid_input(fmt::format(
            "the hub's address \"{}\" is not an http:// or https:// address such as http://hub.local:8470",
            settings.base_url)));
    }
    if (https && settings.pin.empty()) {
        return fail(Error::invalid_input(fmt::format(
            "the hub {} needs its pin ([sync] hub_pin, or --pin): the sha256//… line that `kiosk-hub cert "
            "show` prints on the hub",
            settings.base_url)));
    }
    if (!settings.pin.empty() && !is_pin_shaped(settings.pin)) {
        return fail(Error::invalid_input(
            "the hub's pin ([sync] hub_pin, or --pin) is not a pin such as sha256//…=; copy it again exactly "
            "as `kiosk-hub cert show` prints it"));
    }
    if (http && !is_loopback_host(host_of(url))) {
        return fail(Error::invalid_input(fmt::format(
            "{} is plain http:// to another machine: the token and the roster would cross the network in "
            "clear; use https:// with the hub's pin ([sync] hub_pin, or --pin)",
            settings.base_url)));
    }
    if (settings.token.empty() && token_needed == TokenNeeded::yes) {
        return fail(Error::invalid_input(
            "no token for the hub: make one on the hub with kiosk-hub token new --kiosk NAME"));
    }
    if (has_control_or_space(settings.token)) {
        return fail(Error::invalid_input("the hub token holds spaces or control characters; copy it again "
                                         "exactly as kiosk-hub token new printed it"));
    }
    if (auto initialised = initialise_curl(); !initialised) {
        return fail(initialised.error());
    }
    auto connection = std::make_unique<Connection>();
    connection->handle.reset(curl_easy_init());
    if (!connection->handle) {
        return fail(Error::io("cannot start a libcurl session (out of memory?)"));
    }
    return HubClient(std::move(settings), std::move(connection));
}

HubClient::HubClient(HubClientSettings settings, std::unique_ptr<Connection> connection)
    : m_settings(std::move(settings)), m_connection(std::move(connection)) {}

HubClient::HubClient(HubClient&& other) noexcept = default;
HubClient& HubClient::operator=(HubClient&& other) noexcept = default;
HubClient::~HubClient() = default;

const std::string& HubClient::base_url() const {
    return m_settings.base_url;
}

Result<std::string> HubClient::exchange(std::string_view method, const std::string& path_and_query,
                                        const std::string* body) {
    CURL* handle = m_connection->handle.get();
    // Reset drops the previous request's options but keeps the open connection for this one.
    curl_easy_reset(handle);
    m_connection->body.clear();
    m_connection->body_too_large = false;
    m_connection->error_text[0] = '\0';
    m_connection->cancelled = &m_settings.cancelled;

    const std::string url = m_settings.base_url + path_and_query;
    const std::string request_name =
        fmt::format("{} {}", method, path_and_query.substr(0, path_and_query.find('?')));
    const auto failed = [&](HubFailure failure, Error error) -> Result<std::string> {
        m_last_failure = failure;
        return fail(std::move(error));
    };

    HeaderList headers;
    // A client made for enrolment has no token yet: the secret in the body is its credential.
    bool headers_made =
        (m_settings.token.empty() || headers.append("Authorization: Bearer " + m_settings.token)) &&
        headers.append("Accept: application/json");
    if (body != nullptr) {
        // "Expect:" turns off libcurl's 100-continue handshake, which costs a round trip (or a second's
        // wait) on every large push.
        headers_made =
            headers_made && headers.append("Content-Type: application/json") && headers.append("Expect:");
    }
    if (!headers_made) {
        return failed(HubFailure::offline, Error::io("out of memory while preparing a request to the hub"));
    }

    curl_easy_setopt(handle, CURLOPT_URL, url.c_str());
    curl_easy_setopt(handle, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(handle, CURLOPT_FOLLOWLOCATION, 0L);
    // Without NOSIGNAL libcurl uses SIGALRM for timeouts, which is unsafe with several threads.
    curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(handle, CURLOPT_CONNECTTIMEOUT_MS,
                     static_cast<long>(m_settings.connect_timeout.count()));
    curl_easy_setopt(handle, CURLOPT_TIMEOUT_MS, static_cast<long>(m_settings.request_timeout.count()));
    curl_easy_setopt(handle, CURLOPT_TCP_KEEPALIVE, 1L);
    curl_easy_setopt(handle, CURLOPT_USERAGENT, "checkin-kiosk/0.1");
    curl_easy_setopt(handle, CURLOPT_HTTPHEADER, headers.get());
    curl_easy_setopt(handle, CURLOPT_ERRORBUFFER, m_connection->error_text);
    curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, &Connection::write_body);
    curl_easy_setopt(handle, CURLOPT_WRITEDATA, m_connection.get());
    curl_easy_setopt(handle, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(handle, CURLOPT_XFERINFOFUNCTION, &Connection::report_progress);
    curl_easy_setopt(handle, CURLOPT_XFERINFODATA, m_connection.get());
    if (!m_settings.pin.empty()) {
        // The hub's certificate is self-signed: it is trusted by its key alone. libcurl compares the key
        // with the pin during the handshake and ends the connection before any request is sent.
        curl_easy_setopt(handle, CURLOPT_PINNEDPUBLICKEY, m_settings.pin.c_str());
        curl_easy_setopt(handle, CURLOPT_SSL_VERIFYPEER, 0L);
        curl_easy_setopt(handle, CURLOPT_SSL_VERIFYHOST, 0L);
    }
    if (body != nullptr) {
        curl_easy_setopt(handle, CURLOPT_POST, 1L);
        curl_easy_setopt(handle, CURLOPT_POSTFIELDS, body->data());
        curl_easy_setopt(handle, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body->size()));
    } else {
        curl_easy_setopt(handle, CURLOPT_HTTPGET, 1L);
    }

    const CURLcode code = curl_easy_perform(handle);
    m_connection->cancelled = nullptr;
    const std::string detail =
        m_connection->error_text[0] != '\0' ? m_connection->error_text : curl_easy_strerror(code);
    switch (code) {
    case CURLE_OK:
        break;
    case CURLE_ABORTED_BY_CALLBACK:
        return failed(HubFailure::cancelled, Error::io("the sync was stopped"));
    case CURLE_OPERATION_TIMEDOUT: {
        // Which timeout ran out: no connection at all (the hub's machine is off or unreachable), or a hub
        // that took the request and did not answer (overloaded, stuck).
        curl_off_t connect_time = 0;
        curl_easy_getinfo(handle, CURLINFO_CONNECT_TIME_T, &connect_time);
        if (connect_time == 0) {
            return failed(HubFailure::offline,
                          Error::io(fmt::format("offline: cannot connect to the hub at {} within {} ({})",
                                                m_settings.base_url, seconds_text(m_settings.connect_timeout),
                                                detail)));
        }
        return failed(HubFailure::offline,
                      Error::io(fmt::format("offline: the hub at {} did not answer {} within {} ({})",
                                            m_settings.base_url, request_name,
                                            seconds_text(m_settings.request_timeout), detail)));
    }
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
        return failed(
            HubFailure::wrong_pin,
            Error(ErrorKind::refused,
                  fmt::format("the hub at {} presented a key that does not match the pin: it may be "
                              "an impostor, so nothing was sent; if the hub's certificate was made "
                              "anew, set the new pin from `kiosk-hub cert show`",
                              m_settings.base_url)));
    case CURLE_COULDNT_RESOLVE_HOST:
        return failed(HubFailure::offline,
                      Error::io(fmt::format(
                          "offline: cannot find the hub's host in {} ({}); check --hub and the network",
                          m_settings.base_url, detail)));
    case CURLE_WRITE_ERROR:
        if (m_connection->body_too_large) {
            return failed(HubFailure::malformed_reply,
                          Error::invalid_input(fmt::format(
                              "the hub's reply to {} is larger than {} MiB; is {} the check-in hub?",
                              request_name, reply_size_maximum / (1024 * 1024), m_settings.base_url)));
        }
        [[fallthrough]];
    default:
        return failed(HubFailure::offline, Error::io(fmt::format("offline: cannot reach the hub at {} ({})",
                                                                 m_settings.base_url, detail)));
    }

    long status = 0;
    curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &status);
    m_last_status = status;
    std::string reply = std::move(m_connection->body);
    m_connection->body = std::string();
    if (status == 200) {
        m_last_failure = HubFailure::none;
        return reply;
    }
    if (status == 401) {
        return failed(HubFailure::refused_token,
                      Error::invalid_input(
                          "the hub refused this kiosk's token — make a new one with kiosk-hub token new"));
    }
    if (status == 404) {
        return failed(
            HubFailure::not_a_hub,
            Error::not_found(fmt::format("{} has no {} (HTTP 404: {}); is it the check-in hub's address, "
                                         "and is the hub as new as this kiosk?",
                                         m_settings.base_url, request_name, explanation_of(reply))));
    }
    if (status >= 400 && status < 500) {
        return failed(HubFailure::refused_request,
                      Error::invalid_input(fmt::format("the hub refused {} (HTTP {}): {}", request_name,
                                                       status, explanation_of(reply))));
    }
    if (status >= 500 && status < 600) {
        return failed(HubFailure::hub_failed,
                      Error::io(fmt::format("the hub failed to answer {} (HTTP {}): {}; see the hub's log",
                                            request_name, status, explanation_of(reply))));
    }
    return failed(HubFailure::malformed_reply,
                  Error::invalid_input(
                      fmt::format("the hub answered {} with HTTP {}; is {} the check-in hub's address?",
                                  request_name, status, m_settings.base_url)));
}

template <typename Reply>
Result<Reply> HubClient::decoded(Result<std::string> body, Result<Reply> (*decode)(std::string_view),
                                 std::string_view what) {
    if (!body) {
        return fail(body.error());
    }
    auto reply = decode(*body);
    if (!reply) {
        m_last_failure = HubFailure::malformed_reply;
        return fail(
            Error::invalid_input(fmt::format("the hub's reply to {} is not what this kiosk understands ({}); "
                                             "are the hub and the kiosk the same version?",
                                             what, reply.error().message)));
    }
    return reply;
}

Result<HealthReply> HubClient::health() {
    return decoded(exchange("GET", "/api/v1/health", nullptr), &decode_health_reply, "GET /api/v1/health");
}

Result<RosterPage> HubClient::roster(const RosterCursor& cursor, std::size_t limit) {
    std::string path = fmt::format("/api/v1/roster?since={}&limit={}", cursor.since, limit);
    if (!cursor.after_code.empty()) {
        // Codes are letters, digits and dashes, but escaping costs nothing and keeps the URL whole whatever
        // a roster put there.
        const CurlString escaped(curl_easy_escape(m_connection->handle.get(), cursor.after_code.data(),
                                                  static_cast<int>(cursor.after_code.size())));
        if (!escaped) {
            m_last_failure = HubFailure::offline;
            return fail(Error::io("out of memory while preparing a request to the hub"));
        }
        path += "&after=";
        path += escaped.get();
    }
    return decoded(exchange("GET", path, nullptr), &decode_roster_page, "GET /api/v1/roster");
}

Result<PushReply> HubClient::push(const PushRequest& request) {
    const std::string body = encode(request);
    return decoded(exchange("POST", "/api/v1/events", &body), &decode_push_reply, "POST /api/v1/events");
}

Result<EventsPage> HubClient::events(std::int64_t since, std::size_t limit) {
    return decoded(exchange("GET", fmt::format("/api/v1/events?since={}&limit={}", since, limit), nullptr),
                   &decode_events_page, "GET /api/v1/events");
}

Result<EnrolReply> HubClient::enrol(const EnrolRequest& request) {
    m_last_status = 0;
    const std::string body = encode(request);
    auto reply = decoded(exchange("POST", "/api/v1/enrol", &body), &decode_enrol_reply, "POST /api/v1/enrol");
    if (!reply && m_last_failure == HubFailure::refused_request && m_last_status == 403) {
        // The hub's one sentence for a used, expired or unknown secret, as a refusal.
        return fail(Error(ErrorKind::refused, reply.error().message));
    }
    return reply;
}

Result<CodeLists> HubClient::code_lists() {
    return decoded(exchange("GET", "/api/v1/codes", nullptr), &decode_code_lists, "GET /api/v1/codes");
}

Result<KioskReportReply> HubClient::report(const KioskReport& report) {
    const std::string body = encode(report);
    return decoded(exchange("POST", "/api/v1/kiosk-report", &body), &decode_kiosk_report_reply,
                   "POST /api/v1/kiosk-report");
}

Result<HubStatistics> HubClient::statistics() {
    return decoded(exchange("GET", "/api/v1/stats", nullptr), &decode_hub_statistics, "GET /api/v1/stats");
}

} // namespace checkin::sync
