#pragma once

// The demo's mirror: the seminar's synthetic roster (kiosk/demo/roster.csv), imported into a mirror of
// its own, so `kiosk --demo` runs with no setup.

#include "sync/roster/error.hpp"

#include <filesystem>

namespace checkin::kiosk {

// The event the demo roster belongs to.
inline constexpr const char* demo_event_name =
    "Seminarium sieciujące Centrum Wsparcia Doradczego Plus — Serock";
// Its name on the English attract screen, as `[event] name_en` gives it at a real event.
inline constexpr const char* demo_event_name_english =
    "Networking seminar of the Centrum Wsparcia Doradczego Plus programme — Serock";
inline constexpr const char* demo_event_days = "2026-11-29,2026-11-30";

// Imports the demo roster into `database` (created if missing; an import of an unchanged roster changes
// nothing, so running the demo twice keeps earlier check-ins).
sync::Result<void> prepare_demo_mirror(const std::filesystem::path& database);

// Where the demo keeps its mirror when none is given: $XDG_STATE_HOME or ~/.local/state, else /tmp.
std::filesystem::path default_demo_database();

} // namespace checkin::kiosk
