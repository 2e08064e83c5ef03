#pragma once

// A Zebra printer's host status: the three lines it sends for `~HS` (ZPL II Programming Guide, "~HS Host
// Status Return"). Each line is framed <STX> … <ETX> <CR><LF>:
//   1: aaa,b,c,dddd,eee,f,g,h,iii,j,k,l   b paper out, c paused, dddd label length (dots), eee formats in
//      the receive buffer, f buffer full, h partial format in progress, j corrupt RAM, k/l under/over
//      temperature
//   2: mmm,n,o,p,q,r,s,t,uuuuuuuu,v,www   o head up (open), p ribbon out, t label waiting to be taken,
//      uuuuuuuu labels remaining in the batch
//   3: xxxx,y                              password, static RAM
// Pure: parsing only.

#include "drivers/error.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace checkin::drivers {

struct ZebraStatus {
    bool paper_out = false;
    bool paused = false;
    unsigned label_length_dots = 0;
    unsigned formats_in_buffer = 0;
    bool buffer_full = false;
    bool partial_format = false;
    bool corrupt_ram = false;
    bool under_temperature = false;
    bool over_temperature = false;
    bool head_open = false;
    bool ribbon_out = false;
    bool label_waiting = false;
    unsigned long labels_remaining = 0;

    // Problems a person can act on, most important first; empty when it can print.
    std::vector<Problem> problems() const;
    // Nothing left to print: no format waiting in the buffer, none being received, none left in the batch.
    bool idle() const { return formats_in_buffer == 0 && !partial_format && labels_remaining == 0; }
    std::string describe() const;
};

// The number of bytes at the start of `bytes` that make the three framed lines, or nullopt when they are not
// all there yet.
std::optional<std::size_t> complete_zebra_status_length(std::string_view bytes);

// Fails with io naming what is wrong when the text is not a ~HS answer.
Result<ZebraStatus> parse_zebra_status(std::string_view text);

inline constexpr std::string_view zebra_status_request = "~HS";

} // namespace checkin::drivers
