// Mirror::search: the in-memory NameIndex over the delegates table, kept fresh by the delegate_changes
// counter that triggers bump on every change from any connection.

#include "sync/mirror/mirror.hpp"
#include "sync/mirror/mirror_rows.hpp"
#include "sync/roster/scan_code.hpp"
#include "sync/roster/text_fold.hpp"

#include <fmt/format.h>

namespace checkin::sync {

namespace {
constexpr int exact_code_score = 1000;
}

Result<const NameIndex*> Mirror::name_index() {
    auto version = statement("SELECT value FROM counters WHERE name = 'delegate_changes'");
    if (!version) {
        return fail(version.error());
    }
    if (auto step = (*version)->step(); !step) {
        return fail(step.error());
    }
    const std::int64_t current = (*version)->integer(0);
    (*version)->reset();
    if (m_name_index && current == m_name_index_version) {
        return &*m_name_index;
    }
    if (auto cached = cached_name_index(current)) {
        m_name_index = std::move(*cached);
        m_name_index_version = current;
        return &*m_name_index;
    }
    auto select = statement("SELECT id, first_name, last_name, organisation FROM delegates");
    if (!select) {
        return fail(select.error());
    }
    struct Row {
        std::int64_t id;
        std::string first_name, last_name, organisation;
    };
    std::vector<Row> rows;
    auto visited = (*select)->for_each_row([&](const sqlite::Statement& row) {
        rows.push_back({row.integer(0), row.text(1), row.text(2), row.text(3)});
    });
    if (!visited) {
        return fail(visited.error());
    }
    std::vector<NameIndexEntry> entries;
    entries.reserve(rows.size());
    for (const auto& row : rows) {
        entries.push_back({row.id, row.first_name, row.last_name, row.organisation});
    }
    m_name_index.emplace(entries);
    m_name_index_version = current;
    cache_name_index(*m_name_index, current);
    return &*m_name_index;
}

std::optional<NameIndex> Mirror::cached_name_index(std::int64_t delegate_changes) {
    auto select = statement("SELECT bytes FROM name_index_cache WHERE id = 1 AND delegate_changes = ?1");
    if (!select) {
        return std::nullopt;
    }
    auto& query = **select;
    query.bind(1, delegate_changes);
    std::optional<NameIndex> index;
    if (auto step = query.step(); step && *step == sqlite::Step::row) {
        index = NameIndex::from_bytes(query.blob(0)); // a damaged cache is built anew
    }
    query.reset();
    return index;
}

void Mirror::cache_name_index(const NameIndex& index, std::int64_t delegate_changes) {
    // Best effort: a mirror opened by a reader that may not write, or busy with a writer, is searched
    // all the same, and the next search tries again.
    auto store = statement("INSERT INTO name_index_cache (id, delegate_changes, bytes) VALUES (1, ?1, ?2) "
                           "ON CONFLICT (id) DO UPDATE SET delegate_changes = excluded.delegate_changes, "
                           "bytes = excluded.bytes");
    if (!store) {
        return;
    }
    const std::string bytes = index.to_bytes();
    (void)(*store)->bind(1, delegate_changes).bind_blob(2, bytes).run();
}

Result<std::vector<SearchHit>> Mirror::search(std::string_view query, std::size_t limit) {
    std::vector<SearchHit> hits;
    if (limit == 0) {
        return hits;
    }
    if (auto code = normalise_scanned_code(query)) {
        auto found = load_delegate(*code);
        if (!found) {
            return fail(found.error());
        }
        if (*found) {
            hits.push_back({std::move(**found), exact_code_score});
        }
    }
    auto index = name_index();
    if (!index) {
        return fail(index.error());
    }
    static const std::string by_id_sql =
        fmt::format("SELECT {} FROM delegates WHERE id = ?1", rows::delegate_columns);
    for (const auto& match : (*index)->search(query, limit)) {
        if (hits.size() >= limit) {
            break;
        }
        auto by_id = statement(by_id_sql);
        if (!by_id) {
            return fail(by_id.error());
        }
        auto& select = **by_id;
        select.bind(1, match.id);
        auto step = select.step();
        if (!step) {
            return fail(step.error());
        }
        if (*step == sqlite::Step::row) {
            auto delegate = rows::read_delegate(select, 0);
            if (hits.empty() || hits.front().score != exact_code_score ||
                delegate.code != hits.front().delegate.code) {
                hits.push_back({std::move(delegate), match.score});
            }
        }
        select.reset();
    }
    return hits;
}

Result<std::vector<Delegate>> Mirror::find_by_exact_name(std::string_view surname,
                                                         std::string_view first_name, std::size_t limit) {
    std::vector<Delegate> found;
    if (limit == 0 || search_tokens(surname).empty()) {
        return found;
    }
    auto index = name_index();
    if (!index) {
        return fail(index.error());
    }
    // The index finds everyone whose names start with the typed words; an exact whole-word match of the
    // last name scores highest, so those come first, and the candidates past them are few. The exact rule
    // is then checked on each candidate's own names.
    constexpr std::size_t candidate_limit = 256;
    const std::string query =
        first_name.empty() ? std::string(surname) : fmt::format("{} {}", surname, first_name);
    static const std::string by_id_sql =
        fmt::format("SELECT {} FROM delegates WHERE id = ?1", rows::delegate_columns);
    for (const auto& match : (*index)->search(query, candidate_limit)) {
        auto by_id = statement(by_id_sql);
        if (!by_id) {
            return fail(by_id.error());
        }
        auto& select = **by_id;
        select.bind(1, match.id);
        auto step = select.step();
        if (!step) {
            return fail(step.error());
        }
        if (*step == sqlite::Step::row) {
            Delegate delegate = rows::read_delegate(select, 0);
            if (names_exactly(surname, delegate.last_name) &&
                (first_name.empty() || names_exactly(first_name, delegate.first_name))) {
                found.push_back(std::move(delegate));
            }
        }
        select.reset();
        if (found.size() >= limit) {
            break;
        }
    }
    return found;
}

} // namespace checkin::sync
