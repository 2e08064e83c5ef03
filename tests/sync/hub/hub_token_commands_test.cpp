// kiosk-hub's token commands run as a process: new with a role and a last day, list without secrets,
// revoke by name.

#include "base/digest.hpp"
#include "sync/hub/sqlite_hub_store.hpp"
#include "tests/kiosk/process.hpp"
#include "tests/sync/mirror/mirror_fixture.hpp"

#include <algorithm>
#include <gtest/gtest.h>

namespace checkin::sync {
namespace {

using mirror_fixture::TempDir;

test::ProcessResult run_hub(std::vector<std::string> arguments) {
    arguments.insert(arguments.begin(), std::string(CHECKIN_BIN_DIR) + "/kiosk-hub");
    return test::run_process(arguments);
}

std::size_t lines_in(const std::string& text) {
    return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

TEST(HubTokenCommands, MakeListAndRevokeTokensWithoutEverShowingASecret) {
    TempDir directory;
    const std::string database = directory.file("hub.db").string();
    const auto kiosk = run_hub({"--db", database, "token", "new", "--kiosk", "kiosk-1"});
    ASSERT_EQ(kiosk.exit_code, 0) << kiosk.describe();
    const auto screen = run_hub({"--db", database, "token", "new", "--kiosk", "screen", "--role", "dashboard",
                                 "--expires", "2030-12-01"});
    ASSERT_EQ(screen.exit_code, 0) << screen.describe();
    ASSERT_EQ(kiosk.out.size(), 65U) << "one line: the token";
    const std::string kiosk_token = kiosk.out.substr(0, 64);
    const std::string screen_token = screen.out.substr(0, 64);

    const auto listed = run_hub({"--db", database, "token", "list"});
    ASSERT_EQ(listed.exit_code, 0) << listed.describe();
    EXPECT_EQ(lines_in(listed.out), 2U) << listed.out;
    EXPECT_NE(listed.out.find("kiosk-1  kiosk  event-1  created "), std::string::npos) << listed.out;
    EXPECT_NE(listed.out.find("never expires  not revoked"), std::string::npos) << listed.out;
    EXPECT_NE(listed.out.find("screen  dashboard  event-1  created "), std::string::npos) << listed.out;
    EXPECT_NE(listed.out.find("valid through 2030-12-01  not revoked"), std::string::npos) << listed.out;
    EXPECT_EQ(listed.out.find(kiosk_token), std::string::npos);
    EXPECT_EQ(listed.out.find(screen_token), std::string::npos);
    EXPECT_EQ(listed.out.find(base::sha256_hex(kiosk_token)), std::string::npos) << "nor its digest";

    const auto revoked = run_hub({"--db", database, "token", "revoke", "kiosk-1"});
    ASSERT_EQ(revoked.exit_code, 0) << revoked.describe();
    EXPECT_EQ(revoked.out, "Revoked 1 token of kiosk-1.\n");
    const auto again = run_hub({"--db", database, "token", "revoke", "kiosk-1"});
    EXPECT_EQ(again.exit_code, 1) << again.describe();
    EXPECT_NE(again.err.find("no token to revoke for that name"), std::string::npos) << again.err;
    const auto relisted = run_hub({"--db", database, "token", "list"});
    EXPECT_NE(relisted.out.find("never expires  revoked "), std::string::npos) << relisted.out;

    auto store = SqliteHubStore::open(database);
    ASSERT_TRUE(store.has_value()) << store.error().message;
    EXPECT_EQ((*store)->token_holder(kiosk_token).value_or(TokenHolder{}), std::nullopt);
    EXPECT_EQ((*store)->token_holder(screen_token).value_or(std::nullopt),
              std::optional<TokenHolder>(TokenHolder{"screen", TokenRole::dashboard}));
}

TEST(HubTokenCommands, ABadRoleOrDayIsAUsageError) {
    TempDir directory;
    const std::string database = directory.file("hub.db").string();
    EXPECT_EQ(run_hub({"--db", database, "token", "new", "--kiosk", "k", "--role", "admin"}).exit_code, 2);
    const auto bad_day =
        run_hub({"--db", database, "token", "new", "--kiosk", "k", "--expires", "1.12.2026"});
    EXPECT_EQ(bad_day.exit_code, 2) << bad_day.describe();
    EXPECT_NE(bad_day.err.find("write it as YYYY-MM-DD"), std::string::npos) << bad_day.err;
    EXPECT_EQ(run_hub({"--db", database, "token", "revoke"}).exit_code, 2);
    const auto empty = run_hub({"--db", database, "token", "list"});
    EXPECT_EQ(empty.exit_code, 0) << empty.describe();
    EXPECT_NE(empty.out.find("No tokens"), std::string::npos) << empty.out;
}

} // namespace
} // namespace checkin::sync
