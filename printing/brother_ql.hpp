#pragma once

// Brother QL label printers: the models we drive, the DK media they take, and the raster encoder that
// turns a badge picture into the byte stream a QL prints. Pure: bytes out, no I/O.
//
// Sources (read to learn; the tables below are our own, checked against each other):
//  - Brother "Raster Command Reference QL-800/810W/820NWB" v1.01 (2016) and "QL-600/710W/720NW" v1.02:
//    job layout, ESC i z / M / K / A / d, `w` two-colour lines, "the QL-800 does not support the
//    compression mode", and the print-area table (2.3.2 Page size: dots printable, left margin pins,
//    right margin pins per medium for 720-pin heads).
//  - Brother "QL Series Command Reference (QL-500/550/560/570/580N/650TD/700/1050/1060N)" v6.0 (2011):
//    which of those commands the older models accept.
//  - The brother_ql Python package and the vxel/brotherql Java driver, which agree with Brother's table
//    (e.g. 62 mm: 12 + 696 + 12 pins; 29 mm: 408 + 306 + 6) and on the byte order of a raster line.

#include "printing/bitmap.hpp"
#include "printing/error.hpp"

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace checkin::printing {

inline constexpr std::uint16_t brother_vendor_id = 0x04f9;
inline constexpr std::size_t ql_head_pins = 720;               // 300 dpi print head of every model here
inline constexpr std::size_t ql_line_bytes = ql_head_pins / 8; // 90 bytes per raster line
inline constexpr std::size_t ql_invalidate_bytes = 200;        // NULLs that flush a half-received job
inline constexpr std::uint16_t ql_continuous_feed_margin = 35; // 3 mm at 300 dpi, Brother's example

struct QlModel {
    std::string_view name;        // lower case, as in configuration files: "ql-820nwb"
    std::uint16_t product_id;     // USB product id under vendor 04f9
    bool raster_mode_command;     // accepts ESC i a 01 (the 2011 models are raster-only and refuse it)
    bool compression;             // accepts M 02 (PackBits raster lines)
    bool two_colour;              // prints red on DK-22251 (w 01 / w 02 lines, ESC i K bit 0)
    bool cutter;                  // has an auto-cutter (ESC i M bit 6); the QL-500 tears by hand
    bool cut_every_command;       // accepts ESC i A n, "cut every n labels"
    bool expanded_mode_command;   // accepts ESC i K (cut at end, two-colour)
    bool blank_line_command;      // accepts Z, one all-white raster line
    std::size_t min_length_dots;  // shortest continuous label it will print
    std::size_t max_length_dots;  // longest continuous label (1 m)
    unsigned dots_per_inch = 300; // across and along the label (600 along is not used)
};

// The Brother media type byte of ESC i z is the enumerator's value.
enum class QlMediaKind : std::uint8_t {
    continuous = 0x0A, // continuous length tape: we choose the label length
    die_cut = 0x0B,    // pre-cut labels (rectangular or round): the length is fixed
};

struct QlMedia {
    std::string_view name;        // "62x100" die-cut, "62" continuous, "62red" black/red continuous
    std::string_view part_number; // Brother's roll: "DK-11202"
    QlMediaKind kind;
    std::uint8_t width_mm;
    std::uint8_t length_mm;            // 0 for continuous tape
    std::size_t printable_width_dots;  // the picture's width
    std::size_t left_margin_pins;      // head pins left of the print area, seen on the printed label
    std::size_t right_margin_pins;     // head pins right of it; left + printable + right = 720
    std::size_t printable_length_dots; // the picture's height on die-cut labels; 0 for continuous
    bool two_colour;                   // DK-22251 black/red tape

    std::uint8_t media_type_byte() const { return static_cast<std::uint8_t>(kind); }
};

std::span<const QlModel> all_ql_models();
std::span<const QlMedia> all_ql_media();
// Names compare without regard to case ("QL-820NWB" finds "ql-820nwb").
Result<QlModel> find_ql_model(std::string_view name);
Result<QlModel> find_ql_model_by_product_id(std::uint16_t product_id);
Result<QlMedia> find_ql_media(std::string_view name);
// Whether the medium can go in the model at all: red/black tape only works in the two-colour models.
bool ql_media_fits(const QlModel& model, const QlMedia& media);

struct QlJobOptions {
    bool auto_cut = true;            // cut after every label (ESC i M 40, ESC i A 01) where there is a cutter
    bool cut_at_end = true;          // feed and cut after the last label (ESC i K bit 3)
    bool priority_to_quality = true; // ESC i z flag 0x40: slower, crisper print
    std::uint16_t continuous_feed_margin_dots = ql_continuous_feed_margin; // die-cut labels always use 0
};

// One badge as one Brother QL print job (one page). The black layer must be exactly the medium's
// printable width, and on die-cut labels exactly its printable length; a red layer needs a two-colour
// model and medium and the same size as the black layer. Where both layers are set, red wins.
Result<std::vector<std::uint8_t>> encode_ql_raster(const BadgeImage& image, const QlModel& model,
                                                   const QlMedia& media, const QlJobOptions& options = {});

// TIFF PackBits (Apple TN1023): runs of two or more equal bytes become (1 - count, byte), everything
// else (count - 1, bytes...), at most 128 bytes per group.
std::vector<std::uint8_t> pack_bits(std::span<const std::uint8_t> data);
// A raster line as the QL wants it compressed: PackBits, unless that comes out longer than the line, in
// which case Brother asks for the whole line as one literal group (91 bytes for 90). The line must be at
// most 128 bytes, one literal group's worth; QL lines are 90.
std::vector<std::uint8_t> compress_ql_line(std::span<const std::uint8_t> line);

} // namespace checkin::printing
