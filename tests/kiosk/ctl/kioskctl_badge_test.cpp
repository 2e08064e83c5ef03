// End-to-end tests of `kioskctl badge`: the real binary on a mirror imported from the Serock fixture,
// checking the files it writes byte by byte (PNG header, Brother QL job framing and print information,
// ZPL commands), the QR code read back with zbarimg, and the exit codes of every refusal.

#include "tests/kiosk/process.hpp"

#include <array>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

namespace checkin::test {
namespace {

const std::string fixture_code = "CWD-ZPZXSWG7"; // Barbara Sikora, first row of the fixture

std::string read_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    EXPECT_TRUE(in.is_open()) << "cannot read " << path;
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::uint8_t byte_at(const std::string& bytes, std::size_t index) {
    return static_cast<std::uint8_t>(bytes.at(index));
}

std::uint32_t big_endian_32(const std::string& bytes, std::size_t offset) {
    std::uint32_t value = 0;
    for (std::size_t index = 0; index < 4; ++index) {
        value = (value << 8) | byte_at(bytes, offset + index);
    }
    return value;
}

class KioskctlBadge : public ::testing::Test {
protected:
    void SetUp() override {
        const auto imported =
            run_kioskctl({"--db", database, "import", std::string(CHECKIN_TEST_DATA) + "/serock-roster.csv",
                          "--event-days", "2026-11-29,2026-11-30", "--event-name", "Seminarium CWD+ Serock"});
        ASSERT_EQ(imported.exit_code, 0) << imported.describe();
    }

    ProcessResult badge(std::vector<std::string> arguments) {
        arguments.insert(arguments.begin(), {"--db", database, "badge"});
        return run_kioskctl(arguments);
    }

    TemporaryDirectory directory;
    std::string database = directory.file("mirror.db");
};

TEST_F(KioskctlBadge, ListNamesModelsMediaAndTemplates) {
    const auto result = run_kioskctl({"badge", "--list"}); // needs no mirror
    ASSERT_EQ(result.exit_code, 0) << result.describe();
    for (const char* name : {"ql-820nwb", "ql-570", "62x100", "62red", "4x3", "ql-62x100",
                             "ql-62-continuous-100", "ql-62red-100", "zpl-4x3-203dpi"}) {
        EXPECT_NE(result.out.find(name), std::string::npos) << name << " missing from\n" << result.out;
    }
}

TEST_F(KioskctlBadge, PngIsTheTemplateSizeAndCarriesTheCode) {
    const auto path = directory.file("badge.png");
    const auto result = badge({fixture_code, "--out", path}); // defaults: ql-820nwb, 62x100, png
    ASSERT_EQ(result.exit_code, 0) << result.describe();
    EXPECT_FALSE(std::filesystem::exists(path + ".partial"));
    const auto bytes = read_bytes(path);
    ASSERT_GT(bytes.size(), 33u);
    EXPECT_EQ(bytes.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
    EXPECT_EQ(bytes.substr(12, 4), "IHDR");
    EXPECT_EQ(big_endian_32(bytes, 16), 696u);
    EXPECT_EQ(big_endian_32(bytes, 20), 1109u);
    EXPECT_EQ(read_codes_with_zbarimg(path), fixture_code);
}

TEST_F(KioskctlBadge, QlJobIsFramedAndSaysDieCut62x100) {
    const auto path = directory.file("badge.ql");
    const auto result =
        badge({fixture_code, "--model", "ql-820nwb", "--media", "62x100", "--format", "ql", "--out", path});
    ASSERT_EQ(result.exit_code, 0) << result.describe();
    const auto bytes = read_bytes(path);
    ASSERT_GT(bytes.size(), 210u);
    EXPECT_EQ(bytes.substr(0, 200), std::string(200, '\0'));
    EXPECT_EQ(byte_at(bytes, 200), 0x1B);
    EXPECT_EQ(byte_at(bytes, 201), 0x40);
    EXPECT_EQ(byte_at(bytes, bytes.size() - 1), 0x1A);
    const auto info = bytes.find("\x1b\x69\x7a");
    ASSERT_NE(info, std::string::npos);
    ASSERT_GT(bytes.size(), info + 7);
    EXPECT_EQ(byte_at(bytes, info + 4), 0x0B); // die-cut
    EXPECT_EQ(byte_at(bytes, info + 5), 62);
    EXPECT_EQ(byte_at(bytes, info + 6), 100);
}

TEST_F(KioskctlBadge, ZplLabelIsFourByThreeInchesAt203Dpi) {
    const auto path = directory.file("badge.zpl");
    const auto result = badge({fixture_code, "--format", "zpl", "--media", "4x3", "--out", path});
    ASSERT_EQ(result.exit_code, 0) << result.describe();
    const auto text = read_bytes(path);
    EXPECT_NE(text.find("^PW812"), std::string::npos);
    EXPECT_NE(text.find("^LL609"), std::string::npos);
    EXPECT_NE(text.find("^GFA"), std::string::npos);
}

TEST_F(KioskctlBadge, OtherMediaPickTheirTemplates) {
    for (const char* media : {"62", "62red"}) {
        SCOPED_TRACE(media);
        const auto path = directory.file(std::string("badge-") + media + ".ql");
        const auto result = badge({fixture_code, "--media", media, "--format", "ql", "--out", path});
        ASSERT_EQ(result.exit_code, 0) << result.describe();
        const auto bytes = read_bytes(path);
        const auto info = bytes.find("\x1b\x69\x7a");
        ASSERT_NE(info, std::string::npos);
        EXPECT_EQ(byte_at(bytes, info + 4), 0x0A); // continuous
    }
}

TEST_F(KioskctlBadge, RefusalsExitWithTheirCodes) {
    const auto out = directory.file("refused.png");
    struct Case {
        std::vector<std::string> arguments;
        int exit_code;
        std::string message; // part of what stderr must say
    };
    const std::vector<Case> cases = {
        {{"CWD-NOSUCHONE", "--out", out}, 1, "CWD-NOSUCHONE"},
        {{fixture_code, "--model", "ql-570", "--media", "62red", "--out", out}, 2, "ql-570"},
        {{fixture_code, "--model", "ql-9999", "--out", out}, 2, "ql-9999"},
        {{fixture_code, "--format", "pdf", "--out", out}, 2, "pdf"},
        {{fixture_code, "--media", "99x99", "--out", out}, 2, "99x99"},
        {{fixture_code, "--format", "ql", "--media", "4x3", "--out", out}, 2, "4x3"},
        {{fixture_code}, 2, "--out"},
        {{fixture_code, "--out", directory.file("missing/badge.png")}, 3, "missing"},
    };
    for (const auto& item : cases) {
        std::string joined;
        for (const auto& argument : item.arguments) {
            joined += argument + ' ';
        }
        SCOPED_TRACE(joined);
        const auto result = badge(item.arguments);
        EXPECT_EQ(result.exit_code, item.exit_code) << result.describe();
        EXPECT_NE(result.err.find(item.message), std::string::npos) << result.describe();
    }
    EXPECT_FALSE(std::filesystem::exists(out));
    const auto mismatch = badge({fixture_code, "--model", "ql-570", "--media", "62red", "--out", out});
    EXPECT_NE(mismatch.err.find("62red"), std::string::npos) << mismatch.describe();
}

TEST_F(KioskctlBadge, HelpDescribesTheCommand) {
    const auto result = run_kioskctl({"badge", "--help"});
    EXPECT_EQ(result.exit_code, 0) << result.describe();
    for (const char* text : {"--model", "--media", "--format", "--out", "--list", "62red", "zpl", "png"}) {
        EXPECT_NE(result.out.find(text), std::string::npos) << text << " missing from\n" << result.out;
    }
    const auto top = run_kioskctl({"--help"});
    EXPECT_EQ(top.exit_code, 0) << top.describe();
    EXPECT_NE(top.out.find("Exit codes: 0 ok, 1 not found or refused, 2 bad input or usage, 3"),
              std::string::npos)
        << top.out;
    EXPECT_NE(top.out.find("badge"), std::string::npos) << top.out;
}

} // namespace
} // namespace checkin::test
