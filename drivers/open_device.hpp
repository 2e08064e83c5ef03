#pragma once

// From an address to a working transport or printer: the one place that knows which transport class serves
// which scheme. `sim://` is not here: the simulated printer lives in hardware/ and the kiosk picks it.

#include "drivers/brother_ql_printer.hpp"
#include "drivers/device_address.hpp"
#include "drivers/transport.hpp"
#include "drivers/usb_device.hpp"
#include "drivers/zebra_printer.hpp"
#include "printing/printer_language.hpp"

#include <chrono>
#include <memory>

namespace checkin::drivers {

// USB needs a libusb context; it is made on first use and shared by everything opened through this.
class DeviceOpener {
public:
    Result<std::unique_ptr<Transport>>
    open_transport(const DeviceAddress& address,
                   std::chrono::milliseconds connect_timeout = std::chrono::seconds{5});

    // A printer session that reopens `address` whenever it needs to (so an unplugged printer is found again).
    Result<std::unique_ptr<Printer>> open_printer(const DeviceAddress& address,
                                                  printing::PrinterLanguage language);

    Result<std::shared_ptr<UsbContext>> usb_context();

private:
    std::shared_ptr<UsbContext> m_usb;
};

} // namespace checkin::drivers
