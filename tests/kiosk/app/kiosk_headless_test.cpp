// The kiosk end to end, headless: the real binary on SDL's offscreen driver plays scripts of scans and
// touches against a real mirror (the seminar's fixture roster) and the simulated Brother QL, and we
// check what it showed (screenshots against the goldens in kiosk/screens/, at the tolerance below), what
// it printed (the labels, read back by zbarimg) and what it recorded (the mirror's journal).
//
// Golden tolerance: the screenshots are drawn by SDL's software renderer with the system's DejaVu fonts
// through FreeType, so on one Debian release they are identical bit for bit. A pixel counts as different
// when one of its channels differs by more than 40 of 255, and a screenshot matches when at most 0.5 %
// of its pixels differ — room for a FreeType or SDL point release that moves anti-aliasing, never for
// a changed word (one word at body size is about 0.6 % of a 1280 × 800 screen) or colour.
//
// To regenerate the goldens after an intended change of the screens:
//   CHECKIN_REGENERATE_SCREENS=1 ctest --preset dev -R KioskHeadlessGolden
// then look at every changed picture before committing it.

#include "base/base45.hpp"
#include "base/signature.hpp"
#include "printing/png.hpp"
#include "sync/mirror/mirror.hpp"
#include "sync/roster/signed_code.hpp"
#include "tests/kiosk/process.hpp"

#include <algorithm>
#include <cstdlib>
#include <fmt/format.h>
#include <fstream>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <set>
#include <sqlite3.h>

namespace checkin::test {
namespace {

const std::filesystem::path source_directory =
    std::filesystem::path(CHECKIN_TEST_DATA).parent_path().parent_path();
const std::filesystem::path screens_directory = source_directory / "kiosk" / "screens";
const std::string event_name = "Seminarium sieciujące Centrum Wsparcia Doradczego Plus — Serock";
// [event] name_en: the English attract screen's title.
const std::string event_name_english =
    "Networking seminar of the Centrum Wsparcia Doradczego Plus programme — Serock";
// The PIN of the golden screenshots (kiosk/screens/staff.script types it; their PIN pad shows four dots).
// `kiosk --hash-pin` makes hashes of 6 to 8 digits only; the configuration cannot see a PIN's length in
// its hash, so this shorter one, hashed by libsodium directly, keeps the goldens as they are.
const std::string staff_pin = "2468";
const std::string staff_pin_hash =
    "$argon2id$v=19$m=65536,t=2,p=1$hKxFFTGy3J2dgs5rnsQA4A$XwTqqTJzCjGr8FkPMtH8ZHuOBeJyqld0/15Xcf7J+ow";

std::string kiosk_path() {
    return std::string(CHECKIN_BIN_DIR) + "/kiosk";
}

void write_file(const std::filesystem::path& path, const std::string& text) {
    std::ofstream file(path, std::ios::binary);
    file << text;
}

std::string read_text(const std::filesystem::path& path) {
    std::ifstream file(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(file), {});
}

// The screenshots' names in order, without their numbers: "attract", "looking_up", …
std::vector<std::string> screen_sequence(const std::filesystem::path& directory) {
    std::vector<std::string> files;
    for (const auto& entry : std::filesystem::directory_iterator(directory)) {
        files.push_back(entry.path().filename().string());
    }
    std::ranges::sort(files);
    std::vector<std::string> names;
    for (const auto& file : files) {
        names.push_back(file.substr(5, file.size() - 5 - 4)); // "0003-" … ".png"
    }
    return names;
}

struct ImageDifference {
    std::size_t differing_pixels = 0;
    std::size_t pixels = 0;
    std::string problem; // a size mismatch or an unreadable file
};

ImageDifference compare_images(const std::filesystem::path& actual_file,
                               const std::filesystem::path& golden_file) {
    auto actual = printing::read_png_rgb_file(actual_file);
    auto golden = printing::read_png_rgb_file(golden_file);
    if (!actual || !golden) {
        return {0, 0, !actual ? actual.error().message : golden.error().message};
    }
    if (actual->width != golden->width || actual->height != golden->height) {
        return {0, 0,
                fmt::format("{}×{} against the golden's {}×{}", actual->width, actual->height, golden->width,
                            golden->height)};
    }
    ImageDifference difference;
    difference.pixels = actual->width * actual->height;
    for (std::size_t pixel = 0; pixel < difference.pixels; ++pixel) {
        for (std::size_t channel = 0; channel < 3; ++channel) {
            const int a = actual->pixels[pixel * 3 + channel];
            const int b = golden->pixels[pixel * 3 + channel];
            if (std::abs(a - b) > 40) {
                ++difference.differing_pixels;
                break;
            }
        }
    }
    return difference;
}

// The headless kiosk's environment: the venue's zone, no sound card, no leak report from SDL's libraries
// (see kiosk_app_test.cpp).
class HeadlessEnvironment {
public:
    HeadlessEnvironment() {
        ::setenv("TZ", "Europe/Warsaw", 1);
        ::setenv("SDL_AUDIODRIVER", "dummy", 1);
        ::setenv("LSAN_OPTIONS", "detect_leaks=0", 1);
    }
    ~HeadlessEnvironment() { ::unsetenv("LSAN_OPTIONS"); }
};

class KioskHeadless : public ::testing::Test {
protected:
    void SetUp() override {
        // The simulated printer's folder is given relative to here ("sim://badges"), so the device panel
        // shows the same address in every run and its screenshot can be compared with the golden.
        std::filesystem::current_path(directory.path());
        // The fixture roster, then the same roster without Magdalena Szewczyk: her registration is
        // cancelled, as a re-import after the organisers drop someone does.
        const auto imported =
            run_kioskctl({"--db", mirror(), "import",
                          (std::filesystem::path(CHECKIN_TEST_DATA) / "serock-roster.csv").string(),
                          "--event-name", event_name, "--event-days", "2026-11-29,2026-11-30"});
        ASSERT_EQ(imported.exit_code, 0) << imported.describe();
        std::string roster = read_text(std::filesystem::path(CHECKIN_TEST_DATA) / "serock-roster.csv");
        const auto row = roster.find("CWD-MGN7MT9B,");
        ASSERT_NE(row, std::string::npos);
        roster.erase(row, roster.find('\n', row) - row + 1);
        write_file(directory.path() / "without-one.csv", roster);
        const auto reimported = run_kioskctl({"--db", mirror(), "import", directory.file("without-one.csv")});
        ASSERT_EQ(reimported.exit_code, 0) << reimported.describe();
        // Staff: anna with PIN 2468.
        write_file(directory.path() / "kiosk.conf",
                   "[kiosk]\nid = recepcja-1\n\n[staff]\npin.anna = " + staff_pin_hash +
                       "\n\n[event]\nname_en = " + event_name_english + "\n");
    }

    static std::string sha256_of(const std::string& text) {
        const auto result = run_process({"/bin/sh", "-c", "printf '%s' '" + text + "' | sha256sum"});
        return result.out.substr(0, 64);
    }

    std::string mirror() const { return directory.file("mirror.sqlite"); }
    std::filesystem::path badges() const { return directory.path() / "badges"; }
    std::filesystem::path shots() const { return directory.path() / "shots"; }

    // Runs the headless kiosk on `script` (a file) or on `script_text` written to a file.
    ProcessResult run_script(const std::string& script_text, std::vector<std::string> extra = {}) {
        write_file(directory.path() / "test.script", script_text);
        return run_script_file(directory.file("test.script"), std::move(extra));
    }
    ProcessResult run_script_file(const std::string& script, std::vector<std::string> extra = {}) {
        std::vector<std::string> command = {
            kiosk_path(),    "--headless", "--config",         directory.file("kiosk.conf"),
            "--db",          mirror(),     "--printer",        "sim://badges",
            "--date",        "2026-11-29", "--size",           "1280x800",
            "--scan-script", script,       "--screenshot-dir", shots().string()};
        command.insert(command.end(), extra.begin(), extra.end());
        const HeadlessEnvironment environment;
        return run_process(command, std::chrono::seconds(120));
    }

    nlohmann::json show(const std::string& code) {
        const auto shown = run_kioskctl({"--db", mirror(), "--date", "2026-11-29", "show", code, "--json"});
        EXPECT_EQ(shown.exit_code, 0) << shown.describe();
        return nlohmann::json::parse(shown.out, nullptr, false);
    }
    nlohmann::json statistics() {
        const auto stats = run_kioskctl({"--db", mirror(), "--date", "2026-11-29", "stats", "--json"});
        EXPECT_EQ(stats.exit_code, 0) << stats.describe();
        return nlohmann::json::parse(stats.out, nullptr, false);
    }
    std::vector<sync::CheckinEvent> journal(const std::string& code) {
        auto opened = sync::Mirror::open(mirror());
        EXPECT_TRUE(opened.has_value());
        auto events = opened->events_of(code);
        EXPECT_TRUE(events.has_value());
        return events.value_or(std::vector<sync::CheckinEvent>{});
    }
    std::vector<std::filesystem::path> printed_labels() const {
        std::vector<std::filesystem::path> files;
        if (std::filesystem::exists(badges())) {
            for (const auto& entry : std::filesystem::directory_iterator(badges())) {
                files.push_back(entry.path());
            }
        }
        std::ranges::sort(files);
        return files;
    }

    // Compares every screenshot with the golden of the same name in kiosk/screens/SET (or, with
    // CHECKIN_REGENERATE_SCREENS=1, makes them the goldens). `volatile_screens` are compared for their
    // presence only: they show something random (a walk-in's new code).
    void expect_matches_goldens(const std::string& set, const std::set<std::string>& volatile_screens = {}) {
        const auto golden_directory = screens_directory / set;
        std::vector<std::string> shot_files;
        for (const auto& entry : std::filesystem::directory_iterator(shots())) {
            shot_files.push_back(entry.path().filename().string());
        }
        std::ranges::sort(shot_files);
        if (const char* regenerate = std::getenv("CHECKIN_REGENERATE_SCREENS");
            regenerate && *regenerate == '1') {
            std::filesystem::remove_all(golden_directory);
            std::filesystem::create_directories(golden_directory);
            for (const auto& file : shot_files) {
                std::filesystem::copy_file(shots() / file, golden_directory / file);
            }
            return;
        }
        std::vector<std::string> golden_files;
        for (const auto& entry : std::filesystem::directory_iterator(golden_directory)) {
            golden_files.push_back(entry.path().filename().string());
        }
        std::ranges::sort(golden_files);
        ASSERT_EQ(shot_files, golden_files)
            << "the screens reached differ from the goldens in " << golden_directory;
        for (const auto& file : shot_files) {
            if (volatile_screens.contains(file)) {
                continue;
            }
            const auto difference = compare_images(shots() / file, golden_directory / file);
            ASSERT_TRUE(difference.problem.empty()) << file << ": " << difference.problem;
            if (difference.differing_pixels * 1000 > difference.pixels * 5) {
                // Kept beside the build for a person to compare (the test's folder goes with the test).
                const auto kept =
                    std::filesystem::path(CHECKIN_BIN_DIR).parent_path() / "kiosk-screen-failures" / set;
                std::filesystem::create_directories(kept);
                std::filesystem::copy_file(shots() / file, kept / file,
                                           std::filesystem::copy_options::overwrite_existing);
                ADD_FAILURE() << file << ": " << difference.differing_pixels << " of " << difference.pixels
                              << " pixels differ from the golden; the screenshot is kept as " << kept / file;
            }
        }
    }

    TemporaryDirectory directory;
};

// The self-service tour ------------------------------------------------------------------------------------

const std::vector<std::string> self_service_screens = {
    "attract",    "looking_up",           "welcome",   "take_badge",        "attract",
    "looking_up", "already_checked_in",   "attract",   "looking_up",        "unknown_code",
    "attract",    "looking_up",           "cancelled", "cancelled",         "attract",
    "looking_up", "not_registered_today", "attract",   "not_an_invitation", "attract",
    "looking_up", "not_an_invitation",    "attract",   "looking_up",        "unreadable_code",
    "attract",    "looking_up",           "welcome",   "printer_problem",   "attract"};

class KioskHeadlessGolden : public KioskHeadless, public ::testing::WithParamInterface<std::string> {};

TEST_P(KioskHeadlessGolden, SelfServiceTourShowsEveryScreenAsTheGoldens) {
    const std::string language = GetParam();
    const auto run =
        run_script_file((screens_directory / "self-service.script").string(), {"--lang", language});
    ASSERT_EQ(run.exit_code, 0) << run.describe();
    EXPECT_EQ(screen_sequence(shots()), self_service_screens);
    expect_matches_goldens("self-service-" + language);

    // One label came out, Dorota Adamska's, and its QR code holds her code.
    const auto labels = printed_labels();
    ASSERT_EQ(labels.size(), 1U);
    EXPECT_EQ(read_codes_with_zbarimg(labels[0].string()), "CWD-K72UFRSS");
    // Two check-ins stand: Dorota's, and Barbara Sikora's, whose badge waits at reception.
    EXPECT_EQ(show("CWD-K72UFRSS")["checked_in"], true);
    EXPECT_EQ(show("CWD-ZPZXSWG7")["checked_in"], true);
    EXPECT_EQ(show("CWD-MGN7MT9B")["checked_in"], false);
    EXPECT_EQ(show("CWD-KKVX8Z7C")["checked_in"], false);
    EXPECT_EQ(statistics()["checked_in"], 2);
    EXPECT_NE(run.err.find("staff alert printer_problem: code ending SWG7"), std::string::npos) << run.err;
}

// A badge pre-printed on a sheet (kioskctl badges) waits at reception: the kiosk checks its delegate in,
// prints nothing, and says where to collect it; the same invitation read again changes nothing.
TEST_P(KioskHeadlessGolden, APrePrintedBadgeSendsItsDelegateToReceptionAndPrintsNothing) {
    const std::string language = GetParam();
    const std::string code = "CWD-K72UFRSS";
    {
        auto opened = sync::Mirror::open(mirror());
        ASSERT_TRUE(opened.has_value()) << opened.error().message;
        sync::CheckinEvent preprinted = sync::new_event(
            sync::EventKind::print, code, 1'764'000'000'000, sync::Day{std::chrono::year{2026} / 11 / 28},
            std::string(sync::preprinted_kiosk_id), "kioskctl badges");
        preprinted.reason = "pre-printed on a4-2x4-90x54";
        ASSERT_TRUE(opened->append_event(preprinted).has_value());
    }
    const auto run = run_script(code + "\nsleep 5000\n" + code + "\nsleep 11000\n", {"--lang", language});
    ASSERT_EQ(run.exit_code, 0) << run.describe();
    EXPECT_EQ(screen_sequence(shots()),
              (std::vector<std::string>{"attract", "looking_up", "badge_at_reception", "attract"}));
    expect_matches_goldens("pre-printed-" + language);
    EXPECT_TRUE(printed_labels().empty());
    EXPECT_EQ(show(code)["checked_in"], true);
    EXPECT_EQ(run.err.find("Adamska"), std::string::npos) << run.err;
}

TEST_P(KioskHeadlessGolden, StaffTourShowsEveryStaffScreenAsTheGoldens) {
    const std::string language = GetParam();
    const auto run = run_script_file((screens_directory / "staff.script").string(), {"--lang", language});
    ASSERT_EQ(run.exit_code, 0) << run.describe();
    // After the walk-in is registered, its card shows the new random code: those screenshots are compared
    // for their presence only.
    std::vector<std::string> files;
    for (const auto& entry : std::filesystem::directory_iterator(shots())) {
        files.push_back(entry.path().filename().string());
    }
    std::ranges::sort(files);
    const auto last_form = std::ranges::find_if(files.rbegin(), files.rend(), [](const std::string& name) {
        return name.find("staff-walk-in") != std::string::npos;
    });
    ASSERT_NE(last_form, files.rend());
    std::set<std::string> walk_in_screens;
    for (auto file = last_form.base();
         file != files.end() && file->find("staff-delegate-card") != std::string::npos; ++file) {
        walk_in_screens.insert(*file);
    }
    EXPECT_EQ(walk_in_screens.size(), 2U); // the card while it loads, then with the walk-in
    expect_matches_goldens("staff-" + language, walk_in_screens);
}

// Find yourself by name (issue 17, item 3): the keyboard, the list, the first name, not found.
TEST_P(KioskHeadlessGolden, FindYourselfTourShowsEveryFindScreenAsTheGoldens) {
    const std::string language = GetParam();
    const auto run =
        run_script_file((screens_directory / "find-yourself.script").string(), {"--lang", language});
    ASSERT_EQ(run.exit_code, 0) << run.describe();
    EXPECT_EQ(screen_sequence(shots()),
              (std::vector<std::string>{"attract",      "find_surname",    "find_surname",    "find_surname",
                                        "finding",      "find_choose",     "looking_up",      "welcome",
                                        "take_badge",   "attract",         "find_surname",    "find_surname",
                                        "finding",      "find_first_name", "find_first_name", "finding",
                                        "find_choose",  "find_surname",    "attract",         "find_surname",
                                        "find_surname", "finding",         "find_not_found",  "attract"}));
    expect_matches_goldens(fmt::format("find-yourself-{}", language));

    // Łukasz Łuczak is checked in, journaled as found by name, and his badge came out with his code.
    EXPECT_EQ(show("CWD-KKDRLWEK")["checked_in"], true);
    const auto events = journal("CWD-KKDRLWEK");
    ASSERT_FALSE(events.empty());
    EXPECT_EQ(events.front().kind, sync::EventKind::checkin);
    EXPECT_EQ(events.front().operator_name, "self-service by name");
    const auto labels = printed_labels();
    ASSERT_EQ(labels.size(), 1U);
    EXPECT_EQ(read_codes_with_zbarimg(labels[0].string()), "CWD-KKDRLWEK");
    EXPECT_EQ(statistics()["checked_in"], 1);
    // The log says it came by name, and never what was typed or who was found.
    EXPECT_NE(run.err.find("self-service by name\n"), std::string::npos) << run.err;
    EXPECT_NE(run.err.find("self-service by name: search, 4 found"), std::string::npos) << run.err;
    EXPECT_NE(run.err.find("self-service by name: search, more than 5 found"), std::string::npos) << run.err;
    EXPECT_NE(run.err.find("self-service by name: search, 0 found"), std::string::npos) << run.err;
    for (const std::string secret : {"uczak", "Łuczak", "Łukasz", "ietrzak", "iotr", "kowal", "KKDRLWEK"}) {
        EXPECT_EQ(run.err.find(secret), std::string::npos) << secret << " in the log: " << run.err;
    }
}

INSTANTIATE_TEST_SUITE_P(BothLanguages, KioskHeadlessGolden, ::testing::Values("pl", "en"));

// The same delegate by name and by code: the same rules. A cancelled registration is refused, another
// day's invitation too, and someone who scanned already gets "already checked in" by name as well.
TEST_F(KioskHeadless, APickIsRefusedByTheSameRulesAsAScan) {
    // Magdalena Szewczyk's registration is cancelled (SetUp); Bogdan Woźniak is invited for 30.11 only.
    const auto run = run_script("tap find_by_name\ntype szewczyk\nkey enter\n"
                                "tap pick:0\nsleep 8000\n"
                                "CWD-K72UFRSS\nsleep 8000\n"
                                "tap find_by_name\ntype adamska\nkey enter\ntap pick:0\nsleep 8000\n");
    ASSERT_EQ(run.exit_code, 0) << run.describe();
    const auto screens = screen_sequence(shots());
    EXPECT_NE(std::ranges::find(screens, "cancelled"), screens.end());
    EXPECT_NE(std::ranges::find(screens, "already_checked_in"), screens.end());
    EXPECT_EQ(show("CWD-MGN7MT9B")["checked_in"], false);
    EXPECT_EQ(printed_labels().size(), 1U) << "only the scan printed";
    for (const auto& event : journal("CWD-K72UFRSS")) {
        EXPECT_EQ(event.operator_name, "self-service") << "already checked in: nothing journaled by name";
    }
}

TEST_F(KioskHeadless, WithFindByNameOffTheAttractScreenHasNoSuchButton) {
    write_file(directory.path() / "kiosk.conf", "[kiosk]\nid = recepcja-1\n\n[screens]\nfind_by_name = no\n");
    const auto run = run_script("tap find_by_name\n");
    EXPECT_NE(run.exit_code, 0);
    EXPECT_NE(run.err.find("there is no button 'find_by_name' on the screen attract"), std::string::npos)
        << run.err;
}

// Lookup failed: the mirror is locked by another writer for longer than its busy timeout.
TEST_P(KioskHeadlessGolden, ALockedMirrorGivesTheLookupFailedScreen) {
    sqlite3* raw = nullptr;
    ASSERT_EQ(sqlite3_open(mirror().c_str(), &raw), SQLITE_OK);
    std::unique_ptr<sqlite3, int (*)(sqlite3*)> connection(raw, sqlite3_close);
    ASSERT_EQ(sqlite3_exec(connection.get(), "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
    const auto run = run_script("CWD-K72UFRSS\nsleep 8000\n", {"--lang", GetParam()});
    sqlite3_exec(connection.get(), "ROLLBACK", nullptr, nullptr, nullptr);
    ASSERT_EQ(run.exit_code, 0) << run.describe();
    EXPECT_EQ(screen_sequence(shots()),
              (std::vector<std::string>{"attract", "looking_up", "lookup_failed", "attract"}));
    EXPECT_NE(run.err.find("staff alert lookup_failed"), std::string::npos) << run.err;
    expect_matches_goldens("lookup-failed-" + GetParam());
    EXPECT_EQ(show("CWD-K72UFRSS")["checked_in"], false);
    EXPECT_TRUE(printed_labels().empty());
}

// Signed codes (issue 14)
// ------------------------------------------------------------------------------------

class KioskHeadlessSigned : public KioskHeadless {
protected:
    void SetUp() override {
        KioskHeadless::SetUp();
        const auto added =
            run_kioskctl({"--db", mirror(), "keys", "add", base::format_public_key(key.public_key())});
        ASSERT_EQ(added.exit_code, 0) << added.describe();
    }

    sync::SignedCodeContent content(sync::CodeKind kind, std::string code) const {
        using namespace std::chrono;
        sync::SignedCodeContent result;
        result.kind = kind;
        result.event_tag = sync::event_tag(event_name);
        result.serial = sync::new_code_serial();
        result.delegate_code = std::move(code);
        result.days = {sync::Day{2026y / November / 29}, sync::Day{2026y / November / 30}};
        result.valid_until = sync::Day{2026y / November / 30};
        return result;
    }
    std::string signed_text(const sync::SignedCodeContent& what) const {
        auto text = sync::sign_code(what, key);
        EXPECT_TRUE(text.has_value()) << text.error().message;
        return text.value_or("");
    }
    std::string forged(const sync::SignedCodeContent& what) const {
        auto bytes = base::decode_base45(signed_text(what).substr(4)).value();
        bytes.back() = static_cast<char>(bytes.back() ^ 0x40);
        return "CK1:" + base::encode_base45(bytes);
    }

    base::SecretKey key = base::generate_secret_key();
};

TEST_F(KioskHeadlessSigned, WithABadgeKeyTheBadgesQrCodeIsASignedBadgeCodeThatAdmitsNoOne) {
    const std::filesystem::path badge_key = directory.path() / "badge.key";
    write_file(badge_key, base::format_secret_key(key) + "\n");
    std::string config = read_text(directory.path() / "kiosk.conf");
    config += "\n[codes]\naccept_unsigned = yes\nbadge_key = " + badge_key.string() + "\n";
    write_file(directory.path() / "kiosk.conf", config);

    const auto run = run_script("CWD-K72UFRSS\nsleep 8000\n");
    ASSERT_EQ(run.exit_code, 0) << run.describe();
    const auto labels = printed_labels();
    ASSERT_EQ(labels.size(), 1U);
    const std::string printed = read_codes_with_zbarimg(labels[0].string());
    ASSERT_TRUE(printed.starts_with("CK1:")) << printed;
    using namespace std::chrono;
    const sync::CodeVerifier verifier{{key.public_key()}, sync::event_tag(event_name), {}};
    auto verified = sync::verify_code(printed, verifier, sync::Day{2026y / November / 29});
    ASSERT_TRUE(verified.has_value()) << sync::to_string(verified.error().reason);
    EXPECT_EQ(verified->kind, sync::CodeKind::badge);
    EXPECT_EQ(verified->delegate_code, "CWD-K72UFRSS");
    EXPECT_TRUE(verified->first_name.empty()); // a badge's code carries no name

    // The badge scanned at self-service says so and checks no one in (on any day: a badge admits no one).
    std::filesystem::remove_all(shots());
    const auto next_day = run_script(printed + "\nsleep 8000\n");
    ASSERT_EQ(next_day.exit_code, 0) << next_day.describe();
    EXPECT_EQ(screen_sequence(shots()), (std::vector<std::string>{"attract", "badge_code", "attract"}));
    const auto events = journal("CWD-K72UFRSS");
    EXPECT_EQ(std::ranges::count(events, sync::EventKind::checkin, &sync::CheckinEvent::kind), 1)
        << next_day.err;
}

// Where only signed codes admit, a surname is no proof of an invitation: find-yourself is off unless the
// organiser chose `find_by_name = always`, and then it checks in as it does elsewhere.
TEST_F(KioskHeadlessSigned, FindByNameIsOffWithSignedCodesUnlessTheOrganiserChoseAlways) {
    const auto off = run_script("tap find_by_name\n");
    EXPECT_NE(off.exit_code, 0);
    EXPECT_NE(off.err.find("there is no button 'find_by_name'"), std::string::npos) << off.err;

    std::string config = read_text(directory.path() / "kiosk.conf");
    config += "\n[screens]\nfind_by_name = always\n";
    write_file(directory.path() / "kiosk.conf", config);
    const auto on = run_script("tap find_by_name\ntype luczak\nkey enter\ntap pick:1\nsleep 8000\n");
    ASSERT_EQ(on.exit_code, 0) << on.describe();
    EXPECT_EQ(show("CWD-KKDRLWEK")["checked_in"], true);
    // The plain code itself still admits no one here.
    const auto scanned = run_script("CWD-K72UFRSS\nsleep 8000\n");
    ASSERT_EQ(scanned.exit_code, 0) << scanned.describe();
    EXPECT_EQ(show("CWD-K72UFRSS")["checked_in"], false);
}

class KioskHeadlessSignedGolden : public KioskHeadlessSigned,
                                  public ::testing::WithParamInterface<std::string> {};

// The refusal screen and the badge's screen, against their goldens in both languages.
TEST_P(KioskHeadlessSignedGolden, ARefusedCodeAndABadgesCodeShowTheirScreens) {
    sync::SignedCodeContent invitation = content(sync::CodeKind::invitation, "CWD-K72UFRSS");
    invitation.first_name = "Dorota";
    invitation.last_name = "Adamska";
    const std::string forged_code = forged(invitation);
    const std::string badge_code = signed_text(content(sync::CodeKind::badge, "CWD-K72UFRSS"));
    const auto run =
        run_script(forged_code + "\nsleep 8000\n" + badge_code + "\nsleep 8000\n", {"--lang", GetParam()});
    ASSERT_EQ(run.exit_code, 0) << run.describe();
    EXPECT_EQ(screen_sequence(shots()),
              (std::vector<std::string>{"attract", "code_not_valid", "attract", "badge_code", "attract"}));
    expect_matches_goldens("signed-codes-" + GetParam());
    // Staff learn why, with the code's last characters; the log has neither the code nor the name.
    EXPECT_NE(run.err.find("staff alert code_refused — forged code ending " +
                           forged_code.substr(forged_code.size() - 4)),
              std::string::npos)
        << run.err;
    EXPECT_EQ(run.err.find(forged_code.substr(0, 16)), std::string::npos) << run.err;
    EXPECT_EQ(run.err.find(badge_code.substr(0, 16)), std::string::npos) << run.err;
    EXPECT_EQ(run.err.find("Adamska"), std::string::npos) << run.err;
    // Nobody was checked in and nothing printed.
    EXPECT_EQ(statistics()["events"], 0);
    EXPECT_TRUE(printed_labels().empty());
}

INSTANTIATE_TEST_SUITE_P(BothLanguages, KioskHeadlessSignedGolden, ::testing::Values("pl", "en"));

TEST_F(KioskHeadlessSigned, AValidInvitationChecksInAsThePlainCodeWould) {
    const auto run =
        run_script(signed_text(content(sync::CodeKind::invitation, "CWD-K72UFRSS")) + "\nsleep 8000\n");
    ASSERT_EQ(run.exit_code, 0) << run.describe();
    EXPECT_EQ(screen_sequence(shots()),
              (std::vector<std::string>{"attract", "looking_up", "welcome", "take_badge", "attract"}));
    EXPECT_EQ(show("CWD-K72UFRSS")["checked_in"], true);
    EXPECT_EQ(printed_labels().size(), 1U);
}

TEST_F(KioskHeadlessSigned, ALateRegistrantIsAdmittedFromTheInvitationAndBadged) {
    sync::SignedCodeContent invitation = content(sync::CodeKind::invitation, "CWD-LATE0001");
    invitation.first_name = "Łucja";
    invitation.last_name = "Późna";
    invitation.organisation = "Gmina Zegrze";
    const auto run = run_script(signed_text(invitation) + "\nsleep 8000\n");
    ASSERT_EQ(run.exit_code, 0) << run.describe();
    EXPECT_EQ(screen_sequence(shots()),
              (std::vector<std::string>{"attract", "looking_up", "welcome", "take_badge", "attract"}));
    const auto shown = show("CWD-LATE0001");
    EXPECT_EQ(shown["checked_in"], true);
    EXPECT_EQ(shown["first_name"], "Łucja");
    EXPECT_EQ(shown["last_name"], "Późna");
    EXPECT_EQ(shown["organisation"], "Gmina Zegrze");
    EXPECT_EQ(shown["origin"], "walk-in");
    ASSERT_EQ(printed_labels().size(), 1U);
    auto opened = sync::Mirror::open(mirror());
    ASSERT_TRUE(opened.has_value());
    EXPECT_TRUE(opened->is_from_invitation("CWD-LATE0001").value_or(false));
    EXPECT_EQ(opened->walk_ins_to_upload().value().size(), 1U);
}

TEST_F(KioskHeadlessSigned, EachRefusalIsItsOwnAlertAndChecksNoOneIn) {
    sync::SignedCodeContent revoked = content(sync::CodeKind::invitation, "CWD-K72UFRSS");
    const std::string revoked_code = signed_text(revoked);
    ASSERT_EQ(run_kioskctl({"--db", mirror(), "revoke", revoked.serial}).exit_code, 0);
    sync::SignedCodeContent expired = content(sync::CodeKind::invitation, "CWD-K72UFRSS");
    using namespace std::chrono;
    expired.days = {sync::Day{2026y / November / 28}};
    expired.valid_until = sync::Day{2026y / November / 28};
    sync::SignedCodeContent elsewhere = content(sync::CodeKind::invitation, "CWD-K72UFRSS");
    elsewhere.event_tag = sync::event_tag("Another seminar");
    const base::SecretKey stranger = base::generate_secret_key();
    const std::string unknown_key_code =
        sync::sign_code(content(sync::CodeKind::invitation, "CWD-K72UFRSS"), stranger).value();
    const std::string good = signed_text(content(sync::CodeKind::invitation, "CWD-K72UFRSS"));
    const std::string script = revoked_code + "\nsleep 8000\n" + signed_text(expired) + "\nsleep 8000\n" +
                               signed_text(elsewhere) + "\nsleep 8000\n" + unknown_key_code +
                               "\nsleep 8000\n" + good.substr(0, good.size() - 10) + "\nsleep 8000\n" +
                               // The mirror holds a key: a plain code is refused by default.
                               "CWD-K72UFRSS\nsleep 8000\n";
    const auto run = run_script(script);
    ASSERT_EQ(run.exit_code, 0) << run.describe();
    std::vector<std::string> expected{"attract"};
    for (int refusal = 0; refusal < 6; ++refusal) {
        expected.insert(expected.end(), {"code_not_valid", "attract"});
    }
    EXPECT_EQ(screen_sequence(shots()), expected);
    for (const std::string reason :
         {"revoked", "expired", "another event's", "unknown key", "malformed", "unsigned"}) {
        EXPECT_NE(run.err.find("staff alert code_refused — " + reason + " code ending"), std::string::npos)
            << reason << "\n"
            << run.err;
    }
    EXPECT_EQ(statistics()["events"], 0);
    EXPECT_TRUE(printed_labels().empty());
}

TEST_F(KioskHeadlessSigned, ASignedStaffCodeOpensStaffModeAndExpiredOrRevokedOnesAreRefused) {
    using namespace std::chrono;
    sync::SignedCodeContent staff = content(sync::CodeKind::staff, "staff-ewa");
    staff.days.clear();
    staff.first_name = "Ewa Zielińska";
    sync::SignedCodeContent expired = staff;
    expired.serial = sync::new_code_serial();
    expired.valid_until = sync::Day{2026y / November / 28};
    sync::SignedCodeContent revoked = staff;
    revoked.serial = sync::new_code_serial();
    ASSERT_EQ(run_kioskctl({"--db", mirror(), "revoke", revoked.serial}).exit_code, 0);
    const auto run = run_script(signed_text(expired) + "\nsleep 8000\n" + signed_text(revoked) +
                                "\nsleep 8000\n" + signed_text(staff) + "\n");
    ASSERT_EQ(run.exit_code, 0) << run.describe();
    const auto screens = screen_sequence(shots());
    ASSERT_GE(screens.size(), 6U);
    EXPECT_EQ(screens[1], "code_not_valid");
    EXPECT_EQ(screens[3], "code_not_valid");
    EXPECT_TRUE(screens.back().starts_with("staff")) << screens.back();
    EXPECT_NE(run.err.find("staff alert code_refused — expired code ending"), std::string::npos) << run.err;
    EXPECT_NE(run.err.find("staff alert code_refused — revoked code ending"), std::string::npos) << run.err;
    EXPECT_NE(run.err.find("signed staff code of Ewa scanned"), std::string::npos) << run.err;
    EXPECT_EQ(run.err.find("Zielińska"), std::string::npos) << run.err;
}

TEST_F(KioskHeadlessSigned, InStaffModeABadgesCodeOpensTheDelegatesCard) {
    const std::string badge_code = signed_text(content(sync::CodeKind::badge, "CWD-K72UFRSS"));
    const std::string forged_code = forged(content(sync::CodeKind::badge, "CWD-K72UFRSS"));
    const auto run =
        run_script("hold corner 3000\ntype 2468\nkey enter\n" + forged_code + "\n" + badge_code + "\n");
    ASSERT_EQ(run.exit_code, 0) << run.describe();
    // A refused code tells staff why and opens nothing; the valid badge then opens the card.
    EXPECT_NE(run.err.find("staff mode: a signed code refused (forged), code ending " +
                           forged_code.substr(forged_code.size() - 4)),
              std::string::npos)
        << run.err;
    const auto screens = screen_sequence(shots());
    ASSERT_FALSE(screens.empty());
    EXPECT_EQ(screens.back(), "staff-delegate-card") << run.err;
    EXPECT_EQ(show("CWD-K72UFRSS")["checked_in"], false); // opening a card checks no one in
}

// One test per refusal -------------------------------------------------------------------------------------

// A kiosk enrolled with `kioskctl enrol` (FILE.hub and FILE.hub-token beside its database) syncs with that
// hub without a [sync] section; damaged files stop it with their name rather than leave it offline unseen.
TEST_F(KioskHeadless, AnEnrolledKioskSyncsWithTheHubItWasEnrolledWith) {
    const std::string pin = "sha256//" + std::string(43, 'A') + "=";
    write_file(mirror() + ".hub", "hub_url https://127.0.0.1:9\nhub_pin " + pin + "\n");
    write_file(mirror() + ".hub-token", std::string(64, 'a') + "\n");
    const auto enrolled = run_script("sleep 100\n");
    ASSERT_EQ(enrolled.exit_code, 0) << enrolled.describe();
    EXPECT_NE(enrolled.err.find("hub https://127.0.0.1:9 ·"), std::string::npos) << enrolled.err;

    write_file(mirror() + ".hub-token", "");
    const auto no_token = run_script("sleep 100\n");
    EXPECT_NE(no_token.exit_code, 0);
    EXPECT_NE(no_token.err.find(mirror() + ".hub-token holds no token"), std::string::npos) << no_token.err;

    write_file(mirror() + ".hub", "hub_url https://127.0.0.1:9\n");
    const auto damaged = run_script("sleep 100\n");
    EXPECT_NE(damaged.exit_code, 0);
    EXPECT_NE(damaged.err.find(mirror() + ".hub: "), std::string::npos) << damaged.err;
}

TEST_F(KioskHeadless, AlreadyCheckedInPrintsNoSecondBadge) {
    const auto run = run_script("CWD-K72UFRSS\nsleep 8000\nCWD-K72UFRSS\nsleep 8000\n");
    ASSERT_EQ(run.exit_code, 0) << run.describe();
    EXPECT_EQ(screen_sequence(shots()),
              (std::vector<std::string>{"attract", "looking_up", "welcome", "take_badge", "attract",
                                        "looking_up", "already_checked_in", "attract"}));
    EXPECT_EQ(printed_labels().size(), 1U);
    const auto events = journal("CWD-K72UFRSS");
    EXPECT_EQ(std::ranges::count(events, sync::EventKind::checkin, &sync::CheckinEvent::kind), 1);
    EXPECT_EQ(std::ranges::count(events, sync::EventKind::print, &sync::CheckinEvent::kind), 1);
}

TEST_F(KioskHeadless, UnknownCodeChangesNothing) {
    const auto run = run_script("CWD-NOSUCH00\nsleep 8000\n");
    ASSERT_EQ(run.exit_code, 0) << run.describe();
    EXPECT_EQ(screen_sequence(shots()),
              (std::vector<std::string>{"attract", "looking_up", "unknown_code", "attract"}));
    EXPECT_EQ(statistics()["events"], 0);
    EXPECT_TRUE(printed_labels().empty());
}

TEST_F(KioskHeadless, CancelledRegistrationIsRefused) {
    const auto run = run_script("]Q1CWD-MGN7MT9B\r\nsleep 8000\n");
    ASSERT_EQ(run.exit_code, 0) << run.describe();
    EXPECT_EQ(screen_sequence(shots()),
              (std::vector<std::string>{"attract", "looking_up", "cancelled", "attract"}));
    EXPECT_EQ(show("CWD-MGN7MT9B")["checked_in"], false);
    EXPECT_TRUE(printed_labels().empty());
}

TEST_F(KioskHeadless, NotRegisteredTodayIsRefused) {
    const auto run = run_script("https://example.org/checkin?code=CWD-KKVX8Z7C\nsleep 8000\n");
    ASSERT_EQ(run.exit_code, 0) << run.describe();
    EXPECT_EQ(screen_sequence(shots()),
              (std::vector<std::string>{"attract", "looking_up", "not_registered_today", "attract"}));
    EXPECT_EQ(show("CWD-KKVX8Z7C")["checked_in"], false);
    EXPECT_TRUE(printed_labels().empty());
}

TEST_F(KioskHeadless, UnreadableCodeIsRefused) {
    const auto run = run_script("scan    \nsleep 8000\n");
    ASSERT_EQ(run.exit_code, 0) << run.describe();
    EXPECT_EQ(screen_sequence(shots()),
              (std::vector<std::string>{"attract", "looking_up", "unreadable_code", "attract"}));
    EXPECT_EQ(statistics()["events"], 0);
}

TEST_F(KioskHeadless, PrinterProblemKeepsTheCheckInAndAlertsStaff) {
    const auto run = run_script("printer cover open\nCWD-K72UFRSS\nsleep 15000\n");
    ASSERT_EQ(run.exit_code, 0) << run.describe();
    EXPECT_EQ(screen_sequence(shots()),
              (std::vector<std::string>{"attract", "looking_up", "welcome", "printer_problem", "attract"}));
    EXPECT_EQ(show("CWD-K72UFRSS")["checked_in"], true);
    EXPECT_TRUE(printed_labels().empty());
    EXPECT_NE(run.err.find("staff alert printer_problem: code ending FRSS"), std::string::npos) << run.err;
    EXPECT_NE(run.err.find("cover"), std::string::npos) << run.err;
}

// Staff flows ------------------------------------------------------------------------------------------

const std::string sign_in =
    "hold corner 3000\ntap digit:2\ntap digit:4\ntap digit:6\ntap digit:8\ntap pin_submit\n";

TEST_F(KioskHeadless, StaffSearchIgnoresDiacritics) {
    const auto run = run_script(sign_in + "type lukasz\n");
    ASSERT_EQ(run.exit_code, 0) << run.describe();
    const auto screens = screen_sequence(shots());
    ASSERT_FALSE(screens.empty());
    EXPECT_EQ(screens.back(), "staff-search");
    // The three Łukaszes of the roster, found by a query without the Polish letter; the log names no one
    // (issue 15): neither the query nor the people, only their codes' last characters.
    EXPECT_NE(run.err.find("staff search: 3 found: …WJZF, …S4S3, …LWEK"), std::string::npos) << run.err;
    EXPECT_EQ(run.err.find("lukasz"), std::string::npos) << run.err;
    EXPECT_EQ(run.err.find("Łukasz"), std::string::npos) << run.err;
    EXPECT_EQ(run.err.find("CWD-NR5XWJZF"), std::string::npos) << run.err;
}

TEST_F(KioskHeadless, StaffReprintIsPrintedAndJournaledWithItsReason) {
    const auto run =
        run_script("CWD-K72UFRSS\nsleep 8000\n" + sign_in +
                   "type adamska\ntap open_hit:0\ntap reprint\ntap reprint_preset:lost\ntap confirm_reprint\n"
                   "tap print_reprint\n");
    ASSERT_EQ(run.exit_code, 0) << run.describe();
    EXPECT_EQ(printed_labels().size(), 2U);
    // The preview staff saw before printing is the badge the printer got: its QR code, read off the
    // screen, holds her code.
    std::vector<std::filesystem::path> preview_screens;
    for (const auto& entry : std::filesystem::directory_iterator(shots())) {
        if (entry.path().filename().string().ends_with("-staff-reprint-preview.png")) {
            preview_screens.push_back(entry.path());
        }
    }
    std::ranges::sort(preview_screens);
    ASSERT_FALSE(preview_screens.empty());
    EXPECT_EQ(read_codes_with_zbarimg(preview_screens.back().string()), "CWD-K72UFRSS");
    // The preview's own file, which has her name on it, is gone once the kiosk has stopped.
    for (const auto& entry :
         std::filesystem::directory_iterator(std::filesystem::path(mirror()).parent_path())) {
        EXPECT_EQ(entry.path().filename().string().find(".badge-preview-"), std::string::npos)
            << entry.path();
    }
    EXPECT_EQ(read_codes_with_zbarimg(printed_labels().back().string()), "CWD-K72UFRSS");
    const auto events = journal("CWD-K72UFRSS");
    const auto reprint = std::ranges::find(events, sync::EventKind::reprint, &sync::CheckinEvent::kind);
    ASSERT_NE(reprint, events.end());
    EXPECT_EQ(reprint->reason, "zgubiony identyfikator");
    EXPECT_EQ(reprint->operator_name, "anna");
    EXPECT_EQ(reprint->kiosk_id, "recepcja-1");
    // Still one check-in: a reprint is not an arrival.
    EXPECT_EQ(std::ranges::count(events, sync::EventKind::checkin, &sync::CheckinEvent::kind), 1);
}

TEST_F(KioskHeadless, BadgePreviewsLeftByAKilledKioskAreRemovedAtStart) {
    const std::filesystem::path folder = std::filesystem::path(mirror()).parent_path();
    const std::filesystem::path left = std::string(mirror()) + ".badge-preview-17.png";
    const std::filesystem::path unrelated = folder / "badge-preview-17.png";
    std::ofstream(left) << "a preview with a name on it";
    std::ofstream(unrelated) << "not the kiosk's";
    const auto run = run_script("sleep 1000\n");
    ASSERT_EQ(run.exit_code, 0) << run.describe();
    EXPECT_FALSE(std::filesystem::exists(left));
    EXPECT_TRUE(std::filesystem::exists(unrelated));
}

// A search row checks a delegate in with one tap, as the card would: the arrival, the badge, then the card.
TEST_F(KioskHeadless, StaffChecksInFromASearchRow) {
    // Łukasz Andrzejewski (the first of the three Łukaszes) has not arrived; Łukasz Łuczak (the third) has.
    const auto run = run_script("CWD-KKDRLWEK\nsleep 8000\n" + sign_in + "type lukasz\ntap check_in:0\n");
    ASSERT_EQ(run.exit_code, 0) << run.describe();
    EXPECT_EQ(show("CWD-NR5XWJZF")["checked_in"], true);
    const auto labels = printed_labels();
    ASSERT_EQ(labels.size(), 2U);
    EXPECT_EQ(read_codes_with_zbarimg(labels.back().string()), "CWD-NR5XWJZF");
    EXPECT_EQ(screen_sequence(shots()).back(), "staff-delegate-card");
    const auto events = journal("CWD-NR5XWJZF");
    ASSERT_EQ(events.size(), 1U);
    EXPECT_EQ(events.front().kind, sync::EventKind::checkin);
    EXPECT_EQ(events.front().operator_name, "anna");
    // The arrived one offers no check-in: the script stops at a button that is not there.
    const auto again = run_script(sign_in + "type lukasz\ntap check_in:2\n");
    EXPECT_NE(again.err.find("there is no button 'check_in:2' on the screen staff-search"), std::string::npos)
        << again.describe();
}

TEST_F(KioskHeadless, StaffUndoCancelsTheCheckInWithItsReason) {
    const auto run = run_script(
        "CWD-K72UFRSS\nsleep 8000\n" + sign_in +
        "type adamska\ntap open_hit:0\ntap undo\ntype zeskanowano nie tę osobę\ntap confirm_undo\n");
    ASSERT_EQ(run.exit_code, 0) << run.describe();
    EXPECT_EQ(show("CWD-K72UFRSS")["checked_in"], false);
    const auto events = journal("CWD-K72UFRSS");
    const auto undo = std::ranges::find(events, sync::EventKind::undo, &sync::CheckinEvent::kind);
    ASSERT_NE(undo, events.end());
    EXPECT_EQ(undo->reason, "zeskanowano nie tę osobę");
    EXPECT_EQ(undo->operator_name, "anna");
    EXPECT_EQ(statistics()["checked_in"], 0);
}

TEST_F(KioskHeadless, StaffWalkInIsRegisteredCheckedInAndPrinted) {
    // The role picked from the roster's roles: the second most common one (Ekspert, after Uczestnik).
    const auto run = run_script(sign_in + "tap tab:walk_in\ntype Zofia\nkey tab\ntype Żółkiewska\nkey tab\n"
                                          "type Gmina Serock\ntap choose_role:1\ntap create_walk_in\n");
    ASSERT_EQ(run.exit_code, 0) << run.describe();
    const auto found =
        run_kioskctl({"--db", mirror(), "--date", "2026-11-29", "find", "zolkiewska", "--json"});
    ASSERT_EQ(found.exit_code, 0) << found.describe();
    const auto hits = nlohmann::json::parse(found.out);
    ASSERT_EQ(hits.size(), 1U) << found.out;
    const std::string code = hits[0]["code"];
    EXPECT_TRUE(code.starts_with("W-")) << code;
    const auto walk_in = show(code);
    EXPECT_EQ(walk_in["first_name"], "Zofia");
    EXPECT_EQ(walk_in["organisation"], "Gmina Serock");
    EXPECT_EQ(walk_in["role"], "Ekspert");
    EXPECT_EQ(walk_in["origin"], "walk-in");
    EXPECT_EQ(walk_in["checked_in"], true);
    const auto labels = printed_labels();
    ASSERT_EQ(labels.size(), 1U);
    EXPECT_EQ(read_codes_with_zbarimg(labels[0].string()), code);
    EXPECT_EQ(statistics()["walk_ins"], 1);
}

TEST_F(KioskHeadless, FiveWrongPinsLockThePadAndTheLockSurvivesARestartAndGrows) {
    // A one-minute lockout and a two-minute staff inactivity, so the lock outlives nothing by accident.
    write_file(directory.path() / "kiosk.conf", "[kiosk]\nid = recepcja-1\n\n[staff]\npin.anna = " +
                                                    staff_pin_hash + "\nlockout_minutes = 1\n");
    std::string wrong_pins = "hold corner 3000\n";
    for (int attempt = 0; attempt < 5; ++attempt) {
        wrong_pins += "tap digit:1\ntap pin_submit\n";
    }
    const std::string right_pin = "tap digit:2\ntap digit:4\ntap digit:6\ntap digit:8\ntap pin_submit\n";

    // Locked: no digits on the screen.
    const auto locked = run_script(wrong_pins + "sleep 59000\ntap digit:2\n");
    EXPECT_EQ(locked.exit_code, 1) << locked.describe();
    EXPECT_EQ(screen_sequence(shots()).back(), "staff-locked");
    EXPECT_NE(locked.err.find("pin pad locked for 60 s after 5 wrong PINs"), std::string::npos) << locked.err;
    EXPECT_NE(locked.err.find("there is no button 'digit:2' on the screen staff-locked"), std::string::npos)
        << locked.err;

    // Each run is a restart of the kiosk (every run's clock starts at 09:00 of --date): the lockout is
    // kept beside the mirror, so a restart does not lift it.
    EXPECT_TRUE(std::filesystem::exists(mirror() + ".staff-lockout"));
    std::filesystem::remove_all(shots());
    const auto restarted = run_script("hold corner 3000\n");
    ASSERT_EQ(restarted.exit_code, 0) << restarted.describe();
    EXPECT_EQ(screen_sequence(shots()).back(), "staff-locked");

    // Once it ends, the next five wrong PINs lock it for 5 minutes, not 1: the count survived too.
    std::filesystem::remove_all(shots());
    const auto second = run_script("sleep 65000\n" + wrong_pins);
    ASSERT_EQ(second.exit_code, 0) << second.describe();
    EXPECT_EQ(screen_sequence(shots()).back(), "staff-locked");
    EXPECT_NE(second.err.find("pin pad locked for 300 s after 5 wrong PINs"), std::string::npos)
        << second.err;

    // After that one the right PIN signs in and clears it all: the next lockout is a minute again.
    std::filesystem::remove_all(shots());
    const auto unlocked =
        run_script("sleep 400000\n" + wrong_pins.substr(0, wrong_pins.find('\n') + 1) + right_pin);
    ASSERT_EQ(unlocked.exit_code, 0) << unlocked.describe();
    EXPECT_EQ(screen_sequence(shots()).back(), "staff-search");
    EXPECT_NE(unlocked.err.find("anna: signed in"), std::string::npos) << unlocked.err;
    const auto third = run_script(wrong_pins);
    ASSERT_EQ(third.exit_code, 0) << third.describe();
    EXPECT_NE(third.err.find("pin pad locked for 60 s after 5 wrong PINs"), std::string::npos) << third.err;
}

TEST_F(KioskHeadless, AStaffCodeOpensStaffModeWithoutThePinPad) {
    write_file(directory.path() / "kiosk.conf",
               "[kiosk]\nid = recepcja-1\n\n[staff]\nsalt = test-salt\ncode.bartek = " +
                   sha256_of("test-saltSTAFF-BARTEK-7") + "\n");
    const auto run = run_script("STAFF-BARTEK-7\n");
    ASSERT_EQ(run.exit_code, 0) << run.describe();
    EXPECT_EQ(screen_sequence(shots()), (std::vector<std::string>{"attract", "staff-search"}));
    EXPECT_NE(run.err.find("staff code of bartek scanned"), std::string::npos) << run.err;

    // Normalised like any scan: an AIM identifier or a URL around the code changes nothing.
    for (const std::string scanned : {"]Q1STAFF-BARTEK-7", "https://example.org/staff/STAFF-BARTEK-7"}) {
        std::filesystem::remove_all(shots());
        const auto framed = run_script(scanned + "\n");
        ASSERT_EQ(framed.exit_code, 0) << framed.describe();
        EXPECT_EQ(screen_sequence(shots()), (std::vector<std::string>{"attract", "staff-search"})) << scanned;
        EXPECT_NE(framed.err.find("staff code of bartek scanned"), std::string::npos) << framed.err;
    }
}

// `kiosk --hash-pin` reads the PIN from standard input (through a shell pipe here: never an argument)
// and prints a line the configuration takes, which then signs the person in.
TEST_F(KioskHeadless, HashPinMakesTheLineThatSignsIn) {
    const auto hashed =
        run_process({"/bin/sh", "-c", "printf '135792\\n' | \"$0\" --hash-pin", kiosk_path()});
    ASSERT_EQ(hashed.exit_code, 0) << hashed.describe();
    ASSERT_TRUE(hashed.out.starts_with("$argon2id$")) << hashed.describe();
    EXPECT_NE(hashed.err.find("pin.NAME ="), std::string::npos) << hashed.err;
    const std::string hash = hashed.out.substr(0, hashed.out.find('\n'));
    EXPECT_EQ(hashed.out.find("135792"), std::string::npos);

    const auto short_pin =
        run_process({"/bin/sh", "-c", "printf '1234\\n' | \"$0\" --hash-pin", kiosk_path()});
    EXPECT_EQ(short_pin.exit_code, 2) << short_pin.describe();
    EXPECT_NE(short_pin.err.find("a staff PIN is 6 to 8 digits"), std::string::npos) << short_pin.err;
    EXPECT_TRUE(short_pin.out.empty());

    write_file(directory.path() / "kiosk.conf",
               "[kiosk]\nid = recepcja-1\n\n[staff]\npin.ola = " + hash + "\n");
    const auto signed_in = run_script(
        "hold corner 3000\ntap digit:1\ntap digit:3\ntap digit:5\ntap digit:7\ntap digit:9\ntap digit:2\n"
        "tap pin_submit\n");
    ASSERT_EQ(signed_in.exit_code, 0) << signed_in.describe();
    EXPECT_EQ(screen_sequence(shots()).back(), "staff-search");
    EXPECT_NE(signed_in.err.find("ola: signed in"), std::string::npos) << signed_in.err;

    // A plain PIN in the file is refused, with the way to make the line.
    write_file(directory.path() / "kiosk.conf", "[kiosk]\nid = recepcja-1\n\n[staff]\npin.ola = 135792\n");
    const auto refused = run_script("");
    EXPECT_EQ(refused.exit_code, 2) << refused.describe();
    EXPECT_NE(refused.err.find("pin.ola must be an Argon2id hash made by `kiosk --hash-pin`"),
              std::string::npos)
        << refused.err;
    EXPECT_EQ(refused.err.find("135792"), std::string::npos) << refused.err;
}

TEST_F(KioskHeadless, AScriptErrorNamesTheLine) {
    const auto run = run_script("CWD-K72UFRSS\nsleep later\n");
    EXPECT_EQ(run.exit_code, 2) << run.describe();
    EXPECT_NE(run.err.find("test.script:2: sleep takes milliseconds"), std::string::npos) << run.err;
}

TEST_F(KioskHeadless, TappingAButtonThatIsNotOnScreenFails) {
    const auto run = run_script("tap confirm_reprint\n");
    EXPECT_EQ(run.exit_code, 1) << run.describe();
    EXPECT_NE(run.err.find("there is no button 'confirm_reprint' on the screen attract"), std::string::npos)
        << run.err;
}

} // namespace
} // namespace checkin::test
