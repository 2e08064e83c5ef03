#pragma once

// What a scan looks like before anyone looks it up: one of our codes, a web link (which may carry one),
// a damaged code of ours, or the QR code of something else entirely (a business card, Wi-Fi settings, a
// calendar entry, a sentence). The Flow uses it to tell a delegate who holds up the wrong QR code
// "this is not an invitation code — scan the one from the e-mail or printout" instead of "could not read,
// hold it still", which would have them try the same wrong code again. Pure: text in, a kind out.
//
// Our codes are roster codes (opaque one-line strings of at most sync::maximum_code_length characters,
// which normalise to themselves), invitations as links carrying one ("https://…/checkin/CODE",
// "…?code=CODE"), and signed codes ("CK1:" + Base45, invitations, badges and staff alike).

#include <string_view>

namespace checkin::kiosk {

enum class ScanKind {
    signed_code, // "CK1:…": the kiosk's verifier decides (sync::check_scanned_code)
    plain_code,  // one line that can be a roster code: looked up
    // A web link: looked up, since an invitation may carry its code in a link; when the mirror knows no
    // code in it, it is someone else's link.
    link,
    // Text of another kind: a known QR content format (vCard, MeCard, Wi-Fi, calendar, e-mail, telephone,
    // SMS, geo), several lines, or a sentence or other text longer than any code. Never looked up.
    other_content,
    // Looks like a code of ours the scanner mangled: nothing read, control characters or broken UTF-8
    // (a scanner's wrong keyboard layout or a noisy line), or a signed code in the wrong case or without
    // its prefix. "Could not read — scan again".
    damaged,
};

std::string_view to_string(ScanKind kind); // "signed_code", "plain_code", …

// The kind of a payload as the scanner sent it (terminators and AIM identifiers are allowed around it).
ScanKind classify_scan(std::string_view payload);

} // namespace checkin::kiosk
