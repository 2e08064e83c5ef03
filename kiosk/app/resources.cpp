#include "kiosk/app/resources.hpp"

#include <system_error>

namespace checkin::kiosk {

ResourcePaths resource_paths_for(const std::filesystem::path& executable) {
    ResourcePaths paths{CHECKIN_TEMPLATES_DIR, CHECKIN_PROFILES_DIR, CHECKIN_DEMO_ROSTER,
                        CHECKIN_FONT_REGULAR, CHECKIN_FONT_BOLD};
    // <prefix>/bin/PROGRAM, or <prefix>/libexec/checkin/kioskctl-badges.
    const auto folder = executable.parent_path();
    const bool in_libexec = folder.filename() == "checkin";
    const auto data = (folder / (in_libexec ? installed_data_folder_from_libexec : installed_data_folder))
                          .lexically_normal();
    std::error_code error;
    if (!executable.has_parent_path() || !std::filesystem::is_directory(data, error)) {
        return paths; // a build folder: the source tree
    }
    paths.templates = data / "templates";
    paths.profiles = data / "profiles";
    paths.demo_roster = data / "demo" / "roster.csv";
    return paths;
}

const ResourcePaths& resource_paths() {
    static const ResourcePaths paths = [] {
        std::error_code error;
        const auto executable = std::filesystem::read_symlink("/proc/self/exe", error);
        return error ? resource_paths_for({}) : resource_paths_for(executable);
    }();
    return paths;
}

} // namespace checkin::kiosk
