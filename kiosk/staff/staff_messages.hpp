#pragma once

// The staff screens' texts, in Polish and English, made the same way as the delegates' catalogue
// (messages.hpp): whole sentences and labels with named placeholders ("Zarejestrowani: {count} z
// {expected}"), filled by a small formatter, never built by joining words. Where a count appears, the
// sentence puts it after a colon ("Identyfikatory w kolejce: {count}"), so no Polish plural form
// (1 identyfikator / 2 identyfikatory / 5 identyfikatorów) is ever needed. Pure.
//
// The ids are `StaffMessageId`, not `StaffText`: staff.hpp already names its typed-text input StaffText.

#include "drivers/error.hpp"
#include "kiosk/selfservice/messages.hpp"

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace checkin::kiosk {

// Every text staff can see on their screens. The order is the catalogue's order (checked at compile time).
enum class StaffMessageId {
    // The top bar
    tab_search,      // "Szukaj"
    tab_walk_in,     // "Rejestracja na miejscu"
    tab_devices,     // "Urządzenia"
    tab_statistics,  // "Statystyki"
    exit,            // "Wyjdź"
    signed_in_as,    // "Personel: {name}"
    language_switch, // names the other language, in it ("English" / "Polski")
    busy,            // "Proszę czekać…"
    // The PIN pad and the lockout
    pin_heading,      // "Wpisz PIN personelu"
    pin_rejected,     // "Błędny PIN — pozostało prób: {count}"
    pin_backspace,    // the pad's key that removes a digit
    pin_submit,       // the pad's key that checks the PIN
    locked_heading,   // "Zbyt wiele błędnych prób"
    locked_countdown, // "Zablokowano — spróbuj za {time}"
    // Search
    search_label,  // what the query field searches
    search_prompt, // shown under an empty query
    searching,     // "Szukam…"
    no_results,    // "Brak wyników"
    hit_cancelled, // a hit whose registration is cancelled
    // The delegate card's field labels and values
    field_code,
    field_organisation,
    field_position,
    field_partnership,
    field_voivodeship,
    field_role,
    field_days,
    field_status,
    field_checked_in_at,
    field_duplicate, // two check-ins standing on one day (kiosks cut off from each other)
    field_events,
    every_day, // the days of a delegate admitted on every day
    status_active,
    status_cancelled,
    status_walk_in,         // a walk-in's status: "aktywna (rejestracja na miejscu)"
    status_from_invitation, // a late registrant admitted with a signed invitation
    not_checked_in,         // no attendance yet
    attendance_entry,       // "{day}, {time}" one day's arrival
    duplicate_entry,        // "{day}: {count}× ({checkins})"
    duplicate_checkin,      // "{time} {kiosk}", one of a duplicate's check-ins
    no_events,
    event_line,             // "{day} {time} — {kind} ({operator})"
    event_line_with_reason, // the same with "{reason}"
    event_checkin,          // "zarejestrowanie"
    event_undo,             // "cofnięcie"
    event_reprint,          // "ponowny wydruk"
    event_print,            // "wydruk"
    // Buttons
    reprint,        // "Drukuj ponownie"
    check_in,       // "Zarejestruj przybycie"
    undo,           // "Cofnij rejestrację"
    back,           // "Wróć"
    confirm,        // "Potwierdź"
    cancel,         // "Anuluj"
    refresh,        // "Odśwież"
    create_walk_in, // "Zarejestruj i drukuj"
    // The on-screen keyboard's special keys
    key_shift,
    key_space,
    key_backspace,
    key_clear,
    // Reasons
    reprint_heading, // "Powód ponownego wydruku: {name}"
    reprint_hint,    // choose a preset or type a reason
    preset_other,    // the label of the preset "other" (it has no journal text)
    reason_label,    // "Powód"
    undo_question,   // "Cofnąć dzisiejszą rejestrację przybycia: {name}?"
    undo_hint,       // give a reason
    // The walk-in form
    walk_in_heading,
    walk_in_hint, // first and last name are needed
    field_first_name,
    field_last_name,
    field_walk_in_role, // "Rola (pusta: uczestnik)"
    // The device panel
    devices_printer,   // "Drukarka"
    printer_none,      // no printer configured
    printer_ready,     // "gotowa"
    printer_not_ready, // "niegotowa"
    printer_unknown,   // the state could not be read: "… {error}"
    printer_address,   // "Adres: {address}"
    printer_media,     // "Nośnik: {media}"
    badges_waiting,    // "Identyfikatory w kolejce: {count}"
    devices_scanners,  // "Skanery"
    scanner_connected, // "{address} — podłączony"
    scanner_missing,   // "{address} — niepodłączony"
    no_scanners,
    devices_sync,       // "Synchronizacja"
    sync_online,        // "Hub {hub} — połączono"
    sync_offline,       // "Hub {hub} — brak połączenia"
    sync_no_hub,        // "Brak huba — praca lokalna"
    sync_backlog,       // "Zaległe zdarzenia: {count}"
    sync_last_success,  // "Ostatnia udana synchronizacja: {time}"
    sync_never,         // never synchronised
    sync_refused,       // "Odrzucone przez hub: {count}"
    sync_refused_event, // "{time} {kind} kodu …{code}: {reason}"
    devices_usb,        // "Urządzenia USB"
    no_usb_devices,
    sound_on,        // "Dźwięk wł."
    sound_off,       // "Dźwięk wył."
    devices_loading, // the panel has not been gathered yet
    // Statistics
    statistics_heading,    // "Statystyki dnia {day}"
    statistics_checked_in, // "Zarejestrowani: {count} z {expected}"
    statistics_walk_ins,   // "Rejestracje na miejscu: {count}"
    statistics_reprints,   // "Ponowne wydruki: {count}"
    statistics_by_role,
    statistics_by_voivodeship,
    statistics_row, // "{count} / {expected}"
    statistics_loading,
    // The kiosk's answers to staff actions, as the controller words them (ActionAnswer, staff.hpp)
    answer_no_delegate,            // "Nie ma delegata o kodzie {code}."
    answer_reprint_not_printed,    // "Nie wydrukowano identyfikatora: {reason}"
    answer_reprinted,              // "Wydrukowano ponownie identyfikator: {name}."
    answer_not_checked_in,         // "Nie zarejestrowano: {outcome}."
    answer_checked_in,             // "Zarejestrowano i wydrukowano identyfikator: {name}."
    answer_checked_in_not_printed, // "Zarejestrowano, ale nie wydrukowano identyfikatora: {reason}"
    answer_not_checked_in_today,   // "Kod {code} nie był dziś zarejestrowany."
    answer_undone,                 // "Cofnięto rejestrację: {code}."
    answer_walk_in,                // "Zarejestrowano na miejscu i wydrukowano …: {name} ({code})."
    answer_walk_in_not_printed,    // "Zarejestrowano, ale nie wydrukowano identyfikatora: {reason}"
    // The outcomes of staff actions, for the kiosk to put in ActionAnswer (staff.hpp)
    outcome_reprinted,  // "Wydrukowano ponownie identyfikator: {name}"
    outcome_checked_in, // "Zarejestrowano przybycie: {name}"
    outcome_undone,     // "Cofnięto rejestrację przybycia: {name}"
    outcome_walk_in,    // "Zarejestrowano na miejscu: {name} ({code})"
    outcome_failed,     // "Nie udało się — {reason}"
    // Enrolling the kiosk with a hub by scanning an organiser's enrolment code in staff mode
    enrolment_started,   // "Zapisuję kiosk w hubie {hub}…"
    enrolment_done,      // "Kiosk zapisany w hubie {hub} jako {kiosk} …"
    enrolment_malformed, // the code is damaged or cut short
    enrolment_refused,   // the hub refused the secret: used, expired or unknown
    enrolment_failed,    // "Nie zapisano kiosku w hubie: {reason}"
};

// Every id, in catalogue order.
std::span<const StaffMessageId> all_staff_message_ids();

// A stable name for logs and tests ("pin_rejected").
std::string_view staff_message_name(StaffMessageId id);

// The text with its placeholders, e.g. "Błędny PIN — pozostało prób: {count}". Both languages of an id
// use the same placeholders (tested); placeholders_in (messages.hpp) lists them.
std::string_view staff_message_template(StaffMessageId id, Language language);

// The text in `language` with every placeholder replaced by its parameter's value. As render() does, a
// placeholder without a value stays visible as "{name}", and unused parameters are ignored.
std::string render_staff(StaffMessageId id, Language language,
                         const std::vector<MessageParameter>& parameters = {});

// What to tell a person about a device's problem, in `language`: one sentence per problem code with the
// next step, e.g. "Brak etykiet w drukarce — włóż nową rolkę." / "The printer has no labels — load a new
// roll." The staff's printer panel, the kiosk's answers to staff actions and kioskctl say it this way; the
// driver's technical detail goes beside it, never instead of it.
std::string_view problem_message(drivers::Problem problem, Language language);

} // namespace checkin::kiosk
