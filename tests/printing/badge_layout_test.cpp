// ZXing 1.4 returns Result::text() as std::wstring unless this is defined; see qr_code_test.cpp.
#define ZX_USE_UTF8

#include "printing/badge_layout.hpp"
#include "printing/badge_template.hpp"
#include "printing/bitmap.hpp"
#include "printing/png.hpp"
#include "printing/text_renderer.hpp"
#include "tests/printing/badge_fonts_fixture.hpp"

#include <ZXing/BarcodeFormat.h>
#include <ZXing/DecodeHints.h>
#include <ZXing/ImageView.h>
#include <ZXing/ReadBarcode.h>
#include <ZXing/Result.h>
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <gtest/gtest.h>
#include <string>
#include <string_view>
#include <unistd.h>
#include <vector>

namespace checkin::printing {
namespace {

constexpr std::string_view long_name = "Łukasz Konstantynopolitańczykiewiczówna-Brzęczyszczykiewicz";
const std::vector<std::string> names{
    std::string(long_name), "Maria Magdalena Wiśniewska-Grzegorczyk",
    "Józef Ślusarczyk",     "Ołeksandr Szewczenko",
    "Олександр Шевченко",   "Nguyễn Thị Minh Khai",
    "Günther Weiß",         "Žydrūnas Šimkus",
    "Miłosz Kòrczëk",
};

// ZXing reads 8-bit grey: black 0, white 255 (red counts as dark, as a scanner sees it).
ZXing::Result read_with_zxing(const BadgeImage& image) {
    const Bitmap& bitmap = image.black;
    std::vector<std::uint8_t> grey(bitmap.width() * bitmap.height());
    for (std::size_t y = 0; y < bitmap.height(); ++y) {
        for (std::size_t x = 0; x < bitmap.width(); ++x) {
            const bool dark = bitmap.black(x, y) || (image.red && image.red->black(x, y));
            grey[y * bitmap.width() + x] = dark ? 0x00 : 0xFF;
        }
    }
    const ZXing::ImageView view(grey.data(), static_cast<int>(bitmap.width()),
                                static_cast<int>(bitmap.height()), ZXing::ImageFormat::Lum);
    return ZXing::ReadBarcode(view, ZXing::DecodeHints{});
}

BadgeData delegate(std::string_view full_name, std::string code) {
    BadgeData data;
    const std::size_t space = full_name.find(' ');
    data.first_name = full_name.substr(0, space);
    data.last_name = full_name.substr(space + 1);
    data.code = std::move(code);
    data.organisation = "Ministerstwo Funduszy i Polityki Regionalnej";
    data.position = "Dyrektor Departamentu";
    data.partnership = "Partnerstwo Miejskie";
    data.role = "Prelegent";
    data.event_title = "Forum Funduszy Europejskich 2025";
    data.event_dates = "14–15 października 2025, Warszawa";
    return data;
}

std::size_t ink(const Bitmap& bitmap, const DotBox& box) {
    std::size_t count = 0;
    for (std::size_t y = box.top; y < box.bottom(); ++y) {
        for (std::size_t x = box.left; x < box.right(); ++x) {
            count += bitmap.black(x, y) ? 1U : 0U;
        }
    }
    return count;
}

class BadgeLayout : public BadgeFontsTest {
protected:
    static BadgeTemplate load(std::string_view name) {
        auto loaded = load_badge_template(templates_directory, name);
        EXPECT_TRUE(loaded) << loaded.error().message;
        return loaded ? *loaded : BadgeTemplate{};
    }

    static Result<ComposedBadge> compose(const BadgeData& data, const BadgeTemplate& badge_template) {
        return compose_badge_with_report(data, badge_template, *regular, *bold);
    }
};

TEST_F(BadgeLayout, EveryNameOnEveryTemplateFitsAndTheQrCodeReadsBack) {
    const std::filesystem::path out = std::filesystem::temp_directory_path() / "checkin-badge-layout-test";
    std::filesystem::create_directories(out);
    for (const std::string& template_name : shipped_badge_template_names()) {
        const BadgeTemplate badge_template = load(template_name);
        for (std::size_t index = 0; index < names.size(); ++index) {
            const std::string code = fmt::format("CWD-ZPZXSWG{}", index);
            const auto composed = compose(delegate(names[index], code), badge_template);
            ASSERT_TRUE(composed) << composed.error().message;
            const BadgeImage& image = composed->image;
            EXPECT_EQ(image.black.width(), badge_template.width_dots);
            EXPECT_EQ(image.black.height(), badge_template.height_dots);
            EXPECT_EQ(image.red.has_value(), badge_template.two_colour);
            const auto read = read_with_zxing(image);
            EXPECT_TRUE(read.isValid()) << template_name << " " << names[index];
            EXPECT_EQ(read.format(), ZXing::BarcodeFormat::QRCode);
            EXPECT_EQ(read.text(), code) << template_name << " " << names[index];

            // The name is printed whole: its lines put back together give the name.
            const ElementLayout* name = composed->report.find(BadgeElementKind::name);
            ASSERT_NE(name, nullptr);
            std::string joined;
            for (const std::string& line : name->texts()) {
                if (!joined.empty() && !joined.ends_with('-')) {
                    joined += ' ';
                }
                joined += line;
            }
            EXPECT_EQ(joined, names[index]) << template_name;
            // Only the one name with a 33-letter word is too long for the minimum size.
            EXPECT_EQ(name->below_minimum, index == 0) << template_name << " " << names[index];
            // The name is the largest text of the badge, even when part of it had to go below its minimum
            // size (the first name then keeps a size of its own).
            for (const ElementLayout& element : composed->report.elements) {
                EXPECT_LE(element.size_dots, name->size_dots)
                    << template_name << " " << names[index] << " " << badge_element_name(element.kind);
            }
            if (template_name == default_badge_template_name) {
                const auto png = encode_png(image, badge_template.dpi).value();
                std::ofstream(out / fmt::format("badge-{}.png", index), std::ios::binary)
                    .write(reinterpret_cast<const char*>(png.data()),
                           static_cast<std::streamsize>(png.size()));
            }
        }
    }
}

TEST_F(BadgeLayout, LongLastNameBreaksAfterTheHyphenRatherThanBeingCut) {
    const BadgeTemplate badge_template = load(default_badge_template_name);
    const auto composed = compose(delegate(long_name, "CWD-1"), badge_template);
    ASSERT_TRUE(composed) << composed.error().message;
    const ElementLayout* name = composed->report.find(BadgeElementKind::name);
    ASSERT_NE(name, nullptr);
    EXPECT_EQ(name->texts(), (std::vector<std::string>{"Łukasz", "Konstantynopolitańczykiewiczówna-",
                                                       "Brzęczyszczykiewicz"}));
    // The first name keeps the largest size; only the last name, whose 33-letter word cannot be broken,
    // goes below the minimum (5 mm = 59 dots).
    EXPECT_EQ(name->lines[0].size_dots, 106U);
    EXPECT_LT(name->lines[1].size_dots, 59U);
    EXPECT_EQ(name->lines[1].size_dots, name->lines[2].size_dots);
    EXPECT_TRUE(name->below_minimum);
    // The lines are separate bands of ink: a blank row between each pair.
    const DotBox& box = name->box;
    std::vector<bool> row_ink;
    for (std::size_t y = box.top; y < box.bottom(); ++y) {
        row_ink.push_back(ink(composed->image.black, DotBox{box.left, y, box.width, 1}) > 0);
    }
    std::size_t bands = 0;
    for (std::size_t index = 0; index < row_ink.size(); ++index) {
        if (row_ink[index] && (index == 0 || !row_ink[index - 1])) {
            ++bands;
        }
    }
    EXPECT_EQ(bands, 3U);
}

// With the condensed faces and Polish hyphenation, as the kiosk and kioskctl set badges.
class BadgeLayoutWithEveryFace : public BadgeLayout {
protected:
    static Result<ComposedBadge> compose_with_every_face(const BadgeData& data,
                                                         const BadgeTemplate& badge_template) {
        return compose_badge_with_report(data, badge_template, every_face());
    }
};

TEST_F(BadgeLayoutWithEveryFace, TheLongestNameKeepsTheMinimumSizeHyphenatedInTheCondensedFace) {
    const BadgeTemplate badge_template = load(default_badge_template_name);
    const auto composed = compose_with_every_face(delegate(long_name, "CWD-1"), badge_template);
    ASSERT_TRUE(composed) << composed.error().message;
    const ElementLayout* name = composed->report.find(BadgeElementKind::name);
    ASSERT_NE(name, nullptr);
    EXPECT_FALSE(name->below_minimum);
    EXPECT_TRUE(name->condensed);
    EXPECT_EQ(name->texts(), (std::vector<std::string>{"Łukasz", "Konstantynopolitań-", "czykiewiczówna-",
                                                       "Brzęczyszczykiewicz"}));
    for (const FittedLine& line : name->lines) {
        EXPECT_EQ(line.size_dots, name->size_dots) << "first and last name are one block: " << line.text;
    }
    EXPECT_GE(name->size_dots, 59U); // 5 mm at 300 dpi
    // A name that fits in its own face keeps it.
    const auto ordinary = compose_with_every_face(delegate("Józef Ślusarczyk", "CWD-2"), badge_template);
    ASSERT_TRUE(ordinary) << ordinary.error().message;
    EXPECT_FALSE(ordinary->report.find(BadgeElementKind::name)->condensed);
    EXPECT_EQ(ordinary->report.find(BadgeElementKind::name)->texts(),
              compose(delegate("Józef Ślusarczyk", "CWD-2"), badge_template)
                  ->report.find(BadgeElementKind::name)
                  ->texts());
}

TEST_F(BadgeLayoutWithEveryFace, NoNameOnAnyTemplateGoesBelowItsMinimumAndEveryQrCodeReadsBack) {
    for (const std::string& template_name : shipped_badge_template_names()) {
        const BadgeTemplate badge_template = load(template_name);
        for (std::size_t index = 0; index < names.size(); ++index) {
            const std::string code = fmt::format("CWD-ZPZXSWG{}", index);
            const auto composed = compose_with_every_face(delegate(names[index], code), badge_template);
            ASSERT_TRUE(composed) << composed.error().message;
            const auto read = read_with_zxing(composed->image);
            EXPECT_EQ(read.text(), code) << template_name << " " << names[index];
            const ElementLayout* name = composed->report.find(BadgeElementKind::name);
            ASSERT_NE(name, nullptr);
            EXPECT_FALSE(name->below_minimum) << template_name << " " << names[index];
            // Put back together without hyphens, the lines give the name without hyphens.
            std::string joined;
            for (const std::string& line : name->texts()) {
                if (!joined.empty() && !joined.ends_with('-')) {
                    joined += ' ';
                }
                joined += line;
            }
            std::erase(joined, '-');
            std::string expected = names[index];
            std::erase(expected, '-');
            EXPECT_EQ(joined, expected) << template_name;
        }
    }
}

TEST_F(BadgeLayout, HyphenatedNameBreaksAtTheHyphenBeforeShrinkingBelowTheMinimum) {
    const BadgeTemplate badge_template = load(default_badge_template_name);
    const auto composed =
        compose(delegate("Maria Magdalena Wiśniewska-Grzegorczyk", "CWD-2"), badge_template);
    ASSERT_TRUE(composed) << composed.error().message;
    const ElementLayout* name = composed->report.find(BadgeElementKind::name);
    ASSERT_NE(name, nullptr);
    EXPECT_FALSE(name->below_minimum);
    ASSERT_GE(name->lines.size(), 2U);
    EXPECT_EQ(name->lines[name->lines.size() - 2].text, "Wiśniewska-");
    EXPECT_EQ(name->lines.back().text, "Grzegorczyk");
    EXPECT_GE(name->size_dots, 59U); // min_size 5 mm at 300 dpi
}

TEST_F(BadgeLayout, ShortNameUsesTheMaximumSize) {
    const BadgeTemplate badge_template = load(default_badge_template_name);
    BadgeData data = delegate("Jan Nowak", "CWD-3");
    const auto composed = compose(data, badge_template);
    ASSERT_TRUE(composed) << composed.error().message;
    const ElementLayout* name = composed->report.find(BadgeElementKind::name);
    ASSERT_NE(name, nullptr);
    EXPECT_EQ(name->size_dots, 106U); // max_size 9 mm at 300 dpi
    EXPECT_EQ(name->texts(), (std::vector<std::string>{"Jan", "Nowak"}));
}

TEST_F(BadgeLayout, PositionAndPartnershipShareALineOnlyWhenTheyFitOnOne) {
    const BadgeTemplate badge_template = load(default_badge_template_name);
    BadgeData data = delegate("Anna Kowalska", "CWD-5");
    data.position = "Wójt";
    data.partnership = "Partnerstwo Gmin Doliny Bugu";
    auto composed = compose(data, badge_template);
    ASSERT_TRUE(composed) << composed.error().message;
    const ElementLayout* affiliation = composed->report.find(BadgeElementKind::affiliation);
    ASSERT_NE(affiliation, nullptr);
    EXPECT_EQ(affiliation->texts(), (std::vector<std::string>{"Wójt · Partnerstwo Gmin Doliny Bugu"}));

    // Too long for one line: each gets a line of its own and no line starts or ends with a "·".
    data.position = "Koordynator projektu partnerskiego";
    data.partnership = "Partnerstwo Miejskie";
    composed = compose(data, badge_template);
    ASSERT_TRUE(composed) << composed.error().message;
    affiliation = composed->report.find(BadgeElementKind::affiliation);
    ASSERT_NE(affiliation, nullptr);
    EXPECT_EQ(affiliation->texts(),
              (std::vector<std::string>{"Koordynator projektu partnerskiego", "Partnerstwo Miejskie"}));
    EXPECT_FALSE(affiliation->below_minimum);
}

TEST_F(BadgeLayout, LogoIsDrawnInsideItsBoxAndOnlyThere) {
    for (const std::string_view template_name : {"ql-62-continuous-100", "zpl-4x3-203dpi"}) {
        const BadgeTemplate badge_template = load(template_name);
        const auto logo =
            std::ranges::find(badge_template.elements, BadgeElementKind::logo, &BadgeElement::kind);
        ASSERT_NE(logo, badge_template.elements.end()) << template_name;
        const DotBox box = badge_template.dot_box(logo->box);
        const auto composed = compose(delegate("Anna Kowalska", "CWD-6"), badge_template);
        ASSERT_TRUE(composed) << composed.error().message;
        // Every dot of the dithered picture lands in the box; the box holds nothing else.
        EXPECT_EQ(ink(composed->image.black, box), logo->picture->black_dots()) << template_name;
        EXPECT_GT(logo->picture->black_dots(), box.width * box.height / 10) << template_name;

        // Without the template's other elements the box is the only ink: nothing spills out.
        BadgeTemplate only_logo = badge_template;
        std::erase_if(only_logo.elements,
                      [](const BadgeElement& element) { return element.kind != BadgeElementKind::logo; });
        const auto alone = compose(delegate("Anna Kowalska", "CWD-6"), only_logo);
        ASSERT_TRUE(alone) << alone.error().message;
        EXPECT_EQ(alone->image.black.black_dots(), logo->picture->black_dots()) << template_name;
    }
}

TEST_F(BadgeLayout, LogoThatWasNeverLoadedIsAnErrorNotABlank) {
    BadgeTemplate badge_template = load("ql-62-continuous-100");
    for (BadgeElement& element : badge_template.elements) {
        element.picture.reset(); // as parse_badge_template alone leaves it
    }
    const auto composed = compose(delegate("Anna Kowalska", "CWD-7"), badge_template);
    ASSERT_FALSE(composed);
    EXPECT_NE(composed.error().message.find("cwd-plus-logo.png was not loaded"), std::string::npos)
        << composed.error().message;
}

TEST_F(BadgeLayout, VeryLongOrganisationWrapsToAtMostThreeLines) {
    for (const std::string& template_name : shipped_badge_template_names()) {
        const BadgeTemplate badge_template = load(template_name);
        BadgeData data = delegate("Anna Kowalska", "CWD-4");
        data.organisation = "Wojewódzki Fundusz Ochrony Środowiska i Gospodarki Wodnej w Katowicach oraz "
                            "Stowarzyszenie Gmin i Powiatów Subregionu Zachodniego Województwa Śląskiego";
        const auto composed = compose(data, badge_template);
        ASSERT_TRUE(composed) << composed.error().message;
        const ElementLayout* organisation = composed->report.find(BadgeElementKind::organisation);
        ASSERT_NE(organisation, nullptr);
        EXPECT_LE(organisation->lines.size(), 3U) << template_name;
        EXPECT_GE(organisation->lines.size(), 2U) << template_name;
        std::string joined;
        for (const std::string& line : organisation->texts()) {
            joined += joined.empty() ? "" : " ";
            joined += line;
        }
        EXPECT_EQ(joined, data.organisation);
    }
}

TEST_F(BadgeLayout, NothingIsDrawnOutsideTheElementBoxes) {
    for (const std::string& template_name : shipped_badge_template_names()) {
        const BadgeTemplate badge_template = load(template_name);
        const auto composed = compose(delegate(long_name, "CWD-5"), badge_template);
        ASSERT_TRUE(composed) << composed.error().message;
        const BadgeImage& image = composed->image;
        std::size_t inside = 0;
        for (const ElementLayout& element : composed->report.elements) {
            const std::size_t element_ink =
                ink(image.black, element.box) + (image.red ? ink(*image.red, element.box) : 0U);
            EXPECT_GT(element_ink, 0U) << template_name << " " << badge_element_name(element.kind);
            inside += element_ink;
        }
        // Boxes do not overlap in the shipped templates, so the sum is all the ink there is.
        const std::size_t total = image.black.black_dots() + (image.red ? image.red->black_dots() : 0U);
        EXPECT_EQ(inside, total) << template_name;
    }
}

TEST_F(BadgeLayout, RoleBandIsInverseOnMonoAndRedOnTwoColour) {
    for (const std::string& template_name : shipped_badge_template_names()) {
        const BadgeTemplate badge_template = load(template_name);
        const auto composed = compose(delegate("Józef Ślusarczyk", "CWD-6"), badge_template);
        ASSERT_TRUE(composed) << composed.error().message;
        const ElementLayout* role = composed->report.find(BadgeElementKind::role);
        ASSERT_NE(role, nullptr);
        EXPECT_EQ(role->texts(), (std::vector<std::string>{"Prelegent"}));
        const std::size_t area = role->box.width * role->box.height;
        const BadgeImage& image = composed->image;
        const Bitmap& band = badge_template.two_colour ? *image.red : image.black;
        const std::size_t band_ink = ink(band, role->box);
        // Mostly filled, with white text knocked out of it.
        EXPECT_GT(band_ink, area * 8 / 10) << template_name;
        EXPECT_LT(band_ink, area) << template_name;
        // The corners are solid.
        EXPECT_TRUE(band.black(role->box.left, role->box.top));
        EXPECT_TRUE(band.black(role->box.right() - 1, role->box.bottom() - 1));
        if (badge_template.two_colour) {
            EXPECT_EQ(ink(image.black, role->box), 0U) << "the red band has no black in it";
        }
    }
}

TEST_F(BadgeLayout, OnTwoColourStockOnlyTheTemplatesRedRolesGetARedBand) {
    const BadgeTemplate badge_template = load("ql-62red-100");
    for (const auto& [role_name, red] :
         std::vector<std::pair<std::string, bool>>{{"Prelegent", true},
                                                   {"Instytucja Zarządzająca", true},
                                                   {"Uczestnik", false},
                                                   {"Media", false}}) {
        BadgeData data = delegate("Józef Ślusarczyk", "CWD-8");
        data.role = role_name;
        const auto composed = compose(data, badge_template);
        ASSERT_TRUE(composed) << composed.error().message;
        const ElementLayout* role = composed->report.find(BadgeElementKind::role);
        ASSERT_NE(role, nullptr);
        const std::size_t area = role->box.width * role->box.height;
        const std::size_t red_ink = ink(*composed->image.red, role->box);
        const std::size_t black_ink = ink(composed->image.black, role->box);
        if (red) {
            EXPECT_GT(red_ink, area * 6 / 10) << role_name;
            EXPECT_EQ(black_ink, 0U) << role_name;
        } else {
            EXPECT_GT(black_ink, area * 6 / 10) << role_name;
            EXPECT_EQ(red_ink, 0U) << role_name;
        }
    }
}

// A role too long for one line at 5 mm takes the band's second line rather than a smaller size
// (issue 17: roles are read from across the room).
TEST_F(BadgeLayout, LongRoleTakesTwoLinesOfTheBandAtItsMinimumSize) {
    const BadgeTemplate badge_template = load(default_badge_template_name);
    BadgeData data = delegate("Jan Nowak", "CWD-7");
    data.role = "Instytucja Zarządzająca";
    const auto composed = compose(data, badge_template);
    ASSERT_TRUE(composed) << composed.error().message;
    const ElementLayout* role = composed->report.find(BadgeElementKind::role);
    ASSERT_NE(role, nullptr);
    EXPECT_EQ(role->texts(), (std::vector<std::string>{"Instytucja", "Zarządzająca"}));
    EXPECT_FALSE(role->below_minimum);
    EXPECT_GE(role->size_dots, static_cast<unsigned>(5.0 * badge_template.dpi / 25.4));
}

TEST_F(BadgeLayout, MissingGlyphNamesTheDelegateAndTheCharacter) {
    const BadgeTemplate badge_template = load(default_badge_template_name);
    BadgeData data = delegate("Jan Kowalski", "CWD-ZPZXSWG7");
    data.organisation = "中国银行";
    const auto composed = compose_badge(data, badge_template, *regular, *bold);
    ASSERT_FALSE(composed);
    const std::string& message = composed.error().message;
    EXPECT_EQ(message.rfind("cannot print the badge of Jan Kowalski (CWD-ZPZXSWG7): the font DejaVuSans.ttf "
                            "has no glyph for U+4E2D '中'",
                            0),
              0U)
        << message;
}

TEST_F(BadgeLayout, EmptyOptionalElementsAreLeftBlank) {
    const BadgeTemplate badge_template = load(default_badge_template_name);
    BadgeData data;
    data.first_name = "Jan";
    data.last_name = "Nowak";
    data.code = "CWD-8";
    const auto composed = compose(data, badge_template);
    ASSERT_TRUE(composed) << composed.error().message;
    const ElementLayout* organisation = composed->report.find(BadgeElementKind::organisation);
    ASSERT_NE(organisation, nullptr);
    EXPECT_TRUE(organisation->lines.empty());
    EXPECT_EQ(ink(composed->image.black, organisation->box), 0U);
}

} // namespace
} // namespace checkin::printing
