#pragma once

// The udev rules that let the kiosk open its devices without root: made from the device profiles, so that
// every profiled printer and scanner is covered and nothing else is. The shipped file,
// hardware/udev/70-checkin-kiosk.rules, is this function's output for hardware/profiles; a test keeps the
// two equal (hardware/README.md says how to regenerate it).

#include "hardware/device_profile.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace checkin::hardware {

// The group the kiosk runs in (hardware/systemd/checkin-kiosk.service: Group=checkin); the rules give it
// read and write access to the devices' nodes.
inline constexpr std::string_view kiosk_group = "checkin";
inline constexpr std::string_view udev_rules_file_name = "70-checkin-kiosk.rules";
// The directory under /dev of the rules' stable symlinks: /dev/checkin/brother-ql-820nwb.
inline constexpr std::string_view udev_symlink_directory = "checkin";

// The whole rules file, deterministic (profiles in the order given). For each USB id: the usb_device node
// (what libusb opens) with MODE 0660 and GROUP checkin and the property ID_CHECKIN_PROFILE; for printers
// also the usblp node (/dev/usb/lp*) and the symlinks /dev/checkin/<id> and /dev/checkin/<id>-lp; for
// scanners the hidraw node (HID modes, symlink <id>-hidraw) and the ttyACM node (serial mode, <id>-tty).
// Interface-class profiles match by ENV{ID_USB_INTERFACES} and ATTRS{bInterfaceClass} and set no symlink (a
// plain keyboard matches too); they come first, so that a device with an exact id ends up with its own
// ID_CHECKIN_PROFILE. Every rule stands on its own (no state carried between events), so a "change" event
// gives a node the same access as its "add".
std::string generate_udev_rules(const std::vector<DeviceProfile>& profiles);

} // namespace checkin::hardware
