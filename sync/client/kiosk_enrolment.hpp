#pragma once

// Enrolling this kiosk with a hub: the one-time secret of an enrolment code (sync/protocol/enrolment.hpp)
// exchanged over the pinned connection for the kiosk's own token, and the hub's address, pin and token kept
// beside the mirror (enrolled_hub.hpp). One function for `kioskctl enrol` and the kiosk's staff mode, so
// both leave the same files. Blocking network I/O: the kiosk calls it off its UI thread.

#include "sync/client/enrolled_hub.hpp"
#include "sync/protocol/enrolment.hpp"

#include <filesystem>
#include <string>

namespace checkin::sync {

struct KioskEnrolment {
    std::string kiosk; // the name the hub gave the token (`kiosk-hub enrol --kiosk NAME`)
    EnrolledHub hub;
    std::string token;
};

// Exchanges `payload`'s secret with its hub and writes FILE.hub-token (or `token_path` when given) and
// FILE.hub beside `mirror`, both owner-only and atomically. Fails with the client's error (refused: the
// hub refused the secret, used, expired or unknown; invalid_input: the address or pin is unusable; io:
// the hub did not answer, or a file could not be written, which the message says, since the secret is
// spent by then). No message repeats the secret or the token.
Result<KioskEnrolment> enrol_kiosk(const EnrolmentPayload& payload, const std::filesystem::path& mirror,
                                   const std::filesystem::path& token_path = {});

} // namespace checkin::sync
