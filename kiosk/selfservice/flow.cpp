#include "kiosk/selfservice/flow.hpp"

#include "base/overloaded.hpp"
#include "kiosk/selfservice/scan_kind.hpp"

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
    }
    return "unknown";
}

bool is_result_screen(Screen screen) {
    switch (screen) {
    case Screen::attract:
    case Screen::looking_up:
    case Screen::welcome:
        return false;
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
    }
    return "unknown";
}

Flow::Flow(FlowSettings settings) : m_settings(std::move(settings)) {
    if (!m_settings.local_clock) {
        m_settings.local_clock = local_clock_time;
    }
    m_model.language = m_settings.home_language;
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
        return_to_attract(at, effects);
        return;
    }
}

void Flow::on_scan(const ScanInput& scan, FlowTime now, Effects& effects) {
    switch (m_model.screen) {
    case Screen::looking_up:
    case Screen::welcome:
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
                        std::optional<sync::SignedCodeContent> invitation, FlowTime now, Effects& effects) {
    const RequestId lookup = ++m_last_lookup;
    m_lookup = PendingLookup{lookup};
    m_screen_payload = std::move(scanned);
    m_screen_lookup = 0;
    m_screen_print = 0;
    clear_facts(); // the language stays (see the header)
    effects.emplace_back(StartLookup{lookup, std::move(payload), std::move(invitation)});
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
    m_screen_payload.clear();
    m_screen_lookup = 0;
    m_screen_print = 0;
    m_model.language = m_settings.home_language;
    show(Screen::attract, now, std::nullopt, effects);
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
        break;
    }
    return m_settings.timings.refusal;
}

} // namespace checkin::kiosk
