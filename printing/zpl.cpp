#include "printing/zpl.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <fmt/format.h>
#include <iterator>

namespace checkin::printing {
namespace {

constexpr std::size_t dots_per_byte = 8;

// ^GF documents 1 to 99999 for its byte counts and sets larger values "to the nearest limit", which
// would silently cut the bottom off a big label (a 4x3 label at 300 dpi is 135000 bytes). Larger images
// therefore go over as several graphic fields of whole rows, each placed below the one before.
constexpr std::size_t maximum_graphic_field_bytes = 99999;

constexpr std::array<char, 16> hex_digits = {'0', '1', '2', '3', '4', '5', '6', '7',
                                             '8', '9', 'A', 'B', 'C', 'D', 'E', 'F'};

std::size_t inches_to_dots(double inches, unsigned dpi) {
    return static_cast<std::size_t>(std::lround(inches * static_cast<double>(dpi)));
}

// One row packed most significant bit first (the leftmost dot is the top bit, as ^GF expects), padded
// with white to a whole byte, appended as two uppercase hex digits per byte.
void append_row_hex(std::string& out, const Bitmap& image, std::size_t y, std::size_t bytes_per_row) {
    for (std::size_t byte_index = 0; byte_index < bytes_per_row; ++byte_index) {
        unsigned byte = 0;
        for (std::size_t bit = 0; bit < dots_per_byte; ++bit) {
            byte <<= 1U;
            // Dots past the right edge read as white, which is exactly the padding we want.
            if (image.black(byte_index * dots_per_byte + bit, y)) {
                byte |= 1U;
            }
        }
        out += hex_digits[byte >> 4U];
        out += hex_digits[byte & 0x0FU];
    }
}

} // namespace

std::size_t ZplMedia::width_dots() const {
    return inches_to_dots(width_inches, dpi);
}

std::size_t ZplMedia::height_dots() const {
    return inches_to_dots(height_inches, dpi);
}

const std::vector<ZplMedia>& zpl_media() {
    // The badge stocks sold for desktop Zebras; a "-300" suffix is the same stock on a 300 dpi head.
    static const std::vector<ZplMedia> media = {
        {"4x3", 203, 4.0, 3.0},
        {"4x3-300", 300, 4.0, 3.0},
        {"4x6", 203, 4.0, 6.0},
        {"4x6-300", 300, 4.0, 6.0},
    };
    return media;
}

std::optional<ZplMedia> find_zpl_media(std::string_view name) {
    const auto& media = zpl_media();
    const auto found =
        std::find_if(media.begin(), media.end(), [&](const ZplMedia& each) { return each.name == name; });
    if (found == media.end()) {
        return std::nullopt;
    }
    return *found;
}

Result<std::string> encode_zpl(const Bitmap& image, const ZplMedia& media) {
    const std::size_t label_width = media.width_dots();
    const std::size_t label_height = media.height_dots();
    if (image.width() > label_width || image.height() > label_height) {
        return fail(
            fmt::format("the badge image is {} x {} dots but the {} label is only {} x {} dots at {} dpi",
                        image.width(), image.height(), media.name, label_width, label_height, media.dpi));
    }

    std::string out;
    // ^PW and ^LL describe the whole label, not the image, so a smaller image leaves the rest white
    // instead of the printer falling back to whatever width and length it last saw. ^LH0,0 undoes any
    // label home a previous job left behind (the printer keeps it until power-off).
    // ^MN (media tracking) and ^PQ (quantity) are deliberately left out: the printer's calibrated
    // gap/notch sensing is right for die-cut badges, and one badge per check-in is the default.
    out += "^XA\n";
    fmt::format_to(std::back_inserter(out), "^PW{}\n^LL{}\n^LH0,0\n", label_width, label_height);

    // No ZPL compression (neither the G–z repeat counts nor Z64): plain hex is exact, trivially checked
    // by the tests and by a person reading a dump, and a whole 4x3 label is about 120 KB, well under a
    // second on the USB or network link a kiosk uses.
    if (image.width() > 0 && image.height() > 0) {
        const std::size_t bytes_per_row = (image.width() + dots_per_byte - 1) / dots_per_byte;
        const std::size_t rows_per_field =
            std::max<std::size_t>(1, maximum_graphic_field_bytes / bytes_per_row);
        out.reserve(out.size() + 2 * bytes_per_row * image.height() +
                    64 * (image.height() / rows_per_field + 1));
        for (std::size_t first_row = 0; first_row < image.height(); first_row += rows_per_field) {
            const std::size_t rows = std::min(rows_per_field, image.height() - first_row);
            const std::size_t total_bytes = rows * bytes_per_row;
            // For ASCII hex the byte count and the graphic field count are the same number.
            fmt::format_to(std::back_inserter(out), "^FO0,{}^GFA,{},{},{},", first_row, total_bytes,
                           total_bytes, bytes_per_row);
            for (std::size_t y = first_row; y < first_row + rows; ++y) {
                append_row_hex(out, image, y, bytes_per_row);
            }
            out += "^FS\n";
        }
    }
    out += "^XZ\n";
    return out;
}

} // namespace checkin::printing
