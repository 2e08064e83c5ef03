// What only the PostgreSQL store has: several connections and several hub instances writing at once.
// Concurrent pushers never make a reader of "events since N" skip an event (every sequence arrives once,
// in order, with no gap), hubs opening one database together migrate it once, a database from a newer
// hub is refused, and the factory picks the store a location names.

#include "sync/hub/hub_store_factory.hpp"
#include "sync/hub/postgresql_hub_store.hpp"
#include "tests/sync/hub/hub_store_fixture.hpp"

#include <atomic>
#include <barrier>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <set>
#include <thread>

namespace checkin::sync {
namespace {

using namespace hub_store_fixture;

class PostgresqlHubStoreTest : public testing::Test {
protected:
    void SetUp() override {
        auto location = fresh_postgresql_database();
        ASSERT_TRUE(location.has_value()) << location.error();
        uri = *location;
    }

    std::unique_ptr<HubStore> open() {
        auto opened = open_postgresql_hub_store(uri);
        EXPECT_TRUE(opened.has_value())
            << (opened ? "" : opened.error().message + ": " + opened.error().detail);
        return opened ? std::move(*opened) : nullptr;
    }

    std::string uri;
};

TEST_F(PostgresqlHubStoreTest, AReaderFollowingConcurrentPushersSeesEveryEventOnceAndNoSequenceSkipped) {
    auto importer = open();
    ASSERT_TRUE(importer);
    ASSERT_TRUE(importer->import_roster(fixture_entries(), serock_event()).has_value());
    const auto rows = fixture_rows();

    constexpr int pushers = 4;
    constexpr int per_pusher = 2000;
    constexpr int per_push = 25; // small pushes, so many transactions overlap with the reader
    constexpr std::int64_t total = pushers * per_pusher;
    // Each pusher is its own store (as if each were a hub instance), so they race on the database alone.
    std::vector<std::unique_ptr<HubStore>> stores;
    for (int pusher = 0; pusher < pushers; ++pusher) {
        stores.push_back(open());
        ASSERT_TRUE(stores.back());
    }
    auto reader_store = open();
    ASSERT_TRUE(reader_store);

    std::barrier start(pushers + 1);
    std::atomic<int> pushing = pushers;
    std::atomic<int> failures = 0;
    std::vector<std::thread> threads;
    for (int pusher = 0; pusher < pushers; ++pusher) {
        threads.emplace_back([&, pusher] {
            const std::string kiosk = fmt::format("kiosk-{}", pusher);
            start.arrive_and_wait();
            for (int first = 0; first < per_pusher; first += per_push) {
                std::vector<CheckinEvent> events;
                for (int index = first; index < first + per_push; ++index) {
                    const auto row = static_cast<std::size_t>((pusher * 7 + index) % 320);
                    events.push_back(event_for(rows[row].code, fmt::format("p{}-e{}", pusher, index), kiosk,
                                               first_day, EventKind::print));
                }
                auto reply = stores[static_cast<std::size_t>(pusher)]->push(PushRequest{kiosk, events, {}});
                if (!reply || reply->accepted != per_push) {
                    ++failures;
                }
            }
            --pushing;
        });
    }

    // The reader pulls from the last sequence it saw, as a kiosk does, while the pushers push.
    std::int64_t since = 0;
    std::set<std::string> received;
    int skipped_or_repeated = 0;
    int read_failures = 0;
    start.arrive_and_wait();
    while (true) {
        const bool pushers_done = pushing.load() == 0; // read before the page: then the page is final
        auto page = reader_store->events_since(since, 300);
        if (!page) {
            ++read_failures;
            break;
        }
        for (const auto& sequenced : page->events) {
            if (sequenced.sequence != since + 1) {
                ++skipped_or_repeated;
            }
            since = sequenced.sequence;
            if (!received.insert(sequenced.event.id).second) {
                ++skipped_or_repeated;
            }
        }
        if (pushers_done && !page->more) {
            break;
        }
    }
    for (auto& thread : threads) {
        thread.join();
    }
    EXPECT_EQ(failures, 0);
    EXPECT_EQ(read_failures, 0);
    EXPECT_EQ(skipped_or_repeated, 0);
    EXPECT_EQ(since, total);
    EXPECT_EQ(received.size(), static_cast<std::size_t>(total));
    auto statistics = reader_store->statistics();
    ASSERT_TRUE(statistics.has_value());
    EXPECT_EQ(statistics->events, static_cast<std::size_t>(total));
}

TEST_F(PostgresqlHubStoreTest, TheSameEventPushedByTwoHubsAtOnceIsStoredOnce) {
    auto first = open();
    auto second = open();
    ASSERT_TRUE(first && second);
    ASSERT_TRUE(first->import_roster(fixture_entries(), serock_event()).has_value());
    const auto rows = fixture_rows();
    std::vector<CheckinEvent> events;
    for (int index = 0; index < 200; ++index) {
        events.push_back(
            event_for(rows[static_cast<std::size_t>(index)].code, fmt::format("same-{}", index), "kiosk-1"));
    }
    // A kiosk that retried on another instance before the first answered: both pushes race.
    std::barrier start(2);
    std::array<Result<PushReply>, 2> replies;
    std::thread other([&] {
        start.arrive_and_wait();
        replies[1] = second->push(PushRequest{"kiosk-1", events, {}});
    });
    start.arrive_and_wait();
    replies[0] = first->push(PushRequest{"kiosk-1", events, {}});
    other.join();
    ASSERT_TRUE(replies[0].has_value() && replies[1].has_value());
    EXPECT_EQ(replies[0]->accepted + replies[1]->accepted, 200U);
    EXPECT_EQ(replies[0]->duplicates + replies[1]->duplicates, 200U);
    EXPECT_EQ(replies[0]->acknowledged.size(), 200U);
    EXPECT_EQ(replies[1]->acknowledged.size(), 200U);
    auto page = first->events_since(0, 500);
    ASSERT_TRUE(page.has_value());
    ASSERT_EQ(page->events.size(), 200U);
    EXPECT_EQ(page->events.back().sequence, 200);
    EXPECT_EQ(page->last_sequence, 200);
}

TEST_F(PostgresqlHubStoreTest, HubsOpeningOneDatabaseTogetherMigrateItOnce) {
    constexpr int hubs = 4;
    std::barrier start(hubs);
    std::atomic<int> opened = 0;
    std::vector<std::thread> threads;
    for (int hub = 0; hub < hubs; ++hub) {
        threads.emplace_back([&] {
            start.arrive_and_wait();
            if (open_postgresql_hub_store(uri).has_value()) {
                ++opened;
            }
        });
    }
    for (auto& thread : threads) {
        thread.join();
    }
    EXPECT_EQ(opened, hubs);
    EXPECT_EQ(raw_integer(postgresql_backend, uri, "SELECT COUNT(*) FROM schema_migrations"),
              postgresql_schema_version());
    EXPECT_EQ(raw_integer(postgresql_backend, uri, "SELECT MAX(version) FROM schema_migrations"),
              postgresql_schema_version());

    // Opening again changes nothing, and the data is there.
    auto store = open();
    ASSERT_TRUE(store);
    auto token = store->create_token("kiosk-1");
    ASSERT_TRUE(token.has_value());
    store = open();
    ASSERT_TRUE(store);
    EXPECT_EQ(store->token_holder(*token).value_or(std::nullopt),
              std::optional<TokenHolder>(TokenHolder{"kiosk-1", TokenRole::kiosk}));
    EXPECT_EQ(raw_integer(postgresql_backend, uri, "SELECT COUNT(*) FROM schema_migrations"),
              postgresql_schema_version());
}

TEST_F(PostgresqlHubStoreTest, ADatabaseAtTheFirstSchemaIsMigratedWithItsDataAndTheJournalBecomesAppendOnly) {
    {
        auto store = open();
        ASSERT_TRUE(store);
        ASSERT_TRUE(store->import_roster(fixture_entries(), serock_event()).has_value());
        auto pushed =
            store->push(PushRequest{"kiosk-1", {event_for(fixture_rows()[0].code, "old-1", "kiosk-1")}, {}});
        ASSERT_TRUE(pushed.has_value() && pushed->accepted == 1U);
    }
    // Back to what the first release made: migration 1 alone.
    auto connection = postgresql::Connection::open(uri);
    ASSERT_TRUE(connection.has_value());
    ASSERT_TRUE(connection
                    ->execute_script(
                        "ALTER TABLE hub_kiosk_reports DROP COLUMN event_id; "
                        "ALTER TABLE anonymous_counts DROP COLUMN event_id; "
                        "ALTER TABLE anonymous_counts ADD PRIMARY KEY (day, role, voivodeship, partnership); "
                        "ALTER TABLE delegates DROP COLUMN event_id; "
                        "ALTER TABLE hub_tokens DROP COLUMN event_id; ALTER TABLE "
                        "hub_enrolments DROP COLUMN event_id; "
                        "DROP TABLE events; "
                        "DROP TRIGGER checkin_events_are_never_changed ON checkin_events; "
                        "DROP TRIGGER checkin_events_are_never_truncated ON checkin_events; "
                        "DROP FUNCTION checkin_events_refuse_change(); "
                        "DROP TABLE hub_tls_identity; "
                        "DROP TABLE hub_enrolments; "
                        "DROP TABLE code_keys; DROP TABLE revoked_serials; "
                        "DROP TABLE hub_kiosk_reports; "
                        "DROP TABLE anonymous_counts; "
                        "DELETE FROM schema_migrations WHERE version > 1")
                    .has_value());
    ASSERT_TRUE(
        connection->execute("UPDATE checkin_events SET operator = 'changed' WHERE id = 'old-1'").has_value())
        << "the first schema let the journal be changed";

    auto store = open();
    ASSERT_TRUE(store);
    EXPECT_EQ(raw_integer(postgresql_backend, uri, "SELECT MAX(version) FROM schema_migrations"),
              postgresql_schema_version());
    auto page = store->events_since(0, 10);
    ASSERT_TRUE(page.has_value());
    ASSERT_EQ(page->events.size(), 1U);
    EXPECT_EQ(page->events[0].event.id, "old-1");
    auto next =
        store->push(PushRequest{"kiosk-1", {event_for(fixture_rows()[1].code, "new-1", "kiosk-1")}, {}});
    ASSERT_TRUE(next.has_value());
    EXPECT_EQ(next->accepted, 1U);

    auto changed = connection->execute("UPDATE checkin_events SET operator = 'again' WHERE id = 'old-1'");
    ASSERT_FALSE(changed.has_value());
    EXPECT_NE(changed.error().detail.find("check-in events are append-only"), std::string::npos)
        << changed.error().detail;
    EXPECT_FALSE(connection->execute("DELETE FROM checkin_events").has_value());
    EXPECT_FALSE(connection->execute("TRUNCATE checkin_events").has_value());
    EXPECT_EQ(raw_integer(postgresql_backend, uri, "SELECT COUNT(*) FROM checkin_events"), 2);
}

TEST_F(PostgresqlHubStoreTest, ADatabaseFromANewerHubIsRefusedWithASentence) {
    ASSERT_TRUE(open());
    auto connection = postgresql::Connection::open(uri);
    ASSERT_TRUE(connection.has_value());
    ASSERT_TRUE(connection
                    ->execute("INSERT INTO schema_migrations (version, applied_at_ms) VALUES ($1, 0)",
                              {std::to_string(postgresql_schema_version() + 1)})
                    .has_value());
    auto refused = open_postgresql_hub_store(uri);
    ASSERT_FALSE(refused.has_value());
    EXPECT_EQ(refused.error().kind, ErrorKind::storage);
    EXPECT_EQ(refused.error().message,
              fmt::format("this hub database has schema version {}, newer than this program knows ({}); "
                          "update the program",
                          postgresql_schema_version() + 1, postgresql_schema_version()));
}

TEST_F(PostgresqlHubStoreTest, AMissingDatabaseIsUnavailable) {
    auto server = shared_postgresql_server();
    ASSERT_TRUE(server.has_value());
    // The server's port with a database that does not exist: it answers, and refuses.
    auto missing = open_postgresql_hub_store((*server)->uri("no_such_database"));
    ASSERT_FALSE(missing.has_value());
    EXPECT_EQ(missing.error().kind, ErrorKind::unavailable);
}

TEST_F(PostgresqlHubStoreTest, TheFactoryOpensPostgresqlForItsUrisAndSqliteForAnythingElse) {
    EXPECT_TRUE(is_postgresql_location("postgresql://checkin@127.0.0.1:5432/hub"));
    EXPECT_TRUE(is_postgresql_location("postgres://hub.example/hub"));
    EXPECT_FALSE(is_postgresql_location("/var/lib/checkin/hub.db"));
    EXPECT_FALSE(is_postgresql_location("postgresql.db"));

    auto on_postgresql = open_hub_store(uri);
    ASSERT_TRUE(on_postgresql.has_value()) << on_postgresql.error().message;
    ASSERT_TRUE((*on_postgresql)->create_token("kiosk-1").has_value());
    EXPECT_EQ(raw_integer(postgresql_backend, uri, "SELECT COUNT(*) FROM hub_tokens"), 1);

    TempDir directory;
    const auto file = directory.file("hub.db");
    auto on_sqlite = open_hub_store(file.string());
    ASSERT_TRUE(on_sqlite.has_value()) << on_sqlite.error().message;
    ASSERT_TRUE((*on_sqlite)->create_token("kiosk-1").has_value());
    EXPECT_TRUE(std::filesystem::exists(file));
    EXPECT_EQ(raw_integer(sqlite_backend, file.string(), "SELECT COUNT(*) FROM hub_tokens"), 1);
}

// A database as migration 7 left it, with a roster, a token and a check-in: migration 8 makes its single
// event the first row, and the delegates, the token and the journal stay the first event's.
TEST_F(PostgresqlHubStoreTest, ADatabaseFromBeforeEventsBecomesItsFirstEventWithEverythingAttached) {
    std::string secret;
    {
        auto store = open();
        ASSERT_TRUE(store);
        ASSERT_TRUE(store->import_roster(fixture_entries(), serock_event()).has_value());
        ASSERT_TRUE(
            store->push(PushRequest{"kiosk-1", {event_for(fixture_rows()[0].code, "old-1", "kiosk-1")}, {}})
                .has_value());
        secret = store->create_token("kiosk-1").value_or("");
    }
    // Back to what migration 7 made: the event in the single-row table, no events, no event columns.
    auto connection = postgresql::Connection::open(uri);
    ASSERT_TRUE(connection.has_value());
    ASSERT_TRUE(connection
                    ->execute_script(
                        "ALTER TABLE hub_kiosk_reports DROP COLUMN event_id; "
                        "ALTER TABLE anonymous_counts DROP COLUMN event_id; "
                        "ALTER TABLE anonymous_counts ADD PRIMARY KEY (day, role, voivodeship, partnership); "
                        "ALTER TABLE delegates DROP COLUMN event_id; "
                        "ALTER TABLE hub_tokens DROP COLUMN event_id; ALTER TABLE hub_enrolments DROP "
                        "COLUMN event_id; "
                        "DROP TABLE events; "
                        "UPDATE event SET name = 'Kongres Serock 2026', days = '2026-11-29,2026-11-30'; "
                        "DELETE FROM schema_migrations WHERE version > 7")
                    .has_value());

    auto store = open();
    ASSERT_TRUE(store);
    EXPECT_EQ(raw_integer(postgresql_backend, uri, "SELECT MAX(version) FROM schema_migrations"),
              postgresql_schema_version());
    auto listed = store->list_events();
    ASSERT_TRUE(listed.has_value()) << listed.error().message;
    EXPECT_EQ(*listed, (std::vector<HubEvent>{HubEvent{first_event_id, std::string(first_event_slug),
                                                       serock_event().name, "", serock_event().days, ""}}));
    EXPECT_EQ(store->token_holder(secret).value(),
              (TokenHolder{"kiosk-1", TokenRole::kiosk, first_event_id}));
    auto page = store->roster_since(first_event_id, RosterCursor{0, ""}, roster_page_maximum);
    ASSERT_TRUE(page.has_value()) << page.error().message;
    EXPECT_EQ(page->event, serock_event());
    EXPECT_EQ(page->delegates.size(), fixture_size);
    auto journal = store->events_since(first_event_id, 0, 10);
    ASSERT_TRUE(journal.has_value());
    ASSERT_EQ(journal->events.size(), 1U);
    EXPECT_EQ(journal->events[0].event.id, "old-1");
    // A new event is numbered after the first (the identity was moved past the row the migration wrote).
    auto second =
        store->create_event(EventRequest{"serock-2027", "Kongres Serock 2027", "", {first_day}, ""});
    ASSERT_TRUE(second.has_value()) << second.error().message;
    EXPECT_EQ(second->id, 2);
}

} // namespace
} // namespace checkin::sync
