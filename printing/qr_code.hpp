#pragma once

// The badge's QR code: the delegate's code as a QR symbol (made by ZXing-C++), and the arithmetic and
// drawing that put it on a badge with every module a whole square of printer dots, since a module split
// unevenly between dot columns prints as stripes a scanner may misread.

#include "printing/bitmap.hpp"
#include "printing/error.hpp"

#include <cstddef>
#include <cstdint>
#include <expected>
#include <string>
#include <string_view>
#include <vector>

namespace checkin::printing {

// The light margin ISO/IEC 18004 asks for around a QR symbol; scanners find the finder patterns by it.
inline constexpr std::size_t qr_quiet_zone_modules = 4;

// A QR symbol, modules only: no quiet zone and no scaling, so the layout decides the size in dots.
struct QrCode {
    std::size_t modules = 0;        // modules per side: 21 (version 1) to 177 (version 40)
    std::vector<std::uint8_t> dark; // row-major, modules × modules, 1 = dark

    // Outside the symbol reads as light, which is what the quiet zone is.
    bool dark_at(std::size_t x, std::size_t y) const;
};

// The QR symbol for `text` (UTF-8) at error-correction level M: it survives about 15 % damage (a
// scuffed or creased badge) while keeping the symbol small enough for a narrow label.
// Refused for empty text and for text longer than the largest symbol (version 40) holds at level M.
Result<QrCode> make_qr_code(std::string_view text);

// The side in dots of the symbol plus its quiet zone when each module is `module_dots` dots:
// (modules + 8) × module_dots.
std::size_t qr_code_extent(const QrCode& code, std::size_t module_dots);

// The largest whole number of dots per module for which the symbol and its quiet zone fit a square box of
// `box_dots` dots a side; 0 when it does not fit even at one dot per module.
std::size_t module_dots_to_fit(const QrCode& code, std::size_t box_dots);

// Draws the symbol with its quiet zone, the zone's top-left corner at (left, top), every module exactly
// module_dots × module_dots dots. The quiet zone is painted white rather than left alone, so the code
// stays readable when drawn over a coloured band or a background. Dots beyond the bitmap are dropped.
void draw_qr_code(Bitmap& bitmap, const QrCode& code, std::size_t left, std::size_t top,
                  std::size_t module_dots);

} // namespace checkin::printing
