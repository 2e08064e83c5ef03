// Ed25519 through libsodium: RFC 8032's first test vector, round trips, refusals of every altered byte,
// and the keys' text forms.

#include "base/signature.hpp"

#include <gtest/gtest.h>
#include <string>
#include <vector>

namespace checkin::base {
namespace {

std::string from_hex(std::string_view hex) {
    std::string bytes;
    for (std::size_t index = 0; index + 1 < hex.size(); index += 2) {
        bytes.push_back(static_cast<char>(std::stoi(std::string(hex.substr(index, 2)), nullptr, 16)));
    }
    return bytes;
}

TEST(Signature, MatchesRfc8032TestVectorOne) {
    // RFC 8032, 7.1, TEST 1: the empty message.
    // The seed 9d61b19d…1cae7f60, in the secret key file's base64.
    const std::string expected_public =
        from_hex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
    const std::string expected_signature = from_hex("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065"
                                                    "224901555fb8821590a33bacc61e39701cf9b46bd25bf5f"
                                                    "0595bbe24655141438e7a100b");
    // Through the secret key's text form, which carries the seed.
    auto key = parse_secret_key("ed25519-secret:nWGxne/9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A=");
    ASSERT_TRUE(key.has_value()) << key.error().message;
    const PublicKey public_key = key->public_key();
    EXPECT_EQ(std::string(public_key.begin(), public_key.end()), expected_public);
    const Signature signature = sign("", *key);
    EXPECT_EQ(std::string(signature.begin(), signature.end()), expected_signature);
    EXPECT_TRUE(verify_signature("", signature, public_key));
}

TEST(Signature, VerifiesOnlyTheExactMessageWithTheRightKey) {
    const SecretKey key = generate_secret_key();
    const SecretKey other = generate_secret_key();
    const std::string message = "CWD-ZPZXSWG7 2026-11-29";
    const Signature signature = sign(message, key);
    EXPECT_TRUE(verify_signature(message, signature, key.public_key()));
    EXPECT_FALSE(verify_signature(message, signature, other.public_key()));
    for (std::size_t index = 0; index < message.size(); ++index) {
        std::string altered = message;
        altered[index] = static_cast<char>(altered[index] ^ 0x01);
        EXPECT_FALSE(verify_signature(altered, signature, key.public_key())) << index;
    }
    for (std::size_t index = 0; index < signature.size(); ++index) {
        Signature altered = signature;
        altered[index] ^= 0x80;
        EXPECT_FALSE(verify_signature(message, altered, key.public_key())) << index;
    }
}

TEST(Signature, KeysRoundTripThroughTheirTextForms) {
    const SecretKey key = generate_secret_key();
    const std::string public_text = format_public_key(key.public_key());
    EXPECT_TRUE(public_text.starts_with("ed25519:"));
    EXPECT_EQ(public_text.size(), 8U + 44U);
    EXPECT_EQ(parse_public_key("  " + public_text + "\n").value_or(PublicKey{}), key.public_key());
    auto parsed = parse_secret_key(format_secret_key(key) + "\n");
    ASSERT_TRUE(parsed.has_value());
    EXPECT_EQ(parsed->bytes(), key.bytes());
}

TEST(Signature, RefusesKeysThatAreNotKeys) {
    const std::vector<std::string> not_keys{"", "ed25519:", "ed25519:AAAA", "rsa:" + std::string(44, 'A'),
                                            "ed25519:" + std::string(43, 'A') + "!"};
    for (const auto& text : not_keys) {
        auto parsed = parse_public_key(text);
        ASSERT_FALSE(parsed.has_value()) << text;
        EXPECT_EQ(parsed.error().kind, ErrorKind::invalid_input);
        EXPECT_EQ(parsed.error().message, "a public key is \"ed25519:\" followed by 44 characters of base64, "
                                          "as `kioskctl keys new` prints it");
    }
    auto secret = parse_secret_key("ed25519:" + std::string(44, 'A'));
    ASSERT_FALSE(secret.has_value());
    EXPECT_EQ(secret.error().message,
              "this is not a signing key file made by `kioskctl keys new` (\"ed25519-secret:\" and base64)");
}

} // namespace
} // namespace checkin::base
