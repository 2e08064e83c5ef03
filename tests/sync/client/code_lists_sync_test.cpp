// The signed codes' keys and revocations travel from the hub to the kiosks (issue 14): a serial revoked on
// the hub is refused by every kiosk after its next round; keys rotate through the hub (a new key admits, a
// removed one no longer does), while a key added on the kiosk itself stays.

#include "sync/roster/signed_code.hpp"
#include "tests/sync/client/sync_client_fixture.hpp"

#include <gtest/gtest.h>

namespace checkin::sync {
namespace {

using namespace client_fixture;
using mirror_fixture::TempDir;

SignedCodeContent invitation_with(std::string serial) {
    SignedCodeContent content;
    content.kind = CodeKind::invitation;
    content.event_tag = event_tag(serock_event().name);
    content.serial = std::move(serial);
    content.delegate_code = fixture_code(0);
    content.days = serock_event().days;
    content.valid_until = serock_event().days.back();
    content.first_name = "Anna";
    content.last_name = "Nowak";
    return content;
}

// How the kiosk's controller judges a scan: the mirror's keys and revocations.
std::expected<SignedCodeContent, CodeRejection> verify_at(Mirror& mirror, const std::string& code) {
    const CodeVerifier verifier{mirror.code_keys().value(), event_tag(serock_event().name),
                                mirror.revoked_serials().value()};
    return verify_code(code, verifier, first_day);
}

std::string signed_with(const base::SecretKey& key, const std::string& serial) {
    return sign_code(invitation_with(serial), key).value();
}

TEST(CodeListsSync, ASerialRevokedOnTheHubIsRefusedByTheKioskAfterItsNextRound) {
    TempDir directory;
    TestHub hub;
    TestKiosk kiosk(hub, "kiosk-a", true, directory);
    const base::SecretKey organiser = base::generate_secret_key();
    ASSERT_TRUE(hub.store().add_code_key(base::format_public_key(organiser.public_key())).value());
    const std::string lost = signed_with(organiser, "0123456789ab");
    const std::string kept = signed_with(organiser, "ba9876543210");
    EXPECT_EQ(verify_at(kiosk.mirror(), lost).error().reason, CodeRefusal::unknown_key) << "before any sync";

    auto report = kiosk.synced();
    EXPECT_EQ(report.code_keys, 1U);
    EXPECT_EQ(report.serials_revoked, 0U);
    EXPECT_TRUE(verify_at(kiosk.mirror(), lost).has_value());

    ASSERT_EQ(hub.store().revoke_serials({"0123456789ab"}).value(), 1U);
    report = kiosk.synced();
    EXPECT_EQ(report.serials_revoked, 1U);
    auto refused = verify_at(kiosk.mirror(), lost);
    ASSERT_FALSE(refused.has_value());
    EXPECT_EQ(refused.error().reason, CodeRefusal::revoked);
    EXPECT_TRUE(verify_at(kiosk.mirror(), kept).has_value());
    EXPECT_EQ(kiosk.synced().serials_revoked, 0U) << "a revocation arrives once";
}

TEST(CodeListsSync, KeysRotateThroughTheHubAndAKioskOwnKeyStays) {
    TempDir directory;
    TestHub hub;
    TestKiosk kiosk(hub, "kiosk-a", true, directory);
    const base::SecretKey old_key = base::generate_secret_key();
    const base::SecretKey new_key = base::generate_secret_key();
    const base::SecretKey kiosk_own = base::generate_secret_key();
    ASSERT_TRUE(hub.store().add_code_key(base::format_public_key(old_key.public_key())).value());
    ASSERT_TRUE(kiosk.mirror().add_code_key(kiosk_own.public_key(), 1).value());
    kiosk.synced();
    EXPECT_TRUE(verify_at(kiosk.mirror(), signed_with(old_key, "aaaaaaaaaaaa")).has_value());

    // Rotation: both keys for a while, then the old one removed on the hub.
    ASSERT_TRUE(hub.store().add_code_key(base::format_public_key(new_key.public_key())).value());
    EXPECT_EQ(kiosk.synced().code_keys, 2U);
    EXPECT_TRUE(verify_at(kiosk.mirror(), signed_with(old_key, "aaaaaaaaaaaa")).has_value());
    EXPECT_TRUE(verify_at(kiosk.mirror(), signed_with(new_key, "bbbbbbbbbbbb")).has_value());
    ASSERT_TRUE(hub.store().remove_code_key(base::format_public_key(old_key.public_key())).value());
    EXPECT_EQ(kiosk.synced().code_keys, 1U);

    auto old_code = verify_at(kiosk.mirror(), signed_with(old_key, "aaaaaaaaaaaa"));
    ASSERT_FALSE(old_code.has_value());
    EXPECT_EQ(old_code.error().reason, CodeRefusal::unknown_key);
    EXPECT_TRUE(verify_at(kiosk.mirror(), signed_with(new_key, "bbbbbbbbbbbb")).has_value());
    EXPECT_TRUE(verify_at(kiosk.mirror(), signed_with(kiosk_own, "cccccccccccc")).has_value())
        << "a key added on the kiosk itself is the kiosk's";
    EXPECT_EQ(kiosk.mirror().code_keys().value().size(), 2U);
}

} // namespace
} // namespace checkin::sync
