#include "drivers/hid_pos_decoder.hpp"

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
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using Report = std::vector<std::uint8_t>;

const std::chrono::steady_clock::time_point start = std::chrono::steady_clock::time_point{} + 1h;

std::chrono::steady_clock::time_point at(std::chrono::milliseconds offset) {
    return start + offset;
}

// A 64-byte scanned data report as Honeywell's descriptor lays it out; the unused data bytes are filled
// with `padding` so that tests see whether anything past the length leaks into the payload.
Report data_report(std::string_view symbology, std::string_view data, bool more_follows,
                   std::uint8_t padding = 0x00) {
    Report report(64, padding);
    report[0] = 0x02;
    report[1] = static_cast<std::uint8_t>(data.size());
    std::copy(symbology.begin(), symbology.end(), report.begin() + 2);
    std::copy(data.begin(), data.end(), report.begin() + 5);
    report[61] = 's'; // Honeywell code id for QR
    report[62] = 0x00;
    report[63] = more_follows ? 0x01 : 0x00;
    return report;
}

// `payload` cut into full 56-byte reports and a last, shorter one.
std::vector<Report> reports_for(std::string_view symbology, std::string_view payload) {
    std::vector<Report> reports;
    do {
        const auto piece = payload.substr(0, 56);
        payload.remove_prefix(piece.size());
        reports.push_back(data_report(symbology, piece, !payload.empty()));
    } while (!payload.empty());
    return reports;
}

struct Fed {
    std::vector<std::string> payloads;
    std::vector<HidPosScan> scans;
};

Fed feed_all(HidPosDecoder& decoder, const std::vector<Report>& reports,
             std::chrono::milliseconds first = 0ms) {
    Fed fed;
    auto time = at(first);
    for (const Report& report : reports) {
        if (auto scan = decoder.feed(report, time)) {
            fed.payloads.push_back(scan->scan.payload);
            fed.scans.push_back(std::move(*scan));
        }
        time += 2ms;
    }
    return fed;
}

TEST(HidPosDecoder, LayoutConstantsDescribeA64ByteReport) {
    EXPECT_EQ(hid_pos_usage_page, 0x8C);
    EXPECT_EQ(hid_pos_data_offset + hid_pos_max_data_per_report + 2, hid_pos_flags_offset);
    EXPECT_EQ(hid_pos_flags_offset + 1, hid_pos_report_size);
    EXPECT_EQ(hid_pos_symbology_offset + hid_pos_symbology_size, hid_pos_data_offset);
}

TEST(HidPosDecoder, ACodeInOneReport) {
    HidPosDecoder decoder("usb://0c2e:0b61");
    const auto scan = decoder.feed(data_report("]Q1", "CWD-ZPZXSWG7", false, 0xAA), at(5ms));
    ASSERT_TRUE(scan.has_value());
    EXPECT_EQ(scan->scan.payload, "CWD-ZPZXSWG7");
    EXPECT_EQ(scan->symbology, "]Q1");
    EXPECT_EQ(scan->scan.source, ScanSource::hid_pos);
    EXPECT_EQ(scan->scan.device, "usb://0c2e:0b61");
    EXPECT_EQ(scan->scan.time, at(5ms));
    EXPECT_THAT(decoder.take_warnings(), IsEmpty());
}

TEST(HidPosDecoder, ExactlyFiftySixBytesFitOneReport) {
    HidPosDecoder decoder("usb://scanner");
    const std::string payload(56, 'x');
    EXPECT_THAT(feed_all(decoder, {data_report("]Q1", payload, false)}).payloads, ElementsAre(payload));
}

TEST(HidPosDecoder, ALongCodeIsPutBackTogetherAtItsLastReport) {
    HidPosDecoder decoder("usb://scanner");
    std::string payload = "https://example.org/checkin?code=";
    while (payload.size() < 130) {
        payload += "CWD-ZPZXSWG7&";
    }
    const auto reports = reports_for("]Q1", payload);
    ASSERT_EQ(reports.size(), 3u);
    EXPECT_FALSE(decoder.feed(reports[0], at(0ms)).has_value());
    EXPECT_FALSE(decoder.feed(reports[1], at(3ms)).has_value());
    const auto scan = decoder.feed(reports[2], at(6ms));
    ASSERT_TRUE(scan.has_value());
    EXPECT_EQ(scan->scan.payload, payload);
    EXPECT_EQ(scan->scan.time, at(6ms));
    EXPECT_EQ(scan->symbology, "]Q1");
}

TEST(HidPosDecoder, PayloadsAreBinarySafe) {
    HidPosDecoder decoder("usb://scanner");
    const std::string payload = "\0\x01\xFF\x7F\x80 ]Q1\r\n\0"s + std::string(60, '\0') + "end";
    const auto fed = feed_all(decoder, reports_for("]Q0", payload));
    ASSERT_EQ(fed.payloads.size(), 1u);
    EXPECT_EQ(fed.payloads[0].size(), payload.size());
    EXPECT_EQ(fed.payloads[0], payload);
}

// Reports captured from a Honeywell Voyager 1602g answering the REVINF command in HID POS mode, as
// published in HenkVanAsselt/python_hon_usbhid's README: five full "]X0" reports, a short last one,
// then a separate "]Z6" message carrying the command's ACK (0x06).
TEST(HidPosDecoder, CapturedHoneywellReports) {
    const std::vector<Report> captured{
        {2,   56, 93, 88,  48,  80,  114, 111, 100, 117, 99,  116, 32,  78,  97,  109,
         101, 58, 32, 86,  111, 121, 97,  103, 101, 114, 32,  49,  54,  48,  50,  103,
         13,  10, 66, 111, 111, 116, 32,  82,  101, 118, 105, 115, 105, 111, 110, 58,
         32,  58, 32, 56,  57,  57,  50,  13,  10,  83,  111, 102, 116, 63,  0,   1},
        {2,   56,  93,  88,  48,  119, 97,  114, 101, 32,  80,  97,  114, 116, 32,  78,
         117, 109, 98,  101, 114, 58,  32,  67,  87,  48,  48,  48,  48,  56,  50,  66,
         66,  65,  13,  10,  83,  111, 102, 116, 119, 97,  114, 101, 32,  82,  101, 118,
         105, 115, 105, 111, 110, 58,  32,  36,  80,  114, 111, 106, 101, 63,  0,   1},
        {2,  56, 93, 88, 48,  99,  116, 82, 101, 118, 105, 115, 105, 111, 110, 58,  32,  49, 54, 51, 52, 53,
         32, 13, 10, 83, 101, 114, 105, 97, 108, 32,  78,  117, 109, 98,  101, 114, 58,  32, 49, 53, 50, 51,
         50, 66, 49, 70, 48,  67,  13,  10, 83,  117, 112, 112, 111, 114, 116, 101, 100, 63, 0,  1},
        {2,   56,  93,  88,  48, 32, 73,  70,  58,  32,  66,  108, 117, 101, 116, 111,
         111, 116, 104, 13,  10, 80, 67,  66,  32,  65,  115, 115, 101, 109, 98,  108,
         121, 32,  73,  68,  58, 32, 48,  48,  48,  48,  48,  48,  13,  10,  69,  110,
         103, 105, 110, 101, 32, 70, 105, 114, 109, 119, 97,  114, 101, 63,  0,   1},
        {2,  56, 93, 88,  48,  32,  84,  121, 112, 101, 58,  32,  78,  47,  65,  32,
         32, 32, 82, 101, 118, 105, 115, 105, 111, 110, 58,  32,  78,  47,  65,  32,
         32, 32, 83, 101, 114, 105, 97,  108, 32,  78,  117, 109, 98,  101, 114, 58,
         32, 78, 47, 65,  32,  32,  32,  67,  104, 101, 99,  107, 115, 63,  0,   1},
        {2, 9, 93, 88, 48, 117, 109, 58, 32, 78, 47, 65, 13, 10, 0, 0, 0, 0,  0, 0, 0, 0,
         0, 0, 0,  0,  0,  0,   0,   0,  0,  0,  0,  0,  0,  0,  0, 0, 0, 0,  0, 0, 0, 0,
         0, 0, 0,  0,  0,  0,   0,   0,  0,  0,  0,  0,  0,  0,  0, 0, 0, 63, 0, 0},
        {2, 8, 93, 90, 54, 82, 69, 86, 73, 78, 70, 6, 46, 0, 0, 0, 0, 0,  0, 0, 0, 0,
         0, 0, 0,  0,  0,  0,  0,  0,  0,  0,  0,  0, 0,  0, 0, 0, 0, 0,  0, 0, 0, 0,
         0, 0, 0,  0,  0,  0,  0,  0,  0,  0,  0,  0, 0,  0, 0, 0, 0, 54, 0, 0},
    };
    HidPosDecoder decoder("usb://0c2e:0b61");
    const auto fed = feed_all(decoder, captured);
    ASSERT_EQ(fed.scans.size(), 2u);
    EXPECT_EQ(fed.scans[0].symbology, "]X0");
    EXPECT_EQ(fed.scans[0].scan.payload,
              "Product Name: Voyager 1602g\r\nBoot Revision: : 8992\r\n"
              "Software Part Number: CW000082BBA\r\nSoftware Revision: $ProjectRevision: 16345 \r\n"
              "Serial Number: 15232B1F0C\r\nSupported IF: Bluetooth\r\nPCB Assembly ID: 000000\r\n"
              "Engine Firmware Type: N/A   Revision: N/A   Serial Number: N/A   Checksum: N/A\r\n");
    EXPECT_EQ(fed.scans[1].symbology, "]Z6");
    EXPECT_EQ(fed.scans[1].scan.payload, "REVINF\x06.");
    EXPECT_THAT(decoder.take_warnings(), IsEmpty());
}

TEST(HidPosDecoder, OtherReportIdsAreCountedAndDoNotBreakACode) {
    HidPosDecoder decoder("usb://scanner");
    const std::string payload(100, 'q');
    const auto code_reports = reports_for("]Q1", payload);
    const Report trigger_report{0x04, 0x01};
    const Report vendor_report(64, 0xFE);
    // Built in order with push_back: g++ 12 at -O3 misreads insert() into this vector as out of bounds.
    std::vector<Report> reports{vendor_report, code_reports.front(), trigger_report};
    for (std::size_t index = 1; index < code_reports.size(); ++index) {
        reports.push_back(code_reports[index]);
    }
    reports.push_back(Report{});
    EXPECT_THAT(feed_all(decoder, reports).payloads, ElementsAre(payload));
    EXPECT_EQ(decoder.ignored_reports(), 3u);
    EXPECT_THAT(decoder.take_warnings(), IsEmpty());
}

TEST(HidPosDecoder, ALengthOverFiftySixIsDroppedWithItsCode) {
    HidPosDecoder decoder("usb://scanner");
    auto first = data_report("]Q1", std::string(56, 'a'), true);
    auto damaged = data_report("]Q1", std::string(56, 'b'), true);
    damaged[1] = 200; // more than the report can hold
    const auto last = data_report("]Q1", "tail", false);
    const auto next_code = data_report("]Q1", "CWD-1", false);
    // The damaged report says more follows, so "tail" belongs to the dropped code too.
    EXPECT_THAT(feed_all(decoder, {first, damaged, last, next_code}).payloads, ElementsAre("CWD-1"));
    const auto warnings = decoder.take_warnings();
    ASSERT_EQ(warnings.size(), 2u);
    EXPECT_THAT(warnings[0], HasSubstr("dropped an incomplete scan of 56 bytes"));
    EXPECT_THAT(warnings[1], HasSubstr("claims 200 data bytes"));
}

TEST(HidPosDecoder, ADamagedLastReportDropsOnlyItsCode) {
    HidPosDecoder decoder("usb://scanner");
    auto damaged = data_report("]Q1", "x", false);
    damaged[1] = 57;
    EXPECT_THAT(feed_all(decoder, {damaged, data_report("]Q1", "CWD-2", false)}).payloads,
                ElementsAre("CWD-2"));
    const auto warnings = decoder.take_warnings();
    ASSERT_EQ(warnings.size(), 1u);
    EXPECT_THAT(warnings[0], HasSubstr("claims 57 data bytes (at most 56)"));
}

TEST(HidPosDecoder, ReportsOfTheWrongSizeAreDroppedWithAnyPartialCode) {
    HidPosDecoder decoder("usb://scanner");
    Report short_report = data_report("]Q1", "abc", false);
    short_report.resize(40);
    Report long_report = data_report("]Q1", "abc", false);
    long_report.push_back(0);
    const auto first_half = data_report("]Q1", std::string(56, 'a'), true);
    EXPECT_THAT(
        feed_all(decoder, {first_half, short_report, long_report, data_report("]Q1", "ok", false)}).payloads,
        ElementsAre("ok"));
    const auto warnings = decoder.take_warnings();
    ASSERT_EQ(warnings.size(), 3u);
    EXPECT_THAT(warnings[0], HasSubstr("dropped an incomplete scan"));
    EXPECT_THAT(warnings[1], HasSubstr("40 bytes"));
    EXPECT_THAT(warnings[2], HasSubstr("65 bytes"));
}

TEST(HidPosDecoder, ANewSymbologyBeforeTheEndDropsThePartialCode) {
    HidPosDecoder decoder("usb://scanner");
    const auto fed = feed_all(decoder, {data_report("]Q1", std::string(56, 'a'), true),
                                        data_report("]C0", "4006381333931", false)});
    ASSERT_EQ(fed.scans.size(), 1u);
    EXPECT_EQ(fed.scans[0].scan.payload, "4006381333931");
    EXPECT_EQ(fed.scans[0].symbology, "]C0");
    const auto warnings = decoder.take_warnings();
    ASSERT_EQ(warnings.size(), 1u);
    EXPECT_THAT(warnings[0], HasSubstr("another symbology"));
}

TEST(HidPosDecoder, AContinuationThatComesTooLateStartsANewCode) {
    HidPosDecoder decoder("usb://scanner", HidPosOptions{.max_report_gap = 500ms});
    EXPECT_FALSE(decoder.feed(data_report("]Q1", std::string(56, 'a'), true), at(0ms)).has_value());
    const auto scan = decoder.feed(data_report("]Q1", "CWD-3", false), at(501ms));
    ASSERT_TRUE(scan.has_value());
    EXPECT_EQ(scan->scan.payload, "CWD-3");
    const auto warnings = decoder.take_warnings();
    ASSERT_EQ(warnings.size(), 1u);
    EXPECT_THAT(warnings[0], HasSubstr("too late"));

    EXPECT_FALSE(decoder.feed(data_report("]Q1", std::string(56, 'b'), true), at(1000ms)).has_value());
    const auto joined = decoder.feed(data_report("]Q1", "c", false), at(1500ms)); // exactly the limit
    ASSERT_TRUE(joined.has_value());
    EXPECT_EQ(joined->scan.payload, std::string(56, 'b') + "c");
}

TEST(HidPosDecoder, ACodeLongerThanTheLimitIsDroppedWhole) {
    HidPosDecoder decoder("usb://scanner", HidPosOptions{.max_payload = 100});
    auto reports = reports_for("]Q1", std::string(150, 'z'));
    reports.push_back(data_report("]Q1", std::string(100, 'y').substr(0, 56), true));
    reports.push_back(data_report("]Q1", std::string(44, 'y'), false)); // exactly the limit
    EXPECT_THAT(feed_all(decoder, reports).payloads, ElementsAre(std::string(100, 'y')));
    const auto warnings = decoder.take_warnings();
    ASSERT_EQ(warnings.size(), 1u);
    EXPECT_THAT(warnings[0], HasSubstr("longer than 100 bytes"));
}

TEST(HidPosDecoder, AnEmptyCodeIsNotAScan) {
    HidPosDecoder decoder("usb://scanner");
    EXPECT_THAT(feed_all(decoder, {data_report("]Q1", "", false)}).payloads, IsEmpty());
    const auto warnings = decoder.take_warnings();
    ASSERT_EQ(warnings.size(), 1u);
    EXPECT_THAT(warnings[0], HasSubstr("no data"));
    // An empty last report just ends a longer code.
    EXPECT_THAT(feed_all(decoder,
                         {data_report("]Q1", std::string(56, 'a'), true), data_report("]Q1", "", false)},
                         10ms)
                    .payloads,
                ElementsAre(std::string(56, 'a')));
}

TEST(HidPosDecoder, ResetDropsAPartialCodeSilently) {
    HidPosDecoder decoder("usb://scanner");
    EXPECT_FALSE(decoder.feed(data_report("]Q1", std::string(56, 'a'), true), at(0ms)).has_value());
    decoder.reset();
    EXPECT_THAT(feed_all(decoder, {data_report("]Q1", "CWD-4", false)}, 1ms).payloads, ElementsAre("CWD-4"));
    EXPECT_THAT(decoder.take_warnings(), IsEmpty());
}

TEST(HidPosDecoder, GarbageReportsGiveOnlyBoundedScans) {
    std::mt19937 random(77);
    std::uniform_int_distribution<int> byte(0, 255);
    std::uniform_int_distribution<int> percent(0, 99);
    HidPosDecoder decoder("usb://scanner", HidPosOptions{.max_payload = 300});
    std::size_t scans = 0;
    for (int round = 0; round < 20000; ++round) {
        Report report(percent(random) < 90 ? 64 : static_cast<std::size_t>(percent(random)));
        for (auto& value : report) {
            value = static_cast<std::uint8_t>(byte(random));
        }
        if (!report.empty() && percent(random) < 80) {
            report[0] = 0x02;
        }
        if (auto scan = decoder.feed(report, at(std::chrono::milliseconds(round)))) {
            ++scans;
            EXPECT_FALSE(scan->scan.payload.empty());
            EXPECT_LE(scan->scan.payload.size(), 300u);
            EXPECT_EQ(scan->symbology.size(), 3u);
        }
    }
    EXPECT_GT(scans, 0u);
    EXPECT_GT(decoder.ignored_reports(), 0u);
    EXPECT_FALSE(decoder.take_warnings().empty());
    decoder.reset();
    EXPECT_THAT(feed_all(decoder, {data_report("]Q1", "CWD-5", false)}, 30s).payloads, ElementsAre("CWD-5"));
}

// However a scanner cuts a code into reports (full or not, other reports in between), the same codes
// come out.
TEST(HidPosDecoder, CodesDoNotDependOnHowTheyAreCutIntoReports) {
    std::mt19937 random(1234);
    std::uniform_int_distribution<int> byte(0, 255);
    std::uniform_int_distribution<std::size_t> code_length(1, 600);
    std::uniform_int_distribution<std::size_t> piece_length(0, 56);
    std::uniform_int_distribution<int> percent(0, 99);
    const std::array<std::string_view, 4> symbologies{"]Q1", "]d2", "]C0", "]z0"};

    for (int round = 0; round < 300; ++round) {
        std::vector<std::string> codes;
        std::vector<std::string> expected_symbologies;
        std::vector<Report> reports;
        const int code_count = 1 + round % 5;
        for (int code_index = 0; code_index < code_count; ++code_index) {
            std::string code(code_length(random), '\0');
            for (char& value : code) {
                value = static_cast<char>(byte(random));
            }
            const std::string_view symbology = symbologies[static_cast<std::size_t>(percent(random)) % 4];
            std::string_view rest = code;
            while (true) {
                const auto piece = rest.substr(0, piece_length(random));
                rest.remove_prefix(piece.size());
                reports.push_back(
                    data_report(symbology, piece, !rest.empty(), static_cast<std::uint8_t>(round)));
                if (percent(random) < 10) {
                    reports.push_back(Report{0x04, 0x00}); // a trigger report in between
                }
                if (rest.empty()) {
                    break;
                }
            }
            codes.push_back(code);
            expected_symbologies.emplace_back(symbology);
        }
        HidPosDecoder decoder("usb://scanner");
        const auto fed = feed_all(decoder, reports);
        EXPECT_EQ(fed.payloads, codes) << "round " << round;
        std::vector<std::string> symbologies_seen;
        for (const auto& scan : fed.scans) {
            symbologies_seen.push_back(scan.symbology);
        }
        EXPECT_EQ(symbologies_seen, expected_symbologies) << "round " << round;
        EXPECT_THAT(decoder.take_warnings(), IsEmpty()) << "round " << round;
    }
}

} // namespace
} // namespace checkin::drivers
