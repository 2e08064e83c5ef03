// libhyphen wrapped once (hyphenation.hpp). The dictionary's patterns are lower case in its own encoding,
// so a word is lowered and, for an ISO8859-2 dictionary, converted; the hyphen positions come back per
// letter and are mapped to the UTF-8 word's byte offsets.

#include "printing/hyphenation.hpp"

#include "base/utf8.hpp"

#include <array>
#include <cstdlib>
#include <fmt/format.h>
#include <fstream>
#include <hyphen.h>
#include <optional>
#include <string>

namespace checkin::printing {

namespace {

constexpr int minimum_left = 2;
constexpr int minimum_right = 2;

struct Letter {
    char32_t lower;
    char32_t upper;
    unsigned char latin2;
};

// The letters of Polish (and the rest of ISO8859-2's Central European letters a roster holds) beyond
// ASCII: lower case, upper case, and the lower case's ISO8859-2 byte.
constexpr std::array<Letter, 18> latin2_letters{{
    {U'ą', U'Ą', 0xB1},
    {U'ć', U'Ć', 0xE6},
    {U'ę', U'Ę', 0xEA},
    {U'ł', U'Ł', 0xB3},
    {U'ń', U'Ń', 0xF1},
    {U'ó', U'Ó', 0xF3},
    {U'ś', U'Ś', 0xB6},
    {U'ź', U'Ź', 0xBC},
    {U'ż', U'Ż', 0xBF},
    {U'á', U'Á', 0xE1},
    {U'é', U'É', 0xE9},
    {U'í', U'Í', 0xED},
    {U'ú', U'Ú', 0xFA},
    {U'ý', U'Ý', 0xFD},
    {U'č', U'Č', 0xE8},
    {U'ř', U'Ř', 0xF8},
    {U'š', U'Š', 0xB9},
    {U'ž', U'Ž', 0xBE},
}};

std::optional<char32_t> lower_letter(char32_t character) {
    if (character >= U'A' && character <= U'Z') {
        return character - U'A' + U'a';
    }
    if (character >= U'a' && character <= U'z') {
        return character;
    }
    for (const Letter& letter : latin2_letters) {
        if (character == letter.lower || character == letter.upper) {
            return letter.lower;
        }
    }
    return std::nullopt;
}

std::optional<char> latin2_of(char32_t lower) {
    if (lower < 0x80) {
        return static_cast<char>(lower);
    }
    for (const Letter& letter : latin2_letters) {
        if (lower == letter.lower) {
            return static_cast<char>(letter.latin2);
        }
    }
    return std::nullopt;
}

} // namespace

void Hyphenator::DictionaryDeleter::operator()(_HyphenDict* dictionary) const {
    hnj_hyphen_free(dictionary);
}

Hyphenator::Hyphenator(_HyphenDict* dictionary, bool latin2)
    : m_dictionary(dictionary, DictionaryDeleter{}), m_latin2(latin2) {}

Result<Hyphenator> Hyphenator::load(const std::filesystem::path& patterns) {
    // The first line names the encoding; libhyphen itself does not convert.
    std::ifstream file(patterns);
    std::string encoding;
    if (!file || !std::getline(file, encoding)) {
        return fail(fmt::format("cannot read the hyphenation patterns {} (Debian package hyphen-pl)",
                                patterns.string()),
                    ErrorKind::io);
    }
    while (!encoding.empty() && (encoding.back() == '\r' || encoding.back() == ' ')) {
        encoding.pop_back();
    }
    const bool latin2 = encoding == "ISO8859-2";
    if (!latin2 && encoding != "UTF-8") {
        return fail(fmt::format("{}: patterns in {} are not read here (UTF-8 or ISO8859-2)",
                                patterns.string(), encoding));
    }
    _HyphenDict* dictionary = hnj_hyphen_load(patterns.c_str());
    if (dictionary == nullptr) {
        return fail(fmt::format("{} is not a libhyphen pattern file", patterns.string()), ErrorKind::io);
    }
    return Hyphenator(dictionary, latin2);
}

std::vector<std::size_t> Hyphenator::break_points(std::string_view word) const {
    // The word as the dictionary spells it, and where each of its letters starts in the UTF-8 word.
    std::string spelled;
    std::vector<std::size_t> starts;
    for (std::size_t offset = 0; offset < word.size();) {
        const auto character = base::utf8::decode_at(word, offset);
        const auto lower =
            character.defect == base::utf8::Defect::none ? lower_letter(character.value) : std::nullopt;
        if (!lower) {
            return {};
        }
        starts.push_back(offset);
        if (m_latin2) {
            const auto byte = latin2_of(*lower);
            if (!byte) {
                return {};
            }
            spelled.push_back(*byte);
        } else {
            base::utf8::append(spelled, *lower);
        }
        offset += character.length;
    }
    if (starts.size() < static_cast<std::size_t>(minimum_left + minimum_right)) {
        return {};
    }
    std::vector<char> hyphens(spelled.size() + 5, '0');
    char** replacements = nullptr;
    int* positions = nullptr;
    int* cuts = nullptr;
    hnj_hyphen_hyphenate3(m_dictionary.get(), spelled.data(), static_cast<int>(spelled.size()),
                          hyphens.data(), nullptr, &replacements, &positions, &cuts, minimum_left,
                          minimum_right, minimum_left, minimum_right);
    // Polish patterns make no replacements; were there any, they are dropped with the arrays.
    if (replacements != nullptr) {
        for (std::size_t index = 0; index < spelled.size(); ++index) {
            std::free(replacements[index]);
        }
        std::free(replacements);
    }
    std::free(positions);
    std::free(cuts);

    // hyphens[i] odd: a break after letter i (of the spelled word, which for UTF-8 patterns counts bytes).
    std::vector<std::size_t> points;
    if (m_latin2) {
        for (std::size_t letter = 0; letter + 1 < starts.size(); ++letter) {
            if ((hyphens[letter] - '0') % 2 == 1) {
                points.push_back(starts[letter + 1]);
            }
        }
    } else {
        for (std::size_t byte = 0; byte + 1 < spelled.size(); ++byte) {
            if ((hyphens[byte] - '0') % 2 == 1) {
                points.push_back(byte + 1); // lower case keeps each letter's byte length here
            }
        }
    }
    return points;
}

} // namespace checkin::printing
