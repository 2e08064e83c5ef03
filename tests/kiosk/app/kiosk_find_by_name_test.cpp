// Find yourself by name through the whole kiosk (issue 17, item 3): the controller with its real workers,
// a mirror made from the fixture roster and the simulated printer, typed on a physical keyboard (through
// the keyboard wedge, as SDL delivers it) and touched on the scene's buttons, syncing with a hub served in
// this process. The check-in reaches the hub as "self-service by name", and the kiosk's log holds neither
// what was typed nor who was found.

#include "kiosk/app/config.hpp"
#include "kiosk/app/controller.hpp"
#include "sync/hub/hub_server.hpp"
#include "sync/hub/hub_store.hpp"
#include "sync/mirror/mirror.hpp"
#include "tests/kiosk/app/in_process_hub.hpp"
#include "tests/kiosk/app/in_process_kiosk.hpp"
#include "tests/sync/mirror/mirror_fixture.hpp"

#include <chrono>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace checkin::kiosk {
namespace {

using namespace std::chrono_literals;
using sync::mirror_fixture::TempDir;

constexpr sync::Day first_day{std::chrono::year{2026}, std::chrono::November, std::chrono::day{29}};
// Łukasz Łuczak of tests/data/serock-roster.csv, second of the four Łuczaks (Bożena, Łukasz, Paweł, Piotr).
const std::string lukasz_code = "CWD-KKDRLWEK";

class KioskFindByName : public testing::Test {
protected:
    void SetUp() override {
        hub = test::start_hub_and_mirror(directory.path(), mirror_path, "kiosk-3");
        ASSERT_TRUE(hub.server) << "the hub did not start";

        auto parsed = parse_kiosk_config(
            fmt::format("[kiosk]\nid = kiosk-3\n\n[sync]\nhub = http://127.0.0.1:{}\ntoken = {}\n",
                        hub.server->port(), hub.kiosk_token),
            "kiosk.conf");
        ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
        auto config =
            apply_overrides(std::move(*parsed), {.database = mirror_path.string(),
                                                 .printer = "sim://" + directory.file("badges").string(),
                                                 .date = std::string("2026-11-29")});
        ASSERT_TRUE(config.has_value());
        ControllerSettings settings = test::in_process_settings(std::move(*config), now, first_day);
        settings.log = [this](std::string_view line) {
            const std::lock_guard lock(log_mutex);
            log += std::string(line) + "\n";
        };
        auto created = KioskController::create(std::move(settings));
        ASSERT_TRUE(created.has_value()) << created.error().message;
        controller = std::move(*created);
    }

    void TearDown() override {
        controller.reset();
        if (hub.server) {
            hub.server->stop();
        }
    }

    // Ticks until the workers have answered.
    void settle() {
        const auto deadline = std::chrono::steady_clock::now() + 30s;
        do {
            controller->tick(now);
            std::this_thread::sleep_for(5ms);
        } while (controller->busy() && std::chrono::steady_clock::now() < deadline);
        controller->tick(now);
    }

    // A person at a keyboard: a key every 150 ms, slower than any scanner.
    void type_slowly(std::string_view text) {
        for (const char character : text) {
            now += 150ms;
            controller->keyboard_text(std::string(1, character), now);
            controller->tick(now);
        }
        now += 150ms;
        controller->tick(now);
    }

    void touch(std::string_view button_id) {
        const Button* button = controller->scene().find_button(button_id);
        ASSERT_NE(button, nullptr) << button_id << " is not on " << controller->scene().name;
        controller->pointer_down(button->box.centre_x(), button->box.centre_y(), now);
        controller->pointer_up(button->box.centre_x(), button->box.centre_y(), now);
        settle();
    }

    std::string log_text() {
        const std::lock_guard lock(log_mutex);
        return log;
    }

    TempDir directory;
    std::filesystem::path mirror_path = directory.file("kiosk.sqlite");
    test::InProcessHub hub;
    FlowTime now = std::chrono::steady_clock::now();
    std::mutex log_mutex;
    std::string log;
    std::unique_ptr<KioskController> controller;
};

TEST_F(KioskFindByName, TypedOnAKeyboardPickedOnScreenAndJournaledByNameUpToTheHub) {
    EXPECT_EQ(controller->scene().name, "attract");
    touch(find_by_name_button_id);
    EXPECT_EQ(controller->scene().name, "find_surname");
    type_slowly("LUCZAK");
    controller->keyboard_key(KioskKey::enter, now);
    settle();
    ASSERT_EQ(controller->scene().name, "find_choose") << log_text();
    // Four Łuczaks, by first name and organisation; no surname on the screen.
    for (std::size_t index = 0; index < 4; ++index) {
        EXPECT_NE(controller->scene().find_button(std::string(pick_prefix) + std::to_string(index)), nullptr);
    }
    EXPECT_EQ(controller->scene().find_button(std::string(pick_prefix) + "4"), nullptr);
    for (const SceneElement& element : controller->scene().elements) {
        if (const auto* text = std::get_if<TextBlock>(&element)) {
            EXPECT_EQ(text->text.find("Łuczak"), std::string::npos) << text->text;
        }
    }
    touch(std::string(pick_prefix) + "1");

    // Checked in in the mirror by name, and the hub has the same event.
    auto mirror = sync::Mirror::open(mirror_path);
    ASSERT_TRUE(mirror.has_value());
    auto events = mirror->events_of(lukasz_code);
    ASSERT_TRUE(events.has_value());
    ASSERT_FALSE(events->empty()) << log_text();
    EXPECT_EQ(events->front().kind, sync::EventKind::checkin);
    EXPECT_EQ(events->front().operator_name, "self-service by name");
    const std::string event_id = events->front().id;
    std::optional<sync::CheckinEvent> on_hub;
    const auto deadline = std::chrono::steady_clock::now() + 30s;
    while (!on_hub && std::chrono::steady_clock::now() < deadline) {
        controller->tick(now);
        auto page = hub.store->events_since(0, 1000);
        ASSERT_TRUE(page.has_value());
        for (const auto& sequenced : page->events) {
            if (sequenced.event.id == event_id) {
                on_hub = sequenced.event;
            }
        }
        std::this_thread::sleep_for(50ms);
    }
    ASSERT_TRUE(on_hub.has_value()) << "the check-in never reached the hub:\n" << log_text();
    EXPECT_EQ(on_hub->operator_name, "self-service by name");
    EXPECT_EQ(on_hub->delegate_code, lukasz_code);

    const std::string text = log_text();
    EXPECT_NE(text.find("self-service by name\n"), std::string::npos) << text;
    for (const std::string secret : {"LUCZAK", "uczak", "Łukasz", "KKDRLWEK"}) {
        EXPECT_EQ(text.find(secret), std::string::npos) << secret << " in the log:\n" << text;
    }
}

TEST_F(KioskFindByName, EscapeOnAPhysicalKeyboardGoesBackAndAPartialSurnameFindsNobody) {
    touch(find_by_name_button_id);
    type_slowly("kowal");
    controller->keyboard_key(KioskKey::enter, now);
    settle();
    EXPECT_EQ(controller->scene().name, "find_not_found");
    touch(dismiss_button_id);
    EXPECT_EQ(controller->scene().name, "attract");
    touch(find_by_name_button_id);
    type_slowly("ab");
    // Keys a person presses, apart as a person presses them (the wedge holds a burst as a scanner's).
    now += 150ms;
    controller->keyboard_key(KioskKey::backspace, now);
    now += 150ms;
    controller->tick(now);
    controller->keyboard_key(KioskKey::escape, now);
    now += 150ms;
    settle();
    EXPECT_EQ(controller->scene().name, "attract");
}

} // namespace
} // namespace checkin::kiosk
