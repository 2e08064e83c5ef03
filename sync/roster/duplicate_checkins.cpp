#include "sync/roster/duplicate_checkins.hpp"

#include "sync/roster/scan_code.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <utility>

namespace checkin::sync {

std::vector<DuplicateCheckins> find_duplicate_checkins(std::span<const CheckinEvent> events) {
    std::set<std::string_view> undone;
    for (const auto& event : events) {
        if (event.kind == EventKind::undo && !event.undoes.empty()) {
            undone.insert(event.undoes);
        }
    }
    std::map<std::pair<Day, std::string>, std::vector<const CheckinEvent*>> standing;
    for (const auto& event : events) {
        if (event.kind == EventKind::checkin && !undone.contains(event.id)) {
            standing[{event.day, code_comparison_key(event.delegate_code)}].push_back(&event);
        }
    }
    std::vector<DuplicateCheckins> duplicates;
    for (auto& [key, checkins] : standing) {
        if (checkins.size() < 2) {
            continue;
        }
        // Earliest first; the id settles a tie so the order is the same on every kiosk and the hub.
        std::sort(checkins.begin(), checkins.end(), [](const CheckinEvent* left, const CheckinEvent* right) {
            if (left->at_milliseconds != right->at_milliseconds) {
                return left->at_milliseconds < right->at_milliseconds;
            }
            return left->id < right->id;
        });
        duplicates.push_back({checkins.front()->delegate_code, key.first, std::move(checkins)});
    }
    return duplicates;
}

} // namespace checkin::sync
