// Benchmarks of the mirror on a synthetic roster built from the seminar fixture's names:
// import (parse + validate + write) of N rows, look-up by code as a scanner delivers it, name search,
// and the durable check-in commit. Prints percentiles; asserts nothing about time (shared machines
// make timing assertions flaky) but fails when a look-up or search gives a wrong answer.
//
//   mirror_bench [--delegates N] [--lookups N] [--searches N] [--checkins N] [--dir DIR]

#include "sync/csv.hpp"
#include "sync/mirror.hpp"
#include "sync/scan_code.hpp"
#include "sync/text_encoding.hpp"
#include "tests/bench/noise_floor.hpp"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <iostream>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace {

using namespace checkin;
using Clock = std::chrono::steady_clock;

struct Options {
    std::size_t delegates = 100'000;
    std::size_t lookups = 20'000;
    std::size_t searches = 2'000;
    std::size_t checkins = 200;
    std::filesystem::path directory;
};

struct Names {
    std::vector<std::string> first_names;
    std::vector<std::string> last_names;
    std::vector<std::string> organisations;
};

double microseconds(Clock::duration duration) {
    return std::chrono::duration<double, std::micro>(duration).count();
}

struct Percentiles {
    double p50 = 0;
    double p99 = 0;
    double maximum = 0;
};

Percentiles percentiles(std::vector<double> samples) {
    std::sort(samples.begin(), samples.end());
    const auto at = [&](double fraction) {
        const auto index = static_cast<std::size_t>(fraction * static_cast<double>(samples.size() - 1));
        return samples[index];
    };
    return {at(0.50), at(0.99), samples.back()};
}

[[noreturn]] void die(const std::string& message) {
    std::cerr << "mirror_bench: " << message << '\n';
    std::exit(1);
}

Names names_from_fixture() {
    std::ifstream in(CHECKIN_TEST_DATA "/serock-roster.csv", std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    auto decoded = sync::decode_roster_bytes(bytes.str(), sync::EncodingChoice::automatic);
    if (!decoded) {
        die(decoded.error().message);
    }
    auto table = sync::parse_csv(decoded->utf8, sync::DelimiterChoice::automatic);
    if (!table) {
        die(table.error().message);
    }
    std::set<std::string> first, last, organisations;
    for (std::size_t index = 1; index < table->records.size(); ++index) {
        const auto& fields = table->records[index].fields;
        first.insert(fields[1]);
        last.insert(fields[2]);
        organisations.insert(fields[3]);
    }
    return {{first.begin(), first.end()},
            {last.begin(), last.end()},
            {organisations.begin(), organisations.end()}};
}

std::string quoted(const std::string& text) {
    return "\"" + text + "\"";
}

// A roster of `count` delegates: names and organisations recombined from the fixture, unique codes.
std::string synthetic_roster(const Names& names, std::size_t count, std::vector<std::string>& codes,
                             std::mt19937& random) {
    static constexpr std::string_view alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    std::set<std::string> used;
    std::string csv = "Kod;Imię;Nazwisko;Instytucja;Stanowisko;Partnerstwo;Województwo;Rola;Dni;E-mail\n";
    csv.reserve(count * 120);
    const auto pick = [&](const std::vector<std::string>& list) -> const std::string& {
        return list[std::uniform_int_distribution<std::size_t>(0, list.size() - 1)(random)];
    };
    while (codes.size() < count) {
        std::string code = "B-";
        for (int index = 0; index < 8; ++index) {
            code += alphabet[std::uniform_int_distribution<std::size_t>(0, alphabet.size() - 1)(random)];
        }
        if (!used.insert(code).second) {
            continue;
        }
        codes.push_back(code);
        const auto day = std::uniform_int_distribution<int>(0, 2)(random);
        const char* days = day == 0 ? "29.11" : day == 1 ? "30.11" : "29.11,30.11";
        csv += fmt::format("{};{};{};{};Specjalista;;mazowieckie;Uczestnik;{};{}@example.org\n", code,
                           pick(names.first_names), pick(names.last_names), quoted(pick(names.organisations)),
                           quoted(days), code);
    }
    return csv;
}

// Queries a receptionist types: a last name, a prefix of it, "first-prefix last-prefix" in either order,
// without diacritics or in capitals.
std::vector<std::string> search_queries(const Names& names, std::size_t count, std::mt19937& random) {
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
        char pattern[] = "/tmp/mirror-bench-XXXXXX";
        if (::mkdtemp(pattern) == nullptr) {
            die("cannot create a temporary directory");
        }
        options.directory = pattern;
    }
    std::mt19937 random(20261129);
    const auto names = names_from_fixture();
    std::vector<std::string> codes;
    const auto csv = synthetic_roster(names, options.delegates, codes, random);
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
    for (const auto& query : search_queries(names, options.searches, random)) {
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
    if (auto hits = mirror->search(names.last_names.front(), 20); !hits || hits->empty()) {
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
