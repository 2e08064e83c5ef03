#include "hardware/virtual_scanner.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fmt/format.h>
#include <optional>
#include <pty.h>
#include <termios.h>
#include <unistd.h>
#include <utility>

namespace checkin::hardware {
namespace {

// ----- keyboard: US layout, HID Usage Tables page 0x07 -----

constexpr std::uint8_t modifier_left_control = 0x01;
constexpr std::uint8_t modifier_left_shift = 0x02;
constexpr std::uint8_t modifier_right_shift = 0x20;

constexpr std::uint8_t key_a = 0x04;
constexpr std::uint8_t key_1 = 0x1E;
constexpr std::uint8_t key_2 = 0x1F;
constexpr std::uint8_t key_6 = 0x23;
constexpr std::uint8_t key_0 = 0x27;
constexpr std::uint8_t key_enter = 0x28;
constexpr std::uint8_t key_tab = 0x2B;
constexpr std::uint8_t key_space = 0x2C;
constexpr std::uint8_t key_minus = 0x2D;
constexpr std::uint8_t key_left_bracket = 0x2F;
constexpr std::uint8_t key_right_bracket = 0x30;
constexpr std::uint8_t key_backslash = 0x31;

struct Keystroke {
    std::uint8_t key = 0;
    bool shift = false;
    bool control = false;
};

// The punctuation keys 0x2D–0x38 (0x32, "Non-US # and ~", is not on a US keyboard), unshifted and shifted.
struct PunctuationKey {
    std::uint8_t key;
    char plain;
    char shifted;
};
constexpr std::array<PunctuationKey, 11> punctuation{{{0x2D, '-', '_'},
                                                      {0x2E, '=', '+'},
                                                      {0x2F, '[', '{'},
                                                      {0x30, ']', '}'},
                                                      {0x31, '\\', '|'},
                                                      {0x33, ';', ':'},
                                                      {0x34, '\'', '"'},
                                                      {0x35, '`', '~'},
                                                      {0x36, ',', '<'},
                                                      {0x37, '.', '>'},
                                                      {0x38, '/', '?'}}};

std::optional<Keystroke> keystroke_for(char character) {
    if (character >= 'a' && character <= 'z') {
        return Keystroke{static_cast<std::uint8_t>(key_a + (character - 'a')), false, false};
    }
    if (character >= 'A' && character <= 'Z') {
        return Keystroke{static_cast<std::uint8_t>(key_a + (character - 'A')), true, false};
    }
    if (character == '0') {
        return Keystroke{key_0, false, false};
    }
    if (character >= '1' && character <= '9') {
        return Keystroke{static_cast<std::uint8_t>(key_1 + (character - '1')), false, false};
    }
    constexpr std::string_view shifted_digits = "!@#$%^&*()"; // on the keys 1 … 9, 0
    if (const auto index = shifted_digits.find(character); index != std::string_view::npos) {
        return Keystroke{static_cast<std::uint8_t>(key_1 + index), true, false};
    }
    if (character == ' ') {
        return Keystroke{key_space, false, false};
    }
    for (const PunctuationKey& entry : punctuation) {
        if (character == entry.plain || character == entry.shifted) {
            return Keystroke{entry.key, character == entry.shifted, false};
        }
    }
    // Control characters: Ctrl with the key of the character that has bit 6 set (0x01 is Ctrl+A).
    if (character >= 0x01 && character <= 0x1A) {
        return Keystroke{static_cast<std::uint8_t>(key_a + (character - 0x01)), false, true};
    }
    switch (character) {
    case 0x00:
        return Keystroke{key_2, false, true}; // Ctrl+2 (Ctrl+@)
    case 0x1B:
        return Keystroke{key_left_bracket, false, true};
    case 0x1C:
        return Keystroke{key_backslash, false, true};
    case 0x1D:
        return Keystroke{key_right_bracket, false, true}; // GS1 group separator
    case 0x1E:
        return Keystroke{key_6, false, true}; // Ctrl+6 (Ctrl+^)
    case 0x1F:
        return Keystroke{key_minus, false, true}; // Ctrl+- (Ctrl+_)
    default:
        return std::nullopt;
    }
}

KeyboardReport report_of(std::uint8_t modifiers, std::initializer_list<std::uint8_t> keys) {
    KeyboardReport report{};
    report[0] = modifiers;
    std::copy(keys.begin(), keys.end(), report.begin() + 2);
    return report;
}

// ----- HID POS: the Honeywell scanned data report -----

constexpr std::size_t pos_data_per_report = 56;
constexpr std::uint8_t pos_report_id = 0x02;
constexpr std::size_t pos_symbology_offset = 2;
constexpr std::size_t pos_data_offset = 5;
constexpr std::size_t pos_code_id_offset = 61;
constexpr std::size_t pos_flags_offset = 63;
constexpr std::uint8_t pos_more_follows = 0x01;

Error errno_error(std::string_view what) {
    return Error{ErrorKind::io, fmt::format("{}: {}", what, std::strerror(errno)), {}};
}

} // namespace

Result<std::vector<KeyboardReport>> encode_keyboard_reports(std::string_view payload,
                                                            const KeyboardEncoding& encoding) {
    const std::uint8_t shift = encoding.right_shift ? modifier_right_shift : modifier_left_shift;
    std::vector<KeyboardReport> reports;
    std::optional<std::uint8_t> held; // rollover: the key still down
    for (std::size_t index = 0; index < payload.size(); ++index) {
        const auto keystroke = keystroke_for(payload[index]);
        if (!keystroke) {
            return fail(fmt::format("byte {} of the payload (0x{:02x}) has no key on a US keyboard", index,
                                    static_cast<unsigned char>(payload[index])));
        }
        const auto modifiers = static_cast<std::uint8_t>((keystroke->shift ? shift : 0U) |
                                                         (keystroke->control ? modifier_left_control : 0U));
        if (encoding.style == KeyStyle::press_release) {
            reports.push_back(report_of(modifiers, {keystroke->key}));
            reports.push_back(report_of(0, {}));
            continue;
        }
        if (held == keystroke->key) { // the same key again must come up first
            reports.push_back(report_of(0, {}));
            held.reset();
        }
        reports.push_back(held ? report_of(modifiers, {*held, keystroke->key})
                               : report_of(modifiers, {keystroke->key}));
        held = keystroke->key;
    }
    if (held) {
        reports.push_back(report_of(0, {}));
    }
    if (encoding.terminator != KeyboardTerminator::none) {
        reports.push_back(
            report_of(0, {encoding.terminator == KeyboardTerminator::enter ? key_enter : key_tab}));
        reports.push_back(report_of(0, {}));
    }
    return reports;
}

Result<std::vector<PosReport>> encode_pos_reports(std::string_view payload, std::string_view symbology,
                                                  char code_id) {
    if (symbology.size() != 3) {
        return fail(fmt::format("an AIM symbology identifier is 3 bytes (\"]Q1\"), not {:?}", symbology));
    }
    std::vector<PosReport> reports;
    std::size_t offset = 0;
    do {
        const std::size_t count = std::min(payload.size() - offset, pos_data_per_report);
        PosReport report{};
        report[0] = pos_report_id;
        report[1] = static_cast<std::uint8_t>(count);
        std::copy(symbology.begin(), symbology.end(), report.begin() + pos_symbology_offset);
        std::copy_n(payload.begin() + static_cast<std::ptrdiff_t>(offset), count,
                    report.begin() + pos_data_offset);
        report[pos_code_id_offset] = static_cast<std::uint8_t>(code_id);
        offset += count;
        report[pos_flags_offset] = offset < payload.size() ? pos_more_follows : 0;
        reports.push_back(report);
    } while (offset < payload.size());
    return reports;
}

std::string encode_serial_scan(std::string_view payload, const SerialEncoding& encoding) {
    std::string bytes;
    if (encoding.stx_etx) {
        bytes += '\x02';
    }
    bytes += payload;
    if (encoding.stx_etx) {
        bytes += '\x03';
    }
    switch (encoding.ending) {
    case LineEnding::cr:
        bytes += '\r';
        break;
    case LineEnding::lf:
        bytes += '\n';
        break;
    case LineEnding::crlf:
        bytes += "\r\n";
        break;
    case LineEnding::none:
        break;
    }
    return bytes;
}

// ----- VirtualSerialLine -----

Result<VirtualSerialLine> VirtualSerialLine::open() {
    int controller = -1;
    int line = -1;
    termios settings{};
    ::cfmakeraw(&settings); // no echo back into the controller, no CR/LF translation
    if (::openpty(&controller, &line, nullptr, &settings, nullptr) != 0) {
        return std::unexpected(errno_error("openpty"));
    }
    // Made before anything can fail, so the descriptors are closed on every path.
    VirtualSerialLine opened(controller, line, {});
    for (const int descriptor : {controller, line}) {
        if (::fcntl(descriptor, F_SETFD, FD_CLOEXEC) != 0) {
            return std::unexpected(errno_error("fcntl(FD_CLOEXEC) on a pseudo-terminal"));
        }
    }
    std::array<char, 128> name{};
    if (::ttyname_r(line, name.data(), name.size()) != 0) {
        return std::unexpected(errno_error("ttyname_r of a pseudo-terminal"));
    }
    opened.m_path = name.data();
    return opened;
}

VirtualSerialLine& VirtualSerialLine::operator=(VirtualSerialLine&& other) noexcept {
    if (this != &other) {
        close();
        m_controller = std::move(other.m_controller);
        m_line = std::move(other.m_line);
        m_path = std::move(other.m_path);
    }
    return *this;
}

VirtualSerialLine::~VirtualSerialLine() {
    close();
}

Result<void> VirtualSerialLine::send(std::string_view bytes) {
    if (!m_controller.valid()) {
        return fail(fmt::format("{} is closed", m_path));
    }
    std::size_t written = 0;
    while (written < bytes.size()) {
        const ssize_t count = ::write(m_controller.get(), bytes.data() + written, bytes.size() - written);
        if (count < 0 && errno == EINTR) {
            continue;
        }
        if (count <= 0) {
            return std::unexpected(errno_error(fmt::format("write to the controller of {}", m_path)));
        }
        written += static_cast<std::size_t>(count);
    }
    return {};
}

Result<void> VirtualSerialLine::send_scan(std::string_view payload, const SerialEncoding& encoding) {
    return send(encode_serial_scan(payload, encoding));
}

void VirtualSerialLine::close() {
    // The controller first: closing it hangs up every open descriptor of the line.
    m_controller.reset();
    m_line.reset();
}

} // namespace checkin::hardware
