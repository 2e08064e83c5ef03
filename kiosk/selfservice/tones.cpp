#include "kiosk/selfservice/tones.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <numbers>
#include <stdexcept>
#include <string>

namespace checkin::kiosk {
namespace {

// Equal temperament from A4 = 440 Hz.
constexpr double d4_hz = 293.665;
constexpr double f4_hz = 349.228;
constexpr double a4_hz = 440.0;
constexpr double e5_hz = 659.255;
constexpr double a5_hz = 880.0;

// Long enough that the edge of a note makes no click, short enough that a 120 ms note keeps its attack.
constexpr int fade_ms = 10;
constexpr int milliseconds_per_second = 1000;

std::size_t samples_for(int milliseconds, int sample_rate) {
    const long long samples = static_cast<long long>(milliseconds) * sample_rate / milliseconds_per_second;
    return static_cast<std::size_t>(std::max(0LL, samples));
}

// A raised-cosine ramp from 0 (at position 0) to 1 (at position `length`): no corner at either end, so
// the fade itself adds no click.
double ramp(std::size_t position, std::size_t length) {
    if (position >= length) {
        return 1.0;
    }
    const double progress = static_cast<double>(position) / static_cast<double>(length);
    return 0.5 * (1.0 - std::cos(std::numbers::pi * progress));
}

} // namespace

std::vector<Note> notes_of(Sound sound) {
    switch (sound) {
    case Sound::success: // a short rising fourth: "done"
        return {{e5_hz, 120, 30}, {a5_hz, 180, 0}};
    case Sound::refusal: // two even, lower notes: "no", without alarm
        return {{a4_hz, 150, 80}, {a4_hz, 150, 0}};
    case Sound::problem: // three falling notes, the last held: "something is wrong, ask someone"
        return {{a4_hz, 150, 40}, {f4_hz, 150, 40}, {d4_hz, 250, 0}};
    }
    return {};
}

std::vector<std::int16_t> synthesise(Sound sound, int sample_rate, std::int16_t peak) {
    if (sample_rate <= 0) {
        throw std::invalid_argument("synthesise: the sample rate must be positive, not " +
                                    std::to_string(sample_rate));
    }
    if (peak < 0) {
        throw std::invalid_argument("synthesise: the peak amplitude must not be negative, not " +
                                    std::to_string(peak));
    }
    std::vector<std::int16_t> samples;
    for (const Note& note : notes_of(sound)) {
        const std::size_t length = samples_for(note.duration_ms, sample_rate);
        // A note shorter than two fades fades in over its first half and out over its second.
        const std::size_t fade = std::min(samples_for(fade_ms, sample_rate), length / 2);
        const double step = 2.0 * std::numbers::pi * note.frequency_hz / static_cast<double>(sample_rate);
        for (std::size_t index = 0; index < length; ++index) {
            // The last sample is the fade-out's position 0, so a note both starts and ends at silence.
            const double envelope = ramp(index, fade) * ramp(length - 1 - index, fade);
            const double value =
                static_cast<double>(peak) * envelope * std::sin(step * static_cast<double>(index));
            samples.push_back(static_cast<std::int16_t>(std::lround(value)));
        }
        samples.insert(samples.end(), samples_for(note.pause_after_ms, sample_rate), std::int16_t{0});
    }
    return samples;
}

} // namespace checkin::kiosk
