#pragma once

// ZPL II for Zebra (and ZPL-compatible) label printers: the whole badge goes over as one bitmap, so the
// printer's own fonts and barcodes never have to match what the kiosk drew on screen.

#include "printing/bitmap.hpp"
#include "printing/error.hpp"

#include <cstddef>
#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace checkin::printing {

// A label stock as the printer sees it: the printhead resolution and the size of one label.
struct ZplMedia {
    std::string name;
    unsigned dpi = 203; // Zebra printheads are 203 (8 dots/mm) or 300 (12 dots/mm)
    double width_inches = 0.0;
    double height_inches = 0.0;

    // Rounded to the nearest dot: 4 inches at 203 dpi is 812 dots, what Zebra's own drivers send.
    std::size_t width_dots() const;
    std::size_t height_dots() const;
};

// The label stocks the kiosk knows, by name ("4x3", "4x3-300", …).
const std::vector<ZplMedia>& zpl_media();
std::optional<ZplMedia> find_zpl_media(std::string_view name);

// One complete label format (^XA … ^XZ) printing `image` from the top-left corner of `media`, 1 = black.
// Refused when the image is wider or taller than the label, rather than letting the printer clip it.
Result<std::string> encode_zpl(const Bitmap& image, const ZplMedia& media);

} // namespace checkin::printing
