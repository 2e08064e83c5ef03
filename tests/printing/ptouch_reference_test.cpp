// Our Brother QL encoder against an independent one: the same badge picture goes through Ghostscript's
// CUPS raster device and `rastertoptch` from Debian's printer-driver-ptouch (the filter CUPS runs for
// the "Brother QL-570 Foomatic/ptouch-ql" PPD), and through `encode_ql_raster`. Both streams are decoded
// with tests/printing/ql_raster_decoder.hpp and the pictures compared dot for dot, allowing only the
// shift across the head that follows from where the PPD puts the print area and how rastertoptch lines
// the raster up with the head. Bytes are not compared: the preambles legitimately differ.
//
// How rastertoptch is run (printer-driver-ptouch 1.6, Debian 12): not with the CUPS filter argv
// (job user title copies options file) but as foomatic-rip runs it from the PPD's FoomaticRIPCommandLine,
// `rastertoptch [-i in] [-o out] 'job-options'`, where the job options are the FoomaticRIPOptionSetting
// strings of the chosen PPD options. A PageSize option would be refused ("Unknown option"): the label
// size reaches the filter in the CUPS raster header, so the PostScript page carries the PPD's own
// PageSize code, as CUPS would insert it.
//
// Needs the Debian packages ghostscript and printer-driver-ptouch (which brings python3 and xz-utils for
// its PPD generator). A missing tool fails the test; it is never skipped.

#include "printing/brother_ql.hpp"
#include "tests/printing/ptouch_reference.hpp"
#include "tests/printing/ql_raster_decoder.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <expected>
#include <fcntl.h>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <gtest/gtest.h>
#include <optional>
#include <spawn.h>
#include <sstream>
#include <string>
#include <string_view>
#include <sys/wait.h>
#include <system_error>
#include <unistd.h>
#include <utility>
#include <vector>

namespace checkin::printing {
namespace {

namespace fs = std::filesystem;
using testing::decode_ql_raster;
using testing::QlDecodedJob;
using namespace ptouch;

constexpr double rastertoptch_min_margin_points = 8.4; // the MinMargin above: lines it skips top and bottom

// ESC i z n1: which fields are valid (kind 0x02, width 0x04, length 0x08).
constexpr std::uint8_t print_information_valid_bits = 0x0E;

// A directory under the system's temporary directory, removed with everything in it.
class TemporaryDirectory {
public:
    TemporaryDirectory() {
        std::string pattern = (fs::temp_directory_path() / "ptouch-reference-XXXXXX").string();
        if (::mkdtemp(pattern.data()) == nullptr) {
            throw std::system_error(errno, std::generic_category(), "mkdtemp");
        }
        m_path = pattern;
    }
    TemporaryDirectory(const TemporaryDirectory&) = delete;
    TemporaryDirectory& operator=(const TemporaryDirectory&) = delete;
    ~TemporaryDirectory() {
        std::error_code ignored;
        fs::remove_all(m_path, ignored);
    }
    const fs::path& path() const { return m_path; }

private:
    fs::path m_path;
};

std::size_t points_to_dots(double points) {
    return static_cast<std::size_t>(std::lround(points * dots_per_point));
}

// The test badge: a border inset from the edge, a diagonal, an "L" marker near the top-left corner, a
// bar down the left, a checker block and a lone dot, so a shift, a mirror, a turn or a lost row shows.
Bitmap reference_badge(std::size_t width, std::size_t height) {
    Bitmap image(width, height);
    constexpr std::size_t inset = 6;
    for (std::size_t x = inset; x < width - inset; ++x) {
        for (std::size_t thickness = 0; thickness < 3; ++thickness) {
            image.set(x, inset + thickness, true);
            image.set(x, height - 1 - inset - thickness, true);
        }
    }
    for (std::size_t y = inset; y < height - inset; ++y) {
        for (std::size_t thickness = 0; thickness < 3; ++thickness) {
            image.set(inset + thickness, y, true);
            image.set(width - 1 - inset - thickness, y, true);
        }
    }
    for (std::size_t i = 0; i < std::min(width, height); ++i) {
        image.set(i, i, true);
    }
    for (std::size_t y = 40; y < 200; ++y) { // "L": the upright
        for (std::size_t x = 40; x < 52; ++x) {
            image.set(x, y, true);
        }
    }
    for (std::size_t y = 188; y < 200; ++y) { // "L": the foot, to the right
        for (std::size_t x = 52; x < 130; ++x) {
            image.set(x, y, true);
        }
    }
    for (std::size_t y = 0; y < height; ++y) { // a bar at the very left edge of the print area
        image.set(0, y, y % 3 != 0);
    }
    for (std::size_t y = 0; y < 64; ++y) { // checker block, 4-dot squares, off the byte grid
        for (std::size_t x = 0; x < 64; ++x) {
            image.set(width / 2 + 3 + x, height / 2 + y, ((x / 4) + (y / 4)) % 2 == 0);
        }
    }
    image.set(width - 20, height - 30, true);
    return image;
}

bool dot(const Bitmap& picture, long x, long y) {
    return x >= 0 && y >= 0 && picture.black(static_cast<std::size_t>(x), static_cast<std::size_t>(y));
}

// Dots that differ when `theirs` is read `dx` pins to the right and `dy` lines down from `ours`, over
// the union of both pictures; stops counting past `limit`.
std::size_t differences(const Bitmap& ours, const Bitmap& theirs, long dx, long dy, std::size_t limit) {
    const long our_width = static_cast<long>(ours.width());
    const long our_height = static_cast<long>(ours.height());
    const long their_width = static_cast<long>(theirs.width());
    const long their_height = static_cast<long>(theirs.height());
    std::size_t count = 0;
    for (long y = std::min(0L, dy); y < std::max(their_height, our_height + dy); ++y) {
        for (long x = std::min(0L, dx); x < std::max(their_width, our_width + dx); ++x) {
            if (dot(theirs, x, y) != dot(ours, x - dx, y - dy) && ++count > limit) {
                return count;
            }
        }
    }
    return count;
}

struct Alignment {
    long dx = 0;
    long dy = 0;
    std::size_t differing_dots = 0;
};

// The offset within ±window at which the pictures are identical, if there is one; otherwise the offset
// that lines up their black bounding boxes, with its count of differing dots (for the failure message).
Alignment align(const Bitmap& ours, const Bitmap& theirs, long window) {
    for (long dy = -window; dy <= window; ++dy) {
        for (long dx = -window; dx <= window; ++dx) {
            if (differences(ours, theirs, dx, dy, 0) == 0) {
                return {dx, dy, 0};
            }
        }
    }
    const auto top_left = [](const Bitmap& picture) {
        long left = static_cast<long>(picture.width());
        long top = static_cast<long>(picture.height());
        for (std::size_t y = 0; y < picture.height(); ++y) {
            for (std::size_t x = 0; x < picture.width(); ++x) {
                if (picture.black(x, y)) {
                    left = std::min(left, static_cast<long>(x));
                    top = std::min(top, static_cast<long>(y));
                }
            }
        }
        return std::pair{left, top};
    };
    const auto [our_left, our_top] = top_left(ours);
    const auto [their_left, their_top] = top_left(theirs);
    Alignment guess{their_left - our_left, their_top - our_top, 0};
    guess.differing_dots = differences(ours, theirs, guess.dx, guess.dy, ours.width() * ours.height());
    return guess;
}

TEST(PtouchReference, DieCut62x100DecodesToTheSamePictureAsOurEncoder) {
    const QlModel model = find_ql_model("ql-570").value(); // the model the PPD is for
    const QlMedia media = find_ql_media("62x100").value();
    const Bitmap badge = reference_badge(media.printable_width_dots, media.printable_length_dots);

    const std::optional<fs::path> gs = find_on_path("gs");
    ASSERT_TRUE(gs.has_value()) << missing_tool("gs (Ghostscript) on PATH", ghostscript_package);
    ASSERT_EQ(::access(rastertoptch_path.c_str(), X_OK), 0)
        << missing_tool(rastertoptch_path.string(), ptouch_package);
    ASSERT_EQ(::access(ptouch_ppd_generator_path.c_str(), X_OK), 0)
        << missing_tool(ptouch_ppd_generator_path.string(), ptouch_package);

    TemporaryDirectory directory;
    const fs::path ppd_path = directory.path() / "Brother-QL-570-ptouch-ql.ppd";
    const fs::path ps_path = directory.path() / "page.ps";
    const fs::path raster_path = directory.path() / "page.ras";
    const fs::path job_path = directory.path() / "job.bin";

    // The PPD, as CUPS would generate it.
    const std::vector<std::string> cat_ppd = {ptouch_ppd_generator_path.string(), "cat",
                                              std::string(ppd_uri)};
    auto generated = run(cat_ppd, directory.path());
    ASSERT_TRUE(generated.has_value()) << generated.error();
    if (generated->exit_code != 0 || generated->out.empty()) {
        const std::vector<std::string> list = {ptouch_ppd_generator_path.string(), "list"};
        auto listed = run(list, directory.path());
        FAIL() << describe(cat_ppd, *generated) << "\nthe PPDs it offers:\n"
               << (listed ? listed->out : listed.error()) << "\n(the generator is a python3 script from "
               << ptouch_package << ")";
    }
    std::ofstream(ppd_path, std::ios::binary) << generated->out;
    auto ppd = parse_ppd(generated->out);
    ASSERT_TRUE(ppd.has_value()) << ppd.error();
    std::istringstream options{std::string(rastertoptch_options)};
    for (std::string option; options >> option;) {
        EXPECT_NE(ppd->text.find(" " + option + " "), std::string::npos)
            << "job option " << option << " is not a FoomaticRIPOptionSetting of the QL-570 PPD";
    }

    // Badge → PostScript → CUPS raster (1 bit, black) → Brother QL raster.
    std::ofstream(ps_path, std::ios::binary) << badge_postscript(badge, *ppd);
    const std::vector<std::string> ghostscript = {gs->string(),
                                                  "-q",
                                                  "-dSAFER",
                                                  "-dBATCH",
                                                  "-dNOPAUSE",
                                                  "-sDEVICE=cups",
                                                  "-r300x300",
                                                  "-dcupsBitsPerColor=1",
                                                  "-dcupsColorSpace=3", // CUPS_CSPACE_K: 1 = black
                                                  "-sOutputFile=" + raster_path.string(),
                                                  ps_path.string()};
    auto rendered = run(ghostscript, directory.path());
    ASSERT_TRUE(rendered.has_value()) << rendered.error();
    ASSERT_EQ(rendered->exit_code, 0) << describe(ghostscript, *rendered);
    const std::vector<std::string> filter = {rastertoptch_path.string(), "-i",
                                             raster_path.string(),       "-o",
                                             job_path.string(),          std::string(rastertoptch_options)};
    auto filtered = run(filter, directory.path(), {"PPD=" + ppd_path.string()});
    ASSERT_TRUE(filtered.has_value()) << filtered.error();
    ASSERT_EQ(filtered->exit_code, 0) << describe(filter, *filtered);
    // rastertoptch reports errors on stderr but still exits 0.
    ASSERT_EQ(filtered->err.find("ERROR"), std::string::npos) << describe(filter, *filtered);

    // rastertoptch emits nothing our decoder does not know (350 NULLs, ESC @, ESC i M, ESC i K,
    // ESC i d, ESC i z, g lines, Z lines, control-Z), so no pre-filtering is needed.
    const auto reference = decode_ql_raster(read_bytes(job_path));
    ASSERT_TRUE(reference.has_value()) << "rastertoptch's job does not decode: " << reference.error().message;
    const auto encoded = encode_ql_raster(BadgeImage{badge, std::nullopt}, model, media);
    ASSERT_TRUE(encoded.has_value()) << encoded.error().message;
    const auto ours = decode_ql_raster(*encoded);
    ASSERT_TRUE(ours.has_value()) << ours.error().message;

    // Print information: the same medium, size and line count.
    ASSERT_TRUE(reference->print_information.has_value()) << "rastertoptch sent no ESC i z";
    ASSERT_TRUE(ours->print_information.has_value());
    const testing::QlPrintInformation& their_info = *reference->print_information;
    const testing::QlPrintInformation& our_info = *ours->print_information;
    EXPECT_EQ(their_info.media_type, media.media_type_byte());
    EXPECT_EQ(their_info.media_type, our_info.media_type);
    EXPECT_EQ(their_info.width_mm, media.width_mm);
    EXPECT_EQ(their_info.width_mm, our_info.width_mm);
    EXPECT_EQ(their_info.length_mm, media.length_mm);
    EXPECT_EQ(their_info.length_mm, our_info.length_mm);
    EXPECT_EQ(their_info.flags & print_information_valid_bits, our_info.flags & print_information_valid_bits);
    EXPECT_EQ(their_info.line_count, media.printable_length_dots);
    EXPECT_EQ(their_info.line_count, our_info.line_count);
    EXPECT_EQ(reference->black_lines.size(), their_info.line_count);
    ASSERT_FALSE(reference->two_colour());

    // Where rastertoptch should put the badge. Across: the badge starts at the PPD's imageable left edge
    // on the page; rastertoptch (Align=Right, no right spacing) mirrors the raster's first 90 bytes after
    // shifting them by the padding bits of the raster's last byte, so page dot x lands on pin
    // x + (8 - width % 8) % 8. Our print area starts at pin left_margin_pins. Along: rastertoptch drops
    // MinMargin worth of lines at the top, which is exactly the PPD's top margin above the badge.
    const std::size_t page_width_dots = points_to_dots(ppd->width_points);
    const std::size_t badge_left_dots = points_to_dots(ppd->imageable[0]);
    const long expected_dx = static_cast<long>(badge_left_dots + (8 - page_width_dots % 8) % 8) -
                             static_cast<long>(media.left_margin_pins);
    const long expected_dy = static_cast<long>(points_to_dots(ppd->height_points - ppd->imageable[3])) -
                             static_cast<long>(points_to_dots(rastertoptch_min_margin_points));

    const Bitmap their_picture = QlDecodedJob::head_picture(reference->black_lines);
    const Bitmap our_picture = QlDecodedJob::head_picture(ours->black_lines);
    const Alignment found = align(our_picture, their_picture, 40);
    RecordProperty("rastertoptch_dx_pins", static_cast<int>(found.dx));
    RecordProperty("rastertoptch_dy_lines", static_cast<int>(found.dy));
    ASSERT_EQ(found.differing_dots, 0U)
        << "no offset within ±40 dots makes rastertoptch's picture equal to ours; lining up the black "
           "bounding boxes (dx "
        << found.dx << ", dy " << found.dy << ") leaves " << found.differing_dots << " of "
        << their_picture.width() * their_picture.height() << " dots different";
    EXPECT_EQ(found.dx, expected_dx) << fmt::format(
        "rastertoptch put the badge {} pins right of ours; the PPD's imageable area starts {} dots into a "
        "{}-dot page and our table puts the print area at pin {}",
        found.dx, badge_left_dots, page_width_dots, media.left_margin_pins);
    EXPECT_EQ(found.dy, expected_dy);
    // With this PPD the measured shift is 18 + 3 - 12 = 9 pins: rastertoptch's print area starts at pin
    // 21, neither Brother's 12 nor the 24 of a second reference encoder.
    EXPECT_EQ(static_cast<long>(media.left_margin_pins) + found.dx, 21);
    EXPECT_EQ(their_picture.black_dots(), our_picture.black_dots());
}

} // namespace
} // namespace checkin::printing
