// kioskctl's commands that draw QR pictures of signed codes (issue 14): `staff-code` signs a staff
// member's code as a QR picture. Linked into kioskctl-badges only, with the invitations and badges, so the
// everyday commands start without the drawing libraries.

#include "kiosk/ctl/kioskctl_pictures.hpp"

#include "base/atomic_file.hpp"
#include "kiosk/ctl/kioskctl.hpp"
#include "kiosk/ctl/kioskctl_commands.hpp"
#include "kiosk/ctl/kioskctl_support.hpp"
#include "printing/png.hpp"
#include "printing/qr_code.hpp"
#include "sync/roster/signed_code.hpp"

#include <chrono>
#include <fmt/format.h>
#include <iostream>

namespace checkin::kiosk {

sync::Result<std::vector<std::uint8_t>> qr_code_png(std::string_view text) {
    constexpr std::size_t module_pixels = 8;
    constexpr unsigned dots_per_inch = 300;
    auto symbol = printing::make_qr_code(text);
    if (!symbol) {
        return sync::fail(sync::Error::invalid_input(symbol.error().message));
    }
    const std::size_t side = printing::qr_code_extent(*symbol, module_pixels);
    printing::BadgeImage picture{printing::Bitmap(side, side), std::nullopt};
    printing::draw_qr_code(picture.black, *symbol, 0, 0, module_pixels);
    auto png = printing::encode_png(picture, dots_per_inch);
    if (!png) {
        return sync::fail(sync::Error{base::ErrorKind::internal, png.error().message});
    }
    return std::move(*png);
}

sync::Result<SigningSetup> open_for_signing(const CommandOptions& options, std::string_view what) {
    auto key = read_signing_key(options.key_path);
    if (!key) {
        return sync::fail(key.error());
    }
    auto mirror = open_mirror(options.database, Creation::refused);
    if (!mirror) {
        return sync::fail(mirror.error());
    }
    auto event = mirror->event();
    if (!event) {
        return sync::fail(event.error());
    }
    if (event->name.empty()) {
        return sync::fail(sync::Error::invalid_input(
            fmt::format("the mirror has no event name yet; set it with `kioskctl --db F event --name NAME`: "
                        "{} is signed for one event",
                        what)));
    }
    return SigningSetup{std::move(*key), std::move(*mirror), std::move(*event)};
}

namespace {

int refuse_usage(const std::string& message) {
    std::cerr << "kioskctl: " << message << '\n';
    return exit_usage;
}

} // namespace

int command_staff_code(const CommandOptions& options, const base::Clock& clock) {
    if (options.key_path.empty() || options.output_path.empty() || options.staff_name.empty() ||
        options.expires.empty()) {
        return refuse_usage(
            "staff-code needs --key FILE, --name \"NAME\", --expires YYYY-MM-DD and --out FILE.png");
    }
    if (options.staff_name.size() > sync::signed_name_maximum) {
        return refuse_usage(fmt::format("--name is longer than {} bytes", sync::signed_name_maximum));
    }
    const auto expires = sync::parse_iso_day(options.expires);
    if (!expires) {
        return refuse_usage(
            fmt::format("--expires {} is not a date; write it as 2026-11-30", options.expires));
    }
    if (std::chrono::sys_days(*expires) < std::chrono::sys_days(clock.today())) {
        return refuse_usage(
            fmt::format("--expires {} is in the past; a staff code must still be valid", options.expires));
    }
    auto setup = open_for_signing(options, "a staff code");
    if (!setup) {
        return report(setup.error());
    }
    const auto& key = setup->key;
    const auto& event = setup->event;

    sync::SignedCodeContent content;
    content.kind = sync::CodeKind::staff;
    content.event_tag = sync::event_tag(event.name);
    content.serial = sync::new_code_serial();
    content.delegate_code =
        options.staff_id.empty() ? fmt::format("staff-{}", content.serial) : options.staff_id;
    content.valid_until = *expires;
    content.first_name = options.staff_name;
    auto text = sync::sign_code(content, key);
    if (!text) {
        return report(text.error());
    }
    auto png = qr_code_png(*text);
    if (!png) {
        return report(png.error());
    }
    if (auto written = base::write_file_atomically(options.output_path, *png, base::owner_only); !written) {
        std::cerr << "kioskctl: " << written.error().message << '\n';
        return exit_failure;
    }
    // The serial is what a revocation names; the name is the organiser's own input, shown back.
    std::cout << fmt::format("staff code for {} ({}), valid until {}, serial {}: {}\n", options.staff_name,
                             content.delegate_code, sync::format_iso_day(*expires), content.serial,
                             options.output_path);
    return exit_ok;
}

} // namespace checkin::kiosk
