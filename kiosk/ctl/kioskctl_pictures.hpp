#pragma once

// What kioskctl-badges' picture commands share. Internal to kiosk/ctl.

#include "base/signature.hpp"
#include "kiosk/ctl/kioskctl_commands.hpp"
#include "sync/mirror/mirror.hpp"
#include "sync/roster/error.hpp"

#include <cstdint>
#include <string_view>
#include <vector>

namespace checkin::kiosk {

// A signed code as a QR picture (PNG, black on white, 8 pixels a module at 300 dpi: sharp on a phone screen
// and on paper). Refused (invalid_input) when the text is too long for a QR code.
sync::Result<std::vector<std::uint8_t>> qr_code_png(std::string_view text);

// What a command that signs codes for the mirror's event needs: the organiser's key (--key), the mirror
// (--db, never created) and its event.
struct SigningSetup {
    base::SecretKey key;
    sync::Mirror mirror;
    sync::Event event;
};
// Refused (invalid_input) when the mirror has no event name yet: `what` ("an invitation", "a staff code")
// is signed for one event.
sync::Result<SigningSetup> open_for_signing(const CommandOptions& options, std::string_view what);

} // namespace checkin::kiosk
