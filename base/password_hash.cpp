// Argon2id through libsodium (password_hash.hpp).

#include "base/password_hash.hpp"

#include <algorithm>
#include <sodium.h>
#include <string>

namespace checkin::base {

namespace {

// See signature.cpp: safe to call often; fails only without a random source.
bool sodium_ready() {
    return sodium_init() >= 0;
}

} // namespace

Result<std::string> hash_password(std::string_view secret) {
    if (!sodium_ready()) {
        return fail(ErrorKind::internal, "libsodium cannot start: the system has no random source");
    }
    std::string hash(crypto_pwhash_STRBYTES, '\0');
    if (crypto_pwhash_str_alg(hash.data(), secret.data(), secret.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                              crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0) {
        return fail(ErrorKind::internal, "the PIN could not be hashed: Argon2id needs 64 MiB of memory",
                    "crypto_pwhash_str_alg failed");
    }
    hash.resize(hash.find('\0'));
    return hash;
}

bool verify_password(std::string_view hash, std::string_view secret) {
    if (!sodium_ready() || !looks_like_password_hash(hash)) {
        return false;
    }
    const std::string terminated(hash); // libsodium reads a C string
    return crypto_pwhash_str_verify(terminated.c_str(), secret.data(), secret.size()) == 0;
}

bool looks_like_password_hash(std::string_view text) {
    return text.starts_with(argon2id_prefix) && text.size() < crypto_pwhash_STRBYTES &&
           std::ranges::all_of(text, [](char character) { return character > ' ' && character < 127; });
}

} // namespace checkin::base
