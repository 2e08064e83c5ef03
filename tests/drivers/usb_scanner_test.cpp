// The project's real USB scanner path — open_scanner, DeviceOpener, UsbTransport (libusb: find by
// vendor:product, read the HID report descriptor, detach usbhid, claim, SET_PROTOCOL, interrupt IN) and the
// scanners' read loop — against emulated Honeywell scanners whose reports come from the virtual scanner's
// encoders (hardware/virtual_scanner.hpp). Runs under umockdev-wrapper (label emulation).
//
// Covered: a keyboard-mode scanner (interface 3/1/1, usbhid bound) with Shift characters, codes back to
// back, a code split over many reports and several waits, a scanner without terminator (quiet gap); a HID
// POS scanner (usage page 0x8C) with a 150-byte code over three 64-byte reports; unplug while waiting and
// between waits (disconnected), replug (open_scanner works again), refused devices. The pure parts —
// telling a report descriptor's kind, the encoders against the decoders — are tested here too.

#include "drivers/hid_keyboard_decoder.hpp"
#include "drivers/hid_pos_decoder.hpp"
#include "drivers/open_device.hpp"
#include "drivers/scanner.hpp"
#include "hardware/virtual_scanner.hpp"
#include "tests/drivers/usb_testbed.hpp"

#include <chrono>
#include <gtest/gtest.h>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace checkin::drivers {
namespace {

using namespace std::chrono_literals;
using namespace std::string_literals;
using hardware::KeyboardEncoding;
using hardware::KeyboardTerminator;
using hardware::KeyStyle;
using test::usb::ControlSetup;
using test::usb::DeviceDescription;
using test::usb::EmulatedUsbDevice;
using test::usb::EmulatedUsbFunction;
using test::usb::TransferType;
using test::usb::UsbTestbed;

constexpr unsigned char interrupt_in = 0x81;
constexpr unsigned char interrupt_out = 0x02;
constexpr std::uint16_t honeywell_vendor = 0x0c2e;
constexpr std::uint16_t vuquest_3310g = 0x0b61;   // profiled; in keyboard mode here
constexpr std::uint16_t voyager_1400g = 0x0b81;   // profiled, mode not said; in HID POS mode here
constexpr std::uint16_t unknown_product = 0x0bff; // nothing plugged in has it

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// ----- report descriptors -----

// A HID boot keyboard (HID 1.11, appendix B.1), as keyboard-mode scanners describe themselves.
std::vector<std::uint8_t> boot_keyboard_descriptor() {
    return {0x05, 0x01, 0x09, 0x06, 0xa1, 0x01, 0x05, 0x07, 0x19, 0xe0, 0x29, 0xe7, 0x15, 0x00, 0x25, 0x01,
            0x75, 0x01, 0x95, 0x08, 0x81, 0x02, 0x95, 0x01, 0x75, 0x08, 0x81, 0x01, 0x95, 0x05, 0x75, 0x01,
            0x05, 0x08, 0x19, 0x01, 0x29, 0x05, 0x91, 0x02, 0x95, 0x01, 0x75, 0x03, 0x91, 0x01, 0x95, 0x06,
            0x75, 0x08, 0x15, 0x00, 0x25, 0x65, 0x05, 0x07, 0x19, 0x00, 0x29, 0x65, 0x81, 0x00, 0xc0};
}

// The scanned data report of a HID POS scanner, laid out like Honeywell's (drivers/hid_pos_decoder.hpp).
std::vector<std::uint8_t> hid_pos_descriptor() {
    return {
        0x06, 0x8c, 0x00,             // Usage Page (Bar Code Scanner, 0x8C)
        0x09, 0x02,                   // Usage (Bar Code Scanner)
        0xa1, 0x01,                   // Collection (Application)
        0x85, 0x02,                   //   Report ID (2): scanned data
        0x15, 0x00,                   //   Logical Minimum (0)
        0x26, 0xff, 0x00,             //   Logical Maximum (255)
        0x75, 0x08,                   //   Report Size (8)
        0x05, 0x01, 0x09, 0x3b,       //   Usage Page (Generic Desktop), Usage (Byte Count)
        0x95, 0x01, 0x81, 0x02,       //   Report Count (1), Input (Data, Variable, Absolute)
        0x05, 0x8c,                   //   Usage Page (Bar Code Scanner)
        0x09, 0xfb, 0x09, 0xfc,       //   Usage (Symbology Identifier 1), Usage (… 2)
        0x09, 0xfd,                   //   Usage (Symbology Identifier 3)
        0x95, 0x03, 0x81, 0x02,       //   Report Count (3), Input
        0x09, 0xfe,                   //   Usage (Decoded Data)
        0x95, 0x38, 0x82, 0x02, 0x01, //   Report Count (56), Input (Data, Variable, Absolute, Buffered Bytes)
        0x06, 0x66, 0xff,             //   Usage Page (vendor 0xFF66)
        0x09, 0x04, 0x09, 0x00,       //   Usage (code id), Usage (undefined)
        0x95, 0x02, 0x81, 0x02,       //   Report Count (2), Input
        0x05, 0x8c, 0x09, 0xff,       //   Usage Page (Bar Code Scanner), Usage (Decode Data Continued)
        0x25, 0x01, 0x75, 0x01,       //   Logical Maximum (1), Report Size (1)
        0x95, 0x01, 0x81, 0x02,       //   Report Count (1), Input
        0x75, 0x07, 0x81, 0x03,       //   Report Size (7), Input (Constant): padding
        0xc0,                         // End Collection
    };
}

// A three-button boot mouse: HID, but no scanner.
std::vector<std::uint8_t> boot_mouse_descriptor() {
    return {0x05, 0x01, 0x09, 0x02, 0xa1, 0x01, 0x09, 0x01, 0xa1, 0x00, 0x05, 0x09, 0x19,
            0x01, 0x29, 0x03, 0x15, 0x00, 0x25, 0x01, 0x95, 0x03, 0x75, 0x01, 0x81, 0x02,
            0x95, 0x01, 0x75, 0x05, 0x81, 0x01, 0x05, 0x01, 0x09, 0x30, 0x09, 0x31, 0x15,
            0x81, 0x25, 0x7f, 0x75, 0x08, 0x95, 0x02, 0x81, 0x06, 0xc0, 0xc0};
}

// ----- device descriptions -----

// A Vuquest 3310g in keyboard mode: a HID boot keyboard with interrupt IN 0x81, usbhid bound.
DeviceDescription keyboard_scanner() {
    DeviceDescription description;
    description.vendor_id = honeywell_vendor;
    description.product_id = vuquest_3310g;
    description.device_number = 3;
    description.port_number = 2;
    description.speed = "12";
    description.manufacturer = "Honeywell Imaging & Mobility";
    description.product = "3310g";
    description.serial = "17235B4C1E";
    description.interface.interface_class = 3;
    description.interface.interface_subclass = 1; // boot
    description.interface.interface_protocol = 1; // keyboard
    description.interface.endpoints = {{interrupt_in, TransferType::interrupt, 8, 10}};
    description.interface.hid_report_descriptor = boot_keyboard_descriptor();
    description.kernel_driver = "usbhid";
    return description;
}

// A Voyager 1400g in HID POS mode: HID 3/0/0, 64-byte reports on interrupt IN 0x81, an OUT for commands.
DeviceDescription pos_scanner() {
    DeviceDescription description;
    description.vendor_id = honeywell_vendor;
    description.product_id = voyager_1400g;
    description.device_number = 4;
    description.port_number = 3;
    description.speed = "12";
    description.manufacturer = "Honeywell Imaging & Mobility";
    description.product = "1450g";
    description.interface.interface_class = 3;
    description.interface.endpoints = {{interrupt_in, TransferType::interrupt, 64, 1},
                                       {interrupt_out, TransferType::interrupt, 64, 1}};
    description.interface.hid_report_descriptor = hid_pos_descriptor();
    description.kernel_driver = "usbhid";
    return description;
}

// ----- the scanner's side of the wire -----

// Takes the HID class requests a host sends (SET_PROTOCOL, SET_IDLE) and remembers them; the reports
// themselves are queued by the tests on interrupt IN.
class EmulatedHidScanner : public EmulatedUsbFunction {
public:
    explicit EmulatedHidScanner(bool accepts_class_requests = true) : m_accepts(accepts_class_requests) {}

    void on_bulk_out(unsigned char, std::span<const std::uint8_t>) override {}

    std::optional<std::vector<std::uint8_t>> on_control(const ControlSetup& setup,
                                                        std::span<const std::uint8_t>) override {
        const std::lock_guard lock(m_mutex);
        m_requests.push_back(setup);
        constexpr std::uint8_t class_interface_out = 0x21;
        if (m_accepts && setup.request_type == class_interface_out) {
            return std::vector<std::uint8_t>{};
        }
        return std::nullopt;
    }

    std::vector<ControlSetup> requests() const {
        const std::lock_guard lock(m_mutex);
        return m_requests;
    }

private:
    bool m_accepts;
    mutable std::mutex m_mutex;
    std::vector<ControlSetup> m_requests;
};

std::vector<hardware::KeyboardReport> keyboard_reports(std::string_view payload,
                                                       const KeyboardEncoding& encoding = {}) {
    auto reports = hardware::encode_keyboard_reports(payload, encoding);
    if (!reports) {
        throw std::runtime_error(reports.error().message);
    }
    return *reports;
}

std::vector<hardware::PosReport> pos_reports(std::string_view payload, std::string_view symbology = "]Q1") {
    auto reports = hardware::encode_pos_reports(payload, symbology);
    if (!reports) {
        throw std::runtime_error(reports.error().message);
    }
    return *reports;
}

template <typename Report> void queue(EmulatedUsbDevice& device, std::span<const Report> reports) {
    for (const Report& report : reports) {
        device.queue_in(interrupt_in, std::vector<std::uint8_t>(report.begin(), report.end()));
    }
}
template <typename Report> void queue(EmulatedUsbDevice& device, const std::vector<Report>& reports) {
    queue(device, std::span<const Report>(reports));
}

// Every printable ASCII character, the ones needing Shift included.
std::string printable_ascii() {
    std::string text;
    for (char character = 0x20; character < 0x7f; ++character) {
        text += character;
    }
    return text;
}

// ----- fixture -----

class UsbScannerTest : public ::testing::Test {
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

    static DeviceAddress usb(std::uint16_t product) {
        return UsbAddress{honeywell_vendor, product, std::nullopt, std::nullopt};
    }

    std::unique_ptr<Scanner> open(const DeviceAddress& address, const ScannerOptions& options = {}) {
        auto scanner = open_scanner(opener, address, options);
        if (!scanner) {
            throw std::runtime_error("open_scanner: " + scanner.error().detail);
        }
        return std::move(*scanner);
    }

    // After a replug libusb learns of the device from a udev event on its own thread: the kiosk tries
    // again until it is there, and so does this.
    std::unique_ptr<Scanner> reopen(const DeviceAddress& address, std::chrono::milliseconds limit = 3s) {
        const auto deadline = std::chrono::steady_clock::now() + limit;
        while (true) {
            auto scanner = open_scanner(opener, address);
            if (scanner) {
                return std::move(*scanner);
            }
            if (std::chrono::steady_clock::now() > deadline) {
                throw std::runtime_error("open_scanner after replug: " + scanner.error().detail);
            }
            std::this_thread::sleep_for(20ms);
        }
    }

    // Waits until `count` scans came or `limit` passed; stops at an error.
    static std::vector<Scan> collect(Scanner& scanner, std::size_t count,
                                     std::chrono::milliseconds limit = 5s) {
        std::vector<Scan> collected;
        const auto deadline = std::chrono::steady_clock::now() + limit;
        while (collected.size() < count && std::chrono::steady_clock::now() < deadline) {
            auto scans = scanner.wait(200ms);
            if (!scans) {
                ADD_FAILURE() << "wait failed: " << scans.error().detail;
                break;
            }
            collected.insert(collected.end(), scans->begin(), scans->end());
        }
        return collected;
    }

    static std::vector<std::string> payloads(const std::vector<Scan>& scans) {
        std::vector<std::string> result;
        for (const Scan& scan : scans) {
            result.push_back(scan.payload);
        }
        return result;
    }

    // Declaration order is lifetime order: the functions outlive the testbed, the testbed outlives libusb
    // (the opener's context binds to the testbed that exists when it is created).
    EmulatedHidScanner keyboard_function;
    EmulatedHidScanner pos_function;
    EmulatedHidScanner other_function{false};
    UsbTestbed testbed;
    DeviceOpener opener;

private:
    std::vector<const EmulatedUsbDevice*> m_devices;
};

// ----- keyboard mode -----

TEST_F(UsbScannerTest, AKeyboardScannerIsRecognisedAndTakenFromUsbhid) {
    EmulatedUsbDevice& device = plug(keyboard_scanner(), keyboard_function);
    ASSERT_EQ(device.kernel_driver(), "usbhid");
    const auto scanner = open(usb(vuquest_3310g));
    EXPECT_PRED2(contains, scanner->describe(), "HID keyboard scanner usb://0c2e:0b61");
    EXPECT_EQ(device.kernel_driver(), std::nullopt); // the kiosk owns this keyboard now
    EXPECT_TRUE(device.interface_claimed());
    EXPECT_EQ(device.implicit_claims(), 0u);

    // It asked for the boot protocol (the testbed answers the report descriptor request itself).
    const std::vector<ControlSetup> requests = keyboard_function.requests();
    ASSERT_EQ(requests.size(), 1u);
    const ControlSetup& last = requests.back();
    EXPECT_EQ(last.request_type, 0x21); // class request to the interface
    EXPECT_EQ(last.request, 0x0b);      // SET_PROTOCOL
    EXPECT_EQ(last.value, 0);           // boot
    EXPECT_EQ(last.index, 0);           // interface 0
}

TEST_F(UsbScannerTest, ReadsACodeWithShiftCharacters) {
    EmulatedUsbDevice& device = plug(keyboard_scanner(), keyboard_function);
    const auto scanner = open(usb(vuquest_3310g));
    const std::string code = "Ab-12_Z!@#{}|:\"<>?~+ x";
    const auto before = std::chrono::steady_clock::now();
    queue(device, keyboard_reports(code));
    auto scans = scanner->wait(3s);
    ASSERT_TRUE(scans.has_value()) << scans.error().detail;
    ASSERT_EQ(scans->size(), 1u);
    const Scan& scan = scans->front();
    EXPECT_EQ(scan.payload, code);
    EXPECT_EQ(scan.source, ScanSource::hid_keyboard);
    EXPECT_EQ(scan.device, "usb://0c2e:0b61");
    EXPECT_GE(scan.time, before);
    EXPECT_LT(std::chrono::steady_clock::now() - before, 2s); // it returned at the scan, not the timeout
    EXPECT_EQ(scanner->take_warnings(), std::vector<std::string>{});
}

TEST_F(UsbScannerTest, CodesBackToBackComeOutInOrder) {
    EmulatedUsbDevice& device = plug(keyboard_scanner(), keyboard_function);
    const auto scanner = open(usb(vuquest_3310g));
    queue(device, keyboard_reports("CHK-0001-AAAA"));
    queue(device, keyboard_reports("chk-0002-bbbb",
                                   KeyboardEncoding{KeyboardTerminator::enter, KeyStyle::rollover, true}));
    queue(device,
          keyboard_reports("Chk-0003-CcCc", KeyboardEncoding{KeyboardTerminator::tab, KeyStyle::rollover}));
    queue(device, keyboard_reports("GS1\x1d"
                                   "0104012345678901"));
    EXPECT_EQ(payloads(collect(*scanner, 4)),
              (std::vector<std::string>{"CHK-0001-AAAA", "chk-0002-bbbb", "Chk-0003-CcCc",
                                        "GS1\x1d"
                                        "0104012345678901"}));
    EXPECT_EQ(scanner->take_warnings(), std::vector<std::string>{});
}

TEST_F(UsbScannerTest, ACodeSplitOverManyReportsArrivesAcrossWaits) {
    EmulatedUsbDevice& device = plug(keyboard_scanner(), keyboard_function);
    const auto scanner = open(usb(vuquest_3310g));
    // Every printable character, and control characters typed with Ctrl (not terminators).
    const std::string code = printable_ascii() + "\t\r\x1b" + "aaBB11";
    const std::vector<hardware::KeyboardReport> reports = keyboard_reports(code);
    ASSERT_GT(reports.size(), 200u);
    const std::size_t half = reports.size() / 2;

    queue(device, std::span(reports).first(half));
    const auto deadline = std::chrono::steady_clock::now() + 5s;
    do { // until the scanner has read all of the first half: it is no scan
        auto scans = scanner->wait(50ms);
        ASSERT_TRUE(scans.has_value()) << scans.error().detail;
        EXPECT_TRUE(scans->empty());
    } while (device.queued_in_messages(interrupt_in) > 0 && std::chrono::steady_clock::now() < deadline);
    ASSERT_EQ(device.queued_in_messages(interrupt_in), 0u);

    // The rest trickles in while the scanner waits.
    std::thread trickle([&] {
        for (std::size_t index = half; index < reports.size(); ++index) {
            device.queue_in(interrupt_in,
                            std::vector<std::uint8_t>(reports[index].begin(), reports[index].end()));
            if (index % 16 == 0) {
                std::this_thread::sleep_for(2ms);
            }
        }
    });
    const std::vector<Scan> collected = collect(*scanner, 1);
    trickle.join();
    EXPECT_EQ(payloads(collected), (std::vector<std::string>{code}));
}

TEST_F(UsbScannerTest, AKeyboardScannerWithoutTerminatorEndsItsCodeAfterTheQuietGap) {
    EmulatedUsbDevice& device = plug(keyboard_scanner(), keyboard_function);
    ScannerOptions options;
    options.keyboard.quiet_gap = 80ms;
    const auto scanner = open(usb(vuquest_3310g), options);
    queue(device, keyboard_reports("NOTERM-42", KeyboardEncoding{KeyboardTerminator::none}));
    const auto before = std::chrono::steady_clock::now();
    auto scans = scanner->wait(3s);
    const auto waited = std::chrono::steady_clock::now() - before;
    ASSERT_TRUE(scans.has_value()) << scans.error().detail;
    EXPECT_EQ(payloads(*scans), (std::vector<std::string>{"NOTERM-42"}));
    EXPECT_GE(waited, 80ms);
    EXPECT_LT(waited, 2s); // the gap ended it, not the timeout
}

TEST_F(UsbScannerTest, AnAddressByInterfaceClassFindsTheScanner) {
    EmulatedUsbDevice& device = plug(keyboard_scanner(), keyboard_function);
    const auto scanner = open(UsbAddress{std::nullopt, std::nullopt, 3, std::nullopt});
    queue(device, keyboard_reports("BY-CLASS"));
    const std::vector<Scan> scans = collect(*scanner, 1);
    EXPECT_EQ(payloads(scans), (std::vector<std::string>{"BY-CLASS"}));
    ASSERT_EQ(scans.size(), 1u);
    EXPECT_EQ(scans[0].device, "usb://0c2e:0b61"); // named by what was found, not by the class
}

TEST_F(UsbScannerTest, AScannerThatStallsSetProtocolIsReadAsItIs) {
    EmulatedUsbDevice& device = plug(keyboard_scanner(), other_function);
    const auto scanner = open(usb(vuquest_3310g));
    queue(device, keyboard_reports("STALLED-SET-PROTOCOL"));
    EXPECT_EQ(payloads(collect(*scanner, 1)), (std::vector<std::string>{"STALLED-SET-PROTOCOL"}));
}

// ----- HID POS -----

TEST_F(UsbScannerTest, AHidPosScannerIsRecognisedByItsUsagePageAndReassemblesA150ByteCode) {
    EmulatedUsbDevice& device = plug(pos_scanner(), pos_function);
    const auto scanner = open(usb(voyager_1400g));
    EXPECT_PRED2(contains, scanner->describe(), "HID POS scanner usb://0c2e:0b81");
    EXPECT_EQ(device.kernel_driver(), std::nullopt);
    for (const ControlSetup& request : pos_function.requests()) {
        EXPECT_NE(request.request, 0x0b) << "no SET_PROTOCOL for a device that is no boot keyboard";
    }

    // 150 bytes of binary data (NUL and high bytes too): three reports, 56 + 56 + 38.
    std::string code;
    for (std::size_t index = 0; index < 150; ++index) {
        code += static_cast<char>((index * 37 + 11) & 0xffU);
    }
    const std::vector<hardware::PosReport> reports = pos_reports(code);
    ASSERT_EQ(reports.size(), 3u);
    std::vector<std::uint8_t> trigger_report(64, 0); // another report id: ignored
    trigger_report[0] = 0x04;
    device.queue_in(interrupt_in, trigger_report);
    const auto before = std::chrono::steady_clock::now();
    queue(device, reports);

    auto scans = scanner->wait(3s);
    ASSERT_TRUE(scans.has_value()) << scans.error().detail;
    ASSERT_EQ(scans->size(), 1u);
    const Scan& scan = scans->front();
    EXPECT_EQ(scan.payload, code);
    EXPECT_EQ(scan.source, ScanSource::hid_pos);
    EXPECT_EQ(scan.device, "usb://0c2e:0b81");
    EXPECT_GE(scan.time, before);
    EXPECT_EQ(scanner->take_warnings(), std::vector<std::string>{});
}

TEST_F(UsbScannerTest, HidPosCodesBackToBack) {
    EmulatedUsbDevice& device = plug(pos_scanner(), pos_function);
    const auto scanner = open(usb(voyager_1400g));
    const std::string long_code(120, 'Q');
    queue(device, pos_reports("SHORT-1"));
    queue(device, pos_reports(long_code, "]C0"));
    queue(device, pos_reports("Zażółć-3")); // UTF-8 passes through HID POS unchanged
    EXPECT_EQ(payloads(collect(*scanner, 3)), (std::vector<std::string>{"SHORT-1", long_code, "Zażółć-3"}));
}

TEST_F(UsbScannerTest, AnExplicitModeOverridesWhatTheDescriptorsSay) {
    // A boot keyboard by its descriptors, but the profile says HID POS: the profile wins.
    EmulatedUsbDevice& device = plug(keyboard_scanner(), keyboard_function);
    ScannerOptions options;
    options.mode = ScannerMode::hid_pos;
    const auto scanner = open(usb(vuquest_3310g), options);
    EXPECT_PRED2(contains, scanner->describe(), "HID POS scanner");
    EXPECT_TRUE(keyboard_function.requests().empty()); // no SET_PROTOCOL for a POS scanner
    queue(device, pos_reports("EXPLICIT"));
    EXPECT_EQ(payloads(collect(*scanner, 1)), (std::vector<std::string>{"EXPLICIT"}));
}

// ----- unplug and replug -----

TEST_F(UsbScannerTest, AKeyboardScannerUnpluggedWhileWaitingIsDisconnectedAndReopensAfterReplug) {
    EmulatedUsbDevice& device = plug(keyboard_scanner(), keyboard_function);
    auto scanner = open(usb(vuquest_3310g));
    queue(device, keyboard_reports("BEFORE"));
    EXPECT_EQ(payloads(collect(*scanner, 1)), (std::vector<std::string>{"BEFORE"}));

    std::thread unplug([&] {
        if (device.wait_for_in_flight_urbs(1, 2s)) {
            device.unplug();
        }
    });
    const auto before = std::chrono::steady_clock::now();
    auto scans = scanner->wait(10s);
    unplug.join();
    ASSERT_FALSE(scans.has_value()) << "no error: " << scans->size() << " scans";
    EXPECT_EQ(scans.error().problem, Problem::disconnected) << scans.error().detail;
    EXPECT_LT(std::chrono::steady_clock::now() - before, 3s); // not the 10 s timeout
    scans = scanner->wait(1s);                                // finished: the same again, at once
    ASSERT_FALSE(scans.has_value());
    EXPECT_EQ(scans.error().problem, Problem::disconnected);

    // While it is away there is nothing to open (once libusb's own thread has taken the udev event: until
    // then it may still list the device, which then fails to open as disconnected).
    auto away = open_scanner(opener, usb(vuquest_3310g));
    for (const auto deadline = std::chrono::steady_clock::now() + 3s;
         !away && away.error().problem != Problem::not_found && std::chrono::steady_clock::now() < deadline;
         away = open_scanner(opener, usb(vuquest_3310g))) {
        std::this_thread::sleep_for(20ms);
    }
    ASSERT_FALSE(away.has_value());
    EXPECT_EQ(away.error().problem, Problem::not_found) << away.error().detail;
    EXPECT_PRED2(contains, away.error().detail, "HID interface");

    // Back in, with usbhid bound again: the kiosk drops the old scanner and opens a new one.
    scanner.reset();
    device.replug();
    EXPECT_EQ(device.kernel_driver(), "usbhid");
    scanner = reopen(usb(vuquest_3310g));
    EXPECT_EQ(device.kernel_driver(), std::nullopt);
    queue(device, keyboard_reports("AFTER-REPLUG"));
    EXPECT_EQ(payloads(collect(*scanner, 1)), (std::vector<std::string>{"AFTER-REPLUG"}));
}

TEST_F(UsbScannerTest, AHidPosScannerUnpluggedBetweenWaitsIsDisconnectedAndReopensAtANewAddress) {
    EmulatedUsbDevice& device = plug(pos_scanner(), pos_function);
    auto scanner = open(usb(voyager_1400g));
    device.unplug();
    auto scans = scanner->wait(2s);
    ASSERT_FALSE(scans.has_value());
    EXPECT_EQ(scans.error().problem, Problem::disconnected) << scans.error().detail;

    scanner.reset();
    device.replug(9);
    scanner = reopen(usb(voyager_1400g));
    EXPECT_PRED2(contains, scanner->describe(), "device 9");
    queue(device, pos_reports(std::string(150, 'R')));
    EXPECT_EQ(payloads(collect(*scanner, 1)), (std::vector<std::string>{std::string(150, 'R')}));
}

// ----- what is refused -----

TEST_F(UsbScannerTest, AHidDeviceThatIsNoScannerIsRefused) {
    DeviceDescription mouse = keyboard_scanner();
    mouse.vendor_id = 0x046d;
    mouse.product_id = 0xc077;
    mouse.interface.interface_protocol = 2; // boot mouse
    mouse.interface.endpoints = {{interrupt_in, TransferType::interrupt, 4, 10}};
    mouse.interface.hid_report_descriptor = boot_mouse_descriptor();
    plug(mouse, other_function);
    auto opened = open_scanner(opener, UsbAddress{0x046d, 0xc077, std::nullopt, std::nullopt});
    ASSERT_FALSE(opened.has_value());
    EXPECT_EQ(opened.error().problem, Problem::unsupported);
    EXPECT_PRED2(contains, opened.error().detail, "neither a keyboard nor a HID POS scanner");
}

TEST_F(UsbScannerTest, ADeviceWithoutHidInterfaceIsNotFoundAndKeepsItsDriver) {
    DeviceDescription printer;
    printer.vendor_id = honeywell_vendor;
    printer.product_id = unknown_product;
    printer.interface.interface_class = 7;
    printer.interface.interface_subclass = 1;
    printer.interface.interface_protocol = 2;
    printer.interface.endpoints = {{0x02, TransferType::bulk, 512, 0}, {0x81, TransferType::bulk, 512, 0}};
    printer.kernel_driver = "usblp";
    EmulatedUsbDevice& device = plug(printer, other_function);
    auto opened = open_scanner(opener, usb(unknown_product));
    ASSERT_FALSE(opened.has_value());
    EXPECT_EQ(opened.error().problem, Problem::not_found);
    EXPECT_EQ(device.kernel_driver(), "usblp"); // untouched

    ScannerOptions serial;
    serial.mode = ScannerMode::serial;
    auto wrong = open_scanner(opener, usb(unknown_product), serial);
    ASSERT_FALSE(wrong.has_value());
    EXPECT_EQ(wrong.error().problem, Problem::invalid_input);
}

// ----- pure: report descriptors, and the virtual scanner against the decoders -----

TEST(ScannerReportDescriptorTest, TellsKeyboardsFromHidPosScanners) {
    EXPECT_EQ(scanner_mode_of_report_descriptor(boot_keyboard_descriptor()), ScannerMode::hid_keyboard);
    EXPECT_EQ(scanner_mode_of_report_descriptor(hid_pos_descriptor()), ScannerMode::hid_pos);
    EXPECT_EQ(scanner_mode_of_report_descriptor(boot_mouse_descriptor()), ScannerMode::automatic);
    EXPECT_EQ(scanner_mode_of_report_descriptor({}), ScannerMode::automatic);

    // A keyboard with report ids (a composite keyboard + media keys) does not send the bare 8 bytes.
    std::vector<std::uint8_t> with_report_id = boot_keyboard_descriptor();
    with_report_id.insert(with_report_id.begin() + 6, {0x85, 0x01});
    EXPECT_EQ(scanner_mode_of_report_descriptor(with_report_id), ScannerMode::automatic);

    // The POS page in an extended (4-byte) usage counts too; a long item is skipped.
    const std::vector<std::uint8_t> extended{0xfe, 0x02, 0x10, 0xaa, 0xbb, 0x0b, 0x02,
                                             0x00, 0x8c, 0x00, 0xa1, 0x01, 0xc0};
    EXPECT_EQ(scanner_mode_of_report_descriptor(extended), ScannerMode::hid_pos);

    // Cut in the middle of an item: nothing is claimed.
    const std::vector<std::uint8_t> truncated{0x05, 0x01, 0x09, 0x06, 0x06, 0x8c};
    EXPECT_EQ(scanner_mode_of_report_descriptor(truncated), ScannerMode::automatic);
}

std::string decode_keyboard(const std::vector<hardware::KeyboardReport>& reports,
                            std::size_t* scans_out = nullptr) {
    HidKeyboardDecoder decoder("test");
    std::string payload;
    std::size_t scans = 0;
    const auto time = std::chrono::steady_clock::now();
    for (const hardware::KeyboardReport& report : reports) {
        for (const Scan& scan : decoder.feed(report, time)) {
            payload += scan.payload;
            ++scans;
        }
    }
    EXPECT_EQ(decoder.take_warnings(), std::vector<std::string>{});
    if (scans_out != nullptr) {
        *scans_out = scans;
    }
    return payload;
}

TEST(VirtualScannerTest, KeyboardReportsTypeEveryAsciiCharacterButDelInBothStyles) {
    std::string every;
    for (int character = 0; character < 0x7f; ++character) {
        every += static_cast<char>(character);
    }
    for (const KeyStyle style : {KeyStyle::press_release, KeyStyle::rollover}) {
        for (const bool right_shift : {false, true}) {
            std::size_t scans = 0;
            EXPECT_EQ(decode_keyboard(keyboard_reports(every, KeyboardEncoding{KeyboardTerminator::enter,
                                                                               style, right_shift}),
                                      &scans),
                      every);
            EXPECT_EQ(scans, 1u);
        }
    }
    EXPECT_EQ(decode_keyboard(
                  keyboard_reports("aaa", KeyboardEncoding{KeyboardTerminator::tab, KeyStyle::rollover})),
              "aaa");
    EXPECT_FALSE(hardware::encode_keyboard_reports("\x7f").has_value());
    EXPECT_FALSE(hardware::encode_keyboard_reports("Łódź").has_value());
}

TEST(VirtualScannerTest, KeyboardReportsLookLikeAScannersOwn) {
    const std::vector<hardware::KeyboardReport> reports = keyboard_reports("aB");
    ASSERT_EQ(reports.size(), 6u);
    EXPECT_EQ(reports[0], (hardware::KeyboardReport{0x00, 0, 0x04, 0, 0, 0, 0, 0})); // a
    EXPECT_EQ(reports[1], (hardware::KeyboardReport{}));                             // released
    EXPECT_EQ(reports[2], (hardware::KeyboardReport{0x02, 0, 0x05, 0, 0, 0, 0, 0})); // LeftShift + b
    EXPECT_EQ(reports[3], (hardware::KeyboardReport{}));
    EXPECT_EQ(reports[4], (hardware::KeyboardReport{0x00, 0, 0x28, 0, 0, 0, 0, 0})); // Enter
    EXPECT_EQ(reports[5], (hardware::KeyboardReport{}));

    const std::vector<hardware::KeyboardReport> rolled =
        keyboard_reports("ab", KeyboardEncoding{KeyboardTerminator::none, KeyStyle::rollover});
    ASSERT_EQ(rolled.size(), 3u);
    EXPECT_EQ(rolled[1], (hardware::KeyboardReport{0x00, 0, 0x04, 0x05, 0, 0, 0, 0})); // b while a is down
}

TEST(VirtualScannerTest, PosReportsSplitInto56BytePiecesAndDecodeBack) {
    for (const std::size_t size : {std::size_t{1}, std::size_t{55}, std::size_t{56}, std::size_t{57},
                                   std::size_t{112}, std::size_t{150}, std::size_t{2953}}) {
        std::string code;
        for (std::size_t index = 0; index < size; ++index) {
            code += static_cast<char>((index * 7 + 3) & 0xffU);
        }
        const std::vector<hardware::PosReport> reports = pos_reports(code, "]Q1");
        ASSERT_EQ(reports.size(), (size + 55) / 56) << size;
        HidPosDecoder decoder("test");
        std::optional<HidPosScan> decoded;
        for (std::size_t index = 0; index < reports.size(); ++index) {
            EXPECT_EQ(reports[index][63] & 0x01, index + 1 < reports.size() ? 1 : 0);
            EXPECT_FALSE(decoded.has_value());
            decoded = decoder.feed(reports[index], std::chrono::steady_clock::now());
        }
        ASSERT_TRUE(decoded.has_value()) << size;
        EXPECT_EQ(decoded->scan.payload, code);
        EXPECT_EQ(decoded->symbology, "]Q1");
        EXPECT_EQ(decoder.take_warnings(), std::vector<std::string>{});
    }
    const std::vector<hardware::PosReport> empty = pos_reports("");
    ASSERT_EQ(empty.size(), 1u);
    EXPECT_EQ(empty[0][1], 0);
    EXPECT_FALSE(hardware::encode_pos_reports("X", "]Q").has_value());
}

} // namespace
} // namespace checkin::drivers
