// kiosk-hub — the hub the kiosks sync with: serves the API of sync/protocol/hub_protocol.hpp over one SQLite
// file over HTTPS with its own certificate, imports the organiser's roster into it (kioskctl's importer and
// messages), makes the kiosks' tokens and the certificate with the pin the kiosks check it by.
//
//   kiosk-hub --db FILE serve --listen HOST:PORT [--insecure] [--labels-low N] [--requests-per-second N]
//   kiosk-hub --db FILE cert new [--host NAME] [--if-missing]   (prints the pin, sha256//BASE64)
//   kiosk-hub --db FILE cert show
//   kiosk-hub --db FILE event new --slug SLUG --name NAME --days DAYS [--english-name NAME] [--venue V]
//   kiosk-hub --db FILE event list
//   kiosk-hub --db FILE import ROSTER.csv [--event SLUG] [--event-name NAME] [--event-days DAYS]
//                                         [--encoding E] [--delimiter D] [--column FIELD=HEADER]
//   (--event SLUG: which of the hub's events; without it, the only one, and a hub of several refuses)
//   kiosk-hub --db FILE token new --kiosk NAME [--event SLUG] [--role kiosk|dashboard|organiser]
//                                              [--expires YYYY-MM-DD]
//   kiosk-hub --db FILE token list
//   kiosk-hub --db FILE token revoke NAME
//   kiosk-hub --db FILE enrol --kiosk NAME [--event SLUG] [--url https://HOST:PORT]   (a one-time enrolment
//   QR code)
//
// Every command takes --store postgresql://USER@HOST/NAME instead of --db FILE: the same hub on PostgreSQL.
//
// Exit codes: 0 ok; 1 failed (a roster with problems, a file or the database that cannot be used, a
// port that cannot be bound); 2 usage (bad options).

#include "base/clock.hpp"
#include "base/progress_bar.hpp"
#include "sync/hub/enrolment_qr.hpp"
#include "sync/hub/hub_server.hpp"
#include "sync/hub/hub_store_factory.hpp"
#include "sync/hub/kiosk_hub_codes.hpp"
#include "sync/hub/sqlite_hub_store.hpp"
#include "sync/hub/tls_identity.hpp"
#include "sync/mirror/roster_import_report.hpp"
#include "sync/roster/roster.hpp"

#include <CLI/CLI.hpp>
#include <charconv>
#include <csignal>
#include <filesystem>
#include <fmt/format.h>
#include <iostream>
#include <limits>
#include <mutex>
#include <pthread.h>
#include <sys/resource.h>

namespace {

using namespace checkin;

enum ExitCode : int { exit_ok = 0, exit_failure = 1, exit_usage = 2 };

struct Options {
    std::string database;
    std::string store; // a PostgreSQL URI; empty: the SQLite file `database`
    std::string listen = "127.0.0.1:8470";
    std::string roster_path;
    std::string event_name;
    std::string event_days;
    std::string encoding = "auto";
    std::string delimiter = "auto";
    std::vector<std::string> column_mappings;
    std::string kiosk;
    bool insecure = false;
    std::size_t connections_per_address = 64;           // HubServerSettings::per_address_limit
    double requests_per_second = 100.0;                 // per token; the burst is four seconds' worth
    std::int64_t labels_low = sync::labels_low_default; // the dashboard's "labels running low" alert
    std::string certificate_host = "kiosk-hub";
    bool certificate_if_missing = false;
    std::string token_role = "kiosk";
    std::string token_expires;        // "2026-12-01"; empty: never
    std::string enrolment_url;        // empty: https:// and serve's default --listen
    std::string public_key;           // keys add, keys remove
    std::vector<std::string> serials; // revoke
    std::string serials_file;         // revoke --file
    std::string purge_before;         // "2026-11-30"; empty: everyone
    std::string event_slug;           // --event; empty: the hub's only event
    std::string event_english_name;   // event new
    std::string event_venue;          // event new
};

int report(const sync::Error& error) {
    std::cerr << "kiosk-hub: " << error.message << '\n';
    return error.kind == sync::ErrorKind::invalid_input ? exit_usage : exit_failure;
}

// "127.0.0.1:8470", "0.0.0.0:8470", "[::1]:8470" → host and port.
std::optional<sync::HubServerSettings> parse_listen(const std::string& text) {
    const auto colon = text.rfind(':');
    if (colon == std::string::npos || colon == 0) {
        return std::nullopt;
    }
    sync::HubServerSettings settings;
    settings.host = text.substr(0, colon);
    if (settings.host.size() > 2 && settings.host.front() == '[' && settings.host.back() == ']') {
        settings.host = settings.host.substr(1, settings.host.size() - 2);
    }
    const std::string port = text.substr(colon + 1);
    const auto [end, error] = std::from_chars(port.data(), port.data() + port.size(), settings.port);
    if (port.empty() || error != std::errc() || end != port.data() + port.size() || settings.port < 0 ||
        settings.port > 65535) {
        return std::nullopt;
    }
    return settings;
}

// Where the hub keeps its data: --store (a PostgreSQL URI) or --db (an SQLite file), for messages and the
// factory.
std::string location_of(const Options& options) {
    return options.store.empty() ? options.database : options.store;
}

sync::Result<std::unique_ptr<sync::HubStore>> open_store(const Options& options) {
    return sync::open_hub_store(location_of(options));
}

// "--db hub.db" or "--store postgresql://…" as the user wrote it, for the commands a message suggests.
std::string store_option(const Options& options) {
    return options.store.empty() ? fmt::format("--db {}", options.database) : "--store URI";
}

int command_serve(const Options& options) {
    auto settings = parse_listen(options.listen);
    if (!settings) {
        std::cerr << "kiosk-hub: --listen " << options.listen
                  << " is not HOST:PORT; write it as 127.0.0.1:8470 or 0.0.0.0:8470\n";
        return exit_usage;
    }
    settings->per_address_limit = options.connections_per_address;
    settings->rate_limit = {.per_second = options.requests_per_second,
                            .burst = 4.0 * options.requests_per_second};
    // Blocked before any thread starts, so the server's threads inherit the mask and only sigwait below
    // sees the signals: stopping happens on this thread, outside a signal handler.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

    auto store = open_store(options);
    if (!store) {
        std::cerr << "kiosk-hub: " << store.error().message << '\n';
        return exit_failure;
    }
    // HTTPS with the hub's own certificate; plain HTTP only when asked for, and only on loopback (a test, or
    // a reverse proxy on the same machine): the token and the roster must not cross a network in clear.
    if (options.insecure) {
        if (!sync::http::is_loopback_host(settings->host)) {
            std::cerr << "kiosk-hub: --insecure serves plain HTTP, allowed only on a loopback address such "
                         "as 127.0.0.1; on "
                      << settings->host << " serve HTTPS (make the certificate with `kiosk-hub "
                      << store_option(options) << " cert new`)\n";
            return exit_usage;
        }
    } else {
        auto identity = (*store)->tls_identity();
        if (!identity) {
            return report(identity.error());
        }
        if (!*identity) {
            std::cerr << "kiosk-hub: the hub has no certificate yet; make one with `kiosk-hub "
                      << store_option(options)
                      << " cert new --host NAME` and give its pin to the kiosks (or use --insecure on "
                         "127.0.0.1 for a test)\n";
            return exit_failure;
        }
        settings->tls = std::move(**identity);
    }
    // Up to 1000 connections (HubServerSettings::connection_limit) need as many descriptors; the usual soft
    // limit of 1024 would leave the database few. The hard limit is the system's word.
    rlimit descriptors{};
    if (::getrlimit(RLIMIT_NOFILE, &descriptors) == 0 && descriptors.rlim_cur < descriptors.rlim_max) {
        descriptors.rlim_cur = descriptors.rlim_max;
        ::setrlimit(RLIMIT_NOFILE, &descriptors);
    }
    std::mutex log_mutex;
    settings->request_log = [&log_mutex](const sync::RequestLogEntry& entry) {
        auto line = fmt::format("{} {} {} {}ms {}\n", entry.method, entry.path, entry.status,
                                entry.milliseconds, entry.kiosk.empty() ? "-" : entry.kiosk);
        if (!entry.problem.empty()) {
            line = fmt::format("{}  problem: {}\n", line.substr(0, line.size() - 1), entry.problem);
        }
        std::lock_guard lock(log_mutex);
        std::cerr << line << std::flush;
    };
    // The organisers' dashboard at https://HOST:PORT/, read through the store (SQLite or PostgreSQL alike).
    settings->dashboard = true;
    settings->kiosk_alerts.labels_low = options.labels_low;
    auto server = sync::HubServer::start(**store, *settings);
    if (!server) {
        std::cerr << "kiosk-hub: " << server.error().message << '\n';
        return exit_failure;
    }
    std::cerr << fmt::format("kiosk-hub: serving {} on {}://{}:{}/api/v1 (Ctrl+C stops)\n",
                             options.store.empty() ? options.database : "the PostgreSQL store",
                             settings->tls ? "https" : "http", settings->host, (*server)->port())
              << std::flush;
    int received = 0;
    sigwait(&stop_signals, &received);
    (*server)->stop();
    {
        std::lock_guard lock(log_mutex);
        std::cerr << "kiosk-hub: stopped (" << (received == SIGINT ? "SIGINT" : "SIGTERM") << ")\n";
    }
    return exit_ok;
}

// The event --event names, or the hub's only one (sync::choose_event's refusals).
sync::Result<sync::HubEvent> chosen_event(sync::HubStore& store, const Options& options) {
    auto events = store.list_events();
    if (!events) {
        return sync::fail(events.error());
    }
    return sync::choose_event(*events, options.event_slug);
}

int command_event_new(const Options& options) {
    sync::EventRequest request;
    request.slug = options.event_slug;
    request.name = options.event_name;
    request.english_name = options.event_english_name;
    request.venue = options.event_venue;
    auto days = sync::parse_event_days(options.event_days);
    if (!days) {
        return report(days.error());
    }
    request.days = std::move(*days);
    auto store = open_store(options);
    if (!store) {
        return report(store.error());
    }
    auto made = (*store)->create_event(request);
    if (!made) {
        return report(made.error());
    }
    std::cout << fmt::format("Event {} made: {}, {} day(s). Import its roster with `kiosk-hub {} import "
                             "ROSTER.csv --event {}`.\n",
                             made->slug, made->name, made->days.size(), store_option(options), made->slug);
    return exit_ok;
}

int command_event_list(const Options& options) {
    auto store = open_store(options);
    if (!store) {
        return report(store.error());
    }
    auto events = (*store)->list_events();
    if (!events) {
        return report(events.error());
    }
    // One event a line, tab-separated so a script can cut it: slug, name, days, English name, venue.
    for (const auto& event : *events) {
        std::string days;
        for (const auto day : event.days) {
            if (!days.empty()) {
                days += ',';
            }
            days += sync::format_iso_day(day);
        }
        std::cout << fmt::format("{}\t{}\t{}\t{}\t{}\n", event.slug, event.name, days.empty() ? "-" : days,
                                 event.english_name.empty() ? "-" : event.english_name,
                                 event.venue.empty() ? "-" : event.venue);
    }
    return exit_ok;
}

int command_import(const Options& options) {
    const auto bytes = sync::read_roster_file(options.roster_path);
    if (!bytes) {
        std::cerr << "kiosk-hub: " << bytes.error().message << '\n';
        return exit_failure;
    }
    // A new hub file is created only once the roster has passed validation: a refused import leaves none.
    std::unique_ptr<sync::HubStore> store;
    sync::Event event;
    std::int64_t event_id = sync::first_event_id;
    if (!options.store.empty() || std::filesystem::exists(options.database)) {
        auto opened = open_store(options);
        if (!opened) {
            return report(opened.error());
        }
        store = std::move(*opened);
        auto chosen = chosen_event(*store, options);
        if (!chosen) {
            return report(chosen.error());
        }
        event_id = chosen->id;
        event = sync::Event{chosen->name, chosen->days};
    } else if (!options.event_slug.empty() && options.event_slug != sync::first_event_slug) {
        std::cerr << "kiosk-hub: " << options.database << " does not exist yet, so it holds no event "
                  << options.event_slug << "; make it first with `kiosk-hub " << store_option(options)
                  << " event new`\n";
        return exit_failure;
    }
    if (!options.event_name.empty()) {
        event.name = options.event_name;
    }
    if (!options.event_days.empty()) {
        auto days = sync::parse_event_days(options.event_days);
        if (!days) {
            return report(days.error());
        }
        event.days = std::move(*days);
    }
    auto roster_options = sync::roster_options_from({.encoding = options.encoding,
                                                     .delimiter = options.delimiter,
                                                     .column_mappings = options.column_mappings});
    if (!roster_options) {
        return report(roster_options.error());
    }
    const auto roster = sync::check_roster(*bytes, *roster_options, event);
    if (!roster) {
        std::cerr << sync::roster_problems_text(options.roster_path, roster.error())
                  << "kiosk-hub: nothing was imported; correct the file and import it again\n";
        return exit_failure;
    }
    if (!store) {
        auto opened = open_store(options);
        if (!opened) {
            return report(opened.error());
        }
        store = std::move(*opened);
    }
    const bool event_given = !options.event_name.empty() || !options.event_days.empty();
    sync::Result<sync::ImportSummary> summary;
    {
        base::ProgressBar bar("Importing");
        summary = store->import_event_roster(
            event_id, roster->entries, event_given ? std::optional<sync::Event>(event) : std::nullopt,
            [&](std::size_t done, std::size_t total) { bar.update(done, total); });
    }
    if (!summary) {
        std::cerr << "kiosk-hub: " << summary.error().message << '\n';
        return exit_failure;
    }
    std::cout << sync::import_summary_text(options.roster_path, *roster, *summary, sync::WriteMode::write)
              << "; roster version " << summary->roster_version << ".\n"
              << sync::ignored_columns_text(*roster);
    return exit_ok;
}

int command_token_new(const Options& options) {
    sync::TokenRequest request;
    request.kiosk = options.kiosk;
    // CLI11 has checked the role against the list already.
    request.role = sync::token_role_from(options.token_role).value_or(sync::TokenRole::kiosk);
    if (!options.token_expires.empty()) {
        request.last_day = sync::parse_iso_day(options.token_expires);
        if (!request.last_day) {
            std::cerr << "kiosk-hub: --expires " << options.token_expires
                      << " is not a date; write it as YYYY-MM-DD, e.g. 2026-12-01\n";
            return exit_usage;
        }
    }
    auto store = open_store(options);
    if (!store) {
        return report(store.error());
    }
    auto event = chosen_event(**store, options);
    if (!event) {
        return report(event.error());
    }
    request.event_id = event->id;
    auto token = (*store)->issue_token(request);
    if (!token) {
        return report(token.error());
    }
    // Only the token on standard output, so a script can capture it; the hub keeps its SHA-256 only.
    std::cout << *token << '\n';
    return exit_ok;
}

// "2026-12-04 09:14" in the venue's time.
std::string format_local_minute(std::int64_t unix_milliseconds) {
    const auto local = base::local_time(unix_milliseconds);
    return fmt::format("{} {:02}:{:02}", sync::format_iso_day(local.day), local.hour, local.minute);
}

int command_token_list(const Options& options) {
    auto store = open_store(options);
    if (!store) {
        return report(store.error());
    }
    auto tokens = (*store)->list_tokens();
    if (!tokens) {
        return report(tokens.error());
    }
    auto events = (*store)->list_events();
    if (!events) {
        return report(events.error());
    }
    const auto slug_of = [&](std::int64_t event_id) {
        const auto found = std::ranges::find(*events, event_id, &sync::HubEvent::id);
        return found == events->end() ? std::string("?") : found->slug;
    };
    if (tokens->empty()) {
        std::cout << "No tokens; make one with: kiosk-hub --db FILE token new --kiosk NAME\n";
        return exit_ok;
    }
    const auto today = base::Clock().today();
    for (const auto& token : *tokens) {
        std::string expires = "never expires";
        if (token.last_day) {
            expires = fmt::format("{} through {}", *token.last_day < today ? "expired, valid" : "valid",
                                  sync::format_iso_day(*token.last_day));
        }
        const std::string revoked =
            token.revoked_at_milliseconds
                ? fmt::format("revoked {}", format_local_minute(*token.revoked_at_milliseconds))
                : std::string("not revoked");
        std::cout << fmt::format("{}  {}  {}  created {}  {}  {}\n", token.kiosk, sync::to_string(token.role),
                                 slug_of(token.event_id), format_local_minute(token.created_at_milliseconds),
                                 expires, revoked);
    }
    return exit_ok;
}

int command_token_revoke(const Options& options) {
    auto store = open_store(options);
    if (!store) {
        return report(store.error());
    }
    auto revoked = (*store)->revoke_tokens(options.kiosk);
    if (!revoked) {
        return report(revoked.error());
    }
    if (*revoked == 0) {
        std::cerr << "kiosk-hub: no token to revoke for that name (see kiosk-hub --db FILE token list; "
                     "names are exact, case included)\n";
        return exit_failure;
    }
    std::cout << fmt::format("Revoked {} token{} of {}.\n", *revoked, *revoked == 1 ? "" : "s",
                             options.kiosk);
    return exit_ok;
}

// Makes the hub's key and self-signed certificate, stores them in the hub's file (so every hub instance on
// it presents the same key) and prints the pin the kiosks check the hub by. A new certificate replaces the
// old one: every kiosk needs the new pin.
int command_cert_new(const Options& options) {
    auto store = open_store(options);
    if (!store) {
        return report(store.error());
    }
    // --if-missing (the service's first start): keep a certificate the hub has, so the kiosks' pin stays.
    if (options.certificate_if_missing) {
        auto held = (*store)->tls_identity();
        if (!held) {
            return report(held.error());
        }
        if (*held) {
            auto pin = sync::public_key_pin((*held)->certificate_pem);
            if (!pin) {
                return report(pin.error());
            }
            std::cout << *pin << '\n';
            return exit_ok;
        }
    }
    auto identity = sync::make_tls_identity(options.certificate_host);
    if (!identity) {
        return report(identity.error());
    }
    auto pin = sync::public_key_pin(identity->certificate_pem);
    if (!pin) {
        return report(pin.error());
    }
    if (auto saved = (*store)->save_tls_identity(*identity); !saved) {
        return report(saved.error());
    }
    // Only the pin on standard output, so a script can capture it.
    std::cout << *pin << '\n';
    std::cerr << "kiosk-hub: a new certificate for " << options.certificate_host
              << "; give the kiosks this pin ([sync] hub_pin, or kioskctl sync --pin)\n";
    return exit_ok;
}

int command_cert_show(const Options& options) {
    auto store = open_store(options);
    if (!store) {
        return report(store.error());
    }
    auto identity = (*store)->tls_identity();
    if (!identity) {
        return report(identity.error());
    }
    if (!*identity) {
        std::cerr << "kiosk-hub: the hub has no certificate yet; make one with `kiosk-hub "
                  << store_option(options) << " cert new`\n";
        return exit_failure;
    }
    auto pin = sync::public_key_pin((*identity)->certificate_pem);
    if (!pin) {
        return report(pin.error());
    }
    std::cout << *pin << '\n';
    return exit_ok;
}

// After the event: the people go, anonymous counts stay (HubStore::purge). A missing file is refused
// rather than created empty, so a mistyped --db does not report a purge that never happened.
int command_purge(const Options& options) {
    sync::PurgeRequest request;
    if (!options.purge_before.empty()) {
        request.before = sync::parse_iso_day(options.purge_before);
        if (!request.before) {
            std::cerr << "kiosk-hub: --before " << options.purge_before
                      << " is not a date; write it as 2026-11-30\n";
            return exit_usage;
        }
    }
    if (options.store.empty() && !std::filesystem::exists(options.database)) {
        std::cerr << "kiosk-hub: " << options.database << " does not exist; nothing to purge\n";
        return exit_failure;
    }
    auto store = open_store(options);
    if (!store) {
        return report(store.error());
    }
    // One event at a time, judged by its own days: --event names it, and a hub of several events refuses
    // a purge without it, listing the slugs, rather than guess whose people go.
    auto chosen = chosen_event(**store, options);
    if (!chosen) {
        return report(chosen.error());
    }
    auto summary = (*store)->purge(chosen->id, request);
    if (!summary) {
        return report(summary.error());
    }
    std::cout << "Purged " << summary->delegates << " delegates and " << summary->events
              << " journal events of the event " << chosen->slug
              << "; anonymous counts kept by day, role, voivodeship and partnership\n";
    return exit_ok;
}

// The address kiosks reach the hub at when `enrol` is not told: serve's default --listen over HTTPS. Good
// for a kiosk on the hub's machine; kiosks elsewhere need --url with the address they reach it by (the
// hub cannot know it: behind a balancer or NAT it is not the listening one).
constexpr std::string_view default_enrolment_url = "https://127.0.0.1:8470";

// A one-time secret worth one kiosk token, printed with the hub's address and pin as one line of text and
// as a QR code the kiosk's staff mode scans (or `kioskctl enrol` reads).
int command_enrol(const Options& options) {
    auto store = open_store(options);
    if (!store) {
        return report(store.error());
    }
    auto identity = (*store)->tls_identity();
    if (!identity) {
        return report(identity.error());
    }
    if (!*identity) {
        std::cerr
            << "kiosk-hub: the hub has no certificate yet, so a kiosk could not check it; make one with "
               "`kiosk-hub "
            << store_option(options) << " cert new --host NAME` first\n";
        return exit_failure;
    }
    auto pin = sync::public_key_pin((*identity)->certificate_pem);
    if (!pin) {
        return report(pin.error());
    }
    sync::EnrolmentPayload payload;
    payload.hub_url =
        options.enrolment_url.empty() ? std::string(default_enrolment_url) : options.enrolment_url;
    payload.pin = *pin;
    // The address is checked by the kiosk's own parser before anything is stored, so no secret is made for
    // a code no kiosk would read.
    payload.secret = std::string(sync::enrolment_secret_hex_digits, '0');
    if (auto checked = sync::decode_enrolment_payload(sync::encode_enrolment_payload(payload)); !checked) {
        std::cerr << "kiosk-hub: --url: " << checked.error().message << '\n';
        return exit_usage;
    }
    auto event = chosen_event(**store, options);
    if (!event) {
        return report(event.error());
    }
    auto secret = (*store)->create_enrolment(event->id, options.kiosk, base::now_unix_milliseconds());
    if (!secret) {
        return report(secret.error());
    }
    payload.secret = std::move(*secret);
    const std::string text = sync::encode_enrolment_payload(payload);
    auto code = sync::enrolment_qr_for_terminal(text, true);
    if (!code) {
        return report(code.error());
    }
    std::cout << *code << '\n' << text << '\n';
    std::cerr << fmt::format(
        "kiosk-hub: an enrolment code for {}, valid 15 minutes, for one use; scan it in "
        "the kiosk's staff mode or run `kioskctl --db MIRROR enrol '<the line above>'`\n",
        options.kiosk);
    if (options.enrolment_url.empty()) {
        std::cerr << "kiosk-hub: the code names " << default_enrolment_url
                  << " (this machine); for kiosks elsewhere give --url https://HUB-ADDRESS:PORT\n";
    }
    return exit_ok;
}

int run(int argc, char** argv) {
    CLI::App app{"kiosk-hub — the hub the check-in kiosks sync with: serve the sync API, import the roster, "
                 "make kiosk tokens.\nExit codes: 0 ok, 1 failed, 2 usage."};
    app.require_subcommand(1);
    app.fallthrough();
    Options options;
    auto* database_option = app.add_option("--db", options.database,
                                           "The hub's SQLite file (created if missing): the embedded store");
    auto* store_flag =
        app.add_option("--store", options.store,
                       "A PostgreSQL database instead, as a libpq URI: postgresql://USER@HOST/NAME "
                       "(password from ~/.pgpass or PGPASSWORD, never in the URI)");
    database_option->excludes(store_flag);
    store_flag->excludes(database_option);

    auto* serve = app.add_subcommand("serve", "Answer the kiosks (SIGINT or SIGTERM stops it)");
    serve->add_option("--listen", options.listen, "HOST:PORT to listen on, e.g. 0.0.0.0:8470")
        ->default_val("127.0.0.1:8470");
    serve->add_flag("--insecure", options.insecure,
                    "Plain HTTP without the certificate; only on a loopback address such as 127.0.0.1");
    serve
        ->add_option("--connections-per-address", options.connections_per_address,
                     "Open connections one address may hold (64). Behind a TCP balancer every kiosk comes "
                     "from the balancer's address: raise it there and let the balancer limit each kiosk "
                     "(hardware/packaging/haproxy-checkin-hub.cfg)")
        ->check(CLI::Range(std::size_t{1}, std::size_t{1000}));
    serve
        ->add_option("--requests-per-second", options.requests_per_second,
                     "Requests one token may make each second (100, with bursts of four seconds' worth); "
                     "more are answered 429 with the seconds to wait")
        ->check(CLI::Range(1.0, 100000.0));
    serve
        ->add_option("--labels-low", options.labels_low,
                     "The dashboard raises an alert for a kiosk whose printer reports fewer labels left than "
                     "this (20; only printers that count their labels)")
        ->check(CLI::Range(std::int64_t{0}, std::int64_t{100000}));

    auto* purge = app.add_subcommand(
        "purge", "After an event: remove every name, organisation, position, e-mail and code of its "
                 "delegates from the hub for good, keeping only the event's anonymous counts (by day, role, "
                 "voivodeship and partnership); other events are untouched. The SQLite file's freed space is "
                 "zeroed and the file rebuilt; PostgreSQL's tables are rewritten (VACUUM FULL). Stop "
                 "`serve` (every instance) first");
    purge->add_option("--event", options.event_slug,
                      "The event to purge (its slug); needed when the hub holds several events");
    purge->add_option("--before", options.purge_before,
                      "Only the delegates whose days all ended before this day (YYYY-MM-DD)");

    auto* cert = app.add_subcommand("cert", "The hub's TLS certificate and the pin kiosks check it by");
    cert->require_subcommand(1);
    auto* cert_new = cert->add_subcommand(
        "new", "Make a new key and self-signed certificate, store them in the hub's file, print the pin");
    cert_new->add_option("--host", options.certificate_host, "The name or address the kiosks use for the hub")
        ->default_val("kiosk-hub");
    cert_new->add_flag("--if-missing", options.certificate_if_missing,
                       "Keep the certificate the hub has (print its pin); make one only when there is none");
    auto* cert_show = cert->add_subcommand("show", "Print the pin of the hub's certificate");

    auto* import = app.add_subcommand("import", "Import the organiser's roster CSV, exactly as kioskctl "
                                                "import does (validated first: nothing is written unless "
                                                "the whole file is right)");
    import->add_option("roster", options.roster_path, "The roster file (.csv)")->required();
    import->add_option("--encoding", options.encoding, "auto, utf-8 or cp1250 (Windows-1250)")
        ->check(CLI::IsMember({"auto", "utf-8", "cp1250"}))
        ->default_val("auto");
    import->add_option("--delimiter", options.delimiter, "auto, semicolon, comma or tab")
        ->check(CLI::IsMember({"auto", "semicolon", "comma", "tab"}))
        ->default_val("auto");
    import->add_option("--column", options.column_mappings,
                       "Map a field to a header the importer does not recognise, e.g. first_name=Imiona");
    import->add_option("--event", options.event_slug,
                       "The event whose roster this is (its slug); without it, the hub's only event");
    import->add_option("--event-name", options.event_name, "Set the event's name");
    import->add_option("--event-days", options.event_days,
                       "Set the event's days, e.g. 2026-11-29,2026-11-30");

    auto* event = app.add_subcommand("event", "The events this hub serves, each with its own roster");
    event->require_subcommand(1);
    auto* event_new = event->add_subcommand("new", "Add an event");
    event_new->add_option("--slug", options.event_slug, "A short name to type, e.g. serock-2026")->required();
    event_new->add_option("--name", options.event_name, "The event's name, as badges show it")->required();
    event_new->add_option("--days", options.event_days, "The event's days, e.g. 2026-11-29,2026-11-30")
        ->required();
    event_new->add_option("--english-name", options.event_english_name, "The event's name in English");
    event_new->add_option("--venue", options.event_venue, "Where it takes place");
    auto* event_list = event->add_subcommand(
        "list", "The events, one a line: slug, name, days, English name, venue (tab-separated)");

    auto* token = app.add_subcommand("token", "Kiosk tokens");
    token->require_subcommand(1);
    auto* token_new = token->add_subcommand("new", "Make a token for a kiosk and print it (one line)");
    token_new->add_option("--kiosk", options.kiosk, "The kiosk's name, e.g. kiosk-1")->required();
    token_new
        ->add_option("--role", options.token_role,
                     "kiosk (syncs), dashboard (reads statistics) or organiser (also exports personal "
                     "data)")
        ->check(CLI::IsMember({"kiosk", "dashboard", "organiser"}))
        ->default_val("kiosk");
    token_new->add_option("--event", options.event_slug,
                          "The event the token is for (its slug); without it, the hub's only event");
    token_new->add_option("--expires", options.token_expires,
                          "The last day the token is valid (through its end, venue time), e.g. 2026-12-01; "
                          "without it the token never expires");
    auto* token_list = token->add_subcommand("list", "List the tokens: name, role, created, expiry, "
                                                     "revocation (never the secrets)");
    auto* token_revoke =
        token->add_subcommand("revoke", "Revoke every token made for a name; refused from the next request");
    token_revoke->add_option("name", options.kiosk, "The name the tokens were made for")->required();

    auto* enrol = app.add_subcommand("enrol", "Print a one-time enrolment code (text and QR) that gives a "
                                              "kiosk its token: valid 15 minutes, one use");
    enrol->add_option("--kiosk", options.kiosk, "The kiosk's name, e.g. kiosk-3")->required();
    enrol->add_option("--event", options.event_slug,
                      "The event the kiosk's token will be for (its slug); without it, the hub's only event");
    enrol->add_option("--url", options.enrolment_url,
                      "The address kiosks reach the hub at, e.g. https://192.168.1.20:8470 (default "
                      "https://127.0.0.1:8470, serve's default --listen: this machine only)");

    auto* keys = app.add_subcommand("keys", "The event's public keys for signed codes; kiosks take them at "
                                            "every sync");
    keys->require_subcommand(1);
    auto* keys_add =
        keys->add_subcommand("add", "Add a public key (ed25519:… as `kioskctl keys new` prints it)");
    keys_add->add_option("PUBLIC", options.public_key, "The public key")->required();
    auto* keys_list = keys->add_subcommand("list", "The hub's public keys, one a line");
    auto* keys_remove = keys->add_subcommand(
        "remove", "Remove a public key: at their next sync, kiosks refuse codes signed only by it");
    keys_remove->add_option("PUBLIC", options.public_key, "The public key")->required();
    auto* revoke = app.add_subcommand(
        "revoke",
        "Revoke signed codes by serial (cancelled, reissued, a lost staff code): kiosks refuse them "
        "from their next sync; with no serial, list them");
    revoke->add_option("SERIAL", options.serials, "12 hexadecimal digits");
    revoke->add_option("--file", options.serials_file,
                       "A file of serials, one a line, as `kioskctl invitations` writes revoked-serials.txt");

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& error) {
        const int code = app.exit(error);
        return code == 0 ? exit_ok : exit_usage;
    }
    if (options.database.empty() && options.store.empty()) {
        std::cerr << "kiosk-hub: say where the hub keeps its data: --db FILE (SQLite) or --store "
                     "postgresql://USER@HOST/NAME\n";
        return exit_usage;
    }
    if (serve->parsed()) {
        return command_serve(options);
    }
    if (event_new->parsed()) {
        return command_event_new(options);
    }
    if (event_list->parsed()) {
        return command_event_list(options);
    }
    if (import->parsed()) {
        return command_import(options);
    }
    if (cert_new->parsed()) {
        return command_cert_new(options);
    }
    if (cert_show->parsed()) {
        return command_cert_show(options);
    }
    if (token_new->parsed()) {
        return command_token_new(options);
    }
    if (token_list->parsed()) {
        return command_token_list(options);
    }
    if (token_revoke->parsed()) {
        return command_token_revoke(options);
    }
    if (enrol->parsed()) {
        return command_enrol(options);
    }
    if (keys_add->parsed() || keys_list->parsed() || keys_remove->parsed() || revoke->parsed()) {
        auto store = open_store(options);
        if (!store) {
            return report(store.error());
        }
        if (keys_add->parsed()) {
            return sync::hub_keys_add(**store, options.public_key);
        }
        if (keys_list->parsed()) {
            return sync::hub_keys_list(**store);
        }
        if (keys_remove->parsed()) {
            return sync::hub_keys_remove(**store, options.public_key);
        }
        return sync::hub_revoke(**store, options.serials, options.serials_file);
    }
    if (purge->parsed()) {
        return command_purge(options);
    }
    return exit_usage;
}

} // namespace

int main(int argc, char** argv) {
    return run(argc, argv);
}
