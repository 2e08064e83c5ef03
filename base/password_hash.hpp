#pragma once

// Argon2id password hashes through libsodium (crypto_pwhash_str): each hash carries its own random salt
// and its cost, in the "$argon2id$v=19$m=…,t=…,p=1$SALT$HASH" form, so a stolen configuration file costs
// an attacker the full Argon2id work for every guess at every PIN. Made with libsodium's "interactive"
// limits (64 MiB, 2 passes): about 0.1 s a hash on a kiosk's mini-PC, and the same to verify one.

#include "base/error.hpp"

#include <string>
#include <string_view>

namespace checkin::base {

inline constexpr std::string_view argon2id_prefix = "$argon2id$";

// A new hash of `secret` with a fresh random salt. Fails (ErrorKind::internal) only when the memory the
// hash needs cannot be had.
Result<std::string> hash_password(std::string_view secret);

// Whether `hash` (as hash_password made it) is of `secret`. False for a malformed hash too.
bool verify_password(std::string_view hash, std::string_view secret);

// Whether `text` has the form of a hash this build can verify (the prefix, printable ASCII, not too long);
// the hash itself is only checked by verify_password.
bool looks_like_password_hash(std::string_view text);

} // namespace checkin::base
