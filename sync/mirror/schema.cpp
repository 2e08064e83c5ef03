#include "sync/mirror/schema.hpp"

#include <array>
#include <fmt/format.h>
#include <string_view>

namespace checkin::sync {

namespace {

// Append only: a migration that has shipped is never edited, the next change is a new entry.
constexpr std::array<std::string_view, 10> migrations{
    R"sql(
CREATE TABLE event (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    name TEXT NOT NULL DEFAULT '',
    days TEXT NOT NULL DEFAULT ''              -- ISO dates, comma separated, sorted
);
INSERT INTO event (id) VALUES (1);

CREATE TABLE counters (
    name  TEXT PRIMARY KEY,
    value INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO counters (name, value) VALUES ('roster_version', 0);
-- Bumped by triggers on every change to delegates, from any connection, so that in-memory caches (the
-- name search index) know when to rebuild without watching every writer.
INSERT INTO counters (name, value) VALUES ('delegate_changes', 0);

CREATE TABLE delegates (
    id           INTEGER PRIMARY KEY,
    code         TEXT NOT NULL UNIQUE COLLATE NOCASE,  -- scanners with Caps Lock on still match
    first_name   TEXT NOT NULL,
    last_name    TEXT NOT NULL,
    organisation TEXT NOT NULL DEFAULT '',
    position     TEXT NOT NULL DEFAULT '',
    partnership  TEXT NOT NULL DEFAULT '',
    voivodeship  TEXT NOT NULL DEFAULT '',
    role         TEXT NOT NULL DEFAULT '',
    days         TEXT NOT NULL DEFAULT '',      -- ISO dates, comma separated; empty = every day
    email        TEXT NOT NULL DEFAULT '',
    status       TEXT NOT NULL CHECK (status IN ('active', 'cancelled')),
    origin       TEXT NOT NULL CHECK (origin IN ('roster', 'walk-in')),
    row_version  INTEGER NOT NULL
);
CREATE INDEX delegates_by_version ON delegates (row_version);
CREATE TRIGGER delegates_insert_counted AFTER INSERT ON delegates
BEGIN
    UPDATE counters SET value = value + 1 WHERE name = 'delegate_changes';
END;
CREATE TRIGGER delegates_update_counted AFTER UPDATE ON delegates
BEGIN
    UPDATE counters SET value = value + 1 WHERE name = 'delegate_changes';
END;
CREATE TRIGGER delegates_delete_counted AFTER DELETE ON delegates
BEGIN
    UPDATE counters SET value = value + 1 WHERE name = 'delegate_changes';
END;

-- The journal: append only. Check-ins, undos, reprints and prints are facts; state is derived from them.
CREATE TABLE checkin_events (
    sequence      INTEGER PRIMARY KEY,          -- local order of arrival
    id            TEXT NOT NULL UNIQUE,         -- random 128-bit UUID: the idempotency key for sync
    delegate_code TEXT NOT NULL COLLATE NOCASE,
    kind          TEXT NOT NULL CHECK (kind IN ('checkin', 'undo', 'reprint', 'print')),
    at_ms         INTEGER NOT NULL,             -- Unix time in milliseconds, UTC
    day           TEXT NOT NULL,                -- the venue's calendar day, ISO
    kiosk_id      TEXT NOT NULL,
    operator      TEXT NOT NULL DEFAULT '',
    reason        TEXT NOT NULL DEFAULT '',
    undoes        TEXT,                         -- for an undo: the id of the check-in it cancels
    uploaded      INTEGER NOT NULL DEFAULT 0 CHECK (uploaded IN (0, 1)),
    CHECK ((kind = 'undo') = (undoes IS NOT NULL))
);
CREATE INDEX checkin_events_by_delegate_day ON checkin_events (delegate_code, day, kind, at_ms);
CREATE INDEX checkin_events_by_day ON checkin_events (day, kind);
CREATE INDEX checkin_events_by_undoes ON checkin_events (undoes) WHERE undoes IS NOT NULL;
CREATE INDEX checkin_events_not_uploaded ON checkin_events (sequence) WHERE uploaded = 0;

CREATE TRIGGER checkin_events_are_never_deleted BEFORE DELETE ON checkin_events
BEGIN
    SELECT RAISE(ABORT, 'check-in events are append-only');
END;
CREATE TRIGGER checkin_events_change_only_uploaded BEFORE UPDATE ON checkin_events
WHEN NEW.id IS NOT OLD.id OR NEW.delegate_code IS NOT OLD.delegate_code OR NEW.kind IS NOT OLD.kind
  OR NEW.at_ms IS NOT OLD.at_ms OR NEW.day IS NOT OLD.day OR NEW.kiosk_id IS NOT OLD.kiosk_id
  OR NEW.operator IS NOT OLD.operator OR NEW.reason IS NOT OLD.reason OR NEW.undoes IS NOT OLD.undoes
  OR NEW.uploaded < OLD.uploaded
BEGIN
    SELECT RAISE(ABORT, 'check-in events are append-only: only the uploaded flag may be set');
END;
)sql",
    // 2: the sync client's small values ("hub_roster_version", "hub_event_sequence"). They live in the
    // mirror file, so a replaced or deleted mirror starts its sync from the beginning along with its rows.
    R"sql(
CREATE TABLE sync_state (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
)sql",
    // 3: this kiosk's events the hub refused (event_checks.hpp), with its reason, for the device panel.
    // Such an event is marked uploaded too: the hub has answered for it, and it leaves the upload queue for
    // good instead of being sent again every round.
    R"sql(
CREATE TABLE refused_uploads (
    event_id      TEXT PRIMARY KEY,           -- checkin_events.id
    reason        TEXT NOT NULL,              -- the hub's sentence, naming the rule
    refused_at_ms INTEGER NOT NULL
) WITHOUT ROWID;
)sql",
    // 4: signed codes (issue 14). The event's public keys (several at once, so keys rotate), the serials of
    // cancelled or reissued codes, and the delegates a signed invitation registered here (a late registrant
    // not yet on the roster), with the invitation's serial, so the staff card can say "from the invitation".
    R"sql(
CREATE TABLE code_keys (
    public_key  TEXT PRIMARY KEY,             -- "ed25519:" and base64, as kioskctl keys new prints it
    added_at_ms INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE revoked_serials (
    serial TEXT PRIMARY KEY                   -- 12 lower-case hex digits
) WITHOUT ROWID;
CREATE TABLE invitation_delegates (
    code   TEXT PRIMARY KEY COLLATE NOCASE,   -- delegates.code
    serial TEXT NOT NULL                      -- the invitation's serial
) WITHOUT ROWID;
)sql",
    // 5: the invitations `kioskctl invitations` signed, one per delegate, so a re-run prints the same code
    // the delegate may already have in their mail; a reissue or a cancellation replaces or removes the row
    // and revokes the old serial in the same transaction.
    R"sql(
CREATE TABLE issued_invitations (
    code         TEXT PRIMARY KEY COLLATE NOCASE, -- delegates.code
    serial       TEXT NOT NULL,                   -- what a revocation names
    signed_code  TEXT NOT NULL,                   -- the QR code's text
    issued_at_ms INTEGER NOT NULL
) WITHOUT ROWID;
)sql",
    // 6: the name index (name_index.hpp) as bytes, with the delegate_changes count it was built at, so a
    // short-lived process such as `kioskctl find` loads it instead of folding and sorting every delegate
    // (250 ms at 100,000). A cache: any delegate change makes it stale, and the next search builds anew.
    // It holds folded names, so a purge empties it with the delegates.
    R"sql(
CREATE TABLE name_index_cache (
    id                INTEGER PRIMARY KEY CHECK (id = 1), -- one row
    delegate_changes  INTEGER NOT NULL,
    bytes             BLOB NOT NULL
);
)sql",
    // 7: keys pulled from the hub are marked, so the next pull can drop a key the organiser removed there
    // while keys added on this kiosk (kioskctl keys add) stay.
    R"sql(
ALTER TABLE code_keys ADD COLUMN from_hub INTEGER NOT NULL DEFAULT 0;
)sql",
    // 8: what a purge keeps (issue 15, mirror_purge.cpp): counts with no person in them, by the venue's day
    // and the groups the report shows, so statistics still answer after the names, e-mails and codes are
    // gone. Counts of several purges add up.
    R"sql(
CREATE TABLE anonymous_counts (
    day         TEXT NOT NULL,                -- ISO
    role        TEXT NOT NULL,
    voivodeship TEXT NOT NULL,
    partnership TEXT NOT NULL,
    registered  INTEGER NOT NULL,             -- active delegates admitted that day
    checked_in  INTEGER NOT NULL,             -- of those, the ones checked in that day
    PRIMARY KEY (day, role, voivodeship, partnership)
) WITHOUT ROWID;
)sql",
    // 9: which of a hub's events a delegate belongs to (issue 16, item 4: many events on one hub). A kiosk's
    // mirror holds one event and leaves it at 1; on a hub it is hub_events.id, and 1 is the event the file
    // held before events had rows, so everything already here belongs to it.
    R"sql(
ALTER TABLE delegates ADD COLUMN event_id INTEGER NOT NULL DEFAULT 1;
CREATE INDEX delegates_by_event ON delegates (event_id, row_version);
)sql",
    // 10: what a purge keeps, per event: a hub purges one event's people at a time and each event's
    // dashboard reports its own counts. Counts kept before are the first event's (the only one a purge
    // could purge then); a kiosk's mirror leaves every count at 1. SQLite cannot change a primary key in
    // place, so the table is copied.
    R"sql(
CREATE TABLE anonymous_counts_by_event (
    event_id    INTEGER NOT NULL DEFAULT 1,   -- delegates.event_id of the people counted
    day         TEXT NOT NULL,                -- ISO
    role        TEXT NOT NULL,
    voivodeship TEXT NOT NULL,
    partnership TEXT NOT NULL,
    registered  INTEGER NOT NULL,             -- active delegates admitted that day
    checked_in  INTEGER NOT NULL,             -- of those, the ones checked in that day
    PRIMARY KEY (event_id, day, role, voivodeship, partnership)
) WITHOUT ROWID;
INSERT INTO anonymous_counts_by_event (event_id, day, role, voivodeship, partnership, registered, checked_in)
    SELECT 1, day, role, voivodeship, partnership, registered, checked_in FROM anonymous_counts;
DROP TABLE anonymous_counts;
ALTER TABLE anonymous_counts_by_event RENAME TO anonymous_counts;
)sql",
};

Result<int> read_user_version(sqlite::Database& database) {
    auto statement = database.prepare("PRAGMA user_version");
    if (!statement) {
        return fail(statement.error());
    }
    auto step = statement->step();
    if (!step) {
        return fail(step.error());
    }
    return static_cast<int>(statement->integer(0));
}

} // namespace

int schema_version() {
    return static_cast<int>(migrations.size());
}

Result<void> migrate(sqlite::Database& database) {
    auto version = read_user_version(database);
    if (!version) {
        return fail(
            Error::storage(fmt::format("this file is not a check-in mirror ({})", version.error().message)));
    }
    if (*version > schema_version()) {
        return fail(Error::storage(fmt::format("this mirror has schema version {}, newer than this program "
                                               "knows ({}); update the program",
                                               *version, schema_version())));
    }
    for (int next = *version; next < schema_version(); ++next) {
        auto transaction = sqlite::Transaction::begin(database, sqlite::TransactionKind::immediate);
        if (!transaction) {
            return fail(transaction.error());
        }
        // Another process may have migrated while this one waited for the lock.
        auto current = read_user_version(database);
        if (!current) {
            return fail(current.error());
        }
        if (*current > next) {
            continue;
        }
        if (auto applied = database.execute(migrations[static_cast<std::size_t>(next)]); !applied) {
            return fail(applied.error());
        }
        if (auto set = database.execute(fmt::format("PRAGMA user_version = {}", next + 1)); !set) {
            return fail(set.error());
        }
        if (auto committed = transaction->commit(); !committed) {
            return fail(committed.error());
        }
    }
    return {};
}

} // namespace checkin::sync
