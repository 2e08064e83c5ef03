#include "printing/text_renderer.hpp"

#include <algorithm>
#include <array>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace checkin::printing {
namespace {

const std::filesystem::path regular_font = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
const std::filesystem::path bold_font = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";

// Names from real registrations that badge printers have mangled before (all NFC).
constexpr std::array<std::string_view, 7> hard_names{
    "Konstantynopolitańczykiewiczówna",
    "Wiśniewska-Grzegorczyk",
    "Шевченко",
    "Nguyễn Thị Minh Khai",
    "Günther Weiß",
    "Žydrūnas Šimkus",
    "Miłosz Kòrczëk",
};

TextRenderer open_regular() {
    auto renderer = TextRenderer::open(regular_font);
    if (!renderer) {
        throw std::runtime_error(renderer.error().message);
    }
    return std::move(*renderer);
}

Bitmap render_ok(TextRenderer& renderer, std::string_view text, unsigned size) {
    auto bitmap = renderer.render(text, size);
    if (!bitmap) {
        throw std::runtime_error(bitmap.error().message);
    }
    return std::move(*bitmap);
}

// Rows that hold at least one black dot: the glyphs' own height, without the line's empty margins.
std::size_t inked_rows(const Bitmap& bitmap) {
    std::size_t rows = 0;
    for (std::size_t y = 0; y < bitmap.height(); ++y) {
        for (std::size_t x = 0; x < bitmap.width(); ++x) {
            if (bitmap.black(x, y)) {
                ++rows;
                break;
            }
        }
    }
    return rows;
}

TEST(TextRendererTest, EveryHardNameHasAllItsGlyphsAndRenders) {
    TextRenderer renderer = open_regular();
    constexpr unsigned size = 60;
    for (const std::string_view name : hard_names) {
        SCOPED_TRACE(std::string(name));
        EXPECT_TRUE(renderer.missing_glyphs(name).empty());
        auto bitmap = renderer.render(name, size);
        ASSERT_TRUE(bitmap) << bitmap.error().message;
        EXPECT_GT(bitmap->width(), 0U);
        EXPECT_GT(bitmap->black_dots(), 0U);
        // DejaVu Sans' line height (ascent + descent) is 1.164 em, about the 1.2 em "normal" line height
        // of typography; allow ±25 % of 1.2 × size so a different hinting or rounding still passes but a
        // wrong unit (points vs pixels at another DPI: 300/72 = 4.2×) or a clipped line does not.
        const double expected = 1.2 * size;
        EXPECT_GE(static_cast<double>(bitmap->height()), 0.75 * expected);
        EXPECT_LE(static_cast<double>(bitmap->height()), 1.25 * expected);
        // Every name is at least 8 letters of at least a quarter em each.
        EXPECT_GT(bitmap->width(), 2U * size);
    }
}

TEST(TextRendererTest, MeasureEqualsRenderedSize) {
    TextRenderer renderer = open_regular();
    for (const unsigned size : {12U, 33U, 100U, 250U}) {
        for (const std::string_view name : hard_names) {
            SCOPED_TRACE(std::string(name) + " at " + std::to_string(size));
            auto extent = renderer.measure(name, size);
            ASSERT_TRUE(extent) << extent.error().message;
            const Bitmap bitmap = render_ok(renderer, name, size);
            EXPECT_EQ(extent->width, bitmap.width());
            EXPECT_EQ(extent->height, bitmap.height());
        }
    }
}

TEST(TextRendererTest, WidthGrowsWithLengthAndSize) {
    TextRenderer renderer = open_regular();
    const auto width = [&](std::string_view text, unsigned size) {
        auto extent = renderer.measure(text, size);
        EXPECT_TRUE(extent) << extent.error().message;
        return extent ? extent->width : 0;
    };
    EXPECT_LT(width("Wiś", 80), width("Wiśniewska", 80));
    EXPECT_LT(width("Wiśniewska", 80), width("Wiśniewska-Grzegorczyk", 80));
    EXPECT_LT(width("Шевченко", 40), width("Шевченко", 80));
    EXPECT_LT(width("Шевченко", 80), width("Шевченко", 160));
    // Roughly proportional: doubling the size about doubles the width (hinting rounds each glyph).
    const double ratio =
        static_cast<double>(width("Günther Weiß", 200)) / static_cast<double>(width("Günther Weiß", 100));
    EXPECT_NEAR(ratio, 2.0, 0.1);
    // Height depends on the size only, not on the text.
    EXPECT_EQ(renderer.measure("Ж", 90)->height,
              renderer.measure("Konstantynopolitańczykiewiczówna", 90)->height);
}

TEST(TextRendererTest, ThresholdGivesOnlyZeroOrOneAndAPlausibleInkRatio) {
    TextRenderer renderer = open_regular();
    const Bitmap h = render_ok(renderer, "H", 100);
    ASSERT_GT(h.width() * h.height(), 0U);
    // Bitmap::black() only says yes or no; check the ink against a re-set copy, which would differ if any
    // stored dot were something other than 0 or 1.
    Bitmap copy(h.width(), h.height());
    for (std::size_t y = 0; y < h.height(); ++y) {
        for (std::size_t x = 0; x < h.width(); ++x) {
            copy.set(x, y, h.black(x, y));
        }
    }
    EXPECT_EQ(copy, h);
    const double ink = static_cast<double>(h.black_dots()) / static_cast<double>(h.width() * h.height());
    EXPECT_GT(ink, 0.05);
    EXPECT_LT(ink, 0.60);
    // The cap height of DejaVu Sans is 0.73 em: the "H" is about 73 dots tall.
    EXPECT_NEAR(static_cast<double>(inked_rows(h)), 73.0, 4.0);
}

TEST(TextRendererTest, CapitalIHasAVerticalStroke) {
    TextRenderer renderer = open_regular();
    const Bitmap i = render_ok(renderer, "I", 200);
    const std::size_t rows = inked_rows(i);
    ASSERT_GT(rows, 100U);
    std::size_t best = 0;
    for (std::size_t x = 0; x < i.width(); ++x) {
        std::size_t black = 0;
        for (std::size_t y = 0; y < i.height(); ++y) {
            black += i.black(x, y) ? 1U : 0U;
        }
        best = std::max(best, black);
    }
    EXPECT_GE(static_cast<double>(best), 0.6 * static_cast<double>(rows));
}

TEST(TextRendererTest, BoldHasMoreInkThanRegular) {
    TextRenderer regular = open_regular();
    auto bold = TextRenderer::open(bold_font);
    ASSERT_TRUE(bold) << bold.error().message;
    const Bitmap thin = render_ok(regular, "Wiśniewska", 80);
    const Bitmap thick = render_ok(*bold, "Wiśniewska", 80);
    EXPECT_GT(thick.black_dots(), thin.black_dots() * 5 / 4);
}

TEST(TextRendererTest, MissingGlyphIsReportedAndRefused) {
    TextRenderer renderer = open_regular();
    // DejaVu Sans has no CJK ideographs, Hangul or Devanagari (it does have the emoticons, U+1F600...).
    const std::string text = "Wang 中文 김 क";
    EXPECT_EQ(renderer.missing_glyphs(text),
              (std::vector<char32_t>{U'\u4E2D', U'\u6587', U'\uAE40', U'\u0915'}));
    EXPECT_EQ(renderer.missing_glyphs("中中中"), std::vector<char32_t>{U'\u4E2D'}); // each one once

    auto bitmap = renderer.render(text, 50);
    ASSERT_FALSE(bitmap);
    const std::string& message = bitmap.error().message;
    EXPECT_NE(message.find("U+4E2D '中'"), std::string::npos) << message;
    EXPECT_NE(message.find("U+6587 '文'"), std::string::npos) << message;
    EXPECT_NE(message.find("U+AE40 '김'"), std::string::npos) << message;
    EXPECT_NE(message.find("U+0915 'क'"), std::string::npos) << message;
    EXPECT_NE(message.find("DejaVuSans.ttf"), std::string::npos) << message;

    auto extent = renderer.measure("中", 50);
    ASSERT_FALSE(extent);
    EXPECT_NE(extent.error().message.find("U+4E2D"), std::string::npos);
}

TEST(TextRendererTest, SpacesAreCheckedToo) {
    TextRenderer renderer = open_regular();
    EXPECT_TRUE(renderer.missing_glyphs(" ").empty()); // DejaVu has a space; it is checked, not skipped
    EXPECT_TRUE(renderer.missing_glyphs("\u00A0").empty());
    EXPECT_TRUE(renderer.missing_glyphs("").empty());
}

TEST(TextRendererTest, InvalidUtf8Fails) {
    TextRenderer renderer = open_regular();
    for (const std::string_view bad : {
             std::string_view("G\xC3\x28nther"),   // lead byte without a continuation
             std::string_view("\xC0\xAF"),         // overlong "/"
             std::string_view("\xED\xA0\x80"),     // UTF-16 surrogate
             std::string_view("\xF4\x90\x80\x80"), // above U+10FFFF
             std::string_view("Wi\xC5"),           // truncated "ś"
             std::string_view("\x80"),             // stray continuation byte
             std::string_view("\xFF"),
         }) {
        auto bitmap = renderer.render(bad, 40);
        ASSERT_FALSE(bitmap);
        EXPECT_NE(bitmap.error().message.find("UTF-8"), std::string::npos) << bitmap.error().message;
        EXPECT_FALSE(renderer.measure(bad, 40));
    }
    EXPECT_NE(renderer.render("G\xC3\x28nther", 40).error().message.find("offset 1"), std::string::npos);
}

TEST(TextRendererTest, ControlCharactersAndNulFail) {
    TextRenderer renderer = open_regular();
    auto nul = renderer.render(std::string_view("Ann\0a", 5), 40);
    ASSERT_FALSE(nul);
    EXPECT_NE(nul.error().message.find("U+0000"), std::string::npos) << nul.error().message;
    auto newline = renderer.render("Anna\nSmith", 40);
    ASSERT_FALSE(newline);
    EXPECT_NE(newline.error().message.find("U+000A"), std::string::npos) << newline.error().message;
}

TEST(TextRendererTest, SizeOutOfRangeFails) {
    TextRenderer renderer = open_regular();
    EXPECT_FALSE(renderer.render("H", 0));
    EXPECT_FALSE(renderer.measure("H", TextRenderer::max_size_dots + 1));
    EXPECT_TRUE(renderer.measure("H", 1));
}

TEST(TextRendererTest, EmptyTextIsAnEmptyLine) {
    TextRenderer renderer = open_regular();
    const Bitmap empty = render_ok(renderer, "", 50);
    EXPECT_EQ(empty.width(), 0U);
    EXPECT_EQ(empty.height(), renderer.measure("H", 50)->height);
    EXPECT_EQ((TextExtent{empty.width(), empty.height()}), *renderer.measure("", 50));
}

TEST(TextRendererTest, MissingFontFileFailsNamingThePath) {
    const std::filesystem::path missing = "/nonexistent/fonts/NoSuchFont.ttf";
    auto renderer = TextRenderer::open(missing);
    ASSERT_FALSE(renderer);
    EXPECT_NE(renderer.error().message.find(missing.string()), std::string::npos) << renderer.error().message;
}

TEST(TextRendererTest, NonFontFileFailsNamingThePath) {
    const std::filesystem::path not_a_font =
        std::filesystem::temp_directory_path() / "text_renderer_test_not_a_font.ttf";
    {
        std::ofstream file(not_a_font, std::ios::binary);
        file << "this is not a TrueType font";
    }
    auto renderer = TextRenderer::open(not_a_font);
    std::filesystem::remove(not_a_font);
    ASSERT_FALSE(renderer);
    EXPECT_NE(renderer.error().message.find(not_a_font.string()), std::string::npos)
        << renderer.error().message;
}

TEST(TextRendererTest, CyrillicAndVietnameseReallyDifferFromTransliterations) {
    TextRenderer renderer = open_regular();
    constexpr unsigned size = 80;
    EXPECT_NE(render_ok(renderer, "Шевченко", size), render_ok(renderer, "Shevchenko", size));
    EXPECT_NE(render_ok(renderer, "Nguyễn Thị Minh Khai", size),
              render_ok(renderer, "Nguyen Thi Minh Khai", size));

    // Against a fallback that draws every letter as the same box: the Cyrillic letters differ from each
    // other and from the Latin look-alikes.
    EXPECT_NE(render_ok(renderer, "Ш", size), render_ok(renderer, "в", size));
    EXPECT_NE(render_ok(renderer, "ч", size), render_ok(renderer, "н", size));
    EXPECT_NE(render_ok(renderer, "Ш", size), render_ok(renderer, "W", size));

    // The Vietnamese marks are drawn: "ễ" has more ink than "e", and reaches higher.
    const Bitmap plain = render_ok(renderer, "e", size);
    const Bitmap marked = render_ok(renderer, "ễ", size);
    EXPECT_GT(marked.black_dots(), plain.black_dots());
    EXPECT_GT(inked_rows(marked), inked_rows(plain) * 5 / 4);
    // "ị" has its dot below: it reaches lower than "i".
    EXPECT_GT(inked_rows(render_ok(renderer, "ị", size)), inked_rows(render_ok(renderer, "i", size)));
}

TEST(TextRendererTest, RenderingIsDeterministic) {
    TextRenderer renderer = open_regular();
    TextRenderer other = open_regular();
    for (const std::string_view name : hard_names) {
        SCOPED_TRACE(std::string(name));
        const Bitmap first = render_ok(renderer, name, 70);
        EXPECT_EQ(first, render_ok(renderer, name, 70));
        render_ok(renderer, name, 71); // another size in between must not disturb the cached one
        EXPECT_EQ(first, render_ok(renderer, name, 70));
        EXPECT_EQ(first, render_ok(other, name, 70));
    }
}

TEST(TextRendererTest, ManySizesStayCorrectBeyondTheCache) {
    TextRenderer renderer = open_regular();
    const Bitmap reference = render_ok(renderer, "Günther Weiß", 40);
    for (unsigned size = 20; size < 120; ++size) { // 100 sizes: more than the 64 the cache keeps
        ASSERT_TRUE(renderer.measure("Günther Weiß", size));
    }
    EXPECT_EQ(reference, render_ok(renderer, "Günther Weiß", 40));
}

TEST(TextRendererTest, MoveKeepsTheFontAndEmptiesTheSource) {
    TextRenderer renderer = open_regular();
    TextRenderer moved = std::move(renderer);
    EXPECT_TRUE(moved.render("Žydrūnas", 30));
    EXPECT_THROW((void)renderer.measure("x", 30), std::logic_error); // NOLINT(bugprone-use-after-move)
    renderer = std::move(moved);
    EXPECT_TRUE(renderer.render("Žydrūnas", 30));
}

} // namespace
} // namespace checkin::printing
