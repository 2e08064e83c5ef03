#pragma once

// kioskctl — the admin command line over the mirror: import a roster, find and show delegates, check
// someone in exactly as the kiosk does, statistics, the attendance export and badges as files.
//
// Exit codes: 0 ok; 1 not found or refused; 2 bad input or usage; 3 the mirror or a file could not be
// used (locked, corrupt, no permission).

namespace checkin::kiosk {

enum ExitCode : int { exit_ok = 0, exit_refused = 1, exit_usage = 2, exit_failure = 3 };

struct DrawingCommands; // kioskctl_commands.hpp

// Parses the command line and runs the command. `drawing` holds the commands that draw badges and QR
// pictures or open devices; kioskctl itself passes none and hands those commands, with the same
// arguments, to kioskctl-badges (a program of its own in libexec), so that the everyday commands start
// without loading SDL, the fonts, ZXing, cairo or libusb.
int run_kioskctl(int argc, char** argv, const DrawingCommands* drawing);

} // namespace checkin::kiosk
