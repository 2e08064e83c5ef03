#pragma once

// The kiosk without its window: the Flow (self-service) and staff mode, the workers that do their
// database and printer work, the scanners, and the scene to show. The SDL application (kiosk_app.cpp)
// turns SDL events into the calls below, draws scene(), plays take_sounds(); the headless mode calls the
// same from a script. Nothing here draws or plays anything, so the whole kiosk behind the window runs in
// tests and in the headless mode exactly as on the venue's screen.
//
// Routing: a scan that is a staff member's code opens staff mode; while staff mode is open every scan,
// tap and keystroke goes to it (the Flow keeps ticking behind it and is back on attract when staff
// leave); otherwise scans go to the Flow, taps to the scene's buttons (language, dismiss), and holding
// the hidden corner for `staff_hold` opens the PIN pad.
//
// Signed codes (issue 14): every scan but a configured staff code is first checked on the database worker
// against the mirror's public keys, the configuration's [codes] public_keys and the revocation list
// (sync::check_scanned_code), and goes on with its verdict: a valid signed staff code opens staff mode as
// that person (by first name); in staff mode a badge's or an invitation's code opens that delegate's card;
// otherwise the Flow gets the scan with its verdict. The log gets at most a signed code's last 4
// characters.
//
// Time: every call carries the steady-clock time (FlowTime) it happens at. The wall clock the journal
// records is wall_start + (now − flow_start), so a headless script whose clock jumps ahead records the
// times it plays and produces the same screens on every run.

#include "base/error.hpp"
#include "drivers/keyboard_wedge.hpp"
#include "kiosk/app/config.hpp"
#include "kiosk/app/kiosk_printer.hpp"
#include "kiosk/selfservice/flow.hpp"
#include "kiosk/selfservice/scene.hpp"
#include "kiosk/selfservice/screen_layout.hpp"
#include "kiosk/staff/staff.hpp"
#include "sync/client/kiosk_enrolment.hpp"
#include "sync/client/sync_loop.hpp"
#include "sync/protocol/enrolment.hpp"

#include <chrono>
#include <cstdint>
#include <expected>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace checkin::kiosk {

struct ControllerSettings {
    KioskConfig config; // with the command line's overrides applied; config.kiosk.database is the mirror
    BadgeResources resources;
    std::filesystem::path profiles_directory; // hardware/profiles, for the device panel's USB list
    bool demo = false;
    std::string demo_staff_pin; // shown on the demo's attract screen
    bool open_scanners = true;  // the configured USB, serial and camera scanners (headless: none)
    int width = 1280;
    int height = 800;
    FlowTime flow_start{};
    std::int64_t wall_start_milliseconds = 0;
    std::optional<sync::Day> date_override;
    LocalClock local_clock = local_clock_time;
    std::chrono::milliseconds staff_hold{3000};
    std::function<void(std::string_view)> log; // one line per event worth a log line
    std::function<void()> wake;                // called from other threads after they post an answer
};

enum class KioskKey { enter, tab, backspace, escape, random_delegate };

class KioskController {
public:
    // Opens the mirror (twice: one connection per worker), the printer and the scanners.
    static base::Result<std::unique_ptr<KioskController>> create(ControllerSettings settings);
    ~KioskController();
    KioskController(const KioskController&) = delete;
    KioskController& operator=(const KioskController&) = delete;

    // Inputs.
    void scan(std::string payload, FlowTime now);
    void pointer_down(int x, int y, FlowTime now);
    void pointer_up(int x, int y, FlowTime now);
    // SDL text input and keys, through the keyboard wedge (which tells a scanner's burst from typing).
    void keyboard_text(std::string_view utf8, FlowTime now);
    void keyboard_key(KioskKey key, FlowTime now);
    // A person typing (the headless script): straight to the focused field, no wedge.
    void typed_text(std::string_view utf8, FlowTime now);
    void typed_key(KioskKey key, FlowTime now);
    // Takes the workers' answers and the scanners' codes, and lets time pass.
    void tick(FlowTime now);
    // A command for the simulated printer ("media none"); the outcome goes to the log.
    void printer_command(std::string command);
    void resize(int width, int height);

    // Outputs.
    const Scene& scene() const { return m_scene; }
    // Every scene shown since the last call, in order (the headless mode saves each as a screenshot).
    std::vector<Scene> take_scene_history();
    std::vector<Sound> take_sounds();
    // When tick() next has something to do; nullopt when only an input can change anything.
    std::optional<FlowTime> next_deadline() const;
    // A worker has work or an answer waits to be taken.
    bool busy() const;
    bool quit_requested() const { return m_quit; }

private:
    struct Parts;
    explicit KioskController(ControllerSettings settings);

    std::int64_t wall_milliseconds(FlowTime now) const;
    sync::Day today() const;
    void route_scan(std::string payload, FlowTime now);
    // A scan back from the database worker with its verdict (a signed code, or a plain one refused).
    void take_checked_scan(std::string payload, std::optional<sync::SignedCodeVerdict> verdict, FlowTime now);
    void run_flow(const FlowInput& input);
    void run_staff(const StaffInput& input);
    void carry_out(const FlowEffect& effect, FlowTime now);
    void carry_out(const StaffEffect& effect, FlowTime now);
    // One function per staff effect (carry_out dispatches; the one-line effects stay in it).
    void check_staff_pin(const StaffCheckPin& check, FlowTime now);
    void keep_lockout(const StaffLockoutState& state);  // beside the mirror, for the next start
    void search_by_name(const StartNameSearch& search); // self-service's find-yourself
    void search_delegates(const StaffSearch& search);
    void load_delegate_card(const StaffLoadCard& load);
    void load_walk_in_roles();
    void preview_badge(const StaffPreviewBadge& preview);
    void reprint_badge(const StaffReprint& reprint, FlowTime now);
    void check_in_for_staff(const StaffCheckIn& check_in, FlowTime now);
    void undo_check_in(const StaffUndo& undo, FlowTime now);
    void create_walk_in(const StaffCreateWalkIn& walk_in, FlowTime now);
    void refresh_devices(const StaffRefreshDevices& refresh);
    void refresh_statistics(const StaffRefreshStatistics& refresh);
    void take_inbox(FlowTime now);
    // Enrolment by an organiser's code in staff mode (kiosk-hub enrol).
    void take_enrolment_code(const std::string& payload, FlowTime now);
    void enrol_with_hub(const StaffEnrol& enrol);
    void take_enrolment(RequestId request, const std::string& hub, sync::Result<sync::KioskEnrolment> result,
                        FlowTime now);
    sync::SyncLoopSettings sync_loop_settings(const std::string& token) const;
    // What the self-service layout needs besides the Flow's model: the event's names, where the badge
    // comes out, the demo's hints and the badge preview (take_badge only).
    FlowSceneExtras flow_scene_extras(Screen screen) const;
    void take_wedge_events(std::vector<drivers::WedgeEvent> events, FlowTime now);
    void staff_typing(const drivers::WedgeEvent& event, FlowTime now);
    void random_delegate();
    void refresh_scene();
    void record_scene(); // m_scene into the history, unless it is the scene recorded last
    Scene compose_scene() const;
    void log(std::string_view line) const;

    ControllerSettings m_settings;
    std::unique_ptr<Parts> m_parts;
    Flow m_flow;
    StaffMode m_staff;
    drivers::KeyboardWedgeDetector m_wedge;
    drivers::WarningThrottle m_wedge_warnings; // at most 10 lines a minute in the log
    Scene m_scene;
    std::vector<Scene> m_scene_history;
    Scene m_last_recorded;
    std::vector<Sound> m_sounds;
    bool m_sound_on = true;
    bool m_quit = false;
    FlowTime m_now{};
    std::string m_demo_typed; // the demo: a code typed by hand, scanned at Enter
    std::optional<FlowTime> m_corner_held_since;
    std::optional<std::filesystem::path> m_badge_preview;
    std::vector<sync::Delegate> m_badges_waiting; // printer problems: badges for reception to print
    // While a scan whose check failed goes to the Flow: its lookup answers with this error.
    std::optional<sync::Error> m_unchecked_scan;
    // The enrolment code staff scanned last, until its exchange is posted (never logged or shown).
    std::optional<sync::EnrolmentPayload> m_pending_enrolment;
};

} // namespace checkin::kiosk
