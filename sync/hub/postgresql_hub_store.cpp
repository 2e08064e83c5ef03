// The hub's store on PostgreSQL (postgresql_hub_store.hpp).

#include "sync/hub/postgresql_hub_store.hpp"

#include "base/digest.hpp"
#include "sync/hub/hub_dashboard.hpp"
#include "sync/hub/hub_request_checks.hpp"
#include "sync/hub/postgresql.hpp"
#include "sync/mirror/mirror_rows.hpp"
#include "sync/mirror/purge_selection.hpp"
#include "sync/mirror/roster_import_report.hpp"
#include "sync/protocol/event_checks.hpp"
#include "sync/roster/scan_code.hpp"

#include <algorithm>
#include <array>
#include <condition_variable>
#include <fmt/format.h>
#include <mutex>
#include <unordered_map>
#include <unordered_set>

namespace checkin::sync {

namespace {

using postgresql::Connection;
using postgresql::Parameter;
using postgresql::QueryResult;
using postgresql::Transaction;

// Append only: a migration that has shipped is never edited; the next change is a new entry.
constexpr std::array<std::string_view, 9> migrations{
    R"sql(
CREATE TABLE event (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    name TEXT NOT NULL DEFAULT '',
    days TEXT NOT NULL DEFAULT ''                  -- ISO dates, comma separated, sorted
);
INSERT INTO event (id) VALUES (1);

-- roster_version: bumped by imports and walk-ins. event_sequence: the newest hub sequence; its row is
-- locked by every push until it commits (see the header).
CREATE TABLE counters (
    name  TEXT PRIMARY KEY,
    value BIGINT NOT NULL
);
INSERT INTO counters (name, value) VALUES ('roster_version', 0), ('event_sequence', 0);

CREATE TABLE delegates (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code         TEXT NOT NULL,
    code_key     TEXT COLLATE "C" NOT NULL UNIQUE,  -- fold_code(code): codes match with ASCII case ignored
    first_name   TEXT NOT NULL,
    last_name    TEXT NOT NULL,
    organisation TEXT NOT NULL DEFAULT '',
    position     TEXT NOT NULL DEFAULT '',
    partnership  TEXT NOT NULL DEFAULT '',
    voivodeship  TEXT NOT NULL DEFAULT '',
    role         TEXT NOT NULL DEFAULT '',
    days         TEXT NOT NULL DEFAULT '',          -- ISO dates, comma separated; empty = every day
    email        TEXT NOT NULL DEFAULT '',
    status       TEXT NOT NULL CHECK (status IN ('active', 'cancelled')),
    origin       TEXT NOT NULL CHECK (origin IN ('roster', 'walk-in')),
    row_version  BIGINT NOT NULL
);
CREATE INDEX delegates_by_version_and_code ON delegates (row_version, code_key);

-- The journal, append only, numbered by the hub's sequence.
CREATE TABLE checkin_events (
    sequence       BIGINT PRIMARY KEY,
    id             TEXT NOT NULL UNIQUE,            -- the kiosk's UUID: the idempotency key
    delegate_code  TEXT NOT NULL,
    delegate_key   TEXT COLLATE "C" NOT NULL,       -- fold_code(delegate_code)
    kind           TEXT NOT NULL CHECK (kind IN ('checkin', 'undo', 'reprint', 'print')),
    at_ms          BIGINT NOT NULL,
    day            TEXT NOT NULL,
    kiosk_id       TEXT NOT NULL,
    operator       TEXT NOT NULL DEFAULT '',
    reason         TEXT NOT NULL DEFAULT '',
    undoes         TEXT,
    pushed_by      TEXT NOT NULL,                   -- the kiosk whose token delivered it
    received_at_ms BIGINT NOT NULL,
    CHECK ((kind = 'undo') = (undoes IS NOT NULL))
);
CREATE INDEX checkin_events_by_undoes ON checkin_events (undoes) WHERE undoes IS NOT NULL;
CREATE INDEX checkin_events_checkins_by_delegate_day ON checkin_events (delegate_key, day)
    WHERE kind = 'checkin';

CREATE TABLE hub_tokens (
    token_sha256  TEXT PRIMARY KEY,                 -- hex; the token itself is never stored
    kiosk         TEXT NOT NULL,
    created_at_ms BIGINT NOT NULL,
    role          TEXT NOT NULL DEFAULT 'kiosk' CHECK (role IN ('kiosk', 'dashboard', 'organiser')),
    last_day      TEXT,                             -- valid through its end (venue time); NULL: never expires
    revoked_at_ms BIGINT                            -- NULL: not revoked
);
CREATE INDEX hub_tokens_by_kiosk ON hub_tokens (kiosk);
)sql",
    // 2: the journal is append only, as the mirror's is: a check-in that happened stays a fact, whoever
    // connects to the database with what tool.
    R"sql(
CREATE FUNCTION checkin_events_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $body$
BEGIN
    RAISE EXCEPTION 'check-in events are append-only';
END
$body$;
CREATE TRIGGER checkin_events_are_never_changed BEFORE UPDATE OR DELETE ON checkin_events
    FOR EACH ROW EXECUTE FUNCTION checkin_events_refuse_change();
CREATE TRIGGER checkin_events_are_never_truncated BEFORE TRUNCATE ON checkin_events
    FOR EACH STATEMENT EXECUTE FUNCTION checkin_events_refuse_change();
)sql",
    // 3: the hub's TLS identity (kiosk-hub cert new): one row, so every hub instance on this database
    // presents the same key and the kiosks' pin holds for all of them.
    R"sql(
CREATE TABLE hub_tls_identity (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    certificate_pem TEXT NOT NULL,
    private_key_pem TEXT NOT NULL,
    created_at_ms   BIGINT NOT NULL
);
)sql",
    // 4: one-time enrolment secrets (kiosk-hub enrol), only as SHA-256, each worth one kiosk token until
    // it expires or is used.
    R"sql(
CREATE TABLE hub_enrolments (
    secret_sha256 TEXT PRIMARY KEY,                 -- hex; the secret itself is never stored
    kiosk         TEXT NOT NULL,
    created_at_ms BIGINT NOT NULL,
    expires_at_ms BIGINT NOT NULL,
    used_at_ms    BIGINT                            -- NULL: not used yet
);
)sql",
    // 5: signed codes (kiosk-hub keys, kiosk-hub revoke): the event's public keys and the revoked serials,
    // which kiosks pull whole (GET /api/v1/codes).
    R"sql(
CREATE TABLE code_keys (
    public_key  TEXT PRIMARY KEY,                   -- "ed25519:" and base64
    added_at_ms BIGINT NOT NULL
);
CREATE TABLE revoked_serials (
    serial TEXT PRIMARY KEY                         -- 12 lower-case hex digits
);
)sql",
    // 6: every kiosk's latest health report (POST /api/v1/kiosk-report), for the dashboard's kiosk list
    // and alerts: device states and counts, no personal data (no code scanned, no name).
    R"sql(
CREATE TABLE hub_kiosk_reports (
    kiosk            TEXT COLLATE "C" PRIMARY KEY,
    version          TEXT NOT NULL,
    backlog          BIGINT NOT NULL,
    printer          TEXT NOT NULL CHECK (printer IN ('ready', 'problem', 'none', 'unknown')),
    printer_problems TEXT NOT NULL DEFAULT '',      -- the drivers' problem names, one a line
    labels_left      BIGINT,                        -- NULL: the printer does not report it
    scanners         BIGINT NOT NULL,
    last_scan_at_ms  BIGINT,                        -- NULL: no code read yet
    received_at_ms   BIGINT NOT NULL                -- the hub's clock: the kiosk's last contact
);
)sql",
    // 7: what kiosk-hub purge keeps of the people it removes (the mirror's anonymous_counts): how many were
    // expected and checked in, per day and group, summed over every purge.
    R"sql(
CREATE TABLE anonymous_counts (
    day         TEXT NOT NULL,                      -- ISO date
    role        TEXT NOT NULL,
    voivodeship TEXT NOT NULL,
    partnership TEXT NOT NULL,
    registered  BIGINT NOT NULL,
    checked_in  BIGINT NOT NULL,
    PRIMARY KEY (day, role, voivodeship, partnership)
);
)sql",
    // 8: many events on one hub (issue 16, item 4). The single event row becomes the first event (id 1,
    // slug event-1) and every delegate already held belongs to it; the `event` table stays, unread, for
    // an older hub program reading this database.
    R"sql(
CREATE TABLE events (
    id            BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    slug          TEXT COLLATE "C" NOT NULL UNIQUE,
    name          TEXT NOT NULL DEFAULT '',
    english_name  TEXT NOT NULL DEFAULT '',
    days          TEXT NOT NULL DEFAULT '',         -- ISO dates, comma separated, sorted
    venue         TEXT NOT NULL DEFAULT '',
    created_at_ms BIGINT NOT NULL
);
INSERT INTO events (id, slug, name, days, created_at_ms) SELECT 1, 'event-1', name, days, 0 FROM event
    WHERE id = 1;
SELECT setval(pg_get_serial_sequence('events', 'id'), 1);
ALTER TABLE delegates ADD COLUMN event_id BIGINT NOT NULL DEFAULT 1 REFERENCES events (id);
ALTER TABLE hub_tokens ADD COLUMN event_id BIGINT NOT NULL DEFAULT 1 REFERENCES events (id);
ALTER TABLE hub_enrolments ADD COLUMN event_id BIGINT NOT NULL DEFAULT 1 REFERENCES events (id);
CREATE INDEX delegates_by_event_version_and_code ON delegates (event_id, row_version, code_key);
)sql",
    // 9: a kiosk's report carries the event of the token that sent it, and a purge keeps its counts per
    // event. A report kept before is its kiosk's newest token's event's, as the dashboard guessed then
    // (the first event's for a kiosk with no token); counts kept before are the first event's, the only
    // one a purge could purge.
    R"sql(
ALTER TABLE hub_kiosk_reports ADD COLUMN event_id BIGINT REFERENCES events (id);
UPDATE hub_kiosk_reports r SET event_id = COALESCE((SELECT t.event_id FROM hub_tokens t
    WHERE t.kiosk = r.kiosk COLLATE "C" ORDER BY t.created_at_ms DESC LIMIT 1), 1);
ALTER TABLE hub_kiosk_reports ALTER COLUMN event_id SET NOT NULL;
ALTER TABLE anonymous_counts ADD COLUMN event_id BIGINT NOT NULL DEFAULT 1 REFERENCES events (id);
ALTER TABLE anonymous_counts DROP CONSTRAINT anonymous_counts_pkey;
ALTER TABLE anonymous_counts ADD PRIMARY KEY (event_id, day, role, voivodeship, partnership);
)sql",
};

// Any constant the hub alone uses: the advisory lock that lets one opener migrate while others wait.
constexpr std::string_view migration_lock_key = "4242016001";

// The same rule as the mirror's attendance: a check-in stands unless an undo names it.
constexpr std::string_view standing_checkins = R"sql(
    c.kind = 'checkin' AND NOT EXISTS (
        SELECT 1 FROM checkin_events u WHERE u.kind = 'undo' AND u.undoes = c.id)
)sql";

// The delegate columns in the order read_delegate reads them (rows::delegate_columns' order).
constexpr std::string_view delegate_columns =
    "code, first_name, last_name, organisation, position, partnership, voivodeship, role, days, email, "
    "status, origin, row_version";

constexpr std::string_view event_columns =
    "id, delegate_code, kind, at_ms, day, kiosk_id, operator, reason, undoes";

constexpr std::size_t pool_size = 4;

Delegate read_delegate(const QueryResult& result, std::size_t row, std::size_t column) {
    Delegate delegate;
    delegate.code = result.text(row, column++);
    delegate.first_name = result.text(row, column++);
    delegate.last_name = result.text(row, column++);
    delegate.organisation = result.text(row, column++);
    delegate.position = result.text(row, column++);
    delegate.partnership = result.text(row, column++);
    delegate.voivodeship = result.text(row, column++);
    delegate.role = result.text(row, column++);
    delegate.days = rows::days_from_text(result.text(row, column++));
    delegate.email = result.text(row, column++);
    delegate.status = delegate_status_from(result.text(row, column++)).value_or(DelegateStatus::active);
    delegate.origin = delegate_origin_from(result.text(row, column++)).value_or(DelegateOrigin::roster);
    delegate.row_version = result.integer(row, column);
    return delegate;
}

CheckinEvent read_event(const QueryResult& result, std::size_t row, std::size_t column) {
    CheckinEvent event;
    event.id = result.text(row, column++);
    event.delegate_code = result.text(row, column++);
    event.kind = event_kind_from(result.text(row, column++)).value_or(EventKind::checkin);
    event.at_milliseconds = result.integer(row, column++);
    event.day = parse_iso_day(result.text(row, column++)).value_or(Day{});
    event.kiosk_id = result.text(row, column++);
    event.operator_name = result.text(row, column++);
    event.reason = result.text(row, column++);
    event.undoes = result.text(row, column);
    event.uploaded = true; // on the hub every event is held by the hub
    return event;
}

// A batch of delegates as one array per column, for INSERT … SELECT FROM unnest(…): the 13 columns of
// delegate_columns with code_key after the code.
struct DelegateColumns {
    std::array<std::vector<std::string>, 14> columns;

    void add(const Delegate& delegate, DelegateStatus status, DelegateOrigin origin, std::int64_t version) {
        std::size_t column = 0;
        columns[column++].push_back(delegate.code);
        columns[column++].push_back(fold_code(delegate.code));
        for (const std::string* text :
             {&delegate.first_name, &delegate.last_name, &delegate.organisation, &delegate.position,
              &delegate.partnership, &delegate.voivodeship, &delegate.role}) {
            columns[column++].push_back(*text);
        }
        columns[column++].push_back(rows::days_to_text(delegate.days));
        columns[column++].push_back(delegate.email);
        columns[column++].push_back(std::string(to_string(status)));
        columns[column++].push_back(std::string(to_string(origin)));
        columns[column].push_back(std::to_string(version));
    }
    bool empty() const { return columns[0].empty(); }
    std::vector<Parameter> parameters() const {
        std::vector<Parameter> parameters;
        for (const auto& column : columns) {
            parameters.emplace_back(postgresql::text_array(column));
        }
        return parameters;
    }
};

// unnest($1 … $14) AS d(code, code_key, …, row_version), typed as the delegates' columns; with
// `ids_parameter`, that parameter's bigint[] comes first as d.id (arrays unnest side by side, in step).
std::string unnest_delegates(std::optional<int> ids_parameter = std::nullopt) {
    std::string arrays;
    if (ids_parameter) {
        arrays = fmt::format("${}::bigint[], ", *ids_parameter);
    }
    for (int parameter = 1; parameter <= 13; ++parameter) {
        arrays += fmt::format("${}::text[], ", parameter);
    }
    arrays += "$14::bigint[]";
    return fmt::format("unnest({}) AS d({}code, code_key, first_name, last_name, organisation, position, "
                       "partnership, voivodeship, role, days, email, status, origin, row_version)",
                       arrays, ids_parameter ? "id, " : "");
}

// A few connections shared by the server's threads: a call borrows one for its statements and gives it
// back, so a transaction never shares its connection.
class ConnectionPool {
public:
    explicit ConnectionPool(std::string uri) : m_uri(std::move(uri)) {}

    class Lease {
    public:
        Lease(ConnectionPool& pool, std::unique_ptr<Connection> connection)
            : m_pool(&pool), m_connection(std::move(connection)) {}
        Lease(Lease&& other) noexcept = default;
        Lease& operator=(Lease&&) = delete;
        Lease(const Lease&) = delete;
        Lease& operator=(const Lease&) = delete;
        ~Lease() {
            if (m_connection) {
                m_pool->give_back(std::move(m_connection));
            }
        }
        Connection& operator*() { return *m_connection; }
        Connection* operator->() { return m_connection.get(); }

    private:
        ConnectionPool* m_pool;
        std::unique_ptr<Connection> m_connection;
    };

    Result<Lease> borrow() {
        std::unique_lock lock(m_mutex);
        m_returned.wait(lock, [&] { return !m_idle.empty() || m_open < pool_size; });
        if (!m_idle.empty()) {
            auto connection = std::move(m_idle.back());
            m_idle.pop_back();
            return Lease(*this, std::move(connection));
        }
        ++m_open;
        lock.unlock();
        auto opened = Connection::open(m_uri);
        if (!opened) {
            lock.lock();
            --m_open;
            m_returned.notify_one();
            return fail(opened.error());
        }
        return Lease(*this, std::make_unique<Connection>(std::move(*opened)));
    }

private:
    void give_back(std::unique_ptr<Connection> connection) {
        std::lock_guard lock(m_mutex);
        if (connection->is_healthy()) {
            m_idle.push_back(std::move(connection));
        } else {
            --m_open; // the server went away or the connection broke: the next borrower opens a new one
        }
        m_returned.notify_one();
    }

    std::string m_uri;
    std::mutex m_mutex;
    std::condition_variable m_returned;
    std::vector<std::unique_ptr<Connection>> m_idle;
    std::size_t m_open = 0;
};

Result<void> migrate(Connection& connection) {
    auto transaction = Transaction::begin(connection);
    if (!transaction) {
        return fail(transaction.error());
    }
    // Held to the end of the transaction: a second hub opening now waits here and then finds the schema
    // made.
    if (auto locked = connection.execute(fmt::format("SELECT pg_advisory_xact_lock({})", migration_lock_key));
        !locked) {
        return fail(locked.error());
    }
    if (auto made = connection.execute("CREATE TABLE IF NOT EXISTS schema_migrations ("
                                       "version INTEGER PRIMARY KEY, applied_at_ms BIGINT NOT NULL)");
        !made) {
        return fail(made.error());
    }
    auto current = connection.execute("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
    if (!current) {
        return fail(current.error());
    }
    const auto version = current->integer(0, 0);
    if (version > postgresql_schema_version()) {
        return fail(Error::storage(fmt::format("this hub database has schema version {}, newer than this "
                                               "program knows ({}); update the program",
                                               version, postgresql_schema_version())));
    }
    for (auto next = version; next < postgresql_schema_version(); ++next) {
        if (auto applied = connection.execute_script(migrations[static_cast<std::size_t>(next)]); !applied) {
            Error error = Error::storage(fmt::format("cannot apply the hub's schema migration {}", next + 1));
            error.detail = applied.error().detail;
            return fail(std::move(error));
        }
        if (auto recorded =
                connection.execute("INSERT INTO schema_migrations (version, applied_at_ms) VALUES ($1, $2)",
                                   {std::to_string(next + 1), std::to_string(base::now_unix_milliseconds())});
            !recorded) {
            return fail(recorded.error());
        }
    }
    return transaction->commit();
}

class PostgresqlHubStore final : public HubStore {
public:
    PostgresqlHubStore(std::string uri, HubClock clock) : m_clock(std::move(clock)), m_pool(std::move(uri)) {}

    Result<void> open() {
        auto connection = m_pool.borrow();
        if (!connection) {
            return fail(connection.error());
        }
        return migrate(**connection);
    }

    Result<ImportSummary> import_event_roster(std::int64_t event_id, const std::vector<RosterEntry>& entries,
                                              const std::optional<Event>& event_update,
                                              const ProgressCallback& progress) override;
    Result<HubEvent> create_event(const EventRequest& request) override;
    Result<std::vector<HubEvent>> list_events() override;
    Result<std::string> create_token(std::string_view kiosk) override {
        TokenRequest request;
        request.kiosk = std::string(kiosk);
        return issue_token(request);
    }
    Result<std::optional<TokenHolder>> token_holder(std::string_view token) override;
    Result<std::string> issue_token(const TokenRequest& request) override;
    Result<std::vector<TokenListing>> list_tokens() override;
    Result<std::size_t> revoke_tokens(std::string_view kiosk) override;
    Result<HealthReply> health(std::string_view kiosk) override;
    Result<RosterPage> roster_since(std::int64_t event_id, const RosterCursor& cursor,
                                    std::size_t limit) override;
    Result<PushReply> push(std::int64_t event_id, const PushRequest& request) override;
    Result<EventsPage> events_since(std::int64_t event_id, std::int64_t sequence, std::size_t limit) override;
    Result<HubStatistics> statistics(std::int64_t event_id) override;
    using HubStore::statistics;
    Result<PurgeSummary> purge(std::int64_t event_id, const PurgeRequest& request) override;
    Result<std::vector<AnonymousCount>> anonymous_counts(std::int64_t event_id) override;
    Result<void> save_tls_identity(const TlsIdentity& identity) override {
        auto saved =
            query("INSERT INTO hub_tls_identity (id, certificate_pem, private_key_pem, created_at_ms) "
                  "VALUES (1, $1, $2, $3) ON CONFLICT (id) DO UPDATE SET certificate_pem = "
                  "EXCLUDED.certificate_pem, private_key_pem = EXCLUDED.private_key_pem, "
                  "created_at_ms = EXCLUDED.created_at_ms",
                  {identity.certificate_pem, identity.private_key_pem, std::to_string(m_clock())});
        if (!saved) {
            return fail(saved.error());
        }
        return {};
    }
    Result<std::optional<TlsIdentity>> tls_identity() override {
        auto found = query("SELECT certificate_pem, private_key_pem FROM hub_tls_identity WHERE id = 1");
        if (!found) {
            return fail(found.error());
        }
        if (found->rows() == 0) {
            return std::optional<TlsIdentity>{};
        }
        return std::optional<TlsIdentity>(TlsIdentity{found->text(0, 0), found->text(0, 1)});
    }

    Result<std::string> create_enrolment(std::int64_t event_id, std::string_view kiosk,
                                         std::int64_t now) override;
    Result<EnrolReply> redeem_enrolment(std::string_view secret, std::int64_t now) override;

    Result<CodeLists> code_lists() override {
        auto keys = query("SELECT public_key FROM code_keys ORDER BY added_at_ms, public_key");
        if (!keys) {
            return fail(keys.error());
        }
        auto serials = query("SELECT serial FROM revoked_serials ORDER BY serial");
        if (!serials) {
            return fail(serials.error());
        }
        CodeLists lists;
        for (std::size_t row = 0; row < keys->rows(); ++row) {
            lists.public_keys.push_back(keys->text(row, 0));
        }
        for (std::size_t row = 0; row < serials->rows(); ++row) {
            lists.revoked_serials.push_back(serials->text(row, 0));
        }
        return lists;
    }
    Result<bool> add_code_key(const std::string& public_key) override {
        // The limit is checked in the statement, so two instances adding at once cannot pass it together
        // by much (each sees the other's row once committed).
        auto added = query("INSERT INTO code_keys (public_key, added_at_ms) SELECT $1, $2 "
                           "WHERE (SELECT COUNT(*) FROM code_keys) < $3 ON CONFLICT (public_key) DO NOTHING",
                           {public_key, std::to_string(m_clock()), std::to_string(code_keys_maximum)});
        if (!added) {
            return fail(added.error());
        }
        if (added->affected_rows() > 0) {
            return true;
        }
        auto held = query("SELECT 1 FROM code_keys WHERE public_key = $1", {public_key});
        if (!held) {
            return fail(held.error());
        }
        if (held->rows() == 0) {
            return fail(
                Error{ErrorKind::refused,
                      fmt::format("the hub holds {} keys already, as many as kiosks take; remove one first "
                                  "(kiosk-hub keys remove)",
                                  code_keys_maximum)});
        }
        return false;
    }
    Result<bool> remove_code_key(const std::string& public_key) override {
        auto removed = query("DELETE FROM code_keys WHERE public_key = $1", {public_key});
        if (!removed) {
            return fail(removed.error());
        }
        return removed->affected_rows() > 0;
    }
    Result<std::int64_t> record_kiosk_report(std::int64_t event_id, const KioskReport& report) override;
    Result<std::vector<KioskHealth>> kiosk_health() override;

    Result<std::size_t> revoke_serials(const std::vector<std::string>& serials) override {
        auto held = query("SELECT COUNT(*) FROM revoked_serials");
        if (!held) {
            return fail(held.error());
        }
        if (static_cast<std::size_t>(held->integer(0, 0)) + serials.size() > revoked_serials_maximum) {
            return fail(
                Error{ErrorKind::refused, fmt::format("the hub would hold more than {} revoked serials, "
                                                      "as many as kiosks take",
                                                      revoked_serials_maximum)});
        }
        auto added = query("INSERT INTO revoked_serials (serial) SELECT unnest($1::text[]) "
                           "ON CONFLICT (serial) DO NOTHING",
                           {postgresql::text_array(serials)});
        if (!added) {
            return fail(added.error());
        }
        return added->affected_rows();
    }

private:
    // One statement on a borrowed connection, outside any transaction.
    Result<QueryResult> query(std::string_view sql, const std::vector<Parameter>& parameters = {}) {
        auto connection = m_pool.borrow();
        if (!connection) {
            return fail(connection.error());
        }
        return (*connection)->execute(sql, parameters);
    }
    Result<PushReply> push_once(Connection& connection, std::int64_t event_id, const PushRequest& request);

    HubClock m_clock;
    ConnectionPool m_pool;
};

Result<ImportSummary> PostgresqlHubStore::import_event_roster(std::int64_t event_id,
                                                              const std::vector<RosterEntry>& entries,
                                                              const std::optional<Event>& event_update,
                                                              const ProgressCallback& progress) {
    auto connection = m_pool.borrow();
    if (!connection) {
        return fail(connection.error());
    }
    auto transaction = Transaction::begin(**connection);
    if (!transaction) {
        return fail(transaction.error());
    }
    // The roster version's row, locked to the commit: imports and walk-ins take their versions in turn.
    auto version =
        (*connection)->execute("SELECT value FROM counters WHERE name = 'roster_version' FOR UPDATE");
    if (!version) {
        return fail(version.error());
    }
    ImportSummary summary;
    summary.roster_version = version->integer(0, 0) + 1;

    struct ExistingRow {
        std::int64_t id = 0;
        Delegate delegate;
    };
    // The event's row, locked to the commit as well: it exists, and its name and days change with the roster.
    auto event_row =
        (*connection)->execute("SELECT 1 FROM events WHERE id = $1 FOR UPDATE", {std::to_string(event_id)});
    if (!event_row) {
        return fail(event_row.error());
    }
    if (event_row->rows() == 0) {
        return fail(
            Error{ErrorKind::not_found,
                  fmt::format("this hub holds no event number {}; see kiosk-hub event list", event_id)});
    }
    std::unordered_map<std::string, ExistingRow> existing;
    std::unordered_set<std::string> elsewhere; // codes of the hub's other events
    auto held =
        (*connection)->execute(fmt::format("SELECT id, event_id, {} FROM delegates", delegate_columns));
    if (!held) {
        return fail(held.error());
    }
    for (std::size_t row = 0; row < held->rows(); ++row) {
        Delegate delegate = read_delegate(*held, row, 2);
        auto key = code_comparison_key(delegate.code);
        if (held->integer(row, 1) != event_id) {
            elsewhere.insert(std::move(key));
            continue;
        }
        existing.emplace(std::move(key), ExistingRow{held->integer(row, 0), std::move(delegate)});
    }
    if (auto checked = refuse_codes_of_other_events(entries, elsewhere); !checked) {
        return fail(checked.error());
    }

    // The same decisions as Mirror::apply_roster, row by row; the writes go in a few statements after.
    DelegateColumns added;
    DelegateColumns updated;
    std::vector<std::int64_t> updated_ids;
    std::unordered_set<std::string> seen;
    seen.reserve(entries.size());
    for (std::size_t index = 0; index < entries.size(); ++index) {
        if (progress && index % 4096 == 0) {
            progress(index, entries.size());
        }
        const auto& delegate = entries[index].delegate;
        auto key = code_comparison_key(delegate.code);
        const auto found = existing.find(key);
        seen.insert(std::move(key));
        if (found == existing.end()) {
            ++summary.added;
            added.add(delegate, DelegateStatus::active, DelegateOrigin::roster, summary.roster_version);
            continue;
        }
        const auto& old = found->second.delegate;
        if (old.same_details(delegate) && old.status == DelegateStatus::active &&
            old.origin == DelegateOrigin::roster) {
            ++summary.unchanged;
            continue;
        }
        ++summary.updated;
        if (old.status == DelegateStatus::cancelled) {
            ++summary.reactivated;
        }
        updated.add(delegate, DelegateStatus::active, DelegateOrigin::roster, summary.roster_version);
        updated_ids.push_back(found->second.id);
    }
    std::vector<std::int64_t> cancelled_ids;
    for (const auto& [key, row] : existing) {
        if (seen.contains(key) || row.delegate.origin != DelegateOrigin::roster ||
            row.delegate.status != DelegateStatus::active) {
            continue;
        }
        ++summary.cancelled;
        cancelled_ids.push_back(row.id);
    }
    if (progress) {
        progress(entries.size(), entries.size());
    }

    if (!added.empty()) {
        static const std::string insert_sql =
            fmt::format("INSERT INTO delegates (code, code_key, first_name, last_name, organisation, "
                        "position, partnership, "
                        "voivodeship, role, days, email, status, origin, row_version, event_id) "
                        "SELECT d.*, $15::bigint FROM {}",
                        unnest_delegates());
        auto parameters = added.parameters();
        parameters.emplace_back(std::to_string(event_id));
        if (auto inserted = (*connection)->execute(insert_sql, parameters); !inserted) {
            return fail(inserted.error());
        }
    }
    if (!updated.empty()) {
        static const std::string update_sql = fmt::format(
            "UPDATE delegates SET code = d.code, code_key = d.code_key, first_name = d.first_name, "
            "last_name = d.last_name, organisation = d.organisation, position = d.position, "
            "partnership = d.partnership, voivodeship = d.voivodeship, role = d.role, days = d.days, "
            "email = d.email, status = d.status, origin = d.origin, row_version = d.row_version "
            "FROM {} WHERE delegates.id = d.id",
            unnest_delegates(15));
        auto parameters = updated.parameters();
        parameters.emplace_back(postgresql::integer_array(updated_ids));
        if (auto changed = (*connection)->execute(update_sql, parameters); !changed) {
            return fail(changed.error());
        }
    }
    if (!cancelled_ids.empty()) {
        if (auto cancelled = (*connection)
                                 ->execute("UPDATE delegates SET status = 'cancelled', row_version = $1 "
                                           "WHERE id = ANY($2::bigint[])",
                                           {std::to_string(summary.roster_version),
                                            postgresql::integer_array(cancelled_ids)});
            !cancelled) {
            return fail(cancelled.error());
        }
    }
    const bool changed = summary.added + summary.updated + summary.cancelled > 0;
    if (!changed) {
        --summary.roster_version; // nothing changed, so no new version
    }
    if (event_update) {
        if (auto stored = (*connection)
                              ->execute("UPDATE events SET name = $1, days = $2 WHERE id = $3",
                                        {event_update->name, rows::days_to_text(event_update->days),
                                         std::to_string(event_id)});
            !stored) {
            return fail(stored.error());
        }
    }
    if (changed) {
        if (auto bumped = (*connection)
                              ->execute("UPDATE counters SET value = $1 WHERE name = 'roster_version'",
                                        {std::to_string(summary.roster_version)});
            !bumped) {
            return fail(bumped.error());
        }
    }
    if (auto committed = transaction->commit(); !committed) {
        return fail(committed.error());
    }
    return summary;
}

Result<HubEvent> PostgresqlHubStore::create_event(const EventRequest& request) {
    if (auto checked = check_event_request(request); !checked) {
        return fail(checked.error());
    }
    // ON CONFLICT: of two hubs making the same slug at once, one makes it and the other is refused.
    auto inserted = query("INSERT INTO events (slug, name, english_name, days, venue, created_at_ms) "
                          "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (slug) DO NOTHING RETURNING id",
                          {request.slug, request.name, request.english_name, rows::days_to_text(request.days),
                           request.venue, std::to_string(m_clock())});
    if (!inserted) {
        return fail(inserted.error());
    }
    if (inserted->rows() == 0) {
        return fail(
            Error{ErrorKind::refused,
                  fmt::format("this hub has an event {} already; choose another slug", request.slug)});
    }
    return HubEvent{inserted->integer(0, 0), request.slug, request.name,
                    request.english_name,    request.days, request.venue};
}

Result<std::vector<HubEvent>> PostgresqlHubStore::list_events() {
    auto found = query("SELECT id, slug, name, english_name, days, venue FROM events ORDER BY id");
    if (!found) {
        return fail(found.error());
    }
    std::vector<HubEvent> events;
    for (std::size_t row = 0; row < found->rows(); ++row) {
        events.push_back(HubEvent{found->integer(row, 0), found->text(row, 1), found->text(row, 2),
                                  found->text(row, 3), rows::days_from_text(found->text(row, 4)),
                                  found->text(row, 5)});
    }
    return events;
}

Result<std::string> PostgresqlHubStore::issue_token(const TokenRequest& request) {
    if (auto checked = check_identifier("the kiosk's name", request.kiosk); !checked) {
        return fail(checked.error());
    }
    std::array<unsigned char, token_bytes> bytes{};
    base::random_bytes(bytes);
    const std::string token = base::hex_lower(bytes);
    Parameter last_day;
    if (request.last_day) {
        last_day = format_iso_day(*request.last_day);
    }
    auto inserted =
        query("INSERT INTO hub_tokens (token_sha256, kiosk, created_at_ms, role, last_day, event_id) "
              "SELECT $1, $2, $3, $4, $5, id FROM events WHERE id = $6",
              {base::sha256_hex(token), request.kiosk, std::to_string(m_clock()),
               std::string(to_string(request.role)), last_day, std::to_string(request.event_id)});
    if (!inserted) {
        return fail(inserted.error());
    }
    if (inserted->affected_rows() == 0) {
        return fail(Error{ErrorKind::not_found, fmt::format("this hub holds no event number {}; see "
                                                            "kiosk-hub event list",
                                                            request.event_id)});
    }
    return token;
}

Result<std::optional<TokenHolder>> PostgresqlHubStore::token_holder(std::string_view token) {
    // Only the digest is compared, so how long the look-up takes says nothing about the stored tokens.
    if (!is_token_shaped(token)) {
        return std::optional<TokenHolder>{};
    }
    // The venue's day now, compared with the token's last day as ISO text (which sorts as dates do).
    const std::string today = format_iso_day(base::local_day(m_clock()));
    auto found = query("SELECT kiosk, role, event_id FROM hub_tokens WHERE token_sha256 = $1 "
                       "AND revoked_at_ms IS NULL AND (last_day IS NULL OR last_day >= $2)",
                       {base::sha256_hex(token), today});
    if (!found) {
        return fail(found.error());
    }
    std::optional<TokenHolder> holder;
    if (found->rows() > 0) {
        holder = TokenHolder{found->text(0, 0), token_role_from(found->text(0, 1)).value_or(TokenRole::kiosk),
                             found->integer(0, 2)};
    }
    return holder;
}

Result<std::vector<TokenListing>> PostgresqlHubStore::list_tokens() {
    auto found = query("SELECT kiosk, role, created_at_ms, last_day, revoked_at_ms, event_id FROM hub_tokens "
                       "ORDER BY created_at_ms, kiosk COLLATE \"C\"");
    if (!found) {
        return fail(found.error());
    }
    std::vector<TokenListing> listings;
    for (std::size_t row = 0; row < found->rows(); ++row) {
        TokenListing listing;
        listing.kiosk = found->text(row, 0);
        listing.role = token_role_from(found->text(row, 1)).value_or(TokenRole::kiosk);
        listing.created_at_milliseconds = found->integer(row, 2);
        if (!found->is_null(row, 3)) {
            listing.last_day = parse_iso_day(found->text(row, 3));
        }
        if (!found->is_null(row, 4)) {
            listing.revoked_at_milliseconds = found->integer(row, 4);
        }
        listing.event_id = found->integer(row, 5);
        listings.push_back(std::move(listing));
    }
    return listings;
}

Result<std::size_t> PostgresqlHubStore::revoke_tokens(std::string_view kiosk) {
    auto updated =
        query("UPDATE hub_tokens SET revoked_at_ms = $1 WHERE kiosk = $2 AND revoked_at_ms IS NULL",
              {std::to_string(m_clock()), std::string(kiosk)});
    if (!updated) {
        return fail(updated.error());
    }
    return updated->affected_rows();
}

Result<HealthReply> PostgresqlHubStore::health(std::string_view kiosk) {
    auto counters = query("SELECT (SELECT value FROM counters WHERE name = 'roster_version'), "
                          "(SELECT value FROM counters WHERE name = 'event_sequence')");
    if (!counters) {
        return fail(counters.error());
    }
    HealthReply reply;
    reply.kiosk = std::string(kiosk);
    reply.roster_version = counters->integer(0, 0);
    reply.last_sequence = counters->integer(0, 1);
    return reply;
}

Result<RosterPage> PostgresqlHubStore::roster_since(std::int64_t event_id, const RosterCursor& cursor,
                                                    std::size_t limit) {
    limit = std::clamp<std::size_t>(limit, 1, roster_page_maximum);
    // One statement, so the page, the version and the event are from the same snapshot. Pages run in
    // (row_version, folded code) order: the SQLite store's (row_version, code NOCASE) order.
    static const std::string from_version_sql =
        fmt::format("SELECT e.name, e.days, c.value, d.* FROM events e CROSS JOIN counters c "
                    "LEFT JOIN LATERAL (SELECT {}, code_key FROM delegates WHERE row_version > $1 "
                    "AND event_id = $3 "
                    "ORDER BY row_version, code_key LIMIT $2) d ON true "
                    "WHERE e.id = $3 AND c.name = 'roster_version' ORDER BY d.row_version, d.code_key",
                    delegate_columns);
    static const std::string after_code_sql =
        fmt::format("SELECT e.name, e.days, c.value, d.* FROM events e CROSS JOIN counters c "
                    "LEFT JOIN LATERAL (SELECT {}, code_key FROM delegates WHERE (row_version, code_key) > "
                    "($1::bigint, $2::text COLLATE \"C\") AND event_id = $4 ORDER BY row_version, code_key "
                    "LIMIT $3) d ON true "
                    "WHERE e.id = $4 AND c.name = 'roster_version' ORDER BY d.row_version, d.code_key",
                    delegate_columns);
    auto found = cursor.after_code.empty()
                     ? query(from_version_sql, {std::to_string(cursor.since), std::to_string(limit + 1),
                                                std::to_string(event_id)})
                     : query(after_code_sql, {std::to_string(cursor.since), fold_code(cursor.after_code),
                                              std::to_string(limit + 1), std::to_string(event_id)});
    if (!found) {
        return fail(found.error());
    }
    RosterPage page;
    for (std::size_t row = 0; row < found->rows(); ++row) {
        if (row == 0) {
            page.event.name = found->text(row, 0);
            page.event.days = rows::days_from_text(found->text(row, 1));
            page.roster_version = found->integer(row, 2);
        }
        if (!found->is_null(row, 3)) {
            page.delegates.push_back(read_delegate(*found, row, 3));
        }
    }
    // One row more than asked for says whether another page follows.
    if (page.delegates.size() > limit) {
        page.delegates.pop_back();
        page.next = RosterCursor{page.delegates.back().row_version, page.delegates.back().code};
    }
    return page;
}

Result<PushReply> PostgresqlHubStore::push(std::int64_t event_id, const PushRequest& request) {
    if (auto checked = check_push_request(request); !checked) {
        return fail(checked.error());
    }
    auto connection = m_pool.borrow();
    if (!connection) {
        return fail(connection.error());
    }
    return push_once(**connection, event_id, request);
}

Result<PushReply> PostgresqlHubStore::push_once(Connection& connection, std::int64_t event_id,
                                                const PushRequest& request) {
    auto transaction = Transaction::begin(connection);
    if (!transaction) {
        return fail(transaction.error());
    }
    // The event's days and what the hub holds of the codes and ids the push names, in one statement and
    // before the sequence's lock, so concurrent pushes do this part side by side. Facts only grow (the
    // roster and the journal are never deleted from), so judging on them now and storing under the lock
    // later is as if this push had been judged just before the ones it overlaps.
    std::vector<std::string> codes;
    std::vector<std::string> ids;
    {
        std::unordered_set<std::string> asked_codes;
        std::unordered_set<std::string_view> asked_ids;
        for (const auto& event : request.events) {
            if (auto code = fold_code(event.delegate_code); asked_codes.insert(code).second) {
                codes.push_back(std::move(code));
            }
            if (event.kind == EventKind::undo && !event.undoes.empty() &&
                asked_ids.insert(event.undoes).second) {
                ids.push_back(event.undoes);
            }
        }
    }
    auto facts = connection.execute(
        "SELECT 'days', days, NULL FROM events WHERE id = $3 "
        "UNION ALL SELECT 'code', code_key, NULL FROM delegates WHERE code_key = ANY($1::text[]) "
        "AND event_id = $3 "
        "UNION ALL SELECT 'checkin', id, delegate_key FROM checkin_events "
        "WHERE kind = 'checkin' AND id = ANY($2::text[])",
        {postgresql::text_array(codes), postgresql::text_array(ids), std::to_string(event_id)});
    if (!facts) {
        return fail(facts.error());
    }
    EventRules rules;
    rules.now_milliseconds = m_clock();
    rules.sender_kiosk = request.kiosk_id;
    HeldFacts held;
    bool event_held = false;
    for (std::size_t row = 0; row < facts->rows(); ++row) {
        const std::string kind = facts->text(row, 0);
        if (kind == "days") {
            event_held = true;
            rules.event_days = rows::days_from_text(facts->text(row, 1));
        } else if (kind == "code") {
            held.roster_codes.insert(facts->text(row, 1));
        } else {
            held.checkins.emplace(facts->text(row, 1), facts->text(row, 2));
        }
    }
    if (!event_held) {
        return fail(
            Error{ErrorKind::not_found,
                  fmt::format("this hub holds no event number {}; see kiosk-hub event list", event_id)});
    }
    auto verdict = check_batch(request.events, request.walk_ins, rules, held);
    std::unordered_set<std::string_view> refused_ids;
    for (const auto& refused : verdict.refused_events) {
        refused_ids.insert(refused.id);
    }
    const std::unordered_set<std::size_t> refused_walk_ins(verdict.refused_walk_ins.begin(),
                                                           verdict.refused_walk_ins.end());
    PushReply reply;

    // The events to store, one array per column in the push's order: each id once, refused ones left out.
    std::array<std::vector<std::optional<std::string>>, 10> columns;
    std::unordered_set<std::string_view> seen;
    for (const auto& event : request.events) {
        if (refused_ids.contains(event.id)) {
            continue;
        }
        if (!seen.insert(event.id).second) {
            ++reply.duplicates; // the same id twice in one request: stored once, acknowledged once
            continue;
        }
        reply.acknowledged.push_back(event.id);
        columns[0].emplace_back(event.id);
        columns[1].emplace_back(event.delegate_code);
        columns[2].emplace_back(fold_code(event.delegate_code));
        columns[3].emplace_back(std::string(to_string(event.kind)));
        columns[4].emplace_back(std::to_string(event.at_milliseconds));
        columns[5].emplace_back(format_iso_day(event.day));
        columns[6].emplace_back(event.kiosk_id);
        columns[7].emplace_back(event.operator_name);
        columns[8].emplace_back(event.reason);
        columns[9].emplace_back(event.undoes.empty() ? std::nullopt
                                                     : std::optional<std::string>(event.undoes));
    }
    std::vector<Parameter> parameters = {std::nullopt, request.kiosk_id, std::to_string(m_clock())};
    for (const auto& column : columns) {
        parameters.emplace_back(postgresql::text_array(column));
    }

    // Walk-ins before events, so the check-ins of a walk-in never arrive ahead of the person. A code the
    // hub holds (either case) is left as it is, as is a second walk-in of the same code in this push.
    if (request.walk_ins.size() > refused_walk_ins.size()) {
        // The roster version's row, locked to the commit: imports and walk-ins take versions in turn.
        auto version =
            connection.execute("SELECT value FROM counters WHERE name = 'roster_version' FOR UPDATE");
        if (!version) {
            return fail(version.error());
        }
        const std::int64_t new_version = version->integer(0, 0) + 1;
        DelegateColumns walk_ins;
        std::unordered_set<std::string> walk_in_codes;
        for (std::size_t index = 0; index < request.walk_ins.size(); ++index) {
            const auto& walk_in = request.walk_ins[index];
            if (refused_walk_ins.contains(index) || !walk_in_codes.insert(fold_code(walk_in.code)).second) {
                continue;
            }
            walk_ins.add(walk_in, walk_in.status, DelegateOrigin::walk_in, new_version);
        }
        static const std::string insert_sql =
            fmt::format("INSERT INTO delegates (code, code_key, first_name, last_name, organisation, "
                        "position, partnership, "
                        "voivodeship, role, days, email, status, origin, row_version, event_id) "
                        "SELECT d.*, $15::bigint FROM {} ON CONFLICT (code_key) DO NOTHING",
                        unnest_delegates());
        auto walk_in_parameters = walk_ins.parameters();
        walk_in_parameters.emplace_back(std::to_string(event_id));
        auto inserted = connection.execute(insert_sql, walk_in_parameters);
        if (!inserted) {
            return fail(inserted.error());
        }
        reply.walk_ins_added = inserted->affected_rows();
        if (reply.walk_ins_added > 0) {
            if (auto bumped =
                    connection.execute("UPDATE counters SET value = $1 WHERE name = 'roster_version'",
                                       {std::to_string(new_version)});
                !bumped) {
                return fail(bumped.error());
            }
        }
    }

    if (!reply.acknowledged.empty()) {
        // The sequence counter's row, locked until this transaction ends. Every push takes it before it
        // numbers events, so from here pushes store one after another: the ids found held below cannot be
        // stored by another push before this one commits (two pushes of the same event cannot both store
        // it, and the numbers have no gaps), and the numbers this push hands out become visible, at its
        // commit, before any higher number can even be handed out. That is why a reader of "events since
        // N" never misses an event: when it sees a sequence, it sees every lower one too.
        auto locked =
            connection.execute("SELECT value FROM counters WHERE name = 'event_sequence' FOR UPDATE");
        if (!locked) {
            return fail(locked.error());
        }
        parameters[0] = locked->text(0, 0);
        // A statement after the lock sees every push committed before it, so "not held" is exact here.
        // New events are numbered after the last sequence in the push's order, and the counter moves past
        // them in the same statement.
        static const std::string insert_sql =
            "WITH incoming AS (SELECT t.*, row_number() OVER (ORDER BY t.n) AS position FROM "
            "unnest($4::text[], "
            "$5::text[], $6::text[], $7::text[], $8::bigint[], $9::text[], $10::text[], $11::text[], "
            "$12::text[], $13::text[]) WITH ORDINALITY AS t(id, code, code_key, kind, at_ms, day, kiosk, "
            "operator, reason, undoes, n) WHERE NOT EXISTS (SELECT 1 FROM checkin_events e WHERE e.id = "
            "t.id)), "
            "bumped AS (UPDATE counters SET value = $1::bigint + (SELECT COUNT(*) FROM incoming) "
            "WHERE name = 'event_sequence') "
            "INSERT INTO checkin_events (sequence, id, delegate_code, delegate_key, kind, at_ms, day, "
            "kiosk_id, "
            "operator, reason, undoes, pushed_by, received_at_ms) "
            "SELECT $1::bigint + position, id, code, code_key, kind, at_ms, day, kiosk, operator, reason, "
            "undoes, "
            "$2, $3::bigint FROM incoming";
        auto inserted = connection.execute(insert_sql, parameters);
        if (!inserted) {
            return fail(inserted.error());
        }
        reply.accepted = inserted->affected_rows();
        reply.duplicates += reply.acknowledged.size() - reply.accepted;
    }
    if (auto committed = transaction->commit(); !committed) {
        return fail(committed.error());
    }
    reply.refused = std::move(verdict.refused_events);
    return reply;
}

Result<EventsPage> PostgresqlHubStore::events_since(std::int64_t event_id, std::int64_t sequence,
                                                    std::size_t limit) {
    limit = std::clamp<std::size_t>(limit, 1, events_page_maximum);
    // One event's check-ins: its delegates' (a code belongs to one event); a code on no roster, which no
    // push stores, would be the first event's, as in the SQLite store.
    // One statement: the page and the newest sequence from the same snapshot. Whatever the snapshot holds
    // is a prefix of the sequence without holes (see push_once), so the next call from the last sequence
    // read starts exactly where this page ends.
    static const std::string events_sql = fmt::format(
        "SELECT c.value, e.* FROM counters c LEFT JOIN LATERAL (SELECT sequence, {} FROM checkin_events "
        "WHERE sequence > $1 AND COALESCE((SELECT d.event_id FROM delegates d WHERE d.code_key = "
        "checkin_events.delegate_key), 1) = $3 ORDER BY sequence LIMIT $2) e ON true "
        "WHERE c.name = 'event_sequence' ORDER BY e.sequence",
        event_columns);
    auto found =
        query(events_sql, {std::to_string(sequence), std::to_string(limit + 1), std::to_string(event_id)});
    if (!found) {
        return fail(found.error());
    }
    EventsPage page;
    for (std::size_t row = 0; row < found->rows(); ++row) {
        page.last_sequence = found->integer(row, 0);
        if (found->is_null(row, 1)) {
            continue;
        }
        SequencedEvent sequenced;
        sequenced.sequence = found->integer(row, 1);
        sequenced.event = read_event(*found, row, 2);
        page.events.push_back(std::move(sequenced));
    }
    if (page.events.size() > limit) {
        page.events.pop_back();
        page.more = true;
    }
    return page;
}

// Every table of the hub's schema and why a purge keeps it, or nothing where the purge removes the purged
// people's rows (delegates, checkin_events). A table added later without an entry, if it can hold text, is
// refused by the coverage check below instead of keeping its rows unnoticed (mirror_purge.cpp's rule).
struct KeptTable {
    std::string_view name;
    std::string_view why_kept; // empty: the purge deletes the purged people's rows
};
constexpr std::array<KeptTable, 13> postgresql_tables{{
    {"event", "the event's name and days name no one"},
    {"events", "the events' slugs, names, days and venues name no one"},
    {"counters", "numbers only"},
    {"delegates", ""},
    {"checkin_events", ""},
    {"hub_tokens", "kiosk names and token digests"},
    {"hub_tls_identity", "the hub's certificate and key"},
    {"hub_enrolments", "kiosk names and secret digests"},
    {"code_keys", "the event's public keys"},
    {"revoked_serials", "random serials; once the codes are gone they lead to no one"},
    {"anonymous_counts", "what a purge keeps: counts by day and group"},
    {"hub_kiosk_reports", "kiosk names and device states; no code, no person"},
    {"schema_migrations", "numbers only"},
}};

// The people go and anonymous counts stay, as Mirror::purge does (purge_selection.hpp decides who and
// what is counted). Everything in one transaction that holds the roster and the journal against pushes,
// whose judgement relies on facts only growing; then VACUUM FULL rewrites both tables so the removed rows
// leave the table files, and a checkpoint lets PostgreSQL recycle the WAL that held them. WAL archives,
// replicas and backups are the database administrator's: README "After the event".
Result<PurgeSummary> PostgresqlHubStore::purge(std::int64_t event_id, const PurgeRequest& request) {
    auto connection = m_pool.borrow();
    if (!connection) {
        return fail(connection.error());
    }
    Connection& database = **connection;
    auto tables = database.execute(
        "SELECT DISTINCT table_name FROM information_schema.columns WHERE table_schema = current_schema() "
        "AND data_type NOT IN ('smallint', 'integer', 'bigint', 'boolean', 'real', 'double precision', "
        "'numeric') ORDER BY table_name");
    if (!tables) {
        return fail(tables.error());
    }
    std::string uncovered;
    for (std::size_t row = 0; row < tables->rows(); ++row) {
        const std::string name = tables->text(row, 0);
        if (std::ranges::find(postgresql_tables, name, &KeptTable::name) == postgresql_tables.end()) {
            uncovered += (uncovered.empty() ? "" : ", ") + name;
        }
    }
    if (!uncovered.empty()) {
        Error refusal(ErrorKind::internal,
                      fmt::format("nothing was purged: this program does not know what to remove from the "
                                  "table(s) {}; update the program",
                                  uncovered));
        refusal.detail = "table missing from the purge list (postgresql_hub_store.cpp)";
        return fail(std::move(refusal));
    }

    PurgeSummary summary;
    {
        auto transaction = Transaction::begin(database);
        if (!transaction) {
            return fail(transaction.error());
        }
        if (auto locked = database.execute("LOCK TABLE delegates, checkin_events IN ACCESS EXCLUSIVE MODE");
            !locked) {
            return fail(locked.error());
        }
        // The event's own days judge its people; other events' people are not read.
        const std::string event_parameter = std::to_string(event_id);
        auto event_row = database.execute("SELECT name, days FROM events WHERE id = $1", {event_parameter});
        if (!event_row) {
            return fail(event_row.error());
        }
        if (event_row->rows() != 1) {
            return fail(
                Error{ErrorKind::not_found,
                      fmt::format("this hub holds no event number {}; see kiosk-hub event list", event_id)});
        }
        Event event;
        event.name = event_row->text(0, 0);
        event.days = rows::days_from_text(event_row->text(0, 1));
        auto delegates = database.execute(
            fmt::format("SELECT {} FROM delegates WHERE event_id = $1", delegate_columns), {event_parameter});
        if (!delegates) {
            return fail(delegates.error());
        }
        auto journal =
            database.execute(fmt::format("SELECT {} FROM checkin_events ORDER BY sequence", event_columns));
        if (!journal) {
            return fail(journal.error());
        }
        std::vector<CheckinEvent> events;
        events.reserve(journal->rows());
        for (std::size_t row = 0; row < journal->rows(); ++row) {
            events.push_back(read_event(*journal, row, 0));
        }
        auto attendance = attendance_from_journal(events);
        std::vector<DelegateRecord> records;
        records.reserve(delegates->rows());
        for (std::size_t row = 0; row < delegates->rows(); ++row) {
            DelegateRecord record{read_delegate(*delegates, row, 0), {}};
            if (const auto found = attendance.find(code_comparison_key(record.delegate.code));
                found != attendance.end()) {
                record.attendance = found->second;
            }
            records.push_back(std::move(record));
        }
        const PurgeSelection selection = select_purged(records, event, request);
        std::vector<std::string> keys;
        keys.reserve(selection.codes.size());
        for (const auto& code : selection.codes) {
            keys.push_back(fold_code(code));
        }
        const std::string key_array = postgresql::text_array(keys);

        for (const auto& count : selection.counts) {
            if (auto added = database.execute(
                    "INSERT INTO anonymous_counts (day, role, voivodeship, partnership, registered, "
                    "checked_in, event_id) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (event_id, day, "
                    "role, voivodeship, partnership) DO UPDATE SET registered = anonymous_counts.registered "
                    "+ "
                    "EXCLUDED.registered, checked_in = anonymous_counts.checked_in + EXCLUDED.checked_in",
                    {format_iso_day(count.day), count.role, count.voivodeship, count.partnership,
                     std::to_string(count.registered), std::to_string(count.checked_in), event_parameter});
                !added) {
                return fail(added.error());
            }
        }
        for (const auto& [name, value] :
             {std::pair<std::string_view, std::size_t>{"purged_delegates", selection.codes.size()},
              {"purged_checked_in", selection.checked_in_any_day}}) {
            if (auto added =
                    database.execute("INSERT INTO counters (name, value) VALUES ($1, $2) ON CONFLICT "
                                     "(name) DO UPDATE SET value = counters.value + EXCLUDED.value",
                                     {std::string(name), std::to_string(value)});
                !added) {
                return fail(added.error());
            }
        }
        // The journal refuses deletes (migration 2): the purge is the one deliberate exception, inside its
        // transaction, so the guard is back before anyone else can write. The purged people's events, and
        // events whose code no delegate holds when their day is before `before` (as Mirror::purge); those
        // are the first event's (events_since), so only its purge removes them.
        if (auto lowered = database.execute(
                "ALTER TABLE checkin_events DISABLE TRIGGER checkin_events_are_never_changed");
            !lowered) {
            return fail(lowered.error());
        }
        auto deleted_events = database.execute(
            "DELETE FROM checkin_events c WHERE c.delegate_key = ANY($1::text[]) OR (NOT EXISTS (SELECT 1 "
            "FROM delegates d WHERE d.code_key = c.delegate_key) AND $3 = 1 AND ($2 = '' OR c.day < $2))",
            {key_array, request.before ? format_iso_day(*request.before) : std::string(), event_parameter});
        if (!deleted_events) {
            return fail(deleted_events.error());
        }
        summary.events = deleted_events->affected_rows();
        if (auto raised = database.execute(
                "ALTER TABLE checkin_events ENABLE TRIGGER checkin_events_are_never_changed");
            !raised) {
            return fail(raised.error());
        }
        auto deleted_delegates =
            database.execute("DELETE FROM delegates WHERE code_key = ANY($1::text[])", {key_array});
        if (!deleted_delegates) {
            return fail(deleted_delegates.error());
        }
        summary.delegates = deleted_delegates->affected_rows();
        if (auto committed = transaction->commit(); !committed) {
            return fail(committed.error());
        }
    }
    // VACUUM FULL rewrites the tables without the removed rows; ANALYZE replaces the statistics, whose
    // samples of common values can hold names. pg_statistic keeps the old samples as dead rows until it
    // is vacuumed, which needs its owner: a hub user that is not a superuser gets a warning and it is left
    // to autovacuum. A checkpoint (superuser or pg_checkpoint) lets PostgreSQL recycle the WAL now rather
    // than at its own next checkpoint; the tables are purged either way.
    for (const std::string_view table : {"delegates", "checkin_events"}) {
        if (auto vacuumed = database.execute(fmt::format("VACUUM FULL {}", table)); !vacuumed) {
            return fail(vacuumed.error());
        }
    }
    if (auto analysed = database.execute("ANALYZE delegates, checkin_events"); !analysed) {
        return fail(analysed.error());
    }
    (void)database.execute("VACUUM FULL pg_catalog.pg_statistic");
    (void)database.execute("CHECKPOINT");
    return summary;
}

Result<std::vector<AnonymousCount>> PostgresqlHubStore::anonymous_counts(std::int64_t event_id) {
    auto found = query("SELECT day, role, voivodeship, partnership, registered, checked_in FROM "
                       "anonymous_counts WHERE event_id = $1 ORDER BY day, role, voivodeship, partnership",
                       {std::to_string(event_id)});
    if (!found) {
        return fail(found.error());
    }
    std::vector<AnonymousCount> counts;
    for (std::size_t row = 0; row < found->rows(); ++row) {
        if (const auto day = parse_iso_day(found->text(row, 0))) {
            counts.push_back({*day, found->text(row, 1), found->text(row, 2), found->text(row, 3),
                              static_cast<std::size_t>(found->integer(row, 4)),
                              static_cast<std::size_t>(found->integer(row, 5))});
        }
    }
    return counts;
}

Result<HubStatistics> PostgresqlHubStore::statistics(std::int64_t event_id) {
    // One statement, one snapshot. Delegates are told apart by their folded code, as the mirror's NOCASE
    // does; a journal event is its delegate's event's, as events_since decides; a duplicate is a delegate
    // with two check-ins standing on one day, counted once. The first column tells a held event (1) from
    // an unknown one (no row).
    static const std::string statistics_sql = fmt::format(
        "WITH own AS (SELECT c.* FROM checkin_events c WHERE COALESCE((SELECT d.event_id FROM delegates d "
        "WHERE d.code_key = c.delegate_key), 1) = $1) "
        "SELECT (SELECT COUNT(*) FROM delegates WHERE status = 'active' AND event_id = $1), "
        "(SELECT COUNT(DISTINCT c.delegate_key) FROM own c WHERE {0}), "
        "(SELECT COUNT(*) FROM own), "
        "(SELECT COUNT(DISTINCT delegate_key) FROM (SELECT c.delegate_key FROM own c WHERE {0} "
        "GROUP BY c.delegate_key, c.day HAVING COUNT(*) >= 2) twice) FROM events WHERE id = $1",
        standing_checkins);
    auto found = query(statistics_sql, {std::to_string(event_id)});
    if (!found) {
        return fail(found.error());
    }
    if (found->rows() == 0) {
        return fail(
            Error{ErrorKind::not_found,
                  fmt::format("this hub holds no event number {}; see kiosk-hub event list", event_id)});
    }
    HubStatistics statistics;
    statistics.delegates = static_cast<std::size_t>(found->integer(0, 0));
    statistics.checked_in = static_cast<std::size_t>(found->integer(0, 1));
    statistics.events = static_cast<std::size_t>(found->integer(0, 2));
    statistics.duplicates = static_cast<std::size_t>(found->integer(0, 3));
    return statistics;
}

} // namespace

int postgresql_schema_version() {
    return static_cast<int>(migrations.size());
}

Result<std::unique_ptr<HubStore>> open_postgresql_hub_store(const std::string& uri, HubClock clock) {
    auto store = std::make_unique<PostgresqlHubStore>(uri, std::move(clock));
    if (auto opened = store->open(); !opened) {
        return fail(opened.error());
    }
    return std::unique_ptr<HubStore>(std::move(store));
}

// ---- Enrolment by QR ----------------------------------------------------------------------------------

Result<std::string> PostgresqlHubStore::create_enrolment(std::int64_t event_id, std::string_view kiosk,
                                                         std::int64_t now) {
    if (auto checked = check_identifier("the kiosk's name", kiosk); !checked) {
        return fail(checked.error());
    }
    std::array<unsigned char, enrolment_secret_hex_digits / 2> bytes{};
    base::random_bytes(bytes);
    const std::string secret = base::hex_lower(bytes);
    auto inserted = query("INSERT INTO hub_enrolments (secret_sha256, kiosk, created_at_ms, expires_at_ms, "
                          "event_id) SELECT $1, $2, $3, $4, id FROM events WHERE id = $5",
                          {base::sha256_hex(secret), std::string(kiosk), std::to_string(now),
                           std::to_string(now + enrolment_validity_milliseconds), std::to_string(event_id)});
    if (!inserted) {
        return fail(inserted.error());
    }
    if (inserted->affected_rows() == 0) {
        return fail(
            Error{ErrorKind::not_found,
                  fmt::format("this hub holds no event number {}; see kiosk-hub event list", event_id)});
    }
    return secret;
}

Result<EnrolReply> PostgresqlHubStore::redeem_enrolment(std::string_view secret, std::int64_t now) {
    const std::string digest = base::sha256_hex(secret);
    auto connection = m_pool.borrow();
    if (!connection) {
        return fail(connection.error());
    }
    auto transaction = Transaction::begin(**connection);
    if (!transaction) {
        return fail(transaction.error());
    }
    // FOR UPDATE: a second hub redeeming the same secret waits here and then sees it used.
    auto found = (*connection)
                     ->execute("SELECT kiosk, expires_at_ms, used_at_ms, event_id FROM hub_enrolments "
                               "WHERE secret_sha256 = $1 FOR UPDATE",
                               {digest});
    if (!found) {
        return fail(found.error());
    }
    const bool known = found->rows() == 1;
    if (auto refused =
            enrolment_refusal(known, known && !found->is_null(0, 2), known && now >= found->integer(0, 1));
        refused) {
        return fail(*refused);
    }
    const std::string kiosk = found->text(0, 0);
    if (auto marked = (*connection)
                          ->execute("UPDATE hub_enrolments SET used_at_ms = $1 WHERE secret_sha256 = $2",
                                    {std::to_string(now), digest});
        !marked) {
        return fail(marked.error());
    }
    std::array<unsigned char, token_bytes> bytes{};
    base::random_bytes(bytes);
    const std::string token = base::hex_lower(bytes);
    if (auto inserted = (*connection)
                            ->execute("INSERT INTO hub_tokens (token_sha256, kiosk, created_at_ms, role, "
                                      "event_id) VALUES ($1, $2, $3, $4, $5)",
                                      {base::sha256_hex(token), kiosk, std::to_string(m_clock()),
                                       std::string(to_string(TokenRole::kiosk)), found->text(0, 3)});
        !inserted) {
        return fail(inserted.error());
    }
    if (auto committed = transaction->commit(); !committed) {
        return fail(committed.error());
    }
    return EnrolReply{kiosk, token};
}

// ---- Kiosk health --------------------------------------------------------------------------------------

namespace {

Parameter optional_number(const std::optional<std::int64_t>& value) {
    return value ? Parameter(std::to_string(*value)) : Parameter();
}

} // namespace

Result<std::int64_t> PostgresqlHubStore::record_kiosk_report(std::int64_t event_id,
                                                             const KioskReport& report) {
    const std::int64_t received_at = m_clock();
    auto saved = query(
        "INSERT INTO hub_kiosk_reports (kiosk, version, backlog, printer, printer_problems, labels_left, "
        "scanners, last_scan_at_ms, received_at_ms, event_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, "
        "$10) ON CONFLICT (kiosk) DO UPDATE SET version = EXCLUDED.version, backlog = EXCLUDED.backlog, "
        "printer = EXCLUDED.printer, printer_problems = EXCLUDED.printer_problems, "
        "labels_left = EXCLUDED.labels_left, scanners = EXCLUDED.scanners, "
        "last_scan_at_ms = EXCLUDED.last_scan_at_ms, received_at_ms = EXCLUDED.received_at_ms, "
        "event_id = EXCLUDED.event_id",
        {report.kiosk, report.version, std::to_string(report.backlog), std::string(to_string(report.printer)),
         joined_problem_names(report.printer_problems), optional_number(report.labels_left),
         std::to_string(report.scanners), optional_number(report.last_scan_at_milliseconds),
         std::to_string(received_at), std::to_string(event_id)});
    if (!saved) {
        return fail(saved.error());
    }
    return received_at;
}

Result<std::vector<KioskHealth>> PostgresqlHubStore::kiosk_health() {
    auto found = query("SELECT kiosk, version, backlog, printer, printer_problems, labels_left, scanners, "
                       "last_scan_at_ms, received_at_ms, event_id FROM hub_kiosk_reports ORDER BY kiosk");
    if (!found) {
        return fail(found.error());
    }
    std::vector<KioskHealth> kiosks;
    for (std::size_t row = 0; row < found->rows(); ++row) {
        KioskHealth health;
        health.report.kiosk = found->text(row, 0);
        health.report.version = found->text(row, 1);
        health.report.backlog = static_cast<std::size_t>(std::max<std::int64_t>(0, found->integer(row, 2)));
        health.report.printer =
            printer_condition_from(found->text(row, 3)).value_or(PrinterCondition::unknown);
        health.report.printer_problems = split_problem_names(found->text(row, 4));
        if (!found->is_null(row, 5)) {
            health.report.labels_left = found->integer(row, 5);
        }
        health.report.scanners = static_cast<std::size_t>(std::max<std::int64_t>(0, found->integer(row, 6)));
        if (!found->is_null(row, 7)) {
            health.report.last_scan_at_milliseconds = found->integer(row, 7);
        }
        health.received_at_milliseconds = found->integer(row, 8);
        health.event_id = found->integer(row, 9);
        kiosks.push_back(std::move(health));
    }
    return kiosks;
}

} // namespace checkin::sync
