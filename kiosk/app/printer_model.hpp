#pragma once

// What a printer's address says about its model, the one rule the kiosk's configuration and `kioskctl
// print` both follow: a Zebra (USB vendor 0a5f) prints ZPL; a Brother on USB is the QL model its product
// id names; any other address says nothing (a network or serial printer is named with model = / --model).
// Pure: no device is opened.

#include "drivers/device_address.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace checkin::kiosk {

inline constexpr std::uint16_t zebra_vendor_id = 0x0a5f;
inline constexpr std::string_view zpl_model_name = "zpl"; // the model of every ZPL printer
inline constexpr std::string_view default_ql_model = "ql-820nwb";

struct ModelByAddress {
    std::optional<std::string> model;                     // "zpl", or the QL model ("ql-820nwb")
    std::optional<std::uint16_t> unknown_brother_product; // a Brother whose product id names no QL model
};

ModelByAddress model_by_address(const drivers::DeviceAddress& address);

} // namespace checkin::kiosk
