#include "printing/brother_ql.hpp"
#include "tests/printing/ql_raster_decoder.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <optional>
#include <random>
#include <string>
#include <vector>

namespace checkin::printing {
namespace {

using testing::decode_ql_raster;
using testing::QlDecodedJob;

constexpr std::size_t continuous_test_length = 320; // above every model's shortest continuous label
constexpr std::size_t white_band_lines = 8;

// A text-free picture that shows mistakes: a border (clipping), both diagonals (shear, off-by-one rows),
// a checker block (bit order inside bytes), an "L" marker in the top-left corner (mirroring, turning)
// and an all-white band (Z lines).
Bitmap patterned(std::size_t width, std::size_t height) {
    Bitmap image(width, height);
    for (std::size_t x = 0; x < width; ++x) {
        image.set(x, 0, true);
        image.set(x, height - 1, true);
    }
    for (std::size_t y = 0; y < height; ++y) {
        image.set(0, y, true);
        image.set(width - 1, y, true);
    }
    for (std::size_t i = 0; i < std::min(width, height); ++i) {
        image.set(i, i, true);
        image.set(width - 1 - i, i, true);
    }
    const std::size_t checker_x = width / 3;
    const std::size_t checker_y = height / 3;
    for (std::size_t y = 0; y < 16; ++y) {
        for (std::size_t x = 0; x < 16; ++x) {
            image.set(checker_x + x, checker_y + y, ((x / 2) + (y / 2)) % 2 == 0);
        }
    }
    for (std::size_t y = 4; y < 20; ++y) { // the L: a tall stroke and a foot to its right
        for (std::size_t x = 4; x < 8; ++x) {
            image.set(x, y, true);
        }
    }
    for (std::size_t y = 16; y < 20; ++y) {
        for (std::size_t x = 8; x < 14; ++x) {
            image.set(x, y, true);
        }
    }
    for (std::size_t y = height / 2; y < height / 2 + white_band_lines; ++y) {
        for (std::size_t x = 0; x < width; ++x) {
            image.set(x, y, false);
        }
    }
    return image;
}

// A second, different pattern for the red layer: horizontal stripes away from the black marks.
Bitmap striped(std::size_t width, std::size_t height) {
    Bitmap image(width, height);
    for (std::size_t y = 30; y + 30 < height; y += 10) {
        for (std::size_t x = width / 2; x + 10 < width; ++x) {
            image.set(x, y, true);
        }
    }
    return image;
}

std::size_t test_length(const QlMedia& media) {
    return media.kind == QlMediaKind::die_cut ? media.printable_length_dots : continuous_test_length;
}

QlModel model_named(std::string_view name) {
    Result<QlModel> model = find_ql_model(name);
    EXPECT_TRUE(model.has_value()) << name;
    return *model;
}

QlMedia media_named(std::string_view name) {
    Result<QlMedia> media = find_ql_media(name);
    EXPECT_TRUE(media.has_value()) << name;
    return *media;
}

std::vector<std::uint8_t> encode_or_fail(const BadgeImage& image, const QlModel& model, const QlMedia& media,
                                         const QlJobOptions& options = {}) {
    Result<std::vector<std::uint8_t>> bytes = encode_ql_raster(image, model, media, options);
    EXPECT_TRUE(bytes.has_value()) << (bytes ? std::string() : bytes.error().message);
    return bytes.value_or(std::vector<std::uint8_t>{});
}

QlDecodedJob decode_or_fail(const std::vector<std::uint8_t>& bytes) {
    auto job = decode_ql_raster(bytes);
    EXPECT_TRUE(job.has_value()) << (job ? std::string() : job.error().message);
    return job.value_or(QlDecodedJob{});
}

std::string refusal(const BadgeImage& image, const QlModel& model, const QlMedia& media) {
    Result<std::vector<std::uint8_t>> bytes = encode_ql_raster(image, model, media);
    EXPECT_FALSE(bytes.has_value());
    return bytes ? std::string() : bytes.error().message;
}

TEST(BrotherQlTables, EveryMediumCoversTheWholeHead) {
    for (const QlMedia& media : all_ql_media()) {
        SCOPED_TRACE(std::string(media.name));
        EXPECT_EQ(media.left_margin_pins + media.printable_width_dots + media.right_margin_pins,
                  ql_head_pins);
        EXPECT_EQ(media.length_mm == 0, media.kind == QlMediaKind::continuous);
        EXPECT_EQ(media.printable_length_dots == 0, media.kind == QlMediaKind::continuous);
    }
}

TEST(BrotherQlTables, PrintAreaFollowsBrothersTable) {
    // QL-800 series Raster Command Reference, 2.3.2: 62 mm is 12 | 696 | 12 pins; 29 mm is 408 | 306 | 6.
    const QlMedia wide = media_named("62");
    EXPECT_EQ(wide.printable_width_dots, 696U);
    EXPECT_EQ(wide.left_margin_pins, 12U);
    EXPECT_EQ(wide.right_margin_pins, 12U);
    const QlMedia narrow = media_named("29");
    EXPECT_EQ(narrow.printable_width_dots, 306U);
    EXPECT_EQ(narrow.left_margin_pins, 408U);
    EXPECT_EQ(narrow.right_margin_pins, 6U);
    const QlMedia badge = media_named("62x100");
    EXPECT_EQ(badge.part_number, "DK-11202");
    EXPECT_EQ(badge.kind, QlMediaKind::die_cut);
    EXPECT_EQ(badge.media_type_byte(), 0x0B);
    EXPECT_EQ(badge.width_mm, 62);
    EXPECT_EQ(badge.length_mm, 100);
    EXPECT_EQ(badge.printable_length_dots, 1109U);
    const QlMedia red = media_named("62red");
    EXPECT_EQ(red.part_number, "DK-22251");
    EXPECT_EQ(red.media_type_byte(), 0x0A);
    EXPECT_EQ(red.length_mm, 0);
    EXPECT_TRUE(red.two_colour);
}

TEST(BrotherQlTables, ModelsAreFoundByNameAndProductId) {
    const std::vector<std::pair<std::string_view, std::uint16_t>> known = {
        {"ql-500", 0x2015},  {"ql-550", 0x2016},    {"ql-560", 0x2027},   {"ql-570", 0x2028},
        {"ql-700", 0x2042},  {"ql-710w", 0x2043},   {"ql-720nw", 0x2044}, {"ql-800", 0x209b},
        {"ql-810w", 0x209c}, {"ql-820nwb", 0x209d},
    };
    EXPECT_EQ(all_ql_models().size(), known.size());
    for (const auto& [name, product_id] : known) {
        SCOPED_TRACE(std::string(name));
        Result<QlModel> by_name = find_ql_model(name);
        ASSERT_TRUE(by_name.has_value());
        EXPECT_EQ(by_name->product_id, product_id);
        Result<QlModel> by_id = find_ql_model_by_product_id(product_id);
        ASSERT_TRUE(by_id.has_value());
        EXPECT_EQ(by_id->name, name);
    }
    Result<QlModel> upper = find_ql_model("QL-820NWB");
    ASSERT_TRUE(upper.has_value());
    EXPECT_TRUE(upper->two_colour);
    Result<QlModel> unknown = find_ql_model("ql-9000");
    ASSERT_FALSE(unknown.has_value());
    EXPECT_NE(unknown.error().message.find("ql-9000"), std::string::npos);
    EXPECT_FALSE(find_ql_model_by_product_id(0x1234).has_value());
    Result<QlMedia> no_media = find_ql_media("63x100");
    ASSERT_FALSE(no_media.has_value());
    EXPECT_NE(no_media.error().message.find("63x100"), std::string::npos);
}

TEST(BrotherQlTables, RedTapeFitsOnlyTwoColourModels) {
    const QlMedia red = media_named("62red");
    for (const QlModel& model : all_ql_models()) {
        EXPECT_EQ(ql_media_fits(model, red), model.two_colour) << model.name;
        EXPECT_TRUE(ql_media_fits(model, media_named("62"))) << model.name;
    }
}

// Every model with every medium it takes: the decoder must give back exactly the picture, and the
// stream must carry exactly the commands that model accepts.
TEST(BrotherQlEncoder, EveryModelAndMediumRoundTrips) {
    for (const QlModel& model : all_ql_models()) {
        for (const QlMedia& media : all_ql_media()) {
            if (!ql_media_fits(model, media)) {
                continue;
            }
            SCOPED_TRACE(fmt::format("{} with {}", model.name, media.name));
            const std::size_t length = test_length(media);
            const Bitmap picture = patterned(media.printable_width_dots, length);
            const std::vector<std::uint8_t> bytes = encode_or_fail({picture, std::nullopt}, model, media);
            ASSERT_FALSE(bytes.empty());

            // Invalidate (200 NULLs), then ESC @; the last byte is control-Z.
            ASSERT_GT(bytes.size(), ql_invalidate_bytes + 2);
            EXPECT_TRUE(std::all_of(bytes.begin(), bytes.begin() + ql_invalidate_bytes,
                                    [](std::uint8_t byte) { return byte == 0; }));
            EXPECT_EQ(bytes[ql_invalidate_bytes], 0x1B);
            EXPECT_EQ(bytes[ql_invalidate_bytes + 1], 0x40);
            EXPECT_EQ(bytes.back(), 0x1A);

            const QlDecodedJob job = decode_or_fail(bytes);
            EXPECT_EQ(job.invalidate_bytes, ql_invalidate_bytes);
            EXPECT_EQ(job.initialise_count, 1U);
            ASSERT_TRUE(job.print_information.has_value());
            const testing::QlPrintInformation& information = *job.print_information;
            EXPECT_EQ(information.media_type, media.kind == QlMediaKind::die_cut ? 0x0B : 0x0A);
            EXPECT_EQ(information.width_mm, media.width_mm);
            EXPECT_EQ(information.length_mm, media.length_mm);
            EXPECT_EQ(information.line_count, length);
            EXPECT_EQ(information.page_index, 0);
            EXPECT_EQ(information.last_byte, 0);
            const std::uint8_t flags = media.kind == QlMediaKind::die_cut ? 0xCE : 0xC6;
            EXPECT_EQ(information.flags, flags); // recover, quality, type, width (+ length on die-cut)

            EXPECT_EQ(job.raster_mode.has_value(), model.raster_mode_command);
            if (job.raster_mode) {
                EXPECT_EQ(*job.raster_mode, 0x01);
            }
            EXPECT_EQ(job.compression.has_value(), model.compression);
            if (job.compression) {
                EXPECT_EQ(*job.compression, 0x02);
                EXPECT_LT(bytes.size(), ql_invalidate_bytes + length * (ql_line_bytes + 3));
            } else {
                EXPECT_EQ(job.uncompressed_length_lines, job.one_colour_lines);
            }
            EXPECT_EQ(job.various_mode.has_value(), model.cutter);
            if (job.various_mode) {
                EXPECT_EQ(*job.various_mode, 0x40);
            }
            EXPECT_EQ(job.cut_every.has_value(), model.cut_every_command);
            if (job.cut_every) {
                EXPECT_EQ(*job.cut_every, 0x01);
            }
            EXPECT_EQ(job.expanded_mode.has_value(), model.expanded_mode_command);
            if (job.expanded_mode) {
                EXPECT_EQ(*job.expanded_mode, 0x08);
            }
            ASSERT_TRUE(job.margin_dots.has_value());
            EXPECT_EQ(*job.margin_dots, media.kind == QlMediaKind::die_cut ? 0 : 35);

            EXPECT_EQ(job.blank_lines, model.blank_line_command ? white_band_lines : 0U);
            EXPECT_EQ(job.one_colour_lines + job.blank_lines, length);
            EXPECT_EQ(job.two_colour_lines, 0U);
            EXPECT_FALSE(job.two_colour());
            ASSERT_EQ(job.page_ends, std::vector<std::uint8_t>{0x1A});

            const Bitmap decoded = job.black(media.left_margin_pins, media.printable_width_dots);
            EXPECT_TRUE(decoded == picture);
            // Nothing was sent to pins outside the print area.
            EXPECT_EQ(QlDecodedJob::head_picture(job.black_lines).black_dots(), picture.black_dots());
        }
    }
}

// The bytes themselves, without the decoder's cropping: the line is mirrored and the print area starts
// after the right-hand margin in byte order (12 pins on 62 mm, 6 pins on 29 mm).
TEST(BrotherQlEncoder, RasterLinesAreMirroredAndOffsetByTheTable) {
    const QlModel model = model_named("ql-700"); // no compression: the line is sent as it is
    const QlMedia wide = media_named("62");
    const auto first_line = [&](const QlMedia& media, std::size_t column) {
        Bitmap picture(media.printable_width_dots, continuous_test_length);
        picture.set(column, 0, true);
        const QlDecodedJob job = decode_or_fail(encode_or_fail({picture, std::nullopt}, model, media));
        return job.black_lines.empty() ? testing::DecodedLine{} : job.black_lines.front();
    };
    const auto only = [](const testing::DecodedLine& line, std::size_t index, std::uint8_t value) {
        for (std::size_t byte = 0; byte < line.size(); ++byte) {
            EXPECT_EQ(line[byte], byte == index ? value : 0) << "byte " << byte;
        }
    };
    // 62 mm: picture column 0 is pin 12 from the left, bit 707 of the line; column 695 is bit 12.
    only(first_line(wide, 0), 88, 0x10);
    only(first_line(wide, 695), 1, 0x08);
    // 29 mm: column 0 is pin 408 from the left, bit 311; column 305 is pin 713, bit 6.
    const QlMedia narrow = media_named("29");
    only(first_line(narrow, 0), 38, 0x01);
    only(first_line(narrow, 305), 0, 0x02);
}

TEST(BrotherQlEncoder, TwoColourRoundTripsOnTheQl800Series) {
    for (std::string_view name : {"ql-820nwb", "ql-800"}) {
        SCOPED_TRACE(std::string(name));
        const QlModel model = model_named(name);
        const QlMedia media = media_named("62red");
        const Bitmap black = patterned(media.printable_width_dots, continuous_test_length);
        const Bitmap red = striped(media.printable_width_dots, continuous_test_length);
        ASSERT_GT(red.black_dots(), 0U);
        const QlDecodedJob job = decode_or_fail(encode_or_fail({black, red}, model, media));
        EXPECT_TRUE(job.two_colour());
        EXPECT_EQ(job.two_colour_lines, continuous_test_length);
        EXPECT_EQ(job.one_colour_lines, 0U);
        EXPECT_EQ(job.blank_lines, 0U);
        ASSERT_TRUE(job.expanded_mode.has_value());
        EXPECT_EQ(*job.expanded_mode, 0x09); // two-colour and cut at end
        EXPECT_EQ(job.compression.has_value(), model.compression);
        ASSERT_TRUE(job.print_information.has_value());
        EXPECT_EQ(job.print_information->media_type, 0x0A);
        EXPECT_EQ(job.print_information->width_mm, 62);
        EXPECT_EQ(job.print_information->line_count, continuous_test_length);
        Bitmap expected_black = black; // red wins where the stripes cross the diagonals
        for (std::size_t y = 0; y < red.height(); ++y) {
            for (std::size_t x = 0; x < red.width(); ++x) {
                if (red.black(x, y)) {
                    expected_black.set(x, y, false);
                }
            }
        }
        EXPECT_NE(expected_black, black);
        EXPECT_TRUE(job.black(media.left_margin_pins, media.printable_width_dots) == expected_black);
        const std::optional<Bitmap> decoded_red = job.red(media.left_margin_pins, media.printable_width_dots);
        ASSERT_TRUE(decoded_red.has_value());
        EXPECT_TRUE(*decoded_red == red);
    }
}

TEST(BrotherQlEncoder, RedWinsWhereBothLayersAreSet) {
    const QlModel model = model_named("ql-820nwb");
    const QlMedia media = media_named("62red");
    Bitmap black(media.printable_width_dots, continuous_test_length);
    Bitmap red(media.printable_width_dots, continuous_test_length);
    black.set(10, 10, true);
    black.set(11, 10, true);
    red.set(11, 10, true);
    const QlDecodedJob job = decode_or_fail(encode_or_fail({black, red}, model, media));
    const Bitmap decoded_black = job.black(media.left_margin_pins, media.printable_width_dots);
    EXPECT_TRUE(decoded_black.black(10, 10));
    EXPECT_FALSE(decoded_black.black(11, 10));
    EXPECT_EQ(decoded_black.black_dots(), 1U);
    ASSERT_TRUE(job.two_colour());
    EXPECT_TRUE(job.red(media.left_margin_pins, media.printable_width_dots)->black(11, 10));
}

TEST(BrotherQlEncoder, NoisyPicturesSurviveCompression) {
    // Random dots leave PackBits little to work with: many lines take Brother's 91-byte literal form.
    std::mt19937 generator(20240601);
    std::bernoulli_distribution dot(0.5);
    const QlMedia media = media_named("62");
    Bitmap picture(media.printable_width_dots, continuous_test_length);
    for (std::size_t y = 0; y < picture.height(); ++y) {
        for (std::size_t x = 0; x < picture.width(); ++x) {
            picture.set(x, y, dot(generator));
        }
    }
    const QlDecodedJob job =
        decode_or_fail(encode_or_fail({picture, std::nullopt}, model_named("ql-820nwb"), media));
    EXPECT_TRUE(job.black(media.left_margin_pins, media.printable_width_dots) == picture);
}

TEST(BrotherQlEncoder, OptionsReachTheirCommands) {
    const QlModel model = model_named("ql-720nw");
    const QlMedia media = media_named("62");
    const Bitmap picture = patterned(media.printable_width_dots, continuous_test_length);
    QlJobOptions options;
    options.auto_cut = false;
    options.cut_at_end = false;
    options.priority_to_quality = false;
    options.continuous_feed_margin_dots = 300;
    const QlDecodedJob job = decode_or_fail(encode_or_fail({picture, std::nullopt}, model, media, options));
    ASSERT_TRUE(job.various_mode.has_value());
    EXPECT_EQ(*job.various_mode, 0x00);
    EXPECT_FALSE(job.cut_every.has_value());
    ASSERT_TRUE(job.expanded_mode.has_value());
    EXPECT_EQ(*job.expanded_mode, 0x00);
    ASSERT_TRUE(job.margin_dots.has_value());
    EXPECT_EQ(*job.margin_dots, 300);
    ASSERT_TRUE(job.print_information.has_value());
    EXPECT_EQ(job.print_information->flags, 0x86); // as Brother's continuous-tape example
}

TEST(BrotherQlEncoder, RefusesAPictureOfTheWrongWidth) {
    const QlMedia media = media_named("62x100");
    const std::string message =
        refusal({Bitmap(695, media.printable_length_dots), std::nullopt}, model_named("ql-700"), media);
    EXPECT_NE(message.find("695"), std::string::npos) << message;
    EXPECT_NE(message.find("696"), std::string::npos) << message;
    EXPECT_NE(message.find("62x100"), std::string::npos) << message;
}

TEST(BrotherQlEncoder, RefusesADieCutPictureOfTheWrongLength) {
    const QlMedia media = media_named("62x100");
    const std::string message = refusal({Bitmap(696, 1100), std::nullopt}, model_named("ql-820nwb"), media);
    EXPECT_NE(message.find("1100"), std::string::npos) << message;
    EXPECT_NE(message.find("1109"), std::string::npos) << message;
}

TEST(BrotherQlEncoder, RefusesAContinuousLabelTooShortForTheModel) {
    const std::string message =
        refusal({Bitmap(696, 200), std::nullopt}, model_named("ql-500"), media_named("62"));
    EXPECT_NE(message.find("200"), std::string::npos) << message;
    EXPECT_NE(message.find("295"), std::string::npos) << message;
}

TEST(BrotherQlEncoder, RefusesRedOnABlackOnlyModel) {
    const QlMedia media = media_named("62");
    const Bitmap picture(media.printable_width_dots, continuous_test_length);
    const std::string message = refusal({picture, picture}, model_named("ql-720nw"), media);
    EXPECT_NE(message.find("ql-720nw"), std::string::npos) << message;
    EXPECT_NE(message.find("red"), std::string::npos) << message;
}

TEST(BrotherQlEncoder, RefusesRedOnBlackOnlyTape) {
    const QlMedia media = media_named("62");
    const Bitmap picture(media.printable_width_dots, continuous_test_length);
    const std::string message = refusal({picture, picture}, model_named("ql-820nwb"), media);
    EXPECT_NE(message.find("DK-22205"), std::string::npos) << message;
    EXPECT_NE(message.find("red"), std::string::npos) << message;
}

TEST(BrotherQlEncoder, RefusesRedTapeInABlackOnlyModel) {
    const QlMedia media = media_named("62red");
    const Bitmap picture(media.printable_width_dots, continuous_test_length);
    const std::string message = refusal({picture, std::nullopt}, model_named("ql-700"), media);
    EXPECT_NE(message.find("DK-22251"), std::string::npos) << message;
    EXPECT_NE(message.find("ql-700"), std::string::npos) << message;
}

TEST(BrotherQlEncoder, RefusesARedLayerOfAnotherSize) {
    const QlMedia media = media_named("62red");
    const Bitmap black(media.printable_width_dots, continuous_test_length);
    const Bitmap red(media.printable_width_dots, continuous_test_length + 1);
    const std::string message = refusal({black, red}, model_named("ql-820nwb"), media);
    EXPECT_NE(message.find("321"), std::string::npos) << message;
}

TEST(PackBits, MatchesApplesTechNote) {
    // Apple TN1023's example.
    const std::vector<std::uint8_t> input = {0xAA, 0xAA, 0xAA, 0x80, 0x00, 0x2A, 0xAA, 0xAA,
                                             0xAA, 0xAA, 0x80, 0x00, 0x2A, 0x22, 0xAA, 0xAA,
                                             0xAA, 0xAA, 0xAA, 0xAA, 0xAA, 0xAA, 0xAA, 0xAA};
    const std::vector<std::uint8_t> expected = {0xFE, 0xAA, 0x02, 0x80, 0x00, 0x2A, 0xFD, 0xAA,
                                                0x03, 0x80, 0x00, 0x2A, 0x22, 0xF7, 0xAA};
    EXPECT_EQ(pack_bits(input), expected);
    auto unpacked = testing::unpack_bits(expected, input.size());
    ASSERT_TRUE(unpacked.has_value()) << unpacked.error().message;
    EXPECT_EQ(*unpacked, input);
}

TEST(PackBits, MatchesBrothersExample) {
    // The QL raster references' example: twenty 00, two 22, then six different bytes.
    std::vector<std::uint8_t> input(20, 0x00);
    input.insert(input.end(), {0x22, 0x22, 0x23, 0xBA, 0xBF, 0xA2, 0x22, 0x2B});
    const std::vector<std::uint8_t> expected = {0xED, 0x00, 0xFF, 0x22, 0x05, 0x23,
                                                0xBA, 0xBF, 0xA2, 0x22, 0x2B};
    EXPECT_EQ(pack_bits(input), expected);
}

TEST(PackBits, SplitsLongRunsAndLiterals) {
    const std::vector<std::uint8_t> zeros(300, 0x00);
    EXPECT_EQ(pack_bits(zeros), (std::vector<std::uint8_t>{0x81, 0x00, 0x81, 0x00, 0xD5, 0x00}));
    std::vector<std::uint8_t> counting(200);
    for (std::size_t index = 0; index < counting.size(); ++index) {
        counting[index] = static_cast<std::uint8_t>(index);
    }
    const std::vector<std::uint8_t> packed = pack_bits(counting);
    ASSERT_EQ(packed.size(), 202U);
    EXPECT_EQ(packed[0], 127);
    EXPECT_EQ(packed[129], 71);
    auto unpacked = testing::unpack_bits(packed, counting.size());
    ASSERT_TRUE(unpacked.has_value()) << unpacked.error().message;
    EXPECT_EQ(*unpacked, counting);
    EXPECT_TRUE(pack_bits({}).empty());
}

TEST(PackBits, ALineThatWouldGrowIsSentAsOneLiteral) {
    // 01 02 02 repeated packs to 4 bytes per 3: Brother asks for 91 bytes (59 + the line) instead.
    std::vector<std::uint8_t> line;
    for (std::size_t index = 0; index < 30; ++index) {
        line.insert(line.end(), {0x01, 0x02, 0x02});
    }
    ASSERT_EQ(line.size(), ql_line_bytes);
    EXPECT_GT(pack_bits(line).size(), ql_line_bytes);
    const std::vector<std::uint8_t> compressed = compress_ql_line(line);
    ASSERT_EQ(compressed.size(), ql_line_bytes + 1);
    EXPECT_EQ(compressed[0], 0x59);
    EXPECT_TRUE(std::equal(line.begin(), line.end(), compressed.begin() + 1));
    const std::vector<std::uint8_t> white(ql_line_bytes, 0x00);
    EXPECT_EQ(compress_ql_line(white), (std::vector<std::uint8_t>{0xA7, 0x00}));
}

} // namespace
} // namespace checkin::printing
