#pragma once

// Reads PWG raster back with libcups's own raster reader (cupsRasterOpenIO), independent of the project's
// encoder, into a bitmap (grey below 128 is black). Header-only (tests).

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

// Every page, or nullopt when libcups cannot read the stream or a page is not 8-bit grey.
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
        if (page.header.cupsBitsPerPixel != 8 || page.header.cupsColorSpace != CUPS_CSPACE_SW) {
            return std::nullopt;
        }
        page.black = Bitmap(page.header.cupsWidth, page.header.cupsHeight);
        std::vector<unsigned char> line(page.header.cupsBytesPerLine);
        for (unsigned y = 0; y < page.header.cupsHeight; ++y) {
            if (cupsRasterReadPixels(raster.get(), line.data(), static_cast<unsigned>(line.size())) !=
                line.size()) {
                return std::nullopt;
            }
            for (unsigned x = 0; x < page.header.cupsWidth; ++x) {
                page.black.set(x, y, line[x] < 128);
            }
        }
        pages.push_back(page);
    }
    return pages;
}

} // namespace checkin::printing
