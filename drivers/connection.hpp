#pragma once

// The link to one device, reopened on demand: the printer sessions keep one of these so that an unplugged
// printer can be waited for and reconnected to, in one place.

#include "drivers/printer.hpp"
#include "drivers/transport.hpp"

#include <algorithm>
#include <chrono>
#include <functional>
#include <memory>
#include <string_view>

namespace checkin::drivers {

// Opens the connection to the device; called again to reconnect after it went away.
using TransportOpener = std::function<Result<std::unique_ptr<Transport>>()>;

class Connection {
public:
    explicit Connection(TransportOpener opener) : m_opener(std::move(opener)) {}

    // The open transport, opening it first if needed.
    Result<Transport*> get();
    // Forgets the transport (after the device went away), so the next get() reopens it.
    void drop() { m_transport.reset(); }
    // Tries to reopen every `interval` until `timeout` runs out.
    Result<Transport*> wait_for_return(std::chrono::milliseconds timeout, std::chrono::milliseconds interval);

private:
    TransportOpener m_opener;
    std::unique_ptr<Transport> m_transport;
};

// How one try at sending a job ended.
enum class PrintAttempt {
    printed, // the printer confirmed it (or, for a file, took every byte)
    failed,  // it did not print, for the reason in the error; not to be sent again
    resend,  // the device went away before the job arrived whole: the printer dropped it; send it again
};

// The rule both printer sessions follow: try once; when the job was cut off on its way (resend), wait
// for the device to come back and try once more; never a third time. `name` goes into the messages.
Result<void> print_with_one_resend(Connection& connection, std::string_view name,
                                   std::chrono::milliseconds reconnect_timeout,
                                   std::chrono::milliseconds reconnect_interval,
                                   const std::function<PrintAttempt(Error&)>& attempt);

// What is left of a wait that ends at `deadline`: never negative.
inline std::chrono::milliseconds left_until(std::chrono::steady_clock::time_point deadline) {
    return std::max(
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()),
        std::chrono::milliseconds{0});
}

// The state of a printer behind a transport that cannot answer (a file): it takes every job.
PrinterState silent_printer_state(const Transport& transport);

// Whether an error means the device is gone (unplugged, connection closed) rather than refusing.
inline bool connection_lost(const Error& error) {
    return error.problem == Problem::disconnected || error.problem == Problem::not_found;
}

} // namespace checkin::drivers
