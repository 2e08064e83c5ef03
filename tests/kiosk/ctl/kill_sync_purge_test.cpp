// SIGKILL of `kioskctl sync` and `kioskctl purge` at random moments, the way kill_checkin_test.cpp does it
// for check-ins. A sync commits as it goes (sync_round.hpp): after any kill, every event the mirror marks
// as acknowledged is on the hub, and a clean run afterwards leaves the hub and every mirror with each event
// exactly once. A purge is one transaction, then a checkpoint and a VACUUM: after any kill the mirror holds
// the purge either done or not begun, "Purged …" is printed only once nothing personal is left, and a clean
// run afterwards finishes the job without counting anybody twice.

#include "sync/mirror/mirror.hpp"
#include "tests/kiosk/ctl/kill_test_support.hpp"
#include "tests/kiosk/process.hpp"
#include "tests/sync/mirror/mirror_fixture.hpp"

#include <algorithm>
#include <arpa/inet.h>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <iostream>
#include <map>
#include <netinet/in.h>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <sys/socket.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace checkin::test {
namespace {

using namespace kill_support;
using std::chrono::microseconds;
using std::chrono::steady_clock;

const std::string roster_path = std::string(CHECKIN_TEST_DATA) + "/serock-roster.csv";
const std::string hub_program = std::string(CHECKIN_BIN_DIR) + "/kiosk-hub";
constexpr const char* event_days = "2026-11-29,2026-11-30";

// Kills per run. Under AddressSanitizer every process is several times slower (measured here: an
// undisturbed kioskctl sync 0.28 s instead of 0.025 s, a purge 0.33 s instead of 0.03-0.05 s), so the
// sanitized run kills fewer to keep each test near a minute. CI runs the suite in both builds (.ci/run):
// with the check-in kill test's, the two runs together end more than 1,000 processes by SIGKILL
// (RELIABILITY.md has the figures).
#if defined(__SANITIZE_ADDRESS__)
constexpr int default_sync_kills = 100;
constexpr int default_purge_kills = 40;
#else
constexpr int default_sync_kills = 450;
constexpr int default_purge_kills = 200;
#endif

microseconds since(steady_clock::time_point start) {
    return std::chrono::duration_cast<microseconds>(steady_clock::now() - start);
}

std::size_t count_of(const std::string& database, const std::string& sql) {
    const auto values = column(database, sql);
    return values.size() == 1 ? static_cast<std::size_t>(std::stoul(values[0])) : 0U;
}

std::string integrity_of(const std::string& database) {
    const auto lines = column(database, "PRAGMA integrity_check");
    return lines.size() == 1 ? lines[0] : "not ok: " + std::to_string(lines.size()) + " lines";
}

std::set<std::string> set_of(const std::vector<std::string>& values) {
    return {values.begin(), values.end()};
}

// ---- A real hub: kiosk-hub serve --insecure on a loopback port --------------------------------------

bool accepts_connections(int port) {
    const int probe = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    const bool connected =
        probe >= 0 && ::connect(probe, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0;
    if (probe >= 0) {
        ::close(probe);
    }
    return connected;
}

class HubProcess {
public:
    HubProcess(const std::string& database, const TemporaryDirectory& directory) {
        m_port = free_loopback_port();
        EXPECT_GT(m_port, 0);
        m_errors = directory.file("hub-stderr.txt");
        m_process = spawn_with_output_files(
            hub_program,
            // kiosk-a syncs some seventy times a second here, several requests a round: far beyond what
            // one kiosk's token may ask of a hub at the venue (100 a second).
            {"--db", database, "serve", "--insecure", "--listen", "127.0.0.1:" + std::to_string(m_port),
             "--requests-per-second", "100000"},
            directory.file("hub-stdout.txt"), m_errors);
        EXPECT_GT(m_process, 0) << "cannot start " << hub_program;
        // Asked until it answers: the process needs a moment to open its file and bind.
        const auto deadline = steady_clock::now() + std::chrono::seconds(20);
        while (m_process > 0 && !accepts_connections(m_port) && steady_clock::now() < deadline) {
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        EXPECT_TRUE(accepts_connections(m_port)) << "kiosk-hub does not answer on port " << m_port << ": "
                                                 << sync::mirror_fixture::read_file(m_errors);
    }
    HubProcess(const HubProcess&) = delete;
    HubProcess& operator=(const HubProcess&) = delete;
    ~HubProcess() {
        if (m_process > 0) {
            ::kill(m_process, SIGTERM);
            int status = 0;
            ::waitpid(m_process, &status, 0);
        }
    }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(m_port); }

private:
    int m_port = 0;
    pid_t m_process = -1;
    std::string m_errors;
};

ProcessResult run_hub_command(const std::vector<std::string>& arguments) {
    std::vector<std::string> words = {hub_program};
    words.insert(words.end(), arguments.begin(), arguments.end());
    return run_process(words);
}

std::string new_token_file(const std::string& hub_database, const std::string& kiosk,
                           const TemporaryDirectory& directory) {
    const auto made = run_hub_command({"--db", hub_database, "token", "new", "--kiosk", kiosk});
    EXPECT_EQ(made.exit_code, 0) << made.describe();
    const auto path = directory.file(kiosk + ".token");
    std::ofstream(path) << made.out;
    return path;
}

// ---- A kiosk's mirror, written by the test between runs --------------------------------------------

struct Kiosk {
    std::string name;
    std::string database;
    std::string token_file;
    std::vector<std::string> codes; // delegates this kiosk will check in, in order; each once
    std::size_t next_code = 0;
    std::vector<std::string> acknowledged; // event ids of check-ins committed (check_in returned)
};

// Checks in the kiosk's next `count` delegates on the first day as the kiosk app does (Mirror::check_in
// commits before it returns), in a connection of its own, closed before any kioskctl runs again.
void check_in_more(Kiosk& kiosk, std::size_t count) {
    auto mirror = sync::Mirror::open(kiosk.database);
    ASSERT_TRUE(mirror.has_value()) << mirror.error().message;
    for (std::size_t done = 0; done < count && kiosk.next_code < kiosk.codes.size(); ++done) {
        sync::CheckinRequest request;
        request.payload = kiosk.codes[kiosk.next_code];
        request.kiosk_id = kiosk.name;
        request.operator_name = "self-service";
        request.now_milliseconds =
            sync::mirror_fixture::utc_milliseconds(sync::mirror_fixture::first_day, 9, 0) +
            static_cast<std::int64_t>(kiosk.next_code);
        request.today = sync::mirror_fixture::first_day;
        ++kiosk.next_code;
        auto result = mirror->check_in(request);
        ASSERT_TRUE(result.has_value()) << result.error().message;
        ASSERT_EQ(result->outcome, sync::CheckinOutcome::admitted) << "each code is used once";
        ASSERT_TRUE(result->event_id.has_value());
        kiosk.acknowledged.push_back(*result->event_id);
    }
}

std::vector<std::string> sync_command(const Kiosk& kiosk, const std::string& url) {
    return {kioskctl_path(), "--db",           kiosk.database, "sync", "--hub", url,
            "--token-file",  kiosk.token_file, "--json"};
}

ProcessResult run_sync(const Kiosk& kiosk, const std::string& url) {
    return run_process(sync_command(kiosk, url));
}

// What a kill may leave, and what it may not. The kiosk's events the hub has acknowledged (marked
// uploaded) are on the hub: an acknowledgement lost by a kill, or one marked before the hub stored it,
// would show here. And every hub event at or below the kiosk's stored event cursor is in its journal: a
// cursor saved ahead of its merge would skip those events for good at the next round.
void expect_consistent_with_hub(const Kiosk& kiosk, const std::string& hub_database) {
    const auto on_hub = set_of(column(hub_database, "SELECT event_id FROM hub_sequence"));
    for (const auto& id :
         column(kiosk.database,
                "SELECT id FROM checkin_events WHERE uploaded = 1 AND kiosk_id = '" + kiosk.name + "'")) {
        EXPECT_TRUE(on_hub.contains(id))
            << kiosk.name << " holds event " << id << " as acknowledged, but the hub does not have it";
    }
    const auto cursor =
        column(kiosk.database, "SELECT value FROM sync_state WHERE key = 'hub_event_sequence'");
    if (cursor.empty()) {
        return;
    }
    const auto held = set_of(column(kiosk.database, "SELECT id FROM checkin_events"));
    for (const auto& id : column(hub_database, "SELECT event_id FROM hub_sequence WHERE sequence <= " +
                                                   std::to_string(std::stoll(cursor[0])))) {
        EXPECT_TRUE(held.contains(id)) << kiosk.name << "'s event cursor " << cursor[0] << " passed event "
                                       << id << ", which its journal does not hold";
    }
}

TEST(KillSync, EveryAcknowledgedEventIsOnTheHubAndACleanRunConvergesWithEachEventOnce) {
    TemporaryDirectory directory;
    const auto hub_database = directory.file("hub.db");
    const auto imported = run_hub_command(
        {"--db", hub_database, "import", roster_path, "--event-name", "Serock", "--event-days", event_days});
    ASSERT_EQ(imported.exit_code, 0) << imported.describe();

    const std::uint32_t random_seed = seed();
    std::cout << "[ kill sync ] seed " << random_seed << " (set KIOSK_KILL_SEED to repeat)\n";
    std::mt19937 random(random_seed);

    // Two kiosks with the roster imported as a kiosk set up before the hub was reachable would have it:
    // kiosk-a is the one killed, kiosk-b syncs undisturbed now and then so that kiosk-a has events to pull.
    Kiosk a;
    a.name = "kiosk-a";
    a.database = directory.file("kiosk-a.db");
    a.token_file = new_token_file(hub_database, "kiosk-a", directory);
    Kiosk b;
    b.name = "kiosk-b";
    b.database = directory.file("kiosk-b.db");
    b.token_file = new_token_file(hub_database, "kiosk-b", directory);
    std::vector<std::string> codes;
    for (Kiosk* kiosk : {&a, &b}) {
        const auto made = run_kioskctl({"--db", kiosk->database, "import", roster_path, "--event-days",
                                        event_days, "--event-name", "Serock"});
        ASSERT_EQ(made.exit_code, 0) << made.describe();
    }
    {
        auto mirror = sync::Mirror::open(a.database);
        ASSERT_TRUE(mirror.has_value()) << mirror.error().message;
        auto event = mirror->event();
        ASSERT_TRUE(event.has_value()) << event.error().message;
        auto records = mirror->all_delegates();
        ASSERT_TRUE(records.has_value()) << records.error().message;
        for (const auto& record : *records) {
            if (sync::admitted_on(record.delegate.days, *event, sync::mirror_fixture::first_day)) {
                codes.push_back(record.delegate.code);
            }
        }
    }
    std::shuffle(codes.begin(), codes.end(), random);
    // Disjoint halves: two kiosks admitting the same person is the double check-in surfaced to staff,
    // tested elsewhere; here every check-in must be one event everywhere.
    a.codes.assign(codes.begin(), codes.begin() + static_cast<std::ptrdiff_t>(codes.size() / 2));
    b.codes.assign(codes.begin() + static_cast<std::ptrdiff_t>(codes.size() / 2), codes.end());

    HubProcess hub(hub_database, directory);
    const auto url = hub.url();
    // The count is of processes the signal ended, not of attempts: a run that finished before its signal
    // is not a kill, and another attempt follows (at most three attempts per kill).
    const int kills = runs_from_environment("KIOSK_KILL_SYNC_KILLS", default_sync_kills);

    // Calibration on kiosk-b: an undisturbed round, the first with the whole roster and later ones.
    std::vector<microseconds> run_times;
    for (int run = 0; run < 4; ++run) {
        check_in_more(b, 2);
        const auto started = steady_clock::now();
        const auto result = run_sync(b, url);
        ASSERT_EQ(result.exit_code, 0) << result.describe();
        run_times.push_back(since(started));
    }
    std::cout << "[ kill sync ] an undisturbed sync takes " << median(run_times).count() << " µs (median)\n";

    std::bernoulli_distribution more_checkins_here(0.6);
    std::bernoulli_distribution other_kiosk_syncs(0.1);
    std::uniform_int_distribution<std::size_t> how_many(1, 3);
    int killed = 0;
    int finished_before_kill = 0;
    const auto loop_started = steady_clock::now();
    int runs = 0;
    for (; killed < kills && runs < 3 * kills; ++runs) {
        if (more_checkins_here(random)) {
            check_in_more(a, how_many(random));
        }
        if (other_kiosk_syncs(random)) {
            check_in_more(b, how_many(random));
            const auto synced = run_sync(b, url);
            ASSERT_EQ(synced.exit_code, 0) << synced.describe();
        }
        // Anywhere from the spawn to a little past the typical end of an undisturbed run.
        const auto bound = median(run_times).count() * 11 / 10;
        const auto started = steady_clock::now();
        ChildProcess child(sync_command(a, url));
        std::this_thread::sleep_for(
            microseconds(std::uniform_int_distribution<std::int64_t>(0, bound)(random)));
        child.kill(SIGKILL);
        const auto result = child.wait(std::chrono::seconds(60));
        ASSERT_FALSE(result.timed_out) << result.describe();
        if (result.signal == SIGKILL) {
            ++killed;
        } else {
            ++finished_before_kill;
            remember(run_times, since(started));
            EXPECT_EQ(result.exit_code, 0) << result.describe();
        }
        expect_consistent_with_hub(a, hub_database);
        if (::testing::Test::HasFailure()) {
            break;
        }
    }
    std::cout
        << "[ kill sync ] " << runs << " runs in "
        << std::chrono::duration_cast<std::chrono::milliseconds>(steady_clock::now() - loop_started).count()
        << " ms: " << killed << " killed, " << finished_before_kill << " finished before the kill\n";
    EXPECT_EQ(killed, kills) << "too many runs finished before their signal; the delays are too long";
    EXPECT_EQ(integrity_of(a.database), "ok");

    // Clean runs: kiosk-a, kiosk-b (which pulls kiosk-a's), kiosk-a again (which pulls kiosk-b's latest).
    for (const Kiosk* kiosk : {&a, &b, &a}) {
        const auto result = run_sync(*kiosk, url);
        ASSERT_EQ(result.exit_code, 0) << result.describe();
        const auto report = nlohmann::json::parse(result.out, nullptr, false);
        ASSERT_FALSE(report.is_discarded()) << result.describe();
        EXPECT_EQ(report["backlog"], 0) << result.out;
    }

    // Every check-in ever committed at either kiosk is on the hub and in both mirrors, each exactly once.
    std::set<std::string> committed(a.acknowledged.begin(), a.acknowledged.end());
    committed.insert(b.acknowledged.begin(), b.acknowledged.end());
    EXPECT_EQ(committed.size(), a.acknowledged.size() + b.acknowledged.size());
    EXPECT_EQ(count_of(hub_database, "SELECT count(*) FROM hub_sequence"), committed.size());
    EXPECT_EQ(set_of(column(hub_database, "SELECT event_id FROM hub_sequence")), committed);
    EXPECT_EQ(set_of(column(hub_database, "SELECT id FROM checkin_events")), committed);
    const auto hub_last_sequence = column(hub_database, "SELECT max(sequence) FROM hub_sequence");
    for (const Kiosk* kiosk : {&a, &b}) {
        SCOPED_TRACE(kiosk->name);
        EXPECT_EQ(set_of(column(kiosk->database, "SELECT id FROM checkin_events")), committed);
        EXPECT_EQ(count_of(kiosk->database, "SELECT count(*) FROM checkin_events"), committed.size());
        EXPECT_EQ(count_of(kiosk->database, "SELECT count(*) FROM checkin_events WHERE uploaded = 0"), 0U);
        EXPECT_EQ(column(kiosk->database, "SELECT value FROM sync_state WHERE key = 'hub_event_sequence'"),
                  hub_last_sequence);
        EXPECT_EQ(count_of(kiosk->database, "SELECT count(*) FROM (SELECT 1 FROM checkin_events WHERE kind = "
                                            "'checkin' GROUP BY delegate_code, day HAVING count(*) > 1)"),
                  0U)
            << "a check-in counted twice";
    }
    EXPECT_EQ(count_of(hub_database,
                       "SELECT count(DISTINCT delegate_code) FROM checkin_events WHERE kind = 'checkin'"),
              committed.size())
        << "one check-in event per person";
    std::cout << "[ kill sync ] " << a.acknowledged.size() << " check-ins at kiosk-a and "
              << b.acknowledged.size() << " at kiosk-b, each on the hub and in both mirrors once\n";
}

// ---- kioskctl purge -------------------------------------------------------------------------------

// What a mirror holds that a purge changes.
struct PurgeState {
    std::size_t delegates = 0;
    std::size_t events = 0;
    std::string purged;                         // the counter of delegates purged so far ("" when none)
    std::vector<std::vector<std::string>> kept; // the anonymous counts, every column
    friend bool operator==(const PurgeState&, const PurgeState&) = default;
};

PurgeState purge_state_of(const std::string& database) {
    PurgeState state;
    state.delegates = count_of(database, "SELECT count(*) FROM delegates");
    state.events = count_of(database, "SELECT count(*) FROM checkin_events");
    const auto purged = column(database, "SELECT value FROM counters WHERE name = 'purged_delegates'");
    state.purged = purged.empty() ? "" : purged[0];
    state.kept = query(database, "SELECT * FROM anonymous_counts ORDER BY 1, 2, 3, 4");
    return state;
}

std::string describe(const PurgeState& state) {
    return std::to_string(state.delegates) + " delegates, " + std::to_string(state.events) + " events, " +
           (state.purged.empty() ? "0" : state.purged) + " purged, " + std::to_string(state.kept.size()) +
           " kept counts";
}

// Every byte of the database and of its -wal and -shm files, those that exist.
std::string database_bytes(const std::string& database) {
    std::string bytes = sync::mirror_fixture::read_file(database);
    for (const char* suffix : {"-wal", "-shm"}) {
        if (std::filesystem::exists(database + suffix)) {
            bytes += sync::mirror_fixture::read_file(database + suffix);
        }
    }
    return bytes;
}

// glibc's memmem: a thousand values over a file of some hundred kilobytes, every round, even in the
// unoptimised and sanitised builds.
bool holds(const std::string& bytes, const std::string& needle) {
    return ::memmem(bytes.data(), bytes.size(), needle.data(), needle.size()) != nullptr;
}

void copy_file(const std::string& from, const std::string& to) {
    std::filesystem::copy_file(from, to, std::filesystem::copy_options::overwrite_existing);
}

// One kind of purge run once undisturbed: what it leaves, and the personal values it must leave nowhere.
struct PurgeReference {
    std::vector<std::string> arguments; // after "purge"
    std::string name;
    PurgeState before;
    PurgeState after;
    // The purged people's codes, their e-mails unless a kept person has the same, their names unless the
    // file keeps the same text for a kept reason (another person's name, a partnership, the event's name).
    std::vector<std::string> needles;
    std::vector<microseconds> run_times;
};

std::vector<std::string> purge_command(const std::string& database,
                                       const std::vector<std::string>& arguments) {
    std::vector<std::string> command = {kioskctl_path(), "--db", database, "purge"};
    command.insert(command.end(), arguments.begin(), arguments.end());
    return command;
}

PurgeReference make_reference(const TemporaryDirectory& directory, const std::string& template_database,
                              std::vector<std::string> arguments, std::string name) {
    PurgeReference reference;
    reference.arguments = std::move(arguments);
    reference.name = std::move(name);
    const auto database = directory.file("reference.db");
    std::vector<sync::Delegate> everyone;
    for (int run = 0; run < 3; ++run) {
        copy_file(template_database, database);
        reference.before = purge_state_of(database);
        if (run == 0) {
            auto mirror = sync::Mirror::open(database);
            EXPECT_TRUE(mirror.has_value());
            if (!mirror) {
                return reference;
            }
            for (const auto& record : mirror->all_delegates().value_or(std::vector<sync::DelegateRecord>{})) {
                everyone.push_back(record.delegate);
            }
        }
        const auto started = steady_clock::now();
        const auto result = run_process(purge_command(database, reference.arguments));
        reference.run_times.push_back(since(started));
        EXPECT_EQ(result.exit_code, 0) << result.describe();
        const auto after = purge_state_of(database);
        if (run > 0) {
            EXPECT_EQ(after, reference.after) << "an undisturbed purge must leave the same every time";
        }
        reference.after = after;
    }
    const auto kept_codes = set_of(column(database, "SELECT code FROM delegates"));
    // Namesakes at two offices share one address in the fixture: a kept one keeps it legitimately.
    const auto kept_emails = set_of(column(database, "SELECT email FROM delegates"));
    const auto kept_bytes = database_bytes(database);
    for (const auto& delegate : everyone) {
        if (kept_codes.contains(delegate.code)) {
            continue;
        }
        reference.needles.push_back(delegate.code);
        if (!delegate.email.empty() && !kept_emails.contains(delegate.email)) {
            reference.needles.push_back(delegate.email);
        }
        for (const auto& text : {delegate.first_name, delegate.last_name}) {
            if (text.size() >= 3 && !holds(kept_bytes, text)) {
                reference.needles.push_back(text);
            }
        }
    }
    for (const auto& needle : reference.needles) {
        EXPECT_FALSE(holds(kept_bytes, needle)) << "an undisturbed purge left a personal value in the file";
    }
    return reference;
}

TEST(KillPurge, APurgeKilledAnywhereIsDoneOrNotBegunAndARerunLeavesNothingPersonal) {
    TemporaryDirectory directory;
    const auto template_database = directory.file("template.db");
    const auto imported = run_kioskctl({"--db", template_database, "import", roster_path, "--event-days",
                                        event_days, "--event-name", "Serock"});
    ASSERT_EQ(imported.exit_code, 0) << imported.describe();
    {
        // Check-ins on both days, by one kiosk, as the day would leave them.
        auto mirror = sync::Mirror::open(template_database);
        ASSERT_TRUE(mirror.has_value()) << mirror.error().message;
        auto event = mirror->event();
        ASSERT_TRUE(event.has_value()) << event.error().message;
        auto records = mirror->all_delegates();
        ASSERT_TRUE(records.has_value()) << records.error().message;
        std::size_t index = 0;
        for (const auto& record : *records) {
            for (const auto day : {sync::mirror_fixture::first_day, sync::mirror_fixture::second_day}) {
                if (++index % 3 == 0 || !sync::admitted_on(record.delegate.days, *event, day)) {
                    continue;
                }
                sync::CheckinRequest request;
                request.payload = record.delegate.code;
                request.kiosk_id = "kiosk-a";
                request.operator_name = "self-service";
                request.now_milliseconds =
                    sync::mirror_fixture::utc_milliseconds(day, 9, 0) + static_cast<std::int64_t>(index);
                request.today = day;
                auto result = mirror->check_in(request);
                ASSERT_TRUE(result.has_value()) << result.error().message;
                ASSERT_EQ(result->outcome, sync::CheckinOutcome::admitted);
            }
        }
    }
    ASSERT_FALSE(std::filesystem::exists(template_database + "-wal"))
        << "the template must be closed cleanly";

    const std::uint32_t random_seed = seed();
    std::cout << "[ kill purge ] seed " << random_seed << " (set KIOSK_KILL_SEED to repeat)\n";
    std::mt19937 random(random_seed);
    std::vector<PurgeReference> references;
    references.push_back(make_reference(directory, template_database, {}, "everyone"));
    references.push_back(
        make_reference(directory, template_database, {"--before", "2026-11-30"}, "before the second day"));
    for (const auto& reference : references) {
        ASSERT_LT(reference.after.delegates, reference.before.delegates) << reference.name;
        ASSERT_FALSE(reference.needles.empty()) << reference.name;
        std::cout << "[ kill purge ] purge of " << reference.name << " takes "
                  << median(reference.run_times).count() << " µs (median): " << describe(reference.before)
                  << " → " << describe(reference.after) << "\n";
    }

    // Kills counted as for sync: processes the signal ended, at most three attempts per kill.
    const int kills = runs_from_environment("KIOSK_KILL_PURGE_KILLS", default_purge_kills);
    const auto database = directory.file("mirror.db");
    int killed_before_done = 0;
    int killed_after_done = 0;
    int finished_before_kill = 0;
    int printed = 0;
    const auto loop_started = steady_clock::now();
    int runs = 0;
    for (; killed_before_done + killed_after_done < kills && runs < 3 * kills; ++runs) {
        const int run = runs;
        auto& reference = references[static_cast<std::size_t>(run) % references.size()];
        SCOPED_TRACE("run " + std::to_string(run) + ", purge of " + reference.name);
        for (const char* suffix : {"", "-wal", "-shm"}) {
            std::filesystem::remove(database + suffix);
        }
        copy_file(template_database, database);
        const auto bound = median(reference.run_times).count() * 11 / 10;
        const auto started = steady_clock::now();
        ChildProcess child(purge_command(database, reference.arguments));
        std::this_thread::sleep_for(
            microseconds(std::uniform_int_distribution<std::int64_t>(0, bound)(random)));
        child.kill(SIGKILL);
        const auto result = child.wait(std::chrono::seconds(60));
        ASSERT_FALSE(result.timed_out) << result.describe();
        const bool acknowledged =
            result.out.find("Purged ") != std::string::npos && result.out.find('\n') != std::string::npos;
        if (result.signal != SIGKILL) {
            ++finished_before_kill;
            remember(reference.run_times, since(started));
            EXPECT_EQ(result.exit_code, 0) << result.describe();
            EXPECT_TRUE(acknowledged) << result.describe();
        }

        EXPECT_EQ(integrity_of(database), "ok");
        const auto found = purge_state_of(database);
        const bool done = found == reference.after;
        EXPECT_TRUE(done || found == reference.before)
            << "a killed purge left a part of it: " << describe(found) << "; before "
            << describe(reference.before) << ", after " << describe(reference.after);
        if (result.signal == SIGKILL) {
            ++(done ? killed_after_done : killed_before_done);
        }
        if (acknowledged) {
            // "Purged …" comes after the checkpoint and the VACUUM: nothing personal is left already.
            ++printed;
            EXPECT_TRUE(done) << "printed \"Purged\" but the purge is not in the file";
            const auto bytes = database_bytes(database);
            for (const auto& needle : reference.needles) {
                EXPECT_FALSE(holds(bytes, needle))
                    << "a purged person's value is in the file after \"Purged\"";
            }
        }

        // The organiser runs it again: it finishes the job and counts nobody twice.
        const auto rerun = run_process(purge_command(database, reference.arguments));
        ASSERT_EQ(rerun.exit_code, 0) << rerun.describe();
        EXPECT_EQ(purge_state_of(database), reference.after) << "after the purge was run again";
        const auto bytes = database_bytes(database);
        for (const auto& needle : reference.needles) {
            EXPECT_FALSE(holds(bytes, needle)) << "a purged person's value is still in the file";
        }
        if (::testing::Test::HasFailure()) {
            break;
        }
    }
    std::cout
        << "[ kill purge ] " << runs << " runs in "
        << std::chrono::duration_cast<std::chrono::milliseconds>(steady_clock::now() - loop_started).count()
        << " ms: " << killed_before_done << " killed before the purge was in the file, " << killed_after_done
        << " killed after, " << finished_before_kill << " finished before the kill (" << printed
        << " printed \"Purged\")\n";
    EXPECT_EQ(killed_before_done + killed_after_done, kills)
        << "too many runs finished before their signal; the delays are too long";
    EXPECT_GE(killed_before_done, 1) << "no kill landed before the purge's commit; the delays are too long";
    EXPECT_GE(killed_after_done, 1) << "no kill landed after the purge's commit; the delays are too short";
}

} // namespace
} // namespace checkin::test
