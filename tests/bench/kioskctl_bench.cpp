// kioskctl as a person uses it: whole processes, start-up and all. A synthetic roster of N delegates is
// imported with the real kioskctl; then `find` (the first run builds the name index and keeps it in the
// mirror, every later run loads it), `--version` and `stats` are run again and again and timed from fork
// to exit. It fails on a wrong answer (a find that does not list the last name searched for), never on
// time.
//
//   kioskctl_bench [--delegates N] [--runs N]

#include "tests/bench/bench_support.hpp"
#include "tests/bench/synthetic_roster.hpp"
#include "tests/kiosk/process.hpp"

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <fmt/format.h>
#include <fstream>
#include <random>

namespace {

using namespace checkin;

[[noreturn]] void die(const std::string& message) {
    fmt::print(stderr, "kioskctl_bench: {}\n", message);
    std::exit(1);
}

struct Timed {
    test::ProcessResult result;
    double milliseconds = 0;
};

Timed timed(const std::vector<std::string>& arguments) {
    const auto started = bench::Clock::now();
    auto result = test::run_process(arguments, std::chrono::seconds(120));
    return {std::move(result), bench::milliseconds(bench::Clock::now() - started)};
}

} // namespace

int main(int argc, char** argv) {
    CLI::App app{"kioskctl as whole processes"};
    std::size_t delegates = 100'000;
    std::size_t runs = 50;
    app.add_option("--delegates", delegates, "Delegates in the synthetic roster");
    app.add_option("--runs", runs, "Runs of each command");
    CLI11_PARSE(app, argc, argv);

    const std::string kioskctl = std::string(CHECKIN_BIN_DIR) + "/kioskctl";
    test::TemporaryDirectory folder;
    auto names = bench::names_from_fixture(std::string(CHECKIN_TEST_DATA) + "/serock-roster.csv");
    if (!names) {
        die(names.error());
    }
    std::mt19937 random(20261129);
    std::vector<std::string> codes;
    const std::string roster = folder.file("roster.csv");
    std::ofstream(roster) << bench::synthetic_roster(*names, delegates, codes, random,
                                                     bench::RosterDays::random);
    const std::string database = folder.file("mirror.db");
    const auto imported =
        timed({kioskctl, "--db", database, "import", roster, "--event-days", "2026-11-29,2026-11-30"});
    if (imported.result.exit_code != 0) {
        die("the import failed: " + imported.result.describe());
    }

    // Last names from the fixture, each searched whole.
    std::vector<std::string> queries;
    for (std::size_t index = 0; index < runs; ++index) {
        queries.push_back(names->last_names[index * 7 % names->last_names.size()]);
    }
    const auto find = [&](const std::string& query) {
        auto run = timed({kioskctl, "--db", database, "find", query});
        if (run.result.exit_code != 0 || run.result.out.find(query) == std::string::npos) {
            die(fmt::format("find {} answered wrongly: {}", query, run.result.describe()));
        }
        return run.milliseconds;
    };
    const double first_find = find(queries.front());
    std::vector<double> finds, versions, stats;
    for (const auto& query : queries) {
        finds.push_back(find(query));
        auto version = timed({kioskctl, "--version"});
        if (!version.result.out.starts_with("kioskctl")) {
            die("--version answered " + version.result.describe());
        }
        versions.push_back(version.milliseconds);
        auto statistics = timed({kioskctl, "--db", database, "stats"});
        if (statistics.result.exit_code != 0) {
            die("stats failed: " + statistics.result.describe());
        }
        stats.push_back(statistics.milliseconds);
    }
    const auto row = [](std::string_view what, const std::vector<double>& samples) {
        const auto figures = bench::percentiles(samples);
        fmt::print("| {} | {:.1f} / {:.1f} / {:.1f} ms |\n", what, figures.p50, figures.p95, figures.maximum);
    };
    fmt::print("{} delegates, {} runs each, whole processes (fork to exit)\n\n", delegates, runs);
    fmt::print("| command | p50 / p95 / max |\n|---|---|\n");
    fmt::print("| import of the roster | {:.0f} ms |\n", imported.milliseconds);
    fmt::print("| first find (builds the name index, keeps it in the mirror) | {:.1f} ms |\n", first_find);
    row("find (loads the kept index)", finds);
    row("--version (start-up alone)", versions);
    row("stats", stats);
    return 0;
}
