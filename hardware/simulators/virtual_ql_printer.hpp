#pragma once

// The virtual Brother QL printer: a pure state machine fed with the bytes a host sends. It answers status
// requests, "prints" pages (decoded back to pictures by the independent QlJobDecoder), and reports the
// faults a person can set (no labels, cover open, wrong labels, the roll running out, a jammed cutter, a
// slow print, a dropped connection) with the status bytes a real QL sends. No sockets, no clock: the
// caller passes the time in, and a slow print's completion is held back until a later time is passed.
// QlSimulatorServer puts it behind TCP; tests drive it directly.
//
// What it sends back (drivers/brother_ql_status.hpp builds the 32 bytes):
//  - ESC i S: one status of type "reply" with the current conditions, at once;
//  - each printed page: "phase change" to printing when the page starts, then "printing completed" and
//    "phase change" to receiving when it is done (print delay later);
//  - a page that cannot print: one "error occurred" status with the error bits; nothing is printed, the
//    rest of the job is skipped (to its control-Z or the next ESC @) and the printer then takes jobs again;
//  - bytes that are not a QL job (an unknown command, a command the model does not take, a print command
//    with no raster lines): "error occurred" with the communication error bit; the printer then
//    ignores everything up to an invalidate (at least 100 NULLs, more than any run of NULLs inside valid
//    raster data, which holds 90-byte lines) followed by ESC @, which every job and status request of
//    ours starts with.
// Statuses and pages come out in the order a real printer would produce them: a job that arrives while a
// slow page is printing gets its statuses after that page's.

#include "drivers/brother_ql_status.hpp"
#include "hardware/simulators/ql_job_decoder.hpp"
#include "printing/bitmap.hpp"
#include "printing/brother_ql.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace checkin::hardware {

using SimulatorClock = std::chrono::steady_clock;
using SimulatorTime = SimulatorClock::time_point;

enum class Cover { closed, open };
enum class CutterJam { clear, jammed };
// Which commands a page may use: only those the model's reference lists (an encoder sending `M 02` to a
// QL-800 or `ESC i a` to a QL-700 gets a communication error), or every command the decoder knows (for
// other hosts' drivers that send harmless extras).
enum class CommandCheck { model, any };

// Bytes [3] and [4] of the model's status reply. Model codes: the vxel/brotherql Java driver
// (BrotherQLModel) and the brother_ql Rust crate (printer.rs, "Raster Model Code ... specified in the
// Raster Command Reference") agree on every model here; the QL-500/550's 0x4F is in the Java driver
// only. Series codes: 0x34 in a real QL-800's reply (80 20 42 34 38 30, pklaus/brother_ql#69) and in
// the QL-800 reference; 0x30 in a real QL-1050's (80 20 42 30 50 30, pklaus/brother_ql#28), a model of
// the 2011 reference, so 0x30 is assumed for the QL-5xx/700 and 0x34 for the QL-710W/720NW: those two
// are not confirmed by a reply we have seen.
struct QlStatusIdentity {
    std::uint8_t series_code;
    std::uint8_t model_code;
};
QlStatusIdentity ql_status_identity(const printing::QlModel& model);

// Everything a person (or a test) can set on the printer.
struct VirtualQlSettings {
    printing::QlModel model{};
    std::optional<printing::QlMedia> media{}; // the roll loaded; nullopt: none
    Cover cover = Cover::closed;
    std::optional<std::size_t> labels_remaining{}; // labels (or continuous lengths) left; nullopt: endless
    CutterJam cutter_jam = CutterJam::clear;
    std::chrono::milliseconds print_delay{0}; // from a page's start to its completion
    // The connection drops once this many bytes of the next print job have arrived, counted from the
    // first NULL of its invalidate (or its ESC @ or first command, if it has none); when the number is
    // smaller than the job's preamble, as soon as a page command shows that it is a job and not a status
    // request. One-shot: it disarms when it fires.
    std::optional<std::size_t> disconnect_after_bytes{};
    CommandCheck command_check = CommandCheck::model;
};

// Settings by the names people type: a model from printing's QL table ("ql-820nwb"), a medium from its
// media table ("62x100", "62", "62red") or "none". Fails with invalid_input for an unknown name.
drivers::Result<VirtualQlSettings> virtual_ql_settings(std::string_view model, std::string_view media);
drivers::Result<std::optional<printing::QlMedia>> parse_loaded_media(std::string_view name);

// One printed label.
struct PrintedPage {
    std::size_t page_number = 0; // 1, 2, … since construction or reset()
    std::size_t job_number = 0;  // the job it came in, counted the same way
    std::size_t page_in_job = 0; // 1 for a job's first page
    printing::QlModel model{};
    printing::QlMedia media{};    // the roll it was printed on
    printing::BadgeImage image{}; // the print area as the label is seen; red only if the job had w lines
    QlDecodedJob commands{};      // the page's commands and raster lines, as decoded
    SimulatorTime started_at{};
    SimulatorTime completed_at{};
};

// What the printer does in answer to some bytes or the passing of time.
struct VirtualQlOutput {
    std::vector<drivers::QlStatus> statuses; // to send to the host, in this order
    std::vector<PrintedPage> pages;          // labels that came out, in order
    std::size_t consumed = 0;                // bytes taken; fewer than fed only when `disconnect` is set
    bool disconnect = false;                 // the armed disconnect fired: close the connection now

    // The statuses as the 32-byte replies that go on the wire.
    std::vector<std::uint8_t> status_bytes() const;
};

struct VirtualQlCounters {
    std::size_t bytes_received = 0;
    std::size_t status_requests = 0;
    std::size_t jobs_started = 0;    // jobs whose first page command arrived
    std::size_t jobs_completed = 0;  // … whose last page was accepted for printing
    std::size_t jobs_failed = 0;     // … that ended in an error status
    std::size_t jobs_incomplete = 0; // … cut short by ESC @, a dropped connection or reset()
    std::size_t pages_printed = 0;   // completed labels
    std::size_t errors_reported = 0; // "error occurred" statuses sent

    friend bool operator==(const VirtualQlCounters&, const VirtualQlCounters&) = default;
};

enum class VirtualQlMode {
    idle,     // between jobs
    job,      // a job is coming in
    skip_job, // a page failed: the rest of its job is read and dropped
    resync,   // the bytes made no sense: waiting for invalidate + ESC @
};

class VirtualQlPrinter {
public:
    explicit VirtualQlPrinter(VirtualQlSettings settings);

    // The host side. feed() takes the bytes in order and returns the statuses and pages due by `now`
    // (earlier ones still held back included); advance() only lets time pass. `now` must not go back.
    VirtualQlOutput feed(std::span<const std::uint8_t> bytes, SimulatorTime now);
    VirtualQlOutput advance(SimulatorTime now);
    // When the next held-back status or page is due (a slow print's completion); nullopt when none is.
    std::optional<SimulatorTime> next_due() const;
    // The host hung up: a half-received job is dropped (counted incomplete); pages already accepted still
    // complete. The next connection starts between jobs.
    void connection_closed();
    // Back to the settings it was made with: faults cleared, the job, held-back pages and counters gone.
    void reset();

    // What ESC i S would answer now.
    drivers::QlStatus status() const;
    // The error bits of the present conditions (no media, cover, jam, empty roll), without a job's.
    std::pair<std::uint8_t, std::uint8_t> condition_bits() const;
    bool printing() const { return m_pages_in_progress > 0; }
    VirtualQlMode mode() const { return m_mode; }
    const VirtualQlCounters& counters() const { return m_counters; }
    const VirtualQlSettings& settings() const { return m_settings; }
    // Whether a page found the roll empty; the status then reports end of media until a roll is loaded.
    bool end_of_media_found() const { return m_end_of_media_found; }
    // Why the last error status was sent ("job 3 page 1 not printed: the job is for 62 mm continuous tape,
    // but the printer has 62 × 100 mm die-cut labels (DK-11202)"), for logs and the control port; empty
    // before the first.
    const std::string& last_error() const { return m_last_error; }

    // The settings; each takes effect for the next byte the host sends.
    // Loading a roll or setting the labels left clears an end of media the printer has found.
    void set_model(const printing::QlModel& model) { m_settings.model = model; }
    void load_media(std::optional<printing::QlMedia> media);
    void set_cover(Cover cover) { m_settings.cover = cover; }
    void set_labels_remaining(std::optional<std::size_t> labels);
    void set_cutter_jam(CutterJam jam) { m_settings.cutter_jam = jam; }
    void set_print_delay(std::chrono::milliseconds delay) { m_settings.print_delay = delay; }
    void set_disconnect_after(std::optional<std::size_t> bytes) { m_settings.disconnect_after_bytes = bytes; }
    void set_command_check(CommandCheck check) { m_settings.command_check = check; }

private:
    struct Scheduled {
        SimulatorTime due;
        std::optional<drivers::QlStatus> status;
        std::optional<PrintedPage> page;
        bool ends_print = false; // the page in progress is done (printed or failed) after this one
    };

    void take_byte(std::uint8_t byte, SimulatorTime now, VirtualQlOutput& output);
    void take_command(const QlCommand& command, SimulatorTime now, VirtualQlOutput& output);
    void resync_byte(std::uint8_t byte);
    void start_job(std::size_t stream_offset);
    void end_job();
    void print_page(bool last_page, SimulatorTime now);
    void fail(std::uint8_t error_1, std::uint8_t error_2, std::string why, VirtualQlMode next,
              SimulatorTime now);
    void fail_syntax(const std::string& why, SimulatorTime now);
    std::optional<std::string> unsupported(const QlCommand& command) const;
    std::optional<std::string> media_mismatch(const QlDecodedJob& page) const;
    drivers::QlStatus make_status(drivers::QlStatusType type, drivers::QlPhase phase, std::uint8_t error_1,
                                  std::uint8_t error_2) const;
    SimulatorTime next_start(SimulatorTime now) const;
    void release(SimulatorTime now, VirtualQlOutput& output);

    VirtualQlSettings m_initial;
    VirtualQlSettings m_settings;
    QlJobDecoder m_decoder;
    VirtualQlMode m_mode = VirtualQlMode::idle;
    VirtualQlCounters m_counters;
    std::string m_last_error;

    // Where the present job began, for the disconnect fault: the start of its preamble.
    std::optional<std::size_t> m_preamble_start;
    std::optional<std::size_t> m_nul_run_start;
    std::size_t m_job_start = 0;
    std::size_t m_job_number = 0;
    std::size_t m_page_in_job = 0;
    std::size_t m_next_page_number = 1;

    // Resynchronising after bytes that made no sense.
    std::size_t m_resync_nuls = 0;
    bool m_resync_escape = false;

    bool m_end_of_media_found = false;

    std::deque<Scheduled> m_scheduled;
    std::optional<SimulatorTime> m_busy_until; // when the last accepted page is done
    std::size_t m_pages_in_progress = 0;
};

} // namespace checkin::hardware
