// `kioskctl badges --sheet` end to end (issue 18, item 3): the whole Serock roster on A4 sheets, every page
// rendered by poppler's pdftoppm, every badge slot cut out of its page and read by zbarimg, so each code is
// found at its own position; the order is the roster's in Polish alphabetical order by surname; the
// pre-printing is recorded, --only-new leaves those badges (and anyone checked in) out; --day and --role
// choose; refusals are clear and write nothing.

#include "printing/badge_sheet.hpp"
#include "sync/mirror/mirror.hpp"
#include "sync/roster/event_days.hpp"
#include "sync/roster/polish_order.hpp"
#include "tests/kiosk/process.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <gtest/gtest.h>
#include <iterator>
#include <map>
#include <set>
#include <sstream>
#include <sys/stat.h>

namespace checkin::test {
namespace {

using namespace std::chrono_literals;

constexpr int render_dpi = 100;

std::string read_file(const std::filesystem::path& path) {
    std::ifstream file(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
}

// A grey picture as pdftoppm -gray writes it (binary PGM, "P5 width height 255").
struct GreyPicture {
    std::size_t width = 0;
    std::size_t height = 0;
    std::string pixels;
};

GreyPicture read_pgm(const std::filesystem::path& path) {
    const std::string bytes = read_file(path);
    std::istringstream header(bytes);
    std::string magic;
    GreyPicture picture;
    int maximum = 0;
    header >> magic >> picture.width >> picture.height >> maximum;
    EXPECT_EQ(magic, "P5") << path;
    EXPECT_EQ(maximum, 255) << path;
    const auto start = static_cast<std::size_t>(header.tellg()) + 1; // one whitespace byte after the header
    picture.pixels = bytes.substr(start);
    EXPECT_EQ(picture.pixels.size(), picture.width * picture.height) << path;
    return picture;
}

// The rectangle [left, left + width) × [top, top + height) of `picture`, in millimetres at render_dpi, as
// a PGM file of its own.
void write_cut_out(const GreyPicture& picture, double left_mm, double top_mm, double width_mm,
                   double height_mm, const std::filesystem::path& path) {
    auto pixels_of = [](double mm) {
        return static_cast<std::size_t>(std::lround(mm * render_dpi / 25.4));
    };
    const std::size_t left = pixels_of(left_mm);
    const std::size_t top = pixels_of(top_mm);
    const std::size_t width = std::min(pixels_of(width_mm), picture.width - left);
    const std::size_t height = std::min(pixels_of(height_mm), picture.height - top);
    std::string out = fmt::format("P5\n{} {}\n255\n", width, height);
    for (std::size_t row = top; row < top + height; ++row) {
        out.append(picture.pixels, row * picture.width + left, width);
    }
    std::ofstream(path, std::ios::binary) << out;
}

// What zbarimg reads from each picture, by picture: QR codes only, every picture in one run.
std::map<std::string, std::vector<std::string>>
read_each_with_zbarimg(const std::vector<std::string>& pictures) {
    std::vector<std::string> arguments = {"/usr/bin/zbarimg", "-q", "--xml", "-Sdisable", "-Sqrcode.enable"};
    arguments.insert(arguments.end(), pictures.begin(), pictures.end());
    const ProcessResult read = run_process(arguments, 300s);
    std::map<std::string, std::vector<std::string>> codes;
    const std::string& xml = read.out;
    const std::string source_start = "<source href='";
    for (std::size_t at = xml.find(source_start); at != std::string::npos;) {
        const std::size_t name_start = at + source_start.size();
        const std::string name = xml.substr(name_start, xml.find('\'', name_start) - name_start);
        const std::size_t next = xml.find(source_start, name_start);
        const std::string block =
            xml.substr(name_start, next == std::string::npos ? std::string::npos : next - name_start);
        auto& found = codes[name];
        const std::string data_start = "<![CDATA[";
        for (std::size_t data = block.find(data_start); data != std::string::npos;
             data = block.find(data_start, data + 1)) {
            const std::size_t begin = data + data_start.size();
            found.push_back(block.substr(begin, block.find("]]>", begin) - begin));
        }
        at = next;
    }
    return codes;
}

mode_t permissions_of(const std::filesystem::path& path) {
    struct stat status {};
    EXPECT_EQ(::stat(path.c_str(), &status), 0) << path;
    return status.st_mode & 07777U;
}

class KioskctlSheets : public ::testing::Test {
protected:
    void SetUp() override {
        const auto imported =
            run_kioskctl({"--db", database, "import", std::string(CHECKIN_TEST_DATA) + "/serock-roster.csv",
                          "--event-days", "2026-11-29,2026-11-30", "--event-name", "Serock"});
        ASSERT_EQ(imported.exit_code, 0) << imported.describe();
    }

    ProcessResult badges(std::vector<std::string> more) {
        std::vector<std::string> arguments = {kioskctl_path(), "--db", database, "badges"};
        arguments.insert(arguments.end(), more.begin(), more.end());
        return run_process(arguments, 300s);
    }

    std::vector<sync::DelegateRecord> records() const {
        auto mirror = sync::Mirror::open(database);
        EXPECT_TRUE(mirror.has_value());
        return mirror->all_delegates().value();
    }

    // The print events `badges` recorded, by delegate code.
    std::map<std::string, int> preprinted() const {
        auto mirror = sync::Mirror::open(database);
        EXPECT_TRUE(mirror.has_value());
        std::map<std::string, int> counts;
        const auto all = mirror->all_delegates().value(); // copies: a range-for over .value() of a
        for (const auto& record : all) {                  // temporary would dangle
            const auto events = mirror->events_of(record.delegate.code).value();
            for (const auto& event : events) {
                if (event.kind == sync::EventKind::print && event.kiosk_id == sync::preprinted_kiosk_id) {
                    ++counts[record.delegate.code];
                    EXPECT_EQ(event.reason, "pre-printed on a4-2x4-90x54");
                    EXPECT_FALSE(event.uploaded); // the hub learns of it at the next sync
                }
            }
        }
        return counts;
    }

    TemporaryDirectory directory;
    std::string database = directory.file("mirror.db");
};

TEST_F(KioskctlSheets, EveryBadgeOfTheRosterIsReadAtItsPositionInPolishOrderAndRecordedAsPrePrinted) {
    const std::string pdf = directory.file("badges.pdf");
    const auto made = badges({"--sheet", "a4-2x4-90x54", "--out", pdf});
    ASSERT_EQ(made.exit_code, 0) << made.describe();

    std::vector<sync::Delegate> expected;
    for (const auto& record : records()) {
        if (record.delegate.status == sync::DelegateStatus::active) {
            expected.push_back(record.delegate);
        }
    }
    ASSERT_GE(expected.size(), 300U);
    std::ranges::sort(expected, [](const sync::Delegate& left, const sync::Delegate& right) {
        if (left.last_name != right.last_name) {
            return sync::polish_name_less(left.last_name, right.last_name);
        }
        if (left.first_name != right.first_name) {
            return sync::polish_name_less(left.first_name, right.first_name);
        }
        return left.code < right.code;
    });
    const std::size_t pages = (expected.size() + 7) / 8;
    EXPECT_NE(made.out.find(
                  fmt::format("{} badges on {} pages of a4-2x4-90x54 in {}", expected.size(), pages, pdf)),
              std::string::npos)
        << made.out;
    EXPECT_EQ(permissions_of(pdf), 0600U); // names and codes: readable by the organiser only
    EXPECT_NE(run_process({"/usr/bin/pdfinfo", pdf}).out.find(fmt::format("Pages:           {}\n", pages)),
              std::string::npos);

    const auto rendered = run_process(
        {"/usr/bin/pdftoppm", "-r", std::to_string(render_dpi), "-gray", pdf, directory.file("page")}, 300s);
    ASSERT_EQ(rendered.exit_code, 0) << rendered.describe();
    const printing::BadgeSheetLayout& layout = *printing::find_badge_sheet_layout("a4-2x4-90x54");
    std::vector<std::string> cut_outs;
    for (std::size_t page = 0; page < pages; ++page) {
        const GreyPicture picture = read_pgm(directory.file(fmt::format("page-{:02}.pgm", page + 1)));
        ASSERT_EQ(picture.width, 827U); // A4 at 100 dpi
        for (int slot = 0;
             slot < layout.badges_per_page() && page * 8 + static_cast<std::size_t>(slot) < expected.size();
             ++slot) {
            const std::string path = directory.file(fmt::format("badge-{:03}-{}.pgm", page + 1, slot));
            write_cut_out(picture, layout.left + (slot % layout.columns) * layout.badge_width,
                          layout.top + (slot / layout.columns) * layout.badge_height, layout.badge_width,
                          layout.badge_height, path);
            cut_outs.push_back(path);
        }
    }
    ASSERT_EQ(cut_outs.size(), expected.size());
    const auto read = read_each_with_zbarimg(cut_outs);
    std::size_t found_in_place = 0;
    for (std::size_t index = 0; index < expected.size(); ++index) {
        const auto found = read.find(cut_outs[index]);
        ASSERT_NE(found, read.end()) << cut_outs[index];
        EXPECT_EQ(found->second, std::vector<std::string>{expected[index].code})
            << "badge " << index << " (page " << index / 8 + 1 << ", slot " << index % 8 << ")";
        found_in_place += found->second == std::vector<std::string>{expected[index].code} ? 1U : 0U;
    }
    EXPECT_EQ(found_in_place, expected.size());

    // Recorded once each, as the kiosk id `badge-sheet`; --only-new then finds nobody left.
    const auto recorded = preprinted();
    EXPECT_EQ(recorded.size(), expected.size());
    EXPECT_TRUE(std::ranges::all_of(recorded, [](const auto& entry) { return entry.second == 1; }));
    const auto again =
        badges({"--sheet", "a4-2x4-90x54", "--out", directory.file("again.pdf"), "--only-new"});
    EXPECT_EQ(again.exit_code, 1) << again.describe();
    EXPECT_NE(
        again.err.find(fmt::format("no delegate matches ({} have a badge already; --only-new leaves them "
                                   "out); nothing written",
                                   expected.size())),
        std::string::npos)
        << again.err;
    EXPECT_FALSE(std::filesystem::exists(directory.file("again.pdf")));
}

TEST_F(KioskctlSheets, DayRoleAndOnlyNewChooseTheDelegates) {
    const auto all = records();
    const sync::Event event{.name = "Serock", .days = {2026y / 11 / 29, 2026y / 11 / 30}};
    std::size_t experts_on_the_second_day = 0;
    std::string checked_in_expert;
    for (const auto& record : all) {
        const auto& delegate = record.delegate;
        if (delegate.status == sync::DelegateStatus::active && delegate.role == "Ekspert" &&
            sync::admitted_on(delegate.days, event, 2026y / 11 / 30)) {
            ++experts_on_the_second_day;
            checked_in_expert = delegate.code;
        }
    }
    ASSERT_GE(experts_on_the_second_day, 2U) << "the fixture roster should have experts on the 30th";

    // One expert arrives at a kiosk first: --only-new leaves them out, they have their badge.
    const auto checked_in =
        run_kioskctl({"--db", database, "--date", "2026-11-30", "checkin", checked_in_expert});
    ASSERT_EQ(checked_in.exit_code, 0) << checked_in.describe();

    const std::string pdf = directory.file("experts.pdf");
    const auto made = badges({"--sheet", "a4-2x2-a6", "--out", pdf, "--day", "2026-11-30", "--role",
                              "Ekspert", "--only-new", "--dry-run"});
    ASSERT_EQ(made.exit_code, 0) << made.describe();
    const std::size_t chosen = experts_on_the_second_day - 1;
    EXPECT_NE(made.out.find(fmt::format("{} badges on {} pages of a4-2x2-a6", chosen, (chosen + 3) / 4)),
              std::string::npos)
        << made.out;
    EXPECT_NE(made.out.find("1 left out: they have a badge already"), std::string::npos) << made.out;
    EXPECT_NE(made.out.find("Not recorded as pre-printed (--dry-run)"), std::string::npos) << made.out;
    const auto rendered =
        run_process({"/usr/bin/pdftoppm", "-r", "100", "-png", pdf, directory.file("expert")}, 120s);
    ASSERT_EQ(rendered.exit_code, 0) << rendered.describe();
    std::set<std::string> read;
    for (std::size_t page = 1; page <= (chosen + 3) / 4; ++page) {
        std::istringstream lines(read_codes_with_zbarimg(directory.file(fmt::format("expert-{}.png", page))) +
                                 "\n");
        for (std::string line; std::getline(lines, line);) {
            if (!line.empty()) {
                read.insert(line);
            }
        }
    }
    EXPECT_EQ(read.size(), chosen);
    EXPECT_FALSE(read.contains(checked_in_expert));
    EXPECT_TRUE(preprinted().empty()); // --dry-run recorded nothing
}

TEST_F(KioskctlSheets, RefusalsSayWhatIsWrongAndWriteNothing) {
    const std::string pdf = directory.file("refused.pdf");
    const auto unknown_sheet = badges({"--sheet", "letter-3x10", "--out", pdf});
    EXPECT_EQ(unknown_sheet.exit_code, 2);
    EXPECT_NE(
        unknown_sheet.err.find("unknown sheet 'letter-3x10'; `kioskctl badges --list` names the sheets"),
        std::string::npos)
        << unknown_sheet.err;

    const auto unknown_role = badges({"--sheet", "a4-2x2-a6", "--out", pdf, "--role", "Astronauta"});
    EXPECT_EQ(unknown_role.exit_code, 1);
    EXPECT_NE(
        unknown_role.err.find("no active delegate has the role 'Astronauta'; the roles in the mirror: "),
        std::string::npos)
        << unknown_role.err;
    EXPECT_NE(unknown_role.err.find("Ekspert"), std::string::npos) << unknown_role.err;

    const auto wrong_day = badges({"--sheet", "a4-2x2-a6", "--out", pdf, "--day", "2026-12-01"});
    EXPECT_EQ(wrong_day.exit_code, 2);
    EXPECT_NE(wrong_day.err.find("2026-12-01 is not one of the event's days (29–30.11.2026)"),
              std::string::npos)
        << wrong_day.err;

    const auto bad_day = badges({"--sheet", "a4-2x2-a6", "--out", pdf, "--day", "30.11.2026"});
    EXPECT_EQ(bad_day.exit_code, 2);
    EXPECT_NE(bad_day.err.find("--day takes a date as YYYY-MM-DD, not '30.11.2026'"), std::string::npos)
        << bad_day.err;

    const auto no_out = badges({"--sheet", "a4-2x2-a6"});
    EXPECT_EQ(no_out.exit_code, 2);
    EXPECT_NE(no_out.err.find("badges needs --sheet NAME and --out FILE.pdf (or --list)"), std::string::npos)
        << no_out.err;

    EXPECT_FALSE(std::filesystem::exists(pdf));
    EXPECT_TRUE(preprinted().empty());

    // --list needs no mirror and names every layout with its template.
    const auto listed = run_kioskctl({"badges", "--list"});
    EXPECT_EQ(listed.exit_code, 0) << listed.describe();
    EXPECT_NE(listed.out.find("a4-2x4-90x54   2 x 4 badges a page, template page-90x54"), std::string::npos)
        << listed.out;
    EXPECT_NE(listed.out.find("a4-2x2-a6      2 x 2 badges a page, template page-a6"), std::string::npos)
        << listed.out;
}

} // namespace
} // namespace checkin::test
