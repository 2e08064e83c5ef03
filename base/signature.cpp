// Ed25519 through libsodium (signature.hpp).

#include "base/signature.hpp"

#include "base/text.hpp"

#include <fmt/format.h>
#include <sodium.h>
#include <stdexcept>

namespace checkin::base {

namespace {

constexpr std::string_view public_prefix = "ed25519:";
constexpr std::string_view secret_prefix = "ed25519-secret:";
constexpr std::size_t seed_bytes = crypto_sign_SEEDBYTES;

static_assert(crypto_sign_PUBLICKEYBYTES == public_key_bytes);
static_assert(crypto_sign_BYTES == signature_bytes);
static_assert(crypto_sign_SECRETKEYBYTES == SecretKey::bytes_size);

// sodium_init() is safe to call from several threads and more than once; it fails only when the system
// has no random source, a broken precondition.
void ensure_sodium() {
    if (sodium_init() < 0) {
        throw std::runtime_error("libsodium cannot start: the system has no random source");
    }
}

std::string to_base64(const unsigned char* bytes, std::size_t size) {
    std::string text(sodium_base64_ENCODED_LEN(size, sodium_base64_VARIANT_ORIGINAL), '\0');
    sodium_bin2base64(text.data(), text.size(), bytes, size, sodium_base64_VARIANT_ORIGINAL);
    text.resize(text.find('\0'));
    return text;
}

// Exactly `size` bytes of standard base64, or false.
bool from_base64(std::string_view text, unsigned char* bytes, std::size_t size) {
    std::size_t decoded = 0;
    const char* end = nullptr;
    const int result = sodium_base642bin(bytes, size, text.data(), text.size(), nullptr, &decoded, &end,
                                         sodium_base64_VARIANT_ORIGINAL);
    return result == 0 && decoded == size && end == text.data() + text.size();
}

} // namespace

SecretKey::~SecretKey() {
    sodium_memzero(m_bytes.data(), m_bytes.size());
}

PublicKey SecretKey::public_key() const {
    PublicKey key{};
    crypto_sign_ed25519_sk_to_pk(key.data(), m_bytes.data());
    return key;
}

SecretKey generate_secret_key() {
    ensure_sodium();
    SecretKey key;
    PublicKey ignored{};
    crypto_sign_keypair(ignored.data(), key.bytes().data());
    return key;
}

Signature sign(std::string_view message, const SecretKey& key) {
    ensure_sodium();
    Signature signature{};
    crypto_sign_detached(signature.data(), nullptr, reinterpret_cast<const unsigned char*>(message.data()),
                         message.size(), key.bytes().data());
    return signature;
}

bool verify_signature(std::string_view message, const Signature& signature, const PublicKey& key) {
    ensure_sodium();
    return crypto_sign_verify_detached(signature.data(),
                                       reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                                       key.data()) == 0;
}

std::string format_public_key(const PublicKey& key) {
    return fmt::format("{}{}", public_prefix, to_base64(key.data(), key.size()));
}

Result<PublicKey> parse_public_key(std::string_view text) {
    const std::string_view trimmed = trim(text);
    PublicKey key{};
    if (!trimmed.starts_with(public_prefix) ||
        !from_base64(trimmed.substr(public_prefix.size()), key.data(), key.size())) {
        return fail(ErrorKind::invalid_input, "a public key is \"ed25519:\" followed by 44 characters of "
                                              "base64, as `kioskctl keys new` prints it");
    }
    return key;
}

std::string format_secret_key(const SecretKey& key) {
    // The seed is the first half of libsodium's secret key; the rest is the public key, derived again.
    return fmt::format("{}{}", secret_prefix, to_base64(key.bytes().data(), seed_bytes));
}

Result<SecretKey> parse_secret_key(std::string_view text) {
    ensure_sodium();
    const std::string_view trimmed = trim(text);
    std::array<unsigned char, seed_bytes> seed{};
    if (!trimmed.starts_with(secret_prefix) ||
        !from_base64(trimmed.substr(secret_prefix.size()), seed.data(), seed.size())) {
        sodium_memzero(seed.data(), seed.size());
        return fail(
            ErrorKind::invalid_input,
            "this is not a signing key file made by `kioskctl keys new` (\"ed25519-secret:\" and base64)");
    }
    SecretKey key;
    PublicKey ignored{};
    crypto_sign_seed_keypair(ignored.data(), key.bytes().data(), seed.data());
    sodium_memzero(seed.data(), seed.size());
    return key;
}

} // namespace checkin::base
