#include "base/text.hpp"

#include <algorithm>

namespace checkin::base {

std::string_view trim(std::string_view text) {
    const auto first = text.find_first_not_of(ascii_whitespace);
    if (first == std::string_view::npos) {
        return {};
    }
    return text.substr(first, text.find_last_not_of(ascii_whitespace) - first + 1);
}

std::string_view trim_including_no_break_spaces(std::string_view text) {
    constexpr std::string_view no_break_space = "\xC2\xA0";
    const auto is_blank = [](char c) {
        return ascii_whitespace.find(c) != std::string_view::npos;
    };
    while (true) {
        if (!text.empty() && is_blank(text.front())) {
            text.remove_prefix(1);
        } else if (!text.empty() && is_blank(text.back())) {
            text.remove_suffix(1);
        } else if (text.starts_with(no_break_space)) {
            text.remove_prefix(no_break_space.size());
        } else if (text.ends_with(no_break_space)) {
            text.remove_suffix(no_break_space.size());
        } else {
            return text;
        }
    }
}

std::string ascii_lower(std::string_view text) {
    std::string lowered(text);
    std::ranges::transform(lowered, lowered.begin(), [](char letter) {
        return letter >= 'A' && letter <= 'Z' ? static_cast<char>(letter - 'A' + 'a') : letter;
    });
    return lowered;
}

std::vector<std::string_view> split_words(std::string_view text, std::string_view separators) {
    std::vector<std::string_view> words;
    std::size_t start = 0;
    while (start < text.size()) {
        start = text.find_first_not_of(separators, start);
        if (start == std::string_view::npos) {
            break;
        }
        const auto end = std::min(text.find_first_of(separators, start), text.size());
        words.push_back(text.substr(start, end - start));
        start = end;
    }
    return words;
}

} // namespace checkin::base
