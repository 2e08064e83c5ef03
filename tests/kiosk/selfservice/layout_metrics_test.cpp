#include "kiosk/selfservice/layout_metrics.hpp"

#include <gtest/gtest.h>
#include <string_view>

namespace checkin::kiosk {
namespace {

TEST(LayoutMetrics, SelfServiceLengthsFollowTheShorterSideAndNeverGoBelow720) {
    EXPECT_EQ(scaled_to_shorter_side(48, 1920, 1080), 48);
    EXPECT_EQ(scaled_to_shorter_side(48, 1280, 720), 32);
    EXPECT_EQ(scaled_to_shorter_side(48, 3840, 2160), 96);
    // A portrait panel is the landscape one turned.
    EXPECT_EQ(scaled_to_shorter_side(48, 1080, 1920), 48);
    EXPECT_EQ(scaled_to_shorter_side(48, 720, 1280), 32);
    // Below 720 pixels, the 720-pixel sizes.
    EXPECT_EQ(scaled_to_shorter_side(48, 800, 480), 32);
    // Rounded to the nearest pixel: 3 × 800 / 1080 = 2.22, 112 × 800 / 1080 = 82.96.
    EXPECT_EQ(scaled_to_shorter_side(3, 1280, 800), 2);
    EXPECT_EQ(scaled_to_shorter_side(112, 1280, 800), 83);
}

TEST(LayoutMetrics, StaffLengthsFollowTheHeightWithoutAFloor) {
    EXPECT_EQ(scaled_to_height(72, 1080), 72);
    EXPECT_EQ(scaled_to_height(72, 720), 48);
    EXPECT_EQ(scaled_to_height(72, 2160), 144);
    EXPECT_EQ(scaled_to_height(72, 480), 32);
    EXPECT_EQ(scaled_to_height(12, 800), 9); // 8.89
}

TEST(LayoutMetrics, ALineIsOnePointTwoEmRounded) {
    EXPECT_EQ(line_height(40), 48);
    EXPECT_EQ(line_height(36), 44); // 43.2 rounded up from .2 by the + 4
    EXPECT_EQ(line_height(48), 58); // 57.6
    EXPECT_EQ(line_height(0), 0);
}

TEST(LayoutMetrics, TheFittingFontIsTheLargestWhoseLineFitsWithinItsBounds) {
    EXPECT_EQ(font_fitting(40, 64, 24), 40); // 64 × 5 / 6 = 53: the wanted size fits
    EXPECT_EQ(font_fitting(40, 36, 24), 30); // 36 × 5 / 6
    EXPECT_EQ(font_fitting(40, 12, 24), 24); // never below the minimum
    EXPECT_LE(line_height(font_fitting(40, 36, 24)), 36);
}

TEST(LayoutMetrics, TheEstimateCountsCharactersNotBytes) {
    // "Łęcka" is seven bytes and five letters; only ASCII capitals and digits count as wide, so all five
    // count 0.58 em.
    EXPECT_EQ(estimated_text_width_em_thousandths("Łęcka", FontWeight::regular), 5 * 580);
    EXPECT_EQ(estimated_text_width_em_thousandths("—", FontWeight::regular), 580); // three bytes, one dash
}

TEST(LayoutMetrics, CapitalsAndDigitsAreEstimatedWiderThanOtherCharacters) {
    EXPECT_EQ(estimated_text_width_em_thousandths("abc", FontWeight::regular), 3 * 580);
    EXPECT_EQ(estimated_text_width_em_thousandths("ABC", FontWeight::regular), 3 * 680);
    EXPECT_EQ(estimated_text_width_em_thousandths("CWD-7F3K", FontWeight::regular), 7 * 680 + 580);
    // A Polish letter is one character, estimated like lower case (only ASCII capitals count as wide).
    EXPECT_EQ(estimated_text_width_em_thousandths("Łęcka", FontWeight::regular), 5 * 580);
    EXPECT_EQ(estimated_text_width_em_thousandths("a b", FontWeight::regular), 3 * 580);
    EXPECT_EQ(estimated_text_width_em_thousandths("", FontWeight::bold), 0);
}

TEST(LayoutMetrics, BoldIsAnEighthWider) {
    EXPECT_EQ(estimated_text_width_em_thousandths("ab", FontWeight::bold), 1160 * 9 / 8);
    for (const std::string_view text : {"English", "Polski", "Łęcka", "CWD-7F3K", "Wydrukuj ponownie"}) {
        SCOPED_TRACE(text);
        EXPECT_GT(estimated_text_width(text, 36, FontWeight::bold),
                  estimated_text_width(text, 36, FontWeight::regular));
    }
}

TEST(LayoutMetrics, TheWidthInPixelsScalesWithTheFontAndIsRoundedDown) {
    EXPECT_EQ(estimated_text_width("Łęcka", 40), 116);                     // 2900 × 40 / 1000
    EXPECT_EQ(estimated_text_width("CWD-7F3K", 36), 192);                  // 5340 × 36 / 1000 = 192.24
    EXPECT_EQ(estimated_text_width("English", 40, FontWeight::bold), 187); // 4160 × 9 / 8 × 40 / 1000 = 187.2
    EXPECT_EQ(estimated_text_width("", 40), 0);
}

TEST(LayoutMetrics, TheEstimateGrowsWithTheFontSize) {
    for (const FontWeight weight : {FontWeight::regular, FontWeight::bold}) {
        int previous = 0;
        for (int font_px = 1; font_px <= 200; ++font_px) {
            const int width = estimated_text_width("Zeskanuj kod QR", font_px, weight);
            EXPECT_GE(width, previous) << font_px;
            previous = width;
        }
        EXPECT_GT(estimated_text_width("Zeskanuj kod QR", 96, weight),
                  estimated_text_width("Zeskanuj kod QR", 48, weight));
    }
}

} // namespace
} // namespace checkin::kiosk
