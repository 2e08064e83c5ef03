// Golden badges: the nine hard names composed on each shipped template (the default, the two-colour one,
// continuous tape and Zebra 4 × 3 inch, the last two with the dithered logo), encoded to PNG and compared
// with tests/data/badges/<template>-<n>.png pixel by pixel.
//
// Tolerance: zero. Every pixel must match exactly. Composition is deterministic (no randomness, no clock,
// no anti-aliasing survives the 1-bit threshold), and the only outside inputs are the DejaVu fonts and the
// FreeType/HarfBuzz/SDL_ttf that rasterise them, which .ci/setup installs from Debian 12 (bookworm). When
// those packages change (a Debian point release, a different distribution) or the layout changes on
// purpose, regenerate the goldens deliberately and review them; see tests/data/badges/README.md:
//
//   CHECKIN_REGENERATE_GOLDEN_BADGES=1 build/dev/bin/printing_tests --gtest_filter='BadgeGolden*'
//
// In that mode the tests write the goldens into the source tree and then fail, so a regeneration can
// never pass for a test run.
//
// Each golden is also read with zbarimg, a QR decoder independent of the ZXing the other tests use, and
// must carry exactly its badge's code.

#include "printing/badge_layout.hpp"
#include "printing/badge_template.hpp"
#include "printing/bitmap.hpp"
#include "printing/png.hpp"
#include "printing/text_renderer.hpp"
#include "tests/printing/badge_fonts_fixture.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <gtest/gtest.h>
#include <iterator>
#include <optional>
#include <png.h>
#include <string>
#include <string_view>
#include <unistd.h>
#include <utility>
#include <vector>

namespace checkin::printing {
namespace {

const std::filesystem::path golden_directory = CHECKIN_TEST_DATA "/badges";
constexpr std::string_view two_colour_template_name = "ql-62red-100";
constexpr std::string_view continuous_template_name = "ql-62-continuous-100";
constexpr std::string_view zebra_template_name = "zpl-4x3-203dpi";
// Page templates (any printer taking a page: IPP, CUPS, A4 sheets).
constexpr std::string_view sheet_template_name = "page-90x54";
constexpr std::string_view a6_template_name = "page-a6";
constexpr std::string_view dymo_template_name = "dymo-99014";
constexpr std::string_view regenerate_variable = "CHECKIN_REGENERATE_GOLDEN_BADGES";

// One delegate per hard name; everything but the name is fixed too, so the goldens change only when the
// rendering does.
struct GoldenDelegate {
    std::string_view full_name;
    std::string_view organisation;
    std::string_view role;
};

const std::array<GoldenDelegate, 9> delegates{{
    {"Łukasz Konstantynopolitańczykiewiczówna-Brzęczyszczykiewicz", "Urząd Miasta Stołecznego Warszawy",
     "Prelegent"},
    {"Maria Magdalena Wiśniewska-Grzegorczyk", "Ministerstwo Funduszy i Polityki Regionalnej",
     "Instytucja Zarządzająca"},
    {"Józef Ślusarczyk", "Gmina Serock", "Uczestnik"},
    {"Ołeksandr Szewczenko", "Związek Miast Polskich", "Ekspert"},
    {"Олександр Шевченко", "Київська міська рада", "Uczestnik"},
    {"Nguyễn Thị Minh Khai", "Stowarzyszenie Metropolia Krakowska", "Prelegent"},
    {"Günther Weiß", "Deutscher Städtetag", "Gość"},
    {"Žydrūnas Šimkus", "Vilniaus miesto savivaldybė", "Uczestnik"},
    {"Miłosz Kòrczëk", "Urząd Marszałkowski Województwa Pomorskiego", "Organizator"},
}};

// Badge n (1-based) carries CWD-GOLD0n.
std::string golden_code(std::size_t number) {
    return fmt::format("CWD-GOLD{:02}", number);
}

BadgeData golden_badge_data(std::size_t number) {
    const GoldenDelegate& delegate = delegates.at(number - 1);
    BadgeData data;
    const std::size_t space = delegate.full_name.find(' ');
    data.first_name = delegate.full_name.substr(0, space);
    data.last_name = delegate.full_name.substr(space + 1);
    data.code = golden_code(number);
    data.organisation = delegate.organisation;
    data.position = "Koordynator projektu";
    data.partnership = "Partnerstwo Miejskie";
    data.role = delegate.role;
    data.event_title = "Seminarium sieciujące CWD+ Serock";
    data.event_dates = "29–30.11.2026";
    return data;
}

std::filesystem::path golden_path(std::string_view template_name, std::size_t number) {
    return golden_directory / fmt::format("{}-{}.png", template_name, number);
}

bool regenerating() {
    const char* value = std::getenv(std::string(regenerate_variable).c_str());
    return value != nullptr && std::string_view(value) == "1";
}

std::optional<std::vector<std::uint8_t>> read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return std::nullopt;
    }
    return std::vector<std::uint8_t>(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void write_file(const std::filesystem::path& path, const std::vector<std::uint8_t>& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    ASSERT_TRUE(out.good()) << "cannot write " << path;
}

// A PNG decoded by libpng (its simplified API) into 8-bit RGB, whatever the file's own format.
struct RgbPixels {
    std::size_t width = 0;
    std::size_t height = 0;
    std::vector<std::uint8_t> rgb; // row-major, 3 bytes a pixel
};

constexpr std::size_t rgb_bytes = 3;

std::optional<RgbPixels> decode_png(const std::vector<std::uint8_t>& bytes, std::string& error) {
    png_image image{};
    image.version = PNG_IMAGE_VERSION;
    if (png_image_begin_read_from_memory(&image, bytes.data(), bytes.size()) == 0) {
        error = image.message;
        return std::nullopt;
    }
    image.format = PNG_FORMAT_RGB;
    RgbPixels pixels;
    pixels.width = image.width;
    pixels.height = image.height;
    pixels.rgb.resize(pixels.width * pixels.height * rgb_bytes);
    if (png_image_finish_read(&image, nullptr, pixels.rgb.data(), 0, nullptr) == 0) {
        error = image.message;
        png_image_free(&image);
        return std::nullopt;
    }
    return pixels;
}

std::size_t differing_pixels(const RgbPixels& expected, const RgbPixels& actual) {
    std::size_t count = 0;
    for (std::size_t at = 0; at < expected.rgb.size(); at += rgb_bytes) {
        if (expected.rgb[at] != actual.rgb[at] || expected.rgb[at + 1] != actual.rgb[at + 1] ||
            expected.rgb[at + 2] != actual.rgb[at + 2]) {
            ++count;
        }
    }
    return count;
}

// The text zbarimg decodes from `path`, without its trailing newline, or nullopt when it reads nothing.
std::optional<std::string> read_with_zbarimg(const std::filesystem::path& path) {
    std::string command = "zbarimg -q --raw '";
    command += path.string();
    command += "' 2>/dev/null";
    FILE* pipe = popen(command.c_str(), "r");
    if (pipe == nullptr) {
        return std::nullopt;
    }
    std::string output;
    std::array<char, 256> buffer{};
    std::size_t read = 0;
    while ((read = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) {
        output.append(buffer.data(), read);
    }
    if (pclose(pipe) != 0) {
        return std::nullopt;
    }
    if (output.ends_with('\n')) {
        output.pop_back();
    }
    return output;
}

class BadgeGolden : public BadgeFontsTest {
protected:
    // Composes the nine badges on `template_name` and compares each with its golden, or, when
    // regenerating, writes the goldens and fails.
    static void check_template(std::string_view template_name) {
        ASSERT_NE(regular, nullptr);
        auto loaded = load_badge_template(templates_directory, template_name);
        ASSERT_TRUE(loaded) << loaded.error().message;
        const BadgeTemplate& badge_template = *loaded;
        const bool regenerate = regenerating();
        if (regenerate) {
            std::filesystem::create_directories(golden_directory);
        }
        const std::filesystem::path actual_directory =
            std::filesystem::temp_directory_path() / fmt::format("checkin-badge-golden-{}", getpid());

        for (std::size_t number = 1; number <= delegates.size(); ++number) {
            const BadgeData data = golden_badge_data(number);
            const auto composed = compose_badge(data, badge_template, every_face());
            ASSERT_TRUE(composed) << composed.error().message;
            const std::vector<std::uint8_t> png = encode_png(*composed, badge_template.dpi).value();
            const std::filesystem::path golden = golden_path(template_name, number);
            if (regenerate) {
                write_file(golden, png);
                continue;
            }

            const std::filesystem::path actual_path =
                actual_directory / fmt::format("{}-{}.png", template_name, number);
            const auto keep_actual = [&] {
                std::filesystem::create_directories(actual_directory);
                write_file(actual_path, png);
            };
            const auto golden_bytes = read_file(golden);
            if (!golden_bytes) {
                keep_actual();
                ADD_FAILURE() << "no golden " << golden << " for " << data.first_name << " " << data.last_name
                              << "; actual badge written to " << actual_path << "; to create the goldens run "
                              << regenerate_variable << "=1 build/dev/bin/printing_tests "
                              << "--gtest_filter='BadgeGolden*'";
                continue;
            }
            std::string error;
            const auto expected = decode_png(*golden_bytes, error);
            ASSERT_TRUE(expected) << "libpng cannot read " << golden << ": " << error;
            const auto actual = decode_png(png, error);
            ASSERT_TRUE(actual) << "libpng cannot read the encoded badge: " << error;

            if (expected->width != actual->width || expected->height != actual->height) {
                keep_actual();
                ADD_FAILURE() << golden << " is " << expected->width << "×" << expected->height
                              << " but the badge is " << actual->width << "×" << actual->height
                              << "; actual badge written to " << actual_path;
                continue;
            }
            // Tolerance zero: see the top of this file.
            const std::size_t differing = differing_pixels(*expected, *actual);
            if (differing != 0) {
                keep_actual();
                ADD_FAILURE() << differing << " of " << expected->width * expected->height
                              << " pixels differ from " << golden << " (" << data.first_name << " "
                              << data.last_name << "); actual badge written to " << actual_path;
            }
        }
        if (regenerate) {
            FAIL() << "golden badges regenerated; review them and unset " << regenerate_variable << " ("
                   << golden_directory << ")";
        }
    }
};

TEST_F(BadgeGolden, DefaultTemplateMatchesTheGoldensPixelForPixel) {
    check_template(default_badge_template_name);
}

TEST_F(BadgeGolden, TwoColourTemplateMatchesTheGoldensPixelForPixel) {
    check_template(two_colour_template_name);
}

TEST_F(BadgeGolden, ContinuousTemplateWithLogoMatchesTheGoldensPixelForPixel) {
    check_template(continuous_template_name);
}

TEST_F(BadgeGolden, ZebraTemplateWithLogoMatchesTheGoldensPixelForPixel) {
    check_template(zebra_template_name);
}

TEST_F(BadgeGolden, PageTemplatesMatchTheGoldensPixelForPixel) {
    check_template(sheet_template_name);
    check_template(a6_template_name);
    check_template(dymo_template_name);
}

// The table of name sizes in tests/data/badges/README.md: one row per golden badge, as measured now. A
// change in the layout that changes a size fails here until the table says so too.
TEST_F(BadgeGolden, TheReadmeTableGivesTheMeasuredNameSizes) {
    std::string table;
    for (const std::string_view template_name :
         {default_badge_template_name, two_colour_template_name, continuous_template_name,
          zebra_template_name, sheet_template_name, a6_template_name, dymo_template_name}) {
        auto loaded = load_badge_template(templates_directory, template_name);
        ASSERT_TRUE(loaded) << loaded.error().message;
        for (std::size_t number = 1; number <= delegates.size(); ++number) {
            const BadgeData data = golden_badge_data(number);
            const auto composed = compose_badge_with_report(data, *loaded, every_face());
            ASSERT_TRUE(composed) << composed.error().message;
            const ElementLayout* name = composed->report.find(BadgeElementKind::name);
            ASSERT_NE(name, nullptr);
            unsigned smallest = name->lines.front().size_dots;
            for (const FittedLine& line : name->lines) {
                smallest = std::min(smallest, line.size_dots);
            }
            // DejaVu Sans's capitals are 0.729 em tall.
            const auto capital_mm = [&](unsigned dots) {
                return dots * 0.729 * 25.4 / loaded->dpi;
            };
            table += fmt::format("| {} | {} | {} {} | {} | {:.1f} mm | {:.1f} mm | {} | {} |\n",
                                 template_name, number, data.first_name, data.last_name, name->lines.size(),
                                 capital_mm(name->size_dots), capital_mm(smallest),
                                 name->condensed ? "condensed" : "regular",
                                 name->below_minimum ? "**below**" : "no");
        }
    }
    const auto readme = read_file(golden_directory / "README.md");
    ASSERT_TRUE(readme);
    const std::string text(readme->begin(), readme->end());
    EXPECT_NE(text.find(table), std::string::npos) << "the table in tests/data/badges/README.md should be:\n"
                                                   << table;
}

// A role is read from across the room (issue 17): every role of the seminar's roster, and the longest
// one beside the longest name, is set at an em size of at least 5 mm on every shipped template, never
// below the template's minimum, and the template's minimum itself is at least 5 mm.
TEST_F(BadgeGolden, EveryRoleOfTheRosterPrintsAtLeastFiveMillimetres) {
    const std::vector<std::string> roles = {"Uczestnik", "Ekspert", "Organizator", "Instytucja Zarządzająca",
                                            "Prelegent", "Media",   "Gość",        "Partner"};
    for (const std::string_view template_name : {default_badge_template_name, two_colour_template_name,
                                                 continuous_template_name, zebra_template_name}) {
        auto loaded = load_badge_template(templates_directory, template_name);
        ASSERT_TRUE(loaded) << loaded.error().message;
        const double five_mm_dots = 5.0 * loaded->dpi / 25.4;
        for (const auto& element : loaded->elements) {
            if (element.kind == BadgeElementKind::role) {
                EXPECT_GE(element.min_size_mm, 5.0) << template_name;
            }
        }
        for (const auto& role : roles) {
            for (const std::size_t number : {std::size_t{1}, std::size_t{3}}) {
                BadgeData data = golden_badge_data(number);
                data.role = role;
                const auto composed = compose_badge_with_report(data, *loaded, every_face());
                ASSERT_TRUE(composed) << composed.error().message;
                const ElementLayout* printed = composed->report.find(BadgeElementKind::role);
                ASSERT_NE(printed, nullptr) << template_name;
                EXPECT_FALSE(printed->below_minimum) << template_name << ": " << role;
                for (const FittedLine& line : printed->lines) {
                    EXPECT_GE(line.size_dots + 0.5, five_mm_dots)
                        << template_name << ": " << role << " at " << line.size_dots * 25.4 / loaded->dpi
                        << " mm";
                }
            }
        }
    }
}

// Runs after the four above in the same binary, so in regeneration mode it checks the fresh goldens.
TEST_F(BadgeGolden, ZbarimgReadsEachGoldensCode) {
    for (const std::string_view template_name : {default_badge_template_name, two_colour_template_name,
                                                 continuous_template_name, zebra_template_name}) {
        for (std::size_t number = 1; number <= delegates.size(); ++number) {
            const std::filesystem::path golden = golden_path(template_name, number);
            ASSERT_TRUE(std::filesystem::exists(golden)) << golden;
            const auto text = read_with_zbarimg(golden);
            ASSERT_TRUE(text) << "zbarimg read no code from " << golden;
            EXPECT_EQ(*text, golden_code(number)) << golden;
        }
    }
}

} // namespace
} // namespace checkin::printing
