// Enrolment by QR end to end: kiosk-hub itself serving HTTPS on loopback, `kiosk-hub enrol` printing the
// code, and the kioskctl binary exchanging it and then syncing with what it kept.

#include "base/text.hpp"
#include "sync/protocol/enrolment.hpp"
#include "tests/kiosk/process.hpp"
#include "tests/sync/hub/hub_process.hpp"
#include "tests/sync/hub/pinned_https.hpp"

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <string>
#include <thread>

namespace checkin::sync {
namespace {

using namespace hub_process;
using test::run_kioskctl;

class EnrolEndToEndTest : public testing::Test {
protected:
    void SetUp() override {
        const auto made = run_hub(directory, {"--db", database, "cert", "new", "--host", "127.0.0.1"});
        ASSERT_EQ(made.exit_code, 0) << made.errors;
        pin = std::string(base::trim(made.output));
        port = free_port();
        ASSERT_GT(port, 0);
        serving = spawn_hub({"--db", database, "serve", "--listen", fmt::format("127.0.0.1:{}", port)},
                            directory.file("serve-stdout.txt"), serve_errors);
        ASSERT_GT(serving, 0);
        // Asked until it answers (a 401 for no token): the process needs a moment to open the file and bind.
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        while (pinned_health(port, "none", pin).code != CURLE_OK) {
            ASSERT_LT(std::chrono::steady_clock::now(), deadline)
                << "kiosk-hub did not answer: " << read_file(serve_errors);
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
    }
    void TearDown() override {
        if (serving > 0) {
            ::kill(serving, SIGTERM);
            EXPECT_EQ(wait_for_exit(serving), 0);
        }
    }

    // The code's line, as `kiosk-hub enrol` prints it last on standard output.
    std::string enrolment_code(const std::string& kiosk) {
        const auto made = run_hub(directory, {"--db", database, "enrol", "--kiosk", kiosk, "--url",
                                              fmt::format("https://127.0.0.1:{}", port)});
        EXPECT_EQ(made.exit_code, 0) << made.errors;
        EXPECT_NE(made.errors.find("valid 15 minutes, for one use"), std::string::npos) << made.errors;
        const std::string_view output = base::trim(made.output);
        return std::string(output.substr(output.rfind('\n') + 1));
    }

    TempDir directory;
    std::string database = directory.file("hub.db").string();
    std::filesystem::path serve_errors = directory.file("serve-stderr.txt");
    std::string pin;
    int port = 0;
    pid_t serving = -1;
};

TEST_F(EnrolEndToEndTest, AnEnrolledKioskSyncsWithWhatItKeptAndTheCodeServesOnce) {
    const std::string code = enrolment_code("kiosk-4");
    auto payload = decode_enrolment_payload(code);
    ASSERT_TRUE(payload.has_value()) << payload.error().message;
    EXPECT_EQ(payload->pin, pin);

    const auto mirror = directory.file("kiosk-4.sqlite").string();
    auto enrolled = run_kioskctl({"--db", mirror, "enrol", code});
    ASSERT_EQ(enrolled.exit_code, 0) << enrolled.describe();
    EXPECT_NE(enrolled.out.find("Enrolled as kiosk-4"), std::string::npos) << enrolled.out;
    const auto token_file = std::filesystem::path(mirror + ".hub-token");
    ASSERT_TRUE(std::filesystem::exists(token_file));
    EXPECT_EQ(std::filesystem::status(token_file).permissions() & std::filesystem::perms::all,
              std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);

    auto synced = run_kioskctl({"--db", mirror, "sync"});
    ASSERT_EQ(synced.exit_code, 0) << synced.describe();
    EXPECT_NE(synced.out.find(fmt::format("Synced with https://127.0.0.1:{} as kiosk-4", port)),
              std::string::npos)
        << synced.out;

    auto again = run_kioskctl({"--db", directory.file("other.sqlite").string(), "enrol", code});
    EXPECT_EQ(again.exit_code, 1) << again.describe();
    EXPECT_NE(again.err.find("already used or older than 15 minutes"), std::string::npos) << again.err;
    EXPECT_EQ(again.err.find(payload->secret), std::string::npos) << again.err;
    EXPECT_FALSE(std::filesystem::exists(directory.file("other.sqlite.hub-token")));

    // The hub's log names the route and the reason, never the secret or the token.
    ::kill(serving, SIGTERM);
    EXPECT_EQ(wait_for_exit(serving), 0);
    serving = -1;
    const auto log = read_file(serve_errors);
    EXPECT_NE(log.find("POST /api/v1/enrol 200"), std::string::npos) << log;
    EXPECT_NE(log.find("POST /api/v1/enrol 403"), std::string::npos) << log;
    EXPECT_EQ(log.find(payload->secret), std::string::npos) << log;
}

TEST_F(EnrolEndToEndTest, AWrongPinSendsNothingAndLeavesTheCodeUsable) {
    const std::string code = enrolment_code("kiosk-5");
    auto payload = decode_enrolment_payload(code);
    ASSERT_TRUE(payload.has_value()) << payload.error().message;
    EnrolmentPayload impostor = *payload;
    impostor.pin = "sha256//" + std::string(43, 'A') + "=";
    const auto mirror = directory.file("kiosk-5.sqlite").string();
    auto refused = run_kioskctl({"--db", mirror, "enrol", encode_enrolment_payload(impostor)});
    EXPECT_EQ(refused.exit_code, 1) << refused.describe();
    EXPECT_NE(refused.err.find("pin"), std::string::npos) << refused.err;
    EXPECT_FALSE(std::filesystem::exists(mirror + ".hub-token"));

    // The secret never reached the hub: the right code still works.
    auto enrolled = run_kioskctl({"--db", mirror, "enrol", code});
    EXPECT_EQ(enrolled.exit_code, 0) << enrolled.describe();
}

TEST_F(EnrolEndToEndTest, AMalformedCodeIsAUsageErrorThatDoesNotRepeatIt) {
    const std::string code = enrolment_code("kiosk-6");
    const std::string cut = code.substr(0, code.size() - 5);
    auto refused = run_kioskctl({"--db", directory.file("kiosk-6.sqlite").string(), "enrol", cut});
    EXPECT_EQ(refused.exit_code, 2) << refused.describe();
    EXPECT_NE(refused.err.find("the code may be cut short"), std::string::npos) << refused.err;
    EXPECT_EQ(refused.err.find(cut.substr(cut.rfind(' ') + 1)), std::string::npos) << refused.err;
}

TEST_F(EnrolEndToEndTest, EnrolIsRefusedBeforeTheHubHasACertificate) {
    TempDir other;
    const auto made = run_hub(other, {"--db", other.file("hub.db").string(), "enrol", "--kiosk", "kiosk-7"});
    EXPECT_EQ(made.exit_code, 1);
    EXPECT_NE(made.errors.find("cert new"), std::string::npos) << made.errors;
    EXPECT_EQ(made.output, "");
}

} // namespace
} // namespace checkin::sync
