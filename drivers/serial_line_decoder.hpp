#pragma once

// A scanner on a serial line (USB CDC-ACM or RS-232) sends each code as a line of bytes. The reader hands
// whatever each read returned, in any chunking, to SerialLineDecoder, which cuts the stream into scans.
// Pure: no I/O, no clock; the caller passes each chunk's arrival time.
//
// A scan ends at any terminator byte (CR or LF by default), so "CODE\r", "CODE\n" and "CODE\r\n" are all
// one scan: empty lines are dropped, which is what keeps the LF of a CRLF — even one arriving in a later
// chunk than its CR — from making an empty second scan. Some scanners frame each code as
// STX code ETX (0x02 … 0x03) before the terminator; the options strip such a prefix and suffix.

#include "drivers/scan.hpp"
#include "drivers/warning_log.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace checkin::drivers {

struct SerialLineOptions {
    // Any one of these bytes ends a scan. A scanner that frames codes as STX … ETX with no CR/LF after
    // them takes terminators = "\x03" and prefix = "\x02" (and no suffix: the ETX is the terminator).
    std::string terminators = "\r\n";
    std::string prefix{}; // removed from the start of each scan, e.g. "\x02" (STX); empty: none expected
    std::string suffix{}; // removed from the end of each scan, e.g. "\x03" (ETX); empty: none expected
    std::size_t max_line = 4096; // bytes between terminators; a longer line is dropped whole
    // For scanners configured without a terminator: poll() ends a scan once no byte came for this long.
    // Off by default, because a scanner with a terminator may pause mid-code and must not be cut there.
    std::optional<std::chrono::milliseconds> quiet_gap{};
};

class SerialLineDecoder {
public:
    // `device` names the scanner in the scans ("serial:///dev/ttyACM0").
    explicit SerialLineDecoder(std::string device, SerialLineOptions options = {});

    // Takes the next chunk of the byte stream, which arrived at `time`, and returns the scans it
    // completed, oldest first (the payload is binary: NUL and other bytes pass through). Never fails;
    // with a warning each:
    //  - a line longer than max_line is dropped whole, up to its terminator, so no tail of it comes out;
    //  - a line that lacks the configured prefix or suffix is kept as it is;
    //  - bytes before the prefix (line noise when a cable is plugged in) are dropped.
    // Empty lines, also after stripping the prefix and suffix, are dropped without a warning.
    std::vector<Scan> feed(std::span<const std::uint8_t> chunk, std::chrono::steady_clock::time_point time);
    std::vector<Scan> feed(std::string_view chunk, std::chrono::steady_clock::time_point time);

    // For scanners that send no terminator: returns the pending bytes as a scan when options.quiet_gap is
    // set and no byte arrived for that long before `now`; else nothing.
    std::optional<Scan> poll(std::chrono::steady_clock::time_point now);

    // Returns the pending bytes as a scan now, whatever the time (e.g. the line was closed).
    std::optional<Scan> flush();

    // Forgets pending bytes, e.g. after the serial port was reopened.
    void reset();

    // The problems seen since the last call, oldest first, as sentences for the log.
    std::vector<std::string> take_warnings();

private:
    std::optional<Scan> end_line(std::chrono::steady_clock::time_point time);

    std::string m_device;
    SerialLineOptions m_options;
    std::string m_line;        // bytes since the last terminator
    bool m_discarding = false; // the line grew past max_line: drop it up to the next terminator
    std::optional<std::chrono::steady_clock::time_point> m_last_byte_time;
    WarningLog m_warnings; // capped: a babbling scanner cannot grow the kiosk
};

} // namespace checkin::drivers
