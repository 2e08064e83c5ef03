#pragma once

// The days of the event and the day rules. A roster says "29.11" and means that day of the event's year;
// the kiosk refuses someone on a day they are not admitted for, but only on the event's own days — on a
// rehearsal or setup day nobody is refused for the day. Pure: today's date is always passed in.

#include "base/clock.hpp"
#include "sync/roster/error.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace checkin::sync {

using Day = base::Day;

struct Event {
    std::string name;
    std::vector<Day> days; // sorted, without repeats; empty until an organiser sets them

    friend bool operator==(const Event&, const Event&) = default;
};

// "2026-11-29" → that day; anything else (including 2026-02-30) → std::nullopt.
std::optional<Day> parse_iso_day(std::string_view text);
std::string format_iso_day(Day day);   // "2026-11-29"
std::string format_short_day(Day day); // "29.11", as rosters and badges write it

// One day as rosters write it: "29.11", "29.11.2026", "29/11", "2026-11-29". Days without a year take
// `event_year`. Fails with a message naming the text for an impossible date ("31.11") or an unreadable one.
Result<Day> parse_roster_day(std::string_view text, std::chrono::year event_year);

// A roster's Days cell: days separated by commas, semicolons or spaces ("29.11,30.11"). Empty → no days,
// which means admitted on every day of the event. The result is sorted, without repeats.
Result<std::vector<Day>> parse_roster_days(std::string_view text, std::chrono::year event_year);
// The same for a roster imported before the event's days are set: a day written without a year is taken
// in the year that puts it nearest to `today` (rosters are imported within months of their event; the
// import says which days it took). A day written with its year is that day.
Result<Day> parse_roster_day_near(std::string_view text, Day today);
Result<std::vector<Day>> parse_roster_days_near(std::string_view text, Day today);

// The event's days from an option such as "2026-11-29,2026-11-30".
Result<std::vector<Day>> parse_event_days(std::string_view text);

// Whether a delegate admitted on `admitted_days` (empty = every day) may check in on `today`. On a date
// that is not one of the event's days, the day rule does not apply and everyone may.
bool admitted_on(const std::vector<Day>& admitted_days, const Event& event, Day today);

// "29.11, 30.11" for messages.
std::string format_day_list(const std::vector<Day>& days);

} // namespace checkin::sync
