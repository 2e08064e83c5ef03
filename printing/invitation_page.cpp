// The invitation page (invitation_page.hpp), laid out on A6 in millimetres and scaled up for A4, so both
// papers look alike.

#include "printing/invitation_page.hpp"

#include "base/utf8.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

namespace checkin::printing {

namespace {

constexpr double a6_width = 105;
constexpr double a6_height = 148;
constexpr double margin = 8;
constexpr PdfColour ink{0.1, 0.1, 0.12};
constexpr PdfColour muted{0.35, 0.35, 0.4};
constexpr PdfColour accent{0.0, 0.32, 0.62}; // the programme's blue

// Text drawn within `width`: at `cap_height` when it fits, smaller down to `floor` when not, and then cut
// at a whole character with "…". Returns the cap height used.
double fitted_text(PdfDocument& document, double left, double baseline, std::string_view text, double width,
                   double cap_height, double floor, PdfWeight weight, PdfColour colour) {
    double size = cap_height;
    while (size > floor && document.text_width(text, size, weight) > width) {
        size = std::max(floor, size - 0.1);
    }
    std::string shown(text);
    while (!shown.empty() && document.text_width(shown, size, weight) > width) {
        // Drop the last whole character (before the ellipsis, once added).
        std::string_view body(shown);
        if (body.ends_with("…")) {
            body.remove_suffix(std::string_view("…").size());
        }
        std::size_t last = 0;
        for (std::size_t offset = 0; offset < body.size();) {
            last = offset;
            offset += base::utf8::decode_at(body, offset).length;
        }
        shown = fmt::format("{}…", body.substr(0, last));
        if (body.empty()) {
            break;
        }
    }
    document.text(left, baseline, shown, size, weight, colour);
    return size;
}

} // namespace

std::optional<InvitationPaper> invitation_paper_from(std::string_view name) {
    if (name == "a4" || name == "A4") {
        return InvitationPaper::a4;
    }
    if (name == "a6" || name == "A6") {
        return InvitationPaper::a6;
    }
    return std::nullopt;
}

double invitation_page_width(InvitationPaper paper) {
    return paper == InvitationPaper::a4 ? 210 : a6_width;
}

double invitation_page_height(InvitationPaper paper) {
    return paper == InvitationPaper::a4 ? 297 : a6_height;
}

Result<void> draw_invitation(PdfDocument& document, const InvitationPage& page, InvitationPaper paper) {
    auto symbol = make_qr_code(page.qr_text);
    if (!symbol) {
        return std::unexpected(symbol.error());
    }
    // Everything below is in A6 millimetres; A4 is A6 twice as large (both are √2 rectangles).
    const double scale = invitation_page_width(paper) / a6_width;
    const auto at = [scale](double millimetres) {
        return millimetres * scale;
    };
    const double width = a6_width - 2 * margin;

    document.rectangle(0, 0, at(a6_width), at(4), accent);
    fitted_text(document, at(margin), at(14), page.event_name, at(width), at(3.2), at(2.0), PdfWeight::bold,
                ink);
    fitted_text(document, at(margin), at(20), page.days, at(width), at(2.2), at(1.6), PdfWeight::regular,
                muted);
    fitted_text(document, at(margin), at(28), "Zaproszenie · Invitation", at(width), at(2.2), at(1.6),
                PdfWeight::regular, accent);

    fitted_text(document, at(margin), at(38), page.first_name, at(width), at(4.2), at(2.4), PdfWeight::bold,
                ink);
    fitted_text(document, at(margin), at(45), page.last_name, at(width), at(4.2), at(2.4), PdfWeight::bold,
                ink);
    fitted_text(document, at(margin), at(51), page.organisation, at(width), at(2.2), at(1.6),
                PdfWeight::regular, muted);

    // The QR code as large as the space allows in whole hundredths of a millimetre per module.
    const double qr_box = 58;
    const auto modules_with_quiet_zone = static_cast<double>(symbol->modules + 2 * qr_quiet_zone_modules);
    const double module_size = std::floor(qr_box / modules_with_quiet_zone * 100) / 100;
    const double qr_side = module_size * modules_with_quiet_zone;
    const double qr_left = (a6_width - qr_side) / 2;
    document.qr_code(*symbol, at(qr_left), at(55), at(module_size));
    const double below_qr = 55 + qr_side;
    const double code_width = document.text_width(page.delegate_code, at(1.6), PdfWeight::regular);
    document.text((at(a6_width) - code_width) / 2, at(below_qr + 3), page.delegate_code, at(1.6),
                  PdfWeight::regular, muted);

    fitted_text(document, at(margin), at(below_qr + 10), "Przy wejściu zeskanuj ten kod w kiosku:", at(width),
                at(2.0), at(1.4), PdfWeight::bold, ink);
    fitted_text(document, at(margin), at(below_qr + 14), "zobaczysz powitanie i odbierzesz identyfikator.",
                at(width), at(2.0), at(1.4), PdfWeight::regular, ink);
    fitted_text(document, at(margin), at(below_qr + 20),
                "At the entrance, scan this code at the kiosk:", at(width), at(2.0), at(1.4), PdfWeight::bold,
                muted);
    fitted_text(document, at(margin), at(below_qr + 24), "you will be welcomed and your badge printed.",
                at(width), at(2.0), at(1.4), PdfWeight::regular, muted);
    return {};
}

} // namespace checkin::printing
