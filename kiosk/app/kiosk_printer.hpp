#pragma once

// The kiosk's badge printer: the configured device (a real printer session, or sim://DIR for the
// simulated QL that writes each label as a PNG), the badge template and the fonts, loaded once. The
// print worker owns it; nothing here touches the screen. Also used by `kioskctl print`'s choice of
// device, so the two print the same way.

#include "drivers/error.hpp"
#include "drivers/open_device.hpp"
#include "drivers/printer.hpp"
#include "hardware/simulators/simulated_printer.hpp"
#include "kiosk/app/config.hpp"
#include "printing/badge_layout.hpp"
#include "printing/badge_template.hpp"
#include "printing/badge_typefaces.hpp"
#include "sync/roster/delegate.hpp"
#include "sync/roster/event_days.hpp"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace checkin::kiosk {

struct BadgeResources {
    std::filesystem::path templates_directory; // printing/templates
    std::filesystem::path regular_font;        // DejaVuSans.ttf
    std::filesystem::path bold_font;           // DejaVuSans-Bold.ttf
    // The condensed faces and the hyphenation patterns are Debian's (printing::BadgeTypefacePaths).
};

// What came out: for the simulated printer, the page's PNG (the demo shows it on screen).
struct PrintedBadge {
    std::optional<std::filesystem::path> page_file;
};

class KioskPrinter {
public:
    // Loads the template and fonts and opens the printer session (which connects when it first prints,
    // and again after each loss). Fails on a template or font that cannot be loaded (invalid_input), or
    // a device that cannot be set up (its own problem). Without a configured device every print fails
    // with not_found: the kiosk still checks delegates in and sends them to reception.
    static drivers::Result<KioskPrinter> open(const PrinterSettings& settings,
                                              const BadgeResources& resources);

    KioskPrinter(KioskPrinter&&) noexcept = default;
    KioskPrinter& operator=(KioskPrinter&&) noexcept = default;
    ~KioskPrinter();

    // Composes the delegate's badge and prints it; succeeds only when the printer reported it printed.
    // A badge that cannot be laid out fails with invalid_input.
    drivers::Result<PrintedBadge> print(const sync::Delegate& delegate, const sync::Event& event);
    // The same badge as print() would send, composed the same way, as a PNG at the template's resolution,
    // for a preview on screen; nothing is sent to the printer, and it works with none configured.
    drivers::Result<std::vector<std::uint8_t>> preview_png(const sync::Delegate& delegate,
                                                           const sync::Event& event);

    drivers::Result<drivers::PrinterState> state();
    std::string address() const; // as configured: "sim:///tmp/badges", "usb://04f9:209d", "" for none
    std::string describe() const;
    // What the badges will do without (a condensed face or the hyphenation not installed), for the log.
    const std::vector<std::string>& typeface_notes() const { return m_typefaces->missing(); }

    // The simulated printer only: a control command as the ql-simulator's control port takes it
    // ("media none", "cover open", "reset", …). Fails on another printer or a malformed command.
    drivers::Result<void> control_simulator(std::string_view command);

    // What a badge's QR code carries: by default the delegate's code; with [codes] badge_key the kiosk
    // gives a maker of signed badge codes (sync/roster/signed_code.hpp), which admit no one.
    using BadgeCodeMaker = std::function<std::string(const sync::Delegate&, const sync::Event&)>;
    void set_badge_code_maker(BadgeCodeMaker maker) { m_badge_code_maker = std::move(maker); }

private:
    KioskPrinter() = default;
    // The badge laid out from the template, the fonts and the badge code maker, for print and preview alike.
    drivers::Result<printing::BadgeImage> compose(const sync::Delegate& delegate, const sync::Event& event);

    std::string m_address;
    BadgeTarget m_target;
    std::optional<printing::BadgeTemplate> m_template;
    std::optional<printing::BadgeTypefaces> m_typefaces;
    std::unique_ptr<drivers::DeviceOpener> m_devices;
    std::shared_ptr<hardware::SimulatedQlDevice> m_simulated;
    std::unique_ptr<drivers::Printer> m_printer; // nullptr: no device configured
    BadgeCodeMaker m_badge_code_maker;           // empty: the plain code
};

} // namespace checkin::kiosk
