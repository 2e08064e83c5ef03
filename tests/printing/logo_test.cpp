#include "printing/logo.hpp"
#include "tests/printing/png_writer.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <png.h>
#include <string>
#include <system_error>
#include <unistd.h>
#include <utility>
#include <vector>

namespace checkin::printing {
namespace {

using test_png::make_png;
using test_png::PngSpec;

const std::filesystem::path shipped_logo = CHECKIN_TEST_DATA "/../../printing/templates/cwd-plus-logo.png";

PngSpec grey_png(png_uint_32 width, png_uint_32 height, std::vector<png_byte> levels) {
    return test_png::png_spec(width, height, PNG_COLOR_TYPE_GRAY, std::move(levels));
}

PngSpec rgb_png(png_uint_32 width, png_uint_32 height, std::vector<png_byte> samples) {
    return test_png::png_spec(width, height, PNG_COLOR_TYPE_RGB, std::move(samples));
}

PngSpec rgba_png(png_uint_32 width, png_uint_32 height, std::vector<png_byte> samples) {
    return test_png::png_spec(width, height, PNG_COLOR_TYPE_RGB_ALPHA, std::move(samples));
}

// A pseudo-random (fixed, so reproducible) RGB picture that compresses badly: a cut anywhere hits pixels.
std::vector<png_byte> noise_rgb(std::size_t width, std::size_t height) {
    std::vector<png_byte> samples(width * height * 3);
    std::uint32_t state = 12345;
    for (auto& sample : samples) {
        state = state * 1664525U + 1013904223U;
        sample = static_cast<png_byte>(state >> 24);
    }
    return samples;
}

// The sRGB level of linear luminance `luminance` (0–1): what a colour's grey should come out as.
double srgb_level(double luminance) {
    const double encoded =
        luminance <= 0.0031308 ? 12.92 * luminance : 1.055 * std::pow(luminance, 1.0 / 2.4) - 0.055;
    return 255.0 * encoded;
}

GreyImage decoded(const PngSpec& spec) {
    auto grey = decode_png_grey(make_png(spec));
    if (!grey) {
        ADD_FAILURE() << "decode failed: " << grey.error().message;
        return {};
    }
    return std::move(*grey);
}

std::string decode_error(const std::vector<std::uint8_t>& bytes) {
    auto grey = decode_png_grey(bytes);
    if (grey) {
        ADD_FAILURE() << "decoding succeeded where it should have failed";
        return {};
    }
    return grey.error().message;
}

GreyImage flat(std::size_t width, std::size_t height, std::uint8_t level) {
    return GreyImage{width, height, std::vector<std::uint8_t>(width * height, level)};
}

double black_share(const Bitmap& bitmap) {
    return static_cast<double>(bitmap.black_dots()) / static_cast<double>(bitmap.width() * bitmap.height());
}

// A file in a fresh folder under the system's temporary folder, removed with the folder at the end.
class TemporaryFolder {
public:
    TemporaryFolder() {
        std::string pattern = (std::filesystem::temp_directory_path() / "logo-test-XXXXXX").string();
        if (::mkdtemp(pattern.data()) == nullptr) {
            throw std::system_error(errno, std::generic_category(), "mkdtemp");
        }
        m_path = pattern;
    }
    ~TemporaryFolder() {
        std::error_code ignored;
        std::filesystem::remove_all(m_path, ignored);
    }
    TemporaryFolder(const TemporaryFolder&) = delete;
    TemporaryFolder& operator=(const TemporaryFolder&) = delete;

    std::filesystem::path write(const std::string& name, const std::vector<std::uint8_t>& bytes) const {
        const std::filesystem::path path = m_path / name;
        std::ofstream file(path, std::ios::binary);
        file.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
        return path;
    }
    const std::filesystem::path& path() const { return m_path; }

private:
    std::filesystem::path m_path;
};

// ---------------------------------------------------------------------------------------------------------
// Decoding

TEST(LogoDecode, GreyLevelsAreKeptExactly) {
    const std::vector<png_byte> levels = {0, 1, 17, 64, 127, 128, 200, 254, 255, 90, 30, 220};
    const GreyImage grey = decoded(grey_png(4, 3, levels));
    EXPECT_EQ(grey.width, 4U);
    EXPECT_EQ(grey.height, 3U);
    EXPECT_EQ(grey.levels, levels);
}

TEST(LogoDecode, ColourBecomesItsLuminance) {
    // White, black, a neutral grey, then red, green and blue: Rec. 709 weights in linear light.
    const GreyImage grey =
        decoded(rgb_png(6, 1, {255, 255, 255, 0, 0, 0, 100, 100, 100, 255, 0, 0, 0, 255, 0, 0, 0, 255}));
    ASSERT_EQ(grey.levels.size(), 6U);
    EXPECT_EQ(grey.levels[0], 255);
    EXPECT_EQ(grey.levels[1], 0);
    EXPECT_EQ(grey.levels[2], 100);                       // a grey stays its own level
    EXPECT_NEAR(grey.levels[3], srgb_level(0.2126), 1.5); // red: about 127
    EXPECT_NEAR(grey.levels[4], srgb_level(0.7152), 1.5); // green: about 220
    EXPECT_NEAR(grey.levels[5], srgb_level(0.0722), 1.5); // blue: about 76
}

TEST(LogoDecode, PaletteEntriesBecomeTheirGrey) {
    PngSpec spec;
    spec.width = 4;
    spec.height = 2;
    spec.colour_type = PNG_COLOR_TYPE_PALETTE;
    spec.bit_depth = 2; // four pixels to a byte: exercises unpacking too
    spec.palette = {{0, 0, 0}, {255, 255, 255}, {128, 128, 128}, {255, 0, 0}};
    // Row 0: indices 0 1 2 3; row 1: 3 2 1 0.
    spec.rows = {0b00'01'10'11, 0b11'10'01'00};
    const GreyImage grey = decoded(spec);
    ASSERT_EQ(grey.levels.size(), 8U);
    EXPECT_EQ(grey.levels[0], 0);
    EXPECT_EQ(grey.levels[1], 255);
    EXPECT_EQ(grey.levels[2], 128);
    EXPECT_NEAR(grey.levels[3], srgb_level(0.2126), 1.5);
    EXPECT_EQ(grey.levels[4], grey.levels[3]);
    EXPECT_EQ(grey.levels[5], 128);
    EXPECT_EQ(grey.levels[6], 255);
    EXPECT_EQ(grey.levels[7], 0);
}

TEST(LogoDecode, AlphaIsCompositedOverWhite) {
    const GreyImage grey = decoded(rgba_png(6, 1,
                                            {
                                                0,   0,   0,   255, // opaque black
                                                0,   0,   0,   0,   // transparent black: paper
                                                0,   0,   0,   128, // half-transparent black
                                                0,   0,   0,   51,  // 20 % black
                                                100, 100, 100, 255, // opaque grey
                                                255, 0,   0,   0,   // transparent red: paper
                                            }));
    ASSERT_EQ(grey.levels.size(), 6U);
    EXPECT_EQ(grey.levels[0], 0);
    EXPECT_EQ(grey.levels[1], 255);
    EXPECT_EQ(grey.levels[2], 127); // 255 × 127/255, rounded: ink in proportion to the opacity
    EXPECT_EQ(grey.levels[3], 204); // 255 × 204/255
    EXPECT_EQ(grey.levels[4], 100);
    EXPECT_EQ(grey.levels[5], 255);
}

TEST(LogoDecode, PaletteTransparencyIsPaper) {
    PngSpec spec;
    spec.width = 3;
    spec.height = 1;
    spec.colour_type = PNG_COLOR_TYPE_PALETTE;
    spec.palette = {{0, 0, 0}, {0, 0, 0}, {0, 0, 0}};
    spec.palette_alpha = {0, 255, 128}; // entry 0 transparent, 1 opaque, 2 half
    spec.rows = {0, 1, 2};
    const GreyImage grey = decoded(spec);
    EXPECT_EQ(grey.levels, (std::vector<std::uint8_t>{255, 0, 127}));
}

TEST(LogoDecode, GreyTransparentColourIsPaper) {
    PngSpec spec = grey_png(3, 1, {0, 10, 0});
    spec.transparent_colour = png_color_16{0, 0, 0, 0, 0}; // tRNS: grey level 0 is transparent
    const GreyImage grey = decoded(spec);
    EXPECT_EQ(grey.levels, (std::vector<std::uint8_t>{255, 10, 255}));
}

TEST(LogoDecode, SixteenBitSamplesAreTakenAsSrgb) {
    // 16-bit grey + alpha, big-endian: 0x8080 is the 16-bit form of 128, 0x4040 of 64.
    PngSpec spec;
    spec.width = 4;
    spec.height = 1;
    spec.colour_type = PNG_COLOR_TYPE_GRAY_ALPHA;
    spec.bit_depth = 16;
    spec.rows = {
        0x80, 0x80, 0xFF, 0xFF, // mid grey, opaque
        0x40, 0x40, 0xFF, 0xFF, // dark grey, opaque
        0x00, 0x00, 0x00, 0x00, // black, transparent
        0x00, 0x00, 0xFF, 0xFF, // black, opaque
    };
    EXPECT_EQ(decoded(spec).levels, (std::vector<std::uint8_t>{128, 64, 255, 0}));

    PngSpec rgb = rgb_png(2, 1, {0x64, 0x64, 0x64, 0x64, 0x64, 0x64, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF});
    rgb.bit_depth = 16;
    EXPECT_EQ(decoded(rgb).levels, (std::vector<std::uint8_t>{100, 255}));
}

TEST(LogoDecode, InterlacedDecodesLikeNonInterlaced) {
    PngSpec plain = rgb_png(13, 11, noise_rgb(13, 11));
    PngSpec interlaced = plain;
    interlaced.interlace = PNG_INTERLACE_ADAM7;
    const auto interlaced_bytes = make_png(interlaced);
    ASSERT_NE(interlaced_bytes, make_png(plain)); // guards the test: the file really is interlaced
    const GreyImage expected = decoded(plain);
    EXPECT_EQ(expected.levels.size(), 13U * 11U);
    auto actual = decode_png_grey(interlaced_bytes);
    ASSERT_TRUE(actual) << actual.error().message;
    EXPECT_EQ(*actual, expected);
}

TEST(LogoDecode, NotAPngIsRefusedWithAReason) {
    const std::string text = "hello, this is a text file";
    EXPECT_NE(decode_error({text.begin(), text.end()}).find("not a PNG image"), std::string::npos);
    EXPECT_NE(decode_error({}).find("not a PNG image"), std::string::npos);
    const std::string jpeg_message = decode_error({0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 'J', 'F', 'I', 'F'});
    EXPECT_NE(jpeg_message.find("JPEG"), std::string::npos) << jpeg_message;
    EXPECT_NE(jpeg_message.find("save the logo as a PNG"), std::string::npos) << jpeg_message;
}

TEST(LogoDecode, TruncatedPngIsRefused) {
    const auto bytes = make_png(rgb_png(40, 40, noise_rgb(40, 40)));
    for (const std::size_t kept : {std::size_t{12}, std::size_t{40}, bytes.size() / 2, bytes.size() - 20}) {
        const std::vector<std::uint8_t> cut(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(kept));
        const std::string message = decode_error(cut);
        EXPECT_NE(message.find("truncated or corrupt"), std::string::npos) << kept << ": " << message;
    }
}

TEST(LogoDecode, CorruptPngIsRefused) {
    auto bytes = make_png(rgb_png(40, 40, noise_rgb(40, 40)));
    const std::string idat = "IDAT";
    const auto found = std::search(bytes.begin(), bytes.end(), idat.begin(), idat.end());
    ASSERT_NE(found, bytes.end());
    *(found + 20) ^= 0x55; // a byte of the compressed pixels: the chunk's CRC no longer matches
    const std::string message = decode_error(bytes);
    EXPECT_NE(message.find("truncated or corrupt"), std::string::npos) << message;
    EXPECT_NE(message.find("libpng: "), std::string::npos) << message; // and what exactly libpng found
}

TEST(LogoDecode, OversizedPictureIsRefusedBeforeDecoding) {
    // Only a header: were the pixels decoded, the missing data would be reported instead.
    PngSpec wide;
    wide.width = 9000;
    wide.height = 10;
    wide.header_only = true;
    const std::string message = decode_error(make_png(wide));
    EXPECT_NE(message.find("9000 × 10 pixels"), std::string::npos) << message;
    EXPECT_NE(message.find("8192 × 8192"), std::string::npos) << message;

    PngSpec huge = wide;
    huge.width = 100000;
    huge.height = 100000; // 10^10 pixels: must not be allocated
    EXPECT_NE(decode_error(make_png(huge)).find("100000 × 100000 pixels"), std::string::npos);

    PngSpec tall = wide;
    tall.width = 10;
    tall.height = 8193;
    EXPECT_NE(decode_error(make_png(tall)).find("10 × 8193 pixels"), std::string::npos);
}

TEST(LogoDecode, LargestAllowedSideIsAccepted) {
    const GreyImage grey = decoded(grey_png(8192, 1, std::vector<png_byte>(8192, 77)));
    EXPECT_EQ(grey.width, 8192U);
    EXPECT_EQ(grey.levels, std::vector<std::uint8_t>(8192, 77));
}

// ---------------------------------------------------------------------------------------------------------
// Reading a file

TEST(LogoFile, ReadsAPngFile) {
    TemporaryFolder folder;
    const std::vector<png_byte> levels = {0, 50, 100, 150, 200, 255};
    const auto path = folder.write("logo.png", make_png(grey_png(3, 2, levels)));
    auto grey = read_png_grey_file(path);
    ASSERT_TRUE(grey) << grey.error().message;
    EXPECT_EQ(grey->width, 3U);
    EXPECT_EQ(grey->height, 2U);
    EXPECT_EQ(grey->levels, levels);
}

TEST(LogoFile, MissingFileIsNamed) {
    TemporaryFolder folder;
    const auto path = folder.path() / "no-such-logo.png";
    auto grey = read_png_grey_file(path);
    ASSERT_FALSE(grey);
    EXPECT_NE(grey.error().message.find(path.string()), std::string::npos) << grey.error().message;
    EXPECT_NE(grey.error().message.find("cannot read the logo file"), std::string::npos)
        << grey.error().message;
}

TEST(LogoFile, FolderIsNotALogo) {
    TemporaryFolder folder;
    auto grey = read_png_grey_file(folder.path());
    ASSERT_FALSE(grey);
    EXPECT_NE(grey.error().message.find(folder.path().string()), std::string::npos) << grey.error().message;
}

TEST(LogoFile, BadContentNamesTheFileAndTheProblem) {
    TemporaryFolder folder;
    const std::string text = "GIF89a and then some";
    const auto gif = folder.write("logo.gif", {text.begin(), text.end()});
    auto grey = read_png_grey_file(gif);
    ASSERT_FALSE(grey);
    EXPECT_EQ(grey.error().message,
              "the logo file " + gif.string() + ": not a PNG image but a GIF file; save the logo as a PNG");

    auto bytes = make_png(rgb_png(20, 20, noise_rgb(20, 20)));
    bytes.resize(bytes.size() / 2);
    const auto cut = folder.write("cut.png", bytes);
    auto truncated = read_png_grey_file(cut);
    ASSERT_FALSE(truncated);
    EXPECT_NE(truncated.error().message.find(cut.string()), std::string::npos);
    EXPECT_NE(truncated.error().message.find("truncated or corrupt"), std::string::npos);
}

TEST(LogoFile, ShippedDemoLogoDecodes) {
    auto grey = read_png_grey_file(shipped_logo);
    ASSERT_TRUE(grey) << grey.error().message;
    ASSERT_EQ(grey->width, 600U);
    ASSERT_EQ(grey->height, 600U);
    const auto level = [&](std::size_t x, std::size_t y) {
        return grey->levels[y * grey->width + x];
    };
    EXPECT_EQ(level(0, 0), 255);     // transparent corner: paper
    EXPECT_EQ(level(599, 599), 255); // likewise
    EXPECT_EQ(level(300, 300), 255); // the white "+" in the middle
    EXPECT_GT(level(180, 180), 150); // the light part of the gradient, upper left
    EXPECT_LT(level(470, 470), 100); // the dark part, lower right
}

// ---------------------------------------------------------------------------------------------------------
// Scaling

TEST(LogoScale, WideImageFillsTheBoxWidth) {
    const GreyImage scaled = scale_to_fit(flat(400, 100, 128), 200, 200);
    EXPECT_EQ(scaled.width, 200U);
    EXPECT_EQ(scaled.height, 50U);
    EXPECT_EQ(scaled.levels.size(), 200U * 50U);
}

TEST(LogoScale, TallImageFillsTheBoxHeight) {
    const GreyImage scaled = scale_to_fit(flat(100, 400, 128), 200, 200);
    EXPECT_EQ(scaled.width, 50U);
    EXPECT_EQ(scaled.height, 200U);
}

TEST(LogoScale, AspectRatioIsKeptToTheNearestPixel) {
    struct Case {
        std::size_t width, height, box_width, box_height, expected_width, expected_height;
    };
    const std::array<Case, 7> cases = {{
        {600, 600, 696, 300, 300, 300}, // square into a wide box
        {600, 600, 200, 500, 200, 200}, // square into a tall box
        {333, 127, 500, 500, 500, 191}, // 127 × 500/333 = 190.7
        {127, 333, 500, 500, 191, 500}, // and on its side
        {1000, 10, 696, 300, 696, 7},   // 10 × 696/1000 = 6.96
        {16, 9, 160, 90, 160, 90},      // exactly the box's shape
        {3, 2, 1000, 1000, 1000, 667},  // enlarging: 2 × 1000/3 = 666.7
    }};
    for (const Case& test : cases) {
        const GreyImage scaled =
            scale_to_fit(flat(test.width, test.height, 90), test.box_width, test.box_height);
        EXPECT_EQ(scaled.width, test.expected_width) << test.width << "×" << test.height;
        EXPECT_EQ(scaled.height, test.expected_height) << test.width << "×" << test.height;
        EXPECT_LE(scaled.width, test.box_width);
        EXPECT_LE(scaled.height, test.box_height);
        // One side touches the box: the largest size that fits.
        EXPECT_TRUE(scaled.width == test.box_width || scaled.height == test.box_height);
    }
}

TEST(LogoScale, NeverScalesASideToZero) {
    EXPECT_EQ(scale_to_fit(flat(1000, 1, 0), 10, 10).height, 1U);
    EXPECT_EQ(scale_to_fit(flat(1000, 1, 0), 10, 10).width, 10U);
    EXPECT_EQ(scale_to_fit(flat(1, 1000, 0), 10, 10).width, 1U);
    const GreyImage one = scale_to_fit(flat(5, 5, 0), 1, 1);
    EXPECT_EQ(one.width, 1U);
    EXPECT_EQ(one.height, 1U);
    EXPECT_EQ(one.levels, std::vector<std::uint8_t>{0});
}

TEST(LogoScale, HalvingAveragesEachTwoByTwoBlock) {
    // Four 2×2 blocks: {0,100,200,60} → 90, all 255 → 255, {10,20,30,40} → 25, {0,0,0,255} → 63.75.
    const GreyImage image{4,
                          4,
                          {
                              0, 100, 255, 255,  //
                              200, 60, 255, 255, //
                              10, 20, 0, 0,      //
                              30, 40, 0, 255,    //
                          }};
    const GreyImage scaled = scale_to_fit(image, 2, 2);
    ASSERT_EQ(scaled.width, 2U);
    ASSERT_EQ(scaled.height, 2U);
    EXPECT_EQ(scaled.levels, (std::vector<std::uint8_t>{90, 255, 25, 64}));
}

TEST(LogoScale, ShrinkingWeighsPartlyCoveredPixels) {
    // Three pixels into two: each new pixel covers one and a half old ones.
    const GreyImage scaled = scale_to_fit(GreyImage{3, 1, {0, 90, 255}}, 2, 2);
    ASSERT_EQ(scaled.width, 2U);
    ASSERT_EQ(scaled.height, 1U);
    EXPECT_EQ(scaled.levels, (std::vector<std::uint8_t>{30, 200})); // 90/3 and (90 + 2 × 255)/3
}

TEST(LogoScale, EnlargingInterpolatesBilinearly) {
    const GreyImage scaled = scale_to_fit(GreyImage{2, 1, {0, 255}}, 4, 4);
    ASSERT_EQ(scaled.width, 4U);
    ASSERT_EQ(scaled.height, 2U);
    // New centres at 0.25 steps of the old pixels; the outer ones clamp to the edge pixels.
    EXPECT_EQ(scaled.levels, (std::vector<std::uint8_t>{0, 64, 191, 255, 0, 64, 191, 255}));
}

TEST(LogoScale, FlatAreasKeepTheirExactLevel) {
    for (const std::uint8_t level : {std::uint8_t{0}, std::uint8_t{255}, std::uint8_t{200}}) {
        for (const auto& [width, height] :
             {std::pair<std::size_t, std::size_t>{600, 600}, {7, 7}, {600, 7}}) {
            for (const std::size_t box : {std::size_t{173}, std::size_t{50}, std::size_t{999}}) {
                const GreyImage scaled = scale_to_fit(flat(width, height, level), box, box);
                EXPECT_TRUE(std::all_of(scaled.levels.begin(), scaled.levels.end(),
                                        [&](std::uint8_t value) { return value == level; }))
                    << int{level} << " " << width << "×" << height << " into " << box;
            }
        }
    }
}

TEST(LogoScale, AverageBrightnessIsKeptWhenShrinking) {
    // A fine checkerboard must become the grey it looks like, not black or white.
    GreyImage checkerboard = flat(300, 300, 255);
    for (std::size_t y = 0; y < 300; ++y) {
        for (std::size_t x = (y % 2); x < 300; x += 2) {
            checkerboard.levels[y * 300 + x] = 0;
        }
    }
    const GreyImage scaled = scale_to_fit(checkerboard, 70, 70);
    for (const std::uint8_t value : scaled.levels) {
        EXPECT_NEAR(value, 127.5, 12.0);
    }
}

TEST(LogoScale, EmptyInputsGiveAnEmptyImage) {
    EXPECT_EQ(scale_to_fit(GreyImage{}, 100, 100), GreyImage{});
    EXPECT_EQ(scale_to_fit(flat(10, 10, 0), 0, 100), GreyImage{});
    EXPECT_EQ(scale_to_fit(flat(10, 10, 0), 100, 0), GreyImage{});
}

TEST(LogoScale, InconsistentImageIsABrokenPrecondition) {
    EXPECT_THROW(scale_to_fit(GreyImage{10, 10, std::vector<std::uint8_t>(99)}, 5, 5), std::invalid_argument);
}

// ---------------------------------------------------------------------------------------------------------
// Dithering

TEST(LogoDither, AllWhiteHasNoDots) {
    const Bitmap bitmap = dither(flat(100, 100, 255));
    EXPECT_EQ(bitmap.width(), 100U);
    EXPECT_EQ(bitmap.height(), 100U);
    EXPECT_EQ(bitmap.black_dots(), 0U);
}

TEST(LogoDither, AllBlackIsAllDots) {
    EXPECT_EQ(dither(flat(100, 100, 0)).black_dots(), 100U * 100U);
}

TEST(LogoDither, HalfGreyIsHalfTheDots) {
    EXPECT_NEAR(black_share(dither(flat(100, 100, 128))), 0.50, 0.02);
    EXPECT_NEAR(black_share(dither(flat(100, 100, 127))), 0.50, 0.02);
}

TEST(LogoDither, DotDensityFollowsTheLevel) {
    for (const int level : {1, 16, 32, 64, 96, 160, 192, 230, 254}) {
        const double expected = 1.0 - level / 255.0;
        EXPECT_NEAR(black_share(dither(flat(100, 100, static_cast<std::uint8_t>(level)))), expected, 0.02)
            << level;
    }
    // The very lightest and darkest greys still show, not round to paper or solid ink.
    EXPECT_GT(dither(flat(100, 100, 254)).black_dots(), 0U);
    EXPECT_LT(dither(flat(100, 100, 1)).black_dots(), 100U * 100U);
}

TEST(LogoDither, GradientDensityRisesSteadilyAndMatchesTheLevel) {
    // Level = column, 0 (black) to 255 (white), 256 rows high.
    constexpr std::size_t width = 256;
    constexpr std::size_t height = 256;
    GreyImage gradient = flat(width, height, 0);
    for (std::size_t y = 0; y < height; ++y) {
        for (std::size_t x = 0; x < width; ++x) {
            gradient.levels[y * width + x] = static_cast<std::uint8_t>(x);
        }
    }
    const Bitmap bitmap = dither(gradient);
    const auto column_share = [&](std::size_t x) {
        std::size_t black = 0;
        for (std::size_t y = 0; y < height; ++y) {
            black += bitmap.black(x, y) ? 1U : 0U;
        }
        return static_cast<double>(black) / static_cast<double>(height);
    };
    EXPECT_EQ(column_share(0), 1.0);
    EXPECT_EQ(column_share(width - 1), 0.0);
    // Each column on its own, loosely (error also travels sideways); then bands of 8 columns, closely.
    for (std::size_t x = 0; x < width; ++x) {
        EXPECT_NEAR(column_share(x), 1.0 - static_cast<double>(x) / 255.0, 0.10) << "column " << x;
    }
    constexpr std::size_t band = 8;
    double previous = 2.0;
    for (std::size_t first = 0; first < width; first += band) {
        double share = 0.0;
        for (std::size_t x = first; x < first + band; ++x) {
            share += column_share(x) / static_cast<double>(band);
        }
        const double middle_level = static_cast<double>(first) + (band - 1) / 2.0;
        EXPECT_NEAR(share, 1.0 - middle_level / 255.0, 0.02) << "columns from " << first;
        EXPECT_LT(share, previous) << "columns from " << first; // each band lighter than the one before
        previous = share;
    }
}

TEST(LogoDither, FlatAreasBesideGreyStayClean) {
    // Top: a 50 % grey band between a white and a black column block; below: white, then black rows. The
    // grey's error must not spill dots into the white or holes into the black.
    constexpr std::size_t size = 90;
    GreyImage image = flat(size, size, 255);
    for (std::size_t y = 0; y < size; ++y) {
        for (std::size_t x = 0; x < size; ++x) {
            std::uint8_t level = 255;
            if (y < 40) {
                level = x < 30 ? 255 : (x < 60 ? 128 : 0);
            } else if (y >= 60) {
                level = 0;
            }
            image.levels[y * size + x] = level;
        }
    }
    const Bitmap bitmap = dither(image);
    std::size_t grey_black = 0;
    for (std::size_t y = 0; y < size; ++y) {
        for (std::size_t x = 0; x < size; ++x) {
            const std::uint8_t level = image.levels[y * size + x];
            if (level == 255) {
                EXPECT_FALSE(bitmap.black(x, y)) << "white at " << x << "," << y;
            } else if (level == 0) {
                EXPECT_TRUE(bitmap.black(x, y)) << "black at " << x << "," << y;
            } else {
                grey_black += bitmap.black(x, y) ? 1U : 0U;
            }
        }
    }
    EXPECT_NEAR(static_cast<double>(grey_black) / (30.0 * 40.0), 0.50, 0.03);
}

TEST(LogoDither, SerpentineScanLeavesNoSideDarker) {
    // One-way scanning pushes error towards one side; the left and right halves of a flat grey must match.
    const Bitmap bitmap = dither(flat(200, 200, 200));
    std::size_t left = 0;
    std::size_t right = 0;
    for (std::size_t y = 0; y < 200; ++y) {
        for (std::size_t x = 0; x < 200; ++x) {
            (x < 100 ? left : right) += bitmap.black(x, y) ? 1U : 0U;
        }
    }
    EXPECT_NEAR(static_cast<double>(left), static_cast<double>(right),
                0.05 * static_cast<double>(left + right));
}

TEST(LogoDither, EmptyAndInconsistentImages) {
    EXPECT_EQ(dither(GreyImage{}), Bitmap{});
    EXPECT_THROW(dither(GreyImage{3, 3, std::vector<std::uint8_t>(8)}), std::invalid_argument);
}

// ---------------------------------------------------------------------------------------------------------
// Scale and dither together

TEST(LogoRender, OutputFitsTheBox) {
    const GreyImage image = flat(600, 300, 100);
    for (const auto& [box_width, box_height] :
         {std::pair<std::size_t, std::size_t>{200, 200}, {696, 150}, {57, 400}, {1, 1}, {1200, 1200}}) {
        const Bitmap bitmap = render_logo(image, box_width, box_height);
        EXPECT_LE(bitmap.width(), box_width);
        EXPECT_LE(bitmap.height(), box_height);
        EXPECT_TRUE(bitmap.width() == box_width || bitmap.height() == box_height);
        EXPECT_GT(bitmap.black_dots(), 0U);
    }
    EXPECT_EQ(render_logo(image, 200, 200).height(), 100U);
}

TEST(LogoRender, TransparentLogoPrintsNothing) {
    auto grey = decode_png_grey(make_png(rgba_png(20, 20, std::vector<png_byte>(20 * 20 * 4, 0))));
    ASSERT_TRUE(grey) << grey.error().message;
    EXPECT_EQ(render_logo(*grey, 300, 300).black_dots(), 0U);
}

TEST(LogoRender, ShippedDemoLogoRendersWithCleanPlusAndPaperCorners) {
    auto grey = read_png_grey_file(shipped_logo);
    ASSERT_TRUE(grey) << grey.error().message;
    // 20 mm at 300 dpi: 236 dots.
    const Bitmap bitmap = render_logo(*grey, 236, 236);
    ASSERT_EQ(bitmap.width(), 236U);
    ASSERT_EQ(bitmap.height(), 236U);
    const double share = black_share(bitmap);
    EXPECT_GT(share, 0.2); // the grey disc
    EXPECT_LT(share, 0.7); // but dithered, not solid
    // The transparent corners and the middle of the "+" print nothing.
    for (std::size_t y = 0; y < 20; ++y) {
        for (std::size_t x = 0; x < 20; ++x) {
            EXPECT_FALSE(bitmap.black(x, y));
            EXPECT_FALSE(bitmap.black(235 - x, 235 - y));
            EXPECT_FALSE(bitmap.black(108 + x, 108 + y));
        }
    }
}

} // namespace
} // namespace checkin::printing
