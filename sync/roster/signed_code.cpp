// Signed codes (signed_code.hpp): the byte layout, signing, and verification in the order that tells the
// most useful reason: the form first, then the key, the signature, the event, the day, the revocation.

#include "sync/roster/signed_code.hpp"

#include "base/base45.hpp"
#include "base/digest.hpp"
#include "base/utf8.hpp"
#include "sync/roster/scan_code.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <fmt/format.h>
#include <span>

namespace checkin::sync {

namespace {

constexpr std::string_view signing_context{"checkin-code-v1\0", 16};
constexpr std::size_t header_bytes = 1 + 2 + 4 + code_serial_bytes + 2 + 2 + 2;
constexpr std::size_t text_fields = 5;
constexpr std::size_t maximum_days_span = 16;
// The longest well-formed code: the header, five texts at 255 bytes and the signature, as Base45.
constexpr std::size_t maximum_text_length =
    signed_code_prefix.size() + (header_bytes + text_fields * 256 + base::signature_bytes) * 3 / 2 + 2;
constexpr std::chrono::sys_days day_zero{std::chrono::year{2020} / 1 / 1};

std::uint16_t day_number(Day day) {
    const auto count = (std::chrono::sys_days(day) - day_zero).count();
    return static_cast<std::uint16_t>(std::clamp<long>(count, 0, 0xFFFF));
}

Day day_from_number(std::uint16_t number) {
    return Day{day_zero + std::chrono::days(number)};
}

void put_u16(std::string& bytes, std::uint16_t value) {
    bytes.push_back(static_cast<char>(value >> 8U));
    bytes.push_back(static_cast<char>(value & 0xFFU));
}

void put_u32(std::string& bytes, std::uint32_t value) {
    for (int shift = 24; shift >= 0; shift -= 8) {
        bytes.push_back(static_cast<char>((value >> static_cast<unsigned>(shift)) & 0xFFU));
    }
}

// Reads the bytes in order; every read checks there is enough left.
class Reader {
public:
    explicit Reader(std::string_view bytes) : m_bytes(bytes) {}
    bool read(std::size_t count, std::string_view& out) {
        if (m_bytes.size() - m_offset < count) {
            return false;
        }
        out = m_bytes.substr(m_offset, count);
        m_offset += count;
        return true;
    }
    bool read_u8(std::uint8_t& out) {
        std::string_view byte;
        if (!read(1, byte)) {
            return false;
        }
        out = static_cast<std::uint8_t>(byte[0]);
        return true;
    }
    bool read_u16(std::uint16_t& out) {
        std::string_view bytes;
        if (!read(2, bytes)) {
            return false;
        }
        out = static_cast<std::uint16_t>(static_cast<unsigned char>(bytes[0]) << 8U |
                                         static_cast<unsigned char>(bytes[1]));
        return true;
    }
    bool read_u32(std::uint32_t& out) {
        std::string_view bytes;
        if (!read(4, bytes)) {
            return false;
        }
        out = 0;
        for (const char byte : bytes) {
            out = out << 8U | static_cast<unsigned char>(byte);
        }
        return true;
    }
    std::size_t offset() const { return m_offset; }
    std::size_t left() const { return m_bytes.size() - m_offset; }

private:
    std::string_view m_bytes;
    std::size_t m_offset = 0;
};

bool is_clean_text(std::string_view text) {
    for (std::size_t offset = 0; offset < text.size();) {
        const auto character = base::utf8::decode_at(text, offset);
        if (character.defect != base::utf8::Defect::none || character.value < 0x20 ||
            (character.value >= 0x7F && character.value < 0xA0)) {
            return false;
        }
        offset += character.length;
    }
    return true;
}

std::array<unsigned char, 2> key_id(const base::PublicKey& key) {
    const auto digest = base::sha256(std::string_view(reinterpret_cast<const char*>(key.data()), key.size()));
    return {digest[0], digest[1]};
}

std::string signed_message(std::string_view content_bytes) {
    std::string message(signing_context);
    message.append(content_bytes);
    return message;
}

std::unexpected<CodeRejection> reject(CodeRefusal reason, std::string detail) {
    return std::unexpected(CodeRejection{reason, std::move(detail)});
}

struct FieldLimit {
    std::string_view name;
    const std::string* value;
    std::size_t maximum;
};

} // namespace

std::string_view to_string(CodeKind kind) {
    switch (kind) {
    case CodeKind::invitation:
        return "invitation";
    case CodeKind::badge:
        return "badge";
    case CodeKind::staff:
        return "staff";
    }
    return "unknown";
}

std::string_view to_string(CodeRefusal refusal) {
    switch (refusal) {
    case CodeRefusal::malformed:
        return "malformed";
    case CodeRefusal::unknown_key:
        return "unknown key";
    case CodeRefusal::forged:
        return "forged";
    case CodeRefusal::wrong_event:
        return "another event's";
    case CodeRefusal::expired:
        return "expired";
    case CodeRefusal::revoked:
        return "revoked";
    case CodeRefusal::unsigned_code:
        return "unsigned";
    }
    return "unknown";
}

std::uint32_t event_tag(std::string_view event_name) {
    const auto digest = base::sha256(event_name);
    return static_cast<std::uint32_t>(digest[0]) << 24U | static_cast<std::uint32_t>(digest[1]) << 16U |
           static_cast<std::uint32_t>(digest[2]) << 8U | static_cast<std::uint32_t>(digest[3]);
}

std::string new_code_serial() {
    std::array<unsigned char, code_serial_bytes> bytes{};
    base::random_bytes(bytes);
    return base::hex_lower(bytes);
}

Result<std::string> sign_code(const SignedCodeContent& content, const base::SecretKey& key) {
    const std::array<FieldLimit, text_fields> fields{{
        {"the code", &content.delegate_code, signed_code_maximum},
        {"the first name", &content.first_name, signed_name_maximum},
        {"the last name", &content.last_name, signed_name_maximum},
        {"the organisation", &content.organisation, signed_organisation_maximum},
        {"the role", &content.role, signed_role_maximum},
    }};
    for (const auto& field : fields) {
        if (field.value->size() > field.maximum) {
            return fail(Error::invalid_input(fmt::format("{} is {} bytes; a signed code holds at most {}",
                                                         field.name, field.value->size(), field.maximum)));
        }
        if (!is_clean_text(*field.value)) {
            return fail(Error::invalid_input(
                fmt::format("{} is not UTF-8 text without control characters", field.name)));
        }
    }
    if (content.delegate_code.empty()) {
        return fail(Error::invalid_input("a signed code needs the delegate's (or staff member's) code"));
    }
    if (!is_code_serial(content.serial)) {
        return fail(Error::invalid_input("the serial is not 12 hexadecimal digits"));
    }
    if (!content.valid_until.ok()) {
        return fail(Error::invalid_input("the code's last valid day is not a date"));
    }
    std::vector<Day> days = content.days;
    std::sort(days.begin(), days.end());
    std::uint16_t first_day = 0;
    std::uint16_t mask = 0;
    if (!days.empty()) {
        first_day = day_number(days.front());
        for (const Day day : days) {
            const int offset = day_number(day) - first_day;
            if (offset < 0 || offset >= static_cast<int>(maximum_days_span)) {
                return fail(Error::invalid_input(
                    fmt::format("a signed code's days lie within {} consecutive days", maximum_days_span)));
            }
            mask = static_cast<std::uint16_t>(mask | (1U << static_cast<unsigned>(offset)));
        }
    }

    std::string bytes;
    bytes.push_back(static_cast<char>(content.kind));
    const auto id = key_id(key.public_key());
    bytes.push_back(static_cast<char>(id[0]));
    bytes.push_back(static_cast<char>(id[1]));
    put_u32(bytes, content.event_tag);
    for (std::size_t index = 0; index < code_serial_bytes; ++index) {
        bytes.push_back(static_cast<char>(std::stoi(content.serial.substr(index * 2, 2), nullptr, 16)));
    }
    put_u16(bytes, day_number(content.valid_until));
    put_u16(bytes, first_day);
    put_u16(bytes, mask);
    for (const auto& field : fields) {
        bytes.push_back(static_cast<char>(field.value->size()));
        bytes.append(*field.value);
    }
    const base::Signature signature = base::sign(signed_message(bytes), key);
    bytes.append(reinterpret_cast<const char*>(signature.data()), signature.size());
    return fmt::format("{}{}", signed_code_prefix, base::encode_base45(bytes));
}

bool looks_like_signed_code(std::string_view scanned) {
    return strip_scanner_framing(scanned).starts_with(signed_code_prefix);
}

std::expected<SignedCodeContent, CodeRejection> verify_code(std::string_view scanned,
                                                            const CodeVerifier& verifier, Day today) {
    const std::string_view text = strip_scanner_framing(scanned);
    if (!text.starts_with(signed_code_prefix)) {
        return reject(CodeRefusal::malformed, "not a signed code (no CK1: prefix)");
    }
    if (text.size() > maximum_text_length) {
        return reject(CodeRefusal::malformed,
                      fmt::format("{} characters: longer than any signed code", text.size()));
    }
    auto bytes = base::decode_base45(text.substr(signed_code_prefix.size()));
    if (!bytes) {
        return reject(CodeRefusal::malformed, fmt::format("not Base45: {}", bytes.error().message));
    }
    if (bytes->size() < header_bytes + text_fields + base::signature_bytes) {
        return reject(CodeRefusal::malformed, fmt::format("{} bytes: cut short", bytes->size()));
    }

    Reader reader(*bytes);
    SignedCodeContent content;
    std::uint8_t kind = 0;
    std::string_view id;
    std::string_view serial;
    std::uint16_t valid_until = 0;
    std::uint16_t first_day = 0;
    std::uint16_t mask = 0;
    reader.read_u8(kind);
    reader.read(2, id);
    reader.read_u32(content.event_tag);
    reader.read(code_serial_bytes, serial);
    reader.read_u16(valid_until);
    reader.read_u16(first_day);
    reader.read_u16(mask);
    if (kind < static_cast<std::uint8_t>(CodeKind::invitation) ||
        kind > static_cast<std::uint8_t>(CodeKind::staff)) {
        return reject(CodeRefusal::malformed, fmt::format("kind {} is not one this kiosk knows", kind));
    }
    content.kind = static_cast<CodeKind>(kind);
    std::array<std::string*, text_fields> texts{&content.delegate_code, &content.first_name,
                                                &content.last_name, &content.organisation, &content.role};
    for (std::string* field : texts) {
        std::uint8_t length = 0;
        std::string_view value;
        if (!reader.read_u8(length) || !reader.read(length, value)) {
            return reject(CodeRefusal::malformed, "cut short inside its texts");
        }
        if (!is_clean_text(value)) {
            return reject(CodeRefusal::malformed, "a text is not UTF-8 without control characters");
        }
        *field = std::string(value);
    }
    if (reader.left() != base::signature_bytes) {
        return reject(CodeRefusal::malformed,
                      fmt::format("{} bytes where the signature's 64 should be", reader.left()));
    }
    const std::string_view signed_bytes = std::string_view(*bytes).substr(0, reader.offset());
    base::Signature signature{};
    std::copy_n(bytes->begin() + static_cast<std::ptrdiff_t>(reader.offset()), signature.size(),
                signature.begin());

    bool known_key = false;
    bool verified = false;
    const std::string message = signed_message(signed_bytes);
    for (const auto& key : verifier.keys) {
        const auto key_identifier = key_id(key);
        if (static_cast<unsigned char>(id[0]) != key_identifier[0] ||
            static_cast<unsigned char>(id[1]) != key_identifier[1]) {
            continue;
        }
        known_key = true;
        if (base::verify_signature(message, signature, key)) {
            verified = true;
            break;
        }
    }
    if (!known_key) {
        return reject(CodeRefusal::unknown_key,
                      fmt::format("signed by key {:02x}{:02x}, which this kiosk does not hold",
                                  static_cast<unsigned char>(id[0]), static_cast<unsigned char>(id[1])));
    }
    if (!verified) {
        return reject(CodeRefusal::forged, "the signature does not match the code's content");
    }

    content.serial =
        base::hex_lower(std::span(reinterpret_cast<const unsigned char*>(serial.data()), serial.size()));
    content.valid_until = day_from_number(valid_until);
    for (unsigned offset = 0; offset < maximum_days_span; ++offset) {
        if ((mask & (1U << offset)) != 0) {
            content.days.push_back(day_from_number(static_cast<std::uint16_t>(first_day + offset)));
        }
    }
    if (content.event_tag != verifier.event_tag) {
        return reject(CodeRefusal::wrong_event, "signed for another event");
    }
    if (std::chrono::sys_days(today) > std::chrono::sys_days(content.valid_until)) {
        return reject(CodeRefusal::expired,
                      fmt::format("valid until {}", format_iso_day(content.valid_until)));
    }
    if (verifier.revoked_serials.contains(content.serial)) {
        return reject(CodeRefusal::revoked, fmt::format("serial {} is revoked", content.serial));
    }
    return content;
}

std::optional<SignedCodeVerdict> check_scanned_code(std::string_view scanned, const CodeVerifier& verifier,
                                                    bool accept_unsigned, Day today) {
    if (looks_like_signed_code(scanned)) {
        return verify_code(scanned, verifier, today);
    }
    if (accept_unsigned) {
        return std::nullopt;
    }
    return SignedCodeVerdict(std::unexpected(CodeRejection{
        CodeRefusal::unsigned_code, "a plain roster code; this kiosk takes signed codes only"}));
}

std::string code_ending(std::string_view scanned) {
    constexpr std::size_t shown = 4;
    const std::string_view text = strip_scanner_framing(scanned);
    std::string ending(text.substr(text.size() > shown ? text.size() - shown : 0));
    // Only printable ASCII reaches a log line; anything else is a '?'.
    for (char& c : ending) {
        if (c < ' ' || c > '~') {
            c = '?';
        }
    }
    return ending;
}

bool is_code_serial(std::string_view serial) {
    return serial.size() == code_serial_bytes * 2 && std::all_of(serial.begin(), serial.end(), [](char c) {
               return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
           });
}

} // namespace checkin::sync
