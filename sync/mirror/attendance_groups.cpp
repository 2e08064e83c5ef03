#include "sync/mirror/attendance_groups.hpp"

#include "sync/roster/event_days.hpp"
#include "sync/roster/polish_order.hpp"

#include <algorithm>
#include <map>
#include <utility>

namespace checkin::sync {

const Attendance* attendance_on(const DelegateRecord& record, Day day) {
    const auto found = std::ranges::find(record.attendance, day, &Attendance::day);
    return found == record.attendance.end() ? nullptr : &*found;
}

bool expected_on(const Delegate& delegate, Day day) {
    // admitted_on waives the day rule on days that are not the event's; making `day` the only event day
    // asks exactly "no days, or this day among them".
    return delegate.status == DelegateStatus::active && admitted_on(delegate.days, Event{"", {day}}, day);
}

std::vector<GroupCount> count_by_group(const std::vector<DelegateRecord>& records, Day day,
                                       std::string Delegate::*field) {
    return count_by_group(records, {}, day, field, nullptr);
}

std::vector<GroupCount> count_by_group(const std::vector<DelegateRecord>& records,
                                       const std::vector<AnonymousCount>& kept, Day day,
                                       std::string Delegate::*field,
                                       std::string AnonymousCount::*kept_field) {
    std::map<std::string, GroupCount> groups;
    for (const auto& count : kept) {
        if (kept_field == nullptr || count.day != day) {
            continue;
        }
        const std::string& value = count.*kept_field;
        auto& row = groups[value.empty() ? std::string(unnamed_group) : value];
        row.expected += count.registered;
        row.checked_in += count.checked_in;
    }
    for (const auto& record : records) {
        if (!expected_on(record.delegate, day)) {
            continue;
        }
        const std::string& value = record.delegate.*field;
        auto& row = groups[value.empty() ? std::string(unnamed_group) : value];
        ++row.expected;
        if (attendance_on(record, day) != nullptr) {
            ++row.checked_in;
        }
    }
    std::vector<GroupCount> rows;
    rows.reserve(groups.size());
    for (auto& [name, row] : groups) {
        row.name = name;
        rows.push_back(std::move(row));
    }
    // Stable: names the order counts as equal ("Śląskie", "śląskie") keep their byte order.
    std::stable_sort(rows.begin(), rows.end(), [](const GroupCount& left, const GroupCount& right) {
        return polish_name_less(left.name, right.name);
    });
    return rows;
}

} // namespace checkin::sync
