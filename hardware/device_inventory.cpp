#include "hardware/device_inventory.hpp"

#include "drivers/ipp_discovery.hpp"
#include "drivers/usb_device.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace checkin::hardware {
namespace {

printing::PrinterLanguage driver_language(PrinterLanguage language) {
    return language == PrinterLanguage::zpl ? printing::PrinterLanguage::zpl
                                            : printing::PrinterLanguage::brother_ql;
}

void query(drivers::DeviceOpener& devices, const drivers::DeviceAddress& address,
           printing::PrinterLanguage language, DeviceReport& report) {
    auto printer = devices.open_printer(address, language);
    if (!printer) {
        report.problem = printer.error();
        return;
    }
    auto state = (*printer)->state();
    if (!state) {
        report.problem = state.error();
        return;
    }
    report.printer = std::move(*state);
}

std::string printer_summary(const DeviceReport& report) {
    if (report.problem) {
        return fmt::format("not answering: {}", report.problem->detail);
    }
    if (!report.printer) {
        return "status not asked";
    }
    std::string summary;
    if (report.printer->ready) {
        summary = "ready";
    } else {
        for (const drivers::Problem problem : report.printer->problems) {
            summary += summary.empty() ? "" : ", ";
            summary += drivers::problem_name(problem);
        }
    }
    if (!report.printer->media.empty()) {
        summary += ", ";
        summary += report.printer->media;
    }
    return summary;
}

} // namespace

drivers::Result<std::vector<DeviceReport>> take_inventory(drivers::DeviceOpener& devices,
                                                          const std::vector<DeviceProfile>& profiles,
                                                          const InventoryOptions& options) {
    std::vector<DeviceReport> reports;
    auto context = devices.usb_context();
    if (!context) {
        return std::unexpected(context.error());
    }
    auto attached = drivers::list_usb_devices(**context);
    if (!attached) {
        return std::unexpected(attached.error());
    }
    for (const drivers::UsbDeviceInfo& device : *attached) {
        std::vector<UsbInterfaceClass> interfaces;
        for (const drivers::UsbInterfaceInfo& interface : device.interfaces) {
            interfaces.push_back(
                UsbInterfaceClass{interface.interface_class, interface.subclass, interface.protocol});
        }
        const DeviceProfile* profile =
            match_usb_device(profiles, device.vendor_id, device.product_id, interfaces);
        if (profile == nullptr && !options.include_unknown) {
            continue;
        }
        drivers::UsbAddress address{device.vendor_id, device.product_id, std::nullopt, std::nullopt};
        if (!device.serial.empty()) {
            address.serial = device.serial;
        }
        DeviceReport report;
        report.address = drivers::format_device_address(address);
        report.profile = profile;
        if (profile != nullptr) {
            report.kind = profile->kind();
            report.description = fmt::format("{} {}", profile->vendor, profile->model);
            const UsbId id{device.vendor_id, device.product_id, std::nullopt, 0};
            const auto exact =
                std::find_if(profile->usb_ids.begin(), profile->usb_ids.end(), [&](const UsbId& known) {
                    return known.vendor_id == id.vendor_id && known.product_id == id.product_id;
                });
            if (profile->scanner() != nullptr) {
                report.modes =
                    exact != profile->usb_ids.end() ? profile->modes_of(*exact) : profile->scanner()->modes;
            }
        } else {
            report.description = fmt::format("{} {}", device.manufacturer, device.product);
        }
        if (profile != nullptr && profile->printer() != nullptr && profile->printer()->status &&
            options.query_printers) {
            query(devices, address, driver_language(profile->printer()->language), report);
        }
        reports.push_back(std::move(report));
    }
    for (const NetworkPrinter& printer : options.network_printers) {
        DeviceReport report;
        report.address = drivers::format_device_address(printer.address);
        report.kind = DeviceKind::printer;
        report.description = printer.language == printing::PrinterLanguage::zpl
                                 ? "network printer (ZPL)"
                                 : "network printer (Brother QL)";
        if (options.query_printers) {
            query(devices, printer.address, printer.language, report);
        }
        reports.push_back(std::move(report));
    }
    if (options.discover_ipp) {
        for (const drivers::DiscoveredPrinter& found :
             drivers::discover_ipp_printers(options.discovery_timeout)) {
            DeviceReport report;
            report.address = found.address;
            report.kind = DeviceKind::printer;
            report.description =
                fmt::format("{}{}{}", found.name,
                            found.make_and_model.empty() ? "" : fmt::format(", {}", found.make_and_model),
                            found.local_queue ? " (CUPS queue)" : " (IPP, announced on the network)");
            // The language is the IPP session's own (PDF or PWG raster), whatever is passed here.
            const auto address = drivers::parse_device_address(found.address);
            if (options.query_printers && address) {
                query(devices, *address, printing::PrinterLanguage::brother_ql, report);
            }
            reports.push_back(std::move(report));
        }
    }
    return reports;
}

std::string format_inventory(const std::vector<DeviceReport>& reports) {
    if (reports.empty()) {
        return "No printer or scanner the kiosk knows is attached.\n";
    }
    std::string text;
    for (const DeviceReport& report : reports) {
        const std::string_view kind = report.kind ? device_kind_name(*report.kind) : "unknown";
        std::string state;
        if (report.kind == DeviceKind::printer) {
            state = printer_summary(report);
        } else if (report.kind == DeviceKind::scanner) {
            for (const ScannerMode mode : report.modes) {
                state += state.empty() ? "" : " or ";
                state += scanner_mode_name(mode);
            }
        } else {
            state = "no profile";
        }
        text += fmt::format("{:<8} {:<40} {:<32} {}{}\n", kind, report.address, report.description, state,
                            report.profile != nullptr ? fmt::format(" [{}]", report.profile->id) : "");
    }
    return text;
}

std::string inventory_json(const std::vector<DeviceReport>& reports) {
    nlohmann::json array = nlohmann::json::array();
    for (const DeviceReport& report : reports) {
        nlohmann::json entry;
        entry["address"] = report.address;
        entry["description"] = report.description;
        entry["kind"] =
            report.kind ? nlohmann::json(device_kind_name(*report.kind)) : nlohmann::json(nullptr);
        entry["profile"] =
            report.profile != nullptr ? nlohmann::json(report.profile->id) : nlohmann::json(nullptr);
        if (!report.modes.empty()) {
            nlohmann::json modes = nlohmann::json::array();
            for (const ScannerMode mode : report.modes) {
                modes.push_back(scanner_mode_name(mode));
            }
            entry["modes"] = modes;
        }
        if (report.printer) {
            nlohmann::json problems = nlohmann::json::array();
            for (const drivers::Problem problem : report.printer->problems) {
                problems.push_back(drivers::problem_name(problem));
            }
            entry["ready"] = report.printer->ready;
            entry["problems"] = problems;
            entry["media"] = report.printer->media;
            entry["detail"] = report.printer->detail;
        }
        if (report.problem) {
            entry["ready"] = false;
            entry["problems"] = nlohmann::json::array({drivers::problem_name(report.problem->problem)});
            entry["detail"] = report.problem->detail;
        }
        array.push_back(std::move(entry));
    }
    return array.dump(2);
}

} // namespace checkin::hardware
