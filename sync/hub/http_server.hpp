#pragma once

// The hub's HTTP layer over libmicrohttpd: a route table, each route with its method, path, the token roles
// it admits and its body limit, answered by functions from Request to Response.
//
// Why our own layer and not cpp-httplib (issue 13): every limit here is decided as soon as a request's
// headers are in, before any byte of its body is read. A request for an unknown route, without a token,
// with a token the store does not know or whose role the route does not admit, over its rate, or
// announcing a Content-Length above the route's limit is answered at once and its body never read. A
// body without a length (Transfer-Encoding: chunked) is counted as it arrives and the connection closed
// the moment it passes the limit (libmicrohttpd 0.9.75 cannot queue an answer while a body is arriving,
// so that client sees the connection end; the access log records 413). Connections live in an epoll
// loop on a few threads, so idle and slow sockets cost memory (at most `connection_memory_bytes` each),
// not threads; their number is capped in total and per address, and a connection silent for `timeout`
// is closed.
//
// Every answer the layer makes itself is JSON {"error": "…"}; answers made by libmicrohttpd itself (a
// header block larger than its memory, a malformed request line) are its own short pages.

#include "sync/hub/hub_store.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace checkin::sync::http {

// One answered request, for the access log. Never holds a token, a body or a query string (personal data).
struct RequestLogEntry {
    std::string method;
    std::string path;
    int status = 0;
    std::int64_t milliseconds = 0; // from the request's headers in to the answer queued
    std::string kiosk;             // whom the token belongs to; empty without a valid token
    std::string problem;           // why a 500 (or a closed upload) happened, for the operator only
};

struct Request {
    std::string method;
    std::string path;
    std::vector<std::pair<std::string, std::string>> query;   // decoded, in order
    std::vector<std::pair<std::string, std::string>> headers; // names as sent
    std::string body;
    std::string peer_address;          // "127.0.0.1", "::1"
    std::optional<TokenHolder> holder; // set when the route needs a token (it was checked)

    // The first value of a query parameter; nullopt when absent.
    std::optional<std::string> parameter(std::string_view name) const;
    // A header's value (names compared without case); nullopt when absent.
    std::optional<std::string> header(std::string_view name) const;
};

struct Response {
    int status = 200;
    std::string content_type;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    // Logged, never sent: what went wrong behind a 500 (a library's words, SQL errors).
    std::string problem;
};

using Answer = std::function<Response(const Request&)>;

struct Route {
    std::string method; // "GET", "POST"
    std::string path;   // exact: "/api/v1/health"
    // The roles whose tokens may use the route; empty: no token is needed (and none is looked at).
    std::vector<TokenRole> roles;
    std::size_t body_limit = 0; // bytes; a longer body is refused with 413
    Answer answer;
};

// A token bucket per token: `burst` requests at once, refilled at `per_second`.
struct RateLimit {
    double per_second = 100.0;
    double burst = 400.0;
};

using sync::TlsIdentity; // hub_store.hpp

// Whom a token belongs to (the store's token_holder); nullopt for an unknown token.
using TokenCheck = std::function<Result<std::optional<TokenHolder>>(std::string_view token)>;

struct ServerSettings {
    std::string host = "127.0.0.1"; // a numeric address or a name that resolves to one
    int port = 0;                   // 0: any free port; port() tells which
    std::optional<TlsIdentity> tls; // nullopt: plain HTTP
    TokenCheck token_check;         // needed when any route has roles
    // Called once per answered (or refused) request, from the server's threads.
    std::function<void(const RequestLogEntry&)> request_log;
    // Added to every answer (the dashboard's security headers).
    std::vector<std::pair<std::string, std::string>> common_headers;

    std::size_t threads = 4;                     // the epoll loop's threads
    std::size_t connection_limit = 1000;         // open connections at once
    std::size_t per_address_limit = 64;          // open connections from one address
    std::chrono::seconds timeout{10};            // a connection silent this long is closed
    std::size_t connection_memory_bytes = 32768; // per connection: headers and read buffer
    std::size_t header_count_limit = 64;
    // Every body being received at once, together: a request that would pass it is answered 503 (or, a
    // chunked one, closed), so many large uploads with valid tokens cannot add up to the machine's memory.
    std::size_t body_memory_limit = 64U * 1024U * 1024U;
    RateLimit rate_limit;
};

class Server {
public:
    // Binds and listens before it returns. Fails with ErrorKind::io when the address cannot be bound,
    // ErrorKind::invalid_input when the settings cannot work (a bad port, a host that is not an address,
    // a route with roles but no token_check, a TLS identity libmicrohttpd refuses).
    static Result<std::unique_ptr<Server>> start(ServerSettings settings, std::vector<Route> routes);

    virtual ~Server() = default;
    virtual int port() const = 0;
    // Closes every connection and waits for the answers under way; every log line is written when it returns.
    virtual void stop() = 0;
};

// Answers as the hub's routes give them: JSON bodies, errors as {"error": "…"}.
inline constexpr const char* json_content_type = "application/json; charset=utf-8";
Response json_reply(int status, std::string body);
Response error_reply(int status, const std::string& message);

// Whether a host (a numeric address, or "localhost") is this machine's loopback: 127.0.0.0/8 or ::1.
bool is_loopback_host(std::string_view host);

} // namespace checkin::sync::http
