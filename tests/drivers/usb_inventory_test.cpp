// What `kioskctl devices` and the kiosk's device panel see, through the real libusb path against emulated
// devices: the inventory (a profiled QL-820NWB with its live status and loaded labels, a profiled Honeywell
// scanner with its mode, an unknown device left out unless asked for) and hotplug (arrive, leave, come
// back). Runs under umockdev-wrapper (label emulation).

#include "drivers/open_device.hpp"
#include "drivers/usb_hotplug.hpp"
#include "hardware/device_inventory.hpp"
#include "hardware/device_profile.hpp"
#include "hardware/simulators/virtual_ql_printer.hpp"
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

const std::filesystem::path profiles_directory = CHECKIN_TEST_DATA "/../../hardware/profiles";

// A QL that answers status requests from the virtual printer's state.
class AnsweringQl : public EmulatedUsbFunction {
public:
    AnsweringQl() : m_printer(*hardware::virtual_ql_settings("ql-820nwb", "62x100")) {}
    void on_bulk_out(unsigned char, std::span<const std::uint8_t> data) override {
        hardware::VirtualQlOutput output;
        {
            const std::lock_guard lock(m_mutex);
            output = m_printer.feed(data, hardware::SimulatorClock::now());
        }
        for (const QlStatus& status : output.statuses) {
            const auto bytes = encode_ql_status(status);
            queue_in(0x81, std::vector<std::uint8_t>(bytes.begin(), bytes.end()));
        }
    }
    void open_cover() {
        const std::lock_guard lock(m_mutex);
        m_printer.set_cover(hardware::Cover::open);
    }

private:
    std::mutex m_mutex;
    hardware::VirtualQlPrinter m_printer;
};

class Silent : public EmulatedUsbFunction {
public:
    void on_bulk_out(unsigned char, std::span<const std::uint8_t>) override {}
};

DeviceDescription ql820nwb() {
    DeviceDescription description;
    description.device_number = 2;
    description.port_number = 1;
    description.vendor_id = 0x04f9;
    description.product_id = 0x209d;
    description.manufacturer = "Brother";
    description.product = "QL-820NWB";
    description.serial = "000K8G123456";
    description.interface.interface_class = 7;
    description.interface.interface_subclass = 1;
    description.interface.interface_protocol = 2;
    description.interface.endpoints = {{0x02, test::usb::TransferType::bulk, 512, 0},
                                       {0x81, test::usb::TransferType::bulk, 512, 0}};
    return description;
}

DeviceDescription vuquest() {
    DeviceDescription description;
    description.device_number = 3;
    description.port_number = 2;
    description.vendor_id = 0x0c2e;
    description.product_id = 0x0b61;
    description.manufacturer = "Honeywell";
    description.product = "Vuquest 3310g";
    description.interface.interface_class = 3;
    description.interface.interface_subclass = 1;
    description.interface.interface_protocol = 1;
    description.interface.endpoints = {{0x81, test::usb::TransferType::interrupt, 8, 10}};
    return description;
}

DeviceDescription unknown_gadget() {
    DeviceDescription description;
    description.device_number = 4;
    description.port_number = 3;
    description.vendor_id = 0x1234;
    description.product_id = 0x5678;
    description.manufacturer = "Acme";
    description.product = "Gadget";
    description.interface.interface_class = 0xff;
    description.interface.endpoints = {{0x01, test::usb::TransferType::bulk, 64, 0}};
    return description;
}

class UsbInventory : public ::testing::Test {
protected:
    void SetUp() override {
        auto loaded = hardware::load_device_profiles(profiles_directory);
        ASSERT_TRUE(loaded) << loaded.error().message;
        profiles = std::move(*loaded);
    }

    AnsweringQl printer;
    Silent scanner;
    Silent gadget;
    UsbTestbed testbed;
    DeviceOpener devices;
    std::vector<hardware::DeviceProfile> profiles;
};

TEST_F(UsbInventory, ListsProfiledDevicesWithThePrintersStatus) {
    testbed.add_device(ql820nwb(), printer);
    testbed.add_device(vuquest(), scanner);
    testbed.add_device(unknown_gadget(), gadget);
    auto reports = hardware::take_inventory(devices, profiles, {});
    ASSERT_TRUE(reports) << reports.error().detail;
    ASSERT_EQ(reports->size(), 2U) << hardware::format_inventory(*reports);
    const auto find = [&](std::string_view prefix) -> const hardware::DeviceReport* {
        for (const auto& report : *reports) {
            if (report.address.starts_with(prefix)) {
                return &report;
            }
        }
        return nullptr;
    };
    const hardware::DeviceReport* ql = find("usb://04f9:209d");
    ASSERT_NE(ql, nullptr);
    EXPECT_EQ(ql->address, "usb://04f9:209d?serial=000K8G123456");
    ASSERT_NE(ql->profile, nullptr);
    EXPECT_EQ(ql->profile->id, "brother-ql-820nwb");
    ASSERT_TRUE(ql->printer) << (ql->problem ? ql->problem->detail : "");
    EXPECT_TRUE(ql->printer->ready);
    EXPECT_EQ(ql->printer->media, "62 × 100 mm die-cut labels");

    const hardware::DeviceReport* honeywell = find("usb://0c2e:0b61");
    ASSERT_NE(honeywell, nullptr);
    EXPECT_EQ(honeywell->kind, hardware::DeviceKind::scanner);
    EXPECT_FALSE(honeywell->modes.empty());

    const std::string table = hardware::format_inventory(*reports);
    EXPECT_NE(table.find("ready, 62 × 100 mm die-cut labels [brother-ql-820nwb]"), std::string::npos)
        << table;
    const std::string json = hardware::inventory_json(*reports);
    EXPECT_NE(json.find("\"ready\": true"), std::string::npos) << json;

    hardware::InventoryOptions everything;
    everything.include_unknown = true;
    auto all = hardware::take_inventory(devices, profiles, everything);
    ASSERT_TRUE(all);
    EXPECT_EQ(all->size(), 3U);

    printer.open_cover();
    auto again = hardware::take_inventory(devices, profiles, {});
    ASSERT_TRUE(again);
    const auto covered = std::find_if(again->begin(), again->end(), [](const auto& report) {
        return report.address.starts_with("usb://04f9");
    });
    ASSERT_NE(covered, again->end());
    ASSERT_TRUE(covered->printer);
    EXPECT_FALSE(covered->printer->ready);
    EXPECT_EQ(covered->printer->problems, std::vector<Problem>{Problem::cover_open});
}

TEST_F(UsbInventory, HotplugReportsArrivalsAndDepartures) {
    EmulatedUsbDevice& ql = testbed.add_device(ql820nwb(), printer);
    auto context = devices.usb_context();
    ASSERT_TRUE(context);
    auto monitor = UsbHotplugMonitor::start(*context, UsbAddress{0x04f9, 0x209d, std::nullopt, std::nullopt});
    ASSERT_TRUE(monitor) << monitor.error().detail;
    // Already there: reported as arrived first.
    auto present = (*monitor)->wait(3s);
    ASSERT_TRUE(present);
    EXPECT_EQ(present->change, UsbHotplugChange::arrived);
    EXPECT_EQ(present->product_id, 0x209d);

    ql.unplug();
    auto left = (*monitor)->wait(3s);
    ASSERT_TRUE(left);
    EXPECT_EQ(left->change, UsbHotplugChange::left);

    ql.replug(7);
    auto back = (*monitor)->wait(3s);
    ASSERT_TRUE(back);
    EXPECT_EQ(back->change, UsbHotplugChange::arrived);
    EXPECT_EQ(back->device_address, 7);

    // Another vendor's device does not concern this monitor.
    testbed.add_device(vuquest(), scanner);
    EXPECT_FALSE((*monitor)->wait(300ms));
}

} // namespace
} // namespace checkin::drivers
