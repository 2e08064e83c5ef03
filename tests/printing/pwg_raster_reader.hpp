#pragma once

// Reads PWG raster back with libcups's own raster reader (cupsRasterOpenIO), independent of the project's
// encoder, into bitmaps: in 8-bit grey, below 128 is black; in 8-bit sRGB, a dot with red, green and blue
// below 128 is black, one with only red at 128 or above is red, the rest white. Header-only (tests).

#include "printing/bitmap.hpp"

#include <cstdint>
#include <cstring>
#include <cups/raster.h>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace checkin::printing {

struct DecodedPwgPage {
    cups_page_header2_t header{};
    Bitmap black;
    std::optional<Bitmap> red;     // sRGB pages only
    std::size_t other_colours = 0; // sRGB dots neither white, black nor red
};

namespace pwg_reader_detail {
struct Source {
    std::span<const std::uint8_t> bytes;
    std::size_t offset = 0;
};
inline ssize_t read(void* context, unsigned char* buffer, size_t length) {
    auto* source = static_cast<Source*>(context);
    const std::size_t left = source->bytes.size() - source->offset;
    const std::size_t count = std::min(length, left);
    std::memcpy(buffer, source->bytes.data() + source->offset, count);
    source->offset += count;
    return static_cast<ssize_t>(count);
}
struct RasterCloser {
    void operator()(cups_raster_t* raster) const { cupsRasterClose(raster); }
};
} // namespace pwg_reader_detail

// Every page, or nullopt when libcups cannot read the stream or a page is neither 8-bit grey nor sRGB.
inline std::optional<std::vector<DecodedPwgPage>> decode_pwg_raster(std::span<const std::uint8_t> bytes) {
    pwg_reader_detail::Source source{bytes};
    std::unique_ptr<cups_raster_t, pwg_reader_detail::RasterCloser> raster(
        cupsRasterOpenIO(pwg_reader_detail::read, &source, CUPS_RASTER_READ));
    if (!raster) {
        return std::nullopt;
    }
    std::vector<DecodedPwgPage> pages;
    DecodedPwgPage page;
    while (cupsRasterReadHeader2(raster.get(), &page.header) != 0) {
        const bool grey = page.header.cupsBitsPerPixel == 8 && page.header.cupsColorSpace == CUPS_CSPACE_SW;
        const bool colour =
            page.header.cupsBitsPerPixel == 24 && page.header.cupsColorSpace == CUPS_CSPACE_SRGB;
        if (!grey && !colour) {
            return std::nullopt;
        }
        page.black = Bitmap(page.header.cupsWidth, page.header.cupsHeight);
        page.red.reset();
        page.other_colours = 0;
        if (colour) {
            page.red = Bitmap(page.header.cupsWidth, page.header.cupsHeight);
        }
        std::vector<unsigned char> line(page.header.cupsBytesPerLine);
        for (unsigned y = 0; y < page.header.cupsHeight; ++y) {
            if (cupsRasterReadPixels(raster.get(), line.data(), static_cast<unsigned>(line.size())) !=
                line.size()) {
                return std::nullopt;
            }
            for (unsigned x = 0; x < page.header.cupsWidth; ++x) {
                if (grey) {
                    page.black.set(x, y, line[x] < 128);
                    continue;
                }
                const unsigned char* dot = &line[3 * x];
                const bool dark_green_and_blue = dot[1] < 128 && dot[2] < 128;
                page.black.set(x, y, dark_green_and_blue && dot[0] < 128);
                page.red->set(x, y, dark_green_and_blue && dot[0] >= 128);
                if (!dark_green_and_blue && !(dot[0] == 255 && dot[1] == 255 && dot[2] == 255)) {
                    ++page.other_colours;
                }
            }
        }
        pages.push_back(page);
    }
    return pages;
}

} // namespace checkin::printing
