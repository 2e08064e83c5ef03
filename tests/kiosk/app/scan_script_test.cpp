#include "kiosk/app/scan_script.hpp"

#include <gtest/gtest.h>

namespace checkin::kiosk {
namespace {

using namespace std::chrono_literals;

std::vector<ScriptLine> parse_ok(std::string_view text) {
    auto parsed = parse_scan_script(text, "test.script");
    EXPECT_TRUE(parsed.has_value()) << (parsed ? "" : parsed.error().message);
    return parsed.value_or(std::vector<ScriptLine>{});
}

std::string parse_error(std::string_view text) {
    auto parsed = parse_scan_script(text, "test.script");
    EXPECT_FALSE(parsed.has_value());
    return parsed ? std::string() : parsed.error().message;
}

TEST(ScanScript, PayloadLinesAreScannedExactlyAsWritten) {
    const auto lines = parse_ok("CWD-7F3KQ2PA\n]Q1CWD-AAAA\nhttps://example.org/checkin?code=CWD-1 \n");
    ASSERT_EQ(lines.size(), 3U);
    EXPECT_EQ(lines[0], (ScriptLine{1, ScriptScan{"CWD-7F3KQ2PA"}}));
    EXPECT_EQ(lines[1], (ScriptLine{2, ScriptScan{"]Q1CWD-AAAA"}}));
    // Trailing blanks are part of what a scanner may send; the lookup normalises them, not the script.
    EXPECT_EQ(lines[2], (ScriptLine{3, ScriptScan{"https://example.org/checkin?code=CWD-1 "}}));
}

TEST(ScanScript, CommentsBlankLinesAndWindowsLineEndingsAreSkipped) {
    const auto lines = parse_ok("# warm-up\r\n\r\n   \nCWD-1\r\n  # indented comment\nsleep 250\r\n");
    ASSERT_EQ(lines.size(), 2U);
    EXPECT_EQ(lines[0], (ScriptLine{4, ScriptScan{"CWD-1"}}));
    EXPECT_EQ(lines[1], (ScriptLine{6, ScriptSleep{250ms}}));
}

TEST(ScanScript, EveryCommandParses) {
    const auto lines =
        parse_ok("scan sleep 5\nscan\ntap digit:1\ntouch 10 20\nhold corner 3000\nhold 5 6 700\n"
                 "type Łukasz Nowak\nkey enter\nkey f2\nprinter media none\n");
    ASSERT_EQ(lines.size(), 10U);
    EXPECT_EQ(lines[0].step, ScriptStep{ScriptScan{"sleep 5"}});
    EXPECT_EQ(lines[1].step, ScriptStep{ScriptScan{""}});
    EXPECT_EQ(lines[2].step, ScriptStep{ScriptTap{"digit:1"}});
    EXPECT_EQ(lines[3].step, (ScriptStep{ScriptTouch{10, 20}}));
    EXPECT_EQ(lines[4].step, (ScriptStep{ScriptHold{true, 0, 0, 3000ms}}));
    EXPECT_EQ(lines[5].step, (ScriptStep{ScriptHold{false, 5, 6, 700ms}}));
    EXPECT_EQ(lines[6].step, ScriptStep{ScriptType{"Łukasz Nowak"}});
    EXPECT_EQ(lines[7].step, ScriptStep{ScriptKey{ScriptKeyName::enter}});
    EXPECT_EQ(lines[8].step, ScriptStep{ScriptKey{ScriptKeyName::f2}});
    EXPECT_EQ(lines[9].step, ScriptStep{ScriptPrinter{"media none"}});
}

TEST(ScanScript, MalformedCommandsNameTheFileAndLine) {
    EXPECT_EQ(parse_error("CWD-1\nsleep soon\n"),
              "test.script:2: sleep takes milliseconds (0 to 86400000), not 'soon'");
    EXPECT_EQ(parse_error("sleep -5"), "test.script:1: sleep takes milliseconds (0 to 86400000), not '-5'");
    EXPECT_EQ(parse_error("key space"),
              "test.script:1: unknown key 'space'; keys are enter, backspace, escape, tab and f2");
    EXPECT_EQ(parse_error("touch 10"), "test.script:1: touch takes two pixel coordinates X Y, not '10'");
    EXPECT_EQ(parse_error("hold corner"), "test.script:1: hold takes 'corner MS' or 'X Y MS', not 'corner'");
    EXPECT_EQ(parse_error("tap"), "test.script:1: tap takes a button id, e.g. tap language");
    EXPECT_EQ(parse_error("type"), "test.script:1: type takes the text to type, e.g. type lukasz");
    EXPECT_EQ(parse_error("printer"),
              "test.script:1: printer takes a simulator command, e.g. printer media none");
}

TEST(ScanScript, AnEmptyScriptHasNoSteps) {
    EXPECT_TRUE(parse_ok("").empty());
    EXPECT_TRUE(parse_ok("# only a comment\n").empty());
}

} // namespace
} // namespace checkin::kiosk
