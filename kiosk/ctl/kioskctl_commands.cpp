#include "kiosk/ctl/kioskctl_commands.hpp"

#include "base/atomic_file.hpp"
#include "base/progress_bar.hpp"
#include "kiosk/ctl/kioskctl.hpp"
#include "kiosk/ctl/kioskctl_support.hpp"
#include "sync/mirror/delegate_json.hpp"
#include "sync/mirror/mirror.hpp"
#include "sync/mirror/roster_export.hpp"
#include "sync/mirror/roster_import_report.hpp"
#include "sync/roster/scan_code.hpp"

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <fstream>
#include <iostream>
#include <sstream>

namespace checkin::kiosk {

namespace {

using sync::CheckinOutcome;

// The event as it will be after this command: stored values, overridden by --event-name/--event-days.
// With no mirror yet, the options alone describe the event.
sync::Result<sync::Event> event_with_overrides(sync::Mirror* mirror, const CommandOptions& options) {
    auto event = mirror ? mirror->event() : sync::Result<sync::Event>(sync::Event{});
    if (!event) {
        return event;
    }
    if (!options.event_name.empty()) {
        event->name = options.event_name;
    }
    if (!options.event_days.empty()) {
        auto days = sync::parse_event_days(options.event_days);
        if (!days) {
            return sync::fail(days.error());
        }
        event->days = std::move(*days);
    }
    return std::move(*event);
}

std::string describe(const sync::Delegate& delegate) {
    std::string text = delegate.code + "  " + delegate.full_name();
    if (!delegate.organisation.empty()) {
        text += " — " + delegate.organisation;
    }
    if (!delegate.role.empty()) {
        text += " (" + delegate.role + ")";
    }
    if (delegate.status == sync::DelegateStatus::cancelled) {
        text += " [cancelled]";
    }
    return text;
}

std::optional<std::int64_t> checked_in_on(const sync::DelegateRecord& record, sync::Day day) {
    for (const auto& attendance : record.attendance) {
        if (attendance.day == day) {
            return attendance.checked_in_at_milliseconds;
        }
    }
    return std::nullopt;
}

} // namespace

int command_import(const CommandOptions& options, const base::Clock& clock) {
    const auto bytes = sync::read_roster_file(options.roster_path);
    if (!bytes) {
        std::cerr << "kioskctl: " << bytes.error().message << '\n';
        return exit_usage;
    }
    // A new mirror is created only once the roster has passed validation: a refused import leaves no file.
    std::optional<sync::Mirror> mirror;
    if (std::filesystem::exists(options.database)) {
        auto opened = open_mirror(options.database, Creation::refused);
        if (!opened) {
            return report(opened.error());
        }
        mirror = std::move(*opened);
    }
    const auto event = event_with_overrides(mirror ? &*mirror : nullptr, options);
    if (!event) {
        return report(event.error());
    }
    auto roster_options = sync::roster_options_from({.encoding = options.encoding,
                                                     .delimiter = options.delimiter,
                                                     .column_mappings = options.column_mappings});
    if (!roster_options) {
        return report(roster_options.error());
    }
    // Without --event-days, a mirror with no event days takes them from the roster.
    roster_options->today = clock.today();
    const auto roster = sync::check_roster(*bytes, *roster_options, *event);
    if (!roster) {
        std::cerr << sync::roster_problems_text(options.roster_path, roster.error())
                  << "kioskctl: nothing was imported; correct the file and import it again\n";
        return exit_usage;
    }

    const auto mode = options.dry_run ? sync::WriteMode::dry_run : sync::WriteMode::write;
    sync::Result<sync::ImportSummary> summary;
    if (!mirror && mode == sync::WriteMode::dry_run) {
        summary = sync::ImportSummary{.added = roster->entries.size()}; // no mirror yet: everyone is new
    } else {
        if (!mirror) {
            auto opened = open_mirror(options.database, Creation::allowed);
            if (!opened) {
                return report(opened.error());
            }
            mirror = std::move(*opened);
        }
        std::optional<sync::Event> new_event;
        if (!options.event_name.empty() || !options.event_days.empty()) {
            new_event = *event;
        }
        if (!roster->event_days_from_roster.empty()) {
            new_event = sync::Event{event->name, roster->event_days_from_roster};
        }
        base::ProgressBar bar("Importing");
        summary = mirror->apply_roster(
            roster->entries, mode, [&](std::size_t done, std::size_t total) { bar.update(done, total); },
            new_event);
    }
    if (!summary) {
        return report(summary.error());
    }
    std::cout << sync::import_summary_text(options.roster_path, *roster, *summary, mode) << ".\n"
              << sync::ignored_columns_text(*roster);
    if (!roster->event_days_from_roster.empty()) {
        std::vector<std::string> days;
        for (const sync::Day& day : roster->event_days_from_roster) {
            days.push_back(sync::format_iso_day(day));
        }
        std::cout << fmt::format("The event's days {} from the roster's days: {} (give --event-days to set "
                                 "others).\n",
                                 mode == sync::WriteMode::dry_run ? "would be taken" : "were taken",
                                 fmt::join(days, ", "));
    }
    return exit_ok;
}

int command_find(const CommandOptions& options, const base::Clock& clock) {
    auto mirror = open_mirror(options.database, Creation::refused);
    if (!mirror) {
        return report(mirror.error());
    }
    auto hits = mirror->search(options.query, options.limit);
    if (!hits) {
        return report(hits.error());
    }
    const auto today = clock.today();
    auto json = nlohmann::ordered_json::array();
    for (const auto& hit : *hits) {
        auto record = mirror->find_by_code(hit.delegate.code);
        if (!record) {
            return report(record.error());
        }
        if (!*record) {
            continue; // removed between the search and now
        }
        if (options.json) {
            json.push_back(sync::delegate_to_json(**record, today));
        } else {
            std::cout << describe((*record)->delegate);
            if (auto at = checked_in_on(**record, today)) {
                std::cout << "  ✓ " << sync::format_clock_time(*at);
            }
            std::cout << '\n';
        }
    }
    if (options.json) {
        std::cout << json.dump(2) << '\n';
    } else if (hits->empty()) {
        std::cerr << "kioskctl: nobody matches \"" << options.query << "\"\n";
    }
    return hits->empty() ? exit_refused : exit_ok;
}

int command_show(const CommandOptions& options, const base::Clock& clock) {
    auto mirror = open_mirror(options.database, Creation::refused);
    if (!mirror) {
        return report(mirror.error());
    }
    auto code = sync::normalise_scanned_code(options.code);
    if (!code) {
        return report(code.error());
    }
    auto record = mirror->find_by_code(*code);
    if (!record) {
        return report(record.error());
    }
    if (!*record) {
        std::cerr << "kioskctl: unknown code " << *code << '\n';
        return exit_refused;
    }
    const auto today = clock.today();
    if (options.json) {
        std::cout << sync::delegate_to_json(**record, today).dump(2) << '\n';
        return exit_ok;
    }
    const auto& delegate = (*record)->delegate;
    const auto line = [](std::string_view label, std::string_view value) {
        std::cout << label << std::string(14 - std::min<std::size_t>(14, label.size()), ' ') << value << '\n';
    };
    line("Code", delegate.code);
    line("Name", delegate.full_name());
    line("Organisation", delegate.organisation);
    line("Position", delegate.position);
    line("Partnership", delegate.partnership);
    line("Voivodeship", delegate.voivodeship);
    line("Role", delegate.role);
    line("Days", delegate.days.empty() ? std::string("every day") : sync::format_day_list(delegate.days));
    line("E-mail", delegate.email);
    line("Status", sync::to_string(delegate.status));
    if ((*record)->attendance.empty()) {
        line("Checked in", "no");
    }
    for (const auto& attendance : (*record)->attendance) {
        line("Checked in", sync::format_short_day(attendance.day) + " at " +
                               sync::format_clock_time(attendance.checked_in_at_milliseconds) + " (" +
                               attendance.kiosk_id + ")");
    }
    return exit_ok;
}

int command_checkin(const CommandOptions& options, const base::Clock& clock) {
    auto mirror = open_mirror(options.database, Creation::refused);
    if (!mirror) {
        return report(mirror.error());
    }
    sync::CheckinRequest request;
    request.payload = options.code;
    request.kiosk_id = options.kiosk_id;
    request.operator_name = options.operator_name;
    request.now_milliseconds = clock.now_milliseconds();
    request.today = clock.today();
    auto result = mirror->check_in(request);
    if (!result) {
        return report(result.error());
    }
    // Printed only now: check_in returns after the commit, so a printed "admitted" is durable.
    if (options.json) {
        std::cout << sync::checkin_result_to_json(*result).dump(2) << '\n';
    } else {
        const std::string name = result->delegate ? result->delegate->full_name() : std::string();
        switch (result->outcome) {
        case CheckinOutcome::admitted:
            std::cout << "Checked in: " << name << " (" << result->code << ") at "
                      << sync::format_clock_time(*result->checked_in_at_milliseconds) << '\n';
            break;
        case CheckinOutcome::already_checked_in:
            std::cout << "Already checked in today at "
                      << sync::format_clock_time(*result->checked_in_at_milliseconds) << ": " << name << " ("
                      << result->code << ")\n";
            break;
        case CheckinOutcome::unknown_code:
            std::cout << "Unknown code: " << result->code << '\n';
            break;
        case CheckinOutcome::unreadable_code:
            std::cout << "Unreadable code: " << result->detail << '\n';
            break;
        case CheckinOutcome::cancelled:
            std::cout << "Registration cancelled: " << name << " (" << result->code << ")\n";
            break;
        case CheckinOutcome::not_registered_today:
            std::cout << "Not registered for today (" << sync::format_short_day(request.today)
                      << "): " << name << " is admitted on " << sync::format_day_list(result->delegate->days)
                      << '\n';
            break;
        }
    }
    std::cout.flush();
    switch (result->outcome) {
    case CheckinOutcome::admitted:
        return exit_ok;
    case CheckinOutcome::unreadable_code:
        return exit_usage;
    default:
        return exit_refused;
    }
}

int command_stats(const CommandOptions& options, const base::Clock& clock) {
    auto mirror = open_mirror(options.database, Creation::refused);
    if (!mirror) {
        return report(mirror.error());
    }
    const auto today = clock.today();
    auto statistics = mirror->statistics(today);
    if (!statistics) {
        return report(statistics.error());
    }
    auto event = mirror->event();
    if (!event) {
        return report(event.error());
    }
    if (options.json) {
        std::cout << sync::statistics_to_json(*statistics, *event, today).dump(2) << '\n';
        return exit_ok;
    }
    std::cout << (event->name.empty() ? std::string("(event name not set)") : event->name) << '\n';
    std::cout << "Delegates: " << statistics->active << " active, " << statistics->cancelled << " cancelled, "
              << statistics->walk_ins << " walk-ins\n";
    std::cout << "Checked in on " << sync::format_short_day(today) << ": " << statistics->checked_in_today
              << '\n';
    for (const auto& day : statistics->by_day) {
        std::cout << "  " << sync::format_short_day(day.day) << ": " << day.checked_in << " of "
                  << day.expected << " expected\n";
    }
    std::cout << "Journal: " << statistics->events << " events, " << statistics->events_not_uploaded
              << " not yet uploaded\n";
    if (statistics->purged > 0) {
        std::cout << "Purged: " << statistics->purged
                  << " delegates (only their anonymous counts are kept, and counted above)\n";
    }
    return exit_ok;
}

int command_purge(const CommandOptions& options) {
    sync::PurgeRequest request;
    if (!options.purge_before.empty()) {
        request.before = sync::parse_iso_day(options.purge_before);
        if (!request.before) {
            std::cerr << "kioskctl: --before " << options.purge_before
                      << " is not a date; write it as 2026-11-30\n";
            return exit_usage;
        }
    }
    auto mirror = open_mirror(options.database, Creation::refused);
    if (!mirror) {
        return report(mirror.error());
    }
    auto summary = mirror->purge(request);
    if (!summary) {
        return report(summary.error());
    }
    std::cout << "Purged " << summary->delegates << " delegates and " << summary->events
              << " journal events; anonymous counts kept by day, role, voivodeship and partnership\n";
    return exit_ok;
}

int command_export(const CommandOptions& options) {
    auto mirror = open_mirror(options.database, Creation::refused);
    if (!mirror) {
        return report(mirror.error());
    }
    auto records = mirror->all_delegates();
    if (!records) {
        return report(records.error());
    }
    auto event = mirror->event();
    if (!event) {
        return report(event.error());
    }
    const auto csv = sync::export_attendance_csv(*records, *event);
    if (options.output_path.empty()) {
        std::cout << csv;
        return std::cout.flush() ? exit_ok : exit_failure;
    }
    if (auto written = base::write_file_atomically(options.output_path, csv); !written) {
        std::cerr << "kioskctl: " << written.error().message << '\n';
        return exit_failure;
    }
    std::cerr << "Exported " << records->size() << " delegates to " << options.output_path << '\n';
    return exit_ok;
}

int command_event(const CommandOptions& options) {
    const bool changing = !options.event_name.empty() || !options.event_days.empty();
    auto mirror = open_mirror(options.database, changing ? Creation::allowed : Creation::refused);
    if (!mirror) {
        return report(mirror.error());
    }
    const auto event = event_with_overrides(&*mirror, options);
    if (!event) {
        return report(event.error());
    }
    if (changing) {
        if (auto stored = mirror->set_event(*event); !stored) {
            return report(stored.error());
        }
    }
    if (options.json) {
        nlohmann::ordered_json days = nlohmann::ordered_json::array();
        for (const auto& day : event->days) {
            days.push_back(sync::format_iso_day(day));
        }
        std::cout << nlohmann::ordered_json{{"name", event->name}, {"days", days}}.dump(2) << '\n';
    } else {
        std::cout << "Event: " << (event->name.empty() ? "(not set)" : event->name)
                  << "\nDays:  " << (event->days.empty() ? "(not set)" : sync::format_day_list(event->days))
                  << '\n';
    }
    return exit_ok;
}

} // namespace checkin::kiosk
