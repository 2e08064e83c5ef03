#pragma once

// One configured scanner read on a thread of its own (a USB HID scanner through libusb, a serial
// scanner, a V4L2 camera decoded with ZXing): it opens the device, hands each code to `on_scan`, and when
// the device goes away (unplugged, not there yet) tries again every `retry` until the kiosk stops. The
// keyboard wedge is not here: its keys come through SDL on the loop's thread.

#include "drivers/scan.hpp"
#include "drivers/warning_log.hpp"
#include "kiosk/app/config.hpp"
#include "kiosk/staff/staff.hpp"

#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace checkin::kiosk {

class ScannerThread {
public:
    using ScanHandler = std::function<void(drivers::Scan)>;
    using LogHandler = std::function<void(std::string)>;

    ScannerThread(ScannerAddress address, ScanHandler on_scan, LogHandler log,
                  std::chrono::milliseconds retry = std::chrono::seconds(2));
    ScannerThread(const ScannerThread&) = delete;
    ScannerThread& operator=(const ScannerThread&) = delete;
    ~ScannerThread(); // stops within about the wait slice (200 ms)

    // For the device panel.
    ScannerPanel status() const;

private:
    void run();
    void set_status(bool connected, ScannerNote note, std::string detail = {},
                    drivers::Problem problem = drivers::Problem::io);
    // What the decoder dropped, drained after every read so it never piles up, at most 10 lines a minute.
    void log_warnings(std::vector<std::string> warnings);

    ScannerAddress m_address;
    ScanHandler m_on_scan;
    LogHandler m_log;
    std::chrono::milliseconds m_retry;
    std::atomic<bool> m_stopping{false};
    mutable std::mutex m_mutex;
    ScannerPanel m_status;
    drivers::WarningThrottle m_warnings; // the scanner thread's own
    std::thread m_thread;                // last: starts once everything it uses exists
};

} // namespace checkin::kiosk
