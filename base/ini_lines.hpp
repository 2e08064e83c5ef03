#pragma once

// The line format shared by the project's hand-edited files — badge templates (printing), device profiles
// (hardware) and the kiosk's configuration (kiosk) — read one way everywhere: a file is lines; '#' starts a
// comment to the end of the line (so no value holds '#'); blanks around everything are dropped; a line is
// empty, a "[name]" header, or "key = value". What the headers and keys mean is each file's own parser's
// business. It lives in base because printing, hardware and the kiosk all read such files.
// Pure: text in, lines out.

#include <cstddef>
#include <expected>
#include <string>
#include <string_view>
#include <vector>

namespace checkin::base {

// The number of the text's last line (a text without a newline is one line).
std::size_t line_count(std::string_view text);

struct IniLine {
    enum class Kind { header, setting };
    Kind kind = Kind::setting;
    std::size_t number = 0; // 1-based
    std::string_view name;  // a header's name, between the brackets
    std::string_view key;   // a setting's key, never empty
    std::string_view value; // a setting's value; may be empty (each parser says whether that is allowed)
};

struct IniProblem {
    std::size_t line = 0;
    std::string message; // without the file and line: "expected 'key = value' or '[section]', found 'x'"
};

// How a file's messages name its headers: "section" and "[section]", "profile" and "[profile-id]".
struct IniWords {
    std::string_view header = "section";
    std::string_view header_example = "[section]";
};

// The file's headers and settings in order (blank and comment lines left out), or the first line that is
// neither: a header without its ']', a line without '=', a '=' without a key. A UTF-8 byte-order mark at
// the start is skipped (Notepad writes one).
std::expected<std::vector<IniLine>, IniProblem> read_ini_lines(std::string_view text, const IniWords& words);

} // namespace checkin::base
