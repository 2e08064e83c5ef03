#include "sync/mirror/delegate_json.hpp"

#include "base/clock.hpp"

#include <fmt/format.h>

namespace checkin::sync {

namespace {

nlohmann::ordered_json days_to_json(const std::vector<Day>& days) {
    auto list = nlohmann::ordered_json::array();
    for (const auto& day : days) {
        list.push_back(format_iso_day(day));
    }
    return list;
}

} // namespace

std::string format_iso_timestamp(std::int64_t unix_milliseconds) {
    const base::LocalTime local = base::local_time(unix_milliseconds);
    const long offset_minutes = local.utc_offset_seconds / 60;
    const char sign = offset_minutes < 0 ? '-' : '+';
    const long magnitude = offset_minutes < 0 ? -offset_minutes : offset_minutes;
    return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{}{:02}:{:02}", static_cast<int>(local.day.year()),
                       static_cast<unsigned>(local.day.month()), static_cast<unsigned>(local.day.day()),
                       local.hour, local.minute, local.second, sign, magnitude / 60, magnitude % 60);
}

std::string format_clock_time(std::int64_t unix_milliseconds) {
    const base::LocalTime local = base::local_time(unix_milliseconds);
    return fmt::format("{}:{:02}", local.hour, local.minute);
}

nlohmann::ordered_json delegate_to_json(const Delegate& delegate) {
    return {
        {"code", delegate.code},
        {"first_name", delegate.first_name},
        {"last_name", delegate.last_name},
        {"organisation", delegate.organisation},
        {"position", delegate.position},
        {"partnership", delegate.partnership},
        {"voivodeship", delegate.voivodeship},
        {"role", delegate.role},
        {"days", days_to_json(delegate.days)},
        {"email", delegate.email},
        {"status", to_string(delegate.status)},
        {"origin", to_string(delegate.origin)},
    };
}

nlohmann::ordered_json delegate_to_json(const DelegateRecord& record, Day today) {
    auto json = delegate_to_json(record.delegate);
    json["checked_in"] = false;
    json["checked_in_at"] = nullptr;
    auto attendance = nlohmann::ordered_json::array();
    for (const auto& day : record.attendance) {
        attendance.push_back({{"day", format_iso_day(day.day)},
                              {"checked_in_at", format_iso_timestamp(day.checked_in_at_milliseconds)},
                              {"kiosk", day.kiosk_id}});
        if (day.day == today) {
            json["checked_in"] = true;
            json["checked_in_at"] = format_iso_timestamp(day.checked_in_at_milliseconds);
        }
    }
    json["attendance"] = std::move(attendance);
    return json;
}

nlohmann::ordered_json checkin_result_to_json(const CheckinResult& result) {
    nlohmann::ordered_json json = {{"outcome", to_string(result.outcome)}, {"code", result.code}};
    json["delegate"] = result.delegate ? delegate_to_json(*result.delegate) : nlohmann::ordered_json(nullptr);
    json["checked_in_at"] =
        result.checked_in_at_milliseconds
            ? nlohmann::ordered_json(format_iso_timestamp(*result.checked_in_at_milliseconds))
            : nlohmann::ordered_json(nullptr);
    json["event_id"] =
        result.event_id ? nlohmann::ordered_json(*result.event_id) : nlohmann::ordered_json(nullptr);
    if (!result.detail.empty()) {
        json["detail"] = result.detail;
    }
    return json;
}

nlohmann::ordered_json statistics_to_json(const Statistics& statistics, const Event& event, Day today) {
    auto by_day = nlohmann::ordered_json::array();
    for (const auto& day : statistics.by_day) {
        by_day.push_back(
            {{"day", format_iso_day(day.day)}, {"expected", day.expected}, {"checked_in", day.checked_in}});
    }
    return {
        {"event", event.name},
        {"date", format_iso_day(today)},
        {"delegates", statistics.delegates},
        {"active", statistics.active},
        {"cancelled", statistics.cancelled},
        {"walk_ins", statistics.walk_ins},
        {"checked_in", statistics.checked_in_today},
        {"checked_in_any_day", statistics.checked_in_any_day},
        {"events", statistics.events},
        {"events_not_uploaded", statistics.events_not_uploaded},
        {"by_day", std::move(by_day)},
        {"purged", statistics.purged},
    };
}

} // namespace checkin::sync
