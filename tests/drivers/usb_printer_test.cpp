// The project's real USB printing path — DeviceOpener, UsbTransport (libusb: find by vendor:product, detach
// the kernel's usblp, claim, bulk OUT/IN) and the Brother QL session — against an emulated QL-820NWB whose
// wire is the virtual QL printer of hardware/simulators (the state machine that answers ESC i S, decodes
// each job back into a picture and reports faults). Runs under umockdev-wrapper (label emulation).
//
// Covered: a normal job (the printed picture equals the badge bitmap), no media, cover open, wrong media,
// no confirmation (timeout), and the printer unplugged in the middle of a job and plugged back in: the job
// is sent once more and exactly one label comes out.

#include "drivers/brother_ql_printer.hpp"
#include "drivers/open_device.hpp"
#include "hardware/simulators/virtual_ql_printer.hpp"
#include "printing/brother_ql.hpp"
#include "tests/drivers/usb_testbed.hpp"

#include <atomic>
#include <functional>
#include <gtest/gtest.h>
#include <mutex>
#include <random>
#include <thread>

namespace checkin::drivers {
namespace {

using namespace std::chrono_literals;
using test::usb::DeviceDescription;
using test::usb::EmulatedUsbDevice;
using test::usb::EmulatedUsbFunction;
using test::usb::UsbTestbed;

constexpr unsigned char bulk_out = 0x02;
constexpr unsigned char bulk_in = 0x81;

DeviceDescription ql820nwb() {
    DeviceDescription description;
    description.vendor_id = printing::brother_vendor_id;
    description.product_id = 0x209d;
    description.manufacturer = "Brother";
    description.product = "QL-820NWB";
    description.serial = "000K8G123456";
    description.interface.interface_class = 7; // printer
    description.interface.interface_subclass = 1;
    description.interface.interface_protocol = 2;
    description.interface.endpoints = {{bulk_out, test::usb::TransferType::bulk, 512, 0},
                                       {bulk_in, test::usb::TransferType::bulk, 512, 0}};
    description.kernel_driver = "usblp"; // as on a stock Debian: the session must take it over
    return description;
}

// The printer's side of the wire: every byte the host writes goes to the virtual QL; its statuses go back
// on bulk IN, one 32-byte message each, as the printer sends them.
class EmulatedQlPrinter : public EmulatedUsbFunction {
public:
    explicit EmulatedQlPrinter(hardware::VirtualQlSettings settings) : m_printer(std::move(settings)) {}

    void on_bulk_out(unsigned char endpoint, std::span<const std::uint8_t> data) override {
        if (endpoint != bulk_out) {
            return;
        }
        hardware::VirtualQlOutput output;
        {
            const std::lock_guard lock(m_mutex);
            output = m_printer.feed(data, hardware::SimulatorClock::now());
            for (hardware::PrintedPage& page : output.pages) {
                m_pages.push_back(std::move(page));
            }
            m_bytes_received += data.size();
        }
        for (const QlStatus& status : output.statuses) {
            const auto bytes = encode_ql_status(status);
            queue_in(bulk_in, std::vector<std::uint8_t>(bytes.begin(), bytes.end()));
        }
    }

    template <typename Change> void change(Change change) {
        const std::lock_guard lock(m_mutex);
        change(m_printer);
    }
    std::vector<hardware::PrintedPage> pages() const {
        const std::lock_guard lock(m_mutex);
        return m_pages;
    }
    std::size_t bytes_received() const {
        const std::lock_guard lock(m_mutex);
        return m_bytes_received;
    }
    // After an unplug the printer starts over between jobs, like one that lost its USB link.
    void unplugged() {
        const std::lock_guard lock(m_mutex);
        m_printer.connection_closed();
    }

private:
    mutable std::mutex m_mutex;
    hardware::VirtualQlPrinter m_printer;
    std::vector<hardware::PrintedPage> m_pages;
    std::size_t m_bytes_received = 0;
};

hardware::VirtualQlSettings settings(std::string_view media) {
    auto made = hardware::virtual_ql_settings("ql-820nwb", media);
    if (!made) {
        throw std::runtime_error(made.error().detail);
    }
    return *made;
}

// A badge-sized picture with some structure, encoded by our QL encoder for the 62 × 100 mm labels.
struct Badge {
    printing::BadgeImage image;
    PrintJob job;
};

Badge make_badge() {
    const auto model = printing::find_ql_model("ql-820nwb");
    const auto media = printing::find_ql_media("62x100");
    Badge badge;
    badge.image.black = printing::Bitmap(media->printable_width_dots, media->printable_length_dots);
    std::mt19937 random(7);
    for (std::size_t y = 0; y < badge.image.black.height(); ++y) {
        for (std::size_t x = 0; x < badge.image.black.width(); ++x) {
            badge.image.black.set(x, y, ((x / 24 + y / 24) % 2 == 0) && random() % 5 != 0);
        }
    }
    auto bytes = printing::encode_ql_raster(badge.image, *model, *media);
    if (!bytes) {
        throw std::runtime_error(bytes.error().message);
    }
    badge.job = PrintJob{std::move(*bytes), "62x100", "badge of Anna Kowalska (CWD-USB1)"};
    return badge;
}

QlPrinterSettings quick() {
    QlPrinterSettings settings;
    settings.status_timeout = 2s;
    settings.printed_timeout = 3s;
    settings.reconnect_timeout = 5s;
    settings.reconnect_interval = 50ms;
    return settings;
}

class UsbPrinter : public ::testing::Test {
protected:
    void TearDown() override {
        if (m_device != nullptr) {
            EXPECT_EQ(m_device->errors(), std::vector<std::string>{}) << "emulation errors";
        }
    }

    EmulatedUsbDevice& plug(std::string_view media) {
        function = std::make_unique<EmulatedQlPrinter>(settings(media));
        m_device = &testbed.add_device(ql820nwb(), *function);
        return *m_device;
    }

    std::unique_ptr<Printer> open_printer(QlPrinterSettings printer_settings = quick()) {
        const auto address = parse_device_address("usb://04f9:209d");
        EXPECT_TRUE(address);
        const DeviceAddress where = *address;
        return std::make_unique<BrotherQlPrinter>([this, where]() { return devices.open_transport(where); },
                                                  "usb://04f9:209d", printer_settings);
    }

    // Declaration order is lifetime order: the function outlives the testbed, the testbed outlives libusb.
    std::unique_ptr<EmulatedQlPrinter> function;
    UsbTestbed testbed;
    DeviceOpener devices;

private:
    EmulatedUsbDevice* m_device = nullptr;
};

TEST_F(UsbPrinter, PrintsABadgeThatDecodesToTheSamePicture) {
    EmulatedUsbDevice& device = plug("62x100");
    const Badge badge = make_badge();
    auto printer = open_printer();
    const auto printed = printer->print(badge.job);
    ASSERT_TRUE(printed) << printed.error().detail;
    // The kernel's usblp was detached and the interface claimed by the real libusb path.
    EXPECT_EQ(device.kernel_driver(), std::nullopt);
    EXPECT_EQ(device.implicit_claims(), 0U);
    const auto pages = function->pages();
    ASSERT_EQ(pages.size(), 1U);
    EXPECT_EQ(pages[0].media.name, "62x100");
    EXPECT_TRUE(pages[0].image.black == badge.image.black);
    EXPECT_FALSE(pages[0].image.red);
    const auto state = printer->state();
    ASSERT_TRUE(state) << state.error().detail;
    EXPECT_TRUE(state->ready);
    EXPECT_EQ(state->media, "62 × 100 mm die-cut labels");
}

TEST_F(UsbPrinter, RefusesWithTheReasonAndPrintsNothing) {
    struct Case {
        std::string_view media;
        std::function<void(hardware::VirtualQlPrinter&)> fault;
        Problem expected;
    };
    const std::vector<Case> cases{
        {"none", [](hardware::VirtualQlPrinter&) {}, Problem::no_media},
        {"62x100", [](hardware::VirtualQlPrinter& printer) { printer.set_cover(hardware::Cover::open); },
         Problem::cover_open},
        {"62", [](hardware::VirtualQlPrinter&) {}, Problem::wrong_media},
    };
    const Badge badge = make_badge();
    std::size_t bus_device = 2;
    for (const Case& test : cases) {
        // One device per case, each on its own address, like printers plugged in one after the other.
        function = std::make_unique<EmulatedQlPrinter>(settings(test.media));
        function->change(test.fault);
        DeviceDescription description = ql820nwb();
        description.device_number = static_cast<std::uint8_t>(bus_device++);
        EmulatedUsbDevice& device = testbed.add_device(description, *function);
        auto printer = open_printer();
        const auto printed = printer->print(badge.job);
        ASSERT_FALSE(printed) << test.media;
        EXPECT_EQ(printed.error().problem, test.expected) << printed.error().detail;
        EXPECT_TRUE(function->pages().empty());
        printer.reset();
        device.unplug();
        EXPECT_EQ(device.errors(), std::vector<std::string>{});
    }
}

TEST_F(UsbPrinter, NoConfirmationInTimeIsNotPrintedAndNotResent) {
    plug("62x100");
    function->change([](hardware::VirtualQlPrinter& printer) { printer.set_print_delay(60s); });
    QlPrinterSettings impatient = quick();
    impatient.printed_timeout = 500ms;
    auto printer = open_printer(impatient);
    const auto printed = printer->print(make_badge().job);
    ASSERT_FALSE(printed);
    EXPECT_EQ(printed.error().problem, Problem::not_printed);
    EXPECT_EQ(dynamic_cast<BrotherQlPrinter&>(*printer).last_job_sends(), 1U);
}

TEST_F(UsbPrinter, UnpluggedMidJobAndPluggedBackPrintsExactlyOnce) {
    EmulatedUsbDevice& device = plug("62x100");
    const Badge badge = make_badge();
    auto printer = open_printer();
    // A person pulls the cable while the job is going out and plugs it back in a moment later.
    std::atomic<bool> replugged = false;
    std::thread person([&] {
        const auto deadline = std::chrono::steady_clock::now() + 10s;
        while (function->bytes_received() < 8000 && std::chrono::steady_clock::now() < deadline) {
            std::this_thread::sleep_for(1ms);
        }
        device.unplug();
        function->unplugged();
        std::this_thread::sleep_for(400ms);
        device.replug();
        replugged = true;
    });
    // Slow the OUT endpoint so the job is still going out when the cable is pulled.
    device.set_completion_delay(bulk_out, 5ms);
    const auto printed = printer->print(badge.job);
    person.join();
    ASSERT_TRUE(replugged);
    ASSERT_TRUE(printed) << printed.error().detail;
    EXPECT_EQ(dynamic_cast<BrotherQlPrinter&>(*printer).last_job_sends(), 2U);
    const auto pages = function->pages();
    ASSERT_EQ(pages.size(), 1U);
    EXPECT_TRUE(pages[0].image.black == badge.image.black);
}

} // namespace
} // namespace checkin::drivers
