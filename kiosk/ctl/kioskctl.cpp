#include "kiosk/ctl/kioskctl.hpp"

#include "base/clock.hpp"
#include "kiosk/ctl/kioskctl_commands.hpp"
#include "sync/roster/event_days.hpp"

#include <CLI/CLI.hpp>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <unistd.h>

namespace checkin::kiosk {

namespace {

std::string default_kiosk_id() {
    char name[256] = {};
    if (::gethostname(name, sizeof name - 1) != 0 || name[0] == '\0') {
        return "kioskctl";
    }
    return name;
}

// kioskctl-badges: beside this program in a build tree, in libexec once installed (found relative to the
// program, so an installation under any prefix or DESTDIR works).
std::filesystem::path drawing_program() {
    std::error_code error;
    const auto self = std::filesystem::read_symlink("/proc/self/exe", error);
    const auto folder = error ? std::filesystem::path(".") : self.parent_path();
    if (const auto beside = folder / "kioskctl-badges"; std::filesystem::exists(beside, error)) {
        return beside;
    }
    return (folder / CHECKIN_KIOSKCTL_BADGES_FROM_BINDIR).lexically_normal();
}

// Replaces this process with kioskctl-badges, given the same arguments; returns only when it cannot.
int hand_to_drawing_program(char** argv) {
    const std::filesystem::path program = drawing_program();
    ::execv(program.c_str(), argv);
    std::cerr << "kioskctl: cannot start " << program.string() << " (" << std::strerror(errno)
              << "), which draws badges and QR pictures and opens devices; reinstall the checkin-kiosk "
                 "package\n";
    return exit_failure;
}

} // namespace

int run_kioskctl(int argc, char** argv, const DrawingCommands* drawing) {
    CLI::App app{"kioskctl — manage a check-in kiosk's mirror: import the roster, find delegates, check in, "
                 "statistics, export, badges, sync with the hub.\nExit codes: 0 ok, 1 not found or refused, "
                 "2 bad input or usage, "
                 "3 the mirror or a file could not be used."};
    app.set_version_flag("--version", "kioskctl 0.1.0");
    app.require_subcommand(1);
    // Global options work after the subcommand too: `checkin CODE --date 2026-11-29`.
    app.fallthrough();

    CommandOptions options;
    std::string date_text;
    // Required by every command except `badge --list`; checked after parsing.
    app.add_option("--db", options.database, "The mirror's SQLite file (required, except for badge --list)");
    app.add_option("--date", date_text, "Stand in for today's date (YYYY-MM-DD), for rehearsals and tests");

    auto* import =
        app.add_subcommand("import", "Import the organiser's roster CSV (validated first: nothing is "
                                     "written unless the whole file is right)");
    import->add_option("roster", options.roster_path, "The roster file (.csv)")->required();
    import->add_option("--encoding", options.encoding, "auto, utf-8 or cp1250 (Windows-1250)")
        ->check(CLI::IsMember({"auto", "utf-8", "cp1250"}))
        ->default_val("auto");
    import->add_option("--delimiter", options.delimiter, "auto, semicolon, comma or tab")
        ->check(CLI::IsMember({"auto", "semicolon", "comma", "tab"}))
        ->default_val("auto");
    import->add_option("--column", options.column_mappings,
                       "Map a field to a header the importer does not recognise, e.g. first_name=Imiona; "
                       "fields: code first_name last_name organisation position partnership voivodeship "
                       "role days email");
    import->add_option("--event-name", options.event_name, "Set the event's name");
    import->add_option("--event-days", options.event_days,
                       "Set the event's days, e.g. 2026-11-29,2026-11-30");
    import->add_flag("--dry-run", options.dry_run, "Validate and report what would change, write nothing");

    auto* find = app.add_subcommand("find", "Search delegates by name or organisation (case and diacritics "
                                            "ignored, words in any order, prefixes match)");
    find->add_option("query", options.query, "What to look for, e.g. \"kow an\"")->required();
    find->add_option("--limit", options.limit, "At most this many results")
        ->default_val(20)
        ->check(CLI::Range(1, 10000));
    find->add_flag("--json", options.json, "Print a JSON array of delegates");

    auto* show = app.add_subcommand("show", "Show one delegate by code (as scanned or typed)");
    show->add_option("code", options.code, "The delegate's code")->required();
    show->add_flag("--json", options.json, "Print a JSON object");

    auto* checkin =
        app.add_subcommand("checkin", "Check a delegate in exactly as the kiosk does; the result is "
                                      "printed only after it is committed");
    checkin->add_option("code", options.code, "The delegate's code (as scanned or typed)")->required();
    checkin->add_option("--kiosk", options.kiosk_id, "The kiosk id recorded with the check-in")
        ->default_val(default_kiosk_id());
    checkin->add_option("--operator", options.operator_name, "Who checked them in")->default_val("kioskctl");
    checkin->add_flag("--json", options.json, "Print the result as JSON");

    auto* stats = app.add_subcommand("stats", "Checked in against expected, today and per event day");
    stats->add_flag("--json", options.json, "Print JSON");

    auto* export_command =
        app.add_subcommand("export", "The attendance list as CSV (UTF-8 with BOM, semicolons)");
    export_command->add_option("--out", options.output_path, "Write to this file instead of standard output");

    auto* purge = app.add_subcommand(
        "purge",
        "After the event: remove every name, organisation, position, e-mail and code from the mirror "
        "for good, keeping only anonymous counts (by day, role, voivodeship and partnership) for "
        "`stats`; the freed space is zeroed and the file rebuilt. Stop the kiosk first.");
    purge->add_option("--before", options.purge_before,
                      "Only the delegates whose days all ended before this day (YYYY-MM-DD); delegates "
                      "without days of their own end on the event's last day");

    auto* event = app.add_subcommand("event", "Show or set the event's name and days");
    event->add_option("--name", options.event_name, "Set the event's name");
    event->add_option("--days", options.event_days, "Set the event's days, e.g. 2026-11-29,2026-11-30");
    event->add_flag("--json", options.json, "Print JSON");

    auto* badge = app.add_subcommand(
        "badge", "Make one delegate's badge as a file: Brother QL raster (ql), ZPL (zpl) or a PNG picture "
                 "(png). The medium picks the template (printing/templates): 62x100 → ql-62x100, 62 → "
                 "ql-62-continuous-100, 62red → ql-62red-100, 4x3 → zpl-4x3-203dpi. Records no print "
                 "event. Exit 1 for an unknown code; 2 for an unknown model, medium or format, a medium the "
                 "model cannot take (62red needs a two-colour QL-800 series) or a badge that cannot be laid "
                 "out (a character the font lacks); 3 when the file cannot be written.");
    badge->add_option("code", options.code, "The delegate's code (as scanned or typed)");
    badge
        ->add_option("--model", options.model,
                     "The Brother QL model, e.g. ql-820nwb, ql-570 (ignored for ZPL)")
        ->default_val("ql-820nwb");
    badge->add_option("--media", options.media,
                      "The label stock: 62x100, 62, 62red, … for Brother QL, 4x3, … for ZPL (default 62x100, "
                      "or 4x3 with --format zpl)");
    badge
        ->add_option("--format", options.format,
                     "ql: Brother QL raster bytes; zpl: a ZPL label format; png: a picture at the template's "
                     "resolution")
        ->default_val("png");
    badge->add_option("--out", options.output_path,
                      "Write the badge to this file (through a temporary file)");
    badge->add_flag("--list", options.list,
                    "Name every printer model with the media it takes, the ZPL media "
                    "and the shipped templates; needs no --db");

    auto* print = app.add_subcommand(
        "print",
        "Print one delegate's badge on a printer: a Brother QL (raster, with a status check before the "
        "job and the printer's own confirmation after it) or a Zebra (ZPL, ~HS host status). Exit 0 "
        "only when the printer reported the badge printed (for file:// when the job is written), "
        "and then a print event is recorded; 1 with the reason when it was not (no labels, wrong "
        "labels, cover open, unplugged, no answer); 2 for a bad address, model or medium.");
    print->add_option("code", options.code, "The delegate's code (as scanned or typed)")->required();
    print
        ->add_option(
            "--device", options.device,
            "usb://VVVV:PPPP[?serial=S], usb://class/7, tcp://HOST[:9100], file://PATH, or sim://DIR "
            "(the simulated Brother QL: each label becomes DIR/page-NNNN.png)")
        ->required();
    print->add_option(
        "--model", options.print_model,
        "ql-820nwb, ql-570, … or zpl (default: the USB product id's model, else ql-820nwb; a Zebra "
        "on USB is found by its vendor id)");
    print->add_option("--media", options.media,
                      "The label stock in the printer: 62x100 (default), 62, 62red, … or 4x3 for ZPL");
    print->add_option("--kiosk", options.kiosk_id, "Recorded with the print event")->default_val("kioskctl");
    print->add_option("--operator", options.operator_name, "Recorded with the print event")
        ->default_val("kioskctl");

    auto* devices = app.add_subcommand(
        "devices",
        "The printers and scanners attached over USB that a device profile (hardware/profiles) "
        "knows, each printer with its status (ready, no labels, cover open, …, and the labels "
        "loaded), network printers named with --printer, the local CUPS queues (cups://QUEUE) and the IPP "
        "printers announced on the network (ipp://…). Needs no --db.");
    devices->add_flag("--json", options.json, "Print JSON instead of a table");
    devices->add_flag("--all", options.list, "Also list USB devices no profile knows");
    devices->add_flag("--no-status", options.dry_run, "Do not open the printers to ask for their status");
    devices->add_option("--printer", options.network_printers,
                        "A network printer to ask as well: tcp://HOST[:PORT] (Brother QL) or zpl:tcp://HOST "
                        "(Zebra); may be repeated");

    auto* sync_command = app.add_subcommand(
        "sync",
        "One sync round with the hub: upload this kiosk's check-ins and walk-ins, then download the "
        "roster's changes and every kiosk's check-ins. A new --db is created and filled from the hub. "
        "Exit 0 when the round completed; 1 with the reason when it did not (offline, the token "
        "refused, …) — what was done so far is kept and the next sync carries on; 2 for a bad "
        "address or no token; 3 when the mirror cannot be used.");
    sync_command->add_option("--hub", options.hub,
                             "The hub's address, e.g. https://hub.local:8470 (default: the one `kioskctl "
                             "enrol` kept beside --db, with its pin and token)");
    sync_command->add_option("--pin", options.hub_pin,
                             "The hub key's pin, sha256//… as `kiosk-hub cert show` prints it; required for "
                             "https://, and nothing is sent to a hub whose key does not match");
    sync_command->add_option("--token-file", options.token_file,
                             "A file holding this kiosk's token (made on the hub with kiosk-hub token new "
                             "--kiosk NAME); default: the environment variable CHECKIN_HUB_TOKEN. Never "
                             "on the command line, where every user of the machine can read it");
    sync_command->add_flag("--json", options.json, "Print the round's report as JSON");

    auto* enrol = app.add_subcommand(
        "enrol", "Give this kiosk its hub token with the one-time code `kiosk-hub enrol` printed: the hub's "
                 "address, pin and token are kept beside --db (FILE.hub, FILE.hub-token) for `sync`. Exit 1 "
                 "when the hub refused the code (used, older than 15 minutes), 2 for a malformed code");
    enrol->add_option("payload", options.enrolment_payload, "The line starting CHECKIN-ENROL")->required();
    enrol->add_option("--token-file", options.token_file,
                      "Where to keep the token (default: FILE.hub-token)");

    auto* keys = app.add_subcommand("keys", "The organiser's signing keys for signed codes");
    keys->require_subcommand(1);
    auto* keys_new = keys->add_subcommand(
        "new",
        "Make a new Ed25519 signing key in --out FILE (readable by you only; an existing file is never "
        "replaced) and print its public key, one line, for the kiosks. Needs no --db.");
    keys_new->add_option("--out", options.output_path, "The secret key's file")->required();
    auto* keys_add = keys->add_subcommand(
        "add", "Add a public key to the mirror: codes it signed are accepted (several keys at once rotate)");
    keys_add->add_option("PUBLIC", options.public_key, "The public key, ed25519:… as `keys new` prints it")
        ->required();
    auto* keys_list = keys->add_subcommand("list", "The mirror's public keys, one a line");
    auto* keys_remove = keys->add_subcommand(
        "remove", "Remove a public key from the mirror: codes signed only by it are refused from then on");
    keys_remove->add_option("PUBLIC", options.public_key, "The public key, ed25519:…")->required();
    auto* revoke = app.add_subcommand(
        "revoke", "Revoke signed codes by their serial (cancelled or reissued); with no serial, list them");
    revoke->add_option("SERIAL", options.serials, "12 hexadecimal digits, as the signing command printed");

    auto* staff_code = app.add_subcommand(
        "staff-code", "Sign a staff member's code for the mirror's event and write it as a QR picture: "
                      "scanning it opens staff mode as that person until it expires");
    staff_code->add_option("--key", options.key_path, "The signing key made by `keys new`")->required();
    staff_code->add_option("--name", options.staff_name, "The staff member's name, e.g. \"Anna Nowak\"")
        ->required();
    staff_code->add_option("--id", options.staff_id,
                           "A short id for the staff member (default: from the serial)");
    staff_code->add_option("--expires", options.expires, "The last day it is valid, e.g. 2026-11-30")
        ->required();
    staff_code->add_option("--out", options.output_path, "The picture (PNG)")->required();

    auto* invitations = app.add_subcommand(
        "invitations",
        "Sign an invitation for every active delegate and write them to --out FOLDER (private to you): "
        "invitations.csv for a mail merge (e-mail, names, code, QR file, signed code), qr/CODE.png each, "
        "invitations.pdf with a page each (event, days, name, the QR, what to do, in Polish and English) and "
        "revoked-serials.txt for the hub. A re-run keeps the invitations signed before; a cancelled "
        "delegate's is revoked. Exit 1 when a --reissue code is no active delegate's (nothing is done).");
    invitations->add_option("--key", options.key_path, "The signing key made by `keys new`")->required();
    invitations->add_option("--out", options.output_path, "The folder for the files")->required();
    invitations->add_option("--paper", options.paper, "The PDF's pages: a4 or a6")->default_val("a4");
    invitations->add_option("--reissue", options.reissue_codes,
                            "Revoke these delegates' invitations and sign new ones (lost, forwarded, a name "
                            "corrected); may be repeated");

    auto* badges = app.add_subcommand(
        "badges",
        "Pre-print badges: the badges of every active delegate who matches, sorted by surname in Polish "
        "order, laid onto A4 sheets of perforated badge stock (--sheet) with cut marks, as one PDF for an "
        "office printer. Each badge is recorded as pre-printed, so the kiosks send its delegate to reception "
        "instead of printing another. Exit 1 when no delegate matches (nothing is written).");
    badges->add_option("--sheet", options.sheet, "The sheet layout: a4-2x4-90x54 or a4-2x2-a6 (see --list)");
    badges->add_option("--out", options.output_path, "The PDF (written through a temporary file)");
    badges->add_option("--day", options.day, "Only the delegates admitted on this event day, YYYY-MM-DD");
    badges->add_option("--role", options.role, "Only the delegates with this role, as the roster writes it");
    badges->add_flag("--only-new", options.only_new,
                     "Leave out the delegates who have a badge already: printed, pre-printed or checked in");
    badges->add_flag("--dry-run", options.dry_run,
                     "Write the PDF but do not record the badges as pre-printed");
    badges->add_flag("--list", options.list, "Name the sheet layouts; needs no --db");

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& error) {
        const int code = app.exit(error);
        return code == 0 ? exit_ok : exit_usage;
    }

    std::optional<sync::Day> date_override;
    if (!date_text.empty()) {
        date_override = sync::parse_iso_day(date_text);
        if (!date_override) {
            std::cerr << "kioskctl: --date " << date_text << " is not a date; write it as 2026-11-29\n";
            return exit_usage;
        }
    }
    const base::Clock clock(date_override);

    const bool draws = badge->parsed() || badges->parsed() || print->parsed() || devices->parsed() ||
                       staff_code->parsed() || invitations->parsed();
    if (draws && drawing == nullptr) {
        return hand_to_drawing_program(argv);
    }
    if (badge->parsed() && options.list) {
        return drawing->badge_list();
    }
    if (badges->parsed() && options.list) {
        return drawing->badges_list();
    }
    if (devices->parsed()) {
        return drawing->devices(options);
    }
    if (keys_new->parsed()) {
        return command_keys_new(options);
    }
    if (options.database.empty()) {
        std::cerr << "kioskctl: --db FILE is required: the mirror's SQLite file\n"
                  << "Run with --help for more information.\n";
        return exit_usage;
    }
    if (badge->parsed()) {
        if (options.code.empty() || options.output_path.empty()) {
            std::cerr << "kioskctl: badge needs a CODE and --out FILE (or --list)\n";
            return exit_usage;
        }
        return drawing->badge(options);
    }

    if (badges->parsed()) {
        if (options.sheet.empty() || options.output_path.empty()) {
            std::cerr << "kioskctl: badges needs --sheet NAME and --out FILE.pdf (or --list)\n";
            return exit_usage;
        }
        return drawing->badges(options, clock);
    }
    if (print->parsed()) {
        return drawing->print(options, clock);
    }
    if (staff_code->parsed()) {
        return drawing->staff_code(options, clock);
    }
    if (keys_add->parsed()) {
        return command_keys_add(options, clock);
    }
    if (keys_list->parsed()) {
        return command_keys_list(options);
    }
    if (keys_remove->parsed()) {
        return command_keys_remove(options);
    }
    if (invitations->parsed()) {
        return drawing->invitations(options, clock);
    }
    if (revoke->parsed()) {
        return command_revoke(options);
    }
    if (sync_command->parsed()) {
        return command_sync(options, clock);
    }
    if (enrol->parsed()) {
        return command_enrol(options);
    }
    if (import->parsed()) {
        return command_import(options, clock);
    }
    if (find->parsed()) {
        return command_find(options, clock);
    }
    if (show->parsed()) {
        return command_show(options, clock);
    }
    if (checkin->parsed()) {
        return command_checkin(options, clock);
    }
    if (stats->parsed()) {
        return command_stats(options, clock);
    }
    if (purge->parsed()) {
        return command_purge(options);
    }
    if (export_command->parsed()) {
        return command_export(options);
    }
    return command_event(options);
}

} // namespace checkin::kiosk
