#include "base/digest.hpp"

#include <algorithm>
#include <climits>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <stdexcept>

namespace checkin::base {

std::array<unsigned char, sha256_bytes> sha256(std::string_view data) {
    // OpenSSL's one-shot digest: no context to own, nothing to free.
    std::array<unsigned char, sha256_bytes> digest{};
    unsigned int length = 0;
    if (EVP_Digest(data.data(), data.size(), digest.data(), &length, EVP_sha256(), nullptr) != 1 ||
        length != digest.size()) {
        throw std::runtime_error("OpenSSL could not compute a SHA-256 digest (libcrypto is broken)");
    }
    return digest;
}

std::string sha256_hex(std::string_view data) {
    return hex_lower(sha256(data));
}

std::string hex_lower(std::span<const unsigned char> bytes) {
    static constexpr std::string_view digits = "0123456789abcdef";
    std::string text;
    text.reserve(bytes.size() * 2);
    for (const unsigned char byte : bytes) {
        text += digits[byte >> 4U];
        text += digits[byte & 0x0FU];
    }
    return text;
}

void random_bytes(std::span<unsigned char> bytes) {
    // RAND_bytes takes an int count; ask in pieces so any span size works.
    while (!bytes.empty()) {
        const std::size_t piece = std::min<std::size_t>(bytes.size(), INT_MAX);
        if (RAND_bytes(bytes.data(), static_cast<int>(piece)) != 1) {
            throw std::runtime_error(
                "OpenSSL found no random source for ids, codes and tokens (RAND_bytes failed)");
        }
        bytes = bytes.subspan(piece);
    }
}

} // namespace checkin::base
