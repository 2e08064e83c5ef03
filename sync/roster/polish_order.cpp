#include "sync/roster/polish_order.hpp"

#include "base/utf8.hpp"
#include "sync/roster/text_fold.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace checkin::sync {

namespace {

// The Polish alphabet with q, v and x where loanwords put them. Folding for search would not do here:
// it turns "ł" into "l", which sorts "łódzkie" before "lubuskie"; in Polish ł is a letter of its own.
constexpr std::u32string_view polish_alphabet = U"aąbcćdeęfghijklłmnńoópqrsśtuvwxyzźż";

// Weights: spaces, punctuation and digits keep their ASCII code (below letter_weight), letters follow in
// alphabet order, and everything else (the "—" of an unnamed group) comes after every letter.
constexpr std::uint32_t letter_weight = 0x100;
constexpr std::uint32_t other_weight = 0x200;

char32_t to_lower_polish(char32_t character) {
    if (character >= U'A' && character <= U'Z') {
        return character - U'A' + U'a';
    }
    switch (character) {
    case U'Ą':
    case U'Ć':
    case U'Ę':
    case U'Ł':
    case U'Ń':
    case U'Ś':
    case U'Ź':
    case U'Ż':
        return character + 1; // each small letter follows its capital in Unicode
    case U'Ó':
        return U'ó';
    default:
        return character;
    }
}

void append_weight(std::vector<std::uint32_t>& key, char32_t character) {
    const auto lower = to_lower_polish(character);
    const auto place = polish_alphabet.find(lower);
    if (place != std::u32string_view::npos) {
        key.push_back(letter_weight + static_cast<std::uint32_t>(place));
    } else if (lower < 0x80) {
        key.push_back(static_cast<std::uint32_t>(lower));
    } else {
        key.push_back(other_weight + static_cast<std::uint32_t>(lower));
    }
}

bool is_polish_or_ascii(char32_t character) {
    return character < 0x80 || polish_alphabet.find(to_lower_polish(character)) != std::u32string_view::npos;
}

std::vector<std::uint32_t> collation_key(std::string_view text) {
    std::vector<std::uint32_t> key;
    key.reserve(text.size());
    for (std::size_t offset = 0; offset < text.size();) {
        const auto decoded = base::utf8::decode_at(text, offset);
        offset += decoded.length;
        if (decoded.defect != base::utf8::Defect::none) {
            key.push_back(other_weight + static_cast<unsigned char>(text[offset - 1]));
            continue;
        }
        if (is_polish_or_ascii(decoded.value)) {
            append_weight(key, decoded.value);
            continue;
        }
        // A letter from another language ("é", "ü", "ß") sorts as its plain form ("e", "u", "ss").
        std::string character;
        base::utf8::append(character, decoded.value);
        const auto folded = fold_for_search(character);
        for (std::size_t at = 0; at < folded.size();) {
            const auto part = base::utf8::decode_at(folded, at);
            append_weight(key, part.value);
            at += part.length;
        }
    }
    return key;
}

} // namespace

bool polish_name_less(std::string_view left, std::string_view right) {
    const auto left_key = collation_key(left);
    const auto right_key = collation_key(right);
    if (left_key != right_key) {
        return left_key < right_key;
    }
    return left < right; // "Lubuskie" and "lubuskie" still get a fixed order
}

} // namespace checkin::sync
