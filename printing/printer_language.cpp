#include "printing/printer_language.hpp"

namespace checkin::printing {

std::string_view printer_language_name(PrinterLanguage language) {
    return language == PrinterLanguage::brother_ql ? "brother-ql" : "zpl";
}

std::optional<PrinterLanguage> parse_printer_language(std::string_view text) {
    if (text == "brother-ql") {
        return PrinterLanguage::brother_ql;
    }
    if (text == "zpl") {
        return PrinterLanguage::zpl;
    }
    return std::nullopt;
}

} // namespace checkin::printing
