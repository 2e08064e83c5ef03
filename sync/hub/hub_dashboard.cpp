#include "sync/hub/hub_dashboard.hpp"

#include "base/clock.hpp"
#include "sync/mirror/delegate_json.hpp"
#include "sync/mirror/roster_export.hpp"
#include "sync/roster/duplicate_checkins.hpp"
#include "sync/roster/scan_code.hpp"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fmt/format.h>
#include <map>
#include <string_view>
#include <utility>

namespace checkin::sync {

std::string clock_text(int minute_of_day) {
    return fmt::format("{}:{:02}", minute_of_day / 60, minute_of_day % 60);
}

int local_minute_of_day(std::int64_t unix_milliseconds) {
    const base::LocalTime local = base::local_time(unix_milliseconds);
    return local.hour * 60 + local.minute;
}

DashboardData compute_dashboard(const std::vector<DelegateRecord>& records,
                                const std::vector<CheckinEvent>& events, const Event& event, Day today,
                                const VenueClock& clock, const std::vector<AnonymousCount>& kept) {
    DashboardData data;
    data.event = event;
    data.today = today;
    data.venue_today = today;

    // Totals and arrivals from the records' attendance (the mirror's own rule); groups as the kiosks
    // count them (attendance_groups.hpp).
    std::map<int, std::size_t> arrivals_by_bucket;
    std::map<std::string, const Delegate*, std::less<>> delegates_by_code;
    for (const auto& record : records) {
        const auto& delegate = record.delegate;
        delegates_by_code.emplace(code_comparison_key(delegate.code), &delegate);
        if (delegate.status != DelegateStatus::active) {
            ++data.totals.cancelled;
            continue;
        }
        ++data.totals.active;
        if (delegate.origin == DelegateOrigin::walk_in) {
            ++data.totals.walk_ins;
        }
        if (!record.attendance.empty()) {
            ++data.totals.checked_in_any_day;
        }
        if (!expected_on(delegate, today)) {
            continue;
        }
        const Attendance* arrival = attendance_on(record, today);
        ++data.totals.expected_today;
        if (arrival != nullptr) {
            ++data.totals.checked_in_today;
            const int minute = clock(arrival->checked_in_at_milliseconds);
            ++arrivals_by_bucket[minute - minute % arrival_bucket_minutes];
        }
    }
    for (const auto& count : kept) {
        if (count.day == today) {
            data.totals.expected_today += count.registered;
            data.totals.checked_in_today += count.checked_in;
        }
    }
    data.by_partnership =
        count_by_group(records, kept, today, &Delegate::partnership, &AnonymousCount::partnership);
    data.by_voivodeship =
        count_by_group(records, kept, today, &Delegate::voivodeship, &AnonymousCount::voivodeship);

    if (!arrivals_by_bucket.empty()) {
        std::size_t cumulative = 0;
        const int first = arrivals_by_bucket.begin()->first;
        const int last = arrivals_by_bucket.rbegin()->first;
        for (int start = first; start <= last; start += arrival_bucket_minutes) {
            const auto found = arrivals_by_bucket.find(start);
            const std::size_t arrivals = found == arrivals_by_bucket.end() ? 0 : found->second;
            cumulative += arrivals;
            data.arrivals.push_back({start, arrivals, cumulative});
        }
    }

    const auto name_of = [&](const std::string& code) {
        const auto found = delegates_by_code.find(code_comparison_key(code));
        return found == delegates_by_code.end() ? code : found->second->full_name();
    };

    // Duplicates (two check-ins standing the same day) and reprints, from the journal.
    for (const DuplicateCheckins& found : find_duplicate_checkins(events)) {
        DuplicateEntry entry;
        entry.code = found.delegate_code;
        entry.name = name_of(entry.code);
        entry.day = found.day;
        for (const CheckinEvent* checkin : found.checkins) {
            entry.checkins.push_back({checkin->at_milliseconds, clock_text(clock(checkin->at_milliseconds)),
                                      checkin->kiosk_id, checkin->operator_name});
        }
        if (entry.day == today) {
            ++data.duplicates_today;
        }
        data.duplicates.push_back(std::move(entry));
    }
    std::vector<const CheckinEvent*> reprints;
    for (const auto& journal_event : events) {
        if (journal_event.kind == EventKind::reprint) {
            reprints.push_back(&journal_event);
        }
    }
    std::sort(data.duplicates.begin(), data.duplicates.end(),
              [](const DuplicateEntry& left, const DuplicateEntry& right) {
                  if (left.day != right.day) {
                      return left.day > right.day;
                  }
                  if (left.checkins.front().at_milliseconds != right.checkins.front().at_milliseconds) {
                      return left.checkins.front().at_milliseconds < right.checkins.front().at_milliseconds;
                  }
                  return left.code < right.code;
              });

    data.reprints_total = reprints.size();
    data.reprints_today = static_cast<std::size_t>(
        std::count_if(reprints.begin(), reprints.end(),
                      [&](const CheckinEvent* reprint) { return reprint->day == today; }));
    // Newest first; equal times keep the journal's order reversed (the later arrival first).
    std::reverse(reprints.begin(), reprints.end());
    std::stable_sort(reprints.begin(), reprints.end(),
                     [](const CheckinEvent* left, const CheckinEvent* right) {
                         return left->at_milliseconds > right->at_milliseconds;
                     });
    if (reprints.size() > recent_reprints_shown) {
        reprints.resize(recent_reprints_shown);
    }
    for (const auto* reprint : reprints) {
        data.recent_reprints.push_back({reprint->delegate_code, name_of(reprint->delegate_code), reprint->day,
                                        reprint->at_milliseconds, clock_text(clock(reprint->at_milliseconds)),
                                        reprint->kiosk_id, reprint->operator_name, reprint->reason});
    }
    return data;
}

Day dashboard_default_day(const std::vector<Day>& event_days, Day venue_today) {
    if (event_days.empty()) {
        return venue_today;
    }
    const auto distance = [&](Day day) {
        return std::abs((std::chrono::sys_days{day} - std::chrono::sys_days{venue_today}).count());
    };
    Day nearest = event_days.front();
    for (const Day day : event_days) {
        if (distance(day) < distance(nearest) || (distance(day) == distance(nearest) && day < nearest)) {
            nearest = day;
        }
    }
    return nearest;
}

nlohmann::ordered_json dashboard_to_json(const DashboardData& data) {
    using Json = nlohmann::ordered_json;
    auto days = Json::array();
    for (const auto& day : data.event.days) {
        days.push_back(format_iso_day(day));
    }
    const auto rows_to_json = [](const std::vector<DashboardGroupRow>& rows) {
        auto list = Json::array();
        for (const auto& row : rows) {
            list.push_back({{"name", row.name}, {"expected", row.expected}, {"checked_in", row.checked_in}});
        }
        return list;
    };
    auto buckets = Json::array();
    for (const auto& bucket : data.arrivals) {
        buckets.push_back({{"start", clock_text(bucket.start_minute)},
                           {"start_minute", bucket.start_minute},
                           {"arrivals", bucket.arrivals},
                           {"cumulative", bucket.cumulative}});
    }
    auto duplicates = Json::array();
    for (const auto& duplicate : data.duplicates) {
        auto checkins = Json::array();
        for (const auto& checkin : duplicate.checkins) {
            checkins.push_back({{"time", checkin.time},
                                {"at_ms", checkin.at_milliseconds},
                                {"kiosk", checkin.kiosk_id},
                                {"operator", checkin.operator_name}});
        }
        duplicates.push_back({{"code", duplicate.code},
                              {"name", duplicate.name},
                              {"day", format_iso_day(duplicate.day)},
                              {"checkins", std::move(checkins)}});
    }
    auto reprints = Json::array();
    for (const auto& reprint : data.recent_reprints) {
        reprints.push_back({{"code", reprint.code},
                            {"name", reprint.name},
                            {"day", format_iso_day(reprint.day)},
                            {"time", reprint.time},
                            {"at_ms", reprint.at_milliseconds},
                            {"kiosk", reprint.kiosk_id},
                            {"operator", reprint.operator_name},
                            {"reason", reprint.reason}});
    }
    const auto& totals = data.totals;
    return {
        {"event", {{"name", data.event.name}, {"days", std::move(days)}}},
        {"today", format_iso_day(data.today)},
        {"venue_today", format_iso_day(data.venue_today)},
        {"totals",
         {{"expected_today", totals.expected_today},
          {"checked_in_today", totals.checked_in_today},
          {"checked_in_any_day", totals.checked_in_any_day},
          {"walk_ins", totals.walk_ins},
          {"active", totals.active},
          {"cancelled", totals.cancelled}}},
        {"by_partnership", rows_to_json(data.by_partnership)},
        {"by_voivodeship", rows_to_json(data.by_voivodeship)},
        {"arrivals", {{"bucket_minutes", arrival_bucket_minutes}, {"buckets", std::move(buckets)}}},
        {"duplicates",
         {{"count", data.duplicates.size()},
          {"today", data.duplicates_today},
          {"delegates", std::move(duplicates)}}},
        {"reprints",
         {{"today", data.reprints_today}, {"total", data.reprints_total}, {"recent", std::move(reprints)}}},
    };
}

std::string dashboard_csv(const std::vector<DelegateRecord>& records, const Event& event) {
    return export_attendance_csv(records, event);
}

} // namespace checkin::sync
