#pragma once

// The one place that turns where the hub keeps its data into a store: a PostgreSQL URI
// ("postgresql://…" or "postgres://…") opens the PostgreSQL store, anything else is an SQLite file.

#include "base/clock.hpp"
#include "sync/hub/hub_store.hpp"
#include "sync/hub/sqlite_hub_store.hpp" // HubClock

#include <memory>
#include <string_view>

namespace checkin::sync {

// Whether `location` names a PostgreSQL database rather than an SQLite file.
bool is_postgresql_location(std::string_view location);

// Opens the store at `location` with `clock` for token expiry and the times of pushes. Fails as
// open_postgresql_hub_store or SqliteHubStore::open do.
Result<std::unique_ptr<HubStore>> open_hub_store(std::string_view location,
                                                 HubClock clock = base::now_unix_milliseconds);

} // namespace checkin::sync
