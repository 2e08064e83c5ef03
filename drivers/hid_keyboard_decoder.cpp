#include "drivers/hid_keyboard_decoder.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <utility>

namespace checkin::drivers {

namespace {

// Modifier bits of byte 0.
constexpr std::uint8_t left_control = 0x01;
constexpr std::uint8_t left_shift = 0x02;
constexpr std::uint8_t left_alt = 0x04;
constexpr std::uint8_t left_gui = 0x08;
constexpr std::uint8_t right_control = 0x10;
constexpr std::uint8_t right_shift = 0x20;
constexpr std::uint8_t right_alt = 0x40;
constexpr std::uint8_t right_gui = 0x80;

constexpr std::size_t first_key_slot = 2; // bytes 0 and 1 are the modifiers and a reserved byte

// Usage codes (HID Usage Tables, Keyboard/Keypad page 0x07) that need more than a table lookup.
constexpr std::uint8_t key_enter = 0x28;
constexpr std::uint8_t key_escape = 0x29;
constexpr std::uint8_t key_backspace = 0x2A;
constexpr std::uint8_t key_tab = 0x2B;
constexpr std::uint8_t key_caps_lock = 0x39;
constexpr std::uint8_t key_scroll_lock = 0x47;
constexpr std::uint8_t key_num_lock = 0x53;
constexpr std::uint8_t key_keypad_enter = 0x58;
constexpr std::uint8_t key_first_modifier = 0xE0; // LeftControl … RightGUI (0xE7) are modifier bits too
constexpr std::uint8_t key_last_modifier = 0xE7;

struct KeyCharacters {
    char plain;
    char shifted;
};

// The printable keys of a US layout: letters 0x04–0x1D, digits 0x1E–0x27, space and punctuation
// 0x2C–0x38 (0x32, "Non-US # and ~", has no key on a US keyboard and is left out), the keypad 0x54–0x63.
// Keypad keys type the same with and without Shift: scanners send them with Num Lock on, and Shift
// would only turn them into cursor keys on a PC.
std::optional<KeyCharacters> printable_key(std::uint8_t key_code) {
    if (key_code >= 0x04 && key_code <= 0x1D) {
        const auto letter = static_cast<char>('a' + (key_code - 0x04));
        return KeyCharacters{letter, static_cast<char>(letter - 'a' + 'A')};
    }
    if (key_code >= 0x1E && key_code <= 0x27) {
        constexpr std::string_view digits = "1234567890";
        constexpr std::string_view shifted_digits = "!@#$%^&*()";
        const auto index = static_cast<std::size_t>(key_code - 0x1E);
        return KeyCharacters{digits[index], shifted_digits[index]};
    }
    switch (key_code) {
    case 0x2C:
        return KeyCharacters{' ', ' '};
    case 0x2D:
        return KeyCharacters{'-', '_'};
    case 0x2E:
        return KeyCharacters{'=', '+'};
    case 0x2F:
        return KeyCharacters{'[', '{'};
    case 0x30:
        return KeyCharacters{']', '}'};
    case 0x31:
        return KeyCharacters{'\\', '|'};
    case 0x33:
        return KeyCharacters{';', ':'};
    case 0x34:
        return KeyCharacters{'\'', '"'};
    case 0x35:
        return KeyCharacters{'`', '~'};
    case 0x36:
        return KeyCharacters{',', '<'};
    case 0x37:
        return KeyCharacters{'.', '>'};
    case 0x38:
        return KeyCharacters{'/', '?'};
    case 0x54:
        return KeyCharacters{'/', '/'};
    case 0x55:
        return KeyCharacters{'*', '*'};
    case 0x56:
        return KeyCharacters{'-', '-'};
    case 0x57:
        return KeyCharacters{'+', '+'};
    case 0x62:
        return KeyCharacters{'0', '0'};
    case 0x63:
        return KeyCharacters{'.', '.'};
    default:
        break;
    }
    if (key_code >= 0x59 && key_code <= 0x61) { // keypad 1–9
        const auto digit = static_cast<char>('1' + (key_code - 0x59));
        return KeyCharacters{digit, digit};
    }
    return std::nullopt;
}

// Ctrl + key as a terminal types it: Ctrl+A … Ctrl+Z are 0x01–0x1A, Ctrl+@ [ \ ] ^ _ are 0x00 and
// 0x1B–0x1F (the character with bit 6 cleared), and xterm's Ctrl+2, Ctrl+6, Ctrl+- stand for @ ^ _.
// Scanners in "control character" mode send 0x1D, the GS1 group separator, as Ctrl+].
std::optional<char> control_character(char typed) {
    if (typed >= 'a' && typed <= 'z') {
        return static_cast<char>(typed - 'a' + 1);
    }
    if (typed >= 'A' && typed <= 'Z') {
        return static_cast<char>(typed - 'A' + 1);
    }
    switch (typed) {
    case '@':
    case '2':
        return '\x00';
    case '[':
        return '\x1b';
    case '\\':
        return '\x1c';
    case ']':
        return '\x1d';
    case '^':
    case '6':
        return '\x1e';
    case '_':
    case '-':
        return '\x1f';
    default:
        return std::nullopt;
    }
}

bool contains(std::span<const std::uint8_t> key_codes, std::uint8_t key_code) {
    return std::find(key_codes.begin(), key_codes.end(), key_code) != key_codes.end();
}

bool is_phantom_key(std::uint8_t key_code) {
    return key_code == hid_key_error_roll_over || key_code == hid_key_post_fail ||
           key_code == hid_key_error_undefined;
}

bool is_silently_ignored_key(std::uint8_t key_code) {
    return key_code == key_caps_lock || key_code == key_num_lock || key_code == key_scroll_lock ||
           (key_code >= key_first_modifier && key_code <= key_last_modifier);
}

} // namespace

HidKeyboardDecoder::HidKeyboardDecoder(std::string device, HidKeyboardOptions options)
    : m_device(std::move(device)), m_options(options) {}

std::vector<Scan> HidKeyboardDecoder::feed(std::span<const std::uint8_t> report,
                                           std::chrono::steady_clock::time_point time) {
    std::vector<Scan> scans;
    m_last_report_time = time;
    if (report.size() != hid_keyboard_report_size) {
        m_warnings.add(fmt::format("{}: ignored a keyboard report of {} bytes (a boot keyboard sends {})",
                                   m_device, report.size(), hid_keyboard_report_size));
        return scans;
    }
    const auto keys = report.subspan(first_key_slot, hid_keyboard_key_slots);
    if (std::any_of(keys.begin(), keys.end(), is_phantom_key)) {
        // The keyboard could not tell which keys are down; the next good report will. Keeping the old
        // state means a key held through this report does not type a second time.
        m_warnings.add(
            fmt::format("{}: ignored a phantom keyboard report (key error code in a slot)", m_device));
        return scans;
    }
    const std::uint8_t modifiers = report[0];
    for (std::size_t slot = 0; slot < keys.size(); ++slot) {
        const std::uint8_t key_code = keys[slot];
        const bool held_before = contains(m_held_keys, key_code);
        const bool repeated_in_report = contains(keys.first(slot), key_code); // garbage, but type it once
        if (key_code == 0 || held_before || repeated_in_report) {
            continue;
        }
        type_key(key_code, modifiers, time, scans);
    }
    std::copy(keys.begin(), keys.end(), m_held_keys.begin());
    return scans;
}

void HidKeyboardDecoder::type_key(std::uint8_t key_code, std::uint8_t modifiers,
                                  std::chrono::steady_clock::time_point time, std::vector<Scan>& scans) {
    if (is_silently_ignored_key(key_code)) {
        return;
    }
    if ((modifiers & (left_alt | right_alt | left_gui | right_gui)) != 0) {
        // Alt+keypad digits are Windows code-page characters, GUI+key a desktop shortcut: neither is text.
        m_warnings.add(fmt::format("{}: ignored key 0x{:02x} pressed with Alt or GUI (modifiers 0x{:02x})",
                                   m_device, key_code, modifiers));
        return;
    }
    if (key_code == key_enter || key_code == key_keypad_enter) {
        if (m_options.end_on_enter) {
            end_scan(time, scans);
        } else {
            append('\r', time);
        }
        return;
    }
    if (key_code == key_tab) {
        if (m_options.end_on_tab) {
            end_scan(time, scans);
        } else {
            append('\t', time);
        }
        return;
    }
    if (key_code == key_escape) {
        append('\x1b', time);
        return;
    }
    if (key_code == key_backspace) {
        append('\x08', time);
        return;
    }
    const auto characters = printable_key(key_code);
    if (!characters) {
        m_warnings.add(fmt::format("{}: ignored key 0x{:02x}, which types no character on a US layout",
                                   m_device, key_code));
        return;
    }
    const bool shift = (modifiers & (left_shift | right_shift)) != 0;
    const char typed = shift ? characters->shifted : characters->plain;
    if ((modifiers & (left_control | right_control)) != 0) {
        const auto control = control_character(typed);
        if (!control) {
            m_warnings.add(fmt::format("{}: ignored key 0x{:02x} pressed with Ctrl, which types no "
                                       "control character",
                                       m_device, key_code));
            return;
        }
        append(*control, time);
        return;
    }
    append(typed, time);
}

void HidKeyboardDecoder::append(char character, std::chrono::steady_clock::time_point time) {
    if (m_discarding) {
        return;
    }
    if (m_pending.size() >= m_options.max_payload) {
        m_warnings.add(
            fmt::format("{}: dropped a scan longer than {} bytes", m_device, m_options.max_payload));
        m_pending.clear();
        m_discarding = true;
        return;
    }
    m_pending.push_back(character);
    m_last_character_time = time;
}

void HidKeyboardDecoder::end_scan(std::chrono::steady_clock::time_point time, std::vector<Scan>& scans) {
    // The terminator is the last byte of the code, so its report's time is the scan's time.
    if (auto scan = take_pending(time)) {
        scans.push_back(std::move(*scan));
    }
}

std::optional<Scan> HidKeyboardDecoder::take_pending(std::chrono::steady_clock::time_point time) {
    if (m_discarding) {
        m_discarding = false;
        m_pending.clear();
        return std::nullopt;
    }
    if (m_pending.empty()) {
        return std::nullopt;
    }
    Scan scan{std::move(m_pending), ScanSource::hid_keyboard, m_device, time};
    m_pending.clear();
    return scan;
}

std::optional<Scan> HidKeyboardDecoder::poll(std::chrono::steady_clock::time_point now) {
    if (!m_options.quiet_gap || !m_last_report_time || now - *m_last_report_time < *m_options.quiet_gap) {
        return std::nullopt;
    }
    return flush();
}

std::optional<Scan> HidKeyboardDecoder::flush() {
    // Without a terminator the last character is the last byte of the code.
    return take_pending(m_last_character_time.value_or(std::chrono::steady_clock::time_point{}));
}

void HidKeyboardDecoder::reset() {
    m_held_keys.fill(0);
    m_pending.clear();
    m_discarding = false;
    m_last_character_time.reset();
    m_last_report_time.reset();
}

std::vector<std::string> HidKeyboardDecoder::take_warnings() {
    return m_warnings.take();
}

} // namespace checkin::drivers
