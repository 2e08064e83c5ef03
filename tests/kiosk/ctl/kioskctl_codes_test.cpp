// kioskctl's signed-code commands end to end: `keys new` writes a key file of its own (0600, never
// replaced) and prints the public key; `staff-code` writes a QR picture that zbarimg reads back as a
// staff code signed by that key for the mirror's event, valid until the day asked; mistakes are refused
// with their exit codes.

#include "base/signature.hpp"
#include "sync/roster/signed_code.hpp"
#include "tests/kiosk/process.hpp"

#include <fstream>
#include <gtest/gtest.h>
#include <iterator>
#include <sys/stat.h>

namespace checkin::test {
namespace {

using namespace std::chrono_literals;

std::string read_file(const std::string& path) {
    std::ifstream file(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
}

mode_t permissions_of(const std::string& path) {
    struct stat status {};
    EXPECT_EQ(::stat(path.c_str(), &status), 0);
    return status.st_mode & 07777U;
}

class KioskctlCodes : public ::testing::Test {
protected:
    void SetUp() override {
        const auto imported =
            run_kioskctl({"--db", database, "import", std::string(CHECKIN_TEST_DATA) + "/serock-roster.csv",
                          "--event-days", "2026-11-29,2026-11-30", "--event-name", "Seminarium CWD+ Serock"});
        ASSERT_EQ(imported.exit_code, 0) << imported.describe();
    }
    TemporaryDirectory directory;
    std::string database = directory.file("mirror.db");
    std::string key = directory.file("organiser.key");
};

TEST_F(KioskctlCodes, KeysNewWritesAPrivateKeyFileAndPrintsThePublicKey) {
    const auto made = run_kioskctl({"keys", "new", "--out", key});
    ASSERT_EQ(made.exit_code, 0) << made.describe();
    ASSERT_TRUE(made.out.starts_with("ed25519:"));
    ASSERT_EQ(made.out.size(), std::string("ed25519:").size() + 44 + 1); // one line
    EXPECT_EQ(permissions_of(key), 0600U);
    auto secret = base::parse_secret_key(read_file(key));
    ASSERT_TRUE(secret.has_value()) << secret.error().message;
    EXPECT_EQ(base::format_public_key(secret->public_key()) + "\n", made.out);
    EXPECT_EQ(made.out.find(read_file(key).substr(15, 20)), std::string::npos)
        << "the secret must not be printed";

    const auto again = run_kioskctl({"keys", "new", "--out", key});
    EXPECT_EQ(again.exit_code, 1) << again.describe();
    EXPECT_NE(again.err.find("exists already"), std::string::npos) << again.err;
    EXPECT_EQ(base::parse_secret_key(read_file(key))->public_key(), secret->public_key())
        << "the key was replaced";
}

TEST_F(KioskctlCodes, StaffCodeIsAQrPictureOfASignedStaffCode) {
    const auto made = run_kioskctl({"keys", "new", "--out", key});
    ASSERT_EQ(made.exit_code, 0) << made.describe();
    const std::string picture = directory.file("anna.png");
    const auto signed_code =
        run_kioskctl({"--db", database, "--date", "2026-11-28", "staff-code", "--key", key, "--name",
                      "Anna Nowak", "--expires", "2026-11-30", "--out", picture});
    ASSERT_EQ(signed_code.exit_code, 0) << signed_code.describe();
    EXPECT_NE(signed_code.out.find("staff code for Anna Nowak"), std::string::npos) << signed_code.out;
    EXPECT_EQ(permissions_of(picture), 0600U);

    const std::string scanned = read_codes_with_zbarimg(picture);
    ASSERT_TRUE(scanned.starts_with("CK1:")) << scanned;
    const sync::CodeVerifier verifier{
        {base::parse_public_key(made.out).value()}, sync::event_tag("Seminarium CWD+ Serock"), {}};
    auto verified = sync::verify_code(scanned, verifier, 2026y / 11 / 29);
    ASSERT_TRUE(verified.has_value())
        << sync::to_string(verified.error().reason) << ": " << verified.error().detail;
    EXPECT_EQ(verified->kind, sync::CodeKind::staff);
    EXPECT_EQ(verified->first_name, "Anna Nowak");
    EXPECT_EQ(verified->valid_until, 2026y / 11 / 30);
    EXPECT_TRUE(verified->delegate_code.starts_with("staff-"));
    EXPECT_EQ(sync::verify_code(scanned, verifier, 2026y / 12 / 1).error().reason,
              sync::CodeRefusal::expired);
}

TEST_F(KioskctlCodes, StaffCodeMistakesAreRefused) {
    ASSERT_EQ(run_kioskctl({"keys", "new", "--out", key}).exit_code, 0);
    const std::string picture = directory.file("code.png");
    const auto past = run_kioskctl({"--db", database, "--date", "2026-12-02", "staff-code", "--key", key,
                                    "--name", "Anna Nowak", "--expires", "2026-11-30", "--out", picture});
    EXPECT_EQ(past.exit_code, 2) << past.describe();
    EXPECT_NE(past.err.find("is in the past"), std::string::npos) << past.err;
    const auto bad_date = run_kioskctl({"--db", database, "staff-code", "--key", key, "--name", "Anna Nowak",
                                        "--expires", "30.11.2026", "--out", picture});
    EXPECT_EQ(bad_date.exit_code, 2) << bad_date.describe();
    const auto no_key = run_kioskctl({"--db", database, "staff-code", "--key", directory.file("missing.key"),
                                      "--name", "Anna Nowak", "--expires", "2099-11-30", "--out", picture});
    EXPECT_EQ(no_key.exit_code, 3) << no_key.describe();
    EXPECT_NE(no_key.err.find("kioskctl keys new"), std::string::npos) << no_key.err;
    const std::string public_key_instead = directory.file("public.key");
    std::ofstream(public_key_instead)
        << run_kioskctl({"keys", "new", "--out", directory.file("other.key")}).out;
    const auto wrong_key =
        run_kioskctl({"--db", database, "staff-code", "--key", public_key_instead, "--name", "Anna Nowak",
                      "--expires", "2099-11-30", "--out", picture});
    EXPECT_EQ(wrong_key.exit_code, 2) << wrong_key.describe();
    EXPECT_NE(wrong_key.err.find(public_key_instead + ": "), std::string::npos) << wrong_key.err;
    EXPECT_FALSE(std::filesystem::exists(picture));
}

TEST_F(KioskctlCodes, KeysAddListAndRemoveKeepTheMirrorsPublicKeys) {
    const auto first = run_kioskctl({"keys", "new", "--out", key});
    const auto second = run_kioskctl({"keys", "new", "--out", directory.file("next.key")});
    ASSERT_EQ(first.exit_code, 0) << first.describe();
    ASSERT_EQ(second.exit_code, 0) << second.describe();
    const std::string first_key = first.out.substr(0, first.out.size() - 1);
    const std::string second_key = second.out.substr(0, second.out.size() - 1);

    const auto added = run_kioskctl({"--db", database, "keys", "add", first_key});
    ASSERT_EQ(added.exit_code, 0) << added.describe();
    EXPECT_EQ(added.out, "added " + first_key + "\n");
    const auto again = run_kioskctl({"--db", database, "keys", "add", first_key});
    EXPECT_EQ(again.exit_code, 0) << again.describe();
    EXPECT_EQ(again.out, "already held: " + first_key + "\n");
    ASSERT_EQ(run_kioskctl({"--db", database, "keys", "add", second_key}).exit_code, 0);
    EXPECT_EQ(run_kioskctl({"--db", database, "keys", "list"}).out, first.out + second.out);

    const auto removed = run_kioskctl({"--db", database, "keys", "remove", first_key});
    EXPECT_EQ(removed.exit_code, 0) << removed.describe();
    EXPECT_EQ(run_kioskctl({"--db", database, "keys", "list"}).out, second.out);
    const auto not_held = run_kioskctl({"--db", database, "keys", "remove", first_key});
    EXPECT_EQ(not_held.exit_code, 1) << not_held.describe();
    EXPECT_NE(not_held.err.find("does not hold"), std::string::npos) << not_held.err;

    const auto garbage = run_kioskctl({"--db", database, "keys", "add", "ed25519:nonsense"});
    EXPECT_EQ(garbage.exit_code, 2) << garbage.describe();
    EXPECT_NE(garbage.err.find("PUBLIC is a public key"), std::string::npos) << garbage.err;
}

TEST_F(KioskctlCodes, RevokeAddsSerialsAndListsThem) {
    const auto revoked = run_kioskctl({"--db", database, "revoke", "0123456789ab", "ffffffffffff"});
    ASSERT_EQ(revoked.exit_code, 0) << revoked.describe();
    EXPECT_EQ(revoked.out, "2 serials newly revoked, 0 already were\n");
    const auto again = run_kioskctl({"--db", database, "revoke", "0123456789ab"});
    EXPECT_EQ(again.out, "0 serials newly revoked, 1 already were\n");
    EXPECT_EQ(run_kioskctl({"--db", database, "revoke"}).out, "0123456789ab\nffffffffffff\n");
    const auto wrong = run_kioskctl({"--db", database, "revoke", "12345"});
    EXPECT_EQ(wrong.exit_code, 2) << wrong.describe();
    EXPECT_NE(wrong.err.find("12 hexadecimal digits"), std::string::npos) << wrong.err;
}

} // namespace
} // namespace checkin::test
