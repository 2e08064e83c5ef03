#pragma once

// Badge templates: where each element of a name badge goes on one label stock, kept as data files in
// printing/templates/*.badge (the format is documented in printing/templates/README.md). The parser is
// pure: the caller reads the file and passes its text, so the kiosk, the tests and tools can each find
// the files their own way (the tests read them from the source tree, CHECKIN_TEST_DATA "/../../printing/
// templates"). load_badge_template() is the one convenience that reads a file.

#include "printing/bitmap.hpp"
#include "printing/error.hpp"
#include "printing/printer_language.hpp"

#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace checkin::printing {

// The template the kiosk uses when nothing else is configured: Brother DK-11202, 62 × 100 mm die-cut.
inline constexpr std::string_view default_badge_template_name = "ql-62x100";

// The names (file names without ".badge") of the templates shipped in printing/templates.
const std::vector<std::string>& shipped_badge_template_names();

enum class BadgeElementKind {
    name,         // first name, then last name on its own line; the largest text of the badge
    organisation, // the delegate's organisation
    affiliation,  // position and partnership, joined by " · " when both are given
    role,         // the role ("Uczestnik", "Prelegent", …), usually as a band
    event_title,
    event_dates,
    qr,   // the delegate's code as a QR code
    logo, // a picture from a PNG file beside the template, dithered to dots (optional)
};

std::string_view badge_element_name(BadgeElementKind kind);

enum class HorizontalAlign { left, centre, right };
enum class VerticalAlign { top, middle, bottom };

// How a text that does not fit on one line at its largest size is fitted.
enum class TextFit {
    shrink_first, // shrink on one line (per paragraph) down to the minimum size, then break lines
    wrap_first,   // break into up to max_lines lines at the largest size that fits, then shrink
};

// A rectangle in millimetres, relative to the top-left corner of the medium's printable area.
struct MmBox {
    double x = 0.0;
    double y = 0.0;
    double width = 0.0;
    double height = 0.0;
};

// The same rectangle in printer dots: [left, left + width) × [top, top + height).
struct DotBox {
    std::size_t left = 0;
    std::size_t top = 0;
    std::size_t width = 0;
    std::size_t height = 0;

    std::size_t right() const { return left + width; }
    std::size_t bottom() const { return top + height; }
    bool contains(std::size_t x, std::size_t y) const {
        return x >= left && x < right() && y >= top && y < bottom();
    }
    friend bool operator==(const DotBox&, const DotBox&) = default;
};

struct BadgeElement {
    BadgeElementKind kind = BadgeElementKind::name;
    MmBox box;
    double max_size_mm = 0.0; // em size of the text; unused for the QR code
    double min_size_mm = 0.0;
    bool bold = false;
    HorizontalAlign align = HorizontalAlign::centre;
    VerticalAlign valign = VerticalAlign::middle;
    std::size_t max_lines = 1;
    TextFit fit = TextFit::shrink_first;
    bool band = false;      // fill the box (black, or red on two-colour media) and print the text white
    double padding_mm = 0.; // kept clear inside the box on the left and right (for bands)
    // [role] band on two-colour media: the roles whose band is red, the others' black, so the red means
    // something ("Prelegent", "Organizator"); empty: every band red.
    std::vector<std::string> red_roles;
    std::size_t line = 0; // line of the template file where the element starts, for messages
    std::string file;     // [logo]: the PNG, relative to the template's folder
    // [logo]: the picture dithered to fit the box, made once by load_badge_template (empty after
    // parse_badge_template alone, which reads no files).
    std::shared_ptr<const Bitmap> picture;
};

struct BadgeTemplate {
    std::string name;        // from the file: "ql-62x100"
    std::string description; // one line for people choosing a template
    // `printer = page`: stock any printer takes as a page of the badge's size (a PDF): IPP and CUPS
    // printers, and A4 sheets of perforated badges on an office printer. Its size and resolution are the
    // template's own (`width`, `height`, `dpi`), and `printer` below is unused. Otherwise the badge goes
    // to a label printer driven directly, in the language `printer` names, on a medium of its table.
    bool page = false;
    PrinterLanguage printer = PrinterLanguage::brother_ql;
    std::string medium; // the media table name: "62x100", "62", "62red", "4x3"; for a page, the stock's name
    double length_mm = 0.0; // continuous Brother tape only: the length of the picture
    unsigned dpi = 300;
    std::size_t width_dots = 0; // the printable area, the badge picture's size
    std::size_t height_dots = 0;
    bool two_colour = false; // the medium prints red as well as black (a page: `colours = black-red`)
    std::vector<BadgeElement> elements;

    // Millimetres to dots at this template's resolution, rounded to the nearest dot.
    std::size_t dots(double mm) const;
    DotBox dot_box(const MmBox& box) const;
};

// Parses the text of a .badge file. `source` names the file in error messages, which read
// "<source>:<line>: <what is wrong>". Looks the medium up in the Brother QL and ZPL media tables; every
// element's box must lie inside the printable area.
Result<BadgeTemplate> parse_badge_template(std::string_view text, std::string_view source);

// Reads and parses `directory`/`name`.badge, then prepares its pictures (load_badge_template_pictures).
Result<BadgeTemplate> load_badge_template(const std::filesystem::path& directory, std::string_view name);

// Reads the PNG of each [logo] from `directory` and dithers it to the size of its box, once, so that
// composing a badge never reads a file. Fails naming the template, the file and what is wrong with it.
Result<void> load_badge_template_pictures(BadgeTemplate& badge_template,
                                          const std::filesystem::path& directory);

} // namespace checkin::printing
