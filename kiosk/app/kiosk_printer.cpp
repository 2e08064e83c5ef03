#include "kiosk/app/kiosk_printer.hpp"

#include "drivers/badge_document.hpp"
#include "hardware/simulators/ql_simulator_control.hpp"
#include "kiosk/app/badge_printing.hpp"
#include "printing/badge_layout.hpp"
#include "printing/png.hpp"

#include <fmt/format.h>

namespace checkin::kiosk {

KioskPrinter::~KioskPrinter() = default;

drivers::Result<KioskPrinter> KioskPrinter::open(const PrinterSettings& settings,
                                                 const BadgeResources& resources) {
    KioskPrinter printer;
    printer.m_target = settings.target;
    auto badge_template =
        printing::load_badge_template(resources.templates_directory, settings.badge_template.value);
    if (!badge_template) {
        return drivers::fail(drivers::Problem::invalid_input, badge_template.error().message);
    }
    printer.m_template = std::move(*badge_template);
    printing::BadgeTypefacePaths faces;
    faces.regular = resources.regular_font;
    faces.bold = resources.bold_font;
    auto typefaces = printing::BadgeTypefaces::open(faces);
    if (!typefaces) {
        return drivers::fail(drivers::Problem::invalid_input, typefaces.error().message);
    }
    printer.m_typefaces = std::move(*typefaces);

    if (!settings.device.value) {
        return printer;
    }
    const drivers::DeviceAddress& address = *settings.device.value;
    printer.m_address = drivers::format_device_address(address);
    if (const auto* simulator = std::get_if<drivers::SimulatorAddress>(&address)) {
        // The loaded roll is the one the template is for, as in `kioskctl print --device sim://DIR`.
        const std::string model =
            settings.target.model ? std::string(settings.target.model->name) : "ql-820nwb";
        auto made =
            hardware::make_simulated_printer(simulator->directory, model, settings.target.medium_name());
        if (!made) {
            return std::unexpected(made.error());
        }
        printer.m_simulated = std::move(made->device);
        printer.m_printer = std::move(made->printer);
        return printer;
    }
    printer.m_devices = std::make_unique<drivers::DeviceOpener>();
    auto session = printer.m_devices->open_printer(address, settings.target.printer());
    if (!session) {
        return std::unexpected(session.error());
    }
    printer.m_printer = std::move(*session);
    return printer;
}

drivers::Result<printing::BadgeImage> KioskPrinter::compose(const sync::Delegate& delegate,
                                                            const sync::Event& event) {
    printing::BadgeData data = badge_data_for(delegate, event);
    if (m_badge_code_maker) {
        data.code = m_badge_code_maker(delegate, event);
    }
    auto image = printing::compose_badge(data, *m_template, m_typefaces->fonts());
    if (!image) {
        return drivers::fail(
            drivers::Problem::invalid_input,
            fmt::format("the badge of {} cannot be laid out: {}", delegate.code, image.error().message));
    }
    return std::move(*image);
}

drivers::Result<std::vector<std::uint8_t>> KioskPrinter::preview_png(const sync::Delegate& delegate,
                                                                     const sync::Event& event) {
    auto image = compose(delegate, event);
    if (!image) {
        return std::unexpected(image.error());
    }
    auto png = printing::encode_png(*image, m_template->dpi);
    if (!png) {
        return drivers::fail(drivers::Problem::invalid_input, png.error().message);
    }
    return std::move(*png);
}

drivers::Result<PrintedBadge> KioskPrinter::print(const sync::Delegate& delegate, const sync::Event& event) {
    if (!m_printer) {
        return drivers::fail(drivers::Problem::not_found,
                             "no printer is configured ([printer] device or --printer)");
    }
    auto image = compose(delegate, event);
    if (!image) {
        return std::unexpected(image.error());
    }
    auto bytes = encode_badge(*image, *m_template, m_target);
    if (!bytes) {
        return drivers::fail(drivers::Problem::invalid_input, bytes.error().message);
    }
    const std::size_t pages_before = m_simulated ? m_simulated->files().size() : 0;
    drivers::PrintJob job{std::move(*bytes), std::string(m_target.medium_name()),
                          fmt::format("badge of {} ({})", delegate.full_name(), delegate.code)};
    drivers::attach_badge_document(job, std::move(*image), m_template->dpi);
    auto printed = m_printer->print(job);
    if (!printed) {
        return std::unexpected(printed.error());
    }
    PrintedBadge badge;
    if (m_simulated) {
        const auto files = m_simulated->files();
        if (files.size() > pages_before) {
            badge.page_file = files.back();
        }
    }
    return badge;
}

drivers::Result<drivers::PrinterState> KioskPrinter::state() {
    if (!m_printer) {
        return drivers::fail(drivers::Problem::not_found, "no printer is configured");
    }
    return m_printer->state();
}

std::string KioskPrinter::address() const {
    return m_address;
}

std::string KioskPrinter::describe() const {
    return m_printer ? m_printer->describe() : std::string("no printer");
}

drivers::Result<void> KioskPrinter::control_simulator(std::string_view command) {
    if (!m_simulated) {
        return drivers::fail(drivers::Problem::unsupported,
                             "printer commands work only on the simulated printer (sim://DIR)");
    }
    auto parsed = hardware::parse_simulator_command(command);
    if (!parsed) {
        return std::unexpected(parsed.error());
    }
    m_simulated->change(
        [&](hardware::VirtualQlPrinter& printer) { hardware::apply_simulator_command(*parsed, printer); });
    return {};
}

} // namespace checkin::kiosk
