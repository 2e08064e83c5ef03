// The Flow with signed codes (issue 14): every refusal gets the calm code_not_valid screen in both
// languages and a staff alert naming the reason without the code or a name; a badge's code checks no one
// in; a valid invitation is looked up by its delegate code with the signed fields. The verdicts come from
// real codes signed and verified here, as the kiosk makes them.

#include "base/base45.hpp"
#include "base/signature.hpp"
#include "kiosk/selfservice/flow.hpp"
#include "sync/roster/signed_code.hpp"

#include <algorithm>
#include <chrono>
#include <gtest/gtest.h>
#include <string>
#include <vector>

namespace checkin::kiosk {
namespace {

using namespace std::chrono;

const FlowTime origin = FlowTime{} + 1000h;
FlowTime at(std::int64_t offset_milliseconds) {
    return origin + milliseconds(offset_milliseconds);
}

constexpr sync::Day first_day{2026y / November / 29};
constexpr sync::Day second_day{2026y / November / 30};
const std::string event_name = "Seminarium CWD+ Serock";

sync::SignedCodeContent content(sync::CodeKind kind) {
    sync::SignedCodeContent result;
    result.kind = kind;
    result.event_tag = sync::event_tag(event_name);
    result.serial = "0123456789ab";
    result.delegate_code = "SER-0001";
    result.days = {first_day, second_day};
    result.valid_until = second_day;
    result.first_name = "Łucja";
    result.last_name = "Późna";
    result.organisation = "Gmina Serock";
    result.role = "delegate";
    return result;
}

struct Case {
    std::string name;
    std::string scanned;
    std::vector<sync::CodeRefusal> reasons; // any of these (an altered character may break Base45 first)
    bool accept_unsigned = true;
    sync::Day today = first_day;
};

class FlowSignedCodes : public ::testing::Test {
protected:
    std::string signed_text(const sync::SignedCodeContent& what, const base::SecretKey& with) {
        auto text = sync::sign_code(what, with);
        EXPECT_TRUE(text.has_value()) << text.error().message;
        return text.value_or("");
    }

    std::vector<Case> refusals() {
        const std::string good = signed_text(content(sync::CodeKind::invitation), key);
        std::vector<Case> cases;
        auto bytes = base::decode_base45(good.substr(4)).value();
        bytes.back() = static_cast<char>(bytes.back() ^ 0x40); // the signature's last byte
        cases.push_back(
            {"forged signature", "CK1:" + base::encode_base45(bytes), {sync::CodeRefusal::forged}});
        auto altered = base::decode_base45(good.substr(4)).value();
        altered[30] = static_cast<char>(altered[30] ^ 0x01); // inside the texts
        cases.push_back(
            {"altered field", "CK1:" + base::encode_base45(altered), {sync::CodeRefusal::forged}});
        std::string changed = good;
        changed[good.size() / 2] = changed[good.size() / 2] == 'A' ? 'B' : 'A';
        cases.push_back(
            {"altered character", changed, {sync::CodeRefusal::forged, sync::CodeRefusal::malformed}});
        // Cut where the scan would not end in a space (Base45 has one; a scanner's framing trims it).
        std::string truncated = good.substr(0, good.size() - 12);
        while (truncated.ends_with(' ')) {
            truncated.pop_back();
        }
        cases.push_back({"truncated", truncated, {sync::CodeRefusal::malformed}});
        cases.push_back({"unknown key",
                         signed_text(content(sync::CodeKind::invitation), stranger),
                         {sync::CodeRefusal::unknown_key}});
        sync::SignedCodeContent elsewhere = content(sync::CodeKind::invitation);
        elsewhere.event_tag = sync::event_tag("Another seminar");
        cases.push_back({"wrong event", signed_text(elsewhere, key), {sync::CodeRefusal::wrong_event}});
        cases.push_back(
            {"expired", good, {sync::CodeRefusal::expired}, true, sync::Day{2026y / December / 1}});
        sync::SignedCodeContent revoked = content(sync::CodeKind::invitation);
        revoked.serial = "ffffffffffff";
        cases.push_back({"revoked", signed_text(revoked, key), {sync::CodeRefusal::revoked}});
        cases.push_back({"unsigned when refused", "SER-0001", {sync::CodeRefusal::unsigned_code}, false});
        sync::SignedCodeContent staff = content(sync::CodeKind::staff);
        staff.days.clear();
        staff.valid_until = first_day;
        cases.push_back(
            {"expired staff code", signed_text(staff, key), {sync::CodeRefusal::expired}, true, second_day});
        return cases;
    }

    ScanInput scan_of(const std::string& scanned, bool accept_unsigned = true, sync::Day today = first_day) {
        return ScanInput{scanned, at(0), sync::check_scanned_code(scanned, verifier, accept_unsigned, today)};
    }

    base::SecretKey key = base::generate_secret_key();
    base::SecretKey stranger = base::generate_secret_key();
    sync::CodeVerifier verifier{{key.public_key()}, sync::event_tag(event_name), {"ffffffffffff"}};
};

TEST_F(FlowSignedCodes, EveryRefusalGetsTheCalmScreenInBothLanguagesAndAStaffAlertNamingTheReason) {
    for (const Case& refusal : refusals()) {
        for (const Language language : {Language::pl, Language::en}) {
            SCOPED_TRACE(refusal.name + (language == Language::pl ? " pl" : " en"));
            Flow flow(FlowSettings{FlowTimings{}, language, local_clock_time, FindByNameSettings{}});
            const ScanInput input = scan_of(refusal.scanned, refusal.accept_unsigned, refusal.today);
            ASSERT_TRUE(input.signed_code.has_value());
            ASSERT_FALSE(input.signed_code->has_value());
            const auto effects = flow.handle(input);

            ASSERT_EQ(effects.size(), 3U);
            EXPECT_EQ(std::get<PlaySound>(effects[0]).sound, Sound::refusal);
            const auto& alert = std::get<AlertStaff>(effects[1]);
            EXPECT_EQ(alert.alert, StaffAlert::code_refused);
            EXPECT_FALSE(alert.delegate.has_value());
            const auto reason = input.signed_code->error().reason;
            EXPECT_NE(std::ranges::find(refusal.reasons, reason), refusal.reasons.end())
                << sync::to_string(reason);
            EXPECT_TRUE(alert.detail.starts_with(std::string(sync::to_string(reason)))) << alert.detail;
            const std::string ending = refusal.scanned.substr(refusal.scanned.size() - 4);
            EXPECT_NE(alert.detail.find("code ending " + ending), std::string::npos) << alert.detail;
            // Neither the whole code nor a name in the alert (it goes to the log).
            EXPECT_EQ(alert.detail.find(refusal.scanned), std::string::npos) << alert.detail;
            EXPECT_EQ(alert.detail.find(refusal.scanned.substr(0, 12)), std::string::npos) << alert.detail;
            EXPECT_EQ(alert.detail.find("Łucja"), std::string::npos);
            EXPECT_EQ(alert.detail.find("Późna"), std::string::npos);

            const ScreenModel& screen = std::get<ShowScreen>(effects[2]).screen;
            EXPECT_EQ(screen.screen, Screen::code_not_valid);
            EXPECT_TRUE(screen.display_name.empty());
            EXPECT_EQ(render(screen.heading, screen.language),
                      language == Language::pl ? "Ten kod jest nieważny" : "This code is not valid");
            EXPECT_TRUE(screen.details.empty());
            ASSERT_TRUE(screen.next_step.has_value());
            EXPECT_EQ(render(*screen.next_step, screen.language),
                      language == Language::pl ? "Prosimy podejść do recepcji — chętnie pomożemy"
                                               : "Please go to the reception desk — we will be glad to help");
            EXPECT_EQ(screen.ends_at, at(8000));
            EXPECT_FALSE(flow.awaiting_lookup());
            // Back to attract after the refusal time, as every refusal.
            flow.handle(Tick{at(8000)});
            EXPECT_EQ(flow.screen().screen, Screen::attract);
        }
    }
}

TEST_F(FlowSignedCodes, ThePlainCodeIsLookedUpWhereUnsignedCodesAreTaken) {
    Flow flow;
    const ScanInput input = scan_of("SER-0001", true);
    EXPECT_FALSE(input.signed_code.has_value());
    const auto effects = flow.handle(input);
    ASSERT_FALSE(effects.empty());
    EXPECT_EQ(std::get<StartLookup>(effects[0]), (StartLookup{1, "SER-0001", std::nullopt}));
}

TEST_F(FlowSignedCodes, AValidInvitationIsLookedUpByItsDelegateCodeWithTheSignedFields) {
    Flow flow;
    const std::string text = signed_text(content(sync::CodeKind::invitation), key);
    const auto effects = flow.handle(scan_of(text));
    ASSERT_FALSE(effects.empty());
    EXPECT_EQ(std::get<StartLookup>(effects[0]),
              (StartLookup{1, "SER-0001", content(sync::CodeKind::invitation)}));
    EXPECT_EQ(flow.screen().screen, Screen::looking_up);

    // Admitted: the badge prints as for a plain code; the same invitation read again is ignored.
    sync::Delegate delegate;
    delegate.code = "SER-0001";
    delegate.first_name = "Łucja";
    delegate.last_name = "Późna";
    sync::CheckinResult result;
    result.outcome = sync::CheckinOutcome::admitted;
    result.code = "SER-0001";
    result.delegate = delegate;
    flow.handle(LookupAnswer{1, result, at(20)});
    EXPECT_EQ(flow.screen().screen, Screen::welcome);
    flow.handle(PrintOutcome{1, {}, at(3000)});
    EXPECT_EQ(flow.screen().screen, Screen::take_badge);
    EXPECT_TRUE(
        flow.handle(ScanInput{text, at(3100), sync::check_scanned_code(text, verifier, true, first_day)})
            .empty());
}

TEST_F(FlowSignedCodes, ABadgesCodeChecksNoOneInAndSaysSoInBothLanguages) {
    for (const Language language : {Language::pl, Language::en}) {
        Flow flow(FlowSettings{FlowTimings{}, language, local_clock_time, FindByNameSettings{}});
        const auto effects = flow.handle(scan_of(signed_text(content(sync::CodeKind::badge), key)));
        for (const FlowEffect& effect : effects) {
            EXPECT_FALSE(std::holds_alternative<StartLookup>(effect));
            EXPECT_FALSE(std::holds_alternative<StartPrint>(effect));
        }
        EXPECT_EQ(flow.screen().screen, Screen::badge_code);
        EXPECT_EQ(render(flow.screen().heading, language),
                  language == Language::pl ? "To jest Twój identyfikator" : "This is your badge");
        ASSERT_EQ(flow.screen().details.size(), 1U);
        EXPECT_EQ(render(flow.screen().details[0], language),
                  language == Language::pl ? "Obecność jest już potwierdzona" : "You are already checked in");
        flow.handle(Tick{at(8000)});
        EXPECT_EQ(flow.screen().screen, Screen::attract);
    }
}

TEST_F(FlowSignedCodes, ARefusalScreenTakesTheNextScanAtOnce) {
    Flow flow;
    flow.handle(scan_of("CK1:ABC"));
    EXPECT_EQ(flow.screen().screen, Screen::code_not_valid);
    const auto effects = flow.handle(scan_of(signed_text(content(sync::CodeKind::invitation), key)));
    ASSERT_FALSE(effects.empty());
    EXPECT_TRUE(std::holds_alternative<StartLookup>(effects[0]));
}

} // namespace
} // namespace checkin::kiosk
