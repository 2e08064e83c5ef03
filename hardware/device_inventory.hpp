#pragma once

// What is attached: every USB device the kiosk has a profile for (printers with their live status,
// scanners with their modes), plus network printers named by address, local CUPS queues and IPP printers
// announced on the network. `kioskctl devices` prints this and
// the kiosk's device panel will show it.

#include "drivers/device_address.hpp"
#include "drivers/open_device.hpp"
#include "drivers/printer.hpp"
#include "hardware/device_profile.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace checkin::hardware {

struct DeviceReport {
    std::string address;     // "usb://04f9:209d?serial=000K8G123456", "tcp://10.0.0.5:9100"
    std::string description; // "Brother QL-820NWB" (the profile's, else the device's own strings)
    const DeviceProfile* profile = nullptr; // nullptr: attached, but no profile knows it
    std::optional<DeviceKind> kind;
    std::vector<ScannerMode> modes;               // scanners: the modes this USB id may be in
    std::optional<drivers::PrinterState> printer; // printers whose status could be read
    std::optional<drivers::Error> problem;        // printers whose status could not be read, and why
};

struct NetworkPrinter {
    drivers::DeviceAddress address;
    printing::PrinterLanguage language = printing::PrinterLanguage::brother_ql;
};

struct InventoryOptions {
    bool include_unknown = false; // list USB devices no profile knows as well
    bool query_printers = true;   // ask each printer for its status (opens it for a moment)
    std::vector<NetworkPrinter> network_printers;
    // Also list the local CUPS queues and the IPP printers announced on the network, waiting this long
    // for announcements (drivers/ipp_discovery.hpp).
    bool discover_ipp = false;
    std::chrono::milliseconds discovery_timeout{2000};
};

// Fails only when USB cannot be enumerated at all; a printer that does not answer is reported in its entry.
drivers::Result<std::vector<DeviceReport>> take_inventory(drivers::DeviceOpener& devices,
                                                          const std::vector<DeviceProfile>& profiles,
                                                          const InventoryOptions& options);

// One line per device for a person: "printer  usb://04f9:209d  Brother QL-820NWB  ready, 62 × 100 mm die-cut
// labels".
std::string format_inventory(const std::vector<DeviceReport>& reports);

// The same as JSON text (an array of objects), for scripts.
std::string inventory_json(const std::vector<DeviceReport>& reports);

} // namespace checkin::hardware
