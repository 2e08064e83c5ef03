// `kioskctl sync`: one sync round between this kiosk's mirror and the hub, from the command line (for
// setting a kiosk up from the hub, for scripts, and for a person checking that a kiosk can reach the hub).

#include "base/progress_bar.hpp"
#include "base/text.hpp"
#include "kiosk/ctl/kioskctl.hpp"
#include "kiosk/ctl/kioskctl_commands.hpp"
#include "kiosk/ctl/kioskctl_support.hpp"
#include "sync/client/enrolled_hub.hpp"
#include "sync/client/hub_client.hpp"
#include "sync/client/sync_round.hpp"

#include <cstdlib>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace checkin::kiosk {

namespace {

constexpr const char* token_variable = "CHECKIN_HUB_TOKEN";

std::string plural(std::size_t count, std::string_view one, std::string_view many) {
    return fmt::format("{} {}", count, count == 1 ? one : many);
}

std::string seconds(std::chrono::milliseconds duration) {
    return fmt::format("{:.1f} s", static_cast<double>(duration.count()) / 1000.0);
}

nlohmann::ordered_json report_to_json(const sync::SyncReport& report, const std::string& hub,
                                      std::optional<std::size_t> backlog) {
    nlohmann::ordered_json json{{"hub", hub},
                                {"kiosk", report.hub_kiosk},
                                {"walk_ins_pushed", report.walk_ins_pushed},
                                {"walk_ins_added", report.walk_ins_added},
                                {"events_pushed", report.events_pushed},
                                {"events_acknowledged", report.events_acknowledged},
                                {"events_accepted", report.events_accepted},
                                {"duplicates", report.duplicates},
                                {"delegates_pulled", report.delegates_pulled},
                                {"events_pulled", report.events_pulled},
                                {"events_new", report.events_new},
                                {"roster_version", report.roster_version},
                                {"event_sequence", report.event_sequence},
                                {"durations_ms",
                                 {{"push", report.push_duration.count()},
                                  {"roster", report.roster_duration.count()},
                                  {"events", report.events_duration.count()},
                                  {"total", report.total_duration.count()}}}};
    json["backlog"] = backlog ? nlohmann::ordered_json(*backlog) : nlohmann::ordered_json(nullptr);
    // The health report kioskctl sends says what it knows: the version and the backlog, no printer.
    json["health_reported"] = report.health_reported;
    return json;
}

// What waits for upload, for the closing line; nullopt when the mirror cannot say.
std::optional<std::size_t> backlog_of(sync::Mirror& mirror, const base::Clock& clock) {
    auto statistics = mirror.statistics(clock.today());
    if (!statistics) {
        return std::nullopt;
    }
    return statistics->events_not_uploaded;
}

} // namespace

int command_sync(const CommandOptions& options, const base::Clock& clock) {
    sync::HubClientSettings settings;
    settings.base_url = options.hub;
    settings.pin = options.hub_pin;
    std::string token_file = options.token_file;
    // Without --hub: what `kioskctl enrol` kept beside the mirror.
    if (settings.base_url.empty()) {
        auto hub = sync::read_enrolled_hub(options.database);
        if (!hub) {
            return report(hub.error());
        }
        if (!*hub) {
            std::cerr << "kioskctl: sync needs the hub's address: --hub URL --pin PIN, or enrol this kiosk "
                         "first with kioskctl --db FILE enrol CODE\n";
            return exit_usage;
        }
        settings.base_url = (*hub)->hub_url;
        if (settings.pin.empty()) {
            settings.pin = (*hub)->pin;
        }
        if (token_file.empty() && std::getenv(token_variable) == nullptr) {
            token_file = sync::enrolled_token_path(options.database).string();
        }
    }
    if (!token_file.empty()) {
        std::ifstream file(token_file);
        if (!file || !std::getline(file, settings.token)) {
            std::cerr << "kioskctl: cannot read the token from " << token_file << '\n';
            return exit_failure;
        }
        settings.token = std::string(base::trim(settings.token));
    } else if (const char* from_environment = std::getenv(token_variable); from_environment != nullptr) {
        settings.token = from_environment;
    }
    if (settings.token.empty()) {
        std::cerr << "kioskctl: sync needs this kiosk's token: --token-file FILE or the environment variable "
                  << token_variable << " (make one on the hub with kiosk-hub token new --kiosk NAME)\n";
        return exit_usage;
    }
    auto client = sync::HubClient::create(std::move(settings));
    if (!client) {
        return report(client.error());
    }
    // A kiosk set up from scratch starts with an empty mirror that the round fills from the hub.
    auto mirror = open_mirror(options.database, Creation::allowed);
    if (!mirror) {
        return report(mirror.error());
    }

    sync::Result<sync::SyncReport> round;
    {
        base::ProgressBar bar("Syncing  ");
        round = sync::run_sync_round(*mirror, *client, sync::SyncRoundOptions{},
                                     [&](std::size_t done, std::size_t total) { bar.update(done, total); });
    }
    const auto backlog = backlog_of(*mirror, clock);
    if (!round) {
        std::cerr << "kioskctl: sync with " << client->base_url() << " failed: " << round.error().message
                  << '\n';
        if (backlog) {
            std::cerr << "Nothing is lost: " << plural(*backlog, "event waits", "events wait")
                      << " here for the next sync.\n";
        }
        // Storage errors are the mirror's own (the hub's failures come back as io): kioskctl's exit 3.
        return round.error().kind == sync::ErrorKind::storage ? exit_failure : exit_refused;
    }

    const auto& done = *round;
    if (options.json) {
        std::cout << report_to_json(done, client->base_url(), backlog).dump(2) << '\n';
        return exit_ok;
    }
    std::cout << "Synced with " << client->base_url();
    if (!done.hub_kiosk.empty()) {
        std::cout << " as " << done.hub_kiosk;
    }
    std::cout << " in " << seconds(done.total_duration) << ".\n";
    std::cout << "Uploaded " << plural(done.events_pushed, "event", "events") << " (" << done.events_accepted
              << " new to the hub, " << done.duplicates << " it already had)";
    if (done.walk_ins_pushed > 0) {
        std::cout << " and " << plural(done.walk_ins_pushed, "walk-in", "walk-ins");
    }
    std::cout << ".\nDownloaded " << plural(done.delegates_pulled, "delegate", "delegates") << " and "
              << plural(done.events_pulled, "event", "events") << " (" << done.events_new << " new here).\n";
    if (backlog) {
        std::cout << (*backlog == 0 ? std::string("Every check-in here is on the hub.")
                                    : plural(*backlog, "event waits", "events wait") + " for upload.")
                  << '\n';
    }
    if (done.health_reported) {
        std::cout << "Reported this kiosk's health to the hub (version " << sync::kiosk_software_version()
                  << "; kioskctl drives no printer, so the dashboard shows it as unknown).\n";
    }
    return exit_ok;
}

} // namespace checkin::kiosk
