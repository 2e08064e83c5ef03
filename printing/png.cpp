#include "printing/png.hpp"

#include <array>
#include <cmath>
#include <csetjmp>
#include <cstddef>
#include <cstring>
#include <fmt/format.h>
#include <fstream>
#include <new>
#include <png.h>
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
        if (m_png != nullptr && m_info != nullptr) {
            png_set_write_fn(m_png, &output, on_png_write, on_png_flush);
        }
    }
    // False when libpng could not allocate its state (out of memory); nothing may be written then.
    bool ready() const { return m_png != nullptr && m_info != nullptr; }
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

// encode_png_rgb's libpng calls, split from its setjmp frame as write_png_calls is. The rows are
// already in memory, so they go to libpng as they are.
void write_rgb_calls(png_structp png, png_infop info, png_uint_32 width, png_uint_32 height,
                     const png_byte* rgb) {
    png_set_IHDR(png, info, width, height, bits_per_channel, PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_write_info(png, info);
    const std::size_t row_bytes = std::size_t{width} * bytes_per_pixel;
    for (std::size_t y = 0; y < height; ++y) {
        png_write_row(png, rgb + y * row_bytes);
    }
    png_write_end(png, info);
}

bool write_rgb_guarded(png_structp png, png_infop info, png_uint_32 width, png_uint_32 height,
                       const png_byte* rgb) {
    if (setjmp(png_jmpbuf(png)) != 0) {
        return false;
    }
    write_rgb_calls(png, info, width, height, rgb);
    return true;
}

// Owns one simplified-API read, so every way out of decode_png_rgb frees libpng's state (png_image_free
// does nothing once libpng has freed it itself, as it does after a failed or finished read).
class SimplifiedPngRead {
public:
    SimplifiedPngRead() { m_image.version = PNG_IMAGE_VERSION; }
    ~SimplifiedPngRead() { png_image_free(&m_image); }
    SimplifiedPngRead(const SimplifiedPngRead&) = delete;
    SimplifiedPngRead& operator=(const SimplifiedPngRead&) = delete;

    png_image& image() { return m_image; }

private:
    png_image m_image{};
};

constexpr std::size_t png_signature_bytes = 8;

bool too_large(std::size_t width, std::size_t height) {
    return width > rgb_max_side_pixels || height > rgb_max_side_pixels || width * height > rgb_max_pixels;
}

} // namespace

Result<std::vector<std::uint8_t>> encode_png(const BadgeImage& image, unsigned dpi) {
    const std::size_t width = image.black.width();
    const std::size_t height = image.black.height();
    if (width == 0 || height == 0) {
        return fail("a PNG needs at least one pixel; the badge image is empty");
    }
    if (width > PNG_UINT_31_MAX || height > PNG_UINT_31_MAX) {
        return fail("the badge image is too large for a PNG");
    }
    if (dpi == 0) {
        return fail("a PNG's resolution must be at least 1 dpi");
    }
    // pHYs counts pixels per metre; 203 dpi is 7992 and 300 dpi is 11811.
    const auto pixels_per_metre =
        static_cast<png_uint_32>(std::lround(static_cast<double>(dpi) / metres_per_inch));

    PngOutput output;
    PngWriteStruct writer(output);
    if (!writer.ready()) {
        return fail("libpng could not allocate its write state");
    }
    std::vector<png_byte> row(width * bytes_per_pixel);
    if (!write_png_guarded(writer.png(), writer.info(), image, pixels_per_metre, row.data())) {
        return fail(std::string("libpng failed to write the badge PNG: ") + output.error_text.data());
    }
    return std::move(output.bytes);
}

Result<std::vector<std::uint8_t>> encode_png_rgb(std::size_t width, std::size_t height,
                                                 std::span<const std::uint8_t> rgb) {
    if (width == 0 || height == 0) {
        return fail("a PNG needs at least one pixel");
    }
    if (too_large(width, height)) {
        return fail(fmt::format("a {} × {} picture is larger than an RGB PNG here may be", width, height));
    }
    if (rgb.size() != width * height * bytes_per_pixel) {
        return fail(fmt::format("{} bytes are not a {} × {} RGB picture (that takes {})", rgb.size(), width,
                                height, width * height * bytes_per_pixel));
    }
    PngOutput output;
    PngWriteStruct writer(output);
    if (!writer.ready()) {
        return fail("libpng could not allocate its write state");
    }
    if (!write_rgb_guarded(writer.png(), writer.info(), static_cast<png_uint_32>(width),
                           static_cast<png_uint_32>(height), rgb.data())) {
        return fail(std::string("libpng failed to write the PNG: ") + output.error_text.data());
    }
    return std::move(output.bytes);
}

Result<RgbImage> decode_png_rgb(std::span<const std::uint8_t> png_bytes) {
    if (png_bytes.size() < png_signature_bytes ||
        png_sig_cmp(png_bytes.data(), 0, png_signature_bytes) != 0) {
        return fail("this is not a PNG file (it does not start with the PNG signature)");
    }
    SimplifiedPngRead read;
    png_image& image = read.image();
    // Reads only the header, so the size is checked before any pixel memory is taken.
    if (png_image_begin_read_from_memory(&image, png_bytes.data(), png_bytes.size()) == 0) {
        return fail(fmt::format("the PNG is truncated or corrupt (libpng: {})", image.message));
    }
    const std::size_t width = image.width;
    const std::size_t height = image.height;
    if (too_large(width, height)) {
        return fail(
            fmt::format("the picture is {} × {} pixels, more than a badge preview or a screenshot can be "
                        "(at most {} pixels a side and {} Mi pixels)",
                        width, height, rgb_max_side_pixels, rgb_max_pixels / (1024 * 1024)));
    }
    // 8-bit RGB: libpng expands grey, palettes, low bit depths and tRNS and de-interlaces. A 16-bit file
    // without gAMA or sRGB is taken as sRGB like an 8-bit one. With a background given, alpha is
    // composited over it: white, as the picture would look on a label.
    image.format = PNG_FORMAT_RGB;
    image.flags |= PNG_IMAGE_FLAG_16BIT_sRGB;
    const png_color white{white_level, white_level, white_level};
    RgbImage rgb{width, height, std::vector<std::uint8_t>(width * height * bytes_per_pixel)};
    if (png_image_finish_read(&image, &white, rgb.pixels.data(), 0, nullptr) == 0) {
        return fail(fmt::format("the PNG is truncated or corrupt (libpng: {})", image.message));
    }
    return rgb;
}

Result<std::vector<std::uint8_t>> read_png_file_bytes(const std::filesystem::path& path,
                                                      std::uintmax_t max_bytes, std::string_view what) {
    std::error_code error;
    const std::uintmax_t size = std::filesystem::file_size(path, error);
    if (error) {
        return fail(fmt::format("cannot read {} {}: {}", what, path.string(), error.message()),
                    ErrorKind::io);
    }
    if (size > max_bytes) {
        return fail(fmt::format("{} {} is {} MiB, more than the {} MiB it may have", what, path.string(),
                                size / (1024 * 1024), max_bytes / (1024 * 1024)));
    }
    std::ifstream file(path, std::ios::binary);
    if (!file) {
        return fail(fmt::format("cannot open {} {}", what, path.string()), ErrorKind::io);
    }
    std::vector<std::uint8_t> bytes(static_cast<std::size_t>(size));
    // reinterpret_cast: istream reads chars, and the bytes are the same either way.
    file.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    if (static_cast<std::uintmax_t>(file.gcount()) != size) {
        return fail(fmt::format("cannot read {} {}: it ended after {} of its {} bytes", what, path.string(),
                                file.gcount(), size));
    }
    return bytes;
}

Result<RgbImage> read_png_rgb_file(const std::filesystem::path& path) {
    auto bytes = read_png_file_bytes(path, rgb_max_file_bytes, "the picture");
    if (!bytes) {
        return std::unexpected(bytes.error());
    }
    auto rgb = decode_png_rgb(*bytes);
    if (!rgb) {
        return fail(fmt::format("the picture {}: {}", path.string(), rgb.error().message));
    }
    return rgb;
}

} // namespace checkin::printing
