// ZXing 1.4 returns Result::text() and ecLevel() as std::wstring unless this is defined (and says it will
// switch to UTF-8 std::string in its next release); UTF-8 is what the kiosk uses everywhere. Only this
// file includes ZXing's Result.h, so no other translation unit sees the other spelling of those inlines.
#define ZX_USE_UTF8

#include "printing/bitmap.hpp"
#include "printing/png.hpp"
#include "printing/qr_code.hpp"

#include <ZXing/BarcodeFormat.h>
#include <ZXing/DecodeHints.h>
#include <ZXing/ImageView.h>
#include <ZXing/ReadBarcode.h>
#include <ZXing/Result.h>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <gtest/gtest.h>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <sys/wait.h>
#include <system_error>
#include <unistd.h>
#include <vector>

namespace checkin::printing {
namespace {

constexpr unsigned badge_dpi = 300;
constexpr std::uint8_t grey_black = 0x00;
constexpr std::uint8_t grey_white = 0xFF;
// Where the code goes on the test canvas: odd, unequal offsets so a mix-up of x and y, or of the symbol's
// corner and the quiet zone's, shows.
constexpr std::size_t draw_left = 13;
constexpr std::size_t draw_top = 7;
constexpr std::size_t canvas_border = 20; // black dots around the quiet zone on every side

// The codes the badge has to carry: a roster code, a URL (byte mode, a bigger symbol), a long code and
// text outside ASCII and outside Latin-1 (Polish ż, ł, ę, ś, ć, ń).
constexpr std::string_view roster_code = "CWD-ZPZXSWG7";
constexpr std::string_view url_code =
    "https://checkin.example.org/badge/CWD-ZPZXSWG7?event=devconf-2025&lang=pl";
constexpr std::string_view polish_text = "Zażółć gęślą jaźń — Łódź, ul. Świętokrzyska 12";

std::string long_code(std::size_t length) {
    // Letters, digits and punctuation in a fixed, non-repeating-looking order: mixed case forces byte
    // mode, the mode that holds the fewest characters per module.
    constexpr std::string_view alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789-_.:/";
    std::string text;
    for (std::size_t index = 0; index < length; ++index) {
        text += alphabet[(index * 7 + index / alphabet.size()) % alphabet.size()];
    }
    return text;
}

// A canvas that is black everywhere (the worst band a badge could put behind the code), with the code and
// its quiet zone drawn at (draw_left, draw_top).
Bitmap draw_on_black(const QrCode& code, std::size_t module_dots) {
    const std::size_t extent = qr_code_extent(code, module_dots);
    Bitmap bitmap(draw_left + extent + canvas_border, draw_top + extent + canvas_border);
    for (std::size_t y = 0; y < bitmap.height(); ++y) {
        for (std::size_t x = 0; x < bitmap.width(); ++x) {
            bitmap.set(x, y, true);
        }
    }
    draw_qr_code(bitmap, code, draw_left, draw_top, module_dots);
    return bitmap;
}

// ZXing reads 8-bit grey, so the bitmap becomes one byte per dot: black 0, white 255.
ZXing::Result read_with_zxing(const Bitmap& bitmap) {
    std::vector<std::uint8_t> grey(bitmap.width() * bitmap.height());
    for (std::size_t y = 0; y < bitmap.height(); ++y) {
        for (std::size_t x = 0; x < bitmap.width(); ++x) {
            grey[y * bitmap.width() + x] = bitmap.black(x, y) ? grey_black : grey_white;
        }
    }
    const ZXing::ImageView image(grey.data(), static_cast<int>(bitmap.width()),
                                 static_cast<int>(bitmap.height()), ZXing::ImageFormat::Lum);
    // Every format allowed, so "it is a QR code" is something the reader says rather than what it was told.
    return ZXing::ReadBarcode(image, ZXing::DecodeHints{});
}

// A file in the temporary directory, removed when the test is done with it.
class TemporaryFile {
public:
    explicit TemporaryFile(std::string_view suffix) {
        static unsigned counter = 0;
        m_path = std::filesystem::temp_directory_path() /
                 fmt::format("checkin-qr-code-test-{}-{}{}", ::getpid(), counter++, suffix);
    }
    TemporaryFile(const TemporaryFile&) = delete;
    TemporaryFile& operator=(const TemporaryFile&) = delete;
    ~TemporaryFile() {
        std::error_code ignored;
        std::filesystem::remove(m_path, ignored);
    }

    const std::filesystem::path& path() const { return m_path; }

private:
    std::filesystem::path m_path;
};

struct CommandOutput {
    int exit_status = -1; // -1 when the command did not exit normally
    std::string output;
};

CommandOutput run_command(const std::string& command) {
    CommandOutput result;
    FILE* pipe = ::popen(command.c_str(), "r");
    if (pipe == nullptr) {
        return result;
    }
    char buffer[4096];
    std::size_t read = 0;
    while ((read = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) {
        result.output.append(buffer, read);
    }
    const int status = ::pclose(pipe);
    if (status != -1 && WIFEXITED(status)) {
        result.exit_status = WEXITSTATUS(status);
    }
    return result;
}

// zbar shares no code with ZXing, so a symbol both read is not merely ZXing agreeing with itself. It reads
// the PNG the kiosk would save, which also covers the path from Bitmap to file.
std::optional<std::string> read_with_zbar(const Bitmap& bitmap) {
    const std::vector<std::uint8_t> png = encode_png(BadgeImage{bitmap, std::nullopt}, badge_dpi).value();
    const TemporaryFile file(".png");
    {
        std::ofstream out(file.path(), std::ios::binary);
        out.write(reinterpret_cast<const char*>(png.data()), static_cast<std::streamsize>(png.size()));
        if (!out) {
            ADD_FAILURE() << "could not write " << file.path();
            return std::nullopt;
        }
    }
    // zbarimg's stderr goes to a file of its own: ImageMagick chatters there (D-Bus notices in a
    // container), and only a failure needs to show it.
    const TemporaryFile errors(".txt");
    CommandOutput result = run_command(
        fmt::format("zbarimg -q --raw '{}' 2>'{}'", file.path().string(), errors.path().string()));
    if (result.exit_status != 0) {
        std::ifstream error_file(errors.path());
        const std::string error_text{std::istreambuf_iterator<char>(error_file), {}};
        ADD_FAILURE() << "zbarimg exited with " << result.exit_status << ", printed \"" << result.output
                      << "\" and reported: " << error_text;
        return std::nullopt;
    }
    // --raw prints the data and a newline after each symbol.
    if (!result.output.empty() && result.output.back() == '\n') {
        result.output.pop_back();
    }
    return result.output;
}

// Every dot of the drawn area is the colour of its module: dots of one module block agree with each
// other and with the symbol, the quiet zone is white, and nothing outside the drawn square changed.
void expect_exact_geometry(const QrCode& code, const Bitmap& bitmap, std::size_t module_dots) {
    const std::size_t extent = qr_code_extent(code, module_dots);
    const std::size_t blocks = code.modules + 2 * qr_quiet_zone_modules;
    ASSERT_EQ(extent, blocks * module_dots);

    std::size_t uneven_blocks = 0;
    std::size_t wrong_blocks = 0;
    for (std::size_t block_y = 0; block_y < blocks; ++block_y) {
        for (std::size_t block_x = 0; block_x < blocks; ++block_x) {
            const std::size_t corner_x = draw_left + block_x * module_dots;
            const std::size_t corner_y = draw_top + block_y * module_dots;
            const bool first_dot = bitmap.black(corner_x, corner_y);
            bool even = true;
            for (std::size_t y = 0; y < module_dots; ++y) {
                for (std::size_t x = 0; x < module_dots; ++x) {
                    even = even && bitmap.black(corner_x + x, corner_y + y) == first_dot;
                }
            }
            const bool in_quiet_zone = block_x < qr_quiet_zone_modules || block_y < qr_quiet_zone_modules ||
                                       block_x >= qr_quiet_zone_modules + code.modules ||
                                       block_y >= qr_quiet_zone_modules + code.modules;
            const bool expected = !in_quiet_zone && code.dark_at(block_x - qr_quiet_zone_modules,
                                                                 block_y - qr_quiet_zone_modules);
            if (!even) {
                ++uneven_blocks;
            }
            if (first_dot != expected) {
                ++wrong_blocks;
            }
        }
    }
    EXPECT_EQ(uneven_blocks, 0U) << "module blocks whose dots are not all one colour";
    EXPECT_EQ(wrong_blocks, 0U) << "module blocks of the wrong colour";

    // The quiet zone on its own, side by side, so a failure names the side.
    const std::size_t zone = qr_quiet_zone_modules * module_dots;
    auto white_rectangle = [&](std::size_t left, std::size_t top, std::size_t width, std::size_t height) {
        for (std::size_t y = top; y < top + height; ++y) {
            for (std::size_t x = left; x < left + width; ++x) {
                if (bitmap.black(x, y)) {
                    return false;
                }
            }
        }
        return true;
    };
    EXPECT_TRUE(white_rectangle(draw_left, draw_top, extent, zone)) << "top quiet zone";
    EXPECT_TRUE(white_rectangle(draw_left, draw_top + extent - zone, extent, zone)) << "bottom quiet zone";
    EXPECT_TRUE(white_rectangle(draw_left, draw_top, zone, extent)) << "left quiet zone";
    EXPECT_TRUE(white_rectangle(draw_left + extent - zone, draw_top, zone, extent)) << "right quiet zone";

    std::size_t changed_outside = 0;
    for (std::size_t y = 0; y < bitmap.height(); ++y) {
        for (std::size_t x = 0; x < bitmap.width(); ++x) {
            const bool inside =
                x >= draw_left && x < draw_left + extent && y >= draw_top && y < draw_top + extent;
            if (!inside && !bitmap.black(x, y)) {
                ++changed_outside;
            }
        }
    }
    EXPECT_EQ(changed_outside, 0U) << "dots outside the code's square that drawing turned white";
}

// The whole path for one text: a valid symbol, exact geometry at 1–6 dots per module, and both ZXing and
// zbar reading back the text at 2–6 (one-dot modules are below what either reader promises to resolve).
void expect_round_trip(std::string_view text) {
    const auto code = make_qr_code(text);
    ASSERT_TRUE(code.has_value()) << code.error().message;
    EXPECT_GE(code->modules, 21U);
    EXPECT_LE(code->modules, 177U);
    EXPECT_EQ((code->modules - 17) % 4, 0U) << "not the size of any QR version: " << code->modules;
    ASSERT_EQ(code->dark.size(), code->modules * code->modules);

    for (std::size_t module_dots = 1; module_dots <= 6; ++module_dots) {
        SCOPED_TRACE(fmt::format("{} dots per module, {} modules", module_dots, code->modules));
        const Bitmap bitmap = draw_on_black(*code, module_dots);
        expect_exact_geometry(*code, bitmap, module_dots);
        if (module_dots < 2) {
            continue;
        }

        const ZXing::Result read = read_with_zxing(bitmap);
        ASSERT_TRUE(read.isValid()) << "ZXing did not find the code";
        EXPECT_EQ(read.format(), ZXing::BarcodeFormat::QRCode);
        EXPECT_EQ(read.text(), text);
        EXPECT_EQ(read.ecLevel(), "M");

        EXPECT_EQ(read_with_zbar(bitmap), std::optional<std::string>(text));
    }
}

TEST(QrCodeRoundTrip, RosterCode) {
    expect_round_trip(roster_code);
}

TEST(QrCodeRoundTrip, UrlCode) {
    expect_round_trip(url_code);
}

TEST(QrCodeRoundTrip, LongCode) {
    const std::string text = long_code(120);
    ASSERT_EQ(text.size(), 120U);
    expect_round_trip(text);
}

TEST(QrCodeRoundTrip, PolishText) {
    expect_round_trip(polish_text);
}

TEST(QrCode, ShortRosterCodeIsTheSmallestSymbol) {
    // Twelve upper-case letters, digits and dashes fit version 1 at level M in alphanumeric mode.
    const auto code = make_qr_code(roster_code);
    ASSERT_TRUE(code.has_value()) << code.error().message;
    EXPECT_EQ(code->modules, 21U);
}

TEST(QrCode, LongerTextMakesALargerSymbol) {
    const auto small = make_qr_code(roster_code);
    const auto large = make_qr_code(long_code(120));
    ASSERT_TRUE(small.has_value());
    ASSERT_TRUE(large.has_value());
    EXPECT_GT(large->modules, small->modules);
}

TEST(QrCode, DarkAtIsLightOutsideTheSymbol) {
    const auto code = make_qr_code(roster_code);
    ASSERT_TRUE(code.has_value());
    EXPECT_TRUE(code->dark_at(0, 0)); // the top-left finder pattern's corner
    EXPECT_FALSE(code->dark_at(code->modules, 0));
    EXPECT_FALSE(code->dark_at(0, code->modules));
    EXPECT_FALSE(code->dark_at(7, 0));                // the separator beside it
    EXPECT_TRUE(code->dark_at(code->modules - 1, 0)); // the top-right finder pattern's corner
}

TEST(QrCode, EmptyTextIsRefused) {
    const auto code = make_qr_code("");
    ASSERT_FALSE(code.has_value());
    EXPECT_FALSE(code.error().message.empty());
}

TEST(QrCode, TextTooLongForAnySymbolIsRefused) {
    const auto code = make_qr_code(std::string(5000, 'x'));
    ASSERT_FALSE(code.has_value());
    EXPECT_FALSE(code.error().message.empty());
}

TEST(QrCode, CapacityLimitIsVersion40AtLevelM) {
    // Version 40 at level M holds 2,331 bytes in byte mode: the last text that fits and the first that
    // does not, which also shows the level really is M (L would hold 2,953).
    const auto largest = make_qr_code(std::string(2331, 'x'));
    ASSERT_TRUE(largest.has_value()) << largest.error().message;
    EXPECT_EQ(largest->modules, 177U);
    EXPECT_FALSE(make_qr_code(std::string(2332, 'x')).has_value());
}

TEST(QrCode, ExtentIsTheSymbolPlusQuietZoneInDots) {
    const QrCode code{25, std::vector<std::uint8_t>(25 * 25)};
    EXPECT_EQ(qr_code_extent(code, 1), 33U);
    EXPECT_EQ(qr_code_extent(code, 9), 297U);
    EXPECT_EQ(qr_code_extent(code, 0), 0U);
}

TEST(QrCode, ModuleDotsToFitExamples) {
    const QrCode code{25, std::vector<std::uint8_t>(25 * 25)}; // version 2
    EXPECT_EQ(module_dots_to_fit(code, 300), 9U);              // 33 × 9 = 297
    EXPECT_EQ(module_dots_to_fit(code, 297), 9U);
    EXPECT_EQ(module_dots_to_fit(code, 296), 8U);
    EXPECT_EQ(module_dots_to_fit(code, 33), 1U);
    EXPECT_EQ(module_dots_to_fit(code, 32), 0U);
    EXPECT_EQ(module_dots_to_fit(code, 0), 0U);
}

TEST(QrCode, ModuleDotsToFitIsTheLargestThatFits) {
    const auto code = make_qr_code(url_code);
    ASSERT_TRUE(code.has_value());
    for (std::size_t box = 0; box <= 1000; ++box) {
        const std::size_t module_dots = module_dots_to_fit(*code, box);
        EXPECT_LE(qr_code_extent(*code, module_dots), box) << "box " << box;
        EXPECT_GT(qr_code_extent(*code, module_dots + 1), box) << "box " << box;
    }
}

TEST(QrCode, DrawingAtTheBitmapEdgeDropsWhatDoesNotFit) {
    const auto code = make_qr_code(roster_code);
    ASSERT_TRUE(code.has_value());
    Bitmap bitmap(20, 20);
    for (std::size_t y = 0; y < bitmap.height(); ++y) {
        for (std::size_t x = 0; x < bitmap.width(); ++x) {
            bitmap.set(x, y, true);
        }
    }
    draw_qr_code(bitmap, *code, 10, 10, 3); // mostly off the bitmap: must neither crash nor wrap around
    for (std::size_t y = 0; y < bitmap.height(); ++y) {
        for (std::size_t x = 0; x < bitmap.width(); ++x) {
            // Only the quiet zone (12 dots from the corner) reaches the bitmap, and it is painted white.
            EXPECT_EQ(bitmap.black(x, y), x < 10 || y < 10) << x << ", " << y;
        }
    }
}

TEST(QrCode, ZeroDotsPerModuleDrawsNothing) {
    const auto code = make_qr_code(roster_code);
    ASSERT_TRUE(code.has_value());
    Bitmap bitmap(10, 10);
    bitmap.set(0, 0, true);
    const Bitmap before = bitmap;
    draw_qr_code(bitmap, *code, 0, 0, 0);
    EXPECT_EQ(bitmap, before);
}

} // namespace
} // namespace checkin::printing
