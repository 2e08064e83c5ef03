#pragma once

// What scanners really send, turned into the code we look up. A USB scanner in keyboard mode ends with
// Enter or Tab, some prefix an AIM symbology identifier ("]Q1" for QR), and some invitations carry a URL
// ("https://example.org/checkin/CWD-ZPZXSWG7" or "...?code=CWD-ZPZXSWG7"). Pure.

#include "sync/roster/error.hpp"

#include <string>
#include <string_view>

namespace checkin::sync {

// The longest code we accept; anything longer is a scan of the wrong thing (a vCard, a Wi-Fi QR).
inline constexpr std::size_t maximum_code_length = 128;

// Returns the code inside a scanned payload: surrounding whitespace and CR/LF/Tab terminators removed,
// an AIM identifier ("]" + symbology letter + modifier) dropped, and for a URL the `code=` query
// parameter or else the last path segment, percent-decoded.
// Fails (ErrorKind::invalid_input) when nothing is left, when the result holds control characters or
// invalid UTF-8, or when it is longer than maximum_code_length: the message says the code is unreadable.
Result<std::string> normalise_scanned_code(std::string_view payload);

// The payload without what scanners put around it: surrounding whitespace (no-break spaces too), the
// CR/LF/Tab terminator and an AIM identifier ("]Q1"). The first step of normalise_scanned_code, and all a
// signed code (signed_code.hpp), whose Base45 holds ':' and '/', may have taken off.
std::string_view strip_scanner_framing(std::string_view payload);

// Codes compare without regard to ASCII case, as the mirror's NOCASE column does, so that a scanner
// with Caps Lock on still works: this is the key two codes are equal under ("cwd-1" → "CWD-1").
std::string code_comparison_key(std::string_view code);

} // namespace checkin::sync
