#pragma once

// What the scanner decoders could not use (a report of the wrong size, a key with no character, a code
// longer than allowed) as sentences for the log, with limits: a scanner that babbles — a wrong mode, a
// faulty cable, a hostile device — must neither grow the kiosk's memory nor flood its journal.
//   - WarningLog keeps at most `capacity` warnings between two takes and counts the rest.
//   - WarningThrottle lets at most `per_minute` lines a minute through to the log and says how many it held
//     back when the minute is over.
// Pure: the caller gives the time.

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace checkin::drivers {

class WarningLog {
public:
    static constexpr std::size_t default_capacity = 64;
    explicit WarningLog(std::size_t capacity = default_capacity) : m_capacity(capacity) {}

    void add(std::string warning);
    // The warnings kept since the last take, oldest first, and, when some were not kept, one more line
    // saying how many.
    std::vector<std::string> take();

private:
    std::size_t m_capacity;
    std::vector<std::string> m_kept;
    std::size_t m_dropped = 0;
};

class WarningThrottle {
public:
    static constexpr std::size_t default_per_minute = 10;
    explicit WarningThrottle(std::size_t per_minute = default_per_minute) : m_per_minute(per_minute) {}

    // The lines of `warnings` to log now (the rest counted), and, once a minute that held some back is
    // over, a line saying how many.
    std::vector<std::string> pass(std::vector<std::string> warnings,
                                  std::chrono::steady_clock::time_point now);

private:
    std::size_t m_per_minute;
    std::optional<std::chrono::steady_clock::time_point> m_minute_start;
    std::size_t m_logged = 0;
    std::size_t m_held_back = 0;
};

} // namespace checkin::drivers
