#include "base/progress_bar.hpp"
#include "tests/base/read_to_end.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <string>
#include <unistd.h>

namespace checkin::base {
namespace {

TEST(RenderProgressBar, EmptyAtZeroPercent) {
    EXPECT_EQ(base::render_progress_bar("Importing", 0, 320, 20), "Importing [--------------------]   0%");
}

TEST(RenderProgressBar, HalfAtFiftyPercent) {
    EXPECT_EQ(base::render_progress_bar("Importing", 160, 320, 20), "Importing [##########----------]  50%");
}

TEST(RenderProgressBar, FullAtOneHundredPercent) {
    EXPECT_EQ(base::render_progress_bar("Importing", 320, 320, 20), "Importing [####################] 100%");
}

TEST(RenderProgressBar, RoundsDownBetweenSteps) {
    // 1 of 3 is 33.3%: a third of 30 cells is exactly 10, the percentage is truncated to 33.
    EXPECT_EQ(base::render_progress_bar("Checking ", 1, 3, 30),
              "Checking  [##########--------------------]  33%");
    // 319 of 320 is not done yet: the bar must not show 100% or a full bar.
    EXPECT_EQ(base::render_progress_bar("Importing", 319, 320, 10), "Importing [#########-]  99%");
}

TEST(RenderProgressBar, NothingToDoCountsAsDone) {
    EXPECT_EQ(base::render_progress_bar("Importing", 0, 0, 20), "Importing [####################] 100%");
    EXPECT_EQ(base::render_progress_bar("Importing", 5, 0, 4), "Importing [####] 100%");
}

TEST(RenderProgressBar, MoreDoneThanTotalClampsToFull) {
    EXPECT_EQ(base::render_progress_bar("Importing", 400, 320, 20), "Importing [####################] 100%");
    EXPECT_EQ(base::render_progress_bar("Importing", static_cast<std::size_t>(-1), 1, 8),
              "Importing [########] 100%");
}

TEST(RenderProgressBar, ZeroWidthShowsOnlyThePercentage) {
    EXPECT_EQ(base::render_progress_bar("Importing", 1, 2, 0), "Importing []  50%");
}

TEST(ProgressBar, DrawsNothingWhenTheStreamIsNotATerminal) {
    std::FILE* file = std::tmpfile();
    ASSERT_NE(file, nullptr);
    {
        base::ProgressBar bar("Importing", file);
        bar.update(1, 2);
        bar.update(2, 2);
        bar.finish();
    }
    EXPECT_EQ(std::ftell(file), 0L) << "a log or a pipe must get no carriage-return noise";
    std::fclose(file);
}

} // namespace
} // namespace checkin::base

namespace checkin::base {
namespace {

// On a terminal (a pseudo-terminal here) the bar is drawn in place with carriage returns, redrawn only
// when the percentage changes, and the line is cleared when it finishes.
TEST(ProgressBar, DrawsInPlaceOnATerminalAndClearsTheLine) {
    const int controller = ::posix_openpt(O_RDWR | O_NOCTTY);
    ASSERT_GE(controller, 0);
    ASSERT_EQ(::grantpt(controller), 0);
    ASSERT_EQ(::unlockpt(controller), 0);
    std::FILE* terminal = std::fopen(::ptsname(controller), "w");
    ASSERT_NE(terminal, nullptr);
    {
        base::ProgressBar bar("Importing", terminal);
        bar.update(0, 200);
        bar.update(1, 200); // still 0%: not redrawn
        bar.update(100, 200);
        bar.update(200, 200);
    }
    std::fclose(terminal);
    // Everything up to the end (the terminal side is closed), not one read(): the pseudo-terminal may
    // hand the bytes over in several pieces.
    const std::string written = test::read_to_end(controller, std::chrono::seconds(10));
    ::close(controller);
    ASSERT_GT(written.size(), 0U);
    // The terminal's output processing may turn "\n" into "\r\n"; the bar writes no newline at all.
    // Built with fmt rather than "\r" + string chains, which g++ 12 -O3 misreports (-Wrestrict, PR105651).
    const auto expected =
        fmt::format("\r{}\r{}\r{}\r\033[K", base::render_progress_bar("Importing", 0, 200, 30),
                    base::render_progress_bar("Importing", 100, 200, 30),
                    base::render_progress_bar("Importing", 200, 200, 30));
    EXPECT_EQ(written, expected);
}

} // namespace
} // namespace checkin::base
