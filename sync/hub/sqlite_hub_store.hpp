#pragma once

// The embedded hub store (hub_store.hpp's open_sqlite_hub_store): one SQLite file that is a mirror (the
// roster, the event, the journal of check-in events, opened through Mirror so its migrations run) plus
// the hub's own tables:
//   hub_sequence — the hub's order of arrival: one row per event, numbered without gaps being reused, so
//                  a kiosk that asks for "everything after S" never misses an event;
//   hub_kiosk_reports — each kiosk's latest health report (version, backlog, printer, scanners, last
//                  scan time) and the event its token was for, for that event's kiosk list and alerts;
//   hub_events   — the events the hub serves (slug, name, days, venue); the first is the file's own event;
//   hub_tokens   — the kiosks' tokens, only as SHA-256, so a copy of the file does not give access, each
//                  with its role, last valid day and revocation time (added by a migration to files
//                  made before roles: their tokens become kiosk tokens that never expire).
// Decisions:
// - Events are stored with uploaded = 1: on the hub every event is held by the hub.
// - A push is judged by event_checks.hpp's rules against what the hub holds: an event for a code the hub
//   does not know (and no walk-in in the same push brings), an undo of a check-in it does not hold, an
//   event under another kiosk's name, out of the event's days or with bad texts is not stored; the reply
//   names it in `refused`, and the kiosk takes it out of its queue, so nothing stalls.
// - Walk-ins pushed get the next roster version (the counter imports use), so kiosks pull them like any
//   roster change; a code the hub already holds (either case) is left as it is.
// Every method takes one mutex: the server calls from several threads and SQLite connections are not
// meant to be shared by concurrent transactions.

#include "sync/hub/hub_store.hpp"
#include "sync/mirror/mirror.hpp"
#include "sync/mirror/sqlite.hpp"
#include "sync/protocol/event_checks.hpp"

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

namespace checkin::sync {

// The current Unix time in milliseconds (UTC). base::now_unix_milliseconds outside tests.
using HubClock = std::function<std::int64_t()>;

class SqliteHubStore final : public HubStore {
public:
    // Opens or creates the file. Fails like Mirror::open, or with ErrorKind::storage when the hub's
    // tables cannot be created.
    static Result<std::unique_ptr<SqliteHubStore>> open(const std::filesystem::path& path);
    // The same, with the clock the store reads for token expiry and the times of pushes, so tests can
    // move time.
    static Result<std::unique_ptr<SqliteHubStore>> open(const std::filesystem::path& path, HubClock clock);

    // The event's name and days (kiosk-hub import needs the days before it validates a roster).
    Result<Event> event();

    Result<ImportSummary> import_event_roster(std::int64_t event_id, const std::vector<RosterEntry>& entries,
                                              const std::optional<Event>& event_update,
                                              const ProgressCallback& progress = {}) override;
    using HubStore::import_roster;
    Result<HubEvent> create_event(const EventRequest& request) override;
    Result<std::vector<HubEvent>> list_events() override;
    Result<std::string> create_token(std::string_view kiosk) override;
    Result<std::optional<TokenHolder>> token_holder(std::string_view token) override;
    Result<std::string> issue_token(const TokenRequest& request) override;
    Result<std::vector<TokenListing>> list_tokens() override;
    Result<std::size_t> revoke_tokens(std::string_view kiosk) override;
    Result<HealthReply> health(std::string_view kiosk) override;
    Result<RosterPage> roster_since(std::int64_t event_id, const RosterCursor& cursor,
                                    std::size_t limit) override;
    Result<PushReply> push(std::int64_t event_id, const PushRequest& request) override;
    Result<EventsPage> events_since(std::int64_t event_id, std::int64_t sequence, std::size_t limit) override;
    using HubStore::events_since;
    using HubStore::push;
    using HubStore::roster_since;
    Result<HubStatistics> statistics(std::int64_t event_id) override;
    using HubStore::statistics;
    Result<CodeLists> code_lists() override;
    Result<bool> add_code_key(const std::string& public_key) override;
    Result<bool> remove_code_key(const std::string& public_key) override;
    Result<std::size_t> revoke_serials(const std::vector<std::string>& serials) override;
    Result<PurgeSummary> purge(std::int64_t event_id, const PurgeRequest& request) override;
    Result<std::vector<AnonymousCount>> anonymous_counts(std::int64_t event_id) override;
    using HubStore::anonymous_counts;
    using HubStore::purge;

    // ---- The hub's TLS identity (table hub_tls_identity, created on first use) ----
    Result<void> save_tls_identity(const TlsIdentity& identity) override;
    Result<std::optional<TlsIdentity>> tls_identity() override;
    // ---- end of the TLS identity ----

    // ---- Enrolment by QR (table hub_enrolments) ----
    Result<std::string> create_enrolment(std::int64_t event_id, std::string_view kiosk,
                                         std::int64_t now) override;
    using HubStore::create_enrolment;
    Result<EnrolReply> redeem_enrolment(std::string_view secret, std::int64_t now) override;
    // ---- end of enrolment ----

    // ---- Kiosk health (table hub_kiosk_reports: one row per kiosk, replaced by each report) ----
    Result<std::int64_t> record_kiosk_report(std::int64_t event_id, const KioskReport& report) override;
    using HubStore::record_kiosk_report;
    Result<std::vector<KioskHealth>> kiosk_health() override;
    // ---- end of kiosk health ----

private:
    SqliteHubStore(Mirror mirror, sqlite::Database database, HubClock clock)
        : m_clock(std::move(clock)), m_mirror(std::move(mirror)), m_database(std::move(database)) {}
    // Prepared once on the hub's connection, reset before each use.
    Result<sqlite::Statement*> statement(std::string_view sql);
    // The first column of the first row of a query that returns one integer.
    Result<std::int64_t> single_integer(std::string_view sql);
    Result<void> create_hub_tables();
    Result<void> add_token_columns();
    Result<std::string> insert_token(const TokenRequest& request);
    // What the hub holds of the codes and undone check-ins a push names, for the event rules.
    Result<HeldFacts> held_facts(std::int64_t event_id, const PushRequest& request);
    // The event's row, or not_found naming `kiosk-hub event list` (with the mutex held).
    Result<HubEvent> held_event(std::int64_t event_id);
    // not_found unless the store holds the event (with the mutex held).
    Result<void> check_event_held(std::int64_t event_id);

    HubClock m_clock;
    std::mutex m_mutex;
    // The importer, the event and the statistics: the mirror's own code on its own connection.
    Mirror m_mirror;
    // The hub's connection to the same file (WAL): the hub tables, and pushes, which write the journal and
    // hub_sequence in one transaction. Declared before the statements, so they are finalised first.
    sqlite::Database m_database;
    sqlite::StatementCache m_statements;
};

} // namespace checkin::sync
