#include "sync/protocol/event_checks.hpp"

#include <chrono>
#include <fmt/format.h>

namespace checkin::sync {

namespace {

std::optional<std::string> labelled(std::string_view label, std::string_view text, std::size_t maximum) {
    if (auto problem = text_problem(text, maximum)) {
        return fmt::format("{} {}", label, *problem);
    }
    return std::nullopt;
}

std::optional<std::string> identifier_problem(std::string_view label, std::string_view text) {
    if (text.empty()) {
        return fmt::format("{} is empty", label);
    }
    if (text.size() > identifier_maximum_bytes) {
        return fmt::format("{} is longer than {} bytes", label, identifier_maximum_bytes);
    }
    return labelled(label, text, identifier_maximum_bytes);
}

std::optional<std::string> event_text_problem(const CheckinEvent& event) {
    if (auto problem = identifier_problem("the event's id", event.id)) {
        return problem;
    }
    if (auto problem = identifier_problem("the delegate's code", event.delegate_code)) {
        return problem;
    }
    if (auto problem = identifier_problem("the kiosk's name", event.kiosk_id)) {
        return problem;
    }
    if (auto problem = labelled("the operator", event.operator_name, operator_maximum_characters)) {
        return problem;
    }
    if (auto problem = labelled("the reason", event.reason, reason_maximum_characters)) {
        return problem;
    }
    if ((event.kind == EventKind::undo) != !event.undoes.empty()) {
        return std::string("an undo, and only an undo, names the check-in it cancels");
    }
    if (!event.undoes.empty()) {
        return identifier_problem("the undone event's id", event.undoes);
    }
    return std::nullopt;
}

bool within_days(Day day, const std::vector<Day>& days) {
    using std::chrono::sys_days;
    const auto first = sys_days{days.front()} - std::chrono::days{1};
    const auto last = sys_days{days.back()} + std::chrono::days{1};
    return sys_days{day} >= first && sys_days{day} <= last;
}

std::optional<std::string> time_problem(const CheckinEvent& event, const EventRules& rules) {
    if (rules.now_milliseconds &&
        event.at_milliseconds > *rules.now_milliseconds + future_tolerance_milliseconds) {
        return std::string("the event's time is more than 10 minutes ahead of the receiver's clock");
    }
    if (rules.event_days.empty()) {
        return std::nullopt;
    }
    // The day the event counts for, not the local day of its timestamp: a rehearsal with `--date` keeps
    // real timestamps on purpose (base/clock.hpp), and attendance is counted by this day alone.
    if (!event.day.ok() || !within_days(event.day, rules.event_days)) {
        return std::string("the event's day lies outside the event's days (one day either side allowed)");
    }
    return std::nullopt;
}

} // namespace

std::string fold_code(std::string_view code) {
    std::string folded(code);
    for (auto& character : folded) {
        if (character >= 'A' && character <= 'Z') {
            character = static_cast<char>(character - 'A' + 'a');
        }
    }
    return folded;
}

std::optional<std::string> walk_in_problem(const Delegate& walk_in) {
    if (auto problem = identifier_problem("the walk-in's code", walk_in.code)) {
        return problem;
    }
    if (walk_in.first_name.empty() || walk_in.last_name.empty()) {
        return std::string("a walk-in needs a first and a last name");
    }
    const std::pair<std::string_view, const std::string*> names[] = {
        {"the first name", &walk_in.first_name},
        {"the last name", &walk_in.last_name},
    };
    for (const auto& [label, value] : names) {
        if (auto problem = labelled(label, *value, person_name_maximum_characters)) {
            return problem;
        }
    }
    const std::pair<std::string_view, const std::string*> details[] = {
        {"the organisation", &walk_in.organisation},
        {"the position", &walk_in.position},
        {"the partnership", &walk_in.partnership},
        {"the voivodeship", &walk_in.voivodeship},
        {"the role", &walk_in.role},
        {"the e-mail", &walk_in.email},
    };
    for (const auto& [label, value] : details) {
        if (auto problem = labelled(label, *value, delegate_detail_maximum_characters)) {
            return problem;
        }
    }
    return std::nullopt;
}

BatchVerdict check_batch(const std::vector<CheckinEvent>& events, const std::vector<Delegate>& walk_ins,
                         const EventRules& rules, const HeldFacts& held) {
    BatchVerdict verdict;
    std::unordered_set<std::string> arriving_codes;
    std::unordered_map<std::string, std::string> refused_codes; // folded code → why its walk-in was refused
    for (std::size_t index = 0; index < walk_ins.size(); ++index) {
        if (auto problem = walk_in_problem(walk_ins[index])) {
            verdict.refused_walk_ins.push_back(index);
            verdict.walk_in_reasons.push_back(*problem);
            refused_codes.emplace(fold_code(walk_ins[index].code), *problem);
        } else {
            arriving_codes.insert(fold_code(walk_ins[index].code));
        }
    }
    std::unordered_map<std::string, std::string> batch_checkins; // id → folded code, accepted so far
    for (const auto& event : events) {
        const auto refuse = [&](std::string reason) {
            verdict.refused_events.push_back(RefusedEvent{event.id, std::move(reason)});
        };
        if (auto problem = event_text_problem(event)) {
            refuse(*problem);
            continue;
        }
        if (rules.sender_kiosk && event.kiosk_id != *rules.sender_kiosk) {
            refuse("the event's kiosk is not the kiosk its token belongs to");
            continue;
        }
        if (auto problem = time_problem(event, rules)) {
            refuse(*problem);
            continue;
        }
        const std::string code = fold_code(event.delegate_code);
        if (!held.roster_codes.contains(code) && !arriving_codes.contains(code)) {
            const auto walk_in = refused_codes.find(code);
            refuse(walk_in != refused_codes.end()
                       ? fmt::format("its walk-in was refused: {}", walk_in->second)
                       : std::string("the delegate is not on the roster and arrives as no walk-in with it"));
            continue;
        }
        if (event.kind == EventKind::undo) {
            auto undone = batch_checkins.find(event.undoes);
            const std::string* undone_code = undone != batch_checkins.end() ? &undone->second : nullptr;
            if (!undone_code) {
                const auto held_checkin = held.checkins.find(event.undoes);
                undone_code = held_checkin != held.checkins.end() ? &held_checkin->second : nullptr;
            }
            if (!undone_code || *undone_code != code) {
                refuse("the undo names no check-in of the same delegate");
                continue;
            }
        }
        if (event.kind == EventKind::checkin) {
            batch_checkins.emplace(event.id, code);
        }
    }
    return verdict;
}

} // namespace checkin::sync
