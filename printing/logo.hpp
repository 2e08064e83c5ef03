#pragma once

// The image side of an event logo on a badge: read a PNG, scale it to the box the template gives it (in
// printer dots) and dither it to the 1-bit picture a label printer prints. Pure, except that
// read_png_grey_file() reads the one file it is given.

#include "printing/bitmap.hpp"
#include "printing/error.hpp"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <span>
#include <vector>

namespace checkin::printing {

// A logo PNG may be at most this many pixels wide and high. Even a 300 dpi label is under 1200 dots
// across, so a larger picture is a mistake (a photo, a print-resolution poster), and refusing it before
// decoding keeps a bad file from taking hundreds of megabytes.
inline constexpr std::size_t logo_max_side_pixels = 8192;

// A logo file larger than this is refused before it is read, for the same reason.
inline constexpr std::uintmax_t logo_max_file_bytes = 64U * 1024U * 1024U;

// An 8-bit grey picture: what a logo becomes before it is scaled and dithered.
struct GreyImage {
    std::size_t width = 0;
    std::size_t height = 0;
    std::vector<std::uint8_t> levels; // row-major, width × height, 0 = black, 255 = white

    friend bool operator==(const GreyImage&, const GreyImage&) = default;
};

// Decodes any PNG (palette, grey, RGB, with or without alpha or tRNS, 8 or 16 bits, interlaced or not)
// into 8-bit grey. Colour becomes grey with the Rec. 709 luminance weights, computed by libpng in linear
// light (so pure red is a mid grey, as it looks, not a near-black). Alpha is then composited over white:
// a transparent pixel is white, so a logo's transparent surround prints nothing, and a half-transparent
// black prints half the dots. Fails with a message for data that is not a PNG, a truncated or corrupt
// PNG, and a picture wider or higher than logo_max_side_pixels.
Result<GreyImage> decode_png_grey(std::span<const std::uint8_t> png_bytes);

// Reads the file and decodes it as decode_png_grey() does; every error message names the file.
Result<GreyImage> read_png_grey_file(const std::filesystem::path& path);

// The largest picture with `image`'s aspect ratio that fits box_width × box_height, resampled to it.
// The size is rounded to whole pixels, so the ratio is kept to within one pixel; for a non-empty image
// and a non-zero box neither side is ever zero (a hairline logo becomes one pixel thick, not nothing).
// Each axis is resampled on its own: shrinking averages the area each new pixel covers (a box filter,
// so thin lines fade to grey instead of vanishing), enlarging interpolates bilinearly (so curves stay
// smooth and the dither draws their edges instead of a staircase). A flat area keeps its exact level.
// An empty image or a zero box gives an empty image.
// Throws std::invalid_argument if `levels` does not hold width × height values.
GreyImage scale_to_fit(const GreyImage& image, std::size_t box_width, std::size_t box_height);

// Floyd–Steinberg error diffusion, serpentine (rows alternate direction, which avoids the diagonal
// "worms" of one-way scanning), to a Bitmap of the same size with black dots as ink. The dot density of
// an area follows its level: level 128 gets about half its dots black. Pixels of level 0 and 255 are
// printed as they are and neither take nor pass on error, so the flat black and white areas of a logo
// print clean, without stray dots carried over from a neighbouring grey.
// Throws std::invalid_argument if `levels` does not hold width × height values.
Bitmap dither(const GreyImage& image);

// scale_to_fit() then dither(): the logo at its own size, at most box_width × box_height dots. Where it
// goes in the box (centred, usually) is the layout's choice.
Bitmap render_logo(const GreyImage& image, std::size_t box_width, std::size_t box_height);

} // namespace checkin::printing
