#include "printing/text_renderer.hpp"

#include "base/utf8.hpp"
#include "printing/ttf_library.hpp"

#include <SDL.h>
#include <SDL_ttf.h>
#include <algorithm>
#include <climits>
#include <cstdint>
#include <fmt/format.h>
#include <fstream>
#include <iterator>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>

// Sizes: we work in printer dots, so a size is a pixel size. SDL_ttf's sizes are points, converted to
// pixels with a DPI (FreeType's FT_Set_Char_Size); opening every font with TTF_OpenFontDPIRW at 72 dpi
// makes one point exactly one pixel, so `size_dots` goes to SDL_ttf unchanged and means "em size in
// dots", whatever the printer's real resolution. TTF_SetFontSizeDPI on a single TTF_Font would work too,
// but it throws away SDL_ttf's glyph cache on every change, and the layout alternates sizes (name,
// company, shrink-to-fit retries); so each size gets its own TTF_Font, kept in an LRU cache. 64 sizes
// hold every size a template's shrink-to-fit visits across many badges: with 8, fonts were reopened on
// nearly every badge, and composing took 7 ms instead of 3 (tests/bench/badge_bench.cpp).
//
// The font file is read into memory once per renderer and every TTF_Font is opened over that buffer
// (SDL_RWFromConstMem), so many sizes cost no extra file handles and one renderer always uses one
// version of the file.
//
// FreeType's library object, which SDL_ttf shares between all fonts, is not thread-safe: every SDL_ttf
// call below holds ttf_mutex(), and TTF_Init/TTF_Quit are paired once per process through the
// reference-counted TtfLibrary handle (printing/ttf_library.hpp) that lives as long as any renderer does.

namespace checkin::printing {

namespace {

constexpr unsigned points_per_inch = 72; // with hdpi = vdpi = 72, 1 pt == 1 px == 1 dot
constexpr int probe_size = 16;           // glyph coverage does not depend on size
constexpr std::size_t max_cached_sizes = 64;

// --- UTF-8 -------------------------------------------------------------------------------------------

struct Decoded {
    std::vector<char32_t> code_points;        // every well-formed code point
    std::optional<std::size_t> first_invalid; // byte offset of the first ill-formed sequence
};

// An ill-formed byte is skipped and the offset of the first one is recorded.
Decoded decode_utf8(std::string_view text) {
    Decoded result;
    result.code_points.reserve(text.size());
    std::size_t offset = 0;
    while (offset < text.size()) {
        const base::utf8::CodePoint decoded = base::utf8::decode_at(text, offset);
        if (decoded.defect != base::utf8::Defect::none) {
            if (!result.first_invalid) {
                result.first_invalid = offset;
            }
        } else {
            result.code_points.push_back(decoded.value);
        }
        offset += decoded.length;
    }
    return result;
}

bool is_control(char32_t c) {
    return c < 0x20 || (c >= 0x7F && c <= 0x9F);
}

// "U+4E2D '中'"; a control character is shown by its code alone (printing it would garble the message).
std::string describe(char32_t c) {
    std::string text = fmt::format("U+{:04X}", static_cast<std::uint32_t>(c));
    if (!is_control(c)) {
        text += " '";
        base::utf8::append(text, c);
        text += "'";
    }
    return text;
}

std::string describe_all(const std::vector<char32_t>& characters) {
    std::string text;
    for (const char32_t c : characters) {
        if (!text.empty()) {
            text += ", ";
        }
        text += describe(c);
    }
    return text;
}

std::vector<char32_t> missing_in(TTF_Font* font, const std::vector<char32_t>& code_points) {
    std::vector<char32_t> missing;
    for (const char32_t c : code_points) {
        if (TTF_GlyphIsProvided32(font, static_cast<Uint32>(c)) == 0 &&
            std::find(missing.begin(), missing.end(), c) == missing.end()) {
            missing.push_back(c);
        }
    }
    return missing;
}

std::size_t to_size(int value) {
    return value > 0 ? static_cast<std::size_t>(value) : 0;
}

} // namespace

struct TextRenderer::Impl {
    struct SizedFont {
        unsigned size = 0;
        FontHandle font;
        std::uint64_t last_used = 0;
    };

    std::filesystem::path path;
    std::shared_ptr<TtfLibrary> library;
    std::vector<char> bytes; // the font file; every TTF_Font reads from here, so it outlives them all
    FontHandle probe;
    std::vector<SizedFont> fonts;
    std::uint64_t clock = 0;

    Impl() = default;
    Impl(const Impl&) = delete;
    Impl& operator=(const Impl&) = delete;

    ~Impl() {
        {
            const std::lock_guard lock(ttf_mutex());
            fonts.clear();
            probe.reset();
        }
        library.reset(); // may TTF_Quit, which takes the lock itself
    }

    // Call with ttf_mutex() held.
    Result<FontHandle> open_at(int size) {
        SDL_RWops* source = SDL_RWFromConstMem(bytes.data(), static_cast<int>(bytes.size()));
        if (source == nullptr) {
            return fail(fmt::format("cannot read the font {}: {}", path.string(), SDL_GetError()),
                        ErrorKind::internal);
        }
        // freesrc = 1: SDL_ttf closes `source` with the font, or right away if opening fails.
        FontHandle font(TTF_OpenFontDPIRW(source, 1, size, points_per_inch, points_per_inch));
        if (!font) {
            return fail(
                fmt::format("cannot use the font {} at {} dots: {}", path.string(), size, TTF_GetError()),
                ErrorKind::internal);
        }
        return font;
    }

    // Call with ttf_mutex() held.
    Result<TTF_Font*> font_at(unsigned size) {
        ++clock;
        for (SizedFont& sized : fonts) {
            if (sized.size == size) {
                sized.last_used = clock;
                return sized.font.get();
            }
        }
        auto font = open_at(static_cast<int>(size));
        if (!font) {
            return std::unexpected(font.error());
        }
        if (fonts.size() >= max_cached_sizes) {
            const auto oldest =
                std::min_element(fonts.begin(), fonts.end(),
                                 [](const auto& a, const auto& b) { return a.last_used < b.last_used; });
            fonts.erase(oldest);
        }
        TTF_Font* opened = font->get();
        fonts.push_back(SizedFont{size, std::move(*font), clock});
        return opened;
    }

    // Everything measure() and render() check before drawing; call with ttf_mutex() held.
    Result<TTF_Font*> prepare(std::string_view utf8, unsigned size) {
        if (size == 0 || size > max_size_dots) {
            return fail(fmt::format("text size {} dots is outside 1 to {} dots", size, max_size_dots));
        }
        const Decoded decoded = decode_utf8(utf8);
        if (decoded.first_invalid) {
            return fail(fmt::format("the text is not valid UTF-8 (byte 0x{:02X} at offset {})",
                                    static_cast<unsigned char>(utf8[*decoded.first_invalid]),
                                    *decoded.first_invalid));
        }
        // A badge line has no use for control characters, and a NUL would cut the C string SDL_ttf sees.
        std::vector<char32_t> controls;
        for (const char32_t c : decoded.code_points) {
            if (is_control(c) && std::find(controls.begin(), controls.end(), c) == controls.end()) {
                controls.push_back(c);
            }
        }
        if (!controls.empty()) {
            return fail(fmt::format("the text contains control characters ({})", describe_all(controls)));
        }
        const std::vector<char32_t> missing = missing_in(probe.get(), decoded.code_points);
        if (!missing.empty()) {
            return fail(fmt::format("the font {} has no glyph for {}", path.filename().string(),
                                    describe_all(missing)));
        }
        return font_at(size);
    }
};

TextRenderer::TextRenderer(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
TextRenderer::TextRenderer(TextRenderer&&) noexcept = default;
TextRenderer& TextRenderer::operator=(TextRenderer&&) noexcept = default;
TextRenderer::~TextRenderer() = default;

TextRenderer::Impl& TextRenderer::impl() {
    if (!m_impl) {
        throw std::logic_error("TextRenderer used after it was moved from");
    }
    return *m_impl;
}

Result<TextRenderer> TextRenderer::open(const std::filesystem::path& font) {
    auto impl = std::make_unique<Impl>();
    impl->path = font;
    {
        std::ifstream file(font, std::ios::binary);
        if (!file) {
            return fail(fmt::format("cannot open the font file {}", font.string()), ErrorKind::io);
        }
        impl->bytes.assign(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
        if (file.bad()) {
            return fail(fmt::format("cannot read the font file {}", font.string()), ErrorKind::io);
        }
    }
    if (impl->bytes.empty() || impl->bytes.size() > static_cast<std::size_t>(INT_MAX)) {
        return fail(fmt::format("the font file {} is empty or too large", font.string()));
    }

    auto library = TtfLibrary::acquire(); // takes ttf_mutex() itself
    if (!library) {
        return std::unexpected(library.error());
    }
    impl->library = std::move(*library);
    const std::lock_guard lock(ttf_mutex());
    auto probe = impl->open_at(probe_size);
    if (!probe) {
        return std::unexpected(probe.error());
    }
    impl->probe = std::move(*probe);
    return TextRenderer(std::move(impl));
}

Result<TextExtent> TextRenderer::measure(std::string_view utf8, unsigned size_dots) {
    Impl& self = impl();
    const std::lock_guard lock(ttf_mutex());
    auto font = self.prepare(utf8, size_dots);
    if (!font) {
        return std::unexpected(font.error());
    }
    if (utf8.empty()) {
        return TextExtent{0, to_size(TTF_FontHeight(*font))};
    }
    const std::string text(utf8); // SDL_ttf wants a NUL-terminated string
    int width = 0;
    int height = 0;
    if (TTF_SizeUTF8(*font, text.c_str(), &width, &height) != 0) {
        return fail(fmt::format("cannot measure the text: {}", TTF_GetError()), ErrorKind::internal);
    }
    return TextExtent{to_size(width), to_size(height)};
}

Result<Bitmap> TextRenderer::render(std::string_view utf8, unsigned size_dots) {
    Impl& self = impl();
    const std::lock_guard lock(ttf_mutex());
    auto font = self.prepare(utf8, size_dots);
    if (!font) {
        return std::unexpected(font.error());
    }
    if (utf8.empty()) {
        return Bitmap(0, to_size(TTF_FontHeight(*font)));
    }

    // Shaded rendering gives an 8-bit paletted surface whose palette runs from the background to the
    // foreground colour in 256 steps of coverage. With black on white, a dot is black when its palette
    // entry is darker than mid-grey, i.e. when the glyph covers at least half of it.
    const std::string text(utf8);
    const SDL_Color black{0, 0, 0, 255};
    const SDL_Color white{255, 255, 255, 255};
    const std::unique_ptr<SDL_Surface, decltype(&SDL_FreeSurface)> surface(
        TTF_RenderUTF8_Shaded(*font, text.c_str(), black, white), &SDL_FreeSurface);
    if (!surface) {
        return fail(fmt::format("cannot render the text: {}", TTF_GetError()), ErrorKind::internal);
    }
    const SDL_PixelFormat* format = surface->format;
    if (format == nullptr || format->BytesPerPixel != 1 || format->palette == nullptr) {
        return fail("SDL_ttf returned an unexpected surface format for shaded text");
    }
    if (SDL_LockSurface(surface.get()) != 0) {
        return fail(fmt::format("cannot read the rendered text: {}", SDL_GetError()), ErrorKind::internal);
    }
    const SDL_Palette& palette = *format->palette;
    const std::size_t width = to_size(surface->w);
    const std::size_t height = to_size(surface->h);
    const std::size_t pitch = to_size(surface->pitch);
    const auto* pixels = static_cast<const std::uint8_t*>(surface->pixels);
    Bitmap bitmap(width, height);
    for (std::size_t y = 0; y < height; ++y) {
        const std::uint8_t* row = pixels + y * pitch;
        for (std::size_t x = 0; x < width; ++x) {
            const std::uint8_t index = row[x];
            const bool dark = static_cast<int>(index) < palette.ncolors && palette.colors[index].r < 128;
            bitmap.set(x, y, dark);
        }
    }
    SDL_UnlockSurface(surface.get());
    return bitmap;
}

std::vector<char32_t> TextRenderer::missing_glyphs(std::string_view utf8) {
    Impl& self = impl();
    const Decoded decoded = decode_utf8(utf8);
    const std::lock_guard lock(ttf_mutex());
    return missing_in(self.probe.get(), decoded.code_points);
}

} // namespace checkin::printing
