#pragma once

// Reading and writing a non-blocking descriptor with an overall deadline, shared by the TCP, serial and
// file transports: the loops around poll(), short writes and EINTR live here once.

#include "drivers/error.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace checkin::drivers {

// How a failed call reads in a detail: "send to tcp://host:9100: Connection reset by peer (ECONNRESET)".
std::string describe_errno(std::string_view what, int error_number);

// The problem a person should hear about for an errno from read/write/connect.
Problem problem_of_errno(int error_number);

// Writes all of `bytes` to `descriptor` before `timeout` runs out. `is_socket` sends with MSG_NOSIGNAL so a
// closed peer is an error value, not SIGPIPE. `name` goes into error details.
Result<void> write_all(int descriptor, std::span<const std::uint8_t> bytes, std::chrono::milliseconds timeout,
                       bool is_socket, std::string_view name);

// What arrives within `timeout`, at most `max_bytes`; empty when nothing came. End of file on a socket or
// a serial line that went away is `disconnected`.
Result<std::vector<std::uint8_t>> read_some(int descriptor, std::size_t max_bytes,
                                            std::chrono::milliseconds timeout, std::string_view name);

} // namespace checkin::drivers
