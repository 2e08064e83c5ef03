#pragma once

// A network printer's raw port (9100): Brother QL-7xx/8xx with a network card, Zebra printers.

#include "base/file_descriptor.hpp"
#include "drivers/device_address.hpp"
#include "drivers/transport.hpp"

#include <chrono>
#include <memory>

namespace checkin::drivers {

class TcpTransport final : public Transport {
public:
    // Connects within `timeout`. Fails with not_found when nothing listens or the host is unknown, and
    // timeout when nothing answers.
    static Result<std::unique_ptr<TcpTransport>> connect(const TcpAddress& address,
                                                         std::chrono::milliseconds timeout);

    Result<void> write(std::span<const std::uint8_t> bytes, std::chrono::milliseconds timeout) override;
    Result<std::vector<std::uint8_t>> read(std::size_t max_bytes, std::chrono::milliseconds timeout) override;
    bool can_read() const override { return true; }
    std::string describe() const override { return m_name; }

private:
    TcpTransport(base::FileDescriptor socket, std::string name)
        : m_socket(std::move(socket)), m_name(std::move(name)) {}

    base::FileDescriptor m_socket;
    std::string m_name;
};

} // namespace checkin::drivers
