// The USB testbed driven by plain libusb calls, the way the project's drivers will use it: enumerate, open
// by vendor and product, detach the kernel driver, claim, bulk and interrupt transfers, timeouts, hotplug,
// unplug in the middle of a transfer, and the injected faults. Runs under umockdev-wrapper (see
// tests/drivers/CMakeLists.txt).

#include "tests/drivers/usb_testbed.hpp"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <fcntl.h>
#include <functional>
#include <future>
#include <gtest/gtest.h>
#include <libusb.h>
#include <linux/usbdevice_fs.h>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <sys/ioctl.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace checkin::test::usb {
namespace {

using namespace std::chrono_literals;

constexpr unsigned char bulk_out = 0x02;
constexpr unsigned char bulk_in = 0x81;
constexpr unsigned char interrupt_in = 0x81;
constexpr std::uint16_t brother_vendor = 0x04f9;
constexpr std::uint16_t ql800_product = 0x209b;
constexpr std::uint16_t honeywell_vendor = 0x0c2e;
constexpr std::uint16_t scanner_product = 0x0b61;

// ----- libusb handles, each wrapped once -----

struct ContextExit {
    void operator()(libusb_context* context) const { libusb_exit(context); }
};
using Context = std::unique_ptr<libusb_context, ContextExit>;

struct HandleClose {
    void operator()(libusb_device_handle* handle) const { libusb_close(handle); }
};
using Handle = std::unique_ptr<libusb_device_handle, HandleClose>;

struct TransferFree {
    void operator()(libusb_transfer* transfer) const { libusb_free_transfer(transfer); }
};
using Transfer = std::unique_ptr<libusb_transfer, TransferFree>;

struct ConfigurationFree {
    void operator()(libusb_config_descriptor* configuration) const {
        libusb_free_config_descriptor(configuration);
    }
};
using Configuration = std::unique_ptr<libusb_config_descriptor, ConfigurationFree>;

// libusb_get_device_list's array, with a reference on each device until it goes.
class DeviceList {
public:
    explicit DeviceList(libusb_context* context) {
        const ssize_t count = libusb_get_device_list(context, &m_devices);
        if (count < 0) {
            throw std::runtime_error(std::string("libusb_get_device_list: ") +
                                     libusb_error_name(static_cast<int>(count)));
        }
        m_count = static_cast<std::size_t>(count);
    }
    DeviceList(const DeviceList&) = delete;
    DeviceList& operator=(const DeviceList&) = delete;
    ~DeviceList() { libusb_free_device_list(m_devices, 1); }

    std::vector<libusb_device*> devices() const { return {m_devices, m_devices + m_count}; }

private:
    libusb_device** m_devices = nullptr;
    std::size_t m_count = 0;
};

Context make_context() {
    libusb_context* context = nullptr;
    const int result = libusb_init(&context);
    if (result != LIBUSB_SUCCESS) {
        throw std::runtime_error(std::string("libusb_init: ") + libusb_error_name(result));
    }
    return Context(context);
}

libusb_device_descriptor device_descriptor_of(libusb_device* device) {
    libusb_device_descriptor descriptor{};
    if (libusb_get_device_descriptor(device, &descriptor) != LIBUSB_SUCCESS) {
        throw std::runtime_error("libusb_get_device_descriptor failed");
    }
    return descriptor;
}

// Lets libusb run its event loop (hotplug callbacks are delivered there) until done() or the limit.
bool handle_events_until(libusb_context* context, const std::function<bool()>& done,
                         std::chrono::milliseconds limit = 3s) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (!done()) {
        if (std::chrono::steady_clock::now() > deadline) {
            return false;
        }
        timeval step{0, 20'000};
        libusb_handle_events_timeout_completed(context, &step, nullptr);
    }
    return true;
}

std::vector<std::uint8_t> pattern(std::size_t size, std::uint8_t seed) {
    std::vector<std::uint8_t> bytes(size);
    for (std::size_t index = 0; index < size; ++index) {
        bytes[index] = static_cast<std::uint8_t>((index * 31 + seed) & 0xffu);
    }
    return bytes;
}

// ----- device descriptions -----

// A Brother QL-800 label printer: printer class, bulk OUT 0x02, bulk IN 0x81.
DeviceDescription ql800() {
    DeviceDescription description;
    description.vendor_id = brother_vendor;
    description.product_id = ql800_product;
    description.manufacturer = "Brother";
    description.product = "QL-800";
    description.serial = "000G0Z123456";
    description.interface.interface_class = 7; // printer
    description.interface.interface_subclass = 1;
    description.interface.interface_protocol = 2; // bidirectional
    description.interface.endpoints = {{bulk_out, TransferType::bulk, 512, 0},
                                       {bulk_in, TransferType::bulk, 512, 0}};
    return description;
}

// A USB HID boot keyboard report descriptor (HID 1.11, appendix B.1).
std::vector<std::uint8_t> boot_keyboard_report_descriptor() {
    return {0x05, 0x01, 0x09, 0x06, 0xa1, 0x01, 0x05, 0x07, 0x19, 0xe0, 0x29, 0xe7, 0x15, 0x00, 0x25, 0x01,
            0x75, 0x01, 0x95, 0x08, 0x81, 0x02, 0x95, 0x01, 0x75, 0x08, 0x81, 0x01, 0x95, 0x05, 0x75, 0x01,
            0x05, 0x08, 0x19, 0x01, 0x29, 0x05, 0x91, 0x02, 0x95, 0x01, 0x75, 0x03, 0x91, 0x01, 0x95, 0x06,
            0x75, 0x08, 0x15, 0x00, 0x25, 0x65, 0x05, 0x07, 0x19, 0x00, 0x29, 0x65, 0x81, 0x00, 0xc0};
}

// A barcode scanner in keyboard-wedge mode: HID boot keyboard, interrupt IN 0x81, usbhid bound.
DeviceDescription keyboard_scanner() {
    DeviceDescription description;
    description.vendor_id = honeywell_vendor;
    description.product_id = scanner_product;
    description.device_number = 3;
    description.port_number = 2;
    description.speed = "12";
    description.manufacturer = "Honeywell";
    description.product = "Voyager 1250g";
    description.interface.interface_class = 3; // HID
    description.interface.interface_subclass = 1;
    description.interface.interface_protocol = 1; // keyboard
    description.interface.endpoints = {{interrupt_in, TransferType::interrupt, 8, 10}};
    description.interface.hid_report_descriptor = boot_keyboard_report_descriptor();
    description.kernel_driver = "usbhid";
    return description;
}

// ----- emulated functions -----

// Records what the host writes.
class RecordingFunction : public EmulatedUsbFunction {
public:
    void on_bulk_out(unsigned char endpoint, std::span<const std::uint8_t> data) override {
        const std::lock_guard lock(m_mutex);
        m_endpoints.push_back(endpoint);
        m_received.insert(m_received.end(), data.begin(), data.end());
    }

    std::vector<std::uint8_t> received() const {
        const std::lock_guard lock(m_mutex);
        return m_received;
    }

    std::vector<unsigned char> endpoints() const {
        const std::lock_guard lock(m_mutex);
        return m_endpoints;
    }

private:
    mutable std::mutex m_mutex;
    std::vector<std::uint8_t> m_received;
    std::vector<unsigned char> m_endpoints;
};

// Answers the QL status request ESC i S with a 32-byte status, like the printer does.
class StatusAnsweringPrinter : public RecordingFunction {
public:
    static std::vector<std::uint8_t> status() {
        std::vector<std::uint8_t> bytes(32, 0);
        bytes[0] = 0x80;  // print head mark
        bytes[1] = 0x20;  // size
        bytes[2] = 0x42;  // 'B'
        bytes[3] = 0x34;  // '4'
        bytes[4] = 0x38;  // QL-800
        bytes[10] = 62;   // media width, mm
        bytes[11] = 0x0a; // continuous length tape
        return bytes;
    }

    // The IEEE 1284 device ID a printer-class device returns for GET_DEVICE_ID: a big-endian length, then
    // text.
    static std::vector<std::uint8_t> device_id() {
        const std::string text = "MFG:Brother;CMD:PT-CBP;MDL:QL-800;CLS:PRINTER;";
        // Sized once and filled, rather than grown by insert(): g++ 12 at -O3 misreads the insert into a
        // two-element vector as an out-of-bounds copy (-Warray-bounds).
        std::vector<std::uint8_t> bytes(text.size() + 2);
        bytes[1] = static_cast<std::uint8_t>(text.size() + 2);
        std::copy(text.begin(), text.end(), bytes.begin() + 2);
        return bytes;
    }

    std::optional<std::vector<std::uint8_t>> on_control(const ControlSetup& setup,
                                                        std::span<const std::uint8_t>) override {
        constexpr std::uint8_t class_interface_in = 0xa1;
        constexpr std::uint8_t get_device_id = 0;
        if (setup.request_type == class_interface_in && setup.request == get_device_id) {
            return device_id();
        }
        return std::nullopt; // everything else stalls
    }

    void on_bulk_out(unsigned char endpoint, std::span<const std::uint8_t> data) override {
        RecordingFunction::on_bulk_out(endpoint, data);
        const std::vector<std::uint8_t> request{0x1b, 0x69, 0x53};
        if (std::search(data.begin(), data.end(), request.begin(), request.end()) != data.end()) {
            queue_in(bulk_in, status());
        }
    }
};

// ----- fixture -----

class UsbTestbedTest : public ::testing::Test {
protected:
    void TearDown() override {
        for (const EmulatedUsbDevice* device : m_devices) {
            EXPECT_EQ(device->errors(), std::vector<std::string>{}) << "emulation errors";
        }
    }

    EmulatedUsbDevice& plug(const DeviceDescription& description, EmulatedUsbFunction& function) {
        EmulatedUsbDevice& device = testbed.add_device(description, function);
        m_devices.push_back(&device);
        return device;
    }

    Handle open(std::uint16_t vendor, std::uint16_t product) {
        Handle handle(libusb_open_device_with_vid_pid(context.get(), vendor, product));
        if (!handle) {
            throw std::runtime_error("libusb_open_device_with_vid_pid found no device");
        }
        return handle;
    }

    // An opened QL-800 with interface 0 claimed.
    Handle open_claimed_printer() {
        Handle handle = open(brother_vendor, ql800_product);
        const int claimed = libusb_claim_interface(handle.get(), 0);
        if (claimed != LIBUSB_SUCCESS) {
            throw std::runtime_error(std::string("libusb_claim_interface: ") + libusb_error_name(claimed));
        }
        return handle;
    }

    // Declaration order is lifetime order: the functions outlive the testbed, the testbed outlives libusb
    // (libusb's udev monitor binds to the testbed that exists when the context is created).
    RecordingFunction printer;
    StatusAnsweringPrinter answering_printer;
    RecordingFunction scanner;
    UsbTestbed testbed;
    Context context = make_context();

private:
    std::vector<const EmulatedUsbDevice*> m_devices;
};

// ----- enumeration and opening -----

TEST_F(UsbTestbedTest, EnumeratesTheDescribedDevice) {
    plug(ql800(), printer);
    const DeviceList list(context.get());
    const std::vector<libusb_device*> devices = list.devices();
    ASSERT_EQ(devices.size(), 1u);
    libusb_device* device = devices.front();

    const libusb_device_descriptor descriptor = device_descriptor_of(device);
    EXPECT_EQ(descriptor.idVendor, brother_vendor);
    EXPECT_EQ(descriptor.idProduct, ql800_product);
    EXPECT_EQ(descriptor.bcdUSB, 0x0200);
    EXPECT_EQ(descriptor.bNumConfigurations, 1);
    EXPECT_EQ(libusb_get_bus_number(device), 1);
    EXPECT_EQ(libusb_get_device_address(device), 2);
    EXPECT_EQ(libusb_get_port_number(device), 1);
    EXPECT_EQ(libusb_get_device_speed(device), LIBUSB_SPEED_HIGH);

    libusb_config_descriptor* raw_configuration = nullptr;
    ASSERT_EQ(libusb_get_active_config_descriptor(device, &raw_configuration), LIBUSB_SUCCESS);
    const Configuration configuration(raw_configuration);
    ASSERT_EQ(configuration->bNumInterfaces, 1);
    const libusb_interface_descriptor& interface = configuration->interface[0].altsetting[0];
    EXPECT_EQ(interface.bInterfaceClass, LIBUSB_CLASS_PRINTER);
    EXPECT_EQ(interface.bInterfaceProtocol, 2);
    ASSERT_EQ(interface.bNumEndpoints, 2);
    EXPECT_EQ(interface.endpoint[0].bEndpointAddress, bulk_out);
    EXPECT_EQ(interface.endpoint[0].bmAttributes & 0x3, LIBUSB_TRANSFER_TYPE_BULK);
    EXPECT_EQ(interface.endpoint[0].wMaxPacketSize, 512);
    EXPECT_EQ(interface.endpoint[1].bEndpointAddress, bulk_in);
}

TEST_F(UsbTestbedTest, OpensByVendorAndProductAndReadsTheStrings) {
    plug(ql800(), printer);
    const Handle handle = open(brother_vendor, ql800_product);
    libusb_device* device = libusb_get_device(handle.get());
    const libusb_device_descriptor descriptor = device_descriptor_of(device);

    // String descriptors come over control transfers on endpoint 0.
    unsigned char text[128];
    int length =
        libusb_get_string_descriptor_ascii(handle.get(), descriptor.iManufacturer, text, sizeof text);
    ASSERT_GT(length, 0) << libusb_error_name(length);
    EXPECT_EQ(std::string(reinterpret_cast<char*>(text), static_cast<std::size_t>(length)), "Brother");
    length = libusb_get_string_descriptor_ascii(handle.get(), descriptor.iProduct, text, sizeof text);
    ASSERT_GT(length, 0) << libusb_error_name(length);
    EXPECT_EQ(std::string(reinterpret_cast<char*>(text), static_cast<std::size_t>(length)), "QL-800");
    length = libusb_get_string_descriptor_ascii(handle.get(), descriptor.iSerialNumber, text, sizeof text);
    ASSERT_GT(length, 0) << libusb_error_name(length);
    EXPECT_EQ(std::string(reinterpret_cast<char*>(text), static_cast<std::size_t>(length)), "000G0Z123456");

    // A string the device does not have stalls.
    EXPECT_EQ(libusb_get_string_descriptor_ascii(handle.get(), 9, text, sizeof text), LIBUSB_ERROR_PIPE);
}

TEST_F(UsbTestbedTest, OnlyTheMatchingDeviceOpens) {
    plug(ql800(), printer);
    plug(keyboard_scanner(), scanner);
    EXPECT_EQ(DeviceList(context.get()).devices().size(), 2u);
    EXPECT_EQ(libusb_open_device_with_vid_pid(context.get(), brother_vendor, 0x2028), nullptr);
    const Handle scanner_handle = open(honeywell_vendor, scanner_product);
    EXPECT_EQ(libusb_get_device_address(libusb_get_device(scanner_handle.get())), 3);
}

TEST_F(UsbTestbedTest, TheFunctionAnswersClassRequestsAndOthersStall) {
    plug(ql800(), answering_printer);
    const Handle handle = open_claimed_printer();
    std::vector<std::uint8_t> reply(1024);
    const int length = libusb_control_transfer(handle.get(), 0xa1, 0, 0, 0, reply.data(), 1024, 1000);
    ASSERT_EQ(length, static_cast<int>(StatusAnsweringPrinter::device_id().size()))
        << libusb_error_name(length);
    reply.resize(static_cast<std::size_t>(length));
    EXPECT_EQ(reply, StatusAnsweringPrinter::device_id());

    // A vendor request the function does not know stalls (LIBUSB_ERROR_PIPE), like a real device.
    EXPECT_EQ(libusb_control_transfer(handle.get(), 0x40, 0x55, 0, 0, nullptr, 0, 1000), LIBUSB_ERROR_PIPE);
}

TEST_F(UsbTestbedTest, ConfigurationAlternateSettingAndReset) {
    DeviceDescription description = ql800();
    description.kernel_driver = "usblp";
    plug(description, printer);
    const Handle handle = open(brother_vendor, ql800_product);
    int configuration = 0;
    ASSERT_EQ(libusb_get_configuration(handle.get(), &configuration), LIBUSB_SUCCESS);
    EXPECT_EQ(configuration, 1);
    EXPECT_EQ(libusb_set_configuration(handle.get(), 1), LIBUSB_ERROR_BUSY); // usblp holds interface 0

    ASSERT_EQ(libusb_set_auto_detach_kernel_driver(handle.get(), 1), LIBUSB_SUCCESS);
    ASSERT_EQ(libusb_claim_interface(handle.get(), 0), LIBUSB_SUCCESS);
    EXPECT_EQ(libusb_set_configuration(handle.get(), 1), LIBUSB_SUCCESS);
    EXPECT_EQ(libusb_set_configuration(handle.get(), 2), LIBUSB_ERROR_NOT_FOUND);
    EXPECT_EQ(libusb_set_interface_alt_setting(handle.get(), 0, 0), LIBUSB_SUCCESS);
    EXPECT_EQ(libusb_set_interface_alt_setting(handle.get(), 0, 1), LIBUSB_ERROR_NOT_FOUND);
    EXPECT_EQ(libusb_reset_device(handle.get()), LIBUSB_SUCCESS); // and libusb claims the interface again

    std::vector<std::uint8_t> bytes = pattern(8, 4);
    int transferred = 0;
    ASSERT_EQ(libusb_bulk_transfer(handle.get(), bulk_out, bytes.data(), 8, &transferred, 1000),
              LIBUSB_SUCCESS);
    EXPECT_EQ(printer.received(), bytes);
}

// ----- kernel drivers and claims -----

TEST_F(UsbTestbedTest, KernelDriverBlocksTheClaimUntilDetached) {
    DeviceDescription description = ql800();
    description.kernel_driver = "usblp";
    EmulatedUsbDevice& device = plug(description, printer);
    const Handle handle = open(brother_vendor, ql800_product);

    EXPECT_EQ(libusb_kernel_driver_active(handle.get(), 0), 1);
    EXPECT_EQ(libusb_claim_interface(handle.get(), 0), LIBUSB_ERROR_BUSY);
    EXPECT_FALSE(device.interface_claimed());

    ASSERT_EQ(libusb_detach_kernel_driver(handle.get(), 0), LIBUSB_SUCCESS);
    EXPECT_EQ(libusb_kernel_driver_active(handle.get(), 0), 0);
    EXPECT_EQ(device.kernel_driver(), std::nullopt);
    ASSERT_EQ(libusb_claim_interface(handle.get(), 0), LIBUSB_SUCCESS);
    EXPECT_TRUE(device.interface_claimed());
    EXPECT_EQ(libusb_kernel_driver_active(handle.get(), 0), 0); // usbfs holds it: libusb's own claim

    ASSERT_EQ(libusb_release_interface(handle.get(), 0), LIBUSB_SUCCESS);
    EXPECT_FALSE(device.interface_claimed());
    ASSERT_EQ(libusb_attach_kernel_driver(handle.get(), 0), LIBUSB_SUCCESS);
    EXPECT_EQ(device.kernel_driver(), "usblp");
    EXPECT_EQ(libusb_kernel_driver_active(handle.get(), 0), 1);
}

TEST_F(UsbTestbedTest, AutoDetachClaimsAndHandsTheInterfaceBack) {
    EmulatedUsbDevice& device = plug(keyboard_scanner(), scanner);
    const Handle handle = open(honeywell_vendor, scanner_product);
    ASSERT_EQ(libusb_set_auto_detach_kernel_driver(handle.get(), 1), LIBUSB_SUCCESS);

    ASSERT_EQ(libusb_claim_interface(handle.get(), 0), LIBUSB_SUCCESS); // USBDEVFS_DISCONNECT_CLAIM
    EXPECT_EQ(device.kernel_driver(), std::nullopt);
    EXPECT_TRUE(device.interface_claimed());

    ASSERT_EQ(libusb_release_interface(handle.get(), 0), LIBUSB_SUCCESS); // and USBDEVFS_CONNECT again
    EXPECT_EQ(device.kernel_driver(), "usbhid");
    EXPECT_FALSE(device.interface_claimed());
}

TEST_F(UsbTestbedTest, WithoutAKernelDriverThereIsNothingToDetach) {
    plug(ql800(), printer);
    const Handle handle = open(brother_vendor, ql800_product);
    EXPECT_EQ(libusb_kernel_driver_active(handle.get(), 0), 0);
    EXPECT_EQ(libusb_detach_kernel_driver(handle.get(), 0), LIBUSB_ERROR_NOT_FOUND);
    EXPECT_EQ(libusb_claim_interface(handle.get(), 0), LIBUSB_SUCCESS);
    EXPECT_EQ(libusb_claim_interface(handle.get(), 1), LIBUSB_ERROR_NOT_FOUND);
}

TEST_F(UsbTestbedTest, ASecondHandleCannotClaimAClaimedInterface) {
    plug(ql800(), printer);
    const Handle first = open_claimed_printer();
    const Handle second = open(brother_vendor, ql800_product);
    EXPECT_EQ(libusb_claim_interface(second.get(), 0), LIBUSB_ERROR_BUSY);
    ASSERT_EQ(libusb_release_interface(first.get(), 0), LIBUSB_SUCCESS);
    EXPECT_EQ(libusb_claim_interface(second.get(), 0), LIBUSB_SUCCESS);
}

TEST_F(UsbTestbedTest, TransferOnAnUnclaimedInterfaceIsClaimedImplicitly) {
    EmulatedUsbDevice& device = plug(ql800(), printer);
    const Handle handle = open(brother_vendor, ql800_product);
    std::vector<std::uint8_t> bytes = pattern(10, 1);
    int transferred = 0;
    ASSERT_EQ(libusb_bulk_transfer(handle.get(), bulk_out, bytes.data(), 10, &transferred, 1000),
              LIBUSB_SUCCESS);
    EXPECT_EQ(device.implicit_claims(), 1u);
    EXPECT_TRUE(device.interface_claimed());
}

// ----- bulk and interrupt transfers -----

TEST_F(UsbTestbedTest, BulkOutOf64KiBReachesTheFunction) {
    plug(ql800(), printer);
    const Handle handle = open_claimed_printer();
    std::vector<std::uint8_t> job = pattern(64 * 1024, 7);
    int transferred = 0;
    ASSERT_EQ(libusb_bulk_transfer(handle.get(), bulk_out, job.data(), static_cast<int>(job.size()),
                                   &transferred, 2000),
              LIBUSB_SUCCESS);
    EXPECT_EQ(transferred, 64 * 1024);
    EXPECT_EQ(printer.received(), job);
    for (const unsigned char endpoint : printer.endpoints()) {
        EXPECT_EQ(endpoint, bulk_out);
    }
}

TEST_F(UsbTestbedTest, BulkInReadsThe32QueuedStatusBytes) {
    EmulatedUsbDevice& device = plug(ql800(), printer);
    const Handle handle = open_claimed_printer();
    const std::vector<std::uint8_t> status = StatusAnsweringPrinter::status();
    device.queue_in(bulk_in, status);
    EXPECT_EQ(device.queued_in_messages(bulk_in), 1u);

    std::vector<std::uint8_t> buffer(64, 0xee);
    int transferred = 0;
    ASSERT_EQ(libusb_bulk_transfer(handle.get(), bulk_in, buffer.data(), 64, &transferred, 1000),
              LIBUSB_SUCCESS);
    ASSERT_EQ(transferred, 32);
    buffer.resize(32);
    EXPECT_EQ(buffer, status);
    EXPECT_EQ(device.queued_in_messages(bulk_in), 0u);
}

TEST_F(UsbTestbedTest, TheFunctionAnswersAStatusRequest) {
    plug(ql800(), answering_printer);
    const Handle handle = open_claimed_printer();
    std::vector<std::uint8_t> request(200, 0x00); // invalidate
    request.insert(request.end(), {0x1b, 0x40, 0x1b, 0x69, 0x53});
    int transferred = 0;
    ASSERT_EQ(libusb_bulk_transfer(handle.get(), bulk_out, request.data(), static_cast<int>(request.size()),
                                   &transferred, 1000),
              LIBUSB_SUCCESS);
    std::vector<std::uint8_t> status(32);
    ASSERT_EQ(libusb_bulk_transfer(handle.get(), bulk_in, status.data(), 32, &transferred, 1000),
              LIBUSB_SUCCESS);
    EXPECT_EQ(transferred, 32);
    EXPECT_EQ(status, StatusAnsweringPrinter::status());
    EXPECT_EQ(answering_printer.received(), request);
}

TEST_F(UsbTestbedTest, ALongMessageFillsWholePacketsAndTheRestStaysQueued) {
    EmulatedUsbDevice& device = plug(ql800(), printer);
    const Handle handle = open_claimed_printer();
    const std::vector<std::uint8_t> message = pattern(1500, 3);
    device.queue_in(bulk_in, message);

    std::vector<std::uint8_t> first(1024);
    int transferred = 0;
    ASSERT_EQ(libusb_bulk_transfer(handle.get(), bulk_in, first.data(), 1024, &transferred, 1000),
              LIBUSB_SUCCESS);
    EXPECT_EQ(transferred, 1024);
    std::vector<std::uint8_t> second(1024);
    ASSERT_EQ(libusb_bulk_transfer(handle.get(), bulk_in, second.data(), 1024, &transferred, 1000),
              LIBUSB_SUCCESS);
    ASSERT_EQ(transferred, 1500 - 1024);
    first.insert(first.end(), second.begin(), second.begin() + transferred);
    EXPECT_EQ(first, message);
}

TEST_F(UsbTestbedTest, AMessageLargerThanAnOddSizedBufferOverflows) {
    EmulatedUsbDevice& device = plug(ql800(), printer);
    const Handle handle = open_claimed_printer();
    device.queue_in(bulk_in, pattern(100, 5));
    std::vector<std::uint8_t> buffer(10);
    int transferred = 0;
    EXPECT_EQ(libusb_bulk_transfer(handle.get(), bulk_in, buffer.data(), 10, &transferred, 1000),
              LIBUSB_ERROR_OVERFLOW);
    EXPECT_EQ(device.queued_in_messages(bulk_in), 0u);
}

TEST_F(UsbTestbedTest, InterruptInDeliversHidReports) {
    EmulatedUsbDevice& device = plug(keyboard_scanner(), scanner);
    const Handle handle = open(honeywell_vendor, scanner_product);
    ASSERT_EQ(libusb_detach_kernel_driver(handle.get(), 0), LIBUSB_SUCCESS);
    ASSERT_EQ(libusb_claim_interface(handle.get(), 0), LIBUSB_SUCCESS);

    // The configuration carries the HID class descriptor after the interface descriptor.
    libusb_config_descriptor* raw_configuration = nullptr;
    ASSERT_EQ(libusb_get_active_config_descriptor(libusb_get_device(handle.get()), &raw_configuration),
              LIBUSB_SUCCESS);
    const Configuration configuration(raw_configuration);
    const libusb_interface_descriptor& interface = configuration->interface[0].altsetting[0];
    EXPECT_EQ(interface.bInterfaceClass, LIBUSB_CLASS_HID);
    ASSERT_EQ(interface.extra_length, 9);
    EXPECT_EQ(interface.extra[1], LIBUSB_DT_HID);
    EXPECT_EQ(interface.extra[7] | (interface.extra[8] << 8),
              static_cast<int>(boot_keyboard_report_descriptor().size()));
    EXPECT_EQ(interface.endpoint[0].bmAttributes & 0x3, LIBUSB_TRANSFER_TYPE_INTERRUPT);
    EXPECT_EQ(interface.endpoint[0].bInterval, 10);

    // The HID report descriptor, over a control transfer to the interface.
    std::vector<std::uint8_t> report_descriptor(256);
    constexpr std::uint8_t standard_interface_in = 0x81; // LIBUSB_ENDPOINT_IN | LIBUSB_RECIPIENT_INTERFACE
    const int length =
        libusb_control_transfer(handle.get(), standard_interface_in, LIBUSB_REQUEST_GET_DESCRIPTOR,
                                LIBUSB_DT_REPORT << 8, 0, report_descriptor.data(), 256, 1000);
    ASSERT_EQ(length, static_cast<int>(boot_keyboard_report_descriptor().size()))
        << libusb_error_name(length);
    report_descriptor.resize(static_cast<std::size_t>(length));
    EXPECT_EQ(report_descriptor, boot_keyboard_report_descriptor());

    const std::vector<std::uint8_t> key_a{0, 0, 0x04, 0, 0, 0, 0, 0};
    const std::vector<std::uint8_t> released(8, 0);
    device.queue_in(interrupt_in, key_a);
    device.queue_in(interrupt_in, released);
    std::vector<std::uint8_t> report(8);
    int transferred = 0;
    ASSERT_EQ(libusb_interrupt_transfer(handle.get(), interrupt_in, report.data(), 8, &transferred, 1000),
              LIBUSB_SUCCESS);
    EXPECT_EQ(transferred, 8);
    EXPECT_EQ(report, key_a);
    ASSERT_EQ(libusb_interrupt_transfer(handle.get(), interrupt_in, report.data(), 8, &transferred, 1000),
              LIBUSB_SUCCESS);
    EXPECT_EQ(report, released);

    // No key pressed: the interrupt transfer times out.
    EXPECT_EQ(libusb_interrupt_transfer(handle.get(), interrupt_in, report.data(), 8, &transferred, 100),
              LIBUSB_ERROR_TIMEOUT);
}

// ----- timeouts and cancellation -----

TEST_F(UsbTestbedTest, AnInWithNothingQueuedTimesOutAndLeavesNothingPending) {
    EmulatedUsbDevice& device = plug(ql800(), printer);
    const Handle handle = open_claimed_printer();
    std::vector<std::uint8_t> buffer(32);
    int transferred = -1;
    const auto started = std::chrono::steady_clock::now();
    EXPECT_EQ(libusb_bulk_transfer(handle.get(), bulk_in, buffer.data(), 32, &transferred, 150),
              LIBUSB_ERROR_TIMEOUT);
    EXPECT_GE(std::chrono::steady_clock::now() - started, 150ms);
    EXPECT_EQ(transferred, 0);
    EXPECT_EQ(device.in_flight_urbs(), 0u); // libusb discarded the URB

    // The discarded URB took nothing: a later message goes to the next read.
    device.queue_in(bulk_in, {1, 2, 3});
    ASSERT_EQ(libusb_bulk_transfer(handle.get(), bulk_in, buffer.data(), 32, &transferred, 1000),
              LIBUSB_SUCCESS);
    EXPECT_EQ(transferred, 3);
    EXPECT_EQ(buffer[2], 3);
}

void LIBUSB_CALL remember_completion(libusb_transfer* transfer) {
    static_cast<std::promise<libusb_transfer_status>*>(transfer->user_data)->set_value(transfer->status);
}

TEST_F(UsbTestbedTest, ACancelledTransferReportsCancelled) {
    plug(ql800(), printer);
    const Handle handle = open_claimed_printer();
    std::vector<std::uint8_t> buffer(32);
    std::promise<libusb_transfer_status> completion;
    std::future<libusb_transfer_status> status = completion.get_future();
    const Transfer transfer(libusb_alloc_transfer(0));
    libusb_fill_bulk_transfer(transfer.get(), handle.get(), bulk_in, buffer.data(), 32, &remember_completion,
                              &completion, 0);
    ASSERT_EQ(libusb_submit_transfer(transfer.get()), LIBUSB_SUCCESS);
    ASSERT_EQ(libusb_cancel_transfer(transfer.get()), LIBUSB_SUCCESS);
    ASSERT_TRUE(
        handle_events_until(context.get(), [&] { return status.wait_for(0s) == std::future_status::ready; }));
    EXPECT_EQ(status.get(), LIBUSB_TRANSFER_CANCELLED);
}

TEST_F(UsbTestbedTest, CompletionDelayLongerThanTheTimeoutTimesTheWriteOut) {
    EmulatedUsbDevice& device = plug(ql800(), printer);
    const Handle handle = open_claimed_printer();
    std::vector<std::uint8_t> bytes = pattern(100, 9);
    int transferred = -1;

    device.set_completion_delay(bulk_out, 400ms); // e.g. a printer busy cutting, NAKing the data
    EXPECT_EQ(libusb_bulk_transfer(handle.get(), bulk_out, bytes.data(), 100, &transferred, 100),
              LIBUSB_ERROR_TIMEOUT);
    EXPECT_EQ(transferred, 0);
    EXPECT_TRUE(printer.received().empty());

    device.set_completion_delay(bulk_out, 50ms);
    const auto started = std::chrono::steady_clock::now();
    ASSERT_EQ(libusb_bulk_transfer(handle.get(), bulk_out, bytes.data(), 100, &transferred, 2000),
              LIBUSB_SUCCESS);
    EXPECT_GE(std::chrono::steady_clock::now() - started, 50ms);
    EXPECT_EQ(transferred, 100);
    EXPECT_EQ(printer.received(), bytes);
}

// ----- faults -----

TEST_F(UsbTestbedTest, AStalledEndpointFailsWithPipeUntilTheHaltIsCleared) {
    EmulatedUsbDevice& device = plug(ql800(), printer);
    const Handle handle = open_claimed_printer();
    device.stall(bulk_in);
    std::vector<std::uint8_t> buffer(32);
    int transferred = 0;
    EXPECT_EQ(libusb_bulk_transfer(handle.get(), bulk_in, buffer.data(), 32, &transferred, 1000),
              LIBUSB_ERROR_PIPE);
    EXPECT_EQ(libusb_bulk_transfer(handle.get(), bulk_in, buffer.data(), 32, &transferred, 1000),
              LIBUSB_ERROR_PIPE);

    ASSERT_EQ(libusb_clear_halt(handle.get(), bulk_in), LIBUSB_SUCCESS);
    EXPECT_FALSE(device.halted(bulk_in));
    device.queue_in(bulk_in, {0x42});
    ASSERT_EQ(libusb_bulk_transfer(handle.get(), bulk_in, buffer.data(), 32, &transferred, 1000),
              LIBUSB_SUCCESS);
    EXPECT_EQ(transferred, 1);
}

TEST_F(UsbTestbedTest, AShortBulkOutReportsWhatTheDeviceTook) {
    EmulatedUsbDevice& device = plug(ql800(), printer);
    const Handle handle = open_claimed_printer();
    device.short_next_out(bulk_out, 100);
    std::vector<std::uint8_t> bytes = pattern(1000, 11);
    int transferred = 0;
    ASSERT_EQ(libusb_bulk_transfer(handle.get(), bulk_out, bytes.data(), 1000, &transferred, 1000),
              LIBUSB_SUCCESS);
    EXPECT_EQ(transferred, 100);
    EXPECT_EQ(printer.received(), std::vector<std::uint8_t>(bytes.begin(), bytes.begin() + 100));

    // Only the next one.
    ASSERT_EQ(libusb_bulk_transfer(handle.get(), bulk_out, bytes.data(), 1000, &transferred, 1000),
              LIBUSB_SUCCESS);
    EXPECT_EQ(transferred, 1000);
}

// ----- hotplug, unplug and replug -----

struct HotplugLog {
    std::mutex mutex;
    std::vector<libusb_hotplug_event> events;
    std::vector<int> addresses;

    std::size_t count() {
        const std::lock_guard lock(mutex);
        return events.size();
    }
};

int LIBUSB_CALL log_hotplug(libusb_context*, libusb_device* device, libusb_hotplug_event event,
                            void* user_data) {
    auto& log = *static_cast<HotplugLog*>(user_data);
    const std::lock_guard lock(log.mutex);
    log.events.push_back(event);
    log.addresses.push_back(libusb_get_device_address(device));
    return 0; // stay registered
}

TEST_F(UsbTestbedTest, HotplugReportsArrivalAndDeparture) {
    ASSERT_NE(libusb_has_capability(LIBUSB_CAP_HAS_HOTPLUG), 0);
    HotplugLog log;
    libusb_hotplug_callback_handle callback = 0;
    ASSERT_EQ(libusb_hotplug_register_callback(
                  context.get(),
                  static_cast<libusb_hotplug_event>(LIBUSB_HOTPLUG_EVENT_DEVICE_ARRIVED |
                                                    LIBUSB_HOTPLUG_EVENT_DEVICE_LEFT),
                  LIBUSB_HOTPLUG_NO_FLAGS, brother_vendor, ql800_product, LIBUSB_HOTPLUG_MATCH_ANY,
                  &log_hotplug, &log, &callback),
              LIBUSB_SUCCESS);

    EmulatedUsbDevice& device = plug(ql800(), printer);
    ASSERT_TRUE(handle_events_until(context.get(), [&] { return log.count() >= 1; }));
    device.unplug();
    ASSERT_TRUE(handle_events_until(context.get(), [&] { return log.count() >= 2; }));
    device.replug(5);
    ASSERT_TRUE(handle_events_until(context.get(), [&] { return log.count() >= 3; }));
    libusb_hotplug_deregister_callback(context.get(), callback);

    const std::lock_guard lock(log.mutex);
    EXPECT_EQ(log.events, (std::vector<libusb_hotplug_event>{LIBUSB_HOTPLUG_EVENT_DEVICE_ARRIVED,
                                                             LIBUSB_HOTPLUG_EVENT_DEVICE_LEFT,
                                                             LIBUSB_HOTPLUG_EVENT_DEVICE_ARRIVED}));
    EXPECT_EQ(log.addresses, (std::vector<int>{2, 2, 5}));
}

TEST_F(UsbTestbedTest, UnplugDuringAPendingReadFailsItWithNoDevice) {
    EmulatedUsbDevice& device = plug(ql800(), printer);
    const Handle handle = open_claimed_printer();
    std::promise<int> read_result;
    std::future<int> result = read_result.get_future();
    std::thread reader([&] {
        std::vector<std::uint8_t> buffer(32);
        int transferred = 0;
        read_result.set_value(
            libusb_bulk_transfer(handle.get(), bulk_in, buffer.data(), 32, &transferred, 5000));
    });
    ASSERT_TRUE(device.wait_for_in_flight_urbs(1, 2s));
    const auto unplugged = std::chrono::steady_clock::now();
    device.unplug();
    const bool finished = result.wait_for(2s) == std::future_status::ready;
    reader.join();
    ASSERT_TRUE(finished);
    EXPECT_EQ(result.get(), LIBUSB_ERROR_NO_DEVICE);
    EXPECT_LT(std::chrono::steady_clock::now() - unplugged, 1s); // not the 5 s timeout

    // Everything after the unplug fails the same way.
    std::vector<std::uint8_t> bytes(10);
    int transferred = 0;
    EXPECT_EQ(libusb_bulk_transfer(handle.get(), bulk_out, bytes.data(), 10, &transferred, 1000),
              LIBUSB_ERROR_NO_DEVICE);
    EXPECT_EQ(libusb_release_interface(handle.get(), 0), LIBUSB_ERROR_NO_DEVICE);
    EXPECT_TRUE(printer.received().empty());
    EXPECT_EQ(DeviceList(context.get()).devices().size(), 0u);
}

TEST_F(UsbTestbedTest, UnplugDuringALargeWriteFailsIt) {
    EmulatedUsbDevice& device = plug(ql800(), printer);
    const Handle handle = open_claimed_printer();
    device.set_completion_delay(bulk_out, 10s); // the write is still on the wire when the cable goes
    std::promise<int> write_result;
    std::future<int> result = write_result.get_future();
    std::thread writer([&] {
        std::vector<std::uint8_t> job = pattern(64 * 1024, 13);
        int transferred = 0;
        write_result.set_value(libusb_bulk_transfer(handle.get(), bulk_out, job.data(),
                                                    static_cast<int>(job.size()), &transferred, 5000));
    });
    ASSERT_TRUE(device.wait_for_in_flight_urbs(1, 2s));
    device.unplug();
    const bool finished = result.wait_for(2s) == std::future_status::ready;
    writer.join();
    ASSERT_TRUE(finished);
    EXPECT_EQ(result.get(), LIBUSB_ERROR_NO_DEVICE);
    EXPECT_TRUE(printer.received().empty());
}

TEST_F(UsbTestbedTest, ReplugGivesAFreshDeviceAndTheOldHandleStaysDead) {
    DeviceDescription description = ql800();
    description.kernel_driver = "usblp";
    EmulatedUsbDevice& device = plug(description, printer);
    const Handle old_handle = open(brother_vendor, ql800_product);
    ASSERT_EQ(libusb_detach_kernel_driver(old_handle.get(), 0), LIBUSB_SUCCESS);
    ASSERT_EQ(libusb_claim_interface(old_handle.get(), 0), LIBUSB_SUCCESS);

    device.unplug();
    EXPECT_FALSE(device.plugged());
    device.replug(7);
    EXPECT_TRUE(device.plugged());
    EXPECT_EQ(device.device_node(), "/dev/bus/usb/001/007");
    EXPECT_EQ(device.kernel_driver(), "usblp"); // the kernel bound it again
    EXPECT_FALSE(device.interface_claimed());

    std::vector<std::uint8_t> bytes = pattern(16, 2);
    int transferred = 0;
    EXPECT_EQ(libusb_bulk_transfer(old_handle.get(), bulk_out, bytes.data(), 16, &transferred, 1000),
              LIBUSB_ERROR_NO_DEVICE);

    // libusb learns of the new device from the udev event (or a rescan).
    ASSERT_TRUE(handle_events_until(context.get(), [&] {
        const DeviceList list(context.get());
        const std::vector<libusb_device*> devices = list.devices();
        return devices.size() == 1 && libusb_get_device_address(devices.front()) == 7;
    }));
    const Handle new_handle = open(brother_vendor, ql800_product);
    EXPECT_EQ(libusb_get_device_address(libusb_get_device(new_handle.get())), 7);
    ASSERT_EQ(libusb_set_auto_detach_kernel_driver(new_handle.get(), 1), LIBUSB_SUCCESS);
    ASSERT_EQ(libusb_claim_interface(new_handle.get(), 0), LIBUSB_SUCCESS);
    ASSERT_EQ(libusb_bulk_transfer(new_handle.get(), bulk_out, bytes.data(), 16, &transferred, 1000),
              LIBUSB_SUCCESS);
    EXPECT_EQ(printer.received(), bytes);
}

// ----- raw usbdevfs, without libusb: the blocking REAPURB and DISCARDURB -----

// A file descriptor of the emulated node, closed once.
class NodeFile {
public:
    explicit NodeFile(const std::string& path) : m_descriptor(::open(path.c_str(), O_RDWR | O_CLOEXEC)) {
        if (m_descriptor < 0) {
            throw std::runtime_error("cannot open " + path);
        }
    }
    NodeFile(const NodeFile&) = delete;
    NodeFile& operator=(const NodeFile&) = delete;
    ~NodeFile() { ::close(m_descriptor); }
    int descriptor() const { return m_descriptor; }

private:
    int m_descriptor;
};

usbdevfs_urb in_urb(unsigned char endpoint, std::vector<std::uint8_t>& buffer) {
    usbdevfs_urb urb{};
    urb.type = USBDEVFS_URB_TYPE_BULK;
    urb.endpoint = endpoint;
    urb.buffer = buffer.data();
    urb.buffer_length = static_cast<int>(buffer.size());
    return urb;
}

TEST_F(UsbTestbedTest, RawReapUrbBlocksUntilTheDeviceSends) {
    EmulatedUsbDevice& device = plug(ql800(), printer);
    const NodeFile node(device.device_node());
    unsigned int interface = 0;
    ASSERT_EQ(::ioctl(node.descriptor(), USBDEVFS_CLAIMINTERFACE, &interface), 0);
    std::vector<std::uint8_t> buffer(64, 0);
    usbdevfs_urb urb = in_urb(bulk_in, buffer);
    ASSERT_EQ(::ioctl(node.descriptor(), USBDEVFS_SUBMITURB, &urb), 0);

    void* reaped = nullptr;
    errno = 0;
    EXPECT_EQ(::ioctl(node.descriptor(), USBDEVFS_REAPURBNDELAY, &reaped), -1);
    EXPECT_EQ(errno, EAGAIN);

    // The clock starts before the device's thread does: on a loaded machine this thread may be descheduled
    // between starting it and reading the clock, and the wait measured would then look shorter than it was.
    // The 100 ms pause is what the test is about: REAPURB must block until the device sends.
    const auto started = std::chrono::steady_clock::now();
    std::thread device_side([&] {
        std::this_thread::sleep_for(100ms);
        device.queue_in(bulk_in, {9, 8, 7, 6});
    });
    const int reap_result = ::ioctl(node.descriptor(), USBDEVFS_REAPURB, &reaped);
    const auto waited = std::chrono::steady_clock::now() - started;
    device_side.join();
    ASSERT_EQ(reap_result, 0);
    EXPECT_GE(waited, 50ms);
    EXPECT_EQ(reaped, &urb);
    EXPECT_EQ(urb.status, 0);
    EXPECT_EQ(urb.actual_length, 4);
    EXPECT_EQ(std::vector<std::uint8_t>(buffer.begin(), buffer.begin() + 4),
              (std::vector<std::uint8_t>{9, 8, 7, 6}));
}

TEST_F(UsbTestbedTest, RawDiscardUrbCompletesAPendingUrbOnce) {
    EmulatedUsbDevice& device = plug(ql800(), printer);
    const NodeFile node(device.device_node());
    unsigned int interface = 0;
    ASSERT_EQ(::ioctl(node.descriptor(), USBDEVFS_CLAIMINTERFACE, &interface), 0);
    std::vector<std::uint8_t> buffer(64, 0);
    usbdevfs_urb urb = in_urb(bulk_in, buffer);
    ASSERT_EQ(::ioctl(node.descriptor(), USBDEVFS_SUBMITURB, &urb), 0);
    EXPECT_EQ(device.in_flight_urbs(), 1u);

    // DISCARDURB's argument is the URB pointer itself.
    ASSERT_EQ(::ioctl(node.descriptor(), USBDEVFS_DISCARDURB, &urb), 0);
    errno = 0;
    EXPECT_EQ(::ioctl(node.descriptor(), USBDEVFS_DISCARDURB, &urb), -1);
    EXPECT_EQ(errno, EINVAL); // no longer pending

    void* reaped = nullptr;
    ASSERT_EQ(::ioctl(node.descriptor(), USBDEVFS_REAPURBNDELAY, &reaped), 0);
    EXPECT_EQ(reaped, &urb);
    EXPECT_EQ(urb.status, -ECONNRESET);
    EXPECT_EQ(urb.actual_length, 0);
    EXPECT_EQ(device.in_flight_urbs(), 0u);
}

TEST_F(UsbTestbedTest, RawIoctlsAfterUnplugFailWithNoDeviceButCompletedUrbsCanBeReaped) {
    EmulatedUsbDevice& device = plug(ql800(), printer);
    const NodeFile node(device.device_node());
    std::vector<std::uint8_t> buffer(64, 0);
    usbdevfs_urb urb = in_urb(bulk_in, buffer);
    unsigned int interface = 0;
    ASSERT_EQ(::ioctl(node.descriptor(), USBDEVFS_CLAIMINTERFACE, &interface), 0);
    ASSERT_EQ(::ioctl(node.descriptor(), USBDEVFS_SUBMITURB, &urb), 0);

    device.unplug();
    void* reaped = nullptr;
    ASSERT_EQ(::ioctl(node.descriptor(), USBDEVFS_REAPURBNDELAY, &reaped), 0);
    EXPECT_EQ(reaped, &urb);
    EXPECT_EQ(urb.status, -ESHUTDOWN);
    errno = 0;
    EXPECT_EQ(::ioctl(node.descriptor(), USBDEVFS_REAPURBNDELAY, &reaped), -1);
    EXPECT_EQ(errno, ENODEV);
    errno = 0;
    EXPECT_EQ(::ioctl(node.descriptor(), USBDEVFS_SUBMITURB, &urb), -1);
    EXPECT_EQ(errno, ENODEV);
}

} // namespace
} // namespace checkin::test::usb
