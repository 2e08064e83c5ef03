// Base45 (RFC 9285, section 4): groups of two bytes as three base-45 digits, least significant first.

#include "base/base45.hpp"

#include <array>
#include <fmt/format.h>

namespace checkin::base {

namespace {

constexpr std::string_view alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
constexpr unsigned radix = 45;
constexpr unsigned radix_squared = radix * radix;

// The value of each character, or -1 for one outside the alphabet.
constexpr std::array<int, 256> make_values() {
    std::array<int, 256> values{};
    values.fill(-1);
    for (std::size_t index = 0; index < alphabet.size(); ++index) {
        values[static_cast<unsigned char>(alphabet[index])] = static_cast<int>(index);
    }
    return values;
}
constexpr std::array<int, 256> values = make_values();

} // namespace

std::string encode_base45(std::string_view bytes) {
    std::string text;
    text.reserve(bytes.size() / 2 * 3 + 2);
    std::size_t index = 0;
    for (; index + 1 < bytes.size(); index += 2) {
        unsigned value =
            static_cast<unsigned char>(bytes[index]) * 256U + static_cast<unsigned char>(bytes[index + 1]);
        text.push_back(alphabet[value % radix]);
        text.push_back(alphabet[value / radix % radix]);
        text.push_back(alphabet[value / radix_squared]);
    }
    if (index < bytes.size()) {
        const unsigned value = static_cast<unsigned char>(bytes[index]);
        text.push_back(alphabet[value % radix]);
        text.push_back(alphabet[value / radix]);
    }
    return text;
}

Result<std::string> decode_base45(std::string_view text) {
    if (text.size() % 3 == 1) {
        return fail(
            ErrorKind::invalid_input,
            fmt::format("{} Base45 characters cannot be whole bytes (one too many or missing)", text.size()));
    }
    std::string bytes;
    bytes.reserve(text.size() / 3 * 2 + 1);
    for (std::size_t index = 0; index < text.size(); index += 3) {
        const std::size_t group = std::min<std::size_t>(3, text.size() - index);
        unsigned value = 0;
        unsigned weight = 1;
        for (std::size_t offset = 0; offset < group; ++offset) {
            const int digit = values[static_cast<unsigned char>(text[index + offset])];
            if (digit < 0) {
                return fail(ErrorKind::invalid_input,
                            fmt::format("character {} is not one of Base45's", index + offset + 1));
            }
            value += static_cast<unsigned>(digit) * weight;
            weight *= radix;
        }
        if (group == 3) {
            if (value > 0xFFFF) {
                return fail(
                    ErrorKind::invalid_input,
                    fmt::format("characters {} to {} are too large for two bytes", index + 1, index + 3));
            }
            bytes.push_back(static_cast<char>(value >> 8U));
            bytes.push_back(static_cast<char>(value & 0xFFU));
        } else {
            if (value > 0xFF) {
                return fail(ErrorKind::invalid_input, "the last two characters are too large for one byte");
            }
            bytes.push_back(static_cast<char>(value));
        }
    }
    return bytes;
}

} // namespace checkin::base
