#include "printing/bitmap.hpp"

#include <gtest/gtest.h>

namespace checkin::printing {
namespace {

TEST(Bitmap, StartsWhiteAndCountsWhatIsSet) {
    Bitmap bitmap(8, 3);
    EXPECT_EQ(bitmap.width(), 8U);
    EXPECT_EQ(bitmap.height(), 3U);
    EXPECT_EQ(bitmap.black_dots(), 0U);
    bitmap.set(0, 0, true);
    bitmap.set(7, 2, true);
    EXPECT_TRUE(bitmap.black(0, 0));
    EXPECT_TRUE(bitmap.black(7, 2));
    EXPECT_FALSE(bitmap.black(1, 0));
    EXPECT_EQ(bitmap.black_dots(), 2U);
    bitmap.set(0, 0, false);
    EXPECT_EQ(bitmap.black_dots(), 1U);
}

TEST(Bitmap, OutsideReadsWhiteAndIgnoresWrites) {
    Bitmap bitmap(4, 4);
    bitmap.set(4, 0, true);
    bitmap.set(0, 4, true);
    EXPECT_EQ(bitmap.black_dots(), 0U);
    EXPECT_FALSE(bitmap.black(100, 100));
}

TEST(Bitmap, EqualityComparesEveryDot) {
    Bitmap first(5, 5);
    Bitmap second(5, 5);
    EXPECT_EQ(first, second);
    second.set(2, 2, true);
    EXPECT_NE(first, second);
    EXPECT_NE(first, Bitmap(5, 4));
}

} // namespace
} // namespace checkin::printing
