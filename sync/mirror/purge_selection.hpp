#pragma once

// Which people a purge removes and what it keeps of them, decided the same way for the kiosk's mirror
// (Mirror::purge) and the hub's PostgreSQL store. Pure: records in, codes and counts out.

#include "sync/mirror/mirror.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace checkin::sync {

struct PurgeSelection {
    std::vector<std::string> codes;     // the purged delegates' codes, in the records' order
    std::vector<AnonymousCount> counts; // their counts by day and group (attendance_groups.hpp's rule)
    std::size_t checked_in_any_day = 0; // how many of them were checked in on some day
};

// PurgeRequest's rule (mirror.hpp) for one delegate of `event`.
bool is_purged(const Delegate& delegate, const Event& event, const PurgeRequest& request);

// The delegates of `records` the request purges, with what is kept of them: per day (the event's, the
// delegate's own and the days they were checked in) and (role, voivodeship, partnership), how many were
// expected (active and admitted that day) and how many of those were checked in that day.
PurgeSelection select_purged(const std::vector<DelegateRecord>& records, const Event& event,
                             const PurgeRequest& request);

} // namespace checkin::sync
