#include "drivers/serial_transport.hpp"

#include "drivers/posix_io.hpp"

#include <cerrno>
#include <fcntl.h>
#include <fmt/format.h>
#include <optional>
#include <termios.h>

namespace checkin::drivers {
namespace {

std::optional<speed_t> speed_of(unsigned baud) {
    switch (baud) {
    case 1200:
        return B1200;
    case 2400:
        return B2400;
    case 4800:
        return B4800;
    case 9600:
        return B9600;
    case 19200:
        return B19200;
    case 38400:
        return B38400;
    case 57600:
        return B57600;
    case 115200:
        return B115200;
    case 230400:
        return B230400;
    default:
        return std::nullopt;
    }
}

} // namespace

Result<std::unique_ptr<SerialTransport>> SerialTransport::open(const SerialAddress& address) {
    const std::string name = format_device_address(address);
    const auto speed = speed_of(address.baud);
    if (!speed) {
        return fail(Problem::invalid_input,
                    fmt::format("{}: {} baud is not a standard speed (1200 … 230400)", name, address.baud));
    }
    base::FileDescriptor line(::open(address.device.c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC));
    if (!line.valid()) {
        const int error_number = errno;
        return fail(problem_of_errno(error_number),
                    describe_errno(fmt::format("open {}", name), error_number));
    }
    termios settings{};
    if (::tcgetattr(line.get(), &settings) != 0) {
        const int error_number = errno;
        return fail(Problem::invalid_input,
                    describe_errno(fmt::format("{} is not a serial line (tcgetattr)", name), error_number));
    }
    // Raw: no echo, no line editing, no CR/LF translation — the scanner's bytes arrive as sent.
    ::cfmakeraw(&settings);
    settings.c_cflag |= CLOCAL | CREAD;
    ::cfsetispeed(&settings, *speed);
    ::cfsetospeed(&settings, *speed);
    if (::tcsetattr(line.get(), TCSANOW, &settings) != 0) {
        const int error_number = errno;
        return fail(Problem::io, describe_errno(fmt::format("configure {} (tcsetattr)", name), error_number));
    }
    ::tcflush(line.get(), TCIFLUSH); // what was in the buffer before we opened it is not a scan of ours
    return std::unique_ptr<SerialTransport>(new SerialTransport(std::move(line), name));
}

Result<void> SerialTransport::write(std::span<const std::uint8_t> bytes, std::chrono::milliseconds timeout) {
    return write_all(m_line.get(), bytes, timeout, false, m_name);
}

Result<std::vector<std::uint8_t>> SerialTransport::read(std::size_t max_bytes,
                                                        std::chrono::milliseconds timeout) {
    return read_some(m_line.get(), max_bytes, timeout, m_name);
}

} // namespace checkin::drivers
