// The embedded hub store on real SQLite files: the roster import and its pages, idempotent pushes, the
// hub's sequence, walk-ins, the statistics and the tokens.

// The hub stores — the embedded SQLite one and the PostgreSQL one — through the same tests, so both give
// the same results for the same calls: the roster import and its pages, idempotent pushes, the hub's
// sequence, walk-ins, the statistics and the tokens. Each PostgreSQL test gets a fresh database on a
// server the test process starts on loopback (hub_store_fixture.hpp).

#include "base/clock.hpp"
#include "base/digest.hpp"
#include "base/signature.hpp"
#include "sync/hub/hub_dashboard.hpp"
#include "sync/hub/hub_store.hpp"
#include "sync/hub/hub_store_factory.hpp"
#include "tests/sync/hub/hub_store_fixture.hpp"

#include <algorithm>
#include <atomic>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <set>
#include <thread>

namespace checkin::sync {
namespace {

using namespace hub_store_fixture;

// A store on the test's backend (the parameter), reopened at the same place on demand.
class HubStoreBackendTest : public testing::TestWithParam<std::string_view> {
protected:
    void SetUp() override {
        auto location = store_location(GetParam(), directory);
        ASSERT_TRUE(location.has_value()) << location.error();
        m_location = *location;
        open_store();
    }

    void open_store() {
        store.reset();
        auto opened = open_hub_store(m_location, clock());
        ASSERT_TRUE(opened.has_value()) << opened.error().message << ": " << opened.error().detail;
        store = std::move(*opened);
    }

    virtual HubClock clock() { return base::now_unix_milliseconds; }

    std::int64_t raw_integer(const std::string& sql) {
        return hub_store_fixture::raw_integer(GetParam(), m_location, sql);
    }

    TempDir directory;
    std::string m_location;
    std::unique_ptr<HubStore> store;
};

class HubStoreTest : public HubStoreBackendTest {
protected:
    void import_fixture(const std::vector<RosterEntry>& entries) {
        auto summary = store->import_roster(entries, serock_event());
        ASSERT_TRUE(summary.has_value()) << summary.error().message;
    }

    PushReply push(const std::vector<CheckinEvent>& events, const std::vector<Delegate>& walk_ins = {},
                   const std::string& kiosk = "kiosk-1") {
        auto reply = store->push(PushRequest{kiosk, events, walk_ins});
        EXPECT_TRUE(reply.has_value()) << (reply.has_value() ? "" : reply.error().message);
        return reply.value_or(PushReply{});
    }

    HubStatistics statistics() {
        auto result = store->statistics();
        EXPECT_TRUE(result.has_value()) << (result.has_value() ? "" : result.error().message);
        return result.value_or(HubStatistics{});
    }

    RosterPage roster(RosterCursor cursor, std::size_t limit) {
        auto page = store->roster_since(cursor, limit);
        EXPECT_TRUE(page.has_value()) << (page.has_value() ? "" : page.error().message);
        return page.value_or(RosterPage{});
    }

    EventsPage events(std::int64_t since, std::size_t limit) {
        auto page = store->events_since(since, limit);
        EXPECT_TRUE(page.has_value()) << (page.has_value() ? "" : page.error().message);
        return page.value_or(EventsPage{});
    }
};

// Signed codes' keys and revocations: kept in order, once each, within the maxima; a key removed is gone.
TEST_P(HubStoreTest, CodeKeysAndRevokedSerialsAreKeptOnceAndListedWhole) {
    const std::string first = base::format_public_key(base::generate_secret_key().public_key());
    const std::string second = base::format_public_key(base::generate_secret_key().public_key());
    EXPECT_EQ(store->code_lists().value(), CodeLists{});
    EXPECT_TRUE(store->add_code_key(first).value());
    EXPECT_TRUE(store->add_code_key(second).value());
    EXPECT_FALSE(store->add_code_key(first).value()) << "held already";
    EXPECT_EQ(store->revoke_serials({"bbbbbbbbbbbb", "aaaaaaaaaaaa", "bbbbbbbbbbbb"}).value(), 2U);
    EXPECT_EQ(store->revoke_serials({"aaaaaaaaaaaa", "cccccccccccc"}).value(), 1U);
    auto lists = store->code_lists().value();
    EXPECT_EQ(lists.public_keys.size(), 2U);
    EXPECT_EQ(std::set<std::string>(lists.public_keys.begin(), lists.public_keys.end()),
              (std::set<std::string>{first, second}));
    EXPECT_EQ(lists.revoked_serials,
              (std::vector<std::string>{"aaaaaaaaaaaa", "bbbbbbbbbbbb", "cccccccccccc"}));

    EXPECT_TRUE(store->remove_code_key(first).value());
    EXPECT_FALSE(store->remove_code_key(first).value());
    open_store(); // what another instance, or the next start, reads
    EXPECT_EQ(store->code_lists().value().public_keys, std::vector<std::string>{second});
    EXPECT_EQ(store->code_lists().value().revoked_serials.size(), 3U);
}

TEST_P(HubStoreTest, NoMoreCodeKeysThanAKioskTakes) {
    for (std::size_t index = 0; index < code_keys_maximum; ++index) {
        ASSERT_TRUE(
            store->add_code_key(base::format_public_key(base::generate_secret_key().public_key())).value());
    }
    auto refused = store->add_code_key(base::format_public_key(base::generate_secret_key().public_key()));
    ASSERT_FALSE(refused.has_value());
    EXPECT_EQ(refused.error().kind, ErrorKind::refused);
    EXPECT_NE(refused.error().message.find("remove one first"), std::string::npos) << refused.error().message;
    EXPECT_EQ(store->code_lists().value().public_keys.size(), code_keys_maximum);
}

INSTANTIATE_TEST_SUITE_P(Stores, HubStoreTest, testing::Values(sqlite_backend, postgresql_backend),
                         backend_name);

TEST_P(HubStoreTest, ImportsTheSerockRosterWithTheMirrorsImporter) {
    const auto entries = fixture_entries();
    ASSERT_EQ(entries.size(), fixture_size);
    auto summary = store->import_roster(entries, serock_event());
    ASSERT_TRUE(summary.has_value()) << summary.error().message;
    EXPECT_EQ(summary->added, fixture_size);
    EXPECT_EQ(summary->roster_version, 1);

    const auto page = roster({0, ""}, roster_page_maximum);
    EXPECT_EQ(page.delegates.size(), fixture_size);
    EXPECT_EQ(page.roster_version, 1);
    EXPECT_EQ(page.event.name, serock_event().name);
    EXPECT_EQ(page.event.days, serock_event().days);
    EXPECT_FALSE(page.next.has_value());

    // The rows are the fixture's, read independently of the importer.
    std::map<std::string, Delegate> served;
    for (const auto& delegate : page.delegates) {
        served.emplace(delegate.code, delegate);
    }
    for (const auto& row : fixture_rows()) {
        const auto found = served.find(row.code);
        ASSERT_NE(found, served.end()) << row.code;
        EXPECT_EQ(found->second.first_name, row.first_name);
        EXPECT_EQ(found->second.last_name, row.last_name);
        EXPECT_EQ(found->second.organisation, row.organisation);
        EXPECT_EQ(found->second.row_version, 1);
        EXPECT_EQ(found->second.origin, DelegateOrigin::roster);
    }

    // The same file again changes nothing and makes no new version.
    auto again = store->import_roster(entries, std::nullopt);
    ASSERT_TRUE(again.has_value()) << again.error().message;
    EXPECT_EQ(again->unchanged, fixture_size);
    EXPECT_EQ(again->roster_version, 1);
    EXPECT_EQ(statistics().delegates, fixture_size);
}

TEST_P(HubStoreTest, RosterPagesOfAHundredCoverEveryDelegateOnceInVersionAndCodeOrder) {
    import_fixture(fixture_entries());
    std::vector<Delegate> all;
    std::vector<std::size_t> page_sizes;
    RosterCursor cursor{0, ""};
    while (true) {
        const auto page = roster(cursor, 100);
        page_sizes.push_back(page.delegates.size());
        all.insert(all.end(), page.delegates.begin(), page.delegates.end());
        if (!page.next) {
            break;
        }
        EXPECT_EQ(page.next->since, page.delegates.back().row_version);
        EXPECT_EQ(page.next->after_code, page.delegates.back().code);
        cursor = *page.next;
        ASSERT_LE(page_sizes.size(), 10U) << "the pages never end";
    }
    EXPECT_EQ(page_sizes, (std::vector<std::size_t>{100, 100, 100, 20}));
    ASSERT_EQ(all.size(), fixture_size);
    std::set<std::string> codes;
    for (const auto& delegate : all) {
        codes.insert(delegate.code);
    }
    EXPECT_EQ(codes.size(), fixture_size);
    EXPECT_TRUE(std::is_sorted(all.begin(), all.end(), [](const Delegate& left, const Delegate& right) {
        return std::pair(left.row_version, lowercase(left.code)) <
               std::pair(right.row_version, lowercase(right.code));
    }));
}

TEST_P(HubStoreTest, AfterAReimportWithOneChangedRowTheNextVersionHoldsJustThatRow) {
    const std::string original = read_test_file("serock-roster.csv");
    import_fixture(parse_entries(original));
    const auto row = fixture_rows().at(41);
    std::string changed = original;
    const auto at = changed.find(row.code + "," + row.first_name + ",");
    ASSERT_NE(at, std::string::npos);
    changed.replace(at + row.code.size() + 1, row.first_name.size(), "Zmienione");

    auto summary = store->import_roster(parse_entries(changed), std::nullopt);
    ASSERT_TRUE(summary.has_value()) << summary.error().message;
    EXPECT_EQ(summary->updated, 1U);
    EXPECT_EQ(summary->roster_version, 2);

    const auto page = roster({1, ""}, 100);
    ASSERT_EQ(page.delegates.size(), 1U);
    EXPECT_EQ(page.delegates[0].code, row.code);
    EXPECT_EQ(page.delegates[0].first_name, "Zmienione");
    EXPECT_EQ(page.delegates[0].row_version, 2);
    EXPECT_EQ(page.roster_version, 2);
    EXPECT_FALSE(page.next.has_value());
    EXPECT_TRUE(roster({2, ""}, 100).delegates.empty());
}

// kiosk-hub cert new: one identity per store, replaced by a new one, the same for every instance on it.
TEST_P(HubStoreTest, KeepsOneTlsIdentityThatANewOneReplaces) {
    auto none = store->tls_identity();
    ASSERT_TRUE(none.has_value()) << none.error().message;
    EXPECT_FALSE(none->has_value());
    const TlsIdentity first{"-----BEGIN CERTIFICATE-----\nfirst\n", "-----BEGIN PRIVATE KEY-----\nfirst\n"};
    const TlsIdentity second{"-----BEGIN CERTIFICATE-----\nsecond\n",
                             "-----BEGIN PRIVATE KEY-----\nsecond\n"};
    ASSERT_TRUE(store->save_tls_identity(first).has_value());
    EXPECT_EQ(store->tls_identity().value_or(std::nullopt), std::optional<TlsIdentity>(first));
    ASSERT_TRUE(store->save_tls_identity(second).has_value());
    EXPECT_EQ(store->tls_identity().value_or(std::nullopt), std::optional<TlsIdentity>(second));
}

TEST_P(HubStoreTest, ARepeatedBatchIsAcknowledgedButStoredOnce) {
    import_fixture(fixture_entries());
    const auto rows = fixture_rows();
    const std::vector<CheckinEvent> batch = {event_for(rows[0].code, "e-1", "kiosk-1"),
                                             event_for(rows[1].code, "e-2", "kiosk-1"),
                                             event_for(rows[2].code, "e-3", "kiosk-1", second_day)};
    const auto first = push(batch);
    EXPECT_EQ(first.accepted, 3U);
    EXPECT_EQ(first.duplicates, 0U);
    EXPECT_EQ(first.acknowledged, (std::vector<std::string>{"e-1", "e-2", "e-3"}));

    const auto second = push(batch);
    EXPECT_EQ(second.accepted, 0U);
    EXPECT_EQ(second.duplicates, 3U);
    EXPECT_EQ(second.acknowledged, (std::vector<std::string>{"e-1", "e-2", "e-3"}));
    EXPECT_EQ(statistics().events, 3U);
    EXPECT_EQ(statistics().checked_in, 3U);

    // Partly new: the held ones are duplicates, the rest accepted with the next sequences.
    const auto partly = push({batch[1], event_for(rows[3].code, "e-4", "kiosk-1"), batch[2],
                              event_for(rows[4].code, "e-5", "kiosk-1")});
    EXPECT_EQ(partly.accepted, 2U);
    EXPECT_EQ(partly.duplicates, 2U);
    EXPECT_EQ(partly.acknowledged, (std::vector<std::string>{"e-2", "e-4", "e-3", "e-5"}));
    const auto page = events(0, 100);
    ASSERT_EQ(page.events.size(), 5U);
    EXPECT_EQ(page.events[3].event.id, "e-4");
    EXPECT_EQ(page.events[3].sequence, 4);
    EXPECT_EQ(page.events[4].event.id, "e-5");
    EXPECT_EQ(page.last_sequence, 5);

    // The same id twice in one request: one event, acknowledged once.
    const auto twice =
        push({event_for(rows[5].code, "e-6", "kiosk-1"), event_for(rows[5].code, "e-6", "kiosk-1")});
    EXPECT_EQ(twice.accepted, 1U);
    EXPECT_EQ(twice.duplicates, 1U);
    EXPECT_EQ(twice.acknowledged, (std::vector<std::string>{"e-6"}));
    EXPECT_EQ(statistics().events, 6U);
}

TEST_P(HubStoreTest, EventsComeInSequenceOrderPageByPageWhicheverKioskSentThem) {
    import_fixture(fixture_entries());
    const auto rows = fixture_rows();
    std::vector<std::string> pushed;
    for (int batch = 0; batch < 3; ++batch) {
        std::vector<CheckinEvent> events;
        for (int index = 0; index < 9; ++index) {
            const auto id = fmt::format("b{}-e{}", batch, index);
            events.push_back(event_for(rows[static_cast<std::size_t>(batch * 9 + index)].code, id,
                                       fmt::format("kiosk-{}", batch + 1)));
            pushed.push_back(id);
        }
        EXPECT_EQ(push(events, {}, fmt::format("kiosk-{}", batch + 1)).accepted, 9U);
    }
    std::vector<std::string> received;
    std::int64_t since = 0;
    int pages = 0;
    while (true) {
        const auto page = events(since, 10);
        ++pages;
        EXPECT_EQ(page.last_sequence, 27);
        for (const auto& sequenced : page.events) {
            EXPECT_GT(sequenced.sequence, since);
            since = sequenced.sequence;
            received.push_back(sequenced.event.id);
        }
        if (!page.more) {
            break;
        }
        ASSERT_EQ(page.events.size(), 10U);
        ASSERT_LT(pages, 10);
    }
    EXPECT_EQ(pages, 3);
    EXPECT_EQ(received, pushed);
    EXPECT_EQ(since, 27);
    EXPECT_TRUE(events(27, 10).events.empty());
    EXPECT_FALSE(events(27, 10).more);

    // Fields survive the trip: the third batch's first event came from kiosk-3.
    const auto page = events(18, 1);
    ASSERT_EQ(page.events.size(), 1U);
    EXPECT_EQ(page.events[0].event.kiosk_id, "kiosk-3");
    EXPECT_EQ(page.events[0].event.delegate_code, rows[18].code);
    EXPECT_EQ(page.events[0].event.day, first_day);
    EXPECT_EQ(page.events[0].event.operator_name, "self-service");
}

TEST_P(HubStoreTest, PushedWalkInsJoinTheRosterWithANewVersionOnce) {
    import_fixture(fixture_entries());
    const auto first = walk_in("W-7K3M9QXZ", "Łucja");
    const auto reply =
        push({event_for(first.code, "w-1", "kiosk-2")}, {first, walk_in("W-AAAAAAAA", "Jan")}, "kiosk-2");
    EXPECT_EQ(reply.walk_ins_added, 2U);
    EXPECT_EQ(reply.accepted, 1U);

    auto health = store->health("kiosk-2");
    ASSERT_TRUE(health.has_value()) << health.error().message;
    EXPECT_EQ(health->roster_version, 2);
    EXPECT_EQ(health->kiosk, "kiosk-2");
    EXPECT_EQ(health->last_sequence, 1);

    const auto page = roster({1, ""}, 100);
    ASSERT_EQ(page.delegates.size(), 2U);
    EXPECT_EQ(page.delegates[0].code, "W-7K3M9QXZ");
    EXPECT_EQ(page.delegates[0].first_name, "Łucja");
    EXPECT_EQ(page.delegates[0].origin, DelegateOrigin::walk_in);
    EXPECT_EQ(page.delegates[0].row_version, 2);
    EXPECT_EQ(page.delegates[1].code, "W-AAAAAAAA");
    EXPECT_EQ(statistics().delegates, fixture_size + 2);
    EXPECT_EQ(statistics().checked_in, 1U);

    // A code the hub holds (in any case) is left as it is, and no version is spent.
    const auto again = push({}, {walk_in("w-7k3m9qxz", "Someone Else")}, "kiosk-3");
    EXPECT_EQ(again.walk_ins_added, 0U);
    const auto unchanged = roster({1, ""}, 100);
    ASSERT_EQ(unchanged.delegates.size(), 2U);
    EXPECT_EQ(unchanged.delegates[0].first_name, "Łucja");
    EXPECT_EQ(unchanged.roster_version, 2);

    // A re-import leaves walk-ins alone, and its new version comes after theirs.
    auto summary = store->import_roster(fixture_entries(), std::nullopt);
    ASSERT_TRUE(summary.has_value()) << summary.error().message;
    EXPECT_EQ(summary->cancelled, 0U);
    EXPECT_EQ(statistics().delegates, fixture_size + 2);
}

TEST_P(HubStoreTest, StatisticsCountDuplicatesOncePerDelegateAndHonourUndos) {
    import_fixture(fixture_entries());
    const auto rows = fixture_rows();
    // Two kiosks cut off from each other both admitted rows[0] on the first day.
    const auto at_kiosk_1 = event_for(rows[0].code, "d-1", "kiosk-1");
    const auto at_kiosk_2 = event_for(rows[0].code, "d-2", "kiosk-2");
    push({at_kiosk_1}, {}, "kiosk-1");
    push({at_kiosk_2}, {}, "kiosk-2");
    auto counted = statistics();
    EXPECT_EQ(counted.duplicates, 1U);
    EXPECT_EQ(counted.checked_in, 1U);
    EXPECT_EQ(counted.events, 2U);
    EXPECT_EQ(counted.delegates, fixture_size);

    // A third admission of the same person, and once on each day for another: still one duplicate.
    push({event_for(rows[0].code, "d-3", "kiosk-3")}, {}, "kiosk-3");
    push({event_for(rows[1].code, "d-4", "kiosk-1"), event_for(rows[1].code, "d-5", "kiosk-1", second_day),
          event_for(rows[2].code, "d-6", "kiosk-1", first_day, EventKind::print)});
    counted = statistics();
    EXPECT_EQ(counted.duplicates, 1U);
    EXPECT_EQ(counted.checked_in, 2U);
    EXPECT_EQ(counted.events, 6U);

    // Undoing two of the three leaves one standing: no duplicate, still checked in.
    push({undo_of(at_kiosk_2, "d-7")}, {}, "kiosk-2");
    push({undo_of(event_for(rows[0].code, "d-3", "kiosk-3"), "d-8")}, {}, "kiosk-3");
    counted = statistics();
    EXPECT_EQ(counted.duplicates, 0U);
    EXPECT_EQ(counted.checked_in, 2U);
    EXPECT_EQ(counted.events, 8U);
}

// The reasons a push's refusals carry, by rule (event_checks.hpp).
const std::string wrong_kiosk = "the event's kiosk is not the kiosk its token belongs to";
const std::string not_on_roster = "the delegate is not on the roster and arrives as no walk-in with it";
const std::string undo_of_nothing = "the undo names no check-in of the same delegate";
const std::string outside_days =
    "the event's day lies outside the event's days (one day either side allowed)";
const std::string in_the_future = "the event's time is more than 10 minutes ahead of the receiver's clock";

TEST_P(HubStoreTest, ForgedEventsAreRefusedByNameAndTheRestStored) {
    import_fixture(fixture_entries());
    const auto rows = fixture_rows();
    const auto good = event_for(rows[0].code, "good-1", "kiosk-1");
    auto other_kiosk = event_for(rows[1].code, "forged-kiosk", "kiosk-2");
    auto unknown_code = event_for("NOWHERE-1", "unknown-code", "kiosk-1");
    auto too_early = event_for(rows[2].code, "too-early", "kiosk-1",
                               Day{std::chrono::year{2026}, std::chrono::November, std::chrono::day{20}});
    auto future = event_for(rows[3].code, "future", "kiosk-1");
    future.at_milliseconds = base::now_unix_milliseconds() + 11 * 60 * 1000;
    auto long_reason = undo_of(good, "long-reason");
    long_reason.reason = std::string(201, 'x');
    auto bidi_operator = event_for(rows[4].code, "bidi-operator", "kiosk-1");
    bidi_operator.operator_name = "Anna\u202Eanruk";
    auto control_operator = event_for(rows[4].code, "control-operator", "kiosk-1");
    control_operator.operator_name = "Anna\x1b[2J";
    // An undo of someone else's check-in, and one of a check-in nobody holds.
    auto undo_of_other = undo_of(good, "undo-other");
    undo_of_other.delegate_code = rows[5].code;
    auto undo_of_missing = undo_of(event_for(rows[6].code, "never-sent", "kiosk-1"), "undo-missing");
    // A check-in and its undo in the same push are fine.
    const auto undo_same_push = undo_of(good, "undo-good");

    const auto reply = push({good, other_kiosk, unknown_code, too_early, future, long_reason, bidi_operator,
                             control_operator, undo_of_other, undo_of_missing, undo_same_push});
    const std::vector<RefusedEvent> expected = {
        {"forged-kiosk", wrong_kiosk},
        {"unknown-code", not_on_roster},
        {"too-early", outside_days},
        {"future", in_the_future},
        {"long-reason", "the reason is longer than 200 characters"},
        {"bidi-operator", "the operator holds characters that reorder text"},
        {"control-operator", "the operator holds control characters"},
        {"undo-other", undo_of_nothing},
        {"undo-missing", undo_of_nothing},
    };
    EXPECT_EQ(reply.refused, expected);
    EXPECT_EQ(reply.acknowledged, (std::vector<std::string>{"good-1", "undo-good"}));
    EXPECT_EQ(reply.accepted, 2U);
    const auto page = events(0, 20);
    ASSERT_EQ(page.events.size(), 2U);
    EXPECT_EQ(page.events[0].event.id, "good-1");
    EXPECT_EQ(page.events[1].event.id, "undo-good");

    // An undo of a check-in the hub already holds, from the same kiosk, is stored; the day before the
    // event and the day after it are allowed.
    auto day_before = event_for(rows[7].code, "day-before", "kiosk-1",
                                Day{std::chrono::year{2026}, std::chrono::November, std::chrono::day{28}});
    const auto later =
        push({undo_of(event_for(rows[0].code, "good-1", "kiosk-1"), "undo-later"), day_before});
    EXPECT_TRUE(later.refused.empty()) << later.refused.front().reason;
    EXPECT_EQ(later.accepted, 2U);
}

TEST_P(HubStoreTest, AWalkInInTheSamePushPutsItsCodeOnTheRosterAndARefusedOneRefusesItsEvents) {
    import_fixture(fixture_entries());
    auto good = walk_in("W-GOOD0001", "Ewa");
    auto too_long = walk_in("W-LONG0001", std::string(101, 'a'));
    auto bidi = walk_in("W-BIDI0001", "Ewa\u2066");
    const auto reply =
        push({event_for("w-good0001", "e-good", "kiosk-1"), event_for("W-LONG0001", "e-long", "kiosk-1"),
              event_for("W-BIDI0001", "e-bidi", "kiosk-1")},
             {good, too_long, bidi});
    EXPECT_EQ(reply.walk_ins_added, 1U);
    const std::vector<RefusedEvent> expected = {
        {"e-long", "its walk-in was refused: the first name is longer than 100 characters"},
        {"e-bidi", "its walk-in was refused: the first name holds characters that reorder text"},
    };
    EXPECT_EQ(reply.refused, expected);
    EXPECT_EQ(reply.acknowledged, std::vector<std::string>{"e-good"});
    EXPECT_EQ(statistics().delegates, fixture_size + 1);
}

TEST_P(HubStoreTest, ARequestThatCannotBeAnsweredEventByEventIsRefusedWhole) {
    import_fixture(fixture_entries());
    const auto rows = fixture_rows();
    auto empty_id = store->push(PushRequest{"kiosk-1", {event_for(rows[1].code, "", "kiosk-1")}, {}});
    ASSERT_FALSE(empty_id.has_value());
    EXPECT_EQ(empty_id.error().message, "events[0].id: empty");

    std::vector<CheckinEvent> too_many(push_batch_maximum + 1, event_for(rows[1].code, "x", "kiosk-1"));
    auto too_large = store->push(PushRequest{"kiosk-1", too_many, {}});
    ASSERT_FALSE(too_large.has_value());
    EXPECT_EQ(too_large.error().kind, ErrorKind::invalid_input);
    EXPECT_EQ(statistics().events, 0U);
}

TEST_P(HubStoreTest, TokensAreRandomStoredOnlyAsDigestsAndNameTheirKiosk) {
    auto first = store->create_token("kiosk-1");
    auto second = store->create_token("kiosk-1");
    auto other = store->create_token("Wejście B");
    ASSERT_TRUE(first.has_value()) << first.error().message;
    ASSERT_TRUE(second.has_value() && other.has_value());
    EXPECT_EQ(first->size(), 64U);
    EXPECT_TRUE(std::all_of(first->begin(), first->end(),
                            [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }));
    EXPECT_NE(*first, *second);

    EXPECT_EQ(store->token_holder(*first).value_or(std::nullopt),
              std::optional<TokenHolder>(TokenHolder{"kiosk-1", TokenRole::kiosk}));
    EXPECT_EQ(store->token_holder(*second).value_or(std::nullopt),
              std::optional<TokenHolder>(TokenHolder{"kiosk-1", TokenRole::kiosk}));
    EXPECT_EQ(store->token_holder(*other).value_or(std::nullopt),
              std::optional<TokenHolder>(TokenHolder{"Wejście B", TokenRole::kiosk}));
    std::string wrong = *first;
    wrong[10] = wrong[10] == 'a' ? 'b' : 'a';
    auto unknown = store->token_holder(wrong);
    ASSERT_TRUE(unknown.has_value());
    EXPECT_FALSE(unknown->has_value());
    EXPECT_FALSE(store->token_holder("").value_or(TokenHolder{}).has_value());
    EXPECT_FALSE(store->token_holder("not a token").value_or(TokenHolder{}).has_value());

    EXPECT_EQ(raw_integer("SELECT COUNT(*) FROM hub_tokens"), 3);
    EXPECT_EQ(raw_integer("SELECT COUNT(*) FROM hub_tokens WHERE token_sha256 = '" + *first + "'"), 0);
    EXPECT_EQ(raw_integer("SELECT COUNT(*) FROM hub_tokens WHERE length(token_sha256) = 64"), 3);

    auto nameless = store->create_token("");
    ASSERT_FALSE(nameless.has_value());
    EXPECT_EQ(nameless.error().kind, ErrorKind::invalid_input);
    EXPECT_FALSE(store->create_token("kiosk\n1").has_value());
}

// Enrolment by QR: a secret made at `now` is worth one kiosk token for 15 minutes; only its digest is kept.
TEST_P(HubStoreTest, AnEnrolmentSecretIsWorthOneKioskTokenOnce) {
    constexpr std::int64_t made_at = 1'780'000'000'000;
    auto secret = store->create_enrolment("kiosk-7", made_at);
    ASSERT_TRUE(secret.has_value()) << secret.error().message;
    EXPECT_EQ(secret->size(), enrolment_secret_hex_digits);
    EXPECT_EQ(raw_integer("SELECT COUNT(*) FROM hub_enrolments WHERE secret_sha256 = '" + *secret + "'"), 0);
    EXPECT_EQ(raw_integer("SELECT COUNT(*) FROM hub_enrolments WHERE length(secret_sha256) = 64"), 1);

    auto reply = store->redeem_enrolment(*secret, made_at + enrolment_validity_milliseconds - 1);
    ASSERT_TRUE(reply.has_value()) << reply.error().message;
    EXPECT_EQ(reply->kiosk, "kiosk-7");
    EXPECT_EQ(store->token_holder(reply->token).value_or(std::nullopt),
              std::optional<TokenHolder>(TokenHolder{"kiosk-7", TokenRole::kiosk}));

    auto again = store->redeem_enrolment(*secret, made_at + 1);
    ASSERT_FALSE(again.has_value());
    EXPECT_EQ(again.error().kind, ErrorKind::refused);
    EXPECT_EQ(again.error().detail, enrolment_used_detail);
    EXPECT_EQ(raw_integer("SELECT COUNT(*) FROM hub_tokens"), 1);
}

TEST_P(HubStoreTest, UnknownAndExpiredEnrolmentSecretsAreRefusedWithTheSameSentence) {
    constexpr std::int64_t made_at = 1'780'000'000'000;
    auto secret = store->create_enrolment("kiosk-8", made_at);
    ASSERT_TRUE(secret.has_value()) << secret.error().message;

    auto late = store->redeem_enrolment(*secret, made_at + enrolment_validity_milliseconds);
    ASSERT_FALSE(late.has_value());
    EXPECT_EQ(late.error().kind, ErrorKind::refused);
    EXPECT_EQ(late.error().detail, enrolment_expired_detail);

    std::string wrong = *secret;
    wrong[3] = wrong[3] == 'a' ? 'b' : 'a';
    for (const std::string& unknown :
         {wrong, std::string(), std::string("not a secret"), std::string(5000, 'f')}) {
        auto refused = store->redeem_enrolment(unknown, made_at);
        ASSERT_FALSE(refused.has_value());
        EXPECT_EQ(refused.error().kind, ErrorKind::refused);
        EXPECT_EQ(refused.error().detail, enrolment_unknown_detail);
        EXPECT_EQ(refused.error().message, late.error().message);
        EXPECT_EQ(refused.error().message.find(*secret), std::string::npos);
    }
    EXPECT_EQ(raw_integer("SELECT COUNT(*) FROM hub_tokens"), 0);

    auto nameless = store->create_enrolment("", made_at);
    ASSERT_FALSE(nameless.has_value());
    EXPECT_EQ(nameless.error().kind, ErrorKind::invalid_input);
    EXPECT_FALSE(store->create_enrolment("kiosk\n1", made_at).has_value());
}

// A store whose clock the test moves.
class HubStoreClockTest : public HubStoreBackendTest {
protected:
    HubClock clock() override {
        return [this] {
            return now.load();
        };
    }

    std::string token(std::string kiosk, TokenRole role = TokenRole::kiosk,
                      std::optional<Day> last_day = std::nullopt) {
        auto made = store->issue_token(TokenRequest{std::move(kiosk), role, last_day});
        EXPECT_TRUE(made.has_value()) << (made.has_value() ? "" : made.error().message);
        return made.value_or("");
    }

    std::optional<TokenHolder> holder(const std::string& secret) {
        auto found = store->token_holder(secret);
        EXPECT_TRUE(found.has_value()) << (found.has_value() ? "" : found.error().message);
        return found.value_or(std::nullopt);
    }

    static constexpr Day december_first{std::chrono::year{2026}, std::chrono::December, std::chrono::day{1}};
    static constexpr Day december_second{std::chrono::year{2026}, std::chrono::December, std::chrono::day{2}};

    // Noon UTC: the same calendar day in every zone from UTC-11 to UTC+11, whatever zone runs the test.
    std::atomic<std::int64_t> now = utc_milliseconds(december_first, 12, 0);
};

INSTANTIATE_TEST_SUITE_P(Stores, HubStoreClockTest, testing::Values(sqlite_backend, postgresql_backend),
                         backend_name);

TEST_P(HubStoreClockTest, TokensCarryTheirRole) {
    const auto kiosk = token("kiosk-1");
    const auto dashboard = token("screen", TokenRole::dashboard);
    const auto organiser = token("Anna's laptop", TokenRole::organiser);
    EXPECT_EQ(holder(kiosk), std::optional<TokenHolder>(TokenHolder{"kiosk-1", TokenRole::kiosk}));
    EXPECT_EQ(holder(dashboard), std::optional<TokenHolder>(TokenHolder{"screen", TokenRole::dashboard}));
    EXPECT_EQ(holder(organiser),
              std::optional<TokenHolder>(TokenHolder{"Anna's laptop", TokenRole::organiser}));
    EXPECT_EQ(to_string(TokenRole::organiser), "organiser");
    EXPECT_EQ(token_role_from("dashboard"), std::optional<TokenRole>(TokenRole::dashboard));
    EXPECT_EQ(token_role_from("admin"), std::nullopt);
}

// ---- Kiosk health ----

KioskReport report_of(std::string kiosk, std::size_t backlog) {
    KioskReport report;
    report.kiosk = std::move(kiosk);
    report.version = "0.1.0";
    report.backlog = backlog;
    report.printer = PrinterCondition::problem;
    report.printer_problems = {"no_media", "cover_open"};
    report.labels_left = 0;
    report.scanners = 2;
    report.last_scan_at_milliseconds = 1'795'950'000'123;
    return report;
}

TEST_P(HubStoreClockTest, KeepsEachKiosksLatestReportStampedWithItsClock) {
    auto none = store->kiosk_health();
    ASSERT_TRUE(none.has_value()) << none.error().message;
    EXPECT_TRUE(none->empty());

    const std::int64_t first_contact = now.load();
    auto recorded = store->record_kiosk_report(report_of("kiosk-2", 4));
    ASSERT_TRUE(recorded.has_value()) << recorded.error().message << ": " << recorded.error().detail;
    EXPECT_EQ(*recorded, first_contact);

    KioskReport bare;
    bare.kiosk = "kiosk-1";
    bare.version = "0.1.0";
    now += 1000;
    ASSERT_TRUE(store->record_kiosk_report(bare).has_value());
    now += 30'000;
    KioskReport later = report_of("kiosk-2", 1);
    later.printer = PrinterCondition::ready;
    later.printer_problems.clear();
    later.labels_left = 57;
    ASSERT_TRUE(store->record_kiosk_report(later).has_value());

    auto kiosks = store->kiosk_health();
    ASSERT_TRUE(kiosks.has_value()) << kiosks.error().message;
    ASSERT_EQ(kiosks->size(), 2U);
    EXPECT_EQ((*kiosks)[0], (KioskHealth{bare, first_contact + 1000}));
    EXPECT_FALSE((*kiosks)[0].report.labels_left.has_value());
    EXPECT_FALSE((*kiosks)[0].report.last_scan_at_milliseconds.has_value());
    EXPECT_EQ((*kiosks)[1], (KioskHealth{later, first_contact + 31'000}));
    EXPECT_EQ(raw_integer("SELECT COUNT(*) FROM hub_kiosk_reports"), 2);
}

TEST_P(HubStoreClockTest, AReportsPrinterProblemsComeBackInTheirOrder) {
    ASSERT_TRUE(store->record_kiosk_report(report_of("kiosk-1", 0)).has_value());
    open_store(); // from the database, not from anything the store kept in memory
    auto kiosks = store->kiosk_health();
    ASSERT_TRUE(kiosks.has_value()) << kiosks.error().message;
    ASSERT_EQ(kiosks->size(), 1U);
    EXPECT_EQ((*kiosks)[0].report.printer_problems, (std::vector<std::string>{"no_media", "cover_open"}));
    EXPECT_EQ((*kiosks)[0].report, report_of("kiosk-1", 0));
}

TEST_P(HubStoreClockTest, AnExpiringTokenHoldsThroughItsLastDayAndIsRefusedTheDayAfter) {
    const auto expiring = token("kiosk-1", TokenRole::kiosk, december_first);
    const auto lasting = token("kiosk-2");
    EXPECT_TRUE(holder(expiring).has_value());
    now = utc_milliseconds(december_first, 23, 59) - 12 * 3600 * 1000; // still the first, anywhere
    EXPECT_TRUE(holder(expiring).has_value());
    now = utc_milliseconds(december_second, 12, 0);
    EXPECT_FALSE(holder(expiring).has_value()) << "expired, and refused on the very next look-up";
    EXPECT_TRUE(holder(lasting).has_value());
}

TEST_P(HubStoreClockTest, RevokingANameRefusesEveryTokenOfItAtOnceAndCountsThem) {
    const auto first = token("kiosk-1");
    const auto second = token("kiosk-1", TokenRole::dashboard);
    const auto other = token("kiosk-2");
    ASSERT_TRUE(holder(first).has_value());

    now += 60'000;
    auto revoked = store->revoke_tokens("kiosk-1");
    ASSERT_TRUE(revoked.has_value()) << revoked.error().message;
    EXPECT_EQ(*revoked, 2U);
    EXPECT_FALSE(holder(first).has_value());
    EXPECT_FALSE(holder(second).has_value());
    EXPECT_TRUE(holder(other).has_value());

    // Again: nothing left to revoke; an unknown name: nothing either.
    EXPECT_EQ(store->revoke_tokens("kiosk-1").value_or(99), 0U);
    EXPECT_EQ(store->revoke_tokens("Kiosk-2").value_or(99), 0U) << "names are exact";
    EXPECT_TRUE(holder(other).has_value());
}

TEST_P(HubStoreClockTest, TheListShowsEveryTokenWithoutItsSecret) {
    const auto first = token("kiosk-1");
    now += 1000;
    token("screen", TokenRole::dashboard, december_second);
    now += 1000;
    ASSERT_EQ(store->revoke_tokens("kiosk-1").value_or(0), 1U);

    auto listed = store->list_tokens();
    ASSERT_TRUE(listed.has_value()) << listed.error().message;
    const auto start = utc_milliseconds(december_first, 12, 0);
    const std::vector<TokenListing> expected = {
        {"kiosk-1", TokenRole::kiosk, start, std::nullopt, start + 2000},
        {"screen", TokenRole::dashboard, start + 1000, december_second, std::nullopt},
    };
    EXPECT_EQ(*listed, expected);
    (void)first;
}

TEST_P(HubStoreTest, ConcurrentPushesFromThreeThreadsLoseAndDoubleNothing) {
    import_fixture(fixture_entries());
    const auto rows = fixture_rows();
    constexpr int batches = 20;
    constexpr int per_batch = 10;
    std::vector<std::thread> threads;
    std::atomic<int> failures = 0;
    for (int kiosk = 0; kiosk < 3; ++kiosk) {
        threads.emplace_back([&, kiosk] {
            for (int batch = 0; batch < batches; ++batch) {
                std::vector<CheckinEvent> events;
                for (int index = 0; index < per_batch; ++index) {
                    const auto row = static_cast<std::size_t>((kiosk * 100 + batch * 5 + index) % 320);
                    events.push_back(event_for(rows[row].code,
                                               fmt::format("k{}-b{}-e{}", kiosk, batch, index),
                                               fmt::format("kiosk-{}", kiosk)));
                }
                // Every batch is sent twice, as after a lost reply.
                for (int attempt = 0; attempt < 2; ++attempt) {
                    auto reply = store->push(PushRequest{fmt::format("kiosk-{}", kiosk), events, {}});
                    if (!reply || reply->acknowledged.size() != per_batch ||
                        reply->accepted != (attempt == 0 ? per_batch : 0U)) {
                        ++failures;
                    }
                }
            }
        });
    }
    for (auto& thread : threads) {
        thread.join();
    }
    EXPECT_EQ(failures, 0);
    constexpr std::size_t total = 3 * batches * per_batch;
    EXPECT_EQ(statistics().events, total);
    const auto page = events(0, total + 10);
    ASSERT_EQ(page.events.size(), total);
    for (std::size_t index = 0; index < total; ++index) {
        EXPECT_EQ(page.events[index].sequence, static_cast<std::int64_t>(index + 1)) << "a gap or a repeat";
    }
}

TEST_P(HubStoreTest, EverythingSurvivesReopening) {
    import_fixture(fixture_entries());
    const auto rows = fixture_rows();
    push({event_for(rows[7].code, "r-1", "kiosk-1")});
    auto token = store->create_token("kiosk-1");
    ASSERT_TRUE(token.has_value());
    store.reset();

    open_store();
    EXPECT_EQ(store->token_holder(*token).value_or(std::nullopt),
              std::optional<TokenHolder>(TokenHolder{"kiosk-1", TokenRole::kiosk}));
    EXPECT_EQ(push({event_for(rows[8].code, "r-2", "kiosk-1")}).accepted, 1U);
    const auto page = events(0, 10);
    ASSERT_EQ(page.events.size(), 2U);
    EXPECT_EQ(page.events[1].sequence, 2);
}

} // namespace
} // namespace checkin::sync
