#pragma once

// The hub's TLS identity, made with OpenSSL's libcrypto: an ECDSA P-256 key and a self-signed X.509
// certificate, and the public-key pin the kiosks check it by. A self-signed certificate is trusted by its
// pin alone (libcurl's CURLOPT_PINNEDPUBLICKEY), so no certificate authority and no name check is needed
// on a hotel network, and an impostor with any other key is refused before a byte is sent.

#include "sync/hub/hub_store.hpp"

#include <string>
#include <string_view>

namespace checkin::sync {

// Valid from now for `valid_days`, its subject and subject alternative name `host` (a DNS name or an IP
// address). Fails with ErrorKind::internal when libcrypto does (out of memory), ErrorKind::invalid_input
// for an empty or over-long host.
Result<TlsIdentity> make_tls_identity(std::string_view host, int valid_days = 3650);

// "sha256//BASE64": the SHA-256 of the certificate's SubjectPublicKeyInfo (DER), in base64, as libcurl's
// CURLOPT_PINNEDPUBLICKEY takes it. Fails with ErrorKind::invalid_input when the text is not a PEM
// certificate.
Result<std::string> public_key_pin(std::string_view certificate_pem);

} // namespace checkin::sync
