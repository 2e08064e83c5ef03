#include "sync/roster/event_days.hpp"

#include <algorithm>
#include <charconv>
#include <fmt/format.h>

namespace checkin::sync {

namespace {

std::optional<int> parse_number(std::string_view text) {
    if (text.empty() || text.size() > 4) {
        return std::nullopt;
    }
    int value = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc{} || end != text.data() + text.size()) {
        return std::nullopt;
    }
    return value;
}

std::vector<std::string_view> split_any(std::string_view text, std::string_view separators) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t end = text.find_first_of(separators, start);
        const std::size_t stop = end == std::string_view::npos ? text.size() : end;
        if (stop > start) {
            parts.push_back(text.substr(start, stop - start));
        }
        if (end == std::string_view::npos) {
            break;
        }
        start = end + 1;
    }
    return parts;
}

std::optional<Day> make_day(int year, int month, int day) {
    // std::chrono keeps day and month in 8 bits: 285 would wrap to 29 before ok() could refuse it.
    if (month < 1 || month > 12 || day < 1 || day > 31) {
        return std::nullopt;
    }
    const Day result{std::chrono::year{year}, std::chrono::month{static_cast<unsigned>(month)},
                     std::chrono::day{static_cast<unsigned>(day)}};
    if (month < 1 || day < 1 || !result.ok()) {
        return std::nullopt;
    }
    return result;
}

void sort_unique(std::vector<Day>& days) {
    std::sort(days.begin(), days.end());
    days.erase(std::unique(days.begin(), days.end()), days.end());
}

// Splits at every `separator`, keeping empty parts, so "29..11" is three parts and refused.
std::vector<std::string_view> split_exactly(std::string_view text, char separator) {
    std::vector<std::string_view> parts;
    while (true) {
        const auto end = text.find(separator);
        parts.push_back(text.substr(0, end));
        if (end == std::string_view::npos) {
            return parts;
        }
        text.remove_prefix(end + 1);
    }
}

} // namespace

std::optional<Day> parse_iso_day(std::string_view text) {
    const auto parts = split_any(text, "-");
    if (parts.size() != 3 || parts[0].size() != 4 || parts[1].size() != 2 || parts[2].size() != 2 ||
        std::count(text.begin(), text.end(), '-') != 2) {
        return std::nullopt;
    }
    const auto year = parse_number(parts[0]);
    const auto month = parse_number(parts[1]);
    const auto day = parse_number(parts[2]);
    if (!year || !month || !day) {
        return std::nullopt;
    }
    return make_day(*year, *month, *day);
}

std::string format_iso_day(Day day) {
    return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(day.year()), static_cast<unsigned>(day.month()),
                       static_cast<unsigned>(day.day()));
}

std::string format_short_day(Day day) {
    return fmt::format("{:02}.{:02}", static_cast<unsigned>(day.day()), static_cast<unsigned>(day.month()));
}

Result<Day> parse_roster_day(std::string_view text, std::chrono::year event_year) {
    if (auto iso = parse_iso_day(text)) {
        return *iso;
    }
    const char separator = text.find('/') != std::string_view::npos ? '/' : '.';
    const auto parts = split_exactly(text, separator);
    const auto short_number = [](std::string_view part) {
        return part.size() >= 1 && part.size() <= 2 ? parse_number(part) : std::nullopt;
    };
    if (parts.size() == 2 || parts.size() == 3) {
        const auto day = short_number(parts[0]);
        const auto month = short_number(parts[1]);
        // A third part must be a four-digit year; without one the day takes the event's year.
        const bool has_year = parts.size() == 3;
        const auto written_year = has_year && parts[2].size() == 4 ? parse_number(parts[2]) : std::nullopt;
        const int year = has_year ? written_year.value_or(0) : static_cast<int>(event_year);
        if (day && month && (!has_year || written_year)) {
            if (auto result = make_day(year, *month, *day)) {
                return *result;
            }
            return fail(Error::invalid_input(fmt::format("\"{}\" is not a date that exists", text)));
        }
    }
    return fail(Error::invalid_input(
        fmt::format("\"{}\" is not a day; write days as 29.11 or 2026-11-29, separated by commas", text)));
}

Result<std::vector<Day>> parse_roster_days(std::string_view text, std::chrono::year event_year) {
    std::vector<Day> days;
    for (const auto part : split_any(text, ",; \t")) {
        auto day = parse_roster_day(part, event_year);
        if (!day) {
            return fail(day.error());
        }
        days.push_back(*day);
    }
    sort_unique(days);
    return days;
}

Result<Day> parse_roster_day_near(std::string_view text, Day today) {
    // The same text read in last, this and next year: a text with a year reads the same in all three.
    std::optional<Day> nearest;
    std::optional<Error> first_error;
    for (const int offset : {-1, 0, 1}) {
        auto day = parse_roster_day(text, today.year() + std::chrono::years(offset));
        if (!day) {
            first_error = first_error.value_or(day.error());
            continue;
        }
        const auto distance = [&](Day candidate) {
            const auto days = std::chrono::sys_days(candidate) - std::chrono::sys_days(today);
            return days.count() < 0 ? -days.count() : days.count();
        };
        if (!nearest || distance(*day) < distance(*nearest)) {
            nearest = *day;
        }
    }
    if (!nearest) {
        return fail(*first_error);
    }
    return *nearest;
}

Result<std::vector<Day>> parse_roster_days_near(std::string_view text, Day today) {
    std::vector<Day> days;
    for (const auto part : split_any(text, ",; \t")) {
        auto day = parse_roster_day_near(part, today);
        if (!day) {
            return fail(day.error());
        }
        days.push_back(*day);
    }
    sort_unique(days);
    return days;
}

Result<std::vector<Day>> parse_event_days(std::string_view text) {
    std::vector<Day> days;
    for (const auto part : split_any(text, ", ")) {
        auto day = parse_iso_day(part);
        if (!day) {
            return fail(Error::invalid_input(
                fmt::format("\"{}\" is not a date; give the event's days as 2026-11-29,2026-11-30", part)));
        }
        days.push_back(*day);
    }
    if (days.empty()) {
        return fail(Error::invalid_input("no event days given; give them as 2026-11-29,2026-11-30"));
    }
    sort_unique(days);
    return days;
}

bool admitted_on(const std::vector<Day>& admitted_days, const Event& event, Day today) {
    const bool is_event_day = std::binary_search(event.days.begin(), event.days.end(), today);
    if (!is_event_day || admitted_days.empty()) {
        return true;
    }
    return std::binary_search(admitted_days.begin(), admitted_days.end(), today);
}

std::string format_day_list(const std::vector<Day>& days) {
    std::string text;
    for (const auto& day : days) {
        if (!text.empty()) {
            text += ", ";
        }
        text += format_short_day(day);
    }
    return text;
}

} // namespace checkin::sync
