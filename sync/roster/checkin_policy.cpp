#include "sync/roster/checkin_policy.hpp"

namespace checkin::sync {

CheckinOutcome decide_checkin(const Delegate& delegate, std::optional<std::int64_t> checked_in_today_at,
                              const Event& event, Day today) {
    if (delegate.status == DelegateStatus::cancelled) {
        return CheckinOutcome::cancelled;
    }
    if (!admitted_on(delegate.days, event, today)) {
        return CheckinOutcome::not_registered_today;
    }
    if (checked_in_today_at) {
        return CheckinOutcome::already_checked_in;
    }
    return CheckinOutcome::admitted;
}

std::string_view to_string(CheckinOutcome outcome) {
    switch (outcome) {
    case CheckinOutcome::admitted:
        return "admitted";
    case CheckinOutcome::already_checked_in:
        return "already_checked_in";
    case CheckinOutcome::unknown_code:
        return "unknown_code";
    case CheckinOutcome::unreadable_code:
        return "unreadable_code";
    case CheckinOutcome::cancelled:
        return "cancelled";
    case CheckinOutcome::not_registered_today:
        return "not_registered_today";
    }
    return "unknown_code";
}

} // namespace checkin::sync
