#pragma once

// The organisers' dashboard, served by the hub: checked in vs expected, by partnership and by voivodeship,
// arrivals over time, duplicates and reprints, and the attendance exports (CSV and XLSX).
// compute_dashboard is pure (records and events in, numbers out); DashboardCache reads them from the hub's
// store (SQLite or PostgreSQL);
// register_dashboard_routes adds the page, its assets and the API to the hub's route table (http_server.hpp).
//
// Decisions:
// - "Expected today" is the active delegates admitted today (no days, or today among their days), as the
//   kiosks' staff statistics count them; "checked in today" is those of them with an attendance today
//   (the mirror's rule: the earliest check-in of the day that no undo cancels). So the dashboard and the
//   kiosks' statistics screens agree. Cancelled delegates count nowhere.
// - Arrivals are those same attendances, by 15-minute bucket of the venue's local time, from the bucket of
//   the first arrival to that of the last, empty buckets included; the last cumulative number is
//   "checked in today".
// - A duplicate is a delegate with two or more standing check-ins on one day (kiosks cut off from each
//   other both admitted them), on any day; the list shows every day, newest day first.
// - Groups use the roster's spelling as it is; an empty partnership or voivodeship is the group "—".
//   Groups sort in Polish alphabetical order (ł after l, ś after s), "—" last, with
//   sync/roster/polish_order.hpp (the kiosk's statistics screen sorts the same way).
// - Times shown ("9:14") are the venue's local time, through a VenueClock, so tests fix the zone.

#include "base/clock.hpp"
#include "sync/hub/hub_store.hpp"
#include "sync/mirror/attendance_groups.hpp"
#include "sync/mirror/mirror.hpp"
#include "sync/roster/error.hpp"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace checkin::sync::http {
struct Route;
} // namespace checkin::sync::http

namespace checkin::sync {

inline constexpr int arrival_bucket_minutes = 15;
inline constexpr std::size_t recent_reprints_shown = 20;

// Minutes after the venue's local midnight (0–1439) of a Unix time in milliseconds.
using VenueClock = std::function<int(std::int64_t unix_milliseconds)>;
// The system's time zone (TZ or /etc/localtime), through base::local_time.
int local_minute_of_day(std::int64_t unix_milliseconds);
// A minute of the day as people write it: 545 → "9:05".
std::string clock_text(int minute_of_day);
// The venue's calendar date of a Unix time in milliseconds, by the system's time zone.
using base::local_day;

struct DashboardTotals {
    std::size_t expected_today = 0;
    std::size_t checked_in_today = 0;   // of the expected
    std::size_t checked_in_any_day = 0; // active delegates with an attendance on any day
    std::size_t walk_ins = 0;           // active delegates registered at the venue
    std::size_t active = 0;
    std::size_t cancelled = 0;

    friend bool operator==(const DashboardTotals&, const DashboardTotals&) = default;
};

// Expected and checked in today for one partnership or voivodeship (sync/mirror/attendance_groups.hpp).
using DashboardGroupRow = GroupCount;

struct ArrivalBucket {
    int start_minute = 0; // minutes after local midnight: 540 is 9:00–9:15
    std::size_t arrivals = 0;
    std::size_t cumulative = 0; // arrivals up to the end of this bucket

    friend bool operator==(const ArrivalBucket&, const ArrivalBucket&) = default;
};

struct DuplicateCheckin {
    std::int64_t at_milliseconds = 0;
    std::string time; // local, "9:14"
    std::string kiosk_id;
    std::string operator_name;
};

struct DuplicateEntry {
    std::string code;
    std::string name; // "Anna Kowalska"; the code when the hub does not know it
    Day day;
    std::vector<DuplicateCheckin> checkins; // the standing ones, earliest first
};

struct ReprintEntry {
    std::string code;
    std::string name;
    Day day;
    std::int64_t at_milliseconds = 0;
    std::string time; // local, "9:14"
    std::string kiosk_id;
    std::string operator_name;
    std::string reason;
};

struct DashboardData {
    Event event;
    Day today;       // the day shown (the day picker's choice)
    Day venue_today; // today at the venue, for the picker to mark; the day shown when not set

    DashboardTotals totals;
    std::vector<DashboardGroupRow> by_partnership;
    std::vector<DashboardGroupRow> by_voivodeship;
    std::vector<ArrivalBucket> arrivals;    // today, earliest first
    std::vector<DuplicateEntry> duplicates; // every day: newest day first, then by the first check-in
    std::size_t duplicates_today = 0;
    std::size_t reprints_today = 0;
    std::size_t reprints_total = 0;
    std::vector<ReprintEntry> recent_reprints; // the last recent_reprints_shown, newest first
};

// `events` is the whole journal (every kind, every day). `today` is the venue's day in force. `kept` (what
// purges kept) adds the purged people to the day's expected and checked-in totals and to the groups, so
// the report reads the same after a purge.
DashboardData compute_dashboard(const std::vector<DelegateRecord>& records,
                                const std::vector<CheckinEvent>& events, const Event& event, Day today,
                                const VenueClock& clock, const std::vector<AnonymousCount>& kept = {});

// The day the dashboard shows when none is asked for: today at the venue when it is one of the event's
// days, else the nearest of them (the last day after the event, the first before it, the earlier of two as
// near); today when the event has no days.
Day dashboard_default_day(const std::vector<Day>& event_days, Day venue_today);

// {"event": {"name", "days"}, "today" (the day shown), "venue_today", "totals": {…}, "by_partnership":
// [{"name", "expected", "checked_in"}], "by_voivodeship": […], "arrivals": {"bucket_minutes", "buckets":
// [{"start" ("9:00"), "start_minute", "arrivals", "cumulative"}]}, "duplicates": {"count", "today",
// "delegates": [{"code", "name", "day", "checkins": [{"time", "at_ms", "kiosk", "operator"}]}]}, "reprints":
// {"today", "total", "recent": [{"code", "name", "day", "time", "at_ms", "kiosk", "operator", "reason"}]}}
nlohmann::ordered_json dashboard_to_json(const DashboardData& data);

// The attendance list as CSV: roster_export.hpp's export_attendance_csv (UTF-8 with a BOM, semicolons,
// CRLF, RFC 4180 quoting), which is exactly what the organisers' spreadsheet wants.
std::string dashboard_csv(const std::vector<DelegateRecord>& records, const Event& event);

// An XLSX workbook (libxlsxwriter) with the sheets "Podsumowanie" (summary), "Partnerstwa",
// "Województwa" and "Lista obecności" (the CSV's columns). Written to a temporary file and read back:
// libxlsxwriter only writes files. Fails with ErrorKind::io when the file cannot be written.
Result<std::string> dashboard_xlsx(const DashboardData& data, const std::vector<DelegateRecord>& records,
                                   const VenueClock& clock);

// What the dashboard computes from: the event, the roster with each delegate's attendance (the mirror's
// rule, attendance_from_journal) in the mirror's order (last name, first name, code), and the whole journal
// in the hub's sequence order.
struct DashboardSource {
    Event event;
    std::vector<DelegateRecord> records;
    std::vector<CheckinEvent> events;
    std::vector<AnonymousCount> kept; // what purges kept of the people no longer in `records`
};

// Each delegate's attendance from the journal, as Mirror::attendance_of derives it: per day, the earliest
// check-in (the id settles a tie) that no undo in `events` names. Keyed by code_comparison_key (codes match
// without regard to ASCII case, as the mirror's COLLATE NOCASE does); each list earliest day first. Pure.
std::map<std::string, std::vector<Attendance>, std::less<>>
attendance_from_journal(const std::vector<CheckinEvent>& events);

// The dashboard's view of a HubStore (SQLite or PostgreSQL alike), read through the store's roster_since
// and events_since as a kiosk reads them, and kept for freshness_milliseconds: every dashboard polls every
// few seconds, and each of their requests within that window is answered from the same snapshot. A refresh
// reads only what is new since the last one (the roster after the version held, the events after the
// sequence held), so a refresh costs the changes, not the whole hub. Safe to call from several threads;
// requests that arrive while a refresh runs wait for it and share it.
class DashboardCache {
public:
    // A monotonic clock in milliseconds (steady_clock by default; tests pass their own).
    using Clock = std::function<std::int64_t()>;
    static constexpr std::int64_t freshness_milliseconds = 1000;

    // The cache of one event's figures (`event_id`): a dashboard token of that event reads this one only.
    explicit DashboardCache(HubStore& store, Clock clock = {}, std::int64_t event_id = first_event_id);

    std::int64_t event_id() const { return m_event_id; }

    // The snapshot, refreshed first when it is older than freshness_milliseconds (or there is none yet).
    // A failed refresh keeps nothing half-read and fails with the store's error.
    Result<std::shared_ptr<const DashboardSource>> source();

private:
    Result<void> catch_up();

    HubStore& m_store;
    Clock m_clock;
    std::int64_t m_event_id;
    std::mutex m_mutex;
    std::shared_ptr<const DashboardSource> m_snapshot;
    std::int64_t m_read_at = 0;
    // What the snapshot was built from, so the next refresh asks only for what is newer.
    RosterCursor m_roster_cursor;
    Event m_event;
    std::map<std::string, Delegate, std::less<>> m_delegates; // by code_comparison_key
    std::vector<CheckinEvent> m_events;
    std::int64_t m_event_sequence = 0;
};

// The page's files (sync/hub/dashboard/: index.html, app.js, style.css), built into the hub by
// sync/hub/embed_files.cmake so kiosk-hub needs no folder beside it; nullopt for any other name.
std::optional<std::string_view> dashboard_file(std::string_view name);

// Signed-in dashboard sessions, kept in the hub process's memory only: a restart of the hub signs everyone
// out, which costs an organiser one more sign-in and keeps session ids out of every file. A session maps a
// random id (the cookie's value, 32 random bytes in hex) to the token typed at sign-in; every request
// checks that token again through `token_check`, so a revoked or expired token ends its sessions on the
// next request. A session also ends after session_lifetime, and at sign-out.
class DashboardSessions {
public:
    using TokenCheck = std::function<Result<std::optional<TokenHolder>>(std::string_view token)>;
    static constexpr std::int64_t session_lifetime_milliseconds = 12LL * 60 * 60 * 1000;
    static constexpr std::size_t session_limit = 10000; // sign-ins held at once; the oldest goes first

    explicit DashboardSessions(TokenCheck token_check) : m_token_check(std::move(token_check)) {}

    // A new session's id for a dashboard or organiser token. Fails with unauthorised for an unknown,
    // revoked or expired token, forbidden for a kiosk token.
    Result<std::string> sign_in(std::string_view token);
    // Whom the session belongs to; nullopt for an unknown, ended or outlived session, or a token no
    // longer valid (that session is dropped).
    Result<std::optional<TokenHolder>> holder(std::string_view session_id);
    // A token given directly (Authorization: Bearer, for scripts), checked the same way as at sign-in.
    Result<std::optional<TokenHolder>> token_holder(std::string_view token);
    void sign_out(std::string_view session_id);

private:
    struct Session {
        std::string token;
        std::int64_t started_milliseconds = 0;
    };
    TokenCheck m_token_check;
    std::mutex m_mutex;
    std::map<std::string, Session, std::less<>> m_sessions;
};

// The name of the session cookie.
inline constexpr std::string_view dashboard_session_cookie = "checkin_session";

// Routes (the page's files from dashboard_file; only these three names are served):
//   GET /, /dashboard, /dashboard/  → index.html        GET /dashboard/app.js, /dashboard/style.css
//   GET /api/v1/dashboard           → dashboard_to_json                 (dashboard and organiser tokens)
//   GET /api/v1/export.csv          → dashboard_csv, as an attachment   (organiser tokens: personal data)
//   GET /api/v1/export.xlsx         → dashboard_xlsx, as an attachment  (organiser tokens)
//   GET /signin → the sign-in form     POST /signin (token=…) → session cookie     POST /signout
// The API routes need a signed-in session (the cookie, HttpOnly, SameSite=Strict, Secure when `secure`)
// or "Authorization: Bearer TOKEN" of those roles; the routes check it themselves (the HTTP layer sees
// them as needing no token). A dashboard-role session asking for an export gets 403 and a page saying
// why. No token ever travels in a URL: any request here with ?token= is refused with 400. The sign-in POST
// must come from the hub's own page (Origin equal to the Host, or Sec-Fetch-Site: same-origin), so no
// other site can sign a browser in or out.
// `?date=YYYY-MM-DD` on the API shows another day (default: the venue's date today).
//   GET /enrol → a form (a kiosk's name, the hub's address)   POST /enrol → a one-time enrolment code for
//   that kiosk from `store` (as `kiosk-hub enrol`), shown as a QR code (inline SVG) and its line of text;
//   organiser sessions or tokens only (a code is worth a kiosk token), from the hub's own page.
// The figures and lists come from `cache` (at most a second old).
//   GET /api/v1/kiosks → every kiosk's latest health report and the alerts (kiosk_alerts.hpp, with
//   `alert_settings`), read from `store` at each request (dashboard and organiser tokens).
struct KioskAlertSettings;
void register_dashboard_routes(std::vector<http::Route>& routes, HubStore& store,
                               std::shared_ptr<DashboardCache> cache,
                               std::shared_ptr<DashboardSessions> sessions, bool secure,
                               const KioskAlertSettings& alert_settings);

} // namespace checkin::sync
