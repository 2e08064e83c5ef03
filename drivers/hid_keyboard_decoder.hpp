#pragma once

// A USB scanner in keyboard mode, read with libusb as a HID boot keyboard: the reader hands every 8-byte
// input report to HidKeyboardDecoder, which types the keys out on a US layout and cuts the text into
// scans at Enter or Tab. Pure: no I/O, no clock; the caller passes each report's arrival time.
//
// The boot keyboard report (USB HID 1.11, appendix B.1):
//   byte 0     modifier bits: 0x01 LeftCtrl, 0x02 LeftShift, 0x04 LeftAlt, 0x08 LeftGUI,
//                             0x10 RightCtrl, 0x20 RightShift, 0x40 RightAlt, 0x80 RightGUI
//   byte 1     reserved
//   bytes 2–7  up to six usage codes (HID Usage Tables, page 0x07) of the keys held down now; 0 = none.
//              On too many keys the keyboard fills all six with 0x01 ErrorRollOver ("phantom state").
//
// A key types its character when it appears in a report and was not in the previous one, so a key held
// over several reports types once, two keys pressed in one report type in slot order, and a key typed
// twice needs a report without it in between — which is how keyboards and scanners send "aa".
//
// Only ASCII can come out: a keyboard wedge has no key for "Ł", and scanners that "type" non-ASCII do it
// with Windows Alt+keypad codes that depend on the host's code page. Codes must therefore be ASCII
// (the kiosk's are); a scanner that needs more belongs in HID POS or serial mode.

#include "drivers/scan.hpp"
#include "drivers/warning_log.hpp"

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace checkin::drivers {

inline constexpr std::size_t hid_keyboard_report_size = 8;    // modifiers, reserved, six key slots
inline constexpr std::size_t hid_keyboard_key_slots = 6;      // bytes 2–7
inline constexpr std::uint8_t hid_key_error_roll_over = 0x01; // every slot, when too many keys are held
inline constexpr std::uint8_t hid_key_post_fail = 0x02;       // keyboard self-test failed
inline constexpr std::uint8_t hid_key_error_undefined = 0x03; // unspecified keyboard error

struct HidKeyboardOptions {
    bool end_on_enter = true; // Enter (0x28) and keypad Enter (0x58) end a scan; otherwise they type "\r"
    bool end_on_tab = true;   // Tab (0x2B) ends a scan; otherwise it types "\t"
    std::size_t max_payload = 4096; // bytes; a longer scan is dropped whole (a stuck key, a wrong code)
    // For scanners configured without a terminator: poll() ends a scan once no report came for this long.
    // Off by default, because a scanner with a terminator may pause mid-code and must not be cut there.
    std::optional<std::chrono::milliseconds> quiet_gap{};
};

class HidKeyboardDecoder {
public:
    // `device` names the scanner in the scans ("usb://0c2e:0b61").
    explicit HidKeyboardDecoder(std::string device, HidKeyboardOptions options = {});

    // Decodes one input report that arrived at `time`. Returns the scans it completed: usually none, one
    // at a terminator, and in principle more when one report holds several terminators. Empty scans (a
    // lone Enter) are not returned. Never fails; these reports are ignored, each with a warning:
    //  - a report that is not 8 bytes long (e.g. a report-protocol report with a report id in front);
    //  - a phantom report (ErrorRollOver, POSTFail or ErrorUndefined in the key slots), which also leaves
    //    the remembered key state as it was, so keys held across it do not type again.
    // These keys type nothing: key codes we have no character for (a warning each; the rest of the scan
    // is kept, since some scanners announce a scan with a function key), keys with Alt or GUI held
    // (a warning each), and, silently, Caps Lock, Num Lock, Scroll Lock and modifier usages in the slots.
    // Caps Lock is ignored rather than tracked: codes are compared without regard to case anyway.
    // With Ctrl held, letters and [ \ ] ^ _ type the ASCII control characters (Ctrl+] is 0x1D, the GS1
    // group separator); other keys with Ctrl type nothing (a warning each).
    // Escape and Backspace type 0x1B and 0x08, as the scanner sent them: deciding what they mean is the
    // job of whoever reads the code.
    // A scan longer than max_payload is dropped whole with a warning, and so is the rest of it up to the
    // next terminator, so that its tail never comes out as a scan of its own.
    std::vector<Scan> feed(std::span<const std::uint8_t> report, std::chrono::steady_clock::time_point time);

    // For scanners that send no terminator: returns the pending characters as a scan when
    // options.quiet_gap is set and no report arrived for that long before `now`; else nothing.
    std::optional<Scan> poll(std::chrono::steady_clock::time_point now);

    // Returns the pending characters as a scan now, whatever the time (e.g. the scanner was unplugged and
    // the caller wants what it had). Nothing when nothing is pending or the pending scan was too long.
    std::optional<Scan> flush();

    // Forgets pending characters and the held keys, e.g. after the scanner was unplugged and plugged in.
    void reset();

    // The problems seen since the last call, oldest first, as sentences for the log.
    std::vector<std::string> take_warnings();

private:
    void type_key(std::uint8_t key_code, std::uint8_t modifiers, std::chrono::steady_clock::time_point time,
                  std::vector<Scan>& scans);
    void append(char character, std::chrono::steady_clock::time_point time);
    void end_scan(std::chrono::steady_clock::time_point time, std::vector<Scan>& scans);
    std::optional<Scan> take_pending(std::chrono::steady_clock::time_point time);

    std::string m_device;
    HidKeyboardOptions m_options;
    std::array<std::uint8_t, hid_keyboard_key_slots> m_held_keys{}; // key slots of the last good report
    std::string m_pending;     // characters typed since the last terminator
    bool m_discarding = false; // the pending scan grew past max_payload: drop it up to the terminator
    std::optional<std::chrono::steady_clock::time_point> m_last_character_time;
    std::optional<std::chrono::steady_clock::time_point> m_last_report_time;
    WarningLog m_warnings; // capped: a babbling scanner cannot grow the kiosk
};

} // namespace checkin::drivers
