// End-to-end tests of `kioskctl print`: the real binary, a mirror imported from the Serock fixture, and the
// virtual Brother QL (hardware/simulators) listening on loopback TCP as a network QL would on port 9100.
// Each fault the simulator can inject is tried: the exit code, the reason printed, whether a label came out
// and whether a print event was recorded. Also file:// and sim://.

#include "hardware/simulators/ql_simulator_server.hpp"
#include "sync/mirror/mirror.hpp"
#include "tests/kiosk/process.hpp"

#include <array>
#include <cstdio>
#include <filesystem>
#include <gtest/gtest.h>
#include <memory>
#include <string>
#include <vector>

namespace checkin::test {
namespace {

using namespace std::chrono_literals;

const std::string fixture_code = "CWD-ZPZXSWG7"; // Barbara Sikora, first row of the fixture

class KioskctlPrint : public ::testing::Test {
protected:
    void SetUp() override {
        const auto imported =
            run_kioskctl({"--db", database, "import", std::string(CHECKIN_TEST_DATA) + "/serock-roster.csv",
                          "--event-days", "2026-11-29,2026-11-30", "--event-name", "Seminarium CWD+ Serock"});
        ASSERT_EQ(imported.exit_code, 0) << imported.describe();
        auto settings = hardware::virtual_ql_settings("ql-820nwb", "62x100");
        ASSERT_TRUE(settings) << settings.error().detail;
        hardware::QlSimulatorServerOptions options;
        options.printer = *settings;
        options.listen = hardware::SocketAddress{"127.0.0.1", 0};
        options.output_directory = directory.path() / "labels";
        auto started = hardware::QlSimulatorServer::start(options);
        ASSERT_TRUE(started) << started.error().detail;
        simulator = std::move(*started);
        device = "tcp://127.0.0.1:" + std::to_string(simulator->printer_address().port);
    }

    ProcessResult print(std::vector<std::string> extra = {}) {
        std::vector<std::string> arguments{"--db", database, "print", fixture_code, "--device", device};
        arguments.insert(arguments.end(), extra.begin(), extra.end());
        return run_kioskctl(arguments);
    }

    std::size_t print_events() {
        auto mirror = sync::Mirror::open(database);
        EXPECT_TRUE(mirror);
        auto events = mirror->events_of(fixture_code);
        EXPECT_TRUE(events);
        std::size_t count = 0;
        for (const auto& event : *events) {
            count += event.kind == sync::EventKind::print ? 1U : 0U;
        }
        return count;
    }

    TemporaryDirectory directory;
    std::string database = directory.file("mirror.db");
    std::unique_ptr<hardware::QlSimulatorServer> simulator;
    std::string device;
};

TEST_F(KioskctlPrint, PrintsOverTcpAndTheLabelCarriesTheCode) {
    const auto result = print();
    ASSERT_EQ(result.exit_code, 0) << result.describe();
    EXPECT_NE(result.out.find("Printed the badge of Barbara Sikora (CWD-ZPZXSWG7)"), std::string::npos)
        << result.out;
    const auto files = simulator->page_files();
    ASSERT_EQ(files.size(), 1U);
    EXPECT_EQ(read_codes_with_zbarimg(files[0].string()), fixture_code);
    EXPECT_EQ(simulator->counters().pages_printed, 1U);
    EXPECT_EQ(print_events(), 1U);
}

TEST_F(KioskctlPrint, EachFaultIsRefusedWithItsReasonAndNothingIsRecorded) {
    struct Case {
        std::string command; // to the simulator's control language
        std::string reason;  // in what kioskctl prints
    };
    const std::vector<Case> cases{
        {"media none", "no labels"},
        {"cover open", "cover is open"},
        {"media 62", "wrong roll"},
        {"jam on", "cutter is jammed"},
    };
    for (const Case& test : cases) {
        ASSERT_EQ(simulator->control("reset"), "ok");
        ASSERT_EQ(simulator->control(test.command), "ok") << test.command;
        const auto result = print();
        EXPECT_EQ(result.exit_code, 1) << test.command << "\n" << result.describe();
        EXPECT_NE(result.err.find(test.reason), std::string::npos) << test.command << "\n" << result.err;
        EXPECT_NE(result.err.find("detail:"), std::string::npos) << result.err;
    }
    EXPECT_TRUE(simulator->page_files().empty());
    EXPECT_EQ(print_events(), 0U);
}

TEST_F(KioskctlPrint, LabelsRunningOutDuringTheJobIsReported) {
    ASSERT_EQ(simulator->control("labels 1"), "ok");
    ASSERT_EQ(print().exit_code, 0);
    const auto result = print(); // the roll is empty now: the printer finds out when it tries
    EXPECT_EQ(result.exit_code, 1) << result.describe();
    EXPECT_NE(result.err.find("labels have run out"), std::string::npos) << result.err;
    EXPECT_EQ(simulator->page_files().size(), 1U);
    EXPECT_EQ(print_events(), 1U);
}

TEST_F(KioskctlPrint, ASlowPrinterIsWaitedFor) {
    ASSERT_EQ(simulator->control("slow 1500"), "ok");
    const auto result = print();
    ASSERT_EQ(result.exit_code, 0) << result.describe();
    EXPECT_EQ(simulator->page_files().size(), 1U);
}

TEST_F(KioskctlPrint, AConnectionDroppedMidJobIsNotCountedAsPrinted) {
    ASSERT_EQ(simulator->control("disconnect-after 3000"), "ok");
    const auto result = print();
    // Over TCP the whole job may already be in the socket buffers when the printer hangs up, so the
    // session cannot know how much arrived: it says so, and does not send the job a second time.
    EXPECT_EQ(result.exit_code, 1) << result.describe();
    EXPECT_TRUE(result.err.find("did not confirm") != std::string::npos ||
                result.err.find("was not printed") != std::string::npos)
        << result.err;
    EXPECT_TRUE(simulator->page_files().empty());
    EXPECT_EQ(print_events(), 0U);
    // The printer is fine afterwards: the next print works.
    const auto again = print();
    ASSERT_EQ(again.exit_code, 0) << again.describe();
    EXPECT_EQ(simulator->page_files().size(), 1U);
}

TEST_F(KioskctlPrint, NothingListeningIsNotFound) {
    simulator->stop();
    const auto result = print();
    EXPECT_EQ(result.exit_code, 1) << result.describe();
    EXPECT_NE(result.err.find("was not found"), std::string::npos) << result.err;
}

TEST_F(KioskctlPrint, SimulatedPrinterWritesThePngAndFileWritesTheJob) {
    const std::string labels = directory.file("sim");
    const auto simulated = run_kioskctl(
        {"--db", database, "print", fixture_code, "--device", "sim://" + labels, "--media", "62red"});
    ASSERT_EQ(simulated.exit_code, 0) << simulated.describe();
    const std::string page = labels + "/page-0001.png";
    ASSERT_TRUE(std::filesystem::exists(page)) << simulated.out;
    EXPECT_EQ(read_codes_with_zbarimg(page), fixture_code);

    const std::string job = directory.file("job.bin");
    const auto written = run_kioskctl({"--db", database, "print", fixture_code, "--device", "file://" + job});
    ASSERT_EQ(written.exit_code, 0) << written.describe();
    EXPECT_GT(std::filesystem::file_size(job), 10000U);
    EXPECT_EQ(print_events(), 2U);
}

TEST_F(KioskctlPrint, BadAddressesAndModelsAreUsageErrors) {
    EXPECT_EQ(run_kioskctl({"--db", database, "print", fixture_code, "--device", "lpt://1"}).exit_code, 2);
    EXPECT_EQ(
        run_kioskctl({"--db", database, "print", fixture_code, "--device", device, "--model", "ql-9999"})
            .exit_code,
        2);
    EXPECT_EQ(run_kioskctl({"--db", database, "print", fixture_code, "--device", device, "--media", "62red",
                            "--model", "ql-570"})
                  .exit_code,
              2); // red/black tape needs a two-colour QL-800 series
    EXPECT_EQ(run_kioskctl({"--db", database, "print", "CWD-NOSUCH1", "--device", device}).exit_code, 1);
}

} // namespace
} // namespace checkin::test
