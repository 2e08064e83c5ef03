#include "printing/png.hpp"

#include <algorithm>
#include <array>
#include <csetjmp>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>
#include <optional>
#include <png.h>
#include <stdexcept>
#include <utility>
#include <vector>

namespace checkin::printing {
namespace {

constexpr std::size_t rgb_bytes = 3;
constexpr std::array<std::uint8_t, 8> png_signature = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
constexpr std::uint8_t white = 0xFF;
constexpr std::uint8_t red = 0xE0;

// The file as libpng reads it back: the header fields, the pHYs chunk and the pixels, row by row.
struct DecodedPng {
    png_uint_32 width = 0;
    png_uint_32 height = 0;
    int bit_depth = 0;
    int colour_type = 0;
    int interlace = 0;
    bool has_physical_size = false;
    png_uint_32 pixels_per_unit_x = 0;
    png_uint_32 pixels_per_unit_y = 0;
    int unit = 0;
    std::vector<png_byte> pixels; // only filled for 8-bit RGB, which is all the encoder should write

    std::array<std::uint8_t, rgb_bytes> pixel(std::size_t x, std::size_t y) const {
        const std::size_t at = (y * width + x) * rgb_bytes;
        return {pixels[at], pixels[at + 1], pixels[at + 2]};
    }
};

// The input cursor and the error text the callbacks reach; lives above the setjmp like the encoder's.
struct PngInput {
    const std::vector<std::uint8_t>* bytes = nullptr;
    std::size_t position = 0;
    std::array<char, 256> error_text{};
};

[[noreturn]] void on_read_error(png_structp png, png_const_charp message) {
    auto* input = static_cast<PngInput*>(png_get_error_ptr(png));
    std::strncpy(input->error_text.data(), message, input->error_text.size() - 1);
    png_longjmp(png, 1);
}

void on_read_warning(png_structp, png_const_charp) {}

void on_read(png_structp png, png_bytep data, png_size_t length) {
    auto* input = static_cast<PngInput*>(png_get_io_ptr(png));
    if (length > input->bytes->size() - input->position) {
        png_error(png, "read past the end of the PNG");
    }
    std::memcpy(data, input->bytes->data() + input->position, length);
    input->position += length;
}

class PngReadStruct {
public:
    explicit PngReadStruct(PngInput& input)
        : m_png(png_create_read_struct(PNG_LIBPNG_VER_STRING, &input, on_read_error, on_read_warning)) {
        if (m_png != nullptr) {
            m_info = png_create_info_struct(m_png);
        }
        if (m_png == nullptr || m_info == nullptr) {
            png_destroy_read_struct(&m_png, nullptr, nullptr);
            throw std::runtime_error("libpng could not allocate its read state");
        }
        png_set_read_fn(m_png, &input, on_read);
    }
    ~PngReadStruct() { png_destroy_read_struct(&m_png, &m_info, nullptr); }
    PngReadStruct(const PngReadStruct&) = delete;
    PngReadStruct& operator=(const PngReadStruct&) = delete;

    png_structp png() const { return m_png; }
    png_infop info() const { return m_info; }

private:
    png_structp m_png = nullptr;
    png_infop m_info = nullptr;
};

// Creates no object with a destructor, so a longjmp out of any libpng call here skips no cleanup.
void read_png_calls(png_structp png, png_infop info, DecodedPng& decoded) {
    png_read_info(png, info);
    png_get_IHDR(png, info, &decoded.width, &decoded.height, &decoded.bit_depth, &decoded.colour_type,
                 &decoded.interlace, nullptr, nullptr);
    decoded.has_physical_size =
        png_get_pHYs(png, info, &decoded.pixels_per_unit_x, &decoded.pixels_per_unit_y, &decoded.unit) != 0;
    if (decoded.bit_depth != 8 || decoded.colour_type != PNG_COLOR_TYPE_RGB ||
        decoded.interlace != PNG_INTERLACE_NONE) {
        return; // the test fails on the header fields; no need to convert pixels
    }
    const std::size_t row_bytes = png_get_rowbytes(png, info);
    decoded.pixels.resize(row_bytes * decoded.height);
    for (std::size_t y = 0; y < decoded.height; ++y) {
        png_read_row(png, decoded.pixels.data() + y * row_bytes, nullptr);
    }
    // Reads through IEND, so a file cut short after the pixels is caught too.
    png_read_end(png, nullptr);
}

bool read_png_guarded(png_structp png, png_infop info, DecodedPng& decoded) {
    if (setjmp(png_jmpbuf(png)) != 0) {
        return false;
    }
    read_png_calls(png, info, decoded);
    return true;
}

std::optional<DecodedPng> decode_png(const std::vector<std::uint8_t>& bytes) {
    if (bytes.size() < png_signature.size() || png_sig_cmp(bytes.data(), 0, png_signature.size()) != 0) {
        ADD_FAILURE() << "no PNG signature";
        return std::nullopt;
    }
    PngInput input;
    input.bytes = &bytes;
    PngReadStruct reader(input);
    DecodedPng decoded;
    if (!read_png_guarded(reader.png(), reader.info(), decoded)) {
        ADD_FAILURE() << "libpng could not read the PNG: " << input.error_text.data();
        return std::nullopt;
    }
    if (input.position != bytes.size()) {
        ADD_FAILURE() << "bytes after IEND: " << bytes.size() - input.position;
    }
    return decoded;
}

std::array<std::uint8_t, rgb_bytes> expected_colour(const BadgeImage& image, std::size_t x, std::size_t y) {
    if (image.red && image.red->black(x, y)) {
        return {red, 0, 0};
    }
    if (image.black.black(x, y)) {
        return {0, 0, 0};
    }
    return {white, white, white};
}

// Decodes and compares the header, the pHYs chunk and every pixel with the layers it was made from.
void expect_decodes_to(const std::vector<std::uint8_t>& bytes, const BadgeImage& image, unsigned dpi) {
    const auto decoded = decode_png(bytes);
    ASSERT_TRUE(decoded.has_value());
    ASSERT_EQ(decoded->width, image.black.width());
    ASSERT_EQ(decoded->height, image.black.height());
    ASSERT_EQ(decoded->bit_depth, 8);
    ASSERT_EQ(decoded->colour_type, PNG_COLOR_TYPE_RGB);
    ASSERT_EQ(decoded->interlace, PNG_INTERLACE_NONE);
    ASSERT_TRUE(decoded->has_physical_size);
    EXPECT_EQ(decoded->unit, PNG_RESOLUTION_METER);
    const double expected_per_metre = static_cast<double>(dpi) / 0.0254;
    EXPECT_NEAR(static_cast<double>(decoded->pixels_per_unit_x), expected_per_metre, 0.5);
    EXPECT_EQ(decoded->pixels_per_unit_y, decoded->pixels_per_unit_x);

    std::size_t mismatches = 0;
    for (std::size_t y = 0; y < image.black.height(); ++y) {
        for (std::size_t x = 0; x < image.black.width(); ++x) {
            if (decoded->pixel(x, y) != expected_colour(image, x, y) && ++mismatches <= 5) {
                ADD_FAILURE() << "pixel " << x << "," << y << " has the wrong colour";
            }
        }
    }
    EXPECT_EQ(mismatches, 0U);
}

// Black stripes and a border, and a red block and diagonal overlapping them, so black, red, red-over-black
// and white all appear, none of it symmetric.
BadgeImage patterned_badge(std::size_t width, std::size_t height) {
    BadgeImage image{Bitmap(width, height), Bitmap(width, height)};
    for (std::size_t y = 0; y < height; ++y) {
        for (std::size_t x = 0; x < width; ++x) {
            const bool border = x == 0 || y == 0 || x == width - 1 || y == height - 1;
            image.black.set(x, y, border || (x / 3 + y / 5) % 4 == 0);
            image.red->set(x, y, (x < width / 3 && y < height / 4) || x == (y * 7) % width);
        }
    }
    return image;
}

TEST(PngEncode, StartsWithThePngSignature) {
    const auto bytes = encode_png(patterned_badge(16, 9), 203);
    ASSERT_GE(bytes.size(), png_signature.size());
    EXPECT_TRUE(std::equal(png_signature.begin(), png_signature.end(), bytes.begin()));
}

TEST(PngEncode, EveryPixelMatchesBothLayers) {
    const BadgeImage image = patterned_badge(37, 23);
    expect_decodes_to(encode_png(image, 203), image, 203);
}

TEST(PngEncode, BlackOnlyBadgeHasNoRed) {
    BadgeImage image = patterned_badge(29, 31);
    image.red.reset();
    expect_decodes_to(encode_png(image, 300), image, 300);
}

TEST(PngEncode, PhysicalSizeIsTheDpiInPixelsPerMetre) {
    const BadgeImage image = patterned_badge(8, 8);
    const std::array<std::pair<unsigned, png_uint_32>, 3> cases = {{{203, 7992}, {300, 11811}, {600, 23622}}};
    for (const auto& [dpi, per_metre] : cases) {
        const auto decoded = decode_png(encode_png(image, dpi));
        ASSERT_TRUE(decoded.has_value());
        ASSERT_TRUE(decoded->has_physical_size);
        EXPECT_EQ(decoded->unit, PNG_RESOLUTION_METER);
        EXPECT_EQ(decoded->pixels_per_unit_x, per_metre) << dpi;
        EXPECT_EQ(decoded->pixels_per_unit_y, per_metre) << dpi;
    }
}

TEST(PngEncode, SinglePixelInEachColour) {
    BadgeImage image{Bitmap(1, 1), Bitmap(1, 1)};
    expect_decodes_to(encode_png(image, 203), image, 203); // white
    image.black.set(0, 0, true);
    expect_decodes_to(encode_png(image, 203), image, 203); // black
    image.red->set(0, 0, true);
    expect_decodes_to(encode_png(image, 203), image, 203); // red over black: red
    const auto decoded = decode_png(encode_png(image, 203));
    ASSERT_TRUE(decoded.has_value());
    EXPECT_EQ(decoded->pixel(0, 0), (std::array<std::uint8_t, rgb_bytes>{0xE0, 0x00, 0x00}));
}

TEST(PngEncode, BadgeSizedImageRoundTrips) {
    const BadgeImage image = patterned_badge(700, 1100);
    expect_decodes_to(encode_png(image, 300), image, 300);
}

TEST(PngEncode, EmptyImageOrZeroDpiIsRefused) {
    EXPECT_THROW(encode_png(BadgeImage{}, 203), std::invalid_argument);
    EXPECT_THROW(encode_png(BadgeImage{Bitmap(0, 5), std::nullopt}, 203), std::invalid_argument);
    EXPECT_THROW(encode_png(patterned_badge(4, 4), 0), std::invalid_argument);
}

TEST(PngEncode, TestDecoderRejectsATruncatedFile) {
    // Guards the other tests: a decoder that accepted anything would make them pass vacuously.
    auto bytes = encode_png(patterned_badge(40, 40), 203);
    bytes.resize(bytes.size() / 2);
    EXPECT_NONFATAL_FAILURE(decode_png(bytes), "libpng could not read the PNG");
}

} // namespace
} // namespace checkin::printing
