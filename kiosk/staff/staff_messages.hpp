#pragma once

// The staff screens' texts, in Polish and English, made the same way as the delegates' catalogue
// (messages.hpp): whole sentences and labels with named placeholders ("Zarejestrowani: {count} z
// {expected}"), filled by a small formatter, never built by joining words. Where a count appears, the
// sentence puts it after a colon ("Identyfikatory w kolejce: {count}"), so no Polish plural form
// (1 identyfikator / 2 identyfikatory / 5 identyfikatorów) is ever needed. Pure.
//
// The ids are `StaffMessageId`, not `StaffText`: staff.hpp already names its typed-text input StaffText.

#include "drivers/error.hpp"
#include "drivers/printer.hpp"
#include "kiosk/selfservice/messages.hpp"
#include "sync/roster/checkin_policy.hpp"

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
    // A search hit's status chip, the card banner's states in a word or two
    chip_arrived,   // "przybył(a) {time}"
    chip_not_yet,   // "jeszcze nie"
    chip_cancelled, // "anulowana"
    chip_not_today, // "nie dziś"
    hit_check_in,   // a hit's check-in button, shorter than the card's: "Zamelduj"
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
    arrival_arrived,        // the card's banner: "Przybył(a) dziś o {time}"
    arrival_not_yet,        // "Jeszcze nie przybył(a) dziś"
    arrival_cancelled,      // "Rejestracja anulowana"
    arrival_not_today,      // "Brak rejestracji na dziś (dni: {days})"
    attendance_entry,       // "{day}, {time}" one day's arrival
    duplicate_entry,        // "{day}: {count}× ({checkins})"
    duplicate_checkin,      // "{time} {kiosk}", one of a duplicate's check-ins
    no_events,
    event_line,                    // "{day} {time} — {kind} ({operator})"
    event_line_with_reason,        // the same with "{reason}"
    event_checkin,                 // "przybycie"
    event_undo,                    // "cofnięcie"
    event_reprint,                 // "ponowny wydruk"
    event_print,                   // "wydruk"
    operator_self_service,         // "samoobsługa": the journal's operator "self-service"
    operator_self_service_by_name, // the journal's operator "self-service by name"
    // Buttons
    reprint,        // "Drukuj ponownie"
    check_in,       // "Zamelduj przybycie"
    undo,           // "Cofnij przybycie"
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
    undo_question,   // "Czy cofnąć dzisiejsze przybycie: {name}?"
    undo_hint,       // give a reason
    // The badge preview before a reprint
    preview_heading, // "Podgląd identyfikatora — {name}"
    preview_reason,  // "Powód: {reason}"
    preview_print,   // "Drukuj"
    // The walk-in form
    walk_in_heading,
    walk_in_hint, // first and last name are needed
    field_first_name,
    field_last_name,
    field_walk_in_role, // "Rola (pusta: {role})"
    walk_in_roles,      // "Role z listy:" before the roster's roles
    // The device panel
    devices_printer,             // "Drukarka"
    printer_none,                // no printer configured
    printer_ready,               // "gotowa"
    printer_not_ready,           // "niegotowa"
    printer_unknown,             // the state could not be read: "… {error}"
    printer_address,             // "Adres: {address}"
    printer_media,               // "Nośnik: {media}"
    media_none,                  // what is loaded (loaded_media_text): no labels
    media_continuous,            // "taśma ciągła {width} mm"
    media_continuous_two_colour, // the same, black/red
    media_die_cut,               // "etykiety wycinane {width} × {length} mm"
    media_unknown_type,          // "{width} mm" of a type the driver does not know
    media_length_dots,           // a ZPL printer reports only the length, in dots
    badges_waiting,              // "Identyfikatory w kolejce: {count}"
    devices_scanners,            // "Skanery"
    scanner_connected,           // "{address} — podłączony"
    scanner_missing,             // "{address} — niepodłączony"
    no_scanners,
    scanner_keyboard,   // a scanner that types as a keyboard (the SDL window's text input)
    scanner_opening,    // the scanner's device is being opened
    scanner_camera,     // "kamera: {camera}"
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
    no_usb_devices,     // "Nie podłączono drukarki ani skanera znanych kioskowi"
    usb_printer,        // "Drukarka {description} ({address})"
    usb_scanner,        // "Skaner {description} ({address}), tryby: {modes}"
    usb_unknown,        // an attached device no profile knows
    usb_failed,         // USB could not be listed: "{reason}"
    mode_automatic,     // a scanner mode (scanner_mode_label)
    mode_hid_keyboard,
    mode_hid_pos,
    mode_serial,
    sound_on,        // "Dźwięk wł."
    sound_off,       // "Dźwięk wył."
    devices_loading, // the panel has not been gathered yet
    // Statistics
    statistics_heading,    // "Statystyki dnia {day}"
    statistics_checked_in, // "Przybyło: {count} z {expected}"
    statistics_walk_ins,   // "Rejestracje na miejscu: {count}"
    statistics_reprints,   // "Ponowne wydruki: {count}"
    statistics_by_role,
    statistics_by_voivodeship,
    statistics_row, // "{count} / {expected}"
    statistics_loading,
    // The kiosk's answers to staff actions, as the controller words them (ActionAnswer, staff.hpp)
    answer_no_delegate,            // "Nie ma delegata o kodzie {code}."
    answer_reprint_not_printed,    // "Nie wydrukowano identyfikatora: {reason}"
    answer_preview_failed,         // "Nie udało się przygotować podglądu identyfikatora: {reason}"
    answer_reprinted,              // "Wydrukowano ponownie identyfikator: {name}."
    answer_not_checked_in,         // "Nie odnotowano przybycia: {outcome}." (checkin_outcome_message)
    answer_checked_in,             // "Odnotowano przybycie i wydrukowano identyfikator: {name}."
    answer_checked_in_not_printed, // "Odnotowano przybycie, ale nie wydrukowano identyfikatora: {reason}"
    answer_not_checked_in_today,   // "Dziś nie odnotowano przybycia z kodem {code}."
    answer_undone,                 // "Cofnięto przybycie: {code}."
    answer_walk_in,                // "Zarejestrowano na miejscu i wydrukowano …: {name} ({code})."
    answer_walk_in_not_printed,    // "Zarejestrowano, ale nie wydrukowano identyfikatora: {reason}"
    // The outcomes of staff actions, for the kiosk to put in ActionAnswer (staff.hpp)
    outcome_reprinted,  // "Wydrukowano ponownie identyfikator: {name}"
    outcome_checked_in, // "Odnotowano przybycie: {name}"
    outcome_undone,     // "Cofnięto przybycie: {name}"
    outcome_walk_in,    // "Zarejestrowano na miejscu: {name} ({code})"
    outcome_failed,     // "Nie udało się — {reason}"
    // The mirror's outcomes of a check-in (checkin_outcome_message), never shown by their stable names
    checkin_admitted,
    checkin_already_checked_in,
    checkin_unknown_code,
    checkin_unreadable_code,
    checkin_cancelled,
    checkin_not_registered_today,
    // Enrolling the kiosk with a hub by scanning an organiser's enrolment code in staff mode
    enrolment_started,   // "Zapisuję kiosk w hubie {hub}…"
    enrolment_done,      // "Kiosk zapisany w hubie {hub} jako {kiosk} …"
    enrolment_malformed, // the code is damaged or cut short
    enrolment_refused,   // the hub refused the secret: used, expired or unknown
    enrolment_failed,    // "Nie zapisano kiosku w hubie: {reason}"
    // Staff mode's own notices
    code_refused,        // "Ten kod jest nieważny ({reason})", with one of the refusal_ reasons
    refusal_malformed,   // "uszkodzony lub ucięty"
    refusal_unknown_key, // "podpisany nieznanym kluczem"
    refusal_forged,      // "podrobiony lub zmieniony"
    refusal_wrong_event, // "z innego wydarzenia"
    refusal_expired,     // "wygasł"
    refusal_revoked,     // "unieważniony"
    refusal_unsigned,    // "niepodpisany"
    reprint_reason_missing,
    undo_reason_missing,
    walk_in_names_missing,
    walk_in_first_name_missing,
    walk_in_last_name_missing,
    search_failed,  // "Nie udało się wyszukać: {reason}"
    load_failed,    // "Nie udało się: {reason}"
    code_not_found, // "Nie znaleziono kodu {code}"
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

// Why a check-in was or was not made, as a phrase in `language` ("przybycie już dziś odnotowano"), for the
// {outcome} of answer_not_checked_in: the screen never shows the mirror's stable name
// ("already_checked_in").
std::string_view checkin_outcome_message(sync::CheckinOutcome outcome, Language language);

// What a printer has loaded, in `language` ("etykiety wycinane 62 × 100 mm"); empty when it reports nothing.
std::string loaded_media_text(const drivers::LoadedMedia& media, Language language);

// Who did a journal event, as the card shows it: the kiosk's own operator names ("self-service") in
// `language`; a person's or a tool's name as it is.
std::string operator_label(std::string_view operator_name, Language language);

// A scanner mode as a device profile names it ("hid-keyboard"), in `language`; an unknown name as it is.
std::string scanner_mode_label(std::string_view mode, Language language);

} // namespace checkin::kiosk
