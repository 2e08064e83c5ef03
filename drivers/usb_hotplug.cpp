#include "drivers/usb_hotplug.hpp"

#include <fmt/format.h>
#include <libusb.h>

namespace checkin::drivers {
namespace {

int on_hotplug(libusb_context*, libusb_device* device, libusb_hotplug_event event, void* monitor) {
    UsbHotplugEvent change;
    change.change =
        event == LIBUSB_HOTPLUG_EVENT_DEVICE_LEFT ? UsbHotplugChange::left : UsbHotplugChange::arrived;
    libusb_device_descriptor descriptor{};
    if (libusb_get_device_descriptor(device, &descriptor) == LIBUSB_SUCCESS) {
        change.vendor_id = descriptor.idVendor;
        change.product_id = descriptor.idProduct;
    }
    change.bus = libusb_get_bus_number(device);
    change.device_address = libusb_get_device_address(device);
    static_cast<UsbHotplugMonitor*>(monitor)->deliver(change);
    return 0; // stay registered
}

} // namespace

Result<std::unique_ptr<UsbHotplugMonitor>> UsbHotplugMonitor::start(std::shared_ptr<UsbContext> context,
                                                                    const UsbAddress& address,
                                                                    bool report_present) {
    if (libusb_has_capability(LIBUSB_CAP_HAS_HOTPLUG) == 0) {
        return fail(Problem::unsupported, "this libusb cannot report devices arriving and leaving");
    }
    std::unique_ptr<UsbHotplugMonitor> monitor(new UsbHotplugMonitor(std::move(context)));
    const int vendor = address.vendor_id ? *address.vendor_id : LIBUSB_HOTPLUG_MATCH_ANY;
    const int product = address.product_id ? *address.product_id : LIBUSB_HOTPLUG_MATCH_ANY;
    const int events = LIBUSB_HOTPLUG_EVENT_DEVICE_ARRIVED | LIBUSB_HOTPLUG_EVENT_DEVICE_LEFT;
    const int flags = report_present ? LIBUSB_HOTPLUG_ENUMERATE : 0;
    libusb_hotplug_callback_handle handle = 0;
    const int status = libusb_hotplug_register_callback(
        monitor->m_context->native(), static_cast<libusb_hotplug_event>(events),
        static_cast<libusb_hotplug_flag>(flags), vendor, product, LIBUSB_HOTPLUG_MATCH_ANY, &on_hotplug,
        monitor.get(), &handle);
    if (status != LIBUSB_SUCCESS) {
        return fail(Problem::io, fmt::format("libusb_hotplug_register_callback: {} ({})",
                                             libusb_strerror(status), libusb_error_name(status)));
    }
    monitor->m_handle = handle;
    monitor->m_registered = true;
    // libusb delivers hotplug events from its event loop: run it until the monitor goes.
    monitor->m_thread = std::jthread([context = monitor->m_context](std::stop_token stop) {
        while (!stop.stop_requested()) {
            timeval step{0, 100'000};
            libusb_handle_events_timeout_completed(context->native(), &step, nullptr);
        }
    });
    return monitor;
}

UsbHotplugMonitor::~UsbHotplugMonitor() {
    if (m_registered) {
        // Deregistering wakes the event loop, so the thread notices the stop request at once.
        m_thread.request_stop();
        libusb_hotplug_deregister_callback(m_context->native(), m_handle);
    }
    if (m_thread.joinable()) {
        m_thread.request_stop();
        m_thread.join();
    }
}

void UsbHotplugMonitor::deliver(const UsbHotplugEvent& event) {
    {
        const std::lock_guard lock(m_mutex);
        m_events.push_back(event);
    }
    m_changed.notify_all();
}

std::optional<UsbHotplugEvent> UsbHotplugMonitor::wait(std::chrono::milliseconds timeout) {
    std::unique_lock lock(m_mutex);
    if (!m_changed.wait_for(lock, timeout, [this] { return !m_events.empty(); })) {
        return std::nullopt;
    }
    UsbHotplugEvent event = m_events.front();
    m_events.pop_front();
    return event;
}

} // namespace checkin::drivers
