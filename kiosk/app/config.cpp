// The kiosk's configuration: the file's parser, the command-line overrides and the summary. The printer
// settings are worked out in config_printer.cpp and the staff secrets kept in config_staff.cpp.

#include "kiosk/app/config.hpp"

#include "base/ini_lines.hpp"
#include "base/text.hpp"
#include "base/utf8.hpp"
#include "kiosk/app/config_internal.hpp"
#include "sync/protocol/enrolment.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <fmt/format.h>
#include <fstream>
#include <initializer_list>
#include <map>
#include <span>
#include <sstream>
#include <stdexcept>
#include <system_error>
#include <tuple>
#include <utility>

namespace checkin::kiosk {

namespace config_internal {

// "a, b and c".
std::string join_names(std::span<const std::string_view> names, std::string_view last_separator) {
    std::string text;
    for (std::size_t index = 0; index < names.size(); ++index) {
        if (index > 0) {
            text += index + 1 == names.size() ? last_separator : ", ";
        }
        text += names[index];
    }
    return text;
}

std::string join_strings(const std::vector<std::string>& names) {
    std::vector<std::string_view> views(names.begin(), names.end());
    return join_names(views, ", ");
}

bool is_printable_word(std::string_view text) {
    return std::ranges::all_of(text, [](char c) { return c > ' ' && c < 0x7f; });
}

bool is_name_character(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

bool is_hex_digit(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

std::optional<unsigned> parse_whole_number(std::string_view text) {
    unsigned value = 0;
    const char* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (text.empty() || ec != std::errc{} || ptr != end) {
        return std::nullopt;
    }
    return value;
}

} // namespace config_internal

using namespace config_internal;

namespace {

using namespace std::chrono_literals;

constexpr std::string_view default_kiosk_id = "kiosk";

constexpr std::size_t maximum_id_length = 40;
constexpr std::chrono::milliseconds least_keyboard_gap{5};
constexpr std::chrono::milliseconds most_keyboard_gap{200};

enum class Section { none, kiosk, printer, scanners, screens, staff, sync, codes, event };

struct SectionInfo {
    Section section;
    std::string_view name;
    std::span<const std::string_view> keys;
};

constexpr std::array<std::string_view, 3> kiosk_keys{"id", "database", "language"};
constexpr std::array<std::string_view, 4> printer_keys{"device", "model", "media", "template"};
constexpr std::array<std::string_view, 3> scanner_keys{"devices", "keyboard_terminator", "keyboard_max_gap"};
constexpr std::array<std::string_view, 7> screen_keys{
    "welcome", "take_badge", "refusal", "printer_problem", "staff_inactivity", "badge_exit", "find_by_name"};
constexpr std::array<std::string_view, 5> staff_keys{"salt", "pin.NAME", "code.NAME", "lockout_count",
                                                     "lockout_minutes"};
constexpr std::array<std::string_view, 4> sync_keys{"hub", "hub_pin", "token", "token_env"};
constexpr std::array<std::string_view, 3> codes_keys{"public_keys", "accept_unsigned", "badge_key"};
constexpr std::array<std::string_view, 1> event_keys{"name_en"};

// The longest English event name taken: a title on the attract screen, not a paragraph.
constexpr std::size_t maximum_event_name_length = 200;

constexpr std::array<SectionInfo, 8> sections{{
    {Section::kiosk, "kiosk", kiosk_keys},
    {Section::printer, "printer", printer_keys},
    {Section::scanners, "scanners", scanner_keys},
    {Section::screens, "screens", screen_keys},
    {Section::staff, "staff", staff_keys},
    {Section::sync, "sync", sync_keys},
    {Section::codes, "codes", codes_keys},
    {Section::event, "event", event_keys},
}};

const SectionInfo& section_info(Section section) {
    return *std::ranges::find(sections, section, &SectionInfo::section);
}

// ---- small text helpers ----------------------------------------------------------------------------

// Valid UTF-8 without control characters: what a title on screen may hold.
bool is_printable_utf8(std::string_view text) {
    std::size_t index = 0;
    while (index < text.size()) {
        const base::utf8::CodePoint decoded = base::utf8::decode_at(text, index);
        if (decoded.defect != base::utf8::Defect::none || decoded.value < 0x20 ||
            (decoded.value >= 0x7F && decoded.value < 0xA0)) {
            return false;
        }
        index += decoded.length;
    }
    return true;
}

// The edit distance between two short keys, for "did you mean".
std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> previous(b.size() + 1);
    std::vector<std::size_t> current(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) {
        previous[j] = j;
    }
    for (std::size_t i = 1; i <= a.size(); ++i) {
        current[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
            current[j] = std::min({previous[j] + 1, current[j - 1] + 1, substitution});
        }
        std::swap(previous, current);
    }
    return previous[b.size()];
}

// " (did you mean 'language'?)" when one known name is close to `wrong`, else "".
std::string suggestion(std::string_view wrong, std::span<const std::string_view> known) {
    std::string_view best;
    std::size_t best_distance = 3; // two typos at most
    for (const std::string_view name : known) {
        const std::size_t distance = edit_distance(base::ascii_lower(wrong), name);
        if (distance < best_distance) {
            best = name;
            best_distance = distance;
        }
    }
    return best.empty() ? std::string() : fmt::format(" (did you mean '{}'?)", best);
}

// ---- durations -------------------------------------------------------------------------------------

// "2 s", "1.5 s", "2 min", "30 ms".
std::string format_duration(std::chrono::milliseconds duration) {
    const auto count = duration.count();
    if (count >= 60000 && count % 60000 == 0) {
        return fmt::format("{} min", count / 60000);
    }
    if (count >= 1000 && count % 1000 == 0) {
        return fmt::format("{} s", count / 1000);
    }
    if (count >= 1000) {
        return fmt::format("{} s", static_cast<double>(count) / 1000.0);
    }
    return fmt::format("{} ms", count);
}

// "8s", "8 s", "1.5s", "8000ms", "2min": a number and a unit (ms, s or min), to whole milliseconds.
std::optional<std::chrono::milliseconds> parse_duration(std::string_view text) {
    double scale = 0.0;
    if (text.ends_with("ms")) {
        scale = 1.0;
        text.remove_suffix(2);
    } else if (text.ends_with("min")) {
        scale = 60000.0;
        text.remove_suffix(3);
    } else if (text.ends_with("s")) {
        scale = 1000.0;
        text.remove_suffix(1);
    } else {
        return std::nullopt;
    }
    text = base::trim(text);
    double value = 0.0;
    const char* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value, std::chars_format::fixed);
    if (text.empty() || ec != std::errc{} || ptr != end || !std::isfinite(value) || value < 0.0 ||
        value > 1e9) {
        return std::nullopt;
    }
    const double milliseconds = value * scale;
    if (std::abs(milliseconds - std::round(milliseconds)) > 1e-6) {
        return std::nullopt; // finer than a millisecond
    }
    return std::chrono::milliseconds(std::llround(milliseconds));
}

// An error body, or the duration within bounds.
base::Result<std::chrono::milliseconds> duration_in(std::string_view key, std::string_view value,
                                                    TimingBounds bounds) {
    const auto duration = parse_duration(value);
    if (!duration) {
        return base::fail(
            base::ErrorKind::invalid_input,
            fmt::format("{} must be a time with its unit, ms, s or min (8s, 1500ms, 2min), not '{}'", key,
                        value));
    }
    if (*duration < bounds.least || *duration > bounds.most) {
        return base::fail(base::ErrorKind::invalid_input,
                          fmt::format("{} must be from {} to {}, not {}", key, format_duration(bounds.least),
                                      format_duration(bounds.most), format_duration(*duration)));
    }
    return *duration;
}

// ---- single values ---------------------------------------------------------------------------------

std::optional<Language> parse_language(std::string_view value) {
    if (value == "pl") {
        return Language::pl;
    }
    if (value == "en") {
        return Language::en;
    }
    return std::nullopt;
}

std::string_view language_name(Language language) {
    return language == Language::en ? "en" : "pl";
}

std::string_view terminator_name(drivers::WedgeTerminator terminator) {
    switch (terminator) {
    case drivers::WedgeTerminator::enter:
        return "enter";
    case drivers::WedgeTerminator::tab:
        return "tab";
    case drivers::WedgeTerminator::none:
        return "none";
    }
    return "enter";
}

base::Result<ScannerAddress> parse_scanner_address(std::string_view text) {
    constexpr std::string_view forms =
        "a scanner is keyboard, camera:/dev/videoN, usb://VVVV:PPPP[?serial=S], usb://class/3 or "
        "serial:///dev/ttyACM0[?baud=N]";
    if (text == "keyboard") {
        return KeyboardWedgeScanner{};
    }
    if (text.starts_with("camera:")) {
        const std::string_view device = text.substr(std::string_view("camera:").size());
        if (!device.starts_with('/') || device.starts_with("//")) {
            return base::fail(
                base::ErrorKind::invalid_input,
                fmt::format("'{}' is not a camera: write camera: and the device's path (camera:/dev/video0)",
                            text));
        }
        return CameraScanner{std::string(device)};
    }
    if (text.find("://") == std::string_view::npos) {
        return base::fail(base::ErrorKind::invalid_input,
                          fmt::format("'{}' is not a scanner; {}", text, forms));
    }
    const auto address = drivers::parse_device_address(text);
    if (!address) {
        return base::fail(base::ErrorKind::invalid_input, address.error().detail);
    }
    if (const auto* usb = std::get_if<drivers::UsbAddress>(&*address)) {
        return *usb;
    }
    if (const auto* serial = std::get_if<drivers::SerialAddress>(&*address)) {
        return *serial;
    }
    return base::fail(base::ErrorKind::invalid_input,
                      fmt::format("'{}' is a printer's kind of address; {}", text, forms));
}

// "http(s)://host[:port][/path]", syntactically. No user name or password in it, no query and no
// fragment: the token goes in token or token_env, never in the URL (which the device panel shows).
std::optional<std::string> hub_url_problem(std::string_view url) {
    std::string_view rest;
    if (url.starts_with("https://")) {
        rest = url.substr(8);
    } else if (url.starts_with("http://")) {
        rest = url.substr(7);
    } else {
        return fmt::format("the hub must be an http:// or https:// URL, not '{}'", url);
    }
    if (!is_printable_word(url)) {
        return fmt::format("the hub URL '{}' has a space or a character that is not plain ASCII", url);
    }
    if (rest.find_first_of("?#") != std::string_view::npos) {
        return fmt::format("the hub URL '{}' must have no query or fragment; give the token with token or "
                           "token_env",
                           url);
    }
    const std::size_t slash = rest.find('/');
    std::string_view authority = rest.substr(0, slash);
    if (authority.find('@') != std::string_view::npos) {
        return fmt::format(
            "the hub URL '{}' must not carry a user name or password; give the token with token "
            "or token_env",
            url);
    }
    std::string_view host = authority;
    std::string_view port;
    bool port_separator = false;
    if (authority.starts_with('[')) {
        const std::size_t close = authority.find(']');
        if (close == std::string_view::npos || close == 1) {
            return fmt::format("the hub URL '{}' has an IPv6 address without its closing ']'", url);
        }
        host = authority.substr(1, close - 1);
        const std::string_view after = authority.substr(close + 1);
        if (!after.empty() && !after.starts_with(':')) {
            return fmt::format("the hub URL '{}' has something other than :PORT after its IPv6 address", url);
        }
        port_separator = !after.empty();
        port = after.empty() ? after : after.substr(1);
        if (!std::ranges::all_of(host, [](char c) { return is_hex_digit(c) || c == ':' || c == '.'; })) {
            return fmt::format("the hub URL '{}' has an IPv6 address that is not one", url);
        }
    } else {
        const std::size_t colon = authority.find(':');
        if (colon != std::string_view::npos) {
            host = authority.substr(0, colon);
            port = authority.substr(colon + 1);
            port_separator = true;
        }
        const bool valid_host = !host.empty() && !host.starts_with('.') && !host.starts_with('-') &&
                                std::ranges::all_of(host, [](char c) {
                                    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                                           (c >= '0' && c <= '9') || c == '-' || c == '.';
                                });
        if (!valid_host) {
            return fmt::format("the hub URL '{}' needs a host name or address after the scheme", url);
        }
    }
    if (port_separator && port.empty()) {
        return fmt::format("the hub URL '{}' has ':' without a port", url);
    }
    if (!port.empty()) {
        const auto number = parse_whole_number(port);
        if (!number || *number == 0 || *number > 65535) {
            return fmt::format("the hub URL '{}' has a port that is not a number from 1 to 65535", url);
        }
    }
    return std::nullopt;
}

// ---- the parser ------------------------------------------------------------------------------------

bool is_staff_entry(std::string_view key) {
    return key.starts_with("pin.") || key.starts_with("code.");
}

bool is_known_key(const SectionInfo& info, std::string_view key) {
    if (info.section == Section::staff && is_staff_entry(key)) {
        return true;
    }
    return std::ranges::find(info.keys, key) != info.keys.end();
}

class Parser {
public:
    explicit Parser(std::string_view source) : m_source(source) {
        m_config = default_kiosk_config();
        m_config.source = source;
        m_config.kiosk.id = {};
    }

    ConfigResult<KioskConfig> parse(std::string_view text) {
        const auto lines = base::read_ini_lines(text, {.header = "section", .header_example = "[section]"});
        if (!lines) {
            return error(lines.error().line, lines.error().message);
        }
        for (const base::IniLine& line : *lines) {
            if (auto ok = line.kind == base::IniLine::Kind::header
                              ? header(line.name, line.number)
                              : setting(line.key, line.value, line.number);
                !ok) {
                return std::unexpected(ok.error());
            }
        }
        if (auto ok = finish(); !ok) {
            return std::unexpected(ok.error());
        }
        return std::move(m_config);
    }

private:
    std::unexpected<ConfigError> error(std::size_t line, std::string_view what) const {
        return std::unexpected(ConfigError{base::ErrorKind::invalid_input,
                                           fmt::format("{}:{}: {}", m_source, line, what), line});
    }

    Origin here(std::size_t line) const { return Origin{Origin::Kind::file, std::string(m_source), line}; }

    // The line a key was given on in a section, or 0.
    std::size_t key_line(Section section, std::string_view key) const {
        const auto found = m_key_lines.find(fmt::format("{}.{}", section_info(section).name, key));
        return found == m_key_lines.end() ? 0 : found->second;
    }

    ConfigResult<void> setting(std::string_view key, std::string_view value, std::size_t number) {
        if (m_section == Section::none) {
            return error(number, fmt::format("the key '{}' comes before the first [section] header", key));
        }
        const SectionInfo& info = section_info(m_section);
        if (!is_known_key(info, key)) {
            return error(number, fmt::format("unknown key '{}' in [{}]{}; [{}] takes {}", key, info.name,
                                             suggestion(key, info.keys), info.name, join_names(info.keys)));
        }
        if (value.empty()) {
            return error(number, fmt::format("the key '{}' has no value", key));
        }
        const auto [previous, inserted] =
            m_key_lines.try_emplace(fmt::format("{}.{}", info.name, key), number);
        if (!inserted) {
            return error(number, fmt::format("the key '{}' is given twice in [{}] (first on line {})", key,
                                             info.name, previous->second));
        }
        switch (m_section) {
        case Section::kiosk:
            return kiosk_key(key, value, number);
        case Section::printer:
            return printer_key(key, value, number);
        case Section::scanners:
            return scanner_key(key, value, number);
        case Section::screens:
            return screen_key(key, value, number);
        case Section::staff:
            return staff_key(key, value, number);
        case Section::sync:
            return sync_key(key, value, number);
        case Section::codes:
            if (auto read = read_codes_setting(m_config.codes, key, value); !read) {
                return error(number, read.error().message);
            }
            return {};
        case Section::event:
            return event_key(key, value, number);
        case Section::none:
            break;
        }
        return {};
    }

    ConfigResult<void> header(std::string_view name, std::size_t number) {
        const auto found = std::ranges::find(sections, name, &SectionInfo::name);
        if (found == sections.end()) {
            std::vector<std::string_view> names;
            std::vector<std::string> bracketed;
            for (const SectionInfo& info : sections) {
                names.push_back(info.name);
                bracketed.push_back(fmt::format("[{}]", info.name));
            }
            return error(number, fmt::format("unknown section [{}]{}; the sections are {}", name,
                                             suggestion(name, names), join_strings(bracketed)));
        }
        const auto [previous, inserted] = m_section_lines.try_emplace(found->section, number);
        if (!inserted) {
            return error(number, fmt::format("the section [{}] is given twice (first on line {})", name,
                                             previous->second));
        }
        m_section = found->section;
        return {};
    }

    ConfigResult<void> kiosk_key(std::string_view key, std::string_view value, std::size_t number) {
        KioskSettings& kiosk = m_config.kiosk;
        if (key == "id") {
            if (value.size() > maximum_id_length ||
                !std::ranges::all_of(value, [](char c) { return is_name_character(c) || c == '.'; })) {
                return error(number, fmt::format("id must be at most {} letters, digits, '-', '_' or '.' "
                                                 "(kiosk-1, recepcja), not '{}'",
                                                 maximum_id_length, value));
            }
            kiosk.id = {std::string(value), here(number)};
        } else if (key == "database") {
            kiosk.database = {std::filesystem::path(std::string(value)), here(number)};
        } else if (key == "language") {
            const auto language = parse_language(value);
            if (!language) {
                return error(number, fmt::format("language must be pl or en, not '{}'", value));
            }
            kiosk.language = {*language, here(number)};
        }
        return {};
    }

    ConfigResult<void> printer_key(std::string_view key, std::string_view value, std::size_t number) {
        PrinterSettings& printer = m_config.printer;
        if (key == "device") {
            auto address = drivers::parse_device_address(value);
            if (!address) {
                return error(number, address.error().detail);
            }
            printer.device = {std::move(*address), here(number)};
        } else if (key == "model") {
            auto model = check_model(value);
            if (!model) {
                return error(number, model.error().message);
            }
            printer.model = {std::move(*model), here(number)};
        } else if (key == "media") {
            auto media = check_media(value);
            if (!media) {
                return error(number, media.error().message);
            }
            printer.media = {std::move(*media), here(number)};
        } else if (key == "template") {
            auto name = check_template_name(value);
            if (!name) {
                return error(number, name.error().message);
            }
            printer.badge_template = {std::move(*name), here(number)};
        }
        return {};
    }

    ConfigResult<void> scanner_key(std::string_view key, std::string_view value, std::size_t number) {
        ScannerSettings& scanners = m_config.scanners;
        if (key == "devices") {
            scanners.devices.clear();
            const auto words = base::split_words(value, base::spaces_tabs_and_commas);
            if (words.size() == 1 && words[0] == "none") {
                return {};
            }
            std::vector<std::string> seen;
            for (const std::string_view word : words) {
                if (word == "none") {
                    return error(number, "devices = none means no scanner, and cannot be listed with others");
                }
                auto address = parse_scanner_address(word);
                if (!address) {
                    return error(number, address.error().message);
                }
                std::string canonical = format_scanner_address(*address);
                if (std::ranges::find(seen, canonical) != seen.end()) {
                    return error(number, fmt::format("the scanner {} is listed twice", canonical));
                }
                seen.push_back(std::move(canonical));
                scanners.devices.push_back(std::move(*address));
            }
        } else if (key == "keyboard_terminator") {
            if (value == "enter") {
                scanners.keyboard.terminator = drivers::WedgeTerminator::enter;
            } else if (value == "tab") {
                scanners.keyboard.terminator = drivers::WedgeTerminator::tab;
            } else if (value == "none") {
                scanners.keyboard.terminator = drivers::WedgeTerminator::none;
            } else {
                return error(number,
                             fmt::format("keyboard_terminator must be enter, tab or none, not '{}'", value));
            }
        } else if (key == "keyboard_max_gap") {
            const auto gap = duration_in(key, value, {least_keyboard_gap, most_keyboard_gap});
            if (!gap) {
                return error(number, gap.error().message);
            }
            scanners.keyboard.max_scanner_gap = *gap;
            // The pause that ends a burst must be longer than the gap within one (keyboard_wedge.hpp).
            scanners.keyboard.quiet_gap = std::max(scanners.keyboard.quiet_gap, 2 * *gap);
        }
        return {};
    }

    ConfigResult<void> screen_key(std::string_view key, std::string_view value, std::size_t number) {
        ScreenTimings& screens = m_config.screens;
        const std::array<std::tuple<std::string_view, std::chrono::milliseconds*, TimingBounds>, 5> timings{{
            {"welcome", &screens.welcome, welcome_bounds()},
            {"take_badge", &screens.take_badge, take_badge_bounds()},
            {"refusal", &screens.refusal, refusal_bounds()},
            {"printer_problem", &screens.printer_problem, printer_problem_bounds()},
            {"staff_inactivity", &screens.staff_inactivity, staff_inactivity_bounds()},
        }};
        for (const auto& [name, target, bounds] : timings) {
            if (key == name) {
                const auto duration = duration_in(key, value, bounds);
                if (!duration) {
                    return error(number, duration.error().message);
                }
                *target = *duration;
            }
        }
        if (key == "badge_exit") {
            if (value == "below") {
                screens.badge_exit = BadgeExit::below;
            } else if (value == "left") {
                screens.badge_exit = BadgeExit::left;
            } else if (value == "right") {
                screens.badge_exit = BadgeExit::right;
            } else {
                return error(number,
                             fmt::format("badge_exit must be below, left or right (where the badge "
                                         "comes out, as a delegate facing the screen sees it), not '{}'",
                                         value));
            }
        }
        if (key == "find_by_name") {
            if (value == "yes") {
                screens.find_by_name = FindByNameOffer::unless_signed_only;
            } else if (value == "always") {
                screens.find_by_name = FindByNameOffer::always;
            } else if (value == "no") {
                screens.find_by_name = FindByNameOffer::never;
            } else {
                return error(number, fmt::format("find_by_name must be yes, always or no (whether a delegate "
                                                 "without a code may find themselves by surname), not '{}'",
                                                 value));
            }
        }
        return {};
    }

    ConfigResult<void> event_key(std::string_view key, std::string_view value, std::size_t number) {
        if (key == "name_en") {
            if (value.size() > maximum_event_name_length) {
                return error(number, fmt::format("name_en is {} bytes long; an event's name for the attract "
                                                 "screen may have at most {}",
                                                 value.size(), maximum_event_name_length));
            }
            if (!is_printable_utf8(value)) {
                return error(number, "name_en is not valid UTF-8 or holds control characters; save the file "
                                     "as UTF-8");
            }
            m_config.event.english_name = Setting<std::string>{std::string(value), here(number)};
        }
        return {};
    }

    ConfigResult<void> staff_key(std::string_view key, std::string_view value, std::size_t number) {
        if (auto read = read_staff_setting(m_config.staff, key, value, number); !read) {
            return error(number, read.error().message);
        }
        return {};
    }

    ConfigResult<void> sync_key(std::string_view key, std::string_view value, std::size_t number) {
        SyncSettings& sync = m_config.sync;
        if (key == "hub") {
            if (const auto problem = hub_url_problem(value)) {
                return error(number, *problem);
            }
            sync.hub = value;
        } else if (key == "hub_pin") {
            if (!sync::is_public_key_pin(value)) {
                return error(number,
                             "hub_pin must be sha256// and 44 characters of base64, as `kiosk-hub cert "
                             "show` prints it");
            }
            sync.hub_pin = value;
        } else if (key == "token") {
            // Never repeated in messages: it is a secret.
            if (!is_printable_word(value)) {
                return error(number, "token must be written without spaces or characters that are not plain "
                                     "ASCII");
            }
            sync.token = value;
            sync.token_origin = here(number);
        } else if (key == "token_env") {
            const bool valid =
                !(value.front() >= '0' && value.front() <= '9') && std::ranges::all_of(value, [](char c) {
                    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                           c == '_';
                });
            if (!valid) {
                return error(number, fmt::format("token_env must be the name of an environment variable "
                                                 "(CHECKIN_HUB_TOKEN), not '{}'",
                                                 value));
            }
            sync.token_env = value;
            sync.token_origin = here(number);
        }
        return {};
    }

    ConfigResult<void> finish() {
        const KioskConfig& config = m_config;
        if (config.kiosk.id.value.empty()) {
            const auto header_line = m_section_lines.find(Section::kiosk);
            return error(
                header_line == m_section_lines.end() ? 1 : header_line->second,
                "the configuration needs an id in [kiosk] (id = kiosk-1): it names this kiosk in every "
                "check-in and log");
        }
        if (auto problem = staff_problem(m_config.staff)) {
            return error(problem->line, problem->message);
        }
        const std::size_t terminator_line = key_line(Section::scanners, "keyboard_terminator");
        const std::size_t gap_line = key_line(Section::scanners, "keyboard_max_gap");
        const bool has_keyboard =
            std::ranges::any_of(config.scanners.devices, [](const ScannerAddress& address) {
                return std::holds_alternative<KeyboardWedgeScanner>(address);
            });
        if (!has_keyboard && (terminator_line != 0 || gap_line != 0)) {
            return error(
                std::max(terminator_line, gap_line),
                fmt::format("{} applies to the keyboard scanner, but devices (line {}) does not list "
                            "keyboard",
                            terminator_line != 0 ? "keyboard_terminator" : "keyboard_max_gap",
                            key_line(Section::scanners, "devices")));
        }
        if (auto ok = check_sync(); !ok) {
            return ok;
        }
        if (auto ok = resolve_printer(m_config.printer); !ok) {
            return ok;
        }
        return {};
    }

    ConfigResult<void> check_sync() const {
        const SyncSettings& sync = m_config.sync;
        const std::size_t hub_line = key_line(Section::sync, "hub");
        const std::size_t token_line = key_line(Section::sync, "token");
        const std::size_t env_line = key_line(Section::sync, "token_env");
        if (token_line != 0 && env_line != 0) {
            return error(
                std::max(token_line, env_line),
                fmt::format("give the token either in the file (token, line {}) or by an environment "
                            "variable (token_env, line {}), not both",
                            token_line, env_line));
        }
        if (sync.hub.empty() && (token_line != 0 || env_line != 0)) {
            return error(std::max(token_line, env_line),
                         fmt::format("{} is set, but there is no hub = to use it with",
                                     token_line != 0 ? "token" : "token_env"));
        }
        if (!sync.hub.empty() && token_line == 0 && env_line == 0) {
            return error(hub_line, "the hub needs this kiosk's token: add token_env = (the name of an "
                                   "environment variable holding it) or token =");
        }
        const std::size_t pin_line = key_line(Section::sync, "hub_pin");
        if (sync.hub.empty() && pin_line != 0) {
            return error(pin_line, "hub_pin is set, but there is no hub = to use it with");
        }
        if (sync.hub.starts_with("https://") && sync.hub_pin.empty()) {
            return error(hub_line, "an https:// hub needs hub_pin = (the pin `kiosk-hub cert show` prints): "
                                   "the kiosk trusts the hub by its key alone");
        }
        return {};
    }

    std::string_view m_source;
    KioskConfig m_config;
    Section m_section = Section::none;
    std::map<Section, std::size_t> m_section_lines;
    std::map<std::string, std::size_t, std::less<>> m_key_lines; // "printer.media" → its line
};

} // namespace

// ---- public functions ------------------------------------------------------------------------------

std::string Origin::where() const {
    switch (kind) {
    case Kind::built_in:
        return "the default";
    case Kind::derived:
        return name;
    case Kind::file:
        return fmt::format("{}:{}", name, line);
    case Kind::command_line:
        return name;
    }
    return name;
}

TimingBounds welcome_bounds() {
    return {500ms, 30s};
}
TimingBounds take_badge_bounds() {
    return {1s, 60s};
}
TimingBounds refusal_bounds() {
    return {2s, 120s};
}
TimingBounds printer_problem_bounds() {
    return {3s, 300s};
}
TimingBounds staff_inactivity_bounds() {
    return {15s, 60min};
}

std::string format_scanner_address(const ScannerAddress& address) {
    struct Formatter {
        std::string operator()(const KeyboardWedgeScanner&) const { return "keyboard"; }
        std::string operator()(const CameraScanner& camera) const {
            return "camera:" + camera.device.string();
        }
        std::string operator()(const drivers::UsbAddress& usb) const {
            return drivers::format_device_address(usb);
        }
        std::string operator()(const drivers::SerialAddress& serial) const {
            return drivers::format_device_address(serial);
        }
    };
    return std::visit(Formatter{}, address);
}

KioskConfig default_kiosk_config() {
    KioskConfig config;
    config.kiosk.id = {std::string(default_kiosk_id), Origin{}};
    // The built-in printer settings always fit each other.
    if (auto resolved = resolve_printer(config.printer); !resolved) {
        throw std::logic_error(resolved.error().message);
    }
    return config;
}

ConfigResult<KioskConfig> parse_kiosk_config(std::string_view text, std::string_view source) {
    Parser parser(source);
    return parser.parse(text);
}

ConfigResult<KioskConfig> load_kiosk_config(const std::filesystem::path& path) {
    std::error_code error;
    if (!std::filesystem::is_regular_file(path, error)) {
        return std::unexpected(ConfigError{
            base::ErrorKind::not_found,
            fmt::format("the configuration file {} does not exist or is not a file", path.string())});
    }
    std::ifstream file(path, std::ios::binary);
    std::ostringstream contents;
    contents << file.rdbuf();
    if (!file) {
        return std::unexpected(ConfigError{
            base::ErrorKind::io, fmt::format("cannot read the configuration file {}", path.string())});
    }
    return parse_kiosk_config(contents.str(), path.string());
}

ConfigResult<KioskConfig> apply_overrides(KioskConfig config, const CommandLineOverrides& overrides) {
    const auto option = [](std::string_view name) {
        return Origin{Origin::Kind::command_line, std::string(name), 0};
    };
    const auto fail = [](std::string message) {
        return std::unexpected(ConfigError{base::ErrorKind::invalid_input, std::move(message)});
    };
    if (overrides.database) {
        if (overrides.database->empty()) {
            return fail("--db needs the mirror's file name");
        }
        config.kiosk.database = {std::filesystem::path(*overrides.database), option("--db")};
    }
    if (overrides.language) {
        const auto language = parse_language(*overrides.language);
        if (!language) {
            return fail(fmt::format("--lang must be pl or en, not '{}'", *overrides.language));
        }
        config.kiosk.language = {*language, option("--lang")};
    }
    if (overrides.date) {
        const auto day = sync::parse_iso_day(*overrides.date);
        if (!day) {
            return fail(fmt::format("--date must be a date written YYYY-MM-DD (2026-11-29), not '{}'",
                                    *overrides.date));
        }
        config.kiosk.date = {*day, option("--date")};
    }
    PrinterSettings& printer = config.printer;
    if (overrides.printer) {
        auto address = drivers::parse_device_address(*overrides.printer);
        if (!address) {
            return fail(fmt::format("--printer: {}", address.error().detail));
        }
        printer.device = {std::move(*address), option("--printer")};
    }
    if (overrides.model) {
        auto model = check_model(*overrides.model);
        if (!model) {
            return fail(fmt::format("--model: {}", model.error().message));
        }
        printer.model = {std::move(*model), option("--model")};
    }
    if (overrides.media) {
        auto media = check_media(*overrides.media);
        if (!media) {
            return fail(fmt::format("--media: {}", media.error().message));
        }
        printer.media = {std::move(*media), option("--media")};
    }
    // What was derived from the values before the overrides is derived again from the new ones.
    for (Setting<std::string>* setting : {&printer.model, &printer.media, &printer.badge_template}) {
        if (!setting->origin.is_explicit()) {
            *setting = {};
        }
    }
    if (auto resolved = resolve_printer(printer); !resolved) {
        return std::unexpected(resolved.error());
    }
    return config;
}

std::string describe_config(const KioskConfig& config) {
    const auto from = [](const Origin& origin) {
        return origin.where();
    };
    std::string text;
    const KioskSettings& kiosk = config.kiosk;
    text += fmt::format("kiosk: {} ({})\n", kiosk.id.value,
                        config.source.empty() ? "no configuration file" : config.source);
    text += fmt::format("database: {} ({})\n",
                        kiosk.database.value.empty() ? "not set" : kiosk.database.value.string(),
                        from(kiosk.database.origin));
    text +=
        fmt::format("language: {} ({})\n", language_name(kiosk.language.value), from(kiosk.language.origin));
    if (kiosk.date.value) {
        text += fmt::format("date: {} ({}) instead of today\n", sync::format_iso_day(*kiosk.date.value),
                            from(kiosk.date.origin));
    }

    const PrinterSettings& printer = config.printer;
    const BadgeTarget& target = printer.target;
    std::string media_detail;
    if (target.ql_media) {
        media_detail = fmt::format("{} {}", target.ql_media->part_number,
                                   target.ql_media->two_colour ? "black/red" : "");
    } else if (target.zpl_media) {
        media_detail = fmt::format("{} dpi", target.zpl_media->dpi);
    }
    text += fmt::format("printer: {} ({}); model {} ({}); medium {} ({}, {}); template {} ({})\n",
                        printer.device.value ? drivers::format_device_address(*printer.device.value) : "none",
                        printer.device.value ? from(printer.device.origin) : "not configured",
                        printer.model.value, from(printer.model.origin), printer.media.value,
                        base::trim(media_detail), from(printer.media.origin), printer.badge_template.value,
                        from(printer.badge_template.origin));

    std::vector<std::string> scanners;
    for (const ScannerAddress& address : config.scanners.devices) {
        if (std::holds_alternative<KeyboardWedgeScanner>(address)) {
            scanners.push_back(fmt::format("keyboard (ends with {}, gap under {})",
                                           terminator_name(config.scanners.keyboard.terminator),
                                           format_duration(config.scanners.keyboard.max_scanner_gap)));
        } else {
            scanners.push_back(format_scanner_address(address));
        }
    }
    text += fmt::format("scanners: {}\n", scanners.empty() ? "none" : join_strings(scanners));

    const ScreenTimings& screens = config.screens;
    text += fmt::format(
        "screens: welcome {}, take badge {}, refusal {}, printer problem {}, staff inactivity {}\n",
        format_duration(screens.welcome), format_duration(screens.take_badge),
        format_duration(screens.refusal), format_duration(screens.printer_problem),
        format_duration(screens.staff_inactivity));

    const StaffSettings& staff = config.staff;
    const auto names = [](const std::vector<StaffSecret>& secrets) {
        std::vector<std::string> list;
        for (const StaffSecret& secret : secrets) {
            list.push_back(secret.name);
        }
        return list.empty() ? std::string("none") : join_strings(list);
    };
    text += fmt::format(
        "staff: PINs of {}; QR codes of {}; the PIN pad locks for {} after {} wrong PINs (5 and 30 times "
        "as long the next times)\n",
        names(staff.pins), names(staff.codes),
        format_duration(std::chrono::duration_cast<std::chrono::milliseconds>(staff.lockout_duration)),
        staff.lockout_count);

    const SyncSettings& sync = config.sync;
    if (sync.hub.empty()) {
        text += "sync: no hub; this kiosk works alone\n";
    } else {
        // The pin is no secret: showing it lets the technician compare it with `kiosk-hub cert show`.
        const std::string hub =
            sync.hub_pin.empty() ? sync.hub : fmt::format("{} (key {})", sync.hub, sync.hub_pin);
        text +=
            sync.token_env.empty()
                ? fmt::format("sync: hub {}, token written in the file (not shown)\n", hub)
                : fmt::format("sync: hub {}, token from the environment variable {}\n", hub, sync.token_env);
    }
    const CodeSettings& codes = config.codes;
    const std::string_view unsigned_codes = codes.unsigned_codes == UnsignedCodes::accepted ? "accepted"
                                            : codes.unsigned_codes == UnsignedCodes::refused
                                                ? "refused"
                                                : "accepted until the mirror holds a key";
    text += fmt::format("codes: {} public keys besides the mirror's; plain codes {}; badges {}\n",
                        codes.public_keys.size(), unsigned_codes,
                        codes.badge_key.empty() ? std::string("print the plain code")
                                                : fmt::format("signed with {}", codes.badge_key.string()));
    return text;
}

std::optional<std::string> process_environment(const std::string& name) {
    // The kiosk reads its environment once at start-up, before any thread that could change it.
    const char* value = std::getenv(name.c_str()); // NOLINT(concurrency-mt-unsafe)
    if (value == nullptr) {
        return std::nullopt;
    }
    return std::string(value);
}

ConfigResult<std::string> resolve_hub_token(const SyncSettings& sync, const EnvironmentLookup& environment) {
    if (sync.hub.empty()) {
        return std::unexpected(
            ConfigError{base::ErrorKind::not_found, "no hub is configured, so there is no token"});
    }
    if (!sync.token.empty()) {
        return sync.token;
    }
    const auto value = environment(sync.token_env);
    if (!value || value->empty()) {
        return std::unexpected(
            ConfigError{base::ErrorKind::invalid_input,
                        fmt::format("the environment variable {} ({}, token_env) is {}: it "
                                    "must hold this kiosk's hub token",
                                    sync.token_env, sync.token_origin.where(), value ? "empty" : "not set"),
                        0});
    }
    return *value;
}

} // namespace checkin::kiosk
