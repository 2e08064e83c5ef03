#include "base/ini_lines.hpp"
#include "base/text.hpp"

#include <gtest/gtest.h>
#include <string>
#include <vector>

namespace checkin::base {
namespace {

const base::IniWords section_words{.header = "section", .header_example = "[section]"};

TEST(IniLines, HeadersAndSettingsInOrderWithTheirLineNumbers) {
    const auto lines = base::read_ini_lines("# a comment\n"
                                            "name = Seminarium\n"
                                            "\n"
                                            "  [ printer ]  # the label printer\n"
                                            "device=usb://04f9:209d\r\n"
                                            "\tmedia =   62x100   \n"
                                            "notes =\n",
                                            section_words);
    ASSERT_TRUE(lines.has_value()) << lines.error().message;
    ASSERT_EQ(lines->size(), 5U);
    EXPECT_EQ((*lines)[0].kind, base::IniLine::Kind::setting);
    EXPECT_EQ((*lines)[0].number, 2U);
    EXPECT_EQ((*lines)[0].key, "name");
    EXPECT_EQ((*lines)[0].value, "Seminarium");
    EXPECT_EQ((*lines)[1].kind, base::IniLine::Kind::header);
    EXPECT_EQ((*lines)[1].number, 4U);
    EXPECT_EQ((*lines)[1].name, "printer");
    EXPECT_EQ((*lines)[2].value, "usb://04f9:209d"); // the \r of a Windows line end dropped
    EXPECT_EQ((*lines)[3].key, "media");
    EXPECT_EQ((*lines)[3].value, "62x100");
    EXPECT_EQ((*lines)[4].number, 7U);
    EXPECT_EQ((*lines)[4].value, ""); // whether that is allowed is the file's parser's decision
}

TEST(IniLines, EverythingAfterAHashIsAComment) {
    const auto lines = base::read_ini_lines("pin = 12#34\n", section_words);
    ASSERT_TRUE(lines.has_value());
    ASSERT_EQ(lines->size(), 1U);
    EXPECT_EQ((*lines)[0].value, "12");
}

TEST(IniLines, AByteOrderMarkAtTheStartIsSkipped) {
    const auto lines = base::read_ini_lines("\xEF\xBB\xBF[kiosk]\nid = kiosk-1", section_words);
    ASSERT_TRUE(lines.has_value()) << lines.error().message;
    ASSERT_EQ(lines->size(), 2U);
    EXPECT_EQ((*lines)[0].name, "kiosk");
    EXPECT_EQ((*lines)[1].number, 2U);
}

TEST(IniLines, EmptyAndCommentOnlyTextsHaveNoLines) {
    for (const char* text : {"", "\n\n", "# only a comment\n   # another\n"}) {
        const auto lines = base::read_ini_lines(text, section_words);
        ASSERT_TRUE(lines.has_value()) << text;
        EXPECT_TRUE(lines->empty()) << text;
    }
}

TEST(IniLines, TheFirstBadLineIsNamedInTheFilesOwnWords) {
    const base::IniWords profile_words{.header = "profile", .header_example = "[profile-id]"};
    auto lines = base::read_ini_lines("[ok]\n[brother-ql\n", profile_words);
    ASSERT_FALSE(lines.has_value());
    EXPECT_EQ(lines.error().line, 2U);
    EXPECT_EQ(lines.error().message, "a profile header must end with ']': '[brother-ql'");

    lines = base::read_ini_lines("a = 1\njust words\nb\n", section_words);
    ASSERT_FALSE(lines.has_value());
    EXPECT_EQ(lines.error().line, 2U);
    EXPECT_EQ(lines.error().message, "expected 'key = value' or '[section]', found 'just words'");

    lines = base::read_ini_lines("\n\n  = value\n", section_words);
    ASSERT_FALSE(lines.has_value());
    EXPECT_EQ(lines.error().line, 3U);
    EXPECT_EQ(lines.error().message, "a key is missing before '='");
}

TEST(IniLines, LineCountAndTrim) {
    EXPECT_EQ(line_count(""), 1U);
    EXPECT_EQ(line_count("a"), 1U);
    EXPECT_EQ(line_count("a\nb\n"), 3U);
    EXPECT_EQ(trim(" \t value \r"), "value");
    EXPECT_EQ(trim("   "), "");
}

} // namespace
} // namespace checkin::base
