#include "drivers/scanner.hpp"

#include "drivers/open_device.hpp"
#include "drivers/serial_transport.hpp"
#include "drivers/usb_device.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <iterator>
#include <utility>
#include <variant>

namespace checkin::drivers {
namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

constexpr std::uint8_t usb_class_hid = 3;
constexpr std::uint8_t hid_subclass_boot = 1;
constexpr std::uint8_t hid_protocol_keyboard = 1;
constexpr std::chrono::milliseconds control_timeout = 1s;

// Rounds up: a read must not return before the moment the loop waits for.
std::chrono::milliseconds until(Clock::time_point when, Clock::time_point now) {
    return std::max(std::chrono::ceil<std::chrono::milliseconds>(when - now), 0ms);
}

// The unsigned value of a short item's data (little-endian, 0–4 bytes).
std::uint32_t item_value(std::span<const std::uint8_t> data) {
    std::uint32_t value = 0;
    for (std::size_t index = 0; index < data.size(); ++index) {
        value |= static_cast<std::uint32_t>(data[index]) << (8U * index);
    }
    return value;
}

// HID class request SET_PROTOCOL(boot) to the interface (HID 1.11, 7.2.6).
Result<void> set_boot_protocol(UsbTransport& transport) {
    constexpr std::uint8_t class_interface_out = 0x21;
    constexpr std::uint8_t set_protocol = 0x0B;
    constexpr std::uint16_t boot_protocol = 0;
    return transport.control_out(UsbControlRequest{class_interface_out, set_protocol, boot_protocol,
                                                   transport.claimed_interface().number},
                                 {}, control_timeout);
}

bool is_boot_keyboard(const UsbInterfaceInfo& interface) {
    return interface.interface_class == usb_class_hid && interface.subclass == hid_subclass_boot &&
           interface.protocol == hid_protocol_keyboard;
}

// Which decoder fits the claimed HID interface.
Result<ScannerMode> detect_usb_mode(UsbTransport& transport) {
    const UsbInterfaceInfo& interface = transport.claimed_interface();
    const auto descriptor = transport.hid_report_descriptor(control_timeout);
    if (!descriptor && descriptor.error().problem == Problem::disconnected) {
        return std::unexpected(descriptor.error());
    }
    const ScannerMode described =
        descriptor ? scanner_mode_of_report_descriptor(*descriptor) : ScannerMode::automatic;
    if (described == ScannerMode::hid_pos) {
        return ScannerMode::hid_pos;
    }
    if (is_boot_keyboard(interface) || described == ScannerMode::hid_keyboard) {
        return ScannerMode::hid_keyboard;
    }
    const std::string what = descriptor ? fmt::format("its report descriptor ({} bytes)", descriptor->size())
                                        : fmt::format("its report descriptor, which could not be read ({}),",
                                                      descriptor.error().detail);
    return fail(Problem::unsupported,
                fmt::format("interface {} of {} (class {}, subclass {}, protocol {}) and {} describe "
                            "neither a keyboard nor a HID POS scanner; give the scanner mode explicitly",
                            interface.number, transport.describe(), interface.interface_class,
                            interface.subclass, interface.protocol, what));
}

Result<std::unique_ptr<Scanner>> open_usb_scanner(DeviceOpener& opener, const UsbAddress& address,
                                                  const ScannerOptions& options) {
    if (options.mode == ScannerMode::serial) {
        return fail(Problem::invalid_input,
                    fmt::format("{} is a USB address: a serial scanner is serial:///dev/ttyACMn",
                                format_device_address(address)));
    }
    auto context = opener.usb_context();
    if (!context) {
        return std::unexpected(context.error());
    }
    // Only the HID interface: a composite scanner's other interfaces keep their kernel drivers.
    UsbAddress wanted = address;
    wanted.interface_class = wanted.interface_class.value_or(usb_class_hid);
    auto transport = UsbTransport::open(*context, wanted);
    if (!transport) {
        Error error = transport.error();
        if (error.problem == Problem::not_found && !address.interface_class) {
            error.detail = fmt::format("no USB device with a HID interface (class 3) matches {}",
                                       format_device_address(address));
        }
        return std::unexpected(std::move(error));
    }
    UsbTransport& usb = **transport;
    if (!usb.can_read()) {
        return fail(Problem::unsupported,
                    fmt::format("interface {} of {} has no IN endpoint to read scans from",
                                usb.claimed_interface().number, usb.describe()));
    }
    ScannerMode mode = options.mode;
    if (mode == ScannerMode::automatic) {
        auto detected = detect_usb_mode(usb);
        if (!detected) {
            return std::unexpected(detected.error());
        }
        mode = *detected;
    }
    // Scans name the device by vendor:product, which survives a replug (the bus address does not).
    const std::string device = format_device_address(
        UsbAddress{usb.device().vendor_id, usb.device().product_id, std::nullopt, address.serial});
    if (mode == ScannerMode::hid_pos) {
        return std::unique_ptr<Scanner>(
            std::make_unique<UsbHidPosScanner>(std::move(*transport), device, options.pos));
    }
    if (usb.claimed_interface().subclass == hid_subclass_boot) {
        // A boot device starts in the report protocol, whose reports may differ from the boot layout; the
        // boot protocol makes them the 8 bytes the decoder reads. Many scanners stall the request because
        // their report layout is the boot one anyway: that is fine.
        if (auto set = set_boot_protocol(usb); !set && set.error().problem == Problem::disconnected) {
            return std::unexpected(set.error());
        }
    }
    return std::unique_ptr<Scanner>(
        std::make_unique<UsbHidKeyboardScanner>(std::move(*transport), device, options.keyboard));
}

} // namespace

// ----- TransportScanner -----

TransportScanner::TransportScanner(std::unique_ptr<Transport> transport, std::size_t read_size,
                                   std::optional<std::chrono::milliseconds> quiet_gap, std::string_view kind)
    : m_transport(std::move(transport)), m_read_size(std::max<std::size_t>(read_size, 1)),
      m_quiet_gap(quiet_gap), m_kind(kind) {}

Result<std::vector<Scan>> TransportScanner::wait(std::chrono::milliseconds timeout) {
    if (m_failure) {
        return std::unexpected(*m_failure);
    }
    const Clock::time_point deadline = Clock::now() + timeout;
    std::vector<Scan> scans;
    for (bool first = true;; first = false) {
        const Clock::time_point now = Clock::now();
        std::optional<Clock::time_point> gap_over;
        if (m_quiet_gap && m_last_data) {
            gap_over = *m_last_data + *m_quiet_gap;
            if (now >= *gap_over) {
                if (auto scan = poll(now)) {
                    scans.push_back(std::move(*scan));
                }
                m_last_data.reset();
                gap_over.reset();
            }
        }
        if (!scans.empty() || (!first && now >= deadline)) {
            return scans;
        }
        const auto read_timeout = until(gap_over ? std::min(*gap_over, deadline) : deadline, now);
        auto bytes = m_transport->read(m_read_size, read_timeout);
        if (!bytes) {
            m_failure = bytes.error();
            // A code that only waited for its quiet gap is complete; a code cut off before its
            // terminator is not, and goes with the decoder.
            if (m_quiet_gap) {
                if (auto scan = flush()) {
                    scans.push_back(std::move(*scan));
                }
            }
            if (scans.empty()) {
                return std::unexpected(*m_failure);
            }
            return scans;
        }
        if (!bytes->empty()) {
            const Clock::time_point arrived = Clock::now();
            m_last_data = arrived;
            std::vector<Scan> decoded = decode(*bytes, arrived);
            std::move(decoded.begin(), decoded.end(), std::back_inserter(scans));
        }
    }
}

std::string TransportScanner::describe() const {
    return fmt::format("{} {}", m_kind, m_transport->describe());
}

// ----- the three scanners -----

UsbHidKeyboardScanner::UsbHidKeyboardScanner(std::unique_ptr<Transport> transport, std::string device,
                                             HidKeyboardOptions options)
    : TransportScanner(std::move(transport), hid_keyboard_report_size, options.quiet_gap,
                       "HID keyboard scanner"),
      m_decoder(std::move(device), options) {}

std::vector<Scan> UsbHidKeyboardScanner::decode(std::span<const std::uint8_t> bytes,
                                                std::chrono::steady_clock::time_point time) {
    return m_decoder.feed(bytes, time);
}

std::optional<Scan> UsbHidKeyboardScanner::poll(std::chrono::steady_clock::time_point now) {
    return m_decoder.poll(now);
}

std::optional<Scan> UsbHidKeyboardScanner::flush() {
    return m_decoder.flush();
}

UsbHidPosScanner::UsbHidPosScanner(std::unique_ptr<Transport> transport, std::string device,
                                   HidPosOptions options)
    : TransportScanner(std::move(transport), hid_pos_report_size, std::nullopt, "HID POS scanner"),
      m_decoder(std::move(device), options) {}

std::vector<Scan> UsbHidPosScanner::decode(std::span<const std::uint8_t> bytes,
                                           std::chrono::steady_clock::time_point time) {
    std::vector<Scan> scans;
    if (auto scan = m_decoder.feed(bytes, time)) {
        scans.push_back(std::move(scan->scan));
    }
    return scans;
}

std::optional<Scan> UsbHidPosScanner::poll(std::chrono::steady_clock::time_point) {
    return std::nullopt; // every code ends with a report that says so
}

std::optional<Scan> UsbHidPosScanner::flush() {
    return std::nullopt; // a partial code is missing its last report
}

SerialScanner::SerialScanner(std::unique_ptr<Transport> transport, std::string device,
                             SerialLineOptions options)
    : TransportScanner(std::move(transport), 4096, options.quiet_gap, "serial scanner"),
      m_decoder(std::move(device), std::move(options)) {}

std::vector<Scan> SerialScanner::decode(std::span<const std::uint8_t> bytes,
                                        std::chrono::steady_clock::time_point time) {
    return m_decoder.feed(bytes, time);
}

std::optional<Scan> SerialScanner::poll(std::chrono::steady_clock::time_point now) {
    return m_decoder.poll(now);
}

std::optional<Scan> SerialScanner::flush() {
    return m_decoder.flush();
}

// ----- mode and factory -----

std::string_view scanner_mode_name(ScannerMode mode) {
    switch (mode) {
    case ScannerMode::automatic:
        return "automatic";
    case ScannerMode::hid_keyboard:
        return "hid-keyboard";
    case ScannerMode::hid_pos:
        return "hid-pos";
    case ScannerMode::serial:
        return "serial";
    }
    return "unknown";
}

ScannerMode scanner_mode_of_report_descriptor(std::span<const std::uint8_t> descriptor) {
    // Short items (HID 1.11, 6.2.2.2): a prefix byte — bits 0–1 size (0, 1, 2 or 4 bytes), bits 2–3 type
    // (0 main, 1 global, 2 local), bits 4–7 tag — then the data. 0xFE starts a long item.
    constexpr std::uint8_t type_global = 1;
    constexpr std::uint8_t type_local = 2;
    constexpr std::uint8_t tag_usage_page = 0x0; // global
    constexpr std::uint8_t tag_report_id = 0x8;  // global
    constexpr std::uint8_t tag_usage = 0x0;      // local
    constexpr std::uint32_t generic_desktop = 0x01;
    constexpr std::uint32_t keyboard = 0x06;

    std::uint32_t usage_page = 0;
    bool pos = false;
    bool has_keyboard = false;
    bool has_report_id = false;
    std::size_t offset = 0;
    while (offset < descriptor.size()) {
        const std::uint8_t prefix = descriptor[offset];
        if (prefix == 0xFE) { // long item: size, tag, data; none is defined, skip it
            if (offset + 1 >= descriptor.size()) {
                return ScannerMode::automatic;
            }
            offset += 3U + descriptor[offset + 1];
            continue;
        }
        const std::size_t size = (prefix & 0x03U) == 3 ? 4 : (prefix & 0x03U);
        if (offset + 1 + size > descriptor.size()) {
            return ScannerMode::automatic; // truncated
        }
        const std::uint32_t value = item_value(descriptor.subspan(offset + 1, size));
        const auto type = static_cast<std::uint8_t>((prefix >> 2U) & 0x03U);
        const auto tag = static_cast<std::uint8_t>(prefix >> 4U);
        if (type == type_global && tag == tag_usage_page) {
            usage_page = value;
            pos = pos || value == hid_pos_usage_page;
        } else if (type == type_global && tag == tag_report_id) {
            has_report_id = true;
        } else if (type == type_local && tag == tag_usage) {
            // A four-byte usage carries its own page in the high half.
            const std::uint32_t page = size == 4 ? value >> 16U : usage_page;
            const std::uint32_t id = size == 4 ? value & 0xFFFFU : value;
            pos = pos || page == hid_pos_usage_page;
            has_keyboard = has_keyboard || (page == generic_desktop && id == keyboard);
        }
        offset += 1 + size;
    }
    if (pos) {
        return ScannerMode::hid_pos;
    }
    if (has_keyboard && !has_report_id) {
        return ScannerMode::hid_keyboard;
    }
    return ScannerMode::automatic;
}

Result<std::unique_ptr<Scanner>> open_scanner(DeviceOpener& opener, const DeviceAddress& address,
                                              const ScannerOptions& options) {
    if (const auto* usb = std::get_if<UsbAddress>(&address)) {
        return open_usb_scanner(opener, *usb, options);
    }
    if (const auto* serial = std::get_if<SerialAddress>(&address)) {
        if (options.mode != ScannerMode::automatic && options.mode != ScannerMode::serial) {
            return fail(Problem::invalid_input,
                        fmt::format("{} is a serial line: the {} mode needs a usb:// address",
                                    format_device_address(address), scanner_mode_name(options.mode)));
        }
        auto transport = SerialTransport::open(*serial);
        if (!transport) {
            return std::unexpected(transport.error());
        }
        // Scans name the line without its speed: "serial:///dev/ttyACM0".
        return std::unique_ptr<Scanner>(std::make_unique<SerialScanner>(
            std::move(*transport), fmt::format("serial://{}", serial->device.string()), options.serial));
    }
    return fail(Problem::unsupported,
                fmt::format("{} is not a scanner address (use usb://VVVV:PPPP or serial:///dev/ttyACM0)",
                            format_device_address(address)));
}

} // namespace checkin::drivers
