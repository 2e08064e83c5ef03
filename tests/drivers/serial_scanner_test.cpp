// The serial scanner's real I/O path — open_scanner, SerialTransport (raw mode, poll, read) and
// SerialScanner's loop around the SerialLineDecoder — against a virtual serial scanner on a real
// pseudo-terminal (hardware/virtual_scanner.hpp), which the kiosk reads as serial:///dev/pts/N just as it
// reads /dev/ttyACM0. Lines split at random points, CR/LF/CRLF, STX/ETX, a quiet gap, the line hung up.
// No emulation needed: label unit.

#include "drivers/open_device.hpp"
#include "drivers/scanner.hpp"
#include "hardware/virtual_scanner.hpp"

#include <chrono>
#include <deque>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <random>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace checkin::drivers {
namespace {

using namespace std::chrono_literals;
using namespace std::string_literals;
using hardware::LineEnding;
using hardware::SerialEncoding;
using hardware::VirtualSerialLine;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

VirtualSerialLine open_line() {
    auto line = VirtualSerialLine::open();
    if (!line) {
        throw std::runtime_error(line.error().message);
    }
    return std::move(*line);
}

DeviceAddress address_of(const VirtualSerialLine& line) {
    auto address = parse_device_address(line.address());
    if (!address) {
        throw std::runtime_error(address.error().detail);
    }
    return *address;
}

// Waits until `count` payloads came or `limit` passed; stops at an error.
std::vector<std::string> collect(Scanner& scanner, std::size_t count, std::chrono::milliseconds limit = 3s) {
    std::vector<std::string> payloads;
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (payloads.size() < count && std::chrono::steady_clock::now() < deadline) {
        auto scans = scanner.wait(100ms);
        if (!scans) {
            ADD_FAILURE() << "wait failed: " << scans.error().detail;
            break;
        }
        for (const Scan& scan : *scans) {
            payloads.push_back(scan.payload);
        }
    }
    return payloads;
}

class SerialScannerTest : public ::testing::Test {
protected:
    std::unique_ptr<Scanner> open(const ScannerOptions& options = {}) {
        auto scanner = open_scanner(opener, address_of(line), options);
        if (!scanner) {
            throw std::runtime_error(scanner.error().detail);
        }
        return std::move(*scanner);
    }

    void send(std::string_view bytes) { ASSERT_TRUE(line.send(bytes).has_value()); }

    VirtualSerialLine line = open_line();
    DeviceOpener opener;
};

TEST_F(SerialScannerTest, ReadsOneScanWithItsSourceAndDevice) {
    const auto scanner = open();
    EXPECT_THAT(scanner->describe(), HasSubstr("serial scanner serial://" + line.path()));
    const auto before = std::chrono::steady_clock::now();
    send(hardware::encode_serial_scan("CHK-2024-0042"));
    auto scans = scanner->wait(2s);
    ASSERT_TRUE(scans.has_value()) << scans.error().detail;
    ASSERT_EQ(scans->size(), 1u);
    const Scan& scan = scans->front();
    EXPECT_EQ(scan.payload, "CHK-2024-0042");
    EXPECT_EQ(scan.source, ScanSource::serial);
    EXPECT_EQ(scan.device, "serial://" + line.path());
    EXPECT_GE(scan.time, before);
    EXPECT_LT(std::chrono::steady_clock::now() - before, 1s); // it returned at the scan, not the timeout
}

TEST_F(SerialScannerTest, NothingSentIsNoScanAndNoError) {
    const auto scanner = open();
    const auto before = std::chrono::steady_clock::now();
    auto scans = scanner->wait(150ms);
    ASSERT_TRUE(scans.has_value()) << scans.error().detail;
    EXPECT_THAT(*scans, IsEmpty());
    EXPECT_GE(std::chrono::steady_clock::now() - before, 150ms);
    // A zero timeout looks once and returns.
    scans = scanner->wait(0ms);
    ASSERT_TRUE(scans.has_value());
    EXPECT_THAT(*scans, IsEmpty());
}

TEST_F(SerialScannerTest, LinesSplitAtRandomPointsComeOutWhole) {
    const auto scanner = open();
    std::mt19937 random(20240917);
    std::vector<std::string> codes;
    std::string stream;
    const std::array<LineEnding, 3> endings{LineEnding::cr, LineEnding::lf, LineEnding::crlf};
    for (int index = 0; index < 40; ++index) {
        std::string code = "EVT-" + std::to_string(1000 + index * 37) + "-";
        code.append(static_cast<std::size_t>(random() % 60), static_cast<char>('A' + index % 26));
        codes.push_back(code);
        stream +=
            hardware::encode_serial_scan(code, SerialEncoding{endings[static_cast<std::size_t>(index) % 3]});
    }
    // The sender cuts the stream at random points, pausing now and then, as a USB CDC device does.
    std::thread sender([&] {
        std::size_t offset = 0;
        while (offset < stream.size()) {
            const std::size_t length = std::min<std::size_t>(1 + random() % 23, stream.size() - offset);
            ASSERT_TRUE(line.send(std::string_view(stream).substr(offset, length)).has_value());
            offset += length;
            if (random() % 4 == 0) {
                std::this_thread::sleep_for(std::chrono::milliseconds(static_cast<long>(random() % 5)));
            }
        }
    });
    const std::vector<std::string> payloads = collect(*scanner, codes.size(), 5s);
    sender.join();
    EXPECT_EQ(payloads, codes);
    EXPECT_THAT(scanner->take_warnings(), IsEmpty());
}

TEST_F(SerialScannerTest, ACrlfSplitBetweenItsTwoBytesIsOneScan) {
    const auto scanner = open();
    send("FIRST\r");
    EXPECT_THAT(collect(*scanner, 1), ElementsAre("FIRST"));
    send("\nSECOND\r\n");
    EXPECT_THAT(collect(*scanner, 1), ElementsAre("SECOND"));
    auto scans = scanner->wait(100ms); // no empty scan from the lone LF
    ASSERT_TRUE(scans.has_value());
    EXPECT_THAT(*scans, IsEmpty());
}

TEST_F(SerialScannerTest, BinaryBytesAndStxEtxFraming) {
    ScannerOptions options;
    options.serial.prefix = "\x02";
    options.serial.suffix = "\x03";
    const auto scanner = open(options);
    const std::string payload = "A\x1d"s + "01\x00\xff"s + "Ł"; // GS, NUL, a high byte and UTF-8 pass through
    send(hardware::encode_serial_scan(payload, SerialEncoding{LineEnding::crlf, true}));
    EXPECT_THAT(collect(*scanner, 1), ElementsAre(payload));
}

TEST_F(SerialScannerTest, AScannerWithoutTerminatorEndsItsCodeAfterTheQuietGap) {
    ScannerOptions options;
    options.serial.quiet_gap = 80ms;
    const auto scanner = open(options);
    const auto before = std::chrono::steady_clock::now();
    send(hardware::encode_serial_scan("NOTERM-1", SerialEncoding{LineEnding::none}));
    auto scans = scanner->wait(2s);
    const auto waited = std::chrono::steady_clock::now() - before;
    ASSERT_TRUE(scans.has_value()) << scans.error().detail;
    ASSERT_EQ(scans->size(), 1u);
    EXPECT_EQ(scans->front().payload, "NOTERM-1");
    EXPECT_GE(waited, 80ms);
    EXPECT_LT(waited, 1s); // the gap ended it, not the 2 s timeout
}

TEST_F(SerialScannerTest, AHungUpLineIsDisconnectedAndStaysSo) {
    const auto scanner = open();
    send(hardware::encode_serial_scan("BEFORE"));
    EXPECT_THAT(collect(*scanner, 1), ElementsAre("BEFORE"));

    // Hung up while the scanner waits: the wait ends early with disconnected.
    std::thread unplug([&] {
        std::this_thread::sleep_for(100ms);
        line.close();
    });
    const auto before = std::chrono::steady_clock::now();
    auto scans = scanner->wait(5s);
    unplug.join();
    ASSERT_FALSE(scans.has_value());
    EXPECT_EQ(scans.error().problem, Problem::disconnected) << scans.error().detail;
    EXPECT_LT(std::chrono::steady_clock::now() - before, 2s);

    scans = scanner->wait(1s);
    ASSERT_FALSE(scans.has_value());
    EXPECT_EQ(scans.error().problem, Problem::disconnected);
}

TEST_F(SerialScannerTest, AFreshLineCanBeOpenedAfterTheOldOneWent) {
    auto scanner = open();
    line.close();
    auto scans = scanner->wait(1s);
    ASSERT_FALSE(scans.has_value());
    EXPECT_EQ(scans.error().problem, Problem::disconnected);

    // The kiosk drops the scanner and opens the address again once the device is back.
    line = open_line();
    scanner = open();
    send(hardware::encode_serial_scan("AGAIN"));
    EXPECT_THAT(collect(*scanner, 1), ElementsAre("AGAIN"));
}

TEST_F(SerialScannerTest, AMissingDeviceIsNotFoundAndWrongModesAreRefused) {
    auto missing = open_scanner(opener, SerialAddress{"/dev/does-not-exist-ttyACM9", 9600});
    ASSERT_FALSE(missing.has_value());
    EXPECT_EQ(missing.error().problem, Problem::not_found);

    ScannerOptions options;
    options.mode = ScannerMode::hid_pos;
    auto wrong = open_scanner(opener, address_of(line), options);
    ASSERT_FALSE(wrong.has_value());
    EXPECT_EQ(wrong.error().problem, Problem::invalid_input);

    auto printer = open_scanner(opener, TcpAddress{"127.0.0.1", 9100});
    ASSERT_FALSE(printer.has_value());
    EXPECT_EQ(printer.error().problem, Problem::unsupported);
}

// ----- the loop itself, over a scripted transport -----

// Hands out the chunks it was given, one per read, then fails with `end`.
class ScriptedTransport final : public Transport {
public:
    ScriptedTransport(std::deque<std::string> chunks, Error end)
        : m_chunks(std::move(chunks)), m_end(std::move(end)) {}

    Result<void> write(std::span<const std::uint8_t>, std::chrono::milliseconds) override { return {}; }
    Result<std::vector<std::uint8_t>> read(std::size_t, std::chrono::milliseconds) override {
        if (m_chunks.empty()) {
            return std::unexpected(m_end);
        }
        const std::string chunk = std::move(m_chunks.front());
        m_chunks.pop_front();
        return std::vector<std::uint8_t>(chunk.begin(), chunk.end());
    }
    bool can_read() const override { return true; }
    std::string describe() const override { return "script"; }

private:
    std::deque<std::string> m_chunks;
    Error m_end;
};

TEST(SerialScannerLoopTest, ScansDecodedBeforeAFailureComeFirstAndTheFailureNext) {
    SerialScanner scanner(std::make_unique<ScriptedTransport>(std::deque<std::string>{"ONE\rTW", "O\rTHR"},
                                                              Error{Problem::disconnected, "gone"}),
                          "serial://script");
    auto scans = scanner.wait(1s);
    ASSERT_TRUE(scans.has_value());
    ASSERT_EQ(scans->size(), 1u); // it returns as soon as a scan is complete
    EXPECT_EQ((*scans)[0].payload, "ONE");
    scans = scanner.wait(1s);
    ASSERT_TRUE(scans.has_value());
    ASSERT_EQ(scans->size(), 1u);
    EXPECT_EQ((*scans)[0].payload, "TWO");
    scans = scanner.wait(1s); // "THR" was cut off: no scan, just the failure
    ASSERT_FALSE(scans.has_value());
    EXPECT_EQ(scans.error(), (Error{Problem::disconnected, "gone"}));
}

TEST(SerialScannerLoopTest, WithAQuietGapTheLastCodeBeforeAFailureIsKept) {
    SerialLineOptions options;
    options.quiet_gap = 50ms;
    SerialScanner scanner(std::make_unique<ScriptedTransport>(std::deque<std::string>{"LAST"},
                                                              Error{Problem::disconnected, "gone"}),
                          "serial://script", options);
    auto scans = scanner.wait(1s);
    ASSERT_TRUE(scans.has_value());
    ASSERT_EQ(scans->size(), 1u);
    EXPECT_EQ((*scans)[0].payload, "LAST");
    EXPECT_FALSE(scanner.wait(1s).has_value());
}

TEST(VirtualScannerTest, TheSerialEncoderFramesAsScannersDo) {
    EXPECT_EQ(hardware::encode_serial_scan("X1"), "X1\r");
    EXPECT_EQ(hardware::encode_serial_scan("X1", SerialEncoding{LineEnding::lf}), "X1\n");
    EXPECT_EQ(hardware::encode_serial_scan("X1", SerialEncoding{LineEnding::crlf, true}), "\x02X1\x03\r\n");
    EXPECT_EQ(hardware::encode_serial_scan("X1", SerialEncoding{LineEnding::none}), "X1");
}

} // namespace
} // namespace checkin::drivers
