// The configuration's [codes] section: more public keys for signed codes, whether plain roster codes are
// still taken, and the key badges' QR codes are signed with.

#include "kiosk/app/config_internal.hpp"

#include <fmt/format.h>

namespace checkin::kiosk {

namespace config_internal {

base::Result<void> read_codes_setting(CodeSettings& codes, std::string_view key, std::string_view value) {
    if (key == "public_keys") {
        std::size_t start = 0;
        while (start < value.size()) {
            const std::size_t end = std::min(value.find(' ', start), value.size());
            const std::string_view word = value.substr(start, end - start);
            start = end + 1;
            if (word.empty()) {
                continue;
            }
            auto parsed = base::parse_public_key(word);
            if (!parsed) {
                return base::fail(base::ErrorKind::invalid_input,
                                  fmt::format("public_keys takes public keys as `kioskctl keys new` prints "
                                              "them (ed25519:…), separated by spaces: {}",
                                              parsed.error().message));
            }
            codes.public_keys.push_back(*parsed);
        }
    } else if (key == "accept_unsigned") {
        if (value == "yes") {
            codes.unsigned_codes = UnsignedCodes::accepted;
        } else if (value == "no") {
            codes.unsigned_codes = UnsignedCodes::refused;
        } else {
            return base::fail(base::ErrorKind::invalid_input,
                              fmt::format("accept_unsigned is yes or no, not '{}'", value));
        }
    } else if (key == "badge_key") {
        codes.badge_key = std::filesystem::path(value);
    }
    return {};
}

} // namespace config_internal

bool accepts_unsigned_codes(const CodeSettings& codes, std::size_t mirror_keys) {
    switch (codes.unsigned_codes) {
    case UnsignedCodes::accepted:
        return true;
    case UnsignedCodes::refused:
        return false;
    case UnsignedCodes::until_keys:
        break;
    }
    return mirror_keys == 0;
}

bool offers_find_by_name(const ScreenTimings& screens, const CodeSettings& codes, std::size_t mirror_keys) {
    switch (screens.find_by_name) {
    case FindByNameOffer::always:
        return true;
    case FindByNameOffer::never:
        return false;
    case FindByNameOffer::unless_signed_only:
        break;
    }
    return accepts_unsigned_codes(codes, mirror_keys);
}

} // namespace checkin::kiosk
