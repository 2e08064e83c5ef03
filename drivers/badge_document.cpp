#include "drivers/badge_document.hpp"

#include "printing/badge_pdf.hpp"
#include "printing/pwg_raster.hpp"

#include <fmt/format.h>
#include <memory>

namespace checkin::drivers {
namespace {

printing::Result<std::vector<std::uint8_t>> encode(const printing::BadgeImage& picture, unsigned dpi,
                                                   DocumentFormat format) {
    switch (format) {
    case DocumentFormat::pdf:
        return printing::encode_badge_pdf(picture, dpi);
    case DocumentFormat::pwg_raster:
        return printing::encode_pwg_raster(picture, dpi, printing::PwgColours::grey);
    case DocumentFormat::pwg_raster_colour:
        return printing::encode_pwg_raster(picture, dpi, printing::PwgColours::colour);
    }
    return printing::fail("an unknown document format was asked for");
}

} // namespace

void attach_badge_document(PrintJob& job, printing::BadgeImage image, unsigned dpi) {
    job.dpi = dpi;
    job.width_mm = static_cast<double>(image.black.width()) * 25.4 / dpi;
    job.height_mm = static_cast<double>(image.black.height()) * 25.4 / dpi;
    job.two_colour = image.red.has_value();
    job.document = [picture = std::make_shared<const printing::BadgeImage>(std::move(image)),
                    dpi](DocumentFormat format) -> Result<std::vector<std::uint8_t>> {
        auto document = encode(*picture, dpi, format);
        if (!document) {
            return fail(Problem::invalid_input, fmt::format("the badge cannot be made into a document: {}",
                                                            document.error().message));
        }
        return std::move(*document);
    };
}

} // namespace checkin::drivers
