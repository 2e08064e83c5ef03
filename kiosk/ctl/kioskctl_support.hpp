#pragma once

// What kioskctl's commands share: turning errors into exit codes and messages, opening the mirror, and
// reading and writing files safely. Internal to kiosk/.

#include "base/signature.hpp"
#include "sync/mirror/mirror.hpp"
#include "sync/roster/error.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace checkin::kiosk {

// The exit code for an error of the sync module (kioskctl.hpp lists them).
int exit_code_for(const sync::Error& error);
// Prints "kioskctl: MESSAGE" on stderr and returns the matching exit code.
int report(const sync::Error& error);

enum class Creation { allowed, refused };

// Opens the mirror. Commands that only read pass Creation::refused, so a typo in --db never creates an
// empty mirror: a missing file is then a usage error naming the import command that creates it.
sync::Result<sync::Mirror> open_mirror(const std::string& path, Creation creation);

// The organiser's secret signing key from a file made by `kioskctl keys new`.
sync::Result<base::SecretKey> read_signing_key(const std::string& path);

} // namespace checkin::kiosk
