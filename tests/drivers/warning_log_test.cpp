// The scanners' warnings are capped in memory and rate-limited into the log: a scanner that sends nothing
// but rubbish neither grows the kiosk nor floods its journal.

#include "drivers/hid_pos_decoder.hpp"
#include "drivers/warning_log.hpp"

#include <array>
#include <chrono>
#include <cstdint>
#include <gtest/gtest.h>
#include <string>
#include <vector>

namespace checkin::drivers {
namespace {

using namespace std::chrono_literals;

TEST(WarningLog, KeepsAtMostItsCapacityAndSaysHowManyItDidNotKeep) {
    WarningLog log(3);
    for (int index = 0; index < 10; ++index) {
        log.add("warning " + std::to_string(index));
    }
    EXPECT_EQ(log.take(), (std::vector<std::string>{"warning 0", "warning 1", "warning 2",
                                                    "7 more warnings of this scanner were not kept"}));
    EXPECT_TRUE(log.take().empty()) << "taking empties it";
    log.add("a");
    log.add("b");
    log.add("c");
    log.add("d");
    EXPECT_EQ(log.take().back(), "1 more warning of this scanner was not kept");
}

TEST(WarningThrottle, LetsTenLinesAMinuteThroughAndCountsTheRest) {
    WarningThrottle throttle(10);
    const auto start = std::chrono::steady_clock::time_point{} + 1h;
    std::vector<std::string> many(25, "a report of the wrong size");
    EXPECT_EQ(throttle.pass(many, start).size(), 10U);
    EXPECT_TRUE(throttle.pass(many, start + 30s).empty()) << "the minute's ten are used";
    const auto next_minute = throttle.pass({"one more"}, start + 61s);
    EXPECT_EQ(next_minute,
              (std::vector<std::string>{"40 scanner warnings held back in the last minute", "one more"}));
    EXPECT_EQ(throttle.pass({}, start + 200s).size(), 0U) << "nothing held back, nothing to say";
}

TEST(WarningLog, ADecoderFedAMillionBadReportsHoldsOnlyItsCapacity) {
    HidPosDecoder decoder("usb://scanner");
    const std::array<std::uint8_t, 5> wrong_size{0x02, 1, 2, 3, 4};
    const auto time = std::chrono::steady_clock::time_point{};
    for (int index = 0; index < 1'000'000; ++index) {
        decoder.feed(wrong_size, time);
    }
    const auto warnings = decoder.take_warnings();
    ASSERT_EQ(warnings.size(), WarningLog::default_capacity + 1);
    EXPECT_EQ(warnings.back(), "999936 more warnings of this scanner were not kept");
}

} // namespace
} // namespace checkin::drivers
