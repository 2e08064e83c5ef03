#pragma once

// Helpers shared by the hardware tests: where the shipped files are, a temporary directory, reading and
// writing whole files, and running a system tool with its output captured.

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <sys/wait.h>
#include <system_error>
#include <unistd.h>

namespace checkin::hardware::testing {

// The shipped data lives in the source tree; the tests read it from there.
inline const std::filesystem::path hardware_directory =
    std::filesystem::path(CHECKIN_TEST_DATA "/../../hardware").lexically_normal();
inline const std::filesystem::path profiles_directory = hardware_directory / "profiles";

inline std::optional<std::string> read_text(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return std::nullopt;
    }
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

inline bool write_text(const std::filesystem::path& path, std::string_view text) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    return out.good();
}

// A fresh directory under $TMPDIR, removed with everything in it when the object goes.
class TemporaryDirectory {
public:
    TemporaryDirectory() {
        std::string pattern = (std::filesystem::temp_directory_path() / "hardware-test-XXXXXX").string();
        if (::mkdtemp(pattern.data()) == nullptr) {
            throw std::system_error(errno, std::generic_category(), "mkdtemp");
        }
        m_path = pattern;
    }
    ~TemporaryDirectory() {
        std::error_code ignored;
        std::filesystem::remove_all(m_path, ignored);
    }
    TemporaryDirectory(const TemporaryDirectory&) = delete;
    TemporaryDirectory& operator=(const TemporaryDirectory&) = delete;

    const std::filesystem::path& path() const { return m_path; }

private:
    std::filesystem::path m_path;
};

inline std::optional<std::filesystem::path> find_on_path(std::string_view program) {
    const char* path = std::getenv("PATH");
    std::string_view directories = path != nullptr ? path : "/usr/bin:/bin";
    while (!directories.empty()) {
        const std::size_t colon = directories.find(':');
        const std::string_view directory = directories.substr(0, colon);
        if (!directory.empty()) {
            std::filesystem::path candidate = std::filesystem::path(directory) / program;
            if (::access(candidate.c_str(), X_OK) == 0) {
                return candidate;
            }
        }
        if (colon == std::string_view::npos) {
            break;
        }
        directories.remove_prefix(colon + 1);
    }
    return std::nullopt;
}

struct CommandOutput {
    int exit_code = -1;
    std::string output; // standard output and standard error, interleaved
};

// Runs `command` with /bin/sh; the caller quotes its arguments (the tests pass only paths they made).
inline CommandOutput run_shell(const std::string& command) {
    CommandOutput result;
    FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
    if (pipe == nullptr) {
        result.output = "popen failed";
        return result;
    }
    std::array<char, 4096> buffer{};
    std::size_t count = 0;
    while ((count = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) {
        result.output.append(buffer.data(), count);
    }
    const int status = ::pclose(pipe);
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return result;
}

inline std::string shell_quote(std::string_view text) {
    std::string quoted = "'";
    for (const char c : text) {
        if (c == '\'') {
            quoted += "'\\''";
        } else {
            quoted += c;
        }
    }
    quoted += '\'';
    return quoted;
}

} // namespace checkin::hardware::testing
