#include "printing/zpl.hpp"

#include <charconv>
#include <cstddef>
#include <gtest/gtest.h>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace checkin::printing {
namespace {

constexpr std::size_t dots_per_byte = 8;

// What a printer would make of the encoder's output, read independently of the encoder: the label size
// from ^PW/^LL and every ^FO…^GFA…^FS field drawn onto a label-sized canvas.
struct DecodedLabel {
    std::size_t width = 0;
    std::size_t height = 0;
    std::size_t graphic_fields = 0;
    Bitmap canvas;
};

std::optional<std::size_t> parse_number(std::string_view text, std::size_t& position) {
    std::size_t value = 0;
    const auto [end, error] = std::from_chars(text.data() + position, text.data() + text.size(), value);
    if (error != std::errc{}) {
        return std::nullopt;
    }
    position = static_cast<std::size_t>(end - text.data());
    return value;
}

bool expect_text(std::string_view text, std::size_t& position, std::string_view expected) {
    if (text.substr(position, expected.size()) != expected) {
        return false;
    }
    position += expected.size();
    return true;
}

std::optional<unsigned> hex_value(char digit) {
    // Uppercase only: the encoder promises uppercase, so lowercase counts as malformed here.
    if (digit >= '0' && digit <= '9') {
        return static_cast<unsigned>(digit - '0');
    }
    if (digit >= 'A' && digit <= 'F') {
        return static_cast<unsigned>(digit - 'A' + 10);
    }
    return std::nullopt;
}

std::optional<std::size_t> number_after(std::string_view text, std::string_view command) {
    std::size_t position = text.find(command);
    if (position == std::string_view::npos) {
        return std::nullopt;
    }
    position += command.size();
    return parse_number(text, position);
}

// Returns nothing (and records why) when the text is not the shape the encoder promises.
std::optional<DecodedLabel> decode_zpl(std::string_view text) {
    if (!text.starts_with("^XA") || !text.ends_with("^XZ\n") ||
        text.find("^LH0,0") == std::string_view::npos) {
        ADD_FAILURE() << "not a ^XA … ^LH0,0 … ^XZ format";
        return std::nullopt;
    }
    const auto width = number_after(text, "^PW");
    const auto height = number_after(text, "^LL");
    if (!width || !height) {
        ADD_FAILURE() << "missing ^PW or ^LL";
        return std::nullopt;
    }
    DecodedLabel label{*width, *height, 0, Bitmap(*width, *height)};

    std::size_t search_from = 0;
    while (true) {
        std::size_t position = text.find("^FO", search_from);
        if (position == std::string_view::npos) {
            break;
        }
        position += 3;
        const auto origin_x = parse_number(text, position);
        const bool comma = expect_text(text, position, ",");
        const auto origin_y = parse_number(text, position);
        const bool graphic = expect_text(text, position, "^GFA,");
        const auto byte_count = parse_number(text, position);
        const bool comma_after_byte_count = expect_text(text, position, ",");
        const auto field_count = parse_number(text, position);
        const bool comma_after_field_count = expect_text(text, position, ",");
        const auto bytes_per_row = parse_number(text, position);
        const bool comma_before_data = expect_text(text, position, ",");
        if (!origin_x || !comma || !origin_y || !graphic || !byte_count || !comma_after_byte_count ||
            !field_count || !comma_after_field_count || !bytes_per_row || !comma_before_data ||
            *bytes_per_row == 0) {
            ADD_FAILURE() << "malformed ^FO/^GFA header at " << position;
            return std::nullopt;
        }
        if (*byte_count != *field_count || *field_count % *bytes_per_row != 0) {
            ADD_FAILURE() << "^GFA counts disagree: " << *byte_count << ", " << *field_count << ", "
                          << *bytes_per_row;
            return std::nullopt;
        }
        const std::size_t data_end = text.find("^FS", position);
        if (data_end == std::string_view::npos || data_end - position != 2 * *field_count) {
            ADD_FAILURE() << "^GFA data is not exactly two hex digits per counted byte";
            return std::nullopt;
        }
        const std::size_t rows = *field_count / *bytes_per_row;
        for (std::size_t row = 0; row < rows; ++row) {
            for (std::size_t byte_index = 0; byte_index < *bytes_per_row; ++byte_index) {
                const std::size_t digit_at = position + 2 * (row * *bytes_per_row + byte_index);
                const auto high = hex_value(text[digit_at]);
                const auto low = hex_value(text[digit_at + 1]);
                if (!high || !low) {
                    ADD_FAILURE() << "not uppercase hex at " << digit_at;
                    return std::nullopt;
                }
                const unsigned byte = *high << 4U | *low;
                for (std::size_t bit = 0; bit < dots_per_byte; ++bit) {
                    if ((byte >> (dots_per_byte - 1 - bit) & 1U) != 0) {
                        const std::size_t x = *origin_x + byte_index * dots_per_byte + bit;
                        const std::size_t y = *origin_y + row;
                        if (x >= label.width || y >= label.height) {
                            ADD_FAILURE() << "black dot off the label at " << x << "," << y;
                            return std::nullopt;
                        }
                        label.canvas.set(x, y, true);
                    }
                }
            }
        }
        ++label.graphic_fields;
        search_from = data_end + 3;
    }
    return label;
}

Bitmap crop(const Bitmap& source, std::size_t width, std::size_t height) {
    Bitmap cropped(width, height);
    for (std::size_t y = 0; y < height; ++y) {
        for (std::size_t x = 0; x < width; ++x) {
            cropped.set(x, y, source.black(x, y));
        }
    }
    return cropped;
}

// Encodes, decodes and checks the decoded label is exactly the image on white.
void expect_round_trip(const Bitmap& image, const ZplMedia& media) {
    const auto encoded = encode_zpl(image, media);
    ASSERT_TRUE(encoded.has_value()) << encoded.error().message;
    const auto decoded = decode_zpl(*encoded);
    ASSERT_TRUE(decoded.has_value());
    EXPECT_EQ(decoded->width, media.width_dots());
    EXPECT_EQ(decoded->height, media.height_dots());
    EXPECT_EQ(crop(decoded->canvas, image.width(), image.height()), image);
    // Nothing else on the label: in particular the padding bits of each row stayed white.
    EXPECT_EQ(decoded->canvas.black_dots(), image.black_dots());
}

ZplMedia media_named(std::string_view name) {
    const auto media = find_zpl_media(name);
    EXPECT_TRUE(media.has_value()) << name;
    return media.value_or(ZplMedia{});
}

Bitmap border(std::size_t width, std::size_t height) {
    Bitmap image(width, height);
    for (std::size_t x = 0; x < width; ++x) {
        image.set(x, 0, true);
        image.set(x, height - 1, true);
    }
    for (std::size_t y = 0; y < height; ++y) {
        image.set(0, y, true);
        image.set(width - 1, y, true);
    }
    return image;
}

Bitmap diagonal(std::size_t width, std::size_t height) {
    Bitmap image(width, height);
    for (std::size_t y = 0; y < height; ++y) {
        image.set(y * width / height, y, true);
    }
    return image;
}

// An L in the top-left corner and a lone dot near the bottom right: any flip, mirror or transposition
// of rows, columns or bits moves one of them.
Bitmap asymmetric_marker(std::size_t width, std::size_t height) {
    Bitmap image(width, height);
    for (std::size_t y = 0; y < height / 2; ++y) {
        image.set(1, y, true);
    }
    for (std::size_t x = 1; x < width / 3 + 2; ++x) {
        image.set(x, height / 2, true);
    }
    image.set(width - 2, height - 2, true);
    return image;
}

TEST(ZplMedia, KnowsTheFourByThreeBadgeAtBothResolutions) {
    const ZplMedia low = media_named("4x3");
    EXPECT_EQ(low.dpi, 203U);
    EXPECT_EQ(low.width_dots(), 812U);
    EXPECT_EQ(low.height_dots(), 609U);
    const ZplMedia high = media_named("4x3-300");
    EXPECT_EQ(high.dpi, 300U);
    EXPECT_EQ(high.width_dots(), 1200U);
    EXPECT_EQ(high.height_dots(), 900U);
}

TEST(ZplMedia, EveryStockHasAUniqueNameAndASupportedResolution) {
    const auto& media = zpl_media();
    for (std::size_t index = 0; index < media.size(); ++index) {
        EXPECT_TRUE(media[index].dpi == 203 || media[index].dpi == 300) << media[index].name;
        EXPECT_GT(media[index].width_dots(), 0U) << media[index].name;
        EXPECT_GT(media[index].height_dots(), 0U) << media[index].name;
        for (std::size_t other = index + 1; other < media.size(); ++other) {
            EXPECT_NE(media[index].name, media[other].name);
        }
    }
}

TEST(ZplMedia, UnknownNameIsNotFound) {
    EXPECT_FALSE(find_zpl_media("").has_value());
    EXPECT_FALSE(find_zpl_media("4X3").has_value());
    EXPECT_FALSE(find_zpl_media("62mm").has_value());
}

TEST(ZplEncode, SmallImageIsExactlyTheDocumentedCommands) {
    // Row 0: the first and the ninth dot; row 1: all nine. Nine dots need two bytes per row.
    Bitmap image(9, 2);
    image.set(0, 0, true);
    image.set(8, 0, true);
    for (std::size_t x = 0; x < 9; ++x) {
        image.set(x, 1, true);
    }
    const auto encoded = encode_zpl(image, media_named("4x3"));
    ASSERT_TRUE(encoded.has_value()) << encoded.error().message;
    EXPECT_EQ(*encoded, "^XA\n^PW812\n^LL609\n^LH0,0\n^FO0,0^GFA,4,4,2,8080FF80^FS\n^XZ\n");
}

TEST(ZplEncode, PatternsRoundTripExactly) {
    const ZplMedia media = media_named("4x3");
    // Widths on, just off and well off a byte boundary, up to the full label.
    for (const std::size_t width : {1U, 7U, 8U, 9U, 13U, 100U, 811U, 812U}) {
        for (const std::size_t height : {1U, 3U, 609U}) {
            SCOPED_TRACE(testing::Message() << width << " x " << height);
            expect_round_trip(border(width, height), media);
            expect_round_trip(diagonal(width, height), media);
        }
    }
    for (const std::size_t width : {5U, 17U, 301U, 812U}) {
        SCOPED_TRACE(testing::Message() << "marker " << width);
        expect_round_trip(asymmetric_marker(width, 200), media);
    }
}

TEST(ZplEncode, AllBlackFullLabelRoundTrips) {
    const ZplMedia media = media_named("4x3");
    Bitmap image(media.width_dots(), media.height_dots());
    for (std::size_t y = 0; y < image.height(); ++y) {
        for (std::size_t x = 0; x < image.width(); ++x) {
            image.set(x, y, true);
        }
    }
    expect_round_trip(image, media);
}

TEST(ZplEncode, LabelSizeComesFromTheMediumNotTheImage) {
    for (const auto& media : zpl_media()) {
        SCOPED_TRACE(media.name);
        const auto encoded = encode_zpl(asymmetric_marker(40, 30), media);
        ASSERT_TRUE(encoded.has_value()) << encoded.error().message;
        EXPECT_EQ(number_after(*encoded, "^PW"), media.width_dots());
        EXPECT_EQ(number_after(*encoded, "^LL"), media.height_dots());
    }
}

TEST(ZplEncode, FullLabelAt300DpiStaysWithinTheGraphicFieldLimit) {
    // 1200 x 900 dots is 135000 bytes, over ^GF's documented 99999, so it must arrive in several fields.
    const ZplMedia media = media_named("4x3-300");
    const Bitmap image = border(media.width_dots(), media.height_dots());
    const auto encoded = encode_zpl(image, media);
    ASSERT_TRUE(encoded.has_value()) << encoded.error().message;
    std::size_t position = 0;
    while ((position = encoded->find("^GFA,", position)) != std::string::npos) {
        position += 5;
        const auto byte_count = parse_number(*encoded, position);
        ASSERT_TRUE(byte_count.has_value());
        EXPECT_LE(*byte_count, 99999U);
    }
    const auto decoded = decode_zpl(*encoded);
    ASSERT_TRUE(decoded.has_value());
    EXPECT_GT(decoded->graphic_fields, 1U);
    EXPECT_EQ(decoded->canvas, image);
}

TEST(ZplEncode, MarkerRoundTripsAt300Dpi) {
    const ZplMedia media = media_named("4x3-300");
    expect_round_trip(asymmetric_marker(media.width_dots(), media.height_dots()), media);
    expect_round_trip(diagonal(1199, 899), media);
}

TEST(ZplEncode, EmptyImageIsABlankLabel) {
    const auto encoded = encode_zpl(Bitmap(), media_named("4x3"));
    ASSERT_TRUE(encoded.has_value()) << encoded.error().message;
    EXPECT_EQ(encoded->find("^GF"), std::string::npos);
    const auto decoded = decode_zpl(*encoded);
    ASSERT_TRUE(decoded.has_value());
    EXPECT_EQ(decoded->canvas.black_dots(), 0U);
}

TEST(ZplEncode, ImageWiderThanTheLabelIsRefusedNamingBothSizes) {
    const auto encoded = encode_zpl(Bitmap(813, 100), media_named("4x3"));
    ASSERT_FALSE(encoded.has_value());
    EXPECT_NE(encoded.error().message.find("813 x 100"), std::string::npos) << encoded.error().message;
    EXPECT_NE(encoded.error().message.find("812 x 609"), std::string::npos) << encoded.error().message;
}

TEST(ZplEncode, ImageTallerThanTheLabelIsRefusedNamingBothSizes) {
    const auto encoded = encode_zpl(Bitmap(812, 610), media_named("4x3"));
    ASSERT_FALSE(encoded.has_value());
    EXPECT_NE(encoded.error().message.find("812 x 610"), std::string::npos) << encoded.error().message;
    EXPECT_NE(encoded.error().message.find("812 x 609"), std::string::npos) << encoded.error().message;
    // A 300 dpi image does not fit a 203 dpi label of the same size either.
    EXPECT_FALSE(encode_zpl(Bitmap(1200, 900), media_named("4x3")).has_value());
}

} // namespace
} // namespace checkin::printing
