// `cmake --install` of this build into a temporary prefix: the programs land in bin, their data in
// share/checkin, and the installed kioskctl reads its templates (with the logo) from there, not from the
// source tree, so an installed kiosk runs under systemd's ProtectHome= wherever the sources were.

#include "tests/kiosk/process.hpp"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <iterator>
#include <string>

namespace checkin::test {
namespace {

class Installed : public ::testing::Test {
protected:
    void SetUp() override {
        const auto installed =
            run_process({CHECKIN_CMAKE_COMMAND, "--install", CHECKIN_BUILD_DIR, "--prefix", prefix.string()});
        ASSERT_EQ(installed.exit_code, 0) << installed.describe();
    }

    ProcessResult installed_kioskctl(std::vector<std::string> arguments) {
        arguments.insert(arguments.begin(), (prefix / "bin" / "kioskctl").string());
        return run_process(arguments);
    }

    TemporaryDirectory directory;
    std::filesystem::path prefix = directory.path() / "usr-local";
};

TEST_F(Installed, ProgramsAndTheirDataLandInBinAndShareCheckin) {
    for (const char* file :
         {"bin/kiosk", "bin/kioskctl", "libexec/checkin/kioskctl-badges", "bin/kiosk-hub",
          "share/checkin/templates/ql-62x100.badge", "share/checkin/templates/zpl-4x3-203dpi.badge",
          "share/checkin/templates/cwd-plus-logo.png", "share/checkin/profiles/brother-ql.profile",
          "share/checkin/profiles/generic.profile", "share/checkin/demo/roster.csv"}) {
        EXPECT_TRUE(std::filesystem::is_regular_file(prefix / file)) << file;
    }
    // Only what the programs read: no scripts or notes beside the templates.
    EXPECT_FALSE(std::filesystem::exists(prefix / "share/checkin/templates/make_cwd_plus_logo.py"));
    EXPECT_FALSE(std::filesystem::exists(prefix / "share/checkin/templates/README.md"));
    const auto permissions = std::filesystem::status(prefix / "bin/kiosk").permissions();
    EXPECT_NE(permissions & std::filesystem::perms::owner_exec, std::filesystem::perms::none);
}

std::string file_text(const std::filesystem::path& path) {
    std::ifstream file(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
}

// The udev rules and units where udev and systemd read a package's files, the simulator beside the
// programs, and each unit's ExecStart= naming the program in the bin folder of the prefix installed to
// (placed when installing: hardware/packaging/install_system_files.cmake), the kiosk inside cage.
TEST_F(Installed, UdevRulesSystemdUnitsAndTheSimulatorAreInstalled) {
    EXPECT_TRUE(std::filesystem::is_regular_file(prefix / "bin/ql-simulator"));
    const auto rules = prefix / "lib/udev/rules.d/70-checkin-kiosk.rules";
    ASSERT_TRUE(std::filesystem::is_regular_file(rules));
    EXPECT_EQ(file_text(rules), file_text(CHECKIN_SOURCE_DIR "/hardware/udev/70-checkin-kiosk.rules"));
    const std::string kiosk_unit = file_text(prefix / "lib/systemd/system/checkin-kiosk.service");
    const std::string hub_unit = file_text(prefix / "lib/systemd/system/checkin-hub.service");
    const std::string bin = (prefix / "bin").string();
    EXPECT_NE(kiosk_unit.find("\nExecStart=/usr/bin/cage -d -s -- " + bin +
                              "/kiosk --config /etc/checkin/kiosk.conf\n"),
              std::string::npos)
        << kiosk_unit;
    EXPECT_NE(hub_unit.find("\nExecStart=" + bin + "/kiosk-hub "), std::string::npos) << hub_unit;
}

TEST_F(Installed, TheInstalledKioskctlReadsTheInstalledTemplates) {
    const auto listed = installed_kioskctl({"badge", "--list"});
    ASSERT_EQ(listed.exit_code, 0) << listed.describe();
    const std::string templates = (prefix / "share/checkin/templates").string();
    EXPECT_NE(listed.out.find("Templates (" + templates + ")"), std::string::npos) << listed.out;
    EXPECT_EQ(listed.out.find("cannot be used"), std::string::npos) << listed.out;

    // A whole badge, logo included, from the installed files; the QR code read back independently.
    const std::string database = directory.file("mirror.db");
    const auto imported =
        installed_kioskctl({"--db", database, "import", std::string(CHECKIN_TEST_DATA) + "/serock-roster.csv",
                            "--event-days", "2026-11-29,2026-11-30"});
    ASSERT_EQ(imported.exit_code, 0) << imported.describe();
    const std::string badge = directory.file("badge.png");
    const auto printed = installed_kioskctl({"--db", database, "badge", "CWD-ZPZXSWG7", "--out", badge});
    ASSERT_EQ(printed.exit_code, 0) << printed.describe();
    EXPECT_EQ(read_codes_with_zbarimg(badge), "CWD-ZPZXSWG7");
}

// The everyday commands start without the drawing and device libraries: kioskctl hands the commands that
// need them to kioskctl-badges (the test above ran `badge` through it, installed in libexec).
TEST_F(Installed, KioskctlLoadsNoDrawingOrDeviceLibrary) {
    const auto light = run_process({"/usr/bin/ldd", (prefix / "bin" / "kioskctl").string()});
    ASSERT_EQ(light.exit_code, 0) << light.describe();
    for (const char* library : {"libSDL2", "libSDL2_ttf", "libfreetype", "libZXing", "libcairo", "libusb"}) {
        EXPECT_EQ(light.out.find(library), std::string::npos) << library << " in\n" << light.out;
    }
    EXPECT_NE(light.out.find("libsqlite3"), std::string::npos) << light.out;
    const auto drawing = run_process({"/usr/bin/ldd", (prefix / "libexec/checkin/kioskctl-badges").string()});
    ASSERT_EQ(drawing.exit_code, 0) << drawing.describe();
    EXPECT_NE(drawing.out.find("libSDL2_ttf"), std::string::npos) << drawing.out;
    EXPECT_NE(drawing.out.find("libZXing"), std::string::npos) << drawing.out;
}

TEST_F(Installed, ABuildFoldersKioskctlReadsTheSourceTree) {
    const auto listed = run_kioskctl({"badge", "--list"});
    ASSERT_EQ(listed.exit_code, 0) << listed.describe();
    EXPECT_NE(listed.out.find("Templates (" + std::string(CHECKIN_SOURCE_DIR) + "/printing/templates)"),
              std::string::npos)
        << listed.out;
}

} // namespace
} // namespace checkin::test
