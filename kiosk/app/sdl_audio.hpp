#pragma once

// Plays the sound cues (tones.hpp) through SDL audio. A kiosk without a sound card, or started with
// --mute, still works: create() fails with a message the kiosk logs once, and the kiosk goes on silent.

#include "base/error.hpp"
#include "kiosk/selfservice/flow.hpp"

#include <SDL.h>
#include <expected>
#include <map>
#include <string>
#include <vector>

namespace checkin::kiosk {

class SoundPlayer {
public:
    // Opens the default output device (SDL_INIT_AUDIO must have been initialised): 48 kHz mono S16.
    static base::Result<SoundPlayer> create();

    SoundPlayer(SoundPlayer&&) noexcept;
    SoundPlayer& operator=(SoundPlayer&&) noexcept;
    ~SoundPlayer();

    // Queues the cue; a cue still playing is cut short (the newest matters). Does nothing when muted.
    void play(Sound sound);
    void set_muted(bool muted) { m_muted = muted; }
    bool muted() const { return m_muted; }

private:
    SoundPlayer(SDL_AudioDeviceID device, int sample_rate);
    SDL_AudioDeviceID m_device = 0;
    int m_sample_rate = 48000;
    bool m_muted = false;
    std::map<Sound, std::vector<std::int16_t>> m_samples; // synthesised once
};

} // namespace checkin::kiosk
