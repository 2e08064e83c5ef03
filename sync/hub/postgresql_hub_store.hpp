#pragma once

// The hub's store on PostgreSQL (hub_store.hpp): the same roster, journal, sequence and tokens as the
// embedded SQLite store, with the same results for the same calls, for hubs that outgrow one file or run
// as several instances on one database.
// Decisions:
// - The schema is a list of numbered migrations, recorded in schema_migrations and applied at open in one
//   transaction under an advisory lock, so two hubs starting at once do not both migrate.
// - Codes are compared with ASCII case ignored, as the mirror's NOCASE does: each code is stored beside its
//   folded key (fold_code) in the "C" collation, and the key is what is unique, joined and ordered on.
// - The hub sequence is a counter row that a push locks (SELECT … FOR UPDATE) before it numbers its events
//   and holds until it commits. Pushes therefore commit in the order of their numbers, and a reader that
//   sees sequence S sees every sequence below S too: "events since N" never skips one that shows up
//   later. The numbers have no gaps (a duplicate takes none), as in the SQLite store.
// - A push's events go in with one INSERT over unnest()ed arrays, not one round trip per event.
// - A small pool of connections serves the server's threads; a broken connection is dropped and a new
//   one opened on the next call.

#include "base/clock.hpp"
#include "sync/hub/hub_store.hpp"
#include "sync/hub/sqlite_hub_store.hpp" // HubClock

#include <memory>
#include <string>

namespace checkin::sync {

// How many migrations this program knows: a database with more was made by a newer hub.
int postgresql_schema_version();

// Opens the hub store in the database at `uri` (a libpq URI or connection string) and migrates its schema.
// Fails with ErrorKind::unavailable when the server cannot be reached, and with ErrorKind::storage when
// the schema cannot be made or is newer than this program.
Result<std::unique_ptr<HubStore>> open_postgresql_hub_store(const std::string& uri,
                                                            HubClock clock = base::now_unix_milliseconds);

} // namespace checkin::sync
