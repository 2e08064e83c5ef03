// Planning `kioskctl invitations`: new, kept, reissued and withdrawn invitations; a reissue of a code no
// active delegate has refuses the whole run; the signed content a delegate's invitation carries (and what
// is shortened to fit); the QR pictures' file names, which no code can turn into another path.

#include "sync/roster/invitation_plan.hpp"

#include <gtest/gtest.h>
#include <set>

namespace checkin::sync {
namespace {

using namespace std::chrono_literals;

constexpr Day first_day = 2026y / 11 / 29;
constexpr Day second_day = 2026y / 11 / 30;

Delegate delegate(std::string code, DelegateStatus status = DelegateStatus::active) {
    Delegate person;
    person.code = std::move(code);
    person.first_name = "Łukasz";
    person.last_name = "Brzęczyszczykiewicz";
    person.organisation = "Urząd Gminy Serock";
    person.role = "Delegat";
    person.status = status;
    return person;
}

IssuedInvitation issued(const std::string& code, const std::string& serial) {
    return IssuedInvitation{code, serial, "CK1:OLD-" + serial, 1000};
}

std::vector<InvitationAction> actions_of(const std::vector<PlannedInvitation>& plan) {
    std::vector<InvitationAction> actions;
    for (const PlannedInvitation& planned : plan) {
        actions.push_back(planned.action);
    }
    return actions;
}

TEST(InvitationPlan, NewDelegatesAreIssuedEarlierInvitationsKeptAndReissuesNamed) {
    const std::vector<Delegate> delegates = {delegate("CWD-0001"), delegate("CWD-0002"),
                                             delegate("CWD-0003")};
    const std::vector<IssuedInvitation> before = {issued("CWD-0001", "aaaaaaaaaaaa"),
                                                  issued("cwd-0002", "bbbbbbbbbbbb")};
    auto plan = plan_invitations(delegates, before, {"Cwd-0002"});
    ASSERT_TRUE(plan.has_value()) << plan.error().message;
    EXPECT_EQ(actions_of(*plan),
              (std::vector{InvitationAction::keep, InvitationAction::reissue, InvitationAction::issue}));
    ASSERT_TRUE((*plan)[0].previous.has_value());
    EXPECT_EQ((*plan)[0].previous->signed_code, "CK1:OLD-aaaaaaaaaaaa");
    EXPECT_EQ((*plan)[1].previous->serial, "bbbbbbbbbbbb") << "codes compare without case, as in the mirror";
    EXPECT_FALSE((*plan)[2].previous.has_value());
    EXPECT_EQ((*plan)[2].delegate.code, "CWD-0003");
}

TEST(InvitationPlan, CancelledDelegatesLoseTheirInvitationAndCancelledStrangersAreLeftOut) {
    const std::vector<Delegate> delegates = {delegate("CWD-0001", DelegateStatus::cancelled),
                                             delegate("CWD-0002", DelegateStatus::cancelled),
                                             delegate("CWD-0003")};
    auto plan = plan_invitations(delegates, {issued("CWD-0001", "aaaaaaaaaaaa")}, {});
    ASSERT_TRUE(plan.has_value()) << plan.error().message;
    EXPECT_EQ(actions_of(*plan), (std::vector{InvitationAction::withdraw, InvitationAction::issue}));
    EXPECT_EQ((*plan)[0].previous->serial, "aaaaaaaaaaaa");
    EXPECT_EQ(to_string(InvitationAction::withdraw), "withdrawn");
}

TEST(InvitationPlan, AReissueOfNoActiveDelegatesCodeRefusesTheWholeRun) {
    const std::vector<Delegate> delegates = {delegate("CWD-0001"),
                                             delegate("CWD-0002", DelegateStatus::cancelled)};
    for (const std::string code : {"CWD-9999", "CWD-0002"}) {
        auto plan = plan_invitations(delegates, {}, {code});
        ASSERT_FALSE(plan.has_value()) << code;
        EXPECT_EQ(plan.error().kind, ErrorKind::not_found);
        EXPECT_NE(plan.error().message.find("--reissue " + code), std::string::npos) << plan.error().message;
        EXPECT_NE(plan.error().message.find("nothing was signed or written"), std::string::npos);
    }
}

TEST(InvitationPlan, AReissueOfADelegateNeverInvitedIsAPlainNewInvitation) {
    auto plan = plan_invitations({delegate("CWD-0001")}, {}, {"CWD-0001"});
    ASSERT_TRUE(plan.has_value());
    EXPECT_EQ(actions_of(*plan), std::vector{InvitationAction::issue});
}

TEST(InvitationContent, CarriesTheBadgeFieldsAndTheDelegatesDaysOrTheEvents) {
    const Event event{"Seminarium CWD+ Serock", {first_day, second_day}};
    Delegate person = delegate("CWD-0001");
    auto content = invitation_content(person, event, "0123456789ab");
    ASSERT_TRUE(content.has_value()) << content.error().message;
    EXPECT_EQ(content->kind, CodeKind::invitation);
    EXPECT_EQ(content->event_tag, event_tag("Seminarium CWD+ Serock"));
    EXPECT_EQ(content->serial, "0123456789ab");
    EXPECT_EQ(content->delegate_code, "CWD-0001");
    EXPECT_EQ(content->days, event.days);
    EXPECT_EQ(content->valid_until, second_day);
    EXPECT_EQ(content->first_name, "Łukasz");
    EXPECT_EQ(content->last_name, "Brzęczyszczykiewicz");
    EXPECT_EQ(content->organisation, "Urząd Gminy Serock");
    EXPECT_EQ(content->role, "Delegat");

    person.days = {first_day};
    content = invitation_content(person, event, "0123456789ab");
    ASSERT_TRUE(content.has_value());
    EXPECT_EQ(content->days, std::vector{first_day});
    EXPECT_EQ(content->valid_until, first_day);
}

TEST(InvitationContent, RefusesAnEventWithoutDays) {
    auto content = invitation_content(delegate("CWD-0001"), Event{"Seminarium", {}}, "0123456789ab");
    ASSERT_FALSE(content.has_value());
    EXPECT_EQ(content.error().kind, ErrorKind::invalid_input);
    EXPECT_NE(content.error().message.find("event --days"), std::string::npos) << content.error().message;
}

TEST(InvitationContent, TooLongFieldsAreShortenedSoTheyCanBeSigned) {
    Delegate person = delegate("CWD-0001");
    person.organisation = "Związek Międzygminny ";
    while (person.organisation.size() < 300) {
        person.organisation += "Gmin Północnego Mazowsza i Kurpiów ";
    }
    person.role = "Przedstawiciel Instytucji Zarządzającej Programem";
    auto content = invitation_content(person, Event{"Seminarium", {first_day}}, "0123456789ab");
    ASSERT_TRUE(content.has_value());
    EXPECT_LE(content->organisation.size(), signed_organisation_maximum);
    EXPECT_TRUE(content->organisation.starts_with("Związek Międzygminny Gmin"));
    EXPECT_TRUE(content->organisation.ends_with("…"));
    EXPECT_LE(content->role.size(), signed_role_maximum);
    EXPECT_TRUE(content->role.starts_with("Przedstawiciel"));

    const base::SecretKey key = base::generate_secret_key();
    EXPECT_TRUE(sign_code(*content, key).has_value()) << "shortened to what a signed code carries";
}

TEST(ShortenToBytes, CutsAtACharacterBoundaryAndMarksTheCut) {
    EXPECT_EQ(shorten_to_bytes("Gmina", 5), "Gmina");
    EXPECT_EQ(shorten_to_bytes("Gmina Serock", 9), "Gmina…") << "a trailing space is dropped before …";
    // "Łódź" is Ł(2) ó(2) d(1) ź(2) bytes: 5 bytes leave room for "Ł" and the 3-byte "…" only.
    EXPECT_EQ(shorten_to_bytes("Łódź Łódź", 5), "Ł…");
    EXPECT_EQ(shorten_to_bytes("Łódź Łódź", 6), "Ł…") << "never half of ó";
    EXPECT_EQ(shorten_to_bytes("Łódź Łódź", 7), "Łó…");
    EXPECT_EQ(shorten_to_bytes("Łódź", 2), "");
}

TEST(InvitationFileStem, KeepsSafeCharactersAndNoCodeNamesAnotherPath) {
    std::set<std::string> taken;
    EXPECT_EQ(invitation_file_stem("CWD-ZPZX_SWG7", taken), "CWD-ZPZX_SWG7");
    EXPECT_EQ(invitation_file_stem("../../etc/passwd", taken), "______etc_passwd");
    EXPECT_EQ(invitation_file_stem("a/b", taken), "a_b");
    EXPECT_EQ(invitation_file_stem("Łódź 1", taken), "____d___1") << "each UTF-8 byte becomes _";
    EXPECT_EQ(invitation_file_stem("", taken), "delegate");
}

TEST(InvitationFileStem, TwoCodesNeverShareAFileEvenWithoutCase) {
    std::set<std::string> taken;
    EXPECT_EQ(invitation_file_stem("A/1", taken), "A_1");
    EXPECT_EQ(invitation_file_stem("A?1", taken), "A_1-2");
    EXPECT_EQ(invitation_file_stem("a_1", taken), "a_1-3") << "A_1 and a_1 are one file on some systems";
    EXPECT_EQ(taken, (std::set<std::string>{"a_1", "a_1-2", "a_1-3"}));
}

} // namespace
} // namespace checkin::sync
