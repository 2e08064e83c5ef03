#include "drivers/serial_line_decoder.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace checkin::drivers {
namespace {

using namespace std::chrono_literals;
using namespace std::string_literals;
using namespace std::string_view_literals;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

const std::chrono::steady_clock::time_point start = std::chrono::steady_clock::time_point{} + 1h;

std::chrono::steady_clock::time_point at(std::chrono::milliseconds offset) {
    return start + offset;
}

// Feeds the chunks 1 ms apart and returns the payloads of the scans that came out.
std::vector<std::string> payloads_of(SerialLineDecoder& decoder, const std::vector<std::string>& chunks) {
    std::vector<std::string> payloads;
    auto time = at(0ms);
    for (const std::string& chunk : chunks) {
        for (const Scan& scan : decoder.feed(chunk, time)) {
            payloads.push_back(scan.payload);
        }
        time += 1ms;
    }
    return payloads;
}

const SerialLineOptions stx_etx_framing{.prefix = "\x02", .suffix = "\x03"};

TEST(SerialLineDecoder, CrLfAndCrlfEachEndOneScan) {
    SerialLineDecoder decoder("serial:///dev/ttyACM0");
    const auto scans = decoder.feed("CWD-1\rCWD-2\nCWD-3\r\n"sv, at(7ms));
    ASSERT_EQ(scans.size(), 3u);
    EXPECT_EQ(scans[0].payload, "CWD-1");
    EXPECT_EQ(scans[1].payload, "CWD-2");
    EXPECT_EQ(scans[2].payload, "CWD-3");
    EXPECT_EQ(scans[2].source, ScanSource::serial);
    EXPECT_EQ(scans[2].device, "serial:///dev/ttyACM0");
    EXPECT_EQ(scans[2].time, at(7ms));
    EXPECT_THAT(decoder.take_warnings(), IsEmpty());
}

TEST(SerialLineDecoder, ACrAndItsLfInTheNextChunkMakeOneScan) {
    SerialLineDecoder decoder("serial:///dev/ttyACM0");
    EXPECT_THAT(payloads_of(decoder, {"CWD-1\r", "\nCWD-2\r", "\n"}), ElementsAre("CWD-1", "CWD-2"));
}

TEST(SerialLineDecoder, ACodeSplitOverChunksTakesTheTimeOfItsLastChunk) {
    SerialLineDecoder decoder("serial:///dev/ttyACM0");
    EXPECT_THAT(decoder.feed("CW"sv, at(0ms)), IsEmpty());
    EXPECT_THAT(decoder.feed("D-1"sv, at(4ms)), IsEmpty());
    const auto scans = decoder.feed("2\r\n"sv, at(9ms));
    ASSERT_EQ(scans.size(), 1u);
    EXPECT_EQ(scans[0].payload, "CWD-12");
    EXPECT_EQ(scans[0].time, at(9ms));
}

TEST(SerialLineDecoder, EmptyLinesAreDroppedSilently) {
    SerialLineDecoder decoder("serial:///dev/ttyACM0");
    EXPECT_THAT(payloads_of(decoder, {"\r\n\r\n", "\n\r", "\r", "A\n\n\nB\r\r"}), ElementsAre("A", "B"));
    EXPECT_THAT(decoder.take_warnings(), IsEmpty());
}

TEST(SerialLineDecoder, OtherTerminatorsCanBeChosen) {
    SerialLineDecoder tab_ended("serial:///dev/ttyUSB0", SerialLineOptions{.terminators = "\t"});
    EXPECT_THAT(payloads_of(tab_ended, {"A\r\nB\tC", "\t"}), ElementsAre("A\r\nB", "C"));

    SerialLineDecoder etx_ended("serial:///dev/ttyUSB0",
                                SerialLineOptions{.terminators = "\x03", .prefix = "\x02"});
    EXPECT_THAT(payloads_of(etx_ended, {"\x02"
                                        "CWD-1\x03\x02"
                                        "CWD",
                                        "-2\x03"}),
                ElementsAre("CWD-1", "CWD-2"));
    EXPECT_THAT(etx_ended.take_warnings(), IsEmpty());
}

TEST(SerialLineDecoder, StxEtxFramingIsStripped) {
    SerialLineDecoder decoder("serial:///dev/ttyUSB0", stx_etx_framing);
    EXPECT_THAT(payloads_of(decoder, {"\x02"
                                      "CWD-1\x03\r\n",
                                      "\x02\x03\r\n"}),
                ElementsAre("CWD-1"));
    EXPECT_THAT(decoder.take_warnings(), IsEmpty());
}

TEST(SerialLineDecoder, ALineWithoutTheFramingIsKeptWithAWarning) {
    SerialLineDecoder decoder("serial:///dev/ttyUSB0", stx_etx_framing);
    EXPECT_THAT(payloads_of(decoder, {"CWD-1\x03\r", "\x02"
                                                     "CWD-2\r"}),
                ElementsAre("CWD-1", "CWD-2"));
    const auto warnings = decoder.take_warnings();
    ASSERT_EQ(warnings.size(), 2u);
    EXPECT_THAT(warnings[0], HasSubstr("without the expected prefix \"\\x02\""));
    EXPECT_THAT(warnings[1], HasSubstr("without the expected suffix"));
}

TEST(SerialLineDecoder, LineNoiseBeforeThePrefixIsDropped) {
    SerialLineDecoder decoder("serial:///dev/ttyUSB0", stx_etx_framing);
    EXPECT_THAT(payloads_of(decoder, {"\xFF\0\x02"s
                                      "CWD-1\x03\r"}),
                ElementsAre("CWD-1"));
    const auto warnings = decoder.take_warnings();
    ASSERT_EQ(warnings.size(), 1u);
    EXPECT_THAT(warnings[0], HasSubstr("dropped 2 bytes before the prefix"));
}

TEST(SerialLineDecoder, PayloadsAreBinarySafe) {
    SerialLineDecoder decoder("serial:///dev/ttyUSB0");
    const std::string binary = "A\0B\xFF\x1D"
                               "C"s;
    EXPECT_THAT(payloads_of(decoder, {binary + "\r\n", "ŁÓDŹ-12\n"}), ElementsAre(binary, "ŁÓDŹ-12"));
}

TEST(SerialLineDecoder, ByteSpansAndStringsDecodeAlike) {
    SerialLineDecoder decoder("serial:///dev/ttyUSB0");
    const std::vector<std::uint8_t> bytes{'C', 'W', 'D', 0x00, 0xC5, 0x81, '\r'};
    const auto scans = decoder.feed(bytes, at(0ms));
    ASSERT_EQ(scans.size(), 1u);
    EXPECT_EQ(scans[0].payload, "CWD\0\xC5\x81"s);
}

TEST(SerialLineDecoder, ALineLongerThanTheLimitIsDroppedWithItsTail) {
    SerialLineDecoder decoder("serial:///dev/ttyUSB0", SerialLineOptions{.max_line = 8});
    EXPECT_THAT(payloads_of(decoder, {"123456789\r", "12345678\r", "1234567890", "ABC\r\n", "OK\r"}),
                ElementsAre("12345678", "OK"));
    const auto warnings = decoder.take_warnings();
    ASSERT_EQ(warnings.size(), 2u);
    EXPECT_THAT(warnings[0], HasSubstr("longer than 8 bytes"));
}

TEST(SerialLineDecoder, PollEndsALineAfterTheQuietGap) {
    SerialLineDecoder decoder("serial:///dev/ttyUSB0", SerialLineOptions{.quiet_gap = 50ms});
    EXPECT_THAT(decoder.feed("CWD"sv, at(0ms)), IsEmpty());
    EXPECT_THAT(decoder.feed("-1"sv, at(10ms)), IsEmpty());
    EXPECT_FALSE(decoder.poll(at(59ms)).has_value());
    const auto scan = decoder.poll(at(60ms));
    ASSERT_TRUE(scan.has_value());
    EXPECT_EQ(scan->payload, "CWD-1");
    EXPECT_EQ(scan->time, at(10ms));
    EXPECT_FALSE(decoder.poll(at(200ms)).has_value());
    // A terminator that comes after all does not repeat the scan.
    EXPECT_THAT(decoder.feed("\r\n"sv, at(300ms)), IsEmpty());
}

TEST(SerialLineDecoder, PollDoesNothingWithoutAQuietGap) {
    SerialLineDecoder decoder("serial:///dev/ttyUSB0");
    EXPECT_THAT(decoder.feed("CWD-1"sv, at(0ms)), IsEmpty());
    EXPECT_FALSE(decoder.poll(at(1h)).has_value());
    const auto scan = decoder.flush();
    ASSERT_TRUE(scan.has_value());
    EXPECT_EQ(scan->payload, "CWD-1");
    EXPECT_EQ(scan->time, at(0ms));
    EXPECT_FALSE(decoder.flush().has_value());
}

TEST(SerialLineDecoder, ResetForgetsPendingBytes) {
    SerialLineDecoder decoder("serial:///dev/ttyUSB0");
    EXPECT_THAT(decoder.feed("garbage from before"sv, at(0ms)), IsEmpty());
    decoder.reset();
    EXPECT_THAT(payloads_of(decoder, {"CWD-1\r\n"}), ElementsAre("CWD-1"));
}

TEST(SerialLineDecoder, GarbageGivesOnlyBoundedLinesWithoutTerminators) {
    std::mt19937 random(99);
    std::uniform_int_distribution<int> byte(0, 255);
    std::uniform_int_distribution<std::size_t> chunk_size(0, 100);
    SerialLineDecoder decoder("serial:///dev/ttyUSB0", SerialLineOptions{.max_line = 200});
    std::size_t scans = 0;
    for (int round = 0; round < 5000; ++round) {
        std::string chunk(chunk_size(random), '\0');
        for (char& value : chunk) {
            value = static_cast<char>(byte(random));
        }
        for (const Scan& scan : decoder.feed(chunk, at(std::chrono::milliseconds(round)))) {
            ++scans;
            EXPECT_FALSE(scan.payload.empty());
            EXPECT_LE(scan.payload.size(), 200u);
            EXPECT_EQ(scan.payload.find_first_of("\r\n"), std::string::npos);
        }
    }
    EXPECT_GT(scans, 0u);
}

// However the stream is cut into reads, the same scans come out as from one read of all of it.
TEST(SerialLineDecoder, ScansDoNotDependOnHowTheStreamIsChunked) {
    std::mt19937 random(31337);
    std::uniform_int_distribution<int> byte(0, 255);
    std::uniform_int_distribution<std::size_t> code_length(1, 80);
    std::uniform_int_distribution<int> percent(0, 99);
    const std::array<std::string_view, 3> terminators{"\r", "\n", "\r\n"};

    for (int round = 0; round < 500; ++round) {
        const bool framed = round % 2 == 1;
        std::vector<std::string> codes;
        std::string stream;
        const int code_count = 1 + round % 6;
        for (int code_index = 0; code_index < code_count; ++code_index) {
            std::string code;
            const std::size_t size = code_length(random);
            while (code.size() < size) {
                const auto value = static_cast<char>(byte(random));
                if (value != '\r' && value != '\n' && value != '\x02' && value != '\x03') {
                    code.push_back(value);
                }
            }
            if (percent(random) < 20) {
                stream += terminators[static_cast<std::size_t>(percent(random)) % 3]; // an empty line
            }
            stream += framed ? "\x02" + code + "\x03" : code;
            stream += terminators[static_cast<std::size_t>(percent(random)) % 3];
            codes.push_back(code);
        }

        const SerialLineOptions options = framed ? stx_etx_framing : SerialLineOptions{};
        SerialLineDecoder whole("serial:///dev/ttyUSB0", options);
        EXPECT_EQ(payloads_of(whole, {stream}), codes) << "round " << round;

        std::vector<std::string> chunks;
        std::string_view rest = stream;
        while (!rest.empty()) {
            std::uniform_int_distribution<std::size_t> cut(0, std::min<std::size_t>(rest.size(), 20));
            const auto piece = rest.substr(0, cut(random)); // empty reads too
            chunks.emplace_back(piece);
            rest.remove_prefix(piece.size());
        }
        SerialLineDecoder chunked("serial:///dev/ttyUSB0", options);
        EXPECT_EQ(payloads_of(chunked, chunks), codes) << "round " << round;
        EXPECT_THAT(chunked.take_warnings(), IsEmpty()) << "round " << round;
    }
}

} // namespace
} // namespace checkin::drivers
