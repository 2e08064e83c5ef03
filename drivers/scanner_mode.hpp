#pragma once

// How a scanner hands over what it read: the scanner reader's setting and the device profiles' modes.

#include <string_view>

namespace checkin::drivers {

enum class ScannerMode {
    automatic,    // USB: from the interface and its report descriptor; serial: lines
    hid_keyboard, // USB HID boot keyboard: the code arrives as key presses (8-byte reports)
    hid_pos,      // USB HID point of sale, usage page 0x8C: the whole code in one or a few reports
    serial,       // USB CDC-ACM (or a real serial line): one code per line
};

// "automatic", "hid-keyboard", "hid-pos", "serial": as device profiles and messages write it.
std::string_view scanner_mode_name(ScannerMode mode);

} // namespace checkin::drivers
