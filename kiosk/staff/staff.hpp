#pragma once

// Staff mode as a pure state machine, the reception's side of the kiosk. Like the Flow it never waits,
// opens nothing and reads no clock: the kiosk feeds it inputs (a tap on a button of the staff scene, typed
// text and keys, a scan, a tick, the answers of its database and printer workers) and carries out the
// effects it returns (search, load a delegate, reprint, check in, undo, register a walk-in, refresh the
// device panel or the statistics, leave staff mode). Every input carries the steady-clock time.
//
//   (self-service) ──long press in the corner──▶ pin_pad ──right PIN──▶ search ◀──▶ delegate_card …
//   (self-service) ──a staff QR code──────────────────────────────────▶ search
//   pin_pad ──5 wrong PINs──▶ locked ──5 minutes──▶ pin_pad        every screen ──exit / inactivity──▶ (out)
//
// Screens once signed in: search (the home: a query field, an on-screen keyboard with Polish letters,
// the hits), delegate_card (details, attendance, events; reprint, check in, undo), reprint_reason,
// undo_confirm (with a reason), walk_in (a form: first name, last name, organisation, role), devices
// (printer, scanners, sync, USB devices) and statistics. Tabs along the top switch between search,
// walk_in, devices and statistics; "exit" leaves staff mode.
//
// Decisions:
// - PINs and staff codes are checked by the kiosk against the configuration (find_staff_by_pin/_code);
//   the state machine gets the answer as a staff name or nothing, so it never sees a hash or salt.
//   Wrong PINs in a row count across openings of the pin pad; the lockout_count-th locks the pad for
//   lockout_duration (the locked screen shows the time left). A right PIN clears the count.
// - Leaving: "exit", Escape on the pin pad, or no input for `inactivity` (any tap, key, text or scan
//   counts as input; answers and ticks do not). Leaving forgets the query, card and form.
// - One request at a time: while an answer is awaited, taps on buttons that start work are ignored
//   (the screen shows it is busy); typing, tabs and exit still work. A search is the exception: every
//   change of the query starts a new search at once, and an answer for an older query is dropped.
// - A scan in staff mode opens that delegate's card (staff scan a badge or an invitation to fix it).
// - Reprint needs a reason (a preset or typed); the reason goes into the journal's reprint event. Before
//   it is sent, the badge's preview (rendered as the printer would print it) is shown with print and back.
// - Search hits carry where each delegate stands today (the card's banner states, as chips) and a check-in
//   on the rows the card itself would offer it (card_offers), which goes the card's way: the check-in,
//   its badge, then the card.
//   Undo asks for confirmation and a reason. Manual check-in uses the staff member's name as the operator.
//   After each action the card is loaded again, so what it shows is what the mirror holds.
// - A walk-in needs a first and a last name; organisation and role are optional. The roles offered are
//   the roster's own (StaffLoadRoles, most delegates first), so a walk-in's role is spelt as the roster
//   spells it; an empty role is the first of them, or "Uczestnik" on an empty roster. After it is
//   created, its badge is printed and its card opens.

#include "base/error.hpp"
#include "drivers/printer.hpp"
#include "kiosk/selfservice/flow.hpp"
#include "kiosk/selfservice/messages.hpp"
#include "sync/mirror/attendance_groups.hpp"
#include "sync/mirror/mirror.hpp"
#include "sync/roster/error.hpp"

#include <chrono>
#include <cstddef>
#include <expected>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace checkin::kiosk {

enum class StaffScreen {
    closed,          // not in staff mode: self-service runs
    pin_pad,         // entering a PIN
    locked,          // too many wrong PINs
    search,          // the home once signed in
    delegate_card,   // one delegate
    reprint_reason,  // choosing or typing why a badge is reprinted
    reprint_preview, // the badge as it will print, before a reprint is sent
    undo_confirm,    // confirming an undo, with a reason
    walk_in,         // registering someone not on the roster
    devices,         // printer, scanners, sync, USB devices
    statistics,      // checked in vs expected, by role and voivodeship
};

// "staff-pin-pad", "staff-locked", "staff-search", … (screenshot names); "closed" for closed.
std::string_view to_string(StaffScreen screen);

// What a button does. The staff scene's Button ids are staff_button_id(action, argument), so the layout
// and the state machine agree on them without sharing anything else.
enum class StaffAction {
    digit,           // argument "0".."9" (pin pad)
    pin_backspace,   // remove the last digit
    pin_submit,      // check the PIN
    key,             // argument: the UTF-8 text the key types ("a", "ą", "A", "Ą", "-", "'", …)
    space,           // types " "
    backspace,       // removes the last character (code point) of the focused field
    shift,           // toggles upper case on the on-screen keyboard
    clear_field,     // empties the focused field
    focus_field,     // argument: a StaffField's name ("search", "first_name", …)
    open_hit,        // argument: the index of a search hit ("0", "1", …)
    choose_role,     // walk-in: argument the index of one of view.walk_in_roles
    tab,             // argument: "search", "walk_in", "devices", "statistics"
    back,            // from a card or a reason screen to where it came from
    reprint,         // on a card: ask for a reason
    reprint_preset,  // argument: a preset reason id ("lost", "damaged", "typo", "other")
    confirm_reprint, // the reason in the field is given: show the badge's preview
    print_reprint,   // on the preview: print it, with the reason given
    check_in,        // manual check-in for today: the card's delegate, or argument a search hit's index
    undo,            // on a card: ask for confirmation
    undo_preset,     // argument: a preset reason id ("mistake", "wrong_person", "left", "other")
    confirm_undo,    // undo with the reason in the field
    create_walk_in,  // submit the walk-in form
    refresh,         // devices, statistics: load again
    toggle_sound,    // devices: mute / unmute the sound cues
    toggle_language, // staff screens in the other language
    exit,            // leave staff mode
};

std::string_view to_string(StaffAction action); // "digit", "pin_backspace", …

// "digit:7", "key:ą", "open_hit:3", "exit" (no argument, no colon).
std::string staff_button_id(StaffAction action, std::string_view argument = {});
struct StaffButtonPress {
    StaffAction action = StaffAction::exit;
    std::string argument;

    friend bool operator==(const StaffButtonPress&, const StaffButtonPress&) = default;
};
std::optional<StaffButtonPress> parse_staff_button_id(std::string_view id);

enum class StaffField { search, reason, first_name, last_name, organisation, role };
std::string_view to_string(StaffField field);                      // "search", "reason", "first_name", …
std::optional<StaffField> staff_field_from(std::string_view name); // the reverse

// The preset reasons for a reprint, in the order the layout shows them, with their journal text.
struct ReprintPreset {
    std::string_view id;         // "lost"
    std::string_view journal_pl; // "zgubiony identyfikator" (what the journal records)
    std::string_view journal_en; // "lost badge"
};
std::span<const ReprintPreset> reprint_presets(); // lost, damaged, typo, other ("other" has empty texts)
// The preset reasons for undoing an arrival, the same way: mistake, wrong_person, left, other.
std::span<const ReprintPreset> undo_presets();

struct WalkInForm {
    std::string first_name;
    std::string last_name;
    std::string organisation;
    std::string role; // empty: "Uczestnik"

    friend bool operator==(const WalkInForm&, const WalkInForm&) = default;
};

// The device panel's facts, gathered by a worker.
struct PrinterPanel {
    std::string address;     // "sim:///tmp/badges", "usb://04f9:209d", "" when none is configured
    std::string description; // what the printer session says of itself
    std::optional<drivers::PrinterState> state;      // nullopt: could not be asked
    std::string error;                               // why it could not be asked: the driver's detail
    drivers::Problem problem = drivers::Problem::io; // the same as a code, which the screen words
    std::size_t badges_waiting = 0;                  // badges queued after printer problems
};
// What the device panel says of a scanner beside "connected" or not; the screen words it in its language.
enum class ScannerNote {
    none,
    keyboard, // a scanner typing into the kiosk's window as a keyboard (address "keyboard")
    opening,  // its device is being opened
    camera,   // a camera; `detail` is the camera's own name
    failed,   // it could not be opened: `problem`, and the driver's `detail`
};
struct ScannerPanel {
    std::string address{}; // "keyboard", "usb://0c2e:0b61", …
    bool connected = false;
    std::string detail{}; // technical: a camera's name, the driver's detail of a failure
    ScannerNote note = ScannerNote::none;
    drivers::Problem problem = drivers::Problem::io; // note failed: why
};
// An attached USB device (hardware::DeviceReport), as facts the screen words in its language.
enum class UsbDeviceKind { printer, scanner, unknown };
struct UsbDevicePanel {
    UsbDeviceKind kind = UsbDeviceKind::unknown;
    std::string address{};            // "usb://04f9:209d?serial=…"
    std::string description{};        // the device's name ("Brother QL-820NWB"): a maker's product name
    std::vector<std::string> modes{}; // scanners: the profile's mode names ("hid-pos")
    std::optional<drivers::PrinterState> printer{}; // printers whose status was read
    std::optional<drivers::Error> problem{};        // printers whose status could not be read
};
struct SyncPanel {
    std::string hub; // empty: no hub configured (the kiosk works alone)
    bool online = false;
    std::size_t backlog = 0;  // events not uploaded yet
    std::string last_success; // "9:14", or empty: never
    std::string detail;
    // This kiosk's events the hub refused for good (it will not be asked again): how many, and the most
    // recent few (newest first) with the hub's reason, so reception can put them right by hand.
    std::size_t refused = 0;
    std::vector<sync::RefusedUploadRecord> recent_refusals;
};
struct DevicePanel {
    PrinterPanel printer;
    std::vector<ScannerPanel> scanners;
    SyncPanel sync;
    std::vector<UsbDevicePanel> usb_devices;
    std::optional<drivers::Error> usb_failure; // USB could not be listed at all
    bool sound_on = true;
};

// Checked in vs expected for one group (a role, a voivodeship) today, counted as the hub's dashboard
// counts it (sync/mirror/attendance_groups.hpp).
using StatisticsRow = sync::GroupCount;
struct StaffStatistics {
    sync::Day day;
    std::size_t expected = 0;   // active delegates admitted today
    std::size_t checked_in = 0; // of them, checked in today
    std::size_t walk_ins = 0;
    std::size_t reprints_today = 0;
    std::vector<StatisticsRow> by_role;        // largest `expected` first, then by name
    std::vector<StatisticsRow> by_voivodeship; // by name (Polish collation of the roster's spelling)

    friend bool operator==(const StaffStatistics&, const StaffStatistics&) = default;
};

// Where a delegate stands today, as the card's banner shows it and as its actions follow it.
enum class CardArrival {
    not_yet,              // admitted today, not arrived: check in
    arrived,              // arrived today (at `arrived_at_milliseconds`): reprint, or undo the arrival
    cancelled,            // the registration is cancelled: nothing but back
    not_registered_today, // admitted on other days only: nothing but back
    unknown,              // the day is not known (no CardAnswer::day): every action stays offered
};
struct CardStatus {
    CardArrival arrival = CardArrival::unknown;
    std::int64_t arrived_at_milliseconds = 0; // arrived: the check-in standing today

    friend bool operator==(const CardStatus&, const CardStatus&) = default;
};

// Everything the staff layout needs to draw the current screen.
struct StaffView {
    StaffScreen screen = StaffScreen::closed;
    Language language = Language::pl;
    std::string staff_name; // who signed in; empty on pin_pad and locked
    // pin_pad / locked
    std::size_t pin_digits = 0;         // digits entered (drawn as dots)
    bool pin_rejected = false;          // the last PIN was wrong
    unsigned attempts_left = 0;         // before the lockout
    std::chrono::seconds locked_for{0}; // locked: time left, rounded up to whole seconds
    // fields
    StaffField focus = StaffField::search;
    bool shift = false;
    std::string search_query;
    bool searching = false;               // a search is under way
    std::vector<sync::SearchHit> hits;    // for search_query (at most 8)
    std::vector<CardStatus> hit_statuses; // one per hit where known (SearchAnswer::statuses); else unknown
    std::optional<sync::DelegateRecord> card;
    bool card_from_invitation = false; // the card's delegate was registered from a signed invitation
    std::optional<sync::Day> card_day; // the kiosk's day when the card was loaded (CardAnswer::day)
    std::vector<sync::CheckinEvent> card_events; // newest first
    std::string reason;                          // reprint_reason, undo_confirm
    WalkInForm walk_in;
    std::vector<std::string> walk_in_roles; // the roster's roles, most delegates first (StaffLoadRoles)
    std::optional<std::filesystem::path> badge_preview; // reprint_preview: the badge as a PNG, once made
    std::optional<DevicePanel> devices;
    std::optional<StaffStatistics> statistics;
    bool busy = false;                 // an action's answer is awaited
    std::optional<std::string> notice; // the last action's outcome, a sentence in `language`
    bool notice_is_error = false;
};

// A cancelled registration comes first, whatever else is true; then today's arrival; then the days.
CardStatus card_status(const sync::DelegateRecord& record, std::optional<sync::Day> today);
// Whether the card offers `action` (check_in, reprint or undo) for a delegate in `arrival`: check in before
// the arrival, reprint or undo after it, nothing on a cancelled registration or another day's; every one
// while the day is unknown. The layout shows these and StaffMode takes no other (a tap on a card drawn
// before the delegate's state changed).
bool card_offers(CardArrival arrival, StaffAction action);

// Inputs ------------------------------------------------------------------------------------------------

struct StaffOpenPinPad { // the hidden corner was held
    FlowTime time{};
};
struct StaffPinChecked {                   // the kiosk's answer to a StaffCheckPin effect
    std::optional<std::string> staff_name; // nullopt: wrong PIN
    FlowTime time{};
};
struct StaffCodeScanned { // a staff QR code was scanned in self-service: sign in directly
    std::string staff_name;
    FlowTime time{};
};
struct StaffCodeRefused { // a signed code scanned in staff mode failed its check: no card opens
    sync::CodeRefusal reason = sync::CodeRefusal::malformed;
    FlowTime time{};
};
// An enrolment code (`kiosk-hub enrol`) scanned in staff mode: the kiosk read it (its secret stays with the
// kiosk, never in staff mode's state). `hub` is the hub's address when it could be read; empty: the code
// is damaged or cut short.
struct StaffEnrolmentScanned {
    std::string hub;
    FlowTime time{};
};
struct StaffTap {
    StaffButtonPress press;
    FlowTime time{};
};
struct StaffText { // typed on a real keyboard (SDL text input)
    std::string text;
    FlowTime time{};
};
enum class StaffKey { enter, backspace, escape, tab };
struct StaffKeyPress {
    StaffKey key = StaffKey::enter;
    FlowTime time{};
};
struct StaffScan { // a code scanned while in staff mode
    std::string payload;
    FlowTime time{};
};
struct StaffTick {
    FlowTime time{};
};

// Answers of the workers, each for the request id of the effect that asked.
struct SearchAnswer {
    RequestId request = 0;
    sync::Result<std::vector<sync::SearchHit>> hits;
    FlowTime time{};
    std::vector<CardStatus> statuses{}; // where each hit stands today (card_status), in the hits' order
};
struct CardAnswer { // the delegate and their journal; nullopt record: no such code
    RequestId request = 0;
    sync::Result<std::optional<sync::DelegateRecord>> record;
    std::vector<sync::CheckinEvent> events; // newest first
    FlowTime time{};
    bool from_invitation = false;   // registered here from a signed invitation (a late registrant)
    std::optional<sync::Day> day{}; // the kiosk's day at the venue, for the card's arrival banner
};
struct ActionAnswer { // reprint, check-in, undo, walk-in
    RequestId request = 0;
    // A value: what was done, a person-readable sentence in the staff's language (the kiosk builds it);
    // an error: why not, the same.
    base::Result<std::string> outcome;
    std::optional<std::string> code; // the delegate the action was about (a new walk-in's code)
    FlowTime time{};
};
struct DevicesAnswer {
    RequestId request = 0;
    DevicePanel panel;
    FlowTime time{};
};
struct EnrolmentAnswer { // the exchange of an enrolment code with its hub (StaffEnrol)
    RequestId request = 0;
    base::Result<std::string> outcome; // a sentence in the staff's language either way
    FlowTime time{};
};
struct RolesAnswer { // the roster's roles (walk_in_roles_of), for the walk-in form; the latest one counts
    sync::Result<std::vector<std::string>> roles;
    FlowTime time{};
};
struct PreviewAnswer { // the badge rendered for a preview (StaffPreviewBadge)
    RequestId request = 0;
    // The PNG file; an error: why it could not be made, a sentence in the staff's language.
    base::Result<std::filesystem::path> file;
    FlowTime time{};
};
struct StatisticsAnswer {
    RequestId request = 0;
    sync::Result<StaffStatistics> statistics;
    FlowTime time{};
};

using StaffInput = std::variant<StaffOpenPinPad, StaffPinChecked, StaffCodeScanned, StaffTap, StaffText,
                                StaffKeyPress, StaffScan, StaffTick, SearchAnswer, CardAnswer, ActionAnswer,
                                DevicesAnswer, StatisticsAnswer, StaffCodeRefused, StaffEnrolmentScanned,
                                EnrolmentAnswer, RolesAnswer, PreviewAnswer>;

// Effects -----------------------------------------------------------------------------------------------

struct StaffCheckPin { // check against the configuration; answer with StaffPinChecked
    std::string pin;
    friend bool operator==(const StaffCheckPin&, const StaffCheckPin&) = default;
};
struct StaffSearch { // Mirror::search(query, 8); answer with SearchAnswer
    RequestId request = 0;
    std::string query;
    friend bool operator==(const StaffSearch&, const StaffSearch&) = default;
};
struct StaffLoadCard { // Mirror::find_by_code + events_of (the payload is normalised first); CardAnswer
    RequestId request = 0;
    std::string code;
    friend bool operator==(const StaffLoadCard&, const StaffLoadCard&) = default;
};
struct StaffReprint { // print the badge again, journal a reprint event with the reason; ActionAnswer
    RequestId request = 0;
    std::string code;
    std::string reason;
    std::string staff_name;
    friend bool operator==(const StaffReprint&, const StaffReprint&) = default;
};
struct StaffCheckIn { // Mirror::check_in with the staff's name as operator, then print; ActionAnswer
    RequestId request = 0;
    std::string code;
    std::string staff_name;
    friend bool operator==(const StaffCheckIn&, const StaffCheckIn&) = default;
};
struct StaffUndo { // Mirror::undo_checkin for today; ActionAnswer
    RequestId request = 0;
    std::string code;
    std::string reason;
    std::string staff_name;
    friend bool operator==(const StaffUndo&, const StaffUndo&) = default;
};
struct StaffCreateWalkIn { // a new walk-in delegate, checked in, badge printed; ActionAnswer with its code
    RequestId request = 0;
    WalkInForm form; // trimmed; role filled in
    std::string staff_name;
    friend bool operator==(const StaffCreateWalkIn&, const StaffCreateWalkIn&) = default;
};
struct StaffLoadRoles { // the roster's distinct roles; RolesAnswer
    friend bool operator==(const StaffLoadRoles&, const StaffLoadRoles&) = default;
};
struct StaffPreviewBadge { // render the badge as the printer would, to a PNG file; PreviewAnswer
    RequestId request = 0;
    std::string code;
    friend bool operator==(const StaffPreviewBadge&, const StaffPreviewBadge&) = default;
};
struct StaffRefreshDevices { // DevicesAnswer
    RequestId request = 0;
    friend bool operator==(const StaffRefreshDevices&, const StaffRefreshDevices&) = default;
};
struct StaffRefreshStatistics { // StatisticsAnswer
    RequestId request = 0;
    friend bool operator==(const StaffRefreshStatistics&, const StaffRefreshStatistics&) = default;
};
struct StaffSetSound { // mute or unmute the sound cues
    bool on = true;
    friend bool operator==(const StaffSetSound&, const StaffSetSound&) = default;
};
struct StaffLog { // a line for the kiosk's log: who did what ("anna: reprint, code ending 7MT9"),
                  // never a name, a whole code or a typed reason (issue 15)
    std::string line;
    friend bool operator==(const StaffLog&, const StaffLog&) = default;
};
struct StaffEnrol { // exchange the enrolment code scanned last for this kiosk's token; EnrolmentAnswer
    RequestId request = 0;
    std::string hub; // the hub's address, for the log
    friend bool operator==(const StaffEnrol&, const StaffEnrol&) = default;
};
struct StaffClosed { // staff mode ended: self-service takes over (its attract screen)
    friend bool operator==(const StaffClosed&, const StaffClosed&) = default;
};
// The PIN pad's lockout: wrong PINs in a row, lockouts since the last right PIN, and the lockout in force.
// The kiosk keeps it in a file (StaffLockoutChanged) and gives it back at start
// (StaffModeSettings::restored_lockout), so restarting the kiosk neither lifts a lockout nor shortens the
// next one.
struct StaffLockoutState {
    unsigned wrong_pins = 0;
    unsigned lockouts = 0;
    std::optional<FlowTime> locked_until{};
    friend bool operator==(const StaffLockoutState&, const StaffLockoutState&) = default;
};
struct StaffLockoutChanged { // keep this state; it changed
    StaffLockoutState state;
    friend bool operator==(const StaffLockoutChanged&, const StaffLockoutChanged&) = default;
};

using StaffEffect =
    std::variant<StaffCheckPin, StaffSearch, StaffLoadCard, StaffReprint, StaffCheckIn, StaffUndo,
                 StaffCreateWalkIn, StaffRefreshDevices, StaffRefreshStatistics, StaffSetSound, StaffLog,
                 StaffClosed, StaffEnrol, StaffLockoutChanged, StaffLoadRoles, StaffPreviewBadge>;

// The roles a walk-in may be given: the distinct non-empty roles of the active delegates, most delegates
// first, then in Polish alphabetical order; at most `limit`. An empty roster gives {"Uczestnik"}, the role
// the roster's import writes for a participant.
std::vector<std::string> walk_in_roles_of(const std::vector<sync::DelegateRecord>& records,
                                          std::size_t limit = 6);

// Each lockout is longer than the one before, until a right PIN: lockout_duration, then 5 times it, then 30
// times it (1, 5 and 30 minutes with the kiosk's default of 1).
inline constexpr unsigned lockout_growth[] = {1, 5, 30};

struct StaffModeSettings {
    unsigned lockout_count = 5;
    std::chrono::milliseconds lockout_duration{std::chrono::minutes(5)}; // the first lockout's
    StaffLockoutState restored_lockout{}; // as the kiosk kept it before a restart
    std::chrono::milliseconds inactivity{std::chrono::minutes(2)};
    std::size_t pin_length_max = 8; // digits beyond it are ignored
    Language language = Language::pl;
    bool sound_on = true;
};

class StaffMode {
public:
    explicit StaffMode(StaffModeSettings settings = {});

    std::vector<StaffEffect> handle(const StaffInput& input);

    bool is_open() const { return m_view.screen != StaffScreen::closed; }
    const StaffView& view() const { return m_view; }
    // When a tick next changes something (inactivity, the lockout's end, the locked screen's countdown
    // each second); nullopt when closed.
    std::optional<FlowTime> next_deadline() const;

private:
    using Effects = std::vector<StaffEffect>;

    // The actions that change the mirror or print; their answer reloads the card (or opens a walk-in's).
    enum class ActionKind { reprint, check_in, undo, walk_in };
    struct PendingAction {
        RequestId request = 0;
        ActionKind kind = ActionKind::reprint;
    };

    void advance(Effects& effects);
    bool take_user_input();
    bool signed_in() const;
    bool busy() const; // a card load or an action is awaited: work-starting taps are ignored
    RequestId next_request() { return ++m_last_request; }

    // Inputs
    void on_open_pin_pad();
    void on_pin_checked(const StaffPinChecked& answer, Effects& effects);
    void on_code_scanned(const StaffCodeScanned& scan, Effects& effects);
    void on_tap(const StaffButtonPress& press, Effects& effects);
    void on_text(std::string_view text, Effects& effects);
    void on_key(StaffKey key, Effects& effects);
    void on_scan(const std::string& payload, Effects& effects);
    void on_code_refused(sync::CodeRefusal reason);
    void on_enrolment_scanned(const StaffEnrolmentScanned& scan, Effects& effects);
    void on_enrolment_answer(const EnrolmentAnswer& answer);
    void on_search_answer(const SearchAnswer& answer);
    void on_card_answer(const CardAnswer& answer);
    void on_action_answer(const ActionAnswer& answer, Effects& effects);
    void on_devices_answer(const DevicesAnswer& answer);
    void on_statistics_answer(const StatisticsAnswer& answer);
    void on_roles_answer(const RolesAnswer& answer);
    void on_preview_answer(const PreviewAnswer& answer);

    // The pin pad and signing in and out
    void on_pin_pad_tap(const StaffButtonPress& press, Effects& effects);
    void add_pin_digits(std::string_view text);
    void submit_pin(Effects& effects);
    void sign_in(const std::string& staff_name, std::string_view how, Effects& effects);
    void close(std::string_view how, Effects& effects);

    // Signed in
    void on_signed_in_tap(const StaffButtonPress& press, Effects& effects);
    std::string* focused_field();
    void type(std::string_view text, Effects& effects);
    void erase_last_character(Effects& effects);
    void clear_focused_field(Effects& effects);
    void focus(std::string_view field_name);
    void search_query_changed(Effects& effects);
    void open_hit(std::string_view index, Effects& effects);
    void open_card(std::string code, Effects& effects);
    void load_card(std::string code, Effects& effects);
    void switch_tab(std::string_view tab, Effects& effects);
    void go_back();
    void leave_card();
    void ask_reason(StaffScreen screen);
    void choose_reprint_preset(std::string_view id);
    void choose_undo_preset(std::string_view id);
    void confirm_reprint(Effects& effects);
    void print_reprint(Effects& effects);
    void check_in(Effects& effects);
    void check_in_hit(std::string_view index, Effects& effects);
    void choose_role(std::string_view index);
    bool offered_on_the_card(StaffAction action) const;
    void confirm_undo(Effects& effects);
    void create_walk_in(Effects& effects);
    void refresh(Effects& effects);
    void refresh_devices(Effects& effects);
    void refresh_statistics(Effects& effects);
    void toggle_sound(Effects& effects);
    void show_notice(std::string text, bool is_error);
    void update_view(); // the fields derived from the state: digits, attempts, countdown, busy

    StaffModeSettings m_settings;
    StaffView m_view;
    FlowTime m_now{};        // the latest input's time (time never runs backwards)
    FlowTime m_last_input{}; // the latest tap, key, text or scan, for the inactivity exit

    unsigned m_wrong_pins = 0;              // in a row, across openings of the pin pad
    unsigned m_lockouts = 0;                // since the last right PIN: the next lockout's length
    std::optional<FlowTime> m_locked_until; // a lockout in force, even while closed
    std::string m_pin;                      // the digits entered, never shown
    bool m_awaiting_pin_check = false;
    std::size_t m_checked_pin_digits = 0; // shown while the PIN is being checked
    bool m_sound_on = true;

    RequestId m_last_request = 0;
    RequestId m_search_request = 0; // 0: none awaited
    RequestId m_card_request = 0;
    std::optional<PendingAction> m_action;
    RequestId m_devices_request = 0;
    RequestId m_statistics_request = 0;
    RequestId m_enrolment_request = 0; // an enrolment under way; 0: none
    RequestId m_preview_request = 0;   // a badge preview awaited; 0: none
    std::string m_card_code;           // the delegate the card screens are about
};

} // namespace checkin::kiosk
