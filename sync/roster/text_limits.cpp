#include "sync/roster/text_limits.hpp"

#include "base/utf8.hpp"

#include <fmt/format.h>

namespace checkin::sync {

namespace {

// A name holding them can show as another name on the dashboard, on a badge and in the exports.
bool reorders_text(char32_t character) {
    return (character >= 0x202A && character <= 0x202E) || (character >= 0x2066 && character <= 0x2069) ||
           character == 0x200E || character == 0x200F;
}

bool is_control(char32_t character) {
    return character < 0x20 || (character >= 0x7F && character <= 0x9F);
}

} // namespace

std::optional<std::string> text_problem(std::string_view text, std::size_t maximum_characters) {
    std::size_t characters = 0;
    for (std::size_t offset = 0; offset < text.size();) {
        const auto character = base::utf8::decode_at(text, offset);
        if (character.defect != base::utf8::Defect::none) {
            return std::string("is not valid UTF-8");
        }
        if (is_control(character.value)) {
            return std::string("holds control characters");
        }
        if (reorders_text(character.value)) {
            return std::string("holds characters that reorder text");
        }
        if (++characters > maximum_characters) {
            return fmt::format("is longer than {} characters", maximum_characters);
        }
        offset += character.length;
    }
    return std::nullopt;
}

} // namespace checkin::sync
