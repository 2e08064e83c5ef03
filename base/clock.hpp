#pragma once

// Today's date and the current time for the kiosk and kioskctl. `--date YYYY-MM-DD` stands in for today
// (rehearsals, tests) while timestamps stay real.

#include <chrono>
#include <cstdint>
#include <optional>

namespace checkin::base {

// A calendar day as the venue counts it (local, not UTC).
using Day = std::chrono::year_month_day;

class Clock {
public:
    explicit Clock(std::optional<Day> date_override = std::nullopt) : m_date_override(date_override) {}

    std::int64_t now_milliseconds() const; // Unix time, UTC
    Day today() const;                     // the override, or the local calendar date

private:
    std::optional<Day> m_date_override;
};

} // namespace checkin::base
