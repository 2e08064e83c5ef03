#pragma once

// Settings of a kiosk controller run inside the test's process, as the e2e tests that drive it directly
// (find by name, health reports, enrolment) make it: the tree's templates, DejaVu fonts and device
// profiles, no scanner opened, the flow clock starting at `now` and the wall clock at 08:00 UTC on `day`,
// which is also the kiosk's date. The caller adds its log. Header-only (tests).

#include "kiosk/app/controller.hpp"

#include <chrono>
#include <cstdint>
#include <string>

namespace checkin::test {

inline std::int64_t eight_in_the_morning_milliseconds(sync::Day day) {
    using namespace std::chrono_literals;
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               (std::chrono::sys_days{day} + 8h).time_since_epoch())
        .count();
}

inline kiosk::ControllerSettings in_process_settings(kiosk::KioskConfig config, kiosk::FlowTime now,
                                                     sync::Day day) {
    kiosk::ControllerSettings settings;
    settings.config = std::move(config);
    settings.resources = kiosk::BadgeResources{std::string(CHECKIN_SOURCE_DIR) + "/printing/templates",
                                               "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
                                               "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"};
    settings.profiles_directory = std::string(CHECKIN_SOURCE_DIR) + "/hardware/profiles";
    settings.open_scanners = false;
    settings.flow_start = now;
    settings.wall_start_milliseconds = eight_in_the_morning_milliseconds(day);
    settings.date_override = day;
    return settings;
}

} // namespace checkin::test
