#pragma once

// The kiosk's sim:// printer: the virtual Brother QL in the same process, behind the real printer session.
// A VirtualQlTransport is the simulated side of the Transport interface — what the session writes goes to
// the virtual printer, what the printer answers comes back on read() — so `kioskctl print --device
// sim://DIR` and the kiosk's demo run exactly the code a USB or network QL gets: status check, job,
// "printing completed". Each label lands in DIR as page-NNNN.png (PageDirectory).

#include "drivers/brother_ql_printer.hpp"
#include "drivers/transport.hpp"
#include "hardware/simulators/page_directory.hpp"
#include "hardware/simulators/virtual_ql_printer.hpp"

#include <deque>
#include <filesystem>
#include <memory>
#include <mutex>
#include <vector>

namespace checkin::hardware {

// The printer and its output directory, shared by every connection made to it.
class SimulatedQlDevice {
public:
    SimulatedQlDevice(VirtualQlSettings settings, PageDirectory pages)
        : m_printer(std::move(settings)), m_pages(std::move(pages)) {}

    // Feeds the host's bytes; printed pages are written to the directory, statuses queued for reading.
    drivers::Result<void> receive(std::span<const std::uint8_t> bytes);
    // Statuses due by now (a slow print's completion waits for its time), up to `max_bytes`.
    std::vector<std::uint8_t> take_replies(std::size_t max_bytes);
    // When the next held-back status is due, if any.
    std::optional<SimulatorTime> next_due() const;

    template <typename Change> void change(Change change) {
        const std::lock_guard lock(m_mutex);
        change(m_printer);
    }
    std::vector<std::filesystem::path> files() const;
    VirtualQlCounters counters() const;

private:
    void take(VirtualQlOutput output);

    mutable std::mutex m_mutex;
    VirtualQlPrinter m_printer;
    PageDirectory m_pages;
    std::deque<std::uint8_t> m_replies;
    std::vector<std::filesystem::path> m_files;
    std::optional<drivers::Error> m_write_failure;
};

class VirtualQlTransport final : public drivers::Transport {
public:
    explicit VirtualQlTransport(std::shared_ptr<SimulatedQlDevice> device) : m_device(std::move(device)) {}

    drivers::Result<void> write(std::span<const std::uint8_t> bytes,
                                std::chrono::milliseconds timeout) override;
    drivers::Result<std::vector<std::uint8_t>> read(std::size_t max_bytes,
                                                    std::chrono::milliseconds timeout) override;
    bool can_read() const override { return true; }
    std::string describe() const override;

private:
    std::shared_ptr<SimulatedQlDevice> m_device;
};

struct SimulatedPrinter {
    std::shared_ptr<SimulatedQlDevice> device; // for faults and for finding the pages
    std::unique_ptr<drivers::Printer> printer; // the real Brother QL session over a VirtualQlTransport
};

// A QL of `model` with `media` loaded, printing into `directory` ("ql-820nwb", "62x100").
drivers::Result<SimulatedPrinter> make_simulated_printer(const std::filesystem::path& directory,
                                                         std::string_view model, std::string_view media,
                                                         drivers::QlPrinterSettings settings = {});

} // namespace checkin::hardware
