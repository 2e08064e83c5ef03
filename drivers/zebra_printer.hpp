#pragma once

// A Zebra printer session (ZPL II) over USB (printer class) or TCP 9100:
//   1. `~HS` host status: refuse with the reason on paper out, head open, paused or an error;
//   2. send the label format;
//   3. poll `~HS` until the printer has taken the format and has nothing left to print, failing when paper
//      runs out or the head opens meanwhile.
// ZPL has no "label printed" message; "nothing left in the buffer or the batch, after the format was
// received" is the closest the host status offers, and that is what print() reports as printed.
// Unplug handling is the Brother session's: a job cut off while being sent is sent once more when the
// printer returns; a job sent whole is never re-sent.

#include "drivers/connection.hpp"
#include "drivers/printer.hpp"
#include "drivers/zebra_status.hpp"

#include <chrono>

namespace checkin::drivers {

struct ZebraPrinterSettings {
    std::chrono::milliseconds status_timeout{3000};
    std::chrono::milliseconds write_timeout{30000};
    std::chrono::milliseconds printed_timeout{30000};
    std::chrono::milliseconds poll_interval{200};
    std::chrono::milliseconds reconnect_timeout{20000};
    std::chrono::milliseconds reconnect_interval{250};
};

class ZebraPrinter final : public Printer {
public:
    ZebraPrinter(TransportOpener opener, std::string name, ZebraPrinterSettings settings = {});

    Result<void> print(const PrintJob& job) override;
    Result<PrinterState> state() override;
    std::string describe() const override { return m_name; }

    Result<ZebraStatus> query_status();
    unsigned last_job_sends() const { return m_last_job_sends; }

private:
    PrintAttempt attempt(const PrintJob& job, Error& error);

    Connection m_connection;
    std::string m_name;
    ZebraPrinterSettings m_settings;
    unsigned m_last_job_sends = 0;
};

} // namespace checkin::drivers
