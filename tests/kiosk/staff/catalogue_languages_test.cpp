// Every text a person can read on the kiosk's screens, walked in both languages (issue 17, item 4): the
// delegates' catalogue, the staff catalogue, what a device's problem is called, what a check-in's outcome
// is called, what a printer has loaded, who did a journal event and a scanner's modes. A Polish form that
// is missing, or that is the English one copied, fails here, so no English reaches a Polish screen through
// a text someone forgot to translate.

#include "drivers/error.hpp"
#include "drivers/printer.hpp"
#include "kiosk/selfservice/messages.hpp"
#include "kiosk/staff/staff_messages.hpp"
#include "sync/roster/checkin_policy.hpp"

#include <gtest/gtest.h>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace checkin::kiosk {
namespace {

// Texts that are rightly the same in both languages. Each is here for a reason a reader can check.
const std::map<std::string_view, std::string_view> same_in_both_languages{
    // "Status" is the Polish word too (a card's field label: "Status: rejestracja aktywna").
    {"Status", "the Polish word is the same"},
    // The on-screen keyboard's shift key carries the name printed on Polish keyboards' keys.
    {"Shift", "the name on the key of a Polish keyboard"},
};

// True when the text holds a word to translate: any letter outside its {placeholders}. A template such as
// "{time} {kiosk}" or "{count} / {expected}" is only punctuation around values and reads the same in both.
bool has_words(std::string_view text) {
    bool in_placeholder = false;
    for (const char c : text) {
        if (c == '{') {
            in_placeholder = true;
        } else if (c == '}') {
            in_placeholder = false;
        } else if (!in_placeholder && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
            return true;
        }
    }
    return false;
}

struct Translation {
    std::string where; // "staff undo", "problem no_media", … for the failure message
    std::string polish;
    std::string english;
};

// Fails on a missing form and on a Polish form that is the English one, unless it is allowed above.
void expect_translated(const Translation& text) {
    SCOPED_TRACE(text.where);
    EXPECT_FALSE(text.polish.empty()) << "no Polish form";
    EXPECT_FALSE(text.english.empty()) << "no English form";
    if (has_words(text.english) && !same_in_both_languages.contains(text.english)) {
        EXPECT_NE(text.polish, text.english) << "the Polish form is the English one: " << text.polish;
    }
}

TEST(CatalogueLanguages, EveryDelegateMessageHasItsOwnPolishForm) {
    ASSERT_FALSE(all_message_ids().empty());
    for (const MessageId id : all_message_ids()) {
        expect_translated({"self-service " + std::string(message_name(id)),
                           std::string(message_template(id, Language::pl)),
                           std::string(message_template(id, Language::en))});
    }
}

TEST(CatalogueLanguages, EveryStaffMessageHasItsOwnPolishForm) {
    ASSERT_FALSE(all_staff_message_ids().empty());
    for (const StaffMessageId id : all_staff_message_ids()) {
        expect_translated({"staff " + std::string(staff_message_name(id)),
                           std::string(staff_message_template(id, Language::pl)),
                           std::string(staff_message_template(id, Language::en))});
    }
}

TEST(CatalogueLanguages, EveryDeviceProblemHasItsOwnPolishForm) {
    for (int value = 0; value <= static_cast<int>(drivers::Problem::unsupported); ++value) {
        const auto problem = static_cast<drivers::Problem>(value);
        expect_translated({"problem " + std::string(drivers::problem_name(problem)),
                           std::string(problem_message(problem, Language::pl)),
                           std::string(problem_message(problem, Language::en))});
    }
}

TEST(CatalogueLanguages, EveryCheckInOutcomeIsASentenceNotItsStableName) {
    using sync::CheckinOutcome;
    for (const CheckinOutcome outcome :
         {CheckinOutcome::admitted, CheckinOutcome::already_checked_in, CheckinOutcome::unknown_code,
          CheckinOutcome::unreadable_code, CheckinOutcome::cancelled, CheckinOutcome::not_registered_today}) {
        const std::string polish(checkin_outcome_message(outcome, Language::pl));
        const std::string english(checkin_outcome_message(outcome, Language::en));
        expect_translated({"outcome " + std::string(sync::to_string(outcome)), polish, english});
        // No internal name on screen: "already_checked_in" is a name for logs and JSON, not a sentence.
        EXPECT_NE(polish.find(' '), std::string::npos) << polish;
        EXPECT_EQ(english.find('_'), std::string::npos) << english;
        EXPECT_NE(english, sync::to_string(outcome));
    }
    EXPECT_EQ(checkin_outcome_message(CheckinOutcome::already_checked_in, Language::pl),
              "przybycie już dziś odnotowano");
    EXPECT_EQ(render_staff(StaffMessageId::answer_not_checked_in, Language::pl,
                           {{"outcome",
                             std::string(checkin_outcome_message(CheckinOutcome::cancelled, Language::pl))}}),
              "Nie odnotowano przybycia: rejestracja tej osoby jest anulowana.");
}

TEST(CatalogueLanguages, EveryKindOfLoadedMediaHasItsOwnPolishForm) {
    using drivers::LoadedMediaKind;
    const std::vector<drivers::LoadedMedia> media{
        {.kind = LoadedMediaKind::none},
        {.kind = LoadedMediaKind::continuous, .width_mm = 62},
        {.kind = LoadedMediaKind::continuous, .width_mm = 62, .two_colour = true},
        {.kind = LoadedMediaKind::die_cut, .width_mm = 62, .length_mm = 100},
        {.kind = LoadedMediaKind::unknown_type, .width_mm = 29},
        {.kind = LoadedMediaKind::length_dots, .length_dots = 609},
    };
    for (const drivers::LoadedMedia& each : media) {
        expect_translated(
            {"media " + std::to_string(static_cast<int>(each.kind)) + (each.two_colour ? " two-colour" : ""),
             loaded_media_text(each, Language::pl), loaded_media_text(each, Language::en)});
    }
    // The printer's own English words for it never reach a Polish screen.
    const drivers::LoadedMedia die_cut{.kind = LoadedMediaKind::die_cut, .width_mm = 62, .length_mm = 100};
    EXPECT_EQ(loaded_media_text(die_cut, Language::pl), "etykiety wycinane 62 × 100 mm");
    EXPECT_EQ(loaded_media_text(die_cut, Language::en), "62 × 100 mm die-cut labels");
    // A printer that says nothing of its media gets no line at all.
    EXPECT_EQ(loaded_media_text({}, Language::pl), "");
    EXPECT_EQ(loaded_media_text({}, Language::en), "");
}

TEST(CatalogueLanguages, TheKiosksOwnOperatorNamesAndScannerModesAreTranslated) {
    for (const std::string_view name : {"self-service", "self-service by name"}) {
        expect_translated({"operator " + std::string(name), operator_label(name, Language::pl),
                           operator_label(name, Language::en)});
    }
    EXPECT_EQ(operator_label("self-service", Language::pl), "samoobsługa");
    // A person's name and a tool's name are names: the same in both languages.
    EXPECT_EQ(operator_label("anna", Language::pl), "anna");
    EXPECT_EQ(operator_label("kioskctl", Language::pl), "kioskctl");
    // The names the device profiles give scanner modes (drivers::scanner_mode_name).
    for (const std::string_view mode : {"automatic", "hid-keyboard", "hid-pos", "serial"}) {
        expect_translated({"scanner mode " + std::string(mode), scanner_mode_label(mode, Language::pl),
                           scanner_mode_label(mode, Language::en)});
    }
}

// "Rejestracja" is registering someone; "przybycie" is their arriving. An undo of an arrival must not read
// as cancelling the registration.
TEST(CatalogueLanguages, ArrivingIsPrzybycieAndRegisteringIsRejestracja) {
    for (const StaffMessageId id :
         {StaffMessageId::check_in, StaffMessageId::undo, StaffMessageId::undo_question,
          StaffMessageId::event_checkin, StaffMessageId::answer_checked_in, StaffMessageId::answer_undone,
          StaffMessageId::answer_not_checked_in, StaffMessageId::answer_not_checked_in_today,
          StaffMessageId::outcome_checked_in, StaffMessageId::outcome_undone}) {
        const std::string_view polish = staff_message_template(id, Language::pl);
        SCOPED_TRACE(staff_message_name(id));
        EXPECT_NE(polish.find("przybyci"), std::string_view::npos) << polish;
        EXPECT_EQ(polish.find("rejestr"), std::string_view::npos) << polish;
        EXPECT_EQ(polish.find("Rejestr"), std::string_view::npos) << polish;
        EXPECT_EQ(polish.find("Zarejestr"), std::string_view::npos) << polish;
    }
    EXPECT_EQ(staff_message_template(StaffMessageId::undo, Language::pl), "Cofnij przybycie");
    EXPECT_EQ(staff_message_template(StaffMessageId::hit_cancelled, Language::pl), "Rejestracja anulowana");
}

} // namespace
} // namespace checkin::kiosk
