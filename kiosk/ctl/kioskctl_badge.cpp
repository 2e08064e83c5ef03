// kioskctl badge and badge --list: a delegate's badge as a file, and what can be printed on.

#include "base/atomic_file.hpp"
#include "drivers/badge_document.hpp"
#include "drivers/device_address.hpp"
#include "drivers/open_device.hpp"
#include "hardware/simulators/simulated_printer.hpp"
#include "kiosk/app/badge_printing.hpp"
#include "kiosk/app/kiosk_printer.hpp"
#include "kiosk/app/printer_model.hpp"
#include "kiosk/app/resources.hpp"
#include "kiosk/ctl/kioskctl.hpp"
#include "kiosk/ctl/kioskctl_commands.hpp"
#include "kiosk/ctl/kioskctl_support.hpp"
#include "kiosk/staff/staff_messages.hpp"
#include "printing/badge_typefaces.hpp"
#include "printing/text_renderer.hpp"
#include "sync/roster/delegate.hpp"
#include "sync/roster/scan_code.hpp"

#include <fmt/format.h>
#include <iostream>
#include <optional>
#include <string_view>
#include <variant>
#include <vector>

namespace checkin::kiosk {

int command_badge_list() {
    std::cout << "Brother QL models (--model) and the media each takes (--media, --format ql or png):\n";
    for (const auto& model : printing::all_ql_models()) {
        std::cout << fmt::format("  {:<10} {:<11}", model.name, model.two_colour ? "black/red" : "black");
        for (const auto& media : printing::all_ql_media()) {
            if (printing::ql_media_fits(model, media)) {
                std::cout << ' ' << media.name;
            }
        }
        std::cout << '\n';
    }
    std::cout << "Brother QL media:\n";
    for (const auto& media : printing::all_ql_media()) {
        std::string size = media.kind == printing::QlMediaKind::die_cut
                               ? fmt::format("{} x {} mm die-cut labels", media.width_mm, media.length_mm)
                               : fmt::format("{} mm continuous tape", media.width_mm);
        if (media.two_colour) {
            size += ", black and red";
        }
        std::cout << fmt::format("  {:<10} {:<9} {}\n", media.name, media.part_number, size);
    }
    std::cout << "ZPL media (--media, --format zpl or png; any ZPL printer):\n";
    for (const auto& media : printing::zpl_media()) {
        std::cout << fmt::format("  {:<10} {} x {} in at {} dpi\n", media.name, media.width_inches,
                                 media.height_inches, media.dpi);
    }
    std::cout << "Templates (" << resource_paths().templates.string() << "), chosen by the medium:\n";
    for (const auto& name : printing::shipped_badge_template_names()) {
        auto badge_template = printing::load_badge_template(resource_paths().templates, name);
        if (!badge_template) {
            std::cout << fmt::format("  {:<22} (cannot be used: {})\n", name, badge_template.error().message);
            continue;
        }
        std::cout << fmt::format("  {:<22} medium {:<7} {}\n", name, badge_template->medium,
                                 badge_template->description);
    }
    return exit_ok;
}

namespace {

// A delegate's badge, laid out and encoded for one target.
struct PreparedBadge {
    sync::Delegate delegate;
    std::string template_name;
    std::vector<std::uint8_t> bytes;
    printing::BadgeImage image;       // for IPP and CUPS printers, which take PDF or PWG raster
    printing::BadgeTemplate layout{}; // the template it was laid out on (its resolution)
};

// Looks the code up in `mirror` and makes the badge. The error's kind gives the command's exit code
// (report): an unknown code refused, a template or a face that cannot be opened a failure, a badge that
// cannot be laid out or encoded bad data.
sync::Result<PreparedBadge> prepare_badge(sync::Mirror& mirror, std::string_view scanned_code,
                                          const BadgeTarget& target) {
    auto code = sync::normalise_scanned_code(scanned_code);
    if (!code) {
        return sync::fail(code.error());
    }
    auto record = mirror.find_by_code(*code);
    if (!record) {
        return sync::fail(record.error());
    }
    if (!*record) {
        return sync::fail(sync::Error::not_found("unknown code " + *code));
    }
    auto event = mirror.event();
    if (!event) {
        return sync::fail(event.error());
    }
    const auto& delegate = (*record)->delegate;
    if (delegate.status == sync::DelegateStatus::cancelled) {
        std::cerr << "kioskctl: note: " << delegate.full_name() << " (" << delegate.code
                  << ") is cancelled; printing the badge anyway\n";
    }
    auto badge_template = choose_badge_template(resource_paths().templates, target);
    if (!badge_template) {
        return sync::fail(sync::Error::io(badge_template.error().message));
    }
    printing::BadgeTypefacePaths faces;
    faces.regular = resource_paths().font_regular;
    faces.bold = resource_paths().font_bold;
    auto typefaces = printing::BadgeTypefaces::open(faces);
    if (!typefaces) {
        return sync::fail(sync::Error::io(typefaces.error().message));
    }
    for (const std::string& missing : typefaces->missing()) {
        std::cerr << "kioskctl: note: " << missing << '\n';
    }
    // A badge that cannot be laid out (a character the font lacks, a name that cannot fit) is bad data.
    auto image =
        printing::compose_badge(badge_data_for(delegate, *event), *badge_template, typefaces->fonts());
    if (!image) {
        return sync::fail(sync::Error::invalid_input(image.error().message));
    }
    auto bytes = encode_badge(*image, *badge_template, target);
    if (!bytes) {
        return sync::fail(sync::Error::invalid_input(bytes.error().message));
    }
    return PreparedBadge{delegate, badge_template->name, std::move(*bytes), std::move(*image),
                         std::move(*badge_template)};
}

} // namespace

int command_badge(const CommandOptions& options) {
    const auto format = parse_badge_format(options.format);
    if (!format) {
        std::cerr << "kioskctl: unknown format " << options.format << "; use ql, zpl or png\n";
        return exit_usage;
    }
    std::string media = options.media;
    if (media.empty()) {
        media = *format == BadgeFormat::zpl ? "4x3" : "62x100";
    }
    const auto target = choose_badge_target(options.model, media, *format);
    if (!target) {
        std::cerr << "kioskctl: " << target.error().message << '\n';
        return exit_usage;
    }
    auto mirror = open_mirror(options.database, Creation::refused);
    if (!mirror) {
        return report(mirror.error());
    }
    auto prepared = prepare_badge(*mirror, options.code, *target);
    if (!prepared) {
        return report(prepared.error());
    }
    const PreparedBadge& badge = *prepared;
    if (auto written = base::write_file_atomically(options.output_path, badge.bytes); !written) {
        std::cerr << "kioskctl: " << written.error().message << '\n';
        return exit_failure;
    }
    std::cerr << fmt::format("Badge of {} ({}) written to {}: template {}, {}, {} bytes\n",
                             badge.delegate.full_name(), badge.delegate.code, options.output_path,
                             badge.template_name, badge_format_name(target->format), badge.bytes.size());
    return exit_ok;
}

namespace {

// Which printer language and QL model the address and --model mean (kiosk/app/printer_model.hpp): --model
// when given, else what the USB id says, else the default QL; nullopt for a Brother whose model is unknown.
struct PrinterChoice {
    printing::PrinterLanguage language = printing::PrinterLanguage::brother_ql;
    std::string model;
};

std::optional<PrinterChoice> choose_printer(const drivers::DeviceAddress& address, const std::string& model) {
    const ModelByAddress by_address = model_by_address(address);
    std::string chosen = model;
    if (chosen.empty() && by_address.unknown_brother_product) {
        return std::nullopt;
    }
    if (chosen.empty()) {
        chosen = by_address.model.value_or(std::string(default_ql_model));
    }
    const bool zpl = chosen == zpl_model_name;
    return PrinterChoice{zpl ? printing::PrinterLanguage::zpl : printing::PrinterLanguage::brother_ql,
                         chosen};
}

} // namespace

int command_print(const CommandOptions& options, const base::Clock& clock) {
    const auto address = drivers::parse_device_address(options.device);
    if (!address) {
        std::cerr << "kioskctl: " << address.error().detail << '\n';
        return exit_usage;
    }
    const auto choice = choose_printer(*address, options.print_model);
    if (!choice) {
        std::cerr << "kioskctl: " << options.device
                  << " is a Brother device whose model is not known here; name it with --model (kioskctl "
                     "badge --list shows them)\n";
        return exit_usage;
    }
    const bool zpl = choice->language == printing::PrinterLanguage::zpl;
    std::string media = options.media;
    if (media.empty()) {
        media = zpl ? "4x3" : "62x100";
    }
    const auto target = choose_badge_target(zpl ? "ql-820nwb" : choice->model, media,
                                            zpl ? BadgeFormat::zpl : BadgeFormat::ql);
    if (!target) {
        std::cerr << "kioskctl: " << target.error().message << '\n';
        return exit_usage;
    }
    const auto* simulator = std::get_if<drivers::SimulatorAddress>(&*address);
    if (simulator && zpl) {
        std::cerr << "kioskctl: the simulated printer (sim://) is a Brother QL; it takes no ZPL\n";
        return exit_usage;
    }
    auto mirror = open_mirror(options.database, Creation::refused);
    if (!mirror) {
        return report(mirror.error());
    }
    auto prepared = prepare_badge(*mirror, options.code, *target);
    if (!prepared) {
        return report(prepared.error());
    }
    const PreparedBadge& badge = *prepared;

    drivers::DeviceOpener devices;
    std::optional<hardware::SimulatedPrinter> simulated;
    drivers::Result<std::unique_ptr<drivers::Printer>> printer = std::unique_ptr<drivers::Printer>();
    if (simulator) {
        // The loaded roll is the one the badge is for: the simulator shows what would print.
        auto made =
            hardware::make_simulated_printer(simulator->directory, choice->model, target->medium_name());
        if (!made) {
            std::cerr << "kioskctl: " << made.error().detail << '\n';
            return exit_failure;
        }
        printer = std::move(made->printer);
        simulated = std::move(*made);
    } else {
        printer = devices.open_printer(*address, choice->language);
    }
    if (!printer) {
        std::cerr << "kioskctl: " << printer.error().detail << '\n';
        return exit_usage;
    }
    const std::string description =
        fmt::format("badge of {} ({})", badge.delegate.full_name(), badge.delegate.code);
    drivers::PrintJob job{badge.bytes, std::string(target->medium_name()), description};
    drivers::attach_badge_document(job, badge.image, badge.layout.dpi);
    const auto printed = (*printer)->print(job);
    if (!printed) {
        std::cerr << fmt::format("kioskctl: the {} was not printed: {}\n  detail: {}\n", description,
                                 problem_message(printed.error().problem, Language::en),
                                 printed.error().detail);
        return exit_refused;
    }
    // The printer said the label came out: that is worth a line in the journal (not a check-in).
    sync::CheckinEvent event =
        sync::new_event(sync::EventKind::print, badge.delegate.code, clock.now_milliseconds(), clock.today(),
                        options.kiosk_id, options.operator_name);
    event.reason = fmt::format("kioskctl print to {}", (*printer)->describe());
    if (auto recorded = mirror->append_event(event); !recorded) {
        std::cerr << "kioskctl: the badge was printed but could not be recorded: " << recorded.error().message
                  << '\n';
        return exit_failure;
    }
    std::cout << fmt::format("Printed the {} on {} (template {})\n", description, (*printer)->describe(),
                             badge.template_name);
    if (simulated && !simulated->device->files().empty()) {
        std::cout << "The label is " << simulated->device->files().back().string() << '\n';
    }
    return exit_ok;
}

} // namespace checkin::kiosk
