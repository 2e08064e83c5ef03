#pragma once

// Ed25519 signatures through libsodium: the organiser's key signs codes (invitations, badges, staff
// codes), every kiosk verifies them offline with the public key. The project writes no cryptography of
// its own; this file only gives libsodium's calls names and text forms.
//
// Text forms (one line each, so they fit a configuration file and a terminal):
//   public key  "ed25519:" + standard base64 of the 32 bytes     (kioskctl keys add, [codes] public_keys)
//   secret key  "ed25519-secret:" + standard base64 of the 32-byte seed (the key file, mode 0600)

#include "base/error.hpp"

#include <array>
#include <cstddef>
#include <string>
#include <string_view>

namespace checkin::base {

inline constexpr std::size_t public_key_bytes = 32;
inline constexpr std::size_t signature_bytes = 64;

using PublicKey = std::array<unsigned char, public_key_bytes>;
using Signature = std::array<unsigned char, signature_bytes>;

// A secret key: libsodium's 64 bytes (seed and public key). Wiped when destroyed; copied only on purpose.
class SecretKey {
public:
    static constexpr std::size_t bytes_size = 64;
    SecretKey() = default;
    SecretKey(const SecretKey& other) = default;
    SecretKey& operator=(const SecretKey& other) = default;
    ~SecretKey();

    std::array<unsigned char, bytes_size>& bytes() { return m_bytes; }
    const std::array<unsigned char, bytes_size>& bytes() const { return m_bytes; }
    PublicKey public_key() const;

private:
    std::array<unsigned char, bytes_size> m_bytes{};
};

// A new key from the system's secure random source.
SecretKey generate_secret_key();

Signature sign(std::string_view message, const SecretKey& key);
// True only when `signature` is the key's signature of exactly these bytes.
bool verify_signature(std::string_view message, const Signature& signature, const PublicKey& key);

std::string format_public_key(const PublicKey& key);
// Refused (invalid_input) unless it is "ed25519:" and 32 bytes of base64; surrounding blanks are ignored.
Result<PublicKey> parse_public_key(std::string_view text);

std::string format_secret_key(const SecretKey& key);
Result<SecretKey> parse_secret_key(std::string_view text);

} // namespace checkin::base
