#pragma once

// One delegate's invitation as a PDF page (A4 or A6): the event and its days, the delegate's name and
// organisation, the signed code as a large QR code, and what to do with it, in Polish and then English.
// `kioskctl invitations` draws one page per delegate. Pure: it draws on a PdfDocument.

#include "printing/pdf_document.hpp"

#include <string>
#include <string_view>

namespace checkin::printing {

enum class InvitationPaper { a4, a6 };
// "a4" / "a6"; nullopt for anything else.
std::optional<InvitationPaper> invitation_paper_from(std::string_view name);
// The page size in millimetres: A4 210 × 297, A6 105 × 148.
double invitation_page_width(InvitationPaper paper);
double invitation_page_height(InvitationPaper paper);

struct InvitationPage {
    std::string event_name;
    std::string days; // already written for people: "29.11.2026, 30.11.2026"
    std::string first_name;
    std::string last_name;
    std::string organisation;
    std::string delegate_code; // the short roster code, printed small for reception
    std::string qr_text;       // the signed code
};

// Draws the page on the document's current page (the caller starts the next one). Names too wide for
// the page are drawn smaller, down to a floor, and then cut with "…"; refused only when the QR text is
// too long for a QR code.
Result<void> draw_invitation(PdfDocument& document, const InvitationPage& page, InvitationPaper paper);

} // namespace checkin::printing
