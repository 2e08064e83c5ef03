#include "printing/logo.hpp"

#include "printing/png.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <fmt/format.h>
#include <fstream>
#include <ios>
#include <png.h>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

namespace checkin::printing {
namespace {

constexpr std::uint8_t black_level = 0;
constexpr std::uint8_t white_level = 255;
constexpr unsigned full_alpha = 255;
constexpr std::size_t png_signature_bytes = 8;
constexpr std::size_t grey_alpha_channels = 2; // what libpng hands back: grey, then alpha

// Owns one simplified-API read, so every way out of decode_png_grey frees libpng's state (png_image_free
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

bool starts_with(std::span<const std::uint8_t> bytes, std::string_view prefix, std::size_t offset = 0) {
    if (bytes.size() < offset + prefix.size()) {
        return false;
    }
    return std::equal(
        prefix.begin(), prefix.end(), bytes.begin() + static_cast<std::ptrdiff_t>(offset),
        [](char wanted, std::uint8_t actual) { return static_cast<std::uint8_t>(wanted) == actual; });
}

// What a person most likely saved instead of a PNG, so the message can say so; empty if unrecognised.
std::string_view other_image_format(std::span<const std::uint8_t> bytes) {
    if (starts_with(bytes, "\xFF\xD8\xFF")) {
        return "a JPEG";
    }
    if (starts_with(bytes, "GIF8")) {
        return "a GIF";
    }
    if (starts_with(bytes, "RIFF") && starts_with(bytes, "WEBP", 8)) {
        return "a WebP";
    }
    if (starts_with(bytes, "<svg") || starts_with(bytes, "<?xml")) {
        return "an SVG or other XML";
    }
    return {};
}

std::string not_a_png_message(std::span<const std::uint8_t> bytes) {
    const std::string_view format = other_image_format(bytes);
    if (!format.empty()) {
        return fmt::format("not a PNG image but {} file; save the logo as a PNG", format);
    }
    return "not a PNG image (it does not start with the PNG signature); save the logo as a PNG";
}

// Over white: a transparent pixel is paper, an opaque one its own grey, and in between the ink is in
// proportion to the opacity. Done on the stored levels rather than in linear light, so that a pixel's
// share of ink (which the dither turns into dots) scales with its alpha.
std::uint8_t composite_over_white(std::uint8_t grey, std::uint8_t alpha) {
    const unsigned ink = unsigned{grey} * unsigned{alpha} + unsigned{white_level} * (full_alpha - alpha);
    return static_cast<std::uint8_t>((ink + full_alpha / 2) / full_alpha);
}

void require_consistent(const GreyImage& image, const char* function) {
    if (image.levels.size() != image.width * image.height) {
        throw std::invalid_argument(fmt::format("{}: a {} × {} GreyImage needs {} levels, not {}", function,
                                                image.width, image.height, image.width * image.height,
                                                image.levels.size()));
    }
}

// One source pixel's share in a target pixel along one axis.
struct Tap {
    std::size_t source = 0;
    float weight = 0.0f;
};

// For each target pixel along one axis, the source pixels it is made of and their weights (which sum to
// one). Shrinking: the source pixels the target pixel's span covers, each weighted by how much of the span
// it covers (a box filter). Computed in whole units of 1/target_size of a source pixel so the overlaps are
// exact. Enlarging: the two source pixels either side of the target pixel's centre, weighted by nearness
// (bilinear); at the edges, the outermost pixel alone.
std::vector<std::vector<Tap>> axis_taps(std::size_t source_size, std::size_t target_size) {
    std::vector<std::vector<Tap>> taps(target_size);
    for (std::size_t target = 0; target < target_size; ++target) {
        if (source_size == target_size) {
            taps[target].push_back({target, 1.0f});
        } else if (target_size < source_size) {
            const std::size_t span_begin = target * source_size;
            const std::size_t span_end = (target + 1) * source_size;
            for (std::size_t source = span_begin / target_size; source * target_size < span_end; ++source) {
                const std::size_t overlap = std::min(span_end, (source + 1) * target_size) -
                                            std::max(span_begin, source * target_size);
                taps[target].push_back({source, static_cast<float>(static_cast<double>(overlap) /
                                                                   static_cast<double>(source_size))});
            }
        } else {
            const double centre = (static_cast<double>(target) + 0.5) * static_cast<double>(source_size) /
                                      static_cast<double>(target_size) -
                                  0.5;
            const double clamped = std::clamp(centre, 0.0, static_cast<double>(source_size - 1));
            const auto before = static_cast<std::size_t>(std::floor(clamped));
            const double fraction = clamped - static_cast<double>(before);
            if (fraction == 0.0 || before + 1 >= source_size) {
                taps[target].push_back({before, 1.0f});
            } else {
                taps[target].push_back({before, static_cast<float>(1.0 - fraction)});
                taps[target].push_back({before + 1, static_cast<float>(fraction)});
            }
        }
    }
    return taps;
}

std::uint8_t to_level(float value) {
    // Rounding (not truncation) is what keeps a flat area exact: 255 × weights summing to 0.9999999 is
    // 254.99998, which must stay white.
    return static_cast<std::uint8_t>(std::clamp(std::lround(value), long{black_level}, long{white_level}));
}

// The size of `image` scaled to the largest that fits the box, rounded to the nearest pixel and never zero.
std::pair<std::size_t, std::size_t> fitted_size(const GreyImage& image, std::size_t box_width,
                                                std::size_t box_height) {
    const auto rounded_ratio = [](std::size_t numerator, std::size_t denominator) {
        return (numerator + denominator / 2) / denominator;
    };
    std::size_t width = box_width;
    std::size_t height = box_height;
    // Compared as cross products so no floating point decides which side limits the scale.
    if (image.width * box_height <= image.height * box_width) {
        width = rounded_ratio(image.width * box_height, image.height); // as tall as the box
    } else {
        height = rounded_ratio(image.height * box_width, image.width); // as wide as the box
    }
    return {std::clamp<std::size_t>(width, 1, box_width), std::clamp<std::size_t>(height, 1, box_height)};
}

} // namespace

Result<GreyImage> decode_png_grey(std::span<const std::uint8_t> png_bytes) {
    if (png_bytes.size() < png_signature_bytes ||
        png_sig_cmp(png_bytes.data(), 0, png_signature_bytes) != 0) {
        return fail(not_a_png_message(png_bytes));
    }
    SimplifiedPngRead read;
    png_image& image = read.image();
    // Reads only the header chunks, so the size can be checked before any pixel memory is taken.
    if (png_image_begin_read_from_memory(&image, png_bytes.data(), png_bytes.size()) == 0) {
        return fail(fmt::format("the PNG is truncated or corrupt (libpng: {}); export the logo again",
                                image.message));
    }
    if (image.width > logo_max_side_pixels || image.height > logo_max_side_pixels) {
        return fail(
            fmt::format("the picture is {} × {} pixels, more than the {} × {} a logo may have; scale it "
                        "down (a badge logo needs a few hundred pixels)",
                        image.width, image.height, logo_max_side_pixels, logo_max_side_pixels));
    }
    // Grey with alpha, 8 bits: libpng expands palettes and tRNS, de-interlaces, and turns colour into grey
    // (Rec. 709 weights in linear light, the sRGB curve on both sides). A 16-bit file without gAMA or sRGB
    // chunk is taken as sRGB like an 8-bit one; libpng's default would take it as linear, and a mid grey
    // exported at 16 bits would come out far too light.
    image.format = PNG_FORMAT_GA;
    image.flags |= PNG_IMAGE_FLAG_16BIT_sRGB;
    const std::size_t width = image.width;
    const std::size_t height = image.height;
    std::vector<png_byte> grey_alpha(width * height * grey_alpha_channels);
    // Row stride 0: rows packed one after the other. No background: the output keeps its alpha, which is
    // composited below.
    if (png_image_finish_read(&image, nullptr, grey_alpha.data(), 0, nullptr) == 0) {
        return fail(fmt::format("the PNG is truncated or corrupt (libpng: {}); export the logo again",
                                image.message));
    }
    // libpng's simplified reader stops after the last IDAT chunk, so a file missing only its IEND trailer
    // still decodes: every pixel is there, checked by the chunk CRCs and zlib's checksum.
    GreyImage grey{width, height, std::vector<std::uint8_t>(width * height)};
    for (std::size_t pixel = 0; pixel < grey.levels.size(); ++pixel) {
        grey.levels[pixel] = composite_over_white(grey_alpha[pixel * grey_alpha_channels],
                                                  grey_alpha[pixel * grey_alpha_channels + 1]);
    }
    return grey;
}

Result<GreyImage> read_png_grey_file(const std::filesystem::path& path) {
    auto bytes = read_png_file_bytes(path, logo_max_file_bytes, "the logo file");
    if (!bytes) {
        return std::unexpected(bytes.error());
    }
    auto grey = decode_png_grey(*bytes);
    if (!grey) {
        return fail(fmt::format("the logo file {}: {}", path.string(), grey.error().message));
    }
    return grey;
}

GreyImage scale_to_fit(const GreyImage& image, std::size_t box_width, std::size_t box_height) {
    require_consistent(image, "scale_to_fit");
    if (image.width == 0 || image.height == 0 || box_width == 0 || box_height == 0) {
        return {};
    }
    const auto [width, height] = fitted_size(image, box_width, box_height);
    const auto column_taps = axis_taps(image.width, width);
    const auto row_taps = axis_taps(image.height, height);

    // Across first, into floats (no rounding between the two passes): every source row at the new width.
    std::vector<float> across(image.height * width, 0.0f);
    for (std::size_t y = 0; y < image.height; ++y) {
        const std::uint8_t* source_row = image.levels.data() + y * image.width;
        for (std::size_t x = 0; x < width; ++x) {
            float sum = 0.0f;
            for (const Tap& tap : column_taps[x]) {
                sum += tap.weight * static_cast<float>(source_row[tap.source]);
            }
            across[y * width + x] = sum;
        }
    }
    // Then down: each new row from the source rows it covers.
    GreyImage scaled{width, height, std::vector<std::uint8_t>(width * height)};
    for (std::size_t y = 0; y < height; ++y) {
        for (std::size_t x = 0; x < width; ++x) {
            float sum = 0.0f;
            for (const Tap& tap : row_taps[y]) {
                sum += tap.weight * across[tap.source * width + x];
            }
            scaled.levels[y * width + x] = to_level(sum);
        }
    }
    return scaled;
}

Bitmap dither(const GreyImage& image) {
    require_consistent(image, "dither");
    constexpr float white = 255.0f;
    constexpr float threshold = white / 2.0f;
    constexpr float sixteenth = 1.0f / 16.0f;
    const std::size_t width = image.width;
    Bitmap bitmap(width, image.height);
    // The error carried into this row and the next, indexed x + 1: one spare cell at each end takes what
    // would fall off the edge, so the loop needs no bounds checks (and that error is dropped).
    std::vector<float> current(width + 2, 0.0f);
    std::vector<float> next(width + 2, 0.0f);
    for (std::size_t y = 0; y < image.height; ++y) {
        const bool left_to_right = y % 2 == 0;
        for (std::size_t step = 0; step < width; ++step) {
            const std::size_t x = left_to_right ? step : width - 1 - step;
            const std::uint8_t level = image.levels[y * width + x];
            if (level == black_level || level == white_level) {
                // Exact, and the error arriving here goes no further: a grey edge must not put dots in
                // the flat white (or holes in the flat black) next to it.
                bitmap.set(x, y, level == black_level);
                continue;
            }
            const std::size_t cell = x + 1;
            const std::size_t ahead = left_to_right ? cell + 1 : cell - 1;
            const std::size_t behind = left_to_right ? cell - 1 : cell + 1;
            const float wanted = static_cast<float>(level) + current[cell];
            const bool black = wanted < threshold;
            bitmap.set(x, y, black);
            const float error = wanted - (black ? 0.0f : white);
            current[ahead] += error * 7.0f * sixteenth;
            next[behind] += error * 3.0f * sixteenth;
            next[cell] += error * 5.0f * sixteenth;
            next[ahead] += error * sixteenth;
        }
        std::swap(current, next);
        std::fill(next.begin(), next.end(), 0.0f);
    }
    return bitmap;
}

Bitmap render_logo(const GreyImage& image, std::size_t box_width, std::size_t box_height) {
    return dither(scale_to_fit(image, box_width, box_height));
}

} // namespace checkin::printing
