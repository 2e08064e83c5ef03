// kiosk-hub with --store postgresql://…: every command the venue uses — import, token new/list/revoke,
// cert new/show, serve — on a PostgreSQL 15 server the test starts on loopback, and the served hub read
// over HTTPS with its pin as a kiosk reads it.

#include "sync/hub/hub_dashboard.hpp"
#include "sync/hub/postgresql.hpp"
#include "sync/hub/postgresql_hub_store.hpp"
#include "sync/protocol/hub_protocol.hpp"
#include "tests/sync/hub/hub_process.hpp"
#include "tests/sync/hub/hub_store_fixture.hpp"
#include "tests/sync/hub/pinned_https.hpp"
#include "tests/sync/hub/postgresql_server.hpp"
#include "tests/sync/mirror/mirror_fixture.hpp"

#include <algorithm>
#include <csignal>
#include <filesystem>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <thread>

namespace checkin::sync {
namespace {

using namespace mirror_fixture;
using namespace hub_process;

TEST(HubExecutableOnPostgresql, EveryCommandWorksOnAPostgresqlStore) {
    auto server = test::PostgresqlServer::start();
    ASSERT_TRUE(server.has_value()) << server.error();
    auto uri = (*server)->create_database("kiosk_hub_command_line");
    ASSERT_TRUE(uri.has_value()) << uri.error();
    TempDir directory;

    const auto imported =
        run_hub(directory, {"--store", *uri, "import", std::string(CHECKIN_TEST_DATA) + "/serock-roster.csv",
                            "--event-name", "Kongres Serock 2026", "--event-days", "2026-11-29,2026-11-30"});
    ASSERT_EQ(imported.exit_code, 0) << imported.errors;
    EXPECT_NE(imported.output.find("320 delegates — 320 added, 0 updated, 0 unchanged, 0 cancelled"),
              std::string::npos)
        << imported.output;
    // Imported again: the event as the store holds it, nothing changed.
    const auto again = run_hub(
        directory, {"--store", *uri, "import", std::string(CHECKIN_TEST_DATA) + "/serock-roster.csv"});
    ASSERT_EQ(again.exit_code, 0) << again.errors;
    EXPECT_NE(again.output.find("0 added, 0 updated, 320 unchanged"), std::string::npos) << again.output;

    const auto made = run_hub(directory, {"--store", *uri, "token", "new", "--kiosk", "kiosk-7"});
    ASSERT_EQ(made.exit_code, 0) << made.errors;
    const std::string token = made.output.substr(0, 64);
    const auto listed = run_hub(directory, {"--store", *uri, "token", "list"});
    ASSERT_EQ(listed.exit_code, 0) << listed.errors;
    EXPECT_NE(listed.output.find("kiosk-7  kiosk  event-1  created"), std::string::npos) << listed.output;
    EXPECT_EQ(listed.output.find(token), std::string::npos) << "token list must not show the secret";

    const auto certificate = run_hub(directory, {"--store", *uri, "cert", "new", "--host", "localhost"});
    ASSERT_EQ(certificate.exit_code, 0) << certificate.errors;
    const std::string pin = certificate.output.substr(0, certificate.output.size() - 1);
    EXPECT_EQ(run_hub(directory, {"--store", *uri, "cert", "show"}).output, certificate.output);

    const int port = free_port();
    const auto errors = directory.file("serve-stderr.txt");
    const pid_t serving = spawn_hub({"--store", *uri, "serve", "--listen", fmt::format("127.0.0.1:{}", port)},
                                    directory.file("serve-stdout.txt"), errors);
    ASSERT_GT(serving, 0);
    auto health = pinned_health(port, token, pin);
    for (int attempt = 0; attempt < 100 && health.code != CURLE_OK; ++attempt) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50)); // the process opens the store and binds
        health = pinned_health(port, token, pin);
    }
    ASSERT_EQ(health.code, CURLE_OK) << curl_easy_strerror(health.code) << "\n" << read_file(errors);
    EXPECT_EQ(health.status, 200) << health.body;
    auto reply = decode_health_reply(health.body);
    ASSERT_TRUE(reply.has_value()) << reply.error().message;
    EXPECT_EQ(reply->kiosk, "kiosk-7");
    EXPECT_EQ(reply->roster_version, 1);
    const auto roster = pinned_get(port, "/api/v1/roster?since=0&limit=5000", token, pin);
    ASSERT_EQ(roster.status, 200) << roster.body;
    auto page = decode_roster_page(roster.body);
    ASSERT_TRUE(page.has_value()) << page.error().message;
    EXPECT_EQ(page->delegates.size(), 320U);
    EXPECT_EQ(page->event.name, "Kongres Serock 2026");

    // Revoked on the command line while the hub serves: refused on the very next request.
    const auto revoked = run_hub(directory, {"--store", *uri, "token", "revoke", "kiosk-7"});
    ASSERT_EQ(revoked.exit_code, 0) << revoked.errors;
    EXPECT_EQ(pinned_health(port, token, pin).status, 401);

    ASSERT_EQ(::kill(serving, SIGTERM), 0);
    EXPECT_EQ(wait_for_exit(serving), 0);
    EXPECT_NE(read_file(errors).find("serving the PostgreSQL store"), std::string::npos) << read_file(errors);
}

// Every file's bytes under `folder`, but for the folders named in `skipped`.
std::string bytes_under(const std::filesystem::path& folder, const std::vector<std::string>& skipped) {
    std::string bytes;
    for (auto entry = std::filesystem::recursive_directory_iterator(folder);
         entry != std::filesystem::recursive_directory_iterator(); ++entry) {
        if (entry->is_directory() &&
            std::ranges::find(skipped, entry->path().filename().string()) != skipped.end()) {
            entry.disable_recursion_pending();
            continue;
        }
        if (entry->is_regular_file()) {
            bytes += read_file(entry->path());
        }
    }
    return bytes;
}

// `kiosk-hub --store postgresql://… purge`, as on the SQLite file: the roster, pushed check-ins and a
// walk-in go, the counts stay for the dashboard, and no code, e-mail or surname of the roster is left in any
// file of the cluster outside its write-ahead log (pg_wal, which PostgreSQL recycles and overwrites; its
// archive and replicas are the administrator's: README "After the event").
TEST(HubExecutableOnPostgresql, PurgeRemovesThePeopleFromTheDatabaseAndKeepsTheCounts) {
    auto server = test::PostgresqlServer::start();
    ASSERT_TRUE(server.has_value()) << server.error();
    auto uri = (*server)->create_database("kiosk_hub_purge");
    ASSERT_TRUE(uri.has_value()) << uri.error();
    TempDir directory;
    const auto imported =
        run_hub(directory, {"--store", *uri, "import", std::string(CHECKIN_TEST_DATA) + "/serock-roster.csv",
                            "--event-name", "Kongres Serock 2026", "--event-days", "2026-11-29,2026-11-30"});
    ASSERT_EQ(imported.exit_code, 0) << imported.errors;
    const auto rows = fixture_rows();
    {
        auto store = open_postgresql_hub_store(*uri);
        ASSERT_TRUE(store.has_value()) << store.error().message;
        auto pushed = (*store)->push(hub_store_fixture::purge_fixture_push(rows));
        ASSERT_TRUE(pushed.has_value()) << pushed.error().message;
    }
    // Short surnames ("Lis") are also parts of words in PostgreSQL's own catalogues.
    const auto needles = hub_store_fixture::purge_fixture_needles(rows, 5);
    EXPECT_GT(needles.size(), 900U);
    // The day's figures before, as the dashboard reads them.
    DashboardData before_purge;
    {
        auto store = open_postgresql_hub_store(*uri);
        ASSERT_TRUE(store.has_value()) << store.error().message;
        DashboardCache cache(**store);
        auto source = cache.source();
        ASSERT_TRUE(source.has_value()) << source.error().message;
        before_purge = compute_dashboard((*source)->records, (*source)->events, (*source)->event, first_day,
                                         [](std::int64_t) { return 0; });
    }
    EXPECT_GT(before_purge.totals.checked_in_today, 50U);
    // The test can fail: before the purge the cluster's files (written out by a checkpoint) hold the roster.
    {
        auto connection = postgresql::Connection::open(*uri);
        ASSERT_TRUE(connection.has_value()) << connection.error().message;
        ASSERT_TRUE(connection->execute("CHECKPOINT").has_value());
    }
    const std::string before = bytes_under((*server)->data_directory(), {"pg_wal"});
    EXPECT_NE(before.find("Wyczyszczalska"), std::string::npos);

    const auto purged = run_hub(directory, {"--store", *uri, "purge"});
    ASSERT_EQ(purged.exit_code, 0) << purged.errors;
    EXPECT_NE(purged.output.find(fmt::format("Purged {} delegates and {} journal events", rows.size() + 1,
                                             rows.size() / 4 + 1)),
              std::string::npos)
        << purged.output;

    auto store = open_postgresql_hub_store(*uri);
    ASSERT_TRUE(store.has_value()) << store.error().message;
    auto roster = (*store)->roster_since(RosterCursor{}, roster_page_maximum);
    ASSERT_TRUE(roster.has_value()) << roster.error().message;
    EXPECT_TRUE(roster->delegates.empty());
    auto journal = (*store)->events_since(0, events_page_maximum);
    ASSERT_TRUE(journal.has_value()) << journal.error().message;
    EXPECT_TRUE(journal->events.empty());
    auto kept = (*store)->anonymous_counts();
    ASSERT_TRUE(kept.has_value()) << kept.error().message;
    // The dashboard reads the same day from the kept counts.
    DashboardCache cache(**store);
    auto source = cache.source();
    ASSERT_TRUE(source.has_value()) << source.error().message;
    EXPECT_TRUE((*source)->records.empty());
    const DashboardData after_purge =
        compute_dashboard((*source)->records, (*source)->events, (*source)->event, first_day,
                          [](std::int64_t) { return 0; }, (*source)->kept);
    EXPECT_EQ(after_purge.totals.checked_in_today, before_purge.totals.checked_in_today);
    EXPECT_EQ(after_purge.totals.expected_today, before_purge.totals.expected_today);
    EXPECT_EQ(after_purge.by_partnership, before_purge.by_partnership);
    EXPECT_EQ(after_purge.by_voivodeship, before_purge.by_voivodeship);

    const std::string after = bytes_under((*server)->data_directory(), {"pg_wal"});
    std::size_t found = 0;
    for (const auto& needle : needles) {
        if (after.find(needle) != std::string::npos) {
            ADD_FAILURE() << needle << " is still in the cluster's files";
            if (++found > 10) {
                break;
            }
        }
    }
    // A second purge finds no one and keeps the counts.
    const auto again = run_hub(directory, {"--store", *uri, "purge"});
    ASSERT_EQ(again.exit_code, 0) << again.errors;
    EXPECT_NE(again.output.find("Purged 0 delegates and 0 journal events"), std::string::npos)
        << again.output;
}

TEST(HubExecutableOnPostgresql, DbAndStoreAreOneOrTheOther) {
    TempDir directory;
    const auto both = run_hub(directory, {"--db", directory.file("hub.db").string(), "--store",
                                          "postgresql://checkin@127.0.0.1:1/hub", "token", "list"});
    EXPECT_EQ(both.exit_code, 2) << both.errors;
    const auto neither = run_hub(directory, {"token", "list"});
    EXPECT_EQ(neither.exit_code, 2) << neither.errors;
    EXPECT_NE(neither.errors.find("--db FILE (SQLite) or --store"), std::string::npos) << neither.errors;
    const auto unreachable = run_hub(
        directory, {"--store", "postgresql://checkin@127.0.0.1:1/hub?connect_timeout=5", "token", "list"});
    EXPECT_EQ(unreachable.exit_code, 1) << unreachable.errors;
    EXPECT_NE(unreachable.errors.find("cannot connect to PostgreSQL at 127.0.0.1:1"), std::string::npos)
        << unreachable.errors;
}

} // namespace
} // namespace checkin::sync
