// The hub's HTTP server on 127.0.0.1 (a free port), over a real SQLite store, spoken to with
// httplib::Client exactly as a kiosk would.

#include "base/clock.hpp"
#include "sync/hub/hub_server.hpp"
#include "sync/hub/hub_store.hpp"
#include "tests/sync/hub/raw_http.hpp"
#include "tests/sync/mirror/mirror_fixture.hpp"

#include <atomic>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>
#include <vector>

namespace checkin::sync {
namespace {

using namespace mirror_fixture;

CheckinEvent checkin_of(std::string_view code, std::string id, Day day = first_day) {
    CheckinEvent event;
    event.id = std::move(id);
    event.delegate_code = std::string(code);
    event.kind = EventKind::checkin;
    event.at_milliseconds = utc_milliseconds(day, 9, 15);
    event.day = day;
    event.kiosk_id = "kiosk-1";
    event.operator_name = "self-service";
    return event;
}

class HubServerTest : public testing::Test {
protected:
    void SetUp() override {
        auto opened = open_sqlite_hub_store(directory.file("hub.db"));
        ASSERT_TRUE(opened.has_value()) << opened.error().message;
        store = std::move(*opened);
        auto summary = store->import_roster(fixture_entries(), serock_event());
        ASSERT_TRUE(summary.has_value()) << summary.error().message;
        auto made = store->create_token("kiosk-1");
        ASSERT_TRUE(made.has_value()) << made.error().message;
        token = *made;
        auto other = store->create_token("kiosk-2");
        ASSERT_TRUE(other.has_value()) << other.error().message;
        second_token = *other;

        HubServerSettings settings;
        settings.request_log = [this](const RequestLogEntry& entry) {
            std::lock_guard lock(log_mutex);
            log.push_back(entry);
        };
        auto started = HubServer::start(*store, settings);
        ASSERT_TRUE(started.has_value()) << started.error().message;
        server = std::move(*started);
        ASSERT_GT(server->port(), 0);
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

    httplib::Headers authorised(const std::string& with_token) const {
        return {{"Authorization", "Bearer " + with_token}};
    }

    // GET with the kiosk's token; fails the test unless the status is `expected`.
    std::string get(const std::string& path, const httplib::Params& params = {}, int expected = 200) {
        auto result = client().Get(path, params, authorised(token), httplib::Progress());
        EXPECT_TRUE(result) << "no answer to GET " << path;
        if (!result) {
            return {};
        }
        EXPECT_EQ(result->status, expected) << path << ": " << result->body;
        EXPECT_EQ(result->get_header_value("Content-Type"), "application/json; charset=utf-8");
        return result->body;
    }

    PushReply push(const PushRequest& request, const std::string& with_token) {
        auto result =
            client().Post("/api/v1/events", authorised(with_token), encode(request), "application/json");
        EXPECT_TRUE(result) << "no answer to the push";
        if (!result) {
            return {};
        }
        EXPECT_EQ(result->status, 200) << result->body;
        auto reply = decode_push_reply(result->body);
        EXPECT_TRUE(reply.has_value()) << (reply.has_value() ? "" : reply.error().message);
        return reply.value_or(PushReply{});
    }

    HubStatistics statistics() {
        auto decoded = decode_hub_statistics(get("/api/v1/stats"));
        EXPECT_TRUE(decoded.has_value()) << (decoded.has_value() ? "" : decoded.error().message);
        return decoded.value_or(HubStatistics{});
    }

    TempDir directory;
    std::unique_ptr<HubStore> store;
    std::unique_ptr<HubServer> server;
    std::string token;
    std::string second_token;
    std::mutex log_mutex;
    std::vector<RequestLogEntry> log;
};

TEST_F(HubServerTest, HealthNamesTheTokensKiosk) {
    auto health = decode_health_reply(get("/api/v1/health"));
    ASSERT_TRUE(health.has_value()) << health.error().message;
    EXPECT_EQ(health->status, "ok");
    EXPECT_EQ(health->kiosk, "kiosk-1");
    EXPECT_EQ(health->roster_version, 1);
    EXPECT_EQ(health->last_sequence, 0);
}

TEST_F(HubServerTest, EveryRouteAnswers401WithoutAValidToken) {
    const std::string wrong_but_well_formed(64, 'a');
    const std::vector<httplib::Headers> refused = {
        {},
        {{"Authorization", "Bearer " + wrong_but_well_formed}},
        {{"Authorization", "Bearer not-a-token"}},
        {{"Authorization", "Basic " + token}},
        {{"Authorization", "Bearer"}},
    };
    const std::string body = encode(PushRequest{"kiosk-1", {checkin_of(fixture_rows()[0].code, "x-1")}, {}});
    for (const auto& headers : refused) {
        const std::string described = headers.empty() ? "no header" : headers.begin()->second;
        for (const std::string path :
             {"/api/v1/health", "/api/v1/roster", "/api/v1/events", "/api/v1/stats"}) {
            auto result = client().Get(path, headers);
            ASSERT_TRUE(result) << path;
            EXPECT_EQ(result->status, 401) << path << " with " << described;
            EXPECT_EQ(result->get_header_value("Content-Type"), "application/json; charset=utf-8");
            auto error = decode_error_reply(result->body);
            ASSERT_TRUE(error.has_value()) << result->body;
            EXPECT_FALSE(error->error.empty());
        }
        auto posted = client().Post("/api/v1/events", headers, body, "application/json");
        ASSERT_TRUE(posted);
        EXPECT_EQ(posted->status, 401) << "POST with " << described;
    }
    // Nothing got in.
    EXPECT_EQ(statistics().events, 0U);
}

TEST_F(HubServerTest, RosterPagesFollowTheCursorAndADeltaHoldsOnlyTheChange) {
    std::vector<Delegate> all;
    httplib::Params params = {{"since", "0"}, {"limit", "100"}};
    int pages = 0;
    while (true) {
        auto page = decode_roster_page(get("/api/v1/roster", params));
        ASSERT_TRUE(page.has_value()) << page.error().message;
        ++pages;
        EXPECT_EQ(page->event.days, serock_event().days);
        all.insert(all.end(), page->delegates.begin(), page->delegates.end());
        if (!page->next) {
            break;
        }
        params = {{"since", std::to_string(page->next->since)},
                  {"after", page->next->after_code},
                  {"limit", "100"}};
        ASSERT_LT(pages, 10);
    }
    EXPECT_EQ(pages, 4);
    std::set<std::string> codes;
    for (const auto& delegate : all) {
        codes.insert(delegate.code);
    }
    EXPECT_EQ(codes.size(), fixture_size);

    // One changed row in a re-import: version 2 holds just that row.
    std::string changed = read_test_file("serock-roster.csv");
    const auto row = fixture_rows().at(100);
    const auto at = changed.find(row.code + "," + row.first_name + ",");
    ASSERT_NE(at, std::string::npos);
    changed.replace(at + row.code.size() + 1, row.first_name.size(), "Inna");
    auto summary = store->import_roster(parse_entries(changed), std::nullopt);
    ASSERT_TRUE(summary.has_value()) << summary.error().message;
    auto delta = decode_roster_page(get("/api/v1/roster", {{"since", "1"}}));
    ASSERT_TRUE(delta.has_value()) << delta.error().message;
    ASSERT_EQ(delta->delegates.size(), 1U);
    EXPECT_EQ(delta->delegates[0].code, row.code);
    EXPECT_EQ(delta->delegates[0].first_name, "Inna");
    EXPECT_EQ(delta->roster_version, 2);
    EXPECT_FALSE(delta->next.has_value());
}

TEST_F(HubServerTest, QueryParametersOutOfRangeAreRefusedWithAMessage) {
    const std::vector<std::tuple<std::string, httplib::Params, std::string>> cases = {
        {"/api/v1/roster", {{"limit", "0"}}, "limit: 0 is not between 1 and 5000"},
        {"/api/v1/roster", {{"limit", "5001"}}, "limit: 5001 is not between 1 and 5000"},
        {"/api/v1/roster", {{"since", "-1"}}, "since: -1 is not between 0 and 9223372036854775807"},
        {"/api/v1/roster", {{"since", "abc"}}, "since: \"abc\" is not a whole number"},
        {"/api/v1/events", {{"limit", "10001"}}, "limit: 10001 is not between 1 and 10000"},
        {"/api/v1/events", {{"since", "1.5"}}, "since: \"1.5\" is not a whole number"},
        {"/api/v1/events", {{"since", ""}}, "since: \"\" is not a whole number"},
    };
    for (const auto& [path, params, message] : cases) {
        auto error = decode_error_reply(get(path, params, 400));
        ASSERT_TRUE(error.has_value());
        EXPECT_EQ(error->error, message) << path;
    }
}

TEST_F(HubServerTest, ARepeatedPushAndALostReplyCountEachEventOnce) {
    const auto rows = fixture_rows();
    const PushRequest batch{
        "kiosk-1", {checkin_of(rows[0].code, "p-1"), checkin_of(rows[1].code, "p-2")}, {}};
    const auto first = push(batch, token);
    EXPECT_EQ(first.accepted, 2U);
    EXPECT_EQ(first.acknowledged, (std::vector<std::string>{"p-1", "p-2"}));
    const auto second = push(batch, token);
    EXPECT_EQ(second.accepted, 0U);
    EXPECT_EQ(second.duplicates, 2U);
    EXPECT_EQ(second.acknowledged, (std::vector<std::string>{"p-1", "p-2"}));
    EXPECT_EQ(statistics().events, 2U);

    // The reply is lost (the kiosk never reads it); the kiosk sends the batch again with one more event.
    const PushRequest lost{"kiosk-1", {checkin_of(rows[2].code, "p-3")}, {}};
    {
        auto ignored = client().Post("/api/v1/events", authorised(token), encode(lost), "application/json");
        (void)ignored;
    }
    PushRequest retried = lost;
    retried.events.push_back(checkin_of(rows[3].code, "p-4"));
    const auto reply = push(retried, token);
    EXPECT_EQ(reply.accepted, 1U);
    EXPECT_EQ(reply.duplicates, 1U);
    EXPECT_EQ(reply.acknowledged, (std::vector<std::string>{"p-3", "p-4"}));
    const auto counted = statistics();
    EXPECT_EQ(counted.events, 4U);
    EXPECT_EQ(counted.checked_in, 4U);
}

TEST_F(HubServerTest, MalformedAndOversizedPushesAreRefused) {
    auto result = client().Post("/api/v1/events", authorised(token),
                                R"({"kiosk": "kiosk-1", "events": [{"id": "e", "delegate_code": "C",
                                    "kind": "checkin", "at_ms": 1, "day": "30.11", "kiosk": "k"}]})",
                                "application/json");
    ASSERT_TRUE(result);
    EXPECT_EQ(result->status, 400);
    auto error = decode_error_reply(result->body);
    ASSERT_TRUE(error.has_value());
    EXPECT_EQ(error->error, "events[0].day: not a date");

    auto not_json = client().Post("/api/v1/events", authorised(token), "{", "application/json");
    ASSERT_TRUE(not_json);
    EXPECT_EQ(not_json->status, 400);

    PushRequest too_large{"kiosk-1", {}, {}};
    for (std::size_t index = 0; index <= push_batch_maximum; ++index) {
        too_large.events.push_back(checkin_of("CWD-ZPZXSWG7", fmt::format("big-{}", index)));
    }
    auto refused = client().Post("/api/v1/events", authorised(token), encode(too_large), "application/json");
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->status, 413);
    auto message = decode_error_reply(refused->body);
    ASSERT_TRUE(message.has_value());
    EXPECT_EQ(message->error, "5001 events in one request; send at most 5000 at a time");
    EXPECT_EQ(statistics().events, 0U);

    auto unknown = client().Get("/api/v1/nothing", authorised(token));
    ASSERT_TRUE(unknown);
    EXPECT_EQ(unknown->status, 404);
    EXPECT_TRUE(decode_error_reply(unknown->body).has_value()) << unknown->body;
}

TEST_F(HubServerTest, EventsPagesArriveInSequenceOrderFromEveryKiosk) {
    const auto rows = fixture_rows();
    std::vector<std::string> pushed;
    for (int batch = 0; batch < 5; ++batch) {
        PushRequest request{"", {}, {}};
        for (int index = 0; index < 5; ++index) {
            const auto id = fmt::format("s{}-{}", batch, index);
            request.events.push_back(checkin_of(rows[static_cast<std::size_t>(batch * 5 + index)].code, id));
            request.events.back().kiosk_id = batch % 2 == 0 ? "kiosk-1" : "kiosk-2"; // the token's kiosk
            pushed.push_back(id);
        }
        EXPECT_EQ(push(request, batch % 2 == 0 ? token : second_token).accepted, 5U);
    }
    std::vector<std::string> received;
    std::int64_t since = 0;
    for (int pages = 0; pages < 10; ++pages) {
        auto page =
            decode_events_page(get("/api/v1/events", {{"since", std::to_string(since)}, {"limit", "7"}}));
        ASSERT_TRUE(page.has_value()) << page.error().message;
        EXPECT_EQ(page->last_sequence, 25);
        for (const auto& sequenced : page->events) {
            EXPECT_EQ(sequenced.sequence, since + 1);
            since = sequenced.sequence;
            received.push_back(sequenced.event.id);
        }
        if (!page->more) {
            break;
        }
    }
    EXPECT_EQ(received, pushed);
}

TEST_F(HubServerTest, WalkInsPushedAppearInTheRosterWithANewVersion) {
    Delegate walk_in;
    walk_in.code = "W-Q4M8N2ZT";
    walk_in.first_name = "Zofia";
    walk_in.last_name = "Grabowska";
    walk_in.role = "uczestnik";
    walk_in.origin = DelegateOrigin::walk_in;
    auto checkin = checkin_of(walk_in.code, "walk-1");
    checkin.kiosk_id = "kiosk-2"; // the token's kiosk
    const auto reply = push(PushRequest{"kiosk-2", {checkin}, {walk_in}}, second_token);
    EXPECT_EQ(reply.walk_ins_added, 1U);
    EXPECT_EQ(reply.accepted, 1U);

    auto page = decode_roster_page(get("/api/v1/roster", {{"since", "1"}}));
    ASSERT_TRUE(page.has_value()) << page.error().message;
    ASSERT_EQ(page->delegates.size(), 1U);
    EXPECT_EQ(page->delegates[0].code, "W-Q4M8N2ZT");
    EXPECT_EQ(page->delegates[0].origin, DelegateOrigin::walk_in);
    EXPECT_EQ(page->delegates[0].row_version, 2);
    EXPECT_EQ(page->roster_version, 2);
    EXPECT_EQ(statistics().delegates, fixture_size + 1);
}

TEST_F(HubServerTest, StatisticsCountADelegateAdmittedByTwoKiosksOnceAndAsADuplicate) {
    const auto code = fixture_rows()[9].code;
    CheckinEvent at_second = checkin_of(code, "dup-2");
    at_second.kiosk_id = "kiosk-2";
    push(PushRequest{"kiosk-1", {checkin_of(code, "dup-1")}, {}}, token);
    push(PushRequest{"kiosk-2", {at_second}, {}}, second_token);
    const auto counted = statistics();
    EXPECT_EQ(counted.duplicates, 1U);
    EXPECT_EQ(counted.checked_in, 1U);
    EXPECT_EQ(counted.events, 2U);
    EXPECT_EQ(counted.delegates, fixture_size);
}

TEST_F(HubServerTest, ConcurrentPushesFromThreeKiosksAllLand) {
    const auto rows = fixture_rows();
    std::atomic<int> failures = 0;
    std::vector<std::thread> kiosks;
    for (int kiosk = 0; kiosk < 3; ++kiosk) {
        kiosks.emplace_back([&, kiosk] {
            httplib::Client connection("127.0.0.1", server->port());
            connection.set_read_timeout(std::chrono::seconds(20));
            for (int batch = 0; batch < 10; ++batch) {
                PushRequest request{fmt::format("kiosk-{}", kiosk), {}, {}};
                for (int index = 0; index < 10; ++index) {
                    request.events.push_back(
                        checkin_of(rows[static_cast<std::size_t>(kiosk * 100 + batch * 10 + index)].code,
                                   fmt::format("c{}-{}-{}", kiosk, batch, index)));
                    request.events.back().kiosk_id = kiosk == 1 ? "kiosk-2" : "kiosk-1"; // the token's
                }
                auto result = connection.Post("/api/v1/events", authorised(kiosk == 1 ? second_token : token),
                                              encode(request), "application/json");
                auto reply = result && result->status == 200
                                 ? decode_push_reply(result->body)
                                 : Result<PushReply>(fail(Error::io("no answer")));
                if (!reply || reply->accepted != 10U) {
                    ++failures;
                }
            }
        });
    }
    for (auto& kiosk : kiosks) {
        kiosk.join();
    }
    EXPECT_EQ(failures, 0);
    const auto counted = statistics();
    EXPECT_EQ(counted.events, 300U);
    EXPECT_EQ(counted.checked_in, 300U);
    EXPECT_EQ(counted.duplicates, 0U);
}

TEST_F(HubServerTest, EveryAnswerIsLoggedWithItsKiosk) {
    get("/api/v1/health");
    auto refused = client().Get("/api/v1/stats");
    ASSERT_TRUE(refused);
    server->stop(); // every answer's log line is written before stop returns
    std::lock_guard lock(log_mutex);
    ASSERT_EQ(log.size(), 2U);
    // The line is written after the answer, so the two may be logged in either order.
    const bool health_first = log[0].path == "/api/v1/health";
    const auto& health = log[health_first ? 0 : 1];
    const auto& statistics = log[health_first ? 1 : 0];
    EXPECT_EQ(health.method, "GET");
    EXPECT_EQ(health.path, "/api/v1/health");
    EXPECT_EQ(health.status, 200);
    EXPECT_EQ(health.kiosk, "kiosk-1");
    EXPECT_GE(health.milliseconds, 0);
    EXPECT_EQ(statistics.path, "/api/v1/stats");
    EXPECT_EQ(statistics.status, 401);
    EXPECT_EQ(statistics.kiosk, "");
}

TEST_F(HubServerTest, APortInUseIsAnIoError) {
    HubServerSettings settings;
    settings.port = server->port();
    auto second = HubServer::start(*store, settings);
    ASSERT_FALSE(second.has_value());
    EXPECT_EQ(second.error().kind, ErrorKind::io);
    EXPECT_NE(second.error().message.find(std::to_string(server->port())), std::string::npos);
}

// Kiosks and dashboards keep their connections open between requests. With cpp-httplib (a worker thread
// held by each idle connection until its keep-alive ended) a ninth kiosk waited in the queue; here idle
// connections may stay a minute and the client gives up after 30 s, so a queued kiosk fails the test
// instead of merely being slow.
TEST_F(HubServerTest, KiosksKeepingTheirConnectionsOpenDoNotMakeTheNextOneWait) {
    HubServerSettings settings;
    settings.timeout = std::chrono::seconds(60);
    auto started = HubServer::start(*store, settings);
    ASSERT_TRUE(started.has_value()) << started.error().message;
    const auto& waiting_server = *started;
    constexpr std::size_t kiosks = 24;
    {
        std::vector<std::unique_ptr<httplib::Client>> clients;
        for (std::size_t index = 0; index < kiosks; ++index) {
            auto made = std::make_unique<httplib::Client>("127.0.0.1", waiting_server->port());
            made->set_keep_alive(true);
            made->set_read_timeout(std::chrono::seconds(30));
            auto answer = made->Get("/api/v1/health", authorised(token));
            ASSERT_TRUE(answer) << "kiosk " << index + 1 << " got no answer while " << index
                                << " others kept their connections open";
            EXPECT_EQ(answer->status, 200);
            clients.push_back(std::move(made)); // its connection stays open, idle
        }
        EXPECT_EQ(clients.size(), kiosks);
    } // the clients close their connections, so stopping the server waits for nobody
    waiting_server->stop();
}

// ---- Kiosk health ----

KioskReport health_report(std::string kiosk) {
    KioskReport report;
    report.kiosk = std::move(kiosk);
    report.version = "0.1.0";
    report.backlog = 2;
    report.printer = PrinterCondition::problem;
    report.printer_problems = {"no_media"};
    report.labels_left = 0;
    report.scanners = 1;
    report.last_scan_at_milliseconds = utc_milliseconds(first_day, 9, 14);
    return report;
}

TEST_F(HubServerTest, AKioskReportsItsHealthAndTheHubKeepsTheLatest) {
    const auto before = base::now_unix_milliseconds();
    auto result = client().Post("/api/v1/kiosk-report", authorised(token), encode(health_report("kiosk-1")),
                                "application/json");
    ASSERT_TRUE(result);
    ASSERT_EQ(result->status, 200) << result->body;
    auto reply = decode_kiosk_report_reply(result->body);
    ASSERT_TRUE(reply.has_value()) << reply.error().message;
    EXPECT_EQ(reply->kiosk, "kiosk-1");
    EXPECT_GE(reply->received_at_milliseconds, before);
    EXPECT_LE(reply->received_at_milliseconds, base::now_unix_milliseconds());
    auto kiosks = store->kiosk_health();
    ASSERT_TRUE(kiosks.has_value()) << kiosks.error().message;
    ASSERT_EQ(kiosks->size(), 1U);
    EXPECT_EQ((*kiosks)[0].report, health_report("kiosk-1"));
    EXPECT_EQ((*kiosks)[0].received_at_milliseconds, reply->received_at_milliseconds);
}

TEST_F(HubServerTest, ATokenOfOneKioskCannotReportForAnother) {
    auto result = client().Post("/api/v1/kiosk-report", authorised(second_token),
                                encode(health_report("kiosk-1")), "application/json");
    ASSERT_TRUE(result);
    EXPECT_EQ(result->status, 403) << result->body;
    auto error = decode_error_reply(result->body);
    ASSERT_TRUE(error.has_value()) << result->body;
    EXPECT_EQ(error->error, "this token belongs to the kiosk \"kiosk-2\" and may report only for it, not for "
                            "\"kiosk-1\"");
    auto kiosks = store->kiosk_health();
    ASSERT_TRUE(kiosks.has_value());
    EXPECT_TRUE(kiosks->empty()) << "nothing of the refused report was kept";

    auto unauthorised =
        client().Post("/api/v1/kiosk-report", encode(health_report("kiosk-1")), "application/json");
    ASSERT_TRUE(unauthorised);
    EXPECT_EQ(unauthorised->status, 401);
    auto dashboard_token = store->issue_token(TokenRequest{"kiosk-1", TokenRole::dashboard, std::nullopt});
    ASSERT_TRUE(dashboard_token.has_value());
    auto dashboard = client().Post("/api/v1/kiosk-report", authorised(*dashboard_token),
                                   encode(health_report("kiosk-1")), "application/json");
    ASSERT_TRUE(dashboard);
    EXPECT_EQ(dashboard->status, 403) << "only a kiosk's token may report";
    kiosks = store->kiosk_health();
    ASSERT_TRUE(kiosks.has_value());
    EXPECT_TRUE(kiosks->empty());
}

TEST_F(HubServerTest, MalformedAndOversizedReportsAreRefusedWithAClearMessage) {
    const std::vector<std::pair<std::string, std::string>> malformed = {
        {"not json at all", "the message is not JSON"},
        {R"({"kiosk": "kiosk-1", "version": "0.1.0", "backlog": -3, "printer": "ready", "printer_problems": [],
             "labels_left": null, "scanners": 0, "last_scan_at_ms": null})",
         "backlog: negative"},
        {R"({"kiosk": "kiosk-1", "backlog": 0})", "version: missing"},
        {"[[[[[[[[[[1]]]]]]]]]]", "the message nests deeper than 8 levels"},
    };
    for (const auto& [body, expected] : malformed) {
        auto result = client().Post("/api/v1/kiosk-report", authorised(token), body, "application/json");
        ASSERT_TRUE(result);
        EXPECT_EQ(result->status, 400) << body;
        auto error = decode_error_reply(result->body);
        ASSERT_TRUE(error.has_value()) << result->body;
        EXPECT_EQ(error->error, expected);
    }
    auto oversized = health_report("kiosk-1");
    oversized.version = std::string(kiosk_report_maximum_bytes, '1');
    auto result =
        client().Post("/api/v1/kiosk-report", authorised(token), encode(oversized), "application/json");
    ASSERT_TRUE(result);
    EXPECT_EQ(result->status, 413) << result->body;
    auto error = decode_error_reply(result->body);
    ASSERT_TRUE(error.has_value()) << result->body;
    EXPECT_FALSE(error->error.empty());
    auto kiosks = store->kiosk_health();
    ASSERT_TRUE(kiosks.has_value());
    EXPECT_TRUE(kiosks->empty());
}

TEST_F(HubServerTest, TheDashboardListsTheKiosksWithTheirAlerts) {
    HubServerSettings settings;
    settings.dashboard = true;
    settings.kiosk_alerts.labels_low = 30;
    auto dashboard_server = HubServer::start(*store, settings);
    ASSERT_TRUE(dashboard_server.has_value()) << dashboard_server.error().message;
    ASSERT_TRUE(store->record_kiosk_report(health_report("kiosk-1")).has_value());
    auto ready = health_report("kiosk-2");
    ready.printer = PrinterCondition::ready;
    ready.printer_problems.clear();
    ready.labels_left = 25;
    ASSERT_TRUE(store->record_kiosk_report(ready).has_value());
    auto dashboard_token = store->issue_token(TokenRequest{"screen", TokenRole::dashboard, std::nullopt});
    ASSERT_TRUE(dashboard_token.has_value());

    httplib::Client browser("127.0.0.1", (*dashboard_server)->port());
    auto result = browser.Get("/api/v1/kiosks", authorised(*dashboard_token));
    ASSERT_TRUE(result);
    ASSERT_EQ(result->status, 200) << result->body;
    EXPECT_EQ(result->get_header_value("Cache-Control"), "no-store");
    const auto json = nlohmann::json::parse(result->body);
    ASSERT_EQ(json["kiosks"].size(), 2U);
    EXPECT_EQ(json["kiosks"][0]["kiosk"], "kiosk-1");
    EXPECT_EQ(json["kiosks"][0]["printer"], "problem");
    EXPECT_EQ(json["kiosks"][1]["labels_left"], 25);
    EXPECT_EQ(json["labels_low"], 30);
    std::vector<std::string> alerts;
    for (const auto& alert : json["alerts"]) {
        alerts.push_back(alert["kiosk"].get<std::string>() + " " + alert["kind"].get<std::string>());
    }
    EXPECT_EQ(alerts, (std::vector<std::string>{"kiosk-1 printer", "kiosk-1 labels", "kiosk-2 labels"}));

    auto kiosk = browser.Get("/api/v1/kiosks", authorised(token));
    ASSERT_TRUE(kiosk);
    EXPECT_EQ(kiosk->status, 403) << "a kiosk's token may not read the other kiosks' health";
    auto nobody = browser.Get("/api/v1/kiosks");
    ASSERT_TRUE(nobody);
    EXPECT_EQ(nobody->status, 401);
    (*dashboard_server)->stop();
}

TEST(HubServerSettingsDefaults, LeaveRoomForAVenuesKiosksAndCloseSilentConnections) {
    const HubServerSettings settings;
    EXPECT_GE(settings.connection_limit, 500U);
    EXPECT_GE(settings.per_address_limit, 16U);
    EXPECT_LE(settings.per_address_limit, 128U);
    EXPECT_LE(settings.timeout, std::chrono::seconds(30));
    EXPECT_GE(settings.rate_limit.burst, 100.0);
}

// ---- Limits held before the body is read --------------------------------------------------------------

// A header block announcing 30 MB and no body behind it: the hub answers from the headers alone. Had it
// waited for the body, no answer would come before the deadline.
TEST_F(HubServerTest, ARequestWithoutAValidTokenIsAnsweredBeforeItsBody) {
    for (const std::string& authorization :
         {std::string(), "Authorization: Bearer " + std::string(64, 'a') + "\r\n"}) {
        auto connection = test::connect_loopback(server->port());
        ASSERT_TRUE(connection.valid());
        ASSERT_TRUE(test::send_all(connection.get(), "POST /api/v1/events HTTP/1.1\r\nHost: hub\r\n" +
                                                         authorization +
                                                         "Content-Type: application/json\r\n"
                                                         "Content-Length: 31457280\r\n\r\n"));
        const auto reply = test::read_reply(connection.get(), std::chrono::seconds(10));
        EXPECT_EQ(reply.status, 401) << reply.head;
        auto error = decode_error_reply(reply.body);
        ASSERT_TRUE(error.has_value()) << reply.body;
    }
}

TEST_F(HubServerTest, ABodyAnnouncedAboveTheRoutesLimitIsRefusedAt413WithoutReadingIt) {
    auto connection = test::connect_loopback(server->port());
    ASSERT_TRUE(connection.valid());
    ASSERT_TRUE(test::send_all(connection.get(), fmt::format("POST /api/v1/events HTTP/1.1\r\nHost: hub\r\n"
                                                             "Authorization: Bearer {}\r\n"
                                                             "Content-Length: {}\r\n\r\n",
                                                             token, push_body_maximum_bytes + 1)));
    const auto reply = test::read_reply(connection.get(), std::chrono::seconds(10));
    EXPECT_EQ(reply.status, 413) << reply.head;
    auto error = decode_error_reply(reply.body);
    ASSERT_TRUE(error.has_value()) << reply.body;
    EXPECT_NE(error->error.find("takes at most"), std::string::npos) << error->error;

    // A GET takes no body at all.
    auto with_body = client().Post("/api/v1/stats", authorised(token), "{}", "application/json");
    ASSERT_TRUE(with_body);
    EXPECT_EQ(with_body->status, 405);
}

// Without a Content-Length the hub counts the chunks as they come and closes the connection the moment
// they pass the limit (libmicrohttpd cannot answer while a body arrives); the log says 413.
TEST_F(HubServerTest, AChunkedBodyPastTheLimitEndsTheConnection) {
    auto connection = test::connect_loopback(server->port());
    ASSERT_TRUE(connection.valid());
    ASSERT_TRUE(test::send_all(connection.get(), fmt::format("POST /api/v1/events HTTP/1.1\r\nHost: hub\r\n"
                                                             "Authorization: Bearer {}\r\n"
                                                             "Transfer-Encoding: chunked\r\n\r\n",
                                                             token)));
    const std::string chunk = fmt::format("{:x}\r\n{}\r\n", 1U << 20, std::string(1U << 20, ' '));
    std::size_t sent = 0;
    bool refused = false;
    // Up to twice the limit; the hub closes after the limit, so sending fails or the reply is the end.
    while (sent < 2 * push_body_maximum_bytes) {
        if (!test::send_all(connection.get(), chunk)) {
            refused = true;
            break;
        }
        sent += 1U << 20;
    }
    const auto reply = test::read_reply(connection.get(), std::chrono::seconds(10));
    EXPECT_TRUE(refused || reply.closed) << "the hub read " << sent << " bytes of a body past its limit";
    EXPECT_EQ(reply.status, 0) << reply.head;
    server->stop();
    std::lock_guard lock(log_mutex);
    ASSERT_EQ(log.size(), 1U);
    EXPECT_EQ(log[0].status, 413);
    EXPECT_EQ(log[0].kiosk, "kiosk-1");
    EXPECT_NE(log[0].problem.find("closed"), std::string::npos) << log[0].problem;
}

// Bodies being received share one budget: large uploads with valid tokens cannot add up to the machine's
// memory. The second upload is refused from its headers while the first one holds the budget.
TEST_F(HubServerTest, BodiesBeyondTheServersBodyMemoryAreAnswered503) {
    HubServerSettings settings;
    settings.body_memory_limit = 1024U * 1024U;
    auto started = HubServer::start(*store, settings);
    ASSERT_TRUE(started.has_value()) << started.error().message;
    const auto head = fmt::format("POST /api/v1/events HTTP/1.1\r\nHost: hub\r\nAuthorization: Bearer {}\r\n"
                                  "Content-Length: {}\r\n\r\n",
                                  token, 800U * 1024U);
    // "Expect: 100-continue": the hub says "100 Continue" once it has admitted the headers, so the first
    // upload holds its share of the budget before the second one asks.
    auto first = test::connect_loopback((*started)->port());
    ASSERT_TRUE(first.valid());
    const auto expecting = head.substr(0, head.size() - 2) + "Expect: 100-continue\r\n\r\n";
    ASSERT_TRUE(test::send_all(first.get(), expecting));
    const auto interim = test::read_head(first.get(), std::chrono::seconds(10));
    ASSERT_TRUE(interim.starts_with("HTTP/1.1 100")) << interim;
    ASSERT_TRUE(test::send_all(first.get(), "{"));

    auto second = test::connect_loopback((*started)->port());
    ASSERT_TRUE(second.valid());
    ASSERT_TRUE(test::send_all(second.get(), head));
    const auto refused = test::read_reply(second.get(), std::chrono::seconds(10));
    EXPECT_EQ(refused.status, 503) << refused.head;
    EXPECT_NE(refused.head.find("Retry-After: 1"), std::string::npos) << refused.head;
    auto error = decode_error_reply(refused.body);
    ASSERT_TRUE(error.has_value()) << refused.body;
    EXPECT_EQ(error->error, "the hub is receiving too much at once; try again shortly");
    first = base::FileDescriptor(); // the first upload gives up; its budget returns
    (*started)->stop();
}

// A connection that stops sending (an idle kiosk's, or a stalled request's) is closed after the timeout, so
// it gives its place back.
TEST_F(HubServerTest, ASilentConnectionIsClosedAfterTheTimeout) {
    HubServerSettings settings;
    settings.timeout = std::chrono::seconds(1);
    auto started = HubServer::start(*store, settings);
    ASSERT_TRUE(started.has_value()) << started.error().message;
    for (const std::string sent : {"", "GET /api/v1/health HTTP/1.1\r\nHo"}) {
        auto connection = test::connect_loopback((*started)->port());
        ASSERT_TRUE(connection.valid());
        ASSERT_TRUE(test::send_all(connection.get(), sent));
        const auto reply = test::read_reply(connection.get(), std::chrono::seconds(20));
        EXPECT_TRUE(reply.closed) << "a connection that sent \"" << sent << "\" was still open after 20 s";
        EXPECT_EQ(reply.status, 0) << reply.head;
    }
    (*started)->stop();
}

// One address may hold only so many connections; the next is closed at once, and other addresses are
// served as before.
TEST_F(HubServerTest, OneAddressCannotTakeEveryConnection) {
    HubServerSettings settings;
    settings.per_address_limit = 2;
    auto started = HubServer::start(*store, settings);
    ASSERT_TRUE(started.has_value()) << started.error().message;
    const int port = (*started)->port();
    const std::string request =
        fmt::format("GET /api/v1/health HTTP/1.1\r\nHost: hub\r\nAuthorization: Bearer {}\r\n\r\n", token);
    std::vector<base::FileDescriptor> held;
    for (int index = 0; index < 2; ++index) {
        held.push_back(test::connect_loopback(port, "127.0.0.3"));
        ASSERT_TRUE(held.back().valid());
        ASSERT_TRUE(test::send_all(held.back().get(), request));
        EXPECT_EQ(test::read_reply(held.back().get(), std::chrono::seconds(10)).status, 200); // kept alive
    }
    auto third = test::connect_loopback(port, "127.0.0.3");
    ASSERT_TRUE(third.valid()); // the kernel accepts; the hub closes it
    test::send_all(third.get(), request);
    const auto refused = test::read_reply(third.get(), std::chrono::seconds(10));
    EXPECT_TRUE(refused.closed);
    EXPECT_EQ(refused.status, 0) << refused.head;

    auto elsewhere = test::connect_loopback(port, "127.0.0.4");
    ASSERT_TRUE(elsewhere.valid());
    ASSERT_TRUE(test::send_all(elsewhere.get(), request));
    EXPECT_EQ(test::read_reply(elsewhere.get(), std::chrono::seconds(10)).status, 200);
    held.clear();
    (*started)->stop();
}

TEST_F(HubServerTest, TooManyHeaderLinesAreRefused) {
    std::string request =
        fmt::format("GET /api/v1/health HTTP/1.1\r\nHost: hub\r\nAuthorization: Bearer {}\r\n", token);
    for (int index = 0; index < 100; ++index) {
        request += fmt::format("X-Filler-{}: {}\r\n", index, index);
    }
    request += "\r\n";
    auto connection = test::connect_loopback(server->port());
    ASSERT_TRUE(connection.valid());
    ASSERT_TRUE(test::send_all(connection.get(), request));
    const auto reply = test::read_reply(connection.get(), std::chrono::seconds(10));
    EXPECT_EQ(reply.status, 431) << reply.head;
    EXPECT_TRUE(decode_error_reply(reply.body).has_value()) << reply.body;
}

TEST_F(HubServerTest, AnswersCarryTheSecurityHeadersAndTheApiIsNeverStored) {
    auto answer = client().Get("/api/v1/roster", authorised(token));
    ASSERT_TRUE(answer);
    EXPECT_EQ(answer->status, 200);
    EXPECT_EQ(answer->get_header_value("Cache-Control"), "no-store");
    EXPECT_EQ(answer->get_header_value("X-Frame-Options"), "DENY");
    EXPECT_EQ(answer->get_header_value("X-Content-Type-Options"), "nosniff");
    const auto policy = answer->get_header_value("Content-Security-Policy");
    EXPECT_NE(policy.find("default-src 'self'"), std::string::npos) << policy;
    EXPECT_NE(policy.find("frame-ancestors 'none'"), std::string::npos) << policy;
    EXPECT_EQ(policy.find("unsafe-inline"), std::string::npos) << policy;
}

TEST_F(HubServerTest, PlainHttpIsRefusedOnAnAddressThatIsNotLoopback) {
    for (const std::string host : {"0.0.0.0", "192.0.2.1", "::"}) {
        HubServerSettings settings;
        settings.host = host;
        auto refused = HubServer::start(*store, settings);
        ASSERT_FALSE(refused.has_value()) << host;
        EXPECT_EQ(refused.error().kind, ErrorKind::refused);
        EXPECT_NE(refused.error().message.find("kiosk-hub cert new"), std::string::npos)
            << refused.error().message;
    }
    EXPECT_TRUE(http::is_loopback_host("127.0.0.1"));
    EXPECT_TRUE(http::is_loopback_host("127.4.5.6"));
    EXPECT_TRUE(http::is_loopback_host("::1"));
    EXPECT_TRUE(http::is_loopback_host("localhost"));
    EXPECT_FALSE(http::is_loopback_host("128.0.0.1"));
    EXPECT_FALSE(http::is_loopback_host("hub.local"));
}

TEST_F(HubServerTest, ATokenOverItsRateIsAnswered429WithRetryAfter) {
    HubServerSettings settings;
    settings.rate_limit = {.per_second = 0.5, .burst = 3};
    auto started = HubServer::start(*store, settings);
    ASSERT_TRUE(started.has_value()) << started.error().message;
    httplib::Client limited("127.0.0.1", (*started)->port());
    for (int index = 0; index < 3; ++index) {
        auto answer = limited.Get("/api/v1/health", authorised(token));
        ASSERT_TRUE(answer);
        EXPECT_EQ(answer->status, 200) << index;
    }
    auto refused = limited.Get("/api/v1/health", authorised(token));
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->status, 429);
    EXPECT_EQ(refused->get_header_value("Retry-After"), "2");
    EXPECT_TRUE(decode_error_reply(refused->body).has_value()) << refused->body;
    // Another token has its own bucket.
    auto other = limited.Get("/api/v1/health", authorised(second_token));
    ASSERT_TRUE(other);
    EXPECT_EQ(other->status, 200);
    (*started)->stop();
}

// A store that fails the way SQLite does, with words an attacker must not read.
class FailingStore final : public HubStore {
public:
    Result<ImportSummary> import_event_roster(std::int64_t, const std::vector<RosterEntry>&,
                                              const std::optional<Event>&, const ProgressCallback&) override {
        return fail(failure());
    }
    Result<HubEvent> create_event(const EventRequest&) override { return fail(failure()); }
    Result<std::vector<HubEvent>> list_events() override { return fail(failure()); }
    Result<std::string> create_token(std::string_view) override { return fail(failure()); }
    Result<std::string> issue_token(const TokenRequest&) override { return fail(failure()); }
    Result<std::vector<TokenListing>> list_tokens() override { return fail(failure()); }
    Result<std::size_t> revoke_tokens(std::string_view) override { return fail(failure()); }
    Result<std::optional<TokenHolder>> token_holder(std::string_view token) override {
        if (token == "dashboard-token") {
            return TokenHolder{"reception", TokenRole::dashboard};
        }
        return TokenHolder{"kiosk-1", TokenRole::kiosk};
    }
    Result<HealthReply> health(std::string_view) override { return fail(failure()); }
    Result<RosterPage> roster_since(std::int64_t, const RosterCursor&, std::size_t) override {
        return fail(failure());
    }
    Result<PushReply> push(std::int64_t, const PushRequest&) override { return fail(failure()); }
    Result<EventsPage> events_since(std::int64_t, std::int64_t, std::size_t) override {
        return fail(failure());
    }
    Result<HubStatistics> statistics(std::int64_t) override { return fail(failure()); }
    Result<PurgeSummary> purge(std::int64_t, const PurgeRequest&) override { return fail(failure()); }
    Result<std::vector<AnonymousCount>> anonymous_counts(std::int64_t) override { return fail(failure()); }
    Result<void> save_tls_identity(const TlsIdentity&) override { return fail(failure()); }
    Result<std::optional<TlsIdentity>> tls_identity() override { return fail(failure()); }
    Result<std::string> create_enrolment(std::int64_t, std::string_view, std::int64_t) override {
        return fail(failure());
    }
    Result<EnrolReply> redeem_enrolment(std::string_view, std::int64_t) override { return fail(failure()); }
    Result<CodeLists> code_lists() override { return fail(failure()); }
    Result<bool> add_code_key(const std::string&) override { return fail(failure()); }
    Result<bool> remove_code_key(const std::string&) override { return fail(failure()); }
    Result<std::size_t> revoke_serials(const std::vector<std::string>&) override { return fail(failure()); }
    Result<std::int64_t> record_kiosk_report(std::int64_t, const KioskReport&) override {
        return fail(failure());
    }
    Result<std::vector<KioskHealth>> kiosk_health() override { return fail(failure()); }

private:
    static Error failure() {
        return Error::storage("cannot read hub_sequence: SQL logic error near \"SELECT sequence FROM\"");
    }
};

TEST(HubServerFailures, A500NamesNoSqlAndTheLogKeepsTheDetail) {
    FailingStore store;
    std::mutex mutex;
    std::vector<RequestLogEntry> entries;
    HubServerSettings settings;
    settings.request_log = [&](const RequestLogEntry& entry) {
        std::lock_guard lock(mutex);
        entries.push_back(entry);
    };
    auto started = HubServer::start(store, settings);
    ASSERT_TRUE(started.has_value()) << started.error().message;
    httplib::Client client("127.0.0.1", (*started)->port());
    auto answer = client.Get("/api/v1/health", {{"Authorization", "Bearer kiosk-token"}});
    ASSERT_TRUE(answer);
    EXPECT_EQ(answer->status, 500);
    auto error = decode_error_reply(answer->body);
    ASSERT_TRUE(error.has_value()) << answer->body;
    EXPECT_EQ(error->error, "the hub failed; see its log");
    EXPECT_EQ(answer->body.find("SQL"), std::string::npos) << answer->body;

    // Roles: a dashboard's token reads the statistics (here failing too) but never syncs.
    auto statistics = client.Get("/api/v1/stats", {{"Authorization", "Bearer dashboard-token"}});
    ASSERT_TRUE(statistics);
    EXPECT_EQ(statistics->status, 500);
    auto roster = client.Get("/api/v1/roster", {{"Authorization", "Bearer dashboard-token"}});
    ASSERT_TRUE(roster);
    EXPECT_EQ(roster->status, 403);
    EXPECT_EQ(decode_error_reply(roster->body).value_or(ErrorReply{}).error,
              "a dashboard token may not use GET /api/v1/roster");

    (*started)->stop();
    std::lock_guard lock(mutex);
    ASSERT_EQ(entries.size(), 3U);
    // Lines are written as each connection finishes, so not necessarily in the order of the requests.
    for (const auto& entry : entries) {
        if (entry.path == "/api/v1/health") {
            EXPECT_EQ(entry.status, 500);
            EXPECT_NE(entry.problem.find("SQL logic error"), std::string::npos) << entry.problem;
        } else if (entry.path == "/api/v1/roster") {
            EXPECT_EQ(entry.status, 403);
            EXPECT_EQ(entry.problem, "");
        }
    }
}

} // namespace
} // namespace checkin::sync
