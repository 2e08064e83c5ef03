// The dashboard's HTTP side: reading a hub file into what compute_dashboard needs, and the routes that
// serve the page, its JSON and the exports.

#include "sync/hub/hub_dashboard.hpp"
#include "sync/hub/hub_server_replies.hpp"
#include "sync/mirror/sqlite.hpp"

#include <fmt/format.h>
#include <httplib.h>
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
