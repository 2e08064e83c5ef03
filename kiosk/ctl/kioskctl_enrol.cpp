// `kioskctl enrol PAYLOAD`: the enrolment code `kiosk-hub enrol` printed, exchanged over the pinned
// connection for this kiosk's token, which is kept beside the mirror with the hub's address and pin
// (sync/client/enrolled_hub.hpp) for `kioskctl sync` to use.

#include "kiosk/ctl/kioskctl.hpp"
#include "kiosk/ctl/kioskctl_commands.hpp"
#include "kiosk/ctl/kioskctl_support.hpp"
#include "sync/client/kiosk_enrolment.hpp"
#include "sync/protocol/enrolment.hpp"

#include <iostream>

namespace checkin::kiosk {

int command_enrol(const CommandOptions& options) {
    // The message never repeats the code: it holds the secret.
    auto payload = sync::decode_enrolment_payload(options.enrolment_payload);
    if (!payload) {
        std::cerr << "kioskctl: " << payload.error().message << '\n';
        return exit_usage;
    }
    const std::filesystem::path mirror(options.database);
    auto enrolment = sync::enrol_kiosk(*payload, mirror, options.token_file);
    if (!enrolment) {
        std::cerr << "kioskctl: " << enrolment.error().message << '\n';
        switch (enrolment.error().kind) {
        case sync::ErrorKind::refused:
            return exit_refused;
        case sync::ErrorKind::invalid_input:
            return exit_usage;
        default:
            return exit_failure;
        }
    }
    std::cout << "Enrolled as " << enrolment->kiosk << " with " << payload->hub_url << ". `kioskctl --db "
              << options.database << " sync` now uses this hub and token.\n";
    return exit_ok;
}

} // namespace checkin::kiosk
