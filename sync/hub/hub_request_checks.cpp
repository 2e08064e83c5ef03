// The hub stores' shared checks of a request (hub_request_checks.hpp).

#include "sync/hub/hub_request_checks.hpp"

#include "base/utf8.hpp"
#include "sync/hub/hub_store.hpp"
#include "sync/protocol/event_checks.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace checkin::sync {

bool is_token_shaped(std::string_view token) {
    return token.size() == token_bytes * 2 && std::all_of(token.begin(), token.end(), [](char c) {
               return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
           });
}

// UTF-8 on one line, not empty, not long: what a kiosk name, a code or an event id must be.
Result<void> check_identifier(std::string_view label, std::string_view value) {
    if (value.empty()) {
        return fail(Error::invalid_input(fmt::format("{}: empty", label)));
    }
    if (value.size() > identifier_maximum_bytes) {
        return fail(
            Error::invalid_input(fmt::format("{}: longer than {} bytes", label, identifier_maximum_bytes)));
    }
    for (std::size_t offset = 0; offset < value.size();) {
        const auto character = base::utf8::decode_at(value, offset);
        if (character.defect != base::utf8::Defect::none) {
            return fail(Error::invalid_input(fmt::format("{}: not valid UTF-8", label)));
        }
        if (character.value < 0x20 || character.value == 0x7F) {
            return fail(Error::invalid_input(fmt::format("{}: holds control characters", label)));
        }
        offset += character.length;
    }
    return {};
}

bool is_event_slug(std::string_view slug) {
    constexpr std::size_t slug_maximum = 40;
    const auto allowed = [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    };
    return !slug.empty() && slug.size() <= slug_maximum && slug.front() != '-' &&
           std::all_of(slug.begin(), slug.end(), allowed);
}

Result<void> check_event_request(const EventRequest& request) {
    if (!is_event_slug(request.slug)) {
        return fail(Error::invalid_input("the event's slug must be 1 to 40 of a-z, 0-9 and '-', starting "
                                         "with a letter or digit, such as serock-2026"));
    }
    if (auto checked = check_identifier("the event's name", request.name); !checked) {
        return fail(checked.error());
    }
    if (!request.english_name.empty()) {
        if (auto checked = check_identifier("the event's English name", request.english_name); !checked) {
            return fail(checked.error());
        }
    }
    if (!request.venue.empty()) {
        if (auto checked = check_identifier("the event's venue", request.venue); !checked) {
            return fail(checked.error());
        }
    }
    if (request.days.empty()) {
        return fail(Error::invalid_input("the event needs its days, such as 2026-11-29,2026-11-30"));
    }
    return {};
}

Result<HubEvent> choose_event(const std::vector<HubEvent>& events, std::string_view slug) {
    std::string slugs;
    for (const auto& event : events) {
        if (!slugs.empty()) {
            slugs += ", ";
        }
        slugs += event.slug;
    }
    if (slug.empty()) {
        if (events.size() == 1) {
            return events.front();
        }
        return fail(Error::invalid_input(
            fmt::format("this hub holds {} events ({}); say which with --event SLUG", events.size(), slugs)));
    }
    const auto found = std::ranges::find(events, slug, &HubEvent::slug);
    if (found == events.end()) {
        return fail(Error::invalid_input(
            fmt::format("this hub holds no event with that slug; its events are: {}", slugs)));
    }
    return *found;
}

// What makes the whole request unusable: too many items, or an event that cannot even be named in the
// reply. Everything else an event or a walk-in gets wrong refuses that event alone (event_checks.hpp).
Result<void> check_push_request(const PushRequest& request) {
    if (request.events.size() > push_batch_maximum) {
        return fail(Error::invalid_input(fmt::format("{} events in one request; send at most {} at a time",
                                                     request.events.size(), push_batch_maximum)));
    }
    if (request.walk_ins.size() > push_batch_maximum) {
        return fail(Error::invalid_input(fmt::format("{} walk-ins in one request; send at most {} at a time",
                                                     request.walk_ins.size(), push_batch_maximum)));
    }
    if (auto checked = check_identifier("kiosk", request.kiosk_id); !checked) {
        return fail(checked.error());
    }
    for (std::size_t index = 0; index < request.events.size(); ++index) {
        const auto& id = request.events[index].id;
        if (id.empty()) {
            return fail(Error::invalid_input(fmt::format("events[{}].id: empty", index)));
        }
        if (id.size() > identifier_maximum_bytes) {
            return fail(Error::invalid_input(
                fmt::format("events[{}].id: longer than {} bytes", index, identifier_maximum_bytes)));
        }
    }
    return {};
}

std::optional<Error> enrolment_refusal(bool known, bool used, bool expired) {
    std::string_view reason;
    if (!known) {
        reason = enrolment_unknown_detail;
    } else if (used) {
        reason = enrolment_used_detail;
    } else if (expired) {
        reason = enrolment_expired_detail;
    } else {
        return std::nullopt;
    }
    Error error(ErrorKind::refused, "this enrolment code is unknown, already used or older than 15 minutes; "
                                    "make a new one with kiosk-hub enrol");
    error.detail = std::string(reason);
    return error;
}

std::string joined_problem_names(const std::vector<std::string>& names) {
    std::string joined;
    for (const auto& name : names) {
        if (!joined.empty()) {
            joined += '\n';
        }
        joined += name;
    }
    return joined;
}

std::vector<std::string> split_problem_names(std::string_view joined) {
    std::vector<std::string> names;
    while (!joined.empty()) {
        const auto end = joined.find('\n');
        names.emplace_back(joined.substr(0, end));
        joined = end == std::string_view::npos ? std::string_view() : joined.substr(end + 1);
    }
    return names;
}

} // namespace checkin::sync
