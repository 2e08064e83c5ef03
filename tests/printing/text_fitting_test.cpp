#include "printing/hyphenation.hpp"
#include "printing/text_fitting.hpp"
#include "tests/printing/badge_fonts_fixture.hpp"

#include <algorithm>
#include <cstddef>
#include <gtest/gtest.h>
#include <sstream>
#include <string>
#include <vector>

namespace checkin::printing {
namespace {

class TextFitting : public BadgeFontsTest {
protected:
    static std::size_t width_of(const std::string& text, unsigned size) {
        const auto extent = regular->measure(text, size);
        EXPECT_TRUE(extent);
        return extent ? extent->width : 0;
    }

    // The lines a plain first-fit breaker gives at `size`: what balancing must improve on.
    static std::vector<std::string> greedy_lines(const std::string& paragraph, unsigned size,
                                                 std::size_t width) {
        std::vector<std::string> lines;
        std::istringstream words(paragraph);
        std::string word;
        std::string current;
        while (words >> word) {
            const std::string candidate = current.empty() ? word : current + " " + word;
            if (current.empty() || width_of(candidate, size) <= width) {
                current = candidate;
            } else {
                lines.push_back(current);
                current = word;
            }
        }
        lines.push_back(current);
        return lines;
    }

    static std::size_t widest(const std::vector<std::string>& lines, unsigned size) {
        std::size_t widest = 0;
        for (const std::string& line : lines) {
            widest = std::max(widest, width_of(line, size));
        }
        return widest;
    }
};

TEST_F(TextFitting, ShortTextTakesTheMaximumSizeOnOneLine) {
    TextFitRequest request{{"Gmina Serock"}, 600, 200, 3, 30, 50, false};
    const auto fitted = fit_text(*regular, request);
    ASSERT_TRUE(fitted);
    ASSERT_TRUE(*fitted);
    ASSERT_EQ((*fitted)->lines.size(), 1U);
    EXPECT_EQ((*fitted)->lines[0], (FittedLine{"Gmina Serock", 50}));
    EXPECT_FALSE((*fitted)->below_minimum);
}

TEST_F(TextFitting, WrappedLinesAreBalancedRatherThanLeavingOneWordBehind) {
    const std::string paragraph =
        "Stowarzyszenie Gmin i Powiatów Subregionu Zachodniego Województwa Śląskiego";
    constexpr unsigned size = 40;
    // A width at which first-fit leaves the last word alone on the third line.
    std::size_t width = width_of("Stowarzyszenie Gmin i Powiatów", size);
    std::vector<std::string> greedy = greedy_lines(paragraph, size, width);
    while (greedy.size() == 3 && greedy.back().find(' ') != std::string::npos) {
        width += 10;
        greedy = greedy_lines(paragraph, size, width);
    }
    ASSERT_EQ(greedy.size(), 3U);
    ASSERT_EQ(greedy.back().find(' '), std::string::npos) << greedy.back();

    TextFitRequest request{{paragraph}, width, 1000, 3, size, size, false};
    const auto fitted = fit_text(*regular, request);
    ASSERT_TRUE(fitted);
    ASSERT_TRUE(*fitted);
    std::vector<std::string> lines;
    for (const FittedLine& line : (*fitted)->lines) {
        EXPECT_EQ(line.size_dots, size);
        EXPECT_LE(width_of(line.text, size), width) << line.text;
        lines.push_back(line.text);
    }
    ASSERT_EQ(lines.size(), 3U);
    // The same words in the same order, the widest line no wider than first-fit's, and no lone last word.
    std::string joined = lines[0] + " " + lines[1] + " " + lines[2];
    EXPECT_EQ(joined, paragraph);
    EXPECT_LE(widest(lines, size), widest(greedy, size));
    EXPECT_NE(lines.back().find(' '), std::string::npos) << lines.back();
}

TEST_F(TextFitting, OneLetterWordsNeverEndALine) {
    const std::string paragraph = "Związek Gmin i Powiatów w Dolinie Bugu z Siedzibą w Serocku";
    constexpr unsigned size = 40;
    for (std::size_t width = width_of("Dolinie Bugu", size); width < width_of(paragraph, size); width += 7) {
        TextFitRequest request{{paragraph}, width, 2000, 10, size, size, false};
        const auto fitted = fit_text(*regular, request);
        ASSERT_TRUE(fitted);
        ASSERT_TRUE(*fitted) << width;
        std::string joined;
        for (const FittedLine& line : (*fitted)->lines) {
            for (const char* ending : {" i", " w", " z"}) {
                EXPECT_FALSE(line.text.ends_with(ending)) << width << ": " << line.text;
            }
            EXPECT_LE(width_of(line.text, size), width) << line.text;
            joined += joined.empty() ? line.text : " " + line.text;
        }
        EXPECT_EQ(joined, paragraph);
    }
}

TEST_F(TextFitting, ParagraphThatCannotReachTheMinimumDoesNotShrinkTheOthers) {
    TextFitRequest request{
        {"Łukasz", "Konstantynopolitańczykiewiczówna-Brzęczyszczykiewicz"}, 400, 600, 4, 60, 100, true};
    const auto fitted = fit_text(*bold, request);
    ASSERT_TRUE(fitted);
    ASSERT_TRUE(*fitted);
    const std::vector<FittedLine>& lines = (*fitted)->lines;
    ASSERT_EQ(lines.size(), 3U);
    EXPECT_EQ(lines[0], (FittedLine{"Łukasz", 100}));
    EXPECT_EQ(lines[1].text, "Konstantynopolitańczykiewiczówna-");
    EXPECT_EQ(lines[2].text, "Brzęczyszczykiewicz");
    EXPECT_LT(lines[1].size_dots, 60U);
    EXPECT_EQ(lines[1].size_dots, lines[2].size_dots);
    // As large as the width allows: one dot more and the long word would not fit.
    const auto wider = bold->measure(lines[1].text, lines[1].size_dots + 1);
    ASSERT_TRUE(wider);
    EXPECT_GT(wider->width, 400U);
    EXPECT_TRUE((*fitted)->below_minimum);
    EXPECT_EQ((*fitted)->largest_size(), 100U);
    EXPECT_EQ((*fitted)->smallest_size(), lines[1].size_dots);
}

TEST_F(TextFitting, WithAHyphenatorALongWordIsBrokenByPolishRulesAtTheMinimumSize) {
    // The default badge's name box (54.9 × 28 mm at 300 dpi, 4 lines, 5 to 9 mm) in the condensed bold
    // face: hyphenated, the longest name of the test rosters keeps the minimum size, as one block.
    TextRenderer* condensed = condensed_bold;
    TextFitRequest request{
        {"Łukasz", "Konstantynopolitańczykiewiczówna-Brzęczyszczykiewicz"}, 648, 330, 4, 59, 106, true};
    request.hyphenator = hyphenator;
    request.below_minimum_allowed = false;
    const auto fitted = fit_text(*condensed, request);
    ASSERT_TRUE(fitted);
    ASSERT_TRUE(*fitted) << "not at the minimum size";
    const std::vector<FittedLine>& lines = (*fitted)->lines;
    EXPECT_FALSE((*fitted)->below_minimum);
    // One block: every line at one size, the first name too.
    EXPECT_EQ((*fitted)->largest_size(), (*fitted)->smallest_size());
    EXPECT_GE((*fitted)->smallest_size(), 59U);
    ASSERT_EQ(lines.size(), 4U);
    EXPECT_EQ(lines[0].text, "Łukasz");
    // The last name has no space, so every line of it but the last ends with a hyphen: its own or one
    // where Polish allows a break. Without the hyphens the lines give the name back.
    const auto without_hyphens = [](std::string text) {
        std::erase(text, '-');
        return text;
    };
    std::string last_name;
    for (std::size_t index = 1; index < lines.size(); ++index) {
        const auto extent = condensed->measure(lines[index].text, lines[index].size_dots);
        ASSERT_TRUE(extent);
        EXPECT_LE(extent->width, 648U) << lines[index].text;
        if (index + 1 < lines.size()) {
            EXPECT_TRUE(lines[index].text.ends_with('-')) << lines[index].text;
        }
        last_name += without_hyphens(lines[index].text);
    }
    EXPECT_NE(lines[1].text, "Konstantynopolitańczykiewiczówna-") << "the long word was not hyphenated";
    EXPECT_EQ(last_name, without_hyphens("Konstantynopolitańczykiewiczówna-Brzęczyszczykiewicz"));
}

TEST_F(TextFitting, AskedToStayAtTheTemplatesSizesItSaysSoRatherThanShrinking) {
    // The same box in the ordinary bold face: even hyphenated, the name reaches only 56 dots.
    TextFitRequest request{
        {"Łukasz", "Konstantynopolitańczykiewiczówna-Brzęczyszczykiewicz"}, 648, 330, 4, 59, 106, true};
    request.hyphenator = hyphenator;
    request.below_minimum_allowed = false;
    const auto strict = fit_text(*bold, request);
    ASSERT_TRUE(strict);
    EXPECT_FALSE(*strict);
    request.below_minimum_allowed = true;
    const auto smaller = fit_text(*bold, request);
    ASSERT_TRUE(smaller);
    ASSERT_TRUE(*smaller);
    EXPECT_TRUE((*smaller)->below_minimum);
    EXPECT_EQ((*smaller)->lines.at(1).text, "Konstantynopolitań-") << "hyphenated below the minimum too";
}

TEST_F(TextFitting, ParagraphsShareOneSizeWhenAllReachTheMinimum) {
    TextFitRequest request{{"Maria Magdalena", "Wiśniewska-Grzegorczyk"}, 500, 400, 4, 40, 100, true};
    const auto fitted = fit_text(*bold, request);
    ASSERT_TRUE(fitted);
    ASSERT_TRUE(*fitted);
    EXPECT_EQ((*fitted)->largest_size(), (*fitted)->smallest_size());
    EXPECT_FALSE((*fitted)->below_minimum);
}

TEST_F(TextFitting, TextThatFitsNowhereIsReportedNotCut) {
    TextFitRequest request{{"Konstantynopolitańczykiewiczówna"}, 50, 400, 2, 20, 40, false};
    const auto fitted = fit_text(*regular, request);
    ASSERT_TRUE(fitted);
    EXPECT_FALSE(*fitted);
}

TEST_F(TextFitting, MissingGlyphIsAnError) {
    TextFitRequest request{{"Gmina 中"}, 500, 400, 2, 20, 40, false}; // DejaVu has no CJK ideographs
    const auto fitted = fit_text(*regular, request);
    ASSERT_FALSE(fitted);
    EXPECT_NE(fitted.error().message.find("U+4E2D"), std::string::npos) << fitted.error().message;
}

TEST(CollapseSpaces, MakesRunsOneAndTrimsTheEnds) {
    EXPECT_EQ(collapse_spaces("  Anna   Maria  "), "Anna Maria");
    EXPECT_EQ(collapse_spaces("Wiśniewska-  Grzegorczyk"), "Wiśniewska- Grzegorczyk");
    EXPECT_EQ(collapse_spaces("Wiśniewska-Grzegorczyk"), "Wiśniewska-Grzegorczyk");
    EXPECT_EQ(collapse_spaces("   "), "");
}

} // namespace
} // namespace checkin::printing
