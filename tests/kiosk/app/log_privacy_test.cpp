// A whole morning at the venue with the real programs, and then every line they logged searched for the
// roster's people (issue 15, item 2): kiosk-hub serving HTTPS on loopback, a kiosk enrolled with it that
// checks delegates in by scanning (plain, with a scanner's ]Q1 prefix, as a link, twice, unknown), staff
// searching without Polish letters, reprinting a lost badge and registering a walk-in, then `kioskctl sync`
// on that kiosk and on a second one that pulls everything. journald keeps what the kiosk and the hub write
// to standard output and error, and an operator's terminal what kioskctl does: none of it may hold a name,
// an organisation, an e-mail or a whole code.

#include "base/password_hash.hpp"
#include "base/text.hpp"
#include "base/utf8.hpp"
#include "sync/roster/roster.hpp"
#include "tests/kiosk/process.hpp"
#include "tests/sync/hub/hub_process.hpp"

#include <chrono>
#include <csignal>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

namespace checkin::kiosk {
namespace {

using namespace std::chrono_literals;
using namespace sync::hub_process;

const std::string event_name = "Seminarium sieciujące Centrum Wsparcia Doradczego Plus — Serock";
const std::string roster_file = std::string(CHECKIN_TEST_DATA) + "/serock-roster.csv";

std::size_t characters_in(std::string_view text) {
    std::size_t characters = 0;
    for (std::size_t offset = 0; offset < text.size(); ++characters) {
        offset += std::max<std::size_t>(1, base::utf8::decode_at(text, offset).length);
    }
    return characters;
}

// What no log line may hold, and what kind of thing it is (for the failure's message).
struct Secret {
    std::string text;
    std::string kind;
};

std::vector<Secret> secrets_of(const std::vector<sync::Delegate>& people) {
    std::vector<Secret> secrets;
    for (const auto& person : people) {
        secrets.push_back({person.code, "a whole code"});
        secrets.push_back({person.first_name + " " + person.last_name, "a full name"});
        // Short surnames ("Lis", "Kot") are also ordinary words and parts of words in log lines.
        if (characters_in(person.last_name) >= 5) {
            secrets.push_back({person.last_name, "a surname"});
        }
        if (!person.email.empty()) {
            secrets.push_back({person.email, "an e-mail"});
        }
        if (characters_in(person.organisation) >= 8) {
            secrets.push_back({person.organisation, "an organisation"});
        }
    }
    return secrets;
}

class LogPrivacy : public testing::Test {
protected:
    void SetUp() override {
        const auto made = run_hub(directory, {"--db", hub_database, "cert", "new", "--host", "127.0.0.1"});
        ASSERT_EQ(made.exit_code, 0) << made.errors;
        keep("kiosk-hub cert new", made);
        const auto imported = run_hub(directory, {"--db", hub_database, "import", roster_file, "--event-name",
                                                  event_name, "--event-days", "2026-11-29,2026-11-30"});
        ASSERT_EQ(imported.exit_code, 0) << imported.errors;
        keep("kiosk-hub import", imported);
        port = free_port();
        ASSERT_GT(port, 0);
        serving = spawn_hub({"--db", hub_database, "serve", "--listen", fmt::format("127.0.0.1:{}", port)},
                            serve_output, serve_errors);
        ASSERT_GT(serving, 0);
        const auto deadline = std::chrono::steady_clock::now() + 10s;
        while (read_file(serve_errors).find("serving") == std::string::npos) {
            ASSERT_LT(std::chrono::steady_clock::now(), deadline) << read_file(serve_errors);
            std::this_thread::sleep_for(50ms);
        }
    }

    void TearDown() override { stop_hub(); }

    void stop_hub() {
        if (serving > 0) {
            ::kill(serving, SIGTERM);
            EXPECT_EQ(wait_for_exit(serving), 0);
            serving = -1;
        }
    }

    // A mirror with the roster, enrolled with the hub as `kiosk`.
    void set_up_kiosk(const std::string& mirror, const std::string& kiosk) {
        const auto imported = test::run_kioskctl({"--db", mirror, "import", roster_file, "--event-name",
                                                  event_name, "--event-days", "2026-11-29,2026-11-30"});
        ASSERT_EQ(imported.exit_code, 0) << imported.describe();
        keep("kioskctl import", imported);
        const auto enrolment = run_hub(directory, {"--db", hub_database, "enrol", "--kiosk", kiosk, "--url",
                                                   fmt::format("https://127.0.0.1:{}", port)});
        ASSERT_EQ(enrolment.exit_code, 0) << enrolment.errors;
        const std::string_view output = base::trim(enrolment.output);
        const auto enrolled =
            test::run_kioskctl({"--db", mirror, "enrol", std::string(output.substr(output.rfind('\n') + 1))});
        ASSERT_EQ(enrolled.exit_code, 0) << enrolled.describe();
        keep("kioskctl enrol", enrolled);
    }

    test::ProcessResult sync(const std::string& mirror) {
        auto synced = test::run_kioskctl({"--db", mirror, "--date", "2026-11-29", "sync"});
        keep("kioskctl sync", synced);
        return synced;
    }

    void keep(const std::string& program, const test::ProcessResult& result) {
        logs.push_back({program, result.out + result.err});
    }
    void keep(const std::string& program, const Finished& finished) {
        logs.push_back({program, finished.output + finished.errors});
    }

    nlohmann::json statistics(const std::string& mirror) {
        const auto stats = test::run_kioskctl({"--db", mirror, "--date", "2026-11-29", "stats", "--json"});
        EXPECT_EQ(stats.exit_code, 0) << stats.describe();
        return nlohmann::json::parse(stats.out, nullptr, false);
    }

    struct Log {
        std::string program;
        std::string text;
    };

    TempDir directory;
    std::string hub_database = directory.file("hub.db").string();
    std::filesystem::path serve_output = directory.file("serve-stdout.txt");
    std::filesystem::path serve_errors = directory.file("serve-stderr.txt");
    int port = 0;
    pid_t serving = -1;
    std::vector<Log> logs;
};

TEST_F(LogPrivacy, AWholeMorningLogsNoNameOrganisationEmailOrWholeCode) {
    const std::string mirror = directory.file("recepcja-1.sqlite").string();
    ASSERT_NO_FATAL_FAILURE(set_up_kiosk(mirror, "recepcja-1"));
    auto pin = base::hash_password("2468");
    ASSERT_TRUE(pin.has_value());
    sync::mirror_fixture::write_file(directory.file("kiosk.conf"),
                                     "[kiosk]\nid = recepcja-1\n\n[staff]\npin.anna = " + *pin + "\n");

    const std::string sign_in =
        "hold corner 3000\ntap digit:2\ntap digit:4\ntap digit:6\ntap digit:8\ntap pin_submit\n";
    sync::mirror_fixture::write_file(
        directory.file("morning.script"),
        "CWD-K72UFRSS\nsleep 8000\n"                                  // Dorota Adamska
        "]Q1CWD-ZPZXSWG7\r\nsleep 8000\n"                             // a scanner's prefix
        "https://example.org/checkin?code=CWD-NR5XWJZF\nsleep 8000\n" // as a link
        "CWD-K72UFRSS\nsleep 8000\n"                                  // already checked in
        "CWD-NOSUCH00\nsleep 8000\n"                                  // not on the roster
        // No code at hand: Piotr Pietrzak finds himself by name (eight Pietrzaks: the first name too),
        // and someone tries a part of a surname.
        "tap find_by_name\ntype pietrzak\nkey enter\ntype piotr\nkey enter\ntap pick:0\nsleep 8000\n"
        "tap find_by_name\ntype nowa\nkey enter\nsleep 8000\n" +
            sign_in +
            "type lukasz\n"
            "key backspace\nkey backspace\nkey backspace\nkey backspace\nkey backspace\nkey backspace\n"
            "type adamska\ntap open_hit:0\ntap reprint\ntap reprint_preset:lost\ntap confirm_reprint\n"
            "tap print_reprint\n"
            "tap tab:walk_in\ntype Zofia\nkey tab\ntype Żółkiewska\nkey tab\n"
            "type Gmina Serock\ntap create_walk_in\n");
    const std::vector<std::string> command = {std::string(CHECKIN_BIN_DIR) + "/kiosk",
                                              "--headless",
                                              "--config",
                                              directory.file("kiosk.conf").string(),
                                              "--db",
                                              mirror,
                                              "--printer",
                                              "sim://" + directory.file("badges").string(),
                                              "--date",
                                              "2026-11-29",
                                              "--size",
                                              "1280x800",
                                              "--scan-script",
                                              directory.file("morning.script").string()};
    ::setenv("TZ", "Europe/Warsaw", 1);
    ::setenv("SDL_AUDIODRIVER", "dummy", 1);
    ::setenv("LSAN_OPTIONS", "detect_leaks=0", 1);
    const auto morning = test::run_process(command, 120s);
    ::unsetenv("LSAN_OPTIONS");
    keep("kiosk", morning);
    ASSERT_EQ(morning.exit_code, 0) << morning.describe();

    // The morning happened: three arrivals by code, one by name and the walk-in, a reprint besides the six
    // badges.
    const auto kiosk_statistics = statistics(mirror);
    EXPECT_EQ(kiosk_statistics["checked_in"], 5) << kiosk_statistics.dump();
    EXPECT_EQ(kiosk_statistics["walk_ins"], 1) << kiosk_statistics.dump();
    const auto walk_in = test::run_kioskctl({"--db", mirror, "find", "zolkiewska", "--json"});
    ASSERT_EQ(walk_in.exit_code, 0) << walk_in.describe();
    const auto hits = nlohmann::json::parse(walk_in.out, nullptr, false);
    ASSERT_EQ(hits.size(), 1U) << walk_in.out;
    const std::string walk_in_code = hits[0]["code"];

    const auto first_sync = sync(mirror);
    ASSERT_EQ(first_sync.exit_code, 0) << first_sync.describe();
    const std::string second_mirror = directory.file("recepcja-2.sqlite").string();
    ASSERT_NO_FATAL_FAILURE(set_up_kiosk(second_mirror, "recepcja-2"));
    const auto second_sync = sync(second_mirror);
    ASSERT_EQ(second_sync.exit_code, 0) << second_sync.describe();
    // Everything went through the hub: the second kiosk knows every arrival and the walk-in.
    const auto pulled = statistics(second_mirror);
    EXPECT_EQ(pulled["checked_in"], 5) << pulled.dump();
    EXPECT_EQ(pulled["walk_ins"], 1) << pulled.dump();

    stop_hub();
    const std::string hub_log = read_file(serve_output) + read_file(serve_errors);
    EXPECT_NE(hub_log.find("POST /api/v1/events"), std::string::npos) << hub_log;
    logs.push_back({"kiosk-hub serve", hub_log});
    // The kiosk said what happened, by codes' endings: the log is useful, not empty.
    EXPECT_NE(morning.err.find("FRSS"), std::string::npos) << morning.err;
    EXPECT_NE(morning.err.find("self-service by name\n"), std::string::npos) << morning.err;
    // What was typed, in any case: "pietrzak", "piotr", "nowa" (the secrets below are the roster's spelling).
    for (const std::string typed : {"ietrzak", "iotr", "nowa"}) {
        EXPECT_EQ(base::ascii_lower(morning.err).find(typed), std::string::npos)
            << typed << ": " << morning.err;
    }

    const auto roster_bytes = read_file(roster_file);
    auto roster = sync::parse_roster(
        roster_bytes, {},
        sync::Event{event_name,
                    {sync::Day{std::chrono::year{2026}, std::chrono::November, std::chrono::day{29}},
                     sync::Day{std::chrono::year{2026}, std::chrono::November, std::chrono::day{30}}}});
    ASSERT_TRUE(roster.has_value());
    std::vector<sync::Delegate> people;
    for (const auto& entry : roster->entries) {
        people.push_back(entry.delegate);
    }
    sync::Delegate zofia;
    zofia.code = walk_in_code;
    zofia.first_name = "Zofia";
    zofia.last_name = "Żółkiewska";
    zofia.organisation = "Gmina Serock";
    people.push_back(zofia);
    const auto secrets = secrets_of(people);
    ASSERT_GT(secrets.size(), 1000U);

    std::size_t lines = 0;
    for (const auto& log : logs) {
        for (std::size_t start = 0; start < log.text.size();) {
            const std::size_t end = std::min(log.text.find('\n', start), log.text.size());
            const std::string_view line = std::string_view(log.text).substr(start, end - start);
            start = end + 1;
            ++lines;
            for (const auto& secret : secrets) {
                EXPECT_EQ(line.find(secret.text), std::string_view::npos)
                    << log.program << " logged " << secret.kind << " of the roster: " << line;
            }
        }
    }
    EXPECT_GT(lines, 20U) << "the programs logged almost nothing: the search would prove nothing";
}

} // namespace
} // namespace checkin::kiosk
