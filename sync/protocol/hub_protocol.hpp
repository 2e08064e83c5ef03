#pragma once

// The hub's HTTP/JSON API, version 1: the messages as data and their JSON codecs, shared by the hub
// (hub_server.*) and the kiosks' client (hub_client.*, sync_round.*). Pure: no sockets, no SQLite.
//
// Every status the hub answers, and when (sync/hub/http_server.cpp decides those before a route runs;
// the routes the others). Every error body is JSON {"error": "a sentence"}, except the dashboard's pages
// (HTML) and the few answers libmicrohttpd makes itself (a malformed request line, headers past its
// memory):
//   200  done: the reply's message, the dashboard's page or JSON, or an export's attachment.
//   303  (dashboard only) after signing in or out, and from the page without a session, to /signin.
//   400  a malformed request: a query parameter that is not a number or out of its range, a body that
//        is not the message's JSON (too deep or too large to parse included), a date that is not
//        YYYY-MM-DD, or a token put in the address (?token=: sign in at /signin instead).
//   401  no token, or one the store does not know, that was revoked or has expired; on the dashboard, no
//        signed-in session (or its token was revoked since), or a wrong token typed at /signin.
//   403  a token whose role the route does not admit (a kiosk token on the dashboard, a dashboard token
//        on an export), a kiosk token at /signin, or a sign-in or sign-out POST from another site.
//   404  no such route (nothing outside the route table is served), or the hub's database is missing.
//   405  a known path with another method (GET /api/v1/events is fine, PUT is not).
//   413  a body past the route's limit, announced by Content-Length (refused before it is read) or, for a
//        chunked body, counted as it arrives (the connection is closed the moment it passes the limit);
//        also more than 5000 events in one push.
//   429  a token over its rate (a bucket per token, RateLimit in http_server.hpp); the message says when
//        to try again.
//   431  more header lines than the hub takes (header_count_limit).
//   500  the store failed; the reply names no SQL and no exception text, the hub's log has the detail.
//   503  every body being received at once would pass the hub's body memory, or the store is unavailable
//        (a PostgreSQL server that does not answer): try again shortly.
//
// Every endpoint is under /api/v1 and needs "Authorization: Bearer TOKEN" with a token made by
// `kiosk-hub token new --kiosk NAME`; without a valid one the answer is 401 with {"error": "…"}.
//
//   GET  /api/v1/health                                 → HealthReply
//   GET  /api/v1/roster?since=V&after=CODE&limit=N      → RosterPage
//        the delegates whose row_version is above V, in (row_version, code) order, at most N (default
//        500, at most 5000); `after` continues a page: (row_version, code) > (V, CODE). Walk-ins pushed by
//        any kiosk are in the roster too, with the version the hub gave them.
//   GET  /api/v1/codes                                  → CodeLists
//        the event's public keys for signed codes and every revoked serial, whole (kiosk-hub keys add,
//        kiosk-hub revoke).
//   POST /api/v1/events        PushRequest              → PushReply
//        idempotent by event id: an event the hub already holds is acknowledged again and stored once.
//        Walk-ins in the request are added to the roster (a code the hub already has is left as it is).
//        At most 5000 events per request. Events that break the rules of event_checks.hpp (another
//        kiosk's name, a time outside the event, a code not on the roster, an undo of nothing, texts too
//        long or with control characters) are not stored: the reply's "refused" lists them as
//        {"id", "reason"}; the others are stored and acknowledged.
//   GET  /api/v1/events?since=S&limit=N                 → EventsPage
//        the events with a hub sequence above S, in sequence order, at most N (default 1000, at most
//        10000), whichever kiosk sent them.
//   GET  /api/v1/stats                                  → HubStatistics
//   POST /api/v1/kiosk-report  KioskReport              → KioskReportReply
//        the kiosk's health, sent with every sync round: its build, its backlog, its printer and scanners
//        and when it last read a code (never what). The hub keeps the latest per kiosk for the
//        dashboard. A kiosk token reports only for its own name (403 otherwise); a body past
//        kiosk_report_maximum_bytes is refused with 413, one that breaks the limits below with 400.
//
// Events travel as {"id", "delegate_code", "kind" ("checkin" | "undo" | "reprint" | "print"),
// "at_ms", "day" ("2026-11-29"), "kiosk", "operator", "reason", "undoes"}; delegates as {"code",
// "first_name", "last_name", "organisation", "position", "partnership", "voivodeship", "role", "days"
// (["2026-11-29", …]), "email", "status" ("active" | "cancelled"), "origin" ("roster" | "walk-in"),
// "row_version"}.

#include "sync/roster/delegate.hpp"
#include "sync/roster/error.hpp"
#include "sync/roster/event_days.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace checkin::sync {

inline constexpr std::size_t roster_page_default = 500;
inline constexpr std::size_t roster_page_maximum = 5000;
inline constexpr std::size_t events_page_default = 1000;
inline constexpr std::size_t events_page_maximum = 10000;
inline constexpr std::size_t push_batch_maximum = 5000;

// Limits checked before a message is parsed, so a hostile document is refused without building anything:
// the deepest message (a roster page: object, delegates, delegate, days) nests 4 levels; a full push
// (5000 events and walk-ins) is a few MB; a full roster page (5000 delegates) or events page (10,000
// events) under 10 MB.
inline constexpr std::size_t json_depth_maximum = 8;
inline constexpr std::size_t request_json_maximum_bytes = 32U * 1024U * 1024U;
inline constexpr std::size_t reply_json_maximum_bytes = 64U * 1024U * 1024U;

struct HealthReply {
    std::string status = "ok";
    std::string kiosk; // whom the token belongs to
    std::int64_t roster_version = 0;
    std::int64_t last_sequence = 0; // the newest event's hub sequence (0: none)

    friend bool operator==(const HealthReply&, const HealthReply&) = default;
};

struct RosterCursor {
    std::int64_t since = 0;
    std::string after_code; // empty: from the first code of version since + 1

    friend bool operator==(const RosterCursor&, const RosterCursor&) = default;
};

struct RosterPage {
    Event event;                      // the event's name and days, as the hub holds them
    std::int64_t roster_version = 0;  // the hub's newest version
    std::vector<Delegate> delegates;  // in (row_version, code) order
    std::optional<RosterCursor> next; // where the next page starts; nullopt: this was the last

    friend bool operator==(const RosterPage&, const RosterPage&) = default;
};

// The event's public keys for signed codes and the serials of revoked codes, whole each time: a few keys
// and a serial per cancelled or reissued code. A kiosk replaces the keys it had from the hub with these
// (so a key the organiser removed stops admitting) and adds the serials to its revocation list.
inline constexpr std::size_t code_keys_maximum = 64;
inline constexpr std::size_t revoked_serials_maximum = 100'000;
struct CodeLists {
    std::vector<std::string> public_keys;     // "ed25519:…", as kioskctl keys new prints them
    std::vector<std::string> revoked_serials; // 12 lower-case hex digits each
    friend bool operator==(const CodeLists&, const CodeLists&) = default;
};

struct PushRequest {
    std::string kiosk_id;
    std::vector<CheckinEvent> events;
    std::vector<Delegate> walk_ins; // registered at the kiosk and not yet on the hub (row_version 0)

    friend bool operator==(const PushRequest&, const PushRequest&) = default;
};

// An event the hub would not store, and why (event_checks.hpp): the kiosk keeps it out of its upload
// queue for good and shows it on its device panel.
struct RefusedEvent {
    std::string id;
    std::string reason; // a short sentence naming the rule; no names, e-mails or codes

    friend bool operator==(const RefusedEvent&, const RefusedEvent&) = default;
};

struct PushReply {
    std::vector<std::string> acknowledged; // every event id of the request the hub holds (refused ones not)
    std::size_t accepted = 0;              // new to the hub
    std::size_t duplicates = 0;            // already held (a replay)
    std::size_t walk_ins_added = 0;
    std::vector<RefusedEvent> refused; // left out by older hubs: none

    friend bool operator==(const PushReply&, const PushReply&) = default;
};

struct SequencedEvent {
    std::int64_t sequence = 0;
    CheckinEvent event;

    friend bool operator==(const SequencedEvent&, const SequencedEvent&) = default;
};

struct EventsPage {
    std::vector<SequencedEvent> events;
    std::int64_t last_sequence = 0; // the hub's newest sequence
    bool more = false;              // there are events after this page

    friend bool operator==(const EventsPage&, const EventsPage&) = default;
};

struct HubStatistics {
    std::size_t delegates = 0;  // active delegates (walk-ins included)
    std::size_t checked_in = 0; // delegates checked in on any day (counted once however many events)
    std::size_t events = 0;     // events held
    // Delegates with two or more check-ins standing on the same day (kiosks cut off from each other
    // both admitted them); each counts once.
    std::size_t duplicates = 0;

    friend bool operator==(const HubStatistics&, const HubStatistics&) = default;
};

struct ErrorReply {
    std::string error;
};

// ---- Kiosk health (issue 16, item 5) -------------------------------------------------------------------
// What a kiosk tells the hub about itself with every sync round. No personal data: no code scanned, no
// name, no operator; the kiosk's name and device states only.
inline constexpr std::size_t kiosk_report_maximum_bytes = 4096;
inline constexpr std::size_t kiosk_report_text_maximum_characters = 64; // the version, each problem name
inline constexpr std::size_t printer_problems_maximum = 8;
inline constexpr std::size_t scanners_maximum = 64;

// The printer as the kiosk last saw it.
enum class PrinterCondition {
    ready,   // a badge sent now would print
    problem, // it would not: KioskReport::printer_problems says why
    none,    // no printer configured: the kiosk sends delegates to reception for their badges
    unknown, // the reporter does not drive a printer (kioskctl sync) or could not ask it yet
};
// "ready", "problem", "none", "unknown".
std::string_view to_string(PrinterCondition condition);
std::optional<PrinterCondition> printer_condition_from(std::string_view text);

struct KioskReport {
    std::string kiosk;       // the kiosk's name; the hub refuses a name other than its token's
    std::string version;     // the kiosk's build ("0.1.0")
    std::size_t backlog = 0; // this kiosk's events the hub has not acknowledged yet
    PrinterCondition printer = PrinterCondition::unknown;
    std::vector<std::string> printer_problems; // the drivers' problem names ("no_media", "cover_open")
    std::optional<std::int64_t> labels_left;   // only when the printer reports it
    std::size_t scanners = 0;                  // scanners connected now (the keyboard wedge not counted)
    std::optional<std::int64_t> last_scan_at_milliseconds; // Unix time of the last code read; nullopt: none

    friend bool operator==(const KioskReport&, const KioskReport&) = default;
};

struct KioskReportReply {
    std::string kiosk;                         // whom the hub recorded it for
    std::int64_t received_at_milliseconds = 0; // the hub's clock: the kiosk's "last contact"

    friend bool operator==(const KioskReportReply&, const KioskReportReply&) = default;
};
// ---- end of kiosk health -------------------------------------------------------------------------------

// JSON text of each message, and back. Decoding fails with ErrorKind::invalid_input naming the field
// that is missing or of the wrong type ("events[3].day: not a date"), or, before parsing, for a text
// larger than request_json_maximum_bytes (the push request) or reply_json_maximum_bytes (the replies), or
// nested deeper than json_depth_maximum.
std::string encode(const HealthReply& reply);
std::string encode(const RosterPage& page);
std::string encode(const PushRequest& request);
std::string encode(const PushReply& reply);
std::string encode(const EventsPage& page);
std::string encode(const HubStatistics& statistics);
std::string encode(const CodeLists& lists);
std::string encode(const ErrorReply& reply);
std::string encode(const KioskReport& report);
std::string encode(const KioskReportReply& reply);

Result<HealthReply> decode_health_reply(std::string_view json);
Result<RosterPage> decode_roster_page(std::string_view json);
Result<PushRequest> decode_push_request(std::string_view json);
Result<PushReply> decode_push_reply(std::string_view json);
Result<EventsPage> decode_events_page(std::string_view json);
Result<HubStatistics> decode_hub_statistics(std::string_view json);
// Every key must read as a public key and every serial as 12 lower-case hex digits, within the maxima.
Result<CodeLists> decode_code_lists(std::string_view json);
Result<ErrorReply> decode_error_reply(std::string_view json);
// Refused (invalid_input, naming the field) past kiosk_report_maximum_bytes, for a kiosk name that is empty,
// longer than identifier_maximum_bytes or not clean text, a version or problem name that is empty, longer
// than kiosk_report_text_maximum_characters or not clean text, more than printer_problems_maximum problems,
// more than scanners_maximum scanners, a negative count or time, and problems named with a printer that is
// not in PrinterCondition::problem.
Result<KioskReport> decode_kiosk_report(std::string_view json);
Result<KioskReportReply> decode_kiosk_report_reply(std::string_view json);

// The limits alone, in one pass over the text without parsing it: brackets outside strings are counted,
// so "[[[[…" is refused at its ninth byte, whatever its size.
Result<void> check_json_limits(std::string_view json, std::size_t size_maximum);

} // namespace checkin::sync
