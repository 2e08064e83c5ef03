#include "printing/badge_layout.hpp"

#include "printing/qr_code.hpp"
#include "printing/text_fitting.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <optional>
#include <string_view>
#include <utility>

namespace checkin::printing {
namespace {

constexpr double mm_per_inch = 25.4;

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
// Some elements have more than one way to print the same details, in order of preference: the layout takes
// the first that fits at the template's sizes.
struct ElementText {
    std::vector<std::string> paragraphs;
    bool single_line = false; // each paragraph must stay on one line (no wrapping)
};

std::vector<ElementText> element_texts(const BadgeData& data, BadgeElementKind kind) {
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
        add(data.position);
        add(data.partnership);
        if (paragraphs.size() == 2) {
            // "Wójt · Partnerstwo Gmin Doliny Bugu" on one line when it fits; otherwise each on lines of its
            // own, so that a wrapped line never starts or ends with a dangling "·".
            return {ElementText{{paragraphs[0] + " · " + paragraphs[1]}, true},
                    ElementText{paragraphs, false}};
        }
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
    case BadgeElementKind::logo:
        break;
    }
    if (paragraphs.empty()) {
        return {};
    }
    return {ElementText{std::move(paragraphs), false}};
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

// The text of the element fitted into `area` in one face, trying each way of printing it; nullopt when none
// fits (at the template's sizes when `below_minimum_allowed` is false).
Result<std::optional<FittedText>> fit_element_text(const BadgeData& data, const BadgeTemplate& badge_template,
                                                   const BadgeElement& element, TextRenderer& renderer,
                                                   const DotBox& area, const Hyphenator* hyphenator,
                                                   bool below_minimum_allowed) {
    const unsigned max_size = size_in_dots(element.max_size_mm, badge_template.dpi);
    std::optional<FittedText> best;
    for (ElementText& text : element_texts(data, element.kind)) {
        TextFitRequest request;
        request.paragraphs = std::move(text.paragraphs);
        request.width = area.width;
        request.height = area.height;
        request.max_lines = text.single_line ? request.paragraphs.size() : element.max_lines;
        request.max_size = max_size;
        request.min_size = std::min(size_in_dots(element.min_size_mm, badge_template.dpi), max_size);
        request.shrink_first = text.single_line || element.fit == TextFit::shrink_first;
        request.hyphenator = hyphenator;
        request.below_minimum_allowed = below_minimum_allowed;
        for (const std::string& paragraph : request.paragraphs) {
            if (const auto checked = renderer.measure(paragraph, 12); !checked) {
                return std::unexpected(checked.error());
            }
        }
        auto fitted = fit_text(renderer, request);
        if (!fitted) {
            return std::unexpected(fitted.error());
        }
        if (!*fitted || (text.single_line && (*fitted)->lines.size() != request.paragraphs.size())) {
            continue;
        }
        if (!(*fitted)->below_minimum) {
            return fitted; // the first way that fits at the template's sizes is the preferred one
        }
        if (!best || (*fitted)->smallest_size() > best->smallest_size()) {
            best = std::move(**fitted);
        }
    }
    return best;
}

struct FittedElement {
    FittedText text;
    TextRenderer* renderer = nullptr; // the face it is set in
    bool condensed = false;
};

// The element's text in the first face that holds it at the template's sizes: its own (words hyphenated
// if need be), then the condensed one; failing both, its own below the minimum.
Result<std::optional<FittedElement>> fit_element(const BadgeData& data, const BadgeTemplate& badge_template,
                                                 const BadgeElement& element, const BadgeFonts& fonts,
                                                 const DotBox& area) {
    TextRenderer* own = element.bold ? fonts.bold : fonts.regular;
    TextRenderer* condensed = element.bold ? fonts.condensed_bold : fonts.condensed_regular;
    if (condensed != nullptr) {
        for (const auto& [face, is_condensed] : {std::pair{own, false}, std::pair{condensed, true}}) {
            auto fitted =
                fit_element_text(data, badge_template, element, *face, area, fonts.hyphenator, false);
            if (!fitted) {
                return std::unexpected(fitted.error());
            }
            if (*fitted) {
                return FittedElement{std::move(**fitted), face, is_condensed};
            }
        }
    }
    auto fitted = fit_element_text(data, badge_template, element, *own, area, fonts.hyphenator, true);
    if (!fitted) {
        return std::unexpected(fitted.error());
    }
    if (!*fitted) {
        return std::nullopt;
    }
    return FittedElement{std::move(**fitted), own, false};
}

Result<void> compose_text(const BadgeData& data, const BadgeTemplate& badge_template,
                          const BadgeElement& element, const BadgeFonts& fonts, BadgeImage& image,
                          ElementLayout& layout) {
    // On two-colour media a band is red unless the template keeps red for some roles only.
    const bool red_band = image.red && (element.red_roles.empty() ||
                                        std::ranges::find(element.red_roles, collapse_spaces(data.role)) !=
                                            element.red_roles.end());
    Bitmap& band_layer = red_band ? *image.red : image.black;
    if (element.band) {
        fill(band_layer, layout.box);
    }
    const std::vector<ElementText> texts = element_texts(data, element.kind);
    if (texts.empty()) {
        return {};
    }
    const std::size_t padding = std::min(badge_template.dots(element.padding_mm), layout.box.width / 2);
    const DotBox area{layout.box.left + padding, layout.box.top, layout.box.width - 2 * padding,
                      layout.box.height};
    auto fitted = fit_element(data, badge_template, element, fonts, area);
    if (!fitted) {
        return badge_error(data, fitted.error().message);
    }
    if (!*fitted) {
        return badge_error(data, fmt::format("the {} \"{}\" does not fit its box even at {} dots",
                                             badge_element_name(element.kind),
                                             texts.front().paragraphs.front(), last_resort_size_dots));
    }
    TextRenderer& renderer = *(*fitted)->renderer;
    layout.size_dots = (*fitted)->text.largest_size();
    layout.below_minimum = (*fitted)->text.below_minimum;
    layout.condensed = (*fitted)->condensed;
    layout.lines = std::move((*fitted)->text.lines);

    std::vector<std::size_t> line_heights;
    for (const FittedLine& line : layout.lines) {
        const auto extent = renderer.measure("", line.size_dots);
        if (!extent) {
            return badge_error(data, extent.error().message);
        }
        line_heights.push_back(extent->height);
    }
    std::size_t total_height = 0;
    for (const std::size_t height : line_heights) {
        total_height += height;
    }
    std::size_t top = area.top + aligned_offset(area.height, total_height, element.valign);
    for (std::size_t index = 0; index < layout.lines.size(); ++index) {
        auto rendered = renderer.render(layout.lines[index].text, layout.lines[index].size_dots);
        if (!rendered) {
            return badge_error(data, rendered.error().message);
        }
        const std::size_t left = area.left + aligned_offset(area.width, rendered->width(), element.align);
        if (element.band) {
            blit(band_layer, *rendered, left, top, area, false);
        } else {
            blit(image.black, *rendered, left, top, area, true);
        }
        top += line_heights[index];
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

Result<void> compose_logo(const BadgeData& data, const BadgeElement& element, BadgeImage& image,
                          const ElementLayout& layout) {
    if (!element.picture) {
        return badge_error(data, fmt::format("the template's logo {} was not loaded; load templates with "
                                             "load_badge_template",
                                             element.file));
    }
    const Bitmap& picture = *element.picture;
    const std::size_t left =
        layout.box.left + aligned_offset(layout.box.width, picture.width(), element.align);
    const std::size_t top =
        layout.box.top + aligned_offset(layout.box.height, picture.height(), element.valign);
    blit(image.black, picture, left, top, layout.box, true);
    return {};
}

} // namespace

std::vector<std::string> ElementLayout::texts() const {
    std::vector<std::string> texts;
    for (const FittedLine& line : lines) {
        texts.push_back(line.text);
    }
    return texts;
}

const ElementLayout* BadgeLayoutReport::find(BadgeElementKind kind) const {
    for (const ElementLayout& element : elements) {
        if (element.kind == kind) {
            return &element;
        }
    }
    return nullptr;
}

Result<ComposedBadge> compose_badge_with_report(const BadgeData& data, const BadgeTemplate& badge_template,
                                                const BadgeFonts& fonts) {
    if (fonts.regular == nullptr || fonts.bold == nullptr) {
        return badge_error(data, "no regular or bold face was given (a program error)");
    }
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
        Result<void> done;
        if (element.kind == BadgeElementKind::qr) {
            done = compose_qr(data, badge.image, layout);
        } else if (element.kind == BadgeElementKind::logo) {
            done = compose_logo(data, element, badge.image, layout);
        } else {
            done = compose_text(data, badge_template, element, fonts, badge.image, layout);
        }
        if (!done) {
            return std::unexpected(done.error());
        }
        badge.report.elements.push_back(std::move(layout));
    }
    return badge;
}

Result<BadgeImage> compose_badge(const BadgeData& data, const BadgeTemplate& badge_template,
                                 const BadgeFonts& fonts) {
    auto composed = compose_badge_with_report(data, badge_template, fonts);
    if (!composed) {
        return std::unexpected(composed.error());
    }
    return std::move(composed->image);
}

Result<ComposedBadge> compose_badge_with_report(const BadgeData& data, const BadgeTemplate& badge_template,
                                                TextRenderer& regular, TextRenderer& bold) {
    return compose_badge_with_report(data, badge_template, BadgeFonts{&regular, &bold});
}

Result<BadgeImage> compose_badge(const BadgeData& data, const BadgeTemplate& badge_template,
                                 TextRenderer& regular, TextRenderer& bold) {
    return compose_badge(data, badge_template, BadgeFonts{&regular, &bold});
}

} // namespace checkin::printing
