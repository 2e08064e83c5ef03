#include "sync/roster/text_encoding.hpp"

#include "base/utf8.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace checkin::sync {

namespace {

// Marks the five bytes Windows-1250 leaves undefined. U+FFFF is a noncharacter, so no real mapping
// can collide with it.
constexpr char16_t undefined = 0xFFFF;

// The upper half of Windows-1250, byte 0x80 + index → Unicode, from the official cp1250 mapping
// (the same table as Python's 'cp1250' codec).
constexpr std::array<char16_t, 128> cp1250_upper_half = {
    0x20AC,    undefined, 0x201A, undefined, 0x201E, 0x2026, 0x2020, 0x2021, // 0x80
    undefined, 0x2030,    0x0160, 0x2039,    0x015A, 0x0164, 0x017D, 0x0179, // 0x88
    undefined, 0x2018,    0x2019, 0x201C,    0x201D, 0x2022, 0x2013, 0x2014, // 0x90
    undefined, 0x2122,    0x0161, 0x203A,    0x015B, 0x0165, 0x017E, 0x017A, // 0x98
    0x00A0,    0x02C7,    0x02D8, 0x0141,    0x00A4, 0x0104, 0x00A6, 0x00A7, // 0xA0
    0x00A8,    0x00A9,    0x015E, 0x00AB,    0x00AC, 0x00AD, 0x00AE, 0x017B, // 0xA8
    0x00B0,    0x00B1,    0x02DB, 0x0142,    0x00B4, 0x00B5, 0x00B6, 0x00B7, // 0xB0
    0x00B8,    0x0105,    0x015F, 0x00BB,    0x013D, 0x02DD, 0x013E, 0x017C, // 0xB8
    0x0154,    0x00C1,    0x00C2, 0x0102,    0x00C4, 0x0139, 0x0106, 0x00C7, // 0xC0
    0x010C,    0x00C9,    0x0118, 0x00CB,    0x011A, 0x00CD, 0x00CE, 0x010E, // 0xC8
    0x0110,    0x0143,    0x0147, 0x00D3,    0x00D4, 0x0150, 0x00D6, 0x00D7, // 0xD0
    0x0158,    0x016E,    0x00DA, 0x0170,    0x00DC, 0x00DD, 0x0162, 0x00DF, // 0xD8
    0x0155,    0x00E1,    0x00E2, 0x0103,    0x00E4, 0x013A, 0x0107, 0x00E7, // 0xE0
    0x010D,    0x00E9,    0x0119, 0x00EB,    0x011B, 0x00ED, 0x00EE, 0x010F, // 0xE8
    0x0111,    0x0144,    0x0148, 0x00F3,    0x00F4, 0x0151, 0x00F6, 0x00F7, // 0xF0
    0x0159,    0x016F,    0x00FA, 0x0171,    0x00FC, 0x00FD, 0x0163, 0x02D9, // 0xF8
};

// All 256 bytes → Unicode. The lower half is ASCII, identical in both encodings.
constexpr std::array<char16_t, 256> cp1250_to_unicode = [] {
    std::array<char16_t, 256> table{};
    for (std::size_t byte = 0; byte < 128; ++byte) {
        table[byte] = static_cast<char16_t>(byte);
    }
    for (std::size_t index = 0; index < 128; ++index) {
        table[128 + index] = cp1250_upper_half[index];
    }
    return table;
}();

struct ReverseEntry {
    char16_t code_point;
    unsigned char byte;
};

constexpr std::size_t defined_upper_count = static_cast<std::size_t>(
    std::ranges::count_if(cp1250_upper_half, [](char16_t c) { return c != undefined; }));

// Unicode → byte for the upper half, sorted by code point so encoding is a binary search.
constexpr std::array<ReverseEntry, defined_upper_count> unicode_to_cp1250 = [] {
    std::array<ReverseEntry, defined_upper_count> entries{};
    std::size_t next = 0;
    for (std::size_t index = 0; index < 128; ++index) {
        if (cp1250_upper_half[index] != undefined) {
            entries[next++] = {cp1250_upper_half[index], static_cast<unsigned char>(128 + index)};
        }
    }
    std::ranges::sort(entries, {}, &ReverseEntry::code_point);
    return entries;
}();

unsigned char byte_at(std::string_view bytes, std::size_t offset) {
    return static_cast<unsigned char>(bytes[offset]);
}

struct Utf8Problem {
    std::size_t offset;
    base::utf8::Defect defect;
};

// The first invalid spot in `bytes`, or nothing when they are valid UTF-8. Runs of ASCII are skipped
// eight bytes at a time because rosters are mostly ASCII and may be large.
std::optional<Utf8Problem> find_invalid_utf8(std::string_view bytes) {
    constexpr std::uint64_t high_bits = 0x8080808080808080u;
    std::size_t offset = 0;
    while (offset < bytes.size()) {
        if (offset + 8 <= bytes.size()) {
            std::uint64_t block = 0;
            std::memcpy(&block, bytes.data() + offset, sizeof block);
            if ((block & high_bits) == 0) {
                offset += 8;
                continue;
            }
        }
        const base::utf8::CodePoint decoded = base::utf8::decode_at(bytes, offset);
        if (decoded.defect != base::utf8::Defect::none) {
            return Utf8Problem{offset, decoded.defect};
        }
        offset += decoded.length;
    }
    return std::nullopt;
}

std::string hex_byte(unsigned char byte) {
    constexpr std::string_view digits = "0123456789ABCDEF";
    return std::string("0x") + digits[byte >> 4] + digits[byte & 0x0Fu];
}

// Line numbers are computed only when something fails, so the happy path pays nothing for them.
std::size_t line_of(std::string_view bytes, std::size_t offset) {
    return 1 + static_cast<std::size_t>(
                   std::count(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
}

// 1-based byte position within its line, to help find the spot in a text editor.
std::size_t position_in_line(std::string_view bytes, std::size_t offset) {
    const std::size_t previous_break = offset == 0 ? std::string_view::npos : bytes.rfind('\n', offset - 1);
    return previous_break == std::string_view::npos ? offset + 1 : offset - previous_break;
}

std::string describe_utf8_problem(std::string_view bytes, const Utf8Problem& problem) {
    const std::string where =
        "at position " + std::to_string(position_in_line(bytes, problem.offset)) + " in the line";
    const std::string byte = hex_byte(byte_at(bytes, problem.offset));
    switch (problem.defect) {
    case base::utf8::Defect::stray_continuation:
        return "byte " + byte + " " + where + " does not start a character";
    case base::utf8::Defect::overlong:
        return "an overlong character encoding " + where;
    case base::utf8::Defect::surrogate:
        return "an encoded UTF-16 surrogate " + where;
    case base::utf8::Defect::too_large:
        return "a character above U+10FFFF " + where;
    case base::utf8::Defect::truncated:
        return "a character cut short " + where;
    case base::utf8::Defect::impossible_byte:
        return "byte " + byte + " " + where + " never occurs in UTF-8";
    case base::utf8::Defect::none:
        break;
    }
    return "an invalid byte " + where;
}

constexpr std::string_view save_as_csv_advice = "in Excel choose File › Save As › CSV (semicolon delimited)";

// Refuses files that are not text at all, before any guessing about encodings: a workbook read as
// Windows-1250 would otherwise "decode" into pages of garbage instead of a helpful message.
std::optional<Error> check_is_text(std::string_view bytes) {
    using namespace std::string_view_literals;
    if (bytes.starts_with("PK\x03\x04"sv)) {
        return Error::invalid_input(std::string("this file is an Excel workbook (.xlsx), not CSV: ") +
                                    std::string(save_as_csv_advice));
    }
    if (bytes.starts_with("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"sv)) {
        return Error::invalid_input(std::string("this file is an old Excel workbook (.xls), not CSV: ") +
                                    std::string(save_as_csv_advice));
    }
    for (std::size_t offset = 0; offset < bytes.size(); ++offset) {
        const unsigned char byte = byte_at(bytes, offset);
        if (byte >= 0x20 && byte != 0x7F) {
            continue;
        }
        if (byte == '\t' || byte == '\n' || byte == '\r' || byte == '\f') {
            continue;
        }
        // UTF-16 is text, but we do not read it; its NUL bytes would otherwise get a misleading message.
        if (byte == 0 && (bytes.starts_with("\xFF\xFE"sv) || bytes.starts_with("\xFE\xFF"sv))) {
            return Error::invalid_input(
                "this file is UTF-16 text, which the importer does not read: in Excel "
                "choose File › Save As › CSV UTF-8 (comma delimited)");
        }
        if (byte == 0) {
            return Error::invalid_input_at(
                line_of(bytes, offset),
                std::string("the file contains a NUL byte, so it is not a CSV text file: ") +
                    std::string(save_as_csv_advice));
        }
        return Error::invalid_input_at(
            line_of(bytes, offset),
            "the file contains the control character " + hex_byte(byte) +
                ", which never appears in CSV text: " + std::string(save_as_csv_advice));
    }
    return std::nullopt;
}

Result<std::string> decode_cp1250(std::string_view bytes, EncodingChoice choice) {
    std::string out;
    out.reserve(bytes.size() + bytes.size() / 4);
    for (std::size_t offset = 0; offset < bytes.size(); ++offset) {
        const unsigned char byte = byte_at(bytes, offset);
        if (byte < 0x80) {
            out.push_back(static_cast<char>(byte));
            continue;
        }
        const char16_t code_point = cp1250_to_unicode[byte];
        if (code_point == undefined) {
            // In automatic mode we only got here because the bytes were not UTF-8 either.
            const std::string what = choice == EncodingChoice::automatic
                                         ? " is neither valid UTF-8 nor a Windows-1250 character: save the "
                                           "roster again from the spreadsheet as CSV"
                                         : " is not a Windows-1250 character: if the file is UTF-8, try "
                                           "--encoding utf-8";
            return fail(Error::invalid_input_at(line_of(bytes, offset),
                                                "byte " + hex_byte(byte) + " (position " +
                                                    std::to_string(position_in_line(bytes, offset)) +
                                                    " in the line)" + what));
        }
        base::utf8::append(out, code_point);
    }
    return out;
}

} // namespace

// The byte-order mark is stripped even when Windows-1250 is forced: "ď»ż" in front of the first
// column name is never what the organiser meant.
Result<DecodedText> decode_roster_bytes(std::string_view bytes, EncodingChoice choice) {
    if (auto not_text = check_is_text(bytes)) {
        return fail(std::move(*not_text));
    }

    DecodedText decoded{};
    constexpr std::string_view byte_order_mark = "\xEF\xBB\xBF";
    if (bytes.starts_with(byte_order_mark)) {
        decoded.had_byte_order_mark = true;
        bytes.remove_prefix(byte_order_mark.size());
    }

    const bool try_utf8 = choice == EncodingChoice::utf8 || choice == EncodingChoice::automatic;
    if (try_utf8) {
        const std::optional<Utf8Problem> problem = find_invalid_utf8(bytes);
        if (!problem) {
            decoded.utf8.assign(bytes);
            decoded.source_encoding = Encoding::utf8;
            return decoded;
        }
        const bool utf8_is_certain = choice == EncodingChoice::utf8 || decoded.had_byte_order_mark;
        if (utf8_is_certain) {
            const std::string reason = choice == EncodingChoice::utf8
                                           ? ""
                                           : " although the file starts with a UTF-8 byte-order mark";
            return fail(Error::invalid_input_at(line_of(bytes, problem->offset),
                                                "not valid UTF-8 (" + describe_utf8_problem(bytes, *problem) +
                                                    ")" + reason + "; try --encoding cp1250"));
        }
    }

    Result<std::string> text = decode_cp1250(bytes, choice);
    if (!text) {
        return fail(std::move(text.error()));
    }
    decoded.utf8 = std::move(*text);
    decoded.source_encoding = Encoding::cp1250;
    return decoded;
}

std::string encode_cp1250(std::string_view utf8) {
    std::string out;
    out.reserve(utf8.size());
    std::size_t offset = 0;
    while (offset < utf8.size()) {
        const base::utf8::CodePoint decoded = base::utf8::decode_at(utf8, offset);
        offset += decoded.length;
        if (decoded.defect != base::utf8::Defect::none) {
            out.push_back('?'); // one '?' per broken byte, so nothing is silently lost
            continue;
        }
        if (decoded.value < 0x80) {
            out.push_back(static_cast<char>(decoded.value));
            continue;
        }
        const auto found =
            std::ranges::lower_bound(unicode_to_cp1250, decoded.value, {},
                                     [](const ReverseEntry& entry) { return char32_t{entry.code_point}; });
        if (found != unicode_to_cp1250.end() && found->code_point == decoded.value) {
            out.push_back(static_cast<char>(found->byte));
        } else {
            out.push_back('?');
        }
    }
    return out;
}

const char* encoding_name(Encoding encoding) {
    switch (encoding) {
    case Encoding::utf8:
        return "utf-8";
    case Encoding::cp1250:
        return "cp1250";
    }
    return "unknown";
}

} // namespace checkin::sync
