#pragma once

// What the badge tests share: the shipped templates' folder in the source tree and the two DejaVu
// renderers, opened once per test suite (opening a font costs ~10 ms). Header-only: tests/printing
// compiles only *_test.cpp files.

#include "printing/text_renderer.hpp"

#include <filesystem>
#include <gtest/gtest.h>
#include <utility>

namespace checkin::printing {

inline const std::filesystem::path templates_directory = CHECKIN_TEST_DATA "/../../printing/templates";
inline const std::filesystem::path regular_font = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
inline const std::filesystem::path bold_font = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";

class BadgeFontsTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        auto opened_regular = TextRenderer::open(regular_font);
        auto opened_bold = TextRenderer::open(bold_font);
        ASSERT_TRUE(opened_regular && opened_bold);
        regular = new TextRenderer(std::move(*opened_regular));
        bold = new TextRenderer(std::move(*opened_bold));
    }
    static void TearDownTestSuite() {
        delete regular;
        delete bold;
        regular = nullptr;
        bold = nullptr;
    }

    static inline TextRenderer* regular = nullptr;
    static inline TextRenderer* bold = nullptr;
};

} // namespace checkin::printing
