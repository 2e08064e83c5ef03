#pragma once

// Polish alphabetical order for the names of groups (voivodeships, roles, partnerships) in the kiosk's
// statistics and on the hub's dashboard: a ą b c ć … l ł … z ź ż, case ignored. Pure.

#include <string_view>

namespace checkin::sync {

// Whether `left` sorts before `right` in Polish alphabetical order, case ignored (ties: by the bytes).
// Letters of other languages sort as their plain form ("é" as "e"); anything that is no letter, like the
// "—" of an unnamed group, after every letter.
bool polish_name_less(std::string_view left, std::string_view right);

} // namespace checkin::sync
