// Push throughput into the hub's stores, without HTTP: the same check-in events, in batches, into
//   - the SQLite store (a new file under /tmp, one thread),
//   - the PostgreSQL store (a new database, one thread),
//   - the PostgreSQL store from several threads at once, each thread its own store (as separate hub
//     instances on one database would be), the batches shared out between them;
// then every event pulled back with events_since in pages of 1,000, as a kiosk's first round does.
// PostgreSQL is a server of the benchmark's own (Debian's postgresql-15, started as the tests start it,
// but with durable commits: fsync and synchronous_commit on), or the one --postgresql names.
// Prints the figures; asserts nothing about time, but fails (exit 1) on a wrong answer: a batch not
// acknowledged exactly, an event not accepted once, a replay that accepts any, a pull that does not
// return every event once with sequences 1 … N.
//
//   hub_store_bench [--events N] [--delegates N] [--batch N] [--threads N] [--runs N]
//                   [--postgresql URI-of-a-maintenance-database]

#include "sync/hub/postgresql.hpp"
#include "sync/hub/postgresql_hub_store.hpp"
#include "sync/hub/sqlite_hub_store.hpp"
#include "sync/roster/roster.hpp"
#include "tests/bench/bench_support.hpp"
#include "tests/bench/synthetic_roster.hpp"
#include "tests/sync/hub/postgresql_server.hpp"

#include <atomic>
#include <barrier>
#include <cstdio>
#include <cstdlib>
#include <fmt/format.h>
#include <fstream>
#include <iostream>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

namespace {

using namespace checkin;
using bench::Clock;

struct Options {
    std::size_t events = 100'000;
    std::size_t delegates = 5'000;
    std::size_t batch = 500;
    std::size_t threads = 3;
    std::size_t runs = 3;
    std::string postgresql; // empty: start a server of our own
};

[[noreturn]] void die(const std::string& message) {
    std::cerr << "hub_store_bench: " << message << '\n';
    std::cerr.flush();
    std::fflush(stdout);
    std::_Exit(1);
}

void check(bool condition, const std::string& message) {
    if (!condition) {
        die(message);
    }
}

template <typename T> T value_or_die(sync::Result<T> result, std::string_view what) {
    if (!result) {
        die(fmt::format("{}: {} {}", what, result.error().message, result.error().detail));
    }
    return std::move(*result);
}

std::size_t number(const std::string& flag, const char* value) {
    char* end = nullptr;
    const auto parsed = std::strtoull(value, &end, 10);
    if (end == value || *end != '\0' || parsed == 0) {
        die(fmt::format("{} needs a positive number", flag));
    }
    return static_cast<std::size_t>(parsed);
}

Options parse_options(int argc, char** argv) {
    Options options;
    for (int index = 1; index < argc; ++index) {
        const std::string flag = argv[index];
        if (index + 1 >= argc) {
            die(flag + " needs a value");
        }
        const char* value = argv[++index];
        if (flag == "--events") {
            options.events = number(flag, value);
        } else if (flag == "--delegates") {
            options.delegates = number(flag, value);
        } else if (flag == "--batch") {
            options.batch = number(flag, value);
        } else if (flag == "--threads") {
            options.threads = number(flag, value);
        } else if (flag == "--runs") {
            options.runs = number(flag, value);
        } else if (flag == "--postgresql") {
            options.postgresql = value;
        } else {
            die("unknown option " + flag);
        }
    }
    if (options.batch > sync::push_batch_maximum) {
        die(fmt::format("--batch may be at most {} (the hub's limit)", sync::push_batch_maximum));
    }
    return options;
}

// The events as push requests of `batch`, from kiosks kiosk-0 … kiosk-(threads-1) in turn; every
// delegate's check-ins alternate between the event's two days.
std::vector<sync::PushRequest> make_requests(const Options& options, const std::vector<std::string>& codes,
                                             std::size_t run) {
    constexpr sync::Day first_day{std::chrono::year{2026}, std::chrono::November, std::chrono::day{29}};
    constexpr sync::Day second_day{std::chrono::year{2026}, std::chrono::November, std::chrono::day{30}};
    std::vector<sync::PushRequest> requests;
    for (std::size_t first = 0; first < options.events; first += options.batch) {
        sync::PushRequest request;
        request.kiosk_id = fmt::format("kiosk-{}", requests.size() % options.threads);
        for (std::size_t index = first; index < std::min(options.events, first + options.batch); ++index) {
            sync::CheckinEvent event;
            event.id = fmt::format("run{}-event-{:08}", run, index);
            event.delegate_code = codes[index % codes.size()];
            event.day = (index / codes.size()) % 2 == 0 ? first_day : second_day;
            event.at_milliseconds =
                std::chrono::duration_cast<std::chrono::milliseconds>(
                    (std::chrono::sys_days{event.day} + std::chrono::hours{8}).time_since_epoch())
                    .count() +
                static_cast<std::int64_t>(index);
            event.kiosk_id = request.kiosk_id;
            event.operator_name = "self-service";
            request.events.push_back(std::move(event));
        }
        requests.push_back(std::move(request));
    }
    return requests;
}

struct Pass {
    double events_per_second = 0;
    bench::Percentiles batch_milliseconds;
};

// Pushes every request once, shared out round-robin between one store per thread, and checks that each
// batch was acknowledged exactly and accepted (or, for a replay, accepted none).
Pass push_all(const std::vector<sync::PushRequest>& requests, const std::vector<sync::HubStore*>& stores,
              bool replay, std::string_view what) {
    std::vector<double> latencies;
    std::mutex latencies_mutex;
    std::atomic<std::size_t> wrong = 0;
    std::barrier start(static_cast<std::ptrdiff_t>(stores.size()) + 1);
    std::vector<std::thread> threads;
    for (std::size_t thread = 0; thread < stores.size(); ++thread) {
        threads.emplace_back([&, thread] {
            std::vector<double> own;
            start.arrive_and_wait();
            for (std::size_t index = thread; index < requests.size(); index += stores.size()) {
                const auto batch_start = Clock::now();
                auto reply = stores[thread]->push(requests[index]);
                own.push_back(bench::milliseconds(Clock::now() - batch_start));
                if (!reply || reply->acknowledged.size() != requests[index].events.size() ||
                    reply->accepted != (replay ? 0 : requests[index].events.size())) {
                    if (!reply) {
                        std::cerr << "hub_store_bench: " << reply.error().message << ' '
                                  << reply.error().detail << '\n';
                    }
                    ++wrong;
                }
            }
            std::lock_guard lock(latencies_mutex);
            latencies.insert(latencies.end(), own.begin(), own.end());
        });
    }
    start.arrive_and_wait();
    const auto began = Clock::now();
    for (auto& thread : threads) {
        thread.join();
    }
    const auto elapsed = std::chrono::duration<double>(Clock::now() - began).count();
    check(wrong == 0, fmt::format("{}: {} batches were not answered as they should be", what, wrong.load()));
    std::size_t events = 0;
    for (const auto& request : requests) {
        events += request.events.size();
    }
    return {static_cast<double>(events) / elapsed, bench::percentiles(std::move(latencies))};
}

// Pulls everything as a kiosk's first round does and checks it is every event once, numbered 1 … N.
double pull_all(sync::HubStore& store, std::size_t expected, std::string_view what) {
    const auto began = Clock::now();
    std::int64_t since = 0;
    std::size_t received = 0;
    while (true) {
        auto page = value_or_die(store.events_since(since, 1000), what);
        for (const auto& sequenced : page.events) {
            check(sequenced.sequence == since + 1,
                  fmt::format("{}: sequence {} after {}", what, sequenced.sequence, since));
            since = sequenced.sequence;
            ++received;
        }
        if (!page.more) {
            break;
        }
    }
    const auto elapsed = std::chrono::duration<double>(Clock::now() - began).count();
    check(received == expected, fmt::format("{}: pulled {} events of {}", what, received, expected));
    return static_cast<double>(received) / elapsed;
}

void check_statistics(sync::HubStore& store, std::size_t expected, std::string_view what) {
    const auto statistics = value_or_die(store.statistics(), what);
    check(statistics.events == expected,
          fmt::format("{}: the store holds {} events, not {}", what, statistics.events, expected));
}

struct RunResult {
    Pass sqlite;
    Pass postgresql;
    Pass postgresql_threads;
    Pass postgresql_replay;
    double sqlite_pull = 0;
    double postgresql_pull = 0;
};

std::string load_average() {
    std::ifstream in("/proc/loadavg");
    std::string one, five, fifteen;
    in >> one >> five >> fifteen;
    return one + " " + five + " " + fifteen;
}

} // namespace

int main(int argc, char** argv) {
    const auto options = parse_options(argc, argv);
    const auto folder = bench::make_temporary_folder("hub-store-bench");
    check(!folder.empty(), "cannot create a temporary folder");
    const auto load_before = load_average();

    std::unique_ptr<test::PostgresqlServer> server;
    std::string maintenance = options.postgresql;
    if (maintenance.empty()) {
        auto started = test::PostgresqlServer::start(test::Durability::on_commit);
        if (!started) {
            die(started.error());
        }
        server = std::move(*started);
        maintenance = server->uri();
    }
    auto administration = value_or_die(sync::postgresql::Connection::open(maintenance), "connecting");
    int databases = 0;
    const auto fresh_database = [&] {
        const auto name = fmt::format("hub_store_bench_{}_{}", ::getpid(), ++databases);
        value_or_die(administration.execute(fmt::format("CREATE DATABASE {}", name)), "creating a database");
        const auto slash = maintenance.rfind('/');
        return maintenance.substr(0, slash + 1) + name;
    };

    std::mt19937 random(20261129);
    const auto names = bench::names_from_fixture(CHECKIN_TEST_DATA "/serock-roster.csv");
    if (!names) {
        die(names.error());
    }
    std::vector<std::string> codes;
    const auto csv =
        bench::synthetic_roster(*names, options.delegates, codes, random, bench::RosterDays::every_day);
    const sync::Event event{"Benchmark", sync::parse_event_days("2026-11-29,2026-11-30").value()};
    auto roster = sync::parse_roster(csv, {}, event);
    if (!roster) {
        die("the synthetic roster was refused: " + roster.error().front().message);
    }
    const auto with_roster = [&](std::unique_ptr<sync::HubStore> store) {
        value_or_die(store->import_roster(roster->entries, event), "the roster import");
        return store;
    };

    std::vector<RunResult> results;
    for (std::size_t run = 1; run <= options.runs; ++run) {
        const auto requests = make_requests(options, codes, run);
        RunResult result;
        {
            auto store =
                with_roster(value_or_die(sync::open_sqlite_hub_store(folder / fmt::format("run-{}.db", run)),
                                         "opening the SQLite store"));
            result.sqlite = push_all(requests, {store.get()}, false, "SQLite");
            check_statistics(*store, options.events, "SQLite");
            result.sqlite_pull = pull_all(*store, options.events, "SQLite pull");
        }
        {
            auto store = with_roster(value_or_die(sync::open_postgresql_hub_store(fresh_database()),
                                                  "opening the PostgreSQL store"));
            result.postgresql = push_all(requests, {store.get()}, false, "PostgreSQL");
            check_statistics(*store, options.events, "PostgreSQL");
            result.postgresql_replay = push_all(requests, {store.get()}, true, "PostgreSQL replay");
            result.postgresql_pull = pull_all(*store, options.events, "PostgreSQL pull");
        }
        {
            const auto uri = fresh_database();
            std::vector<std::unique_ptr<sync::HubStore>> stores;
            std::vector<sync::HubStore*> pushers;
            for (std::size_t thread = 0; thread < options.threads; ++thread) {
                stores.push_back(
                    value_or_die(sync::open_postgresql_hub_store(uri), "opening a PostgreSQL store"));
                pushers.push_back(stores.back().get());
            }
            value_or_die(stores.front()->import_roster(roster->entries, event), "the roster import");
            result.postgresql_threads = push_all(requests, pushers, false, "PostgreSQL, threads");
            check_statistics(*stores.front(), options.events, "PostgreSQL, threads");
            pull_all(*stores.front(), options.events, "PostgreSQL, threads, pull");
        }
        results.push_back(result);
    }

    fmt::print("hub_store_bench: {} delegates, {} events in batches of {}, {} thread(s) for the concurrent "
               "pass, {} run(s); {} cores, load average {} before, {} after\n",
               options.delegates, options.events, options.batch, options.threads, options.runs,
               std::thread::hardware_concurrency(), load_before, load_average());
    fmt::print("| measure (run 1 / 2 / …) | result |\n|---|---|\n");
    const auto row = [&](const std::string& measure, auto figure, std::string_view unit) {
        std::string cell;
        for (const auto& result : results) {
            cell += (cell.empty() ? "" : " / ") + fmt::format("{:.0f}", figure(result));
        }
        fmt::print("| {} | {} {} |\n", measure, cell, unit);
    };
    const auto p99 = [&](const std::string& measure, auto pass) {
        std::string cell;
        for (const auto& result : results) {
            const auto& figures = pass(result).batch_milliseconds;
            cell += (cell.empty() ? "" : " / ") + fmt::format("{:.1f} / {:.1f}", figures.p50, figures.p99);
        }
        fmt::print("| {} | {} ms |\n", measure, cell);
    };
    row(
        "push into SQLite, 1 thread", [](const RunResult& r) { return r.sqlite.events_per_second; },
        "events/s");
    row(
        "push into PostgreSQL, 1 thread", [](const RunResult& r) { return r.postgresql.events_per_second; },
        "events/s");
    row(
        fmt::format("push into PostgreSQL, {} threads (one store each)", options.threads),
        [](const RunResult& r) { return r.postgresql_threads.events_per_second; }, "events/s");
    row(
        "replay into PostgreSQL (all duplicates), 1 thread",
        [](const RunResult& r) { return r.postgresql_replay.events_per_second; }, "events/s");
    p99("batch latency p50 / p99, SQLite", [](const RunResult& r) { return r.sqlite; });
    p99("batch latency p50 / p99, PostgreSQL 1 thread", [](const RunResult& r) { return r.postgresql; });
    p99(fmt::format("batch latency p50 / p99, PostgreSQL {} threads", options.threads),
        [](const RunResult& r) { return r.postgresql_threads; });
    row(
        "pull (events_since, pages of 1,000), SQLite", [](const RunResult& r) { return r.sqlite_pull; },
        "events/s");
    row(
        "pull (events_since, pages of 1,000), PostgreSQL",
        [](const RunResult& r) { return r.postgresql_pull; }, "events/s");

    std::error_code ignored;
    std::filesystem::remove_all(folder, ignored);
    return 0;
}
