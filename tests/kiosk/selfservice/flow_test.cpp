#include "kiosk/selfservice/flow.hpp"

#include <algorithm>
#include <chrono>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <map>
#include <ostream>
#include <random>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace checkin::kiosk {
namespace {

using namespace std::chrono_literals;
using std::chrono::milliseconds;

// An arbitrary steady-clock origin: the Flow must not care where time starts.
const FlowTime origin = FlowTime{} + 1000h;

FlowTime at(std::int64_t offset_milliseconds) {
    return origin + milliseconds(offset_milliseconds);
}

// The venue in winter, fixed so the tests do not depend on the machine's zone: UTC+1.
ClockTime utc_plus_one(std::int64_t unix_milliseconds) {
    const std::int64_t minutes = (unix_milliseconds / 60'000 + 60) % (24 * 60);
    return ClockTime{static_cast<unsigned>(minutes / 60), static_cast<unsigned>(minutes % 60)};
}

FlowSettings test_settings(FlowTimings timings = {}) {
    return FlowSettings{timings, Language::pl, utc_plus_one, FindByNameSettings{}};
}

// 2026-11-29 08:14 UTC, 9:14 at the venue.
std::int64_t nine_fourteen() {
    using namespace std::chrono;
    const auto time = sys_days{2026y / November / 29} + 8h + 14min;
    return duration_cast<milliseconds>(time.time_since_epoch()).count();
}

sync::Delegate delegate(std::string code, std::string first_name, std::string last_name,
                        std::vector<sync::Day> days = {}) {
    sync::Delegate result;
    result.code = std::move(code);
    result.first_name = std::move(first_name);
    result.last_name = std::move(last_name);
    result.organisation = "Gmina Serock";
    result.role = "delegate";
    result.days = std::move(days);
    return result;
}

sync::Delegate anna() {
    return delegate("SER-0001", "Anna", "Kowalska");
}

sync::Delegate jan() {
    using namespace std::chrono;
    return delegate("SER-0002", "Jan", "Nowak", {sync::Day{2026y / November / 30}});
}

sync::CheckinResult result_of(sync::CheckinOutcome outcome, std::optional<sync::Delegate> who,
                              std::string code) {
    sync::CheckinResult result;
    result.outcome = outcome;
    result.code = std::move(code);
    result.delegate = std::move(who);
    return result;
}

sync::CheckinResult admitted(const sync::Delegate& who) {
    sync::CheckinResult result = result_of(sync::CheckinOutcome::admitted, who, who.code);
    result.event_id = "8a1c2e4f-0000-4000-8000-000000000001";
    return result;
}

sync::CheckinResult already(const sync::Delegate& who, std::optional<std::int64_t> when = nine_fourteen()) {
    sync::CheckinResult result = result_of(sync::CheckinOutcome::already_checked_in, who, who.code);
    result.checked_in_at_milliseconds = when;
    return result;
}

sync::CheckinResult unknown(std::string code) {
    return result_of(sync::CheckinOutcome::unknown_code, std::nullopt, std::move(code));
}

sync::CheckinResult cancelled(const sync::Delegate& who) {
    return result_of(sync::CheckinOutcome::cancelled, who, who.code);
}

sync::CheckinResult not_today(const sync::Delegate& who) {
    return result_of(sync::CheckinOutcome::not_registered_today, who, who.code);
}

sync::CheckinResult unreadable() {
    sync::CheckinResult result = result_of(sync::CheckinOutcome::unreadable_code, std::nullopt, "");
    result.detail = "the payload is empty";
    return result;
}

// Inputs at a time in milliseconds after `origin`.
FlowInput scan(std::int64_t time, std::string payload) {
    return ScanInput{std::move(payload), at(time)};
}
FlowInput answer(std::int64_t time, RequestId lookup, sync::CheckinResult result) {
    return LookupAnswer{lookup, std::move(result), at(time)};
}
FlowInput answer_error(std::int64_t time, RequestId lookup, std::string message) {
    return LookupAnswer{lookup, sync::fail(sync::Error::storage(std::move(message))), at(time)};
}
FlowInput printed(std::int64_t time, RequestId print) {
    return PrintOutcome{print, {}, at(time)};
}
FlowInput print_failed(std::int64_t time, RequestId print, drivers::Problem problem) {
    return PrintOutcome{print, drivers::fail(problem, "status: no media"), at(time)};
}
FlowInput tick(std::int64_t time) {
    return Tick{at(time)};
}
FlowInput toggle(std::int64_t time) {
    return ToggleLanguage{at(time)};
}
FlowInput touch(std::int64_t time) {
    return Dismiss{at(time)};
}

std::string_view language_name(Language language) {
    return language == Language::pl ? "pl" : "en";
}

// One line per effect, so a scenario reads as a script and a failure shows the whole sequence.
std::string describe(const FlowEffect& effect) {
    struct Describer {
        std::string operator()(const StartLookup& lookup) const {
            return fmt::format("lookup {} {}", lookup.lookup, lookup.payload);
        }
        std::string operator()(const StartNameSearch& search) const {
            return fmt::format("name search {}", search.search);
        }
        std::string operator()(const StartPrint& print) const {
            return fmt::format("print {} {}{}", print.print, print.delegate.code,
                               print.reprint == Reprint::yes ? " reprint" : "");
        }
        std::string operator()(const PlaySound& sound) const {
            return fmt::format("sound {}", to_string(sound.sound));
        }
        std::string operator()(const AlertStaff& alert) const {
            std::string text = fmt::format("alert {}", to_string(alert.alert));
            if (alert.delegate) {
                text += " " + alert.delegate->code;
            }
            if (alert.problem) {
                text += fmt::format(" {}", drivers::problem_name(*alert.problem));
            }
            return text;
        }
        std::string operator()(const ShowScreen& show) const {
            std::string text = fmt::format("screen {} {}", to_string(show.screen.screen),
                                           language_name(show.screen.language));
            if (!show.screen.display_name.empty()) {
                text += " " + show.screen.display_name;
            }
            return text;
        }
    };
    return std::visit(Describer{}, effect);
}

std::vector<std::string> describe(const std::vector<FlowEffect>& effects) {
    std::vector<std::string> lines;
    for (const FlowEffect& effect : effects) {
        lines.push_back(describe(effect));
    }
    return lines;
}

// Every text on a screen has all its placeholders filled.
void expect_complete_messages(const ScreenModel& screen) {
    std::vector<Message> messages = screen.details;
    messages.push_back(screen.heading);
    if (screen.next_step) {
        messages.push_back(*screen.next_step);
    }
    messages.push_back(screen.language_switch);
    for (const Message& message : messages) {
        EXPECT_TRUE(missing_parameters(message).empty())
            << to_string(screen.screen) << ": " << message_name(message.id) << " lacks a parameter";
    }
}

void expect_complete_messages(const std::vector<FlowEffect>& effects) {
    for (const FlowEffect& effect : effects) {
        if (const auto* show = std::get_if<ShowScreen>(&effect)) {
            expect_complete_messages(show->screen);
        }
    }
}

// --- The scenario table ----------------------------------------------------------------------------------

struct Step {
    FlowInput input;
    std::vector<std::string> effects;
};

struct Scenario {
    std::string name;
    std::vector<Step> steps;
    FlowTimings timings{};
};

using Lines = std::vector<std::string>;

// With the default timings: lookup 7 s, print 15 s, welcome at least 2 s, take_badge 6 s, refusals 8 s,
// printer problem 15 s, attract in English 30 s.
std::vector<Scenario> scenarios() {
    const std::string looking_up = "screen looking_up pl";
    const std::string attract = "screen attract pl";
    const std::string welcome = "screen welcome pl Anna Kowalska";
    const std::string take_badge = "screen take_badge pl Anna Kowalska";
    return {
        {"success",
         {
             {scan(0, "SER-0001"), {"lookup 1 SER-0001", looking_up}},
             {answer(30, 1, admitted(anna())), {"print 1 SER-0001", "sound success", welcome}},
             {tick(2500), {}},
             {printed(3000, 1), {take_badge}},
             {tick(8999), {}},
             {tick(9000), {attract}},
         }},
        // A badge pre-printed on a sheet waits at reception: checked in, nothing printed, the errand shown
        // for the printer problem's 15 s; the same invitation read again changes nothing.
        {"pre_printed_badge_waits_at_reception",
         {
             {scan(0, "SER-0001"), {"lookup 1 SER-0001", looking_up}},
             {answer(30, 1,
                     [] {
                         sync::CheckinResult result = admitted(anna());
                         result.badge_at_reception = true;
                         return result;
                     }()),
              {"sound success", "screen badge_at_reception pl Anna Kowalska"}},
             {scan(5000, "SER-0001"), {}},
             {tick(15029), {}},
             {tick(15030), {attract}},
         }},
        {"fast_print_keeps_the_welcome_for_its_minimum",
         {
             {scan(0, "SER-0001"), {"lookup 1 SER-0001", looking_up}},
             {answer(30, 1, admitted(anna())), {"print 1 SER-0001", "sound success", welcome}},
             {printed(400, 1), {}},
             {tick(2029), {}},
             {tick(2030), {take_badge}},
             {tick(8029), {}},
             {tick(8030), {attract}},
         }},
        {"already_checked_in",
         {
             {scan(0, "SER-0001"), {"lookup 1 SER-0001", looking_up}},
             {answer(30, 1, already(anna())),
              {"sound refusal", "screen already_checked_in pl Anna Kowalska"}},
             {tick(8029), {}},
             {tick(8030), {attract}},
         }},
        {"unknown_code",
         {
             {scan(0, "XYZ-9999"), {"lookup 1 XYZ-9999", looking_up}},
             {answer(30, 1, unknown("XYZ-9999")), {"sound refusal", "screen unknown_code pl"}},
             {tick(8030), {attract}},
         }},
        {"cancelled",
         {
             {scan(0, "SER-0001"), {"lookup 1 SER-0001", looking_up}},
             {answer(30, 1, cancelled(anna())), {"sound refusal", "screen cancelled pl Anna Kowalska"}},
             {tick(8030), {attract}},
         }},
        {"not_registered_today",
         {
             {scan(0, "SER-0002"), {"lookup 1 SER-0002", looking_up}},
             {answer(30, 1, not_today(jan())), {"sound refusal", "screen not_registered_today pl Jan Nowak"}},
             {tick(8030), {attract}},
         }},
        {"unreadable_code",
         {
             {scan(0, ""), {"lookup 1 ", looking_up}},
             {answer(30, 1, unreadable()), {"sound refusal", "screen unreadable_code pl"}},
             {tick(8030), {attract}},
         }},
        {"printer_problem",
         {
             {scan(0, "SER-0001"), {"lookup 1 SER-0001", looking_up}},
             {answer(30, 1, admitted(anna())), {"print 1 SER-0001", "sound success", welcome}},
             {print_failed(4000, 1, drivers::Problem::no_media),
              {"sound problem", "alert printer_problem SER-0001 no_media",
               "screen printer_problem pl Anna Kowalska"}},
             {tick(18999), {}},
             {tick(19000), {attract}},
         }},
        {"print_without_an_answer_is_a_printer_problem",
         {
             {scan(0, "SER-0001"), {"lookup 1 SER-0001", looking_up}},
             {answer(30, 1, admitted(anna())), {"print 1 SER-0001", "sound success", welcome}},
             {tick(15029), {}},
             {tick(15030),
              {"sound problem", "alert printer_problem SER-0001 timeout",
               "screen printer_problem pl Anna Kowalska"}},
             {tick(30030), {attract}},
         }},
        {"late_print_while_the_problem_shows_turns_into_take_badge",
         {
             {scan(0, "SER-0001"), {"lookup 1 SER-0001", looking_up}},
             {answer(30, 1, admitted(anna())), {"print 1 SER-0001", "sound success", welcome}},
             {tick(15030),
              {"sound problem", "alert printer_problem SER-0001 timeout",
               "screen printer_problem pl Anna Kowalska"}},
             {printed(20000, 1), {"sound success", "alert badge_printed_late SER-0001", take_badge}},
             {tick(25999), {}},
             {tick(26000), {attract}},
         }},
        {"late_print_after_attract_only_alerts_staff",
         {
             {scan(0, "SER-0001"), {"lookup 1 SER-0001", looking_up}},
             {answer(30, 1, admitted(anna())), {"print 1 SER-0001", "sound success", welcome}},
             {tick(30030),
              {"sound problem", "alert printer_problem SER-0001 timeout",
               "screen printer_problem pl Anna Kowalska", attract}},
             {printed(31000, 1), {"alert badge_printed_late SER-0001"}},
             {printed(31500, 1), {}},
         }},
        {"late_print_failure_is_ignored",
         {
             {scan(0, "SER-0001"), {"lookup 1 SER-0001", looking_up}},
             {answer(30, 1, admitted(anna())), {"print 1 SER-0001", "sound success", welcome}},
             {tick(15030),
              {"sound problem", "alert printer_problem SER-0001 timeout",
               "screen printer_problem pl Anna Kowalska"}},
             {print_failed(16000, 1, drivers::Problem::cover_open), {}},
         }},
        {"lookup_without_an_answer",
         {
             {scan(0, "SER-0001"), {"lookup 1 SER-0001", looking_up}},
             {tick(6999), {}},
             {tick(7000), {"sound problem", "alert lookup_failed", "screen lookup_failed pl"}},
             {tick(14999), {}},
             {tick(15000), {attract}},
         }},
        {"lookup_error",
         {
             {scan(0, "SER-0001"), {"lookup 1 SER-0001", looking_up}},
             {answer_error(40, 1, "the database is locked"),
              {"sound problem", "alert lookup_failed", "screen lookup_failed pl"}},
             {tick(8040), {attract}},
         }},
        {"late_answer_while_lookup_failed_shows_is_taken",
         {
             {scan(0, "SER-0001"), {"lookup 1 SER-0001", looking_up}},
             {tick(7000), {"sound problem", "alert lookup_failed", "screen lookup_failed pl"}},
             {answer(9000, 1, admitted(anna())), {"print 1 SER-0001", "sound success", welcome}},
             {printed(12000, 1), {take_badge}},
         }},
        {"a_late_answer_is_taken_once",
         {
             {scan(0, "SER-0001"), {"lookup 1 SER-0001", looking_up}},
             {tick(7000), {"sound problem", "alert lookup_failed", "screen lookup_failed pl"}},
             {answer(9000, 1, admitted(anna())), {"print 1 SER-0001", "sound success", welcome}},
             {answer(9100, 1, admitted(anna())), {}},
         }},
        {"late_admission_after_a_new_scan_alerts_staff_and_prints_nothing",
         {
             {scan(0, "SER-0001"), {"lookup 1 SER-0001", looking_up}},
             {tick(7000), {"sound problem", "alert lookup_failed", "screen lookup_failed pl"}},
             {scan(8000, "SER-0002"), {"lookup 2 SER-0002", looking_up}},
             {answer(8100, 1, admitted(anna())), {"alert checked_in_without_badge SER-0001"}},
             {answer(8200, 2, not_today(jan())),
              {"sound refusal", "screen not_registered_today pl Jan Nowak"}},
         }},
        {"late_refusal_after_attract_is_ignored",
         {
             {scan(0, "SER-0001"), {"lookup 1 SER-0001", looking_up}},
             {tick(15000), {"sound problem", "alert lookup_failed", "screen lookup_failed pl", attract}},
             {answer(16000, 1, unknown("SER-0001")), {}},
         }},
        {"answers_nobody_asked_for_are_ignored",
         {
             {answer(0, 42, admitted(anna())), {}},
             {printed(10, 7), {}},
             {scan(20, "SER-0001"), {"lookup 1 SER-0001", looking_up}},
             {answer(30, 2, admitted(anna())), {}},
             {answer(40, 1, unknown("SER-0001")), {"sound refusal", "screen unknown_code pl"}},
             {answer(50, 1, admitted(anna())), {}},
         }},
        {"admission_without_a_delegate_is_a_lookup_failure",
         {
             {scan(0, "SER-0001"), {"lookup 1 SER-0001", looking_up}},
             {answer(30, 1, result_of(sync::CheckinOutcome::admitted, std::nullopt, "SER-0001")),
              {"sound problem", "alert lookup_failed", "screen lookup_failed pl"}},
         }},
        {"scans_while_looking_up_are_ignored",
         {
             {scan(0, "SER-0001"), {"lookup 1 SER-0001", looking_up}},
             {scan(15, "SER-0001"), {}},
             {scan(20, "SER-0002"), {}},
             {answer(30, 1, admitted(anna())), {"print 1 SER-0001", "sound success", welcome}},
         }},
        {"scans_while_printing_are_ignored",
         {
             {scan(0, "SER-0001"), {"lookup 1 SER-0001", looking_up}},
             {answer(30, 1, admitted(anna())), {"print 1 SER-0001", "sound success", welcome}},
             {scan(1000, "SER-0001"), {}},
             {scan(1500, "SER-0002"), {}},
             {printed(1800, 1), {}},
             {scan(1900, "SER-0002"), {}}, // still the welcome screen, until its minimum is over
             {tick(2030), {take_badge}},
         }},
        {"the_admitted_code_read_again_on_take_badge_is_ignored",
         {
             {scan(0, "SER-0001"), {"lookup 1 SER-0001", looking_up}},
             {answer(30, 1, admitted(anna())), {"print 1 SER-0001", "sound success", welcome}},
             {printed(3000, 1), {take_badge}},
             {scan(3500, "SER-0001"), {}},
             {tick(9000), {attract}},
             // Back on attract the same invitation is looked up again, and refused.
             {scan(9500, "SER-0001"), {"lookup 2 SER-0001", looking_up}},
             {answer(9530, 2, already(anna())),
              {"sound refusal", "screen already_checked_in pl Anna Kowalska"}},
         }},
        {"another_code_on_take_badge_starts_a_lookup_at_once",
         {
             {scan(0, "SER-0001"), {"lookup 1 SER-0001", looking_up}},
             {answer(30, 1, admitted(anna())), {"print 1 SER-0001", "sound success", welcome}},
             {printed(3000, 1), {take_badge}},
             {scan(3500, "SER-0002"), {"lookup 2 SER-0002", looking_up}},
             {answer(3530, 2, not_today(jan())),
              {"sound refusal", "screen not_registered_today pl Jan Nowak"}},
         }},
        {"the_admitted_code_read_again_on_printer_problem_is_ignored",
         {
             {scan(0, "SER-0001"), {"lookup 1 SER-0001", looking_up}},
             {answer(30, 1, admitted(anna())), {"print 1 SER-0001", "sound success", welcome}},
             {print_failed(3000, 1, drivers::Problem::end_of_media),
              {"sound problem", "alert printer_problem SER-0001 end_of_media",
               "screen printer_problem pl Anna Kowalska"}},
             {scan(3500, "SER-0001"), {}},
             {scan(4000, "SER-0002"), {"lookup 2 SER-0002", looking_up}},
         }},
        {"any_scan_on_a_refusal_starts_a_lookup_at_once",
         {
             {scan(0, "XYZ"), {"lookup 1 XYZ", looking_up}},
             {answer(30, 1, unknown("XYZ")), {"sound refusal", "screen unknown_code pl"}},
             {scan(1000, "XYZ"), {"lookup 2 XYZ", looking_up}},
             {answer(1030, 2, unknown("XYZ")), {"sound refusal", "screen unknown_code pl"}},
             {scan(2000, "SER-0001"), {"lookup 3 SER-0001", looking_up}},
             {answer(2030, 3, admitted(anna())), {"print 1 SER-0001", "sound success", welcome}},
         }},
        {"a_scan_on_lookup_failed_retries",
         {
             {scan(0, "SER-0001"), {"lookup 1 SER-0001", looking_up}},
             {answer_error(40, 1, "disk I/O error"),
              {"sound problem", "alert lookup_failed", "screen lookup_failed pl"}},
             {scan(1000, "SER-0001"), {"lookup 2 SER-0001", looking_up}},
             {answer(1030, 2, admitted(anna())), {"print 1 SER-0001", "sound success", welcome}},
         }},
        {"english_chosen_on_attract_carries_through_and_resets_on_attract",
         {
             {toggle(0), {"screen attract en"}},
             {scan(1000, "SER-0001"), {"lookup 1 SER-0001", "screen looking_up en"}},
             {answer(1030, 1, admitted(anna())),
              {"print 1 SER-0001", "sound success", "screen welcome en Anna Kowalska"}},
             {printed(4000, 1), {"screen take_badge en Anna Kowalska"}},
             {tick(10000), {attract}},
         }},
        {"english_left_on_attract_goes_back_to_polish",
         {
             {toggle(0), {"screen attract en"}},
             {tick(29999), {}},
             {tick(30000), {attract}},
             {tick(90000), {}},
         }},
        {"switching_back_on_attract_needs_no_reset",
         {
             {toggle(0), {"screen attract en"}},
             {toggle(1000), {"screen attract pl"}},
             {tick(90000), {}},
         }},
        {"the_switch_restarts_a_result_screens_reading_time",
         {
             {scan(0, "XYZ"), {"lookup 1 XYZ", looking_up}},
             {answer(30, 1, unknown("XYZ")), {"sound refusal", "screen unknown_code pl"}},
             {toggle(7000), {"screen unknown_code en"}},
             {tick(14999), {}},
             {tick(15000), {attract}},
         }},
        {"the_switch_while_printing_keeps_the_print_timeout",
         {
             {scan(0, "SER-0001"), {"lookup 1 SER-0001", looking_up}},
             {toggle(10), {"screen looking_up en"}},
             {answer(30, 1, admitted(anna())),
              {"print 1 SER-0001", "sound success", "screen welcome en Anna Kowalska"}},
             {toggle(14000), {welcome}},
             {tick(15030),
              {"sound problem", "alert printer_problem SER-0001 timeout",
               "screen printer_problem pl Anna Kowalska"}},
         }},
        {"a_touch_ends_a_result_screen",
         {
             {touch(0), {}},
             {scan(100, "XYZ"), {"lookup 1 XYZ", looking_up}},
             {touch(110), {}},
             {answer(130, 1, unknown("XYZ")), {"sound refusal", "screen unknown_code pl"}},
             {touch(1000), {attract}},
             {scan(2000, "SER-0001"), {"lookup 2 SER-0001", looking_up}},
             {answer(2030, 2, admitted(anna())), {"print 1 SER-0001", "sound success", welcome}},
             {touch(2500), {}},
             {printed(5000, 1), {take_badge}},
             {touch(5500), {attract}},
         }},
        {"a_deadline_passed_without_a_tick_is_applied_before_the_input",
         {
             {scan(0, "XYZ"), {"lookup 1 XYZ", looking_up}},
             {answer(30, 1, unknown("XYZ")), {"sound refusal", "screen unknown_code pl"}},
             {scan(20000, "SER-0001"), {attract, "lookup 2 SER-0001", looking_up}},
         }},
        {"one_long_silence_passes_every_deadline_in_order",
         {
             {scan(0, "SER-0001"), {"lookup 1 SER-0001", looking_up}},
             {answer(30, 1, admitted(anna())), {"print 1 SER-0001", "sound success", welcome}},
             {printed(400, 1), {}},
             {tick(3'600'000), {take_badge, attract}},
         }},
        {"time_never_runs_backwards",
         {
             {scan(5000, "XYZ"), {"lookup 1 XYZ", looking_up}},
             {answer(4000, 1, unknown("XYZ")), {"sound refusal", "screen unknown_code pl"}},
             {tick(12999), {}},
             {tick(13000), {attract}},
         }},
        {"zero_durations_still_end_in_attract",
         {
             {scan(0, "SER-0001"), {"lookup 1 SER-0001", looking_up}},
             // With no time to wait, the lookup has timed out when its answer comes, even at the same time.
             {answer(0, 1, admitted(anna())),
              {"sound problem", "alert lookup_failed", "screen lookup_failed pl", attract,
               "alert checked_in_without_badge SER-0001"}},
             {toggle(1), {"screen attract en"}},
             {tick(1), {attract}},
         },
         FlowTimings{0ms, 0ms, 0ms, 0ms, 0ms, 0ms, 0ms}},
    };
}

// GoogleTest names a failing scenario by this instead of dumping its bytes.
void PrintTo(const Scenario& scenario, std::ostream* stream) {
    *stream << scenario.name;
}

class FlowScenario : public ::testing::TestWithParam<Scenario> {};

TEST_P(FlowScenario, GivesTheExpectedEffects) {
    const Scenario& scenario = GetParam();
    Flow flow(test_settings(scenario.timings));
    EXPECT_EQ(flow.screen().screen, Screen::attract);
    for (std::size_t index = 0; index < scenario.steps.size(); ++index) {
        SCOPED_TRACE(fmt::format("step {}", index + 1));
        const std::vector<FlowEffect> effects = flow.handle(scenario.steps[index].input);
        EXPECT_EQ(describe(effects), scenario.steps[index].effects);
        expect_complete_messages(effects);
        // The last screen shown is the one the Flow reports.
        const auto last_show =
            std::ranges::find_if(effects.rbegin(), effects.rend(), [](const FlowEffect& effect) {
                return std::holds_alternative<ShowScreen>(effect);
            });
        if (last_show != effects.rend()) {
            EXPECT_EQ(std::get<ShowScreen>(*last_show).screen, flow.screen());
        }
    }
}

INSTANTIATE_TEST_SUITE_P(Table, FlowScenario, ::testing::ValuesIn(scenarios()),
                         [](const ::testing::TestParamInfo<Scenario>& scenario) {
                             return scenario.param.name;
                         });

// --- What the screens say ----------------------------------------------------------------------------------

const ScreenModel& last_screen(const std::vector<FlowEffect>& effects) {
    for (auto effect = effects.rbegin(); effect != effects.rend(); ++effect) {
        if (const auto* show = std::get_if<ShowScreen>(&*effect)) {
            return show->screen;
        }
    }
    throw std::logic_error("no screen shown");
}

// The screen's lines in the order it shows them: the next step (refusals) first.
std::vector<std::string> rendered(const ScreenModel& screen) {
    std::vector<std::string> lines;
    if (screen.next_step) {
        lines.push_back(render(*screen.next_step, screen.language));
    }
    lines.push_back(render(screen.heading, screen.language));
    for (const Message& detail : screen.details) {
        lines.push_back(render(detail, screen.language));
    }
    lines.push_back(render(screen.language_switch, screen.language));
    return lines;
}

// The screen after a lookup answered with `result` (the code scanned at 0, answered at 30).
ScreenModel screen_after(const sync::CheckinResult& result, Language language = Language::pl) {
    Flow flow(test_settings());
    if (language != Language::pl) {
        flow.handle(toggle(0));
    }
    flow.handle(scan(0, result.code));
    return last_screen(flow.handle(answer(30, 1, result)));
}

TEST(FlowScreens, AttractInvitesAScan) {
    const Flow flow(test_settings());
    EXPECT_EQ(rendered(flow.screen()), (Lines{"Zeskanuj kod QR z zaproszenia",
                                              "Kod może być na telefonie lub na wydruku", "English"}));
    EXPECT_EQ(flow.screen().ends_at, std::nullopt);
    EXPECT_EQ(flow.next_deadline(), std::nullopt);
}

TEST(FlowScreens, WelcomeGreetsByNameThenAsksToTakeTheBadge) {
    Flow flow(test_settings());
    flow.handle(scan(0, "SER-0001"));
    const ScreenModel welcome = last_screen(flow.handle(answer(30, 1, admitted(anna()))));
    EXPECT_EQ(rendered(welcome), (Lines{"Witamy, Anna Kowalska!", "Drukujemy identyfikator…", "English"}));
    EXPECT_EQ(welcome.display_name, "Anna Kowalska");
    EXPECT_EQ(welcome.entered_at, at(30));
    EXPECT_EQ(welcome.ends_at, std::nullopt); // waits for the printer
    const ScreenModel take = last_screen(flow.handle(printed(3000, 1)));
    EXPECT_EQ(rendered(take),
              (Lines{"Proszę odebrać identyfikator", "Życzymy udanego wydarzenia!", "English"}));
    EXPECT_EQ(take.ends_at, at(9000));
}

TEST(FlowScreens, WelcomeInEnglish) {
    EXPECT_EQ(rendered(screen_after(admitted(anna()), Language::en)),
              (Lines{"Welcome, Anna Kowalska!", "Printing your badge…", "Polski"}));
}

TEST(FlowScreens, AlreadyCheckedInSaysWhenTheBadgeWasPrinted) {
    const ScreenModel screen = screen_after(already(anna()));
    EXPECT_EQ(screen.checked_in_at, (ClockTime{9, 14}));
    EXPECT_EQ(rendered(screen), (Lines{"Prosimy podejść do recepcji — chętnie pomożemy",
                                       "To zaproszenie zostało już dziś użyte",
                                       "Identyfikator wydrukowano dziś o 9:14", "English"}));
    EXPECT_EQ(rendered(screen_after(already(anna()), Language::en)),
              (Lines{"Please go to the reception desk — we will be glad to help",
                     "This invitation has already been used today", "Your badge was printed today at 9:14",
                     "Polski"}));
}

TEST(FlowScreens, AlreadyCheckedInWithoutAKnownTime) {
    EXPECT_EQ(
        rendered(screen_after(already(anna(), std::nullopt))),
        (Lines{"Prosimy podejść do recepcji — chętnie pomożemy", "To zaproszenie zostało już dziś użyte",
               "Identyfikator został już dziś wydany", "English"}));
}

TEST(FlowScreens, RefusalsSayWhatHappenedAndWhereToGo) {
    EXPECT_EQ(rendered(screen_after(unknown("XYZ"))), (Lines{"Prosimy podejść do recepcji — chętnie pomożemy",
                                                             "Nie rozpoznajemy tego kodu", "English"}));
    EXPECT_EQ(rendered(screen_after(cancelled(anna()))),
              (Lines{"Prosimy podejść do recepcji — chętnie pomożemy", "Ta rejestracja została anulowana",
                     "English"}));
    EXPECT_EQ(rendered(screen_after(unreadable())),
              (Lines{"Prosimy zeskanować kod jeszcze raz, trzymając go nieruchomo",
                     "Nie udało się odczytać kodu", "English"}));
    EXPECT_EQ(rendered(screen_after(unknown("XYZ"), Language::en)),
              (Lines{"Please go to the reception desk — we will be glad to help",
                     "We do not recognise this code", "Polski"}));
}

TEST(FlowScreens, NotRegisteredTodayNamesTheInvitationsDays) {
    const ScreenModel screen = screen_after(not_today(jan()));
    EXPECT_EQ(screen.invitation_days, jan().days);
    EXPECT_EQ(rendered(screen), (Lines{"Prosimy podejść do recepcji — chętnie pomożemy",
                                       "Zaproszenie nie obejmuje dzisiejszego dnia",
                                       "Zaproszenie jest ważne: 30.11", "English"}));
    EXPECT_EQ(rendered(screen_after(not_today(jan()), Language::en)),
              (Lines{"Please go to the reception desk — we will be glad to help",
                     "Your invitation is not valid today", "Your invitation is valid on: 30.11", "Polski"}));
}

TEST(FlowScreens, PrinterProblemKeepsTheCheckInAndSendsToReception) {
    Flow flow(test_settings());
    flow.handle(scan(0, "SER-0001"));
    flow.handle(answer(30, 1, admitted(anna())));
    const std::vector<FlowEffect> effects = flow.handle(print_failed(4000, 1, drivers::Problem::no_media));
    const ScreenModel& screen = last_screen(effects);
    EXPECT_EQ(screen.problem, drivers::Problem::no_media);
    EXPECT_EQ(rendered(screen),
              (Lines{"Identyfikator zostanie wydrukowany w recepcji — prosimy tam podejść",
                     "Witamy, Anna Kowalska!", "Obecność została potwierdzona", "English"}));
    const auto alert = std::ranges::find_if(
        effects, [](const FlowEffect& effect) { return std::holds_alternative<AlertStaff>(effect); });
    ASSERT_NE(alert, effects.end());
    const AlertStaff& staff = std::get<AlertStaff>(*alert);
    ASSERT_TRUE(staff.delegate.has_value());
    EXPECT_EQ(staff.delegate->code, "SER-0001");
    EXPECT_EQ(staff.detail, "status: no media");
}

TEST(FlowScreens, APrePrintedBadgeSendsToReceptionWithTheWelcome) {
    Flow flow(test_settings());
    flow.handle(scan(0, "SER-0001"));
    sync::CheckinResult result = admitted(anna());
    result.badge_at_reception = true;
    const std::vector<FlowEffect> effects = flow.handle(answer(30, 1, result));
    EXPECT_TRUE(std::ranges::none_of(
        effects, [](const FlowEffect& effect) { return std::holds_alternative<StartPrint>(effect); }));
    EXPECT_EQ(rendered(last_screen(effects)),
              (Lines{"Twój identyfikator czeka w recepcji — prosimy go tam odebrać", "Witamy, Anna Kowalska!",
                     "Identyfikator wydrukowaliśmy wcześniej", "Obecność została potwierdzona", "English"}));
    const std::vector<FlowEffect> english = flow.handle(toggle(1000));
    EXPECT_EQ(rendered(last_screen(english)),
              (Lines{"Your badge is waiting at the reception desk — please collect it there",
                     "Welcome, Anna Kowalska!", "We printed your badge in advance", "You are checked in",
                     "Polski"}));
}

TEST(FlowScreens, LookupFailureIsCalm) {
    Flow flow(test_settings());
    flow.handle(scan(0, "SER-0001"));
    const std::vector<FlowEffect> effects = flow.handle(tick(7000));
    EXPECT_EQ(rendered(last_screen(effects)),
              (Lines{"Prosimy spróbować ponownie za chwilę lub podejść do recepcji",
                     "Nie udało się teraz sprawdzić zaproszenia", "English"}));
    EXPECT_EQ(std::get<AlertStaff>(effects[1]).detail, "lookup 1 had no answer within 7000 ms");
}

// --- Codes that are not invitations ---------------------------------------------------------------------

using Effects = std::vector<std::string>;

const std::string business_card = "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Kowalski;Jan\r\nFN:Jan Kowalski\r\n"
                                  "EMAIL:jan.kowalski@example.org\r\nEND:VCARD\r\n";
const std::string wifi = "WIFI:S:Hotel-Serock-Guest;T:WPA;P:zaq12wsx;;";

TEST(FlowNotAnInvitation, AnotherThingsQrCodeGetsItsOwnScreenWithoutALookup) {
    for (const std::string& payload : {business_card, wifi, std::string("Zapraszamy na seminarium w Serocku"),
                                       std::string("mailto:a@b.pl")}) {
        SCOPED_TRACE(payload);
        Flow flow(test_settings());
        const std::vector<FlowEffect> effects = flow.handle(scan(100, payload));
        EXPECT_EQ(describe(effects), (Effects{"sound refusal", "screen not_an_invitation pl"}));
        expect_complete_messages(effects);
        EXPECT_FALSE(flow.awaiting_lookup());
        const ScreenModel& screen = flow.screen();
        EXPECT_EQ(rendered(screen), (Lines{"Zeskanuj kod z e-maila lub wydruku zaproszenia",
                                           "To nie jest kod z zaproszenia", "English"}));
        EXPECT_EQ(screen.ends_at, at(8100));
        EXPECT_TRUE(is_result_screen(Screen::not_an_invitation));
        // Back to attract after the refusal time, as every refusal.
        EXPECT_EQ(describe(flow.handle(tick(8100))), (Effects{"screen attract pl"}));
    }
}

TEST(FlowNotAnInvitation, SpeaksEnglishToo) {
    Flow flow(test_settings());
    flow.handle(toggle(0));
    flow.handle(scan(100, wifi));
    EXPECT_EQ(rendered(flow.screen()), (Lines{"Scan the code from your invitation e-mail or printout",
                                              "This is not an invitation code", "Polski"}));
}

TEST(FlowNotAnInvitation, AWebLinkIsLookedUpAndIsNotAnInvitationWhenTheMirrorFindsNoCodeInIt) {
    // A hotel's page: its last segment is no roster code.
    Flow flow(test_settings());
    EXPECT_EQ(describe(flow.handle(scan(0, "https://www.hotel-narvil.pl/restauracja"))),
              (Effects{"lookup 1 https://www.hotel-narvil.pl/restauracja", "screen looking_up pl"}));
    EXPECT_EQ(describe(flow.handle(answer(30, 1, unknown("restauracja")))),
              (Effects{"sound refusal", "screen not_an_invitation pl"}));
    // A link with only a host holds no code at all: the mirror calls it unreadable.
    EXPECT_EQ(describe(flow.handle(scan(1000, "https://example.org"))),
              (Effects{"lookup 2 https://example.org", "screen looking_up pl"}));
    EXPECT_EQ(describe(flow.handle(answer(1030, 2, unreadable()))),
              (Effects{"sound refusal", "screen not_an_invitation pl"}));
}

TEST(FlowNotAnInvitation, AnInvitationsLinkStillChecksIn) {
    Flow flow(test_settings());
    flow.handle(scan(0, "https://example.org/checkin/SER-0001"));
    EXPECT_EQ(describe(flow.handle(answer(30, 1, admitted(anna())))),
              (Effects{"print 1 SER-0001", "sound success", "screen welcome pl Anna Kowalska"}));
}

TEST(FlowNotAnInvitation, ADamagedCodeOfOursStaysCouldNotRead) {
    Flow flow(test_settings());
    EXPECT_EQ(describe(flow.handle(scan(0, "SER-\x01"
                                           "0001"))),
              (Effects{"lookup 1 SER-\x01"
                       "0001",
                       "screen looking_up pl"}));
    EXPECT_EQ(describe(flow.handle(answer(30, 1, unreadable()))),
              (Effects{"sound refusal", "screen unreadable_code pl"}));
    // A signed code read in lower case (Caps Lock) is ours, damaged: the mirror knows no such code, and
    // the screen says to scan again rather than "not recognised".
    flow.handle(scan(50, "ck1:6bfoxn*ts0bi$zd.p9e+xb2"));
    EXPECT_EQ(describe(flow.handle(answer(80, 2, unknown("ck1:6bfoxn*ts0bi$zd.p9e+xb2")))),
              (Effects{"sound refusal", "screen unreadable_code pl"}));
    // And a plain code nobody has stays "not recognised".
    flow.handle(scan(100, "XYZ-9999"));
    EXPECT_EQ(describe(flow.handle(answer(130, 3, unknown("XYZ-9999")))),
              (Effects{"sound refusal", "screen unknown_code pl"}));
}

TEST(FlowNotAnInvitation, AKioskThatTakesSignedCodesOnlySaysSoForOtherThingsToo) {
    const sync::SignedCodeVerdict unsigned_code(
        std::unexpected(sync::CodeRejection{sync::CodeRefusal::unsigned_code, "a plain roster code"}));
    for (const std::string& payload : {business_card, std::string("https://www.hotel-narvil.pl/")}) {
        SCOPED_TRACE(payload);
        Flow flow(test_settings());
        EXPECT_EQ(describe(flow.handle(ScanInput{payload, at(0), unsigned_code})),
                  (Effects{"sound refusal", "screen not_an_invitation pl"}));
    }
    // A plain code there is a code that is not valid, with the staff alert.
    Flow flow(test_settings());
    EXPECT_EQ(describe(flow.handle(ScanInput{"SER-0001", at(0), unsigned_code})),
              (Effects{"sound refusal", "alert code_refused", "screen code_not_valid pl"}));
}

TEST(FlowNotAnInvitation, TheRightCodeScannedNextIsLookedUpAtOnce) {
    Flow flow(test_settings());
    flow.handle(scan(0, wifi));
    EXPECT_EQ(describe(flow.handle(scan(2000, "SER-0001"))),
              (Effects{"lookup 1 SER-0001", "screen looking_up pl"}));
}

TEST(FlowScreens, LookingUpInBothLanguages) {
    Flow flow(test_settings());
    EXPECT_EQ(rendered(last_screen(flow.handle(scan(0, "SER-0001")))),
              (Lines{"Sprawdzamy zaproszenie…", "English"}));
    EXPECT_EQ(rendered(last_screen(flow.handle(toggle(5)))), (Lines{"Checking your invitation…", "Polski"}));
}

TEST(FlowScreens, SelfServiceNeverReprints) {
    Flow flow(test_settings());
    flow.handle(scan(0, "SER-0001"));
    const std::vector<FlowEffect> effects = flow.handle(answer(30, 1, admitted(anna())));
    const StartPrint& print = std::get<StartPrint>(effects.front());
    EXPECT_EQ(print.reprint, Reprint::no);
    EXPECT_TRUE(print.delegate.same_details(anna()));
}

TEST(FlowScreens, OnlyOneNameShownWhenTheOtherIsMissing) {
    EXPECT_EQ(screen_after(admitted(delegate("W-1", "Gość", ""))).display_name, "Gość");
    EXPECT_EQ(rendered(screen_after(admitted(delegate("W-2", "", "Wiśniewska")))).front(),
              "Witamy, Wiśniewska!");
}

// --- Timing: each screen returns to attract exactly after its configured duration --------------------------

// Unusual values, all different, so a screen using another screen's duration is caught.
FlowTimings odd_timings() {
    return FlowTimings{
        .lookup_timeout = 701ms,
        .print_timeout = 1503ms,
        .welcome_minimum = 211ms,
        .take_badge = 613ms,
        .refusal = 827ms,
        .printer_problem = 1931ms,
        .attract_language_reset = 3067ms,
    };
}

// Ticks one millisecond before `end` (nothing happens) and at `end` (the screen gives way to `next`).
void expect_ends_exactly_at(Flow& flow, FlowTime end, Screen next) {
    const Screen before = flow.screen().screen;
    EXPECT_EQ(flow.next_deadline(), end) << to_string(before);
    EXPECT_TRUE(flow.handle(Tick{end - 1ms}).empty()) << to_string(before);
    EXPECT_EQ(flow.screen().screen, before);
    flow.handle(Tick{end});
    EXPECT_EQ(flow.screen().screen, next) << "after " << to_string(before);
    EXPECT_EQ(flow.screen().entered_at, end);
}

struct RefusalCase {
    std::string name;
    sync::CheckinResult result;
};

void PrintTo(const RefusalCase& refusal, std::ostream* stream) {
    *stream << refusal.name;
}

class FlowTiming : public ::testing::TestWithParam<RefusalCase> {};

TEST_P(FlowTiming, RefusalsLastTheRefusalTime) {
    Flow flow(test_settings(odd_timings()));
    flow.handle(scan(100, GetParam().result.code));
    flow.handle(answer(150, 1, GetParam().result));
    EXPECT_NE(flow.screen().screen, Screen::welcome);
    EXPECT_EQ(flow.screen().ends_at, at(150 + 827));
    expect_ends_exactly_at(flow, at(150 + 827), Screen::attract);
}

INSTANTIATE_TEST_SUITE_P(EveryRefusal, FlowTiming,
                         ::testing::Values(RefusalCase{"already_checked_in", already(anna())},
                                           RefusalCase{"unknown_code", unknown("XYZ")},
                                           RefusalCase{"cancelled", cancelled(anna())},
                                           RefusalCase{"not_registered_today", not_today(jan())},
                                           RefusalCase{"unreadable_code", unreadable()}),
                         [](const ::testing::TestParamInfo<RefusalCase>& refusal) {
                             return refusal.param.name;
                         });

TEST(FlowTimings, TakeBadgeLastsItsTimeFromThePrint) {
    Flow flow(test_settings(odd_timings()));
    flow.handle(scan(0, "SER-0001"));
    flow.handle(answer(10, 1, admitted(anna())));
    flow.handle(printed(500, 1));
    EXPECT_EQ(flow.screen().screen, Screen::take_badge);
    EXPECT_EQ(flow.screen().ends_at, at(500 + 613));
    expect_ends_exactly_at(flow, at(500 + 613), Screen::attract);
}

TEST(FlowTimings, WelcomeStaysItsMinimumThenTakeBadgeItsTime) {
    Flow flow(test_settings(odd_timings()));
    flow.handle(scan(0, "SER-0001"));
    flow.handle(answer(10, 1, admitted(anna())));
    EXPECT_TRUE(flow.handle(printed(50, 1)).empty());
    expect_ends_exactly_at(flow, at(10 + 211), Screen::take_badge);
    expect_ends_exactly_at(flow, at(10 + 211 + 613), Screen::attract);
}

TEST(FlowTimings, PrintTimeoutThenPrinterProblemTime) {
    Flow flow(test_settings(odd_timings()));
    flow.handle(scan(0, "SER-0001"));
    flow.handle(answer(10, 1, admitted(anna())));
    expect_ends_exactly_at(flow, at(10 + 1503), Screen::printer_problem);
    expect_ends_exactly_at(flow, at(10 + 1503 + 1931), Screen::attract);
}

TEST(FlowTimings, PrinterProblemLastsItsTimeFromTheFailure) {
    Flow flow(test_settings(odd_timings()));
    flow.handle(scan(0, "SER-0001"));
    flow.handle(answer(10, 1, admitted(anna())));
    flow.handle(print_failed(900, 1, drivers::Problem::cover_open));
    EXPECT_EQ(flow.screen().ends_at, at(900 + 1931));
    expect_ends_exactly_at(flow, at(900 + 1931), Screen::attract);
}

TEST(FlowTimings, LookupTimeoutThenLookupFailedLastsTheRefusalTime) {
    Flow flow(test_settings(odd_timings()));
    flow.handle(scan(40, "SER-0001"));
    EXPECT_EQ(flow.screen().ends_at, std::nullopt);
    expect_ends_exactly_at(flow, at(40 + 701), Screen::lookup_failed);
    expect_ends_exactly_at(flow, at(40 + 701 + 827), Screen::attract);
}

TEST(FlowTimings, AttractInTheOtherLanguageReturnsToTheHomeLanguage) {
    Flow flow(test_settings(odd_timings()));
    flow.handle(toggle(70));
    EXPECT_EQ(flow.screen().language, Language::en);
    expect_ends_exactly_at(flow, at(70 + 3067), Screen::attract);
    EXPECT_EQ(flow.screen().language, Language::pl);
    EXPECT_EQ(flow.next_deadline(), std::nullopt);
}

TEST(FlowTimings, EnglishAsTheHomeLanguage) {
    FlowSettings settings = test_settings(odd_timings());
    settings.home_language = Language::en;
    Flow flow(settings);
    EXPECT_EQ(rendered(flow.screen()).front(), "Scan the QR code from your invitation");
    flow.handle(toggle(0));
    EXPECT_EQ(rendered(flow.screen()).front(), "Zeskanuj kod QR z zaproszenia");
    flow.handle(tick(3067));
    EXPECT_EQ(flow.screen().language, Language::en);
}

// --- The property test: random inputs at random times --------------------------------------------------

// A fake kiosk around the Flow: it answers lookups and prints at random (late, twice, never, for ids
// nobody asked about) and checks after every input what must always hold.
class RandomKiosk {
public:
    explicit RandomKiosk(std::uint32_t seed) : m_random(seed), m_flow(test_settings()) {}

    void run(int inputs) {
        for (int count = 0; count < inputs && !::testing::Test::HasFatalFailure(); ++count) {
            step();
        }
        // Quiet time: with no more inputs, every screen leads back to attract in the home language.
        const std::vector<FlowEffect> effects = m_flow.handle(Tick{m_now + 1h});
        check(effects, Tick{m_now + 1h});
        EXPECT_EQ(m_flow.screen().screen, Screen::attract);
        EXPECT_EQ(m_flow.screen().language, Language::pl);
        EXPECT_EQ(m_flow.next_deadline(), std::nullopt);
        EXPECT_FALSE(m_flow.awaiting_lookup());
        EXPECT_FALSE(m_flow.awaiting_print());
    }

    int prints() const { return static_cast<int>(m_printed_lookups.size()); }
    int lookups() const { return static_cast<int>(m_started_lookups.size()); }

private:
    std::int64_t pick(std::int64_t low, std::int64_t high) {
        return std::uniform_int_distribution<std::int64_t>(low, high)(m_random);
    }
    bool chance(int percent) { return pick(1, 100) <= percent; }

    sync::Result<sync::CheckinResult> random_result(const std::string& payload) {
        const sync::Delegate who = delegate(payload.empty() ? "SER-0000" : payload, "Ewa", "Żak");
        switch (pick(0, 8)) { // admitted three times in nine
        case 0:
            return sync::fail(sync::Error::storage("database is locked"));
        case 1:
            return already(who);
        case 2:
            return unknown(payload);
        case 3:
            return cancelled(who);
        case 4:
            return not_today(who);
        case 5:
            return unreadable();
        default:
            return admitted(who);
        }
    }

    FlowInput random_input() {
        // Mostly quick succession, sometimes long pauses that pass several deadlines.
        m_now += chance(10) ? milliseconds(pick(5'000, 40'000)) : milliseconds(pick(0, 3'000));
        // Now and then an input stamped a little in the past (worker threads race with the UI thread).
        const FlowTime time = chance(5) ? m_now - milliseconds(pick(1, 500)) : m_now;
        const std::int64_t kind = pick(0, 99);
        if (kind < 25) {
            static const std::vector<std::string> payloads{"SER-0001", "SER-0002", "SER-0003", "",
                                                           "%%garbage"};
            return ScanInput{payloads[static_cast<std::size_t>(pick(0, 4))], time};
        }
        if (kind < 45) {
            RequestId lookup =
                static_cast<RequestId>(pick(1, static_cast<std::int64_t>(m_started_lookups.size()) + 2));
            if (!m_unanswered_lookups.empty() && chance(80)) {
                const auto index = static_cast<std::size_t>(
                    pick(0, static_cast<std::int64_t>(m_unanswered_lookups.size()) - 1));
                lookup = m_unanswered_lookups[index];
            }
            const auto payload = m_started_lookups.find(lookup);
            return LookupAnswer{
                lookup, random_result(payload == m_started_lookups.end() ? "SER-9999" : payload->second),
                time};
        }
        if (kind < 60) {
            RequestId print =
                static_cast<RequestId>(pick(1, static_cast<std::int64_t>(m_started_prints.size()) + 2));
            if (!m_unanswered_prints.empty() && chance(80)) {
                const auto index = static_cast<std::size_t>(
                    pick(0, static_cast<std::int64_t>(m_unanswered_prints.size()) - 1));
                print = m_unanswered_prints[index];
            }
            if (chance(70)) {
                return PrintOutcome{print, {}, time};
            }
            return PrintOutcome{print, drivers::fail(drivers::Problem::no_media, "no media"), time};
        }
        if (kind < 85) {
            return Tick{time};
        }
        if (kind < 93) {
            return ToggleLanguage{time};
        }
        return Dismiss{time};
    }

    void step() {
        const FlowInput input = random_input();
        // Half the answers come after a Tick at their own time, so their effects can be told apart from
        // those of deadlines; the other half arrive with deadlines still to pass.
        bool alone = false;
        const FlowTime time = std::visit([](const auto& in) { return in.time; }, input);
        if ((std::holds_alternative<LookupAnswer>(input) || std::holds_alternative<PrintOutcome>(input)) &&
            chance(50)) {
            const Tick first{time};
            check(m_flow.handle(first), first);
            alone = true;
        }
        const std::vector<FlowEffect> effects = m_flow.handle(input);
        check(effects, input, alone);
        if (const auto* answer = std::get_if<LookupAnswer>(&input)) {
            std::erase(m_unanswered_lookups, answer->lookup);
        }
        if (const auto* outcome = std::get_if<PrintOutcome>(&input); outcome && alone) {
            std::erase(m_unanswered_prints, outcome->print);
        }
    }

    // `alone`: the deadlines up to the input's time have passed already (a Tick at the same time came
    // first), so every effect is the input's own.
    void check(const std::vector<FlowEffect>& effects, const FlowInput& input, bool alone = false) {
        SCOPED_TRACE(fmt::format("effects: {}", fmt::join(describe(effects), "; ")));
        // An answer is taken once: a repeated answer, or one for a request never made, does nothing.
        if (const auto* answer = std::get_if<LookupAnswer>(&input); answer && alone) {
            const bool expected =
                m_started_lookups.contains(answer->lookup) &&
                std::ranges::find(m_unanswered_lookups, answer->lookup) != m_unanswered_lookups.end();
            EXPECT_TRUE(expected || effects.empty())
                << "lookup " << answer->lookup << " answered again, or never asked";
        }
        if (const auto* outcome = std::get_if<PrintOutcome>(&input); outcome && alone) {
            const bool expected =
                m_started_prints.contains(outcome->print) &&
                std::ranges::find(m_unanswered_prints, outcome->print) != m_unanswered_prints.end();
            EXPECT_TRUE(expected || effects.empty())
                << "print " << outcome->print << " answered again, or never asked";
        }
        int lookups_started = 0;
        for (const FlowEffect& effect : effects) {
            if (const auto* lookup = std::get_if<StartLookup>(&effect)) {
                // Only a scan starts a lookup, one per scan, for that scan's payload.
                const auto* scan = std::get_if<ScanInput>(&input);
                ASSERT_NE(scan, nullptr) << "a lookup started without a scan";
                EXPECT_EQ(lookup->payload, scan->payload);
                EXPECT_EQ(++lookups_started, 1) << "two lookups for one scan";
                // Never two lookups at once.
                EXPECT_FALSE(m_waiting_for_lookup) << "lookup " << lookup->lookup << " started while waiting";
                EXPECT_FALSE(m_started_lookups.contains(lookup->lookup)) << "a lookup id was reused";
                m_waiting_for_lookup = true;
                m_started_lookups.emplace(lookup->lookup, lookup->payload);
                m_unanswered_lookups.push_back(lookup->lookup);
            } else if (const auto* print = std::get_if<StartPrint>(&effect)) {
                // Only an admitted answer to a lookup the Flow started prints, once per lookup.
                const auto* answer = std::get_if<LookupAnswer>(&input);
                ASSERT_NE(answer, nullptr) << "a print started without a lookup answer";
                ASSERT_TRUE(answer->result.has_value());
                EXPECT_EQ(answer->result->outcome, sync::CheckinOutcome::admitted);
                EXPECT_TRUE(m_started_lookups.contains(answer->lookup))
                    << "printed for a lookup never started";
                EXPECT_TRUE(m_printed_lookups.insert(answer->lookup).second)
                    << "printed twice for lookup " << answer->lookup;
                EXPECT_EQ(print->delegate.code, answer->result->delegate->code);
                EXPECT_EQ(print->reprint, Reprint::no);
                // Never two prints at once.
                EXPECT_FALSE(m_waiting_for_print) << "print " << print->print << " started while printing";
                m_waiting_for_print = true;
                m_started_prints.insert(print->print);
                m_unanswered_prints.push_back(print->print);
            } else if (const auto* show = std::get_if<ShowScreen>(&effect)) {
                expect_complete_messages(show->screen);
                if (show->screen.screen != Screen::looking_up) {
                    m_waiting_for_lookup = false;
                }
                if (show->screen.screen != Screen::welcome) {
                    m_waiting_for_print = false;
                }
                // Attract is only ever in the other language when someone chose it there.
                if (show->screen.screen == Screen::attract && show->screen.language != Language::pl) {
                    EXPECT_TRUE(std::holds_alternative<ToggleLanguage>(input));
                }
            }
        }
        EXPECT_EQ(m_flow.awaiting_lookup(), m_waiting_for_lookup);
        if (m_flow.screen().screen != Screen::welcome) {
            EXPECT_FALSE(m_flow.awaiting_print());
        }
        if (m_flow.awaiting_print()) {
            EXPECT_TRUE(m_waiting_for_print);
        }
        // A screen that ends by itself is the Flow's next deadline.
        if (m_flow.screen().ends_at) {
            EXPECT_EQ(m_flow.next_deadline(), m_flow.screen().ends_at);
        }
        // No deadline is left overdue: every input first lets time pass up to the latest time seen.
        m_latest = std::max(m_latest, std::visit([](const auto& in) { return in.time; }, input));
        if (const auto deadline = m_flow.next_deadline()) {
            EXPECT_GT(*deadline, m_latest);
        }
    }

    std::mt19937 m_random;
    Flow m_flow;
    FlowTime m_now = origin;
    FlowTime m_latest = origin;
    bool m_waiting_for_lookup = false;
    bool m_waiting_for_print = false;
    std::map<RequestId, std::string> m_started_lookups;
    std::vector<RequestId> m_unanswered_lookups;
    std::set<RequestId> m_printed_lookups;
    std::set<RequestId> m_started_prints;
    std::vector<RequestId> m_unanswered_prints;
};

TEST(FlowProperties, RandomInputsKeepTheRules) {
    int lookups = 0;
    int prints = 0;
    for (std::uint32_t seed = 1; seed <= 300 && !HasFailure(); ++seed) {
        SCOPED_TRACE(fmt::format("seed {}", seed));
        RandomKiosk kiosk(seed);
        kiosk.run(200);
        lookups += kiosk.lookups();
        prints += kiosk.prints();
    }
    // The run exercised the paths it claims to check.
    EXPECT_GT(lookups, 5000);
    EXPECT_GT(prints, 500);
}

// After any history, a quiet period as long as the longest chain of timeouts brings attract back.
TEST(FlowProperties, QuietTimeAlwaysEndsInAttract) {
    const FlowTimings timings;
    const auto longest = timings.lookup_timeout + timings.refusal + timings.print_timeout +
                         timings.printer_problem + timings.attract_language_reset;
    std::mt19937 random(7);
    for (int run = 0; run < 500; ++run) {
        Flow flow(test_settings());
        FlowTime now = origin;
        const int inputs = std::uniform_int_distribution<int>(1, 8)(random);
        for (int index = 0; index < inputs; ++index) {
            now += milliseconds(std::uniform_int_distribution<int>(0, 2000)(random));
            switch (std::uniform_int_distribution<int>(0, 4)(random)) {
            case 0:
                flow.handle(ScanInput{"SER-0001", now});
                break;
            case 1:
                flow.handle(LookupAnswer{static_cast<RequestId>(index), admitted(anna()), now});
                break;
            case 2:
                flow.handle(PrintOutcome{static_cast<RequestId>(index), {}, now});
                break;
            case 3:
                flow.handle(ToggleLanguage{now});
                break;
            default:
                flow.handle(LookupAnswer{static_cast<RequestId>(index), unknown("X"), now});
                break;
            }
        }
        flow.handle(Tick{now + longest});
        EXPECT_EQ(flow.screen().screen, Screen::attract) << "run " << run;
        EXPECT_EQ(flow.screen().language, Language::pl) << "run " << run;
    }
}

} // namespace
} // namespace checkin::kiosk
