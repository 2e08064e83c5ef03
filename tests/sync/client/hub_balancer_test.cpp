// Several kiosk-hub instances on one PostgreSQL database behind HAProxy, run with the very configuration
// the hub's package ships (hardware/packaging/checkin-hub/haproxy-checkin-hub.cfg, only its addresses
// changed): kiosks sync through the one address with the one pin whichever instance answers, an instance
// killed with SIGKILL while the kiosks sync loses nothing, and at the end every event is held once by the
// hub and once by every mirror.

#include "sync/client/hub_client.hpp"
#include "sync/client/sync_round.hpp"
#include "sync/hub/hub_store_factory.hpp"
#include "sync/mirror/mirror.hpp"
#include "tests/sync/client/sync_client_fixture.hpp"
#include "tests/sync/hub/hub_cluster.hpp"
#include "tests/sync/mirror/mirror_fixture.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <map>
#include <set>
#include <thread>

namespace checkin::sync {
namespace {

using namespace mirror_fixture;
using client_fixture::fixture_code;

constexpr std::size_t instance_count = 3;
constexpr std::size_t kiosk_count = 6;

// A kiosk of the test: its mirror (the roster imported, as a kiosk prepared from the organiser's file)
// and its client, which talks to the balancer's address.
struct Kiosk {
    std::string name;
    std::filesystem::path path;
    std::string token;
    std::optional<Mirror> mirror;
    std::optional<HubClient> client;

    void check_in(const std::string& code, int minute) {
        CheckinRequest request;
        request.payload = code;
        request.kiosk_id = name;
        request.operator_name = "self-service";
        request.now_milliseconds = utc_milliseconds(first_day, 9, minute);
        request.today = first_day;
        auto result = mirror->check_in(request);
        ASSERT_TRUE(result.has_value()) << result.error().message;
    }

    // Every event id the mirror holds.
    std::set<std::string> event_ids() {
        std::set<std::string> ids;
        for (const auto& row : fixture_rows()) {
            auto events = mirror->events_of(row.code);
            EXPECT_TRUE(events.has_value()) << (events ? "" : events.error().message);
            for (const auto& event : events.value_or(std::vector<CheckinEvent>{})) {
                EXPECT_TRUE(ids.insert(event.id).second) << name << " holds " << event.id << " twice";
            }
        }
        return ids;
    }
};

class HubBalancer : public ::testing::Test {
protected:
    void SetUp() override {
        auto started =
            test::HubCluster::start({.instances = instance_count,
                                     .roster = std::string(CHECKIN_TEST_DATA) + "/serock-roster.csv",
                                     .event_name = serock_event().name,
                                     .event_days = "2026-11-29,2026-11-30"},
                                    directory.path());
        ASSERT_TRUE(started.has_value()) << started.error();
        cluster = std::move(*started);
        for (std::size_t index = 0; index < kiosk_count; ++index) {
            Kiosk kiosk;
            kiosk.name = fmt::format("kiosk-{}", index + 1);
            kiosk.path = directory.file(kiosk.name + ".sqlite");
            auto token = cluster->new_token(kiosk.name);
            ASSERT_TRUE(token.has_value()) << token.error();
            kiosk.token = *token;
            auto mirror = Mirror::open(kiosk.path);
            ASSERT_TRUE(mirror.has_value()) << mirror.error().message;
            kiosk.mirror.emplace(std::move(*mirror));
            ASSERT_TRUE(kiosk.mirror->set_event(serock_event()).has_value());
            import(*kiosk.mirror, fixture_entries());
            kiosk.client.emplace(client_for(cluster->url(), kiosk.token));
            kiosks.push_back(std::move(kiosk));
        }
        // The balancer answers once its instances listen.
        auto health = kiosks.front().client->health();
        for (int attempt = 0; attempt < 100 && !health; ++attempt) {
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
            health = kiosks.front().client->health();
        }
        ASSERT_TRUE(health.has_value()) << health.error().message << "\n" << cluster->balancer_log();
    }

    HubClient client_for(const std::string& url, const std::string& token) const {
        HubClientSettings settings;
        settings.base_url = url;
        settings.token = token;
        settings.pin = cluster->pin();
        auto client = HubClient::create(std::move(settings));
        EXPECT_TRUE(client.has_value()) << (client ? "" : client.error().message);
        return std::move(client.value());
    }

    // Every kiosk runs rounds at once, each until one succeeds or `attempts` have failed; the reports of
    // the successful rounds, one per kiosk (nullopt: it never got through).
    std::vector<std::optional<SyncReport>> sync_all_at_once(int attempts) {
        std::vector<std::optional<SyncReport>> reports(kiosks.size());
        std::vector<std::thread> threads;
        for (std::size_t index = 0; index < kiosks.size(); ++index) {
            threads.emplace_back([this, index, attempts, &reports] {
                for (int attempt = 0; attempt < attempts && !reports[index]; ++attempt) {
                    auto report = run_sync_round(*kiosks[index].mirror, *kiosks[index].client);
                    if (report) {
                        reports[index] = *report;
                    } else {
                        // Cut off by the killed instance: the balancer sends the next one elsewhere.
                        std::this_thread::sleep_for(std::chrono::milliseconds(100));
                    }
                }
            });
        }
        for (auto& thread : threads) {
            thread.join();
        }
        return reports;
    }

    // Every event the hub holds, by id, read from the database itself.
    std::map<std::string, std::size_t> hub_event_ids() {
        std::map<std::string, std::size_t> held;
        auto store = open_hub_store(cluster->store_uri());
        EXPECT_TRUE(store.has_value()) << (store ? "" : store.error().message);
        if (!store) {
            return held;
        }
        std::int64_t since = 0;
        for (;;) {
            auto page = (*store)->events_since(since, events_page_maximum);
            EXPECT_TRUE(page.has_value()) << (page ? "" : page.error().message);
            if (!page || page->events.empty()) {
                return held;
            }
            for (const auto& sequenced : page->events) {
                ++held[sequenced.event.id];
            }
            since = page->events.back().sequence;
            if (!page->more) {
                return held;
            }
        }
    }

    TempDir directory;
    std::unique_ptr<test::HubCluster> cluster;
    std::vector<Kiosk> kiosks;
};

TEST_F(HubBalancer, KiosksSyncThroughOneAddressAndAnInstanceKilledMidRunLosesNothing) {
    // Each kiosk admits its own share of the delegates, and two kiosks both admit one delegate (cut off
    // from each other, as at a venue with bad Wi-Fi): counted once on the hub.
    for (std::size_t index = 0; index < 60; ++index) {
        kiosks[index % kiosk_count].check_in(fixture_code(index), static_cast<int>(index % 50));
    }
    kiosks[1].check_in(fixture_code(0), 55);

    const auto first = sync_all_at_once(1);
    for (std::size_t index = 0; index < kiosk_count; ++index) {
        ASSERT_TRUE(first[index].has_value()) << kiosks[index].name << " could not sync through the balancer";
        EXPECT_EQ(first[index]->hub_kiosk, kiosks[index].name)
            << "the token's kiosk, whichever instance answered";
        EXPECT_EQ(first[index]->events_refused, 0U);
    }
    // The balancer spread the kiosks over the instances (each kiosk keeps its connection open, and the
    // next kiosk goes to the instance with the fewest).
    std::size_t instances_that_stored = 0;
    for (std::size_t index = 0; index < instance_count; ++index) {
        if (cluster->instance_log(index).find("POST /api/v1/events 200") != std::string::npos) {
            ++instances_that_stored;
        }
    }
    EXPECT_GE(instances_that_stored, 2U) << "every push went to one instance";

    // More check-ins, then every kiosk syncs while one instance is killed under it.
    for (std::size_t index = 60; index < 180; ++index) {
        kiosks[index % kiosk_count].check_in(fixture_code(index), static_cast<int>(index % 50));
    }
    bool killed = false;
    std::thread killer([this, &killed] { killed = cluster->kill_instance(1); });
    const auto second = sync_all_at_once(50);
    killer.join();
    EXPECT_TRUE(killed) << "instance 2 was not killed";
    for (std::size_t index = 0; index < kiosk_count; ++index) {
        ASSERT_TRUE(second[index].has_value()) << kiosks[index].name << " never got through after the kill";
    }
    // A round pulls what the others pushed before it; one more each brings every mirror up to date.
    const auto last = sync_all_at_once(50);
    for (std::size_t index = 0; index < kiosk_count; ++index) {
        ASSERT_TRUE(last[index].has_value()) << kiosks[index].name;
        EXPECT_EQ(last[index]->events_pushed, 0U) << kiosks[index].name << " still had events to upload";
    }

    const auto held = hub_event_ids();
    EXPECT_EQ(held.size(), 181U) << "180 admissions and the second one of the same delegate";
    for (const auto& [id, copies] : held) {
        EXPECT_EQ(copies, 1U) << "the hub holds event " << id << " " << copies << " times";
    }
    std::set<std::string> hub_ids;
    for (const auto& [id, copies] : held) {
        hub_ids.insert(id);
    }
    for (auto& kiosk : kiosks) {
        EXPECT_EQ(kiosk.event_ids(), hub_ids) << kiosk.name << " differs from the hub";
    }

    // Counted once: 180 delegates checked in, one of them twice on the same day.
    HubClient& client = *kiosks.front().client;
    auto statistics = client.statistics();
    ASSERT_TRUE(statistics.has_value()) << statistics.error().message;
    EXPECT_EQ(statistics->checked_in, 180U);
    EXPECT_EQ(statistics->events, 181U);
    EXPECT_EQ(statistics->duplicates, 1U);
}

TEST_F(HubBalancer, APushRepeatedOnAnotherInstanceIsStoredOnce) {
    kiosks[0].check_in(fixture_code(7), 10);
    auto pending = kiosks[0].mirror->events_of(fixture_code(7));
    ASSERT_TRUE(pending.has_value()) << pending.error().message;
    ASSERT_EQ(pending->size(), 1U);
    const PushRequest request{kiosks[0].name, *pending, {}};

    // The same batch sent to each instance in turn, as a kiosk whose reply was lost retries elsewhere.
    std::size_t accepted = 0;
    std::size_t duplicates = 0;
    for (std::size_t index = 0; index < instance_count; ++index) {
        HubClient client = client_for(cluster->instance_url(index), kiosks[0].token);
        auto reply = client.push(request);
        ASSERT_TRUE(reply.has_value()) << "instance " << index + 1 << ": " << reply.error().message;
        EXPECT_EQ(reply->acknowledged, std::vector<std::string>{pending->front().id});
        accepted += reply->accepted;
        duplicates += reply->duplicates;
    }
    EXPECT_EQ(accepted, 1U);
    EXPECT_EQ(duplicates, instance_count - 1);
    const auto held = hub_event_ids();
    ASSERT_EQ(held.size(), 1U);
    EXPECT_EQ(held.begin()->first, pending->front().id);
    EXPECT_EQ(held.begin()->second, 1U);
}

} // namespace
} // namespace checkin::sync
