#include "base/atomic_file.hpp"

#include "base/file_descriptor.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

namespace checkin::base {
namespace {

std::string reason(int error) {
    return std::strerror(error); // NOLINT(concurrency-mt-unsafe): glibc's strerror is thread-safe
}

std::unexpected<Error> fail_io(std::string message) {
    return base::fail(ErrorKind::io, std::move(message));
}

Result<void> write_all(int descriptor, std::string_view content, const std::string& temporary) {
    while (!content.empty()) {
        const ssize_t written = ::write(descriptor, content.data(), content.size());
        if (written < 0) {
            if (errno == EINTR) {
                continue;
            }
            const int error = errno;
            return fail_io(fmt::format("cannot write {}: {}{}", temporary, reason(error),
                                       error == ENOSPC ? "; free some space on the disk" : ""));
        }
        content.remove_prefix(static_cast<std::size_t>(written));
    }
    return {};
}

} // namespace

namespace {

enum class Placement { replace, new_file };

Result<void> write_whole_file(const std::filesystem::path& path, std::string_view content, mode_t mode,
                              Placement placement) {
    if (path.filename().empty()) {
        return fail_io(fmt::format("cannot write '{}': it names a folder, not a file", path.string()));
    }
    const std::filesystem::path folder = path.has_parent_path() ? path.parent_path() : ".";
    // Hidden, beside the target (a rename only stays atomic within one file system), and unique: mkostemp
    // creates it with O_EXCL, so no other writer and no leftover can be opened by mistake.
    // (fmt, not "." + name + …: g++ 12 at -O3 warns falsely about that concatenation, -Wrestrict.)
    std::string temporary = (folder / fmt::format(".{}.XXXXXX", path.filename().string())).string();
    FileDescriptor file(::mkostemp(temporary.data(), O_CLOEXEC));
    if (!file.valid()) {
        const int error = errno;
        return fail_io(
            fmt::format("cannot create a file in the folder {}: {}; check that the folder exists and "
                        "is writable",
                        folder.string(), reason(error)));
    }
    const auto remove_temporary = [&temporary] {
        ::unlink(temporary.c_str());
    };

    if (::fchmod(file.get(), mode) != 0) {
        const int error = errno;
        remove_temporary();
        return fail_io(fmt::format("cannot set the permissions of {}: {}", temporary, reason(error)));
    }
    if (auto written = write_all(file.get(), content, temporary); !written) {
        remove_temporary();
        return written;
    }
    if (::fsync(file.get()) != 0) {
        const int error = errno;
        remove_temporary();
        return fail_io(fmt::format("cannot flush {} to the disk: {}", temporary, reason(error)));
    }
    file.reset();
    if (placement == Placement::new_file) {
        // link() fails when the name exists, so an existing file is never replaced, not even by a race.
        const int linked = ::link(temporary.c_str(), path.c_str());
        const int error = errno;
        remove_temporary();
        if (linked != 0) {
            if (error == EEXIST) {
                return base::fail(ErrorKind::refused,
                                  fmt::format("{} exists already; it is left as it is (choose another name, "
                                              "or move the old file away first)",
                                              path.string()));
            }
            return fail_io(fmt::format("cannot create {}: {}", path.string(), reason(error)));
        }
    } else if (::rename(temporary.c_str(), path.c_str()) != 0) {
        const int error = errno;
        remove_temporary();
        return fail_io(
            fmt::format("cannot put the new file in place as {}: {}", path.string(), reason(error)));
    }

    // The rename is only durable once the folder's entry is on the disk.
    const FileDescriptor directory(::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!directory.valid() || ::fsync(directory.get()) != 0) {
        const int error = errno;
        // Some file systems cannot flush a folder; there is nothing more to do on them.
        if (error != EINVAL && error != ENOTSUP) {
            return fail_io(
                fmt::format("{} is written, but the folder {} could not be flushed to the disk: {}",
                            path.string(), folder.string(), reason(error)));
        }
    }
    return {};
}

} // namespace

Result<void> write_file_atomically(const std::filesystem::path& path, std::string_view content, mode_t mode) {
    return write_whole_file(path, content, mode, Placement::replace);
}

Result<void> write_new_file_atomically(const std::filesystem::path& path, std::string_view content,
                                       mode_t mode) {
    return write_whole_file(path, content, mode, Placement::new_file);
}

Result<void> write_file_atomically(const std::filesystem::path& path, std::span<const std::uint8_t> content,
                                   mode_t mode) {
    // reinterpret_cast: the same bytes, seen as chars.
    return write_file_atomically(
        path, std::string_view(reinterpret_cast<const char*>(content.data()), content.size()), mode);
}

} // namespace checkin::base
