// kioskctl devices: the printers and scanners attached, with their profiles and the printers' status.

#include "drivers/device_address.hpp"
#include "drivers/open_device.hpp"
#include "hardware/device_inventory.hpp"
#include "hardware/device_profile.hpp"
#include "kiosk/app/resources.hpp"
#include "kiosk/ctl/kioskctl.hpp"
#include "kiosk/ctl/kioskctl_commands.hpp"

#include <iostream>

namespace checkin::kiosk {

int command_devices(const CommandOptions& options) {
    auto profiles = hardware::load_device_profiles(resource_paths().profiles);
    if (!profiles) {
        std::cerr << "kioskctl: " << profiles.error().message << '\n';
        return exit_failure;
    }
    hardware::InventoryOptions inventory_options;
    inventory_options.include_unknown = options.list;
    inventory_options.query_printers = !options.dry_run;
    inventory_options.discover_ipp = true;
    for (const std::string& text : options.network_printers) {
        // "tcp://10.0.0.5:9100" is a Brother QL; "zpl:tcp://10.0.0.6" a Zebra.
        const bool zpl = text.starts_with("zpl:");
        auto address =
            drivers::parse_device_address(zpl ? std::string_view(text).substr(4) : std::string_view(text));
        if (!address) {
            std::cerr << "kioskctl: " << address.error().detail << '\n';
            return exit_usage;
        }
        inventory_options.network_printers.push_back(
            {*address, zpl ? printing::PrinterLanguage::zpl : printing::PrinterLanguage::brother_ql});
    }
    drivers::DeviceOpener devices;
    auto reports = hardware::take_inventory(devices, *profiles, inventory_options);
    if (!reports) {
        std::cerr << "kioskctl: cannot list USB devices: " << reports.error().detail << '\n';
        return exit_failure;
    }
    if (options.json) {
        std::cout << hardware::inventory_json(*reports) << '\n';
    } else {
        std::cout << hardware::format_inventory(*reports);
    }
    return exit_ok;
}

} // namespace checkin::kiosk
