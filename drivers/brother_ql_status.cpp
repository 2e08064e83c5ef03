#include "drivers/brother_ql_status.hpp"

#include "printing/brother_ql.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace checkin::drivers {
namespace {

constexpr std::uint8_t head_mark = 0x80;
constexpr std::uint8_t brother_code = 0x42; // 'B'
constexpr std::uint8_t country_code = 0x30;
constexpr std::uint8_t two_colour_text = 0x81;

struct ErrorBit {
    bool second_byte;
    std::uint8_t bit;
    Problem problem;
    std::string_view name;
};

// In the order a person should deal with them: no labels first, then what stops the mechanism.
constexpr ErrorBit error_bits[] = {
    {false, ql_error_1::no_media, Problem::no_media, "no media"},
    {false, ql_error_1::end_of_media, Problem::end_of_media, "end of media"},
    {true, ql_error_2::replace_media, Problem::end_of_media, "replace media"},
    {true, ql_error_2::cover_open, Problem::cover_open, "cover open"},
    {false, ql_error_1::cutter_jam, Problem::cutter_jam, "cutter jam"},
    {true, ql_error_2::feed_error, Problem::end_of_media, "media cannot be fed"},
    {false, ql_error_1::turned_off, Problem::printer_error, "turned off"},
    {false, ql_error_1::fan_error, Problem::printer_error, "fan error"},
    {false, ql_error_1::high_voltage_adapter, Problem::printer_error, "high-voltage adapter"},
    {true, ql_error_2::system_error, Problem::printer_error, "system error"},
    {true, ql_error_2::communication_error, Problem::io, "communication error"},
    {true, ql_error_2::expansion_buffer_full, Problem::printer_error, "expansion buffer full"},
    {true, ql_error_2::communication_buffer_full, Problem::printer_error, "communication buffer full"},
    {true, ql_error_2::cancel_key, Problem::printer_error, "cancelled on the printer"},
    {false, ql_error_1::printer_in_use, Problem::busy, "printer in use"},
};

std::string describe_media(QlLoadedMedia kind, unsigned width_mm, unsigned length_mm, bool two_colour) {
    switch (kind) {
    case QlLoadedMedia::none:
        return "no labels";
    case QlLoadedMedia::continuous:
        return fmt::format("{} mm {}continuous tape", width_mm, two_colour ? "black/red " : "");
    case QlLoadedMedia::die_cut:
        return fmt::format("{} × {} mm die-cut labels", width_mm, length_mm);
    case QlLoadedMedia::unknown:
        break;
    }
    return fmt::format("{} mm labels of an unknown type", width_mm);
}

} // namespace

QlLoadedMedia QlStatus::loaded_media() const {
    switch (media_type) {
    case 0x00:
        return QlLoadedMedia::none;
    case 0x0A:
    case 0x4A:
        return QlLoadedMedia::continuous;
    case 0x0B:
    case 0x4B:
        return QlLoadedMedia::die_cut;
    default:
        return QlLoadedMedia::unknown;
    }
}

std::optional<bool> QlStatus::two_colour_media() const {
    if (text_colour == two_colour_text) {
        return true;
    }
    if (text_colour == 0x01) {
        return false;
    }
    return std::nullopt;
}

std::vector<Problem> QlStatus::problems() const {
    std::vector<Problem> found;
    for (const ErrorBit& error : error_bits) {
        const std::uint8_t bits = error.second_byte ? error_2 : error_1;
        if ((bits & error.bit) != 0 && std::find(found.begin(), found.end(), error.problem) == found.end()) {
            found.push_back(error.problem);
        }
    }
    if (found.empty() && status_type == QlStatusType::error_occurred) {
        found.push_back(Problem::printer_error); // an error status whose bits name nothing we know
    }
    return found;
}

std::string QlStatus::describe_errors() const {
    std::string names;
    for (const ErrorBit& error : error_bits) {
        const std::uint8_t bits = error.second_byte ? error_2 : error_1;
        if ((bits & error.bit) != 0) {
            names += names.empty() ? "" : ", ";
            names += error.name;
        }
    }
    if (names.empty()) {
        names = "no error";
    }
    return fmt::format("{} (error bits {:02X} {:02X})", names, error_1, error_2);
}

std::string describe_loaded_media(const QlStatus& status) {
    return describe_media(status.loaded_media(), status.media_width_mm, status.media_length_mm,
                          status.two_colour_media().value_or(false));
}

LoadedMedia loaded_media_of(const QlStatus& status) {
    LoadedMedia loaded;
    switch (status.loaded_media()) {
    case QlLoadedMedia::none:
        loaded.kind = LoadedMediaKind::none;
        return loaded;
    case QlLoadedMedia::continuous:
        loaded.kind = LoadedMediaKind::continuous;
        break;
    case QlLoadedMedia::die_cut:
        loaded.kind = LoadedMediaKind::die_cut;
        loaded.length_mm = status.media_length_mm;
        break;
    case QlLoadedMedia::unknown:
        loaded.kind = LoadedMediaKind::unknown_type;
        break;
    }
    loaded.width_mm = status.media_width_mm;
    loaded.two_colour = status.two_colour_media().value_or(false);
    return loaded;
}

Result<QlStatus> parse_ql_status(std::span<const std::uint8_t> bytes) {
    if (bytes.size() != ql_status_bytes) {
        return fail(Problem::io,
                    fmt::format("a Brother QL status is 32 bytes, the printer sent {}", bytes.size()));
    }
    if (bytes[0] != head_mark || bytes[1] != ql_status_bytes || bytes[2] != brother_code) {
        return fail(Problem::io,
                    fmt::format("not a Brother QL status: it starts {:02X} {:02X} {:02X} instead "
                                "of 80 20 42",
                                bytes[0], bytes[1], bytes[2]));
    }
    QlStatus status;
    status.series_code = bytes[3];
    status.model_code = bytes[4];
    status.error_1 = bytes[8];
    status.error_2 = bytes[9];
    status.media_width_mm = bytes[10];
    status.media_type = bytes[11];
    status.media_length_mm = bytes[17];
    status.status_type = static_cast<QlStatusType>(bytes[18]);
    status.phase = bytes[19] == 0x01 ? QlPhase::printing : QlPhase::receiving;
    status.phase_number = static_cast<std::uint16_t>((bytes[20] << 8U) | bytes[21]);
    status.notification = bytes[22];
    status.label_colour = bytes[24];
    status.text_colour = bytes[25];
    return status;
}

std::array<std::uint8_t, ql_status_bytes> encode_ql_status(const QlStatus& status) {
    std::array<std::uint8_t, ql_status_bytes> bytes{};
    bytes[0] = head_mark;
    bytes[1] = ql_status_bytes;
    bytes[2] = brother_code;
    bytes[3] = status.series_code;
    bytes[4] = status.model_code;
    bytes[5] = country_code;
    bytes[8] = status.error_1;
    bytes[9] = status.error_2;
    bytes[10] = status.media_width_mm;
    bytes[11] = status.media_type;
    bytes[17] = status.media_length_mm;
    bytes[18] = static_cast<std::uint8_t>(status.status_type);
    bytes[19] = static_cast<std::uint8_t>(status.phase);
    bytes[20] = static_cast<std::uint8_t>(status.phase_number >> 8U);
    bytes[21] = static_cast<std::uint8_t>(status.phase_number & 0xFFU);
    bytes[22] = status.notification;
    bytes[24] = status.label_colour;
    bytes[25] = status.text_colour;
    return bytes;
}

std::vector<std::uint8_t> ql_status_request() {
    std::vector<std::uint8_t> bytes(printing::ql_invalidate_bytes, 0x00);
    for (const std::uint8_t byte : {std::uint8_t{0x1B}, std::uint8_t{0x40}, std::uint8_t{0x1B},
                                    std::uint8_t{0x69}, std::uint8_t{0x53}}) {
        bytes.push_back(byte);
    }
    return bytes;
}

Result<void> check_loaded_media(const QlStatus& status, std::string_view medium) {
    const auto wanted = printing::find_ql_media(medium);
    if (!wanted) {
        return fail(Problem::invalid_input, wanted.error().message);
    }
    const QlLoadedMedia loaded = status.loaded_media();
    if (loaded == QlLoadedMedia::none || (status.error_1 & ql_error_1::no_media) != 0) {
        return fail(Problem::no_media, "the printer reports no labels loaded");
    }
    const bool want_die_cut = wanted->kind == printing::QlMediaKind::die_cut;
    const bool matches = status.media_width_mm == wanted->width_mm &&
                         loaded == (want_die_cut ? QlLoadedMedia::die_cut : QlLoadedMedia::continuous) &&
                         (!want_die_cut || status.media_length_mm == wanted->length_mm) &&
                         status.two_colour_media().value_or(wanted->two_colour) == wanted->two_colour;
    if (!matches) {
        return fail(
            Problem::wrong_media,
            fmt::format("loaded: {}; the template needs {} ({})",
                        describe_media(loaded, status.media_width_mm, status.media_length_mm,
                                       status.two_colour_media().value_or(false)),
                        describe_media(want_die_cut ? QlLoadedMedia::die_cut : QlLoadedMedia::continuous,
                                       wanted->width_mm, wanted->length_mm, wanted->two_colour),
                        wanted->part_number));
    }
    return {};
}

} // namespace checkin::drivers
