#pragma once

// What kioskctl-badges' picture commands share. Internal to kiosk/ctl.

#include "sync/roster/error.hpp"

#include <cstdint>
#include <string_view>
#include <vector>

namespace checkin::kiosk {

// A signed code as a QR picture (PNG, black on white, 8 pixels a module at 300 dpi: sharp on a phone screen
// and on paper). Refused (invalid_input) when the text is too long for a QR code.
sync::Result<std::vector<std::uint8_t>> qr_code_png(std::string_view text);

} // namespace checkin::kiosk
