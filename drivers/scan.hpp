#pragma once

// What every scanner yields, whatever its kind: the payload of one code, where it came from and when.

#include <chrono>
#include <string>
#include <string_view>

namespace checkin::drivers {

enum class ScanSource {
    hid_keyboard,   // a USB scanner in keyboard mode, read with libusb (boot-protocol reports)
    hid_pos,        // a USB scanner in HID POS mode (usage page 0x8C)
    serial,         // a CDC-ACM / RS-232 scanner sending lines
    keyboard_wedge, // keystrokes arriving through SDL, told apart from a person typing by their speed
    camera,         // a frame from a camera, decoded with ZXing
    simulated,      // the demo and the virtual scanner
};

std::string_view scan_source_name(ScanSource source);

struct Scan {
    std::string payload; // the bytes of the code as the scanner sent them (UTF-8 expected, not checked)
    ScanSource source = ScanSource::simulated;
    std::string device; // which scanner, for the device panel and logs ("usb://0c2e:0b61")
    std::chrono::steady_clock::time_point time{}; // when the last byte of the code arrived
};

} // namespace checkin::drivers
