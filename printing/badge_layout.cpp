#include "printing/badge_layout.hpp"

#include "printing/qr_code.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <optional>
#include <string_view>
#include <utility>

namespace checkin::printing {
namespace {

constexpr double mm_per_inch = 25.4;
// The smallest text the last-resort shrink goes to: about 0.85 mm at 300 dpi, still legible up close.
constexpr unsigned last_resort_size_dots = 10;

// A piece of text between break opportunities, and what joins it to the piece before it on one line.
struct Piece {
    std::string text;
    bool space_before = false; // a space joins it to the previous piece; after a hyphen nothing does
};

std::vector<Piece> break_pieces(std::string_view paragraph) {
    std::vector<Piece> pieces;
    std::string current;
    bool space_before = false;
    bool pending_space = false;
    const auto flush = [&] {
        if (!current.empty()) {
            pieces.push_back(Piece{std::move(current), space_before});
            current.clear();
        }
    };
    for (const char c : paragraph) {
        if (c == ' ') {
            flush();
            pending_space = true;
            continue;
        }
        if (current.empty()) {
            space_before = pending_space && !pieces.empty();
            pending_space = false;
        }
        current += c;
        if (c == '-') {
            flush(); // the hyphen ends the piece and stays at the end of its line
        }
    }
    flush();
    return pieces;
}

std::string collapse_spaces(std::string_view text) {
    std::string result;
    for (const Piece& piece : break_pieces(text)) {
        if (piece.space_before) {
            result += ' ';
        }
        result += piece.text;
    }
    return result;
}

class TextFitter {
public:
    TextFitter(TextRenderer& renderer, const std::vector<std::string>& paragraphs, std::size_t width,
               std::size_t height, std::size_t max_lines)
        : m_renderer(renderer), m_paragraphs(paragraphs), m_width(width), m_height(height),
          m_max_lines(max_lines) {}

    // The lines of the text at `size` dots, or nullopt when they do not fit the box.
    Result<std::optional<std::vector<std::string>>> arrange(unsigned size, bool wrap) {
        const auto line = m_renderer.measure("", size);
        if (!line) {
            return std::unexpected(line.error());
        }
        std::vector<std::string> lines;
        for (const std::string& paragraph : m_paragraphs) {
            if (!wrap) {
                auto fits = fits_width(paragraph, size);
                if (!fits) {
                    return std::unexpected(fits.error());
                }
                if (!*fits) {
                    return std::nullopt;
                }
                lines.push_back(paragraph);
                continue;
            }
            std::string current;
            for (const Piece& piece : break_pieces(paragraph)) {
                std::string candidate = current;
                if (!candidate.empty() && piece.space_before) {
                    candidate += ' ';
                }
                candidate += piece.text;
                auto fits = fits_width(candidate, size);
                if (!fits) {
                    return std::unexpected(fits.error());
                }
                if (*fits) {
                    current = std::move(candidate);
                    continue;
                }
                if (current.empty()) {
                    return std::nullopt; // one piece alone is wider than the box at this size
                }
                lines.push_back(std::move(current));
                current = piece.text;
                auto alone = fits_width(current, size);
                if (!alone) {
                    return std::unexpected(alone.error());
                }
                if (!*alone) {
                    return std::nullopt;
                }
            }
            if (!current.empty()) {
                lines.push_back(std::move(current));
            }
        }
        if (lines.size() > m_max_lines || lines.size() * line->height > m_height) {
            return std::nullopt;
        }
        return lines;
    }

    // The largest size in [low, high] at which the text fits (by bisection: fitting is monotonic in the
    // size but for rounding at the edges), with its lines; nullopt when not even `low` fits.
    Result<std::optional<std::pair<unsigned, std::vector<std::string>>>> largest(unsigned low, unsigned high,
                                                                                 bool wrap) {
        std::optional<std::pair<unsigned, std::vector<std::string>>> best;
        while (low <= high) {
            const unsigned middle = low + (high - low) / 2;
            auto lines = arrange(middle, wrap);
            if (!lines) {
                return std::unexpected(lines.error());
            }
            if (*lines) {
                best = std::pair{middle, std::move(**lines)};
                low = middle + 1;
            } else {
                if (middle == 0) {
                    break;
                }
                high = middle - 1;
            }
        }
        return best;
    }

private:
    Result<bool> fits_width(const std::string& text, unsigned size) {
        const auto extent = m_renderer.measure(text, size);
        if (!extent) {
            return std::unexpected(extent.error());
        }
        return extent->width <= m_width;
    }

    TextRenderer& m_renderer;
    const std::vector<std::string>& m_paragraphs;
    std::size_t m_width;
    std::size_t m_height;
    std::size_t m_max_lines;
};

std::string delegate_name(const BadgeData& data) {
    std::string name = collapse_spaces(data.first_name);
    const std::string last = collapse_spaces(data.last_name);
    if (!name.empty() && !last.empty()) {
        name += ' ';
    }
    name += last;
    return name;
}

std::unexpected<Error> badge_error(const BadgeData& data, std::string_view what) {
    return fail(fmt::format("cannot print the badge of {} ({}): {}", delegate_name(data), data.code, what));
}

// The text of an element as paragraphs, each starting on a new line; empty when there is nothing to print.
std::vector<std::string> element_paragraphs(const BadgeData& data, BadgeElementKind kind) {
    std::vector<std::string> paragraphs;
    const auto add = [&paragraphs](std::string_view text) {
        std::string collapsed = collapse_spaces(text);
        if (!collapsed.empty()) {
            paragraphs.push_back(std::move(collapsed));
        }
    };
    switch (kind) {
    case BadgeElementKind::name:
        add(data.first_name);
        add(data.last_name);
        break;
    case BadgeElementKind::organisation:
        add(data.organisation);
        break;
    case BadgeElementKind::affiliation: {
        std::string joined = collapse_spaces(data.position);
        const std::string partnership = collapse_spaces(data.partnership);
        if (!joined.empty() && !partnership.empty()) {
            joined += " · ";
        }
        joined += partnership;
        add(joined);
        break;
    }
    case BadgeElementKind::role:
        add(data.role);
        break;
    case BadgeElementKind::event_title:
        add(data.event_title);
        break;
    case BadgeElementKind::event_dates:
        add(data.event_dates);
        break;
    case BadgeElementKind::qr:
        break;
    }
    return paragraphs;
}

unsigned size_in_dots(double mm, unsigned dpi) {
    const long dots = std::lround(mm * dpi / mm_per_inch);
    return static_cast<unsigned>(std::clamp(dots, 1L, static_cast<long>(TextRenderer::max_size_dots)));
}

std::size_t aligned_offset(std::size_t space, std::size_t used, HorizontalAlign align) {
    const std::size_t free = space > used ? space - used : 0;
    switch (align) {
    case HorizontalAlign::left:
        return 0;
    case HorizontalAlign::centre:
        return free / 2;
    case HorizontalAlign::right:
        return free;
    }
    return 0;
}

std::size_t aligned_offset(std::size_t space, std::size_t used, VerticalAlign align) {
    const std::size_t free = space > used ? space - used : 0;
    switch (align) {
    case VerticalAlign::top:
        return 0;
    case VerticalAlign::middle:
        return free / 2;
    case VerticalAlign::bottom:
        return free;
    }
    return 0;
}

void fill(Bitmap& layer, const DotBox& box) {
    for (std::size_t y = box.top; y < box.bottom(); ++y) {
        for (std::size_t x = box.left; x < box.right(); ++x) {
            layer.set(x, y, true);
        }
    }
}

// Copies the ink of `text` to `layer` at (left, top), setting dots to `ink`, never outside `clip`.
void blit(Bitmap& layer, const Bitmap& text, std::size_t left, std::size_t top, const DotBox& clip,
          bool ink) {
    for (std::size_t y = 0; y < text.height(); ++y) {
        for (std::size_t x = 0; x < text.width(); ++x) {
            if (text.black(x, y) && clip.contains(left + x, top + y)) {
                layer.set(left + x, top + y, ink);
            }
        }
    }
}

Result<void> compose_text(const BadgeData& data, const BadgeTemplate& badge_template,
                          const BadgeElement& element, TextRenderer& renderer, BadgeImage& image,
                          ElementLayout& layout) {
    const std::vector<std::string> paragraphs = element_paragraphs(data, element.kind);
    Bitmap& band_layer = image.red ? *image.red : image.black;
    if (element.band) {
        fill(band_layer, layout.box);
    }
    if (paragraphs.empty()) {
        return {};
    }
    for (const std::string& paragraph : paragraphs) {
        if (const auto checked = renderer.measure(paragraph, 12); !checked) {
            return badge_error(data, checked.error().message);
        }
    }
    const std::size_t padding = std::min(badge_template.dots(element.padding_mm), layout.box.width / 2);
    const DotBox area{layout.box.left + padding, layout.box.top, layout.box.width - 2 * padding,
                      layout.box.height};
    TextFitter fitter(renderer, paragraphs, area.width, area.height, element.max_lines);
    const unsigned max_size = size_in_dots(element.max_size_mm, badge_template.dpi);
    const unsigned min_size = std::min(size_in_dots(element.min_size_mm, badge_template.dpi), max_size);

    std::optional<std::pair<unsigned, std::vector<std::string>>> fitted;
    const auto attempt = [&](unsigned low, unsigned high, bool wrap) -> Result<void> {
        if (fitted) {
            return {};
        }
        auto result = fitter.largest(low, high, wrap);
        if (!result) {
            return std::unexpected(result.error());
        }
        fitted = std::move(*result);
        return {};
    };
    const bool shrink_first = element.fit == TextFit::shrink_first;
    if (shrink_first) {
        if (auto ok = attempt(min_size, max_size, false); !ok) {
            return badge_error(data, ok.error().message);
        }
    }
    if (auto ok = attempt(min_size, max_size, true); !ok) {
        return badge_error(data, ok.error().message);
    }
    if (!fitted && min_size > 1) {
        // Never cut text: as a last resort go below the template's minimum.
        if (auto ok = attempt(std::min(last_resort_size_dots, min_size - 1), min_size - 1, true); !ok) {
            return badge_error(data, ok.error().message);
        }
        layout.below_minimum = true;
    }
    if (!fitted) {
        return badge_error(data, fmt::format("the {} \"{}\" does not fit its box even at {} dots",
                                             badge_element_name(element.kind), paragraphs.front(),
                                             last_resort_size_dots));
    }
    layout.size_dots = fitted->first;
    layout.lines = std::move(fitted->second);

    const auto line = renderer.measure("", layout.size_dots);
    if (!line) {
        return badge_error(data, line.error().message);
    }
    const std::size_t line_height = line->height;
    std::size_t top =
        area.top + aligned_offset(area.height, line_height * layout.lines.size(), element.valign);
    for (const std::string& text : layout.lines) {
        auto rendered = renderer.render(text, layout.size_dots);
        if (!rendered) {
            return badge_error(data, rendered.error().message);
        }
        const std::size_t left = area.left + aligned_offset(area.width, rendered->width(), element.align);
        if (element.band) {
            blit(band_layer, *rendered, left, top, area, false);
        } else {
            blit(image.black, *rendered, left, top, area, true);
        }
        top += line_height;
    }
    return {};
}

Result<void> compose_qr(const BadgeData& data, BadgeImage& image, ElementLayout& layout) {
    const auto code = make_qr_code(data.code);
    if (!code) {
        return badge_error(data, fmt::format("the code cannot be a QR code: {}", code.error().message));
    }
    const std::size_t side = std::min(layout.box.width, layout.box.height);
    const std::size_t module_dots = module_dots_to_fit(*code, side);
    if (module_dots == 0) {
        return badge_error(data, fmt::format("the QR code does not fit its box of {} × {} dots",
                                             layout.box.width, layout.box.height));
    }
    const std::size_t extent = qr_code_extent(*code, module_dots);
    draw_qr_code(image.black, *code, layout.box.left + (layout.box.width - extent) / 2,
                 layout.box.top + (layout.box.height - extent) / 2, module_dots);
    layout.qr_module_dots = module_dots;
    return {};
}

} // namespace

const ElementLayout* BadgeLayoutReport::find(BadgeElementKind kind) const {
    for (const ElementLayout& element : elements) {
        if (element.kind == kind) {
            return &element;
        }
    }
    return nullptr;
}

Result<ComposedBadge> compose_badge_with_report(const BadgeData& data, const BadgeTemplate& badge_template,
                                                TextRenderer& regular, TextRenderer& bold) {
    if (delegate_name(data).empty()) {
        return badge_error(data, "the delegate has no name");
    }
    ComposedBadge badge;
    badge.image.black = Bitmap(badge_template.width_dots, badge_template.height_dots);
    if (badge_template.two_colour) {
        badge.image.red = Bitmap(badge_template.width_dots, badge_template.height_dots);
    }
    for (const BadgeElement& element : badge_template.elements) {
        ElementLayout layout;
        layout.kind = element.kind;
        layout.box = badge_template.dot_box(element.box);
        Result<void> done = element.kind == BadgeElementKind::qr
                                ? compose_qr(data, badge.image, layout)
                                : compose_text(data, badge_template, element, element.bold ? bold : regular,
                                               badge.image, layout);
        if (!done) {
            return std::unexpected(done.error());
        }
        badge.report.elements.push_back(std::move(layout));
    }
    return badge;
}

Result<BadgeImage> compose_badge(const BadgeData& data, const BadgeTemplate& badge_template,
                                 TextRenderer& regular, TextRenderer& bold) {
    auto composed = compose_badge_with_report(data, badge_template, regular, bold);
    if (!composed) {
        return std::unexpected(composed.error());
    }
    return std::move(composed->image);
}

} // namespace checkin::printing
