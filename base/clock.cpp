#include "base/clock.hpp"

#include <chrono>
#include <ctime>

namespace checkin::base {

std::int64_t now_unix_milliseconds() {
    const auto now = std::chrono::system_clock::now().time_since_epoch();
    return std::chrono::duration_cast<std::chrono::milliseconds>(now).count();
}

LocalTime local_time(std::int64_t unix_milliseconds) {
    // Floor division, so a time before 1970 still lands in the right second.
    std::int64_t seconds = unix_milliseconds / 1000;
    std::int64_t millisecond = unix_milliseconds % 1000;
    if (millisecond < 0) {
        --seconds;
        millisecond += 1000;
    }
    const auto time = static_cast<std::time_t>(seconds);
    std::tm parts{};
    localtime_r(&time, &parts);
    return LocalTime{
        .day = Day{std::chrono::year{parts.tm_year + 1900},
                   std::chrono::month{static_cast<unsigned>(parts.tm_mon + 1)},
                   std::chrono::day{static_cast<unsigned>(parts.tm_mday)}},
        .hour = parts.tm_hour,
        .minute = parts.tm_min,
        .second = parts.tm_sec,
        .millisecond = static_cast<int>(millisecond),
        .utc_offset_seconds = parts.tm_gmtoff,
    };
}

Day local_day(std::int64_t unix_milliseconds) {
    return local_time(unix_milliseconds).day;
}

std::int64_t Clock::now_milliseconds() const {
    return now_unix_milliseconds();
}

Day Clock::today() const {
    if (m_date_override) {
        return *m_date_override;
    }
    // The venue's calendar day is local: a check-in at 00:30 in Warsaw belongs to that local day.
    return local_day(now_unix_milliseconds());
}

} // namespace checkin::base
