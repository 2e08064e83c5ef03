#pragma once

// USB devices arriving and leaving, as libusb's hotplug callbacks report them: the kiosk's device panel
// shows a printer or scanner coming and going, and a reader waiting for its scanner to come back reopens it
// on arrival instead of polling. A background thread runs libusb's event loop; events queue up until
// taken.

#include "drivers/usb_device.hpp"

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

namespace checkin::drivers {

enum class UsbHotplugChange { arrived, left };

struct UsbHotplugEvent {
    UsbHotplugChange change = UsbHotplugChange::arrived;
    std::uint16_t vendor_id = 0;
    std::uint16_t product_id = 0;
    std::uint8_t bus = 0;
    std::uint8_t device_address = 0;
};

class UsbHotplugMonitor {
public:
    // Watches devices matching `address`'s vendor:product (or every device when it names none). With
    // `report_present`, the devices already attached come first as "arrived". Fails with unsupported where
    // libusb has no hotplug support.
    static Result<std::unique_ptr<UsbHotplugMonitor>>
    start(std::shared_ptr<UsbContext> context, const UsbAddress& address, bool report_present = true);
    UsbHotplugMonitor(const UsbHotplugMonitor&) = delete;
    UsbHotplugMonitor& operator=(const UsbHotplugMonitor&) = delete;
    ~UsbHotplugMonitor(); // deregisters and joins the event thread

    // The next event, waiting up to `timeout`; nullopt when none came.
    std::optional<UsbHotplugEvent> wait(std::chrono::milliseconds timeout);

    // Queues an event; called from libusb's hotplug callback on the event thread.
    void deliver(const UsbHotplugEvent& event);

private:
    explicit UsbHotplugMonitor(std::shared_ptr<UsbContext> context) : m_context(std::move(context)) {}

    std::shared_ptr<UsbContext> m_context;
    int m_handle = 0; // libusb_hotplug_callback_handle
    bool m_registered = false;
    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::deque<UsbHotplugEvent> m_events;
    std::jthread m_thread;
};

} // namespace checkin::drivers
