#pragma once

// The records the mirror keeps: delegates and the append-only journal of check-in events.

#include "sync/roster/event_days.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace checkin::sync {

enum class DelegateStatus { active, cancelled };

// Where a delegate came from: the organiser's roster, or registered at the venue. A re-import cancels
// roster delegates that vanished from the file but never touches walk-ins.
enum class DelegateOrigin { roster, walk_in };

struct Delegate {
    std::string code;
    std::string first_name;
    std::string last_name;
    std::string organisation;
    std::string position;
    std::string partnership;
    std::string voivodeship;
    std::string role;
    std::vector<Day> days; // the days admitted; empty = every day of the event
    std::string email;
    DelegateStatus status = DelegateStatus::active;
    DelegateOrigin origin = DelegateOrigin::roster;
    std::int64_t row_version = 0; // the roster version that last changed this row (for sync deltas)

    // Same person, same data: what a re-import compares (status, origin and version excluded).
    bool same_details(const Delegate& other) const;
    // Every field equal, status, origin and version included.
    friend bool operator==(const Delegate&, const Delegate&) = default;
    std::string full_name() const { return first_name + " " + last_name; }
};

enum class EventKind { checkin, undo, reprint, print };

// The kiosk id of the print events `kioskctl badges` records for the badges it lays onto sheets: the badge
// was pre-printed, and its delegate collects it at reception.
inline constexpr std::string_view preprinted_kiosk_id = "badge-sheet";

struct CheckinEvent {
    std::string id; // random 128 bits as a UUID (version 4): the idempotency key for sync
    std::string delegate_code;
    EventKind kind = EventKind::checkin;
    std::int64_t at_milliseconds = 0; // Unix time, UTC
    Day day;                          // the venue's calendar day the event belongs to
    std::string kiosk_id;
    std::string operator_name; // who was at the keyboard: "self-service" or a staff name
    std::string reason;        // why, for a reprint or an undo
    std::string undoes;        // for an undo: the id of the check-in it cancels (empty otherwise)
    bool uploaded = false;

    // Every field equal, `uploaded` (this mirror's own state) included.
    friend bool operator==(const CheckinEvent&, const CheckinEvent&) = default;
};

// A delegate's arrival on one day, derived from the journal: the earliest check-in of that day that no
// undo cancels.
struct Attendance {
    Day day;
    std::int64_t checked_in_at_milliseconds = 0;
    std::string kiosk_id;

    friend bool operator==(const Attendance&, const Attendance&) = default;
};

std::string_view to_string(DelegateStatus status);
std::string_view to_string(DelegateOrigin origin);
std::string_view to_string(EventKind kind);
std::optional<DelegateStatus> delegate_status_from(std::string_view text);
std::optional<DelegateOrigin> delegate_origin_from(std::string_view text);
std::optional<EventKind> event_kind_from(std::string_view text);

// A fresh random 128-bit identifier in UUID form, from base::random_bytes (cryptographic).
std::string new_event_id();

// A new journal event with a fresh id: who did what to whom, when, where (reason and undoes left empty).
CheckinEvent new_event(EventKind kind, std::string delegate_code, std::int64_t at_milliseconds, Day day,
                       std::string kiosk_id, std::string operator_name);

} // namespace checkin::sync
