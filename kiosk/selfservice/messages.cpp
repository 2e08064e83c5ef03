#include "kiosk/selfservice/messages.hpp"

#include "base/clock.hpp"

#include <algorithm>
#include <array>
#include <ctime>
#include <fmt/format.h>

namespace checkin::kiosk {
namespace {

struct CatalogueEntry {
    MessageId id;
    std::string_view name;
    std::string_view polish;
    std::string_view english;
};

// Whole sentences, polite and calm, each ending in the next step where there is one. Polish uses the
// impersonal "prosimy…" and avoids forms that depend on the reader's gender ("zarejestrował(a) się").
// Headings carry no full stop; a dash joins what happened to what to do.
constexpr CatalogueEntry catalogue[] = {
    {MessageId::attract_heading, "attract_heading", "Zeskanuj kod QR z zaproszenia",
     "Scan the QR code from your invitation"},
    {MessageId::attract_hint, "attract_hint", "Kod może być na telefonie lub na wydruku",
     "The code can be on your phone or on paper"},
    {MessageId::looking_up, "looking_up", "Sprawdzamy zaproszenie…", "Checking your invitation…"},
    {MessageId::welcome_heading, "welcome_heading", "Witamy, {name}!", "Welcome, {name}!"},
    {MessageId::printing_badge, "printing_badge", "Drukujemy identyfikator…", "Printing your badge…"},
    {MessageId::take_badge, "take_badge", "Proszę odebrać identyfikator", "Please take your badge"},
    {MessageId::enjoy_event, "enjoy_event", "Życzymy udanego wydarzenia!", "Enjoy the event!"},
    {MessageId::already_checked_in_heading, "already_checked_in_heading",
     "To zaproszenie zostało już dziś użyte", "This invitation has already been used today"},
    // What happened only: the next step ("prosimy podejść do recepcji") is a line of its own, drawn first.
    {MessageId::already_checked_in_at, "already_checked_in_at", "Identyfikator wydrukowano dziś o {time}",
     "Your badge was printed today at {time}"},
    {MessageId::already_checked_in, "already_checked_in", "Identyfikator został już dziś wydany",
     "Your badge has already been issued today"},
    {MessageId::unknown_code_heading, "unknown_code_heading", "Nie rozpoznajemy tego kodu",
     "We do not recognise this code"},
    {MessageId::cancelled_heading, "cancelled_heading", "Ta rejestracja została anulowana",
     "This registration has been cancelled"},
    {MessageId::not_registered_today_heading, "not_registered_today_heading",
     "Zaproszenie nie obejmuje dzisiejszego dnia", "Your invitation is not valid today"},
    {MessageId::invitation_days, "invitation_days", "Zaproszenie jest ważne: {days}",
     "Your invitation is valid on: {days}"},
    {MessageId::unreadable_code_heading, "unreadable_code_heading", "Nie udało się odczytać kodu",
     "The code could not be read"},
    {MessageId::scan_again, "scan_again", "Prosimy zeskanować kod jeszcze raz, trzymając go nieruchomo",
     "Please scan the code again, holding it still"},
    {MessageId::checked_in_confirmed, "checked_in_confirmed", "Obecność została potwierdzona",
     "You are checked in"},
    {MessageId::printer_problem, "printer_problem",
     "Identyfikator zostanie wydrukowany w recepcji — prosimy tam podejść",
     "Your badge will be printed at the reception desk — please go there"},
    {MessageId::lookup_failed_heading, "lookup_failed_heading", "Nie udało się teraz sprawdzić zaproszenia",
     "We could not check your invitation just now"},
    {MessageId::try_again_or_reception, "try_again_or_reception",
     "Prosimy spróbować ponownie za chwilę lub podejść do recepcji",
     "Please try again in a moment or go to the reception desk"},
    {MessageId::go_to_reception, "go_to_reception", "Prosimy podejść do recepcji — chętnie pomożemy",
     "Please go to the reception desk — we will be glad to help"},
    // A refused signed code gets one calm screen whatever the reason: the reason is for staff (the alert),
    // and telling a holder of a forged code what gave it away helps no one.
    {MessageId::code_not_valid_heading, "code_not_valid_heading", "Ten kod jest nieważny",
     "This code is not valid"},
    {MessageId::badge_code_heading, "badge_code_heading", "To jest Twój identyfikator", "This is your badge"},
    {MessageId::badge_code_checked_in, "badge_code_checked_in", "Obecność jest już potwierdzona",
     "You are already checked in"},
    // A business card, a web link or Wi-Fi settings held up instead of the invitation: say so, and where
    // the right code is, rather than "hold it still", which would have them try the same code again.
    {MessageId::not_an_invitation_heading, "not_an_invitation_heading", "To nie jest kod z zaproszenia",
     "This is not an invitation code"},
    {MessageId::scan_invitation_code, "scan_invitation_code",
     "Zeskanuj kod z e-maila lub wydruku zaproszenia",
     "Scan the code from your invitation e-mail or printout"},
    {MessageId::badge_at_reception, "badge_at_reception",
     "Twój identyfikator czeka w recepcji — prosimy go tam odebrać",
     "Your badge is waiting at the reception desk — please collect it there"},
    {MessageId::badge_printed_in_advance, "badge_printed_in_advance",
     "Identyfikator wydrukowaliśmy wcześniej", "We printed your badge in advance"},
    {MessageId::touch_to_close, "touch_to_close", "Dotknij ekranu, aby zamknąć", "Touch the screen to close"},
    // The arrow points where the badge comes out, so a delegate looks there and not at the screen.
    {MessageId::badge_exit_below, "badge_exit_below", "Identyfikator wysuwa się pod ekranem ↓",
     "Your badge comes out below the screen ↓"},
    {MessageId::badge_exit_left, "badge_exit_left", "← Identyfikator wysuwa się po lewej stronie",
     "← Your badge comes out on the left"},
    {MessageId::badge_exit_right, "badge_exit_right", "Identyfikator wysuwa się po prawej stronie →",
     "Your badge comes out on the right →"},
    // The demo often runs without a scanner: the keyboard stands in for it. "Losową osobę" rather than
    // "losowego delegata", which would assume the delegate's gender.
    {MessageId::demo_scan_hint, "demo_scan_hint",
     "Demo: wpisz kod z zaproszenia i naciśnij Enter albo naciśnij F2, aby wybrać losową osobę z listy",
     "Demo: type an invitation code and press Enter, or press F2 for a random delegate"},
    {MessageId::demo_staff_hint, "demo_staff_hint",
     "Obsługa: przytrzymaj lewy górny róg ekranu i wpisz PIN {pin}",
     "Staff: hold the top-left corner of the screen and enter PIN {pin}"},
    // Find yourself by name (flow.hpp). The headings say what to do; nothing on these screens hints at
    // which names exist.
    {MessageId::find_by_name_button, "find_by_name_button", "Nie mam kodu", "I have no code"},
    {MessageId::find_surname_heading, "find_surname_heading", "Wpisz swoje nazwisko", "Type your surname"},
    {MessageId::find_surname_hint, "find_surname_hint", "Całe nazwisko; polskie znaki nie są potrzebne",
     "Your whole surname; accents are not needed"},
    {MessageId::find_first_name_heading, "find_first_name_heading",
     "To nazwisko nosi kilka osób — wpisz też swoje imię",
     "Several people share this surname — type your first name too"},
    {MessageId::find_first_name_hint, "find_first_name_hint", "Imię takie jak w zaproszeniu",
     "Your first name as on your invitation"},
    {MessageId::finding, "finding", "Szukamy…", "Searching…"},
    {MessageId::find_choose_heading, "find_choose_heading", "Wybierz siebie z listy",
     "Choose yourself from the list"},
    {MessageId::find_choose_hint, "find_choose_hint", "Dotknij swojego imienia i instytucji",
     "Touch your first name and organisation"},
    {MessageId::find_not_found_heading, "find_not_found_heading",
     "Nie znaleźliśmy zaproszenia na to nazwisko", "We found no invitation under that name"},
    {MessageId::key_search, "key_search", "Szukaj", "Search"},
    {MessageId::key_back, "key_back", "Wróć", "Back"},
    {MessageId::key_space, "key_space", "Spacja", "Space"},
    {MessageId::key_backspace, "key_backspace", "← Usuń", "← Delete"},
    // The switch names the language it switches to, in that language.
    {MessageId::language_switch, "language_switch", "English", "Polski"},
};

constexpr std::size_t message_count = static_cast<std::size_t>(MessageId::language_switch) + 1;

// Indexing the catalogue by id is only right while it lists every id once, in enum order.
constexpr bool catalogue_in_enum_order() {
    if (std::size(catalogue) != message_count) {
        return false;
    }
    for (std::size_t index = 0; index < message_count; ++index) {
        if (static_cast<std::size_t>(catalogue[index].id) != index) {
            return false;
        }
    }
    return true;
}
static_assert(catalogue_in_enum_order(), "the catalogue must list every MessageId once, in enum order");

constexpr std::array<MessageId, message_count> make_all_ids() {
    std::array<MessageId, message_count> ids{};
    for (std::size_t index = 0; index < message_count; ++index) {
        ids[index] = catalogue[index].id;
    }
    return ids;
}
constexpr std::array<MessageId, message_count> all_ids = make_all_ids();

const CatalogueEntry& entry(MessageId id) {
    return catalogue[static_cast<std::size_t>(id)];
}

bool is_placeholder_character(char character) {
    return (character >= 'a' && character <= 'z') || character == '_';
}

// The length of the placeholder starting at `text[start]` (including the braces), or 0 when none does.
std::size_t placeholder_length(std::string_view text, std::size_t start) {
    if (text[start] != '{') {
        return 0;
    }
    std::size_t end = start + 1;
    while (end < text.size() && is_placeholder_character(text[end])) {
        ++end;
    }
    if (end == start + 1 || end >= text.size() || text[end] != '}') {
        return 0;
    }
    return end - start + 1;
}

} // namespace

std::span<const MessageId> all_message_ids() {
    return all_ids;
}

std::string_view message_name(MessageId id) {
    return entry(id).name;
}

std::string_view message_template(MessageId id, Language language) {
    return language == Language::pl ? entry(id).polish : entry(id).english;
}

std::vector<std::string> placeholders_in(std::string_view text) {
    std::vector<std::string> names;
    for (std::size_t index = 0; index < text.size(); ++index) {
        if (const std::size_t length = placeholder_length(text, index); length > 0) {
            names.emplace_back(text.substr(index + 1, length - 2));
            index += length - 1;
        }
    }
    return names;
}

std::vector<std::string> missing_parameters(const Message& message) {
    std::vector<std::string> missing;
    for (const Language language : {Language::pl, Language::en}) {
        for (std::string& name : placeholders_in(message_template(message.id, language))) {
            const bool supplied =
                std::ranges::any_of(message.parameters, [&](const MessageParameter& parameter) {
                    return parameter.name == name;
                });
            if (!supplied && std::ranges::find(missing, name) == missing.end()) {
                missing.push_back(std::move(name));
            }
        }
    }
    return missing;
}

std::string fill_placeholders(std::string_view text, const std::vector<MessageParameter>& parameters) {
    std::string result;
    result.reserve(text.size() + 32);
    for (std::size_t index = 0; index < text.size(); ++index) {
        const std::size_t length = placeholder_length(text, index);
        if (length == 0) {
            result += text[index];
            continue;
        }
        const std::string_view name = text.substr(index + 1, length - 2);
        const auto parameter = std::ranges::find(parameters, name, &MessageParameter::name);
        result +=
            parameter != parameters.end() ? std::string_view(parameter->value) : text.substr(index, length);
        index += length - 1;
    }
    return result;
}

std::string render(const Message& message, Language language) {
    return fill_placeholders(message_template(message.id, language), message.parameters);
}

std::string format_clock_time(ClockTime time) {
    return fmt::format("{}:{:02}", time.hour, time.minute);
}

ClockTime local_clock_time(std::int64_t unix_milliseconds) {
    const base::LocalTime local = base::local_time(unix_milliseconds);
    return ClockTime{static_cast<unsigned>(local.hour), static_cast<unsigned>(local.minute)};
}

} // namespace checkin::kiosk
