#include "kiosk/selfservice/layout_metrics.hpp"
#include "kiosk/selfservice/theme.hpp"

#include <algorithm>
#include <gtest/gtest.h>
#include <string>
#include <utility>
#include <vector>

namespace checkin::kiosk {
namespace {

constexpr Colour white{255, 255, 255};
constexpr Colour black{0, 0, 0};

TEST(RelativeLuminance, MatchesWcagReferenceValues) {
    EXPECT_DOUBLE_EQ(relative_luminance(black), 0.0);
    EXPECT_NEAR(relative_luminance(white), 1.0, 1e-12);
    // The channel weights of WCAG 2.1's formula.
    EXPECT_NEAR(relative_luminance(Colour{255, 0, 0}), 0.2126, 1e-12);
    EXPECT_NEAR(relative_luminance(Colour{0, 255, 0}), 0.7152, 1e-12);
    EXPECT_NEAR(relative_luminance(Colour{0, 0, 255}), 0.0722, 1e-12);
    // Mid grey is far darker than half in linear light.
    EXPECT_NEAR(relative_luminance(Colour{128, 128, 128}), 0.2159, 1e-4);
    // Below the threshold the curve is linear: 10/255 / 12.92.
    EXPECT_NEAR(relative_luminance(Colour{10, 10, 10}), 10.0 / 255.0 / 12.92, 1e-12);
}

TEST(ContrastRatio, MatchesKnownValues) {
    EXPECT_NEAR(contrast_ratio(white, black), 21.0, 1e-9);
    EXPECT_NEAR(contrast_ratio(black, white), 21.0, 1e-9);
    EXPECT_DOUBLE_EQ(contrast_ratio(Colour{12, 34, 56}, Colour{12, 34, 56}), 1.0);
    // The textbook near miss: #777777 on white is 4.48:1, just under AA.
    const double grey_on_white = contrast_ratio(Colour{0x77, 0x77, 0x77}, white);
    EXPECT_NEAR(grey_on_white, 4.48, 0.005);
    EXPECT_LT(grey_on_white, wcag_aa_text);
    // #767676 is the lightest grey that passes on white (4.54:1).
    EXPECT_NEAR(contrast_ratio(Colour{0x76, 0x76, 0x76}, white), 4.54, 0.005);
}

struct ColourPair {
    std::string name;
    Colour foreground;
    Colour fill;
};

// Every text colour of the theme with the fill it is drawn on.
std::vector<ColourPair> text_pairs(const Theme& theme) {
    return {
        {"text on background", theme.text, theme.background},
        {"muted_text on background", theme.muted_text, theme.background},
        {"success_text on success_fill", theme.success_text, theme.success_fill},
        {"refusal_text on refusal_fill", theme.refusal_text, theme.refusal_fill},
        {"button_text on button_fill", theme.button_text, theme.button_fill},
        {"staff_text on staff_background", theme.staff_text, theme.staff_background},
        {"staff_panel_text on staff_panel", theme.staff_panel_text, theme.staff_panel},
        {"staff_warning_text on staff_warning_fill", theme.staff_warning_text, theme.staff_warning_fill},
        // The selected tab: the accent as a fill under the panel's colour.
        {"staff_panel on staff_accent", theme.staff_panel, theme.staff_accent},
    };
}

TEST(KioskTheme, EveryTextMeetsWcagAaOnItsFill) {
    for (const ColourPair& pair : text_pairs(kiosk_theme())) {
        EXPECT_GE(contrast_ratio(pair.foreground, pair.fill), wcag_aa_text) << pair.name;
    }
}

TEST(KioskTheme, BordersAndAccentsMeetNonTextContrast) {
    const Theme& theme = kiosk_theme();
    EXPECT_GE(contrast_ratio(theme.button_border, theme.background), wcag_aa_large_text);
    EXPECT_GE(contrast_ratio(theme.button_border, theme.button_fill), wcag_aa_large_text);
    EXPECT_GE(contrast_ratio(theme.staff_accent, theme.staff_background), wcag_aa_large_text);
    EXPECT_GE(contrast_ratio(theme.staff_accent, theme.staff_panel), wcag_aa_large_text);
    // The selected tab (staff_accent) against the unselected ones (button_fill on staff_background): the
    // state is told by the fill and its border, each ≥ 3:1 against the background.
    EXPECT_GE(contrast_ratio(theme.button_fill, theme.staff_background), wcag_aa_large_text);
    // Outlines on staff mode's light fills.
    EXPECT_GE(contrast_ratio(theme.staff_outline, theme.staff_background), wcag_aa_large_text);
    EXPECT_GE(contrast_ratio(theme.staff_outline, theme.staff_panel), wcag_aa_large_text);
    // The self-service countdown: outlined and filled with the band's text colour, so it keeps its text's
    // contrast against the band.
    EXPECT_GE(contrast_ratio(theme.refusal_text, theme.refusal_fill), wcag_aa_large_text);
    EXPECT_GE(contrast_ratio(theme.success_text, theme.success_fill), wcag_aa_large_text);
}

TEST(KioskTheme, TheBandsAndStaffModeAreToldApart) {
    const Theme& theme = kiosk_theme();
    EXPECT_NE(theme.success_fill, theme.refusal_fill);
    EXPECT_NE(theme.success_fill, theme.background);
    EXPECT_NE(theme.refusal_fill, theme.background);
    // Staff mode is light where self-service is dark: unmistakable at a glance.
    EXPECT_GE(contrast_ratio(theme.staff_background, theme.background), wcag_aa_text);
    EXPECT_GT(relative_luminance(theme.staff_background), relative_luminance(theme.background));
}

void expect_scale(const TypeScale& scale, const TypeScale& expected) {
    EXPECT_EQ(scale.title_px, expected.title_px);
    EXPECT_EQ(scale.heading_px, expected.heading_px);
    EXPECT_EQ(scale.body_px, expected.body_px);
    EXPECT_EQ(scale.small_px, expected.small_px);
    EXPECT_EQ(scale.button_px, expected.button_px);
}

TEST(TypeScale, HasTheReferenceSizesAt1080) {
    expect_scale(type_scale(1080), TypeScale{84, 64, 48, 36, 40});
}

TEST(TypeScale, ScalesWithTheHeight) {
    expect_scale(type_scale(720), TypeScale{56, 43, 32, 24, 27});
    expect_scale(type_scale(800), TypeScale{62, 47, 36, 27, 30});
    expect_scale(type_scale(2160), TypeScale{168, 128, 96, 72, 80});
}

TEST(TypeScale, NeverGoesBelowThe720PixelSizes) {
    const TypeScale at_720 = type_scale(720);
    for (const int height : {0, 1, 480, 600, 719}) {
        SCOPED_TRACE(height);
        expect_scale(type_scale(height), at_720);
    }
}

TEST(TypeScale, FollowsTheSameRuleAsTheSelfServiceLengths) {
    // Type and lengths scale together, so a layout never finds its text grown past its boxes.
    for (const auto& [width, height] : std::vector<std::pair<int, int>>{
             {1920, 1080}, {1080, 1920}, {1280, 720}, {800, 480}, {1366, 768}, {3840, 2160}, {1000, 1001}}) {
        SCOPED_TRACE(std::to_string(width) + "x" + std::to_string(height));
        const TypeScale scale = type_scale(std::min(width, height));
        EXPECT_EQ(scale.title_px, scaled_to_shorter_side(84, width, height));
        EXPECT_EQ(scale.body_px, scaled_to_shorter_side(48, width, height));
        EXPECT_EQ(scale.small_px, scaled_to_shorter_side(36, width, height));
    }
}

TEST(TypeScale, KeepsItsOrderAndGrowsWithTheScreen) {
    TypeScale previous = type_scale(0);
    for (int height = 0; height <= 2400; height += 8) {
        SCOPED_TRACE(height);
        const TypeScale scale = type_scale(height);
        EXPECT_GT(scale.title_px, scale.heading_px);
        EXPECT_GT(scale.heading_px, scale.body_px);
        EXPECT_GT(scale.body_px, scale.small_px);
        EXPECT_GE(scale.button_px, scale.small_px);
        EXPECT_GE(scale.small_px, previous.small_px);
        EXPECT_GE(scale.body_px, previous.body_px);
        EXPECT_GE(scale.title_px, previous.title_px);
        previous = scale;
    }
}

} // namespace
} // namespace checkin::kiosk
