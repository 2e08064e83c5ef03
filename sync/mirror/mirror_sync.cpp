// The mirror's side of syncing with the hub: the journal's upload queue, merging the hub's events and
// roster rows, walk-ins waiting to go up, and the sync client's small persistent values.
//
// The journal holds no foreign key to the delegates, on purpose: another kiosk's check-in of its walk-in
// can arrive before the walk-in's roster row does, and an undo can arrive before the check-in it cancels.
// Both are stored as they come; attendance and statistics read the journal afresh on every call, so they
// count such events as soon as the missing row arrives.

#include "sync/mirror/mirror.hpp"
#include "sync/mirror/mirror_rows.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <limits>

namespace checkin::sync {

namespace {

// The hub checks what kiosks upload, so a malformed event here means a broken hub. Refusing the whole page
// keeps the client's cursor where it is instead of moving it past events that were never stored.
Result<void> check_event_from_hub(const CheckinEvent& event) {
    if (event.id.empty()) {
        return fail(Error::invalid_input("an event from the hub has no id"));
    }
    if (event.delegate_code.empty()) {
        return fail(Error::invalid_input(fmt::format("the hub's event {} names no delegate", event.id)));
    }
    if ((event.kind == EventKind::undo) != !event.undoes.empty()) {
        return fail(Error::invalid_input(
            fmt::format("the hub's event {} is malformed: an undo, and only an undo, names the check-in "
                        "it cancels",
                        event.id)));
    }
    return {};
}

bool same_row(const Delegate& stored, const Delegate& incoming) {
    return stored.same_details(incoming) && stored.status == incoming.status &&
           stored.origin == incoming.origin && stored.row_version == incoming.row_version;
}

} // namespace

Result<std::vector<CheckinEvent>> Mirror::events_to_upload(std::size_t limit) {
    std::vector<CheckinEvent> events;
    if (limit == 0) {
        return events;
    }
    static const std::string sql =
        fmt::format("SELECT {} FROM checkin_events WHERE uploaded = 0 ORDER BY at_ms, sequence LIMIT ?1",
                    rows::event_columns);
    auto query = statement(sql);
    if (!query) {
        return fail(query.error());
    }
    constexpr auto largest_limit = static_cast<std::size_t>(std::numeric_limits<std::int64_t>::max());
    (*query)->bind(1, static_cast<std::int64_t>(std::min(limit, largest_limit)));
    auto visited = (*query)->for_each_row(
        [&](const sqlite::Statement& row) { events.push_back(rows::read_event(row, 0)); });
    if (!visited) {
        return fail(visited.error());
    }
    return events;
}

Result<void> Mirror::mark_uploaded(const std::vector<std::string>& event_ids) {
    if (event_ids.empty()) {
        return {};
    }
    // One transaction for the whole acknowledgement: one fsync instead of one per event, and a power cut
    // leaves either all of them marked or none (the hub ignores a repeated upload).
    auto transaction = sqlite::Transaction::begin(m_database, sqlite::TransactionKind::immediate);
    if (!transaction) {
        return fail(transaction.error());
    }
    auto update = statement("UPDATE checkin_events SET uploaded = 1 WHERE id = ?1 AND uploaded = 0");
    if (!update) {
        return fail(update.error());
    }
    for (const auto& id : event_ids) {
        if (auto marked = (*update)->bind(1, id).run(); !marked) {
            return fail(marked.error());
        }
    }
    return transaction->commit();
}

Result<std::size_t> Mirror::merge_events(const std::vector<CheckinEvent>& events) {
    for (const auto& event : events) {
        if (auto checked = check_event_from_hub(event); !checked) {
            return fail(checked.error());
        }
    }
    auto transaction = sqlite::Transaction::begin(m_database, sqlite::TransactionKind::immediate);
    if (!transaction) {
        return fail(transaction.error());
    }
    // ON CONFLICT (id) rather than INSERT OR IGNORE: only a known id is skipped; OR IGNORE would also
    // drop, silently, a row that breaks a CHECK constraint.
    static const std::string sql =
        fmt::format("INSERT INTO checkin_events ({}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) "
                    "ON CONFLICT (id) DO NOTHING",
                    rows::event_columns);
    auto insert = statement(sql);
    if (!insert) {
        return fail(insert.error());
    }
    std::size_t added = 0;
    for (const auto& event : events) {
        auto& target = **insert;
        rows::bind_event(target, event, true); // it came from the hub: never this kiosk's to upload
        if (auto inserted = target.run(); !inserted) {
            return fail(inserted.error());
        }
        added += static_cast<std::size_t>(m_database.changes());
    }
    if (auto committed = transaction->commit(); !committed) {
        return fail(committed.error());
    }
    return added;
}

Result<void> Mirror::mark_refused(const std::vector<RefusedUpload>& refused, std::int64_t now_milliseconds) {
    if (refused.empty()) {
        return {};
    }
    auto transaction = sqlite::Transaction::begin(m_database, sqlite::TransactionKind::immediate);
    if (!transaction) {
        return fail(transaction.error());
    }
    // Only this kiosk's own events waiting for upload: a reply cannot file another kiosk's event here.
    auto insert = statement("INSERT INTO refused_uploads (event_id, reason, refused_at_ms) "
                            "SELECT id, ?2, ?3 FROM checkin_events WHERE id = ?1 AND uploaded = 0 "
                            "ON CONFLICT (event_id) DO NOTHING");
    if (!insert) {
        return fail(insert.error());
    }
    auto update = statement("UPDATE checkin_events SET uploaded = 1 WHERE id = ?1 AND uploaded = 0");
    if (!update) {
        return fail(update.error());
    }
    for (const auto& event : refused) {
        if (auto kept =
                (*insert)->bind(1, event.event_id).bind(2, event.reason).bind(3, now_milliseconds).run();
            !kept) {
            return fail(kept.error());
        }
        if (auto marked = (*update)->bind(1, event.event_id).run(); !marked) {
            return fail(marked.error());
        }
    }
    return transaction->commit();
}

Result<std::vector<RefusedUploadRecord>> Mirror::refused_uploads() {
    // The refusal's columns renamed in a subquery, so the journal's own `reason` stays unambiguous.
    static const std::string sql = fmt::format(
        "SELECT {}, r.refusal_reason, r.refused_at_ms FROM checkin_events "
        "JOIN (SELECT event_id, reason AS refusal_reason, refused_at_ms FROM refused_uploads) r "
        "ON r.event_id = checkin_events.id ORDER BY r.refused_at_ms DESC, checkin_events.sequence DESC",
        rows::event_columns);
    auto query = statement(sql);
    if (!query) {
        return fail(query.error());
    }
    std::vector<RefusedUploadRecord> records;
    auto visited = (*query)->for_each_row([&](const sqlite::Statement& row) {
        RefusedUploadRecord record;
        record.event = rows::read_event(row, 0);
        record.reason = row.text(10);
        record.refused_at_milliseconds = row.integer(11);
        records.push_back(std::move(record));
    });
    if (!visited) {
        return fail(visited.error());
    }
    return records;
}

Result<std::size_t> Mirror::refused_upload_count() {
    auto query = statement("SELECT COUNT(*) FROM refused_uploads");
    if (!query) {
        return fail(query.error());
    }
    std::size_t count = 0;
    auto visited = (*query)->for_each_row(
        [&](const sqlite::Statement& row) { count = static_cast<std::size_t>(row.integer(0)); });
    if (!visited) {
        return fail(visited.error());
    }
    return count;
}

Result<std::vector<std::string>> Mirror::known_codes(const std::vector<std::string>& codes) {
    auto query = statement("SELECT 1 FROM delegates WHERE code = ?1");
    if (!query) {
        return fail(query.error());
    }
    std::vector<std::string> known;
    for (const auto& code : codes) {
        bool found = false;
        auto visited = (*query)->bind(1, code).for_each_row([&](const sqlite::Statement&) { found = true; });
        if (!visited) {
            return fail(visited.error());
        }
        if (found) {
            known.push_back(code);
        }
    }
    return known;
}

Result<std::optional<std::string>> Mirror::checkin_code(std::string_view event_id) {
    auto query = statement("SELECT delegate_code FROM checkin_events WHERE id = ?1 AND kind = 'checkin'");
    if (!query) {
        return fail(query.error());
    }
    std::optional<std::string> code;
    auto visited =
        (*query)->bind(1, event_id).for_each_row([&](const sqlite::Statement& row) { code = row.text(0); });
    if (!visited) {
        return fail(visited.error());
    }
    return code;
}

Result<std::vector<Delegate>> Mirror::walk_ins_to_upload() {
    static const std::string sql =
        fmt::format("SELECT {} FROM delegates WHERE origin = 'walk-in' AND row_version = 0 ORDER BY code",
                    rows::delegate_columns);
    auto query = statement(sql);
    if (!query) {
        return fail(query.error());
    }
    std::vector<Delegate> delegates;
    auto visited = (*query)->for_each_row(
        [&](const sqlite::Statement& row) { delegates.push_back(rows::read_delegate(row, 0)); });
    if (!visited) {
        return fail(visited.error());
    }
    return delegates;
}

Result<std::size_t> Mirror::merge_delegates(const std::vector<Delegate>& delegates,
                                            const std::optional<Event>& event) {
    for (const auto& delegate : delegates) {
        if (delegate.code.empty()) {
            return fail(Error::invalid_input("a delegate from the hub has no code"));
        }
    }
    auto transaction = sqlite::Transaction::begin(m_database, sqlite::TransactionKind::immediate);
    if (!transaction) {
        return fail(transaction.error());
    }
    static const std::string insert_sql = fmt::format(
        "INSERT INTO delegates ({}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
        rows::delegate_columns);
    // By the stored code (?14, compared without ASCII case); the hub's spelling of the code replaces it.
    static const std::string update_sql =
        "UPDATE delegates SET code = ?1, first_name = ?2, last_name = ?3, organisation = ?4, position = ?5, "
        "partnership = ?6, voivodeship = ?7, role = ?8, days = ?9, email = ?10, status = ?11, origin = ?12, "
        "row_version = ?13 WHERE code = ?14";
    std::size_t changed = 0;
    for (const auto& delegate : delegates) {
        auto stored = load_delegate(delegate.code);
        if (!stored) {
            return fail(stored.error());
        }
        // Unchanged rows are not rewritten: an update would bump delegate_changes and make every kiosk
        // rebuild its name index after each sync round, changed or not.
        if (*stored && same_row(**stored, delegate)) {
            continue;
        }
        auto write = statement(*stored ? update_sql : insert_sql);
        if (!write) {
            return fail(write.error());
        }
        rows::bind_delegate(**write, delegate);
        if (*stored) {
            (*write)->bind(14, (*stored)->code);
        }
        if (auto written = (*write)->run(); !written) {
            return fail(written.error());
        }
        ++changed;
    }
    if (event) {
        if (auto saved = set_event(*event); !saved) {
            return fail(saved.error());
        }
    }
    if (auto committed = transaction->commit(); !committed) {
        return fail(committed.error());
    }
    return changed;
}

Result<std::optional<std::string>> Mirror::sync_value(std::string_view key) {
    auto query = statement("SELECT value FROM sync_state WHERE key = ?1");
    if (!query) {
        return fail(query.error());
    }
    auto& select = **query;
    select.bind(1, key);
    auto step = select.step();
    if (!step) {
        select.reset();
        return fail(step.error());
    }
    std::optional<std::string> value;
    if (*step == sqlite::Step::row) {
        value = select.text(0);
    }
    select.reset();
    return value;
}

Result<void> Mirror::set_sync_value(std::string_view key, std::string_view value) {
    auto upsert = statement(
        "INSERT INTO sync_state (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = ?2");
    if (!upsert) {
        return fail(upsert.error());
    }
    return (*upsert)->bind(1, key).bind(2, value).run();
}

} // namespace checkin::sync
