#pragma once

// Badge sheets: badges laid onto A4 sheets of perforated badge stock, for organisers who print most badges
// the day before on an office printer and let the kiosk print only walk-ins and changes. Each layout is
// a grid of same-size badges; every page gets cut marks where the sheet is cut or torn. Pure: the badges
// come in as pictures, the PDF goes out as bytes.

#include "printing/bitmap.hpp"
#include "printing/error.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace checkin::printing {

struct BadgeSheetLayout {
    std::string name;          // what --sheet takes: "a4-2x4-90x54"
    std::string description;   // one line for `kioskctl badges --list`
    std::string template_name; // the page template (printing/templates) drawn at the badge's size
    double page_width = 210;   // millimetres
    double page_height = 297;
    int columns = 2;
    int rows = 4;
    double badge_width = 90;
    double badge_height = 54;
    double left = 15; // the first badge's top-left corner
    double top = 40.5;
    double column_gap = 0; // between badges, where the stock has gutters
    double row_gap = 0;
    int badges_per_page() const { return columns * rows; }
};

// The layouts the project knows, in the order `--list` shows them.
const std::vector<BadgeSheetLayout>& badge_sheet_layouts();
// The layout of that name, or nullptr.
const BadgeSheetLayout* find_badge_sheet_layout(std::string_view name);

// The badges in order, left to right and top to bottom, as many pages as they need, each badge stretched
// to the layout's badge size (so the picture should have that shape), cut marks on every page. Refused
// with no badges.
Result<std::string> badge_sheets_pdf(const BadgeSheetLayout& layout, const std::vector<BadgeImage>& badges);

} // namespace checkin::printing
