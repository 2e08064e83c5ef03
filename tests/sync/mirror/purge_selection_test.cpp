// Who a purge removes and what it keeps of them (purge_selection.hpp), the rule both the mirror and the
// hub's PostgreSQL store follow.

#include "sync/mirror/purge_selection.hpp"

#include <gtest/gtest.h>

namespace checkin::sync {
namespace {

constexpr Day day(unsigned number) {
    return Day{std::chrono::year{2026}, std::chrono::November, std::chrono::day{number}};
}

DelegateRecord person(std::string code, std::string role, std::vector<Day> days, std::vector<Day> arrived) {
    DelegateRecord record;
    record.delegate.code = std::move(code);
    record.delegate.first_name = "Anna";
    record.delegate.last_name = "Nowak";
    record.delegate.role = std::move(role);
    record.delegate.voivodeship = "mazowieckie";
    record.delegate.partnership = "Partnerstwo Serock";
    record.delegate.days = std::move(days);
    for (const Day arrival : arrived) {
        record.attendance.push_back({arrival, 0, "kiosk-1"});
    }
    return record;
}

const Event event{"Seminarium", {day(29), day(30)}};

TEST(PurgeSelection, EveryoneWithoutADateWithTheirCountsPerDayAndGroup) {
    const std::vector<DelegateRecord> records = {
        person("A", "Uczestnik", {}, {day(29)}),      // every day, came on the first
        person("B", "Uczestnik", {day(29)}, {}),      // first day only, never came
        person("C", "Ekspert", {day(30)}, {day(30)}), // second day only, came
    };
    const auto selection = select_purged(records, event, {});
    EXPECT_EQ(selection.codes, (std::vector<std::string>{"A", "B", "C"}));
    EXPECT_EQ(selection.checked_in_any_day, 2U);
    const std::vector<AnonymousCount> expected = {
        {day(29), "Uczestnik", "mazowieckie", "Partnerstwo Serock", 2, 1},
        {day(30), "Ekspert", "mazowieckie", "Partnerstwo Serock", 1, 1},
        {day(30), "Uczestnik", "mazowieckie", "Partnerstwo Serock", 1, 0},
    };
    EXPECT_EQ(selection.counts, expected);
}

TEST(PurgeSelection, BeforeADayTakesThoseWhoseLastDayEndedBeforeIt) {
    const std::vector<DelegateRecord> records = {
        person("FIRST", "Uczestnik", {day(29)}, {}), person("BOTH", "Uczestnik", {day(29), day(30)}, {}),
        person("EVERY", "Uczestnik", {}, {}), // the event's last day is theirs
    };
    EXPECT_EQ(select_purged(records, event, {day(30)}).codes, (std::vector<std::string>{"FIRST"}));
    const Day december_first{std::chrono::year{2026}, std::chrono::December, std::chrono::day{1}};
    EXPECT_EQ(select_purged(records, event, {december_first}).codes,
              (std::vector<std::string>{"FIRST", "BOTH", "EVERY"}));
    const Event undated{"Bez dni", {}};
    // Without their own days or the event's, nothing says their event is over: kept.
    EXPECT_FALSE(is_purged(records[2].delegate, undated, {day(30)}));
    EXPECT_TRUE(is_purged(records[2].delegate, undated, {}));
}

} // namespace
} // namespace checkin::sync
