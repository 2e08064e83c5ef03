// The printer settings: which model, medium and badge template, each given, derived from the USB id or
// the default, and whether they fit each other and the device.

#include "base/text.hpp"
#include "kiosk/app/config.hpp"
#include "kiosk/app/config_internal.hpp"
#include "kiosk/app/printer_model.hpp"
#include "printing/brother_ql.hpp"
#include "printing/zpl.hpp"

#include <algorithm>
#include <array>
#include <fmt/format.h>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace checkin::kiosk {

using namespace config_internal;

namespace {

constexpr std::string_view default_ql_medium = "62x100";
constexpr std::string_view default_zpl_medium = "4x3";

// The shipped templates (printing/templates) and the medium each is for; the tests check this table
// against the files. The first one for a medium is that medium's default.
struct ShippedTemplate {
    std::string_view name;
    std::string_view medium;
};
constexpr std::array<ShippedTemplate, 4> shipped_templates{{
    {"ql-62x100", "62x100"},
    {"ql-62-continuous-100", "62"},
    {"ql-62red-100", "62red"},
    {"zpl-4x3-203dpi", "4x3"},
}};

std::string known_ql_models() {
    std::vector<std::string_view> names;
    for (const printing::QlModel& model : printing::all_ql_models()) {
        names.push_back(model.name);
    }
    return join_names(names, ", ");
}

std::string two_colour_models() {
    std::vector<std::string_view> names;
    for (const printing::QlModel& model : printing::all_ql_models()) {
        if (model.two_colour) {
            names.push_back(model.name);
        }
    }
    return join_names(names, ", ");
}

std::string known_ql_media() {
    std::vector<std::string_view> names;
    for (const printing::QlMedia& media : printing::all_ql_media()) {
        names.push_back(media.name);
    }
    return join_names(names, ", ");
}

std::string known_zpl_media() {
    std::vector<std::string> names;
    for (const printing::ZplMedia& media : printing::zpl_media()) {
        names.push_back(media.name);
    }
    return join_strings(names);
}

// Blames the value a person should change when settings clash (an option given on this command line
// first, else the file's later line), and names the others with where they came from.
class Clash {
public:
    Clash(std::initializer_list<const Origin*> origins) {
        for (const Origin* origin : origins) {
            if (origin->kind == Origin::Kind::command_line) {
                m_blamed = origin;
                return;
            }
        }
        for (const Origin* origin : origins) {
            if (origin->kind == Origin::Kind::file &&
                (m_blamed == nullptr || origin->line > m_blamed->line)) {
                m_blamed = origin;
            }
        }
    }

    // "62red" where the message's "kiosk.conf:14:" already says where it is, else "62red (--media)",
    // "ql-570 (kiosk.conf:12)", "62x100 (the default)".
    std::string ref(std::string_view value, const Origin& origin) const {
        if (m_blamed != nullptr && m_blamed->kind == Origin::Kind::file &&
            origin.kind == Origin::Kind::file && origin.line == m_blamed->line) {
            return std::string(value);
        }
        return fmt::format("{} ({})", value, origin.where());
    }

    ConfigError error(const std::string& body) const {
        if (m_blamed != nullptr && m_blamed->kind == Origin::Kind::file) {
            return ConfigError{base::ErrorKind::invalid_input,
                               fmt::format("{}:{}: {}", m_blamed->name, m_blamed->line, body),
                               m_blamed->line};
        }
        return ConfigError{base::ErrorKind::invalid_input, body};
    }

private:
    const Origin* m_blamed = nullptr;
};

const ShippedTemplate* shipped_template_named(std::string_view name) {
    const auto found = std::ranges::find(shipped_templates, name, &ShippedTemplate::name);
    return found == shipped_templates.end() ? nullptr : &*found;
}

const ShippedTemplate* shipped_template_for(std::string_view medium) {
    const auto found = std::ranges::find(shipped_templates, medium, &ShippedTemplate::medium);
    return found == shipped_templates.end() ? nullptr : &*found;
}

std::string shipped_media() {
    std::vector<std::string_view> media;
    for (const ShippedTemplate& shipped : shipped_templates) {
        media.push_back(shipped.medium);
    }
    return join_names(media);
}

} // namespace

namespace config_internal {

// "zpl" or a QL model's name, in lower case; otherwise an error body.
base::Result<std::string> check_model(std::string_view value) {
    if (base::ascii_lower(value) == zpl_model_name) {
        return std::string(zpl_model_name);
    }
    const auto model = printing::find_ql_model(value);
    if (!model) {
        return base::fail(base::ErrorKind::invalid_input,
                          fmt::format("unknown printer model '{}'; expected zpl (a Zebra) or a Brother QL "
                                      "model: {}",
                                      value, known_ql_models()));
    }
    return std::string(model->name);
}

// A QL or ZPL medium's name as the tables write it; otherwise an error body.
base::Result<std::string> check_media(std::string_view value) {
    const std::string lowered = base::ascii_lower(value);
    if (const auto zpl = printing::find_zpl_media(lowered)) {
        return zpl->name;
    }
    if (const auto ql = printing::find_ql_media(lowered)) {
        return std::string(ql->name);
    }
    return base::fail(base::ErrorKind::invalid_input,
                      fmt::format("unknown medium '{}'; Brother QL media: {}; ZPL media: {}", value,
                                  known_ql_media(), known_zpl_media()));
}

base::Result<std::string> check_template_name(std::string_view value) {
    if (value.ends_with(".badge")) {
        return base::fail(base::ErrorKind::invalid_input,
                          fmt::format("template takes the template's name without '.badge' ('{}')",
                                      value.substr(0, value.size() - std::string_view(".badge").size())));
    }
    const bool valid = std::ranges::all_of(value, [](char c) { return is_name_character(c) || c == '.'; }) &&
                       !value.starts_with('.');
    if (!valid) {
        return base::fail(base::ErrorKind::invalid_input,
                          fmt::format("template must be the name of a badge template in "
                                      "printing/templates (ql-62x100), not '{}'",
                                      value));
    }
    return std::string(value);
}

// Works out the model, medium and template not given explicitly, and checks all of them and the device
// against each other.
ConfigResult<void> resolve_printer(PrinterSettings& printer) {
    const Setting<std::optional<drivers::DeviceAddress>>& device = printer.device;
    const bool simulator = device.value && std::holds_alternative<drivers::SimulatorAddress>(*device.value);
    const std::string device_text = device.value ? drivers::format_device_address(*device.value) : "";

    // What the device's USB id says the printer is.
    const ModelByAddress by_address = device.value ? model_by_address(*device.value) : ModelByAddress{};
    const std::optional<std::string>& usb_model = by_address.model;
    const std::optional<std::uint16_t>& unknown_brother_product = by_address.unknown_brother_product;

    // The model.
    Setting<std::string>& model = printer.model;
    if (model.origin.is_explicit()) {
        const Clash clash{&device.origin, &model.origin};
        const std::string printer_ref = clash.ref(device_text, device.origin);
        const std::string model_ref = clash.ref(model.value, model.origin);
        if (usb_model && *usb_model != model.value) {
            if (*usb_model == zpl_model_name) {
                return std::unexpected(clash.error(fmt::format(
                    "the printer {} is a Zebra (USB vendor {:04x}), which prints ZPL, but the model is {}; a "
                    "Zebra's model is zpl",
                    printer_ref, zebra_vendor_id, model_ref)));
            }
            return std::unexpected(
                clash.error(fmt::format("the printer {} is a {} by its USB id, but the model is {}",
                                        printer_ref, *usb_model, model_ref)));
        }
        if (unknown_brother_product && model.value == zpl_model_name) {
            return std::unexpected(clash.error(fmt::format(
                "the printer {} is a Brother (USB vendor {:04x}), but the model is {}; name its QL model",
                printer_ref, printing::brother_vendor_id, model_ref)));
        }
        if (simulator && model.value == zpl_model_name) {
            return std::unexpected(clash.error(
                fmt::format("the simulated printer {} is a Brother QL and takes no ZPL, but the model is {}",
                            printer_ref, model_ref)));
        }
    } else if (usb_model) {
        model = {*usb_model,
                 Origin{Origin::Kind::derived, fmt::format("by the USB id in {}", device.origin.where())}};
    } else if (unknown_brother_product) {
        const Clash clash{&device.origin};
        return std::unexpected(clash.error(fmt::format(
            "the printer {} is a Brother whose model is not known here (USB product {:04x}); name it with "
            "model = (or --model)",
            clash.ref(device_text, device.origin), *unknown_brother_product)));
    } else {
        model = {std::string(default_ql_model), Origin{}};
    }
    const bool zpl = model.value == zpl_model_name;

    // The medium.
    Setting<std::string>& media = printer.media;
    if (media.origin.is_explicit()) {
        const Clash clash{&media.origin, &model.origin, &device.origin};
        const std::string media_ref = clash.ref(media.value, media.origin);
        const std::string model_ref = clash.ref(model.value, model.origin);
        const auto zpl_media = printing::find_zpl_media(media.value);
        const auto ql_media = printing::find_ql_media(media.value);
        if (zpl && !zpl_media) {
            return std::unexpected(clash.error(fmt::format(
                "the medium {} is Brother QL tape ({}), but the model is {}, which needs a ZPL medium ({})",
                media_ref, ql_media ? ql_media->part_number : "", model_ref, known_zpl_media())));
        }
        if (!zpl && zpl_media) {
            return std::unexpected(clash.error(fmt::format(
                "the medium {} is a ZPL label stock, but the model is {}, a Brother QL, which takes {}",
                media_ref, model_ref, known_ql_media())));
        }
        if (!zpl && ql_media) {
            const auto ql_model = printing::find_ql_model(model.value);
            if (ql_model && !printing::ql_media_fits(*ql_model, *ql_media)) {
                return std::unexpected(clash.error(fmt::format(
                    "the medium {} is black/red tape ({}) that only a two-colour model prints ({}), "
                    "but the model is {}",
                    media_ref, ql_media->part_number, two_colour_models(), model_ref)));
            }
        }
    } else {
        media = {std::string(zpl ? default_zpl_medium : default_ql_medium), Origin{}};
    }

    // The template.
    Setting<std::string>& badge_template = printer.badge_template;
    if (badge_template.origin.is_explicit()) {
        const ShippedTemplate* shipped = shipped_template_named(badge_template.value);
        if (shipped != nullptr && shipped->medium != media.value) {
            const Clash clash{&badge_template.origin, &media.origin};
            return std::unexpected(
                clash.error(fmt::format("the template {} is for the medium {}, but the medium is {}",
                                        clash.ref(badge_template.value, badge_template.origin),
                                        shipped->medium, clash.ref(media.value, media.origin))));
        }
    } else if (const ShippedTemplate* shipped = shipped_template_for(media.value)) {
        badge_template = {std::string(shipped->name),
                          Origin{Origin::Kind::derived, fmt::format("the one for {}", media.value)}};
    } else {
        const Clash clash{&media.origin, &model.origin, &device.origin};
        return std::unexpected(clash.error(fmt::format(
            "no shipped badge template is for the medium {} (they are for {}); name your own with "
            "template =",
            clash.ref(media.value, media.origin), shipped_media())));
    }

    // What the kiosk prints with.
    BadgeTarget target;
    if (zpl) {
        target.format = BadgeFormat::zpl;
        target.zpl_media = printing::find_zpl_media(media.value);
    } else {
        target.format = BadgeFormat::ql;
        const auto ql_model = printing::find_ql_model(model.value);
        const auto ql_media = printing::find_ql_media(media.value);
        if (ql_model) {
            target.model = *ql_model;
        }
        if (ql_media) {
            target.ql_media = *ql_media;
        }
    }
    printer.target = std::move(target);
    return {};
}

} // namespace config_internal

} // namespace checkin::kiosk
