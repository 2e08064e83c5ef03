#include "printing/badge_template.hpp"

#include "base/ini_lines.hpp"
#include "base/text.hpp"
#include "printing/brother_ql.hpp"
#include "printing/logo.hpp"
#include "printing/zpl.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <fmt/format.h>
#include <fstream>
#include <iterator>
#include <optional>
#include <set>
#include <sstream>
#include <tuple>
#include <utility>

namespace checkin::printing {
namespace {

constexpr double mm_per_inch = 25.4;
constexpr double points_per_inch = 72.0;
// A page template's limits: from a small name tag to A4, at a resolution the badge's picture can be made at.
constexpr double minimum_page_side_mm = 20.0;
constexpr double maximum_page_side_mm = 297.0;
constexpr std::size_t minimum_page_dpi = 150;
constexpr std::size_t maximum_page_dpi = 600;

constexpr std::array<std::pair<BadgeElementKind, std::string_view>, 8> element_names{{
    {BadgeElementKind::name, "name"},
    {BadgeElementKind::organisation, "organisation"},
    {BadgeElementKind::affiliation, "affiliation"},
    {BadgeElementKind::role, "role"},
    {BadgeElementKind::event_title, "event_title"},
    {BadgeElementKind::event_dates, "event_dates"},
    {BadgeElementKind::qr, "qr"},
    {BadgeElementKind::logo, "logo"},
}};

std::optional<double> parse_number(std::string_view text) {
    double value = 0.0;
    const char* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (ec != std::errc{} || ptr != end || !std::isfinite(value)) {
        return std::nullopt;
    }
    return value;
}

std::optional<std::size_t> parse_count(std::string_view text) {
    std::size_t value = 0;
    const char* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (ec != std::errc{} || ptr != end) {
        return std::nullopt;
    }
    return value;
}

// "9mm", "9 mm", "24pt" or a bare number (millimetres) as millimetres.
std::optional<double> parse_length(std::string_view text) {
    text = base::trim(text);
    double scale = 1.0;
    if (text.ends_with("mm")) {
        text.remove_suffix(2);
    } else if (text.ends_with("pt")) {
        text.remove_suffix(2);
        scale = mm_per_inch / points_per_inch;
    }
    const auto value = parse_number(base::trim(text));
    if (!value || *value < 0.0) {
        return std::nullopt;
    }
    return *value * scale;
}

std::optional<bool> parse_yes_no(std::string_view text) {
    if (text == "yes" || text == "true") {
        return true;
    }
    if (text == "no" || text == "false") {
        return false;
    }
    return std::nullopt;
}

class Parser {
public:
    explicit Parser(std::string_view source) : m_source(source) {}

    Result<BadgeTemplate> parse(std::string_view text) {
        const auto lines = base::read_ini_lines(text, {.header = "section", .header_example = "[element]"});
        if (!lines) {
            return error(lines.error().line, lines.error().message);
        }
        for (const base::IniLine& line : *lines) {
            if (auto ok = line.kind == base::IniLine::Kind::header
                              ? element_header(line.name, line.number)
                              : setting(line.key, line.value, line.number);
                !ok) {
                return std::unexpected(ok.error());
            }
        }
        if (auto ok = finish(base::line_count(text)); !ok) {
            return std::unexpected(ok.error());
        }
        return std::move(m_template);
    }

private:
    std::unexpected<Error> error(std::size_t line, std::string_view what) const {
        return fail(fmt::format("{}:{}: {}", m_source, line, what));
    }

    Result<void> element_header(std::string_view name, std::size_t number) {
        if (auto ok = check_element(); !ok) {
            return ok;
        }
        for (const auto& [kind, element_name] : element_names) {
            if (name == element_name) {
                if (!m_seen_elements.insert(name).second) {
                    return error(number, fmt::format("the element [{}] is given twice", name));
                }
                BadgeElement element;
                element.kind = kind;
                element.line = number;
                m_template.elements.push_back(element);
                m_keys.clear();
                m_has_box = m_has_max = m_has_min = false;
                return {};
            }
        }
        return error(number, fmt::format("unknown element [{}]; known elements are name, organisation, "
                                         "affiliation, role, event_title, event_dates, qr and logo",
                                         name));
    }

    Result<void> setting(std::string_view key, std::string_view value, std::size_t number) {
        if (value.empty()) {
            return error(number, fmt::format("the key '{}' has no value", key));
        }
        if (!m_keys.insert(std::string(key)).second) {
            return error(number, fmt::format("the key '{}' is given twice", key));
        }
        if (m_template.elements.empty()) {
            return header_key(key, value, number);
        }
        return element_key(m_template.elements.back(), key, value, number);
    }

    Result<void> header_key(std::string_view key, std::string_view value, std::size_t number) {
        if (key == "name") {
            m_template.name = value;
        } else if (key == "description") {
            m_template.description = value;
        } else if (key == "printer") {
            if (value == "page") {
                m_template.page = true;
            } else {
                const std::optional<PrinterLanguage> language = parse_printer_language(value);
                if (!language) {
                    return error(
                        number, fmt::format("unknown printer '{}'; expected brother-ql, zpl or page", value));
                }
                m_template.printer = *language;
            }
            m_has_printer = true;
        } else if (key == "width" || key == "height") {
            const auto length = parse_length(value);
            if (!length || *length < minimum_page_side_mm || *length > maximum_page_side_mm ||
                value.ends_with("pt")) {
                return error(number, fmt::format("the {} must be {} to {} mm, not '{}'", key,
                                                 minimum_page_side_mm, maximum_page_side_mm, value));
            }
            (key == "width" ? m_page_width_mm : m_page_height_mm) = *length;
            m_page_keys.emplace_back(std::string(key), number);
        } else if (key == "colours") {
            if (value != "black" && value != "black-red") {
                return error(number, fmt::format("colours must be black or black-red, not '{}'", value));
            }
            m_template.two_colour = value == "black-red";
            m_page_keys.emplace_back(std::string(key), number);
        } else if (key == "medium") {
            m_template.medium = value;
        } else if (key == "length") {
            const auto length = parse_length(value);
            if (!length || *length <= 0.0 || value.ends_with("pt")) {
                return error(number,
                             fmt::format("the length must be a positive number of mm, not '{}'", value));
            }
            m_template.length_mm = *length;
        } else if (key == "dpi" || key == "width_dots" || key == "height_dots") {
            const auto count = parse_count(value);
            if (!count || *count == 0) {
                return error(number, fmt::format("{} must be a positive whole number, not '{}'", key, value));
            }
            m_stated.emplace_back(std::string(key), *count, number);
        } else {
            return error(number, fmt::format("unknown key '{}' before the first [element]", key));
        }
        return {};
    }

    Result<void> element_key(BadgeElement& element, std::string_view key, std::string_view value,
                             std::size_t number) {
        const bool is_qr = element.kind == BadgeElementKind::qr;
        if (key == "box") {
            const auto parts = base::split_words(value);
            std::array<double, 4> numbers{};
            if (parts.size() != numbers.size()) {
                return error(number,
                             fmt::format("box needs four numbers (x y width height in mm), not '{}'", value));
            }
            for (std::size_t index = 0; index < parts.size(); ++index) {
                const auto parsed = parse_number(parts[index]);
                if (!parsed || *parsed < 0.0) {
                    return error(number, fmt::format("'{}' in box is not a number of mm", parts[index]));
                }
                numbers[index] = *parsed;
            }
            if (numbers[2] <= 0.0 || numbers[3] <= 0.0) {
                return error(number, "the box's width and height must be more than 0 mm");
            }
            element.box = MmBox{numbers[0], numbers[1], numbers[2], numbers[3]};
            m_has_box = true;
            return {};
        }
        if (is_qr) {
            return error(number,
                         fmt::format("the key '{}' does not apply to [qr], which takes only box", key));
        }
        if (element.kind == BadgeElementKind::logo) {
            if (key != "file") {
                return error(number, fmt::format("the key '{}' does not apply to [logo], which takes box and "
                                                 "file",
                                                 key));
            }
            if (!value.ends_with(".png") && !value.ends_with(".PNG")) {
                return error(number, fmt::format("the logo must be a PNG file, not '{}'", value));
            }
            element.file = value;
            return {};
        }
        if (key == "max_size" || key == "min_size" || key == "padding") {
            const auto length = parse_length(value);
            if (!length || (key != "padding" && *length <= 0.0)) {
                return error(
                    number,
                    fmt::format("{} must be a size in mm or pt (\"9mm\", \"24pt\"), not '{}'", key, value));
            }
            if (key == "max_size") {
                element.max_size_mm = *length;
                m_has_max = true;
            } else if (key == "min_size") {
                element.min_size_mm = *length;
                m_has_min = true;
            } else {
                element.padding_mm = *length;
            }
        } else if (key == "font") {
            if (value != "bold" && value != "regular") {
                return error(number, fmt::format("font must be bold or regular, not '{}'", value));
            }
            element.bold = value == "bold";
        } else if (key == "align") {
            if (value == "left") {
                element.align = HorizontalAlign::left;
            } else if (value == "centre" || value == "center") {
                element.align = HorizontalAlign::centre;
            } else if (value == "right") {
                element.align = HorizontalAlign::right;
            } else {
                return error(number, fmt::format("align must be left, centre or right, not '{}'", value));
            }
        } else if (key == "valign") {
            if (value == "top") {
                element.valign = VerticalAlign::top;
            } else if (value == "middle") {
                element.valign = VerticalAlign::middle;
            } else if (value == "bottom") {
                element.valign = VerticalAlign::bottom;
            } else {
                return error(number, fmt::format("valign must be top, middle or bottom, not '{}'", value));
            }
        } else if (key == "max_lines") {
            const auto count = parse_count(value);
            if (!count || *count == 0 || *count > 10) {
                return error(number,
                             fmt::format("max_lines must be a whole number from 1 to 10, not '{}'", value));
            }
            element.max_lines = *count;
        } else if (key == "fit") {
            if (value == "shrink-first") {
                element.fit = TextFit::shrink_first;
            } else if (value == "wrap-first") {
                element.fit = TextFit::wrap_first;
            } else {
                return error(number, fmt::format("fit must be shrink-first or wrap-first, not '{}'", value));
            }
        } else if (key == "band") {
            const auto band = parse_yes_no(value);
            if (!band) {
                return error(number, fmt::format("band must be yes or no, not '{}'", value));
            }
            element.band = *band;
        } else if (key == "red_roles" && element.kind == BadgeElementKind::role) {
            element.red_roles.clear();
            std::string_view rest = value;
            while (!rest.empty()) {
                const auto comma = rest.find(',');
                const std::string role(base::trim(rest.substr(0, comma)));
                if (role.empty()) {
                    return error(number,
                                 fmt::format("red_roles lists roles separated by commas, as the roster "
                                             "spells them, not '{}'",
                                             value));
                }
                element.red_roles.push_back(role);
                rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
            }
        } else {
            return error(number,
                         fmt::format("unknown key '{}' in [{}]", key, badge_element_name(element.kind)));
        }
        return {};
    }

    // Checks the element just finished (called at the next header and at the end of the file).
    Result<void> check_element() const {
        if (m_template.elements.empty()) {
            return {};
        }
        const BadgeElement& element = m_template.elements.back();
        const std::string_view name = badge_element_name(element.kind);
        if (!m_has_box) {
            return error(element.line, fmt::format("[{}] needs a box", name));
        }
        if (element.kind == BadgeElementKind::logo && element.file.empty()) {
            return error(element.line, "[logo] needs a file (a PNG beside the template)");
        }
        if (element.kind != BadgeElementKind::qr && element.kind != BadgeElementKind::logo) {
            if (!m_has_max || !m_has_min) {
                return error(element.line, fmt::format("[{}] needs max_size and min_size", name));
            }
            if (element.min_size_mm > element.max_size_mm) {
                return error(element.line, fmt::format("[{}] has min_size larger than max_size", name));
            }
            if (2.0 * element.padding_mm >= element.box.width) {
                return error(element.line, fmt::format("[{}] has padding wider than its box", name));
            }
        }
        return {};
    }

    // A page's size and resolution are the template's own: width and height in mm, dpi (300 unless
    // stated), the picture the nearest whole dots.
    Result<void> resolve_page() {
        BadgeTemplate& result = m_template;
        if (m_page_width_mm <= 0.0 || m_page_height_mm <= 0.0) {
            return error(1, "a page template needs its size: 'width = 90mm' and 'height = 54mm'");
        }
        if (result.length_mm > 0.0) {
            return error(1, "'length' applies to continuous Brother tape only; a page has width and height");
        }
        result.dpi = 300;
        for (const auto& [key, value, line] : m_stated) {
            if (key == "dpi") {
                if (value < minimum_page_dpi || value > maximum_page_dpi) {
                    return error(line, fmt::format("a page's dpi must be {} to {}, not {}", minimum_page_dpi,
                                                   maximum_page_dpi, value));
                }
                result.dpi = static_cast<unsigned>(value);
            }
        }
        result.width_dots = result.dots(m_page_width_mm);
        result.height_dots = result.dots(m_page_height_mm);
        if (result.medium.empty()) {
            result.medium = result.name;
        }
        return {};
    }

    Result<void> resolve_medium() {
        BadgeTemplate& result = m_template;
        if (!m_has_printer) {
            return error(1, "the template needs 'printer = brother-ql', 'printer = zpl' or 'printer = page'");
        }
        if (result.page) {
            if (auto ok = resolve_page(); !ok) {
                return ok;
            }
            return check_stated_sizes();
        }
        if (!m_page_keys.empty()) {
            const auto& [key, line] = m_page_keys.front();
            return error(line, fmt::format("'{}' applies to page templates only (printer = page); a label "
                                           "printer's medium sets the size and colours",
                                           key));
        }
        if (result.medium.empty()) {
            return error(1, "the template needs a medium (a media table name such as 62x100 or 4x3)");
        }
        if (result.printer == PrinterLanguage::brother_ql) {
            const auto media = find_ql_media(result.medium);
            if (!media) {
                return error(1, media.error().message);
            }
            result.dpi = 300;
            result.two_colour = media->two_colour;
            result.width_dots = media->printable_width_dots;
            if (media->kind == QlMediaKind::die_cut) {
                if (result.length_mm > 0.0) {
                    return error(1, fmt::format("the die-cut medium {} has a fixed length; remove 'length'",
                                                result.medium));
                }
                result.height_dots = media->printable_length_dots;
            } else {
                if (result.length_mm <= 0.0) {
                    return error(1,
                                 fmt::format("the continuous medium {} needs a length in mm", result.medium));
                }
                result.height_dots = result.dots(result.length_mm);
            }
        } else {
            const auto media = find_zpl_media(result.medium);
            if (!media) {
                return error(1, fmt::format("unknown ZPL medium '{}'", result.medium));
            }
            if (result.length_mm > 0.0) {
                return error(1, "'length' applies to continuous Brother tape only");
            }
            result.dpi = media->dpi;
            result.width_dots = media->width_dots();
            result.height_dots = media->height_dots();
        }
        return check_stated_sizes();
    }

    // dpi, width_dots and height_dots, when the file states them, must be what the medium or page has.
    Result<void> check_stated_sizes() {
        const BadgeTemplate& result = m_template;
        for (const auto& [key, value, line] : m_stated) {
            const std::size_t actual =
                key == "dpi" ? result.dpi : (key == "width_dots" ? result.width_dots : result.height_dots);
            if (value != actual) {
                return error(line, fmt::format("{} is {}, but the medium {} has {}", key, value,
                                               result.medium, actual));
            }
        }
        return {};
    }

    Result<void> finish(std::size_t last_line) {
        if (auto ok = check_element(); !ok) {
            return ok;
        }
        if (m_template.name.empty()) {
            return error(1, "the template needs a name");
        }
        if (auto ok = resolve_medium(); !ok) {
            return ok;
        }
        for (const BadgeElementKind required : {BadgeElementKind::name, BadgeElementKind::qr}) {
            if (!m_seen_elements.contains(badge_element_name(required))) {
                return error(last_line,
                             fmt::format("the template has no [{}] element", badge_element_name(required)));
            }
        }
        for (const BadgeElement& element : m_template.elements) {
            const MmBox& box = element.box;
            const DotBox dots = m_template.dot_box(box);
            if (dots.right() > m_template.width_dots || dots.bottom() > m_template.height_dots) {
                return error(
                    element.line,
                    fmt::format("the box of [{}] ({} {} {} {} mm) reaches beyond the printable area "
                                "of {} × {} dots ({:.1f} × {:.1f} mm)",
                                badge_element_name(element.kind), box.x, box.y, box.width, box.height,
                                m_template.width_dots, m_template.height_dots,
                                static_cast<double>(m_template.width_dots) * mm_per_inch / m_template.dpi,
                                static_cast<double>(m_template.height_dots) * mm_per_inch / m_template.dpi));
            }
            if (dots.width == 0 || dots.height == 0) {
                return error(element.line, fmt::format("the box of [{}] is smaller than a dot",
                                                       badge_element_name(element.kind)));
            }
        }
        return {};
    }

    std::string_view m_source;
    BadgeTemplate m_template;
    std::set<std::string, std::less<>> m_keys;
    std::set<std::string_view> m_seen_elements;
    std::vector<std::tuple<std::string, std::size_t, std::size_t>> m_stated;
    bool m_has_printer = false;
    double m_page_width_mm = 0.0; // printer = page only
    double m_page_height_mm = 0.0;
    std::vector<std::pair<std::string, std::size_t>> m_page_keys; // width, height, colours: key and line
    bool m_has_box = false;
    bool m_has_max = false;
    bool m_has_min = false;
};

} // namespace

const std::vector<std::string>& shipped_badge_template_names() {
    static const std::vector<std::string> names{"ql-62x100",      "ql-62-continuous-100", "ql-62red-100",
                                                "zpl-4x3-203dpi", "page-90x54",           "page-a6",
                                                "dymo-99014"};
    return names;
}

std::string_view badge_element_name(BadgeElementKind kind) {
    for (const auto& [element_kind, name] : element_names) {
        if (element_kind == kind) {
            return name;
        }
    }
    return "?";
}

std::size_t BadgeTemplate::dots(double mm) const {
    return static_cast<std::size_t>(std::lround(mm * dpi / mm_per_inch));
}

DotBox BadgeTemplate::dot_box(const MmBox& box) const {
    const std::size_t left = dots(box.x);
    const std::size_t top = dots(box.y);
    const std::size_t right = dots(box.x + box.width);
    const std::size_t bottom = dots(box.y + box.height);
    return DotBox{left, top, right - left, bottom - top};
}

Result<BadgeTemplate> parse_badge_template(std::string_view text, std::string_view source) {
    Parser parser(source);
    return parser.parse(text);
}

Result<BadgeTemplate> load_badge_template(const std::filesystem::path& directory, std::string_view name) {
    std::filesystem::path path = directory / std::string(name);
    path += ".badge";
    std::ifstream file(path, std::ios::binary);
    if (!file) {
        return fail(fmt::format("cannot open the badge template {}", path.string()), ErrorKind::io);
    }
    std::ostringstream contents;
    contents << file.rdbuf();
    if (!file && !file.eof()) {
        return fail(fmt::format("cannot read the badge template {}", path.string()), ErrorKind::io);
    }
    auto parsed = parse_badge_template(contents.str(), path.filename().string());
    if (!parsed) {
        return parsed;
    }
    if (auto pictures = load_badge_template_pictures(*parsed, directory); !pictures) {
        return std::unexpected(pictures.error());
    }
    return parsed;
}

Result<void> load_badge_template_pictures(BadgeTemplate& badge_template,
                                          const std::filesystem::path& directory) {
    for (BadgeElement& element : badge_template.elements) {
        if (element.kind != BadgeElementKind::logo) {
            continue;
        }
        const auto image = read_png_grey_file(directory / element.file);
        if (!image) {
            return fail(fmt::format("the badge template {}: {}", badge_template.name, image.error().message));
        }
        const DotBox box = badge_template.dot_box(element.box);
        element.picture = std::make_shared<const Bitmap>(render_logo(*image, box.width, box.height));
    }
    return {};
}

} // namespace checkin::printing
