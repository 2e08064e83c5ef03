#pragma once

// A badge picture handed to a printer that takes a page description (IPP, CUPS queues): the job's page
// size and resolution, whether it has a red layer, and the maker of the document in whichever format the
// printer turns out to take (PDF, grey or colour PWG raster).

#include "drivers/printer.hpp"
#include "printing/bitmap.hpp"

namespace checkin::drivers {

void attach_badge_document(PrintJob& job, printing::BadgeImage image, unsigned dpi);

} // namespace checkin::drivers
