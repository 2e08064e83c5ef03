// The backoff is pure: every expectation here is arithmetic on the documented rule
// delay = floor(unit × min(cap, base × factor^attempt)).

#include "sync/client/sync_backoff.hpp"

#include <cmath>
#include <gtest/gtest.h>
#include <limits>
#include <random>
#include <vector>

namespace checkin::sync {
namespace {

using std::chrono::milliseconds;

TEST(BackoffCeiling, DoublesFromOneSecondUpToTheCap) {
    EXPECT_EQ(backoff_ceiling(0), milliseconds(1000));
    EXPECT_EQ(backoff_ceiling(1), milliseconds(2000));
    EXPECT_EQ(backoff_ceiling(2), milliseconds(4000));
    EXPECT_EQ(backoff_ceiling(3), milliseconds(8000));
    EXPECT_EQ(backoff_ceiling(4), milliseconds(16000));
    EXPECT_EQ(backoff_ceiling(5), milliseconds(32000));
    EXPECT_EQ(backoff_ceiling(6), milliseconds(60000)); // 64 s is past the cap
    EXPECT_EQ(backoff_ceiling(7), milliseconds(60000));
}

TEST(BackoffCeiling, AVeryLongOutageStaysAtTheCapWithoutOverflow) {
    EXPECT_EQ(backoff_ceiling(1000), milliseconds(60000));
    EXPECT_EQ(backoff_ceiling(std::numeric_limits<std::size_t>::max()), milliseconds(60000));
}

TEST(BackoffCeiling, FollowsOtherSettings) {
    const BackoffSettings settings{milliseconds(100), 3.0, milliseconds(5000)};
    EXPECT_EQ(backoff_ceiling(0, settings), milliseconds(100));
    EXPECT_EQ(backoff_ceiling(1, settings), milliseconds(300));
    EXPECT_EQ(backoff_ceiling(2, settings), milliseconds(900));
    EXPECT_EQ(backoff_ceiling(3, settings), milliseconds(2700));
    EXPECT_EQ(backoff_ceiling(4, settings), milliseconds(5000));
}

TEST(BackoffCeiling, ABaseAboveTheCapIsCapped) {
    const BackoffSettings settings{milliseconds(90000), 2.0, milliseconds(60000)};
    EXPECT_EQ(backoff_ceiling(0, settings), milliseconds(60000));
}

TEST(NextDelay, IsTheRandomShareOfTheCeiling) {
    EXPECT_EQ(next_delay(0, 0.0), milliseconds(0));
    EXPECT_EQ(next_delay(0, 0.5), milliseconds(500));
    EXPECT_EQ(next_delay(3, 0.25), milliseconds(2000));
    EXPECT_EQ(next_delay(10, 0.5), milliseconds(30000));
    EXPECT_EQ(next_delay(2, 0.9999), milliseconds(3999));
}

TEST(NextDelay, StaysBelowTheCeilingWhateverTheRandomNumber) {
    for (std::size_t attempt = 0; attempt < 12; ++attempt) {
        const auto ceiling = backoff_ceiling(attempt);
        for (const double unit :
             {0.0, 1e-12, 0.5, std::nextafter(1.0, 0.0), 1.0, 1.5, -0.5,
              std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity()}) {
            const auto delay = next_delay(attempt, unit);
            EXPECT_GE(delay.count(), 0) << "attempt " << attempt << ", unit " << unit;
            EXPECT_LT(delay, ceiling) << "attempt " << attempt << ", unit " << unit;
        }
    }
}

TEST(NextDelay, OutOfRangeUnitsAreClamped) {
    EXPECT_EQ(next_delay(0, -1.0), milliseconds(0));
    EXPECT_EQ(next_delay(0, std::numeric_limits<double>::quiet_NaN()), milliseconds(0));
    EXPECT_EQ(next_delay(0, 1.0), milliseconds(999));
    EXPECT_EQ(next_delay(0, 7.0), milliseconds(999));
}

TEST(NextDelay, AZeroCeilingGivesNoDelay) {
    const BackoffSettings settings{milliseconds(0), 2.0, milliseconds(60000)};
    EXPECT_EQ(next_delay(5, 0.7, settings), milliseconds(0));
}

// Full jitter: with a uniform random unit, the delays spread evenly over [0, ceiling).
TEST(NextDelay, FullJitterSpreadsDelaysEvenlyBelowTheCeiling) {
    std::mt19937_64 engine(20261129);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    constexpr std::size_t samples = 100000;
    constexpr std::size_t buckets = 10;
    const auto ceiling = backoff_ceiling(4); // 16 s
    std::vector<std::size_t> counts(buckets, 0);
    double sum = 0;
    for (std::size_t index = 0; index < samples; ++index) {
        const auto delay = next_delay(4, unit(engine));
        ASSERT_LT(delay, ceiling);
        sum += static_cast<double>(delay.count());
        ++counts[static_cast<std::size_t>(delay.count()) * buckets /
                 static_cast<std::size_t>(ceiling.count())];
    }
    // Each tenth expects 10,000 samples; 5 standard deviations (≈ 95 each) is a generous margin.
    for (std::size_t bucket = 0; bucket < buckets; ++bucket) {
        EXPECT_NEAR(static_cast<double>(counts[bucket]), samples / buckets, 500.0) << "bucket " << bucket;
    }
    EXPECT_NEAR(sum / samples, static_cast<double>(ceiling.count()) / 2.0, 100.0);
}

TEST(Backoff, GrowsWithEveryFailureAndStartsOverAfterASuccess) {
    Backoff backoff;
    EXPECT_EQ(backoff.failures(), 0U);
    EXPECT_EQ(backoff.next_delay(0.5), milliseconds(500));
    EXPECT_EQ(backoff.next_delay(0.5), milliseconds(1000));
    EXPECT_EQ(backoff.next_delay(0.5), milliseconds(2000));
    EXPECT_EQ(backoff.failures(), 3U);
    backoff.reset();
    EXPECT_EQ(backoff.failures(), 0U);
    EXPECT_EQ(backoff.next_delay(0.5), milliseconds(500));
}

TEST(Backoff, StaysAtTheCapAfterManyFailures) {
    Backoff backoff;
    for (int failure = 0; failure < 50; ++failure) {
        backoff.next_delay(0.5);
    }
    EXPECT_EQ(backoff.next_delay(0.5), milliseconds(30000));
    EXPECT_EQ(backoff.next_delay(std::nextafter(1.0, 0.0)), milliseconds(59999));
}

} // namespace
} // namespace checkin::sync
