#pragma once

// Emulated USB devices for testing the project's real libusb code, built on umockdev's in-process testbed.
//
// A UsbTestbed creates a umockdev sandbox (a private /sys and /dev that the preload library shows to this
// process only), plugs in devices described by a DeviceDescription, and answers the usbdevfs ioctls that
// libusb's Linux backend sends to /dev/bus/usb/BBB/DDD. The test binary must run under `umockdev-wrapper`
// (LD_PRELOAD=libumockdev-preload.so.0); tests/drivers/CMakeLists.txt makes ctest do that.
//
// What the emulation covers, and where it differs from a kernel with a real device:
// - Enumeration through udev and sysfs: busnum, devnum, speed, bConfigurationValue, the `descriptors` blob
//   (device + one configuration + one interface + its endpoints), the manufacturer/product/serial strings
//   (as sysfs attributes and as string descriptors over control transfers). There is no root hub and no
//   sysfs interface directory, so libusb_get_parent() returns NULL.
// - Hotplug: plugging and unplugging send udev "add"/"remove" uevents, so libusb hotplug callbacks
//   (ARRIVED/LEFT) fire.
// - Unplug while a client runs: in-flight URBs complete with -ESHUTDOWN (libusb: LIBUSB_TRANSFER_NO_DEVICE,
//   LIBUSB_ERROR_NO_DEVICE from the synchronous calls); every later ioctl on a file opened before the unplug
//   fails with ENODEV, except reaping what already completed. Not emulated: the kernel also makes the usbfs
//   file descriptor report POLLERR, which makes libusb drop it from its poll set; umockdev cannot, so
//   libusb keeps polling and reaping the dead descriptor (harmless: it gets ENODEV).
// - Replug: a fresh device (new or same device number, kernel driver bound again, empty IN queues, no
//   halts); handles opened before the unplug stay dead.
// - Kernel drivers: a description may say a kernel driver (e.g. "usblp") is bound to the interface; then
//   GETDRIVER reports it, CLAIMINTERFACE fails with EBUSY until the client detaches it (USBDEVFS_IOCTL
//   DISCONNECT or DISCONNECT_CLAIM), and USBDEVFS_IOCTL CONNECT binds it again.
// - Transfers: bulk and interrupt URBs in both directions, control URBs on endpoint 0; an IN URB completes
//   when the device has data queued, otherwise it stays pending, so libusb timeouts really time out (libusb
//   discards the URB; it completes with -ECONNRESET). Isochronous URBs are refused with EINVAL.
// - Faults: a stalled endpoint (URBs fail with -EPIPE until CLEAR_HALT), a short next bulk OUT, a minimum
//   completion delay per endpoint.
// - Every open file sees the same device; claims are per open file, like the kernel's. A claim held by a
//   file that was just closed may be seen as held for a moment (the testbed learns of the close
//   asynchronously).
//
// Threading: umockdev 0.17 runs the ioctl handler on a worker thread with a private GMainContext that the
// testbed creates and iterates itself, so tests need no thread of their own. All public methods here are
// thread-safe. EmulatedUsbFunction callbacks run on that worker thread; they may call queue_in().
//
// The emulated node that libusb opens is a regular file, so poll() reports it writable at once and libusb's
// event loop keeps asking (REAPURBNDELAY → EAGAIN) while a transfer is pending. Each turn is a round trip
// to the worker thread through umockdev's socket (about 1.6 ms measured here), so this costs little CPU:
// a 150 ms timeout took 0.05 s of user time.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace checkin::test::usb {

namespace detail {
class DeviceState;
class TestbedResources;
} // namespace detail

enum class TransferType : std::uint8_t { bulk = 2, interrupt = 3 };

struct EndpointDescription {
    std::uint8_t address = 0; // bit 7 set for IN, e.g. 0x81; clear for OUT, e.g. 0x02
    TransferType type = TransferType::bulk;
    std::uint16_t max_packet_size = 512;
    std::uint8_t interval = 0; // bInterval; interrupt endpoints need one (e.g. 10 for a HID keyboard)
};

struct InterfaceDescription {
    std::uint8_t interface_class = 0xff;
    std::uint8_t interface_subclass = 0;
    std::uint8_t interface_protocol = 0;
    std::vector<EndpointDescription> endpoints;
    // For interface class 3 (HID): when not empty, the configuration carries a HID descriptor and the
    // device answers GET_DESCRIPTOR(report) with these bytes.
    std::vector<std::uint8_t> hid_report_descriptor;
};

struct DeviceDescription {
    std::uint8_t bus_number = 1;
    std::uint8_t device_number = 2;
    std::uint8_t port_number = 1; // the sysfs name is "<bus>-<port>"
    std::uint16_t vendor_id = 0;
    std::uint16_t product_id = 0;
    std::uint16_t device_release = 0x0100; // bcdDevice
    std::uint16_t usb_version = 0x0200;    // bcdUSB
    std::uint8_t device_class = 0;         // 0: the class is given per interface
    std::uint8_t device_subclass = 0;
    std::uint8_t device_protocol = 0;
    std::uint8_t max_packet_size_0 = 64;
    std::string speed = "480"; // sysfs `speed` in Mbit/s: "1.5", "12", "480", "5000"
    std::string manufacturer;  // UTF-8; empty means no string descriptor
    std::string product;
    std::string serial;
    InterfaceDescription interface; // interface 0, alternate setting 0, in configuration 1
    // A kernel driver bound to interface 0 whenever the device is plugged in (e.g. "usblp", "usbhid");
    // empty means none.
    std::string kernel_driver;
};

// The sysfs `descriptors` attribute: the device descriptor followed by the configuration descriptor with
// its interface, (HID) and endpoint descriptors, all little-endian as on the bus.
std::vector<std::uint8_t> descriptors_blob(const DeviceDescription& description);

// The eight setup bytes of a control transfer.
struct ControlSetup {
    std::uint8_t request_type = 0;
    std::uint8_t request = 0;
    std::uint16_t value = 0;
    std::uint16_t index = 0;
    std::uint16_t length = 0;
};

class EmulatedUsbDevice;

// The device's side of the wire, implemented by tests (a fake printer, a fake scanner). Called on the
// testbed's worker thread, never concurrently for one device.
class EmulatedUsbFunction {
public:
    virtual ~EmulatedUsbFunction() = default;

    // Bytes the host wrote to a bulk or interrupt OUT endpoint: one call per completed URB, with the bytes
    // the device accepted (fewer than were sent after short_next_out()).
    virtual void on_bulk_out(unsigned char endpoint, std::span<const std::uint8_t> data) = 0;

    // A control request the testbed does not answer itself (class and vendor requests; it answers the
    // standard GET_DESCRIPTOR, GET_STATUS, GET_CONFIGURATION and CLEAR_FEATURE requests). For a
    // device-to-host request return at most setup.length bytes; for host-to-device return an empty vector to
    // accept. std::nullopt stalls the request, which is also what this default does.
    virtual std::optional<std::vector<std::uint8_t>> on_control(const ControlSetup& setup,
                                                                std::span<const std::uint8_t> data_out);

protected:
    // Queues bytes the device will send on an IN endpoint of the device this function is plugged into;
    // same as EmulatedUsbDevice::queue_in. Throws std::logic_error when the function is not attached.
    void queue_in(unsigned char endpoint, std::vector<std::uint8_t> bytes);

private:
    friend class UsbTestbed;
    std::weak_ptr<detail::DeviceState> m_device;
};

// One emulated device, owned by its UsbTestbed. Thread-safe.
class EmulatedUsbDevice {
public:
    EmulatedUsbDevice(const EmulatedUsbDevice&) = delete;
    EmulatedUsbDevice& operator=(const EmulatedUsbDevice&) = delete;
    ~EmulatedUsbDevice();

    // The description it was plugged in with; device_number follows replug(new_device_number).
    DeviceDescription description() const;
    std::string sysfs_path() const;  // e.g. "/sys/devices/usb1/1-1"
    std::string device_node() const; // e.g. "/dev/bus/usb/001/002"
    bool plugged() const;

    // Queues one message the device sends on an IN endpoint. A pending or later IN URB takes the whole
    // message when it fits; a longer message fills a buffer that is a multiple of the endpoint's
    // wMaxPacketSize and the rest stays queued; otherwise the URB fails with -EOVERFLOW (babble) and the
    // message is lost. An empty message is a zero-length packet. Dropped while unplugged (no power).
    void queue_in(unsigned char endpoint, std::vector<std::uint8_t> bytes);
    std::size_t queued_in_messages(unsigned char endpoint) const;

    // Removes the device: in-flight URBs fail, a udev "remove" event goes out, sysfs and /dev entries go.
    void unplug();
    // Plugs it back in as a new device (udev "add"), at the same or at a new device number.
    void replug();
    void replug(std::uint8_t new_device_number);

    // Faults.
    // Halts an endpoint: its URBs fail with -EPIPE (LIBUSB_ERROR_PIPE) until the host clears the halt.
    void stall(unsigned char endpoint);
    bool halted(unsigned char endpoint) const;
    // The next OUT URB on the endpoint completes successfully with only accepted_bytes transferred.
    void short_next_out(unsigned char endpoint, std::size_t accepted_bytes);
    // URBs on the endpoint complete no sooner than this after their submission; zero turns it off. OUT
    // data reaches the function only when its URB completes.
    void set_completion_delay(unsigned char endpoint, std::chrono::milliseconds delay);

    // The kernel driver bound to interface 0 (std::nullopt: none, or detached by the host).
    std::optional<std::string> kernel_driver() const;
    bool interface_claimed() const;
    // How often a URB was submitted on an interface the file had not claimed (the kernel claims it
    // implicitly and logs "did not claim interface before use"); a driver should claim first.
    std::size_t implicit_claims() const;

    // URBs submitted and not yet completed (not counting completed ones waiting to be reaped).
    std::size_t in_flight_urbs() const;
    bool wait_for_in_flight_urbs(std::size_t count, std::chrono::milliseconds timeout) const;

    // Requests the emulation did not understand or could not serve (unknown ioctls, a function that threw,
    // ...), one line each. A test should expect this to stay empty.
    std::vector<std::string> errors() const;

private:
    friend class UsbTestbed;
    explicit EmulatedUsbDevice(std::shared_ptr<detail::DeviceState> state);
    std::shared_ptr<detail::DeviceState> m_state;
};

// The umockdev sandbox. Create it before libusb_init() and destroy it after libusb_exit(): libusb binds
// its udev monitor to the sandbox that exists when its first context is created. One per process at a
// time (umockdev keeps the sandbox in $UMOCKDEV_DIR).
class UsbTestbed {
public:
    // Throws std::runtime_error when the process does not run under umockdev-wrapper.
    UsbTestbed();
    UsbTestbed(const UsbTestbed&) = delete;
    UsbTestbed& operator=(const UsbTestbed&) = delete;
    ~UsbTestbed();

    // Plugs in a device whose wire the function implements. The function must outlive the testbed and
    // serve only this device.
    EmulatedUsbDevice& add_device(const DeviceDescription& description, EmulatedUsbFunction& function);

    std::string root_directory() const;

private:
    std::unique_ptr<detail::TestbedResources> m_resources;
    std::vector<std::unique_ptr<EmulatedUsbDevice>> m_devices;
};

} // namespace checkin::test::usb
