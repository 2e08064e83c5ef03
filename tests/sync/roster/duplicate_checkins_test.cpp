#include "sync/roster/duplicate_checkins.hpp"

#include <chrono>
#include <gtest/gtest.h>
#include <string>
#include <vector>

namespace checkin::sync {
namespace {

constexpr Day first_day{std::chrono::year(2026), std::chrono::November, std::chrono::day(29)};
constexpr Day second_day{std::chrono::year(2026), std::chrono::November, std::chrono::day(30)};

CheckinEvent event(std::string id, std::string code, EventKind kind, std::int64_t at, Day day,
                   std::string kiosk = "kiosk-a") {
    CheckinEvent made;
    made.id = std::move(id);
    made.delegate_code = std::move(code);
    made.kind = kind;
    made.at_milliseconds = at;
    made.day = day;
    made.kiosk_id = std::move(kiosk);
    return made;
}

std::vector<std::string> ids_of(const DuplicateCheckins& duplicate) {
    std::vector<std::string> ids;
    for (const CheckinEvent* checkin : duplicate.checkins) {
        ids.push_back(checkin->id);
    }
    return ids;
}

TEST(DuplicateCheckins, NoneInAnEmptyJournalOrWithOneCheckInADay) {
    EXPECT_TRUE(find_duplicate_checkins({}).empty());
    const std::vector<CheckinEvent> events{
        event("a", "CWD-1", EventKind::checkin, 1000, first_day),
        event("b", "CWD-1", EventKind::checkin, 2000, second_day),
        event("c", "CWD-2", EventKind::checkin, 1500, first_day),
        event("d", "CWD-1", EventKind::reprint, 3000, first_day),
        event("e", "CWD-1", EventKind::print, 3000, first_day),
    };
    EXPECT_TRUE(find_duplicate_checkins(events).empty());
}

TEST(DuplicateCheckins, TwoKiosksCheckingInOneDelegateOnOneDayMakeADuplicateEarliestFirst) {
    const std::vector<CheckinEvent> events{
        event("late", "CWD-1", EventKind::checkin, 9000, first_day, "kiosk-b"),
        event("other", "CWD-2", EventKind::checkin, 5000, first_day),
        event("early", "CWD-1", EventKind::checkin, 4000, first_day, "kiosk-a"),
    };
    const auto duplicates = find_duplicate_checkins(events);
    ASSERT_EQ(duplicates.size(), 1U);
    EXPECT_EQ(duplicates[0].delegate_code, "CWD-1");
    EXPECT_EQ(duplicates[0].day, first_day);
    EXPECT_EQ(ids_of(duplicates[0]), (std::vector<std::string>{"early", "late"}));
    EXPECT_EQ(duplicates[0].checkins.front()->kiosk_id, "kiosk-a");
}

TEST(DuplicateCheckins, AnUndoneCheckInDoesNotCountEvenWhenTheUndoIsOnAnotherDay) {
    std::vector<CheckinEvent> events{
        event("first", "CWD-1", EventKind::checkin, 4000, first_day),
        event("second", "CWD-1", EventKind::checkin, 9000, first_day),
    };
    auto undo = event("undo", "CWD-1", EventKind::undo, 90'000'000, second_day);
    undo.undoes = "second";
    events.push_back(undo);
    EXPECT_TRUE(find_duplicate_checkins(events).empty());

    events.push_back(event("third", "CWD-1", EventKind::checkin, 12'000, first_day));
    const auto duplicates = find_duplicate_checkins(events);
    ASSERT_EQ(duplicates.size(), 1U);
    EXPECT_EQ(ids_of(duplicates[0]), (std::vector<std::string>{"first", "third"}));
}

TEST(DuplicateCheckins, CodesMatchWithoutRegardToCaseAsTheMirrorDoes) {
    const std::vector<CheckinEvent> events{
        event("upper", "CWD-7F3K", EventKind::checkin, 4000, first_day),
        event("lower", "cwd-7f3k", EventKind::checkin, 5000, first_day),
    };
    const auto duplicates = find_duplicate_checkins(events);
    ASSERT_EQ(duplicates.size(), 1U);
    EXPECT_EQ(duplicates[0].delegate_code, "CWD-7F3K");
    EXPECT_EQ(duplicates[0].checkins.size(), 2U);
}

TEST(DuplicateCheckins, ThreeCheckInsAreOneDuplicateAndEachDayIsSeparateOrderedByDayThenCode) {
    const std::vector<CheckinEvent> events{
        event("b2-1", "CWD-B", EventKind::checkin, 100, second_day),
        event("b2-2", "CWD-B", EventKind::checkin, 200, second_day),
        event("a1-1", "CWD-A", EventKind::checkin, 300, first_day),
        event("a1-2", "CWD-A", EventKind::checkin, 100, first_day),
        event("a1-3", "CWD-A", EventKind::checkin, 200, first_day),
        event("c1-1", "CWD-C", EventKind::checkin, 100, first_day),
        event("c1-2", "CWD-C", EventKind::checkin, 100, first_day),
    };
    const auto duplicates = find_duplicate_checkins(events);
    ASSERT_EQ(duplicates.size(), 3U);
    EXPECT_EQ(duplicates[0].delegate_code, "CWD-A");
    EXPECT_EQ(ids_of(duplicates[0]), (std::vector<std::string>{"a1-2", "a1-3", "a1-1"}));
    EXPECT_EQ(duplicates[1].delegate_code, "CWD-C");
    // Same time: the id settles it, so every kiosk and the hub list them in the same order.
    EXPECT_EQ(ids_of(duplicates[1]), (std::vector<std::string>{"c1-1", "c1-2"}));
    EXPECT_EQ(duplicates[2].delegate_code, "CWD-B");
    EXPECT_EQ(duplicates[2].day, second_day);
}

} // namespace
} // namespace checkin::sync
