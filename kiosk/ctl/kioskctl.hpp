#pragma once

// kioskctl — the admin command line over the mirror: import a roster, find and show delegates, check
// someone in exactly as the kiosk does, statistics, the attendance export and badges as files.
//
// Exit codes: 0 ok; 1 not found or refused; 2 bad input or usage; 3 the mirror or a file could not be
// used (locked, corrupt, no permission).

namespace checkin::kiosk {

enum ExitCode : int { exit_ok = 0, exit_refused = 1, exit_usage = 2, exit_failure = 3 };

int run_kioskctl(int argc, char** argv);

} // namespace checkin::kiosk
