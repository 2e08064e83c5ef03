#pragma once

// Replacing a file so that a reader, a crash or a power cut sees either the old content or the new, never
// half of it: the bytes go to a new temporary file in the target's folder (created exclusively, so two
// writers never share one), are flushed to the disk, and the temporary is renamed over the target; then
// the folder itself is flushed so the rename survives a power cut.

#include "base/error.hpp"

#include <cstdint>
#include <expected>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <sys/types.h>

namespace checkin::base {

// Personal data (exports, badges, screenshots) is readable by its owner only.
inline constexpr mode_t owner_only = 0600;

// Writes `content` to `path` atomically, with the permission bits `mode` (exactly, not reduced by the
// umask). Fails when the folder does not exist or is not writable, the disk is full, or `path` names a
// folder; no temporary file is left behind then, and an existing file at `path` is left as it was. After a
// failure of the final folder flush the new content is in place but may not survive a power cut. The
// error is io, its message naming the file or folder, what failed and the system's reason.
Result<void> write_file_atomically(const std::filesystem::path& path, std::string_view content,
                                   mode_t mode = owner_only);
Result<void> write_file_atomically(const std::filesystem::path& path, std::span<const std::uint8_t> content,
                                   mode_t mode = owner_only);

// The same, for a file that must not exist yet (a signing key: replacing one would orphan every code it
// signed): fails with ErrorKind::refused, naming the file, when `path` exists, and leaves it untouched.
Result<void> write_new_file_atomically(const std::filesystem::path& path, std::string_view content,
                                       mode_t mode = owner_only);

} // namespace checkin::base
