#include "drivers/warning_log.hpp"

#include <fmt/format.h>
#include <utility>

namespace checkin::drivers {

void WarningLog::add(std::string warning) {
    if (m_kept.size() < m_capacity) {
        m_kept.push_back(std::move(warning));
    } else {
        ++m_dropped;
    }
}

std::vector<std::string> WarningLog::take() {
    std::vector<std::string> taken = std::exchange(m_kept, {});
    if (m_dropped > 0) {
        taken.push_back(fmt::format("{} more warning{} of this scanner {} not kept", m_dropped,
                                    m_dropped == 1 ? "" : "s", m_dropped == 1 ? "was" : "were"));
        m_dropped = 0;
    }
    return taken;
}

std::vector<std::string> WarningThrottle::pass(std::vector<std::string> warnings,
                                               std::chrono::steady_clock::time_point now) {
    std::vector<std::string> lines;
    if (!m_minute_start || now - *m_minute_start >= std::chrono::minutes(1)) {
        if (m_held_back > 0) {
            lines.push_back(fmt::format("{} scanner warning{} held back in the last minute", m_held_back,
                                        m_held_back == 1 ? "" : "s"));
        }
        m_minute_start = now;
        m_logged = 0;
        m_held_back = 0;
    }
    for (std::string& warning : warnings) {
        if (m_logged < m_per_minute) {
            lines.push_back(std::move(warning));
            ++m_logged;
        } else {
            ++m_held_back;
        }
    }
    return lines;
}

} // namespace checkin::drivers
