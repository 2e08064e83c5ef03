#pragma once

// What a short text typed at a kiosk (a walk-in's name, an operator, an undo's reason) may hold, judged
// the same way by the kiosk that records it, the hub that receives it and the kiosks that pull it
// (sync/protocol/event_checks.hpp): valid UTF-8, at most so many characters, and none of the characters
// that hide or reorder text. Pure.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace checkin::sync {

inline constexpr std::size_t person_name_maximum_characters = 100;     // a walk-in's first or last name
inline constexpr std::size_t delegate_detail_maximum_characters = 200; // organisation, role, e-mail, …
inline constexpr std::size_t operator_maximum_characters = 64;
inline constexpr std::size_t reason_maximum_characters = 200;

// The first problem with a text, as the end of a sentence ("is longer than 64 characters", "holds
// control characters", "holds characters that reorder text", "is not valid UTF-8"); nullopt when fine.
// Control characters are C0, DEL and C1; the reordering ones are the bidi embeddings and overrides
// (U+202A–U+202E), isolates (U+2066–U+2069) and the direction marks (U+200E, U+200F).
std::optional<std::string> text_problem(std::string_view text, std::size_t maximum_characters);

} // namespace checkin::sync
