#pragma once

// What kioskctl's commands share: turning errors into exit codes and messages, opening the mirror, and
// reading and writing files safely. Internal to kiosk/.

#include "sync/mirror/mirror.hpp"
#include "sync/roster/error.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace checkin::kiosk {

// The exit code for an error of the sync module (kioskctl.hpp lists them).
int exit_code_for(const sync::Error& error);
// Prints "kioskctl: MESSAGE" on stderr and returns the matching exit code.
int report(const sync::Error& error);

enum class Creation { allowed, refused };

// Opens the mirror. Commands that only read pass Creation::refused, so a typo in --db never creates an
// empty mirror: a missing file is then a usage error naming the import command that creates it.
sync::Result<sync::Mirror> open_mirror(const std::string& path, Creation creation);

} // namespace checkin::kiosk
