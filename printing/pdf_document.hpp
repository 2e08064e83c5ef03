#pragma once

// A PDF made with cairo (Debian's libcairo2), in memory: pages measured in millimetres, text in DejaVu Sans,
// filled rectangles, hairlines, QR codes as vector squares (sharp at any zoom and on any printer) and
// badge bitmaps placed at their printed size. The invitations (one page per delegate) and the badge sheets
// are drawn with it; the caller writes the bytes to a file. Pure apart from the font lookup: no file or
// device I/O.

#include "printing/bitmap.hpp"
#include "printing/error.hpp"
#include "printing/qr_code.hpp"

#include <memory>
#include <string>
#include <string_view>

namespace checkin::printing {

struct PdfColour {
    double red = 0;
    double green = 0;
    double blue = 0;
};

enum class PdfWeight { regular, bold };

class PdfDocument {
public:
    // A document whose pages are width × height millimetres (A4 210 × 297, A6 105 × 148). Fails only
    // when cairo cannot make a PDF surface (out of memory).
    static Result<PdfDocument> create(double width_millimetres, double height_millimetres);

    PdfDocument(PdfDocument&& other) noexcept;
    PdfDocument& operator=(PdfDocument&& other) noexcept;
    PdfDocument(const PdfDocument&) = delete;
    PdfDocument& operator=(const PdfDocument&) = delete;
    ~PdfDocument();

    double page_width() const;
    double page_height() const;

    // Ends the page drawn so far and starts the next one.
    void next_page();

    // Text whose capital letters are `cap_height` millimetres tall, its baseline at `baseline`.
    void text(double left, double baseline, std::string_view text, double cap_height, PdfWeight weight,
              PdfColour colour = {});
    // How wide `text` would be drawn at that size.
    double text_width(std::string_view text, double cap_height, PdfWeight weight);

    void rectangle(double left, double top, double width, double height, PdfColour colour);
    // A line `thickness` millimetres wide (0.1 for cut marks).
    void line(double x1, double y1, double x2, double y2, double thickness, PdfColour colour = {});
    // The symbol with its quiet zone (4 modules) painted white, every module `module_size` millimetres.
    void qr_code(const QrCode& code, double left, double top, double module_size);
    // A badge picture stretched to width × height millimetres; red dots in red where it has a red layer.
    void badge(const BadgeImage& image, double left, double top, double width, double height);

    // The PDF's bytes; the document cannot be drawn on afterwards. Fails when cairo reports an error
    // (its message is in the error's detail).
    Result<std::string> finish();

private:
    struct State;
    explicit PdfDocument(std::unique_ptr<State> state);
    std::unique_ptr<State> m_state;
};

} // namespace checkin::printing
