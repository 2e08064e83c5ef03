#include "sync/roster/scan_code.hpp"

#include "base/text.hpp"
#include "base/utf8.hpp"

#include <cctype>
#include <fmt/format.h>
#include <optional>

namespace checkin::sync {

namespace {

// AIM identifiers (ISO/IEC 15424) are "]" + a symbology character + a modifier digit or letter; the
// symbology characters are letters (Q = QR, d = Data Matrix, C = Code 128, E = EAN …).
std::string_view drop_symbology_identifier(std::string_view text) {
    if (text.size() >= 3 && text[0] == ']' && std::isalpha(static_cast<unsigned char>(text[1])) &&
        std::isalnum(static_cast<unsigned char>(text[2]))) {
        text.remove_prefix(3);
    }
    return text;
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

std::string percent_decode(std::string_view text, bool plus_is_space) {
    std::string decoded;
    decoded.reserve(text.size());
    for (std::size_t index = 0; index < text.size(); ++index) {
        const char c = text[index];
        if (c == '%' && index + 2 < text.size() && hex_value(text[index + 1]) >= 0 &&
            hex_value(text[index + 2]) >= 0) {
            decoded.push_back(
                static_cast<char>(hex_value(text[index + 1]) * 16 + hex_value(text[index + 2])));
            index += 2;
        } else if (c == '+' && plus_is_space) {
            decoded.push_back(' ');
        } else {
            decoded.push_back(c);
        }
    }
    return decoded;
}

bool looks_like_url(std::string_view text) {
    const auto scheme_end = text.find("://");
    if (scheme_end == std::string_view::npos || scheme_end == 0) {
        return false;
    }
    for (std::size_t index = 0; index < scheme_end; ++index) {
        const auto c = static_cast<unsigned char>(text[index]);
        if (!std::isalnum(c) && c != '+' && c != '-' && c != '.') {
            return false;
        }
    }
    return true;
}

std::optional<std::string> code_from_query(std::string_view query) {
    while (!query.empty()) {
        const auto end = query.find_first_of("&;");
        const auto pair = query.substr(0, end);
        if (pair.starts_with("code=")) {
            return percent_decode(pair.substr(5), true);
        }
        if (end == std::string_view::npos) {
            break;
        }
        query.remove_prefix(end + 1);
    }
    return std::nullopt;
}

std::string code_from_url(std::string_view url) {
    const auto fragment = url.find('#');
    url = url.substr(0, fragment);
    const auto query_start = url.find('?');
    if (query_start != std::string_view::npos) {
        if (auto code = code_from_query(url.substr(query_start + 1))) {
            return *code;
        }
        url = url.substr(0, query_start);
    }
    url.remove_prefix(url.find("://") + 3);
    const auto path_start = url.find('/');
    if (path_start == std::string_view::npos) {
        return {}; // only a host: no code in it
    }
    auto path = url.substr(path_start);
    while (!path.empty() && path.back() == '/') {
        path.remove_suffix(1);
    }
    return percent_decode(path.substr(path.rfind('/') + 1), false);
}

// Valid UTF-8 with no C0 or C1 control characters and no DEL: what a code on a badge can hold.
bool is_valid_utf8_without_controls(std::string_view text) {
    std::size_t index = 0;
    while (index < text.size()) {
        const base::utf8::CodePoint decoded = base::utf8::decode_at(text, index);
        const char32_t value = decoded.value;
        if (decoded.defect != base::utf8::Defect::none || value < 0x20 || (value >= 0x7F && value < 0xA0)) {
            return false;
        }
        index += decoded.length;
    }
    return true;
}

} // namespace

std::string_view strip_scanner_framing(std::string_view payload) {
    // Spreadsheets pad cells with no-break spaces (U+00A0) as often as with plain ones.
    return base::trim_including_no_break_spaces(
        drop_symbology_identifier(base::trim_including_no_break_spaces(payload)));
}

Result<std::string> normalise_scanned_code(std::string_view payload) {
    const auto text = strip_scanner_framing(payload);
    std::string code = looks_like_url(text) ? code_from_url(text) : std::string(text);
    code = std::string(base::trim_including_no_break_spaces(code));
    if (code.empty()) {
        return fail(Error::invalid_input("the code is unreadable: the scan holds no code"));
    }
    if (code.size() > maximum_code_length) {
        return fail(Error::invalid_input(fmt::format(
            "the code is unreadable: {} characters is longer than any invitation code", code.size())));
    }
    if (!is_valid_utf8_without_controls(code)) {
        return fail(Error::invalid_input("the code is unreadable: the scan holds characters no code has"));
    }
    // What is left must be a code, not another wrapper: normalising a code again gives the same code,
    // which the roster importer relies on.
    if (drop_symbology_identifier(code) != code || looks_like_url(code)) {
        return fail(
            Error::invalid_input("the code is unreadable: the scan holds a prefix or a link inside a link"));
    }
    return code;
}

std::string code_comparison_key(std::string_view code) {
    std::string key(code);
    for (auto& c : key) {
        if (c >= 'a' && c <= 'z') {
            c = static_cast<char>(c - 'a' + 'A');
        }
    }
    return key;
}

} // namespace checkin::sync
