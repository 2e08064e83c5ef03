#include "sync/hub/hub_dashboard.hpp"

#include "base/clock.hpp"
#include "base/file_descriptor.hpp"
#include "base/utf8.hpp"
#include "sync/hub/hub_server_replies.hpp"
#include "sync/mirror/delegate_json.hpp"
#include "sync/mirror/roster_export.hpp"
#include "sync/mirror/sqlite.hpp"
#include "sync/protocol/hub_protocol.hpp"
#include "sync/roster/duplicate_checkins.hpp"
#include "sync/roster/polish_order.hpp"
#include "sync/roster/scan_code.hpp"
#include "sync/roster/text_fold.hpp"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>
#include <fmt/format.h>
#include <fstream>
#include <httplib.h>
#include <iterator>
#include <map>
#include <string_view>
#include <unistd.h>
#include <utility>
#include <xlsxwriter.h>

namespace checkin::sync {

namespace {

// ---- compute_dashboard's helpers ----------------------------------------------------------------------

std::string clock_text(int minute_of_day) {
    return fmt::format("{}:{:02}", minute_of_day / 60, minute_of_day % 60);
}

} // namespace

int local_minute_of_day(std::int64_t unix_milliseconds) {
    const base::LocalTime local = base::local_time(unix_milliseconds);
    return local.hour * 60 + local.minute;
}

DashboardData compute_dashboard(const std::vector<DelegateRecord>& records,
                                const std::vector<CheckinEvent>& events, const Event& event, Day today,
                                const VenueClock& clock) {
    DashboardData data;
    data.event = event;
    data.today = today;

    // Totals and arrivals from the records' attendance (the mirror's own rule); groups as the kiosks
    // count them (attendance_groups.hpp).
    std::map<int, std::size_t> arrivals_by_bucket;
    std::map<std::string, const Delegate*, std::less<>> delegates_by_code;
    for (const auto& record : records) {
        const auto& delegate = record.delegate;
        delegates_by_code.emplace(code_comparison_key(delegate.code), &delegate);
        if (delegate.status != DelegateStatus::active) {
            ++data.totals.cancelled;
            continue;
        }
        ++data.totals.active;
        if (delegate.origin == DelegateOrigin::walk_in) {
            ++data.totals.walk_ins;
        }
        if (!record.attendance.empty()) {
            ++data.totals.checked_in_any_day;
        }
        if (!expected_on(delegate, today)) {
            continue;
        }
        const Attendance* arrival = attendance_on(record, today);
        ++data.totals.expected_today;
        if (arrival != nullptr) {
            ++data.totals.checked_in_today;
            const int minute = clock(arrival->checked_in_at_milliseconds);
            ++arrivals_by_bucket[minute - minute % arrival_bucket_minutes];
        }
    }
    data.by_partnership = count_by_group(records, today, &Delegate::partnership);
    data.by_voivodeship = count_by_group(records, today, &Delegate::voivodeship);

    if (!arrivals_by_bucket.empty()) {
        std::size_t cumulative = 0;
        const int first = arrivals_by_bucket.begin()->first;
        const int last = arrivals_by_bucket.rbegin()->first;
        for (int start = first; start <= last; start += arrival_bucket_minutes) {
            const auto found = arrivals_by_bucket.find(start);
            const std::size_t arrivals = found == arrivals_by_bucket.end() ? 0 : found->second;
            cumulative += arrivals;
            data.arrivals.push_back({start, arrivals, cumulative});
        }
    }

    const auto name_of = [&](const std::string& code) {
        const auto found = delegates_by_code.find(code_comparison_key(code));
        return found == delegates_by_code.end() ? code : found->second->full_name();
    };

    // Duplicates (two check-ins standing the same day) and reprints, from the journal.
    for (const DuplicateCheckins& found : find_duplicate_checkins(events)) {
        DuplicateEntry entry;
        entry.code = found.delegate_code;
        entry.name = name_of(entry.code);
        entry.day = found.day;
        for (const CheckinEvent* checkin : found.checkins) {
            entry.checkins.push_back({checkin->at_milliseconds, clock_text(clock(checkin->at_milliseconds)),
                                      checkin->kiosk_id, checkin->operator_name});
        }
        if (entry.day == today) {
            ++data.duplicates_today;
        }
        data.duplicates.push_back(std::move(entry));
    }
    std::vector<const CheckinEvent*> reprints;
    for (const auto& journal_event : events) {
        if (journal_event.kind == EventKind::reprint) {
            reprints.push_back(&journal_event);
        }
    }
    std::sort(data.duplicates.begin(), data.duplicates.end(),
              [](const DuplicateEntry& left, const DuplicateEntry& right) {
                  if (left.day != right.day) {
                      return left.day > right.day;
                  }
                  if (left.checkins.front().at_milliseconds != right.checkins.front().at_milliseconds) {
                      return left.checkins.front().at_milliseconds < right.checkins.front().at_milliseconds;
                  }
                  return left.code < right.code;
              });

    data.reprints_total = reprints.size();
    data.reprints_today = static_cast<std::size_t>(
        std::count_if(reprints.begin(), reprints.end(),
                      [&](const CheckinEvent* reprint) { return reprint->day == today; }));
    // Newest first; equal times keep the journal's order reversed (the later arrival first).
    std::reverse(reprints.begin(), reprints.end());
    std::stable_sort(reprints.begin(), reprints.end(),
                     [](const CheckinEvent* left, const CheckinEvent* right) {
                         return left->at_milliseconds > right->at_milliseconds;
                     });
    if (reprints.size() > recent_reprints_shown) {
        reprints.resize(recent_reprints_shown);
    }
    for (const auto* reprint : reprints) {
        data.recent_reprints.push_back({reprint->delegate_code, name_of(reprint->delegate_code), reprint->day,
                                        reprint->at_milliseconds, clock_text(clock(reprint->at_milliseconds)),
                                        reprint->kiosk_id, reprint->operator_name, reprint->reason});
    }
    return data;
}

nlohmann::ordered_json dashboard_to_json(const DashboardData& data) {
    using Json = nlohmann::ordered_json;
    auto days = Json::array();
    for (const auto& day : data.event.days) {
        days.push_back(format_iso_day(day));
    }
    const auto rows_to_json = [](const std::vector<DashboardGroupRow>& rows) {
        auto list = Json::array();
        for (const auto& row : rows) {
            list.push_back({{"name", row.name}, {"expected", row.expected}, {"checked_in", row.checked_in}});
        }
        return list;
    };
    auto buckets = Json::array();
    for (const auto& bucket : data.arrivals) {
        buckets.push_back({{"start", clock_text(bucket.start_minute)},
                           {"start_minute", bucket.start_minute},
                           {"arrivals", bucket.arrivals},
                           {"cumulative", bucket.cumulative}});
    }
    auto duplicates = Json::array();
    for (const auto& duplicate : data.duplicates) {
        auto checkins = Json::array();
        for (const auto& checkin : duplicate.checkins) {
            checkins.push_back({{"time", checkin.time},
                                {"at_ms", checkin.at_milliseconds},
                                {"kiosk", checkin.kiosk_id},
                                {"operator", checkin.operator_name}});
        }
        duplicates.push_back({{"code", duplicate.code},
                              {"name", duplicate.name},
                              {"day", format_iso_day(duplicate.day)},
                              {"checkins", std::move(checkins)}});
    }
    auto reprints = Json::array();
    for (const auto& reprint : data.recent_reprints) {
        reprints.push_back({{"code", reprint.code},
                            {"name", reprint.name},
                            {"day", format_iso_day(reprint.day)},
                            {"time", reprint.time},
                            {"at_ms", reprint.at_milliseconds},
                            {"kiosk", reprint.kiosk_id},
                            {"operator", reprint.operator_name},
                            {"reason", reprint.reason}});
    }
    const auto& totals = data.totals;
    return {
        {"event", {{"name", data.event.name}, {"days", std::move(days)}}},
        {"today", format_iso_day(data.today)},
        {"totals",
         {{"expected_today", totals.expected_today},
          {"checked_in_today", totals.checked_in_today},
          {"checked_in_any_day", totals.checked_in_any_day},
          {"walk_ins", totals.walk_ins},
          {"active", totals.active},
          {"cancelled", totals.cancelled}}},
        {"by_partnership", rows_to_json(data.by_partnership)},
        {"by_voivodeship", rows_to_json(data.by_voivodeship)},
        {"arrivals", {{"bucket_minutes", arrival_bucket_minutes}, {"buckets", std::move(buckets)}}},
        {"duplicates",
         {{"count", data.duplicates.size()},
          {"today", data.duplicates_today},
          {"delegates", std::move(duplicates)}}},
        {"reprints",
         {{"today", data.reprints_today}, {"total", data.reprints_total}, {"recent", std::move(reprints)}}},
    };
}

std::string dashboard_csv(const std::vector<DelegateRecord>& records, const Event& event) {
    return export_attendance_csv(records, event);
}

// ---- XLSX ---------------------------------------------------------------------------------------------

namespace {

// Owns an lxw_workbook until close() writes it; one never closed (an error on the way) is freed unwritten.
class Workbook {
public:
    explicit Workbook(const std::filesystem::path& path) : m_handle(workbook_new(path.c_str())) {}
    Workbook(const Workbook&) = delete;
    Workbook& operator=(const Workbook&) = delete;
    ~Workbook() {
        if (m_handle != nullptr) {
            lxw_workbook_free(m_handle);
        }
    }

    lxw_workbook* handle() const { return m_handle; }

    // Writes the file; the workbook is gone afterwards whatever the outcome (workbook_close frees it).
    lxw_error close() { return workbook_close(std::exchange(m_handle, nullptr)); }

private:
    lxw_workbook* m_handle;
};

// Writes cells row by row, remembering the first failure so the caller checks once.
class SheetWriter {
public:
    // workbook_add_worksheet gives nullptr when it runs out of memory; every write is then skipped.
    SheetWriter(lxw_worksheet* sheet, lxw_error& first_error) : m_sheet(sheet), m_first_error(first_error) {
        if (m_sheet == nullptr) {
            remember(LXW_ERROR_MEMORY_MALLOC_FAILED);
        }
    }

    void text(lxw_row_t row, lxw_col_t column, const std::string& value, lxw_format* format = nullptr) {
        if (m_sheet != nullptr) {
            remember(worksheet_write_string(m_sheet, row, column, value.c_str(), format));
        }
    }
    void number(lxw_row_t row, lxw_col_t column, double value, lxw_format* format = nullptr) {
        if (m_sheet != nullptr) {
            remember(worksheet_write_number(m_sheet, row, column, value, format));
        }
    }
    void width(lxw_col_t first, lxw_col_t last, double characters) {
        if (m_sheet != nullptr) {
            remember(worksheet_set_column(m_sheet, first, last, characters, nullptr));
        }
    }
    void header_row(const std::vector<std::string>& names, lxw_format* bold) {
        for (std::size_t column = 0; column < names.size(); ++column) {
            text(0, static_cast<lxw_col_t>(column), names[column], bold);
        }
        if (m_sheet != nullptr) {
            worksheet_freeze_panes(m_sheet, 1, 0); // the header stays in view while scrolling
        }
    }

private:
    void remember(lxw_error error) {
        if (m_first_error == LXW_NO_ERROR) {
            m_first_error = error;
        }
    }

    lxw_worksheet* m_sheet;
    lxw_error& m_first_error;
};

double as_number(std::size_t count) {
    return static_cast<double>(count);
}

void write_group_sheet(lxw_workbook* workbook, const char* sheet_name, const std::string& group_header,
                       const std::vector<DashboardGroupRow>& rows, lxw_format* bold, lxw_format* percent,
                       lxw_error& first_error) {
    SheetWriter sheet(workbook_add_worksheet(workbook, sheet_name), first_error);
    sheet.header_row({group_header, "Oczekiwani", "Obecni", "Obecni %"}, bold);
    sheet.width(0, 0, 40);
    sheet.width(1, 3, 12);
    lxw_row_t row = 1;
    for (const auto& group : rows) {
        sheet.text(row, 0, group.name);
        sheet.number(row, 1, as_number(group.expected));
        sheet.number(row, 2, as_number(group.checked_in));
        sheet.number(row, 3,
                     group.expected == 0 ? 0.0 : as_number(group.checked_in) / as_number(group.expected),
                     percent);
        ++row;
    }
}

std::string short_day_list(const std::vector<Day>& days) {
    std::string text;
    for (const auto& day : days) {
        text += text.empty() ? "" : ",";
        text += format_short_day(day);
    }
    return text;
}

// Removes the temporary file however the export ends.
struct TemporaryFile {
    std::filesystem::path path;
    TemporaryFile() = default;
    TemporaryFile(const TemporaryFile&) = delete;
    TemporaryFile& operator=(const TemporaryFile&) = delete;
    ~TemporaryFile() {
        if (!path.empty()) {
            std::error_code ignored;
            std::filesystem::remove(path, ignored);
        }
    }
};

} // namespace

Result<std::string> dashboard_xlsx(const DashboardData& data, const std::vector<DelegateRecord>& records,
                                   const VenueClock& clock) {
    TemporaryFile file;
    {
        std::error_code error;
        const auto directory = std::filesystem::temp_directory_path(error);
        if (error) {
            return fail(Error::io("no temporary directory for the XLSX export: " + error.message()));
        }
        std::string pattern = (directory / "checkin-dashboard-XXXXXX.xlsx").string();
        constexpr int suffix_length = 5; // ".xlsx"
        const base::FileDescriptor descriptor(::mkstemps(pattern.data(), suffix_length));
        if (!descriptor.valid()) {
            return fail(Error::io(fmt::format("cannot create {}: {}", pattern, std::strerror(errno))));
        }
        file.path = pattern;
    }

    Workbook workbook(file.path);
    if (workbook.handle() == nullptr) {
        return fail(
            Error::io(fmt::format("libxlsxwriter cannot start a workbook at {}", file.path.string())));
    }
    lxw_format* bold = workbook_add_format(workbook.handle());
    format_set_bold(bold);
    lxw_format* percent = workbook_add_format(workbook.handle());
    format_set_num_format(percent, "0%");
    lxw_error first_error = LXW_NO_ERROR;

    {
        SheetWriter sheet(workbook_add_worksheet(workbook.handle(), "Podsumowanie"), first_error);
        sheet.width(0, 0, 32);
        sheet.width(1, 2, 14);
        const auto& totals = data.totals;
        const std::vector<std::pair<std::string, std::size_t>> counts = {
            {"Oczekiwani dziś", totals.expected_today},
            {"Obecni dziś", totals.checked_in_today},
            {"Obecni w dowolnym dniu", totals.checked_in_any_day},
            {"Zarejestrowani na miejscu", totals.walk_ins},
            {"Aktywni", totals.active},
            {"Anulowani", totals.cancelled},
            {"Duplikaty (wszystkie dni)", data.duplicates.size()},
            {"Duplikaty dziś", data.duplicates_today},
            {"Dodruki dziś", data.reprints_today},
            {"Dodruki (wszystkie dni)", data.reprints_total},
        };
        sheet.text(0, 0, "Wydarzenie", bold);
        sheet.text(0, 1, data.event.name);
        sheet.text(1, 0, "Dzień", bold);
        sheet.text(1, 1, format_iso_day(data.today));
        lxw_row_t row = 2;
        for (const auto& [label, count] : counts) {
            sheet.text(row, 0, label, bold);
            sheet.number(row, 1, as_number(count));
            ++row;
        }
        ++row;
        sheet.text(row, 0, "Przybycia dziś, od", bold);
        sheet.text(row, 1, "Przybyło", bold);
        sheet.text(row, 2, "Łącznie", bold);
        ++row;
        for (const auto& bucket : data.arrivals) {
            sheet.text(row, 0, clock_text(bucket.start_minute));
            sheet.number(row, 1, as_number(bucket.arrivals));
            sheet.number(row, 2, as_number(bucket.cumulative));
            ++row;
        }
    }
    write_group_sheet(workbook.handle(), "Partnerstwa", "Partnerstwo", data.by_partnership, bold, percent,
                      first_error);
    write_group_sheet(workbook.handle(), "Województwa", "Województwo", data.by_voivodeship, bold, percent,
                      first_error);
    {
        SheetWriter sheet(workbook_add_worksheet(workbook.handle(), "Lista obecności"), first_error);
        // The CSV's columns (roster_export.hpp), so both exports read the same.
        std::vector<std::string> header = {"Kod",        "Imię",        "Nazwisko",    "Instytucja",
                                           "Stanowisko", "Partnerstwo", "Województwo", "Rola",
                                           "Dni",        "E-mail",      "Status",      "Pochodzenie"};
        for (const auto& day : data.event.days) {
            header.push_back("Obecność " + format_short_day(day));
        }
        sheet.header_row(header, bold);
        sheet.width(0, 0, 14);
        sheet.width(1, 2, 18);
        sheet.width(3, 4, 30);
        sheet.width(5, 7, 22);
        lxw_row_t row = 1;
        for (const auto& record : records) {
            const auto& delegate = record.delegate;
            const std::vector<std::string> cells = {delegate.code,
                                                    delegate.first_name,
                                                    delegate.last_name,
                                                    delegate.organisation,
                                                    delegate.position,
                                                    delegate.partnership,
                                                    delegate.voivodeship,
                                                    delegate.role,
                                                    short_day_list(delegate.days),
                                                    delegate.email,
                                                    std::string(to_string(delegate.status)),
                                                    std::string(to_string(delegate.origin))};
            lxw_col_t column = 0;
            for (const auto& cell : cells) {
                sheet.text(row, column++, cell);
            }
            for (const auto& day : data.event.days) {
                if (const Attendance* attended = attendance_on(record, day)) {
                    sheet.text(row, column, clock_text(clock(attended->checked_in_at_milliseconds)));
                }
                ++column;
            }
            ++row;
        }
    }

    if (first_error != LXW_NO_ERROR) {
        return fail(Error::io(fmt::format("libxlsxwriter: {}", lxw_strerror(first_error))));
    }
    if (const lxw_error closed = workbook.close(); closed != LXW_NO_ERROR) {
        return fail(Error::io(fmt::format("cannot write {}: {}", file.path.string(), lxw_strerror(closed))));
    }
    std::ifstream input(file.path, std::ios::binary);
    if (!input) {
        return fail(Error::io(fmt::format("cannot read back {}", file.path.string())));
    }
    std::string bytes((std::istreambuf_iterator<char>(input)), std::istreambuf_iterator<char>());
    return bytes;
}

// ---- Reading a hub file -------------------------------------------------------------------------------

namespace {

Result<std::vector<CheckinEvent>> read_all_events(const std::filesystem::path& hub_database) {
    auto database = sqlite::Database::open(hub_database, sqlite::OpenMode::read_only);
    if (!database) {
        return fail(database.error());
    }
    auto select = database->prepare("SELECT id, delegate_code, kind, at_ms, day, kiosk_id, operator, reason, "
                                    "COALESCE(undoes, ''), uploaded FROM checkin_events ORDER BY sequence");
    if (!select) {
        return fail(select.error());
    }
    std::vector<CheckinEvent> events;
    auto visited = select->for_each_row([&](const sqlite::Statement& row) {
        const auto kind = event_kind_from(row.text(2));
        const auto day = parse_iso_day(row.text(4));
        if (!kind || !day) {
            return; // the schema allows no other kinds; an unreadable day cannot be placed on the dashboard
        }
        CheckinEvent event;
        event.id = row.text(0);
        event.delegate_code = row.text(1);
        event.kind = *kind;
        event.at_milliseconds = row.integer(3);
        event.day = *day;
        event.kiosk_id = row.text(5);
        event.operator_name = row.text(6);
        event.reason = row.text(7);
        event.undoes = row.text(8);
        event.uploaded = row.integer(9) != 0;
        events.push_back(std::move(event));
    });
    if (!visited) {
        return fail(visited.error());
    }
    return events;
}

} // namespace

Result<DashboardSource> load_dashboard_source(const std::filesystem::path& hub_database) {
    if (!std::filesystem::exists(hub_database)) {
        return fail(
            Error::not_found(fmt::format("the hub database {} does not exist", hub_database.string())));
    }
    auto mirror = Mirror::open(hub_database);
    if (!mirror) {
        return fail(mirror.error());
    }
    DashboardSource source;
    auto event = mirror->event();
    if (!event) {
        return fail(event.error());
    }
    source.event = std::move(*event);
    auto records = mirror->all_delegates();
    if (!records) {
        return fail(records.error());
    }
    source.records = std::move(*records);
    auto events = read_all_events(hub_database);
    if (!events) {
        return fail(events.error());
    }
    source.events = std::move(*events);
    return source;
}

// ---- Routes -------------------------------------------------------------------------------------------

namespace {

// One of the page's files, built into the hub, by a fixed name: no part of the request's path reaches a
// look-up, so "/dashboard/../../etc/passwd" can only miss the routes (404).
httplib::Server::Handler static_file(std::string name, std::string content_type) {
    return [name = std::move(name), content_type = std::move(content_type)](const httplib::Request&,
                                                                            httplib::Response& response) {
        const auto bytes = dashboard_file(name);
        if (!bytes) {
            send_error(response, 500,
                       fmt::format("the dashboard's file {} was not built into the hub", name));
            return;
        }
        // The page polls every few seconds; no-cache makes a browser pick up a new version of the hub.
        response.set_header("Cache-Control", "no-cache");
        response.set_content(std::string(*bytes), content_type);
    };
}

struct DashboardRequest {
    DashboardSource source;
    DashboardData data;
};

// Reads the hub file and computes the day asked for (?date=YYYY-MM-DD, default today at the venue).
Result<DashboardRequest> answer_request(const std::filesystem::path& hub_database,
                                        const httplib::Request& request) {
    Day today = local_day(base::now_unix_milliseconds());
    if (request.has_param("date")) {
        const std::string text = request.get_param_value("date");
        const auto day = parse_iso_day(text);
        if (!day) {
            return fail(
                Error::invalid_input(fmt::format("date: \"{}\" is not a date such as 2026-11-29", text)));
        }
        today = *day;
    }
    auto source = load_dashboard_source(hub_database);
    if (!source) {
        return fail(source.error());
    }
    DashboardRequest answer{std::move(*source), {}};
    answer.data = compute_dashboard(answer.source.records, answer.source.events, answer.source.event, today,
                                    local_minute_of_day);
    return answer;
}

using AnswerHandler = std::function<void(const DashboardRequest&, httplib::Response&)>;

httplib::Server::Handler api_route(std::filesystem::path hub_database,
                                   std::function<bool(const httplib::Request&)> authorised,
                                   AnswerHandler answer) {
    return [hub_database = std::move(hub_database), authorised = std::move(authorised),
            answer = std::move(answer)](const httplib::Request& request, httplib::Response& response) {
        if (!authorised || !authorised(request)) {
            send_error(response, 401,
                       "this needs \"Authorization: Bearer TOKEN\" with a token made by `kiosk-hub token new "
                       "--kiosk NAME`; open the dashboard as /?token=TOKEN");
            return;
        }
        auto loaded = answer_request(hub_database, request);
        if (!loaded) {
            send_error(response, status_for(loaded.error()), loaded.error().message);
            return;
        }
        response.set_header("Cache-Control", "no-store");
        answer(*loaded, response);
    };
}

void send_attachment(httplib::Response& response, const std::string& bytes, const std::string& content_type,
                     const std::string& file_name) {
    response.set_header("Content-Disposition", fmt::format("attachment; filename=\"{}\"", file_name));
    response.set_content(bytes, content_type);
}

} // namespace

void register_dashboard_routes(httplib::Server& server, std::filesystem::path hub_database,
                               std::function<bool(const httplib::Request&)> authorised) {
    const auto page = static_file("index.html", "text/html; charset=utf-8");
    server.Get("/", page);
    server.Get("/dashboard", page);
    server.Get("/dashboard/", page);
    server.Get(R"(/dashboard/app\.js)", static_file("app.js", "text/javascript; charset=utf-8"));
    server.Get(R"(/dashboard/style\.css)", static_file("style.css", "text/css; charset=utf-8"));

    server.Get(
        R"(/api/v1/dashboard)",
        api_route(hub_database, authorised, [](const DashboardRequest& answer, httplib::Response& response) {
            // Replacing bad UTF-8 rather than throwing: one odd byte in a roster must not blank the page.
            response.set_content(
                dashboard_to_json(answer.data).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                json_content_type);
        }));
    server.Get(
        R"(/api/v1/export\.csv)",
        api_route(hub_database, authorised, [](const DashboardRequest& answer, httplib::Response& response) {
            send_attachment(response, dashboard_csv(answer.source.records, answer.source.event),
                            "text/csv; charset=utf-8",
                            fmt::format("obecnosc-{}.csv", format_iso_day(answer.data.today)));
        }));
    server.Get(
        R"(/api/v1/export\.xlsx)",
        api_route(std::move(hub_database), std::move(authorised),
                  [](const DashboardRequest& answer, httplib::Response& response) {
                      auto bytes = dashboard_xlsx(answer.data, answer.source.records, local_minute_of_day);
                      if (!bytes) {
                          send_error(response, 500, bytes.error().message);
                          return;
                      }
                      send_attachment(response, *bytes,
                                      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                                      fmt::format("obecnosc-{}.xlsx", format_iso_day(answer.data.today)));
                  }));
}

} // namespace checkin::sync
