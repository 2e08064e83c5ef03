#pragma once

// A scanner in keyboard mode that we do not read with libusb: its keystrokes reach the kiosk through the
// operating system and SDL, mixed with whatever a person types on a real keyboard. KeyboardWedgeDetector
// tells the two apart by speed and hands each on: a scanner's burst as a Scan, a person's keystrokes as
// typed events for the focused text field (staff mode). Pure: no SDL, no clock; the caller passes each
// SDL_TEXTINPUT text and each Enter/Tab/Backspace/Escape key-down with its time (the event's timestamp),
// and calls poll() from its loop.
//
// The heuristic, decided per run of input:
//  - A run is a sequence of inputs each less than max_scanner_gap after the one before (30 ms: scanners
//    type a character every few ms, people at best every 50–100 ms). The first input of a run may come
//    any time after the last one.
//  - A run of at least min_length characters of text that is not one character repeated (a held key's
//    auto-repeat) is a scanner burst. From then on it also survives pauses shorter than quiet_gap
//    (scanners that send in packets, a busy event loop), and ends at the terminator key, or when
//    nothing came for quiet_gap, or at an input after a longer pause. It becomes a Scan whose payload is
//    its text, without the terminator; other keys in it become control characters ("\r", "\t", "\b",
//    "\x1b").
//  - Any other run is typing: each of its inputs comes out, in order, as TypedText or TypedKey, once the
//    run is over (max_scanner_gap of quiet, or the terminator key). Nothing a person types is dropped.
// So a person typing slowly and then a scan give the typed keys and then the scan, and a scanner's
// burst can begin right after a keystroke as long as the two are max_scanner_gap apart.
// Known limits: a keystroke less than max_scanner_gap before a burst becomes the first character of the
// scan (timing cannot tell them apart; the code then fails to look up and the delegate scans again);
// a person rolling min_length keys in under max_scanner_gap each, or an input method committing
// min_length characters at once, looks like a scan; a scan of fewer than min_length characters, or of
// one character repeated ("1111"), comes out as typing.
//
// What the scanner's keys become is up to the operating system's keyboard layout: the kiosk must use a
// layout that types ASCII as a US keyboard does ("us" or "pl" — Polish programmer's). A German layout
// would swap Y and Z in every code. Event timestamps are only as fine as the loop that pumps events: a
// loop that pumps once per 16 ms frame still keeps scanner gaps under 30 ms.

#include "drivers/scan.hpp"
#include "drivers/warning_log.hpp"

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace checkin::drivers {

// The keys that produce no SDL_TEXTINPUT but matter to scans or text fields.
enum class WedgeKey { enter, tab, backspace, escape };

enum class WedgeTerminator { enter, tab, none };

struct KeyboardWedgeOptions {
    WedgeTerminator terminator = WedgeTerminator::enter; // what the scanner sends after each code
    std::chrono::milliseconds max_scanner_gap{30};       // inputs closer than this belong to one run
    std::chrono::milliseconds quiet_gap{60};             // pause that ends a burst (at least max_scanner_gap)
    std::size_t min_length = 4;                          // characters; a shorter run is typing even when fast
    std::size_t max_payload = 4096; // bytes; a longer burst is dropped whole (a scanner gone wrong)
};

// What a person typed: one SDL text input, or one key, to be given to the focused text field.
struct TypedText {
    std::string text; // UTF-8 as SDL delivered it
    std::chrono::steady_clock::time_point time{};
    friend bool operator==(const TypedText&, const TypedText&) = default;
};

struct TypedKey {
    WedgeKey key = WedgeKey::enter;
    std::chrono::steady_clock::time_point time{};
    friend bool operator==(const TypedKey&, const TypedKey&) = default;
};

using WedgeEvent = std::variant<Scan, TypedText, TypedKey>;

class KeyboardWedgeDetector {
public:
    // `device` names the source in the scans ("sdl://keyboard").
    explicit KeyboardWedgeDetector(std::string device, KeyboardWedgeOptions options = {});

    // One SDL_TEXTINPUT (`utf8`, not checked) or one key-down, at `time`. Returns the events this input
    // decided, oldest first: the run before it when the pause since that run ended it, and the run this
    // input ends when it is the terminator. Times earlier than the previous input count as no pause.
    std::vector<WedgeEvent> text(std::string_view utf8, std::chrono::steady_clock::time_point time);
    std::vector<WedgeEvent> key(WedgeKey key, std::chrono::steady_clock::time_point time);

    // Returns the events of a run that is over at `now` (see the heuristic above). Call it from the loop
    // at least every few ms while next_deadline() is set, e.g. by waiting for events until then.
    std::vector<WedgeEvent> poll(std::chrono::steady_clock::time_point now);

    // When poll() will next have something to decide; nothing when no input is pending.
    std::optional<std::chrono::steady_clock::time_point> next_deadline() const;

    // Decides the pending run now, whatever the time (e.g. the window lost focus, staff mode ends).
    std::vector<WedgeEvent> flush();

    // The problems seen since the last call, oldest first, as sentences for the log.
    std::vector<std::string> take_warnings();

private:
    using Input = std::variant<TypedText, TypedKey>;

    std::vector<WedgeEvent> take(Input input, std::chrono::steady_clock::time_point time);
    bool is_burst() const;
    std::chrono::milliseconds pause_that_ends_run() const;
    bool is_terminator(const Input& input) const;
    void decide(std::vector<WedgeEvent>& events);
    void clear_run();

    std::string m_device;
    KeyboardWedgeOptions m_options;
    std::vector<Input> m_run;         // inputs of the current run, oldest first
    std::size_t m_run_characters = 0; // code points of text in m_run
    std::size_t m_run_text_bytes = 0;
    std::string m_first_character;      // the run's first code point, to tell auto-repeat from a burst
    bool m_only_first_character = true; // the run's text is m_first_character repeated
    bool m_discarding = false;          // a burst grew past max_payload: drop it until it ends
    std::optional<std::chrono::steady_clock::time_point> m_last_input_time;
    WarningLog m_warnings; // capped: a babbling scanner cannot grow the kiosk
};

} // namespace checkin::drivers
