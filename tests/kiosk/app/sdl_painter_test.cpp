// The painter on SDL's software renderer, drawing into a plain surface: real SDL2 and SDL2_ttf code,
// no display. Each test paints a small scene and reads the pixels back.

#include "kiosk/app/sdl_painter.hpp"
#include "printing/png.hpp"

#include <SDL.h>
#include <SDL_ttf.h>
#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <system_error>
#include <unistd.h>
#include <vector>

namespace checkin::kiosk {

// So a failed pixel comparison prints the colours.
void PrintTo(const Colour& colour, std::ostream* out) {
    *out << "rgb(" << int{colour.red} << ", " << int{colour.green} << ", " << int{colour.blue} << ")";
}

namespace {

const FontFiles dejavu{"/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
                       "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"};

constexpr int screen_width = 640;
constexpr int screen_height = 400;

constexpr Colour background{0x10, 0x20, 0x40};
constexpr Colour panel_colour{0xF0, 0xC0, 0x30};
constexpr Colour border_colour{0x90, 0x10, 0x10};
constexpr Colour text_colour{0xFF, 0xFF, 0xFF};
constexpr Colour white{0xFF, 0xFF, 0xFF};
constexpr Colour red{0xFF, 0x00, 0x00};
constexpr Colour blue{0x00, 0x00, 0xFF};

struct SurfaceFreer {
    void operator()(SDL_Surface* surface) const noexcept { SDL_FreeSurface(surface); }
};
struct RendererDestroyer {
    void operator()(SDL_Renderer* renderer) const noexcept { SDL_DestroyRenderer(renderer); }
};
struct WindowDestroyer {
    void operator()(SDL_Window* window) const noexcept { SDL_DestroyWindow(window); }
};

// What the renderer shows, read back as RGB.
struct Pixels {
    int width = 0;
    int height = 0;
    std::vector<std::uint8_t> rgb;

    Colour at(int x, int y) const {
        const auto offset = static_cast<std::size_t>((y * width + x) * 3);
        return Colour{rgb[offset], rgb[offset + 1], rgb[offset + 2]};
    }
};

// The box around every pixel (in `area`) that is not the background; count 0 if there is none.
struct Ink {
    int left = 0;
    int top = 0;
    int right = 0;  // inclusive
    int bottom = 0; // inclusive
    int count = 0;
};

Ink ink_in(const Pixels& pixels, const Rect& area, Colour empty = background) {
    Ink ink{area.x + area.width, area.y + area.height, area.x - 1, area.y - 1, 0};
    for (int y = std::max(0, area.y); y < std::min(pixels.height, area.y + area.height); ++y) {
        for (int x = std::max(0, area.x); x < std::min(pixels.width, area.x + area.width); ++x) {
            if (pixels.at(x, y) != empty) {
                ink.left = std::min(ink.left, x);
                ink.top = std::min(ink.top, y);
                ink.right = std::max(ink.right, x);
                ink.bottom = std::max(ink.bottom, y);
                ++ink.count;
            }
        }
    }
    return ink;
}

int count_of(const Pixels& pixels, const Rect& area, Colour colour) {
    int count = 0;
    for (int y = area.y; y < area.y + area.height; ++y) {
        for (int x = area.x; x < area.x + area.width; ++x) {
            count += pixels.at(x, y) == colour ? 1 : 0;
        }
    }
    return count;
}

// The pixels that are not the background outside `box`: what a drawing leaked.
int ink_outside(const Pixels& pixels, const Rect& box) {
    int count = 0;
    for (int y = 0; y < pixels.height; ++y) {
        for (int x = 0; x < pixels.width; ++x) {
            if (!box.contains(x, y) && pixels.at(x, y) != background) {
                ++count;
            }
        }
    }
    return count;
}

// A panel without a border.
Panel plain_panel(Rect box, Colour fill, int corner_radius = 0) {
    return Panel{box, fill, corner_radius, std::nullopt, 0};
}

Scene scene_with(std::vector<SceneElement> elements) {
    return Scene{"test", screen_width, screen_height, background, std::move(elements), {}};
}

TextBlock text_block(std::string text, Rect box, int font_px = 32) {
    TextBlock block;
    block.text = std::move(text);
    block.box = box;
    block.font_px = font_px;
    block.minimum_font_px = font_px;
    block.colour = text_colour;
    return block;
}

void write_file(const std::filesystem::path& path, const std::vector<std::uint8_t>& bytes) {
    std::ofstream file(path, std::ios::binary | std::ios::trunc);
    file.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

// A width × height PNG: left half red, right half blue.
std::vector<std::uint8_t> red_blue_png(std::size_t width, std::size_t height) {
    std::vector<std::uint8_t> rgb;
    for (std::size_t y = 0; y < height; ++y) {
        for (std::size_t x = 0; x < width; ++x) {
            const Colour colour = x < width / 2 ? red : blue;
            rgb.insert(rgb.end(), {colour.red, colour.green, colour.blue});
        }
    }
    return printing::encode_png_rgb(width, height, rgb).value();
}

std::vector<std::uint8_t> flat_png(std::size_t width, std::size_t height, Colour colour) {
    std::vector<std::uint8_t> rgb;
    for (std::size_t pixel = 0; pixel < width * height; ++pixel) {
        rgb.insert(rgb.end(), {colour.red, colour.green, colour.blue});
    }
    return printing::encode_png_rgb(width, height, rgb).value();
}

class SdlPainterTest : public ::testing::Test {
protected:
    void SetUp() override {
        // Each test runs in its own process under ctest; the drivers need no display or sound card.
        ::setenv("SDL_VIDEODRIVER", "offscreen", 1);
        ::setenv("SDL_AUDIODRIVER", "dummy", 1);
        ASSERT_EQ(SDL_InitSubSystem(SDL_INIT_VIDEO), 0) << SDL_GetError();
        ASSERT_EQ(TTF_Init(), 0) << TTF_GetError();

        std::string pattern = (std::filesystem::temp_directory_path() / "sdl-painter-test-XXXXXX").string();
        ASSERT_NE(::mkdtemp(pattern.data()), nullptr) << std::generic_category().message(errno);
        folder = pattern;

        surface.reset(
            SDL_CreateRGBSurfaceWithFormat(0, screen_width, screen_height, 32, SDL_PIXELFORMAT_XRGB8888));
        ASSERT_TRUE(surface) << SDL_GetError();
        renderer.reset(SDL_CreateSoftwareRenderer(surface.get()));
        ASSERT_TRUE(renderer) << SDL_GetError();
        auto created = SdlPainter::create(renderer.get(), dejavu);
        ASSERT_TRUE(created) << created.error().message;
        painter.emplace(std::move(*created));
    }

    void TearDown() override {
        painter.reset(); // its fonts and textures before SDL_ttf and the renderer go
        renderer.reset();
        surface.reset();
        TTF_Quit();
        SDL_QuitSubSystem(SDL_INIT_VIDEO);
        std::error_code ignored;
        std::filesystem::remove_all(folder, ignored);
    }

    Pixels read_pixels() const {
        Pixels pixels{screen_width, screen_height,
                      std::vector<std::uint8_t>(static_cast<std::size_t>(screen_width * screen_height * 3))};
        EXPECT_EQ(SDL_RenderReadPixels(renderer.get(), nullptr, SDL_PIXELFORMAT_RGB24, pixels.rgb.data(),
                                       screen_width * 3),
                  0)
            << SDL_GetError();
        return pixels;
    }

    Pixels paint(const Scene& scene,
                 std::optional<std::chrono::steady_clock::time_point> now = std::nullopt) {
        painter->paint(scene, now);
        return read_pixels();
    }

    std::filesystem::path folder;
    std::unique_ptr<SDL_Surface, SurfaceFreer> surface;
    std::unique_ptr<SDL_Renderer, RendererDestroyer> renderer;
    std::optional<SdlPainter> painter;
};

// ---- the frame and panels ---------------------------------------------------------------------------

TEST_F(SdlPainterTest, EmptySceneIsTheBackgroundEverywhere) {
    const Pixels pixels = paint(scene_with({}));
    EXPECT_EQ(ink_in(pixels, Rect{0, 0, screen_width, screen_height}).count, 0);
}

TEST_F(SdlPainterTest, PanelFillsExactlyItsBox) {
    const Rect box{20, 30, 100, 60};
    const Pixels pixels = paint(scene_with({plain_panel(box, panel_colour)}));
    EXPECT_EQ(count_of(pixels, box, panel_colour), box.width * box.height);
    EXPECT_EQ(ink_outside(pixels, box), 0);
    EXPECT_EQ(pixels.at(19, 50), background);
    EXPECT_EQ(pixels.at(120, 50), background);
    EXPECT_EQ(pixels.at(60, 29), background);
    EXPECT_EQ(pixels.at(60, 90), background);
}

TEST_F(SdlPainterTest, RoundedCornersLeaveTheCornersToTheBackground) {
    const Rect box{100, 100, 200, 120};
    const Pixels pixels = paint(scene_with({plain_panel(box, panel_colour, 24)}));
    // The four corner pixels are outside the quarter circles...
    EXPECT_EQ(pixels.at(100, 100), background);
    EXPECT_EQ(pixels.at(299, 100), background);
    EXPECT_EQ(pixels.at(100, 219), background);
    EXPECT_EQ(pixels.at(299, 219), background);
    // ...the middles of the edges and the centre are filled...
    EXPECT_EQ(pixels.at(200, 100), panel_colour);
    EXPECT_EQ(pixels.at(200, 219), panel_colour);
    EXPECT_EQ(pixels.at(100, 160), panel_colour);
    EXPECT_EQ(pixels.at(299, 160), panel_colour);
    EXPECT_EQ(pixels.at(200, 160), panel_colour);
    // ...a point well inside the corner's circle is filled, and nothing leaks out of the box.
    EXPECT_EQ(pixels.at(100 + 10, 100 + 10), panel_colour);
    EXPECT_EQ(ink_outside(pixels, box), 0);
    // Symmetric: each corner leaves the same number of background pixels.
    const int top_left = count_of(pixels, Rect{100, 100, 24, 24}, background);
    EXPECT_GT(top_left, 0);
    EXPECT_EQ(count_of(pixels, Rect{276, 100, 24, 24}, background), top_left);
    EXPECT_EQ(count_of(pixels, Rect{100, 196, 24, 24}, background), top_left);
    EXPECT_EQ(count_of(pixels, Rect{276, 196, 24, 24}, background), top_left);
}

TEST_F(SdlPainterTest, BorderRunsRoundTheFill) {
    const Rect box{50, 50, 200, 100};
    const Pixels pixels = paint(scene_with({Panel{box, panel_colour, 0, border_colour, 4}}));
    for (int x = 50; x < 54; ++x) {
        EXPECT_EQ(pixels.at(x, 100), border_colour) << x;
    }
    EXPECT_EQ(pixels.at(54, 100), panel_colour);
    EXPECT_EQ(pixels.at(249, 100), border_colour);
    EXPECT_EQ(pixels.at(150, 50), border_colour);
    EXPECT_EQ(pixels.at(150, 149), border_colour);
    EXPECT_EQ(pixels.at(150, 100), panel_colour);
    EXPECT_EQ(count_of(pixels, Rect{54, 54, 192, 92}, panel_colour), 192 * 92);
    EXPECT_EQ(ink_outside(pixels, box), 0);
}

TEST_F(SdlPainterTest, ElementsAreDrawnInOrder) {
    const Pixels pixels = paint(scene_with({plain_panel(Rect{0, 0, 100, 100}, panel_colour),
                                            plain_panel(Rect{50, 50, 100, 100}, border_colour)}));
    EXPECT_EQ(pixels.at(25, 25), panel_colour);
    EXPECT_EQ(pixels.at(75, 75), border_colour); // the later one on top
    EXPECT_EQ(pixels.at(125, 125), border_colour);
}

// ---- countdowns --------------------------------------------------------------------------------------

TEST_F(SdlPainterTest, ACountdownShowsTheTimeLeftInsideItsOutline) {
    using namespace std::chrono_literals;
    const auto start = std::chrono::steady_clock::time_point{} + 1000h;
    // 200 wide with a 4-pixel outline: 192 pixels inside for 8 seconds.
    const Countdown countdown{
        Rect{100, 100, 200, 20}, red, panel_colour, border_colour, 4, start, start + 8s};
    const Rect inside{104, 104, 192, 12};
    const auto filled_width = [&](const Pixels& pixels) {
        return count_of(pixels, inside, red) / inside.height;
    };

    // A quarter of the time gone: three quarters left, from the left.
    Pixels pixels = paint(scene_with({countdown}), start + 2s);
    EXPECT_EQ(filled_width(pixels), 144);
    EXPECT_EQ(pixels.at(104, 110), red);
    EXPECT_EQ(pixels.at(247, 110), red);
    EXPECT_EQ(pixels.at(248, 110), panel_colour);
    EXPECT_EQ(pixels.at(295, 110), panel_colour);
    // The outline stays round the whole bar, full or empty.
    EXPECT_EQ(pixels.at(100, 110), border_colour);
    EXPECT_EQ(pixels.at(299, 110), border_colour);
    EXPECT_EQ(pixels.at(200, 100), border_colour);
    EXPECT_EQ(pixels.at(200, 119), border_colour);
    EXPECT_EQ(ink_outside(pixels, countdown.box), 0);

    EXPECT_EQ(filled_width(paint(scene_with({countdown}), start + 6s)), 48);
    EXPECT_EQ(filled_width(paint(scene_with({countdown}), start + 8s)), 0);
    EXPECT_EQ(filled_width(paint(scene_with({countdown}), start + 20s)), 0);
    EXPECT_EQ(filled_width(paint(scene_with({countdown}), start - 1s)), 192);
    // Without a time (screenshots) it is drawn full, so the same scene gives the same picture.
    EXPECT_EQ(filled_width(paint(scene_with({countdown}))), 192);
}

// ---- spinners --------------------------------------------------------------------------------------

TEST_F(SdlPainterTest, ASpinnerDrawsItsDotsWithTheHeadGoingRound) {
    using namespace std::chrono_literals;
    const Spinner spinner{Rect{100, 100, 96, 96}, red, panel_colour};
    const auto centre_of = [](const Rect& box) {
        return std::pair{box.centre_x(), box.centre_y()};
    };
    const auto colour_of_dot = [&](const Pixels& pixels, int index) {
        const auto [x, y] = centre_of(spinner.dot(index));
        return pixels.at(x, y);
    };
    // Without a time (screenshots): the head at the top, its tail behind it (7 and 6), the rest the track.
    Pixels pixels = paint(scene_with({spinner}));
    for (int index = 0; index < Spinner::dot_count; ++index) {
        SCOPED_TRACE(index);
        EXPECT_EQ(colour_of_dot(pixels, index), index == 0 || index >= 6 ? red : panel_colour);
    }
    // Round dots, apart: the centre of the ring and the corners of a dot's square stay background.
    EXPECT_EQ(pixels.at(148, 148), background);
    EXPECT_EQ(pixels.at(spinner.dot(0).x, spinner.dot(0).y), background);
    EXPECT_EQ(ink_outside(pixels, spinner.box), 0);
    // Three steps later the head is at dot 3 (the tail at 2 and 1).
    const auto start = std::chrono::steady_clock::time_point{} + 1000h;
    ASSERT_EQ(Spinner::phase_at(start), 0);
    pixels = paint(scene_with({spinner}), start + 3 * Spinner::step + 10ms);
    for (int index = 0; index < Spinner::dot_count; ++index) {
        SCOPED_TRACE(index);
        EXPECT_EQ(colour_of_dot(pixels, index), index >= 1 && index <= 3 ? red : panel_colour);
    }
}

// ---- text -------------------------------------------------------------------------------------------

TEST_F(SdlPainterTest, TextInksInsideItsBoxAndNowhereElse) {
    const Rect box{40, 40, 400, 100};
    const Pixels pixels = paint(scene_with({text_block("Anna Kowalska", box)}));
    EXPECT_GT(count_of(pixels, box, text_colour), 50); // the glyphs' cores in the text's own colour
    EXPECT_EQ(ink_outside(pixels, box), 0);
}

TEST_F(SdlPainterTest, PolishLettersAreDrawn) {
    const Rect box{40, 40, 560, 100};
    const Pixels pixels = paint(scene_with({text_block("Zażółć gęślą jaźń", box)}));
    EXPECT_GT(count_of(pixels, box, text_colour), 50);
    EXPECT_EQ(ink_outside(pixels, box), 0);
}

TEST_F(SdlPainterTest, LeftAndRightAlignmentPutTheInkAtTheirSide) {
    const Rect box{100, 100, 400, 60};
    TextBlock block = text_block("Hello", box);

    block.align = TextAlign::left;
    const Ink left = ink_in(paint(scene_with({block})), box);
    block.align = TextAlign::right;
    const Ink right = ink_in(paint(scene_with({block})), box);
    block.align = TextAlign::centre;
    const Ink centre = ink_in(paint(scene_with({block})), box);

    ASSERT_GT(left.count, 0);
    EXPECT_LT(left.left, box.x + 10);
    EXPECT_LT(left.right, box.centre_x());
    EXPECT_GT(right.right, box.x + box.width - 10);
    EXPECT_GT(right.left, box.centre_x());
    EXPECT_NEAR((centre.left + centre.right) / 2, box.centre_x(), 6);
    // The same glyphs, only moved.
    EXPECT_EQ(left.count, right.count);
    EXPECT_EQ(left.right - left.left, right.right - right.left);
}

TEST_F(SdlPainterTest, VerticalMiddleCentresTheLines) {
    const Rect box{100, 50, 400, 300};
    TextBlock block = text_block("Hello", box);
    const Ink top = ink_in(paint(scene_with({block})), box);
    block.vertical = VerticalAlign::middle;
    const Ink middle = ink_in(paint(scene_with({block})), box);

    ASSERT_GT(top.count, 0);
    EXPECT_LT(top.top, box.y + 20);
    EXPECT_NEAR((middle.top + middle.bottom) / 2, box.centre_y(), 10);
}

TEST_F(SdlPainterTest, TextWrapsAtSpacesOntoMoreLines) {
    const Rect wide{20, 20, 600, 300};
    const Rect narrow{20, 20, 260, 300};
    const std::string text = "Forum Wolontariatu Serock";
    const Ink one_line = ink_in(paint(scene_with({text_block(text, wide)})), wide);
    const Ink wrapped = ink_in(paint(scene_with({text_block(text, narrow)})), narrow);

    ASSERT_GT(one_line.count, 0);
    EXPECT_LT(one_line.bottom - one_line.top, 40);   // one line of 32 px text
    EXPECT_GT(wrapped.bottom - wrapped.top, 2 * 32); // three lines, one word each
    EXPECT_LE(wrapped.right, narrow.x + narrow.width - 1);
    // Centred line by line: the short first word is indented further than the long second one.
    const Ink first_line = ink_in(paint(scene_with({text_block(text, narrow)})), Rect{20, 20, 260, 30});
    EXPECT_GT(first_line.left, wrapped.left + 20);
}

TEST_F(SdlPainterTest, LineBreaksInTheTextStartNewLines) {
    const Rect box{20, 20, 600, 300};
    const Ink ink = ink_in(paint(scene_with({text_block("One\nTwo", box)})), box);
    EXPECT_GT(ink.bottom - ink.top, 50);
}

TEST_F(SdlPainterTest, LongWordShrinksToFitBetweenTheSizes) {
    const Rect box{100, 100, 300, 80};
    TextBlock block = text_block("Wolfeschlegelsteinhausenberger", box, 48);
    block.minimum_font_px = 12;
    const Pixels pixels = paint(scene_with({block}));
    const Ink ink = ink_in(pixels, box);
    EXPECT_EQ(ink_outside(pixels, box), 0);
    // Shrunk until it fits, but no further than it needs: the word still spans most of the box.
    EXPECT_GT(ink.right - ink.left, box.width * 3 / 4);
    EXPECT_LT(ink.bottom - ink.top, 48);
}

TEST_F(SdlPainterTest, LongWordIsCutWhenTheSmallestSizeDoesNotFit) {
    const Rect box{100, 100, 200, 60};
    TextBlock block =
        text_block("Wolfeschlegelsteinhausenbergerdorffwelchevoralternwarengewissenhaft", box, 40);
    block.minimum_font_px = 30;
    block.align = TextAlign::left;
    const Pixels pixels = paint(scene_with({block}));
    const Ink ink = ink_in(pixels, box);
    EXPECT_EQ(ink_outside(pixels, box), 0);
    ASSERT_GT(ink.count, 0);
    // Cut with "…" rather than clipped mid-glyph: the last few columns of the box stay clear or hold the
    // ellipsis' dots, which sit on the baseline — nothing reaches the top of the glyphs there.
    const Ink last_columns = ink_in(pixels, Rect{ink.right - 6, box.y, 7, box.height});
    EXPECT_GT(last_columns.top, ink.top + 10);
}

TEST_F(SdlPainterTest, TooManyLinesAreCutToTheBoxHeight) {
    const Rect box{50, 50, 300, 80};
    std::string text;
    for (int word = 0; word < 60; ++word) {
        text += "słowo ";
    }
    TextBlock block = text_block(text, box, 28);
    block.minimum_font_px = 24;
    block.vertical = VerticalAlign::middle;
    const Pixels pixels = paint(scene_with({block}));
    EXPECT_GT(count_of(pixels, box, text_colour), 50);
    EXPECT_EQ(ink_outside(pixels, box), 0);
}

TEST_F(SdlPainterTest, TextInATinyBoxStaysInside) {
    const Rect box{10, 10, 12, 8};
    TextBlock block = text_block("Big text", box, 64);
    block.minimum_font_px = 20;
    const Pixels pixels = paint(scene_with({block}));
    EXPECT_EQ(ink_outside(pixels, box), 0);
}

TEST_F(SdlPainterTest, EmptyTextOrBoxDrawsNothing) {
    const Pixels pixels =
        paint(scene_with({text_block("", Rect{10, 10, 200, 50}), text_block("Hidden", Rect{10, 100, 0, 50}),
                          text_block("Hidden", Rect{10, 200, 200, -5})}));
    EXPECT_EQ(ink_in(pixels, Rect{0, 0, screen_width, screen_height}).count, 0);
}

TEST_F(SdlPainterTest, BoldTextIsHeavier) {
    const Rect box{20, 20, 600, 100};
    TextBlock block = text_block("Rejestracja", box, 40);
    const int regular = count_of(paint(scene_with({block})), box, text_colour);
    block.weight = FontWeight::bold;
    const int bold = count_of(paint(scene_with({block})), box, text_colour);
    EXPECT_GT(bold, regular * 5 / 4);
}

TEST_F(SdlPainterTest, RepeatedPaintsDrawTheSameFrame) {
    const Scene scene = scene_with({Panel{Rect{20, 20, 400, 200}, panel_colour, 12, border_colour, 2},
                                    text_block("Witamy na Forum", Rect{30, 30, 380, 180})});
    const Pixels first = paint(scene);
    const Pixels second = paint(scene); // texts from the cache
    EXPECT_TRUE(first.rgb == second.rgb);
}

TEST_F(SdlPainterTest, ManyDifferentTextsOutgrowTheCacheAndStillDraw) {
    const Rect box{20, 20, 400, 60};
    for (int number = 0; number < 300; ++number) {
        painter->paint(scene_with({text_block("Gość " + std::to_string(number), box)}));
    }
    const Pixels pixels = paint(scene_with({text_block("Gość 7", box)}));
    EXPECT_GT(count_of(pixels, box, text_colour), 50);
    EXPECT_EQ(ink_outside(pixels, box), 0);
}

TEST_F(SdlPainterTest, TextOverAPanelKeepsThePanelAroundIt) {
    const Rect box{50, 50, 300, 100};
    const Pixels pixels = paint(scene_with({plain_panel(box, panel_colour), text_block("OK", box)}));
    EXPECT_EQ(pixels.at(52, 52), panel_colour); // the text's transparent parts show the panel
    EXPECT_GT(count_of(pixels, box, text_colour), 20);
}

// ---- pictures ---------------------------------------------------------------------------------------

TEST_F(SdlPainterTest, PictureIsScaledToFitItsBoxOnACard) {
    const std::filesystem::path file = folder / "badge.png";
    write_file(file, red_blue_png(40, 20)); // 2:1
    const Rect box{100, 50, 200, 200};
    const Pixels pixels = paint(scene_with({Picture{box, file}}));

    EXPECT_EQ(ink_outside(pixels, box), 0);
    const Ink card = ink_in(pixels, box);
    ASSERT_GT(card.count, 0);
    // As wide as the box allows (less the card's edge), half as high, centred.
    const int card_width = card.right - card.left + 1;
    const int card_height = card.bottom - card.top + 1;
    EXPECT_GE(card_width, 190);
    EXPECT_NEAR(card.top - box.y, box.y + box.height - 1 - card.bottom, 1);
    EXPECT_NEAR(card_height, (card_width - 16) / 2 + 16, 3);
    // The picture's halves in their colours, and the card's dark edge round it.
    EXPECT_EQ(pixels.at(box.x + box.width / 4, box.centre_y()), red);
    EXPECT_EQ(pixels.at(box.x + box.width * 3 / 4, box.centre_y()), blue);
    const Colour edge = pixels.at(card.left, box.centre_y());
    EXPECT_LT(int{edge.red} + edge.green + edge.blue, 3 * 0x60);
    // Above and below the card the box stays the background.
    EXPECT_EQ(pixels.at(box.centre_x(), box.y + 5), background);
    EXPECT_EQ(pixels.at(box.centre_x(), box.y + box.height - 5), background);
}

TEST_F(SdlPainterTest, TallPictureFitsTheHeight) {
    const std::filesystem::path file = folder / "tall.png";
    write_file(file, flat_png(30, 90, red));
    const Rect box{100, 50, 300, 150};
    const Pixels pixels = paint(scene_with({Picture{box, file}}));
    EXPECT_EQ(ink_outside(pixels, box), 0);
    const Ink image = ink_in(pixels, box, background);
    EXPECT_EQ(image.top, box.y);
    EXPECT_EQ(image.bottom, box.y + box.height - 1);
    const int red_pixels = count_of(pixels, box, red);
    // About (150 − 16) × (150 − 16) / 3 red pixels, centred.
    EXPECT_NEAR(red_pixels, 134 * 45, 200);
    EXPECT_EQ(pixels.at(box.centre_x(), box.centre_y()), red);
    EXPECT_EQ(pixels.at(box.x + 10, box.centre_y()), background);
}

TEST_F(SdlPainterTest, ChangedPictureFileIsReadAgain) {
    const std::filesystem::path file = folder / "preview.png";
    const Rect box{100, 50, 200, 200};
    write_file(file, flat_png(20, 20, red));
    EXPECT_EQ(paint(scene_with({Picture{box, file}})).at(box.centre_x(), box.centre_y()), red);

    write_file(file, flat_png(20, 20, blue));
    // A later modification time, as the next badge written a second later would have.
    std::filesystem::last_write_time(file, std::filesystem::last_write_time(file) + std::chrono::seconds(2));
    EXPECT_EQ(paint(scene_with({Picture{box, file}})).at(box.centre_x(), box.centre_y()), blue);
}

TEST_F(SdlPainterTest, MissingPictureDrawsNothingAndIsReportedOnce) {
    const Rect box{100, 50, 200, 200};
    const Scene scene =
        scene_with({Picture{box, folder / "not-there.png"}, plain_panel(Rect{0, 0, 10, 10}, panel_colour)});
    ::testing::internal::CaptureStderr();
    paint(scene);
    const Pixels pixels = paint(scene);
    const std::string logged = ::testing::internal::GetCapturedStderr();
    EXPECT_EQ(ink_in(pixels, box).count, 0);
    EXPECT_EQ(pixels.at(5, 5), panel_colour); // the rest of the scene is drawn
    EXPECT_EQ(std::count(logged.begin(), logged.end(), '\n'), 1) << logged;
    EXPECT_NE(logged.find("not-there.png"), std::string::npos) << logged;
}

TEST_F(SdlPainterTest, PictureThatIsNotAPngDrawsNothing) {
    const std::filesystem::path file = folder / "broken.png";
    std::ofstream(file) << "this is not a picture";
    const Rect box{100, 50, 200, 200};
    ::testing::internal::CaptureStderr();
    const Pixels pixels = paint(scene_with({Picture{box, file}}));
    const std::string logged = ::testing::internal::GetCapturedStderr();
    EXPECT_EQ(ink_in(pixels, Rect{0, 0, screen_width, screen_height}).count, 0);
    EXPECT_NE(logged.find("broken.png"), std::string::npos) << logged;
}

TEST_F(SdlPainterTest, ShippedLogoIsShown) {
    const std::filesystem::path logo = CHECKIN_TEST_DATA "/../../printing/templates/cwd-plus-logo.png";
    const Rect box{200, 100, 150, 150};
    const Pixels pixels = paint(scene_with({Picture{box, logo}}));
    EXPECT_EQ(ink_outside(pixels, box), 0);
    EXPECT_GT(count_of(pixels, box, white), 1000); // the transparent surround, over white
}

// ---- screenshots ------------------------------------------------------------------------------------

TEST_F(SdlPainterTest, ScreenshotHoldsExactlyThePixelsOnTheRenderer) {
    const std::filesystem::path file = folder / "welcome.png";
    write_file(folder / "badge.png", red_blue_png(40, 60));
    const Pixels pixels = paint(scene_with({Panel{Rect{10, 10, 300, 200}, panel_colour, 16, border_colour, 3},
                                            text_block("Dzień dobry!", Rect{20, 20, 280, 180}),
                                            Picture{Rect{400, 50, 200, 300}, folder / "badge.png"}}));
    const auto saved = painter->save_screenshot(file);
    ASSERT_TRUE(saved) << saved.error().message;

    const auto decoded = printing::read_png_rgb_file(file);
    ASSERT_TRUE(decoded) << decoded.error().message;
    EXPECT_EQ(decoded->width, static_cast<std::size_t>(screen_width));
    EXPECT_EQ(decoded->height, static_cast<std::size_t>(screen_height));
    EXPECT_TRUE(decoded->pixels == pixels.rgb);
    // No temporary file left beside it.
    EXPECT_EQ(
        std::distance(std::filesystem::directory_iterator(folder), std::filesystem::directory_iterator()), 2);
}

TEST_F(SdlPainterTest, ScreenshotReplacesAnOlderOne) {
    const std::filesystem::path file = folder / "screen.png";
    paint(scene_with({}));
    ASSERT_TRUE(painter->save_screenshot(file));
    const Pixels pixels = paint(scene_with({plain_panel(Rect{0, 0, 320, 400}, panel_colour)}));
    ASSERT_TRUE(painter->save_screenshot(file));
    const auto decoded = printing::read_png_rgb_file(file);
    ASSERT_TRUE(decoded) << decoded.error().message;
    EXPECT_TRUE(decoded->pixels == pixels.rgb);
}

TEST_F(SdlPainterTest, ScreenshotIntoAMissingFolderFailsWithAMessage) {
    paint(scene_with({}));
    const auto saved = painter->save_screenshot(folder / "no-such-folder" / "screen.png");
    ASSERT_FALSE(saved);
    EXPECT_NE(saved.error().message.find("no-such-folder"), std::string::npos) << saved.error().message;
}

// ---- creation ---------------------------------------------------------------------------------------

TEST_F(SdlPainterTest, MissingFontIsRefusedWithItsPath) {
    FontFiles fonts = dejavu;
    fonts.bold = folder / "NoSuchFont-Bold.ttf";
    const auto created = SdlPainter::create(renderer.get(), fonts);
    ASSERT_FALSE(created);
    EXPECT_NE(created.error().message.find("NoSuchFont-Bold.ttf"), std::string::npos)
        << created.error().message;
}

TEST_F(SdlPainterTest, NoRendererIsRefused) {
    EXPECT_FALSE(SdlPainter::create(nullptr, dejavu));
}

TEST_F(SdlPainterTest, MovedPainterKeepsPainting) {
    SdlPainter moved = std::move(*painter);
    painter.reset();
    moved.paint(scene_with({plain_panel(Rect{0, 0, 50, 50}, panel_colour)}));
    EXPECT_EQ(read_pixels().at(25, 25), panel_colour);
}

// ---- on a window ------------------------------------------------------------------------------------

TEST_F(SdlPainterTest, PaintsOnAnOffscreenWindow) {
    // The software renderer draws into the window's own surface. Without this hint SDL would back that
    // surface with an OpenGL ES renderer, loading EGL libraries whose allocations LeakSanitizer (asan
    // preset) reports once they are unloaded.
    SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
    const std::unique_ptr<SDL_Window, WindowDestroyer> window(
        SDL_CreateWindow("kiosk test", SDL_WINDOWPOS_UNDEFINED, SDL_WINDOWPOS_UNDEFINED, 320, 200, 0));
    ASSERT_TRUE(window) << SDL_GetError();
    const std::unique_ptr<SDL_Renderer, RendererDestroyer> window_renderer(
        SDL_CreateRenderer(window.get(), -1, SDL_RENDERER_SOFTWARE));
    ASSERT_TRUE(window_renderer) << SDL_GetError();
    {
        auto window_painter = SdlPainter::create(window_renderer.get(), dejavu);
        ASSERT_TRUE(window_painter) << window_painter.error().message;
        window_painter->paint(
            Scene{"window", 320, 200, background, {plain_panel(Rect{10, 10, 100, 50}, panel_colour)}, {}});
        const std::filesystem::path file = folder / "window.png";
        const auto saved = window_painter->save_screenshot(file);
        ASSERT_TRUE(saved) << saved.error().message;
        const auto decoded = printing::read_png_rgb_file(file);
        ASSERT_TRUE(decoded) << decoded.error().message;
        ASSERT_EQ(decoded->width, 320U);
        ASSERT_EQ(decoded->height, 200U);
        const auto colour_at = [&](std::size_t x, std::size_t y) {
            const std::size_t offset = (y * 320 + x) * 3;
            return Colour{decoded->pixels[offset], decoded->pixels[offset + 1], decoded->pixels[offset + 2]};
        };
        EXPECT_EQ(colour_at(50, 30), panel_colour);
        EXPECT_EQ(colour_at(200, 150), background);
    }
}

} // namespace
} // namespace checkin::kiosk
