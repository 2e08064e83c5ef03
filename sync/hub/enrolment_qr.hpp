#pragma once

// The enrolment code as a QR code where the organiser stands: on the terminal that ran
// `kiosk-hub enrol` (Unicode half blocks, two modules a character cell) and on the dashboard (SVG). Made by
// ZXing-C++ at error correction M, with the 4-module quiet zone scanners need. Pure.

#include "sync/roster/error.hpp"

#include <string>
#include <string_view>

namespace checkin::sync {

// Lines of "█", "▀", "▄" and spaces (dark modules as the terminal's foreground) — meant for a dark text
// on a light background, and printed inverted (light on dark) by `invert` for the usual dark terminal.
// Refused when the text does not fit a QR code.
Result<std::string> enrolment_qr_for_terminal(std::string_view text, bool invert);

// An SVG of the symbol, `module_pixels` per module, black on white, as one path.
Result<std::string> enrolment_qr_svg(std::string_view text, int module_pixels);

} // namespace checkin::sync
