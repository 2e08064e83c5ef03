#include "kiosk/app/resources.hpp"

#include <cstdlib>
#include <filesystem>
#include <gtest/gtest.h>
#include <string>
#include <unistd.h>

namespace checkin::kiosk {
namespace {

class TemporaryFolder {
public:
    TemporaryFolder() {
        std::string pattern = (std::filesystem::temp_directory_path() / "resources-test-XXXXXX").string();
        if (::mkdtemp(pattern.data()) != nullptr) {
            m_path = pattern;
        }
    }
    ~TemporaryFolder() {
        std::error_code ignored;
        std::filesystem::remove_all(m_path, ignored);
    }
    const std::filesystem::path& path() const { return m_path; }

private:
    std::filesystem::path m_path;
};

TEST(ResourcePaths, AnInstalledProgramReadsPrefixShareCheckin) {
    TemporaryFolder prefix;
    ASSERT_FALSE(prefix.path().empty());
    std::filesystem::create_directories(prefix.path() / "bin");
    std::filesystem::create_directories(prefix.path() / "share/checkin/templates");
    const auto paths = resource_paths_for(prefix.path() / "bin/kiosk");
    const auto data = prefix.path() / "share/checkin";
    EXPECT_EQ(paths.templates, data / "templates");
    EXPECT_EQ(paths.profiles, data / "profiles");
    EXPECT_EQ(paths.demo_roster, data / "demo/roster.csv");
    EXPECT_EQ(paths.font_regular, "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf");
    EXPECT_EQ(paths.font_bold, "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf");
}

TEST(ResourcePaths, KioskctlBadgesInLibexecReadsPrefixShareCheckin) {
    TemporaryFolder prefix;
    ASSERT_FALSE(prefix.path().empty());
    std::filesystem::create_directories(prefix.path() / "libexec/checkin");
    std::filesystem::create_directories(prefix.path() / "share/checkin/templates");
    const auto paths = resource_paths_for(prefix.path() / "libexec/checkin/kioskctl-badges");
    EXPECT_EQ(paths.templates, prefix.path() / "share/checkin/templates");
    EXPECT_EQ(paths.demo_roster, prefix.path() / "share/checkin/demo/roster.csv");
}

TEST(ResourcePaths, AProgramInABuildFolderReadsTheSourceTree) {
    TemporaryFolder build;
    ASSERT_FALSE(build.path().empty());
    std::filesystem::create_directories(build.path() / "bin");
    for (const auto& paths : {resource_paths_for(build.path() / "bin/kiosk"), resource_paths_for({})}) {
        EXPECT_TRUE(paths.templates.string().ends_with("/printing/templates")) << paths.templates;
        EXPECT_TRUE(std::filesystem::is_regular_file(paths.templates / "ql-62x100.badge")) << paths.templates;
        EXPECT_TRUE(std::filesystem::is_regular_file(paths.profiles / "brother-ql.profile"))
            << paths.profiles;
        EXPECT_TRUE(std::filesystem::is_regular_file(paths.demo_roster)) << paths.demo_roster;
    }
}

TEST(ResourcePaths, ThisTestRunsFromTheBuildFolder) {
    // The test binary sits in build/<preset>/bin with no share/checkin beside it.
    EXPECT_TRUE(resource_paths().templates.string().ends_with("/printing/templates"))
        << resource_paths().templates;
}

} // namespace
} // namespace checkin::kiosk
