#pragma once

// The mirror's schema as numbered migrations. `PRAGMA user_version` holds how many have run; a mirror
// opened by an older build than the one that wrote it is refused rather than guessed at.

#include "sync/mirror/sqlite.hpp"

namespace checkin::sync {

// Runs the migrations the database has not had yet, each in its own transaction.
Result<void> migrate(sqlite::Database& database);

int schema_version(); // the number of migrations this build knows

} // namespace checkin::sync
