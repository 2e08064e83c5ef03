#pragma once

// The virtual QL printer's control language: what a person or a test types on the simulator's control
// port (or passes to QlSimulatorServer::control), one command per line. Pure: parsing and applying to a
// VirtualQlPrinter; the server adds the socket.
//
//   media 62x100|62|62red|…|none   load a roll from printing's media table, or take it out
//   cover open|closed
//   labels N|endless               labels (or cuts of continuous tape) left on the roll
//   jam on|off                     the cutter is jammed
//   slow MS                        a page completes MS milliseconds after it starts (0: at once)
//   disconnect-after BYTES|off     drop the connection BYTES bytes into the next print job
//   status                         the state as one JSON line
//   reset                          back to the start-up settings; counters and held-back pages cleared
//   help                           this list
// Replies: "ok", "error <why>", or the JSON line for status (and the list for help).

#include "drivers/error.hpp"
#include "hardware/simulators/virtual_ql_printer.hpp"
#include "printing/brother_ql.hpp"

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace checkin::hardware {

enum class SimulatorCommandKind { media, cover, labels, jam, slow, disconnect_after, status, reset, help };

struct SimulatorCommand {
    SimulatorCommandKind kind = SimulatorCommandKind::status;
    std::optional<printing::QlMedia> media; // media: the roll, nullopt for none
    Cover cover = Cover::closed;            // cover
    std::optional<std::size_t> count;       // labels (nullopt: endless), disconnect-after (nullopt: off)
    CutterJam jam = CutterJam::clear;       // jam
    std::chrono::milliseconds delay{0};     // slow
};

// Fails with invalid_input and a message that names what was expected ("cover takes open or closed, not
// ajar"). Surrounding blanks and a trailing CR are ignored; words are case-insensitive.
drivers::Result<SimulatorCommand> parse_simulator_command(std::string_view line);

// Applies a setting or reset to `printer`; status and help change nothing.
void apply_simulator_command(const SimulatorCommand& command, VirtualQlPrinter& printer);

std::string_view simulator_command_help();

// What the server adds to the state (nullopt for a printer without one).
struct SimulatorServerFacts {
    std::string printer_address; // "127.0.0.1:9100"
    bool client_connected = false;
    std::string output_directory; // empty when pages are not written
    std::size_t page_files = 0;   // PNGs written
};

// The state as one line of JSON: model, media, faults, phase, counters, last error, and the server's facts.
std::string simulator_state_json(const VirtualQlPrinter& printer,
                                 const std::optional<SimulatorServerFacts>& server);

} // namespace checkin::hardware
