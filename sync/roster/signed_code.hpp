#pragma once

// Signed codes: what an invitation's, a badge's or a staff member's QR code carries, signed by the
// organiser's Ed25519 key (base/signature.hpp) and verified offline by every kiosk with the public keys it
// knows. Pure: bytes and keys in, a verdict out.
//
// The text is "CK1:" followed by Base45 (base/base45.hpp), so the whole code is in a QR code's
// alphanumeric mode. Its bytes (v1), all integers big-endian:
//
//   kind            1 byte     1 invitation, 2 badge, 3 staff
//   key id          2 bytes    the first two bytes of SHA-256 of the signing public key
//   event tag       4 bytes    the first four bytes of SHA-256 of the event's name (event_tag())
//   serial          6 bytes    random; what a revocation list names
//   valid until     2 bytes    the last day it is valid, as days since 2020-01-01 (venue local days)
//   first day       2 bytes    the first admitted day, as days since 2020-01-01 (0 with no days)
//   days            2 bytes    bit i: first day + i is admitted (so at most 16 consecutive days)
//   five texts      1 byte of length + UTF-8 each: delegate code (staff: the staff member's id), first
//                   name, last name, organisation, role — an invitation carries the badge's fields, a
//                   staff code the person's name, a badge only the code
//   signature       64 bytes   Ed25519 over "checkin-code-v1" + 0x00 + every byte above
//
// The Base45 text never ends in a space (the last character of a Base45 group is at most 'W'), so a
// scanner's or a trim's whitespace handling cannot change it.

#include "base/signature.hpp"
#include "sync/roster/event_days.hpp"

#include <cstdint>
#include <expected>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace checkin::sync {

inline constexpr std::string_view signed_code_prefix = "CK1:";

enum class CodeKind : std::uint8_t { invitation = 1, badge = 2, staff = 3 };
std::string_view to_string(CodeKind kind); // "invitation", "badge", "staff"

inline constexpr std::size_t code_serial_bytes = 6;
// The longest text a code may carry in each field, in bytes; longer is refused when signing.
inline constexpr std::size_t signed_code_maximum = 64;
inline constexpr std::size_t signed_name_maximum = 100;
inline constexpr std::size_t signed_organisation_maximum = 120;
inline constexpr std::size_t signed_role_maximum = 32;

struct SignedCodeContent {
    CodeKind kind = CodeKind::invitation;
    std::uint32_t event_tag = 0;
    std::string serial;        // 12 lower-case hex digits (6 random bytes)
    std::string delegate_code; // the roster's code; a staff code's staff id
    std::vector<Day> days;     // admitted days, sorted, within 16 consecutive days; none for staff
    Day valid_until;           // inclusive
    std::string first_name;
    std::string last_name;
    std::string organisation;
    std::string role;
    friend bool operator==(const SignedCodeContent&, const SignedCodeContent&) = default;
};

// The event's tag: ties a code to one event, so a key used for two seminars cannot admit at the wrong one.
std::uint32_t event_tag(std::string_view event_name);

// A fresh random serial (12 hex digits).
std::string new_code_serial();
// Whether the text is a serial: 12 lower-case hex digits, as revocation lists name codes.
bool is_code_serial(std::string_view serial);

// The text to put in the QR code. Refused (invalid_input) for fields longer than their maximum, text
// that is not UTF-8 or holds control characters, days more than 16 apart, a serial that is not 12 hex
// digits, or an unset valid-until day.
Result<std::string> sign_code(const SignedCodeContent& content, const base::SecretKey& key);

// Why a code is not accepted. Each has its own screen and staff alert.
enum class CodeRefusal {
    malformed,   // not a signed code of this format: cut short, altered characters, unknown version
    unknown_key, // signed by a key this kiosk does not hold (another event's, or a removed one)
    forged,      // a known key's id, but the signature does not match the content
    wrong_event, // signed for another event
    expired,     // past its valid-until day
    revoked,     // on the revocation list (cancelled or reissued)
    // A plain roster code where the kiosk takes signed codes only ([codes] accept_unsigned); never given
    // by verify_code, which sees signed codes only.
    unsigned_code,
};
std::string_view to_string(CodeRefusal refusal); // "malformed", "unknown key", …

struct CodeRejection {
    CodeRefusal reason = CodeRefusal::malformed;
    std::string detail; // for the staff alert and the log: never a name or the whole code
};

// What the kiosk checks a code against.
struct CodeVerifier {
    std::vector<base::PublicKey> keys; // several valid at once: keys rotate
    std::uint32_t event_tag = 0;
    std::set<std::string> revoked_serials;
};

// Whether a scan is a signed code at all (after the scanner's framing), so a kiosk can tell "a signed
// code that failed" from "a plain roster code".
bool looks_like_signed_code(std::string_view scanned);

// The code's content when it is well formed, signed by one of the keys, for this event, not expired on
// `today` and not revoked. The day rules (is today one of its days?) are the caller's, as for roster codes.
std::expected<SignedCodeContent, CodeRejection> verify_code(std::string_view scanned,
                                                            const CodeVerifier& verifier, Day today);

// A scan as the kiosk takes it: a signed code's verdict, or a plain roster code (accepted or not).
using SignedCodeVerdict = std::expected<SignedCodeContent, CodeRejection>;

// std::nullopt for a plain code the kiosk takes (`accept_unsigned`), a rejection (unsigned_code) for a
// plain code it does not, and verify_code's verdict for a signed code.
std::optional<SignedCodeVerdict> check_scanned_code(std::string_view scanned, const CodeVerifier& verifier,
                                                    bool accept_unsigned, Day today);

// The last characters of a scanned code (at most 4, after the scanner's framing): enough for staff to
// tell two refused codes apart in the log, never enough to copy one.
std::string code_ending(std::string_view scanned);

} // namespace checkin::sync
