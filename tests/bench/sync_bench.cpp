// Benchmarks of the hub/kiosk sync on a synthetic roster built from the seminar fixture's names, with a
// real hub (the SQLite hub store in a temporary directory behind the HTTP server on a free loopback port,
// speaking HTTPS with a self-signed certificate the kiosks' client trusts by its pin, as deployed) and real
// kiosk mirrors:
//   - hub ingest: the same check-in events pushed in batches through the store alone, through the JSON
//     codecs alone, and end to end over HTTPS by the kiosks' client; then pushed again (a replay); the same
//     over plain HTTP on loopback for comparison (what TLS costs);
//   - a kiosk's backlog: events made with Mirror::check_in and not yet uploaded, synced in one round;
//   - a second kiosk pulling those events from the hub in its first round.
// Prints the figures of each run; asserts nothing about time (shared machines make timing assertions
// flaky) but fails when the hub or a mirror ends up with the wrong events or counts.
//
//   sync_bench [--events N] [--delegates N] [--batch N] [--runs N] [--dir DIR]
//
// Without --dir the files go to a new directory under /tmp, removed at the end; with it, each run leaves
// its mirrors and hub stores in DIR/run-N to be looked at.

#include "sync/client/hub_client.hpp"
#include "sync/client/sync_round.hpp"
#include "sync/hub/hub_server.hpp"
#include "sync/hub/sqlite_hub_store.hpp"
#include "sync/hub/tls_identity.hpp"
#include "sync/mirror/mirror.hpp"
#include "sync/protocol/hub_protocol.hpp"
#include "sync/roster/roster.hpp"
#include "tests/bench/bench_support.hpp"
#include "tests/bench/synthetic_roster.hpp"

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <functional>
#include <iostream>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace {

using namespace checkin;
using bench::Clock;
using bench::median;
using bench::milliseconds;

struct Options {
    std::size_t events = 10'000;
    std::size_t delegates = 5'000;
    std::size_t batch = 500;
    std::size_t runs = 3;
    std::filesystem::path directory;
};

constexpr sync::Day first_day{std::chrono::year{2026}, std::chrono::November, std::chrono::day{29}};

std::filesystem::path working_directory; // printed when the harness fails, so the files can be looked at

// The hub's server threads may still be running when a check fails: _Exit skips the static destructors
// that could run under them and turn a clean "exit 1" into a crash.
[[noreturn]] void die(const std::string& message) {
    std::cerr << "sync_bench: " << message << '\n';
    if (!working_directory.empty()) {
        std::cerr << "sync_bench: the files are in " << working_directory.string() << '\n';
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

double seconds(Clock::duration duration) {
    return std::chrono::duration<double>(duration).count();
}

double milliseconds(std::chrono::milliseconds duration) {
    return static_cast<double>(duration.count());
}

std::int64_t utc_milliseconds(sync::Day day, std::chrono::milliseconds since_midnight) {
    const auto at = std::chrono::sys_days{day} + since_midnight;
    return std::chrono::duration_cast<std::chrono::milliseconds>(at.time_since_epoch()).count();
}

// The hub's certificate and key, made once (as `kiosk-hub cert new` does) and the pin the kiosks check.
struct Identity {
    sync::TlsIdentity tls;
    std::string pin;
};

const Identity& hub_identity() {
    static const Identity identity = [] {
        auto tls = value_or_die(sync::make_tls_identity("127.0.0.1"), "making the hub's certificate");
        auto pin = value_or_die(sync::public_key_pin(tls.certificate_pem), "the certificate's pin");
        return Identity{std::move(tls), std::move(pin)};
    }();
    return identity;
}

// How the hub's server speaks: HTTPS with the pinned certificate (the deployment), or plain HTTP, which
// the hub allows on loopback alone (for comparison).
enum class Transport { none, https, plain_http };

// A hub as `kiosk-hub serve` runs it: the SQLite store with the roster imported, and (unless only the
// store is measured) the server on a free loopback port. The server is declared after the store, so it
// stops before the store closes.
struct Hub {
    std::unique_ptr<sync::SqliteHubStore> store;
    std::unique_ptr<sync::HubServer> server;
    Transport transport = Transport::none;

    std::string url() const {
        return fmt::format("{}://127.0.0.1:{}", transport == Transport::https ? "https" : "http",
                           server->port());
    }
};

Hub start_hub(const std::filesystem::path& path, const std::vector<sync::RosterEntry>& entries,
              const sync::Event& event, Transport transport) {
    Hub hub;
    hub.transport = transport;
    hub.store = value_or_die(sync::SqliteHubStore::open(path), "opening the hub store");
    const auto imported = value_or_die(hub.store->import_roster(entries, event), "the hub's roster import");
    check(imported.added == entries.size(), "the hub's import did not add every delegate");
    if (transport != Transport::none) {
        sync::HubServerSettings settings;
        if (transport == Transport::https) {
            settings.tls = hub_identity().tls;
        }
        hub.server = value_or_die(sync::HubServer::start(*hub.store, settings), "starting the hub server");
    }
    return hub;
}

sync::HubClient client_for(Hub& hub, const std::string& kiosk) {
    sync::HubClientSettings settings;
    settings.base_url = hub.url();
    if (hub.transport == Transport::https) {
        settings.pin = hub_identity().pin;
    }
    settings.token = value_or_die(hub.store->create_token(kiosk), "creating a token");
    return value_or_die(sync::HubClient::create(std::move(settings)), "creating the hub client");
}

// A kiosk's mirror prepared from the organiser's file, as `kioskctl import` leaves it.
sync::Mirror kiosk_mirror(const std::filesystem::path& path, const std::vector<sync::RosterEntry>& entries,
                          const sync::Event& event) {
    auto mirror = value_or_die(sync::Mirror::open(path), "opening a kiosk mirror");
    value_or_die(mirror.set_event(event), "setting the kiosk's event");
    const auto imported =
        value_or_die(mirror.apply_roster(entries, sync::WriteMode::write), "the kiosk's roster import");
    check(imported.added == entries.size(), "the kiosk's import did not add every delegate");
    return mirror;
}

// What pushing every batch once gave: the replies are checked after the clock stops, so the checking is not
// timed.
struct PushPass {
    Clock::duration elapsed{};
    std::vector<double> batch_milliseconds;
    std::size_t accepted = 0;
    std::size_t duplicates = 0;
};

using PushFunction = std::function<sync::Result<sync::PushReply>(const sync::PushRequest&)>;

PushPass push_all(const std::vector<sync::PushRequest>& requests, const PushFunction& push,
                  std::string_view what) {
    PushPass pass;
    std::vector<sync::PushReply> replies;
    replies.reserve(requests.size());
    const auto start = Clock::now();
    for (const auto& request : requests) {
        const auto batch_start = Clock::now();
        replies.push_back(value_or_die(push(request), what));
        pass.batch_milliseconds.push_back(milliseconds(Clock::now() - batch_start));
    }
    pass.elapsed = Clock::now() - start;
    for (std::size_t index = 0; index < requests.size(); ++index) {
        const auto& request = requests[index];
        const auto& reply = replies[index];
        std::set<std::string> sent, acknowledged(reply.acknowledged.begin(), reply.acknowledged.end());
        for (const auto& event : request.events) {
            sent.insert(event.id);
        }
        check(sent == acknowledged, fmt::format("{}: batch {} was not acknowledged exactly", what, index));
        pass.accepted += reply.accepted;
        pass.duplicates += reply.duplicates;
    }
    return pass;
}

// The kiosk's side and the hub's side of the JSON, without the network or the store: encode the request,
// decode it, encode the reply acknowledging every event, decode that.
Clock::duration codec_pass(const std::vector<sync::PushRequest>& requests, std::size_t& request_bytes) {
    request_bytes = 0;
    const auto start = Clock::now();
    for (const auto& request : requests) {
        const auto request_json = sync::encode(request);
        request_bytes += request_json.size();
        const auto decoded = value_or_die(sync::decode_push_request(request_json), "decoding a push request");
        sync::PushReply reply;
        for (const auto& event : decoded.events) {
            reply.acknowledged.push_back(event.id);
        }
        reply.accepted = decoded.events.size();
        const auto reply_json = sync::encode(reply);
        const auto answer = value_or_die(sync::decode_push_reply(reply_json), "decoding a push reply");
        check(answer.acknowledged.size() == request.events.size(), "the codecs lost an acknowledgement");
    }
    return Clock::now() - start;
}

struct RunResult {
    double checkins_seconds = 0; // making the backlog with Mirror::check_in, one commit each
    double store_events_per_second = 0;
    double store_batch_median_ms = 0;
    double store_replay_events_per_second = 0;
    double codec_events_per_second = 0;
    double request_kilobytes = 0; // one batch's JSON, on average
    // Over HTTPS with the pinned certificate (the deployment).
    double http_events_per_second = 0;
    double http_batch_median_ms = 0;
    double http_batch_maximum_ms = 0;
    double http_replay_events_per_second = 0;
    double health_median_ms = 0; // GET /api/v1/health: one small request and its answer
    // The same over plain HTTP on loopback, for comparison.
    double plain_events_per_second = 0;
    double plain_batch_median_ms = 0;
    double plain_health_median_ms = 0;
    double round_wall_ms = 0;
    sync::SyncReport round;
    sync::SyncReport pull;
};

// Pushing every batch to a fresh hub through the kiosks' client, then again (a replay), then 20 health
// requests on the same connection; checked after the clock stops.
struct HttpPass {
    double push_seconds = 0;
    double batch_median_ms = 0;
    double batch_maximum_ms = 0;
    double replay_seconds = 0;
    double health_median_ms = 0;
};

HttpPass http_pass(const std::filesystem::path& path, const std::vector<sync::RosterEntry>& entries,
                   const sync::Event& event, const std::vector<sync::PushRequest>& requests,
                   Transport transport) {
    const std::string how = transport == Transport::https ? "over HTTPS" : "over plain HTTP";
    std::size_t events = 0;
    for (const auto& request : requests) {
        events += request.events.size();
    }
    HttpPass result;
    auto hub = start_hub(path, entries, event, transport);
    auto client = client_for(hub, "kiosk-a");
    const auto push = [&](const sync::PushRequest& request) {
        return client.push(request);
    };
    const auto pass = push_all(requests, push, "pushing " + how);
    check(pass.accepted == events && pass.duplicates == 0,
          fmt::format("the hub accepted {} of {} new events {}", pass.accepted, events, how));
    result.push_seconds = seconds(pass.elapsed);
    result.batch_median_ms = median(pass.batch_milliseconds);
    result.batch_maximum_ms = bench::percentiles(pass.batch_milliseconds).maximum;
    const auto replay = push_all(requests, push, "replaying " + how);
    check(replay.accepted == 0 && replay.duplicates == events,
          fmt::format("a replay {} accepted {} events", how, replay.accepted));
    result.replay_seconds = seconds(replay.elapsed);
    // The fixed cost of one request on the same connection, whatever it carries: a reader compares it with
    // a batch's time to see how much of the batch is the request itself.
    std::vector<double> health_samples;
    for (int index = 0; index < 20; ++index) {
        const auto health_start = Clock::now();
        value_or_die(client.health(), "asking the hub's health");
        health_samples.push_back(milliseconds(Clock::now() - health_start));
    }
    result.health_median_ms = median(health_samples);
    const auto statistics = value_or_die(hub.store->statistics(), "the hub's statistics");
    check(statistics.events == events, "the hub does not hold every event exactly once");
    return result;
}

RunResult run_once(const Options& options, const std::filesystem::path& directory,
                   const std::vector<std::string>& codes, const std::vector<sync::RosterEntry>& entries,
                   const sync::Event& event) {
    RunResult result;
    std::filesystem::remove_all(directory);
    std::filesystem::create_directories(directory);

    // The backlog: kiosk-a checks in every delegate on the first day, then the second, then (when there are
    // more events than two days' worth) on the days after the event, when nobody is refused for the day.
    // Each is a durable commit, exactly as a scan at the kiosk.
    auto kiosk_a = kiosk_mirror(directory / "kiosk-a.sqlite", entries, event);
    const auto checkins_start = Clock::now();
    for (std::size_t index = 0; index < options.events; ++index) {
        const auto day_offset = static_cast<int>(index / codes.size());
        const auto position = index % codes.size();
        const sync::Day day{std::chrono::sys_days{first_day} + std::chrono::days{day_offset}};
        sync::CheckinRequest request{
            codes[position], "kiosk-a", "self-service",
            utc_milliseconds(day, std::chrono::hours{8} +
                                      std::chrono::milliseconds{static_cast<std::int64_t>(position) * 500}),
            day};
        const auto checked_in = value_or_die(kiosk_a.check_in(request), "a check-in at kiosk-a");
        check(checked_in.outcome == sync::CheckinOutcome::admitted,
              fmt::format("the check-in of {} on day {} was {}", codes[position], day_offset,
                          sync::to_string(checked_in.outcome)));
    }
    result.checkins_seconds = seconds(Clock::now() - checkins_start);

    // The same events, in the batches a sync round would send, for the ingest measurements. Reading them
    // does not mark them uploaded: kiosk-a's backlog stays whole for the round below.
    const auto backlog = value_or_die(kiosk_a.events_to_upload(options.events), "reading kiosk-a's backlog");
    check(backlog.size() == options.events, "kiosk-a's backlog does not hold every check-in");
    std::vector<sync::PushRequest> requests;
    for (std::size_t start = 0; start < backlog.size(); start += options.batch) {
        sync::PushRequest request;
        request.kiosk_id = "kiosk-a";
        const auto end = std::min(backlog.size(), start + options.batch);
        request.events.assign(backlog.begin() + static_cast<std::ptrdiff_t>(start),
                              backlog.begin() + static_cast<std::ptrdiff_t>(end));
        requests.push_back(std::move(request));
    }
    const auto events = static_cast<double>(options.events);

    // 1a. The store alone: HubStore::push as the server calls it, without HTTP or JSON.
    {
        auto hub = start_hub(directory / "hub-store-only.sqlite", entries, event, Transport::none);
        const auto push = [&](const sync::PushRequest& request) {
            return hub.store->push(request);
        };
        const auto pass = push_all(requests, push, "pushing to the store");
        check(pass.accepted == options.events && pass.duplicates == 0,
              fmt::format("the store accepted {} of {} new events", pass.accepted, options.events));
        result.store_events_per_second = events / seconds(pass.elapsed);
        result.store_batch_median_ms = median(pass.batch_milliseconds);
        const auto replay = push_all(requests, push, "replaying to the store");
        check(replay.accepted == 0 && replay.duplicates == options.events,
              fmt::format("a replay to the store accepted {} events", replay.accepted));
        result.store_replay_events_per_second = events / seconds(replay.elapsed);
        const auto statistics = value_or_die(hub.store->statistics(), "the store's statistics");
        check(statistics.events == options.events, "the store does not hold every event exactly once");
    }

    // 1b. The JSON codecs alone, both sides.
    std::size_t request_bytes = 0;
    result.codec_events_per_second = events / seconds(codec_pass(requests, request_bytes));
    result.request_kilobytes =
        static_cast<double>(request_bytes) / 1000 / static_cast<double>(requests.size());

    // 1c. End to end: the kiosks' client encodes and sends each batch over HTTPS (pinned), the server
    // decodes it, checks the token and commits it in the store, the client decodes the reply.
    {
        const auto pass =
            http_pass(directory / "hub-https.sqlite", entries, event, requests, Transport::https);
        result.http_events_per_second = events / pass.push_seconds;
        result.http_batch_median_ms = pass.batch_median_ms;
        result.http_batch_maximum_ms = pass.batch_maximum_ms;
        result.http_replay_events_per_second = events / pass.replay_seconds;
        result.health_median_ms = pass.health_median_ms;
    }
    // 1d. The same over plain HTTP on loopback: the difference is what TLS costs.
    {
        const auto pass =
            http_pass(directory / "hub-plain-http.sqlite", entries, event, requests, Transport::plain_http);
        result.plain_events_per_second = events / pass.push_seconds;
        result.plain_batch_median_ms = pass.batch_median_ms;
        result.plain_health_median_ms = pass.health_median_ms;
    }

    // 2. kiosk-a's backlog in one sync round against a fresh hub, then a second kiosk's first round.
    auto hub = start_hub(directory / "hub-rounds.sqlite", entries, event, Transport::https);
    auto client_a = client_for(hub, "kiosk-a");
    sync::SyncRoundOptions round_options;
    round_options.batch_size = options.batch;
    const auto round_start = Clock::now();
    result.round = value_or_die(sync::run_sync_round(kiosk_a, client_a, round_options), "kiosk-a's round");
    result.round_wall_ms = milliseconds(Clock::now() - round_start);
    const auto& round = result.round;
    check(round.events_pushed == options.events && round.events_acknowledged == options.events &&
              round.events_accepted == options.events && round.duplicates == 0,
          fmt::format("kiosk-a's round pushed {}, the hub acknowledged {} and accepted {} of {} events",
                      round.events_pushed, round.events_acknowledged, round.events_accepted, options.events));
    // Its own events come back in the events pull and change nothing.
    check(round.events_pulled == options.events && round.events_new == 0,
          fmt::format("kiosk-a pulled {} events, {} new", round.events_pulled, round.events_new));
    const auto kiosk_a_statistics = value_or_die(kiosk_a.statistics(first_day), "kiosk-a's statistics");
    check(kiosk_a_statistics.events_not_uploaded == 0,
          fmt::format("kiosk-a still has {} events to upload", kiosk_a_statistics.events_not_uploaded));
    const auto hub_statistics = value_or_die(hub.store->statistics(), "the hub's statistics");
    const auto checked_in = std::min(options.events, options.delegates);
    check(hub_statistics.events == options.events && hub_statistics.checked_in == checked_in &&
              hub_statistics.duplicates == 0,
          fmt::format("the hub holds {} events, {} delegates checked in, {} duplicates after the round",
                      hub_statistics.events, hub_statistics.checked_in, hub_statistics.duplicates));

    auto kiosk_b = kiosk_mirror(directory / "kiosk-b.sqlite", entries, event);
    auto client_b = client_for(hub, "kiosk-b");
    result.pull = value_or_die(sync::run_sync_round(kiosk_b, client_b, round_options), "kiosk-b's round");
    check(result.pull.events_pushed == 0 && result.pull.events_pulled == options.events &&
              result.pull.events_new == options.events,
          fmt::format("kiosk-b pulled {} events, {} new, of {}", result.pull.events_pulled,
                      result.pull.events_new, options.events));
    const auto kiosk_b_statistics = value_or_die(kiosk_b.statistics(first_day), "kiosk-b's statistics");
    check(kiosk_b_statistics.events == options.events && kiosk_b_statistics.events_not_uploaded == 0 &&
              kiosk_b_statistics.checked_in_any_day == checked_in,
          fmt::format("kiosk-b holds {} events for {} delegates after its round", kiosk_b_statistics.events,
                      kiosk_b_statistics.checked_in_any_day));
    return result;
}

std::size_t parse_count(const std::string& flag, const std::string& value) {
    std::size_t end = 0;
    unsigned long count = 0;
    try {
        count = std::stoul(value, &end);
    } catch (const std::exception&) {
        end = 0;
    }
    if (end != value.size() || count == 0) {
        die(fmt::format("{} needs a positive whole number, not \"{}\"", flag, value));
    }
    return count;
}

Options parse_options(int argc, char** argv) {
    Options options;
    for (int index = 1; index < argc; ++index) {
        const std::string flag = argv[index];
        if (index + 1 >= argc) {
            die("missing value after " + flag);
        }
        const std::string value = argv[++index];
        if (flag == "--events") {
            options.events = parse_count(flag, value);
        } else if (flag == "--delegates") {
            options.delegates = parse_count(flag, value);
        } else if (flag == "--batch") {
            options.batch = parse_count(flag, value);
        } else if (flag == "--runs") {
            options.runs = parse_count(flag, value);
        } else if (flag == "--dir") {
            options.directory = value;
        } else {
            die("unknown option " + flag);
        }
    }
    if (options.batch > sync::push_batch_maximum) {
        die(fmt::format("--batch may be at most {} (the hub's limit)", sync::push_batch_maximum));
    }
    return options;
}

std::string load_average() {
    std::ifstream in("/proc/loadavg");
    std::string one, five, fifteen;
    in >> one >> five >> fifteen;
    return one + " " + five + " " + fifteen;
}

// One table cell: each run's figure, "a / b / c".
std::string per_run(const std::vector<RunResult>& results,
                    const std::function<double(const RunResult&)>& figure, int decimals) {
    std::string cell;
    for (const auto& result : results) {
        cell += (cell.empty() ? "" : " / ") + fmt::format("{:.{}f}", figure(result), decimals);
    }
    return cell;
}

} // namespace

int main(int argc, char** argv) {
    auto options = parse_options(argc, argv);
    const bool own_directory = options.directory.empty();
    if (own_directory) {
        options.directory = bench::make_temporary_folder("sync-bench");
        if (options.directory.empty()) {
            die("cannot create a temporary directory");
        }
    }
    working_directory = options.directory;
    const auto load_before = load_average();

    std::mt19937 random(20261129);
    const auto names = bench::names_from_fixture(CHECKIN_TEST_DATA "/serock-roster.csv");
    if (!names) {
        die(names.error());
    }
    std::vector<std::string> codes;
    // Every day of the event for everyone, so each delegate can be checked in once on each day and a
    // backlog larger than the roster is made of real, admitted check-ins.
    const auto csv =
        bench::synthetic_roster(*names, options.delegates, codes, random, bench::RosterDays::every_day);
    const sync::Event event{"Benchmark", sync::parse_event_days("2026-11-29,2026-11-30").value()};
    auto roster = sync::parse_roster(csv, {}, event);
    if (!roster) {
        die("the synthetic roster was refused: " + roster.error().front().message);
    }

    std::vector<RunResult> results;
    for (std::size_t run = 1; run <= options.runs; ++run) {
        results.push_back(
            run_once(options, options.directory / fmt::format("run-{}", run), codes, roster->entries, event));
    }

    const auto batches = (options.events + options.batch - 1) / options.batch;
    fmt::print("sync_bench: {} delegates, {} events in {} batches of up to {}, {} run(s); {} cores, load "
               "average {} before, {} after; files in {}\n",
               options.delegates, options.events, batches, options.batch, options.runs,
               std::thread::hardware_concurrency(), load_before, load_average(), options.directory.string());
    fmt::print("| measure (run 1 / 2 / …) | result |\n|---|---|\n");
    const auto row = [&](const std::string& measure, const std::function<double(const RunResult&)>& figure,
                         int decimals, std::string_view unit) {
        fmt::print("| {} | {}{}{} |\n", measure, per_run(results, figure, decimals), unit.empty() ? "" : " ",
                   unit);
    };
    row(
        "hub ingest over HTTPS, pinned (client encode + TLS + hub decode + store commit)",
        [](const RunResult& run) { return run.http_events_per_second; }, 0, "events/s");
    row(
        "hub ingest over HTTPS: one batch, median",
        [](const RunResult& run) { return run.http_batch_median_ms; }, 1, "ms");
    row(
        "hub ingest over HTTPS: one batch, max",
        [](const RunResult& run) { return run.http_batch_maximum_ms; }, 1, "ms");
    row(
        "replay over HTTPS (every event a duplicate, 0 accepted)",
        [](const RunResult& run) { return run.http_replay_events_per_second; }, 0, "events/s");
    row(
        "one small request over HTTPS (GET /api/v1/health), median of 20",
        [](const RunResult& run) { return run.health_median_ms; }, 1, "ms");
    row(
        "for comparison: hub ingest over plain HTTP on loopback",
        [](const RunResult& run) { return run.plain_events_per_second; }, 0, "events/s");
    row(
        "for comparison: plain HTTP, one batch, median",
        [](const RunResult& run) { return run.plain_batch_median_ms; }, 1, "ms");
    row(
        "for comparison: one small request over plain HTTP, median of 20",
        [](const RunResult& run) { return run.plain_health_median_ms; }, 1, "ms");
    row(
        "hub store alone (HubStore::push, no HTTP or JSON)",
        [](const RunResult& run) { return run.store_events_per_second; }, 0, "events/s");
    row(
        "hub store alone: one batch, median", [](const RunResult& run) { return run.store_batch_median_ms; },
        1, "ms");
    row(
        "replay to the store alone", [](const RunResult& run) { return run.store_replay_events_per_second; },
        0, "events/s");
    row(
        "JSON alone (encode + decode the request and the reply)",
        [](const RunResult& run) { return run.codec_events_per_second; }, 0, "events/s");
    row(
        "one batch's request JSON", [](const RunResult& run) { return run.request_kilobytes; }, 1, "kB");
    row(
        fmt::format("backlog of {} events: one sync round, total (SyncReport)", options.events),
        [](const RunResult& run) { return milliseconds(run.round.total_duration); }, 0, "ms");
    row(
        "backlog round over HTTPS: wall clock around run_sync_round",
        [](const RunResult& run) { return run.round_wall_ms; }, 0, "ms");
    row(
        "backlog round: push", [](const RunResult& run) { return milliseconds(run.round.push_duration); }, 0,
        "ms");
    row(
        "backlog round: roster pull",
        [](const RunResult& run) { return milliseconds(run.round.roster_duration); }, 0, "ms");
    row(
        "backlog round: events pull (its own events back)",
        [](const RunResult& run) { return milliseconds(run.round.events_duration); }, 0, "ms");
    row(
        "backlog round: delegates pulled",
        [](const RunResult& run) { return static_cast<double>(run.round.delegates_pulled); }, 0, "");
    row(
        fmt::format("second kiosk's first round: pull {} events, total (SyncReport)", options.events),
        [](const RunResult& run) { return milliseconds(run.pull.total_duration); }, 0, "ms");
    row(
        "second kiosk: roster pull",
        [](const RunResult& run) { return milliseconds(run.pull.roster_duration); }, 0, "ms");
    row(
        "second kiosk: events pull",
        [](const RunResult& run) { return milliseconds(run.pull.events_duration); }, 0, "ms");
    row(
        fmt::format("making the backlog: {} durable Mirror::check_in", options.events),
        [](const RunResult& run) { return run.checkins_seconds; }, 2, "s");
    if (own_directory) {
        std::filesystem::remove_all(options.directory);
    }
    return 0;
}
