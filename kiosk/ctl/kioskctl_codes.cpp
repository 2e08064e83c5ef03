// kioskctl's signed-code commands (issue 14): `keys new` makes the organiser's signing key, `keys add`,
// `keys list` and `keys remove` keep the mirror's public keys, `revoke` its revocation list. (`staff-code`
// and `invitations`, which draw QR pictures, are in kioskctl-badges: kioskctl_pictures.cpp.)

#include "base/atomic_file.hpp"
#include "base/signature.hpp"
#include "kiosk/ctl/kioskctl.hpp"
#include "kiosk/ctl/kioskctl_commands.hpp"
#include "kiosk/ctl/kioskctl_support.hpp"
#include "sync/roster/signed_code.hpp"

#include <chrono>
#include <fmt/format.h>
#include <fstream>
#include <iostream>
#include <iterator>

namespace checkin::kiosk {

namespace {

int refuse_usage(const std::string& message) {
    std::cerr << "kioskctl: " << message << '\n';
    return exit_usage;
}

} // namespace

int command_keys_new(const CommandOptions& options) {
    if (options.output_path.empty()) {
        return refuse_usage("keys new needs --out FILE: where to keep the secret signing key");
    }
    const base::SecretKey key = base::generate_secret_key();
    if (auto written = base::write_new_file_atomically(options.output_path,
                                                       base::format_secret_key(key) + "\n", base::owner_only);
        !written) {
        std::cerr << "kioskctl: " << written.error().message << '\n';
        return written.error().kind == base::ErrorKind::refused ? exit_refused : exit_failure;
    }
    // Only the public key on standard output, so a script can capture it for `keys add` and the
    // configuration's [codes] public_keys.
    std::cout << base::format_public_key(key.public_key()) << '\n';
    std::cerr << "kioskctl: the secret key is in " << options.output_path
              << " (readable by you only); keep it off the kiosks and make a backup\n";
    return exit_ok;
}

namespace {

sync::Result<base::PublicKey> public_key_argument(const std::string& text) {
    auto key = base::parse_public_key(text);
    if (!key) {
        return sync::fail(sync::Error::invalid_input(fmt::format(
            "PUBLIC is a public key as `kioskctl keys new` prints it (ed25519:…): {}", key.error().message)));
    }
    return *key;
}

} // namespace

int command_keys_add(const CommandOptions& options, const base::Clock& clock) {
    const auto key = public_key_argument(options.public_key);
    if (!key) {
        return report(key.error());
    }
    auto mirror = open_mirror(options.database, Creation::allowed);
    if (!mirror) {
        return report(mirror.error());
    }
    auto added = mirror->add_code_key(*key, clock.now_milliseconds());
    if (!added) {
        return report(added.error());
    }
    std::cout << (*added ? "added " : "already held: ") << base::format_public_key(*key) << '\n';
    return exit_ok;
}

int command_keys_list(const CommandOptions& options) {
    auto mirror = open_mirror(options.database, Creation::refused);
    if (!mirror) {
        return report(mirror.error());
    }
    auto keys = mirror->code_keys();
    if (!keys) {
        return report(keys.error());
    }
    for (const base::PublicKey& key : *keys) {
        std::cout << base::format_public_key(key) << '\n';
    }
    return exit_ok;
}

int command_keys_remove(const CommandOptions& options) {
    const auto key = public_key_argument(options.public_key);
    if (!key) {
        return report(key.error());
    }
    auto mirror = open_mirror(options.database, Creation::refused);
    if (!mirror) {
        return report(mirror.error());
    }
    auto removed = mirror->remove_code_key(*key);
    if (!removed) {
        return report(removed.error());
    }
    if (!*removed) {
        std::cerr << "kioskctl: the mirror does not hold " << base::format_public_key(*key)
                  << "; `kioskctl keys list` shows the keys it holds\n";
        return exit_refused;
    }
    std::cout << "removed " << base::format_public_key(*key) << '\n';
    return exit_ok;
}

int command_revoke(const CommandOptions& options) {
    auto mirror = open_mirror(options.database, Creation::refused);
    if (!mirror) {
        return report(mirror.error());
    }
    if (options.serials.empty()) {
        auto serials = mirror->revoked_serials();
        if (!serials) {
            return report(serials.error());
        }
        for (const std::string& serial : *serials) {
            std::cout << serial << '\n';
        }
        return exit_ok;
    }
    auto revoked = mirror->revoke_serials(options.serials);
    if (!revoked) {
        return report(revoked.error());
    }
    std::cout << fmt::format("{} serials newly revoked, {} already were\n", *revoked,
                             options.serials.size() - *revoked);
    return exit_ok;
}

} // namespace checkin::kiosk
