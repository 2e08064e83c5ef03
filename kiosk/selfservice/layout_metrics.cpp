#include "kiosk/selfservice/layout_metrics.hpp"

#include "base/utf8.hpp"

#include <algorithm>

namespace checkin::kiosk {
namespace {

int scaled(int reference_px, int side) {
    return (reference_px * side + reference_screen_side / 2) / reference_screen_side;
}

constexpr int wide_advance_em_thousandths = 680;   // A–Z and 0–9
constexpr int narrow_advance_em_thousandths = 580; // everything else, spaces included

} // namespace

int scaled_to_shorter_side(int reference_px, int width, int height) {
    return scaled(reference_px, std::max(std::min(width, height), smallest_self_service_side));
}

int scaled_to_height(int reference_px, int screen_height) {
    return scaled(reference_px, screen_height);
}

int line_height(int font_px) {
    return (font_px * 6 + 4) / 5;
}

int font_fitting(int wanted_px, int height, int minimum_px) {
    return std::max(minimum_px, std::min(wanted_px, height * 5 / 6));
}

int estimated_text_width_em_thousandths(std::string_view text, FontWeight weight) {
    int total = 0;
    for (const char character : text) {
        if (base::utf8::is_continuation_byte(character)) {
            continue; // its letter is already counted
        }
        const bool wide = (character >= 'A' && character <= 'Z') || (character >= '0' && character <= '9');
        total += wide ? wide_advance_em_thousandths : narrow_advance_em_thousandths;
    }
    return weight == FontWeight::bold ? total * 9 / 8 : total;
}

int estimated_text_width(std::string_view text, int font_px, FontWeight weight) {
    return estimated_text_width_em_thousandths(text, weight) * font_px / 1000;
}

} // namespace checkin::kiosk
