#include "kiosk/selfservice/flow.hpp"

#include "base/overloaded.hpp"
#include "base/utf8.hpp"
#include "kiosk/selfservice/scan_kind.hpp"
#include "sync/roster/text_fold.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <utility>

namespace checkin::kiosk {
namespace {

// Late answers older than this many abandoned requests are dropped; a worker that hangs must not make
// the Flow grow without end.
constexpr std::size_t abandoned_limit = 16;

using base::Overloaded;

// "Anna Kowalska"; one name alone when the other is empty (walk-ins may give only one).
std::string display_name(const sync::Delegate& delegate) {
    if (delegate.first_name.empty() || delegate.last_name.empty()) {
        return delegate.first_name.empty() ? delegate.last_name : delegate.first_name;
    }
    return delegate.full_name();
}

Language other_language(Language language) {
    return language == Language::pl ? Language::en : Language::pl;
}

Message text(MessageId id) {
    return Message{id, {}};
}

Message text(MessageId id, std::string name, std::string value) {
    return Message{id, {MessageParameter{std::move(name), std::move(value)}}};
}

// The texts of a screen follow from its facts alone, so a language switch only changes `language`.
void compose_messages(ScreenModel& model) {
    model.details.clear();
    model.next_step.reset();
    switch (model.screen) {
    case Screen::attract:
        model.heading = text(MessageId::attract_heading);
        model.details.push_back(text(MessageId::attract_hint));
        break;
    case Screen::find_surname:
        model.heading = text(MessageId::find_surname_heading);
        model.details.push_back(text(MessageId::find_surname_hint));
        break;
    case Screen::find_first_name:
        model.heading = text(MessageId::find_first_name_heading);
        model.details.push_back(text(MessageId::find_first_name_hint));
        break;
    case Screen::finding:
        model.heading = text(MessageId::finding);
        break;
    case Screen::find_choose:
        model.heading = text(MessageId::find_choose_heading);
        model.details.push_back(text(MessageId::find_choose_hint));
        break;
    case Screen::find_not_found:
        model.next_step = text(MessageId::go_to_reception);
        model.heading = text(MessageId::find_not_found_heading);
        break;
    case Screen::looking_up:
        model.heading = text(MessageId::looking_up);
        break;
    case Screen::welcome:
        model.heading = text(MessageId::welcome_heading, "name", model.display_name);
        model.details.push_back(text(MessageId::printing_badge));
        break;
    case Screen::take_badge:
        model.heading = text(MessageId::take_badge);
        model.details.push_back(text(MessageId::enjoy_event));
        break;
    case Screen::already_checked_in:
        model.next_step = text(MessageId::go_to_reception);
        model.heading = text(MessageId::already_checked_in_heading);
        model.details.push_back(model.checked_in_at ? text(MessageId::already_checked_in_at, "time",
                                                           format_clock_time(*model.checked_in_at))
                                                    : text(MessageId::already_checked_in));
        break;
    case Screen::unknown_code:
        model.next_step = text(MessageId::go_to_reception);
        model.heading = text(MessageId::unknown_code_heading);
        break;
    case Screen::cancelled:
        model.next_step = text(MessageId::go_to_reception);
        model.heading = text(MessageId::cancelled_heading);
        break;
    case Screen::not_registered_today:
        model.next_step = text(MessageId::go_to_reception);
        model.heading = text(MessageId::not_registered_today_heading);
        if (!model.invitation_days.empty()) {
            model.details.push_back(
                text(MessageId::invitation_days, "days", sync::format_day_list(model.invitation_days)));
        }
        break;
    case Screen::unreadable_code:
        model.next_step = text(MessageId::scan_again);
        model.heading = text(MessageId::unreadable_code_heading);
        break;
    case Screen::printer_problem:
        model.next_step = text(MessageId::printer_problem);
        model.heading = text(MessageId::welcome_heading, "name", model.display_name);
        model.details.push_back(text(MessageId::checked_in_confirmed));
        break;
    case Screen::lookup_failed:
        model.next_step = text(MessageId::try_again_or_reception);
        model.heading = text(MessageId::lookup_failed_heading);
        break;
    case Screen::code_not_valid:
        model.next_step = text(MessageId::go_to_reception);
        model.heading = text(MessageId::code_not_valid_heading);
        break;
    case Screen::badge_code:
        // Nothing to do: the holder is checked in. The one screen of its band without a next step.
        model.heading = text(MessageId::badge_code_heading);
        model.details.push_back(text(MessageId::badge_code_checked_in));
        break;
    case Screen::not_an_invitation:
        model.next_step = text(MessageId::scan_invitation_code);
        model.heading = text(MessageId::not_an_invitation_heading);
        break;
    case Screen::badge_at_reception:
        model.next_step = text(MessageId::badge_at_reception);
        model.heading = text(MessageId::welcome_heading, "name", model.display_name);
        model.details.push_back(text(MessageId::badge_printed_in_advance));
        model.details.push_back(text(MessageId::checked_in_confirmed));
        break;
    }
    model.language_switch = text(MessageId::language_switch);
}

} // namespace

std::string_view to_string(Screen screen) {
    switch (screen) {
    case Screen::attract:
        return "attract";
    case Screen::looking_up:
        return "looking_up";
    case Screen::welcome:
        return "welcome";
    case Screen::take_badge:
        return "take_badge";
    case Screen::already_checked_in:
        return "already_checked_in";
    case Screen::unknown_code:
        return "unknown_code";
    case Screen::cancelled:
        return "cancelled";
    case Screen::not_registered_today:
        return "not_registered_today";
    case Screen::unreadable_code:
        return "unreadable_code";
    case Screen::printer_problem:
        return "printer_problem";
    case Screen::lookup_failed:
        return "lookup_failed";
    case Screen::code_not_valid:
        return "code_not_valid";
    case Screen::badge_code:
        return "badge_code";
    case Screen::not_an_invitation:
        return "not_an_invitation";
    case Screen::badge_at_reception:
        return "badge_at_reception";
    case Screen::find_surname:
        return "find_surname";
    case Screen::find_first_name:
        return "find_first_name";
    case Screen::finding:
        return "finding";
    case Screen::find_choose:
        return "find_choose";
    case Screen::find_not_found:
        return "find_not_found";
    }
    return "unknown";
}

bool is_result_screen(Screen screen) {
    switch (screen) {
    case Screen::attract:
    case Screen::looking_up:
    case Screen::welcome:
    case Screen::find_surname:
    case Screen::find_first_name:
    case Screen::finding:
    case Screen::find_choose:
        return false;
    case Screen::find_not_found:
    case Screen::take_badge:
    case Screen::already_checked_in:
    case Screen::unknown_code:
    case Screen::cancelled:
    case Screen::not_registered_today:
    case Screen::unreadable_code:
    case Screen::printer_problem:
    case Screen::lookup_failed:
    case Screen::code_not_valid:
    case Screen::badge_code:
    case Screen::not_an_invitation:
    case Screen::badge_at_reception:
        return true;
    }
    return false;
}

std::string_view to_string(Sound sound) {
    switch (sound) {
    case Sound::success:
        return "success";
    case Sound::refusal:
        return "refusal";
    case Sound::problem:
        return "problem";
    }
    return "unknown";
}

std::string_view to_string(StaffAlert alert) {
    switch (alert) {
    case StaffAlert::printer_problem:
        return "printer_problem";
    case StaffAlert::badge_printed_late:
        return "badge_printed_late";
    case StaffAlert::lookup_failed:
        return "lookup_failed";
    case StaffAlert::checked_in_without_badge:
        return "checked_in_without_badge";
    case StaffAlert::code_refused:
        return "code_refused";
    case StaffAlert::name_search_limited:
        return "name_search_limited";
    }
    return "unknown";
}

std::string_view journal_operator(CheckinMethod method) {
    return method == CheckinMethod::by_name ? "self-service by name" : "self-service";
}

Flow::Flow(FlowSettings settings) : m_settings(std::move(settings)) {
    if (!m_settings.local_clock) {
        m_settings.local_clock = local_clock_time;
    }
    m_model.language = m_settings.home_language;
    m_model.find_by_name = m_settings.find_by_name.offered;
    compose_messages(m_model);
}

std::vector<FlowEffect> Flow::handle(const FlowInput& input) {
    const FlowTime time = std::visit([](const auto& alternative) { return alternative.time; }, input);
    m_now = std::max(m_now, time);
    Effects effects;
    advance_to(m_now, effects);
    std::visit(Overloaded{
                   [&](const ScanInput& scan) { on_scan(scan, m_now, effects); },
                   [&](const LookupAnswer& answer) { on_lookup_answer(answer, m_now, effects); },
                   [&](const PrintOutcome& outcome) { on_print_outcome(outcome, m_now, effects); },
                   [&](const Tick&) {},
                   [&](const ToggleLanguage&) { on_toggle_language(m_now, effects); },
                   [&](const Dismiss&) { on_dismiss(m_now, effects); },
                   [&](const FindByName&) { on_find_by_name(m_now, effects); },
                   [&](const NameTyping& typing) { on_name_typing(typing, m_now, effects); },
                   [&](const PickMatch& pick) { on_pick(pick, m_now, effects); },
                   [&](const NameSearchAnswer& answer) { on_name_search_answer(answer, m_now, effects); },
               },
               input);
    return effects;
}

void Flow::advance_to(FlowTime now, Effects& effects) {
    // Each deadline leads to a screen nearer attract, so this ends even with zero durations.
    while (m_deadline && *m_deadline <= now) {
        const FlowTime at = *m_deadline;
        m_deadline.reset();
        on_deadline(at, effects);
    }
}

void Flow::on_deadline(FlowTime at, Effects& effects) {
    switch (m_model.screen) {
    case Screen::attract: // left in the other language
        return_to_attract(at, effects);
        return;
    case Screen::looking_up: {
        const RequestId lookup = m_lookup->id;
        m_lookup.reset();
        if (m_abandoned_lookups.size() >= abandoned_limit) {
            m_abandoned_lookups.pop_front();
        }
        m_abandoned_lookups.push_back(lookup);
        fail_lookup(lookup,
                    fmt::format("lookup {} had no answer within {} ms", lookup,
                                m_settings.timings.lookup_timeout.count()),
                    at, effects);
        return;
    }
    case Screen::welcome:
        if (m_print) {
            PendingPrint print = std::move(*m_print);
            m_print.reset();
            if (m_abandoned_prints.size() >= abandoned_limit) {
                m_abandoned_prints.pop_front();
            }
            m_abandoned_prints.push_back(print);
            const std::string detail = fmt::format("print {} had no answer within {} ms", print.id,
                                                   m_settings.timings.print_timeout.count());
            fail_print(std::move(print), drivers::Error{drivers::Problem::timeout, detail}, at, effects);
        } else { // printed early, and welcome_minimum is over now
            show(Screen::take_badge, at, at + m_settings.timings.take_badge, effects);
        }
        return;
    case Screen::finding: {
        const RequestId search = m_name_search.value_or(0);
        m_name_search.reset(); // a late answer is dropped: the person was told to try again
        fail_lookup(0,
                    fmt::format("name search {} had no answer within {} ms", search,
                                m_settings.timings.lookup_timeout.count()),
                    at, effects);
        return;
    }
    case Screen::take_badge:
    case Screen::already_checked_in:
    case Screen::unknown_code:
    case Screen::cancelled:
    case Screen::not_registered_today:
    case Screen::unreadable_code:
    case Screen::printer_problem:
    case Screen::lookup_failed:
    case Screen::code_not_valid:
    case Screen::badge_code:
    case Screen::not_an_invitation:
    case Screen::badge_at_reception:
    case Screen::find_surname:
    case Screen::find_first_name:
    case Screen::find_choose:
    case Screen::find_not_found:
        return_to_attract(at, effects);
        return;
    }
}

void Flow::on_scan(const ScanInput& scan, FlowTime now, Effects& effects) {
    switch (m_model.screen) {
    case Screen::looking_up:
    case Screen::welcome:
    case Screen::finding:
        return; // one lookup and one print at a time; see the header
    case Screen::take_badge:
    case Screen::printer_problem:
    case Screen::badge_at_reception:
        if (scan.payload == m_screen_payload) {
            return; // the invitation just admitted, read again
        }
        break;
    case Screen::attract:
    case Screen::already_checked_in:
    case Screen::unknown_code:
    case Screen::cancelled:
    case Screen::not_registered_today:
    case Screen::unreadable_code:
    case Screen::lookup_failed:
    case Screen::code_not_valid:
    case Screen::badge_code:
    case Screen::not_an_invitation:
    case Screen::find_surname:
    case Screen::find_first_name:
    case Screen::find_choose:
    case Screen::find_not_found:
        break;
    }
    const ScanKind kind = classify_scan(scan.payload);
    if (kind == ScanKind::other_content) {
        refuse_other_content(scan.payload, now, effects);
        return;
    }
    if (!scan.signed_code) {
        start_lookup(scan.payload, scan.payload, std::nullopt, now, effects);
        return;
    }
    const sync::SignedCodeVerdict& verdict = *scan.signed_code;
    if (!verdict) {
        // A kiosk that takes signed codes only refuses every plain code; a web link is still someone
        // else's link rather than a code that is not valid.
        if (kind == ScanKind::link && verdict.error().reason == sync::CodeRefusal::unsigned_code) {
            refuse_other_content(scan.payload, now, effects);
            return;
        }
        refuse_code(verdict.error(), scan.payload, now, effects);
        return;
    }
    switch (verdict->kind) {
    case sync::CodeKind::invitation:
        start_lookup(scan.payload, verdict->delegate_code, *verdict, now, effects);
        return;
    case sync::CodeKind::badge:
        // The badge's holder checked in when it was printed; a badge admits no one (a photo of it would
        // otherwise check someone in on another day).
        m_screen_payload = scan.payload;
        m_screen_lookup = 0;
        m_screen_print = 0;
        clear_facts();
        effects.emplace_back(PlaySound{Sound::refusal});
        show(Screen::badge_code, now, now + reading_time(Screen::badge_code), effects);
        return;
    case sync::CodeKind::staff:
        // Staff codes open staff mode before the Flow sees them; one that reaches self-service admits no
        // one either.
        refuse_code(sync::CodeRejection{sync::CodeRefusal::malformed, "a staff code at self-service"},
                    scan.payload, now, effects);
        return;
    }
}

void Flow::refuse_other_content(std::string_view scanned, FlowTime now, Effects& effects) {
    // No staff alert: holding up the wrong QR code is the delegate's to fix, and the screen says how.
    m_screen_payload = std::string(scanned);
    m_screen_lookup = 0;
    m_screen_print = 0;
    clear_facts();
    effects.emplace_back(PlaySound{Sound::refusal});
    show(Screen::not_an_invitation, now, now + reading_time(Screen::not_an_invitation), effects);
}

void Flow::refuse_code(const sync::CodeRejection& rejection, std::string_view scanned, FlowTime now,
                       Effects& effects) {
    m_screen_payload = std::string(scanned);
    m_screen_lookup = 0;
    m_screen_print = 0;
    clear_facts();
    effects.emplace_back(PlaySound{Sound::refusal});
    // The reason and the code's last characters only: the whole code is a bearer secret, and an invitation
    // carries a name.
    effects.emplace_back(AlertStaff{StaffAlert::code_refused, std::nullopt, std::nullopt,
                                    fmt::format("{} code ending {}: {}", sync::to_string(rejection.reason),
                                                sync::code_ending(scanned), rejection.detail)});
    show(Screen::code_not_valid, now, now + reading_time(Screen::code_not_valid), effects);
}

void Flow::start_lookup(std::string scanned, std::string payload,
                        std::optional<sync::SignedCodeContent> invitation, FlowTime now, Effects& effects,
                        CheckinMethod method) {
    const RequestId lookup = ++m_last_lookup;
    m_lookup = PendingLookup{lookup};
    m_screen_payload = std::move(scanned);
    m_screen_lookup = 0;
    m_screen_print = 0;
    clear_facts(); // the language stays (see the header)
    effects.emplace_back(StartLookup{lookup, std::move(payload), std::move(invitation), method});
    show(Screen::looking_up, now, std::nullopt, effects);
    m_deadline = now + m_settings.timings.lookup_timeout;
}

void Flow::on_lookup_answer(const LookupAnswer& answer, FlowTime now, Effects& effects) {
    if (m_lookup && answer.lookup == m_lookup->id) {
        m_lookup.reset();
        take_answer(answer.result, answer.lookup, now, effects);
        return;
    }
    const auto abandoned = std::ranges::find(m_abandoned_lookups, answer.lookup);
    if (abandoned == m_abandoned_lookups.end()) {
        return; // never asked, or answered already
    }
    m_abandoned_lookups.erase(abandoned);
    if (m_model.screen == Screen::lookup_failed && m_screen_lookup == answer.lookup) {
        take_answer(answer.result, answer.lookup, now, effects); // the person is most likely still here
        return;
    }
    if (answer.result && answer.result->outcome == sync::CheckinOutcome::admitted) {
        effects.emplace_back(AlertStaff{
            StaffAlert::checked_in_without_badge, answer.result->delegate, std::nullopt,
            fmt::format("lookup {} admitted code {} after the kiosk stopped waiting; no badge was printed",
                        answer.lookup, answer.result->code)});
    }
}

void Flow::take_answer(const sync::Result<sync::CheckinResult>& result, RequestId lookup, FlowTime now,
                       Effects& effects) {
    if (!result) {
        fail_lookup(lookup, result.error().message, now, effects);
        return;
    }
    switch (result->outcome) {
    case sync::CheckinOutcome::admitted: {
        if (!result->delegate) {
            fail_lookup(lookup,
                        fmt::format("lookup {} admitted code {} without a delegate", lookup, result->code),
                        now, effects);
            return;
        }
        clear_facts();
        m_model.display_name = display_name(*result->delegate);
        if (result->badge_at_reception) {
            // Pre-printed (kioskctl badges): reception hands it over; printing here would make a second.
            effects.emplace_back(PlaySound{Sound::success});
            show(Screen::badge_at_reception, now, now + reading_time(Screen::badge_at_reception), effects);
            return;
        }
        const RequestId print = ++m_last_print;
        m_print = PendingPrint{print, *result->delegate};
        m_welcome_until = now + m_settings.timings.welcome_minimum;
        effects.emplace_back(StartPrint{print, *result->delegate, Reprint::no});
        effects.emplace_back(PlaySound{Sound::success});
        show(Screen::welcome, now, std::nullopt, effects);
        m_deadline = now + m_settings.timings.print_timeout;
        return;
    }
    case sync::CheckinOutcome::already_checked_in:
        refuse(Screen::already_checked_in, *result, now, effects);
        return;
    case sync::CheckinOutcome::unknown_code:
    case sync::CheckinOutcome::unreadable_code:
        // A web link in which the mirror finds no code of its roster is someone else's link; a damaged
        // code of ours (a signed code in lower case) is one to scan again, not one nobody has.
        switch (classify_scan(m_screen_payload)) {
        case ScanKind::link:
            refuse(Screen::not_an_invitation, *result, now, effects);
            return;
        case ScanKind::damaged:
            refuse(Screen::unreadable_code, *result, now, effects);
            return;
        case ScanKind::signed_code:
        case ScanKind::plain_code:
        case ScanKind::other_content:
            break;
        }
        refuse(result->outcome == sync::CheckinOutcome::unknown_code ? Screen::unknown_code
                                                                     : Screen::unreadable_code,
               *result, now, effects);
        return;
    case sync::CheckinOutcome::cancelled:
        refuse(Screen::cancelled, *result, now, effects);
        return;
    case sync::CheckinOutcome::not_registered_today:
        refuse(Screen::not_registered_today, *result, now, effects);
        return;
    }
}

void Flow::refuse(Screen screen, const sync::CheckinResult& result, FlowTime now, Effects& effects) {
    clear_facts();
    if (result.delegate) {
        m_model.display_name = display_name(*result.delegate);
        if (screen == Screen::not_registered_today) {
            m_model.invitation_days = result.delegate->days;
        }
    }
    if (screen == Screen::already_checked_in && result.checked_in_at_milliseconds) {
        m_model.checked_in_at = m_settings.local_clock(*result.checked_in_at_milliseconds);
    }
    effects.emplace_back(PlaySound{Sound::refusal});
    show(screen, now, now + reading_time(screen), effects);
}

void Flow::fail_lookup(RequestId lookup, std::string detail, FlowTime now, Effects& effects) {
    clear_facts();
    m_screen_lookup = lookup;
    effects.emplace_back(PlaySound{Sound::problem});
    effects.emplace_back(
        AlertStaff{StaffAlert::lookup_failed, std::nullopt, std::nullopt, std::move(detail)});
    show(Screen::lookup_failed, now, now + reading_time(Screen::lookup_failed), effects);
}

void Flow::on_print_outcome(const PrintOutcome& outcome, FlowTime now, Effects& effects) {
    if (m_print && outcome.print == m_print->id) {
        PendingPrint print = std::move(*m_print);
        m_print.reset();
        if (!outcome.result) {
            fail_print(std::move(print), outcome.result.error(), now, effects);
        } else if (now >= m_welcome_until) {
            show(Screen::take_badge, now, now + m_settings.timings.take_badge, effects);
        } else { // let the delegate read their name first; on_deadline turns to take_badge
            m_deadline = m_welcome_until;
        }
        return;
    }
    const auto abandoned = std::ranges::find(m_abandoned_prints, outcome.print, &PendingPrint::id);
    if (abandoned == m_abandoned_prints.end()) {
        return; // never asked, or answered already
    }
    const PendingPrint print = std::move(*abandoned);
    m_abandoned_prints.erase(abandoned);
    if (!outcome.result) {
        return; // staff were alerted when the Flow gave up on it
    }
    const bool still_on_screen = m_model.screen == Screen::printer_problem && m_screen_print == print.id;
    if (still_on_screen) {
        effects.emplace_back(PlaySound{Sound::success});
    }
    effects.emplace_back(AlertStaff{StaffAlert::badge_printed_late, print.delegate, std::nullopt,
                                    fmt::format("print {} confirmed after the kiosk stopped waiting; the "
                                                "badge came out, do not print it again",
                                                print.id)});
    if (still_on_screen) {
        m_model.problem.reset();
        show(Screen::take_badge, now, now + m_settings.timings.take_badge, effects);
    }
}

void Flow::fail_print(PendingPrint print, drivers::Error error, FlowTime now, Effects& effects) {
    m_screen_print = print.id;
    m_model.problem = error.problem;
    effects.emplace_back(PlaySound{Sound::problem});
    effects.emplace_back(AlertStaff{StaffAlert::printer_problem, std::move(print.delegate), error.problem,
                                    std::move(error.detail)});
    show(Screen::printer_problem, now, now + reading_time(Screen::printer_problem), effects);
}

void Flow::on_toggle_language(FlowTime now, Effects& effects) {
    m_model.language = other_language(m_model.language);
    if (m_model.screen == Screen::attract) {
        m_deadline = m_model.language == m_settings.home_language
                         ? std::nullopt
                         : std::optional<FlowTime>(now + m_settings.timings.attract_language_reset);
        m_model.ends_at = m_deadline;
    } else if (m_model.screen == Screen::find_surname || m_model.screen == Screen::find_first_name ||
               m_model.screen == Screen::find_choose) {
        m_deadline = now + m_settings.find_by_name.idle;
        m_model.ends_at = m_deadline;
    } else if (is_result_screen(m_model.screen)) {
        // Reading it again in the other language takes the full time again.
        m_deadline = now + reading_time(m_model.screen);
        m_model.ends_at = m_deadline;
    }
    compose_messages(m_model);
    effects.emplace_back(ShowScreen{m_model});
}

void Flow::on_dismiss(FlowTime now, Effects& effects) {
    if (is_result_screen(m_model.screen)) {
        return_to_attract(now, effects);
    }
}

void Flow::return_to_attract(FlowTime now, Effects& effects) {
    clear_facts();
    m_surname.clear();
    m_first_name.clear();
    m_screen_payload.clear();
    m_screen_lookup = 0;
    m_screen_print = 0;
    m_model.language = m_settings.home_language;
    show(Screen::attract, now, std::nullopt, effects);
}

// Find yourself by name ------------------------------------------------------------------------------------

namespace {

// What a name may hold: letters (any script; folding takes the diacritics off later), spaces, hyphens and
// apostrophes. Digits, punctuation and control characters are dropped, as are bytes that are not UTF-8.
std::string name_characters(std::string_view text) {
    std::string kept;
    std::size_t offset = 0;
    while (offset < text.size()) {
        const base::utf8::CodePoint point = base::utf8::decode_at(text, offset);
        const std::string_view bytes = text.substr(offset, point.length);
        offset += point.length;
        if (point.defect != base::utf8::Defect::none) {
            continue;
        }
        const char32_t value = point.value;
        const bool ascii_letter = (value >= 'a' && value <= 'z') || (value >= 'A' && value <= 'Z');
        const bool joiner = value == ' ' || value == '-' || value == '\'' || value == U'\u2019';
        // Past Latin-1's symbols, everything but the general punctuation block and the controls counts as
        // a letter: names come in many scripts, and whatever is not one folds away in the search anyway.
        const bool other_letter = value >= 0xC0 && value != 0xD7 && value != 0xF7 &&
                                  !(value >= 0x2000 && value <= 0x206F) && !(value >= 0xFFF0);
        if (ascii_letter || joiner || other_letter) {
            kept += bytes;
        }
    }
    return kept;
}

} // namespace

void Flow::offer_find_by_name(bool offered) {
    m_settings.find_by_name.offered = offered;
    m_model.find_by_name = offered;
}

void Flow::on_find_by_name(FlowTime now, Effects& effects) {
    if (!m_settings.find_by_name.offered || m_model.screen != Screen::attract) {
        return;
    }
    m_screen_payload.clear();
    m_surname.clear();
    m_first_name.clear();
    clear_facts();
    show_typing(Screen::find_surname, {}, now, effects);
}

void Flow::show_typing(Screen screen, std::string typed, FlowTime now, Effects& effects) {
    const std::optional<FlowTime> ends_at = now + m_settings.find_by_name.idle;
    m_model.typed = std::move(typed);
    show(screen, now, ends_at, effects);
}

void Flow::on_name_typing(const NameTyping& typing, FlowTime now, Effects& effects) {
    const Screen screen = m_model.screen;
    if (screen == Screen::find_choose && typing.key == NameKey::back) {
        // The wrong namesakes: type again.
        m_first_name.clear();
        clear_facts();
        show_typing(Screen::find_surname, {}, now, effects);
        return;
    }
    if (screen != Screen::find_surname && screen != Screen::find_first_name) {
        return;
    }
    std::string typed = m_model.typed;
    switch (typing.key) {
    case NameKey::type: {
        const std::string added = name_characters(typing.text);
        std::size_t characters = base::utf8::count_characters(typed);
        std::size_t offset = 0;
        while (offset < added.size() && characters < maximum_typed_name_characters) {
            const std::string_view character =
                base::utf8::first_character(std::string_view(added).substr(offset));
            typed += character;
            offset += character.size();
            ++characters;
        }
        break;
    }
    case NameKey::backspace:
        if (!typed.empty()) {
            typed.erase(base::utf8::last_character_start(typed));
        }
        break;
    case NameKey::search:
        if (sync::search_tokens(typed).empty()) {
            break; // nothing to search for yet: the keyboard stays
        }
        (screen == Screen::find_surname ? m_surname : m_first_name) = typed;
        if (screen == Screen::find_surname) {
            m_first_name.clear();
        }
        start_name_search(now, effects);
        return;
    case NameKey::back:
        if (screen == Screen::find_first_name) {
            m_first_name.clear();
            show_typing(Screen::find_surname, m_surname, now, effects);
        } else {
            return_to_attract(now, effects);
        }
        return;
    }
    // Every key counts as activity, even one that changed nothing (a key past the length limit).
    show_typing(screen, std::move(typed), now, effects);
}

void Flow::start_name_search(FlowTime now, Effects& effects) {
    while (!m_name_searches.empty() && now - m_name_searches.front() >= std::chrono::minutes(1)) {
        m_name_searches.pop_front();
    }
    if (m_name_searches.size() >= m_settings.find_by_name.searches_per_minute) {
        // The same screen as no match: someone trying surnames learns nothing from the limit either.
        effects.emplace_back(AlertStaff{StaffAlert::name_search_limited, std::nullopt, std::nullopt,
                                        fmt::format("more than {} name searches within a minute; this one "
                                                    "was not run",
                                                    m_settings.find_by_name.searches_per_minute)});
        not_found(now, effects);
        return;
    }
    m_name_searches.push_back(now);
    const RequestId search = ++m_last_name_search;
    m_name_search = search;
    clear_facts();
    effects.emplace_back(StartNameSearch{search, m_surname, m_first_name, maximum_name_matches + 1});
    show(Screen::finding, now, std::nullopt, effects);
    m_deadline = now + m_settings.timings.lookup_timeout;
}

void Flow::on_name_search_answer(const NameSearchAnswer& answer, FlowTime now, Effects& effects) {
    if (!m_name_search || answer.search != *m_name_search || m_model.screen != Screen::finding) {
        return; // never asked, answered already, or given up on
    }
    m_name_search.reset();
    if (!answer.result) {
        fail_lookup(0, answer.result.error().message, now, effects);
        return;
    }
    const std::vector<sync::Delegate>& found = *answer.result;
    if (found.empty()) {
        not_found(now, effects);
        return;
    }
    if (found.size() > maximum_name_matches) {
        if (m_first_name.empty()) {
            show_typing(Screen::find_first_name, {}, now, effects);
        } else {
            not_found(now, effects); // namesakes with the same first name too: reception tells them apart
        }
        return;
    }
    clear_facts();
    for (const sync::Delegate& delegate : found) {
        m_model.choices.push_back(NameChoice{delegate.first_name, delegate.organisation});
        m_choice_codes.push_back(delegate.code);
    }
    show(Screen::find_choose, now, now + m_settings.find_by_name.idle, effects);
}

void Flow::on_pick(const PickMatch& pick, FlowTime now, Effects& effects) {
    if (m_model.screen != Screen::find_choose || pick.index >= m_choice_codes.size()) {
        return;
    }
    std::string code = m_choice_codes[pick.index];
    m_surname.clear();
    m_first_name.clear();
    // From here on exactly a scan of the delegate's code, but for the journal's operator.
    start_lookup(code, code, std::nullopt, now, effects, CheckinMethod::by_name);
}

void Flow::not_found(FlowTime now, Effects& effects) {
    clear_facts();
    m_surname.clear();
    m_first_name.clear();
    effects.emplace_back(PlaySound{Sound::refusal});
    show(Screen::find_not_found, now, now + reading_time(Screen::find_not_found), effects);
}

void Flow::show(Screen screen, FlowTime now, std::optional<FlowTime> ends_at, Effects& effects) {
    m_model.screen = screen;
    m_model.entered_at = now;
    m_model.ends_at = ends_at;
    m_deadline = ends_at;
    compose_messages(m_model);
    effects.emplace_back(ShowScreen{m_model});
}

void Flow::clear_facts() {
    m_model.display_name.clear();
    m_model.checked_in_at.reset();
    m_model.invitation_days.clear();
    m_model.problem.reset();
    m_model.typed.clear();
    m_model.choices.clear();
    m_choice_codes.clear();
}

std::chrono::milliseconds Flow::reading_time(Screen screen) const {
    switch (screen) {
    case Screen::take_badge:
        return m_settings.timings.take_badge;
    case Screen::printer_problem:
    case Screen::badge_at_reception: // the same errand: go to reception
        return m_settings.timings.printer_problem;
    case Screen::attract:
    case Screen::looking_up:
    case Screen::welcome:
    case Screen::already_checked_in:
    case Screen::unknown_code:
    case Screen::cancelled:
    case Screen::not_registered_today:
    case Screen::unreadable_code:
    case Screen::lookup_failed:
    case Screen::code_not_valid:
    case Screen::badge_code:
    case Screen::not_an_invitation:
    case Screen::find_surname:
    case Screen::find_first_name:
    case Screen::finding:
    case Screen::find_choose:
    case Screen::find_not_found:
        break;
    }
    return m_settings.timings.refusal;
}

} // namespace checkin::kiosk
