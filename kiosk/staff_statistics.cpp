#include "kiosk/staff_statistics.hpp"

#include "sync/event_days.hpp"
#include "sync/polish_order.hpp"
#include "sync/text_fold.hpp"
#include "sync/utf8.hpp"

#include <algorithm>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace checkin::kiosk {

namespace {

std::string group_name(const std::string& name) {
    return name.empty() ? std::string(unnamed_group) : name;
}

void count_into(std::map<std::string, StatisticsRow>& groups, const std::string& name, bool checked_in) {
    auto& row = groups[group_name(name)];
    ++row.expected;
    if (checked_in) {
        ++row.checked_in;
    }
}

std::vector<StatisticsRow> rows_of(std::map<std::string, StatisticsRow>& groups) {
    std::vector<StatisticsRow> rows;
    rows.reserve(groups.size());
    for (auto& [name, row] : groups) {
        row.name = name;
        rows.push_back(std::move(row));
    }
    return rows;
}

} // namespace

StaffStatistics compute_staff_statistics(const std::vector<sync::DelegateRecord>& records, sync::Day today,
                                         std::size_t reprints_today) {
    StaffStatistics statistics;
    statistics.day = today;
    statistics.reprints_today = reprints_today;
    // admitted_on waives the day rule on days that are not the event's; making today the only event day
    // asks exactly "no days, or today among them", which is what Mirror::statistics counts as expected.
    const sync::Event today_only{"", {today}};
    std::map<std::string, StatisticsRow> roles;
    std::map<std::string, StatisticsRow> voivodeships;
    for (const auto& record : records) {
        const auto& delegate = record.delegate;
        if (delegate.status != sync::DelegateStatus::active) {
            continue;
        }
        if (delegate.origin == sync::DelegateOrigin::walk_in) {
            ++statistics.walk_ins;
        }
        if (!sync::admitted_on(delegate.days, today_only, today)) {
            continue;
        }
        const bool checked_in =
            std::any_of(record.attendance.begin(), record.attendance.end(),
                        [&](const sync::Attendance& attendance) { return attendance.day == today; });
        ++statistics.expected;
        if (checked_in) {
            ++statistics.checked_in;
        }
        count_into(roles, delegate.role, checked_in);
        count_into(voivodeships, delegate.voivodeship, checked_in);
    }

    statistics.by_role = rows_of(roles);
    std::sort(statistics.by_role.begin(), statistics.by_role.end(),
              [](const StatisticsRow& left, const StatisticsRow& right) {
                  if (left.expected != right.expected) {
                      return left.expected > right.expected;
                  }
                  return sync::polish_name_less(left.name, right.name);
              });
    statistics.by_voivodeship = rows_of(voivodeships);
    std::sort(statistics.by_voivodeship.begin(), statistics.by_voivodeship.end(),
              [](const StatisticsRow& left, const StatisticsRow& right) {
                  return sync::polish_name_less(left.name, right.name);
              });
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
    return compute_staff_statistics(*records, today, *reprints);
}

} // namespace checkin::kiosk
