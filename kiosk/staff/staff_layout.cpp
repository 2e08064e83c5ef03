#include "kiosk/staff/staff_layout.hpp"

#include "drivers/error.hpp"
#include "kiosk/selfservice/layout_metrics.hpp"
#include "kiosk/selfservice/theme.hpp"
#include "kiosk/staff/staff_messages.hpp"
#include "sync/roster/duplicate_checkins.hpp"
#include "sync/roster/event_days.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fmt/format.h>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace checkin::kiosk {
namespace {

// Sizes are given for the 1080-pixel reference screen and scaled with the screen's height, without the
// self-service screens' 720-pixel floor (layout_metrics.hpp says why). A button is 72 px tall there (touch
// targets of at least 64 px, with room to spare), 48 px on a 720-pixel screen, whose panels are smaller too.
constexpr int reference_button_height = 72;
constexpr int reference_margin = 24;
constexpr int reference_gap = 12;

// Events on a card: the newest few, as many as the card has room for.
constexpr std::size_t card_events_max = 8;
// A card's long values (organisation, voivodeship, arrivals) wrap onto at most this many lines.
constexpr int card_value_lines_max = 3;
// Search hits shown: StaffMode asks for at most 8.
constexpr std::size_t hits_max = 8;

// Widths of buttons, tabs and columns come from the shared estimate (layout_metrics.hpp) as it is, with no
// safety margin: the painter shrinks or cuts a text that still does not fit.

// One line, or two when the text is estimated not to fit `width` (long sentences wrap once; the painter
// shrinks or cuts anything longer).
int lines_for(std::string_view text, int font_px, int width, FontWeight weight = FontWeight::regular) {
    return estimated_text_width(text, font_px, weight) > width ? 2 : 1;
}

// The theme gives no text colour for the accent fill (the selected tab, the primary buttons); the theme's
// own text colours are tried first, and black or white is the last resort (one of them always clears 4.5:1).
Colour readable_text_on(Colour fill, const Theme& theme) {
    for (const Colour candidate : {theme.staff_panel, theme.staff_text, theme.button_text, theme.text}) {
        if (contrast_ratio(candidate, fill) >= wcag_aa_text) {
            return candidate;
        }
    }
    constexpr Colour white{255, 255, 255};
    constexpr Colour black{0, 0, 0};
    return contrast_ratio(white, fill) >= contrast_ratio(black, fill) ? white : black;
}

// The cancelled banner's red and its text: 7.3:1 (checked with every text by the layout tests).
constexpr Colour cancelled_fill{0xA4, 0x26, 0x2C};
constexpr Colour cancelled_text{0xFF, 0xFF, 0xFF};

// A countdown as minutes and seconds, "04:59" (StaffMode has already rounded it up to whole seconds).
std::string format_countdown(std::chrono::seconds left) {
    const long long seconds = std::max<long long>(0, left.count());
    return fmt::format("{:02}:{:02}", seconds / 60, seconds % 60);
}

std::string format_event_time(std::int64_t unix_milliseconds) {
    return format_clock_time(local_clock_time(unix_milliseconds));
}

// The on-screen keyboard's labels: what a key types with shift on. Mirrors StaffMode, which upper-cases
// the lower-case key argument itself when shift is on.
std::string upper_case_key(std::string_view key) {
    struct CasePair {
        std::string_view lower;
        std::string_view upper;
    };
    static constexpr std::array<CasePair, 9> polish_letters{{{"ą", "Ą"},
                                                             {"ć", "Ć"},
                                                             {"ę", "Ę"},
                                                             {"ł", "Ł"},
                                                             {"ń", "Ń"},
                                                             {"ó", "Ó"},
                                                             {"ś", "Ś"},
                                                             {"ź", "Ź"},
                                                             {"ż", "Ż"}}};
    if (key.size() == 1 && key[0] >= 'a' && key[0] <= 'z') {
        return std::string(1, static_cast<char>(key[0] - 'a' + 'A'));
    }
    const auto letter = std::ranges::find(polish_letters, key, &CasePair::lower);
    return std::string(letter != polish_letters.end() ? letter->upper : key);
}

enum class ButtonStyle {
    normal,   // button_fill
    primary,  // staff_accent: the step that finishes a screen's task
    selected, // staff_accent: the current tab, shift when on
    warning,  // staff_warning: an action that takes something back (undo)
};

struct ButtonSpec {
    StaffAction action;
    std::string argument;
    std::string label;
    ButtonStyle style = ButtonStyle::normal;
    int font_px = 0; // 0: the type scale's button size
};

// The scene being built, with the screen's sizes and the view's language at hand.
class StaffSceneBuilder {
public:
    StaffSceneBuilder(const StaffView& view, int width, int height)
        : m_view(view), m_theme(kiosk_theme()), m_type(type_scale(height)) {
        m_scene.name = std::string(to_string(view.screen));
        m_scene.width = width;
        m_scene.height = height;
        m_scene.background = m_theme.staff_background;
        margin = scaled_to_height(reference_margin, height);
        gap = std::max(4, scaled_to_height(reference_gap, height));
        button_height = scaled_to_height(reference_button_height, height);
        button_font = font_fitting(m_type.button_px, button_height - 8, m_type.small_px);
        small_line = line_height(m_type.small_px);
        body_line = line_height(m_type.body_px);
    }

    const StaffView& view() const { return m_view; }
    const Theme& theme() const { return m_theme; }
    const TypeScale& type() const { return m_type; }
    int width() const { return m_scene.width; }
    int height() const { return m_scene.height; }

    std::string text(StaffMessageId id, const std::vector<MessageParameter>& parameters = {}) const {
        return render_staff(id, m_view.language, parameters);
    }

    void add_panel(Rect box, Colour fill, std::optional<Colour> border = std::nullopt, int border_width = 0) {
        if (box.width <= 0 || box.height <= 0) {
            return;
        }
        m_scene.elements.emplace_back(Panel{.box = box,
                                            .fill = fill,
                                            .corner_radius = gap / 2,
                                            .border = border,
                                            .border_width = border ? border_width : 0});
    }

    // A round dot (the PIN pad's entered digits).
    void add_dot(Rect box, Colour fill) {
        m_scene.elements.emplace_back(Panel{box, fill, box.width / 2, std::nullopt, 0});
    }

    void add_text(std::string text, Rect box, int font_px, Colour colour, TextAlign align = TextAlign::left,
                  FontWeight weight = FontWeight::regular, VerticalAlign vertical = VerticalAlign::middle) {
        if (text.empty() || box.width <= 0 || box.height <= 0) {
            return;
        }
        const int font = std::max(font_px, m_type.small_px);
        m_scene.elements.emplace_back(TextBlock{.text = std::move(text),
                                                .box = box,
                                                .font_px = font,
                                                .minimum_font_px = m_type.small_px,
                                                .weight = weight,
                                                .colour = colour,
                                                .align = align,
                                                .vertical = vertical});
    }

    // A text on the staff background (headings, lines of the device panel, statistics).
    void add_screen_text(std::string text, Rect box, int font_px, TextAlign align = TextAlign::left,
                         FontWeight weight = FontWeight::regular) {
        add_text(std::move(text), box, font_px, m_theme.staff_text, align, weight);
    }

    void add_button(const ButtonSpec& spec, Rect box) {
        if (box.width <= 0 || box.height <= 0) {
            return;
        }
        Colour fill = m_theme.button_fill;
        Colour label = m_theme.button_text;
        std::optional<Colour> border = m_theme.button_border;
        switch (spec.style) {
        case ButtonStyle::normal:
            break;
        case ButtonStyle::primary:
        case ButtonStyle::selected:
            fill = m_theme.staff_accent;
            label = readable_text_on(fill, m_theme);
            border = std::nullopt;
            break;
        case ButtonStyle::warning:
            fill = m_theme.staff_warning_fill;
            label = m_theme.staff_warning_text;
            border = m_theme.staff_warning_text;
            break;
        }
        add_panel(box, fill, border, border ? std::max(1, gap / 4) : 0);
        const int inset = std::max(2, gap / 2);
        add_text(spec.label, Rect{box.x + inset, box.y, box.width - 2 * inset, box.height},
                 font_fitting(spec.font_px > 0 ? spec.font_px : button_font, box.height - 4, m_type.small_px),
                 label, TextAlign::centre);
        m_scene.buttons.push_back(Button{staff_button_id(spec.action, spec.argument), box});
    }

    // A picture file (the badge's preview), scaled into `box` by the painter with its aspect kept.
    void add_picture(const std::filesystem::path& file, Rect box) {
        if (box.width > 0 && box.height > 0) {
            m_scene.elements.emplace_back(Picture{box, file});
        }
    }

    // A touch target over what is already drawn (a search hit's row).
    void add_touch_area(StaffAction action, std::string_view argument, Rect box) {
        m_scene.buttons.push_back(Button{staff_button_id(action, argument), box});
    }

    // The width a button needs for its label.
    int button_width(std::string_view label, int minimum_width = 0, int font_px = 0) const {
        const int font = font_px > 0 ? font_px : button_font;
        return std::max(minimum_width, estimated_text_width(label, font) + font);
    }

    // Buttons side by side in `area` (one button high), each as wide as its label needs, packed to the
    // right or the left; when they need more than the area, every one narrows in proportion (the painter
    // shrinks the labels).
    void add_button_row(const std::vector<ButtonSpec>& specs, Rect area, TextAlign pack) {
        if (specs.empty()) {
            return;
        }
        std::vector<int> widths;
        int total = gap * static_cast<int>(specs.size() - 1);
        for (const ButtonSpec& spec : specs) {
            widths.push_back(button_width(spec.label, button_height * 2, spec.font_px));
            total += widths.back();
        }
        if (total > area.width) {
            const int available = area.width - gap * static_cast<int>(specs.size() - 1);
            const int needed = total - gap * static_cast<int>(specs.size() - 1);
            total = area.width;
            for (int& width : widths) {
                width = width * available / needed;
            }
        }
        int x = pack == TextAlign::right    ? area.x + area.width - total
                : pack == TextAlign::centre ? area.x + (area.width - total) / 2
                                            : area.x;
        for (std::size_t index = 0; index < specs.size(); ++index) {
            add_button(specs[index], Rect{x, area.y, widths[index], area.height});
            x += widths[index] + gap;
        }
    }

    // A text field: a white box, with the accent border and a caret when it has the focus; the whole box
    // is the focus_field button.
    void add_field(StaffField field, std::string_view value, Rect box) {
        const bool focused = m_view.focus == field;
        const int border_width = focused ? std::max(3, gap / 3) : std::max(1, gap / 6);
        add_panel(box, m_theme.staff_panel, focused ? m_theme.staff_accent : m_theme.staff_outline,
                  border_width);
        // The caret shows where typing goes; a field without focus shows only its text.
        std::string shown(value);
        if (focused) {
            shown += "|";
        }
        const int inset = border_width + gap;
        add_text(
            std::move(shown),
            Rect{box.x + inset, box.y + border_width, box.width - 2 * inset, box.height - 2 * border_width},
            font_fitting(m_type.body_px, box.height - 2 * border_width - 4, m_type.small_px),
            m_theme.staff_panel_text);
        add_touch_area(StaffAction::focus_field, to_string(field), box);
    }

    // A field with its label on the line above; returns the space used.
    int add_labelled_field(StaffField field, std::string label, std::string_view value, int x, int y,
                           int field_width) {
        add_screen_text(std::move(label), Rect{x, y, field_width, small_line}, m_type.small_px);
        add_field(field, value, Rect{x, y + small_line, field_width, button_height});
        return small_line + button_height;
    }

    // A sentence in a band: the view's notice (an error in the warning colours) or a plain status line.
    void add_banner(std::string text, Rect box, bool is_error) {
        const Colour fill = is_error ? m_theme.staff_warning_fill : m_theme.staff_panel;
        const Colour colour = is_error ? m_theme.staff_warning_text : m_theme.staff_panel_text;
        add_panel(box, fill, is_error ? std::optional<Colour>(m_theme.staff_warning_text) : std::nullopt,
                  is_error ? std::max(1, gap / 4) : 0);
        add_text(std::move(text), Rect{box.x + gap, box.y, box.width - 2 * gap, box.height}, m_type.small_px,
                 colour);
    }

    // Work under way: a spinner, and beside it the sentence (`text`, "Proszę czekać…") where it fits
    // whole; a sentence cut to "Pr…" says less than the spinner alone. The spinner is as tall as a line of
    // `font_px` (at most the box), at the start of the box for left and centre alignment (centred with the
    // text), at its end for right.
    void add_waiting(std::string text, Rect box, int font_px, Colour colour, TextAlign align,
                     FontWeight weight = FontWeight::regular) {
        const int side = std::min(box.height, std::max(line_height(font_px), 12));
        if (box.width < side || side <= 0) {
            return;
        }
        const int text_width = estimated_text_width(text, font_px, weight);
        const bool text_fits = !text.empty() && side + gap + text_width <= box.width;
        const int used = text_fits ? side + gap + text_width : side;
        int x = box.x;
        if (align == TextAlign::right) {
            x = box.x + box.width - used;
        } else if (align == TextAlign::centre) {
            x = box.x + (box.width - used) / 2;
        }
        m_scene.elements.emplace_back(Spinner{.box = Rect{x, box.y + (box.height - side) / 2, side, side},
                                              .colour = m_theme.staff_accent,
                                              .track = m_theme.staff_outline});
        if (text_fits) {
            // A little wider than the estimate, which can run short; the box still ends inside `box`.
            const int text_x = x + side + gap;
            add_text(std::move(text), Rect{text_x, box.y, box.x + box.width - text_x, box.height}, font_px,
                     colour, TextAlign::left, weight);
        }
    }

    Scene take() { return std::move(m_scene); }

    int margin = 0;
    int gap = 0;
    int button_height = 0;
    int button_font = 0;
    int small_line = 0;
    int body_line = 0;

private:
    const StaffView& m_view;
    const Theme& m_theme;
    TypeScale m_type;
    Scene m_scene;
};

// --- Shared parts ------------------------------------------------------------------------------------------

// How a delegate's state today looks: the card's banner says it in a sentence, a search hit's chip in a
// word or two, both in the same colours.
enum class ArrivalWording { banner, chip };
struct ArrivalLook {
    Colour fill;
    Colour text_colour;
    std::optional<Colour> border;
    std::string text;
};

// Nothing for an unknown state (the day is not known): nothing is said rather than a guess.
std::optional<ArrivalLook> arrival_look(const StaffSceneBuilder& builder, const CardStatus& status,
                                        ArrivalWording wording, const sync::Delegate* delegate = nullptr) {
    const Theme& theme = builder.theme();
    const bool chip = wording == ArrivalWording::chip;
    switch (status.arrival) {
    case CardArrival::arrived: {
        const std::string time = format_event_time(status.arrived_at_milliseconds);
        // The welcome band's green, 6.5:1 with its white text.
        return ArrivalLook{theme.success_fill, theme.success_text, std::nullopt,
                           builder.text(chip ? StaffMessageId::chip_arrived : StaffMessageId::arrival_arrived,
                                        {{"time", time}})};
    }
    case CardArrival::not_yet:
        // Grey with a blue edge: nothing wrong, something to do.
        return ArrivalLook{
            theme.staff_background, theme.staff_text, theme.staff_accent,
            builder.text(chip ? StaffMessageId::chip_not_yet : StaffMessageId::arrival_not_yet)};
    case CardArrival::cancelled:
        // Red: the one state where staff must not hand out a badge.
        return ArrivalLook{
            cancelled_fill, cancelled_text, std::nullopt,
            builder.text(chip ? StaffMessageId::chip_cancelled : StaffMessageId::arrival_cancelled)};
    case CardArrival::not_registered_today:
        return ArrivalLook{theme.staff_warning_fill, theme.staff_warning_text, std::nullopt,
                           chip || delegate == nullptr
                               ? builder.text(StaffMessageId::chip_not_today)
                               : builder.text(StaffMessageId::arrival_not_today,
                                              {{"days", sync::format_day_list(delegate->days)}})};
    case CardArrival::unknown:
        break;
    }
    return std::nullopt;
}

// The tab highlighted for a screen: the card and its reason screens belong to search.
std::optional<std::string_view> selected_tab(StaffScreen screen) {
    switch (screen) {
    case StaffScreen::search:
    case StaffScreen::delegate_card:
    case StaffScreen::reprint_reason:
    case StaffScreen::reprint_preview:
    case StaffScreen::undo_confirm:
        return "search";
    case StaffScreen::walk_in:
        return "walk_in";
    case StaffScreen::devices:
        return "devices";
    case StaffScreen::statistics:
        return "statistics";
    default:
        return std::nullopt;
    }
}

// The language switch and exit, right-aligned in `area`; returns the x where they start.
// They use the small size, like the tabs beside them.
int add_language_and_exit(StaffSceneBuilder& builder, Rect area) {
    const int font = builder.type().small_px;
    const std::string language = builder.text(StaffMessageId::language_switch);
    const std::string exit = builder.text(StaffMessageId::exit);
    const int exit_width = builder.button_width(exit, builder.button_height * 2, font);
    const int language_width = builder.button_width(language, builder.button_height * 2, font);
    const int left = area.x + area.width - exit_width - builder.gap - language_width;
    builder.add_button_row({{StaffAction::toggle_language, "", language, ButtonStyle::normal, font},
                            {StaffAction::exit, "", exit, ButtonStyle::normal, font}},
                           Rect{left, area.y, area.x + area.width - left, area.height}, TextAlign::right);
    return left;
}

// The top bar once signed in: the tabs, who is signed in (or "please wait"), the language and exit.
// Returns the y where the content starts.
int add_top_bar(StaffSceneBuilder& builder) {
    const StaffView& view = builder.view();
    const Theme& theme = builder.theme();
    const int bar_height = builder.button_height + 2 * builder.gap;
    builder.add_panel(Rect{0, 0, builder.width(), bar_height}, theme.staff_panel);

    const Rect row{builder.margin, builder.gap, builder.width() - 2 * builder.margin, builder.button_height};
    const int right_start = add_language_and_exit(builder, row);

    // Tabs use the small size, so all four and the staff name fit a 1280-pixel screen.
    const int tab_font = builder.type().small_px;
    struct Tab {
        std::string_view argument;
        StaffMessageId label;
    };
    constexpr std::array<Tab, 4> tabs{{{"search", StaffMessageId::tab_search},
                                       {"walk_in", StaffMessageId::tab_walk_in},
                                       {"devices", StaffMessageId::tab_devices},
                                       {"statistics", StaffMessageId::tab_statistics}}};
    const std::optional<std::string_view> selected = selected_tab(view.screen);
    int x = row.x;
    for (const Tab& tab : tabs) {
        const std::string label = builder.text(tab.label);
        const int width = estimated_text_width(label, tab_font) + tab_font;
        builder.add_button({StaffAction::tab, std::string(tab.argument), label,
                            tab.argument == selected ? ButtonStyle::selected : ButtonStyle::normal},
                           Rect{x, row.y, width, row.height});
        x += width + builder.gap;
    }

    // Who is signed in, between the tabs and the switches; while an answer is awaited, "please wait"
    // takes its place (the one spot every signed-in screen has free).
    const Rect name_box{x, row.y, right_start - builder.gap - x, row.height};
    std::string who = builder.text(StaffMessageId::signed_in_as, {{"name", view.staff_name}});
    if (estimated_text_width(who, builder.type().small_px) > name_box.width) {
        who = view.staff_name;
    }
    if (view.busy) {
        builder.add_waiting(builder.text(StaffMessageId::busy), name_box, builder.type().small_px,
                            theme.staff_panel_text, TextAlign::right, FontWeight::bold);
    } else {
        builder.add_text(who, name_box, builder.type().small_px, theme.staff_panel_text, TextAlign::right);
    }
    return bar_height + builder.gap;
}

// The content area under the top bar, after the notice banner when there is one.
Rect signed_in_content(StaffSceneBuilder& builder) {
    int top = add_top_bar(builder);
    const StaffView& view = builder.view();
    const int width = builder.width() - 2 * builder.margin;
    if (view.notice && !view.notice->empty()) {
        const int banner_height = builder.small_line + builder.gap;
        builder.add_banner(*view.notice, Rect{builder.margin, top, width, banner_height},
                           view.notice_is_error);
        top += banner_height + builder.gap;
    }
    return Rect{builder.margin, top, width, builder.height() - builder.margin - top};
}

int keyboard_height(const StaffSceneBuilder& builder) {
    const int rows = static_cast<int>(staff_keyboard_rows().size()) + 1; // + shift, space, backspace, clear
    return rows * builder.button_height + (rows - 1) * builder.gap;
}

// The on-screen keyboard at the bottom of `content`; returns the y above it (the content left).
int add_keyboard(StaffSceneBuilder& builder, Rect content) {
    const std::vector<std::vector<std::string>> rows = staff_keyboard_rows();
    std::size_t columns = 0;
    for (const auto& row : rows) {
        columns = std::max(columns, row.size());
    }
    const int column_count = static_cast<int>(columns);
    // Keys no wider than twice their height: on a wide screen a keyboard across it would be a long reach.
    const int key_width = std::min((content.width - (column_count - 1) * builder.gap) / column_count,
                                   builder.button_height * 2);
    const int top = content.y + content.height - keyboard_height(builder);
    const bool shift = builder.view().shift;
    int y = top;
    for (const auto& row : rows) {
        const int count = static_cast<int>(row.size());
        int x = content.x + (content.width - count * key_width - (count - 1) * builder.gap) / 2;
        for (const std::string& key : row) {
            builder.add_button({StaffAction::key, key, shift ? upper_case_key(key) : key},
                               Rect{x, y, key_width, builder.button_height});
            x += key_width + builder.gap;
        }
        y += builder.button_height + builder.gap;
    }
    // The last row in key-width units: shift 2, space 5, backspace 2, clear 2 (11, the widest row's width).
    struct SpecialKey {
        StaffAction action;
        StaffMessageId label;
        int units;
    };
    constexpr std::array<SpecialKey, 4> special_keys{
        {{StaffAction::shift, StaffMessageId::key_shift, 2},
         {StaffAction::space, StaffMessageId::key_space, 5},
         {StaffAction::backspace, StaffMessageId::key_backspace, 2},
         {StaffAction::clear_field, StaffMessageId::key_clear, 2}}};
    int units_total = 0;
    for (const SpecialKey& key : special_keys) {
        units_total += key.units;
    }
    const int row_width = units_total * key_width + (units_total - 1) * builder.gap;
    int x = content.x + (content.width - row_width) / 2;
    for (const SpecialKey& key : special_keys) {
        const int width = key.units * key_width + (key.units - 1) * builder.gap;
        const ButtonStyle style =
            key.action == StaffAction::shift && shift ? ButtonStyle::selected : ButtonStyle::normal;
        builder.add_button({key.action, "", builder.text(key.label), style},
                           Rect{x, y, width, builder.button_height});
        x += width + builder.gap;
    }
    return top - builder.gap;
}

// Lines of text placed one under another in a column, stopping at its bottom (what does not fit is left
// out rather than drawn over the next part).
class TextColumn {
public:
    TextColumn(StaffSceneBuilder& builder, Rect area) : m_builder(builder), m_area(area), m_y(area.y) {}

    // A line of text; a long one gets room to wrap once.
    bool add(std::string text, int font_px, FontWeight weight = FontWeight::regular) {
        const int box_height = line_height(font_px) * lines_for(text, font_px, m_area.width, weight);
        if (m_y + box_height > m_area.y + m_area.height) {
            return false;
        }
        m_builder.add_screen_text(std::move(text), Rect{m_area.x, m_y, m_area.width, box_height}, font_px,
                                  TextAlign::left, weight);
        m_y += box_height;
        return true;
    }
    void skip(int pixels) { m_y = std::min(m_y + pixels, m_area.y + m_area.height); }
    int y() const { return m_y; }

private:
    StaffSceneBuilder& m_builder;
    Rect m_area;
    int m_y;
};

std::string count_text(std::size_t count) {
    return std::to_string(count);
}

// --- PIN pad and lockout --------------------------------------------------------------------------------

void layout_pin_pad(StaffSceneBuilder& builder) {
    const StaffView& view = builder.view();
    const Theme& theme = builder.theme();
    const int width = builder.width();
    add_language_and_exit(
        builder, Rect{builder.margin, builder.margin, width - 2 * builder.margin, builder.button_height});

    int y = builder.margin + builder.button_height + builder.gap;
    const int heading_line = line_height(builder.type().heading_px);
    builder.add_screen_text(builder.text(StaffMessageId::pin_heading),
                            Rect{builder.margin, y, width - 2 * builder.margin, heading_line},
                            builder.type().heading_px, TextAlign::centre, FontWeight::bold);
    y += heading_line + builder.gap;

    // The pad: three keys across, each twice as wide as tall.
    const int key_height = builder.button_height * 5 / 4;
    const int key_width = key_height * 2;
    const int pad_width = 3 * key_width + 2 * builder.gap;
    const int pad_x = (width - pad_width) / 2;

    // The entered digits as dots in a white field (never the digits themselves).
    const Rect dots_box{pad_x, y, pad_width, builder.button_height};
    builder.add_panel(dots_box, theme.staff_panel, theme.staff_outline, std::max(1, builder.gap / 6));
    const int dot = builder.button_height / 3;
    const int dot_count = static_cast<int>(std::min<std::size_t>(view.pin_digits, 12));
    const int dots_width = dot_count * dot + std::max(0, dot_count - 1) * dot;
    for (int index = 0; index < dot_count; ++index) {
        builder.add_dot(Rect{dots_box.x + (dots_box.width - dots_width) / 2 + index * 2 * dot,
                             dots_box.y + (dots_box.height - dot) / 2, dot, dot},
                        theme.staff_panel_text);
    }
    y += dots_box.height + builder.gap;

    // The space for "wrong PIN" or "please wait" is always kept, so the keys never move under a finger.
    const int status_height = builder.small_line + builder.gap;
    const Rect status_box{builder.margin, y, width - 2 * builder.margin, status_height};
    if (view.pin_rejected) {
        const int banner_width = std::min(status_box.width, std::max(pad_width, width / 2));
        builder.add_banner(
            builder.text(StaffMessageId::pin_rejected, {{"count", std::to_string(view.attempts_left)}}),
            Rect{(width - banner_width) / 2, y, banner_width, status_height}, true);
    } else if (view.busy) {
        builder.add_waiting(builder.text(StaffMessageId::busy), status_box, builder.type().small_px,
                            theme.staff_text, TextAlign::centre);
    }
    y += status_height + builder.gap;

    // 1 2 3 / 4 5 6 / 7 8 9 / delete 0 sign-in, like a phone.
    const std::array<std::array<ButtonSpec, 3>, 4> keys{{
        {{{StaffAction::digit, "1", "1"}, {StaffAction::digit, "2", "2"}, {StaffAction::digit, "3", "3"}}},
        {{{StaffAction::digit, "4", "4"}, {StaffAction::digit, "5", "5"}, {StaffAction::digit, "6", "6"}}},
        {{{StaffAction::digit, "7", "7"}, {StaffAction::digit, "8", "8"}, {StaffAction::digit, "9", "9"}}},
        {{{StaffAction::pin_backspace, "", builder.text(StaffMessageId::pin_backspace)},
          {StaffAction::digit, "0", "0"},
          {StaffAction::pin_submit, "", builder.text(StaffMessageId::pin_submit), ButtonStyle::primary}}},
    }};
    // On a short screen the keys give up height first (never below a button's).
    const int room = builder.height() - builder.margin - y;
    const int fitted_key_height =
        std::max(builder.button_height, std::min(key_height, (room - 3 * builder.gap) / 4));
    for (std::size_t row = 0; row < keys.size(); ++row) {
        for (std::size_t column = 0; column < keys[row].size(); ++column) {
            builder.add_button(keys[row][column],
                               Rect{pad_x + static_cast<int>(column) * (key_width + builder.gap),
                                    y + static_cast<int>(row) * (fitted_key_height + builder.gap), key_width,
                                    fitted_key_height});
        }
    }
}

void layout_locked(StaffSceneBuilder& builder) {
    const StaffView& view = builder.view();
    const int width = builder.width();
    add_language_and_exit(
        builder, Rect{builder.margin, builder.margin, width - 2 * builder.margin, builder.button_height});
    const int heading_line = line_height(builder.type().heading_px);
    int y = builder.height() / 3;
    builder.add_screen_text(builder.text(StaffMessageId::locked_heading),
                            Rect{builder.margin, y, width - 2 * builder.margin, heading_line},
                            builder.type().heading_px, TextAlign::centre, FontWeight::bold);
    y += heading_line + builder.gap;
    builder.add_screen_text(
        builder.text(StaffMessageId::locked_countdown, {{"time", format_countdown(view.locked_for)}}),
        Rect{builder.margin, y, width - 2 * builder.margin, builder.body_line}, builder.type().body_px,
        TextAlign::centre);
}

// --- Search ---------------------------------------------------------------------------------------------

void layout_search(StaffSceneBuilder& builder) {
    const StaffView& view = builder.view();
    const Theme& theme = builder.theme();
    const Rect content = signed_in_content(builder);
    const int keyboard_top = add_keyboard(builder, content);
    const int small = builder.type().small_px;

    int y = content.y;
    builder.add_screen_text(builder.text(StaffMessageId::search_label),
                            Rect{content.x, y, content.width * 2 / 3, builder.small_line}, small);
    // While hits are shown, "searching" sits at the end of the label line instead of over them.
    if (view.searching && !view.hits.empty()) {
        builder.add_waiting(builder.text(StaffMessageId::searching),
                            Rect{content.x + content.width * 2 / 3, y, content.width / 3, builder.small_line},
                            small, theme.staff_text, TextAlign::right);
    }
    y += builder.small_line;
    builder.add_field(StaffField::search, view.search_query,
                      Rect{content.x, y, content.width, builder.button_height});
    y += builder.button_height + builder.gap;

    const Rect hits_area{content.x, y, content.width, keyboard_top - y};
    if (view.hits.empty()) {
        StaffMessageId status = StaffMessageId::search_prompt;
        if (view.searching) {
            status = StaffMessageId::searching;
        } else if (!view.search_query.empty()) {
            status = StaffMessageId::no_results;
        }
        if (hits_area.height >= builder.body_line) {
            const Rect line{hits_area.x, hits_area.y, hits_area.width, builder.body_line};
            if (view.searching) {
                builder.add_waiting(builder.text(status), line, builder.type().body_px, theme.staff_text,
                                    TextAlign::centre);
            } else {
                builder.add_screen_text(builder.text(status), line, builder.type().body_px,
                                        TextAlign::centre);
            }
        }
        return;
    }

    // One row per hit: the name in bold, the organisation, the code at the right end (where it is never
    // cut); as many rows as there is room for.
    const int row_height = builder.button_height;
    const std::size_t fitting =
        static_cast<std::size_t>(std::max(0, (hits_area.height + builder.gap) / (row_height + builder.gap)));
    const std::size_t shown = std::min({view.hits.size(), hits_max, fitting});
    const int inset = builder.gap;
    int code_width = 0;
    for (std::size_t index = 0; index < shown; ++index) {
        code_width = std::max(code_width, estimated_text_width(view.hits[index].delegate.code, small));
    }
    // Codes are wide letters ("W", "M"): one em of slack keeps the estimate from cutting them.
    code_width += small;
    // Where each delegate stands today, as a chip in the card banner's colours, in a column of its own;
    // and a check-in at the row's end where the card would offer one (card_offers), the row's full height
    // so it is as easy a target as any button.
    std::vector<std::optional<ArrivalLook>> chips;
    std::vector<bool> offers_check_in;
    int chip_width = 0;
    for (std::size_t index = 0; index < shown; ++index) {
        const CardStatus status = index < view.hit_statuses.size() ? view.hit_statuses[index] : CardStatus{};
        chips.push_back(arrival_look(builder, status, ArrivalWording::chip));
        offers_check_in.push_back(card_offers(status.arrival, StaffAction::check_in));
        if (chips.back()) {
            chip_width = std::max(
                chip_width, estimated_text_width(chips.back()->text, small, FontWeight::bold) + 2 * inset);
        }
    }
    int widest_name = 0;
    for (std::size_t index = 0; index < shown; ++index) {
        widest_name = std::max(widest_name, estimated_text_width(view.hits[index].delegate.full_name(), small,
                                                                 FontWeight::bold));
    }
    const std::string check_in_label = builder.text(StaffMessageId::hit_check_in);
    const int check_in_width = std::ranges::find(offers_check_in, true) != offers_check_in.end()
                                   ? builder.button_width(check_in_label, builder.button_height * 2, small)
                                   : 0;
    for (std::size_t index = 0; index < shown; ++index) {
        const sync::Delegate& delegate = view.hits[index].delegate;
        const Rect row{hits_area.x, hits_area.y + static_cast<int>(index) * (row_height + builder.gap),
                       hits_area.width, row_height};
        const bool cancelled = delegate.status == sync::DelegateStatus::cancelled;
        builder.add_panel(row, cancelled ? theme.staff_warning_fill : theme.staff_panel, theme.staff_outline,
                          std::max(1, builder.gap / 6));
        // The row opens the card, all but its end where a check-in is offered (one target per spot).
        builder.add_touch_area(
            StaffAction::open_hit, std::to_string(index),
            Rect{row.x, row.y, row.width - (offers_check_in[index] ? check_in_width : 0), row.height});
        const Colour colour = cancelled ? theme.staff_warning_text : theme.staff_panel_text;
        const int end_column = check_in_width > 0 ? check_in_width + inset : 0;
        const int chip_column = chip_width > 0 ? chip_width + inset : 0;
        const int content_width = row.width - 4 * inset - code_width - chip_column - end_column;
        // The name first, as wide as the widest shown needs (at least two fifths of the room); the
        // organisation gets what is left, if anything (the card shows it whole).
        const int name_width = std::min(content_width, std::max(widest_name + small, content_width * 2 / 5));
        builder.add_text(delegate.full_name(), Rect{row.x + inset, row.y, name_width, row.height}, small,
                         colour, TextAlign::left, FontWeight::bold);
        // A cancelled registration says so before the organisation, so it is never the part cut off (the
        // chip says it when the hit's state is known).
        std::string details = delegate.organisation;
        if (cancelled && !chips[index]) {
            std::string said = builder.text(StaffMessageId::hit_cancelled);
            if (!details.empty()) {
                said.append(" · ").append(details);
            }
            details = std::move(said);
        }
        builder.add_text(std::move(details),
                         Rect{row.x + 2 * inset + name_width, row.y, content_width - name_width, row.height},
                         small, colour);
        int x = row.x + 3 * inset + content_width;
        if (chips[index]) {
            const ArrivalLook& chip = *chips[index];
            const int chip_height =
                std::min(row.height - 2 * std::max(2, builder.gap / 3), builder.small_line);
            const Rect chip_box{x, row.y + (row.height - chip_height) / 2, chip_width, chip_height};
            builder.add_panel(chip_box, chip.fill, chip.border,
                              chip.border ? std::max(1, builder.gap / 4) : 0);
            builder.add_text(chip.text, chip_box, small, chip.text_colour, TextAlign::centre,
                             FontWeight::bold);
        }
        x += chip_column;
        builder.add_text(delegate.code, Rect{x, row.y, code_width, row.height}, small, colour,
                         TextAlign::right);
        if (offers_check_in[index]) {
            builder.add_button(
                {StaffAction::check_in, std::to_string(index), check_in_label, ButtonStyle::primary, small},
                Rect{row.x + row.width - check_in_width, row.y, check_in_width, row.height});
        }
    }
}

// --- Delegate card --------------------------------------------------------------------------------------

std::string_view value_or_dash(const std::string& value) {
    return value.empty() ? std::string_view("—") : std::string_view(value);
}

StaffMessageId event_kind_label(sync::EventKind kind) {
    switch (kind) {
    case sync::EventKind::checkin:
        return StaffMessageId::event_checkin;
    case sync::EventKind::undo:
        return StaffMessageId::event_undo;
    case sync::EventKind::reprint:
        return StaffMessageId::event_reprint;
    case sync::EventKind::print:
        return StaffMessageId::event_print;
    }
    return StaffMessageId::event_checkin;
}

std::string attendance_text(const StaffSceneBuilder& builder, const sync::DelegateRecord& record) {
    if (record.attendance.empty()) {
        return builder.text(StaffMessageId::not_checked_in);
    }
    std::string text;
    for (const sync::Attendance& attendance : record.attendance) {
        if (!text.empty()) {
            text += "; ";
        }
        text += builder.text(StaffMessageId::attendance_entry,
                             {{"day", sync::format_short_day(attendance.day)},
                              {"time", format_event_time(attendance.checked_in_at_milliseconds)}});
    }
    return text;
}

// "29.11: zarejestrowano 2× (9:02 kiosk-1, 9:05 kiosk-2)" for each day with two standing check-ins;
// empty when there is none.
std::string duplicates_text(const StaffSceneBuilder& builder, const std::vector<sync::CheckinEvent>& events) {
    std::string text;
    for (const sync::DuplicateCheckins& duplicate : sync::find_duplicate_checkins(events)) {
        std::string checkins;
        for (const sync::CheckinEvent* checkin : duplicate.checkins) {
            if (!checkins.empty()) {
                checkins += ", ";
            }
            const std::string time = format_event_time(checkin->at_milliseconds);
            checkins += checkin->kiosk_id.empty()
                            ? time
                            : builder.text(StaffMessageId::duplicate_checkin,
                                           {{"time", time}, {"kiosk", checkin->kiosk_id}});
        }
        if (!text.empty()) {
            text += "; ";
        }
        text += builder.text(StaffMessageId::duplicate_entry,
                             {{"day", sync::format_short_day(duplicate.day)},
                              {"count", std::to_string(duplicate.checkins.size())},
                              {"checkins", checkins}});
    }
    return text;
}

StaffMessageId status_label(const sync::Delegate& delegate) {
    if (delegate.status == sync::DelegateStatus::cancelled) {
        return StaffMessageId::status_cancelled;
    }
    return delegate.origin == sync::DelegateOrigin::walk_in ? StaffMessageId::status_walk_in
                                                            : StaffMessageId::status_active;
}

void layout_delegate_card(StaffSceneBuilder& builder) {
    const StaffView& view = builder.view();
    const Theme& theme = builder.theme();
    const Rect content = signed_in_content(builder);
    const int small = builder.type().small_px;

    // The actions along the bottom: back on the left, the card's actions on the right.
    const Rect buttons_row{content.x, content.y + content.height - builder.button_height, content.width,
                           builder.button_height};
    const std::string back = builder.text(StaffMessageId::back);
    const int back_width = builder.button_width(back, builder.button_height * 2);
    builder.add_button({StaffAction::back, "", back},
                       Rect{buttons_row.x, buttons_row.y, back_width, buttons_row.height});
    // The actions follow where the delegate stands today, with one primary action at a time: check in
    // before the arrival; after it, reprint (the usual errand) and, less prominent, undo; nothing on a
    // cancelled registration or on a day the delegate is not registered for. While the day is not known
    // every action stays, as before the banner.
    const CardStatus status = view.card ? card_status(*view.card, view.card_day) : CardStatus{};
    std::vector<ButtonSpec> actions;
    switch (status.arrival) {
    case CardArrival::not_yet:
        actions = {{StaffAction::check_in, "", builder.text(StaffMessageId::check_in), ButtonStyle::primary}};
        break;
    case CardArrival::arrived:
        actions = {{StaffAction::undo, "", builder.text(StaffMessageId::undo), ButtonStyle::normal},
                   {StaffAction::reprint, "", builder.text(StaffMessageId::reprint), ButtonStyle::primary}};
        break;
    case CardArrival::cancelled:
    case CardArrival::not_registered_today:
        break;
    case CardArrival::unknown:
        if (!view.card) {
            break; // still loading: nothing to act on yet
        }
        actions = {{StaffAction::reprint, "", builder.text(StaffMessageId::reprint)},
                   {StaffAction::check_in, "", builder.text(StaffMessageId::check_in), ButtonStyle::primary},
                   {StaffAction::undo, "", builder.text(StaffMessageId::undo), ButtonStyle::warning}};
        break;
    }
    if (!actions.empty()) {
        builder.add_button_row(actions,
                               Rect{buttons_row.x + back_width + builder.gap, buttons_row.y,
                                    buttons_row.width - back_width - builder.gap, buttons_row.height},
                               TextAlign::right);
    }

    const Rect card{content.x, content.y, content.width, buttons_row.y - builder.gap - content.y};
    if (!view.card) {
        // Loading, or the code was not found (the notice says which).
        builder.add_waiting(builder.text(StaffMessageId::busy),
                            Rect{card.x, card.y, card.width, builder.body_line}, builder.type().body_px,
                            theme.staff_text, TextAlign::centre);
        return;
    }
    builder.add_panel(card, theme.staff_panel);
    const sync::DelegateRecord& record = *view.card;
    const sync::Delegate& delegate = record.delegate;
    const int inset = builder.margin;
    const Rect inner{card.x + inset, card.y + inset / 2, card.width - 2 * inset, card.height - inset};

    const int name_line = line_height(builder.type().heading_px);
    builder.add_text(delegate.full_name(), Rect{inner.x, inner.y, inner.width, name_line},
                     builder.type().heading_px, theme.staff_panel_text, TextAlign::left, FontWeight::bold);
    int banner_bottom = inner.y + name_line;
    if (status.arrival != CardArrival::unknown) {
        // Where the delegate stands today, on a band coloured for it, so staff read it before any field.
        const int body = builder.type().body_px;
        const int banner_height = line_height(body) + builder.gap;
        const Rect banner{inner.x, banner_bottom + builder.gap / 2, inner.width, banner_height};
        const ArrivalLook look = *arrival_look(builder, status, ArrivalWording::banner, &delegate);
        builder.add_panel(banner, look.fill, look.border, look.border ? std::max(1, builder.gap / 4) : 0);
        const int text_inset = builder.gap;
        builder.add_text(look.text,
                         Rect{banner.x + text_inset, banner.y + builder.gap / 2,
                              banner.width - 2 * text_inset, line_height(body)},
                         body, look.text_colour, TextAlign::left, FontWeight::bold);
        banner_bottom = banner.y + banner.height;
    }
    const int columns_top = banner_bottom + builder.gap;
    const int columns_height = inner.y + inner.height - columns_top;
    const int fields_width = (inner.width - builder.margin) * 11 / 20;
    const int events_x = inner.x + fields_width + builder.margin;
    const int events_width = inner.x + inner.width - events_x;

    // Fields: label (bold) and value, one line each.
    const std::string days = delegate.days.empty() ? builder.text(StaffMessageId::every_day)
                                                   : sync::format_day_list(delegate.days);
    const std::vector<std::pair<StaffMessageId, std::string>> fields{
        {StaffMessageId::field_code, delegate.code},
        {StaffMessageId::field_organisation, std::string(value_or_dash(delegate.organisation))},
        {StaffMessageId::field_position, std::string(value_or_dash(delegate.position))},
        {StaffMessageId::field_partnership, std::string(value_or_dash(delegate.partnership))},
        {StaffMessageId::field_voivodeship, std::string(value_or_dash(delegate.voivodeship))},
        {StaffMessageId::field_role, std::string(value_or_dash(delegate.role))},
        {StaffMessageId::field_days, days},
        {StaffMessageId::field_status,
         builder.text(view.card_from_invitation && delegate.status == sync::DelegateStatus::active
                          ? StaffMessageId::status_from_invitation
                          : status_label(delegate))},
        {StaffMessageId::field_checked_in_at, attendance_text(builder, record)},
    };
    // Kiosks cut off from each other may both have admitted this delegate: staff see it here, marked.
    const std::string duplicates = duplicates_text(builder, view.card_events);
    // The labels' column as wide as the longest label, so the values get the rest. A tenth more than the
    // estimate, which runs short for labels full of w and W ("Województwo" was cut).
    int label_width = 0;
    for (const auto& field : fields) {
        label_width =
            std::max(label_width, estimated_text_width(builder.text(field.first), small, FontWeight::bold));
    }
    label_width = std::min(label_width * 11 / 10, fields_width / 2);
    int y = columns_top;
    if (!duplicates.empty()) {
        // First in the column, on a warning band, so it is never the line that has no room; wrapped over
        // up to three lines, because the times and kiosks are what staff need to find the second badge.
        const int value_width = fields_width - label_width - builder.gap;
        const int estimated_width = estimated_text_width(duplicates, small, FontWeight::regular);
        const int lines =
            std::clamp(value_width > 0 ? (estimated_width + value_width - 1) / value_width : 1, 1, 3);
        const int height = builder.small_line * lines;
        const Rect band{inner.x - builder.gap / 2, y, fields_width + builder.gap, height};
        builder.add_panel(band, theme.staff_warning_fill, theme.staff_warning_text, 1);
        builder.add_text(builder.text(StaffMessageId::field_duplicate),
                         Rect{inner.x, y, label_width, builder.small_line}, small, theme.staff_warning_text,
                         TextAlign::left, FontWeight::bold);
        builder.add_text(duplicates, Rect{inner.x + label_width + builder.gap, y, value_width, height}, small,
                         theme.staff_warning_text, TextAlign::left, FontWeight::regular, VerticalAlign::top);
        y += height;
    }
    // Values that run long (an organisation's full name, a voivodeship, several days' arrivals) wrap onto
    // up to three lines while the column has room; when it has not, some give lines back (below), and only
    // a value left without the lines it needs is cut with "…".
    const int value_width = fields_width - label_width - builder.gap;
    std::vector<int> lines;
    for (const auto& [label, value] : fields) {
        const bool wraps =
            label == StaffMessageId::field_organisation || label == StaffMessageId::field_position ||
            label == StaffMessageId::field_partnership || label == StaffMessageId::field_voivodeship ||
            label == StaffMessageId::field_checked_in_at;
        // A tenth more than the estimate, which runs short; rounded up to whole lines.
        const int needed =
            value_width > 0 ? (estimated_text_width(value, small) * 11 / 10 + value_width - 1) / value_width
                            : 1;
        lines.push_back(wraps ? std::clamp(needed, 1, card_value_lines_max) : 1);
    }
    const int room_lines = (columns_top + columns_height - y) / std::max(1, builder.small_line);
    int total_lines = 0;
    for (const int count : lines) {
        total_lines += count;
    }
    // Lines are given back first by the fields the issue did not ask to wrap (partnership, position), then
    // from the bottom up: the arrivals before the voivodeship before the organisation.
    std::vector<std::size_t> giving_order;
    for (const StaffMessageId first : {StaffMessageId::field_partnership, StaffMessageId::field_position}) {
        for (std::size_t index = 0; index < fields.size(); ++index) {
            if (fields[index].first == first) {
                giving_order.push_back(index);
            }
        }
    }
    for (std::size_t index = fields.size(); index-- > 0;) {
        if (std::ranges::find(giving_order, index) == giving_order.end()) {
            giving_order.push_back(index);
        }
    }
    for (const std::size_t index : giving_order) {
        if (total_lines <= room_lines) {
            break;
        }
        const int given_back = std::min(lines[index] - 1, total_lines - room_lines);
        lines[index] -= given_back;
        total_lines -= given_back;
    }
    for (std::size_t index = 0; index < fields.size(); ++index) {
        const auto& [label, value] = fields[index];
        const int height = builder.small_line * lines[index];
        if (y + builder.small_line > columns_top + columns_height) {
            break;
        }
        builder.add_text(builder.text(label), Rect{inner.x, y, label_width, builder.small_line}, small,
                         theme.staff_panel_text, TextAlign::left, FontWeight::bold);
        builder.add_text(value,
                         Rect{inner.x + label_width + builder.gap, y, value_width,
                              std::min(height, columns_top + columns_height - y)},
                         small, theme.staff_panel_text, TextAlign::left, FontWeight::regular,
                         lines[index] > 1 ? VerticalAlign::top : VerticalAlign::middle);
        y += height;
    }

    // The journal, newest first; each entry may wrap once (a reason makes it long).
    y = columns_top;
    builder.add_text(builder.text(StaffMessageId::field_events),
                     Rect{events_x, y, events_width, builder.small_line}, small, theme.staff_panel_text,
                     TextAlign::left, FontWeight::bold);
    y += builder.small_line;
    if (view.card_events.empty()) {
        builder.add_text(builder.text(StaffMessageId::no_events),
                         Rect{events_x, y, events_width, builder.small_line}, small, theme.staff_panel_text);
        return;
    }
    for (std::size_t index = 0; index < std::min(view.card_events.size(), card_events_max); ++index) {
        const sync::CheckinEvent& event = view.card_events[index];
        std::vector<MessageParameter> parameters{
            {"day", sync::format_short_day(event.day)},
            {"time", format_event_time(event.at_milliseconds)},
            {"kind", builder.text(event_kind_label(event.kind))},
            {"operator", operator_label(event.operator_name, view.language)},
            {"reason", event.reason}};
        const StaffMessageId line =
            event.reason.empty() ? StaffMessageId::event_line : StaffMessageId::event_line_with_reason;
        std::string text = builder.text(line, parameters);
        const int entry_height = builder.small_line * lines_for(text, small, events_width);
        if (y + entry_height > columns_top + columns_height) {
            break;
        }
        builder.add_text(std::move(text), Rect{events_x, y, events_width, entry_height}, small,
                         theme.staff_panel_text, TextAlign::left, FontWeight::regular, VerticalAlign::top);
        y += entry_height;
    }
}

// --- Reprint reason and undo confirmation ----------------------------------------------------------------

std::string card_name(const StaffView& view) {
    return view.card ? view.card->delegate.full_name() : std::string("—");
}

// The reason field with cancel and confirm beside it; returns the y under them.
int add_reason_row(StaffSceneBuilder& builder, int y, const Rect& content, StaffAction confirm) {
    const std::string cancel = builder.text(StaffMessageId::cancel);
    const std::string confirm_label = builder.text(StaffMessageId::confirm);
    const int buttons_width = builder.button_width(cancel, builder.button_height * 2) +
                              builder.button_width(confirm_label, builder.button_height * 2) + builder.gap;
    const int field_width = content.width - buttons_width - builder.gap;
    builder.add_labelled_field(StaffField::reason, builder.text(StaffMessageId::reason_label),
                               builder.view().reason, content.x, y, field_width);
    builder.add_button_row(
        {{StaffAction::back, "", cancel}, {confirm, "", confirm_label, ButtonStyle::primary}},
        Rect{content.x + field_width + builder.gap, y + builder.small_line, buttons_width,
             builder.button_height},
        TextAlign::right);
    return y + builder.small_line + builder.button_height + builder.gap;
}

// A row of preset reasons, in the view's language; "other" has no journal text and gets the catalogue's
// label. Returns the y under it.
int add_preset_row(StaffSceneBuilder& builder, int y, Rect content, StaffAction action,
                   std::span<const ReprintPreset> choices) {
    std::vector<ButtonSpec> presets;
    for (const ReprintPreset& preset : choices) {
        std::string_view label =
            builder.view().language == Language::pl ? preset.journal_pl : preset.journal_en;
        presets.push_back({action, std::string(preset.id),
                           label.empty() ? builder.text(StaffMessageId::preset_other) : std::string(label)});
    }
    builder.add_button_row(presets, Rect{content.x, y, content.width, builder.button_height},
                           TextAlign::left);
    return y + builder.button_height + builder.gap;
}

void layout_reprint_reason(StaffSceneBuilder& builder) {
    const StaffView& view = builder.view();
    const Rect content = signed_in_content(builder);
    add_keyboard(builder, content);
    int y = content.y;
    builder.add_screen_text(builder.text(StaffMessageId::reprint_heading, {{"name", card_name(view)}}),
                            Rect{content.x, y, content.width, builder.small_line}, builder.type().small_px,
                            TextAlign::left, FontWeight::bold);
    y += builder.small_line;
    builder.add_screen_text(builder.text(StaffMessageId::reprint_hint),
                            Rect{content.x, y, content.width, builder.small_line}, builder.type().small_px);
    y += builder.small_line + builder.gap / 2;

    y = add_preset_row(builder, y, content, StaffAction::reprint_preset, reprint_presets());
    add_reason_row(builder, y, content, StaffAction::confirm_reprint);
}

// The badge as the printer will print it, before it does: the reason given, back (to change it) and print.
void layout_reprint_preview(StaffSceneBuilder& builder) {
    const StaffView& view = builder.view();
    const Theme& theme = builder.theme();
    const Rect content = signed_in_content(builder);
    const int small = builder.type().small_px;
    int y = content.y;
    builder.add_screen_text(builder.text(StaffMessageId::preview_heading, {{"name", card_name(view)}}),
                            Rect{content.x, y, content.width, builder.small_line}, small, TextAlign::left,
                            FontWeight::bold);
    y += builder.small_line;
    builder.add_screen_text(builder.text(StaffMessageId::preview_reason, {{"reason", view.reason}}),
                            Rect{content.x, y, content.width, builder.small_line}, small);
    y += builder.small_line + builder.gap;

    const Rect buttons_row{content.x, content.y + content.height - builder.button_height, content.width,
                           builder.button_height};
    const std::string back = builder.text(StaffMessageId::back);
    builder.add_button({StaffAction::back, "", back},
                       Rect{buttons_row.x, buttons_row.y,
                            builder.button_width(back, builder.button_height * 2), buttons_row.height});
    const Rect picture_area{content.x, y, content.width, buttons_row.y - builder.gap - y};
    if (!view.badge_preview) {
        builder.add_waiting(builder.text(StaffMessageId::busy),
                            Rect{picture_area.x,
                                 picture_area.y + (picture_area.height - builder.body_line) / 2,
                                 picture_area.width, builder.body_line},
                            builder.type().body_px, theme.staff_text, TextAlign::centre);
        return;
    }
    // Print only once the badge is on screen: what prints is what staff saw.
    const std::string print = builder.text(StaffMessageId::preview_print);
    const int print_width = builder.button_width(print, builder.button_height * 3);
    builder.add_button({StaffAction::print_reprint, "", print, ButtonStyle::primary},
                       Rect{buttons_row.x + buttons_row.width - print_width, buttons_row.y, print_width,
                            buttons_row.height});
    builder.add_picture(*view.badge_preview, picture_area);
}

void layout_undo_confirm(StaffSceneBuilder& builder) {
    const StaffView& view = builder.view();
    const Rect content = signed_in_content(builder);
    add_keyboard(builder, content);
    int y = content.y;
    // The question may be long (a long name): then it gets two lines of room.
    std::string question = builder.text(StaffMessageId::undo_question, {{"name", card_name(view)}});
    const int question_height =
        builder.small_line * lines_for(question, builder.type().small_px, content.width, FontWeight::bold);
    builder.add_text(std::move(question), Rect{content.x, y, content.width, question_height},
                     builder.type().small_px, builder.theme().staff_text, TextAlign::left, FontWeight::bold,
                     VerticalAlign::top);
    y += question_height;
    builder.add_screen_text(builder.text(StaffMessageId::undo_hint),
                            Rect{content.x, y, content.width, builder.small_line}, builder.type().small_px);
    y += builder.small_line + builder.gap / 2;
    y = add_preset_row(builder, y, content, StaffAction::undo_preset, undo_presets());
    add_reason_row(builder, y, content, StaffAction::confirm_undo);
}

// --- Walk-in --------------------------------------------------------------------------------------------

void layout_walk_in(StaffSceneBuilder& builder) {
    const StaffView& view = builder.view();
    const Rect content = signed_in_content(builder);
    const int keyboard_top = add_keyboard(builder, content);
    int y = content.y;

    const std::string create = builder.text(StaffMessageId::create_walk_in);
    const int create_width = builder.button_width(create, builder.button_height * 3);
    const int heading_width = content.width - create_width - builder.gap;
    builder.add_screen_text(builder.text(StaffMessageId::walk_in_heading),
                            Rect{content.x, y, heading_width, builder.small_line}, builder.type().small_px,
                            TextAlign::left, FontWeight::bold);
    builder.add_screen_text(builder.text(StaffMessageId::walk_in_hint),
                            Rect{content.x, y + builder.small_line, heading_width, builder.small_line},
                            builder.type().small_px);
    builder.add_button({StaffAction::create_walk_in, "", create, ButtonStyle::primary},
                       Rect{content.x + content.width - create_width,
                            y + std::max(0, 2 * builder.small_line - builder.button_height), create_width,
                            builder.button_height});
    y += std::max(2 * builder.small_line, builder.button_height) + builder.gap / 2;

    // Two fields a row: first and last name, then organisation and role.
    const int field_width = (content.width - builder.margin) / 2;
    const int second_x = content.x + field_width + builder.margin;
    y += builder.add_labelled_field(StaffField::first_name, builder.text(StaffMessageId::field_first_name),
                                    view.walk_in.first_name, content.x, y, field_width);
    builder.add_labelled_field(StaffField::last_name, builder.text(StaffMessageId::field_last_name),
                               view.walk_in.last_name, second_x,
                               y - builder.small_line - builder.button_height, field_width);
    y += builder.gap / 2;
    const std::string default_role = view.walk_in_roles.empty() ? "Uczestnik" : view.walk_in_roles.front();
    builder.add_labelled_field(StaffField::organisation, builder.text(StaffMessageId::field_organisation),
                               view.walk_in.organisation, content.x, y, field_width);
    y += builder.add_labelled_field(
        StaffField::role, builder.text(StaffMessageId::field_walk_in_role, {{"role", default_role}}),
        view.walk_in.role, second_x, y, field_width);
    y += builder.gap;

    // The roster's roles, most delegates first, one tap each; the one the form holds (or the default, while
    // the field is empty) is highlighted. Only those the row has room for (any other can still be typed).
    if (view.walk_in_roles.empty() || y + builder.button_height > keyboard_top) {
        return;
    }
    const int small = builder.type().small_px;
    const std::string label = builder.text(StaffMessageId::walk_in_roles);
    const int label_width = estimated_text_width(label, small) + small;
    builder.add_screen_text(label, Rect{content.x, y, label_width, builder.button_height}, small);
    const std::string_view chosen =
        view.walk_in.role.empty() ? std::string_view(default_role) : std::string_view(view.walk_in.role);
    int x = content.x + label_width + builder.gap;
    for (std::size_t index = 0; index < view.walk_in_roles.size(); ++index) {
        const std::string& role = view.walk_in_roles[index];
        const int width = builder.button_width(role, builder.button_height * 2, small);
        if (x + width > content.x + content.width) {
            continue; // a long role left out; a shorter, rarer one after it may still fit
        }
        builder.add_button({StaffAction::choose_role, std::to_string(index), role,
                            role == chosen ? ButtonStyle::selected : ButtonStyle::normal, small},
                           Rect{x, y, width, builder.button_height});
        x += width + builder.gap;
    }
}

// --- Devices --------------------------------------------------------------------------------------------

void add_printer_lines(StaffSceneBuilder& builder, TextColumn& column, const PrinterPanel& printer) {
    const Language language = builder.view().language;
    const int small = builder.type().small_px;
    column.add(builder.text(StaffMessageId::devices_printer), builder.type().body_px, FontWeight::bold);
    if (printer.address.empty()) {
        column.add(builder.text(StaffMessageId::printer_none), small);
    } else {
        column.add(builder.text(StaffMessageId::printer_address, {{"address", printer.address}}), small);
    }
    if (!printer.state) {
        if (!printer.address.empty()) {
            // The sentence for the problem, then the driver's technical detail, as the kiosk's answers say
            // it. Appended piece by piece: g++ 12 at -O3 takes `"literal" + std::string` for an overlapping
            // copy (-Wrestrict).
            std::string error(problem_message(printer.problem, language));
            if (!printer.error.empty()) {
                error.append(" (").append(printer.error).append(")");
            }
            column.add(builder.text(StaffMessageId::printer_unknown, {{"error", error}}), small,
                       FontWeight::bold);
        }
    } else if (printer.state->ready) {
        column.add(builder.text(StaffMessageId::printer_ready), small, FontWeight::bold);
    } else {
        column.add(builder.text(StaffMessageId::printer_not_ready), small, FontWeight::bold);
        // What to do about each problem, as the self-service screen and kioskctl say it.
        for (const drivers::Problem problem : printer.state->problems) {
            column.add(std::string(problem_message(problem, language)), small);
        }
    }
    if (printer.state) {
        if (std::string media = loaded_media_text(printer.state->loaded, language); !media.empty()) {
            column.add(builder.text(StaffMessageId::printer_media, {{"media", std::move(media)}}), small);
        }
    }
    column.add(builder.text(StaffMessageId::badges_waiting, {{"count", count_text(printer.badges_waiting)}}),
               small);
}

void add_scanner_lines(StaffSceneBuilder& builder, TextColumn& column,
                       const std::vector<ScannerPanel>& scanners) {
    const int small = builder.type().small_px;
    column.add(builder.text(StaffMessageId::devices_scanners), builder.type().body_px, FontWeight::bold);
    if (scanners.empty()) {
        column.add(builder.text(StaffMessageId::no_scanners), small);
    }
    const Language language = builder.view().language;
    for (const ScannerPanel& scanner : scanners) {
        // A keyboard-wedge scanner has no address of its own: it is named for what it is.
        const std::string address = scanner.note == ScannerNote::keyboard
                                        ? builder.text(StaffMessageId::scanner_keyboard)
                                        : scanner.address;
        std::string line = builder.text(scanner.connected ? StaffMessageId::scanner_connected
                                                          : StaffMessageId::scanner_missing,
                                        {{"address", address}});
        std::string note;
        switch (scanner.note) {
        case ScannerNote::none:
        case ScannerNote::keyboard:
            break;
        case ScannerNote::opening:
            note = builder.text(StaffMessageId::scanner_opening);
            break;
        case ScannerNote::camera:
            note = builder.text(StaffMessageId::scanner_camera, {{"camera", scanner.detail}});
            break;
        case ScannerNote::failed:
            // The sentence for the problem first; the driver's detail is for whoever fixes it.
            note = std::string(problem_message(scanner.problem, language));
            if (!scanner.detail.empty()) {
                note.append(" ").append(scanner.detail);
            }
            break;
        }
        if (!note.empty()) {
            line.append(" (").append(note).append(")");
        }
        column.add(std::move(line), small);
    }
}

void add_sync_lines(StaffSceneBuilder& builder, TextColumn& column, const SyncPanel& sync) {
    const int small = builder.type().small_px;
    column.add(builder.text(StaffMessageId::devices_sync), builder.type().body_px, FontWeight::bold);
    if (sync.hub.empty()) {
        column.add(builder.text(StaffMessageId::sync_no_hub), small);
    } else {
        column.add(builder.text(sync.online ? StaffMessageId::sync_online : StaffMessageId::sync_offline,
                                {{"hub", sync.hub}}),
                   small);
    }
    column.add(builder.text(StaffMessageId::sync_backlog, {{"count", count_text(sync.backlog)}}), small);
    if (!sync.hub.empty()) {
        column.add(sync.last_success.empty()
                       ? builder.text(StaffMessageId::sync_never)
                       : builder.text(StaffMessageId::sync_last_success, {{"time", sync.last_success}}),
                   small);
    }
    if (!sync.detail.empty()) {
        column.add(sync.detail, small);
    }
    if (sync.refused > 0) {
        column.add(builder.text(StaffMessageId::sync_refused, {{"count", count_text(sync.refused)}}), small,
                   FontWeight::bold);
        for (const sync::RefusedUploadRecord& refused : sync.recent_refusals) {
            const std::string_view code = refused.event.delegate_code;
            column.add(
                builder.text(StaffMessageId::sync_refused_event,
                             {{"time", format_event_time(refused.event.at_milliseconds)},
                              {"kind", builder.text(event_kind_label(refused.event.kind))},
                              {"code", std::string(code.substr(code.size() > 4 ? code.size() - 4 : 0))},
                              {"reason", refused.reason}}),
                small);
        }
    }
}

std::string usb_problem_text(drivers::Problem problem, const std::string& detail, Language language) {
    std::string text(problem_message(problem, language));
    if (!detail.empty()) {
        text.append(" (").append(detail).append(")");
    }
    return text;
}

// One attached device: what it is and, for a printer, its state and media, in the screen's language.
std::string usb_device_line(StaffSceneBuilder& builder, const UsbDevicePanel& device) {
    const Language language = builder.view().language;
    std::vector<MessageParameter> parameters{{"description", device.description},
                                             {"address", device.address}};
    switch (device.kind) {
    case UsbDeviceKind::printer: {
        std::string line = builder.text(StaffMessageId::usb_printer, parameters);
        if (device.printer) {
            line += " — ";
            if (device.printer->ready) {
                line += builder.text(StaffMessageId::printer_ready);
            } else {
                line += builder.text(StaffMessageId::printer_not_ready);
                for (const drivers::Problem problem : device.printer->problems) {
                    line.append(" ").append(problem_message(problem, language));
                }
            }
            if (std::string media = loaded_media_text(device.printer->loaded, language); !media.empty()) {
                line.append("; ").append(
                    builder.text(StaffMessageId::printer_media, {{"media", std::move(media)}}));
            }
        } else if (device.problem) {
            line.append(" — ").append(
                usb_problem_text(device.problem->problem, device.problem->detail, language));
        }
        return line;
    }
    case UsbDeviceKind::scanner: {
        std::string modes;
        for (const std::string& mode : device.modes) {
            modes.append(modes.empty() ? "" : ", ").append(scanner_mode_label(mode, language));
        }
        parameters.push_back({"modes", modes.empty() ? "—" : modes});
        return builder.text(StaffMessageId::usb_scanner, parameters);
    }
    case UsbDeviceKind::unknown:
        break;
    }
    return builder.text(StaffMessageId::usb_unknown, parameters);
}

void layout_devices(StaffSceneBuilder& builder) {
    const StaffView& view = builder.view();
    const Rect content = signed_in_content(builder);
    const Rect buttons_row{content.x, content.y + content.height - builder.button_height, content.width,
                           builder.button_height};
    const bool sound_on = view.devices ? view.devices->sound_on : true;
    builder.add_button_row({{StaffAction::refresh, "", builder.text(StaffMessageId::refresh)},
                            {StaffAction::toggle_sound, "",
                             builder.text(sound_on ? StaffMessageId::sound_on : StaffMessageId::sound_off),
                             sound_on ? ButtonStyle::normal : ButtonStyle::warning}},
                           buttons_row, TextAlign::left);
    const int area_height = buttons_row.y - builder.gap - content.y;
    if (!view.devices) {
        builder.add_waiting(builder.text(StaffMessageId::devices_loading),
                            Rect{content.x, content.y, content.width, builder.body_line},
                            builder.type().body_px, builder.theme().staff_text, TextAlign::left);
        return;
    }
    const DevicePanel& devices = *view.devices;
    const int column_width = (content.width - builder.margin) / 2;
    TextColumn left(builder, Rect{content.x, content.y, column_width, area_height});
    add_printer_lines(builder, left, devices.printer);
    left.skip(builder.gap);
    add_scanner_lines(builder, left, devices.scanners);

    TextColumn right(builder,
                     Rect{content.x + column_width + builder.margin, content.y, column_width, area_height});
    add_sync_lines(builder, right, devices.sync);
    right.skip(builder.gap);
    right.add(builder.text(StaffMessageId::devices_usb), builder.type().body_px, FontWeight::bold);
    if (devices.usb_failure) {
        right.add(builder.text(StaffMessageId::usb_failed,
                               {{"reason", usb_problem_text(devices.usb_failure->problem,
                                                            devices.usb_failure->detail, view.language)}}),
                  builder.type().small_px);
    } else if (devices.usb_devices.empty()) {
        right.add(builder.text(StaffMessageId::no_usb_devices), builder.type().small_px);
    }
    for (const UsbDevicePanel& device : devices.usb_devices) {
        if (!right.add(usb_device_line(builder, device), builder.type().small_px)) {
            break;
        }
    }
}

// --- Statistics -----------------------------------------------------------------------------------------

// Boxes taken one under another down the first column and on into the next, so the sixteen voivodeships
// fit a 720-pixel screen beside a few roles.
class FlowingColumns {
public:
    explicit FlowingColumns(std::vector<Rect> columns) : m_columns(std::move(columns)) {
        m_y = m_columns.empty() ? 0 : m_columns.front().y;
    }

    // A box `height` tall, in the next column when this one has no room for it and `keep_with_next` more
    // (a heading is never left alone at a column's foot); nullopt when every column is full.
    std::optional<Rect> take(int height, int keep_with_next = 0) {
        while (m_column < m_columns.size()) {
            const Rect& area = m_columns[m_column];
            if (m_y + height + keep_with_next <= area.y + area.height) {
                const Rect box{area.x, m_y, area.width, height};
                m_y += height;
                return box;
            }
            ++m_column;
            if (m_column < m_columns.size()) {
                m_y = m_columns[m_column].y;
            }
        }
        return std::nullopt;
    }

    // Space between groups, except at the top of a column.
    void skip(int pixels) {
        if (m_column < m_columns.size() && m_y > m_columns[m_column].y) {
            m_y += pixels;
        }
    }

private:
    std::vector<Rect> m_columns;
    std::size_t m_column = 0;
    int m_y = 0;
};

// One group (by role, by voivodeship): its heading, then a row per entry: the name, a bar of
// checked_in / expected, "12 / 40".
void add_statistics_group(StaffSceneBuilder& builder, FlowingColumns& columns, StaffMessageId heading,
                          const std::vector<StatisticsRow>& rows) {
    const Theme& theme = builder.theme();
    const int small = builder.type().small_px;
    const int row_height = builder.small_line + builder.gap / 3;
    const std::optional<Rect> heading_box = columns.take(builder.small_line, row_height);
    if (!heading_box) {
        return;
    }
    builder.add_screen_text(builder.text(heading), *heading_box, small, TextAlign::left, FontWeight::bold);
    for (const StatisticsRow& row : rows) {
        const std::optional<Rect> box = columns.take(row_height);
        if (!box) {
            return;
        }
        const int name_width = box->width * 2 / 5;
        const int count_width = box->width / 4;
        const int bar_x = box->x + name_width + builder.gap;
        const int bar_width = box->width - name_width - count_width - 2 * builder.gap;
        builder.add_screen_text(row.name, Rect{box->x, box->y, name_width, builder.small_line}, small);
        const int bar_height = builder.small_line * 2 / 3;
        const int bar_y = box->y + (builder.small_line - bar_height) / 2;
        builder.add_panel(Rect{bar_x, bar_y, bar_width, bar_height}, theme.staff_panel, theme.staff_outline,
                          1);
        if (row.expected > 0 && row.checked_in > 0) {
            const std::size_t filled =
                std::min(row.checked_in, row.expected) * static_cast<std::size_t>(bar_width) / row.expected;
            builder.add_panel(Rect{bar_x, bar_y, static_cast<int>(filled), bar_height}, theme.staff_accent);
        }
        builder.add_screen_text(
            builder.text(StaffMessageId::statistics_row,
                         {{"count", count_text(row.checked_in)}, {"expected", count_text(row.expected)}}),
            Rect{box->x + box->width - count_width, box->y, count_width, builder.small_line}, small,
            TextAlign::right);
    }
    columns.skip(builder.gap);
}

void layout_statistics(StaffSceneBuilder& builder) {
    const StaffView& view = builder.view();
    const Rect content = signed_in_content(builder);
    const std::string refresh = builder.text(StaffMessageId::refresh);
    const int refresh_width = builder.button_width(refresh, builder.button_height * 2);
    builder.add_button(
        {StaffAction::refresh, "", refresh},
        Rect{content.x + content.width - refresh_width, content.y, refresh_width, builder.button_height});
    const int heading_width = content.width - refresh_width - builder.gap;
    if (!view.statistics) {
        builder.add_waiting(builder.text(StaffMessageId::statistics_loading),
                            Rect{content.x, content.y, heading_width, builder.body_line},
                            builder.type().body_px, builder.theme().staff_text, TextAlign::left);
        return;
    }
    const StaffStatistics& statistics = *view.statistics;
    const int body = builder.type().body_px;
    builder.add_screen_text(
        builder.text(StaffMessageId::statistics_heading, {{"day", sync::format_short_day(statistics.day)}}),
        Rect{content.x, content.y, heading_width, std::max(builder.body_line, builder.button_height)}, body,
        TextAlign::left, FontWeight::bold);
    int y = content.y + std::max(builder.body_line, builder.button_height) + builder.gap;

    // The totals side by side: checked in of expected, walk-ins, reprints.
    const int total_width = (content.width - 2 * builder.gap) / 3;
    const std::array<std::string, 3> totals{
        builder.text(StaffMessageId::statistics_checked_in, {{"count", count_text(statistics.checked_in)},
                                                             {"expected", count_text(statistics.expected)}}),
        builder.text(StaffMessageId::statistics_walk_ins, {{"count", count_text(statistics.walk_ins)}}),
        builder.text(StaffMessageId::statistics_reprints, {{"count", count_text(statistics.reprints_today)}}),
    };
    for (std::size_t index = 0; index < totals.size(); ++index) {
        const Rect box{content.x + static_cast<int>(index) * (total_width + builder.gap), y, total_width,
                       builder.small_line + builder.gap};
        builder.add_panel(box, builder.theme().staff_panel);
        builder.add_text(totals[index],
                         Rect{box.x + builder.gap, box.y, box.width - 2 * builder.gap, box.height},
                         builder.type().small_px, builder.theme().staff_panel_text, TextAlign::left,
                         index == 0 ? FontWeight::bold : FontWeight::regular);
    }
    y += builder.small_line + 2 * builder.gap;

    const int column_width = (content.width - builder.margin) / 2;
    const int rows_height = content.y + content.height - y;
    FlowingColumns columns({Rect{content.x, y, column_width, rows_height},
                            Rect{content.x + column_width + builder.margin, y, column_width, rows_height}});
    add_statistics_group(builder, columns, StaffMessageId::statistics_by_role, statistics.by_role);
    add_statistics_group(builder, columns, StaffMessageId::statistics_by_voivodeship,
                         statistics.by_voivodeship);
}

} // namespace

std::vector<std::vector<std::string>> staff_keyboard_rows() {
    return {
        {"1", "2", "3", "4", "5", "6", "7", "8", "9", "0"},
        {"q", "w", "e", "r", "t", "y", "u", "i", "o", "p"},
        {"a", "s", "d", "f", "g", "h", "j", "k", "l"},
        {"z", "x", "c", "v", "b", "n", "m", "-", "'", ".", "@"},
        {"ą", "ć", "ę", "ł", "ń", "ó", "ś", "ź", "ż"},
    };
}

Scene layout_staff_screen(const StaffView& view, int width, int height) {
    StaffSceneBuilder builder(view, width, height);
    switch (view.screen) {
    case StaffScreen::closed:
        break; // self-service draws the screen
    case StaffScreen::pin_pad:
        layout_pin_pad(builder);
        break;
    case StaffScreen::locked:
        layout_locked(builder);
        break;
    case StaffScreen::search:
        layout_search(builder);
        break;
    case StaffScreen::delegate_card:
        layout_delegate_card(builder);
        break;
    case StaffScreen::reprint_reason:
        layout_reprint_reason(builder);
        break;
    case StaffScreen::reprint_preview:
        layout_reprint_preview(builder);
        break;
    case StaffScreen::undo_confirm:
        layout_undo_confirm(builder);
        break;
    case StaffScreen::walk_in:
        layout_walk_in(builder);
        break;
    case StaffScreen::devices:
        layout_devices(builder);
        break;
    case StaffScreen::statistics:
        layout_statistics(builder);
        break;
    }
    return builder.take();
}

} // namespace checkin::kiosk
