#pragma once

// Folding text for search: "Łukasz Wiśniewski-Kòrczëk" and "lukasz wisniewski korczek" must meet.
// Pure functions, no locale and no I/O: the same input gives the same output on every machine.

#include <string>
#include <string_view>
#include <vector>

namespace checkin::sync {

// Lower-cases and strips diacritics: Polish (ł→l, ą→a, ż/ź→z …), Kashubian (ò ë ã ù), German (ß→ss,
// ü→u), Lithuanian, Czech/Slovak, Vietnamese (all tone marks, ư→u, ơ→o, đ→d), combining marks of
// decomposed (NFD) input, and Cyrillic/Greek case (Ukrainian included). Letters with no folding pass
// through unchanged. Bytes that are not valid UTF-8 are dropped, so the result is always valid UTF-8.
std::string fold_for_search(std::string_view utf8);

// Folds the text, then splits it into tokens at every character that is not a letter or a digit
// (spaces, hyphens, apostrophes, dots, commas …). Empty tokens are never returned.
// "Wiśniewska-Grzegorczyk, Anna" → {"wisniewska", "grzegorczyk", "anna"}.
std::vector<std::string> search_tokens(std::string_view utf8);

// Whether what a person typed names `name` exactly, ignoring case, diacritics and the punctuation between
// its parts: the whole name ("wisniewska grzegorczyk" and "Wisniewska-Grzegorczyk" name
// "Wiśniewska-Grzegorczyk"), or one whole part of a name of several parts ("grzegorczyk" names it too, as a
// delegate with a double-barrelled surname often gives one half). A prefix ("wisniew") never names anyone:
// self-service's find-yourself must not let a stranger browse the roster by typing a few letters. Text
// with no letters or digits names nothing.
bool names_exactly(std::string_view typed, std::string_view name);

} // namespace checkin::sync
