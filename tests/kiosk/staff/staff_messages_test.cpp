#include "kiosk/staff/staff_messages.hpp"

#include <algorithm>
#include <gtest/gtest.h>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace checkin::kiosk {
namespace {

std::set<std::string> placeholder_set(std::string_view text) {
    const std::vector<std::string> names = placeholders_in(text);
    return {names.begin(), names.end()};
}

TEST(StaffMessageCatalogue, ListsEveryIdOnceInEnumOrder) {
    const auto ids = all_staff_message_ids();
    ASSERT_EQ(ids.size(), static_cast<std::size_t>(StaffMessageId::code_not_found) + 1);
    for (std::size_t index = 0; index < ids.size(); ++index) {
        EXPECT_EQ(static_cast<std::size_t>(ids[index]), index);
    }
}

TEST(StaffMessageCatalogue, EveryIdHasBothLanguagesAndADistinctName) {
    std::set<std::string_view> names;
    for (const StaffMessageId id : all_staff_message_ids()) {
        SCOPED_TRACE(staff_message_name(id));
        EXPECT_FALSE(staff_message_template(id, Language::pl).empty());
        EXPECT_FALSE(staff_message_template(id, Language::en).empty());
        EXPECT_TRUE(names.insert(staff_message_name(id)).second)
            << "two ids are named " << staff_message_name(id);
    }
}

TEST(StaffMessageCatalogue, BothLanguagesUseTheSamePlaceholders) {
    for (const StaffMessageId id : all_staff_message_ids()) {
        SCOPED_TRACE(staff_message_name(id));
        EXPECT_EQ(placeholder_set(staff_message_template(id, Language::pl)),
                  placeholder_set(staff_message_template(id, Language::en)));
    }
}

TEST(StaffMessageCatalogue, HasNoStrayBraces) {
    for (const StaffMessageId id : all_staff_message_ids()) {
        for (const Language language : {Language::pl, Language::en}) {
            const std::string_view text = staff_message_template(id, language);
            const auto braces = std::ranges::count(text, '{') + std::ranges::count(text, '}');
            EXPECT_EQ(static_cast<std::size_t>(braces), 2 * placeholders_in(text).size())
                << staff_message_name(id) << ": " << text;
        }
    }
}

// A count follows a colon (or starts a "12 / 40", or is a "2×"), so the Polish never needs a plural form that
// depends on the number ("1 identyfikator", "2 identyfikatory", "5 identyfikatorów").
TEST(StaffMessageCatalogue, CountsNeedNoPluralForms) {
    for (const StaffMessageId id : all_staff_message_ids()) {
        for (const Language language : {Language::pl, Language::en}) {
            const std::string_view text = staff_message_template(id, language);
            for (std::size_t at = text.find("{count}"); at != std::string_view::npos;
                 at = text.find("{count}", at + 1)) {
                const bool after_colon = at >= 2 && text.substr(at - 2, 2) == ": ";
                const bool opens_ratio = at == 0 && text.substr(7, 3) == " / ";
                const bool times_sign = text.substr(at + 7).starts_with("×"); // "2×" has no plural either
                EXPECT_TRUE(after_colon || opens_ratio || times_sign)
                    << staff_message_name(id) << ": " << text;
            }
        }
    }
}

TEST(StaffMessageCatalogue, PolishTextsHaveDiacriticsAndEnglishTextsHaveNone) {
    EXPECT_EQ(staff_message_template(StaffMessageId::tab_devices, Language::pl), "Urządzenia");
    EXPECT_EQ(staff_message_template(StaffMessageId::exit, Language::pl), "Wyjdź");
    EXPECT_EQ(staff_message_template(StaffMessageId::undo, Language::pl), "Cofnij przybycie");
    EXPECT_EQ(staff_message_template(StaffMessageId::sound_on, Language::pl), "Dźwięk wł.");
    const std::vector<std::string_view> polish_letters = {"ą", "ć", "ę", "ł", "ń", "ó", "ś", "ź", "ż",
                                                          "Ą", "Ć", "Ę", "Ł", "Ń", "Ó", "Ś", "Ź", "Ż"};
    for (const StaffMessageId id : all_staff_message_ids()) {
        const std::string_view english = staff_message_template(id, Language::en);
        for (const std::string_view letter : polish_letters) {
            EXPECT_EQ(english.find(letter), std::string_view::npos)
                << staff_message_name(id) << ": " << english;
        }
    }
}

TEST(StaffMessageCatalogue, HasTheLabelsTheScreensNeed) {
    struct Expected {
        StaffMessageId id;
        std::string_view polish;
        std::string_view english;
    };
    const std::vector<Expected> expected{
        {StaffMessageId::tab_search, "Szukaj", "Search"},
        {StaffMessageId::tab_walk_in, "Rejestracja na miejscu", "Walk-in"},
        {StaffMessageId::tab_devices, "Urządzenia", "Devices"},
        {StaffMessageId::tab_statistics, "Statystyki", "Statistics"},
        {StaffMessageId::pin_heading, "Wpisz PIN personelu", "Enter the staff PIN"},
        {StaffMessageId::reprint, "Drukuj ponownie", "Reprint badge"},
        {StaffMessageId::check_in, "Zamelduj przybycie", "Check in"},
        {StaffMessageId::back, "Wróć", "Back"},
        {StaffMessageId::confirm, "Potwierdź", "Confirm"},
        {StaffMessageId::cancel, "Anuluj", "Cancel"},
        {StaffMessageId::searching, "Szukam…", "Searching…"},
        {StaffMessageId::no_results, "Brak wyników", "No results"},
        {StaffMessageId::event_checkin, "przybycie", "check-in"},
        {StaffMessageId::event_undo, "cofnięcie", "undo"},
        {StaffMessageId::event_reprint, "ponowny wydruk", "reprint"},
        {StaffMessageId::event_print, "wydruk", "print"},
        {StaffMessageId::sync_no_hub, "Brak huba — praca lokalna", "No hub — working locally"},
        {StaffMessageId::busy, "Proszę czekać…", "Please wait…"},
    };
    for (const Expected& each : expected) {
        EXPECT_EQ(staff_message_template(each.id, Language::pl), each.polish);
        EXPECT_EQ(staff_message_template(each.id, Language::en), each.english);
    }
}

TEST(StaffMessageCatalogue, TheSwitchNamesTheOtherLanguage) {
    EXPECT_EQ(render_staff(StaffMessageId::language_switch, Language::pl), "English");
    EXPECT_EQ(render_staff(StaffMessageId::language_switch, Language::en), "Polski");
}

TEST(RenderStaff, FillsNamedPlaceholders) {
    EXPECT_EQ(render_staff(StaffMessageId::pin_rejected, Language::pl, {{"count", "2"}}),
              "Błędny PIN — pozostało prób: 2");
    EXPECT_EQ(render_staff(StaffMessageId::pin_rejected, Language::en, {{"count", "2"}}),
              "Wrong PIN — attempts left: 2");
    EXPECT_EQ(render_staff(StaffMessageId::locked_countdown, Language::pl, {{"time", "04:59"}}),
              "Zablokowano — spróbuj za 04:59");
    // The order of the parameters does not matter; the sentence's order does.
    EXPECT_EQ(render_staff(StaffMessageId::statistics_checked_in, Language::pl,
                           {{"expected", "120"}, {"count", "52"}}),
              "Przybyło: 52 z 120");
    EXPECT_EQ(render_staff(StaffMessageId::statistics_checked_in, Language::en,
                           {{"expected", "120"}, {"count", "52"}}),
              "Checked in: 52 of 120");
}

TEST(RenderStaff, LeavesAMissingPlaceholderVisibleAndIgnoresUnusedOnes) {
    EXPECT_EQ(render_staff(StaffMessageId::signed_in_as, Language::pl), "Personel: {name}");
    EXPECT_EQ(render_staff(StaffMessageId::exit, Language::en, {{"name", "Anna"}}), "Exit");
    // A value that looks like a placeholder is not expanded again.
    EXPECT_EQ(render_staff(StaffMessageId::signed_in_as, Language::en, {{"name", "{name}"}}),
              "Staff: {name}");
}

// The kiosk's answers to staff actions, word for word as the controller said them before they joined the
// catalogue.
TEST(StaffMessageCatalogue, HasTheKiosksAnswersToStaffActions) {
    EXPECT_EQ(render_staff(StaffMessageId::answer_no_delegate, Language::pl, {{"code", "ABC"}}),
              "Nie ma delegata o kodzie ABC.");
    EXPECT_EQ(render_staff(StaffMessageId::answer_reprinted, Language::en, {{"name", "Anna Kowalska"}}),
              "The badge was printed again: Anna Kowalska.");
    EXPECT_EQ(
        render_staff(StaffMessageId::answer_walk_in, Language::pl, {{"name", "Jan Nowak"}, {"code", "W-1"}}),
        "Zarejestrowano na miejscu i wydrukowano identyfikator: Jan Nowak (W-1).");
    EXPECT_EQ(
        render_staff(StaffMessageId::answer_walk_in_not_printed, Language::en, {{"reason", "no labels"}}),
        "Registered, but the badge was not printed: no labels");
    EXPECT_EQ(render_staff(StaffMessageId::answer_not_checked_in_today, Language::pl, {{"code", "ABC"}}),
              "Dziś nie odnotowano przybycia z kodem ABC.");
}

// Moved from tests/drivers with the sentences (drivers/error.cpp held them): the name of each problem is
// still the driver's (tests/drivers/device_address_test.cpp).
TEST(ProblemMessages, EveryProblemHasAPolishAndAnEnglishMessage) {
    using drivers::Problem;
    for (int value = 0; value <= static_cast<int>(Problem::unsupported); ++value) {
        const auto problem = static_cast<Problem>(value);
        const std::string_view polish = problem_message(problem, Language::pl);
        const std::string_view english = problem_message(problem, Language::en);
        EXPECT_FALSE(polish.empty());
        EXPECT_FALSE(english.empty());
        EXPECT_NE(polish, english);
        // Every problem has its own message: the table has no accidental copies.
        for (int other = 0; other < value; ++other) {
            EXPECT_NE(english, problem_message(static_cast<Problem>(other), Language::en))
                << drivers::problem_name(problem);
        }
    }
    EXPECT_EQ(problem_message(Problem::no_media, Language::pl), "Brak etykiet w drukarce — włóż nową rolkę.");
    EXPECT_EQ(problem_message(Problem::cover_open, Language::en), "The printer's cover is open — close it.");
}

} // namespace
} // namespace checkin::kiosk
