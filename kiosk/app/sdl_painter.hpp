#pragma once

// Draws a Scene (scene.hpp) with SDL2's renderer and SDL2_ttf, and saves what is on the renderer as a
// PNG (headless screenshots). The one place that turns scenes into pixels; it knows nothing of
// check-ins. Fonts are opened once per size and weight; rendered texts are cached as textures for the
// scenes that repeat (a cache keyed by text, size, weight, colour and width, dropped when it grows past
// a bound).

#include "base/error.hpp"
#include "kiosk/selfservice/scene.hpp"

#include <SDL.h>
#include <chrono>
#include <expected>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

namespace checkin::kiosk {

struct FontFiles {
    std::filesystem::path regular; // DejaVuSans.ttf
    std::filesystem::path bold;    // DejaVuSans-Bold.ttf
};

class SdlPainter {
public:
    // Checks that both fonts open (TTF_Init must have been called). The renderer must outlive the painter.
    static base::Result<SdlPainter> create(SDL_Renderer* renderer, FontFiles fonts);

    SdlPainter(SdlPainter&&) noexcept;
    SdlPainter& operator=(SdlPainter&&) noexcept;
    ~SdlPainter();

    // Clears to the scene's background and draws its elements in order. Does not present. A Countdown
    // shows the time left at `now`; without one (screenshots) it is drawn full.
    void paint(const Scene& scene, std::optional<std::chrono::steady_clock::time_point> now = std::nullopt);

    // The renderer's current pixels as an RGB PNG file, written atomically (temp file + rename).
    base::Result<void> save_screenshot(const std::filesystem::path& file) const;

private:
    struct State;
    explicit SdlPainter(std::unique_ptr<State> state);
    std::unique_ptr<State> m_state;
};

} // namespace checkin::kiosk
