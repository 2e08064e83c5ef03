#include "kiosk/staff/staff.hpp"

#include "base/overloaded.hpp"
#include "base/text.hpp"
#include "base/utf8.hpp"
#include "kiosk/staff/staff_messages.hpp"
#include "sync/roster/polish_order.hpp"
#include "sync/roster/signed_code.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <fmt/format.h>
#include <map>
#include <utility>

// Decisions the header leaves open:
// - Busy: card loads and actions (reprint, check-in, undo, walk-in) are the "one request at a time";
//   while one is awaited, open_hit, a scan, reprint, check_in, undo, their confirmations and
//   create_walk_in are ignored. Device and statistics refreshes are read-only: a tab or `refresh` starts
//   one unless the same kind is already awaited. view.busy is true while a card load or action is
//   awaited, and on the devices and statistics screens also while their refresh is.
// - Opening a card (a hit, a scan) shows delegate_card at once with no card and busy; a reload after an
//   action keeps the old card on screen until the new one comes. Leaving the card screens (back, a tab)
//   abandons a card load (its answer is dropped) and empties the card. An action's answer always reloads
//   the card and shows it.
// - A card that cannot be loaded: "no such code" empties the card and goes to search; a failed load keeps
//   a card already on screen, or goes to search when there is none.
// - A notice answers the last action: the next tap, key, text or scan clears it (it is in the language it
//   was made in, so a language switch must clear it too).
// - Escape when signed in works as `back`; Enter opens the first hit (search), confirms (reason screens)
//   or submits the walk-in form; Tab cycles the walk-in fields.
// - Shift applies to the next on-screen key only; `space` neither uses nor clears it. A real keyboard's
//   text is typed as it comes, without ASCII control characters.
// - The search query is sent trimmed; a query of spaces only counts as empty.
// - A staff code is as good as a right PIN: it clears the wrong-PIN count and a lockout. Leaving resets the
//   view (language included) but keeps the wrong-PIN count, the lockout and the sound setting.
// - The device panel's sound_on is the state machine's own setting (it emits StaffSetSound), so an answer
//   gathered before a toggle does not show the old state.
// - Fields hold at most field_length_max bytes; text that would not fit is ignored (a stuck key or a
//   scanner typing into the field must not grow it without end).

namespace checkin::kiosk {
namespace {

constexpr std::size_t hits_max = 8;
constexpr std::size_t field_length_max = 200;
constexpr std::string_view default_walk_in_role = "Uczestnik";

using base::Overloaded;

constexpr std::array all_actions{
    StaffAction::digit,
    StaffAction::pin_backspace,
    StaffAction::pin_submit,
    StaffAction::key,
    StaffAction::space,
    StaffAction::backspace,
    StaffAction::shift,
    StaffAction::clear_field,
    StaffAction::focus_field,
    StaffAction::open_hit,
    StaffAction::choose_role,
    StaffAction::tab,
    StaffAction::back,
    StaffAction::reprint,
    StaffAction::reprint_preset,
    StaffAction::confirm_reprint,
    StaffAction::print_reprint,
    StaffAction::check_in,
    StaffAction::undo,
    StaffAction::undo_preset,
    StaffAction::confirm_undo,
    StaffAction::create_walk_in,
    StaffAction::refresh,
    StaffAction::toggle_sound,
    StaffAction::toggle_language,
    StaffAction::exit,
};

constexpr std::array all_fields{StaffField::search,    StaffField::reason,       StaffField::first_name,
                                StaffField::last_name, StaffField::organisation, StaffField::role};

// The walk-in form's fields in the order Tab visits them.
constexpr std::array walk_in_fields{StaffField::first_name, StaffField::last_name, StaffField::organisation,
                                    StaffField::role};

constexpr std::array presets{
    ReprintPreset{"lost", "zgubiony identyfikator", "lost badge"},
    ReprintPreset{"damaged", "uszkodzony identyfikator", "damaged badge"},
    ReprintPreset{"typo", "błąd w danych", "error in the details"},
    ReprintPreset{"other", "", ""},
};

// Why an arrival is taken back, as reception meets it: a scan by mistake (a badge scanned twice, the wrong
// card opened), the wrong person checked in (a namesake), someone who turned back and left.
constexpr std::array undo_reasons{
    ReprintPreset{"mistake", "pomyłka przy skanowaniu", "scanned by mistake"},
    ReprintPreset{"wrong_person", "niewłaściwa osoba", "wrong person"},
    ReprintPreset{"left", "osoba wyszła", "the person left"},
    ReprintPreset{"other", "", ""},
};

// The lower- and upper-case Polish letters the on-screen keyboard has beyond ASCII.
struct CasePair {
    std::string_view lower;
    std::string_view upper;
};
constexpr std::array polish_letters{
    CasePair{"ą", "Ą"}, CasePair{"ć", "Ć"}, CasePair{"ę", "Ę"}, CasePair{"ł", "Ł"}, CasePair{"ń", "Ń"},
    CasePair{"ó", "Ó"}, CasePair{"ś", "Ś"}, CasePair{"ź", "Ź"}, CasePair{"ż", "Ż"},
};

Language other_language(Language language) {
    return language == Language::pl ? Language::en : Language::pl;
}

std::string upper_case(std::string_view text) {
    std::string result;
    while (!text.empty()) {
        const std::string_view code_point = base::utf8::first_character(text);
        const std::size_t length = code_point.size();
        text.remove_prefix(length);
        if (length == 1 && code_point[0] >= 'a' && code_point[0] <= 'z') {
            result += static_cast<char>(code_point[0] - 'a' + 'A');
            continue;
        }
        const auto letter = std::ranges::find(polish_letters, code_point, &CasePair::lower);
        result += letter != polish_letters.end() ? letter->upper : code_point;
    }
    return result;
}

// Typed text without ASCII control characters (which no field holds).
std::string printable(std::string_view text) {
    std::string result;
    for (const char character : text) {
        const auto byte = static_cast<unsigned char>(character);
        if (byte >= 0x20U && byte != 0x7FU) {
            result += character;
        }
    }
    return result;
}

bool is_reason_screen(StaffScreen screen) {
    return screen == StaffScreen::reprint_reason || screen == StaffScreen::undo_confirm;
}

bool is_card_screen(StaffScreen screen) {
    return screen == StaffScreen::delegate_card || is_reason_screen(screen) ||
           screen == StaffScreen::reprint_preview;
}

// A hit's or a role's index as a button's argument gives it ("0", "1", …); nullopt when it is not one
// below `count`.
std::optional<std::size_t> index_below(std::string_view text, std::size_t count) {
    std::size_t number = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
    if (error != std::errc{} || end != text.data() + text.size() || number >= count) {
        return std::nullopt;
    }
    return number;
}

} // namespace

std::string_view to_string(StaffScreen screen) {
    switch (screen) {
    case StaffScreen::closed:
        return "closed";
    case StaffScreen::pin_pad:
        return "staff-pin-pad";
    case StaffScreen::locked:
        return "staff-locked";
    case StaffScreen::search:
        return "staff-search";
    case StaffScreen::delegate_card:
        return "staff-delegate-card";
    case StaffScreen::reprint_reason:
        return "staff-reprint-reason";
    case StaffScreen::reprint_preview:
        return "staff-reprint-preview";
    case StaffScreen::undo_confirm:
        return "staff-undo-confirm";
    case StaffScreen::walk_in:
        return "staff-walk-in";
    case StaffScreen::devices:
        return "staff-devices";
    case StaffScreen::statistics:
        return "staff-statistics";
    }
    return "unknown";
}

std::string_view to_string(StaffAction action) {
    switch (action) {
    case StaffAction::digit:
        return "digit";
    case StaffAction::pin_backspace:
        return "pin_backspace";
    case StaffAction::pin_submit:
        return "pin_submit";
    case StaffAction::key:
        return "key";
    case StaffAction::space:
        return "space";
    case StaffAction::backspace:
        return "backspace";
    case StaffAction::shift:
        return "shift";
    case StaffAction::clear_field:
        return "clear_field";
    case StaffAction::focus_field:
        return "focus_field";
    case StaffAction::open_hit:
        return "open_hit";
    case StaffAction::choose_role:
        return "choose_role";
    case StaffAction::tab:
        return "tab";
    case StaffAction::back:
        return "back";
    case StaffAction::reprint:
        return "reprint";
    case StaffAction::reprint_preset:
        return "reprint_preset";
    case StaffAction::confirm_reprint:
        return "confirm_reprint";
    case StaffAction::print_reprint:
        return "print_reprint";
    case StaffAction::check_in:
        return "check_in";
    case StaffAction::undo:
        return "undo";
    case StaffAction::undo_preset:
        return "undo_preset";
    case StaffAction::confirm_undo:
        return "confirm_undo";
    case StaffAction::create_walk_in:
        return "create_walk_in";
    case StaffAction::refresh:
        return "refresh";
    case StaffAction::toggle_sound:
        return "toggle_sound";
    case StaffAction::toggle_language:
        return "toggle_language";
    case StaffAction::exit:
        return "exit";
    }
    return "unknown";
}

std::string staff_button_id(StaffAction action, std::string_view argument) {
    std::string id(to_string(action));
    if (!argument.empty()) {
        id += ':';
        id += argument;
    }
    return id;
}

std::optional<StaffButtonPress> parse_staff_button_id(std::string_view id) {
    // The name never holds a colon, the argument may ("key::"), so the first colon splits them.
    const std::size_t colon = id.find(':');
    const std::string_view name = id.substr(0, colon);
    const std::string_view argument =
        colon == std::string_view::npos ? std::string_view{} : id.substr(colon + 1);
    const auto action =
        std::ranges::find(all_actions, name, [](StaffAction each) { return to_string(each); });
    if (action == all_actions.end()) {
        return std::nullopt;
    }
    return StaffButtonPress{*action, std::string(argument)};
}

std::string_view to_string(StaffField field) {
    switch (field) {
    case StaffField::search:
        return "search";
    case StaffField::reason:
        return "reason";
    case StaffField::first_name:
        return "first_name";
    case StaffField::last_name:
        return "last_name";
    case StaffField::organisation:
        return "organisation";
    case StaffField::role:
        return "role";
    }
    return "unknown";
}

std::optional<StaffField> staff_field_from(std::string_view name) {
    const auto field = std::ranges::find(all_fields, name, [](StaffField each) { return to_string(each); });
    if (field == all_fields.end()) {
        return std::nullopt;
    }
    return *field;
}

std::span<const ReprintPreset> undo_presets() {
    return undo_reasons;
}

std::span<const ReprintPreset> reprint_presets() {
    return presets;
}

// --- StaffMode ------------------------------------------------------------------------------------------

StaffMode::StaffMode(StaffModeSettings settings)
    : m_settings(settings), m_wrong_pins(settings.restored_lockout.wrong_pins),
      m_lockouts(settings.restored_lockout.lockouts), m_locked_until(settings.restored_lockout.locked_until),
      m_sound_on(settings.sound_on) {
    m_view.language = m_settings.language;
    update_view();
}

std::vector<StaffEffect> StaffMode::handle(const StaffInput& input) {
    const FlowTime time = std::visit([](const auto& alternative) { return alternative.time; }, input);
    m_now = std::max(m_now, time);
    Effects effects;
    advance(effects);
    std::visit(Overloaded{
                   [&](const StaffOpenPinPad&) { on_open_pin_pad(); },
                   [&](const StaffPinChecked& answer) { on_pin_checked(answer, effects); },
                   [&](const StaffCodeScanned& scan) { on_code_scanned(scan, effects); },
                   [&](const StaffTap& tap) { on_tap(tap.press, effects); },
                   [&](const StaffText& text) { on_text(text.text, effects); },
                   [&](const StaffKeyPress& key) { on_key(key.key, effects); },
                   [&](const StaffScan& scan) { on_scan(scan.payload, effects); },
                   [&](const StaffCodeRefused& refused) { on_code_refused(refused.reason); },
                   [&](const StaffTick&) {},
                   [&](const SearchAnswer& answer) { on_search_answer(answer); },
                   [&](const CardAnswer& answer) { on_card_answer(answer); },
                   [&](const ActionAnswer& answer) { on_action_answer(answer, effects); },
                   [&](const DevicesAnswer& answer) { on_devices_answer(answer); },
                   [&](const StatisticsAnswer& answer) { on_statistics_answer(answer); },
                   [&](const StaffEnrolmentScanned& scan) { on_enrolment_scanned(scan, effects); },
                   [&](const EnrolmentAnswer& answer) { on_enrolment_answer(answer); },
                   [&](const RolesAnswer& answer) { on_roles_answer(answer); },
                   [&](const PreviewAnswer& answer) { on_preview_answer(answer); },
               },
               input);
    update_view();
    return effects;
}

std::optional<FlowTime> StaffMode::next_deadline() const {
    if (!is_open()) {
        return std::nullopt; // a lockout ends by itself; the next opening sees whether it has
    }
    FlowTime deadline = m_last_input + m_settings.inactivity;
    if (m_view.screen == StaffScreen::locked && m_locked_until) {
        // The countdown shows whole seconds rounded up, so it changes each time a whole second is left.
        const FlowTime next_second = m_view.locked_for >= std::chrono::seconds(1)
                                         ? *m_locked_until - (m_view.locked_for - std::chrono::seconds(1))
                                         : *m_locked_until;
        deadline = std::min(deadline, next_second);
    }
    return deadline;
}

void StaffMode::advance(Effects& effects) {
    if (m_locked_until && m_now >= *m_locked_until) {
        m_locked_until.reset();
        m_wrong_pins = 0;
        effects.emplace_back(StaffLockoutChanged{{m_wrong_pins, m_lockouts, m_locked_until}});
        if (m_view.screen == StaffScreen::locked) {
            m_view.screen = StaffScreen::pin_pad;
            m_view.pin_rejected = false;
        }
    }
    if (is_open() && m_now >= m_last_input + m_settings.inactivity) {
        close(" after inactivity", effects);
    }
}

// A tap, key, text or scan: it keeps staff mode open, and it moves on from the last notice.
bool StaffMode::take_user_input() {
    if (!is_open()) {
        return false;
    }
    m_last_input = m_now;
    m_view.notice.reset();
    m_view.notice_is_error = false;
    return true;
}

bool StaffMode::signed_in() const {
    return is_open() && m_view.screen != StaffScreen::pin_pad && m_view.screen != StaffScreen::locked;
}

bool StaffMode::busy() const {
    return m_card_request != 0 || m_action.has_value() || m_preview_request != 0;
}

void StaffMode::update_view() {
    m_view.pin_digits = m_awaiting_pin_check ? m_checked_pin_digits : m_pin.size();
    m_view.attempts_left =
        m_settings.lockout_count > m_wrong_pins ? m_settings.lockout_count - m_wrong_pins : 0;
    m_view.locked_for = std::chrono::seconds(0);
    if (m_view.screen == StaffScreen::locked && m_locked_until && *m_locked_until > m_now) {
        m_view.locked_for = std::chrono::ceil<std::chrono::seconds>(*m_locked_until - m_now);
    }
    m_view.searching = m_search_request != 0;
    m_view.busy = busy() || (m_view.screen == StaffScreen::devices && m_devices_request != 0) ||
                  (m_view.screen == StaffScreen::statistics && m_statistics_request != 0);
}

// --- Signing in and out ---------------------------------------------------------------------------------

void StaffMode::on_open_pin_pad() {
    if (is_open()) {
        return;
    }
    m_last_input = m_now;
    m_view.screen = m_locked_until ? StaffScreen::locked : StaffScreen::pin_pad;
    m_view.pin_rejected = false;
    m_pin.clear();
}

void StaffMode::on_code_scanned(const StaffCodeScanned& scan, Effects& effects) {
    if (signed_in()) {
        take_user_input();
        return; // whoever is signed in stays so; leaving is "exit"
    }
    m_last_input = m_now;
    sign_in(scan.staff_name, " with a staff code", effects);
}

void StaffMode::on_pin_checked(const StaffPinChecked& answer, Effects& effects) {
    if (!m_awaiting_pin_check || m_view.screen != StaffScreen::pin_pad) {
        return; // the pad was closed since: the answer is for nobody
    }
    m_awaiting_pin_check = false;
    if (answer.staff_name) {
        sign_in(*answer.staff_name, "", effects);
        return;
    }
    ++m_wrong_pins;
    m_view.pin_rejected = true;
    if (m_wrong_pins >= m_settings.lockout_count) {
        const unsigned growth =
            lockout_growth[std::min<std::size_t>(m_lockouts, std::size(lockout_growth) - 1)];
        const auto duration = m_settings.lockout_duration * growth;
        ++m_lockouts;
        m_locked_until = m_now + duration;
        m_view.screen = StaffScreen::locked;
        m_pin.clear();
        const auto seconds = std::chrono::ceil<std::chrono::seconds>(duration);
        effects.emplace_back(StaffLog{
            fmt::format("pin pad locked for {} s after {} wrong PINs", seconds.count(), m_wrong_pins)});
    }
    effects.emplace_back(StaffLockoutChanged{{m_wrong_pins, m_lockouts, m_locked_until}});
}

void StaffMode::sign_in(const std::string& staff_name, std::string_view how, Effects& effects) {
    if (m_wrong_pins != 0 || m_lockouts != 0 || m_locked_until) {
        effects.emplace_back(StaffLockoutChanged{});
    }
    m_wrong_pins = 0;
    m_lockouts = 0;
    m_locked_until.reset();
    m_pin.clear();
    m_awaiting_pin_check = false;
    m_view.pin_rejected = false;
    m_view.staff_name = staff_name;
    m_view.screen = StaffScreen::search;
    m_view.focus = StaffField::search;
    effects.emplace_back(StaffLog{fmt::format("{}: signed in{}", staff_name, how)});
}

void StaffMode::close(std::string_view how, Effects& effects) {
    if (signed_in()) {
        effects.emplace_back(StaffLog{fmt::format("{}: signed out{}", m_view.staff_name, how)});
    }
    effects.emplace_back(StaffClosed{});
    m_view = StaffView{};
    m_view.language = m_settings.language;
    m_pin.clear();
    m_awaiting_pin_check = false;
    // Requests still under way are forgotten: their answers find no current request and are dropped.
    m_search_request = 0;
    m_card_request = 0;
    m_action.reset();
    m_devices_request = 0;
    m_statistics_request = 0;
    m_preview_request = 0;
    m_card_code.clear();
}

void StaffMode::on_pin_pad_tap(const StaffButtonPress& press, Effects& effects) {
    const bool on_pad = m_view.screen == StaffScreen::pin_pad;
    switch (press.action) {
    case StaffAction::digit:
        if (on_pad && press.argument.size() == 1) {
            add_pin_digits(press.argument);
        }
        return;
    case StaffAction::pin_backspace:
        if (on_pad && !m_pin.empty()) {
            m_pin.pop_back();
        }
        return;
    case StaffAction::pin_submit:
        if (on_pad) {
            submit_pin(effects);
        }
        return;
    case StaffAction::toggle_language:
        m_view.language = other_language(m_view.language);
        return;
    case StaffAction::exit:
        close("", effects);
        return;
    default:
        return; // the signed-in screens' buttons do nothing here
    }
}

void StaffMode::add_pin_digits(std::string_view text) {
    for (const char character : text) {
        if (character >= '0' && character <= '9' && m_pin.size() < m_settings.pin_length_max) {
            m_pin += character;
        }
    }
}

void StaffMode::submit_pin(Effects& effects) {
    if (m_pin.empty() || m_awaiting_pin_check) {
        return;
    }
    m_awaiting_pin_check = true;
    // The dots stay while the kiosk checks (Argon2id, on a worker): the pad looks as it did until the answer.
    m_checked_pin_digits = m_pin.size();
    effects.emplace_back(StaffCheckPin{std::move(m_pin)});
    m_pin.clear();
}

// --- Inputs ---------------------------------------------------------------------------------------------

void StaffMode::on_tap(const StaffButtonPress& press, Effects& effects) {
    if (!take_user_input()) {
        return;
    }
    if (signed_in()) {
        on_signed_in_tap(press, effects);
    } else {
        on_pin_pad_tap(press, effects);
    }
}

void StaffMode::on_text(std::string_view text, Effects& effects) {
    if (!take_user_input()) {
        return;
    }
    if (m_view.screen == StaffScreen::pin_pad) {
        add_pin_digits(text);
    } else if (signed_in()) {
        type(printable(text), effects);
    }
}

void StaffMode::on_key(StaffKey key, Effects& effects) {
    if (!take_user_input()) {
        return;
    }
    if (!signed_in()) {
        if (key == StaffKey::escape) {
            close("", effects);
        } else if (m_view.screen == StaffScreen::pin_pad && key == StaffKey::enter) {
            submit_pin(effects);
        } else if (m_view.screen == StaffScreen::pin_pad && key == StaffKey::backspace && !m_pin.empty()) {
            m_pin.pop_back();
        }
        return;
    }
    switch (key) {
    case StaffKey::enter:
        if (m_view.screen == StaffScreen::search) {
            open_hit("0", effects);
        } else if (m_view.screen == StaffScreen::reprint_reason) {
            confirm_reprint(effects);
        } else if (m_view.screen == StaffScreen::reprint_preview) {
            print_reprint(effects);
        } else if (m_view.screen == StaffScreen::undo_confirm) {
            confirm_undo(effects);
        } else if (m_view.screen == StaffScreen::walk_in) {
            create_walk_in(effects);
        }
        return;
    case StaffKey::backspace:
        erase_last_character(effects);
        return;
    case StaffKey::escape:
        go_back();
        return;
    case StaffKey::tab:
        if (m_view.screen == StaffScreen::walk_in) {
            const auto current = std::ranges::find(walk_in_fields, m_view.focus);
            const auto next = current == walk_in_fields.end() || current + 1 == walk_in_fields.end()
                                  ? walk_in_fields.begin()
                                  : current + 1;
            m_view.focus = *next;
        }
        return;
    }
}

void StaffMode::on_scan(const std::string& payload, Effects& effects) {
    if (!take_user_input() || !signed_in() || busy() || base::trim(payload).empty()) {
        return;
    }
    open_card(payload, effects);
}

// A signed-in staff member scanned an organiser's enrolment code: the kiosk exchanges it with the hub
// (StaffEnrol) and staff see that it started, then how it ended. One at a time: a second scan while one
// runs is ignored (the first one's answer is on its way).
void StaffMode::on_enrolment_scanned(const StaffEnrolmentScanned& scan, Effects& effects) {
    if (!take_user_input() || !signed_in() || m_enrolment_request != 0) {
        return;
    }
    if (scan.hub.empty()) {
        show_notice(render_staff(StaffMessageId::enrolment_malformed, m_view.language), true);
        return;
    }
    m_enrolment_request = next_request();
    show_notice(render_staff(StaffMessageId::enrolment_started, m_view.language, {{"hub", scan.hub}}), false);
    effects.push_back(StaffEnrol{m_enrolment_request, scan.hub});
}

void StaffMode::on_enrolment_answer(const EnrolmentAnswer& answer) {
    if (answer.request != m_enrolment_request) {
        return;
    }
    m_enrolment_request = 0;
    if (!is_open()) {
        return; // staff left meanwhile; the kiosk's log has the outcome
    }
    if (answer.outcome) {
        show_notice(*answer.outcome, false);
    } else {
        show_notice(answer.outcome.error().message, true);
    }
}

// Staff learn why, in their language; the code itself is never shown (it may be a copied bearer secret).
void StaffMode::on_code_refused(sync::CodeRefusal reason) {
    if (!take_user_input() || !signed_in()) {
        return;
    }
    StaffMessageId why = StaffMessageId::refusal_malformed;
    switch (reason) {
    case sync::CodeRefusal::malformed:
        why = StaffMessageId::refusal_malformed;
        break;
    case sync::CodeRefusal::unknown_key:
        why = StaffMessageId::refusal_unknown_key;
        break;
    case sync::CodeRefusal::forged:
        why = StaffMessageId::refusal_forged;
        break;
    case sync::CodeRefusal::wrong_event:
        why = StaffMessageId::refusal_wrong_event;
        break;
    case sync::CodeRefusal::expired:
        why = StaffMessageId::refusal_expired;
        break;
    case sync::CodeRefusal::revoked:
        why = StaffMessageId::refusal_revoked;
        break;
    case sync::CodeRefusal::unsigned_code:
        why = StaffMessageId::refusal_unsigned;
        break;
    }
    show_notice(render_staff(StaffMessageId::code_refused, m_view.language,
                             {{"reason", render_staff(why, m_view.language)}}),
                true);
}

void StaffMode::on_signed_in_tap(const StaffButtonPress& press, Effects& effects) {
    switch (press.action) {
    case StaffAction::digit:
    case StaffAction::pin_backspace:
    case StaffAction::pin_submit:
        return; // the pin pad's buttons
    case StaffAction::key:
        type(m_view.shift ? upper_case(press.argument) : press.argument, effects);
        m_view.shift = false;
        return;
    case StaffAction::space:
        type(" ", effects);
        return;
    case StaffAction::backspace:
        erase_last_character(effects);
        return;
    case StaffAction::shift:
        m_view.shift = !m_view.shift;
        return;
    case StaffAction::clear_field:
        clear_focused_field(effects);
        return;
    case StaffAction::focus_field:
        focus(press.argument);
        return;
    case StaffAction::open_hit:
        if (m_view.screen == StaffScreen::search) {
            open_hit(press.argument, effects);
        }
        return;
    case StaffAction::choose_role:
        choose_role(press.argument);
        return;
    case StaffAction::tab:
        switch_tab(press.argument, effects);
        return;
    case StaffAction::back:
        go_back();
        return;
    case StaffAction::reprint:
        if (offered_on_the_card(press.action)) {
            ask_reason(StaffScreen::reprint_reason);
        }
        return;
    case StaffAction::reprint_preset:
        choose_reprint_preset(press.argument);
        return;
    case StaffAction::confirm_reprint:
        confirm_reprint(effects);
        return;
    case StaffAction::print_reprint:
        print_reprint(effects);
        return;
    case StaffAction::check_in:
        if (m_view.screen == StaffScreen::search) {
            check_in_hit(press.argument, effects);
        } else if (offered_on_the_card(press.action)) {
            check_in(effects);
        }
        return;
    case StaffAction::undo:
        if (offered_on_the_card(press.action)) {
            ask_reason(StaffScreen::undo_confirm);
        }
        return;
    case StaffAction::undo_preset:
        choose_undo_preset(press.argument);
        return;
    case StaffAction::confirm_undo:
        confirm_undo(effects);
        return;
    case StaffAction::create_walk_in:
        create_walk_in(effects);
        return;
    case StaffAction::refresh:
        refresh(effects);
        return;
    case StaffAction::toggle_sound:
        toggle_sound(effects);
        return;
    case StaffAction::toggle_language:
        m_view.language = other_language(m_view.language);
        return;
    case StaffAction::exit:
        close("", effects);
        return;
    }
}

// --- Fields ---------------------------------------------------------------------------------------------

std::string* StaffMode::focused_field() {
    switch (m_view.screen) {
    case StaffScreen::search:
        return &m_view.search_query;
    case StaffScreen::reprint_reason:
    case StaffScreen::undo_confirm:
        return &m_view.reason;
    case StaffScreen::walk_in:
        switch (m_view.focus) {
        case StaffField::first_name:
            return &m_view.walk_in.first_name;
        case StaffField::last_name:
            return &m_view.walk_in.last_name;
        case StaffField::organisation:
            return &m_view.walk_in.organisation;
        case StaffField::role:
            return &m_view.walk_in.role;
        case StaffField::search:
        case StaffField::reason:
            return nullptr;
        }
        return nullptr;
    default:
        return nullptr; // the other screens have no field
    }
}

void StaffMode::type(std::string_view text, Effects& effects) {
    std::string* field = focused_field();
    if (field == nullptr || text.empty() || field->size() + text.size() > field_length_max) {
        return;
    }
    *field += text;
    search_query_changed(effects);
}

void StaffMode::erase_last_character(Effects& effects) {
    std::string* field = focused_field();
    if (field == nullptr || field->empty()) {
        return;
    }
    field->erase(base::utf8::last_character_start(*field));
    search_query_changed(effects);
}

void StaffMode::clear_focused_field(Effects& effects) {
    std::string* field = focused_field();
    if (field == nullptr || field->empty()) {
        return;
    }
    field->clear();
    search_query_changed(effects);
}

void StaffMode::focus(std::string_view field_name) {
    const std::optional<StaffField> field = staff_field_from(field_name);
    if (!field) {
        return;
    }
    // Only a field of the screen on show can take the focus.
    bool belongs = false;
    if (m_view.screen == StaffScreen::search) {
        belongs = *field == StaffField::search;
    } else if (is_reason_screen(m_view.screen)) {
        belongs = *field == StaffField::reason;
    } else if (m_view.screen == StaffScreen::walk_in) {
        belongs = std::ranges::find(walk_in_fields, *field) != walk_in_fields.end();
    }
    if (belongs) {
        m_view.focus = *field;
    }
}

// Called after the focused field changed; only the search query starts work.
void StaffMode::search_query_changed(Effects& effects) {
    if (m_view.screen != StaffScreen::search) {
        return;
    }
    std::string query = std::string(base::trim(m_view.search_query));
    if (query.empty()) {
        m_search_request = 0; // an answer still under way is for an older query
        m_view.hits.clear();
        m_view.hit_statuses.clear();
        return;
    }
    m_search_request = next_request();
    effects.emplace_back(StaffSearch{m_search_request, std::move(query)});
}

// --- Cards and actions ----------------------------------------------------------------------------------

void StaffMode::open_hit(std::string_view index, Effects& effects) {
    const std::optional<std::size_t> number = index_below(index, m_view.hits.size());
    if (!number || busy()) {
        return;
    }
    open_card(m_view.hits[*number].delegate.code, effects);
}

// A new delegate: the card screen shows at once, empty and busy, until the card comes.
void StaffMode::open_card(std::string code, Effects& effects) {
    m_view.card.reset();
    m_view.card_events.clear();
    m_view.reason.clear();
    m_view.screen = StaffScreen::delegate_card;
    load_card(std::move(code), effects);
}

void StaffMode::load_card(std::string code, Effects& effects) {
    m_card_code = code;
    m_card_request = next_request();
    effects.emplace_back(StaffLoadCard{m_card_request, std::move(code)});
}

void StaffMode::switch_tab(std::string_view tab, Effects& effects) {
    StaffScreen screen = StaffScreen::search;
    if (tab == "search") {
        screen = StaffScreen::search;
    } else if (tab == "walk_in") {
        screen = StaffScreen::walk_in;
    } else if (tab == "devices") {
        screen = StaffScreen::devices;
    } else if (tab == "statistics") {
        screen = StaffScreen::statistics;
    } else {
        return;
    }
    if (is_card_screen(m_view.screen)) {
        leave_card();
    }
    m_view.screen = screen;
    switch (screen) {
    case StaffScreen::search:
        m_view.focus = StaffField::search;
        break;
    case StaffScreen::walk_in:
        m_view.focus = StaffField::first_name;
        effects.emplace_back(StaffLoadRoles{}); // the roster may have changed since the last time
        break;
    case StaffScreen::devices:
        refresh_devices(effects);
        break;
    case StaffScreen::statistics:
        refresh_statistics(effects);
        break;
    default:
        break;
    }
}

void StaffMode::go_back() {
    if (m_view.screen == StaffScreen::reprint_preview) {
        // Back to the reason, kept, to change it; a preview still being made is no longer wanted.
        m_preview_request = 0;
        m_view.badge_preview.reset();
        m_view.screen = StaffScreen::reprint_reason;
        m_view.focus = StaffField::reason;
    } else if (is_reason_screen(m_view.screen)) {
        m_view.reason.clear();
        m_view.screen = StaffScreen::delegate_card;
    } else if (m_view.screen == StaffScreen::delegate_card) {
        leave_card();
        m_view.screen = StaffScreen::search;
        m_view.focus = StaffField::search;
    }
}

// Leaving the card screens: a card load under way is no longer wanted. m_card_code stays, for an action
// still under way whose answer names no code.
void StaffMode::leave_card() {
    m_card_request = 0;
    m_preview_request = 0;
    m_view.badge_preview.reset();
    m_view.card.reset();
    m_view.card_events.clear();
    m_view.reason.clear();
}

void StaffMode::ask_reason(StaffScreen screen) {
    if (m_view.screen != StaffScreen::delegate_card || !m_view.card || busy()) {
        return;
    }
    m_view.screen = screen;
    m_view.reason.clear();
    m_view.focus = StaffField::reason;
}

void StaffMode::choose_reprint_preset(std::string_view id) {
    if (m_view.screen != StaffScreen::reprint_reason) {
        return;
    }
    const auto preset = std::ranges::find(presets, id, &ReprintPreset::id);
    if (preset == presets.end()) {
        return;
    }
    // "other" has empty texts: the field empties for the reason to be typed.
    m_view.reason = std::string(m_view.language == Language::pl ? preset->journal_pl : preset->journal_en);
    m_view.focus = StaffField::reason;
}

void StaffMode::choose_undo_preset(std::string_view id) {
    if (m_view.screen != StaffScreen::undo_confirm) {
        return;
    }
    const auto preset = std::ranges::find(undo_reasons, id, &ReprintPreset::id);
    if (preset == undo_reasons.end()) {
        return;
    }
    // As for a reprint: "other" empties the field for the reason to be typed.
    m_view.reason = std::string(m_view.language == Language::pl ? preset->journal_pl : preset->journal_en);
    m_view.focus = StaffField::reason;
}

void StaffMode::confirm_reprint(Effects& effects) {
    if (m_view.screen != StaffScreen::reprint_reason || !m_view.card || busy()) {
        return;
    }
    std::string reason = std::string(base::trim(m_view.reason));
    if (reason.empty()) {
        show_notice(render_staff(StaffMessageId::reprint_reason_missing, m_view.language), true);
        return;
    }
    // The reason is kept as given; the preview shows the badge before anything is printed.
    m_view.reason = std::move(reason);
    m_view.screen = StaffScreen::reprint_preview;
    m_view.badge_preview.reset();
    m_preview_request = next_request();
    effects.emplace_back(StaffPreviewBadge{m_preview_request, m_card_code});
}

// Printing from the preview: only once the preview is on screen, so what prints is what staff saw.
void StaffMode::print_reprint(Effects& effects) {
    if (m_view.screen != StaffScreen::reprint_preview || !m_view.card || !m_view.badge_preview || busy()) {
        return;
    }
    const RequestId request = next_request();
    m_action = PendingAction{request, ActionKind::reprint};
    effects.emplace_back(StaffReprint{request, m_card_code, m_view.reason, m_view.staff_name});
    effects.emplace_back(StaffLog{
        fmt::format("{}: reprint, code ending {}", m_view.staff_name, sync::code_ending(m_card_code))});
}

bool StaffMode::offered_on_the_card(StaffAction action) const {
    if (!m_view.card) {
        return false; // still loading, or not found: nothing to act on
    }
    return card_offers(card_status(*m_view.card, m_view.card_day).arrival, action);
}

void StaffMode::check_in(Effects& effects) {
    if (m_view.screen != StaffScreen::delegate_card || !m_view.card || busy()) {
        return;
    }
    const RequestId request = next_request();
    m_action = PendingAction{request, ActionKind::check_in};
    effects.emplace_back(StaffCheckIn{request, m_card_code, m_view.staff_name});
    effects.emplace_back(StaffLog{
        fmt::format("{}: check in, code ending {}", m_view.staff_name, sync::code_ending(m_card_code))});
}

// A search row's check-in: taken only where the row offers it (the card's rule, on the hit's state), and
// carried out as the card's: StaffCheckIn prints the badge, and its answer opens the card.
void StaffMode::check_in_hit(std::string_view index, Effects& effects) {
    const std::optional<std::size_t> number = index_below(index, m_view.hits.size());
    if (!number || busy()) {
        return;
    }
    const CardArrival arrival =
        *number < m_view.hit_statuses.size() ? m_view.hit_statuses[*number].arrival : CardArrival::unknown;
    if (!card_offers(arrival, StaffAction::check_in)) {
        return;
    }
    m_card_code = m_view.hits[*number].delegate.code;
    const RequestId request = next_request();
    m_action = PendingAction{request, ActionKind::check_in};
    effects.emplace_back(StaffCheckIn{request, m_card_code, m_view.staff_name});
    effects.emplace_back(StaffLog{fmt::format("{}: check in from the search, code ending {}",
                                              m_view.staff_name, sync::code_ending(m_card_code))});
}

void StaffMode::choose_role(std::string_view index) {
    if (m_view.screen != StaffScreen::walk_in) {
        return;
    }
    if (const std::optional<std::size_t> number = index_below(index, m_view.walk_in_roles.size())) {
        m_view.walk_in.role = m_view.walk_in_roles[*number];
    }
}

void StaffMode::confirm_undo(Effects& effects) {
    if (m_view.screen != StaffScreen::undo_confirm || !m_view.card || busy()) {
        return;
    }
    std::string reason = std::string(base::trim(m_view.reason));
    if (reason.empty()) {
        show_notice(render_staff(StaffMessageId::undo_reason_missing, m_view.language), true);
        return;
    }
    const RequestId request = next_request();
    m_action = PendingAction{request, ActionKind::undo};
    effects.emplace_back(StaffUndo{request, m_card_code, reason, m_view.staff_name});
    effects.emplace_back(StaffLog{fmt::format("{}: undo a check-in, code ending {}", m_view.staff_name,
                                              sync::code_ending(m_card_code))});
}

void StaffMode::create_walk_in(Effects& effects) {
    if (m_view.screen != StaffScreen::walk_in || busy()) {
        return;
    }
    WalkInForm form{
        std::string(base::trim(m_view.walk_in.first_name)), std::string(base::trim(m_view.walk_in.last_name)),
        std::string(base::trim(m_view.walk_in.organisation)), std::string(base::trim(m_view.walk_in.role))};
    if (form.first_name.empty() || form.last_name.empty()) {
        const Language language = m_view.language;
        if (form.first_name.empty() && form.last_name.empty()) {
            show_notice(render_staff(StaffMessageId::walk_in_names_missing, language), true);
        } else if (form.first_name.empty()) {
            show_notice(render_staff(StaffMessageId::walk_in_first_name_missing, language), true);
        } else {
            show_notice(render_staff(StaffMessageId::walk_in_last_name_missing, language), true);
        }
        m_view.focus = form.first_name.empty() ? StaffField::first_name : StaffField::last_name;
        return;
    }
    if (form.role.empty()) {
        form.role =
            m_view.walk_in_roles.empty() ? std::string(default_walk_in_role) : m_view.walk_in_roles.front();
    }
    const RequestId request = next_request();
    m_action = PendingAction{request, ActionKind::walk_in};
    const std::string log = fmt::format("{}: walk-in registered", m_view.staff_name);
    effects.emplace_back(StaffCreateWalkIn{request, std::move(form), m_view.staff_name});
    effects.emplace_back(StaffLog{log});
}

void StaffMode::refresh(Effects& effects) {
    if (m_view.screen == StaffScreen::devices) {
        refresh_devices(effects);
    } else if (m_view.screen == StaffScreen::statistics) {
        refresh_statistics(effects);
    }
}

void StaffMode::refresh_devices(Effects& effects) {
    if (m_devices_request != 0) {
        return; // the answer under way is as fresh
    }
    m_devices_request = next_request();
    effects.emplace_back(StaffRefreshDevices{m_devices_request});
}

void StaffMode::refresh_statistics(Effects& effects) {
    if (m_statistics_request != 0) {
        return;
    }
    m_statistics_request = next_request();
    effects.emplace_back(StaffRefreshStatistics{m_statistics_request});
}

void StaffMode::toggle_sound(Effects& effects) {
    m_sound_on = !m_sound_on;
    if (m_view.devices) {
        m_view.devices->sound_on = m_sound_on;
    }
    effects.emplace_back(StaffSetSound{m_sound_on});
}

void StaffMode::show_notice(std::string text, bool is_error) {
    m_view.notice = std::move(text);
    m_view.notice_is_error = is_error;
}

// --- Answers --------------------------------------------------------------------------------------------

void StaffMode::on_search_answer(const SearchAnswer& answer) {
    if (answer.request == 0 || answer.request != m_search_request) {
        return; // for an older query
    }
    m_search_request = 0;
    m_view.hits.clear();
    m_view.hit_statuses.clear();
    if (!answer.hits) {
        show_notice(render_staff(StaffMessageId::search_failed, m_view.language,
                                 {{"reason", answer.hits.error().message}}),
                    true);
        return;
    }
    const std::size_t count = std::min(answer.hits->size(), hits_max);
    m_view.hits.assign(answer.hits->begin(), answer.hits->begin() + static_cast<std::ptrdiff_t>(count));
    m_view.hit_statuses.assign(answer.statuses.begin(),
                               answer.statuses.begin() +
                                   static_cast<std::ptrdiff_t>(std::min(count, answer.statuses.size())));
}

void StaffMode::on_card_answer(const CardAnswer& answer) {
    if (answer.request == 0 || answer.request != m_card_request) {
        return; // abandoned: staff left the card, or staff mode closed
    }
    m_card_request = 0;
    if (!answer.record) {
        show_notice(render_staff(StaffMessageId::load_failed, m_view.language,
                                 {{"reason", answer.record.error().message}}),
                    true);
        if (!m_view.card) {
            m_view.screen = StaffScreen::search;
            m_view.focus = StaffField::search;
        }
        return;
    }
    if (!*answer.record) {
        show_notice(render_staff(StaffMessageId::code_not_found, m_view.language, {{"code", m_card_code}}),
                    true);
        m_view.card.reset();
        m_view.card_events.clear();
        m_card_code.clear();
        m_view.screen = StaffScreen::search;
        m_view.focus = StaffField::search;
        return;
    }
    m_view.card = **answer.record;
    m_view.card_events = answer.events;
    m_view.card_from_invitation = answer.from_invitation;
    m_view.card_day = answer.day;
    m_card_code = m_view.card->delegate.code; // the scan's payload, normalised by the mirror
}

void StaffMode::on_action_answer(const ActionAnswer& answer, Effects& effects) {
    if (!m_action || answer.request != m_action->request) {
        return;
    }
    const ActionKind kind = m_action->kind;
    m_action.reset();
    if (answer.outcome) {
        show_notice(*answer.outcome, false);
    } else {
        show_notice(answer.outcome.error().message, true);
    }
    if (kind == ActionKind::walk_in) {
        if (!answer.outcome) {
            return; // the form stays to be corrected
        }
        m_view.walk_in = WalkInForm{};
        m_view.focus = StaffField::first_name;
        if (answer.code) {
            open_card(*answer.code, effects);
        }
        return;
    }
    // What the card shows must be what the mirror holds now, whatever the outcome (a check-in from a
    // search row opens the card here too).
    m_view.reason.clear();
    m_view.badge_preview.reset();
    m_view.screen = StaffScreen::delegate_card;
    const std::string code = answer.code.value_or(m_card_code);
    if (!code.empty()) {
        load_card(code, effects);
    }
    // A check-in or an undo changes where a hit stands: the hits are asked for again, so the search
    // screen staff go back to shows chips and check-ins as they are now.
    if (kind != ActionKind::reprint && !base::trim(m_view.search_query).empty()) {
        m_search_request = next_request();
        effects.emplace_back(StaffSearch{m_search_request, std::string(base::trim(m_view.search_query))});
    }
}

void StaffMode::on_roles_answer(const RolesAnswer& answer) {
    if (!is_open()) {
        return;
    }
    if (!answer.roles) {
        // The form still works: the role may be typed, and an empty one is the roster's default.
        show_notice(render_staff(StaffMessageId::load_failed, m_view.language,
                                 {{"reason", answer.roles.error().message}}),
                    true);
        return;
    }
    m_view.walk_in_roles = *answer.roles;
}

void StaffMode::on_preview_answer(const PreviewAnswer& answer) {
    if (answer.request == 0 || answer.request != m_preview_request) {
        return; // staff went back, or left the card
    }
    m_preview_request = 0;
    if (!answer.file) {
        // Nothing is printed unseen: back to the reason, with why.
        show_notice(answer.file.error().message, true);
        m_view.screen = StaffScreen::reprint_reason;
        m_view.focus = StaffField::reason;
        return;
    }
    m_view.badge_preview = *answer.file;
}

void StaffMode::on_devices_answer(const DevicesAnswer& answer) {
    if (answer.request == 0 || answer.request != m_devices_request) {
        return;
    }
    m_devices_request = 0;
    m_view.devices = answer.panel;
    m_view.devices->sound_on = m_sound_on;
}

void StaffMode::on_statistics_answer(const StatisticsAnswer& answer) {
    if (answer.request == 0 || answer.request != m_statistics_request) {
        return;
    }
    m_statistics_request = 0;
    if (!answer.statistics) {
        show_notice(render_staff(StaffMessageId::load_failed, m_view.language,
                                 {{"reason", answer.statistics.error().message}}),
                    true);
        return;
    }
    m_view.statistics = *answer.statistics;
}

bool card_offers(CardArrival arrival, StaffAction action) {
    switch (arrival) {
    case CardArrival::not_yet:
        return action == StaffAction::check_in;
    case CardArrival::arrived:
        return action == StaffAction::reprint || action == StaffAction::undo;
    case CardArrival::cancelled:
    case CardArrival::not_registered_today:
        return false;
    case CardArrival::unknown:
        return action == StaffAction::check_in || action == StaffAction::reprint ||
               action == StaffAction::undo;
    }
    return false;
}

std::vector<std::string> walk_in_roles_of(const std::vector<sync::DelegateRecord>& records,
                                          std::size_t limit) {
    std::map<std::string, std::size_t, std::less<>> counts;
    for (const sync::DelegateRecord& record : records) {
        const std::string_view role = base::trim(record.delegate.role);
        if (record.delegate.status == sync::DelegateStatus::active && !role.empty()) {
            ++counts[std::string(role)];
        }
    }
    std::vector<std::pair<std::string, std::size_t>> ranked(counts.begin(), counts.end());
    std::ranges::sort(ranked, [](const auto& left, const auto& right) {
        if (left.second != right.second) {
            return left.second > right.second;
        }
        return sync::polish_name_less(left.first, right.first);
    });
    std::vector<std::string> roles;
    for (auto& [role, count] : ranked) {
        if (roles.size() == limit) {
            break;
        }
        roles.push_back(std::move(role));
    }
    if (roles.empty()) {
        roles.emplace_back(default_walk_in_role);
    }
    return roles;
}

CardStatus card_status(const sync::DelegateRecord& record, std::optional<sync::Day> today) {
    if (record.delegate.status == sync::DelegateStatus::cancelled) {
        return {CardArrival::cancelled, 0};
    }
    if (!today) {
        return {};
    }
    for (const sync::Attendance& attendance : record.attendance) {
        if (attendance.day == *today) {
            return {CardArrival::arrived, attendance.checked_in_at_milliseconds};
        }
    }
    // No days: admitted on every day of the event.
    const auto& days = record.delegate.days;
    if (!days.empty() && std::ranges::find(days, *today) == days.end()) {
        return {CardArrival::not_registered_today, 0};
    }
    return {CardArrival::not_yet, 0};
}

} // namespace checkin::kiosk
