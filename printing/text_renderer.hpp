#pragma once

// Text for badges: a delegate's name turned into printer dots with a TrueType font (SDL_ttf over
// FreeType and HarfBuzz). Names must never be mangled, so a character the font cannot draw is an error
// that names the character, never a silent empty box, and bytes that are not UTF-8 are an error too.
//
// SDL stays behind a pimpl: code that includes this header (layout, tests) neither sees nor links SDL.

#include "printing/bitmap.hpp"
#include "printing/error.hpp"

#include <cstddef>
#include <filesystem>
#include <memory>
#include <string_view>
#include <vector>

namespace checkin::printing {

// The size of a rendered line of text, in printer dots. `height` is the font's full line height
// (ascent + descent), the same for every string at a given size, so lines of a badge share a baseline
// grid; `width` is the advance width of the shaped string.
struct TextExtent {
    std::size_t width = 0;
    std::size_t height = 0;

    friend bool operator==(const TextExtent&, const TextExtent&) = default;
};

// One font file, rendered at any number of sizes. Sizes are given in dots: `size_dots` is the font's em
// size in printer dots (DejaVu Sans' line height is about 1.16 em, so "H" at 100 dots is about 73 dots
// tall and a line is 117 dots high).
//
// Move-only. Not thread-safe per object; separate renderers may be used from separate threads (the
// FreeType library they share is guarded internally). A moved-from renderer may only be assigned to or
// destroyed; calling anything else on it throws std::logic_error.
class TextRenderer {
public:
    // Largest accepted size: 4096 dots is 35 cm at 300 dpi, far beyond any label, and keeps FreeType's
    // 26.6 fixed-point metrics and the rendered surfaces well within range.
    static constexpr unsigned max_size_dots = 4096;

    // Reads `font` (a TrueType/OpenType file) and checks that FreeType can use it. Fails with a message
    // naming the path when the file is missing, unreadable or not a font.
    static Result<TextRenderer> open(const std::filesystem::path& font);

    TextRenderer(TextRenderer&&) noexcept;
    TextRenderer& operator=(TextRenderer&&) noexcept;
    TextRenderer(const TextRenderer&) = delete;
    TextRenderer& operator=(const TextRenderer&) = delete;
    ~TextRenderer();

    // The size render() would produce. Fails like render(): invalid UTF-8, a NUL character, a character
    // the font lacks, or a size of 0 or above max_size_dots.
    Result<TextExtent> measure(std::string_view utf8, unsigned size_dots);

    // `utf8` as one line of black text on white, anti-aliased by FreeType and thresholded at 50 %
    // coverage; the bitmap's size equals measure(). The empty string gives a zero-width bitmap of the
    // line height. A character the font lacks fails with a message naming each one as "U+XXXX 'c'".
    Result<Bitmap> render(std::string_view utf8, unsigned size_dots);

    // Every distinct code point of `utf8` the font has no glyph for, in order of first appearance; empty
    // when the font can draw the whole string. Nothing is skipped: a space or a control character must be
    // in the font too. Invalid UTF-8 is not reported here (measure() and render() reject it); only the
    // well-formed code points are checked.
    std::vector<char32_t> missing_glyphs(std::string_view utf8);

private:
    struct Impl;
    explicit TextRenderer(std::unique_ptr<Impl> impl);
    Impl& impl();

    std::unique_ptr<Impl> m_impl;
};

} // namespace checkin::printing
