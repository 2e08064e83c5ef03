#pragma once

// What the badge tests share: the shipped templates' folder in the source tree, the DejaVu renderers
// (regular, bold and their condensed faces) and the Polish hyphenation, opened once per test suite (opening
// a font costs ~10 ms). Header-only: tests/printing compiles only *_test.cpp files.

#include "printing/badge_layout.hpp"
#include "printing/hyphenation.hpp"
#include "printing/text_renderer.hpp"

#include <filesystem>
#include <gtest/gtest.h>
#include <utility>

namespace checkin::printing {

inline const std::filesystem::path templates_directory = CHECKIN_TEST_DATA "/../../printing/templates";
inline const std::filesystem::path regular_font = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
inline const std::filesystem::path bold_font = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";
// fonts-dejavu-extra: the faces a name too long for its box at the minimum size is set in.
inline const std::filesystem::path condensed_regular_font =
    "/usr/share/fonts/truetype/dejavu/DejaVuSansCondensed.ttf";
inline const std::filesystem::path condensed_bold_font =
    "/usr/share/fonts/truetype/dejavu/DejaVuSansCondensed-Bold.ttf";

class BadgeFontsTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        auto opened_regular = TextRenderer::open(regular_font);
        auto opened_bold = TextRenderer::open(bold_font);
        auto opened_condensed_regular = TextRenderer::open(condensed_regular_font);
        auto opened_condensed_bold = TextRenderer::open(condensed_bold_font);
        auto loaded = Hyphenator::load(polish_hyphenation_patterns);
        ASSERT_TRUE(opened_regular && opened_bold && opened_condensed_regular && opened_condensed_bold &&
                    loaded)
            << "DejaVu (fonts-dejavu-core, fonts-dejavu-extra) or hyphen-pl is missing (.ci/setup)";
        regular = new TextRenderer(std::move(*opened_regular));
        bold = new TextRenderer(std::move(*opened_bold));
        condensed_regular = new TextRenderer(std::move(*opened_condensed_regular));
        condensed_bold = new TextRenderer(std::move(*opened_condensed_bold));
        hyphenator = new Hyphenator(std::move(*loaded));
    }
    static void TearDownTestSuite() {
        delete regular;
        delete bold;
        delete condensed_regular;
        delete condensed_bold;
        delete hyphenator;
        regular = bold = condensed_regular = condensed_bold = nullptr;
        hyphenator = nullptr;
    }

    // As the kiosk and kioskctl set badges (printing::BadgeTypefaces with Debian's files).
    static BadgeFonts every_face() {
        return BadgeFonts{regular, bold, condensed_regular, condensed_bold, hyphenator};
    }

    static inline TextRenderer* regular = nullptr;
    static inline TextRenderer* bold = nullptr;
    static inline TextRenderer* condensed_regular = nullptr;
    static inline TextRenderer* condensed_bold = nullptr;
    static inline Hyphenator* hyphenator = nullptr;
};

} // namespace checkin::printing
