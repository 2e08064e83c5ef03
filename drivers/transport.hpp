#pragma once

// A byte pipe to one device: USB bulk endpoints, a TCP socket (port 9100), a serial line or a file. The
// printer sessions and scanner readers talk to this interface only, so tests can put an emulated or
// simulated device behind it.

#include "drivers/error.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace checkin::drivers {

class Transport {
public:
    Transport() = default;
    Transport(const Transport&) = delete;
    Transport& operator=(const Transport&) = delete;
    virtual ~Transport() = default;

    // Writes all of `bytes` (short writes are continued) within `timeout` in total. Fails with
    // disconnected, timeout or io; on failure an unknown part of `bytes` may have reached the device.
    virtual Result<void> write(std::span<const std::uint8_t> bytes, std::chrono::milliseconds timeout) = 0;

    // What the device sends within `timeout`, at most `max_bytes`: an empty vector when nothing came
    // (not an error). Fails with disconnected or io; with unsupported when the transport has no way back
    // (a file).
    virtual Result<std::vector<std::uint8_t>> read(std::size_t max_bytes,
                                                   std::chrono::milliseconds timeout) = 0;

    // Whether read() can ever return anything (false for a file).
    virtual bool can_read() const = 0;

    // The device as a person would name it: "usb://04f9:209d (bus 1, device 4)", "tcp://10.0.0.5:9100".
    virtual std::string describe() const = 0;
};

} // namespace checkin::drivers
