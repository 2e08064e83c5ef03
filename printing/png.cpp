#include "printing/png.hpp"

#include <array>
#include <cmath>
#include <csetjmp>
#include <cstddef>
#include <cstring>
#include <new>
#include <png.h>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace checkin::printing {
namespace {

constexpr double metres_per_inch = 0.0254;
constexpr int bits_per_channel = 8;
constexpr std::size_t bytes_per_pixel = 3; // RGB, no alpha: a badge has no transparency
constexpr png_byte white_level = 0xFF;
constexpr png_byte black_level = 0x00;
constexpr std::size_t error_text_capacity = 256;

// What libpng's callbacks reach through their user pointers. It lives in encode_png's frame, above the
// setjmp, so a longjmp back from libpng leaves it intact. The error text is a fixed array because the
// error callback must not allocate: it runs when allocation may be what failed.
struct PngOutput {
    std::vector<std::uint8_t> bytes;
    std::array<char, error_text_capacity> error_text{};
};

[[noreturn]] void on_png_error(png_structp png, png_const_charp message) {
    auto* output = static_cast<PngOutput*>(png_get_error_ptr(png));
    if (output != nullptr && message != nullptr) {
        std::strncpy(output->error_text.data(), message, output->error_text.size() - 1);
    }
    // Back to the setjmp in write_png_guarded; C++ exceptions must not cross libpng's C frames.
    png_longjmp(png, 1);
}

// libpng warns about things like unusual chunk values; none of them make the PNG wrong, and a pure
// encoder has nowhere to log to, so they are dropped instead of going to stderr.
void on_png_warning(png_structp, png_const_charp) {}

void on_png_write(png_structp png, png_bytep data, png_size_t length) {
    auto* output = static_cast<PngOutput*>(png_get_io_ptr(png));
    bool out_of_memory = false;
    try {
        output->bytes.insert(output->bytes.end(), data, data + length);
    } catch (const std::bad_alloc&) {
        out_of_memory = true;
    }
    // Reported outside the catch block: png_error longjmps, which must not leave a handler half-done.
    if (out_of_memory) {
        png_error(png, "out of memory while collecting the PNG bytes");
    }
}

// Nothing to flush: the bytes are already in memory.
void on_png_flush(png_structp) {}

// Owns the png_struct and png_info for one write, so every way out of encode_png frees them.
class PngWriteStruct {
public:
    explicit PngWriteStruct(PngOutput& output)
        : m_png(png_create_write_struct(PNG_LIBPNG_VER_STRING, &output, on_png_error, on_png_warning)) {
        if (m_png != nullptr) {
            m_info = png_create_info_struct(m_png);
        }
        if (m_png == nullptr || m_info == nullptr) {
            // The destructor does not run for a constructor that throws, so free here.
            png_destroy_write_struct(&m_png, nullptr);
            throw std::runtime_error("libpng could not allocate its write state");
        }
        png_set_write_fn(m_png, &output, on_png_write, on_png_flush);
    }
    ~PngWriteStruct() { png_destroy_write_struct(&m_png, &m_info); }
    PngWriteStruct(const PngWriteStruct&) = delete;
    PngWriteStruct& operator=(const PngWriteStruct&) = delete;

    png_structp png() const { return m_png; }
    png_infop info() const { return m_info; }

private:
    png_structp m_png = nullptr;
    png_infop m_info = nullptr;
};

void fill_row(png_bytep row, const BadgeImage& image, std::size_t y) {
    const std::size_t width = image.black.width();
    for (std::size_t x = 0; x < width; ++x) {
        png_bytep pixel = row + x * bytes_per_pixel;
        if (image.red && image.red->black(x, y)) {
            // Red wins where both layers are set: the printer cannot put black on top of red.
            pixel[0] = png_red_level;
            pixel[1] = black_level;
            pixel[2] = black_level;
        } else if (image.black.black(x, y)) {
            pixel[0] = pixel[1] = pixel[2] = black_level;
        } else {
            pixel[0] = pixel[1] = pixel[2] = white_level;
        }
    }
}

// All the libpng calls that can fail. Kept out of write_png_guarded so the setjmp frame holds no
// variable that changes after setjmp (nothing there for a longjmp to clobber).
void write_png_calls(png_structp png, png_infop info, const BadgeImage& image, png_uint_32 pixels_per_metre,
                     png_bytep row) {
    const auto width = static_cast<png_uint_32>(image.black.width());
    const auto height = static_cast<png_uint_32>(image.black.height());
    png_set_IHDR(png, info, width, height, bits_per_channel, PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_set_pHYs(png, info, pixels_per_metre, pixels_per_metre, PNG_RESOLUTION_METER);
    png_write_info(png, info);
    // One row at a time, so memory stays one row plus the compressed output however big the badge.
    for (std::size_t y = 0; y < image.black.height(); ++y) {
        fill_row(row, image, y);
        png_write_row(png, row);
    }
    png_write_end(png, info);
}

// The one place libpng may longjmp back to. No object with a destructor lives in this frame, so the
// jump skips no cleanup; the owners of everything (output, write state, row buffer) are in the caller.
bool write_png_guarded(png_structp png, png_infop info, const BadgeImage& image, png_uint_32 pixels_per_metre,
                       png_bytep row) {
    if (setjmp(png_jmpbuf(png)) != 0) {
        return false;
    }
    write_png_calls(png, info, image, pixels_per_metre, row);
    return true;
}

} // namespace

std::vector<std::uint8_t> encode_png(const BadgeImage& image, unsigned dpi) {
    const std::size_t width = image.black.width();
    const std::size_t height = image.black.height();
    if (width == 0 || height == 0) {
        throw std::invalid_argument("a PNG needs at least one pixel; the badge image is empty");
    }
    if (width > PNG_UINT_31_MAX || height > PNG_UINT_31_MAX) {
        throw std::invalid_argument("the badge image is too large for a PNG");
    }
    if (dpi == 0) {
        throw std::invalid_argument("a PNG's resolution must be at least 1 dpi");
    }
    // pHYs counts pixels per metre; 203 dpi is 7992 and 300 dpi is 11811.
    const auto pixels_per_metre =
        static_cast<png_uint_32>(std::lround(static_cast<double>(dpi) / metres_per_inch));

    PngOutput output;
    PngWriteStruct writer(output);
    std::vector<png_byte> row(width * bytes_per_pixel);
    if (!write_png_guarded(writer.png(), writer.info(), image, pixels_per_metre, row.data())) {
        std::string message = "libpng failed to write the badge PNG: ";
        message += output.error_text.data();
        throw std::runtime_error(message);
    }
    return std::move(output.bytes);
}

} // namespace checkin::printing
