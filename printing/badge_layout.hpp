#pragma once

// Composing a badge: a delegate's details laid out by a BadgeTemplate into the picture a printer gets.
// Text never gets cut: each text element shrinks and breaks lines (at spaces, and after hyphens, which stay
// at the end of the line) until it fits its box, down to the template's minimum size; a word too long for
// the box is then broken by the language's rules (libhyphen), then set in the condensed face, and only then,
// reported, smaller. The QR code gets whole dots per module and its quiet zone.

#include "printing/badge_template.hpp"
#include "printing/bitmap.hpp"
#include "printing/error.hpp"
#include "printing/hyphenation.hpp"
#include "printing/text_fitting.hpp"
#include "printing/text_renderer.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace checkin::printing {

struct BadgeData {
    std::string code; // the delegate's code, carried by the QR code
    std::string first_name;
    std::string last_name;
    std::string organisation;
    std::string partnership;
    std::string position;
    std::string role; // as printed: "Uczestnik", "Prelegent", "Instytucja Zarządzająca", …
    std::string event_title;
    std::string event_dates;
};

// Where one element ended up and how its text was fitted.
struct ElementLayout {
    BadgeElementKind kind = BadgeElementKind::name;
    DotBox box;                    // the element's box in dots; nothing of the element is drawn outside it
    std::vector<FittedLine> lines; // the text as broken into lines (empty when the element had no text)
    unsigned size_dots = 0;        // em size in dots of the largest line (lines differ only as a last resort)
    bool below_minimum = false;    // some text fitted only below the template's min_size (a last resort)
    bool condensed = false;        // set in the condensed face: the element's own did not fit at min_size
    std::size_t qr_module_dots = 0; // for the QR code: dots per module

    std::vector<std::string> texts() const; // the text of each line
};

struct BadgeLayoutReport {
    std::vector<ElementLayout> elements; // in template order

    // The layout of the first element of `kind`, or nullptr when the template has none.
    const ElementLayout* find(BadgeElementKind kind) const;
};

struct ComposedBadge {
    BadgeImage image;
    BadgeLayoutReport report;
};

// The faces badge text is set with. The condensed faces and the hyphenator are optional: without them a
// text too long for its box at the minimum size goes straight to a smaller size.
struct BadgeFonts {
    TextRenderer* regular = nullptr; // required
    TextRenderer* bold = nullptr;    // required
    TextRenderer* condensed_regular = nullptr;
    TextRenderer* condensed_bold = nullptr;
    const Hyphenator* hyphenator = nullptr;
};

Result<ComposedBadge> compose_badge_with_report(const BadgeData& data, const BadgeTemplate& badge_template,
                                                const BadgeFonts& fonts);
Result<BadgeImage> compose_badge(const BadgeData& data, const BadgeTemplate& badge_template,
                                 const BadgeFonts& fonts);

// The badge of `data` on `badge_template` with the regular and bold faces only: a black layer of exactly
// the printable size, and a red layer of the same size on two-colour media (where a band is red). Text in
// a bold element uses `bold`, other text `regular`. Fails, naming the delegate and their code, when a font
// lacks a glyph of the text, when a text does not fit its box even far below its minimum size, or when the QR
// code does not fit its box.
Result<ComposedBadge> compose_badge_with_report(const BadgeData& data, const BadgeTemplate& badge_template,
                                                TextRenderer& regular, TextRenderer& bold);

Result<BadgeImage> compose_badge(const BadgeData& data, const BadgeTemplate& badge_template,
                                 TextRenderer& regular, TextRenderer& bold);

} // namespace checkin::printing
