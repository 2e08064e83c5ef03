// Signed codes: signed and verified back for each kind, every refusal with its own reason, key rotation,
// the scanner's framing, and what signing refuses.

#include "base/base45.hpp"
#include "sync/roster/signed_code.hpp"

#include <gtest/gtest.h>
#include <string>

namespace checkin::sync {
namespace {

using namespace std::chrono_literals;

constexpr Day first_day = 2026y / 11 / 29;
constexpr Day second_day = 2026y / 11 / 30;

SignedCodeContent invitation() {
    SignedCodeContent content;
    content.kind = CodeKind::invitation;
    content.event_tag = event_tag("CWD Plus Serock");
    content.serial = "0123456789ab";
    content.delegate_code = "CWD-ZPZXSWG7";
    content.days = {first_day, second_day};
    content.valid_until = second_day;
    content.first_name = "Łukasz";
    content.last_name = "Brzęczyszczykiewicz";
    content.organisation = "Gmina Serock";
    content.role = "delegate";
    return content;
}

struct Fixture : ::testing::Test {
    base::SecretKey key = base::generate_secret_key();
    CodeVerifier verifier{{key.public_key()}, event_tag("CWD Plus Serock"), {}};

    std::string signed_text(const SignedCodeContent& content) {
        auto text = sign_code(content, key);
        EXPECT_TRUE(text.has_value()) << text.error().message;
        return text.value_or("");
    }
    CodeRefusal refusal_of(std::string_view text, Day today = first_day) {
        auto verified = verify_code(text, verifier, today);
        EXPECT_FALSE(verified.has_value()) << text;
        return verified ? CodeRefusal::malformed : verified.error().reason;
    }
};

using SignedCode = Fixture;

TEST_F(SignedCode, RoundTripsEachKind) {
    for (const CodeKind kind : {CodeKind::invitation, CodeKind::badge, CodeKind::staff}) {
        SignedCodeContent content = invitation();
        content.kind = kind;
        if (kind == CodeKind::staff) {
            content.days.clear();
            content.organisation.clear();
            content.role.clear();
        }
        const std::string text = signed_text(content);
        EXPECT_TRUE(text.starts_with("CK1:"));
        EXPECT_TRUE(looks_like_signed_code(text));
        auto verified = verify_code(text, verifier, first_day);
        ASSERT_TRUE(verified.has_value())
            << to_string(verified.error().reason) << ": " << verified.error().detail;
        EXPECT_EQ(*verified, content);
    }
}

TEST_F(SignedCode, IsAlphanumericAndSurvivesTheScannersFraming) {
    const std::string text = signed_text(invitation());
    for (const char c : text) {
        EXPECT_NE(std::string_view("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:").find(c),
                  std::string_view::npos)
            << "not a QR alphanumeric character: " << c;
    }
    auto verified = verify_code("]Q1" + text + "\r\n", verifier, first_day);
    ASSERT_TRUE(verified.has_value());
    EXPECT_EQ(verified->delegate_code, "CWD-ZPZXSWG7");
}

TEST_F(SignedCode, NeverEndsInASpaceThatATrimWouldTake) {
    for (int index = 0; index < 300; ++index) {
        SignedCodeContent content = invitation();
        content.serial = new_code_serial();
        content.delegate_code = "CWD-" + std::to_string(index);
        const std::string text = signed_text(content);
        ASSERT_NE(text.back(), ' ') << text;
        ASSERT_TRUE(verify_code(text, verifier, first_day).has_value());
    }
}

TEST_F(SignedCode, RefusesEachFailureWithItsOwnReason) {
    const std::string text = signed_text(invitation());
    // Cut short and altered characters.
    EXPECT_EQ(refusal_of(text.substr(0, text.size() - 10)), CodeRefusal::malformed);
    EXPECT_EQ(refusal_of(text.substr(0, 30)), CodeRefusal::malformed);
    EXPECT_EQ(refusal_of("CK1:"), CodeRefusal::malformed);
    EXPECT_EQ(refusal_of("CWD-ZPZXSWG7"), CodeRefusal::malformed);
    EXPECT_EQ(refusal_of("CK1:" + text.substr(4, 20) + "a"), CodeRefusal::malformed);

    // An altered field, re-encoded so the Base45 is fine: the signature no longer matches.
    auto bytes = base::decode_base45(text.substr(4)).value();
    bytes[bytes.size() - 70] = static_cast<char>(bytes[bytes.size() - 70] ^ 0x01); // inside the texts
    EXPECT_EQ(refusal_of("CK1:" + base::encode_base45(bytes)), CodeRefusal::forged);
    auto later = base::decode_base45(text.substr(4)).value();
    later[14] = static_cast<char>(later[14] + 1); // valid until, one day later
    EXPECT_EQ(refusal_of("CK1:" + base::encode_base45(later)), CodeRefusal::forged);

    // Another key, another event, past its day, revoked.
    const base::SecretKey stranger = base::generate_secret_key();
    EXPECT_EQ(refusal_of(sign_code(invitation(), stranger).value()), CodeRefusal::unknown_key);
    SignedCodeContent other_event = invitation();
    other_event.event_tag = event_tag("Another seminar");
    EXPECT_EQ(refusal_of(signed_text(other_event)), CodeRefusal::wrong_event);
    EXPECT_EQ(refusal_of(text, 2026y / 12 / 1), CodeRefusal::expired);
    verifier.revoked_serials.insert("0123456789ab");
    EXPECT_EQ(refusal_of(text), CodeRefusal::revoked);
}

TEST_F(SignedCode, DetailsNameNoPersonAndNotTheWholeCode) {
    const std::string text = signed_text(invitation());
    verifier.revoked_serials.insert("0123456789ab");
    for (const Day today : {first_day, 2026y / 12 / 5}) {
        auto verified = verify_code(text, verifier, today);
        ASSERT_FALSE(verified.has_value());
        EXPECT_EQ(verified.error().detail.find("Brzęczyszczykiewicz"), std::string::npos);
        EXPECT_EQ(verified.error().detail.find("CWD-ZPZXSWG7"), std::string::npos);
        EXPECT_EQ(verified.error().detail.find(text.substr(4, 16)), std::string::npos);
    }
}

TEST_F(SignedCode, AcceptsEveryHeldKeySoKeysCanRotate) {
    const base::SecretKey next = base::generate_secret_key();
    const std::string old_code = signed_text(invitation());
    const std::string new_code = sign_code(invitation(), next).value();
    verifier.keys.push_back(next.public_key());
    EXPECT_TRUE(verify_code(old_code, verifier, first_day).has_value());
    EXPECT_TRUE(verify_code(new_code, verifier, first_day).has_value());
    verifier.keys.erase(verifier.keys.begin()); // the old key removed
    EXPECT_EQ(refusal_of(old_code), CodeRefusal::unknown_key);
    EXPECT_TRUE(verify_code(new_code, verifier, first_day).has_value());
}

TEST_F(SignedCode, SigningRefusesWhatACodeCannotCarry) {
    SignedCodeContent content = invitation();
    content.last_name = std::string(101, 'a');
    EXPECT_EQ(sign_code(content, key).error().message,
              "the last name is 101 bytes; a signed code holds at most 100");
    content = invitation();
    content.first_name = "Anna\nKowalska";
    EXPECT_EQ(sign_code(content, key).error().message,
              "the first name is not UTF-8 text without control characters");
    content = invitation();
    content.days = {first_day, 2026y / 12 / 20};
    EXPECT_EQ(sign_code(content, key).error().message, "a signed code's days lie within 16 consecutive days");
    content = invitation();
    content.serial = "xyz";
    EXPECT_EQ(sign_code(content, key).error().message, "the serial is not 12 hexadecimal digits");
    content = invitation();
    content.delegate_code.clear();
    EXPECT_EQ(sign_code(content, key).error().message,
              "a signed code needs the delegate's (or staff member's) code");
}

} // namespace
} // namespace checkin::sync
