#pragma once

// The dashboard's view of the kiosks (issue 16, item 5): which of them need someone's attention, from
// each kiosk's latest health report (hub_store.hpp's KioskHealth). Pure: the reports and the time go in,
// the alerts come out, so the rules are tested with a clock the test sets.
//
// The rules:
// - silent: no report for more than silence_milliseconds (a kiosk reports with every sync round, every few
//   seconds while the hub answers): it is off, hung, unplugged from the network, or its clock is gone;
// - printer: its printer reported a problem (no labels, cover open, jammed, unplugged, …); a kiosk with no
//   printer configured, or a report that says nothing of a printer (kioskctl sync), raises none;
// - labels: its printer reports fewer labels left than labels_low (only printers that count them).
// A silent kiosk keeps its other alerts: they are the last that is known of it.

#include "sync/hub/hub_dashboard.hpp"
#include "sync/hub/hub_store.hpp"

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace checkin::sync {

inline constexpr std::int64_t kiosk_silence_alert_milliseconds = 2 * 60 * 1000;
inline constexpr std::int64_t labels_low_default = 20;

struct KioskAlertSettings {
    std::int64_t silence_milliseconds = kiosk_silence_alert_milliseconds;
    std::int64_t labels_low = labels_low_default; // fewer labels left than this raise an alert
};

enum class KioskAlertKind { silent, printer_problem, labels_low };
// "silent", "printer", "labels": the JSON's and the page's name for the kind.
std::string_view to_string(KioskAlertKind kind);

struct KioskAlert {
    std::string kiosk;
    KioskAlertKind kind = KioskAlertKind::silent;
    std::string message; // Polish, then English in brackets, as the rest of the dashboard
    friend bool operator==(const KioskAlert&, const KioskAlert&) = default;
};

// The alerts for `kiosks` at `now_milliseconds` (Unix, UTC), kiosk by kiosk in the order given, and for
// each kiosk silent, printer, labels. `clock` turns the last contact into the venue's time for the message.
std::vector<KioskAlert> kiosk_alerts(const std::vector<KioskHealth>& kiosks, std::int64_t now_milliseconds,
                                     const KioskAlertSettings& settings, const VenueClock& clock);

// {"now_ms", "silence_seconds", "labels_low", "kiosks": [{"kiosk", "version", "backlog", "printer",
// "printer_problems", "labels_left" (null: not reported), "scanners", "last_scan_at_ms", "last_scan"
// ("9:14" or null), "last_contact_at_ms", "last_contact" ("9:14"), "seconds_since_contact"}], "alerts":
// [{"kiosk", "kind", "message"}]}
nlohmann::ordered_json kiosk_health_to_json(const std::vector<KioskHealth>& kiosks,
                                            const std::vector<KioskAlert>& alerts,
                                            std::int64_t now_milliseconds, const KioskAlertSettings& settings,
                                            const VenueClock& clock);

} // namespace checkin::sync
