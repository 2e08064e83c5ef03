#pragma once

// A badge as PWG raster (PWG 5102.4), the page format every IPP Everywhere printer that takes raster must
// accept: one page, 8-bit grey (sgray_8, 0 black, 255 white) at the template's resolution, the page exactly
// the picture's size. Pure: bytes in memory.
//
// The stream is the four bytes "RaS2", then per page a 1796-byte header (big-endian numbers at the offsets
// named in pwg_raster.cpp) and the lines, compressed: a byte repeating the line (count − 1), then runs of
// pixels, each a byte n: 0…127 the next pixel n + 1 times, 129…255 the next 257 − n pixels as they are.

#include "printing/bitmap.hpp"
#include "printing/error.hpp"

#include <cstdint>
#include <vector>

namespace checkin::printing {

inline constexpr std::size_t pwg_raster_header_size = 1796;
// Red dots of a two-colour badge print black: the grey page has no other ink.
inline constexpr std::uint8_t pwg_black = 0;
inline constexpr std::uint8_t pwg_white = 255;

// Fails (invalid_input) on an empty picture or a resolution of 0 or above 2400 dpi.
Result<std::vector<std::uint8_t>> encode_pwg_raster(const BadgeImage& image, unsigned dpi);

} // namespace checkin::printing
