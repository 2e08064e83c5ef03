// The PWG raster encoder checked against libcups's own reader: header fields and every dot.

#include "printing/pwg_raster.hpp"
#include "tests/printing/pwg_raster_reader.hpp"

#include <gtest/gtest.h>

namespace checkin::printing {
namespace {

// Runs, literals, repeated lines and a red dot in one small picture.
BadgeImage sample_picture() {
    BadgeImage image{Bitmap(300, 7), Bitmap(300, 7)};
    for (std::size_t x = 0; x < 300; ++x) {
        image.black.set(x, 0, x < 200);    // one long run of black, then white
        image.black.set(x, 3, x % 2 == 0); // nothing repeats: literal packets
        image.black.set(x, 4, x % 3 == 0); // short runs and literals
    }
    image.red->set(150, 5, true); // red prints black on a grey page
    return image;
}

TEST(PwgRaster, LibcupsReadsBackTheSamePictureAndHeader) {
    const BadgeImage image = sample_picture();
    auto bytes = encode_pwg_raster(image, 300);
    ASSERT_TRUE(bytes) << bytes.error().message;
    ASSERT_GE(bytes->size(), 4 + pwg_raster_header_size);
    EXPECT_EQ(std::string(bytes->begin(), bytes->begin() + 4), "RaS2");

    const auto pages = decode_pwg_raster(*bytes);
    ASSERT_TRUE(pages);
    ASSERT_EQ(pages->size(), 1U);
    const DecodedPwgPage& page = pages->front();
    EXPECT_EQ(page.header.cupsWidth, 300U);
    EXPECT_EQ(page.header.cupsHeight, 7U);
    EXPECT_EQ(page.header.HWResolution[0], 300U);
    EXPECT_EQ(page.header.HWResolution[1], 300U);
    EXPECT_EQ(page.header.cupsBytesPerLine, 300U);
    EXPECT_EQ(page.header.cupsNumColors, 1U);
    EXPECT_EQ(page.header.PageSize[0], 72U); // 300 dots at 300 dpi: one inch
    EXPECT_EQ(page.header.PageSize[1], 2U);  // 7 dots: 1.68 points
    EXPECT_STREQ(page.header.MediaType, "labels");

    Bitmap expected = image.black;
    expected.set(150, 5, true);
    EXPECT_EQ(page.black, expected);
}

TEST(PwgRaster, RepeatedLinesAreSentOnce) {
    BadgeImage blank{Bitmap(720, 1000), std::nullopt};
    auto bytes = encode_pwg_raster(blank, 300);
    ASSERT_TRUE(bytes);
    // 1000 white lines: 4 repeat groups of at most 256, each 1 + 6 × 2 bytes of runs.
    EXPECT_LT(bytes->size(), 4 + pwg_raster_header_size + 100);
    const auto pages = decode_pwg_raster(*bytes);
    ASSERT_TRUE(pages);
    EXPECT_EQ(pages->front().black, blank.black);
}

TEST(PwgRaster, RefusesAnEmptyPictureAndImpossibleResolutions) {
    EXPECT_FALSE(encode_pwg_raster(BadgeImage{}, 300));
    const BadgeImage image = sample_picture();
    const auto zero = encode_pwg_raster(image, 0);
    ASSERT_FALSE(zero);
    EXPECT_NE(zero.error().message.find("resolution"), std::string::npos);
    EXPECT_FALSE(encode_pwg_raster(image, 9600));
}

TEST(PwgRaster, AColourPageKeepsTheRedLayerRedAndReadsBackDotForDot) {
    BadgeImage image = sample_picture();
    for (std::size_t x = 10; x < 290; ++x) {
        image.red->set(x, 6, x % 5 != 0); // a red band with gaps: runs and literals of 3-byte pixels
    }
    image.black.set(41, 6, true); // under red: red wins, as on the PNG and the label
    auto bytes = encode_pwg_raster(image, 300, PwgColours::colour);
    ASSERT_TRUE(bytes) << bytes.error().message;

    const auto pages = decode_pwg_raster(*bytes);
    ASSERT_TRUE(pages);
    ASSERT_EQ(pages->size(), 1U);
    const DecodedPwgPage& page = pages->front();
    EXPECT_EQ(page.header.cupsColorSpace, CUPS_CSPACE_SRGB);
    EXPECT_EQ(page.header.cupsBitsPerPixel, 24U);
    EXPECT_EQ(page.header.cupsBitsPerColor, 8U);
    EXPECT_EQ(page.header.cupsNumColors, 3U);
    EXPECT_EQ(page.header.cupsBytesPerLine, 900U);
    EXPECT_EQ(page.other_colours, 0U);
    ASSERT_TRUE(page.red);
    EXPECT_EQ(*page.red, *image.red);
    Bitmap expected_black = image.black;
    expected_black.set(41, 6, false);
    EXPECT_EQ(page.black, expected_black);
}

TEST(PwgRaster, AColourPageOfABlackOnlyBadgeHasNoRedAndTheSameBlackAsGrey) {
    BadgeImage image = sample_picture();
    image.red.reset();
    auto colour = encode_pwg_raster(image, 203, PwgColours::colour);
    auto grey = encode_pwg_raster(image, 203, PwgColours::grey);
    ASSERT_TRUE(colour);
    ASSERT_TRUE(grey);
    const auto colour_pages = decode_pwg_raster(*colour);
    const auto grey_pages = decode_pwg_raster(*grey);
    ASSERT_TRUE(colour_pages);
    ASSERT_TRUE(grey_pages);
    EXPECT_EQ(colour_pages->front().black, grey_pages->front().black);
    EXPECT_EQ(colour_pages->front().black, image.black);
    ASSERT_TRUE(colour_pages->front().red);
    EXPECT_EQ(colour_pages->front().red->black_dots(), 0U);
    EXPECT_FALSE(grey_pages->front().red);
}

} // namespace
} // namespace checkin::printing
