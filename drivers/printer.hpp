#pragma once

// A badge printer as the kiosk and kioskctl see it, whatever its language and connection: send one job,
// learn whether the label came out; ask what state it is in (for the device panel).

#include "drivers/error.hpp"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace checkin::drivers {

// The page descriptions an IPP or CUPS printer may take instead of a label language.
enum class DocumentFormat {
    pdf,               // application/pdf
    pwg_raster,        // image/pwg-raster, 8-bit grey (sgray_8)
    pwg_raster_colour, // image/pwg-raster, 8-bit sRGB (srgb_8), for two-colour badges on colour printers
};

// Makes the badge as a document of the given format (printing/badge_pdf.hpp, printing/pwg_raster.hpp):
// which one is needed is known only once the printer has said what it takes.
using DocumentMaker = std::function<Result<std::vector<std::uint8_t>>(DocumentFormat)>;

struct PrintJob {
    std::vector<std::uint8_t> bytes; // the encoded job (Brother QL raster or ZPL), ready to send
    std::string medium;      // the medium the job was made for ("62x100"), checked against the printer
    std::string description; // for logs: "badge of Anna Kowalska (CWD-7F3K)"
    // For printers that take a page description (IPP, CUPS queues): the badge at the template's size and
    // resolution. Empty for the QL and Zebra sessions, which send `bytes`.
    DocumentMaker document{};
    unsigned dpi = 0;      // the document's resolution (a PWG raster page must be at one the printer takes)
    double width_mm = 0.0; // the page's size, which is the template's
    double height_mm = 0.0;
    bool two_colour = false; // the badge has a red layer, which a colour printer should print red
};

// What is loaded, as facts rather than words, so that each screen can say it in its own language (the
// `media` text beside it is English, for logs and kioskctl).
enum class LoadedMediaKind {
    not_reported, // the printer says nothing of its media (a file, a printer without status)
    none,         // no labels
    continuous,   // continuous tape, width_mm wide (two_colour: black/red)
    die_cut,      // die-cut labels, width_mm × length_mm
    unknown_type, // width_mm wide, of a type the driver does not know
    length_dots,  // only the label's length is known, in dots (ZPL's host status)
};
struct LoadedMedia {
    LoadedMediaKind kind = LoadedMediaKind::not_reported;
    unsigned width_mm = 0;
    unsigned length_mm = 0;
    bool two_colour = false;
    unsigned length_dots = 0;

    friend bool operator==(const LoadedMedia&, const LoadedMedia&) = default;
};

struct PrinterState {
    bool ready = false;            // a job sent now would print
    std::vector<Problem> problems; // why not, most important first
    std::string media;    // what is loaded, as the printer reports it ("62 × 100 mm die-cut labels")
    std::string detail;   // technical, for staff
    LoadedMedia loaded{}; // the same as `media`, as facts for the kiosk's screens
};

class Printer {
public:
    Printer() = default;
    Printer(const Printer&) = delete;
    Printer& operator=(const Printer&) = delete;
    virtual ~Printer() = default;

    // Succeeds only when the printer reported the label printed (a file "printer": when every byte is
    // written). Never sends the job twice: see each implementation for what happens when the connection
    // drops in the middle.
    virtual Result<void> print(const PrintJob& job) = 0;

    virtual Result<PrinterState> state() = 0;

    virtual std::string describe() const = 0;
};

} // namespace checkin::drivers
