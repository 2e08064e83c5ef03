#pragma once

// The virtual scanner: what a barcode scanner sends for a code, in each of its modes — the inverse of the
// decoders in drivers/ (hid_keyboard_decoder, hid_pos_decoder, serial_line_decoder), written from the
// same sources but without sharing their code or constants, so a test that runs one through the other
// checks both. The encoders are pure. VirtualSerialLine is the one piece with I/O: a pseudo-terminal the
// kiosk opens as serial:///dev/pts/N while a test types scans into the other end.

#include "base/file_descriptor.hpp"
#include "hardware/error.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace checkin::hardware {

// ----- HID boot keyboard (keyboard mode) -----

using KeyboardReport = std::array<std::uint8_t, 8>; // modifiers, reserved, six key slots

enum class KeyboardTerminator { enter, tab, none };

enum class KeyStyle {
    press_release, // each key: a report with it held, then one with nothing held (most scanners)
    rollover,      // each key is pressed while the one before is still held, released one report later;
                   // a key typed twice in a row is released in between (fast scanners)
};

struct KeyboardEncoding {
    KeyboardTerminator terminator = KeyboardTerminator::enter;
    KeyStyle style = KeyStyle::press_release;
    bool right_shift = false; // Shift as RightShift (0x20) rather than LeftShift (0x02)
};

// The reports a scanner on a US layout sends to type `payload` and its terminator. Every ASCII character
// but DEL has a key: printable ones with Shift where a US keyboard needs it, the control characters
// 0x00–0x1F as Ctrl+key (Ctrl+A … Ctrl+Z, Ctrl+2 for NUL, Ctrl+[ \ ] 6 - for 0x1B–0x1F; GS1's group
// separator 0x1D is Ctrl+]), so a payload with "\r" or "\t" comes through as data, not as a terminator.
// Fails for DEL and anything outside ASCII, which a keyboard cannot type.
Result<std::vector<KeyboardReport>> encode_keyboard_reports(std::string_view payload,
                                                            const KeyboardEncoding& encoding = {});

// ----- HID POS (usage page 0x8C) -----

using PosReport = std::array<std::uint8_t, 64>;

// The scanned data reports of one code, as a Honeywell scanner in HID POS mode sends them (captured from a
// Voyager 1602g): report id 0x02, the count of data bytes (at most 56), the 3-byte AIM symbology
// identifier, 56 data bytes (zero-padded), two vendor bytes (code id, 0), and a flags byte whose bit 0 says
// that more data follows in the next report. A payload longer than 56 bytes is split into 56-byte pieces;
// an empty one gives one report with no data. `symbology` must be 3 bytes ("]Q1" QR, "]C0" Code 128).
Result<std::vector<PosReport>> encode_pos_reports(std::string_view payload,
                                                  std::string_view symbology = "]Q1", char code_id = 's');

// ----- serial (CDC-ACM, RS-232) -----

enum class LineEnding { cr, lf, crlf, none };

struct SerialEncoding {
    LineEnding ending = LineEnding::cr;
    bool stx_etx = false; // frame the code as STX code ETX (0x02 … 0x03) before the line ending
};

// The bytes a serial scanner sends for one code.
std::string encode_serial_scan(std::string_view payload, const SerialEncoding& encoding = {});

// A pseudo-terminal pair standing in for a serial scanner: the kiosk opens path() (/dev/pts/N) like a
// /dev/ttyACM0, the test sends into the other end. The line starts in raw mode, so bytes pass unchanged.
// close() hangs the line up, which is what the kiosk sees when a CDC-ACM scanner is unplugged: its reads
// end, and bytes it had not read yet are lost.
class VirtualSerialLine {
public:
    // Fails when no pseudo-terminal can be had (no /dev/pts).
    static Result<VirtualSerialLine> open();

    VirtualSerialLine(VirtualSerialLine&& other) noexcept = default;
    VirtualSerialLine& operator=(VirtualSerialLine&& other) noexcept;
    VirtualSerialLine(const VirtualSerialLine&) = delete;
    VirtualSerialLine& operator=(const VirtualSerialLine&) = delete;
    ~VirtualSerialLine();

    const std::string& path() const { return m_path; }
    std::string address() const { return "serial://" + m_path; } // what the kiosk is given

    // Writes all of `bytes` into the line. Fails once the line is closed.
    Result<void> send(std::string_view bytes);
    Result<void> send_scan(std::string_view payload, const SerialEncoding& encoding = {});

    // Hangs the line up (closes both of this side's descriptors). Idempotent.
    void close();
    bool is_open() const { return m_controller.valid(); }

private:
    VirtualSerialLine(int controller, int line, std::string path)
        : m_controller(controller), m_line(line), m_path(std::move(path)) {}

    base::FileDescriptor m_controller; // the pty master: what the scanner writes
    base::FileDescriptor
        m_line; // our own descriptor of the pty slave, so the line exists before the kiosk opens it
    std::string m_path;
};

} // namespace checkin::hardware
