#include "kiosk/selfservice/screen_layout.hpp"

#include "kiosk/selfservice/layout_metrics.hpp"
#include "kiosk/selfservice/theme.hpp"

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <string>
#include <vector>

namespace checkin::kiosk {
namespace {

struct Metrics {
    int width = 0;
    int height = 0;
    TypeScale type;
    int margin = 0;        // from the screen's edges
    int gap = 0;           // between text blocks
    int band_padding = 0;  // above and below the text in a band
    int button_width = 0;  // the language switch, at least
    int button_height = 0; // ≥ 96 at 1080: well above WCAG 2.5.5's 44 CSS pixels for a standing reader
    int button_padding = 0;
    int border_width = 0;
    int corner_radius = 0;
    // Where a screen's texts and picture go: below the staff corner (so nothing is drawn in it) and above
    // the language switch (so no text runs under it).
    Rect content;
};

// Lengths are given for the 1080-pixel reference screen and scaled like the type (theme.hpp): with the
// screen's shorter side, never below a 720-pixel screen's (layout_metrics.hpp says why).
Metrics metrics_for(int width, int height) {
    Metrics metrics;
    metrics.width = width;
    metrics.height = height;
    metrics.type = type_scale(std::min(width, height));
    metrics.margin = scaled_to_shorter_side(48, width, height);
    metrics.gap = scaled_to_shorter_side(24, width, height);
    metrics.band_padding = scaled_to_shorter_side(40, width, height);
    metrics.button_width = scaled_to_shorter_side(280, width, height);
    metrics.button_height = scaled_to_shorter_side(112, width, height);
    metrics.button_padding = scaled_to_shorter_side(24, width, height);
    metrics.border_width = scaled_to_shorter_side(3, width, height);
    metrics.corner_radius = scaled_to_shorter_side(16, width, height);
    const Rect corner = staff_corner(width, height);
    const int top = corner.y + corner.height + metrics.gap;
    const int bottom = height - metrics.margin - metrics.button_height - metrics.gap;
    metrics.content =
        Rect{metrics.margin, top, std::max(0, width - 2 * metrics.margin), std::max(0, bottom - top)};
    return metrics;
}

// --- Estimating how much room a text takes ----------------------------------------------------------------
//
// The layout cannot measure glyphs (that is the painter's business), so it takes the shared estimate
// (layout_metrics.hpp) and widens it by a safety margin: these screens are read from 1.5 m, and a box had
// rather be a line too tall than the painter's text shrunk below its size. (The staff layout uses the
// estimate as it is: staff read from arm's length, and the painter shrinks or cuts a label that does not
// fit.)
constexpr int width_margin_percent = 104;
// Where the painter wraps, the gap between two words is one space: 0.318 em in DejaVu Sans. The shared
// estimate counts a space inside a label like a lower-case letter, which would wrap a sentence too early.
constexpr int space_advance_em_thousandths = 310;

// Widths below are in hundred-thousandths of a pixel (em thousandths × font_px × margin percent), so that
// a line's words add up without rounding on the way.
constexpr std::int64_t units_per_pixel = 100'000;

std::int64_t margined_width(std::string_view text, int font_px, FontWeight weight) {
    return std::int64_t{estimated_text_width_em_thousandths(text, weight)} * font_px * width_margin_percent;
}

int estimated_width(std::string_view text, int font_px, FontWeight weight) {
    return static_cast<int>((margined_width(text, font_px, weight) + units_per_pixel - 1) / units_per_pixel);
}

// The lines the painter's wrapping at spaces would give.
int estimated_lines(std::string_view text, int font_px, FontWeight weight, int box_width) {
    if (box_width <= 0) {
        return 1;
    }
    const std::int64_t limit = std::int64_t{box_width} * units_per_pixel;
    const std::int64_t space = std::int64_t{space_advance_em_thousandths} * font_px * width_margin_percent;
    int lines = 1;
    std::int64_t line = 0;
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t end = std::min(text.find(' ', start), text.size());
        const std::int64_t word = margined_width(text.substr(start, end - start), font_px, weight);
        const std::int64_t with_word = line == 0 ? word : line + space + word;
        if (line > 0 && with_word > limit) {
            ++lines;
            line = word;
        } else {
            line = with_word;
        }
        // A word wider than the box (a long surname): counted as the lines it would fill, though the
        // painter shrinks it first.
        while (line > limit) {
            ++lines;
            line -= limit;
        }
        start = end + 1;
    }
    return lines;
}

int estimated_height(std::string_view text, int font_px, FontWeight weight, int box_width) {
    return estimated_lines(text, font_px, weight, box_width) * line_height(font_px);
}

// --- Stacks of text ----------------------------------------------------------------------------------------

struct StackEntry {
    std::string text;
    int font_px = 0;
    int minimum_font_px = 0;
    FontWeight weight = FontWeight::regular;
    Colour colour;
    int space_before = 0; // more than the usual gap above it (sets the demo hint apart)
};

struct Stack {
    std::vector<TextBlock> blocks;
    Rect bounds; // around all blocks
};

// The entries one under another, each as wide as `region`, the whole centred vertically in it. When they
// do not fit at their sizes, each box still gets the height its text needs at its minimum size (the
// painter shrinks the text into it); only when even that does not fit are the boxes cut in proportion
// (and the painter ends a last line with "…").
Stack stack_texts(const std::vector<StackEntry>& entries, Rect region, int gap) {
    int spacing = 0;
    std::vector<int> preferred;
    std::vector<int> smallest;
    for (std::size_t index = 0; index < entries.size(); ++index) {
        const StackEntry& entry = entries[index];
        if (index > 0) {
            spacing += gap + entry.space_before;
        }
        preferred.push_back(estimated_height(entry.text, entry.font_px, entry.weight, region.width));
        smallest.push_back(estimated_height(entry.text, entry.minimum_font_px, entry.weight, region.width));
    }
    const int available = std::max(0, region.height - spacing);
    const int preferred_total = std::accumulate(preferred.begin(), preferred.end(), 0);
    const int smallest_total = std::accumulate(smallest.begin(), smallest.end(), 0);

    std::vector<int> heights = preferred;
    if (preferred_total > available) {
        for (std::size_t index = 0; index < heights.size(); ++index) {
            if (smallest_total <= available) {
                const int room = available - smallest_total;
                const int wanted = preferred_total - smallest_total;
                heights[index] = smallest[index] + (preferred[index] - smallest[index]) * room / wanted;
            } else {
                heights[index] = smallest_total > 0 ? smallest[index] * available / smallest_total : 0;
            }
        }
    }

    const int total = spacing + std::accumulate(heights.begin(), heights.end(), 0);
    const int top = region.y + std::max(0, (region.height - total) / 2);
    Stack stack;
    stack.bounds = Rect{region.x, top, region.width, std::min(total, region.height)};
    int y = top;
    for (std::size_t index = 0; index < entries.size(); ++index) {
        const StackEntry& entry = entries[index];
        if (index > 0) {
            y += gap + entry.space_before;
        }
        stack.blocks.push_back(TextBlock{
            .text = entry.text,
            .box = Rect{region.x, y, region.width, heights[index]},
            .font_px = entry.font_px,
            .minimum_font_px = entry.minimum_font_px,
            .weight = entry.weight,
            .colour = entry.colour,
            .align = TextAlign::centre,
            .vertical = VerticalAlign::middle,
        });
        y += heights[index];
    }
    return stack;
}

void add_texts(Scene& scene, const Stack& stack) {
    for (const TextBlock& block : stack.blocks) {
        scene.elements.emplace_back(block);
    }
}

Rect inset_vertically(Rect rect, int amount) {
    return Rect{rect.x, rect.y + amount, rect.width, std::max(0, rect.height - 2 * amount)};
}

// How a screen's heading and details look: sizes, weight and colour.
struct TextStyle {
    int heading_px = 0;
    int heading_minimum_px = 0;
    int detail_px = 0;
    Colour colour;
};

std::vector<StackEntry> heading_and_details(const ScreenModel& model, const TextStyle& style,
                                            const Metrics& metrics) {
    std::vector<StackEntry> entries;
    entries.push_back(StackEntry{render(model.heading, model.language), style.heading_px,
                                 style.heading_minimum_px, FontWeight::bold, style.colour});
    for (const Message& detail : model.details) {
        entries.push_back(StackEntry{render(detail, model.language), style.detail_px, metrics.type.small_px,
                                     FontWeight::regular, style.colour});
    }
    return entries;
}

// A plain rectangle of colour, without corners or border.
Panel band(Rect box, Colour fill) {
    Panel panel;
    panel.box = box;
    panel.fill = fill;
    return panel;
}

// A screen's texts on a full-width band of `fill` (the welcome, take-badge and refusal screens): the
// colour says at a glance how it went, the text says what to do.
void add_banded_texts(Scene& scene, const std::vector<StackEntry>& entries, Colour fill,
                      const Metrics& metrics) {
    const Stack stack =
        stack_texts(entries, inset_vertically(metrics.content, metrics.band_padding), metrics.gap);
    scene.elements.emplace_back(band(Rect{0, stack.bounds.y - metrics.band_padding, metrics.width,
                                          stack.bounds.height + 2 * metrics.band_padding},
                                     fill));
    add_texts(scene, stack);
}

// The event's name in the screen's language: the English one where the configuration gives one, else
// the roster's (Polish) name, which beats no name at all.
const std::string& event_title(const FlowSceneExtras& extras, Language language) {
    return language == Language::en && !extras.event_name_english.empty() ? extras.event_name_english
                                                                          : extras.event_name;
}

// The colours of a band's countdown: the band's text colour for the outline and the time left, the band's
// own colour for the time gone, so both keep the text's contrast (theme tests).
struct BandColours {
    Colour fill;
    Colour text;
};

// Texts on a band with, under them, a countdown bar that empties until `model.ends_at` (result screens
// that end by themselves): the bar tells a delegate the screen will close without them.
void add_banded_texts_with_countdown(Scene& scene, const std::vector<StackEntry>& entries,
                                     const ScreenModel& model, BandColours colours, const Metrics& metrics) {
    if (!model.ends_at) {
        add_banded_texts(scene, entries, colours.fill, metrics);
        return;
    }
    const int bar_height =
        std::max(metrics.border_width * 4, scaled_to_shorter_side(20, metrics.width, metrics.height));
    Rect region = inset_vertically(metrics.content, metrics.band_padding);
    region.height = std::max(0, region.height - metrics.gap - bar_height);
    const Stack stack = stack_texts(entries, region, metrics.gap);
    const int bar_y = stack.bounds.y + stack.bounds.height + metrics.gap;
    scene.elements.emplace_back(
        band(Rect{0, stack.bounds.y - metrics.band_padding, metrics.width,
                  stack.bounds.height + metrics.gap + bar_height + 2 * metrics.band_padding},
             colours.fill));
    add_texts(scene, stack);
    const int bar_width = metrics.width / 2;
    scene.elements.emplace_back(Countdown{
        .box = Rect{(metrics.width - bar_width) / 2, bar_y, bar_width, bar_height},
        .fill = colours.text,
        .empty = colours.fill,
        .outline = colours.text,
        .outline_width = metrics.border_width,
        .starts_at = model.entered_at,
        .ends_at = *model.ends_at,
    });
}

// A refusal or a problem: the next step first and largest, then what happened, then the hint that a touch
// closes the screen.
// `colour`: the band's text colour (the refusal band's, or the welcome's for a pre-printed badge).
std::vector<StackEntry> refusal_entries(const ScreenModel& model, const Metrics& metrics, Colour colour) {
    const TypeScale& type = metrics.type;
    std::vector<StackEntry> entries;
    if (model.next_step) {
        entries.push_back(StackEntry{render(*model.next_step, model.language), type.heading_px, type.body_px,
                                     FontWeight::bold, colour});
    }
    // Without a next step the heading is the screen's large line, as elsewhere.
    const bool heading_leads = !model.next_step;
    entries.push_back(StackEntry{render(model.heading, model.language),
                                 heading_leads ? type.heading_px : type.body_px,
                                 heading_leads ? type.body_px : type.small_px, FontWeight::bold, colour});
    for (const Message& detail : model.details) {
        entries.push_back(StackEntry{render(detail, model.language), type.body_px, type.small_px,
                                     FontWeight::regular, colour});
    }
    entries.push_back(StackEntry{render(Message{MessageId::touch_to_close, {}}, model.language),
                                 type.small_px, type.small_px, FontWeight::regular, colour, metrics.gap});
    return entries;
}

MessageId badge_exit_message(BadgeExit exit) {
    switch (exit) {
    case BadgeExit::left:
        return MessageId::badge_exit_left;
    case BadgeExit::right:
        return MessageId::badge_exit_right;
    case BadgeExit::below:
        break;
    }
    return MessageId::badge_exit_below;
}

void layout_attract(Scene& scene, const ScreenModel& model, const FlowSceneExtras& extras,
                    const Metrics& metrics) {
    const Theme& theme = kiosk_theme();
    const TypeScale& type = metrics.type;
    std::vector<StackEntry> entries;
    if (const std::string& title = event_title(extras, model.language); !title.empty()) {
        entries.push_back(StackEntry{title, type.title_px, type.body_px, FontWeight::bold, theme.text});
    }
    // Apart from the event's name, so the instruction stands out as the thing to do.
    entries.push_back(StackEntry{render(model.heading, model.language), type.heading_px, type.body_px,
                                 FontWeight::bold, theme.text, entries.empty() ? 0 : 2 * metrics.gap});
    for (const Message& detail : model.details) {
        entries.push_back(StackEntry{render(detail, model.language), type.body_px, type.small_px,
                                     FontWeight::regular, theme.muted_text});
    }
    if (extras.demo) {
        entries.push_back(StackEntry{render(Message{MessageId::demo_scan_hint, {}}, model.language),
                                     type.small_px, type.small_px, FontWeight::regular, theme.muted_text,
                                     2 * metrics.gap});
        if (!extras.demo_staff_pin.empty()) {
            const Message staff_hint{MessageId::demo_staff_hint,
                                     {MessageParameter{"pin", extras.demo_staff_pin}}};
            entries.push_back(StackEntry{render(staff_hint, model.language), type.small_px, type.small_px,
                                         FontWeight::regular, theme.muted_text});
        }
    }
    add_texts(scene, stack_texts(entries, metrics.content, metrics.gap));
}

// take_badge with the badge just printed: the text on the left half and the badge on the right, or on a
// portrait screen the text above and the badge below.
void layout_take_badge_with_preview(Scene& scene, const std::vector<StackEntry>& entries,
                                    const std::filesystem::path& preview, const Metrics& metrics) {
    const Theme& theme = kiosk_theme();
    const Rect content = metrics.content;
    scene.elements.emplace_back(band(Rect{0, content.y, metrics.width, content.height}, theme.success_fill));
    const Rect inside = inset_vertically(content, metrics.band_padding);
    Rect text_region;
    Rect picture_box;
    if (metrics.width >= metrics.height) {
        const int half = (inside.width - metrics.gap) / 2;
        text_region = Rect{inside.x, inside.y, half, inside.height};
        picture_box =
            Rect{inside.x + half + metrics.gap, inside.y, inside.width - half - metrics.gap, inside.height};
    } else {
        const int text_height = (inside.height - metrics.gap) * 2 / 5;
        text_region = Rect{inside.x, inside.y, inside.width, text_height};
        picture_box = Rect{inside.x, inside.y + text_height + metrics.gap, inside.width,
                           inside.height - text_height - metrics.gap};
    }
    add_texts(scene, stack_texts(entries, text_region, metrics.gap));
    scene.elements.emplace_back(Picture{picture_box, preview});
}

// Bottom right, naming the other language in that language ("English" on a Polish screen).
void add_language_button(Scene& scene, const ScreenModel& model, const Metrics& metrics) {
    const Theme& theme = kiosk_theme();
    const std::string label = render(model.language_switch, model.language);
    const int inner_padding = metrics.border_width + metrics.button_padding;
    const int width =
        std::max(metrics.button_width,
                 estimated_width(label, metrics.type.button_px, FontWeight::bold) + 2 * inner_padding);
    const Rect box{metrics.width - metrics.margin - width,
                   metrics.height - metrics.margin - metrics.button_height, width, metrics.button_height};
    scene.elements.emplace_back(Panel{
        .box = box,
        .fill = theme.button_fill,
        .corner_radius = metrics.corner_radius,
        .border = theme.button_border,
        .border_width = metrics.border_width,
    });
    scene.elements.emplace_back(TextBlock{
        .text = label,
        .box = Rect{box.x + inner_padding, box.y + inner_padding, box.width - 2 * inner_padding,
                    box.height - 2 * inner_padding},
        .font_px = metrics.type.button_px,
        .minimum_font_px = metrics.type.small_px,
        .weight = FontWeight::bold,
        .colour = theme.button_text,
        .align = TextAlign::centre,
        .vertical = VerticalAlign::middle,
    });
    scene.buttons.push_back(Button{std::string(language_button_id), box});
}

// A button of the self-service screens: a bordered panel with a bold label, and its touch target.
void add_button(Scene& scene, std::string id, Rect box, const std::string& label, const Metrics& metrics,
                bool primary = false) {
    const Theme& theme = kiosk_theme();
    const int inner_padding = metrics.border_width + metrics.button_padding / 2;
    scene.elements.emplace_back(Panel{
        .box = box,
        .fill = primary ? theme.success_fill : theme.button_fill,
        .corner_radius = metrics.corner_radius,
        .border = theme.button_border,
        .border_width = metrics.border_width,
    });
    scene.elements.emplace_back(TextBlock{
        .text = label,
        .box = Rect{box.x + inner_padding, box.y + inner_padding, std::max(1, box.width - 2 * inner_padding),
                    std::max(1, box.height - 2 * inner_padding)},
        .font_px = metrics.type.button_px,
        .minimum_font_px = metrics.type.small_px,
        .weight = FontWeight::bold,
        .colour = primary ? theme.success_text : theme.button_text,
        .align = TextAlign::centre,
        .vertical = VerticalAlign::middle,
    });
    scene.buttons.push_back(Button{std::move(id), box});
}

// The least height of a touch target: the language switch's minimum, 96 pixels at 1080.
int minimum_target(const Metrics& metrics) {
    return scaled_to_shorter_side(96, metrics.width, metrics.height);
}

// A button in the bottom row, at the left (the language switch is at the right).
void add_bottom_left_button(Scene& scene, std::string_view id, const std::string& label,
                            const Metrics& metrics, int least_width) {
    const int inner_padding = metrics.border_width + metrics.button_padding;
    const int width = std::max(least_width, estimated_width(label, metrics.type.button_px, FontWeight::bold) +
                                                2 * inner_padding);
    add_button(scene, std::string(id),
               Rect{metrics.margin, metrics.height - metrics.margin - metrics.button_height, width,
                    metrics.button_height},
               label, metrics);
}

// The heading and hint of a find-yourself screen in `region`, centred.
void add_find_texts(Scene& scene, const ScreenModel& model, Rect region, const Metrics& metrics) {
    const Theme& theme = kiosk_theme();
    const TypeScale& type = metrics.type;
    std::vector<StackEntry> entries;
    entries.push_back(StackEntry{render(model.heading, model.language), type.heading_px, type.small_px,
                                 FontWeight::bold, theme.text});
    for (const Message& detail : model.details) {
        entries.push_back(StackEntry{render(detail, model.language), type.small_px, type.small_px,
                                     FontWeight::regular, theme.muted_text});
    }
    add_texts(scene, stack_texts(entries, region, metrics.gap / 2));
}

// find_surname, find_first_name: the heading, the field with what is typed, and the keyboard under it.
void layout_name_keyboard(Scene& scene, const ScreenModel& model, const Metrics& metrics) {
    const Theme& theme = kiosk_theme();
    const Rect content = metrics.content;
    const int key_gap = std::max(4, metrics.gap / 2);
    const std::vector<std::vector<std::string>> rows = name_keyboard_rows();
    constexpr int columns = 10;
    const int row_count = static_cast<int>(rows.size()) + 1; // + space and search
    const int field_height = minimum_target(metrics);
    // The keys take what the heading, its hint and the field leave, between the minimum target and the
    // buttons' height.
    const int header_least = line_height(metrics.type.small_px) * 2 + metrics.gap;
    const int room =
        content.height - header_least - field_height - 2 * metrics.gap - (row_count - 1) * key_gap;
    const int key_height = std::clamp(room / row_count, minimum_target(metrics), metrics.button_height);
    const int key_width = std::min((content.width - (columns - 1) * key_gap) / columns, key_height * 2);
    const int keyboard_width = columns * key_width + (columns - 1) * key_gap;
    const int keyboard_height = row_count * key_height + (row_count - 1) * key_gap;
    const int left = content.x + (content.width - keyboard_width) / 2;
    const int keyboard_top = content.y + content.height - keyboard_height;
    const int field_top = keyboard_top - metrics.gap - field_height;

    add_find_texts(
        scene, model,
        Rect{content.x, content.y, content.width, std::max(1, field_top - metrics.gap - content.y)}, metrics);

    const Rect field{left, field_top, keyboard_width, field_height};
    scene.elements.emplace_back(Panel{
        .box = field,
        .fill = theme.background,
        .corner_radius = metrics.corner_radius,
        .border = theme.button_border,
        .border_width = metrics.border_width,
    });
    if (!model.typed.empty()) {
        const int inset = metrics.border_width + metrics.button_padding;
        scene.elements.emplace_back(TextBlock{
            .text = model.typed,
            .box = Rect{field.x + inset, field.y + metrics.border_width, field.width - 2 * inset,
                        field.height - 2 * metrics.border_width},
            .font_px = font_fitting(metrics.type.body_px, field.height - 2 * metrics.border_width,
                                    metrics.type.small_px),
            .minimum_font_px = metrics.type.small_px,
            .weight = FontWeight::bold,
            .colour = theme.text,
            .align = TextAlign::left,
            .vertical = VerticalAlign::middle,
        });
    }

    const auto key_box = [&](int row, int column, int units) {
        return Rect{left + column * (key_width + key_gap), keyboard_top + row * (key_height + key_gap),
                    units * key_width + (units - 1) * key_gap, key_height};
    };
    for (std::size_t row = 0; row < rows.size(); ++row) {
        int column = 0;
        for (const std::string& label : rows[row]) {
            std::string typed = label;
            if (typed.size() == 1 && typed[0] >= 'A' && typed[0] <= 'Z') {
                typed[0] = static_cast<char>(typed[0] - 'A' + 'a');
            }
            add_button(scene, std::string(name_key_prefix) + typed, key_box(static_cast<int>(row), column, 1),
                       label, metrics);
            ++column;
        }
        if (row + 1 == rows.size()) { // the last letter row ends with backspace
            add_button(scene, std::string(name_backspace_button_id),
                       key_box(static_cast<int>(row), column, columns - column),
                       render(Message{MessageId::key_backspace, {}}, model.language), metrics);
        }
    }
    const int last_row = static_cast<int>(rows.size());
    add_button(scene, std::string(name_space_button_id), key_box(last_row, 0, columns / 2),
               render(Message{MessageId::key_space, {}}, model.language), metrics);
    add_button(scene, std::string(name_search_button_id),
               key_box(last_row, columns / 2, columns - columns / 2),
               render(Message{MessageId::key_search, {}}, model.language), metrics, true);
}

// find_choose: the heading, then one row per match, first name (bold) beside organisation.
void layout_choices(Scene& scene, const ScreenModel& model, const Metrics& metrics) {
    const Theme& theme = kiosk_theme();
    const Rect content = metrics.content;
    const int row_gap = std::max(4, metrics.gap / 2);
    const int count = static_cast<int>(std::max<std::size_t>(model.choices.size(), 1));
    const int header =
        line_height(metrics.type.heading_px) + line_height(metrics.type.small_px) + metrics.gap;
    const int room = content.height - header - metrics.gap - (count - 1) * row_gap;
    const int row_height = std::clamp(room / static_cast<int>(maximum_name_matches), minimum_target(metrics),
                                      metrics.button_height);
    const int rows_height = count * row_height + (count - 1) * row_gap;
    const int rows_top = std::max(content.y + header + metrics.gap,
                                  content.y + (content.height - rows_height + header + metrics.gap) / 2);
    add_find_texts(scene, model,
                   Rect{content.x, content.y, content.width, std::max(1, rows_top - metrics.gap - content.y)},
                   metrics);
    const int inset = metrics.border_width + metrics.button_padding;
    for (std::size_t index = 0; index < model.choices.size(); ++index) {
        const NameChoice& choice = model.choices[index];
        const Rect row{content.x, rows_top + static_cast<int>(index) * (row_height + row_gap), content.width,
                       row_height};
        scene.elements.emplace_back(Panel{
            .box = row,
            .fill = theme.button_fill,
            .corner_radius = metrics.corner_radius,
            .border = theme.button_border,
            .border_width = metrics.border_width,
        });
        const int inner_width = row.width - 2 * inset;
        const int name_width = inner_width * 2 / 5;
        const Rect inner{row.x + inset, row.y + metrics.border_width, inner_width,
                         row.height - 2 * metrics.border_width};
        const int font = font_fitting(metrics.type.body_px, inner.height, metrics.type.small_px);
        if (!choice.first_name.empty()) {
            scene.elements.emplace_back(TextBlock{
                .text = choice.first_name,
                .box = Rect{inner.x, inner.y, name_width - metrics.gap, inner.height},
                .font_px = font,
                .minimum_font_px = metrics.type.small_px,
                .weight = FontWeight::bold,
                .colour = theme.button_text,
                .align = TextAlign::left,
                .vertical = VerticalAlign::middle,
            });
        }
        if (!choice.organisation.empty()) {
            scene.elements.emplace_back(TextBlock{
                .text = choice.organisation,
                .box = Rect{inner.x + name_width, inner.y, inner.width - name_width, inner.height},
                .font_px = std::max(metrics.type.small_px, font * 3 / 4),
                .minimum_font_px = metrics.type.small_px,
                .weight = FontWeight::regular,
                .colour = theme.button_text,
                .align = TextAlign::left,
                .vertical = VerticalAlign::middle,
            });
        }
        scene.buttons.push_back(Button{std::string(pick_prefix) + std::to_string(index), row});
    }
}

} // namespace

std::vector<std::vector<std::string>> name_keyboard_rows() {
    return {{"Q", "W", "E", "R", "T", "Y", "U", "I", "O", "P"},
            {"A", "S", "D", "F", "G", "H", "J", "K", "L", "-"},
            {"Z", "X", "C", "V", "B", "N", "M"}};
}

std::optional<FlowInput> flow_input_for_button(std::string_view id, FlowTime now) {
    if (id == language_button_id) {
        return ToggleLanguage{now};
    }
    if (id == dismiss_button_id) {
        return Dismiss{now};
    }
    if (id == find_by_name_button_id) {
        return FindByName{now};
    }
    if (id.starts_with(name_key_prefix)) {
        return NameTyping{NameKey::type, std::string(id.substr(name_key_prefix.size())), now};
    }
    if (id == name_space_button_id) {
        return NameTyping{NameKey::type, " ", now};
    }
    if (id == name_backspace_button_id) {
        return NameTyping{NameKey::backspace, {}, now};
    }
    if (id == name_search_button_id) {
        return NameTyping{NameKey::search, {}, now};
    }
    if (id == name_back_button_id) {
        return NameTyping{NameKey::back, {}, now};
    }
    if (id.starts_with(pick_prefix)) {
        const std::string_view digits = id.substr(pick_prefix.size());
        if (digits.size() == 1 && digits[0] >= '0' && digits[0] <= '9') {
            return PickMatch{static_cast<std::size_t>(digits[0] - '0'), now};
        }
    }
    return std::nullopt;
}

Scene layout_flow_screen(const ScreenModel& model, const FlowSceneExtras& extras, int width, int height) {
    const Theme& theme = kiosk_theme();
    const Metrics metrics = metrics_for(width, height);
    const TypeScale& type = metrics.type;

    Scene scene;
    scene.name = std::string(to_string(model.screen));
    scene.width = width;
    scene.height = height;
    scene.background = theme.background;
    if (is_result_screen(model.screen)) {
        // First, so every other button lies over it.
        scene.buttons.push_back(Button{std::string(dismiss_button_id), Rect{0, 0, width, height}});
    }

    switch (model.screen) {
    case Screen::attract:
        layout_attract(scene, model, extras, metrics);
        if (model.find_by_name) {
            add_bottom_left_button(scene, find_by_name_button_id,
                                   render(Message{MessageId::find_by_name_button, {}}, model.language),
                                   metrics, 2 * metrics.button_width);
        }
        break;
    case Screen::find_surname:
    case Screen::find_first_name:
        layout_name_keyboard(scene, model, metrics);
        add_bottom_left_button(scene, name_back_button_id,
                               render(Message{MessageId::key_back, {}}, model.language), metrics,
                               metrics.button_width);
        break;
    case Screen::find_choose:
        layout_choices(scene, model, metrics);
        add_bottom_left_button(scene, name_back_button_id,
                               render(Message{MessageId::key_back, {}}, model.language), metrics,
                               metrics.button_width);
        break;
    case Screen::finding:
    case Screen::looking_up:
        add_texts(scene,
                  stack_texts(heading_and_details(
                                  model, {type.heading_px, type.body_px, type.body_px, theme.text}, metrics),
                              metrics.content, metrics.gap));
        break;
    case Screen::welcome:
        // The heading is "Witamy, Anna Kowalska!": the name, so it gets the title's size (a long name may
        // shrink to body size). "Printing your badge…" is nearly as large, so the delegate waits for it.
        add_banded_texts(
            scene,
            heading_and_details(model, {type.title_px, type.body_px, type.heading_px, theme.success_text},
                                metrics),
            theme.success_fill, metrics);
        break;
    case Screen::take_badge: {
        std::vector<StackEntry> entries = heading_and_details(
            model, {type.title_px, type.body_px, type.body_px, theme.success_text}, metrics);
        // Where to look next, right under "please take your badge", in bold so it reads as the step.
        entries.insert(entries.begin() + 1,
                       StackEntry{render(Message{badge_exit_message(extras.badge_exit), {}}, model.language),
                                  type.heading_px, type.body_px, FontWeight::bold, theme.success_text});
        if (extras.badge_preview) {
            layout_take_badge_with_preview(scene, entries, *extras.badge_preview, metrics);
        } else {
            add_banded_texts(scene, entries, theme.success_fill, metrics);
        }
        break;
    }
    case Screen::already_checked_in:
    case Screen::unknown_code:
    case Screen::cancelled:
    case Screen::not_registered_today:
    case Screen::unreadable_code:
    case Screen::printer_problem:
    case Screen::lookup_failed:
    case Screen::code_not_valid:
    case Screen::badge_code:
    case Screen::not_an_invitation:
    case Screen::find_not_found:
        add_banded_texts_with_countdown(scene, refusal_entries(model, metrics, theme.refusal_text), model,
                                        BandColours{theme.refusal_fill, theme.refusal_text}, metrics);
        break;
    case Screen::badge_at_reception:
        // Checked in, so the welcome's colours; laid out like a refusal, the errand first and largest.
        add_banded_texts_with_countdown(scene, refusal_entries(model, metrics, theme.success_text), model,
                                        BandColours{theme.success_fill, theme.success_text}, metrics);
        break;
    }

    add_language_button(scene, model, metrics);
    return scene;
}

std::string_view to_string(BadgeExit exit) {
    switch (exit) {
    case BadgeExit::below:
        return "below";
    case BadgeExit::left:
        return "left";
    case BadgeExit::right:
        return "right";
    }
    return "below";
}

Rect staff_corner(int width, int height) {
    const int size = std::min(width, height) * 12 / 100;
    return Rect{0, 0, size, size};
}

} // namespace checkin::kiosk
