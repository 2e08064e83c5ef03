// The dashboard's HTTP side: reading a hub file into what compute_dashboard needs, and the routes that
// serve the page, its JSON and the exports.

#include "sync/hub/http_server.hpp"
#include "sync/hub/hub_dashboard.hpp"
#include "sync/hub/hub_server_replies.hpp"
#include "sync/mirror/sqlite.hpp"

#include <fmt/format.h>
#include <string>
#include <utility>

namespace checkin::sync {

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
http::Answer static_file(std::string name, std::string content_type) {
    return [name = std::move(name), content_type = std::move(content_type)](const http::Request&) {
        const auto bytes = dashboard_file(name);
        if (!bytes) {
            auto failed = error_reply(500, "the hub failed; see its log");
            failed.problem = fmt::format("the dashboard's file {} was not built into the hub", name);
            return failed;
        }
        http::Response response;
        response.content_type = content_type;
        response.body = std::string(*bytes);
        // The page polls every few seconds; no-cache makes a browser pick up a new version of the hub.
        response.headers.emplace_back("Cache-Control", "no-cache");
        return response;
    };
}

struct DashboardRequest {
    DashboardSource source;
    DashboardData data;
};

// Reads the hub file and computes the day asked for (?date=YYYY-MM-DD, default today at the venue).
Result<DashboardRequest> answer_request(const std::filesystem::path& hub_database,
                                        const http::Request& request) {
    Day today = local_day(base::now_unix_milliseconds());
    if (const auto text = request.parameter("date")) {
        const auto day = parse_iso_day(*text);
        if (!day) {
            return fail(
                Error::invalid_input(fmt::format("date: \"{}\" is not a date such as 2026-11-29", *text)));
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

using AnswerHandler = std::function<http::Response(const DashboardRequest&)>;

http::Answer api_answer(std::filesystem::path hub_database, AnswerHandler answer) {
    return
        [hub_database = std::move(hub_database), answer = std::move(answer)](const http::Request& request) {
            auto loaded = answer_request(hub_database, request);
            auto response = loaded ? answer(*loaded) : failure_reply(loaded.error());
            // Figures and lists of people: never kept by a browser or a proxy.
            response.headers.emplace_back("Cache-Control", "no-store");
            return response;
        };
}

http::Response attachment(std::string bytes, std::string content_type, const std::string& file_name) {
    http::Response response;
    response.content_type = std::move(content_type);
    response.body = std::move(bytes);
    response.headers.emplace_back("Content-Disposition",
                                  fmt::format("attachment; filename=\"{}\"", file_name));
    return response;
}

} // namespace

void register_dashboard_routes(std::vector<http::Route>& routes, std::filesystem::path hub_database) {
    const std::vector<TokenRole> readers = {TokenRole::dashboard, TokenRole::organiser};
    const std::vector<TokenRole> organisers = {TokenRole::organiser};
    const auto page = static_file("index.html", "text/html; charset=utf-8");
    routes.push_back({"GET", "/", {}, 0, page});
    routes.push_back({"GET", "/dashboard", {}, 0, page});
    routes.push_back({"GET", "/dashboard/", {}, 0, page});
    routes.push_back(
        {"GET", "/dashboard/app.js", {}, 0, static_file("app.js", "text/javascript; charset=utf-8")});
    routes.push_back(
        {"GET", "/dashboard/style.css", {}, 0, static_file("style.css", "text/css; charset=utf-8")});

    routes.push_back(
        {"GET", "/api/v1/dashboard", readers, 0, api_answer(hub_database, [](const DashboardRequest& answer) {
             // Replacing bad UTF-8 rather than throwing: one odd byte in a roster must not blank
             // the page.
             return json_reply(200, dashboard_to_json(answer.data)
                                        .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
         })});
    routes.push_back({"GET", "/api/v1/export.csv", organisers, 0,
                      api_answer(hub_database, [](const DashboardRequest& answer) {
                          return attachment(
                              dashboard_csv(answer.source.records, answer.source.event),
                              "text/csv; charset=utf-8",
                              fmt::format("obecnosc-{}.csv", format_iso_day(answer.data.today)));
                      })});
    routes.push_back(
        {"GET", "/api/v1/export.xlsx", organisers, 0,
         api_answer(std::move(hub_database), [](const DashboardRequest& answer) {
             auto bytes = dashboard_xlsx(answer.data, answer.source.records, local_minute_of_day);
             if (!bytes) {
                 return failure_reply(bytes.error());
             }
             return attachment(std::move(*bytes),
                               "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                               fmt::format("obecnosc-{}.xlsx", format_iso_day(answer.data.today)));
         })});
}

} // namespace checkin::sync
