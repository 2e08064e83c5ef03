#include "drivers/tcp_transport.hpp"

#include "drivers/posix_io.hpp"

#include <cerrno>
#include <fcntl.h>
#include <fmt/format.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>

namespace checkin::drivers {
namespace {

struct AddressInfoDeleter {
    void operator()(addrinfo* info) const { ::freeaddrinfo(info); }
};
using AddressInfo = std::unique_ptr<addrinfo, AddressInfoDeleter>;

// One non-blocking connect attempt to `address`, finished within `timeout`; the socket, or the errno.
std::pair<base::FileDescriptor, int> connect_one(const addrinfo& address, std::chrono::milliseconds timeout) {
    base::FileDescriptor socket(
        ::socket(address.ai_family, address.ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, address.ai_protocol));
    if (!socket.valid()) {
        return {base::FileDescriptor{}, errno};
    }
    if (::connect(socket.get(), address.ai_addr, address.ai_addrlen) == 0) {
        return {std::move(socket), 0};
    }
    if (errno != EINPROGRESS) {
        return {base::FileDescriptor{}, errno};
    }
    pollfd entry{socket.get(), POLLOUT, 0};
    int ready = 0;
    do {
        ready = ::poll(&entry, 1, static_cast<int>(timeout.count()));
    } while (ready < 0 && errno == EINTR);
    if (ready == 0) {
        return {base::FileDescriptor{}, ETIMEDOUT};
    }
    int error_number = 0;
    socklen_t length = sizeof error_number;
    if (ready < 0 || ::getsockopt(socket.get(), SOL_SOCKET, SO_ERROR, &error_number, &length) != 0) {
        return {base::FileDescriptor{}, errno};
    }
    if (error_number != 0) {
        return {base::FileDescriptor{}, error_number};
    }
    return {std::move(socket), 0};
}

} // namespace

Result<std::unique_ptr<TcpTransport>> TcpTransport::connect(const TcpAddress& address,
                                                            std::chrono::milliseconds timeout) {
    const std::string name = format_device_address(address);
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    const std::string port = std::to_string(address.port);
    if (const int status = ::getaddrinfo(address.host.c_str(), port.c_str(), &hints, &found); status != 0) {
        return fail(Problem::not_found,
                    fmt::format("{}: cannot resolve the host: {}", name, ::gai_strerror(status)));
    }
    const AddressInfo addresses(found);
    int last_error = ECONNREFUSED;
    for (const addrinfo* candidate = addresses.get(); candidate != nullptr; candidate = candidate->ai_next) {
        auto [socket, error_number] = connect_one(*candidate, timeout);
        if (socket.valid()) {
            // Jobs are written in one go and status requests are small: send them at once.
            const int enable = 1;
            ::setsockopt(socket.get(), IPPROTO_TCP, TCP_NODELAY, &enable, sizeof enable);
            return std::unique_ptr<TcpTransport>(new TcpTransport(std::move(socket), name));
        }
        last_error = error_number;
    }
    return fail(problem_of_errno(last_error), describe_errno(fmt::format("connect to {}", name), last_error));
}

Result<void> TcpTransport::write(std::span<const std::uint8_t> bytes, std::chrono::milliseconds timeout) {
    return write_all(m_socket.get(), bytes, timeout, true, m_name);
}

Result<std::vector<std::uint8_t>> TcpTransport::read(std::size_t max_bytes,
                                                     std::chrono::milliseconds timeout) {
    return read_some(m_socket.get(), max_bytes, timeout, m_name);
}

} // namespace checkin::drivers
