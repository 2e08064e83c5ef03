#include "kiosk/app/badge_printing.hpp"

#include "printing/png.hpp"

#include <chrono>
#include <fmt/format.h>
#include <stdexcept>

namespace checkin::kiosk {

namespace {

std::string day_and_month(sync::Day day) {
    return fmt::format("{}.{:02}", static_cast<unsigned>(day.day()), static_cast<unsigned>(day.month()));
}

std::string with_year(sync::Day day) {
    return fmt::format("{}.{}", day_and_month(day), static_cast<int>(day.year()));
}

bool next_day(sync::Day before, sync::Day after) {
    return std::chrono::sys_days(after) - std::chrono::sys_days(before) == std::chrono::days(1);
}

} // namespace

std::optional<BadgeFormat> parse_badge_format(std::string_view text) {
    for (const auto format : {BadgeFormat::ql, BadgeFormat::zpl, BadgeFormat::png}) {
        if (text == badge_format_name(format)) {
            return format;
        }
    }
    return std::nullopt;
}

std::string_view badge_format_name(BadgeFormat format) {
    switch (format) {
    case BadgeFormat::ql:
        return "ql";
    case BadgeFormat::zpl:
        return "zpl";
    case BadgeFormat::png:
        return "png";
    }
    return "png";
}

std::string format_badge_dates(const std::vector<sync::Day>& days) {
    if (days.empty()) {
        return {};
    }
    // Runs of consecutive days.
    std::vector<std::pair<sync::Day, sync::Day>> runs;
    for (const auto day : days) {
        if (!runs.empty() && next_day(runs.back().second, day)) {
            runs.back().second = day;
        } else {
            runs.emplace_back(day, day);
        }
    }
    const bool one_year = days.front().year() == days.back().year();
    std::string text;
    for (std::size_t index = 0; index < runs.size(); ++index) {
        const auto [first, last] = runs[index];
        if (index > 0) {
            text += ", ";
        }
        if (!one_year) {
            text += with_year(first);
            if (last != first) {
                text += "–";
                text += with_year(last);
            }
            continue;
        }
        if (last == first) {
            text += day_and_month(first);
        } else if (first.month() == last.month()) {
            text += fmt::format("{}–{}", static_cast<unsigned>(first.day()), day_and_month(last));
        } else {
            text += fmt::format("{}–{}", day_and_month(first), day_and_month(last));
        }
    }
    if (one_year) {
        text += fmt::format(".{}", static_cast<int>(days.front().year()));
    }
    return text;
}

printing::BadgeData badge_data_for(const sync::Delegate& delegate, const sync::Event& event) {
    printing::BadgeData data;
    data.code = delegate.code;
    data.first_name = delegate.first_name;
    data.last_name = delegate.last_name;
    data.organisation = delegate.organisation;
    data.partnership = delegate.partnership;
    data.position = delegate.position;
    data.role = delegate.role;
    data.event_title = event.name;
    data.event_dates = format_badge_dates(event.days);
    return data;
}

std::string_view BadgeTarget::medium_name() const {
    if (ql_media) {
        return ql_media->name;
    }
    return zpl_media ? std::string_view(zpl_media->name) : std::string_view();
}

printing::Result<BadgeTarget> choose_badge_target(std::string_view model_name, std::string_view media_name,
                                                  BadgeFormat format) {
    BadgeTarget target;
    target.format = format;
    if (auto zpl = printing::find_zpl_media(media_name)) {
        if (format == BadgeFormat::ql) {
            return printing::fail(fmt::format("{} is a ZPL medium; a Brother QL (--format ql) takes one of "
                                              "the QL media (kioskctl badge --list)",
                                              media_name));
        }
        target.zpl_media = std::move(*zpl);
        return target;
    }
    auto media = printing::find_ql_media(media_name);
    if (!media) {
        return printing::fail(
            fmt::format("unknown medium {}; kioskctl badge --list names every medium", media_name));
    }
    if (format == BadgeFormat::zpl) {
        return printing::fail(fmt::format("{} is a Brother QL medium; ZPL (--format zpl) needs a ZPL medium "
                                          "such as 4x3 (kioskctl badge --list)",
                                          media_name));
    }
    auto model = printing::find_ql_model(model_name);
    if (!model) {
        return printing::fail(
            fmt::format("unknown printer model {}; kioskctl badge --list names every model", model_name));
    }
    if (!printing::ql_media_fits(*model, *media)) {
        return printing::fail(fmt::format("the {} cannot print on {} ({}){}", model->name, media->name,
                                          media->part_number,
                                          media->two_colour && !model->two_colour
                                              ? ": red/black tape needs a two-colour model (QL-800 series)"
                                              : ""));
    }
    target.model = *model;
    target.ql_media = *media;
    return target;
}

printing::Result<printing::BadgeTemplate> choose_badge_template(const std::filesystem::path& directory,
                                                                const BadgeTarget& target) {
    for (const auto& name : printing::shipped_badge_template_names()) {
        auto badge_template = printing::load_badge_template(directory, name);
        if (!badge_template) {
            return std::unexpected(badge_template.error());
        }
        if (!badge_template->page && badge_template->printer == target.printer() &&
            badge_template->medium == target.medium_name()) {
            return std::move(*badge_template);
        }
    }
    return printing::fail(fmt::format("no badge template in {} is for the medium {}", directory.string(),
                                      target.medium_name()));
}

printing::Result<std::vector<std::uint8_t>> encode_badge(const printing::BadgeImage& image,
                                                         const printing::BadgeTemplate& badge_template,
                                                         const BadgeTarget& target) {
    switch (target.format) {
    case BadgeFormat::ql:
        if (!target.model || !target.ql_media) {
            return printing::fail("a Brother QL job needs a QL model and medium");
        }
        return printing::encode_ql_raster(image, *target.model, *target.ql_media);
    case BadgeFormat::zpl: {
        if (!target.zpl_media) {
            return printing::fail("a ZPL label needs a ZPL medium");
        }
        auto zpl = printing::encode_zpl(image.black, *target.zpl_media);
        if (!zpl) {
            return printing::fail(zpl.error().message);
        }
        return std::vector<std::uint8_t>(zpl->begin(), zpl->end());
    }
    case BadgeFormat::png:
        if (auto png = printing::encode_png(image, badge_template.dpi)) {
            return png;
        } else {
            return printing::fail(fmt::format("cannot make the PNG: {}", png.error().message));
        }
    }
    return printing::fail("unknown badge format");
}

} // namespace checkin::kiosk
