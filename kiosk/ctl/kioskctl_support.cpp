#include "kiosk/ctl/kioskctl_support.hpp"

#include "kiosk/ctl/kioskctl.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

namespace checkin::kiosk {

int exit_code_for(const sync::Error& error) {
    switch (error.kind) {
    case sync::ErrorKind::invalid_input:
        return exit_usage;
    case sync::ErrorKind::not_found:
    case sync::ErrorKind::refused:
        return exit_refused;
    case sync::ErrorKind::storage:
    case sync::ErrorKind::io:
    case sync::ErrorKind::unavailable:
    case sync::ErrorKind::internal:
        return exit_failure;
    }
    return exit_failure;
}

int report(const sync::Error& error) {
    std::cerr << "kioskctl: " << error.message << '\n';
    return exit_code_for(error);
}

// Commands that only read refuse a missing file rather than create an empty mirror from a typo.
sync::Result<sync::Mirror> open_mirror(const std::string& path, Creation creation) {
    if (creation == Creation::refused && !std::filesystem::exists(path)) {
        return sync::fail(sync::Error::invalid_input(fmt::format(
            "the mirror {0} does not exist; create it with: kioskctl --db {0} import ROSTER.csv", path)));
    }
    return sync::Mirror::open(path);
}

sync::Result<base::SecretKey> read_signing_key(const std::string& path) {
    std::ifstream file(path);
    if (!file) {
        return sync::fail(sync::Error::io(fmt::format(
            "cannot read the signing key {0}; make one with `kioskctl keys new --out {0}`", path)));
    }
    const std::string text{std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
    auto key = base::parse_secret_key(text);
    if (!key) {
        return sync::fail(sync::Error::invalid_input(fmt::format("{}: {}", path, key.error().message)));
    }
    return std::move(*key);
}

} // namespace checkin::kiosk
