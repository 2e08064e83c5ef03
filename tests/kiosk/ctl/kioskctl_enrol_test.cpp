// What `kioskctl enrol` keeps beside the mirror (sync/client/enrolled_hub.hpp), and how `kioskctl sync`
// and `kioskctl enrol` refuse without a hub: the file's parser with limits and random damage, and the
// real binary's exit codes. The exchange with a real hub is tests/sync/hub/enrol_e2e_test.cpp.

#include "sync/client/enrolled_hub.hpp"
#include "tests/kiosk/process.hpp"
#include "tests/sync/mirror/mirror_fixture.hpp"

#include <fstream>
#include <gtest/gtest.h>
#include <random>
#include <string>

namespace checkin::sync {
namespace {

const std::string pin = "sha256//" + std::string(43, 'Q') + "=";

TEST(EnrolledHub, RoundTripsAndRefusesWhatIsNotItsForm) {
    const EnrolledHub hub{"https://192.168.1.20:8470", pin};
    auto decoded = decode_enrolled_hub(encode_enrolled_hub(hub));
    ASSERT_TRUE(decoded.has_value()) << decoded.error().message;
    EXPECT_EQ(*decoded, hub);

    EXPECT_FALSE(decode_enrolled_hub("").has_value());
    EXPECT_FALSE(decode_enrolled_hub("hub_url https://a:1\n").has_value());
    EXPECT_FALSE(decode_enrolled_hub("hub_url https://a:1\nhub_pin nonsense\n").has_value());
    auto stray = decode_enrolled_hub("hub_url https://a:1\ntoken abc\nhub_pin " + pin + "\n");
    ASSERT_FALSE(stray.has_value());
    EXPECT_EQ(stray.error().line, 2U);
    auto long_file = decode_enrolled_hub(std::string(enrolled_hub_maximum_bytes + 1, 'x'));
    ASSERT_FALSE(long_file.has_value());
    EXPECT_NE(long_file.error().message.find("at most"), std::string::npos);
}

// Robustness: damaged files are refused with a reason or read back consistently, never anything else.
TEST(EnrolledHub, RandomDamageIsRefusedWithAReasonOrReadsBackTheSame) {
    std::mt19937 random(20261205);
    const std::string good = encode_enrolled_hub(EnrolledHub{"https://hub.local:8470", pin});
    for (int round = 0; round < 2000; ++round) {
        std::string text = good;
        const int mutations = 1 + static_cast<int>(random() % 8);
        for (int mutation = 0; mutation < mutations; ++mutation) {
            const auto position = random() % (text.size() + 1);
            if (random() % 2 == 0) {
                text.insert(position, 1, static_cast<char>(random() % 256));
            } else if (position < text.size()) {
                text[position] = static_cast<char>(random() % 256);
            }
        }
        auto decoded = decode_enrolled_hub(text);
        if (!decoded) {
            EXPECT_FALSE(decoded.error().message.empty());
            continue;
        }
        EXPECT_EQ(decode_enrolled_hub(encode_enrolled_hub(*decoded)).value_or(EnrolledHub{}), *decoded);
    }
}

TEST(EnrolledHub, LivesBesideTheMirror) {
    EXPECT_EQ(enrolled_hub_path("/var/lib/checkin/kiosk.sqlite"), "/var/lib/checkin/kiosk.sqlite.hub");
    EXPECT_EQ(enrolled_token_path("/var/lib/checkin/kiosk.sqlite"),
              "/var/lib/checkin/kiosk.sqlite.hub-token");
}

TEST(KioskctlEnrol, SyncWithoutAHubOrAnEnrolmentSaysHowToGetOne) {
    mirror_fixture::TempDir directory;
    auto result = test::run_kioskctl({"--db", directory.file("kiosk.sqlite").string(), "sync"});
    EXPECT_EQ(result.exit_code, 2) << result.describe();
    EXPECT_NE(result.err.find("enrol"), std::string::npos) << result.err;
}

TEST(KioskctlEnrol, ADamagedHubFileIsAUsageErrorNamingTheFile) {
    mirror_fixture::TempDir directory;
    const auto mirror = directory.file("kiosk.sqlite").string();
    std::ofstream(mirror + ".hub") << "hub_url https://hub.local:8470\n";
    auto result = test::run_kioskctl({"--db", mirror, "sync"});
    EXPECT_EQ(result.exit_code, 2) << result.describe();
    EXPECT_NE(result.err.find(".hub: "), std::string::npos) << result.err;
}

TEST(KioskctlEnrol, ACodeThatIsNotOneIsAUsageError) {
    mirror_fixture::TempDir directory;
    for (const std::string& code :
         {std::string(), std::string("hello"), std::string("CHECKIN-ENROL 1"), std::string(5000, 'C')}) {
        auto result = test::run_kioskctl({"--db", directory.file("kiosk.sqlite").string(), "enrol", code});
        EXPECT_EQ(result.exit_code, 2) << result.describe();
        EXPECT_FALSE(std::filesystem::exists(directory.file("kiosk.sqlite.hub")));
    }
}

} // namespace
} // namespace checkin::sync
