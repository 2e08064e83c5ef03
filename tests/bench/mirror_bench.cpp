// Benchmarks of the mirror on a synthetic roster built from the seminar fixture's names:
// import (parse + validate + write) of N rows, look-up by code as a scanner delivers it, name search,
// and the durable check-in commit. Prints percentiles; asserts nothing about time (shared machines
// make timing assertions flaky) but fails when a look-up or search gives a wrong answer.
//
//   mirror_bench [--delegates N] [--lookups N] [--searches N] [--checkins N] [--dir DIR]

#include "sync/mirror/mirror.hpp"
#include "sync/roster/scan_code.hpp"
#include "tests/bench/bench_support.hpp"
#include "tests/bench/noise_floor.hpp"
#include "tests/bench/synthetic_roster.hpp"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fmt/format.h>
#include <iostream>
#include <random>
#include <string>
#include <vector>

namespace {

using namespace checkin;
using bench::Clock;
using bench::microseconds;
using bench::percentiles;

struct Options {
    std::size_t delegates = 100'000;
    std::size_t lookups = 20'000;
    std::size_t searches = 2'000;
    std::size_t checkins = 200;
    std::filesystem::path directory;
};

[[noreturn]] void die(const std::string& message) {
    std::cerr << "mirror_bench: " << message << '\n';
    std::exit(1);
}

// Queries a receptionist types: a last name, a prefix of it, "first-prefix last-prefix" in either order,
// without diacritics or in capitals.
std::vector<std::string> search_queries(const bench::Names& names, std::size_t count, std::mt19937& random) {
    std::vector<std::string> queries;
    const auto pick = [&](const std::vector<std::string>& list) -> const std::string& {
        return list[std::uniform_int_distribution<std::size_t>(0, list.size() - 1)(random)];
    };
    const auto prefix = [&](const std::string& word, std::size_t length) {
        // Cut at a character boundary: never inside a multi-byte letter.
        std::size_t end = std::min(length, word.size());
        while (end < word.size() && (static_cast<unsigned char>(word[end]) & 0xC0U) == 0x80U) {
            ++end;
        }
        return word.substr(0, end);
    };
    while (queries.size() < count) {
        const auto& first = pick(names.first_names);
        const auto& last = pick(names.last_names);
        switch (queries.size() % 5) {
        case 0:
            queries.push_back(last);
            break;
        case 1:
            queries.push_back(prefix(last, 3));
            break;
        case 2:
            queries.push_back(prefix(last, 3) + " " + prefix(first, 2));
            break;
        case 3:
            queries.push_back(prefix(first, 4) + " " + prefix(last, 4));
            break;
        default:
            queries.push_back(prefix(last, 2));
            break;
        }
    }
    return queries;
}

Options parse_options(int argc, char** argv) {
    Options options;
    for (int index = 1; index < argc; ++index) {
        const std::string flag = argv[index];
        if (index + 1 >= argc) {
            die("missing value after " + flag);
        }
        const std::string value = argv[++index];
        if (flag == "--delegates") {
            options.delegates = std::stoul(value);
        } else if (flag == "--lookups") {
            options.lookups = std::stoul(value);
        } else if (flag == "--searches") {
            options.searches = std::stoul(value);
        } else if (flag == "--checkins") {
            options.checkins = std::stoul(value);
        } else if (flag == "--dir") {
            options.directory = value;
        } else {
            die("unknown option " + flag);
        }
    }
    return options;
}

} // namespace

int main(int argc, char** argv) {
    auto options = parse_options(argc, argv);
    const bool own_directory = options.directory.empty();
    if (own_directory) {
        options.directory = bench::make_temporary_folder("mirror-bench");
        if (options.directory.empty()) {
            die("cannot create a temporary directory");
        }
    }
    std::mt19937 random(20261129);
    const auto names = bench::names_from_fixture(CHECKIN_TEST_DATA "/serock-roster.csv");
    if (!names) {
        die(names.error());
    }
    std::vector<std::string> codes;
    const auto csv =
        bench::synthetic_roster(*names, options.delegates, codes, random, bench::RosterDays::random);
    const sync::Event event{"Benchmark", sync::parse_event_days("2026-11-29,2026-11-30").value()};

    // Import: what `kioskctl import` does after reading the file.
    const auto database = options.directory / "bench.sqlite";
    std::filesystem::remove(database);
    const auto import_start = Clock::now();
    auto roster = sync::parse_roster(csv, {}, event);
    if (!roster) {
        die("the synthetic roster was refused: " + roster.error().front().message);
    }
    const auto parsed = Clock::now();
    auto mirror = sync::Mirror::open(database);
    if (!mirror) {
        die(mirror.error().message);
    }
    if (auto stored = mirror->set_event(event); !stored) {
        die(stored.error().message);
    }
    auto summary = mirror->apply_roster(roster->entries, sync::WriteMode::write);
    if (!summary || summary->added != options.delegates) {
        die("the import did not add every delegate");
    }
    const auto import_end = Clock::now();

    // Look-up by code, as a scanner sends it: AIM prefix and a CR LF terminator.
    std::vector<double> lookup_samples;
    lookup_samples.reserve(options.lookups);
    for (std::size_t index = 0; index < options.lookups; ++index) {
        const auto& code = codes[std::uniform_int_distribution<std::size_t>(0, codes.size() - 1)(random)];
        const std::string payload = "]Q1" + code + "\r\n";
        const auto start = Clock::now();
        auto normalised = sync::normalise_scanned_code(payload);
        auto record = mirror->find_by_code(normalised.value());
        const auto end = Clock::now();
        if (!record || !*record || (*record)->delegate.code != code) {
            die("look-up of " + code + " failed");
        }
        lookup_samples.push_back(microseconds(end - start));
    }

    // The first search builds the in-memory name index; it is reported on its own line.
    const auto index_start = Clock::now();
    if (auto warm = mirror->search("a", 1); !warm) {
        die(warm.error().message);
    }
    const auto index_end = Clock::now();

    std::vector<double> search_samples;
    std::size_t empty_searches = 0;
    for (const auto& query : search_queries(*names, options.searches, random)) {
        const auto start = Clock::now();
        auto hits = mirror->search(query, 20);
        const auto end = Clock::now();
        if (!hits) {
            die(hits.error().message);
        }
        if (hits->empty()) {
            ++empty_searches;
        }
        search_samples.push_back(microseconds(end - start));
    }
    // Every query is built from names in the roster, so a whole last name must always be found.
    if (auto hits = mirror->search(names->last_names.front(), 20); !hits || hits->empty()) {
        die("searching for a last name in the roster found nobody");
    }

    std::vector<double> checkin_samples;
    for (std::size_t index = 0; index < std::min(options.checkins, codes.size()); ++index) {
        sync::CheckinRequest request{codes[index], "bench", "bench", 1'700'000'000'000,
                                     sync::parse_iso_day("2026-11-28").value()};
        const auto start = Clock::now();
        auto result = mirror->check_in(request);
        const auto end = Clock::now();
        if (!result || result->outcome != sync::CheckinOutcome::admitted) {
            die("check-in of " + codes[index] + " was not admitted");
        }
        checkin_samples.push_back(microseconds(end - start));
    }

    const auto lookups = percentiles(lookup_samples);
    const auto noise = percentiles(bench::noise_floor_microseconds(lookups.p50, lookup_samples.size()));
    const auto searches = percentiles(search_samples);
    const auto checkins = percentiles(checkin_samples);
    fmt::print("mirror_bench: {} delegates, {} look-ups, {} searches ({} with no hit), {} check-ins\n",
               options.delegates, options.lookups, options.searches, empty_searches, checkin_samples.size());
    fmt::print("| measure | result |\n|---|---|\n");
    fmt::print("| import {} rows (parse + validate) | {:.0f} ms |\n", options.delegates,
               std::chrono::duration<double, std::milli>(parsed - import_start).count());
    fmt::print("| import {} rows (total, into a new mirror) | {:.0f} ms |\n", options.delegates,
               std::chrono::duration<double, std::milli>(import_end - import_start).count());
    fmt::print("| look-up by code p50 / p99 / max | {:.1f} / {:.1f} / {:.1f} µs |\n", lookups.p50,
               lookups.p99, lookups.maximum);
    fmt::print("| machine noise: a pure CPU loop of the look-up's p50, p50 / p99 | {:.1f} / {:.1f} µs |\n",
               noise.p50, noise.p99);
    fmt::print("| name index build (first search after a change) | {:.0f} ms |\n",
               std::chrono::duration<double, std::milli>(index_end - index_start).count());
    fmt::print("| name search p50 / p99 / max | {:.2f} / {:.2f} / {:.2f} ms |\n", searches.p50 / 1000,
               searches.p99 / 1000, searches.maximum / 1000);
    fmt::print("| durable check-in p50 / p99 | {:.2f} / {:.2f} ms |\n", checkins.p50 / 1000,
               checkins.p99 / 1000);
    if (own_directory) {
        std::filesystem::remove_all(options.directory);
    }
    return 0;
}
