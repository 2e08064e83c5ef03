#pragma once

// Digests and randomness through OpenSSL's libcrypto (maintained, constant-time where it matters, and
// already linked for the hub's TLS), so the project writes no cryptography of its own.
// Both fail only on a broken system (libcrypto unable to hash, or no random source): that is a broken
// precondition, not a normal failure, so they throw std::runtime_error instead of returning an error.

#include <array>
#include <cstddef>
#include <span>
#include <string>
#include <string_view>

namespace checkin::base {

inline constexpr std::size_t sha256_bytes = 32;

// SHA-256 (FIPS 180-4) of the bytes. Throws std::runtime_error only if libcrypto cannot compute it.
std::array<unsigned char, sha256_bytes> sha256(std::string_view data);
// The same, as 64 lower-case hex digits (what `sha256sum` prints).
std::string sha256_hex(std::string_view data);

// Bytes as lower-case hex, two digits per byte.
std::string hex_lower(std::span<const unsigned char> bytes);

// Fills `bytes` from a cryptographically secure generator (OpenSSL's RAND_bytes, seeded by the kernel).
// Event ids, walk-in codes and tokens use it: kiosks that never talked to each other must still not pick
// the same value, and nobody may guess the next one. Throws std::runtime_error only on a broken system
// with no random source.
void random_bytes(std::span<unsigned char> bytes);

} // namespace checkin::base
