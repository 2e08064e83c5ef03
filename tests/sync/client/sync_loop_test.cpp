// The kiosk's background sync: rounds while the hub answers, backoff while it does not, early rounds on
// wake, a prompt stop, and a status the kiosk can show.

#include "sync/client/sync_loop.hpp"
#include "tests/sync/client/sync_client_fixture.hpp"

#include <chrono>
#include <httplib.h>

namespace checkin::sync {
namespace {

using namespace client_fixture;
using namespace std::chrono_literals;

SyncLoopSettings loop_settings(const std::filesystem::path& mirror, const std::string& url,
                               const std::string& token) {
    SyncLoopSettings settings;
    settings.mirror_path = mirror;
    settings.hub.base_url = url;
    settings.hub.token = token;
    settings.interval = 60s; // only wakes start rounds after the first, unless a test says otherwise
    settings.backoff = BackoffSettings{20ms, 2.0, 100ms};
    return settings;
}

// Waits until `condition` holds for the loop's status, or the time runs out. The status changes only when
// a round ends, so the condition is checked again at the end of each round (wait_for_rounds, which waits on
// the loop's own condition variable), not on a clock.
template <typename Condition>
bool eventually(const SyncLoop& loop, Condition condition, std::chrono::milliseconds timeout = 10s) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        const SyncStatus status = loop.status();
        if (condition(status)) {
            return true;
        }
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) {
            return false;
        }
        loop.wait_for_rounds(status.rounds + 1, left);
    }
}

TEST(SyncLoop, UploadsACheckInAfterAWake) {
    mirror_fixture::TempDir directory;
    TestHub hub;
    TestKiosk kiosk(hub, "kiosk-a", true, directory);
    SyncLoop loop(loop_settings(kiosk.path(), hub.url(), kiosk.token()));
    ASSERT_TRUE(loop.wait_for_rounds(1, 10s));
    auto status = loop.status();
    EXPECT_TRUE(status.online);
    EXPECT_EQ(status.backlog, 0U);
    EXPECT_TRUE(status.last_error.empty()) << status.last_error;
    EXPECT_GT(status.last_success_milliseconds, utc_milliseconds(first_day, 0, 0) - 400LL * 86400 * 1000);
    ASSERT_TRUE(status.last_report.has_value());
    EXPECT_EQ(status.last_report->hub_kiosk, "kiosk-a");

    // The kiosk's own connection checks in; the loop's connection uploads it when woken.
    kiosk.check_in(fixture_code(0), utc_milliseconds(first_day, 9, 0));
    loop.wake();
    ASSERT_TRUE(eventually(loop, [](const SyncStatus& current) { return current.rounds >= 2; }));
    EXPECT_TRUE(eventually(loop, [&](const SyncStatus&) { return hub.statistics().events == 1; }));
    EXPECT_EQ(kiosk.backlog(), 0U);
    status = loop.status();
    EXPECT_TRUE(status.online);
    EXPECT_EQ(status.backlog, 0U);
}

TEST(SyncLoop, CountsTheEventsTheHubRefused) {
    mirror_fixture::TempDir directory;
    TestHub hub;
    TestKiosk kiosk(hub, "kiosk-a", true, directory);
    // A check-in under another kiosk's name: the hub refuses it, and it never comes back to the queue.
    CheckinEvent forged;
    forged.id = "forged";
    forged.delegate_code = fixture_code(0);
    forged.kind = EventKind::checkin;
    forged.at_milliseconds = utc_milliseconds(first_day, 9, 0);
    forged.day = first_day;
    forged.kiosk_id = "kiosk-b";
    ASSERT_TRUE(kiosk.mirror().append_event(forged).has_value());
    SyncLoop loop(loop_settings(kiosk.path(), hub.url(), kiosk.token()));
    ASSERT_TRUE(loop.wait_for_rounds(1, 10s));
    const auto status = loop.status();
    EXPECT_TRUE(status.last_error.empty()) << status.last_error;
    EXPECT_EQ(status.refused, 1U);
    EXPECT_EQ(status.backlog, 0U);
    ASSERT_TRUE(status.last_report.has_value());
    EXPECT_EQ(status.last_report->events_refused, 1U);
    EXPECT_EQ(hub.statistics().events, 0U);
}

TEST(SyncLoop, RunsRoundsAtTheRegularInterval) {
    mirror_fixture::TempDir directory;
    TestHub hub;
    TestKiosk kiosk(hub, "kiosk-a", true, directory);
    auto settings = loop_settings(kiosk.path(), hub.url(), kiosk.token());
    settings.interval = 50ms;
    SyncLoop loop(settings);
    EXPECT_TRUE(loop.wait_for_rounds(4, 10s));
    EXPECT_EQ(loop.status().failures_in_a_row, 0U);
}

TEST(SyncLoop, BacksOffWhileTheHubIsAwayAndCatchesUpWhenItIsBack) {
    mirror_fixture::TempDir directory;
    TestHub hub;
    TestKiosk kiosk(hub, "kiosk-a", true, directory);
    kiosk.check_in(fixture_code(0), utc_milliseconds(first_day, 9, 0));
    kiosk.check_in(fixture_code(1), utc_milliseconds(first_day, 9, 1));
    hub.stop();

    SyncLoop loop(loop_settings(kiosk.path(), hub.url(), kiosk.token()));
    ASSERT_TRUE(eventually(loop, [](const SyncStatus& status) { return status.failures_in_a_row >= 3; }));
    auto status = loop.status();
    EXPECT_FALSE(status.online);
    EXPECT_EQ(status.backlog, 2U);
    EXPECT_TRUE(status.last_error.starts_with("offline")) << status.last_error;
    EXPECT_EQ(status.last_success_milliseconds, 0);

    hub.start();
    ASSERT_TRUE(eventually(loop, [](const SyncStatus& current) { return current.failures_in_a_row == 0; }));
    status = loop.status();
    EXPECT_TRUE(status.online);
    EXPECT_EQ(status.backlog, 0U);
    EXPECT_TRUE(status.last_error.empty());
    EXPECT_EQ(hub.statistics().events, 2U);
}

TEST(SyncLoop, AWrongTokenIsOnlineButFailing) {
    mirror_fixture::TempDir directory;
    TestHub hub;
    TestKiosk kiosk(hub, "kiosk-a", true, directory);
    SyncLoop loop(loop_settings(kiosk.path(), hub.url(), "not-a-token-the-hub-made"));
    ASSERT_TRUE(loop.wait_for_rounds(1, 10s));
    const auto status = loop.status();
    EXPECT_TRUE(status.online); // the hub answered: the kiosk is connected, its token is the problem
    EXPECT_NE(status.last_error.find("kiosk-hub token new"), std::string::npos) << status.last_error;
}

TEST(SyncLoop, AMirrorThatCannotBeOpenedIsReported) {
    mirror_fixture::TempDir directory;
    TestHub hub;
    SyncLoop loop(
        loop_settings(directory.file("no-such-directory/kiosk.sqlite"), hub.url(), hub.token_for("k")));
    ASSERT_TRUE(loop.wait_for_rounds(1, 10s));
    const auto status = loop.status();
    EXPECT_FALSE(status.last_error.empty());
    EXPECT_EQ(status.last_success_milliseconds, 0);
}

TEST(SyncLoop, StopsPromptlyDuringASlowRequest) {
    mirror_fixture::TempDir directory;
    TestHub real_hub;
    TestKiosk kiosk(real_hub, "kiosk-a", true, directory);
    // The hub takes the request and holds its reply until the test ends.
    FakeHub slow_hub;
    slow_hub.server().Get(".*", [&slow_hub](const httplib::Request&, httplib::Response& response) {
        slow_hub.held_replies().hold();
        response.status = 503;
    });
    slow_hub.start();

    auto loop = std::make_unique<SyncLoop>(loop_settings(kiosk.path(), slow_hub.url(), kiosk.token()));
    ASSERT_TRUE(slow_hub.held_replies().wait_for_arrival(10s));
    const auto started = std::chrono::steady_clock::now();
    loop->stop();
    EXPECT_LT(std::chrono::steady_clock::now() - started, 1500ms);
    const auto status = loop->status();
    EXPECT_EQ(status.last_error, "the sync was stopped");
    EXPECT_TRUE(status.last_report == std::nullopt);
    loop.reset();
}

TEST(SyncLoop, StopsPromptlyDuringABackoff) {
    mirror_fixture::TempDir directory;
    TestHub hub;
    TestKiosk kiosk(hub, "kiosk-a", true, directory);
    auto settings =
        loop_settings(kiosk.path(), "http://127.0.0.1:" + std::to_string(unused_port()), kiosk.token());
    settings.backoff = BackoffSettings{60s, 2.0, 60s};
    SyncLoop loop(settings);
    ASSERT_TRUE(loop.wait_for_rounds(1, 10s));
    const auto started = std::chrono::steady_clock::now();
    loop.stop();
    EXPECT_LT(std::chrono::steady_clock::now() - started, 500ms);
    loop.stop(); // twice is harmless
}

// A kiosk enrolled with another hub while it runs (staff mode): the loop moves to it at its next round, and
// reads that hub's events from the start, since its position on the old hub means nothing on the new one.
TEST(SyncLoop, UseHubMovesToTheNewHubWithItsOwnPositions) {
    mirror_fixture::TempDir directory;
    TestHub old_hub;
    TestHub new_hub;
    // Thirty events on the old hub, so the kiosk's event position there is 30.
    TestKiosk old_other(old_hub, "kiosk-old", true, directory);
    for (std::size_t index = 0; index < 30; ++index) {
        old_other.check_in(fixture_code(index), utc_milliseconds(first_day, 8, 0));
    }
    old_other.synced();
    // Five on the new hub: sequences 1 to 5, all below the old position.
    TestKiosk new_other(new_hub, "kiosk-new", true, directory);
    for (std::size_t index = 100; index < 105; ++index) {
        new_other.check_in(fixture_code(index), utc_milliseconds(first_day, 8, 30));
    }
    new_other.synced();
    const auto new_ids = ids_of(new_hub.all_events());
    ASSERT_EQ(new_ids.size(), 5U);

    TestKiosk kiosk(old_hub, "kiosk-a", true, directory);
    kiosk.close();
    SyncLoop loop(loop_settings(kiosk.path(), old_hub.url(), kiosk.token()));
    ASSERT_TRUE(eventually(loop, [](const SyncStatus& status) {
        return status.last_report && status.last_report->events_pulled == 30;
    }));

    HubClientSettings enrolled;
    enrolled.base_url = new_hub.url();
    enrolled.token = new_hub.token_for("kiosk-a-enrolled");
    loop.use_hub(enrolled);
    ASSERT_TRUE(eventually(loop, [](const SyncStatus& status) {
        return status.last_report && status.last_report->hub_kiosk == "kiosk-a-enrolled";
    }));
    const auto report = *loop.status().last_report;
    EXPECT_EQ(report.events_pulled, 5U) << "the new hub's events, read from its first sequence";
    loop.stop();
    kiosk.reopen();
    const auto held = kiosk.event_ids();
    for (const auto& id : new_ids) {
        EXPECT_TRUE(held.contains(id)) << id;
    }
}

} // namespace
} // namespace checkin::sync
