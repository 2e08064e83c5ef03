// The mirror's side of syncing with the hub, on real SQLite files: the upload queue, merging other kiosks'
// events and the hub's roster rows, walk-ins going up and coming back, the sync values, and opening a
// mirror made before the sync values existed.

#include "sync/mirror/mirror.hpp"
#include "sync/mirror/schema.hpp"
#include "tests/sync/mirror/mirror_fixture.hpp"

#include <chrono>
#include <gtest/gtest.h>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace checkin::sync {
namespace {

using namespace mirror_fixture;

// Migrations 4 to 6 (signed codes, issued invitations, the name index cache), undone when a test takes a file
// back to an older schema.
const std::string drop_signed_code_tables =
    "DROP TABLE code_keys; DROP TABLE revoked_serials; DROP TABLE invitation_delegates; "
    "DROP TABLE issued_invitations; DROP TABLE name_index_cache; "
    // Migration 7 (what a purge keeps) comes later still.
    "DROP TABLE anonymous_counts; "
    // And migration 8 (the hub's event of each delegate).
    "DROP INDEX delegates_by_event; ALTER TABLE delegates DROP COLUMN event_id; ";

// Fixture delegates admitted on both days, so any of them can check in on either.
std::vector<std::string> codes_for_both_days(std::size_t count) {
    std::vector<std::string> codes;
    for (const auto& row : fixture_rows()) {
        if (row.days == "29.11,30.11" && codes.size() < count) {
            codes.push_back(row.code);
        }
    }
    EXPECT_EQ(codes.size(), count) << "the fixture has too few delegates admitted on both days";
    return codes;
}

// A mirror holding the Serock roster.
std::optional<Mirror> roster_mirror(const std::filesystem::path& path) {
    auto mirror = open_mirror(path);
    if (mirror) {
        EXPECT_EQ(import(*mirror, fixture_entries()).added, fixture_size);
    }
    return mirror;
}

std::string check_in(Mirror& mirror, std::string_view code, std::int64_t now, std::string_view kiosk,
                     Day today = first_day) {
    CheckinRequest request;
    request.payload = std::string(code);
    request.kiosk_id = std::string(kiosk);
    request.operator_name = "self-service";
    request.now_milliseconds = now;
    request.today = today;
    auto result = mirror.check_in(request);
    EXPECT_TRUE(result.has_value()) << (result.has_value() ? "" : result.error().message);
    if (!result.has_value()) {
        return {};
    }
    EXPECT_EQ(result->outcome, CheckinOutcome::admitted) << code;
    return result->event_id.value_or("");
}

CheckinOutcome outcome_of(Mirror& mirror, std::string_view code, std::int64_t now, Day today = first_day) {
    CheckinRequest request;
    request.payload = std::string(code);
    request.kiosk_id = "kiosk-b";
    request.operator_name = "self-service";
    request.now_milliseconds = now;
    request.today = today;
    auto result = mirror.check_in(request);
    EXPECT_TRUE(result.has_value()) << (result.has_value() ? "" : result.error().message);
    return result.has_value() ? result->outcome : CheckinOutcome::unreadable_code;
}

// An event as another kiosk (or a staff desk) wrote it and the hub passed it on.
CheckinEvent hub_event(std::string_view code, EventKind kind, std::int64_t at, std::string_view kiosk,
                       std::string_view undoes = {}) {
    CheckinEvent event;
    event.id = new_event_id();
    event.delegate_code = std::string(code);
    event.kind = kind;
    event.at_milliseconds = at;
    event.day = first_day;
    event.kiosk_id = std::string(kiosk);
    event.operator_name = kind == EventKind::undo ? "Staff Anna" : "self-service";
    event.reason = kind == EventKind::undo ? "wrong person" : "";
    event.undoes = std::string(undoes);
    return event;
}

std::vector<CheckinEvent> to_upload(Mirror& mirror, std::size_t limit = 1000) {
    auto events = mirror.events_to_upload(limit);
    EXPECT_TRUE(events.has_value()) << (events.has_value() ? "" : events.error().message);
    return events.value_or(std::vector<CheckinEvent>{});
}

std::vector<std::string> ids_of(const std::vector<CheckinEvent>& events) {
    std::vector<std::string> ids;
    for (const auto& event : events) {
        ids.push_back(event.id);
    }
    return ids;
}

void mark(Mirror& mirror, const std::vector<std::string>& ids) {
    auto marked = mirror.mark_uploaded(ids);
    EXPECT_TRUE(marked.has_value()) << (marked.has_value() ? "" : marked.error().message);
}

std::size_t merge(Mirror& mirror, const std::vector<CheckinEvent>& events) {
    auto merged = mirror.merge_events(events);
    EXPECT_TRUE(merged.has_value()) << (merged.has_value() ? "" : merged.error().message);
    return merged.value_or(999'999);
}

std::size_t merge(Mirror& mirror, const std::vector<Delegate>& delegates,
                  const std::optional<Event>& event = std::nullopt) {
    auto merged = mirror.merge_delegates(delegates, event);
    EXPECT_TRUE(merged.has_value()) << (merged.has_value() ? "" : merged.error().message);
    return merged.value_or(999'999);
}

std::vector<Delegate> walk_ins_to_upload(Mirror& mirror) {
    auto walk_ins = mirror.walk_ins_to_upload();
    EXPECT_TRUE(walk_ins.has_value()) << (walk_ins.has_value() ? "" : walk_ins.error().message);
    return walk_ins.value_or(std::vector<Delegate>{});
}

std::vector<Attendance> attendance_of(Mirror& mirror, std::string_view code) {
    const auto record = find(mirror, code);
    EXPECT_TRUE(record.has_value()) << "no delegate " << code;
    return record ? record->attendance : std::vector<Attendance>{};
}

std::set<std::string> codes_found_by(Mirror& mirror, std::string_view query) {
    auto hits = mirror.search(query, 20);
    EXPECT_TRUE(hits.has_value()) << (hits.has_value() ? "" : hits.error().message);
    std::set<std::string> codes;
    for (const auto& hit : hits.value_or(std::vector<SearchHit>{})) {
        codes.insert(hit.delegate.code);
    }
    return codes;
}

// A row as the hub sends it: versioned by the hub, never 0.
Delegate hub_delegate(std::string code, std::string first_name, std::string last_name,
                      std::int64_t row_version, DelegateOrigin origin = DelegateOrigin::roster) {
    Delegate delegate;
    delegate.code = std::move(code);
    delegate.first_name = std::move(first_name);
    delegate.last_name = std::move(last_name);
    delegate.organisation = "Urząd Gminy Serock";
    delegate.role = "Uczestnik";
    delegate.origin = origin;
    delegate.row_version = row_version;
    return delegate;
}

Statistics statistics_of(Mirror& mirror) {
    auto statistics = mirror.statistics(first_day);
    EXPECT_TRUE(statistics.has_value()) << (statistics.has_value() ? "" : statistics.error().message);
    return statistics.value_or(Statistics{});
}

// ---- the upload queue ----------------------------------------------------------------------------------

TEST(MirrorSyncUpload, ThreeCheckinsWaitOldestFirstUntilMarked) {
    TempDir dir;
    auto mirror = roster_mirror(dir.file("kiosk.db"));
    ASSERT_TRUE(mirror);
    const auto codes = codes_for_both_days(3);
    // Checked in out of clock order: the queue goes by the time of the event, not of the insert.
    const auto second = check_in(*mirror, codes[0], utc_milliseconds(first_day, 8, 2), "kiosk-a");
    const auto first = check_in(*mirror, codes[1], utc_milliseconds(first_day, 8, 0), "kiosk-a");
    const auto third = check_in(*mirror, codes[2], utc_milliseconds(first_day, 8, 5), "kiosk-a");

    const auto queued = to_upload(*mirror);
    EXPECT_EQ(ids_of(queued), (std::vector<std::string>{first, second, third}));
    for (const auto& event : queued) {
        EXPECT_FALSE(event.uploaded);
        EXPECT_EQ(event.kind, EventKind::checkin);
        EXPECT_EQ(event.kiosk_id, "kiosk-a");
        EXPECT_EQ(event.day, first_day);
        EXPECT_EQ(event.undoes, "");
    }
    EXPECT_EQ(queued[0].delegate_code, codes[1]);
    EXPECT_EQ(queued[0].at_milliseconds, utc_milliseconds(first_day, 8, 0));
    EXPECT_EQ(ids_of(to_upload(*mirror, 2)), (std::vector<std::string>{first, second}));
    EXPECT_TRUE(to_upload(*mirror, 0).empty());

    mark(*mirror, {first, second});
    EXPECT_EQ(ids_of(to_upload(*mirror)), (std::vector<std::string>{third}));
    EXPECT_EQ(statistics_of(*mirror).events_not_uploaded, 1U);
    // Marking is only a flag: attendance is untouched.
    EXPECT_EQ(attendance_of(*mirror, codes[1]).size(), 1U);
    const auto events = mirror->events_of(codes[1]);
    ASSERT_TRUE(events.has_value());
    ASSERT_EQ(events->size(), 1U);
    EXPECT_TRUE((*events)[0].uploaded);
}

TEST(MirrorSyncUpload, UnknownAndRepeatedIdsAreIgnored) {
    TempDir dir;
    auto mirror = roster_mirror(dir.file("kiosk.db"));
    ASSERT_TRUE(mirror);
    const auto codes = codes_for_both_days(2);
    const auto first = check_in(*mirror, codes[0], utc_milliseconds(first_day, 8, 0), "kiosk-a");
    const auto second = check_in(*mirror, codes[1], utc_milliseconds(first_day, 8, 1), "kiosk-a");

    mark(*mirror, {new_event_id(), first, first, "not an id at all"});
    EXPECT_EQ(ids_of(to_upload(*mirror)), (std::vector<std::string>{second}));
    mark(*mirror, {first}); // the hub acknowledged it twice
    mark(*mirror, {});
    EXPECT_EQ(ids_of(to_upload(*mirror)), (std::vector<std::string>{second}));
}

TEST(MirrorSyncUpload, AnUndoIsUploadedLikeAnyOtherEvent) {
    TempDir dir;
    auto mirror = roster_mirror(dir.file("kiosk.db"));
    ASSERT_TRUE(mirror);
    const auto code = codes_for_both_days(1)[0];
    const auto checkin = check_in(*mirror, code, utc_milliseconds(first_day, 8, 0), "kiosk-a");
    mark(*mirror, {checkin});
    UndoRequest undo;
    undo.code = code;
    undo.day = first_day;
    undo.kiosk_id = "staff-desk";
    undo.operator_name = "Staff Anna";
    undo.reason = "wrong person";
    undo.now_milliseconds = utc_milliseconds(first_day, 8, 10);
    ASSERT_EQ(mirror->undo_checkin(undo).value_or(0), 1U);

    const auto queued = to_upload(*mirror);
    ASSERT_EQ(queued.size(), 1U);
    EXPECT_EQ(queued[0].kind, EventKind::undo);
    EXPECT_EQ(queued[0].undoes, checkin);
    EXPECT_EQ(queued[0].reason, "wrong person");
    EXPECT_EQ(queued[0].operator_name, "Staff Anna");
}

TEST(MirrorSyncUpload, TenThousandIdsAreMarkedInOneQuickTransaction) {
    TempDir dir;
    const auto path = dir.file("kiosk.db");
    auto mirror = roster_mirror(path);
    ASSERT_TRUE(mirror);
    constexpr std::size_t event_count = 10'000;
    {
        // Written directly, in one transaction: 10,000 check_in calls would each wait for an fsync.
        RawConnection raw(path);
        const auto code = codes_for_both_days(1)[0];
        ASSERT_EQ(raw.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " +
                              std::to_string(event_count) +
                              ") INSERT INTO checkin_events (id, delegate_code, kind, at_ms, day, kiosk_id) "
                              "SELECT 'reprint-' || i, '" +
                              code + "', 'reprint', 1700000000000 + i, '2026-11-29', 'kiosk-a' FROM n"),
                  std::nullopt);
    }
    auto queued = to_upload(*mirror, event_count + 10);
    ASSERT_EQ(queued.size(), event_count);
    auto ids = ids_of(queued);
    ids.push_back(new_event_id()); // one the hub made up

    const auto started = std::chrono::steady_clock::now();
    mark(*mirror, ids);
    const auto elapsed = std::chrono::steady_clock::now() - started;
    // One transaction and one prepared statement: well under a second even in a debug build. One
    // transaction per id would take tens of seconds with synchronous=FULL.
    EXPECT_LT(elapsed, std::chrono::seconds(3));
    EXPECT_TRUE(to_upload(*mirror).empty());
    EXPECT_EQ(statistics_of(*mirror).events_not_uploaded, 0U);
}

// ---- merging the hub's events --------------------------------------------------------------------------

TEST(MirrorSyncMergeEvents, AnotherKiosksCheckinShowsAtOnceAndReplaysChangeNothing) {
    TempDir dir;
    auto kiosk_a = roster_mirror(dir.file("kiosk-a.db"));
    auto kiosk_b = roster_mirror(dir.file("kiosk-b.db"));
    ASSERT_TRUE(kiosk_a && kiosk_b);
    const auto codes = codes_for_both_days(2);
    const auto at = utc_milliseconds(first_day, 8, 0);
    check_in(*kiosk_a, codes[0], at, "kiosk-a");
    const auto from_a = to_upload(*kiosk_a);
    ASSERT_EQ(from_a.size(), 1U);

    EXPECT_EQ(merge(*kiosk_b, from_a), 1U);
    const auto attendance = attendance_of(*kiosk_b, codes[0]);
    ASSERT_EQ(attendance.size(), 1U);
    EXPECT_EQ(attendance[0].day, first_day);
    EXPECT_EQ(attendance[0].checked_in_at_milliseconds, at);
    EXPECT_EQ(attendance[0].kiosk_id, "kiosk-a");
    EXPECT_EQ(outcome_of(*kiosk_b, codes[0], at + 60'000), CheckinOutcome::already_checked_in);
    EXPECT_EQ(statistics_of(*kiosk_b).checked_in_today, 1U);

    // Stored as uploaded: kiosk B never sends kiosk A's events back up.
    EXPECT_TRUE(to_upload(*kiosk_b).empty());
    const auto stored = kiosk_b->events_of(codes[0]);
    ASSERT_TRUE(stored.has_value());
    ASSERT_EQ(stored->size(), 1U);
    EXPECT_TRUE((*stored)[0].uploaded);
    EXPECT_EQ((*stored)[0].id, from_a[0].id);

    // The same page again (a lost acknowledgement, a restarted client).
    EXPECT_EQ(merge(*kiosk_b, from_a), 0U);
    EXPECT_EQ(kiosk_b->events_of(codes[0]).value_or(std::vector<CheckinEvent>{}).size(), 1U);

    // Kiosk B's own events come back from the hub: nothing changes, not even their uploaded flag (that
    // is mark_uploaded's business, after the hub's acknowledgement).
    const auto own = check_in(*kiosk_b, codes[1], at + 5'000, "kiosk-b");
    const auto own_events = to_upload(*kiosk_b);
    ASSERT_EQ(ids_of(own_events), (std::vector<std::string>{own}));
    auto coming_back = own_events;
    coming_back[0].uploaded = true;
    EXPECT_EQ(merge(*kiosk_b, coming_back), 0U);
    EXPECT_EQ(ids_of(to_upload(*kiosk_b)), (std::vector<std::string>{own}));
    EXPECT_EQ(merge(*kiosk_b, std::vector<CheckinEvent>{}), 0U);
}

TEST(MirrorSyncMergeEvents, CountsOnlyNewEventsOfAMixedPage) {
    TempDir dir;
    auto mirror = roster_mirror(dir.file("kiosk.db"));
    ASSERT_TRUE(mirror);
    const auto codes = codes_for_both_days(3);
    const auto known = hub_event(codes[0], EventKind::checkin, utc_milliseconds(first_day, 8, 0), "kiosk-a");
    EXPECT_EQ(merge(*mirror, {known}), 1U);
    const auto fresh = hub_event(codes[1], EventKind::checkin, utc_milliseconds(first_day, 8, 1), "kiosk-c");
    const auto reprint =
        hub_event(codes[2], EventKind::reprint, utc_milliseconds(first_day, 8, 2), "kiosk-c");
    // The same id twice in one page counts once.
    EXPECT_EQ(merge(*mirror, {known, fresh, reprint, fresh}), 2U);
    EXPECT_EQ(attendance_of(*mirror, codes[1]).size(), 1U);
    EXPECT_TRUE(attendance_of(*mirror, codes[2]).empty()); // a reprint is not an arrival
    EXPECT_EQ(mirror->count_events(EventKind::reprint, first_day).value_or(0), 1U);
    EXPECT_EQ(statistics_of(*mirror).events, 3U);
}

TEST(MirrorSyncMergeEvents, AnUndoFromTheHubCancelsALocalCheckin) {
    TempDir dir;
    auto mirror = roster_mirror(dir.file("kiosk.db"));
    ASSERT_TRUE(mirror);
    const auto code = codes_for_both_days(1)[0];
    const auto at = utc_milliseconds(first_day, 8, 0);
    const auto checkin = check_in(*mirror, code, at, "kiosk-b");
    mark(*mirror, {checkin});
    ASSERT_EQ(attendance_of(*mirror, code).size(), 1U);

    EXPECT_EQ(merge(*mirror, {hub_event(code, EventKind::undo, at + 120'000, "staff-desk", checkin)}), 1U);
    EXPECT_TRUE(attendance_of(*mirror, code).empty());
    EXPECT_EQ(statistics_of(*mirror).checked_in_today, 0U);
    // Undone, so the person may check in again.
    EXPECT_EQ(outcome_of(*mirror, code, at + 180'000), CheckinOutcome::admitted);
}

TEST(MirrorSyncMergeEvents, AnUndoArrivingBeforeItsCheckinIsKeptAndCancelsItLater) {
    TempDir dir;
    auto mirror = roster_mirror(dir.file("kiosk.db"));
    ASSERT_TRUE(mirror);
    const auto code = codes_for_both_days(1)[0];
    const auto at = utc_milliseconds(first_day, 8, 0);
    const auto checkin = hub_event(code, EventKind::checkin, at, "kiosk-a");
    const auto undo = hub_event(code, EventKind::undo, at + 60'000, "staff-desk", checkin.id);

    EXPECT_EQ(merge(*mirror, {undo}), 1U);
    EXPECT_TRUE(attendance_of(*mirror, code).empty());
    EXPECT_EQ(merge(*mirror, {checkin}), 1U);
    EXPECT_TRUE(attendance_of(*mirror, code).empty());
    EXPECT_EQ(mirror->events_of(code).value_or(std::vector<CheckinEvent>{}).size(), 2U);
}

TEST(MirrorSyncMergeEvents, EventsOfADelegateNotYetInTheMirrorAreKeptAndCountOnceTheRowArrives) {
    TempDir dir;
    auto mirror = roster_mirror(dir.file("kiosk.db"));
    ASSERT_TRUE(mirror);
    // Kiosk C registered a walk-in; their check-in comes in an earlier page than their roster row.
    const std::string code = "W-7K3M9QXR";
    const auto at = utc_milliseconds(first_day, 10, 0);
    EXPECT_EQ(merge(*mirror, {hub_event(code, EventKind::checkin, at, "kiosk-c")}), 1U);
    EXPECT_FALSE(find(*mirror, code).has_value());

    EXPECT_EQ(merge(*mirror, {hub_delegate(code, "Zofia", "Nowakowska", 7, DelegateOrigin::walk_in)}), 1U);
    const auto attendance = attendance_of(*mirror, code);
    ASSERT_EQ(attendance.size(), 1U);
    EXPECT_EQ(attendance[0].kiosk_id, "kiosk-c");
    EXPECT_EQ(outcome_of(*mirror, code, at + 60'000), CheckinOutcome::already_checked_in);
    // Another kiosk's walk-in is not this kiosk's to upload.
    EXPECT_TRUE(walk_ins_to_upload(*mirror).empty());
}

TEST(MirrorSyncMergeEvents, AMalformedEventRefusesThePageAndStoresNothing) {
    TempDir dir;
    auto mirror = roster_mirror(dir.file("kiosk.db"));
    ASSERT_TRUE(mirror);
    const auto code = codes_for_both_days(1)[0];
    const auto at = utc_milliseconds(first_day, 8, 0);
    const auto good = hub_event(code, EventKind::checkin, at, "kiosk-a");
    const auto undo_naming_nothing = hub_event(code, EventKind::undo, at + 1'000, "staff-desk");
    auto checkin_naming_something = hub_event(code, EventKind::checkin, at + 2'000, "kiosk-a", good.id);
    auto without_id = good;
    without_id.id.clear();

    for (const auto& bad : {undo_naming_nothing, checkin_naming_something, without_id}) {
        auto merged = mirror->merge_events({good, bad});
        ASSERT_FALSE(merged.has_value());
        EXPECT_EQ(merged.error().kind, ErrorKind::invalid_input);
        EXPECT_TRUE(mirror->events_of(code).value_or(std::vector<CheckinEvent>{1}).empty());
    }
    EXPECT_EQ(merge(*mirror, {good}), 1U);
}

// ---- merging the hub's roster rows ---------------------------------------------------------------------

TEST(MirrorSyncMergeDelegates, InsertsNewCodesAndUpdatesKnownOnesFoundBySearchAtOnce) {
    TempDir dir;
    auto mirror = roster_mirror(dir.file("kiosk.db"));
    ASSERT_TRUE(mirror);
    const auto existing = find(*mirror, codes_for_both_days(1)[0]);
    ASSERT_TRUE(existing);
    const auto checkin =
        check_in(*mirror, existing->delegate.code, utc_milliseconds(first_day, 8, 0), "kiosk-a");
    // Builds the name index before the merge, so the test sees whether the merge invalidates it.
    EXPECT_TRUE(codes_found_by(*mirror, "Przybyszewski").empty());

    auto renamed = existing->delegate;
    renamed.code = fold_polish(renamed.code); // the hub spells the code in lower case
    renamed.last_name = "Przybyszewska";
    renamed.row_version = 12;
    const auto added = hub_delegate("HUB-0001", "Teodor", "Przybyszewski", 12);

    EXPECT_EQ(merge(*mirror, {renamed, added}), 2U);
    EXPECT_EQ(codes_found_by(*mirror, "Przybyszewski"), (std::set<std::string>{"HUB-0001"}));
    EXPECT_EQ(codes_found_by(*mirror, "Przybyszewska"), (std::set<std::string>{renamed.code}));
    const auto stored = find(*mirror, existing->delegate.code); // either spelling finds it
    ASSERT_TRUE(stored);
    EXPECT_EQ(describe(stored->delegate), describe(renamed));
    const auto inserted = find(*mirror, "hub-0001");
    ASSERT_TRUE(inserted);
    EXPECT_EQ(describe(inserted->delegate), describe(added));
    // The journal is untouched, and the renamed delegate keeps their check-in.
    EXPECT_EQ(ids_of(to_upload(*mirror)), (std::vector<std::string>{checkin}));
    EXPECT_EQ(stored->attendance.size(), 1U);
    EXPECT_EQ(all_of(*mirror).size(), fixture_size + 1);

    // The same rows again change nothing.
    EXPECT_EQ(merge(*mirror, {renamed, added}), 0U);
    EXPECT_EQ(merge(*mirror, std::vector<Delegate>{}), 0U);
}

TEST(MirrorSyncMergeDelegates, ACancelledRowFromTheHubIsHonoured) {
    TempDir dir;
    auto mirror = roster_mirror(dir.file("kiosk.db"));
    ASSERT_TRUE(mirror);
    const auto codes = codes_for_both_days(2);
    auto cancelled = find(*mirror, codes[0])->delegate;
    cancelled.status = DelegateStatus::cancelled;
    cancelled.row_version = 20;
    auto new_but_cancelled = hub_delegate("HUB-0002", "Jan", "Kowalski", 20);
    new_but_cancelled.status = DelegateStatus::cancelled;

    EXPECT_EQ(merge(*mirror, {cancelled, new_but_cancelled}), 2U);
    const auto at = utc_milliseconds(first_day, 8, 0);
    EXPECT_EQ(outcome_of(*mirror, codes[0], at), CheckinOutcome::cancelled);
    EXPECT_EQ(outcome_of(*mirror, "HUB-0002", at), CheckinOutcome::cancelled);
    EXPECT_EQ(statistics_of(*mirror).cancelled, 2U);

    // And reactivated by a later row.
    cancelled.status = DelegateStatus::active;
    cancelled.row_version = 21;
    EXPECT_EQ(merge(*mirror, {cancelled}), 1U);
    EXPECT_EQ(outcome_of(*mirror, codes[0], at), CheckinOutcome::admitted);
}

TEST(MirrorSyncMergeDelegates, TheEventIsReplacedOnlyWhenGiven) {
    TempDir dir;
    auto mirror = roster_mirror(dir.file("kiosk.db"));
    ASSERT_TRUE(mirror);
    EXPECT_EQ(merge(*mirror, {hub_delegate("HUB-0003", "Ewa", "Lis", 3)}), 1U);
    EXPECT_EQ(mirror->event().value_or(Event{}).name, serock_event().name);

    const Event moved{"Kongres Serock 2026 (dzień dodatkowy)", {day_before, first_day, second_day}};
    // Only the event changed: no delegate row counts.
    EXPECT_EQ(merge(*mirror, {hub_delegate("HUB-0003", "Ewa", "Lis", 3)}, moved), 0U);
    const auto stored = mirror->event();
    ASSERT_TRUE(stored.has_value());
    EXPECT_EQ(stored->name, moved.name);
    EXPECT_EQ(stored->days, moved.days);
    EXPECT_EQ(merge(*mirror, std::vector<Delegate>{}, Event{"Kongres", {second_day}}), 0U);
    EXPECT_EQ(mirror->event().value_or(Event{}).days, (std::vector<Day>{second_day}));
}

TEST(MirrorSyncMergeDelegates, AnEmptyCodeRefusesTheWholePage) {
    TempDir dir;
    auto mirror = roster_mirror(dir.file("kiosk.db"));
    ASSERT_TRUE(mirror);
    auto merged = mirror->merge_delegates(
        {hub_delegate("HUB-0004", "Ewa", "Lis", 3), hub_delegate("", "Bez", "Kodu", 3)},
        Event{"changed", {}});
    ASSERT_FALSE(merged.has_value());
    EXPECT_EQ(merged.error().kind, ErrorKind::invalid_input);
    EXPECT_FALSE(find(*mirror, "HUB-0004").has_value());
    EXPECT_EQ(mirror->event().value_or(Event{}).name, serock_event().name);
}

// ---- walk-ins ------------------------------------------------------------------------------------------

TEST(MirrorSyncWalkIns, AWalkInWaitsForUploadUntilItComesBackFromTheHub) {
    TempDir dir;
    auto mirror = roster_mirror(dir.file("kiosk.db"));
    ASSERT_TRUE(mirror);
    WalkInRequest request;
    request.first_name = "Zenon";
    request.last_name = "Kwiatkowski";
    request.organisation = "Gmina Serock";
    request.kiosk_id = "kiosk-a";
    request.operator_name = "anna";
    request.now_milliseconds = utc_milliseconds(first_day, 10, 0);
    request.today = first_day;
    auto second_request = request;
    second_request.first_name = "Adam";
    const auto walk_in = mirror->add_walk_in(request);
    const auto second_walk_in = mirror->add_walk_in(second_request);
    ASSERT_TRUE(walk_in.has_value() && second_walk_in.has_value());

    const auto waiting = walk_ins_to_upload(*mirror);
    ASSERT_EQ(waiting.size(), 2U);
    EXPECT_LT(waiting[0].code, waiting[1].code); // by code
    for (const auto& delegate : waiting) {
        EXPECT_EQ(delegate.origin, DelegateOrigin::walk_in);
        EXPECT_EQ(delegate.row_version, 0);
    }
    // A roster import does not make them uploaded.
    import(*mirror, fixture_entries());
    EXPECT_EQ(walk_ins_to_upload(*mirror).size(), 2U);

    auto returned = *walk_in;
    returned.row_version = 42;
    EXPECT_EQ(merge(*mirror, {returned}), 1U);
    const auto still_waiting = walk_ins_to_upload(*mirror);
    ASSERT_EQ(still_waiting.size(), 1U);
    EXPECT_EQ(still_waiting[0].code, second_walk_in->code);
    const auto stored = find(*mirror, walk_in->code);
    ASSERT_TRUE(stored);
    EXPECT_EQ(stored->delegate.row_version, 42);
    EXPECT_EQ(stored->delegate.origin, DelegateOrigin::walk_in);
    EXPECT_EQ(stored->attendance.size(), 1U); // the walk-in's own check-in stands
    EXPECT_EQ(codes_found_by(*mirror, "Zenon"), (std::set<std::string>{walk_in->code}));
}

// ---- sync values ---------------------------------------------------------------------------------------

TEST(MirrorSyncValues, AreUnsetAtFirstAndPersistAcrossReopening) {
    TempDir dir;
    const auto path = dir.file("kiosk.db");
    {
        auto mirror = open_mirror(path);
        ASSERT_TRUE(mirror);
        auto unset = mirror->sync_value("hub_roster_version");
        ASSERT_TRUE(unset.has_value()) << unset.error().message;
        EXPECT_EQ(*unset, std::nullopt);
        ASSERT_TRUE(mirror->set_sync_value("hub_roster_version", "17").has_value());
        ASSERT_TRUE(mirror->set_sync_value("hub_event_sequence", "5").has_value());
        ASSERT_TRUE(mirror->set_sync_value("hub_event_sequence", "9").has_value()); // replaces
        ASSERT_TRUE(mirror->set_sync_value("empty", "").has_value());
    }
    auto reopened = Mirror::open(path);
    ASSERT_TRUE(reopened.has_value()) << reopened.error().message;
    EXPECT_EQ(reopened->sync_value("hub_roster_version").value_or(std::nullopt), "17");
    EXPECT_EQ(reopened->sync_value("hub_event_sequence").value_or(std::nullopt), "9");
    EXPECT_EQ(reopened->sync_value("empty").value_or(std::nullopt), ""); // set, to nothing: not nullopt
    EXPECT_EQ(reopened->sync_value("HUB_ROSTER_VERSION").value_or("?"), std::nullopt); // keys are exact
}

// ---- migration -----------------------------------------------------------------------------------------

TEST(MirrorSyncMigration, AMirrorMadeBeforeSyncValuesIsUpgradedWithItsContentsKept) {
    TempDir dir;
    const auto path = dir.file("kiosk.db");
    const auto codes = codes_for_both_days(2);
    std::string checkin;
    {
        auto mirror = roster_mirror(path);
        ASSERT_TRUE(mirror);
        checkin = check_in(*mirror, codes[0], utc_milliseconds(first_day, 8, 0), "kiosk-a");
    }
    {
        // Schema version 1 was everything before the sync_state table; take the file back to it.
        RawConnection raw(path);
        ASSERT_EQ(raw.execute(drop_signed_code_tables + "DROP TABLE refused_uploads; DROP TABLE sync_state; "
                                                        "PRAGMA user_version = 1"),
                  std::nullopt);
        ASSERT_EQ(raw.integer("SELECT COUNT(*) FROM sqlite_schema WHERE name = 'sync_state'"), 0);
    }
    auto mirror = Mirror::open(path);
    ASSERT_TRUE(mirror.has_value()) << mirror.error().message;
    {
        RawConnection raw(path);
        EXPECT_EQ(raw.integer("PRAGMA user_version"), schema_version());
    }
    EXPECT_EQ(mirror->sync_value("hub_event_sequence").value_or("?"), std::nullopt);
    ASSERT_TRUE(mirror->set_sync_value("hub_event_sequence", "3").has_value());
    EXPECT_EQ(mirror->sync_value("hub_event_sequence").value_or(std::nullopt), "3");
    // The roster and the journal came through, upload queue included.
    EXPECT_EQ(all_of(*mirror).size(), fixture_size);
    EXPECT_EQ(ids_of(to_upload(*mirror)), (std::vector<std::string>{checkin}));
    EXPECT_EQ(attendance_of(*mirror, codes[0]).size(), 1U);
    EXPECT_EQ(outcome_of(*mirror, codes[1], utc_milliseconds(first_day, 8, 5)), CheckinOutcome::admitted);
}

// ---- events the hub refused ------------------------------------------------------------------------------

TEST(MirrorRefusedUploads, LeaveTheQueueForGoodAndKeepTheirReason) {
    TempDir dir;
    const auto codes = codes_for_both_days(3);
    auto mirror = roster_mirror(dir.file("kiosk.db"));
    ASSERT_TRUE(mirror);
    const auto first = check_in(*mirror, codes[0], utc_milliseconds(first_day, 8, 0), "kiosk-a");
    const auto second = check_in(*mirror, codes[1], utc_milliseconds(first_day, 8, 1), "kiosk-a");
    const auto third = check_in(*mirror, codes[2], utc_milliseconds(first_day, 8, 2), "kiosk-a");
    ASSERT_EQ(to_upload(*mirror).size(), 3U);

    const std::int64_t refused_at = utc_milliseconds(first_day, 9, 0);
    ASSERT_TRUE(mirror
                    ->mark_refused({{second, "the event's kiosk is not the kiosk its token belongs to"},
                                    {"no-such-event", "whatever"}},
                                   refused_at)
                    .has_value());
    EXPECT_EQ(ids_of(to_upload(*mirror)), (std::vector<std::string>{first, third}));
    EXPECT_EQ(mirror->refused_upload_count().value_or(99), 1U);
    auto refused = mirror->refused_uploads();
    ASSERT_TRUE(refused.has_value()) << refused.error().message;
    ASSERT_EQ(refused->size(), 1U);
    EXPECT_EQ((*refused)[0].event.id, second);
    EXPECT_EQ((*refused)[0].event.delegate_code, codes[1]);
    EXPECT_EQ((*refused)[0].reason, "the event's kiosk is not the kiosk its token belongs to");
    EXPECT_EQ((*refused)[0].refused_at_milliseconds, refused_at);
    // The check-in itself still stands here: the journal is append-only; the panel says the hub refused it.
    EXPECT_EQ(attendance_of(*mirror, codes[1]).size(), 1U);

    // An event already uploaded cannot be filed as refused by a later reply.
    ASSERT_TRUE(mirror->mark_uploaded({first}).has_value());
    ASSERT_TRUE(mirror->mark_refused({{first, "late"}}, refused_at).has_value());
    EXPECT_EQ(mirror->refused_upload_count().value_or(99), 1U);
}

TEST(MirrorRefusedUploads, AMirrorMadeBeforeRefusalsIsUpgradedWithItsQueueKept) {
    TempDir dir;
    const auto path = dir.file("kiosk.db");
    const auto codes = codes_for_both_days(1);
    std::string checkin;
    {
        auto mirror = roster_mirror(path);
        ASSERT_TRUE(mirror);
        checkin = check_in(*mirror, codes[0], utc_milliseconds(first_day, 8, 0), "kiosk-a");
    }
    {
        // Schema version 2 was everything before refused_uploads.
        RawConnection raw(path);
        ASSERT_EQ(
            raw.execute(drop_signed_code_tables + "DROP TABLE refused_uploads; PRAGMA user_version = 2"),
            std::nullopt);
    }
    auto mirror = Mirror::open(path);
    ASSERT_TRUE(mirror.has_value()) << mirror.error().message;
    EXPECT_EQ(ids_of(to_upload(*mirror)), (std::vector<std::string>{checkin}));
    EXPECT_EQ(mirror->refused_upload_count().value_or(99), 0U);
    ASSERT_TRUE(
        mirror->mark_refused({{checkin, "the undo names no check-in of the same delegate"}}, 1).has_value());
    EXPECT_TRUE(to_upload(*mirror).empty());
    EXPECT_EQ(mirror->refused_upload_count().value_or(99), 1U);
}

TEST(MirrorRefusedUploads, KnownCodesIgnoreCaseAndCheckinCodeNamesOnlyCheckIns) {
    TempDir dir;
    const auto codes = codes_for_both_days(1);
    auto mirror = roster_mirror(dir.file("kiosk.db"));
    ASSERT_TRUE(mirror);
    std::string lower = codes[0];
    for (auto& character : lower) {
        character = static_cast<char>(std::tolower(static_cast<unsigned char>(character)));
    }
    auto known = mirror->known_codes({lower, "NOWHERE-1"});
    ASSERT_TRUE(known.has_value()) << known.error().message;
    EXPECT_EQ(*known, std::vector<std::string>{lower});
    const auto checkin = check_in(*mirror, codes[0], utc_milliseconds(first_day, 8, 0), "kiosk-a");
    EXPECT_EQ(mirror->checkin_code(checkin).value_or(std::nullopt), codes[0]);
    EXPECT_EQ(mirror->checkin_code("no-such-event").value_or("?"), std::nullopt);
}

} // namespace
} // namespace checkin::sync
