#pragma once

// The staff statistics screen's numbers: checked in vs expected today, by role and by voivodeship.
// compute_staff_statistics is pure (records in, numbers out); load_staff_statistics reads the mirror.
//
// Decisions:
// - "Expected" is the active delegates admitted today: no days (every day of the event) or today among
//   their days, as Mirror::statistics counts them. Cancelled delegates count nowhere.
// - "Checked in" is, of those, the ones with an attendance for today.
// - Groups use the roster's spelling as it is ("Uczestnik" and "uczestnik" are two rows); an empty role or
//   voivodeship becomes the group "—".
// - Names sort in Polish alphabetical order (a ą b c ć … l ł m n ń o ó … s ś … z ź ż), ignoring case, so
//   "łódzkie" comes after "lubuskie" and "śląskie" after "pomorskie"; "—" sorts after every name.

#include "kiosk/staff.hpp"
#include "sync/error.hpp"
#include "sync/mirror.hpp"
#include "sync/polish_order.hpp"

#include <cstddef>
#include <string_view>
#include <vector>

namespace checkin::kiosk {

// The name of the group of delegates with an empty role or voivodeship.
inline constexpr std::string_view unnamed_group = "—";

StaffStatistics compute_staff_statistics(const std::vector<sync::DelegateRecord>& records, sync::Day today,
                                         std::size_t reprints_today);

// Mirror::all_delegates and Mirror::count_events(reprint, today), then compute_staff_statistics.
sync::Result<StaffStatistics> load_staff_statistics(sync::Mirror& mirror, sync::Day today);

// Polish alphabetical order, as the hub's dashboard sorts too (sync/polish_order.hpp).
using sync::polish_name_less;

} // namespace checkin::kiosk
