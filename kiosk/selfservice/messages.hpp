#pragma once

// The kiosk's texts for delegates, in Polish and English: one catalogue of whole sentences with named
// placeholders ("Witamy, {name}!"), filled by a small formatter. No sentence is ever built by joining
// pieces, because word order and endings differ between the languages. Pure: no locale, no I/O, except
// `local_clock_time`, the one seam to the system's time zone.
//
// Times are written "9:14" in both languages: a 24-hour clock without a leading zero, as Polish signage
// does. English visitors at a Polish venue read the venue's own clocks and programme in 24-hour time, so
// "9:14 am" would be the odd one out.

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace checkin::kiosk {

// The two languages of every catalogue: the kiosk's (self-service and staff), and kioskctl's, which prints
// through the same catalogues.
enum class Language { pl, en };

// Every text a delegate can see. The order is the catalogue's order (checked at compile time).
enum class MessageId {
    attract_heading,              // "Zeskanuj kod QR z zaproszenia"
    attract_hint,                 // where the code can be
    looking_up,                   // "Sprawdzamy zaproszenie…"
    welcome_heading,              // "Witamy, {name}!"
    printing_badge,               // the badge is being printed
    take_badge,                   // "Proszę odebrać identyfikator"
    enjoy_event,                  // a friendly close under "take your badge"
    already_checked_in_heading,   // the invitation was used today
    already_checked_in_at,        // "Identyfikator wydrukowano dziś o {time}"
    already_checked_in,           // the same without a time, when the mirror knows none
    unknown_code_heading,         // no delegate has this code
    cancelled_heading,            // the registration was cancelled
    not_registered_today_heading, // not admitted today
    invitation_days,              // "Zaproszenie jest ważne: {days}"
    unreadable_code_heading,      // the scan held no usable code
    scan_again,                   // how to scan again
    checked_in_confirmed,         // printer problem: the check-in stands
    printer_problem,              // printer problem: "Identyfikator zostanie wydrukowany w recepcji…"
    lookup_failed_heading,        // the lookup failed or never answered
    try_again_or_reception,       // what to do after a failed lookup
    go_to_reception,              // what to do after a refusal
    code_not_valid_heading,    // a signed code refused (forged, expired, revoked, …) or a plain one refused
    badge_code_heading,        // a badge's signed code at self-service: it admits no one
    badge_code_checked_in,     // "you are already checked in"
    not_an_invitation_heading, // the QR code of something else: a business card, a web link, Wi-Fi
    scan_invitation_code,      // what to do instead: the code from the e-mail or the printout
    badge_at_reception,        // a pre-printed badge: "Twój identyfikator czeka w recepcji…"
    badge_printed_in_advance,  // why there is no badge here
    touch_to_close,            // result screens: a touch anywhere closes them
    badge_exit_below,          // take_badge: where the badge comes out, with an arrow pointing there
    badge_exit_left,
    badge_exit_right,
    demo_scan_hint,          // demo attract: how to "scan" without a scanner (a code + Enter, F2)
    demo_staff_hint,         // demo attract: how to open staff mode, with the PIN ("{pin}")
    find_by_name_button,     // attract: "Nie mam kodu" — find yourself by name
    find_surname_heading,    // "Wpisz swoje nazwisko"
    find_surname_hint,       // diacritics are not needed
    find_first_name_heading, // more than 5 share the surname: the first name too
    find_first_name_hint,    // as on the invitation
    finding,                 // "Szukamy…"
    find_choose_heading,     // pick yourself from first name + organisation
    find_choose_hint,        // how
    find_not_found_heading,  // no exact match (the same for a partial surname or too many)
    key_search,              // the on-screen keyboard's "Szukaj"
    key_back,                // "Wróć"
    key_space,               // "Spacja"
    key_backspace,           // "← Usuń"
    language_switch,         // the on-screen switch: names the other language ("English" / "Polski")
};

// Every id, in catalogue order.
std::span<const MessageId> all_message_ids();

// A stable name for logs, tests and screenshots ("welcome_heading").
std::string_view message_name(MessageId id);

// The sentence with its placeholders, e.g. "Witamy, {name}!". Both languages of an id use the same
// placeholders (tested).
std::string_view message_template(MessageId id, Language language);

// The placeholder names in `text`, in order of appearance, without braces: "Witamy, {name}!" → {"name"}.
// A placeholder is `{` + lower-case letters or `_` + `}`; any other brace is plain text.
std::vector<std::string> placeholders_in(std::string_view text);

struct MessageParameter {
    std::string name; // "name", "time", "days"
    std::string value;

    friend bool operator==(const MessageParameter&, const MessageParameter&) = default;
};

// A text to show: which sentence, with what in its placeholders. Language-neutral: the screen chooses the
// language when it renders, so the on-screen switch needs no new Message.
struct Message {
    MessageId id = MessageId::attract_heading;
    std::vector<MessageParameter> parameters;

    friend bool operator==(const Message&, const Message&) = default;
};

// The placeholders of `message`'s sentence (in either language) that it supplies no value for. Empty for a
// well-formed message; the Flow's tests check every Message it makes.
std::vector<std::string> missing_parameters(const Message& message);

// `text` with every placeholder replaced by its parameter's value; a placeholder without a value stays as
// "{name}". The one formatter of the kiosk's catalogues (this one and staff_messages.hpp).
std::string fill_placeholders(std::string_view text, const std::vector<MessageParameter>& parameters);

// The sentence in `language` with every placeholder replaced by its parameter's value. A placeholder
// without a value stays as "{name}" (visible, never a crash); parameters the sentence does not use are
// ignored.
std::string render(const Message& message, Language language);

// A wall-clock time of day at the venue.
struct ClockTime {
    unsigned hour = 0;   // 0–23
    unsigned minute = 0; // 0–59

    friend bool operator==(const ClockTime&, const ClockTime&) = default;
};

// "9:14", "13:05", "0:07" (see the note on times above).
std::string format_clock_time(ClockTime time);

// The venue's local time of day of a Unix time in milliseconds, by the system's time zone (TZ or
// /etc/localtime, through base::local_time). The Flow takes this as a parameter so its tests fix the zone.
ClockTime local_clock_time(std::int64_t unix_milliseconds);

} // namespace checkin::kiosk
