// A token belongs to one event (issue 16, item 4), through the real HTTP server on loopback and on both
// stores: a kiosk pulls only its event's roster and check-ins, pushes only for its event's codes, and its
// walk-ins join its event; the other event's kiosk sees the same from its side. A dashboard or organiser
// token reads its own event's figures, exports and kiosks, never the other's.

#include "sync/hub/hub_server.hpp"
#include "sync/hub/hub_store.hpp"
#include "sync/hub/hub_store_factory.hpp"
#include "tests/sync/hub/hub_events_fixture.hpp"
#include "tests/sync/hub/hub_store_fixture.hpp"

#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>
#include <set>

namespace checkin::sync {
namespace {

using namespace hub_store_fixture;
using namespace hub_events_fixture;

class HubEventScopeTest : public testing::TestWithParam<std::string_view> {
protected:
    void SetUp() override {
        auto location = store_location(GetParam(), directory);
        ASSERT_TRUE(location.has_value()) << location.error();
        auto opened = open_hub_store(*location);
        ASSERT_TRUE(opened.has_value()) << opened.error().message << ": " << opened.error().detail;
        store = std::move(*opened);
        ASSERT_TRUE(store->import_roster(fixture_entries(), serock_event()).has_value());
        auto lublin = store->create_event(lublin_request());
        ASSERT_TRUE(lublin.has_value()) << lublin.error().message;
        lublin_id = lublin->id;
        auto imported =
            store->import_event_roster(lublin_id, parse_entries(lublin_roster, lublin_event()), std::nullopt);
        ASSERT_TRUE(imported.has_value()) << imported.error().message;
        serock_token = store->issue_token(TokenRequest{"serock-kiosk", TokenRole::kiosk, {}, first_event_id})
                           .value_or("");
        lublin_token =
            store->issue_token(TokenRequest{"lublin-kiosk", TokenRole::kiosk, {}, lublin_id}).value_or("");
        ASSERT_FALSE(serock_token.empty());
        ASSERT_FALSE(lublin_token.empty());
        HubServerSettings settings;
        settings.dashboard = true;
        auto started = HubServer::start(*store, settings);
        ASSERT_TRUE(started.has_value()) << started.error().message;
        server = std::move(*started);
    }

    void TearDown() override {
        if (server) {
            server->stop();
        }
    }

    httplib::Client client() const {
        httplib::Client made("127.0.0.1", server->port());
        made.set_read_timeout(std::chrono::seconds(20));
        return made;
    }

    static httplib::Headers authorised(const std::string& token) {
        return {{"Authorization", "Bearer " + token}};
    }

    // The whole roster a kiosk with `token` pulls, page by page.
    std::pair<Event, std::set<std::string>> pull_roster(const std::string& token) {
        std::set<std::string> codes;
        Event event;
        RosterCursor cursor{0, ""};
        for (;;) {
            httplib::Params params{{"since", std::to_string(cursor.since)}, {"limit", "500"}};
            if (!cursor.after_code.empty()) {
                params.emplace("after", cursor.after_code);
            }
            auto result = client().Get("/api/v1/roster", params, authorised(token), httplib::Progress());
            EXPECT_TRUE(result && result->status == 200) << (result ? result->body : "no answer");
            if (!result || result->status != 200) {
                return {event, codes};
            }
            auto page = decode_roster_page(result->body);
            EXPECT_TRUE(page.has_value());
            if (!page) {
                return {event, codes};
            }
            event = page->event;
            for (const auto& delegate : page->delegates) {
                codes.insert(delegate.code);
            }
            if (!page->next) {
                return {event, codes};
            }
            cursor = *page->next;
        }
    }

    std::vector<std::string> pulled_event_ids(const std::string& token) {
        auto result = client().Get("/api/v1/events", httplib::Params{{"since", "0"}}, authorised(token),
                                   httplib::Progress());
        EXPECT_TRUE(result && result->status == 200) << (result ? result->body : "no answer");
        std::vector<std::string> ids;
        if (result && result->status == 200) {
            auto page = decode_events_page(result->body);
            EXPECT_TRUE(page.has_value());
            for (const auto& sequenced : page.value_or(EventsPage{}).events) {
                ids.push_back(sequenced.event.id);
            }
        }
        return ids;
    }

    PushReply push(const std::string& token, const PushRequest& request) {
        auto result = client().Post("/api/v1/events", authorised(token), encode(request), "application/json");
        EXPECT_TRUE(result && result->status == 200) << (result ? result->body : "no answer");
        if (!result || result->status != 200) {
            return {};
        }
        return decode_push_reply(result->body).value_or(PushReply{});
    }

    // One check-in pushed by `kiosk` with its `token`, which the hub must accept.
    void check_in(const std::string& token, const std::string& kiosk, const std::string& code,
                  const std::string& event_id, Day day = first_day) {
        EXPECT_EQ(push(token, PushRequest{kiosk, {event_for(code, event_id, kiosk, day)}, {}}).accepted, 1U)
            << code;
    }

    // A health report from `kiosk`, sent with `token`.
    void report_health(const std::string& token, const std::string& kiosk) {
        KioskReport report;
        report.kiosk = kiosk;
        report.version = "1.0";
        auto sent =
            client().Post("/api/v1/kiosk-report", authorised(token), encode(report), "application/json");
        EXPECT_TRUE(sent && sent->status == 200) << (sent ? sent->body : "no answer");
    }

    nlohmann::json read_json(const std::string& token, const std::string& path) {
        auto result = client().Get(path, authorised(token));
        EXPECT_TRUE(result && result->status == 200) << path << ": " << (result ? result->body : "no answer");
        return nlohmann::json::parse(result ? result->body : "{}", nullptr, false);
    }

    // The kiosks the dashboard's list shows to `token`.
    std::set<std::string> kiosk_names(const std::string& token) {
        std::set<std::string> names;
        const auto listed = read_json(token, "/api/v1/kiosks");
        for (const auto& kiosk : listed["kiosks"]) {
            names.insert(kiosk["kiosk"].get<std::string>());
        }
        return names;
    }

    std::string serock_dashboard_token() {
        return store->issue_token(TokenRequest{"serock-screen", TokenRole::dashboard, {}, first_event_id})
            .value_or("");
    }
    std::string lublin_organiser_token() {
        return store->issue_token(TokenRequest{"lublin-office", TokenRole::organiser, {}, lublin_id})
            .value_or("");
    }

    TempDir directory;
    std::unique_ptr<HubStore> store;
    std::unique_ptr<HubServer> server;
    std::int64_t lublin_id = 0;
    std::string serock_token;
    std::string lublin_token;
};

INSTANTIATE_TEST_SUITE_P(Stores, HubEventScopeTest, testing::Values(sqlite_backend, postgresql_backend),
                         backend_name);

TEST_P(HubEventScopeTest, EachKioskPullsOnlyItsEventsNameDaysAndRoster) {
    const auto [serock, serock_codes] = pull_roster(serock_token);
    EXPECT_EQ(serock, serock_event());
    EXPECT_EQ(serock_codes.size(), fixture_size);
    EXPECT_FALSE(serock_codes.contains("LUB-AAAA0001"));

    const auto [lublin, lublin_codes] = pull_roster(lublin_token);
    EXPECT_EQ(lublin, lublin_event());
    EXPECT_EQ(lublin_codes, (std::set<std::string>{"LUB-AAAA0001", "LUB-AAAA0002", "LUB-AAAA0003"}));
}

TEST_P(HubEventScopeTest, ACheckInForAnotherEventsCodeIsRefusedInBothDirections) {
    const std::string serock_code = fixture_rows().at(0).code;
    // Each kiosk names the other event's delegate on a day of the other event, so only the code decides.
    const auto from_lublin = push(
        lublin_token,
        PushRequest{"lublin-kiosk", {event_for(serock_code, "lublin-pushes-serock", "lublin-kiosk")}, {}});
    EXPECT_EQ(from_lublin.accepted, 0U);
    ASSERT_EQ(from_lublin.refused.size(), 1U);
    EXPECT_EQ(from_lublin.refused[0].id, "lublin-pushes-serock");

    const auto from_serock =
        push(serock_token,
             PushRequest{"serock-kiosk",
                         {event_for("LUB-AAAA0001", "serock-pushes-lublin", "serock-kiosk", lublin_day)},
                         {}});
    EXPECT_EQ(from_serock.accepted, 0U);
    ASSERT_EQ(from_serock.refused.size(), 1U);
    EXPECT_EQ(from_serock.refused[0].id, "serock-pushes-lublin");
    EXPECT_TRUE(pulled_event_ids(serock_token).empty());
    EXPECT_TRUE(pulled_event_ids(lublin_token).empty());
}

TEST_P(HubEventScopeTest, CheckInsAndWalkInsReachOnlyTheirOwnEventsKiosks) {
    const std::string serock_code = fixture_rows().at(0).code;
    EXPECT_EQ(push(serock_token,
                   PushRequest{"serock-kiosk", {event_for(serock_code, "serock-1", "serock-kiosk")}, {}})
                  .accepted,
              1U);
    const Delegate walker = walk_in("W-LUBLIN01", "Halina");
    const auto lublin_reply = push(
        lublin_token, PushRequest{"lublin-kiosk",
                                  {event_for("LUB-AAAA0002", "lublin-1", "lublin-kiosk", lublin_day),
                                   event_for(walker.code, "lublin-2", "lublin-kiosk", lublin_second_day)},
                                  {walker}});
    EXPECT_EQ(lublin_reply.accepted, 2U);
    EXPECT_EQ(lublin_reply.walk_ins_added, 1U);
    EXPECT_TRUE(lublin_reply.refused.empty());
    EXPECT_EQ(push(serock_token, PushRequest{"serock-kiosk",
                                             {event_for(serock_code, "serock-2", "serock-kiosk", second_day)},
                                             {}})
                  .accepted,
              1U);

    EXPECT_EQ(pulled_event_ids(serock_token), (std::vector<std::string>{"serock-1", "serock-2"}));
    EXPECT_EQ(pulled_event_ids(lublin_token), (std::vector<std::string>{"lublin-1", "lublin-2"}));
    EXPECT_TRUE(pull_roster(lublin_token).second.contains("W-LUBLIN01"));
    EXPECT_FALSE(pull_roster(serock_token).second.contains("W-LUBLIN01"));
    // The walk-in's code is Lublin's now: Serock's kiosk cannot check it in either.
    const auto crossed = push(
        serock_token, PushRequest{"serock-kiosk", {event_for(walker.code, "serock-3", "serock-kiosk")}, {}});
    EXPECT_EQ(crossed.accepted, 0U);
    EXPECT_EQ(crossed.refused.size(), 1U);
}

TEST_P(HubEventScopeTest, DashboardAndOrganiserTokensReadOnlyTheirOwnEvent) {
    const std::string serock_code = fixture_rows().at(0).code;
    check_in(serock_token, "serock-kiosk", serock_code, "serock-1");
    check_in(lublin_token, "lublin-kiosk", "LUB-AAAA0002", "lublin-1", lublin_day);
    report_health(serock_token, "serock-kiosk");
    report_health(lublin_token, "lublin-kiosk");
    const std::string serock_dashboard = serock_dashboard_token();
    const std::string lublin_organiser = lublin_organiser_token();

    const auto serock_figures = read_json(serock_dashboard, "/api/v1/dashboard?date=2026-11-29");
    EXPECT_EQ(serock_figures["event"]["name"], serock_event().name);
    EXPECT_EQ(serock_figures["totals"]["active"], fixture_size);
    EXPECT_EQ(serock_figures["totals"]["checked_in_any_day"], 1);
    const auto lublin_figures = read_json(lublin_organiser, "/api/v1/dashboard?date=2026-10-15");
    EXPECT_EQ(lublin_figures["event"]["name"], lublin_event().name);
    EXPECT_EQ(lublin_figures["totals"]["active"], 3);
    EXPECT_EQ(lublin_figures["totals"]["checked_in_any_day"], 1);

    // The organiser's export holds Lublin's people and none of Serock's.
    auto exported = client().Get("/api/v1/export.csv", authorised(lublin_organiser));
    ASSERT_TRUE(exported && exported->status == 200);
    EXPECT_NE(exported->body.find("Kot"), std::string::npos);
    EXPECT_EQ(exported->body.find(fixture_rows().at(0).last_name), std::string::npos) << exported->body;
    EXPECT_EQ(exported->body.find(serock_code), std::string::npos);

    EXPECT_EQ(kiosk_names(serock_dashboard), std::set<std::string>{"serock-kiosk"});
    EXPECT_EQ(kiosk_names(lublin_organiser), std::set<std::string>{"lublin-kiosk"});
}

// GET /api/v1/stats answers each token with its own event's figures, whoever asks (kiosk, dashboard,
// organiser); and a kiosk's report is listed under the event of the token that sent it, even when the
// kiosk's newest token is another event's (which the dashboard used to guess from).
TEST_P(HubEventScopeTest, FiguresAndKioskReportsBelongToTheTokensEvent) {
    check_in(serock_token, "serock-kiosk", fixture_rows().at(0).code, "serock-1");
    check_in(serock_token, "serock-kiosk", fixture_rows().at(1).code, "serock-2");
    check_in(lublin_token, "lublin-kiosk", "LUB-AAAA0002", "lublin-1", lublin_day);
    const std::string serock_dashboard = serock_dashboard_token();
    const std::string lublin_organiser = lublin_organiser_token();
    const auto figures = [&](const std::string& token) {
        auto result = client().Get("/api/v1/stats", authorised(token));
        EXPECT_TRUE(result && result->status == 200) << (result ? result->body : "no answer");
        return decode_hub_statistics(result ? result->body : "").value_or(HubStatistics{99, 99, 99, 99});
    };
    EXPECT_EQ(figures(serock_dashboard), (HubStatistics{fixture_size, 2, 2, 0}));
    EXPECT_EQ(figures(serock_token), (HubStatistics{fixture_size, 2, 2, 0}));
    EXPECT_EQ(figures(lublin_organiser), (HubStatistics{3, 1, 1, 0}));
    EXPECT_EQ(figures(lublin_token), (HubStatistics{3, 1, 1, 0}));

    // The roaming kiosk's Serock token is older than its Lublin one; it reports with the Serock token.
    const auto roaming_serock =
        store->issue_token(TokenRequest{"roaming-kiosk", TokenRole::kiosk, {}, first_event_id}).value();
    ASSERT_TRUE(
        store->issue_token(TokenRequest{"roaming-kiosk", TokenRole::kiosk, {}, lublin_id}).has_value());
    report_health(roaming_serock, "roaming-kiosk");
    EXPECT_EQ(kiosk_names(serock_dashboard), std::set<std::string>{"roaming-kiosk"});
    EXPECT_EQ(kiosk_names(lublin_organiser), std::set<std::string>{});
    auto held = store->kiosk_health();
    ASSERT_TRUE(held.has_value());
    ASSERT_EQ(held->size(), 1U);
    EXPECT_EQ(held->at(0).event_id, first_event_id);
}

} // namespace
} // namespace checkin::sync
