#include "drivers/file_transport.hpp"

#include "drivers/posix_io.hpp"

#include <cerrno>
#include <fcntl.h>
#include <fmt/format.h>

namespace checkin::drivers {

Result<std::unique_ptr<FileTransport>> FileTransport::open(const FileAddress& address) {
    const std::string name = format_device_address(address);
    // A job written to a file is a delegate's badge: readable by its owner only when it is created (a
    // device node such as /dev/usb/lp0 keeps its own permissions).
    base::FileDescriptor file(
        ::open(address.path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NONBLOCK, 0600));
    if (!file.valid()) {
        const int error_number = errno;
        return fail(problem_of_errno(error_number),
                    describe_errno(fmt::format("open {}", name), error_number));
    }
    return std::unique_ptr<FileTransport>(new FileTransport(std::move(file), name));
}

Result<void> FileTransport::write(std::span<const std::uint8_t> bytes, std::chrono::milliseconds timeout) {
    return write_all(m_file.get(), bytes, timeout, false, m_name);
}

Result<std::vector<std::uint8_t>> FileTransport::read(std::size_t, std::chrono::milliseconds) {
    return fail(Problem::unsupported, fmt::format("{} is a file: no status comes back from it", m_name));
}

} // namespace checkin::drivers
