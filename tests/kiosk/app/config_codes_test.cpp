// The configuration's [codes] section: more public keys, whether plain roster codes are taken, the badge key.

#include "kiosk/app/config.hpp"

#include <fmt/format.h>
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

// Find yourself by name ([screens] find_by_name): on by default where plain codes admit, off where only
// signed codes do unless the organiser says always; no turns it off everywhere.
TEST(ConfigFindByName, OfferedWhilePlainCodesAdmitUnlessSaidOtherwise) {
    const KioskConfig defaults = default_kiosk_config();
    EXPECT_EQ(defaults.screens.find_by_name, FindByNameOffer::unless_signed_only);
    EXPECT_TRUE(offers_find_by_name(defaults.screens, defaults.codes, 0));
    EXPECT_FALSE(offers_find_by_name(defaults.screens, defaults.codes, 1)) << "signed codes only";

    const auto read = [](const std::string& text) {
        auto config = parse_kiosk_config(fmt::format("[kiosk]\nid = k1\n{}", text), "test.conf");
        EXPECT_TRUE(config.has_value()) << config.error().message;
        return config.value_or(default_kiosk_config());
    };
    const KioskConfig refused = read("[codes]\naccept_unsigned = no\n");
    EXPECT_FALSE(offers_find_by_name(refused.screens, refused.codes, 0));
    const KioskConfig always = read("[screens]\nfind_by_name = always\n[codes]\naccept_unsigned = no\n");
    EXPECT_EQ(always.screens.find_by_name, FindByNameOffer::always);
    EXPECT_TRUE(offers_find_by_name(always.screens, always.codes, 2));
    const KioskConfig never = read("[screens]\nfind_by_name = no\n");
    EXPECT_EQ(never.screens.find_by_name, FindByNameOffer::never);
    EXPECT_FALSE(offers_find_by_name(never.screens, never.codes, 0));
    const KioskConfig yes = read("[screens]\nfind_by_name = yes\n[codes]\naccept_unsigned = yes\n");
    EXPECT_TRUE(offers_find_by_name(yes.screens, yes.codes, 5));

    auto wrong = parse_kiosk_config("[kiosk]\nid = k1\n[screens]\nfind_by_name = maybe\n", "test.conf");
    ASSERT_FALSE(wrong.has_value());
    EXPECT_EQ(
        wrong.error().message,
        "test.conf:4: find_by_name must be yes, always or no (whether a delegate without a code may find "
        "themselves by surname), not 'maybe'");
}

} // namespace
} // namespace checkin::kiosk
