#pragma once

// Base45 (RFC 9285): bytes as text in the 45 characters of a QR code's alphanumeric mode
// ("0-9A-Z $%*+-./:"), which packs 11 bits in 2 characters instead of byte mode's 8 — so the same bytes
// make a smaller symbol. Used by the signed codes (sync/roster/signed_code.hpp), as the EU Digital COVID
// Certificate uses it. Pure.

#include "base/error.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace checkin::base {

// Every 2 bytes become 3 characters, a last single byte 2.
std::string encode_base45(std::string_view bytes);

// Refused (ErrorKind::invalid_input) for a character outside the alphabet, a length that leaves one
// character over (length % 3 == 1), or a group whose value is too large for its bytes — what a truncated
// or altered text gives.
Result<std::string> decode_base45(std::string_view text);

} // namespace checkin::base
