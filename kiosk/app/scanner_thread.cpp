#include "kiosk/app/scanner_thread.hpp"

#include "drivers/camera_decoder.hpp"
#include "drivers/open_device.hpp"
#include "drivers/scanner.hpp"
#include "drivers/v4l2_camera.hpp"

#include <fmt/format.h>

namespace checkin::kiosk {

namespace {

constexpr std::chrono::milliseconds wait_slice{200};

} // namespace

ScannerThread::ScannerThread(ScannerAddress address, ScanHandler on_scan, LogHandler log,
                             std::chrono::milliseconds retry)
    : m_address(std::move(address)), m_on_scan(std::move(on_scan)), m_log(std::move(log)), m_retry(retry),
      m_thread([this] { run(); }) {}

ScannerThread::~ScannerThread() {
    m_stopping = true;
    m_thread.join();
}

ScannerPanel ScannerThread::status() const {
    const std::lock_guard lock(m_mutex);
    return m_status;
}

void ScannerThread::set_status(bool connected, ScannerNote note, std::string detail,
                               drivers::Problem problem) {
    const std::lock_guard lock(m_mutex);
    m_status.address = format_scanner_address(m_address);
    m_status.connected = connected;
    m_status.note = note;
    m_status.detail = std::move(detail);
    m_status.problem = problem;
}

void ScannerThread::log_warnings(std::vector<std::string> warnings) {
    for (const std::string& line : m_warnings.pass(std::move(warnings), std::chrono::steady_clock::now())) {
        m_log(fmt::format("scanner {}: {}", format_scanner_address(m_address), line));
    }
}

void ScannerThread::run() {
    set_status(false, ScannerNote::opening);
    drivers::DeviceOpener devices;
    std::string last_failure;
    // Sleeps in slices so that the kiosk's exit is never held up by a retry.
    const auto pause = [this](std::chrono::milliseconds duration) {
        for (auto left = duration; left.count() > 0 && !m_stopping; left -= wait_slice) {
            std::this_thread::sleep_for(std::min(left, wait_slice));
        }
    };
    // Logs a failure once, not every retry.
    const auto failed = [&](const drivers::Error& error) {
        const std::string line =
            fmt::format("scanner {}: {}", format_scanner_address(m_address), error.detail);
        if (line != last_failure) {
            m_log(line);
            last_failure = line;
        }
        set_status(false, ScannerNote::failed, error.detail, error.problem);
    };
    while (!m_stopping) {
        if (const auto* camera_address = std::get_if<CameraScanner>(&m_address)) {
            auto camera = drivers::V4l2Camera::open(camera_address->device);
            if (!camera) {
                failed(camera.error());
                pause(m_retry);
                continue;
            }
            set_status(true, ScannerNote::camera, (*camera)->card());
            m_log(fmt::format("scanner {}: open ({})", (*camera)->name(), (*camera)->card()));
            last_failure.clear();
            drivers::CameraDecoder decoder((*camera)->name());
            while (!m_stopping) {
                auto frame = (*camera)->next_frame(wait_slice);
                if (!frame) {
                    if (frame.error().problem == drivers::Problem::timeout) {
                        continue;
                    }
                    failed(frame.error());
                    break;
                }
                auto scan = decoder.decode(frame->frame, frame->time);
                log_warnings(decoder.take_warnings());
                if (scan) {
                    m_on_scan(std::move(*scan));
                }
            }
            pause(m_retry);
            continue;
        }
        std::optional<drivers::DeviceAddress> device_address;
        if (const auto* usb = std::get_if<drivers::UsbAddress>(&m_address)) {
            device_address = *usb;
        } else if (const auto* serial = std::get_if<drivers::SerialAddress>(&m_address)) {
            device_address = *serial;
        } else {
            return; // the keyboard wedge is read through SDL, not here
        }
        auto scanner = drivers::open_scanner(devices, *device_address);
        if (!scanner) {
            failed(scanner.error());
            pause(m_retry);
            continue;
        }
        set_status(true, ScannerNote::none);
        m_log(fmt::format("scanner {}: open", format_scanner_address(m_address)));
        last_failure.clear();
        while (!m_stopping) {
            auto scans = (*scanner)->wait(wait_slice);
            if (!scans) {
                failed(scans.error()); // unplugged: the scanner is finished, open it again
                break;
            }
            // Warnings first: what was dropped came before the codes that follow it.
            log_warnings((*scanner)->take_warnings());
            for (auto& scan : *scans) {
                m_on_scan(std::move(scan));
            }
        }
        pause(m_retry);
    }
}

} // namespace checkin::kiosk
