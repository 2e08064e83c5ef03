#pragma once

// The Brother QL status reply: 32 bytes the printer sends after `ESC i S`, and on its own while and after
// it prints (printing completed, error occurred, phase change). Parsing and building it are pure, so the
// printer session, the emulated USB printer and the virtual network printer share one definition.
//
// Layout (Brother "Raster Command Reference QL-800/810W/820NWB" 2016, §4.2 Status information, and the
// QL-500…1060N reference; the Brother Mobile SDK names the same fields):
//   [0] 0x80 head mark  [1] 0x20 size  [2] 0x42 'B'  [3] series code  [4] model code  [5] 0x30 country
//   [8] error information 1   [9] error information 2   [10] media width mm   [11] media type
//   [17] media length mm (0 for continuous)   [18] status type   [19] phase type   [20..21] phase number
//   [22] notification number   [24] label colour   [25] text colour (QL-8xx: 0x81 on black/red DK-22251)
// Media type: 0x0A continuous and 0x0B die-cut in the older references; the QL-800 reference lists 0x4A
// and 0x4B for the same; both are accepted.

#include "drivers/error.hpp"
#include "drivers/printer.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace checkin::drivers {

inline constexpr std::size_t ql_status_bytes = 32;

// Error information 1 (byte 8) and 2 (byte 9) bits.
namespace ql_error_1 {
inline constexpr std::uint8_t no_media = 0x01;
inline constexpr std::uint8_t end_of_media = 0x02; // die-cut labels ran out
inline constexpr std::uint8_t cutter_jam = 0x04;
inline constexpr std::uint8_t printer_in_use = 0x10;
inline constexpr std::uint8_t turned_off = 0x20;
inline constexpr std::uint8_t high_voltage_adapter = 0x40;
inline constexpr std::uint8_t fan_error = 0x80;
} // namespace ql_error_1
namespace ql_error_2 {
inline constexpr std::uint8_t replace_media = 0x01;
inline constexpr std::uint8_t expansion_buffer_full = 0x02;
inline constexpr std::uint8_t communication_error = 0x04;
inline constexpr std::uint8_t communication_buffer_full = 0x08;
inline constexpr std::uint8_t cover_open = 0x10;
inline constexpr std::uint8_t cancel_key = 0x20;
inline constexpr std::uint8_t feed_error = 0x40; // media cannot be fed, also when the roll's end is found
inline constexpr std::uint8_t system_error = 0x80;
} // namespace ql_error_2

enum class QlStatusType : std::uint8_t {
    reply = 0x00,              // the answer to ESC i S
    printing_completed = 0x01, // one page printed (and cut)
    error_occurred = 0x02,
    turned_off = 0x04,
    notification = 0x05,
    phase_change = 0x06,
};

enum class QlPhase : std::uint8_t { receiving = 0x00, printing = 0x01 };

// The media type byte: 0x0A/0x0B in the older references, 0x4A/0x4B reported by the QL-800 series.
enum class QlLoadedMedia { none, continuous, die_cut, unknown };

struct QlStatus {
    std::uint8_t series_code = 0x34;
    std::uint8_t model_code = 0x41; // QL-820NWB
    std::uint8_t error_1 = 0;
    std::uint8_t error_2 = 0;
    std::uint8_t media_width_mm = 0;
    std::uint8_t media_type = 0; // raw byte; see loaded_media()
    std::uint8_t media_length_mm = 0;
    QlStatusType status_type = QlStatusType::reply;
    QlPhase phase = QlPhase::receiving;
    std::uint16_t phase_number = 0;
    std::uint8_t notification = 0;
    std::uint8_t label_colour = 0;
    std::uint8_t text_colour = 0;

    QlLoadedMedia loaded_media() const;
    // Whether black/red tape is loaded, when the printer says (QL-8xx report the text colour: 0x81 for
    // black/red, 0x01 for black); nullopt when it reports nothing (0x00, the older models). The byte's
    // values come from the references only, not from a printer we had at hand, so an unknown value is
    // never taken as "wrong media".
    std::optional<bool> two_colour_media() const;
    bool has_error() const {
        return error_1 != 0 || error_2 != 0 || status_type == QlStatusType::error_occurred;
    }

    // The errors as problems a person can act on, most important first (no media before cover open …);
    // empty when there is none. printer_in_use alone maps to busy.
    std::vector<Problem> problems() const;

    // "no media, cover open (error bits 01 10)" for logs.
    std::string describe_errors() const;

    friend bool operator==(const QlStatus&, const QlStatus&) = default;
};

// What is loaded, for people: "62 × 100 mm die-cut labels", "62 mm black/red continuous tape", "no labels".
std::string describe_loaded_media(const QlStatus& status);
// The same as facts, for screens that word it in their own language.
LoadedMedia loaded_media_of(const QlStatus& status);

// Fails with io when `bytes` is not a 32-byte status (wrong length, head mark, size or 'B').
Result<QlStatus> parse_ql_status(std::span<const std::uint8_t> bytes);

std::array<std::uint8_t, ql_status_bytes> encode_ql_status(const QlStatus& status);

// The bytes that ask for a status: the 200-NUL invalidate (which flushes a half-received job), ESC @,
// ESC i S.
std::vector<std::uint8_t> ql_status_request();

// What the loaded media must be for a badge on `medium` (a name from printing's QL media table: "62x100",
// "62", "62red"): width, die-cut or continuous, length for die-cut, red/black for "62red".
// Fails with wrong_media ("loaded: 29 mm continuous; the template needs 62 × 100 mm die-cut labels"),
// no_media, or invalid_input for an unknown medium name.
Result<void> check_loaded_media(const QlStatus& status, std::string_view medium);

} // namespace checkin::drivers
