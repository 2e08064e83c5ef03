#pragma once

// What an IPP printer says of itself (RFC 8011 section 5.4.11–5.4.13: printer-state, printer-state-reasons,
// printer-state-message) and of a job (section 5.3.7: job-state), turned into the problems the QL and
// Zebra sessions report, so the kiosk's screens are the same for every printer. Pure: the values come in
// as text and numbers already taken out of the IPP reply; nothing here touches the network.
//
// A reason is a keyword with an optional severity suffix: "media-empty-error", "media-low-warning",
// "toner-low-report". The faults a person can fix (media-empty, door-open, media-jam, offline, …) stop the
// badge whatever their suffix: printers lower it when no job is waiting (ippeveprinter, CUPS's reference
// printer, says media-empty-report while idle and media-empty-warning while a job waits for labels). Any
// other reason stops it only as an "-error".

#include "drivers/error.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace checkin::drivers {

// printer-state (RFC 8011 5.4.11): 3 idle, 4 processing, 5 stopped.
enum class IppPrinterState { idle = 3, processing = 4, stopped = 5 };
// job-state (RFC 8011 5.3.7): 3 pending, 4 pending-held, 5 processing, 6 processing-stopped, 7 canceled,
// 8 aborted, 9 completed.
enum class IppJobState {
    pending = 3,
    pending_held = 4,
    processing = 5,
    processing_stopped = 6,
    canceled = 7,
    aborted = 8,
    completed = 9,
};

// The suffix: -report, -warning, -error, or none (unstated), which counts as an error for the reasons known
// to stop a printer and as a note for any other.
enum class IppSeverity { report, warning, error, unstated };

struct IppStateReason {
    std::string keyword; // without its suffix: "media-empty"
    IppSeverity severity = IppSeverity::unstated;
    friend bool operator==(const IppStateReason&, const IppStateReason&) = default;
};

// Limits on what a printer may send (a reply is input from outside): RFC 8011 keywords are at most 255
// octets; no real printer reports more than a handful of reasons at once.
inline constexpr std::size_t ipp_most_state_reasons = 64;
inline constexpr std::size_t ipp_longest_keyword = 255;

// The reasons as the printer listed them; "none" is dropped. Fails with io naming the value when a
// reason is empty, too long or not a keyword (a-z, 0-9, '-', '_', '.'), or when there are too many.
Result<std::vector<IppStateReason>> parse_ipp_state_reasons(const std::vector<std::string>& values);

// The problems the reasons name, most important first, each once; reasons that stop no job (media-low,
// toner-low, an unknown note) give none. An unknown reason of error severity is printer_error.
std::vector<Problem> ipp_problems(const std::vector<IppStateReason>& reasons);

struct IppPrinterStatus {
    IppPrinterState state = IppPrinterState::idle;
    std::vector<IppStateReason> reasons;
    bool accepting_jobs = true;
    std::string message; // printer-state-message, cleaned for logs (printable ASCII, at most 200 bytes)

    // Problems a person can act on, most important first; empty when a job sent now would print. A stopped
    // printer that names no reason is paused (someone stopped it); one refusing jobs is busy.
    std::vector<Problem> problems() const;
    // "stopped: media-empty-error, door-open (Load labels.)", for staff and the log.
    std::string describe() const;
};

// printer-state or job-state from the number in the reply; nullopt for a value RFC 8011 does not define.
std::optional<IppPrinterState> ipp_printer_state(int value);
std::optional<IppJobState> ipp_job_state(int value);
std::string_view ipp_job_state_name(IppJobState state);

// A text from the printer made safe for a log line: printable ASCII only (others become '?'), at most
// `longest` bytes.
std::string clean_ipp_text(std::string_view text, std::size_t longest = 200);

} // namespace checkin::drivers
