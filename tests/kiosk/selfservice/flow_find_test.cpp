// Find yourself by name ("no QR at hand", issue 17 item 3): the Flow's rules for the keyboard, the search,
// the list, the pick and the limits. The exact-surname rule itself is the mirror's and text_fold's (their
// tests); here the Flow is fed the answers a mirror would give.

#include "base/utf8.hpp"
#include "kiosk/selfservice/flow.hpp"
#include "sync/roster/text_fold.hpp"

#include <algorithm>
#include <chrono>
#include <deque>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <random>
#include <string>
#include <variant>
#include <vector>

namespace checkin::kiosk {
namespace {

using namespace std::chrono_literals;
using std::chrono::milliseconds;

const FlowTime origin = FlowTime{} + 1000h;

std::size_t base_characters(std::string_view text) {
    return base::utf8::count_characters(text);
}

FlowTime at(std::int64_t offset_milliseconds) {
    return origin + milliseconds(offset_milliseconds);
}

ClockTime utc_plus_one(std::int64_t unix_milliseconds) {
    const std::int64_t minutes = (unix_milliseconds / 60'000 + 60) % (24 * 60);
    return ClockTime{static_cast<unsigned>(minutes / 60), static_cast<unsigned>(minutes % 60)};
}

FlowSettings settings(bool offered = true) {
    FlowSettings result{FlowTimings{}, Language::pl, utc_plus_one, FindByNameSettings{}};
    result.find_by_name.offered = offered;
    return result;
}

sync::Delegate person(std::string code, std::string first_name, std::string last_name,
                      std::string organisation) {
    sync::Delegate result;
    result.code = std::move(code);
    result.first_name = std::move(first_name);
    result.last_name = std::move(last_name);
    result.organisation = std::move(organisation);
    result.role = "Uczestnik";
    return result;
}

std::vector<sync::Delegate> kowalskas(std::size_t count) {
    std::vector<sync::Delegate> result;
    for (std::size_t index = 0; index < count; ++index) {
        result.push_back(person(fmt::format("CWD-KOW{}", index), fmt::format("Imię{}", index), "Kowalska",
                                fmt::format("Urząd Gminy {}", index)));
    }
    return result;
}

template <typename T> std::vector<T> effects_of(const std::vector<FlowEffect>& effects) {
    std::vector<T> found;
    for (const FlowEffect& effect : effects) {
        if (const auto* each = std::get_if<T>(&effect)) {
            found.push_back(*each);
        }
    }
    return found;
}

std::vector<Screen> screens_of(const std::vector<FlowEffect>& effects) {
    std::vector<Screen> screens;
    for (const ShowScreen& show : effects_of<ShowScreen>(effects)) {
        screens.push_back(show.screen.screen);
    }
    return screens;
}

// Types `text` key by key, as the on-screen keyboard does, at `time`.
void type(Flow& flow, std::string_view text, std::int64_t time) {
    for (const char character : text) {
        flow.handle(NameTyping{NameKey::type, std::string(1, character), at(time)});
    }
}

// From attract to the search of `surname`; returns the search's effects.
std::vector<FlowEffect> search_surname(Flow& flow, std::string_view surname, std::int64_t time) {
    flow.handle(FindByName{at(time)});
    type(flow, surname, time);
    return flow.handle(NameTyping{NameKey::search, {}, at(time)});
}

TEST(FlowFindByName, AttractOffersTheButtonOnlyWhenEnabled) {
    Flow offered(settings(true));
    EXPECT_TRUE(offered.screen().find_by_name);
    EXPECT_EQ(screens_of(offered.handle(FindByName{at(0)})), std::vector<Screen>{Screen::find_surname});

    Flow disabled(settings(false));
    EXPECT_FALSE(disabled.screen().find_by_name);
    EXPECT_TRUE(disabled.handle(FindByName{at(0)}).empty());
    EXPECT_EQ(disabled.screen().screen, Screen::attract);

    // The kiosk may learn of signed-codes-only mode after the Flow is made.
    offered.handle(NameTyping{NameKey::back, {}, at(10)});
    offered.offer_find_by_name(false);
    EXPECT_FALSE(offered.screen().find_by_name);
    EXPECT_TRUE(offered.handle(FindByName{at(20)}).empty());
}

TEST(FlowFindByName, TheSurnameIsSearchedAndOneToFiveMatchesAreListedByFirstNameAndOrganisation) {
    Flow flow(settings());
    const std::vector<FlowEffect> effects = search_surname(flow, "kowalska", 0);
    const std::vector<StartNameSearch> searches = effects_of<StartNameSearch>(effects);
    ASSERT_EQ(searches.size(), 1U);
    EXPECT_EQ(searches[0], (StartNameSearch{1, "kowalska", "", 6}));
    EXPECT_EQ(flow.screen().screen, Screen::finding);
    EXPECT_TRUE(flow.awaiting_name_search());

    const auto listed = flow.handle(NameSearchAnswer{1, kowalskas(5), at(40)});
    EXPECT_EQ(screens_of(listed), std::vector<Screen>{Screen::find_choose});
    const ScreenModel& screen = flow.screen();
    ASSERT_EQ(screen.choices.size(), 5U);
    EXPECT_EQ(screen.choices[0], (NameChoice{"Imię0", "Urząd Gminy 0"}));
    EXPECT_EQ(screen.choices[4], (NameChoice{"Imię4", "Urząd Gminy 4"}));
    // Nothing else about them: no surname beside the others, no code, no e-mail.
    EXPECT_TRUE(screen.display_name.empty());
    EXPECT_TRUE(screen.typed.empty());
    EXPECT_EQ(screen.heading.id, MessageId::find_choose_heading);
    for (const Message& detail : screen.details) {
        EXPECT_TRUE(detail.parameters.empty());
    }
}

TEST(FlowFindByName, NoMatchShowsNotFoundWithTheWayToReception) {
    // A partial surname reaches the Flow as no match (the mirror's rule): the same screen, nothing more.
    Flow flow(settings());
    search_surname(flow, "kowal", 0);
    const auto effects = flow.handle(NameSearchAnswer{1, std::vector<sync::Delegate>{}, at(30)});
    EXPECT_EQ(screens_of(effects), std::vector<Screen>{Screen::find_not_found});
    EXPECT_EQ(effects_of<PlaySound>(effects), std::vector<PlaySound>{PlaySound{Sound::refusal}});
    const ScreenModel& screen = flow.screen();
    ASSERT_TRUE(screen.next_step.has_value());
    EXPECT_EQ(screen.next_step->id, MessageId::go_to_reception);
    EXPECT_EQ(screen.heading.id, MessageId::find_not_found_heading);
    EXPECT_TRUE(screen.choices.empty());
    EXPECT_TRUE(is_result_screen(Screen::find_not_found));
    // It closes after the refusal time, or at a touch.
    EXPECT_EQ(screen.ends_at, at(30) + FlowTimings{}.refusal);
    flow.handle(Dismiss{at(100)});
    EXPECT_EQ(flow.screen().screen, Screen::attract);
}

TEST(FlowFindByName, MoreThanFiveAskForTheFirstNameThenTheSameRule) {
    Flow flow(settings());
    search_surname(flow, "pietrzak", 0);
    const auto asked = flow.handle(NameSearchAnswer{1, kowalskas(6), at(30)});
    EXPECT_EQ(screens_of(asked), std::vector<Screen>{Screen::find_first_name});
    EXPECT_TRUE(flow.screen().typed.empty());
    EXPECT_TRUE(flow.screen().choices.empty()) << "nobody of the six is shown";

    type(flow, "anna", 1000);
    const auto searched = flow.handle(NameTyping{NameKey::search, {}, at(1000)});
    const std::vector<StartNameSearch> expected{StartNameSearch{2, "pietrzak", "anna", 6}};
    EXPECT_EQ(effects_of<StartNameSearch>(searched), expected);
    flow.handle(NameSearchAnswer{2, kowalskas(2), at(1030)});
    EXPECT_EQ(flow.screen().screen, Screen::find_choose);
    EXPECT_EQ(flow.screen().choices.size(), 2U);

    // Still more than five with the first name: reception tells them apart.
    Flow again(settings());
    search_surname(again, "pietrzak", 0);
    again.handle(NameSearchAnswer{1, kowalskas(7), at(30)});
    type(again, "anna", 100);
    again.handle(NameTyping{NameKey::search, {}, at(100)});
    again.handle(NameSearchAnswer{2, kowalskas(6), at(130)});
    EXPECT_EQ(again.screen().screen, Screen::find_not_found);
}

// The effects after the lookup answer, with the request ids and times the same, by either way in.
std::vector<FlowEffect> after_answer(bool by_name, const sync::CheckinResult& result) {
    Flow flow(settings());
    const sync::Delegate& who = *result.delegate;
    if (by_name) {
        search_surname(flow, "kowalska", 0);
        flow.handle(NameSearchAnswer{
            1, std::vector<sync::Delegate>{person("CWD-OTHER1", "Ewa", "Kowalska", "X"), who}, at(30)});
        const auto picked = flow.handle(PickMatch{1, at(500)});
        const std::vector<StartLookup> lookups = effects_of<StartLookup>(picked);
        EXPECT_EQ(lookups.size(), 1U);
        if (!lookups.empty()) {
            EXPECT_EQ(lookups[0].payload, who.code);
            EXPECT_EQ(lookups[0].method, CheckinMethod::by_name);
            EXPECT_FALSE(lookups[0].invitation.has_value());
        }
        EXPECT_EQ(flow.screen().screen, Screen::looking_up);
    } else {
        const auto scanned = flow.handle(ScanInput{who.code, at(500)});
        const std::vector<StartLookup> lookups = effects_of<StartLookup>(scanned);
        EXPECT_EQ(lookups.size(), 1U);
        if (!lookups.empty()) {
            EXPECT_EQ(lookups[0].method, CheckinMethod::scan);
        }
    }
    std::vector<FlowEffect> effects = flow.handle(LookupAnswer{1, result, at(600)});
    const auto later = flow.handle(PrintOutcome{1, {}, at(3000)});
    effects.insert(effects.end(), later.begin(), later.end());
    return effects;
}

sync::CheckinResult outcome(sync::CheckinOutcome kind, const sync::Delegate& who) {
    sync::CheckinResult result;
    result.outcome = kind;
    result.code = who.code;
    result.delegate = who;
    if (kind == sync::CheckinOutcome::already_checked_in) {
        result.checked_in_at_milliseconds = 1'795'940'040'000;
    }
    return result;
}

std::string describe_effects(const std::vector<FlowEffect>& effects) {
    std::string text;
    for (const FlowEffect& effect : effects) {
        if (const auto* show = std::get_if<ShowScreen>(&effect)) {
            text += std::string(to_string(show->screen.screen)) + " " + show->screen.display_name + "; ";
        } else if (const auto* print = std::get_if<StartPrint>(&effect)) {
            text += fmt::format("print {}; ", print->delegate.code);
        } else if (const auto* sound = std::get_if<PlaySound>(&effect)) {
            text += std::string(to_string(sound->sound)) + "; ";
        } else if (const auto* alert = std::get_if<AlertStaff>(&effect)) {
            text += std::string(to_string(alert->alert)) + "; ";
        }
    }
    return text;
}

TEST(FlowFindByName, APickGoesThroughTheSameRulesAsAScanOfTheSameCode) {
    const sync::Delegate anna = person("CWD-ANNA0001", "Anna", "Kowalska", "Urząd Miasta Sanok");
    for (const sync::CheckinOutcome kind :
         {sync::CheckinOutcome::admitted, sync::CheckinOutcome::already_checked_in,
          sync::CheckinOutcome::cancelled, sync::CheckinOutcome::not_registered_today}) {
        SCOPED_TRACE(std::string(sync::to_string(kind)));
        const std::string by_scan = describe_effects(after_answer(false, outcome(kind, anna)));
        const std::string by_name = describe_effects(after_answer(true, outcome(kind, anna)));
        EXPECT_EQ(by_name, by_scan);
        EXPECT_FALSE(by_scan.empty());
    }
    EXPECT_EQ(describe_effects(after_answer(true, outcome(sync::CheckinOutcome::admitted, anna))),
              "print CWD-ANNA0001; success; welcome Anna Kowalska; take_badge Anna Kowalska; ");
}

TEST(FlowFindByName, ThePickOnlyTakesAListedIndex) {
    Flow flow(settings());
    search_surname(flow, "kowalska", 0);
    flow.handle(NameSearchAnswer{1, kowalskas(2), at(30)});
    EXPECT_TRUE(flow.handle(PickMatch{2, at(40)}).empty());
    EXPECT_EQ(flow.screen().screen, Screen::find_choose);
    // Not on another screen either.
    Flow other(settings());
    EXPECT_TRUE(other.handle(PickMatch{0, at(0)}).empty());
}

TEST(FlowFindByName, JournalOperatorSaysHowTheCheckInCame) {
    EXPECT_EQ(journal_operator(CheckinMethod::scan), "self-service");
    EXPECT_EQ(journal_operator(CheckinMethod::by_name), "self-service by name");
}

TEST(FlowFindByName, NoTouchForTheIdleTimeReturnsToAttractAndEachKeyRestartsIt) {
    const auto idle = FindByNameSettings{}.idle;
    Flow flow(settings());
    flow.handle(FindByName{at(0)});
    EXPECT_EQ(flow.screen().ends_at, at(0) + idle);
    type(flow, "k", 20'000);
    EXPECT_EQ(flow.screen().ends_at, at(20'000) + idle);
    flow.handle(Tick{at(20'000) + idle - 1ms});
    EXPECT_EQ(flow.screen().screen, Screen::find_surname);
    flow.handle(Tick{at(20'000) + idle});
    EXPECT_EQ(flow.screen().screen, Screen::attract);
    EXPECT_TRUE(flow.screen().typed.empty());

    // The list too: whoever walked away leaves nobody's first name on screen.
    search_surname(flow, "kowalska", 100'000);
    flow.handle(NameSearchAnswer{1, kowalskas(3), at(100'010)});
    flow.handle(Tick{at(100'010) + idle});
    EXPECT_EQ(flow.screen().screen, Screen::attract);
    EXPECT_TRUE(flow.screen().choices.empty());
}

TEST(FlowFindByName, SearchesPastTheLimitOfAMinuteAreNotRunAndAlertStaff) {
    Flow flow(settings());
    const std::size_t limit = FindByNameSettings{}.searches_per_minute;
    for (std::size_t index = 0; index < limit; ++index) {
        const auto effects = search_surname(flow, "nowak", static_cast<std::int64_t>(index) * 1000);
        ASSERT_EQ(effects_of<StartNameSearch>(effects).size(), 1U) << "search " << index;
        flow.handle(NameSearchAnswer{index + 1, std::vector<sync::Delegate>{},
                                     at(static_cast<std::int64_t>(index) * 1000 + 10)});
        flow.handle(Dismiss{at(static_cast<std::int64_t>(index) * 1000 + 20)});
    }
    const auto refused = search_surname(flow, "nowak", 10'000);
    EXPECT_TRUE(effects_of<StartNameSearch>(refused).empty());
    const std::vector<AlertStaff> alerts = effects_of<AlertStaff>(refused);
    ASSERT_EQ(alerts.size(), 1U);
    EXPECT_EQ(alerts[0].alert, StaffAlert::name_search_limited);
    EXPECT_FALSE(alerts[0].delegate.has_value());
    EXPECT_EQ(alerts[0].detail.find("nowak"), std::string::npos);
    // The same screen as no match: trying names learns nothing from the limit.
    EXPECT_EQ(flow.screen().screen, Screen::find_not_found);

    // A minute after the first search, one more may run.
    flow.handle(Dismiss{at(10'100)});
    const auto later = search_surname(flow, "nowak", 60'000);
    EXPECT_EQ(effects_of<StartNameSearch>(later).size(), 1U);
}

TEST(FlowFindByName, TypingKeepsLettersOnlyUpToTheLimitAndBackspaceTakesAWholeLetter) {
    Flow flow(settings());
    flow.handle(FindByName{at(0)});
    flow.handle(NameTyping{NameKey::type, "Wiś7niew@ska-Ko ł", at(10)});
    EXPECT_EQ(flow.screen().typed, "Wiśniewska-Ko ł");
    flow.handle(NameTyping{NameKey::backspace, {}, at(20)});
    EXPECT_EQ(flow.screen().typed, "Wiśniewska-Ko ");
    flow.handle(NameTyping{NameKey::type, "\x01\xff\n", at(30)});
    EXPECT_EQ(flow.screen().typed, "Wiśniewska-Ko ");

    Flow long_name(settings());
    long_name.handle(FindByName{at(0)});
    long_name.handle(NameTyping{NameKey::type, std::string(100, 'a'), at(10)});
    EXPECT_EQ(long_name.screen().typed, std::string(maximum_typed_name_characters, 'a'));
    long_name.handle(NameTyping{NameKey::type, "ż", at(20)});
    EXPECT_EQ(long_name.screen().typed.size(), maximum_typed_name_characters);
}

TEST(FlowFindByName, SearchWithoutALetterDoesNothing) {
    Flow flow(settings());
    flow.handle(FindByName{at(0)});
    flow.handle(NameTyping{NameKey::type, " - ", at(10)});
    const auto effects = flow.handle(NameTyping{NameKey::search, {}, at(20)});
    EXPECT_TRUE(effects_of<StartNameSearch>(effects).empty());
    EXPECT_EQ(flow.screen().screen, Screen::find_surname);
}

TEST(FlowFindByName, BackGoesOneStepAtATime) {
    Flow flow(settings());
    search_surname(flow, "pietrzak", 0);
    flow.handle(NameSearchAnswer{1, kowalskas(8), at(30)});
    type(flow, "an", 40);
    flow.handle(NameTyping{NameKey::back, {}, at(50)});
    EXPECT_EQ(flow.screen().screen, Screen::find_surname);
    EXPECT_EQ(flow.screen().typed, "pietrzak") << "the surname stays to be corrected";
    flow.handle(NameTyping{NameKey::back, {}, at(60)});
    EXPECT_EQ(flow.screen().screen, Screen::attract);

    search_surname(flow, "nowak", 100);
    flow.handle(NameSearchAnswer{2, kowalskas(2), at(130)});
    flow.handle(NameTyping{NameKey::back, {}, at(140)});
    EXPECT_EQ(flow.screen().screen, Screen::find_surname);
    EXPECT_TRUE(flow.screen().typed.empty());
    EXPECT_TRUE(flow.screen().choices.empty());
}

TEST(FlowFindByName, AScanWhileTypingIsLookedUpAtOnce) {
    Flow flow(settings());
    flow.handle(FindByName{at(0)});
    type(flow, "kow", 10);
    const auto effects = flow.handle(ScanInput{"CWD-K72UFRSS", at(20)});
    const std::vector<StartLookup> lookups = effects_of<StartLookup>(effects);
    ASSERT_EQ(lookups.size(), 1U);
    EXPECT_EQ(lookups[0].method, CheckinMethod::scan);
    EXPECT_EQ(flow.screen().screen, Screen::looking_up);
    EXPECT_TRUE(flow.screen().typed.empty());
}

TEST(FlowFindByName, AFailedOrSilentSearchGivesLookupFailedAndALateAnswerIsDropped) {
    Flow failing(settings());
    search_surname(failing, "nowak", 0);
    const auto failed =
        failing.handle(NameSearchAnswer{1, sync::fail(sync::Error::storage("database is locked")), at(30)});
    EXPECT_EQ(screens_of(failed), std::vector<Screen>{Screen::lookup_failed});
    ASSERT_EQ(effects_of<AlertStaff>(failed).size(), 1U);
    EXPECT_EQ(effects_of<AlertStaff>(failed)[0].alert, StaffAlert::lookup_failed);

    Flow silent(settings());
    search_surname(silent, "nowak", 0);
    silent.handle(Tick{at(0) + FlowTimings{}.lookup_timeout});
    EXPECT_EQ(silent.screen().screen, Screen::lookup_failed);
    EXPECT_FALSE(silent.awaiting_name_search());
    EXPECT_TRUE(silent.handle(NameSearchAnswer{1, kowalskas(1), at(8000)}).empty());
    EXPECT_EQ(silent.screen().screen, Screen::lookup_failed);
}

TEST(FlowFindByName, TheLanguageSwitchKeepsWhatIsTyped) {
    Flow flow(settings());
    flow.handle(FindByName{at(0)});
    type(flow, "zak", 10);
    flow.handle(ToggleLanguage{at(20)});
    EXPECT_EQ(flow.screen().language, Language::en);
    EXPECT_EQ(flow.screen().screen, Screen::find_surname);
    EXPECT_EQ(flow.screen().typed, "zak");
    EXPECT_EQ(flow.screen().ends_at, at(20) + FindByNameSettings{}.idle);
}

// Random inputs along the find-yourself path and around it: the rules that must always hold.
TEST(FlowFindByNameProperties, RandomInputsKeepThePrivacyAndLimitRules) {
    std::mt19937 random(17);
    const auto pick = [&](int low, int high) {
        return std::uniform_int_distribution<int>(low, high)(random);
    };
    int searches = 0;
    int picks = 0;
    for (int run = 0; run < 300; ++run) {
        Flow flow(settings());
        FlowTime now = origin;
        std::deque<FlowTime> search_times;
        std::vector<std::string> listed_codes; // the codes of the last answer the Flow listed
        RequestId last_search = 0;
        std::vector<sync::Delegate> last_answer;
        for (int step = 0; step < 150; ++step) {
            now += milliseconds(pick(0, 100) < 10 ? pick(5'000, 40'000) : pick(0, 2'000));
            FlowInput input = Tick{now};
            switch (pick(0, 11)) {
            case 0:
                input = FindByName{now};
                break;
            case 1:
            case 2:
                input = NameTyping{NameKey::type, pick(0, 1) ? "nowak" : "Ż-x 9", now};
                break;
            case 3:
                input = NameTyping{NameKey::search, {}, now};
                break;
            case 4:
                input = NameTyping{pick(0, 1) ? NameKey::back : NameKey::backspace, {}, now};
                break;
            case 5:
            case 6: {
                last_answer = kowalskas(static_cast<std::size_t>(pick(0, 7)));
                // Mostly the answer the Flow waits for; now and then a stale or unknown one.
                const RequestId id = pick(0, 99) < 80
                                         ? last_search
                                         : static_cast<RequestId>(pick(0, static_cast<int>(last_search) + 1));
                input = NameSearchAnswer{id, last_answer, now};
                break;
            }
            case 7:
                input = PickMatch{static_cast<std::size_t>(pick(0, 5)), now};
                break;
            case 8:
                input = ScanInput{"SER-0001", now};
                break;
            case 9:
                input = LookupAnswer{static_cast<RequestId>(pick(1, 3)),
                                     pick(0, 1) ? sync::Result<sync::CheckinResult>(sync::CheckinResult{})
                                                : sync::fail(sync::Error::storage("locked")),
                                     now};
                break;
            case 10:
                input = Dismiss{now};
                break;
            default:
                break;
            }
            const bool answered_listing = std::holds_alternative<NameSearchAnswer>(input);
            const std::vector<FlowEffect> effects = flow.handle(input);
            for (const StartNameSearch& search : effects_of<StartNameSearch>(effects)) {
                ++searches;
                last_search = search.search;
                EXPECT_EQ(search.limit, maximum_name_matches + 1);
                EXPECT_FALSE(sync::search_tokens(search.surname).empty()) << "a search for nothing";
                while (!search_times.empty() && now - search_times.front() >= std::chrono::minutes(1)) {
                    search_times.pop_front();
                }
                search_times.push_back(now);
                EXPECT_LE(search_times.size(), FindByNameSettings{}.searches_per_minute) << "over the limit";
            }
            for (const StartLookup& lookup : effects_of<StartLookup>(effects)) {
                if (lookup.method == CheckinMethod::by_name) {
                    ++picks;
                    ASSERT_TRUE(std::holds_alternative<PickMatch>(input)) << "by name without a pick";
                    EXPECT_NE(std::ranges::find(listed_codes, lookup.payload), listed_codes.end())
                        << "picked someone who was not listed";
                }
            }
            const ScreenModel& screen = flow.screen();
            if (screen.screen == Screen::find_choose) {
                EXPECT_GE(screen.choices.size(), 1U);
                EXPECT_LE(screen.choices.size(), maximum_name_matches);
                if (answered_listing && !effects.empty()) {
                    listed_codes.clear();
                    for (std::size_t index = 0; index < screen.choices.size(); ++index) {
                        listed_codes.push_back(last_answer[index].code);
                    }
                }
            } else {
                EXPECT_TRUE(screen.choices.empty()) << to_string(screen.screen) << " keeps a list";
            }
            EXPECT_LE(base_characters(screen.typed), maximum_typed_name_characters);
            EXPECT_TRUE(screen.display_name.empty() || screen.screen != Screen::find_choose);
        }
        // Quiet time: back to attract, nothing typed or listed left on screen.
        flow.handle(Tick{now + 1h});
        EXPECT_EQ(flow.screen().screen, Screen::attract);
        EXPECT_TRUE(flow.screen().typed.empty());
        EXPECT_TRUE(flow.screen().choices.empty());
        EXPECT_FALSE(flow.awaiting_name_search());
    }
    EXPECT_GT(searches, 150);
    EXPECT_GT(picks, 10); // a pick needs a list on screen and an index on it: the rarest path
}

} // namespace
} // namespace checkin::kiosk
