// Which document an IPP printer gets (choose_document_format): raster at the badge's resolution before PDF,
// colour only for a two-colour badge on a colour printer, nothing when the printer takes neither.

#include "drivers/ipp_printer.hpp"

#include <gtest/gtest.h>

namespace checkin::drivers {
namespace {

IppCapabilities printer(bool pdf, bool grey, bool colour_raster, bool colour, std::vector<unsigned> dpi) {
    IppCapabilities taken;
    taken.pdf = pdf;
    taken.pwg_raster_grey = grey;
    taken.pwg_raster_colour = colour_raster;
    taken.colour = colour;
    taken.pwg_raster_resolutions = std::move(dpi);
    return taken;
}

TEST(IppDocumentFormat, RasterAtTheBadgesResolutionComesBeforePdf) {
    const IppCapabilities office = printer(true, true, false, false, {300, 600});
    EXPECT_EQ(choose_document_format(office, 300, false), DocumentFormat::pwg_raster);
    EXPECT_EQ(choose_document_format(office, 203, false), DocumentFormat::pdf); // no raster at 203 dpi
    const IppCapabilities raster_only = printer(false, true, false, false, {300});
    EXPECT_EQ(choose_document_format(raster_only, 300, false), DocumentFormat::pwg_raster);
    EXPECT_EQ(choose_document_format(raster_only, 600, false), std::nullopt);
    EXPECT_EQ(choose_document_format(printer(false, false, false, false, {}), 300, false), std::nullopt);
}

TEST(IppDocumentFormat, ATwoColourBadgeIsColourOnlyOnAColourPrinter) {
    const IppCapabilities colour = printer(true, true, true, true, {300});
    EXPECT_EQ(choose_document_format(colour, 300, true), DocumentFormat::pwg_raster_colour);
    EXPECT_EQ(choose_document_format(colour, 300, false), DocumentFormat::pwg_raster); // black only: grey
    // Colour PDF when the colour raster is not at the badge's resolution, or not taken at all.
    EXPECT_EQ(choose_document_format(colour, 600, true), DocumentFormat::pdf);
    EXPECT_EQ(choose_document_format(printer(true, true, false, true, {300}), 300, true),
              DocumentFormat::pdf);
    // A colour printer without PDF or colour raster still prints the red black, in grey raster.
    EXPECT_EQ(choose_document_format(printer(false, true, false, true, {300}), 300, true),
              DocumentFormat::pwg_raster);
    // A black-only printer: red prints black in grey raster, else the PDF it takes.
    EXPECT_EQ(choose_document_format(printer(true, true, false, false, {300}), 300, true),
              DocumentFormat::pwg_raster);
    EXPECT_EQ(choose_document_format(printer(true, false, false, false, {}), 300, true), DocumentFormat::pdf);
    // Colour raster named without colour-supported is not trusted to print red.
    EXPECT_EQ(choose_document_format(printer(false, true, true, false, {300}), 300, true),
              DocumentFormat::pwg_raster);
}

TEST(IppMediaSize, AJobNamesThePrintersOwnSizeWithinOneMillimetre) {
    IppCapabilities taken;
    taken.media_sizes.push_back({10500, 10500, 14800, 14800}); // A6
    taken.media_sizes.push_back({2540, 10160, 2540, 99999});   // a range of custom label sizes
    using Dimensions = IppCapabilities::Dimensions;
    // 1240 × 1748 dots at 300 dpi: 104.99 × 148.00 mm, the printer's A6.
    EXPECT_EQ(taken.media_size_for(10499, 14800), (Dimensions{10500, 14800}));
    EXPECT_EQ(taken.media_size_for(10590, 14710), (Dimensions{10500, 14800}));
    // A 62 × 100 mm label falls in the range and keeps its own size.
    EXPECT_EQ(taken.media_size_for(6200, 10000), (Dimensions{6200, 10000}));
    // Just outside the range's narrow end: brought onto it.
    EXPECT_EQ(taken.media_size_for(2480, 5400), (Dimensions{2540, 5400}));
    EXPECT_EQ(taken.media_size_for(20000, 29700), std::nullopt); // A4 is not listed
    EXPECT_EQ(IppCapabilities{}.media_size_for(10500, 14800), std::nullopt);
}

} // namespace
} // namespace checkin::drivers
