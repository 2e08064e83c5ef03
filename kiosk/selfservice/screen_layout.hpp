#pragma once

// The self-service screens as Scenes: what the Flow's ScreenModel looks like on a screen of a given
// size. Pure: texts come from the catalogue (messages.hpp) in the model's language, colours and sizes
// from the theme (theme.hpp).
//
// Refusals and problems (the calm band) put what to do next first and largest, then what happened, then
// a "touch to close" hint and a countdown bar that empties until the screen closes by itself. take_badge
// says where the badge comes out, with an arrow pointing there (FlowSceneExtras::badge_exit).
//
// Every screen has the language switch (button `language_button_id`, bottom right, naming the other
// language). Result screens (take_badge, refusals, printer_problem, lookup_failed; not welcome, where
// the Flow ignores a touch while the badge prints) are also one screen-sized `dismiss_button_id` button
// under everything else, so a touch anywhere ends them (Flow's Dismiss). The top-left corner
// (`staff_corner`) has no button of its own and nothing drawn: holding it opens the staff PIN pad.
//
// Find yourself by name (flow.hpp): attract offers `find_by_name_button_id` at the bottom left when the
// model says so. find_surname and find_first_name show the heading, the typed text in a field and an
// on-screen keyboard (A–Z and a hyphen, no Polish letters: folding makes them unnecessary), with space,
// backspace and "Szukaj / Search"; find_choose lists the matches as first name and organisation, one
// `pick:N` button each. Those screens have "Wróć / Back" at the bottom left. Every key and row is at least
// as tall as the language switch's minimum (96 pixels at 1080).
//
// Sizes follow the screen's shorter side (type_scale of the height for a landscape screen): a portrait
// kiosk is the same panel turned and read from the same distance.

#include "kiosk/selfservice/flow.hpp"
#include "kiosk/selfservice/scene.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace checkin::kiosk {

inline constexpr std::string_view language_button_id = "language";
inline constexpr std::string_view dismiss_button_id = "dismiss";
inline constexpr std::string_view find_by_name_button_id = "find_by_name";
inline constexpr std::string_view name_key_prefix = "name_key:"; // + the letter it types: "name_key:k"
inline constexpr std::string_view name_space_button_id = "name_space";
inline constexpr std::string_view name_backspace_button_id = "name_backspace";
inline constexpr std::string_view name_search_button_id = "name_search";
inline constexpr std::string_view name_back_button_id = "name_back";
inline constexpr std::string_view pick_prefix = "pick:"; // + the index of the match: "pick:0"

// The on-screen keyboard's letter rows as the keys are labelled (capitals; a key types its lower case).
std::vector<std::vector<std::string>> name_keyboard_rows();

// The Flow input a touch on the self-service button `id` stands for at `now`; std::nullopt for a button
// that is not the Flow's (none such today) or an id no layout makes.
std::optional<FlowInput> flow_input_for_button(std::string_view id, FlowTime now);

// Where the badge comes out of the kiosk, as a delegate facing the screen sees it.
enum class BadgeExit { below, left, right };
std::string_view to_string(BadgeExit exit); // "below", "left", "right"

struct FlowSceneExtras {
    std::string event_name; // attract's title ("Seminarium sieciujące …"); empty: none shown
    // take_badge: the badge just printed (the simulated printer's PNG), shown beside the text.
    std::optional<std::filesystem::path> badge_preview;
    bool demo = false; // attract shows how to "scan" in the demo (type a code + Enter, F2, staff PIN)
    std::string demo_staff_pin; // shown in the demo hint when not empty
    // attract's title in English ("Networking seminar …"); empty: the English screen shows event_name.
    std::string event_name_english;
    BadgeExit badge_exit = BadgeExit::below; // take_badge points there
};

Scene layout_flow_screen(const ScreenModel& model, const FlowSceneExtras& extras, int width, int height);

// The hidden area that opens staff mode when held (the top-left corner, 12 % of the shorter side).
Rect staff_corner(int width, int height);

} // namespace checkin::kiosk
