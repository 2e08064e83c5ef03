// UsbTransport, the project's libusb wrapper, on its own against an emulated device: a short bulk write is
// continued, a stalled endpoint is cleared once and the write goes on, a read with nothing to read times
// out empty, the kernel driver is detached before the claim, and an unplugged device reads and writes as
// disconnected. Runs under umockdev-wrapper (label emulation).

#include "drivers/usb_device.hpp"
#include "tests/drivers/usb_testbed.hpp"

#include <gtest/gtest.h>
#include <mutex>

namespace checkin::drivers {
namespace {

using namespace std::chrono_literals;
using test::usb::DeviceDescription;
using test::usb::EmulatedUsbDevice;
using test::usb::EmulatedUsbFunction;
using test::usb::UsbTestbed;

class Recorder : public EmulatedUsbFunction {
public:
    void on_bulk_out(unsigned char, std::span<const std::uint8_t> data) override {
        const std::lock_guard lock(m_mutex);
        m_received.insert(m_received.end(), data.begin(), data.end());
    }
    std::vector<std::uint8_t> received() const {
        const std::lock_guard lock(m_mutex);
        return m_received;
    }

private:
    mutable std::mutex m_mutex;
    std::vector<std::uint8_t> m_received;
};

DeviceDescription printer_class_device() {
    DeviceDescription description;
    description.vendor_id = 0x04f9;
    description.product_id = 0x209b;
    description.manufacturer = "Brother";
    description.product = "QL-800";
    description.interface.interface_class = 7;
    description.interface.interface_subclass = 1;
    description.interface.interface_protocol = 2;
    description.interface.endpoints = {{0x02, test::usb::TransferType::bulk, 512, 0},
                                       {0x81, test::usb::TransferType::bulk, 512, 0}};
    description.kernel_driver = "usblp";
    return description;
}

std::vector<std::uint8_t> pattern(std::size_t size) {
    std::vector<std::uint8_t> bytes(size);
    for (std::size_t index = 0; index < size; ++index) {
        bytes[index] = static_cast<std::uint8_t>((index * 7 + index / 251) & 0xFFU);
    }
    return bytes;
}

class UsbTransportTest : public ::testing::Test {
protected:
    Recorder function;
    UsbTestbed testbed;
    std::shared_ptr<UsbContext> context = [] {
        auto created = UsbContext::create();
        if (!created) {
            throw std::runtime_error(created.error().detail);
        }
        return *created;
    }();

    std::unique_ptr<UsbTransport> open() {
        auto opened = UsbTransport::open(context, UsbAddress{0x04f9, 0x209b, std::nullopt, std::nullopt});
        EXPECT_TRUE(opened) << (opened ? "" : opened.error().detail);
        return opened ? std::move(*opened) : nullptr;
    }
};

TEST_F(UsbTransportTest, DetachesTheKernelDriverClaimsAndWritesEverything) {
    EmulatedUsbDevice& device = testbed.add_device(printer_class_device(), function);
    ASSERT_EQ(device.kernel_driver(), "usblp");
    auto transport = open();
    ASSERT_TRUE(transport);
    EXPECT_EQ(device.kernel_driver(), std::nullopt);
    EXPECT_TRUE(device.interface_claimed());
    EXPECT_EQ(transport->describe(), "usb://04f9:209b (bus 1, device 2)");
    EXPECT_EQ(transport->claimed_interface().interface_class, 7);
    const auto bytes = pattern(100'000);
    ASSERT_TRUE(transport->write(bytes, 5s));
    EXPECT_EQ(function.received(), bytes);
}

TEST_F(UsbTransportTest, AShortWriteIsContinued) {
    EmulatedUsbDevice& device = testbed.add_device(printer_class_device(), function);
    auto transport = open();
    ASSERT_TRUE(transport);
    device.short_next_out(0x02, 100); // the device takes only 100 bytes of the next transfer
    const auto bytes = pattern(5000);
    ASSERT_TRUE(transport->write(bytes, 5s));
    EXPECT_EQ(function.received(), bytes);
}

TEST_F(UsbTransportTest, AStalledEndpointIsClearedOnceAndTheWriteGoesOn) {
    EmulatedUsbDevice& device = testbed.add_device(printer_class_device(), function);
    auto transport = open();
    ASSERT_TRUE(transport);
    device.stall(0x02);
    const auto bytes = pattern(3000);
    ASSERT_TRUE(transport->write(bytes, 5s));
    EXPECT_FALSE(device.halted(0x02));
    EXPECT_EQ(function.received(), bytes);
}

TEST_F(UsbTransportTest, ReadTimesOutEmptyThenReturnsWhatTheDeviceSends) {
    EmulatedUsbDevice& device = testbed.add_device(printer_class_device(), function);
    auto transport = open();
    ASSERT_TRUE(transport);
    const auto nothing = transport->read(32, 100ms);
    ASSERT_TRUE(nothing) << nothing.error().detail;
    EXPECT_TRUE(nothing->empty());
    device.queue_in(0x81, pattern(32));
    const auto status = transport->read(32, 2s);
    ASSERT_TRUE(status) << status.error().detail;
    EXPECT_EQ(*status, pattern(32));
}

TEST_F(UsbTransportTest, UnpluggedDeviceIsDisconnectedAndAMissingOneNotFound) {
    EmulatedUsbDevice& device = testbed.add_device(printer_class_device(), function);
    auto transport = open();
    ASSERT_TRUE(transport);
    device.unplug();
    const auto written = transport->write(pattern(1000), 2s);
    ASSERT_FALSE(written);
    EXPECT_EQ(written.error().problem, Problem::disconnected) << written.error().detail;
    const auto read = transport->read(32, 500ms);
    ASSERT_FALSE(read);
    EXPECT_EQ(read.error().problem, Problem::disconnected) << read.error().detail;
    transport.reset();

    const auto missing = UsbTransport::open(context, UsbAddress{0x04f9, 0x209b, std::nullopt, std::nullopt});
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().problem, Problem::not_found);
    EXPECT_NE(missing.error().detail.find("usb://04f9:209b"), std::string::npos) << missing.error().detail;
}

TEST_F(UsbTransportTest, FindsAPrinterByInterfaceClassAndBySerial) {
    DeviceDescription described = printer_class_device();
    described.serial = "A1";
    testbed.add_device(described, function);
    auto by_class = UsbTransport::open(context, UsbAddress{std::nullopt, std::nullopt, 7, std::nullopt});
    ASSERT_TRUE(by_class) << by_class.error().detail;
    by_class->reset();
    auto by_serial = UsbTransport::open(context, UsbAddress{0x04f9, 0x209b, std::nullopt, "A1"});
    ASSERT_TRUE(by_serial) << by_serial.error().detail;
    by_serial->reset();
    auto wrong_serial = UsbTransport::open(context, UsbAddress{0x04f9, 0x209b, std::nullopt, "B2"});
    ASSERT_FALSE(wrong_serial);
    EXPECT_EQ(wrong_serial.error().problem, Problem::not_found);
    auto no_such_class = UsbTransport::open(context, UsbAddress{std::nullopt, std::nullopt, 8, std::nullopt});
    ASSERT_FALSE(no_such_class);
}

} // namespace
} // namespace checkin::drivers
