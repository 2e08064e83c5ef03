#pragma once

// Strict UTF-8 (RFC 3629), once for the whole project: roster decoding, search folding, scanned codes
// and badge text all judge bytes the same way. Header-only and free of everything else in sync/, so that
// printing can use it (target checkin::utf8) without depending on the mirror.

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

} // namespace checkin::base::utf8
