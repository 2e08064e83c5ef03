// `kioskctl sync` end to end: the built binary against a real hub started in this test.

#include "tests/kiosk/process.hpp"
#include "tests/sync/client/sync_client_fixture.hpp"

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>

namespace checkin::sync {
namespace {

using namespace client_fixture;
using test::run_kioskctl;

// The token in a file of its own, as --token-file takes it: never on a command line, where every user of
// the machine can read it.
std::string token_file(const mirror_fixture::TempDir& directory, const std::string& token) {
    const std::string path = directory.file("token").string();
    std::ofstream(path) << token << '\n';
    return path;
}

TEST(KioskctlSync, SetsUpANewKioskFromTheHubAndUploadsItsCheckIns) {
    mirror_fixture::TempDir directory;
    TestHub hub;
    const auto token = hub.token_for("kiosk-a");
    const auto database = directory.file("kiosk-a.sqlite").string();

    const auto token_path = token_file(directory, token);
    auto first = run_kioskctl({"--db", database, "sync", "--hub", hub.url(), "--token-file", token_path});
    ASSERT_EQ(first.exit_code, 0) << first.describe();
    EXPECT_NE(first.out.find("Synced with " + hub.url() + " as kiosk-a"), std::string::npos) << first.out;
    EXPECT_NE(first.out.find("Downloaded 320 delegates and 0 events"), std::string::npos) << first.out;
    EXPECT_NE(first.out.find("Every check-in here is on the hub."), std::string::npos) << first.out;
    EXPECT_NE(first.out.find("Reported this kiosk's health to the hub (version 0.1.0;"), std::string::npos)
        << first.out;

    auto checkin = run_kioskctl(
        {"--db", database, "--date", "2026-11-29", "checkin", fixture_code(0), "--kiosk", "kiosk-a"});
    ASSERT_EQ(checkin.exit_code, 0) << checkin.describe();

    auto second =
        run_kioskctl({"--db", database, "sync", "--hub", hub.url(), "--token-file", token_path, "--json"});
    ASSERT_EQ(second.exit_code, 0) << second.describe();
    const auto report = nlohmann::json::parse(second.out);
    EXPECT_EQ(report["hub"], hub.url());
    EXPECT_EQ(report["kiosk"], "kiosk-a");
    EXPECT_EQ(report["events_pushed"], 1);
    EXPECT_EQ(report["events_acknowledged"], 1);
    EXPECT_EQ(report["events_accepted"], 1);
    EXPECT_EQ(report["duplicates"], 0);
    EXPECT_EQ(report["delegates_pulled"], 0);
    EXPECT_EQ(report["events_pulled"], 1);
    EXPECT_EQ(report["backlog"], 0);
    EXPECT_TRUE(report["durations_ms"]["total"].is_number());
    EXPECT_EQ(report["health_reported"], true);
    EXPECT_EQ(hub.statistics().checked_in, 1U);
    // What kioskctl can say of the kiosk: its version and backlog, and that it knows of no printer.
    auto kiosks = hub.store().kiosk_health();
    ASSERT_TRUE(kiosks.has_value()) << kiosks.error().message;
    ASSERT_EQ(kiosks->size(), 1U);
    EXPECT_EQ((*kiosks)[0].report.kiosk, "kiosk-a");
    EXPECT_EQ((*kiosks)[0].report.version, "0.1.0");
    EXPECT_EQ((*kiosks)[0].report.backlog, 0U);
    EXPECT_EQ((*kiosks)[0].report.printer, PrinterCondition::unknown);
    EXPECT_FALSE((*kiosks)[0].report.last_scan_at_milliseconds.has_value());
}

TEST(KioskctlSync, TakesTheTokenFromTheEnvironment) {
    mirror_fixture::TempDir directory;
    TestHub hub;
    ::setenv("CHECKIN_HUB_TOKEN", hub.token_for("kiosk-b").c_str(), 1);
    auto result =
        run_kioskctl({"--db", directory.file("kiosk-b.sqlite").string(), "sync", "--hub", hub.url()});
    ::unsetenv("CHECKIN_HUB_TOKEN");
    ASSERT_EQ(result.exit_code, 0) << result.describe();
    EXPECT_NE(result.out.find("as kiosk-b"), std::string::npos) << result.out;
}

TEST(KioskctlSync, WithoutATokenItSaysWhereToGetOne) {
    mirror_fixture::TempDir directory;
    TestHub hub;
    ::unsetenv("CHECKIN_HUB_TOKEN");
    auto result = run_kioskctl({"--db", directory.file("kiosk.sqlite").string(), "sync", "--hub", hub.url()});
    EXPECT_EQ(result.exit_code, 2) << result.describe();
    EXPECT_NE(result.err.find("CHECKIN_HUB_TOKEN"), std::string::npos) << result.err;
    EXPECT_NE(result.err.find("kiosk-hub token new"), std::string::npos) << result.err;
}

TEST(KioskctlSync, AWrongTokenFailsWithExitOne) {
    mirror_fixture::TempDir directory;
    TestHub hub;
    auto result = run_kioskctl({"--db", directory.file("kiosk.sqlite").string(), "sync", "--hub", hub.url(),
                                "--token-file", token_file(directory, "wrong-token")});
    EXPECT_EQ(result.exit_code, 1) << result.describe();
    EXPECT_NE(result.err.find("the hub refused this kiosk's token — make a new one with kiosk-hub token new"),
              std::string::npos)
        << result.err;
}

TEST(KioskctlSync, AnUnreachableHubFailsWithExitOneAndKeepsTheCheckIns) {
    mirror_fixture::TempDir directory;
    TestHub hub;
    TestKiosk kiosk(hub, "kiosk-a", true, directory);
    kiosk.check_in(fixture_code(0), utc_milliseconds(first_day, 9, 0));
    kiosk.close();
    hub.stop();
    const auto token_path = token_file(directory, kiosk.token());
    auto result =
        run_kioskctl({"--db", kiosk.path().string(), "sync", "--hub", hub.url(), "--token-file", token_path});
    EXPECT_EQ(result.exit_code, 1) << result.describe();
    EXPECT_NE(result.err.find("failed: offline"), std::string::npos) << result.err;
    EXPECT_NE(result.err.find("Nothing is lost: 1 event waits here for the next sync."), std::string::npos)
        << result.err;

    hub.start();
    auto again =
        run_kioskctl({"--db", kiosk.path().string(), "sync", "--hub", hub.url(), "--token-file", token_path});
    EXPECT_EQ(again.exit_code, 0) << again.describe();
    EXPECT_NE(again.out.find("Uploaded 1 event (1 new to the hub, 0 it already had)"), std::string::npos)
        << again.out;
    EXPECT_EQ(hub.statistics().events, 1U);
}

TEST(KioskctlSync, ABadAddressIsAUsageError) {
    mirror_fixture::TempDir directory;
    auto result = run_kioskctl({"--db", directory.file("kiosk.sqlite").string(), "sync", "--hub",
                                "hub.local:8080", "--token-file", token_file(directory, "t")});
    EXPECT_EQ(result.exit_code, 2) << result.describe();
    EXPECT_NE(result.err.find("is not an http:// or https:// address"), std::string::npos) << result.err;
}

TEST(KioskctlSync, SyncsWithAnHttpsHubByItsPinAndSendsNothingToAnother) {
    mirror_fixture::TempDir directory;
    TestHub hub(true, true);
    ASSERT_TRUE(hub.url().starts_with("https://")) << hub.url();
    TestKiosk kiosk(hub, "kiosk-a", true, directory);
    kiosk.check_in(fixture_code(0), utc_milliseconds(first_day, 9, 0));
    kiosk.close();
    const auto token_path = token_file(directory, kiosk.token());

    const std::string impostor_pin = "sha256//" + std::string(43, 'A') + "=";
    auto refused = run_kioskctl({"--db", kiosk.path().string(), "sync", "--hub", hub.url(), "--pin",
                                 impostor_pin, "--token-file", token_path});
    EXPECT_EQ(refused.exit_code, 1) << refused.describe();
    EXPECT_NE(refused.err.find("pin"), std::string::npos) << refused.err;
    EXPECT_EQ(hub.statistics().events, 0U) << "nothing may reach a hub whose key is not the pinned one";

    auto no_pin =
        run_kioskctl({"--db", kiosk.path().string(), "sync", "--hub", hub.url(), "--token-file", token_path});
    EXPECT_EQ(no_pin.exit_code, 2) << no_pin.describe();

    auto synced = run_kioskctl({"--db", kiosk.path().string(), "sync", "--hub", hub.url(), "--pin", hub.pin(),
                                "--token-file", token_path});
    EXPECT_EQ(synced.exit_code, 0) << synced.describe();
    EXPECT_EQ(hub.statistics().events, 1U);
}

TEST(KioskctlSync, TheTokenIsNeverTakenFromTheCommandLine) {
    mirror_fixture::TempDir directory;
    TestHub hub;
    auto result = run_kioskctl({"--db", directory.file("kiosk.sqlite").string(), "sync", "--hub", hub.url(),
                                "--token", hub.token_for("kiosk-a")});
    EXPECT_EQ(result.exit_code, 2) << result.describe();
    auto unreadable = run_kioskctl({"--db", directory.file("kiosk.sqlite").string(), "sync", "--hub",
                                    hub.url(), "--token-file", directory.file("missing-token").string()});
    EXPECT_EQ(unreadable.exit_code, 3) << unreadable.describe();
    EXPECT_NE(unreadable.err.find("cannot read the token from"), std::string::npos) << unreadable.err;
}

} // namespace
} // namespace checkin::sync
