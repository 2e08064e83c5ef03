#include "kiosk/app/printer_model.hpp"

#include "printing/brother_ql.hpp"

#include <variant>

namespace checkin::kiosk {

ModelByAddress model_by_address(const drivers::DeviceAddress& address) {
    const auto* usb = std::get_if<drivers::UsbAddress>(&address);
    if (usb == nullptr || !usb->vendor_id) {
        return {};
    }
    if (*usb->vendor_id == zebra_vendor_id) {
        return {std::string(zpl_model_name), std::nullopt}; // every Zebra speaks ZPL, whatever its product
    }
    if (*usb->vendor_id != printing::brother_vendor_id || !usb->product_id) {
        return {};
    }
    if (const auto found = printing::find_ql_model_by_product_id(*usb->product_id)) {
        return {std::string(found->name), std::nullopt};
    }
    return {std::nullopt, *usb->product_id};
}

} // namespace checkin::kiosk
