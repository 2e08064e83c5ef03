#include "sync/roster/delegate.hpp"

#include "base/digest.hpp"

#include <array>
#include <cstdio>
#include <utility>

namespace checkin::sync {

bool Delegate::same_details(const Delegate& other) const {
    return code == other.code && first_name == other.first_name && last_name == other.last_name &&
           organisation == other.organisation && position == other.position &&
           partnership == other.partnership && voivodeship == other.voivodeship && role == other.role &&
           days == other.days && email == other.email;
}

std::string_view to_string(DelegateStatus status) {
    return status == DelegateStatus::active ? "active" : "cancelled";
}

std::string_view to_string(DelegateOrigin origin) {
    return origin == DelegateOrigin::roster ? "roster" : "walk-in";
}

std::string_view to_string(EventKind kind) {
    switch (kind) {
    case EventKind::checkin:
        return "checkin";
    case EventKind::undo:
        return "undo";
    case EventKind::reprint:
        return "reprint";
    case EventKind::print:
        return "print";
    }
    return "checkin";
}

std::optional<DelegateStatus> delegate_status_from(std::string_view text) {
    if (text == "active") {
        return DelegateStatus::active;
    }
    if (text == "cancelled") {
        return DelegateStatus::cancelled;
    }
    return std::nullopt;
}

std::optional<DelegateOrigin> delegate_origin_from(std::string_view text) {
    if (text == "roster") {
        return DelegateOrigin::roster;
    }
    if (text == "walk-in") {
        return DelegateOrigin::walk_in;
    }
    return std::nullopt;
}

std::optional<EventKind> event_kind_from(std::string_view text) {
    for (auto kind : {EventKind::checkin, EventKind::undo, EventKind::reprint, EventKind::print}) {
        if (to_string(kind) == text) {
            return kind;
        }
    }
    return std::nullopt;
}

CheckinEvent new_event(EventKind kind, std::string delegate_code, std::int64_t at_milliseconds, Day day,
                       std::string kiosk_id, std::string operator_name) {
    CheckinEvent event;
    event.id = new_event_id();
    event.delegate_code = std::move(delegate_code);
    event.kind = kind;
    event.at_milliseconds = at_milliseconds;
    event.day = day;
    event.kiosk_id = std::move(kiosk_id);
    event.operator_name = std::move(operator_name);
    return event;
}

std::string new_event_id() {
    std::array<unsigned char, 16> bytes{};
    base::random_bytes(bytes);
    bytes[6] = static_cast<unsigned char>((bytes[6] & 0x0FU) | 0x40U); // version 4
    bytes[8] = static_cast<unsigned char>((bytes[8] & 0x3FU) | 0x80U); // RFC 4122 variant
    std::array<char, 37> text{};
    std::snprintf(text.data(), text.size(),
                  "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", bytes[0], bytes[1],
                  bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7], bytes[8], bytes[9], bytes[10],
                  bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]);
    return std::string(text.data(), 36);
}

} // namespace checkin::sync
