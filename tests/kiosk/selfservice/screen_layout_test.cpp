#include "kiosk/selfservice/screen_layout.hpp"
#include "kiosk/selfservice/theme.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace checkin::kiosk {
namespace {

using namespace std::chrono_literals;

// --- Reaching every screen through the real Flow --------------------------------------------------------

const FlowTime origin = FlowTime{} + 1000h;

FlowTime at(std::int64_t offset_milliseconds) {
    return origin + std::chrono::milliseconds(offset_milliseconds);
}

// The venue in winter, fixed so the test does not depend on the machine's zone: UTC+1.
ClockTime utc_plus_one(std::int64_t unix_milliseconds) {
    const std::int64_t minutes = (unix_milliseconds / 60'000 + 60) % (24 * 60);
    return ClockTime{static_cast<unsigned>(minutes / 60), static_cast<unsigned>(minutes % 60)};
}

// 2026-11-29 08:14 UTC, 9:14 at the venue.
std::int64_t nine_fourteen() {
    using namespace std::chrono;
    const auto time = sys_days{2026y / November / 29} + 8h + 14min;
    return duration_cast<milliseconds>(time.time_since_epoch()).count();
}

sync::Delegate delegate(std::string code, std::string first_name, std::string last_name,
                        std::vector<sync::Day> days = {}) {
    sync::Delegate result;
    result.code = std::move(code);
    result.first_name = std::move(first_name);
    result.last_name = std::move(last_name);
    result.organisation = "Gmina Serock";
    result.role = "delegate";
    result.days = std::move(days);
    return result;
}

sync::CheckinResult result_of(sync::CheckinOutcome outcome, std::optional<sync::Delegate> who) {
    sync::CheckinResult result;
    result.outcome = outcome;
    result.code = who ? who->code : "XYZ-9999";
    result.delegate = std::move(who);
    return result;
}

struct Delegates {
    sync::Delegate main;       // the one who is admitted, refused, …
    sync::Delegate other_days; // for not_registered_today
};

Delegates anna_and_jan() {
    using namespace std::chrono;
    return {delegate("SER-0001", "Anna", "Kowalska"),
            delegate("SER-0002", "Jan", "Nowak", {sync::Day{2026y / November / 30}})};
}

// The screen the Flow shows after the inputs that lead to `screen`, in `language` (switched on the
// screen itself, as a delegate would).
ScreenModel reach(Screen screen, Language language, const Delegates& people = anna_and_jan()) {
    Flow flow(FlowSettings{FlowTimings{}, Language::pl, utc_plus_one, FindByNameSettings{}});
    const sync::Delegate& who = people.main;
    const auto refuse = [&](sync::CheckinResult result) {
        flow.handle(ScanInput{result.code, at(0)});
        flow.handle(LookupAnswer{1, std::move(result), at(30)});
    };
    switch (screen) {
    case Screen::attract:
        break;
    case Screen::looking_up:
        flow.handle(ScanInput{who.code, at(0)});
        break;
    case Screen::welcome:
    case Screen::take_badge:
    case Screen::printer_problem:
        flow.handle(ScanInput{who.code, at(0)});
        flow.handle(LookupAnswer{1, result_of(sync::CheckinOutcome::admitted, who), at(30)});
        if (screen == Screen::take_badge) {
            flow.handle(PrintOutcome{1, {}, at(3000)});
        } else if (screen == Screen::printer_problem) {
            flow.handle(PrintOutcome{1, drivers::fail(drivers::Problem::no_media, "no media"), at(3000)});
        }
        break;
    case Screen::already_checked_in: {
        sync::CheckinResult result = result_of(sync::CheckinOutcome::already_checked_in, who);
        result.checked_in_at_milliseconds = nine_fourteen();
        refuse(std::move(result));
        break;
    }
    case Screen::unknown_code:
        refuse(result_of(sync::CheckinOutcome::unknown_code, std::nullopt));
        break;
    case Screen::cancelled:
        refuse(result_of(sync::CheckinOutcome::cancelled, who));
        break;
    case Screen::not_registered_today:
        refuse(result_of(sync::CheckinOutcome::not_registered_today, people.other_days));
        break;
    case Screen::unreadable_code: {
        sync::CheckinResult result = result_of(sync::CheckinOutcome::unreadable_code, std::nullopt);
        result.code.clear();
        refuse(std::move(result));
        break;
    }
    case Screen::lookup_failed:
        flow.handle(ScanInput{who.code, at(0)});
        flow.handle(LookupAnswer{1, sync::fail(sync::Error::storage("database is locked")), at(30)});
        break;
    case Screen::code_not_valid:
        flow.handle(ScanInput{"CK1:ABCD", at(0),
                              sync::SignedCodeVerdict(std::unexpected(sync::CodeRejection{
                                  sync::CodeRefusal::forged, "the signature does not match"}))});
        break;
    case Screen::badge_code: {
        sync::SignedCodeContent badge;
        badge.kind = sync::CodeKind::badge;
        badge.delegate_code = who.code;
        flow.handle(ScanInput{"CK1:ABCD", at(0), sync::SignedCodeVerdict(badge)});
        break;
    }
    case Screen::not_an_invitation:
        flow.handle(ScanInput{"WIFI:S:Hotel-Serock-Guest;T:WPA;P:zaq12wsx;;", at(0)});
        break;
    case Screen::badge_at_reception: {
        sync::CheckinResult result = result_of(sync::CheckinOutcome::admitted, who);
        result.badge_at_reception = true;
        refuse(std::move(result));
        break;
    }
    case Screen::find_surname:
    case Screen::find_first_name:
    case Screen::finding:
    case Screen::find_choose:
    case Screen::find_not_found: {
        flow.handle(FindByName{at(0)});
        flow.handle(NameTyping{NameKey::type, "Wiśniewska-Grzegorczyk", at(10)});
        if (screen == Screen::find_surname) {
            break;
        }
        flow.handle(NameTyping{NameKey::search, {}, at(20)});
        if (screen == Screen::finding) {
            break;
        }
        std::vector<sync::Delegate> found;
        const std::size_t count = screen == Screen::find_first_name ? 6
                                  : screen == Screen::find_choose   ? 5
                                                                    : 0;
        for (std::size_t index = 0; index < count; ++index) {
            sync::Delegate each = delegate(fmt::format("SER-010{}", index),
                                           index == 0 ? "Teresa Bożena" : "Anna", "Wiśniewska-Grzegorczyk");
            each.organisation = index == 0
                                    ? "Urząd Miasta i Gminy Kazimierza Wielka — Wydział Rozwoju Lokalnego"
                                    : "Urząd Gminy Serock";
            found.push_back(std::move(each));
        }
        flow.handle(NameSearchAnswer{1, std::move(found), at(30)});
        if (screen == Screen::find_first_name) {
            flow.handle(NameTyping{NameKey::type, "Anna", at(40)});
        }
        break;
    }
    }
    if (language != flow.screen().language) {
        flow.handle(ToggleLanguage{at(4000)});
    }
    return flow.screen();
}

const std::vector<Screen> all_screens = {
    Screen::attract,
    Screen::looking_up,
    Screen::welcome,
    Screen::take_badge,
    Screen::already_checked_in,
    Screen::unknown_code,
    Screen::cancelled,
    Screen::not_registered_today,
    Screen::unreadable_code,
    Screen::printer_problem,
    Screen::lookup_failed,
    Screen::code_not_valid,
    Screen::badge_code,
    Screen::not_an_invitation,
    Screen::find_surname,
    Screen::find_first_name,
    Screen::finding,
    Screen::find_choose,
    Screen::find_not_found,
    Screen::badge_at_reception,
};

// The screens on the calm band: refusals and problems.
const std::vector<Screen> band_screens = {
    Screen::already_checked_in,   Screen::unknown_code,    Screen::cancelled,
    Screen::not_registered_today, Screen::unreadable_code, Screen::printer_problem,
    Screen::lookup_failed,        Screen::code_not_valid,  Screen::badge_code,
    Screen::not_an_invitation,    Screen::find_not_found,  Screen::badge_at_reception,
};

// The test's own statement of which screens a touch dismisses, independent of kiosk::is_result_screen.
bool expected_dismissable(Screen screen) {
    return screen != Screen::attract && screen != Screen::looking_up && screen != Screen::welcome &&
           screen != Screen::find_surname && screen != Screen::find_first_name && screen != Screen::finding &&
           screen != Screen::find_choose;
}

// The buttons a screen has besides the language switch and the dismiss area, by the test's own count:
// attract's find-yourself button; the keyboard's 27 keys, space, backspace, search and back; a pick per
// match and back.
std::size_t expected_other_buttons(const ScreenModel& model) {
    switch (model.screen) {
    case Screen::attract:
        return model.find_by_name ? 1 : 0;
    case Screen::find_surname:
    case Screen::find_first_name:
        return 27 + 4;
    case Screen::find_choose:
        return model.choices.size() + 1;
    default:
        return 0;
    }
}

struct ScreenSize {
    int width;
    int height;
};

const std::vector<ScreenSize> screen_sizes = {
    {1920, 1080}, {1280, 800}, {1280, 720}, {1024, 768}, {1080, 1920},
};

const FlowSceneExtras plain_extras{
    "Seminarium sieciujące Centrum Wsparcia Doradczego Plus — Serock",
    {},
    false,
    {},
    "Networking seminar of the Centrum Wsparcia Doradczego Plus programme — Serock",
    BadgeExit::below};

// --- Looking at scenes -----------------------------------------------------------------------------------

std::vector<TextBlock> texts_of(const Scene& scene) {
    std::vector<TextBlock> texts;
    for (const SceneElement& element : scene.elements) {
        if (const auto* text = std::get_if<TextBlock>(&element)) {
            texts.push_back(*text);
        }
    }
    return texts;
}

std::vector<Picture> pictures_of(const Scene& scene) {
    std::vector<Picture> pictures;
    for (const SceneElement& element : scene.elements) {
        if (const auto* picture = std::get_if<Picture>(&element)) {
            pictures.push_back(*picture);
        }
    }
    return pictures;
}

const TextBlock* find_text(const Scene& scene, std::string_view text) {
    for (const SceneElement& element : scene.elements) {
        if (const auto* block = std::get_if<TextBlock>(&element); block && block->text == text) {
            return block;
        }
    }
    return nullptr;
}

Rect box_of(const SceneElement& element) {
    return std::visit([](const auto& alternative) { return alternative.box; }, element);
}

bool inside(Rect inner, Rect outer) {
    return inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.width <= outer.x + outer.width &&
           inner.y + inner.height <= outer.y + outer.height;
}

bool overlap(Rect first, Rect second) {
    return first.x < second.x + second.width && second.x < first.x + first.width &&
           first.y < second.y + second.height && second.y < first.y + first.height;
}

std::string describe(Rect rect) {
    return fmt::format("{{{}, {}, {}×{}}}", rect.x, rect.y, rect.width, rect.height);
}

// The colour a text is drawn on: the last panel before it that reaches into its box, which must hold the
// whole box (a text half on a band would have two backgrounds), or the scene's background.
std::optional<Colour> fill_under(const Scene& scene, std::size_t text_index) {
    const Rect box = box_of(scene.elements[text_index]);
    for (std::size_t index = text_index; index-- > 0;) {
        if (const auto* panel = std::get_if<Panel>(&scene.elements[index]);
            panel && overlap(panel->box, box)) {
            if (!inside(box, panel->box)) {
                return std::nullopt;
            }
            return panel->fill;
        }
    }
    return scene.background;
}

std::vector<Colour> theme_colours() {
    const Theme& theme = kiosk_theme();
    return {theme.background,   theme.text,         theme.muted_text,   theme.success_fill,
            theme.success_text, theme.refusal_fill, theme.refusal_text, theme.button_fill,
            theme.button_text,  theme.button_border};
}

bool from_theme(Colour colour) {
    const std::vector<Colour> colours = theme_colours();
    return std::ranges::find(colours, colour) != colours.end();
}

int shorter_side(ScreenSize size) {
    return std::min(size.width, size.height);
}

// Everything every self-service scene must satisfy.
void expect_well_formed(const Scene& scene, const ScreenModel& model, ScreenSize size) {
    const Rect screen{0, 0, size.width, size.height};
    const TypeScale type = type_scale(shorter_side(size));
    const Rect corner = staff_corner(size.width, size.height);

    EXPECT_EQ(scene.name, to_string(model.screen));
    EXPECT_EQ(scene.width, size.width);
    EXPECT_EQ(scene.height, size.height);
    EXPECT_EQ(scene.background, kiosk_theme().background);

    for (std::size_t index = 0; index < scene.elements.size(); ++index) {
        const SceneElement& element = scene.elements[index];
        const Rect box = box_of(element);
        EXPECT_TRUE(inside(box, screen)) << "element " << index << " at " << describe(box);
        EXPECT_GT(box.width, 0) << "element " << index;
        EXPECT_GT(box.height, 0) << "element " << index;
        EXPECT_FALSE(overlap(box, corner)) << "element " << index << " is drawn in the staff corner";
        if (const auto* panel = std::get_if<Panel>(&element)) {
            EXPECT_TRUE(from_theme(panel->fill)) << "panel " << index;
            if (panel->border) {
                EXPECT_TRUE(from_theme(*panel->border)) << "panel " << index;
            }
        }
        if (const auto* text = std::get_if<TextBlock>(&element)) {
            SCOPED_TRACE(text->text);
            EXPECT_FALSE(text->text.empty());
            EXPECT_GE(text->font_px, type.small_px);
            EXPECT_GE(text->minimum_font_px, type.small_px);
            EXPECT_LE(text->minimum_font_px, text->font_px);
            EXPECT_TRUE(from_theme(text->colour));
            const std::optional<Colour> fill = fill_under(scene, index);
            ASSERT_TRUE(fill.has_value()) << "the text lies partly on a panel";
            EXPECT_GE(contrast_ratio(text->colour, *fill), wcag_aa_text);
        }
    }

    const std::vector<TextBlock> texts = texts_of(scene);
    for (std::size_t first = 0; first < texts.size(); ++first) {
        for (std::size_t second = first + 1; second < texts.size(); ++second) {
            EXPECT_FALSE(overlap(texts[first].box, texts[second].box))
                << "\"" << texts[first].text << "\" " << describe(texts[first].box) << " and \""
                << texts[second].text << "\" " << describe(texts[second].box);
        }
    }
    for (const Picture& picture : pictures_of(scene)) {
        for (const TextBlock& text : texts) {
            EXPECT_FALSE(overlap(picture.box, text.box)) << "the picture covers \"" << text.text << "\"";
        }
    }

    // The buttons: the language switch, and on result screens the dismiss area under it, and the
    // find-yourself path's; nothing else. Every button but the dismiss area is a touch target at least as
    // tall as the language switch's minimum, and none lies over another.
    const bool result_screen = expected_dismissable(model.screen);
    ASSERT_EQ(scene.buttons.size(), (result_screen ? 2U : 1U) + expected_other_buttons(model));
    for (const Button& button : scene.buttons) {
        EXPECT_TRUE(inside(button.box, screen)) << button.id;
        if (button.id != dismiss_button_id) {
            EXPECT_FALSE(overlap(button.box, corner)) << button.id << " lies in the staff corner";
            EXPECT_GE(button.box.height, 96 * std::max(shorter_side(size), 720) / 1080) << button.id;
            EXPECT_GE(button.box.width, 48 * std::max(shorter_side(size), 720) / 1080) << button.id;
            for (const Button& other : scene.buttons) {
                if (&other != &button && other.id != dismiss_button_id) {
                    EXPECT_FALSE(overlap(button.box, other.box)) << button.id << " and " << other.id;
                }
            }
        }
    }
    if (result_screen) {
        EXPECT_EQ(scene.buttons.front().id, dismiss_button_id);
        EXPECT_EQ(scene.buttons.front().box, screen);
    } else {
        EXPECT_EQ(scene.find_button(dismiss_button_id), nullptr);
    }

    const Button* language = scene.find_button(language_button_id);
    ASSERT_NE(language, nullptr);
    // Bottom right, and at least 96 pixels high at 1080 (scaled like the type, never below the 720 size).
    EXPECT_GT(language->box.x, size.width / 2);
    EXPECT_GT(language->box.y, size.height / 2);
    EXPECT_GE(language->box.height, 96 * std::max(shorter_side(size), 720) / 1080);
    EXPECT_GE(language->box.width, language->box.height);
    // It lies over the dismiss area.
    const Button* touched = scene.button_at(language->box.centre_x(), language->box.centre_y());
    ASSERT_NE(touched, nullptr);
    EXPECT_EQ(touched->id, language_button_id);
    // Its label names the other language, in that language, inside the button.
    const std::string label = model.language == Language::pl ? "English" : "Polski";
    const TextBlock* label_text = find_text(scene, label);
    ASSERT_NE(label_text, nullptr) << label;
    EXPECT_TRUE(inside(label_text->box, language->box));
    EXPECT_EQ(label_text->font_px, type.button_px);
}

// Texts the screen must show, from the catalogue and as a delegate would read them.
std::vector<std::string> expected_texts(const ScreenModel& model) {
    std::vector<std::string> texts{render(model.heading, model.language)};
    if (model.next_step) {
        texts.push_back(render(*model.next_step, model.language));
    }
    for (const Message& detail : model.details) {
        texts.push_back(render(detail, model.language));
    }
    const bool polish = model.language == Language::pl;
    if (std::ranges::find(band_screens, model.screen) != band_screens.end()) {
        texts.push_back(polish ? "Dotknij ekranu, aby zamknąć" : "Touch the screen to close");
    }
    switch (model.screen) {
    case Screen::attract:
        texts.push_back(polish ? plain_extras.event_name : plain_extras.event_name_english);
        texts.push_back(polish ? "Zeskanuj kod QR z zaproszenia" : "Scan the QR code from your invitation");
        break;
    case Screen::welcome:
        texts.push_back(polish ? "Witamy, Anna Kowalska!" : "Welcome, Anna Kowalska!");
        texts.push_back(polish ? "Drukujemy identyfikator…" : "Printing your badge…");
        break;
    case Screen::take_badge:
        texts.push_back(polish ? "Proszę odebrać identyfikator" : "Please take your badge");
        texts.push_back(polish ? "Identyfikator wysuwa się pod ekranem ↓"
                               : "Your badge comes out below the screen ↓");
        break;
    case Screen::already_checked_in:
        texts.push_back(polish ? "Identyfikator wydrukowano dziś o 9:14"
                               : "Your badge was printed today at 9:14");
        texts.push_back(polish ? "Prosimy podejść do recepcji — chętnie pomożemy"
                               : "Please go to the reception desk — we will be glad to help");
        break;
    case Screen::not_an_invitation:
        texts.push_back(polish ? "To nie jest kod z zaproszenia" : "This is not an invitation code");
        texts.push_back(polish ? "Zeskanuj kod z e-maila lub wydruku zaproszenia"
                               : "Scan the code from your invitation e-mail or printout");
        break;
    case Screen::printer_problem:
        texts.push_back(polish ? "Witamy, Anna Kowalska!" : "Welcome, Anna Kowalska!");
        break;
    case Screen::code_not_valid:
        texts.push_back(polish ? "Ten kod jest nieważny" : "This code is not valid");
        texts.push_back(polish ? "Prosimy podejść do recepcji — chętnie pomożemy"
                               : "Please go to the reception desk — we will be glad to help");
        break;
    case Screen::badge_code:
        texts.push_back(polish ? "To jest Twój identyfikator" : "This is your badge");
        texts.push_back(polish ? "Obecność jest już potwierdzona" : "You are already checked in");
        break;
    case Screen::badge_at_reception:
        texts.push_back(polish ? "Witamy, Anna Kowalska!" : "Welcome, Anna Kowalska!");
        texts.push_back(polish ? "Twój identyfikator czeka w recepcji — prosimy go tam odebrać"
                               : "Your badge is waiting at the reception desk — please collect it there");
        texts.push_back(polish ? "Identyfikator wydrukowaliśmy wcześniej"
                               : "We printed your badge in advance");
        break;
    case Screen::find_surname:
        texts.push_back(polish ? "Wpisz swoje nazwisko" : "Type your surname");
        texts.push_back("Wiśniewska-Grzegorczyk");
        texts.push_back(polish ? "Szukaj" : "Search");
        texts.push_back(polish ? "Wróć" : "Back");
        texts.push_back("Q");
        texts.push_back("-");
        break;
    case Screen::find_first_name:
        texts.push_back(polish ? "To nazwisko nosi kilka osób — wpisz też swoje imię"
                               : "Several people share this surname — type your first name too");
        texts.push_back("Anna");
        break;
    case Screen::find_choose:
        texts.push_back(polish ? "Wybierz siebie z listy" : "Choose yourself from the list");
        texts.push_back("Teresa Bożena");
        texts.push_back("Urząd Miasta i Gminy Kazimierza Wielka — Wydział Rozwoju Lokalnego");
        texts.push_back(polish ? "Wróć" : "Back");
        break;
    case Screen::find_not_found:
        texts.push_back(polish ? "Nie znaleźliśmy zaproszenia na to nazwisko"
                               : "We found no invitation under that name");
        texts.push_back(polish ? "Prosimy podejść do recepcji — chętnie pomożemy"
                               : "Please go to the reception desk — we will be glad to help");
        break;
    case Screen::finding:
    case Screen::looking_up:
    case Screen::unknown_code:
    case Screen::cancelled:
    case Screen::not_registered_today:
    case Screen::unreadable_code:
    case Screen::lookup_failed:
        break;
    }
    if (model.screen == Screen::attract && model.find_by_name) {
        texts.push_back(polish ? "Nie mam kodu" : "I have no code");
    }
    return texts;
}

std::string trace(Screen screen, Language language, ScreenSize size) {
    return fmt::format("{} {} {}×{}", to_string(screen), language == Language::pl ? "pl" : "en", size.width,
                       size.height);
}

// --- Tests ---------------------------------------------------------------------------------------------

TEST(StaffCorner, IsTheTopLeftTwelvePercentOfTheShorterSide) {
    EXPECT_EQ(staff_corner(1920, 1080), (Rect{0, 0, 129, 129}));
    EXPECT_EQ(staff_corner(1080, 1920), (Rect{0, 0, 129, 129}));
    EXPECT_EQ(staff_corner(1280, 720), (Rect{0, 0, 86, 86}));
}

TEST(FlowScreenLayout, EveryScreenInBothLanguagesAndEverySizeIsWellFormed) {
    for (const Screen screen : all_screens) {
        for (const Language language : {Language::pl, Language::en}) {
            const ScreenModel model = reach(screen, language);
            ASSERT_EQ(model.screen, screen) << "the Flow did not reach the screen";
            ASSERT_EQ(model.language, language);
            for (const ScreenSize size : screen_sizes) {
                SCOPED_TRACE(trace(screen, language, size));
                const Scene scene = layout_flow_screen(model, plain_extras, size.width, size.height);
                expect_well_formed(scene, model, size);
                for (const std::string& text : expected_texts(model)) {
                    EXPECT_NE(find_text(scene, text), nullptr) << "missing: " << text;
                }
                EXPECT_TRUE(pictures_of(scene).empty());
            }
        }
    }
}

TEST(FlowScreenLayout, IsTheSameForTheSameModel) {
    const ScreenModel model = reach(Screen::welcome, Language::pl);
    EXPECT_EQ(layout_flow_screen(model, plain_extras, 1920, 1080),
              layout_flow_screen(model, plain_extras, 1920, 1080));
}

TEST(FlowScreenLayout, ScreensInEnglishHaveNoPolishTexts) {
    for (const Screen screen : all_screens) {
        SCOPED_TRACE(to_string(screen));
        const ScreenModel polish = reach(screen, Language::pl);
        const Scene english = layout_flow_screen(reach(screen, Language::en), plain_extras, 1920, 1080);
        for (const std::string& text : expected_texts(polish)) {
            // What a delegate typed, the roster's names and the keys' letters are no language's.
            const bool data = text == polish.typed || text.size() == 1 ||
                              std::ranges::any_of(polish.choices, [&](const NameChoice& choice) {
                                  return text == choice.first_name || text == choice.organisation;
                              });
            if (data) {
                continue;
            }
            // The event's Polish name too: the English screen shows its English name.
            EXPECT_EQ(find_text(english, text), nullptr) << text;
        }
    }
}

TEST(FlowScreenLayout, WelcomeShowsTheNameLargestAndThatTheBadgeIsPrinting) {
    for (const ScreenSize size : screen_sizes) {
        SCOPED_TRACE(fmt::format("{}×{}", size.width, size.height));
        const TypeScale type = type_scale(shorter_side(size));
        const Scene scene =
            layout_flow_screen(reach(Screen::welcome, Language::pl), plain_extras, size.width, size.height);
        const TextBlock* name = find_text(scene, "Witamy, Anna Kowalska!");
        const TextBlock* printing = find_text(scene, "Drukujemy identyfikator…");
        ASSERT_NE(name, nullptr);
        ASSERT_NE(printing, nullptr);
        EXPECT_EQ(name->font_px, type.title_px);
        EXPECT_EQ(name->minimum_font_px, type.body_px);
        EXPECT_EQ(name->weight, FontWeight::bold);
        EXPECT_LT(name->box.y, printing->box.y);
        EXPECT_GE(printing->font_px, type.body_px);
        // On the success band.
        EXPECT_EQ(name->colour, kiosk_theme().success_text);
        const auto band = std::ranges::find_if(scene.elements, [](const SceneElement& element) {
            const auto* panel = std::get_if<Panel>(&element);
            return panel && panel->fill == kiosk_theme().success_fill;
        });
        ASSERT_NE(band, scene.elements.end());
        EXPECT_TRUE(inside(name->box, box_of(*band)));
        EXPECT_TRUE(inside(printing->box, box_of(*band)));
    }
}

TEST(FlowScreenLayout, AVeryLongNameStaysWellFormed) {
    const Delegates people{
        delegate("SER-0003", "Maria Magdalena Aleksandra", "Konstantynopolitańczykowska-Brzęczyszczykiewicz"),
        anna_and_jan().other_days};
    for (const Screen screen : {Screen::welcome, Screen::printer_problem, Screen::cancelled}) {
        for (const Language language : {Language::pl, Language::en}) {
            const ScreenModel model = reach(screen, language, people);
            for (const ScreenSize size : screen_sizes) {
                SCOPED_TRACE(trace(screen, language, size));
                const Scene scene = layout_flow_screen(model, plain_extras, size.width, size.height);
                expect_well_formed(scene, model, size);
                EXPECT_NE(find_text(scene, render(model.heading, language)), nullptr);
            }
        }
    }
}

// The countdowns of a scene.
std::vector<Countdown> countdowns_of(const Scene& scene) {
    std::vector<Countdown> found;
    for (const SceneElement& element : scene.elements) {
        if (const auto* countdown = std::get_if<Countdown>(&element)) {
            found.push_back(*countdown);
        }
    }
    return found;
}

// The fill of the last panel before element `index` that holds its whole box, or the background.
Colour fill_behind(const Scene& scene, std::size_t index) {
    const Rect box = box_of(scene.elements[index]);
    for (std::size_t below = index; below-- > 0;) {
        if (const auto* panel = std::get_if<Panel>(&scene.elements[below]);
            panel && inside(box, panel->box)) {
            return panel->fill;
        }
    }
    return scene.background;
}

// The band's colours: the calm refusal colours, but the welcome's for a delegate who is checked in and
// only has to collect a pre-printed badge.
std::pair<Colour, Colour> band_fill_and_text(Screen screen) {
    const Theme& theme = kiosk_theme();
    return screen == Screen::badge_at_reception ? std::pair{theme.success_fill, theme.success_text}
                                                : std::pair{theme.refusal_fill, theme.refusal_text};
}

TEST(FlowScreenLayout, RefusalsAndProblemsShowTheirTextsOnTheCalmBand) {
    for (const Screen screen : band_screens) {
        for (const Language language : {Language::pl, Language::en}) {
            SCOPED_TRACE(trace(screen, language, {1920, 1080}));
            const ScreenModel model = reach(screen, language);
            const Scene scene = layout_flow_screen(model, plain_extras, 1920, 1080);
            for (std::size_t index = 0; index < scene.elements.size(); ++index) {
                const auto* text = std::get_if<TextBlock>(&scene.elements[index]);
                if (text == nullptr || text->text == render(model.language_switch, language)) {
                    continue;
                }
                const auto [fill, colour] = band_fill_and_text(screen);
                EXPECT_EQ(fill_under(scene, index), std::optional<Colour>(fill)) << text->text;
                EXPECT_EQ(text->colour, colour);
            }
        }
    }
}

TEST(FlowScreenLayout, RefusalsPutTheNextStepFirstAndLargestThenWhatHappenedThenTheTouchHint) {
    const TypeScale type = type_scale(1080);
    for (const Screen screen : band_screens) {
        for (const Language language : {Language::pl, Language::en}) {
            SCOPED_TRACE(trace(screen, language, {1920, 1080}));
            const ScreenModel model = reach(screen, language);
            const Scene scene = layout_flow_screen(model, plain_extras, 1920, 1080);
            std::vector<std::string> order;
            if (model.next_step) {
                order.push_back(render(*model.next_step, language));
            }
            order.push_back(render(model.heading, language));
            for (const Message& detail : model.details) {
                order.push_back(render(detail, language));
            }
            order.push_back(language == Language::pl ? "Dotknij ekranu, aby zamknąć"
                                                     : "Touch the screen to close");
            // The texts of the band, top to bottom, are exactly these (the language switch lies below it).
            std::vector<TextBlock> band_texts;
            for (const TextBlock& text : texts_of(scene)) {
                if (text.text != render(model.language_switch, language)) {
                    band_texts.push_back(text);
                }
            }
            std::ranges::sort(band_texts, {}, [](const TextBlock& text) { return text.box.y; });
            ASSERT_EQ(band_texts.size(), order.size());
            for (std::size_t index = 0; index < order.size(); ++index) {
                EXPECT_EQ(band_texts[index].text, order[index]);
            }
            // The first line is the screen's largest and bold; every other is smaller.
            EXPECT_EQ(band_texts.front().font_px, type.heading_px);
            EXPECT_EQ(band_texts.front().weight, FontWeight::bold);
            for (std::size_t index = 1; index < band_texts.size(); ++index) {
                EXPECT_LT(band_texts[index].font_px, band_texts.front().font_px) << band_texts[index].text;
            }
            EXPECT_EQ(band_texts.back().font_px, type.small_px);
        }
    }
    // Every refusal but the badge's own screen (which asks nothing of the delegate) has a next step.
    for (const Screen screen : band_screens) {
        EXPECT_EQ(reach(screen, Language::pl).next_step.has_value(), screen != Screen::badge_code)
            << to_string(screen);
    }
}

TEST(FlowScreenLayout, RefusalsShowACountdownThatEndsWithTheScreen) {
    for (const Screen screen : band_screens) {
        for (const ScreenSize size : screen_sizes) {
            SCOPED_TRACE(trace(screen, Language::pl, size));
            const ScreenModel model = reach(screen, Language::pl);
            ASSERT_TRUE(model.ends_at.has_value());
            const Scene scene = layout_flow_screen(model, plain_extras, size.width, size.height);
            const std::vector<Countdown> countdowns = countdowns_of(scene);
            ASSERT_EQ(countdowns.size(), 1U);
            const Countdown& countdown = countdowns.front();
            EXPECT_EQ(countdown.starts_at, model.entered_at);
            EXPECT_EQ(countdown.ends_at, *model.ends_at);
            EXPECT_EQ(countdown.fill, band_fill_and_text(screen).second);
            EXPECT_EQ(countdown.empty, band_fill_and_text(screen).first);
            EXPECT_GT(countdown.outline_width, 0);
            EXPECT_GE(countdown.box.width, size.width / 3);
            // Under every text of the band, and wholly on the band.
            for (const TextBlock& text : texts_of(scene)) {
                if (text.text != render(model.language_switch, model.language)) {
                    EXPECT_GE(countdown.box.y, text.box.y + text.box.height) << text.text;
                }
            }
            const auto index = static_cast<std::size_t>(
                std::ranges::find_if(
                    scene.elements,
                    [](const SceneElement& element) { return std::holds_alternative<Countdown>(element); }) -
                scene.elements.begin());
            EXPECT_EQ(fill_behind(scene, index), band_fill_and_text(screen).first);
            // It empties with the screen's time.
            EXPECT_DOUBLE_EQ(countdown.left_at(model.entered_at), 1.0);
            EXPECT_DOUBLE_EQ(countdown.left_at(model.entered_at + (*model.ends_at - model.entered_at) / 4),
                             0.75);
            EXPECT_DOUBLE_EQ(countdown.left_at(*model.ends_at), 0.0);
            EXPECT_DOUBLE_EQ(countdown.left_at(*model.ends_at + 1s), 0.0);
        }
    }
    // Screens that wait for the kiosk, not for the delegate, have none.
    for (const Screen screen : {Screen::attract, Screen::looking_up, Screen::welcome, Screen::take_badge}) {
        EXPECT_TRUE(
            countdowns_of(layout_flow_screen(reach(screen, Language::pl), plain_extras, 1920, 1080)).empty())
            << to_string(screen);
    }
}

// WCAG 2.1 success criterion 1.4.11: what shows a control or a state, not only text, stands out at least
// 3:1 from what is next to it. Here: the countdown's outline against its band and the time left against
// the time gone, and the language switch's border against the screen.
TEST(FlowScreenLayout, NonTextPartsMeetNonTextContrastInBothLanguages) {
    const Theme& theme = kiosk_theme();
    for (const Screen screen : all_screens) {
        for (const Language language : {Language::pl, Language::en}) {
            SCOPED_TRACE(trace(screen, language, {1280, 800}));
            const Scene scene = layout_flow_screen(reach(screen, language), plain_extras, 1280, 800);
            for (std::size_t index = 0; index < scene.elements.size(); ++index) {
                if (const auto* countdown = std::get_if<Countdown>(&scene.elements[index])) {
                    const Colour behind = fill_behind(scene, index);
                    EXPECT_GE(contrast_ratio(countdown->outline, behind), wcag_aa_large_text);
                    EXPECT_GE(contrast_ratio(countdown->fill, countdown->empty), wcag_aa_large_text);
                    EXPECT_GE(contrast_ratio(countdown->outline, countdown->empty), wcag_aa_large_text);
                }
                if (const auto* panel = std::get_if<Panel>(&scene.elements[index]); panel && panel->border) {
                    EXPECT_GE(contrast_ratio(*panel->border, fill_behind(scene, index)), wcag_aa_large_text);
                    EXPECT_GT(panel->border_width, 0);
                }
            }
            const Button* language_button = scene.find_button(language_button_id);
            ASSERT_NE(language_button, nullptr);
            const auto panel = std::ranges::find_if(scene.elements, [&](const SceneElement& element) {
                const auto* each = std::get_if<Panel>(&element);
                return each && each->box == language_button->box;
            });
            ASSERT_NE(panel, scene.elements.end());
            ASSERT_TRUE(std::get<Panel>(*panel).border.has_value());
            EXPECT_GE(contrast_ratio(*std::get<Panel>(*panel).border, theme.background), wcag_aa_large_text);
        }
    }
}

TEST(FlowScreenLayout, NotAnInvitationSaysWhichCodeToScan) {
    for (const Language language : {Language::pl, Language::en}) {
        const Scene scene =
            layout_flow_screen(reach(Screen::not_an_invitation, language), plain_extras, 1920, 1080);
        EXPECT_EQ(scene.name, "not_an_invitation");
        const bool polish = language == Language::pl;
        const TextBlock* step =
            find_text(scene, polish ? "Zeskanuj kod z e-maila lub wydruku zaproszenia"
                                    : "Scan the code from your invitation e-mail or printout");
        const TextBlock* what =
            find_text(scene, polish ? "To nie jest kod z zaproszenia" : "This is not an invitation code");
        ASSERT_NE(step, nullptr);
        ASSERT_NE(what, nullptr);
        EXPECT_LT(step->box.y, what->box.y);
        EXPECT_GT(step->font_px, what->font_px);
        // Not the "hold it still" of a damaged code.
        for (const TextBlock& text : texts_of(scene)) {
            EXPECT_EQ(text.text.find(polish ? "nieruchomo" : "holding it still"), std::string::npos);
        }
    }
}

TEST(FlowScreenLayout, TakeBadgePointsWhereTheBadgeComesOut) {
    struct Case {
        BadgeExit exit;
        std::string polish;
        std::string english;
    };
    for (const Case& example : std::vector<Case>{
             {BadgeExit::below, "Identyfikator wysuwa się pod ekranem ↓",
              "Your badge comes out below the screen ↓"},
             {BadgeExit::left, "← Identyfikator wysuwa się po lewej stronie",
              "← Your badge comes out on the left"},
             {BadgeExit::right, "Identyfikator wysuwa się po prawej stronie →",
              "Your badge comes out on the right →"},
         }) {
        SCOPED_TRACE(to_string(example.exit));
        FlowSceneExtras extras = plain_extras;
        extras.badge_exit = example.exit;
        for (const Language language : {Language::pl, Language::en}) {
            const ScreenModel model = reach(Screen::take_badge, language);
            for (const ScreenSize size : screen_sizes) {
                const Scene scene = layout_flow_screen(model, extras, size.width, size.height);
                expect_well_formed(scene, model, size);
                const TextBlock* take =
                    find_text(scene, language == Language::pl ? "Proszę odebrać identyfikator"
                                                              : "Please take your badge");
                const TextBlock* pointer =
                    find_text(scene, language == Language::pl ? example.polish : example.english);
                ASSERT_NE(take, nullptr);
                ASSERT_NE(pointer, nullptr);
                EXPECT_GT(pointer->box.y, take->box.y); // right under "please take your badge"
                EXPECT_EQ(pointer->weight, FontWeight::bold);
                EXPECT_GE(pointer->font_px, type_scale(shorter_side(size)).body_px);
            }
        }
    }
    // With the badge's picture beside the text too.
    FlowSceneExtras with_preview = plain_extras;
    with_preview.badge_preview = "/tmp/badge.png";
    const Scene scene = layout_flow_screen(reach(Screen::take_badge, Language::pl), with_preview, 1920, 1080);
    EXPECT_NE(find_text(scene, "Identyfikator wysuwa się pod ekranem ↓"), nullptr);
    EXPECT_EQ(to_string(BadgeExit::below), "below");
}

TEST(FlowScreenLayout, TheEnglishAttractShowsTheEventsEnglishNameOrElseItsOwn) {
    const ScreenModel english = reach(Screen::attract, Language::en);
    const ScreenModel polish = reach(Screen::attract, Language::pl);
    const TypeScale type = type_scale(1080);

    const Scene english_scene = layout_flow_screen(english, plain_extras, 1920, 1080);
    const TextBlock* title = find_text(english_scene, plain_extras.event_name_english);
    ASSERT_NE(title, nullptr);
    EXPECT_EQ(title->font_px, type.title_px);
    EXPECT_EQ(find_text(english_scene, plain_extras.event_name), nullptr);
    // The Polish screen keeps the roster's name.
    const Scene polish_scene = layout_flow_screen(polish, plain_extras, 1920, 1080);
    EXPECT_NE(find_text(polish_scene, plain_extras.event_name), nullptr);
    EXPECT_EQ(find_text(polish_scene, plain_extras.event_name_english), nullptr);
    // Without an English name, the English screen shows the roster's name rather than none.
    FlowSceneExtras without_english = plain_extras;
    without_english.event_name_english.clear();
    const Scene fallback = layout_flow_screen(english, without_english, 1920, 1080);
    const TextBlock* fallback_title = find_text(fallback, plain_extras.event_name);
    ASSERT_NE(fallback_title, nullptr);
    EXPECT_EQ(fallback_title->font_px, type.title_px);
}

TEST(FlowScreenLayout, NotRegisteredTodayNamesTheInvitationsDays) {
    const ScreenModel model = reach(Screen::not_registered_today, Language::en);
    ASSERT_FALSE(model.invitation_days.empty());
    const Scene scene = layout_flow_screen(model, plain_extras, 1280, 720);
    const std::string days = render(model.details.front(), Language::en);
    EXPECT_NE(days.find("Your invitation is valid on: "), std::string::npos);
    EXPECT_NE(find_text(scene, days), nullptr);
}

TEST(FlowScreenLayout, ADismissTouchAnywhereButTheLanguageSwitchEndsAResultScreen) {
    const Scene scene = layout_flow_screen(reach(Screen::cancelled, Language::pl), plain_extras, 1920, 1080);
    for (const auto& [x, y] :
         std::vector<std::pair<int, int>>{{0, 0}, {960, 540}, {1919, 1079}, {10, 1070}}) {
        const Button* touched = scene.button_at(x, y);
        ASSERT_NE(touched, nullptr);
        EXPECT_EQ(touched->id, dismiss_button_id) << x << "," << y;
    }
    const Scene welcome = layout_flow_screen(reach(Screen::welcome, Language::pl), plain_extras, 1920, 1080);
    EXPECT_EQ(welcome.button_at(960, 540), nullptr);
}

TEST(FlowScreenLayout, AttractShowsTheEventNameAsTitleAndNoTitleWithoutOne) {
    const ScreenModel model = reach(Screen::attract, Language::pl);
    const TypeScale type = type_scale(1080);
    const Scene with_name = layout_flow_screen(model, plain_extras, 1920, 1080);
    const TextBlock* title = find_text(with_name, plain_extras.event_name);
    const TextBlock* heading = find_text(with_name, "Zeskanuj kod QR z zaproszenia");
    ASSERT_NE(title, nullptr);
    ASSERT_NE(heading, nullptr);
    EXPECT_EQ(title->font_px, type.title_px);
    EXPECT_LT(title->box.y, heading->box.y);

    const Scene without_name = layout_flow_screen(model, FlowSceneExtras{}, 1920, 1080);
    EXPECT_EQ(texts_of(without_name).size(), texts_of(with_name).size() - 1);
    EXPECT_NE(find_text(without_name, "Zeskanuj kod QR z zaproszenia"), nullptr);
}

TEST(FlowScreenLayout, TheDemoAttractExplainsHowToScanAndOpenStaffMode) {
    FlowSceneExtras demo = plain_extras;
    demo.demo = true;
    demo.demo_staff_pin = "2468";
    for (const Language language : {Language::pl, Language::en}) {
        const ScreenModel model = reach(Screen::attract, language);
        const std::string scan_hint = render(Message{MessageId::demo_scan_hint, {}}, language);
        const std::string staff_hint =
            render(Message{MessageId::demo_staff_hint, {{"pin", "2468"}}}, language);
        EXPECT_NE(scan_hint.find("Enter"), std::string::npos);
        EXPECT_NE(scan_hint.find("F2"), std::string::npos);
        EXPECT_NE(staff_hint.find("2468"), std::string::npos);
        for (const ScreenSize size : screen_sizes) {
            SCOPED_TRACE(trace(Screen::attract, language, size));
            const Scene scene = layout_flow_screen(model, demo, size.width, size.height);
            expect_well_formed(scene, model, size);
            EXPECT_NE(find_text(scene, scan_hint), nullptr);
            EXPECT_NE(find_text(scene, staff_hint), nullptr);
        }
        // Without a PIN only the scanning hint; outside the demo neither.
        FlowSceneExtras without_pin = demo;
        without_pin.demo_staff_pin.clear();
        const Scene no_pin = layout_flow_screen(model, without_pin, 1920, 1080);
        EXPECT_NE(find_text(no_pin, scan_hint), nullptr);
        EXPECT_EQ(find_text(no_pin, staff_hint), nullptr);
        const Scene not_demo = layout_flow_screen(model, plain_extras, 1920, 1080);
        EXPECT_EQ(find_text(not_demo, scan_hint), nullptr);
        EXPECT_EQ(find_text(not_demo, staff_hint), nullptr);
    }
}

TEST(FlowScreenLayout, TakeBadgeShowsThePreviewBesideTheTextOnlyWhenGiven) {
    FlowSceneExtras with_preview = plain_extras;
    with_preview.badge_preview = std::filesystem::path("/tmp/kiosk-badges/0001-SER-0001.png");
    for (const Screen screen : all_screens) {
        const ScreenModel model = reach(screen, Language::pl);
        for (const ScreenSize size : screen_sizes) {
            SCOPED_TRACE(trace(screen, Language::pl, size));
            const Scene scene = layout_flow_screen(model, with_preview, size.width, size.height);
            expect_well_formed(scene, model, size);
            const std::vector<Picture> pictures = pictures_of(scene);
            if (screen != Screen::take_badge) {
                EXPECT_TRUE(pictures.empty());
                continue;
            }
            ASSERT_EQ(pictures.size(), 1U);
            EXPECT_EQ(pictures.front().file, *with_preview.badge_preview);
            const Rect picture = pictures.front().box;
            const TextBlock* heading = find_text(scene, "Proszę odebrać identyfikator");
            ASSERT_NE(heading, nullptr);
            if (size.width > size.height) { // text on the left half, the badge on the right
                EXPECT_GE(picture.x, size.width / 2);
                EXPECT_LE(heading->box.x + heading->box.width, size.width / 2);
            } else { // portrait: the badge under the text
                EXPECT_GE(picture.y, heading->box.y + heading->box.height);
            }
            // Large enough to recognise the badge.
            EXPECT_GE(picture.width, size.width / 3);
            EXPECT_GE(picture.height, size.height / 3);
        }
    }
}

TEST(FlowScreenLayout, APortraitScreenUsesTheTypeOfTheLandscapePanel) {
    const ScreenModel model = reach(Screen::take_badge, Language::pl);
    const Scene landscape = layout_flow_screen(model, plain_extras, 1920, 1080);
    const Scene portrait = layout_flow_screen(model, plain_extras, 1080, 1920);
    const TextBlock* landscape_heading = find_text(landscape, "Proszę odebrać identyfikator");
    const TextBlock* portrait_heading = find_text(portrait, "Proszę odebrać identyfikator");
    ASSERT_NE(landscape_heading, nullptr);
    ASSERT_NE(portrait_heading, nullptr);
    EXPECT_EQ(portrait_heading->font_px, landscape_heading->font_px);
    EXPECT_EQ(portrait.find_button(language_button_id)->box.height,
              landscape.find_button(language_button_id)->box.height);
}

TEST(FlowScreenLayout, ASmallScreenKeepsThe720PixelSizes) {
    const ScreenModel model = reach(Screen::unknown_code, Language::pl);
    const ScreenSize size{800, 600};
    const Scene scene = layout_flow_screen(model, plain_extras, size.width, size.height);
    expect_well_formed(scene, model, ScreenSize{800, 600});
    for (const TextBlock& text : texts_of(scene)) {
        EXPECT_GE(text.minimum_font_px, type_scale(720).small_px) << text.text;
    }
}

} // namespace
} // namespace checkin::kiosk
