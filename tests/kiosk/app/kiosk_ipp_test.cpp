// The kiosk end to end with an IPP Everywhere printer (issue 18): the real binary, headless, prints
// through `--printer ipp://…` to Debian's ippeveprinter on loopback
// (tests/drivers/ippeveprinter_fixture.hpp). The badge the printer receives is decoded and its QR code read
// by zbarimg; a roll the printer reports empty and a job it aborts give the same printer_problem screen and
// staff alert as the QL's faults, and the journal records a print only for a badge the printer completed.

#include "printing/png.hpp"
#include "sync/mirror/mirror.hpp"
#include "tests/drivers/cupsd_fixture.hpp"
#include "tests/drivers/ippeveprinter_fixture.hpp"
#include "tests/kiosk/process.hpp"
#include "tests/printing/pwg_raster_reader.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <fstream>
#include <gtest/gtest.h>
#include <memory>

namespace checkin::test {
namespace {

std::string kiosk_path() {
    return std::string(CHECKIN_BIN_DIR) + "/kiosk";
}

std::vector<std::string> screen_sequence(const std::filesystem::path& directory) {
    std::vector<std::string> files;
    for (const auto& entry : std::filesystem::directory_iterator(directory)) {
        files.push_back(entry.path().filename().string());
    }
    std::ranges::sort(files);
    std::vector<std::string> names;
    for (const auto& file : files) {
        names.push_back(file.substr(5, file.size() - 5 - 4)); // "0003-" … ".png"
    }
    return names;
}

class KioskIpp : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_TRUE(printer.running());
        const auto imported =
            run_kioskctl({"--db", mirror(), "import",
                          (std::filesystem::path(CHECKIN_TEST_DATA) / "serock-roster.csv").string(),
                          "--event-name", "Seminarium — Serock", "--event-days", "2026-11-29,2026-11-30"});
        ASSERT_EQ(imported.exit_code, 0) << imported.describe();
        std::ofstream(directory.path() / "kiosk.conf") << "[kiosk]\nid = recepcja-1\n";
    }

    std::string mirror() const { return directory.file("mirror.sqlite"); }
    std::filesystem::path shots() const { return directory.path() / "shots"; }

    // With the printer address given, or the ippeveprinter's.
    ProcessResult run_script(const std::string& script_text, const std::string& printer_address = {}) {
        std::ofstream(directory.path() / "test.script") << script_text;
        ::setenv("TZ", "Europe/Warsaw", 1);
        ::setenv("SDL_AUDIODRIVER", "dummy", 1);
        ::setenv("LSAN_OPTIONS", "detect_leaks=0", 1);
        ProcessResult result =
            run_process({kiosk_path(), "--headless", "--config", directory.file("kiosk.conf"), "--db",
                         mirror(), "--printer", printer_address.empty() ? printer.uri() : printer_address,
                         "--date", "2026-11-29", "--size", "1280x800", "--scan-script",
                         directory.file("test.script"), "--screenshot-dir", shots().string()},
                        std::chrono::seconds(120));
        ::unsetenv("LSAN_OPTIONS");
        return result;
    }

    long events_of_kind(const std::string& code, sync::EventKind kind) {
        auto opened = sync::Mirror::open(mirror());
        EXPECT_TRUE(opened.has_value());
        auto events = opened->events_of(code);
        EXPECT_TRUE(events.has_value());
        return events ? std::ranges::count(*events, kind, &sync::CheckinEvent::kind) : -1;
    }

    // The QR code on the badge the printer received: the PWG raster decoded by libcups, read by zbarimg.
    std::string code_on(const std::filesystem::path& document) {
        std::ifstream file(document, std::ios::binary);
        const std::vector<std::uint8_t> bytes(std::istreambuf_iterator<char>(file), {});
        const auto pages = printing::decode_pwg_raster(bytes);
        EXPECT_TRUE(pages && pages->size() == 1);
        if (!pages || pages->empty()) {
            return {};
        }
        auto png = printing::encode_png(printing::BadgeImage{pages->front().black, std::nullopt}, 300);
        EXPECT_TRUE(png);
        const std::string picture = directory.file("received.png");
        std::ofstream(picture, std::ios::binary)
            .write(reinterpret_cast<const char*>(png->data()), static_cast<std::streamsize>(png->size()));
        return read_codes_with_zbarimg(picture);
    }

    IppEvePrinter printer;
    TemporaryDirectory directory;
};

TEST_F(KioskIpp, ACheckInPrintsTheBadgeOnTheIppPrinterAndItsCodeReadsBack) {
    const auto run = run_script("CWD-K72UFRSS\nsleep 8000\n");
    ASSERT_EQ(run.exit_code, 0) << run.describe() << printer.log();
    EXPECT_EQ(screen_sequence(shots()),
              (std::vector<std::string>{"attract", "looking_up", "welcome", "take_badge", "attract"}));
    const auto documents = printer.documents();
    ASSERT_EQ(documents.size(), 1U) << printer.log();
    EXPECT_EQ(code_on(documents.front()), "CWD-K72UFRSS");
    EXPECT_EQ(events_of_kind("CWD-K72UFRSS", sync::EventKind::checkin), 1);
    EXPECT_EQ(events_of_kind("CWD-K72UFRSS", sync::EventKind::print), 1);
}

TEST_F(KioskIpp, ARollThePrinterReportsEmptyGivesThePrinterProblemScreenAndNoSecondDocument) {
    // The first badge is the roll's last: the printer reports media-empty once it has printed it.
    printer.set_state_on_next_job("+media-empty-error");
    const auto run = run_script("CWD-K72UFRSS\nsleep 8000\nCWD-ZPZXSWG7\nsleep 15000\n");
    ASSERT_EQ(run.exit_code, 0) << run.describe();
    EXPECT_EQ(screen_sequence(shots()),
              (std::vector<std::string>{"attract", "looking_up", "welcome", "take_badge", "attract",
                                        "looking_up", "welcome", "printer_problem", "attract"}));
    EXPECT_EQ(printer.documents().size(), 1U);
    EXPECT_EQ(events_of_kind("CWD-ZPZXSWG7", sync::EventKind::checkin), 1);
    EXPECT_EQ(events_of_kind("CWD-ZPZXSWG7", sync::EventKind::print), 0);
    EXPECT_NE(run.err.find("staff alert printer_problem"), std::string::npos) << run.err;
    EXPECT_NE(run.err.find("media-empty"), std::string::npos) << run.err;
}

TEST_F(KioskIpp, AJobThePrinterAbortsIsAPrinterProblemNotAPrintedBadge) {
    printer.abort_next_job();
    const auto run = run_script("CWD-K72UFRSS\nsleep 15000\n");
    ASSERT_EQ(run.exit_code, 0) << run.describe();
    EXPECT_EQ(screen_sequence(shots()),
              (std::vector<std::string>{"attract", "looking_up", "welcome", "printer_problem", "attract"}));
    EXPECT_EQ(events_of_kind("CWD-K72UFRSS", sync::EventKind::checkin), 1);
    EXPECT_EQ(events_of_kind("CWD-K72UFRSS", sync::EventKind::print), 0);
    EXPECT_NE(run.err.find("aborted"), std::string::npos) << run.err;
}

TEST_F(KioskIpp, KioskctlPrintSendsTheBadgeToTheIppPrinter) {
    const auto printed = run_kioskctl(
        {"--db", mirror(), "--date", "2026-11-29", "print", "CWD-K72UFRSS", "--device", printer.uri()});
    ASSERT_EQ(printed.exit_code, 0) << printed.describe() << printer.log();
    const auto documents = printer.documents();
    ASSERT_EQ(documents.size(), 1U);
    EXPECT_EQ(code_on(documents.front()), "CWD-K72UFRSS");
    EXPECT_EQ(events_of_kind("CWD-K72UFRSS", sync::EventKind::print), 1);
}

TEST_F(KioskIpp, AStoppedCupsQueueGivesThePrinterProblemScreenAndPrintsWhenStartedAgain) {
    // A local CUPS queue with a real driver, stopped as `cupsdisable` stops it: the kiosk asks the queue's
    // state before sending and sends nothing.
    CupsDaemon cups;
    ASSERT_TRUE(cups.running());
    ASSERT_TRUE(cups.set_stopped(true)) << cups.log();
    // The kiosk finds the queue's server through CUPS_SERVER; unset again however the test ends.
    ::setenv("CUPS_SERVER", cups.socket().c_str(), 1);
    const std::unique_ptr<const char, void (*)(const char*)> unset_server(
        "CUPS_SERVER", [](const char* name) { ::unsetenv(name); });
    const auto stopped = run_script("CWD-K72UFRSS\nsleep 15000\n", "cups://Dymo");
    ASSERT_EQ(stopped.exit_code, 0) << stopped.describe();
    EXPECT_EQ(screen_sequence(shots()),
              (std::vector<std::string>{"attract", "looking_up", "welcome", "printer_problem", "attract"}));
    EXPECT_NE(stopped.err.find("staff alert printer_problem"), std::string::npos) << stopped.err;
    EXPECT_NE(stopped.err.find("paused"), std::string::npos) << stopped.err;
    EXPECT_FALSE(std::filesystem::exists(cups.output()));
    EXPECT_EQ(events_of_kind("CWD-K72UFRSS", sync::EventKind::checkin), 1);
    EXPECT_EQ(events_of_kind("CWD-K72UFRSS", sync::EventKind::print), 0);

    // Started again, the same queue prints the next delegate's badge through the DYMO driver.
    ASSERT_TRUE(cups.set_stopped(false)) << cups.log();
    std::filesystem::remove_all(shots());
    const auto started = run_script("CWD-ZPZXSWG7\nsleep 12000\n", "cups://Dymo");
    ASSERT_EQ(started.exit_code, 0) << started.describe();
    EXPECT_EQ(screen_sequence(shots()),
              (std::vector<std::string>{"attract", "looking_up", "welcome", "take_badge", "attract"}))
        << started.err << cups.log();
    ASSERT_TRUE(std::filesystem::exists(cups.output()));
    EXPECT_GT(std::filesystem::file_size(cups.output()), 1000U);
    EXPECT_EQ(events_of_kind("CWD-ZPZXSWG7", sync::EventKind::print), 1);
}

TEST(KioskctlDevices, ListsTheIppPrintersAnnouncedOnTheNetwork) {
    IppEvePrinter announced("image/pwg-raster,application/pdf", IppEvePrinter::Announce::yes);
    ASSERT_TRUE(announced.running());
    const auto listed = run_kioskctl({"devices", "--no-status"});
    ASSERT_EQ(listed.exit_code, 0) << listed.describe();
    const auto line_start = listed.out.find(announced.name());
    ASSERT_NE(line_start, std::string::npos) << listed.out;
    const std::string line =
        listed.out.substr(listed.out.rfind('\n', line_start) + 1,
                          listed.out.find('\n', line_start) - listed.out.rfind('\n', line_start));
    EXPECT_NE(line.find(fmt::format(":{}/ipp/print", announced.port())), std::string::npos) << line;
    EXPECT_NE(line.find("announced on the network"), std::string::npos) << line;
    EXPECT_TRUE(line.starts_with("printer")) << line;
}

} // namespace
} // namespace checkin::test
