#pragma once

// Device profiles: what the kiosk knows about each printer and scanner it may meet, kept as data files in
// hardware/profiles/*.profile (the format is documented in hardware/profiles/README.md). A profile ties a
// USB identity (vendor:product, or a HID interface class for scanners with arbitrary ids) to a driver: the
// printer language and model, the media it takes and its resolution, or the scanner modes. The udev rules
// (hardware/udev_rules.hpp) are generated from the same profiles, so every profiled device is reachable.
//
// The parser is pure: the caller reads the files and passes their text. load_device_profiles() is the one
// convenience that reads a directory.

#include "drivers/scanner_mode.hpp"
#include "hardware/error.hpp"
#include "printing/printer_language.hpp"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace checkin::hardware {

enum class DeviceKind { printer, scanner };

// How the kiosk can reach a device (drivers/device_address.hpp has the matching address forms).
enum class TransportKind { usb, tcp, serial };

// The printer's language is printing's, a scanner's mode the drivers' (a profile never says "automatic":
// that is the scanner reader's own choice when a configuration gives no mode).
using drivers::ScannerMode;
using printing::PrinterLanguage;

// One USB identity of a device. A scanner shows a different product id in each USB mode; `mode` says
// which mode this id stands for, or is empty when the source does not say (the driver then tells the mode
// from the interface descriptors).
struct UsbId {
    std::uint16_t vendor_id = 0;
    std::uint16_t product_id = 0;
    std::optional<ScannerMode> mode;
    std::size_t line = 0; // of the `usb =` line, for messages

    friend bool operator==(const UsbId& a, const UsbId& b) {
        return a.vendor_id == b.vendor_id && a.product_id == b.product_id && a.mode == b.mode;
    }
};

// A USB interface's class, subclass and protocol: 03/01/01 is a HID boot keyboard.
struct UsbInterfaceClass {
    std::uint8_t interface_class = 0;
    std::uint8_t subclass = 0;
    std::uint8_t protocol = 0;
    friend bool operator==(const UsbInterfaceClass&, const UsbInterfaceClass&) = default;
};

inline constexpr UsbInterfaceClass hid_boot_keyboard_interface{0x03, 0x01, 0x01};

// Matches any device, whatever its ids, that has an interface of this class (cheap scanners).
struct UsbInterfaceMatch {
    UsbInterfaceClass interface;
    ScannerMode mode = ScannerMode::hid_keyboard;
    std::size_t line = 0;
};

struct PrinterDetails {
    PrinterLanguage language = PrinterLanguage::brother_ql;
    std::string printing_model;     // brother-ql: the QlModel name ("ql-820nwb"); empty for zpl
    std::vector<std::string> media; // names from the printing media tables; empty when none fits
    std::vector<unsigned> dpi;      // every resolution the model is sold with
    bool status = false;            // answers a status request (ESC i S, ~HS) with the job's fate
};

struct ScannerDetails {
    std::vector<ScannerMode> modes; // every USB mode the scanner can be switched to
};

struct DeviceProfile {
    std::string id; // lower case letters, digits and '-': "brother-ql-820nwb"
    std::string vendor;
    std::string model;
    std::vector<UsbId> usb_ids;
    std::optional<UsbInterfaceMatch> usb_interface; // scanners only
    std::vector<TransportKind> transports;
    std::string id_source; // where the ids and facts come from (the `source` key)
    std::string notes;     // interface and endpoint notes for a person
    std::variant<PrinterDetails, ScannerDetails> details;
    std::string source_file; // the file name the profile came from, for messages
    std::size_t line = 0;    // of its [id] header

    DeviceKind kind() const {
        return std::holds_alternative<PrinterDetails>(details) ? DeviceKind::printer : DeviceKind::scanner;
    }
    const PrinterDetails* printer() const { return std::get_if<PrinterDetails>(&details); }
    const ScannerDetails* scanner() const { return std::get_if<ScannerDetails>(&details); }
    bool has_transport(TransportKind transport) const;
    // The modes the device may be in when it shows up as `id`: the id's own mode, or all the scanner's
    // modes when the id does not say. Empty for printers.
    std::vector<ScannerMode> modes_of(const UsbId& id) const;
};

std::string_view device_kind_name(DeviceKind kind);       // "printer", "scanner"
std::string_view transport_name(TransportKind transport); // "usb", "tcp", "serial"
// printer_language_name (printing/printer_language.hpp): "brother-ql", "zpl"; scanner_mode_name
// (drivers/scanner.hpp): "hid-keyboard", "hid-pos", "serial".
std::string format_usb_id(std::uint16_t vendor_id, std::uint16_t product_id); // "04f9:209d"

// Parses the text of a .profile file. `source` names the file in error messages, which read
// "<source>:<line>: <what is wrong>". Besides the syntax, checks each profile against the printing tables
// (a Brother model must exist in printing/brother_ql.cpp with the same product id, every medium must exist
// and fit the model, a ZPL medium's resolution must be one of the profile's) and refuses two profiles with
// the same id, USB id or interface class.
Result<std::vector<DeviceProfile>> parse_device_profiles(std::string_view text, std::string_view source);

// Reads and parses every *.profile file in `directory`, in file-name order, and refuses an id, a USB id or
// an interface class that two files both claim (the message names both places). Fails when the directory
// cannot be read or holds no profile.
Result<std::vector<DeviceProfile>> load_device_profiles(const std::filesystem::path& directory);

// The profile claiming exactly this vendor:product, or nullptr.
const DeviceProfile* find_profile_by_usb(const std::vector<DeviceProfile>& profiles, std::uint16_t vendor_id,
                                         std::uint16_t product_id);

// The first profile matching devices by this interface class (see UsbInterfaceMatch), or nullptr. A plain
// keyboard matches the generic HID keyboard scanner too: the caller decides whether to listen to it.
const DeviceProfile* find_profile_by_interface(const std::vector<DeviceProfile>& profiles,
                                               UsbInterfaceClass interface);

// A device as found on the bus: the exact vendor:product match first, then the first of its interfaces that
// a profile matches by class. nullptr when the kiosk knows nothing to do with it.
const DeviceProfile* match_usb_device(const std::vector<DeviceProfile>& profiles, std::uint16_t vendor_id,
                                      std::uint16_t product_id,
                                      std::span<const UsbInterfaceClass> interfaces);

const DeviceProfile* find_profile(const std::vector<DeviceProfile>& profiles, std::string_view id);

} // namespace checkin::hardware
