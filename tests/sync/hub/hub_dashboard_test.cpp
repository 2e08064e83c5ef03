// The organisers' dashboard: compute_dashboard on hand-made records and events (every expected number is
// worked out by hand in the comments), its JSON, the CSV and XLSX exports, and the routes on a real
// httplib::Server on 127.0.0.1 over a hub file.

#include "sync/hub/hub_dashboard.hpp"
#include "tests/sync/hub/dashboard_fixture.hpp"
#include "tests/sync/mirror/mirror_fixture.hpp"

#include <cstdio>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <optional>

namespace checkin::sync {
namespace {

using namespace mirror_fixture;
using namespace dashboard_fixture;

constexpr std::string_view test_token = "dashboard-test-token";

// UTC as the venue's zone, so the hand-worked times do not depend on the machine's.
int utc_minute_of_day(std::int64_t unix_milliseconds) {
    const std::int64_t minutes = unix_milliseconds / 60000;
    return static_cast<int>(((minutes % 1440) + 1440) % 1440);
}

CheckinEvent event_of(std::string id, std::string code, EventKind kind, Day day, int hour, int minute,
                      std::string kiosk = "kiosk-1") {
    CheckinEvent event;
    event.id = std::move(id);
    event.delegate_code = std::move(code);
    event.kind = kind;
    event.day = day;
    event.at_milliseconds = utc_milliseconds(day, hour, minute);
    event.kiosk_id = std::move(kiosk);
    event.operator_name = "self-service";
    return event;
}

Attendance attended(Day day, int hour, int minute, std::string kiosk = "kiosk-1") {
    return Attendance{day, utc_milliseconds(day, hour, minute), std::move(kiosk)};
}

// The hand-made hub: the first day is "today".
//   code   name               partnership           voivodeship  days        attendance
//   A-001  Anna Kowalska      Partnerstwo Łódź      łódzkie      every day   29.11 9:05
//   B-002  Bartosz Nowak      Partnerstwo Lublin    lubuskie     29.11       29.11 9:20
//   C-003  Cezary Ślęzak      Partnerstwo Śląsk     śląskie      30.11       30.11 8:00
//   D-004  Dorota Zielińska   Partnerstwo Lublin    pomorskie    every day   —
//   E-005  Edward Anulowany   Partnerstwo Lublin    mazowieckie  every day   — (cancelled)
//   W-FELIKS  Feliks Gość     (empty)               (empty)      every day   29.11 10:01 (walk-in)
//   H-008  Henryk Ślusarz     Partnerstwo Śląsk     śląskie      every day   —
// Expected today: A, B, D, W, H = 5; checked in today: A, B, W = 3; any day: A, B, C, W = 4.
std::vector<DelegateRecord> hand_made_records() {
    std::vector<DelegateRecord> records;
    records.push_back({delegate_of("A-001", "Anna", "Kowalska", "Partnerstwo Łódź", "łódzkie"),
                       {attended(first_day, 9, 5)}});
    records.push_back(
        {delegate_of("B-002", "Bartosz", "Nowak", "Partnerstwo Lublin", "lubuskie", {first_day}),
         {attended(first_day, 9, 20)}});
    records.push_back({delegate_of("C-003", "Cezary", "Ślęzak", "Partnerstwo Śląsk", "śląskie", {second_day}),
                       {attended(second_day, 8, 0)}});
    records.push_back({delegate_of("D-004", "Dorota", "Zielińska", "Partnerstwo Lublin", "pomorskie"), {}});
    auto cancelled = delegate_of("E-005", "Edward", "Anulowany", "Partnerstwo Lublin", "mazowieckie");
    cancelled.status = DelegateStatus::cancelled;
    records.push_back({cancelled, {}});
    auto walk_in = delegate_of("W-FELIKS", "Feliks", "Gość", "", "");
    walk_in.origin = DelegateOrigin::walk_in;
    records.push_back({walk_in, {attended(first_day, 10, 1)}});
    records.push_back({delegate_of("H-008", "Henryk", "Ślusarz", "Partnerstwo Śląsk", "śląskie"), {}});
    return records;
}

// The journal behind those records, plus duplicates and reprints:
// - A: two standing check-ins on 29.11 (kiosks cut off from each other), the second under a lower-case code;
// - B: a second check-in that an undo cancels: not a duplicate;
// - C: two standing check-ins on 30.11: a duplicate on another day;
// - ZZZ-999 (not on the roster): two check-ins on 29.11, listed under its code;
// - 25 reprints: 22 on 29.11 (9:00, 9:01, … 9:21), then 3 on 30.11 (12:00, 12:01, 12:02).
std::vector<CheckinEvent> hand_made_events() {
    std::vector<CheckinEvent> events;
    events.push_back(event_of("e-a1", "A-001", EventKind::checkin, first_day, 9, 5, "kiosk-1"));
    events.push_back(event_of("e-a2", "a-001", EventKind::checkin, first_day, 9, 7, "kiosk-2"));
    events.push_back(event_of("e-b1", "B-002", EventKind::checkin, first_day, 9, 20, "kiosk-1"));
    events.push_back(event_of("e-b2", "B-002", EventKind::checkin, first_day, 9, 25, "kiosk-2"));
    auto undo = event_of("e-b3", "B-002", EventKind::undo, first_day, 9, 30, "kiosk-2");
    undo.undoes = "e-b2";
    undo.operator_name = "Ewa";
    undo.reason = "podwójne wejście";
    events.push_back(undo);
    events.push_back(event_of("e-c1", "C-003", EventKind::checkin, second_day, 8, 0, "kiosk-1"));
    events.push_back(event_of("e-c2", "C-003", EventKind::checkin, second_day, 8, 1, "kiosk-3"));
    events.push_back(event_of("e-w1", "W-FELIKS", EventKind::checkin, first_day, 10, 1, "kiosk-1"));
    events.push_back(event_of("e-z1", "ZZZ-999", EventKind::checkin, first_day, 11, 0, "kiosk-1"));
    events.push_back(event_of("e-z2", "ZZZ-999", EventKind::checkin, first_day, 11, 2, "kiosk-2"));
    events.push_back(event_of("e-p1", "A-001", EventKind::print, first_day, 9, 5, "kiosk-1"));
    for (int index = 0; index < 22; ++index) {
        auto reprint =
            event_of(fmt::format("r-first-{}", index), "D-004", EventKind::reprint, first_day, 9, index);
        reprint.operator_name = "Ewa";
        reprint.reason = fmt::format("zgnieciony {}", index);
        events.push_back(reprint);
    }
    for (int index = 0; index < 3; ++index) {
        auto reprint = event_of(fmt::format("r-second-{}", index), "A-001", EventKind::reprint, second_day,
                                12, index, "kiosk-3");
        reprint.operator_name = "Jan";
        reprint.reason = fmt::format("literówka {}", index);
        events.push_back(reprint);
    }
    return events;
}

Event test_event() {
    return Event{"Kongres Testowy", {first_day, second_day}};
}

DashboardData hand_made_dashboard() {
    return compute_dashboard(hand_made_records(), hand_made_events(), test_event(), first_day,
                             utc_minute_of_day);
}

std::vector<std::string> names_of(const std::vector<DashboardGroupRow>& rows) {
    std::vector<std::string> names;
    for (const auto& row : rows) {
        names.push_back(row.name);
    }
    return names;
}

// ---- compute_dashboard --------------------------------------------------------------------------------

TEST(DashboardCompute, TotalsCountExpectedAndCheckedInToday) {
    const auto data = hand_made_dashboard();
    EXPECT_EQ(data.today, first_day);
    EXPECT_EQ(data.event.name, "Kongres Testowy");
    EXPECT_EQ(data.totals.expected_today, 5U);
    EXPECT_EQ(data.totals.checked_in_today, 3U);
    EXPECT_EQ(data.totals.checked_in_any_day, 4U);
    EXPECT_EQ(data.totals.walk_ins, 1U);
    EXPECT_EQ(data.totals.active, 6U);
    EXPECT_EQ(data.totals.cancelled, 1U);
}

TEST(DashboardCompute, TheSecondDayHasItsOwnExpectedAndCheckedIn) {
    // On 30.11: expected A, C, D, W, H (B is 29.11 only) = 5; checked in that day: C = 1.
    const auto data = compute_dashboard(hand_made_records(), hand_made_events(), test_event(), second_day,
                                        utc_minute_of_day);
    EXPECT_EQ(data.totals.expected_today, 5U);
    EXPECT_EQ(data.totals.checked_in_today, 1U);
    EXPECT_EQ(data.duplicates_today, 1U);
    EXPECT_EQ(data.reprints_today, 3U);
}

TEST(DashboardCompute, GroupsInPolishOrderWithTheUnnamedGroupLast) {
    const auto data = hand_made_dashboard();
    // łódzkie after lubuskie, śląskie after pomorskie, "—" (the walk-in) last; śląskie holds only H
    // (C is not expected on 29.11); mazowieckie holds only the cancelled E, so it is absent.
    const std::vector<DashboardGroupRow> voivodeships = {
        {"lubuskie", 1, 1}, {"łódzkie", 1, 1}, {"pomorskie", 1, 0}, {"śląskie", 1, 0}, {"—", 1, 1}};
    EXPECT_EQ(data.by_voivodeship, voivodeships);
    const std::vector<DashboardGroupRow> partnerships = {
        {"Partnerstwo Lublin", 2, 1}, {"Partnerstwo Łódź", 1, 1}, {"Partnerstwo Śląsk", 1, 0}, {"—", 1, 1}};
    EXPECT_EQ(data.by_partnership, partnerships);
}

TEST(DashboardCompute, PolishOrderPutsEachDiacriticLetterAfterItsBase) {
    std::vector<DelegateRecord> records;
    for (const std::string voivodeship : {"świętokrzyskie", "Śląskie", "szczecińskie", "łódzkie", "Lubuskie",
                                          "małopolskie", "zachodniopomorskie", "żuławy", "źródła"}) {
        records.push_back({delegate_of("X-" + voivodeship, "Jan", "Nowak", "", voivodeship), {}});
    }
    const auto data = compute_dashboard(records, {}, test_event(), first_day, utc_minute_of_day);
    const std::vector<std::string> expected = {"Lubuskie",           "łódzkie", "małopolskie",
                                               "szczecińskie",       "Śląskie", "świętokrzyskie",
                                               "zachodniopomorskie", "źródła",  "żuławy"};
    EXPECT_EQ(names_of(data.by_voivodeship), expected);
}

TEST(DashboardCompute, ArrivalsFillEveryQuarterHourFromTheFirstToTheLast) {
    const auto data = hand_made_dashboard();
    // A 9:05 and B 9:20 and W 10:01; C arrived on 30.11, so not today.
    const std::vector<ArrivalBucket> expected = {
        {540, 1, 1}, {555, 1, 2}, {570, 0, 2}, {585, 0, 2}, {600, 1, 3}};
    EXPECT_EQ(data.arrivals, expected);
    EXPECT_EQ(data.arrivals.back().cumulative, data.totals.checked_in_today);
}

TEST(DashboardCompute, ArrivalsFollowTheVenueClock) {
    // The same arrivals one hour later on the venue's clock (UTC+1, as Warsaw in November).
    const auto warsaw = [](std::int64_t unix_milliseconds) {
        return (utc_minute_of_day(unix_milliseconds) + 60) % 1440;
    };
    const auto data =
        compute_dashboard(hand_made_records(), hand_made_events(), test_event(), first_day, warsaw);
    ASSERT_FALSE(data.arrivals.empty());
    EXPECT_EQ(data.arrivals.front().start_minute, 600);
    EXPECT_EQ(data.arrivals.back().start_minute, 660);
    ASSERT_FALSE(data.recent_reprints.empty());
    EXPECT_EQ(data.recent_reprints.front().time, "13:02");
}

TEST(DashboardCompute, DuplicatesAreStandingCheckInsOnOneDayNewestDayFirst) {
    const auto data = hand_made_dashboard();
    ASSERT_EQ(data.duplicates.size(), 3U); // C on 30.11; A and ZZZ-999 on 29.11; B's second one was undone
    EXPECT_EQ(data.duplicates_today, 2U);

    EXPECT_EQ(data.duplicates[0].code, "C-003");
    EXPECT_EQ(data.duplicates[0].name, "Cezary Ślęzak");
    EXPECT_EQ(data.duplicates[0].day, second_day);

    const auto& anna = data.duplicates[1];
    EXPECT_EQ(anna.code, "A-001");
    EXPECT_EQ(anna.name, "Anna Kowalska");
    EXPECT_EQ(anna.day, first_day);
    ASSERT_EQ(anna.checkins.size(), 2U);
    EXPECT_EQ(anna.checkins[0].time, "9:05");
    EXPECT_EQ(anna.checkins[0].kiosk_id, "kiosk-1");
    EXPECT_EQ(anna.checkins[1].time, "9:07");
    EXPECT_EQ(anna.checkins[1].kiosk_id, "kiosk-2");

    EXPECT_EQ(data.duplicates[2].code, "ZZZ-999");
    EXPECT_EQ(data.duplicates[2].name, "ZZZ-999"); // not on the roster: the code stands in for the name
}

TEST(DashboardCompute, ReprintsCountTodayAndListTheLastTwentyNewestFirst) {
    const auto data = hand_made_dashboard();
    EXPECT_EQ(data.reprints_today, 22U);
    EXPECT_EQ(data.reprints_total, 25U);
    ASSERT_EQ(data.recent_reprints.size(), recent_reprints_shown);
    // Newest: the third reprint of 30.11 at 12:02; then 12:01, 12:00, then 29.11 from 9:21 down to 9:05.
    const auto& newest = data.recent_reprints.front();
    EXPECT_EQ(newest.code, "A-001");
    EXPECT_EQ(newest.name, "Anna Kowalska");
    EXPECT_EQ(newest.day, second_day);
    EXPECT_EQ(newest.time, "12:02");
    EXPECT_EQ(newest.kiosk_id, "kiosk-3");
    EXPECT_EQ(newest.operator_name, "Jan");
    EXPECT_EQ(newest.reason, "literówka 2");
    EXPECT_EQ(data.recent_reprints[3].time, "9:21");
    EXPECT_EQ(data.recent_reprints[3].name, "Dorota Zielińska");
    EXPECT_EQ(data.recent_reprints.back().time, "9:05");
    EXPECT_EQ(data.recent_reprints.back().reason, "zgnieciony 5");
}

// What purges kept counts with the people still in the roster: the totals and groups of the day shown.
TEST(DashboardCompute, WhatPurgesKeptCountsOnTheirDayInTotalsAndGroups) {
    const std::vector<AnonymousCount> kept = {
        {first_day, "Uczestnik", "lubuskie", "Partnerstwo Lublin", 3, 2},
        {first_day, "Ekspert", "opolskie", "Partnerstwo Opole", 2, 1},
        {second_day, "Uczestnik", "lubuskie", "Partnerstwo Lublin", 7, 7}, // another day: not counted
    };
    const DashboardData without = hand_made_dashboard();
    const DashboardData with = compute_dashboard(hand_made_records(), hand_made_events(), test_event(),
                                                 first_day, utc_minute_of_day, kept);
    EXPECT_EQ(with.totals.expected_today, without.totals.expected_today + 5);
    EXPECT_EQ(with.totals.checked_in_today, without.totals.checked_in_today + 3);
    const auto row = [](const std::vector<DashboardGroupRow>& rows, std::string_view name) {
        const auto found = std::ranges::find(rows, name, &DashboardGroupRow::name);
        return found == rows.end() ? DashboardGroupRow{} : *found;
    };
    const auto lublin_before = row(without.by_partnership, "Partnerstwo Lublin");
    const auto lublin_after = row(with.by_partnership, "Partnerstwo Lublin");
    EXPECT_EQ(lublin_after.expected, lublin_before.expected + 3);
    EXPECT_EQ(lublin_after.checked_in, lublin_before.checked_in + 2);
    EXPECT_EQ(row(with.by_partnership, "Partnerstwo Opole"), (DashboardGroupRow{"Partnerstwo Opole", 2, 1}));
    EXPECT_EQ(row(with.by_voivodeship, "opolskie"), (DashboardGroupRow{"opolskie", 2, 1}));
}

TEST(DashboardDefaultDay, TodayOnAnEventDayElseTheNearestEventDay) {
    const auto day = [](unsigned month, unsigned number) {
        return Day{std::chrono::year{2026}, std::chrono::month{month}, std::chrono::day{number}};
    };
    const std::vector<Day> days = {day(11, 29), day(11, 30)};
    EXPECT_EQ(dashboard_default_day(days, day(11, 29)), day(11, 29));
    EXPECT_EQ(dashboard_default_day(days, day(11, 30)), day(11, 30));
    EXPECT_EQ(dashboard_default_day(days, day(12, 5)), day(11, 30)); // after the event: its last day
    EXPECT_EQ(dashboard_default_day(days, day(11, 2)), day(11, 29)); // before: its first day
    const std::vector<Day> apart = {day(11, 10), day(11, 12)};
    EXPECT_EQ(dashboard_default_day(apart, day(11, 11)), day(11, 10)); // as near: the earlier
    EXPECT_EQ(dashboard_default_day({}, day(12, 5)), day(12, 5));      // no days: today
}

TEST(DashboardCompute, NothingYetGivesZerosAndEmptyLists) {
    const auto data = compute_dashboard({}, {}, Event{}, first_day, utc_minute_of_day);
    EXPECT_EQ(data.totals, DashboardTotals{});
    EXPECT_TRUE(data.by_partnership.empty());
    EXPECT_TRUE(data.by_voivodeship.empty());
    EXPECT_TRUE(data.arrivals.empty());
    EXPECT_TRUE(data.duplicates.empty());
    EXPECT_TRUE(data.recent_reprints.empty());
    EXPECT_EQ(data.reprints_today, 0U);
}

// ---- JSON ---------------------------------------------------------------------------------------------

TEST(DashboardJson, CarriesEverySectionWithTheNumbers) {
    const auto json = dashboard_to_json(hand_made_dashboard());
    EXPECT_EQ(json["event"]["name"], "Kongres Testowy");
    EXPECT_EQ(json["event"]["days"], nlohmann::ordered_json({"2026-11-29", "2026-11-30"}));
    EXPECT_EQ(json["today"], "2026-11-29");

    const auto& totals = json["totals"];
    EXPECT_EQ(totals["expected_today"], 5);
    EXPECT_EQ(totals["checked_in_today"], 3);
    EXPECT_EQ(totals["checked_in_any_day"], 4);
    EXPECT_EQ(totals["walk_ins"], 1);
    EXPECT_EQ(totals["active"], 6);
    EXPECT_EQ(totals["cancelled"], 1);

    ASSERT_EQ(json["by_voivodeship"].size(), 5U);
    EXPECT_EQ(json["by_voivodeship"][1],
              nlohmann::ordered_json({{"name", "łódzkie"}, {"expected", 1}, {"checked_in", 1}}));
    ASSERT_EQ(json["by_partnership"].size(), 4U);
    EXPECT_EQ(json["by_partnership"][0]["name"], "Partnerstwo Lublin");
    EXPECT_EQ(json["by_partnership"][0]["expected"], 2);

    EXPECT_EQ(json["arrivals"]["bucket_minutes"], 15);
    ASSERT_EQ(json["arrivals"]["buckets"].size(), 5U);
    EXPECT_EQ(json["arrivals"]["buckets"][0],
              nlohmann::ordered_json(
                  {{"start", "9:00"}, {"start_minute", 540}, {"arrivals", 1}, {"cumulative", 1}}));
    EXPECT_EQ(json["arrivals"]["buckets"][4]["start"], "10:00");

    EXPECT_EQ(json["duplicates"]["count"], 3);
    EXPECT_EQ(json["duplicates"]["today"], 2);
    const auto& anna = json["duplicates"]["delegates"][1];
    EXPECT_EQ(anna["code"], "A-001");
    EXPECT_EQ(anna["name"], "Anna Kowalska");
    EXPECT_EQ(anna["day"], "2026-11-29");
    ASSERT_EQ(anna["checkins"].size(), 2U);
    EXPECT_EQ(anna["checkins"][1]["time"], "9:07");
    EXPECT_EQ(anna["checkins"][1]["kiosk"], "kiosk-2");
    EXPECT_EQ(anna["checkins"][1]["operator"], "self-service");
    EXPECT_EQ(anna["checkins"][1]["at_ms"], utc_milliseconds(first_day, 9, 7));

    EXPECT_EQ(json["reprints"]["today"], 22);
    EXPECT_EQ(json["reprints"]["total"], 25);
    ASSERT_EQ(json["reprints"]["recent"].size(), 20U);
    EXPECT_EQ(json["reprints"]["recent"][0],
              nlohmann::ordered_json({{"code", "A-001"},
                                      {"name", "Anna Kowalska"},
                                      {"day", "2026-11-30"},
                                      {"time", "12:02"},
                                      {"at_ms", utc_milliseconds(second_day, 12, 2)},
                                      {"kiosk", "kiosk-3"},
                                      {"operator", "Jan"},
                                      {"reason", "literówka 2"}}));
}

TEST(DashboardJson, EmptyListsAreArraysNotNull) {
    const auto json = dashboard_to_json(compute_dashboard({}, {}, Event{}, first_day, utc_minute_of_day));
    EXPECT_TRUE(json["event"]["days"].is_array());
    EXPECT_TRUE(json["by_partnership"].is_array());
    EXPECT_TRUE(json["by_voivodeship"].is_array());
    EXPECT_TRUE(json["arrivals"]["buckets"].is_array());
    EXPECT_TRUE(json["duplicates"]["delegates"].is_array());
    EXPECT_TRUE(json["reprints"]["recent"].is_array());
}

// ---- CSV ----------------------------------------------------------------------------------------------

TEST(DashboardCsv, Utf8WithByteOrderMarkSemicolonsAndQuoting) {
    auto records = hand_made_records();
    records[0].delegate.organisation = "Urząd; \"Łódź\"";
    const std::string csv = dashboard_csv(records, test_event());
    ASSERT_TRUE(csv.starts_with("\xEF\xBB\xBF")) << "no byte-order mark: Polish Excel would show mojibake";
    EXPECT_TRUE(
        csv.starts_with("\xEF\xBB\xBF"
                        "Kod;Imię;Nazwisko;Instytucja;Stanowisko;Partnerstwo;Województwo;Rola;Dni;E-mail;"
                        "Status;Pochodzenie;Obecność 29.11;Obecność 30.11\r\n"));
    EXPECT_NE(
        csv.find("A-001;Anna;Kowalska;\"Urząd; \"\"Łódź\"\"\";;Partnerstwo Łódź;łódzkie;Uczestnik;;;active;"
                 "roster;"),
        std::string::npos)
        << csv;
    EXPECT_NE(
        csv.find(
            "C-003;Cezary;Ślęzak;Urząd Gminy;;Partnerstwo Śląsk;śląskie;Uczestnik;30.11;;active;roster;;"),
        std::string::npos)
        << csv;
    EXPECT_NE(csv.find("E-005;Edward;Anulowany;"), std::string::npos);
    EXPECT_NE(csv.find(";cancelled;roster;"), std::string::npos);
    EXPECT_NE(csv.find("W-FELIKS;Feliks;Gość;Urząd Gminy;;;;Uczestnik;;;active;walk-in;"), std::string::npos);
    // One header and one line per delegate, each ended by CRLF.
    std::size_t lines = 0;
    for (std::size_t at = csv.find("\r\n"); at != std::string::npos; at = csv.find("\r\n", at + 2)) {
        ++lines;
    }
    EXPECT_EQ(lines, records.size() + 1);
}

// ---- XLSX ---------------------------------------------------------------------------------------------

// Runs a shell command and returns what it printed (stdout); the test fails when it does not exit 0.
std::string command_output(const std::string& command) {
    std::string output;
    FILE* pipe = ::popen(command.c_str(), "r");
    if (pipe == nullptr) {
        ADD_FAILURE() << "cannot run " << command;
        return output;
    }
    char buffer[4096];
    std::size_t read = 0;
    while ((read = std::fread(buffer, 1, sizeof(buffer), pipe)) > 0) {
        output.append(buffer, read);
    }
    const int status = ::pclose(pipe);
    EXPECT_EQ(status, 0) << command << " failed";
    return output;
}

bool unzip_available() {
    return std::system("command -v unzip >/dev/null 2>&1") == 0;
}

TEST(DashboardXlsx, IsAZipWithTheFourSheetsAndTheNames) {
    const auto records = hand_made_records();
    const auto data = hand_made_dashboard();
    auto bytes = dashboard_xlsx(data, records, utc_minute_of_day);
    ASSERT_TRUE(bytes.has_value()) << bytes.error().message;
    ASSERT_GT(bytes->size(), 1000U);
    EXPECT_TRUE(bytes->starts_with("PK\x03\x04")) << "an XLSX file is a zip archive";

    ASSERT_TRUE(unzip_available())
        << "unzip is needed to read the XLSX back: run .ci/setup (apt-get install unzip)";
    TempDir directory;
    const auto path = directory.file("dashboard.xlsx");
    write_file(path, *bytes);
    const std::string workbook = command_output(fmt::format("unzip -p '{}' xl/workbook.xml", path.string()));
    const auto podsumowanie = workbook.find("name=\"Podsumowanie\"");
    const auto partnerstwa = workbook.find("name=\"Partnerstwa\"");
    const auto wojewodztwa = workbook.find("name=\"Województwa\"");
    const auto lista = workbook.find("name=\"Lista obecności\"");
    ASSERT_NE(podsumowanie, std::string::npos) << workbook;
    ASSERT_NE(partnerstwa, std::string::npos) << workbook;
    ASSERT_NE(wojewodztwa, std::string::npos) << workbook;
    ASSERT_NE(lista, std::string::npos) << workbook;
    EXPECT_LT(podsumowanie, partnerstwa);
    EXPECT_LT(partnerstwa, wojewodztwa);
    EXPECT_LT(wojewodztwa, lista);

    const std::string strings =
        command_output(fmt::format("unzip -p '{}' xl/sharedStrings.xml", path.string()));
    for (const std::string text :
         {"Kongres Testowy", "Oczekiwani dziś", "Obecni dziś", "Partnerstwo Łódź", "śląskie", "Ślęzak",
          "Zielińska", "Obecność 29.11", "9:05", "10:01", "—"}) {
        EXPECT_NE(strings.find(text), std::string::npos) << "the workbook does not hold \"" << text << "\"";
    }
}

TEST(DashboardXlsx, LeavesNoTemporaryFileBehind) {
    // A temporary directory of this test's own (TMPDIR, which temp_directory_path follows), so that other
    // tests writing exports at the same time cannot disturb the count.
    TempDir directory;
    const char* previous = std::getenv("TMPDIR");
    const std::string saved = previous == nullptr ? "" : previous;
    ::setenv("TMPDIR", directory.path().c_str(), 1);
    auto bytes = dashboard_xlsx(hand_made_dashboard(), hand_made_records(), utc_minute_of_day);
    if (previous == nullptr) {
        ::unsetenv("TMPDIR");
    } else {
        ::setenv("TMPDIR", saved.c_str(), 1);
    }
    ASSERT_TRUE(bytes.has_value()) << bytes.error().message;
    EXPECT_TRUE(std::filesystem::is_empty(directory.path()));
}

// ---- The routes on a real server ----------------------------------------------------------------------

// A hub file: the hand-made roster (without the walk-in, which only a kiosk registers) and journal.
void write_hub_file(const std::filesystem::path& path) {
    auto mirror = Mirror::open(path);
    ASSERT_TRUE(mirror.has_value()) << mirror.error().message;
    std::vector<RosterEntry> entries;
    std::size_t line = 2;
    for (const auto& record : hand_made_records()) {
        if (record.delegate.origin == DelegateOrigin::roster &&
            record.delegate.status == DelegateStatus::active) {
            entries.push_back({line++, record.delegate});
        }
    }
    auto imported = mirror->apply_roster(entries, WriteMode::write, {}, test_event());
    ASSERT_TRUE(imported.has_value()) << imported.error().message;
    for (const auto& event : hand_made_events()) {
        if (event.delegate_code == "W-FELIKS") {
            continue;
        }
        auto appended = mirror->append_event(event);
        ASSERT_TRUE(appended.has_value()) << appended.error().message;
    }
}

class DashboardRoutes : public testing::Test {
protected:
    void SetUp() override {
        hub_file = directory.file("hub.db");
        ASSERT_NO_FATAL_FAILURE(write_hub_file(hub_file));
        server.emplace(hub_file, std::string(test_token));
        port = server->port();
        ASSERT_GT(port, 0);
    }

    httplib::Result get(const std::string& path, bool with_token = true) {
        httplib::Client client("127.0.0.1", port);
        client.set_read_timeout(std::chrono::seconds(20));
        httplib::Headers headers;
        if (with_token) {
            headers.emplace("Authorization", fmt::format("Bearer {}", test_token));
        }
        return client.Get(path, headers);
    }

    TempDir directory;
    std::filesystem::path hub_file;
    std::optional<DashboardServer> server;
    int port = 0;
};

TEST_F(DashboardRoutes, WithoutASessionThePageLeadsToTheSignInForm) {
    for (const std::string path : {"/", "/dashboard", "/dashboard/"}) {
        auto page = get(path, false);
        ASSERT_TRUE(page) << path;
        EXPECT_EQ(page->status, 303) << path;
        EXPECT_EQ(page->get_header_value("Location"), "/signin") << path;
    }
    auto dated = get("/dashboard?date=2026-11-29", false);
    ASSERT_TRUE(dated);
    EXPECT_EQ(dated->get_header_value("Location"), "/signin?date=2026-11-29");
}

TEST_F(DashboardRoutes, ThePageNeedsASessionItsFilesNoToken) {
    for (const std::string path : {"/", "/dashboard", "/dashboard/"}) {
        auto page = get(path, true);
        ASSERT_TRUE(page) << path;
        EXPECT_EQ(page->status, 200) << path;
        EXPECT_EQ(page->get_header_value("Content-Type"), "text/html; charset=utf-8") << path;
        EXPECT_NE(page->body.find("id=\"checked-in\""), std::string::npos) << path;
        EXPECT_NE(page->body.find("/dashboard/app.js"), std::string::npos) << path;
    }
    auto script = get("/dashboard/app.js", false);
    ASSERT_TRUE(script);
    EXPECT_EQ(script->status, 200);
    EXPECT_EQ(script->get_header_value("Content-Type"), "text/javascript; charset=utf-8");
    EXPECT_NE(script->body.find("/api/v1/dashboard"), std::string::npos);
    auto style = get("/dashboard/style.css", false);
    ASSERT_TRUE(style);
    EXPECT_EQ(style->status, 200);
    EXPECT_EQ(style->get_header_value("Content-Type"), "text/css; charset=utf-8");
}

// The hub serves the page from its own binary; what it serves is byte for byte what is in
// sync/hub/dashboard/, and every file there is served.
TEST_F(DashboardRoutes, TheServedFilesAreTheProjectsFilesBuiltIn) {
    std::size_t files = 0;
    for (const auto& entry : std::filesystem::directory_iterator(CHECKIN_DASHBOARD_SOURCE_DIR)) {
        const std::string name = entry.path().filename().string();
        const std::string on_disk = read_file(entry.path());
        ASSERT_FALSE(on_disk.empty()) << name;
        const auto built_in = dashboard_file(name);
        ASSERT_TRUE(built_in.has_value()) << name;
        EXPECT_EQ(*built_in, on_disk) << name;
        auto served = get(name == "index.html" ? "/" : "/dashboard/" + name, name == "index.html");
        ASSERT_TRUE(served) << name;
        EXPECT_EQ(served->status, 200) << name;
        EXPECT_EQ(served->body, on_disk) << name;
        ++files;
    }
    EXPECT_EQ(files, 3U);
    EXPECT_FALSE(dashboard_file("").has_value());
    EXPECT_FALSE(dashboard_file("../CMakeLists.txt").has_value());
    EXPECT_FALSE(dashboard_file("INDEX.HTML").has_value());
}

TEST_F(DashboardRoutes, NothingOutsideThePagesFilesIsServed) {
    for (const std::string path :
         {"/dashboard/../../../../etc/passwd", "/dashboard/..%2F..%2F..%2F..%2Fetc%2Fpasswd",
          "/dashboard/%2e%2e/%2e%2e/CMakeLists.txt", "/dashboard/index.html",
          "/dashboard/app.js/../../hub_dashboard.cpp", "/dashboard/appXjs", "/../sync/hub_dashboard.cpp",
          "/etc/passwd"}) {
        auto answer = get(path, true);
        ASSERT_TRUE(answer) << path;
        EXPECT_GE(answer->status, 400) << path;
        EXPECT_EQ(answer->body.find("root:"), std::string::npos) << path;
        EXPECT_EQ(answer->body.find("namespace checkin"), std::string::npos) << path;
    }
}

TEST_F(DashboardRoutes, TheApiNeedsTheToken) {
    for (const std::string path : {"/api/v1/dashboard", "/api/v1/export.csv", "/api/v1/export.xlsx"}) {
        auto refused = get(path, false);
        ASSERT_TRUE(refused) << path;
        EXPECT_EQ(refused->status, 401) << path;
        const auto body = nlohmann::json::parse(refused->body, nullptr, false);
        ASSERT_FALSE(body.is_discarded()) << refused->body;
        EXPECT_TRUE(body["error"].is_string()) << refused->body;

        httplib::Client client("127.0.0.1", port);
        auto wrong = client.Get(path, httplib::Headers{{"Authorization", "Bearer not-the-token"}});
        ASSERT_TRUE(wrong) << path;
        EXPECT_EQ(wrong->status, 401) << path;
    }
}

// Signs in through the form's POST as a browser on the hub's own page would; the reply (303 and the cookie).
httplib::Result sign_in(int port, std::string_view token, const std::string& origin = "") {
    httplib::Client client("127.0.0.1", port);
    httplib::Headers headers;
    headers.emplace("Origin", origin.empty() ? fmt::format("http://127.0.0.1:{}", port) : origin);
    return client.Post("/signin", headers, fmt::format("token={}", token),
                       "application/x-www-form-urlencoded");
}

// "checkin_session=ID" out of a Set-Cookie header.
std::string session_of(const httplib::Response& reply) {
    const auto cookie = reply.get_header_value("Set-Cookie");
    return cookie.substr(0, cookie.find(';'));
}

httplib::Result get_with_cookie(int port, const std::string& path, const std::string& cookie) {
    httplib::Client client("127.0.0.1", port);
    return client.Get(path, httplib::Headers{{"Cookie", cookie}});
}

TEST_F(DashboardRoutes, SigningInSetsAStrictHttpOnlySessionCookieAndLeadsToTheDashboard) {
    auto form = get("/signin", false);
    ASSERT_TRUE(form);
    EXPECT_EQ(form->status, 200);
    EXPECT_NE(form->body.find("<form method=\"post\" action=\"/signin\">"), std::string::npos) << form->body;

    auto signed_in = sign_in(port, test_token);
    ASSERT_TRUE(signed_in);
    EXPECT_EQ(signed_in->status, 303) << signed_in->body;
    EXPECT_EQ(signed_in->get_header_value("Location"), "/dashboard");
    const auto cookie = signed_in->get_header_value("Set-Cookie");
    EXPECT_TRUE(cookie.starts_with("checkin_session=")) << cookie;
    EXPECT_NE(cookie.find("; HttpOnly"), std::string::npos) << cookie;
    EXPECT_NE(cookie.find("; SameSite=Strict"), std::string::npos) << cookie;
    EXPECT_NE(cookie.find("; Path=/"), std::string::npos) << cookie;
    EXPECT_EQ(cookie.find("; Secure"), std::string::npos)
        << "plain HTTP here: a Secure cookie would not return";
    const std::string session = session_of(*signed_in);
    EXPECT_EQ(session.size(), std::string_view("checkin_session=").size() + 64) << session;
    EXPECT_EQ(session.find(test_token), std::string::npos) << "the cookie holds a session id, not the token";

    auto answer = get_with_cookie(port, "/api/v1/dashboard?date=2026-11-29", session);
    ASSERT_TRUE(answer);
    EXPECT_EQ(answer->status, 200) << answer->body;
    EXPECT_EQ(answer->get_header_value("Cache-Control"), "no-store");

    // Another sign-in gets another id.
    auto again = sign_in(port, test_token);
    ASSERT_TRUE(again);
    EXPECT_NE(session_of(*again), session);
}

TEST_F(DashboardRoutes, SigningOutEndsTheSession) {
    auto signed_in = sign_in(port, test_token);
    ASSERT_TRUE(signed_in);
    const std::string session = session_of(*signed_in);
    httplib::Client client("127.0.0.1", port);
    auto signed_out = client.Post(
        "/signout",
        httplib::Headers{{"Cookie", session}, {"Origin", fmt::format("http://127.0.0.1:{}", port)}}, "",
        "application/x-www-form-urlencoded");
    ASSERT_TRUE(signed_out);
    EXPECT_EQ(signed_out->status, 303);
    EXPECT_EQ(signed_out->get_header_value("Location"), "/signin");
    EXPECT_NE(signed_out->get_header_value("Set-Cookie").find("Max-Age=0"), std::string::npos);
    auto refused = get_with_cookie(port, "/api/v1/dashboard", session);
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->status, 401);
}

TEST_F(DashboardRoutes, ARevokedTokensSessionIsRefusedOnTheNextRequest) {
    auto signed_in = sign_in(port, test_token);
    ASSERT_TRUE(signed_in);
    const std::string session = session_of(*signed_in);
    auto before = get_with_cookie(port, "/api/v1/dashboard", session);
    ASSERT_TRUE(before);
    EXPECT_EQ(before->status, 200);
    server->revoke();
    auto after = get_with_cookie(port, "/api/v1/dashboard", session);
    ASSERT_TRUE(after);
    EXPECT_EQ(after->status, 401) << after->body;
}

TEST_F(DashboardRoutes, AWrongTokenOrAnotherSitesFormCannotSignIn) {
    auto wrong = sign_in(port, "not-the-token");
    ASSERT_TRUE(wrong);
    EXPECT_EQ(wrong->status, 401);
    EXPECT_FALSE(wrong->has_header("Set-Cookie"));

    auto cross_site = sign_in(port, test_token, "https://evil.example");
    ASSERT_TRUE(cross_site);
    EXPECT_EQ(cross_site->status, 403);
    EXPECT_FALSE(cross_site->has_header("Set-Cookie"));

    httplib::Client client("127.0.0.1", port);
    auto fetched_cross_site =
        client.Post("/signin", httplib::Headers{{"Sec-Fetch-Site", "cross-site"}},
                    fmt::format("token={}", test_token), "application/x-www-form-urlencoded");
    ASSERT_TRUE(fetched_cross_site);
    EXPECT_EQ(fetched_cross_site->status, 403);
    EXPECT_FALSE(fetched_cross_site->has_header("Set-Cookie"));
}

TEST_F(DashboardRoutes, ATokenInTheAddressIsRefusedWithHowToSignIn) {
    for (const std::string path : {"/?token=abc", "/dashboard?token=abc", "/signin?token=abc",
                                   "/api/v1/dashboard?token=abc", "/api/v1/export.csv?token=abc"}) {
        auto refused = get(path, false);
        ASSERT_TRUE(refused) << path;
        EXPECT_EQ(refused->status, 400) << path;
        EXPECT_NE(refused->body.find("/signin"), std::string::npos) << refused->body;
    }
}

TEST(DashboardRoutesByRole, AKioskTokenCannotSignIn) {
    TempDir directory;
    ASSERT_NO_FATAL_FAILURE(write_hub_file(directory.file("hub.db")));
    DashboardServer server(directory.file("hub.db"), std::string(test_token), TokenRole::kiosk);
    auto refused = sign_in(server.port(), test_token);
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->status, 403);
    EXPECT_NE(refused->body.find("kiosk"), std::string::npos) << refused->body;
    EXPECT_FALSE(refused->has_header("Set-Cookie"));
    httplib::Client client("127.0.0.1", server.port());
    auto bearer = client.Get("/api/v1/dashboard",
                             httplib::Headers{{"Authorization", fmt::format("Bearer {}", test_token)}});
    ASSERT_TRUE(bearer);
    EXPECT_EQ(bearer->status, 403);
}

TEST(DashboardRoutesByRole, ADashboardSessionSeesTheFiguresButNotTheExports) {
    TempDir directory;
    ASSERT_NO_FATAL_FAILURE(write_hub_file(directory.file("hub.db")));
    DashboardServer server(directory.file("hub.db"), std::string(test_token), TokenRole::dashboard);
    auto signed_in = sign_in(server.port(), test_token);
    ASSERT_TRUE(signed_in);
    ASSERT_EQ(signed_in->status, 303);
    const std::string session = session_of(*signed_in);
    auto figures = get_with_cookie(server.port(), "/api/v1/dashboard", session);
    ASSERT_TRUE(figures);
    EXPECT_EQ(figures->status, 200);
    for (const std::string path : {"/api/v1/export.csv", "/api/v1/export.xlsx"}) {
        auto refused = get_with_cookie(server.port(), path, session);
        ASSERT_TRUE(refused) << path;
        EXPECT_EQ(refused->status, 403) << path;
        EXPECT_EQ(refused->get_header_value("Content-Type"), "text/html; charset=utf-8");
        EXPECT_NE(refused->body.find("only an organiser"), std::string::npos) << refused->body;
        EXPECT_EQ(refused->body.find("Kowalsk"), std::string::npos) << "no personal data in the refusal";
    }
}

TEST_F(DashboardRoutes, AnOrganiserSessionExports) {
    auto signed_in = sign_in(port, test_token);
    ASSERT_TRUE(signed_in);
    const std::string session = session_of(*signed_in);
    for (const std::string path : {"/api/v1/export.csv", "/api/v1/export.xlsx"}) {
        auto exported = get_with_cookie(port, path, session);
        ASSERT_TRUE(exported) << path;
        EXPECT_EQ(exported->status, 200) << path;
        EXPECT_NE(exported->get_header_value("Content-Disposition").find("attachment"), std::string::npos);
    }
}

TEST_F(DashboardRoutes, TheDashboardJsonReadsTheHubFile) {
    auto answer = get("/api/v1/dashboard?date=2026-11-29");
    ASSERT_TRUE(answer);
    ASSERT_EQ(answer->status, 200) << answer->body;
    EXPECT_EQ(answer->get_header_value("Content-Type"), "application/json; charset=utf-8");
    const auto json = nlohmann::json::parse(answer->body);
    // The hand-made hub without the walk-in and the cancelled delegate: expected A, B, D, H = 4; checked in
    // A and B = 2 (the hub's own journal says so: attendance comes from Mirror::all_delegates).
    EXPECT_EQ(json["event"]["name"], "Kongres Testowy");
    EXPECT_EQ(json["today"], "2026-11-29");
    EXPECT_EQ(json["totals"]["expected_today"], 4);
    EXPECT_EQ(json["totals"]["checked_in_today"], 2);
    EXPECT_EQ(json["totals"]["checked_in_any_day"], 3);
    EXPECT_EQ(json["duplicates"]["count"], 3);
    EXPECT_EQ(json["duplicates"]["today"], 2);
    EXPECT_EQ(json["reprints"]["today"], 22);
    EXPECT_EQ(json["reprints"]["total"], 25);
    EXPECT_EQ(json["by_voivodeship"][0]["name"], "lubuskie");
    EXPECT_EQ(answer->get_header_value("Cache-Control"), "no-store");
}

// Today at the venue when it is an event day, else the nearest event day: after the event (as this test
// runs, the hand-made event being in November 2026) its last day rather than "0 / 0".
TEST_F(DashboardRoutes, WithoutADateItIsTheEventDayNearestToTodayAtTheVenue) {
    auto answer = get("/api/v1/dashboard");
    ASSERT_TRUE(answer);
    ASSERT_EQ(answer->status, 200) << answer->body;
    const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
    const auto json = nlohmann::json::parse(answer->body);
    const Day venue_today = local_day(now);
    EXPECT_EQ(json["venue_today"], format_iso_day(venue_today));
    EXPECT_EQ(json["today"], format_iso_day(dashboard_default_day(test_event().days, venue_today)));
    if (venue_today > second_day) {
        EXPECT_EQ(json["today"], "2026-11-30");
        EXPECT_GT(json["totals"]["expected_today"].get<int>(), 0) << answer->body;
    }
}

// After `kiosk-hub purge` the people are gone and the report is not: the day's totals and the tables by
// partnership and voivodeship read as before, from the counts the purge kept.
TEST_F(DashboardRoutes, AfterAPurgeTheDashboardReadsTheSameFromTheKeptCounts) {
    auto before = get("/api/v1/dashboard?date=2026-11-29");
    ASSERT_TRUE(before);
    ASSERT_EQ(before->status, 200) << before->body;
    const auto json_before = nlohmann::json::parse(before->body);
    server.reset();
    {
        auto store = open_sqlite_hub_store(hub_file);
        ASSERT_TRUE(store.has_value()) << store.error().message;
        auto purged = (*store)->purge({});
        ASSERT_TRUE(purged.has_value()) << purged.error().message;
        EXPECT_GT(purged->delegates, 0U);
    }
    server.emplace(hub_file, std::string(test_token));
    port = server->port();
    auto after = get("/api/v1/dashboard?date=2026-11-29");
    ASSERT_TRUE(after);
    ASSERT_EQ(after->status, 200) << after->body;
    const auto json_after = nlohmann::json::parse(after->body);
    EXPECT_EQ(json_after["totals"]["expected_today"], json_before["totals"]["expected_today"]);
    EXPECT_EQ(json_after["totals"]["checked_in_today"], json_before["totals"]["checked_in_today"]);
    EXPECT_EQ(json_after["by_partnership"], json_before["by_partnership"]);
    EXPECT_EQ(json_after["by_voivodeship"], json_before["by_voivodeship"]);
    EXPECT_GT(json_after["by_partnership"].size(), 1U);
    EXPECT_EQ(json_after["duplicates"]["count"], 0) << "the names are gone with the people";
}

TEST_F(DashboardRoutes, AnUnreadableDateIsABadRequest) {
    auto answer = get("/api/v1/dashboard?date=29.11.2026");
    ASSERT_TRUE(answer);
    EXPECT_EQ(answer->status, 400);
    EXPECT_NE(answer->body.find("date"), std::string::npos) << answer->body;
}

TEST_F(DashboardRoutes, TheCsvExportIsAnAttachment) {
    auto answer = get("/api/v1/export.csv?date=2026-11-29");
    ASSERT_TRUE(answer);
    ASSERT_EQ(answer->status, 200) << answer->body;
    EXPECT_EQ(answer->get_header_value("Content-Type"), "text/csv; charset=utf-8");
    EXPECT_EQ(answer->get_header_value("Content-Disposition"),
              "attachment; filename=\"obecnosc-2026-11-29.csv\"");
    EXPECT_TRUE(answer->body.starts_with("\xEF\xBB\xBF"
                                         "Kod;Imię;Nazwisko;"));
    EXPECT_NE(answer->body.find("C-003;Cezary;Ślęzak;"), std::string::npos);
}

TEST_F(DashboardRoutes, TheXlsxExportIsAnAttachment) {
    auto answer = get("/api/v1/export.xlsx?date=2026-11-29");
    ASSERT_TRUE(answer);
    ASSERT_EQ(answer->status, 200) << answer->body;
    EXPECT_EQ(answer->get_header_value("Content-Type"),
              "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    EXPECT_EQ(answer->get_header_value("Content-Disposition"),
              "attachment; filename=\"obecnosc-2026-11-29.xlsx\"");
    EXPECT_TRUE(answer->body.starts_with("PK\x03\x04"));
}

} // namespace
} // namespace checkin::sync
