// Badge sheets (badge_sheet.hpp) drawn with PdfDocument.

#include "printing/badge_sheet.hpp"

#include "printing/pdf_document.hpp"

#include <fmt/format.h>

namespace checkin::printing {

namespace {

constexpr double mark_length = 5;
constexpr double mark_gap = 2; // between a mark and the badge edge it points to
constexpr double mark_thickness = 0.15;

// Short lines on the page's margins along every cut: outside the grid where the margin has room, on the
// page's edge along the cut where it has not (a sheet whose badges touch its edges).
void draw_cut_marks(PdfDocument& document, const BadgeSheetLayout& layout) {
    std::vector<double> cuts_x;
    std::vector<double> cuts_y;
    for (int column = 0; column < layout.columns; ++column) {
        const double left = layout.left + column * (layout.badge_width + layout.column_gap);
        cuts_x.push_back(left);
        cuts_x.push_back(left + layout.badge_width);
    }
    for (int row = 0; row < layout.rows; ++row) {
        const double top = layout.top + row * (layout.badge_height + layout.row_gap);
        cuts_y.push_back(top);
        cuts_y.push_back(top + layout.badge_height);
    }
    const double grid_top = cuts_y.front();
    const double grid_bottom = cuts_y.back();
    const double grid_left = cuts_x.front();
    const double grid_right = cuts_x.back();
    const double room = mark_length + mark_gap;
    for (const double x : cuts_x) {
        if (grid_top >= room) {
            document.line(x, grid_top - room, x, grid_top - mark_gap, mark_thickness);
        } else {
            document.line(x, 0, x, mark_length, mark_thickness);
        }
        if (layout.page_height - grid_bottom >= room) {
            document.line(x, grid_bottom + mark_gap, x, grid_bottom + mark_gap + mark_length, mark_thickness);
        } else {
            document.line(x, layout.page_height - mark_length, x, layout.page_height, mark_thickness);
        }
    }
    for (const double y : cuts_y) {
        if (grid_left >= room) {
            document.line(grid_left - mark_gap - mark_length, y, grid_left - mark_gap, y, mark_thickness);
        } else {
            document.line(0, y, mark_length, y, mark_thickness);
        }
        if (layout.page_width - grid_right >= room) {
            document.line(grid_right + mark_gap, y, grid_right + mark_gap + mark_length, y, mark_thickness);
        } else {
            document.line(layout.page_width - mark_length, y, layout.page_width, y, mark_thickness);
        }
    }
}

} // namespace

const std::vector<BadgeSheetLayout>& badge_sheet_layouts() {
    static const std::vector<BadgeSheetLayout> layouts{
        {"a4-2x4-90x54", "A4, 2 x 4 badges of 90 x 54 mm (business-card badge inserts), centred",
         "page-90x54", 210, 297, 2, 4, 90, 54, 15, 40.5, 0, 0},
        {"a4-2x2-a6", "A4, 2 x 2 badges of A6 (105 x 148 mm), the sheet cut or torn in four", "page-a6", 210,
         297, 2, 2, 105, 148, 0, 0.5, 0, 0},
    };
    return layouts;
}

const BadgeSheetLayout* find_badge_sheet_layout(std::string_view name) {
    for (const auto& layout : badge_sheet_layouts()) {
        if (layout.name == name) {
            return &layout;
        }
    }
    return nullptr;
}

Result<std::string> badge_sheets_pdf(const BadgeSheetLayout& layout, const std::vector<BadgeImage>& badges) {
    if (badges.empty()) {
        return fail("no badges to lay out: no delegate matches");
    }
    auto document = PdfDocument::create(layout.page_width, layout.page_height);
    if (!document) {
        return std::unexpected(document.error());
    }
    const auto per_page = static_cast<std::size_t>(layout.badges_per_page());
    for (std::size_t index = 0; index < badges.size(); ++index) {
        const std::size_t slot = index % per_page;
        if (slot == 0) {
            if (index > 0) {
                document->next_page();
            }
            draw_cut_marks(*document, layout);
        }
        const auto column = static_cast<double>(slot % static_cast<std::size_t>(layout.columns));
        const auto row = static_cast<double>(slot / static_cast<std::size_t>(layout.columns));
        document->badge(badges[index], layout.left + column * (layout.badge_width + layout.column_gap),
                        layout.top + row * (layout.badge_height + layout.row_gap), layout.badge_width,
                        layout.badge_height);
    }
    return document->finish();
}

} // namespace checkin::printing
