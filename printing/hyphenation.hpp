#pragma once

// Where a word may be broken with a hyphen, by a language's rules: libhyphen (the hyphenator of
// LibreOffice) with a pattern dictionary from Debian (hyphen-pl for Polish). The badge layout uses it
// for a last name too long for its line, before it falls back to a condensed face or a smaller size.
// Loading reads the dictionary file; asking is pure.

#include "printing/error.hpp"

#include <cstddef>
#include <filesystem>
#include <memory>
#include <string_view>
#include <vector>

struct _HyphenDict;

namespace checkin::printing {

// Debian's Polish patterns (package hyphen-pl).
inline constexpr const char* polish_hyphenation_patterns = "/usr/share/hyphen/hyph_pl_PL.dic";

class Hyphenator {
public:
    // Fails (io) when the file cannot be read as a libhyphen dictionary, or (invalid_input) when it is
    // in an encoding this reader does not convert (UTF-8 and ISO8859-2 are read).
    static Result<Hyphenator> load(const std::filesystem::path& patterns);

    // The byte offsets in `word` (UTF-8) where a hyphen may go: "Kowalska" → {2, 5} ("Ko-wal-ska").
    // At least two letters stay on either side, as Polish typesetting asks. A word holding anything but
    // letters the dictionary's encoding has (digits, other scripts) gets none; so does a word of fewer
    // than four letters.
    std::vector<std::size_t> break_points(std::string_view word) const;

private:
    struct DictionaryDeleter {
        void operator()(_HyphenDict* dictionary) const;
    };
    Hyphenator(_HyphenDict* dictionary, bool latin2);
    std::shared_ptr<_HyphenDict> m_dictionary; // shared: a Hyphenator is cheap to copy, the patterns are not
    bool m_latin2 = false;
};

} // namespace checkin::printing
