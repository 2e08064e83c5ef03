// The kiosk's health report (issue 16, item 5) sent by real sync rounds to a real hub on loopback: what
// the kiosk knows of its devices, its version and the backlog left after the push reach the hub's store,
// and a kiosk cannot report under another kiosk's name.

#include "base/clock.hpp"
#include "tests/sync/client/sync_client_fixture.hpp"

#include <gtest/gtest.h>

namespace checkin::sync {
namespace {

using namespace client_fixture;
using mirror_fixture::TempDir;

std::vector<KioskHealth> kiosks_on(TestHub& hub) {
    auto kiosks = hub.store().kiosk_health();
    EXPECT_TRUE(kiosks.has_value()) << (kiosks ? "" : kiosks.error().message);
    return kiosks.value_or(std::vector<KioskHealth>{});
}

TEST(KioskHealthSync, EveryRoundReportsWhatTheKioskKnowsOfItsDevices) {
    TempDir directory;
    TestHub hub;
    TestKiosk kiosk(hub, "kiosk-a", true, directory);
    kiosk.check_in(fixture_code(0), utc_milliseconds(first_day, 9, 0));
    kiosk.check_in(fixture_code(1), utc_milliseconds(first_day, 9, 1));
    const std::int64_t last_scan = utc_milliseconds(first_day, 9, 1);

    SyncRoundOptions options;
    options.condition = [last_scan] {
        KioskCondition condition;
        condition.printer = PrinterCondition::problem;
        condition.printer_problems = {"no_media"};
        condition.labels_left = 0;
        condition.scanners = 2;
        condition.last_scan_at_milliseconds = last_scan;
        return condition;
    };
    const std::int64_t before = base::now_unix_milliseconds();
    const auto report = kiosk.synced(options);
    const std::int64_t after = base::now_unix_milliseconds();
    EXPECT_TRUE(report.health_reported);
    EXPECT_EQ(report.events_acknowledged, 2U);

    const auto kiosks = kiosks_on(hub);
    ASSERT_EQ(kiosks.size(), 1U);
    const KioskReport& held = kiosks[0].report;
    EXPECT_EQ(held.kiosk, "kiosk-a");
    EXPECT_EQ(held.version, kiosk_software_version());
    EXPECT_EQ(held.version, "0.1.0"); // CMakeLists.txt's project(VERSION)
    EXPECT_EQ(held.backlog, 0U) << "the report goes after the push: what is still waiting";
    EXPECT_EQ(held.printer, PrinterCondition::problem);
    EXPECT_EQ(held.printer_problems, (std::vector<std::string>{"no_media"}));
    EXPECT_EQ(held.labels_left, 0);
    EXPECT_EQ(held.scanners, 2U);
    EXPECT_EQ(held.last_scan_at_milliseconds, last_scan);
    EXPECT_GE(kiosks[0].received_at_milliseconds, before);
    EXPECT_LE(kiosks[0].received_at_milliseconds, after);

    // The next round replaces it: the printer was refilled.
    options.condition = [] {
        KioskCondition condition;
        condition.printer = PrinterCondition::ready;
        condition.labels_left = 200;
        condition.scanners = 2;
        return condition;
    };
    EXPECT_TRUE(kiosk.synced(options).health_reported);
    const auto refilled = kiosks_on(hub);
    ASSERT_EQ(refilled.size(), 1U);
    EXPECT_EQ(refilled[0].report.printer, PrinterCondition::ready);
    EXPECT_TRUE(refilled[0].report.printer_problems.empty());
    EXPECT_EQ(refilled[0].report.labels_left, 200);
    EXPECT_GE(refilled[0].received_at_milliseconds, kiosks[0].received_at_milliseconds);
}

TEST(KioskHealthSync, WithoutAConditionThePrinterIsUnknownAndTheBacklogIsWhatThePushLeft) {
    TempDir directory;
    TestHub hub;
    TestKiosk kiosk(hub, "kiosk-a", true, directory);
    kiosk.check_in(fixture_code(0), utc_milliseconds(first_day, 9, 0));
    kiosk.check_in(fixture_code(1), utc_milliseconds(first_day, 9, 1));
    kiosk.check_in(fixture_code(2), utc_milliseconds(first_day, 9, 2));
    SyncRoundOptions options;
    options.batch_size = 2; // two pushes: the report follows the last
    const auto report = kiosk.synced(options);
    EXPECT_TRUE(report.health_reported);
    const auto kiosks = kiosks_on(hub);
    ASSERT_EQ(kiosks.size(), 1U);
    EXPECT_EQ(kiosks[0].report.printer, PrinterCondition::unknown);
    EXPECT_FALSE(kiosks[0].report.labels_left.has_value());
    EXPECT_FALSE(kiosks[0].report.last_scan_at_milliseconds.has_value());
    EXPECT_EQ(kiosks[0].report.scanners, 0U);
    EXPECT_EQ(kiosks[0].report.backlog, 0U);
}

TEST(KioskHealthSync, AKioskCannotReportUnderAnotherKiosksName) {
    TempDir directory;
    TestHub hub;
    TestKiosk kiosk(hub, "kiosk-a", true, directory);
    SyncRoundOptions options;
    options.kiosk_id = "kiosk-b"; // a configuration naming another kiosk than the token's
    auto round = kiosk.round(options);
    ASSERT_FALSE(round.has_value());
    EXPECT_EQ(round.error().kind, ErrorKind::invalid_input);
    EXPECT_EQ(round.error().message,
              "the hub refused POST /api/v1/kiosk-report (HTTP 403): this token belongs to the kiosk "
              "\"kiosk-a\" and may report only for it, not for \"kiosk-b\"");
    EXPECT_TRUE(kiosks_on(hub).empty());
}

} // namespace
} // namespace checkin::sync
