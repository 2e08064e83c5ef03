// The enrolment payload's text form and the exchange's JSON (enrolment.hpp).

#include "sync/protocol/enrolment.hpp"

#include "base/text.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <vector>

namespace checkin::sync {

namespace {

constexpr std::string_view pin_prefix = "sha256//";
constexpr std::size_t pin_base64_characters = 44; // 32 bytes
constexpr std::string_view payload_version = "1";
// The exchange's messages are a secret, or a name and a token; far below this.
constexpr std::size_t exchange_maximum_bytes = 1024;
constexpr std::size_t hub_url_maximum_bytes = 200;
constexpr std::size_t token_maximum_bytes = 128;

bool is_lower_hex(std::string_view text) {
    return std::all_of(text.begin(), text.end(),
                       [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

bool is_base64_character(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
}

// Printable ASCII without spaces: what an address may hold here (a host name, an IPv4 or [IPv6] address,
// a port, a path).
bool is_visible_ascii(std::string_view text) {
    return std::all_of(text.begin(), text.end(), [](char c) { return c > ' ' && c < 0x7f; });
}

Result<void> check_hub_url(std::string_view url) {
    if (url.size() > hub_url_maximum_bytes || !is_visible_ascii(url)) {
        return fail(Error::invalid_input("the hub's address in the enrolment code is not an address"));
    }
    const bool https = url.starts_with("https://");
    const bool http = url.starts_with("http://");
    const std::size_t scheme_length = https ? 8 : 7;
    if ((!https && !http) || url.size() == scheme_length) {
        return fail(Error::invalid_input(
            "the hub's address in the enrolment code does not start with https:// (or http://)"));
    }
    return {};
}

Result<nlohmann::json> parse_object(std::string_view json, std::string_view what) {
    if (json.size() > exchange_maximum_bytes) {
        return fail(Error::invalid_input(fmt::format("the {} is {} bytes; at most {} are expected", what,
                                                     json.size(), exchange_maximum_bytes)));
    }
    auto parsed = nlohmann::json::parse(json, nullptr, false);
    if (parsed.is_discarded() || !parsed.is_object()) {
        return fail(Error::invalid_input(fmt::format("the {} is not a JSON object", what)));
    }
    return parsed;
}

Result<std::string> string_member(const nlohmann::json& object, std::string_view name, std::size_t maximum) {
    const auto found = object.find(std::string(name));
    if (found == object.end() || !found->is_string()) {
        return fail(Error::invalid_input(fmt::format("{}: missing or not a string", name)));
    }
    std::string value = found->get<std::string>();
    if (value.empty() || value.size() > maximum) {
        return fail(Error::invalid_input(fmt::format("{}: empty or longer than {} bytes", name, maximum)));
    }
    return value;
}

} // namespace

bool looks_like_enrolment_payload(std::string_view text) {
    return base::trim(text).starts_with(enrolment_marker);
}

bool is_public_key_pin(std::string_view pin) {
    if (!pin.starts_with(pin_prefix)) {
        return false;
    }
    const std::string_view encoded = pin.substr(pin_prefix.size());
    return encoded.size() == pin_base64_characters && encoded.back() == '=' &&
           std::all_of(encoded.begin(), encoded.end() - 1, is_base64_character);
}

std::string encode_enrolment_payload(const EnrolmentPayload& payload) {
    return fmt::format("{} {} {} {} {}", enrolment_marker, payload_version, payload.hub_url, payload.pin,
                       payload.secret);
}

Result<EnrolmentPayload> decode_enrolment_payload(std::string_view text) {
    if (text.size() > enrolment_payload_maximum_bytes) {
        return fail(Error::invalid_input(fmt::format("an enrolment code is at most {} characters; this is {}",
                                                     enrolment_payload_maximum_bytes, text.size())));
    }
    const std::string_view trimmed = base::trim(text);
    if (!trimmed.starts_with(enrolment_marker)) {
        return fail(Error::invalid_input(
            fmt::format("this is not an enrolment code (it does not start with {})", enrolment_marker)));
    }
    std::vector<std::string_view> fields;
    for (std::size_t start = 0; start <= trimmed.size();) {
        const std::size_t space = std::min(trimmed.find(' ', start), trimmed.size());
        fields.push_back(trimmed.substr(start, space - start));
        start = space + 1;
    }
    if (fields.size() != 5) {
        return fail(Error::invalid_input(fmt::format(
            "an enrolment code has 5 parts separated by single spaces; this one has {}", fields.size())));
    }
    if (fields[0] != enrolment_marker) {
        return fail(Error::invalid_input(
            fmt::format("this is not an enrolment code (it does not start with {})", enrolment_marker)));
    }
    if (fields[1] != payload_version) {
        return fail(Error::invalid_input(
            "this enrolment code is of a newer format than this kiosk reads; update the kiosk's software"));
    }
    if (auto checked = check_hub_url(fields[2]); !checked) {
        return fail(checked.error());
    }
    if (!is_public_key_pin(fields[3])) {
        return fail(Error::invalid_input(
            "the hub's key pin in the enrolment code is not of the form sha256//BASE64 (44 characters)"));
    }
    if (fields[4].size() != enrolment_secret_hex_digits || !is_lower_hex(fields[4])) {
        return fail(Error::invalid_input(fmt::format(
            "the secret in the enrolment code is not {} hexadecimal digits; the code may be cut short",
            enrolment_secret_hex_digits)));
    }
    return EnrolmentPayload{std::string(fields[2]), std::string(fields[3]), std::string(fields[4])};
}

std::string encode(const EnrolRequest& request) {
    return nlohmann::json{{"secret", request.secret}}.dump(-1, ' ', false,
                                                           nlohmann::json::error_handler_t::replace);
}

std::string encode(const EnrolReply& reply) {
    return nlohmann::json{{"kiosk", reply.kiosk}, {"token", reply.token}}.dump(
        -1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Result<EnrolRequest> decode_enrol_request(std::string_view json) {
    auto object = parse_object(json, "enrolment request");
    if (!object) {
        return fail(object.error());
    }
    auto secret = string_member(*object, "secret", enrolment_secret_hex_digits);
    if (!secret) {
        return fail(secret.error());
    }
    if (secret->size() != enrolment_secret_hex_digits || !is_lower_hex(*secret)) {
        return fail(Error::invalid_input(
            fmt::format("secret: not {} hexadecimal digits", enrolment_secret_hex_digits)));
    }
    return EnrolRequest{std::move(*secret)};
}

Result<EnrolReply> decode_enrol_reply(std::string_view json) {
    auto object = parse_object(json, "hub's enrolment reply");
    if (!object) {
        return fail(object.error());
    }
    auto kiosk = string_member(*object, "kiosk", hub_url_maximum_bytes);
    auto token = string_member(*object, "token", token_maximum_bytes);
    if (!kiosk || !token) {
        return fail(kiosk ? token.error() : kiosk.error());
    }
    return EnrolReply{std::move(*kiosk), std::move(*token)};
}

} // namespace checkin::sync
