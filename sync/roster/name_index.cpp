#include "sync/roster/name_index.hpp"

#include "sync/roster/text_fold.hpp"

#include <algorithm>
#include <numeric>
#include <tuple>
#include <unordered_map>

namespace checkin::sync {

namespace {

constexpr int whole_token_bonus = 10;

int field_weight(std::uint8_t field) {
    static constexpr int weights[] = {30, 20, 5}; // last name, first name, organisation
    return weights[field];
}

} // namespace

NameIndex::NameIndex(const std::vector<NameIndexEntry>& entries) {
    // Names repeat a lot (a few thousand distinct words for 100,000 people), so tokens are interned
    // first and only the distinct ones are sorted; postings are then placed by a counting pass.
    struct RawPosting {
        std::uint32_t token_id;
        Posting posting;
    };
    std::unordered_map<std::string, std::uint32_t> token_ids;
    std::vector<std::string> distinct;
    std::vector<RawPosting> raw;
    raw.reserve(entries.size() * 6);
    std::vector<std::string> sort_keys;
    sort_keys.reserve(entries.size());
    m_ids.reserve(entries.size());
    for (const auto& entry : entries) {
        const auto slot = static_cast<std::uint32_t>(m_ids.size());
        m_ids.push_back(entry.id);
        const std::pair<Field, std::string> folded[] = {
            {Field::last_name, fold_for_search(entry.last_name)},
            {Field::first_name, fold_for_search(entry.first_name)},
            {Field::organisation, fold_for_search(entry.organisation)}};
        // \x01 sorts before every letter, so "Nowak Anna" comes before "Nowakowska Anna".
        sort_keys.push_back(folded[0].second + '\x01' + folded[1].second + '\x01' + folded[2].second);
        for (const auto& [field, text] : folded) {
            for (auto& token : search_tokens(text)) {
                const auto [found, inserted] =
                    token_ids.try_emplace(std::move(token), static_cast<std::uint32_t>(distinct.size()));
                if (inserted) {
                    distinct.push_back(found->first);
                }
                raw.push_back({found->second, {slot, field}});
            }
        }
    }

    std::vector<std::uint32_t> order(m_ids.size());
    std::iota(order.begin(), order.end(), 0U);
    std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
        return std::tie(sort_keys[a], m_ids[a]) < std::tie(sort_keys[b], m_ids[b]);
    });
    m_alphabetical_rank.resize(m_ids.size());
    for (std::uint32_t rank = 0; rank < order.size(); ++rank) {
        m_alphabetical_rank[order[rank]] = rank;
    }

    std::vector<std::uint32_t> token_order(distinct.size());
    std::iota(token_order.begin(), token_order.end(), 0U);
    std::sort(token_order.begin(), token_order.end(),
              [&](std::uint32_t a, std::uint32_t b) { return distinct[a] < distinct[b]; });
    std::vector<std::uint32_t> position_of(distinct.size());
    m_tokens.reserve(distinct.size());
    for (std::uint32_t position = 0; position < token_order.size(); ++position) {
        position_of[token_order[position]] = position;
        m_tokens.push_back(std::move(distinct[token_order[position]]));
    }
    m_posting_start.assign(m_tokens.size() + 1, 0);
    for (const auto& item : raw) {
        ++m_posting_start[position_of[item.token_id] + 1];
    }
    for (std::size_t index = 1; index < m_posting_start.size(); ++index) {
        m_posting_start[index] += m_posting_start[index - 1];
    }
    std::vector<std::uint32_t> next(m_posting_start.begin(), m_posting_start.end() - 1);
    m_postings.resize(raw.size());
    for (const auto& item : raw) {
        m_postings[next[position_of[item.token_id]]++] = item.posting;
    }
}

std::vector<NameMatch> NameIndex::search(std::string_view query, std::size_t limit) const {
    auto query_tokens = search_tokens(query);
    if (query_tokens.empty() || limit == 0 || m_ids.empty()) {
        return {};
    }
    // Nobody types more words than this for a name; the cap also keeps the per-slot round counter small.
    constexpr std::size_t maximum_query_tokens = 12;
    if (query_tokens.size() > maximum_query_tokens) {
        query_tokens.resize(maximum_query_tokens);
    }
    // The longest token usually matches the fewest names; starting with it keeps the candidates few.
    std::stable_sort(query_tokens.begin(), query_tokens.end(),
                     [](const std::string& a, const std::string& b) { return a.size() > b.size(); });

    // Dense per-slot state, touched only for slots that match: `round` says how many query tokens a
    // slot has matched so far, so a slot that missed one token drops out without any clearing pass.
    std::vector<std::uint8_t> rounds(m_ids.size(), 0);
    std::vector<int> totals(m_ids.size(), 0);
    std::vector<int> best(m_ids.size(), 0);
    std::vector<std::uint32_t> candidates;
    std::vector<std::uint32_t> matched;

    for (std::size_t round = 0; round < query_tokens.size(); ++round) {
        const auto& token = query_tokens[round];
        const auto this_round = static_cast<std::uint8_t>(std::min<std::size_t>(round + 1, 255));
        matched.clear();
        auto position = std::lower_bound(m_tokens.begin(), m_tokens.end(), token);
        for (; position != m_tokens.end() && position->starts_with(token); ++position) {
            const auto token_index = static_cast<std::size_t>(position - m_tokens.begin());
            const int bonus = position->size() == token.size() ? whole_token_bonus : 0;
            for (auto at = m_posting_start[token_index]; at < m_posting_start[token_index + 1]; ++at) {
                const auto& posting = m_postings[at];
                auto& slot_round = rounds[posting.slot];
                const int score = field_weight(static_cast<std::uint8_t>(posting.field)) + bonus;
                if (slot_round == this_round) {
                    best[posting.slot] = std::max(best[posting.slot], score);
                } else if (slot_round + 1 == this_round) {
                    slot_round = this_round;
                    best[posting.slot] = score;
                    matched.push_back(posting.slot);
                }
            }
        }
        for (const auto slot : matched) {
            totals[slot] = (round == 0 ? 0 : totals[slot]) + best[slot];
        }
        candidates.swap(matched);
        if (candidates.empty()) {
            return {};
        }
    }

    const auto better = [&](std::uint32_t a, std::uint32_t b) {
        if (totals[a] != totals[b]) {
            return totals[a] > totals[b];
        }
        return m_alphabetical_rank[a] < m_alphabetical_rank[b];
    };
    const std::size_t kept = std::min(limit, candidates.size());
    std::partial_sort(candidates.begin(), candidates.begin() + static_cast<std::ptrdiff_t>(kept),
                      candidates.end(), better);
    std::vector<NameMatch> matches;
    matches.reserve(kept);
    for (std::size_t index = 0; index < kept; ++index) {
        matches.push_back({m_ids[candidates[index]], totals[candidates[index]]});
    }
    return matches;
}

} // namespace checkin::sync
