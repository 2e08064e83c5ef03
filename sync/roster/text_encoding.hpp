#pragma once

// Turning the bytes of an organiser's roster file into UTF-8 text. Polish Excel saves CSV as
// Windows-1250; everything else we meet is UTF-8, with or without a byte-order mark. Pure: no I/O.

#include "sync/roster/error.hpp"

#include <string>
#include <string_view>

namespace checkin::sync {

enum class Encoding { utf8, cp1250 };
enum class EncodingChoice { automatic, utf8, cp1250 };

struct DecodedText {
    std::string utf8;         // the text, UTF-8, without a byte-order mark
    Encoding source_encoding; // what the bytes were
    bool had_byte_order_mark = false;
};

// Decodes the whole file. `automatic`: a UTF-8 BOM or bytes that are valid UTF-8 mean UTF-8, anything
// else is read as Windows-1250.
// Fails (ErrorKind::invalid_input, message with the 1-based line number where it applies) when:
// - the bytes are not text: a NUL byte, a control character other than Tab/CR/LF/form feed, or a
//   known binary signature — an .xlsx/.zip ("PK\x03\x04") or an old .xls gets a message that tells the
//   user to save the sheet as CSV;
// - UTF-8 was forced and the bytes are not valid UTF-8 ("line 12: not valid UTF-8 …; try --encoding cp1250");
// - Windows-1250 was chosen and a byte is one the code page leaves undefined (0x81 0x83 0x88 0x90 0x98).
// An empty input decodes to empty text.
// Also: a UTF-8 byte-order mark is stripped and recorded whatever the choice; in automatic mode a file
// that starts with one but is not valid UTF-8 fails like forced UTF-8 (the mark rules out a guess); a
// UTF-16 file (FF FE / FE FF mark and NUL bytes) gets its own message instead of the NUL one.
Result<DecodedText> decode_roster_bytes(std::string_view bytes, EncodingChoice choice);

// Encodes UTF-8 text as Windows-1250; characters the code page lacks become '?'. Used by tests and by
// exports for old spreadsheet programs.
std::string encode_cp1250(std::string_view utf8);

const char* encoding_name(Encoding encoding); // "utf-8" or "cp1250"

} // namespace checkin::sync
