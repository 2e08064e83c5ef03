#include "kiosk/selfservice/tones.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <gtest/gtest.h>
#include <span>
#include <stdexcept>
#include <vector>

namespace checkin::kiosk {
namespace {

constexpr std::array<Sound, 3> all_sounds = {Sound::success, Sound::refusal, Sound::problem};
constexpr int kiosk_rate = 48000;

std::size_t samples_for(int milliseconds, int sample_rate) {
    return static_cast<std::size_t>(static_cast<long long>(milliseconds) * sample_rate / 1000);
}

int largest_magnitude(std::span<const std::int16_t> samples) {
    int largest = 0;
    for (const std::int16_t sample : samples) {
        largest = std::max(largest, std::abs(int{sample}));
    }
    return largest;
}

// The frequency of a steady tone from how often it changes sign: a sine crosses zero twice a period.
// Counted between the first and the last crossing, so where the note starts and ends in its period does
// not matter; exact zeros (the silent ends) are skipped.
double frequency_by_zero_crossings(std::span<const std::int16_t> samples, int sample_rate) {
    std::size_t first_crossing = 0;
    std::size_t last_crossing = 0;
    std::size_t crossings = 0;
    int previous_sign = 0;
    for (std::size_t index = 0; index < samples.size(); ++index) {
        const int sign = (samples[index] > 0) - (samples[index] < 0);
        if (sign == 0) {
            continue;
        }
        if (previous_sign != 0 && sign != previous_sign) {
            if (crossings == 0) {
                first_crossing = index;
            }
            last_crossing = index;
            ++crossings;
        }
        previous_sign = sign;
    }
    if (crossings < 2) {
        return 0.0;
    }
    const double half_periods = static_cast<double>(crossings - 1);
    const double seconds = static_cast<double>(last_crossing - first_crossing) / sample_rate;
    return half_periods / 2.0 / seconds;
}

// The samples of each note of a cue, without the pauses.
std::vector<std::span<const std::int16_t>> note_spans(const std::vector<std::int16_t>& samples, Sound sound,
                                                      int sample_rate) {
    std::vector<std::span<const std::int16_t>> spans;
    std::size_t at = 0;
    for (const Note& note : notes_of(sound)) {
        const std::size_t length = samples_for(note.duration_ms, sample_rate);
        spans.emplace_back(samples.data() + at, length);
        at += length + samples_for(note.pause_after_ms, sample_rate);
    }
    return spans;
}

TEST(Tones, CuesHaveTheirNotes) {
    const auto success = notes_of(Sound::success);
    ASSERT_EQ(success.size(), 2U);
    EXPECT_NEAR(success[0].frequency_hz, 659.26, 0.1); // E5
    EXPECT_NEAR(success[1].frequency_hz, 880.0, 0.1);  // A5

    const auto refusal = notes_of(Sound::refusal);
    ASSERT_EQ(refusal.size(), 2U);
    EXPECT_NEAR(refusal[0].frequency_hz, 440.0, 0.1); // A4, twice
    EXPECT_NEAR(refusal[1].frequency_hz, 440.0, 0.1);

    const auto problem = notes_of(Sound::problem);
    ASSERT_EQ(problem.size(), 3U);
    EXPECT_NEAR(problem[0].frequency_hz, 440.0, 0.1);  // A4
    EXPECT_NEAR(problem[1].frequency_hz, 349.23, 0.1); // F4
    EXPECT_NEAR(problem[2].frequency_hz, 293.66, 0.1); // D4
}

TEST(Tones, SuccessRisesAndProblemFalls) {
    const auto success = notes_of(Sound::success);
    EXPECT_LT(success.front().frequency_hz, success.back().frequency_hz);
    const auto problem = notes_of(Sound::problem);
    for (std::size_t index = 1; index < problem.size(); ++index) {
        EXPECT_LT(problem[index].frequency_hz, problem[index - 1].frequency_hz) << index;
    }
    // A refusal sits below success: it should not sound like good news.
    EXPECT_LT(notes_of(Sound::refusal).front().frequency_hz, success.front().frequency_hz);
}

TEST(Tones, CuesAreShort) {
    for (const Sound sound : all_sounds) {
        int total_ms = 0;
        for (const Note& note : notes_of(sound)) {
            EXPECT_GE(note.duration_ms, 50) << to_string(sound);
            EXPECT_GE(note.pause_after_ms, 0) << to_string(sound);
            total_ms += note.duration_ms + note.pause_after_ms;
        }
        EXPECT_LE(total_ms, 1000) << to_string(sound); // a cue, not a tune
    }
}

TEST(Tones, LengthIsTheNotesAndPausesAtTheSampleRate) {
    for (const int rate : {48000, 44100, 22050, 8000}) {
        for (const Sound sound : all_sounds) {
            std::size_t expected = 0;
            for (const Note& note : notes_of(sound)) {
                expected += samples_for(note.duration_ms, rate) + samples_for(note.pause_after_ms, rate);
            }
            EXPECT_EQ(synthesise(sound, rate).size(), expected) << to_string(sound) << " at " << rate;
        }
    }
}

TEST(Tones, PausesAreSilent) {
    for (const Sound sound : all_sounds) {
        const auto samples = synthesise(sound, kiosk_rate);
        std::size_t at = 0;
        for (const Note& note : notes_of(sound)) {
            at += samples_for(note.duration_ms, kiosk_rate);
            const std::size_t pause = samples_for(note.pause_after_ms, kiosk_rate);
            for (std::size_t index = at; index < at + pause; ++index) {
                ASSERT_EQ(samples[index], 0) << to_string(sound) << " sample " << index;
            }
            at += pause;
        }
    }
}

TEST(Tones, PeakReachesButNeverExceedsTheBound) {
    for (const std::int16_t peak : {std::int16_t{9000}, std::int16_t{1000}, std::int16_t{32767}}) {
        for (const Sound sound : all_sounds) {
            const int largest = largest_magnitude(synthesise(sound, kiosk_rate, peak));
            EXPECT_LE(largest, peak) << to_string(sound);
            EXPECT_GE(largest, peak * 98 / 100) << to_string(sound); // the sustained part is at full level
        }
    }
    EXPECT_EQ(largest_magnitude(synthesise(Sound::success, kiosk_rate, 0)), 0);
}

TEST(Tones, DefaultPeakStaysWellBelowFullScale) {
    for (const Sound sound : all_sounds) {
        EXPECT_LE(largest_magnitude(synthesise(sound, kiosk_rate)), 9000) << to_string(sound);
    }
}

TEST(Tones, EveryNoteFadesInAndOut) {
    for (const Sound sound : all_sounds) {
        const auto samples = synthesise(sound, kiosk_rate);
        for (const auto note : note_spans(samples, sound, kiosk_rate)) {
            ASSERT_GT(note.size(), 2000U);
            // The edges are silent and the first and last millisecond stay quiet: no click.
            EXPECT_LE(std::abs(int{note.front()}), 50) << to_string(sound);
            EXPECT_LE(std::abs(int{note.back()}), 50) << to_string(sound);
            const std::size_t millisecond = samples_for(1, kiosk_rate);
            EXPECT_LE(largest_magnitude(note.first(millisecond)), 9000 / 10) << to_string(sound);
            EXPECT_LE(largest_magnitude(note.last(millisecond)), 9000 / 10) << to_string(sound);
            // And the middle is at full level.
            EXPECT_GE(largest_magnitude(note.subspan(note.size() / 2 - 200, 400)), 8500) << to_string(sound);
        }
        EXPECT_EQ(samples.front(), 0);
        EXPECT_LE(std::abs(int{samples.back()}), 50);
    }
}

TEST(Tones, EachNoteSoundsAtItsFrequency) {
    for (const int rate : {48000, 44100}) {
        for (const Sound sound : all_sounds) {
            const auto samples = synthesise(sound, rate);
            const auto notes = notes_of(sound);
            const auto spans = note_spans(samples, sound, rate);
            for (std::size_t index = 0; index < notes.size(); ++index) {
                const double measured = frequency_by_zero_crossings(spans[index], rate);
                EXPECT_NEAR(measured, notes[index].frequency_hz, notes[index].frequency_hz * 0.02)
                    << to_string(sound) << " note " << index << " at " << rate;
            }
        }
    }
}

TEST(Tones, ImpossibleArgumentsAreRefused) {
    EXPECT_THROW(synthesise(Sound::success, 0), std::invalid_argument);
    EXPECT_THROW(synthesise(Sound::success, -48000), std::invalid_argument);
    EXPECT_THROW(synthesise(Sound::success, kiosk_rate, -1), std::invalid_argument);
}

} // namespace
} // namespace checkin::kiosk
