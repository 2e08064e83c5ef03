#pragma once

// Who may check in, decided from facts alone (no I/O), so the kiosk, kioskctl and the tests share
// exactly one rule.

#include "sync/roster/delegate.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace checkin::sync {

enum class CheckinOutcome {
    admitted,             // checked in now; print the badge
    already_checked_in,   // checked in earlier today; no second badge from self-service
    unknown_code,         // no delegate has this code
    unreadable_code,      // the scan held no usable code
    cancelled,            // the registration was cancelled
    not_registered_today, // admitted on other days of the event only
};

struct CheckinResult {
    CheckinOutcome outcome = CheckinOutcome::unknown_code;
    std::string code;                                       // the normalised code (empty when unreadable)
    std::optional<Delegate> delegate;                       // when the code is known
    std::optional<std::int64_t> checked_in_at_milliseconds; // the check-in that stands today, if any
    std::optional<std::string> event_id;                    // the new event, when admitted
    // Admitted on their first arrival, and their badge was pre-printed on a sheet (kioskctl badges): it is
    // waiting at reception, so the kiosk prints none.
    bool badge_at_reception = false;
    std::string detail; // why, for unreadable codes
};

// The decision for a known delegate. `checked_in_today_at` is the check-in standing today, if any.
CheckinOutcome decide_checkin(const Delegate& delegate, std::optional<std::int64_t> checked_in_today_at,
                              const Event& event, Day today);

std::string_view to_string(CheckinOutcome outcome); // "admitted", "already_checked_in", …

} // namespace checkin::sync
