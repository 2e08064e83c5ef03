// The rules an event must keep (event_checks.hpp), as pure functions: each rule on its own, the same
// batch judged as a push (the sender's kiosk known) and as a pull (every kiosk's events).

#include "base/clock.hpp"
#include "sync/protocol/event_checks.hpp"

#include <gtest/gtest.h>

namespace checkin::sync {
namespace {

constexpr Day first_day{std::chrono::year{2026}, std::chrono::November, std::chrono::day{29}};
constexpr Day second_day{std::chrono::year{2026}, std::chrono::November, std::chrono::day{30}};

// Noon UTC on `day`: that day in every zone from UTC-11 to UTC+11.
std::int64_t noon(Day day) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::sys_days{day}.time_since_epoch() + std::chrono::hours{12})
        .count();
}

CheckinEvent checkin(std::string id, std::string code, std::string kiosk = "kiosk-1", Day day = first_day) {
    CheckinEvent event;
    event.id = std::move(id);
    event.delegate_code = std::move(code);
    event.kind = EventKind::checkin;
    event.at_milliseconds = noon(day);
    event.day = day;
    event.kiosk_id = std::move(kiosk);
    event.operator_name = "self-service";
    return event;
}

CheckinEvent undo(std::string id, const CheckinEvent& undone) {
    CheckinEvent event = undone;
    event.id = std::move(id);
    event.kind = EventKind::undo;
    event.undoes = undone.id;
    event.reason = "wrong person";
    return event;
}

EventRules push_rules() {
    EventRules rules;
    rules.event_days = {first_day, second_day};
    rules.now_milliseconds = noon(second_day);
    rules.sender_kiosk = "kiosk-1";
    return rules;
}

HeldFacts held_roster() {
    HeldFacts held;
    held.roster_codes = {"abc-1", "abc-2"};
    held.checkins = {{"held-checkin", "abc-2"}};
    return held;
}

std::vector<std::string> refused_ids(const BatchVerdict& verdict) {
    std::vector<std::string> ids;
    for (const auto& refused : verdict.refused_events) {
        ids.push_back(refused.id);
    }
    return ids;
}

TEST(EventChecks, TextsAreCappedInCharactersAndFreeOfControlAndReorderingCharacters) {
    EXPECT_EQ(text_problem("Łucja Żółć", 10), std::nullopt) << "ten characters, more bytes";
    EXPECT_EQ(text_problem("Łucja Żółćx", 10), "is longer than 10 characters");
    EXPECT_EQ(text_problem("a\tb", 10), "holds control characters");
    EXPECT_EQ(text_problem("a\u0085b", 10), "holds control characters") << "C1 controls too";
    for (const char* reordering : {"\u202A", "\u202E", "\u2066", "\u2069", "\u200E", "\u200F"}) {
        EXPECT_EQ(text_problem(std::string("Anna") + reordering, 10), "holds characters that reorder text");
    }
    EXPECT_EQ(text_problem("\u200D", 10), std::nullopt) << "a zero-width joiner reorders nothing";
    EXPECT_EQ(text_problem("\xC3", 10), "is not valid UTF-8");
}

TEST(EventChecks, APushIsJudgedRuleByRule) {
    auto at_kiosk_2 = checkin("other-kiosk", "ABC-1", "kiosk-2");
    auto unknown = checkin("unknown", "XYZ-9");
    auto two_days_before = checkin("two-days-before", "abc-1", "kiosk-1",
                                   Day{std::chrono::year{2026}, std::chrono::November, std::chrono::day{27}});
    auto future = checkin("future", "abc-1", "kiosk-1", second_day);
    future.at_milliseconds = *push_rules().now_milliseconds + future_tolerance_milliseconds + 1;
    auto just_ahead = checkin("just-ahead", "abc-1", "kiosk-1", second_day);
    just_ahead.at_milliseconds = *push_rules().now_milliseconds + future_tolerance_milliseconds;
    auto long_operator = checkin("long-operator", "abc-1");
    long_operator.operator_name = std::string(operator_maximum_characters + 1, 'o');
    const auto fine = checkin("fine", "abc-1");
    const auto undo_fine = undo("undo-fine", fine);
    const auto undo_held = undo("undo-held", checkin("held-checkin", "ABC-2"));
    auto undo_wrong_person = undo("undo-wrong-person", checkin("held-checkin", "abc-1"));

    const auto verdict = check_batch({at_kiosk_2, unknown, two_days_before, future, just_ahead, long_operator,
                                      fine, undo_fine, undo_held, undo_wrong_person},
                                     {}, push_rules(), held_roster());
    EXPECT_EQ(refused_ids(verdict),
              (std::vector<std::string>{"other-kiosk", "unknown", "two-days-before", "future",
                                        "long-operator", "undo-wrong-person"}));
    EXPECT_EQ(verdict.refused_events[4].reason, "the operator is longer than 64 characters");
}

TEST(EventChecks, AnUndoCountsOnlyAnEarlierAcceptedCheckInOfTheBatch) {
    auto refused_checkin = checkin("refused", "abc-1");
    refused_checkin.reason = std::string(reason_maximum_characters + 1, 'r');
    const auto undo_first = checkin("later", "abc-1");
    const auto verdict = check_batch({undo("undo-before", undo_first), undo_first,
                                      undo("undo-of-refused", refused_checkin), refused_checkin},
                                     {}, push_rules(), held_roster());
    EXPECT_EQ(refused_ids(verdict), (std::vector<std::string>{"undo-before", "undo-of-refused", "refused"}));
}

TEST(EventChecks, APullAcceptsEveryKiosksEventsAndKeepsTheOtherRules) {
    auto rules = push_rules();
    rules.sender_kiosk.reset();
    const auto verdict = check_batch({checkin("k2", "abc-1", "kiosk-2"), checkin("k3", "abc-2", "Wejście B"),
                                      checkin("unknown", "XYZ-9", "kiosk-2")},
                                     {}, rules, held_roster());
    EXPECT_EQ(refused_ids(verdict), std::vector<std::string>{"unknown"});
}

TEST(EventChecks, WalkInsBringTheirCodesUnlessTheirTextsAreRefused) {
    Delegate good;
    good.code = "W-AAAA0001";
    good.first_name = "Ewa";
    good.last_name = "Nowak";
    Delegate bad = good;
    bad.code = "W-BBBB0001";
    bad.organisation = "Firma\u202Eamrif";
    Delegate nameless = good;
    nameless.code = "W-CCCC0001";
    nameless.last_name.clear();
    const auto verdict = check_batch({checkin("good", "w-aaaa0001"), checkin("bad", "W-BBBB0001")},
                                     {good, bad, nameless}, push_rules(), held_roster());
    EXPECT_EQ(verdict.refused_walk_ins, (std::vector<std::size_t>{1, 2}));
    EXPECT_EQ(verdict.walk_in_reasons,
              (std::vector<std::string>{"the organisation holds characters that reorder text",
                                        "a walk-in needs a first and a last name"}));
    ASSERT_EQ(refused_ids(verdict), std::vector<std::string>{"bad"});
    EXPECT_EQ(verdict.refused_events[0].reason,
              "its walk-in was refused: the organisation holds characters that reorder text");
}

TEST(EventChecks, WithoutEventDaysOnlyTheFutureRuleLimitsTime) {
    auto rules = push_rules();
    rules.event_days.clear();
    const auto verdict =
        check_batch({checkin("long-ago", "abc-1", "kiosk-1",
                             Day{std::chrono::year{2020}, std::chrono::January, std::chrono::day{1}})},
                    {}, rules, held_roster());
    EXPECT_TRUE(verdict.refused_events.empty());
}

} // namespace
} // namespace checkin::sync
