#pragma once

// A Brother QL printer session over any transport (USB, TCP, file):
//   1. ask for the status (ESC i S) and refuse with the reason when there are no labels, the wrong labels
//      for the template, the cover is open or any other error is reported;
//   2. send the job;
//   3. wait for the "printing completed" status, failing on an error that arrives mid-job (end of media,
//      cutter jam, cover opened).
// When the printer disappears while the job is still being sent (unplugged), the session waits for it to
// come back and sends the job once more — only then, and only once. When the whole job had already been
// sent, it is never re-sent: the printer may have printed it, and a second badge is worse than asking staff
// to look (Problem::not_printed says so).

#include "drivers/brother_ql_status.hpp"
#include "drivers/connection.hpp"
#include "drivers/printer.hpp"

#include <chrono>

namespace checkin::drivers {

struct QlPrinterSettings {
    std::chrono::milliseconds status_timeout{3000};     // for the answer to ESC i S
    std::chrono::milliseconds write_timeout{30000};     // for the whole job to be taken
    std::chrono::milliseconds printed_timeout{30000};   // from the last byte sent to "printing completed"
    std::chrono::milliseconds reconnect_timeout{20000}; // how long to wait for an unplugged printer
    std::chrono::milliseconds reconnect_interval{250};
};

class BrotherQlPrinter final : public Printer {
public:
    BrotherQlPrinter(TransportOpener opener, std::string name, QlPrinterSettings settings = {});

    Result<void> print(const PrintJob& job) override;
    Result<PrinterState> state() override;
    std::string describe() const override { return m_name; }

    // The printer's status right now (opens the connection if needed). Fails with unsupported for a
    // transport that cannot read (a file).
    Result<QlStatus> query_status();

    // How many times the job bytes were written in the last print() (0, 1 or 2): for tests and logs.
    unsigned last_job_sends() const { return m_last_job_sends; }

private:
    PrintAttempt attempt(const PrintJob& job, Error& error);
    Result<QlStatus> read_status(Transport& transport, std::chrono::milliseconds timeout);

    Connection m_connection;
    std::string m_name;
    QlPrinterSettings m_settings;
    std::vector<std::uint8_t> m_pending; // bytes read that do not yet make a whole status
    unsigned m_last_job_sends = 0;
};

} // namespace checkin::drivers
