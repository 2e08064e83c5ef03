// The sound player on SDL's dummy audio driver: the real SDL audio code, no sound card. The driver
// consumes the queue in real time, so these tests look at what was queued, not at what was heard.

#include "kiosk/app/sdl_audio.hpp"
#include "kiosk/selfservice/tones.hpp"

#include <SDL.h>
#include <cstdint>
#include <cstdlib>
#include <gtest/gtest.h>
#include <optional>
#include <utility>

namespace checkin::kiosk {
namespace {

constexpr Uint32 bytes_per_sample = sizeof(std::int16_t);

Uint32 cue_bytes(Sound sound) {
    return static_cast<Uint32>(synthesise(sound, 48000).size()) * bytes_per_sample;
}

// The player's device without a way to ask it: SDL numbers the devices SDL_OpenAudioDevice opens from
// 2, and the player's is the only one open and playing in these tests.
SDL_AudioDeviceID open_playing_device() {
    for (SDL_AudioDeviceID device = 2; device < 16; ++device) {
        if (SDL_GetAudioDeviceStatus(device) == SDL_AUDIO_PLAYING) {
            return device;
        }
    }
    return 0;
}

class SoundPlayerTest : public ::testing::Test {
protected:
    void SetUp() override {
        // Each test runs in its own process under ctest; the drivers need no display or sound card.
        ::setenv("SDL_VIDEODRIVER", "offscreen", 1);
        ::setenv("SDL_AUDIODRIVER", "dummy", 1);
        ASSERT_EQ(SDL_InitSubSystem(SDL_INIT_AUDIO), 0) << SDL_GetError();
        auto created = SoundPlayer::create();
        ASSERT_TRUE(created) << created.error().message;
        player.emplace(std::move(*created));
        device = open_playing_device();
        ASSERT_NE(device, 0U) << "the player's device is not open and playing";
    }

    void TearDown() override {
        player.reset(); // closes the device before the subsystem goes
        SDL_QuitSubSystem(SDL_INIT_AUDIO);
    }

    std::optional<SoundPlayer> player;
    SDL_AudioDeviceID device = 0;
};

TEST_F(SoundPlayerTest, OpensUnmutedAndPlaying) {
    EXPECT_FALSE(player->muted());
    EXPECT_EQ(SDL_GetQueuedAudioSize(device), 0U);
}

TEST_F(SoundPlayerTest, PlayQueuesTheCue) {
    player->play(Sound::success);
    const Uint32 queued = SDL_GetQueuedAudioSize(device);
    EXPECT_GT(queued, 0U);
    EXPECT_LE(queued, cue_bytes(Sound::success)); // the device may have taken its first buffer already
}

TEST_F(SoundPlayerTest, EachCueCanBePlayed) {
    for (const Sound sound : {Sound::success, Sound::refusal, Sound::problem}) {
        player->play(sound);
        EXPECT_GT(SDL_GetQueuedAudioSize(device), 0U) << to_string(sound);
    }
}

TEST_F(SoundPlayerTest, NewCueReplacesOneStillQueued) {
    player->play(Sound::problem);
    player->play(Sound::success);
    // Had the problem cue stayed, more than the success cue alone would be queued.
    EXPECT_LE(SDL_GetQueuedAudioSize(device), cue_bytes(Sound::success));
    EXPECT_GT(SDL_GetQueuedAudioSize(device), 0U);
}

TEST_F(SoundPlayerTest, MutedPlayerQueuesNothing) {
    player->set_muted(true);
    EXPECT_TRUE(player->muted());
    player->play(Sound::problem);
    EXPECT_EQ(SDL_GetQueuedAudioSize(device), 0U);

    player->set_muted(false);
    player->play(Sound::problem);
    EXPECT_GT(SDL_GetQueuedAudioSize(device), 0U);
}

TEST_F(SoundPlayerTest, MovedPlayerOwnsTheDevice) {
    SoundPlayer moved = std::move(*player);
    player->play(Sound::success); // the moved-from player has no device: nothing happens
    EXPECT_EQ(SDL_GetQueuedAudioSize(device), 0U);
    moved.play(Sound::success);
    EXPECT_GT(SDL_GetQueuedAudioSize(device), 0U);
    player.reset(); // destroying the moved-from player leaves the device open
    EXPECT_EQ(SDL_GetAudioDeviceStatus(device), SDL_AUDIO_PLAYING);
}

TEST_F(SoundPlayerTest, MoveAssignmentHandsTheDeviceOver) {
    SoundPlayer holder = std::move(*player);
    *player = std::move(holder); // back into the moved-from player
    holder.play(Sound::success);
    EXPECT_EQ(SDL_GetQueuedAudioSize(device), 0U);
    player->play(Sound::success);
    EXPECT_GT(SDL_GetQueuedAudioSize(device), 0U);
}

TEST_F(SoundPlayerTest, MoveAssignmentClosesTheDeviceItReplaces) {
    // The dummy driver has a single device, so the player replaced holds it and the new one is empty.
    SoundPlayer holder = std::move(*player);
    holder = std::move(*player);
    EXPECT_EQ(SDL_GetAudioDeviceStatus(device), SDL_AUDIO_STOPPED);
    holder.play(Sound::success); // no device: nothing happens, nothing breaks
    // The device is free again.
    auto reopened = SoundPlayer::create();
    EXPECT_TRUE(reopened) << reopened.error().message;
}

TEST_F(SoundPlayerTest, DestructorClosesTheDevice) {
    player.reset();
    EXPECT_EQ(SDL_GetAudioDeviceStatus(device), SDL_AUDIO_STOPPED);
}

} // namespace
} // namespace checkin::kiosk
