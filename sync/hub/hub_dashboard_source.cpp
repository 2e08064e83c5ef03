// What the dashboard computes from, read through the HubStore interface (hub_dashboard.hpp), so the
// dashboard works the same over the embedded SQLite store and over PostgreSQL.

#include "sync/hub/hub_dashboard.hpp"
#include "sync/roster/scan_code.hpp"

#include <algorithm>
#include <chrono>
#include <set>
#include <tuple>
#include <utility>

namespace checkin::sync {

std::map<std::string, std::vector<Attendance>, std::less<>>
attendance_from_journal(const std::vector<CheckinEvent>& events) {
    std::set<std::string_view> undone;
    for (const auto& event : events) {
        if (event.kind == EventKind::undo && !event.undoes.empty()) {
            undone.insert(event.undoes);
        }
    }
    // The earliest standing check-in per (code, day); the id settles a tie so every reader agrees.
    std::map<std::pair<std::string, Day>, const CheckinEvent*> earliest;
    for (const auto& event : events) {
        if (event.kind != EventKind::checkin || undone.contains(event.id)) {
            continue;
        }
        auto& held = earliest[{code_comparison_key(event.delegate_code), event.day}];
        if (held == nullptr || event.at_milliseconds < held->at_milliseconds ||
            (event.at_milliseconds == held->at_milliseconds && event.id < held->id)) {
            held = &event;
        }
    }
    // The map's order is (code, day), so each delegate's days arrive earliest first.
    std::map<std::string, std::vector<Attendance>, std::less<>> attendance;
    for (const auto& [key, checkin] : earliest) {
        attendance[key.first].push_back({key.second, checkin->at_milliseconds, checkin->kiosk_id});
    }
    return attendance;
}

namespace {

std::int64_t steady_milliseconds() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

// Pages as large as the protocol allows: a refresh is a few reads even on a first one over a full venue.
constexpr std::size_t roster_page = roster_page_maximum;
constexpr std::size_t events_page = events_page_maximum;

} // namespace

DashboardCache::DashboardCache(HubStore& store, Clock clock, std::int64_t event_id)
    : m_store(store), m_clock(clock ? std::move(clock) : Clock(steady_milliseconds)), m_event_id(event_id) {}

Result<std::shared_ptr<const DashboardSource>> DashboardCache::source() {
    std::lock_guard lock(m_mutex);
    const std::int64_t now = m_clock();
    if (m_snapshot && now - m_read_at < freshness_milliseconds) {
        return m_snapshot;
    }
    if (auto caught_up = catch_up(); !caught_up) {
        return fail(caught_up.error());
    }
    auto source = std::make_shared<DashboardSource>();
    source->event = m_event;
    source->events = m_events;
    auto kept = m_store.anonymous_counts(m_event_id);
    if (!kept) {
        return fail(kept.error());
    }
    source->kept = std::move(*kept);
    auto attendance = attendance_from_journal(m_events);
    source->records.reserve(m_delegates.size());
    for (const auto& [key, delegate] : m_delegates) {
        DelegateRecord record{delegate, {}};
        if (const auto found = attendance.find(key); found != attendance.end()) {
            record.attendance = std::move(found->second);
        }
        source->records.push_back(std::move(record));
    }
    // The mirror's order (Mirror::all_delegates), which the attendance exports keep.
    std::sort(source->records.begin(), source->records.end(),
              [](const DelegateRecord& left, const DelegateRecord& right) {
                  return std::tie(left.delegate.last_name, left.delegate.first_name, left.delegate.code) <
                         std::tie(right.delegate.last_name, right.delegate.first_name, right.delegate.code);
              });
    m_snapshot = std::move(source);
    m_read_at = now;
    return m_snapshot;
}

Result<void> DashboardCache::catch_up() {
    // Read into copies first: a refresh that fails half-way leaves the state it started from, and the next
    // one asks again from there.
    RosterCursor cursor = m_roster_cursor;
    std::int64_t merged_version = cursor.since;
    std::optional<Event> event;
    std::vector<Delegate> changed;
    for (;;) {
        auto page = m_store.roster_since(m_event_id, cursor, roster_page);
        if (!page) {
            return fail(page.error());
        }
        event = std::move(page->event);
        for (auto& delegate : page->delegates) {
            merged_version = std::max(merged_version, delegate.row_version);
            changed.push_back(std::move(delegate));
        }
        if (!page->next) {
            break;
        }
        if (*page->next == cursor) {
            return fail(Error::storage("the hub's store returned a roster page that does not move on"));
        }
        cursor = *page->next;
    }
    std::int64_t sequence = m_event_sequence;
    std::vector<CheckinEvent> new_events;
    for (;;) {
        auto page = m_store.events_since(m_event_id, sequence, events_page);
        if (!page) {
            return fail(page.error());
        }
        for (auto& sequenced : page->events) {
            sequence = std::max(sequence, sequenced.sequence);
            new_events.push_back(std::move(sequenced.event));
        }
        if (!page->more) {
            break;
        }
        if (page->events.empty()) {
            return fail(Error::storage("the hub's store said more events follow but returned none"));
        }
    }

    // Everything read: now the state moves on. A delegate's newer row replaces the older one.
    if (event) {
        m_event = std::move(*event);
    }
    for (auto& delegate : changed) {
        m_delegates.insert_or_assign(code_comparison_key(delegate.code), std::move(delegate));
    }
    m_roster_cursor = RosterCursor{merged_version, ""};
    m_events.insert(m_events.end(), std::make_move_iterator(new_events.begin()),
                    std::make_move_iterator(new_events.end()));
    m_event_sequence = sequence;
    return {};
}

} // namespace checkin::sync
