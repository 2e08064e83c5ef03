#include "printing/pwg_raster.hpp"

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
constexpr std::size_t field_bits_per_pixel = 388;   // 8
constexpr std::size_t field_bytes_per_line = 392;   // width
constexpr std::size_t field_color_order = 396;      // 0: chunky
constexpr std::size_t field_color_space = 400;      // 18: sgray
constexpr std::size_t field_num_colors = 420;       // 1
constexpr std::size_t field_total_page_count = 452; // 1
constexpr std::size_t field_cross_feed = 456;       // 1: no flip across
constexpr std::size_t field_feed = 460;             // 1: no flip down
constexpr std::size_t field_image_box_right = 472;  // the picture fills the page
constexpr std::size_t field_image_box_bottom = 476;
constexpr std::size_t field_page_size_name = 1732; // PWG self-describing media name

constexpr std::uint32_t colour_space_sgray = 18;
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

std::uint8_t pixel(const BadgeImage& image, std::size_t x, std::size_t y) {
    const bool red = image.red && image.red->black(x, y);
    return red || image.black.black(x, y) ? pwg_black : pwg_white;
}

// One line's pixels, compressed.
void append_line(std::vector<std::uint8_t>& out, const std::vector<std::uint8_t>& line) {
    std::size_t start = 0;
    while (start < line.size()) {
        std::size_t same = 1;
        while (start + same < line.size() && same < longest_run && line[start + same] == line[start]) {
            ++same;
        }
        if (same > 1 || start + 1 == line.size()) {
            out.push_back(static_cast<std::uint8_t>(same - 1));
            out.push_back(line[start]);
            start += same;
            continue;
        }
        // Pixels that differ from their next neighbour go out as they are, up to the next run.
        std::size_t different = 1;
        while (start + different < line.size() && different < longest_run &&
               (start + different + 1 == line.size() ||
                line[start + different] != line[start + different + 1])) {
            ++different;
        }
        out.push_back(static_cast<std::uint8_t>(257 - different));
        out.insert(out.end(), line.begin() + static_cast<long>(start),
                   line.begin() + static_cast<long>(start + different));
        start += different;
    }
}

} // namespace

Result<std::vector<std::uint8_t>> encode_pwg_raster(const BadgeImage& image, unsigned dpi) {
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
    put_number(header, field_bits_per_pixel, 8);
    put_number(header, field_bytes_per_line, static_cast<std::uint32_t>(width));
    put_number(header, field_color_order, 0);
    put_number(header, field_color_space, colour_space_sgray);
    put_number(header, field_num_colors, 1);
    put_number(header, field_total_page_count, 1);
    put_number(header, field_cross_feed, 1);
    put_number(header, field_feed, 1);
    put_number(header, field_image_box_right, static_cast<std::uint32_t>(width));
    put_number(header, field_image_box_bottom, static_cast<std::uint32_t>(height));
    put_text(header, field_page_size_name, fmt::format("custom_badge_{:.1f}x{:.1f}mm", width_mm, height_mm));
    out.insert(out.end(), header.begin(), header.end());

    std::vector<std::uint8_t> line(width);
    std::vector<std::uint8_t> next(width);
    std::size_t y = 0;
    while (y < height) {
        for (std::size_t x = 0; x < width; ++x) {
            line[x] = pixel(image, x, y);
        }
        // Identical lines (the white margins) go out once with a repeat count.
        std::size_t repeats = 1;
        while (y + repeats < height && repeats < 256) {
            for (std::size_t x = 0; x < width; ++x) {
                next[x] = pixel(image, x, y + repeats);
            }
            if (next != line) {
                break;
            }
            ++repeats;
        }
        out.push_back(static_cast<std::uint8_t>(repeats - 1));
        append_line(out, line);
        y += repeats;
    }
    return out;
}

} // namespace checkin::printing
