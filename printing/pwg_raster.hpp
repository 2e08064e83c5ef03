#pragma once

// A badge as PWG raster (PWG 5102.4), the page format every IPP Everywhere printer that takes raster must
// accept: one page at the template's resolution, the page exactly the picture's size, in 8-bit grey
// (sgray_8, 0 black, 255 white), which every raster printer takes, or for a two-colour badge on a colour
// printer in 8-bit sRGB (srgb_8), where the red layer stays red. Pure: bytes in memory.
//
// The stream is the four bytes "RaS2", then per page a 1796-byte header (big-endian numbers at the offsets
// named in pwg_raster.cpp) and the lines, compressed: a byte repeating the line (count − 1), then runs of
// pixels (1 byte each in grey, 3 in sRGB), each a byte n: 0…127 the next pixel n + 1 times, 129…255 the
// next 257 − n pixels as they are.

#include "printing/bitmap.hpp"
#include "printing/error.hpp"

#include <cstdint>
#include <vector>

namespace checkin::printing {

inline constexpr std::size_t pwg_raster_header_size = 1796;
inline constexpr std::uint8_t pwg_black = 0;
inline constexpr std::uint8_t pwg_white = 255;

enum class PwgColours {
    grey,   // sgray_8: red dots of a two-colour badge print black, the grey page has no other ink
    colour, // srgb_8: red dots are the PNG's red (png_red_level, 0, 0); red wins where both layers are set
};

// Fails (invalid_input) on an empty picture or a resolution of 0 or above 2400 dpi.
Result<std::vector<std::uint8_t>> encode_pwg_raster(const BadgeImage& image, unsigned dpi,
                                                    PwgColours colours = PwgColours::grey);

} // namespace checkin::printing
