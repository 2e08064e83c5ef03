#pragma once

// Delegates and check-in results as JSON, the shape kioskctl prints and the hub will serve:
// code, first_name, last_name, organisation, position, partnership, voivodeship, role, days, status,
// checked_in (on the day in force), checked_in_at (ISO 8601 or null), attendance (every day).

#include "sync/mirror/mirror.hpp"
#include "sync/roster/checkin_policy.hpp"

#include <nlohmann/json.hpp>

namespace checkin::sync {

// `today` is the day in force (the real date or --date): checked_in and checked_in_at speak of it.
nlohmann::ordered_json delegate_to_json(const DelegateRecord& record, Day today);
nlohmann::ordered_json delegate_to_json(const Delegate& delegate);
nlohmann::ordered_json checkin_result_to_json(const CheckinResult& result);
nlohmann::ordered_json statistics_to_json(const Statistics& statistics, const Event& event, Day today);

// Local time with its UTC offset, "2026-11-29T09:14:03+01:00", from Unix milliseconds.
std::string format_iso_timestamp(std::int64_t unix_milliseconds);
// Local wall-clock time, "9:14", as people say it.
std::string format_clock_time(std::int64_t unix_milliseconds);

} // namespace checkin::sync
