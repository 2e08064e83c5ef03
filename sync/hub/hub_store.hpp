#pragma once

// What the hub keeps: the roster, every kiosk's events with the hub's own sequence numbers, and the
// kiosks' tokens. An interface, so that a PostgreSQL store can stand in for the embedded SQLite one
// (sqlite_hub_store.hpp) without the server noticing. Implementations are safe to call from several
// threads (the HTTP server answers on a pool).

#include "sync/mirror/mirror.hpp"
#include "sync/protocol/enrolment.hpp"
#include "sync/protocol/hub_protocol.hpp"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace checkin::sync {

// The event a hub file or database made before events had rows becomes (hub_store.hpp's events block).
inline constexpr std::int64_t first_event_id = 1;
inline constexpr std::string_view first_event_slug = "event-1";

// What a token may do. A kiosk syncs (health, roster, events); a dashboard reads the statistics; an
// organiser reads them and exports personal data.
enum class TokenRole { kiosk, dashboard, organiser };

// Whom a token belongs to, and what it may do.
struct TokenHolder {
    std::string kiosk; // the name the token was made for ("kiosk-1", "reception-laptop")
    TokenRole role = TokenRole::kiosk;
    // The one event the token is for (HubEvent::id): a kiosk pulls and pushes only that event's roster
    // and check-ins. Tokens made before events had rows are the first event's.
    std::int64_t event_id = first_event_id;
    friend bool operator==(const TokenHolder&, const TokenHolder&) = default;
};

// --- Tokens with roles, expiry and revocation (kiosk-hub token new, list, revoke) ---

// "kiosk", "dashboard", "organiser": how roles are stored and typed on the command line.
std::string_view to_string(TokenRole role);
std::optional<TokenRole> token_role_from(std::string_view text);

struct TokenRequest {
    std::string kiosk;
    TokenRole role = TokenRole::kiosk;
    // The last day the token is valid, through the end of that day in the venue's local time; nullopt:
    // it never expires.
    std::optional<Day> last_day;
    std::int64_t event_id = first_event_id; // an event the store holds (not_found otherwise)
};

// What `token list` shows of a token: never the secret or its digest.
struct TokenListing {
    std::string kiosk;
    TokenRole role = TokenRole::kiosk;
    std::int64_t created_at_milliseconds = 0;
    std::optional<Day> last_day;                         // nullopt: never expires
    std::optional<std::int64_t> revoked_at_milliseconds; // nullopt: not revoked
    std::int64_t event_id = first_event_id;
    friend bool operator==(const TokenListing&, const TokenListing&) = default;
};

// ---- The hub's TLS identity (kiosk-hub cert new) ------------------------------------------------------
// Kept in the store, so that every hub instance on one database presents the same certificate and the
// kiosks' pin holds for all of them.
struct TlsIdentity {
    std::string certificate_pem; // X.509, self-signed
    std::string private_key_pem; // PKCS#8
    friend bool operator==(const TlsIdentity&, const TlsIdentity&) = default;
};
// ---- end of the TLS identity ---------------------------------------------------------------------------

// ---- Enrolment by QR (kiosk-hub enrol, POST /api/v1/enrol) ---------------------------------------------
// A one-time secret is worth one kiosk token for this long after it was made.
inline constexpr std::int64_t enrolment_validity_milliseconds = 15 * 60 * 1000;
// redeem_enrolment's refusals are ErrorKind::refused with one of these as the detail, so the hub's log
// and the tests can tell them apart while the kiosk is told one sentence for all three.
inline constexpr std::string_view enrolment_unknown_detail = "enrolment secret unknown";
inline constexpr std::string_view enrolment_used_detail = "enrolment secret already used";
inline constexpr std::string_view enrolment_expired_detail = "enrolment secret expired";
// ---- end of enrolment ----------------------------------------------------------------------------------

// ---- Kiosk health (issue 16, item 5) -------------------------------------------------------------------
// The latest report of one kiosk, and when the hub received it (the hub's clock): its last contact.
struct KioskHealth {
    KioskReport report;
    std::int64_t received_at_milliseconds = 0;
    // The event of the token that sent the report (HubEvent::id). A report kept before reports carried
    // one is its kiosk's newest token's event then, or the first event's for a kiosk with no token.
    std::int64_t event_id = first_event_id;
    friend bool operator==(const KioskHealth&, const KioskHealth&) = default;
};
// ---- end of kiosk health -------------------------------------------------------------------------------

// ---- Many events on one hub (issue 16, item 4; kiosk-hub event new, list) ------------------------------
// An event as the hub holds it. Every delegate belongs to one event; a code belongs to one event on a hub
// (an import that would give a code held by another event is refused), so a code names its event.
struct HubEvent {
    std::int64_t id = 0;      // the store's number, 1 for the event a hub held before events had rows
    std::string slug;         // what the organiser types: "serock-2026" (is_event_slug)
    std::string name;         // as badges and screens show it
    std::string english_name; // empty: none given
    std::vector<Day> days;    // sorted, without repeats
    std::string venue;        // empty: none given
    friend bool operator==(const HubEvent&, const HubEvent&) = default;
};

struct EventRequest {
    std::string slug;
    std::string name;
    std::string english_name;
    std::vector<Day> days;
    std::string venue;
};

// 1 to 40 of a–z, 0–9 and '-', starting with a letter or digit: short, typed, safe in a URL and a log.
bool is_event_slug(std::string_view slug);
// What create_event refuses before it touches the store (invalid_input, naming the field): a slug that is
// not is_event_slug, an empty or overlong name, control characters, no days.
Result<void> check_event_request(const EventRequest& request);
// The event a command means: the one whose slug is `slug`, or with no slug the only event the hub holds.
// Fails with invalid_input naming the slugs held when there is no such event, or when there are several
// and none was named.
Result<HubEvent> choose_event(const std::vector<HubEvent>& events, std::string_view slug);
// ---- end of events -------------------------------------------------------------------------------------

class HubStore {
public:
    HubStore() = default;
    HubStore(const HubStore&) = delete;
    HubStore& operator=(const HubStore&) = delete;
    virtual ~HubStore() = default;

    // The roster import of one event, exactly as kioskctl's (Mirror::apply_roster) within that event: new
    // codes added, changed rows get a new roster version, the event's vanished ones cancelled, walk-ins and
    // other events untouched. `event_update` replaces the event's name and days. Refused (refused) when a
    // code of the roster belongs to another event; not_found for an event id the store does not hold.
    virtual Result<ImportSummary> import_event_roster(std::int64_t event_id,
                                                      const std::vector<RosterEntry>& entries,
                                                      const std::optional<Event>& event_update,
                                                      const ProgressCallback& progress = {}) = 0;
    // The same into the first event (first_event_id): what a hub of one event does.
    Result<ImportSummary> import_roster(const std::vector<RosterEntry>& entries,
                                        const std::optional<Event>& event_update,
                                        const ProgressCallback& progress = {}) {
        return import_event_roster(first_event_id, entries, event_update, progress);
    }

    // ---- Events ----
    // A new event; refused (refused) when the slug is held already, invalid_input as check_event_request.
    virtual Result<HubEvent> create_event(const EventRequest& request) = 0;
    // Every event, oldest first (by id); a store always holds the first one.
    virtual Result<std::vector<HubEvent>> list_events() = 0;
    // ---- end of events ----

    // A new token for `kiosk` (32 random bytes, hex), stored only as its SHA-256; a kiosk may have several.
    virtual Result<std::string> create_token(std::string_view kiosk) = 0;
    // Whom the token belongs to; nullopt for an unknown, revoked or expired token (read on every call,
    // never cached, so a revocation holds for the very next request).
    virtual Result<std::optional<TokenHolder>> token_holder(std::string_view token) = 0;

    // --- Tokens with roles, expiry and revocation ---
    // A new token as create_token makes it, with the request's role and last day. Fails with
    // invalid_input for a kiosk name that is empty, too long or holds control characters.
    virtual Result<std::string> issue_token(const TokenRequest& request) = 0;
    // Every token ever made, revoked and expired ones too, oldest first.
    virtual Result<std::vector<TokenListing>> list_tokens() = 0;
    // Revokes every token made for `kiosk` that is not revoked yet; how many it revoked (0: none, which
    // includes a name no token was made for).
    virtual Result<std::size_t> revoke_tokens(std::string_view kiosk) = 0;
    // --- end of the token block ---

    // The roster version and the last sequence are the hub's, over every event: a kiosk compares them
    // with its cursors, which are the hub's numbers too.
    virtual Result<HealthReply> health(std::string_view kiosk) = 0;
    // One event's roster page and that event's name and days.
    virtual Result<RosterPage> roster_since(std::int64_t event_id, const RosterCursor& cursor,
                                            std::size_t limit) = 0;
    // Stores new events (by id; a held id is a duplicate) and walk-ins in one transaction, each new event
    // with the next hub sequence. Everything or nothing. Judged against the event `event_id` (its days,
    // its codes): a check-in for another event's code is refused like an unknown code; walk-ins join it.
    virtual Result<PushReply> push(std::int64_t event_id, const PushRequest& request) = 0;
    // The check-ins of one event's delegates, numbered by the hub's sequence over every event, which
    // every implementation makes a prefix without holes for a reader: a reader that goes on from the last
    // sequence it saw never skips an event that commits later (filtering that prefix by event keeps it so).
    virtual Result<EventsPage> events_since(std::int64_t event_id, std::int64_t sequence,
                                            std::size_t limit) = 0;
    // The same three for the first event: what a hub of one event does.
    Result<RosterPage> roster_since(const RosterCursor& cursor, std::size_t limit) {
        return roster_since(first_event_id, cursor, limit);
    }
    Result<PushReply> push(const PushRequest& request) { return push(first_event_id, request); }
    Result<EventsPage> events_since(std::int64_t sequence, std::size_t limit) {
        return events_since(first_event_id, sequence, limit);
    }
    // One event's figures: its active delegates, its delegates checked in, the journal events of its
    // delegates and its duplicates; another event's people count nowhere (GET /api/v1/stats answers a
    // token with its own event's). not_found for an event the store does not hold.
    virtual Result<HubStatistics> statistics(std::int64_t event_id) = 0;
    // The same for the first event.
    Result<HubStatistics> statistics() { return statistics(first_event_id); }

    // ---- Purge after the event (issue 15) ----
    // Removes the people of the event `event_id` the request names as Mirror::purge does
    // (purge_selection.hpp), judged by that event's days, with the hub's own rows about their check-ins,
    // and keeps that event's anonymous counts; the same refusals, and not_found for an event the store
    // does not hold. Other events' people, check-ins and counts are untouched; the event's tokens keep
    // working (its roster is empty, its dashboard shows the kept counts).
    virtual Result<PurgeSummary> purge(std::int64_t event_id, const PurgeRequest& request) = 0;
    // The same for the first event: what a hub of one event does.
    Result<PurgeSummary> purge(const PurgeRequest& request) { return purge(first_event_id, request); }
    // What purges of one event kept (Mirror::anonymous_counts), for its dashboard's report after the
    // people are gone.
    virtual Result<std::vector<AnonymousCount>> anonymous_counts(std::int64_t event_id) = 0;
    Result<std::vector<AnonymousCount>> anonymous_counts() { return anonymous_counts(first_event_id); }
    // ---- end of purge ----

    // ---- The hub's TLS identity ----
    // Replaces the stored certificate and key (there is one identity per hub).
    virtual Result<void> save_tls_identity(const TlsIdentity& identity) = 0;
    // The stored identity; nullopt before `kiosk-hub cert new`.
    virtual Result<std::optional<TlsIdentity>> tls_identity() = 0;
    // ---- end of the TLS identity ----

    // ---- Enrolment by QR ----
    // A new one-time secret (enrolment_secret_hex_digits lower-case hex) for `kiosk`, made at `now` (Unix
    // milliseconds) and valid for enrolment_validity_milliseconds; only its SHA-256 is stored. Fails with
    // invalid_input for a kiosk name issue_token would refuse.
    // The token it is worth is for the event `event_id` (not_found for one the store does not hold).
    virtual Result<std::string> create_enrolment(std::int64_t event_id, std::string_view kiosk,
                                                 std::int64_t now) = 0;
    // The same for the first event.
    Result<std::string> create_enrolment(std::string_view kiosk, std::int64_t now) {
        return create_enrolment(first_event_id, kiosk, now);
    }
    // Marks the secret used and issues a kiosk token for its kiosk, in one transaction: of two hubs
    // redeeming the same secret at once, one gets the token. Refused (ErrorKind::refused, detail
    // enrolment_unknown_detail, _used_ or _expired_) for a secret never made, already redeemed, or older
    // than enrolment_validity_milliseconds at `now`.
    virtual Result<EnrolReply> redeem_enrolment(std::string_view secret, std::int64_t now) = 0;
    // ---- end of enrolment ----

    // ---- Signed codes: the event's public keys and the revocation list (kiosk-hub keys, revoke) ----
    // Both whole, keys in the order added, serials sorted; kiosks pull them (GET /api/v1/codes).
    virtual Result<CodeLists> code_lists() = 0;
    // Adds a key ("ed25519:…", checked by the caller); false when it was held already. Refused (refused)
    // beyond code_keys_maximum keys.
    virtual Result<bool> add_code_key(const std::string& public_key) = 0;
    // false when the key was not held.
    virtual Result<bool> remove_code_key(const std::string& public_key) = 0;
    // Revokes serials (checked by the caller: is_code_serial); returns how many were new. Refused (refused)
    // beyond revoked_serials_maximum serials.
    virtual Result<std::size_t> revoke_serials(const std::vector<std::string>& serials) = 0;
    // ---- end of signed codes ----

    // ---- Kiosk health ----
    // Keeps `report` as its kiosk's latest (replacing the one before), stamped with the store's clock,
    // which it returns, and with the event of the token that sent it (`event_id`): the kiosk is listed
    // under that event. The caller has checked that the report's kiosk is the token's (hub_server.cpp).
    virtual Result<std::int64_t> record_kiosk_report(std::int64_t event_id, const KioskReport& report) = 0;
    // The same for the first event.
    Result<std::int64_t> record_kiosk_report(const KioskReport& report) {
        return record_kiosk_report(first_event_id, report);
    }
    // Every kiosk's latest report, by kiosk name (byte order), each with the event it reported for.
    virtual Result<std::vector<KioskHealth>> kiosk_health() = 0;
    // ---- end of kiosk health ----
};

// The PostgreSQL store is open_postgresql_hub_store (postgresql_hub_store.hpp); open_hub_store
// (hub_store_factory.hpp) picks one of the two from where the data lives.
// The embedded store: one SQLite file holding a mirror's tables (so the importer and the statistics are
// the mirror's own) plus the hub's (sequences, tokens). Created if missing.
Result<std::unique_ptr<HubStore>> open_sqlite_hub_store(const std::filesystem::path& path);

} // namespace checkin::sync
