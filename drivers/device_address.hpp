#pragma once

// Where a device is, as written on the command line and in the kiosk's configuration:
//   usb://04f9:209d            a USB device by vendor:product (hex), the first one found
//   usb://04f9:209d?serial=X   … the one with that serial number
//   usb://class/7              the first USB printer-class device (scanners: usb://class/3 for HID)
//   tcp://HOST:PORT            a network printer (port 9100 when omitted)
//   serial:///dev/ttyACM0      a serial line (CDC-ACM scanner), ?baud=9600 (default 9600)
//   file:///PATH or file://PATH   write the job to a file (no status comes back)
//   sim://DIR                  the simulated printer: each badge becomes a PNG in DIR
//   ipp://HOST[:PORT]/PATH     an IPP Everywhere printer (port 631 when omitted); ipps:// over TLS
//   cups://QUEUE               a queue of the local CUPS server (any driver it has)
// Pure: parsing only.

#include "drivers/error.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace checkin::drivers {

struct UsbAddress {
    std::optional<std::uint16_t> vendor_id; // both set, or neither (then interface_class is set)
    std::optional<std::uint16_t> product_id;
    std::optional<std::uint8_t> interface_class;
    std::optional<std::string> serial;
    friend bool operator==(const UsbAddress&, const UsbAddress&) = default;
};

struct TcpAddress {
    std::string host;
    std::uint16_t port = 9100;
    friend bool operator==(const TcpAddress&, const TcpAddress&) = default;
};

struct SerialAddress {
    std::filesystem::path device;
    unsigned baud = 9600;
    friend bool operator==(const SerialAddress&, const SerialAddress&) = default;
};

struct FileAddress {
    std::filesystem::path path;
    friend bool operator==(const FileAddress&, const FileAddress&) = default;
};

struct SimulatorAddress {
    std::filesystem::path directory;
    friend bool operator==(const SimulatorAddress&, const SimulatorAddress&) = default;
};

struct IppAddress {
    std::string host;
    std::uint16_t port = 631;
    std::string path = "/ipp/print"; // the resource, starting with '/'
    bool encrypted = false;          // ipps://
    friend bool operator==(const IppAddress&, const IppAddress&) = default;
};

struct CupsQueueAddress {
    std::string queue; // the queue's name as lpstat -p lists it
    friend bool operator==(const CupsQueueAddress&, const CupsQueueAddress&) = default;
};

using DeviceAddress = std::variant<UsbAddress, TcpAddress, SerialAddress, FileAddress, SimulatorAddress,
                                   IppAddress, CupsQueueAddress>;

// Fails with invalid_input and a detail that shows the accepted forms.
Result<DeviceAddress> parse_device_address(std::string_view text);

// The canonical text of an address (parse_device_address(format_device_address(a)) == a).
std::string format_device_address(const DeviceAddress& address);

} // namespace checkin::drivers
