#pragma once

// An in-memory index for searching delegates by name, ignoring case and diacritics. Pure: it is built
// from rows the mirror hands it and answers queries without I/O.
//
// A delegate matches when every query token is a prefix of one of the folded tokens of their last name,
// first name or organisation ("kow an" finds "Anna Kowalska"). Each query token scores by where it
// matched (last name above first name above organisation) and whether it matched a whole token; ties
// are broken alphabetically by last name, first name and organisation, which tells namesakes apart.
//
// Why in memory: a two-letter prefix such as "mi" matches half the organisations ("Urząd Miasta …"),
// and walking tens of thousands of rows through SQLite for it takes tens of milliseconds; here it is a
// binary search over a few thousand distinct tokens and a pass over compact postings.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace checkin::sync {

struct NameIndexEntry {
    std::int64_t id = 0; // the caller's key (the mirror's row id)
    std::string_view first_name;
    std::string_view last_name;
    std::string_view organisation;
};

struct NameMatch {
    std::int64_t id = 0;
    int score = 0;
};

class NameIndex {
public:
    NameIndex() = default;
    explicit NameIndex(const std::vector<NameIndexEntry>& entries);

    // The best `limit` matches, best first. An empty or punctuation-only query matches nothing.
    std::vector<NameMatch> search(std::string_view query, std::size_t limit) const;

    std::size_t size() const { return m_ids.size(); }

    // The index as bytes, so a short-lived process (kioskctl find) can load it instead of folding and
    // sorting every delegate again (name_index_bytes.cpp: the layout). from_bytes checks every count,
    // offset and order it relies on and refuses anything else (nullopt: build it anew).
    std::string to_bytes() const;
    static std::optional<NameIndex> from_bytes(std::string_view bytes);

private:
    enum class Field : std::uint8_t { last_name, first_name, organisation };
    struct Posting {
        std::uint32_t slot; // index into m_ids / m_alphabetical_rank
        Field field;
    };

    // Distinct folded tokens, sorted; postings of token i are m_postings[m_posting_start[i] .. [i + 1]).
    std::vector<std::string> m_tokens;
    std::vector<std::uint32_t> m_posting_start;
    std::vector<Posting> m_postings;
    std::vector<std::int64_t> m_ids;
    std::vector<std::uint32_t> m_alphabetical_rank; // by folded last name, first name, organisation
};

} // namespace checkin::sync
