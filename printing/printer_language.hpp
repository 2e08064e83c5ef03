#pragma once

// The language a label printer speaks, which decides how a badge is encoded. One enumeration for the
// badge templates, the device profiles, the printer sessions and the kiosk.

#include <optional>
#include <string_view>

namespace checkin::printing {

enum class PrinterLanguage {
    brother_ql, // Brother QL raster (printing/brother_ql.hpp)
    zpl,        // ZPL II with the badge as one ^GFA bitmap (printing/zpl.hpp)
};

// "brother-ql" or "zpl", as templates and device profiles write it.
std::string_view printer_language_name(PrinterLanguage language);
// The reverse; std::nullopt for any other text.
std::optional<PrinterLanguage> parse_printer_language(std::string_view text);

} // namespace checkin::printing
