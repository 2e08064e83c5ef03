#include "sync/client/sync_round.hpp"

#include "base/clock.hpp"
#include "sync/protocol/event_checks.hpp"

#include <algorithm>
#include <charconv>
#include <fmt/format.h>
#include <unordered_set>

namespace checkin::sync {

namespace {

using Clock = std::chrono::steady_clock;

std::chrono::milliseconds since(Clock::time_point start) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
}

Error stopped() {
    return Error::io("the sync was stopped");
}

// A stored position. One that is not a number (edited by hand, say) counts as 0: pulling everything again
// costs time but loses nothing, because merges skip what the mirror already holds.
Result<std::int64_t> stored_position(Mirror& mirror, std::string_view key) {
    auto value = mirror.sync_value(key);
    if (!value) {
        return fail(value.error());
    }
    if (!*value) {
        return 0;
    }
    std::int64_t position = 0;
    const auto& text = **value;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), position);
    if (error != std::errc() || end != text.data() + text.size() || position < 0) {
        return 0;
    }
    return position;
}

Result<void> store_position(Mirror& mirror, std::string_view key, std::int64_t position) {
    return mirror.set_sync_value(key, std::to_string(position));
}

// Counts (done, total) for the caller's progress bar; the total grows when more turns up than expected.
class ProgressCounter {
public:
    ProgressCounter(const ProgressCallback& callback, std::size_t total)
        : m_callback(callback), m_total(total) {
        report();
    }
    void add(std::size_t done) {
        m_done += done;
        m_total = std::max(m_total, m_done);
        report();
    }
    void finish() {
        m_total = m_done;
        report();
    }

private:
    void report() const {
        if (m_callback) {
            m_callback(m_done, m_total);
        }
    }
    const ProgressCallback& m_callback;
    std::size_t m_done = 0;
    std::size_t m_total = 0;
};

std::int64_t now(const SyncRoundOptions& options) {
    return options.clock ? options.clock() : base::now_unix_milliseconds();
}

// The hub's reason is text from outside: kept only if it is a short clean sentence.
std::string shown_reason(const std::string& reason) {
    if (reason.empty() || text_problem(reason, reason_maximum_characters)) {
        return "the hub refused it without a reason this kiosk can show";
    }
    return reason;
}

Result<void> check_options(const SyncRoundOptions& options) {
    if (options.batch_size == 0 || options.batch_size > push_batch_maximum) {
        return fail(Error::invalid_input(fmt::format("the batch size must be 1 to {} events, not {}",
                                                     push_batch_maximum, options.batch_size)));
    }
    if (options.roster_page_size == 0 || options.roster_page_size > roster_page_maximum) {
        return fail(Error::invalid_input(fmt::format("the roster page size must be 1 to {} delegates, not {}",
                                                     roster_page_maximum, options.roster_page_size)));
    }
    if (options.events_page_size == 0 || options.events_page_size > events_page_maximum) {
        return fail(Error::invalid_input(fmt::format("the events page size must be 1 to {} events, not {}",
                                                     events_page_maximum, options.events_page_size)));
    }
    return {};
}

// Step 1b. After the push, so the backlog is what is still waiting. A hub older than the route answers
// 404: it keeps no health, and the round goes on.
Result<void> report_health(Mirror& mirror, HubClient& client, const SyncRoundOptions& options,
                           const std::string& kiosk_id, SyncReport& report) {
    auto statistics = mirror.statistics(base::Clock{}.today());
    if (!statistics) {
        return fail(statistics.error());
    }
    const KioskCondition condition = options.condition ? options.condition() : KioskCondition{};
    KioskReport health;
    health.kiosk = kiosk_id;
    health.version = std::string(kiosk_software_version());
    health.backlog = statistics->events_not_uploaded;
    health.printer = condition.printer;
    if (condition.printer == PrinterCondition::problem) {
        health.printer_problems = condition.printer_problems;
        if (health.printer_problems.size() > printer_problems_maximum) {
            health.printer_problems.resize(printer_problems_maximum); // the most important ones
        }
    }
    health.labels_left = condition.labels_left;
    health.scanners = std::min(condition.scanners, scanners_maximum);
    health.last_scan_at_milliseconds = condition.last_scan_at_milliseconds;
    auto sent = client.report(health);
    if (!sent) {
        return sent.error().kind == ErrorKind::not_found ? Result<void>{} : fail(sent.error());
    }
    report.health_reported = true;
    return {};
}

// Step 1. Walk-ins go with the first request, so the hub knows them before (or with) their check-ins.
Result<void> push_events(Mirror& mirror, HubClient& client, const SyncRoundOptions& options,
                         const std::string& kiosk_id, SyncReport& report, ProgressCounter& progress) {
    auto walk_ins = mirror.walk_ins_to_upload();
    if (!walk_ins) {
        return fail(walk_ins.error());
    }
    bool first = true;
    for (;;) {
        if (options.stop_requested && options.stop_requested()) {
            return fail(stopped());
        }
        auto events = mirror.events_to_upload(options.batch_size);
        if (!events) {
            return fail(events.error());
        }
        if (events->empty() && (!first || walk_ins->empty())) {
            return {};
        }
        PushRequest request;
        request.kiosk_id = kiosk_id;
        request.events = std::move(*events);
        if (first) {
            request.walk_ins = std::move(*walk_ins);
        }
        first = false;

        auto reply = client.push(request);
        if (!reply) {
            return fail(reply.error());
        }
        // Only ids this request carried are marked: a reply is trusted for what was asked, nothing more.
        std::unordered_set<std::string> sent;
        for (const auto& event : request.events) {
            sent.insert(event.id);
        }
        std::vector<std::string> acknowledged;
        for (const auto& id : reply->acknowledged) {
            if (sent.erase(id) > 0) {
                acknowledged.push_back(id);
            }
        }
        if (auto marked = mirror.mark_uploaded(acknowledged); !marked) {
            return fail(marked.error());
        }
        std::vector<RefusedUpload> refused;
        for (const auto& event : reply->refused) {
            if (sent.erase(event.id) > 0) {
                refused.push_back(RefusedUpload{event.id, shown_reason(event.reason)});
            }
        }
        if (auto marked = mirror.mark_refused(refused, now(options)); !marked) {
            return fail(marked.error());
        }
        report.events_refused += refused.size();
        report.walk_ins_pushed += request.walk_ins.size();
        report.walk_ins_added += reply->walk_ins_added;
        report.events_pushed += request.events.size();
        report.events_acknowledged += acknowledged.size();
        report.events_accepted += reply->accepted;
        report.duplicates += reply->duplicates;
        progress.add(request.events.size());
        if (!sent.empty()) {
            // Asking again would send the same batch forever; the next round tries once more.
            return fail(
                Error::io(fmt::format("the hub acknowledged {} of the {} events sent; the other {} stay "
                                      "queued for the next sync",
                                      acknowledged.size(), request.events.size(), sent.size())));
        }
        if (request.events.size() < options.batch_size) {
            return {}; // that was the last of the backlog
        }
    }
}

// The highest roster version all of whose rows are merged, after a page that ended at `next`.
std::int64_t merged_roster_version(const RosterCursor& cursor, const RosterPage& page) {
    if (!page.next) {
        // The last page: every row up to its last one is here, and nothing newer exists.
        return page.delegates.empty() ? cursor.since
                                      : std::max(cursor.since, page.delegates.back().row_version);
    }
    // A page that stopped inside a version (after a code) has merged only part of it.
    return page.next->after_code.empty() ? page.next->since : page.next->since - 1;
}

// Step 2.
Result<void> pull_roster(Mirror& mirror, HubClient& client, const SyncRoundOptions& options,
                         std::int64_t position, SyncReport& report) {
    RosterCursor cursor{position, ""};
    std::int64_t saved = position;
    for (;;) {
        if (options.stop_requested && options.stop_requested()) {
            return fail(stopped());
        }
        auto page = client.roster(cursor, options.roster_page_size);
        if (!page) {
            return fail(page.error());
        }
        // A hub whose event has not been set up yet must not wipe the kiosk's name and days.
        const bool hub_has_event = !page->event.name.empty() || !page->event.days.empty();
        auto merged = mirror.merge_delegates(
            page->delegates, hub_has_event ? std::optional<Event>(page->event) : std::nullopt);
        if (!merged) {
            return fail(merged.error());
        }
        report.delegates_pulled += page->delegates.size();
        const std::int64_t reached = std::max(saved, merged_roster_version(cursor, *page));
        if (reached != saved) {
            if (auto stored = store_position(mirror, roster_version_key, reached); !stored) {
                return fail(stored.error());
            }
            saved = reached;
        }
        report.roster_version = saved;
        if (!page->next) {
            return {};
        }
        if (*page->next == cursor) {
            return fail(Error::io("the hub's roster pages do not move on; is the hub as new as this kiosk?"));
        }
        cursor = *page->next;
    }
}

// Step 2b: the signed codes' keys and revocations, whole. A hub older than GET /api/v1/codes answers 404:
// such a hub has no keys to give, and the round goes on.
Result<void> pull_code_lists(Mirror& mirror, HubClient& client, SyncReport& report) {
    auto lists = client.code_lists();
    if (!lists) {
        return lists.error().kind == ErrorKind::not_found ? Result<void>{} : fail(lists.error());
    }
    std::vector<base::PublicKey> keys;
    for (const std::string& text : lists->public_keys) {
        auto key = base::parse_public_key(text); // decode_code_lists checked each
        if (!key) {
            return fail(Error::invalid_input(key.error().message));
        }
        keys.push_back(*key);
    }
    auto revoked = mirror.apply_hub_code_lists(keys, lists->revoked_serials, base::now_unix_milliseconds());
    if (!revoked) {
        return fail(revoked.error());
    }
    report.code_keys = keys.size();
    report.serials_revoked = *revoked;
    return {};
}

// What the mirror holds of the codes and undone check-ins `events` name.
Result<HeldFacts> held_facts(Mirror& mirror, const std::vector<CheckinEvent>& events) {
    HeldFacts held;
    std::vector<std::string> codes;
    std::unordered_set<std::string> asked;
    for (const auto& event : events) {
        if (asked.insert(fold_code(event.delegate_code)).second) {
            codes.push_back(event.delegate_code);
        }
    }
    auto known = mirror.known_codes(codes);
    if (!known) {
        return fail(known.error());
    }
    for (const auto& code : *known) {
        held.roster_codes.insert(fold_code(code));
    }
    for (const auto& event : events) {
        if (event.kind != EventKind::undo || event.undoes.empty() || held.checkins.contains(event.undoes)) {
            continue;
        }
        auto code = mirror.checkin_code(event.undoes);
        if (!code) {
            return fail(code.error());
        }
        if (*code) {
            held.checkins.emplace(event.undoes, fold_code(**code));
        }
    }
    return held;
}

// Pulls the roster rows that arrived since step 2; at most once a round.
using RosterRefresh = std::function<Result<void>()>;

// The events of a page that keep the rules; the others are counted in the report.
Result<std::vector<CheckinEvent>> acceptable_events(Mirror& mirror, std::vector<CheckinEvent> events,
                                                    SyncReport& report, const RosterRefresh& refresh_roster,
                                                    bool& refreshed) {
    auto event = mirror.event();
    if (!event) {
        return fail(event.error());
    }
    EventRules rules;
    rules.event_days = event->days;
    // No clock rule on what is pulled (EventRules says why).
    auto held = held_facts(mirror, events);
    if (!held) {
        return fail(held.error());
    }
    // A walk-in registered at another kiosk after this round pulled the roster can arrive with its
    // check-in now: pull the roster again before skipping such an event for good.
    const bool code_unknown = std::any_of(events.begin(), events.end(), [&](const CheckinEvent& candidate) {
        return !held->roster_codes.contains(fold_code(candidate.delegate_code));
    });
    if (code_unknown && !refreshed) {
        refreshed = true;
        if (auto pulled = refresh_roster(); !pulled) {
            return fail(pulled.error());
        }
        held = held_facts(mirror, events);
        if (!held) {
            return fail(held.error());
        }
    }
    const auto verdict = check_batch(events, {}, rules, *held);
    if (verdict.refused_events.empty()) {
        return events;
    }
    std::unordered_set<std::string> refused;
    for (const auto& event_refused : verdict.refused_events) {
        refused.insert(event_refused.id);
    }
    std::erase_if(events, [&](const CheckinEvent& candidate) { return refused.contains(candidate.id); });
    report.events_skipped += verdict.refused_events.size();
    return events;
}

// Step 3.
Result<void> pull_events(Mirror& mirror, HubClient& client, const SyncRoundOptions& options,
                         std::int64_t position, SyncReport& report, ProgressCounter& progress,
                         const RosterRefresh& refresh_roster) {
    std::int64_t sequence = position;
    bool roster_refreshed = false;
    for (;;) {
        if (options.stop_requested && options.stop_requested()) {
            return fail(stopped());
        }
        auto page = client.events(sequence, options.events_page_size);
        if (!page) {
            return fail(page.error());
        }
        std::vector<CheckinEvent> events;
        events.reserve(page->events.size());
        std::int64_t last = sequence;
        for (const auto& sequenced : page->events) {
            events.push_back(sequenced.event);
            last = std::max(last, sequenced.sequence);
        }
        report.events_pulled += events.size();
        const std::size_t page_size = events.size();
        auto acceptable =
            acceptable_events(mirror, std::move(events), report, refresh_roster, roster_refreshed);
        if (!acceptable) {
            return fail(acceptable.error());
        }
        auto added = mirror.merge_events(*acceptable);
        if (!added) {
            return fail(added.error());
        }
        report.events_new += *added;
        progress.add(page_size);
        if (last != sequence) {
            if (auto stored = store_position(mirror, event_sequence_key, last); !stored) {
                return fail(stored.error());
            }
        }
        const bool moved_on = last != sequence;
        sequence = last;
        report.event_sequence = sequence;
        if (!page->more) {
            return {};
        }
        if (!moved_on) {
            return fail(Error::io("the hub's event pages do not move on; is the hub as new as this kiosk?"));
        }
    }
}

} // namespace

std::string_view kiosk_software_version() {
    return CHECKIN_VERSION;
}

Result<SyncReport> run_sync_round(Mirror& mirror, HubClient& client, const SyncRoundOptions& options,
                                  const ProgressCallback& progress) {
    if (auto checked = check_options(options); !checked) {
        return fail(checked.error());
    }
    const auto started = Clock::now();
    SyncReport report;

    // Asking first costs one small request and answers three things: whether the hub is there and takes
    // the token, the name it knows this kiosk by, and how far its roster and events have gone.
    auto health = client.health();
    if (!health) {
        return fail(health.error());
    }
    report.hub_kiosk = health->kiosk;
    auto roster_position = stored_position(mirror, roster_version_key);
    if (!roster_position) {
        return fail(roster_position.error());
    }
    auto event_position = stored_position(mirror, event_sequence_key);
    if (!event_position) {
        return fail(event_position.error());
    }
    // Positions beyond what the hub holds mean the hub was replaced (a fresh database): start over rather
    // than wait for it to catch up. Merges skip what the mirror already has.
    if (*roster_position > health->roster_version) {
        *roster_position = 0;
    }
    if (*event_position > health->last_sequence) {
        *event_position = 0;
    }
    report.roster_version = *roster_position;
    report.event_sequence = *event_position;

    auto statistics = mirror.statistics(base::Clock{}.today());
    if (!statistics) {
        return fail(statistics.error());
    }
    const auto to_pull = static_cast<std::size_t>(health->last_sequence - *event_position);
    ProgressCounter counter(progress, statistics->events_not_uploaded + to_pull);

    const std::string kiosk_id = options.kiosk_id.empty() ? health->kiosk : options.kiosk_id;
    auto step_started = Clock::now();
    if (auto pushed = push_events(mirror, client, options, kiosk_id, report, counter); !pushed) {
        return fail(pushed.error());
    }
    report.push_duration = since(step_started);
    if (auto reported = report_health(mirror, client, options, kiosk_id, report); !reported) {
        return fail(reported.error());
    }

    step_started = Clock::now();
    if (auto pulled = pull_roster(mirror, client, options, *roster_position, report); !pulled) {
        return fail(pulled.error());
    }
    if (auto pulled = pull_code_lists(mirror, client, report); !pulled) {
        return fail(pulled.error());
    }
    report.roster_duration = since(step_started);

    step_started = Clock::now();
    const RosterRefresh refresh_roster = [&]() -> Result<void> {
        return pull_roster(mirror, client, options, report.roster_version, report);
    };
    if (auto pulled = pull_events(mirror, client, options, *event_position, report, counter, refresh_roster);
        !pulled) {
        return fail(pulled.error());
    }
    report.events_duration = since(step_started);
    report.total_duration = since(started);
    counter.finish();
    return report;
}

} // namespace checkin::sync
