#include "kiosk/staff/staff.hpp"

#include <chrono>
#include <filesystem>
#include <fmt/format.h>
#include <functional>
#include <gtest/gtest.h>
#include <ostream>
#include <set>
#include <string>
#include <vector>

namespace checkin::kiosk {
namespace {

using namespace std::chrono_literals;
using std::chrono::milliseconds;

// An arbitrary steady-clock origin: staff mode must not care where time starts.
const FlowTime origin = FlowTime{} + 1000h;

FlowTime at(std::int64_t offset_milliseconds) {
    return origin + milliseconds(offset_milliseconds);
}

sync::Delegate delegate(std::string code, std::string first_name, std::string last_name) {
    sync::Delegate result;
    result.code = std::move(code);
    result.first_name = std::move(first_name);
    result.last_name = std::move(last_name);
    result.organisation = "Gmina Serock";
    result.role = "delegat";
    return result;
}

sync::Delegate anna() {
    return delegate("SER-0001", "Anna", "Kowalska");
}

sync::Delegate jan() {
    return delegate("SER-0002", "Jan", "Nowak");
}

sync::Delegate walk_in_jan() {
    sync::Delegate result = delegate("WI-0001", "Jan", "Nowak");
    result.origin = sync::DelegateOrigin::walk_in;
    return result;
}

// Inputs at a time in milliseconds after `origin`.
StaffInput open(std::int64_t time) {
    return StaffOpenPinPad{at(time)};
}
StaffInput right_pin(std::int64_t time, std::string staff_name) {
    return StaffPinChecked{std::move(staff_name), at(time)};
}
StaffInput wrong_pin(std::int64_t time) {
    return StaffPinChecked{std::nullopt, at(time)};
}
StaffInput staff_code(std::int64_t time, std::string staff_name) {
    return StaffCodeScanned{std::move(staff_name), at(time)};
}
StaffInput tap(std::int64_t time, StaffAction action, std::string argument = {}) {
    return StaffTap{StaffButtonPress{action, std::move(argument)}, at(time)};
}
StaffInput text(std::int64_t time, std::string typed) {
    return StaffText{std::move(typed), at(time)};
}
StaffInput key(std::int64_t time, StaffKey pressed) {
    return StaffKeyPress{pressed, at(time)};
}
StaffInput scan(std::int64_t time, std::string payload) {
    return StaffScan{std::move(payload), at(time)};
}
StaffInput tick(std::int64_t time) {
    return StaffTick{at(time)};
}
StaffInput found(std::int64_t time, RequestId request, std::vector<sync::Delegate> delegates) {
    std::vector<sync::SearchHit> hits;
    for (sync::Delegate& each : delegates) {
        hits.push_back(sync::SearchHit{std::move(each), 10});
    }
    return SearchAnswer{request, std::move(hits), at(time)};
}
// Hits with where each stands today, as the kiosk sends them.
StaffInput found_with(std::int64_t time, RequestId request, std::vector<sync::Delegate> delegates,
                      std::vector<CardStatus> statuses) {
    std::vector<sync::SearchHit> hits;
    for (sync::Delegate& each : delegates) {
        hits.push_back(sync::SearchHit{std::move(each), 10});
    }
    return SearchAnswer{request, std::move(hits), at(time), std::move(statuses)};
}
StaffInput previewed(std::int64_t time, RequestId request, std::string file) {
    return PreviewAnswer{request, std::filesystem::path(std::move(file)), at(time)};
}
StaffInput preview_failed(std::int64_t time, RequestId request, std::string why) {
    return PreviewAnswer{request, base::fail(base::ErrorKind::invalid_input, std::move(why)), at(time)};
}
StaffInput roles(std::int64_t time, std::vector<std::string> names) {
    return RolesAnswer{std::move(names), at(time)};
}
StaffInput card(std::int64_t time, RequestId request, sync::Delegate who) {
    sync::CheckinEvent event;
    event.delegate_code = who.code;
    event.operator_name = "self-service";
    return CardAnswer{request, sync::DelegateRecord{std::move(who), {}}, {event}, at(time)};
}
// The card as the kiosk sends it with its day: `who` arrived that day when `arrived`, else not yet.
StaffInput card_on(std::int64_t time, RequestId request, sync::Delegate who, sync::Day day, bool arrived) {
    sync::DelegateRecord record{std::move(who), {}};
    if (arrived) {
        record.attendance.push_back({day, 0, "kiosk-1"});
    }
    CardAnswer answer{request, std::move(record), {}, at(time)};
    answer.day = day;
    return answer;
}
StaffInput no_card(std::int64_t time, RequestId request) {
    return CardAnswer{request, std::optional<sync::DelegateRecord>{}, {}, at(time)};
}
StaffInput card_failed(std::int64_t time, RequestId request, std::string message) {
    return CardAnswer{request, sync::fail(sync::Error::storage(std::move(message))), {}, at(time)};
}
StaffInput done(std::int64_t time, RequestId request, std::string outcome,
                std::optional<std::string> code = std::nullopt) {
    return ActionAnswer{request, std::move(outcome), std::move(code), at(time)};
}
StaffInput failed(std::int64_t time, RequestId request, std::string why) {
    return ActionAnswer{request, base::fail(base::ErrorKind::refused, std::move(why)), std::nullopt,
                        at(time)};
}
DevicePanel panel(std::string printer_address) {
    DevicePanel result;
    result.printer.address = std::move(printer_address);
    result.scanners.push_back(
        ScannerPanel{.address = "keyboard", .connected = true, .note = ScannerNote::keyboard});
    result.sound_on = true;
    return result;
}
StaffInput devices(std::int64_t time, RequestId request, DevicePanel answer) {
    return DevicesAnswer{request, std::move(answer), at(time)};
}
StaffStatistics some_statistics() {
    using namespace std::chrono;
    StaffStatistics result;
    result.day = sync::Day{2026y / November / 29};
    result.expected = 120;
    result.checked_in = 45;
    result.by_role.push_back(StatisticsRow{"delegat", 100, 40});
    return result;
}
StaffInput statistics(std::int64_t time, RequestId request, sync::Result<StaffStatistics> answer) {
    return StatisticsAnswer{request, std::move(answer), at(time)};
}

// One line per effect, so a scenario reads as a script and a failure shows the whole sequence.
std::string describe(const StaffEffect& effect) {
    struct Describer {
        std::string operator()(const StaffCheckPin& check) const { return "check pin " + check.pin; }
        std::string operator()(const StaffSearch& search) const {
            return fmt::format("search {} {}", search.request, search.query);
        }
        std::string operator()(const StaffLoadCard& load) const {
            return fmt::format("load {} {}", load.request, load.code);
        }
        std::string operator()(const StaffReprint& reprint) const {
            return fmt::format("reprint {} {} ({}) by {}", reprint.request, reprint.code, reprint.reason,
                               reprint.staff_name);
        }
        std::string operator()(const StaffCheckIn& check_in) const {
            return fmt::format("check in {} {} by {}", check_in.request, check_in.code, check_in.staff_name);
        }
        std::string operator()(const StaffUndo& undo) const {
            return fmt::format("undo {} {} ({}) by {}", undo.request, undo.code, undo.reason,
                               undo.staff_name);
        }
        std::string operator()(const StaffCreateWalkIn& walk_in) const {
            return fmt::format("walk-in {} {}|{}|{}|{} by {}", walk_in.request, walk_in.form.first_name,
                               walk_in.form.last_name, walk_in.form.organisation, walk_in.form.role,
                               walk_in.staff_name);
        }
        std::string operator()(const StaffRefreshDevices& refresh) const {
            return fmt::format("refresh devices {}", refresh.request);
        }
        std::string operator()(const StaffRefreshStatistics& refresh) const {
            return fmt::format("refresh statistics {}", refresh.request);
        }
        std::string operator()(const StaffSetSound& sound) const {
            return sound.on ? "sound on" : "sound off";
        }
        std::string operator()(const StaffLog& log) const { return "log " + log.line; }
        std::string operator()(const StaffClosed&) const { return "closed"; }
        std::string operator()(const StaffEnrol& enrol) const { return "enrol " + enrol.hub; }
        std::string operator()(const StaffLoadRoles&) const { return "load roles"; }
        std::string operator()(const StaffPreviewBadge& preview) const {
            return fmt::format("preview {} {}", preview.request, preview.code);
        }
        // Checked by the StaffLockout tests, not line by line in the scenarios.
        std::string operator()(const StaffLockoutChanged&) const { return {}; }
    };
    return std::visit(Describer{}, effect);
}

std::vector<std::string> describe(const std::vector<StaffEffect>& effects) {
    std::vector<std::string> lines;
    for (const StaffEffect& effect : effects) {
        if (auto line = describe(effect); !line.empty()) {
            lines.push_back(std::move(line));
        }
    }
    return lines;
}

// --- The scenario table ----------------------------------------------------------------------------------

using Lines = std::vector<std::string>;
using Check = std::function<void(const StaffMode&)>;

struct Step {
    StaffInput input;
    Lines effects;
    std::string screen; // to_string of the screen after the step
    Check check = {};   // further facts of the view after the step
};

struct Scenario {
    std::string name;
    std::vector<Step> steps;
    StaffModeSettings settings{};
};

const std::string closed = "closed";
const std::string pin_pad = "staff-pin-pad";
const std::string locked = "staff-locked";
const std::string search = "staff-search";
const std::string card_screen = "staff-delegate-card";
const std::string reprint_reason = "staff-reprint-reason";
const std::string reprint_preview = "staff-reprint-preview";
const std::string undo_confirm = "staff-undo-confirm";
const std::string walk_in = "staff-walk-in";
const std::string devices_screen = "staff-devices";
const std::string statistics_screen = "staff-statistics";

std::vector<Step> join(std::vector<std::vector<Step>> parts) {
    std::vector<Step> steps;
    for (std::vector<Step>& part : parts) {
        for (Step& step : part) {
            steps.push_back(std::move(step));
        }
    }
    return steps;
}

// Anna signs in with her staff code at 0.
std::vector<Step> anna_signs_in() {
    return {{staff_code(0, "anna"), {"log anna: signed in with a staff code"}, search}};
}

// Anna signs in and opens her own card (card request 1) by a scan at 100.
std::vector<Step> anna_opens_a_card() {
    return join({anna_signs_in(),
                 {
                     {scan(100, "SER-0001"), {"load 1 SER-0001"}, card_screen},
                     {card(150, 1, anna()), {}, card_screen},
                 }});
}

// `count` wrong PINs one second apart from `start`, on an open pin pad; the last one locks when
// `locks` (the default settings lock at the fifth).
std::vector<Step> wrong_pins(std::int64_t start, int count, bool locks) {
    std::vector<Step> steps;
    for (int index = 0; index < count; ++index) {
        const std::int64_t time = start + 1000 * index;
        const bool last = index + 1 == count;
        steps.push_back({tap(time, StaffAction::digit, "9"), {}, pin_pad});
        steps.push_back({tap(time, StaffAction::pin_submit), {"check pin 9"}, pin_pad});
        if (last && locks) {
            steps.push_back({wrong_pin(time), {"log pin pad locked for 300 s after 5 wrong PINs"}, locked});
        } else {
            steps.push_back({wrong_pin(time), {}, pin_pad});
        }
    }
    return steps;
}

Check view_is(std::function<void(const StaffView&)> check) {
    return [check = std::move(check)](const StaffMode& mode) {
        check(mode.view());
    };
}

StaffModeSettings long_inactivity() {
    StaffModeSettings settings;
    settings.inactivity = 10min;
    return settings;
}

std::vector<Scenario> scenarios() {
    return {
        {"right_pin_signs_in",
         {
             {open(0), {}, pin_pad, view_is([](const StaffView& view) {
                  EXPECT_EQ(view.pin_digits, 0U);
                  EXPECT_EQ(view.attempts_left, 5U);
                  EXPECT_TRUE(view.staff_name.empty());
              })},
             {tap(100, StaffAction::digit, "1"), {}, pin_pad},
             {tap(200, StaffAction::digit, "2"), {}, pin_pad},
             {tap(300, StaffAction::digit, "3"), {}, pin_pad},
             {tap(400, StaffAction::digit, "4"), {}, pin_pad, view_is([](const StaffView& view) {
                  EXPECT_EQ(view.pin_digits, 4U);
              })},
             // While the kiosk checks the PIN (Argon2id, on a worker) the dots stay as they were.
             {tap(500, StaffAction::pin_submit),
              {"check pin 1234"},
              pin_pad,
              view_is([](const StaffView& view) { EXPECT_EQ(view.pin_digits, 4U); })},
             {right_pin(520, "anna"), {"log anna: signed in"}, search, view_is([](const StaffView& view) {
                  EXPECT_EQ(view.staff_name, "anna");
                  EXPECT_EQ(view.focus, StaffField::search);
                  EXPECT_FALSE(view.pin_rejected);
              })},
         }},
        {"wrong_pin_then_right_with_the_keyboard",
         {
             {open(0), {}, pin_pad},
             {text(100, "12a3"), {}, pin_pad, view_is([](const StaffView& view) {
                  EXPECT_EQ(view.pin_digits, 3U);
              })},
             {key(200, StaffKey::backspace), {}, pin_pad, view_is([](const StaffView& view) {
                  EXPECT_EQ(view.pin_digits, 2U);
              })},
             {tap(300, StaffAction::pin_backspace), {}, pin_pad, view_is([](const StaffView& view) {
                  EXPECT_EQ(view.pin_digits, 1U);
              })},
             {key(400, StaffKey::enter), {"check pin 1"}, pin_pad},
             {key(450, StaffKey::enter), {}, pin_pad}, // nothing entered: nothing to check
             {wrong_pin(500), {}, pin_pad, view_is([](const StaffView& view) {
                  EXPECT_TRUE(view.pin_rejected);
                  EXPECT_EQ(view.attempts_left, 4U);
              })},
             {text(600, "1234567890"), {}, pin_pad, view_is([](const StaffView& view) {
                  EXPECT_EQ(view.pin_digits, 8U);
              })},
             {tap(700, StaffAction::pin_submit), {"check pin 12345678"}, pin_pad},
             {tap(710, StaffAction::digit, "5"), {}, pin_pad},
             {tap(720, StaffAction::pin_submit), {}, pin_pad}, // one check at a time
             {right_pin(800, "anna"), {"log anna: signed in"}, search, view_is([](const StaffView& view) {
                  EXPECT_EQ(view.attempts_left, 5U);
              })},
         }},
        {"wrong_pins_count_across_openings",
         join({{{open(0), {}, pin_pad}},
               wrong_pins(1000, 3, false),
               {
                   {key(4000, StaffKey::escape), {"closed"}, closed},
                   {open(5000), {}, pin_pad, view_is([](const StaffView& view) {
                        EXPECT_EQ(view.attempts_left, 2U);
                        EXPECT_FALSE(view.pin_rejected);
                    })},
               },
               wrong_pins(6000, 1, false),
               {
                   {tap(7000, StaffAction::digit, "1"), {}, pin_pad, view_is([](const StaffView& view) {
                        EXPECT_EQ(view.attempts_left, 1U);
                    })},
                   {tap(7100, StaffAction::pin_submit), {"check pin 1"}, pin_pad},
                   {right_pin(7200, "anna"), {"log anna: signed in"}, search},
                   {tap(7300, StaffAction::exit), {"log anna: signed out", "closed"}, closed},
                   {open(7400), {}, pin_pad, view_is([](const StaffView& view) {
                        EXPECT_EQ(view.attempts_left, 5U);
                    })},
               }})},
        {"lockout_after_five_wrong_pins_and_its_countdown",
         join({{{open(0), {}, pin_pad}},
               wrong_pins(1000, 5, true), // the fifth at 5000 locks until 305000
               {
                   {tick(5000),
                    {},
                    locked,
                    [](const StaffMode& mode) {
                        EXPECT_EQ(mode.view().locked_for, 300s);
                        EXPECT_EQ(mode.view().attempts_left, 0U);
                        EXPECT_EQ(mode.view().pin_digits, 0U);
                        EXPECT_EQ(mode.next_deadline(), at(6000));
                    }},
                   {tick(5001), {}, locked, view_is([](const StaffView& view) {
                        EXPECT_EQ(view.locked_for, 300s);
                    })},
                   {tick(6000),
                    {},
                    locked,
                    [](const StaffMode& mode) {
                        EXPECT_EQ(mode.view().locked_for, 299s);
                        EXPECT_EQ(mode.next_deadline(), at(7000));
                    }},
                   {tap(6500, StaffAction::digit, "1"), {}, locked, view_is([](const StaffView& view) {
                        EXPECT_EQ(view.pin_digits, 0U);
                    })},
                   {text(6600, "1"), {}, locked},
                   {key(6700, StaffKey::enter), {}, locked},
                   {tick(304999),
                    {},
                    locked,
                    [](const StaffMode& mode) {
                        EXPECT_EQ(mode.view().locked_for, 1s);
                        EXPECT_EQ(mode.next_deadline(), at(305000));
                    }},
                   {tick(305000), {}, pin_pad, view_is([](const StaffView& view) {
                        EXPECT_EQ(view.locked_for, 0s);
                        EXPECT_EQ(view.attempts_left, 5U);
                        EXPECT_FALSE(view.pin_rejected);
                    })},
               }}),
         long_inactivity()},
        {"lockout_persists_across_exit",
         join({{{open(0), {}, pin_pad}},
               wrong_pins(1000, 5, true), // locked until 305000
               {
                   {key(6000, StaffKey::escape), {"closed"}, closed},
                   {open(7000), {}, locked, view_is([](const StaffView& view) {
                        EXPECT_EQ(view.locked_for, 298s);
                    })},
                   {tap(8000, StaffAction::exit), {"closed"}, closed},
                   {open(9000), {}, locked},
                   {tick(129000), {"closed"}, closed}, // inactivity closes the locked screen too
                   {open(305000), {}, pin_pad, view_is([](const StaffView& view) {
                        EXPECT_EQ(view.attempts_left, 5U);
                    })},
               }})},
        {"staff_code_signs_in_from_the_lock",
         join({{{open(0), {}, pin_pad}},
               wrong_pins(1000, 5, true),
               {
                   {staff_code(6000, "ewa"),
                    {"log ewa: signed in with a staff code"},
                    search,
                    view_is([](const StaffView& view) { EXPECT_EQ(view.staff_name, "ewa"); })},
                   {staff_code(6100, "anna"), {}, search, view_is([](const StaffView& view) {
                        EXPECT_EQ(view.staff_name, "ewa");
                    })},
                   {tap(7000, StaffAction::exit), {"log ewa: signed out", "closed"}, closed},
                   {open(8000), {}, pin_pad, view_is([](const StaffView& view) {
                        EXPECT_EQ(view.attempts_left, 5U);
                    })},
               }})},
        {"staff_code_signs_in_while_closed",
         {
             {staff_code(0, "anna"), {"log anna: signed in with a staff code"}, search},
         }},
        {"a_pin_answer_after_closing_is_dropped",
         {
             {open(0), {}, pin_pad},
             {tap(100, StaffAction::digit, "1"), {}, pin_pad},
             {tap(200, StaffAction::pin_submit), {"check pin 1"}, pin_pad},
             {key(300, StaffKey::escape), {"closed"}, closed},
             {right_pin(400, "anna"), {}, closed},
             {open(500), {}, pin_pad},
             {wrong_pin(600), {}, pin_pad, view_is([](const StaffView& view) {
                  EXPECT_EQ(view.attempts_left, 5U);
              })},
         }},
        {"search_with_typing_and_stale_answers",
         join({anna_signs_in(),
               {
                   {tap(100, StaffAction::key, "a"),
                    {"search 1 a"},
                    search,
                    view_is([](const StaffView& view) {
                        EXPECT_EQ(view.search_query, "a");
                        EXPECT_TRUE(view.searching);
                    })},
                   {text(200, "nn"), {"search 2 ann"}, search},
                   {found(300, 1, {anna(), jan()}), {}, search, view_is([](const StaffView& view) {
                        EXPECT_TRUE(view.hits.empty());
                        EXPECT_TRUE(view.searching);
                    })},
                   {found(400, 2, {anna()}), {}, search, view_is([](const StaffView& view) {
                        ASSERT_EQ(view.hits.size(), 1U);
                        EXPECT_EQ(view.hits[0].delegate.code, "SER-0001");
                        EXPECT_FALSE(view.searching);
                    })},
                   {tap(450, StaffAction::backspace), {"search 3 an"}, search},
                   {tap(500, StaffAction::clear_field), {}, search, view_is([](const StaffView& view) {
                        EXPECT_EQ(view.search_query, "");
                        EXPECT_TRUE(view.hits.empty());
                        EXPECT_FALSE(view.searching);
                    })},
                   {found(600, 3, {anna()}), {}, search, view_is([](const StaffView& view) {
                        EXPECT_TRUE(view.hits.empty());
                    })},
                   {tap(700, StaffAction::space),
                    {},
                    search, // spaces alone are no query
                    view_is([](const StaffView& view) { EXPECT_EQ(view.search_query, " "); })},
                   {text(800, "jan "), {"search 4 jan"}, search},
               }})},
        {"backspace_removes_a_whole_polish_letter",
         join({anna_signs_in(),
               {
                   {text(100, "Michał"), {"search 1 Michał"}, search},
                   {tap(200, StaffAction::backspace),
                    {"search 2 Micha"},
                    search,
                    view_is([](const StaffView& view) { EXPECT_EQ(view.search_query, "Micha"); })},
                   {tap(300, StaffAction::clear_field), {}, search},
                   {text(400, "ł"), {"search 3 ł"}, search},
                   {key(500, StaffKey::backspace), {}, search, view_is([](const StaffView& view) {
                        EXPECT_EQ(view.search_query, "");
                    })},
                   {key(600, StaffKey::backspace), {}, search},
               }})},
        {"shift_types_one_upper_case_letter",
         join({anna_signs_in(),
               {
                   {tap(100, StaffAction::shift), {}, search, view_is([](const StaffView& view) {
                        EXPECT_TRUE(view.shift);
                    })},
                   {tap(200, StaffAction::key, "ą"),
                    {"search 1 Ą"},
                    search,
                    view_is([](const StaffView& view) {
                        EXPECT_EQ(view.search_query, "Ą");
                        EXPECT_FALSE(view.shift);
                    })},
                   {tap(300, StaffAction::key, "b"), {"search 2 Ąb"}, search},
                   {tap(400, StaffAction::space), {"search 3 Ąb"}, search},
                   {tap(500, StaffAction::shift), {}, search},
                   {tap(600, StaffAction::key, "ż"), {"search 4 Ąb Ż"}, search},
                   {tap(700, StaffAction::shift), {}, search},
                   {tap(800, StaffAction::shift),
                    {},
                    search, // twice: off again
                    view_is([](const StaffView& view) { EXPECT_FALSE(view.shift); })},
                   {tap(900, StaffAction::key, "x"), {"search 5 Ąb Żx"}, search},
               }})},
        {"open_hit_shows_the_card",
         join({anna_signs_in(),
               {
                   {text(100, "kow"), {"search 1 kow"}, search},
                   {found(200, 1, {anna(), jan()}), {}, search},
                   {tap(250, StaffAction::open_hit, "7"), {}, search},
                   {tap(260, StaffAction::open_hit, "x"), {}, search},
                   {tap(300, StaffAction::open_hit, "1"),
                    {"load 2 SER-0002"},
                    card_screen,
                    view_is([](const StaffView& view) {
                        EXPECT_FALSE(view.card.has_value());
                        EXPECT_TRUE(view.busy);
                    })},
                   {card(400, 2, jan()), {}, card_screen, view_is([](const StaffView& view) {
                        ASSERT_TRUE(view.card.has_value());
                        EXPECT_EQ(view.card->delegate.code, "SER-0002");
                        EXPECT_EQ(view.card_events.size(), 1U);
                        EXPECT_FALSE(view.busy);
                    })},
                   {tap(500, StaffAction::back), {}, search, view_is([](const StaffView& view) {
                        EXPECT_FALSE(view.card.has_value());
                        EXPECT_EQ(view.search_query, "kow");
                        EXPECT_EQ(view.hits.size(), 2U);
                    })},
                   {key(600, StaffKey::enter), {"load 3 SER-0001"}, card_screen},
                   {key(700, StaffKey::escape), {}, search}, // leaving abandons the load
                   {card(800, 3, anna()), {}, search, view_is([](const StaffView& view) {
                        EXPECT_FALSE(view.card.has_value());
                        EXPECT_FALSE(view.busy);
                    })},
               }})},
        {"unknown_scanned_code",
         join({anna_signs_in(),
               {
                   {scan(100, "XYZ-9"), {"load 1 XYZ-9"}, card_screen},
                   {no_card(200, 1), {}, search, view_is([](const StaffView& view) {
                        EXPECT_EQ(view.notice, "Nie znaleziono kodu XYZ-9");
                        EXPECT_TRUE(view.notice_is_error);
                    })},
                   {tap(300, StaffAction::toggle_language), {}, search, view_is([](const StaffView& view) {
                        EXPECT_EQ(view.language, Language::en);
                        EXPECT_FALSE(view.notice.has_value());
                    })},
                   {scan(400, "ABC"), {"load 2 ABC"}, card_screen},
                   {no_card(500, 2), {}, search, view_is([](const StaffView& view) {
                        EXPECT_EQ(view.notice, "No delegate has the code ABC");
                    })},
                   {scan(600, "SER-0001"), {"load 3 SER-0001"}, card_screen},
                   {card_failed(700, 3, "the database is locked"),
                    {},
                    search,
                    view_is([](const StaffView& view) {
                        EXPECT_EQ(view.notice, "That did not work: the database is locked");
                        EXPECT_TRUE(view.notice_is_error);
                    })},
               }})},
        {"reprint_needs_a_reason",
         join({anna_opens_a_card(),
               {
                   {tap(200, StaffAction::reprint), {}, reprint_reason, view_is([](const StaffView& view) {
                        EXPECT_EQ(view.reason, "");
                        EXPECT_EQ(view.focus, StaffField::reason);
                    })},
                   {tap(300, StaffAction::confirm_reprint),
                    {},
                    reprint_reason,
                    view_is([](const StaffView& view) {
                        EXPECT_EQ(view.notice, "Podaj powód ponownego wydruku");
                        EXPECT_TRUE(view.notice_is_error);
                    })},
                   {text(350, "   "), {}, reprint_reason},
                   {key(360, StaffKey::enter), {}, reprint_reason},
                   {tap(400, StaffAction::reprint_preset, "lost"),
                    {},
                    reprint_reason,
                    view_is([](const StaffView& view) { EXPECT_EQ(view.reason, "zgubiony identyfikator"); })},
                   // The reason given, the badge's preview is asked for; nothing prints until it is shown.
                   {tap(500, StaffAction::confirm_reprint),
                    {"preview 2 SER-0001"},
                    reprint_preview,
                    view_is([](const StaffView& view) {
                        EXPECT_TRUE(view.busy);
                        EXPECT_FALSE(view.badge_preview.has_value());
                        EXPECT_EQ(view.reason, "zgubiony identyfikator");
                        EXPECT_FALSE(view.notice.has_value());
                    })},
                   {tap(520, StaffAction::print_reprint), {}, reprint_preview},
                   {previewed(530, 2, "/var/lib/kiosk/mirror.db.badge-preview-2.png"),
                    {},
                    reprint_preview,
                    view_is([](const StaffView& view) {
                        EXPECT_FALSE(view.busy);
                        EXPECT_EQ(view.badge_preview,
                                  std::filesystem::path("/var/lib/kiosk/mirror.db.badge-preview-2.png"));
                    })},
                   {tap(540, StaffAction::print_reprint),
                    {"reprint 3 SER-0001 (zgubiony identyfikator) by anna",
                     "log anna: reprint, code ending 0001"},
                    reprint_preview,
                    view_is([](const StaffView& view) { EXPECT_TRUE(view.busy); })},
                   {tap(550, StaffAction::print_reprint), {}, reprint_preview},
                   {done(600, 3, "Wydrukowano identyfikator ponownie", "SER-0001"),
                    {"load 4 SER-0001"},
                    card_screen,
                    view_is([](const StaffView& view) {
                        EXPECT_EQ(view.notice, "Wydrukowano identyfikator ponownie");
                        EXPECT_FALSE(view.notice_is_error);
                        EXPECT_TRUE(view.busy);
                        EXPECT_TRUE(view.card.has_value()); // the old card shows while it reloads
                        EXPECT_FALSE(view.badge_preview.has_value());
                    })},
                   {card(700, 4, anna()), {}, card_screen, view_is([](const StaffView& view) {
                        EXPECT_FALSE(view.busy);
                        EXPECT_EQ(view.notice, "Wydrukowano identyfikator ponownie");
                    })},
               }})},
        {"reprint_presets_in_english_and_a_typed_reason",
         join(
             {anna_opens_a_card(),
              {
                  {tap(200, StaffAction::toggle_language), {}, card_screen},
                  {tap(300, StaffAction::reprint), {}, reprint_reason},
                  {tap(400, StaffAction::reprint_preset, "damaged"),
                   {},
                   reprint_reason,
                   view_is([](const StaffView& view) { EXPECT_EQ(view.reason, "damaged badge"); })},
                  {tap(450, StaffAction::reprint_preset, "nonsense"),
                   {},
                   reprint_reason,
                   view_is([](const StaffView& view) { EXPECT_EQ(view.reason, "damaged badge"); })},
                  {tap(500, StaffAction::reprint_preset, "other"),
                   {},
                   reprint_reason,
                   view_is([](const StaffView& view) {
                       EXPECT_EQ(view.reason, "");
                       EXPECT_EQ(view.focus, StaffField::reason);
                   })},
                  {tap(550, StaffAction::confirm_reprint),
                   {},
                   reprint_reason,
                   view_is([](const StaffView& view) {
                       EXPECT_EQ(view.notice, "Give a reason for printing the badge again");
                   })},
                  {text(600, " name misspelt "), {}, reprint_reason},
                  {tap(700, StaffAction::back), {}, card_screen, view_is([](const StaffView& view) {
                       EXPECT_EQ(view.reason, "");
                   })},
                  {tap(800, StaffAction::reprint), {}, reprint_reason},
                  {text(900, " name misspelt "), {}, reprint_reason},
                  {key(1000, StaffKey::enter), {"preview 2 SER-0001"}, reprint_preview},
                  {key(1050, StaffKey::enter), {}, reprint_preview}, // no preview yet: nothing prints
                  // Back from the preview keeps the reason to change it; the preview on its way is dropped.
                  {tap(1100, StaffAction::back), {}, reprint_reason, view_is([](const StaffView& view) {
                       EXPECT_EQ(view.reason, "name misspelt");
                       EXPECT_FALSE(view.busy);
                   })},
                  {previewed(1150, 2, "/tmp/old.png"), {}, reprint_reason, view_is([](const StaffView& view) {
                       EXPECT_FALSE(view.badge_preview.has_value());
                   })},
                  {key(1200, StaffKey::enter), {"preview 3 SER-0001"}, reprint_preview},
                  // A preview that cannot be made: back to the reason with why, nothing printed.
                  {preview_failed(1300, 3, "The badge's preview could not be made: no glyph"),
                   {},
                   reprint_reason,
                   view_is([](const StaffView& view) {
                       EXPECT_EQ(view.notice, "The badge's preview could not be made: no glyph");
                       EXPECT_TRUE(view.notice_is_error);
                       EXPECT_EQ(view.reason, "name misspelt");
                   })},
                  {key(1400, StaffKey::enter), {"preview 4 SER-0001"}, reprint_preview},
                  {previewed(1500, 4, "/tmp/new.png"), {}, reprint_preview},
                  {key(1600, StaffKey::enter),
                   {"reprint 5 SER-0001 (name misspelt) by anna", "log anna: reprint, code ending 0001"},
                   reprint_preview},
              }})},
        // Every hit says where the delegate stands today, and only the rows the card would offer a check-in
        // on take one; it goes the card's way (the check-in prints the badge) and the card opens.
        {"search_rows_check_in_where_the_card_would",
         join({anna_signs_in(),
               {
                   {text(100, "kow"), {"search 1 kow"}, search},
                   {found_with(200, 1,
                               {anna(), jan(), delegate("SER-0003", "Ewa", "Kowal"),
                                delegate("SER-0004", "Olga", "Kos"), delegate("SER-0005", "Piotr", "Kot")},
                               {{CardArrival::not_yet, 0},
                                {CardArrival::arrived, 1000},
                                {CardArrival::cancelled, 0},
                                {CardArrival::not_registered_today, 0}}),
                    {},
                    search,
                    view_is([](const StaffView& view) {
                        ASSERT_EQ(view.hit_statuses.size(), 4U); // the fifth's is not known
                        EXPECT_EQ(view.hit_statuses[1], (CardStatus{CardArrival::arrived, 1000}));
                    })},
                   {tap(300, StaffAction::check_in, "1"), {}, search}, // arrived
                   {tap(310, StaffAction::check_in, "2"), {}, search}, // cancelled
                   {tap(320, StaffAction::check_in, "3"), {}, search}, // another day's
                   {tap(330, StaffAction::check_in, "5"), {}, search}, // no such row
                   {tap(340, StaffAction::check_in, "x"), {}, search},
                   {tap(400, StaffAction::check_in, "0"),
                    {"check in 2 SER-0001 by anna", "log anna: check in from the search, code ending 0001"},
                    search,
                    view_is([](const StaffView& view) { EXPECT_TRUE(view.busy); })},
                   {tap(450, StaffAction::check_in, "4"), {}, search}, // one action at a time
                   // The card opens, and the hits are asked for again: anna's row has changed.
                   {done(500, 2, "Odnotowano przybycie", "SER-0001"),
                    {"load 3 SER-0001", "search 4 kow"},
                    card_screen,
                    view_is([](const StaffView& view) {
                        EXPECT_EQ(view.notice, "Odnotowano przybycie");
                        EXPECT_TRUE(view.busy);
                    })},
                   {card(600, 3, anna()), {}, card_screen},
                   {tap(700, StaffAction::back), {}, search},
                   {found_with(750, 4, {anna(), delegate("SER-0005", "Piotr", "Kot")},
                               {{CardArrival::arrived, 1000}}),
                    {},
                    search},
                   {tap(760, StaffAction::check_in, "0"), {}, search}, // arrived now
                   // A row whose state is not known offers what the card would then.
                   {tap(800, StaffAction::check_in, "1"),
                    {"check in 5 SER-0005 by anna", "log anna: check in from the search, code ending 0005"},
                    search},
               }})},
        {"walk_in_roles_come_from_the_roster",
         join({anna_signs_in(),
               {
                   {tap(100, StaffAction::tab, "walk_in"), {"load roles"}, walk_in},
                   {roles(200, {"delegat", "prelegent", "gość"}),
                    {},
                    walk_in,
                    view_is([](const StaffView& view) {
                        EXPECT_EQ(view.walk_in_roles,
                                  (std::vector<std::string>{"delegat", "prelegent", "gość"}));
                    })},
                   {tap(300, StaffAction::choose_role, "1"), {}, walk_in, view_is([](const StaffView& view) {
                        EXPECT_EQ(view.walk_in.role, "prelegent");
                    })},
                   {tap(310, StaffAction::choose_role, "3"), {}, walk_in, view_is([](const StaffView& view) {
                        EXPECT_EQ(view.walk_in.role, "prelegent");
                    })},
                   {tap(320, StaffAction::focus_field, "role"), {}, walk_in},
                   {tap(330, StaffAction::clear_field), {}, walk_in},
                   {tap(400, StaffAction::focus_field, "first_name"), {}, walk_in},
                   {text(410, "Jan"), {}, walk_in},
                   {tap(420, StaffAction::focus_field, "last_name"), {}, walk_in},
                   {text(430, "Nowak"), {}, walk_in},
                   // An empty role is the roster's most common one.
                   {tap(500, StaffAction::create_walk_in),
                    {"walk-in 1 Jan|Nowak||delegat by anna", "log anna: walk-in registered"},
                    walk_in},
                   // Roles that cannot be read leave the form working, and say why.
                   {tap(600, StaffAction::tab, "walk_in"), {"load roles"}, walk_in},
                   {RolesAnswer{sync::fail(sync::Error::storage("the database is locked")), at(700)},
                    {},
                    walk_in,
                    view_is([](const StaffView& view) {
                        EXPECT_TRUE(view.notice_is_error);
                        EXPECT_EQ(view.walk_in_roles,
                                  (std::vector<std::string>{"delegat", "prelegent", "gość"}));
                    })},
               }})},
        {"undo_asks_for_confirmation_and_a_reason",
         join({anna_opens_a_card(),
               {
                   {tap(200, StaffAction::undo), {}, undo_confirm, view_is([](const StaffView& view) {
                        EXPECT_EQ(view.focus, StaffField::reason);
                    })},
                   {tap(300, StaffAction::back), {}, card_screen},
                   {tap(400, StaffAction::undo), {}, undo_confirm},
                   {tap(450, StaffAction::reprint_preset, "lost"),
                    {},
                    undo_confirm, // reprint reasons only
                    view_is([](const StaffView& view) { EXPECT_EQ(view.reason, ""); })},
                   {key(500, StaffKey::enter), {}, undo_confirm, view_is([](const StaffView& view) {
                        EXPECT_EQ(view.notice, "Podaj powód cofnięcia");
                    })},
                   {text(600, "pomyłka"), {}, undo_confirm},
                   {tap(700, StaffAction::confirm_undo),
                    {"undo 2 SER-0001 (pomyłka) by anna", "log anna: undo a check-in, code ending 0001"},
                    undo_confirm},
                   {failed(800, 2, "Nie ma dziś zameldowania do cofnięcia"),
                    {"load 3 SER-0001"},
                    card_screen,
                    view_is([](const StaffView& view) {
                        EXPECT_EQ(view.notice, "Nie ma dziś zameldowania do cofnięcia");
                        EXPECT_TRUE(view.notice_is_error);
                        EXPECT_EQ(view.reason, "");
                    })},
                   {card(900, 3, anna()), {}, card_screen, view_is([](const StaffView& view) {
                        EXPECT_FALSE(view.busy);
                    })},
               }})},
        {"undo_presets_fill_the_reason_in_the_staffs_language",
         join({anna_opens_a_card(),
               {
                   {tap(200, StaffAction::undo_preset, "mistake"), {}, card_screen}, // not on the card
                   {tap(300, StaffAction::undo), {}, undo_confirm},
                   {tap(400, StaffAction::undo_preset, "wrong_person"),
                    {},
                    undo_confirm,
                    view_is([](const StaffView& view) {
                        EXPECT_EQ(view.reason, "niewłaściwa osoba");
                        EXPECT_EQ(view.focus, StaffField::reason);
                    })},
                   {tap(450, StaffAction::undo_preset, "nonsense"),
                    {},
                    undo_confirm,
                    view_is([](const StaffView& view) { EXPECT_EQ(view.reason, "niewłaściwa osoba"); })},
                   {tap(500, StaffAction::undo_preset, "other"),
                    {},
                    undo_confirm,
                    view_is([](const StaffView& view) { EXPECT_EQ(view.reason, ""); })},
                   {tap(550, StaffAction::toggle_language), {}, undo_confirm},
                   {tap(600, StaffAction::undo_preset, "mistake"),
                    {},
                    undo_confirm,
                    view_is([](const StaffView& view) { EXPECT_EQ(view.reason, "scanned by mistake"); })},
                   {tap(700, StaffAction::confirm_undo),
                    {"undo 2 SER-0001 (scanned by mistake) by anna",
                     "log anna: undo a check-in, code ending 0001"},
                    undo_confirm},
               }})},
        // A tap on a card drawn before the delegate's state changed does not act against the new state:
        // no second check-in for someone who has arrived, no reprint or undo before the arrival.
        {"the_card_takes_only_the_actions_its_state_offers",
         join({anna_signs_in(),
               {
                   {scan(100, "SER-0001"), {"load 1 SER-0001"}, card_screen},
                   {card_on(150, 1, anna(),
                            sync::Day{std::chrono::year{2026}, std::chrono::November, std::chrono::day{29}},
                            true),
                    {},
                    card_screen},
                   {tap(200, StaffAction::check_in), {}, card_screen},
                   {tap(300, StaffAction::reprint), {}, reprint_reason},
                   {tap(400, StaffAction::back), {}, card_screen},
                   {tap(450, StaffAction::tab, "search"), {}, search},
                   {scan(500, "SER-0001"), {"load 2 SER-0001"}, card_screen},
                   {card_on(550, 2, anna(),
                            sync::Day{std::chrono::year{2026}, std::chrono::November, std::chrono::day{29}},
                            false),
                    {},
                    card_screen},
                   {tap(600, StaffAction::reprint), {}, card_screen},
                   {tap(650, StaffAction::undo), {}, card_screen},
                   {tap(700, StaffAction::check_in),
                    {"check in 3 SER-0001 by anna", "log anna: check in, code ending 0001"},
                    card_screen},
               }})},
        {"manual_check_in_and_busy_ignores_a_second_action",
         join({anna_opens_a_card(),
               {
                   {tap(200, StaffAction::check_in),
                    {"check in 2 SER-0001 by anna", "log anna: check in, code ending 0001"},
                    card_screen,
                    view_is([](const StaffView& view) { EXPECT_TRUE(view.busy); })},
                   {tap(210, StaffAction::check_in), {}, card_screen},
                   {tap(220, StaffAction::reprint), {}, card_screen},
                   {tap(230, StaffAction::undo), {}, card_screen},
                   {scan(240, "SER-0002"), {}, card_screen},
                   // Typing and tabs still work.
                   {tap(300, StaffAction::tab, "search"), {}, search},
                   {text(400, "jan"), {"search 3 jan"}, search},
                   {found(500, 3, {jan()}), {}, search},
                   {tap(600, StaffAction::open_hit, "0"), {}, search},
                   {key(650, StaffKey::enter), {}, search},
                   // The card reloads, and the hits are asked for again (a check-in changes their chips).
                   {done(700, 2, "Zameldowano Anna Kowalska"),
                    {"load 4 SER-0001", "search 5 jan"},
                    card_screen,
                    view_is(
                        [](const StaffView& view) { EXPECT_EQ(view.notice, "Zameldowano Anna Kowalska"); })},
                   {tap(710, StaffAction::check_in), {}, card_screen}, // still busy: the card reloads
                   {card(800, 4, anna()), {}, card_screen},
                   {tap(900, StaffAction::check_in),
                    {"check in 6 SER-0001 by anna", "log anna: check in, code ending 0001"},
                    card_screen},
               }})},
        {"walk_in_validation_and_success",
         join({anna_signs_in(),
               {
                   {tap(100, StaffAction::tab, "walk_in"),
                    {"load roles"},
                    walk_in,
                    view_is([](const StaffView& view) { EXPECT_EQ(view.focus, StaffField::first_name); })},
                   {tap(200, StaffAction::create_walk_in), {}, walk_in, view_is([](const StaffView& view) {
                        EXPECT_EQ(view.notice, "Podaj imię i nazwisko");
                        EXPECT_TRUE(view.notice_is_error);
                        EXPECT_EQ(view.focus, StaffField::first_name);
                    })},
                   {text(300, "  Jan "), {}, walk_in, view_is([](const StaffView& view) {
                        EXPECT_EQ(view.walk_in.first_name, "  Jan ");
                    })},
                   {tap(400, StaffAction::create_walk_in), {}, walk_in, view_is([](const StaffView& view) {
                        EXPECT_EQ(view.notice, "Podaj nazwisko");
                        EXPECT_EQ(view.focus, StaffField::last_name);
                    })},
                   {text(500, "Nowak"), {}, walk_in},
                   {key(600, StaffKey::tab), {}, walk_in, view_is([](const StaffView& view) {
                        EXPECT_EQ(view.focus, StaffField::organisation);
                    })},
                   {text(700, "Gmina Serock"), {}, walk_in},
                   {key(800, StaffKey::tab), {}, walk_in, view_is([](const StaffView& view) {
                        EXPECT_EQ(view.focus, StaffField::role);
                    })},
                   {key(900, StaffKey::tab), {}, walk_in, view_is([](const StaffView& view) {
                        EXPECT_EQ(view.focus, StaffField::first_name);
                    })},
                   {tap(950, StaffAction::focus_field, "search"),
                    {},
                    walk_in, // not a field of this form
                    view_is([](const StaffView& view) { EXPECT_EQ(view.focus, StaffField::first_name); })},
                   {tap(1000, StaffAction::create_walk_in),
                    {"walk-in 1 Jan|Nowak|Gmina Serock|Uczestnik by anna", "log anna: walk-in registered"},
                    walk_in,
                    view_is([](const StaffView& view) { EXPECT_TRUE(view.busy); })},
                   {tap(1050, StaffAction::create_walk_in), {}, walk_in},
                   {done(1100, 1, "Zarejestrowano: Jan Nowak", "WI-0001"),
                    {"load 2 WI-0001"},
                    card_screen,
                    view_is([](const StaffView& view) {
                        EXPECT_EQ(view.walk_in, WalkInForm{});
                        EXPECT_EQ(view.notice, "Zarejestrowano: Jan Nowak");
                        EXPECT_FALSE(view.card.has_value());
                    })},
                   {card(1200, 2, walk_in_jan()), {}, card_screen, view_is([](const StaffView& view) {
                        ASSERT_TRUE(view.card.has_value());
                        EXPECT_EQ(view.card->delegate.code, "WI-0001");
                    })},
               }})},
        {"walk_in_failure_keeps_the_form",
         join({anna_signs_in(),
               {
                   {tap(100, StaffAction::tab, "walk_in"), {"load roles"}, walk_in},
                   {tap(200, StaffAction::focus_field, "last_name"), {}, walk_in},
                   {text(300, "Nowak"), {}, walk_in},
                   {tap(400, StaffAction::focus_field, "first_name"), {}, walk_in},
                   {text(500, "Jan"), {}, walk_in},
                   {tap(600, StaffAction::focus_field, "role"), {}, walk_in},
                   {text(700, "gość"), {}, walk_in},
                   {key(800, StaffKey::enter),
                    {"walk-in 1 Jan|Nowak||gość by anna", "log anna: walk-in registered"},
                    walk_in},
                   {failed(900, 1, "Nie udało się zapisać"), {}, walk_in, view_is([](const StaffView& view) {
                        EXPECT_EQ(view.notice, "Nie udało się zapisać");
                        EXPECT_TRUE(view.notice_is_error);
                        EXPECT_EQ(view.walk_in, (WalkInForm{"Jan", "Nowak", "", "gość"}));
                        EXPECT_FALSE(view.busy);
                    })},
               }})},
        {"devices_panel_and_sound",
         join({anna_signs_in(),
               {
                   {tap(100, StaffAction::tab, "devices"),
                    {"refresh devices 1"},
                    devices_screen,
                    view_is([](const StaffView& view) {
                        EXPECT_TRUE(view.busy);
                        EXPECT_FALSE(view.devices.has_value());
                    })},
                   {tap(200, StaffAction::refresh), {}, devices_screen},
                   {devices(300, 1, panel("sim:///tmp/badges")),
                    {},
                    devices_screen,
                    view_is([](const StaffView& view) {
                        ASSERT_TRUE(view.devices.has_value());
                        EXPECT_EQ(view.devices->printer.address, "sim:///tmp/badges");
                        EXPECT_TRUE(view.devices->sound_on);
                        EXPECT_FALSE(view.busy);
                    })},
                   {tap(400, StaffAction::toggle_sound),
                    {"sound off"},
                    devices_screen,
                    view_is([](const StaffView& view) { EXPECT_FALSE(view.devices->sound_on); })},
                   {tap(500, StaffAction::refresh), {"refresh devices 2"}, devices_screen},
                   {devices(600, 1, panel("usb://stale")),
                    {},
                    devices_screen,
                    view_is([](const StaffView& view) {
                        EXPECT_EQ(view.devices->printer.address, "sim:///tmp/badges");
                    })},
                   {devices(700, 2, panel("usb://04f9:209d")),
                    {},
                    devices_screen,
                    view_is([](const StaffView& view) {
                        EXPECT_EQ(view.devices->printer.address, "usb://04f9:209d");
                        EXPECT_FALSE(view.devices->sound_on); // the toggle, not the panel gathered before it
                    })},
                   {tap(800, StaffAction::toggle_sound),
                    {"sound on"},
                    devices_screen,
                    view_is([](const StaffView& view) { EXPECT_TRUE(view.devices->sound_on); })},
               }})},
        {"statistics_refresh",
         join({anna_signs_in(),
               {
                   {tap(100, StaffAction::tab, "statistics"),
                    {"refresh statistics 1"},
                    statistics_screen,
                    view_is([](const StaffView& view) { EXPECT_TRUE(view.busy); })},
                   {statistics(200, 1, sync::fail(sync::Error::storage("the database is locked"))),
                    {},
                    statistics_screen,
                    view_is([](const StaffView& view) {
                        EXPECT_EQ(view.notice, "Nie udało się: the database is locked");
                        EXPECT_FALSE(view.statistics.has_value());
                        EXPECT_FALSE(view.busy);
                    })},
                   {tap(300, StaffAction::refresh), {"refresh statistics 2"}, statistics_screen},
                   {tap(350, StaffAction::tab, "devices"), {"refresh devices 3"}, devices_screen},
                   {statistics(400, 2, some_statistics()),
                    {},
                    devices_screen,
                    view_is([](const StaffView& view) { EXPECT_EQ(view.statistics, some_statistics()); })},
                   {statistics(500, 1, some_statistics()), {}, devices_screen},
               }})},
        {"inactivity_exit", join({anna_signs_in(),
                                  {
                                      {text(60000, "a"), {"search 1 a"}, search},
                                      {found(170000, 1, {anna()}), {}, search}, // an answer is no input
                                      {tick(179999), {}, search},
                                      {tick(180000),
                                       {"log anna: signed out after inactivity", "closed"},
                                       closed,
                                       view_is([](const StaffView& view) {
                                           EXPECT_EQ(view.search_query, "");
                                           EXPECT_TRUE(view.hits.empty());
                                           EXPECT_TRUE(view.staff_name.empty());
                                       })},
                                  }})},
        {"an_input_after_the_inactivity_deadline_finds_staff_mode_closed",
         join({anna_signs_in(),
               {
                   {tap(200000, StaffAction::key, "a"),
                    {"log anna: signed out after inactivity", "closed"},
                    closed},
                   {tap(200100, StaffAction::key, "a"), {}, closed},
               }})},
        {"the_pin_pad_closes_after_inactivity_without_a_log",
         {
             {open(0), {}, pin_pad},
             {tick(120000), {"closed"}, closed},
         }},
        {"exit_forgets_the_session",
         join({anna_opens_a_card(),
               {
                   {tap(200, StaffAction::toggle_language), {}, card_screen},
                   {tap(300, StaffAction::tab, "walk_in"), {"load roles"}, walk_in},
                   {text(400, "Jan"), {}, walk_in},
                   {tap(500, StaffAction::tab, "search"), {}, search},
                   {text(600, "kow"), {"search 2 kow"}, search},
                   {tap(700, StaffAction::exit),
                    {"log anna: signed out", "closed"},
                    closed,
                    view_is([](const StaffView& view) {
                        EXPECT_EQ(view.language, Language::pl);
                        EXPECT_EQ(view.search_query, "");
                        EXPECT_FALSE(view.card.has_value());
                        EXPECT_EQ(view.walk_in, WalkInForm{});
                        EXPECT_TRUE(view.staff_name.empty());
                        EXPECT_FALSE(view.searching);
                    })},
                   {found(800, 2, {anna()}), {}, closed, view_is([](const StaffView& view) {
                        EXPECT_TRUE(view.hits.empty());
                    })},
                   {text(900, "a"), {}, closed},
               }})},
        {"time_never_runs_backwards",
         {
             {staff_code(100000, "anna"), {"log anna: signed in with a staff code"}, search},
             {tick(50), {}, search},
             {text(10, "a"), {"search 1 a"}, search}, // counts as input at 100000
             {tick(219999), {}, search},
             {tick(220000), {"log anna: signed out after inactivity", "closed"}, closed},
         }},
    };
}

// GoogleTest names a failing scenario by this instead of dumping its bytes.
void PrintTo(const Scenario& scenario, std::ostream* stream) {
    *stream << scenario.name;
}

class StaffScenario : public ::testing::TestWithParam<Scenario> {};

TEST_P(StaffScenario, GivesTheExpectedEffectsAndView) {
    const Scenario& scenario = GetParam();
    StaffMode mode(scenario.settings);
    EXPECT_FALSE(mode.is_open());
    for (std::size_t index = 0; index < scenario.steps.size(); ++index) {
        SCOPED_TRACE(fmt::format("step {}", index + 1));
        const Step& step = scenario.steps[index];
        EXPECT_EQ(describe(mode.handle(step.input)), step.effects);
        EXPECT_EQ(to_string(mode.view().screen), step.screen);
        EXPECT_EQ(mode.is_open(), step.screen != closed);
        if (step.check) {
            step.check(mode);
        }
    }
}

INSTANTIATE_TEST_SUITE_P(Table, StaffScenario, ::testing::ValuesIn(scenarios()),
                         [](const ::testing::TestParamInfo<Scenario>& scenario) {
                             return scenario.param.name;
                         });

// --- Single facts ----------------------------------------------------------------------------------------

StaffMode signed_in_mode() {
    StaffMode mode;
    mode.handle(staff_code(0, "anna"));
    return mode;
}

TEST(StaffCard, ARefusedSignedCodeSaysWhyAndOpensNoCard) {
    StaffMode mode = signed_in_mode();
    const auto effects = mode.handle(StaffCodeRefused{sync::CodeRefusal::revoked, at(100)});
    EXPECT_TRUE(effects.empty());
    EXPECT_EQ(mode.view().notice, "Ten kod jest nieważny (unieważniony)");
    EXPECT_TRUE(mode.view().notice_is_error);
    EXPECT_FALSE(mode.view().card.has_value());
}

// An enrolment code: one exchange at a time, its start and its end told in the staff's language; a damaged
// code asks for nothing.
TEST(StaffEnrolment, AScannedCodeAsksForOneExchangeAndShowsItsOutcome) {
    StaffMode mode = signed_in_mode();
    auto effects = mode.handle(StaffEnrolmentScanned{"https://192.0.2.7:8470", at(100)});
    ASSERT_EQ(effects.size(), 1U);
    ASSERT_TRUE(std::holds_alternative<StaffEnrol>(effects[0]));
    const RequestId request = std::get<StaffEnrol>(effects[0]).request;
    EXPECT_EQ(std::get<StaffEnrol>(effects[0]).hub, "https://192.0.2.7:8470");
    EXPECT_EQ(mode.view().notice, "Zapisuję kiosk w hubie https://192.0.2.7:8470…");
    EXPECT_FALSE(mode.view().notice_is_error);
    // A second scan while the first is under way asks for nothing more.
    EXPECT_TRUE(mode.handle(StaffEnrolmentScanned{"https://192.0.2.7:8470", at(150)}).empty());
    mode.handle(EnrolmentAnswer{request + 100, std::string("not this one"), at(180)});
    EXPECT_NE(mode.view().notice, "not this one");
    mode.handle(EnrolmentAnswer{request, std::string("Kiosk zapisany"), at(200)});
    EXPECT_EQ(mode.view().notice, "Kiosk zapisany");
    EXPECT_FALSE(mode.view().notice_is_error);

    EXPECT_TRUE(mode.handle(StaffEnrolmentScanned{"", at(300)}).empty());
    EXPECT_EQ(mode.view().notice,
              "Kod zapisu kiosku jest uszkodzony lub ucięty — poproś organizatora o nowy.");
    EXPECT_TRUE(mode.view().notice_is_error);
}

TEST(StaffCard, KeepsWhetherTheDelegateCameFromASignedInvitation) {
    StaffMode mode = signed_in_mode();
    mode.handle(scan(100, "SER-0001"));
    CardAnswer answer{1, sync::DelegateRecord{anna(), {}}, {}, at(150)};
    answer.from_invitation = true;
    mode.handle(answer);
    ASSERT_TRUE(mode.view().card.has_value());
    EXPECT_TRUE(mode.view().card_from_invitation);
    mode.handle(scan(200, "SER-0002"));
    mode.handle(CardAnswer{2, sync::DelegateRecord{jan(), {}}, {}, at(250)});
    EXPECT_FALSE(mode.view().card_from_invitation);
}

// The card keeps the kiosk's day from the answer, for its banner; the next card's day replaces it.
TEST(StaffCard, KeepsTheDayTheCardWasLoadedOn) {
    StaffMode mode = signed_in_mode();
    mode.handle(scan(100, "SER-0001"));
    CardAnswer answer{1, sync::DelegateRecord{anna(), {}}, {}, at(150)};
    const sync::Day day{std::chrono::year(2026), std::chrono::November, std::chrono::day(30)};
    answer.day = day;
    mode.handle(answer);
    EXPECT_EQ(mode.view().card_day, day);
    mode.handle(scan(200, "SER-0002"));
    mode.handle(CardAnswer{2, sync::DelegateRecord{jan(), {}}, {}, at(250)});
    EXPECT_EQ(mode.view().card_day, std::nullopt);
}

TEST(CardStatus, CancelledFirstThenTodaysArrivalThenTheDays) {
    const sync::Day first{std::chrono::year(2026), std::chrono::November, std::chrono::day(29)};
    const sync::Day second{std::chrono::year(2026), std::chrono::November, std::chrono::day(30)};
    sync::DelegateRecord record{anna(), {}};
    record.delegate.days = {first};
    // Registered for today, not arrived.
    EXPECT_EQ(card_status(record, first).arrival, CardArrival::not_yet);
    // Registered for another day only.
    EXPECT_EQ(card_status(record, second).arrival, CardArrival::not_registered_today);
    // No days: every day of the event.
    record.delegate.days.clear();
    EXPECT_EQ(card_status(record, second).arrival, CardArrival::not_yet);
    // Arrived today, with the time; an arrival on another day does not count for today.
    record.attendance.push_back(sync::Attendance{first, 1'795'939'200'000, "kiosk-1"});
    const CardStatus arrived = card_status(record, first);
    EXPECT_EQ(arrived.arrival, CardArrival::arrived);
    EXPECT_EQ(arrived.arrived_at_milliseconds, 1'795'939'200'000);
    EXPECT_EQ(card_status(record, second).arrival, CardArrival::not_yet);
    // The day unknown: nothing is claimed.
    EXPECT_EQ(card_status(record, std::nullopt).arrival, CardArrival::unknown);
    // Cancelled wins over an arrival and over an unknown day.
    record.delegate.status = sync::DelegateStatus::cancelled;
    EXPECT_EQ(card_status(record, first).arrival, CardArrival::cancelled);
    EXPECT_EQ(card_status(record, std::nullopt).arrival, CardArrival::cancelled);
}

TEST(WalkInRoles, TheRostersRolesMostDelegatesFirstThenInPolishOrder) {
    const auto record = [](std::string role, sync::DelegateStatus status = sync::DelegateStatus::active) {
        sync::Delegate each = delegate("X", "A", "B");
        each.role = std::move(role);
        each.status = status;
        return sync::DelegateRecord{each, {}};
    };
    const std::vector<sync::DelegateRecord> records{
        record("Uczestnik"),  record("Uczestnik"),
        record("Uczestnik"),  record("Ekspert"),
        record("Ekspert"),    record("Łącznik"),
        record("Lektor"),     record("  "),
        record(""),           record("Zarząd", sync::DelegateStatus::cancelled),
        record("organizator")};
    // Ties in Polish order, case ignored: Lektor, Łącznik, organizator; cancelled and empty roles count
    // nowhere.
    EXPECT_EQ(walk_in_roles_of(records),
              (std::vector<std::string>{"Uczestnik", "Ekspert", "Lektor", "Łącznik", "organizator"}));
    EXPECT_EQ(walk_in_roles_of(records, 2), (std::vector<std::string>{"Uczestnik", "Ekspert"}));
    EXPECT_EQ(walk_in_roles_of({}), (std::vector<std::string>{"Uczestnik"}));
    EXPECT_EQ(walk_in_roles_of({record(""), record("Zarząd", sync::DelegateStatus::cancelled)}),
              (std::vector<std::string>{"Uczestnik"}));
}

TEST(StaffKeyboard, ShiftUpperCasesEveryPolishLetter) {
    const std::vector<std::pair<std::string, std::string>> letters{
        {"a", "A"}, {"z", "Z"}, {"ą", "Ą"}, {"ć", "Ć"}, {"ę", "Ę"}, {"ł", "Ł"}, {"ń", "Ń"},
        {"ó", "Ó"}, {"ś", "Ś"}, {"ź", "Ź"}, {"ż", "Ż"}, {"-", "-"}, {"'", "'"}, {"1", "1"},
    };
    for (const auto& [lower, upper] : letters) {
        SCOPED_TRACE(lower);
        StaffMode mode = signed_in_mode();
        mode.handle(tap(10, StaffAction::key, lower));
        EXPECT_EQ(mode.view().search_query, lower);
        mode.handle(tap(20, StaffAction::clear_field));
        mode.handle(tap(30, StaffAction::shift));
        mode.handle(tap(40, StaffAction::key, lower));
        EXPECT_EQ(mode.view().search_query, upper);
        EXPECT_FALSE(mode.view().shift);
    }
}

TEST(StaffKeyboard, HitsAreKeptAtMostEight) {
    StaffMode mode = signed_in_mode();
    mode.handle(text(10, "a"));
    std::vector<sync::Delegate> many;
    for (int index = 0; index < 12; ++index) {
        many.push_back(delegate(fmt::format("SER-{:04}", index), "Anna", "Kowalska"));
    }
    mode.handle(found(20, 1, many));
    ASSERT_EQ(mode.view().hits.size(), 8U);
    EXPECT_EQ(mode.view().hits[7].delegate.code, "SER-0007");
}

TEST(StaffKeyboard, ControlCharactersAreNotTyped) {
    StaffMode mode = signed_in_mode();
    EXPECT_EQ(describe(mode.handle(text(10, "an\tna\n"))), Lines{"search 1 anna"});
    EXPECT_EQ(mode.view().search_query, "anna");
}

TEST(StaffDeadlines, InactivityAndClosed) {
    StaffMode mode;
    EXPECT_EQ(mode.next_deadline(), std::nullopt);
    mode.handle(staff_code(0, "anna"));
    EXPECT_EQ(mode.next_deadline(), at(120000));
    mode.handle(tap(5000, StaffAction::shift));
    EXPECT_EQ(mode.next_deadline(), at(125000));
    mode.handle(tick(6000)); // a tick is no input
    EXPECT_EQ(mode.next_deadline(), at(125000));
    mode.handle(tap(7000, StaffAction::exit));
    EXPECT_EQ(mode.next_deadline(), std::nullopt);
}

TEST(StaffDeadlines, InactivityComesFirstWhenSooner) {
    StaffMode mode; // inactivity 2 minutes, lockout 5 minutes
    mode.handle(open(0));
    for (int index = 0; index < 5; ++index) {
        mode.handle(tap(1000, StaffAction::digit, "9"));
        mode.handle(tap(1000, StaffAction::pin_submit));
        mode.handle(wrong_pin(1000));
    }
    ASSERT_EQ(mode.view().screen, StaffScreen::locked);
    EXPECT_EQ(mode.next_deadline(), at(2000)); // the countdown's next second
    mode.handle(tick(120500));
    EXPECT_EQ(mode.next_deadline(), at(121000)); // inactivity ends at 121000, as the countdown ticks
    EXPECT_EQ(mode.view().locked_for, 181s);
}

// Five wrong PINs at `time`; the last lockout state the mode asked to keep.
std::optional<StaffLockoutState> five_wrong_pins(StaffMode& mode, std::int64_t time) {
    std::optional<StaffLockoutState> kept;
    mode.handle(open(time));
    for (int index = 0; index < 5; ++index) {
        mode.handle(tap(time, StaffAction::digit, "9"));
        mode.handle(tap(time, StaffAction::pin_submit));
        for (const auto& effect : mode.handle(wrong_pin(time))) {
            if (const auto* changed = std::get_if<StaffLockoutChanged>(&effect)) {
                kept = changed->state;
            }
        }
    }
    return kept;
}

TEST(StaffLockout, GrowsFromOneToFiveToThirtyMinutesUntilARightPin) {
    StaffMode mode(StaffModeSettings{.lockout_duration = std::chrono::minutes(1)});
    std::int64_t now = 0;
    for (const auto expected : {60s, 300s, 1800s, 1800s}) {
        const auto kept = five_wrong_pins(mode, now);
        ASSERT_EQ(mode.view().screen, StaffScreen::locked);
        EXPECT_EQ(mode.view().locked_for, expected);
        ASSERT_TRUE(kept.has_value());
        EXPECT_EQ(kept->wrong_pins, 5U);
        EXPECT_EQ(kept->locked_until, at(now + std::chrono::milliseconds(expected).count()));
        now += std::chrono::milliseconds(expected).count();
        mode.handle(tick(now)); // the lockout ends; inactivity closed the pad long before
        mode.handle(tap(now, StaffAction::exit));
    }
    // A right PIN clears it all: the next lockout is a minute again, and the mode asks to keep that.
    mode.handle(open(now));
    mode.handle(tap(now, StaffAction::digit, "1"));
    mode.handle(tap(now, StaffAction::pin_submit));
    const auto effects = mode.handle(right_pin(now, "anna"));
    ASSERT_FALSE(effects.empty());
    EXPECT_EQ(effects.front(), StaffEffect{StaffLockoutChanged{}});
    mode.handle(tap(now, StaffAction::exit));
    five_wrong_pins(mode, now);
    EXPECT_EQ(mode.view().locked_for, 60s);
}

// What the mode asked to keep, given back to a new one (the kiosk restarted): still locked, and the next
// lockout is the longer one.
TEST(StaffLockout, SurvivesARestartOfTheState) {
    const StaffModeSettings settings{.lockout_duration = std::chrono::minutes(1)};
    StaffMode before(settings);
    const auto kept = five_wrong_pins(before, 1000);
    ASSERT_TRUE(kept.has_value());
    EXPECT_EQ(*kept, (StaffLockoutState{5, 1, at(61000)}));

    StaffModeSettings restored = settings;
    restored.restored_lockout = *kept;
    StaffMode after(restored);
    after.handle(open(31000));
    EXPECT_EQ(after.view().screen, StaffScreen::locked);
    EXPECT_EQ(after.view().locked_for, 30s);
    after.handle(tap(31000, StaffAction::exit));
    after.handle(open(61000));
    EXPECT_EQ(after.view().screen, StaffScreen::pin_pad);
    after.handle(tap(61000, StaffAction::exit));
    const auto second = five_wrong_pins(after, 62000);
    EXPECT_EQ(after.view().locked_for, 300s);
    ASSERT_TRUE(second.has_value());
    EXPECT_EQ(second->lockouts, 2U);
}

TEST(StaffButtonIds, RoundTripForEveryAction) {
    const std::vector<std::string> arguments{"", "7", "ą", "Ż", "a:b", "::", "first_name", "12"};
    std::set<std::string> names;
    for (int index = 0; index <= static_cast<int>(StaffAction::exit); ++index) {
        const auto action = static_cast<StaffAction>(index);
        const std::string name(to_string(action));
        EXPECT_NE(name, "unknown");
        EXPECT_EQ(name.find(':'), std::string::npos);
        names.insert(name);
        for (const std::string& argument : arguments) {
            SCOPED_TRACE(fmt::format("{} {}", name, argument));
            const std::string id = staff_button_id(action, argument);
            EXPECT_EQ(parse_staff_button_id(id), (StaffButtonPress{action, argument}));
        }
    }
    EXPECT_EQ(names.size(), static_cast<std::size_t>(StaffAction::exit) + 1);
}

TEST(StaffButtonIds, Examples) {
    EXPECT_EQ(staff_button_id(StaffAction::digit, "7"), "digit:7");
    EXPECT_EQ(staff_button_id(StaffAction::key, "ą"), "key:ą");
    EXPECT_EQ(staff_button_id(StaffAction::open_hit, "3"), "open_hit:3");
    EXPECT_EQ(staff_button_id(StaffAction::exit), "exit");
    EXPECT_EQ(staff_button_id(StaffAction::toggle_language), "toggle_language");
    EXPECT_EQ(parse_staff_button_id("key::"), (StaffButtonPress{StaffAction::key, ":"}));
    EXPECT_EQ(parse_staff_button_id("tab:walk_in"), (StaffButtonPress{StaffAction::tab, "walk_in"}));
    EXPECT_EQ(parse_staff_button_id("digit:"), (StaffButtonPress{StaffAction::digit, ""}));
    EXPECT_EQ(parse_staff_button_id("nonsense"), std::nullopt);
    EXPECT_EQ(parse_staff_button_id("nonsense:1"), std::nullopt);
    EXPECT_EQ(parse_staff_button_id("Exit"), std::nullopt);
    EXPECT_EQ(parse_staff_button_id(""), std::nullopt);
    EXPECT_EQ(parse_staff_button_id(":7"), std::nullopt);
}

TEST(StaffNames, Screens) {
    const std::vector<std::pair<StaffScreen, std::string>> expected{
        {StaffScreen::closed, "closed"},
        {StaffScreen::pin_pad, "staff-pin-pad"},
        {StaffScreen::locked, "staff-locked"},
        {StaffScreen::search, "staff-search"},
        {StaffScreen::delegate_card, "staff-delegate-card"},
        {StaffScreen::reprint_reason, "staff-reprint-reason"},
        {StaffScreen::reprint_preview, "staff-reprint-preview"},
        {StaffScreen::undo_confirm, "staff-undo-confirm"},
        {StaffScreen::walk_in, "staff-walk-in"},
        {StaffScreen::devices, "staff-devices"},
        {StaffScreen::statistics, "staff-statistics"},
    };
    for (const auto& [screen, name] : expected) {
        EXPECT_EQ(to_string(screen), name);
    }
}

TEST(StaffNames, FieldsRoundTrip) {
    const std::vector<std::pair<StaffField, std::string>> expected{
        {StaffField::search, "search"},
        {StaffField::reason, "reason"},
        {StaffField::first_name, "first_name"},
        {StaffField::last_name, "last_name"},
        {StaffField::organisation, "organisation"},
        {StaffField::role, "role"},
    };
    for (const auto& [field, name] : expected) {
        EXPECT_EQ(to_string(field), name);
        EXPECT_EQ(staff_field_from(name), field);
    }
    EXPECT_EQ(staff_field_from("surname"), std::nullopt);
    EXPECT_EQ(staff_field_from(""), std::nullopt);
}

TEST(StaffNames, ReprintPresets) {
    const std::span<const ReprintPreset> presets = reprint_presets();
    ASSERT_EQ(presets.size(), 4U);
    EXPECT_EQ(presets[0].id, "lost");
    EXPECT_EQ(presets[0].journal_pl, "zgubiony identyfikator");
    EXPECT_EQ(presets[0].journal_en, "lost badge");
    EXPECT_EQ(presets[1].id, "damaged");
    EXPECT_EQ(presets[1].journal_pl, "uszkodzony identyfikator");
    EXPECT_EQ(presets[1].journal_en, "damaged badge");
    EXPECT_EQ(presets[2].id, "typo");
    EXPECT_EQ(presets[2].journal_pl, "błąd w danych");
    EXPECT_EQ(presets[2].journal_en, "error in the details");
    EXPECT_EQ(presets[3].id, "other");
    EXPECT_EQ(presets[3].journal_pl, "");
    EXPECT_EQ(presets[3].journal_en, "");
}

TEST(StaffSettings, SoundStartsAsConfiguredAndSurvivesExit) {
    StaffModeSettings settings;
    settings.sound_on = false;
    StaffMode mode(settings);
    mode.handle(staff_code(0, "anna"));
    EXPECT_EQ(describe(mode.handle(tap(10, StaffAction::toggle_sound))), Lines{"sound on"});
    mode.handle(tap(20, StaffAction::exit));
    mode.handle(staff_code(30, "anna"));
    EXPECT_EQ(describe(mode.handle(tap(40, StaffAction::toggle_sound))), Lines{"sound off"});
}

TEST(StaffSettings, EnglishHome) {
    StaffModeSettings settings;
    settings.language = Language::en;
    StaffMode mode(settings);
    EXPECT_EQ(mode.view().language, Language::en);
    mode.handle(open(0));
    mode.handle(tap(10, StaffAction::toggle_language));
    EXPECT_EQ(mode.view().language, Language::pl);
    mode.handle(key(20, StaffKey::escape));
    EXPECT_EQ(mode.view().language, Language::en);
}

} // namespace
} // namespace checkin::kiosk
