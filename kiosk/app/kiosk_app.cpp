// The kiosk application: options and configuration, SDL's window, events, painter and sound around the
// KioskController, in one of three ways — the venue's fullscreen kiosk, the demo (`--demo`: the demo
// roster, the simulated printer, typing or F2 to "scan"), and headless (`--headless --scan-script`: SDL's
// offscreen driver, a script of scans and touches, a screenshot of every screen reached).
//
// Headless time: the script's clock. It starts at 9:00 on --date (or now, without --date) and moves only
// at `sleep` and `hold` steps, at once, as if that much time had passed; between steps the player waits
// (in real time) until the lookups and prints it started have answered. So a script gives the same
// screens and screenshots on every run and machine, however slow, and a 6-second screen costs nothing.

#include "kiosk/app/kiosk_app.hpp"

#include "base/clock.hpp"
#include "base/password_hash.hpp"
#include "kiosk/app/config.hpp"
#include "kiosk/app/controller.hpp"
#include "kiosk/app/demo.hpp"
#include "kiosk/app/resources.hpp"
#include "kiosk/app/scan_script.hpp"
#include "kiosk/app/sdl_audio.hpp"
#include "kiosk/app/sdl_painter.hpp"
#include "printing/ttf_library.hpp"

#include <CLI/CLI.hpp>
#include <SDL.h>
#include <SDL_ttf.h>
#include <algorithm>
#include <chrono>
#include <ctime>
#include <fmt/format.h>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <variant>

namespace checkin::kiosk {

namespace {

constexpr int exit_ok = 0;
constexpr int exit_failure = 1;
constexpr int exit_usage = 2;
constexpr int exit_setup = 3;

const char* const demo_staff_pin = "1234";

struct AppOptions {
    std::string config_path;
    CommandLineOverrides overrides;
    bool demo = false;
    bool headless = false;
    bool windowed = false;
    bool mute = false;
    std::string scan_script;
    std::string screenshot_directory;
    std::string size = "1280x800";
    int frames = 0;
};

struct WindowDestroyer {
    void operator()(SDL_Window* window) const noexcept { SDL_DestroyWindow(window); }
};
struct RendererDestroyer {
    void operator()(SDL_Renderer* renderer) const noexcept { SDL_DestroyRenderer(renderer); }
};

// SDL and SDL_ttf for the life of the application: the one SDL_Init of the program, and a handle on
// SDL_ttf's process-wide initialisation (printing::TtfLibrary, shared with the badge renderer).
class SdlSession {
public:
    SdlSession() = default;
    SdlSession(const SdlSession&) = delete;
    SdlSession& operator=(const SdlSession&) = delete;
    ~SdlSession() {
        m_ttf.reset(); // fonts before the video subsystem they were drawn for
        if (m_sdl) {
            SDL_Quit();
        }
    }
    base::Result<void> start(Uint32 subsystems) {
        if (SDL_Init(subsystems) != 0) {
            return base::fail(base::ErrorKind::unavailable,
                              fmt::format("cannot start the display: {} (no desktop? run under X11 or "
                                          "Wayland, or use --headless)",
                                          SDL_GetError()));
        }
        m_sdl = true;
        auto ttf = printing::TtfLibrary::acquire();
        if (!ttf) {
            return base::fail(ttf.error().kind,
                              fmt::format("cannot start the font engine: {}", ttf.error().message));
        }
        m_ttf = std::move(*ttf);
        return {};
    }

private:
    bool m_sdl = false;
    std::shared_ptr<printing::TtfLibrary> m_ttf;
};

std::string time_of_day_now() {
    const base::LocalTime local = base::local_time(base::now_unix_milliseconds());
    return fmt::format("{:02}:{:02}:{:02}.{:03}", local.hour, local.minute, local.second, local.millisecond);
}

void log_line(std::string_view line) {
    std::clog << time_of_day_now() << ' ' << line << '\n';
}

// 9:00 at the venue on `day` (the system's time zone), for the headless clock.
std::int64_t nine_o_clock(sync::Day day) {
    std::tm local{};
    local.tm_year = static_cast<int>(day.year()) - 1900;
    local.tm_mon = static_cast<int>(static_cast<unsigned>(day.month())) - 1;
    local.tm_mday = static_cast<int>(static_cast<unsigned>(day.day()));
    local.tm_hour = 9;
    local.tm_isdst = -1;
    return static_cast<std::int64_t>(std::mktime(&local)) * 1000;
}

// SDL 2 picks X11 over Wayland unless told otherwise, so only these sessions draw through Wayland.
bool is_wayland_session() {
    const char* requested = std::getenv("SDL_VIDEODRIVER");
    if (requested != nullptr && *requested != '\0') {
        return std::string_view(requested) == "wayland";
    }
    const char* wayland = std::getenv("WAYLAND_DISPLAY");
    const char* x11 = std::getenv("DISPLAY");
    return wayland != nullptr && *wayland != '\0' && (x11 == nullptr || *x11 == '\0');
}

std::optional<std::pair<int, int>> parse_size(const std::string& text) {
    int width = 0;
    int height = 0;
    char separator = 0;
    std::istringstream stream(text);
    if (!(stream >> width >> separator >> height) || separator != 'x' || width < 320 || height < 240 ||
        width > 7680 || height > 4320 || !stream.eof()) {
        return std::nullopt;
    }
    return std::pair{width, height};
}

// The configuration: the file (or the built-in defaults), the demo's settings, then the command line.
ConfigResult<KioskConfig> assemble_config(AppOptions& options) {
    KioskConfig config = default_kiosk_config();
    if (!options.config_path.empty()) {
        auto loaded = load_kiosk_config(options.config_path);
        if (!loaded) {
            return loaded;
        }
        config = std::move(*loaded);
    }
    if (options.demo) {
        if (!options.overrides.database && config.kiosk.database.value.empty()) {
            options.overrides.database = default_demo_database().string();
        }
        if (!options.overrides.printer && !config.printer.device.value) {
            options.overrides.printer =
                "sim://" + (default_demo_database().parent_path() / "demo-badges").string();
        }
        // The demo roster is for the seminar's days; on any other day the demo plays its first day, so
        // that scanning admits people instead of saying "not registered today" to everyone.
        const std::string today = sync::format_iso_day(base::Clock().today());
        if (!options.overrides.date &&
            std::string_view(demo_event_days).find(today) == std::string_view::npos) {
            options.overrides.date = std::string(std::string_view(demo_event_days).substr(0, 10));
        }
        if (options.config_path.empty()) {
            config.kiosk.id.value = "demo";
            // The demo's PIN is the 4 digits its screens show (shorter than `kiosk --hash-pin` allows, on
            // purpose: the demo has no secret to keep), hashed like any PIN.
            config.staff.pins.push_back(
                StaffSecret{"demo", base::hash_password(demo_staff_pin).value_or(""), 0});
        }
    }
    return apply_overrides(std::move(config), options.overrides);
}

class Application {
public:
    Application(AppOptions options, KioskConfig config)
        : m_options(std::move(options)), m_config(std::move(config)) {}

    int run();

private:
    base::Result<void> open_window(int width, int height);
    base::Result<void> open_controller(FlowTime start, std::int64_t wall_start);
    int run_interactive();
    int run_headless();
    void draw_if_changed();
    base::Result<void> save_new_screens();
    base::Result<void> wait_until_idle(FlowTime now);
    void advance(FlowTime& now, std::chrono::milliseconds duration);
    void play_sounds();

    AppOptions m_options;
    KioskConfig m_config;
    SdlSession m_sdl;
    std::unique_ptr<SDL_Window, WindowDestroyer> m_window;
    std::unique_ptr<SDL_Renderer, RendererDestroyer> m_renderer;
    std::optional<SdlPainter> m_painter;
    std::optional<SoundPlayer> m_sound;
    std::unique_ptr<KioskController> m_controller;
    std::optional<Scene> m_painted;
    std::size_t m_screenshots = 0;
    Uint32 m_wake_event = 0;
};

base::Result<void> Application::open_window(int width, int height) {
    const Uint32 flags = m_options.headless   ? SDL_WINDOW_HIDDEN
                         : m_options.windowed ? SDL_WINDOW_RESIZABLE
                                              : SDL_WINDOW_FULLSCREEN_DESKTOP;
    m_window.reset(
        SDL_CreateWindow("Check-in", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, width, height, flags));
    if (!m_window) {
        return base::fail(base::ErrorKind::unavailable,
                          fmt::format("cannot open the window: {}", SDL_GetError()));
    }
    // The software renderer: the same pixels on every machine (screenshots are compared), and a kiosk's
    // few full-screen changes a second need no GPU.
    m_renderer.reset(SDL_CreateRenderer(m_window.get(), -1, SDL_RENDERER_SOFTWARE));
    if (!m_renderer) {
        return base::fail(base::ErrorKind::unavailable,
                          fmt::format("cannot draw in the window: {}", SDL_GetError()));
    }
    auto painter = SdlPainter::create(m_renderer.get(),
                                      FontFiles{resource_paths().font_regular, resource_paths().font_bold});
    if (!painter) {
        return std::unexpected(painter.error());
    }
    m_painter.emplace(std::move(*painter));
    if (!m_options.headless) {
        SDL_ShowCursor(m_options.windowed || m_options.demo ? SDL_ENABLE : SDL_DISABLE);
        SDL_StartTextInput();
    }
    return {};
}

base::Result<void> Application::open_controller(FlowTime start, std::int64_t wall_start) {
    int width = 0;
    int height = 0;
    SDL_GetRendererOutputSize(m_renderer.get(), &width, &height);
    ControllerSettings settings;
    settings.config = m_config;
    settings.resources =
        BadgeResources{resource_paths().templates, resource_paths().font_regular, resource_paths().font_bold};
    settings.profiles_directory = resource_paths().profiles;
    settings.demo = m_options.demo;
    settings.demo_staff_pin = m_options.demo && m_options.config_path.empty() ? demo_staff_pin : "";
    settings.open_scanners = !m_options.headless;
    settings.width = width;
    settings.height = height;
    settings.flow_start = start;
    settings.wall_start_milliseconds = wall_start;
    settings.date_override = m_config.kiosk.date.value;
    settings.log = log_line;
    const Uint32 wake_event = m_wake_event;
    settings.wake = [wake_event] {
        SDL_Event event{};
        event.type = wake_event;
        SDL_PushEvent(&event); // thread-safe; a full queue only delays the wake to the next deadline
    };
    auto controller = KioskController::create(std::move(settings));
    if (!controller) {
        return std::unexpected(controller.error());
    }
    m_controller = std::move(*controller);
    return {};
}

int Application::run() {
    const auto started = std::chrono::steady_clock::now();
    if (m_options.headless) {
        // Before SDL_Init: SDL reads the driver from the environment there.
        ::setenv("SDL_VIDEODRIVER", "offscreen", 1);
    }
    // The software renderer draws into the window's own framebuffer. By default SDL shows that framebuffer
    // through OpenGL, which on a kiosk without a GPU is Mesa's software GL: ~90 MB of LLVM, ~150 ms of
    // start-up and ~7 ms a frame for nothing (BENCHMARKS.md). SDL decides when the video system starts,
    // so the hint goes before SDL_Init. Wayland's framebuffer needs GL in SDL 2.26, so a Wayland session
    // keeps the default; the environment's SDL_FRAMEBUFFER_ACCELERATION still wins either way.
    if (!is_wayland_session()) {
        SDL_SetHintWithPriority(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0", SDL_HINT_DEFAULT);
    }
    const Uint32 subsystems =
        SDL_INIT_VIDEO | SDL_INIT_EVENTS | (m_options.headless || m_options.mute ? 0U : SDL_INIT_AUDIO);
    if (auto started_sdl = m_sdl.start(subsystems); !started_sdl) {
        std::cerr << "kiosk: " << started_sdl.error().message << '\n';
        return exit_setup;
    }
    m_wake_event = SDL_RegisterEvents(1);
    const auto size = parse_size(m_options.size);
    if (auto opened = open_window(size->first, size->second); !opened) {
        std::cerr << "kiosk: " << opened.error().message << '\n';
        return exit_setup;
    }
    const FlowTime start = std::chrono::steady_clock::now();
    std::int64_t wall_start = base::now_unix_milliseconds();
    if (m_options.headless && m_config.kiosk.date.value) {
        wall_start = nine_o_clock(*m_config.kiosk.date.value);
    }
    if (auto opened = open_controller(start, wall_start); !opened) {
        std::cerr << "kiosk: " << opened.error().message << '\n';
        return exit_setup;
    }
    if (!m_options.headless && !m_options.mute) {
        auto sound = SoundPlayer::create();
        if (sound) {
            m_sound.emplace(std::move(*sound));
        } else {
            log_line("no sound: " + sound.error().message);
        }
    }
    draw_if_changed();
    log_line(fmt::format(
        "attract screen shown {} ms after start",
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started)
            .count()));
    return m_options.headless ? run_headless() : run_interactive();
}

namespace {

// Whether the scene shows a countdown or a spinner, which move while the scene stays the same.
bool moves_by_itself(const Scene& scene) {
    return std::ranges::any_of(scene.elements, [](const SceneElement& element) {
        return std::holds_alternative<Countdown>(element) || std::holds_alternative<Spinner>(element);
    });
}

} // namespace

void Application::draw_if_changed() {
    const Scene& scene = m_controller->scene();
    // A countdown or a spinner is drawn again on every pass of the loop (about 10 a second, see
    // run_interactive). Headless, time is the script's, so screenshots show it full.
    const bool moving = !m_options.headless && moves_by_itself(scene);
    if (m_painted && *m_painted == scene && !moving) {
        return;
    }
    m_painter->paint(scene, moving ? std::optional(std::chrono::steady_clock::now()) : std::nullopt);
    SDL_RenderPresent(m_renderer.get());
    m_painted = scene;
}

void Application::play_sounds() {
    for (const Sound sound : m_controller->take_sounds()) {
        if (m_sound) {
            m_sound->play(sound);
        }
    }
}

std::optional<KioskKey> kiosk_key(SDL_Keycode key) {
    switch (key) {
    case SDLK_RETURN:
    case SDLK_KP_ENTER:
        return KioskKey::enter;
    case SDLK_TAB:
        return KioskKey::tab;
    case SDLK_BACKSPACE:
        return KioskKey::backspace;
    case SDLK_ESCAPE:
        return KioskKey::escape;
    case SDLK_F2:
        return KioskKey::random_delegate;
    default:
        return std::nullopt;
    }
}

int Application::run_interactive() {
    int frame = 0;
    while (!m_controller->quit_requested() && (m_options.frames == 0 || frame < m_options.frames)) {
        // Sleep until an event, a worker's answer (the wake event) or the next deadline: an idle kiosk
        // wakes only when something is due.
        int timeout = -1;
        if (const auto deadline = m_controller->next_deadline()) {
            const auto left =
                std::chrono::ceil<std::chrono::milliseconds>(*deadline - std::chrono::steady_clock::now());
            timeout = static_cast<int>(std::clamp<std::int64_t>(left.count(), 0, 60'000));
        }
        if (m_options.frames != 0) {
            timeout = 50;
        }
        if (moves_by_itself(m_controller->scene())) {
            // Smooth enough for a bar that empties over seconds and a spinner stepping every 125 ms, idle
            // otherwise.
            constexpr int countdown_frame_milliseconds = 100;
            timeout =
                timeout < 0 ? countdown_frame_milliseconds : std::min(timeout, countdown_frame_milliseconds);
        }
        SDL_Event event;
        bool have_event = SDL_WaitEventTimeout(&event, timeout) != 0;
        while (have_event) {
            const FlowTime now = std::chrono::steady_clock::now();
            switch (event.type) {
            case SDL_QUIT:
                return exit_ok;
            case SDL_TEXTINPUT:
                m_controller->keyboard_text(event.text.text, now);
                break;
            case SDL_KEYDOWN:
                if (const auto key = kiosk_key(event.key.keysym.sym)) {
                    m_controller->keyboard_key(*key, now);
                }
                break;
            case SDL_MOUSEBUTTONDOWN:
                if (event.button.button == SDL_BUTTON_LEFT) {
                    m_controller->pointer_down(event.button.x, event.button.y, now);
                }
                break;
            case SDL_MOUSEBUTTONUP:
                if (event.button.button == SDL_BUTTON_LEFT) {
                    m_controller->pointer_up(event.button.x, event.button.y, now);
                }
                break;
            case SDL_WINDOWEVENT:
                if (event.window.event == SDL_WINDOWEVENT_SIZE_CHANGED) {
                    int width = 0;
                    int height = 0;
                    SDL_GetRendererOutputSize(m_renderer.get(), &width, &height);
                    m_controller->resize(width, height);
                    m_painted.reset();
                } else if (event.window.event == SDL_WINDOWEVENT_EXPOSED) {
                    m_painted.reset();
                }
                break;
            default:
                break; // the wake event only wakes the loop
            }
            have_event = SDL_PollEvent(&event) != 0;
        }
        m_controller->tick(std::chrono::steady_clock::now());
        play_sounds();
        draw_if_changed();
        ++frame;
    }
    return exit_ok;
}

// Headless ----------------------------------------------------------------------------------------------

base::Result<void> Application::save_new_screens() {
    for (const Scene& scene : m_controller->take_scene_history()) {
        m_painter->paint(scene);
        SDL_RenderPresent(m_renderer.get());
        m_painted = scene;
        if (m_options.screenshot_directory.empty()) {
            continue;
        }
        ++m_screenshots;
        const auto file = std::filesystem::path(m_options.screenshot_directory) /
                          fmt::format("{:04}-{}.png", m_screenshots, scene.name);
        if (auto saved = m_painter->save_screenshot(file); !saved) {
            return saved;
        }
    }
    return {};
}

// Waits (in real time, the script's clock standing still) until every lookup, print and staff request
// has answered, taking the answers as they come.
base::Result<void> Application::wait_until_idle(FlowTime now) {
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (true) {
        m_controller->tick(now);
        if (auto saved = save_new_screens(); !saved) {
            return saved;
        }
        if (!m_controller->busy()) {
            return {};
        }
        if (std::chrono::steady_clock::now() > give_up) {
            return base::fail(base::ErrorKind::unavailable, "a lookup or print has not answered in 60 s");
        }
        SDL_Event event;
        SDL_WaitEventTimeout(&event, 5);
    }
}

// Lets `duration` of script time pass, stopping at each deadline on the way so every screen a timeout
// leads to is reached (and shot) at its own time.
void Application::advance(FlowTime& now, std::chrono::milliseconds duration) {
    const FlowTime target = now + duration;
    while (true) {
        const auto deadline = m_controller->next_deadline();
        if (!deadline || *deadline > target) {
            break;
        }
        now = std::max(now, *deadline);
        m_controller->tick(now);
        (void)save_new_screens();
        if (m_controller->busy()) {
            (void)wait_until_idle(now);
        }
    }
    now = target;
    m_controller->tick(now);
}

int Application::run_headless() {
    std::vector<ScriptLine> script;
    if (!m_options.scan_script.empty()) {
        std::ifstream file(m_options.scan_script, std::ios::binary);
        if (!file) {
            std::cerr << "kiosk: cannot read the scan script " << m_options.scan_script << '\n';
            return exit_usage;
        }
        std::ostringstream text;
        text << file.rdbuf();
        auto parsed = parse_scan_script(text.str(), m_options.scan_script);
        if (!parsed) {
            std::cerr << "kiosk: " << parsed.error().message << '\n';
            return exit_usage;
        }
        script = std::move(*parsed);
    }
    FlowTime now = std::chrono::steady_clock::now(); // the script's clock: moved only by sleep and hold
    const auto fail = [](const std::string& message) {
        std::cerr << "kiosk: " << message << '\n';
        return exit_failure;
    };
    if (auto saved = save_new_screens(); !saved) {
        return fail(saved.error().message);
    }
    for (const ScriptLine& line : script) {
        std::optional<std::string> problem;
        std::visit(
            [&](const auto& step) {
                using Step = std::decay_t<decltype(step)>;
                if constexpr (std::is_same_v<Step, ScriptScan>) {
                    m_controller->scan(step.payload, now);
                } else if constexpr (std::is_same_v<Step, ScriptSleep>) {
                    advance(now, step.duration);
                } else if constexpr (std::is_same_v<Step, ScriptTap>) {
                    const Button* button = m_controller->scene().find_button(step.button);
                    if (!button) {
                        problem = fmt::format("{}:{}: there is no button '{}' on the screen {}",
                                              m_options.scan_script, line.line, step.button,
                                              m_controller->scene().name);
                        return;
                    }
                    const int x = button->box.centre_x();
                    const int y = button->box.centre_y();
                    m_controller->pointer_down(x, y, now);
                    m_controller->pointer_up(x, y, now);
                } else if constexpr (std::is_same_v<Step, ScriptTouch>) {
                    m_controller->pointer_down(step.x, step.y, now);
                    m_controller->pointer_up(step.x, step.y, now);
                } else if constexpr (std::is_same_v<Step, ScriptHold>) {
                    const Scene& scene = m_controller->scene();
                    const Rect corner = staff_corner(scene.width, scene.height);
                    const int x = step.corner ? corner.centre_x() : step.x;
                    const int y = step.corner ? corner.centre_y() : step.y;
                    m_controller->pointer_down(x, y, now);
                    advance(now, step.duration);
                    m_controller->pointer_up(x, y, now);
                } else if constexpr (std::is_same_v<Step, ScriptType>) {
                    m_controller->typed_text(step.text, now);
                } else if constexpr (std::is_same_v<Step, ScriptKey>) {
                    switch (step.key) {
                    case ScriptKeyName::enter:
                        m_controller->typed_key(KioskKey::enter, now);
                        break;
                    case ScriptKeyName::backspace:
                        m_controller->typed_key(KioskKey::backspace, now);
                        break;
                    case ScriptKeyName::escape:
                        m_controller->typed_key(KioskKey::escape, now);
                        break;
                    case ScriptKeyName::tab:
                        m_controller->typed_key(KioskKey::tab, now);
                        break;
                    case ScriptKeyName::f2:
                        m_controller->typed_key(KioskKey::random_delegate, now);
                        break;
                    }
                } else if constexpr (std::is_same_v<Step, ScriptPrinter>) {
                    m_controller->printer_command(step.command);
                }
            },
            line.step);
        if (problem) {
            return fail(*problem);
        }
        if (auto saved = save_new_screens(); !saved) {
            return fail(saved.error().message);
        }
        if (auto idle = wait_until_idle(now); !idle) {
            return fail(fmt::format("{}:{}: {}", m_options.scan_script, line.line, idle.error().message));
        }
    }
    log_line(fmt::format("script done: {} screenshots", m_screenshots));
    return exit_ok;
}

} // namespace

namespace {

// `kiosk --hash-pin`: one line in (the PIN, as typed or piped), one line out (the hash).
int print_pin_hash() {
    std::string pin;
    std::getline(std::cin, pin);
    if (!pin.empty() && pin.back() == '\r') {
        pin.pop_back();
    }
    auto hash = hash_staff_pin(pin);
    if (!hash) {
        std::cerr << "kiosk: " << hash.error().message << '\n';
        return exit_usage;
    }
    std::cout << *hash << '\n';
    std::cerr << "kiosk: put it in [staff] as pin.NAME = <the line above>, NAME being who it belongs to\n";
    return exit_ok;
}

} // namespace

int run_kiosk_app(int argc, char** argv) {
    CLI::App app{
        "kiosk — the self check-in kiosk: scan the invitation's QR code, see your name, take the badge"};
    AppOptions options;
    std::string database;
    std::string printer;
    std::string model;
    std::string media;
    std::string language;
    std::string date;
    app.add_option("--config", options.config_path,
                   "The kiosk's configuration file (see kiosk/app/kiosk.conf.example)");
    app.add_option("--db", database, "The mirror's SQLite file (overrides [kiosk] database)");
    app.add_option("--printer", printer,
                   "The badge printer: usb://VID:PID, tcp://HOST:PORT, serial://…, file://PATH or sim://DIR "
                   "(the simulated printer writing PNGs)");
    app.add_option("--model", model, "The printer model: ql-820nwb, …, or zpl");
    app.add_option("--media", media, "The labels loaded: 62x100, 62, 62red, … or 4x3 for ZPL");
    app.add_option("--lang", language, "The home language: pl or en");
    app.add_option("--date", date, "Stand in for today's date (YYYY-MM-DD)");
    app.add_flag(
        "--demo", options.demo,
        "The demo: the demo roster, the simulated printer, type a code + Enter or press F2 to scan, staff "
        "PIN 1234");
    app.add_flag("--headless", options.headless,
                 "No screen: SDL's offscreen driver, driven by --scan-script");
    app.add_option("--scan-script", options.scan_script, "Headless: the script of scans and touches to play");
    app.add_option("--screenshot-dir", options.screenshot_directory,
                   "Headless: save every screen reached as NNNN-state.png here");
    app.add_option("--size", options.size, "Headless or windowed: the screen size, e.g. 1280x800");
    app.add_flag("--windowed", options.windowed, "A window instead of the full screen (testing at a desk)");
    app.add_flag("--mute", options.mute, "No sound cues");
    app.add_option("--frames", options.frames,
                   "Quit after this many loop turns (tests); 0 runs until closed");
    bool hash_pin = false;
    app.add_flag(
        "--hash-pin", hash_pin,
        "Read a staff PIN (6 to 8 digits) from standard input and print its Argon2id hash, the value "
        "of a pin.NAME line in [staff]; the PIN is never an argument, where other users could see it");
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& error) {
        return app.exit(error) == 0 ? exit_ok : exit_usage;
    }
    if (hash_pin) {
        return print_pin_hash();
    }
    const auto optional_text = [](const std::string& text) {
        return text.empty() ? std::nullopt : std::optional<std::string>(text);
    };
    options.overrides =
        CommandLineOverrides{optional_text(database), optional_text(printer),  optional_text(model),
                             optional_text(media),    optional_text(language), optional_text(date)};
    if (!parse_size(options.size)) {
        std::cerr << "kiosk: --size " << options.size << " is not a screen size; write it as 1280x800\n";
        return exit_usage;
    }
    if (!options.headless && (!options.scan_script.empty() || !options.screenshot_directory.empty())) {
        std::cerr << "kiosk: --scan-script and --screenshot-dir go with --headless\n";
        return exit_usage;
    }
    auto config = assemble_config(options);
    if (!config) {
        std::cerr << "kiosk: " << config.error().message << '\n';
        return exit_usage;
    }
    if (config->kiosk.database.value.empty()) {
        std::cerr
            << "kiosk: give the mirror with --db FILE or [kiosk] database in --config, or run the demo with "
               "--demo\n";
        return exit_usage;
    }
    if (options.demo) {
        if (auto prepared = prepare_demo_mirror(config->kiosk.database.value); !prepared) {
            std::cerr << "kiosk: " << prepared.error().message << '\n';
            return exit_setup;
        }
    }
    if (!options.screenshot_directory.empty()) {
        std::error_code error;
        std::filesystem::create_directories(options.screenshot_directory, error);
        if (error) {
            std::cerr << "kiosk: cannot create " << options.screenshot_directory << ": " << error.message()
                      << '\n';
            return exit_usage;
        }
    }
    log_line(describe_config(*config));
    Application application(std::move(options), std::move(*config));
    return application.run();
}

} // namespace checkin::kiosk
