#pragma once

// A small PNG writer on libpng's classic API for the printing tests (png_test, logo_test), so each test can
// make exactly the colour type, bit depth, palette, tRNS and interlacing it is about (the project's encoder
// only writes 8-bit RGB). Independent of printing/png.cpp, which is what the tests check.

#include <array>
#include <csetjmp>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <png.h>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace checkin::printing::test_png {

struct PngSpec {
    png_uint_32 width = 0;
    png_uint_32 height = 0;
    int colour_type = PNG_COLOR_TYPE_GRAY;
    int bit_depth = 8;
    int interlace = PNG_INTERLACE_NONE;
    std::vector<png_byte> rows;          // packed rows as stored in the file; 16-bit samples big-endian
    std::vector<png_color> palette;      // PLTE, for palette images
    std::vector<png_byte> palette_alpha; // tRNS of a palette image: one alpha per entry
    std::optional<png_color_16> transparent_colour; // tRNS of a grey or RGB image
    bool header_only = false; // stop after IHDR and an empty IDAT header: enough for a size check
};

// An 8-bit, not interlaced picture of `colour_type` with these packed rows; set the other fields after.
inline PngSpec png_spec(png_uint_32 width, png_uint_32 height, int colour_type, std::vector<png_byte> rows) {
    PngSpec spec;
    spec.width = width;
    spec.height = height;
    spec.colour_type = colour_type;
    spec.rows = std::move(rows);
    return spec;
}

struct PngOutput {
    std::vector<std::uint8_t> bytes;
    std::array<char, 256> error_text{};
};

[[noreturn]] inline void on_write_error(png_structp png, png_const_charp message) {
    auto* output = static_cast<PngOutput*>(png_get_error_ptr(png));
    std::strncpy(output->error_text.data(), message, output->error_text.size() - 1);
    png_longjmp(png, 1);
}

inline void on_write_warning(png_structp, png_const_charp) {}

inline void on_write(png_structp png, png_bytep data, png_size_t length) {
    auto* output = static_cast<PngOutput*>(png_get_io_ptr(png));
    output->bytes.insert(output->bytes.end(), data, data + length);
}

inline void on_flush(png_structp) {}

// Creates nothing with a destructor, so a longjmp out of libpng skips no cleanup.
inline void write_png_calls(png_structp png, png_infop info, const PngSpec& spec, png_bytepp row_pointers) {
    png_set_IHDR(png, info, spec.width, spec.height, spec.bit_depth, spec.colour_type, spec.interlace,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    if (!spec.palette.empty()) {
        png_set_PLTE(png, info, spec.palette.data(), static_cast<int>(spec.palette.size()));
    }
    if (!spec.palette_alpha.empty()) {
        png_set_tRNS(png, info, spec.palette_alpha.data(), static_cast<int>(spec.palette_alpha.size()),
                     nullptr);
    }
    if (spec.transparent_colour) {
        png_color_16 colour = *spec.transparent_colour;
        png_set_tRNS(png, info, nullptr, 0, &colour);
    }
    png_write_info(png, info);
    if (spec.header_only) {
        const png_byte idat[] = {'I', 'D', 'A', 'T'};
        const png_byte nothing = 0;
        png_write_chunk(png, idat, &nothing, 0);
        return;
    }
    png_set_interlace_handling(png); // one png_write_image writes every pass
    png_write_image(png, row_pointers);
    png_write_end(png, info);
}

inline bool write_png_guarded(png_structp png, png_infop info, const PngSpec& spec, png_bytepp row_pointers) {
    if (setjmp(png_jmpbuf(png)) != 0) {
        return false;
    }
    write_png_calls(png, info, spec, row_pointers);
    return true;
}

inline std::vector<std::uint8_t> make_png(const PngSpec& spec) {
    PngOutput output;
    png_structp png =
        png_create_write_struct(PNG_LIBPNG_VER_STRING, &output, on_write_error, on_write_warning);
    png_infop info = png == nullptr ? nullptr : png_create_info_struct(png);
    if (png == nullptr || info == nullptr) {
        png_destroy_write_struct(&png, &info);
        throw std::runtime_error("libpng could not allocate its write state");
    }
    png_set_write_fn(png, &output, on_write, on_flush);
    std::vector<png_bytep> row_pointers;
    std::vector<png_byte> rows = spec.rows;
    if (!spec.header_only) {
        const std::size_t row_bytes = rows.size() / spec.height;
        for (std::size_t y = 0; y < spec.height; ++y) {
            row_pointers.push_back(rows.data() + y * row_bytes);
        }
    }
    const bool written = write_png_guarded(png, info, spec, row_pointers.data());
    png_destroy_write_struct(&png, &info);
    if (!written) {
        throw std::runtime_error(std::string("the test could not write its PNG: ") +
                                 output.error_text.data());
    }
    return std::move(output.bytes);
}

} // namespace checkin::printing::test_png
