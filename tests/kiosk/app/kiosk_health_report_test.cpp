// The running kiosk's health report (issue 16, item 5): the controller, with its real workers, mirror,
// simulated printer and sync loop, syncing with a hub served in this process on loopback. After a
// delegate's code is scanned and the badge printed, the hub holds the kiosk's report: its version, an
// empty backlog, the printer ready, and the time of the scan, and neither the report nor the kiosk's log
// holds the code.

#include "kiosk/app/config.hpp"
#include "kiosk/app/controller.hpp"
#include "sync/hub/hub_server.hpp"
#include "sync/hub/hub_store.hpp"
#include "sync/mirror/mirror.hpp"
#include "tests/kiosk/app/in_process_hub.hpp"
#include "tests/kiosk/app/in_process_kiosk.hpp"
#include "tests/sync/mirror/mirror_fixture.hpp"

#include <chrono>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace checkin::kiosk {
namespace {

using namespace std::chrono_literals;
using sync::mirror_fixture::TempDir;

constexpr sync::Day first_day{std::chrono::year{2026}, std::chrono::November, std::chrono::day{29}};
// A delegate of tests/data/serock-roster.csv expected on 29.11.
const std::string delegate_code = "CWD-K72UFRSS";

class KioskHealthReport : public testing::Test {
protected:
    void SetUp() override {
        hub = test::start_hub_and_mirror(directory.path(), mirror_path, "kiosk-7");
        ASSERT_TRUE(hub.server) << "the hub did not start";
    }

    void TearDown() override {
        controller.reset();
        if (hub.server) {
            hub.server->stop();
        }
    }

    void start_kiosk() {
        const std::string config_text =
            fmt::format("[kiosk]\nid = kiosk-7\n\n[sync]\nhub = http://127.0.0.1:{}\ntoken = {}\n",
                        hub.server->port(), hub.kiosk_token);
        auto parsed = parse_kiosk_config(config_text, "kiosk.conf");
        ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
        auto config =
            apply_overrides(std::move(*parsed), {.database = mirror_path.string(),
                                                 .printer = "sim://" + directory.file("badges").string(),
                                                 .date = std::string("2026-11-29")});
        ASSERT_TRUE(config.has_value());
        ControllerSettings settings = test::in_process_settings(std::move(*config), now, first_day);
        settings.log = [this](std::string_view line) {
            const std::lock_guard lock(log_mutex);
            log.emplace_back(line);
        };
        auto created = KioskController::create(std::move(settings));
        ASSERT_TRUE(created.has_value()) << created.error().message;
        controller = std::move(*created);
    }

    // The hub's report of kiosk-7 once `wanted` holds for it, ticking the kiosk meanwhile (its sync loop
    // runs on its own thread every few seconds, and at once after a check-in).
    std::optional<sync::KioskHealth>
    report_when(const std::function<bool(const sync::KioskHealth&)>& wanted) {
        const auto deadline = std::chrono::steady_clock::now() + 30s;
        while (std::chrono::steady_clock::now() < deadline) {
            controller->tick(now);
            auto kiosks = hub.store->kiosk_health();
            EXPECT_TRUE(kiosks.has_value());
            if (kiosks && kiosks->size() == 1 && wanted(kiosks->front())) {
                return kiosks->front();
            }
            std::this_thread::sleep_for(50ms);
        }
        return std::nullopt;
    }

    std::string log_text() {
        const std::lock_guard lock(log_mutex);
        std::string text;
        for (const auto& line : log) {
            text += line + "\n";
        }
        return text;
    }

    TempDir directory;
    std::filesystem::path mirror_path = directory.file("kiosk.sqlite");
    test::InProcessHub hub;
    FlowTime now = std::chrono::steady_clock::now();
    std::int64_t wall_start = test::eight_in_the_morning_milliseconds(first_day);
    std::mutex log_mutex;
    std::vector<std::string> log;
    std::unique_ptr<KioskController> controller;
};

TEST_F(KioskHealthReport, TheHubLearnsTheKiosksPrinterAndLastScanButNotTheCode) {
    ASSERT_NO_FATAL_FAILURE(start_kiosk());
    // Before any scan or print: the printer not asked yet, no scan.
    auto first = report_when([](const sync::KioskHealth&) { return true; });
    ASSERT_TRUE(first.has_value()) << "no report reached the hub in 30 s:\n" << log_text();
    EXPECT_EQ(first->report.kiosk, "kiosk-7");
    EXPECT_EQ(first->report.version, sync::kiosk_software_version());
    EXPECT_EQ(first->report.printer, sync::PrinterCondition::unknown);
    EXPECT_FALSE(first->report.last_scan_at_milliseconds.has_value());
    EXPECT_EQ(first->report.scanners, 0U); // headless: no scanner opened

    const FlowTime scanned_at = now + 90s;
    now = scanned_at;
    controller->scan(delegate_code, now);
    auto after = report_when([](const sync::KioskHealth& health) {
        return health.report.last_scan_at_milliseconds.has_value() &&
               health.report.printer == sync::PrinterCondition::ready && health.report.backlog == 0;
    });
    ASSERT_TRUE(after.has_value()) << "the scan and the print never showed in a report:\n" << log_text();
    EXPECT_EQ(after->report.last_scan_at_milliseconds, wall_start + 90'000);
    EXPECT_TRUE(after->report.printer_problems.empty());
    EXPECT_FALSE(after->report.labels_left.has_value()) << "the simulated QL does not count its labels";
    EXPECT_EQ(sync::encode(after->report).find(delegate_code), std::string::npos);
    EXPECT_EQ(log_text().find(delegate_code), std::string::npos) << log_text();
}

TEST_F(KioskHealthReport, APrinterProblemIsReported) {
    ASSERT_NO_FATAL_FAILURE(start_kiosk());
    controller->printer_command("media none");
    controller->scan(delegate_code, now);
    auto troubled = report_when([](const sync::KioskHealth& health) {
        return health.report.printer == sync::PrinterCondition::problem;
    });
    ASSERT_TRUE(troubled.has_value()) << "the printer problem never showed in a report:\n" << log_text();
    EXPECT_EQ(troubled->report.printer_problems, (std::vector<std::string>{"no_media"}));
}

} // namespace
} // namespace checkin::kiosk
