// Sync rounds between real kiosk mirrors (SQLite files) and a real hub on loopback: what one kiosk
// records reaches the others, nothing is lost or counted twice when replies are lost, the hub is away or
// a kiosk is killed midway.

#include "sync/roster/duplicate_checkins.hpp"
#include "tests/sync/client/sync_client_fixture.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <map>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace checkin::sync {
namespace {

using namespace client_fixture;
using mirror_fixture::TempDir;

std::size_t checkins_in(const std::vector<CheckinEvent>& events) {
    return static_cast<std::size_t>(std::count_if(
        events.begin(), events.end(), [](const auto& event) { return event.kind == EventKind::checkin; }));
}

TEST(SyncRound, AnEmptyKioskPullsTheRosterAndTheEventFromTheHub) {
    TempDir directory;
    TestHub hub;
    TestKiosk kiosk(hub, "kiosk-a", false, directory);

    const auto report = kiosk.synced();
    EXPECT_EQ(report.hub_kiosk, "kiosk-a");
    EXPECT_EQ(report.delegates_pulled, mirror_fixture::fixture_size);
    EXPECT_EQ(report.events_pushed, 0U);
    EXPECT_EQ(mirror_fixture::all_of(kiosk.mirror()).size(), mirror_fixture::fixture_size);
    auto event = kiosk.mirror().event();
    ASSERT_TRUE(event.has_value());
    EXPECT_EQ(event->name, serock_event().name);
    EXPECT_EQ(event->days, serock_event().days);
    // The delegates arrive exactly as the hub holds them.
    const auto delegate = kiosk.find(fixture_code(0));
    ASSERT_TRUE(delegate.has_value());
    EXPECT_EQ(delegate->delegate.first_name, mirror_fixture::fixture_rows()[0].first_name);

    // Nothing changed since: the next round pulls nothing.
    const auto again = kiosk.synced();
    EXPECT_EQ(again.delegates_pulled, 0U);
    EXPECT_EQ(again.events_pulled, 0U);
    EXPECT_EQ(again.roster_version, report.roster_version);
}

TEST(SyncRound, SmallRosterPagesPullEveryDelegateOnce) {
    TempDir directory;
    TestHub hub;
    TestKiosk kiosk(hub, "kiosk-a", false, directory);
    SyncRoundOptions options;
    options.roster_page_size = 7; // 320 delegates of one version: pages that stop inside a version
    const auto report = kiosk.synced(options);
    EXPECT_EQ(report.delegates_pulled, mirror_fixture::fixture_size);
    EXPECT_EQ(mirror_fixture::all_of(kiosk.mirror()).size(), mirror_fixture::fixture_size);
    EXPECT_EQ(kiosk.synced(options).delegates_pulled, 0U);
}

TEST(SyncRound, CheckInsAtOneKioskReachTheOthers) {
    TempDir directory;
    TestHub hub;
    TestKiosk a(hub, "kiosk-a", true, directory);
    TestKiosk b(hub, "kiosk-b", true, directory);
    TestKiosk c(hub, "kiosk-c", false, directory); // set up from the hub alone

    for (std::size_t index = 0; index < 3; ++index) {
        EXPECT_EQ(
            a.check_in(fixture_code(index), utc_milliseconds(first_day, 9, static_cast<int>(index))).outcome,
            CheckinOutcome::admitted);
    }
    EXPECT_EQ(a.backlog(), 3U);
    const auto pushed = a.synced();
    EXPECT_EQ(pushed.events_pushed, 3U);
    EXPECT_EQ(pushed.events_acknowledged, 3U);
    EXPECT_EQ(pushed.events_accepted, 3U);
    EXPECT_EQ(pushed.duplicates, 0U);
    EXPECT_EQ(pushed.events_pulled, 3U); // its own, coming back
    EXPECT_EQ(pushed.events_new, 0U);
    EXPECT_EQ(a.backlog(), 0U);

    for (auto* kiosk : {&b, &c}) {
        const auto report = kiosk->synced();
        EXPECT_EQ(report.events_pulled, 3U) << kiosk->name();
        EXPECT_EQ(report.events_new, 3U) << kiosk->name();
        for (std::size_t index = 0; index < 3; ++index) {
            const auto record = kiosk->find(fixture_code(index));
            ASSERT_TRUE(record.has_value());
            ASSERT_EQ(record->attendance.size(), 1U) << kiosk->name() << " " << fixture_code(index);
            EXPECT_EQ(record->attendance[0].kiosk_id, "kiosk-a");
            EXPECT_EQ(record->attendance[0].checked_in_at_milliseconds,
                      utc_milliseconds(first_day, 9, static_cast<int>(index)));
        }
        // Events from the hub are not this kiosk's to upload.
        EXPECT_EQ(kiosk->backlog(), 0U) << kiosk->name();
        // And a delegate checked in elsewhere is "already checked in" here.
        EXPECT_EQ(kiosk->check_in(fixture_code(0), utc_milliseconds(first_day, 10, 0)).outcome,
                  CheckinOutcome::already_checked_in);
    }
    const auto statistics = hub.statistics();
    EXPECT_EQ(statistics.events, 3U);
    EXPECT_EQ(statistics.checked_in, 3U);
    EXPECT_EQ(statistics.duplicates, 0U);
}

TEST(SyncRound, KiosksCutOffFromEachOtherBothAdmitTheSameDelegate) {
    TempDir directory;
    TestHub hub;
    TestKiosk a(hub, "kiosk-a", true, directory);
    TestKiosk b(hub, "kiosk-b", true, directory);
    TestKiosk c(hub, "kiosk-c", true, directory);
    const auto code = fixture_code(5);
    const auto earlier = utc_milliseconds(first_day, 9, 0);
    const auto later = utc_milliseconds(first_day, 9, 5);

    // No rounds: neither kiosk knows about the other's check-in, so both admit.
    EXPECT_EQ(b.check_in(code, later).outcome, CheckinOutcome::admitted);
    EXPECT_EQ(a.check_in(code, earlier).outcome, CheckinOutcome::admitted);

    a.synced();
    b.synced();
    c.synced();
    a.synced(); // a pulls b's check-in, pushed after a's first round

    for (auto* kiosk : {&a, &b, &c}) {
        const auto events = kiosk->events_of(code);
        EXPECT_EQ(checkins_in(events), 2U) << kiosk->name();
        const auto record = kiosk->find(code);
        ASSERT_TRUE(record.has_value());
        ASSERT_EQ(record->attendance.size(), 1U) << kiosk->name();
        EXPECT_EQ(record->attendance[0].checked_in_at_milliseconds, earlier) << kiosk->name();
        EXPECT_EQ(record->attendance[0].kiosk_id, "kiosk-a") << kiosk->name();
        EXPECT_EQ(kiosk->backlog(), 0U) << kiosk->name();
        // What the staff card flags on every kiosk: one duplicate, both check-ins, earliest first.
        const auto duplicates = find_duplicate_checkins(events);
        ASSERT_EQ(duplicates.size(), 1U) << kiosk->name();
        EXPECT_EQ(duplicates[0].day, first_day);
        ASSERT_EQ(duplicates[0].checkins.size(), 2U);
        EXPECT_EQ(duplicates[0].checkins[0]->kiosk_id, "kiosk-a");
        EXPECT_EQ(duplicates[0].checkins[1]->kiosk_id, "kiosk-b");
        EXPECT_EQ(duplicates[0].checkins[1]->at_milliseconds, later);
    }
    const auto statistics = hub.statistics();
    EXPECT_EQ(statistics.events, 2U);
    EXPECT_EQ(statistics.checked_in, 1U);
    EXPECT_EQ(statistics.duplicates, 1U);
}

// The whole venue cut off from the hub for a while: each kiosk keeps checking people in (some the same
// people), undoes one, registers a walk-in; every round fails as offline and loses nothing. When the link
// returns, two rounds each bring every mirror and the hub to the same set of events, and the walk-ins to
// every roster.
TEST(SyncRound, AfterAPartitionHealsEveryMirrorAndTheHubHoldTheSameEvents) {
    TempDir directory;
    TestHub hub;
    TestKiosk a(hub, "kiosk-a", true, directory);
    TestKiosk b(hub, "kiosk-b", true, directory);
    TestKiosk c(hub, "kiosk-c", false, directory); // filled from the hub before the partition
    for (auto* kiosk : {&a, &b, &c}) {
        kiosk->synced();
    }

    hub.stop();
    std::vector<std::string> walk_ins;
    int minute = 0;
    for (auto* kiosk : {&a, &b, &c}) {
        for (std::size_t index = 0; index < 4; ++index) {
            // Delegates 0 and 1 come to every kiosk (two duplicates each), the rest each to one.
            const std::size_t delegate = index < 2 ? index : 2 + static_cast<std::size_t>(minute) % 20;
            kiosk->check_in(fixture_code(delegate), utc_milliseconds(first_day, 9, minute++));
        }
        auto walk_in =
            kiosk->mirror().add_walk_in({.first_name = "Zofia",
                                         .last_name = "Żółkiewska-" + kiosk->name(),
                                         .organisation = "Gmina Serock",
                                         .role = "",
                                         .kiosk_id = kiosk->name(),
                                         .operator_name = "anna",
                                         .now_milliseconds = utc_milliseconds(first_day, 10, minute++),
                                         .today = first_day});
        ASSERT_TRUE(walk_in.has_value()) << walk_in.error().message;
        walk_ins.push_back(walk_in->code);
        auto round = kiosk->round();
        ASSERT_FALSE(round.has_value()) << kiosk->name();
        EXPECT_TRUE(round.error().message.starts_with("offline")) << round.error().message;
    }
    auto undone = b.mirror().undo_checkin({.code = fixture_code(0),
                                           .day = first_day,
                                           .kiosk_id = "kiosk-b",
                                           .operator_name = "anna",
                                           .reason = "podwójne przybycie",
                                           .now_milliseconds = utc_milliseconds(first_day, 11, 0)});
    ASSERT_TRUE(undone.has_value()) << undone.error().message;
    EXPECT_EQ(*undone, 1U);
    std::set<std::string> made;
    for (auto* kiosk : {&a, &b, &c}) {
        const auto ids = kiosk->event_ids();
        made.insert(ids.begin(), ids.end());
    }
    EXPECT_EQ(made.size(), 3U * (4 + 1) + 1) << "four check-ins and a walk-in's check-in each, one undo";
    EXPECT_TRUE(ids_of(hub.all_events()).empty());

    hub.start();
    for (int pass = 0; pass < 2; ++pass) { // the second pass brings each kiosk what the later ones pushed
        for (auto* kiosk : {&c, &a, &b}) {
            kiosk->synced();
        }
    }
    EXPECT_EQ(ids_of(hub.all_events()), made);
    for (auto* kiosk : {&a, &b, &c}) {
        EXPECT_EQ(kiosk->event_ids(), made) << kiosk->name();
        EXPECT_EQ(kiosk->backlog(), 0U) << kiosk->name();
        for (const auto& code : walk_ins) {
            const auto record = kiosk->find(code);
            ASSERT_TRUE(record.has_value()) << kiosk->name() << " lacks the walk-in " << code;
            EXPECT_EQ(record->attendance.size(), 1U) << kiosk->name() << " " << code;
        }
        // Delegate 0: kiosk-b's check-in undone, kiosk-a's and kiosk-c's stand: a duplicate, counted from
        // kiosk-a's (the earliest).
        const auto first = kiosk->find(fixture_code(0));
        ASSERT_TRUE(first.has_value());
        ASSERT_EQ(first->attendance.size(), 1U);
        EXPECT_EQ(first->attendance[0].kiosk_id, "kiosk-a") << kiosk->name();
        EXPECT_EQ(find_duplicate_checkins(kiosk->events_of(fixture_code(0))).size(), 1U) << kiosk->name();
        EXPECT_EQ(find_duplicate_checkins(kiosk->events_of(fixture_code(1)))[0].checkins.size(), 3U)
            << kiosk->name();
    }
    const auto statistics = hub.statistics();
    EXPECT_EQ(statistics.events, made.size());
    EXPECT_EQ(statistics.duplicates, 2U);
}

TEST(SyncRound, AnUndoAtOneKioskReachesTheOthers) {
    TempDir directory;
    TestHub hub;
    TestKiosk a(hub, "kiosk-a", true, directory);
    TestKiosk b(hub, "kiosk-b", true, directory);
    const auto code = fixture_code(2);
    a.check_in(code, utc_milliseconds(first_day, 9, 0));
    a.synced();
    b.synced();
    ASSERT_EQ(b.find(code)->attendance.size(), 1U);

    UndoRequest undo;
    undo.code = code;
    undo.day = first_day;
    undo.kiosk_id = "kiosk-a";
    undo.operator_name = "Anna";
    undo.reason = "scanned the wrong badge";
    undo.now_milliseconds = utc_milliseconds(first_day, 9, 10);
    auto undone = a.mirror().undo_checkin(undo);
    ASSERT_TRUE(undone.has_value()) << undone.error().message;
    EXPECT_EQ(*undone, 1U);
    a.synced();
    b.synced();
    EXPECT_TRUE(b.find(code)->attendance.empty());
    EXPECT_EQ(hub.statistics().checked_in, 0U);
}

TEST(SyncRound, AWalkInRegisteredAtOneKioskReachesTheOthers) {
    TempDir directory;
    TestHub hub;
    TestKiosk a(hub, "kiosk-a", true, directory);
    TestKiosk b(hub, "kiosk-b", false, directory);
    WalkInRequest request;
    request.first_name = "Zofia";
    request.last_name = "Nowa";
    request.organisation = "Gmina Serock";
    request.kiosk_id = "kiosk-a";
    request.operator_name = "Anna";
    request.now_milliseconds = utc_milliseconds(first_day, 11, 0);
    request.today = first_day;
    auto walk_in = a.mirror().add_walk_in(request);
    ASSERT_TRUE(walk_in.has_value()) << walk_in.error().message;

    const auto report = a.synced();
    EXPECT_EQ(report.walk_ins_pushed, 1U);
    EXPECT_EQ(report.walk_ins_added, 1U);
    EXPECT_EQ(report.events_pushed, 1U);
    // The walk-in came back from the hub with its version: it is not sent again.
    auto left = a.mirror().walk_ins_to_upload();
    ASSERT_TRUE(left.has_value());
    EXPECT_TRUE(left->empty());
    EXPECT_EQ(a.synced().walk_ins_pushed, 0U);

    b.synced();
    const auto record = b.find(walk_in->code);
    ASSERT_TRUE(record.has_value());
    EXPECT_EQ(record->delegate.full_name(), "Zofia Nowa");
    EXPECT_EQ(record->delegate.origin, DelegateOrigin::walk_in);
    ASSERT_EQ(record->attendance.size(), 1U);
    EXPECT_EQ(record->attendance[0].kiosk_id, "kiosk-a");
    EXPECT_EQ(hub.statistics().delegates, mirror_fixture::fixture_size + 1);
}

TEST(SyncRound, AReplayedPushIsStoredOnce) {
    TempDir directory;
    TestHub hub;
    TestKiosk a(hub, "kiosk-a", true, directory);
    for (std::size_t index = 0; index < 4; ++index) {
        a.check_in(fixture_code(index), utc_milliseconds(first_day, 9, static_cast<int>(index)));
    }
    auto events = a.mirror().events_to_upload(100);
    ASSERT_TRUE(events.has_value());
    ASSERT_EQ(events->size(), 4U);
    PushRequest request{"kiosk-a", *events, {}};

    auto first = a.client().push(request);
    ASSERT_TRUE(first.has_value()) << first.error().message;
    EXPECT_EQ(first->accepted, 4U);
    EXPECT_EQ(first->duplicates, 0U);
    EXPECT_EQ(first->acknowledged.size(), 4U);

    auto replay = a.client().push(request);
    ASSERT_TRUE(replay.has_value()) << replay.error().message;
    EXPECT_EQ(replay->accepted, 0U);
    EXPECT_EQ(replay->duplicates, 4U);
    EXPECT_EQ(std::set<std::string>(replay->acknowledged.begin(), replay->acknowledged.end()),
              std::set<std::string>(first->acknowledged.begin(), first->acknowledged.end()));

    EXPECT_EQ(hub.statistics().events, 4U);
    EXPECT_EQ(hub.all_events().size(), 4U);
}

// The hub committed a push but the reply never reached the kiosk: the events stay queued, go again with
// the next round, and the hub counts them once.
TEST(SyncRound, ALostReplyIsNotCountedTwice) {
    TempDir directory;
    TestHub hub;
    TestKiosk a(hub, "kiosk-a", true, directory);
    for (std::size_t index = 0; index < 5; ++index) {
        a.check_in(fixture_code(index), utc_milliseconds(first_day, 9, static_cast<int>(index)));
    }
    auto events = a.mirror().events_to_upload(100);
    ASSERT_TRUE(events.has_value());
    auto lost = a.client().push(PushRequest{"kiosk-a", *events, {}});
    ASSERT_TRUE(lost.has_value()) << lost.error().message;
    EXPECT_EQ(hub.statistics().events, 5U);
    EXPECT_EQ(a.backlog(), 5U); // not marked: the kiosk never saw the reply

    const auto report = a.synced();
    EXPECT_EQ(report.events_pushed, 5U);
    EXPECT_EQ(report.events_acknowledged, 5U);
    EXPECT_EQ(report.events_accepted, 0U);
    EXPECT_EQ(report.duplicates, 5U);
    EXPECT_EQ(a.backlog(), 0U);
    const auto statistics = hub.statistics();
    EXPECT_EQ(statistics.events, 5U);
    EXPECT_EQ(statistics.checked_in, 5U);
    EXPECT_EQ(statistics.duplicates, 0U);
}

TEST(SyncRound, ManyEventsGoInBatchesAndComeBackInPages) {
    TempDir directory;
    TestHub hub;
    TestKiosk a(hub, "kiosk-a", true, directory);
    TestKiosk b(hub, "kiosk-b", true, directory);
    for (std::size_t index = 0; index < 40; ++index) {
        a.check_in(fixture_code(index), utc_milliseconds(first_day, 9, static_cast<int>(index)));
    }
    SyncRoundOptions options;
    options.batch_size = 7;
    options.events_page_size = 6;
    std::vector<std::pair<std::size_t, std::size_t>> progress;
    auto report = run_sync_round(a.mirror(), a.client(), options, [&](std::size_t done, std::size_t total) {
        progress.emplace_back(done, total);
    });
    ASSERT_TRUE(report.has_value()) << report.error().message;
    EXPECT_EQ(report->events_pushed, 40U);
    EXPECT_EQ(report->events_acknowledged, 40U);
    EXPECT_EQ(report->events_pulled, 40U);
    EXPECT_EQ(report->event_sequence, 40);
    // Progress only moves forward and ends complete: 40 pushed and 40 pulled back.
    ASSERT_FALSE(progress.empty());
    for (std::size_t index = 1; index < progress.size(); ++index) {
        EXPECT_GE(progress[index].first, progress[index - 1].first);
        EXPECT_LE(progress[index].first, progress[index].second);
    }
    EXPECT_EQ(progress.back(), std::make_pair(std::size_t{80}, std::size_t{80}));

    const auto pulled = b.synced(options);
    EXPECT_EQ(pulled.events_pulled, 40U);
    EXPECT_EQ(pulled.events_new, 40U);
    EXPECT_EQ(b.event_ids(), a.event_ids());
}

TEST(SyncRound, OptionsOutOfRangeAreRefused) {
    TempDir directory;
    TestHub hub;
    TestKiosk a(hub, "kiosk-a", true, directory);
    std::vector<SyncRoundOptions> refused(4);
    refused[0].batch_size = 0;
    refused[1].batch_size = push_batch_maximum + 1;
    refused[2].roster_page_size = 0;
    refused[3].events_page_size = events_page_maximum + 1;
    for (const auto& options : refused) {
        auto report = a.round(options);
        ASSERT_FALSE(report.has_value());
        EXPECT_EQ(report.error().kind, ErrorKind::invalid_input) << report.error().message;
    }
}

TEST(SyncRound, AStoppedHubFailsAsOfflineAndTheNextRoundAfterItsRestartCompletes) {
    TempDir directory;
    TestHub hub;
    TestKiosk a(hub, "kiosk-a", true, directory);
    a.synced();
    a.check_in(fixture_code(0), utc_milliseconds(first_day, 9, 0));
    a.check_in(fixture_code(1), utc_milliseconds(first_day, 9, 1));

    hub.stop();
    auto failed = a.round();
    ASSERT_FALSE(failed.has_value());
    EXPECT_EQ(failed.error().kind, ErrorKind::io);
    EXPECT_TRUE(failed.error().message.starts_with("offline")) << failed.error().message;
    EXPECT_EQ(a.client().last_failure(), HubFailure::offline);
    EXPECT_EQ(a.backlog(), 2U);
    EXPECT_EQ(a.events_of(fixture_code(0)).size(), 1U);

    hub.start(); // the same port
    const auto report = a.synced();
    EXPECT_EQ(report.events_acknowledged, 2U);
    EXPECT_EQ(a.backlog(), 0U);
    EXPECT_EQ(a.client().last_failure(), HubFailure::none);
    EXPECT_EQ(hub.statistics().events, 2U);
}

TEST(SyncRound, AWrongTokenIsRefusedAndNothingIsMarked) {
    TempDir directory;
    TestHub hub;
    TestKiosk a(hub, "kiosk-a", true, directory);
    a.check_in(fixture_code(0), utc_milliseconds(first_day, 9, 0));
    auto stranger = make_client(hub.url(), "0123456789abcdef0123456789abcdef");

    auto health = stranger.health();
    ASSERT_FALSE(health.has_value());
    EXPECT_EQ(health.error().kind, ErrorKind::invalid_input);
    EXPECT_EQ(health.error().message,
              "the hub refused this kiosk's token — make a new one with kiosk-hub token new");
    EXPECT_EQ(stranger.last_failure(), HubFailure::refused_token);

    auto round = run_sync_round(a.mirror(), stranger);
    ASSERT_FALSE(round.has_value());
    EXPECT_EQ(stranger.last_failure(), HubFailure::refused_token);
    EXPECT_EQ(a.backlog(), 1U);
    EXPECT_EQ(hub.statistics().events, 0U);
}

// A hub replaced by a fresh one (its database lost and the roster imported again) is behind the kiosk's
// saved positions; the kiosk starts over instead of waiting for the hub to catch up, and uploads again
// nothing it already had acknowledged (that is the hub operators' restore, not the kiosk's).
TEST(SyncRound, AKioskStartsOverWithAHubThatWasReplaced) {
    TempDir directory;
    TestHub old_hub;
    TestKiosk a(old_hub, "kiosk-a", true, directory);
    for (std::size_t index = 0; index < 3; ++index) {
        a.check_in(fixture_code(index), utc_milliseconds(first_day, 9, static_cast<int>(index)));
    }
    EXPECT_EQ(a.synced().event_sequence, 3);

    TestHub new_hub;
    TestKiosk b(new_hub, "kiosk-b", true, directory);
    b.check_in(fixture_code(10), utc_milliseconds(first_day, 10, 0));
    b.synced();
    auto moved = make_client(new_hub.url(), new_hub.token_for("kiosk-a"));
    auto report = run_sync_round(a.mirror(), moved);
    ASSERT_TRUE(report.has_value()) << report.error().message;
    EXPECT_EQ(report->events_new, 1U); // b's check-in, at sequence 1 < the 3 a had seen
    EXPECT_EQ(a.find(fixture_code(10))->attendance.size(), 1U);
}

// A kiosk killed in the middle of uploading a large backlog loses nothing and sends nothing twice: what
// it marked uploaded the hub holds, and the next round uploads exactly the rest.
TEST(SyncRound, AKioskKilledMidSyncResumesWithoutLossOrDuplicates) {
    TempDir directory;
    TestHub hub;
    TestKiosk kiosk(hub, "kiosk-a", true, directory);
    constexpr std::size_t backlog = 10000;
    const auto rows = mirror_fixture::fixture_rows();
    {
        // Written in one transaction: 10,000 committed check-ins one by one would take minutes of fsync.
        mirror_fixture::RawConnection raw(kiosk.path());
        ASSERT_EQ(raw.execute("BEGIN"), std::nullopt);
        sqlite3_stmt* insert = nullptr;
        ASSERT_EQ(
            sqlite3_prepare_v2(raw.handle(),
                               "INSERT INTO checkin_events (id, delegate_code, kind, at_ms, day, kiosk_id, "
                               "operator, reason, uploaded) VALUES (?1, ?2, ?3, ?4, '2026-11-29', "
                               "'kiosk-a', 'self-service', ?5, 0)",
                               -1, &insert, nullptr),
            SQLITE_OK);
        for (std::size_t index = 0; index < backlog; ++index) {
            // One check-in per delegate, then reprints: no delegate is checked in twice.
            const bool checkin = index < mirror_fixture::fixture_size;
            const auto id = new_event_id();
            const auto& code = rows[index % rows.size()].code;
            sqlite3_bind_text(insert, 1, id.c_str(), -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(insert, 2, code.c_str(), -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(insert, 3, checkin ? "checkin" : "reprint", -1, SQLITE_STATIC);
            sqlite3_bind_int64(insert, 4,
                               utc_milliseconds(first_day, 8, 0) + static_cast<std::int64_t>(index) * 100);
            sqlite3_bind_text(insert, 5, checkin ? "" : "a smudged badge", -1, SQLITE_STATIC);
            ASSERT_EQ(sqlite3_step(insert), SQLITE_DONE) << sqlite3_errmsg(raw.handle());
            sqlite3_reset(insert);
        }
        sqlite3_finalize(insert);
        ASSERT_EQ(raw.execute("COMMIT"), std::nullopt);
    }
    EXPECT_EQ(kiosk.backlog(), backlog);
    const auto kiosk_ids = kiosk.event_ids();
    ASSERT_EQ(kiosk_ids.size(), backlog);
    // The child opens its own connection; SQLite connections must not cross a fork.
    kiosk.close();

    const std::string url = hub.url();
    const std::string token = kiosk.token();
    const auto path = kiosk.path();
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        // The child: one round in small batches, then out without running the parent's test machinery.
        auto mirror = Mirror::open(path);
        HubClientSettings settings;
        settings.base_url = url;
        settings.token = token;
        auto client = HubClient::create(settings);
        if (!mirror || !client) {
            ::_exit(2);
        }
        SyncRoundOptions options;
        options.batch_size = 25;
        auto report = run_sync_round(*mirror, *client, options);
        ::_exit(report ? 0 : 1);
    }

    // Kill it once a good part, but not all, of the backlog is on the hub.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    int status = 0;
    bool exited = false;
    while (std::chrono::steady_clock::now() < deadline) {
        if (hub.statistics().events >= 2500) {
            break;
        }
        if (::waitpid(child, &status, WNOHANG) == child) {
            exited = true;
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    if (!exited) {
        ::kill(child, SIGKILL);
        ASSERT_EQ(::waitpid(child, &status, 0), child);
    }
    ASSERT_TRUE(WIFSIGNALED(status)) << "the round ended before it could be killed (status " << status << ")";

    const auto hub_after_kill = ids_of(hub.all_events());
    EXPECT_LT(hub_after_kill.size(), backlog);
    kiosk.reopen();
    auto waiting = kiosk.mirror().events_to_upload(backlog);
    ASSERT_TRUE(waiting.has_value());
    std::set<std::string> marked = kiosk_ids;
    for (const auto& event : *waiting) {
        marked.erase(event.id);
    }
    // Marked uploaded only after the hub acknowledged: every marked event is on the hub.
    EXPECT_TRUE(std::includes(hub_after_kill.begin(), hub_after_kill.end(), marked.begin(), marked.end()));
    EXPECT_GT(marked.size(), 0U);

    SyncRoundOptions options;
    options.batch_size = 1000;
    options.events_page_size = 5000;
    const auto report = kiosk.synced(options);
    EXPECT_EQ(report.events_pushed, backlog - marked.size());
    EXPECT_EQ(kiosk.backlog(), 0U);
    const auto hub_events = hub.all_events();
    EXPECT_EQ(hub_events.size(), backlog);
    EXPECT_EQ(ids_of(hub_events), kiosk_ids);
    const auto statistics = hub.statistics();
    EXPECT_EQ(statistics.events, backlog);
    EXPECT_EQ(statistics.checked_in, mirror_fixture::fixture_size);
    EXPECT_EQ(statistics.duplicates, 0U);
}

// ---- the hub's rules (event_checks.hpp) ------------------------------------------------------------------

TEST(SyncRound, EventsTheHubRefusesLeaveTheQueueForGoodAndAreKeptWithTheirReason) {
    TempDir directory;
    TestHub hub;
    TestKiosk a(hub, "kiosk-a", true, directory);
    a.check_in(fixture_code(0), utc_milliseconds(first_day, 9, 0));
    // Events this kiosk's token has no right to: another kiosk's name, and a code the hub does not know.
    CheckinEvent forged;
    forged.id = "forged-kiosk";
    forged.delegate_code = fixture_code(1);
    forged.kind = EventKind::checkin;
    forged.at_milliseconds = utc_milliseconds(first_day, 9, 1);
    forged.day = first_day;
    forged.kiosk_id = "kiosk-b";
    ASSERT_TRUE(a.mirror().append_event(forged).has_value());
    CheckinEvent unknown = forged;
    unknown.id = "unknown-code";
    unknown.delegate_code = "NOWHERE-1";
    unknown.kiosk_id = "kiosk-a";
    ASSERT_TRUE(a.mirror().append_event(unknown).has_value());

    const auto report = a.synced();
    EXPECT_EQ(report.events_pushed, 3U);
    EXPECT_EQ(report.events_acknowledged, 1U);
    EXPECT_EQ(report.events_refused, 2U);
    EXPECT_EQ(a.backlog(), 0U);
    EXPECT_EQ(hub.statistics().events, 1U);
    EXPECT_EQ(a.mirror().refused_upload_count().value_or(0), 2U);
    auto refused = a.mirror().refused_uploads();
    ASSERT_TRUE(refused.has_value()) << refused.error().message;
    std::map<std::string, std::string> reasons;
    for (const auto& record : *refused) {
        reasons.emplace(record.event.id, record.reason);
    }
    EXPECT_EQ(reasons,
              (std::map<std::string, std::string>{
                  {"forged-kiosk", "the event's kiosk is not the kiosk its token belongs to"},
                  {"unknown-code", "the delegate is not on the roster and arrives as no walk-in with it"},
              }));
    // Not sent again: the next round has nothing to push.
    EXPECT_EQ(a.synced().events_pushed, 0U);
}

// A hub that serves what the test gives it: the event, a roster page that gains a walk-in from the second
// request on (a walk-in registered elsewhere after this kiosk's roster pull), and one page of events.
class ScriptedHub {
public:
    explicit ScriptedHub(std::vector<SequencedEvent> events, Delegate late_walk_in)
        : m_events(std::move(events)), m_walk_in(std::move(late_walk_in)) {
        m_hub.server().Get("/api/v1/health", [](const httplib::Request&, httplib::Response& response) {
            response.set_content(encode(HealthReply{"ok", "kiosk-a", 1, 100}), "application/json");
        });
        m_hub.server().Get("/api/v1/roster", [this](const httplib::Request&, httplib::Response& response) {
            RosterPage page;
            page.event = serock_event();
            page.roster_version = 1;
            if (m_roster_requests.fetch_add(1) > 0) {
                page.delegates = {m_walk_in};
            }
            response.set_content(encode(page), "application/json");
        });
        m_hub.server().Get("/api/v1/events",
                           [this](const httplib::Request& request, httplib::Response& response) {
                               EventsPage page;
                               page.last_sequence = 100;
                               if (request.get_param_value("since") == "0") {
                                   page.events = m_events;
                               }
                               response.set_content(encode(page), "application/json");
                           });
        m_hub.start();
    }
    std::string url() const { return m_hub.url(); }
    int roster_requests() const { return m_roster_requests.load(); }

private:
    std::vector<SequencedEvent> m_events;
    Delegate m_walk_in;
    std::atomic<int> m_roster_requests = 0;
    FakeHub m_hub; // last: stopped first, before what its handlers read
};

TEST(SyncRound, PulledEventsThatBreakTheRulesAreSkippedAndCountedNeverApplied) {
    TempDir directory;
    TestHub real_hub; // only for the kiosk's mirror and token; the rounds go to the scripted hub
    TestKiosk a(real_hub, "kiosk-a", true, directory);
    const auto checkin_at = [](std::string id, std::string code, std::string kiosk) {
        CheckinEvent event;
        event.id = std::move(id);
        event.delegate_code = std::move(code);
        event.kind = EventKind::checkin;
        event.at_milliseconds = utc_milliseconds(first_day, 10, 0);
        event.day = first_day;
        event.kiosk_id = std::move(kiosk);
        event.operator_name = "self-service";
        return event;
    };
    Delegate walk_in;
    walk_in.code = "W-LATE0001";
    walk_in.first_name = "Zofia";
    walk_in.last_name = "Nowa";
    walk_in.origin = DelegateOrigin::walk_in;
    walk_in.row_version = 1;

    // A day ahead of this kiosk's clock: the hub held it to its own clock, and a kiosk whose clock runs
    // slow must not drop another kiosk's fresh event for good.
    auto ahead = checkin_at("ahead-of-this-kiosk", fixture_code(1), "kiosk-b");
    ahead.at_milliseconds = utc_milliseconds(second_day, 12, 0);
    auto undo_of_nothing = checkin_at("undo-of-nothing", fixture_code(2), "kiosk-b");
    undo_of_nothing.kind = EventKind::undo;
    undo_of_nothing.undoes = "never-held";
    auto bidi = checkin_at("bidi", fixture_code(3), "kiosk-b");
    bidi.operator_name = "Anna\u202E";
    const std::vector<SequencedEvent> events = {
        {1, checkin_at("good", fixture_code(0), "kiosk-b")},
        {2, ahead},
        {3, undo_of_nothing},
        {4, bidi},
        {5, checkin_at("unknown", "NOWHERE-1", "kiosk-c")},
        {6, checkin_at("late-walk-in", "W-LATE0001", "kiosk-c")},
    };
    ScriptedHub hub(events, walk_in);
    HubClient client = make_client(hub.url(), a.token());
    SyncRoundOptions options;
    options.clock = [] {
        return utc_milliseconds(first_day, 12, 0);
    };
    auto report = run_sync_round(a.mirror(), client, options);
    ASSERT_TRUE(report.has_value()) << report.error().message;
    // The scripted hub has no /api/v1/kiosk-report (a hub from before health reports): 404, and the round
    // goes on without it.
    EXPECT_FALSE(report->health_reported);
    EXPECT_EQ(report->events_pulled, 6U);
    EXPECT_EQ(report->events_skipped, 3U);
    EXPECT_EQ(report->events_new, 3U);
    EXPECT_EQ(hub.roster_requests(), 2) << "the roster pulled again once, for the unknown codes";
    EXPECT_EQ(a.event_ids(), (std::set<std::string>{"good", "ahead-of-this-kiosk", "late-walk-in"}));
    EXPECT_EQ(a.find(fixture_code(0))->attendance.size(), 1U);
    EXPECT_EQ(a.find("W-LATE0001")->attendance.size(), 1U);
}

} // namespace
} // namespace checkin::sync
