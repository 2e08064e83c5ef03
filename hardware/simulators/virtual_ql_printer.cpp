#include "hardware/simulators/virtual_ql_printer.hpp"

#include "base/text.hpp"

#include <algorithm>
#include <cctype>
#include <fmt/format.h>
#include <utility>

namespace checkin::hardware {
namespace {

using drivers::QlPhase;
using drivers::QlStatus;
using drivers::QlStatusType;
namespace ql_error_1 = drivers::ql_error_1;
namespace ql_error_2 = drivers::ql_error_2;

// An invalidate long enough to resynchronise on: longer than any run of NULLs inside valid raster data
// (an uncompressed white line is 90 NULLs, and its neighbours start with `g`), shorter than the 200 our
// encoder and status request send and the 350 of rastertoptch.
constexpr std::size_t resync_invalidate_bytes = 100;
constexpr std::uint8_t escape = 0x1B;
constexpr std::uint8_t initialise = 0x40; // 1B 40: ESC @ (after ESC)

// ESC i z flags: which fields the host asks the printer to check.
constexpr std::uint8_t media_type_valid = 0x02;
constexpr std::uint8_t media_width_valid = 0x04;
constexpr std::uint8_t media_length_valid = 0x08;
constexpr std::uint8_t two_colour_flag = 0x01; // ESC i K bit 0
constexpr std::uint8_t packbits_mode = 0x02;   // M 02

// Status byte 25, text colour, as the QL-800 series reports it (0x81 seen on a real QL-800 with DK-22251
// in pklaus/brother_ql#69); the older models leave it 0.
constexpr std::uint8_t text_colour_black_red = 0x81;
constexpr std::uint8_t text_colour_black = 0x01;

struct NamedIdentity {
    std::string_view model;
    QlStatusIdentity identity;
};

// See QlStatusIdentity for the sources.
constexpr NamedIdentity status_identities[] = {
    {"ql-500", {0x30, 0x4F}},    {"ql-550", {0x30, 0x4F}}, {"ql-560", {0x30, 0x31}},
    {"ql-570", {0x30, 0x32}},    {"ql-700", {0x30, 0x35}}, {"ql-710w", {0x34, 0x36}},
    {"ql-720nw", {0x34, 0x37}},  {"ql-800", {0x34, 0x38}}, {"ql-810w", {0x34, 0x39}},
    {"ql-820nwb", {0x34, 0x41}},
};

// The older references' media type bytes; the QL-800 reference also lists 0x4A / 0x4B.
std::uint8_t normalised_media_type(std::uint8_t type) {
    switch (type) {
    case 0x4A:
        return 0x0A;
    case 0x4B:
        return 0x0B;
    default:
        return type;
    }
}

std::string describe_loaded(const printing::QlMedia& media) {
    if (media.kind == printing::QlMediaKind::die_cut) {
        return fmt::format("{} × {} mm die-cut labels ({})", media.width_mm, media.length_mm,
                           media.part_number);
    }
    return fmt::format("{} mm {}continuous tape ({})", media.width_mm, media.two_colour ? "black/red " : "",
                       media.part_number);
}

std::string describe_asked(const QlPrintInformation& information) {
    const bool type_valid = (information.flags & media_type_valid) != 0;
    const bool width_valid = (information.flags & media_width_valid) != 0;
    const std::uint8_t type = normalised_media_type(information.media_type);
    if (type_valid && type == 0x0B) {
        return width_valid
                   ? fmt::format("{} × {} mm die-cut labels", information.width_mm, information.length_mm)
                   : fmt::format("die-cut labels {} mm long", information.length_mm);
    }
    const std::string width = width_valid ? fmt::format("{} mm ", information.width_mm) : std::string();
    if (type_valid && type == 0x0A) {
        return fmt::format("{}continuous tape", width);
    }
    return fmt::format("{}media of type 0x{:02X}", width, information.media_type);
}

std::string describe_bits(std::uint8_t error_1, std::uint8_t error_2) {
    QlStatus status;
    status.error_1 = error_1;
    status.error_2 = error_2;
    return status.describe_errors();
}

} // namespace

QlStatusIdentity ql_status_identity(const printing::QlModel& model) {
    for (const NamedIdentity& known : status_identities) {
        if (known.model == model.name) {
            return known.identity;
        }
    }
    return {0x34, 0x00}; // a model added to printing's table without its status code
}

drivers::Result<std::optional<printing::QlMedia>> parse_loaded_media(std::string_view name) {
    if (base::ascii_lower(name) == "none") {
        return std::optional<printing::QlMedia>{};
    }
    auto media = printing::find_ql_media(name);
    if (!media) {
        return drivers::fail(drivers::Problem::invalid_input, media.error().message + ", or none");
    }
    return std::optional<printing::QlMedia>{*media};
}

drivers::Result<VirtualQlSettings> virtual_ql_settings(std::string_view model, std::string_view media) {
    auto found_model = printing::find_ql_model(model);
    if (!found_model) {
        return drivers::fail(drivers::Problem::invalid_input, found_model.error().message);
    }
    auto loaded = parse_loaded_media(media);
    if (!loaded) {
        return std::unexpected(loaded.error());
    }
    VirtualQlSettings settings{.model = *found_model, .media = *loaded};
    return settings;
}

std::vector<std::uint8_t> VirtualQlOutput::status_bytes() const {
    std::vector<std::uint8_t> bytes;
    bytes.reserve(statuses.size() * drivers::ql_status_bytes);
    for (const QlStatus& status : statuses) {
        const auto encoded = drivers::encode_ql_status(status);
        bytes.insert(bytes.end(), encoded.begin(), encoded.end());
    }
    return bytes;
}

VirtualQlPrinter::VirtualQlPrinter(VirtualQlSettings settings)
    : m_initial(std::move(settings)), m_settings(m_initial) {}

void VirtualQlPrinter::load_media(std::optional<printing::QlMedia> media) {
    m_settings.media = media;
    m_end_of_media_found = false;
}

void VirtualQlPrinter::set_labels_remaining(std::optional<std::size_t> labels) {
    m_settings.labels_remaining = labels;
    m_end_of_media_found = false;
}

std::pair<std::uint8_t, std::uint8_t> VirtualQlPrinter::condition_bits() const {
    std::uint8_t error_1 = 0;
    std::uint8_t error_2 = 0;
    if (!m_settings.media) {
        error_1 |= ql_error_1::no_media;
    } else if (m_end_of_media_found) {
        // Die-cut rolls report "end of media" (the 2011 reference: "die-cut size only"); continuous tape
        // reports "media cannot be fed", which the references say also covers a detected media end.
        if (m_settings.media->kind == printing::QlMediaKind::die_cut) {
            error_1 |= ql_error_1::end_of_media;
        } else {
            error_2 |= ql_error_2::feed_error;
        }
    }
    if (m_settings.cover == Cover::open) {
        error_2 |= ql_error_2::cover_open;
    }
    if (m_settings.cutter_jam == CutterJam::jammed) {
        error_1 |= ql_error_1::cutter_jam;
    }
    return {error_1, error_2};
}

QlStatus VirtualQlPrinter::make_status(QlStatusType type, QlPhase phase, std::uint8_t error_1,
                                       std::uint8_t error_2) const {
    const QlStatusIdentity identity = ql_status_identity(m_settings.model);
    QlStatus status;
    status.series_code = identity.series_code;
    status.model_code = identity.model_code;
    status.error_1 = error_1;
    status.error_2 = error_2;
    if (m_settings.media) {
        const printing::QlMedia& media = *m_settings.media;
        status.media_width_mm = media.width_mm;
        status.media_type = media.media_type_byte();
        status.media_length_mm = media.length_mm;
        if (m_settings.model.two_colour) {
            status.text_colour = media.two_colour ? text_colour_black_red : text_colour_black;
        }
    }
    status.status_type = type;
    status.phase = phase;
    return status;
}

QlStatus VirtualQlPrinter::status() const {
    const auto [error_1, error_2] = condition_bits();
    return make_status(QlStatusType::reply, printing() ? QlPhase::printing : QlPhase::receiving, error_1,
                       error_2);
}

std::optional<SimulatorTime> VirtualQlPrinter::next_due() const {
    if (m_scheduled.empty()) {
        return std::nullopt;
    }
    return m_scheduled.front().due;
}

SimulatorTime VirtualQlPrinter::next_start(SimulatorTime now) const {
    return m_busy_until && *m_busy_until > now ? *m_busy_until : now;
}

void VirtualQlPrinter::release(SimulatorTime now, VirtualQlOutput& output) {
    while (!m_scheduled.empty() && m_scheduled.front().due <= now) {
        Scheduled item = std::move(m_scheduled.front());
        m_scheduled.pop_front();
        if (item.status) {
            output.statuses.push_back(*item.status);
        }
        if (item.page) {
            output.pages.push_back(std::move(*item.page));
            ++m_counters.pages_printed;
        }
        if (item.ends_print && m_pages_in_progress > 0) {
            --m_pages_in_progress;
        }
    }
}

VirtualQlOutput VirtualQlPrinter::advance(SimulatorTime now) {
    VirtualQlOutput output;
    release(now, output);
    return output;
}

VirtualQlOutput VirtualQlPrinter::feed(std::span<const std::uint8_t> bytes, SimulatorTime now) {
    VirtualQlOutput output;
    release(now, output);
    for (const std::uint8_t byte : bytes) {
        take_byte(byte, now, output);
        ++output.consumed;
        if (output.disconnect) {
            break;
        }
    }
    release(now, output);
    return output;
}

void VirtualQlPrinter::take_byte(std::uint8_t byte, SimulatorTime now, VirtualQlOutput& output) {
    ++m_counters.bytes_received;
    if (m_mode == VirtualQlMode::resync) {
        resync_byte(byte);
        return;
    }
    auto pushed = m_decoder.push(byte);
    if (!pushed) {
        fail_syntax(pushed.error().message, now);
        release(now, output);
        return;
    }
    if (pushed->has_value()) {
        take_command(**pushed, now, output);
    }
    const std::optional<std::size_t> limit = m_settings.disconnect_after_bytes;
    if (m_mode == VirtualQlMode::job && limit && m_counters.bytes_received - m_job_start >= *limit) {
        output.disconnect = true;
        m_settings.disconnect_after_bytes.reset();
        connection_closed();
    }
}

void VirtualQlPrinter::resync_byte(std::uint8_t byte) {
    const std::size_t position = m_counters.bytes_received - 1;
    if (m_resync_escape) {
        m_resync_escape = false;
        if (byte == initialise) {
            // Invalidate + ESC @: in step again, between jobs; the NULLs were the next job's preamble.
            m_mode = VirtualQlMode::idle;
            m_decoder.reset();
            m_preamble_start = m_nul_run_start;
            m_nul_run_start.reset();
            m_resync_nuls = 0;
            return;
        }
        m_resync_nuls = 0;
    }
    if (byte == 0x00) {
        if (m_resync_nuls++ == 0) {
            m_nul_run_start = position;
        }
        return;
    }
    if (byte == escape && m_resync_nuls >= resync_invalidate_bytes) {
        m_resync_escape = true;
        return;
    }
    m_resync_nuls = 0;
}

void VirtualQlPrinter::take_command(const QlCommand& command, SimulatorTime now, VirtualQlOutput& output) {
    const std::size_t start = m_counters.bytes_received - command.length;
    const std::optional<std::size_t> nul_run = m_nul_run_start;
    if (command.kind != QlCommandKind::invalidate) {
        m_nul_run_start.reset();
    }
    switch (command.kind) {
    case QlCommandKind::invalidate:
        // A no-op, also inside a job: Brother's way to abandon a job is NULLs and then ESC @.
        if (!m_nul_run_start) {
            m_nul_run_start = start;
        }
        if (m_mode == VirtualQlMode::idle && !m_preamble_start) {
            m_preamble_start = start;
        }
        return;
    case QlCommandKind::initialise:
        if (m_mode == VirtualQlMode::job) {
            ++m_counters.jobs_incomplete; // the host gave up on the job half way
        }
        if (m_mode != VirtualQlMode::idle) {
            end_job();
            m_preamble_start = nul_run;
        }
        m_decoder.start_job();
        if (!m_preamble_start) {
            m_preamble_start = start;
        }
        return;
    case QlCommandKind::status_request:
        ++m_counters.status_requests;
        output.statuses.push_back(status());
        if (m_mode == VirtualQlMode::idle) {
            // That preamble belonged to a status request, not to a job.
            m_preamble_start.reset();
            m_decoder.start_job();
        }
        return;
    default:
        break;
    }

    if (m_mode == VirtualQlMode::skip_job) {
        if (command.kind == QlCommandKind::print_last_page) {
            end_job();
            m_decoder.start_job();
        } else if (command.kind == QlCommandKind::print_page) {
            m_decoder.take_page();
        }
        return;
    }
    if (m_mode == VirtualQlMode::idle) {
        start_job(start);
    }
    if (const std::optional<std::string> why = unsupported(command)) {
        fail_syntax(*why, now);
        release(now, output);
        return;
    }
    if (command.kind == QlCommandKind::print_page || command.kind == QlCommandKind::print_last_page) {
        print_page(command.kind == QlCommandKind::print_last_page, now);
        release(now, output);
    }
}

void VirtualQlPrinter::start_job(std::size_t stream_offset) {
    m_mode = VirtualQlMode::job;
    ++m_counters.jobs_started;
    m_job_number = m_counters.jobs_started;
    m_page_in_job = 0;
    m_job_start = m_preamble_start.value_or(stream_offset);
    m_preamble_start.reset();
}

void VirtualQlPrinter::end_job() {
    m_mode = VirtualQlMode::idle;
    m_preamble_start.reset();
    m_page_in_job = 0;
}

std::optional<std::string> VirtualQlPrinter::unsupported(const QlCommand& command) const {
    if (m_settings.command_check == CommandCheck::any) {
        return std::nullopt;
    }
    const printing::QlModel& model = m_settings.model;
    const auto refuse = [&](std::string_view what) {
        return fmt::format("the {} does not take {} (offset {})", model.name, what, command.offset);
    };
    switch (command.kind) {
    case QlCommandKind::raster_mode:
        if (!model.raster_mode_command) {
            return refuse("ESC i a (switch to raster mode)");
        }
        break;
    case QlCommandKind::cut_every:
        if (!model.cut_every_command) {
            return refuse("ESC i A (cut every n labels)");
        }
        break;
    case QlCommandKind::expanded_mode:
        if (!model.expanded_mode_command) {
            return refuse("ESC i K (expanded mode)");
        }
        if ((command.value & two_colour_flag) != 0 && !model.two_colour) {
            return refuse("two-colour printing (ESC i K bit 0)");
        }
        break;
    case QlCommandKind::compression:
        if (command.value == packbits_mode && !model.compression) {
            return refuse("compressed raster lines (M 02)");
        }
        break;
    case QlCommandKind::two_colour_line:
        if (!model.two_colour) {
            return refuse("two-colour raster lines (w)");
        }
        break;
    case QlCommandKind::blank_line:
        if (!model.blank_line_command) {
            return refuse("blank raster lines (Z)");
        }
        break;
    default:
        break;
    }
    return std::nullopt;
}

std::optional<std::string> VirtualQlPrinter::media_mismatch(const QlDecodedJob& page) const {
    if (!m_settings.media) {
        return std::nullopt; // "no media" says it already
    }
    const printing::QlMedia& loaded = *m_settings.media;
    if (page.print_information) {
        const QlPrintInformation& asked = *page.print_information;
        const bool type_differs = (asked.flags & media_type_valid) != 0 &&
                                  normalised_media_type(asked.media_type) != loaded.media_type_byte();
        const bool width_differs =
            (asked.flags & media_width_valid) != 0 && asked.width_mm != loaded.width_mm;
        const bool length_differs =
            (asked.flags & media_length_valid) != 0 && asked.length_mm != loaded.length_mm;
        if (type_differs || width_differs || length_differs) {
            return fmt::format("the job is for {}, but the printer has {}", describe_asked(asked),
                               describe_loaded(loaded));
        }
    }
    const bool red = page.two_colour() || (page.expanded_mode.value_or(0) & two_colour_flag) != 0;
    if (red && !loaded.two_colour) {
        return fmt::format("the job prints red, but the printer has black-only {}", describe_loaded(loaded));
    }
    return std::nullopt;
}

void VirtualQlPrinter::print_page(bool last_page, SimulatorTime now) {
    QlDecodedJob page = m_decoder.take_page();
    ++m_page_in_job;
    if (page.black_lines.empty()) {
        // FF or control-Z with nothing to print: what is left of a job whose start was lost.
        fail_syntax(fmt::format("a print command ({:02X}) without raster lines", last_page ? 0x1A : 0x0C),
                    now);
        return;
    }

    auto [error_1, error_2] = condition_bits();
    std::string why;
    if (m_settings.media && m_settings.labels_remaining == std::size_t{0}) {
        m_end_of_media_found = true;
        const auto [end_1, end_2] = condition_bits();
        error_1 |= end_1;
        error_2 |= end_2;
        why = "the roll is empty";
    }
    if (const std::optional<std::string> mismatch = media_mismatch(page)) {
        error_2 |= ql_error_2::replace_media;
        why = why.empty() ? *mismatch : why + "; " + *mismatch;
    }
    if (error_1 != 0 || error_2 != 0) {
        if (why.empty()) {
            why = describe_bits(error_1, error_2);
        }
        fail(error_1, error_2,
             fmt::format("job {} page {} not printed: {}", m_job_number, m_page_in_job, why),
             last_page ? VirtualQlMode::idle : VirtualQlMode::skip_job, now);
        if (last_page) {
            m_decoder.start_job();
        }
        return;
    }

    if (m_settings.labels_remaining) {
        --*m_settings.labels_remaining;
    }
    const printing::QlMedia& media = *m_settings.media;
    const SimulatorTime start = next_start(now);
    const SimulatorTime done = start + m_settings.print_delay;
    PrintedPage printed{
        .page_number = m_next_page_number++,
        .job_number = m_job_number,
        .page_in_job = m_page_in_job,
        .model = m_settings.model,
        .media = media,
        .image = {page.black(media.left_margin_pins, media.printable_width_dots),
                  page.red(media.left_margin_pins, media.printable_width_dots)},
        .commands = std::move(page),
        .started_at = start,
        .completed_at = done,
    };
    // Printing completed is sent while the printer is still in its printing phase; the phase change to
    // receiving follows (the order of the QL-800 reference's status sequence).
    m_scheduled.push_back(
        {start, make_status(QlStatusType::phase_change, QlPhase::printing, 0, 0), {}, false});
    m_scheduled.push_back({done, make_status(QlStatusType::printing_completed, QlPhase::printing, 0, 0),
                           std::move(printed), false});
    m_scheduled.push_back(
        {done, make_status(QlStatusType::phase_change, QlPhase::receiving, 0, 0), {}, true});
    ++m_pages_in_progress;
    m_busy_until = done;

    if (last_page) {
        ++m_counters.jobs_completed;
        end_job();
        m_decoder.start_job();
    }
}

void VirtualQlPrinter::fail(std::uint8_t error_1, std::uint8_t error_2, std::string why, VirtualQlMode next,
                            SimulatorTime now) {
    if (m_mode == VirtualQlMode::job) {
        ++m_counters.jobs_failed;
    }
    ++m_counters.errors_reported;
    m_last_error = std::move(why);
    m_scheduled.push_back({next_start(now),
                           make_status(QlStatusType::error_occurred, QlPhase::receiving, error_1, error_2),
                           {},
                           false});
    m_mode = next;
    if (next == VirtualQlMode::idle) {
        m_preamble_start.reset();
        m_page_in_job = 0;
    }
}

void VirtualQlPrinter::fail_syntax(const std::string& why, SimulatorTime now) {
    auto [error_1, error_2] = condition_bits();
    error_2 |= ql_error_2::communication_error;
    fail(error_1, error_2, fmt::format("communication error: {}", why), VirtualQlMode::resync, now);
    m_resync_nuls = 0;
    m_resync_escape = false;
    m_nul_run_start.reset();
}

void VirtualQlPrinter::connection_closed() {
    if (m_mode == VirtualQlMode::job) {
        ++m_counters.jobs_incomplete;
    }
    m_mode = VirtualQlMode::idle;
    m_decoder.reset();
    m_preamble_start.reset();
    m_nul_run_start.reset();
    m_resync_nuls = 0;
    m_resync_escape = false;
    m_page_in_job = 0;
}

void VirtualQlPrinter::reset() {
    m_settings = m_initial;
    m_decoder.reset();
    m_mode = VirtualQlMode::idle;
    m_counters = {};
    m_last_error.clear();
    m_preamble_start.reset();
    m_nul_run_start.reset();
    m_job_start = 0;
    m_job_number = 0;
    m_page_in_job = 0;
    m_next_page_number = 1;
    m_resync_nuls = 0;
    m_resync_escape = false;
    m_end_of_media_found = false;
    m_scheduled.clear();
    m_busy_until.reset();
    m_pages_in_progress = 0;
}

} // namespace checkin::hardware
