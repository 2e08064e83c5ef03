#include "kiosk/app/scan_script.hpp"

#include "base/text.hpp"

#include <charconv>
#include <fmt/format.h>
#include <optional>

namespace checkin::kiosk {

namespace {

// The first word and the rest after one space (the rest keeps its own spaces: "type Anna Maria").
struct Words {
    std::string_view command;
    std::string_view rest;
    bool has_rest = false;
};

Words split_command(std::string_view line) {
    const auto space = line.find(' ');
    if (space == std::string_view::npos) {
        return Words{line, {}, false};
    }
    return Words{line.substr(0, space), line.substr(space + 1), true};
}

std::optional<long long> parse_integer(std::string_view text) {
    text = base::trim(text);
    long long value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size() || text.empty()) {
        return std::nullopt;
    }
    return value;
}

std::optional<std::chrono::milliseconds> parse_duration(std::string_view text) {
    const auto value = parse_integer(text);
    if (!value || *value < 0 || *value > 24LL * 3600 * 1000) {
        return std::nullopt;
    }
    return std::chrono::milliseconds(*value);
}

std::optional<ScriptKeyName> parse_key(std::string_view name) {
    if (name == "enter") {
        return ScriptKeyName::enter;
    }
    if (name == "backspace") {
        return ScriptKeyName::backspace;
    }
    if (name == "escape") {
        return ScriptKeyName::escape;
    }
    if (name == "tab") {
        return ScriptKeyName::tab;
    }
    if (name == "f2") {
        return ScriptKeyName::f2;
    }
    return std::nullopt;
}

// The step of one command line, or an error body (without the source and line).
base::Result<std::optional<ScriptStep>> parse_command(const Words& words) {
    const std::string_view argument = base::trim(words.rest);
    if (words.command == "scan") {
        return ScriptStep{ScriptScan{std::string(words.rest)}};
    }
    if (words.command == "sleep") {
        const auto duration = parse_duration(argument);
        if (!duration) {
            return base::fail(base::ErrorKind::invalid_input,
                              fmt::format("sleep takes milliseconds (0 to 86400000), not '{}'", argument));
        }
        return ScriptStep{ScriptSleep{*duration}};
    }
    if (words.command == "tap") {
        if (argument.empty()) {
            return base::fail(base::ErrorKind::invalid_input, "tap takes a button id, e.g. tap language");
        }
        return ScriptStep{ScriptTap{std::string(argument)}};
    }
    if (words.command == "touch") {
        const auto numbers = base::split_words(argument);
        const auto refused = [&argument] {
            return base::fail(base::ErrorKind::invalid_input,
                              fmt::format("touch takes two pixel coordinates X Y, not '{}'", argument));
        };
        // Each checked on its own (g++ 12 at -O3 wrongly warns about `cond ? optional : nullopt`).
        if (numbers.size() != 2) {
            return refused();
        }
        const auto x = parse_integer(numbers[0]);
        const auto y = parse_integer(numbers[1]);
        if (!x || !y || *x < 0 || *y < 0 || *x > 100000 || *y > 100000) {
            return refused();
        }
        return ScriptStep{ScriptTouch{static_cast<int>(*x), static_cast<int>(*y)}};
    }
    if (words.command == "hold") {
        const auto parts = base::split_words(argument);
        if (parts.size() == 2 && parts[0] == "corner") {
            if (const auto duration = parse_duration(parts[1])) {
                return ScriptStep{ScriptHold{true, 0, 0, *duration}};
            }
        } else if (parts.size() == 3) {
            const auto x = parse_integer(parts[0]);
            const auto y = parse_integer(parts[1]);
            const auto duration = parse_duration(parts[2]);
            if (x && y && duration && *x >= 0 && *y >= 0 && *x <= 100000 && *y <= 100000) {
                return ScriptStep{ScriptHold{false, static_cast<int>(*x), static_cast<int>(*y), *duration}};
            }
        }
        return base::fail(base::ErrorKind::invalid_input,
                          fmt::format("hold takes 'corner MS' or 'X Y MS', not '{}'", argument));
    }
    if (words.command == "type") {
        if (!words.has_rest || words.rest.empty()) {
            return base::fail(base::ErrorKind::invalid_input,
                              "type takes the text to type, e.g. type lukasz");
        }
        return ScriptStep{ScriptType{std::string(words.rest)}};
    }
    if (words.command == "key") {
        const auto key = parse_key(argument);
        if (!key) {
            return base::fail(
                base::ErrorKind::invalid_input,
                fmt::format("unknown key '{}'; keys are enter, backspace, escape, tab and f2", argument));
        }
        return ScriptStep{ScriptKey{*key}};
    }
    if (words.command == "printer") {
        if (argument.empty()) {
            return base::fail(base::ErrorKind::invalid_input,
                              "printer takes a simulator command, e.g. printer media none");
        }
        return ScriptStep{ScriptPrinter{std::string(argument)}};
    }
    return std::optional<ScriptStep>{}; // not a command: a payload
}

} // namespace

base::Result<std::vector<ScriptLine>> parse_scan_script(std::string_view text, std::string_view source) {
    std::vector<ScriptLine> lines;
    std::size_t number = 0;
    while (!text.empty()) {
        const auto end = text.find('\n');
        std::string_view line = text.substr(0, end);
        text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
        ++number;
        if (!line.empty() && line.back() == '\r') {
            line.remove_suffix(1);
        }
        if (base::trim(line).empty() || base::trim(line).front() == '#') {
            continue;
        }
        auto step = parse_command(split_command(line));
        if (!step) {
            return base::fail(base::ErrorKind::invalid_input,
                              fmt::format("{}:{}: {}", source, number, step.error().message));
        }
        lines.push_back(ScriptLine{number, step->value_or(ScriptStep{ScriptScan{std::string(line)}})});
    }
    return lines;
}

} // namespace checkin::kiosk
