#pragma once

// The staff screens as Scenes (pin pad, locked, search with its on-screen keyboard, delegate card,
// reprint reason, undo confirmation, walk-in form, devices, statistics). Pure. Texts come from the staff
// catalogue (staff_messages.hpp) in the view's language; every button's id is
// staff_button_id(action, argument) (staff.hpp), so a tap maps straight back to a StaffButtonPress.

#include "kiosk/selfservice/scene.hpp"
#include "kiosk/staff/staff.hpp"

namespace checkin::kiosk {

Scene layout_staff_screen(const StaffView& view, int width, int height);

// The on-screen keyboard's rows (lower case; the layout shows upper case when shift is on): digits,
// then a Polish programmer's layout (qwertyuiop, asdfghjkl, zxcvbnm) with the nine Polish letters
// ą ć ę ł ń ó ś ź ż on a row of their own, and "-", "'", ".", "@".
std::vector<std::vector<std::string>> staff_keyboard_rows();

} // namespace checkin::kiosk
