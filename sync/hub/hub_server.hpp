#pragma once

// The hub's HTTP server: the API of hub_protocol.hpp over a HubStore, and the organisers' dashboard, on
// the hub's own HTTP layer over libmicrohttpd (http_server.hpp: tokens checked before any body is read,
// body limits, connection limits and timeouts, per-token rate limits). Listens on its own threads from
// start() until stop() or destruction.
//
// Who may use what (the token's role, hub_store.hpp):
//   GET /api/v1/health, /api/v1/roster, /api/v1/events; POST /api/v1/events   kiosk
//   GET /api/v1/stats                                                          every role
//   POST /api/v1/kiosk-report (for the token's own kiosk only)                 kiosk
//   GET /api/v1/kiosks (the kiosks' health and alerts)                         dashboard, organiser
//   GET /api/v1/dashboard                                                      dashboard, organiser
//   GET /api/v1/export.csv, /api/v1/export.xlsx (personal data)                organiser
//   GET/POST /enrol (a one-time enrolment code for a new kiosk, as a QR code)   organiser
//   GET/POST /signin, POST /signout (the sign-in form; its token in the body)  no token
//   GET /, /dashboard/… (the page)                                             a signed-in session cookie
//   A token in the address (?token=) is refused everywhere: 400, sign in instead.

#include "sync/hub/http_server.hpp"
#include "sync/hub/hub_store.hpp"
#include "sync/hub/kiosk_alerts.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace checkin::sync {

using http::RequestLogEntry;

// A full push (5000 events) is about 2.5 MB of JSON; anything far beyond is not a kiosk talking.
inline constexpr std::size_t push_body_maximum_bytes = 8U * 1024U * 1024U;

struct HubServerSettings {
    std::string host = "127.0.0.1";
    int port = 0; // 0: any free port (tests); port() tells which
    // The hub's certificate and key (kiosk-hub cert new). Without one the hub speaks plain HTTP, which
    // start() allows only on a loopback address: tokens and personal data must not cross a network in clear.
    std::optional<TlsIdentity> tls;
    // Called after every answer, from the server's threads (several at once); empty: no log.
    std::function<void(const RequestLogEntry&)> request_log;
    // Whether to serve the organisers' dashboard (hub_dashboard.hpp), which reads through the store.
    bool dashboard = false;
    // When the dashboard calls a kiosk silent, and how few labels left are "running low".
    KioskAlertSettings kiosk_alerts;

    // Connections live in an epoll loop on a few threads: an idle kiosk's open connection, or an attacker's
    // slow one, costs memory, not a thread. A venue has tens of kiosks and dashboards; the limits leave
    // them room and keep one address from taking it all.
    std::size_t threads = 4;
    std::size_t connection_limit = 1000;
    std::size_t per_address_limit = 64;
    std::chrono::seconds timeout{10}; // a connection silent this long (idle or stalled mid-request) is closed
    // All bodies being received at once: eight full pushes. More is answered 503 "try again shortly".
    std::size_t body_memory_limit = 8 * push_body_maximum_bytes;
    // A kiosk's round is a few tens of requests within seconds; a benchmark's backlog a few hundred.
    http::RateLimit rate_limit{.per_second = 100.0, .burst = 400.0};
};

// Sent with every answer of the hub: a Content-Security-Policy that lets the dashboard load only its own
// files (no inline script, no other origin), X-Frame-Options: DENY, X-Content-Type-Options: nosniff and
// Referrer-Policy: no-referrer. (Cache-Control: no-store is on every /api/ answer.)
const std::vector<std::pair<std::string, std::string>>& hub_security_headers();

class HubServer {
public:
    // Binds and starts listening before it returns, so a client may connect at once. Fails with
    // ErrorKind::io when the address cannot be bound (in use, no permission), and with
    // ErrorKind::refused when asked to serve plain HTTP on an address that is not loopback.
    static Result<std::unique_ptr<HubServer>> start(HubStore& store, const HubServerSettings& settings);

    virtual ~HubServer() = default;
    virtual int port() const = 0;
    virtual void stop() = 0; // stops listening and waits for the answers under way
};

} // namespace checkin::sync
