#include "kiosk/app/demo.hpp"

#include "kiosk/app/resources.hpp"
#include "sync/mirror/mirror.hpp"

#include <cstdlib>
#include <fmt/format.h>
#include <fstream>
#include <sstream>

namespace checkin::kiosk {

sync::Result<void> prepare_demo_mirror(const std::filesystem::path& database) {
    const auto& roster_path = resource_paths().demo_roster;
    std::ifstream in(roster_path, std::ios::binary);
    if (!in) {
        return sync::fail(
            sync::Error::io(fmt::format("cannot read the demo roster {}", roster_path.string())));
    }
    std::ostringstream bytes;
    bytes << in.rdbuf();
    auto mirror = sync::Mirror::open(database);
    if (!mirror) {
        return sync::fail(mirror.error());
    }
    sync::Event event{demo_event_name, sync::parse_event_days(demo_event_days).value()};
    auto roster = sync::parse_roster(bytes.str(), {}, event);
    if (!roster) {
        return sync::fail(sync::Error::invalid_input(fmt::format("the demo roster is broken: line {}: {}",
                                                                 roster.error().front().line,
                                                                 roster.error().front().message)));
    }
    auto applied = mirror->apply_roster(roster->entries, sync::WriteMode::write, {}, event);
    if (!applied) {
        return sync::fail(applied.error());
    }
    return {};
}

std::filesystem::path default_demo_database() {
    std::filesystem::path folder;
    if (const char* state = std::getenv("XDG_STATE_HOME"); state && *state) {
        folder = state;
    } else if (const char* home = std::getenv("HOME"); home && *home) {
        folder = std::filesystem::path(home) / ".local" / "state";
    } else {
        folder = std::filesystem::temp_directory_path();
    }
    folder /= "checkin-kiosk";
    std::error_code ignored;
    std::filesystem::create_directories(folder, ignored);
    return folder / "demo-mirror.sqlite";
}

} // namespace checkin::kiosk
