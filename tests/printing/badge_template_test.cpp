#include "printing/badge_template.hpp"

#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <gtest/gtest.h>
#include <string>
#include <string_view>
#include <unistd.h>

namespace checkin::printing {
namespace {

// The shipped templates live in the source tree; the tests read them from there.
const std::filesystem::path templates_directory = CHECKIN_TEST_DATA "/../../printing/templates";

constexpr std::string_view minimal = R"(# a comment
name = test
printer = brother-ql
medium = 62x100

[name]
box = 1 1 50 20   # trailing comment
font = bold
max_size = 24pt
min_size = 5mm
align = left
max_lines = 2

[qr]
box = 10 30 20 20
)";

std::string parse_error(std::string_view text) {
    const auto parsed = parse_badge_template(text, "test.badge");
    return parsed ? std::string("parsed") : parsed.error().message;
}

TEST(BadgeTemplate, ParsesEveryKeyWithUnits) {
    const auto parsed = parse_badge_template(minimal, "test.badge");
    ASSERT_TRUE(parsed) << parsed.error().message;
    EXPECT_EQ(parsed->name, "test");
    EXPECT_EQ(parsed->width_dots, 696U);
    EXPECT_EQ(parsed->height_dots, 1109U);
    EXPECT_EQ(parsed->dpi, 300U);
    EXPECT_FALSE(parsed->two_colour);
    ASSERT_EQ(parsed->elements.size(), 2U);
    const BadgeElement& name = parsed->elements[0];
    EXPECT_EQ(name.kind, BadgeElementKind::name);
    EXPECT_TRUE(name.bold);
    EXPECT_EQ(name.align, HorizontalAlign::left);
    EXPECT_EQ(name.max_lines, 2U);
    EXPECT_DOUBLE_EQ(name.max_size_mm, 24.0 * 25.4 / 72.0);
    EXPECT_DOUBLE_EQ(name.min_size_mm, 5.0);
    EXPECT_EQ(name.line, 6U);
    EXPECT_EQ(parsed->dot_box(name.box), (DotBox{12, 12, 590, 236}));
}

TEST(BadgeTemplate, RedRolesAreReadForTheRoleBandOnly) {
    const std::string with_roles = std::string(minimal) +
                                   "\n[role]\nbox = 0 80 58 8\nmax_size = 5mm\nmin_size = 3mm\n"
                                   "band = yes\nred_roles = Prelegent,  Instytucja Zarządzająca \n";
    const auto parsed = parse_badge_template(with_roles, "test.badge");
    ASSERT_TRUE(parsed) << parsed.error().message;
    EXPECT_EQ(parsed->elements.back().red_roles,
              (std::vector<std::string>{"Prelegent", "Instytucja Zarządzająca"}));
    const auto empty_role =
        parse_badge_template(std::string(minimal) + "\n[role]\nbox = 0 80 58 8\nmax_size = 5mm\n"
                                                    "min_size = 3mm\nred_roles = Prelegent,,\n",
                             "test.badge");
    ASSERT_FALSE(empty_role);
    EXPECT_NE(empty_role.error().message.find("red_roles lists roles"), std::string::npos)
        << empty_role.error().message;
    std::string on_the_name(minimal);
    on_the_name.replace(on_the_name.find("max_lines = 2"), 13, "max_lines = 2\nred_roles = Prelegent");
    const auto on_name = parse_badge_template(on_the_name, "test.badge");
    ASSERT_FALSE(on_name);
    EXPECT_NE(on_name.error().message.find("unknown key 'red_roles'"), std::string::npos)
        << on_name.error().message;
}

TEST(BadgeTemplate, ErrorsNameFileAndLine) {
    std::string text(minimal);
    text.replace(text.find("font = bold"), 11, "font = heavy");
    EXPECT_EQ(parse_error(text), "test.badge:8: font must be bold or regular, not 'heavy'");

    text = minimal;
    text.replace(text.find("align = left"), 12, "colour = red");
    EXPECT_EQ(parse_error(text), "test.badge:11: unknown key 'colour' in [name]");

    text = minimal;
    text.replace(text.find("box = 10 30 20 20"), 17, "box = 10 80 20 20");
    EXPECT_EQ(parse_error(text).substr(0, 50), "test.badge:14: the box of [qr] (10 80 20 20 mm) re");

    text = minimal;
    text.replace(text.find("[qr]"), 4, "[photo]");
    EXPECT_NE(parse_error(text).find("test.badge:14: unknown element [photo]"), std::string::npos);

    text = minimal;
    text += "[logo]\nbox = 1 1 10 10\n";
    EXPECT_NE(parse_error(text).find("[logo] needs a file"), std::string::npos) << parse_error(text);
    text += "file = logo.jpg\n";
    EXPECT_NE(parse_error(text).find("the logo must be a PNG file, not 'logo.jpg'"), std::string::npos)
        << parse_error(text);

    text = minimal;
    text.replace(text.find("min_size = 5mm"), 14, "min_size = 12mm");
    EXPECT_EQ(parse_error(text), "test.badge:6: [name] has min_size larger than max_size");

    text = minimal;
    text.replace(text.find("medium = 62x100"), 15, "medium = 62");
    EXPECT_EQ(parse_error(text), "test.badge:1: the continuous medium 62 needs a length in mm");

    text = minimal;
    text += "width_dots = 700\n";
    EXPECT_EQ(parse_error(text),
              "test.badge:16: the key 'width_dots' does not apply to [qr], which takes only box");

    text = minimal;
    text.replace(text.find("box = 1 1 50 20"), 15, "box = 1 1 50");
    EXPECT_EQ(parse_error(text).substr(0, 30), "test.badge:7: box needs four n");
}

TEST(BadgeTemplate, StatedSizeMustMatchTheMediaTable) {
    std::string text(minimal);
    text.insert(text.find("[name]"), "height_dots = 1200\n");
    EXPECT_EQ(parse_error(text), "test.badge:6: height_dots is 1200, but the medium 62x100 has 1109");
}

// printer = page: the template gives its own size and resolution, for IPP and CUPS printers and sheets.
TEST(BadgeTemplate, APageTemplateHasItsOwnSizeResolutionAndColours) {
    std::string text(minimal);
    text.replace(text.find("printer = brother-ql\nmedium = 62x100"), 36,
                 "printer = page\nwidth = 60mm\nheight = 90mm\ndpi = 200\ncolours = black-red");
    const auto parsed = parse_badge_template(text, "test.badge");
    ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
    EXPECT_TRUE(parsed->page);
    EXPECT_EQ(parsed->dpi, 200U);
    EXPECT_EQ(parsed->width_dots, 472U);  // 60 mm at 200 dpi = 472.44 dots
    EXPECT_EQ(parsed->height_dots, 709U); // 90 mm = 708.66
    EXPECT_TRUE(parsed->two_colour);
    EXPECT_EQ(parsed->medium, "test"); // a page without a medium is named after its template

    const std::string page_header = "printer = page\nwidth = 60mm\nheight = 90mm";
    auto with_header = [&](std::string_view header) {
        std::string changed(minimal);
        changed.replace(changed.find("printer = brother-ql\nmedium = 62x100"), 36, header);
        return changed;
    };
    EXPECT_EQ(parse_badge_template(with_header(page_header), "test.badge")->dpi, 300U); // the default
    EXPECT_EQ(parse_error(with_header("printer = page\nwidth = 60mm")),
              "test.badge:1: a page template needs its size: 'width = 90mm' and 'height = 54mm'");
    EXPECT_EQ(parse_error(with_header("printer = page\nwidth = 600mm\nheight = 90mm")),
              "test.badge:4: the width must be 20 to 297 mm, not '600mm'");
    EXPECT_EQ(parse_error(with_header("printer = page\nwidth = 60pt\nheight = 90mm")),
              "test.badge:4: the width must be 20 to 297 mm, not '60pt'");
    EXPECT_EQ(parse_error(with_header(page_header + "\ndpi = 1200")),
              "test.badge:6: a page's dpi must be 150 to 600, not 1200");
    EXPECT_EQ(parse_error(with_header(page_header + "\ncolours = cmyk")),
              "test.badge:6: colours must be black or black-red, not 'cmyk'");
    EXPECT_EQ(parse_error(with_header(page_header + "\nlength = 100mm")),
              "test.badge:1: 'length' applies to continuous Brother tape only; a page has width and height");
    EXPECT_EQ(parse_error(with_header("printer = brother-ql\nmedium = 62x100\nwidth = 60mm")),
              "test.badge:5: 'width' applies to page templates only (printer = page); a label printer's "
              "medium sets the size and colours");
    EXPECT_EQ(parse_error(with_header("printer = inkjet\nmedium = 62x100")),
              "test.badge:3: unknown printer 'inkjet'; expected brother-ql, zpl or page");
    // Elements must lie on the page, as on a label.
    EXPECT_EQ(parse_error(with_header("printer = page\nwidth = 30mm\nheight = 90mm")).substr(0, 50),
              "test.badge:7: the box of [name] (1 1 50 20 mm) rea");
}

TEST(BadgeTemplate, EveryShippedTemplateParsesWithTheRightMedium) {
    struct Expected {
        std::string_view name;
        std::size_t width;
        std::size_t height;
        unsigned dpi;
        bool two_colour;
        std::size_t elements;
        bool page;
    };
    // Page sizes are the nearest whole dots at 300 dpi: 90 mm = 1062.99, 54 mm = 637.80, 105 mm =
    // 1240.16, 148 mm = 1748.03, 101 mm = 1192.91.
    const Expected expected[] = {
        {"ql-62x100", 696, 1109, 300, false, 7, false},
        {"ql-62-continuous-100", 696, 1181, 300, false, 8, false},
        {"ql-62red-100", 696, 1181, 300, true, 7, false},
        {"zpl-4x3-203dpi", 812, 609, 203, false, 8, false},
        {"page-90x54", 1063, 638, 300, true, 6, true},
        {"page-a6", 1240, 1748, 300, true, 7, true},
        {"dymo-99014", 638, 1193, 300, false, 7, true},
    };
    ASSERT_EQ(shipped_badge_template_names().size(), std::size(expected));
    EXPECT_EQ(shipped_badge_template_names().front(), default_badge_template_name);
    for (const Expected& want : expected) {
        const auto loaded = load_badge_template(templates_directory, want.name);
        ASSERT_TRUE(loaded) << loaded.error().message;
        EXPECT_EQ(loaded->name, want.name);
        EXPECT_EQ(loaded->width_dots, want.width) << want.name;
        EXPECT_EQ(loaded->height_dots, want.height) << want.name;
        EXPECT_EQ(loaded->dpi, want.dpi) << want.name;
        EXPECT_EQ(loaded->two_colour, want.two_colour) << want.name;
        EXPECT_EQ(loaded->elements.size(), want.elements) << want.name;
        EXPECT_EQ(loaded->page, want.page) << want.name;
        for (const BadgeElement& element : loaded->elements) {
            const DotBox box = loaded->dot_box(element.box);
            if (element.kind == BadgeElementKind::logo) {
                // Loading dithered the logo to fit its box, once.
                ASSERT_NE(element.picture, nullptr) << want.name;
                EXPECT_LE(element.picture->width(), box.width);
                EXPECT_LE(element.picture->height(), box.height);
                EXPECT_TRUE(element.picture->width() == box.width || element.picture->height() == box.height);
                EXPECT_GT(element.picture->black_dots(), 0U);
            }
            EXPECT_GT(box.width, 0U);
            EXPECT_LE(box.right(), loaded->width_dots)
                << want.name << " " << badge_element_name(element.kind);
            EXPECT_LE(box.bottom(), loaded->height_dots)
                << want.name << " " << badge_element_name(element.kind);
        }
    }
}

TEST(BadgeTemplate, MissingLogoFileIsAnErrorNamingIt) {
    const std::filesystem::path directory =
        std::filesystem::temp_directory_path() / fmt::format("checkin-template-logo-{}", getpid());
    std::filesystem::create_directories(directory);
    std::string text(minimal);
    text.replace(text.find("name = test"), 11, "name = with-logo");
    text += "[logo]\nbox = 1 1 10 10\nfile = missing-logo.png\n";
    std::ofstream(directory / "with-logo.badge") << text;
    const auto loaded = load_badge_template(directory, "with-logo");
    ASSERT_FALSE(loaded);
    EXPECT_NE(loaded.error().message.find("with-logo"), std::string::npos) << loaded.error().message;
    EXPECT_NE(loaded.error().message.find("missing-logo.png"), std::string::npos) << loaded.error().message;
    std::filesystem::remove_all(directory);
}

TEST(BadgeTemplate, MissingFileIsAnError) {
    const auto loaded = load_badge_template(templates_directory, "no-such-template");
    ASSERT_FALSE(loaded);
    EXPECT_NE(loaded.error().message.find("no-such-template.badge"), std::string::npos);
}

} // namespace
} // namespace checkin::printing
