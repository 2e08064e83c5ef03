#include "kiosk/selfservice/theme.hpp"

#include "kiosk/selfservice/layout_metrics.hpp"

#include <algorithm>
#include <cmath>

namespace checkin::kiosk {
namespace {

// An sRGB channel (0–255) as linear light, by WCAG 2.1's formula (its 0.03928 threshold differs from
// the sRGB standard's 0.04045 only for values no 8-bit channel takes).
double linear_channel(std::uint8_t channel) {
    const double value = channel / 255.0;
    return value <= 0.03928 ? value / 12.92 : std::pow((value + 0.055) / 1.055, 2.4);
}

constexpr Colour rgb(std::uint32_t hex) {
    return Colour{static_cast<std::uint8_t>((hex >> 16) & 0xFF), static_cast<std::uint8_t>((hex >> 8) & 0xFF),
                  static_cast<std::uint8_t>(hex & 0xFF)};
}

// The ratios in the comments are contrast_ratio against the fill the colour is used on (checked by the
// theme tests). Self-service: a calm dark navy with white text, which also keeps a bright screen from
// glaring in a dim hall. Staff mode is light grey with dark text, so nobody mistakes it for the
// delegates' screen.
const Theme theme{
    .background = rgb(0x0B1F3A),
    .text = rgb(0xFFFFFF),       // 16.5:1
    .muted_text = rgb(0xAEBFD6), // 8.8:1
    // A deep green: "all is well" without the glare of a bright green.
    .success_fill = rgb(0x1E6B47),
    .success_text = rgb(0xFFFFFF), // 6.5:1
    // A soft sand amber: clearly not the success band, warm but not the red of an alarm.
    .refusal_fill = rgb(0xF3D08F),
    .refusal_text = rgb(0x0B1F3A), // 11.2:1
    .button_fill = rgb(0x1D3D66),
    .button_text = rgb(0xFFFFFF),   // 11.0:1
    .button_border = rgb(0x8FB4E3), // 7.7:1 against background, 5.1:1 against button_fill
    .staff_background = rgb(0xE8EBEF),
    .staff_text = rgb(0x1B1F24), // 13.9:1
    .staff_panel = rgb(0xFFFFFF),
    .staff_panel_text = rgb(0x1B1F24), // 16.6:1
    // 5.6:1 against staff_background and 6.7:1 against staff_panel, so it also works as a fill under
    // staff_panel-coloured (white) text.
    .staff_accent = rgb(0x0B5CAD),
    .staff_outline = rgb(0x5B6B7F), // 4.5:1 against staff_background, 5.4:1 against staff_panel
    .staff_warning_fill = rgb(0xFBE3A6),
    .staff_warning_text = rgb(0x4A3000), // 9.7:1
};

// Type sizes at the 1080-pixel reference screen (layout_metrics.hpp's reference_screen_side; see
// theme.hpp for why 48 and 36).
constexpr TypeScale reference_scale{
    .title_px = 84,
    .heading_px = 64,
    .body_px = 48,
    .small_px = 36,
    .button_px = 40,
};

} // namespace

double relative_luminance(Colour colour) {
    return 0.2126 * linear_channel(colour.red) + 0.7152 * linear_channel(colour.green) +
           0.0722 * linear_channel(colour.blue);
}

double contrast_ratio(Colour first, Colour second) {
    const double first_luminance = relative_luminance(first);
    const double second_luminance = relative_luminance(second);
    const double lighter = std::max(first_luminance, second_luminance);
    const double darker = std::min(first_luminance, second_luminance);
    return (lighter + 0.05) / (darker + 0.05);
}

const Theme& kiosk_theme() {
    return theme;
}

TypeScale type_scale(int screen_height) {
    // Below 720 pixels the text would fall under what can be read at the kiosk's distance; such a screen
    // gets the 720-pixel sizes and the layouts wrap more.
    // One scaling rule for type and lengths: layout_metrics' scaled_to_height, with the self-service floor.
    const int height = std::max(screen_height, smallest_self_service_side);
    return TypeScale{
        .title_px = scaled_to_height(reference_scale.title_px, height),
        .heading_px = scaled_to_height(reference_scale.heading_px, height),
        .body_px = scaled_to_height(reference_scale.body_px, height),
        .small_px = scaled_to_height(reference_scale.small_px, height),
        .button_px = scaled_to_height(reference_scale.button_px, height),
    };
}

} // namespace checkin::kiosk
