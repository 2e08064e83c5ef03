#include "sync/roster/event_days.hpp"

#include <chrono>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace checkin::sync {
namespace {

using ::testing::HasSubstr;
using namespace std::chrono_literals;

constexpr Day day_of(int year, unsigned month, unsigned day) {
    return Day{std::chrono::year{year}, std::chrono::month{month}, std::chrono::day{day}};
}

// Days are compared as ISO text so that a failure prints something readable.
std::string iso(std::optional<Day> day) {
    return day ? format_iso_day(*day) : "(none)";
}

std::string iso(const Result<Day>& day) {
    return day ? format_iso_day(*day) : "error: " + day.error().message;
}

std::string iso(const std::vector<Day>& days) {
    std::string text;
    for (const auto& day : days) {
        text += text.empty() ? "" : ",";
        text += format_iso_day(day);
    }
    return text;
}

std::string iso(const Result<std::vector<Day>>& days) {
    return days ? iso(*days) : "error: " + days.error().message;
}

template <typename T> std::string error_of(const Result<T>& result) {
    EXPECT_FALSE(result.has_value());
    if (result.has_value()) {
        return "(no error)";
    }
    EXPECT_EQ(result.error().kind, ErrorKind::invalid_input);
    return result.error().message;
}

const Day november_28 = day_of(2026, 11, 28);
const Day november_29 = day_of(2026, 11, 29);
const Day november_30 = day_of(2026, 11, 30);
const Day december_1 = day_of(2026, 12, 1);

Event serock() {
    return Event{"Kongres Partnerstw, Serock", {november_29, november_30}};
}

TEST(EventDays, ParseIsoDayAcceptsValidDates) {
    EXPECT_EQ(iso(parse_iso_day("2026-11-29")), "2026-11-29");
    EXPECT_EQ(iso(parse_iso_day("2026-01-05")), "2026-01-05");
    EXPECT_EQ(iso(parse_iso_day("2028-02-29")), "2028-02-29"); // leap year
    EXPECT_EQ(iso(parse_iso_day("2026-12-31")), "2026-12-31");
    EXPECT_EQ(parse_iso_day("2026-11-29"), std::optional<Day>(november_29));
}

TEST(EventDays, ParseIsoDayRefusesImpossibleDates) {
    EXPECT_EQ(iso(parse_iso_day("2026-02-30")), "(none)");
    EXPECT_EQ(iso(parse_iso_day("2026-02-29")), "(none)"); // not a leap year
    EXPECT_EQ(iso(parse_iso_day("2026-13-01")), "(none)");
    EXPECT_EQ(iso(parse_iso_day("2026-00-10")), "(none)");
    EXPECT_EQ(iso(parse_iso_day("2026-11-00")), "(none)");
    EXPECT_EQ(iso(parse_iso_day("2026-11-31")), "(none)");
}

TEST(EventDays, ParseIsoDayRefusesOtherShapes) {
    EXPECT_EQ(iso(parse_iso_day("2026-1-5")), "(none)");
    EXPECT_EQ(iso(parse_iso_day("2026-11-29x")), "(none)");
    EXPECT_EQ(iso(parse_iso_day("2026-11-29 ")), "(none)");
    EXPECT_EQ(iso(parse_iso_day(" 2026-11-29")), "(none)");
    EXPECT_EQ(iso(parse_iso_day("2026-11-29-")), "(none)");
    EXPECT_EQ(iso(parse_iso_day("2026-11-29T10:00")), "(none)");
    EXPECT_EQ(iso(parse_iso_day("2026/11/29")), "(none)");
    EXPECT_EQ(iso(parse_iso_day("26-11-29")), "(none)");
    EXPECT_EQ(iso(parse_iso_day("29.11.2026")), "(none)");
    EXPECT_EQ(iso(parse_iso_day("2026--11-29")), "(none)");
    EXPECT_EQ(iso(parse_iso_day("")), "(none)");
    EXPECT_EQ(iso(parse_iso_day("abc")), "(none)");
}

TEST(EventDays, FormatIsoDayPadsWithZeros) {
    EXPECT_EQ(format_iso_day(november_29), "2026-11-29");
    EXPECT_EQ(format_iso_day(day_of(2027, 1, 5)), "2027-01-05");
}

TEST(EventDays, FormatShortDayIsDayDotMonth) {
    EXPECT_EQ(format_short_day(november_29), "29.11");
    EXPECT_EQ(format_short_day(day_of(2027, 1, 5)), "05.01");
    EXPECT_EQ(format_short_day(december_1), "01.12");
}

TEST(EventDays, FormatDayListJoinsShortDays) {
    EXPECT_EQ(format_day_list({november_29, november_30}), "29.11, 30.11");
    EXPECT_EQ(format_day_list({november_29}), "29.11");
    EXPECT_EQ(format_day_list({}), "");
}

TEST(EventDays, ParseRosterDayAcceptsTheWaysRostersWriteDays) {
    EXPECT_EQ(iso(parse_roster_day("29.11", 2026y)), "2026-11-29");
    EXPECT_EQ(iso(parse_roster_day("29.11.2026", 2026y)), "2026-11-29");
    EXPECT_EQ(iso(parse_roster_day("29/11", 2026y)), "2026-11-29");
    EXPECT_EQ(iso(parse_roster_day("29/11/2026", 2026y)), "2026-11-29");
    EXPECT_EQ(iso(parse_roster_day("2026-11-29", 2026y)), "2026-11-29");
    EXPECT_EQ(iso(parse_roster_day("5.1", 2027y)), "2027-01-05");
    EXPECT_EQ(iso(parse_roster_day("05.01", 2027y)), "2027-01-05");
}

TEST(EventDays, ParseRosterDayTakesTheEventYearOnlyWhenNoneIsWritten) {
    EXPECT_EQ(iso(parse_roster_day("29.11", 2027y)), "2027-11-29");
    EXPECT_EQ(iso(parse_roster_day("29.11.2026", 2027y)), "2026-11-29");
    EXPECT_EQ(iso(parse_roster_day("2026-11-29", 2027y)), "2026-11-29");
    EXPECT_EQ(iso(parse_roster_day("29.02", 2028y)), "2028-02-29");
}

TEST(EventDays, ParseRosterDaySaysAnImpossibleDateDoesNotExist) {
    const std::string message = error_of(parse_roster_day("31.11", 2026y));
    EXPECT_THAT(message, HasSubstr("\"31.11\""));
    EXPECT_THAT(message, HasSubstr("not a date that exists"));

    EXPECT_THAT(error_of(parse_roster_day("29.02", 2026y)), HasSubstr("not a date that exists"));
    EXPECT_THAT(error_of(parse_roster_day("30.02.2028", 2026y)), HasSubstr("not a date that exists"));
    EXPECT_THAT(error_of(parse_roster_day("29.13", 2026y)), HasSubstr("not a date that exists"));
    EXPECT_THAT(error_of(parse_roster_day("0.11", 2026y)), HasSubstr("not a date that exists"));
}

TEST(EventDays, ParseRosterDayRefusesOutOfRangeNumbersInsteadOfWrappingThem) {
    // std::chrono::day and month keep only 8 bits: 285 must not turn into 29, nor 267 into 11.
    EXPECT_THAT(iso(parse_roster_day("285.11", 2026y)), HasSubstr("error: "));
    EXPECT_THAT(iso(parse_roster_day("29.267", 2026y)), HasSubstr("error: "));
    EXPECT_THAT(iso(parse_roster_day("32.11", 2026y)), HasSubstr("error: "));
}

TEST(EventDays, ParseRosterDayRefusesText) {
    const std::string message = error_of(parse_roster_day("abc", 2026y));
    EXPECT_THAT(message, HasSubstr("\"abc\""));
    EXPECT_THAT(message, HasSubstr("is not a day"));
    EXPECT_THAT(message, HasSubstr("29.11 or 2026-11-29"));

    EXPECT_THAT(error_of(parse_roster_day("", 2026y)), HasSubstr("is not a day"));
    EXPECT_THAT(error_of(parse_roster_day("29", 2026y)), HasSubstr("is not a day"));
    EXPECT_THAT(error_of(parse_roster_day("29.11.26", 2026y)), HasSubstr("is not a day"));
    EXPECT_THAT(error_of(parse_roster_day("29.11.2026.1", 2026y)), HasSubstr("is not a day"));
    EXPECT_THAT(error_of(parse_roster_day("sobota", 2026y)), HasSubstr("is not a day"));
    EXPECT_THAT(error_of(parse_roster_day("29-11", 2026y)), HasSubstr("is not a day"));
    EXPECT_THAT(error_of(parse_roster_day("29.lis", 2026y)), HasSubstr("is not a day"));
}

TEST(EventDays, ParseRosterDaysSplitsAtCommasSemicolonsAndSpaces) {
    EXPECT_EQ(iso(parse_roster_days("29.11,30.11", 2026y)), "2026-11-29,2026-11-30");
    EXPECT_EQ(iso(parse_roster_days("29.11;30.11", 2026y)), "2026-11-29,2026-11-30");
    EXPECT_EQ(iso(parse_roster_days("29.11 30.11", 2026y)), "2026-11-29,2026-11-30");
    EXPECT_EQ(iso(parse_roster_days("29.11, 30.11", 2026y)), "2026-11-29,2026-11-30");
    EXPECT_EQ(iso(parse_roster_days("29.11,\t30.11", 2026y)), "2026-11-29,2026-11-30");
    EXPECT_EQ(iso(parse_roster_days("29.11,,30.11;", 2026y)), "2026-11-29,2026-11-30");
    EXPECT_EQ(iso(parse_roster_days("2026-11-29,30/11", 2026y)), "2026-11-29,2026-11-30");
    EXPECT_EQ(iso(parse_roster_days("30.11", 2026y)), "2026-11-30");
}

TEST(EventDays, ParseRosterDaysSortsAndDropsRepeats) {
    EXPECT_EQ(iso(parse_roster_days("30.11,29.11", 2026y)), "2026-11-29,2026-11-30");
    EXPECT_EQ(iso(parse_roster_days("30.11 29.11 30.11 2026-11-29", 2026y)), "2026-11-29,2026-11-30");
    EXPECT_EQ(iso(parse_roster_days("01.12;30.11", 2026y)), "2026-11-30,2026-12-01");
}

TEST(EventDays, ParseRosterDaysEmptyMeansNoDays) {
    const auto none = parse_roster_days("", 2026y);
    ASSERT_TRUE(none.has_value());
    EXPECT_TRUE(none->empty());
    const auto blanks = parse_roster_days(" ,; ", 2026y);
    ASSERT_TRUE(blanks.has_value());
    EXPECT_TRUE(blanks->empty());
}

TEST(EventDays, ParseRosterDaysFailsOnAnyBadDay) {
    EXPECT_THAT(error_of(parse_roster_days("29.11,31.11", 2026y)), HasSubstr("\"31.11\""));
    EXPECT_THAT(error_of(parse_roster_days("29.11;sobota", 2026y)), HasSubstr("\"sobota\""));
}

TEST(EventDays, ParseEventDays) {
    EXPECT_EQ(iso(parse_event_days("2026-11-29,2026-11-30")), "2026-11-29,2026-11-30");
    EXPECT_EQ(iso(parse_event_days("2026-11-30, 2026-11-29")), "2026-11-29,2026-11-30");
    EXPECT_EQ(iso(parse_event_days("2026-11-29,2026-11-29")), "2026-11-29");
    EXPECT_EQ(iso(parse_event_days("2026-11-29")), "2026-11-29");

    EXPECT_THAT(error_of(parse_event_days("")), HasSubstr("no event days given"));
    EXPECT_THAT(error_of(parse_event_days(" , ")), HasSubstr("no event days given"));
    EXPECT_THAT(error_of(parse_event_days("29.11,30.11")), HasSubstr("\"29.11\" is not a date"));
    EXPECT_THAT(error_of(parse_event_days("2026-11-29,2026-02-30")), HasSubstr("\"2026-02-30\""));
}

TEST(EventDays, AdmittedOnlyOnTheirDaysDuringTheEvent) {
    const Event event = serock();
    const std::vector<Day> only_sunday{november_30};
    EXPECT_FALSE(admitted_on(only_sunday, event, november_29));
    EXPECT_TRUE(admitted_on(only_sunday, event, november_30));

    const std::vector<Day> only_saturday{november_29};
    EXPECT_TRUE(admitted_on(only_saturday, event, november_29));
    EXPECT_FALSE(admitted_on(only_saturday, event, november_30));

    EXPECT_TRUE(admitted_on({november_29, november_30}, event, november_29));
    EXPECT_TRUE(admitted_on({november_29, november_30}, event, november_30));
}

TEST(EventDays, DayRuleDoesNotApplyOutsideTheEventDays) {
    const Event event = serock();
    const std::vector<Day> only_sunday{november_30};
    EXPECT_TRUE(admitted_on(only_sunday, event, november_28)); // rehearsal
    EXPECT_TRUE(admitted_on(only_sunday, event, december_1));
    EXPECT_TRUE(admitted_on(only_sunday, event, day_of(2026, 1, 1)));
    EXPECT_TRUE(admitted_on(only_sunday, event, day_of(2027, 11, 29)));
}

TEST(EventDays, NoAdmittedDaysMeansEveryDay) {
    const Event event = serock();
    EXPECT_TRUE(admitted_on({}, event, november_29));
    EXPECT_TRUE(admitted_on({}, event, november_30));
    EXPECT_TRUE(admitted_on({}, event, november_28));
}

TEST(EventDays, EventWithoutDaysRefusesNobody) {
    const Event no_days{"Bez dni", {}};
    EXPECT_TRUE(admitted_on({november_30}, no_days, november_29));
    EXPECT_TRUE(admitted_on({november_30}, no_days, november_30));
    EXPECT_TRUE(admitted_on({}, no_days, november_29));
}

TEST(EventDays, ADayWithoutAYearIsTakenInTheYearNearestToday) {
    EXPECT_EQ(parse_roster_day_near("29.11", day_of(2026, 10, 1)).value(), day_of(2026, 11, 29));
    EXPECT_EQ(parse_roster_day_near("29.11", day_of(2026, 12, 5)).value(), day_of(2026, 11, 29))
        << "imported after the event, for the report";
    EXPECT_EQ(parse_roster_day_near("2.01", day_of(2026, 12, 5)).value(), day_of(2027, 1, 2))
        << "across New Year";
    EXPECT_EQ(parse_roster_day_near("29.11.2028", day_of(2026, 12, 5)).value(), day_of(2028, 11, 29))
        << "a written year is kept";
    EXPECT_EQ(parse_roster_day_near("2027-01-02", day_of(2026, 12, 5)).value(), day_of(2027, 1, 2));
    EXPECT_EQ(parse_roster_day_near("29.02", day_of(2027, 3, 1)).value(), day_of(2028, 2, 29))
        << "the nearest year that has the day";
    auto impossible = parse_roster_day_near("31.11", day_of(2026, 12, 5));
    ASSERT_FALSE(impossible.has_value());
    EXPECT_THAT(impossible.error().message, HasSubstr("31.11"));
}

TEST(EventDays, RosterDaysNearTodayAreSortedWithoutRepeats) {
    EXPECT_EQ(parse_roster_days_near("30.11, 29.11;30.11", day_of(2026, 11, 1)).value(),
              (std::vector<Day>{day_of(2026, 11, 29), day_of(2026, 11, 30)}));
}

} // namespace
} // namespace checkin::sync
