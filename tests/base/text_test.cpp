#include "base/text.hpp"

#include <gtest/gtest.h>
#include <string_view>
#include <vector>

namespace checkin::base {
namespace {

using Words = std::vector<std::string_view>;

TEST(Text, TrimDropsAsciiWhiteSpaceAtBothEnds) {
    EXPECT_EQ(trim(" \t\r\n\v\fvalue with  inner space \r\n"), "value with  inner space");
    EXPECT_EQ(trim(" \t\r\n"), "");
    EXPECT_EQ(trim(""), "");
    EXPECT_EQ(trim("x"), "x");
}

TEST(Text, TrimKeepsNoBreakSpacesAndUtf8Letters) {
    EXPECT_EQ(trim("\xC2\xA0Łódź\xC2\xA0 "), "\xC2\xA0Łódź\xC2\xA0");
    EXPECT_EQ(trim(" Żółć"), "Żółć");
}

TEST(Text, TrimIncludingNoBreakSpacesDropsAnyMixOfBoth) {
    EXPECT_EQ(trim_including_no_break_spaces("\xC2\xA0 \xC2\xA0\tAnna Nowak \xC2\xA0\r\n"), "Anna Nowak");
    EXPECT_EQ(trim_including_no_break_spaces("\xC2\xA0\xC2\xA0"), "");
    EXPECT_EQ(trim_including_no_break_spaces("Anna\xC2\xA0Nowak"), "Anna\xC2\xA0Nowak");
    // A lone 0xA0 byte is not a no-break space in UTF-8: it stays.
    EXPECT_EQ(trim_including_no_break_spaces("\xA0x"), "\xA0x");
}

TEST(Text, AsciiLowerChangesOnlyAsciiCapitals) {
    EXPECT_EQ(ascii_lower("QL-820NWB"), "ql-820nwb");
    EXPECT_EQ(ascii_lower("ŁÓDŹ Abc"), "ŁÓdŹ abc"); // only the ASCII D changes
    EXPECT_EQ(ascii_lower(""), "");
}

TEST(Text, SplitWordsDropsEmptyPieces) {
    EXPECT_EQ(split_words("  scan \tABC  wait 10 "), (Words{"scan", "ABC", "wait", "10"}));
    EXPECT_EQ(split_words("a,b"), (Words{"a,b"}));
    EXPECT_EQ(split_words(" ,a, b,,c ,", spaces_tabs_and_commas), (Words{"a", "b", "c"}));
    EXPECT_EQ(split_words(" \t "), Words{});
    EXPECT_EQ(split_words(""), Words{});
    EXPECT_EQ(split_words("one\r\ntwo", ascii_whitespace), (Words{"one", "two"}));
}

} // namespace
} // namespace checkin::base
