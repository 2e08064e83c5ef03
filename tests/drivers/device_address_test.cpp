#include "drivers/device_address.hpp"
#include "drivers/error.hpp"

#include <gtest/gtest.h>
#include <string>
#include <vector>

namespace checkin::drivers {
namespace {

TEST(DeviceAddress, ParsesEveryForm) {
    auto usb = parse_device_address("usb://04f9:209d");
    ASSERT_TRUE(usb) << usb.error().detail;
    EXPECT_EQ(std::get<UsbAddress>(*usb), (UsbAddress{0x04f9, 0x209d, std::nullopt, std::nullopt}));

    auto with_serial = parse_device_address("usb://04F9:209D?serial=A1B2C3");
    ASSERT_TRUE(with_serial);
    EXPECT_EQ(std::get<UsbAddress>(*with_serial).serial, "A1B2C3");
    EXPECT_EQ(std::get<UsbAddress>(*with_serial).product_id, 0x209d);

    auto by_class = parse_device_address("usb://class/7");
    ASSERT_TRUE(by_class);
    EXPECT_EQ(std::get<UsbAddress>(*by_class).interface_class, 7);
    EXPECT_FALSE(std::get<UsbAddress>(*by_class).vendor_id);

    auto tcp = parse_device_address("tcp://printer.local");
    ASSERT_TRUE(tcp);
    EXPECT_EQ(std::get<TcpAddress>(*tcp), (TcpAddress{"printer.local", 9100}));
    auto tcp_port = parse_device_address("tcp://127.0.0.1:9101");
    ASSERT_TRUE(tcp_port);
    EXPECT_EQ(std::get<TcpAddress>(*tcp_port), (TcpAddress{"127.0.0.1", 9101}));
    auto ipv6 = parse_device_address("tcp://[::1]:9100");
    ASSERT_TRUE(ipv6);
    EXPECT_EQ(std::get<TcpAddress>(*ipv6), (TcpAddress{"::1", 9100}));

    auto serial = parse_device_address("serial:///dev/ttyACM0?baud=115200");
    ASSERT_TRUE(serial);
    EXPECT_EQ(std::get<SerialAddress>(*serial), (SerialAddress{"/dev/ttyACM0", 115200}));

    auto file = parse_device_address("file:///tmp/badge.bin");
    ASSERT_TRUE(file);
    EXPECT_EQ(std::get<FileAddress>(*file).path, "/tmp/badge.bin");
    auto relative = parse_device_address("file://out/badge.bin");
    ASSERT_TRUE(relative);
    EXPECT_EQ(std::get<FileAddress>(*relative).path, "out/badge.bin");

    auto simulator = parse_device_address("sim://badges");
    ASSERT_TRUE(simulator);
    EXPECT_EQ(std::get<SimulatorAddress>(*simulator).directory, "badges");

    auto ipp = parse_device_address("ipp://printer.local/ipp/print");
    ASSERT_TRUE(ipp) << ipp.error().detail;
    EXPECT_EQ(std::get<IppAddress>(*ipp), (IppAddress{"printer.local", 631, "/ipp/print", false}));
    auto ipp_port = parse_device_address("ipp://127.0.0.1:8631/ipp/print/labels");
    ASSERT_TRUE(ipp_port);
    EXPECT_EQ(std::get<IppAddress>(*ipp_port), (IppAddress{"127.0.0.1", 8631, "/ipp/print/labels", false}));
    auto ipps = parse_device_address("ipps://[fe80::1]:443/ipp/print");
    ASSERT_TRUE(ipps);
    EXPECT_EQ(std::get<IppAddress>(*ipps), (IppAddress{"fe80::1", 443, "/ipp/print", true}));

    auto queue = parse_device_address("cups://Dymo_LabelWriter_450");
    ASSERT_TRUE(queue);
    EXPECT_EQ(std::get<CupsQueueAddress>(*queue).queue, "Dymo_LabelWriter_450");
}

TEST(DeviceAddress, FormatsBackToWhatParses) {
    for (const std::string text :
         {"usb://04f9:209d", "usb://04f9:209d?serial=X7", "usb://class/3", "tcp://10.1.2.3:9100",
          "tcp://[::1]:9100", "serial:///dev/ttyACM0?baud=9600", "file:///tmp/job.bin", "sim:///tmp/badges",
          "ipp://10.1.2.3:631/ipp/print", "ipps://[::1]:8443/ipp/print", "cups://Dymo_LabelWriter_450"}) {
        const auto parsed = parse_device_address(text);
        ASSERT_TRUE(parsed) << text;
        EXPECT_EQ(format_device_address(*parsed), text);
        EXPECT_EQ(parse_device_address(format_device_address(*parsed)), parsed);
    }
}

TEST(DeviceAddress, RefusesMalformedAddressesShowingTheAcceptedForms) {
    const std::vector<std::string> bad{"",
                                       "04f9:209d",
                                       "usb://4f9:209d",
                                       "usb://04f9:20xz",
                                       "usb://04f9-209d",
                                       "usb://04f9:209d?serial",
                                       "usb://04f9:209d?colour=red",
                                       "usb://class/300",
                                       "tcp://",
                                       "tcp://host:0",
                                       "tcp://host:70000",
                                       "tcp://host:port",
                                       "tcp://[::1",
                                       "serial://ttyACM0",
                                       "serial:///dev/ttyACM0?baud=fast",
                                       "file://",
                                       "ipp://printer.local",
                                       "ipp:///ipp/print",
                                       "ipp://host:0/ipp/print",
                                       "ipp://host/ipp print",
                                       "ipp://host/ipp?x=1",
                                       "cups://",
                                       "cups://a/b",
                                       "cups://two words",
                                       "lpt://1"};
    for (const std::string& text : bad) {
        const auto parsed = parse_device_address(text);
        ASSERT_FALSE(parsed) << text;
        EXPECT_EQ(parsed.error().problem, Problem::invalid_input) << text;
        EXPECT_NE(parsed.error().detail.find("usb://VVVV:PPPP"), std::string::npos) << parsed.error().detail;
        EXPECT_NE(parsed.error().detail.find(text.empty() ? "''" : text), std::string::npos)
            << parsed.error().detail;
    }
}

// The sentences a person reads about each problem are the kiosk's: tests/kiosk/staff/staff_messages_test.cpp.
TEST(Problems, EveryProblemHasAName) {
    for (int value = 0; value <= static_cast<int>(Problem::unsupported); ++value) {
        const auto problem = static_cast<Problem>(value);
        EXPECT_FALSE(problem_name(problem).empty());
        for (int other = 0; other < value; ++other) {
            EXPECT_NE(problem_name(problem), problem_name(static_cast<Problem>(other)));
        }
    }
    EXPECT_EQ(problem_name(Problem::wrong_media), "wrong_media");
}

// A driver's error is base's shape: its kind lets code that knows nothing of printers decide.
TEST(Problems, EachProblemIsAKindOfFailure) {
    EXPECT_EQ(Error(Problem::not_found, "usb 04f9:2042").kind, base::ErrorKind::not_found);
    EXPECT_EQ(Error(Problem::access_denied, "EACCES").kind, base::ErrorKind::refused);
    EXPECT_EQ(Error(Problem::no_media, "status").kind, base::ErrorKind::unavailable);
    EXPECT_EQ(Error(Problem::invalid_input, "bad address").kind, base::ErrorKind::invalid_input);
    const Error error(Problem::cover_open, "status byte 0x10");
    EXPECT_EQ(error.problem, Problem::cover_open);
    EXPECT_EQ(error.detail, "status byte 0x10");
    EXPECT_TRUE(error.message.empty()) << "a person's sentence about a problem is the kiosk's";
}

} // namespace
} // namespace checkin::drivers
