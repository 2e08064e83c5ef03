// The IPP session against a real CUPS queue with a real driver: a cupsd of the test's own
// (cupsd_fixture.hpp) with Debian's DYMO LabelWriter 450 driver writing to a file. The badge goes through
// CUPS's filter chain and the driver; the LabelWriter byte stream that comes out is decoded here and the
// badge's QR code read by zbarimg.

#include "drivers/badge_document.hpp"
#include "drivers/device_address.hpp"
#include "drivers/ipp_printer.hpp"
#include "printing/badge_layout.hpp"
#include "printing/badge_pdf.hpp"
#include "printing/badge_template.hpp"
#include "printing/badge_typefaces.hpp"
#include "printing/png.hpp"
#include "printing/pwg_raster.hpp"
#include "tests/drivers/cupsd_fixture.hpp"

#include <cups/cups.h>
#include <fmt/format.h>
#include <fstream>
#include <gtest/gtest.h>
#include <optional>

namespace checkin::drivers {
namespace {

const std::filesystem::path templates_directory = CHECKIN_TEST_DATA "/../../printing/templates";

// The DYMO LabelWriter's raster commands (DYMO "LabelWriter SE450 Technical Reference"): ESC B n the dot
// tab (the line starts n bytes from the left edge), ESC D n bytes per line, SYN + n bytes one line (most
// significant bit leftmost, 1 black), ETB + runs a compressed line (bit 7 the colour, the rest the run's
// length − 1), ESC f 1 n n blank lines; the other ESC commands set margins, label length, speed and form
// feed and carry no dots.
struct DymoDecoding {
    std::optional<printing::Bitmap> page;
    std::string problem;
};

DymoDecoding decode_dymo(const std::vector<std::uint8_t>& bytes) {
    std::size_t bytes_per_line = 0;
    std::size_t dot_tab = 0;
    std::vector<std::vector<bool>> lines; // from the left edge
    const auto placed = [&](std::vector<bool> dots) {
        dots.insert(dots.begin(), dot_tab * 8, false);
        return dots;
    };
    std::size_t index = 0;
    while (index < bytes.size()) {
        const std::uint8_t byte = bytes[index];
        if (byte == 0x1b) {
            if (index + 1 >= bytes.size()) {
                return {std::nullopt, "a stream ending in ESC"};
            }
            const char command = static_cast<char>(bytes[index + 1]);
            switch (command) {
            case 0x1b: // ESC ESC …: the synchronisation the driver sends first
                index += 1;
                continue;
            case 'D':
                bytes_per_line = bytes.at(index + 2);
                index += 3;
                continue;
            case 'f':
                for (unsigned count = 0; count < bytes.at(index + 3); ++count) {
                    lines.emplace_back(); // white: as long as need be
                }
                index += 4;
                continue;
            case 'Q':
            case 'L':
                index += 4;
                continue;
            case 'B':
                dot_tab = bytes.at(index + 2);
                index += 3;
                continue;
            case 'y':
            case 'q':
            case 'n':
                index += 3;
                continue;
            case 'h':
            case 'i':
            case 'e':
            case 'g':
            case 'G':
            case 'E':
            case 'A':
            case '@':
            case 'c':
            case 'd':
            case '*':
                index += 2;
                continue;
            default:
                return {std::nullopt, fmt::format("unknown command ESC {} at {}", bytes[index + 1], index)};
            }
        }
        if (byte == 0x16) {
            std::vector<bool> line(bytes_per_line * 8, false);
            for (std::size_t column = 0; column < bytes_per_line * 8; ++column) {
                const std::uint8_t packed = bytes.at(index + 1 + column / 8);
                line[column] = (packed & (0x80 >> (column % 8))) != 0;
            }
            lines.push_back(placed(std::move(line)));
            index += 1 + bytes_per_line;
            continue;
        }
        if (byte == 0x17) {
            std::vector<bool> line;
            ++index;
            while (line.size() < bytes_per_line * 8 && index < bytes.size()) {
                const bool black = (bytes[index] & 0x80) != 0;
                const std::size_t count = (bytes[index] & 0x7f) + 1U;
                line.insert(line.end(), count, black);
                ++index;
            }
            line.resize(bytes_per_line * 8);
            lines.push_back(placed(std::move(line)));
            continue;
        }
        return {std::nullopt, fmt::format("unexpected byte {} at {}", byte, index)};
    }
    std::size_t width = 0;
    for (const auto& line : lines) {
        width = std::max(width, line.size());
    }
    if (lines.empty() || width == 0) {
        return {std::nullopt, "no raster lines"};
    }
    printing::Bitmap page(width, lines.size());
    for (std::size_t y = 0; y < lines.size(); ++y) {
        for (std::size_t x = 0; x < lines[y].size(); ++x) {
            page.set(x, y, lines[y][x]);
        }
    }
    return {std::move(page), {}};
}

TEST(CupsQueue, TheDymoDriverPrintsTheBadgeAndItsCodeReadsBack) {
    test::CupsDaemon cups;
    ASSERT_TRUE(cups.running());
    cupsSetServer(cups.socket().c_str());

    auto faces = printing::BadgeTypefaces::open({});
    ASSERT_TRUE(faces);
    auto badge_template = printing::load_badge_template(templates_directory, "ql-62x100");
    ASSERT_TRUE(badge_template);
    printing::BadgeData data;
    data.code = "CWD-CUPS1";
    data.first_name = "Zofia";
    data.last_name = "Wójcik";
    auto image = printing::compose_badge(data, *badge_template, faces->fonts());
    ASSERT_TRUE(image);
    PrintJob job;
    job.medium = "62x100";
    attach_badge_document(job, *image, badge_template->dpi);

    IppPrinterSettings settings;
    settings.poll_interval = std::chrono::milliseconds(50);
    settings.printed_timeout = std::chrono::seconds(60);
    IppPrinter dymo(CupsQueueAddress{"Dymo"}, settings);
    auto state = dymo.state();
    ASSERT_TRUE(state) << state.error().detail << "\n" << cups.log();
    EXPECT_TRUE(state->ready) << state->detail;
    auto printed = dymo.print(job);
    cupsSetServer(nullptr);
    ASSERT_TRUE(printed) << printed.error().detail << "\n" << cups.log();

    std::ifstream file(cups.output(), std::ios::binary);
    const std::vector<std::uint8_t> stream(std::istreambuf_iterator<char>(file), {});
    ASSERT_GT(stream.size(), 1000U) << cups.log();
    const DymoDecoding decoded = decode_dymo(stream);
    ASSERT_TRUE(decoded.page) << decoded.problem;
    auto png = printing::encode_png(printing::BadgeImage{*decoded.page, std::nullopt}, 300);
    ASSERT_TRUE(png);
    const std::filesystem::path received = cups.output().parent_path() / "received.png";
    std::ofstream(received, std::ios::binary)
        .write(reinterpret_cast<const char*>(png->data()), static_cast<std::streamsize>(png->size()));
    EXPECT_EQ(test::read_codes_with_zbarimg(received.string()), "CWD-CUPS1");
}

} // namespace
} // namespace checkin::drivers
