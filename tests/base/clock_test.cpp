#include "base/clock.hpp"

#include <chrono>
#include <cstdlib>
#include <ctime>
#include <gtest/gtest.h>
#include <optional>
#include <string>

namespace checkin::base {
namespace {

using namespace std::chrono_literals;

// Sets TZ for one test and puts the previous value back, so other tests see the zone they started with.
class InTimeZone : public ::testing::Test {
protected:
    void SetUp() override {
        if (const char* previous = std::getenv("TZ")) {
            m_previous = previous;
        }
    }
    void TearDown() override {
        if (m_previous) {
            setenv("TZ", m_previous->c_str(), 1);
        } else {
            unsetenv("TZ");
        }
        tzset();
    }
    static void use(const char* zone) {
        setenv("TZ", zone, 1);
        tzset();
    }

private:
    std::optional<std::string> m_previous;
};

std::int64_t unix_milliseconds(std::chrono::sys_days day, std::chrono::milliseconds time_of_day) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(day.time_since_epoch() + time_of_day)
        .count();
}

constexpr auto november_29 = std::chrono::sys_days{2026y / std::chrono::November / 29};

// The sync client used to count "today" by the UTC date: between midnight and 1 a.m. in Warsaw (2 a.m. in
// summer) that is still yesterday. The local day is the venue's.
TEST_F(InTimeZone, LocalDayIsTheVenuesDayNotTheUtcDate) {
    use("Europe/Warsaw");
    const auto half_past_eleven_utc = unix_milliseconds(november_29, 23h + 30min);
    EXPECT_EQ(local_day(half_past_eleven_utc), Day{2026y / std::chrono::November / 30});
    // What the removed today_utc() computed for the same moment:
    EXPECT_EQ(Day{std::chrono::floor<std::chrono::days>(std::chrono::sys_time<std::chrono::milliseconds>(
                  std::chrono::milliseconds(half_past_eleven_utc)))},
              Day{2026y / std::chrono::November / 29});
    EXPECT_EQ(local_day(unix_milliseconds(november_29, 22h + 59min)),
              Day{2026y / std::chrono::November / 29});
}

TEST_F(InTimeZone, LocalTimeGivesTheWallClockAndTheOffset) {
    use("Europe/Warsaw");
    const LocalTime winter = local_time(unix_milliseconds(november_29, 8h + 14min + 5s + 250ms));
    EXPECT_EQ(winter.day, Day{2026y / std::chrono::November / 29});
    EXPECT_EQ(winter.hour, 9);
    EXPECT_EQ(winter.minute, 14);
    EXPECT_EQ(winter.second, 5);
    EXPECT_EQ(winter.millisecond, 250);
    EXPECT_EQ(winter.utc_offset_seconds, 3600);

    const auto july_1 = std::chrono::sys_days{2026y / std::chrono::July / 1};
    const LocalTime summer = local_time(unix_milliseconds(july_1, 22h + 30min));
    EXPECT_EQ(summer.day, Day{2026y / std::chrono::July / 2});
    EXPECT_EQ(summer.hour, 0);
    EXPECT_EQ(summer.utc_offset_seconds, 7200);
}

TEST_F(InTimeZone, TimesBefore1970RoundDown) {
    use("UTC");
    const LocalTime local = local_time(-1);
    EXPECT_EQ(local.day, Day{1969y / std::chrono::December / 31});
    EXPECT_EQ(local.hour, 23);
    EXPECT_EQ(local.minute, 59);
    EXPECT_EQ(local.second, 59);
    EXPECT_EQ(local.millisecond, 999);
}

TEST(Clock, TheDateOverrideStandsInForToday) {
    const Day rehearsal{2026y / std::chrono::November / 27};
    EXPECT_EQ(Clock{rehearsal}.today(), rehearsal);
}

} // namespace
} // namespace checkin::base
