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

// What a token may do. A kiosk syncs (health, roster, events); a dashboard reads the statistics; an
// organiser reads them and exports personal data.
enum class TokenRole { kiosk, dashboard, organiser };

// Whom a token belongs to, and what it may do.
struct TokenHolder {
    std::string kiosk; // the name the token was made for ("kiosk-1", "reception-laptop")
    TokenRole role = TokenRole::kiosk;
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
};

// What `token list` shows of a token: never the secret or its digest.
struct TokenListing {
    std::string kiosk;
    TokenRole role = TokenRole::kiosk;
    std::int64_t created_at_milliseconds = 0;
    std::optional<Day> last_day;                         // nullopt: never expires
    std::optional<std::int64_t> revoked_at_milliseconds; // nullopt: not revoked
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
    friend bool operator==(const KioskHealth&, const KioskHealth&) = default;
};
// ---- end of kiosk health -------------------------------------------------------------------------------

class HubStore {
public:
    HubStore() = default;
    HubStore(const HubStore&) = delete;
    HubStore& operator=(const HubStore&) = delete;
    virtual ~HubStore() = default;

    // The roster import, exactly as kioskctl's (Mirror::apply_roster): new codes added, changed rows get
    // a new roster version, vanished ones cancelled, walk-ins untouched.
    virtual Result<ImportSummary> import_roster(const std::vector<RosterEntry>& entries,
                                                const std::optional<Event>& event_update,
                                                const ProgressCallback& progress = {}) = 0;

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

    virtual Result<HealthReply> health(std::string_view kiosk) = 0;
    virtual Result<RosterPage> roster_since(const RosterCursor& cursor, std::size_t limit) = 0;
    // Stores new events (by id; a held id is a duplicate) and walk-ins in one transaction, each new event
    // with the next hub sequence. Everything or nothing.
    virtual Result<PushReply> push(const PushRequest& request) = 0;
    // Every implementation makes the sequences a reader can see a prefix without holes: a reader that goes
    // on from the last sequence it saw never skips an event that commits later.
    virtual Result<EventsPage> events_since(std::int64_t sequence, std::size_t limit) = 0;
    virtual Result<HubStatistics> statistics() = 0;

    // ---- Purge after the event (issue 15) ----
    // Removes the people the request names as Mirror::purge does (purge_selection.hpp), with the hub's own
    // rows about their events, and keeps anonymous counts; the same refusals.
    virtual Result<PurgeSummary> purge(const PurgeRequest& request) = 0;
    // What purges kept (Mirror::anonymous_counts), for the dashboard's report after the people are gone.
    virtual Result<std::vector<AnonymousCount>> anonymous_counts() = 0;
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
    virtual Result<std::string> create_enrolment(std::string_view kiosk, std::int64_t now) = 0;
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
    // which it returns. The caller has checked that the report's kiosk is the token's (hub_server.cpp).
    virtual Result<std::int64_t> record_kiosk_report(const KioskReport& report) = 0;
    // Every kiosk's latest report, by kiosk name (byte order).
    virtual Result<std::vector<KioskHealth>> kiosk_health() = 0;
    // ---- end of kiosk health ----
};

// The PostgreSQL store is open_postgresql_hub_store (postgresql_hub_store.hpp); open_hub_store
// (hub_store_factory.hpp) picks one of the two from where the data lives.
// The embedded store: one SQLite file holding a mirror's tables (so the importer and the statistics are
// the mirror's own) plus the hub's (sequences, tokens). Created if missing.
Result<std::unique_ptr<HubStore>> open_sqlite_hub_store(const std::filesystem::path& path);

} // namespace checkin::sync
