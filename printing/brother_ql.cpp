#include "printing/brother_ql.hpp"

#include "base/text.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <fmt/format.h>
#include <string>

namespace checkin::printing {
namespace {

// Which commands each model accepts. The 2011 reference (QL-500…700) says: ESC i a only on QL-580N/
// 650TD/1050/1060N, auto cut "except QL-500", ESC i A only on QL-570/580N/700 (its command page also
// names the QL-560; leaving it out is safe, since the default is "cut every label" anyway), ESC i K only
// on QL-570/580N/650TD/700, and compression only on QL-580N/650TD/1050/1060N. The QL-710W/720NW and
// QL-800 references add ESC i a, ESC i A, ESC i K and Z for all their models, and M 02 for all but the
// QL-800 ("The QL-800 does not support the compression mode"), which also lacks Z.
constexpr std::array ql_models = {
    QlModel{.name = "ql-500",
            .product_id = 0x2015,
            .raster_mode_command = false,
            .compression = false,
            .two_colour = false,
            .cutter = false,
            .cut_every_command = false,
            .expanded_mode_command = false,
            .blank_line_command = false,
            .min_length_dots = 295,
            .max_length_dots = 11811},
    QlModel{.name = "ql-550",
            .product_id = 0x2016,
            .raster_mode_command = false,
            .compression = false,
            .two_colour = false,
            .cutter = true,
            .cut_every_command = false,
            .expanded_mode_command = false,
            .blank_line_command = false,
            .min_length_dots = 295,
            .max_length_dots = 11811},
    QlModel{.name = "ql-560",
            .product_id = 0x2027,
            .raster_mode_command = false,
            .compression = false,
            .two_colour = false,
            .cutter = true,
            .cut_every_command = false,
            .expanded_mode_command = false,
            .blank_line_command = false,
            .min_length_dots = 295,
            .max_length_dots = 11811},
    QlModel{.name = "ql-570",
            .product_id = 0x2028,
            .raster_mode_command = false,
            .compression = false,
            .two_colour = false,
            .cutter = true,
            .cut_every_command = true,
            .expanded_mode_command = true,
            .blank_line_command = false,
            .min_length_dots = 150,
            .max_length_dots = 11811},
    QlModel{.name = "ql-700",
            .product_id = 0x2042,
            .raster_mode_command = false,
            .compression = false,
            .two_colour = false,
            .cutter = true,
            .cut_every_command = true,
            .expanded_mode_command = true,
            .blank_line_command = false,
            .min_length_dots = 150,
            .max_length_dots = 11811},
    QlModel{.name = "ql-710w",
            .product_id = 0x2043,
            .raster_mode_command = true,
            .compression = true,
            .two_colour = false,
            .cutter = true,
            .cut_every_command = true,
            .expanded_mode_command = true,
            .blank_line_command = true,
            .min_length_dots = 150,
            .max_length_dots = 11811},
    QlModel{.name = "ql-720nw",
            .product_id = 0x2044,
            .raster_mode_command = true,
            .compression = true,
            .two_colour = false,
            .cutter = true,
            .cut_every_command = true,
            .expanded_mode_command = true,
            .blank_line_command = true,
            .min_length_dots = 150,
            .max_length_dots = 11811},
    QlModel{.name = "ql-800",
            .product_id = 0x209b,
            .raster_mode_command = true,
            .compression = false,
            .two_colour = true,
            .cutter = true,
            .cut_every_command = true,
            .expanded_mode_command = true,
            .blank_line_command = false,
            .min_length_dots = 150,
            .max_length_dots = 11811},
    QlModel{.name = "ql-810w",
            .product_id = 0x209c,
            .raster_mode_command = true,
            .compression = true,
            .two_colour = true,
            .cutter = true,
            .cut_every_command = true,
            .expanded_mode_command = true,
            .blank_line_command = true,
            .min_length_dots = 150,
            .max_length_dots = 11811},
    QlModel{.name = "ql-820nwb",
            .product_id = 0x209d,
            .raster_mode_command = true,
            .compression = true,
            .two_colour = true,
            .cutter = true,
            .cut_every_command = true,
            .expanded_mode_command = true,
            .blank_line_command = true,
            .min_length_dots = 150,
            .max_length_dots = 11811},
};

// Brother's print-area table for 720-pin heads (QL-800/810W/820NWB Raster Command Reference v1.01,
// 2.3.2 "Page size"; the same figures in the QL-710W/720NW reference): printable dots across, the pins
// left and right of the print area as the label is seen, printable dots along a die-cut label.
// Continuous 62 mm is 12 + 696 + 12: the 62 mm picture starts 12 pins in, not 24.
// Media the kiosk will not use (round 12 mm, 23×23, 29×42, 39×48, 52×29) are left out until needed.
constexpr QlMedia continuous(std::string_view name, std::string_view part, std::uint8_t width_mm,
                             std::size_t printable, std::size_t left, std::size_t right,
                             bool two_colour = false) {
    return {name, part, QlMediaKind::continuous, width_mm, 0, printable, left, right, 0, two_colour};
}
constexpr QlMedia die_cut(std::string_view name, std::string_view part, std::uint8_t width_mm,
                          std::uint8_t length_mm, std::size_t printable, std::size_t left, std::size_t right,
                          std::size_t printable_length) {
    return {name, part,  QlMediaKind::die_cut, width_mm, length_mm, printable,
            left, right, printable_length,     false};
}

constexpr std::array ql_media = {
    continuous("12", "DK-22214", 12, 106, 585, 29),
    continuous("29", "DK-22210", 29, 306, 408, 6),
    continuous("38", "DK-22225", 38, 413, 295, 12),
    continuous("50", "DK-22223", 50, 554, 154, 12),
    continuous("54", "DK-N55224", 54, 590, 130, 0),
    continuous("62", "DK-22205", 62, 696, 12, 12),
    continuous("62red", "DK-22251", 62, 696, 12, 12, true),
    die_cut("17x54", "DK-11204", 17, 54, 165, 555, 0, 566),
    die_cut("17x87", "DK-11203", 17, 87, 165, 555, 0, 956),
    die_cut("29x90", "DK-11201", 29, 90, 306, 408, 6, 991),
    die_cut("38x90", "DK-11208", 38, 90, 413, 295, 12, 991),
    die_cut("62x29", "DK-11209", 62, 29, 696, 12, 12, 271),
    die_cut("62x100", "DK-11202", 62, 100, 696, 12, 12, 1109),
    die_cut("d24", "DK-11218", 24, 24, 236, 442, 42, 236),
    die_cut("d58", "DK-11207", 58, 58, 618, 51, 51, 618),
};

constexpr bool pins_add_up() {
    return std::ranges::all_of(ql_media, [](const QlMedia& media) {
        return media.left_margin_pins + media.printable_width_dots + media.right_margin_pins == ql_head_pins;
    });
}
static_assert(pins_add_up(), "every medium's margins and print area must cover the 720-pin head");

// Protocol bytes. A job is: invalidate, ESC @, then per page ESC i a, ESC i z, ESC i M, ESC i A, ESC i K,
// ESC i d, M, the raster lines, and FF (more pages follow) or control-Z (last page).
constexpr std::uint8_t escape = 0x1B;
// 1B 40: ESC @, initialise
constexpr std::array<std::uint8_t, 2> initialise = {escape, 0x40};
// 1B 69 61 01: ESC i a 01, switch to raster mode
constexpr std::array<std::uint8_t, 4> raster_mode = {escape, 0x69, 0x61, 0x01};
// 1B 69 7A: ESC i z, print information (flags, type, width, length, lines LE32, page, 0)
constexpr std::array<std::uint8_t, 3> print_information = {escape, 0x69, 0x7A};
// 1B 69 4D: ESC i M, various mode (bit 6 auto cut)
constexpr std::array<std::uint8_t, 3> various_mode = {escape, 0x69, 0x4D};
// 1B 69 41: ESC i A, cut every n labels
constexpr std::array<std::uint8_t, 3> cut_every = {escape, 0x69, 0x41};
// 1B 69 4B: ESC i K, expanded mode (bit 0 two-colour, bit 3 cut at end)
constexpr std::array<std::uint8_t, 3> expanded_mode = {escape, 0x69, 0x4B};
// 1B 69 64: ESC i d, feed margin in dots (LE16)
constexpr std::array<std::uint8_t, 3> margin_amount = {escape, 0x69, 0x64};
// 4D 02: M 02, raster lines are TIFF PackBits
constexpr std::array<std::uint8_t, 2> packbits_compression = {0x4D, 0x02};
constexpr std::uint8_t raster_line = 0x67;      // 67 00 n: g, one raster line of n bytes
constexpr std::uint8_t two_colour_line = 0x77;  // 77 c n: w, one layer of a two-colour line
constexpr std::uint8_t two_colour_black = 0x01; // w 01: the high-energy (black) layer, sent first
constexpr std::uint8_t two_colour_red = 0x02;   // w 02: the low-energy (red) layer, sent second
constexpr std::uint8_t blank_line = 0x5A;       // 5A: Z, one all-white raster line
constexpr std::uint8_t print_last_page = 0x1A;  // 1A: control-Z, print and feed the last page

// ESC i z flags: which fields are valid, and how to print.
constexpr std::uint8_t valid_media_type = 0x02;
constexpr std::uint8_t valid_media_width = 0x04;
constexpr std::uint8_t valid_media_length = 0x08;
constexpr std::uint8_t priority_to_print_quality = 0x40;
constexpr std::uint8_t printer_recovery_always_on = 0x80; // the 2011 reference: "always ON"
constexpr std::uint8_t starting_page = 0x00;              // ESC i z n9: 0 first page, 1 the others

constexpr std::uint8_t auto_cut_flag = 0x40;   // ESC i M bit 6
constexpr std::uint8_t two_colour_flag = 0x01; // ESC i K bit 0 (QL-800 series)
constexpr std::uint8_t cut_at_end_flag = 0x08; // ESC i K bit 3

template <typename Item> std::string list_names(std::span<const Item> items) {
    std::string names;
    for (const Item& item : items) {
        if (!names.empty()) {
            names += ", ";
        }
        names += item.name;
    }
    return names;
}

void append(std::vector<std::uint8_t>& bytes, std::span<const std::uint8_t> more) {
    bytes.insert(bytes.end(), more.begin(), more.end());
}

void append_le16(std::vector<std::uint8_t>& bytes, std::uint16_t value) {
    bytes.push_back(static_cast<std::uint8_t>(value & 0xFF));
    bytes.push_back(static_cast<std::uint8_t>(value >> 8));
}

void append_le32(std::vector<std::uint8_t>& bytes, std::uint32_t value) {
    for (int shift = 0; shift < 32; shift += 8) {
        bytes.push_back(static_cast<std::uint8_t>((value >> shift) & 0xFF));
    }
}

std::string describe(const QlMedia& media) {
    return fmt::format("{} ({})", media.name, media.part_number);
}

Result<void> check_image(const BadgeImage& image, const QlModel& model, const QlMedia& media) {
    const Bitmap& black = image.black;
    if (image.red) {
        if (!model.two_colour) {
            return fail(fmt::format("the {} prints black only, but the badge has a red layer", model.name));
        }
        if (!media.two_colour) {
            return fail(fmt::format("{} is black-only tape, but the badge has a red layer", describe(media)));
        }
        if (image.red->width() != black.width() || image.red->height() != black.height()) {
            return fail(fmt::format("the red layer is {}x{} dots but the black layer is {}x{}",
                                    image.red->width(), image.red->height(), black.width(), black.height()));
        }
    }
    if (!ql_media_fits(model, media)) {
        return fail(fmt::format("{} is black/red tape for the two-colour QL-800 series; the {} cannot use it",
                                describe(media), model.name));
    }
    if (black.width() != media.printable_width_dots) {
        return fail(fmt::format("the badge is {} dots wide but {} prints {} dots across", black.width(),
                                describe(media), media.printable_width_dots));
    }
    if (media.kind == QlMediaKind::die_cut) {
        if (black.height() != media.printable_length_dots) {
            return fail(fmt::format("the badge is {} dots long but a {} label prints {} dots along",
                                    black.height(), describe(media), media.printable_length_dots));
        }
    } else if (black.height() < model.min_length_dots || black.height() > model.max_length_dots) {
        return fail(
            fmt::format("the badge is {} dots long but the {} prints continuous labels of {} to {} dots",
                        black.height(), model.name, model.min_length_dots, model.max_length_dots));
    }
    return {};
}

// One layer of one raster line, as the head sees it. The printed label is the mirror image of the byte
// order: bit 7 of byte 0 is the pin at the label's right edge. So picture column x, which sits
// `left_margin_pins + x` pins from the label's left edge, goes to bit index 719 - (left + x).
using HeadLine = std::array<std::uint8_t, ql_line_bytes>;

HeadLine head_line(const Bitmap& layer, std::size_t y, const QlMedia& media, const Bitmap* red_over) {
    HeadLine line{};
    for (std::size_t x = 0; x < layer.width(); ++x) {
        if (!layer.black(x, y) || (red_over != nullptr && red_over->black(x, y))) {
            continue;
        }
        const std::size_t bit = ql_head_pins - 1 - (media.left_margin_pins + x);
        line[bit / 8] = static_cast<std::uint8_t>(line[bit / 8] | (0x80U >> (bit % 8)));
    }
    return line;
}

void append_line_data(std::vector<std::uint8_t>& bytes, const HeadLine& line, bool compress) {
    if (compress) {
        const std::vector<std::uint8_t> packed = compress_ql_line(line);
        bytes.push_back(static_cast<std::uint8_t>(packed.size()));
        append(bytes, packed);
    } else {
        bytes.push_back(static_cast<std::uint8_t>(line.size()));
        append(bytes, line);
    }
}

bool all_white(const HeadLine& line) {
    return std::ranges::all_of(line, [](std::uint8_t byte) { return byte == 0; });
}

} // namespace

std::span<const QlModel> all_ql_models() {
    return ql_models;
}

std::span<const QlMedia> all_ql_media() {
    return ql_media;
}

Result<QlModel> find_ql_model(std::string_view name) {
    const std::string wanted = base::ascii_lower(name);
    for (const QlModel& model : ql_models) {
        if (model.name == wanted) {
            return model;
        }
    }
    return fail(fmt::format("unknown Brother QL model \"{}\" (known: {})", name,
                            list_names(std::span<const QlModel>(ql_models))));
}

Result<QlModel> find_ql_model_by_product_id(std::uint16_t product_id) {
    for (const QlModel& model : ql_models) {
        if (model.product_id == product_id) {
            return model;
        }
    }
    return fail(fmt::format("USB product {:04x}:{:04x} is not a Brother QL model we know", brother_vendor_id,
                            product_id));
}

Result<QlMedia> find_ql_media(std::string_view name) {
    const std::string wanted = base::ascii_lower(name);
    for (const QlMedia& media : ql_media) {
        if (media.name == wanted) {
            return media;
        }
    }
    return fail(fmt::format("unknown Brother QL medium \"{}\" (known: {})", name,
                            list_names(std::span<const QlMedia>(ql_media))));
}

bool ql_media_fits(const QlModel& model, const QlMedia& media) {
    return !media.two_colour || model.two_colour;
}

Result<std::vector<std::uint8_t>> encode_ql_raster(const BadgeImage& image, const QlModel& model,
                                                   const QlMedia& media, const QlJobOptions& options) {
    if (Result<void> checked = check_image(image, model, media); !checked) {
        return std::unexpected(checked.error());
    }
    const Bitmap& black = image.black;
    const bool red = image.red.has_value();
    const std::size_t lines = black.height();

    std::vector<std::uint8_t> bytes;
    bytes.reserve(ql_invalidate_bytes + 64 + lines * (red ? 2 : 1) * (ql_line_bytes + 4));

    // Job start: NULLs end whatever half-sent job the printer may still be waiting on, then ESC @.
    bytes.insert(bytes.end(), ql_invalidate_bytes, 0x00);
    append(bytes, initialise);

    // Page control codes.
    if (model.raster_mode_command) {
        append(bytes, raster_mode);
    }
    append(bytes, print_information);
    std::uint8_t flags = printer_recovery_always_on | valid_media_type | valid_media_width;
    if (media.kind == QlMediaKind::die_cut) {
        flags |= valid_media_length; // Brother's continuous-tape example leaves the length flag off
    }
    if (options.priority_to_quality) {
        flags |= priority_to_print_quality;
    }
    bytes.push_back(flags);
    bytes.push_back(media.media_type_byte());
    bytes.push_back(media.width_mm);
    bytes.push_back(media.length_mm);
    append_le32(bytes, static_cast<std::uint32_t>(lines));
    bytes.push_back(starting_page);
    bytes.push_back(0x00); // n10: fixed at 0

    if (model.cutter) {
        append(bytes, various_mode);
        bytes.push_back(options.auto_cut ? auto_cut_flag : std::uint8_t{0x00});
        if (options.auto_cut && model.cut_every_command) {
            append(bytes, cut_every);
            bytes.push_back(0x01);
        }
    }
    if (model.expanded_mode_command) {
        std::uint8_t expanded = 0x00;
        if (red) {
            expanded |= two_colour_flag;
        }
        if (options.cut_at_end) {
            expanded |= cut_at_end_flag;
        }
        append(bytes, expanded_mode);
        bytes.push_back(expanded);
    }
    append(bytes, margin_amount);
    append_le16(bytes,
                media.kind == QlMediaKind::die_cut ? std::uint16_t{0} : options.continuous_feed_margin_dots);
    if (model.compression) {
        append(bytes, packbits_compression);
    }

    // Raster lines, first line first (the top of the badge leaves the printer first).
    for (std::size_t y = 0; y < lines; ++y) {
        if (red) {
            // Both layers on every line: Brother documents Z for one-colour lines only.
            bytes.push_back(two_colour_line);
            bytes.push_back(two_colour_black);
            append_line_data(bytes, head_line(black, y, media, &*image.red), model.compression);
            bytes.push_back(two_colour_line);
            bytes.push_back(two_colour_red);
            append_line_data(bytes, head_line(*image.red, y, media, nullptr), model.compression);
            continue;
        }
        const HeadLine line = head_line(black, y, media, nullptr);
        if (model.blank_line_command && all_white(line)) {
            bytes.push_back(blank_line);
            continue;
        }
        bytes.push_back(raster_line);
        bytes.push_back(0x00);
        append_line_data(bytes, line, model.compression);
    }

    bytes.push_back(print_last_page);
    return bytes;
}

std::vector<std::uint8_t> pack_bits(std::span<const std::uint8_t> data) {
    constexpr std::size_t longest_group = 128;
    std::vector<std::uint8_t> packed;
    std::size_t position = 0;
    const auto run_length = [&](std::size_t start) {
        std::size_t length = 1;
        while (start + length < data.size() && length < longest_group &&
               data[start + length] == data[start]) {
            ++length;
        }
        return length;
    };
    while (position < data.size()) {
        const std::size_t run = run_length(position);
        if (run >= 2) {
            packed.push_back(static_cast<std::uint8_t>(257 - run)); // 1 - run as a signed byte
            packed.push_back(data[position]);
            position += run;
            continue;
        }
        // A literal group runs until the next repeat (or 128 bytes, or the end).
        std::size_t end = position + 1;
        while (end < data.size() && end - position < longest_group && run_length(end) < 2) {
            ++end;
        }
        packed.push_back(static_cast<std::uint8_t>(end - position - 1));
        packed.insert(packed.end(), data.begin() + static_cast<std::ptrdiff_t>(position),
                      data.begin() + static_cast<std::ptrdiff_t>(end));
        position = end;
    }
    return packed;
}

std::vector<std::uint8_t> compress_ql_line(std::span<const std::uint8_t> line) {
    std::vector<std::uint8_t> packed = pack_bits(line);
    if (packed.size() <= line.size() || line.empty()) {
        return packed;
    }
    std::vector<std::uint8_t> literal;
    literal.reserve(line.size() + 1);
    literal.push_back(static_cast<std::uint8_t>(line.size() - 1));
    literal.insert(literal.end(), line.begin(), line.end());
    return literal;
}

} // namespace checkin::printing
