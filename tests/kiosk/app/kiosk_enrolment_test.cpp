// Enrolling a running kiosk by scanning the organiser's enrolment code in staff mode, against kiosk-hub
// itself serving HTTPS on loopback: the kiosk (its controller, in this process, with its real workers,
// mirror and sync loop) exchanges the code off the UI thread, keeps the hub's address, pin and token beside
// its mirror as `kioskctl enrol` does, tells staff in their language, and its sync loop, which was failing
// against a hub that is not there, uploads the next check-in to the new hub. At self-service the code is
// ignored, and no log line holds its secret.

#include "base/password_hash.hpp"
#include "base/text.hpp"
#include "kiosk/app/config.hpp"
#include "kiosk/app/controller.hpp"
#include "kiosk/selfservice/screen_layout.hpp"
#include "sync/client/enrolled_hub.hpp"
#include "sync/mirror/mirror.hpp"
#include "sync/protocol/enrolment.hpp"
#include "tests/kiosk/app/in_process_kiosk.hpp"
#include "tests/kiosk/process.hpp"
#include "tests/sync/hub/hub_process.hpp"

#include <chrono>
#include <csignal>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace checkin::kiosk {
namespace {

using namespace std::chrono_literals;
using namespace sync::hub_process;

const std::string event_name = "Seminarium sieciujące Centrum Wsparcia Doradczego Plus — Serock";
const std::string roster_file = std::string(CHECKIN_TEST_DATA) + "/serock-roster.csv";
constexpr sync::Day first_day{std::chrono::year{2026}, std::chrono::November, std::chrono::day{29}};

// The staff PIN 2468 as a kiosk configuration keeps it: an Argon2id hash (kiosk --hash-pin).
std::string pin_hash() {
    auto hash = base::hash_password("2468");
    EXPECT_TRUE(hash.has_value());
    return hash.value_or("");
}

std::string text_of(const Scene& scene) {
    std::string text;
    for (const auto& element : scene.elements) {
        if (const auto* block = std::get_if<TextBlock>(&element)) {
            text += block->text + "\n";
        }
    }
    return text;
}

class KioskEnrolment : public testing::Test {
protected:
    void SetUp() override {
        const auto made = run_hub(directory, {"--db", hub_database, "cert", "new", "--host", "127.0.0.1"});
        ASSERT_EQ(made.exit_code, 0) << made.errors;
        pin = std::string(base::trim(made.output));
        const auto imported = run_hub(directory, {"--db", hub_database, "import", roster_file, "--event-name",
                                                  event_name, "--event-days", "2026-11-29,2026-11-30"});
        ASSERT_EQ(imported.exit_code, 0) << imported.errors;
        port = free_port();
        ASSERT_GT(port, 0);
        serving = spawn_hub({"--db", hub_database, "serve", "--listen", fmt::format("127.0.0.1:{}", port)},
                            directory.file("serve-stdout.txt"), serve_errors);
        ASSERT_GT(serving, 0);
        const auto deadline = std::chrono::steady_clock::now() + 10s;
        while (read_file(serve_errors).find("serving") == std::string::npos) {
            ASSERT_LT(std::chrono::steady_clock::now(), deadline) << read_file(serve_errors);
            std::this_thread::sleep_for(50ms);
        }
        const auto enrolled = run_hub(directory, {"--db", hub_database, "enrol", "--kiosk", "recepcja-9",
                                                  "--url", fmt::format("https://127.0.0.1:{}", port)});
        ASSERT_EQ(enrolled.exit_code, 0) << enrolled.errors;
        const std::string_view output = base::trim(enrolled.output);
        code = std::string(output.substr(output.rfind('\n') + 1));
        auto payload = sync::decode_enrolment_payload(code);
        ASSERT_TRUE(payload.has_value()) << payload.error().message;
        secret = payload->secret;

        const auto kiosk_import = test::run_kioskctl({"--db", mirror, "import", roster_file, "--event-name",
                                                      event_name, "--event-days", "2026-11-29,2026-11-30"});
        ASSERT_EQ(kiosk_import.exit_code, 0) << kiosk_import.describe();
    }

    void TearDown() override {
        controller.reset();
        if (serving > 0) {
            ::kill(serving, SIGTERM);
            EXPECT_EQ(wait_for_exit(serving), 0);
        }
    }

    // The kiosk, syncing with a hub that is not there (port 9 on loopback refuses), with staff anna.
    void start_kiosk() {
        const std::string config_text =
            "[kiosk]\nid = recepcja-9\n\n[staff]\nsalt = test-salt\npin.anna = " + pin_hash() +
            "\n\n[sync]\nhub = https://127.0.0.1:9\nhub_pin = sha256//" + std::string(43, 'A') +
            "=\ntoken = " + std::string(64, 'a') + "\n";
        auto parsed = parse_kiosk_config(config_text, "kiosk.conf");
        ASSERT_TRUE(parsed.has_value());
        auto config =
            apply_overrides(std::move(*parsed), {.database = mirror,
                                                 .printer = "sim://" + directory.file("badges").string(),
                                                 .date = std::string("2026-11-29")});
        ASSERT_TRUE(config.has_value());
        ControllerSettings settings = test::in_process_settings(std::move(*config), now, first_day);
        settings.log = [this](std::string_view line) {
            const std::lock_guard lock(log_mutex);
            log.emplace_back(line);
        };
        auto created = KioskController::create(std::move(settings));
        ASSERT_TRUE(created.has_value()) << created.error().message;
        controller = std::move(*created);
    }

    // Takes the workers' answers until none is awaited (in real time), the kiosk's clock standing still.
    void settle() {
        const auto deadline = std::chrono::steady_clock::now() + 30s;
        do {
            std::this_thread::sleep_for(10ms);
            controller->tick(now);
        } while (controller->busy() && std::chrono::steady_clock::now() < deadline);
        ASSERT_FALSE(controller->busy()) << "the kiosk's workers did not answer in 30 s";
    }

    void sign_in_staff() {
        const Rect corner = staff_corner(controller->scene().width, controller->scene().height);
        controller->pointer_down(corner.centre_x(), corner.centre_y(), now);
        now += 3100ms;
        controller->tick(now);
        controller->pointer_up(corner.centre_x(), corner.centre_y(), now);
        controller->typed_text("2468", now);
        controller->typed_key(KioskKey::enter, now);
        settle();
        ASSERT_TRUE(controller->scene().name.starts_with("staff-")) << controller->scene().name;
    }

    std::string log_text() {
        const std::lock_guard lock(log_mutex);
        std::string text;
        for (const auto& line : log) {
            text += line + "\n";
        }
        return text;
    }

    TempDir directory;
    std::string hub_database = directory.file("hub.db").string();
    std::filesystem::path serve_errors = directory.file("serve-stderr.txt");
    std::string mirror = directory.file("kiosk.sqlite").string();
    std::string pin;
    int port = 0;
    pid_t serving = -1;
    std::string code;
    std::string secret;
    FlowTime now = std::chrono::steady_clock::now();
    std::mutex log_mutex;
    std::vector<std::string> log;
    std::unique_ptr<KioskController> controller;
};

TEST_F(KioskEnrolment, StaffScanTheCodeAndTheRunningSyncLoopMovesToTheNewHub) {
    ASSERT_NO_FATAL_FAILURE(start_kiosk());

    // At self-service the code is no delegate's: ignored, and nothing of it looked up or journaled.
    controller->scan(code, now);
    settle();
    EXPECT_EQ(controller->scene().name, "attract");
    EXPECT_NE(log_text().find("enrolment code was scanned at self-service and ignored"), std::string::npos)
        << log_text();
    EXPECT_FALSE(std::filesystem::exists(mirror + ".hub-token"));

    ASSERT_NO_FATAL_FAILURE(sign_in_staff());
    controller->scan(code, now);
    settle();
    const std::string hub = fmt::format("https://127.0.0.1:{}", port);
    EXPECT_NE(text_of(controller->scene())
                  .find(fmt::format("Kiosk zapisany w hubie {} jako recepcja-9. Synchronizacja z nim od "
                                    "następnej rundy.",
                                    hub)),
              std::string::npos)
        << text_of(controller->scene());
    EXPECT_NE(log_text().find(fmt::format("enrolled as recepcja-9 with the hub {}", hub)), std::string::npos)
        << log_text();
    // Kept beside the mirror as `kioskctl enrol` keeps it.
    auto kept = sync::read_enrolled_hub(mirror);
    ASSERT_TRUE(kept.has_value() && kept->has_value());
    EXPECT_EQ((*kept)->hub_url, hub);
    EXPECT_EQ((*kept)->pin, pin);
    auto token = sync::read_enrolled_token(mirror);
    ASSERT_TRUE(token.has_value()) << token.error().message;
    EXPECT_EQ(token->size(), 64U);

    // A second scan of the same code: the hub refuses it, staff are told why in Polish.
    controller->scan(code, now);
    settle();
    EXPECT_NE(text_of(controller->scene()).find("Hub nie przyjął kodu zapisu (użyty, wygasły lub nieznany)"),
              std::string::npos)
        << text_of(controller->scene());

    // Back to self-service: a check-in, which the loop (until now failing against port 9) uploads to the
    // new hub.
    const Button* exit = controller->scene().find_button("exit");
    ASSERT_NE(exit, nullptr);
    controller->pointer_down(exit->box.centre_x(), exit->box.centre_y(), now);
    controller->pointer_up(exit->box.centre_x(), exit->box.centre_y(), now);
    controller->scan("CWD-K72UFRSS", now);
    settle();
    auto kiosk_mirror = sync::Mirror::open(mirror);
    ASSERT_TRUE(kiosk_mirror.has_value());
    const auto deadline = std::chrono::steady_clock::now() + 30s;
    std::size_t not_uploaded = 1;
    while (std::chrono::steady_clock::now() < deadline) {
        controller->tick(now);
        auto statistics = kiosk_mirror->statistics(first_day);
        ASSERT_TRUE(statistics.has_value());
        not_uploaded = statistics->events_not_uploaded;
        if (statistics->events > 0 && not_uploaded == 0) {
            break;
        }
        std::this_thread::sleep_for(50ms);
    }
    EXPECT_EQ(not_uploaded, 0U) << "the check-in never reached the new hub; " << read_file(serve_errors);
    controller.reset();
    ::kill(serving, SIGTERM);
    EXPECT_EQ(wait_for_exit(serving), 0);
    serving = -1;
    const auto hub_log = read_file(serve_errors);
    EXPECT_NE(hub_log.find("POST /api/v1/events 200"), std::string::npos) << hub_log;
    EXPECT_NE(hub_log.find("recepcja-9"), std::string::npos) << hub_log;

    // The secret is nowhere in the kiosk's log or the hub's.
    EXPECT_EQ(log_text().find(secret), std::string::npos);
    EXPECT_EQ(hub_log.find(secret), std::string::npos);
}

TEST_F(KioskEnrolment, ADamagedCodeInStaffModeIsRefusedWithoutAnyExchange) {
    ASSERT_NO_FATAL_FAILURE(start_kiosk());
    ASSERT_NO_FATAL_FAILURE(sign_in_staff());
    controller->scan(code.substr(0, code.size() - 5), now);
    settle();
    EXPECT_NE(text_of(controller->scene()).find("Kod zapisu kiosku jest uszkodzony lub ucięty"),
              std::string::npos)
        << text_of(controller->scene());
    EXPECT_FALSE(std::filesystem::exists(mirror + ".hub-token"));
    EXPECT_EQ(read_file(serve_errors).find("/api/v1/enrol"), std::string::npos);
}

} // namespace
} // namespace checkin::kiosk
