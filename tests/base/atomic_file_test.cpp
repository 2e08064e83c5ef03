#include "base/atomic_file.hpp"

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <iterator>
#include <string>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

namespace checkin::base {
namespace {

namespace fs = std::filesystem;

// A fresh folder per test, removed afterwards.
class AtomicFile : public ::testing::Test {
protected:
    void SetUp() override {
        std::string pattern = (fs::temp_directory_path() / "atomic-file-test-XXXXXX").string();
        ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
        m_folder = pattern;
    }
    void TearDown() override {
        std::error_code ignored;
        fs::remove_all(m_folder, ignored);
    }

    const fs::path& folder() const { return m_folder; }

    std::vector<std::string> names_in_folder() const {
        std::vector<std::string> names;
        for (const auto& entry : fs::directory_iterator(m_folder)) {
            names.push_back(entry.path().filename().string());
        }
        return names;
    }

private:
    fs::path m_folder;
};

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

mode_t permissions_of(const fs::path& path) {
    struct stat status {};
    EXPECT_EQ(::stat(path.c_str(), &status), 0);
    return status.st_mode & 07777U;
}

TEST_F(AtomicFile, WritesTheContentOwnerOnlyByDefault) {
    const fs::path target = folder() / "attendance.csv";
    const std::string content = "code;name\nA1;Zażółć Gęślą\n";
    ASSERT_TRUE(write_file_atomically(target, content));
    EXPECT_EQ(read_file(target), content);
    EXPECT_EQ(permissions_of(target), 0600U);
    EXPECT_EQ(names_in_folder(), std::vector<std::string>{"attendance.csv"});
}

TEST_F(AtomicFile, TakesTheModeTheCallerGivesAndBytes) {
    const fs::path target = folder() / "page.png";
    const std::vector<std::uint8_t> bytes{0x89, 'P', 'N', 'G', 0x00, 0xFF};
    ASSERT_TRUE(write_file_atomically(target, bytes, 0644));
    EXPECT_EQ(read_file(target), std::string("\x89PNG\x00\xFF", 6));
    EXPECT_EQ(permissions_of(target), 0644U);
}

TEST_F(AtomicFile, ReplacesAnExistingFileWhole) {
    const fs::path target = folder() / "export.csv";
    ASSERT_TRUE(write_file_atomically(target, std::string(10000, 'o')));
    // A reader holding the old file keeps seeing the old content: the new one is a new file renamed over.
    std::ifstream old_reader(target, std::ios::binary);
    ASSERT_TRUE(write_file_atomically(target, "new\n"));
    EXPECT_EQ(read_file(target), "new\n");
    const std::string old_content{std::istreambuf_iterator<char>(old_reader),
                                  std::istreambuf_iterator<char>()};
    EXPECT_EQ(old_content, std::string(10000, 'o'));
    EXPECT_EQ(names_in_folder(), std::vector<std::string>{"export.csv"});
}

TEST_F(AtomicFile, ANewFileIsWrittenOnceAndNeverReplaced) {
    const fs::path target = folder() / "signing.key";
    ASSERT_TRUE(write_new_file_atomically(target, "ed25519-secret:first\n"));
    EXPECT_EQ(permissions_of(target), 0600U);
    const auto again = write_new_file_atomically(target, "ed25519-secret:second\n");
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().kind, ErrorKind::refused);
    EXPECT_EQ(again.error().message, target.string() +
                                         " exists already; it is left as it is (choose another name, or move "
                                         "the old file away first)");
    EXPECT_EQ(read_file(target), "ed25519-secret:first\n");
    EXPECT_EQ(names_in_folder(), std::vector<std::string>{"signing.key"}); // no temporary left
}

TEST_F(AtomicFile, EmptyContentMakesAnEmptyFile) {
    const fs::path target = folder() / "empty";
    ASSERT_TRUE(write_file_atomically(target, ""));
    EXPECT_TRUE(fs::exists(target));
    EXPECT_EQ(fs::file_size(target), 0U);
}

TEST_F(AtomicFile, AFolderInTheWayFailsAndLeavesNoTemporary) {
    const fs::path target = folder() / "badge.bin";
    fs::create_directory(target);
    const auto written = write_file_atomically(target, "bytes");
    ASSERT_FALSE(written);
    EXPECT_NE(written.error().message.find(target.string()), std::string::npos) << written.error().message;
    EXPECT_EQ(names_in_folder(), std::vector<std::string>{"badge.bin"});
    EXPECT_TRUE(fs::is_directory(target));
}

TEST_F(AtomicFile, AMissingFolderIsNamedInTheMessage) {
    const fs::path missing = folder() / "no-such-folder";
    const auto written = write_file_atomically(missing / "out.csv", "x");
    ASSERT_FALSE(written);
    EXPECT_NE(written.error().message.find(missing.string()), std::string::npos) << written.error().message;
    EXPECT_NE(written.error().message.find("check that the folder exists"), std::string::npos);
    EXPECT_TRUE(names_in_folder().empty());
}

TEST_F(AtomicFile, APathWithoutAFileNameIsRefused) {
    const auto written = write_file_atomically(folder() / "", "x");
    ASSERT_FALSE(written);
    EXPECT_NE(written.error().message.find("names a folder"), std::string::npos) << written.error().message;
    EXPECT_TRUE(names_in_folder().empty());
}

} // namespace
} // namespace checkin::base
