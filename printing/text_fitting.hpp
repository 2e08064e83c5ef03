#pragma once

// Fitting text into a box: the part of badge layout that decides sizes and line breaks. Text is never cut:
// it shrinks, then breaks lines (at spaces, and after hyphens, which stay at the end of their line), then,
// with a hyphenator, breaks words by the language's rules (a hyphen ends the line), and as a last resort
// goes below the stated minimum size. Down to the minimum, paragraphs (a first name and a last name) are
// sized as one block; below it, when one of them cannot reach the minimum, the others keep their own,
// larger size rather than shrinking with it. Wrapped lines are balanced so that a paragraph's last line is
// not a lone word.

#include "printing/error.hpp"
#include "printing/hyphenation.hpp"
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
    // Words too long for the box at min_size are broken where this allows; none: only at spaces and hyphens.
    const Hyphenator* hyphenator = nullptr;
    // false: nullopt rather than any line below min_size, so the caller can try a condensed face first.
    bool below_minimum_allowed = true;
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
