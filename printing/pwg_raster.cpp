#include "printing/pwg_raster.hpp"

#include "printing/png.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <string_view>

namespace checkin::printing {
namespace {

constexpr unsigned highest_dpi = 2400;

// Header fields (PWG 5102.4 section 4.3, the same layout as CUPS's cups_page_header2_t), byte offsets.
constexpr std::size_t field_pwg_raster = 0;         // "PwgRaster", NUL-padded to 64 bytes
constexpr std::size_t field_media_type = 128;       // "labels"
constexpr std::size_t field_hw_resolution = 276;    // two numbers, dots per inch across and down
constexpr std::size_t field_num_copies = 340;       // 1
constexpr std::size_t field_page_size = 352;        // two numbers, points (1/72 in) across and down
constexpr std::size_t field_width = 372;            // pixels per line
constexpr std::size_t field_height = 376;           // lines
constexpr std::size_t field_bits_per_color = 384;   // 8
constexpr std::size_t field_bits_per_pixel = 388;   // 8 grey, 24 sRGB
constexpr std::size_t field_bytes_per_line = 392;   // width × bytes per pixel
constexpr std::size_t field_color_order = 396;      // 0: chunky
constexpr std::size_t field_color_space = 400;      // 18: sgray, 19: srgb
constexpr std::size_t field_num_colors = 420;       // 1 grey, 3 sRGB
constexpr std::size_t field_total_page_count = 452; // 1
constexpr std::size_t field_cross_feed = 456;       // 1: no flip across
constexpr std::size_t field_feed = 460;             // 1: no flip down
constexpr std::size_t field_image_box_right = 472;  // the picture fills the page
constexpr std::size_t field_image_box_bottom = 476;
constexpr std::size_t field_page_size_name = 1732; // PWG self-describing media name

constexpr std::uint32_t colour_space_sgray = 18;
constexpr std::uint32_t colour_space_srgb = 19;
constexpr std::size_t longest_run = 128; // one control byte repeats or copies at most 128 pixels

void put_number(std::vector<std::uint8_t>& bytes, std::size_t offset, std::uint32_t value) {
    bytes[offset] = static_cast<std::uint8_t>(value >> 24);
    bytes[offset + 1] = static_cast<std::uint8_t>(value >> 16);
    bytes[offset + 2] = static_cast<std::uint8_t>(value >> 8);
    bytes[offset + 3] = static_cast<std::uint8_t>(value);
}

void put_text(std::vector<std::uint8_t>& bytes, std::size_t offset, std::string_view text) {
    std::copy_n(text.begin(), std::min<std::size_t>(text.size(), 63),
                bytes.begin() + static_cast<long>(offset));
}

// The bytes of the pixel at (x, y) written at `out`: one in grey, three in sRGB.
void put_pixel(const BadgeImage& image, PwgColours colours, std::size_t x, std::size_t y, std::uint8_t* out) {
    const bool red = image.red && image.red->black(x, y);
    if (colours == PwgColours::grey) {
        out[0] = red || image.black.black(x, y) ? pwg_black : pwg_white;
        return;
    }
    if (red) {
        out[0] = png_red_level;
        out[1] = pwg_black;
        out[2] = pwg_black;
        return;
    }
    const std::uint8_t level = image.black.black(x, y) ? pwg_black : pwg_white;
    out[0] = out[1] = out[2] = level;
}

// One line's pixels of `size` bytes each, compressed.
void append_line(std::vector<std::uint8_t>& out, const std::vector<std::uint8_t>& line, std::size_t size) {
    const std::size_t pixels = line.size() / size;
    const auto same_pixels = [&](std::size_t first, std::size_t second) {
        return std::equal(line.begin() + static_cast<long>(first * size),
                          line.begin() + static_cast<long>((first + 1) * size),
                          line.begin() + static_cast<long>(second * size));
    };
    const auto append_pixels = [&](std::size_t first, std::size_t count) {
        out.insert(out.end(), line.begin() + static_cast<long>(first * size),
                   line.begin() + static_cast<long>((first + count) * size));
    };
    std::size_t start = 0;
    while (start < pixels) {
        std::size_t same = 1;
        while (start + same < pixels && same < longest_run && same_pixels(start + same, start)) {
            ++same;
        }
        if (same > 1 || start + 1 == pixels) {
            out.push_back(static_cast<std::uint8_t>(same - 1));
            append_pixels(start, 1);
            start += same;
            continue;
        }
        // Pixels that differ from their next neighbour go out as they are, up to the next run.
        std::size_t different = 1;
        while (start + different < pixels && different < longest_run &&
               (start + different + 1 == pixels || !same_pixels(start + different, start + different + 1))) {
            ++different;
        }
        out.push_back(static_cast<std::uint8_t>(257 - different));
        append_pixels(start, different);
        start += different;
    }
}

} // namespace

Result<std::vector<std::uint8_t>> encode_pwg_raster(const BadgeImage& image, unsigned dpi,
                                                    PwgColours colours) {
    const std::size_t width = image.black.width();
    const std::size_t height = image.black.height();
    if (width == 0 || height == 0) {
        return fail("an empty badge picture cannot be made into PWG raster");
    }
    if (dpi == 0 || dpi > highest_dpi) {
        return fail(fmt::format("PWG raster needs a resolution from 1 to {} dpi, not {}", highest_dpi, dpi));
    }
    if (width > 0xffff || height > 0xffff) {
        return fail(fmt::format("a {} × {} dot badge is larger than any label", width, height));
    }
    const std::size_t pixel_size = colours == PwgColours::grey ? 1 : 3;
    std::vector<std::uint8_t> out{'R', 'a', 'S', '2'};
    std::vector<std::uint8_t> header(pwg_raster_header_size, 0);
    const auto points = [dpi](std::size_t dots) {
        return static_cast<std::uint32_t>(std::lround(static_cast<double>(dots) * 72.0 / dpi));
    };
    const double width_mm = static_cast<double>(width) * 25.4 / dpi;
    const double height_mm = static_cast<double>(height) * 25.4 / dpi;
    put_text(header, field_pwg_raster, "PwgRaster");
    put_text(header, field_media_type, "labels");
    put_number(header, field_hw_resolution, dpi);
    put_number(header, field_hw_resolution + 4, dpi);
    put_number(header, field_num_copies, 1);
    put_number(header, field_page_size, points(width));
    put_number(header, field_page_size + 4, points(height));
    put_number(header, field_width, static_cast<std::uint32_t>(width));
    put_number(header, field_height, static_cast<std::uint32_t>(height));
    put_number(header, field_bits_per_color, 8);
    put_number(header, field_bits_per_pixel, static_cast<std::uint32_t>(8 * pixel_size));
    put_number(header, field_bytes_per_line, static_cast<std::uint32_t>(width * pixel_size));
    put_number(header, field_color_order, 0);
    put_number(header, field_color_space,
               colours == PwgColours::grey ? colour_space_sgray : colour_space_srgb);
    put_number(header, field_num_colors, static_cast<std::uint32_t>(pixel_size));
    put_number(header, field_total_page_count, 1);
    put_number(header, field_cross_feed, 1);
    put_number(header, field_feed, 1);
    put_number(header, field_image_box_right, static_cast<std::uint32_t>(width));
    put_number(header, field_image_box_bottom, static_cast<std::uint32_t>(height));
    put_text(header, field_page_size_name, fmt::format("custom_badge_{:.1f}x{:.1f}mm", width_mm, height_mm));
    out.insert(out.end(), header.begin(), header.end());

    std::vector<std::uint8_t> line(width * pixel_size);
    std::vector<std::uint8_t> next(width * pixel_size);
    const auto fill = [&](std::vector<std::uint8_t>& pixels, std::size_t y) {
        for (std::size_t x = 0; x < width; ++x) {
            put_pixel(image, colours, x, y, pixels.data() + x * pixel_size);
        }
    };
    std::size_t y = 0;
    while (y < height) {
        fill(line, y);
        // Identical lines (the white margins) go out once with a repeat count.
        std::size_t repeats = 1;
        while (y + repeats < height && repeats < 256) {
            fill(next, y + repeats);
            if (next != line) {
                break;
            }
            ++repeats;
        }
        out.push_back(static_cast<std::uint8_t>(repeats - 1));
        append_line(out, line, pixel_size);
        y += repeats;
    }
    return out;
}

} // namespace checkin::printing
