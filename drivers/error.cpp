#include "drivers/error.hpp"

namespace checkin::drivers {
namespace {

struct Messages {
    Problem problem;
    std::string_view name;
    std::string_view polish;
    std::string_view english;
};

// Each message says what happened and what to do next, for the person in front of the device.
constexpr Messages messages[] = {
    {Problem::not_found, "not_found", "Nie znaleziono urządzenia — sprawdź, czy jest włączone i podłączone.",
     "The device was not found — check that it is switched on and connected."},
    {Problem::access_denied, "access_denied",
     "Brak dostępu do urządzenia — poproś obsługę techniczną o sprawdzenie uprawnień (reguły udev).",
     "No access to the device — ask technical staff to check its permissions (udev rules)."},
    {Problem::disconnected, "disconnected",
     "Urządzenie zostało odłączone — podłącz je ponownie; identyfikator zostanie wydrukowany po powrocie "
     "drukarki.",
     "The device was disconnected — plug it back in; the badge will print when the printer returns."},
    {Problem::timeout, "timeout", "Urządzenie nie odpowiada — wyłącz je i włącz ponownie.",
     "The device is not responding — switch it off and on again."},
    {Problem::io, "io", "Błąd komunikacji z urządzeniem — sprawdź kabel i spróbuj ponownie.",
     "Communication with the device failed — check the cable and try again."},
    {Problem::busy, "busy", "Drukarka jest zajęta — poczekaj chwilę.",
     "The printer is busy — please wait a moment."},
    {Problem::no_media, "no_media", "Brak etykiet w drukarce — włóż nową rolkę.",
     "The printer has no labels — load a new roll."},
    {Problem::end_of_media, "end_of_media", "Skończyły się etykiety — włóż nową rolkę.",
     "The labels have run out — load a new roll."},
    {Problem::wrong_media, "wrong_media",
     "W drukarce jest niewłaściwa rolka — włóż etykiety, których wymaga szablon identyfikatora.",
     "The wrong roll is loaded — load the labels the badge template needs."},
    {Problem::cover_open, "cover_open", "Pokrywa drukarki jest otwarta — zamknij ją.",
     "The printer's cover is open — close it."},
    {Problem::cutter_jam, "cutter_jam", "Obcinacz etykiet się zaciął — wyłącz drukarkę i usuń zacięcie.",
     "The label cutter is jammed — switch the printer off and clear it."},
    {Problem::paused, "paused", "Drukarka jest wstrzymana — naciśnij przycisk wznowienia.",
     "The printer is paused — press its resume button."},
    {Problem::printer_error, "printer_error", "Drukarka zgłasza błąd — wyłącz ją i włącz ponownie.",
     "The printer reports an error — switch it off and on again."},
    {Problem::not_printed, "not_printed",
     "Drukarka nie potwierdziła wydruku — sprawdź, czy identyfikator wyszedł; w razie potrzeby wydrukuj "
     "ponownie.",
     "The printer did not confirm the print — check whether the badge came out; reprint it if needed."},
    {Problem::invalid_input, "invalid_input", "Nieprawidłowe ustawienie urządzenia — sprawdź konfigurację.",
     "A device setting is wrong — check the configuration."},
    {Problem::unsupported, "unsupported", "To urządzenie tego nie obsługuje.",
     "This device does not support that."},
};

const Messages& find(Problem problem) {
    for (const Messages& entry : messages) {
        if (entry.problem == problem) {
            return entry;
        }
    }
    return messages[4]; // io: unreachable while the table covers every Problem (tested)
}

} // namespace

std::string_view person_message(Problem problem, Language language) {
    const Messages& entry = find(problem);
    return language == Language::pl ? entry.polish : entry.english;
}

std::string_view problem_name(Problem problem) {
    return find(problem).name;
}

} // namespace checkin::drivers
