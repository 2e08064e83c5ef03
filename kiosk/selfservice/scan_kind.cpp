#include "kiosk/selfservice/scan_kind.hpp"

#include "base/text.hpp"
#include "base/utf8.hpp"
#include "sync/roster/scan_code.hpp"
#include "sync/roster/signed_code.hpp"

#include <algorithm>
#include <array>

namespace checkin::kiosk {
namespace {

// How QR codes of other things begin (compared without regard to case): contact cards (vCard, MeCard,
// BIZCARD), Wi-Fi settings, calendar entries, e-mail, telephone, SMS and MMS, places, app stores, one-time
// password set-ups. A roster code starting so is not a thing an organiser exports.
constexpr std::array<std::string_view, 18> foreign_prefixes{
    "begin:vcard",  "begin:vcalendar",
    "begin:vevent", "mecard:",
    "bizcard:",     "wifi:",
    "matmsg:",      "mailto:",
    "tel:",         "sms:",
    "smsto:",       "mms:",
    "mmsto:",       "geo:",
    "market:",      "otpauth:",
    "bitcoin:",     "facetime:",
};

bool starts_with_ignoring_case(std::string_view text, std::string_view prefix) {
    return text.size() >= prefix.size() &&
           base::ascii_lower(text.substr(0, prefix.size())) == base::ascii_lower(prefix);
}

// "scheme://", as sync::normalise_scanned_code takes links.
bool is_link(std::string_view text) {
    const auto scheme_end = text.find("://");
    if (scheme_end == std::string_view::npos || scheme_end == 0) {
        return false;
    }
    return std::all_of(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(scheme_end), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' ||
               c == '-' || c == '.';
    });
}

// The characters of Base45 (RFC 9285), what a signed code holds after "CK1:".
bool is_base45_character(char c) {
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || c == ' ' || c == '$' || c == '%' || c == '*' ||
           c == '+' || c == '-' || c == '.' || c == '/' || c == ':';
}

struct Characters {
    bool broken = false;      // invalid UTF-8, or a control character other than a line break or tab
    bool line_breaks = false; // CR, LF or Tab inside the text
};

Characters characters_of(std::string_view text) {
    Characters found;
    std::size_t index = 0;
    while (index < text.size()) {
        const base::utf8::CodePoint decoded = base::utf8::decode_at(text, index);
        const char32_t value = decoded.value;
        if (decoded.defect != base::utf8::Defect::none) {
            found.broken = true;
        } else if (value == '\n' || value == '\r' || value == '\t') {
            found.line_breaks = true;
        } else if (value < 0x20 || (value >= 0x7F && value < 0xA0)) {
            found.broken = true;
        }
        index += std::max<std::size_t>(decoded.length, 1);
    }
    return found;
}

// Three or more words: a sentence, not a code (codes are one token; an organiser's code with one space,
// "AB 1234", still counts as a code).
bool is_sentence(std::string_view text) {
    std::size_t words = 0;
    bool in_word = false;
    for (const char c : text) {
        const bool space = c == ' ';
        if (!space && !in_word) {
            ++words;
        }
        in_word = !space;
    }
    return words >= 3;
}

} // namespace

std::string_view to_string(ScanKind kind) {
    switch (kind) {
    case ScanKind::signed_code:
        return "signed_code";
    case ScanKind::plain_code:
        return "plain_code";
    case ScanKind::link:
        return "link";
    case ScanKind::other_content:
        return "other_content";
    case ScanKind::damaged:
        return "damaged";
    }
    return "damaged";
}

ScanKind classify_scan(std::string_view payload) {
    const std::string_view text = sync::strip_scanner_framing(payload);
    if (text.empty()) {
        return ScanKind::damaged;
    }
    if (text.starts_with(sync::signed_code_prefix)) {
        return ScanKind::signed_code;
    }
    // A signed code typed by a scanner with Caps Lock on ("ck1:…") is ours, read wrongly.
    if (starts_with_ignoring_case(text, sync::signed_code_prefix)) {
        return ScanKind::damaged;
    }
    if (std::ranges::any_of(foreign_prefixes, [&](std::string_view prefix) {
            return starts_with_ignoring_case(text, prefix);
        })) {
        return ScanKind::other_content;
    }
    const Characters characters = characters_of(text);
    if (characters.broken) {
        return ScanKind::damaged;
    }
    if (characters.line_breaks) {
        return ScanKind::other_content; // our codes and links are one line
    }
    if (is_link(text)) {
        return ScanKind::link;
    }
    if (text.size() > sync::maximum_code_length) {
        // Longer than any roster code: a signed code that lost its "CK1:" (only Base45 characters) is
        // ours, anything else is someone's text.
        return std::ranges::all_of(text, is_base45_character) ? ScanKind::damaged : ScanKind::other_content;
    }
    if (is_sentence(text)) {
        return ScanKind::other_content;
    }
    return ScanKind::plain_code;
}

} // namespace checkin::kiosk
