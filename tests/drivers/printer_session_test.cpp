// The Brother QL and Zebra sessions against a scripted printer behind the Transport interface: every
// refusal, mid-job errors, and the unplug rules (a job cut off while being sent goes again once when the
// printer returns; a job sent whole is never sent twice). The real USB and TCP paths are tested against
// emulated devices elsewhere (usb_printer_test.cpp, the virtual printer tests).

#include "drivers/brother_ql_printer.hpp"
#include "drivers/brother_ql_status.hpp"
#include "drivers/file_transport.hpp"
#include "drivers/zebra_printer.hpp"

#include <algorithm>
#include <deque>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <iterator>
#include <memory>
#include <thread>
#include <unistd.h>

namespace checkin::drivers {
namespace {

using namespace std::chrono_literals;

// The printer's side: what it has received and what it will say. Shared by every transport opened to it,
// so that a test can unplug it and plug it back in between connections.
struct ScriptedPrinter {
    enum class Language { brother_ql, zpl };
    Language language = Language::brother_ql;
    QlStatus ql_status = [] {
        QlStatus status;
        status.media_width_mm = 62;
        status.media_type = 0x0B;
        status.media_length_mm = 100;
        return status;
    }();
    std::string zebra_flags = "0,0"; // paper out, paused
    char zebra_head_up = '0';
    bool present = true;
    std::size_t unplug_after_job_bytes = 0; // > 0: vanish once this many bytes of the next job arrived
    std::size_t unplug_after_whole_job = false;
    int return_after_opens = -1; // >= 0: comes back on that many failed opens after vanishing
    std::uint8_t mid_job_error_1 = 0;
    bool confirm = true;
    std::vector<std::vector<std::uint8_t>> jobs; // whole jobs received
    std::vector<std::uint8_t> current;
    std::deque<std::uint8_t> outgoing;

    void queue(std::span<const std::uint8_t> bytes) {
        outgoing.insert(outgoing.end(), bytes.begin(), bytes.end());
    }
    void queue_ql(QlStatusType type, QlPhase phase = QlPhase::receiving) {
        QlStatus status = ql_status;
        status.status_type = type;
        status.phase = phase;
        queue(encode_ql_status(status));
    }
    void queue_zebra() {
        const std::string text = "\x02"
                                 "030," +
                                 zebra_flags +
                                 ",1218,000,0,0,0,000,0,0,0\x03\r\n\x02"
                                 "001,0," +
                                 zebra_head_up +
                                 ",0,0,2,4,0,00000000,1,000\x03\r\n\x02"
                                 "1234,0\x03\r\n";
        queue(std::span(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
    }

    // Takes one write; false when the printer vanished during it.
    bool receive(std::span<const std::uint8_t> bytes) {
        const std::vector<std::uint8_t> status_request{0x1B, 0x69, 0x53};
        if (language == Language::brother_ql && bytes.size() >= 3 &&
            std::equal(bytes.end() - 3, bytes.end(), status_request.begin())) {
            queue_ql(ql_status.error_1 != 0 || ql_status.error_2 != 0 ? QlStatusType::error_occurred
                                                                      : QlStatusType::reply);
            return true;
        }
        if (language == Language::zpl &&
            std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()) == "~HS") {
            queue_zebra();
            return true;
        }
        for (const std::uint8_t byte : bytes) {
            current.push_back(byte);
            if (unplug_after_job_bytes > 0 && current.size() >= unplug_after_job_bytes) {
                unplug_after_job_bytes = 0;
                current.clear(); // a printer that loses power or USB drops the half-received job
                present = false;
                return false;
            }
        }
        const bool finished =
            language == Language::brother_ql
                ? current.back() == 0x1A
                : std::string_view(reinterpret_cast<const char*>(current.data()), current.size())
                      .ends_with("^XZ");
        if (finished) {
            jobs.push_back(std::exchange(current, {}));
            if (unplug_after_whole_job) {
                unplug_after_whole_job = false;
                present = false;
                return true;
            }
            if (language == Language::brother_ql && confirm) {
                queue_ql(QlStatusType::phase_change, QlPhase::printing);
                if (mid_job_error_1 != 0) {
                    ql_status.error_1 = mid_job_error_1;
                    queue_ql(QlStatusType::error_occurred);
                } else {
                    queue_ql(QlStatusType::printing_completed, QlPhase::printing);
                    queue_ql(QlStatusType::phase_change);
                }
            }
        }
        return true;
    }
};

class ScriptedTransport final : public Transport {
public:
    explicit ScriptedTransport(std::shared_ptr<ScriptedPrinter> printer) : m_printer(std::move(printer)) {}

    Result<void> write(std::span<const std::uint8_t> bytes, std::chrono::milliseconds) override {
        if (!m_printer->present || m_generation != generation()) {
            return fail(Problem::disconnected, "scripted printer: gone");
        }
        // Arrive in pieces, as over USB, so a vanishing printer can cut a job in the middle.
        for (std::size_t offset = 0; offset < bytes.size(); offset += 4096) {
            if (!m_printer->receive(
                    bytes.subspan(offset, std::min<std::size_t>(4096, bytes.size() - offset)))) {
                ++generation();
                return fail(Problem::disconnected, "scripted printer: unplugged during the write");
            }
        }
        return {};
    }
    Result<std::vector<std::uint8_t>> read(std::size_t max_bytes,
                                           std::chrono::milliseconds timeout) override {
        if (!m_printer->present || m_generation != generation()) {
            return fail(Problem::disconnected, "scripted printer: gone");
        }
        if (m_printer->outgoing.empty()) {
            std::this_thread::sleep_for(std::min(timeout, 2ms));
            return std::vector<std::uint8_t>{};
        }
        std::vector<std::uint8_t> bytes;
        while (!m_printer->outgoing.empty() && bytes.size() < max_bytes) {
            bytes.push_back(m_printer->outgoing.front());
            m_printer->outgoing.pop_front();
        }
        return bytes;
    }
    bool can_read() const override { return true; }
    std::string describe() const override { return "scripted printer"; }

    static int& generation() {
        static int value = 0;
        return value;
    }

private:
    std::shared_ptr<ScriptedPrinter> m_printer;
    int m_generation = generation();
};

TransportOpener opener_for(const std::shared_ptr<ScriptedPrinter>& printer) {
    return [printer]() -> Result<std::unique_ptr<Transport>> {
        if (!printer->present) {
            if (printer->return_after_opens == 0) {
                printer->present = true;
            } else {
                if (printer->return_after_opens > 0) {
                    --printer->return_after_opens;
                }
                return fail(Problem::not_found, "scripted printer: not attached");
            }
        }
        printer->outgoing.clear();
        return std::make_unique<ScriptedTransport>(printer);
    };
}

QlPrinterSettings fast_ql() {
    QlPrinterSettings settings;
    settings.status_timeout = 200ms;
    settings.printed_timeout = 300ms;
    settings.reconnect_timeout = 500ms;
    settings.reconnect_interval = 5ms;
    return settings;
}

PrintJob ql_job(std::size_t size = 30000) {
    PrintJob job;
    job.bytes.assign(size, 0x55);
    job.bytes.back() = 0x1A;
    job.medium = "62x100";
    job.description = "badge of Anna Kowalska (CWD-1)";
    return job;
}

TEST(BrotherQlSession, PrintsAndWaitsForTheCompletedStatus) {
    auto device = std::make_shared<ScriptedPrinter>();
    BrotherQlPrinter printer(opener_for(device), "QL test", fast_ql());
    const PrintJob job = ql_job();
    ASSERT_TRUE(printer.print(job));
    ASSERT_EQ(device->jobs.size(), 1U);
    EXPECT_EQ(device->jobs[0], job.bytes);
    EXPECT_EQ(printer.last_job_sends(), 1U);
    const auto state = printer.state();
    ASSERT_TRUE(state);
    EXPECT_TRUE(state->ready);
    EXPECT_EQ(state->media, "62 × 100 mm die-cut labels");
    EXPECT_EQ(state->loaded,
              (LoadedMedia{.kind = LoadedMediaKind::die_cut, .width_mm = 62, .length_mm = 100}));
}

TEST(BrotherQlSession, RefusesBeforeSendingWhenTheStatusShowsAProblem) {
    struct Case {
        std::uint8_t error_1;
        std::uint8_t error_2;
        std::uint8_t width;
        Problem expected;
    };
    for (const Case& test :
         {Case{ql_error_1::no_media, 0, 62, Problem::no_media},
          Case{0, ql_error_2::cover_open, 62, Problem::cover_open},
          Case{ql_error_1::cutter_jam, 0, 62, Problem::cutter_jam}, Case{0, 0, 29, Problem::wrong_media}}) {
        auto device = std::make_shared<ScriptedPrinter>();
        device->ql_status.error_1 = test.error_1;
        device->ql_status.error_2 = test.error_2;
        device->ql_status.media_width_mm = test.width;
        BrotherQlPrinter printer(opener_for(device), "QL test", fast_ql());
        const auto printed = printer.print(ql_job());
        ASSERT_FALSE(printed);
        EXPECT_EQ(printed.error().problem, test.expected) << printed.error().detail;
        EXPECT_TRUE(device->jobs.empty());
        EXPECT_EQ(printer.last_job_sends(), 0U);
        const auto state = printer.state();
        ASSERT_TRUE(state);
        EXPECT_EQ(state->ready, test.expected == Problem::wrong_media); // ready, only not for this template
    }
}

TEST(BrotherQlSession, ErrorDuringTheJobIsReportedAndNotRetried) {
    auto device = std::make_shared<ScriptedPrinter>();
    device->mid_job_error_1 = ql_error_1::end_of_media;
    BrotherQlPrinter printer(opener_for(device), "QL test", fast_ql());
    const auto printed = printer.print(ql_job());
    ASSERT_FALSE(printed);
    EXPECT_EQ(printed.error().problem, Problem::end_of_media);
    EXPECT_NE(printed.error().detail.find("end of media"), std::string::npos) << printed.error().detail;
    EXPECT_EQ(device->jobs.size(), 1U);
    EXPECT_EQ(printer.last_job_sends(), 1U);
}

TEST(BrotherQlSession, NoConfirmationIsNotPrintedAndNotSentAgain) {
    auto device = std::make_shared<ScriptedPrinter>();
    device->confirm = false;
    BrotherQlPrinter printer(opener_for(device), "QL test", fast_ql());
    const auto printed = printer.print(ql_job());
    ASSERT_FALSE(printed);
    EXPECT_EQ(printed.error().problem, Problem::not_printed);
    EXPECT_EQ(device->jobs.size(), 1U);
    EXPECT_EQ(printer.last_job_sends(), 1U);
}

TEST(BrotherQlSession, UnpluggedMidJobIsSentOnceMoreWhenThePrinterReturns) {
    auto device = std::make_shared<ScriptedPrinter>();
    device->unplug_after_job_bytes = 10000;
    device->return_after_opens = 3;
    BrotherQlPrinter printer(opener_for(device), "QL test", fast_ql());
    const PrintJob job = ql_job();
    const auto printed = printer.print(job);
    ASSERT_TRUE(printed) << printed.error().detail;
    EXPECT_EQ(printer.last_job_sends(), 2U);
    ASSERT_EQ(device->jobs.size(), 1U); // the first, cut-off copy was never a job
    EXPECT_EQ(device->jobs[0], job.bytes);
}

TEST(BrotherQlSession, UnpluggedMidJobAndNeverBackFailsAfterTheWait) {
    auto device = std::make_shared<ScriptedPrinter>();
    device->unplug_after_job_bytes = 10000;
    BrotherQlPrinter printer(opener_for(device), "QL test", fast_ql());
    const auto printed = printer.print(ql_job());
    ASSERT_FALSE(printed);
    EXPECT_EQ(printed.error().problem, Problem::disconnected);
    EXPECT_NE(printed.error().detail.find("was not printed"), std::string::npos) << printed.error().detail;
    EXPECT_TRUE(device->jobs.empty());
    EXPECT_EQ(printer.last_job_sends(), 1U);
}

TEST(BrotherQlSession, UnpluggedAfterTheWholeJobWasSentIsNeverSentTwice) {
    auto device = std::make_shared<ScriptedPrinter>();
    device->unplug_after_whole_job = true;
    device->return_after_opens = 0;
    BrotherQlPrinter printer(opener_for(device), "QL test", fast_ql());
    const auto printed = printer.print(ql_job());
    ASSERT_FALSE(printed);
    EXPECT_EQ(printed.error().problem, Problem::not_printed);
    EXPECT_NE(printed.error().detail.find("not sent again"), std::string::npos) << printed.error().detail;
    EXPECT_EQ(device->jobs.size(), 1U);
    EXPECT_EQ(printer.last_job_sends(), 1U);
}

TEST(BrotherQlSession, UnpluggedTwiceGivesUpAfterTheSecondSend) {
    auto device = std::make_shared<ScriptedPrinter>();
    device->unplug_after_job_bytes = 10000;
    device->return_after_opens = 1;
    // Unplug again during the second send: arm it when the printer comes back.
    auto opener = opener_for(device);
    BrotherQlPrinter flaky(
        [device, opener]() -> Result<std::unique_ptr<Transport>> {
            auto transport = opener();
            if (transport && device->jobs.empty() && device->unplug_after_job_bytes == 0) {
                device->unplug_after_job_bytes = 5000;
                device->return_after_opens = 1;
            }
            return transport;
        },
        "QL test", fast_ql());
    const auto printed = flaky.print(ql_job());
    ASSERT_FALSE(printed);
    EXPECT_EQ(printed.error().problem, Problem::disconnected);
    EXPECT_EQ(flaky.last_job_sends(), 2U);
    EXPECT_TRUE(device->jobs.empty());
}

TEST(BrotherQlSession, AFileTakesTheJobWithoutAStatus) {
    const std::filesystem::path path =
        std::filesystem::temp_directory_path() / ("checkin-ql-file-" + std::to_string(getpid()) + ".bin");
    BrotherQlPrinter printer(
        [path]() -> Result<std::unique_ptr<Transport>> {
            auto file = FileTransport::open(FileAddress{path});
            if (!file) {
                return std::unexpected(file.error());
            }
            return std::unique_ptr<Transport>(std::move(*file));
        },
        "file", fast_ql());
    const PrintJob job = ql_job(5000);
    ASSERT_TRUE(printer.print(job));
    std::ifstream in(path, std::ios::binary);
    const std::vector<std::uint8_t> written((std::istreambuf_iterator<char>(in)),
                                            std::istreambuf_iterator<char>());
    EXPECT_EQ(written, job.bytes);
    EXPECT_FALSE(printer.query_status());
    EXPECT_EQ(printer.query_status().error().problem, Problem::unsupported);
    std::filesystem::remove(path);
}

ZebraPrinterSettings fast_zebra() {
    ZebraPrinterSettings settings;
    settings.status_timeout = 200ms;
    settings.printed_timeout = 300ms;
    settings.poll_interval = 5ms;
    settings.reconnect_timeout = 500ms;
    settings.reconnect_interval = 5ms;
    return settings;
}

PrintJob zpl_job() {
    const std::string format = "^XA^PW812^LL609^FO0,0^GFA,4,4,1,FF00FF00^FS^XZ";
    return PrintJob{std::vector<std::uint8_t>(format.begin(), format.end()), "4x3", "badge"};
}

TEST(ZebraSession, PrintsWhenTheHostStatusIsClear) {
    auto device = std::make_shared<ScriptedPrinter>();
    device->language = ScriptedPrinter::Language::zpl;
    ZebraPrinter printer(opener_for(device), "Zebra test", fast_zebra());
    ASSERT_TRUE(printer.print(zpl_job()));
    ASSERT_EQ(device->jobs.size(), 1U);
    EXPECT_EQ(device->jobs[0], zpl_job().bytes);
    // A Zebra's host status tells only the label's length, in dots: the facts say so, like the text.
    const auto state = printer.state();
    ASSERT_TRUE(state) << state.error().detail;
    EXPECT_EQ(state->loaded.kind, LoadedMediaKind::length_dots);
    EXPECT_EQ(state->media, "labels " + std::to_string(state->loaded.length_dots) + " dots long");
}

TEST(ZebraSession, RefusesOnPaperOutHeadOpenOrPause) {
    for (const auto& [flags, head, expected] : {std::tuple{std::string("1,0"), '0', Problem::no_media},
                                                std::tuple{std::string("0,0"), '1', Problem::cover_open},
                                                std::tuple{std::string("0,1"), '0', Problem::paused}}) {
        auto device = std::make_shared<ScriptedPrinter>();
        device->language = ScriptedPrinter::Language::zpl;
        device->zebra_flags = flags;
        device->zebra_head_up = head;
        ZebraPrinter printer(opener_for(device), "Zebra test", fast_zebra());
        const auto printed = printer.print(zpl_job());
        ASSERT_FALSE(printed);
        EXPECT_EQ(printed.error().problem, expected);
        EXPECT_TRUE(device->jobs.empty());
    }
}

TEST(ZebraSession, UnpluggedMidJobIsSentOnceMore) {
    auto device = std::make_shared<ScriptedPrinter>();
    device->language = ScriptedPrinter::Language::zpl;
    device->unplug_after_job_bytes = 10;
    device->return_after_opens = 2;
    ZebraPrinter printer(opener_for(device), "Zebra test", fast_zebra());
    ASSERT_TRUE(printer.print(zpl_job()));
    EXPECT_EQ(printer.last_job_sends(), 2U);
    EXPECT_EQ(device->jobs.size(), 1U);
}

} // namespace
} // namespace checkin::drivers
