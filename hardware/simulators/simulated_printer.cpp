#include "hardware/simulators/simulated_printer.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <thread>

namespace checkin::hardware {

void SimulatedQlDevice::take(VirtualQlOutput output) {
    // Pages first, so a page's file exists before the "printing completed" that announces it is read.
    for (const PrintedPage& page : output.pages) {
        auto written = m_pages.write(page);
        if (!written) {
            m_write_failure = written.error();
            continue;
        }
        m_files.push_back(std::move(*written));
    }
    const std::vector<std::uint8_t> bytes = output.status_bytes();
    m_replies.insert(m_replies.end(), bytes.begin(), bytes.end());
}

drivers::Result<void> SimulatedQlDevice::receive(std::span<const std::uint8_t> bytes) {
    const std::lock_guard lock(m_mutex);
    take(m_printer.feed(bytes, SimulatorClock::now()));
    if (m_write_failure) {
        return std::unexpected(*std::exchange(m_write_failure, std::nullopt));
    }
    return {};
}

std::vector<std::uint8_t> SimulatedQlDevice::take_replies(std::size_t max_bytes) {
    const std::lock_guard lock(m_mutex);
    take(m_printer.advance(SimulatorClock::now()));
    std::vector<std::uint8_t> bytes;
    while (!m_replies.empty() && bytes.size() < max_bytes) {
        bytes.push_back(m_replies.front());
        m_replies.pop_front();
    }
    return bytes;
}

std::optional<SimulatorTime> SimulatedQlDevice::next_due() const {
    const std::lock_guard lock(m_mutex);
    return m_printer.next_due();
}

std::vector<std::filesystem::path> SimulatedQlDevice::files() const {
    const std::lock_guard lock(m_mutex);
    return m_files;
}

VirtualQlCounters SimulatedQlDevice::counters() const {
    const std::lock_guard lock(m_mutex);
    return m_printer.counters();
}

drivers::Result<void> VirtualQlTransport::write(std::span<const std::uint8_t> bytes,
                                                std::chrono::milliseconds) {
    return m_device->receive(bytes);
}

drivers::Result<std::vector<std::uint8_t>> VirtualQlTransport::read(std::size_t max_bytes,
                                                                    std::chrono::milliseconds timeout) {
    const auto deadline = SimulatorClock::now() + timeout;
    while (true) {
        std::vector<std::uint8_t> bytes = m_device->take_replies(max_bytes);
        if (!bytes.empty() || SimulatorClock::now() >= deadline) {
            return bytes;
        }
        // Nothing yet: sleep until the next held-back status is due (a slow print), or the deadline.
        const auto due = m_device->next_due().value_or(deadline);
        std::this_thread::sleep_until(std::min(std::max(due, SimulatorClock::now()), deadline));
    }
}

std::string VirtualQlTransport::describe() const {
    return "the simulated Brother QL";
}

drivers::Result<SimulatedPrinter> make_simulated_printer(const std::filesystem::path& directory,
                                                         std::string_view model, std::string_view media,
                                                         drivers::QlPrinterSettings settings) {
    auto printer_settings = virtual_ql_settings(model, media);
    if (!printer_settings) {
        return std::unexpected(printer_settings.error());
    }
    auto pages = PageDirectory::open(directory, false);
    if (!pages) {
        return std::unexpected(pages.error());
    }
    auto device = std::make_shared<SimulatedQlDevice>(std::move(*printer_settings), std::move(*pages));
    drivers::TransportOpener opener = [device]() -> drivers::Result<std::unique_ptr<drivers::Transport>> {
        return std::make_unique<VirtualQlTransport>(device);
    };
    auto printer = std::make_unique<drivers::BrotherQlPrinter>(std::move(opener),
                                                               "sim://" + directory.string(), settings);
    return SimulatedPrinter{device, std::move(printer)};
}

} // namespace checkin::hardware
