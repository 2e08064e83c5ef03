#include "drivers/zebra_printer.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <thread>

namespace checkin::drivers {
namespace {

using Clock = std::chrono::steady_clock;

std::span<const std::uint8_t> as_bytes(std::string_view text) {
    return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

} // namespace

ZebraPrinter::ZebraPrinter(TransportOpener opener, std::string name, ZebraPrinterSettings settings)
    : m_connection(std::move(opener)), m_name(std::move(name)), m_settings(settings) {}

Result<ZebraStatus> ZebraPrinter::query_status() {
    auto transport = m_connection.get();
    if (!transport) {
        return std::unexpected(transport.error());
    }
    if (!(*transport)->can_read()) {
        return fail(Problem::unsupported, fmt::format("{} cannot report a status", (*transport)->describe()));
    }
    const auto lost = [this](const Error& error) {
        if (connection_lost(error)) {
            m_connection.drop();
        }
        return std::unexpected(error);
    };
    if (auto sent = (*transport)->write(as_bytes(zebra_status_request), m_settings.status_timeout); !sent) {
        return lost(sent.error());
    }
    const Clock::time_point deadline = Clock::now() + m_settings.status_timeout;
    std::string received;
    while (true) {
        if (const auto length = complete_zebra_status_length(received)) {
            return parse_zebra_status(std::string_view(received).substr(0, *length));
        }
        const std::chrono::milliseconds left = left_until(deadline);
        if (left.count() == 0) {
            return fail(Problem::timeout, fmt::format("{} did not answer ~HS within {} ms", m_name,
                                                      m_settings.status_timeout.count()));
        }
        auto bytes = (*transport)->read(256, left);
        if (!bytes) {
            return lost(bytes.error());
        }
        received.append(bytes->begin(), bytes->end());
    }
}

PrintAttempt ZebraPrinter::attempt(const PrintJob& job, Error& error) {
    auto transport = m_connection.get();
    if (!transport) {
        error = transport.error();
        return PrintAttempt::failed;
    }
    const bool confirms = (*transport)->can_read();
    if (confirms) {
        auto status = query_status();
        if (!status) {
            error = status.error();
            return PrintAttempt::failed;
        }
        if (const std::vector<Problem> problems = status->problems(); !problems.empty()) {
            error = Error{problems.front(), fmt::format("{} refused the job before it was sent: {}", m_name,
                                                        status->describe())};
            return PrintAttempt::failed;
        }
        transport = m_connection.get();
        if (!transport) {
            error = transport.error();
            return PrintAttempt::failed;
        }
    }
    ++m_last_job_sends;
    if (auto sent = (*transport)->write(job.bytes, m_settings.write_timeout); !sent) {
        error = sent.error();
        m_connection.drop();
        return connection_lost(sent.error()) ? PrintAttempt::resend : PrintAttempt::failed;
    }
    if (!confirms) {
        return PrintAttempt::printed;
    }
    const Clock::time_point deadline = Clock::now() + m_settings.printed_timeout;
    while (true) {
        auto status = query_status();
        if (!status) {
            error =
                Error{Problem::not_printed,
                      fmt::format("{}: the whole job was sent but the printer could not be asked whether it "
                                  "printed ({}); it is not sent again",
                                  m_name, status.error().detail)};
            return PrintAttempt::failed;
        }
        if (const std::vector<Problem> problems = status->problems(); !problems.empty()) {
            error = Error{problems.front(),
                          fmt::format("{} stopped during the job: {}", m_name, status->describe())};
            return PrintAttempt::failed;
        }
        if (status->idle()) {
            return PrintAttempt::printed;
        }
        if (left_until(deadline).count() == 0) {
            error = Error{Problem::not_printed,
                          fmt::format("{} still had work after {} ms: {}", m_name,
                                      m_settings.printed_timeout.count(), status->describe())};
            return PrintAttempt::failed;
        }
        std::this_thread::sleep_for(std::min(m_settings.poll_interval, left_until(deadline)));
    }
}

Result<void> ZebraPrinter::print(const PrintJob& job) {
    m_last_job_sends = 0;
    return print_with_one_resend(m_connection, m_name, m_settings.reconnect_timeout,
                                 m_settings.reconnect_interval,
                                 [this, &job](Error& error) { return attempt(job, error); });
}

Result<PrinterState> ZebraPrinter::state() {
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
    state.media = fmt::format("labels {} dots long", status->label_length_dots);
    state.loaded =
        LoadedMedia{.kind = LoadedMediaKind::length_dots, .length_dots = status->label_length_dots};
    state.detail = fmt::format("{}: {}", m_name, status->describe());
    return state;
}

} // namespace checkin::drivers
