#include "sync/roster/checkin_policy.hpp"

#include <chrono>
#include <cstdint>
#include <gtest/gtest.h>
#include <optional>
#include <string>
#include <vector>

namespace checkin::sync {
namespace {

constexpr Day day_of(int year, unsigned month, unsigned day) {
    return Day{std::chrono::year{year}, std::chrono::month{month}, std::chrono::day{day}};
}

const Day november_28 = day_of(2026, 11, 28);
const Day november_29 = day_of(2026, 11, 29);
const Day november_30 = day_of(2026, 11, 30);

constexpr std::int64_t nine_am = 1'795'939'200'000; // 2026-11-29 09:00 CET, in milliseconds

Event serock() {
    return Event{"Kongres Partnerstw, Serock", {november_29, november_30}};
}

Delegate delegate(std::vector<Day> days, DelegateStatus status = DelegateStatus::active) {
    Delegate result;
    result.code = "CWD-ZPZXSWG7";
    result.first_name = "Barbara";
    result.last_name = "Sikora";
    result.days = std::move(days);
    result.status = status;
    return result;
}

std::string decide(const Delegate& who, std::optional<std::int64_t> checked_in, Day today) {
    return std::string(to_string(decide_checkin(who, checked_in, serock(), today)));
}

TEST(CheckinPolicy, ActiveDelegateNotYetCheckedInIsAdmitted) {
    EXPECT_EQ(decide_checkin(delegate({}), std::nullopt, serock(), november_29), CheckinOutcome::admitted);
    EXPECT_EQ(decide_checkin(delegate({november_29, november_30}), std::nullopt, serock(), november_30),
              CheckinOutcome::admitted);
    EXPECT_EQ(decide_checkin(delegate({november_29}), std::nullopt, serock(), november_29),
              CheckinOutcome::admitted);
}

TEST(CheckinPolicy, SecondScanTheSameDayIsAlreadyCheckedIn) {
    EXPECT_EQ(decide_checkin(delegate({}), nine_am, serock(), november_29),
              CheckinOutcome::already_checked_in);
    EXPECT_EQ(decide_checkin(delegate({november_29}), nine_am, serock(), november_29),
              CheckinOutcome::already_checked_in);
}

TEST(CheckinPolicy, CancelledIsRefusedWhateverElseHolds) {
    EXPECT_EQ(decide_checkin(delegate({}, DelegateStatus::cancelled), std::nullopt, serock(), november_29),
              CheckinOutcome::cancelled);
    EXPECT_EQ(decide_checkin(delegate({}, DelegateStatus::cancelled), nine_am, serock(), november_29),
              CheckinOutcome::cancelled);
    EXPECT_EQ(decide_checkin(delegate({november_30}, DelegateStatus::cancelled), std::nullopt, serock(),
                             november_29),
              CheckinOutcome::cancelled);
    EXPECT_EQ(decide_checkin(delegate({}, DelegateStatus::cancelled), std::nullopt, serock(), november_28),
              CheckinOutcome::cancelled);
}

TEST(CheckinPolicy, EventDayTheDelegateIsNotAdmittedForIsNotRegisteredToday) {
    EXPECT_EQ(decide_checkin(delegate({november_30}), std::nullopt, serock(), november_29),
              CheckinOutcome::not_registered_today);
    EXPECT_EQ(decide_checkin(delegate({november_29}), std::nullopt, serock(), november_30),
              CheckinOutcome::not_registered_today);
}

TEST(CheckinPolicy, OutsideTheEventDaysTheDayRuleDoesNotApply) {
    EXPECT_EQ(decide_checkin(delegate({november_30}), std::nullopt, serock(), november_28),
              CheckinOutcome::admitted);
    EXPECT_EQ(decide_checkin(delegate({november_30}), std::nullopt, serock(), day_of(2026, 12, 1)),
              CheckinOutcome::admitted);
    EXPECT_EQ(decide_checkin(delegate({november_30}), nine_am, serock(), november_28),
              CheckinOutcome::already_checked_in);
}

TEST(CheckinPolicy, EventWithoutDaysAdmitsEveryDay) {
    const Event no_days{"Bez dni", {}};
    EXPECT_EQ(decide_checkin(delegate({november_30}), std::nullopt, no_days, november_29),
              CheckinOutcome::admitted);
}

TEST(CheckinPolicy, DecisionsReadAsTheirNames) {
    EXPECT_EQ(decide(delegate({}), std::nullopt, november_29), "admitted");
    EXPECT_EQ(decide(delegate({}), nine_am, november_29), "already_checked_in");
    EXPECT_EQ(decide(delegate({}, DelegateStatus::cancelled), std::nullopt, november_29), "cancelled");
    EXPECT_EQ(decide(delegate({november_30}), std::nullopt, november_29), "not_registered_today");
}

TEST(CheckinPolicy, EveryOutcomeHasItsName) {
    EXPECT_EQ(to_string(CheckinOutcome::admitted), "admitted");
    EXPECT_EQ(to_string(CheckinOutcome::already_checked_in), "already_checked_in");
    EXPECT_EQ(to_string(CheckinOutcome::unknown_code), "unknown_code");
    EXPECT_EQ(to_string(CheckinOutcome::unreadable_code), "unreadable_code");
    EXPECT_EQ(to_string(CheckinOutcome::cancelled), "cancelled");
    EXPECT_EQ(to_string(CheckinOutcome::not_registered_today), "not_registered_today");
}

TEST(CheckinPolicy, DefaultResultIsUnknownCode) {
    const CheckinResult result;
    EXPECT_EQ(result.outcome, CheckinOutcome::unknown_code);
    EXPECT_TRUE(result.code.empty());
    EXPECT_FALSE(result.delegate.has_value());
    EXPECT_FALSE(result.checked_in_at_milliseconds.has_value());
    EXPECT_FALSE(result.event_id.has_value());
}

} // namespace
} // namespace checkin::sync
