// The hub's HTTP server: hub_protocol.hpp's API over a HubStore, as routes of the hub's HTTP layer
// (http_server.hpp), with the dashboard's routes beside them.

#include "sync/hub/hub_server.hpp"

#include "base/clock.hpp"
#include "sync/hub/hub_dashboard.hpp"
#include "sync/hub/hub_server_replies.hpp"

#include <algorithm>
#include <charconv>
#include <fmt/format.h>
#include <limits>
#include <memory>
#include <mutex>
#include <utility>

namespace checkin::sync {

namespace {

// A whole number from the query string: `fallback` when absent; refused when not a number or out of
// [minimum, maximum].
Result<std::int64_t> number_parameter(const http::Request& request, const std::string& name,
                                      std::int64_t fallback, std::int64_t minimum, std::int64_t maximum) {
    const auto text = request.parameter(name);
    if (!text) {
        return fallback;
    }
    std::int64_t value = 0;
    const auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), value);
    if (text->empty() || error != std::errc() || end != text->data() + text->size()) {
        return fail(Error::invalid_input(fmt::format("{}: \"{}\" is not a whole number", name, *text)));
    }
    if (value < minimum || value > maximum) {
        return fail(Error::invalid_input(
            fmt::format("{}: {} is not between {} and {}", name, value, minimum, maximum)));
    }
    return value;
}

// The answer to a store call: its JSON with 200, or the failure.
template <typename Value> http::Response reply_with(const Result<Value>& value) {
    if (!value) {
        return failure_reply(value.error());
    }
    return json_reply(200, encode(*value));
}

// Every /api/ answer holds a roster, events, figures or an export: a browser or proxy must not keep it.
http::Answer with_no_store(http::Answer answer) {
    return [answer = std::move(answer)](const http::Request& request) {
        auto response = answer(request);
        const bool has_cache_control =
            std::any_of(response.headers.begin(), response.headers.end(),
                        [](const auto& header) { return header.first == "Cache-Control"; });
        if (!has_cache_control) {
            response.headers.emplace_back("Cache-Control", "no-store");
        }
        return response;
    };
}

// POST /api/v1/enrol carries no token, so the server's per-token buckets do not cover it: one bucket for
// the route. A secret is 160 random bits, so this is about load, not guessing; a kiosk enrols once.
class EnrolmentLimit {
public:
    bool take() {
        std::lock_guard lock(m_mutex);
        const auto now = std::chrono::steady_clock::now();
        const double elapsed = std::chrono::duration<double>(now - m_refilled).count();
        m_tokens = std::min(burst, m_tokens + elapsed * per_second);
        m_refilled = now;
        if (m_tokens < 1.0) {
            return false;
        }
        m_tokens -= 1.0;
        return true;
    }

private:
    static constexpr double per_second = 5.0;
    static constexpr double burst = 50.0;
    std::mutex m_mutex;
    double m_tokens = burst;
    std::chrono::steady_clock::time_point m_refilled = std::chrono::steady_clock::now();
};

// {"secret": "…"} is 53 bytes; anything far longer is not an enrolment request.
constexpr std::size_t enrol_body_maximum_bytes = 1024;

http::Route enrol_route(HubStore& store) {
    auto limit = std::make_shared<EnrolmentLimit>();
    return {
        "POST", "/api/v1/enrol", {}, enrol_body_maximum_bytes, [&store, limit](const http::Request& request) {
            if (!limit->take()) {
                auto limited = error_reply(429, "too many enrolments at once; try again in 1 s");
                limited.headers.emplace_back("Retry-After", "1");
                return limited;
            }
            auto enrol = decode_enrol_request(request.body);
            if (!enrol) {
                return failure_reply(enrol.error());
            }
            auto reply = store.redeem_enrolment(enrol->secret, base::now_unix_milliseconds());
            if (!reply) {
                auto refused = failure_reply(reply.error());
                if (reply.error().kind == ErrorKind::refused) {
                    // The log learns the reason (unknown, used, expired); the kiosk one sentence for all.
                    refused.problem = reply.error().detail;
                }
                return refused;
            }
            return json_reply(200, encode(*reply));
        }};
}

std::vector<http::Route> sync_routes(HubStore& store) {
    const std::vector<TokenRole> kiosks = {TokenRole::kiosk};
    const std::vector<TokenRole> everyone = {TokenRole::kiosk, TokenRole::dashboard, TokenRole::organiser};
    std::vector<http::Route> routes;
    routes.push_back({"GET", "/api/v1/health", kiosks, 0, [&store](const http::Request& request) {
                          return reply_with(store.health(request.holder->kiosk));
                      }});
    routes.push_back(
        {"GET", "/api/v1/roster", kiosks, 0, [&store](const http::Request& request) {
             auto since = number_parameter(request, "since", 0, 0, std::numeric_limits<std::int64_t>::max());
             if (!since) {
                 return failure_reply(since.error());
             }
             auto limit = number_parameter(request, "limit", roster_page_default, 1, roster_page_maximum);
             if (!limit) {
                 return failure_reply(limit.error());
             }
             RosterCursor cursor{*since, request.parameter("after").value_or("")};
             // A token is for one event: its kiosk sees that event's roster and nothing of another's.
             return reply_with(
                 store.roster_since(request.holder->event_id, cursor, static_cast<std::size_t>(*limit)));
         }});
    routes.push_back(
        {"POST", "/api/v1/events", kiosks, push_body_maximum_bytes, [&store](const http::Request& request) {
             auto push = decode_push_request(request.body);
             if (!push) {
                 return failure_reply(push.error());
             }
             if (push->events.size() > push_batch_maximum) {
                 return error_reply(413, fmt::format("{} events in one request; send at most {} at a time",
                                                     push->events.size(), push_batch_maximum));
             }
             // The token says who delivered the events (each event keeps its own kiosk).
             push->kiosk_id = request.holder->kiosk;
             return reply_with(store.push(request.holder->event_id, *push));
         }});
    routes.push_back(
        {"GET", "/api/v1/events", kiosks, 0, [&store](const http::Request& request) {
             auto since = number_parameter(request, "since", 0, 0, std::numeric_limits<std::int64_t>::max());
             if (!since) {
                 return failure_reply(since.error());
             }
             auto limit = number_parameter(request, "limit", events_page_default, 1, events_page_maximum);
             if (!limit) {
                 return failure_reply(limit.error());
             }
             return reply_with(
                 store.events_since(request.holder->event_id, *since, static_cast<std::size_t>(*limit)));
         }});
    routes.push_back({"GET", "/api/v1/codes", kiosks, 0, [&store](const http::Request&) {
                          return reply_with(store.code_lists());
                      }});
    // The token's event's figures: an organiser of one event learns nothing of another's attendance.
    routes.push_back({"GET", "/api/v1/stats", everyone, 0, [&store](const http::Request& request) {
                          return reply_with(store.statistics(request.holder->event_id));
                      }});
    routes.push_back({"POST", "/api/v1/kiosk-report", kiosks, kiosk_report_maximum_bytes,
                      [&store](const http::Request& request) {
                          auto report = decode_kiosk_report(request.body);
                          if (!report) {
                              return failure_reply(report.error());
                          }
                          // A kiosk is trusted only for itself: its token names the one kiosk it may speak
                          // for.
                          if (report->kiosk != request.holder->kiosk) {
                              return error_reply(403,
                                                 fmt::format("this token belongs to the kiosk \"{}\" and may "
                                                             "report only for it, not for \"{}\"",
                                                             request.holder->kiosk, report->kiosk));
                          }
                          // The kiosk is listed under the event its token is for, not guessed later.
                          auto received_at = store.record_kiosk_report(request.holder->event_id, *report);
                          if (!received_at) {
                              return failure_reply(received_at.error());
                          }
                          return json_reply(200, encode(KioskReportReply{report->kiosk, *received_at}));
                      }});
    routes.push_back(enrol_route(store));
    return routes;
}

class HttpHubServer final : public HubServer {
public:
    explicit HttpHubServer(std::unique_ptr<http::Server> server) : m_server(std::move(server)) {}

    int port() const override { return m_server->port(); }
    void stop() override { m_server->stop(); }

private:
    std::unique_ptr<http::Server> m_server;
};

} // namespace

// What the browser is told about every answer: the dashboard's page loads only its own files (no inline
// script, nothing from elsewhere), may not be framed (clickjacking), and no answer is sniffed into
// another type. The API's answers hold personal data and are never stored (see with_no_store).
const std::vector<std::pair<std::string, std::string>>& hub_security_headers() {
    static const std::vector<std::pair<std::string, std::string>> headers = {
        {"Content-Security-Policy",
         "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
         "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
         "frame-ancestors 'none'"},
        {"X-Frame-Options", "DENY"},
        {"X-Content-Type-Options", "nosniff"},
        // No address of the hub leaves it in a Referer (the dashboard's dates, the exports' names).
        {"Referrer-Policy", "no-referrer"},
    };
    return headers;
}

Result<std::unique_ptr<HubServer>> HubServer::start(HubStore& store, const HubServerSettings& settings) {
    if (!settings.tls && !http::is_loopback_host(settings.host)) {
        return fail(
            Error(ErrorKind::refused,
                  fmt::format("refusing to serve plain HTTP on {}: tokens and the roster would cross the "
                              "network in clear; make the hub's certificate with `kiosk-hub cert new`, or "
                              "listen on 127.0.0.1",
                              settings.host)));
    }
    auto routes = sync_routes(store);
    if (settings.dashboard) {
        register_dashboard_routes(routes, store, std::make_shared<DashboardCache>(store),
                                  std::make_shared<DashboardSessions>(
                                      [&store](std::string_view token) { return store.token_holder(token); }),
                                  settings.tls.has_value(), settings.kiosk_alerts);
    }
    for (auto& route : routes) {
        if (route.path.starts_with("/api/")) {
            route.answer = with_no_store(std::move(route.answer));
        }
    }

    http::ServerSettings server_settings;
    server_settings.host = settings.host;
    server_settings.port = settings.port;
    server_settings.tls = settings.tls;
    server_settings.token_check = [&store](std::string_view token) {
        return store.token_holder(token);
    };
    server_settings.request_log = settings.request_log;
    server_settings.common_headers = hub_security_headers();
    server_settings.threads = settings.threads;
    server_settings.connection_limit = settings.connection_limit;
    server_settings.per_address_limit = settings.per_address_limit;
    server_settings.timeout = settings.timeout;
    server_settings.rate_limit = settings.rate_limit;
    server_settings.body_memory_limit = settings.body_memory_limit;
    auto server = http::Server::start(std::move(server_settings), std::move(routes));
    if (!server) {
        return fail(server.error());
    }
    return std::unique_ptr<HubServer>(std::make_unique<HttpHubServer>(std::move(*server)));
}

} // namespace checkin::sync
