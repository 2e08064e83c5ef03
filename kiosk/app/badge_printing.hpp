#pragma once

// Badges from the mirror: a delegate and the event turned into what printing/ lays out, and the choice of
// printer model, medium, output format and template that `kioskctl badge` (and later the kiosk) prints
// with. Pure apart from reading template files.

#include "printing/badge_layout.hpp"
#include "printing/badge_template.hpp"
#include "printing/brother_ql.hpp"
#include "printing/error.hpp"
#include "printing/zpl.hpp"
#include "sync/roster/delegate.hpp"
#include "sync/roster/event_days.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace checkin::kiosk {

// What the badge becomes: Brother QL raster bytes, a ZPL label format, or a PNG picture.
enum class BadgeFormat { ql, zpl, png };

std::optional<BadgeFormat> parse_badge_format(std::string_view text); // "ql", "zpl", "png"
std::string_view badge_format_name(BadgeFormat format);

// The event's days as a badge prints them: "29.11.2026", "29–30.11.2026", "30.11–1.12.2026",
// "31.12.2026–1.01.2027"; runs of days that are not consecutive are listed: "27.11, 29–30.11.2026".
// Empty for no days.
std::string format_badge_dates(const std::vector<sync::Day>& days);

// The delegate's details as printed on the badge, with the event's title and dates.
printing::BadgeData badge_data_for(const sync::Delegate& delegate, const sync::Event& event);

// A printer and the label stock in it. Exactly one of ql_media and zpl_media is set; `model` is set with
// ql_media (ZPL printers are not told apart).
struct BadgeTarget {
    BadgeFormat format = BadgeFormat::png;
    std::optional<printing::QlModel> model;
    std::optional<printing::QlMedia> ql_media;
    std::optional<printing::ZplMedia> zpl_media;

    printing::PrinterLanguage printer() const {
        return ql_media ? printing::PrinterLanguage::brother_ql : printing::PrinterLanguage::zpl;
    }
    std::string_view medium_name() const;
};

// Checks a model, medium and format against each other: the medium must be a Brother QL medium the model
// can take (red/black tape needs a two-colour model) or a ZPL medium; format ql needs a QL medium and
// format zpl a ZPL medium; png takes either. The error is a usage error naming what does not match.
printing::Result<BadgeTarget> choose_badge_target(std::string_view model_name, std::string_view media_name,
                                                  BadgeFormat format);

// The first shipped template in `directory` for the target's printer and medium ("62x100" → ql-62x100,
// "62" → ql-62-continuous-100, "62red" → ql-62red-100, "4x3" → zpl-4x3-203dpi). Fails when a template
// cannot be read or parsed, or none is for this medium.
printing::Result<printing::BadgeTemplate> choose_badge_template(const std::filesystem::path& directory,
                                                                const BadgeTarget& target);

// The composed badge in the target's format: encode_ql_raster, encode_zpl, or encode_png at the
// template's dpi.
printing::Result<std::vector<std::uint8_t>> encode_badge(const printing::BadgeImage& image,
                                                         const printing::BadgeTemplate& badge_template,
                                                         const BadgeTarget& target);

} // namespace checkin::kiosk
