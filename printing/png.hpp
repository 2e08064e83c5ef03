#pragma once

// PNG of a badge, for the on-screen preview, the "print to file" fallback and bug reports: what the
// printer would get, in the colours it would print them. Also plain RGB pictures both ways, for the
// kiosk: reading the badge preview back to show it, and saving screenshots.

#include "printing/bitmap.hpp"
#include "printing/error.hpp"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string_view>
#include <vector>

namespace checkin::printing {

// The red of a two-colour label's red layer (#E00000): a printed-ink red rather than pure #FF0000, and
// still plainly red on a kiosk screen.
inline constexpr std::uint8_t png_red_level = 0xE0;

// An 8-bit RGB PNG of `image` at its own size: white background, black dots black, red-layer dots red
// (red wins over black, as on the printer). A pHYs chunk records `dpi` so a viewer or office printer
// shows the badge at its real size.
// Fails for an empty image or a zero dpi (PNG has no zero-sized pictures) and when libpng fails (in
// practice only when memory runs out), each with a message saying which.
Result<std::vector<std::uint8_t>> encode_png(const BadgeImage& image, unsigned dpi);

// An 8-bit RGB picture: three bytes a pixel (red, green, blue), rows top to bottom with no padding.
struct RgbImage {
    std::size_t width = 0;
    std::size_t height = 0;
    std::vector<std::uint8_t> pixels; // width × height × 3

    friend bool operator==(const RgbImage&, const RgbImage&) = default;
};

// The largest picture decode_png_rgb() accepts: a side of 16384 pixels and 32 Mi pixels in all (96 MiB
// of RGB). A badge preview is under 1200 × 1200 and a 4K screenshot 8 Mi pixels, so anything larger is
// a wrong file, and refusing it before decoding keeps it from taking gigabytes.
inline constexpr std::size_t rgb_max_side_pixels = 16384;
inline constexpr std::size_t rgb_max_pixels = 32U * 1024U * 1024U;
// A PNG file larger than this is refused by read_png_rgb_file() before it is read, for the same reason.
inline constexpr std::uintmax_t rgb_max_file_bytes = 64U * 1024U * 1024U;

// An 8-bit RGB PNG (no interlace, default compression, no pHYs) of `rgb`, which holds width × height
// pixels as RgbImage::pixels does. Fails for a zero or too large size, a buffer of the wrong length,
// and when libpng fails (in practice only out of memory).
Result<std::vector<std::uint8_t>> encode_png_rgb(std::size_t width, std::size_t height,
                                                 std::span<const std::uint8_t> rgb);

// Decodes any PNG (grey, palette, RGB, 1 to 16 bits, with or without alpha or tRNS, interlaced or not)
// into 8-bit RGB. Alpha is composited over white, so a transparent pixel is white. Fails with a message
// for data that is not a PNG, a truncated or corrupt PNG, and a picture larger than the limits above.
Result<RgbImage> decode_png_rgb(std::span<const std::uint8_t> png_bytes);

// The bytes of a PNG file of at most `max_bytes`, for the decoders here and in logo.hpp. `what` names the
// file in messages ("the logo file", "the picture"): "cannot read the logo file x.png: …".
Result<std::vector<std::uint8_t>> read_png_file_bytes(const std::filesystem::path& path,
                                                      std::uintmax_t max_bytes, std::string_view what);

// Reads the file and decodes it as decode_png_rgb() does; every error message names the file.
Result<RgbImage> read_png_rgb_file(const std::filesystem::path& path);

} // namespace checkin::printing
