#include "kiosk/staff/staff_messages.hpp"

#include <algorithm>
#include <array>

namespace checkin::kiosk {
namespace {

struct CatalogueEntry {
    StaffMessageId id;
    std::string_view name;
    std::string_view polish;
    std::string_view english;
};

using enum StaffMessageId;

// Labels start with a capital letter and carry no full stop; values shown after a label ("rejestracja
// aktywna", "zarejestrowanie") are lower case. Counts always follow a colon, so neither language needs a
// plural form. Polish avoids forms that depend on the reader's gender.
constexpr CatalogueEntry catalogue[] = {
    {tab_search, "tab_search", "Szukaj", "Search"},
    {tab_walk_in, "tab_walk_in", "Rejestracja na miejscu", "Walk-in"},
    {tab_devices, "tab_devices", "Urządzenia", "Devices"},
    {tab_statistics, "tab_statistics", "Statystyki", "Statistics"},
    {exit, "exit", "Wyjdź", "Exit"},
    {signed_in_as, "signed_in_as", "Personel: {name}", "Staff: {name}"},
    // The switch names the language it switches to, in that language.
    {language_switch, "language_switch", "English", "Polski"},
    {busy, "busy", "Proszę czekać…", "Please wait…"},

    {pin_heading, "pin_heading", "Wpisz PIN personelu", "Enter the staff PIN"},
    {pin_rejected, "pin_rejected", "Błędny PIN — pozostało prób: {count}",
     "Wrong PIN — attempts left: {count}"},
    {pin_backspace, "pin_backspace", "Usuń", "Delete"},
    {pin_submit, "pin_submit", "Zaloguj", "Sign in"},
    {locked_heading, "locked_heading", "Zbyt wiele błędnych prób", "Too many wrong attempts"},
    {locked_countdown, "locked_countdown", "Zablokowano — spróbuj za {time}", "Locked — try again in {time}"},

    {search_label, "search_label", "Nazwisko, imię lub kod", "Last name, first name or code"},
    {search_prompt, "search_prompt", "Wpisz nazwisko albo zeskanuj identyfikator lub zaproszenie",
     "Type a name, or scan a badge or an invitation"},
    {searching, "searching", "Szukam…", "Searching…"},
    {no_results, "no_results", "Brak wyników", "No results"},
    {hit_cancelled, "hit_cancelled", "Rejestracja anulowana", "Registration cancelled"},
    {chip_arrived, "chip_arrived", "przybył(a) {time}", "arrived {time}"},
    {chip_not_yet, "chip_not_yet", "jeszcze nie", "not yet"},
    {chip_cancelled, "chip_cancelled", "anulowana", "cancelled"},
    {chip_not_today, "chip_not_today", "nie dziś", "not today"},
    // The row has the name, the chip and the code beside it: the card's "Zamelduj przybycie" would crowd
    // them.
    {hit_check_in, "hit_check_in", "Zamelduj", "Check in"},

    {field_code, "field_code", "Kod", "Code"},
    {field_organisation, "field_organisation", "Instytucja", "Organisation"},
    {field_position, "field_position", "Stanowisko", "Position"},
    {field_partnership, "field_partnership", "Partnerstwo", "Partnership"},
    {field_voivodeship, "field_voivodeship", "Województwo", "Voivodeship"},
    {field_role, "field_role", "Rola", "Role"},
    {field_days, "field_days", "Dni", "Days"},
    {field_status, "field_status", "Status", "Status"},
    {field_checked_in_at, "field_checked_in_at", "Przybycie", "Checked in"},
    {field_duplicate, "field_duplicate", "Duplikat", "Duplicate"},
    {field_events, "field_events", "Zdarzenia", "Events"},
    {every_day, "every_day", "wszystkie dni", "every day"},
    {status_active, "status_active", "rejestracja aktywna", "registration active"},
    {status_cancelled, "status_cancelled", "rejestracja anulowana", "registration cancelled"},
    {status_walk_in, "status_walk_in", "rejestracja na miejscu", "walk-in registration"},
    {status_from_invitation, "status_from_invitation", "z zaproszenia (rejestracja na miejscu)",
     "from the invitation (registered here)"},
    {not_checked_in, "not_checked_in", "jeszcze nie odnotowano", "not checked in yet"},
    // The card's banner under the name. "Przybył(a)" is how Polish forms address either gender in one word.
    {arrival_arrived, "arrival_arrived", "Przybył(a) dziś o {time}", "Arrived today at {time}"},
    {arrival_not_yet, "arrival_not_yet", "Jeszcze nie przybył(a) dziś", "Not arrived yet today"},
    {arrival_cancelled, "arrival_cancelled", "Rejestracja anulowana — bez wstępu",
     "Registration cancelled — no entry"},
    {arrival_not_today, "arrival_not_today", "Brak rejestracji na dziś (dni: {days})",
     "Not registered for today (days: {days})"},
    {attendance_entry, "attendance_entry", "{day}, godz. {time}", "{day} at {time}"},
    {duplicate_entry, "duplicate_entry", "{day}: przybycie odnotowano {count}× ({checkins})",
     "{day}: checked in {count}× ({checkins})"},
    {duplicate_checkin, "duplicate_checkin", "{time} {kiosk}", "{time} {kiosk}"},
    {no_events, "no_events", "Brak zdarzeń", "No events"},
    {event_line, "event_line", "{day} {time} — {kind} ({operator})", "{day} {time} — {kind} ({operator})"},
    {event_line_with_reason, "event_line_with_reason", "{day} {time} — {kind} ({operator}): {reason}",
     "{day} {time} — {kind} ({operator}): {reason}"},
    {event_checkin, "event_checkin", "przybycie", "check-in"},
    {event_undo, "event_undo", "cofnięcie", "undo"},
    {event_reprint, "event_reprint", "ponowny wydruk", "reprint"},
    {event_print, "event_print", "wydruk", "print"},
    // Who did it, where the journal names no person but the kiosk's own way in (operator_label).
    {operator_self_service, "operator_self_service", "samoobsługa", "self-service"},
    {operator_self_service_by_name, "operator_self_service_by_name", "samoobsługa, wyszukanie po nazwisku",
     "self-service, found by surname"},

    {reprint, "reprint", "Drukuj ponownie", "Reprint badge"},
    {check_in, "check_in", "Zamelduj przybycie", "Check in"},
    // "Przybycie", not "rejestracja": undoing an arrival leaves the registration as it was.
    {undo, "undo", "Cofnij przybycie", "Undo check-in"},
    {back, "back", "Wróć", "Back"},
    {confirm, "confirm", "Potwierdź", "Confirm"},
    {cancel, "cancel", "Anuluj", "Cancel"},
    {refresh, "refresh", "Odśwież", "Refresh"},
    {create_walk_in, "create_walk_in", "Zarejestruj i drukuj", "Register and print"},

    {key_shift, "key_shift", "Shift", "Shift"},
    {key_space, "key_space", "Spacja", "Space"},
    {key_backspace, "key_backspace", "Usuń", "Delete"},
    {key_clear, "key_clear", "Wyczyść", "Clear"},

    {reprint_heading, "reprint_heading", "Powód ponownego wydruku — {name}",
     "Reason for the reprint — {name}"},
    {reprint_hint, "reprint_hint", "Wybierz powód lub wpisz własny", "Choose a reason or type your own"},
    {preset_other, "preset_other", "inny powód", "other reason"},
    {reason_label, "reason_label", "Powód", "Reason"},
    {undo_question, "undo_question", "Czy cofnąć dzisiejsze przybycie: {name}?",
     "Undo today's check-in of {name}?"},
    {undo_hint, "undo_hint", "Wybierz powód cofnięcia lub wpisz własny",
     "Choose a reason for the undo or type your own"},
    {preview_heading, "preview_heading", "Podgląd identyfikatora — {name}", "Badge preview — {name}"},
    {preview_reason, "preview_reason", "Powód: {reason}", "Reason: {reason}"},
    {preview_print, "preview_print", "Drukuj", "Print"},

    {walk_in_heading, "walk_in_heading", "Rejestracja osoby spoza listy", "Register someone not on the list"},
    {walk_in_hint, "walk_in_hint", "Imię i nazwisko są wymagane", "First and last name are required"},
    {field_first_name, "field_first_name", "Imię", "First name"},
    {field_last_name, "field_last_name", "Nazwisko", "Last name"},
    {field_walk_in_role, "field_walk_in_role", "Rola (pusta: {role})", "Role (empty: {role})"},
    {walk_in_roles, "walk_in_roles", "Role z listy:", "Roles on the list:"},

    {devices_printer, "devices_printer", "Drukarka", "Printer"},
    {printer_none, "printer_none", "Nie skonfigurowano drukarki", "No printer configured"},
    {printer_ready, "printer_ready", "Drukarka gotowa", "Printer ready"},
    {printer_not_ready, "printer_not_ready", "Drukarka niegotowa", "Printer not ready"},
    {printer_unknown, "printer_unknown", "Nie udało się odczytać stanu drukarki: {error}",
     "Could not read the printer's state: {error}"},
    {printer_address, "printer_address", "Adres: {address}", "Address: {address}"},
    {printer_media, "printer_media", "Nośnik: {media}", "Media: {media}"},
    // What is loaded ({media} above), from the driver's facts (drivers::LoadedMedia).
    {media_none, "media_none", "brak etykiet", "no labels"},
    {media_continuous, "media_continuous", "taśma ciągła {width} mm", "{width} mm continuous tape"},
    {media_continuous_two_colour, "media_continuous_two_colour", "taśma ciągła czarno-czerwona {width} mm",
     "{width} mm black/red continuous tape"},
    {media_die_cut, "media_die_cut", "etykiety wycinane {width} × {length} mm",
     "{width} × {length} mm die-cut labels"},
    {media_unknown_type, "media_unknown_type", "etykiety {width} mm nieznanego rodzaju",
     "{width} mm labels of an unknown type"},
    {media_length_dots, "media_length_dots", "etykiety o długości (w punktach): {dots}",
     "labels of length (in dots): {dots}"},
    {badges_waiting, "badges_waiting", "Identyfikatory w kolejce: {count}", "Badges waiting: {count}"},
    {devices_scanners, "devices_scanners", "Skanery", "Scanners"},
    {scanner_connected, "scanner_connected", "{address} — podłączony", "{address} — connected"},
    {scanner_missing, "scanner_missing", "{address} — niepodłączony", "{address} — not connected"},
    {no_scanners, "no_scanners", "Nie skonfigurowano skanerów", "No scanners configured"},
    {scanner_keyboard, "scanner_keyboard", "Skaner działający jak klawiatura",
     "Scanner typing as a keyboard"},
    {scanner_opening, "scanner_opening", "otwieram", "opening"},
    {scanner_camera, "scanner_camera", "kamera: {camera}", "camera: {camera}"},
    {devices_sync, "devices_sync", "Synchronizacja", "Synchronisation"},
    {sync_online, "sync_online", "Hub {hub} — połączono", "Hub {hub} — connected"},
    {sync_offline, "sync_offline", "Hub {hub} — brak połączenia", "Hub {hub} — not connected"},
    {sync_no_hub, "sync_no_hub", "Brak huba — praca lokalna", "No hub — working locally"},
    {sync_backlog, "sync_backlog", "Zaległe zdarzenia: {count}", "Events waiting to upload: {count}"},
    {sync_last_success, "sync_last_success", "Ostatnia udana synchronizacja: {time}",
     "Last synchronised: {time}"},
    {sync_never, "sync_never", "Jeszcze nie synchronizowano", "Not synchronised yet"},
    {sync_refused, "sync_refused", "Odrzucone przez hub (nie będą wysłane ponownie): {count}",
     "Refused by the hub (not sent again): {count}"},
    {sync_refused_event, "sync_refused_event", "{time} {kind}, kod …{code}: {reason}",
     "{time} {kind}, code …{code}: {reason}"},
    {devices_usb, "devices_usb", "Urządzenia USB", "USB devices"},
    {no_usb_devices, "no_usb_devices", "Nie podłączono drukarki ani skanera znanych kioskowi",
     "No printer or scanner the kiosk knows is attached"},
    // One line per attached device; {description} is the device's own name (a maker's product name).
    {usb_printer, "usb_printer", "Drukarka {description} ({address})", "Printer {description} ({address})"},
    {usb_scanner, "usb_scanner", "Skaner {description} ({address}), tryby: {modes}",
     "Scanner {description} ({address}), modes: {modes}"},
    {usb_unknown, "usb_unknown", "Urządzenie bez profilu: {description} ({address})",
     "Device without a profile: {description} ({address})"},
    {usb_failed, "usb_failed", "Nie udało się sprawdzić urządzeń USB: {reason}",
     "Could not list the USB devices: {reason}"},
    {mode_automatic, "mode_automatic", "rozpoznawany samoczynnie", "detected automatically"},
    {mode_hid_keyboard, "mode_hid_keyboard", "klawiatura HID", "HID keyboard"},
    {mode_hid_pos, "mode_hid_pos", "HID POS (skaner kasowy)", "HID POS (point of sale)"},
    {mode_serial, "mode_serial", "port szeregowy", "serial port"},
    {sound_on, "sound_on", "Dźwięk wł.", "Sound on"},
    {sound_off, "sound_off", "Dźwięk wył.", "Sound off"},
    {devices_loading, "devices_loading", "Sprawdzam urządzenia…", "Checking the devices…"},

    {statistics_heading, "statistics_heading", "Statystyki dnia {day}", "Statistics for {day}"},
    {statistics_checked_in, "statistics_checked_in", "Przybyło: {count} z {expected}",
     "Checked in: {count} of {expected}"},
    {statistics_walk_ins, "statistics_walk_ins", "Rejestracje na miejscu: {count}", "Walk-ins: {count}"},
    {statistics_reprints, "statistics_reprints", "Ponowne wydruki: {count}", "Reprints: {count}"},
    {statistics_by_role, "statistics_by_role", "Według roli", "By role"},
    {statistics_by_voivodeship, "statistics_by_voivodeship", "Według województwa", "By voivodeship"},
    {statistics_row, "statistics_row", "{count} / {expected}", "{count} / {expected}"},
    {statistics_loading, "statistics_loading", "Wczytuję statystyki…", "Loading the statistics…"},

    // Whole sentences ending in a full stop where a name or code closes them; where a printer's reason
    // follows the colon, the reason ends the sentence itself. {outcome} is the mirror's stable name of a
    // refusal as checkin_outcome_message() words it; {reason} is problem_message() and the driver's detail.
    {answer_no_delegate, "answer_no_delegate", "Nie ma delegata o kodzie {code}.",
     "No delegate has the code {code}."},
    {answer_reprint_not_printed, "answer_reprint_not_printed", "Nie wydrukowano identyfikatora: {reason}",
     "The badge was not printed: {reason}"},
    {answer_preview_failed, "answer_preview_failed",
     "Nie udało się przygotować podglądu identyfikatora: {reason}",
     "The badge's preview could not be made: {reason}"},
    {answer_reprinted, "answer_reprinted", "Wydrukowano ponownie identyfikator: {name}.",
     "The badge was printed again: {name}."},
    {answer_not_checked_in, "answer_not_checked_in", "Nie odnotowano przybycia: {outcome}.",
     "Not checked in: {outcome}."},
    {answer_checked_in, "answer_checked_in", "Odnotowano przybycie i wydrukowano identyfikator: {name}.",
     "Checked in and the badge printed: {name}."},
    {answer_checked_in_not_printed, "answer_checked_in_not_printed",
     "Odnotowano przybycie, ale nie wydrukowano identyfikatora: {reason}",
     "Checked in, but the badge was not printed: {reason}"},
    {answer_not_checked_in_today, "answer_not_checked_in_today",
     "Dziś nie odnotowano przybycia z kodem {code}.", "The code {code} was not checked in today."},
    {answer_undone, "answer_undone", "Cofnięto przybycie: {code}.", "Check-in undone: {code}."},
    {answer_walk_in, "answer_walk_in",
     "Zarejestrowano na miejscu i wydrukowano identyfikator: {name} ({code}).",
     "Registered at the venue and the badge printed: {name} ({code})."},
    {answer_walk_in_not_printed, "answer_walk_in_not_printed",
     "Zarejestrowano, ale nie wydrukowano identyfikatora: {reason}",
     "Registered, but the badge was not printed: {reason}"},

    {outcome_reprinted, "outcome_reprinted", "Wydrukowano ponownie identyfikator: {name}",
     "Badge reprinted: {name}"},
    {outcome_checked_in, "outcome_checked_in", "Odnotowano przybycie: {name}", "Checked in: {name}"},
    {outcome_undone, "outcome_undone", "Cofnięto przybycie: {name}", "Check-in undone: {name}"},
    {outcome_walk_in, "outcome_walk_in", "Zarejestrowano na miejscu: {name} ({code})",
     "Walk-in registered: {name} ({code})"},
    {outcome_failed, "outcome_failed", "Nie udało się — {reason}", "Failed — {reason}"},
    // Why the mirror refused a check-in (sync::CheckinOutcome), as the {outcome} of answer_not_checked_in.
    {checkin_admitted, "checkin_admitted", "przybycie odnotowane", "checked in"},
    {checkin_already_checked_in, "checkin_already_checked_in", "przybycie już dziś odnotowano",
     "already checked in today"},
    {checkin_unknown_code, "checkin_unknown_code", "nikt nie ma tego kodu", "no one has this code"},
    {checkin_unreadable_code, "checkin_unreadable_code", "nie udało się odczytać kodu",
     "the code could not be read"},
    {checkin_cancelled, "checkin_cancelled", "rejestracja tej osoby jest anulowana",
     "this person's registration is cancelled"},
    {checkin_not_registered_today, "checkin_not_registered_today", "ta osoba nie jest zarejestrowana na dziś",
     "this person is not registered for today"},

    // {hub} is the hub's address from the code; {kiosk} the name the organiser gave; {reason} the client's
    // sentence (English: it names a network or file problem for whoever fixes it).
    {enrolment_started, "enrolment_started", "Zapisuję kiosk w hubie {hub}…",
     "Enrolling this kiosk with the hub {hub}…"},
    {enrolment_done, "enrolment_done",
     "Kiosk zapisany w hubie {hub} jako {kiosk}. Synchronizacja z nim od następnej rundy.",
     "This kiosk is enrolled with the hub {hub} as {kiosk}. It syncs with it from the next round."},
    {enrolment_malformed, "enrolment_malformed",
     "Kod zapisu kiosku jest uszkodzony lub ucięty — poproś organizatora o nowy.",
     "The enrolment code is damaged or cut short — ask the organiser for a new one."},
    {enrolment_refused, "enrolment_refused",
     "Hub nie przyjął kodu zapisu (użyty, wygasły lub nieznany) — poproś organizatora o nowy.",
     "The hub did not accept the enrolment code (used, expired or unknown) — ask the organiser for a new "
     "one."},
    {enrolment_failed, "enrolment_failed", "Nie zapisano kiosku w hubie: {reason}",
     "The kiosk was not enrolled with the hub: {reason}"},

    // Staff mode's own notices. A signed code's refusal names why, never the code (it may be a copied
    // bearer secret). {reason} after "Nie udało się" is the mirror's message for whoever fixes it.
    {code_refused, "code_refused", "Ten kod jest nieważny ({reason})", "This code is not valid ({reason})"},
    {refusal_malformed, "refusal_malformed", "uszkodzony lub ucięty", "damaged or cut short"},
    {refusal_unknown_key, "refusal_unknown_key", "podpisany nieznanym kluczem", "signed with an unknown key"},
    {refusal_forged, "refusal_forged", "podrobiony lub zmieniony", "forged or altered"},
    {refusal_wrong_event, "refusal_wrong_event", "z innego wydarzenia", "for another event"},
    {refusal_expired, "refusal_expired", "wygasł", "expired"},
    {refusal_revoked, "refusal_revoked", "unieważniony", "revoked"},
    {refusal_unsigned, "refusal_unsigned", "niepodpisany", "not signed"},
    {reprint_reason_missing, "reprint_reason_missing", "Podaj powód ponownego wydruku",
     "Give a reason for printing the badge again"},
    {undo_reason_missing, "undo_reason_missing", "Podaj powód cofnięcia", "Give a reason for the undo"},
    {walk_in_names_missing, "walk_in_names_missing", "Podaj imię i nazwisko",
     "Enter the first and last name"},
    {walk_in_first_name_missing, "walk_in_first_name_missing", "Podaj imię", "Enter the first name"},
    {walk_in_last_name_missing, "walk_in_last_name_missing", "Podaj nazwisko", "Enter the last name"},
    {search_failed, "search_failed", "Nie udało się wyszukać: {reason}", "The search failed: {reason}"},
    {load_failed, "load_failed", "Nie udało się: {reason}", "That did not work: {reason}"},
    {code_not_found, "code_not_found", "Nie znaleziono kodu {code}", "No delegate has the code {code}"},
};

constexpr std::size_t staff_message_count = static_cast<std::size_t>(code_not_found) + 1;

// Indexing the catalogue by id is only right while it lists every id once, in enum order.
constexpr bool catalogue_in_enum_order() {
    if (std::size(catalogue) != staff_message_count) {
        return false;
    }
    for (std::size_t index = 0; index < staff_message_count; ++index) {
        if (static_cast<std::size_t>(catalogue[index].id) != index) {
            return false;
        }
    }
    return true;
}
static_assert(catalogue_in_enum_order(), "the catalogue must list every StaffMessageId once, in enum order");

constexpr std::array<StaffMessageId, staff_message_count> make_all_ids() {
    std::array<StaffMessageId, staff_message_count> ids{};
    for (std::size_t index = 0; index < staff_message_count; ++index) {
        ids[index] = catalogue[index].id;
    }
    return ids;
}
constexpr std::array<StaffMessageId, staff_message_count> all_ids = make_all_ids();

const CatalogueEntry& entry(StaffMessageId id) {
    return catalogue[static_cast<std::size_t>(id)];
}

struct ProblemEntry {
    drivers::Problem problem;
    std::string_view polish;
    std::string_view english;
};

// A device's problems, as a person at the kiosk or the reception desk is told them: each says what
// happened and what to do next.
constexpr ProblemEntry problem_catalogue[] = {
    {drivers::Problem::not_found, "Nie znaleziono urządzenia — sprawdź, czy jest włączone i podłączone.",
     "The device was not found — check that it is switched on and connected."},
    {drivers::Problem::access_denied,
     "Brak dostępu do urządzenia — poproś obsługę techniczną o sprawdzenie uprawnień (reguły udev).",
     "No access to the device — ask technical staff to check its permissions (udev rules)."},
    {drivers::Problem::disconnected,
     "Urządzenie zostało odłączone — podłącz je ponownie; identyfikator zostanie wydrukowany po powrocie "
     "drukarki.",
     "The device was disconnected — plug it back in; the badge will print when the printer returns."},
    {drivers::Problem::timeout, "Urządzenie nie odpowiada — wyłącz je i włącz ponownie.",
     "The device is not responding — switch it off and on again."},
    {drivers::Problem::io, "Błąd komunikacji z urządzeniem — sprawdź kabel i spróbuj ponownie.",
     "Communication with the device failed — check the cable and try again."},
    {drivers::Problem::busy, "Drukarka jest zajęta — poczekaj chwilę.",
     "The printer is busy — please wait a moment."},
    {drivers::Problem::no_media, "Brak etykiet w drukarce — włóż nową rolkę.",
     "The printer has no labels — load a new roll."},
    {drivers::Problem::end_of_media, "Skończyły się etykiety — włóż nową rolkę.",
     "The labels have run out — load a new roll."},
    {drivers::Problem::wrong_media,
     "W drukarce jest niewłaściwa rolka — włóż etykiety, których wymaga szablon identyfikatora.",
     "The wrong roll is loaded — load the labels the badge template needs."},
    {drivers::Problem::cover_open, "Pokrywa drukarki jest otwarta — zamknij ją.",
     "The printer's cover is open — close it."},
    {drivers::Problem::cutter_jam, "Obcinacz etykiet się zaciął — wyłącz drukarkę i usuń zacięcie.",
     "The label cutter is jammed — switch the printer off and clear it."},
    {drivers::Problem::paused, "Drukarka jest wstrzymana — naciśnij przycisk wznowienia.",
     "The printer is paused — press its resume button."},
    {drivers::Problem::printer_error, "Drukarka zgłasza błąd — wyłącz ją i włącz ponownie.",
     "The printer reports an error — switch it off and on again."},
    {drivers::Problem::not_printed,
     "Drukarka nie potwierdziła wydruku — sprawdź, czy identyfikator wyszedł; w razie potrzeby wydrukuj "
     "ponownie.",
     "The printer did not confirm the print — check whether the badge came out; reprint it if needed."},
    {drivers::Problem::invalid_input, "Nieprawidłowe ustawienie urządzenia — sprawdź konfigurację.",
     "A device setting is wrong — check the configuration."},
    {drivers::Problem::unsupported, "To urządzenie tego nie obsługuje.",
     "This device does not support that."},
};

const ProblemEntry& problem_entry(drivers::Problem problem) {
    for (const ProblemEntry& entry : problem_catalogue) {
        if (entry.problem == problem) {
            return entry;
        }
    }
    return problem_catalogue[4]; // io: unreachable while the table covers every Problem (tested)
}

} // namespace

std::span<const StaffMessageId> all_staff_message_ids() {
    return all_ids;
}

std::string_view staff_message_name(StaffMessageId id) {
    return entry(id).name;
}

std::string_view staff_message_template(StaffMessageId id, Language language) {
    return language == Language::pl ? entry(id).polish : entry(id).english;
}

std::string render_staff(StaffMessageId id, Language language,
                         const std::vector<MessageParameter>& parameters) {
    return fill_placeholders(staff_message_template(id, language), parameters);
}

std::string_view problem_message(drivers::Problem problem, Language language) {
    const ProblemEntry& entry = problem_entry(problem);
    return language == Language::pl ? entry.polish : entry.english;
}

std::string_view checkin_outcome_message(sync::CheckinOutcome outcome, Language language) {
    const auto id = [outcome] {
        switch (outcome) {
        case sync::CheckinOutcome::admitted:
            return checkin_admitted;
        case sync::CheckinOutcome::already_checked_in:
            return checkin_already_checked_in;
        case sync::CheckinOutcome::unknown_code:
            return checkin_unknown_code;
        case sync::CheckinOutcome::unreadable_code:
            return checkin_unreadable_code;
        case sync::CheckinOutcome::cancelled:
            return checkin_cancelled;
        case sync::CheckinOutcome::not_registered_today:
            break;
        }
        return checkin_not_registered_today;
    }();
    return staff_message_template(id, language);
}

std::string loaded_media_text(const drivers::LoadedMedia& media, Language language) {
    const std::string width = std::to_string(media.width_mm);
    switch (media.kind) {
    case drivers::LoadedMediaKind::not_reported:
        return {};
    case drivers::LoadedMediaKind::none:
        return render_staff(media_none, language);
    case drivers::LoadedMediaKind::continuous:
        return render_staff(media.two_colour ? media_continuous_two_colour : media_continuous, language,
                            {{"width", width}});
    case drivers::LoadedMediaKind::die_cut:
        return render_staff(media_die_cut, language,
                            {{"width", width}, {"length", std::to_string(media.length_mm)}});
    case drivers::LoadedMediaKind::unknown_type:
        return render_staff(media_unknown_type, language, {{"width", width}});
    case drivers::LoadedMediaKind::length_dots:
        break;
    }
    return render_staff(media_length_dots, language, {{"dots", std::to_string(media.length_dots)}});
}

std::string operator_label(std::string_view operator_name, Language language) {
    // The names the kiosk's self-service writes into the journal (kiosk/app/controller.cpp); a person's
    // name or a tool's ("kioskctl") is shown as it is.
    if (operator_name == "self-service") {
        return render_staff(operator_self_service, language);
    }
    if (operator_name == "self-service by name") {
        return render_staff(operator_self_service_by_name, language);
    }
    return std::string(operator_name);
}

std::string scanner_mode_label(std::string_view mode, Language language) {
    // The names device profiles use for a scanner's modes (hardware/device_profile.cpp).
    if (mode == "automatic") {
        return render_staff(mode_automatic, language);
    }
    if (mode == "hid-keyboard") {
        return render_staff(mode_hid_keyboard, language);
    }
    if (mode == "hid-pos") {
        return render_staff(mode_hid_pos, language);
    }
    if (mode == "serial") {
        return render_staff(mode_serial, language);
    }
    return std::string(mode);
}

} // namespace checkin::kiosk
