#pragma once

// Today's date and the current time for the kiosk and kioskctl. `--date YYYY-MM-DD` stands in for today
// (rehearsals, tests) while timestamps stay real.

#include "sync/event_days.hpp"

#include <cstdint>
#include <optional>

namespace checkin::kiosk {

class Clock {
public:
    explicit Clock(std::optional<sync::Day> date_override = std::nullopt) : m_date_override(date_override) {}

    std::int64_t now_milliseconds() const; // Unix time, UTC
    sync::Day today() const;               // the override, or the local calendar date

private:
    std::optional<sync::Day> m_date_override;
};

} // namespace checkin::kiosk
