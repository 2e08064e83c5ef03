#pragma once

// An independent reader of Brother QL raster jobs: it parses the byte stream command by command as the
// printer would, records what each command set, and rebuilds the pictures. It shares no code with the
// encoder in printing/brother_ql.cpp (only the Bitmap type), so a misunderstanding of the protocol has to
// be made twice, differently, to go unnoticed. The virtual printer runs on it, and the encoder's tests
// check their bytes with it.
//
// Commands (Brother "Raster Command Reference QL-800/810W/820NWB" 2016 and "QL Series Command Reference"
// 2011): 00 invalidate, ESC @, ESC i S status request, ESC i a n, ESC i z (10 bytes), ESC i M n,
// ESC i A n, ESC i K n, ESC i d n1 n2, M n, g 00 n + n bytes, w 01|02 n + n bytes, Z, FF, control-Z.
//
// QlJobDecoder is incremental: it takes one byte at a time and reports each command as its last byte
// arrives, so a printer can act on a job while it is still coming in. decode_ql_raster() reads a whole,
// single job strictly (what the encoder tests want).

#include "hardware/error.hpp"
#include "printing/bitmap.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <expected>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace checkin::hardware {

inline constexpr std::size_t ql_decoder_head_pins = 720;
inline constexpr std::size_t ql_decoder_line_bytes = ql_decoder_head_pins / 8;

// One raster line as the head gets it: bit 7 of byte 0 first (the pin at the label's right edge).
using QlDecodedLine = std::array<std::uint8_t, ql_decoder_line_bytes>;

// ESC i z, field by field.
struct QlPrintInformation {
    std::uint8_t flags = 0; // 02 media type valid, 04 width valid, 08 length valid, 40 quality, 80 recovery
    std::uint8_t media_type = 0; // 0A continuous, 0B die-cut
    std::uint8_t width_mm = 0;
    std::uint8_t length_mm = 0;
    std::uint32_t line_count = 0;
    std::uint8_t page_index = 0; // 0 the first page, 1 the others
    std::uint8_t last_byte = 0;

    friend bool operator==(const QlPrintInformation&, const QlPrintInformation&) = default;
};

// What the commands of one job (or, for the printer, one page) set, in the order they came.
struct QlDecodedJob {
    std::size_t invalidate_bytes = 0;        // NULLs before anything else
    std::size_t initialise_count = 0;        // ESC @
    std::size_t commands = 0;                // commands other than NULL (ESC @ included)
    std::size_t first_command_offset = 0;    // where the first non-NULL byte is
    std::optional<std::uint8_t> raster_mode; // ESC i a n
    std::optional<QlPrintInformation> print_information;
    std::optional<std::uint8_t> various_mode;  // ESC i M n
    std::optional<std::uint8_t> cut_every;     // ESC i A n
    std::optional<std::uint8_t> expanded_mode; // ESC i K n
    std::optional<std::uint16_t> margin_dots;  // ESC i d n1 n2
    std::optional<std::uint8_t> compression;   // M n
    std::size_t one_colour_lines = 0;          // g
    std::size_t two_colour_lines = 0;          // w 01 + w 02 pairs
    std::size_t blank_lines = 0;               // Z
    std::size_t uncompressed_length_lines = 0; // g / w lines whose data was 90 bytes as sent
    std::vector<QlDecodedLine> black_lines;    // as sent (after PackBits), bit 7 of byte 0 first
    std::vector<QlDecodedLine> red_lines;      // empty unless the job had w lines
    std::vector<std::uint8_t> page_ends;       // 0C (FF) or 1A (control-Z), in order

    bool two_colour() const { return !red_lines.empty(); }

    // The whole head as the label is seen: the byte order is mirrored, so bit k is pin 719 - k.
    static printing::Bitmap head_picture(const std::vector<QlDecodedLine>& lines);
    // The print area only: `width` dots starting `left_margin_pins` from the label's left edge.
    static printing::Bitmap crop(const printing::Bitmap& head, std::size_t left_margin_pins,
                                 std::size_t width);
    printing::Bitmap black(std::size_t left_margin_pins, std::size_t width) const;
    std::optional<printing::Bitmap> red(std::size_t left_margin_pins, std::size_t width) const;
};

enum class QlCommandKind {
    invalidate,        // 00
    initialise,        // 1B 40: ESC @
    status_request,    // 1B 69 53: ESC i S
    raster_mode,       // 1B 69 61 n: ESC i a
    print_information, // 1B 69 7A + 10 bytes: ESC i z
    various_mode,      // 1B 69 4D n: ESC i M
    cut_every,         // 1B 69 41 n: ESC i A
    expanded_mode,     // 1B 69 4B n: ESC i K
    margin,            // 1B 69 64 n1 n2: ESC i d
    compression,       // 4D n: M
    raster_line,       // 67 00 n + n bytes: g
    two_colour_line,   // 77 c n + n bytes: w, c = 01 black or 02 red
    blank_line,        // 5A: Z
    print_page,        // 0C: FF, print this page, more follow
    print_last_page,   // 1A: control-Z, print the last page
};

// A command the decoder has read whole. Its effect is in QlJobDecoder::job().
struct QlCommand {
    QlCommandKind kind = QlCommandKind::invalidate;
    std::size_t offset = 0; // of its first byte in the stream
    std::uint8_t value = 0; // n of ESC i a/M/A/K and M, w's colour byte, FF or 1A; 0 otherwise
    std::size_t length = 0; // bytes, the command byte(s) included
};

// Whether a command is part of a page (everything but 00, ESC @ and ESC i S).
bool is_page_command(QlCommandKind kind);

class QlJobDecoder {
public:
    // The next byte of the stream. Returns the command this byte completes, nothing while the command is
    // still incomplete, or why the stream cannot be a QL job here: an unknown command byte, a `g` line in
    // a two-colour job, a `w 02` without its `w 01`, PackBits that do not give 90 bytes … Messages end
    // with "at offset N". After a failure it refuses every byte (without counting it) until reset().
    Result<std::optional<QlCommand>> push(std::uint8_t byte);

    // What the commands since the last start_job() (or take_page()) set.
    const QlDecodedJob& job() const { return m_job; }
    // Hands over the page the commands have built and starts the next one: the lines and counts go, the
    // settings (ESC i z, M, ESC i K …) stay, because a later page of a job need not repeat them.
    QlDecodedJob take_page();
    // Forgets the job record (ESC @, or a new job after an error).
    void start_job();
    // Forgets the job record and any half-read command, and clears a failure. The offset keeps counting.
    void reset();

    // Whether part of a command has arrived; describe_incomplete() says which ("truncated raster line at
    // offset 412"), for a stream that ends there.
    bool mid_command() const { return m_pending_size > 0; }
    std::string describe_incomplete() const;
    // Whether a `w 01` line waits for its `w 02`.
    bool awaiting_red_line() const { return m_black_awaiting_red.has_value(); }
    // Bytes pushed since construction.
    std::size_t offset() const { return m_offset; }

private:
    Result<std::optional<std::size_t>> expected_length() const;
    Result<QlCommand> complete();
    Result<void> read_line(std::span<const std::uint8_t> data, QlDecodedLine& line);

    static constexpr std::size_t longest_command = 3 + 255; // g/w: 3 bytes and up to 255 of data
    std::array<std::uint8_t, longest_command> m_pending{};
    std::size_t m_pending_size = 0;
    std::size_t m_pending_offset = 0;
    std::size_t m_offset = 0;
    bool m_failed = false;
    std::optional<QlDecodedLine> m_black_awaiting_red;
    QlDecodedJob m_job;
};

// PackBits (Apple TN1023) back to bytes; the result must be exactly `expected_size` bytes.
Result<std::vector<std::uint8_t>> unpack_bits(std::span<const std::uint8_t> packed,
                                              std::size_t expected_size);

// One whole job, strictly: NULLs only before the first command, no status request, nothing after the
// control-Z that must end it. Fails with the first problem and its offset.
Result<QlDecodedJob> decode_ql_raster(std::span<const std::uint8_t> bytes);

} // namespace checkin::hardware
