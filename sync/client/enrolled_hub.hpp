#pragma once

// Where `kioskctl enrol` leaves what it learnt, for `kioskctl sync` to use without --hub, --pin and
// --token-file: beside the mirror FILE, FILE.hub holds the hub's address and pin (two lines,
// "hub_url URL" and "hub_pin PIN") and FILE.hub-token the kiosk's token (mode 0600). Two small files
// rather than a row in the mirror, so the token never lands in a mirror copied for a report, and a
// person can read or delete them. The codec is pure; read_enrolled_hub and read_enrolled_token read the
// files, with the same limits.

#include "sync/roster/error.hpp"

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace checkin::sync {

// Far more than two lines of an address (200) and a pin (52) need.
inline constexpr std::size_t enrolled_hub_maximum_bytes = 1024;

struct EnrolledHub {
    std::string hub_url;
    std::string pin;
    friend bool operator==(const EnrolledHub&, const EnrolledHub&) = default;
};

std::string encode_enrolled_hub(const EnrolledHub& hub);
// Refused with invalid_input naming what is wrong: too long, a line that is not "hub_url …" or
// "hub_pin …", a missing line, or a pin of the wrong form.
Result<EnrolledHub> decode_enrolled_hub(std::string_view text);

// FILE.hub and FILE.hub-token for the mirror FILE.
std::filesystem::path enrolled_hub_path(const std::filesystem::path& mirror);
std::filesystem::path enrolled_token_path(const std::filesystem::path& mirror);

// FILE.hub beside `mirror`: nullopt when the kiosk was never enrolled (no such file); refused
// (invalid_input, naming the file) when it cannot be read or is not what enrol writes.
Result<std::optional<EnrolledHub>> read_enrolled_hub(const std::filesystem::path& mirror);
// The token in FILE.hub-token: its first line, trimmed; refused (invalid_input, naming the file) when it is
// missing, empty or longer than any token.
Result<std::string> read_enrolled_token(const std::filesystem::path& mirror);

} // namespace checkin::sync
