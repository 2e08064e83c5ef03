#pragma once

// The self-service screens as Scenes: what the Flow's ScreenModel looks like on a screen of a given
// size. Pure: texts come from the catalogue (messages.hpp) in the model's language, colours and sizes
// from the theme (theme.hpp).
//
// Every screen has the language switch (button `language_button_id`, bottom right, naming the other
// language). Result screens (take_badge, refusals, printer_problem, lookup_failed; not welcome, where
// the Flow ignores a touch while the badge prints) are also one screen-sized `dismiss_button_id` button
// under everything else, so a touch anywhere ends them (Flow's Dismiss). The top-left corner
// (`staff_corner`) has no button of its own and nothing drawn: holding it opens the staff PIN pad.
//
// Sizes follow the screen's shorter side (type_scale of the height for a landscape screen): a portrait
// kiosk is the same panel turned and read from the same distance.

#include "kiosk/selfservice/flow.hpp"
#include "kiosk/selfservice/scene.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace checkin::kiosk {

inline constexpr std::string_view language_button_id = "language";
inline constexpr std::string_view dismiss_button_id = "dismiss";

struct FlowSceneExtras {
    std::string event_name; // attract's title ("Seminarium sieciujące …"); empty: none shown
    // take_badge: the badge just printed (the simulated printer's PNG), shown beside the text.
    std::optional<std::filesystem::path> badge_preview;
    bool demo = false; // attract shows how to "scan" in the demo (type a code + Enter, F2, staff PIN)
    std::string demo_staff_pin; // shown in the demo hint when not empty
};

Scene layout_flow_screen(const ScreenModel& model, const FlowSceneExtras& extras, int width, int height);

// The hidden area that opens staff mode when held (the top-left corner, 12 % of the shorter side).
Rect staff_corner(int width, int height);

} // namespace checkin::kiosk
