#include "hardware/simulators/ql_simulator_control.hpp"
#include "tests/hardware/simulators/simulator_test_support.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace checkin::hardware {
namespace {

using namespace std::chrono_literals;
using testing::settings_for;

SimulatorCommand parsed(std::string_view line) {
    auto command = parse_simulator_command(line);
    EXPECT_TRUE(command.has_value()) << line << ": " << (command ? std::string() : command.error().detail);
    return command.value_or(SimulatorCommand{});
}

std::string refusal(std::string_view line) {
    auto command = parse_simulator_command(line);
    EXPECT_FALSE(command.has_value()) << line;
    if (command) {
        return {};
    }
    EXPECT_EQ(command.error().problem, drivers::Problem::invalid_input);
    return command.error().detail;
}

TEST(SimulatorControl, ParsesEveryCommand) {
    EXPECT_EQ(parsed("media 62x100").media->name, "62x100");
    EXPECT_EQ(parsed("media 62").media->name, "62");
    EXPECT_EQ(parsed("media 62red").media->name, "62red");
    EXPECT_EQ(parsed("media none").kind, SimulatorCommandKind::media);
    EXPECT_FALSE(parsed("media none").media.has_value());
    EXPECT_EQ(parsed("cover open").cover, Cover::open);
    EXPECT_EQ(parsed("cover closed").cover, Cover::closed);
    EXPECT_EQ(parsed("labels 12").count, std::size_t{12});
    EXPECT_EQ(parsed("labels 0").count, std::size_t{0});
    EXPECT_FALSE(parsed("labels endless").count.has_value());
    EXPECT_EQ(parsed("jam on").jam, CutterJam::jammed);
    EXPECT_EQ(parsed("jam off").jam, CutterJam::clear);
    EXPECT_EQ(parsed("slow 2500").delay, 2500ms);
    EXPECT_EQ(parsed("slow 0").delay, 0ms);
    EXPECT_EQ(parsed("disconnect-after 4096").count, std::size_t{4096});
    EXPECT_FALSE(parsed("disconnect-after off").count.has_value());
    EXPECT_EQ(parsed("status").kind, SimulatorCommandKind::status);
    EXPECT_EQ(parsed("reset").kind, SimulatorCommandKind::reset);
    EXPECT_EQ(parsed("help").kind, SimulatorCommandKind::help);
    // Blanks, a CR from telnet, upper case.
    EXPECT_EQ(parsed("  COVER   Open \r").cover, Cover::open);
}

TEST(SimulatorControl, RefusesWithAReasonAPersonCanAct) {
    EXPECT_NE(refusal("").find("empty command"), std::string::npos);
    EXPECT_NE(refusal("paper out").find("unknown command paper"), std::string::npos);
    EXPECT_NE(refusal("cover ajar").find("open or closed"), std::string::npos);
    EXPECT_NE(refusal("cover").find("one argument"), std::string::npos);
    EXPECT_NE(refusal("status now").find("no argument"), std::string::npos);
    EXPECT_NE(refusal("media 63x100").find("63x100"), std::string::npos);
    EXPECT_NE(refusal("labels -1").find("number of labels"), std::string::npos);
    EXPECT_NE(refusal("labels 1x").find("number of labels"), std::string::npos);
    EXPECT_NE(refusal("slow fast").find("milliseconds"), std::string::npos);
    EXPECT_NE(refusal("slow 99999999").find("milliseconds"), std::string::npos);
    EXPECT_NE(refusal("jam maybe").find("on or off"), std::string::npos);
    EXPECT_NE(refusal("disconnect-after 0").find("1 or more"), std::string::npos);
}

TEST(SimulatorControl, AppliesSettingsToThePrinter) {
    VirtualQlPrinter printer(settings_for("ql-820nwb", "62x100"));
    for (const std::string_view line :
         {"media 62red", "cover open", "labels 3", "jam on", "slow 750", "disconnect-after 100"}) {
        apply_simulator_command(parsed(line), printer);
    }
    const VirtualQlSettings& settings = printer.settings();
    EXPECT_EQ(settings.media->name, "62red");
    EXPECT_EQ(settings.cover, Cover::open);
    EXPECT_EQ(settings.labels_remaining, std::size_t{3});
    EXPECT_EQ(settings.cutter_jam, CutterJam::jammed);
    EXPECT_EQ(settings.print_delay, 750ms);
    EXPECT_EQ(settings.disconnect_after_bytes, std::size_t{100});
    apply_simulator_command(parsed("status"), printer);
    EXPECT_EQ(printer.settings().cover, Cover::open);
    apply_simulator_command(parsed("reset"), printer);
    EXPECT_EQ(printer.settings().cover, Cover::closed);
    EXPECT_EQ(printer.settings().media->name, "62x100");
}

TEST(SimulatorControl, StateIsOneLineOfJson) {
    VirtualQlPrinter printer(settings_for("ql-800", "62"));
    printer.set_cover(Cover::open);
    printer.set_labels_remaining(5);
    const std::string line = simulator_state_json(printer, std::nullopt);
    EXPECT_EQ(line.find('\n'), std::string::npos);
    const nlohmann::json state = nlohmann::json::parse(line);
    EXPECT_EQ(state["model"], "ql-800");
    EXPECT_EQ(state["media"], "62");
    EXPECT_EQ(state["cover"], "open");
    EXPECT_EQ(state["labels"], 5);
    EXPECT_EQ(state["jam"], false);
    EXPECT_EQ(state["slow_ms"], 0);
    EXPECT_TRUE(state["disconnect_after"].is_null());
    EXPECT_EQ(state["phase"], "receiving");
    EXPECT_EQ(state["error_2"], 0x10);
    EXPECT_NE(state["errors"].get<std::string>().find("cover open"), std::string::npos);
    EXPECT_EQ(state["pages_printed"], 0);
    EXPECT_FALSE(state.contains("listen"));

    printer.load_media(std::nullopt);
    const nlohmann::json with_server = nlohmann::json::parse(
        simulator_state_json(printer, SimulatorServerFacts{.printer_address = "127.0.0.1:9100",
                                                           .client_connected = true,
                                                           .output_directory = "/tmp/pages",
                                                           .page_files = 4}));
    EXPECT_TRUE(with_server["media"].is_null());
    EXPECT_EQ(with_server["listen"], "127.0.0.1:9100");
    EXPECT_EQ(with_server["client_connected"], true);
    EXPECT_EQ(with_server["output"], "/tmp/pages");
    EXPECT_EQ(with_server["page_files"], 4);
}

} // namespace
} // namespace checkin::hardware
