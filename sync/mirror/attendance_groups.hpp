#pragma once

// Who is expected on a day and who has arrived, counted by a group (partnership, voivodeship, role) the
// one way the kiosk's staff statistics and the hub's dashboard both show it. Pure: records in, rows out.
//
// - Expected: the active delegates admitted that day (no days, or that day among theirs), as
//   Mirror::statistics counts them. Cancelled delegates count nowhere.
// - Checked in: of those, the ones with an attendance that day.
// - Groups use the roster's spelling as it is ("Uczestnik" and "uczestnik" are two rows); an empty value
//   is the group "—". Rows come in Polish alphabetical order, "—" last (polish_order.hpp).

#include "sync/mirror/mirror.hpp"
#include "sync/roster/delegate.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace checkin::sync {

// The group of delegates with an empty value.
inline constexpr std::string_view unnamed_group = "—";

struct GroupCount {
    std::string name;
    std::size_t expected = 0;
    std::size_t checked_in = 0;

    friend bool operator==(const GroupCount&, const GroupCount&) = default;
};

// The record's attendance on `day`, or nullptr.
const Attendance* attendance_on(const DelegateRecord& record, Day day);

// Active and admitted on `day`.
bool expected_on(const Delegate& delegate, Day day);

// The rows for the delegates expected on `day`, grouped by `field` (e.g. &Delegate::voivodeship).
std::vector<GroupCount> count_by_group(const std::vector<DelegateRecord>& records, Day day,
                                       std::string Delegate::*field);

// The same, with what purges kept (Mirror::anonymous_counts) for `day` added to the groups: `kept_field` is
// the AnonymousCount member that matches `field` (&AnonymousCount::voivodeship), so the report reads the
// same before and after a purge.
std::vector<GroupCount> count_by_group(const std::vector<DelegateRecord>& records,
                                       const std::vector<AnonymousCount>& kept, Day day,
                                       std::string Delegate::*field, std::string AnonymousCount::*kept_field);

} // namespace checkin::sync
