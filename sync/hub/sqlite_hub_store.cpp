#include "sync/hub/sqlite_hub_store.hpp"

#include "base/clock.hpp"
#include "base/digest.hpp"
#include "base/utf8.hpp"
#include "sync/hub/hub_request_checks.hpp"
#include "sync/mirror/mirror_rows.hpp"
#include "sync/protocol/event_checks.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <fmt/format.h>
#include <limits>
#include <span>
#include <unordered_set>

namespace checkin::sync {

namespace {

// Created on every open; IF NOT EXISTS keeps a hub file from an earlier run as it is. AUTOINCREMENT: a
// sequence number is never handed out twice, even after the newest row is gone, so "after S" stays exact.
constexpr std::string_view hub_tables_sql = R"sql(
CREATE TABLE IF NOT EXISTS hub_sequence (
    sequence       INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id       TEXT NOT NULL UNIQUE,          -- checkin_events.id
    kiosk          TEXT NOT NULL,                 -- the kiosk whose token delivered it
    received_at_ms INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS hub_tokens (
    token_sha256  TEXT PRIMARY KEY,               -- hex; the token itself is never stored
    kiosk         TEXT NOT NULL,
    created_at_ms INTEGER NOT NULL
) WITHOUT ROWID;
-- One-time enrolment secrets (kiosk-hub enrol), only as SHA-256, each worth one kiosk token until it
-- expires or is used.
CREATE TABLE IF NOT EXISTS hub_enrolments (
    secret_sha256 TEXT PRIMARY KEY,               -- hex; the secret itself is never stored
    kiosk         TEXT NOT NULL,
    created_at_ms INTEGER NOT NULL,
    expires_at_ms INTEGER NOT NULL,
    used_at_ms    INTEGER                         -- NULL: not used yet
) WITHOUT ROWID;
-- Every kiosk's latest health report (POST /api/v1/kiosk-report): device states and counts, no personal
-- data (no code scanned, no name).
CREATE TABLE IF NOT EXISTS hub_kiosk_reports (
    kiosk            TEXT PRIMARY KEY,
    version          TEXT NOT NULL,
    backlog          INTEGER NOT NULL,
    printer          TEXT NOT NULL,               -- ready, problem, none, unknown
    printer_problems TEXT NOT NULL DEFAULT '',    -- the drivers' problem names, one a line
    labels_left      INTEGER,                     -- NULL: the printer does not report it
    scanners         INTEGER NOT NULL,
    last_scan_at_ms  INTEGER,                     -- NULL: no code read yet
    received_at_ms   INTEGER NOT NULL             -- the hub's clock: the kiosk's last contact
) WITHOUT ROWID;
-- The events this hub serves (issue 16, item 4). The first row is the event a file held before events
-- had rows (the mirror's single `event` row): every delegate already here belongs to it (the mirror's
-- delegates.event_id defaults to 1), and the trigger keeps its name and days equal to that row, which
-- imports into the first event write in the mirror's transaction.
CREATE TABLE IF NOT EXISTS hub_events (
    id            INTEGER PRIMARY KEY,
    slug          TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL DEFAULT '',
    english_name  TEXT NOT NULL DEFAULT '',
    days          TEXT NOT NULL DEFAULT '',       -- ISO dates, comma separated, sorted
    venue         TEXT NOT NULL DEFAULT '',
    created_at_ms INTEGER NOT NULL
);
INSERT OR IGNORE INTO hub_events (id, slug, name, days, created_at_ms)
    SELECT 1, 'event-1', name, days, 0 FROM event WHERE id = 1;
CREATE TRIGGER IF NOT EXISTS hub_first_event_follows_the_mirror AFTER UPDATE ON event
BEGIN
    UPDATE hub_events SET name = NEW.name, days = NEW.days WHERE id = 1;
END;
-- Role, last valid day and revocation are added by add_token_columns, the same way for a new file and
-- for one made before roles existed.
-- Roster pages are read in (row_version, code) order; the mirror's own index has the version only.
CREATE INDEX IF NOT EXISTS hub_delegates_by_version_and_code ON delegates (row_version, code);
)sql";

// Columns added to hub_tokens after its first release, each with the default an older token gets: a kiosk
// token that never expires and is not revoked.
struct AddedColumn {
    std::string_view name;
    std::string_view definition;
};
constexpr AddedColumn token_columns[] = {
    {"role", "role TEXT NOT NULL DEFAULT 'kiosk' CHECK (role IN ('kiosk', 'dashboard', 'organiser'))"},
    {"last_day", "last_day TEXT"}, // "2026-12-01", valid through its end (venue time); NULL: never expires
    {"revoked_at_ms", "revoked_at_ms INTEGER"},          // NULL: not revoked
    {"event_id", "event_id INTEGER NOT NULL DEFAULT 1"}, // hub_events.id; 1: the file's first event
};
// The same for enrolment secrets: the event whose kiosk token a secret is worth.
constexpr AddedColumn enrolment_columns[] = {
    {"event_id", "event_id INTEGER NOT NULL DEFAULT 1"},
};
// The same for kiosk reports: the event of the token that sent the report; NULL only until
// create_hub_tables fills in a report kept before reports carried their event.
constexpr AddedColumn kiosk_report_columns[] = {
    {"event_id", "event_id INTEGER"},
};

// The same rule as the mirror's attendance (mirror.cpp): a check-in stands unless an undo names it.
constexpr std::string_view standing_checkins = R"sql(
    c.kind = 'checkin' AND NOT EXISTS (
        SELECT 1 FROM checkin_events u WHERE u.kind = 'undo' AND u.undoes = c.id)
)sql";

} // namespace

std::string_view to_string(TokenRole role) {
    switch (role) {
    case TokenRole::kiosk:
        return "kiosk";
    case TokenRole::dashboard:
        return "dashboard";
    case TokenRole::organiser:
        return "organiser";
    }
    return "kiosk";
}

std::optional<TokenRole> token_role_from(std::string_view text) {
    for (const auto role : {TokenRole::kiosk, TokenRole::dashboard, TokenRole::organiser}) {
        if (text == to_string(role)) {
            return role;
        }
    }
    return std::nullopt;
}

Result<std::unique_ptr<HubStore>> open_sqlite_hub_store(const std::filesystem::path& path) {
    auto store = SqliteHubStore::open(path);
    if (!store) {
        return fail(store.error());
    }
    return std::unique_ptr<HubStore>(std::move(*store));
}

Result<std::unique_ptr<SqliteHubStore>> SqliteHubStore::open(const std::filesystem::path& path) {
    return open(path, base::now_unix_milliseconds);
}

Result<std::unique_ptr<SqliteHubStore>> SqliteHubStore::open(const std::filesystem::path& path,
                                                             HubClock clock) {
    // The mirror first: it creates the file (private) and runs the migrations.
    auto mirror = Mirror::open(path);
    if (!mirror) {
        return fail(mirror.error());
    }
    auto database = sqlite::Database::open(path, sqlite::OpenMode::read_write_create);
    if (!database) {
        return fail(database.error());
    }
    std::unique_ptr<SqliteHubStore> store(
        new SqliteHubStore(std::move(*mirror), std::move(*database), std::move(clock)));
    if (auto created = store->create_hub_tables(); !created) {
        return fail(created.error());
    }
    return store;
}

Result<void> SqliteHubStore::create_hub_tables() {
    auto transaction = sqlite::Transaction::begin(m_database, sqlite::TransactionKind::immediate);
    if (!transaction) {
        return fail(transaction.error());
    }
    if (auto created = m_database.execute(hub_tables_sql); !created) {
        return fail(
            Error::storage(fmt::format("cannot create the hub's tables: {}", created.error().message)));
    }
    if (auto added = add_token_columns(); !added) {
        return fail(added.error());
    }
    // A report kept before reports carried their event is its kiosk's newest token's event's, as the
    // dashboard guessed then, or the first event's for a kiosk with no token.
    if (auto filled = m_database.execute(
            "UPDATE hub_kiosk_reports SET event_id = COALESCE((SELECT t.event_id FROM hub_tokens t WHERE "
            "t.kiosk = hub_kiosk_reports.kiosk ORDER BY t.created_at_ms DESC LIMIT 1), 1) WHERE event_id IS "
            "NULL");
        !filled) {
        return fail(filled.error());
    }
    // Events written into the journal by anything but a push (kioskctl run on the hub's file) get a
    // sequence now, so kiosks receive them too.
    auto adopt = statement("INSERT INTO hub_sequence (event_id, kiosk, received_at_ms) "
                           "SELECT e.id, e.kiosk_id, ?1 FROM checkin_events e WHERE NOT EXISTS "
                           "(SELECT 1 FROM hub_sequence h WHERE h.event_id = e.id) ORDER BY e.sequence");
    if (!adopt) {
        return fail(adopt.error());
    }
    if (auto adopted = (*adopt)->bind(1, m_clock()).run(); !adopted) {
        return fail(adopted.error());
    }
    return transaction->commit();
}

// Inside create_hub_tables' transaction. PRAGMA table_info rather than a version number: the mirror owns
// the file's user_version.
Result<void> SqliteHubStore::add_token_columns() {
    struct Table {
        std::string_view name;
        std::span<const AddedColumn> columns;
    };
    for (const Table table : {Table{"hub_tokens", token_columns}, Table{"hub_enrolments", enrolment_columns},
                              Table{"hub_kiosk_reports", kiosk_report_columns}}) {
        auto columns =
            m_database.prepare(fmt::format("SELECT name FROM pragma_table_info('{}')", table.name));
        if (!columns) {
            return fail(columns.error());
        }
        std::unordered_set<std::string> present;
        if (auto read =
                columns->for_each_row([&](const sqlite::Statement& row) { present.insert(row.text(0)); });
            !read) {
            return fail(read.error());
        }
        for (const auto& column : table.columns) {
            if (present.contains(std::string(column.name))) {
                continue;
            }
            if (auto added = m_database.execute(
                    fmt::format("ALTER TABLE {} ADD COLUMN {}", table.name, column.definition));
                !added) {
                return fail(Error::storage(fmt::format("cannot add the {} column to {}: {}", column.name,
                                                       table.name, added.error().message)));
            }
        }
    }
    return {};
}

Result<sqlite::Statement*> SqliteHubStore::statement(std::string_view sql) {
    return m_statements.get(m_database, sql);
}

Result<std::int64_t> SqliteHubStore::single_integer(std::string_view sql) {
    auto query = statement(sql);
    if (!query) {
        return fail(query.error());
    }
    auto step = (*query)->step();
    if (!step) {
        return fail(step.error());
    }
    const std::int64_t value = *step == sqlite::Step::row ? (*query)->integer(0) : 0;
    (*query)->reset(); // ends the statement's read, so it does not hold the snapshot open
    return value;
}

Result<Event> SqliteHubStore::event() {
    std::lock_guard lock(m_mutex);
    return m_mirror.event();
}

Result<ImportSummary> SqliteHubStore::import_event_roster(std::int64_t event_id,
                                                          const std::vector<RosterEntry>& entries,
                                                          const std::optional<Event>& event_update,
                                                          const ProgressCallback& progress) {
    std::lock_guard lock(m_mutex);
    if (auto held = check_event_held(event_id); !held) {
        return fail(held.error());
    }
    if (event_id == first_event_id) {
        // The mirror's own event row is the first event's; the trigger copies it to hub_events.
        return m_mirror.apply_roster(entries, WriteMode::write, progress, event_update, event_id);
    }
    auto summary = m_mirror.apply_roster(entries, WriteMode::write, progress, std::nullopt, event_id);
    if (!summary || !event_update) {
        return summary;
    }
    // The mirror's transaction holds its own event only; another event's name and days follow on the
    // hub's connection. Should this fail, the roster stands and the message says what to repeat.
    auto update = statement("UPDATE hub_events SET name = ?1, days = ?2 WHERE id = ?3");
    if (!update) {
        return fail(update.error());
    }
    if (auto updated = (*update)
                           ->bind(1, event_update->name)
                           .bind(2, rows::days_to_text(event_update->days))
                           .bind(3, event_id)
                           .run();
        !updated) {
        return fail(Error::storage(fmt::format("the roster was imported but the event's name and days were "
                                               "not saved ({}); import it again",
                                               updated.error().message)));
    }
    return summary;
}

namespace {

constexpr std::string_view hub_event_columns = "id, slug, name, english_name, days, venue";

HubEvent read_hub_event(const sqlite::Statement& row) {
    return HubEvent{row.integer(0), row.text(1), row.text(2), row.text(3), rows::days_from_text(row.text(4)),
                    row.text(5)};
}

} // namespace

Result<HubEvent> SqliteHubStore::held_event(std::int64_t event_id) {
    static const std::string sql = fmt::format("SELECT {} FROM hub_events WHERE id = ?1", hub_event_columns);
    auto query = statement(sql);
    if (!query) {
        return fail(query.error());
    }
    std::optional<HubEvent> held;
    if (auto visited = (*query)->bind(1, event_id).for_each_row([&](const sqlite::Statement& row) {
            held = read_hub_event(row);
        });
        !visited) {
        return fail(visited.error());
    }
    if (!held) {
        return fail(
            Error{ErrorKind::not_found,
                  fmt::format("this hub holds no event number {}; see kiosk-hub event list", event_id)});
    }
    return std::move(*held);
}

Result<void> SqliteHubStore::check_event_held(std::int64_t event_id) {
    auto held = held_event(event_id);
    if (!held) {
        return fail(held.error());
    }
    return {};
}

Result<HubEvent> SqliteHubStore::create_event(const EventRequest& request) {
    if (auto checked = check_event_request(request); !checked) {
        return fail(checked.error());
    }
    std::lock_guard lock(m_mutex);
    auto transaction = sqlite::Transaction::begin(m_database, sqlite::TransactionKind::immediate);
    if (!transaction) {
        return fail(transaction.error());
    }
    auto held = statement("SELECT 1 FROM hub_events WHERE slug = ?1");
    if (!held) {
        return fail(held.error());
    }
    bool taken = false;
    if (auto visited =
            (*held)->bind(1, request.slug).for_each_row([&](const sqlite::Statement&) { taken = true; });
        !visited) {
        return fail(visited.error());
    }
    if (taken) {
        return fail(
            Error{ErrorKind::refused,
                  fmt::format("this hub has an event {} already; choose another slug", request.slug)});
    }
    auto insert = statement("INSERT INTO hub_events (slug, name, english_name, days, venue, created_at_ms) "
                            "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    if (!insert) {
        return fail(insert.error());
    }
    if (auto inserted = (*insert)
                            ->bind(1, request.slug)
                            .bind(2, request.name)
                            .bind(3, request.english_name)
                            .bind(4, rows::days_to_text(request.days))
                            .bind(5, request.venue)
                            .bind(6, m_clock())
                            .run();
        !inserted) {
        return fail(inserted.error());
    }
    HubEvent event{0, request.slug, request.name, request.english_name, request.days, request.venue};
    auto made = statement("SELECT id FROM hub_events WHERE slug = ?1");
    if (!made) {
        return fail(made.error());
    }
    if (auto visited = (*made)->bind(1, request.slug).for_each_row([&](const sqlite::Statement& row) {
            event.id = row.integer(0);
        });
        !visited) {
        return fail(visited.error());
    }
    if (auto committed = transaction->commit(); !committed) {
        return fail(committed.error());
    }
    return event;
}

Result<std::vector<HubEvent>> SqliteHubStore::list_events() {
    std::lock_guard lock(m_mutex);
    static const std::string sql = fmt::format("SELECT {} FROM hub_events ORDER BY id", hub_event_columns);
    auto query = statement(sql);
    if (!query) {
        return fail(query.error());
    }
    std::vector<HubEvent> events;
    if (auto visited = (*query)->for_each_row(
            [&](const sqlite::Statement& row) { events.push_back(read_hub_event(row)); });
        !visited) {
        return fail(visited.error());
    }
    return events;
}

Result<std::string> SqliteHubStore::create_token(std::string_view kiosk) {
    TokenRequest request;
    request.kiosk = std::string(kiosk);
    return issue_token(request);
}

Result<std::string> SqliteHubStore::issue_token(const TokenRequest& request) {
    if (auto checked = check_identifier("the kiosk's name", request.kiosk); !checked) {
        return fail(checked.error());
    }
    std::lock_guard lock(m_mutex);
    if (auto held = check_event_held(request.event_id); !held) {
        return fail(held.error());
    }
    return insert_token(request);
}

// With the mutex held: issue_token and redeem_enrolment (inside its transaction).
Result<std::string> SqliteHubStore::insert_token(const TokenRequest& request) {
    std::array<unsigned char, token_bytes> bytes{};
    base::random_bytes(bytes);
    const std::string token = base::hex_lower(bytes);
    const std::string digest = base::sha256_hex(token);
    auto insert = statement("INSERT INTO hub_tokens (token_sha256, kiosk, created_at_ms, role, last_day, "
                            "event_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    if (!insert) {
        return fail(insert.error());
    }
    (*insert)
        ->bind(1, digest)
        .bind(2, request.kiosk)
        .bind(3, m_clock())
        .bind(4, to_string(request.role))
        .bind(6, request.event_id);
    if (request.last_day) {
        (*insert)->bind(5, format_iso_day(*request.last_day));
    } else {
        (*insert)->bind_null(5);
    }
    if (auto inserted = (*insert)->run(); !inserted) {
        return fail(inserted.error());
    }
    return token;
}

Result<std::optional<TokenHolder>> SqliteHubStore::token_holder(std::string_view token) {
    // Only the digest is compared, so how long the look-up takes says nothing about the stored tokens.
    if (!is_token_shaped(token)) {
        return std::optional<TokenHolder>{};
    }
    const std::string digest = base::sha256_hex(token);
    // The venue's day now, compared with the token's last day as ISO text (which sorts as dates do).
    const std::string today = format_iso_day(base::local_day(m_clock()));
    std::lock_guard lock(m_mutex);
    auto query = statement("SELECT kiosk, role, event_id FROM hub_tokens WHERE token_sha256 = ?1 "
                           "AND revoked_at_ms IS NULL AND (last_day IS NULL OR last_day >= ?2)");
    if (!query) {
        return fail(query.error());
    }
    std::optional<TokenHolder> holder;
    auto visited = (*query)->bind(1, digest).bind(2, today).for_each_row([&](const sqlite::Statement& row) {
        // The CHECK constraint admits only known roles; an unknown one would be a hand-edited file, and
        // the least a token may do is a kiosk's.
        holder =
            TokenHolder{row.text(0), token_role_from(row.text(1)).value_or(TokenRole::kiosk), row.integer(2)};
    });
    if (!visited) {
        return fail(visited.error());
    }
    return holder;
}

Result<std::vector<TokenListing>> SqliteHubStore::list_tokens() {
    std::lock_guard lock(m_mutex);
    auto query = statement("SELECT kiosk, role, created_at_ms, last_day, revoked_at_ms, event_id "
                           "FROM hub_tokens ORDER BY created_at_ms, kiosk");
    if (!query) {
        return fail(query.error());
    }
    std::vector<TokenListing> listings;
    auto visited = (*query)->for_each_row([&](const sqlite::Statement& row) {
        TokenListing listing;
        listing.kiosk = row.text(0);
        listing.role = token_role_from(row.text(1)).value_or(TokenRole::kiosk);
        listing.created_at_milliseconds = row.integer(2);
        if (auto last_day = row.optional_text(3)) {
            listing.last_day = parse_iso_day(*last_day);
        }
        if (!row.is_null(4)) {
            listing.revoked_at_milliseconds = row.integer(4);
        }
        listing.event_id = row.integer(5);
        listings.push_back(std::move(listing));
    });
    if (!visited) {
        return fail(visited.error());
    }
    return listings;
}

Result<std::size_t> SqliteHubStore::revoke_tokens(std::string_view kiosk) {
    std::lock_guard lock(m_mutex);
    auto update =
        statement("UPDATE hub_tokens SET revoked_at_ms = ?1 WHERE kiosk = ?2 AND revoked_at_ms IS NULL");
    if (!update) {
        return fail(update.error());
    }
    if (auto updated = (*update)->bind(1, m_clock()).bind(2, kiosk).run(); !updated) {
        return fail(updated.error());
    }
    return static_cast<std::size_t>(m_database.changes());
}

Result<HealthReply> SqliteHubStore::health(std::string_view kiosk) {
    std::lock_guard lock(m_mutex);
    HealthReply reply;
    reply.kiosk = std::string(kiosk);
    auto roster_version = single_integer("SELECT value FROM counters WHERE name = 'roster_version'");
    if (!roster_version) {
        return fail(roster_version.error());
    }
    reply.roster_version = *roster_version;
    auto last_sequence = single_integer("SELECT COALESCE(MAX(sequence), 0) FROM hub_sequence");
    if (!last_sequence) {
        return fail(last_sequence.error());
    }
    reply.last_sequence = *last_sequence;
    return reply;
}

Result<RosterPage> SqliteHubStore::roster_since(std::int64_t event_id, const RosterCursor& cursor,
                                                std::size_t limit) {
    limit = std::clamp<std::size_t>(limit, 1, roster_page_maximum);
    std::lock_guard lock(m_mutex);
    // One read transaction: the page, the version and the event are from the same moment.
    auto transaction = sqlite::Transaction::begin(m_database, sqlite::TransactionKind::deferred);
    if (!transaction) {
        return fail(transaction.error());
    }
    RosterPage page;
    auto event = statement("SELECT name, days FROM hub_events WHERE id = ?1");
    if (!event) {
        return fail(event.error());
    }
    auto event_read = (*event)->bind(1, event_id).for_each_row([&](const sqlite::Statement& row) {
        page.event.name = row.text(0);
        page.event.days = rows::days_from_text(row.text(1));
    });
    if (!event_read) {
        return fail(event_read.error());
    }
    auto roster_version = single_integer("SELECT value FROM counters WHERE name = 'roster_version'");
    if (!roster_version) {
        return fail(roster_version.error());
    }
    page.roster_version = *roster_version;

    // Row values compare (row_version, code) as a pair, with the code's own NOCASE collation, which is
    // also the index's order. Without `after`, the page starts past version `since` altogether.
    static const std::string from_version_sql =
        fmt::format("SELECT {} FROM delegates WHERE row_version > ?1 AND event_id = ?4 "
                    "ORDER BY row_version, code LIMIT ?3",
                    rows::delegate_columns);
    static const std::string after_code_sql =
        fmt::format("SELECT {} FROM delegates WHERE (row_version, code) > (?1, ?2) AND event_id = ?4 "
                    "ORDER BY row_version, code LIMIT ?3",
                    rows::delegate_columns);
    auto query = statement(cursor.after_code.empty() ? from_version_sql : after_code_sql);
    if (!query) {
        return fail(query.error());
    }
    (*query)->bind(1, cursor.since).bind(3, static_cast<std::int64_t>(limit + 1)).bind(4, event_id);
    if (!cursor.after_code.empty()) {
        (*query)->bind(2, cursor.after_code);
    }
    auto visited = (*query)->for_each_row(
        [&](const sqlite::Statement& row) { page.delegates.push_back(rows::read_delegate(row, 0)); });
    if (!visited) {
        return fail(visited.error());
    }
    // One row more than asked for says whether another page follows.
    if (page.delegates.size() > limit) {
        page.delegates.pop_back();
        page.next = RosterCursor{page.delegates.back().row_version, page.delegates.back().code};
    }
    if (auto ended = transaction->commit(); !ended) {
        return fail(ended.error());
    }
    return page;
}

Result<HeldFacts> SqliteHubStore::held_facts(std::int64_t event_id, const PushRequest& request) {
    HeldFacts held;
    // Only the event's own codes: another event's delegate is, for this push, a code the hub does not know.
    auto code_query = statement("SELECT 1 FROM delegates WHERE code = ?1 AND event_id = ?2");
    if (!code_query) {
        return fail(code_query.error());
    }
    std::unordered_set<std::string> asked;
    for (const auto& event : request.events) {
        auto code = fold_code(event.delegate_code);
        if (!asked.insert(code).second) {
            continue;
        }
        bool found = false;
        auto visited = (*code_query)
                           ->bind(1, event.delegate_code)
                           .bind(2, event_id)
                           .for_each_row([&](const sqlite::Statement&) { found = true; });
        if (!visited) {
            return fail(visited.error());
        }
        if (found) {
            held.roster_codes.insert(std::move(code));
        }
    }
    auto checkin_query =
        statement("SELECT delegate_code FROM checkin_events WHERE id = ?1 AND kind = 'checkin'");
    if (!checkin_query) {
        return fail(checkin_query.error());
    }
    for (const auto& event : request.events) {
        if (event.kind != EventKind::undo || event.undoes.empty() || held.checkins.contains(event.undoes)) {
            continue;
        }
        auto visited =
            (*checkin_query)->bind(1, event.undoes).for_each_row([&](const sqlite::Statement& row) {
                held.checkins.emplace(event.undoes, fold_code(row.text(0)));
            });
        if (!visited) {
            return fail(visited.error());
        }
    }
    return held;
}

Result<PushReply> SqliteHubStore::push(std::int64_t event_id, const PushRequest& request) {
    if (auto checked = check_push_request(request); !checked) {
        return fail(checked.error());
    }
    std::lock_guard lock(m_mutex);
    auto transaction = sqlite::Transaction::begin(m_database, sqlite::TransactionKind::immediate);
    if (!transaction) {
        return fail(transaction.error());
    }
    PushReply reply;

    // The rules are judged against what the hub holds inside this transaction, so two pushes cannot both
    // lean on a state the other changes.
    EventRules rules;
    rules.now_milliseconds = m_clock();
    rules.sender_kiosk = request.kiosk_id;
    if (auto held = check_event_held(event_id); !held) {
        return fail(held.error());
    }
    auto event_days = statement("SELECT days FROM hub_events WHERE id = ?1");
    if (!event_days) {
        return fail(event_days.error());
    }
    auto days_read = (*event_days)->bind(1, event_id).for_each_row([&](const sqlite::Statement& row) {
        rules.event_days = rows::days_from_text(row.text(0));
    });
    if (!days_read) {
        return fail(days_read.error());
    }
    auto held = held_facts(event_id, request);
    if (!held) {
        return fail(held.error());
    }
    auto verdict = check_batch(request.events, request.walk_ins, rules, *held);
    std::unordered_set<std::string_view> refused_ids;
    for (const auto& refused : verdict.refused_events) {
        refused_ids.insert(refused.id);
    }
    std::unordered_set<std::size_t> refused_walk_ins(verdict.refused_walk_ins.begin(),
                                                     verdict.refused_walk_ins.end());

    // Walk-ins before events, so the check-ins of a walk-in never arrive ahead of the person.
    if (request.walk_ins.size() > refused_walk_ins.size()) {
        auto current_version = single_integer("SELECT value FROM counters WHERE name = 'roster_version'");
        if (!current_version) {
            return fail(current_version.error());
        }
        const std::int64_t new_version = *current_version + 1;
        static const std::string insert_sql = fmt::format(
            "INSERT INTO delegates ({}, event_id) SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, "
            "?13, ?14 WHERE NOT EXISTS (SELECT 1 FROM delegates WHERE code = ?1)",
            rows::delegate_columns);
        for (std::size_t index = 0; index < request.walk_ins.size(); ++index) {
            if (refused_walk_ins.contains(index)) {
                continue;
            }
            const auto& walk_in = request.walk_ins[index];
            auto insert = statement(insert_sql);
            if (!insert) {
                return fail(insert.error());
            }
            rows::bind_delegate(**insert, walk_in, walk_in.status, DelegateOrigin::walk_in, new_version);
            (*insert)->bind(14, event_id);
            if (auto inserted = (*insert)->run(); !inserted) {
                return fail(inserted.error());
            }
            // The delegates' triggers only touch counters, so changes() counts this insert alone.
            reply.walk_ins_added += static_cast<std::size_t>(m_database.changes());
        }
        if (reply.walk_ins_added > 0) {
            auto bump = statement("UPDATE counters SET value = ?1 WHERE name = 'roster_version'");
            if (!bump) {
                return fail(bump.error());
            }
            if (auto bumped = (*bump)->bind(1, new_version).run(); !bumped) {
                return fail(bumped.error());
            }
        }
    }

    // ON CONFLICT (id) DO NOTHING rather than INSERT OR IGNORE: only a held id is skipped; an event the
    // schema refuses still fails the whole request.
    static const std::string insert_event_sql =
        fmt::format("INSERT INTO checkin_events ({}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) "
                    "ON CONFLICT (id) DO NOTHING",
                    rows::event_columns);
    const std::string insert_sequence_sql =
        "INSERT INTO hub_sequence (event_id, kiosk, received_at_ms) VALUES (?1, ?2, ?3)";
    const std::int64_t received_at = m_clock();
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
        auto insert = statement(insert_event_sql);
        if (!insert) {
            return fail(insert.error());
        }
        rows::bind_event(**insert, event, true);
        if (auto inserted = (*insert)->run(); !inserted) {
            return fail(inserted.error());
        }
        if (m_database.changes() == 0) {
            ++reply.duplicates;
            continue;
        }
        auto sequence = statement(insert_sequence_sql);
        if (!sequence) {
            return fail(sequence.error());
        }
        if (auto sequenced =
                (*sequence)->bind(1, event.id).bind(2, request.kiosk_id).bind(3, received_at).run();
            !sequenced) {
            return fail(sequenced.error());
        }
        ++reply.accepted;
    }
    if (auto committed = transaction->commit(); !committed) {
        return fail(committed.error());
    }
    reply.refused = std::move(verdict.refused_events);
    return reply;
}

Result<EventsPage> SqliteHubStore::events_since(std::int64_t event_id, std::int64_t sequence,
                                                std::size_t limit) {
    limit = std::clamp<std::size_t>(limit, 1, events_page_maximum);
    std::lock_guard lock(m_mutex);
    auto transaction = sqlite::Transaction::begin(m_database, sqlite::TransactionKind::deferred);
    if (!transaction) {
        return fail(transaction.error());
    }
    EventsPage page;
    // A code belongs to one event (imports refuse another event's code), so the delegate names the
    // check-in's event (delegates.code's NOCASE matches codes as the push did). A check-in whose code is on
    // no roster (written by the mirror's own code, never by a push) is the first event's, as before events
    // had rows.
    static const std::string events_sql =
        fmt::format("SELECT h.sequence, {} FROM hub_sequence h JOIN checkin_events e ON e.id = h.event_id "
                    "WHERE h.sequence > ?1 AND COALESCE((SELECT d.event_id FROM delegates d WHERE "
                    "d.code = e.delegate_code), 1) = ?3 ORDER BY h.sequence LIMIT ?2",
                    rows::event_columns);
    auto query = statement(events_sql);
    if (!query) {
        return fail(query.error());
    }
    (*query)->bind(1, sequence).bind(2, static_cast<std::int64_t>(limit + 1)).bind(3, event_id);
    auto visited = (*query)->for_each_row([&](const sqlite::Statement& row) {
        SequencedEvent sequenced;
        sequenced.sequence = row.integer(0);
        sequenced.event = rows::read_event(row, 1);
        sequenced.event.uploaded = true;
        page.events.push_back(std::move(sequenced));
    });
    if (!visited) {
        return fail(visited.error());
    }
    if (page.events.size() > limit) {
        page.events.pop_back();
        page.more = true;
    }
    auto last_sequence = single_integer("SELECT COALESCE(MAX(sequence), 0) FROM hub_sequence");
    if (!last_sequence) {
        return fail(last_sequence.error());
    }
    page.last_sequence = *last_sequence;
    if (auto ended = transaction->commit(); !ended) {
        return fail(ended.error());
    }
    return page;
}

// Signed codes live in the mirror's own tables (migration 4): the hub's keys and revocations are the
// mirror's.
Result<CodeLists> SqliteHubStore::code_lists() {
    std::lock_guard lock(m_mutex);
    auto keys = m_mirror.code_keys();
    if (!keys) {
        return fail(keys.error());
    }
    auto serials = m_mirror.revoked_serials();
    if (!serials) {
        return fail(serials.error());
    }
    CodeLists lists;
    for (const base::PublicKey& key : *keys) {
        lists.public_keys.push_back(base::format_public_key(key));
    }
    lists.revoked_serials.assign(serials->begin(), serials->end());
    return lists;
}

Result<bool> SqliteHubStore::add_code_key(const std::string& public_key) {
    auto key = base::parse_public_key(public_key);
    if (!key) {
        return fail(Error::invalid_input(key.error().message));
    }
    std::lock_guard lock(m_mutex);
    auto keys = m_mirror.code_keys();
    if (!keys) {
        return fail(keys.error());
    }
    if (keys->size() >= code_keys_maximum && std::ranges::find(*keys, *key) == keys->end()) {
        return fail(
            Error{ErrorKind::refused, fmt::format("the hub holds {} keys already, as many as kiosks take; "
                                                  "remove one first (kiosk-hub keys remove)",
                                                  code_keys_maximum)});
    }
    return m_mirror.add_code_key(*key, m_clock());
}

Result<bool> SqliteHubStore::remove_code_key(const std::string& public_key) {
    auto key = base::parse_public_key(public_key);
    if (!key) {
        return fail(Error::invalid_input(key.error().message));
    }
    std::lock_guard lock(m_mutex);
    return m_mirror.remove_code_key(*key);
}

Result<std::size_t> SqliteHubStore::revoke_serials(const std::vector<std::string>& serials) {
    std::lock_guard lock(m_mutex);
    auto held = m_mirror.revoked_serials();
    if (!held) {
        return fail(held.error());
    }
    if (held->size() + serials.size() > revoked_serials_maximum) {
        return fail(
            Error{ErrorKind::refused, fmt::format("the hub would hold more than {} revoked serials, as "
                                                  "many as kiosks take",
                                                  revoked_serials_maximum)});
    }
    return m_mirror.revoke_serials(serials);
}

// The hub's tables beside the mirror's in the same file, for the purge's list (mirror_purge.cpp).
constexpr PurgedTable hub_purged_tables[] = {
    {"hub_sequence", "DELETE FROM hub_sequence WHERE event_id IN (SELECT id FROM temp.purged_events)", ""},
    {"hub_tokens", "", "token digests and the device names they were made for"},
    {"hub_enrolments", "", "secret digests and the device names they were made for"},
    {"hub_tls_identity", "", "the hub's certificate and key"},
    {"hub_kiosk_reports", "", "each kiosk's latest health report: device states, versions and counts"},
    {"hub_events", "", "the events' slugs, names, days and venues, which name no one"},
};

Result<PurgeSummary> SqliteHubStore::purge(std::int64_t event_id, const PurgeRequest& request) {
    std::lock_guard lock(m_mutex);
    // The event's own name and days judge its people (hub_events; the first event's row follows the
    // mirror's `event` row), so another event's days never decide who of this one goes.
    auto held = held_event(event_id);
    if (!held) {
        return fail(held.error());
    }
    return m_mirror.purge(request, hub_purged_tables, PurgeScope{event_id, Event{held->name, held->days}});
}

Result<std::vector<AnonymousCount>> SqliteHubStore::anonymous_counts(std::int64_t event_id) {
    std::lock_guard lock(m_mutex);
    return m_mirror.anonymous_counts(event_id);
}

Result<HubStatistics> SqliteHubStore::statistics(std::int64_t event_id) {
    std::lock_guard lock(m_mutex);
    if (auto held = check_event_held(event_id); !held) {
        return fail(held.error());
    }
    // One statement, one snapshot, counted as the mirror's statistics count (active delegates, standing
    // check-ins, journal events) within one event: a journal event is its delegate's event's, as
    // events_since decides. A duplicate is a delegate with two check-ins standing on one day (kiosks cut off
    // from each other both admitted them), counted once however many days.
    static const std::string statistics_sql = fmt::format(
        "WITH own AS (SELECT c.* FROM checkin_events c WHERE COALESCE((SELECT d.event_id FROM delegates d "
        "WHERE d.code = c.delegate_code), 1) = ?1) "
        "SELECT (SELECT COUNT(*) FROM delegates WHERE status = 'active' AND event_id = ?1), "
        "(SELECT COUNT(DISTINCT c.delegate_code) FROM own c WHERE {0}), "
        "(SELECT COUNT(*) FROM own), "
        "(SELECT COUNT(DISTINCT delegate_code) FROM (SELECT c.delegate_code FROM own c WHERE {0} "
        "GROUP BY c.delegate_code, c.day HAVING COUNT(*) >= 2))",
        standing_checkins);
    auto query = statement(statistics_sql);
    if (!query) {
        return fail(query.error());
    }
    HubStatistics statistics;
    auto visited = (*query)->bind(1, event_id).for_each_row([&](const sqlite::Statement& row) {
        statistics.delegates = static_cast<std::size_t>(row.integer(0));
        statistics.checked_in = static_cast<std::size_t>(row.integer(1));
        statistics.events = static_cast<std::size_t>(row.integer(2));
        statistics.duplicates = static_cast<std::size_t>(row.integer(3));
    });
    if (!visited) {
        return fail(visited.error());
    }
    return statistics;
}

// ---- The hub's TLS identity ---------------------------------------------------------------------------

namespace {

// One row: the certificate and key every hub instance on this file presents. The key lies in the hub's
// file like the token digests do: whoever can read the file is the hub anyway.
constexpr std::string_view tls_identity_table_sql = R"sql(
CREATE TABLE IF NOT EXISTS hub_tls_identity (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    certificate_pem TEXT NOT NULL,
    private_key_pem TEXT NOT NULL,
    created_at_ms   INTEGER NOT NULL
);
)sql";

} // namespace

Result<void> SqliteHubStore::save_tls_identity(const TlsIdentity& identity) {
    std::lock_guard lock(m_mutex);
    if (auto created = m_database.execute(tls_identity_table_sql); !created) {
        return fail(Error::storage(
            fmt::format("cannot create the hub's certificate table: {}", created.error().message)));
    }
    auto save = statement("INSERT OR REPLACE INTO hub_tls_identity (id, certificate_pem, private_key_pem, "
                          "created_at_ms) VALUES (1, ?1, ?2, ?3)");
    if (!save) {
        return fail(save.error());
    }
    return (*save)
        ->bind(1, identity.certificate_pem)
        .bind(2, identity.private_key_pem)
        .bind(3, base::now_unix_milliseconds())
        .run();
}

Result<std::optional<TlsIdentity>> SqliteHubStore::tls_identity() {
    std::lock_guard lock(m_mutex);
    if (auto created = m_database.execute(tls_identity_table_sql); !created) {
        return fail(Error::storage(
            fmt::format("cannot create the hub's certificate table: {}", created.error().message)));
    }
    auto query = statement("SELECT certificate_pem, private_key_pem FROM hub_tls_identity WHERE id = 1");
    if (!query) {
        return fail(query.error());
    }
    std::optional<TlsIdentity> identity;
    auto visited = (*query)->for_each_row([&](const sqlite::Statement& row) {
        identity = TlsIdentity{row.text(0), row.text(1)};
    });
    if (!visited) {
        return fail(visited.error());
    }
    return identity;
}

// ---- Enrolment by QR ----------------------------------------------------------------------------------

Result<std::string> SqliteHubStore::create_enrolment(std::int64_t event_id, std::string_view kiosk,
                                                     std::int64_t now) {
    if (auto checked = check_identifier("the kiosk's name", kiosk); !checked) {
        return fail(checked.error());
    }
    std::array<unsigned char, enrolment_secret_hex_digits / 2> bytes{};
    base::random_bytes(bytes);
    const std::string secret = base::hex_lower(bytes);
    std::lock_guard lock(m_mutex);
    if (auto held = check_event_held(event_id); !held) {
        return fail(held.error());
    }
    auto insert = statement("INSERT INTO hub_enrolments (secret_sha256, kiosk, created_at_ms, expires_at_ms, "
                            "event_id) VALUES (?1, ?2, ?3, ?4, ?5)");
    if (!insert) {
        return fail(insert.error());
    }
    if (auto inserted = (*insert)
                            ->bind(1, base::sha256_hex(secret))
                            .bind(2, kiosk)
                            .bind(3, now)
                            .bind(4, now + enrolment_validity_milliseconds)
                            .bind(5, event_id)
                            .run();
        !inserted) {
        return fail(inserted.error());
    }
    return secret;
}

Result<EnrolReply> SqliteHubStore::redeem_enrolment(std::string_view secret, std::int64_t now) {
    const std::string digest = base::sha256_hex(secret);
    std::lock_guard lock(m_mutex);
    auto transaction = sqlite::Transaction::begin(m_database, sqlite::TransactionKind::immediate);
    if (!transaction) {
        return fail(transaction.error());
    }
    auto query = statement("SELECT kiosk, expires_at_ms, used_at_ms, event_id FROM hub_enrolments "
                           "WHERE secret_sha256 = ?1");
    if (!query) {
        return fail(query.error());
    }
    struct Found {
        std::string kiosk;
        std::int64_t expires_at = 0;
        bool used = false;
        std::int64_t event_id = first_event_id;
    };
    std::optional<Found> found;
    auto visited = (*query)->bind(1, digest).for_each_row([&](const sqlite::Statement& row) {
        found = Found{row.text(0), row.integer(1), !row.is_null(2), row.integer(3)};
    });
    if (!visited) {
        return fail(visited.error());
    }
    if (auto refused =
            enrolment_refusal(found.has_value(), found && found->used, found && now >= found->expires_at);
        refused) {
        return fail(*refused);
    }
    auto mark = statement("UPDATE hub_enrolments SET used_at_ms = ?1 WHERE secret_sha256 = ?2");
    if (!mark) {
        return fail(mark.error());
    }
    if (auto marked = (*mark)->bind(1, now).bind(2, digest).run(); !marked) {
        return fail(marked.error());
    }
    TokenRequest request;
    request.kiosk = found->kiosk;
    request.event_id = found->event_id;
    auto token = insert_token(request);
    if (!token) {
        return fail(token.error());
    }
    if (auto committed = transaction->commit(); !committed) {
        return fail(committed.error());
    }
    return EnrolReply{found->kiosk, std::move(*token)};
}

// ---- Kiosk health --------------------------------------------------------------------------------------

Result<std::int64_t> SqliteHubStore::record_kiosk_report(std::int64_t event_id, const KioskReport& report) {
    std::lock_guard lock(m_mutex);
    auto save = statement(
        "INSERT OR REPLACE INTO hub_kiosk_reports (kiosk, version, backlog, printer, printer_problems, "
        "labels_left, scanners, last_scan_at_ms, received_at_ms, event_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
        "?7, ?8, ?9, ?10)");
    if (!save) {
        return fail(save.error());
    }
    const std::int64_t received_at = m_clock();
    (*save)
        ->bind(1, report.kiosk)
        .bind(2, report.version)
        .bind(3, static_cast<std::int64_t>(report.backlog))
        .bind(4, to_string(report.printer))
        .bind(5, joined_problem_names(report.printer_problems))
        .bind(7, static_cast<std::int64_t>(report.scanners))
        .bind(9, received_at)
        .bind(10, event_id);
    if (report.labels_left) {
        (*save)->bind(6, *report.labels_left);
    } else {
        (*save)->bind_null(6);
    }
    if (report.last_scan_at_milliseconds) {
        (*save)->bind(8, *report.last_scan_at_milliseconds);
    } else {
        (*save)->bind_null(8);
    }
    if (auto saved = (*save)->run(); !saved) {
        return fail(saved.error());
    }
    return received_at;
}

Result<std::vector<KioskHealth>> SqliteHubStore::kiosk_health() {
    std::lock_guard lock(m_mutex);
    auto query =
        statement("SELECT kiosk, version, backlog, printer, printer_problems, labels_left, scanners, "
                  "last_scan_at_ms, received_at_ms, COALESCE(event_id, 1) FROM hub_kiosk_reports ORDER BY "
                  "kiosk");
    if (!query) {
        return fail(query.error());
    }
    std::vector<KioskHealth> kiosks;
    auto visited = (*query)->for_each_row([&](const sqlite::Statement& row) {
        KioskHealth health;
        health.report.kiosk = row.text(0);
        health.report.version = row.text(1);
        health.report.backlog = static_cast<std::size_t>(std::max<std::int64_t>(0, row.integer(2)));
        health.report.printer = printer_condition_from(row.text(3)).value_or(PrinterCondition::unknown);
        health.report.printer_problems = split_problem_names(row.text(4));
        if (!row.is_null(5)) {
            health.report.labels_left = row.integer(5);
        }
        health.report.scanners = static_cast<std::size_t>(std::max<std::int64_t>(0, row.integer(6)));
        if (!row.is_null(7)) {
            health.report.last_scan_at_milliseconds = row.integer(7);
        }
        health.received_at_milliseconds = row.integer(8);
        health.event_id = row.integer(9);
        kiosks.push_back(std::move(health));
    });
    if (!visited) {
        return fail(visited.error());
    }
    return kiosks;
}

} // namespace checkin::sync
