// PdfDocument on cairo's PDF surface, written into memory through cairo's stream callback.

#include "printing/pdf_document.hpp"

#include <cairo-pdf.h>
#include <cairo.h>
#include <cstdint>
#include <fmt/format.h>

namespace checkin::printing {

namespace {

constexpr double points_per_millimetre = 72.0 / 25.4;
// DejaVu Sans's capital height is 1493 of its 2048 units per em: the font size that gives a cap height.
constexpr double dejavu_cap_height_per_em = 1493.0 / 2048.0;
constexpr const char* font_family = "DejaVu Sans";

struct SurfaceDeleter {
    void operator()(cairo_surface_t* surface) const { cairo_surface_destroy(surface); }
};
struct ContextDeleter {
    void operator()(cairo_t* context) const { cairo_destroy(context); }
};
using SurfaceHandle = std::unique_ptr<cairo_surface_t, SurfaceDeleter>;
using ContextHandle = std::unique_ptr<cairo_t, ContextDeleter>;

void set_colour(cairo_t* context, PdfColour colour) {
    cairo_set_source_rgb(context, colour.red, colour.green, colour.blue);
}

void select_font(cairo_t* context, double cap_height, PdfWeight weight) {
    cairo_select_font_face(context, font_family, CAIRO_FONT_SLANT_NORMAL,
                           weight == PdfWeight::bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(context, cap_height / dejavu_cap_height_per_em);
}

} // namespace

struct PdfDocument::State {
    std::string bytes;
    double width = 0;  // millimetres
    double height = 0; // millimetres
    SurfaceHandle surface;
    ContextHandle context;
    bool finished = false;

    static cairo_status_t append(void* closure, const unsigned char* data, unsigned int length) {
        static_cast<State*>(closure)->bytes.append(reinterpret_cast<const char*>(data), length);
        return CAIRO_STATUS_SUCCESS;
    }
};

PdfDocument::PdfDocument(std::unique_ptr<State> state) : m_state(std::move(state)) {}
PdfDocument::PdfDocument(PdfDocument&& other) noexcept = default;
PdfDocument& PdfDocument::operator=(PdfDocument&& other) noexcept = default;
PdfDocument::~PdfDocument() = default;

Result<PdfDocument> PdfDocument::create(double width_millimetres, double height_millimetres) {
    auto state = std::make_unique<State>();
    state->width = width_millimetres;
    state->height = height_millimetres;
    state->surface.reset(cairo_pdf_surface_create_for_stream(&State::append, state.get(),
                                                             width_millimetres * points_per_millimetre,
                                                             height_millimetres * points_per_millimetre));
    if (cairo_surface_status(state->surface.get()) != CAIRO_STATUS_SUCCESS) {
        return fail(fmt::format("cairo cannot make a PDF: {}",
                                cairo_status_to_string(cairo_surface_status(state->surface.get()))),
                    ErrorKind::internal);
    }
    cairo_pdf_surface_set_metadata(state->surface.get(), CAIRO_PDF_METADATA_CREATOR, "checkin");
    state->context.reset(cairo_create(state->surface.get()));
    // Millimetres from here on, with the origin at the page's top left as on the badge.
    cairo_scale(state->context.get(), points_per_millimetre, points_per_millimetre);
    return PdfDocument(std::move(state));
}

double PdfDocument::page_width() const {
    return m_state->width;
}

double PdfDocument::page_height() const {
    return m_state->height;
}

void PdfDocument::next_page() {
    cairo_show_page(m_state->context.get());
}

void PdfDocument::text(double left, double baseline, std::string_view text, double cap_height,
                       PdfWeight weight, PdfColour colour) {
    cairo_t* context = m_state->context.get();
    select_font(context, cap_height, weight);
    set_colour(context, colour);
    cairo_move_to(context, left, baseline);
    const std::string owned(text); // cairo wants a NUL-terminated string
    cairo_show_text(context, owned.c_str());
}

double PdfDocument::text_width(std::string_view text, double cap_height, PdfWeight weight) {
    cairo_t* context = m_state->context.get();
    select_font(context, cap_height, weight);
    cairo_text_extents_t extents{};
    const std::string owned(text);
    cairo_text_extents(context, owned.c_str(), &extents);
    return extents.x_advance;
}

void PdfDocument::rectangle(double left, double top, double width, double height, PdfColour colour) {
    cairo_t* context = m_state->context.get();
    set_colour(context, colour);
    cairo_rectangle(context, left, top, width, height);
    cairo_fill(context);
}

void PdfDocument::line(double x1, double y1, double x2, double y2, double thickness, PdfColour colour) {
    cairo_t* context = m_state->context.get();
    set_colour(context, colour);
    cairo_set_line_width(context, thickness);
    cairo_move_to(context, x1, y1);
    cairo_line_to(context, x2, y2);
    cairo_stroke(context);
}

void PdfDocument::qr_code(const QrCode& code, double left, double top, double module_size) {
    const double side = static_cast<double>(code.modules + 2 * qr_quiet_zone_modules) * module_size;
    rectangle(left, top, side, side, PdfColour{1, 1, 1});
    cairo_t* context = m_state->context.get();
    set_colour(context, PdfColour{});
    const double origin = static_cast<double>(qr_quiet_zone_modules) * module_size;
    // One rectangle per run of dark modules in a row: fewer paths, and no hairline seams between modules.
    for (std::size_t y = 0; y < code.modules; ++y) {
        std::size_t x = 0;
        while (x < code.modules) {
            if (!code.dark_at(x, y)) {
                ++x;
                continue;
            }
            const std::size_t start = x;
            while (x < code.modules && code.dark_at(x, y)) {
                ++x;
            }
            cairo_rectangle(context, left + origin + static_cast<double>(start) * module_size,
                            top + origin + static_cast<double>(y) * module_size,
                            static_cast<double>(x - start) * module_size, module_size);
        }
    }
    cairo_fill(context);
}

void PdfDocument::badge(const BadgeImage& image, double left, double top, double width, double height) {
    const auto pixels_wide = static_cast<int>(image.black.width());
    const auto pixels_high = static_cast<int>(image.black.height());
    if (pixels_wide == 0 || pixels_high == 0) {
        return;
    }
    SurfaceHandle picture(cairo_image_surface_create(CAIRO_FORMAT_RGB24, pixels_wide, pixels_high));
    cairo_surface_flush(picture.get());
    unsigned char* data = cairo_image_surface_get_data(picture.get());
    const int stride = cairo_image_surface_get_stride(picture.get());
    for (int y = 0; y < pixels_high; ++y) {
        auto* row = reinterpret_cast<std::uint32_t*>(data + static_cast<std::ptrdiff_t>(y) * stride);
        for (int x = 0; x < pixels_wide; ++x) {
            const auto column = static_cast<std::size_t>(x);
            const auto line_number = static_cast<std::size_t>(y);
            std::uint32_t pixel = 0x00FFFFFF;
            if (image.red && image.red->black(column, line_number)) {
                pixel = 0x00D00000;
            } else if (image.black.black(column, line_number)) {
                pixel = 0x00000000;
            }
            row[x] = pixel;
        }
    }
    cairo_surface_mark_dirty(picture.get());

    cairo_t* context = m_state->context.get();
    cairo_save(context);
    cairo_translate(context, left, top);
    cairo_scale(context, width / pixels_wide, height / pixels_high);
    cairo_set_source_surface(context, picture.get(), 0, 0);
    // Dots stay dots: a printer scales the page, and smoothing would grey the QR code's edges.
    cairo_pattern_set_filter(cairo_get_source(context), CAIRO_FILTER_NEAREST);
    cairo_paint(context);
    cairo_restore(context);
}

Result<std::string> PdfDocument::finish() {
    if (!m_state->finished) {
        m_state->finished = true;
        m_state->context.reset();
        cairo_surface_finish(m_state->surface.get());
    }
    const cairo_status_t status = cairo_surface_status(m_state->surface.get());
    if (status != CAIRO_STATUS_SUCCESS) {
        return base::fail(ErrorKind::internal, "cairo could not write the PDF",
                          cairo_status_to_string(status));
    }
    return m_state->bytes;
}

} // namespace checkin::printing
