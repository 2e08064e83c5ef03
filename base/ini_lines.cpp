#include "base/ini_lines.hpp"

#include "base/text.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace checkin::base {

std::size_t line_count(std::string_view text) {
    return static_cast<std::size_t>(std::ranges::count(text, '\n')) + 1;
}

std::expected<std::vector<IniLine>, IniProblem> read_ini_lines(std::string_view text, const IniWords& words) {
    constexpr std::string_view byte_order_mark = "\xEF\xBB\xBF";
    if (text.starts_with(byte_order_mark)) {
        text.remove_prefix(byte_order_mark.size());
    }
    std::vector<IniLine> lines;
    std::size_t number = 0;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) {
            end = text.size();
        }
        ++number;
        std::string_view line = text.substr(start, end - start);
        start = end + 1;
        if (const auto hash = line.find('#'); hash != std::string_view::npos) {
            line = line.substr(0, hash);
        }
        line = trim(line);
        if (line.empty()) {
            continue;
        }
        if (line.front() == '[') {
            if (line.back() != ']') {
                return std::unexpected(IniProblem{
                    number, fmt::format("a {} header must end with ']': '{}'", words.header, line)});
            }
            lines.push_back({IniLine::Kind::header, number, trim(line.substr(1, line.size() - 2)), {}, {}});
            continue;
        }
        const auto equals = line.find('=');
        if (equals == std::string_view::npos) {
            return std::unexpected(
                IniProblem{number, fmt::format("expected 'key = value' or '{}', found '{}'",
                                               words.header_example, line)});
        }
        const std::string_view key = trim(line.substr(0, equals));
        if (key.empty()) {
            return std::unexpected(IniProblem{number, "a key is missing before '='"});
        }
        lines.push_back({IniLine::Kind::setting, number, {}, key, trim(line.substr(equals + 1))});
    }
    return lines;
}

} // namespace checkin::base
