#pragma once

// The headless kiosk's script (`kiosk --headless --scan-script FILE`): what a scanner and a person do, one
// step per line. Pure: parses text; the kiosk plays the steps.
//
//   CWD-7F3KQ2PA          a line that is not a command is a scanned payload, exactly as written
//   scan TEXT             the same, for a payload that would read as a command (or an empty one: `scan`)
//   sleep MS              time passes (the Flow's timeouts run; see kiosk_app.cpp for the clock)
//   tap ID                a touch on the button with that id in the scene on screen ("language",
//                         "digit:1", "open_hit:0", "tab:walk_in")
//   touch X Y             a touch at a point
//   hold corner MS        a finger held on the hidden staff corner for MS (opens the PIN pad after 3 s)
//   hold X Y MS           a finger held at a point
//   type TEXT             a person typing TEXT on a real keyboard (goes to the focused staff field)
//   key NAME              a key: enter, backspace, escape, tab, f2 (the demo's random delegate)
//   printer COMMAND       a command to the simulated printer, as ql-simulator's control port takes it
//                         ("media none", "cover open", "reset")
//   # …                   a comment; blank lines are ignored
//
// A trailing CR (a file saved on Windows) is dropped from every line.

#include "base/error.hpp"

#include <chrono>
#include <cstddef>
#include <expected>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace checkin::kiosk {

struct ScriptScan {
    std::string payload;
    friend bool operator==(const ScriptScan&, const ScriptScan&) = default;
};
struct ScriptSleep {
    std::chrono::milliseconds duration{0};
    friend bool operator==(const ScriptSleep&, const ScriptSleep&) = default;
};
struct ScriptTap {
    std::string button;
    friend bool operator==(const ScriptTap&, const ScriptTap&) = default;
};
struct ScriptTouch {
    int x = 0;
    int y = 0;
    friend bool operator==(const ScriptTouch&, const ScriptTouch&) = default;
};
struct ScriptHold {
    bool corner = false; // the staff corner; otherwise at (x, y)
    int x = 0;
    int y = 0;
    std::chrono::milliseconds duration{0};
    friend bool operator==(const ScriptHold&, const ScriptHold&) = default;
};
struct ScriptType {
    std::string text;
    friend bool operator==(const ScriptType&, const ScriptType&) = default;
};
enum class ScriptKeyName { enter, backspace, escape, tab, f2 };
struct ScriptKey {
    ScriptKeyName key = ScriptKeyName::enter;
    friend bool operator==(const ScriptKey&, const ScriptKey&) = default;
};
struct ScriptPrinter {
    std::string command;
    friend bool operator==(const ScriptPrinter&, const ScriptPrinter&) = default;
};

using ScriptStep = std::variant<ScriptScan, ScriptSleep, ScriptTap, ScriptTouch, ScriptHold, ScriptType,
                                ScriptKey, ScriptPrinter>;

struct ScriptLine {
    std::size_t line = 0; // 1-based, for messages
    ScriptStep step;
    friend bool operator==(const ScriptLine&, const ScriptLine&) = default;
};

// Fails with "<source>:<line>: …" on a command with a missing or malformed argument (sleep without a
// number, an unknown key, a negative duration).
base::Result<std::vector<ScriptLine>> parse_scan_script(std::string_view text, std::string_view source);

} // namespace checkin::kiosk
