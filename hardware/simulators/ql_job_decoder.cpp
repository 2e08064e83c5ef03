#include "hardware/simulators/ql_job_decoder.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace checkin::hardware {
namespace {

constexpr std::uint8_t escape = 0x1B;
constexpr std::uint8_t escape_i = 0x69;      // 1B 69: ESC i, the printer's own commands
constexpr std::uint8_t initialise = 0x40;    // 1B 40: ESC @
constexpr std::uint8_t packbits_mode = 0x02; // 4D 02: M 02, raster lines are PackBits
constexpr std::uint8_t black_layer = 0x01;   // 77 01: w 01, the black (high-energy) layer, first
constexpr std::uint8_t red_layer = 0x02;     // 77 02: w 02, the red (low-energy) layer, second

std::unexpected<Error> failure(std::size_t offset, const std::string& what) {
    return fail(fmt::format("{} at offset {}", what, offset));
}

} // namespace

printing::Bitmap QlDecodedJob::head_picture(const std::vector<QlDecodedLine>& lines) {
    printing::Bitmap picture(ql_decoder_head_pins, lines.size());
    for (std::size_t y = 0; y < lines.size(); ++y) {
        for (std::size_t bit = 0; bit < ql_decoder_head_pins; ++bit) {
            if ((static_cast<unsigned>(lines[y][bit / 8]) >> (7U - bit % 8U)) & 1U) {
                picture.set(ql_decoder_head_pins - 1 - bit, y, true);
            }
        }
    }
    return picture;
}

printing::Bitmap QlDecodedJob::crop(const printing::Bitmap& head, std::size_t left_margin_pins,
                                    std::size_t width) {
    printing::Bitmap cropped(width, head.height());
    for (std::size_t y = 0; y < head.height(); ++y) {
        for (std::size_t x = 0; x < width; ++x) {
            cropped.set(x, y, head.black(left_margin_pins + x, y));
        }
    }
    return cropped;
}

printing::Bitmap QlDecodedJob::black(std::size_t left_margin_pins, std::size_t width) const {
    return crop(head_picture(black_lines), left_margin_pins, width);
}

std::optional<printing::Bitmap> QlDecodedJob::red(std::size_t left_margin_pins, std::size_t width) const {
    if (!two_colour()) {
        return std::nullopt;
    }
    return crop(head_picture(red_lines), left_margin_pins, width);
}

bool is_page_command(QlCommandKind kind) {
    return kind != QlCommandKind::invalidate && kind != QlCommandKind::initialise &&
           kind != QlCommandKind::status_request;
}

Result<std::vector<std::uint8_t>> unpack_bits(std::span<const std::uint8_t> packed,
                                              std::size_t expected_size) {
    std::vector<std::uint8_t> bytes;
    std::size_t position = 0;
    while (position < packed.size()) {
        const std::uint8_t header = packed[position++];
        if (header < 128) {
            const std::size_t count = std::size_t{header} + 1;
            if (position + count > packed.size()) {
                return fail(fmt::format("PackBits literal of {} bytes runs past the data", count));
            }
            bytes.insert(bytes.end(), packed.begin() + static_cast<std::ptrdiff_t>(position),
                         packed.begin() + static_cast<std::ptrdiff_t>(position + count));
            position += count;
        } else if (header > 128) {
            if (position >= packed.size()) {
                return fail("PackBits repeat without its byte");
            }
            bytes.insert(bytes.end(), std::size_t{257} - header, packed[position++]);
        } // 128 (0x80) is a no-op in TN1023
    }
    if (bytes.size() != expected_size) {
        return fail(fmt::format("PackBits gave {} bytes, expected {}", bytes.size(), expected_size));
    }
    return bytes;
}

// The whole length of the command whose first bytes are pending, once they tell it; nothing while they
// do not yet; a failure when they cannot start any command.
Result<std::optional<std::size_t>> QlJobDecoder::expected_length() const {
    const std::uint8_t command = m_pending[0];
    const std::size_t have = m_pending_size;
    switch (command) {
    case 0x00: // NULL: invalidate
    case 0x0C: // FF
    case 0x1A: // control-Z
    case 0x5A: // Z
        return 1;
    case 0x4D: // M n
        return 2;
    case escape: {
        if (have < 2) {
            return std::nullopt;
        }
        if (m_pending[1] == initialise) {
            return 2;
        }
        if (m_pending[1] != escape_i) {
            return failure(m_pending_offset, fmt::format("unknown ESC command 0x{:02X}", m_pending[1]));
        }
        if (have < 3) {
            return std::nullopt;
        }
        switch (m_pending[2]) {
        case 0x53: // ESC i S
            return 3;
        case 0x61: // ESC i a n
        case 0x4D: // ESC i M n
        case 0x41: // ESC i A n
        case 0x4B: // ESC i K n
            return 4;
        case 0x64: // ESC i d n1 n2
            return 5;
        case 0x7A: // ESC i z n1 … n10
            return 13;
        default:
            return failure(m_pending_offset, fmt::format("unknown ESC i command 0x{:02X}", m_pending[2]));
        }
    }
    case 0x67: // g 00 n data
        if (have < 2) {
            return std::nullopt;
        }
        if (m_pending[1] != 0x00) {
            return failure(m_pending_offset, "g without its 00 byte");
        }
        if (have < 3) {
            return std::nullopt;
        }
        return 3 + std::size_t{m_pending[2]};
    case 0x77: // w c n data
        if (have < 3) {
            return std::nullopt;
        }
        return 3 + std::size_t{m_pending[2]};
    default:
        return failure(m_pending_offset, fmt::format("unknown command 0x{:02X}", command));
    }
}

Result<std::optional<QlCommand>> QlJobDecoder::push(std::uint8_t byte) {
    if (m_failed) {
        return failure(m_offset, "the stream was already broken (reset the decoder)");
    }
    if (m_pending_size == 0) {
        m_pending_offset = m_offset;
    }
    m_pending[m_pending_size++] = byte;
    ++m_offset;
    const auto length = expected_length();
    if (!length) {
        m_failed = true;
        return std::unexpected(length.error());
    }
    if (!length->has_value() || m_pending_size < **length) {
        return std::optional<QlCommand>{};
    }
    auto command = complete();
    m_pending_size = 0;
    if (!command) {
        m_failed = true;
        return std::unexpected(command.error());
    }
    return std::optional<QlCommand>{*command};
}

Result<void> QlJobDecoder::read_line(std::span<const std::uint8_t> data, QlDecodedLine& line) {
    if (m_job.compression.value_or(0) == packbits_mode) {
        auto unpacked = unpack_bits(data, ql_decoder_line_bytes);
        if (!unpacked) {
            return failure(m_pending_offset, unpacked.error().message);
        }
        std::copy(unpacked->begin(), unpacked->end(), line.begin());
    } else {
        if (data.size() != ql_decoder_line_bytes) {
            return failure(m_pending_offset,
                           fmt::format("uncompressed raster line of {} bytes, not 90", data.size()));
        }
        std::copy(data.begin(), data.end(), line.begin());
    }
    if (data.size() == ql_decoder_line_bytes) {
        ++m_job.uncompressed_length_lines;
    }
    return {};
}

// Applies the command now pending whole to the job record.
Result<QlCommand> QlJobDecoder::complete() {
    const std::span<const std::uint8_t> bytes(m_pending.data(), m_pending_size);
    QlCommand command;
    command.offset = m_pending_offset;
    command.length = m_pending_size;
    const std::uint8_t first = bytes[0];

    if (m_black_awaiting_red && first != 0x77) {
        return failure(m_pending_offset, "w 01 (black) not followed by w 02 (red)");
    }
    if (first == 0x00) {
        command.kind = QlCommandKind::invalidate;
        if (m_job.commands == 0) {
            ++m_job.invalidate_bytes;
        }
        return command;
    }
    if (m_job.commands++ == 0) {
        m_job.first_command_offset = m_pending_offset;
    }

    switch (first) {
    case escape:
        if (bytes[1] == initialise) {
            command.kind = QlCommandKind::initialise;
            ++m_job.initialise_count;
            return command;
        }
        command.value = bytes.size() > 3 ? bytes[3] : std::uint8_t{0};
        switch (bytes[2]) {
        case 0x53:
            command.kind = QlCommandKind::status_request;
            break;
        case 0x61:
            command.kind = QlCommandKind::raster_mode;
            m_job.raster_mode = bytes[3];
            break;
        case 0x4D:
            command.kind = QlCommandKind::various_mode;
            m_job.various_mode = bytes[3];
            break;
        case 0x41:
            command.kind = QlCommandKind::cut_every;
            m_job.cut_every = bytes[3];
            break;
        case 0x4B:
            command.kind = QlCommandKind::expanded_mode;
            m_job.expanded_mode = bytes[3];
            break;
        case 0x64:
            command.kind = QlCommandKind::margin;
            m_job.margin_dots = static_cast<std::uint16_t>(bytes[3] | (bytes[4] << 8));
            break;
        default: { // 0x7A, the only other length expected_length() accepts
            command.kind = QlCommandKind::print_information;
            QlPrintInformation information;
            information.flags = bytes[3];
            information.media_type = bytes[4];
            information.width_mm = bytes[5];
            information.length_mm = bytes[6];
            information.line_count =
                static_cast<std::uint32_t>(bytes[7]) | static_cast<std::uint32_t>(bytes[8]) << 8 |
                static_cast<std::uint32_t>(bytes[9]) << 16 | static_cast<std::uint32_t>(bytes[10]) << 24;
            information.page_index = bytes[11];
            information.last_byte = bytes[12];
            m_job.print_information = information;
            break;
        }
        }
        return command;
    case 0x4D:
        command.kind = QlCommandKind::compression;
        command.value = bytes[1];
        m_job.compression = bytes[1];
        return command;
    case 0x67: {
        command.kind = QlCommandKind::raster_line;
        if (m_job.two_colour()) {
            return failure(m_pending_offset, "g line in a two-colour job");
        }
        QlDecodedLine line{};
        if (auto read = read_line(bytes.subspan(3), line); !read) {
            return std::unexpected(read.error());
        }
        m_job.black_lines.push_back(line);
        ++m_job.one_colour_lines;
        return command;
    }
    case 0x77: {
        command.kind = QlCommandKind::two_colour_line;
        command.value = bytes[1];
        if (m_job.one_colour_lines > 0 || m_job.blank_lines > 0) {
            return failure(m_pending_offset, "w line in a one-colour job");
        }
        const bool red = bytes[1] == red_layer;
        if (bytes[1] != black_layer && !red) {
            return failure(m_pending_offset,
                           fmt::format("w line for layer 0x{:02X} (01 black or 02 red)", bytes[1]));
        }
        if (red != m_black_awaiting_red.has_value()) {
            return failure(m_pending_offset, red ? "two-colour line that does not start with w 01 (black)"
                                                 : "w 01 (black) not followed by w 02 (red)");
        }
        QlDecodedLine line{};
        if (auto read = read_line(bytes.subspan(3), line); !read) {
            return std::unexpected(read.error());
        }
        if (!red) {
            m_black_awaiting_red = line;
            return command;
        }
        m_job.black_lines.push_back(*m_black_awaiting_red);
        m_job.red_lines.push_back(line);
        m_black_awaiting_red.reset();
        ++m_job.two_colour_lines;
        return command;
    }
    case 0x5A:
        command.kind = QlCommandKind::blank_line;
        if (m_job.two_colour()) {
            return failure(m_pending_offset, "Z line in a two-colour job");
        }
        m_job.black_lines.push_back(QlDecodedLine{});
        ++m_job.blank_lines;
        return command;
    case 0x0C:
        command.kind = QlCommandKind::print_page;
        command.value = first;
        m_job.page_ends.push_back(first);
        return command;
    default: // 0x1A, the last byte expected_length() accepts
        command.kind = QlCommandKind::print_last_page;
        command.value = first;
        m_job.page_ends.push_back(first);
        return command;
    }
}

QlDecodedJob QlJobDecoder::take_page() {
    QlDecodedJob page = m_job;
    m_job.black_lines.clear();
    m_job.red_lines.clear();
    m_job.page_ends.clear();
    m_job.one_colour_lines = 0;
    m_job.two_colour_lines = 0;
    m_job.blank_lines = 0;
    m_job.uncompressed_length_lines = 0;
    m_black_awaiting_red.reset();
    return page;
}

void QlJobDecoder::start_job() {
    m_job = QlDecodedJob{};
    m_black_awaiting_red.reset();
}

void QlJobDecoder::reset() {
    start_job();
    m_pending_size = 0;
    m_failed = false;
}

std::string QlJobDecoder::describe_incomplete() const {
    if (m_pending_size == 0) {
        return "no command is incomplete";
    }
    std::string what;
    switch (m_pending[0]) {
    case escape:
        what = m_pending_size >= 2 && m_pending[1] == escape_i ? "truncated ESC i command" : "truncated ESC";
        break;
    case 0x4D:
        what = "truncated M";
        break;
    case 0x67:
    case 0x77:
        what = m_pending_size < 3
                   ? std::string("truncated raster line")
                   : fmt::format("raster line of {} bytes runs past the end", std::size_t{m_pending[2]});
        break;
    default:
        what = "truncated command";
        break;
    }
    return fmt::format("{} at offset {}", what, m_pending_offset);
}

Result<QlDecodedJob> decode_ql_raster(std::span<const std::uint8_t> bytes) {
    QlJobDecoder decoder;
    bool ended = false;
    for (std::size_t position = 0; position < bytes.size(); ++position) {
        if (ended) {
            return failure(position, "bytes after control-Z");
        }
        auto pushed = decoder.push(bytes[position]);
        if (!pushed) {
            return std::unexpected(pushed.error());
        }
        if (!pushed->has_value()) {
            continue;
        }
        const QlCommand& command = **pushed;
        switch (command.kind) {
        case QlCommandKind::invalidate:
            if (decoder.job().commands > 0) {
                return failure(command.offset, "NULL inside the job");
            }
            break;
        case QlCommandKind::status_request:
            return failure(command.offset, "status request (ESC i S) inside a print job");
        case QlCommandKind::print_last_page:
            ended = true;
            break;
        default:
            break;
        }
    }
    if (decoder.mid_command()) {
        return fail(decoder.describe_incomplete());
    }
    if (decoder.awaiting_red_line()) {
        return failure(bytes.size(), "w 01 (black) not followed by w 02 (red)");
    }
    if (!ended) {
        return fail("the job does not end with control-Z (1A)");
    }
    return decoder.job();
}

} // namespace checkin::hardware
