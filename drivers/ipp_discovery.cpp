#include "drivers/ipp_discovery.hpp"

#include "drivers/device_address.hpp"
#include "drivers/ipp_status.hpp"

#include <cstdlib>
#include <cups/cups.h>
#include <memory>
#include <string_view>

namespace checkin::drivers {
namespace {

struct HttpCloser {
    void operator()(http_t* http) const { httpClose(http); }
};

struct Search {
    std::vector<DiscoveredPrinter> found;
    int resolve_milliseconds = 1000;
};

std::string option(const cups_dest_t* dest, const char* name) {
    const char* value = cupsGetOption(name, dest->num_options, dest->options);
    return clean_ipp_text(value != nullptr ? value : "", 255);
}

int take_destination(void* user_data, unsigned flags, cups_dest_t* dest) {
    auto* search = static_cast<Search*>(user_data);
    if ((flags & CUPS_DEST_FLAGS_REMOVED) != 0 || dest == nullptr || dest->name == nullptr) {
        return 1;
    }
    if (search->found.size() >= most_discovered_printers) {
        return 0; // enough: stop listening
    }
    DiscoveredPrinter printer;
    const unsigned long type = std::strtoul(option(dest, "printer-type").c_str(), nullptr, 10);
    printer.local_queue = (type & CUPS_PRINTER_DISCOVERED) == 0;
    printer.name = option(dest, "printer-info");
    printer.make_and_model = option(dest, "printer-make-and-model");
    if (printer.local_queue) {
        const auto queue = parse_device_address(std::string("cups://") + clean_ipp_text(dest->name, 127));
        if (!queue) {
            return 1; // a queue name no address can carry is not listed
        }
        printer.address = format_device_address(*queue);
    } else {
        // Connecting resolves the announced service name into the printer's host, port and path, which
        // libcups writes back into the destination's device-uri; the connection itself is not needed.
        char resource[1024] = {};
        std::unique_ptr<http_t, HttpCloser> connection(
            cupsConnectDest(dest, CUPS_DEST_FLAGS_NONE, search->resolve_milliseconds, nullptr, resource,
                            sizeof resource, nullptr, nullptr));
        printer.address = option(dest, "device-uri");
    }
    if (printer.name.empty()) {
        printer.name = clean_ipp_text(dest->name, 127);
    }
    search->found.push_back(std::move(printer));
    return 1;
}

} // namespace

std::vector<DiscoveredPrinter> discover_ipp_printers(std::chrono::milliseconds timeout) {
    Search search;
    search.resolve_milliseconds = static_cast<int>(timeout.count());
    cupsEnumDests(CUPS_DEST_FLAGS_NONE, static_cast<int>(timeout.count()), nullptr, 0, 0, take_destination,
                  &search);
    return std::move(search.found);
}

} // namespace checkin::drivers
