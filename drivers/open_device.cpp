#include "drivers/open_device.hpp"

#include "drivers/file_transport.hpp"
#include "drivers/ipp_printer.hpp"
#include "drivers/serial_transport.hpp"
#include "drivers/tcp_transport.hpp"

#include <fmt/format.h>

namespace checkin::drivers {
namespace {

template <typename Concrete>
Result<std::unique_ptr<Transport>> as_transport(Result<std::unique_ptr<Concrete>> opened) {
    if (!opened) {
        return std::unexpected(opened.error());
    }
    return std::unique_ptr<Transport>(std::move(*opened));
}

} // namespace

Result<std::shared_ptr<UsbContext>> DeviceOpener::usb_context() {
    if (!m_usb) {
        auto created = UsbContext::create();
        if (!created) {
            return std::unexpected(created.error());
        }
        m_usb = std::move(*created);
    }
    return m_usb;
}

Result<std::unique_ptr<Transport>> DeviceOpener::open_transport(const DeviceAddress& address,
                                                                std::chrono::milliseconds connect_timeout) {
    if (const auto* usb = std::get_if<UsbAddress>(&address)) {
        auto context = usb_context();
        if (!context) {
            return std::unexpected(context.error());
        }
        return as_transport(UsbTransport::open(*context, *usb));
    }
    if (const auto* tcp = std::get_if<TcpAddress>(&address)) {
        return as_transport(TcpTransport::connect(*tcp, connect_timeout));
    }
    if (const auto* serial = std::get_if<SerialAddress>(&address)) {
        return as_transport(SerialTransport::open(*serial));
    }
    if (const auto* file = std::get_if<FileAddress>(&address)) {
        return as_transport(FileTransport::open(*file));
    }
    if (std::holds_alternative<IppAddress>(address) || std::holds_alternative<CupsQueueAddress>(address)) {
        return fail(Problem::unsupported, fmt::format("{} is reached over IPP by a printer session, not as a "
                                                      "byte pipe",
                                                      format_device_address(address)));
    }
    return fail(Problem::unsupported,
                fmt::format("{} is the simulated printer, not a connection", format_device_address(address)));
}

Result<std::unique_ptr<Printer>> DeviceOpener::open_printer(const DeviceAddress& address,
                                                            printing::PrinterLanguage language) {
    if (std::holds_alternative<SimulatorAddress>(address)) {
        return fail(Problem::unsupported, "sim:// printers are made by the kiosk (hardware/simulators)");
    }
    // IPP and CUPS printers take a page description, whatever the template's printer language.
    if (const auto* ipp = std::get_if<IppAddress>(&address)) {
        return std::unique_ptr<Printer>(std::make_unique<IppPrinter>(*ipp));
    }
    if (const auto* queue = std::get_if<CupsQueueAddress>(&address)) {
        return std::unique_ptr<Printer>(std::make_unique<IppPrinter>(*queue));
    }
    TransportOpener opener = [this, address]() {
        return open_transport(address);
    };
    const std::string name = format_device_address(address);
    if (language == printing::PrinterLanguage::zpl) {
        return std::unique_ptr<Printer>(std::make_unique<ZebraPrinter>(std::move(opener), name));
    }
    return std::unique_ptr<Printer>(std::make_unique<BrotherQlPrinter>(std::move(opener), name));
}

} // namespace checkin::drivers
