// The kiosks' alerts and their JSON for the dashboard (kiosk_alerts.hpp).

#include "sync/hub/kiosk_alerts.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <fmt/ranges.h>

namespace checkin::sync {

std::string_view to_string(KioskAlertKind kind) {
    switch (kind) {
    case KioskAlertKind::silent:
        return "silent";
    case KioskAlertKind::printer_problem:
        return "printer";
    case KioskAlertKind::labels_low:
        return "labels";
    }
    return "silent";
}

namespace {

std::int64_t milliseconds_since(const KioskHealth& kiosk, std::int64_t now_milliseconds) {
    // A contact "in the future" (two hub instances whose clocks differ a little) counts as now.
    return std::max<std::int64_t>(0, now_milliseconds - kiosk.received_at_milliseconds);
}

std::string problems_text(const std::vector<std::string>& problems) {
    return problems.empty() ? std::string("unknown") : fmt::format("{}", fmt::join(problems, ", "));
}

} // namespace

std::vector<KioskAlert> kiosk_alerts(const std::vector<KioskHealth>& kiosks, std::int64_t now_milliseconds,
                                     const KioskAlertSettings& settings, const VenueClock& clock) {
    std::vector<KioskAlert> alerts;
    for (const auto& kiosk : kiosks) {
        const std::string& name = kiosk.report.kiosk;
        const std::int64_t silent_for = milliseconds_since(kiosk, now_milliseconds);
        if (silent_for > settings.silence_milliseconds) {
            const std::int64_t minutes = silent_for / 60'000;
            const std::string contact = clock_text(clock(kiosk.received_at_milliseconds));
            alerts.push_back(
                {name, KioskAlertKind::silent,
                 fmt::format("{}: brak kontaktu od {} min, ostatni o {} (silent for {} min, last "
                             "contact at {})",
                             name, minutes, contact, minutes, contact)});
        }
        if (kiosk.report.printer == PrinterCondition::problem) {
            const std::string problems = problems_text(kiosk.report.printer_problems);
            alerts.push_back(
                {name, KioskAlertKind::printer_problem,
                 fmt::format("{}: problem z drukarką: {} (printer problem: {})", name, problems, problems)});
        }
        if (kiosk.report.labels_left && *kiosk.report.labels_left < settings.labels_low) {
            const std::int64_t left = *kiosk.report.labels_left;
            alerts.push_back(
                {name, KioskAlertKind::labels_low,
                 fmt::format("{}: zostało {} etykiet (labels running low: {} left, alert below {})", name,
                             left, left, settings.labels_low)});
        }
    }
    return alerts;
}

nlohmann::ordered_json kiosk_health_to_json(const std::vector<KioskHealth>& kiosks,
                                            const std::vector<KioskAlert>& alerts,
                                            std::int64_t now_milliseconds, const KioskAlertSettings& settings,
                                            const VenueClock& clock) {
    using Json = nlohmann::ordered_json;
    auto kiosk_list = Json::array();
    for (const auto& kiosk : kiosks) {
        const auto& report = kiosk.report;
        Json row;
        row["kiosk"] = report.kiosk;
        row["version"] = report.version;
        row["backlog"] = report.backlog;
        row["printer"] = to_string(report.printer);
        row["printer_problems"] = report.printer_problems;
        row["labels_left"] = report.labels_left ? Json(*report.labels_left) : Json(nullptr);
        row["scanners"] = report.scanners;
        if (report.last_scan_at_milliseconds) {
            row["last_scan_at_ms"] = *report.last_scan_at_milliseconds;
            row["last_scan"] = clock_text(clock(*report.last_scan_at_milliseconds));
        } else {
            row["last_scan_at_ms"] = nullptr;
            row["last_scan"] = nullptr;
        }
        row["last_contact_at_ms"] = kiosk.received_at_milliseconds;
        row["last_contact"] = clock_text(clock(kiosk.received_at_milliseconds));
        row["seconds_since_contact"] = milliseconds_since(kiosk, now_milliseconds) / 1000;
        kiosk_list.push_back(std::move(row));
    }
    auto alert_list = Json::array();
    for (const auto& alert : alerts) {
        alert_list.push_back(
            Json{{"kiosk", alert.kiosk}, {"kind", to_string(alert.kind)}, {"message", alert.message}});
    }
    Json json;
    json["now_ms"] = now_milliseconds;
    json["silence_seconds"] = settings.silence_milliseconds / 1000;
    json["labels_low"] = settings.labels_low;
    json["kiosks"] = std::move(kiosk_list);
    json["alerts"] = std::move(alert_list);
    return json;
}

} // namespace checkin::sync
