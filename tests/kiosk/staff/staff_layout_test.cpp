#include "drivers/error.hpp"
#include "kiosk/selfservice/layout_metrics.hpp"
#include "kiosk/selfservice/messages.hpp"
#include "kiosk/selfservice/theme.hpp"
#include "kiosk/staff/staff_layout.hpp"
#include "kiosk/staff/staff_messages.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <gtest/gtest.h>
#include <string>
#include <string_view>
#include <vector>

namespace checkin::kiosk {
namespace {

using namespace std::chrono_literals;

struct ScreenSize {
    int width;
    int height;
};
constexpr ScreenSize screen_sizes[] = {{1920, 1080}, {1280, 800}, {1280, 720}};

constexpr StaffScreen open_screens[] = {
    StaffScreen::pin_pad,       StaffScreen::locked,         StaffScreen::search,
    StaffScreen::delegate_card, StaffScreen::reprint_reason, StaffScreen::reprint_preview,
    StaffScreen::undo_confirm,  StaffScreen::walk_in,        StaffScreen::devices,
    StaffScreen::statistics,
};

// The fixture roster's longest organisation (tests/data/serock-roster.csv) and its longest voivodeship.
constexpr std::string_view longest_organisation = "Urząd Marszałkowski Województwa Warmińsko-Mazurskiego";
constexpr std::string_view longest_voivodeship = "warmińsko-mazurskie";
// The fixture roster's roles, most delegates first, as walk_in_roles_of gives them.
const std::vector<std::string> roster_roles{"Uczestnik", "Ekspert", "Organizator", "Instytucja Zarządzająca",
                                            "Prelegent", "Media"};

bool signed_in(StaffScreen screen) {
    return screen != StaffScreen::pin_pad && screen != StaffScreen::locked && screen != StaffScreen::closed;
}

bool has_keyboard(StaffScreen screen) {
    return screen == StaffScreen::search || screen == StaffScreen::reprint_reason ||
           screen == StaffScreen::undo_confirm || screen == StaffScreen::walk_in;
}

constexpr sync::Day today{std::chrono::year(2026), std::chrono::November, std::chrono::day(29)};
// 2026-11-29 08:00 UTC; the expected times are computed with the same local_clock_time as the layout.
constexpr std::int64_t morning_milliseconds = 1'795'939'200'000;

sync::Delegate sample_delegate(std::string code, std::string first_name, std::string last_name) {
    sync::Delegate delegate;
    delegate.code = std::move(code);
    delegate.first_name = std::move(first_name);
    delegate.last_name = std::move(last_name);
    delegate.organisation = "Urząd Marszałkowski Województwa Mazowieckiego";
    delegate.position = "Specjalista";
    delegate.partnership = "Partnerstwo Wschód";
    delegate.voivodeship = "mazowieckie";
    delegate.role = "uczestnik";
    delegate.days = {today};
    return delegate;
}

std::vector<sync::CheckinEvent> sample_events(std::size_t count) {
    std::vector<sync::CheckinEvent> events;
    for (std::size_t index = 0; index < count; ++index) {
        sync::CheckinEvent event;
        event.id = "event-" + std::to_string(index);
        event.delegate_code = "CWD-7F3K";
        event.kind = index % 2 == 0 ? sync::EventKind::reprint : sync::EventKind::checkin;
        // Newest first: each later entry an hour earlier.
        event.at_milliseconds = morning_milliseconds - static_cast<std::int64_t>(index) * 3'600'000;
        event.day = today;
        event.operator_name = "Anna";
        event.reason = index % 2 == 0 ? "zgubiony identyfikator" : "";
        events.push_back(event);
    }
    return events;
}

StatisticsRow row(std::string name, std::size_t expected, std::size_t checked_in) {
    return StatisticsRow{std::move(name), expected, checked_in};
}

// A view with everything any screen shows filled in, so each screen has plenty to lay out.
StaffView full_view(StaffScreen screen, Language language) {
    StaffView view;
    view.screen = screen;
    view.language = language;
    if (signed_in(screen)) {
        view.staff_name = "Małgorzata Wiśniewska-Kowalczyk";
    }
    view.pin_digits = 4;
    view.pin_rejected = true;
    view.attempts_left = 2;
    view.locked_for = 245s;
    view.focus = screen == StaffScreen::walk_in ? StaffField::first_name
                 : screen == StaffScreen::reprint_reason || screen == StaffScreen::undo_confirm
                     ? StaffField::reason
                     : StaffField::search;
    view.search_query = "kowal";
    for (int index = 0; index < 8; ++index) {
        view.hits.push_back(sync::SearchHit{
            sample_delegate("CWD-000" + std::to_string(index), "Jan", "Kowalski " + std::to_string(index)),
            10});
    }
    view.hits[1].delegate.status = sync::DelegateStatus::cancelled;
    view.hit_statuses = {{CardArrival::arrived, morning_milliseconds},
                         {CardArrival::cancelled, 0},
                         {CardArrival::not_yet, 0},
                         {CardArrival::not_registered_today, 0},
                         {CardArrival::not_yet, 0},
                         {CardArrival::arrived, morning_milliseconds + 600'000},
                         {CardArrival::not_yet, 0},
                         {CardArrival::not_yet, 0}};
    view.walk_in_roles = roster_roles;
    view.badge_preview = "/nonexistent/badge-preview.png";
    sync::DelegateRecord record{sample_delegate("CWD-7F3K", "Anna", "Kowalska"), {}};
    record.attendance.push_back(sync::Attendance{today, morning_milliseconds, "kiosk-1"});
    view.card = record;
    view.card_events = sample_events(12);
    view.reason = "zgubiony";
    view.walk_in = WalkInForm{"Zofia", "Żółkiewska", "Fundacja Ćwiczeń", ""};
    DevicePanel devices;
    devices.printer.address = "usb://04f9:209d";
    devices.printer.state =
        drivers::PrinterState{false,
                              {drivers::Problem::no_media, drivers::Problem::cover_open},
                              "62 mm continuous tape",
                              "",
                              {.kind = drivers::LoadedMediaKind::continuous, .width_mm = 62}};
    devices.printer.badges_waiting = 3;
    devices.scanners = {{.address = "keyboard", .connected = true, .note = ScannerNote::keyboard},
                        {.address = "usb://0c2e:0b61",
                         .connected = false,
                         .detail = "usb://0c2e:0b61: no such device",
                         .note = ScannerNote::failed,
                         .problem = drivers::Problem::not_found}};
    devices.sync = SyncPanel{"", false, 17, "", "", 0, {}};
    devices.usb_devices = {
        {.kind = UsbDeviceKind::printer, .address = "usb://04f9:209d", .description = "Brother QL-820NWB"},
        {.kind = UsbDeviceKind::scanner,
         .address = "usb://0c2e:0b61",
         .description = "Honeywell Xenon 1900",
         .modes = {"hid-keyboard", "hid-pos"}}};
    devices.sound_on = true;
    view.devices = devices;
    StaffStatistics statistics;
    statistics.day = today;
    statistics.expected = 120;
    statistics.checked_in = 52;
    statistics.walk_ins = 4;
    statistics.reprints_today = 3;
    statistics.by_role = {row("uczestnik", 100, 40), row("prelegent", 12, 9), row("organizator", 8, 3)};
    for (const char* voivodeship :
         {"dolnośląskie", "kujawsko-pomorskie", "lubelskie", "lubuskie", "łódzkie", "małopolskie",
          "mazowieckie", "opolskie", "podkarpackie", "podlaskie", "pomorskie", "śląskie", "świętokrzyskie",
          "warmińsko-mazurskie", "wielkopolskie", "zachodniopomorskie", "—"}) {
        statistics.by_voivodeship.push_back(row(voivodeship, 8, 3));
    }
    view.statistics = statistics;
    view.notice = "Wydrukowano ponownie identyfikator: Anna Kowalska";
    return view;
}

std::vector<const TextBlock*> texts_of(const Scene& scene) {
    std::vector<const TextBlock*> texts;
    for (const SceneElement& element : scene.elements) {
        if (const auto* text = std::get_if<TextBlock>(&element)) {
            texts.push_back(text);
        }
    }
    return texts;
}

const TextBlock* find_text(const Scene& scene, std::string_view wanted) {
    for (const TextBlock* text : texts_of(scene)) {
        if (text->text == wanted) {
            return text;
        }
    }
    return nullptr;
}

bool has_text_containing(const Scene& scene, std::string_view part) {
    return std::ranges::any_of(
        texts_of(scene), [&](const TextBlock* text) { return text->text.find(part) != std::string::npos; });
}

std::vector<Spinner> spinners_of(const Scene& scene) {
    std::vector<Spinner> found;
    for (const SceneElement& element : scene.elements) {
        if (const auto* spinner = std::get_if<Spinner>(&element)) {
            found.push_back(*spinner);
        }
    }
    return found;
}

bool inside(const Rect& inner, const Rect& outer) {
    return inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.width <= outer.x + outer.width &&
           inner.y + inner.height <= outer.y + outer.height;
}

bool overlap(const Rect& first, const Rect& second) {
    return first.x < second.x + second.width && second.x < first.x + first.width &&
           first.y < second.y + second.height && second.y < first.y + first.height;
}

// The label drawn on a button: a text whose box lies inside it.
const TextBlock* label_of(const Scene& scene, std::string_view button_id) {
    const Button* button = scene.find_button(button_id);
    if (button == nullptr) {
        return nullptr;
    }
    for (const TextBlock* text : texts_of(scene)) {
        if (inside(text->box, button->box)) {
            return text;
        }
    }
    return nullptr;
}

// The panel a button is drawn with: the last one with exactly its box.
const Panel* panel_of(const Scene& scene, const Button& button) {
    const Panel* found = nullptr;
    for (const SceneElement& element : scene.elements) {
        if (const auto* panel = std::get_if<Panel>(&element); panel != nullptr && panel->box == button.box) {
            found = panel;
        }
    }
    return found;
}

std::string trace_of(StaffScreen screen, Language language, ScreenSize size) {
    return std::string(to_string(screen)) + (language == Language::pl ? " pl " : " en ") +
           std::to_string(size.width) + "x" + std::to_string(size.height);
}

// The checks every staff scene passes, whatever it shows.
void expect_well_formed(const Scene& scene, ScreenSize size) {
    const Rect screen{0, 0, size.width, size.height};
    const TypeScale type = type_scale(size.height);
    for (const SceneElement& element : scene.elements) {
        const Rect box = std::visit([](const auto& each) { return each.box; }, element);
        EXPECT_TRUE(inside(box, screen)) << "an element at " << box.x << "," << box.y << " " << box.width
                                         << "×" << box.height << " leaves the screen";
        EXPECT_GT(box.width, 0);
        EXPECT_GT(box.height, 0);
    }
    // Touch targets: at least 64 px at 1080 px, in proportion on smaller screens.
    const double least_button_height = 64.0 * size.height / 1080.0;
    for (std::size_t first = 0; first < scene.buttons.size(); ++first) {
        const Button& button = scene.buttons[first];
        SCOPED_TRACE(button.id);
        EXPECT_TRUE(inside(button.box, screen));
        EXPECT_GE(button.box.height, least_button_height);
        const std::optional<StaffButtonPress> press = parse_staff_button_id(button.id);
        ASSERT_TRUE(press.has_value());
        EXPECT_EQ(staff_button_id(press->action, press->argument), button.id);
        for (std::size_t second = first + 1; second < scene.buttons.size(); ++second) {
            EXPECT_FALSE(overlap(button.box, scene.buttons[second].box))
                << "overlaps " << scene.buttons[second].id;
        }
        EXPECT_EQ(scene.button_at(button.box.centre_x(), button.box.centre_y()), &button);
        // Every button says what it does, except the touch areas over a drawn row or field.
        if (press->action != StaffAction::open_hit && press->action != StaffAction::focus_field) {
            EXPECT_NE(label_of(scene, button.id), nullptr);
        }
    }
    // Text sizes and contrast against the fill under each text: the last panel drawn before it that
    // touches its box, which must hold the whole box (a text across a panel's edge has no one fill).
    for (std::size_t index = 0; index < scene.elements.size(); ++index) {
        const auto* text = std::get_if<TextBlock>(&scene.elements[index]);
        if (text == nullptr) {
            continue;
        }
        SCOPED_TRACE(text->text);
        EXPECT_FALSE(text->text.empty());
        EXPECT_GE(text->font_px, type.small_px);
        EXPECT_GE(text->minimum_font_px, type.small_px);
        EXPECT_LE(text->minimum_font_px, text->font_px);
        EXPECT_GE(text->box.height * 100, text->minimum_font_px * 117) << "no room for one line";
        Colour fill = scene.background;
        for (std::size_t below = index; below-- > 0;) {
            const auto* panel = std::get_if<Panel>(&scene.elements[below]);
            if (panel != nullptr && overlap(panel->box, text->box)) {
                EXPECT_TRUE(inside(text->box, panel->box)) << "the text crosses a panel's edge";
                fill = panel->fill;
                break;
            }
        }
        EXPECT_GE(contrast_ratio(text->colour, fill), wcag_aa_text);
    }
    // Non-text contrast (WCAG 1.4.11): a panel whose fill hardly stands out from what is around it (a white
    // field, row or empty bar on the light staff background) is seen by its outline, which must reach 3:1
    // against the surroundings.
    for (std::size_t index = 0; index < scene.elements.size(); ++index) {
        const auto* panel = std::get_if<Panel>(&scene.elements[index]);
        if (panel == nullptr) {
            continue;
        }
        Colour around = scene.background;
        for (std::size_t below = index; below-- > 0;) {
            const auto* under = std::get_if<Panel>(&scene.elements[below]);
            if (under != nullptr && inside(panel->box, under->box)) {
                around = under->fill;
                break;
            }
        }
        if (contrast_ratio(panel->fill, around) >= 3.0) {
            continue;
        }
        if (!panel->border) {
            continue; // a panel that only groups what is on it (a card on the background)
        }
        EXPECT_GE(contrast_ratio(*panel->border, around), 3.0)
            << "the outline of a panel at " << panel->box.x << "," << panel->box.y;
    }
}

TEST(StaffLayout, EveryScreenInBothLanguagesAndEverySizeIsWellFormed) {
    for (const StaffScreen screen : open_screens) {
        for (const Language language : {Language::pl, Language::en}) {
            for (const ScreenSize size : screen_sizes) {
                SCOPED_TRACE(trace_of(screen, language, size));
                StaffView view = full_view(screen, language);
                const Scene scene = layout_staff_screen(view, size.width, size.height);
                EXPECT_EQ(scene.name, to_string(screen));
                EXPECT_TRUE(scene.name.starts_with("staff-"));
                EXPECT_EQ(scene.width, size.width);
                EXPECT_EQ(scene.height, size.height);
                EXPECT_EQ(scene.background, kiosk_theme().staff_background);
                EXPECT_FALSE(scene.buttons.empty());
                expect_well_formed(scene, size);
                // The same without the optional parts (no notice, nothing loaded, busy).
                view.notice.reset();
                view.busy = true;
                view.hits.clear();
                view.card.reset();
                view.card_events.clear();
                view.devices.reset();
                view.statistics.reset();
                view.pin_rejected = false;
                expect_well_formed(layout_staff_screen(view, size.width, size.height), size);
                // And with shift on.
                view.shift = true;
                expect_well_formed(layout_staff_screen(view, size.width, size.height), size);
            }
        }
    }
}

TEST(StaffLayout, ClosedIsAnEmptySceneNamedClosed) {
    const Scene scene = layout_staff_screen(StaffView{}, 1920, 1080);
    EXPECT_EQ(scene.name, "closed");
    EXPECT_TRUE(scene.elements.empty());
    EXPECT_TRUE(scene.buttons.empty());
}

TEST(StaffLayout, EveryScreenHasExitAndTheLanguageSwitch) {
    for (const StaffScreen screen : open_screens) {
        SCOPED_TRACE(to_string(screen));
        const Scene scene = layout_staff_screen(full_view(screen, Language::pl), 1280, 720);
        ASSERT_NE(label_of(scene, "exit"), nullptr);
        EXPECT_EQ(label_of(scene, "exit")->text, "Wyjdź");
        ASSERT_NE(label_of(scene, "toggle_language"), nullptr);
        EXPECT_EQ(label_of(scene, "toggle_language")->text, "English");
    }
}

TEST(StaffLayout, TabsOnlyOnceSignedInWithTheCurrentOneHighlighted) {
    const std::vector<std::string> tabs{"tab:search", "tab:walk_in", "tab:devices", "tab:statistics"};
    const Colour accent = kiosk_theme().staff_accent;
    for (const StaffScreen screen : open_screens) {
        for (const Language language : {Language::pl, Language::en}) {
            SCOPED_TRACE(trace_of(screen, language, {1280, 720}));
            const Scene scene = layout_staff_screen(full_view(screen, language), 1280, 720);
            std::string selected;
            switch (screen) {
            case StaffScreen::walk_in:
                selected = "tab:walk_in";
                break;
            case StaffScreen::devices:
                selected = "tab:devices";
                break;
            case StaffScreen::statistics:
                selected = "tab:statistics";
                break;
            default:
                selected = "tab:search";
                break;
            }
            for (const std::string& tab : tabs) {
                const Button* button = scene.find_button(tab);
                if (!signed_in(screen)) {
                    EXPECT_EQ(button, nullptr) << tab;
                    continue;
                }
                ASSERT_NE(button, nullptr) << tab;
                const Panel* panel = panel_of(scene, *button);
                ASSERT_NE(panel, nullptr) << tab;
                EXPECT_EQ(panel->fill == accent, tab == selected) << tab;
            }
        }
    }
    const Scene walk_in = layout_staff_screen(full_view(StaffScreen::walk_in, Language::pl), 1920, 1080);
    EXPECT_EQ(label_of(walk_in, "tab:walk_in")->text, "Rejestracja na miejscu");
    EXPECT_EQ(label_of(walk_in, "tab:statistics")->text, "Statystyki");
    const Scene english = layout_staff_screen(full_view(StaffScreen::walk_in, Language::en), 1920, 1080);
    EXPECT_EQ(label_of(english, "tab:walk_in")->text, "Walk-in");
    EXPECT_EQ(label_of(english, "tab:devices")->text, "Devices");
}

TEST(StaffLayout, TheTopBarNamesWhoIsSignedInOrThatItIsBusy) {
    StaffView view = full_view(StaffScreen::search, Language::pl);
    view.staff_name = "Anna";
    EXPECT_NE(find_text(layout_staff_screen(view, 1920, 1080), "Personel: Anna"), nullptr);
    view.busy = true;
    // Busy: a spinner takes the name's place (the sentence beside it where it fits; see below).
    const Scene busy = layout_staff_screen(view, 1920, 1080);
    EXPECT_EQ(find_text(busy, "Personel: Anna"), nullptr);
    EXPECT_FALSE(spinners_of(busy).empty());
    EXPECT_LT(spinners_of(busy).front().box.y,
              busy.find_button("exit")->box.y + busy.find_button("exit")->box.height);
}

// Wherever staff mode waits it shows a spinner, and the waiting sentence only where it fits whole: never
// "Pr…". (The spinner's drawing is checked in sdl_painter_test and the staff screenshots.)
TEST(StaffLayout, WaitingShowsASpinnerAndTheSentenceOnlyWhereItFits) {
    const std::vector<std::string> waiting{
        "Proszę czekać…",       "Please wait…",           "Szukam…",
        "Searching…",           "Sprawdzam urządzenia…",  "Checking the devices…",
        "Wczytuję statystyki…", "Loading the statistics…"};
    for (const StaffScreen screen : open_screens) {
        if (screen == StaffScreen::locked) {
            continue; // nothing is awaited there
        }
        for (const Language language : {Language::pl, Language::en}) {
            for (const ScreenSize size : screen_sizes) {
                SCOPED_TRACE(trace_of(screen, language, size));
                StaffView view = full_view(screen, language);
                view.busy = true;
                view.pin_rejected = false;
                view.notice.reset();
                view.card.reset();
                view.badge_preview.reset();
                view.devices.reset();
                view.statistics.reset();
                view.hits.clear();
                view.searching = screen == StaffScreen::search;
                const Scene scene = layout_staff_screen(view, size.width, size.height);
                const std::vector<Spinner> spinners = spinners_of(scene);
                ASSERT_FALSE(spinners.empty());
                for (const Spinner& spinner : spinners) {
                    EXPECT_EQ(spinner.box.width, spinner.box.height);
                    EXPECT_GE(spinner.box.width, 12);
                    EXPECT_EQ(spinner.colour, kiosk_theme().staff_accent);
                    EXPECT_GE(contrast_ratio(spinner.colour, kiosk_theme().staff_panel), 3.0);
                    EXPECT_GE(contrast_ratio(spinner.colour, kiosk_theme().staff_background), 3.0);
                }
                for (const TextBlock* text : texts_of(scene)) {
                    if (std::ranges::find(waiting, text->text) != waiting.end()) {
                        EXPECT_LE(estimated_text_width(text->text, text->font_px, text->weight),
                                  text->box.width)
                            << text->text << " would be cut";
                    }
                }
            }
        }
    }
    // The top bar of a narrow screen has no room for the sentence beside the tabs: the spinner alone.
    StaffView view = full_view(StaffScreen::search, Language::pl);
    view.busy = true;
    const Scene narrow = layout_staff_screen(view, 1280, 720);
    const Button* exit = narrow.find_button("toggle_language");
    ASSERT_NE(exit, nullptr);
    const std::vector<Spinner> spinners = spinners_of(narrow);
    ASSERT_FALSE(spinners.empty());
    EXPECT_LT(spinners.front().box.x + spinners.front().box.width, exit->box.x);
    EXPECT_LT(spinners.front().box.y, exit->box.y + exit->box.height);
}

TEST(SpinnerGeometry, EightDotsRoundTheSquareWithTheHeadAndATailLit) {
    const Spinner spinner{Rect{100, 200, 60, 60}, Colour{0, 0, 255}, Colour{200, 200, 200}};
    const Rect top = spinner.dot(0);
    EXPECT_EQ(top.width, 12);                                // a fifth of the ring
    EXPECT_EQ(top.y, 200);                                   // the top dot touches the top edge
    EXPECT_EQ(top.x + top.width / 2, 130);                   // centred
    EXPECT_EQ(spinner.dot(2).x + spinner.dot(2).width, 160); // the right one touches the right edge
    EXPECT_EQ(spinner.dot(4).y + spinner.dot(4).height, 260);
    for (int index = 0; index < Spinner::dot_count; ++index) {
        EXPECT_TRUE(inside(spinner.dot(index), spinner.box));
    }
    // Head at 3: dots 3, 2 and 1 lit; at 0: 0, 7 and 6.
    EXPECT_TRUE(Spinner::lit(3, 3) && Spinner::lit(2, 3) && Spinner::lit(1, 3));
    EXPECT_FALSE(Spinner::lit(0, 3) || Spinner::lit(4, 3));
    EXPECT_TRUE(Spinner::lit(0, 0) && Spinner::lit(7, 0) && Spinner::lit(6, 0));
    EXPECT_FALSE(Spinner::lit(1, 0) || Spinner::lit(5, 0));
    const auto start = std::chrono::steady_clock::time_point{};
    EXPECT_EQ(Spinner::phase_at(start), 0);
    EXPECT_EQ(Spinner::phase_at(start + 130ms), 1);
    EXPECT_EQ(Spinner::phase_at(start + 1000ms), 0); // a turn a second
    EXPECT_EQ(Spinner::phase_at(start + 1900ms), 7);
}

// Each hit carries where the delegate stands today, in the card banner's colours, and a check-in exactly
// where the card would offer one.
TEST(StaffLayout, SearchRowsCarryAStatusChipAndACheckInWhereOffered) {
    const Theme& theme = kiosk_theme();
    for (const Language language : {Language::pl, Language::en}) {
        for (const ScreenSize size : screen_sizes) {
            SCOPED_TRACE(trace_of(StaffScreen::search, language, size));
            // Three rows fit every size above the keyboard: the states in two rounds.
            StaffView view = full_view(StaffScreen::search, language);
            view.notice.reset();
            view.hits.resize(3);
            view.hits[0].delegate.first_name = "Łukasz"; // the fixture roster's first Łukasz
            view.hits[0].delegate.last_name = "Andrzejewski";
            const bool polish = language == Language::pl;
            const std::string arrived_time = format_clock_time(local_clock_time(morning_milliseconds));
            struct Round {
                std::vector<CardStatus> statuses;
                std::vector<std::pair<std::string, Colour>> chips; // by row; an empty text: no chip
                std::vector<bool> check_in;                        // by row
            };
            const std::vector<Round> rounds{
                {{{CardArrival::not_yet, 0},
                  {CardArrival::arrived, morning_milliseconds},
                  {CardArrival::cancelled, 0}},
                 {{polish ? "jeszcze nie" : "not yet", theme.staff_background},
                  {(polish ? "przybył(a) " : "arrived ") + arrived_time, theme.success_fill},
                  {polish ? "anulowana" : "cancelled", Colour{0xA4, 0x26, 0x2C}}},
                 {true, false, false}},
                // The third row's state is not known: no chip, and the card's rule for an unknown day.
                {{{CardArrival::not_registered_today, 0}, {CardArrival::not_yet, 0}},
                 {{polish ? "nie dziś" : "not today", theme.staff_warning_fill},
                  {polish ? "jeszcze nie" : "not yet", theme.staff_background},
                  {"", Colour{}}},
                 {false, true, true}},
            };
            for (const Round& round : rounds) {
                view.hit_statuses = round.statuses;
                const Scene scene = layout_staff_screen(view, size.width, size.height);
                for (std::size_t index = 0; index < 3; ++index) {
                    SCOPED_TRACE(index);
                    const Button* row = scene.find_button("open_hit:" + std::to_string(index));
                    ASSERT_NE(row, nullptr);
                    const std::string& wanted = round.chips[index].first;
                    if (!wanted.empty()) {
                        const TextBlock* chip = find_text(scene, wanted);
                        ASSERT_NE(chip, nullptr) << wanted;
                        // On its own panel in the banner's colour, inside the row, the text whole.
                        const Panel* under = nullptr;
                        for (const SceneElement& element : scene.elements) {
                            if (const auto* panel = std::get_if<Panel>(&element);
                                panel != nullptr && panel->box == chip->box) {
                                under = panel;
                            }
                        }
                        ASSERT_NE(under, nullptr);
                        EXPECT_EQ(under->fill, round.chips[index].second);
                        EXPECT_GE(chip->box.y, row->box.y);
                        EXPECT_LE(chip->box.y + chip->box.height, row->box.y + row->box.height);
                        EXPECT_LE(estimated_text_width(chip->text, chip->font_px, chip->weight),
                                  chip->box.width);
                    }
                    // The name is whole beside the chip and the button (the organisation gives way).
                    const TextBlock* name = find_text(scene, view.hits[index].delegate.full_name());
                    ASSERT_NE(name, nullptr);
                    EXPECT_LE(estimated_text_width(name->text, name->font_px, name->weight), name->box.width);
                    EXPECT_TRUE(inside(name->box, row->box));
                    const std::string id = "check_in:" + std::to_string(index);
                    const Button* button = scene.find_button(id);
                    if (!round.check_in[index]) {
                        EXPECT_EQ(button, nullptr) << id;
                        continue;
                    }
                    ASSERT_NE(button, nullptr) << id;
                    ASSERT_NE(label_of(scene, id), nullptr);
                    EXPECT_EQ(label_of(scene, id)->text,
                              render_staff(StaffMessageId::hit_check_in, language));
                    EXPECT_EQ(button->box.y, row->box.y);
                    EXPECT_EQ(button->box.height, row->box.height);
                    EXPECT_EQ(row->box.x + row->box.width, button->box.x); // the row's end, beside its target
                }
            }
        }
    }
}

// The card's long values wrap onto up to three lines where the card has room, for the fixture roster's
// longest organisation and voivodeship and a delegate who came on three days, at every size.
TEST(StaffLayout, CardWrapsLongValuesInsteadOfCuttingThem) {
    const sync::Day second_day{std::chrono::sys_days(today) + std::chrono::days(1)};
    const sync::Day third_day{std::chrono::sys_days(today) + std::chrono::days(2)};
    for (const Language language : {Language::pl, Language::en}) {
        for (const ScreenSize size : screen_sizes) {
            SCOPED_TRACE(trace_of(StaffScreen::delegate_card, language, size));
            StaffView view = full_view(StaffScreen::delegate_card, language);
            view.notice.reset();
            view.card->delegate.organisation = std::string(longest_organisation);
            view.card->delegate.voivodeship = std::string(longest_voivodeship);
            view.card->delegate.days = {today, second_day, third_day};
            view.card->attendance = {{today, morning_milliseconds, "kiosk-1"},
                                     {second_day, morning_milliseconds + 86'400'000, "kiosk-2"},
                                     {third_day, morning_milliseconds + 2 * 86'400'000, "kiosk-1"}};
            view.card_day = third_day;
            const Scene scene = layout_staff_screen(view, size.width, size.height);
            const TypeScale type = type_scale(size.height);
            int wrapped = 0;
            const TextBlock* organisation = find_text(scene, longest_organisation);
            ASSERT_NE(organisation, nullptr);
            for (const TextBlock* value : {organisation, find_text(scene, longest_voivodeship)}) {
                ASSERT_NE(value, nullptr);
                SCOPED_TRACE(value->text);
                // Room for every line the text needs at its size, up to three.
                const int needed =
                    (estimated_text_width(value->text, value->font_px) + value->box.width - 1) /
                    value->box.width;
                const int lines = value->box.height / line_height(value->font_px);
                EXPECT_GE(lines, std::min(needed, 3));
                EXPECT_LE(lines, 3);
                wrapped += lines > 1 ? 1 : 0;
            }
            // The arrivals of three days wrap too.
            const std::string attendance_start = language == Language::pl ? "29.11, godz." : "29.11 at";
            const std::vector<const TextBlock*> texts = texts_of(scene);
            const auto arrivals = std::ranges::find_if(
                texts, [&](const TextBlock* text) { return text->text.starts_with(attendance_start); });
            ASSERT_NE(arrivals, texts.end());
            const TextBlock& arrival = **arrivals;
            const int arrival_lines = arrival.box.height / line_height(arrival.font_px);
            // Three days' arrivals need three lines on the 1280-pixel screens, where the card has room for
            // two beside the other fields: they wrap, and only the third line's worth is cut.
            const int arrival_needs =
                (estimated_text_width(arrival.text, arrival.font_px) + arrival.box.width - 1) /
                arrival.box.width;
            EXPECT_GE(arrival_lines,
                      size.height == 1080 ? std::min(3, arrival_needs) : std::min(2, arrival_needs));
            // On the 1280-pixel screens the organisation needs more than a line: the test does wrap there.
            if (size.width == 1280) {
                EXPECT_GE(wrapped, 1);
            }
            // Wrapped values do not run into the next field.
            for (const TextBlock* first : texts_of(scene)) {
                for (const TextBlock* second : texts_of(scene)) {
                    if (first != second && first->font_px == type.small_px &&
                        second->font_px == type.small_px && first->box.x == second->box.x &&
                        first->box.x == organisation->box.x) {
                        EXPECT_FALSE(overlap(first->box, second->box))
                            << first->text << " / " << second->text;
                    }
                }
            }
        }
    }
}

// The walk-in's role is picked from the roster's own roles; the one the form holds is highlighted, and
// while the field is empty the default (the roster's most common role) is.
TEST(StaffLayout, WalkInOffersTheRostersRoles) {
    for (const Language language : {Language::pl, Language::en}) {
        for (const ScreenSize size : screen_sizes) {
            SCOPED_TRACE(trace_of(StaffScreen::walk_in, language, size));
            StaffView view = full_view(StaffScreen::walk_in, language);
            view.notice.reset();
            Scene scene = layout_staff_screen(view, size.width, size.height);
            EXPECT_TRUE(has_text_containing(scene, language == Language::pl ? "Rola (pusta: Uczestnik)"
                                                                            : "Role (empty: Uczestnik)"));
            // At least the three most common fit every size (four at 1920), in the roster's order.
            const std::size_t least = size.width == 1920 ? 4 : 3;
            for (std::size_t index = 0; index < least; ++index) {
                const std::string id = "choose_role:" + std::to_string(index);
                ASSERT_NE(scene.find_button(id), nullptr) << id;
                ASSERT_NE(label_of(scene, id), nullptr);
                EXPECT_EQ(label_of(scene, id)->text, roster_roles[index]);
                if (index > 0) {
                    EXPECT_GT(scene.find_button(id)->box.x,
                              scene.find_button("choose_role:" + std::to_string(index - 1))->box.x);
                }
            }
            // Above the keyboard, below the role field.
            EXPECT_LT(scene.find_button("choose_role:0")->box.y +
                          scene.find_button("choose_role:0")->box.height,
                      scene.find_button("key:q")->box.y);
            EXPECT_GT(scene.find_button("choose_role:0")->box.y,
                      scene.find_button("focus_field:role")->box.y);
            EXPECT_EQ(panel_of(scene, *scene.find_button("choose_role:0"))->fill, kiosk_theme().staff_accent);
            EXPECT_NE(panel_of(scene, *scene.find_button("choose_role:1"))->fill, kiosk_theme().staff_accent);
            view.walk_in.role = "Ekspert";
            scene = layout_staff_screen(view, size.width, size.height);
            EXPECT_NE(panel_of(scene, *scene.find_button("choose_role:0"))->fill, kiosk_theme().staff_accent);
            EXPECT_EQ(panel_of(scene, *scene.find_button("choose_role:1"))->fill, kiosk_theme().staff_accent);
        }
    }
    // Without roles (not loaded yet) the form is as before.
    StaffView view = full_view(StaffScreen::walk_in, Language::pl);
    view.walk_in_roles.clear();
    EXPECT_EQ(layout_staff_screen(view, 1920, 1080).find_button("choose_role:0"), nullptr);
}

// Before a reprint the badge shows as it will print, with the reason; print only once it is on screen.
TEST(StaffLayout, ReprintPreviewShowsTheBadgeThenOffersPrint) {
    for (const Language language : {Language::pl, Language::en}) {
        for (const ScreenSize size : screen_sizes) {
            SCOPED_TRACE(trace_of(StaffScreen::reprint_preview, language, size));
            StaffView view = full_view(StaffScreen::reprint_preview, language);
            view.notice.reset();
            Scene scene = layout_staff_screen(view, size.width, size.height);
            EXPECT_NE(find_text(scene, language == Language::pl ? "Podgląd identyfikatora — Anna Kowalska"
                                                                : "Badge preview — Anna Kowalska"),
                      nullptr);
            EXPECT_NE(find_text(scene, language == Language::pl ? "Powód: zgubiony" : "Reason: zgubiony"),
                      nullptr);
            const Picture* picture = nullptr;
            for (const SceneElement& element : scene.elements) {
                if (const auto* found = std::get_if<Picture>(&element)) {
                    picture = found;
                }
            }
            ASSERT_NE(picture, nullptr);
            EXPECT_EQ(picture->file, std::filesystem::path("/nonexistent/badge-preview.png"));
            const Button* print = scene.find_button("print_reprint");
            const Button* back = scene.find_button("back");
            ASSERT_NE(print, nullptr);
            ASSERT_NE(back, nullptr);
            EXPECT_EQ(panel_of(scene, *print)->fill, kiosk_theme().staff_accent);
            EXPECT_LT(picture->box.y + picture->box.height, print->box.y);
            EXPECT_GE(picture->box.height, size.height / 3); // big enough to read the name
            // Before the preview comes: a spinner, and no print.
            view.badge_preview.reset();
            view.busy = true;
            scene = layout_staff_screen(view, size.width, size.height);
            EXPECT_EQ(scene.find_button("print_reprint"), nullptr);
            EXPECT_NE(scene.find_button("back"), nullptr);
            EXPECT_GE(spinners_of(scene).size(), 2U); // the top bar's and the picture's
        }
    }
}

TEST(StaffLayout, KeyboardHasThePolishLettersAndShowsUpperCaseWithShift) {
    const std::vector<std::pair<std::string, std::string>> polish{{"ą", "Ą"}, {"ć", "Ć"}, {"ę", "Ę"},
                                                                  {"ł", "Ł"}, {"ń", "Ń"}, {"ó", "Ó"},
                                                                  {"ś", "Ś"}, {"ź", "Ź"}, {"ż", "Ż"}};
    for (const StaffScreen screen : open_screens) {
        SCOPED_TRACE(to_string(screen));
        StaffView view = full_view(screen, Language::pl);
        const Scene scene = layout_staff_screen(view, 1280, 720);
        if (!has_keyboard(screen)) {
            EXPECT_EQ(scene.find_button("key:a"), nullptr);
            continue;
        }
        for (const auto& [lower, upper] : polish) {
            ASSERT_NE(label_of(scene, "key:" + lower), nullptr) << lower;
            EXPECT_EQ(label_of(scene, "key:" + lower)->text, lower);
        }
        for (const std::string_view id : {"key:q", "key:m", "key:0", "key:-", "key:'", "key:.", "key:@",
                                          "shift", "space", "backspace", "clear_field"}) {
            EXPECT_NE(scene.find_button(id), nullptr) << id;
        }
        // With shift the labels are upper case; the ids stay lower case (StaffMode applies the shift).
        view.shift = true;
        const Scene shifted = layout_staff_screen(view, 1280, 720);
        for (const auto& [lower, upper] : polish) {
            ASSERT_NE(label_of(shifted, "key:" + lower), nullptr) << lower;
            EXPECT_EQ(label_of(shifted, "key:" + lower)->text, upper);
        }
        EXPECT_EQ(label_of(shifted, "key:q")->text, "Q");
        EXPECT_EQ(label_of(shifted, "key:1")->text, "1");
        EXPECT_EQ(panel_of(shifted, *shifted.find_button("shift"))->fill, kiosk_theme().staff_accent);
    }
}

TEST(StaffLayout, KeyboardRowsAreLowerCaseAndDistinct) {
    std::vector<std::string> keys;
    for (const auto& row : staff_keyboard_rows()) {
        keys.insert(keys.end(), row.begin(), row.end());
    }
    EXPECT_EQ(keys.size(), 10U + 26U + 9U + 4U);
    std::ranges::sort(keys);
    EXPECT_EQ(std::ranges::adjacent_find(keys), keys.end());
    for (const std::string& key : keys) {
        EXPECT_TRUE(key.size() > 1 || !(key[0] >= 'A' && key[0] <= 'Z')) << key;
    }
}

TEST(StaffLayout, PinPadHasTenDigitsDotsAndTheAttemptsLeft) {
    for (const Language language : {Language::pl, Language::en}) {
        const StaffView view = full_view(StaffScreen::pin_pad, language);
        const Scene scene = layout_staff_screen(view, 1920, 1080);
        for (int digit = 0; digit <= 9; ++digit) {
            const std::string id = "digit:" + std::to_string(digit);
            ASSERT_NE(label_of(scene, id), nullptr) << id;
            EXPECT_EQ(label_of(scene, id)->text, std::to_string(digit));
        }
        EXPECT_NE(scene.find_button("pin_backspace"), nullptr);
        EXPECT_NE(scene.find_button("pin_submit"), nullptr);
        EXPECT_EQ(scene.find_button("key:a"), nullptr);
        // Round panels, one per entered digit.
        const auto dots = std::ranges::count_if(scene.elements, [](const SceneElement& element) {
            const auto* panel = std::get_if<Panel>(&element);
            return panel != nullptr && panel->corner_radius * 2 == panel->box.width;
        });
        EXPECT_EQ(static_cast<std::size_t>(dots), view.pin_digits);
        EXPECT_NE(find_text(scene, render_staff(StaffMessageId::pin_heading, language)), nullptr);
        const TextBlock* rejected =
            find_text(scene, render_staff(StaffMessageId::pin_rejected, language, {{"count", "2"}}));
        ASSERT_NE(rejected, nullptr);
        EXPECT_EQ(rejected->colour, kiosk_theme().staff_warning_text);
    }
    StaffView quiet = full_view(StaffScreen::pin_pad, Language::pl);
    quiet.pin_rejected = false;
    EXPECT_FALSE(has_text_containing(layout_staff_screen(quiet, 1280, 720), "Błędny PIN"));
    // While the PIN is being checked the pad says so, and its keys stay where they were.
    quiet.busy = true;
    const Scene busy = layout_staff_screen(quiet, 1280, 720);
    EXPECT_NE(find_text(busy, "Proszę czekać…"), nullptr);
    EXPECT_EQ(busy.find_button("digit:5")->box,
              layout_staff_screen(full_view(StaffScreen::pin_pad, Language::pl), 1280, 720)
                  .find_button("digit:5")
                  ->box);
}

TEST(StaffLayout, LockedShowsTheTimeLeftAsMinutesAndSeconds) {
    const Scene scene = layout_staff_screen(full_view(StaffScreen::locked, Language::pl), 1280, 720);
    EXPECT_NE(find_text(scene, "Zablokowano — spróbuj za 04:05"), nullptr);
    EXPECT_NE(scene.find_button("exit"), nullptr);
    EXPECT_EQ(scene.find_button("digit:1"), nullptr);
    const Scene english = layout_staff_screen(full_view(StaffScreen::locked, Language::en), 1280, 720);
    EXPECT_NE(find_text(english, "Locked — try again in 04:05"), nullptr);
}

TEST(StaffLayout, SearchShowsTheQueryTheHitsAndTheirState) {
    StaffView view = full_view(StaffScreen::search, Language::pl);
    view.notice.reset();
    Scene scene = layout_staff_screen(view, 1920, 1080);
    // The focused field: the accent border and a caret after the query.
    const Button* field = scene.find_button("focus_field:search");
    ASSERT_NE(field, nullptr);
    ASSERT_NE(panel_of(scene, *field), nullptr);
    EXPECT_EQ(panel_of(scene, *field)->border, kiosk_theme().staff_accent);
    EXPECT_NE(find_text(scene, "kowal|"), nullptr);
    // Rows for the hits that fit, in order, with name, organisation and code.
    ASSERT_NE(scene.find_button("open_hit:0"), nullptr);
    ASSERT_NE(scene.find_button("open_hit:2"), nullptr);
    EXPECT_NE(find_text(scene, "Jan Kowalski 0"), nullptr);
    EXPECT_NE(find_text(scene, "Urząd Marszałkowski Województwa Mazowieckiego"), nullptr);
    EXPECT_NE(find_text(scene, "CWD-0000"), nullptr);
    // The cancelled row's chip says so (rows without a known state say it before the organisation).
    EXPECT_NE(find_text(scene, "anulowana"), nullptr);
    EXPECT_LT(scene.find_button("open_hit:0")->box.y, scene.find_button("open_hit:1")->box.y);
    // A smaller screen shows fewer rows but at least a few.
    const Scene small = layout_staff_screen(view, 1280, 720);
    EXPECT_NE(small.find_button("open_hit:2"), nullptr);

    view.hit_statuses.clear();
    EXPECT_NE(find_text(layout_staff_screen(view, 1920, 1080),
                        "Rejestracja anulowana · Urząd Marszałkowski Województwa Mazowieckiego"),
              nullptr);

    view.hits.clear();
    view.searching = true;
    EXPECT_NE(find_text(layout_staff_screen(view, 1280, 720), "Szukam…"), nullptr);
    view.searching = false;
    scene = layout_staff_screen(view, 1280, 720);
    EXPECT_NE(find_text(scene, "Brak wyników"), nullptr);
    EXPECT_EQ(scene.find_button("open_hit:0"), nullptr);
    view.search_query.clear();
    scene = layout_staff_screen(view, 1280, 720);
    EXPECT_EQ(find_text(scene, "Brak wyników"), nullptr);
    EXPECT_NE(find_text(scene, render_staff(StaffMessageId::search_prompt, Language::pl)), nullptr);
    view.language = Language::en;
    view.search_query = "zzz";
    EXPECT_NE(find_text(layout_staff_screen(view, 1280, 720), "No results"), nullptr);
}

TEST(StaffLayout, CardShowsTheDelegateAttendanceEventsAndActions) {
    for (const Language language : {Language::pl, Language::en}) {
        for (const ScreenSize size : screen_sizes) {
            SCOPED_TRACE(trace_of(StaffScreen::delegate_card, language, size));
            const StaffView view = full_view(StaffScreen::delegate_card, language);
            const Scene scene = layout_staff_screen(view, size.width, size.height);
            const TextBlock* name = find_text(scene, "Anna Kowalska");
            ASSERT_NE(name, nullptr);
            EXPECT_EQ(name->weight, FontWeight::bold);
            EXPECT_EQ(name->font_px, type_scale(size.height).heading_px);
            EXPECT_EQ(label_of(scene, "reprint")->text,
                      language == Language::pl ? "Drukuj ponownie" : "Reprint badge");
            EXPECT_NE(label_of(scene, "check_in"), nullptr);
            EXPECT_NE(label_of(scene, "undo"), nullptr);
            EXPECT_NE(label_of(scene, "back"), nullptr);
            EXPECT_NE(find_text(scene, "CWD-7F3K"), nullptr);
            EXPECT_NE(find_text(scene, "Partnerstwo Wschód"), nullptr);
            EXPECT_NE(find_text(scene, render_staff(StaffMessageId::field_voivodeship, language)), nullptr);
            const std::string time = format_clock_time(local_clock_time(morning_milliseconds));
            EXPECT_NE(find_text(scene, render_staff(StaffMessageId::attendance_entry, language,
                                                    {{"day", "29.11"}, {"time", time}})),
                      nullptr);
            // Events, newest first, at most eight.
            const std::string newest =
                render_staff(StaffMessageId::event_line_with_reason, language,
                             {{"day", "29.11"},
                              {"time", time},
                              {"kind", render_staff(StaffMessageId::event_reprint, language)},
                              {"operator", "Anna"},
                              {"reason", "zgubiony identyfikator"}});
            EXPECT_NE(find_text(scene, newest), nullptr) << newest;
            const auto event_lines = std::ranges::count_if(texts_of(scene), [](const TextBlock* text) {
                return text->text.starts_with("29.11 ") && text->text.find(" — ") != std::string::npos;
            });
            EXPECT_GE(event_lines, 3);
            EXPECT_LE(event_lines, 8);
        }
    }
}

// The banner under the name says where the delegate stands today, and the actions follow it: one primary
// action at a time, none but back where there is nothing to do.
TEST(StaffLayout, CardBannerAndActionsFollowTheDelegatesState) {
    const sync::Day tomorrow{std::chrono::year(2026), std::chrono::November, std::chrono::day(30)};
    const std::string time = format_clock_time(local_clock_time(morning_milliseconds));
    struct Case {
        std::string name;
        CardArrival arrival;
        std::string polish_banner;
        std::vector<std::string> buttons; // the card's actions besides back
        std::string primary;              // the one on the accent colour; empty: none
    };
    const std::vector<Case> cases{
        {"arrived", CardArrival::arrived, "Przybył(a) dziś o " + time, {"undo", "reprint"}, "reprint"},
        {"not yet", CardArrival::not_yet, "Jeszcze nie przybył(a) dziś", {"check_in"}, "check_in"},
        {"cancelled", CardArrival::cancelled, "Rejestracja anulowana — bez wstępu", {}, ""},
        {"not today", CardArrival::not_registered_today, "Brak rejestracji na dziś (dni: 30.11)", {}, ""},
    };
    for (const Case& each : cases) {
        for (const Language language : {Language::pl, Language::en}) {
            for (const ScreenSize size : screen_sizes) {
                SCOPED_TRACE(each.name + " " + trace_of(StaffScreen::delegate_card, language, size));
                StaffView view = full_view(StaffScreen::delegate_card, language);
                view.card_day = today;
                if (each.arrival == CardArrival::not_yet) {
                    view.card->attendance.clear();
                } else if (each.arrival == CardArrival::cancelled) {
                    view.card->delegate.status = sync::DelegateStatus::cancelled;
                } else if (each.arrival == CardArrival::not_registered_today) {
                    view.card->attendance.clear();
                    view.card->delegate.days = {tomorrow};
                }
                ASSERT_EQ(card_status(*view.card, view.card_day).arrival, each.arrival);
                const Scene scene = layout_staff_screen(view, size.width, size.height);
                expect_well_formed(scene, size);
                if (language == Language::pl) {
                    const TextBlock* banner = find_text(scene, each.polish_banner);
                    ASSERT_NE(banner, nullptr) << each.polish_banner;
                    // Under the name, above the fields.
                    EXPECT_GT(banner->box.y, find_text(scene, "Anna Kowalska")->box.y);
                    EXPECT_LT(banner->box.y, find_text(scene, "CWD-7F3K")->box.y);
                }
                for (const std::string_view action : {"reprint", "check_in", "undo"}) {
                    const bool offered = std::ranges::find(each.buttons, action) != each.buttons.end();
                    EXPECT_EQ(scene.find_button(action) != nullptr, offered) << action;
                    // The state machine takes exactly what the card shows.
                    const auto press = parse_staff_button_id(action);
                    ASSERT_TRUE(press.has_value());
                    EXPECT_EQ(card_offers(each.arrival, press->action), offered) << action;
                }
                EXPECT_NE(scene.find_button("back"), nullptr);
                int primaries = 0;
                for (const std::string& id : each.buttons) {
                    const Button* button = scene.find_button(id);
                    ASSERT_NE(button, nullptr) << id;
                    const Panel* panel = panel_of(scene, *button);
                    ASSERT_NE(panel, nullptr) << id;
                    if (panel->fill == kiosk_theme().staff_accent) {
                        ++primaries;
                        EXPECT_EQ(id, each.primary);
                    }
                }
                EXPECT_EQ(primaries, each.primary.empty() ? 0 : 1);
            }
        }
    }
    // While the card loads there is nothing to act on: only back.
    StaffView loading = full_view(StaffScreen::delegate_card, Language::pl);
    loading.card.reset();
    const Scene scene = layout_staff_screen(loading, 1280, 800);
    for (const std::string_view action : {"reprint", "check_in", "undo"}) {
        EXPECT_EQ(scene.find_button(action), nullptr) << action;
    }
    EXPECT_NE(scene.find_button("back"), nullptr);
}

TEST(StaffLayout, CardMarksALateRegistrantFromTheInvitation) {
    for (const Language language : {Language::pl, Language::en}) {
        StaffView view = full_view(StaffScreen::delegate_card, language);
        view.card->delegate.origin = sync::DelegateOrigin::walk_in;
        const std::string from_invitation = language == Language::pl
                                                ? "z zaproszenia (rejestracja na miejscu)"
                                                : "from the invitation (registered here)";
        EXPECT_FALSE(has_text_containing(layout_staff_screen(view, 1280, 800), from_invitation));
        view.card_from_invitation = true;
        EXPECT_TRUE(has_text_containing(layout_staff_screen(view, 1280, 800), from_invitation));
    }
}

// Two kiosks cut off from each other both admitted Anna on 29.11; after sync the card holds both events.
std::vector<sync::CheckinEvent> duplicate_events() {
    sync::CheckinEvent first;
    first.id = "first";
    first.delegate_code = "CWD-7F3K";
    first.kind = sync::EventKind::checkin;
    first.at_milliseconds = morning_milliseconds;
    first.day = today;
    first.kiosk_id = "kiosk-a";
    first.operator_name = "self-service";
    sync::CheckinEvent second = first;
    second.id = "second";
    second.at_milliseconds = morning_milliseconds + 5 * 60'000;
    second.kiosk_id = "kiosk-b";
    return {second, first}; // newest first, as events_of gives them
}

TEST(StaffLayout, CardMarksADelegateCheckedInTwiceOnOneDay) {
    for (const Language language : {Language::pl, Language::en}) {
        for (const ScreenSize size : screen_sizes) {
            SCOPED_TRACE(trace_of(StaffScreen::delegate_card, language, size));
            StaffView view = full_view(StaffScreen::delegate_card, language);
            view.card_events = duplicate_events();
            const Scene scene = layout_staff_screen(view, size.width, size.height);
            const auto time_of = [](std::int64_t milliseconds) {
                return format_clock_time(local_clock_time(milliseconds));
            };
            const std::string expected =
                render_staff(StaffMessageId::duplicate_entry, language,
                             {{"day", "29.11"},
                              {"count", "2"},
                              {"checkins", time_of(morning_milliseconds) + " kiosk-a, " +
                                               time_of(morning_milliseconds + 5 * 60'000) + " kiosk-b"}});
            const TextBlock* duplicate = find_text(scene, expected);
            ASSERT_NE(duplicate, nullptr) << expected;
            EXPECT_EQ(duplicate->colour, kiosk_theme().staff_warning_text);
            const TextBlock* label =
                find_text(scene, render_staff(StaffMessageId::field_duplicate, language));
            ASSERT_NE(label, nullptr);
            EXPECT_EQ(label->colour, kiosk_theme().staff_warning_text);
            // On a warning band, above the other fields.
            const bool on_band = std::ranges::any_of(scene.elements, [&](const SceneElement& element) {
                const auto* panel = std::get_if<Panel>(&element);
                return panel != nullptr && panel->fill == kiosk_theme().staff_warning_fill &&
                       panel->box.y <= duplicate->box.y &&
                       panel->box.y + panel->box.height >= duplicate->box.y + duplicate->box.height;
            });
            EXPECT_TRUE(on_band);
            const TextBlock* code = find_text(scene, "CWD-7F3K");
            ASSERT_NE(code, nullptr);
            EXPECT_LT(duplicate->box.y, code->box.y);
        }
    }
}

TEST(StaffLayout, CardShowsNoDuplicateWhenOneCheckInIsUndoneOrOnAnotherDay) {
    StaffView view = full_view(StaffScreen::delegate_card, Language::pl);
    auto events = duplicate_events();
    sync::CheckinEvent undo;
    undo.id = "undo";
    undo.delegate_code = "CWD-7F3K";
    undo.kind = sync::EventKind::undo;
    undo.at_milliseconds = morning_milliseconds + 10 * 60'000;
    undo.day = today;
    undo.undoes = "second";
    undo.reason = "podwójne przybycie";
    events.insert(events.begin(), undo);
    view.card_events = events;
    const std::string label = render_staff(StaffMessageId::field_duplicate, Language::pl);
    EXPECT_EQ(find_text(layout_staff_screen(view, 1280, 720), label), nullptr);

    events = duplicate_events();
    events.front().day = sync::Day{std::chrono::year(2026), std::chrono::November, std::chrono::day(30)};
    view.card_events = events;
    EXPECT_EQ(find_text(layout_staff_screen(view, 1280, 720), label), nullptr);

    view.card_events = duplicate_events();
    EXPECT_NE(find_text(layout_staff_screen(view, 1280, 720), label), nullptr);
}

TEST(StaffLayout, NoticeBannerUsesTheWarningColoursForErrors) {
    StaffView view = full_view(StaffScreen::delegate_card, Language::pl);
    view.notice = "Nie udało się — drukarka nie odpowiada";
    view.notice_is_error = true;
    Scene scene = layout_staff_screen(view, 1280, 720);
    const TextBlock* notice = find_text(scene, *view.notice);
    ASSERT_NE(notice, nullptr);
    EXPECT_EQ(notice->colour, kiosk_theme().staff_warning_text);
    view.notice_is_error = false;
    scene = layout_staff_screen(view, 1280, 720);
    ASSERT_NE(find_text(scene, *view.notice), nullptr);
    EXPECT_EQ(find_text(scene, *view.notice)->colour, kiosk_theme().staff_panel_text);
}

TEST(StaffLayout, ReprintReasonOffersThePresetsAndAField) {
    for (const Language language : {Language::pl, Language::en}) {
        const Scene scene = layout_staff_screen(full_view(StaffScreen::reprint_reason, language), 1280, 720);
        for (const ReprintPreset& preset : reprint_presets()) {
            const std::string id = "reprint_preset:" + std::string(preset.id);
            ASSERT_NE(label_of(scene, id), nullptr) << id;
            const std::string_view journal = language == Language::pl ? preset.journal_pl : preset.journal_en;
            EXPECT_EQ(label_of(scene, id)->text, journal.empty()
                                                     ? render_staff(StaffMessageId::preset_other, language)
                                                     : std::string(journal));
        }
        EXPECT_NE(scene.find_button("focus_field:reason"), nullptr);
        EXPECT_NE(find_text(scene, "zgubiony|"), nullptr);
        EXPECT_EQ(label_of(scene, "confirm_reprint")->text, render_staff(StaffMessageId::confirm, language));
        EXPECT_NE(scene.find_button("back"), nullptr);
        EXPECT_TRUE(has_text_containing(scene, "Anna Kowalska"));
    }
}

TEST(StaffLayout, UndoConfirmNamesTheDelegate) {
    const Scene scene = layout_staff_screen(full_view(StaffScreen::undo_confirm, Language::pl), 1280, 720);
    EXPECT_NE(find_text(scene, "Czy cofnąć dzisiejsze przybycie: Anna Kowalska?"), nullptr);
    EXPECT_NE(scene.find_button("focus_field:reason"), nullptr);
    EXPECT_NE(scene.find_button("confirm_undo"), nullptr);
    EXPECT_NE(scene.find_button("back"), nullptr);
}

// Undo offers preset reasons as a reprint does, labelled in the screen's language, above the field.
TEST(StaffLayout, UndoConfirmOffersThePresetsAndAField) {
    ASSERT_EQ(undo_presets().size(), 4U);
    for (const Language language : {Language::pl, Language::en}) {
        for (const ScreenSize size : screen_sizes) {
            SCOPED_TRACE(trace_of(StaffScreen::undo_confirm, language, size));
            const Scene scene =
                layout_staff_screen(full_view(StaffScreen::undo_confirm, language), size.width, size.height);
            expect_well_formed(scene, size);
            const Button* field = scene.find_button("focus_field:reason");
            ASSERT_NE(field, nullptr);
            for (const ReprintPreset& preset : undo_presets()) {
                const std::string id = "undo_preset:" + std::string(preset.id);
                ASSERT_NE(label_of(scene, id), nullptr) << id;
                const std::string_view journal =
                    language == Language::pl ? preset.journal_pl : preset.journal_en;
                EXPECT_EQ(label_of(scene, id)->text,
                          journal.empty() ? render_staff(StaffMessageId::preset_other, language)
                                          : std::string(journal));
                EXPECT_LT(scene.find_button(id)->box.y, field->box.y);
            }
            EXPECT_EQ(scene.find_button("reprint_preset:lost"), nullptr);
        }
    }
}

TEST(StaffLayout, WalkInHasFourFieldsAndSubmit) {
    const Scene scene = layout_staff_screen(full_view(StaffScreen::walk_in, Language::pl), 1280, 720);
    for (const std::string_view field : {"first_name", "last_name", "organisation", "role"}) {
        EXPECT_NE(scene.find_button("focus_field:" + std::string(field)), nullptr) << field;
    }
    EXPECT_NE(find_text(scene, "Zofia|"), nullptr); // the focused field
    EXPECT_NE(find_text(scene, "Żółkiewska"), nullptr);
    EXPECT_NE(find_text(scene, "Imię"), nullptr);
    EXPECT_NE(find_text(scene, "Nazwisko"), nullptr);
    EXPECT_EQ(label_of(scene, "create_walk_in")->text, "Zarejestruj i drukuj");
}

TEST(StaffLayout, DevicesShowThePrinterProblemsScannersSyncAndSound) {
    for (const Language language : {Language::pl, Language::en}) {
        StaffView view = full_view(StaffScreen::devices, language);
        const Scene scene = layout_staff_screen(view, 1280, 720);
        EXPECT_NE(find_text(scene, problem_message(drivers::Problem::no_media, language)), nullptr);
        EXPECT_NE(find_text(scene, render_staff(StaffMessageId::printer_not_ready, language)), nullptr);
        EXPECT_NE(find_text(scene, render_staff(StaffMessageId::sync_no_hub, language)), nullptr);
        EXPECT_NE(find_text(scene, render_staff(StaffMessageId::sync_backlog, language, {{"count", "17"}})),
                  nullptr);
        EXPECT_TRUE(has_text_containing(scene, "usb://0c2e:0b61"));
        EXPECT_NE(scene.find_button("refresh"), nullptr);
        EXPECT_EQ(label_of(scene, "toggle_sound")->text, render_staff(StaffMessageId::sound_on, language));

        view.devices->sound_on = false;
        view.devices->printer.state = drivers::PrinterState{true, {}, "62 mm", "", {}};
        view.devices->sync = SyncPanel{"https://hub.example", true, 0, "9:14", "", 0, {}};
        const Scene ready = layout_staff_screen(view, 1280, 720);
        EXPECT_EQ(label_of(ready, "toggle_sound")->text, render_staff(StaffMessageId::sound_off, language));
        EXPECT_NE(find_text(ready, render_staff(StaffMessageId::printer_ready, language)), nullptr);
        EXPECT_NE(
            find_text(ready, render_staff(StaffMessageId::sync_last_success, language, {{"time", "9:14"}})),
            nullptr);
    }
    const Scene polish = layout_staff_screen(full_view(StaffScreen::devices, Language::pl), 1920, 1080);
    EXPECT_NE(find_text(polish, "Drukarka"), nullptr);
    EXPECT_NE(find_text(polish, "Brak huba — praca lokalna"), nullptr);
    EXPECT_EQ(label_of(polish, "toggle_sound")->text, "Dźwięk wł.");
}

// The panel words the drivers' facts in the screen's language: no printer's or inventory's English words
// on a Polish screen ("62 × 100 mm die-cut labels", "No printer or scanner…", "SDL keyboard input").
TEST(StaffLayout, DevicesSayWhatIsLoadedAndAttachedInTheScreensLanguage) {
    const Scene polish = layout_staff_screen(full_view(StaffScreen::devices, Language::pl), 1920, 1080);
    EXPECT_NE(find_text(polish, "Nośnik: taśma ciągła 62 mm"), nullptr);
    EXPECT_NE(find_text(polish, "Skaner działający jak klawiatura — podłączony"), nullptr);
    EXPECT_TRUE(has_text_containing(polish, "usb://0c2e:0b61 — niepodłączony (Nie znaleziono urządzenia"));
    EXPECT_NE(find_text(polish, "Drukarka Brother QL-820NWB (usb://04f9:209d)"), nullptr);
    EXPECT_NE(
        find_text(polish,
                  "Skaner Honeywell Xenon 1900 (usb://0c2e:0b61), tryby: klawiatura HID, HID POS (skaner "
                  "kasowy)"),
        nullptr);
    for (const std::string_view english :
         {"labels", "tape", "keyboard", "connected", "Printer", "Scanner", "modes", "attached"}) {
        EXPECT_FALSE(has_text_containing(polish, english)) << english;
    }
    const Scene english = layout_staff_screen(full_view(StaffScreen::devices, Language::en), 1920, 1080);
    EXPECT_NE(find_text(english, "Media: 62 mm continuous tape"), nullptr);
    EXPECT_NE(find_text(english, "Scanner typing as a keyboard — connected"), nullptr);

    // Nothing attached, and a printer with die-cut labels.
    StaffView view = full_view(StaffScreen::devices, Language::pl);
    view.devices->usb_devices.clear();
    view.devices->printer.state =
        drivers::PrinterState{true,
                              {},
                              "62 × 100 mm die-cut labels",
                              "",
                              {.kind = drivers::LoadedMediaKind::die_cut, .width_mm = 62, .length_mm = 100}};
    const Scene empty = layout_staff_screen(view, 1920, 1080);
    EXPECT_NE(find_text(empty, "Nie podłączono drukarki ani skanera znanych kioskowi"), nullptr);
    EXPECT_NE(find_text(empty, "Nośnik: etykiety wycinane 62 × 100 mm"), nullptr);
    EXPECT_FALSE(has_text_containing(empty, "die-cut"));

    // USB could not be listed: the problem's sentence, then the driver's detail.
    view.devices->usb_failure = drivers::Error{drivers::Problem::access_denied, "libusb: access denied"};
    const Scene failed = layout_staff_screen(view, 1920, 1080);
    EXPECT_TRUE(
        has_text_containing(failed, "Nie udało się sprawdzić urządzeń USB: Brak dostępu do urządzenia"));
}

// The journal's operator "self-service" is the kiosk itself: the card says so in its language.
TEST(StaffLayout, CardNamesSelfServiceInTheScreensLanguage) {
    for (const Language language : {Language::pl, Language::en}) {
        StaffView view = full_view(StaffScreen::delegate_card, language);
        view.card_events = sample_events(1);
        view.card_events[0].kind = sync::EventKind::checkin;
        view.card_events[0].reason.clear();
        view.card_events[0].operator_name = "self-service";
        const Scene scene = layout_staff_screen(view, 1920, 1080);
        const std::string expected =
            language == Language::pl ? "przybycie (samoobsługa)" : "check-in (self-service)";
        EXPECT_TRUE(has_text_containing(scene, expected)) << expected;
        if (language == Language::pl) {
            EXPECT_FALSE(has_text_containing(scene, "self-service"));
        }
    }
}

TEST(StaffLayout, DevicesShowTheEventsTheHubRefusedWithTheirReasons) {
    for (const Language language : {Language::pl, Language::en}) {
        StaffView view = full_view(StaffScreen::devices, language);
        sync::CheckinEvent refused;
        refused.kind = sync::EventKind::undo;
        refused.delegate_code = "CWD-ZPZXSWG7";
        refused.at_milliseconds = view.card_events.front().at_milliseconds;
        view.devices->sync =
            SyncPanel{"https://hub.example",
                      true,
                      0,
                      "9:14",
                      "",
                      4,
                      {sync::RefusedUploadRecord{refused, "undoes a check-in the hub does not hold", 0}}};
        const Scene scene = layout_staff_screen(view, 1920, 1080);
        EXPECT_NE(find_text(scene, render_staff(StaffMessageId::sync_refused, language, {{"count", "4"}})),
                  nullptr);
        const std::string line =
            render_staff(StaffMessageId::sync_refused_event, language,
                         {{"time", format_clock_time(local_clock_time(refused.at_milliseconds))},
                          {"kind", render_staff(StaffMessageId::event_undo, language)},
                          {"code", "SWG7"},
                          {"reason", "undoes a check-in the hub does not hold"}});
        EXPECT_NE(find_text(scene, line), nullptr) << line;
        EXPECT_FALSE(has_text_containing(scene, "CWD-ZPZXSWG7")) << "only the code's last characters";
    }
    // None refused: no line about it.
    const Scene quiet = layout_staff_screen(full_view(StaffScreen::devices, Language::pl), 1920, 1080);
    EXPECT_FALSE(has_text_containing(quiet, "Odrzucone przez hub"));
}

TEST(StaffLayout, StatisticsShowTotalsAndRowsWithBars) {
    const StaffView view = full_view(StaffScreen::statistics, Language::pl);
    const Scene scene = layout_staff_screen(view, 1920, 1080);
    EXPECT_NE(find_text(scene, "Przybyło: 52 z 120"), nullptr);
    EXPECT_NE(find_text(scene, "Rejestracje na miejscu: 4"), nullptr);
    EXPECT_NE(find_text(scene, "Ponowne wydruki: 3"), nullptr);
    EXPECT_NE(find_text(scene, "Według roli"), nullptr);
    EXPECT_NE(find_text(scene, "Według województwa"), nullptr);
    EXPECT_NE(find_text(scene, "uczestnik"), nullptr);
    EXPECT_NE(find_text(scene, "40 / 100"), nullptr);
    EXPECT_NE(find_text(scene, "9 / 12"), nullptr);
    EXPECT_NE(find_text(scene, "mazowieckie"), nullptr);
    EXPECT_NE(scene.find_button("refresh"), nullptr);
    // The bars: a white track per row, and over it an accent panel as wide as the row's share of it.
    std::vector<const Panel*> panels;
    for (const SceneElement& element : scene.elements) {
        if (const auto* panel = std::get_if<Panel>(&element)) {
            panels.push_back(panel);
        }
    }
    std::vector<std::pair<const Panel*, const Panel*>> bars; // track, filled part
    for (std::size_t index = 0; index + 1 < panels.size(); ++index) {
        const Panel* track = panels[index];
        const Panel* filled = panels[index + 1];
        if (track->fill == kiosk_theme().staff_panel && filled->fill == kiosk_theme().staff_accent &&
            filled->box.x == track->box.x && filled->box.y == track->box.y) {
            bars.emplace_back(track, filled);
        }
    }
    ASSERT_GE(bars.size(), 3U + 10U); // every role and most voivodeships at 1080 px
    EXPECT_EQ(bars[0].second->box.width, bars[0].first->box.width * 40 / 100); // uczestnik: 40 of 100
    EXPECT_EQ(bars[1].second->box.width, bars[1].first->box.width * 9 / 12);   // prelegent: 9 of 12

    // The rows flow on into the second column, so all sixteen voivodeships (and "—") fit every size.
    for (const ScreenSize size : screen_sizes) {
        SCOPED_TRACE(std::to_string(size.height));
        const Scene sized = layout_staff_screen(view, size.width, size.height);
        for (const StatisticsRow& each : view.statistics->by_voivodeship) {
            EXPECT_NE(find_text(sized, each.name), nullptr) << each.name;
        }
    }

    const Scene english = layout_staff_screen(full_view(StaffScreen::statistics, Language::en), 1280, 720);
    EXPECT_NE(find_text(english, "Checked in: 52 of 120"), nullptr);
    EXPECT_NE(find_text(english, "By voivodeship"), nullptr);
}

} // namespace
} // namespace checkin::kiosk
