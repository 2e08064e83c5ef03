#include "sync/hub/kiosk_hub_codes.hpp"

#include "base/signature.hpp"
#include "base/text.hpp"
#include "sync/roster/signed_code.hpp"

#include <fmt/format.h>
#include <fstream>
#include <iostream>

namespace checkin::sync {

namespace {

constexpr int exit_ok = 0;
constexpr int exit_refused = 1;
constexpr int exit_usage = 2;

int refuse(const Error& error) {
    std::cerr << "kiosk-hub: " << error.message << '\n';
    return error.kind == ErrorKind::invalid_input ? exit_usage : exit_refused;
}

// The key as kioskctl keys new prints it, checked, in its one spelling.
std::optional<std::string> checked_key(const std::string& text) {
    auto key = base::parse_public_key(base::trim(text));
    if (!key) {
        std::cerr << "kiosk-hub: PUBLIC is a public key as `kioskctl keys new` prints it (ed25519:…): "
                  << key.error().message << '\n';
        return std::nullopt;
    }
    return base::format_public_key(*key);
}

// A revoked-serials file is small (a serial a line); a larger one is not what kioskctl writes.
constexpr std::size_t serial_file_maximum_bytes = 4U * 1024U * 1024U;

} // namespace

int hub_keys_add(HubStore& store, const std::string& public_key) {
    const auto key = checked_key(public_key);
    if (!key) {
        return exit_usage;
    }
    auto added = store.add_code_key(*key);
    if (!added) {
        return refuse(added.error());
    }
    std::cout << (*added ? "added " : "already held: ") << *key << "\nKiosks take it at their next sync.\n";
    return exit_ok;
}

int hub_keys_list(HubStore& store) {
    auto lists = store.code_lists();
    if (!lists) {
        return refuse(lists.error());
    }
    for (const std::string& key : lists->public_keys) {
        std::cout << key << '\n';
    }
    return exit_ok;
}

int hub_keys_remove(HubStore& store, const std::string& public_key) {
    const auto key = checked_key(public_key);
    if (!key) {
        return exit_usage;
    }
    auto removed = store.remove_code_key(*key);
    if (!removed) {
        return refuse(removed.error());
    }
    if (!*removed) {
        std::cerr << "kiosk-hub: the hub does not hold " << *key
                  << "; `kiosk-hub keys list` shows the keys\n";
        return exit_refused;
    }
    std::cout << "removed " << *key
              << "\nKiosks drop it at their next sync (keys added on a kiosk itself stay).\n";
    return exit_ok;
}

int hub_revoke(HubStore& store, std::vector<std::string> serials, const std::string& file) {
    if (!file.empty()) {
        std::ifstream in(file, std::ios::binary);
        if (!in) {
            std::cerr << "kiosk-hub: cannot read " << file << '\n';
            return exit_usage;
        }
        std::string line;
        std::size_t number = 0;
        std::size_t bytes = 0;
        while (std::getline(in, line)) {
            ++number;
            bytes += line.size() + 1;
            if (bytes > serial_file_maximum_bytes) {
                std::cerr << fmt::format("kiosk-hub: {} is larger than {} MiB; it is not a list of serials\n",
                                         file, serial_file_maximum_bytes / (1024 * 1024));
                return exit_usage;
            }
            const auto text = base::trim(line);
            if (text.empty() || text.starts_with('#')) {
                continue;
            }
            if (!is_code_serial(text)) {
                std::cerr << fmt::format("kiosk-hub: {}:{}: not a serial (12 lower-case hexadecimal digits); "
                                         "nothing was revoked\n",
                                         file, number);
                return exit_usage;
            }
            serials.emplace_back(text);
        }
    }
    if (serials.empty()) {
        auto lists = store.code_lists();
        if (!lists) {
            return refuse(lists.error());
        }
        for (const std::string& serial : lists->revoked_serials) {
            std::cout << serial << '\n';
        }
        return exit_ok;
    }
    for (const std::string& serial : serials) {
        if (!is_code_serial(serial)) {
            std::cerr << fmt::format(
                "kiosk-hub: '{}' is not a serial (12 lower-case hexadecimal digits, as the "
                "signing command printed); nothing was revoked\n",
                serial);
            return exit_usage;
        }
    }
    auto revoked = store.revoke_serials(serials);
    if (!revoked) {
        return refuse(revoked.error());
    }
    std::cout << fmt::format(
        "{} serials newly revoked, {} already were. Kiosks refuse those codes from their "
        "next sync.\n",
        *revoked, serials.size() - *revoked);
    return exit_ok;
}

} // namespace checkin::sync
