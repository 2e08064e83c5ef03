#pragma once

// One badge as a one-page PDF the size of the picture (a 62 × 100 mm label's page is 62 × 100 mm), for
// printers that take PDF (IPP Everywhere, CUPS queues). The picture is placed dot for dot, so the printer
// prints what the QL and Zebra encoders would have sent. Pure: bytes in memory (cairo).

#include "printing/bitmap.hpp"
#include "printing/error.hpp"

#include <cstdint>
#include <vector>

namespace checkin::printing {

// Fails (invalid_input) on an empty picture or a resolution of 0, and when cairo cannot make the PDF.
Result<std::vector<std::uint8_t>> encode_badge_pdf(const BadgeImage& image, unsigned dpi);

} // namespace checkin::printing
