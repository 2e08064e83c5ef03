#include "sync/mirror/purge_selection.hpp"

#include "sync/mirror/attendance_groups.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

namespace checkin::sync {

namespace {

// The delegate's last day: the latest of their own days, or the event's last day when they have none.
std::optional<Day> last_day_of(const Delegate& delegate, const Event& event) {
    if (!delegate.days.empty()) {
        return *std::max_element(delegate.days.begin(), delegate.days.end());
    }
    if (!event.days.empty()) {
        return *std::max_element(event.days.begin(), event.days.end());
    }
    return std::nullopt;
}

using CountKey =
    std::tuple<Day, std::string, std::string, std::string>; // day, role, voivodeship, partnership
struct CountValue {
    std::size_t registered = 0;
    std::size_t checked_in = 0;
};

void count_delegate(const DelegateRecord& record, const Event& event,
                    std::map<CountKey, CountValue>& counts) {
    std::set<Day> days(event.days.begin(), event.days.end());
    days.insert(record.delegate.days.begin(), record.delegate.days.end());
    for (const auto& attendance : record.attendance) {
        days.insert(attendance.day);
    }
    for (const auto& day : days) {
        if (!expected_on(record.delegate, day)) {
            continue;
        }
        auto& value =
            counts[{day, record.delegate.role, record.delegate.voivodeship, record.delegate.partnership}];
        ++value.registered;
        if (attendance_on(record, day) != nullptr) {
            ++value.checked_in;
        }
    }
}

} // namespace

bool is_purged(const Delegate& delegate, const Event& event, const PurgeRequest& request) {
    if (!request.before) {
        return true;
    }
    const auto last_day = last_day_of(delegate, event);
    return last_day && *last_day < *request.before;
}

PurgeSelection select_purged(const std::vector<DelegateRecord>& records, const Event& event,
                             const PurgeRequest& request) {
    PurgeSelection selection;
    std::map<CountKey, CountValue> counts;
    for (const auto& record : records) {
        if (!is_purged(record.delegate, event, request)) {
            continue;
        }
        selection.codes.push_back(record.delegate.code);
        if (!record.attendance.empty()) {
            ++selection.checked_in_any_day;
        }
        count_delegate(record, event, counts);
    }
    for (const auto& [key, value] : counts) {
        const auto& [day, role, voivodeship, partnership] = key;
        selection.counts.push_back({day, role, voivodeship, partnership, value.registered, value.checked_in});
    }
    return selection;
}

} // namespace checkin::sync
