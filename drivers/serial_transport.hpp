#pragma once

// A serial line: CDC-ACM scanners (/dev/ttyACM0) and RS-232 adapters, in raw mode at a given speed.

#include "base/file_descriptor.hpp"
#include "drivers/device_address.hpp"
#include "drivers/transport.hpp"

#include <memory>

namespace checkin::drivers {

class SerialTransport final : public Transport {
public:
    // Opens the line in raw 8N1 mode at the address's speed. Fails with invalid_input for a speed the
    // line discipline does not know, not_found when the device node is missing, access_denied when the
    // kiosk's user may not open it.
    static Result<std::unique_ptr<SerialTransport>> open(const SerialAddress& address);

    Result<void> write(std::span<const std::uint8_t> bytes, std::chrono::milliseconds timeout) override;
    Result<std::vector<std::uint8_t>> read(std::size_t max_bytes, std::chrono::milliseconds timeout) override;
    bool can_read() const override { return true; }
    std::string describe() const override { return m_name; }

private:
    SerialTransport(base::FileDescriptor line, std::string name)
        : m_line(std::move(line)), m_name(std::move(name)) {}

    base::FileDescriptor m_line;
    std::string m_name;
};

} // namespace checkin::drivers
