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

PrinterState silent_printer_state(const Transport& transport) {
    return PrinterState{true, {}, "", fmt::format("{} is a file: it takes every job", transport.describe())};
}

Result<void> print_with_one_resend(Connection& connection, std::string_view name,
                                   std::chrono::milliseconds reconnect_timeout,
                                   std::chrono::milliseconds reconnect_interval,
                                   const std::function<PrintAttempt(Error&)>& attempt) {
    Error error;
    PrintAttempt outcome = attempt(error);
    if (outcome == PrintAttempt::resend) {
        if (auto back = connection.wait_for_return(reconnect_timeout, reconnect_interval); !back) {
            return fail(
                Problem::disconnected,
                fmt::format("{} went away while the job was being sent and {}; the badge was not printed",
                            name, back.error().detail));
        }
        outcome = attempt(error);
        if (outcome == PrintAttempt::resend) {
            // Gone again in the middle of the second try: no third one.
            return fail(Problem::disconnected,
                        fmt::format("{} (the job was sent twice and lost twice; the badge was not printed)",
                                    error.detail));
        }
    }
    if (outcome == PrintAttempt::printed) {
        return {};
    }
    return std::unexpected(error);
}

} // namespace checkin::drivers
