#pragma once

// "Printing" to a file: the job's bytes, exactly as a printer would get them. For a printer that is a
// device node (/dev/usb/lp0) and for saving a job to send later. Nothing ever comes back.

#include "base/file_descriptor.hpp"
#include "drivers/device_address.hpp"
#include "drivers/transport.hpp"

#include <memory>

namespace checkin::drivers {

class FileTransport final : public Transport {
public:
    // Opens (creating or truncating a regular file) for writing.
    static Result<std::unique_ptr<FileTransport>> open(const FileAddress& address);

    Result<void> write(std::span<const std::uint8_t> bytes, std::chrono::milliseconds timeout) override;
    Result<std::vector<std::uint8_t>> read(std::size_t max_bytes, std::chrono::milliseconds timeout) override;
    bool can_read() const override { return false; }
    std::string describe() const override { return m_name; }

private:
    FileTransport(base::FileDescriptor file, std::string name)
        : m_file(std::move(file)), m_name(std::move(name)) {}

    base::FileDescriptor m_file;
    std::string m_name;
};

} // namespace checkin::drivers
