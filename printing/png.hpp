#pragma once

// PNG of a badge, for the on-screen preview, the "print to file" fallback and bug reports: what the
// printer would get, in the colours it would print them.

#include "printing/bitmap.hpp"

#include <cstdint>
#include <vector>

namespace checkin::printing {

// The red of a two-colour label's red layer (#E00000): a printed-ink red rather than pure #FF0000, and
// still plainly red on a kiosk screen.
inline constexpr std::uint8_t png_red_level = 0xE0;

// An 8-bit RGB PNG of `image` at its own size: white background, black dots black, red-layer dots red
// (red wins over black, as on the printer). A pHYs chunk records `dpi` so a viewer or office printer
// shows the badge at its real size.
// Throws std::invalid_argument for an empty image or a zero dpi (PNG has no zero-sized pictures) and
// std::runtime_error if libpng fails (in practice only when memory runs out).
std::vector<std::uint8_t> encode_png(const BadgeImage& image, unsigned dpi);

} // namespace checkin::printing
