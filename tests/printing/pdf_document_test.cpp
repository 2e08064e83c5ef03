// PdfDocument through real readers: poppler's pdfinfo counts the pages and their size, pdftotext finds the
// Polish text, pdftoppm renders each page and zbarimg reads the QR code back — the vector QR on one page,
// the badge bitmap's QR on the other.

#include "printing/pdf_document.hpp"
#include "tests/printing/pdf_tools.hpp"

#include <fstream>
#include <gtest/gtest.h>
#include <string>

namespace checkin::printing {
namespace {

namespace fs = std::filesystem;

const std::string code_text = "CK1:5C0Y9W$/O9*LTK404D5GKK.RP RFH04N8%R8ZIB/IB5";

TEST(PdfDocument, WritesPagesThatPopplerReadsBackWithTextAndAScannableQrCode) {
    auto document = PdfDocument::create(105, 148); // A6
    ASSERT_TRUE(document.has_value()) << document.error().message;
    EXPECT_DOUBLE_EQ(document->page_width(), 105);
    document->text(5, 20, "Łukasz Brzęczyszczykiewicz", 3.5, PdfWeight::bold);
    EXPECT_LT(document->text_width("Łukasz Brzęczyszczykiewicz", 3.5, PdfWeight::bold), 95);
    document->text(10, 30, "Gmina Serock — zaproszenie", 3, PdfWeight::regular, PdfColour{0.2, 0.2, 0.2});
    EXPECT_GT(document->text_width("Łukasz", 5, PdfWeight::bold),
              document->text_width("Łukasz", 3, PdfWeight::bold));
    auto symbol = make_qr_code(code_text);
    ASSERT_TRUE(symbol.has_value());
    document->qr_code(*symbol, 20, 45, 0.8);
    document->line(0, 140, 105, 140, 0.1);

    // Page 2: a badge bitmap (the QR drawn into it at 4 dots a module) placed at 62 × 40 mm.
    document->next_page();
    BadgeImage badge{Bitmap(300, 200), std::nullopt};
    draw_qr_code(badge.black, *symbol, 20, 10, 4);
    document->badge(badge, 10, 10, 93, 62);

    auto bytes = document->finish();
    ASSERT_TRUE(bytes.has_value()) << bytes.error().message;
    ASSERT_TRUE(bytes->starts_with("%PDF-"));

    PdfTestFolder folder;
    const fs::path pdf = folder.path / "document.pdf";
    std::ofstream(pdf, std::ios::binary) << *bytes;

    const std::string information = tool_output({"pdfinfo", pdf.string()}, folder.path);
    EXPECT_NE(information.find("Pages:           2\n"), std::string::npos) << information;
    EXPECT_NE(information.find("297.638 x 419.528 pts"), std::string::npos) << information; // 105 × 148 mm

    const std::string text = tool_output({"pdftotext", "-enc", "UTF-8", pdf.string(), "-"}, folder.path);
    EXPECT_NE(text.find("Łukasz Brzęczyszczykiewicz"), std::string::npos) << text;
    EXPECT_NE(text.find("Gmina Serock — zaproszenie"), std::string::npos) << text;

    tool_output({"pdftoppm", "-r", "200", "-png", pdf.string(), (folder.path / "page").string()},
                folder.path);
    for (const char* page : {"page-1.png", "page-2.png"}) {
        const std::string read =
            tool_output({"zbarimg", "-q", "--raw", (folder.path / page).string()}, folder.path);
        EXPECT_EQ(read, code_text + "\n") << page;
    }
}

TEST(PdfDocument, AnEmptyDocumentIsStillAOnePagePdf) {
    auto document = PdfDocument::create(210, 297);
    ASSERT_TRUE(document.has_value());
    auto bytes = document->finish();
    ASSERT_TRUE(bytes.has_value());
    EXPECT_TRUE(bytes->starts_with("%PDF-"));
    EXPECT_TRUE(bytes->find("%%EOF") != std::string::npos);
}

} // namespace
} // namespace checkin::printing
