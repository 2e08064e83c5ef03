// A minimal kiosk window until the kiosk's own issue: the event's name, the delegates in the mirror and
// the day in force, fullscreen, closed with Escape. It proves the SDL2 + SDL2_ttf path, the mirror and
// the demo roster work together on the target machine.

#include "kiosk/kiosk_app.hpp"

#include "kiosk/clock.hpp"
#include "kiosk/demo.hpp"
#include "sync/mirror.hpp"

#include <CLI/CLI.hpp>
#include <SDL.h>
#include <SDL_ttf.h>
#include <fmt/format.h>
#include <iostream>
#include <memory>
#include <string>

namespace checkin::kiosk {

namespace {

constexpr const char* font_path = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

struct WindowDestroyer {
    void operator()(SDL_Window* window) const noexcept { SDL_DestroyWindow(window); }
};
struct RendererDestroyer {
    void operator()(SDL_Renderer* renderer) const noexcept { SDL_DestroyRenderer(renderer); }
};
struct FontCloser {
    void operator()(TTF_Font* font) const noexcept { TTF_CloseFont(font); }
};
struct SurfaceFreer {
    void operator()(SDL_Surface* surface) const noexcept { SDL_FreeSurface(surface); }
};
struct TextureDestroyer {
    void operator()(SDL_Texture* texture) const noexcept { SDL_DestroyTexture(texture); }
};

// Long event names wrap onto centred lines within `width` instead of running off the screen.
void draw_text(SDL_Renderer* renderer, TTF_Font* font, const std::string& text, int centre_x, int y,
               int width) {
    TTF_SetFontWrappedAlign(font, TTF_WRAPPED_ALIGN_CENTER);
    std::unique_ptr<SDL_Surface, SurfaceFreer> surface(TTF_RenderUTF8_Blended_Wrapped(
        font, text.c_str(), SDL_Color{255, 255, 255, 255}, static_cast<Uint32>(width)));
    if (!surface) {
        return;
    }
    std::unique_ptr<SDL_Texture, TextureDestroyer> texture(
        SDL_CreateTextureFromSurface(renderer, surface.get()));
    const SDL_Rect target{centre_x - surface->w / 2, y, surface->w, surface->h};
    SDL_RenderCopy(renderer, texture.get(), nullptr, &target);
}

} // namespace

int run_kiosk_app(int argc, char** argv) {
    CLI::App app{"kiosk — the self check-in kiosk (a minimal window until the kiosk's issue lands)"};
    std::string database;
    std::string date_text;
    bool demo = false;
    int frames = 0;
    app.add_option("--db", database, "The mirror's SQLite file");
    app.add_flag("--demo", demo, "Run on the demo roster (kiosk/demo/roster.csv) in a mirror of its own");
    app.add_option("--date", date_text, "Stand in for today's date (YYYY-MM-DD)");
    app.add_option("--frames", frames, "Quit after this many frames (tests); 0 runs until Escape");
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& error) {
        return app.exit(error) == 0 ? 0 : 2;
    }
    std::optional<sync::Day> date_override;
    if (!date_text.empty() && !(date_override = sync::parse_iso_day(date_text))) {
        std::cerr << "kiosk: --date " << date_text << " is not a date; write it as 2026-11-29\n";
        return 2;
    }
    if (demo && database.empty()) {
        database = default_demo_database().string();
    }
    if (database.empty()) {
        std::cerr << "kiosk: give the mirror with --db FILE, or run the demo with --demo\n";
        return 2;
    }
    if (demo) {
        if (auto prepared = prepare_demo_mirror(database); !prepared) {
            std::cerr << "kiosk: " << prepared.error().message << '\n';
            return 3;
        }
    }
    auto mirror = sync::Mirror::open(database);
    if (!mirror) {
        std::cerr << "kiosk: " << mirror.error().message << '\n';
        return 3;
    }
    const Clock clock(date_override);
    auto event = mirror->event();
    auto statistics = mirror->statistics(clock.today());
    if (!event || !statistics) {
        std::cerr << "kiosk: " << (!event ? event.error().message : statistics.error().message) << '\n';
        return 3;
    }

    if (SDL_Init(SDL_INIT_VIDEO) != 0) {
        std::cerr << "kiosk: cannot start the display: " << SDL_GetError()
                  << " (no desktop? run under X11/Wayland, or set SDL_VIDEODRIVER=offscreen)\n";
        return 3;
    }
    if (TTF_Init() != 0) {
        std::cerr << "kiosk: cannot start the font engine: " << TTF_GetError() << '\n';
        SDL_Quit();
        return 3;
    }
    int exit_code = 0;
    {
        std::unique_ptr<SDL_Window, WindowDestroyer> window(
            SDL_CreateWindow("Check-in", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, 1280, 800,
                             SDL_WINDOW_FULLSCREEN_DESKTOP));
        std::unique_ptr<SDL_Renderer, RendererDestroyer> renderer(
            window ? SDL_CreateRenderer(window.get(), -1, SDL_RENDERER_SOFTWARE) : nullptr);
        std::unique_ptr<TTF_Font, FontCloser> title_font(TTF_OpenFont(font_path, 48));
        std::unique_ptr<TTF_Font, FontCloser> body_font(TTF_OpenFont(font_path, 32));
        if (!window || !renderer || !title_font || !body_font) {
            std::cerr << "kiosk: cannot open the window or the font " << font_path << ": " << SDL_GetError()
                      << '\n';
            exit_code = 3;
        } else {
            bool running = true;
            for (int frame = 0; running && (frames == 0 || frame < frames); ++frame) {
                SDL_Event input;
                while (SDL_PollEvent(&input)) {
                    if (input.type == SDL_QUIT ||
                        (input.type == SDL_KEYDOWN && input.key.keysym.sym == SDLK_ESCAPE)) {
                        running = false;
                    }
                }
                int width = 0;
                int height = 0;
                SDL_GetRendererOutputSize(renderer.get(), &width, &height);
                SDL_SetRenderDrawColor(renderer.get(), 0, 51, 102, 255);
                SDL_RenderClear(renderer.get());
                draw_text(renderer.get(), title_font.get(), event->name.empty() ? "Check-in" : event->name,
                          width / 2, height / 4, width * 9 / 10);
                draw_text(renderer.get(), body_font.get(),
                          fmt::format("{} delegatów · {} zarejestrowanych dziś ({})", statistics->active,
                                      statistics->checked_in_today, sync::format_short_day(clock.today())),
                          width / 2, height / 2, width * 9 / 10);
                draw_text(renderer.get(), body_font.get(), "Esc — zakończ", width / 2, height * 3 / 4,
                          width * 9 / 10);
                SDL_RenderPresent(renderer.get());
                SDL_Delay(50);
            }
        }
    }
    TTF_Quit();
    SDL_Quit();
    return exit_code;
}

} // namespace checkin::kiosk
