#pragma once

// Duplicate check-ins: two or more check-ins of one delegate standing on the same day. They happen when
// kiosks cut off from each other both admit the same person; sync keeps both events everywhere and the
// earliest counts as the arrival. Staff see them on the delegate's card, organisers on the dashboard, and
// both find them here, from the journal alone (no I/O).

#include "sync/roster/delegate.hpp"

#include <span>
#include <string>
#include <vector>

namespace checkin::sync {

struct DuplicateCheckins {
    std::string delegate_code; // as the earliest check-in wrote it
    Day day;
    std::vector<const CheckinEvent*> checkins; // the standing ones, earliest first; at least two
};

// Every (delegate, day) with two or more standing check-ins in `events` (any kinds, any order). A check-in
// stands unless an undo in `events` names it. Codes match without regard to ASCII case, as the mirror's
// COLLATE NOCASE does. Ordered by day, then code. The pointers point into `events`.
std::vector<DuplicateCheckins> find_duplicate_checkins(std::span<const CheckinEvent> events);

} // namespace checkin::sync
