// Mirror::apply_roster: a validated roster into the mirror, in one transaction.

#include "sync/mirror/mirror.hpp"
#include "sync/mirror/mirror_rows.hpp"
#include "sync/mirror/roster_import_report.hpp"
#include "sync/roster/scan_code.hpp"

#include <fmt/format.h>
#include <unordered_map>
#include <unordered_set>

namespace checkin::sync {

namespace {

struct ExistingRow {
    std::int64_t id = 0;
    Delegate delegate;
};

} // namespace

Result<ImportSummary> Mirror::apply_roster(const std::vector<RosterEntry>& entries, WriteMode mode,
                                           const ProgressCallback& progress,
                                           const std::optional<Event>& event_update, std::int64_t event_id) {
    const bool writing = mode == WriteMode::write;
    auto transaction = sqlite::Transaction::begin(m_database, sqlite::TransactionKind::immediate);
    if (!transaction) {
        return fail(transaction.error());
    }

    std::unordered_map<std::string, ExistingRow> existing;
    // Codes of the hub's other events (none on a kiosk): a roster that names one is refused whole.
    std::unordered_set<std::string> elsewhere;
    {
        static const std::string sql =
            fmt::format("SELECT id, event_id, {} FROM delegates", rows::delegate_columns);
        auto select = statement(sql);
        if (!select) {
            return fail(select.error());
        }
        auto visited = (*select)->for_each_row([&](const sqlite::Statement& row) {
            Delegate delegate = rows::read_delegate(row, 2);
            auto key = code_comparison_key(delegate.code);
            if (row.integer(1) != event_id) {
                elsewhere.insert(std::move(key));
                return;
            }
            existing.emplace(std::move(key), ExistingRow{row.integer(0), std::move(delegate)});
        });
        if (!visited) {
            return fail(visited.error());
        }
    }
    if (auto checked = refuse_codes_of_other_events(entries, elsewhere); !checked) {
        return fail(checked.error());
    }

    auto version = statement("SELECT value FROM counters WHERE name = 'roster_version'");
    if (!version) {
        return fail(version.error());
    }
    if (auto step = (*version)->step(); !step) {
        return fail(step.error());
    }
    ImportSummary summary;
    summary.roster_version = (*version)->integer(0) + 1;
    (*version)->reset();

    static const std::string insert_sql = fmt::format("INSERT INTO delegates ({}, event_id) VALUES (?1, ?2, "
                                                      "?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, "
                                                      "?14)",
                                                      rows::delegate_columns);
    const std::string update_sql = "UPDATE delegates SET code = ?1, first_name = ?2, last_name = ?3, "
                                   "organisation = ?4, position = ?5, partnership = ?6, voivodeship = ?7, "
                                   "role = ?8, days = ?9, email = ?10, status = ?11, origin = ?12, "
                                   "row_version = ?13 WHERE id = ?14";
    // A row in the organiser's file is an active roster delegate of this import's version.
    auto bind_delegate = [&](sqlite::Statement& target, const Delegate& delegate) {
        rows::bind_delegate(target, delegate, DelegateStatus::active, DelegateOrigin::roster,
                            summary.roster_version);
    };

    std::unordered_set<std::string> seen;
    seen.reserve(entries.size());
    for (std::size_t index = 0; index < entries.size(); ++index) {
        if (progress && index % 4096 == 0) {
            progress(index, entries.size());
        }
        const auto& delegate = entries[index].delegate;
        auto key = code_comparison_key(delegate.code);
        const auto found = existing.find(key);
        seen.insert(std::move(key));
        if (found == existing.end()) {
            ++summary.added;
            if (!writing) {
                continue;
            }
            auto insert = statement(insert_sql);
            if (!insert) {
                return fail(insert.error());
            }
            bind_delegate(**insert, delegate);
            (*insert)->bind(14, event_id);
            if (auto inserted = (*insert)->run(); !inserted) {
                return fail(inserted.error());
            }
            continue;
        }
        const auto& old = found->second.delegate;
        if (old.same_details(delegate) && old.status == DelegateStatus::active &&
            old.origin == DelegateOrigin::roster) {
            ++summary.unchanged;
            continue;
        }
        ++summary.updated;
        if (old.status == DelegateStatus::cancelled) {
            ++summary.reactivated;
        }
        if (!writing) {
            continue;
        }
        auto update = statement(update_sql);
        if (!update) {
            return fail(update.error());
        }
        bind_delegate(**update, delegate);
        (*update)->bind(14, found->second.id);
        if (auto updated = (*update)->run(); !updated) {
            return fail(updated.error());
        }
    }

    auto cancel = statement("UPDATE delegates SET status = 'cancelled', row_version = ?1 WHERE id = ?2");
    if (!cancel) {
        return fail(cancel.error());
    }
    for (const auto& [key, row] : existing) {
        if (seen.contains(key) || row.delegate.origin != DelegateOrigin::roster ||
            row.delegate.status != DelegateStatus::active) {
            continue;
        }
        ++summary.cancelled;
        if (writing) {
            if (auto cancelled = (*cancel)->bind(1, summary.roster_version).bind(2, row.id).run();
                !cancelled) {
                return fail(cancelled.error());
            }
        }
    }

    if (progress) {
        progress(entries.size(), entries.size());
    }
    const bool changed = summary.added + summary.updated + summary.cancelled > 0;
    if (!changed) {
        --summary.roster_version; // nothing changed, so no new version
    }
    if (!writing) {
        return summary; // the transaction rolls back; nothing was written
    }
    if (event_update) {
        if (auto stored = set_event(*event_update); !stored) {
            return fail(stored.error());
        }
    }
    if (changed) {
        auto bump = statement("UPDATE counters SET value = ?1 WHERE name = 'roster_version'");
        if (!bump) {
            return fail(bump.error());
        }
        if (auto bumped = (*bump)->bind(1, summary.roster_version).run(); !bumped) {
            return fail(bumped.error());
        }
    }
    if (auto committed = transaction->commit(); !committed) {
        return fail(committed.error());
    }
    return summary;
}

} // namespace checkin::sync
