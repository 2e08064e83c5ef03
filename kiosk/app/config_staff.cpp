// The staff secrets: each person's PIN as an Argon2id hash (a salt of its own in every hash), their QR
// code as the SHA-256 of the file's salt and the code, and finding whose a PIN or code is without the time
// taken telling anything.

#include "base/digest.hpp"
#include "base/password_hash.hpp"
#include "base/text.hpp"
#include "kiosk/app/config.hpp"
#include "kiosk/app/config_internal.hpp"

#include <algorithm>
#include <chrono>
#include <fmt/format.h>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace checkin::kiosk {

using namespace config_internal;

namespace {

constexpr std::size_t sha256_hex_digits = 64;
constexpr std::size_t minimum_salt_length = 8;
constexpr std::size_t maximum_salt_length = 64;
constexpr std::size_t maximum_staff_name_length = 32;
constexpr unsigned maximum_lockout_count = 20;
constexpr unsigned maximum_lockout_minutes = 120;
// Every PIN is tried against every hash (see find_staff_by_pin), at about 0.1 s each: this many keep a
// wrong PIN's answer under two seconds, on the database worker, never the screen's thread.
constexpr std::size_t maximum_staff_pins = 16;

bool same_hash(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) {
        return false;
    }
    // Every character is compared, so the time taken does not tell how much of a guess was right.
    unsigned difference = 0;
    for (std::size_t index = 0; index < a.size(); ++index) {
        difference |= static_cast<unsigned>(static_cast<unsigned char>(a[index]) ^
                                            static_cast<unsigned char>(b[index]));
    }
    return difference == 0;
}

std::string hash_pin_hint(std::string_view key) {
    return fmt::format("{} must be an Argon2id hash made by `kiosk --hash-pin` (it reads the PIN, {} to {} "
                       "digits, from standard input and prints the line to paste here), never the PIN "
                       "itself",
                       key, minimum_staff_pin_digits, maximum_staff_pin_digits);
}

const StaffSecret* find_secret(const StaffSettings& staff, const std::vector<StaffSecret>& secrets,
                               std::string_view secret) {
    if (secrets.empty() || secret.empty()) {
        return nullptr;
    }
    const std::string hash = hash_staff_secret(secret, staff.salt);
    const StaffSecret* found = nullptr;
    for (const StaffSecret& entry : secrets) {
        if (same_hash(entry.hash, hash) && found == nullptr) {
            found = &entry;
        }
    }
    return found;
}

} // namespace

namespace config_internal {

base::Result<void> read_staff_setting(StaffSettings& staff, std::string_view key, std::string_view value,
                                      std::size_t line) {
    if (key == "salt") {
        // The salt is no secret, but it is not repeated in messages either.
        if (value.size() < minimum_salt_length || value.size() > maximum_salt_length ||
            !is_printable_word(value)) {
            return base::fail(base::ErrorKind::invalid_input,
                              fmt::format("salt must be {} to {} ASCII characters without spaces (it is "
                                          "{} characters long)",
                                          minimum_salt_length, maximum_salt_length, value.size()));
        }
        staff.salt = value;
    } else if (key == "lockout_count" || key == "lockout_minutes") {
        const unsigned most = key == "lockout_count" ? maximum_lockout_count : maximum_lockout_minutes;
        const auto count = parse_whole_number(value);
        if (!count || *count == 0 || *count > most) {
            return base::fail(
                base::ErrorKind::invalid_input,
                fmt::format("{} must be a whole number from 1 to {}, not '{}'", key, most, value));
        }
        if (key == "lockout_count") {
            staff.lockout_count = *count;
        } else {
            staff.lockout_duration = std::chrono::minutes(*count);
        }
    } else {
        const bool pin = key.starts_with("pin.");
        const std::string_view name = key.substr(key.find('.') + 1);
        if (name.empty() || name.size() > maximum_staff_name_length ||
            !std::ranges::all_of(name, is_name_character)) {
            return base::fail(base::ErrorKind::invalid_input,
                              fmt::format("{} needs a person's name after the dot: at most {} letters, "
                                          "digits, '-' or '_' ({}.anna), not '{}'",
                                          pin ? "pin" : "code", maximum_staff_name_length,
                                          pin ? "pin" : "code", key));
        }
        // The value is never repeated: it may be a PIN written in plain text by mistake.
        if (pin) {
            if (!base::looks_like_password_hash(value)) {
                return base::fail(base::ErrorKind::invalid_input, hash_pin_hint(key));
            }
            if (staff.pins.size() == maximum_staff_pins) {
                return base::fail(base::ErrorKind::invalid_input,
                                  fmt::format("at most {} staff PINs: each one makes checking a PIN slower "
                                              "(Argon2id); give staff codes to the others",
                                              maximum_staff_pins));
            }
            staff.pins.push_back(StaffSecret{std::string(name), std::string(value), line});
            return {};
        }
        if (value.size() != sha256_hex_digits || !std::ranges::all_of(value, is_hex_digit)) {
            return base::fail(
                base::ErrorKind::invalid_input,
                fmt::format("{} must be 64 hex digits, the SHA-256 of the salt followed by the {} "
                            "(printf '%s%s' \"$salt\" \"${}\" | sha256sum), never the {} itself",
                            key, pin ? "PIN" : "code", pin ? "pin" : "code", pin ? "PIN" : "code"));
        }
        staff.codes.push_back(StaffSecret{std::string(name), base::ascii_lower(value), line});
    }
    return {};
}

std::optional<LineProblem> staff_problem(const StaffSettings& staff) {
    // PINs need no salt here (each Argon2id hash has its own) and two equal PINs cannot be seen in their
    // hashes; codes are the SHA-256 of the file's salt and the code.
    for (const std::vector<StaffSecret>* secrets : {&staff.codes}) {
        const std::string_view kind = "code";
        for (std::size_t index = 0; index < secrets->size(); ++index) {
            const StaffSecret& secret = (*secrets)[index];
            if (staff.salt.empty()) {
                return LineProblem{secret.line,
                                   fmt::format("{}.{} needs the salt its hash was made with: add salt = "
                                               "to [staff]",
                                               kind, secret.name)};
            }
            for (std::size_t earlier = 0; earlier < index; ++earlier) {
                if ((*secrets)[earlier].hash == secret.hash) {
                    return LineProblem{
                        secret.line,
                        fmt::format("{}.{} is the same {} as {}.{} (line {}): give each person one of "
                                    "their own, or the staff log cannot tell them apart",
                                    kind, secret.name, kind == "pin" ? "PIN" : "code", kind,
                                    (*secrets)[earlier].name, (*secrets)[earlier].line)};
                }
            }
        }
    }
    return {};
}

} // namespace config_internal

std::string hash_staff_secret(std::string_view secret, std::string_view salt) {
    std::string salted(salt);
    salted += secret;
    return sha256_hex(salted);
}

base::Result<std::string> hash_staff_pin(std::string_view pin) {
    if (pin.size() < minimum_staff_pin_digits || pin.size() > maximum_staff_pin_digits ||
        !std::ranges::all_of(pin, [](char character) { return character >= '0' && character <= '9'; })) {
        return base::fail(base::ErrorKind::invalid_input,
                          fmt::format("a staff PIN is {} to {} digits, nothing else (the PIN pad has digits "
                                      "only)",
                                      minimum_staff_pin_digits, maximum_staff_pin_digits));
    }
    return base::hash_password(pin);
}

const StaffSecret* find_staff_by_pin(const StaffSettings& staff, std::string_view pin) {
    // Every hash is tried, even after a match, so the time taken does not tell whose PIN it was or how far
    // down the list it is; at most maximum_staff_pins of them.
    const StaffSecret* found = nullptr;
    for (const StaffSecret& entry : staff.pins) {
        if (base::verify_password(entry.hash, pin) && found == nullptr) {
            found = &entry;
        }
    }
    return pin.empty() ? nullptr : found;
}

const StaffSecret* find_staff_by_code(const StaffSettings& staff, std::string_view code) {
    return find_secret(staff, staff.codes, code);
}

} // namespace checkin::kiosk
