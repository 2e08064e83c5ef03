#include "drivers/zebra_status.hpp"

#include <charconv>
#include <fmt/format.h>

namespace checkin::drivers {
namespace {

constexpr char start_of_text = '\x02';
constexpr char end_of_text = '\x03';

std::vector<std::string_view> split_fields(std::string_view line) {
    std::vector<std::string_view> fields;
    while (true) {
        const std::size_t comma = line.find(',');
        fields.push_back(line.substr(0, comma));
        if (comma == std::string_view::npos) {
            return fields;
        }
        line.remove_prefix(comma + 1);
    }
}

std::optional<unsigned long> number(std::string_view text) {
    unsigned long value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc{} || end != text.data() + text.size() || text.empty()) {
        return std::nullopt;
    }
    return value;
}

// The framed lines' contents, in order.
std::vector<std::string_view> framed_lines(std::string_view bytes) {
    std::vector<std::string_view> lines;
    std::size_t position = 0;
    while (lines.size() < 3) {
        const std::size_t start = bytes.find(start_of_text, position);
        if (start == std::string_view::npos) {
            break;
        }
        const std::size_t end = bytes.find(end_of_text, start + 1);
        if (end == std::string_view::npos) {
            break;
        }
        lines.push_back(bytes.substr(start + 1, end - start - 1));
        position = end + 1;
    }
    return lines;
}

} // namespace

std::vector<Problem> ZebraStatus::problems() const {
    std::vector<Problem> found;
    if (paper_out) {
        found.push_back(Problem::no_media);
    }
    if (head_open) {
        found.push_back(Problem::cover_open);
    }
    if (paused) {
        found.push_back(Problem::paused);
    }
    // Ribbon out only matters in thermal-transfer mode (badges are usually direct thermal); the printer
    // stops and says so on its display, so it is an error for staff, not "no labels".
    if (ribbon_out || corrupt_ram || under_temperature || over_temperature || buffer_full) {
        found.push_back(Problem::printer_error);
    }
    return found;
}

std::string ZebraStatus::describe() const {
    std::string flags;
    const auto add = [&flags](bool set, std::string_view name) {
        if (set) {
            flags += flags.empty() ? "" : ", ";
            flags += name;
        }
    };
    add(paper_out, "paper out");
    add(head_open, "head open");
    add(ribbon_out, "ribbon out");
    add(paused, "paused");
    add(buffer_full, "buffer full");
    add(corrupt_ram, "corrupt RAM");
    add(under_temperature, "under temperature");
    add(over_temperature, "over temperature");
    return fmt::format("{}; {} format(s) in the buffer, {} label(s) left in the batch",
                       flags.empty() ? "ready" : flags, formats_in_buffer, labels_remaining);
}

std::optional<std::size_t> complete_zebra_status_length(std::string_view bytes) {
    std::size_t position = 0;
    for (int line = 0; line < 3; ++line) {
        const std::size_t end = bytes.find(end_of_text, position);
        if (end == std::string_view::npos) {
            return std::nullopt;
        }
        position = end + 1;
        // Each line ends <CR><LF> after the ETX; take them with it when they are there.
        while (position < bytes.size() && (bytes[position] == '\r' || bytes[position] == '\n')) {
            ++position;
        }
    }
    return position;
}

Result<ZebraStatus> parse_zebra_status(std::string_view text) {
    const std::vector<std::string_view> lines = framed_lines(text);
    if (lines.size() < 2) {
        return fail(Problem::io,
                    fmt::format("not a Zebra ~HS answer: {} framed line(s) instead of 3", lines.size()));
    }
    const std::vector<std::string_view> first = split_fields(lines[0]);
    const std::vector<std::string_view> second = split_fields(lines[1]);
    if (first.size() < 12 || second.size() < 9) {
        return fail(Problem::io, fmt::format("not a Zebra ~HS answer: {} and {} fields instead of 12 and 11",
                                             first.size(), second.size()));
    }
    const auto flag = [](std::string_view field) {
        return field == "1";
    };
    ZebraStatus status;
    status.paper_out = flag(first[1]);
    status.paused = flag(first[2]);
    const auto length = number(first[3]);
    const auto formats = number(first[4]);
    const auto remaining = number(second[8]);
    if (!length || !formats || !remaining) {
        return fail(Problem::io, "not a Zebra ~HS answer: a count is not a number");
    }
    status.label_length_dots = static_cast<unsigned>(*length);
    status.formats_in_buffer = static_cast<unsigned>(*formats);
    status.buffer_full = flag(first[5]);
    status.partial_format = flag(first[7]);
    status.corrupt_ram = flag(first[9]);
    status.under_temperature = flag(first[10]);
    status.over_temperature = flag(first[11]);
    status.head_open = flag(second[2]);
    status.ribbon_out = flag(second[3]);
    status.label_waiting = flag(second[7]);
    status.labels_remaining = *remaining;
    return status;
}

} // namespace checkin::drivers
