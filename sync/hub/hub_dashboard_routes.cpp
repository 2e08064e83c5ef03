// The dashboard's HTTP side: the routes that serve the page, its JSON and the exports, from the
// DashboardCache's snapshot of the hub's store (hub_dashboard_source.cpp).

#include "base/clock.hpp"
#include "base/digest.hpp"
#include "sync/hub/enrolment_qr.hpp"
#include "sync/hub/http_server.hpp"
#include "sync/hub/hub_dashboard.hpp"
#include "sync/hub/hub_server_replies.hpp"
#include "sync/hub/kiosk_alerts.hpp"
#include "sync/hub/tls_identity.hpp"
#include "sync/protocol/enrolment.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <expected>
#include <fmt/format.h>
#include <map>
#include <mutex>
#include <string>
#include <utility>

namespace checkin::sync {

// A sign-in form's body: "token=" and a token of 64 hex digits, with room to spare.
constexpr std::size_t sign_in_body_limit = 1024;

// ---- Sessions -----------------------------------------------------------------------------------------

namespace {

bool may_sign_in(TokenRole role) {
    return role == TokenRole::dashboard || role == TokenRole::organiser;
}

} // namespace

Result<std::optional<TokenHolder>> DashboardSessions::token_holder(std::string_view token) {
    return m_token_check(token);
}

Result<std::string> DashboardSessions::sign_in(std::string_view token) {
    auto holder = m_token_check(token);
    if (!holder) {
        return fail(holder.error());
    }
    if (!*holder) {
        return fail(Error::not_found("this token is not known to the hub, or it was revoked or has expired"));
    }
    if (!may_sign_in((*holder)->role)) {
        return fail(Error(ErrorKind::refused, "a kiosk's token cannot sign in to the dashboard; ask for a "
                                              "dashboard or organiser token (kiosk-hub token new --role …)"));
    }
    std::array<unsigned char, 32> bytes{};
    base::random_bytes(bytes);
    std::string id = base::hex_lower(bytes);
    const auto now = base::now_unix_milliseconds();
    std::lock_guard lock(m_mutex);
    if (m_sessions.size() >= session_limit) {
        auto oldest =
            std::min_element(m_sessions.begin(), m_sessions.end(), [](const auto& a, const auto& b) {
                return a.second.started_milliseconds < b.second.started_milliseconds;
            });
        m_sessions.erase(oldest);
    }
    m_sessions[id] = Session{std::string(token), now};
    return id;
}

Result<std::optional<TokenHolder>> DashboardSessions::holder(std::string_view session_id) {
    std::string token;
    {
        std::lock_guard lock(m_mutex);
        const auto found = m_sessions.find(session_id);
        if (found == m_sessions.end()) {
            return std::optional<TokenHolder>{};
        }
        if (base::now_unix_milliseconds() - found->second.started_milliseconds >
            session_lifetime_milliseconds) {
            m_sessions.erase(found);
            return std::optional<TokenHolder>{};
        }
        token = found->second.token;
    }
    // Checked again on every request: revoking or the end of the token's last day ends the session now.
    auto holder = token_holder(token);
    if (!holder) {
        return fail(holder.error());
    }
    if (!*holder || !may_sign_in((*holder)->role)) {
        sign_out(session_id);
        return std::optional<TokenHolder>{};
    }
    return *holder;
}

void DashboardSessions::sign_out(std::string_view session_id) {
    std::lock_guard lock(m_mutex);
    if (const auto found = m_sessions.find(session_id); found != m_sessions.end()) {
        m_sessions.erase(found);
    }
}

// ---- Routes -------------------------------------------------------------------------------------------

namespace {

struct DashboardRequest {
    std::shared_ptr<const DashboardSource> source;
    DashboardData data;
};

// The cache's snapshot and the day asked for (?date=YYYY-MM-DD; by default today at the venue, or the
// event's day nearest to it, so the day after the event shows its last day rather than "0 / 0").
Result<DashboardRequest> answer_request(DashboardCache& cache, const http::Request& request) {
    std::optional<Day> asked;
    if (const auto text = request.parameter("date")) {
        const auto day = parse_iso_day(*text);
        if (!day) {
            return fail(
                Error::invalid_input(fmt::format("date: \"{}\" is not a date such as 2026-11-29", *text)));
        }
        asked = *day;
    }
    auto source = cache.source();
    if (!source) {
        return fail(source.error());
    }
    DashboardRequest answer{std::move(*source), {}};
    const Day venue_today = local_day(base::now_unix_milliseconds());
    const Day shown = asked.value_or(dashboard_default_day(answer.source->event.days, venue_today));
    answer.data = compute_dashboard(answer.source->records, answer.source->events, answer.source->event,
                                    shown, local_minute_of_day, answer.source->kept);
    answer.data.venue_today = venue_today;
    return answer;
}

using AnswerHandler = std::function<http::Response(const DashboardRequest&)>;

// A small HTML page: the sign-in form, or why a request was refused. Its text is the hub's own, never a
// request's, so nothing needs escaping.
http::Response html_page(int status, std::string_view title, std::string_view message, bool with_form,
                         std::optional<Day> day = std::nullopt) {
    http::Response response;
    response.status = status;
    response.content_type = "text/html; charset=utf-8";
    response.headers.emplace_back("Cache-Control", "no-store");
    const std::string form =
        with_form ? "<form method=\"post\" action=\"/signin\">"
                    "<label for=\"token\">Token</label> "
                    "<input id=\"token\" name=\"token\" type=\"password\" autocomplete=\"off\" "
                    "required maxlength=\"200\"> " +
                        (day ? fmt::format("<input type=\"hidden\" name=\"date\" value=\"{}\">",
                                           format_iso_day(*day))
                             : std::string()) +
                        "<button type=\"submit\">Zaloguj / Sign in</button></form>"
                  : "<p><a href=\"/signin\">Sign in</a> · <a href=\"/dashboard\">Dashboard</a></p>";
    response.body =
        fmt::format("<!doctype html><html lang=\"pl\"><head><meta charset=\"utf-8\">"
                    "<title>{}</title><link rel=\"stylesheet\" href=\"/dashboard/style.css\">"
                    "</head><body><main><h1>{}</h1><p id=\"message\">{}</p>{}</main></body></html>",
                    title, title, message, form);
    return response;
}

std::optional<std::string> cookie_value(const http::Request& request, std::string_view name) {
    const auto header = request.header("Cookie");
    if (!header) {
        return std::nullopt;
    }
    std::string_view rest = *header;
    while (!rest.empty()) {
        const auto end = rest.find(';');
        std::string_view pair = rest.substr(0, end);
        rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end + 1);
        while (!pair.empty() && pair.front() == ' ') {
            pair.remove_prefix(1);
        }
        const auto equals = pair.find('=');
        if (equals != std::string_view::npos && pair.substr(0, equals) == name) {
            return std::string(pair.substr(equals + 1));
        }
    }
    return std::nullopt;
}

// Whom a request comes from: its session cookie or its bearer token; nullopt: neither is valid.
Result<std::optional<TokenHolder>> requester(DashboardSessions& sessions, const http::Request& request) {
    if (const auto authorisation = request.header("Authorization");
        authorisation && authorisation->starts_with("Bearer ")) {
        return sessions.token_holder(std::string_view(*authorisation).substr(7));
    }
    if (const auto session = cookie_value(request, dashboard_session_cookie)) {
        return sessions.holder(*session);
    }
    return std::optional<TokenHolder>{};
}

http::Response token_in_address_reply() {
    return html_page(400, "Token in the address",
                     "Tokens are never put in an address (it stays in the browser's history and in logs). "
                     "Open /signin and type or paste the token there.",
                     false);
}

// Who may read an API route behind the session, or why not: 400 for ?token=, 401 without a valid session
// or token, 403 (a page saying why) when the holder's role is not among `roles`.
std::expected<TokenHolder, http::Response> reader(DashboardSessions& sessions, const http::Request& request,
                                                  const std::vector<TokenRole>& roles) {
    if (request.parameter("token")) {
        return std::unexpected(token_in_address_reply());
    }
    auto holder = requester(sessions, request);
    if (!holder) {
        return std::unexpected(failure_reply(holder.error()));
    }
    if (!*holder) {
        return std::unexpected(error_reply(401, "sign in at /signin with a dashboard or organiser token"));
    }
    if (!may_sign_in((*holder)->role)) {
        return std::unexpected(error_reply(403, "a kiosk's token may not read the dashboard; use a "
                                                "dashboard or organiser token"));
    }
    if (std::find(roles.begin(), roles.end(), (*holder)->role) == roles.end()) {
        return std::unexpected(html_page(403, "Not for this token",
                                         "The attendance exports hold personal data: only an organiser's "
                                         "token may download them. This session signed in with a "
                                         "dashboard token, which shows the figures only.",
                                         false));
    }
    return **holder;
}

// One dashboard cache per event, made on the first request of a token of that event: a token reads its
// own event's figures, people and exports, never another's.
class EventCaches {
public:
    EventCaches(HubStore& store, std::shared_ptr<DashboardCache> first) : m_store(store) {
        m_caches.emplace(first->event_id(), std::move(first));
    }

    std::shared_ptr<DashboardCache> for_event(std::int64_t event_id) {
        std::lock_guard lock(m_mutex);
        auto& cache = m_caches[event_id];
        if (!cache) {
            cache = std::make_shared<DashboardCache>(m_store, DashboardCache::Clock{}, event_id);
        }
        return cache;
    }

private:
    HubStore& m_store;
    std::mutex m_mutex;
    std::map<std::int64_t, std::shared_ptr<DashboardCache>> m_caches;
};

// An API route behind the session (reader), answered from the snapshot of the holder's event.
http::Answer api_answer(std::shared_ptr<EventCaches> caches, std::shared_ptr<DashboardSessions> sessions,
                        std::vector<TokenRole> roles, AnswerHandler answer) {
    return [caches = std::move(caches), sessions = std::move(sessions), roles = std::move(roles),
            answer = std::move(answer)](const http::Request& request) {
        auto holder = reader(*sessions, request, roles);
        if (!holder) {
            return holder.error();
        }
        auto loaded = answer_request(*caches->for_event(holder->event_id), request);
        auto response = loaded ? answer(*loaded) : failure_reply(loaded.error());
        // Figures and lists of people: never kept by a browser or a proxy.
        response.headers.emplace_back("Cache-Control", "no-store");
        return response;
    };
}

// The latest reports of one event's kiosks: each report is stored with the event of the token that sent
// it (a kiosk that moved to another event's token is listed there from its next report).
Result<std::vector<KioskHealth>> kiosks_of_event(HubStore& store, std::int64_t event_id) {
    auto kiosks = store.kiosk_health();
    if (!kiosks) {
        return fail(kiosks.error());
    }
    std::erase_if(*kiosks, [&](const KioskHealth& kiosk) { return kiosk.event_id != event_id; });
    return kiosks;
}

// GET /api/v1/kiosks: read from the store at every request rather than from the cache, since a kiosk's
// silence is measured against the hub's clock now.
http::Answer kiosks_answer(HubStore& store, std::shared_ptr<DashboardSessions> sessions,
                           std::vector<TokenRole> roles, KioskAlertSettings settings) {
    return [&store, sessions = std::move(sessions), roles = std::move(roles),
            settings](const http::Request& request) {
        auto holder = reader(*sessions, request, roles);
        if (!holder) {
            return holder.error();
        }
        auto kiosks = kiosks_of_event(store, holder->event_id);
        if (!kiosks) {
            return failure_reply(kiosks.error());
        }
        const std::int64_t now = base::now_unix_milliseconds();
        const auto alerts = kiosk_alerts(*kiosks, now, settings, local_minute_of_day);
        auto response =
            json_reply(200, kiosk_health_to_json(*kiosks, alerts, now, settings, local_minute_of_day)
                                .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
        response.headers.emplace_back("Cache-Control", "no-store");
        return response;
    };
}

std::string form_value(std::string_view body, std::string_view name) {
    while (!body.empty()) {
        const auto end = body.find('&');
        const std::string_view pair = body.substr(0, end);
        body = end == std::string_view::npos ? std::string_view{} : body.substr(end + 1);
        const auto equals = pair.find('=');
        if (equals == std::string_view::npos || pair.substr(0, equals) != name) {
            continue;
        }
        std::string decoded;
        const std::string_view value = pair.substr(equals + 1);
        for (std::size_t index = 0; index < value.size(); ++index) {
            if (value[index] == '+') {
                decoded += ' ';
            } else if (value[index] == '%' && index + 2 < value.size() &&
                       std::isxdigit(static_cast<unsigned char>(value[index + 1])) != 0 &&
                       std::isxdigit(static_cast<unsigned char>(value[index + 2])) != 0) {
                decoded += static_cast<char>(std::stoi(std::string(value.substr(index + 1, 2)), nullptr, 16));
                index += 2;
            } else {
                decoded += value[index];
            }
        }
        return decoded;
    }
    return {};
}

// Whether a POST comes from the hub's own pages. A browser that sends Sec-Fetch-Site (every current
// one; scripts cannot set it) must say same-origin. Without it, an Origin must name the host the request
// was sent to; the hub's pages are served with Referrer-Policy: no-referrer, under which Chromium sends
// "Origin: null" even from the hub's own form, so Sec-Fetch-Site is the header that decides there. A
// request with neither (a script, curl) is let through: it carries no victim's cookie; the SameSite=Strict
// cookie covers older browsers.
bool same_origin(const http::Request& request) {
    if (const auto site = request.header("Sec-Fetch-Site")) {
        return *site == "same-origin";
    }
    const auto origin = request.header("Origin");
    if (!origin) {
        return true;
    }
    const auto host = request.header("Host").value_or("");
    return *origin == "https://" + host || *origin == "http://" + host;
}

std::string session_cookie(std::string_view value, bool secure, bool ending) {
    return fmt::format("{}={}; Path=/; HttpOnly; SameSite=Strict{}{}", dashboard_session_cookie, value,
                       secure ? "; Secure" : "", ending ? "; Max-Age=0" : "");
}

http::Response see_other(std::string location) {
    http::Response response;
    response.status = 303;
    response.content_type = "text/plain; charset=utf-8";
    response.headers.emplace_back("Location", std::move(location));
    response.headers.emplace_back("Cache-Control", "no-store");
    return response;
}

http::Response attachment(std::string bytes, std::string content_type, const std::string& file_name) {
    http::Response response;
    response.content_type = std::move(content_type);
    response.body = std::move(bytes);
    response.headers.emplace_back("Content-Disposition",
                                  fmt::format("attachment; filename=\"{}\"", file_name));
    return response;
}

// One of the page's files, built into the hub, by a fixed name: no part of the request's path reaches a
// look-up, so "/dashboard/../../etc/passwd" can only miss the routes (404).
http::Answer static_file(std::string name, std::string content_type) {
    return [name = std::move(name), content_type = std::move(content_type)](const http::Request& request) {
        if (request.parameter("token")) {
            return token_in_address_reply();
        }
        const auto bytes = dashboard_file(name);
        if (!bytes) {
            auto failed = error_reply(500, "the hub failed; see its log");
            failed.problem = fmt::format("the dashboard's file {} was not built into the hub", name);
            return failed;
        }
        http::Response response;
        response.content_type = content_type;
        response.body = std::string(*bytes);
        // The page polls every few seconds; no-cache makes a browser pick up a new version of the hub.
        response.headers.emplace_back("Cache-Control", "no-cache");
        return response;
    };
}

// ---- Enrolment codes from the dashboard ---------------------------------------------------------------

// Text from a request (a kiosk's name, an address) put into the hub's pages.
std::string html_escaped(std::string_view text) {
    std::string escaped;
    for (const char character : text) {
        switch (character) {
        case '&':
            escaped += "&amp;";
            break;
        case '<':
            escaped += "&lt;";
            break;
        case '>':
            escaped += "&gt;";
            break;
        case '"':
            escaped += "&quot;";
            break;
        case '\'':
            escaped += "&#39;";
            break;
        default:
            escaped += character;
        }
    }
    return escaped;
}

// The form's body: a kiosk's name and an address, with room to spare.
constexpr std::size_t enrol_form_body_limit = 2048;

// The enrolment form: the kiosk's name and the address kiosks reach the hub at, filled with the one this
// browser used (usually right; behind a balancer or NAT the organiser corrects it).
http::Response enrolment_form(int status, std::string_view message, std::string_view kiosk,
                              std::string_view address) {
    http::Response response;
    response.status = status;
    response.content_type = "text/html; charset=utf-8";
    response.headers.emplace_back("Cache-Control", "no-store");
    response.body = fmt::format(
        "<!doctype html><html lang=\"pl\"><head><meta charset=\"utf-8\"><title>Zapis kiosku / Enrol a "
        "kiosk</title><link rel=\"stylesheet\" href=\"/dashboard/style.css\"></head><body><main>"
        "<h1>Zapis kiosku / Enrol a kiosk</h1><p id=\"message\">{}</p>"
        "<form method=\"post\" action=\"/enrol\">"
        "<label for=\"kiosk\">Nazwa kiosku / Kiosk name</label> "
        "<input id=\"kiosk\" name=\"kiosk\" required maxlength=\"100\" value=\"{}\"> "
        "<label for=\"url\">Adres huba / Hub address</label> "
        "<input id=\"url\" name=\"url\" required maxlength=\"200\" value=\"{}\"> "
        "<button type=\"submit\">Utwórz kod / Make the code</button></form>"
        "<p><a href=\"/dashboard\">Dashboard</a></p></main></body></html>",
        html_escaped(message), html_escaped(kiosk), html_escaped(address));
    return response;
}

std::string address_of(const http::Request& request, bool secure) {
    const auto host = request.header("Host");
    return host ? fmt::format("{}://{}", secure ? "https" : "http", *host) : std::string();
}

// Makes a one-time enrolment code for the form's kiosk, as `kiosk-hub enrol` does, and shows it as a QR
// code (SVG, inline: no script, so the page's CSP holds) and as its line of text.
http::Response make_enrolment(HubStore& store, const http::Request& request, std::int64_t event_id) {
    const std::string kiosk = form_value(request.body, "kiosk");
    const std::string address = form_value(request.body, "url");
    auto identity = store.tls_identity();
    if (!identity) {
        return failure_reply(identity.error());
    }
    if (!*identity) {
        return enrolment_form(409,
                              "The hub has no certificate yet, so a kiosk could not check it: run `kiosk-hub "
                              "cert new --host NAME` on the hub first.",
                              kiosk, address);
    }
    auto pin = public_key_pin((*identity)->certificate_pem);
    if (!pin) {
        return failure_reply(pin.error());
    }
    EnrolmentPayload payload{address, *pin, std::string(enrolment_secret_hex_digits, '0')};
    // The kiosk's own parser checks the address before a secret is made for a code no kiosk would read.
    if (auto checked = decode_enrolment_payload(encode_enrolment_payload(payload)); !checked) {
        return enrolment_form(400, "Hub address: " + checked.error().message, kiosk, address);
    }
    // The kiosk's token will be for the organiser's own event.
    auto secret = store.create_enrolment(event_id, kiosk, base::now_unix_milliseconds());
    if (!secret) {
        if (secret.error().kind == ErrorKind::invalid_input) {
            return enrolment_form(400, "Kiosk name: " + secret.error().message, kiosk, address);
        }
        return failure_reply(secret.error());
    }
    payload.secret = std::move(*secret);
    const std::string text = encode_enrolment_payload(payload);
    auto svg = enrolment_qr_svg(text, 6);
    if (!svg) {
        return failure_reply(svg.error());
    }
    http::Response response;
    response.content_type = "text/html; charset=utf-8";
    response.headers.emplace_back("Cache-Control", "no-store");
    response.body = fmt::format(
        "<!doctype html><html lang=\"pl\"><head><meta charset=\"utf-8\"><title>Kod zapisu / Enrolment "
        "code</title><link rel=\"stylesheet\" href=\"/dashboard/style.css\"></head><body><main>"
        "<h1>Kod zapisu kiosku {0} / Enrolment code for {0}</h1>"
        "<p>Zeskanuj w trybie personelu kiosku; ważny 15 minut, jednorazowy. / Scan it in the kiosk's staff "
        "mode; valid 15 minutes, for one use.</p>"
        "<figure id=\"qr\">{1}</figure><p><code id=\"payload\">{2}</code></p>"
        "<p><a href=\"/enrol\">Następny kiosk / Another kiosk</a> · <a href=\"/dashboard\">Dashboard</a>"
        "</p></main></body></html>",
        html_escaped(kiosk), *svg, html_escaped(text));
    return response;
}

// Only an organiser makes enrolment codes (a code is worth a kiosk token); 401 without a session or token.
std::optional<http::Response> refuse_unless_organiser(DashboardSessions& sessions,
                                                      const http::Request& request) {
    if (request.parameter("token")) {
        return token_in_address_reply();
    }
    auto holder = requester(sessions, request);
    if (!holder) {
        return failure_reply(holder.error());
    }
    if (!*holder || !may_sign_in((*holder)->role)) {
        return html_page(401, "Zapis kiosku / Enrol a kiosk", "Sign in with an organiser's token first.",
                         false);
    }
    if ((*holder)->role != TokenRole::organiser) {
        return html_page(
            403, "Not for this token",
            "An enrolment code is worth a kiosk's token: only an organiser's token may make one. "
            "This session signed in with a dashboard token.",
            false);
    }
    return std::nullopt;
}

} // namespace

void register_dashboard_routes(std::vector<http::Route>& routes, HubStore& store,
                               std::shared_ptr<DashboardCache> cache,
                               std::shared_ptr<DashboardSessions> sessions, bool secure,
                               const KioskAlertSettings& alert_settings) {
    auto caches = std::make_shared<EventCaches>(store, std::move(cache));
    routes.push_back({"GET", "/enrol", {}, 0, [sessions, secure](const http::Request& request) {
                          if (auto refused = refuse_unless_organiser(*sessions, request)) {
                              return *refused;
                          }
                          return enrolment_form(
                              200, "Kod jednorazowy dla nowego kiosku. / A one-time code for a new kiosk.",
                              "", address_of(request, secure));
                      }});
    routes.push_back(
        {"POST", "/enrol", {}, enrol_form_body_limit, [&store, sessions](const http::Request& request) {
             if (!same_origin(request)) {
                 return html_page(403, "Enrolment refused",
                                  "An enrolment code is only made from the hub's own page.", false);
             }
             if (auto refused = refuse_unless_organiser(*sessions, request)) {
                 return *refused;
             }
             // refuse_unless_organiser has found an organiser's token or session just now.
             auto holder = requester(*sessions, request);
             if (!holder || !*holder) {
                 return html_page(401, "Zapis kiosku / Enrol a kiosk",
                                  "Sign in with an organiser's token first.", false);
             }
             return make_enrolment(store, request, (*holder)->event_id);
         }});
    const std::vector<TokenRole> readers = {TokenRole::dashboard, TokenRole::organiser};
    const std::vector<TokenRole> organisers = {TokenRole::organiser};
    // The page holds no data, but without a session it could only show errors: the browser goes to the form.
    const auto page = [sessions, file = static_file("index.html", "text/html; charset=utf-8")](
                          const http::Request& request) {
        if (request.parameter("token")) {
            return token_in_address_reply();
        }
        auto holder = requester(*sessions, request);
        if (!holder || !*holder || !may_sign_in((*holder)->role)) {
            const auto day = parse_iso_day(request.parameter("date").value_or(""));
            return see_other(day ? "/signin?date=" + format_iso_day(*day) : std::string("/signin"));
        }
        return file(request);
    };
    routes.push_back({"GET", "/", {}, 0, page});
    routes.push_back({"GET", "/dashboard", {}, 0, page});
    routes.push_back({"GET", "/dashboard/", {}, 0, page});
    routes.push_back(
        {"GET", "/dashboard/app.js", {}, 0, static_file("app.js", "text/javascript; charset=utf-8")});
    routes.push_back(
        {"GET", "/dashboard/style.css", {}, 0, static_file("style.css", "text/css; charset=utf-8")});

    // Signing in: the routes need no token from the HTTP layer, the form carries it in its body.
    routes.push_back({"GET", "/signin", {}, 0, [](const http::Request& request) {
                          if (request.parameter("token")) {
                              return token_in_address_reply();
                          }
                          return html_page(200, "Dashboard",
                                           "Type or paste your dashboard or organiser token.", true,
                                           parse_iso_day(request.parameter("date").value_or("")));
                      }});
    routes.push_back(
        {"POST", "/signin", {}, sign_in_body_limit, [sessions, secure](const http::Request& request) {
             if (request.parameter("token")) {
                 return token_in_address_reply();
             }
             if (!same_origin(request)) {
                 return html_page(403, "Sign-in refused",
                                  "A sign-in is only accepted from the hub's own sign-in page.", false);
             }
             const auto token = form_value(request.body, "token");
             auto session = sessions->sign_in(token);
             if (!session) {
                 if (session.error().kind == ErrorKind::not_found) {
                     return html_page(401, "Dashboard", session.error().message, true);
                 }
                 if (session.error().kind == ErrorKind::refused) {
                     return html_page(403, "Dashboard", session.error().message, true);
                 }
                 return failure_reply(session.error());
             }
             // The day the organiser asked for (/signin?date=…, kept by the form), checked so the
             // redirect can only ever lead to the dashboard.
             std::string destination = "/dashboard";
             if (const auto day = parse_iso_day(form_value(request.body, "date"))) {
                 destination += "?date=" + format_iso_day(*day);
             }
             auto response = see_other(destination);
             response.headers.emplace_back("Set-Cookie", session_cookie(*session, secure, false));
             return response;
         }});
    routes.push_back(
        {"POST", "/signout", {}, sign_in_body_limit, [sessions, secure](const http::Request& request) {
             if (!same_origin(request)) {
                 return html_page(403, "Sign-out refused",
                                  "A sign-out is only accepted from the hub's own pages.", false);
             }
             if (const auto session = cookie_value(request, dashboard_session_cookie)) {
                 sessions->sign_out(*session);
             }
             auto response = see_other("/signin");
             response.headers.emplace_back("Set-Cookie", session_cookie("", secure, true));
             return response;
         }});

    routes.push_back({"GET",
                      "/api/v1/dashboard",
                      {},
                      0,
                      api_answer(caches, sessions, readers, [](const DashboardRequest& answer) {
                          // Replacing bad UTF-8 rather than throwing: one odd byte in a roster must not
                          // blank the page.
                          return json_reply(
                              200, dashboard_to_json(answer.data)
                                       .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
                      })});
    routes.push_back(
        {"GET", "/api/v1/kiosks", {}, 0, kiosks_answer(store, sessions, readers, alert_settings)});
    routes.push_back({"GET",
                      "/api/v1/export.csv",
                      {},
                      0,
                      api_answer(caches, sessions, organisers, [](const DashboardRequest& answer) {
                          return attachment(
                              dashboard_csv(answer.source->records, answer.source->event),
                              "text/csv; charset=utf-8",
                              fmt::format("obecnosc-{}.csv", format_iso_day(answer.data.today)));
                      })});
    routes.push_back(
        {"GET",
         "/api/v1/export.xlsx",
         {},
         0,
         api_answer(std::move(caches), std::move(sessions), organisers, [](const DashboardRequest& answer) {
             auto bytes = dashboard_xlsx(answer.data, answer.source->records, local_minute_of_day);
             if (!bytes) {
                 return failure_reply(bytes.error());
             }
             return attachment(std::move(*bytes),
                               "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                               fmt::format("obecnosc-{}.xlsx", format_iso_day(answer.data.today)));
         })});
}

} // namespace checkin::sync
