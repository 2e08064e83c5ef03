#pragma once

// How long a kiosk waits before it tries the hub again after a failed sync: exponential backoff with
// full jitter. The ceiling doubles with every failure in a row (1 s, 2 s, 4 s … up to 60 s) and the
// delay is a uniform pick below it, so a room of kiosks that lost the hub together does not come back
// in one burst. Pure: the caller supplies the random number, so tests can pin it.

#include <chrono>
#include <cstddef>

namespace checkin::sync {

struct BackoffSettings {
    std::chrono::milliseconds base{1000}; // the ceiling after the first failure
    double factor = 2.0;                  // the ceiling grows by this much with every further failure
    std::chrono::milliseconds cap{60000}; // the ceiling never grows past this
};

// The ceiling for the `attempt`-th retry in a row (0 for the first): min(cap, base × factor^attempt).
std::chrono::milliseconds backoff_ceiling(std::size_t attempt, const BackoffSettings& settings = {});

// The delay before the `attempt`-th retry: floor(random_unit × ceiling), where random_unit is uniform in
// [0, 1). A random_unit outside that range (or NaN) is clamped into it, so the delay is always below the
// ceiling and never negative.
std::chrono::milliseconds next_delay(std::size_t attempt, double random_unit,
                                     const BackoffSettings& settings = {});

// The state of one retry loop: how many failures in a row so far.
class Backoff {
public:
    explicit Backoff(BackoffSettings settings = {}) : m_settings(settings) {}

    // A failure: returns how long to wait before the next try and counts the failure.
    std::chrono::milliseconds next_delay(double random_unit);
    // A success: the next failure starts again from the base.
    void reset() { m_failures = 0; }
    std::size_t failures() const { return m_failures; }

private:
    BackoffSettings m_settings;
    std::size_t m_failures = 0;
};

} // namespace checkin::sync
