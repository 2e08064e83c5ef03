#include "sync/mirror/mirror.hpp"

#include "sync/mirror/mirror_rows.hpp"
#include "sync/mirror/schema.hpp"
#include "sync/roster/scan_code.hpp"

#include <fmt/format.h>
#include <limits>
#include <nlohmann/json.hpp>

namespace checkin::sync {

namespace rows {

Delegate read_delegate(const sqlite::Statement& statement, int first_column) {
    Delegate delegate;
    int column = first_column;
    delegate.code = statement.text(column++);
    delegate.first_name = statement.text(column++);
    delegate.last_name = statement.text(column++);
    delegate.organisation = statement.text(column++);
    delegate.position = statement.text(column++);
    delegate.partnership = statement.text(column++);
    delegate.voivodeship = statement.text(column++);
    delegate.role = statement.text(column++);
    delegate.days = days_from_text(statement.text(column++));
    delegate.email = statement.text(column++);
    delegate.status = delegate_status_from(statement.text(column++)).value_or(DelegateStatus::active);
    delegate.origin = delegate_origin_from(statement.text(column++)).value_or(DelegateOrigin::roster);
    delegate.row_version = statement.integer(column);
    return delegate;
}

void bind_delegate(sqlite::Statement& statement, const Delegate& delegate, DelegateStatus status,
                   DelegateOrigin origin, std::int64_t row_version) {
    statement.bind(1, delegate.code)
        .bind(2, delegate.first_name)
        .bind(3, delegate.last_name)
        .bind(4, delegate.organisation)
        .bind(5, delegate.position)
        .bind(6, delegate.partnership)
        .bind(7, delegate.voivodeship)
        .bind(8, delegate.role)
        .bind(9, days_to_text(delegate.days))
        .bind(10, delegate.email)
        .bind(11, to_string(status))
        .bind(12, to_string(origin))
        .bind(13, row_version);
}

CheckinEvent read_event(const sqlite::Statement& statement, int first_column) {
    int column = first_column;
    CheckinEvent event;
    event.id = statement.text(column++);
    event.delegate_code = statement.text(column++);
    event.kind = event_kind_from(statement.text(column++)).value_or(EventKind::checkin);
    event.at_milliseconds = statement.integer(column++);
    event.day = parse_iso_day(statement.text(column++)).value_or(Day{});
    event.kiosk_id = statement.text(column++);
    event.operator_name = statement.text(column++);
    event.reason = statement.text(column++);
    event.uploaded = statement.integer(column++) != 0;
    event.undoes = statement.text(column);
    return event;
}

void bind_event(sqlite::Statement& statement, const CheckinEvent& event, bool uploaded) {
    statement.bind(1, event.id)
        .bind(2, event.delegate_code)
        .bind(3, to_string(event.kind))
        .bind(4, event.at_milliseconds)
        .bind(5, format_iso_day(event.day))
        .bind(6, event.kiosk_id)
        .bind(7, event.operator_name)
        .bind(8, event.reason)
        .bind(9, std::int64_t{uploaded ? 1 : 0});
    if (event.undoes.empty()) {
        statement.bind_null(10);
    } else {
        statement.bind(10, event.undoes);
    }
}

void bind_delegate(sqlite::Statement& statement, const Delegate& delegate) {
    bind_delegate(statement, delegate, delegate.status, delegate.origin, delegate.row_version);
}

std::string days_to_text(const std::vector<Day>& days) {
    std::string text;
    for (const auto& day : days) {
        if (!text.empty()) {
            text += ',';
        }
        text += format_iso_day(day);
    }
    return text;
}

std::vector<Day> days_from_text(std::string_view text) {
    std::vector<Day> days;
    while (!text.empty()) {
        const auto comma = text.find(',');
        if (auto day = parse_iso_day(text.substr(0, comma))) {
            days.push_back(*day);
        }
        if (comma == std::string_view::npos) {
            break;
        }
        text.remove_prefix(comma + 1);
    }
    return days;
}

} // namespace rows

namespace {

// A check-in stands unless an undo names it. Undos point at event ids rather than at times, so kiosks
// with clocks that disagree, and events that arrive late through sync, cannot undo the wrong check-in.
// Two kiosks that admitted the same person while cut off from each other both keep their events; the
// earlier counts.
constexpr std::string_view standing_checkins = R"sql(
    c.kind = 'checkin' AND NOT EXISTS (
        SELECT 1 FROM checkin_events u WHERE u.kind = 'undo' AND u.undoes = c.id)
)sql";

} // namespace

Result<Mirror> Mirror::open(const std::filesystem::path& path) {
    auto database = sqlite::Database::open(path, sqlite::OpenMode::read_write_create);
    if (!database) {
        return fail(database.error());
    }
    if (auto migrated = migrate(*database); !migrated) {
        return fail(migrated.error());
    }
    return Mirror(std::move(*database));
}

Result<sqlite::Statement*> Mirror::statement(std::string_view sql) {
    return m_statements.get(m_database, sql);
}

Result<Event> Mirror::event() {
    auto query = statement("SELECT name, days FROM event WHERE id = 1");
    if (!query) {
        return fail(query.error());
    }
    auto& select = **query;
    auto step = select.step();
    if (!step) {
        return fail(step.error());
    }
    Event result;
    if (*step == sqlite::Step::row) {
        result.name = select.text(0);
        result.days = rows::days_from_text(select.text(1));
    }
    select.reset();
    return result;
}

Result<void> Mirror::set_event(const Event& event) {
    auto update = statement("UPDATE event SET name = ?1, days = ?2 WHERE id = 1");
    if (!update) {
        return fail(update.error());
    }
    return (*update)->bind(1, event.name).bind(2, rows::days_to_text(event.days)).run();
}

Result<std::optional<Delegate>> Mirror::load_delegate(std::string_view code) {
    static const std::string sql =
        fmt::format("SELECT {} FROM delegates WHERE code = ?1", rows::delegate_columns);
    auto query = statement(sql);
    if (!query) {
        return fail(query.error());
    }
    auto& select = **query;
    select.bind(1, code);
    auto step = select.step();
    if (!step) {
        return fail(step.error());
    }
    std::optional<Delegate> delegate;
    if (*step == sqlite::Step::row) {
        delegate = rows::read_delegate(select, 0);
    }
    select.reset();
    return delegate;
}

Result<std::vector<Attendance>> Mirror::attendance_of(std::string_view code) {
    static const std::string sql =
        fmt::format("SELECT c.day, MIN(c.at_ms), c.kiosk_id FROM checkin_events c "
                    "WHERE c.delegate_code = ?1 AND {} GROUP BY c.day ORDER BY c.day",
                    standing_checkins);
    auto query = statement(sql);
    if (!query) {
        return fail(query.error());
    }
    auto& select = **query;
    select.bind(1, code);
    std::vector<Attendance> attendance;
    auto visited = select.for_each_row([&](const sqlite::Statement& row) {
        if (auto day = parse_iso_day(row.text(0))) {
            attendance.push_back({*day, row.integer(1), row.text(2)});
        }
    });
    if (!visited) {
        return fail(visited.error());
    }
    return attendance;
}

Result<std::optional<DelegateRecord>> Mirror::find_by_code(std::string_view code) {
    // One statement for the delegate and their attendance (as a JSON array): the hot path of every scan,
    // so it takes one read lock and one trip through SQLite instead of a transaction around two queries.
    static const std::string sql =
        fmt::format("SELECT {}, (SELECT json_group_array(json_array(a.day, a.at_ms, a.kiosk_id)) FROM ("
                    "SELECT c.day, MIN(c.at_ms) AS at_ms, c.kiosk_id FROM checkin_events c "
                    "WHERE c.delegate_code = d.code AND {} GROUP BY c.day ORDER BY c.day) a) "
                    "FROM delegates d WHERE d.code = ?1",
                    rows::delegate_columns, standing_checkins);
    auto query = statement(sql);
    if (!query) {
        return fail(query.error());
    }
    auto& select = **query;
    select.bind(1, code);
    auto step = select.step();
    if (!step) {
        return fail(step.error());
    }
    if (*step == sqlite::Step::done) {
        select.reset();
        return std::optional<DelegateRecord>{};
    }
    DelegateRecord record{rows::read_delegate(select, 0), {}};
    const auto attendance = nlohmann::json::parse(select.text(rows::delegate_column_count), nullptr, false);
    select.reset();
    if (!attendance.is_array()) {
        return fail(Error::storage("the mirror returned unreadable attendance for " + record.delegate.code));
    }
    for (const auto& day : attendance) {
        if (auto parsed = parse_iso_day(day.at(0).get<std::string>())) {
            record.attendance.push_back(
                {*parsed, day.at(1).get<std::int64_t>(), day.at(2).get<std::string>()});
        }
    }
    return std::optional<DelegateRecord>(std::move(record));
}

Result<std::vector<DelegateRecord>> Mirror::all_delegates() {
    static const std::string sql =
        fmt::format("SELECT {} FROM delegates ORDER BY last_name, first_name, code", rows::delegate_columns);
    auto query = statement(sql);
    if (!query) {
        return fail(query.error());
    }
    std::vector<DelegateRecord> records;
    auto& select = **query;
    auto visited = select.for_each_row([&](const sqlite::Statement& row) {
        records.push_back({rows::read_delegate(row, 0), {}});
    });
    if (!visited) {
        return fail(visited.error());
    }
    for (auto& record : records) {
        auto attendance = attendance_of(record.delegate.code);
        if (!attendance) {
            return fail(attendance.error());
        }
        record.attendance = std::move(*attendance);
    }
    return records;
}

Result<void> Mirror::append_event(const CheckinEvent& event) {
    static const std::string sql =
        fmt::format("INSERT INTO checkin_events ({}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                    rows::event_columns);
    auto insert = statement(sql);
    if (!insert) {
        return fail(insert.error());
    }
    rows::bind_event(**insert, event, event.uploaded);
    return (*insert)->run();
}

Result<void> Mirror::append_events(std::span<const CheckinEvent> events) {
    auto transaction = sqlite::Transaction::begin(m_database, sqlite::TransactionKind::immediate);
    if (!transaction) {
        return fail(transaction.error());
    }
    for (const CheckinEvent& event : events) {
        if (auto appended = append_event(event); !appended) {
            return appended; // the transaction rolls back
        }
    }
    return transaction->commit();
}

Result<std::vector<CheckinEvent>> Mirror::events_of(std::string_view code) {
    static const std::string sql =
        fmt::format("SELECT {} FROM checkin_events WHERE delegate_code = ?1 ORDER BY at_ms, sequence",
                    rows::event_columns);
    auto query = statement(sql);
    if (!query) {
        return fail(query.error());
    }
    auto& select = **query;
    select.bind(1, code);
    std::vector<CheckinEvent> events;
    auto visited = select.for_each_row(
        [&](const sqlite::Statement& row) { events.push_back(rows::read_event(row, 0)); });
    if (!visited) {
        return fail(visited.error());
    }
    return events;
}

Result<CheckinResult> Mirror::check_in(const CheckinRequest& request) {
    CheckinResult result;
    auto code = normalise_scanned_code(request.payload);
    if (!code) {
        result.outcome = CheckinOutcome::unreadable_code;
        result.detail = code.error().message;
        return result;
    }
    result.code = *code;
    // IMMEDIATE: the read, the decision and the append happen under one write lock, so two processes
    // sharing this mirror cannot both admit the same person.
    auto transaction = sqlite::Transaction::begin(m_database, sqlite::TransactionKind::immediate);
    if (!transaction) {
        return fail(transaction.error());
    }
    auto delegate = load_delegate(*code);
    if (!delegate) {
        return fail(delegate.error());
    }
    if (!*delegate) {
        result.outcome = CheckinOutcome::unknown_code;
        return result;
    }
    result.code = (*delegate)->code;
    auto event_info = event();
    if (!event_info) {
        return fail(event_info.error());
    }
    auto attendance = attendance_of(result.code);
    if (!attendance) {
        return fail(attendance.error());
    }
    for (const auto& day : *attendance) {
        if (day.day == request.today) {
            result.checked_in_at_milliseconds = day.checked_in_at_milliseconds;
        }
    }
    result.outcome =
        decide_checkin(**delegate, result.checked_in_at_milliseconds, *event_info, request.today);
    result.delegate = std::move(**delegate);
    if (result.outcome != CheckinOutcome::admitted) {
        return result; // nothing to write; the transaction rolls back
    }
    // A badge pre-printed on a sheet is collected at the first arrival; on a later day the delegate has it.
    if (attendance->empty()) {
        auto preprinted = has_preprinted_badge(result.code);
        if (!preprinted) {
            return fail(preprinted.error());
        }
        result.badge_at_reception = *preprinted;
    }
    const CheckinEvent checkin = new_event(EventKind::checkin, result.code, request.now_milliseconds,
                                           request.today, request.kiosk_id, request.operator_name);
    if (auto appended = append_event(checkin); !appended) {
        return fail(appended.error());
    }
    if (auto committed = transaction->commit(); !committed) {
        return fail(committed.error());
    }
    result.checked_in_at_milliseconds = request.now_milliseconds;
    result.event_id = checkin.id;
    return result;
}

Result<bool> Mirror::has_preprinted_badge(std::string_view code) {
    auto query = statement("SELECT EXISTS (SELECT 1 FROM checkin_events WHERE delegate_code = ?1 AND "
                           "kind = 'print' AND kiosk_id = ?2)");
    if (!query) {
        return fail(query.error());
    }
    auto& select = **query;
    select.bind(1, code).bind(2, preprinted_kiosk_id);
    bool found = false;
    auto visited = select.for_each_row([&](const sqlite::Statement& row) { found = row.integer(0) != 0; });
    if (!visited) {
        return fail(visited.error());
    }
    return found;
}

Result<std::size_t> Mirror::undo_checkin(const UndoRequest& request) {
    auto transaction = sqlite::Transaction::begin(m_database, sqlite::TransactionKind::immediate);
    if (!transaction) {
        return fail(transaction.error());
    }
    static const std::string sql = fmt::format(
        "SELECT c.id, c.delegate_code FROM checkin_events c WHERE c.delegate_code = ?1 AND c.day = ?2 AND {}",
        standing_checkins);
    auto query = statement(sql);
    if (!query) {
        return fail(query.error());
    }
    auto& select = **query;
    select.bind(1, request.code).bind(2, format_iso_day(request.day));
    std::vector<std::pair<std::string, std::string>> standing; // (event id, canonical code)
    auto visited = select.for_each_row(
        [&](const sqlite::Statement& row) { standing.emplace_back(row.text(0), row.text(1)); });
    if (!visited) {
        return fail(visited.error());
    }
    for (const auto& [checkin_id, code] : standing) {
        CheckinEvent undo = new_event(EventKind::undo, code, request.now_milliseconds, request.day,
                                      request.kiosk_id, request.operator_name);
        undo.reason = request.reason;
        undo.undoes = checkin_id;
        if (auto appended = append_event(undo); !appended) {
            return fail(appended.error());
        }
    }
    if (auto committed = transaction->commit(); !committed) {
        return fail(committed.error());
    }
    return standing.size();
}

Result<Statistics> Mirror::statistics(Day today) {
    Statistics statistics;
    auto counts = statement("SELECT COUNT(*), COALESCE(SUM(status = 'active'), 0), "
                            "COALESCE(SUM(status = 'cancelled'), 0), COALESCE(SUM(origin = 'walk-in'), 0) "
                            "FROM delegates");
    if (!counts) {
        return fail(counts.error());
    }
    if (auto step = (*counts)->step(); !step) {
        return fail(step.error());
    }
    statistics.delegates = static_cast<std::size_t>((*counts)->integer(0));
    statistics.active = static_cast<std::size_t>((*counts)->integer(1));
    statistics.cancelled = static_cast<std::size_t>((*counts)->integer(2));
    statistics.walk_ins = static_cast<std::size_t>((*counts)->integer(3));
    (*counts)->reset();

    auto events = statement("SELECT COUNT(*), COALESCE(SUM(uploaded = 0), 0) FROM checkin_events");
    if (!events) {
        return fail(events.error());
    }
    if (auto step = (*events)->step(); !step) {
        return fail(step.error());
    }
    statistics.events = static_cast<std::size_t>((*events)->integer(0));
    statistics.events_not_uploaded = static_cast<std::size_t>((*events)->integer(1));
    (*events)->reset();

    static const std::string per_day_sql = fmt::format(
        "SELECT c.day, COUNT(DISTINCT c.delegate_code) FROM checkin_events c WHERE {} GROUP BY c.day",
        standing_checkins);
    auto per_day = statement(per_day_sql);
    if (!per_day) {
        return fail(per_day.error());
    }
    std::vector<std::pair<Day, std::size_t>> checked_in_by_day;
    auto visited = (*per_day)->for_each_row([&](const sqlite::Statement& row) {
        if (auto day = parse_iso_day(row.text(0))) {
            checked_in_by_day.emplace_back(*day, static_cast<std::size_t>(row.integer(1)));
            if (*day == today) {
                statistics.checked_in_today = checked_in_by_day.back().second;
            }
        }
    });
    if (!visited) {
        return fail(visited.error());
    }

    static const std::string any_day_sql = fmt::format(
        "SELECT COUNT(DISTINCT c.delegate_code) FROM checkin_events c WHERE {}", standing_checkins);
    auto any_day = statement(any_day_sql);
    if (!any_day) {
        return fail(any_day.error());
    }
    if (auto step = (*any_day)->step(); !step) {
        return fail(step.error());
    }
    statistics.checked_in_any_day = static_cast<std::size_t>((*any_day)->integer(0));
    (*any_day)->reset();

    auto event_info = event();
    if (!event_info) {
        return fail(event_info.error());
    }
    auto expected = statement("SELECT COUNT(*) FROM delegates WHERE status = 'active' AND "
                              "(days = '' OR instr(days, ?1) > 0)");
    if (!expected) {
        return fail(expected.error());
    }
    for (const auto& day : event_info->days) {
        auto& select = **expected;
        select.reset();
        select.bind(1, format_iso_day(day));
        if (auto step = select.step(); !step) {
            return fail(step.error());
        }
        DayStatistics day_statistics{day, static_cast<std::size_t>(select.integer(0)), 0};
        for (const auto& [checked_day, count] : checked_in_by_day) {
            if (checked_day == day) {
                day_statistics.checked_in = count;
            }
        }
        statistics.by_day.push_back(day_statistics);
    }
    (*expected)->reset();

    // What purges kept (mirror_purge.cpp) counts as it did before the people were removed.
    auto kept = anonymous_counts();
    if (!kept) {
        return fail(kept.error());
    }
    for (const auto& count : *kept) {
        for (auto& day_statistics : statistics.by_day) {
            if (day_statistics.day == count.day) {
                day_statistics.expected += count.registered;
                day_statistics.checked_in += count.checked_in;
            }
        }
        if (count.day == today) {
            statistics.checked_in_today += count.checked_in;
        }
    }
    auto purged =
        statement("SELECT COALESCE(SUM(CASE name WHEN 'purged_delegates' THEN value END), 0), "
                  "COALESCE(SUM(CASE name WHEN 'purged_checked_in' THEN value END), 0) FROM counters");
    if (!purged) {
        return fail(purged.error());
    }
    if (auto step = (*purged)->step(); !step) {
        return fail(step.error());
    }
    statistics.purged = static_cast<std::size_t>((*purged)->integer(0));
    statistics.checked_in_any_day += static_cast<std::size_t>((*purged)->integer(1));
    (*purged)->reset();
    return statistics;
}

} // namespace checkin::sync
