#include "drivers/scan.hpp"

namespace checkin::drivers {

std::string_view scan_source_name(ScanSource source) {
    switch (source) {
    case ScanSource::hid_keyboard:
        return "hid_keyboard";
    case ScanSource::hid_pos:
        return "hid_pos";
    case ScanSource::serial:
        return "serial";
    case ScanSource::keyboard_wedge:
        return "keyboard_wedge";
    case ScanSource::camera:
        return "camera";
    case ScanSource::simulated:
        return "simulated";
    }
    // Only reachable with a value cast from outside the enumeration; a log line must still be written.
    return "unknown";
}

} // namespace checkin::drivers
