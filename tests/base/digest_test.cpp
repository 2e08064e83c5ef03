#include "base/digest.hpp"

#include <algorithm>
#include <array>
#include <gtest/gtest.h>
#include <string>

namespace checkin::base {
namespace {

// FIPS 180-4's examples (NIST CSRC "Examples with Intermediate Values", SHA-256) and the long-message
// vector of FIPS 180-2 appendix B.3.
TEST(Digest, Sha256TestVectors) {
    EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
              "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    EXPECT_EQ(sha256_hex(std::string(1000000, 'a')),
              "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Digest, Sha256BytesMatchTheHex) {
    const auto digest = sha256("abc");
    EXPECT_EQ(digest[0], 0xba);
    EXPECT_EQ(digest[31], 0xad);
    EXPECT_EQ(hex_lower(digest), sha256_hex("abc"));
}

TEST(Digest, HexLower) {
    const std::array<unsigned char, 4> bytes{0x00, 0x0f, 0xa5, 0xff};
    EXPECT_EQ(hex_lower(bytes), "000fa5ff");
    EXPECT_EQ(hex_lower({}), "");
}

TEST(Digest, RandomBytesFillTheSpanAndDiffer) {
    std::array<unsigned char, 32> first{};
    std::array<unsigned char, 32> second{};
    random_bytes(first);
    random_bytes(second);
    // 256 random bits: equal, or all zero, only with probability 2^-256.
    EXPECT_NE(first, second);
    EXPECT_FALSE(std::ranges::all_of(first, [](unsigned char byte) { return byte == 0; }));
    random_bytes({}); // nothing to fill is not an error
}

} // namespace
} // namespace checkin::base
