#include "kiosk/app/sdl_painter.hpp"

#include "base/atomic_file.hpp"
#include "base/utf8.hpp"
#include "printing/png.hpp"
#include "printing/ttf_library.hpp"

#include <SDL_ttf.h>
#include <algorithm>
#include <cmath>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <fmt/format.h>
#include <fstream>
#include <ios>
#include <iostream>
#include <map>
#include <set>
#include <span>
#include <stdexcept>
#include <string_view>
#include <system_error>
#include <unistd.h>
#include <utility>
#include <vector>

namespace checkin::kiosk {
namespace {

// ---- SDL and SDL_ttf handles ------------------------------------------------------------------------

struct SurfaceFreer {
    void operator()(SDL_Surface* surface) const noexcept { SDL_FreeSurface(surface); }
};
struct TextureDestroyer {
    void operator()(SDL_Texture* texture) const noexcept { SDL_DestroyTexture(texture); }
};
using printing::FontHandle;
using SurfaceHandle = std::unique_ptr<SDL_Surface, SurfaceFreer>;
using TextureHandle = std::unique_ptr<SDL_Texture, TextureDestroyer>;

// ---- constants --------------------------------------------------------------------------------------

// The size create() opens both fonts at to check them; a common size on the kiosk's screens, so the
// fonts opened are not wasted.
constexpr int probe_font_px = 32;
// Each try at fitting a text is about 6 % smaller than the last: fine enough that a name is not shrunk
// much more than it needs, coarse enough that going from 96 px to 32 px takes under twenty tries.
constexpr double font_shrink_factor = 0.94;
constexpr std::string_view ellipsis = "\u2026";

// A kiosk's screens hold a few dozen texts; 256 covers them all, and dropping everything when a long
// session of searches has filled it is simpler than tracking use and costs one frame's rendering.
constexpr std::size_t text_cache_limit = 256;
// A badge preview is a new file per badge; a handful covers the screens that show one.
constexpr std::size_t picture_cache_limit = 8;

// The card a picture sits on: white like the label, with a thin dark edge so it stands out on a light
// background too.
constexpr Colour card_colour{0xFF, 0xFF, 0xFF};
constexpr Colour card_border_colour{0x30, 0x30, 0x30};
constexpr int card_border_px = 2;
constexpr int card_padding_px = 6;

constexpr int rgb_bytes_per_pixel = 3;

// ---- drawing helpers --------------------------------------------------------------------------------

SDL_Rect to_sdl(const Rect& box) {
    return SDL_Rect{box.x, box.y, box.width, box.height};
}

Rect inset(const Rect& box, int by) {
    return Rect{box.x + by, box.y + by, box.width - 2 * by, box.height - 2 * by};
}

bool is_empty(const Rect& box) {
    return box.width <= 0 || box.height <= 0;
}

void set_colour(SDL_Renderer* renderer, Colour colour) {
    SDL_SetRenderDrawColor(renderer, colour.red, colour.green, colour.blue, SDL_ALPHA_OPAQUE);
}

// A filled rectangle with quarter-circle corners, drawn as a band of full rows in the middle and one row
// per pixel of radius at the top and bottom, each row as wide as the circle is there.
void fill_rounded_rect(SDL_Renderer* renderer, const Rect& box, int corner_radius) {
    if (is_empty(box)) {
        return;
    }
    const int radius = std::clamp(corner_radius, 0, std::min(box.width, box.height) / 2);
    std::vector<SDL_Rect> rows;
    rows.reserve(static_cast<std::size_t>(2 * radius + 1));
    if (box.height - 2 * radius > 0) {
        rows.push_back(SDL_Rect{box.x, box.y + radius, box.width, box.height - 2 * radius});
    }
    for (int row = 0; row < radius; ++row) {
        // The circle's half-width at the middle of this pixel row, measured from the corner's centre.
        const double from_centre = static_cast<double>(radius - row) - 0.5;
        const double half_width =
            std::sqrt(std::max(0.0, static_cast<double>(radius * radius) - from_centre * from_centre));
        const int indent = radius - static_cast<int>(std::lround(half_width));
        const int width = box.width - 2 * indent;
        if (width <= 0) {
            continue;
        }
        rows.push_back(SDL_Rect{box.x + indent, box.y + row, width, 1});
        rows.push_back(SDL_Rect{box.x + indent, box.y + box.height - 1 - row, width, 1});
    }
    SDL_RenderFillRects(renderer, rows.data(), static_cast<int>(rows.size()));
}

// ---- text -------------------------------------------------------------------------------------------

std::uint32_t packed(Colour colour) {
    return (std::uint32_t{colour.red} << 16U) | (std::uint32_t{colour.green} << 8U) |
           std::uint32_t{colour.blue};
}

// Everything that decides how a text block looks apart from where it is: the same name moved to
// another place, or aligned differently, is drawn from the same textures.
struct TextKey {
    std::string text;
    int font_px = 0;
    int minimum_font_px = 0;
    FontWeight weight = FontWeight::regular;
    std::uint32_t colour = 0;
    int width = 0;
    int height = 0;

    auto operator<=>(const TextKey&) const = default;
};

struct TextLine {
    TextureHandle texture; // null for an empty line
    int width = 0;
    int height = 0;
};

struct LaidOutText {
    std::vector<TextLine> lines;
    int line_skip = 0;   // from one line's top to the next
    int font_height = 0; // of one line
};

int text_width(TTF_Font* font, const std::string& text) {
    if (text.empty()) {
        return 0;
    }
    int width = 0;
    int height = 0;
    if (TTF_SizeUTF8(font, text.c_str(), &width, &height) != 0) {
        return 0;
    }
    return width;
}

struct WrappedText {
    std::vector<std::string> lines;
    bool word_too_wide = false; // a single word is wider than the box on its own
};

// Greedy wrapping at spaces: each line takes as many words as fit. A line break in the text starts a
// new line; a word wider than the box gets a line of its own (and is flagged, so the caller shrinks the
// font or cuts it).
WrappedText wrap(TTF_Font* font, std::string_view text, int width) {
    WrappedText wrapped;
    std::size_t paragraph_start = 0;
    while (paragraph_start <= text.size()) {
        const std::size_t paragraph_end = std::min(text.find('\n', paragraph_start), text.size());
        const std::string_view paragraph = text.substr(paragraph_start, paragraph_end - paragraph_start);
        std::string line;
        std::size_t word_start = 0;
        while (word_start < paragraph.size()) {
            const std::size_t word_end = std::min(paragraph.find(' ', word_start), paragraph.size());
            const std::string word(paragraph.substr(word_start, word_end - word_start));
            word_start = word_end + 1;
            if (word.empty()) {
                continue; // runs of spaces
            }
            if (text_width(font, word) > width) {
                wrapped.word_too_wide = true;
            }
            std::string candidate = line.empty() ? word : line + ' ' + word;
            if (line.empty() || text_width(font, candidate) <= width) {
                line = std::move(candidate);
            } else {
                wrapped.lines.push_back(std::move(line));
                line = word;
            }
        }
        wrapped.lines.push_back(std::move(line));
        paragraph_start = paragraph_end + 1;
    }
    return wrapped;
}

// The byte offsets at which the UTF-8 code points of `text` start, and its length at the end: the places
// a line may be cut without splitting a character.
std::vector<std::size_t> code_point_boundaries(const std::string& text) {
    std::vector<std::size_t> boundaries;
    for (std::size_t offset = 0; offset < text.size(); ++offset) {
        if (!base::utf8::is_continuation_byte(text[offset])) {
            boundaries.push_back(offset);
        }
    }
    boundaries.push_back(text.size());
    return boundaries;
}

// The longest start of `line` (the whole line included) that with "…" after it fits `width`: a binary
// search over the code point boundaries (a longer start is never narrower). Just "…" when not even one
// character fits.
std::string cut_with_ellipsis(TTF_Font* font, const std::string& line, int width) {
    const auto with_ellipsis = [&line](std::size_t length) {
        std::string cut = line.substr(0, length);
        // "Warszawy…" rather than "Warszawy,…": a separator left before the cut only adds noise.
        while (!cut.empty() &&
               (cut.back() == ' ' || cut.back() == ',' || cut.back() == ';' || cut.back() == ':')) {
            cut.pop_back();
        }
        return cut + std::string(ellipsis);
    };
    const std::vector<std::size_t> boundaries = code_point_boundaries(line);
    std::size_t fits = 0;                     // index into boundaries known to fit (0: the empty start)
    std::size_t too_long = boundaries.size(); // index known not to fit, or one past the end
    while (too_long - fits > 1) {
        const std::size_t middle = fits + (too_long - fits) / 2;
        if (text_width(font, with_ellipsis(boundaries[middle])) <= width) {
            fits = middle;
        } else {
            too_long = middle;
        }
    }
    return with_ellipsis(boundaries[fits]);
}

int lines_height(std::size_t line_count, int line_skip, int font_height) {
    if (line_count == 0) {
        return 0;
    }
    return static_cast<int>(line_count - 1) * line_skip + font_height;
}

// ---- pictures ---------------------------------------------------------------------------------------

struct PictureTexture {
    std::filesystem::file_time_type modified;
    TextureHandle texture;
    int width = 0;
    int height = 0;
};

// The largest rectangle with the picture's aspect that fits `area`, centred in it; never zero-sized.
Rect fit_centred(int picture_width, int picture_height, const Rect& area) {
    int width = area.width;
    int height = area.height;
    // Compared as cross products (in 64 bits) so no rounding decides which side limits the scale.
    const auto picture_w = static_cast<long long>(picture_width);
    const auto picture_h = static_cast<long long>(picture_height);
    if (picture_w * area.height <= picture_h * area.width) {
        width =
            static_cast<int>((picture_w * area.height + picture_h / 2) / picture_h); // as tall as the area
    } else {
        height =
            static_cast<int>((picture_h * area.width + picture_w / 2) / picture_w); // as wide as the area
    }
    width = std::clamp(width, 1, area.width);
    height = std::clamp(height, 1, area.height);
    return Rect{area.x + (area.width - width) / 2, area.y + (area.height - height) / 2, width, height};
}

// Clips the renderer to a box for as long as it lives, so no way out of a drawing function leaves the
// clip behind for the next element.
class ClipTo {
public:
    ClipTo(SDL_Renderer* renderer, const Rect& box) : m_renderer(renderer) {
        const SDL_Rect clip = to_sdl(box);
        SDL_RenderSetClipRect(m_renderer, &clip);
    }
    ~ClipTo() { SDL_RenderSetClipRect(m_renderer, nullptr); }
    ClipTo(const ClipTo&) = delete;
    ClipTo& operator=(const ClipTo&) = delete;

private:
    SDL_Renderer* m_renderer;
};

} // namespace

// ---- the painter's state ----------------------------------------------------------------------------

struct SdlPainter::State {
    SDL_Renderer* renderer = nullptr;
    FontFiles font_files;
    // Null for a size that failed to open, so it is tried (and reported) once.
    std::map<std::pair<int, FontWeight>, FontHandle> fonts;
    std::map<TextKey, LaidOutText> texts;
    std::map<std::filesystem::path, PictureTexture> pictures;
    std::set<std::string> reported;                           // problems already written to stderr, each once
    std::optional<std::chrono::steady_clock::time_point> now; // what a Countdown or Spinner is drawn at

    State(SDL_Renderer* target, FontFiles files) : renderer(target), font_files(std::move(files)) {}

    void report_once(const std::string& message) {
        if (reported.insert(message).second) {
            std::cerr << "kiosk: " << message << '\n';
        }
    }

    const std::filesystem::path& font_file(FontWeight weight) const {
        return weight == FontWeight::bold ? font_files.bold : font_files.regular;
    }

    FontHandle open_font(int font_px, FontWeight weight) const {
        return FontHandle(TTF_OpenFont(font_file(weight).c_str(), font_px));
    }

    TTF_Font* font(int font_px, FontWeight weight) {
        const auto key = std::pair{font_px, weight};
        auto found = fonts.find(key);
        if (found == fonts.end()) {
            FontHandle opened = open_font(font_px, weight);
            if (!opened) {
                report_once(fmt::format("cannot open the font {} at {} px: {}", font_file(weight).string(),
                                        font_px, TTF_GetError()));
            }
            found = fonts.emplace(key, std::move(opened)).first;
        }
        return found->second.get();
    }

    // ---- panels ----

    void draw(const Panel& panel) {
        SDL_SetRenderDrawBlendMode(renderer, SDL_BLENDMODE_NONE);
        if (panel.border && panel.border_width > 0) {
            // The border is the whole shape in the border colour with the fill drawn over it, inset by the
            // border's width and with the radius that keeps the border equally thick round the corners.
            set_colour(renderer, *panel.border);
            fill_rounded_rect(renderer, panel.box, panel.corner_radius);
            set_colour(renderer, panel.fill);
            fill_rounded_rect(renderer, inset(panel.box, panel.border_width),
                              std::max(0, panel.corner_radius - panel.border_width));
        } else {
            set_colour(renderer, panel.fill);
            fill_rounded_rect(renderer, panel.box, panel.corner_radius);
        }
    }

    // ---- countdowns ----

    void draw(const Countdown& countdown) {
        SDL_SetRenderDrawBlendMode(renderer, SDL_BLENDMODE_NONE);
        set_colour(renderer, countdown.outline);
        fill_rounded_rect(renderer, countdown.box, 0);
        const Rect inside = inset(countdown.box, countdown.outline_width);
        set_colour(renderer, countdown.empty);
        fill_rounded_rect(renderer, inside, 0);
        const double left = now ? countdown.left_at(*now) : 1.0;
        const int filled = static_cast<int>(std::lround(left * inside.width));
        if (filled > 0) {
            set_colour(renderer, countdown.fill);
            fill_rounded_rect(renderer, Rect{inside.x, inside.y, filled, inside.height}, 0);
        }
    }

    // ---- spinners ----

    void draw(const Spinner& spinner) {
        SDL_SetRenderDrawBlendMode(renderer, SDL_BLENDMODE_NONE);
        const int phase = now ? Spinner::phase_at(*now) : 0;
        for (int index = 0; index < Spinner::dot_count; ++index) {
            const Rect dot = spinner.dot(index);
            set_colour(renderer, Spinner::lit(index, phase) ? spinner.colour : spinner.track);
            fill_rounded_rect(renderer, dot, dot.width / 2);
        }
    }

    // ---- text ----

    // Wraps the text at the largest size from font_px down to minimum_font_px that fits the box; at the
    // smallest, cuts what still does not fit with "…". Null fonts (a font file gone) give no lines.
    LaidOutText lay_out(const TextBlock& block) {
        LaidOutText laid_out;
        const int largest = std::max(1, block.font_px);
        const int smallest = std::clamp(block.minimum_font_px, 1, largest);
        int font_px = largest;
        TTF_Font* chosen = nullptr;
        WrappedText wrapped;
        bool fits = false;
        for (;;) {
            chosen = font(font_px, block.weight);
            if (chosen == nullptr) {
                return laid_out;
            }
            wrapped = wrap(chosen, block.text, block.box.width);
            laid_out.line_skip = TTF_FontLineSkip(chosen);
            laid_out.font_height = TTF_FontHeight(chosen);
            fits = !wrapped.word_too_wide && lines_height(wrapped.lines.size(), laid_out.line_skip,
                                                          laid_out.font_height) <= block.box.height;
            if (fits || font_px <= smallest) {
                break;
            }
            const int smaller = static_cast<int>(std::lround(font_px * font_shrink_factor));
            font_px = std::max(smallest, std::min(font_px - 1, smaller));
        }
        if (!fits) {
            cut_to_fit(chosen, wrapped.lines, block.box, laid_out.line_skip, laid_out.font_height);
        }
        const SDL_Color colour{block.colour.red, block.colour.green, block.colour.blue, SDL_ALPHA_OPAQUE};
        for (const std::string& line : wrapped.lines) {
            laid_out.lines.push_back(render_line(chosen, line, colour, laid_out.font_height));
        }
        return laid_out;
    }

    // Keeps the lines the box has room for (at least one) and cuts with "…" the last of them when text was
    // dropped, and any line that is wider than the box on its own (one long word).
    static void cut_to_fit(TTF_Font* font, std::vector<std::string>& lines, const Rect& box, int line_skip,
                           int font_height) {
        const int rows_after_first = line_skip > 0 ? std::max(0, box.height - font_height) / line_skip : 0;
        const std::size_t room = static_cast<std::size_t>(rows_after_first) + 1;
        const bool dropped = lines.size() > room;
        if (dropped) {
            lines.resize(room);
        }
        for (std::size_t index = 0; index < lines.size(); ++index) {
            // After the last line kept, the ellipsis says there was more, even when that line would fit.
            const bool last_of_more = dropped && index + 1 == lines.size();
            if (last_of_more || text_width(font, lines[index]) > box.width) {
                lines[index] = cut_with_ellipsis(font, lines[index], box.width);
            }
        }
    }

    TextLine render_line(TTF_Font* font, const std::string& line, SDL_Color colour, int font_height) {
        TextLine rendered;
        rendered.height = font_height;
        if (line.empty()) {
            return rendered; // SDL_ttf refuses to render nothing; an empty line only takes its height
        }
        const SurfaceHandle surface(TTF_RenderUTF8_Blended(font, line.c_str(), colour));
        if (!surface) {
            report_once(fmt::format("cannot render the text \"{}\": {}", line, TTF_GetError()));
            return rendered;
        }
        rendered.texture.reset(SDL_CreateTextureFromSurface(renderer, surface.get()));
        if (!rendered.texture) {
            report_once(fmt::format("cannot make a texture for the text \"{}\": {}", line, SDL_GetError()));
            return rendered;
        }
        SDL_SetTextureBlendMode(rendered.texture.get(), SDL_BLENDMODE_BLEND);
        rendered.width = surface->w;
        rendered.height = surface->h;
        return rendered;
    }

    const LaidOutText& laid_out(const TextBlock& block) {
        TextKey key{block.text,           block.font_px,   block.minimum_font_px, block.weight,
                    packed(block.colour), block.box.width, block.box.height};
        const auto found = texts.find(key);
        if (found != texts.end()) {
            return found->second;
        }
        if (texts.size() >= text_cache_limit) {
            texts.clear();
        }
        return texts.emplace(std::move(key), lay_out(block)).first->second;
    }

    void draw(const TextBlock& block) {
        if (is_empty(block.box) || block.text.empty()) {
            return;
        }
        const LaidOutText& text = laid_out(block);
        if (text.lines.empty()) {
            return;
        }
        const Rect& box = block.box;
        int top = box.y;
        if (block.vertical == VerticalAlign::middle) {
            // Never above the box: text taller than the box (one line in a tiny box) shows its top.
            top += std::max(
                0, (box.height - lines_height(text.lines.size(), text.line_skip, text.font_height)) / 2);
        }
        const ClipTo clip(renderer, box);
        for (const TextLine& line : text.lines) {
            if (line.texture) {
                int left = box.x;
                if (block.align == TextAlign::centre) {
                    left += (box.width - line.width) / 2;
                } else if (block.align == TextAlign::right) {
                    left += box.width - line.width;
                }
                const SDL_Rect target{left, top, line.width, line.height};
                SDL_RenderCopy(renderer, line.texture.get(), nullptr, &target);
            }
            top += text.line_skip;
        }
    }

    // ---- pictures ----

    // The picture's texture, loaded again when the file has changed since; null (and reported once) if the
    // file cannot be read.
    const PictureTexture* picture(const std::filesystem::path& file) {
        std::error_code error;
        const auto modified = std::filesystem::last_write_time(file, error);
        if (error) {
            pictures.erase(file);
            report_once(
                fmt::format("picture left blank: cannot read {}: {}", file.string(), error.message()));
            return nullptr;
        }
        const auto found = pictures.find(file);
        if (found != pictures.end() && found->second.modified == modified) {
            return &found->second;
        }
        pictures.erase(file);
        auto image = printing::read_png_rgb_file(file);
        if (!image) {
            report_once(fmt::format("picture left blank: {}", image.error().message));
            return nullptr;
        }
        const int width = static_cast<int>(image->width);
        const int height = static_cast<int>(image->height);
        // A surface over the decoded bytes, so the renderer converts them to the texture format it prefers
        // (and can scale smoothly); the bytes outlive the surface.
        const SurfaceHandle surface(SDL_CreateRGBSurfaceWithFormatFrom(
            image->pixels.data(), width, height, 24, width * rgb_bytes_per_pixel, SDL_PIXELFORMAT_RGB24));
        TextureHandle texture(surface ? SDL_CreateTextureFromSurface(renderer, surface.get()) : nullptr);
        if (!texture) {
            report_once(fmt::format("picture left blank: cannot make a texture of {} ({} × {} pixels): {}",
                                    file.string(), width, height, SDL_GetError()));
            return nullptr;
        }
        SDL_SetTextureScaleMode(texture.get(), SDL_ScaleModeLinear);
        if (pictures.size() >= picture_cache_limit) {
            pictures.clear();
        }
        return &pictures.emplace(file, PictureTexture{modified, std::move(texture), width, height})
                    .first->second;
    }

    void draw(const Picture& picture_element) {
        if (is_empty(picture_element.box)) {
            return;
        }
        const PictureTexture* loaded = picture(picture_element.file);
        if (loaded == nullptr) {
            return;
        }
        const Rect area = inset(picture_element.box, card_border_px + card_padding_px);
        if (is_empty(area)) {
            return;
        }
        const Rect image = fit_centred(loaded->width, loaded->height, area);
        const Rect card = inset(image, -(card_border_px + card_padding_px));
        const ClipTo clip(renderer, picture_element.box);
        SDL_SetRenderDrawBlendMode(renderer, SDL_BLENDMODE_NONE);
        set_colour(renderer, card_border_colour);
        fill_rounded_rect(renderer, card, 0);
        set_colour(renderer, card_colour);
        fill_rounded_rect(renderer, inset(card, card_border_px), 0);
        const SDL_Rect target = to_sdl(image);
        SDL_RenderCopy(renderer, loaded->texture.get(), nullptr, &target);
    }
};

// ---- SdlPainter -------------------------------------------------------------------------------------

SdlPainter::SdlPainter(std::unique_ptr<State> state) : m_state(std::move(state)) {}
SdlPainter::SdlPainter(SdlPainter&&) noexcept = default;
SdlPainter& SdlPainter::operator=(SdlPainter&&) noexcept = default;
SdlPainter::~SdlPainter() = default;

base::Result<SdlPainter> SdlPainter::create(SDL_Renderer* renderer, FontFiles fonts) {
    if (renderer == nullptr) {
        return base::fail(base::ErrorKind::internal,
                          "the painter needs a renderer (SDL_CreateRenderer failed?)");
    }
    if (TTF_WasInit() == 0) {
        return base::fail(base::ErrorKind::internal,
                          "SDL_ttf is not initialised; call TTF_Init before creating the painter");
    }
    auto state = std::make_unique<State>(renderer, std::move(fonts));
    for (const FontWeight weight : {FontWeight::regular, FontWeight::bold}) {
        FontHandle font = state->open_font(probe_font_px, weight);
        if (!font) {
            return base::fail(base::ErrorKind::not_found,
                              fmt::format("cannot open the font {}: {}; install the DejaVu fonts (Debian: "
                                          "fonts-dejavu-core) or name another font in the configuration",
                                          state->font_file(weight).string(), TTF_GetError()));
        }
        state->fonts.emplace(std::pair{probe_font_px, weight}, std::move(font));
    }
    return SdlPainter(std::move(state));
}

void SdlPainter::paint(const Scene& scene, std::optional<std::chrono::steady_clock::time_point> now) {
    if (!m_state) {
        return; // moved from
    }
    m_state->now = now;
    SDL_Renderer* renderer = m_state->renderer;
    SDL_RenderSetClipRect(renderer, nullptr);
    SDL_SetRenderDrawBlendMode(renderer, SDL_BLENDMODE_NONE);
    set_colour(renderer, scene.background);
    SDL_RenderClear(renderer);
    for (const SceneElement& element : scene.elements) {
        std::visit([this](const auto& item) { m_state->draw(item); }, element);
    }
}

base::Result<void> SdlPainter::save_screenshot(const std::filesystem::path& file) const {
    if (!m_state) {
        return base::fail(base::ErrorKind::internal, "the painter was moved from; nothing to save");
    }
    SDL_Renderer* renderer = m_state->renderer;
    int width = 0;
    int height = 0;
    if (SDL_GetRendererOutputSize(renderer, &width, &height) != 0 || width <= 0 || height <= 0) {
        return base::fail(base::ErrorKind::unavailable,
                          fmt::format("cannot tell the screen's size for a screenshot: {}", SDL_GetError()));
    }
    // Rows packed with no padding (pitch = width × 3), which is what encode_png_rgb takes. Reading the whole
    // output, not only the viewport: bars round a letterboxed picture stay black.
    const int pitch = width * rgb_bytes_per_pixel;
    std::vector<std::uint8_t> rgb(static_cast<std::size_t>(pitch) * static_cast<std::size_t>(height), 0);
    const SDL_Rect whole{0, 0, width, height};
    if (SDL_RenderReadPixels(renderer, &whole, SDL_PIXELFORMAT_RGB24, rgb.data(), pitch) != 0) {
        return base::fail(
            base::ErrorKind::unavailable,
            fmt::format("cannot read the screen's pixels for a screenshot: {}", SDL_GetError()));
    }
    const auto encoded =
        printing::encode_png_rgb(static_cast<std::size_t>(width), static_cast<std::size_t>(height), rgb);
    if (!encoded) {
        return base::fail(encoded.error().kind,
                          fmt::format("cannot encode the screenshot: {}", encoded.error().message));
    }
    // Written beside the target and renamed over it, so a reader never sees half a file; owner-only,
    // because a screenshot can show a delegate's name.
    if (auto written = base::write_file_atomically(file, *encoded); !written) {
        return base::fail(written.error().kind,
                          fmt::format("cannot save the screenshot: {}", written.error().message));
    }
    return {};
}

} // namespace checkin::kiosk
