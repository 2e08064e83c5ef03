#pragma once

// The self-service check-in as a pure state machine. The kiosk feeds it inputs (a scan, the answer of a
// lookup, the outcome of a print, a tick, a touch, the language switch) and carries out the effects it
// returns (start a lookup, start a print, play a sound, alert staff, show a screen). It never waits, opens
// nothing and reads no clock: lookups and prints run on workers whose answers come back as inputs, and
// every input carries the steady-clock time it happened at.
//
//   attract ──scan──▶ looking_up ──admitted──▶ welcome (printing) ──printed──▶ take_badge ──6 s──▶ attract
//                        │                         │
//                        │ refused                 └─failed / no answer in 15 s──▶ printer_problem ─15 s─▶
//                        ▼
//     already_checked_in · unknown_code · cancelled · not_registered_today · unreadable_code ──8 s──▶ attract
//                        │
//                        └─error / no answer in 7 s──▶ lookup_failed ──8 s──▶ attract
//
//   attract ──refused signed code──▶ code_not_valid ──8 s──▶ attract     (and a staff alert naming why)
//   attract ──a badge's signed code──▶ badge_code ──8 s──▶ attract       (checks no one in)
//   attract ──another QR code (vCard, Wi-Fi, …)──▶ not_an_invitation ──8 s──▶ attract   (no lookup)
//   looking_up ──a web link the mirror does not know──▶ not_an_invitation
//
// Find yourself by name ("no QR at hand", when FindByNameSettings::offered):
//
//   attract ──"I have no code"──▶ find_surname ──search──▶ finding ──1–5 exact matches──▶ find_choose
//                                      ▲   │ back                 │ ──more than 5──▶ find_first_name
//                                      ──search──▶ finding │   ▼                      │ ──none (a partial
//                                      surname too)──▶ find_not_found │ attract                  └─error / no
//                                      answer in 7 s──▶ lookup_failed
//   find_choose ──pick──▶ looking_up (the picked delegate's code, as if scanned; StartLookup::method by_name)
//   find_surname · find_first_name · find_choose ──no touch for `idle`──▶ attract
//
// The search matches the typed surname exactly (sync::names_exactly: case, diacritics and the punctuation
// between parts ignored; one whole part of a double-barrelled surname is enough), so a prefix shows nothing,
// the same screen as no match at all: nothing hints that a name starting so exists. The list names each
// match by first name and organisation only (never the surname again, a code or an e-mail). More than
// `maximum_name_matches` ask for the first name too, matched exactly in the same way; more than that again
// is find_not_found (reception sorts it out). Searches are limited to `searches_per_minute` across
// everyone at the kiosk, so the roster cannot be read by trying surname after surname: past the limit the
// search is not run, find_not_found shows and staff are alerted. A scan on a typing or choosing screen
// is taken as on attract (the delegate found their code after all).
//
// Signed codes (sync/roster/signed_code.hpp) are verified before the Flow sees them (the kiosk holds the
// keys and the revocation list) and arrive with their verdict in the ScanInput. A valid invitation is
// looked up by its delegate code, with the signed fields for a late registrant the mirror does not know;
// a badge's code only says "this is your badge"; any refusal (forged, unknown key, altered or cut short,
// another event's, expired, revoked, or a plain code where only signed ones are taken) gets the one calm
// screen code_not_valid, and the reason goes to staff, with at most the code's last 4 characters.
//
// What the scan looks like decides between "could not read" and "not an invitation" (scan_kind.hpp): the
// QR code of something else (a business card, Wi-Fi settings, several lines of text, a sentence) gets
// not_an_invitation at once, without a lookup; a web link is looked up (an invitation may carry its code
// in a link) and is not_an_invitation when the mirror finds no code in it, as it is at a kiosk that takes
// signed codes only; a damaged code of ours stays unreadable_code.
//
// Decisions:
// - One lookup and one print at a time. A scan while looking up or printing is ignored, not queued:
//   a lookup lasts milliseconds, so a scan then is nearly always the scanner reading the same code
//   twice; during printing the screen shows someone else's name, so the next person sees their scan was
//   not taken and scans again when the screen changes. A queued scan would act seconds later, perhaps
//   for someone who has left, and would cut short the "take your badge" or printer-problem screen of the
//   person whose badge is coming out. One print in flight also makes a printer problem belong to exactly
//   one delegate.
// - On a result screen a scan starts a new lookup at once (the next person need not wait for the
//   timeout), with one exception: on take_badge and printer_problem, a scan of the code just admitted is
//   ignored — it is the same invitation read again, and a new lookup would tell the person who has just
//   checked in "already checked in". On a refusal screen the same code is looked up again: the answer
//   may have changed (a sync, a staff fix) and the person gets fresh feedback.
// - The welcome screen stays at least `welcome_minimum`, even when the badge prints faster, so the
//   delegate can read their name.
// - A lookup without an answer after `lookup_timeout` gives the calm lookup_failed screen and a staff
//   alert. If it answers while that screen still shows, the answer is taken as usual (the person is most
//   likely still there); if it answers later and admitted the delegate, staff are alerted that someone
//   is checked in without a badge, and nothing is printed for a person who may have gone.
// - A print without an outcome after `print_timeout` counts as a printer problem (Problem::timeout): the
//   check-in stands, staff are alerted (the alert puts the badge in the reception's queue) and the
//   delegate is sent to reception. If the printer confirms later, staff are alerted that the badge did
//   come out (so it is not printed twice), and if printer_problem still shows, it turns into take_badge.
// - Every input first lets time pass up to its own time, so a scan that arrives after a deadline without
//   a tick in between sees the screen the deadline led to. A screen ends exactly at entered_at + its
//   duration: an input at that instant already sees the next screen. An input stamped earlier than one
//   already handled counts as happening at the later time (time never runs backwards).
// - The language switch works on every screen and restarts the reading time of a result screen. The
//   kiosk returns to its home language (Polish by default) on attract, and an attract screen left in the
//   other language goes back after `attract_language_reset`. A new scan keeps the language on screen:
//   whoever switched is most likely the one scanning (again), and anyone else sees the switch.
// - A touch (dismiss) ends a result screen at once; it does nothing while waiting for a lookup or print.
// - With no inputs, every screen leads back to attract, at the latest after the longest of
//   lookup_timeout + refusal, print_timeout + printer_problem, welcome_minimum + take_badge,
//   attract_language_reset and find-yourself's idle time (then lookup_timeout + refusal).

#include "drivers/error.hpp"
#include "kiosk/selfservice/messages.hpp"
#include "sync/roster/checkin_policy.hpp"
#include "sync/roster/delegate.hpp"
#include "sync/roster/error.hpp"
#include "sync/roster/signed_code.hpp"

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace checkin::kiosk {

using FlowClock = std::chrono::steady_clock;
using FlowTime = FlowClock::time_point;

// Identifies one lookup or one print, so a late answer is told apart from the current one.
using RequestId = std::uint64_t;

// How long each screen stays, and how long the Flow waits for its workers. Non-negative.
struct FlowTimings {
    // Longer than the mirror's SQLite busy timeout (5 s), so a locked database answers with its own
    // error first.
    std::chrono::milliseconds lookup_timeout{7000};
    // How long a delegate waits at the welcome screen for the badge. Shorter than the QL driver's own
    // wait for "printed" (30 s): the delegate is sent to reception sooner, and a late "printed" is handled.
    std::chrono::milliseconds print_timeout{15000};
    std::chrono::milliseconds welcome_minimum{2000};         // the least time the welcome screen shows
    std::chrono::milliseconds take_badge{6000};              // after the badge printed
    std::chrono::milliseconds refusal{8000};                 // every refusal, and lookup_failed
    std::chrono::milliseconds printer_problem{15000};        // after a failed or silent print
    std::chrono::milliseconds attract_language_reset{30000}; // attract left in the other language
};

// The find-yourself path (see the header's notes).
struct FindByNameSettings {
    bool offered = true;                   // the attract screen shows "Nie mam kodu / I have no code"
    std::size_t searches_per_minute = 6;   // name searches at this kiosk in any 60 s, everyone together
    std::chrono::milliseconds idle{30000}; // typing or choosing without a touch: back to attract
};

// At most this many matches are listed; more ask for the first name too.
inline constexpr std::size_t maximum_name_matches = 5;
// The most characters a typed surname or first name may hold; further keys are ignored.
inline constexpr std::size_t maximum_typed_name_characters = 40;

// Turns a Unix time in milliseconds into the venue's time of day; `local_clock_time` in production, a
// fixed zone in tests.
using LocalClock = std::function<ClockTime(std::int64_t unix_milliseconds)>;

struct FlowSettings {
    FlowTimings timings;
    Language home_language = Language::pl; // what attract shows, and returns to
    LocalClock local_clock = local_clock_time;
    FindByNameSettings find_by_name;
};

enum class Screen {
    attract,              // "Zeskanuj kod QR z zaproszenia"
    looking_up,           // waiting for the lookup (a renderer may skip drawing it when it is brief)
    welcome,              // "Witamy, Anna Kowalska!" while the badge prints
    take_badge,           // the badge printed
    already_checked_in,   // refused: checked in earlier today, with the time
    unknown_code,         // refused: no delegate has this code
    cancelled,            // refused: the registration was cancelled
    not_registered_today, // refused: admitted on other days only
    unreadable_code,      // refused: the scan held no usable code
    printer_problem,      // checked in, but the badge will be printed at reception
    lookup_failed,        // the lookup failed or never answered
    code_not_valid,       // refused: a signed code that failed verification, or a plain code not taken
    badge_code,           // a badge's signed code: "this is your badge — you are already checked in"
    not_an_invitation,    // refused: the QR code of something else (a business card, a web link, Wi-Fi)
    badge_at_reception,   // checked in; the badge was pre-printed and waits at reception (none printed)
    find_surname,         // find yourself: typing the surname on the on-screen keyboard
    find_first_name,      // find yourself: more than 5 share the surname, typing the first name too
    finding,              // find yourself: waiting for the name search
    find_choose,          // find yourself: 1–5 matches as first name + organisation, pick yourself
    find_not_found,       // find yourself: no exact match (or too many, or too many searches): reception
};

// "attract", "looking_up", … (used in screenshot file names: "0003-welcome.png").
std::string_view to_string(Screen screen);

// The screens that show a result for a while: a touch anywhere dismisses them (the Flow goes back to
// attract; the layout puts a full-screen dismiss button under them). Not attract, looking_up or welcome
// (a touch is ignored while the badge prints).
bool is_result_screen(Screen screen);

// One line of find_choose: what tells namesakes apart, and nothing more.
struct NameChoice {
    std::string first_name;
    std::string organisation;

    friend bool operator==(const NameChoice&, const NameChoice&) = default;
};

// Everything a renderer needs to draw one screen; it never asks the Flow anything else.
struct ScreenModel {
    Screen screen = Screen::attract;
    Language language = Language::pl;
    std::string display_name;                // "Anna Kowalska"; empty when no delegate is known
    std::optional<ClockTime> checked_in_at;  // already_checked_in: when, at the venue (if known)
    std::vector<sync::Day> invitation_days;  // not_registered_today: the days the delegate is admitted
    std::optional<drivers::Problem> problem; // printer_problem: what failed (for a staff overlay)
    // Refusals and problems: what to do now, drawn first and largest, above what happened (a delegate
    // who is turned away needs the way on more than the reason). std::nullopt on the other screens.
    std::optional<Message> next_step;
    Message heading;                 // the large line; under next_step when there is one
    std::vector<Message> details;    // the lines under it
    Message language_switch;         // the label of the on-screen switch
    bool find_by_name = false;       // attract: the "I have no code" button is offered
    std::string typed;               // find_surname, find_first_name: what has been typed so far
    std::vector<NameChoice> choices; // find_choose: the matches, in the order of the pick buttons
    FlowTime entered_at{};           // when the screen was entered
    // When the screen gives way by itself unless an input comes first (result screens, and attract left
    // in the other language); std::nullopt on attract and while waiting for a lookup or a print, whose
    // timeouts are the Flow's business, not the screen's.
    std::optional<FlowTime> ends_at;

    friend bool operator==(const ScreenModel&, const ScreenModel&) = default;
};

// Inputs. Each carries the steady-clock time it happened at.
struct ScanInput {
    std::string payload; // as the scanner sent it; the lookup normalises it
    FlowTime time{};
    // The kiosk's verdict when the scan is a signed code, or a plain code it does not take
    // (sync::check_scanned_code); std::nullopt for a plain code it takes.
    std::optional<sync::SignedCodeVerdict> signed_code{};
};

struct LookupAnswer {
    RequestId lookup = 0;
    sync::Result<sync::CheckinResult> result; // an error is a storage failure, not a refusal
    FlowTime time{};
};

struct PrintOutcome {
    RequestId print = 0;
    drivers::Result<void> result; // a value: the printer confirmed the badge; an error: why not
    FlowTime time{};
};

struct Tick {
    FlowTime time{};
};

struct ToggleLanguage {
    FlowTime time{};
};

struct Dismiss { // a touch on a result screen
    FlowTime time{};
};

struct FindByName { // the attract screen's "I have no code" button
    FlowTime time{};
};

enum class NameKey {
    type,      // `text` typed (the on-screen keyboard's key, or a physical keyboard's text)
    backspace, // the last character goes
    search,    // "Szukaj / Search" (Enter)
    back,      // "Wróć / Back" (Escape)
};
struct NameTyping {
    NameKey key = NameKey::type;
    std::string text{}; // NameKey::type: letters, spaces, hyphens, apostrophes are kept, the rest dropped
    FlowTime time{};
};

struct PickMatch { // find_choose: the delegate picked themselves
    std::size_t index = 0;
    FlowTime time{};
};

struct NameSearchAnswer {
    RequestId search = 0;
    sync::Result<std::vector<sync::Delegate>> result; // exact matches, at most StartNameSearch::limit
    FlowTime time{};
};

using FlowInput = std::variant<ScanInput, LookupAnswer, PrintOutcome, Tick, ToggleLanguage, Dismiss,
                               FindByName, NameTyping, PickMatch, NameSearchAnswer>;

// Effects, in the order they are to be carried out: work for a worker first (so it starts at once), then
// the sound, the staff alert and the screen.
// How a check-in came: the journal's operator is "self-service" for a scan, "self-service by name" for a
// delegate who found themselves by name (the event carries it to the hub and the staff card).
enum class CheckinMethod { scan, by_name };
std::string_view journal_operator(CheckinMethod method);

struct StartLookup { // check the code in (sync::Mirror::check_in), answer with a LookupAnswer
    RequestId lookup = 0;
    std::string payload; // a signed invitation's: its delegate code
    // A verified invitation: checked in with Mirror::check_in_invitation, so a late registrant the mirror
    // does not know is registered from the signed fields.
    std::optional<sync::SignedCodeContent> invitation;
    CheckinMethod method = CheckinMethod::scan;

    friend bool operator==(const StartLookup&, const StartLookup&) = default;
};

// Find the delegates the typed names name exactly (sync::Mirror::find_by_exact_name), answer with a
// NameSearchAnswer. Neither name may reach a log.
struct StartNameSearch {
    RequestId search = 0;
    std::string surname;
    std::string first_name;                       // empty: the surname alone
    std::size_t limit = maximum_name_matches + 1; // one more than can be listed: "too many" is told apart

    friend bool operator==(const StartNameSearch&, const StartNameSearch&) = default;
};

enum class Reprint { no, yes }; // self-service never reprints; staff mode does

struct StartPrint { // print the badge, answer with a PrintOutcome
    RequestId print = 0;
    sync::Delegate delegate;
    Reprint reprint = Reprint::no;
};

enum class Sound { success, refusal, problem };
std::string_view to_string(Sound sound);

struct PlaySound {
    Sound sound = Sound::success;

    friend bool operator==(const PlaySound&, const PlaySound&) = default;
};

enum class StaffAlert {
    printer_problem,          // the badge was not printed: queue it at reception (delegate, problem)
    badge_printed_late,       // a badge reported as a problem did print after all: drop it from the queue
    lookup_failed,            // the mirror failed or did not answer (detail)
    checked_in_without_badge, // a lookup that answered too late admitted someone: no badge was printed
    code_refused,             // a signed code was refused (detail: the reason, the code's last characters)
    name_search_limited,      // find-yourself searches past the per-minute limit: someone may be trying names
};
std::string_view to_string(StaffAlert alert);

struct AlertStaff {
    StaffAlert alert = StaffAlert::printer_problem;
    std::optional<sync::Delegate> delegate;
    std::optional<drivers::Problem> problem;
    std::string detail; // technical, English, for the log and the staff panel
};

struct ShowScreen {
    ScreenModel screen;

    friend bool operator==(const ShowScreen&, const ShowScreen&) = default;
};

using FlowEffect = std::variant<StartLookup, StartNameSearch, StartPrint, PlaySound, AlertStaff, ShowScreen>;

class Flow {
public:
    explicit Flow(FlowSettings settings = {});

    // Lets time pass up to the input's time (screens that time out on the way are left, with their
    // effects), then handles the input. Never fails: unexpected inputs (an answer nobody waits for, a
    // touch while printing) give no effects.
    std::vector<FlowEffect> handle(const FlowInput& input);

    // Whether attract offers find-yourself, when it can change while the kiosk runs (the kiosk learns of
    // signed-codes-only mode from its mirror after the Flow is made). Takes effect on the attract screen at
    // once (its model changes; no effect is returned, the caller draws screen() again) and on the next
    // FindByName.
    void offer_find_by_name(bool offered);

    // The screen to draw now (attract before any input).
    const ScreenModel& screen() const { return m_model; }
    // When the next Tick changes something; std::nullopt when only an input can (attract). A kiosk loop
    // can sleep until then.
    std::optional<FlowTime> next_deadline() const { return m_deadline; }
    bool awaiting_lookup() const { return m_lookup.has_value(); }
    bool awaiting_print() const { return m_print.has_value(); }
    bool awaiting_name_search() const { return m_name_search.has_value(); }

private:
    struct PendingLookup {
        RequestId id = 0;
    };
    struct PendingPrint {
        RequestId id = 0;
        sync::Delegate delegate;
    };
    using Effects = std::vector<FlowEffect>;

    void advance_to(FlowTime now, Effects& effects);
    void on_deadline(FlowTime at, Effects& effects);
    void on_scan(const ScanInput& scan, FlowTime now, Effects& effects);
    void on_lookup_answer(const LookupAnswer& answer, FlowTime now, Effects& effects);
    void on_print_outcome(const PrintOutcome& outcome, FlowTime now, Effects& effects);
    void on_toggle_language(FlowTime now, Effects& effects);
    void on_dismiss(FlowTime now, Effects& effects);
    void on_find_by_name(FlowTime now, Effects& effects);
    void on_name_typing(const NameTyping& typing, FlowTime now, Effects& effects);
    void on_pick(const PickMatch& pick, FlowTime now, Effects& effects);
    void on_name_search_answer(const NameSearchAnswer& answer, FlowTime now, Effects& effects);
    void start_name_search(FlowTime now, Effects& effects);
    void show_typing(Screen screen, std::string typed, FlowTime now, Effects& effects);
    void not_found(FlowTime now, Effects& effects);

    void start_lookup(std::string scanned, std::string payload,
                      std::optional<sync::SignedCodeContent> invitation, FlowTime now, Effects& effects,
                      CheckinMethod method = CheckinMethod::scan);
    void refuse_other_content(std::string_view scanned, FlowTime now, Effects& effects);
    void refuse_code(const sync::CodeRejection& rejection, std::string_view scanned, FlowTime now,
                     Effects& effects);
    void take_answer(const sync::Result<sync::CheckinResult>& result, RequestId lookup, FlowTime now,
                     Effects& effects);
    void fail_lookup(RequestId lookup, std::string detail, FlowTime now, Effects& effects);
    void refuse(Screen screen, const sync::CheckinResult& result, FlowTime now, Effects& effects);
    void fail_print(PendingPrint print, drivers::Error error, FlowTime now, Effects& effects);
    void return_to_attract(FlowTime now, Effects& effects);

    // Enters `screen` at `now`; it ends by itself at `ends_at`. The facts on screen (name, times) are kept
    // from m_model; clear_facts() forgets them.
    void show(Screen screen, FlowTime now, std::optional<FlowTime> ends_at, Effects& effects);
    void clear_facts();
    std::chrono::milliseconds reading_time(Screen screen) const; // how long a result screen stays

    FlowSettings m_settings;
    ScreenModel m_model;
    FlowTime m_now{};
    std::optional<FlowTime> m_deadline;

    RequestId m_last_lookup = 0;
    RequestId m_last_print = 0;
    std::optional<PendingLookup> m_lookup; // the lookup the Flow waits for
    std::optional<PendingPrint> m_print;   // the print the Flow waits for
    FlowTime m_welcome_until{};            // welcome: the end of welcome_minimum

    std::string m_screen_payload;  // the scan the screen answers (repeats ignored on success screens)
    RequestId m_screen_lookup = 0; // lookup_failed: the lookup that failed (a late answer may come)
    RequestId m_screen_print = 0;  // printer_problem: the print that failed (a late "printed" may come)

    // Lookups and prints the Flow stopped waiting for, whose late answers still matter. Bounded: a worker
    // that never answers must not grow them without end.
    std::deque<RequestId> m_abandoned_lookups;
    std::deque<PendingPrint> m_abandoned_prints;

    // Find yourself by name.
    RequestId m_last_name_search = 0;
    std::optional<RequestId> m_name_search;  // the search the Flow waits for (on `finding`)
    std::string m_surname;                   // typed on find_surname, kept for find_first_name
    std::string m_first_name;                // typed on find_first_name
    std::vector<std::string> m_choice_codes; // find_choose: the codes behind the pick buttons, never shown
    std::deque<FlowTime> m_name_searches;    // when the searches of the last minute ran
};

} // namespace checkin::kiosk
