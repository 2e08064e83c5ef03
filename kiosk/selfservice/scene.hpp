#pragma once

// What one frame of the kiosk shows, as plain data: coloured panels, blocks of text, pictures and the
// touch targets on them. The layouts (screen_layout.hpp, staff_layout.hpp) make Scenes from the Flow's
// and the staff mode's models without any I/O; the SDL painter (sdl_painter.hpp) draws them; a touch is
// mapped back to a button with Scene::button_at. So what is on screen is tested without a display, and
// the painter knows nothing about check-ins.

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <numbers>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace checkin::kiosk {

struct Colour {
    std::uint8_t red = 0;
    std::uint8_t green = 0;
    std::uint8_t blue = 0;

    friend bool operator==(const Colour&, const Colour&) = default;
};

// Pixels, origin at the top left of the screen.
struct Rect {
    int x = 0;
    int y = 0;
    int width = 0;
    int height = 0;

    bool contains(int point_x, int point_y) const {
        return point_x >= x && point_x < x + width && point_y >= y && point_y < y + height;
    }
    int centre_x() const { return x + width / 2; }
    int centre_y() const { return y + height / 2; }

    friend bool operator==(const Rect&, const Rect&) = default;
};

// A filled rectangle, optionally with rounded corners and a border (buttons, cards, the status band).
struct Panel {
    Rect box;
    Colour fill;
    int corner_radius = 0;
    std::optional<Colour> border;
    int border_width = 0;

    friend bool operator==(const Panel&, const Panel&) = default;
};

enum class TextAlign { left, centre, right };
enum class FontWeight { regular, bold };
enum class VerticalAlign { top, middle };

// A block of UTF-8 text drawn inside `box`. The painter wraps it at spaces to the box's width; when it
// still does not fit (a very long name), it lowers the size step by step down to `minimum_font_px`, and
// only then lets the last line be cut with "…". It never draws outside the box.
struct TextBlock {
    std::string text;
    Rect box;
    int font_px = 32; // the font's pixel size (TTF point size at 72 dpi)
    int minimum_font_px = 32;
    FontWeight weight = FontWeight::regular;
    Colour colour;
    TextAlign align = TextAlign::centre;
    VerticalAlign vertical = VerticalAlign::top;

    friend bool operator==(const TextBlock&, const TextBlock&) = default;
};

// A PNG file (the badge just printed, as the simulated printer wrote it) scaled to fit `box` with its
// aspect kept, centred, on a white card with a thin border. A file that cannot be read leaves the box
// empty (the painter logs it once).
struct Picture {
    Rect box;
    std::filesystem::path file;

    friend bool operator==(const Picture&, const Picture&) = default;
};

// A bar that empties as a screen's time runs out, so a delegate sees the screen is about to close by
// itself. The scene holds the times, not a fraction, so the scene stays the same while the bar moves (the
// painter draws the part left at the time it paints; a screenshot shows it full). Drawn as an outline
// of `outline` around `box`, inside it `empty`, and over that, from the left, the part left in `fill`.
struct Countdown {
    Rect box;
    Colour fill;
    Colour empty;
    Colour outline;
    int outline_width = 0;
    std::chrono::steady_clock::time_point starts_at{};
    std::chrono::steady_clock::time_point ends_at{};

    // The part of the time left at `now`, 0 to 1 (1 before it starts, 0 from its end on).
    double left_at(std::chrono::steady_clock::time_point now) const {
        if (ends_at <= starts_at || now >= ends_at) {
            return now >= ends_at ? 0.0 : 1.0;
        }
        if (now <= starts_at) {
            return 1.0;
        }
        return std::chrono::duration<double>(ends_at - now) /
               std::chrono::duration<double>(ends_at - starts_at);
    }

    friend bool operator==(const Countdown&, const Countdown&) = default;
};

// Something is under way and its end is not known (staff mode waiting for the mirror or the printer): a ring
// of `dot_count` dots in `track`, with the head dot and a short tail in `colour` going round. Like a
// Countdown the scene holds no phase, so it stays the same while the ring turns: the painter draws the
// phase at the time it paints (phase_at), and a screenshot, drawn without a time, shows phase 0 (the head
// dot at the top).
struct Spinner {
    Rect box; // the ring fills the largest centred square in it
    Colour colour;
    Colour track;

    static constexpr int dot_count = 8;
    static constexpr std::chrono::milliseconds step{125}; // one turn a second

    // Which dot is the head at `now`: 0 at the top, then clockwise.
    static int phase_at(std::chrono::steady_clock::time_point now) {
        const auto steps =
            std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()) / step;
        return static_cast<int>(((steps % dot_count) + dot_count) % dot_count);
    }

    // Dot `index`'s square (0 at the top, then clockwise), inside the ring's square; the painter draws it
    // round. Dots are a fifth of the ring's size: big enough to see turning, and eight of them round the
    // ring still apart.
    Rect dot(int index) const {
        const int side = std::min(box.width, box.height);
        const int dot_side = std::max(2, side / 5);
        const double radius = (side - dot_side) / 2.0;
        const double angle = 2.0 * std::numbers::pi * index / dot_count;
        const double centre_x = box.x + box.width / 2.0 + radius * std::sin(angle);
        const double centre_y = box.y + box.height / 2.0 - radius * std::cos(angle);
        return Rect{static_cast<int>(std::lround(centre_x - dot_side / 2.0)),
                    static_cast<int>(std::lround(centre_y - dot_side / 2.0)), dot_side, dot_side};
    }
    // Whether dot `index` is drawn in `colour` when the head is at `phase`: the head and the two before it.
    static bool lit(int index, int phase) {
        const int behind = ((phase - index) % dot_count + dot_count) % dot_count;
        return behind <= 2;
    }

    friend bool operator==(const Spinner&, const Spinner&) = default;
};

using SceneElement = std::variant<Panel, TextBlock, Picture, Countdown, Spinner>;

// A touch target. Drawn by the panels and texts the layout puts under it; the button itself is only
// the area and the id the staff mode or the Flow understands.
struct Button {
    std::string id;
    Rect box;

    friend bool operator==(const Button&, const Button&) = default;
};

struct Scene {
    std::string name; // the state it shows, for screenshots and logs: "welcome", "staff-search"
    int width = 0;
    int height = 0;
    Colour background;
    std::vector<SceneElement> elements; // drawn in order
    std::vector<Button> buttons;        // a later button lies over an earlier one

    // The topmost button under the point, or nullptr.
    const Button* button_at(int x, int y) const {
        for (auto it = buttons.rbegin(); it != buttons.rend(); ++it) {
            if (it->box.contains(x, y)) {
                return &*it;
            }
        }
        return nullptr;
    }
    const Button* find_button(std::string_view id) const {
        for (const Button& button : buttons) {
            if (button.id == id) {
                return &button;
            }
        }
        return nullptr;
    }

    friend bool operator==(const Scene&, const Scene&) = default;
};

} // namespace checkin::kiosk
