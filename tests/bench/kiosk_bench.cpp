// Benchmarks of the kiosk against the four goals, on the demo roster:
//  1. scan → welcome frame: in this process, the KioskController behind an SDL offscreen window with the
//     software renderer and the SdlPainter (as kiosk_app.cpp draws), N delegates admitted today scanned
//     one after another; from the scan to the painted, presented welcome frame, in real time.
//  2. cold start: the real `kiosk --headless` with an empty scan script, from exec to the log line
//     "attract screen shown", and to its exit.
//  3. idle CPU and memory: the real `kiosk --windowed --mute` on SDL's offscreen driver, left on the
//     attract screen; utime + stime and VmRSS / VmHWM from /proc.
// Prints a table; asserts nothing about time (shared machines make timing assertions flaky) but fails
// when the kiosk gives a wrong answer: a welcome screen that never comes (or another screen instead), a
// print that fails, an attract line that never appears, a kiosk that exits non-zero.
//
//   kiosk_bench [--scans N] [--cold-starts N] [--idle-seconds S] [--dir DIR]

#include "kiosk/app/config.hpp"
#include "kiosk/app/controller.hpp"
#include "kiosk/app/demo.hpp"
#include "kiosk/app/sdl_painter.hpp"
#include "sync/mirror/mirror.hpp"
#include "tests/bench/bench_support.hpp"

#include <SDL.h>
#include <SDL_ttf.h>
#include <algorithm>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <deque>
#include <fcntl.h>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <iostream>
#include <mutex>
#include <optional>
#include <poll.h>
#include <spawn.h>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

extern char** environ;

namespace {

using namespace checkin;
using bench::Clock;
using bench::median;
using bench::milliseconds;
using bench::percentiles;
using namespace std::chrono_literals;

constexpr const char* event_date = "2026-11-29";
constexpr const char* attract_line = "attract screen shown ";

struct Options {
    std::size_t scans = 200;
    std::size_t cold_starts = 10;
    int idle_seconds = 20;
    std::filesystem::path directory;
};

// The last lines the kiosk logged, shown when something goes wrong.
std::deque<std::string> recent_log;
// The kiosk process running now, killed when the harness gives up (std::exit runs no destructors).
pid_t running_child = -1;

[[noreturn]] void die(const std::string& message) {
    if (running_child > 0) {
        ::kill(running_child, SIGKILL);
        ::waitpid(running_child, nullptr, 0);
    }
    for (const auto& line : recent_log) {
        std::cerr << "  log: " << line << '\n';
    }
    std::cerr << "kiosk_bench: " << message << '\n';
    std::exit(1);
}

Options parse_options(int argc, char** argv) {
    Options options;
    for (int index = 1; index < argc; ++index) {
        const std::string flag = argv[index];
        if (index + 1 >= argc) {
            die("missing value after " + flag);
        }
        const std::string value = argv[++index];
        if (flag == "--scans") {
            options.scans = std::stoul(value);
        } else if (flag == "--cold-starts") {
            options.cold_starts = std::stoul(value);
        } else if (flag == "--idle-seconds") {
            options.idle_seconds = std::stoi(value);
        } else if (flag == "--dir") {
            options.directory = value;
        } else {
            die("unknown option " + flag);
        }
    }
    if (options.scans == 0 || options.cold_starts == 0 || options.idle_seconds <= 0) {
        die("--scans, --cold-starts and --idle-seconds must be positive");
    }
    return options;
}

// 9:00 at the venue on `day` (the system's time zone), as the headless kiosk starts its clock.
std::int64_t nine_o_clock(sync::Day day) {
    std::tm local{};
    local.tm_year = static_cast<int>(day.year()) - 1900;
    local.tm_mon = static_cast<int>(static_cast<unsigned>(day.month())) - 1;
    local.tm_mday = static_cast<int>(static_cast<unsigned>(day.day()));
    local.tm_hour = 9;
    local.tm_isdst = -1;
    return static_cast<std::int64_t>(std::mktime(&local)) * 1000;
}

// The demo roster's active delegates admitted on the event date, read from the mirror.
std::vector<sync::Delegate> delegates_admitted_on(const std::filesystem::path& database, sync::Day day) {
    auto mirror = sync::Mirror::open(database);
    if (!mirror) {
        die(mirror.error().message);
    }
    auto records = mirror->all_delegates();
    if (!records) {
        die(records.error().message);
    }
    // Every data line of the demo roster must have become a delegate (the file has no quoted newlines).
    std::ifstream roster(CHECKIN_DEMO_ROSTER, std::ios::binary);
    std::size_t rows = 0;
    for (std::string line; std::getline(roster, line);) {
        if (!line.empty()) {
            ++rows;
        }
    }
    if (rows < 2 || records->size() != rows - 1) {
        die(fmt::format("the demo mirror holds {} delegates, the roster {} rows", records->size(), rows - 1));
    }
    std::vector<sync::Delegate> admitted;
    for (auto& record : *records) {
        const auto& days = record.delegate.days;
        if (record.delegate.status == sync::DelegateStatus::active && record.attendance.empty() &&
            (days.empty() || std::ranges::find(days, day) != days.end())) {
            admitted.push_back(std::move(record.delegate));
        }
    }
    return admitted;
}

// 1. Scan → welcome frame ---------------------------------------------------------------------------------

struct Wakeup {
    std::mutex mutex;
    std::condition_variable condition;
    std::uint64_t generation = 0;

    void notify() {
        {
            const std::lock_guard lock(mutex);
            ++generation;
        }
        condition.notify_all();
    }
    // Until a wake after `seen`, or the timeout.
    void wait(std::uint64_t& seen, std::chrono::milliseconds timeout) {
        std::unique_lock lock(mutex);
        condition.wait_for(lock, timeout, [&] { return generation != seen; });
        seen = generation;
    }
};

struct ScanFigures {
    std::vector<double> to_frame;     // scan → welcome painted and presented, ms
    std::vector<double> to_scene;     // scan → the controller's scene is "welcome", ms
    std::vector<double> paint;        // SdlPainter::paint of the welcome scene, ms
    std::vector<double> present;      // SDL_RenderPresent after it, ms
    std::vector<double> print_finish; // scan → the print worker has answered (badge printed), ms
    int width = 0;
    int height = 0;
};

bool scene_mentions(const kiosk::Scene& scene, const std::string& text) {
    return std::ranges::any_of(scene.elements, [&](const kiosk::SceneElement& element) {
        const auto* block = std::get_if<kiosk::TextBlock>(&element);
        return block != nullptr && block->text.find(text) != std::string::npos;
    });
}

struct WindowDestroyer {
    void operator()(SDL_Window* window) const noexcept { SDL_DestroyWindow(window); }
};
struct RendererDestroyer {
    void operator()(SDL_Renderer* renderer) const noexcept { SDL_DestroyRenderer(renderer); }
};

ScanFigures measure_scans(const Options& options, const std::filesystem::path& database) {
    const sync::Day day = sync::parse_iso_day(event_date).value();
    const auto delegates = delegates_admitted_on(database, day);
    if (delegates.size() < options.scans) {
        die(fmt::format("the demo roster has {} delegates admitted on {}; --scans {} asks for more",
                        delegates.size(), event_date, options.scans));
    }

    // Before SDL_Init: SDL reads the driver from the environment there (as `kiosk --headless` does), and
    // the window surface without OpenGL, as kiosk_app.cpp asks for it on X11 and offscreen.
    ::setenv("SDL_VIDEODRIVER", "offscreen", 1);
    SDL_SetHintWithPriority(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0", SDL_HINT_DEFAULT);
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0) {
        die(fmt::format("SDL_Init: {}", SDL_GetError()));
    }
    if (TTF_Init() != 0) {
        die(fmt::format("TTF_Init: {}", TTF_GetError()));
    }
    ScanFigures figures;
    {
        std::unique_ptr<SDL_Window, WindowDestroyer> window(SDL_CreateWindow(
            "kiosk_bench", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, 1280, 800, SDL_WINDOW_HIDDEN));
        if (!window) {
            die(fmt::format("SDL_CreateWindow: {}", SDL_GetError()));
        }
        std::unique_ptr<SDL_Renderer, RendererDestroyer> renderer(
            SDL_CreateRenderer(window.get(), -1, SDL_RENDERER_SOFTWARE));
        if (!renderer) {
            die(fmt::format("SDL_CreateRenderer: {}", SDL_GetError()));
        }
        auto painter = kiosk::SdlPainter::create(renderer.get(),
                                                 kiosk::FontFiles{CHECKIN_FONT_REGULAR, CHECKIN_FONT_BOLD});
        if (!painter) {
            die(painter.error().message);
        }
        SDL_GetRendererOutputSize(renderer.get(), &figures.width, &figures.height);

        auto config = kiosk::apply_overrides(kiosk::default_kiosk_config(),
                                             {.database = database.string(),
                                              .printer = "sim://" + (options.directory / "badges").string(),
                                              .date = event_date});
        if (!config) {
            die(config.error().message);
        }
        Wakeup wakeup;
        kiosk::ControllerSettings settings;
        settings.config = std::move(*config);
        settings.resources =
            kiosk::BadgeResources{CHECKIN_TEMPLATES_DIR, CHECKIN_FONT_REGULAR, CHECKIN_FONT_BOLD};
        settings.profiles_directory = CHECKIN_PROFILES_DIR;
        settings.open_scanners = false;
        settings.width = figures.width;
        settings.height = figures.height;
        settings.flow_start = Clock::now();
        settings.wall_start_milliseconds = nine_o_clock(day);
        settings.date_override = day;
        settings.log = [](std::string_view line) {
            recent_log.emplace_back(line);
            if (recent_log.size() > 12) {
                recent_log.pop_front();
            }
        };
        settings.wake = [&wakeup] {
            wakeup.notify();
        };
        // The controller's clock is virtual: it starts at flow_start and moves only when the harness lets
        // a minute pass between delegates; latencies are measured on the real steady clock.
        kiosk::FlowTime now = settings.flow_start;
        auto created = kiosk::KioskController::create(std::move(settings));
        if (!created) {
            die(created.error().message);
        }
        kiosk::KioskController& controller = **created;
        // The attract screen, drawn once as the application does at start.
        painter->paint(controller.scene());
        SDL_RenderPresent(renderer.get());
        (void)controller.take_scene_history();

        std::uint64_t seen = 0;
        for (std::size_t index = 0; index < options.scans; ++index) {
            const sync::Delegate& delegate = delegates[index];
            if (controller.scene().name != "attract") {
                die(fmt::format("scan {}: the kiosk shows {} instead of attract", index + 1,
                                controller.scene().name));
            }
            const auto start = Clock::now();
            controller.scan(delegate.code, now);
            while (controller.scene().name != "welcome") {
                const std::string& name = controller.scene().name;
                if (name != "looking_up" && name != "attract") {
                    die(fmt::format("scan of {} ({}) showed {} instead of welcome", delegate.code,
                                    delegate.full_name(), name));
                }
                if (Clock::now() - start > 5s) {
                    die(fmt::format("scan of {}: no welcome screen within 5 s", delegate.code));
                }
                wakeup.wait(seen, 5ms);
                controller.tick(now);
            }
            const auto scene_shown = Clock::now();
            const kiosk::Scene& welcome = controller.scene();
            painter->paint(welcome);
            const auto painted = Clock::now();
            SDL_RenderPresent(renderer.get());
            const auto presented = Clock::now();
            if (!scene_mentions(welcome, delegate.last_name)) {
                die(fmt::format("the welcome screen for {} does not name them", delegate.full_name()));
            }
            figures.to_frame.push_back(milliseconds(presented - start));
            figures.to_scene.push_back(milliseconds(scene_shown - start));
            figures.paint.push_back(milliseconds(painted - scene_shown));
            figures.present.push_back(milliseconds(presented - painted));

            // Let the print finish (the clock standing still, the Flow stays on welcome until its minimum
            // time is over), then a minute passes: take_badge, then attract.
            while (controller.busy()) {
                if (Clock::now() - start > 60s) {
                    die(fmt::format("scan of {}: the print has not answered in 60 s", delegate.code));
                }
                wakeup.wait(seen, 5ms);
                controller.tick(now);
            }
            figures.print_finish.push_back(milliseconds(Clock::now() - start));
            now += 60s;
            controller.tick(now);
            auto history = controller.take_scene_history();
            (void)controller.take_sounds();
            const bool printed = std::ranges::any_of(
                history, [](const kiosk::Scene& scene) { return scene.name == "take_badge"; });
            if (!printed) {
                die(fmt::format("scan of {}: the badge was not printed (no take_badge screen)",
                                delegate.code));
            }
        }
    }
    TTF_Quit();
    SDL_Quit();
    return figures;
}

// The child processes -------------------------------------------------------------------------------------

// The environment for the kiosk: ours, with SDL's offscreen video, no sound card, no leak report, and
// `extra` ("NAME=value").
std::vector<std::string> child_environment(const std::vector<std::string>& extra) {
    std::vector<std::string> entries;
    for (char** entry = environ; *entry != nullptr; ++entry) {
        const std::string_view text(*entry);
        if (!text.starts_with("SDL_VIDEODRIVER=") && !text.starts_with("SDL_AUDIODRIVER=") &&
            !text.starts_with("LSAN_OPTIONS=")) {
            entries.emplace_back(text);
        }
    }
    entries.emplace_back("SDL_VIDEODRIVER=offscreen");
    entries.emplace_back("SDL_AUDIODRIVER=dummy");
    entries.emplace_back("LSAN_OPTIONS=detect_leaks=0");
    entries.insert(entries.end(), extra.begin(), extra.end());
    return entries;
}

class Child {
public:
    // Starts `kiosk` with `arguments`; its stderr comes to us through a pipe, its stdout goes nowhere.
    explicit Child(const std::vector<std::string>& arguments,
                   const std::vector<std::string>& environment_extra = {}) {
        int pipe_ends[2];
        if (::pipe(pipe_ends) != 0) {
            die("pipe failed");
        }
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
        posix_spawn_file_actions_adddup2(&actions, pipe_ends[1], STDERR_FILENO);
        posix_spawn_file_actions_addclose(&actions, pipe_ends[0]);
        posix_spawn_file_actions_addclose(&actions, pipe_ends[1]);
        const std::string program = std::string(CHECKIN_BIN_DIR) + "/kiosk";
        std::vector<std::string> argv_text{program};
        argv_text.insert(argv_text.end(), arguments.begin(), arguments.end());
        std::vector<char*> argv_pointers;
        for (auto& text : argv_text) {
            argv_pointers.push_back(text.data());
        }
        argv_pointers.push_back(nullptr);
        auto environment_text = child_environment(environment_extra);
        std::vector<char*> environment;
        for (auto& text : environment_text) {
            environment.push_back(text.data());
        }
        environment.push_back(nullptr);
        started = Clock::now();
        const int spawned = ::posix_spawn(&m_pid, program.c_str(), &actions, nullptr, argv_pointers.data(),
                                          environment.data());
        posix_spawn_file_actions_destroy(&actions);
        ::close(pipe_ends[1]);
        m_stderr = pipe_ends[0];
        if (spawned != 0) {
            m_pid = -1;
            die(fmt::format("cannot start {}: {}", program, std::strerror(spawned)));
        }
        running_child = m_pid;
    }
    Child(const Child&) = delete;
    Child& operator=(const Child&) = delete;
    ~Child() {
        if (m_pid > 0) {
            ::kill(m_pid, SIGKILL);
            ::waitpid(m_pid, nullptr, 0);
            running_child = -1;
        }
        if (m_stderr >= 0) {
            ::close(m_stderr);
        }
    }

    pid_t pid() const { return m_pid; }

    // Reads stderr for up to `timeout`; returns false at end of file. Complete lines go to recent_log,
    // and the first one holding `attract_line` is timed.
    bool read_for(std::chrono::milliseconds timeout) {
        if (m_stderr < 0) {
            std::this_thread::sleep_for(timeout);
            return false;
        }
        pollfd descriptor{m_stderr, POLLIN, 0};
        const int ready = ::poll(&descriptor, 1, static_cast<int>(timeout.count()));
        if (ready <= 0) {
            return true;
        }
        char buffer[4096];
        const auto count = ::read(m_stderr, buffer, sizeof buffer);
        if (count <= 0) {
            ::close(m_stderr);
            m_stderr = -1;
            return false;
        }
        m_pending.append(buffer, static_cast<std::size_t>(count));
        for (auto end = m_pending.find('\n'); end != std::string::npos; end = m_pending.find('\n')) {
            const std::string line = m_pending.substr(0, end);
            m_pending.erase(0, end + 1);
            if (!attract_at) {
                if (const auto at = line.find(attract_line); at != std::string::npos) {
                    attract_at = Clock::now();
                    own_figure_ms = std::atof(line.c_str() + at + std::string_view(attract_line).size());
                }
            }
            recent_log.push_back(line);
            if (recent_log.size() > 12) {
                recent_log.pop_front();
            }
        }
        return true;
    }

    // Reads stderr until `attract_line` or the deadline; false when it never came.
    bool wait_for_attract(Clock::duration limit) {
        const auto give_up = started + limit;
        while (!attract_at && Clock::now() < give_up) {
            if (!read_for(20ms) && !attract_at) {
                return false; // the kiosk closed stderr (exited) without showing attract
            }
        }
        return attract_at.has_value();
    }

    // Keeps reading stderr (so the kiosk never blocks on a full pipe) for `duration`.
    void drain_for(Clock::duration duration) {
        const auto until = Clock::now() + duration;
        while (Clock::now() < until) {
            const auto left = std::chrono::ceil<std::chrono::milliseconds>(until - Clock::now());
            read_for(std::min<std::chrono::milliseconds>(left, 100ms));
        }
    }

    // Waits for the exit (reading stderr meanwhile) for up to `limit`; the wait status, or nullopt.
    std::optional<int> wait_exit(Clock::duration limit) {
        const auto give_up = Clock::now() + limit;
        while (Clock::now() < give_up) {
            int status = 0;
            const pid_t reaped = ::waitpid(m_pid, &status, WNOHANG);
            if (reaped == m_pid) {
                exited_at = Clock::now();
                m_pid = -1;
                running_child = -1;
                return status;
            }
            read_for(5ms);
        }
        return std::nullopt;
    }

    Clock::time_point started;
    std::optional<Clock::time_point> attract_at;
    std::optional<Clock::time_point> exited_at;
    double own_figure_ms = 0; // "attract screen shown N ms after start": the kiosk's own measure

private:
    pid_t m_pid = -1;
    int m_stderr = -1;
    std::string m_pending;
};

std::string describe_status(int status) {
    if (WIFEXITED(status)) {
        return fmt::format("exit status {}", WEXITSTATUS(status));
    }
    if (WIFSIGNALED(status)) {
        return fmt::format("signal {}", WTERMSIG(status));
    }
    return fmt::format("wait status {}", status);
}

// 2. Cold start -------------------------------------------------------------------------------------------

struct ColdStartFigures {
    std::vector<double> to_attract; // exec → "attract screen shown" read from the pipe, ms
    std::vector<double> own_figure; // what the kiosk itself logs (from the start of Application::run), ms
    std::vector<double> to_exit;    // exec → reaped, ms
};

ColdStartFigures measure_cold_starts(const Options& options, const std::filesystem::path& database) {
    const auto script = options.directory / "empty.script";
    std::ofstream(script, std::ios::binary).flush();
    ColdStartFigures figures;
    for (std::size_t run = 0; run < options.cold_starts; ++run) {
        Child child({"--headless", "--db", database.string(), "--printer",
                     "sim://" + (options.directory / "cold-badges").string(), "--date", event_date,
                     "--scan-script", script.string()});
        if (!child.wait_for_attract(30s)) {
            die(fmt::format("cold start {}: the kiosk never logged \"{}\"", run + 1, attract_line));
        }
        const auto status = child.wait_exit(30s);
        if (!status) {
            die(fmt::format("cold start {}: the kiosk did not exit within 30 s", run + 1));
        }
        if (*status != 0) {
            die(fmt::format("cold start {}: the kiosk ended with {}", run + 1, describe_status(*status)));
        }
        figures.to_attract.push_back(milliseconds(*child.attract_at - child.started));
        figures.own_figure.push_back(child.own_figure_ms);
        figures.to_exit.push_back(milliseconds(*child.exited_at - child.started));
    }
    return figures;
}

// 3. Idle -------------------------------------------------------------------------------------------------

struct IdleFigures {
    double cpu_percent = 0;
    double seconds = 0;
    long rss_kib = 0;
    long hwm_kib = 0;
    long threads = 0;
    double wakeups_per_second = 0; // the main thread's voluntary context switches
};

// utime + stime of the process, in clock ticks.
long cpu_ticks(pid_t pid) {
    std::ifstream file(fmt::format("/proc/{}/stat", pid));
    std::string text((std::istreambuf_iterator<char>(file)), {});
    const auto name_end = text.rfind(')');
    if (name_end == std::string::npos) {
        die(fmt::format("cannot read /proc/{}/stat", pid));
    }
    // After the name: state (field 3) … utime (14), stime (15).
    std::istringstream fields(text.substr(name_end + 2));
    std::string field;
    long utime = 0;
    long stime = 0;
    for (int number = 3; number <= 15 && fields >> field; ++number) {
        if (number == 14) {
            utime = std::stol(field);
        } else if (number == 15) {
            stime = std::stol(field);
        }
    }
    return utime + stime;
}

// A "Key:   123 kB" line of /proc/PID/status.
long status_value(pid_t pid, std::string_view key) {
    std::ifstream file(fmt::format("/proc/{}/status", pid));
    for (std::string line; std::getline(file, line);) {
        if (line.starts_with(key) && line.size() > key.size() && line[key.size()] == ':') {
            return std::atol(line.c_str() + key.size() + 1);
        }
    }
    die(fmt::format("no {} in /proc/{}/status", key, pid));
}

IdleFigures measure_idle(const Options& options, const std::filesystem::path& database,
                         const std::vector<std::string>& environment_extra) {
    Child child({"--windowed", "--mute", "--db", database.string(), "--printer",
                 "sim://" + (options.directory / "idle-badges").string(), "--date", event_date},
                environment_extra);
    if (!child.wait_for_attract(30s)) {
        die("idle: the kiosk never logged \"" + std::string(attract_line) + "\"");
    }
    child.drain_for(2s);
    const double ticks_per_second = static_cast<double>(::sysconf(_SC_CLK_TCK));
    const long ticks_before = cpu_ticks(child.pid());
    const long switches_before = status_value(child.pid(), "voluntary_ctxt_switches");
    const auto before = Clock::now();
    child.drain_for(std::chrono::seconds(options.idle_seconds));
    const long ticks_after = cpu_ticks(child.pid());
    const long switches_after = status_value(child.pid(), "voluntary_ctxt_switches");
    const auto after = Clock::now();
    IdleFigures figures;
    figures.seconds = std::chrono::duration<double>(after - before).count();
    figures.cpu_percent =
        100.0 * static_cast<double>(ticks_after - ticks_before) / ticks_per_second / figures.seconds;
    figures.wakeups_per_second = static_cast<double>(switches_after - switches_before) / figures.seconds;
    figures.rss_kib = status_value(child.pid(), "VmRSS");
    figures.hwm_kib = status_value(child.pid(), "VmHWM");
    figures.threads = status_value(child.pid(), "Threads");

    // SDL turns SIGTERM into SDL_QUIT, and the kiosk exits 0.
    ::kill(child.pid(), SIGTERM);
    const auto status = child.wait_exit(10s);
    if (!status) {
        die("idle: the kiosk did not exit within 10 s of SIGTERM (killed)");
    }
    if (*status != 0) {
        die("idle: after SIGTERM the kiosk ended with " + describe_status(*status));
    }
    return figures;
}

} // namespace

int main(int argc, char** argv) {
    auto options = parse_options(argc, argv);
    const bool own_directory = options.directory.empty();
    if (own_directory) {
        options.directory = bench::make_temporary_folder("kiosk-bench");
        if (options.directory.empty()) {
            die("cannot create a temporary directory");
        }
    }
    // A new mirror each run, so nobody is checked in yet.
    const auto database = options.directory / "mirror.sqlite";
    std::filesystem::remove(database);
    if (auto prepared = kiosk::prepare_demo_mirror(database); !prepared) {
        die(prepared.error().message);
    }

    const auto scans = measure_scans(options, database);
    const auto cold = measure_cold_starts(options, database);
    const auto idle = measure_idle(options, database, {});

    const auto frame = percentiles(scans.to_frame);
    const auto scene = percentiles(scans.to_scene);
    const auto paint = percentiles(scans.paint);
    const auto present = percentiles(scans.present);
    const auto print = percentiles(scans.print_finish);
    const auto megabytes = [](long kib) {
        return static_cast<double>(kib) * 1024.0 / 1e6;
    };
    fmt::print("kiosk_bench: {} scans at {}×{}, {} cold starts, {} s idle\n", scans.to_frame.size(),
               scans.width, scans.height, cold.to_attract.size(), options.idle_seconds);
    fmt::print("| measure | goal | result |\n|---|---|---|\n");
    fmt::print("| scan → welcome frame painted and presented, p50 / p95 / max | < 50 ms | {:.1f} / {:.1f} / "
               "{:.1f} ms |\n",
               frame.p50, frame.p95, frame.maximum);
    fmt::print("| first scan → welcome frame (cold caches) | | {:.1f} ms |\n", scans.to_frame.front());
    fmt::print(
        "| scan → welcome scene (lookup on the database worker), p50 / p95 / max | | {:.1f} / {:.1f} / "
        "{:.1f} ms |\n",
        scene.p50, scene.p95, scene.maximum);
    fmt::print("| paint the welcome scene, p50 / p95 / max | | {:.1f} / {:.1f} / {:.1f} ms |\n", paint.p50,
               paint.p95, paint.maximum);
    fmt::print("| present it (SDL_RenderPresent), p50 / p95 / max | | {:.1f} / {:.1f} / {:.1f} ms |\n",
               present.p50, present.p95, present.maximum);
    fmt::print("| scan → badge printed (sim://), p50 / p95 | | {:.0f} / {:.0f} ms |\n", print.p50, print.p95);
    fmt::print("| cold start: exec → \"attract screen shown\", median | < 0.5 s | {:.0f} ms |\n",
               median(cold.to_attract));
    fmt::print("| cold start: the kiosk's own figure (from Application::run), median | | {:.0f} ms |\n",
               median(cold.own_figure));
    fmt::print("| cold start: exec → exit (empty script), median | | {:.0f} ms |\n", median(cold.to_exit));
    fmt::print("| idle on attract: CPU over {:.1f} s, % of one core | < 2 % | {:.2f} % |\n", idle.seconds,
               idle.cpu_percent);
    fmt::print("| idle on attract: main thread wake-ups | | {:.0f} /s |\n", idle.wakeups_per_second);
    fmt::print("| idle on attract: VmRSS / VmHWM | < 80 MB | {:.1f} / {:.1f} MB |\n", megabytes(idle.rss_kib),
               megabytes(idle.hwm_kib));
    fmt::print("| idle on attract: threads | | {} |\n", idle.threads);
    if (own_directory) {
        std::filesystem::remove_all(options.directory);
    }
    return 0;
}
