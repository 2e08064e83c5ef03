#pragma once

// The venue's clock: the current time, and what a Unix time is on the venue's wall clock and calendar.
// The venue is the system's time zone (TZ, or /etc/localtime), read through localtime_r here and nowhere
// else. Today's date for the kiosk and kioskctl: `--date YYYY-MM-DD` stands in for today (rehearsals,
// tests) while timestamps stay real.

#include <chrono>
#include <cstdint>
#include <optional>

namespace checkin::base {

// A calendar day as the venue counts it (local, not UTC).
using Day = std::chrono::year_month_day;

// A moment as the venue's wall clock and calendar show it.
struct LocalTime {
    Day day;
    int hour = 0;                // 0–23
    int minute = 0;              // 0–59
    int second = 0;              // 0–60 (a leap second)
    int millisecond = 0;         // 0–999
    long utc_offset_seconds = 0; // east of UTC is positive: +3600 in Warsaw in winter, +7200 in summer
};

// The current Unix time in milliseconds (UTC).
std::int64_t now_unix_milliseconds();

// The venue's wall-clock parts of a Unix time in milliseconds. Rounds down, so a time before 1970 lands
// in the right second. Never fails for the times a kiosk sees (years 1900 to 9999).
LocalTime local_time(std::int64_t unix_milliseconds);

// The venue's calendar day of a Unix time in milliseconds: 23:30 UTC on 29 November is 30 November in
// Warsaw. Check-ins, attendance and "today" are counted by this day, never by the UTC date.
Day local_day(std::int64_t unix_milliseconds);

class Clock {
public:
    explicit Clock(std::optional<Day> date_override = std::nullopt) : m_date_override(date_override) {}

    std::int64_t now_milliseconds() const; // Unix time, UTC
    Day today() const;                     // the override, or the local calendar day of now

private:
    std::optional<Day> m_date_override;
};

} // namespace checkin::base
