// The scanner decoders (drivers) fed sequences of reports and byte chunks as a hostile or broken USB or
// serial device would send them. The first byte picks the decoder; the rest is cut into reports (8 bytes
// for a keyboard, 64 for HID POS, and now and then a report of another length) or serial chunks of
// varying size, a few milliseconds apart. Beyond "no crash, no hang": no scan is longer than the limit,
// a serial scan holds no terminator, and the warnings stay bounded per call.

#include "drivers/hid_keyboard_decoder.hpp"
#include "drivers/hid_pos_decoder.hpp"
#include "drivers/serial_line_decoder.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>

namespace {

using namespace checkin::drivers;
using Clock = std::chrono::steady_clock;

// Report lengths: mostly the proper one, sometimes another, chosen by a byte of the input.
std::size_t report_length(std::uint8_t choice, std::size_t proper) {
    return choice % 8 == 0 ? choice % (proper + 3) : proper;
}

void fuzz_keyboard(std::span<const std::uint8_t> data) {
    HidKeyboardOptions options;
    options.max_payload = 64;
    options.quiet_gap = std::chrono::milliseconds(50);
    HidKeyboardDecoder decoder("usb://fuzz", options);
    auto time = Clock::time_point{};
    std::size_t offset = 0;
    while (offset < data.size()) {
        const std::size_t length =
            std::min(report_length(data[offset], hid_keyboard_report_size), data.size() - offset);
        const auto report = data.subspan(offset, length);
        offset += std::max<std::size_t>(length, 1);
        time += std::chrono::milliseconds(data[offset - 1] % 80);
        for (const auto& scan : decoder.feed(report, time)) {
            if (scan.payload.empty() || scan.payload.size() > options.max_payload) {
                std::abort();
            }
        }
        if (auto quiet = decoder.poll(time); quiet && quiet->payload.size() > options.max_payload) {
            std::abort();
        }
        if (decoder.take_warnings().size() > 16) {
            std::abort(); // one report cannot cause more than a handful
        }
    }
    if (auto rest = decoder.flush(); rest && rest->payload.size() > options.max_payload) {
        std::abort();
    }
}

void fuzz_hid_pos(std::span<const std::uint8_t> data) {
    HidPosOptions options;
    options.max_payload = 256;
    HidPosDecoder decoder("usb://fuzz", options);
    auto time = Clock::time_point{};
    std::size_t offset = 0;
    while (offset < data.size()) {
        const std::size_t length = std::min(report_length(data[offset], 64), data.size() - offset);
        const auto report = data.subspan(offset, length);
        offset += std::max<std::size_t>(length, 1);
        time += std::chrono::milliseconds(data[offset - 1] % 700);
        if (auto scan = decoder.feed(report, time);
            scan && (scan->scan.payload.empty() || scan->scan.payload.size() > options.max_payload)) {
            std::abort();
        }
        if (decoder.take_warnings().size() > 16) {
            std::abort();
        }
    }
}

void fuzz_serial(std::span<const std::uint8_t> data) {
    SerialLineOptions options;
    options.max_line = 128;
    // STX … ETX framing; built from characters, as g++ 12 at -O3 warns falsely (-Wrestrict) about
    // assigning these one-byte literals.
    options.prefix = std::string(1, '\x02');
    options.suffix = std::string(1, '\x03');
    options.quiet_gap = std::chrono::milliseconds(50);
    SerialLineDecoder decoder("serial:///dev/fuzz", options);
    auto time = Clock::time_point{};
    std::size_t offset = 0;
    while (offset < data.size()) {
        const std::size_t length = std::min<std::size_t>(1 + data[offset] % 40, data.size() - offset);
        const auto chunk = data.subspan(offset, length);
        offset += length;
        time += std::chrono::milliseconds(data[offset - 1] % 90);
        for (const auto& scan : decoder.feed(chunk, time)) {
            if (scan.payload.empty() || scan.payload.size() > options.max_line ||
                scan.payload.find_first_of(options.terminators) != std::string::npos) {
                std::abort();
            }
        }
        (void)decoder.poll(time);
        if (decoder.take_warnings().size() > 64) {
            std::abort();
        }
    }
    (void)decoder.flush();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) {
        return 0;
    }
    const std::span<const std::uint8_t> rest(data + 1, size - 1);
    switch (data[0] % 3) {
    case 0:
        fuzz_keyboard(rest);
        break;
    case 1:
        fuzz_hid_pos(rest);
        break;
    default:
        fuzz_serial(rest);
        break;
    }
    return 0;
}
