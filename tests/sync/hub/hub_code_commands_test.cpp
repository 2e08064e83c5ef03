// kiosk-hub's signed-code commands run as a process: keys add, list and remove; revoke by serial and from
// the revoked-serials.txt `kioskctl invitations` writes; mistakes refused with their exit codes and
// nothing half done.

#include "base/signature.hpp"
#include "tests/kiosk/process.hpp"
#include "tests/sync/mirror/mirror_fixture.hpp"

#include <fstream>
#include <gtest/gtest.h>

namespace checkin::sync {
namespace {

using mirror_fixture::TempDir;

test::ProcessResult run_hub(std::vector<std::string> arguments) {
    arguments.insert(arguments.begin(), std::string(CHECKIN_BIN_DIR) + "/kiosk-hub");
    return test::run_process(arguments);
}

std::string new_public_key() {
    return base::format_public_key(base::generate_secret_key().public_key());
}

TEST(HubCodeCommands, KeysAreAddedListedAndRemoved) {
    TempDir directory;
    const std::string database = directory.file("hub.db").string();
    const std::string first = new_public_key();
    const std::string second = new_public_key();
    const auto added = run_hub({"--db", database, "keys", "add", first});
    ASSERT_EQ(added.exit_code, 0) << added.describe();
    EXPECT_NE(added.out.find("added " + first), std::string::npos) << added.out;
    EXPECT_EQ(run_hub({"--db", database, "keys", "add", second}).exit_code, 0);
    const auto again = run_hub({"--db", database, "keys", "add", first});
    EXPECT_EQ(again.exit_code, 0);
    EXPECT_NE(again.out.find("already held: " + first), std::string::npos) << again.out;
    EXPECT_EQ(run_hub({"--db", database, "keys", "list"}).out, first + "\n" + second + "\n");

    const auto removed = run_hub({"--db", database, "keys", "remove", first});
    EXPECT_EQ(removed.exit_code, 0) << removed.describe();
    EXPECT_EQ(run_hub({"--db", database, "keys", "list"}).out, second + "\n");
    const auto not_held = run_hub({"--db", database, "keys", "remove", first});
    EXPECT_EQ(not_held.exit_code, 1) << not_held.describe();
    EXPECT_NE(not_held.err.find("does not hold"), std::string::npos) << not_held.err;

    const auto malformed = run_hub({"--db", database, "keys", "add", "ed25519:short"});
    EXPECT_EQ(malformed.exit_code, 2) << malformed.describe();
    EXPECT_NE(malformed.err.find("kioskctl keys new"), std::string::npos) << malformed.err;
}

TEST(HubCodeCommands, SerialsAreRevokedFromArgumentsAndFromInvitationsFile) {
    TempDir directory;
    const std::string database = directory.file("hub.db").string();
    const auto revoked = run_hub({"--db", database, "revoke", "0123456789ab"});
    ASSERT_EQ(revoked.exit_code, 0) << revoked.describe();
    EXPECT_NE(revoked.out.find("1 serials newly revoked, 0 already were"), std::string::npos) << revoked.out;

    const std::string file = directory.file("revoked-serials.txt").string();
    std::ofstream(file) << "# from kioskctl invitations\n0123456789ab\n\nffffffffffff\n";
    const auto from_file = run_hub({"--db", database, "revoke", "--file", file});
    ASSERT_EQ(from_file.exit_code, 0) << from_file.describe();
    EXPECT_NE(from_file.out.find("1 serials newly revoked, 1 already were"), std::string::npos)
        << from_file.out;
    EXPECT_EQ(run_hub({"--db", database, "revoke"}).out, "0123456789ab\nffffffffffff\n");

    // A bad line anywhere: nothing from the file is revoked, and the line is named.
    std::ofstream(file) << "aaaaaaaaaaaa\nAAAAAAAAAAAA\n";
    const auto bad_line = run_hub({"--db", database, "revoke", "--file", file});
    EXPECT_EQ(bad_line.exit_code, 2) << bad_line.describe();
    EXPECT_NE(bad_line.err.find(file + ":2: not a serial"), std::string::npos) << bad_line.err;
    const auto bad_argument = run_hub({"--db", database, "revoke", "bbbbbbbbbbbb", "12345"});
    EXPECT_EQ(bad_argument.exit_code, 2) << bad_argument.describe();
    EXPECT_EQ(run_hub({"--db", database, "revoke"}).out, "0123456789ab\nffffffffffff\n")
        << "nothing half done";
    const auto missing = run_hub({"--db", database, "revoke", "--file", directory.file("none.txt").string()});
    EXPECT_EQ(missing.exit_code, 2) << missing.describe();
}

} // namespace
} // namespace checkin::sync
