#include "drivers/ipp_status.hpp"

#include <algorithm>
#include <array>
#include <fmt/format.h>

namespace checkin::drivers {
namespace {

// The reasons (RFC 8011 5.4.12, PWG 5100.9) a person at the printer can act on, and the problem each is.
struct ReasonProblem {
    std::string_view keyword;
    Problem problem;
};
constexpr std::array reason_problems{
    ReasonProblem{"media-empty", Problem::no_media},
    ReasonProblem{"media-needed", Problem::no_media},
    ReasonProblem{"input-tray-missing", Problem::no_media},
    ReasonProblem{"media-jam", Problem::printer_error},
    ReasonProblem{"door-open", Problem::cover_open},
    ReasonProblem{"cover-open", Problem::cover_open},
    ReasonProblem{"interlock-open", Problem::cover_open},
    ReasonProblem{"offline", Problem::disconnected},
    ReasonProblem{"shutdown", Problem::disconnected},
    ReasonProblem{"connecting-to-device", Problem::disconnected},
    ReasonProblem{"paused", Problem::paused},
    ReasonProblem{"moving-to-paused", Problem::paused},
    ReasonProblem{"marker-supply-empty", Problem::printer_error},
    ReasonProblem{"toner-empty", Problem::printer_error},
    ReasonProblem{"output-area-full", Problem::printer_error},
    ReasonProblem{"spool-area-full", Problem::busy},
};

// Reasons that stop no job whatever their suffix (supplies running low, CUPS's own notes).
constexpr std::array harmless_reasons{
    std::string_view{"media-low"},
    std::string_view{"toner-low"},
    std::string_view{"marker-supply-low"},
    std::string_view{"other"},
    std::string_view{"cups-waiting-for-job-completed"},
};

// The order the kiosk reports problems in when several are there: what blocks everything first.
constexpr std::array problem_priority{Problem::disconnected, Problem::cover_open,    Problem::no_media,
                                      Problem::paused,       Problem::printer_error, Problem::busy};

bool keyword_character(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
}

std::string_view severity_suffix(IppSeverity severity) {
    switch (severity) {
    case IppSeverity::report:
        return "-report";
    case IppSeverity::warning:
        return "-warning";
    case IppSeverity::error:
        return "-error";
    case IppSeverity::unstated:
        return "";
    }
    return "";
}

std::optional<Problem> problem_of(const IppStateReason& reason) {
    if (std::ranges::find(harmless_reasons, reason.keyword) != harmless_reasons.end()) {
        return std::nullopt;
    }
    // A physical fault stops the label whatever the suffix: ippeveprinter, CUPS's reference printer,
    // reports an empty roll as media-empty-report while idle and media-empty-warning while a job waits
    // for labels, and the job never ends until someone loads them.
    const auto known = std::ranges::find(reason_problems, reason.keyword, &ReasonProblem::keyword);
    if (known != reason_problems.end()) {
        return known->problem;
    }
    // An unknown reason stops printing only when the printer says it is an error: an unsuffixed note
    // ("cups-remote-pending") must not keep delegates from their badges.
    return reason.severity == IppSeverity::error ? std::optional<Problem>(Problem::printer_error)
                                                 : std::nullopt;
}

std::string state_name(IppPrinterState state) {
    switch (state) {
    case IppPrinterState::idle:
        return "idle";
    case IppPrinterState::processing:
        return "processing";
    case IppPrinterState::stopped:
        return "stopped";
    }
    return "unknown";
}

} // namespace

Result<std::vector<IppStateReason>> parse_ipp_state_reasons(const std::vector<std::string>& values) {
    if (values.size() > ipp_most_state_reasons) {
        return fail(Problem::io, fmt::format("the printer reported {} state reasons; at most {} are accepted",
                                             values.size(), ipp_most_state_reasons));
    }
    std::vector<IppStateReason> reasons;
    for (const std::string& value : values) {
        if (value.empty() || value.size() > ipp_longest_keyword) {
            return fail(Problem::io, fmt::format("the printer reported a state reason of {} bytes; a keyword "
                                                 "has 1 to {}",
                                                 value.size(), ipp_longest_keyword));
        }
        if (!std::ranges::all_of(value, keyword_character)) {
            return fail(Problem::io, fmt::format("the printer reported a state reason that is not a keyword: "
                                                 "'{}'",
                                                 clean_ipp_text(value, 64)));
        }
        IppStateReason reason{value, IppSeverity::unstated};
        for (const IppSeverity severity : {IppSeverity::report, IppSeverity::warning, IppSeverity::error}) {
            const std::string_view suffix = severity_suffix(severity);
            if (value.size() > suffix.size() && std::string_view(value).ends_with(suffix)) {
                reason.keyword = value.substr(0, value.size() - suffix.size());
                reason.severity = severity;
                break;
            }
        }
        // "none" says there is nothing to report, whatever suffix a printer puts on it.
        if (reason.keyword != "none") {
            reasons.push_back(std::move(reason));
        }
    }
    return reasons;
}

std::vector<Problem> ipp_problems(const std::vector<IppStateReason>& reasons) {
    std::vector<Problem> found;
    for (const IppStateReason& reason : reasons) {
        if (const auto problem = problem_of(reason)) {
            found.push_back(*problem);
        }
    }
    std::vector<Problem> ordered;
    for (const Problem problem : problem_priority) {
        if (std::ranges::find(found, problem) != found.end()) {
            ordered.push_back(problem);
        }
    }
    return ordered;
}

std::vector<Problem> IppPrinterStatus::problems() const {
    std::vector<Problem> found = ipp_problems(reasons);
    if (found.empty() && state == IppPrinterState::stopped) {
        found.push_back(Problem::paused);
    }
    if (found.empty() && !accepting_jobs) {
        found.push_back(Problem::busy);
    }
    return found;
}

std::string IppPrinterStatus::describe() const {
    std::string text = state_name(state);
    if (!reasons.empty()) {
        text += ":";
        for (std::size_t index = 0; index < reasons.size(); ++index) {
            text += index == 0 ? " " : ", ";
            text += reasons[index].keyword;
            text += severity_suffix(reasons[index].severity);
        }
    }
    if (!accepting_jobs) {
        text += ", not accepting jobs";
    }
    if (!message.empty()) {
        text += fmt::format(" ({})", message);
    }
    return text;
}

std::optional<IppPrinterState> ipp_printer_state(int value) {
    if (value < 3 || value > 5) {
        return std::nullopt;
    }
    return static_cast<IppPrinterState>(value);
}

std::optional<IppJobState> ipp_job_state(int value) {
    if (value < 3 || value > 9) {
        return std::nullopt;
    }
    return static_cast<IppJobState>(value);
}

std::string_view ipp_job_state_name(IppJobState state) {
    switch (state) {
    case IppJobState::pending:
        return "pending";
    case IppJobState::pending_held:
        return "pending-held";
    case IppJobState::processing:
        return "processing";
    case IppJobState::processing_stopped:
        return "processing-stopped";
    case IppJobState::canceled:
        return "canceled";
    case IppJobState::aborted:
        return "aborted";
    case IppJobState::completed:
        return "completed";
    }
    return "unknown";
}

std::string clean_ipp_text(std::string_view text, std::size_t longest) {
    std::string cleaned;
    for (const char c : text.substr(0, longest)) {
        cleaned += (c >= 0x20 && c < 0x7f) ? c : '?';
    }
    return cleaned;
}

} // namespace checkin::drivers
