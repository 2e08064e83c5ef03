// `kioskctl enrol PAYLOAD`: the enrolment code `kiosk-hub enrol` printed, exchanged over the pinned
// connection for this kiosk's token, which is kept beside the mirror with the hub's address and pin
// (sync/client/enrolled_hub.hpp) for `kioskctl sync` to use.

#include "base/atomic_file.hpp"
#include "kiosk/ctl/kioskctl.hpp"
#include "kiosk/ctl/kioskctl_commands.hpp"
#include "kiosk/ctl/kioskctl_support.hpp"
#include "sync/client/enrolled_hub.hpp"
#include "sync/client/hub_client.hpp"
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
    auto client = sync::HubClient::create_for_enrolment(payload->hub_url, payload->pin);
    if (!client) {
        std::cerr << "kioskctl: " << client.error().message << '\n';
        return exit_usage;
    }
    auto reply = client->enrol(sync::EnrolRequest{payload->secret});
    if (!reply) {
        std::cerr << "kioskctl: enrolling with " << payload->hub_url << " failed: " << reply.error().message
                  << '\n';
        return reply.error().kind == sync::ErrorKind::refused ? exit_refused : exit_failure;
    }
    const std::filesystem::path mirror(options.database);
    const auto token_path = options.token_file.empty() ? sync::enrolled_token_path(mirror)
                                                       : std::filesystem::path(options.token_file);
    if (auto written = base::write_file_atomically(token_path, reply->token + "\n", base::owner_only);
        !written) {
        std::cerr << "kioskctl: " << written.error().message << "; the code is used now, so make a new one "
                  << "on the hub\n";
        return exit_failure;
    }
    const sync::EnrolledHub hub{payload->hub_url, payload->pin};
    if (auto written = base::write_file_atomically(sync::enrolled_hub_path(mirror),
                                                   sync::encode_enrolled_hub(hub), base::owner_only);
        !written) {
        std::cerr << "kioskctl: " << written.error().message << '\n';
        return exit_failure;
    }
    std::cout << "Enrolled as " << reply->kiosk << " with " << payload->hub_url << ". `kioskctl --db "
              << options.database << " sync` now uses this hub and token.\n";
    return exit_ok;
}

} // namespace checkin::kiosk
