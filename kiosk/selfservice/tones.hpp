#pragma once

// The sound cues as generated tones, so the kiosk ships no sound files: success is two rising notes
// (E5 → A5), a refusal two even lower notes (A4, A4), a problem three falling notes (A4 → F4 → D4).
// Each note has a 10 ms fade in and out (no clicks) and stays well below full scale. Pure.

#include "kiosk/selfservice/flow.hpp"

#include <cstdint>
#include <vector>

namespace checkin::kiosk {

struct Note {
    double frequency_hz = 440.0;
    int duration_ms = 150;
    int pause_after_ms = 40; // silence after the note
};

// The notes of a cue.
std::vector<Note> notes_of(Sound sound);

// Mono signed 16-bit samples at `sample_rate` for the cue (peak amplitude `peak`, at most 32767).
std::vector<std::int16_t> synthesise(Sound sound, int sample_rate, std::int16_t peak = 9000);

} // namespace checkin::kiosk
