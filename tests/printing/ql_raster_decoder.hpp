#pragma once

// An independent reader of Brother QL raster jobs, for tests: it parses the byte stream command by
// command as the printer would, records what each command set, and rebuilds the pictures. It shares no
// code with the encoder (only the Bitmap type), so a misunderstanding of the protocol has to be made
// twice, differently, to go unnoticed.

#include "printing/bitmap.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <expected>
#include <fmt/format.h>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace checkin::printing::testing {

inline constexpr std::size_t decoder_head_pins = 720;
inline constexpr std::size_t decoder_line_bytes = decoder_head_pins / 8;

using DecodedLine = std::array<std::uint8_t, decoder_line_bytes>;

// ESC i z, field by field.
struct QlPrintInformation {
    std::uint8_t flags = 0;
    std::uint8_t media_type = 0;
    std::uint8_t width_mm = 0;
    std::uint8_t length_mm = 0;
    std::uint32_t line_count = 0;
    std::uint8_t page_index = 0;
    std::uint8_t last_byte = 0;
};

struct QlDecodedJob {
    std::size_t invalidate_bytes = 0;        // NULLs before anything else
    std::size_t initialise_count = 0;        // ESC @
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
    std::vector<DecodedLine> black_lines;      // as sent (after PackBits), bit 7 of byte 0 first
    std::vector<DecodedLine> red_lines;        // empty unless the job had w lines
    std::vector<std::uint8_t> page_ends;       // 0C (FF) or 1A (control-Z), in order

    bool two_colour() const { return !red_lines.empty(); }

    // The whole head as the label is seen: the byte order is mirrored, so bit k is pin 719 - k.
    static Bitmap head_picture(const std::vector<DecodedLine>& lines) {
        Bitmap picture(decoder_head_pins, lines.size());
        for (std::size_t y = 0; y < lines.size(); ++y) {
            for (std::size_t bit = 0; bit < decoder_head_pins; ++bit) {
                if ((static_cast<unsigned>(lines[y][bit / 8]) >> (7U - bit % 8U)) & 1U) {
                    picture.set(decoder_head_pins - 1 - bit, y, true);
                }
            }
        }
        return picture;
    }
    // The print area only: `width` dots starting `left_margin_pins` from the label's left edge.
    static Bitmap crop(const Bitmap& head, std::size_t left_margin_pins, std::size_t width) {
        Bitmap cropped(width, head.height());
        for (std::size_t y = 0; y < head.height(); ++y) {
            for (std::size_t x = 0; x < width; ++x) {
                cropped.set(x, y, head.black(left_margin_pins + x, y));
            }
        }
        return cropped;
    }
    Bitmap black(std::size_t left_margin_pins, std::size_t width) const {
        return crop(head_picture(black_lines), left_margin_pins, width);
    }
    std::optional<Bitmap> red(std::size_t left_margin_pins, std::size_t width) const {
        if (!two_colour()) {
            return std::nullopt;
        }
        return crop(head_picture(red_lines), left_margin_pins, width);
    }
};

// PackBits back to bytes; the result must be exactly `expected_size` bytes.
inline std::expected<std::vector<std::uint8_t>, std::string> unpack_bits(std::span<const std::uint8_t> packed,
                                                                         std::size_t expected_size) {
    std::vector<std::uint8_t> bytes;
    std::size_t position = 0;
    while (position < packed.size()) {
        const std::uint8_t header = packed[position++];
        if (header < 128) {
            const std::size_t count = std::size_t{header} + 1;
            if (position + count > packed.size()) {
                return std::unexpected(fmt::format("PackBits literal of {} bytes runs past the data", count));
            }
            bytes.insert(bytes.end(), packed.begin() + static_cast<std::ptrdiff_t>(position),
                         packed.begin() + static_cast<std::ptrdiff_t>(position + count));
            position += count;
        } else if (header > 128) {
            if (position >= packed.size()) {
                return std::unexpected(std::string("PackBits repeat without its byte"));
            }
            bytes.insert(bytes.end(), std::size_t{257} - header, packed[position++]);
        } // 128 (0x80) is a no-op in TN1023
    }
    if (bytes.size() != expected_size) {
        return std::unexpected(
            fmt::format("PackBits gave {} bytes, expected {}", bytes.size(), expected_size));
    }
    return bytes;
}

inline std::expected<QlDecodedJob, std::string> decode_ql_raster(std::span<const std::uint8_t> bytes) {
    QlDecodedJob job;
    std::size_t position = 0;
    bool seen_command = false;
    bool ended = false;

    const auto need = [&](std::size_t start, std::size_t count) {
        return start + count <= bytes.size();
    };
    const auto failure = [&](std::size_t offset, const std::string& what) {
        return std::unexpected(fmt::format("{} at offset {}", what, offset));
    };
    // Reads the data of a g or w line starting at `start` (the count byte), returns the next position.
    const auto read_line = [&](std::size_t start,
                               DecodedLine& line) -> std::expected<std::size_t, std::string> {
        if (!need(start, 1)) {
            return failure(start, "truncated raster line");
        }
        const std::size_t count = bytes[start];
        if (!need(start + 1, count)) {
            return failure(start, fmt::format("raster line of {} bytes runs past the end", count));
        }
        const std::span<const std::uint8_t> data = bytes.subspan(start + 1, count);
        if (job.compression.value_or(0) == 0x02) {
            auto unpacked = unpack_bits(data, decoder_line_bytes);
            if (!unpacked) {
                return failure(start, unpacked.error());
            }
            std::copy(unpacked->begin(), unpacked->end(), line.begin());
        } else {
            if (count != decoder_line_bytes) {
                return failure(start, fmt::format("uncompressed raster line of {} bytes, not 90", count));
            }
            std::copy(data.begin(), data.end(), line.begin());
        }
        if (count == decoder_line_bytes) {
            ++job.uncompressed_length_lines;
        }
        return start + 1 + count;
    };

    while (position < bytes.size()) {
        if (ended) {
            return failure(position, "bytes after control-Z");
        }
        const std::size_t offset = position;
        const std::uint8_t command = bytes[position];
        if (command == 0x00) { // NULL: invalidate
            if (seen_command) {
                return failure(offset, "NULL inside the job");
            }
            ++job.invalidate_bytes;
            ++position;
            continue;
        }
        if (!seen_command) {
            seen_command = true;
            job.first_command_offset = offset;
        }
        switch (command) {
        case 0x1B: { // ESC
            if (!need(position, 2)) {
                return failure(offset, "truncated ESC");
            }
            if (bytes[position + 1] == 0x40) { // ESC @
                ++job.initialise_count;
                position += 2;
                break;
            }
            if (bytes[position + 1] != 0x69 || !need(position, 3)) { // ESC i
                return failure(offset, fmt::format("unknown ESC command 0x{:02X}", bytes[position + 1]));
            }
            const std::uint8_t letter = bytes[position + 2];
            position += 3;
            const auto one = [&](std::optional<std::uint8_t>& field) -> bool {
                if (!need(position, 1)) {
                    return false;
                }
                field = bytes[position++];
                return true;
            };
            bool complete = true;
            switch (letter) {
            case 0x61: // ESC i a
                complete = one(job.raster_mode);
                break;
            case 0x4D: // ESC i M
                complete = one(job.various_mode);
                break;
            case 0x41: // ESC i A
                complete = one(job.cut_every);
                break;
            case 0x4B: // ESC i K
                complete = one(job.expanded_mode);
                break;
            case 0x64: // ESC i d
                complete = need(position, 2);
                if (complete) {
                    job.margin_dots =
                        static_cast<std::uint16_t>(bytes[position] | (bytes[position + 1] << 8));
                    position += 2;
                }
                break;
            case 0x7A: { // ESC i z
                complete = need(position, 10);
                if (complete) {
                    QlPrintInformation information;
                    information.flags = bytes[position];
                    information.media_type = bytes[position + 1];
                    information.width_mm = bytes[position + 2];
                    information.length_mm = bytes[position + 3];
                    information.line_count = static_cast<std::uint32_t>(bytes[position + 4]) |
                                             static_cast<std::uint32_t>(bytes[position + 5]) << 8 |
                                             static_cast<std::uint32_t>(bytes[position + 6]) << 16 |
                                             static_cast<std::uint32_t>(bytes[position + 7]) << 24;
                    information.page_index = bytes[position + 8];
                    information.last_byte = bytes[position + 9];
                    job.print_information = information;
                    position += 10;
                }
                break;
            }
            default:
                return failure(offset, fmt::format("unknown ESC i command 0x{:02X}", letter));
            }
            if (!complete) {
                return failure(offset, "truncated ESC i command");
            }
            break;
        }
        case 0x4D: { // M: compression mode
            if (!need(position, 2)) {
                return failure(offset, "truncated M");
            }
            job.compression = bytes[position + 1];
            position += 2;
            break;
        }
        case 0x67: { // g 00 n data
            if (!need(position, 2) || bytes[position + 1] != 0x00) {
                return failure(offset, "g without its 00 byte");
            }
            if (job.two_colour()) {
                return failure(offset, "g line in a two-colour job");
            }
            DecodedLine line{};
            auto next = read_line(position + 2, line);
            if (!next) {
                return std::unexpected(next.error());
            }
            job.black_lines.push_back(line);
            ++job.one_colour_lines;
            position = *next;
            break;
        }
        case 0x77: { // w 01 n black, then w 02 n red
            if (job.one_colour_lines > 0 || job.blank_lines > 0) {
                return failure(offset, "w line in a one-colour job");
            }
            if (!need(position, 2) || bytes[position + 1] != 0x01) {
                return failure(offset, "two-colour line that does not start with w 01 (black)");
            }
            DecodedLine black{};
            auto after_black = read_line(position + 2, black);
            if (!after_black) {
                return std::unexpected(after_black.error());
            }
            position = *after_black;
            if (!need(position, 2) || bytes[position] != 0x77 || bytes[position + 1] != 0x02) {
                return failure(position, "w 01 (black) not followed by w 02 (red)");
            }
            DecodedLine red{};
            auto after_red = read_line(position + 2, red);
            if (!after_red) {
                return std::unexpected(after_red.error());
            }
            position = *after_red;
            job.black_lines.push_back(black);
            job.red_lines.push_back(red);
            ++job.two_colour_lines;
            break;
        }
        case 0x5A: // Z: one white line
            if (job.two_colour()) {
                return failure(offset, "Z line in a two-colour job");
            }
            job.black_lines.push_back(DecodedLine{});
            ++job.blank_lines;
            ++position;
            break;
        case 0x0C: // FF: print, more pages follow
            job.page_ends.push_back(command);
            ++position;
            break;
        case 0x1A: // control-Z: print the last page
            job.page_ends.push_back(command);
            ended = true;
            ++position;
            break;
        default:
            return failure(offset, fmt::format("unknown command 0x{:02X}", command));
        }
    }
    if (!ended) {
        return std::unexpected(std::string("the job does not end with control-Z (1A)"));
    }
    return job;
}

} // namespace checkin::printing::testing
