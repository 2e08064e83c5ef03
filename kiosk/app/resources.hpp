#pragma once

// Where the kiosk's data files are: the badge templates, the device profiles and the demo roster.
// An installed kiosk (`cmake --install`: <prefix>/bin/kiosk) finds them in <prefix>/share/checkin/, so the
// systemd unit (ProtectHome=) never needs the source tree; a program run from its build folder finds them
// in the source tree it was built from. The fonts are Debian's fonts-dejavu-core either way.

#include <filesystem>

namespace checkin::kiosk {

struct ResourcePaths {
    std::filesystem::path templates;   // printing/templates: *.badge and their pictures
    std::filesystem::path profiles;    // hardware/profiles: *.profile
    std::filesystem::path demo_roster; // kiosk/demo/roster.csv
    std::filesystem::path font_regular;
    std::filesystem::path font_bold;
};

// The folder an installed program's data is in, relative to the program: <prefix>/bin →
// <prefix>/share/checkin, and for kioskctl-badges <prefix>/libexec/checkin → <prefix>/share/checkin.
inline constexpr const char* installed_data_folder = "../share/checkin";
inline constexpr const char* installed_data_folder_from_libexec = "../../share/checkin";

// For the program at `executable`: the installed layout when <its folder>/../share/checkin exists,
// otherwise the source tree.
ResourcePaths resource_paths_for(const std::filesystem::path& executable);

// For this process (its /proc/self/exe), worked out once.
const ResourcePaths& resource_paths();

} // namespace checkin::kiosk
