#include "drivers/ipp_printer.hpp"

#include "drivers/connection.hpp"

#include <algorithm>
#include <array>
#include <cups/cups.h>
#include <cups/http.h>
#include <cups/ipp.h>
#include <fmt/format.h>
#include <string_view>
#include <thread>

namespace checkin::drivers {

namespace {

using Clock = std::chrono::steady_clock;

struct IppMessageDeleter {
    void operator()(ipp_t* message) const { ippDelete(message); }
};
// An IPP request or reply, freed once.
using IppMessage = std::unique_ptr<ipp_t, IppMessageDeleter>;

struct HttpCloser {
    void operator()(http_t* http) const { httpClose(http); }
};

constexpr std::string_view pdf_type = "application/pdf";
constexpr std::string_view pwg_raster_type = "image/pwg-raster";
// What the printer is asked for: its state, and what it takes.
constexpr std::array<const char*, 10> printer_attributes{"media-size-supported",
                                                         "color-supported",
                                                         "printer-state",
                                                         "printer-state-reasons",
                                                         "printer-state-message",
                                                         "printer-is-accepting-jobs",
                                                         "document-format-supported",
                                                         "pwg-raster-document-resolution-supported",
                                                         "pwg-raster-document-type-supported",
                                                         "media-ready"};
constexpr std::array<const char*, 3> job_attributes{"job-state", "job-state-reasons", "job-state-message"};

std::string last_error_text() {
    return clean_ipp_text(cupsLastErrorString() != nullptr ? cupsLastErrorString() : "no reply");
}

// The problem an IPP status other than success is, for a person: a wrong path is not_found, a refused
// job busy, a lost connection disconnected.
Problem problem_of_status(ipp_status_t status) {
    switch (status) {
    case IPP_STATUS_ERROR_NOT_FOUND:
        return Problem::not_found;
    case IPP_STATUS_ERROR_NOT_AUTHORIZED:
    case IPP_STATUS_ERROR_FORBIDDEN:
    case IPP_STATUS_ERROR_NOT_AUTHENTICATED:
        return Problem::access_denied;
    case IPP_STATUS_ERROR_DOCUMENT_FORMAT_NOT_SUPPORTED:
        return Problem::unsupported;
    case IPP_STATUS_ERROR_NOT_ACCEPTING_JOBS:
    case IPP_STATUS_ERROR_BUSY:
    case IPP_STATUS_ERROR_SERVICE_UNAVAILABLE:
        return Problem::busy;
    default:
        return status == IPP_STATUS_ERROR_INTERNAL ? Problem::disconnected : Problem::io;
    }
}

bool succeeded(ipp_status_t status) {
    return status <= IPP_STATUS_OK_CONFLICTING;
}

// The values of a keyword or text attribute, at most ipp_most_values of them.
std::vector<std::string> strings_of(ipp_attribute_t* attribute) {
    std::vector<std::string> values;
    if (attribute == nullptr) {
        return values;
    }
    const int count = std::min(ippGetCount(attribute), static_cast<int>(ipp_most_values));
    for (int index = 0; index < count; ++index) {
        const char* value = ippGetString(attribute, index, nullptr);
        values.emplace_back(value != nullptr ? value : "");
    }
    return values;
}

// Too many values is a refusal, not a truncation, for the reasons: a fault must not hide behind 64 notes.
std::vector<std::string> reasons_of(ipp_t* reply, bool& too_many) {
    ipp_attribute_t* attribute = ippFindAttribute(reply, "printer-state-reasons", IPP_TAG_KEYWORD);
    too_many = attribute != nullptr && ippGetCount(attribute) > static_cast<int>(ipp_most_values);
    return strings_of(attribute);
}

int hundredths(double millimetres) {
    return static_cast<int>(millimetres * 100.0 + 0.5);
}

// One dimension of a media-size collection: a number, or a range (custom sizes); false when absent.
bool dimension_of(ipp_t* size, const char* name, int& lowest, int& highest) {
    ipp_attribute_t* attribute = ippFindAttribute(size, name, IPP_TAG_ZERO);
    if (attribute == nullptr) {
        return false;
    }
    if (ippGetValueTag(attribute) == IPP_TAG_INTEGER) {
        lowest = highest = ippGetInteger(attribute, 0);
        return true;
    }
    if (ippGetValueTag(attribute) == IPP_TAG_RANGE) {
        lowest = ippGetRange(attribute, 0, &highest);
        return true;
    }
    return false;
}

std::string joined(const std::vector<std::string>& values) {
    std::string text;
    for (const std::string& value : values) {
        text += text.empty() ? "" : ",";
        text += clean_ipp_text(value, 64);
    }
    return text;
}

} // namespace

struct IppConnection {
    std::unique_ptr<http_t, HttpCloser> http;
};

IppPrinter::IppPrinter(const IppAddress& address, IppPrinterSettings settings)
    : m_host(address.host), m_port(address.port), m_resource(address.path), m_encrypted(address.encrypted),
      m_name(format_device_address(address)), m_settings(settings) {
    const std::string host =
        address.host.find(':') != std::string::npos ? fmt::format("[{}]", address.host) : address.host;
    m_printer_uri =
        fmt::format("{}://{}:{}{}", address.encrypted ? "ipps" : "ipp", host, address.port, address.path);
}

IppPrinter::IppPrinter(const CupsQueueAddress& address, IppPrinterSettings settings)
    : m_host(cupsServer()), m_port(ippPort()), m_resource(fmt::format("/printers/{}", address.queue)),
      m_encrypted(false), m_name(format_device_address(address)), m_settings(settings) {
    // The CUPS server names its queues by this URI whatever the socket it is reached through.
    m_printer_uri = fmt::format("ipp://localhost/printers/{}", address.queue);
}

IppPrinter::~IppPrinter() = default;

Result<IppConnection*> IppPrinter::connection() {
    if (m_connection) {
        return m_connection.get();
    }
    http_t* http = httpConnect2(m_host.c_str(), m_port, nullptr, AF_UNSPEC,
                                m_encrypted ? HTTP_ENCRYPTION_ALWAYS : HTTP_ENCRYPTION_IF_REQUESTED, 1,
                                static_cast<int>(m_settings.connect_timeout.count()), nullptr);
    if (http == nullptr) {
        return fail(Problem::not_found, fmt::format("{}: cannot connect to {} port {}: {}", m_name, m_host,
                                                    m_port, last_error_text()));
    }
    auto made = std::make_unique<IppConnection>();
    made->http.reset(http);
    // Without a callback libcups gives up when a read or write waits longer than this.
    httpSetTimeout(http, static_cast<double>(m_settings.request_timeout.count()) / 1000.0, nullptr, nullptr);
    m_connection = std::move(made);
    return m_connection.get();
}

namespace {

IppMessage new_request(ipp_op_t operation, const std::string& printer_uri) {
    IppMessage request(ippNewRequest(operation));
    ippAddString(request.get(), IPP_TAG_OPERATION, IPP_TAG_URI, "printer-uri", nullptr, printer_uri.c_str());
    ippAddString(request.get(), IPP_TAG_OPERATION, IPP_TAG_NAME, "requesting-user-name", nullptr, cupsUser());
    return request;
}

} // namespace

Result<IppPrinterStatus> IppPrinter::query_status() {
    auto asked = ask_printer();
    if (!asked) {
        return std::unexpected(asked.error());
    }
    return std::move(asked->status);
}

Result<IppCapabilities> IppPrinter::capabilities() {
    auto asked = ask_printer();
    if (!asked) {
        return std::unexpected(asked.error());
    }
    return std::move(asked->capabilities);
}

Result<IppPrinter::PrinterAnswer> IppPrinter::ask_printer() {
    auto link = connection();
    if (!link) {
        return std::unexpected(link.error());
    }
    IppMessage request = new_request(IPP_OP_GET_PRINTER_ATTRIBUTES, m_printer_uri);
    ippAddStrings(request.get(), IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes",
                  static_cast<int>(printer_attributes.size()), nullptr, printer_attributes.data());
    // cupsDoRequest frees the request itself.
    IppMessage reply(cupsDoRequest((*link)->http.get(), request.release(), m_resource.c_str()));
    const ipp_status_t status = cupsLastError();
    if (!reply || !succeeded(status)) {
        const Problem problem = reply ? problem_of_status(status) : Problem::disconnected;
        if (problem == Problem::disconnected) {
            m_connection.reset();
        }
        return fail(problem, fmt::format("{}: Get-Printer-Attributes failed: {}", m_name, last_error_text()));
    }
    PrinterAnswer answer;
    IppPrinterStatus& printer = answer.status;
    ipp_attribute_t* state = ippFindAttribute(reply.get(), "printer-state", IPP_TAG_ENUM);
    const auto known_state = state != nullptr ? ipp_printer_state(ippGetInteger(state, 0)) : std::nullopt;
    if (!known_state) {
        return fail(Problem::io, fmt::format("{} reported no valid printer-state", m_name));
    }
    printer.state = *known_state;
    bool too_many = false;
    const std::vector<std::string> values = reasons_of(reply.get(), too_many);
    if (too_many) {
        return fail(Problem::io,
                    fmt::format("{} reported more than {} state reasons", m_name, ipp_most_values));
    }
    auto reasons = parse_ipp_state_reasons(values);
    if (!reasons) {
        return fail(Problem::io, fmt::format("{}: {}", m_name, reasons.error().detail));
    }
    printer.reasons = std::move(*reasons);
    if (ipp_attribute_t* accepting =
            ippFindAttribute(reply.get(), "printer-is-accepting-jobs", IPP_TAG_BOOLEAN)) {
        printer.accepting_jobs = ippGetBoolean(accepting, 0) != 0;
    }
    if (ipp_attribute_t* message = ippFindAttribute(reply.get(), "printer-state-message", IPP_TAG_TEXT)) {
        const char* text = ippGetString(message, 0, nullptr);
        printer.message = clean_ipp_text(text != nullptr ? text : "");
    }

    IppCapabilities& capabilities = answer.capabilities;
    bool raster = false;
    for (const std::string& format :
         strings_of(ippFindAttribute(reply.get(), "document-format-supported", IPP_TAG_MIMETYPE))) {
        capabilities.pdf = capabilities.pdf || format == pdf_type;
        raster = raster || format == pwg_raster_type;
    }
    const std::vector<std::string> types =
        strings_of(ippFindAttribute(reply.get(), "pwg-raster-document-type-supported", IPP_TAG_KEYWORD));
    capabilities.pwg_raster_grey = raster && std::ranges::find(types, "sgray_8") != types.end();
    capabilities.pwg_raster_colour = raster && std::ranges::find(types, "srgb_8") != types.end();
    if (ipp_attribute_t* colour = ippFindAttribute(reply.get(), "color-supported", IPP_TAG_BOOLEAN)) {
        capabilities.colour = ippGetBoolean(colour, 0) != 0;
    }
    if (ipp_attribute_t* resolutions =
            ippFindAttribute(reply.get(), "pwg-raster-document-resolution-supported", IPP_TAG_RESOLUTION)) {
        const int count = std::min(ippGetCount(resolutions), static_cast<int>(ipp_most_values));
        for (int index = 0; index < count; ++index) {
            int down = 0;
            ipp_res_t units = IPP_RES_PER_INCH;
            const int across = ippGetResolution(resolutions, index, &down, &units);
            if (units == IPP_RES_PER_INCH && across == down && across > 0) {
                capabilities.pwg_raster_resolutions.push_back(static_cast<unsigned>(across));
            }
        }
    }
    if (ipp_attribute_t* sizes =
            ippFindAttribute(reply.get(), "media-size-supported", IPP_TAG_BEGIN_COLLECTION)) {
        const int count = std::min(ippGetCount(sizes), static_cast<int>(ipp_most_values));
        for (int index = 0; index < count; ++index) {
            ipp_t* size = ippGetCollection(sizes, index);
            IppCapabilities::MediaSize range;
            if (size != nullptr && dimension_of(size, "x-dimension", range.min_width, range.max_width) &&
                dimension_of(size, "y-dimension", range.min_length, range.max_length)) {
                capabilities.media_sizes.push_back(range);
            }
        }
    }
    capabilities.media_ready = strings_of(ippFindAttribute(reply.get(), "media-ready", IPP_TAG_ZERO));
    for (std::string& medium : capabilities.media_ready) {
        medium = clean_ipp_text(medium, 64);
    }
    return answer;
}

std::optional<IppCapabilities::Dimensions> IppCapabilities::media_size_for(int width, int length) const {
    constexpr int slack = 100; // 1 mm
    for (const MediaSize& size : media_sizes) {
        if (width >= size.min_width - slack && width <= size.max_width + slack &&
            length >= size.min_length - slack && length <= size.max_length + slack) {
            // A fixed size is its own; a range (custom sizes) takes ours, brought within it.
            return Dimensions{std::clamp(width, size.min_width, size.max_width),
                              std::clamp(length, size.min_length, size.max_length)};
        }
    }
    return std::nullopt;
}

std::optional<DocumentFormat> choose_document_format(const IppCapabilities& taken, unsigned dpi,
                                                     bool two_colour) {
    const bool at_resolution =
        std::ranges::find(taken.pwg_raster_resolutions, dpi) != taken.pwg_raster_resolutions.end();
    if (two_colour && taken.colour) {
        if (taken.pwg_raster_colour && at_resolution) {
            return DocumentFormat::pwg_raster_colour;
        }
        if (taken.pdf) {
            return DocumentFormat::pdf;
        }
    }
    if (taken.pwg_raster_grey && at_resolution) {
        return DocumentFormat::pwg_raster;
    }
    if (taken.pdf) {
        return DocumentFormat::pdf;
    }
    return std::nullopt;
}

Result<void> IppPrinter::print_once(const JobRequest& job, const std::vector<std::uint8_t>& document,
                                    Sent& sent) {
    sent = Sent::cut_off;
    auto link = connection();
    if (!link) {
        return std::unexpected(link.error());
    }
    http_t* http = (*link)->http.get();
    IppMessage request = new_request(IPP_OP_PRINT_JOB, m_printer_uri);
    // The job's name shows on the printer's panel and web page: never the delegate's name.
    ippAddString(request.get(), IPP_TAG_OPERATION, IPP_TAG_NAME, "job-name", nullptr, "badge");
    ippAddString(request.get(), IPP_TAG_OPERATION, IPP_TAG_MIMETYPE, "document-format", nullptr,
                 job.format == DocumentFormat::pdf ? pdf_type.data() : pwg_raster_type.data());
    if (job.colour) {
        // A colour printer's default may be monochrome (print-color-mode-default): ask for colour.
        ippAddString(request.get(), IPP_TAG_JOB, IPP_TAG_KEYWORD, "print-color-mode", nullptr, "color");
    }
    if (job.media_size) {
        // The template's size, in hundredths of a millimetre, named only when the printer lists it: many
        // printers refuse a job naming a size they do not know, and the document's page carries the size
        // anyway.
        IppMessage size(ippNew());
        ippAddInteger(size.get(), IPP_TAG_ZERO, IPP_TAG_INTEGER, "x-dimension", job.media_size->width);
        ippAddInteger(size.get(), IPP_TAG_ZERO, IPP_TAG_INTEGER, "y-dimension", job.media_size->length);
        IppMessage media(ippNew());
        ippAddCollection(media.get(), IPP_TAG_ZERO, "media-size", size.get());
        ippAddCollection(request.get(), IPP_TAG_JOB, "media-col", media.get());
    }
    ++m_last_job_sends;
    // The length is the whole body: the IPP request's own bytes and the document after them.
    http_status_t status =
        cupsSendRequest(http, request.get(), m_resource.c_str(), ippLength(request.get()) + document.size());
    if (status == HTTP_STATUS_CONTINUE) {
        status = cupsWriteRequestData(http, reinterpret_cast<const char*>(document.data()), document.size());
    }
    if (status != HTTP_STATUS_CONTINUE) {
        m_connection.reset();
        return fail(Problem::disconnected,
                    fmt::format("{}: the job was cut off while being sent: {}", m_name, last_error_text()));
    }
    sent = Sent::unanswered;
    IppMessage reply(cupsGetResponse(http, m_resource.c_str()));
    if (!reply) {
        m_connection.reset();
        return fail(Problem::not_printed,
                    fmt::format("{}: the whole job was sent but no reply came ({}); it is not sent again",
                                m_name, last_error_text()));
    }
    sent = Sent::whole;
    const ipp_status_t result = ippGetStatusCode(reply.get());
    if (!succeeded(result)) {
        return fail(problem_of_status(result), fmt::format("{} refused the job: {} ({})", m_name,
                                                           ippErrorString(result), last_error_text()));
    }
    ipp_attribute_t* id = ippFindAttribute(reply.get(), "job-id", IPP_TAG_INTEGER);
    if (id == nullptr || ippGetInteger(id, 0) <= 0) {
        return fail(
            Problem::not_printed,
            fmt::format("{} took the job but named no job-id; whether it printed is unknown", m_name));
    }
    m_last_job_id = ippGetInteger(id, 0);
    return follow_job(*m_last_job_id);
}

void IppPrinter::cancel_job(int job_id) {
    auto link = connection();
    if (!link) {
        return;
    }
    IppMessage request = new_request(IPP_OP_CANCEL_JOB, m_printer_uri);
    ippAddInteger(request.get(), IPP_TAG_OPERATION, IPP_TAG_INTEGER, "job-id", job_id);
    IppMessage reply(cupsDoRequest((*link)->http.get(), request.release(), m_resource.c_str()));
    if (!reply) {
        m_connection.reset();
    }
}

Result<void> IppPrinter::follow_job(int job_id) {
    const Clock::time_point deadline = Clock::now() + m_settings.printed_timeout;
    // Since when the printer has reported a fault; max() while it reports none (not std::optional: g++ 12
    // at -O3 warns falsely that its value may be uninitialised).
    Clock::time_point fault_since = Clock::time_point::max();
    while (true) {
        // A poll that fails (the printer closed an idle connection, a lost packet) is tried again on a new
        // connection until the deadline: giving up at once would report a badge that may yet print.
        std::string unanswered;
        IppMessage reply;
        if (auto link = connection(); !link) {
            unanswered = link.error().detail;
        } else {
            IppMessage request = new_request(IPP_OP_GET_JOB_ATTRIBUTES, m_printer_uri);
            ippAddInteger(request.get(), IPP_TAG_OPERATION, IPP_TAG_INTEGER, "job-id", job_id);
            ippAddStrings(request.get(), IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes",
                          static_cast<int>(job_attributes.size()), nullptr, job_attributes.data());
            reply.reset(cupsDoRequest((*link)->http.get(), request.release(), m_resource.c_str()));
            if (!reply || !succeeded(cupsLastError())) {
                unanswered = last_error_text();
                reply.reset();
                m_connection.reset();
            }
        }
        if (!reply) {
            if (left_until(deadline).count() == 0) {
                return fail(
                    Problem::not_printed,
                    fmt::format("{}: job {} was sent but whether it printed could not be learnt within "
                                "{} ms ({}); it is not sent again",
                                m_name, job_id, m_settings.printed_timeout.count(), unanswered));
            }
            std::this_thread::sleep_for(std::min(m_settings.poll_interval, left_until(deadline)));
            continue;
        }
        ipp_attribute_t* state_attribute = ippFindAttribute(reply.get(), "job-state", IPP_TAG_ENUM);
        const auto state =
            state_attribute != nullptr ? ipp_job_state(ippGetInteger(state_attribute, 0)) : std::nullopt;
        if (!state) {
            return fail(Problem::not_printed,
                        fmt::format("{} reported no valid job-state for job {}", m_name, job_id));
        }
        const std::string job_reasons =
            joined(strings_of(ippFindAttribute(reply.get(), "job-state-reasons", IPP_TAG_KEYWORD)));
        if (*state == IppJobState::completed) {
            return {};
        }
        if (*state == IppJobState::canceled || *state == IppJobState::aborted) {
            // The printer's own state says why, when it knows (the roll ran out, the door opened).
            auto printer = query_status();
            Problem problem = Problem::not_printed;
            std::string printer_detail;
            if (printer) {
                printer_detail = printer->describe();
                if (const auto problems = printer->problems(); !problems.empty()) {
                    problem = problems.front();
                }
            }
            return fail(problem, fmt::format("{}: job {} was {} ({}){}{}; it did not print", m_name, job_id,
                                             ipp_job_state_name(*state), job_reasons,
                                             printer_detail.empty() ? "" : ", printer ", printer_detail));
        }
        // A job held back by a fault would come out once someone fixes it, after the kiosk has sent the
        // delegate to reception: cancel it, so the badge is printed once, at the desk. A job still
        // processing gets fault_grace first: the roll may run out just after the last label came out, and
        // the job then completes a moment later.
        auto printer = query_status();
        const std::vector<Problem> problems = printer ? printer->problems() : std::vector<Problem>{};
        if (problems.empty()) {
            fault_since = Clock::time_point::max();
        } else {
            const Clock::time_point now = Clock::now();
            fault_since = std::min(fault_since, now);
            if (*state != IppJobState::processing || now - fault_since >= m_settings.fault_grace) {
                cancel_job(job_id);
                return fail(problems.front(),
                            fmt::format("{}: job {} is {} ({}) and the printer is {}; the job was cancelled",
                                        m_name, job_id, ipp_job_state_name(*state), job_reasons,
                                        printer->describe()));
            }
        }
        if (left_until(deadline).count() == 0) {
            cancel_job(job_id);
            return fail(Problem::not_printed,
                        fmt::format("{}: job {} was still {} after {} ms; it was cancelled", m_name, job_id,
                                    ipp_job_state_name(*state), m_settings.printed_timeout.count()));
        }
        std::this_thread::sleep_for(std::min(m_settings.poll_interval, left_until(deadline)));
    }
}

Result<void> IppPrinter::print(const PrintJob& job) {
    m_last_job_sends = 0;
    m_last_job_id.reset();
    if (!job.document) {
        return fail(
            Problem::unsupported,
            fmt::format("{} prints PDF or PWG raster, and this job has only printer-language bytes", m_name));
    }
    auto asked = ask_printer();
    if (!asked) {
        return std::unexpected(asked.error());
    }
    if (const auto problems = asked->status.problems(); !problems.empty()) {
        return fail(problems.front(), fmt::format("{} refused the job before it was sent: {}", m_name,
                                                  asked->status.describe()));
    }
    const IppCapabilities* taken = &asked->capabilities;
    const std::optional<DocumentFormat> chosen = choose_document_format(*taken, job.dpi, job.two_colour);
    if (!chosen) {
        return fail(Problem::unsupported,
                    fmt::format("{} takes neither PDF nor PWG raster at {} dpi", m_name, job.dpi));
    }
    JobRequest request;
    request.format = *chosen;
    request.colour = request.format == DocumentFormat::pwg_raster_colour ||
                     (request.format == DocumentFormat::pdf && job.two_colour && taken->colour);
    auto document = job.document(request.format);
    if (!document) {
        return std::unexpected(document.error());
    }
    Sent sent = Sent::whole;
    if (job.width_mm > 0 && job.height_mm > 0) {
        request.media_size = taken->media_size_for(hundredths(job.width_mm), hundredths(job.height_mm));
    }
    auto printed = print_once(request, *document, sent);
    if (printed || sent != Sent::cut_off) {
        return printed;
    }
    // Cut off on its way: the printer dropped the incomplete request. Wait for it, then send once more.
    const Clock::time_point deadline = Clock::now() + m_settings.reconnect_timeout;
    while (!connection()) {
        if (left_until(deadline).count() == 0) {
            return printed;
        }
        std::this_thread::sleep_for(std::min(m_settings.reconnect_interval, left_until(deadline)));
    }
    return print_once(request, *document, sent);
}

Result<PrinterState> IppPrinter::state() {
    auto asked = ask_printer();
    if (!asked) {
        return std::unexpected(asked.error());
    }
    PrinterState state;
    state.problems = asked->status.problems();
    state.ready = state.problems.empty();
    state.media = joined(asked->capabilities.media_ready);
    state.detail = fmt::format("{}: {}", m_name, asked->status.describe());
    return state;
}

} // namespace checkin::drivers
