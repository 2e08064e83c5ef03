#pragma once

// An RFC 4180 CSV reader for roster files: quoted fields may hold delimiters, doubled quotes and line
// breaks; every record remembers the line it starts on so that errors can name it. Pure: no I/O.

#include "sync/roster/error.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace checkin::sync {

enum class DelimiterChoice { automatic, semicolon, comma, tab };

struct CsvRecord {
    std::size_t line = 0; // 1-based physical line on which the record starts
    std::vector<std::string> fields;
};

struct CsvTable {
    char delimiter = ',';
    std::vector<CsvRecord> records; // the header is records[0]; blank lines are skipped
};

// Picks the delimiter from the first record (quoted parts ignored): the most frequent of ';', ',' and
// Tab; ',' when none appears. Leading blank lines are skipped; a quote opens a quoted part only at the
// start of a field, as in parse_csv; a tie goes to ';' (Polish Excel), then ','.
char detect_delimiter(std::string_view text);

// Parses UTF-8 text (no BOM). Line ends may be LF, CRLF or CR. A lone quote inside an unquoted field is
// kept as a character (some exporters write them). Trailing whitespace-only lines are ignored.
// A line break inside a quoted field becomes "\n". A record whose only field is empty (a blank line, or
// just "") is skipped, but its line still counts. Whitespace around unquoted fields is kept.
// Fails (ErrorKind::invalid_input) with the 1-based line number:
// - "line 7: a quoted field is never closed (the quote opens here)" — an unterminated quote;
// - "line 9: unexpected text after a closing quote in field 3" — `"abc"def`.
Result<CsvTable> parse_csv(std::string_view text, DelimiterChoice choice);

// CSV injection (OWASP): a spreadsheet reads a cell that starts with '=', '+', '-', '@', Tab or CR as a
// formula, so `=HYPERLINK("http://x","y")` in a name would come out live. Every CSV the project writes
// passes each cell through escape_formula, which puts a ' in front of such a cell (Excel and LibreOffice
// show the text as it is, without the ').
std::string escape_formula(std::string_view cell);
// The inverse, for the roster import: a cell that starts with ' followed by one of those characters loses
// the ', so a file this project exported imports back to the same values and exports again without a
// second '. (A name that truly starts with "'=" would lose its ' too; no real roster holds one.)
std::string_view unescape_formula(std::string_view cell);

// The CSV the project writes for the organisers' spreadsheets: UTF-8 that starts with a byte-order mark
// (so Excel shows "Łukasz", not mojibake), semicolons (Polish Excel's list separator), CRLF line ends,
// RFC 4180 quoting, every cell through escape_formula.
inline constexpr std::string_view spreadsheet_byte_order_mark = "\xEF\xBB\xBF";
// Appends one record in that form.
void append_spreadsheet_row(std::string& out, const std::vector<std::string>& fields);

} // namespace checkin::sync
