#include "hardware/simulators/page_directory.hpp"

#include "base/atomic_file.hpp"
#include "printing/png.hpp"

#include <charconv>
#include <ctime>
#include <fmt/format.h>
#include <fstream>
#include <nlohmann/json.hpp>
#include <span>

namespace checkin::hardware {
namespace {

constexpr unsigned page_dpi = 300; // every QL prints at 300 dpi
// A page is a delegate's badge (the demo's, a kiosk printing to sim://): personal data, for its owner
// only, in a folder of the owner's (issue 15).
constexpr mode_t page_file_mode = 0600;

std::string iso_utc_now() {
    const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm utc{};
    gmtime_r(&now, &utc);
    return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", utc.tm_year + 1900, utc.tm_mon + 1,
                       utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec);
}

std::string sidecar_json(const PrintedPage& page, std::size_t file_number, const std::string& png_name) {
    const printing::QlMedia& media = page.media;
    nlohmann::json information = nullptr;
    if (page.commands.print_information) {
        const QlPrintInformation& asked = *page.commands.print_information;
        information = {{"flags", asked.flags},           {"media_type", asked.media_type},
                       {"width_mm", asked.width_mm},     {"length_mm", asked.length_mm},
                       {"line_count", asked.line_count}, {"page_index", asked.page_index}};
    }
    const nlohmann::json sidecar = {
        {"file", png_name},
        {"file_number", file_number},
        {"page", page.page_number},
        {"job", page.job_number},
        {"page_in_job", page.page_in_job},
        {"model", std::string(page.model.name)},
        {"media", std::string(media.name)},
        {"part_number", std::string(media.part_number)},
        {"media_kind", media.kind == printing::QlMediaKind::die_cut ? "die-cut" : "continuous"},
        {"width_mm", media.width_mm},
        {"length_mm", media.length_mm},
        {"two_colour", page.image.red.has_value()},
        {"width_dots", page.image.black.width()},
        {"height_dots", page.image.black.height()},
        {"dpi", page_dpi},
        {"print_information", information},
        {"printed_at", iso_utc_now()},
    };
    return sidecar.dump(2) + "\n";
}

} // namespace

std::optional<std::size_t> page_file_number(const std::string& name) {
    constexpr std::string_view prefix = "page-";
    constexpr std::string_view suffix = ".png";
    if (name.size() <= prefix.size() + suffix.size() || !name.starts_with(prefix) ||
        !name.ends_with(suffix)) {
        return std::nullopt;
    }
    const std::string_view digits(name.data() + prefix.size(), name.size() - prefix.size() - suffix.size());
    std::size_t number = 0;
    const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), number);
    if (error != std::errc{} || end != digits.data() + digits.size()) {
        return std::nullopt;
    }
    return number;
}

drivers::Result<PageDirectory> PageDirectory::open(std::filesystem::path directory, bool write_sidecars) {
    std::error_code error;
    const bool made = std::filesystem::create_directories(directory, error);
    if (!error && made) {
        std::filesystem::permissions(directory, std::filesystem::perms::owner_all, error);
    }
    if (error) {
        return drivers::fail(drivers::Problem::io, fmt::format("cannot make the page directory {}: {}",
                                                               directory.string(), error.message()));
    }
    std::size_t next_number = 1;
    for (const auto& entry : std::filesystem::directory_iterator(directory, error)) {
        if (const auto number = page_file_number(entry.path().filename().string())) {
            next_number = std::max(next_number, *number + 1);
        }
    }
    return PageDirectory(std::move(directory), write_sidecars, next_number);
}

drivers::Result<std::filesystem::path> PageDirectory::write(const PrintedPage& page) {
    const std::size_t number = m_next_number++;
    const std::string png_name = fmt::format("page-{:04}.png", number);
    const std::filesystem::path png_path = m_directory / png_name;
    if (m_write_sidecars) {
        const std::string sidecar = sidecar_json(page, number, png_name);
        const std::filesystem::path sidecar_path = m_directory / fmt::format("page-{:04}.json", number);
        if (auto written = base::write_file_atomically(sidecar_path, sidecar, page_file_mode); !written) {
            return drivers::fail(drivers::Problem::io, written.error().message);
        }
    }
    const auto png = printing::encode_png(page.image, page_dpi);
    if (!png) {
        return drivers::fail(drivers::Problem::io,
                             fmt::format("cannot make {}: {}", png_path.string(), png.error().message));
    }
    if (auto written = base::write_file_atomically(png_path, *png, page_file_mode); !written) {
        return drivers::fail(drivers::Problem::io, written.error().message);
    }
    return png_path;
}

} // namespace checkin::hardware
