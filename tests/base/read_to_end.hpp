#pragma once

// Reading what a pipe, socket or pseudo-terminal received, in a test. One read() returns what has arrived
// so far, which may be only part of what was written: a pseudo-terminal hands its buffer to the reader in
// pieces, from a kernel worker, and a loaded machine shows it. So these read until the expected length or
// the end, with a deadline, so that a byte that never comes fails the test instead of hanging it.

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstddef>
#include <limits>
#include <poll.h>
#include <string>
#include <unistd.h>

namespace checkin::test {

// Reads from `descriptor` until `length` bytes came, the end (end of file, or EIO: a pseudo-terminal's
// controller once every terminal side is closed), an error, or `timeout` passed. Returns what came.
inline std::string read_until(int descriptor, std::size_t length, std::chrono::milliseconds timeout) {
    std::string received;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (received.size() < length) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) {
            break;
        }
        pollfd watched{descriptor, POLLIN, 0};
        const int ready = ::poll(&watched, 1, static_cast<int>(left.count()));
        if (ready < 0 && errno == EINTR) {
            continue;
        }
        if (ready <= 0) {
            break;
        }
        char buffer[4096];
        const std::size_t wanted = std::min(sizeof buffer, length - received.size());
        const ssize_t count = ::read(descriptor, buffer, wanted);
        if (count < 0 && errno == EINTR) {
            continue;
        }
        if (count <= 0) {
            break;
        }
        received.append(buffer, static_cast<std::size_t>(count));
    }
    return received;
}

// Reads from `descriptor` until its end (every writer closed), an error, or `timeout` passed.
inline std::string read_to_end(int descriptor, std::chrono::milliseconds timeout) {
    return read_until(descriptor, std::numeric_limits<std::size_t>::max(), timeout);
}

} // namespace checkin::test
