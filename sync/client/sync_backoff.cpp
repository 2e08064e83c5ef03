#include "sync/client/sync_backoff.hpp"

#include <algorithm>
#include <cmath>

namespace checkin::sync {

std::chrono::milliseconds backoff_ceiling(std::size_t attempt, const BackoffSettings& settings) {
    const double base = static_cast<double>(std::max<std::int64_t>(0, settings.base.count()));
    const double cap = static_cast<double>(std::max<std::int64_t>(0, settings.cap.count()));
    const double factor = std::max(1.0, settings.factor);
    // Grown step by step and stopped at the cap, so a long outage (attempt in the thousands) never
    // overflows a double or an integer.
    double ceiling = std::min(base, cap);
    for (std::size_t step = 0; step < attempt && ceiling < cap; ++step) {
        ceiling = std::min(ceiling * factor, cap);
    }
    return std::chrono::milliseconds(static_cast<std::int64_t>(ceiling));
}

std::chrono::milliseconds next_delay(std::size_t attempt, double random_unit,
                                     const BackoffSettings& settings) {
    // NaN fails every comparison, so it takes the first branch and becomes 0.
    double unit = random_unit;
    if (!(unit >= 0.0)) {
        unit = 0.0;
    } else if (unit >= 1.0) {
        unit = std::nextafter(1.0, 0.0);
    }
    const auto ceiling = backoff_ceiling(attempt, settings).count();
    const auto delay = static_cast<std::int64_t>(std::floor(unit * static_cast<double>(ceiling)));
    // floor(unit × ceiling) < ceiling for unit < 1, except for rounding with huge ceilings; keep the promise.
    return std::chrono::milliseconds(
        std::clamp<std::int64_t>(delay, 0, std::max<std::int64_t>(0, ceiling - 1)));
}

std::chrono::milliseconds Backoff::next_delay(double random_unit) {
    const auto delay = sync::next_delay(m_failures, random_unit, m_settings);
    ++m_failures;
    return delay;
}

} // namespace checkin::sync
