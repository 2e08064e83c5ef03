// The invitation page, read back as a delegate's phone or a reception scanner would: poppler renders it,
// zbarimg reads the signed code from the QR, pdftotext finds the texts in both languages; a name too long
// for the page is drawn smaller and then cut, never off the page.

#include "printing/invitation_page.hpp"
#include "tests/printing/pdf_tools.hpp"

#include <fstream>
#include <gtest/gtest.h>
#include <string>

namespace checkin::printing {
namespace {

namespace fs = std::filesystem;

// As long as the test rosters' longest signed invitation (BENCHMARKS.md: 301 characters, QR version 10).
std::string long_signed_code() {
    std::string text = "CK1:";
    const std::string_view alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
    for (std::size_t index = 0; text.size() < 301; ++index) {
        text.push_back(alphabet[(index * 7 + 3) % alphabet.size()]);
    }
    return text;
}

InvitationPage page() {
    return InvitationPage{"Seminarium sieciujące CWD Plus — Serock",
                          "29.11.2026, 30.11.2026",
                          "Łukasz",
                          "Brzęczyszczykiewicz",
                          "Związek Gmin Dorzecza Narwi",
                          "CWD-ZPZXSWG7",
                          long_signed_code()};
}

void check_pdf(InvitationPaper paper, const InvitationPage& invitation,
               const std::string& expected_last_name) {
    auto document = PdfDocument::create(invitation_page_width(paper), invitation_page_height(paper));
    ASSERT_TRUE(document.has_value());
    auto drawn = draw_invitation(*document, invitation, paper);
    ASSERT_TRUE(drawn.has_value()) << drawn.error().message;
    auto bytes = document->finish();
    ASSERT_TRUE(bytes.has_value());
    PdfTestFolder folder;
    const fs::path pdf = folder.path / "invitation.pdf";
    std::ofstream(pdf, std::ios::binary) << *bytes;

    const std::string text = tool_output({"pdftotext", "-enc", "UTF-8", pdf.string(), "-"}, folder.path);
    for (const std::string& expected :
         {invitation.event_name, invitation.first_name, expected_last_name, invitation.organisation,
          std::string("Przy wejściu zeskanuj ten kod w kiosku:"),
          std::string("At the entrance, scan this code at the kiosk:"), invitation.delegate_code}) {
        EXPECT_NE(text.find(expected), std::string::npos) << "\"" << expected << "\" not in:\n" << text;
    }
    // 150 dpi: what a phone's photo of a printout or a screen shows at least.
    tool_output(
        {"pdftoppm", "-r", "150", "-png", "-singlefile", pdf.string(), (folder.path / "page").string()},
        folder.path);
    EXPECT_EQ(tool_output({"zbarimg", "-q", "--raw", (folder.path / "page.png").string()}, folder.path),
              invitation.qr_text + "\n");
}

TEST(InvitationPage, A6PageCarriesTheTextsAndAScannableSignedCode) {
    check_pdf(InvitationPaper::a6, page(), "Brzęczyszczykiewicz");
}

TEST(InvitationPage, A4PageIsTheSameLayoutLarger) {
    check_pdf(InvitationPaper::a4, page(), "Brzęczyszczykiewicz");
}

TEST(InvitationPage, ANameTooLongForThePageIsCutWithAnEllipsis) {
    InvitationPage invitation = page();
    invitation.last_name = "Konstantynopolitańczykiewiczówna-Brzęczyszczykiewicz-Wielkopolska";
    check_pdf(InvitationPaper::a6, invitation, "Konstantynopolitańczykiewiczówna-Brzęczy");
}

TEST(InvitationPage, KnowsItsPapers) {
    EXPECT_EQ(invitation_paper_from("a4"), InvitationPaper::a4);
    EXPECT_EQ(invitation_paper_from("A6"), InvitationPaper::a6);
    EXPECT_FALSE(invitation_paper_from("letter").has_value());
    EXPECT_EQ(invitation_page_width(InvitationPaper::a4), 210);
    EXPECT_EQ(invitation_page_height(InvitationPaper::a6), 148);
}

} // namespace
} // namespace checkin::printing
