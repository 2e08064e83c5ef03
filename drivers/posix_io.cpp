#include "drivers/posix_io.hpp"

#include "base/file_descriptor.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fmt/format.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace checkin::drivers {
namespace {

using Clock = std::chrono::steady_clock;

// Milliseconds left until `deadline`, for poll(): never negative.
int remaining_ms(Clock::time_point deadline) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    return left <= 0 ? 0 : static_cast<int>(std::min<long long>(left, 1'000'000));
}

// Waits for `events` on `descriptor` until `deadline`: true when ready, false on timeout.
Result<bool> wait_for(int descriptor, short events, Clock::time_point deadline, std::string_view name) {
    while (true) {
        pollfd entry{descriptor, events, 0};
        const int ready = ::poll(&entry, 1, remaining_ms(deadline));
        if (ready < 0) {
            if (errno == EINTR) {
                continue;
            }
            return fail(Problem::io, describe_errno(fmt::format("poll {}", name), errno));
        }
        if (ready == 0) {
            return false;
        }
        if ((entry.revents & POLLNVAL) != 0) {
            return fail(Problem::io, fmt::format("{}: the descriptor is not open", name));
        }
        // POLLHUP/POLLERR: let the read or write that follows report what exactly happened.
        return true;
    }
}

} // namespace

std::string describe_errno(std::string_view what, int error_number) {
    const char* name = strerrorname_np(error_number);
    return fmt::format("{}: {} ({})", what, std::strerror(error_number), name != nullptr ? name : "?");
}

Problem problem_of_errno(int error_number) {
    switch (error_number) {
    case ECONNREFUSED:
    case EHOSTUNREACH:
    case ENETUNREACH:
    case ENOENT:
    case ENODEV:
    case ENXIO:
        return Problem::not_found;
    case EACCES:
    case EPERM:
        return Problem::access_denied;
    case EPIPE:
    case ECONNRESET:
    case ECONNABORTED:
    case ENOTCONN:
    case EIO:
        return Problem::disconnected;
    case ETIMEDOUT:
        return Problem::timeout;
    case EBUSY:
        return Problem::busy;
    default:
        return Problem::io;
    }
}

Result<void> write_all(int descriptor, std::span<const std::uint8_t> bytes, std::chrono::milliseconds timeout,
                       bool is_socket, std::string_view name) {
    const Clock::time_point deadline = Clock::now() + timeout;
    std::size_t written = 0;
    while (written < bytes.size()) {
        const std::span<const std::uint8_t> rest = bytes.subspan(written);
        const ssize_t count = is_socket ? ::send(descriptor, rest.data(), rest.size(), MSG_NOSIGNAL)
                                        : ::write(descriptor, rest.data(), rest.size());
        if (count > 0) {
            written += static_cast<std::size_t>(count);
            continue;
        }
        if (count < 0 && errno == EINTR) {
            continue;
        }
        if (count < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
            const int error_number = errno;
            return fail(
                problem_of_errno(error_number),
                describe_errno(fmt::format("write to {} after {} of {} bytes", name, written, bytes.size()),
                               error_number));
        }
        auto ready = wait_for(descriptor, POLLOUT, deadline, name);
        if (!ready) {
            return std::unexpected(ready.error());
        }
        if (!*ready) {
            return fail(Problem::timeout,
                        fmt::format("{} took no more data for {} ms ({} of {} bytes written)", name,
                                    timeout.count(), written, bytes.size()));
        }
    }
    return {};
}

Result<std::vector<std::uint8_t>> read_some(int descriptor, std::size_t max_bytes,
                                            std::chrono::milliseconds timeout, std::string_view name) {
    const Clock::time_point deadline = Clock::now() + timeout;
    // A zero-byte read() also returns 0, which would read as end of file: ask for at least one byte.
    std::vector<std::uint8_t> buffer(std::max<std::size_t>(max_bytes, 1));
    while (true) {
        const ssize_t count = ::read(descriptor, buffer.data(), buffer.size());
        if (count > 0) {
            buffer.resize(static_cast<std::size_t>(count));
            return buffer;
        }
        if (count == 0) {
            return fail(Problem::disconnected, fmt::format("{} closed the connection", name));
        }
        if (errno == EINTR) {
            continue;
        }
        if (errno != EAGAIN && errno != EWOULDBLOCK) {
            const int error_number = errno;
            return fail(problem_of_errno(error_number),
                        describe_errno(fmt::format("read from {}", name), error_number));
        }
        auto ready = wait_for(descriptor, POLLIN, deadline, name);
        if (!ready) {
            return std::unexpected(ready.error());
        }
        if (!*ready) {
            return std::vector<std::uint8_t>{};
        }
    }
}

} // namespace checkin::drivers
