#pragma once

// The bodies of kioskctl's commands. Each opens the mirror, does one thing, prints, and returns an exit
// code (kioskctl.hpp).

#include "base/clock.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace checkin::kiosk {

struct CommandOptions {
    std::string database;
    bool json = false;
    // import
    std::string roster_path;
    std::string encoding = "auto";
    std::string delimiter = "auto";
    std::vector<std::string> column_mappings;
    std::string event_name;
    std::string event_days;
    bool dry_run = false;
    // find, show, checkin
    std::string query;
    std::size_t limit = 20;
    std::string code;
    std::string kiosk_id;
    std::string operator_name;
    // export, badge
    std::string output_path;
    // badge
    std::string model = "ql-820nwb";
    std::string media; // empty: 62x100, or 4x3 with --format zpl
    std::string format = "png";
    bool list = false;
    // badges (also: output_path, list, dry_run = do not record the pre-printing)
    std::string sheet;     // a sheet layout's name, e.g. a4-2x4-90x54
    std::string day;       // YYYY-MM-DD; empty: every day
    std::string role;      // empty: every role
    bool only_new = false; // leave out delegates who have a badge already
    // print
    std::string device;      // usb://…, tcp://…, file://…
    std::string print_model; // empty: from the USB product id, else ql-820nwb; "zpl" for a Zebra
    // devices (also: json; list = every USB device; dry_run = do not ask printers for their status)
    std::vector<std::string> network_printers;
    // sync (also: json)
    std::string hub;        // the hub's address, e.g. http://hub.local:8470
    std::string token_file; // empty: the environment variable CHECKIN_HUB_TOKEN
    std::string hub_pin;    // "sha256//…"; required for an https:// hub
    // enrol (also: token_file, where the token goes; empty: beside the mirror)
    std::string enrolment_payload; // the line `kiosk-hub enrol` printed
    // keys new (also: output_path), staff-code (also: output_path)
    std::string key_path;   // the secret signing key file
    std::string staff_name; // the staff member's name, as the code shows it
    std::string staff_id;   // empty: "staff-" + the code's serial
    std::string expires;    // the last day the code is valid, YYYY-MM-DD
    // keys add, keys remove; revoke
    std::string public_key;           // "ed25519:…"
    std::vector<std::string> serials; // revoke: none lists the revoked serials
    // invitations (also: key_path, output_path = the folder)
    std::string paper = "a4";               // the PDF's pages: a4 or a6
    std::vector<std::string> reissue_codes; // delegates whose invitation is revoked and signed anew
    // purge
    std::string purge_before; // YYYY-MM-DD; empty: everyone
};

int command_import(const CommandOptions& options, const base::Clock& clock);
int command_find(const CommandOptions& options, const base::Clock& clock);
int command_show(const CommandOptions& options, const base::Clock& clock);
int command_checkin(const CommandOptions& options, const base::Clock& clock);
int command_stats(const CommandOptions& options, const base::Clock& clock);
int command_export(const CommandOptions& options);
// Removes the people (all, or those whose days ended before --before) and keeps anonymous counts
// (Mirror::purge).
int command_purge(const CommandOptions& options);
int command_event(const CommandOptions& options);
// One delegate's badge to a file (--out) for a printer model, medium and format; records no print event.
int command_badge(const CommandOptions& options);
// Every printer model and the media it takes, the ZPL media and the shipped templates.
int command_badge_list();
// Every matching delegate's badge on A4 sheets (kioskctl_sheets.cpp), recorded as pre-printed; and the
// sheet layouts.
int command_badges(const CommandOptions& options, const base::Clock& clock);
int command_badges_list();
// One delegate's badge sent to a printer; exit 0 only when the printer reported it printed (a file: when
// written), and then a print event is recorded.
int command_print(const CommandOptions& options, const base::Clock& clock);
// The attached printers and scanners the device profiles know, with each printer's status.
int command_devices(const CommandOptions& options);
// One sync round with the hub (sync/client/sync_round.hpp); exit 0 when it completed, 1 with the reason when
// not.
int command_sync(const CommandOptions& options, const base::Clock& clock);
// Exchanges an enrolment code for this kiosk's token and keeps the hub's address, pin and token beside the
// mirror (sync/client/enrolled_hub.hpp); exit 1 when the hub refused the code, 2 for a malformed one.
int command_enrol(const CommandOptions& options);
// A new Ed25519 signing key in a file of its own (0600, never replacing one); prints the public key.
int command_keys_new(const CommandOptions& options);
// A staff member's signed code for the mirror's event, as a QR picture (PNG).
int command_staff_code(const CommandOptions& options, const base::Clock& clock);
// The mirror's public keys for signed codes: add one (exit 0 also when it was there), list them, remove
// one (exit 1 when the mirror does not hold it).
int command_keys_add(const CommandOptions& options, const base::Clock& clock);
int command_keys_list(const CommandOptions& options);
int command_keys_remove(const CommandOptions& options);
// Revokes signed codes by serial (cancelled or reissued), or lists the revoked serials when none is given.
int command_revoke(const CommandOptions& options);
// A signed invitation for every active delegate: the mail-merge CSV, a QR picture each and a PDF with a
// page each in --out FOLDER; earlier invitations kept, --reissue ones revoked and signed anew, cancelled
// delegates' revoked.
int command_invitations(const CommandOptions& options, const base::Clock& clock);

// The commands linked into kioskctl-badges only (kioskctl.hpp says why).
struct DrawingCommands {
    int (*badge)(const CommandOptions&) = nullptr;
    int (*badge_list)() = nullptr;
    int (*badges)(const CommandOptions&, const base::Clock&) = nullptr;
    int (*badges_list)() = nullptr;
    int (*print)(const CommandOptions&, const base::Clock&) = nullptr;
    int (*devices)(const CommandOptions&) = nullptr;
    int (*staff_code)(const CommandOptions&, const base::Clock&) = nullptr;
    int (*invitations)(const CommandOptions&, const base::Clock&) = nullptr;
};

} // namespace checkin::kiosk
