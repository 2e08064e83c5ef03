// A late registrant admitted offline from a signed invitation (issue 14) reaches the hub at the next sync
// round, by the walk-in path: the person joins the hub's roster and their check-in its journal, and the
// other kiosks get both.

#include "sync/roster/signed_code.hpp"
#include "tests/sync/client/sync_client_fixture.hpp"

#include <gtest/gtest.h>

namespace checkin::sync {
namespace {

using namespace client_fixture;
using mirror_fixture::TempDir;

TEST(LateRegistrantSync, ALateRegistrantAdmittedFromAnInvitationJoinsTheHubsRosterAtTheNextRound) {
    TempDir directory;
    TestHub hub;
    TestKiosk a(hub, "kiosk-a", true, directory);
    TestKiosk b(hub, "kiosk-b", false, directory);

    SignedCodeContent invitation;
    invitation.kind = CodeKind::invitation;
    invitation.event_tag = event_tag(serock_event().name);
    invitation.serial = new_code_serial();
    invitation.delegate_code = "CWD-LATE0001";
    invitation.days = serock_event().days;
    invitation.valid_until = serock_event().days.back();
    invitation.first_name = "Łucja";
    invitation.last_name = "Późna";
    invitation.organisation = "Gmina Zegrze";
    auto admitted = a.mirror().check_in_invitation(InvitationCheckinRequest{
        invitation, "kiosk-a", "self-service", utc_milliseconds(first_day, 9, 30), first_day});
    ASSERT_TRUE(admitted.has_value()) << admitted.error().message;
    ASSERT_EQ(admitted->outcome, CheckinOutcome::admitted);

    const auto report = a.synced();
    EXPECT_EQ(report.walk_ins_pushed, 1U);
    EXPECT_EQ(report.walk_ins_added, 1U);
    EXPECT_EQ(report.events_pushed, 1U);
    EXPECT_TRUE(a.mirror().walk_ins_to_upload().value().empty());
    EXPECT_EQ(hub.statistics().delegates, mirror_fixture::fixture_size + 1);
    EXPECT_EQ(hub.statistics().checked_in, 1U);
    // Still marked on the kiosk that admitted them, after the hub's row came back.
    EXPECT_TRUE(a.mirror().is_from_invitation("CWD-LATE0001").value());

    b.synced();
    const auto record = b.find("CWD-LATE0001");
    ASSERT_TRUE(record.has_value());
    EXPECT_EQ(record->delegate.full_name(), "Łucja Późna");
    EXPECT_EQ(record->delegate.organisation, "Gmina Zegrze");
    ASSERT_EQ(record->attendance.size(), 1U);
    EXPECT_EQ(record->attendance[0].kiosk_id, "kiosk-a");
    // The same invitation at the other kiosk: already checked in, not registered twice.
    auto again = b.mirror().check_in_invitation(InvitationCheckinRequest{
        invitation, "kiosk-b", "self-service", utc_milliseconds(first_day, 9, 45), first_day});
    ASSERT_TRUE(again.has_value());
    EXPECT_EQ(again->outcome, CheckinOutcome::already_checked_in);
}

} // namespace
} // namespace checkin::sync
