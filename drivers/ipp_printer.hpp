#pragma once

// A printer reached over IPP through libcups: an IPP Everywhere printer on the network (ipp://HOST/PATH,
// driverless) or a queue of the local CUPS server (cups://QUEUE, whatever driver the queue has, e.g.
// Debian's printer-driver-dymo). The same four steps for both:
//   1. Get-Printer-Attributes: refuse with the reason when printer-state-reasons name a fault (media-empty,
//      door-open, offline, …, see ipp_status.hpp), and learn which documents it takes;
//   2. make the badge as PWG raster (when the printer takes it at the template's resolution) or PDF, at the
//      template's size, in colour when the badge has red and the printer prints colour
//      (choose_document_format);
//   3. Print-Job;
//   4. Get-Job-Attributes until the job is completed (printed), aborted or canceled (not printed). A job that
//      stops because the printer reports a fault (at once when it is pending or stopped, after fault_grace
//      while it is still processing) is cancelled there before the failure is reported, so a badge reported
//      as not printed never comes out later and is never printed twice.
// A job cut off while being sent is sent once more when the printer answers again (the printer drops an
// incomplete request); a job sent whole whose reply never came is not sent again. A cut that libcups only
// notices when it reads the reply (the rest of the document already in the kernel's buffers) cannot be
// told from a lost reply: the job is reported not printed and not sent again, so no badge comes out twice.

#include "drivers/device_address.hpp"
#include "drivers/ipp_status.hpp"
#include "drivers/printer.hpp"

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace checkin::drivers {

struct IppPrinterSettings {
    std::chrono::milliseconds connect_timeout{5000};
    std::chrono::milliseconds request_timeout{30000}; // one request and its reply (a job's upload)
    std::chrono::milliseconds printed_timeout{60000}; // from the job's creation to its end
    // How long a job still processing may go on while the printer reports a fault before it is cancelled.
    std::chrono::milliseconds fault_grace{3000};
    std::chrono::milliseconds poll_interval{250};
    std::chrono::milliseconds reconnect_timeout{20000};
    std::chrono::milliseconds reconnect_interval{250};
};

// What the printer takes, from Get-Printer-Attributes.
struct IppCapabilities {
    bool pdf = false;
    bool colour = false;                          // color-supported
    bool pwg_raster_grey = false;                 // image/pwg-raster with sgray_8
    bool pwg_raster_colour = false;               // image/pwg-raster with srgb_8
    std::vector<unsigned> pwg_raster_resolutions; // dpi, square resolutions only
    std::vector<std::string> media_ready;         // "oe_62x100mm_2.44x3.94in"
    // media-size-supported, in hundredths of a millimetre: each a size, or a range for custom sizes.
    struct MediaSize {
        int min_width = 0;
        int max_width = 0;
        int min_length = 0;
        int max_length = 0;
    };
    std::vector<MediaSize> media_sizes;

    // The printer's own name for a medium of width × length (hundredths of a millimetre, within 1 mm, as
    // printers round label sizes to their own units), or nothing when it lists none: a job must name the
    // size exactly as the printer lists it (an A6 card of 1240 dots at 300 dpi is 104.99 mm, the printer's
    // A6 105 mm).
    struct Dimensions {
        int width = 0;
        int length = 0;
        friend bool operator==(const Dimensions&, const Dimensions&) = default;
    };
    std::optional<Dimensions> media_size_for(int width, int length) const;
};

// What to send a printer that takes `taken`, for a badge at `dpi` dots per inch: PWG raster at the
// badge's own resolution (dot for dot) before PDF (scaled by the printer). A two-colour badge goes in
// colour to a colour printer: sRGB raster, else PDF, which keeps the red; anywhere else its red prints
// black in grey raster, which stays sharper than a grey rendering of red. Nothing when the printer takes
// neither PDF nor raster at that resolution.
std::optional<DocumentFormat> choose_document_format(const IppCapabilities& taken, unsigned dpi,
                                                     bool two_colour);

// Limits on a reply: no more values per attribute than this are read.
inline constexpr std::size_t ipp_most_values = 64;

struct IppConnection; // the http_t, wrapped once (ipp_printer.cpp)

class IppPrinter final : public Printer {
public:
    // Nothing is contacted until the first print() or state().
    IppPrinter(const IppAddress& address, IppPrinterSettings settings = {});
    // A queue of the CUPS server libcups is configured for (CUPS_SERVER, /etc/cups/client.conf, else the
    // local one).
    IppPrinter(const CupsQueueAddress& address, IppPrinterSettings settings = {});
    ~IppPrinter() override;

    // Fails with the printer's problem before anything is sent; with unsupported when it takes neither
    // PDF nor PWG raster at the job's resolution; with the problem the printer reports, or not_printed,
    // when the job is aborted, cancelled or not finished in time; with not_found or timeout when the
    // printer does not answer.
    Result<void> print(const PrintJob& job) override;
    Result<PrinterState> state() override;
    std::string describe() const override { return m_name; }

    Result<IppPrinterStatus> query_status();
    Result<IppCapabilities> capabilities();
    // How often print() sent the last job (0, 1 or 2) and the printer's id for it.
    unsigned last_job_sends() const { return m_last_job_sends; }
    std::optional<int> last_job_id() const { return m_last_job_id; }

private:
    enum class Sent { whole, cut_off, unanswered };
    struct PrinterAnswer {
        IppPrinterStatus status;
        IppCapabilities capabilities;
    };
    // One Get-Printer-Attributes: the state and what the printer takes.
    Result<PrinterAnswer> ask_printer();
    Result<IppConnection*> connection();
    // How one job is sent: its document's format, the medium named (when the printer lists it) and
    // whether colour is asked for.
    struct JobRequest {
        DocumentFormat format = DocumentFormat::pdf;
        std::optional<IppCapabilities::Dimensions> media_size;
        bool colour = false;
    };
    Result<void> print_once(const JobRequest& job, const std::vector<std::uint8_t>& document, Sent& sent);
    Result<void> follow_job(int job_id);
    void cancel_job(int job_id);

    std::string m_host;
    int m_port = 631;
    std::string m_resource;    // "/ipp/print", "/printers/Dymo"
    std::string m_printer_uri; // what the requests name
    bool m_encrypted = false;
    std::string m_name;
    IppPrinterSettings m_settings;
    std::unique_ptr<IppConnection> m_connection;
    unsigned m_last_job_sends = 0;
    std::optional<int> m_last_job_id;
};

} // namespace checkin::drivers
