// Every kind of file the programs write with delegates' personal data in it is its owner's alone (issue 15,
// item 4), under the umask most machines have (022, which would make a plainly created file 0644): the
// mirror and the hub's SQLite file with their journals, the attendance export, badges made by kioskctl as
// files and as print jobs (a file:// printer, the simulated QL's pages and their folder). An export
// replaces its target through a temporary of its own (a random name, created exclusively), so a link
// planted at the target or at a predictable temporary name is never written through. The demo's badges
// and the kiosk's screenshots are checked in tests/kiosk/app/kiosk_app_test.cpp; invitations and keys in
// kioskctl_invitations_test.cpp and kioskctl_codes_test.cpp.

#include "tests/kiosk/process.hpp"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <iterator>
#include <sys/stat.h>

namespace checkin::test {
namespace {

const std::string roster = std::string(CHECKIN_TEST_DATA) + "/serock-roster.csv";

std::string read_file(const std::filesystem::path& path) {
    std::ifstream file(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
}

mode_t permissions_of(const std::filesystem::path& path) {
    struct stat status {};
    EXPECT_EQ(::lstat(path.c_str(), &status), 0) << path;
    return status.st_mode & 07777U;
}

class PersonalFiles : public ::testing::Test {
protected:
    void SetUp() override {
        previous_umask = ::umask(022); // inherited by every program the test starts
        const auto imported = run_kioskctl({"--db", mirror, "import", roster, "--event-name", "Seminarium",
                                            "--event-days", "2026-11-29,2026-11-30"});
        ASSERT_EQ(imported.exit_code, 0) << imported.describe();
    }
    void TearDown() override { ::umask(previous_umask); }

    // The files in the test's folder other than the mirror's: what a command left behind.
    std::vector<std::string> files_beside_the_mirror() const {
        std::vector<std::string> names;
        for (const auto& entry : std::filesystem::directory_iterator(directory.path())) {
            const std::string name = entry.path().filename().string();
            if (!name.starts_with("mirror.db")) {
                names.push_back(name);
            }
        }
        std::ranges::sort(names);
        return names;
    }

    mode_t previous_umask = 0;
    TemporaryDirectory directory;
    std::string mirror = directory.file("mirror.db");
};

TEST_F(PersonalFiles, TheMirrorAndTheHubsFileAndTheirJournalsAreTheOwnersOnly) {
    const auto checked_in = run_kioskctl({"--db", mirror, "--date", "2026-11-29", "checkin", "CWD-K72UFRSS"});
    ASSERT_EQ(checked_in.exit_code, 0) << checked_in.describe();
    const std::string hub = directory.file("hub.db");
    const auto hub_import =
        run_process({std::string(CHECKIN_BIN_DIR) + "/kiosk-hub", "--db", hub, "import", roster,
                     "--event-name", "Seminarium", "--event-days", "2026-11-29,2026-11-30"});
    ASSERT_EQ(hub_import.exit_code, 0) << hub_import.describe();
    std::size_t checked = 0;
    for (const auto& database : {mirror, hub}) {
        ASSERT_TRUE(std::filesystem::exists(database)) << database;
        for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
            const std::filesystem::path file = database + suffix;
            if (std::filesystem::exists(file)) {
                EXPECT_EQ(permissions_of(file), 0600U) << file;
                ++checked;
            }
        }
    }
    EXPECT_GE(checked, 2U);
}

TEST_F(PersonalFiles, AnExportIsTheOwnersOnlyAndLeavesNoTemporaryBehind) {
    const auto target = directory.path() / "attendance.csv";
    const auto exported = run_kioskctl({"--db", mirror, "export", "--out", target.string()});
    ASSERT_EQ(exported.exit_code, 0) << exported.describe();
    EXPECT_EQ(permissions_of(target), 0600U);
    EXPECT_NE(read_file(target).find("CWD-K72UFRSS"), std::string::npos);
    EXPECT_EQ(files_beside_the_mirror(), std::vector<std::string>{"attendance.csv"});

    // An earlier export someone made readable to all is replaced by one that is not.
    std::filesystem::permissions(
        target, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write |
                    std::filesystem::perms::group_read | std::filesystem::perms::others_read);
    const auto again = run_kioskctl({"--db", mirror, "export", "--out", target.string()});
    ASSERT_EQ(again.exit_code, 0) << again.describe();
    EXPECT_EQ(permissions_of(target), 0600U);
}

TEST_F(PersonalFiles, AnExportNeverWritesThroughALinkAtItsTargetOrAtAPredictableTemporaryName) {
    const auto victim = directory.path() / "victim.txt";
    { std::ofstream(victim) << "not to be overwritten\n"; }
    const auto target = directory.path() / "attendance.csv";
    std::filesystem::create_symlink(victim, target);
    for (const char* planted : {".attendance.csv.partial", "attendance.csv.partial", "attendance.csv.tmp",
                                "attendance.csv~", ".attendance.csv.tmp"}) {
        std::filesystem::create_symlink(victim, directory.path() / planted);
    }
    const auto exported = run_kioskctl({"--db", mirror, "export", "--out", target.string()});
    ASSERT_EQ(exported.exit_code, 0) << exported.describe();
    EXPECT_EQ(read_file(victim), "not to be overwritten\n");
    EXPECT_FALSE(std::filesystem::is_symlink(target));
    EXPECT_EQ(permissions_of(target), 0600U);
    EXPECT_NE(read_file(target).find("CWD-K72UFRSS"), std::string::npos);
}

TEST_F(PersonalFiles, BadgesMadeAsFilesAndPrintedToFilesOrTheSimulatorAreTheOwnersOnly) {
    for (const char* format : {"png", "ql", "zpl"}) {
        const auto file = directory.path() / (std::string("badge.") + format);
        std::vector<std::string> command = {"--db",     mirror, "badge", "CWD-K72UFRSS",
                                            "--format", format, "--out", file.string()};
        if (std::string_view(format) == "zpl") {
            command.insert(command.end(), {"--model", "zpl", "--media", "4x3"});
        }
        const auto made = run_kioskctl(command);
        ASSERT_EQ(made.exit_code, 0) << made.describe();
        EXPECT_EQ(permissions_of(file), 0600U) << file;
    }

    const auto job = directory.path() / "job.bin";
    const auto printed = run_kioskctl({"--db", mirror, "--date", "2026-11-29", "print", "CWD-K72UFRSS",
                                       "--device", "file://" + job.string()});
    ASSERT_EQ(printed.exit_code, 0) << printed.describe();
    EXPECT_GT(std::filesystem::file_size(job), 1000U);
    EXPECT_EQ(permissions_of(job), 0600U);

    const auto pages = directory.path() / "simulated-ql";
    const auto simulated = run_kioskctl({"--db", mirror, "--date", "2026-11-29", "print", "CWD-ZPZXSWG7",
                                         "--device", "sim://" + pages.string()});
    ASSERT_EQ(simulated.exit_code, 0) << simulated.describe();
    EXPECT_EQ(permissions_of(pages), 0700U);
    std::size_t page_files = 0;
    for (const auto& entry : std::filesystem::directory_iterator(pages)) {
        EXPECT_EQ(permissions_of(entry.path()), 0600U) << entry.path();
        ++page_files;
    }
    EXPECT_GE(page_files, 1U);
    EXPECT_EQ(read_codes_with_zbarimg((pages / "page-0001.png").string()), "CWD-ZPZXSWG7");
}

} // namespace
} // namespace checkin::test
