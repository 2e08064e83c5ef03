#pragma once

// One sync round between a kiosk's mirror and the hub:
//   1. push   the walk-ins registered here and the events not yet uploaded, in batches; an event is
//             marked uploaded only once the hub's reply acknowledges it; one the hub refuses (its rules,
//             event_checks.hpp) leaves the queue for good and is kept with the hub's reason
//             (Mirror::refused_uploads, for the device panel);
//   2. roster pull the delegates changed on the hub since the last round, page by page;
//   1b. report the kiosk's health (POST /api/v1/kiosk-report): its version, the backlog left after the
//             push, and what SyncRoundOptions::condition knows of its printer and scanners; a hub older
//             than the route (404) is left alone;
//   3. events pull the events every kiosk sent since the last round, page by page, each checked with the
//             hub's rules (all but the kiosk's name, since they are every kiosk's): one that breaks them is
//             skipped and counted, never applied.
// Every step commits as it goes and the positions are saved after each merged page, so a round that
// fails (or a kiosk killed) midway keeps everything done so far and the next round carries on; nothing is
// lost or counted twice, because the hub stores an event once by its id and the mirror merges by id too.

#include "sync/client/hub_client.hpp"
#include "sync/mirror/mirror.hpp"
#include "sync/protocol/hub_protocol.hpp"
#include "sync/roster/error.hpp"
#include "sync/roster/roster.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace checkin::sync {

// The mirror's sync values (Mirror::sync_value) that hold where the next round starts.
inline constexpr std::string_view roster_version_key = "hub_roster_version";
inline constexpr std::string_view event_sequence_key = "hub_event_sequence";

// What the kiosk knows of its devices for the health report sent with every round (hub_protocol.hpp's
// KioskReport); the round adds the kiosk's name, the version and the backlog. Never a code or a name.
struct KioskCondition {
    PrinterCondition printer = PrinterCondition::unknown;
    std::vector<std::string> printer_problems;             // the drivers' problem names, most important first
    std::optional<std::int64_t> labels_left;               // only when the printer reports it
    std::size_t scanners = 0;                              // connected now
    std::optional<std::int64_t> last_scan_at_milliseconds; // Unix time of the last code read
};

// This build's version (the project's, from CMake), as the health report carries it.
std::string_view kiosk_software_version();

struct SyncRoundOptions {
    std::string kiosk_id;         // sent with the pushed events; empty: the name the hub gave the token
    std::size_t batch_size = 500; // events per push, 1 … push_batch_maximum
    std::size_t roster_page_size = roster_page_default; // 1 … roster_page_maximum
    std::size_t events_page_size = events_page_default; // 1 … events_page_maximum
    // Asked between requests; true ends the round with an error (everything done so far is kept).
    std::function<bool()> stop_requested;
    // The kiosk's clock (Unix milliseconds, UTC) for the checks of pulled events; empty: the system's.
    std::function<std::int64_t()> clock;
    // Asked once a round, on the round's thread, for the health report; empty: nothing is known of the
    // devices (kioskctl sync), and the report says the printer is unknown.
    std::function<KioskCondition()> condition;
};

struct SyncReport {
    std::string hub_kiosk;               // the name the hub knows this kiosk's token by
    std::size_t walk_ins_pushed = 0;     // walk-ins sent (the hub keeps a code it already has)
    std::size_t walk_ins_added = 0;      // new to the hub
    std::size_t events_pushed = 0;       // events sent
    std::size_t events_acknowledged = 0; // acknowledged by the hub, now marked uploaded here
    std::size_t events_accepted = 0;     // new to the hub
    std::size_t duplicates = 0;          // the hub held them already (an earlier reply was lost)
    std::size_t events_refused = 0;      // refused by the hub, out of the queue for good
    std::size_t events_skipped = 0;      // pulled, but breaking the rules: not applied
    std::size_t delegates_pulled = 0;
    std::size_t events_pulled = 0;   // every kiosk's, this one's coming back included
    std::size_t events_new = 0;      // new to this mirror
    std::size_t code_keys = 0;       // the signed codes' public keys the hub lists
    std::size_t serials_revoked = 0; // revoked serials new to this mirror
    std::int64_t roster_version = 0; // where the next round's roster pull starts
    std::int64_t event_sequence = 0; // where the next round's events pull starts
    bool health_reported = false;    // the hub took this round's health report (an older hub has no route)
    std::chrono::milliseconds push_duration{0};
    std::chrono::milliseconds roster_duration{0};
    std::chrono::milliseconds events_duration{0};
    std::chrono::milliseconds total_duration{0};
};

// Runs one round. `progress`, when given, is called with (events done, events in all): the events
// pushed plus the events pulled, against the backlog plus the hub's events this mirror has not seen yet.
// Fails with the hub client's errors (hub_client.hpp: "offline: …", a refused token), the mirror's, or
// ErrorKind::invalid_input for options out of range.
Result<SyncReport> run_sync_round(Mirror& mirror, HubClient& client, const SyncRoundOptions& options = {},
                                  const ProgressCallback& progress = {});

} // namespace checkin::sync
