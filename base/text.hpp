#pragma once

// Small text helpers every layer uses on ASCII-keyed input (configuration keys, commands, CSV cells,
// names typed on the kiosk). Byte-wise: a multi-byte UTF-8 sequence is never split or changed, because
// every byte these functions look at or change is ASCII. Pure: text in, text out.

#include <string>
#include <string_view>
#include <vector>

namespace checkin::base {

// The ASCII white space (what std::isspace accepts in the "C" locale).
inline constexpr std::string_view ascii_whitespace = " \t\n\v\f\r";
// The separators of a word list written on one line ("a b\tc").
inline constexpr std::string_view spaces_and_tabs = " \t";
// The separators of a list a person may write either way ("a, b c").
inline constexpr std::string_view spaces_tabs_and_commas = " \t,";

// Drops ASCII white space (ascii_whitespace) at both ends; never fails.
std::string_view trim(std::string_view text);

// Drops ASCII white space and no-break spaces (U+00A0, "\xC2\xA0") at both ends, in any mix: spreadsheets,
// pasted text and on-screen keyboards pad with them. A separate name because the plain trim must keep a
// no-break space that is part of a value.
std::string_view trim_including_no_break_spaces(std::string_view text);

// A copy with 'A'–'Z' turned into 'a'–'z'; every other byte (including UTF-8 letters) unchanged.
std::string ascii_lower(std::string_view text);

// The non-empty pieces between any of the separator bytes, in order ("  a,,b " → "a", "b" with
// spaces_tabs_and_commas). The pieces view `text`.
std::vector<std::string_view> split_words(std::string_view text,
                                          std::string_view separators = spaces_and_tabs);

} // namespace checkin::base
