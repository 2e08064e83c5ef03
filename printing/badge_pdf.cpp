#include "printing/badge_pdf.hpp"

#include "printing/pdf_document.hpp"

#include <fmt/format.h>

namespace checkin::printing {

Result<std::vector<std::uint8_t>> encode_badge_pdf(const BadgeImage& image, unsigned dpi) {
    if (image.black.width() == 0 || image.black.height() == 0) {
        return fail("an empty badge picture cannot be made into a PDF");
    }
    if (dpi == 0) {
        return fail("a badge PDF needs the template's resolution, not 0 dpi");
    }
    const double width_mm = static_cast<double>(image.black.width()) * 25.4 / dpi;
    const double height_mm = static_cast<double>(image.black.height()) * 25.4 / dpi;
    auto document = PdfDocument::create(width_mm, height_mm);
    if (!document) {
        return std::unexpected(document.error());
    }
    document->badge(image, 0, 0, width_mm, height_mm);
    auto bytes = document->finish();
    if (!bytes) {
        return std::unexpected(bytes.error());
    }
    return std::vector<std::uint8_t>(bytes->begin(), bytes->end());
}

} // namespace checkin::printing
