// Badge sheets read back: every badge's QR code is found on the page it belongs to (zbarimg on poppler's
// rendering), the page count follows the badges, the layouts fit their paper, and the cut marks are where
// the cuts are (dark dots along the cut lines in the margin, nothing elsewhere there).

#include "printing/badge_sheet.hpp"
#include "printing/qr_code.hpp"
#include "tests/printing/pdf_tools.hpp"

#include <algorithm>
#include <fstream>
#include <gtest/gtest.h>
#include <set>
#include <string>

namespace checkin::printing {
namespace {

namespace fs = std::filesystem;

// A badge picture of the layout's shape at 300 dpi carrying `code` as a QR code.
BadgeImage badge_with_code(const BadgeSheetLayout& layout, const std::string& code) {
    const auto width = static_cast<std::size_t>(layout.badge_width / 25.4 * 300);
    const auto height = static_cast<std::size_t>(layout.badge_height / 25.4 * 300);
    BadgeImage badge{Bitmap(width, height), std::nullopt};
    const auto symbol = make_qr_code(code).value();
    draw_qr_code(badge.black, symbol, width / 3, height / 6, 8);
    return badge;
}

std::set<std::string> codes_on(const std::string& zbar_output) {
    std::set<std::string> codes;
    std::size_t start = 0;
    while (start < zbar_output.size()) {
        const std::size_t end = zbar_output.find('\n', start);
        codes.insert(zbar_output.substr(start, end - start));
        start = end == std::string::npos ? zbar_output.size() : end + 1;
    }
    return codes;
}

// A greyscale page from pdftoppm -gray (binary PGM).
struct GreyPage {
    std::size_t width = 0;
    std::size_t height = 0;
    std::string pixels;
    bool dark_at_millimetres(double x, double y, double dots_per_millimetre) const {
        const auto column = static_cast<std::size_t>(x * dots_per_millimetre);
        const auto row = static_cast<std::size_t>(y * dots_per_millimetre);
        return column < width && row < height &&
               static_cast<unsigned char>(pixels[row * width + column]) < 128;
    }
};

GreyPage read_pgm(const fs::path& file) {
    std::ifstream input(file, std::ios::binary);
    std::string magic;
    GreyPage page;
    int maximum = 0;
    input >> magic >> page.width >> page.height >> maximum;
    input.get();
    page.pixels.assign(page.width * page.height, '\0');
    input.read(page.pixels.data(), static_cast<std::streamsize>(page.pixels.size()));
    return page;
}

TEST(BadgeSheet, LayoutsFitTheirPaperAndAreFoundByName) {
    ASSERT_GE(badge_sheet_layouts().size(), 2U);
    for (const auto& layout : badge_sheet_layouts()) {
        const double right =
            layout.left + layout.columns * layout.badge_width + (layout.columns - 1) * layout.column_gap;
        const double bottom =
            layout.top + layout.rows * layout.badge_height + (layout.rows - 1) * layout.row_gap;
        EXPECT_LE(right, layout.page_width) << layout.name;
        EXPECT_LE(bottom, layout.page_height) << layout.name;
        EXPECT_EQ(find_badge_sheet_layout(layout.name), &layout);
    }
    EXPECT_EQ(find_badge_sheet_layout("letter-3x3"), nullptr);
}

TEST(BadgeSheet, EveryBadgeLandsOnItsPageAndScans) {
    const BadgeSheetLayout& layout = *find_badge_sheet_layout("a4-2x4-90x54");
    std::vector<BadgeImage> badges;
    for (int index = 0; index < 10; ++index) {
        badges.push_back(badge_with_code(layout, "CWD-" + std::to_string(1000 + index)));
    }
    auto pdf = badge_sheets_pdf(layout, badges);
    ASSERT_TRUE(pdf.has_value()) << pdf.error().message;
    PdfTestFolder folder;
    const fs::path file = folder.path / "sheets.pdf";
    std::ofstream(file, std::ios::binary) << *pdf;
    EXPECT_NE(tool_output({"pdfinfo", file.string()}, folder.path).find("Pages:           2\n"),
              std::string::npos);
    tool_output({"pdftoppm", "-r", "150", "-png", file.string(), (folder.path / "page").string()},
                folder.path);
    std::set<std::string> first_page_expected;
    for (int index = 0; index < 8; ++index) {
        first_page_expected.insert("CWD-" + std::to_string(1000 + index));
    }
    EXPECT_EQ(
        codes_on(tool_output({"zbarimg", "-q", "--raw", (folder.path / "page-1.png").string()}, folder.path)),
        first_page_expected);
    EXPECT_EQ(
        codes_on(tool_output({"zbarimg", "-q", "--raw", (folder.path / "page-2.png").string()}, folder.path)),
        (std::set<std::string>{"CWD-1008", "CWD-1009"}));

    // Cut marks at 300 dpi: in the top margin above each vertical cut (x = 15, 105, 195 mm) and in the left
    // margin beside each horizontal one; the margin between them is blank.
    tool_output({"pdftoppm", "-r", "300", "-gray", "-singlefile", "-f", "1", "-l", "1", file.string(),
                 (folder.path / "grey").string()},
                folder.path);
    const GreyPage page = read_pgm(folder.path / "grey.pgm");
    constexpr double dots_per_millimetre = 300 / 25.4;
    ASSERT_NEAR(static_cast<double>(page.width), 210 * dots_per_millimetre, 1.0); // poppler rounds up
    for (const double x : {15.0, 105.0, 195.0}) {
        EXPECT_TRUE(page.dark_at_millimetres(x, 36, dots_per_millimetre)) << "no cut mark above x = " << x;
    }
    EXPECT_FALSE(page.dark_at_millimetres(60, 36, dots_per_millimetre)) << "a mark where no cut is";
    for (const double y : {40.5, 94.5, 148.5, 202.5, 256.5}) {
        EXPECT_TRUE(page.dark_at_millimetres(10, y, dots_per_millimetre)) << "no cut mark beside y = " << y;
    }
    EXPECT_FALSE(page.dark_at_millimetres(10, 70, dots_per_millimetre)) << "a mark where no cut is";
}

TEST(BadgeSheet, A6SheetsPutFourBadgesOnAPageWithMarksOnThePagesEdges) {
    const BadgeSheetLayout& layout = *find_badge_sheet_layout("a4-2x2-a6");
    std::vector<BadgeImage> badges;
    for (int index = 0; index < 4; ++index) {
        badges.push_back(badge_with_code(layout, "A6-" + std::to_string(index)));
    }
    auto pdf = badge_sheets_pdf(layout, badges);
    ASSERT_TRUE(pdf.has_value());
    PdfTestFolder folder;
    const fs::path file = folder.path / "sheets.pdf";
    std::ofstream(file, std::ios::binary) << *pdf;
    EXPECT_NE(tool_output({"pdfinfo", file.string()}, folder.path).find("Pages:           1\n"),
              std::string::npos);
    tool_output(
        {"pdftoppm", "-r", "100", "-png", "-singlefile", file.string(), (folder.path / "page").string()},
        folder.path);
    EXPECT_EQ(
        codes_on(tool_output({"zbarimg", "-q", "--raw", (folder.path / "page.png").string()}, folder.path)),
        (std::set<std::string>{"A6-0", "A6-1", "A6-2", "A6-3"}));
}

TEST(BadgeSheet, RefusesAnEmptyList) {
    auto pdf = badge_sheets_pdf(*find_badge_sheet_layout("a4-2x4-90x54"), {});
    ASSERT_FALSE(pdf.has_value());
    EXPECT_EQ(pdf.error().message, "no badges to lay out: no delegate matches");
}

} // namespace
} // namespace checkin::printing
