#include "kiosk/staff/staff_statistics.hpp"

#include "sync/mirror/attendance_groups.hpp"

#include <algorithm>
#include <vector>

namespace checkin::kiosk {

StaffStatistics compute_staff_statistics(const std::vector<sync::DelegateRecord>& records, sync::Day today,
                                         std::size_t reprints_today,
                                         const std::vector<sync::AnonymousCount>& kept) {
    StaffStatistics statistics;
    statistics.day = today;
    statistics.reprints_today = reprints_today;
    for (const auto& record : records) {
        const auto& delegate = record.delegate;
        if (delegate.status == sync::DelegateStatus::active &&
            delegate.origin == sync::DelegateOrigin::walk_in) {
            ++statistics.walk_ins;
        }
        if (!sync::expected_on(delegate, today)) {
            continue;
        }
        ++statistics.expected;
        if (sync::attendance_on(record, today) != nullptr) {
            ++statistics.checked_in;
        }
    }
    for (const auto& count : kept) { // what purges kept counts as it did before
        if (count.day == today) {
            statistics.expected += count.registered;
            statistics.checked_in += count.checked_in;
        }
    }
    // Roles: the largest group first (most delegates are "uczestnik"), then in Polish order.
    statistics.by_role =
        sync::count_by_group(records, kept, today, &sync::Delegate::role, &sync::AnonymousCount::role);
    std::stable_sort(
        statistics.by_role.begin(), statistics.by_role.end(),
        [](const StatisticsRow& left, const StatisticsRow& right) { return left.expected > right.expected; });
    statistics.by_voivodeship = sync::count_by_group(records, kept, today, &sync::Delegate::voivodeship,
                                                     &sync::AnonymousCount::voivodeship);
    return statistics;
}

sync::Result<StaffStatistics> load_staff_statistics(sync::Mirror& mirror, sync::Day today) {
    auto records = mirror.all_delegates();
    if (!records) {
        return sync::fail(records.error());
    }
    auto reprints = mirror.count_events(sync::EventKind::reprint, today);
    if (!reprints) {
        return sync::fail(reprints.error());
    }
    auto kept = mirror.anonymous_counts();
    if (!kept) {
        return sync::fail(kept.error());
    }
    return compute_staff_statistics(*records, today, *reprints, *kept);
}

} // namespace checkin::kiosk
