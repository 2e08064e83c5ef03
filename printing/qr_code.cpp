#include "printing/qr_code.hpp"

#include <ZXing/BarcodeFormat.h>
#include <ZXing/BitMatrix.h>
#include <ZXing/CharacterSet.h>
#include <ZXing/MultiFormatWriter.h>
#include <algorithm>
#include <exception>
#include <fmt/format.h>
#include <string>

namespace checkin::printing {
namespace {

// MultiFormatWriter takes one 0–8 scale for every 2D format and maps it onto QR's four levels as
// (level - 1) / 2 → L, M, Q, H, so 3 and 4 both mean M; 4 is the middle of M's range.
constexpr int zxing_level_for_m = 4;

constexpr std::size_t smallest_symbol_modules = 21;  // version 1
constexpr std::size_t largest_symbol_modules = 177;  // version 40
constexpr std::size_t modules_added_per_version = 4; // version v is 17 + 4v modules a side
constexpr std::size_t finder_pattern_modules = 7;
constexpr unsigned ascii_limit = 0x80;

// Whether the 7 × 7 finder pattern (dark ring, light ring, dark 3 × 3 centre) starts at (left, top).
bool has_finder_pattern_at(const QrCode& code, std::size_t left, std::size_t top) {
    for (std::size_t y = 0; y < finder_pattern_modules; ++y) {
        for (std::size_t x = 0; x < finder_pattern_modules; ++x) {
            const bool on_outer_ring = x == 0 || y == 0 || x == 6 || y == 6;
            const bool in_centre = x >= 2 && x <= 4 && y >= 2 && y <= 4;
            if (code.dark_at(left + x, top + y) != (on_outer_ring || in_centre)) {
                return false;
            }
        }
    }
    return true;
}

// A real symbol, one entry per module: a size some QR version has, and finder patterns in the three
// corners that carry one. A matrix that was scaled up or given a margin fails one or the other, so this
// catches a ZXing whose writer no longer does what make_qr_code relies on instead of printing a wrong code.
bool is_whole_symbol(const QrCode& code) {
    const std::size_t far_corner = code.modules - finder_pattern_modules;
    return code.modules >= smallest_symbol_modules && code.modules <= largest_symbol_modules &&
           (code.modules - smallest_symbol_modules) % modules_added_per_version == 0 &&
           has_finder_pattern_at(code, 0, 0) && has_finder_pattern_at(code, far_corner, 0) &&
           has_finder_pattern_at(code, 0, far_corner);
}

bool is_ascii(std::string_view text) {
    return std::all_of(text.begin(), text.end(),
                       [](char each) { return static_cast<unsigned char>(each) < ascii_limit; });
}

} // namespace

bool QrCode::dark_at(std::size_t x, std::size_t y) const {
    return x < modules && y < modules && dark[y * modules + x] != 0;
}

Result<QrCode> make_qr_code(std::string_view text) {
    if (text.empty()) {
        return fail("a QR code needs some text to carry, and the text is empty");
    }

    // How we get one pixel per module: ZXing's QR writer builds the bare symbol and then "inflates" it to
    // max(requested size, symbol + 2 × margin) pixels, scaling by the whole number that fits. Asking for
    // 0 × 0 with a margin of 0 makes that size the symbol's own, so the writer hands back the symbol
    // unscaled, and the matrix's width is the module count. is_whole_symbol() checks that this still holds.
    ZXing::MultiFormatWriter writer(ZXing::BarcodeFormat::QRCode);
    writer.setEccLevel(zxing_level_for_m).setMargin(0);
    // Left to itself ZXing writes byte-mode text as ISO-8859-1 and refuses anything else ("Unexpected
    // charcode" for ł or ż). Text beyond ASCII therefore goes as UTF-8 with an ECI header that tells the
    // reader so; ASCII, the same bytes in both, stays without one, which keeps the symbol small and
    // suits older readers that stumble over ECI.
    if (!is_ascii(text)) {
        writer.setEncoding(ZXing::CharacterSet::UTF8);
    }
    ZXing::BitMatrix matrix;
    try {
        matrix = writer.encode(std::string(text), 0, 0);
    } catch (const std::exception& error) {
        // ZXing throws std::invalid_argument for text beyond version 40's capacity ("Data too big"); any
        // other refusal is reported the same way rather than escaping as an exception.
        return fail(
            fmt::format("the text ({} bytes) cannot be made into a QR code at error-correction level M: {}",
                        text.size(), error.what()));
    }

    if (matrix.width() != matrix.height() || matrix.width() <= 0) {
        return fail(
            fmt::format("ZXing returned a {} x {} matrix for a QR code", matrix.width(), matrix.height()),
            ErrorKind::internal);
    }
    QrCode code;
    code.modules = static_cast<std::size_t>(matrix.width());
    code.dark.resize(code.modules * code.modules);
    for (int y = 0; y < matrix.height(); ++y) {
        for (int x = 0; x < matrix.width(); ++x) {
            code.dark[static_cast<std::size_t>(y) * code.modules + static_cast<std::size_t>(x)] =
                matrix.get(x, y) ? 1 : 0;
        }
    }
    if (!is_whole_symbol(code)) {
        return fail(
            fmt::format("ZXing returned a {0} x {0} matrix that is not a bare QR symbol", code.modules),
            ErrorKind::internal);
    }
    return code;
}

std::size_t qr_code_extent(const QrCode& code, std::size_t module_dots) {
    return (code.modules + 2 * qr_quiet_zone_modules) * module_dots;
}

std::size_t module_dots_to_fit(const QrCode& code, std::size_t box_dots) {
    // Whole dots only: a fractional module would be rounded differently from one module to the next.
    return box_dots / (code.modules + 2 * qr_quiet_zone_modules);
}

void draw_qr_code(Bitmap& bitmap, const QrCode& code, std::size_t left, std::size_t top,
                  std::size_t module_dots) {
    if (module_dots == 0) {
        return;
    }
    const std::size_t extent = qr_code_extent(code, module_dots);
    for (std::size_t y = 0; y < extent; ++y) {
        // Module coordinates counted from the quiet zone's corner; anything before the symbol wraps to a
        // huge value, which dark_at reads as light like the rest of the quiet zone.
        const std::size_t module_y = y / module_dots - qr_quiet_zone_modules;
        for (std::size_t x = 0; x < extent; ++x) {
            const std::size_t module_x = x / module_dots - qr_quiet_zone_modules;
            bitmap.set(left + x, top + y, code.dark_at(module_x, module_y));
        }
    }
}

} // namespace checkin::printing
