#pragma once

// Layout metrics shared by the self-service and the staff layouts (screen_layout.hpp, staff_layout.hpp):
// scaling a length given for the reference screen to the screen at hand, the line height a font needs,
// the largest font fitting a height, and one estimate of how wide a text is. Pure; nothing here fails.
//
// The layouts cannot measure glyphs (that is the painter's business, and it shrinks or cuts a text that
// does not fit its box), so they estimate from DejaVu Sans's average advances.

#include "kiosk/selfservice/scene.hpp"

#include <string_view>

namespace checkin::kiosk {

// Lengths in both layouts are given for a 1080-pixel reference screen (theme.hpp's reference panel).
inline constexpr int reference_screen_side = 1080;
// The self-service screens never get smaller sizes than a 720-pixel screen's, like the type scale.
inline constexpr int smallest_self_service_side = 720;

// A self-service length: `reference_px` scaled with the screen's shorter side, rounded, and never below
// its size on a 720-pixel screen. Delegates read these screens from 1.5 m: a portrait kiosk is the
// landscape panel turned and read from the same distance, so it follows the shorter side (for landscape
// screens the height, as type_scale expects), and below 720 pixels text and targets would become too
// small to read or hit, so such a screen keeps the 720-pixel sizes and the layout wraps more.
int scaled_to_shorter_side(int reference_px, int width, int height);

// A staff-mode length: `reference_px` scaled with the screen's height, rounded, with no floor. Staff stand
// at arm's length and their screens are dense (keyboard, lists, forms), so on a smaller screen every panel
// shrinks with the height to keep the whole screen on it (a 72-pixel button is 48 pixels at 720).
int scaled_to_height(int reference_px, int screen_height);

// The height one line of text at `font_px` needs: 1.2 em, DejaVu Sans's line skip (1.17 em) and a little
// air, so the painter does not shrink a text that fits.
int line_height(int font_px);

// The largest font whose line fits `height`, but never below `minimum_px` nor above `wanted_px`.
int font_fitting(int wanted_px, int height, int minimum_px);

// The estimated width of `text` in thousandths of an em: capitals and digits 0.68 em (codes like
// "CWD-7F3K" are mostly those), everything else 0.58 em (DejaVu Sans's lower case averages about 0.56),
// per code point; bold an eighth wider. Rounded down.
int estimated_text_width_em_thousandths(std::string_view text, FontWeight weight);

// The same estimate in pixels for a font of `font_px`, rounded down.
int estimated_text_width(std::string_view text, int font_px, FontWeight weight = FontWeight::regular);

} // namespace checkin::kiosk
