// ZXing 1.4 returns Result::text() as std::wstring unless this is defined; the kiosk uses UTF-8. See
// printing/qr_code_test.cpp: every file including ZXing's Result.h must agree on it.
#define ZX_USE_UTF8

#include "drivers/camera_decoder.hpp"

#include <ZXing/BarcodeFormat.h>
#include <ZXing/DecodeHints.h>
#include <ZXing/ImageView.h>
#include <ZXing/ReadBarcode.h>
#include <ZXing/Result.h>
#include <algorithm>
#include <exception>
#include <fmt/format.h>
#include <utility>

namespace checkin::drivers {
namespace {

using Clock = std::chrono::steady_clock;

// ZXing addresses pixels with int arithmetic (y × stride); frames up to this many pixels a side (and
// stride) keep that far from overflowing. Cameras deliver at most 8K.
constexpr std::size_t max_frame_side = 32767;

// Pass 2 shrinks frames to about this width; narrower frames skip it.
constexpr std::size_t shrunk_width = 640;
// The unsharp mask of passes 2 and 3: the mean of a (2 × 2 + 1)² window, subtracted once more.
constexpr std::size_t sharpen_radius = 2;
constexpr int sharpen_amount = 1;
// The contrast stretch of pass 4: the difference from the mean of a 33 × 33 window, tripled.
constexpr std::size_t stretch_radius = 16;
constexpr int stretch_gain = 3;
constexpr int mid_grey = 128;

std::uint8_t clamp_level(int level) {
    return static_cast<std::uint8_t>(level < 0 ? 0 : level > 255 ? 255 : level);
}

// The frame averaged over factor × factor blocks (the incomplete blocks at the right and bottom edges are
// dropped): what a sensor with bigger pixels would have seen.
GreyFrame shrink(const GreyFrame& frame, std::size_t factor) {
    GreyFrame small;
    small.width = frame.width / factor;
    small.height = frame.height / factor;
    small.stride = small.width;
    small.pixels.assign(small.width * small.height, 0);
    std::vector<unsigned> sums(small.width);
    const unsigned area = static_cast<unsigned>(factor * factor);
    for (std::size_t y = 0; y < small.height; ++y) {
        std::fill(sums.begin(), sums.end(), 0U);
        for (std::size_t row = 0; row < factor; ++row) {
            const std::uint8_t* source = frame.pixels.data() + (y * factor + row) * frame.stride;
            for (std::size_t x = 0; x < small.width; ++x) {
                unsigned sum = 0;
                for (std::size_t column = 0; column < factor; ++column) {
                    sum += source[x * factor + column];
                }
                sums[x] += sum;
            }
        }
        std::uint8_t* target = small.pixels.data() + y * small.stride;
        for (std::size_t x = 0; x < small.width; ++x) {
            target[x] = static_cast<std::uint8_t>((sums[x] + area / 2) / area);
        }
    }
    return small;
}

// A new frame (stride = width) whose every pixel is combine(pixel, mean of the (2r + 1)² window round
// it), the window cut short at the frame's edges. Running sums: a row pass, then a column pass, so the
// cost does not grow with the radius.
template <typename Combine>
GreyFrame filter_with_mean(const GreyFrame& frame, std::size_t radius, Combine combine) {
    const std::size_t width = frame.width, height = frame.height;
    // How many window pixels lie inside the frame along one axis, for each position along it.
    auto window_counts = [radius](std::size_t length) {
        std::vector<unsigned> counts(length);
        for (std::size_t i = 0; i < length; ++i) {
            const std::size_t first = i > radius ? i - radius : 0;
            const std::size_t last = std::min(i + radius, length - 1);
            counts[i] = static_cast<unsigned>(last - first + 1);
        }
        return counts;
    };
    const std::vector<unsigned> counts_x = window_counts(width);
    const std::vector<unsigned> counts_y = window_counts(height);

    // Raw pointers in the loops: they also run in Debug builds (the tests), where every operator[] is a
    // call.
    std::vector<std::uint32_t> row_sums(width * height); // each pixel's window sum along its row
    for (std::size_t y = 0; y < height; ++y) {
        const std::uint8_t* source = frame.pixels.data() + y * frame.stride;
        std::uint32_t* sums = row_sums.data() + y * width;
        std::uint32_t sum = 0;
        for (std::size_t x = 0; x <= std::min(radius, width - 1); ++x) {
            sum += source[x];
        }
        for (std::size_t x = 0; x < width; ++x) {
            sums[x] = sum;
            if (x + radius + 1 < width) {
                sum += source[x + radius + 1];
            }
            if (x >= radius) {
                sum -= source[x - radius];
            }
        }
    }

    GreyFrame result;
    result.width = width;
    result.height = height;
    result.stride = width;
    result.pixels.resize(width * height);
    std::vector<std::uint32_t> column_sums(width, 0); // the window sum over rows, per column
    std::uint32_t* columns = column_sums.data();
    const unsigned* counts_along_x = counts_x.data();
    for (std::size_t y = 0; y <= std::min(radius, height - 1); ++y) {
        const std::uint32_t* sums = row_sums.data() + y * width;
        for (std::size_t x = 0; x < width; ++x) {
            columns[x] += sums[x];
        }
    }
    for (std::size_t y = 0; y < height; ++y) {
        const std::uint8_t* source = frame.pixels.data() + y * frame.stride;
        std::uint8_t* target = result.pixels.data() + y * width;
        const unsigned count_y = counts_y[y];
        for (std::size_t x = 0; x < width; ++x) {
            const std::uint32_t count = counts_along_x[x] * count_y;
            const int mean = static_cast<int>((columns[x] + count / 2) / count);
            target[x] = combine(static_cast<int>(source[x]), mean);
        }
        if (y + radius + 1 < height) {
            const std::uint32_t* entering = row_sums.data() + (y + radius + 1) * width;
            for (std::size_t x = 0; x < width; ++x) {
                columns[x] += entering[x];
            }
        }
        if (y >= radius) {
            const std::uint32_t* leaving = row_sums.data() + (y - radius) * width;
            for (std::size_t x = 0; x < width; ++x) {
                columns[x] -= leaving[x];
            }
        }
    }
    return result;
}

GreyFrame sharpened(const GreyFrame& frame) {
    return filter_with_mean(frame, sharpen_radius, [](int level, int mean) {
        return clamp_level(level + sharpen_amount * (level - mean));
    });
}

GreyFrame contrast_stretched(const GreyFrame& frame) {
    return filter_with_mean(frame, stretch_radius, [](int level, int mean) {
        return clamp_level(mid_grey + stretch_gain * (level - mean));
    });
}

GreyFrame inverted(const GreyFrame& frame) {
    GreyFrame result;
    result.width = frame.width;
    result.height = frame.height;
    result.stride = frame.width;
    result.pixels.resize(frame.width * frame.height);
    for (std::size_t y = 0; y < frame.height; ++y) {
        const std::uint8_t* source = frame.pixels.data() + y * frame.stride;
        std::uint8_t* target = result.pixels.data() + y * result.stride;
        for (std::size_t x = 0; x < frame.width; ++x) {
            target[x] = static_cast<std::uint8_t>(255U - source[x]);
        }
    }
    return result;
}

ZXing::BarcodeFormats zxing_formats(const CameraCodeFormats& formats) {
    ZXing::BarcodeFormats wanted;
    if (formats.qr_code) {
        wanted |= ZXing::BarcodeFormat::QRCode; // not MicroQRCode: see the header
    }
    if (formats.data_matrix) {
        wanted |= ZXing::BarcodeFormat::DataMatrix;
    }
    if (formats.aztec) {
        wanted |= ZXing::BarcodeFormat::Aztec;
    }
    return wanted;
}

ZXing::DecodeHints hints_for(const CameraDecoderOptions& options) {
    ZXing::DecodeHints hints;
    hints.setFormats(zxing_formats(options.formats))
        .setTryHarder(true)
        // Rotation by 90° steps helps only the linear readers; the 2D detectors find a symbol at any angle.
        .setTryRotate(false)
        // The passes do their own shrinking: ZXing's pyramid would read a 1280 × 720 frame a second time
        // at a third of its size, which adds time for no code that the passes miss.
        .setTryDownscale(false)
        .setBinarizer(ZXing::Binarizer::LocalAverage)
        .setMaxNumberOfSymbols(1);
    return hints;
}

std::optional<CameraReading> zxing_read(const GreyFrame& frame, const ZXing::DecodeHints& hints,
                                        DecodePass pass) {
    const ZXing::ImageView view(frame.pixels.data(), static_cast<int>(frame.width),
                                static_cast<int>(frame.height), ZXing::ImageFormat::Lum,
                                static_cast<int>(frame.stride));
    try {
        const ZXing::Result result = ZXing::ReadBarcode(view, hints);
        if (!result.isValid()) {
            return std::nullopt;
        }
        return CameraReading{result.text(), ZXing::ToString(result.format()), pass};
    } catch (const std::exception&) {
        // ZXing throws only for images beyond its limits, which grey_frame_problem() has excluded; a frame
        // that cannot be read is a frame without a code.
        return std::nullopt;
    }
}

// How much pass 2 shrinks `frame`: below 2, the pass does not apply (the frame is small already).
std::size_t shrink_factor(const GreyFrame& frame) {
    const std::size_t factor = frame.width / shrunk_width;
    return frame.height >= factor ? factor : 0;
}

bool applies(DecodePass pass, const GreyFrame& frame) {
    return pass != DecodePass::shrunk_sharpened || shrink_factor(frame) >= 2;
}

// One pass over `frame`; none when the pass does not apply.
std::optional<CameraReading> run_pass(const GreyFrame& frame, DecodePass pass,
                                      const ZXing::DecodeHints& hints) {
    if (!applies(pass, frame)) {
        return std::nullopt;
    }
    switch (pass) {
    case DecodePass::plain:
        return zxing_read(frame, hints, pass);
    case DecodePass::shrunk_sharpened:
        return zxing_read(sharpened(shrink(frame, shrink_factor(frame))), hints, pass);
    case DecodePass::sharpened:
        return zxing_read(sharpened(frame), hints, pass);
    case DecodePass::contrast_stretched:
        return zxing_read(contrast_stretched(frame), hints, pass);
    case DecodePass::inverted:
        return zxing_read(inverted(frame), hints, pass);
    }
    return std::nullopt;
}

std::vector<DecodePass> extra_passes(const CameraDecoderOptions& options) {
    std::vector<DecodePass> passes;
    if (options.sharpen) {
        passes.push_back(DecodePass::shrunk_sharpened);
        passes.push_back(DecodePass::sharpened);
    }
    if (options.stretch_contrast) {
        passes.push_back(DecodePass::contrast_stretched);
    }
    if (options.try_inverted) {
        passes.push_back(DecodePass::inverted);
    }
    return passes;
}

} // namespace

GreyFrame GreyFrame::filled(std::size_t width, std::size_t height, std::uint8_t level) {
    return GreyFrame{width, height, width, std::vector<std::uint8_t>(width * height, level)};
}

std::optional<std::string> grey_frame_problem(const GreyFrame& frame) {
    if (frame.width == 0 || frame.height == 0) {
        return fmt::format("the frame is empty ({} x {})", frame.width, frame.height);
    }
    if (frame.width > max_frame_side || frame.height > max_frame_side || frame.stride > max_frame_side) {
        return fmt::format("the frame ({} x {}, stride {}) is too large to read", frame.width, frame.height,
                           frame.stride);
    }
    if (frame.stride < frame.width) {
        return fmt::format("the frame's stride ({}) is less than its width ({})", frame.stride, frame.width);
    }
    const std::size_t needed = frame.stride * (frame.height - 1) + frame.width;
    if (frame.pixels.size() < needed) {
        return fmt::format("the frame ({} x {}, stride {}) needs {} bytes and has {}", frame.width,
                           frame.height, frame.stride, needed, frame.pixels.size());
    }
    return std::nullopt;
}

std::string_view decode_pass_name(DecodePass pass) {
    switch (pass) {
    case DecodePass::plain:
        return "plain";
    case DecodePass::shrunk_sharpened:
        return "shrunk_sharpened";
    case DecodePass::sharpened:
        return "sharpened";
    case DecodePass::contrast_stretched:
        return "contrast_stretched";
    case DecodePass::inverted:
        return "inverted";
    }
    return "unknown";
}

CameraDecoder::CameraDecoder(std::string device, CameraDecoderOptions options)
    : m_device(std::move(device)), m_options(options), m_extra_passes(extra_passes(options)) {}

std::optional<CameraReading> CameraDecoder::read(const GreyFrame& frame) const {
    if (grey_frame_problem(frame)) {
        return std::nullopt;
    }
    const ZXing::DecodeHints hints = hints_for(m_options);
    if (auto reading = run_pass(frame, DecodePass::plain, hints)) {
        return reading;
    }
    for (const DecodePass pass : m_extra_passes) {
        if (auto reading = run_pass(frame, pass, hints)) {
            return reading;
        }
    }
    return std::nullopt;
}

std::optional<CameraReading> CameraDecoder::read_in_turn(const GreyFrame& frame) {
    const ZXing::DecodeHints hints = hints_for(m_options);
    if (auto reading = run_pass(frame, DecodePass::plain, hints)) {
        return reading;
    }
    // The next extra_passes_per_frame passes in turn that apply to this frame (pass 2 does not to a small
    // one), looking at each pass at most once.
    std::size_t run = 0;
    for (std::size_t looked = 0; looked < m_extra_passes.size() && run < m_options.extra_passes_per_frame;
         ++looked) {
        const DecodePass pass = m_extra_passes[m_next_extra_pass];
        m_next_extra_pass = (m_next_extra_pass + 1) % m_extra_passes.size();
        if (!applies(pass, frame)) {
            continue;
        }
        ++run;
        if (auto reading = run_pass(frame, pass, hints)) {
            return reading;
        }
    }
    return std::nullopt;
}

std::optional<Scan> CameraDecoder::decode(const GreyFrame& frame, Clock::time_point time) {
    m_last_frame = CameraFrameReport{};
    if (auto problem = grey_frame_problem(frame)) {
        m_warnings.add(fmt::format("{}: a frame was skipped: {}", m_device, *problem));
        return std::nullopt;
    }
    const Clock::time_point start = Clock::now();
    std::optional<CameraReading> reading = read_in_turn(frame);
    m_last_frame.decode_time = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start);

    // Sightings older than hold_off no longer suppress anything. A time before a sighting (frames handed
    // in out of order) counts as within hold_off.
    std::erase_if(m_seen, [&](const Seen& seen) { return time - seen.last >= m_options.hold_off; });
    if (!reading) {
        return std::nullopt;
    }
    if (reading->payload.size() > m_options.max_payload) {
        m_warnings.add(fmt::format("{}: dropped a {} code of {} bytes (more than {})", m_device,
                                   reading->format, reading->payload.size(), m_options.max_payload));
        return std::nullopt;
    }
    m_last_frame.reading = reading;

    const auto seen = std::find_if(m_seen.begin(), m_seen.end(),
                                   [&](const Seen& each) { return each.payload == reading->payload; });
    if (seen != m_seen.end()) {
        seen->last = std::max(seen->last, time);
        m_last_frame.suppressed = true;
        return std::nullopt;
    }
    m_seen.push_back(Seen{reading->payload, time});
    return Scan{std::move(reading->payload), ScanSource::camera, m_device, time};
}

std::vector<std::string> CameraDecoder::take_warnings() {
    return m_warnings.take();
}

} // namespace checkin::drivers
