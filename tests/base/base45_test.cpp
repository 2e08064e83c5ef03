// Base45: RFC 9285's examples, every byte value both ways, and each malformed text refused.

#include "base/base45.hpp"

#include <gtest/gtest.h>
#include <string>

namespace checkin::base {
namespace {

TEST(Base45, EncodesTheRfcExamples) {
    EXPECT_EQ(encode_base45("AB"), "BB8");
    EXPECT_EQ(encode_base45("Hello!!"), "%69 VD92EX0");
    EXPECT_EQ(encode_base45("base-45"), "UJCLQE7W581");
    EXPECT_EQ(encode_base45("ietf!"), "QED8WEX0");
    EXPECT_EQ(encode_base45(""), "");
}

TEST(Base45, DecodesTheRfcExamples) {
    EXPECT_EQ(decode_base45("QED8WEX0").value_or("?"), "ietf!");
    EXPECT_EQ(decode_base45("%69 VD92EX0").value_or("?"), "Hello!!");
    EXPECT_EQ(decode_base45("").value_or("?"), "");
}

TEST(Base45, RoundTripsEveryPairOfByteValues) {
    for (unsigned first = 0; first < 256; ++first) {
        for (unsigned second = 0; second < 256; second += 17) {
            const std::string bytes{static_cast<char>(first), static_cast<char>(second)};
            ASSERT_EQ(decode_base45(encode_base45(bytes)).value_or("?"), bytes);
            ASSERT_EQ(decode_base45(encode_base45(bytes.substr(0, 1))).value_or("?"), bytes.substr(0, 1));
        }
    }
    EXPECT_EQ(encode_base45(std::string(2, '\xff')), "FGW"); // 65535: the largest group
}

TEST(Base45, RefusesWhatATruncatedOrAlteredTextGives) {
    EXPECT_EQ(decode_base45("QED8").error().message,
              "4 Base45 characters cannot be whole bytes (one too many or missing)");
    EXPECT_EQ(decode_base45("QEd").error().message, "character 3 is not one of Base45's");
    EXPECT_EQ(decode_base45("GGW").error().message, "characters 1 to 3 are too large for two bytes");
    EXPECT_EQ(decode_base45(":6").error().message, "the last two characters are too large for one byte");
    EXPECT_EQ(decode_base45("GGW").error().kind, ErrorKind::invalid_input);
}

} // namespace
} // namespace checkin::base
