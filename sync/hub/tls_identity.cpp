#include "sync/hub/tls_identity.hpp"

#include <arpa/inet.h>
#include <fmt/format.h>
#include <memory>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/sha.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <vector>

namespace checkin::sync {

namespace {

// Every libcrypto object, owned once.
struct KeyFree {
    void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
struct KeyContextFree {
    void operator()(EVP_PKEY_CTX* context) const { EVP_PKEY_CTX_free(context); }
};
struct CertificateFree {
    void operator()(X509* certificate) const { X509_free(certificate); }
};
struct BioFree {
    void operator()(BIO* bio) const { BIO_free(bio); }
};
struct ExtensionFree {
    void operator()(X509_EXTENSION* extension) const { X509_EXTENSION_free(extension); }
};
using Key = std::unique_ptr<EVP_PKEY, KeyFree>;
using KeyContext = std::unique_ptr<EVP_PKEY_CTX, KeyContextFree>;
using Certificate = std::unique_ptr<X509, CertificateFree>;
using Bio = std::unique_ptr<BIO, BioFree>;
using Extension = std::unique_ptr<X509_EXTENSION, ExtensionFree>;

Error crypto_failure(std::string_view what) {
    Error error(ErrorKind::internal, fmt::format("cannot make the hub's certificate: {} failed", what));
    return error;
}

// What a memory BIO holds, as text.
std::string bio_text(BIO* bio) {
    char* data = nullptr;
    const long length = BIO_get_mem_data(bio, &data);
    return length > 0 && data != nullptr ? std::string(data, static_cast<std::size_t>(length))
                                         : std::string();
}

Result<Key> make_key() {
    KeyContext context(EVP_PKEY_CTX_new_id(EVP_PKEY_EC, nullptr));
    if (!context || EVP_PKEY_keygen_init(context.get()) <= 0 ||
        EVP_PKEY_CTX_set_ec_paramgen_curve_nid(context.get(), NID_X9_62_prime256v1) <= 0) {
        return fail(crypto_failure("preparing a P-256 key"));
    }
    EVP_PKEY* made = nullptr;
    if (EVP_PKEY_keygen(context.get(), &made) <= 0) {
        return fail(crypto_failure("making a P-256 key"));
    }
    return Key(made);
}

bool add_extension(X509* certificate, int nid, const std::string& value) {
    X509V3_CTX context;
    X509V3_set_ctx_nodb(&context);
    X509V3_set_ctx(&context, certificate, certificate, nullptr, nullptr, 0);
    Extension extension(X509V3_EXT_conf_nid(nullptr, &context, nid, value.c_str()));
    return extension && X509_add_ext(certificate, extension.get(), -1) == 1;
}

} // namespace

Result<TlsIdentity> make_tls_identity(std::string_view host, int valid_days) {
    if (host.empty() || host.size() > 64) {
        return fail(Error::invalid_input("the certificate's host name must be 1 to 64 characters"));
    }
    auto key = make_key();
    if (!key) {
        return fail(key.error());
    }
    Certificate certificate(X509_new());
    if (!certificate) {
        return fail(crypto_failure("X509_new"));
    }
    // A random 64-bit serial: two certificates made for one hub are never confused.
    unsigned char serial[8] = {};
    if (RAND_bytes(serial, sizeof(serial)) != 1) {
        return fail(crypto_failure("RAND_bytes"));
    }
    serial[0] &= 0x7f; // positive
    std::unique_ptr<BIGNUM, decltype(&BN_free)> serial_number(BN_bin2bn(serial, sizeof(serial), nullptr),
                                                              &BN_free);
    const std::string name(host);
    // An address is named as an IP entry (kiosks may reach the hub by its address), anything else as DNS.
    in6_addr parsed{};
    const bool is_address =
        ::inet_pton(AF_INET, name.c_str(), &parsed) == 1 || ::inet_pton(AF_INET6, name.c_str(), &parsed) == 1;
    const std::string alternative_name = fmt::format("{}:{}", is_address ? "IP" : "DNS", name);
    X509_NAME* subject = X509_get_subject_name(certificate.get());
    const bool made =
        serial_number && X509_set_version(certificate.get(), 2) == 1 &&
        BN_to_ASN1_INTEGER(serial_number.get(), X509_get_serialNumber(certificate.get())) != nullptr &&
        X509_gmtime_adj(X509_getm_notBefore(certificate.get()), -3600) != nullptr &&
        X509_gmtime_adj(X509_getm_notAfter(certificate.get()), static_cast<long>(valid_days) * 24 * 3600) !=
            nullptr &&
        X509_set_pubkey(certificate.get(), key->get()) == 1 &&
        X509_NAME_add_entry_by_txt(subject, "CN", MBSTRING_UTF8,
                                   reinterpret_cast<const unsigned char*>(name.c_str()), -1, -1, 0) == 1 &&
        X509_set_issuer_name(certificate.get(), subject) == 1 &&
        add_extension(certificate.get(), NID_subject_alt_name, alternative_name) &&
        add_extension(certificate.get(), NID_basic_constraints, "critical,CA:FALSE") &&
        add_extension(certificate.get(), NID_key_usage, "critical,digitalSignature") &&
        add_extension(certificate.get(), NID_ext_key_usage, "serverAuth") &&
        X509_sign(certificate.get(), key->get(), EVP_sha256()) > 0;
    if (!made) {
        return fail(crypto_failure("signing the certificate"));
    }
    Bio certificate_text(BIO_new(BIO_s_mem()));
    Bio key_text(BIO_new(BIO_s_mem()));
    if (!certificate_text || !key_text ||
        PEM_write_bio_X509(certificate_text.get(), certificate.get()) != 1 ||
        PEM_write_bio_PrivateKey(key_text.get(), key->get(), nullptr, nullptr, 0, nullptr, nullptr) != 1) {
        return fail(crypto_failure("writing PEM"));
    }
    return TlsIdentity{bio_text(certificate_text.get()), bio_text(key_text.get())};
}

Result<std::string> public_key_pin(std::string_view certificate_pem) {
    Bio input(BIO_new_mem_buf(certificate_pem.data(), static_cast<int>(certificate_pem.size())));
    if (!input) {
        return fail(crypto_failure("BIO_new_mem_buf"));
    }
    Certificate certificate(PEM_read_bio_X509(input.get(), nullptr, nullptr, nullptr));
    if (!certificate) {
        return fail(Error::invalid_input("the hub's stored certificate is not a PEM certificate; make a new "
                                         "one with `kiosk-hub cert new`"));
    }
    const int length = i2d_X509_PUBKEY(X509_get_X509_PUBKEY(certificate.get()), nullptr);
    if (length <= 0) {
        return fail(crypto_failure("reading the public key"));
    }
    std::vector<unsigned char> der(static_cast<std::size_t>(length));
    unsigned char* cursor = der.data();
    if (i2d_X509_PUBKEY(X509_get_X509_PUBKEY(certificate.get()), &cursor) != length) {
        return fail(crypto_failure("reading the public key"));
    }
    unsigned char digest[SHA256_DIGEST_LENGTH] = {};
    if (EVP_Digest(der.data(), der.size(), digest, nullptr, EVP_sha256(), nullptr) != 1) {
        return fail(crypto_failure("SHA-256"));
    }
    // 32 bytes make 44 base64 characters and the terminating zero.
    unsigned char encoded[4 * ((SHA256_DIGEST_LENGTH + 2) / 3) + 1] = {};
    EVP_EncodeBlock(encoded, digest, SHA256_DIGEST_LENGTH);
    return fmt::format("sha256//{}", reinterpret_cast<const char*>(encoded));
}

} // namespace checkin::sync
