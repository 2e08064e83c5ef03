#pragma once

// Fitting text into a box: the part of badge layout that decides sizes and line breaks. Text is never cut:
// it shrinks, then breaks lines (at spaces, and after hyphens, which stay at the end of their line), and as
// a last resort goes below the stated minimum size. Paragraphs (a first name and a last name) each start a
// new line; when one of them cannot reach the minimum size, the others keep their own, larger size rather
// than shrinking with it. Wrapped lines are balanced so that a paragraph's last line is not a lone word.

#include "printing/error.hpp"
#include "printing/text_renderer.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace checkin::printing {

// The smallest size the last resort goes to: 10 dots is about 0.85 mm at 300 dpi, legible up close.
inline constexpr unsigned last_resort_size_dots = 10;

struct TextFitRequest {
    std::vector<std::string> paragraphs; // each starts on a new line; spaces already collapsed
    std::size_t width = 0;               // of the box, in dots
    std::size_t height = 0;
    std::size_t max_lines = 1;
    unsigned min_size = 1; // em sizes in dots; min_size <= max_size
    unsigned max_size = 1;
    bool shrink_first = false; // keep each paragraph on one line down to min_size before wrapping
};

struct FittedLine {
    std::string text;
    unsigned size_dots = 0;

    friend bool operator==(const FittedLine&, const FittedLine&) = default;
};

struct FittedText {
    std::vector<FittedLine> lines;
    bool below_minimum = false; // some line is smaller than min_size

    // The largest and the smallest size of any line (0 when there are no lines).
    unsigned largest_size() const;
    unsigned smallest_size() const;
};

// The text of `request` in its box, or nullopt when it does not fit even at last_resort_size_dots.
// Fails only when the renderer does (a glyph the font lacks, invalid UTF-8).
Result<std::optional<FittedText>> fit_text(TextRenderer& renderer, const TextFitRequest& request);

// `text` with runs of spaces made one and leading and trailing spaces removed.
std::string collapse_spaces(std::string_view text);

} // namespace checkin::printing
