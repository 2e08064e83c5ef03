#include "drivers/brother_ql_printer.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace checkin::drivers {
namespace {

using Clock = std::chrono::steady_clock;

} // namespace

BrotherQlPrinter::BrotherQlPrinter(TransportOpener opener, std::string name, QlPrinterSettings settings)
    : m_connection(std::move(opener)), m_name(std::move(name)), m_settings(settings) {}

Result<QlStatus> BrotherQlPrinter::read_status(Transport& transport, std::chrono::milliseconds timeout) {
    const Clock::time_point deadline = Clock::now() + timeout;
    while (true) {
        while (m_pending.size() >= ql_status_bytes) {
            auto status = parse_ql_status(std::span(m_pending).first(ql_status_bytes));
            if (status) {
                m_pending.erase(m_pending.begin(), m_pending.begin() + ql_status_bytes);
                return status;
            }
            // Not a status where one should start (a byte lost on the way): resynchronise on the next
            // head mark rather than misread every status after it.
            const auto next = std::find(m_pending.begin() + 1, m_pending.end(), std::uint8_t{0x80});
            m_pending.erase(m_pending.begin(), next);
        }
        const std::chrono::milliseconds left = left_until(deadline);
        if (left.count() == 0) {
            return fail(Problem::timeout,
                        fmt::format("{} sent no status within {} ms", m_name, timeout.count()));
        }
        auto bytes = transport.read(64, left);
        if (!bytes) {
            return std::unexpected(bytes.error());
        }
        m_pending.insert(m_pending.end(), bytes->begin(), bytes->end());
    }
}

Result<QlStatus> BrotherQlPrinter::query_status() {
    auto transport = m_connection.get();
    if (!transport) {
        return std::unexpected(transport.error());
    }
    if (!(*transport)->can_read()) {
        return fail(Problem::unsupported, fmt::format("{} cannot report a status", (*transport)->describe()));
    }
    // Statuses the printer sent on its own before this question are old news.
    m_pending.clear();
    while (true) {
        auto stale = (*transport)->read(64, std::chrono::milliseconds{1});
        if (!stale || stale->empty()) {
            break;
        }
    }
    if (auto sent = (*transport)->write(ql_status_request(), m_settings.status_timeout); !sent) {
        if (connection_lost(sent.error())) {
            m_connection.drop();
        }
        return std::unexpected(sent.error());
    }
    const Clock::time_point deadline = Clock::now() + m_settings.status_timeout;
    while (true) {
        auto status = read_status(**transport, left_until(deadline));
        if (!status) {
            if (connection_lost(status.error())) {
                m_connection.drop();
            }
            return status;
        }
        if (status->status_type == QlStatusType::reply ||
            status->status_type == QlStatusType::error_occurred) {
            return status;
        }
    }
}

PrintAttempt BrotherQlPrinter::attempt(const PrintJob& job, Error& error) {
    auto connected = m_connection.get();
    if (!connected) {
        error = connected.error();
        return PrintAttempt::failed;
    }
    const bool confirms = (*connected)->can_read();
    if (confirms) {
        auto status = query_status();
        if (!status) {
            error = status.error();
            return PrintAttempt::failed;
        }
        if (const std::vector<Problem> problems = status->problems(); !problems.empty()) {
            error = Error{problems.front(), fmt::format("{} refused the job before it was sent: {}", m_name,
                                                        status->describe_errors())};
            return PrintAttempt::failed;
        }
        if (auto media = check_loaded_media(*status, job.medium); !media) {
            error = Error{media.error().problem, fmt::format("{}: {}", m_name, media.error().detail)};
            return PrintAttempt::failed;
        }
    }
    // The status query may have reconnected: take the transport afresh.
    auto transport = m_connection.get();
    if (!transport) {
        error = transport.error();
        return PrintAttempt::failed;
    }
    ++m_last_job_sends;
    if (auto sent = (*transport)->write(job.bytes, m_settings.write_timeout); !sent) {
        error = sent.error();
        m_connection.drop();
        // A job that never arrived whole is discarded by the printer: it may be sent again.
        return connection_lost(sent.error()) ? PrintAttempt::resend : PrintAttempt::failed;
    }
    if (!confirms) {
        return PrintAttempt::printed;
    }
    const Clock::time_point deadline = Clock::now() + m_settings.printed_timeout;
    while (true) {
        auto status = read_status(**transport, left_until(deadline));
        if (!status) {
            if (connection_lost(status.error())) {
                m_connection.drop();
            }
            error = Error{
                Problem::not_printed,
                fmt::format("{}: the whole job was sent but the printer did not confirm the label ({}); "
                            "it is not sent again",
                            m_name, status.error().detail)};
            return PrintAttempt::failed;
        }
        switch (status->status_type) {
        case QlStatusType::printing_completed:
            return PrintAttempt::printed;
        case QlStatusType::error_occurred: {
            const std::vector<Problem> problems = status->problems();
            error = Error{problems.empty() ? Problem::printer_error : problems.front(),
                          fmt::format("{} stopped during the job: {}", m_name, status->describe_errors())};
            return PrintAttempt::failed;
        }
        case QlStatusType::turned_off:
            m_connection.drop();
            error = Error{Problem::printer_error, fmt::format("{} was switched off during the job", m_name)};
            return PrintAttempt::failed;
        case QlStatusType::reply:
        case QlStatusType::notification:
        case QlStatusType::phase_change:
            break; // printing goes on (a cooling pause is a notification)
        }
    }
}

Result<void> BrotherQlPrinter::print(const PrintJob& job) {
    m_last_job_sends = 0;
    return print_with_one_resend(m_connection, m_name, m_settings.reconnect_timeout,
                                 m_settings.reconnect_interval,
                                 [this, &job](Error& error) { return attempt(job, error); });
}

Result<PrinterState> BrotherQlPrinter::state() {
    auto transport = m_connection.get();
    if (!transport) {
        return std::unexpected(transport.error());
    }
    if (!(*transport)->can_read()) {
        return silent_printer_state(**transport);
    }
    auto status = query_status();
    if (!status) {
        return std::unexpected(status.error());
    }
    PrinterState state;
    state.problems = status->problems();
    state.ready = state.problems.empty();
    state.media = describe_loaded_media(*status);
    state.loaded = loaded_media_of(*status);
    state.detail = fmt::format("{}: {}", m_name, status->describe_errors());
    return state;
}

} // namespace checkin::drivers
