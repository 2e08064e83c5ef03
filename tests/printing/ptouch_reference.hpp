#pragma once

// The independent reference path for Brother QL jobs, shared by the reference test and the badge
// benchmark: generate the ptouch driver's QL-570 PPD, write a badge as a PostScript page of that label,
// and run gs (-sDEVICE=cups) and rastertoptch (printer-driver-ptouch) as separate processes.
// Header-only: tests/printing compiles only *_test.cpp files.

#include "printing/bitmap.hpp"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <expected>
#include <fcntl.h>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <optional>
#include <spawn.h>
#include <sstream>
#include <string>
#include <string_view>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

extern char** environ;

namespace checkin::printing::ptouch {

namespace fs = std::filesystem;

constexpr std::string_view ghostscript_package = "ghostscript";
constexpr std::string_view ptouch_package = "printer-driver-ptouch";
inline const fs::path rastertoptch_path = "/usr/lib/cups/filter/rastertoptch";
inline const fs::path ptouch_ppd_generator_path = "/usr/lib/cups/driver/ptouch";
constexpr std::string_view ppd_uri = "ptouch:0/ppd/ptouch-driver/Brother-QL-570-ptouch-ql.ppd";
constexpr std::string_view ppd_page_size = "62x100mm"; // the PPD's name for DK-11202, our "62x100"
constexpr double dots_per_point = 300.0 / 72.0;

// The job options foomatic-rip builds from the QL-570 PPD: every default, with Media Type set to
// die-cut labels. Each one is checked against the PPD below, so a changed PPD shows up here.
constexpr std::string_view rastertoptch_options =
    "PrintQuality=High PrintDensity=0 AutoCut noChainPrinting Margin=0 MinMargin=8.4 MediaType=Labels "
    "Align=Right BytesPerLine=90 PixelXfer=ULP QL LabelPreamble SoftwareMirror";
inline std::string read_text(const fs::path& path) {
    std::ifstream file(path, std::ios::binary);
    std::ostringstream text;
    text << file.rdbuf();
    return text.str();
}

inline std::vector<std::uint8_t> read_bytes(const fs::path& path) {
    const std::string text = read_text(path);
    return {text.begin(), text.end()};
}

struct CommandResult {
    int exit_code = -1; // -1 when a signal ended it
    std::string out;
    std::string err;
};

// Runs a program (no shell) with standard input from /dev/null and standard output and error in files
// of `directory`; `extra_environment` entries ("NAME=value") are added to this process's environment.
inline std::expected<CommandResult, std::string> run(const std::vector<std::string>& arguments,
                                                     const fs::path& directory,
                                                     const std::vector<std::string>& extra_environment = {}) {
    const fs::path out_path = directory / "command.out";
    const fs::path err_path = directory / "command.err";
    std::vector<char*> argv;
    for (const std::string& argument : arguments) {
        argv.push_back(const_cast<char*>(argument.c_str()));
    }
    argv.push_back(nullptr);
    std::vector<char*> envp;
    for (char** entry = environ; *entry != nullptr; ++entry) {
        envp.push_back(*entry);
    }
    for (const std::string& entry : extra_environment) {
        envp.push_back(const_cast<char*>(entry.c_str()));
    }
    envp.push_back(nullptr);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_addopen(&actions, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    pid_t pid = 0;
    const int spawned = ::posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    if (spawned != 0) {
        return std::unexpected(fmt::format("cannot start {}: {}", arguments[0], std::strerror(spawned)));
    }
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) {
            return std::unexpected(fmt::format("waitpid for {}: {}", arguments[0], std::strerror(errno)));
        }
    }
    CommandResult result;
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    result.out = read_text(out_path);
    result.err = read_text(err_path);
    return result;
}

inline std::string describe(const std::vector<std::string>& arguments, const CommandResult& result) {
    std::string command;
    for (const std::string& argument : arguments) {
        command += argument;
        command += ' ';
    }
    return fmt::format("`{}` ended with exit code {}; stderr:\n{}", command, result.exit_code, result.err);
}

inline std::optional<fs::path> find_on_path(std::string_view program) {
    const char* path = std::getenv("PATH");
    std::string_view directories = path != nullptr ? path : "/usr/bin:/bin";
    while (!directories.empty()) {
        const std::size_t colon = directories.find(':');
        const std::string_view directory = directories.substr(0, colon);
        if (!directory.empty()) {
            fs::path candidate = fs::path(directory) / program;
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

inline std::string missing_tool(std::string_view what, std::string_view package) {
    return fmt::format("{} is missing: install the Debian package {} (the project's .ci/setup should)", what,
                       package);
}

// What the test takes from the PPD, with foomatic's "&&" line continuations joined.
struct PpdLabel {
    std::string text;           // the whole PPD, unfolded
    std::string page_size_code; // the PostScript CUPS inserts for *PageSize 62x100mm
    double width_points = 0;    // from that code's /PageSize [w h]
    double height_points = 0;
    double imageable[4] = {}; // *ImageableArea 62x100mm: llx lly urx ury in points
};

inline std::expected<PpdLabel, std::string> parse_ppd(std::string text) {
    PpdLabel ppd;
    for (std::size_t at = text.find("&&\n"); at != std::string::npos; at = text.find("&&\n", at)) {
        text.erase(at, 3);
    }
    ppd.text = std::move(text);
    const auto quoted_value = [&](std::string_view keyword) -> std::expected<std::string, std::string> {
        std::string key = "\n*";
        key += keyword;
        key += ' ';
        key += ppd_page_size;
        key += '/';
        const std::size_t line = ppd.text.find(key);
        if (line == std::string::npos) {
            return std::unexpected(fmt::format("the PPD has no *{} {}", keyword, ppd_page_size));
        }
        // *Keyword option/Translation: "value" (the translation may hold quotes, not a colon)
        const std::size_t colon = ppd.text.find(':', line + key.size());
        const std::size_t open = colon == std::string::npos ? colon : ppd.text.find('"', colon);
        const std::size_t close = open == std::string::npos ? open : ppd.text.find('"', open + 1);
        if (close == std::string::npos) {
            return std::unexpected(
                fmt::format("the PPD's *{} {} has no quoted value", keyword, ppd_page_size));
        }
        return ppd.text.substr(open + 1, close - open - 1);
    };
    auto code = quoted_value("PageSize");
    if (!code) {
        return std::unexpected(code.error());
    }
    ppd.page_size_code = *code;
    const std::size_t size_at = ppd.page_size_code.find("/PageSize[");
    if (size_at == std::string::npos ||
        std::sscanf(ppd.page_size_code.c_str() + size_at, "/PageSize[%lf %lf]", &ppd.width_points,
                    &ppd.height_points) != 2) {
        return std::unexpected(fmt::format("cannot read the page size from \"{}\"", ppd.page_size_code));
    }
    auto area = quoted_value("ImageableArea");
    if (!area) {
        return std::unexpected(area.error());
    }
    if (std::sscanf(area->c_str(), "%lf %lf %lf %lf", &ppd.imageable[0], &ppd.imageable[1], &ppd.imageable[2],
                    &ppd.imageable[3]) != 4) {
        return std::unexpected(fmt::format("cannot read the imageable area from \"{}\"", *area));
    }
    return ppd;
}

// A PostScript page of the PPD's label size with `badge` at the PPD's imageable area's top-left
// corner, one source dot to one device dot at 300 dpi (no scaling, no interpolation), 1 = black.
inline std::string badge_postscript(const Bitmap& badge, const PpdLabel& ppd) {
    std::string ps = "%!PS-Adobe-3.0\n";
    ps += ppd.page_size_code;
    ps += '\n';
    const double width_points = static_cast<double>(badge.width()) / dots_per_point;
    const double height_points = static_cast<double>(badge.height()) / dots_per_point;
    ps += fmt::format("{:.4f} {:.4f} translate {:.4f} {:.4f} scale\n", ppd.imageable[0],
                      ppd.imageable[3] - height_points, width_points, height_points);
    ps += fmt::format("{0} {1} 1 [{0} 0 0 -{1} 0 {1}] currentfile /ASCIIHexDecode filter image\n",
                      badge.width(), badge.height());
    for (std::size_t y = 0; y < badge.height(); ++y) {
        for (std::size_t x = 0; x < badge.width(); x += 8) {
            unsigned byte = 0;
            for (std::size_t bit = 0; bit < 8; ++bit) {
                const bool white = !badge.black(x + bit, y); // DeviceGray image samples: 1 is white
                byte = (byte << 1) | (white ? 1U : 0U);
            }
            ps += fmt::format("{:02x}", byte);
        }
        ps += '\n';
    }
    ps += ">\nshowpage\n";
    return ps;
}

} // namespace checkin::printing::ptouch
