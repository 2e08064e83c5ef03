// The enrolment QR code for terminals and the dashboard (enrolment_qr.hpp).

#include "sync/hub/enrolment_qr.hpp"

#include <ZXing/BarcodeFormat.h>
#include <ZXing/BitMatrix.h>
#include <ZXing/MultiFormatWriter.h>
#include <exception>
#include <fmt/format.h>
#include <vector>

namespace checkin::sync {

namespace {

constexpr int quiet_zone = 4;
// MultiFormatWriter's 0–8 scale: 4 is QR level M (see printing/qr_code.cpp for the mapping).
constexpr int level_m = 4;

// The symbol with its quiet zone, one entry per module, row by row.
struct Modules {
    int side = 0;
    std::vector<bool> dark;
    bool at(int x, int y) const {
        return x >= 0 && y >= 0 && x < side && y < side && dark[static_cast<std::size_t>(y * side + x)];
    }
};

Result<Modules> modules_of(std::string_view text) {
    ZXing::MultiFormatWriter writer(ZXing::BarcodeFormat::QRCode);
    writer.setEccLevel(level_m).setMargin(0);
    ZXing::BitMatrix matrix;
    try {
        matrix = writer.encode(std::string(text), 0, 0); // 0 × 0: one bit per module (qr_code.cpp says why)
    } catch (const std::exception& error) {
        return fail(Error::invalid_input(
            fmt::format("the enrolment code cannot be made into a QR code: {}", error.what())));
    }
    Modules modules;
    modules.side = matrix.width() + 2 * quiet_zone;
    modules.dark.assign(static_cast<std::size_t>(modules.side * modules.side), false);
    for (int y = 0; y < matrix.height(); ++y) {
        for (int x = 0; x < matrix.width(); ++x) {
            modules.dark[static_cast<std::size_t>((y + quiet_zone) * modules.side + x + quiet_zone)] =
                matrix.get(x, y);
        }
    }
    return modules;
}

} // namespace

Result<std::string> enrolment_qr_for_terminal(std::string_view text, bool invert) {
    auto modules = modules_of(text);
    if (!modules) {
        return fail(modules.error());
    }
    std::string lines;
    for (int y = 0; y < modules->side; y += 2) {
        for (int x = 0; x < modules->side; ++x) {
            // Foreground where the module is dark (or light, inverted); each cell holds two rows.
            const bool top = modules->at(x, y) != invert;
            const bool bottom = (y + 1 < modules->side ? modules->at(x, y + 1) : false) != invert;
            lines += top && bottom ? "█" : top ? "▀" : bottom ? "▄" : " ";
        }
        lines += '\n';
    }
    return lines;
}

Result<std::string> enrolment_qr_svg(std::string_view text, int module_pixels) {
    auto modules = modules_of(text);
    if (!modules) {
        return fail(modules.error());
    }
    const int side = modules->side * module_pixels;
    std::string path;
    for (int y = 0; y < modules->side; ++y) {
        for (int x = 0; x < modules->side; ++x) {
            if (modules->at(x, y)) {
                path += fmt::format("M{} {}h{}v{}h-{}z", x * module_pixels, y * module_pixels, module_pixels,
                                    module_pixels, module_pixels);
            }
        }
    }
    return fmt::format(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{0}\" viewBox=\"0 0 {0} {0}\">"
        "<rect width=\"{0}\" height=\"{0}\" fill=\"#fff\"/><path fill=\"#000\" d=\"{1}\"/></svg>",
        side, path);
}

} // namespace checkin::sync
