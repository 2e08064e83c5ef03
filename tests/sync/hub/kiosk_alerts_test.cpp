// The dashboard's kiosk alerts (kiosk_alerts.hpp): silent for more than two minutes, a printer problem,
// labels running low, with the clock and the venue's time given by the test.

#include "sync/hub/kiosk_alerts.hpp"

#include <gtest/gtest.h>

namespace checkin::sync {
namespace {

constexpr std::int64_t minute = 60'000;
// 2026-11-29 09:00 UTC; the venue clock below reads Unix time as UTC minutes of the day.
constexpr std::int64_t nine_o_clock = 1'795'942'800'000;

int utc_minute_of_day(std::int64_t unix_milliseconds) {
    return static_cast<int>((unix_milliseconds / minute) % (24 * 60));
}

KioskHealth healthy(std::string kiosk, std::int64_t received_at) {
    KioskHealth health;
    health.report.kiosk = std::move(kiosk);
    health.report.version = "0.1.0";
    health.report.printer = PrinterCondition::ready;
    health.report.labels_left = 150;
    health.report.scanners = 1;
    health.received_at_milliseconds = received_at;
    return health;
}

std::vector<KioskAlert> alerts_at(const std::vector<KioskHealth>& kiosks, std::int64_t now,
                                  KioskAlertSettings settings = {}) {
    return kiosk_alerts(kiosks, now, settings, utc_minute_of_day);
}

TEST(KioskAlerts, AHealthyKioskInTouchRaisesNone) {
    EXPECT_TRUE(alerts_at({healthy("kiosk-1", nine_o_clock)}, nine_o_clock + 5000).empty());
    EXPECT_TRUE(alerts_at({}, nine_o_clock).empty());
}

TEST(KioskAlerts, SilentIsMoreThanTwoMinutesWithoutContact) {
    const std::vector<KioskHealth> kiosks = {healthy("kiosk-1", nine_o_clock)};
    EXPECT_TRUE(alerts_at(kiosks, nine_o_clock + 2 * minute).empty())
        << "exactly two minutes is not yet silent";
    const auto alerts = alerts_at(kiosks, nine_o_clock + 2 * minute + 1);
    ASSERT_EQ(alerts.size(), 1U);
    EXPECT_EQ(alerts[0].kiosk, "kiosk-1");
    EXPECT_EQ(alerts[0].kind, KioskAlertKind::silent);
    const auto later = alerts_at(kiosks, nine_o_clock + 7 * minute + 30'000);
    ASSERT_EQ(later.size(), 1U);
    EXPECT_EQ(later[0].message,
              "kiosk-1: brak kontaktu od 7 min, ostatni o 9:00 (silent for 7 min, last contact at 9:00)");
}

TEST(KioskAlerts, AContactAheadOfTheHubsClockIsNotSilent) {
    EXPECT_TRUE(alerts_at({healthy("kiosk-1", nine_o_clock + 10'000)}, nine_o_clock).empty());
}

TEST(KioskAlerts, APrinterProblemNamesTheProblems) {
    auto kiosk = healthy("kiosk-2", nine_o_clock);
    kiosk.report.printer = PrinterCondition::problem;
    kiosk.report.printer_problems = {"no_media", "cover_open"};
    const auto alerts = alerts_at({kiosk}, nine_o_clock);
    ASSERT_EQ(alerts.size(), 1U);
    EXPECT_EQ(alerts[0].kind, KioskAlertKind::printer_problem);
    EXPECT_EQ(alerts[0].message,
              "kiosk-2: problem z drukarką: no_media, cover_open (printer problem: no_media, cover_open)");
}

TEST(KioskAlerts, NoPrinterOrAnUnknownOneIsNoProblem) {
    auto without = healthy("reception", nine_o_clock);
    without.report.printer = PrinterCondition::none;
    without.report.labels_left.reset();
    auto unknown = healthy("laptop", nine_o_clock);
    unknown.report.printer = PrinterCondition::unknown;
    unknown.report.labels_left.reset();
    EXPECT_TRUE(alerts_at({without, unknown}, nine_o_clock).empty());
}

TEST(KioskAlerts, LabelsLowIsFewerThanTheThreshold) {
    auto kiosk = healthy("kiosk-1", nine_o_clock);
    kiosk.report.labels_left = 20;
    EXPECT_TRUE(alerts_at({kiosk}, nine_o_clock).empty()) << "20 left is not below 20";
    kiosk.report.labels_left = 19;
    auto alerts = alerts_at({kiosk}, nine_o_clock);
    ASSERT_EQ(alerts.size(), 1U);
    EXPECT_EQ(alerts[0].kind, KioskAlertKind::labels_low);
    EXPECT_EQ(alerts[0].message, "kiosk-1: zostało 19 etykiet (labels running low: 19 left, alert below 20)");

    kiosk.report.labels_left = 45;
    EXPECT_EQ(alerts_at({kiosk}, nine_o_clock, KioskAlertSettings{.labels_low = 50}).size(), 1U)
        << "the threshold is configurable";
    kiosk.report.labels_left.reset();
    EXPECT_TRUE(alerts_at({kiosk}, nine_o_clock, KioskAlertSettings{.labels_low = 50}).empty())
        << "a printer that does not count its labels raises no labels alert";
}

TEST(KioskAlerts, EachKioskInOrderAndSilentThenPrinterThenLabels) {
    auto troubled = healthy("kiosk-1", nine_o_clock);
    troubled.report.printer = PrinterCondition::problem;
    troubled.report.printer_problems = {"end_of_media"};
    troubled.report.labels_left = 0;
    const auto alerts =
        alerts_at({troubled, healthy("kiosk-2", nine_o_clock + 4 * minute)}, nine_o_clock + 4 * minute);
    ASSERT_EQ(alerts.size(), 3U);
    EXPECT_EQ(alerts[0].kind, KioskAlertKind::silent);
    EXPECT_EQ(alerts[1].kind, KioskAlertKind::printer_problem);
    EXPECT_EQ(alerts[2].kind, KioskAlertKind::labels_low);
    for (const auto& alert : alerts) {
        EXPECT_EQ(alert.kiosk, "kiosk-1");
    }
}

TEST(KioskAlerts, TheJsonListsEveryKioskWithItsLastContact) {
    auto kiosk = healthy("kiosk-1", nine_o_clock);
    kiosk.report.backlog = 3;
    kiosk.report.last_scan_at_milliseconds = nine_o_clock - 14 * minute;
    const std::vector<KioskHealth> kiosks = {kiosk};
    const std::int64_t now = nine_o_clock + 3 * minute;
    const auto alerts = alerts_at(kiosks, now);
    const auto json = kiosk_health_to_json(kiosks, alerts, now, KioskAlertSettings{}, utc_minute_of_day);
    EXPECT_EQ(json["silence_seconds"], 120);
    EXPECT_EQ(json["labels_low"], 20);
    ASSERT_EQ(json["kiosks"].size(), 1U);
    const auto& row = json["kiosks"][0];
    EXPECT_EQ(row["kiosk"], "kiosk-1");
    EXPECT_EQ(row["version"], "0.1.0");
    EXPECT_EQ(row["backlog"], 3);
    EXPECT_EQ(row["printer"], "ready");
    EXPECT_EQ(row["labels_left"], 150);
    EXPECT_EQ(row["scanners"], 1);
    EXPECT_EQ(row["last_scan"], "8:46");
    EXPECT_EQ(row["last_contact"], "9:00");
    EXPECT_EQ(row["seconds_since_contact"], 180);
    ASSERT_EQ(json["alerts"].size(), 1U);
    EXPECT_EQ(json["alerts"][0]["kind"], "silent");
    EXPECT_EQ(json["alerts"][0]["kiosk"], "kiosk-1");
}

} // namespace
} // namespace checkin::sync
