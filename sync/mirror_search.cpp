// Mirror::search: find delegates by name, ignoring case and diacritics.
//
// The query is folded and split into tokens ("kow an"); a delegate matches when every query token is a
// prefix of one of the tokens of their last name, first name or organisation. Each query token scores
// by where it matched (last name above first name above organisation) and whether it matched a whole
// token; results are ordered by total score, then alphabetically by last name, first name and
// organisation, which tells namesakes apart. A query that is exactly a code puts that delegate first.

#include "sync/mirror.hpp"
#include "sync/mirror_rows.hpp"
#include "sync/scan_code.hpp"
#include "sync/text_fold.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <unordered_map>

namespace checkin::sync {

namespace {

constexpr int exact_code_score = 1000;
constexpr int whole_token_bonus = 10;

int field_weight(std::int64_t field) {
    switch (field) {
    case 0:
        return 30; // last name
    case 1:
        return 20; // first name
    default:
        return 5; // organisation
    }
}

// Greater than every valid UTF-8 sequence, so [prefix, prefix + this) is exactly the tokens that start
// with the prefix under SQLite's byte-wise comparison.
constexpr std::string_view after_every_character = "\xF4\x90\x80\x80";

struct Candidate {
    int score = 0;
    std::string sort_key;
};

} // namespace

Result<std::vector<SearchHit>> Mirror::search(std::string_view query, std::size_t limit) {
    auto tokens = search_tokens(query);
    std::vector<SearchHit> hits;
    if (limit == 0) {
        return hits;
    }
    std::optional<Delegate> code_match;
    if (auto code = normalise_scanned_code(query)) {
        auto found = load_delegate(*code);
        if (!found) {
            return fail(found.error());
        }
        code_match = std::move(*found);
    }
    // The longest token usually matches the fewest names; starting with it keeps the candidate set small.
    std::stable_sort(tokens.begin(), tokens.end(),
                     [](const auto& a, const auto& b) { return a.size() > b.size(); });

    auto range = statement("SELECT token, delegate_id, field, sort_key FROM name_tokens "
                           "WHERE token >= ?1 AND token < ?2");
    if (!range) {
        return fail(range.error());
    }
    std::unordered_map<std::int64_t, Candidate> candidates;
    for (std::size_t index = 0; index < tokens.size(); ++index) {
        const auto& token = tokens[index];
        const bool first = index == 0;
        std::unordered_map<std::int64_t, int> best_for_token;
        auto& select = **range;
        select.reset();
        select.bind(1, token).bind(2, token + std::string(after_every_character));
        while (true) {
            auto step = select.step();
            if (!step) {
                return fail(step.error());
            }
            if (*step == sqlite::Step::done) {
                break;
            }
            const std::int64_t delegate_id = select.integer(1);
            if (!first && !candidates.contains(delegate_id)) {
                continue;
            }
            const int score =
                field_weight(select.integer(2)) + (select.text(0) == token ? whole_token_bonus : 0);
            auto [entry, inserted] = best_for_token.try_emplace(delegate_id, score);
            if (!inserted) {
                entry->second = std::max(entry->second, score);
            }
            if (first && inserted) {
                candidates[delegate_id].sort_key = select.text(3);
            }
        }
        select.reset();
        std::erase_if(candidates,
                      [&](const auto& candidate) { return !best_for_token.contains(candidate.first); });
        for (auto& [delegate_id, candidate] : candidates) {
            candidate.score += best_for_token[delegate_id];
        }
        if (candidates.empty()) {
            break;
        }
    }

    std::vector<std::pair<std::int64_t, Candidate*>> ranked;
    ranked.reserve(candidates.size());
    for (auto& [delegate_id, candidate] : candidates) {
        ranked.emplace_back(delegate_id, &candidate);
    }
    const auto better = [](const auto& a, const auto& b) {
        if (a.second->score != b.second->score) {
            return a.second->score > b.second->score;
        }
        if (a.second->sort_key != b.second->sort_key) {
            return a.second->sort_key < b.second->sort_key;
        }
        return a.first < b.first;
    };
    const std::size_t kept = std::min(limit, ranked.size());
    std::partial_sort(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(kept), ranked.end(),
                      better);
    ranked.resize(kept);

    if (code_match) {
        hits.push_back({*code_match, exact_code_score});
    }
    static const std::string by_id_sql =
        fmt::format("SELECT {} FROM delegates WHERE id = ?1", rows::delegate_columns);
    auto by_id = statement(by_id_sql);
    if (!by_id) {
        return fail(by_id.error());
    }
    for (const auto& [delegate_id, candidate] : ranked) {
        if (hits.size() >= limit) {
            break;
        }
        auto& select = **by_id;
        select.reset();
        select.bind(1, delegate_id);
        auto step = select.step();
        if (!step) {
            return fail(step.error());
        }
        if (*step == sqlite::Step::row) {
            auto delegate = rows::read_delegate(select, 0);
            if (!code_match || delegate.code != code_match->code) {
                hits.push_back({std::move(delegate), candidate->score});
            }
        }
    }
    (*by_id)->reset();
    return hits;
}

} // namespace checkin::sync
