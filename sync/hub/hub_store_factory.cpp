// Which store a location names (hub_store_factory.hpp).

#include "sync/hub/hub_store_factory.hpp"

#include "sync/hub/postgresql_hub_store.hpp"

#include <filesystem>
#include <string>

namespace checkin::sync {

bool is_postgresql_location(std::string_view location) {
    return location.starts_with("postgresql://") || location.starts_with("postgres://");
}

Result<std::unique_ptr<HubStore>> open_hub_store(std::string_view location, HubClock clock) {
    if (is_postgresql_location(location)) {
        return open_postgresql_hub_store(std::string(location), std::move(clock));
    }
    auto store = SqliteHubStore::open(std::filesystem::path(location), std::move(clock));
    if (!store) {
        return fail(store.error());
    }
    return std::unique_ptr<HubStore>(std::move(*store));
}

} // namespace checkin::sync
