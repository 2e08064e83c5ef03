// The systemd units in hardware/systemd: checked by systemd itself and against what the kiosk needs.
//
// `systemd-analyze verify` (Debian package systemd) loads a unit as the service manager would and reports
// unknown keys, bad values and a missing ExecStart binary. The kiosk's and the hub's binaries are not
// installed on a build machine, so each unit is verified as a copy in a temporary directory, under its own
// name, whose ExecStart program is /bin/true (the arguments stay; /bin/true ignores them). Every other line
// is the shipped one. verify exits 0 on some warnings ("Unknown key … ignoring"), so any output at all
// fails the test. `systemd-analyze security --offline=yes` scores the hardening; a threshold keeps a later
// edit from loosening it unnoticed.
//
// Without systemd-analyze these tests fail (they never skip): install the Debian package systemd.

#include "hardware/udev_rules.hpp"
#include "tests/hardware/hardware_test_support.hpp"

#include <algorithm>
#include <array>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace checkin::hardware {
namespace {

using testing::hardware_directory;
using testing::read_text;
using testing::shell_quote;
using testing::TemporaryDirectory;

const std::filesystem::path units_directory = hardware_directory / "systemd";

struct UnitCase {
    std::string_view file;
    // systemd-analyze security's overall exposure, in tenths (2.0 is 20): the unit must stay at or below.
    int exposure_threshold;
};

constexpr std::array<UnitCase, 2> units{{
    {"checkin-kiosk.service", 20},
    {"checkin-hub.service", 15},
}};

std::optional<std::filesystem::path> systemd_analyze() {
    auto found = testing::find_on_path("systemd-analyze");
    if (!found) {
        ADD_FAILURE() << "systemd-analyze is not installed, so the systemd units cannot be checked: install "
                         "the Debian package systemd (apt-get install systemd)";
    }
    return found;
}

// A unit file as sections of key → values (a key may repeat, as ExecStart= and SystemCallFilter= do).
using UnitSection = std::multimap<std::string, std::string, std::less<>>;
using UnitFile = std::map<std::string, UnitSection, std::less<>>;

UnitFile parse_unit(std::string_view text) {
    UnitFile unit;
    std::string section;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        end = end == std::string_view::npos ? text.size() : end;
        const std::string_view line = text.substr(start, end - start);
        start = end + 1;
        if (line.empty() || line.starts_with('#') || line.starts_with(';')) {
            continue;
        }
        if (line.starts_with('[')) {
            section = line.substr(1, line.find(']') - 1);
            continue;
        }
        const std::size_t equals = line.find('=');
        if (equals != std::string_view::npos) {
            unit[section].emplace(line.substr(0, equals), line.substr(equals + 1));
        }
    }
    return unit;
}

std::vector<std::string> values(const UnitFile& unit, std::string_view section, std::string_view key) {
    std::vector<std::string> found;
    if (const auto at = unit.find(section); at != unit.end()) {
        const auto [first, last] = at->second.equal_range(key);
        for (auto it = first; it != last; ++it) {
            found.push_back(it->second);
        }
    }
    return found;
}

std::string value(const UnitFile& unit, std::string_view section, std::string_view key) {
    const auto found = values(unit, section, key);
    EXPECT_EQ(found.size(), 1u) << "[" << section << "] " << key << "= should be given once";
    return found.empty() ? std::string() : found.front();
}

UnitFile shipped_unit(std::string_view file) {
    const auto text = read_text(units_directory / file);
    EXPECT_TRUE(text.has_value()) << "cannot read " << units_directory / file;
    return parse_unit(text.value_or(""));
}

// The shipped unit with its ExecStart program replaced by /bin/true, written as `directory`/`file`.
std::filesystem::path runnable_copy(const std::filesystem::path& directory, std::string_view file) {
    const auto text = read_text(units_directory / file);
    EXPECT_TRUE(text.has_value()) << "cannot read " << units_directory / file;
    std::string copy = text.value_or("");
    const std::string_view key = "\nExecStart=";
    const std::size_t at = copy.find(key);
    EXPECT_NE(at, std::string::npos) << file << " has no ExecStart=";
    EXPECT_EQ(copy.find(key, at + 1), std::string::npos) << file << " has more than one ExecStart=";
    if (at != std::string::npos) {
        const std::size_t program = at + key.size();
        const std::size_t space = copy.find_first_of(" \n", program);
        EXPECT_EQ(copy[program], '/') << "ExecStart= must name the program by its absolute path";
        copy.replace(program, space - program, "/bin/true");
    }
    const std::filesystem::path path = directory / file;
    EXPECT_TRUE(testing::write_text(path, copy));
    return path;
}

TEST(SystemdUnits, SystemdAnalyzeIsInstalled) {
    const auto tool = systemd_analyze();
    ASSERT_TRUE(tool.has_value());
    const auto version = testing::run_shell(shell_quote(tool->string()) + " --version");
    EXPECT_EQ(version.exit_code, 0) << version.output;
    EXPECT_TRUE(version.output.starts_with("systemd ")) << version.output;
}

TEST(SystemdUnits, VerifyAcceptsEachUnitWithoutAWord) {
    const auto tool = systemd_analyze();
    ASSERT_TRUE(tool.has_value());
    const TemporaryDirectory directory;
    for (const UnitCase& unit : units) {
        const std::filesystem::path copy = runnable_copy(directory.path(), unit.file);
        const auto verified = testing::run_shell(
            fmt::format("{} verify --man=no {}", shell_quote(tool->string()), shell_quote(copy.string())));
        EXPECT_EQ(verified.exit_code, 0) << unit.file << ":\n" << verified.output;
        EXPECT_EQ(verified.output, "") << "systemd-analyze verify has something to say about " << unit.file;
    }
}

// The check above is only as good as its "no output" rule: a unit with a typo must make verify speak.
TEST(SystemdUnits, VerifySpeaksUpAboutABrokenUnit) {
    const auto tool = systemd_analyze();
    ASSERT_TRUE(tool.has_value());
    const TemporaryDirectory directory;
    const std::filesystem::path broken = directory.path() / "broken.service";
    ASSERT_TRUE(testing::write_text(broken, "[Service]\nExecStart=/bin/true\nRestrat=always\n"));
    const auto verified = testing::run_shell(
        fmt::format("{} verify --man=no {}", shell_quote(tool->string()), shell_quote(broken.string())));
    EXPECT_NE(verified.output.find("Restrat"), std::string::npos) << verified.output;

    const std::filesystem::path missing = directory.path() / "missing.service";
    ASSERT_TRUE(testing::write_text(missing, "[Service]\nExecStart=/usr/local/bin/no-such-kiosk-binary\n"));
    const auto missing_binary = testing::run_shell(
        fmt::format("{} verify --man=no {}", shell_quote(tool->string()), shell_quote(missing.string())));
    EXPECT_NE(missing_binary.exit_code, 0)
        << "verify should refuse a unit whose program is missing, which is "
           "why the test verifies a copy with ExecStart=/bin/true";
}

TEST(SystemdUnits, HardeningExposureStaysAtMostItsThreshold) {
    const auto tool = systemd_analyze();
    ASSERT_TRUE(tool.has_value());
    const TemporaryDirectory directory;
    for (const UnitCase& unit : units) {
        const std::filesystem::path copy = runnable_copy(directory.path(), unit.file);
        const auto security = testing::run_shell(
            fmt::format("{} security --offline=yes --no-pager --threshold={} {}", shell_quote(tool->string()),
                        unit.exposure_threshold, shell_quote(copy.string())));
        EXPECT_EQ(security.exit_code, 0)
            << unit.file << " is exposed more than " << unit.exposure_threshold / 10 << "."
            << unit.exposure_threshold % 10 << ":\n"
            << security.output;
    }
}

TEST(SystemdUnits, KioskRunsAsTheUdevRulesGroupAndKeepsItsDevices) {
    const UnitFile unit = shipped_unit("checkin-kiosk.service");
    EXPECT_EQ(value(unit, "Service", "User"), "checkin");
    EXPECT_EQ(value(unit, "Service", "Group"), std::string(kiosk_group))
        << "the group the udev rules give devices";
    EXPECT_EQ(value(unit, "Service", "ExecStart"),
              "/usr/bin/cage -d -s -- /usr/local/bin/kiosk --config /etc/checkin/kiosk.conf");
    EXPECT_EQ(value(unit, "Service", "Restart"), "always");
    EXPECT_EQ(value(unit, "Service", "RestartSec"), "2");
    EXPECT_EQ(value(unit, "Unit", "StartLimitIntervalSec"), "0");
    const auto environment = values(unit, "Service", "Environment");
    EXPECT_NE(std::ranges::find(environment, "SDL_VIDEODRIVER=wayland"), environment.end());
    // The session on tty1 that gives cage the seat.
    EXPECT_EQ(value(unit, "Service", "PAMName"), "checkin-kiosk");
    EXPECT_EQ(value(unit, "Service", "TTYPath"), "/dev/tty1");
    EXPECT_EQ(value(unit, "Unit", "Conflicts"), "getty@tty1.service");
    EXPECT_EQ(value(unit, "Service", "SupplementaryGroups"), "video render input");
    // Hardening that leaves USB, DRM and input alone.
    EXPECT_EQ(value(unit, "Service", "ProtectSystem"), "strict");
    EXPECT_EQ(value(unit, "Service", "ReadWritePaths"), "/var/lib/checkin /run/user");
    EXPECT_EQ(value(unit, "Service", "StateDirectory"), "checkin");
    EXPECT_EQ(value(unit, "Service", "PrivateTmp"), "yes");
    EXPECT_EQ(value(unit, "Service", "NoNewPrivileges"), "yes");
    EXPECT_TRUE(values(unit, "Service", "PrivateDevices").empty()) << "would hide /dev/bus/usb and /dev/dri";
    EXPECT_TRUE(values(unit, "Service", "DevicePolicy").empty())
        << "would close the scanner and printer nodes";
    EXPECT_TRUE(values(unit, "Service", "PrivateNetwork").empty()) << "network printers and the hub";
    EXPECT_NE(value(unit, "Service", "RestrictAddressFamilies").find("AF_NETLINK"), std::string::npos)
        << "libusb's hotplug listens to udev over netlink";
    EXPECT_EQ(value(unit, "Install", "WantedBy"), "multi-user.target");
}

TEST(SystemdUnits, HubKeepsItsDatabaseInItsStateDirectory) {
    const UnitFile unit = shipped_unit("checkin-hub.service");
    EXPECT_EQ(value(unit, "Service", "ExecStart"),
              "/usr/local/bin/kiosk-hub --db /var/lib/checkin-hub/hub.db serve --listen 0.0.0.0:8470");
    EXPECT_EQ(value(unit, "Service", "DynamicUser"), "yes");
    EXPECT_EQ(value(unit, "Service", "StateDirectory"), "checkin-hub");
    EXPECT_EQ(value(unit, "Service", "Restart"), "always");
    EXPECT_EQ(value(unit, "Service", "ProtectSystem"), "strict");
    EXPECT_EQ(value(unit, "Service", "PrivateTmp"), "yes");
    EXPECT_EQ(value(unit, "Service", "PrivateDevices"), "yes");
    EXPECT_EQ(value(unit, "Service", "NoNewPrivileges"), "yes");
    EXPECT_EQ(value(unit, "Service", "CapabilityBoundingSet"), "");
    EXPECT_EQ(value(unit, "Install", "WantedBy"), "multi-user.target");
}

} // namespace
} // namespace checkin::hardware
