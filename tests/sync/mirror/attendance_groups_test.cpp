#include "sync/mirror/attendance_groups.hpp"

#include <chrono>
#include <gtest/gtest.h>
#include <ostream>
#include <string>
#include <vector>

namespace checkin::sync {

// Readable failures: "śląskie 2/1" instead of the bytes.
void PrintTo(const GroupCount& row, std::ostream* out) {
    *out << row.name << ' ' << row.expected << '/' << row.checked_in;
}

namespace {

constexpr Day first_day{std::chrono::year(2026), std::chrono::November, std::chrono::day(29)};
constexpr Day second_day{std::chrono::year(2026), std::chrono::November, std::chrono::day(30)};

DelegateRecord record_of(std::string code, std::string voivodeship, std::vector<Day> days = {},
                         std::vector<Day> attended = {}) {
    DelegateRecord record;
    record.delegate.code = std::move(code);
    record.delegate.voivodeship = std::move(voivodeship);
    record.delegate.days = std::move(days);
    for (const Day day : attended) {
        record.attendance.push_back({day, 1'000, "kiosk-1"});
    }
    return record;
}

TEST(AttendanceGroups, ExpectedMeansActiveAndAdmittedThatDay) {
    auto every_day = record_of("A", "łódzkie");
    EXPECT_TRUE(expected_on(every_day.delegate, first_day));
    EXPECT_TRUE(expected_on(every_day.delegate, second_day));
    const auto second_only = record_of("B", "łódzkie", {second_day});
    EXPECT_FALSE(expected_on(second_only.delegate, first_day));
    EXPECT_TRUE(expected_on(second_only.delegate, second_day));
    every_day.delegate.status = DelegateStatus::cancelled;
    EXPECT_FALSE(expected_on(every_day.delegate, first_day));
}

TEST(AttendanceGroups, AttendanceOnFindsThatDaysArrivalOnly) {
    const auto record = record_of("A", "", {}, {second_day});
    EXPECT_EQ(attendance_on(record, first_day), nullptr);
    ASSERT_NE(attendance_on(record, second_day), nullptr);
    EXPECT_EQ(attendance_on(record, second_day)->day, second_day);
}

TEST(AttendanceGroups, CountsByGroupInPolishOrderWithTheUnnamedGroupLast) {
    std::vector<DelegateRecord> records{
        record_of("A", "śląskie", {}, {first_day}),
        record_of("B", "łódzkie", {}, {second_day}), // arrived, but on the other day
        record_of("C", "lubuskie", {first_day}, {first_day}),
        record_of("D", "", {}, {}),
        record_of("E", "śląskie", {}, {}),
        record_of("F", "pomorskie", {second_day}, {}), // not expected on the first day
        record_of("G", "Śląskie", {}, {first_day}),    // the roster's own spelling is its own group
    };
    auto cancelled = record_of("H", "lubuskie", {}, {first_day});
    cancelled.delegate.status = DelegateStatus::cancelled;
    records.push_back(cancelled);

    const auto rows = count_by_group(records, first_day, &Delegate::voivodeship);
    const std::vector<GroupCount> expected{
        // Case is ignored in the order, so the two spellings of Śląskie stand together.
        {"lubuskie", 1, 1}, {"łódzkie", 1, 0}, {"Śląskie", 1, 1}, {"śląskie", 2, 1}, {"—", 1, 0},
    };
    EXPECT_EQ(rows, expected);
    EXPECT_TRUE(count_by_group({}, first_day, &Delegate::voivodeship).empty());
}

} // namespace
} // namespace checkin::sync
