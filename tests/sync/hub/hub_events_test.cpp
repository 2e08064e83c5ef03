// Many events on one hub (issue 16, item 4), on both stores: events as rows, the first one holding what a
// hub had before, each event's own roster import, codes that belong to one event, and the command line's
// choice of event.

#include "base/clock.hpp"
#include "sync/hub/hub_store.hpp"
#include "sync/hub/hub_store_factory.hpp"
#include "tests/sync/hub/hub_events_fixture.hpp"
#include "tests/sync/hub/hub_store_fixture.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <map>
#include <set>

namespace checkin::sync {
namespace {

using namespace hub_store_fixture;
using namespace hub_events_fixture;

class HubEventsTest : public testing::TestWithParam<std::string_view> {
protected:
    void SetUp() override {
        auto location = store_location(GetParam(), directory);
        ASSERT_TRUE(location.has_value()) << location.error();
        m_location = *location;
        open_store();
    }

    void open_store() {
        store.reset();
        auto opened = open_hub_store(m_location);
        ASSERT_TRUE(opened.has_value()) << opened.error().message << ": " << opened.error().detail;
        store = std::move(*opened);
    }

    std::vector<HubEvent> events() {
        auto listed = store->list_events();
        EXPECT_TRUE(listed.has_value()) << (listed ? "" : listed.error().message);
        return listed.value_or(std::vector<HubEvent>{});
    }

    // Every code of the first event's roster pages (the pages kiosks pull), read to the end.
    std::set<std::string> first_event_codes() {
        std::set<std::string> codes;
        RosterCursor cursor{0, ""};
        for (;;) {
            auto page = store->roster_since(cursor, roster_page_maximum);
            EXPECT_TRUE(page.has_value()) << (page ? "" : page.error().message);
            if (!page) {
                return codes;
            }
            for (const auto& delegate : page->delegates) {
                codes.insert(delegate.code);
            }
            if (!page->next) {
                return codes;
            }
            cursor = *page->next;
        }
    }

    HubEvent make_lublin() {
        auto made = store->create_event(lublin_request());
        EXPECT_TRUE(made.has_value()) << (made ? "" : made.error().message);
        return made.value_or(HubEvent{});
    }

    TempDir directory;
    std::string m_location;
    std::unique_ptr<HubStore> store;
};

INSTANTIATE_TEST_SUITE_P(Stores, HubEventsTest, testing::Values(sqlite_backend, postgresql_backend),
                         backend_name);

TEST_P(HubEventsTest, AHubStartsWithItsFirstEventWhichTheSingleEventImportNames) {
    EXPECT_EQ(events(), (std::vector<HubEvent>{
                            HubEvent{first_event_id, std::string(first_event_slug), "", "", {}, ""}}));
    ASSERT_TRUE(store->import_roster(fixture_entries(), serock_event()).has_value());
    const auto listed = events();
    ASSERT_EQ(listed.size(), 1U);
    EXPECT_EQ(listed[0].name, serock_event().name);
    EXPECT_EQ(listed[0].days, serock_event().days);
    // Kiosks of the first event pull its name and days as before.
    auto page = store->roster_since(RosterCursor{0, ""}, 1);
    ASSERT_TRUE(page.has_value());
    EXPECT_EQ(page->event, serock_event());
}

TEST_P(HubEventsTest, NewEventsAreNumberedListedInOrderAndKeptAcrossReopening) {
    const HubEvent lublin = make_lublin();
    EXPECT_EQ(lublin.id, 2);
    EXPECT_EQ(lublin.slug, "lublin-2026");
    EXPECT_EQ(lublin.english_name, "CWD seminar in Lublin");
    EXPECT_EQ(lublin.venue, "Hotel Victoria, Lublin");
    EventRequest plock{"plock-2027", "Seminarium CWD Płock", "", {lublin_second_day}, ""};
    auto made = store->create_event(plock);
    ASSERT_TRUE(made.has_value()) << made.error().message;
    EXPECT_EQ(made->id, 3);

    open_store(); // what another instance, or the next start, reads
    const auto listed = events();
    ASSERT_EQ(listed.size(), 3U);
    EXPECT_EQ(listed[0].slug, first_event_slug);
    EXPECT_EQ(listed[1], lublin);
    EXPECT_EQ(listed[2], (HubEvent{3, "plock-2027", "Seminarium CWD Płock", "", {lublin_second_day}, ""}));
}

TEST_P(HubEventsTest, ABadOrHeldSlugAnEmptyNameAndNoDaysAreRefused) {
    make_lublin();
    auto held = store->create_event(lublin_request());
    ASSERT_FALSE(held.has_value());
    EXPECT_EQ(held.error().kind, ErrorKind::refused);
    EXPECT_NE(held.error().message.find("lublin-2026 already"), std::string::npos) << held.error().message;

    for (const std::string& slug : std::vector<std::string>{"", "Lublin-2027", "-lublin", "lublin 2027",
                                                            "lublin_2027", "łódź", std::string(41, 'a')}) {
        auto request = lublin_request();
        request.slug = slug;
        auto refused = store->create_event(request);
        ASSERT_FALSE(refused.has_value()) << slug;
        EXPECT_EQ(refused.error().kind, ErrorKind::invalid_input) << slug;
        EXPECT_NE(refused.error().message.find("serock-2026"), std::string::npos) << refused.error().message;
    }
    auto request = lublin_request();
    request.slug = "torun-2027";
    request.name = "";
    EXPECT_EQ(store->create_event(request).error().kind, ErrorKind::invalid_input);
    request.name = "Toruń\n2027";
    EXPECT_NE(store->create_event(request).error().message.find("control characters"), std::string::npos);
    request.name = "Toruń 2027";
    request.days = {};
    EXPECT_NE(store->create_event(request).error().message.find("days"), std::string::npos);
    EXPECT_EQ(events().size(), 2U) << "nothing refused was stored";
}

TEST_P(HubEventsTest, EachEventsImportAddsAndCancelsOnlyItsOwnDelegates) {
    ASSERT_TRUE(store->import_roster(fixture_entries(), serock_event()).has_value());
    const HubEvent lublin = make_lublin();
    auto lublin_import =
        store->import_event_roster(lublin.id, parse_entries(lublin_roster, lublin_event()), std::nullopt);
    ASSERT_TRUE(lublin_import.has_value()) << lublin_import.error().message;
    EXPECT_EQ(lublin_import->added, 3U);
    EXPECT_EQ(lublin_import->cancelled, 0U) << "Serock's delegates are not on Lublin's roster, nor cancelled";

    // Serock again, whole: nothing of Lublin's is cancelled or touched.
    auto serock_again = store->import_roster(fixture_entries(), std::nullopt);
    ASSERT_TRUE(serock_again.has_value()) << serock_again.error().message;
    EXPECT_EQ(serock_again->unchanged, fixture_size);
    EXPECT_EQ(serock_again->added + serock_again->updated + serock_again->cancelled, 0U);

    // Lublin without its third delegate: exactly that one is cancelled.
    const std::string shorter(lublin_roster.substr(0, lublin_roster.rfind("LUB-AAAA0003")));
    auto lublin_shorter =
        store->import_event_roster(lublin.id, parse_entries(shorter, lublin_event()), std::nullopt);
    ASSERT_TRUE(lublin_shorter.has_value()) << lublin_shorter.error().message;
    EXPECT_EQ(lublin_shorter->cancelled, 1U);
    EXPECT_EQ(lublin_shorter->unchanged, 2U);

    // The first event's pages (what its kiosks pull) hold Serock's codes and none of Lublin's.
    const auto codes = first_event_codes();
    EXPECT_EQ(codes.size(), fixture_size);
    EXPECT_FALSE(codes.contains("LUB-AAAA0001"));
}

TEST_P(HubEventsTest, AnImportNamingAnotherEventsCodeIsRefusedWhole) {
    ASSERT_TRUE(store->import_roster(fixture_entries(), serock_event()).has_value());
    const HubEvent lublin = make_lublin();
    // The second Lublin line carries a Serock code (lower case: codes match with case ignored).
    const std::string serock_code = fixture_rows().at(5).code;
    std::string roster(lublin_roster);
    roster += fmt::format("{},Adam,Nowy,Uczestnik,15.10.2026\n", lowercase(serock_code));
    auto refused = store->import_event_roster(lublin.id, parse_entries(roster, lublin_event()), std::nullopt);
    ASSERT_FALSE(refused.has_value());
    EXPECT_EQ(refused.error().kind, ErrorKind::refused);
    EXPECT_NE(refused.error().message.find("1 code(s) of this roster, the first on line 5, belong to another "
                                           "event"),
              std::string::npos)
        << refused.error().message;
    EXPECT_EQ(refused.error().message.find(serock_code), std::string::npos) << "no whole code in the message";
    // Nothing of it was stored: the same roster without that line adds all three.
    auto lublin_import =
        store->import_event_roster(lublin.id, parse_entries(lublin_roster, lublin_event()), std::nullopt);
    ASSERT_TRUE(lublin_import.has_value()) << lublin_import.error().message;
    EXPECT_EQ(lublin_import->added, 3U);
    EXPECT_EQ(lublin_import->roster_version, 2);
}

TEST_P(HubEventsTest, AnImportSetsItsOwnEventsNameAndDaysAndAnUnknownEventIsNotFound) {
    const HubEvent lublin = make_lublin();
    const Event renamed{"Seminarium CWD Lublin (zmiana)", {lublin_second_day}};
    ASSERT_TRUE(store->import_event_roster(lublin.id, {}, renamed).has_value());
    const auto listed = events();
    ASSERT_EQ(listed.size(), 2U);
    EXPECT_EQ(listed[0].name, "") << "the first event is untouched";
    EXPECT_EQ(listed[1].name, renamed.name);
    EXPECT_EQ(listed[1].days, renamed.days);
    EXPECT_EQ(listed[1].venue, lublin.venue);

    auto unknown = store->import_event_roster(99, {}, std::nullopt);
    ASSERT_FALSE(unknown.has_value());
    EXPECT_EQ(unknown.error().kind, ErrorKind::not_found);
    EXPECT_NE(unknown.error().message.find("kiosk-hub event list"), std::string::npos);
}

TEST_P(HubEventsTest, AFirstEventKioskCannotCheckInAnotherEventsDelegate) {
    ASSERT_TRUE(store->import_roster(fixture_entries(), serock_event()).has_value());
    const HubEvent lublin = make_lublin();
    ASSERT_TRUE(
        store->import_event_roster(lublin.id, parse_entries(lublin_roster, lublin_event()), std::nullopt)
            .has_value());
    // On Serock's first day, so only the code decides.
    auto reply = store->push(PushRequest{"kiosk-1", {event_for("LUB-AAAA0001", "cross-1", "kiosk-1")}, {}});
    ASSERT_TRUE(reply.has_value()) << reply.error().message;
    EXPECT_EQ(reply->accepted, 0U);
    ASSERT_EQ(reply->refused.size(), 1U);
    EXPECT_EQ(reply->refused[0].id, "cross-1");
}

// Two events with their own rosters and check-ins: each event's figures are its own, and a purge of one
// removes its people and check-ins, keeps its anonymous counts under its number, and leaves the other's
// roster, check-ins and figures as they were. The purged event's tokens keep working: an empty roster.
TEST_P(HubEventsTest, APurgeOfOneEventKeepsItsCountsAndLeavesTheOtherEventWhole) {
    ASSERT_TRUE(store->import_roster(fixture_entries(), serock_event()).has_value());
    const HubEvent lublin = make_lublin();
    ASSERT_TRUE(
        store->import_event_roster(lublin.id, parse_entries(lublin_roster, lublin_event()), std::nullopt)
            .has_value());
    const std::string serock_code = fixture_rows()[0].code;
    ASSERT_EQ(
        store->push(PushRequest{"serock-kiosk", {event_for(serock_code, "serock-1", "serock-kiosk")}, {}})
            ->accepted,
        1U);
    ASSERT_EQ(
        store
            ->push(lublin.id, PushRequest{"lublin-kiosk",
                                          {event_for("LUB-AAAA0002", "lublin-1", "lublin-kiosk", lublin_day)},
                                          {}})
            ->accepted,
        1U);
    EXPECT_EQ(store->statistics(lublin.id).value(), (HubStatistics{3, 1, 1, 0}));
    const HubStatistics serock_before{fixture_size, 1, 1, 0};
    EXPECT_EQ(store->statistics(first_event_id).value(), serock_before);
    EXPECT_EQ(store->statistics(99).error().kind, ErrorKind::not_found);

    auto purged = store->purge(lublin.id, PurgeRequest{});
    ASSERT_TRUE(purged.has_value()) << purged.error().message;
    EXPECT_EQ(purged->delegates, 3U);
    EXPECT_EQ(purged->events, 1U);

    // Lublin: nobody left, its counts kept (15 October: Zofia and Jerzy expected, Jerzy came; 16 October:
    // Jerzy and Ewa expected, nobody came), under its own number only.
    auto lublin_roster_page = store->roster_since(lublin.id, RosterCursor{0, ""}, roster_page_maximum);
    ASSERT_TRUE(lublin_roster_page.has_value());
    EXPECT_TRUE(lublin_roster_page->delegates.empty());
    EXPECT_TRUE(store->events_since(lublin.id, 0, events_page_maximum)->events.empty());
    EXPECT_EQ(store->statistics(lublin.id).value(), (HubStatistics{0, 0, 0, 0}));
    auto kept = store->anonymous_counts(lublin.id);
    ASSERT_TRUE(kept.has_value()) << kept.error().message;
    std::map<Day, std::pair<std::size_t, std::size_t>> by_day;
    for (const auto& count : *kept) {
        by_day[count.day].first += count.registered;
        by_day[count.day].second += count.checked_in;
    }
    EXPECT_EQ(by_day, (std::map<Day, std::pair<std::size_t, std::size_t>>{{lublin_day, {2, 1}},
                                                                          {lublin_second_day, {2, 0}}}));
    EXPECT_TRUE(store->anonymous_counts(first_event_id)->empty());

    // Serock: every delegate, its check-in and its figures as before.
    EXPECT_EQ(first_event_codes().size(), fixture_size);
    auto serock_events = store->events_since(first_event_id, 0, events_page_maximum);
    ASSERT_TRUE(serock_events.has_value());
    ASSERT_EQ(serock_events->events.size(), 1U);
    EXPECT_EQ(serock_events->events[0].event.id, "serock-1");
    EXPECT_EQ(store->statistics(first_event_id).value(), serock_before);
    EXPECT_EQ(store->purge(99, PurgeRequest{}).error().kind, ErrorKind::not_found);
}

TEST_P(HubEventsTest, TokensAndEnrolmentsAreForOneEventAndAnUnknownOneIsNotFound) {
    const HubEvent lublin = make_lublin();
    auto token = store->issue_token(TokenRequest{"lublin-kiosk", TokenRole::kiosk, {}, lublin.id});
    ASSERT_TRUE(token.has_value()) << token.error().message;
    EXPECT_EQ(store->token_holder(*token).value(),
              (TokenHolder{"lublin-kiosk", TokenRole::kiosk, lublin.id}));
    EXPECT_EQ(store->issue_token(TokenRequest{"nowhere", TokenRole::kiosk, {}, 99}).error().kind,
              ErrorKind::not_found);

    const std::int64_t now = base::now_unix_milliseconds();
    auto secret = store->create_enrolment(lublin.id, "lublin-kiosk-2", now);
    ASSERT_TRUE(secret.has_value()) << secret.error().message;
    auto enrolled = store->redeem_enrolment(*secret, now + 1000);
    ASSERT_TRUE(enrolled.has_value()) << enrolled.error().message;
    EXPECT_EQ(store->token_holder(enrolled->token).value(),
              (TokenHolder{"lublin-kiosk-2", TokenRole::kiosk, lublin.id}));
    EXPECT_EQ(store->create_enrolment(99, "nowhere", now).error().kind, ErrorKind::not_found);

    const auto listed = store->list_tokens().value();
    ASSERT_EQ(listed.size(), 2U);
    EXPECT_EQ(listed[0].event_id, lublin.id);
    EXPECT_EQ(listed[1].event_id, lublin.id);
}

// --- The command line's choice of event (pure) ---

TEST(ChooseEvent, WithoutASlugTheOnlyEventAndWithSeveralARefusalListingThem) {
    const std::vector<HubEvent> one{HubEvent{1, "event-1", "Kongres", "", {first_day}, ""}};
    EXPECT_EQ(choose_event(one, "").value().id, 1);
    EXPECT_EQ(choose_event(one, "event-1").value().id, 1);

    auto several = one;
    several.push_back(HubEvent{2, "lublin-2026", "Lublin", "", {lublin_day}, ""});
    EXPECT_EQ(choose_event(several, "lublin-2026").value().id, 2);
    auto unnamed = choose_event(several, "");
    ASSERT_FALSE(unnamed.has_value());
    EXPECT_EQ(unnamed.error().kind, ErrorKind::invalid_input);
    EXPECT_EQ(unnamed.error().message,
              "this hub holds 2 events (event-1, lublin-2026); say which with --event SLUG");
    auto unknown = choose_event(several, "plock-2027");
    ASSERT_FALSE(unknown.has_value());
    EXPECT_EQ(unknown.error().message, "this hub holds no event with that slug; its events are: event-1, "
                                       "lublin-2026");
}

TEST(EventSlug, ShortLowerCaseLettersDigitsAndHyphens) {
    EXPECT_TRUE(is_event_slug("serock-2026"));
    EXPECT_TRUE(is_event_slug("a"));
    EXPECT_TRUE(is_event_slug(std::string(40, 'z')));
    EXPECT_FALSE(is_event_slug(std::string(41, 'z')));
    EXPECT_FALSE(is_event_slug(""));
    EXPECT_FALSE(is_event_slug("-x"));
    EXPECT_FALSE(is_event_slug("Serock"));
    EXPECT_FALSE(is_event_slug("serock/2026"));
}

// A report kept before reports carried their event (SQLite: a NULL column; PostgreSQL: a database before
// migration 9) is its kiosk's newest token's event's, as the dashboard guessed then; a kiosk with no token
// is the first event's. A report sent afterwards carries its token's event.
TEST_P(HubEventsTest, AKioskReportFromBeforeReportsCarriedTheirEventIsItsNewestTokensEvents) {
    const HubEvent lublin = make_lublin();
    ASSERT_TRUE(
        store->issue_token(TokenRequest{"roaming", TokenRole::kiosk, {}, first_event_id}).has_value());
    ASSERT_TRUE(store->issue_token(TokenRequest{"roaming", TokenRole::kiosk, {}, lublin.id}).has_value());
    for (const std::string kiosk : {"roaming", "tokenless"}) {
        KioskReport report;
        report.kiosk = kiosk;
        report.version = "1.0";
        ASSERT_TRUE(store->record_kiosk_report(first_event_id, report).has_value());
    }
    store.reset();
    // The Lublin token is the newer one, by a second (both may be made within the same millisecond).
    ASSERT_EQ(lublin.id, 2);
    if (GetParam() == postgresql_backend) {
        auto connection = postgresql::Connection::open(m_location);
        ASSERT_TRUE(connection.has_value());
        ASSERT_TRUE(
            connection
                ->execute_script("UPDATE hub_tokens SET created_at_ms = created_at_ms + 1000 WHERE "
                                 "event_id = 2; ALTER TABLE hub_kiosk_reports DROP COLUMN event_id; "
                                 "ALTER TABLE anonymous_counts DROP COLUMN event_id; "
                                 "ALTER TABLE anonymous_counts ADD PRIMARY KEY (day, role, voivodeship, "
                                 "partnership); DELETE FROM schema_migrations WHERE version > 8")
                .has_value());
    } else {
        RawConnection raw(m_location);
        ASSERT_EQ(
            raw.execute("UPDATE hub_tokens SET created_at_ms = created_at_ms + 1000 WHERE event_id = 2; "
                        "UPDATE hub_kiosk_reports SET event_id = NULL"),
            std::nullopt);
    }
    open_store();
    auto held = store->kiosk_health();
    ASSERT_TRUE(held.has_value()) << held.error().message;
    ASSERT_EQ(held->size(), 2U);
    EXPECT_EQ(held->at(0).report.kiosk, "roaming");
    EXPECT_EQ(held->at(0).event_id, lublin.id);
    EXPECT_EQ(held->at(1).event_id, first_event_id);

    KioskReport report;
    report.kiosk = "roaming";
    report.version = "1.1";
    ASSERT_TRUE(store->record_kiosk_report(first_event_id, report).has_value());
    EXPECT_EQ(store->kiosk_health()->at(0).event_id, first_event_id);
}

} // namespace
} // namespace checkin::sync
