#include "drivers/brother_ql_status.hpp"
#include "hardware/simulators/ql_simulator_server.hpp"
#include "tests/hardware/simulators/simulator_test_support.hpp"

#include <chrono>
#include <fstream>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <thread>

namespace checkin::hardware {
namespace {

using namespace std::chrono_literals;
using drivers::QlStatusType;
using testing::badge_for;
using testing::connect_loopback;
using testing::encode_job;
using testing::media_named;
using testing::model_named;
using testing::read_bytes;
using testing::read_line;
using testing::ReadEnd;
using testing::send_all;
using testing::send_text;
using testing::settings_for;
using testing::TemporaryDirectory;

constexpr auto patience = 5s; // generous: the tests may share a loaded machine

std::unique_ptr<QlSimulatorServer> start_server(const std::filesystem::path& directory,
                                                std::string_view media = "62x100") {
    QlSimulatorServerOptions options{.printer = settings_for("ql-820nwb", media)};
    options.listen = SocketAddress{"127.0.0.1", 0};
    options.control = SocketAddress{"127.0.0.1", 0};
    options.output_directory = directory;
    auto server = QlSimulatorServer::start(std::move(options));
    EXPECT_TRUE(server.has_value()) << (server ? std::string() : server.error().detail);
    return server ? std::move(*server) : nullptr;
}

std::vector<drivers::QlStatus> statuses_in(const std::vector<std::uint8_t>& bytes) {
    std::vector<drivers::QlStatus> statuses;
    for (std::size_t at = 0; at + drivers::ql_status_bytes <= bytes.size(); at += drivers::ql_status_bytes) {
        auto status = drivers::parse_ql_status(std::span(bytes).subspan(at, drivers::ql_status_bytes));
        EXPECT_TRUE(status.has_value());
        if (status) {
            statuses.push_back(*status);
        }
    }
    return statuses;
}

std::vector<std::uint8_t> job_for(const printing::BadgeImage& badge, std::string_view media) {
    return encode_job(badge, model_named("ql-820nwb"), media_named(media));
}

TEST(QlSimulatorServer, AnswersAStatusRequestOverTcp) {
    const TemporaryDirectory directory;
    const auto server = start_server(directory.path());
    ASSERT_NE(server, nullptr);
    EXPECT_NE(server->printer_address().port, 0);
    EXPECT_EQ(server->printer_address().host, "127.0.0.1");

    const base::FileDescriptor client = connect_loopback(server->printer_address().port);
    ASSERT_TRUE(send_all(client, drivers::ql_status_request()));
    const auto reply = read_bytes(client, 32, patience);
    ASSERT_EQ(reply.end, ReadEnd::complete);
    // QL-820NWB (34 41) with 62 × 100 mm die-cut labels (3E 0B … 64), a reply (18 = 00), receiving.
    EXPECT_EQ(reply.bytes,
              testing::status_bytes({{3, 0x34}, {4, 0x41}, {10, 0x3E}, {11, 0x0B}, {17, 0x64}, {25, 0x01}}));
    EXPECT_TRUE(server->client_connected());
    EXPECT_EQ(server->counters().status_requests, 1U);
}

TEST(QlSimulatorServer, PrintsAJobToAPngThatDecodesToTheBadge) {
    const TemporaryDirectory directory;
    const auto server = start_server(directory.path());
    ASSERT_NE(server, nullptr);
    const printing::BadgeImage badge = badge_for(media_named("62x100"), false, 4);

    const base::FileDescriptor client = connect_loopback(server->printer_address().port);
    ASSERT_TRUE(send_all(client, drivers::ql_status_request()));
    ASSERT_EQ(read_bytes(client, 32, patience).end, ReadEnd::complete);
    ASSERT_TRUE(send_all(client, job_for(badge, "62x100")));
    const auto answer = read_bytes(client, 3 * 32, patience);
    ASSERT_EQ(answer.end, ReadEnd::complete);
    const std::vector<drivers::QlStatus> statuses = statuses_in(answer.bytes);
    ASSERT_EQ(statuses.size(), 3U);
    EXPECT_EQ(statuses[0].status_type, QlStatusType::phase_change);
    EXPECT_EQ(statuses[0].phase, drivers::QlPhase::printing);
    EXPECT_EQ(statuses[1].status_type, QlStatusType::printing_completed);
    EXPECT_EQ(statuses[2].status_type, QlStatusType::phase_change);
    EXPECT_EQ(statuses[2].phase, drivers::QlPhase::receiving);

    // "Printing completed" went out after the file was written.
    const std::filesystem::path png = directory.path() / "page-0001.png";
    ASSERT_TRUE(std::filesystem::exists(png));
    EXPECT_EQ(server->page_files(), std::vector<std::filesystem::path>{png});
    const auto picture = testing::read_png(png);
    ASSERT_TRUE(picture.has_value());
    EXPECT_EQ(picture->width, 696U);
    EXPECT_EQ(picture->height, 1109U);
    EXPECT_EQ(testing::differing_dots(*picture, badge), 0U);

    std::ifstream sidecar_file(directory.path() / "page-0001.json");
    const nlohmann::json sidecar = nlohmann::json::parse(sidecar_file);
    EXPECT_EQ(sidecar["file"], "page-0001.png");
    EXPECT_EQ(sidecar["model"], "ql-820nwb");
    EXPECT_EQ(sidecar["media"], "62x100");
    EXPECT_EQ(sidecar["part_number"], "DK-11202");
    EXPECT_EQ(sidecar["job"], 1);
    EXPECT_EQ(sidecar["print_information"]["line_count"], 1109);
    EXPECT_EQ(sidecar["two_colour"], false);
    EXPECT_TRUE(sidecar["printed_at"].get<std::string>().ends_with("Z"));
    EXPECT_FALSE(std::filesystem::exists(directory.path() / "page-0001.png.tmp"));
    ASSERT_EQ(server->recent_pages().size(), 1U);
    EXPECT_TRUE(server->recent_pages()[0].image.black == badge.black);
}

TEST(QlSimulatorServer, RedBadgesComeOutRed) {
    const TemporaryDirectory directory;
    const auto server = start_server(directory.path(), "62red");
    ASSERT_NE(server, nullptr);
    const printing::BadgeImage badge = badge_for(media_named("62red"), true, 6);
    const base::FileDescriptor client = connect_loopback(server->printer_address().port);
    ASSERT_TRUE(send_all(client, job_for(badge, "62red")));
    ASSERT_EQ(read_bytes(client, 3 * 32, patience).end, ReadEnd::complete);
    const auto picture = testing::read_png(directory.path() / "page-0001.png");
    ASSERT_TRUE(picture.has_value());
    EXPECT_EQ(testing::differing_dots(*picture, badge), 0U);
    EXPECT_GT(badge.red->black_dots(), 1000U);
}

TEST(QlSimulatorServer, ErrorsComeBackOnTheSameSocket) {
    const TemporaryDirectory directory;
    const auto server = start_server(directory.path());
    ASSERT_NE(server, nullptr);
    server->set_cover(Cover::open);
    const base::FileDescriptor client = connect_loopback(server->printer_address().port);
    ASSERT_TRUE(send_all(client, job_for(badge_for(media_named("62x100")), "62x100")));
    const auto answer = read_bytes(client, 32, patience);
    ASSERT_EQ(answer.end, ReadEnd::complete);
    const auto statuses = statuses_in(answer.bytes);
    ASSERT_EQ(statuses.size(), 1U);
    EXPECT_EQ(statuses[0].status_type, QlStatusType::error_occurred);
    EXPECT_EQ(statuses[0].problems(), std::vector<drivers::Problem>{drivers::Problem::cover_open});
    EXPECT_TRUE(server->page_files().empty());
    EXPECT_EQ(server->counters().jobs_failed, 1U);
}

TEST(QlSimulatorServer, HoldsASlowPrintUntilItIsDone) {
    const TemporaryDirectory directory;
    const auto server = start_server(directory.path());
    ASSERT_NE(server, nullptr);
    server->set_print_delay(400ms);
    const base::FileDescriptor client = connect_loopback(server->printer_address().port);
    const auto sent_at = std::chrono::steady_clock::now();
    ASSERT_TRUE(send_all(client, job_for(badge_for(media_named("62x100")), "62x100")));
    const auto started = read_bytes(client, 32, patience);
    ASSERT_EQ(started.end, ReadEnd::complete);
    EXPECT_EQ(statuses_in(started.bytes).at(0).phase, drivers::QlPhase::printing);
    EXPECT_TRUE(server->page_files().empty());

    const auto done = read_bytes(client, 2 * 32, patience);
    const auto elapsed = std::chrono::steady_clock::now() - sent_at;
    ASSERT_EQ(done.end, ReadEnd::complete);
    EXPECT_EQ(statuses_in(done.bytes).at(0).status_type, QlStatusType::printing_completed);
    EXPECT_GE(elapsed, 400ms);
    EXPECT_EQ(server->page_files().size(), 1U);
}

TEST(QlSimulatorServer, ControlPortSetsFaultsAndReportsState) {
    const TemporaryDirectory directory;
    const auto server = start_server(directory.path());
    ASSERT_NE(server, nullptr);
    ASSERT_TRUE(server->control_address().has_value());
    const base::FileDescriptor control = connect_loopback(server->control_address()->port);
    const auto command = [&](std::string_view line) {
        EXPECT_TRUE(send_text(control, std::string(line) + "\n"));
        return read_line(control, patience).value_or("(no reply)");
    };

    EXPECT_EQ(command("cover open"), "ok");
    EXPECT_EQ(command("labels 7"), "ok");
    EXPECT_EQ(command("jam on"), "ok");
    EXPECT_EQ(command("slow 250"), "ok");
    EXPECT_EQ(command("disconnect-after 5000"), "ok");
    EXPECT_EQ(command("media 62"), "ok");
    EXPECT_TRUE(command("cover sideways").starts_with("error cover takes open or closed"));
    EXPECT_TRUE(command("media 99x99").starts_with("error unknown Brother QL medium"));
    EXPECT_TRUE(command("help").starts_with("media "));

    const nlohmann::json state = nlohmann::json::parse(command("status"));
    EXPECT_EQ(state["cover"], "open");
    EXPECT_EQ(state["labels"], 7);
    EXPECT_EQ(state["jam"], true);
    EXPECT_EQ(state["slow_ms"], 250);
    EXPECT_EQ(state["disconnect_after"], 5000);
    EXPECT_EQ(state["media"], "62");
    EXPECT_EQ(state["listen"], server->printer_address().to_string());
    EXPECT_EQ(state["output"], directory.path().string());

    // The printer port sees it: cover open (error 2 = 10) and jam (error 1 = 04) on 62 mm tape.
    const base::FileDescriptor client = connect_loopback(server->printer_address().port);
    ASSERT_TRUE(send_all(client, drivers::ql_status_request()));
    const auto reply = read_bytes(client, 32, patience);
    ASSERT_EQ(reply.end, ReadEnd::complete);
    EXPECT_EQ(reply.bytes[8], 0x04);
    EXPECT_EQ(reply.bytes[9], 0x10);
    EXPECT_EQ(reply.bytes[10], 62);
    EXPECT_EQ(reply.bytes[11], 0x0A);

    // Several commands in one packet, answered in order; then reset.
    ASSERT_TRUE(send_text(control, "cover closed\njam off\nreset\n"));
    EXPECT_EQ(read_line(control, patience), "ok");
    EXPECT_EQ(read_line(control, patience), "ok");
    EXPECT_EQ(read_line(control, patience), "ok");
    const nlohmann::json after_reset = nlohmann::json::parse(command("status"));
    EXPECT_EQ(after_reset["media"], "62x100");
    EXPECT_TRUE(after_reset["labels"].is_null());
    EXPECT_EQ(after_reset["slow_ms"], 0);
    EXPECT_EQ(server->control("media none"), "ok"); // the in-process door to the same commands
    EXPECT_FALSE(server->settings().media.has_value());
}

TEST(QlSimulatorServer, DisconnectFaultClosesMidJobAndNothingPrints) {
    const TemporaryDirectory directory;
    const auto server = start_server(directory.path());
    ASSERT_NE(server, nullptr);
    const std::vector<std::uint8_t> job = job_for(badge_for(media_named("62x100")), "62x100");
    ASSERT_GT(job.size(), 4000U);
    EXPECT_EQ(server->control("disconnect-after 2000"), "ok");

    {
        const base::FileDescriptor client = connect_loopback(server->printer_address().port);
        ASSERT_TRUE(send_all(client, drivers::ql_status_request()));
        ASSERT_EQ(read_bytes(client, 32, patience).end, ReadEnd::complete);
        send_all(client, job); // may fail half way: the printer hangs up
        const auto after = read_bytes(client, 32, patience);
        EXPECT_EQ(after.end, ReadEnd::closed);
        EXPECT_TRUE(after.bytes.empty());
    }
    ASSERT_TRUE(server->wait_for_closed_connections(1, patience));
    EXPECT_EQ(server->counters().jobs_incomplete, 1U);
    EXPECT_EQ(server->counters().pages_printed, 0U);
    EXPECT_TRUE(server->page_files().empty());
    EXPECT_FALSE(server->settings().disconnect_after_bytes.has_value());

    // The next connection works, and the job sent again prints once.
    const base::FileDescriptor again = connect_loopback(server->printer_address().port);
    ASSERT_TRUE(send_all(again, drivers::ql_status_request()));
    const auto reply = read_bytes(again, 32, patience);
    ASSERT_EQ(reply.end, ReadEnd::complete);
    EXPECT_EQ(statuses_in(reply.bytes).at(0).status_type, QlStatusType::reply);
    ASSERT_TRUE(send_all(again, job));
    ASSERT_EQ(read_bytes(again, 3 * 32, patience).end, ReadEnd::complete);
    EXPECT_EQ(server->page_files(), std::vector<std::filesystem::path>{directory.path() / "page-0001.png"});
    EXPECT_EQ(server->counters().pages_printed, 1U);
    EXPECT_EQ(server->connections(), 2U);
}

TEST(QlSimulatorServer, OneClientAtATime) {
    const TemporaryDirectory directory;
    const auto server = start_server(directory.path());
    ASSERT_NE(server, nullptr);
    auto first = connect_loopback(server->printer_address().port);
    ASSERT_TRUE(send_all(first, drivers::ql_status_request()));
    ASSERT_EQ(read_bytes(first, 32, patience).end, ReadEnd::complete);

    // The second connects (the listen queue takes it) but is not served while the first is open.
    const base::FileDescriptor second = connect_loopback(server->printer_address().port);
    ASSERT_TRUE(send_all(second, drivers::ql_status_request()));
    EXPECT_EQ(read_bytes(second, 32, 300ms).end, ReadEnd::timeout);

    first.reset();
    const auto reply = read_bytes(second, 32, patience);
    EXPECT_EQ(reply.end, ReadEnd::complete);
    EXPECT_EQ(server->counters().status_requests, 2U);
}

TEST(QlSimulatorServer, NumbersPagesOnFromFilesAlreadyThere) {
    const TemporaryDirectory directory;
    std::ofstream(directory.path() / "page-0041.png") << "an earlier run";
    const auto server = start_server(directory.path());
    ASSERT_NE(server, nullptr);
    const base::FileDescriptor client = connect_loopback(server->printer_address().port);
    ASSERT_TRUE(send_all(client, job_for(badge_for(media_named("62x100")), "62x100")));
    ASSERT_TRUE(server->wait_for_pages(1, patience));
    EXPECT_EQ(server->page_files(), std::vector<std::filesystem::path>{directory.path() / "page-0042.png"});
    EXPECT_TRUE(std::filesystem::exists(directory.path() / "page-0042.json"));
}

TEST(QlSimulatorServer, RefusesAnAddressItCannotUse) {
    QlSimulatorServerOptions options{.printer = settings_for("ql-820nwb", "62x100")};
    options.listen = SocketAddress{"not-an-address.invalid", 0};
    const auto unresolved = QlSimulatorServer::start(options);
    ASSERT_FALSE(unresolved.has_value());
    EXPECT_EQ(unresolved.error().problem, drivers::Problem::invalid_input);

    const TemporaryDirectory directory;
    const auto first = start_server(directory.path());
    ASSERT_NE(first, nullptr);
    options.listen = first->printer_address(); // taken
    const auto taken = QlSimulatorServer::start(options);
    ASSERT_FALSE(taken.has_value());
    EXPECT_EQ(taken.error().problem, drivers::Problem::io);
    EXPECT_NE(taken.error().detail.find("bind"), std::string::npos) << taken.error().detail;
}

TEST(QlSimulatorServer, StopsCleanlyWithAClientConnected) {
    const TemporaryDirectory directory;
    auto server = start_server(directory.path());
    ASSERT_NE(server, nullptr);
    const base::FileDescriptor client = connect_loopback(server->printer_address().port);
    ASSERT_TRUE(send_all(client, drivers::ql_status_request()));
    ASSERT_EQ(read_bytes(client, 32, patience).end, ReadEnd::complete);
    server->stop();
    server->stop(); // idempotent
    EXPECT_EQ(read_bytes(client, 1, patience).end, ReadEnd::closed);
    server.reset();
}

TEST(SocketAddress, ParsesHostAndPort) {
    const auto ipv4 = parse_socket_address("127.0.0.1:9100");
    ASSERT_TRUE(ipv4.has_value());
    EXPECT_EQ(ipv4->host, "127.0.0.1");
    EXPECT_EQ(ipv4->port, 9100);
    EXPECT_EQ(ipv4->to_string(), "127.0.0.1:9100");
    const auto ipv6 = parse_socket_address("[::1]:0");
    ASSERT_TRUE(ipv6.has_value());
    EXPECT_EQ(ipv6->host, "::1");
    EXPECT_EQ(ipv6->to_string(), "[::1]:0");
    EXPECT_EQ(parse_socket_address("localhost:9101")->host, "localhost");
    for (const std::string_view bad :
         {"127.0.0.1", "127.0.0.1:", ":9100", "127.0.0.1:65536", "::1:9100", "[::1]9100", "host:port"}) {
        SCOPED_TRACE(std::string(bad));
        const auto refused = parse_socket_address(bad);
        ASSERT_FALSE(refused.has_value());
        EXPECT_EQ(refused.error().problem, drivers::Problem::invalid_input);
    }
}

} // namespace
} // namespace checkin::hardware
