// The enrolment QR code for the terminal and the dashboard, read back: the half-block text turned into a
// picture and read by zbarimg (an independent reader), and the SVG's squares matching the same modules.

#include "sync/hub/enrolment_qr.hpp"
#include "sync/protocol/enrolment.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <string>
#include <vector>

namespace checkin::sync {
namespace {

namespace fs = std::filesystem;

const std::string payload = encode_enrolment_payload(
    {"https://192.168.1.20:8470",
     "sha256//Ld7yQm8bq1HnK3t0vJ2xWcZpE4s5U6i7O8a9B0c1D2e=", "5f0c1e2d3c4b5a69788796a5b4c3d2e1f0a1b2c3"});

// The modules the terminal text shows (true: foreground), two rows a line.
std::vector<std::vector<bool>> modules_from_terminal(const std::string& text) {
    std::vector<std::vector<bool>> rows;
    std::size_t start = 0;
    while (start < text.size()) {
        const std::size_t end = text.find('\n', start);
        const std::string line = text.substr(start, end - start);
        std::vector<bool> top;
        std::vector<bool> bottom;
        for (std::size_t index = 0; index < line.size();) {
            if (line[index] == ' ') {
                top.push_back(false);
                bottom.push_back(false);
                ++index;
                continue;
            }
            const std::string glyph = line.substr(index, 3); // each block is 3 bytes of UTF-8
            top.push_back(glyph == "█" || glyph == "▀");
            bottom.push_back(glyph == "█" || glyph == "▄");
            index += 3;
        }
        rows.push_back(top);
        rows.push_back(bottom);
        start = end + 1;
    }
    return rows;
}

std::string zbar_read(const std::vector<std::vector<bool>>& rows, bool foreground_is_dark) {
    const fs::path file = fs::temp_directory_path() / "enrolment-qr-test.pgm";
    constexpr int scale = 6;
    const int width = static_cast<int>(rows.front().size()) * scale;
    const int height = static_cast<int>(rows.size()) * scale;
    {
        std::ofstream image(file, std::ios::binary);
        image << "P5\n" << width << ' ' << height << "\n255\n";
        for (const auto& row : rows) {
            for (int repeat = 0; repeat < scale; ++repeat) {
                for (const bool foreground : row) {
                    const char shade = foreground == foreground_is_dark ? '\0' : '\xff';
                    for (int column = 0; column < scale; ++column) {
                        image.put(shade);
                    }
                }
            }
        }
    }
    std::string read;
    if (FILE* pipe = ::popen(("zbarimg -q --raw " + file.string() + " 2>/dev/null").c_str(), "r")) {
        char buffer[512];
        while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) {
            read += buffer;
        }
        ::pclose(pipe);
    }
    fs::remove(file);
    return read;
}

TEST(EnrolmentQr, TheTerminalCodeReadsBackAsThePayload) {
    auto light_terminal = enrolment_qr_for_terminal(payload, false);
    ASSERT_TRUE(light_terminal.has_value()) << light_terminal.error().message;
    EXPECT_EQ(zbar_read(modules_from_terminal(*light_terminal), true), payload + "\n");
    auto dark_terminal = enrolment_qr_for_terminal(payload, true);
    ASSERT_TRUE(dark_terminal.has_value());
    // On a dark terminal the foreground is light: the light modules are the ones drawn.
    EXPECT_EQ(zbar_read(modules_from_terminal(*dark_terminal), false), payload + "\n");
    EXPECT_NE(*light_terminal, *dark_terminal);
}

TEST(EnrolmentQr, TheSvgDrawsOneSquarePerDarkModule) {
    auto terminal = enrolment_qr_for_terminal(payload, false);
    auto svg = enrolment_qr_svg(payload, 4);
    ASSERT_TRUE(terminal.has_value() && svg.has_value());
    const auto rows = modules_from_terminal(*terminal);
    std::size_t dark = 0;
    for (std::size_t y = 0; y < rows.front().size(); ++y) { // the square's rows; the terminal may add one
        for (const bool module : rows[y]) {
            dark += module ? 1 : 0;
        }
    }
    std::size_t squares = 0;
    for (std::size_t at = svg->find("M"); at != std::string::npos; at = svg->find("M", at + 1)) {
        ++squares;
    }
    EXPECT_EQ(squares, dark);
    const std::string side = std::to_string(rows.front().size() * 4);
    EXPECT_TRUE(svg->starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + side + "\""));
}

TEST(EnrolmentQr, RefusesTextNoQrCodeHolds) {
    auto refused = enrolment_qr_for_terminal(std::string(8000, 'x'), false);
    ASSERT_FALSE(refused.has_value());
    EXPECT_EQ(refused.error().kind, ErrorKind::invalid_input);
    EXPECT_TRUE(refused.error().message.starts_with("the enrolment code cannot be made into a QR code"));
}

} // namespace
} // namespace checkin::sync
