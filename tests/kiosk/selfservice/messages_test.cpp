#include "kiosk/selfservice/messages.hpp"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <gtest/gtest.h>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace checkin::kiosk {
namespace {

std::set<std::string> placeholder_set(std::string_view text) {
    const std::vector<std::string> names = placeholders_in(text);
    return {names.begin(), names.end()};
}

TEST(MessageCatalogue, ListsEveryIdOnceInEnumOrder) {
    const auto ids = all_message_ids();
    ASSERT_EQ(ids.size(), static_cast<std::size_t>(MessageId::language_switch) + 1);
    for (std::size_t index = 0; index < ids.size(); ++index) {
        EXPECT_EQ(static_cast<std::size_t>(ids[index]), index);
    }
}

TEST(MessageCatalogue, EveryIdHasBothLanguagesAndADistinctName) {
    std::set<std::string_view> names;
    for (const MessageId id : all_message_ids()) {
        SCOPED_TRACE(message_name(id));
        EXPECT_FALSE(message_template(id, Language::pl).empty());
        EXPECT_FALSE(message_template(id, Language::en).empty());
        EXPECT_TRUE(names.insert(message_name(id)).second) << "two ids are named " << message_name(id);
    }
}

TEST(MessageCatalogue, BothLanguagesUseTheSamePlaceholders) {
    for (const MessageId id : all_message_ids()) {
        SCOPED_TRACE(message_name(id));
        EXPECT_EQ(placeholder_set(message_template(id, Language::pl)),
                  placeholder_set(message_template(id, Language::en)));
    }
}

// Every brace in a text is part of a placeholder: a stray "{" would be a typo the formatter prints as is.
TEST(MessageCatalogue, HasNoStrayBraces) {
    for (const MessageId id : all_message_ids()) {
        for (const Language language : {Language::pl, Language::en}) {
            const std::string_view text = message_template(id, language);
            const auto braces = std::ranges::count(text, '{') + std::ranges::count(text, '}');
            EXPECT_EQ(static_cast<std::size_t>(braces), 2 * placeholders_in(text).size())
                << message_name(id) << ": " << text;
        }
    }
}

// Polish sentences are written with their diacritics (a text typed without them reads as careless), and no
// Polish letter slips into the English catalogue.
TEST(MessageCatalogue, PolishTextsHaveDiacriticsAndEnglishTextsHaveNone) {
    EXPECT_EQ(message_template(MessageId::take_badge, Language::pl), "Proszę odebrać identyfikator");
    EXPECT_EQ(message_template(MessageId::enjoy_event, Language::pl), "Życzymy udanego wydarzenia!");
    EXPECT_EQ(message_template(MessageId::invitation_days, Language::pl), "Zaproszenie jest ważne: {days}");
    EXPECT_EQ(message_template(MessageId::printer_problem, Language::pl),
              "Identyfikator zostanie wydrukowany w recepcji — prosimy tam podejść");
    const std::vector<std::string_view> polish_letters = {"ą", "ć", "ę", "ł", "ń", "ó", "ś", "ź", "ż",
                                                          "Ą", "Ć", "Ę", "Ł", "Ń", "Ó", "Ś", "Ź", "Ż"};
    for (const MessageId id : all_message_ids()) {
        const std::string_view english = message_template(id, Language::en);
        for (const std::string_view letter : polish_letters) {
            EXPECT_EQ(english.find(letter), std::string_view::npos) << message_name(id) << ": " << english;
        }
    }
}

TEST(MessageCatalogue, TheSwitchNamesTheOtherLanguage) {
    EXPECT_EQ(render(Message{MessageId::language_switch, {}}, Language::pl), "English");
    EXPECT_EQ(render(Message{MessageId::language_switch, {}}, Language::en), "Polski");
}

TEST(PlaceholdersIn, FindsNamesInOrder) {
    EXPECT_EQ(placeholders_in("Witamy, {name}! O {time}, {name}."),
              (std::vector<std::string>{"name", "time", "name"}));
    EXPECT_EQ(placeholders_in("{days_left}"), (std::vector<std::string>{"days_left"}));
}

TEST(PlaceholdersIn, IgnoresBracesThatAreNotPlaceholders) {
    EXPECT_TRUE(placeholders_in("{} {Name} {na me} {name").empty());
    EXPECT_TRUE(placeholders_in("").empty());
    EXPECT_EQ(placeholders_in("{{name}}"), (std::vector<std::string>{"name"}));
}

TEST(Render, FillsPlaceholdersInBothLanguages) {
    const Message welcome{MessageId::welcome_heading, {{"name", "Anna Kowalska"}}};
    EXPECT_EQ(render(welcome, Language::pl), "Witamy, Anna Kowalska!");
    EXPECT_EQ(render(welcome, Language::en), "Welcome, Anna Kowalska!");

    const Message already{MessageId::already_checked_in_at, {{"time", "9:14"}}};
    EXPECT_EQ(render(already, Language::pl), "Identyfikator wydrukowano dziś o 9:14");
    EXPECT_EQ(render(already, Language::en), "Your badge was printed today at 9:14");
}

TEST(Render, KeepsNamesWithDiacriticsAndBracesAsTheyAre) {
    // A value is inserted verbatim: never scanned for placeholders itself.
    const Message welcome{MessageId::welcome_heading, {{"name", "Żaneta Łęcka-Ślązak {time}"}}};
    EXPECT_EQ(render(welcome, Language::pl), "Witamy, Żaneta Łęcka-Ślązak {time}!");
}

TEST(Render, LeavesAMissingPlaceholderVisibleAndIgnoresExtraParameters) {
    EXPECT_EQ(render(Message{MessageId::welcome_heading, {}}, Language::pl), "Witamy, {name}!");
    EXPECT_EQ(render(Message{MessageId::take_badge, {{"name", "Anna"}}}, Language::en),
              "Please take your badge");
}

TEST(MissingParameters, NamesWhatIsNotSupplied) {
    EXPECT_EQ(missing_parameters(Message{MessageId::welcome_heading, {}}),
              (std::vector<std::string>{"name"}));
    EXPECT_EQ(missing_parameters(Message{MessageId::welcome_heading, {{"time", "9:14"}}}),
              (std::vector<std::string>{"name"}));
    EXPECT_TRUE(missing_parameters(Message{MessageId::welcome_heading, {{"name", "Anna"}}}).empty());
    EXPECT_TRUE(missing_parameters(Message{MessageId::attract_heading, {}}).empty());
}

// Every id rendered with the parameters its sentence names leaves no placeholder behind, in both
// languages.
TEST(Render, EveryIdRendersCompletelyWhenItsPlaceholdersAreSupplied) {
    for (const MessageId id : all_message_ids()) {
        Message message{id, {}};
        for (const std::string& name : placeholder_set(message_template(id, Language::pl))) {
            message.parameters.push_back({name, "X"});
        }
        EXPECT_TRUE(missing_parameters(message).empty()) << message_name(id);
        for (const Language language : {Language::pl, Language::en}) {
            const std::string text = render(message, language);
            EXPECT_TRUE(placeholders_in(text).empty()) << message_name(id) << ": " << text;
            EXPECT_EQ(text.find('{'), std::string::npos) << text;
        }
    }
}

TEST(FormatClockTime, WritesTwentyFourHourTimeWithoutALeadingZero) {
    EXPECT_EQ(format_clock_time({9, 14}), "9:14");
    EXPECT_EQ(format_clock_time({13, 5}), "13:05");
    EXPECT_EQ(format_clock_time({0, 7}), "0:07");
    EXPECT_EQ(format_clock_time({23, 59}), "23:59");
}

class LocalClockTime : public ::testing::Test {
protected:
    void SetUp() override {
        if (const char* zone = std::getenv("TZ")) {
            m_saved = zone;
        }
        // The rule for Poland written out, so the test needs no tzdata: CET, CEST from the last Sunday
        // of March to the last Sunday of October.
        setenv("TZ", "CET-1CEST,M3.5.0,M10.5.0/3", 1);
        tzset();
    }
    void TearDown() override {
        if (m_saved) {
            setenv("TZ", m_saved->c_str(), 1);
        } else {
            unsetenv("TZ");
        }
        tzset();
    }

private:
    std::optional<std::string> m_saved;
};

std::int64_t unix_milliseconds(std::chrono::sys_days day, std::chrono::minutes time_of_day) {
    return std::chrono::duration_cast<std::chrono::milliseconds>((day + time_of_day).time_since_epoch())
        .count();
}

TEST_F(LocalClockTime, FollowsTheVenuesZoneInWinterAndSummer) {
    using namespace std::chrono;
    // 29 November: CET, UTC+1.
    EXPECT_EQ(local_clock_time(unix_milliseconds(sys_days{2026y / November / 29}, 8h + 14min)),
              (ClockTime{9, 14}));
    // 15 June: CEST, UTC+2.
    EXPECT_EQ(local_clock_time(unix_milliseconds(sys_days{2026y / June / 15}, 7h + 5min)), (ClockTime{9, 5}));
    // Just before local midnight in winter: 22:59:59.999 UTC is 23:59.
    EXPECT_EQ(local_clock_time(unix_milliseconds(sys_days{2026y / November / 29}, 22h + 59min) + 59'999),
              (ClockTime{23, 59}));
}

} // namespace
} // namespace checkin::kiosk
