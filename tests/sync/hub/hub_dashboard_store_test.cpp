// The dashboard reads through the HubStore interface: the same roster and pushes on the SQLite store and on
// PostgreSQL (a server the test starts on loopback) give the same JSON and CSV over the dashboard's routes,
// and DashboardCache reads the store once per second however many requests come, on a clock the test moves.

#include "sync/hub/hub_dashboard.hpp"
#include "sync/hub/postgresql_hub_store.hpp"
#include "sync/roster/scan_code.hpp"
#include "tests/sync/hub/dashboard_fixture.hpp"
#include "tests/sync/hub/hub_store_fixture.hpp"

#include <atomic>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

namespace checkin::sync {
namespace {

using namespace hub_store_fixture;
using namespace dashboard_fixture;

constexpr std::string_view test_token = "dashboard-store-test-token";

// The same history on any store: the Serock roster, then three kiosks' pushes —
//   kiosk-1: the first 40 roster delegates checked in on the first day at 8:30, a walk-in (W-001) checked
//            in, and a reprint for the first delegate;
//   kiosk-2: the first delegate again under a lower-case code (a duplicate), the second delegate again
//            and an undo of that second check-in (no duplicate), all on the first day;
//   kiosk-3: the 41st delegate on the second day.
void fill(HubStore& store) {
    const auto entries = fixture_entries();
    auto imported = store.import_roster(entries, serock_event());
    ASSERT_TRUE(imported.has_value()) << imported.error().message;

    PushRequest first{"kiosk-1", {}, {walk_in("W-001", "Felicja")}};
    for (std::size_t index = 0; index < 40; ++index) {
        first.events.push_back(
            event_for(entries[index].delegate.code, fmt::format("k1-{}", index), "kiosk-1"));
    }
    first.events.push_back(event_for("W-001", "k1-walk-in", "kiosk-1"));
    auto reprint =
        event_for(entries[0].delegate.code, "k1-reprint", "kiosk-1", first_day, EventKind::reprint);
    reprint.at_milliseconds += 120'000;
    reprint.operator_name = "Ewa";
    reprint.reason = "zgnieciony";
    first.events.push_back(reprint);
    auto pushed = store.push(first);
    ASSERT_TRUE(pushed.has_value()) << pushed.error().message;
    ASSERT_EQ(pushed->accepted, 42U);

    PushRequest second{"kiosk-2", {}, {}};
    auto again = event_for(lowercase(entries[0].delegate.code), "k2-again", "kiosk-2");
    again.at_milliseconds += 60'000;
    second.events.push_back(again);
    const auto twice = event_for(entries[1].delegate.code, "k2-twice", "kiosk-2");
    second.events.push_back(twice);
    second.events.push_back(undo_of(twice, "k2-undo"));
    pushed = store.push(second);
    ASSERT_TRUE(pushed.has_value()) << pushed.error().message;
    ASSERT_EQ(pushed->accepted, 3U);

    PushRequest third{"kiosk-3", {event_for(entries[40].delegate.code, "k3-0", "kiosk-3", second_day)}, {}};
    pushed = store.push(third);
    ASSERT_TRUE(pushed.has_value()) << pushed.error().message;
    ASSERT_EQ(pushed->accepted, 1U);
}

httplib::Result get(int port, const std::string& path) {
    httplib::Client client("127.0.0.1", port);
    client.set_read_timeout(std::chrono::seconds(20));
    return client.Get(path, httplib::Headers{{"Authorization", fmt::format("Bearer {}", test_token)}});
}

TEST(DashboardThroughTheStore, PostgresqlGivesTheSameJsonAndCsvAsSqlite) {
    TempDir directory;
    auto sqlite = open_sqlite_hub_store(directory.file("hub.db"));
    ASSERT_TRUE(sqlite.has_value()) << sqlite.error().message;
    auto location = fresh_postgresql_database();
    ASSERT_TRUE(location.has_value()) << location.error();
    auto postgresql = open_postgresql_hub_store(*location);
    ASSERT_TRUE(postgresql.has_value()) << postgresql.error().message;
    ASSERT_NO_FATAL_FAILURE(fill(**sqlite));
    ASSERT_NO_FATAL_FAILURE(fill(**postgresql));

    DashboardServer on_sqlite(**sqlite, std::string(test_token));
    DashboardServer on_postgresql(**postgresql, std::string(test_token));
    ASSERT_GT(on_sqlite.port(), 0);
    ASSERT_GT(on_postgresql.port(), 0);

    for (const std::string path : {"/api/v1/dashboard?date=2026-11-29", "/api/v1/dashboard?date=2026-11-30",
                                   "/api/v1/export.csv?date=2026-11-29"}) {
        auto from_sqlite = get(on_sqlite.port(), path);
        auto from_postgresql = get(on_postgresql.port(), path);
        ASSERT_TRUE(from_sqlite && from_postgresql) << path;
        ASSERT_EQ(from_sqlite->status, 200) << from_sqlite->body;
        ASSERT_EQ(from_postgresql->status, 200) << from_postgresql->body;
        EXPECT_EQ(from_sqlite->body, from_postgresql->body) << path;
    }

    // And the numbers are the history's, not two equal wrong answers.
    auto answer = get(on_postgresql.port(), "/api/v1/dashboard?date=2026-11-29");
    ASSERT_TRUE(answer);
    const auto json = nlohmann::json::parse(answer->body);
    EXPECT_EQ(json["event"]["name"], "Kongres Serock 2026");
    EXPECT_EQ(json["totals"]["active"], fixture_size + 1); // the roster and the walk-in
    EXPECT_EQ(json["totals"]["walk_ins"], 1);
    // Of the 40, those admitted on the first day (no days, or the first day among theirs), and the walk-in.
    const auto entries = fixture_entries();
    const auto admitted_first_day =
        std::count_if(entries.begin(), entries.begin() + 40, [](const auto& entry) {
            const auto& days = entry.delegate.days;
            return days.empty() || std::find(days.begin(), days.end(), first_day) != days.end();
        });
    ASSERT_GT(admitted_first_day, 30); // the fixture is mostly two-day delegates
    EXPECT_EQ(json["totals"]["checked_in_today"], admitted_first_day + 1);
    EXPECT_EQ(json["totals"]["checked_in_any_day"], 42); // the 40, the walk-in and the one on the second day
    EXPECT_EQ(json["duplicates"]["count"], 1);
    EXPECT_EQ(json["duplicates"]["today"], 1);
    ASSERT_EQ(json["duplicates"]["delegates"].size(), 1U);
    EXPECT_EQ(json["duplicates"]["delegates"][0]["checkins"].size(), 2U);
    EXPECT_EQ(json["reprints"]["total"], 1);
    EXPECT_EQ(json["reprints"]["recent"][0]["reason"], "zgnieciony");
}

// A real SQLite store that counts the dashboard's reads of it.
class CountingStore : public HubStore {
public:
    explicit CountingStore(HubStore& store) : m_store(store) {}

    std::size_t roster_reads() const { return m_roster_reads; }
    std::size_t events_reads() const { return m_events_reads; }

    Result<ImportSummary> import_event_roster(std::int64_t event_id, const std::vector<RosterEntry>& entries,
                                              const std::optional<Event>& event_update,
                                              const ProgressCallback& progress) override {
        return m_store.import_event_roster(event_id, entries, event_update, progress);
    }
    Result<HubEvent> create_event(const EventRequest& request) override {
        return m_store.create_event(request);
    }
    Result<std::vector<HubEvent>> list_events() override { return m_store.list_events(); }
    Result<std::string> create_token(std::string_view kiosk) override { return m_store.create_token(kiosk); }
    Result<std::optional<TokenHolder>> token_holder(std::string_view token) override {
        return m_store.token_holder(token);
    }
    Result<std::string> issue_token(const TokenRequest& request) override {
        return m_store.issue_token(request);
    }
    Result<std::vector<TokenListing>> list_tokens() override { return m_store.list_tokens(); }
    Result<std::size_t> revoke_tokens(std::string_view kiosk) override {
        return m_store.revoke_tokens(kiosk);
    }
    Result<HealthReply> health(std::string_view kiosk) override { return m_store.health(kiosk); }
    Result<RosterPage> roster_since(std::int64_t event_id, const RosterCursor& cursor,
                                    std::size_t limit) override {
        ++m_roster_reads;
        return m_store.roster_since(event_id, cursor, limit);
    }
    Result<PushReply> push(std::int64_t event_id, const PushRequest& request) override {
        return m_store.push(event_id, request);
    }
    Result<EventsPage> events_since(std::int64_t event_id, std::int64_t sequence,
                                    std::size_t limit) override {
        ++m_events_reads;
        return m_store.events_since(event_id, sequence, limit);
    }
    using HubStore::events_since;
    using HubStore::push;
    using HubStore::roster_since;
    Result<HubStatistics> statistics(std::int64_t event_id) override { return m_store.statistics(event_id); }
    using HubStore::statistics;
    Result<void> save_tls_identity(const TlsIdentity& identity) override {
        return m_store.save_tls_identity(identity);
    }
    Result<std::optional<TlsIdentity>> tls_identity() override { return m_store.tls_identity(); }
    Result<std::string> create_enrolment(std::int64_t event_id, std::string_view kiosk,
                                         std::int64_t now) override {
        return m_store.create_enrolment(event_id, kiosk, now);
    }
    Result<EnrolReply> redeem_enrolment(std::string_view secret, std::int64_t now) override {
        return m_store.redeem_enrolment(secret, now);
    }
    Result<CodeLists> code_lists() override { return m_store.code_lists(); }
    Result<PurgeSummary> purge(std::int64_t event_id, const PurgeRequest& request) override {
        return m_store.purge(event_id, request);
    }
    Result<std::vector<AnonymousCount>> anonymous_counts(std::int64_t event_id) override {
        return m_store.anonymous_counts(event_id);
    }
    using HubStore::anonymous_counts;
    using HubStore::purge;
    Result<bool> add_code_key(const std::string& key) override { return m_store.add_code_key(key); }
    Result<bool> remove_code_key(const std::string& key) override { return m_store.remove_code_key(key); }
    Result<std::size_t> revoke_serials(const std::vector<std::string>& serials) override {
        return m_store.revoke_serials(serials);
    }
    Result<std::int64_t> record_kiosk_report(std::int64_t event_id, const KioskReport& report) override {
        return m_store.record_kiosk_report(event_id, report);
    }
    using HubStore::record_kiosk_report;
    Result<std::vector<KioskHealth>> kiosk_health() override { return m_store.kiosk_health(); }

private:
    HubStore& m_store;
    std::atomic<std::size_t> m_roster_reads = 0;
    std::atomic<std::size_t> m_events_reads = 0;
};

TEST(DashboardCache, ReadsTheStoreOncePerSecondAndThenOnlyWhatIsNew) {
    TempDir directory;
    auto sqlite = open_sqlite_hub_store(directory.file("hub.db"));
    ASSERT_TRUE(sqlite.has_value()) << sqlite.error().message;
    ASSERT_NO_FATAL_FAILURE(fill(**sqlite));
    CountingStore store(**sqlite);
    std::atomic<std::int64_t> now = 50'000;
    DashboardCache cache(store, [&now] { return now.load(); });

    auto first = cache.source();
    ASSERT_TRUE(first.has_value()) << first.error().message;
    EXPECT_EQ(store.roster_reads(), 1U);
    EXPECT_EQ(store.events_reads(), 1U);
    EXPECT_EQ((*first)->records.size(), fixture_size + 1);
    EXPECT_EQ((*first)->events.size(), 46U);

    // A kiosk pushes a check-in; within the second the dashboard still answers from its snapshot.
    const auto entries = fixture_entries();
    auto pushed =
        store.push(PushRequest{"kiosk-4", {event_for(entries[100].delegate.code, "k4-0", "kiosk-4")}, {}});
    ASSERT_TRUE(pushed.has_value()) << pushed.error().message;
    now = 50'000 + DashboardCache::freshness_milliseconds - 1;
    auto second = cache.source();
    ASSERT_TRUE(second.has_value()) << second.error().message;
    EXPECT_EQ(store.roster_reads(), 1U);
    EXPECT_EQ(store.events_reads(), 1U);
    EXPECT_EQ(second->get(), first->get());

    // A second on, it reads again: the new event and the delegate's attendance are there.
    now = 50'000 + DashboardCache::freshness_milliseconds;
    auto third = cache.source();
    ASSERT_TRUE(third.has_value()) << third.error().message;
    EXPECT_EQ(store.roster_reads(), 2U);
    EXPECT_EQ(store.events_reads(), 2U);
    ASSERT_EQ((*third)->events.size(), 47U);
    EXPECT_EQ((*third)->events.back().id, "k4-0");
    const auto& code = entries[100].delegate.code;
    const auto record = std::find_if((*third)->records.begin(), (*third)->records.end(),
                                     [&](const DelegateRecord& held) { return held.delegate.code == code; });
    ASSERT_NE(record, (*third)->records.end());
    ASSERT_EQ(record->attendance.size(), 1U);
    EXPECT_EQ(record->attendance[0].kiosk_id, "kiosk-4");
    EXPECT_EQ(record->attendance[0].day, first_day);
}

TEST(DashboardCache, ManyRequestsWithinTheSecondOverHttpReadTheStoreOnce) {
    TempDir directory;
    auto sqlite = open_sqlite_hub_store(directory.file("hub.db"));
    ASSERT_TRUE(sqlite.has_value()) << sqlite.error().message;
    ASSERT_NO_FATAL_FAILURE(fill(**sqlite));
    CountingStore store(**sqlite);
    DashboardServer server(store, std::string(test_token));
    ASSERT_GT(server.port(), 0);
    // Ten requests in well under a second (the default steady clock): one read of the store.
    for (int request = 0; request < 10; ++request) {
        auto answer = get(server.port(), "/api/v1/dashboard?date=2026-11-29");
        ASSERT_TRUE(answer);
        ASSERT_EQ(answer->status, 200) << answer->body;
    }
    EXPECT_LE(store.roster_reads(), 2U) << "one read per second, at most two if the requests straddled one";
}

TEST(DashboardAttendance, TheEarliestStandingCheckInOfEachDayAsTheMirrorCountsIt) {
    std::vector<CheckinEvent> events;
    auto late = event_for("A-1", "late", "kiosk-2");
    late.at_milliseconds += 60'000;
    events.push_back(late);
    auto early = event_for("a-1", "early", "kiosk-1"); // another case of the same code
    events.push_back(early);
    auto undone = event_for("A-1", "undone", "kiosk-3");
    undone.at_milliseconds -= 60'000;
    events.push_back(undone);
    events.push_back(undo_of(undone, "the-undo"));
    events.push_back(event_for("A-1", "next-day", "kiosk-1", second_day));
    events.push_back(event_for("B-2", "printed", "kiosk-1", first_day, EventKind::print));

    const auto attendance = attendance_from_journal(events);
    ASSERT_EQ(attendance.size(), 1U) << "a print is no arrival";
    const auto& days = attendance.at(code_comparison_key("A-1"));
    ASSERT_EQ(days.size(), 2U);
    EXPECT_EQ(days[0], (Attendance{first_day, early.at_milliseconds, "kiosk-1"}));
    EXPECT_EQ(days[1].day, second_day);
}

} // namespace
} // namespace checkin::sync
