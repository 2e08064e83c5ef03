#pragma once

// libusb, wrapped once: the library context, enumeration of attached devices (for `kioskctl devices` and
// for finding a printer or scanner), and the transport over a claimed interface's endpoints. The only
// files that include <libusb.h> are usb_device.cpp and usb_hotplug.cpp.

#include "drivers/device_address.hpp"
#include "drivers/transport.hpp"

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

// libusb's own opaque types, declared here so that users of this header need not include <libusb.h>.
struct libusb_context;
struct libusb_device_handle;

namespace checkin::drivers {

// Closes a libusb device handle; the one owner of every handle libusb_open gives us.
struct UsbHandleCloser {
    void operator()(libusb_device_handle* handle) const noexcept;
};
using UsbDeviceHandle = std::unique_ptr<libusb_device_handle, UsbHandleCloser>;

// One libusb context per process part that uses USB. Shared by the transports opened from it, which keep
// it alive.
class UsbContext {
public:
    static Result<std::shared_ptr<UsbContext>> create();
    UsbContext(const UsbContext&) = delete;
    UsbContext& operator=(const UsbContext&) = delete;
    ~UsbContext();

    libusb_context* native() const { return m_context; }

private:
    explicit UsbContext(libusb_context* context) : m_context(context) {}
    libusb_context* m_context;
};

enum class UsbTransferType { control, isochronous, bulk, interrupt };

struct UsbEndpointInfo {
    std::uint8_t address = 0; // bit 7 set: IN (device to host)
    UsbTransferType type = UsbTransferType::bulk;
    std::uint16_t max_packet_size = 0;
    bool is_in() const { return (address & 0x80U) != 0; }
};

struct UsbInterfaceInfo {
    std::uint8_t number = 0;
    std::uint8_t interface_class = 0; // 7 printer, 3 HID, 2/10 CDC, 0xFF vendor-specific
    std::uint8_t subclass = 0;
    std::uint8_t protocol = 0;
    std::vector<UsbEndpointInfo> endpoints;
};

struct UsbDeviceInfo {
    std::uint8_t bus = 0;
    std::uint8_t device_address = 0;
    std::uint16_t vendor_id = 0;
    std::uint16_t product_id = 0;
    std::uint8_t device_class = 0;
    std::string manufacturer; // empty when the device could not be opened to read its strings
    std::string product;
    std::string serial;
    std::vector<UsbInterfaceInfo> interfaces; // of the active (or first) configuration
};

// Every attached USB device, with its strings where the kiosk's user may open it.
Result<std::vector<UsbDeviceInfo>> list_usb_devices(UsbContext& context);

// Whether `device` is what `address` names (vendor:product and serial, or an interface of that class).
bool usb_address_matches(const UsbAddress& address, const UsbDeviceInfo& device);

// The interface a transport claims: the one of `address.interface_class` if given, otherwise the printer
// interface (class 7), then HID (3), then vendor-specific (0xFF), then the first with an IN or OUT endpoint.
std::optional<UsbInterfaceInfo> choose_usb_interface(const UsbAddress& address, const UsbDeviceInfo& device);

// The setup of a control request on endpoint 0, apart from its length (USB 2.0, 9.3).
struct UsbControlRequest {
    std::uint8_t request_type = 0; // bmRequestType: direction, type (standard/class/vendor), recipient
    std::uint8_t request = 0;      // bRequest
    std::uint16_t value = 0;       // wValue
    std::uint16_t index = 0;       // wIndex: the interface number for requests to an interface
};

struct UsbTransportOptions {
    // Printers are usually bound to the kernel's usblp and HID scanners to usbhid: the kiosk takes the
    // interface over. A device the kernel should keep (a keyboard) is simply not opened.
    bool detach_kernel_driver = true;
};

class UsbTransport final : public Transport {
public:
    // Finds the first device matching `address`, opens it, detaches the kernel driver if one is bound and
    // claims the chosen interface. Fails with not_found (nothing matches), access_denied (udev rules),
    // busy (another program claimed it) or io.
    static Result<std::unique_ptr<UsbTransport>>
    open(std::shared_ptr<UsbContext> context, const UsbAddress& address, UsbTransportOptions options = {});
    ~UsbTransport() override;

    // Bulk (or interrupt) OUT, continued after short transfers until all is written or `timeout` runs out.
    Result<void> write(std::span<const std::uint8_t> bytes, std::chrono::milliseconds timeout) override;
    // Bulk or interrupt IN. The buffer is rounded up to whole packets (a smaller one overflows in libusb),
    // so up to one packet more than `max_bytes` may come back.
    Result<std::vector<std::uint8_t>> read(std::size_t max_bytes, std::chrono::milliseconds timeout) override;
    bool can_read() const override { return m_in.has_value(); }
    std::string describe() const override { return m_name; }

    const UsbDeviceInfo& device() const { return m_device; }
    const UsbInterfaceInfo& claimed_interface() const { return m_interface; }

    // ----- Control transfers (added for the scanners: HID report descriptor, SET_PROTOCOL) -----
    // A device-to-host request (bit 7 of request_type is set here whatever the caller gave): the answer,
    // at most `max_length` bytes. A request the device does not know stalls: io ("Pipe error").
    Result<std::vector<std::uint8_t>> control_in(UsbControlRequest request, std::uint16_t max_length,
                                                 std::chrono::milliseconds timeout);
    // A host-to-device request with `data` (may be empty; bit 7 of request_type is cleared here).
    Result<void> control_out(UsbControlRequest request, std::span<const std::uint8_t> data,
                             std::chrono::milliseconds timeout);
    // The claimed interface's HID report descriptor: GET_DESCRIPTOR(Report) to the interface (HID 1.11,
    // 7.1.1), as the kernel's usbhid reads it. Fails with unsupported when the interface is not HID.
    Result<std::vector<std::uint8_t>> hid_report_descriptor(std::chrono::milliseconds timeout);

private:
    UsbTransport(std::shared_ptr<UsbContext> context, UsbDeviceHandle handle, UsbDeviceInfo device,
                 UsbInterfaceInfo interface, std::optional<UsbEndpointInfo> out,
                 std::optional<UsbEndpointInfo> in, std::string name);

    // Declared before the handle, so the handle closes before the context can exit.
    std::shared_ptr<UsbContext> m_context;
    UsbDeviceHandle m_handle;
    UsbDeviceInfo m_device;
    UsbInterfaceInfo m_interface;
    std::optional<UsbEndpointInfo> m_out;
    std::optional<UsbEndpointInfo> m_in;
    std::string m_name;
};

} // namespace checkin::drivers
