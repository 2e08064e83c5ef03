// kiosk-hub itself: import, token new, and serve on a free port until SIGTERM, run as a process.

#include "sync/hub/sqlite_hub_store.hpp"
#include "sync/mirror/purge_selection.hpp"
#include "sync/protocol/hub_protocol.hpp"
#include "tests/base/read_to_end.hpp"
#include "tests/sync/hub/hub_process.hpp"
#include "tests/sync/hub/hub_store_fixture.hpp"
#include "tests/sync/mirror/mirror_fixture.hpp"

#include <arpa/inet.h>
#include <csignal>
#include <cstdlib>
#include <fcntl.h>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <nlohmann/json.hpp>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

extern char** environ;

namespace checkin::sync {
namespace {

using namespace mirror_fixture;
using namespace hub_process;

TEST(HubExecutable, ImportsMakesATokenServesAndStopsOnSigterm) {
    TempDir directory;
    const std::string database = directory.file("hub.db").string();
    const std::string roster = std::string(CHECKIN_TEST_DATA) + "/serock-roster.csv";

    const auto imported =
        run_hub(directory, {"--db", database, "import", roster, "--event-name", "Kongres Serock 2026",
                            "--event-days", "2026-11-29,2026-11-30"});
    EXPECT_EQ(imported.exit_code, 0) << imported.errors;
    EXPECT_NE(imported.output.find("320 delegates — 320 added, 0 updated, 0 unchanged, 0 cancelled"),
              std::string::npos)
        << imported.output;

    const auto made = run_hub(directory, {"--db", database, "token", "new", "--kiosk", "kiosk-7"});
    ASSERT_EQ(made.exit_code, 0) << made.errors;
    ASSERT_EQ(made.output.size(), 65U) << made.output;
    ASSERT_EQ(made.output.back(), '\n');
    const std::string token = made.output.substr(0, 64);

    const int port = free_port();
    ASSERT_GT(port, 0);
    const auto errors = directory.file("serve-stderr.txt");
    const pid_t serving =
        spawn_hub({"--db", database, "serve", "--insecure", "--listen", fmt::format("127.0.0.1:{}", port)},
                  directory.file("serve-stdout.txt"), errors);
    ASSERT_GT(serving, 0);

    httplib::Client client("127.0.0.1", port);
    client.set_connection_timeout(std::chrono::seconds(1));
    // Asked until it answers: the process needs a moment to open the file and bind.
    auto ask_health = [&] {
        return client.Get("/api/v1/health", {{"Authorization", "Bearer " + token}});
    };
    auto answer = ask_health();
    for (int attempt = 0; attempt < 100 && !answer; ++attempt) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        answer = ask_health();
    }
    ASSERT_TRUE(answer) << "kiosk-hub did not answer on port " << port << ": " << read_file(errors);
    EXPECT_EQ(answer->status, 200) << answer->body;
    auto health = decode_health_reply(answer->body);
    ASSERT_TRUE(health.has_value()) << health.error().message;
    EXPECT_EQ(health->kiosk, "kiosk-7");
    EXPECT_EQ(health->roster_version, 1);

    auto refused = client.Get("/api/v1/health");
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->status, 401);

    // The organisers' dashboard is served by the same process; its numbers need a dashboard's or an
    // organiser's token, not a kiosk's.
    auto page = client.Get("/signin"); // "/" sends a browser without a session here
    ASSERT_TRUE(page);
    EXPECT_EQ(page->status, 200);
    EXPECT_NE(page->body.find("<html"), std::string::npos);
    EXPECT_EQ(page->get_header_value("X-Frame-Options"), "DENY");
    auto dashboard = client.Get("/api/v1/dashboard", {{"Authorization", "Bearer " + token}});
    ASSERT_TRUE(dashboard);
    EXPECT_EQ(dashboard->status, 403) << dashboard->body;
    auto dashboard_refused = client.Get("/api/v1/dashboard");
    ASSERT_TRUE(dashboard_refused);
    EXPECT_EQ(dashboard_refused->status, 401);

    ASSERT_EQ(::kill(serving, SIGTERM), 0);
    EXPECT_EQ(wait_for_exit(serving), 0);
    const auto log = read_file(errors);
    EXPECT_NE(log.find("GET /api/v1/health 200 "), std::string::npos) << log;
    EXPECT_NE(log.find("ms kiosk-7\n"), std::string::npos) << log;
    EXPECT_NE(log.find("GET /api/v1/health 401 "), std::string::npos) << log;
}

// kiosk-hub serve --labels-low: a kiosk reports its health over HTTP, and the dashboard's kiosk list
// raises the labels alert by the threshold given on the command line.
TEST(HubExecutable, ServeTakesTheLabelsThresholdForTheKioskAlerts) {
    TempDir directory;
    const std::string database = directory.file("hub.db").string();
    const auto kiosk_token = run_hub(directory, {"--db", database, "token", "new", "--kiosk", "kiosk-7"});
    ASSERT_EQ(kiosk_token.exit_code, 0) << kiosk_token.errors;
    const auto dashboard_token =
        run_hub(directory, {"--db", database, "token", "new", "--kiosk", "screen", "--role", "dashboard"});
    ASSERT_EQ(dashboard_token.exit_code, 0) << dashboard_token.errors;
    const std::string kiosk = kiosk_token.output.substr(0, 64);
    const std::string dashboard = dashboard_token.output.substr(0, 64);

    const int port = free_port();
    ASSERT_GT(port, 0);
    const auto errors = directory.file("serve-stderr.txt");
    const pid_t serving = spawn_hub({"--db", database, "serve", "--insecure", "--listen",
                                     fmt::format("127.0.0.1:{}", port), "--labels-low", "50"},
                                    directory.file("serve-stdout.txt"), errors);
    ASSERT_GT(serving, 0);
    httplib::Client client("127.0.0.1", port);
    client.set_connection_timeout(std::chrono::seconds(1));
    KioskReport report;
    report.kiosk = "kiosk-7";
    report.version = "0.1.0";
    report.printer = PrinterCondition::ready;
    report.labels_left = 40;
    auto post = [&] {
        return client.Post("/api/v1/kiosk-report", {{"Authorization", "Bearer " + kiosk}}, encode(report),
                           "application/json");
    };
    auto posted = post();
    for (int attempt = 0; attempt < 100 && !posted; ++attempt) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        posted = post();
    }
    ASSERT_TRUE(posted) << "kiosk-hub did not answer on port " << port << ": " << read_file(errors);
    EXPECT_EQ(posted->status, 200) << posted->body;

    auto kiosks = client.Get("/api/v1/kiosks", {{"Authorization", "Bearer " + dashboard}});
    ASSERT_TRUE(kiosks);
    ASSERT_EQ(kiosks->status, 200) << kiosks->body;
    const auto json = nlohmann::json::parse(kiosks->body);
    EXPECT_EQ(json["labels_low"], 50);
    ASSERT_EQ(json["alerts"].size(), 1U) << kiosks->body;
    EXPECT_EQ(json["alerts"][0]["kind"], "labels");
    EXPECT_EQ(json["alerts"][0]["message"],
              "kiosk-7: zostało 40 etykiet (labels running low: 40 left, alert below 50)");

    ASSERT_EQ(::kill(serving, SIGTERM), 0);
    EXPECT_EQ(wait_for_exit(serving), 0);
    const auto log = read_file(errors);
    EXPECT_NE(log.find("POST /api/v1/kiosk-report 200 "), std::string::npos) << log;
}

// kiosk-hub serve --requests-per-second: one token's requests beyond the rate and its four-second burst
// are answered 429 with the seconds to wait, and another token is not held back by them.
TEST(HubExecutable, ServeTakesTheRequestRateOfOneToken) {
    TempDir directory;
    const std::string database = directory.file("hub.db").string();
    const auto first = run_hub(directory, {"--db", database, "token", "new", "--kiosk", "kiosk-1"});
    ASSERT_EQ(first.exit_code, 0) << first.errors;
    const auto second = run_hub(directory, {"--db", database, "token", "new", "--kiosk", "kiosk-2"});
    ASSERT_EQ(second.exit_code, 0) << second.errors;
    const std::string busy_token = first.output.substr(0, 64);
    const std::string other_token = second.output.substr(0, 64);

    const int port = free_port();
    ASSERT_GT(port, 0);
    const auto errors = directory.file("serve-stderr.txt");
    const pid_t serving = spawn_hub({"--db", database, "serve", "--insecure", "--listen",
                                     fmt::format("127.0.0.1:{}", port), "--requests-per-second", "1"},
                                    directory.file("serve-stdout.txt"), errors);
    ASSERT_GT(serving, 0);
    httplib::Client client("127.0.0.1", port);
    client.set_connection_timeout(std::chrono::seconds(1));
    auto ask = [&](const std::string& token) {
        return client.Get("/api/v1/health", {{"Authorization", "Bearer " + token}});
    };
    // Waiting for the process with the other token, so the busy one's bucket is full when the count starts.
    auto answer = ask(other_token);
    for (int attempt = 0; attempt < 100 && !answer; ++attempt) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        answer = ask(other_token);
    }
    ASSERT_TRUE(answer) << "kiosk-hub did not answer on port " << port << ": " << read_file(errors);

    // One a second with a burst of four: the fifth request in a row (well within a second on loopback)
    // waits. The refill during the burst could at most let a fifth through, never a sixth.
    std::vector<int> statuses;
    std::string refusal;
    for (int request = 0; request < 6; ++request) {
        const auto reply = ask(busy_token);
        ASSERT_TRUE(reply);
        statuses.push_back(reply->status);
        if (reply->status == 429) {
            refusal = reply->body;
        }
    }
    EXPECT_EQ(statuses[0], 200);
    EXPECT_EQ(statuses[3], 200);
    EXPECT_EQ(statuses[5], 429) << fmt::format("{}", fmt::join(statuses, ","));
    EXPECT_NE(refusal.find("too many requests with this token; try again in 1 s"), std::string::npos)
        << refusal;
    const auto other = ask(other_token);
    ASSERT_TRUE(other);
    EXPECT_EQ(other->status, 200) << other->body;

    const auto refused_option = run_hub(directory, {"--db", database, "serve", "--insecure", "--listen",
                                                    "127.0.0.1:1", "--requests-per-second", "0"});
    EXPECT_NE(refused_option.exit_code, 0);
    EXPECT_NE(refused_option.errors.find("--requests-per-second"), std::string::npos)
        << refused_option.errors;

    ASSERT_EQ(::kill(serving, SIGTERM), 0);
    EXPECT_EQ(wait_for_exit(serving), 0);
}

// A long import shows its progress when a person watches (standard error is a terminal: a
// pseudo-terminal here) and writes no carriage-return noise into a log file.
TEST(HubExecutable, ImportShowsAProgressBarOnATerminalOnly) {
    TempDir directory;
    const std::string roster = std::string(CHECKIN_TEST_DATA) + "/serock-roster.csv";
    const std::vector<std::string> import = {
        "--db", directory.file("hub.db").string(), "import", roster, "--event-days", "2026-11-29,2026-11-30"};

    const int controller = ::posix_openpt(O_RDWR | O_NOCTTY);
    ASSERT_GE(controller, 0);
    ASSERT_EQ(::grantpt(controller), 0);
    ASSERT_EQ(::unlockpt(controller), 0);
    const std::filesystem::path terminal = ::ptsname(controller);
    const auto output = directory.file("stdout.txt");
    EXPECT_EQ(wait_for_exit(spawn_hub(import, output, terminal)), 0);
    // Everything up to the end (kiosk-hub has exited, so no terminal side is open), not one read(): the
    // pseudo-terminal may hand the bytes over in several pieces.
    const std::string drawn = test::read_to_end(controller, std::chrono::seconds(10));
    ::close(controller);
    ASSERT_GT(drawn.size(), 0U);
    EXPECT_NE(drawn.find("\rChecking  ["), std::string::npos) << drawn;
    EXPECT_NE(drawn.find("\rImporting [##############################] 100%"), std::string::npos) << drawn;
    EXPECT_TRUE(drawn.ends_with("\r\033[K")) << drawn; // the line cleared for the summary
    EXPECT_NE(read_file(output).find("320 delegates — 320 added"), std::string::npos) << read_file(output);

    const auto again = run_hub(directory, import); // standard error into a file
    EXPECT_EQ(again.exit_code, 0) << again.errors;
    EXPECT_EQ(again.errors, "");
    EXPECT_NE(again.output.find("320 unchanged"), std::string::npos) << again.output;
}

TEST(HubExecutable, ARosterWithProblemsIsRefusedWithKioskctlsMessagesAndNoFile) {
    TempDir directory;
    const auto roster = directory.file("bad.csv");
    write_file(roster, "Kod,Imię,Nazwisko\nA-1,Jan,Kowalski\nA-1,Anna,Nowak\n,Ewa,\n");
    const std::string database = directory.file("hub.db").string();
    const auto refused = run_hub(
        directory, {"--db", database, "import", roster.string(), "--event-days", "2026-11-29,2026-11-30"});
    EXPECT_EQ(refused.exit_code, 1);
    EXPECT_NE(refused.errors.find(roster.string() + ":3: "), std::string::npos) << refused.errors;
    EXPECT_NE(refused.errors.find("kiosk-hub: nothing was imported; correct the file and import it again"),
              std::string::npos)
        << refused.errors;
    EXPECT_FALSE(std::filesystem::exists(database));

    const auto missing =
        run_hub(directory, {"--db", database, "import", directory.file("none.csv").string()});
    EXPECT_EQ(missing.exit_code, 1);
    EXPECT_NE(missing.errors.find("cannot read"), std::string::npos) << missing.errors;
}

TEST(HubExecutable, UsageErrorsExitWithTwo) {
    TempDir directory;
    const std::string database = directory.file("hub.db").string();
    EXPECT_EQ(run_hub(directory, {"--db", database}).exit_code, 2);
    EXPECT_EQ(run_hub(directory, {"token", "new", "--kiosk", "k"}).exit_code, 2); // no --db
    EXPECT_EQ(run_hub(directory, {"--db", database, "token", "new"}).exit_code, 2);
    EXPECT_EQ(run_hub(directory, {"--db", database, "token", "new", "--kiosk", ""}).exit_code, 2);
    const auto listen = run_hub(directory, {"--db", database, "serve", "--listen", "localhost"});
    EXPECT_EQ(listen.exit_code, 2);
    EXPECT_NE(listen.errors.find("is not HOST:PORT"), std::string::npos) << listen.errors;
    const auto days =
        run_hub(directory, {"--db", database, "import", std::string(CHECKIN_TEST_DATA) + "/serock-roster.csv",
                            "--event-days", "29.11"});
    EXPECT_EQ(days.exit_code, 2) << days.errors;
    EXPECT_EQ(run_hub(directory, {"--help"}).exit_code, 0);
}

TEST(HubExecutable, ServingOnAPortInUseFails) {
    TempDir directory;
    const std::string database = directory.file("hub.db").string();
    // Something already listens there.
    const int holder = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(::bind(holder, reinterpret_cast<sockaddr*>(&address), sizeof(address)), 0);
    ASSERT_EQ(::listen(holder, 1), 0);
    socklen_t length = sizeof(address);
    ::getsockname(holder, reinterpret_cast<sockaddr*>(&address), &length);
    const int port = ntohs(address.sin_port);
    const auto served = run_hub(
        directory, {"--db", database, "serve", "--insecure", "--listen", fmt::format("127.0.0.1:{}", port)});
    ::close(holder);
    EXPECT_EQ(served.exit_code, 1);
    EXPECT_NE(served.errors.find(fmt::format("cannot listen on 127.0.0.1:{}", port)), std::string::npos)
        << served.errors;
}

TEST(HubExecutable, CertNewPrintsThePinAndCertShowPrintsItAgain) {
    TempDir directory;
    const std::string database = directory.file("hub.db").string();
    const auto made = run_hub(directory, {"--db", database, "cert", "new", "--host", "hub.local"});
    ASSERT_EQ(made.exit_code, 0) << made.errors;
    // "sha256//" and the base64 of 32 bytes (44 characters, one '=' of padding), then the line's end.
    ASSERT_EQ(made.output.size(), 8U + 44U + 1U) << made.output;
    EXPECT_TRUE(made.output.starts_with("sha256//")) << made.output;
    EXPECT_EQ(made.output[made.output.size() - 2], '=');
    const auto shown = run_hub(directory, {"--db", database, "cert", "show"});
    ASSERT_EQ(shown.exit_code, 0) << shown.errors;
    EXPECT_EQ(shown.output, made.output);

    // A new certificate is a new key, so a new pin.
    const auto again = run_hub(directory, {"--db", database, "cert", "new"});
    ASSERT_EQ(again.exit_code, 0) << again.errors;
    EXPECT_NE(again.output, made.output);
    EXPECT_EQ(run_hub(directory, {"--db", database, "cert", "show"}).output, again.output);
}

TEST(HubExecutable, ServeRefusesPlainHttpUnlessAskedForOnLoopback) {
    TempDir directory;
    const std::string database = directory.file("hub.db").string();
    const auto no_certificate =
        run_hub(directory, {"--db", database, "serve", "--listen", fmt::format("127.0.0.1:{}", free_port())});
    EXPECT_EQ(no_certificate.exit_code, 1);
    EXPECT_NE(no_certificate.errors.find("cert new"), std::string::npos) << no_certificate.errors;
    EXPECT_EQ(run_hub(directory, {"--db", database, "cert", "show"}).exit_code, 1);

    const auto insecure_everywhere =
        run_hub(directory, {"--db", database, "serve", "--insecure", "--listen", "0.0.0.0:8470"});
    EXPECT_EQ(insecure_everywhere.exit_code, 2);
    EXPECT_NE(insecure_everywhere.errors.find("only on a loopback address"), std::string::npos)
        << insecure_everywhere.errors;
}

// `kiosk-hub --db F purge` on a hub file with the roster, pushed check-ins and a walk-in: no code, e-mail
// or name of the roster is left in the file, its -wal or -shm; the statistics answer as before.
TEST(HubExecutable, PurgeLeavesNoRosterInTheFilesAndKeepsTheCounts) {
    TempDir directory;
    const std::string database = directory.file("hub.db").string();
    const auto imported =
        run_hub(directory, {"--db", database, "import", std::string(CHECKIN_TEST_DATA) + "/serock-roster.csv",
                            "--event-name", "Kongres Serock 2026", "--event-days", "2026-11-29,2026-11-30"});
    ASSERT_EQ(imported.exit_code, 0) << imported.errors;
    const auto rows = fixture_rows();
    HubStatistics before;
    {
        auto store = SqliteHubStore::open(directory.file("hub.db"));
        ASSERT_TRUE(store.has_value()) << store.error().message;
        auto pushed = (*store)->push(hub_store_fixture::purge_fixture_push(rows));
        ASSERT_TRUE(pushed.has_value()) << pushed.error().message;
        auto statistics = (*store)->statistics();
        ASSERT_TRUE(statistics.has_value());
        before = *statistics;
    }
    EXPECT_EQ(before.checked_in, rows.size() / 4 + 1);
    // What the purge must keep, worked out from the people before they go by the purge's own rule
    // (purge_selection.hpp: per day and group, the expected delegates and those of them checked in).
    std::vector<AnonymousCount> counts_before;
    {
        auto mirror = Mirror::open(directory.file("hub.db"));
        ASSERT_TRUE(mirror.has_value()) << mirror.error().message;
        auto records = mirror->all_delegates();
        auto event = mirror->event();
        ASSERT_TRUE(records.has_value());
        ASSERT_TRUE(event.has_value());
        counts_before = select_purged(*records, *event, PurgeRequest{}).counts;
    }
    std::size_t checked_in_before = 0;
    for (const auto& count : counts_before) {
        checked_in_before += count.checked_in;
    }
    EXPECT_GT(checked_in_before, 50U);
    const auto needles = hub_store_fixture::purge_fixture_needles(rows, 0);
    EXPECT_GT(needles.size(), 900U);

    const auto refused = run_hub(directory, {"--db", directory.file("none.db").string(), "purge"});
    EXPECT_EQ(refused.exit_code, 1);
    EXPECT_NE(refused.errors.find("nothing to purge"), std::string::npos) << refused.errors;
    EXPECT_FALSE(std::filesystem::exists(directory.file("none.db")));

    const auto purged = run_hub(directory, {"--db", database, "purge"});
    ASSERT_EQ(purged.exit_code, 0) << purged.errors;
    EXPECT_NE(purged.output.find(fmt::format("Purged {} delegates and {} journal events", rows.size() + 1,
                                             rows.size() / 4 + 1)),
              std::string::npos)
        << purged.output;
    std::string bytes = read_file(directory.file("hub.db"));
    for (const char* suffix : {"-wal", "-shm"}) {
        if (std::filesystem::exists(database + suffix)) {
            bytes += read_file(database + suffix);
        }
    }
    for (const auto& needle : needles) {
        EXPECT_EQ(bytes.find(needle), std::string::npos) << needle;
    }
    auto store = SqliteHubStore::open(directory.file("hub.db"));
    ASSERT_TRUE(store.has_value()) << store.error().message;
    // The figures count the people held now, as PostgreSQL's always did; what the purge kept of them is the
    // event's anonymous counts, which the dashboard adds back.
    auto after = (*store)->statistics();
    ASSERT_TRUE(after.has_value());
    EXPECT_EQ(after->checked_in, 0U);
    EXPECT_EQ(after->events, 0U);
    auto kept = (*store)->anonymous_counts();
    ASSERT_TRUE(kept.has_value());
    // Kept are those checked in on a day they were expected; every group of every day, exactly.
    const auto in_order = [](std::vector<AnonymousCount> counts) {
        std::ranges::sort(counts, [](const AnonymousCount& left, const AnonymousCount& right) {
            return std::tie(left.day, left.role, left.voivodeship, left.partnership) <
                   std::tie(right.day, right.role, right.voivodeship, right.partnership);
        });
        return counts;
    };
    EXPECT_EQ(in_order(*kept), in_order(counts_before));
}

} // namespace
} // namespace checkin::sync
