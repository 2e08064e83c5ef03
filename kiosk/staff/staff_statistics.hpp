#pragma once

// The staff statistics screen's numbers: checked in vs expected today, by role and by voivodeship.
// compute_staff_statistics is pure (records in, numbers out); load_staff_statistics reads the mirror.
//
// Expected, checked in and the groups are counted as the hub's dashboard counts them
// (sync/mirror/attendance_groups.hpp: active delegates admitted today; an attendance today; the roster's
// spelling, "—" for an empty value, Polish alphabetical order). Roles come largest first, voivodeships by
// name.

#include "kiosk/staff/staff.hpp"
#include "sync/mirror/mirror.hpp"
#include "sync/roster/error.hpp"
#include "sync/roster/polish_order.hpp"

#include <cstddef>
#include <string_view>
#include <vector>

namespace checkin::kiosk {

// The name of the group of delegates with an empty role or voivodeship.
using sync::unnamed_group;

// `kept`: what purges kept (Mirror::anonymous_counts), added to the day's totals and groups.
StaffStatistics compute_staff_statistics(const std::vector<sync::DelegateRecord>& records, sync::Day today,
                                         std::size_t reprints_today,
                                         const std::vector<sync::AnonymousCount>& kept = {});

// Mirror::all_delegates, Mirror::count_events(reprint, today) and Mirror::anonymous_counts, then
// compute_staff_statistics.
sync::Result<StaffStatistics> load_staff_statistics(sync::Mirror& mirror, sync::Day today);

// Polish alphabetical order, as the hub's dashboard sorts too (sync/roster/polish_order.hpp).
using sync::polish_name_less;

} // namespace checkin::kiosk
