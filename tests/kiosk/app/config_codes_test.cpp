// The configuration's [codes] section: more public keys, whether plain roster codes are taken, the badge key.

#include "kiosk/app/config.hpp"

#include <gtest/gtest.h>
#include <string>

namespace checkin::kiosk {
namespace {

ConfigResult<KioskConfig> parse(const std::string& codes) {
    return parse_kiosk_config("[kiosk]\nid = k1\n[codes]\n" + codes, "test.conf");
}

TEST(ConfigCodes, TheDefaultTakesPlainCodesUntilTheMirrorHoldsAKey) {
    const KioskConfig config = default_kiosk_config();
    EXPECT_TRUE(config.codes.public_keys.empty());
    EXPECT_EQ(config.codes.unsigned_codes, UnsignedCodes::until_keys);
    EXPECT_TRUE(config.codes.badge_key.empty());
    EXPECT_TRUE(accepts_unsigned_codes(config.codes, 0));
    EXPECT_FALSE(accepts_unsigned_codes(config.codes, 1));
}

TEST(ConfigCodes, EveryKeyIsRead) {
    const base::PublicKey first = base::generate_secret_key().public_key();
    const base::PublicKey second = base::generate_secret_key().public_key();
    auto config =
        parse("public_keys = " + base::format_public_key(first) + "  " + base::format_public_key(second) +
              "\naccept_unsigned = no\nbadge_key = /etc/checkin/badge.key\n");
    ASSERT_TRUE(config.has_value()) << config.error().message;
    EXPECT_EQ(config->codes.public_keys, (std::vector<base::PublicKey>{first, second}));
    EXPECT_EQ(config->codes.unsigned_codes, UnsignedCodes::refused);
    EXPECT_EQ(config->codes.badge_key, "/etc/checkin/badge.key");
    EXPECT_FALSE(accepts_unsigned_codes(config->codes, 0));
}

TEST(ConfigCodes, AcceptUnsignedYesTakesPlainCodesEvenWithKeys) {
    auto config = parse("accept_unsigned = yes\n");
    ASSERT_TRUE(config.has_value()) << config.error().message;
    EXPECT_TRUE(accepts_unsigned_codes(config->codes, 3));
}

TEST(ConfigCodes, MistakesNameTheirLine) {
    auto key = parse("public_keys = ed25519:tooshort\n");
    ASSERT_FALSE(key.has_value());
    EXPECT_NE(key.error().message.find("test.conf:4: public_keys takes public keys"), std::string::npos)
        << key.error().message;
    auto answer = parse("accept_unsigned = maybe\n");
    ASSERT_FALSE(answer.has_value());
    EXPECT_NE(answer.error().message.find("test.conf:4: accept_unsigned is yes or no, not 'maybe'"),
              std::string::npos)
        << answer.error().message;
    auto unknown = parse("public_key = x\n");
    ASSERT_FALSE(unknown.has_value());
    EXPECT_NE(unknown.error().message.find("unknown key 'public_key' in [codes]"), std::string::npos)
        << unknown.error().message;
}

} // namespace
} // namespace checkin::kiosk
