#pragma once

// The IPP printers within reach, through libcups (cupsEnumDests): the queues of the CUPS server libcups
// is configured for, and the IPP Everywhere printers announced on the network by DNS-SD (avahi). For
// `kioskctl devices`, so a technician can copy an address into --printer or [printer] device.

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

namespace checkin::drivers {

struct DiscoveredPrinter {
    // What --printer takes: "cups://Dymo_LabelWriter_450", or the announced printer's resolved address
    // ("ipp://labels.local:631/ipp/print"); as announced ("ipps://Name._ipps._tcp.local/") when it could
    // not be resolved.
    std::string address;
    std::string name;           // printer-info: "Badge printer at reception"
    std::string make_and_model; // "DYMO LabelWriter 450"
    bool local_queue = false;   // a queue of the CUPS server rather than a printer on the network
};

// At most this many are listed (an announcement is input from anyone on the network).
inline constexpr std::size_t most_discovered_printers = 64;

// Waits at most `timeout` for announcements, and as long again to resolve each announced printer's
// address. Nothing found (no CUPS server, no avahi) is an empty list, not an error.
std::vector<DiscoveredPrinter> discover_ipp_printers(std::chrono::milliseconds timeout);

} // namespace checkin::drivers
