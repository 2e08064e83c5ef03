#include "drivers/connection.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <thread>

namespace checkin::drivers {

Result<Transport*> Connection::get() {
    if (!m_transport) {
        auto opened = m_opener();
        if (!opened) {
            return std::unexpected(opened.error());
        }
        m_transport = std::move(*opened);
    }
    return m_transport.get();
}

Result<Transport*> Connection::wait_for_return(std::chrono::milliseconds timeout,
                                               std::chrono::milliseconds interval) {
    using Clock = std::chrono::steady_clock;
    drop();
    const Clock::time_point deadline = Clock::now() + timeout;
    Error last{Problem::disconnected, "the device did not come back"};
    while (Clock::now() < deadline) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
        std::this_thread::sleep_for(std::clamp(interval, std::chrono::milliseconds{0}, left));
        auto transport = get();
        if (transport) {
            return transport;
        }
        last = transport.error();
    }
    return fail(Problem::disconnected, fmt::format("the device did not come back within {} ms (last try: {})",
                                                   timeout.count(), last.detail));
}

} // namespace checkin::drivers
