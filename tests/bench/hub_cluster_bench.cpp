// Several hub instances on one PostgreSQL behind HAProxy (the shipped configuration), as a large congress
// would run them, with many kiosks syncing at once (tests/sync/hub/hub_cluster.hpp starts it all on
// loopback; PostgreSQL flushes every commit to disk, as a real server does):
//   - ingest: every kiosk pushes its own check-ins at the same moment, in the batches a sync round sends,
//     through the balancer's one address; one instance is killed with SIGKILL when half the events are in,
//     and the kiosks whose request it cut retry as the sync client does;
//   - convergence: every kiosk then runs sync rounds until one succeeds, pulling everyone's events.
// Prints events per second, push latency percentiles (the requests that got an answer), the retries the
// kill caused and the convergence time. Asserts nothing about time, but fails when the hub or any mirror
// ends up with an event missing or twice.
//
//   hub_cluster_bench [--kiosks N] [--events-per-kiosk N] [--batch N] [--instances N] [--no-kill] [--dir D]

#include "sync/client/hub_client.hpp"
#include "sync/client/sync_round.hpp"
#include "sync/mirror/mirror.hpp"
#include "sync/roster/roster.hpp"
#include "tests/bench/bench_support.hpp"
#include "tests/bench/synthetic_roster.hpp"
#include "tests/sync/hub/hub_cluster.hpp"

#include <atomic>
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
    std::size_t kiosks = 30;
    std::size_t events_per_kiosk = 1000;
    std::size_t batch = 250;
    std::size_t instances = 3;
    bool kill = true;
    std::filesystem::path directory;
};

constexpr sync::Day first_day{std::chrono::year{2026}, std::chrono::November, std::chrono::day{29}};
constexpr int retry_limit = 200; // attempts per request before the benchmark gives up on the cluster

std::filesystem::path working_directory;
// Stopped by die() too: its instances, HAProxy and PostgreSQL are processes of their own that _Exit
// would leave running.
std::unique_ptr<test::HubCluster> running_cluster;

[[noreturn]] void die(const std::string& message) {
    std::cerr << "hub_cluster_bench: " << message << '\n';
    running_cluster.reset();
    if (!working_directory.empty()) {
        std::cerr << "hub_cluster_bench: the files are in " << working_directory.string() << '\n';
    }
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
        die(fmt::format("{}: {}", what, result.error().message));
    }
    return std::move(*result);
}

void value_or_die(sync::Result<void> result, std::string_view what) {
    if (!result) {
        die(fmt::format("{}: {}", what, result.error().message));
    }
}

std::size_t parse_count(const std::string& flag, const std::string& value) {
    try {
        const auto count = std::stoull(value);
        check(count > 0, flag + " must be positive");
        return count;
    } catch (const std::exception&) {
        die(flag + " takes a positive number, not " + value);
    }
}

Options parse_options(int argc, char** argv) {
    Options options;
    for (int index = 1; index < argc; ++index) {
        const std::string flag = argv[index];
        const auto value = [&]() -> std::string {
            check(index + 1 < argc, flag + " needs a value");
            return argv[++index];
        };
        if (flag == "--kiosks") {
            options.kiosks = parse_count(flag, value());
        } else if (flag == "--events-per-kiosk") {
            options.events_per_kiosk = parse_count(flag, value());
        } else if (flag == "--batch") {
            options.batch = parse_count(flag, value());
        } else if (flag == "--instances") {
            options.instances = parse_count(flag, value());
            check(options.instances >= 2 && options.instances <= 9, "--instances takes 2 to 9");
        } else if (flag == "--no-kill") {
            options.kill = false;
        } else if (flag == "--dir") {
            options.directory = value();
        } else {
            die("unknown option " + flag +
                "; use --kiosks, --events-per-kiosk, --batch, --instances, --no-kill or --dir");
        }
    }
    return options;
}

std::string load_average() {
    std::ifstream in("/proc/loadavg");
    std::string one, five, fifteen;
    in >> one >> five >> fifteen;
    return one + " " + five + " " + fifteen;
}

struct Kiosk {
    std::string name;
    std::optional<sync::Mirror> mirror;
    std::optional<sync::HubClient> client;
};

// What the ingest gave, gathered from every kiosk's thread.
struct Ingest {
    std::mutex mutex;
    std::vector<double> push_milliseconds; // requests that got an answer
    std::size_t failed_requests = 0;       // cut by the kill (or refused by a balancer finding it dead)
    std::size_t accepted = 0;
    std::size_t duplicates = 0; // a push that had reached the hub before its connection was cut
};

// Pushes every event of `kiosk`'s backlog in batches, each retried until the cluster answers.
void push_backlog(Kiosk& kiosk, std::size_t batch, Ingest& ingest, std::atomic<std::size_t>& events_in) {
    const auto backlog = value_or_die(kiosk.mirror->events_to_upload(1'000'000), "reading a backlog");
    for (std::size_t start = 0; start < backlog.size(); start += batch) {
        sync::PushRequest request;
        request.kiosk_id = kiosk.name;
        const auto end = std::min(backlog.size(), start + batch);
        request.events.assign(backlog.begin() + static_cast<std::ptrdiff_t>(start),
                              backlog.begin() + static_cast<std::ptrdiff_t>(end));
        for (int attempt = 1;; ++attempt) {
            const auto started = Clock::now();
            auto reply = kiosk.client->push(request);
            const auto took = bench::milliseconds(Clock::now() - started);
            if (!reply) {
                check(attempt < retry_limit, kiosk.name + " never got an answer: " + reply.error().message);
                const std::lock_guard lock(ingest.mutex);
                ++ingest.failed_requests;
                continue;
            }
            if (!reply->refused.empty()) {
                die(fmt::format("the hub refused {} event(s) of {}: {}", reply->refused.size(), kiosk.name,
                                reply->refused.front().reason));
            }
            check(reply->acknowledged.size() == request.events.size(),
                  "the hub did not acknowledge a whole batch");
            value_or_die(kiosk.mirror->mark_uploaded(reply->acknowledged), "marking events uploaded");
            events_in += request.events.size();
            const std::lock_guard lock(ingest.mutex);
            ingest.push_milliseconds.push_back(took);
            ingest.accepted += reply->accepted;
            ingest.duplicates += reply->duplicates;
            break;
        }
    }
}

} // namespace

int main(int argc, char** argv) {
    auto options = parse_options(argc, argv);
    const bool own_directory = options.directory.empty();
    if (own_directory) {
        options.directory = bench::make_temporary_folder("hub-cluster-bench");
        check(!options.directory.empty(), "cannot create a temporary directory");
    } else {
        std::filesystem::create_directories(options.directory);
    }
    working_directory = options.directory;
    const auto load_before = load_average();
    const std::size_t total = options.kiosks * options.events_per_kiosk;

    // One delegate per event: each kiosk admits its own share on the first day.
    std::mt19937 random(20261129);
    const auto names = bench::names_from_fixture(CHECKIN_TEST_DATA "/serock-roster.csv");
    check(names.has_value(), names ? "" : names.error());
    std::vector<std::string> codes;
    const auto csv = bench::synthetic_roster(*names, total, codes, random, bench::RosterDays::every_day);
    const auto roster_path = options.directory / "roster.csv";
    std::ofstream(roster_path) << csv;
    const sync::Event event{"Benchmark", sync::parse_event_days("2026-11-29,2026-11-30").value()};
    auto roster = sync::parse_roster(csv, {}, event);
    check(roster.has_value(),
          roster ? "" : "the synthetic roster was refused: " + roster.error().front().message);

    auto started = test::HubCluster::start({.instances = options.instances,
                                            .roster = roster_path,
                                            .event_name = event.name,
                                            .event_days = "2026-11-29,2026-11-30",
                                            .durability = test::Durability::on_commit},
                                           options.directory);
    check(started.has_value(), started ? "" : started.error());
    running_cluster = std::move(*started);
    auto& cluster = *running_cluster;

    std::vector<Kiosk> kiosks(options.kiosks);
    for (std::size_t index = 0; index < options.kiosks; ++index) {
        Kiosk& kiosk = kiosks[index];
        kiosk.name = fmt::format("kiosk-{:02}", index + 1);
        auto token = cluster.new_token(kiosk.name);
        check(token.has_value(), token ? "" : token.error());
        sync::HubClientSettings settings;
        settings.base_url = cluster.url();
        settings.token = *token;
        settings.pin = cluster.pin();
        kiosk.client.emplace(value_or_die(sync::HubClient::create(std::move(settings)), "a kiosk's client"));
        kiosk.mirror.emplace(value_or_die(sync::Mirror::open(options.directory / (kiosk.name + ".sqlite")),
                                          "a kiosk's mirror"));
        value_or_die(kiosk.mirror->set_event(event), "setting a kiosk's event");
        value_or_die(kiosk.mirror->apply_roster(roster->entries, sync::WriteMode::write), "a kiosk's import");
        for (std::size_t offset = 0; offset < options.events_per_kiosk; ++offset) {
            const auto position = index * options.events_per_kiosk + offset;
            const auto at = std::chrono::sys_days{first_day} + std::chrono::hours{8} +
                            std::chrono::milliseconds{static_cast<std::int64_t>(position) * 100};
            sync::CheckinRequest request{
                codes[position], kiosk.name, "self-service",
                std::chrono::duration_cast<std::chrono::milliseconds>(at.time_since_epoch()).count(),
                first_day};
            const auto checked_in = value_or_die(kiosk.mirror->check_in(request), "a check-in");
            check(checked_in.outcome == sync::CheckinOutcome::admitted, "a check-in was not admitted");
        }
    }
    // Every instance answers before the clock starts.
    for (int attempt = 0; !kiosks.front().client->health(); ++attempt) {
        check(attempt < 200, "the cluster never answered: " + cluster.balancer_log());
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }

    Ingest ingest;
    std::atomic<std::size_t> events_in{0};
    bool killed = false;
    const auto ingest_start = Clock::now();
    std::thread killer;
    if (options.kill) {
        killer = std::thread([&] {
            while (events_in < total / 2) {
                std::this_thread::sleep_for(std::chrono::milliseconds(1));
            }
            killed = cluster.kill_instance(options.instances - 1);
        });
    }
    std::vector<std::thread> pushers;
    for (auto& kiosk : kiosks) {
        pushers.emplace_back([&] { push_backlog(kiosk, options.batch, ingest, events_in); });
    }
    for (auto& pusher : pushers) {
        pusher.join();
    }
    const auto ingest_elapsed = Clock::now() - ingest_start;
    if (killer.joinable()) {
        killer.join();
        check(killed, "the instance to kill was not killed");
    }
    // A push the killed instance had committed before its connection was cut comes back from the retry
    // as duplicates: stored once all the same (the hub's statistics below hold every event once). Any
    // other duplicate would mean an event sent twice.
    check(ingest.accepted + ingest.duplicates == total,
          fmt::format("the hub took {} new and {} already stored of {} events", ingest.accepted,
                      ingest.duplicates, total));
    // libcurl resends a request by itself when a reused connection dies before any answer, so a push the
    // killed instance had committed can come back as duplicates with no failure the client sees. What
    // must hold: no duplicates without a kill, and never more than the requests in flight at the kill
    // (one batch per kiosk).
    check(options.kill || ingest.duplicates == 0,
          fmt::format("{} events came back as already stored with no instance killed", ingest.duplicates));
    check(ingest.duplicates <= kiosks.size() * options.batch,
          fmt::format("{} events came back as already stored, more than the {} batches of {} in flight at "
                      "the kill",
                      ingest.duplicates, kiosks.size(), options.batch));

    // Convergence: every kiosk pulls everyone's events.
    const auto converge_start = Clock::now();
    std::vector<std::thread> pullers;
    std::atomic<std::size_t> failed_rounds{0};
    for (auto& kiosk : kiosks) {
        pullers.emplace_back([&] {
            for (int attempt = 1; !sync::run_sync_round(*kiosk.mirror, *kiosk.client); ++attempt) {
                check(attempt < retry_limit, kiosk.name + " never completed a round");
                ++failed_rounds;
            }
        });
    }
    for (auto& puller : pullers) {
        puller.join();
    }
    const auto converge_elapsed = Clock::now() - converge_start;

    for (auto& kiosk : kiosks) {
        const auto held =
            value_or_die(kiosk.mirror->count_events(sync::EventKind::checkin, first_day), "counting");
        check(held == total, fmt::format("{} holds {} of {} check-ins", kiosk.name, held, total));
    }
    const auto statistics = value_or_die(kiosks.front().client->statistics(), "the hub's statistics");
    check(statistics.events == total && statistics.checked_in == total && statistics.duplicates == 0,
          fmt::format("the hub holds {} events, {} checked in, {} duplicates; {} expected", statistics.events,
                      statistics.checked_in, statistics.duplicates, total));

    const auto latency = bench::percentiles(ingest.push_milliseconds);
    fmt::print(
        "hub_cluster_bench: {} instances on one PostgreSQL 15 (durable commits) behind HAProxy, {} kiosks "
        "× {} events in batches of {} ({} events); {}; {} cores, load average {} before, {} after; files "
        "in {}\n",
        options.instances, options.kiosks, options.events_per_kiosk, options.batch, total,
        options.kill ? "one instance SIGKILLed at half" : "no instance killed",
        std::thread::hardware_concurrency(), load_before, load_average(), options.directory.string());
    fmt::print("| measure | result |\n|---|---|\n");
    fmt::print("| ingest through the balancer, all kiosks at once | {:.0f} events/s ({:.2f} s) |\n",
               static_cast<double>(total) / std::chrono::duration<double>(ingest_elapsed).count(),
               std::chrono::duration<double>(ingest_elapsed).count());
    fmt::print("| push latency p50 / p95 / p99 / max ({} requests answered) | {:.1f} / {:.1f} / {:.1f} / "
               "{:.1f} ms |\n",
               ingest.push_milliseconds.size(), latency.p50, latency.p95, latency.p99, latency.maximum);
    fmt::print("| requests cut by the kill and retried; events a retry found already stored | {}; {} |\n",
               ingest.failed_requests, ingest.duplicates);
    fmt::print("| convergence: every kiosk pulls all {} events | {:.2f} s ({} rounds retried) |\n", total,
               std::chrono::duration<double>(converge_elapsed).count(), failed_rounds.load());
    fmt::print("| at the end | hub {} events, each once; every mirror {} check-ins |\n", statistics.events,
               total);

    running_cluster.reset(); // stop the cluster before removing its files
    if (own_directory) {
        std::filesystem::remove_all(options.directory);
    }
    return 0;
}
