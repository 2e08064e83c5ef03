#pragma once

// Enrolling a kiosk by QR: the organiser runs `kiosk-hub --db F enrol --kiosk NAME`, which prints an
// enrolment payload as text and as a QR code; the kiosk (staff mode, or `kioskctl --db F enrol PAYLOAD`)
// reads it and exchanges the one-time secret for its own token over the pinned connection. Pure: the
// payload's text form and the exchange's JSON, no sockets.
//
// The payload is one line of printable ASCII, so that every scanner types it the same way:
//
//     CHECKIN-ENROL 1 https://192.168.1.20:8470 sha256//Ld7y…= 5f0c…(40 hex digits)
//
// fields separated by single spaces: the marker, the format's version, the hub's address, the pin of the
// hub's public key (`kiosk-hub cert new` prints it), and the one-time secret. The secret is worth a token
// for 15 minutes and for one use; the hub keeps only its SHA-256.
//
//   POST /api/v1/enrol   {"secret": "5f0c…"}   → {"kiosk": "kiosk-3", "token": "…"}
//        needs no token (the secret is the credential); a used, expired or unknown secret is refused with
//        403 and the same sentence, so a guesser learns nothing about which secrets exist.

#include "sync/roster/error.hpp"

#include <cstddef>
#include <string>
#include <string_view>

namespace checkin::sync {

inline constexpr std::string_view enrolment_marker = "CHECKIN-ENROL";
inline constexpr std::size_t enrolment_secret_hex_digits = 40; // 20 random bytes
// Longer than any payload the hub makes (an address of 200 characters fits); a scan beyond it is not one.
inline constexpr std::size_t enrolment_payload_maximum_bytes = 400;

struct EnrolmentPayload {
    std::string hub_url; // "https://HOST:PORT", or "http://127.0.0.1:PORT" on one machine
    std::string pin;     // "sha256//" + base64 of the SHA-256 of the hub key's SubjectPublicKeyInfo
    std::string secret;  // 40 lower-case hex digits
    friend bool operator==(const EnrolmentPayload&, const EnrolmentPayload&) = default;
};

// Whether a scanned text claims to be an enrolment payload (starts with the marker), so a kiosk can tell
// "a broken enrolment code" from "not an enrolment code at all".
bool looks_like_enrolment_payload(std::string_view text);

std::string encode_enrolment_payload(const EnrolmentPayload& payload);
// Refused with ErrorKind::invalid_input and a sentence naming the part that is wrong; the message never
// repeats the secret.
Result<EnrolmentPayload> decode_enrolment_payload(std::string_view text);

// Whether `pin` has the form curl and the hub use: "sha256//" and 44 characters of standard base64 ending
// in "=" (32 bytes).
bool is_public_key_pin(std::string_view pin);

struct EnrolRequest {
    std::string secret;
    friend bool operator==(const EnrolRequest&, const EnrolRequest&) = default;
};

struct EnrolReply {
    std::string kiosk; // the name the organiser gave with `enrol --kiosk NAME`
    std::string token; // the kiosk's own token, role kiosk
    friend bool operator==(const EnrolReply&, const EnrolReply&) = default;
};

std::string encode(const EnrolRequest& request);
std::string encode(const EnrolReply& reply);
Result<EnrolRequest> decode_enrol_request(std::string_view json);
Result<EnrolReply> decode_enrol_reply(std::string_view json);

} // namespace checkin::sync
