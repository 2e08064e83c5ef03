// The mirror's part of signed codes: the event's public keys (rotation), the revocation list, and a late
// registrant checked in from a signed invitation.

#include "sync/mirror/mirror.hpp"
#include "sync/roster/signed_code.hpp"
#include "tests/sync/mirror/mirror_fixture.hpp"

#include <gtest/gtest.h>
#include <set>
#include <string>
#include <vector>

namespace checkin::sync {
namespace {

using namespace mirror_fixture;

class MirrorCodes : public ::testing::Test {
protected:
    void SetUp() override {
        mirror = open_mirror(dir.file("mirror.db"));
        ASSERT_TRUE(mirror);
    }

    SignedCodeContent invitation(std::string code) const {
        SignedCodeContent content;
        content.kind = CodeKind::invitation;
        content.event_tag = event_tag(serock_event().name);
        content.serial = "0123456789ab";
        content.delegate_code = std::move(code);
        content.days = {first_day, second_day};
        content.valid_until = second_day;
        content.first_name = "Łucja";
        content.last_name = "Późna";
        content.organisation = "Gmina Serock";
        content.role = "";
        return content;
    }

    InvitationCheckinRequest request_for(SignedCodeContent content, Day today = first_day) const {
        return InvitationCheckinRequest{std::move(content), "kiosk-1", "self-service",
                                        utc_milliseconds(today, 9, 0), today};
    }

    CodeVerifier verifier() {
        return CodeVerifier{mirror->code_keys().value(), event_tag(serock_event().name),
                            mirror->revoked_serials().value()};
    }

    TempDir dir;
    std::optional<Mirror> mirror;
};

TEST_F(MirrorCodes, KeysAreAddedOnceListedInOrderAndRemoved) {
    const auto first = base::generate_secret_key().public_key();
    const auto second = base::generate_secret_key().public_key();
    EXPECT_TRUE(mirror->code_keys().value().empty());
    EXPECT_TRUE(mirror->add_code_key(first, 1000).value());
    EXPECT_FALSE(mirror->add_code_key(first, 2000).value());
    EXPECT_TRUE(mirror->add_code_key(second, 3000).value());
    const std::vector<std::string> listed = [&] {
        std::vector<std::string> texts;
        const auto keys = mirror->code_keys().value(); // held: a loop over a temporary's value dangles
        for (const auto& key : keys) {
            texts.push_back(base::format_public_key(key));
        }
        return texts;
    }();
    EXPECT_EQ(listed,
              (std::vector<std::string>{base::format_public_key(first), base::format_public_key(second)}));
    EXPECT_TRUE(mirror->remove_code_key(first).value());
    EXPECT_FALSE(mirror->remove_code_key(first).value());
    ASSERT_EQ(mirror->code_keys().value().size(), 1U);
    EXPECT_EQ(base::format_public_key(mirror->code_keys().value().front()), base::format_public_key(second));
}

TEST_F(MirrorCodes, RotationAcceptsTheOldAndTheNewKeyAndRefusesARemovedOne) {
    const base::SecretKey old_key = base::generate_secret_key();
    const base::SecretKey new_key = base::generate_secret_key();
    const std::string old_code = sign_code(invitation("SER-001"), old_key).value();
    const std::string new_code = sign_code(invitation("SER-002"), new_key).value();
    ASSERT_TRUE(mirror->add_code_key(old_key.public_key(), 1).value());
    ASSERT_TRUE(mirror->add_code_key(new_key.public_key(), 2).value());
    EXPECT_EQ(verify_code(old_code, verifier(), first_day).value().delegate_code, "SER-001");
    EXPECT_EQ(verify_code(new_code, verifier(), first_day).value().delegate_code, "SER-002");

    ASSERT_TRUE(mirror->remove_code_key(old_key.public_key()).value());
    EXPECT_EQ(verify_code(old_code, verifier(), first_day).error().reason, CodeRefusal::unknown_key);
    EXPECT_EQ(verify_code(new_code, verifier(), first_day).value().delegate_code, "SER-002");
}

TEST_F(MirrorCodes, RevokedSerialsAreKeptOnceAndRefuseTheirCodes) {
    const base::SecretKey key = base::generate_secret_key();
    ASSERT_TRUE(mirror->add_code_key(key.public_key(), 1).value());
    const std::string code = sign_code(invitation("SER-001"), key).value();
    EXPECT_EQ(mirror->revoke_serials({"0123456789ab", "ffffffffffff"}).value(), 2U);
    EXPECT_EQ(mirror->revoke_serials({"0123456789ab"}).value(), 0U);
    EXPECT_EQ(mirror->revoked_serials().value(), (std::set<std::string>{"0123456789ab", "ffffffffffff"}));
    EXPECT_EQ(verify_code(code, verifier(), first_day).error().reason, CodeRefusal::revoked);
}

TEST_F(MirrorCodes, ASerialThatIsNotTwelveHexDigitsIsRefusedAndNothingWritten) {
    const auto refused = mirror->revoke_serials({"0123456789ab", "0123456789AB"});
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().kind, base::ErrorKind::invalid_input);
    EXPECT_TRUE(mirror->revoked_serials().value().empty());
}

TEST_F(MirrorCodes, ALateRegistrantIsRegisteredFromTheInvitationAndCheckedIn) {
    const auto result = mirror->check_in_invitation(request_for(invitation("SER-900")));
    ASSERT_TRUE(result) << result.error().message;
    EXPECT_EQ(result->outcome, CheckinOutcome::admitted);
    ASSERT_TRUE(result->delegate);
    EXPECT_EQ(result->delegate->code, "SER-900");

    const auto stored = find(*mirror, "SER-900");
    ASSERT_TRUE(stored);
    EXPECT_EQ(stored->delegate.first_name, "Łucja");
    EXPECT_EQ(stored->delegate.last_name, "Późna");
    EXPECT_EQ(stored->delegate.organisation, "Gmina Serock");
    EXPECT_EQ(stored->delegate.role, "uczestnik");
    EXPECT_EQ(stored->delegate.days, (std::vector<Day>{first_day, second_day}));
    EXPECT_EQ(stored->delegate.origin, DelegateOrigin::walk_in);
    EXPECT_EQ(stored->delegate.row_version, 0);
    ASSERT_EQ(stored->attendance.size(), 1U);
    EXPECT_EQ(stored->attendance.front().day, first_day);
    EXPECT_TRUE(mirror->is_from_invitation("ser-900").value());

    // The next sync uploads them with the walk-ins, and their check-in with the events.
    const auto walk_ins = mirror->walk_ins_to_upload().value();
    ASSERT_EQ(walk_ins.size(), 1U);
    EXPECT_EQ(walk_ins.front().code, "SER-900");
    const auto events = mirror->events_to_upload(10).value();
    ASSERT_EQ(events.size(), 1U);
    EXPECT_EQ(events.front().delegate_code, "SER-900");

    // The same invitation again is "already checked in", and registers no one twice.
    const auto again = mirror->check_in_invitation(request_for(invitation("SER-900")));
    ASSERT_TRUE(again);
    EXPECT_EQ(again->outcome, CheckinOutcome::already_checked_in);
    EXPECT_EQ(mirror->walk_ins_to_upload().value().size(), 1U);
}

TEST_F(MirrorCodes, AnInvitationForARosterDelegateChecksInTheRosterRow) {
    Delegate on_roster;
    on_roster.code = "SER-001";
    on_roster.first_name = "Anna";
    on_roster.last_name = "Kowalska";
    on_roster.row_version = 4;
    ASSERT_TRUE(mirror->merge_delegates({on_roster}));
    const auto result = mirror->check_in_invitation(request_for(invitation("SER-001")));
    ASSERT_TRUE(result);
    EXPECT_EQ(result->outcome, CheckinOutcome::admitted);
    EXPECT_EQ(result->delegate->first_name, "Anna"); // the roster's row, not the signed fields
    EXPECT_FALSE(mirror->is_from_invitation("SER-001").value());
    EXPECT_TRUE(mirror->walk_ins_to_upload().value().empty());
}

TEST_F(MirrorCodes, ALateRegistrantOnAnotherDayIsNeitherRegisteredNorCheckedIn) {
    SignedCodeContent content = invitation("SER-901");
    content.days = {second_day};
    const auto result = mirror->check_in_invitation(request_for(content, first_day));
    ASSERT_TRUE(result);
    EXPECT_EQ(result->outcome, CheckinOutcome::not_registered_today);
    EXPECT_FALSE(find(*mirror, "SER-901"));
    EXPECT_FALSE(mirror->is_from_invitation("SER-901").value());
}

TEST_F(MirrorCodes, IssuedInvitationsAreRecordedReplacedAndWithdrawnWithTheirRevocations) {
    ASSERT_TRUE(mirror->record_invitations(
        {{"SER-001", "aaaaaaaaaaaa", "CK1:ONE", 1000}, {"SER-002", "bbbbbbbbbbbb", "CK1:TWO", 1000}}, {},
        {}));
    // A reissue of SER-001 and a withdrawal of SER-002, as one run of `invitations` records them.
    ASSERT_TRUE(mirror->record_invitations({{"ser-001", "cccccccccccc", "CK1:THREE", 2000}}, {"SER-002"},
                                           {"aaaaaaaaaaaa", "bbbbbbbbbbbb"}));
    const auto issued = mirror->issued_invitations().value();
    ASSERT_EQ(issued.size(), 1U) << "the reissue replaced the row, whatever the case of its code";
    EXPECT_EQ(issued[0].delegate_code, "SER-001");
    EXPECT_EQ(issued[0].serial, "cccccccccccc");
    EXPECT_EQ(issued[0].signed_code, "CK1:THREE");
    EXPECT_EQ(issued[0].issued_at_milliseconds, 2000);
    EXPECT_EQ(mirror->revoked_serials().value(), (std::set<std::string>{"aaaaaaaaaaaa", "bbbbbbbbbbbb"}));
}

TEST_F(MirrorCodes, ARecordOfInvitationsIsAllOrNothing) {
    ASSERT_TRUE(mirror->record_invitations({{"SER-001", "aaaaaaaaaaaa", "CK1:ONE", 1000}}, {}, {}));
    const auto refused = mirror->record_invitations({{"SER-001", "cccccccccccc", "CK1:NEW", 2000}}, {},
                                                    {"aaaaaaaaaaaa", "not-a-serial"});
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().kind, base::ErrorKind::invalid_input);
    EXPECT_EQ(mirror->issued_invitations().value(),
              (std::vector<IssuedInvitation>{{"SER-001", "aaaaaaaaaaaa", "CK1:ONE", 1000}}))
        << "the replacement was rolled back with the refused revocation";
    EXPECT_TRUE(mirror->revoked_serials().value().empty());
}

} // namespace
} // namespace checkin::sync
