#include "kiosk/app/sdl_audio.hpp"

#include "kiosk/selfservice/tones.hpp"

#include <cstdint>
#include <fmt/format.h>
#include <utility>

namespace checkin::kiosk {
namespace {

constexpr int wanted_sample_rate = 48000;
// About 21 ms at 48 kHz: short enough that a cue starts with the touch that caused it.
constexpr Uint16 buffer_samples = 1024;

} // namespace

base::Result<SoundPlayer> SoundPlayer::create() {
    SDL_AudioSpec wanted{};
    wanted.freq = wanted_sample_rate;
    wanted.format = AUDIO_S16SYS;
    wanted.channels = 1;
    wanted.samples = buffer_samples;
    wanted.callback = nullptr; // queued audio (SDL_QueueAudio), no callback thread of ours
    SDL_AudioSpec obtained{};
    const SDL_AudioDeviceID device = SDL_OpenAudioDevice(nullptr, 0, &wanted, &obtained, 0);
    if (device == 0) {
        return base::fail(
            base::ErrorKind::unavailable,
            fmt::format("cannot open the sound output ({}); the kiosk goes on without sound cues",
                        SDL_GetError()));
    }
    // With no changes allowed SDL converts to what was asked, but a rate it reports as different is the
    // one the samples must be made at, or every cue would play at the wrong pitch.
    const int sample_rate = obtained.freq > 0 ? obtained.freq : wanted_sample_rate;
    SDL_PauseAudioDevice(device, 0); // start playing: an empty queue plays silence
    return SoundPlayer(device, sample_rate);
}

SoundPlayer::SoundPlayer(SDL_AudioDeviceID device, int sample_rate)
    : m_device(device), m_sample_rate(sample_rate) {
    for (const Sound sound : {Sound::success, Sound::refusal, Sound::problem}) {
        m_samples[sound] = synthesise(sound, m_sample_rate);
    }
}

SoundPlayer::SoundPlayer(SoundPlayer&& other) noexcept
    : m_device(std::exchange(other.m_device, 0)), m_sample_rate(other.m_sample_rate), m_muted(other.m_muted),
      m_samples(std::move(other.m_samples)) {}

SoundPlayer& SoundPlayer::operator=(SoundPlayer&& other) noexcept {
    if (this != &other) {
        if (m_device != 0) {
            SDL_CloseAudioDevice(m_device);
        }
        m_device = std::exchange(other.m_device, 0);
        m_sample_rate = other.m_sample_rate;
        m_muted = other.m_muted;
        m_samples = std::move(other.m_samples);
    }
    return *this;
}

SoundPlayer::~SoundPlayer() {
    if (m_device != 0) {
        SDL_CloseAudioDevice(m_device);
    }
}

void SoundPlayer::play(Sound sound) {
    if (m_muted || m_device == 0) {
        return;
    }
    const auto found = m_samples.find(sound);
    if (found == m_samples.end() || found->second.empty()) {
        return;
    }
    const std::vector<std::int16_t>& samples = found->second;
    // The newest cue matters: what is left of an earlier one is dropped rather than played after it.
    SDL_ClearQueuedAudio(m_device);
    // A cue that cannot be queued (the device went away) is not worth stopping the kiosk for; the
    // screen says the same thing.
    SDL_QueueAudio(m_device, samples.data(), static_cast<Uint32>(samples.size() * sizeof(std::int16_t)));
}

} // namespace checkin::kiosk
