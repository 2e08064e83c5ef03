// "Printed means stored": kioskctl checkin prints its result only after the check-in is committed, so a
// crash can lose a check-in nobody was told about, never one that was acknowledged. This test kills
// `kioskctl checkin` with SIGKILL at random moments, many times, on a real mirror, then opens the mirror
// and finds every check-in whose result reached the pipe.

#include "sync/mirror/mirror.hpp"
#include "tests/kiosk/ctl/kill_test_support.hpp"
#include "tests/kiosk/process.hpp"

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdlib>
#include <gtest/gtest.h>
#include <iostream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <random>
#include <sqlite3.h>
#include <string>
#include <thread>
#include <vector>

namespace checkin::test {
namespace {

using nlohmann::json;
using std::chrono::microseconds;
using std::chrono::steady_clock;

constexpr const char* day_text = "2026-11-30";
constexpr int unkilled_calibration_runs = 5;
constexpr int default_killed_runs = 200;

int killed_runs() {
    return kill_support::runs_from_environment("KIOSK_KILL_RUNS", default_killed_runs);
}

using kill_support::query;
using kill_support::seed;

// A complete JSON result on stdout, or a discarded value when nothing (or only part of it) was printed.
json printed_result(const std::string& out) {
    if (out.empty()) {
        return json(json::value_t::discarded);
    }
    return json::parse(out, nullptr, false);
}

std::vector<std::string> checkin_command(const std::string& database, const std::string& code) {
    return {kioskctl_path(), "--db", database,  "--date",     day_text,
            "checkin",       code,   "--kiosk", "crash-test", "--json"};
}

TEST(KillCheckin, EveryPrintedCheckinSurvivesSigkill) {
    TemporaryDirectory directory;
    const std::string database = directory.file("mirror.db");
    const auto imported =
        run_kioskctl({"--db", database, "import", std::string(CHECKIN_TEST_DATA) + "/serock-roster.csv",
                      "--event-days", "2026-11-29,2026-11-30", "--event-name", "Serock"});
    ASSERT_EQ(imported.exit_code, 0) << imported.describe();

    const std::uint32_t random_seed = seed();
    std::cout << "[ kill test ] seed " << random_seed << " (set KIOSK_KILL_SEED to repeat)\n";
    std::mt19937 random(random_seed);

    // The delegates admitted on 30.11, in random order; each is used once.
    const sync::Day day = *sync::parse_iso_day(day_text);
    std::vector<std::string> codes;
    {
        auto mirror = sync::Mirror::open(database);
        ASSERT_TRUE(mirror.has_value()) << mirror.error().message;
        auto event = mirror->event();
        ASSERT_TRUE(event.has_value()) << event.error().message;
        auto records = mirror->all_delegates();
        ASSERT_TRUE(records.has_value()) << records.error().message;
        for (const auto& record : *records) {
            if (sync::admitted_on(record.delegate.days, *event, day)) {
                codes.push_back(record.delegate.code);
            }
        }
    } // closed: the children are the only connections while they run
    std::shuffle(codes.begin(), codes.end(), random);
    const int runs = killed_runs();
    ASSERT_GE(codes.size(), static_cast<std::size_t>(unkilled_calibration_runs + runs))
        << "not enough delegates admitted on " << day_text << " for that many runs";
    std::size_t next_code = 0;

    std::map<std::string, std::string> acknowledged; // code → the event id printed with "admitted"
    std::vector<std::string> unacknowledged;

    // Calibration: how long an undisturbed check-in takes, from spawn to exit and to its output.
    std::vector<microseconds> run_times;
    std::vector<microseconds> print_times;
    for (int run = 0; run < unkilled_calibration_runs; ++run) {
        const auto& code = codes[next_code++];
        const auto started = steady_clock::now();
        ChildProcess child(checkin_command(database, code));
        while (child.out().empty() && !child.output_closed()) {
            child.pump(std::chrono::milliseconds(1000));
        }
        print_times.push_back(std::chrono::duration_cast<microseconds>(steady_clock::now() - started));
        const auto result = child.wait();
        run_times.push_back(std::chrono::duration_cast<microseconds>(steady_clock::now() - started));
        ASSERT_EQ(result.exit_code, 0) << result.describe();
        const auto printed = printed_result(result.out);
        ASSERT_FALSE(printed.is_discarded()) << result.describe();
        ASSERT_EQ(printed["outcome"], "admitted") << result.out;
        acknowledged[code] = printed["event_id"].get<std::string>();
    }
    const auto median = [](std::vector<microseconds> times) {
        std::ranges::sort(times);
        return times[times.size() / 2];
    };
    std::cout << "[ kill test ] an undisturbed check-in prints after " << median(print_times).count()
              << " µs and exits after " << median(run_times).count() << " µs (medians)\n";

    // Most kills land at a uniformly random moment between the spawn and a little past the typical exit;
    // the rest wait until the result is on the pipe and kill at once or within the next few milliseconds,
    // while the process is still closing the database: the narrow window right after the acknowledgement.
    // The typical run is re-estimated from the latest observed print times, because the machine's load
    // (a parallel build, other tests) changes the run time several-fold during the loop.
    std::vector<microseconds> recent_print_times = print_times;
    std::vector<microseconds> recent_run_times = run_times;
    const auto kill_bound = [&] {
        const auto print = median(recent_print_times).count();
        const auto run = median(recent_run_times).count();
        return std::max(print * 13 / 10, run * 11 / 10);
    };
    const auto remember = [](std::vector<microseconds>& times, microseconds time) {
        times.push_back(time);
        if (times.size() > 15) {
            times.erase(times.begin());
        }
    };
    std::uniform_int_distribution<std::int64_t> just_after_print(0, 3000);
    std::bernoulli_distribution kill_after_print(0.3);
    std::bernoulli_distribution kill_at_once(0.5);

    int killed_before_print = 0;  // the signal ended it and no complete result had been printed
    int killed_after_print = 0;   // the signal ended it after the complete result was printed
    int finished_before_kill = 0; // it exited on its own before the signal arrived
    int partial_output = 0;       // something, but not a complete JSON result, reached the pipe (not an
                                  // acknowledgement; reported only)
    const auto loop_started = steady_clock::now();
    for (int run = 0; run < runs; ++run) {
        const auto& code = codes[next_code++];
        const auto started = steady_clock::now();
        ChildProcess child(checkin_command(database, code));
        if (kill_after_print(random)) {
            const auto deadline = started + std::chrono::seconds(10);
            while (child.out().empty() && !child.output_closed() && steady_clock::now() < deadline) {
                child.pump(std::chrono::milliseconds(100));
            }
            if (!child.out().empty()) {
                remember(recent_print_times,
                         std::chrono::duration_cast<microseconds>(steady_clock::now() - started));
            }
            // Half of these right away: on a fast machine the process may close the database within a
            // fraction of a millisecond of printing.
            if (!kill_at_once(random)) {
                std::this_thread::sleep_for(microseconds(just_after_print(random)));
            }
        } else {
            std::uniform_int_distribution<std::int64_t> anywhere(0, kill_bound());
            std::this_thread::sleep_for(microseconds(anywhere(random)));
        }
        child.kill(SIGKILL);
        const auto result = child.wait(std::chrono::seconds(30));
        if (result.signal == 0) {
            // Ran to the end before the kill: its run time is known (to within the reaping delay).
            remember(recent_run_times,
                     std::chrono::duration_cast<microseconds>(steady_clock::now() - started));
        }
        ASSERT_FALSE(result.timed_out) << result.describe();
        const auto printed = printed_result(result.out);
        const bool complete = !printed.is_discarded();
        if (!complete && !result.out.empty()) {
            ++partial_output;
        }
        if (result.signal == SIGKILL) {
            ++(complete ? killed_after_print : killed_before_print);
        } else {
            ++finished_before_kill;
            EXPECT_EQ(result.exit_code, 0) << result.describe();
            EXPECT_TRUE(complete) << "a check-in that ran to the end must print its result\n"
                                  << result.describe();
        }
        if (complete) {
            ASSERT_EQ(printed["outcome"], "admitted") << "each code is used once\n" << result.describe();
            acknowledged[code] = printed["event_id"].get<std::string>();
        } else {
            unacknowledged.push_back(code);
        }
    }
    const auto loop_time =
        std::chrono::duration_cast<std::chrono::milliseconds>(steady_clock::now() - loop_started);
    std::cout << "[ kill test ] " << runs << " runs in " << loop_time.count()
              << " ms: " << killed_before_print << " killed before printing, " << killed_after_print
              << " killed after printing, " << finished_before_kill << " finished before the kill, "
              << partial_output << " with partial output\n";

    // The crash window was really exercised, on both sides of the acknowledgement.
    EXPECT_GE(killed_before_print, 1) << "no run was killed before it printed; the delays are too long";
    EXPECT_GE(killed_after_print, 1) << "no run was killed after it printed; the delays are too short";

    // The file survived every kill.
    const auto integrity = query(database, "PRAGMA integrity_check");
    ASSERT_EQ(integrity.size(), 1u);
    EXPECT_EQ(integrity[0][0], "ok");

    // Every acknowledged check-in is in the mirror, with the very event id that was printed.
    {
        auto mirror = sync::Mirror::open(database);
        ASSERT_TRUE(mirror.has_value()) << mirror.error().message;
        for (const auto& [code, event_id] : acknowledged) {
            SCOPED_TRACE(code);
            auto record = mirror->find_by_code(code);
            ASSERT_TRUE(record.has_value()) << record.error().message;
            ASSERT_TRUE(record->has_value());
            const auto& attendance = (*record)->attendance;
            EXPECT_TRUE(std::ranges::any_of(attendance, [&](const auto& a) { return a.day == day; }))
                << "printed \"admitted\" but the mirror has no check-in on " << day_text;
            auto events = mirror->events_of(code);
            ASSERT_TRUE(events.has_value()) << events.error().message;
            EXPECT_TRUE(std::ranges::any_of(*events, [&](const auto& e) { return e.id == event_id; }))
                << "the printed event " << event_id << " is not in the journal";
        }
    }

    // A kiosk retries after a crash: each unacknowledged code is admitted now, or was committed just
    // before the kill and is already checked in; never checked in twice.
    int committed_unacknowledged = 0;
    for (const auto& code : unacknowledged) {
        const auto result = run_process(checkin_command(database, code));
        const auto printed = printed_result(result.out);
        ASSERT_FALSE(printed.is_discarded()) << result.describe();
        if (printed["outcome"] == "already_checked_in") {
            ++committed_unacknowledged;
            EXPECT_EQ(result.exit_code, 1) << result.describe();
        } else {
            EXPECT_EQ(printed["outcome"], "admitted") << result.describe();
            EXPECT_EQ(result.exit_code, 0) << result.describe();
        }
    }
    std::cout << "[ kill test ] " << acknowledged.size()
              << " check-ins acknowledged, each looked up in the mirror; " << committed_unacknowledged
              << " of " << unacknowledged.size()
              << " unacknowledged ones had been committed before the kill\n";

    const auto duplicates =
        query(database, std::string("SELECT delegate_code, COUNT(*) FROM checkin_events WHERE "
                                    "kind = 'checkin' AND day = '") +
                            day_text + "' GROUP BY delegate_code HAVING COUNT(*) > 1");
    for (const auto& row : duplicates) {
        ADD_FAILURE() << row[0] << " has " << row[1] << " check-in events on " << day_text;
    }
    const auto total = query(database, std::string("SELECT COUNT(DISTINCT delegate_code), COUNT(*) FROM "
                                                   "checkin_events WHERE kind = 'checkin' AND day = '") +
                                           day_text + "'");
    ASSERT_EQ(total.size(), 1u);
    const auto used = std::to_string(next_code);
    EXPECT_EQ(total[0][0], used) << "every code used has been checked in once the retries are done";
    EXPECT_EQ(total[0][1], used) << "one check-in event per delegate and day";
    const auto after = query(database, "PRAGMA integrity_check");
    ASSERT_EQ(after.size(), 1u);
    EXPECT_EQ(after[0][0], "ok");
}

} // namespace
} // namespace checkin::test
