// Purge after the event (issue 15): the people go, anonymous counts stay.

#include "sync/mirror/mirror.hpp"
#include "sync/mirror/purge_selection.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <unordered_set>
#include <utility>

namespace checkin::sync {

namespace {

// Every table of the mirror and what a purge does with it: one list, so a table added later without an
// entry here is refused by the coverage check (uncovered_tables) instead of keeping its rows unnoticed.
constexpr PurgedTable mirror_tables[] = {
    {"event", "", "the event's name and days name no one"},
    {"counters", "", "numbers only"},
    {"delegates", "DELETE FROM delegates WHERE code IN (SELECT code FROM temp.purged_codes)", ""},
    {"checkin_events", "DELETE FROM checkin_events WHERE id IN (SELECT id FROM temp.purged_events)", ""},
    {"sync_state", "", "the sync client's cursors: numbers"},
    {"refused_uploads", "DELETE FROM refused_uploads WHERE event_id IN (SELECT id FROM temp.purged_events)",
     ""},
    {"code_keys", "", "the event's public keys"},
    {"revoked_serials", "", "random serials; once the codes are gone they lead to no one"},
    {"invitation_delegates",
     "DELETE FROM invitation_delegates WHERE code IN (SELECT code FROM temp.purged_codes)", ""},
    {"issued_invitations",
     "DELETE FROM issued_invitations WHERE code IN (SELECT code FROM temp.purged_codes)", ""},
    // Folded names as bytes: a cache, rebuilt at the next search from the delegates that are left.
    {"name_index_cache", "DELETE FROM name_index_cache", ""},
    {"anonymous_counts", "", "what a purge keeps: counts by day and group"},
};

// The journal refuses deletes (schema.cpp): a purge is the one deliberate exception, so the guard is
// taken down and put back, as it was, inside the purge's transaction.
constexpr std::string_view journal_delete_guard = "checkin_events_are_never_deleted";

const PurgedTable* find_table(std::string_view name, std::span<const PurgedTable> other_tables) {
    for (const auto& table : mirror_tables) {
        if (table.name == name) {
            return &table;
        }
    }
    for (const auto& table : other_tables) {
        if (table.name == name) {
            return &table;
        }
    }
    return nullptr;
}

// SQLite's affinity rules: a declared type with CHAR, CLOB or TEXT holds text, and one with BLOB or none
// holds whatever it is given. Only a table whose columns are all numeric cannot hold a name.
bool may_hold_text(std::string declared_type) {
    std::transform(declared_type.begin(), declared_type.end(), declared_type.begin(),
                   [](unsigned char character) { return static_cast<char>(std::toupper(character)); });
    return declared_type.empty() || declared_type.find("CHAR") != std::string::npos ||
           declared_type.find("CLOB") != std::string::npos ||
           declared_type.find("TEXT") != std::string::npos || declared_type.find("BLOB") != std::string::npos;
}

Result<std::vector<std::string>> uncovered_tables(sqlite::Database& database,
                                                  std::span<const PurgedTable> other_tables) {
    auto tables = database.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE "
                                   "'sqlite\\_%' ESCAPE '\\' ORDER BY name");
    if (!tables) {
        return fail(tables.error());
    }
    std::vector<std::string> names;
    if (auto listed =
            tables->for_each_row([&](const sqlite::Statement& row) { names.push_back(row.text(0)); });
        !listed) {
        return fail(listed.error());
    }
    std::vector<std::string> uncovered;
    for (const auto& name : names) {
        if (find_table(name, other_tables) != nullptr) {
            continue;
        }
        auto columns = database.prepare("SELECT type FROM pragma_table_info(?1)");
        if (!columns) {
            return fail(columns.error());
        }
        columns->bind(1, name);
        bool holds_text = false;
        if (auto read = columns->for_each_row(
                [&](const sqlite::Statement& row) { holds_text = holds_text || may_hold_text(row.text(0)); });
            !read) {
            return fail(read.error());
        }
        if (holds_text) {
            uncovered.push_back(name);
        }
    }
    return uncovered;
}

Result<std::int64_t> single_integer(sqlite::Database& database, std::string_view sql) {
    auto query = database.prepare(sql);
    if (!query) {
        return fail(query.error());
    }
    auto step = query->step();
    if (!step) {
        return fail(step.error());
    }
    return *step == sqlite::Step::row ? query->integer(0) : std::int64_t{0};
}

// The codes of one event's delegates, as stored (delegates.code).
Result<std::unordered_set<std::string>> scoped_codes(sqlite::Database& database, std::int64_t event_id) {
    auto query = database.prepare("SELECT code FROM delegates WHERE event_id = ?1");
    if (!query) {
        return fail(query.error());
    }
    std::unordered_set<std::string> codes;
    if (auto visited = query->bind(1, event_id).for_each_row([&](const sqlite::Statement& row) {
            codes.insert(row.text(0));
        });
        !visited) {
        return fail(visited.error());
    }
    return codes;
}

// Copies the WAL into the file and truncates it to nothing. SQLite answers busy = 1 when a reader kept it
// from finishing: then the WAL still holds pages, and the purge must say so rather than report success.
Result<void> checkpoint_truncate(sqlite::Database& database) {
    auto checkpoint = database.prepare("PRAGMA wal_checkpoint(TRUNCATE)");
    if (!checkpoint) {
        return fail(checkpoint.error());
    }
    auto step = checkpoint->step();
    if (!step) {
        return fail(step.error());
    }
    if (*step == sqlite::Step::row && checkpoint->integer(0) != 0) {
        Error busy =
            Error::storage("the purge could not empty the database's write-ahead log because another "
                           "program has the file open; stop the kiosk or the hub and purge again");
        busy.detail = "wal_checkpoint(TRUNCATE) busy";
        return fail(std::move(busy));
    }
    return {};
}

} // namespace

Result<PurgeSummary> Mirror::purge(const PurgeRequest& request, std::span<const PurgedTable> other_tables,
                                   const std::optional<PurgeScope>& scope) {
    auto uncovered = uncovered_tables(m_database, other_tables);
    if (!uncovered) {
        return fail(uncovered.error());
    }
    if (!uncovered->empty()) {
        std::string names;
        for (const auto& name : *uncovered) {
            if (!names.empty()) {
                names += ", ";
            }
            names += name;
        }
        Error refusal(ErrorKind::internal,
                      fmt::format("nothing was purged: this program does not know what to "
                                  "remove from the table(s) {}; update the program",
                                  names));
        refusal.detail = "table missing from the purge list (mirror_purge.cpp)";
        return fail(std::move(refusal));
    }
    // Zeroed freed pages, and temporary tables (the purged codes) kept in memory, never in a temporary file.
    if (auto set = m_database.execute("PRAGMA secure_delete = ON; PRAGMA temp_store = MEMORY"); !set) {
        return fail(set.error());
    }

    PurgeSummary summary;
    {
        auto transaction = sqlite::Transaction::begin(m_database, sqlite::TransactionKind::immediate);
        if (!transaction) {
            return fail(transaction.error());
        }
        auto event_info = scope ? Result<Event>(scope->event) : event();
        if (!event_info) {
            return fail(event_info.error());
        }
        auto records = all_delegates();
        if (!records) {
            return fail(records.error());
        }
        const std::int64_t counted_event = scope ? scope->event_id : 1;
        if (scope) {
            auto codes = scoped_codes(m_database, scope->event_id);
            if (!codes) {
                return fail(codes.error());
            }
            std::erase_if(*records, [&](const DelegateRecord& record) {
                return !codes->contains(record.delegate.code);
            });
        }
        if (auto created = m_database.execute(
                "CREATE TEMP TABLE IF NOT EXISTS purged_codes (code TEXT PRIMARY KEY COLLATE NOCASE);"
                "CREATE TEMP TABLE IF NOT EXISTS purged_events (id TEXT PRIMARY KEY);"
                "DELETE FROM temp.purged_codes; DELETE FROM temp.purged_events;");
            !created) {
            return fail(created.error());
        }
        auto insert_code = m_database.prepare("INSERT OR IGNORE INTO temp.purged_codes (code) VALUES (?1)");
        if (!insert_code) {
            return fail(insert_code.error());
        }
        const PurgeSelection selection = select_purged(*records, *event_info, request);
        summary.delegates = selection.codes.size();
        for (const auto& code : selection.codes) {
            insert_code->reset();
            if (auto inserted = insert_code->bind(1, code).run(); !inserted) {
                return fail(inserted.error());
            }
        }
        // The purged people's events, and events whose code no delegate holds (from the hub, for a code
        // this kiosk never had) when their day is in the purged range.
        // An event other than the first one leaves those alone: they are the first event's.
        auto select_events =
            m_database.prepare("INSERT INTO temp.purged_events (id) SELECT id FROM checkin_events c WHERE "
                               "c.delegate_code IN (SELECT code FROM temp.purged_codes) OR (?2 = 1 AND NOT "
                               "EXISTS (SELECT 1 FROM delegates d "
                               "WHERE d.code = c.delegate_code) AND (?1 = '' OR c.day < ?1))");
        if (!select_events) {
            return fail(select_events.error());
        }
        if (auto selected =
                select_events->bind(1, request.before ? format_iso_day(*request.before) : std::string())
                    .bind(2, counted_event)
                    .run();
            !selected) {
            return fail(selected.error());
        }
        auto event_count = single_integer(m_database, "SELECT COUNT(*) FROM temp.purged_events");
        if (!event_count) {
            return fail(event_count.error());
        }
        summary.events = static_cast<std::size_t>(*event_count);

        auto add_count = m_database.prepare(
            "INSERT INTO anonymous_counts (day, role, voivodeship, partnership, registered, checked_in, "
            "event_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (event_id, day, role, voivodeship, "
            "partnership) DO UPDATE SET registered = registered + excluded.registered, checked_in = "
            "checked_in + excluded.checked_in");
        if (!add_count) {
            return fail(add_count.error());
        }
        for (const auto& count : selection.counts) {
            add_count->reset();
            if (auto added = add_count->bind(1, format_iso_day(count.day))
                                 .bind(2, count.role)
                                 .bind(3, count.voivodeship)
                                 .bind(4, count.partnership)
                                 .bind(5, static_cast<std::int64_t>(count.registered))
                                 .bind(6, static_cast<std::int64_t>(count.checked_in))
                                 .bind(7, counted_event)
                                 .run();
                !added) {
                return fail(added.error());
            }
        }
        auto add_counter =
            m_database.prepare("INSERT INTO counters (name, value) VALUES (?1, ?2) "
                               "ON CONFLICT (name) DO UPDATE SET value = value + excluded.value");
        if (!add_counter) {
            return fail(add_counter.error());
        }
        for (const auto& [name, value] :
             {std::pair<std::string_view, std::size_t>{"purged_delegates", summary.delegates},
              {"purged_checked_in", selection.checked_in_any_day}}) {
            add_counter->reset();
            if (auto added = add_counter->bind(1, name).bind(2, static_cast<std::int64_t>(value)).run();
                !added) {
                return fail(added.error());
            }
        }

        auto guard = m_database.prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?1");
        if (!guard) {
            return fail(guard.error());
        }
        guard->bind(1, journal_delete_guard);
        auto guard_step = guard->step();
        if (!guard_step) {
            return fail(guard_step.error());
        }
        const std::string guard_sql = *guard_step == sqlite::Step::row ? guard->text(0) : std::string();
        guard->reset();
        if (!guard_sql.empty()) {
            if (auto dropped = m_database.execute(fmt::format("DROP TRIGGER {}", journal_delete_guard));
                !dropped) {
                return fail(dropped.error());
            }
        }
        for (const auto& tables : {std::span<const PurgedTable>(mirror_tables), other_tables}) {
            for (const auto& table : tables) {
                if (table.delete_sql.empty()) {
                    continue;
                }
                if (auto deleted = m_database.execute(table.delete_sql); !deleted) {
                    return fail(Error::storage(
                        fmt::format("cannot purge the table {}: {}", table.name, deleted.error().message)));
                }
            }
        }
        if (!guard_sql.empty()) {
            if (auto restored = m_database.execute(guard_sql); !restored) {
                return fail(restored.error());
            }
        }
        if (auto dropped = m_database.execute("DROP TABLE temp.purged_codes; DROP TABLE temp.purged_events");
            !dropped) {
            return fail(dropped.error());
        }
        if (auto committed = transaction->commit(); !committed) {
            return fail(committed.error());
        }
    }
    m_name_index.reset();
    m_name_index_version = -1;

    // The deleted rows' pages are zeroed in the file, but the WAL still holds the pages as they were before:
    // copy it back and truncate it, rebuild the file without free pages, and truncate the WAL VACUUM wrote.
    if (auto emptied = checkpoint_truncate(m_database); !emptied) {
        return fail(emptied.error());
    }
    if (auto vacuumed = m_database.execute("VACUUM"); !vacuumed) {
        return fail(vacuumed.error());
    }
    if (auto emptied = checkpoint_truncate(m_database); !emptied) {
        return fail(emptied.error());
    }
    return summary;
}

Result<std::vector<AnonymousCount>> Mirror::anonymous_counts() {
    return kept_counts(std::nullopt);
}

Result<std::vector<AnonymousCount>> Mirror::anonymous_counts(std::int64_t event_id) {
    return kept_counts(event_id);
}

Result<std::vector<AnonymousCount>> Mirror::kept_counts(std::optional<std::int64_t> event_id) {
    // ?1 NULL: every event's counts, summed per day and group.
    auto query = statement("SELECT day, role, voivodeship, partnership, SUM(registered), SUM(checked_in) "
                           "FROM anonymous_counts WHERE ?1 IS NULL OR event_id = ?1 "
                           "GROUP BY day, role, voivodeship, partnership "
                           "ORDER BY day, role, voivodeship, partnership");
    if (!query) {
        return fail(query.error());
    }
    if (event_id) {
        (*query)->bind(1, *event_id);
    } else {
        (*query)->bind_null(1);
    }
    std::vector<AnonymousCount> counts;
    auto visited = (*query)->for_each_row([&](const sqlite::Statement& row) {
        if (auto day = parse_iso_day(row.text(0))) {
            counts.push_back({*day, row.text(1), row.text(2), row.text(3),
                              static_cast<std::size_t>(row.integer(4)),
                              static_cast<std::size_t>(row.integer(5))});
        }
    });
    if (!visited) {
        return fail(visited.error());
    }
    return counts;
}

} // namespace checkin::sync
