#include "sync/roster/text_fold.hpp"

#include "base/utf8.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <optional>

namespace checkin::sync {
namespace {

struct FoldEntry {
    char32_t code_point;
    const char* folded_utf8;
};

// Generated from Python's Unicode database by sync/roster/generate_fold_table.py, so that the build needs
// neither ICU nor a locale and every kiosk folds the same way. Never edit the .inc by hand.
constexpr auto fold_table = std::to_array<FoldEntry>({
#include "sync/roster/text_fold_table.inc"
});

// The binary search below is only correct on a strictly increasing table; a hand edit or a broken
// generator must fail the build, not silently miss letters.
static_assert(std::ranges::adjacent_find(fold_table,
                                         [](const FoldEntry& left, const FoldEntry& right) {
                                             return left.code_point >= right.code_point;
                                         }) == fold_table.end(),
              "text_fold_table.inc must be sorted by code point, without duplicates");

struct CodePointRange {
    char32_t first;
    char32_t last;
};

// Combining diacritical marks. They arrive when the text is decomposed (NFD, as macOS file names and
// some web forms produce): "L" + U+0301 must fold like "Ĺ". Search ignores diacritics everywhere, so
// the marks of the supplement and extended blocks go too.
constexpr std::array combining_mark_blocks{
    CodePointRange{0x0300, 0x036F}, // Combining Diacritical Marks
    CodePointRange{0x1AB0, 0x1AFF}, // Combining Diacritical Marks Extended
    CodePointRange{0x1DC0, 0x1DFF}, // Combining Diacritical Marks Supplement
    CodePointRange{0x20D0, 0x20FF}, // Combining Diacritical Marks for Symbols
    CodePointRange{0xFE20, 0xFE2F}, // Combining Half Marks
};

// Code points from U+00C0 up that separate words. Without ICU or a locale we cannot ask "is this a
// letter", so everything from U+00C0 up counts as one except these blocks of spaces, punctuation and
// symbols, which are cheap to list and cover what people put between names. A rare symbol that slips
// through merely stays inside a token: at worst a missed match, never a wrong one.
constexpr std::array separator_blocks{
    CodePointRange{0x00D7, 0x00D7},   // × multiplication sign
    CodePointRange{0x00F7, 0x00F7},   // ÷ division sign
    CodePointRange{0x1680, 0x1680},   // Ogham space mark
    CodePointRange{0x2000, 0x206F},   // General Punctuation: spaces, dashes, quotes, zero-width characters
    CodePointRange{0x2190, 0x2BFF},   // arrows, mathematical operators, technical symbols, shapes, dingbats
    CodePointRange{0x2E00, 0x2E7F},   // Supplemental Punctuation
    CodePointRange{0x3000, 0x303F},   // CJK Symbols and Punctuation, ideographic space included
    CodePointRange{0xFE30, 0xFE6F},   // CJK Compatibility Forms, Small Form Variants
    CodePointRange{0xFEFF, 0xFEFF},   // byte-order mark / zero-width no-break space
    CodePointRange{0xFF00, 0xFF0F},   // fullwidth punctuation …
    CodePointRange{0xFF1A, 0xFF20},   // … between the fullwidth digits and letters …
    CodePointRange{0xFF3B, 0xFF40},   // …
    CodePointRange{0xFF5B, 0xFF65},   // … and after them
    CodePointRange{0xFFF0, 0xFFFF},   // Specials, U+FFFD replacement character included
    CodePointRange{0x1F000, 0x1FAFF}, // emoji, playing cards, pictographs
};

bool in_any(char32_t code_point, const auto& blocks) {
    return std::ranges::any_of(blocks, [code_point](const CodePointRange& block) {
        return block.first <= code_point && code_point <= block.last;
    });
}

bool is_combining_mark(char32_t code_point) {
    return in_any(code_point, combining_mark_blocks);
}

bool is_letter_or_digit(char32_t code_point) {
    if (code_point < 0x80) {
        return (code_point >= U'a' && code_point <= U'z') || (code_point >= U'A' && code_point <= U'Z') ||
               (code_point >= U'0' && code_point <= U'9');
    }
    // U+0080–U+00BF are C1 controls, the no-break space and Latin-1 punctuation and symbols.
    return code_point >= 0xC0 && !in_any(code_point, separator_blocks);
}

const char* find_fold(char32_t code_point) {
    const auto* const entry = std::ranges::lower_bound(fold_table, code_point, {}, &FoldEntry::code_point);
    if (entry != fold_table.end() && entry->code_point == code_point) {
        return entry->folded_utf8;
    }
    return nullptr;
}

} // namespace

std::string fold_for_search(std::string_view utf8) {
    std::string folded;
    folded.reserve(utf8.size()); // folding never makes a name much longer; ß → ss is the worst case
    std::size_t position = 0;
    while (position < utf8.size()) {
        // Fast path: names are mostly ASCII, which needs no decoding and no table.
        const char byte = utf8[position];
        if (static_cast<unsigned char>(byte) < 0x80) {
            folded += (byte >= 'A' && byte <= 'Z') ? static_cast<char>(byte - 'A' + 'a') : byte;
            ++position;
            continue;
        }
        const base::utf8::CodePoint decoded = base::utf8::decode_at(utf8, position);
        if (decoded.defect != base::utf8::Defect::none) {
            // Drop one byte and try again at the next: that resynchronises on the next real character,
            // so one damaged byte in a roster does not swallow the rest of the name.
            ++position;
            continue;
        }
        if (!is_combining_mark(decoded.value)) {
            if (const char* replacement = find_fold(decoded.value)) {
                folded += replacement;
            } else {
                // Well-formed UTF-8 has exactly one encoding per code point, so copying the input bytes
                // is the same as re-encoding the code point.
                folded.append(utf8.substr(position, decoded.length));
            }
        }
        position += decoded.length;
    }
    return folded;
}

std::vector<std::string> search_tokens(std::string_view utf8) {
    const std::string folded = fold_for_search(utf8);
    const std::string_view text = folded;
    std::vector<std::string> tokens;
    std::size_t token_start = 0;
    std::size_t position = 0;
    const auto end_token = [&] {
        if (position > token_start) {
            tokens.emplace_back(text.substr(token_start, position - token_start));
        }
    };
    while (position < text.size()) {
        // The folded text is valid UTF-8, so decoding cannot fail; were it to, the byte separates.
        const base::utf8::CodePoint decoded = base::utf8::decode_at(text, position);
        if (decoded.defect != base::utf8::Defect::none || !is_letter_or_digit(decoded.value)) {
            end_token();
            token_start = position + decoded.length;
        }
        position += decoded.length;
    }
    end_token();
    return tokens;
}

bool names_exactly(std::string_view typed, std::string_view name) {
    const std::vector<std::string> typed_tokens = search_tokens(typed);
    if (typed_tokens.empty()) {
        return false;
    }
    const std::vector<std::string> name_tokens = search_tokens(name);
    if (typed_tokens == name_tokens) {
        return true;
    }
    return typed_tokens.size() == 1 && name_tokens.size() > 1 &&
           std::ranges::find(name_tokens, typed_tokens.front()) != name_tokens.end();
}

} // namespace checkin::sync
