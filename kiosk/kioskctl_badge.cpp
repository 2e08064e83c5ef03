// kioskctl badge and badge --list: a delegate's badge as a file, and what can be printed on.

#include "kiosk/badge_printing.hpp"
#include "kiosk/kioskctl.hpp"
#include "kiosk/kioskctl_commands.hpp"
#include "kiosk/kioskctl_support.hpp"
#include "printing/text_renderer.hpp"
#include "sync/scan_code.hpp"

#include <fmt/format.h>
#include <iostream>

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
    std::cout << "Templates (" << CHECKIN_TEMPLATES_DIR << "), chosen by the medium:\n";
    for (const auto& name : printing::shipped_badge_template_names()) {
        auto badge_template = printing::load_badge_template(CHECKIN_TEMPLATES_DIR, name);
        if (!badge_template) {
            std::cout << fmt::format("  {:<22} (cannot be used: {})\n", name, badge_template.error().message);
            continue;
        }
        std::cout << fmt::format("  {:<22} medium {:<7} {}\n", name, badge_template->medium,
                                 badge_template->description);
    }
    return exit_ok;
}

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
    int exit_code = exit_ok;
    auto mirror = open_mirror(options.database, Creation::refused, exit_code);
    if (!mirror) {
        return exit_code;
    }
    auto code = sync::normalise_scanned_code(options.code);
    if (!code) {
        return report(code.error());
    }
    auto record = mirror->find_by_code(*code);
    if (!record) {
        return report(record.error());
    }
    if (!*record) {
        std::cerr << "kioskctl: unknown code " << *code << '\n';
        return exit_refused;
    }
    auto event = mirror->event();
    if (!event) {
        return report(event.error());
    }
    const auto& delegate = (*record)->delegate;
    if (delegate.status == sync::DelegateStatus::cancelled) {
        std::cerr << "kioskctl: note: " << delegate.full_name() << " (" << delegate.code
                  << ") is cancelled; printing the badge anyway\n";
    }

    auto badge_template = choose_badge_template(CHECKIN_TEMPLATES_DIR, *target);
    if (!badge_template) {
        std::cerr << "kioskctl: " << badge_template.error().message << '\n';
        return exit_failure;
    }
    auto regular = printing::TextRenderer::open(CHECKIN_FONT_REGULAR);
    if (!regular) {
        std::cerr << "kioskctl: " << regular.error().message << '\n';
        return exit_failure;
    }
    auto bold = printing::TextRenderer::open(CHECKIN_FONT_BOLD);
    if (!bold) {
        std::cerr << "kioskctl: " << bold.error().message << '\n';
        return exit_failure;
    }
    // A badge that cannot be laid out (a character the font lacks, a name that cannot fit) is bad data.
    auto image = printing::compose_badge(badge_data_for(delegate, *event), *badge_template, *regular, *bold);
    if (!image) {
        std::cerr << "kioskctl: " << image.error().message << '\n';
        return exit_usage;
    }
    auto bytes = encode_badge(*image, *badge_template, *target);
    if (!bytes) {
        std::cerr << "kioskctl: " << bytes.error().message << '\n';
        return exit_usage;
    }
    std::string message;
    const std::string_view content(reinterpret_cast<const char*>(bytes->data()), bytes->size());
    if (!write_file_atomically(options.output_path, content, message)) {
        std::cerr << "kioskctl: " << message << '\n';
        return exit_failure;
    }
    std::cerr << fmt::format("Badge of {} ({}) written to {}: template {}, {}, {} bytes\n",
                             delegate.full_name(), delegate.code, options.output_path, badge_template->name,
                             badge_format_name(target->format), bytes->size());
    return exit_ok;
}

} // namespace checkin::kiosk
