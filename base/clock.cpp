#include "base/clock.hpp"

#include <chrono>
#include <ctime>

namespace checkin::base {

std::int64_t Clock::now_milliseconds() const {
    const auto now = std::chrono::system_clock::now().time_since_epoch();
    return std::chrono::duration_cast<std::chrono::milliseconds>(now).count();
}

Day Clock::today() const {
    if (m_date_override) {
        return *m_date_override;
    }
    // The venue's calendar day is local: a check-in at 00:30 in Warsaw belongs to that local day.
    const std::time_t seconds = std::time(nullptr);
    std::tm parts{};
    localtime_r(&seconds, &parts);
    return Day{std::chrono::year{parts.tm_year + 1900},
               std::chrono::month{static_cast<unsigned>(parts.tm_mon + 1)},
               std::chrono::day{static_cast<unsigned>(parts.tm_mday)}};
}

} // namespace checkin::base
