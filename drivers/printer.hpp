#pragma once

// A badge printer as the kiosk and kioskctl see it, whatever its language and connection: send one job,
// learn whether the label came out; ask what state it is in (for the device panel).

#include "drivers/error.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace checkin::drivers {

struct PrintJob {
    std::vector<std::uint8_t> bytes; // the encoded job (Brother QL raster or ZPL), ready to send
    std::string medium;      // the medium the job was made for ("62x100"), checked against the printer
    std::string description; // for logs: "badge of Anna Kowalska (CWD-7F3K)"
};

struct PrinterState {
    bool ready = false;            // a job sent now would print
    std::vector<Problem> problems; // why not, most important first
    std::string media;  // what is loaded, as the printer reports it ("62 × 100 mm die-cut labels")
    std::string detail; // technical, for staff
};

class Printer {
public:
    Printer() = default;
    Printer(const Printer&) = delete;
    Printer& operator=(const Printer&) = delete;
    virtual ~Printer() = default;

    // Succeeds only when the printer reported the label printed (a file "printer": when every byte is
    // written). Never sends the job twice: see each implementation for what happens when the connection
    // drops in the middle.
    virtual Result<void> print(const PrintJob& job) = 0;

    virtual Result<PrinterState> state() = 0;

    virtual std::string describe() const = 0;
};

} // namespace checkin::drivers
