#include "printing/png.hpp"
#include "tests/printing/png_writer.hpp"

#include <algorithm>
#include <array>
#include <csetjmp>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>
#include <optional>
#include <png.h>
#include <stdexcept>
#include <string>
#include <system_error>
#include <unistd.h>
#include <utility>
#include <vector>

namespace checkin::printing {
namespace {

using test_png::make_png;
using test_png::png_spec;
using test_png::PngSpec;

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
    const auto bytes = encode_png(patterned_badge(16, 9), 203).value();
    ASSERT_GE(bytes.size(), png_signature.size());
    EXPECT_TRUE(std::equal(png_signature.begin(), png_signature.end(), bytes.begin()));
}

TEST(PngEncode, EveryPixelMatchesBothLayers) {
    const BadgeImage image = patterned_badge(37, 23);
    expect_decodes_to(encode_png(image, 203).value(), image, 203);
}

TEST(PngEncode, BlackOnlyBadgeHasNoRed) {
    BadgeImage image = patterned_badge(29, 31);
    image.red.reset();
    expect_decodes_to(encode_png(image, 300).value(), image, 300);
}

TEST(PngEncode, PhysicalSizeIsTheDpiInPixelsPerMetre) {
    const BadgeImage image = patterned_badge(8, 8);
    const std::array<std::pair<unsigned, png_uint_32>, 3> cases = {{{203, 7992}, {300, 11811}, {600, 23622}}};
    for (const auto& [dpi, per_metre] : cases) {
        const auto decoded = decode_png(encode_png(image, dpi).value());
        ASSERT_TRUE(decoded.has_value());
        ASSERT_TRUE(decoded->has_physical_size);
        EXPECT_EQ(decoded->unit, PNG_RESOLUTION_METER);
        EXPECT_EQ(decoded->pixels_per_unit_x, per_metre) << dpi;
        EXPECT_EQ(decoded->pixels_per_unit_y, per_metre) << dpi;
    }
}

TEST(PngEncode, SinglePixelInEachColour) {
    BadgeImage image{Bitmap(1, 1), Bitmap(1, 1)};
    expect_decodes_to(encode_png(image, 203).value(), image, 203); // white
    image.black.set(0, 0, true);
    expect_decodes_to(encode_png(image, 203).value(), image, 203); // black
    image.red->set(0, 0, true);
    expect_decodes_to(encode_png(image, 203).value(), image, 203); // red over black: red
    const auto decoded = decode_png(encode_png(image, 203).value());
    ASSERT_TRUE(decoded.has_value());
    EXPECT_EQ(decoded->pixel(0, 0), (std::array<std::uint8_t, rgb_bytes>{0xE0, 0x00, 0x00}));
}

TEST(PngEncode, BadgeSizedImageRoundTrips) {
    const BadgeImage image = patterned_badge(700, 1100);
    expect_decodes_to(encode_png(image, 300).value(), image, 300);
}

TEST(PngEncode, EmptyImageOrZeroDpiIsRefused) {
    EXPECT_EQ(encode_png(BadgeImage{}, 203).error().message,
              "a PNG needs at least one pixel; the badge image is empty");
    EXPECT_EQ(encode_png(BadgeImage{Bitmap(0, 5), std::nullopt}, 203).error().message,
              "a PNG needs at least one pixel; the badge image is empty");
    EXPECT_EQ(encode_png(patterned_badge(4, 4), 0).error().message,
              "a PNG's resolution must be at least 1 dpi");
}

TEST(PngEncode, TestDecoderRejectsATruncatedFile) {
    // Guards the other tests: a decoder that accepted anything would make them pass vacuously.
    auto bytes = encode_png(patterned_badge(40, 40), 203).value();
    bytes.resize(bytes.size() / 2);
    EXPECT_NONFATAL_FAILURE(decode_png(bytes), "libpng could not read the PNG");
}

// ---------------------------------------------------------------------------------------------------------
// RGB pictures: encode_png_rgb and decode_png_rgb / read_png_rgb_file

const std::filesystem::path shipped_logo = CHECKIN_TEST_DATA "/../../printing/templates/cwd-plus-logo.png";
const std::filesystem::path golden_badge = CHECKIN_TEST_DATA "/badges/ql-62red-100-1.png";

// A pseudo-random (fixed, so reproducible) RGB picture: every pixel differs from its neighbours, so a
// swapped channel, a row off by one or a wrong stride shows.
std::vector<std::uint8_t> noise_rgb(std::size_t width, std::size_t height) {
    std::vector<std::uint8_t> samples(width * height * rgb_bytes);
    std::uint32_t state = 2024;
    for (auto& sample : samples) {
        state = state * 1664525U + 1013904223U;
        sample = static_cast<std::uint8_t>(state >> 24);
    }
    return samples;
}

RgbImage decoded_rgb(const std::vector<std::uint8_t>& bytes) {
    auto rgb = decode_png_rgb(bytes);
    if (!rgb) {
        ADD_FAILURE() << "decode failed: " << rgb.error().message;
        return {};
    }
    return std::move(*rgb);
}

std::string rgb_decode_error(const std::vector<std::uint8_t>& bytes) {
    auto rgb = decode_png_rgb(bytes);
    if (rgb) {
        ADD_FAILURE() << "decoding succeeded where it should have failed";
        return {};
    }
    return rgb.error().message;
}

// Each grey level repeated into red, green and blue.
std::vector<std::uint8_t> grey_as_rgb(const std::vector<std::uint8_t>& levels) {
    std::vector<std::uint8_t> rgb;
    for (const std::uint8_t level : levels) {
        rgb.insert(rgb.end(), {level, level, level});
    }
    return rgb;
}

// The CRC-32 of PNG chunks (ISO 3309, reflected, polynomial 0xEDB88320), for patching a header by hand.
std::uint32_t chunk_crc(const std::uint8_t* data, std::size_t length) {
    std::uint32_t crc = 0xFFFFFFFFU;
    for (std::size_t index = 0; index < length; ++index) {
        crc ^= data[index];
        for (int bit = 0; bit < 8; ++bit) {
            crc = (crc & 1U) != 0 ? (crc >> 1U) ^ 0xEDB88320U : crc >> 1U;
        }
    }
    return crc ^ 0xFFFFFFFFU;
}

void put_big_endian(std::vector<std::uint8_t>& bytes, std::size_t at, std::uint32_t value) {
    for (std::size_t index = 0; index < 4; ++index) {
        bytes[at + index] = static_cast<std::uint8_t>(value >> (8U * (3U - index)));
    }
}

// A valid 1 × 1 PNG whose header then claims `width` × `height`, with the header's CRC fixed up: only a
// decoder that checks the size before taking memory for the pixels refuses it for the right reason.
std::vector<std::uint8_t> png_claiming_size(std::uint32_t width, std::uint32_t height) {
    std::vector<std::uint8_t> bytes = encode_png_rgb(1, 1, std::vector<std::uint8_t>{1, 2, 3}).value();
    // Signature (8), IHDR length (4), "IHDR" (4), width at 16, height at 20, ... CRC at 29 over 12..28.
    put_big_endian(bytes, 16, width);
    put_big_endian(bytes, 20, height);
    put_big_endian(bytes, 29, chunk_crc(bytes.data() + 12, 17));
    return bytes;
}

TEST(PngRgb, EncodedPictureIsPlainEightBitRgb) {
    const auto decoded = decode_png(encode_png_rgb(13, 7, noise_rgb(13, 7)).value());
    ASSERT_TRUE(decoded.has_value());
    EXPECT_EQ(decoded->width, 13U);
    EXPECT_EQ(decoded->height, 7U);
    EXPECT_EQ(decoded->bit_depth, 8);
    EXPECT_EQ(decoded->colour_type, PNG_COLOR_TYPE_RGB);
    EXPECT_EQ(decoded->interlace, PNG_INTERLACE_NONE);
    EXPECT_EQ(decoded->pixels, noise_rgb(13, 7)); // read by the independent test decoder above
}

TEST(PngRgb, EncodeThenDecodeGivesTheSamePixels) {
    for (const auto& [width, height] :
         std::array<std::pair<std::size_t, std::size_t>, 4>{{{1, 1}, {37, 23}, {2, 301}, {640, 480}}}) {
        const std::vector<std::uint8_t> pixels = noise_rgb(width, height);
        const RgbImage rgb = decoded_rgb(encode_png_rgb(width, height, pixels).value());
        EXPECT_EQ(rgb.width, width);
        EXPECT_EQ(rgb.height, height);
        EXPECT_TRUE(rgb.pixels == pixels) << width << " × " << height;
    }
}

TEST(PngRgb, EncodeRefusesAWrongSizeOrBuffer) {
    EXPECT_EQ(encode_png_rgb(0, 4, {}).error().message, "a PNG needs at least one pixel");
    EXPECT_EQ(encode_png_rgb(4, 0, {}).error().message, "a PNG needs at least one pixel");
    EXPECT_EQ(encode_png_rgb(2, 2, std::vector<std::uint8_t>(11)).error().message,
              "11 bytes are not a 2 × 2 RGB picture (that takes 12)");
    EXPECT_EQ(encode_png_rgb(2, 2, std::vector<std::uint8_t>(13)).error().message,
              "13 bytes are not a 2 × 2 RGB picture (that takes 12)");
    EXPECT_EQ(
        encode_png_rgb(rgb_max_side_pixels + 1, 1, std::vector<std::uint8_t>((rgb_max_side_pixels + 1) * 3))
            .error()
            .message,
        "a 16385 × 1 picture is larger than an RGB PNG here may be");
}

TEST(PngRgb, GreyBecomesEqualRedGreenAndBlue) {
    PngSpec spec = png_spec(3, 2, PNG_COLOR_TYPE_GRAY, {0, 50, 100, 150, 200, 255});
    const RgbImage rgb = decoded_rgb(make_png(spec));
    EXPECT_EQ(rgb.width, 3U);
    EXPECT_EQ(rgb.height, 2U);
    EXPECT_EQ(rgb.pixels, grey_as_rgb({0, 50, 100, 150, 200, 255}));
}

TEST(PngRgb, OneBitGreyIsBlackAndWhite) {
    // 10 pixels a row, packed high bit first: 1011 0010 | 01xx xxxx, then 0100 1101 | 10xx xxxx.
    PngSpec spec = png_spec(10, 2, PNG_COLOR_TYPE_GRAY, {0xB2, 0x40, 0x4D, 0x80});
    spec.bit_depth = 1;
    const RgbImage rgb = decoded_rgb(make_png(spec));
    const std::vector<std::uint8_t> levels = {255, 0,   255, 255, 0,   0,   255, 0,   0,   255,
                                              0,   255, 0,   0,   255, 255, 0,   255, 255, 0};
    EXPECT_EQ(rgb.pixels, grey_as_rgb(levels));
}

TEST(PngRgb, PaletteEntriesBecomeTheirColours) {
    PngSpec spec = png_spec(4, 1, PNG_COLOR_TYPE_PALETTE, {2, 0, 1, 2});
    spec.palette = {{200, 10, 20}, {0, 128, 255}, {7, 8, 9}};
    EXPECT_EQ(decoded_rgb(make_png(spec)).pixels,
              (std::vector<std::uint8_t>{7, 8, 9, 200, 10, 20, 0, 128, 255, 7, 8, 9}));

    PngSpec two_bits = png_spec(4, 1, PNG_COLOR_TYPE_PALETTE, {0b10'00'01'10});
    two_bits.bit_depth = 2;
    two_bits.palette = spec.palette;
    EXPECT_EQ(decoded_rgb(make_png(two_bits)).pixels,
              (std::vector<std::uint8_t>{7, 8, 9, 200, 10, 20, 0, 128, 255, 7, 8, 9}));
}

TEST(PngRgb, AlphaIsCompositedOverWhite) {
    // Grey with alpha: opaque black, transparent black, half-transparent black.
    PngSpec grey_alpha = png_spec(3, 1, PNG_COLOR_TYPE_GRAY_ALPHA, {0, 255, 0, 0, 0, 128});
    const RgbImage grey = decoded_rgb(make_png(grey_alpha));
    ASSERT_EQ(grey.pixels.size(), 9U);
    EXPECT_EQ(grey.pixels[0], 0);
    EXPECT_EQ(grey.pixels[3], 255);
    EXPECT_GT(grey.pixels[6], 60); // between black and white, whichever light libpng mixes them in
    EXPECT_LT(grey.pixels[6], 220);

    // RGBA: opaque red, transparent red.
    PngSpec rgba = png_spec(2, 1, PNG_COLOR_TYPE_RGB_ALPHA, {255, 0, 0, 255, 255, 0, 0, 0});
    EXPECT_EQ(decoded_rgb(make_png(rgba)).pixels, (std::vector<std::uint8_t>{255, 0, 0, 255, 255, 255}));

    // A palette whose second entry is transparent (tRNS).
    PngSpec palette = png_spec(2, 1, PNG_COLOR_TYPE_PALETTE, {0, 1});
    palette.palette = {{0, 0, 200}, {0, 0, 200}};
    palette.palette_alpha = {255, 0};
    EXPECT_EQ(decoded_rgb(make_png(palette)).pixels, (std::vector<std::uint8_t>{0, 0, 200, 255, 255, 255}));
}

TEST(PngRgb, SixteenBitSamplesKeepTheirHighByte) {
    // Big-endian 16-bit RGB: (0x1234, 0xABCD, 0xFF00) and black.
    PngSpec spec = png_spec(2, 1, PNG_COLOR_TYPE_RGB, {0x12, 0x34, 0xAB, 0xCD, 0xFF, 0x00, 0, 0, 0, 0, 0, 0});
    spec.bit_depth = 16;
    const RgbImage rgb = decoded_rgb(make_png(spec));
    ASSERT_EQ(rgb.pixels.size(), 6U);
    EXPECT_NEAR(rgb.pixels[0], 0x12, 1);
    EXPECT_NEAR(rgb.pixels[1], 0xAB, 1);
    EXPECT_NEAR(rgb.pixels[2], 0xFF, 1);
    EXPECT_EQ(rgb.pixels[3], 0);
}

TEST(PngRgb, InterlacedDecodesLikeNonInterlaced) {
    PngSpec spec = png_spec(29, 17, PNG_COLOR_TYPE_RGB, noise_rgb(29, 17));
    spec.interlace = PNG_INTERLACE_ADAM7;
    const RgbImage rgb = decoded_rgb(make_png(spec));
    EXPECT_EQ(rgb.width, 29U);
    EXPECT_TRUE(rgb.pixels == noise_rgb(29, 17));
}

TEST(PngRgb, ShippedLogoWithAlphaDecodesOverWhite) {
    auto rgb = read_png_rgb_file(shipped_logo);
    ASSERT_TRUE(rgb) << rgb.error().message;
    EXPECT_EQ(rgb->width, 600U);
    EXPECT_EQ(rgb->height, 600U);
    // The corner is transparent in the file (grey + alpha): white here.
    EXPECT_EQ(rgb->pixels[0], 255);
    EXPECT_EQ(rgb->pixels[1], 255);
    EXPECT_EQ(rgb->pixels[2], 255);
    const bool has_ink =
        std::any_of(rgb->pixels.begin(), rgb->pixels.end(), [](std::uint8_t level) { return level < 128; });
    EXPECT_TRUE(has_ink);
}

TEST(PngRgb, GoldenBadgeDecodesLikeTheTestDecoderReadsIt) {
    std::ifstream file(golden_badge, std::ios::binary);
    ASSERT_TRUE(file) << golden_badge;
    const std::vector<std::uint8_t> bytes((std::istreambuf_iterator<char>(file)),
                                          std::istreambuf_iterator<char>());
    const auto reference = decode_png(bytes);
    ASSERT_TRUE(reference.has_value());
    const RgbImage rgb = decoded_rgb(bytes);
    EXPECT_EQ(rgb.width, reference->width);
    EXPECT_EQ(rgb.height, reference->height);
    EXPECT_TRUE(rgb.pixels == reference->pixels);
}

TEST(PngRgb, GarbageIsRefusedWithAReason) {
    EXPECT_NE(rgb_decode_error({}).find("not a PNG"), std::string::npos);
    EXPECT_NE(rgb_decode_error({'G', 'I', 'F', '8', '9', 'a', 0, 0, 0, 0}).find("not a PNG"),
              std::string::npos);
    std::vector<std::uint8_t> noise = noise_rgb(40, 40);
    EXPECT_NE(rgb_decode_error(noise).find("not a PNG"), std::string::npos);

    // A PNG signature followed by noise, and a PNG cut in half.
    std::copy(png_signature.begin(), png_signature.end(), noise.begin());
    EXPECT_NE(rgb_decode_error(noise).find("truncated or corrupt"), std::string::npos);
    std::vector<std::uint8_t> cut = encode_png_rgb(40, 40, noise_rgb(40, 40)).value();
    cut.resize(cut.size() / 2);
    EXPECT_NE(rgb_decode_error(cut).find("truncated or corrupt"), std::string::npos);
}

TEST(PngRgb, OversizedPictureIsRefusedBeforeDecoding) {
    const std::string wide = rgb_decode_error(png_claiming_size(20000, 10));
    EXPECT_NE(wide.find("20000 × 10 pixels"), std::string::npos) << wide;
    // Each side allowed, but 10^8 pixels in all: 300 MB that must not be allocated.
    const std::string huge = rgb_decode_error(png_claiming_size(10000, 10000));
    EXPECT_NE(huge.find("10000 × 10000 pixels"), std::string::npos) << huge;
}

TEST(PngRgb, FileErrorsNameTheFile) {
    std::string pattern = (std::filesystem::temp_directory_path() / "png-rgb-test-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    const std::filesystem::path folder = pattern;

    const auto missing = read_png_rgb_file(folder / "missing.png");
    ASSERT_FALSE(missing);
    EXPECT_NE(missing.error().message.find("missing.png"), std::string::npos) << missing.error().message;

    const std::filesystem::path text = folder / "notes.png";
    std::ofstream(text) << "not a picture";
    const auto not_png = read_png_rgb_file(text);
    ASSERT_FALSE(not_png);
    EXPECT_NE(not_png.error().message.find("notes.png"), std::string::npos) << not_png.error().message;
    EXPECT_NE(not_png.error().message.find("not a PNG"), std::string::npos) << not_png.error().message;

    const std::filesystem::path good = folder / "good.png";
    const std::vector<std::uint8_t> bytes = encode_png_rgb(5, 3, noise_rgb(5, 3)).value();
    std::ofstream(good, std::ios::binary)
        .write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    const auto read = read_png_rgb_file(good);
    ASSERT_TRUE(read) << read.error().message;
    EXPECT_EQ(read->pixels, noise_rgb(5, 3));

    std::error_code ignored;
    std::filesystem::remove_all(folder, ignored);
}

} // namespace
} // namespace checkin::printing
