#pragma once

// UTF-8 once for the whole project: strict decoding (RFC 3629), so roster decoding, search folding,
// scanned codes and badge text all judge bytes the same way, and lenient character boundaries for cutting
// and counting text already checked. Header-only.

#include <cstddef>
#include <string>
#include <string_view>

namespace checkin::base::utf8 {

enum class Defect {
    none,
    stray_continuation, // a 10xxxxxx byte where a character should start
    overlong,           // a longer form than needed, which could smuggle in an ASCII character
    surrogate,          // U+D800–U+DFFF belong to UTF-16 only
    too_large,          // past U+10FFFF
    truncated,          // the sequence stops before its last byte
    impossible_byte,    // 0xF8–0xFF never occur in UTF-8
};

struct CodePoint {
    char32_t value = 0;
    std::size_t length = 1; // bytes consumed; 1 on a defect, so a caller can resynchronise on the next byte
    Defect defect = Defect::none;
};

// The character that starts at `offset`, which must be inside `bytes`.
constexpr CodePoint decode_at(std::string_view bytes, std::size_t offset) {
    const auto byte_at = [bytes](std::size_t at) {
        return static_cast<unsigned char>(bytes[at]);
    };
    const unsigned char lead = byte_at(offset);
    if (lead < 0x80) {
        return {lead, 1, Defect::none};
    }
    std::size_t length = 0;
    char32_t value = 0;
    char32_t smallest = 0; // anything below needs fewer bytes, so this length would be overlong
    if (lead < 0xC0) {
        return {0, 1, Defect::stray_continuation};
    } else if (lead < 0xE0) {
        length = 2;
        value = lead & 0x1FU;
        smallest = 0x80;
    } else if (lead < 0xF0) {
        length = 3;
        value = lead & 0x0FU;
        smallest = 0x800;
    } else if (lead < 0xF8) {
        length = 4;
        value = lead & 0x07U;
        smallest = 0x10000;
    } else {
        return {0, 1, Defect::impossible_byte};
    }
    for (std::size_t index = 1; index < length; ++index) {
        if (offset + index >= bytes.size() || (byte_at(offset + index) & 0xC0U) != 0x80U) {
            return {0, 1, Defect::truncated};
        }
        value = (value << 6U) | (byte_at(offset + index) & 0x3FU);
    }
    if (value < smallest) {
        return {0, 1, Defect::overlong};
    }
    if (value >= 0xD800 && value <= 0xDFFF) {
        return {0, 1, Defect::surrogate};
    }
    if (value > 0x10FFFF) {
        return {0, 1, Defect::too_large};
    }
    return {value, length, Defect::none};
}

// Appends `value` (a Unicode scalar value) encoded as UTF-8.
inline void append(std::string& out, char32_t value) {
    const auto byte = [&out](char32_t bits) {
        out.push_back(static_cast<char>(static_cast<unsigned char>(bits)));
    };
    if (value < 0x80) {
        byte(value);
    } else if (value < 0x800) {
        byte(0xC0U | (value >> 6U));
        byte(0x80U | (value & 0x3FU));
    } else if (value < 0x10000) {
        byte(0xE0U | (value >> 12U));
        byte(0x80U | ((value >> 6U) & 0x3FU));
        byte(0x80U | (value & 0x3FU));
    } else {
        byte(0xF0U | (value >> 18U));
        byte(0x80U | ((value >> 12U) & 0x3FU));
        byte(0x80U | ((value >> 6U) & 0x3FU));
        byte(0x80U | (value & 0x3FU));
    }
}

// Lenient helpers for text the program made or already checked (screen lines, typed input, badge
// fields): they only tell where characters start, so a cut never splits one. Strict judging of outside
// bytes is decode_at's.

// A 10xxxxxx byte continues the character before it.
constexpr bool is_continuation_byte(char byte) {
    return (static_cast<unsigned char>(byte) & 0xC0U) == 0x80U;
}

// How many characters `text` holds, counted by their first bytes.
constexpr std::size_t count_characters(std::string_view text) {
    std::size_t count = 0;
    for (const char byte : text) {
        if (!is_continuation_byte(byte)) {
            ++count;
        }
    }
    return count;
}

// The bytes of the first character of `text`; stray continuation bytes at the start go with it, so a
// loop over characters always advances.
constexpr std::string_view first_character(std::string_view text) {
    std::size_t end = text.empty() ? 0 : 1;
    while (end < text.size() && is_continuation_byte(text[end])) {
        ++end;
    }
    return text.substr(0, end);
}

// Where the last character of a non-empty `text` starts.
constexpr std::size_t last_character_start(std::string_view text) {
    std::size_t start = text.size() - 1;
    while (start > 0 && is_continuation_byte(text[start])) {
        --start;
    }
    return start;
}

} // namespace checkin::base::utf8
