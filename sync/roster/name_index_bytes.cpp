// NameIndex as bytes, for the mirror's cache of it (Mirror::name_index). All integers little-endian:
//
//   "NIX1"                         magic and version
//   u32 ids, u32 tokens, u32 postings
//   ids × i64                      the caller's keys
//   ids × u32                      alphabetical ranks, a permutation of 0 … ids − 1
//   tokens × (u16 length, bytes)   distinct folded tokens, strictly increasing
//   (tokens + 1) × u32             posting starts, from 0, never decreasing, ending at postings
//   postings × (u32 slot, u8 field)
//
// The bytes come from the mirror file, which a person could edit or a disk could damage, so from_bytes
// checks everything search relies on and declines the rest.

#include "sync/roster/name_index.hpp"

#include <algorithm>
#include <bit>
#include <cstring>

namespace checkin::sync {

namespace {

static_assert(std::endian::native == std::endian::little, "the cache's layout is little-endian");

constexpr std::string_view magic = "NIX1";

template <typename Number> void put(std::string& out, Number value) {
    char bytes[sizeof(Number)];
    std::memcpy(bytes, &value, sizeof(Number));
    out.append(bytes, sizeof(Number));
}

// Reads forward through the bytes; any read past the end marks the reader failed.
class Reader {
public:
    explicit Reader(std::string_view bytes) : m_bytes(bytes) {}

    template <typename Number> Number get() {
        Number value{};
        if (!has(sizeof(Number))) {
            m_failed = true;
            return value;
        }
        std::memcpy(&value, m_bytes.data() + m_offset, sizeof(Number));
        m_offset += sizeof(Number);
        return value;
    }
    std::string_view take(std::size_t length) {
        if (!has(length)) {
            m_failed = true;
            return {};
        }
        const auto part = m_bytes.substr(m_offset, length);
        m_offset += length;
        return part;
    }
    bool has(std::size_t length) const { return !m_failed && m_bytes.size() - m_offset >= length; }
    bool failed() const { return m_failed; }
    bool at_end() const { return !m_failed && m_offset == m_bytes.size(); }

private:
    std::string_view m_bytes;
    std::size_t m_offset = 0;
    bool m_failed = false;
};

} // namespace

std::string NameIndex::to_bytes() const {
    std::string out(magic);
    put(out, static_cast<std::uint32_t>(m_ids.size()));
    put(out, static_cast<std::uint32_t>(m_tokens.size()));
    put(out, static_cast<std::uint32_t>(m_postings.size()));
    for (const std::int64_t id : m_ids) {
        put(out, id);
    }
    for (const std::uint32_t rank : m_alphabetical_rank) {
        put(out, rank);
    }
    for (const std::string& token : m_tokens) {
        put(out, static_cast<std::uint16_t>(token.size())); // tokens are words of names: far below 64 KiB
        out += token;
    }
    for (const std::uint32_t start : m_posting_start) {
        put(out, start);
    }
    for (const Posting& posting : m_postings) {
        put(out, posting.slot);
        put(out, static_cast<std::uint8_t>(posting.field));
    }
    return out;
}

std::optional<NameIndex> NameIndex::from_bytes(std::string_view bytes) {
    Reader reader(bytes);
    if (reader.take(magic.size()) != magic) {
        return std::nullopt;
    }
    const auto id_count = reader.get<std::uint32_t>();
    const auto token_count = reader.get<std::uint32_t>();
    const auto posting_count = reader.get<std::uint32_t>();
    // Each count needs at least so many bytes, so a damaged count cannot make us reserve gigabytes.
    const std::size_t least =
        std::size_t{id_count} * 12 + std::size_t{token_count} * 6 + std::size_t{posting_count} * 5;
    if (reader.failed() || !reader.has(least)) {
        return std::nullopt;
    }
    NameIndex index;
    index.m_ids.resize(id_count);
    for (auto& id : index.m_ids) {
        id = reader.get<std::int64_t>();
    }
    index.m_alphabetical_rank.resize(id_count);
    std::vector<bool> rank_seen(id_count, false);
    for (auto& rank : index.m_alphabetical_rank) {
        rank = reader.get<std::uint32_t>();
        if (rank >= id_count || rank_seen[rank]) {
            return std::nullopt;
        }
        rank_seen[rank] = true;
    }
    index.m_tokens.reserve(token_count);
    for (std::uint32_t count = 0; count < token_count; ++count) {
        const auto length = reader.get<std::uint16_t>();
        const auto token = reader.take(length);
        if (reader.failed() || token.empty() || (!index.m_tokens.empty() && index.m_tokens.back() >= token)) {
            return std::nullopt; // search's binary search needs them distinct and in order
        }
        index.m_tokens.emplace_back(token);
    }
    index.m_posting_start.resize(std::size_t{token_count} + 1);
    for (auto& start : index.m_posting_start) {
        start = reader.get<std::uint32_t>();
    }
    if (index.m_posting_start.front() != 0 || index.m_posting_start.back() != posting_count ||
        !std::ranges::is_sorted(index.m_posting_start)) {
        return std::nullopt;
    }
    index.m_postings.resize(posting_count);
    for (auto& posting : index.m_postings) {
        posting.slot = reader.get<std::uint32_t>();
        const auto field = reader.get<std::uint8_t>();
        if (posting.slot >= id_count || field > static_cast<std::uint8_t>(Field::organisation)) {
            return std::nullopt;
        }
        posting.field = static_cast<Field>(field);
    }
    if (!reader.at_end()) {
        return std::nullopt;
    }
    return index;
}

} // namespace checkin::sync
