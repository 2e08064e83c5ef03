#pragma once

// What a kiosk may say in an event, checked the same way by the hub on every push and by a kiosk on every
// pull (sync_round.cpp), so one leaked token cannot make every mirror answer "already checked in":
//   - an event's kiosk is the kiosk its token belongs to (pushes only: pulled events are every kiosk's);
//   - its day (the venue day it counts for) lies within the event's days, one day either side, and its
//     time is no more than 10 minutes past the receiver's clock; the time itself is not held to the
//     event's days, because a rehearsal with `--date` keeps real timestamps (base/clock.hpp);
//   - its delegate is on the roster, or arrives as a walk-in in the same push;
//   - an undo names a check-in of the same delegate, held already or earlier in the same batch;
//   - its texts are capped (operator 64 characters, reason 200; ids and codes 200 bytes) and free of
//     control characters and of the characters that reorder text (text_limits.hpp);
//     walk-ins' too (first and last name 100 characters, the other fields 200).
// Pure: the caller looks up what it holds for the codes and ids a batch names (HeldFacts) and passes it
// in. An event with no days set up yet (a hub before its first import) is not held to the day rule.

#include "sync/protocol/hub_protocol.hpp"
#include "sync/roster/delegate.hpp"
#include "sync/roster/event_days.hpp"
#include "sync/roster/text_limits.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace checkin::sync {

inline constexpr std::size_t identifier_maximum_bytes = 200;
inline constexpr std::int64_t future_tolerance_milliseconds = 10 * 60 * 1000;

struct EventRules {
    std::vector<Day> event_days; // empty: no day rule
    // The receiver's clock (Unix, UTC), for "no more than 10 minutes ahead"; nullopt: no clock rule. A kiosk
    // pulling leaves it out: the hub held every event to its own clock already, and a kiosk whose clock
    // runs slow would otherwise skip other kiosks' fresh events for good (its pull position moves on).
    std::optional<std::int64_t> now_milliseconds;
    std::optional<std::string> sender_kiosk; // the token's kiosk; nullopt for pulled events
};

// What the receiver holds already, for the codes and ids the batch names. Codes are folded with
// fold_code (the mirror compares codes with ASCII case ignored).
struct HeldFacts {
    std::unordered_set<std::string> roster_codes;
    std::unordered_map<std::string, std::string> checkins; // check-in event id → its folded delegate code
};

struct BatchVerdict {
    std::vector<RefusedEvent> refused_events;  // in the batch's order
    std::vector<std::size_t> refused_walk_ins; // indices into the walk-ins
    std::vector<std::string> walk_in_reasons;  // one per refused walk-in
};

// ASCII lower case: the mirror's NOCASE comparison of codes.
std::string fold_code(std::string_view code);

// The problem with a walk-in's texts ("the first name is longer than 100 characters"); nullopt when fine.
std::optional<std::string> walk_in_problem(const Delegate& walk_in);

// Checks a batch in order. A walk-in refused does not count as on the roster; a check-in refused does not
// count for a later undo.
BatchVerdict check_batch(const std::vector<CheckinEvent>& events, const std::vector<Delegate>& walk_ins,
                         const EventRules& rules, const HeldFacts& held);

} // namespace checkin::sync
