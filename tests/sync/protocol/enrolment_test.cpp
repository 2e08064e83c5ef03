// The enrolment payload and the exchange's messages: round trips, and every malformed scan refused with a
// sentence that does not repeat the secret.

#include "sync/protocol/enrolment.hpp"

#include <gtest/gtest.h>
#include <string>

namespace checkin::sync {
namespace {

const std::string pin = "sha256//Ld7yQm8bq1HnK3t0vJ2xWcZpE4s5U6i7O8a9B0c1D2e=";
const std::string secret = "5f0c1e2d3c4b5a69788796a5b4c3d2e1f0a1b2c3";

EnrolmentPayload sample_payload() {
    return EnrolmentPayload{"https://192.168.1.20:8470", pin, secret};
}

TEST(EnrolmentPayload, RoundTripsThroughItsTextForm) {
    const std::string text = encode_enrolment_payload(sample_payload());
    EXPECT_EQ(text, "CHECKIN-ENROL 1 https://192.168.1.20:8470 " + pin + " " + secret);
    auto decoded = decode_enrolment_payload(text);
    ASSERT_TRUE(decoded.has_value()) << decoded.error().message;
    EXPECT_EQ(*decoded, sample_payload());
    EXPECT_TRUE(looks_like_enrolment_payload(text));
}

TEST(EnrolmentPayload, ToleratesTheScannersLineEnding) {
    auto decoded = decode_enrolment_payload(encode_enrolment_payload(sample_payload()) + "\r\n");
    ASSERT_TRUE(decoded.has_value()) << decoded.error().message;
    EXPECT_EQ(decoded->secret, secret);
}

TEST(EnrolmentPayload, TellsOtherCodesApart) {
    EXPECT_FALSE(looks_like_enrolment_payload("CWD-0042"));
    EXPECT_FALSE(looks_like_enrolment_payload("https://example.org"));
    auto decoded = decode_enrolment_payload("CWD-0042");
    ASSERT_FALSE(decoded.has_value());
    EXPECT_EQ(decoded.error().kind, ErrorKind::invalid_input);
    EXPECT_EQ(decoded.error().message,
              "this is not an enrolment code (it does not start with CHECKIN-ENROL)");
}

struct Malformed {
    std::string text;
    std::string message;
};

TEST(EnrolmentPayload, RefusesEachMalformedPartByName) {
    const std::string url = "https://192.168.1.20:8470";
    const std::vector<Malformed> cases{
        {"CHECKIN-ENROL 1 " + url + " " + pin,
         "an enrolment code has 5 parts separated by single spaces; this one has 4"},
        {"CHECKIN-ENROL 1 " + url + "  " + pin + " " + secret,
         "an enrolment code has 5 parts separated by single spaces; this one has 6"},
        {"CHECKIN-ENROLX 1 " + url + " " + pin + " " + secret,
         "this is not an enrolment code (it does not start with CHECKIN-ENROL)"},
        {"CHECKIN-ENROL 2 " + url + " " + pin + " " + secret,
         "this enrolment code is of a newer format than this kiosk reads; update the kiosk's software"},
        {"CHECKIN-ENROL 1 ftp://hub " + pin + " " + secret,
         "the hub's address in the enrolment code does not start with https:// (or http://)"},
        {"CHECKIN-ENROL 1 https:// " + pin + " " + secret,
         "the hub's address in the enrolment code does not start with https:// (or http://)"},
        {"CHECKIN-ENROL 1 https://h\x01st " + pin + " " + secret,
         "the hub's address in the enrolment code is not an address"},
        {"CHECKIN-ENROL 1 " + url + " sha1//abc " + secret,
         "the hub's key pin in the enrolment code is not of the form sha256//BASE64 (44 characters)"},
        {"CHECKIN-ENROL 1 " + url + " " + pin.substr(0, pin.size() - 1) + "A " + secret,
         "the hub's key pin in the enrolment code is not of the form sha256//BASE64 (44 characters)"},
        {"CHECKIN-ENROL 1 " + url + " " + pin + " " + secret.substr(0, 39),
         "the secret in the enrolment code is not 40 hexadecimal digits; the code may be cut short"},
        {"CHECKIN-ENROL 1 " + url + " " + pin + " " + std::string(40, 'G'),
         "the secret in the enrolment code is not 40 hexadecimal digits; the code may be cut short"},
        {"CHECKIN-ENROL 1 " + std::string(500, 'x'),
         "an enrolment code is at most 400 characters; this is 516"},
    };
    for (const auto& malformed : cases) {
        auto decoded = decode_enrolment_payload(malformed.text);
        ASSERT_FALSE(decoded.has_value()) << malformed.text;
        EXPECT_EQ(decoded.error().kind, ErrorKind::invalid_input);
        EXPECT_EQ(decoded.error().message, malformed.message) << malformed.text;
        EXPECT_EQ(decoded.error().message.find(secret.substr(0, 8)), std::string::npos);
    }
}

TEST(EnrolmentPayload, KnowsAPinByItsForm) {
    EXPECT_TRUE(is_public_key_pin(pin));
    EXPECT_FALSE(is_public_key_pin("sha256//"));
    EXPECT_FALSE(is_public_key_pin(pin + "A"));
    EXPECT_FALSE(is_public_key_pin("sha256//Ld7yQm8bq1HnK3t0vJ2xWcZpE4s5U6i7O8a9B0c1D2-="));
}

TEST(EnrolExchange, RoundTripsTheRequestAndTheReply) {
    auto request = decode_enrol_request(encode(EnrolRequest{secret}));
    ASSERT_TRUE(request.has_value()) << request.error().message;
    EXPECT_EQ(request->secret, secret);
    const EnrolReply reply{"Wejście B", std::string(64, 'a')};
    auto decoded = decode_enrol_reply(encode(reply));
    ASSERT_TRUE(decoded.has_value()) << decoded.error().message;
    EXPECT_EQ(*decoded, reply);
}

TEST(EnrolExchange, RefusesMalformedMessages) {
    EXPECT_EQ(decode_enrol_request("[]").error().message, "the enrolment request is not a JSON object");
    EXPECT_EQ(decode_enrol_request("{\"secret\": 5}").error().message, "secret: missing or not a string");
    EXPECT_EQ(decode_enrol_request("{\"secret\": \"abc\"}").error().message,
              "secret: not 40 hexadecimal digits");
    EXPECT_EQ(decode_enrol_request(std::string(2000, ' ')).error().message,
              "the enrolment request is 2000 bytes; at most 1024 are expected");
    EXPECT_EQ(decode_enrol_reply("{\"kiosk\": \"k\"}").error().message, "token: missing or not a string");
}

} // namespace
} // namespace checkin::sync
