// `kioskctl badges` (issue 18): the badges of every matching delegate on A4 sheets of perforated badge
// stock, as one PDF, for organisers who pre-print most badges the day before. The delegates are sorted by
// surname in Polish order (then first name), so reception can hand badges out from alphabetical piles.
// Each badge pre-printed this way is recorded in the journal as a print event from the kiosk id
// `badge-sheet` (synced to the hub like any print), so a later `--only-new` leaves it out and the kiosks
// send the delegate to reception for the badge instead of printing a second one.

#include "base/atomic_file.hpp"
#include "kiosk/app/badge_printing.hpp"
#include "kiosk/app/resources.hpp"
#include "kiosk/ctl/kioskctl.hpp"
#include "kiosk/ctl/kioskctl_commands.hpp"
#include "kiosk/ctl/kioskctl_support.hpp"
#include "printing/badge_layout.hpp"
#include "printing/badge_sheet.hpp"
#include "printing/badge_template.hpp"
#include "printing/badge_typefaces.hpp"
#include "sync/roster/delegate.hpp"
#include "sync/roster/event_days.hpp"
#include "sync/roster/polish_order.hpp"
#include "sync/roster/signed_code.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <iostream>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace checkin::kiosk {

namespace {

// Whether the delegate already has a badge: printed or reprinted at a kiosk or by kioskctl, pre-printed on
// a sheet, or checked in (a kiosk prints the badge at the check-in, and reception hands it over at a staff
// check-in).
bool has_a_badge(const std::vector<sync::CheckinEvent>& events) {
    return std::ranges::any_of(events, [](const sync::CheckinEvent& event) {
        return event.kind == sync::EventKind::print || event.kind == sync::EventKind::reprint ||
               event.kind == sync::EventKind::checkin;
    });
}

bool surname_order(const sync::Delegate& left, const sync::Delegate& right) {
    if (left.last_name != right.last_name) {
        return sync::polish_name_less(left.last_name, right.last_name);
    }
    if (left.first_name != right.first_name) {
        return sync::polish_name_less(left.first_name, right.first_name);
    }
    return left.code < right.code;
}

// The roles the mirror holds, for the message when --role matches nobody.
std::string roles_of(const std::vector<sync::DelegateRecord>& records) {
    std::set<std::string> roles;
    for (const auto& record : records) {
        if (!record.delegate.role.empty()) {
            roles.insert(record.delegate.role);
        }
    }
    std::string text;
    for (const std::string& role : roles) {
        text += text.empty() ? "" : ", ";
        text += role;
    }
    return text.empty() ? "none" : text;
}

} // namespace

int command_badges_list() {
    std::cout << "Badge sheets (--sheet), A4 pages of perforated badge stock, each with cut marks:\n";
    for (const auto& layout : printing::badge_sheet_layouts()) {
        std::cout << fmt::format("  {:<14} {} x {} badges a page, template {}: {}\n", layout.name,
                                 layout.columns, layout.rows, layout.template_name, layout.description);
    }
    return exit_ok;
}

int command_badges(const CommandOptions& options, const base::Clock& clock) {
    const printing::BadgeSheetLayout* layout = printing::find_badge_sheet_layout(options.sheet);
    if (layout == nullptr) {
        std::cerr << "kioskctl: unknown sheet '" << options.sheet
                  << "'; `kioskctl badges --list` names the sheets (a4-2x4-90x54, a4-2x2-a6)\n";
        return exit_usage;
    }
    if (options.output_path.empty()) {
        std::cerr << "kioskctl: badges needs --out FILE.pdf\n";
        return exit_usage;
    }
    std::optional<sync::Day> day;
    if (!options.day.empty()) {
        day = sync::parse_iso_day(options.day);
        if (!day) {
            std::cerr << "kioskctl: --day takes a date as YYYY-MM-DD, not '" << options.day << "'\n";
            return exit_usage;
        }
    }
    auto mirror = open_mirror(options.database, Creation::refused);
    if (!mirror) {
        return report(mirror.error());
    }
    auto event = mirror->event();
    if (!event) {
        return report(event.error());
    }
    if (day && !event->days.empty() && std::ranges::find(event->days, *day) == event->days.end()) {
        std::cerr << "kioskctl: " << options.day << " is not one of the event's days ("
                  << format_badge_dates(event->days) << ")\n";
        return exit_usage;
    }
    auto records = mirror->all_delegates();
    if (!records) {
        return report(records.error());
    }

    std::vector<sync::Delegate> chosen;
    std::size_t already_have_a_badge = 0;
    for (const auto& record : *records) {
        const sync::Delegate& delegate = record.delegate;
        if (delegate.status == sync::DelegateStatus::cancelled) {
            continue;
        }
        if (day && !sync::admitted_on(delegate.days, *event, *day)) {
            continue;
        }
        if (!options.role.empty() && delegate.role != options.role) {
            continue;
        }
        if (options.only_new) {
            auto events = mirror->events_of(delegate.code);
            if (!events) {
                return report(events.error());
            }
            if (has_a_badge(*events)) {
                ++already_have_a_badge;
                continue;
            }
        }
        chosen.push_back(delegate);
    }
    if (chosen.empty()) {
        if (!options.role.empty() && already_have_a_badge == 0) {
            std::cerr << "kioskctl: no active delegate has the role '" << options.role
                      << "'; the roles in the mirror: " << roles_of(*records) << '\n';
        } else {
            std::cerr << "kioskctl: no delegate matches"
                      << (already_have_a_badge > 0
                              ? fmt::format(" ({} have a badge already; --only-new leaves them out)",
                                            already_have_a_badge)
                              : std::string())
                      << "; nothing written\n";
        }
        return exit_refused;
    }
    std::ranges::sort(chosen, surname_order);

    auto badge_template = printing::load_badge_template(resource_paths().templates, layout->template_name);
    if (!badge_template) {
        std::cerr << "kioskctl: " << badge_template.error().message << '\n';
        return exit_failure;
    }
    printing::BadgeTypefacePaths faces;
    faces.regular = resource_paths().font_regular;
    faces.bold = resource_paths().font_bold;
    auto typefaces = printing::BadgeTypefaces::open(faces);
    if (!typefaces) {
        std::cerr << "kioskctl: " << typefaces.error().message << '\n';
        return exit_failure;
    }
    std::vector<printing::BadgeImage> badges;
    badges.reserve(chosen.size());
    for (const sync::Delegate& delegate : chosen) {
        auto image =
            printing::compose_badge(badge_data_for(delegate, *event), *badge_template, typefaces->fonts());
        if (!image) {
            // Neither the name nor the whole code: the message may end up in a log.
            std::cerr << "kioskctl: the badge of the delegate whose code ends in "
                      << sync::code_ending(delegate.code) << " cannot be laid out: " << image.error().message
                      << "; nothing written\n";
            return exit_usage;
        }
        badges.push_back(std::move(*image));
    }
    auto pdf = printing::badge_sheets_pdf(*layout, badges);
    if (!pdf) {
        std::cerr << "kioskctl: " << pdf.error().message << '\n';
        return exit_failure;
    }
    if (auto written = base::write_file_atomically(options.output_path, *pdf); !written) {
        std::cerr << "kioskctl: " << written.error().message << '\n';
        return exit_failure;
    }
    const auto per_page = static_cast<std::size_t>(layout->badges_per_page());
    const std::size_t pages = (badges.size() + per_page - 1) / per_page;
    std::cout << fmt::format("{} badges on {} pages of {} in {}\n", badges.size(), pages, layout->name,
                             options.output_path);
    if (already_have_a_badge > 0) {
        std::cout << fmt::format("{} left out: they have a badge already\n", already_have_a_badge);
    }
    if (options.dry_run) {
        std::cout << "Not recorded as pre-printed (--dry-run): the kiosks will print these badges\n";
        return exit_ok;
    }
    // Recorded after the file is written: a badge recorded but never drawn would send its delegate to
    // reception for nothing; one drawn but not recorded is at worst printed twice.
    std::vector<sync::CheckinEvent> preprinted;
    preprinted.reserve(chosen.size());
    for (const sync::Delegate& delegate : chosen) {
        preprinted.push_back(sync::new_event(sync::EventKind::print, delegate.code, clock.now_milliseconds(),
                                             clock.today(), std::string(sync::preprinted_kiosk_id),
                                             "kioskctl badges"));
        preprinted.back().reason = fmt::format("pre-printed on {}", layout->name);
    }
    if (auto recorded = mirror->append_events(preprinted); !recorded) {
        std::cerr << "kioskctl: the PDF is written, but the pre-printing could not be recorded; run the "
                     "command again with the same options once the mirror is free\n";
        return report(recorded.error());
    }
    std::cout << fmt::format("Recorded as pre-printed: the kiosks send these {} delegates to reception for "
                             "their badge\n",
                             chosen.size());
    return exit_ok;
}

} // namespace checkin::kiosk
