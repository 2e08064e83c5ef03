#pragma once

// Reading a scanner: the I/O around the pure decoders. A Scanner reads its transport and hands what comes
// to its decoder; the kiosk calls wait() from its loop and gets the scans that completed.
//
//   usb://VVVV:PPPP (or usb://class/3)  a HID scanner read with libusb: a boot keyboard (keyboard mode,
//                                       HidKeyboardDecoder) or a HID POS scanner (usage page 0x8C,
//                                       HidPosDecoder); which one is told from the interface and its
//                                       report descriptor, or given in ScannerOptions::mode
//   serial:///dev/ttyACM0               a CDC-ACM or RS-232 scanner sending lines (SerialLineDecoder)
//
// Taking a keyboard away from the system: opening a HID scanner detaches the kernel's usbhid driver from
// its interface and claims it, so from then on its keystrokes reach the kiosk only — not the desktop, not
// a text field, not the login prompt — and they do not come back when the kiosk closes it (usbhid is
// bound again only when the device is plugged in again). The kiosk therefore opens only the scanners its
// device profiles name by vendor:product; `usb://class/3` takes the first HID device it finds, which may be
// the staff keyboard, and is for tests and one-off diagnostics. Scanners that should stay keyboards go
// through KeyboardWedgeDetector instead.
//
// When a scanner goes away (unplugged, the serial line closed) wait() fails with Problem::disconnected; the
// Scanner is finished then, and every later wait() fails the same way. Any other error also finishes it.
// The kiosk drops it and calls open_scanner() again from time to time: not_found while the scanner is
// away, a working Scanner once it is back.

#include "drivers/device_address.hpp"
#include "drivers/error.hpp"
#include "drivers/hid_keyboard_decoder.hpp"
#include "drivers/hid_pos_decoder.hpp"
#include "drivers/scan.hpp"
#include "drivers/scanner_mode.hpp"
#include "drivers/serial_line_decoder.hpp"
#include "drivers/transport.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace checkin::drivers {

class DeviceOpener;

class Scanner {
public:
    Scanner() = default;
    Scanner(const Scanner&) = delete;
    Scanner& operator=(const Scanner&) = delete;
    virtual ~Scanner() = default;

    // Reads for at most `timeout` and returns the scans completed by then, oldest first: as soon as at
    // least one is complete, otherwise an empty vector once the time is up. A zero timeout still takes what
    // has already arrived. Scans decoded before a failure are returned first; the failure comes with the
    // next call.
    virtual Result<std::vector<Scan>> wait(std::chrono::milliseconds timeout) = 0;

    // The scanner as a person would name it: "HID keyboard scanner usb://0c2e:0b61 (bus 1, device 3)".
    virtual std::string describe() const = 0;

    // What the decoder dropped or ignored since the last call, oldest first, as sentences for the log.
    virtual std::vector<std::string> take_warnings() = 0;
};

// The loop shared by the scanners below: read the transport, feed the decoder, end a code after its quiet
// gap, remember a failure.
class TransportScanner : public Scanner {
public:
    Result<std::vector<Scan>> wait(std::chrono::milliseconds timeout) final;
    std::string describe() const final;

protected:
    // `read_size`: bytes asked for per read (one report for HID). `quiet_gap`: the decoder's, when it ends
    // codes after a pause; the loop then wakes up when the pause is over. `kind` goes into describe().
    TransportScanner(std::unique_ptr<Transport> transport, std::size_t read_size,
                     std::optional<std::chrono::milliseconds> quiet_gap, std::string_view kind);

    virtual std::vector<Scan> decode(std::span<const std::uint8_t> bytes,
                                     std::chrono::steady_clock::time_point time) = 0;
    // The decoder's poll() (quiet gap over) and flush() (the transport failed: a code without terminator
    // that was waiting for its gap is complete).
    virtual std::optional<Scan> poll(std::chrono::steady_clock::time_point now) = 0;
    virtual std::optional<Scan> flush() = 0;

private:
    std::unique_ptr<Transport> m_transport;
    std::size_t m_read_size;
    std::optional<std::chrono::milliseconds> m_quiet_gap;
    std::string m_kind;
    std::optional<std::chrono::steady_clock::time_point> m_last_data; // unset once the gap was polled
    std::optional<Error> m_failure;
};

// A USB scanner in keyboard mode: 8-byte boot keyboard reports from the interrupt IN endpoint.
class UsbHidKeyboardScanner final : public TransportScanner {
public:
    // `device` names the scanner in the scans ("usb://0c2e:0b61").
    UsbHidKeyboardScanner(std::unique_ptr<Transport> transport, std::string device,
                          HidKeyboardOptions options = {});
    std::vector<std::string> take_warnings() override { return m_decoder.take_warnings(); }

private:
    std::vector<Scan> decode(std::span<const std::uint8_t> bytes,
                             std::chrono::steady_clock::time_point time) override;
    std::optional<Scan> poll(std::chrono::steady_clock::time_point now) override;
    std::optional<Scan> flush() override;

    HidKeyboardDecoder m_decoder;
};

// A USB scanner in HID POS mode: 64-byte scanned data reports from the interrupt IN endpoint. The AIM
// symbology identifier the reports carry is not passed on (Scan has no field for it).
class UsbHidPosScanner final : public TransportScanner {
public:
    UsbHidPosScanner(std::unique_ptr<Transport> transport, std::string device, HidPosOptions options = {});
    std::vector<std::string> take_warnings() override { return m_decoder.take_warnings(); }

private:
    std::vector<Scan> decode(std::span<const std::uint8_t> bytes,
                             std::chrono::steady_clock::time_point time) override;
    std::optional<Scan> poll(std::chrono::steady_clock::time_point now) override;
    std::optional<Scan> flush() override;

    HidPosDecoder m_decoder;
};

// A scanner that sends lines: a serial line (or any transport that reads bytes).
class SerialScanner final : public TransportScanner {
public:
    SerialScanner(std::unique_ptr<Transport> transport, std::string device, SerialLineOptions options = {});
    std::vector<std::string> take_warnings() override { return m_decoder.take_warnings(); }

private:
    std::vector<Scan> decode(std::span<const std::uint8_t> bytes,
                             std::chrono::steady_clock::time_point time) override;
    std::optional<Scan> poll(std::chrono::steady_clock::time_point now) override;
    std::optional<Scan> flush() override;

    SerialLineDecoder m_decoder;
};

struct ScannerOptions {
    ScannerMode mode = ScannerMode::automatic;
    HidKeyboardOptions keyboard{};
    HidPosOptions pos{};
    SerialLineOptions serial{};
};

// What a HID report descriptor describes, as far as scanners go (a pure look at its items):
//  - hid_pos when any Usage Page item (or extended usage) names the Bar Code Scanner page 0x8C;
//  - hid_keyboard when it has a Generic Desktop Keyboard usage (0x01/0x06) and no Report ID item, so
//    that its input reports are the bare 8-byte layout;
//  - automatic (= not a scanner we can read) otherwise, also for a malformed descriptor.
ScannerMode scanner_mode_of_report_descriptor(std::span<const std::uint8_t> descriptor);

// Opens the scanner at `address`. For USB the device must have a HID interface (class 3; a vid:pid address
// is narrowed to it so that no other interface loses its kernel driver); with ScannerMode::automatic it
// is read as HID POS when its report descriptor says so, as a keyboard when it is a boot keyboard
// (subclass 1, protocol 1) or its descriptor is a plain keyboard's. A boot keyboard is switched to the
// boot protocol (SET_PROTOCOL; a device that stalls it is read as it is). Fails with not_found (nothing
// there), access_denied, busy, disconnected, unsupported (a HID device that is neither, an address that
// is no scanner: tcp, file, sim) or invalid_input (a mode that does not fit the address).
Result<std::unique_ptr<Scanner>> open_scanner(DeviceOpener& opener, const DeviceAddress& address,
                                              const ScannerOptions& options = {});

} // namespace checkin::drivers
