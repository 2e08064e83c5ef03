#include "hardware/simulators/ql_job_decoder.hpp"
#include "printing/brother_ql.hpp"
#include "tests/hardware/simulators/simulator_test_support.hpp"

#include <algorithm>
#include <gtest/gtest.h>
#include <random>
#include <string>
#include <vector>

namespace checkin::hardware {
namespace {

using testing::badge_for;
using testing::bytes_of;
using testing::concatenated;
using testing::encode_job;
using testing::media_named;
using testing::model_named;

std::vector<QlCommandKind> kinds_of(std::span<const std::uint8_t> bytes) {
    QlJobDecoder decoder;
    std::vector<QlCommandKind> kinds;
    for (const std::uint8_t byte : bytes) {
        auto pushed = decoder.push(byte);
        EXPECT_TRUE(pushed.has_value()) << pushed.error().message;
        if (!pushed) {
            break;
        }
        if (pushed->has_value()) {
            kinds.push_back((*pushed)->kind);
        }
    }
    return kinds;
}

std::string decode_error(std::span<const std::uint8_t> bytes) {
    const auto decoded = decode_ql_raster(bytes);
    EXPECT_FALSE(decoded.has_value());
    return decoded ? std::string() : decoded.error().message;
}

// 200 NULLs, ESC @, and the given bytes.
std::vector<std::uint8_t> job_of(std::initializer_list<unsigned> commands) {
    return concatenated({std::vector<std::uint8_t>(200, 0x00), bytes_of({0x1B, 0x40}), bytes_of(commands)});
}

TEST(QlJobDecoder, ReadsOurEncodersJobCommandByCommand) {
    const printing::QlMedia media = media_named("62x100");
    const std::vector<std::uint8_t> job = encode_job(badge_for(media), model_named("ql-820nwb"), media);
    const std::vector<QlCommandKind> kinds = kinds_of(job);
    ASSERT_GT(kinds.size(), 210U);
    EXPECT_EQ(std::count(kinds.begin(), kinds.end(), QlCommandKind::invalidate), 200);
    const std::vector<QlCommandKind> header(kinds.begin() + 200, kinds.begin() + 208);
    EXPECT_EQ(header,
              (std::vector<QlCommandKind>{QlCommandKind::initialise, QlCommandKind::raster_mode,
                                          QlCommandKind::print_information, QlCommandKind::various_mode,
                                          QlCommandKind::cut_every, QlCommandKind::expanded_mode,
                                          QlCommandKind::margin, QlCommandKind::compression}));
    EXPECT_EQ(kinds.back(), QlCommandKind::print_last_page);
    const auto lines = std::count(kinds.begin(), kinds.end(), QlCommandKind::raster_line) +
                       std::count(kinds.begin(), kinds.end(), QlCommandKind::blank_line);
    EXPECT_EQ(static_cast<std::size_t>(lines), media.printable_length_dots);
}

TEST(QlJobDecoder, ByteByByteGivesWhatTheWholeJobGives) {
    const printing::QlMedia media = media_named("62red");
    const printing::BadgeImage badge = badge_for(media, true);
    const std::vector<std::uint8_t> job = encode_job(badge, model_named("ql-820nwb"), media);
    const auto whole = decode_ql_raster(job);
    ASSERT_TRUE(whole.has_value()) << whole.error().message;

    QlJobDecoder decoder;
    for (const std::uint8_t byte : job) {
        ASSERT_TRUE(decoder.push(byte).has_value());
    }
    EXPECT_FALSE(decoder.mid_command());
    const QlDecodedJob& incremental = decoder.job();
    EXPECT_EQ(incremental.black_lines, whole->black_lines);
    EXPECT_EQ(incremental.red_lines, whole->red_lines);
    EXPECT_EQ(incremental.print_information, whole->print_information);
    EXPECT_EQ(incremental.two_colour_lines, badge.black.height());
    EXPECT_EQ(incremental.expanded_mode, whole->expanded_mode);
    EXPECT_TRUE(incremental.black(media.left_margin_pins, media.printable_width_dots) == badge.black);
    EXPECT_TRUE(*incremental.red(media.left_margin_pins, media.printable_width_dots) == *badge.red);
    EXPECT_EQ(decoder.offset(), job.size());
}

TEST(QlJobDecoder, ReportsACommandWhenItsLastByteArrives) {
    QlJobDecoder decoder;
    // ESC i z with its ten bytes: nothing until the thirteenth byte.
    const std::vector<std::uint8_t> information =
        bytes_of({0x1B, 0x69, 0x7A, 0x86, 0x0B, 62, 100, 0x55, 0x04, 0x00, 0x00, 0x00, 0x00});
    for (std::size_t index = 0; index + 1 < information.size(); ++index) {
        const auto pushed = decoder.push(information[index]);
        ASSERT_TRUE(pushed.has_value());
        EXPECT_FALSE(pushed->has_value()) << index;
        EXPECT_TRUE(decoder.mid_command());
    }
    const auto last = decoder.push(information.back());
    ASSERT_TRUE(last.has_value() && last->has_value());
    EXPECT_EQ((*last)->kind, QlCommandKind::print_information);
    EXPECT_EQ((*last)->offset, 0U);
    EXPECT_EQ((*last)->length, 13U);
    ASSERT_TRUE(decoder.job().print_information.has_value());
    EXPECT_EQ(decoder.job().print_information->line_count, 0x0455U);
    EXPECT_EQ(decoder.job().print_information->length_mm, 100);
}

TEST(QlJobDecoder, TakePageKeepsTheSettingsAndHandsOverTheLines) {
    QlJobDecoder decoder;
    const std::vector<std::uint8_t> bytes = concatenated(
        {bytes_of({0x1B, 0x40, 0x1B, 0x69, 0x7A, 0x86, 0x0A, 62, 0, 2, 0, 0, 0, 0, 0, 0x4D, 0x02, 0x5A}),
         bytes_of({0x67, 0x00, 0x02, 0xA7, 0xFF, 0x0C})});
    for (const std::uint8_t byte : bytes) {
        ASSERT_TRUE(decoder.push(byte).has_value());
    }
    const QlDecodedJob page = decoder.take_page();
    ASSERT_EQ(page.black_lines.size(), 2U);
    EXPECT_EQ(page.blank_lines, 1U);
    EXPECT_EQ(page.one_colour_lines, 1U);
    QlDecodedLine all_black{};
    all_black.fill(0xFF);
    EXPECT_EQ(page.black_lines[0], QlDecodedLine{});
    EXPECT_EQ(page.black_lines[1], all_black);
    EXPECT_EQ(page.page_ends, std::vector<std::uint8_t>{0x0C});
    EXPECT_TRUE(decoder.job().black_lines.empty());
    EXPECT_TRUE(decoder.job().page_ends.empty());
    EXPECT_EQ(decoder.job().compression, std::uint8_t{0x02}); // still PackBits for the next page
    EXPECT_TRUE(decoder.job().print_information.has_value());
    decoder.start_job();
    EXPECT_FALSE(decoder.job().compression.has_value());
}

TEST(QlJobDecoder, RejectsWhatNoQlSends) {
    EXPECT_EQ(decode_error(job_of({0xEE})), "unknown command 0xEE at offset 202");
    EXPECT_EQ(decode_error(job_of({0x1B, 0x21})), "unknown ESC command 0x21 at offset 202");
    EXPECT_EQ(decode_error(job_of({0x1B, 0x69, 0x99})), "unknown ESC i command 0x99 at offset 202");
    EXPECT_EQ(decode_error(job_of({0x67, 0x01})), "g without its 00 byte at offset 202");
    EXPECT_EQ(decode_error(job_of({0x67, 0x00, 0x02, 0x00, 0x00, 0x1A})),
              "uncompressed raster line of 2 bytes, not 90 at offset 202");
    EXPECT_EQ(decode_error(job_of({0x4D, 0x02, 0x67, 0x00, 0x02, 0xFE, 0x00, 0x1A})),
              "PackBits gave 3 bytes, expected 90 at offset 204");
    EXPECT_EQ(decode_error(job_of({0x77, 0x02, 0x00})),
              "two-colour line that does not start with w 01 (black) at offset 202");
    EXPECT_EQ(decode_error(job_of({0x77, 0x03, 0x00})),
              "w line for layer 0x03 (01 black or 02 red) at offset 202");
    EXPECT_EQ(decode_error(job_of({0x4D, 0x02, 0x77, 0x01, 0x02, 0xA7, 0x00, 0x5A})),
              "w 01 (black) not followed by w 02 (red) at offset 209");
    EXPECT_EQ(decode_error(job_of({0x4D, 0x02, 0x5A, 0x77, 0x01, 0x02, 0xA7, 0x00})),
              "w line in a one-colour job at offset 205");
    EXPECT_EQ(
        decode_error(job_of({0x4D, 0x02, 0x77, 0x01, 0x02, 0xA7, 0x00, 0x77, 0x02, 0x02, 0xA7, 0x00, 0x5A})),
        "Z line in a two-colour job at offset 214");
    EXPECT_EQ(decode_error(job_of({0x5A, 0x00, 0x1A})), "NULL inside the job at offset 203");
    EXPECT_EQ(decode_error(job_of({0x1B, 0x69, 0x53})),
              "status request (ESC i S) inside a print job at offset 202");
    EXPECT_EQ(decode_error(job_of({0x5A, 0x1A, 0x5A})), "bytes after control-Z at offset 204");
    EXPECT_EQ(decode_error(job_of({0x5A, 0x0C})), "the job does not end with control-Z (1A)");
    EXPECT_EQ(decode_error(job_of({0x5A, 0x1B, 0x69})), "truncated ESC i command at offset 203");
    EXPECT_EQ(decode_error(job_of({0x67, 0x00, 0x5A, 0x00})),
              "raster line of 90 bytes runs past the end at offset 202");
}

TEST(QlJobDecoder, StaysBrokenUntilReset) {
    QlJobDecoder decoder;
    EXPECT_FALSE(decoder.push(0xEE).has_value());
    EXPECT_FALSE(decoder.push(0x00).has_value());
    decoder.reset();
    const auto pushed = decoder.push(0x00);
    ASSERT_TRUE(pushed.has_value() && pushed->has_value());
    EXPECT_EQ((*pushed)->kind, QlCommandKind::invalidate);
    EXPECT_EQ((*pushed)->offset, 1U); // on from the bad byte; the refused one is not counted
}

TEST(QlJobDecoder, UnpackBitsUndoesTheEncodersPackBits) {
    std::mt19937 random(5);
    for (int round = 0; round < 200; ++round) {
        std::vector<std::uint8_t> line(90);
        for (std::uint8_t& byte : line) {
            byte = random() % 3 == 0 ? static_cast<std::uint8_t>(random()) : std::uint8_t{0};
        }
        const auto unpacked = unpack_bits(printing::compress_ql_line(line), line.size());
        ASSERT_TRUE(unpacked.has_value()) << unpacked.error().message;
        EXPECT_EQ(*unpacked, line);
    }
    EXPECT_FALSE(unpack_bits(bytes_of({0x05, 0x01}), 6).has_value());
    EXPECT_FALSE(unpack_bits(bytes_of({0xFE}), 3).has_value());
    EXPECT_EQ(unpack_bits(bytes_of({0x80, 0xFF, 0x07}), 2).value(), bytes_of({0x07, 0x07})); // 0x80: no-op
}

} // namespace
} // namespace checkin::hardware
