#include "hardware/simulators/ql_simulator_control.hpp"

#include "base/text.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <vector>

namespace checkin::hardware {
namespace {

// A print delay longer than this is a typing mistake, not a slow printer.
constexpr std::size_t longest_delay_ms = 3'600'000;

// The line's words in lower case, between spaces, tabs and line ends.
std::vector<std::string> words_of(std::string_view line) {
    std::vector<std::string> words;
    for (const auto word : base::split_words(line, " \t\r\n")) {
        words.push_back(base::ascii_lower(word));
    }
    return words;
}

std::optional<std::size_t> whole_number(std::string_view text) {
    std::size_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc{} || end != text.data() + text.size()) {
        return std::nullopt;
    }
    return value;
}

std::unexpected<drivers::Error> refuse(std::string detail) {
    return drivers::fail(drivers::Problem::invalid_input, std::move(detail));
}

} // namespace

std::string_view simulator_command_help() {
    return "media 62x100|62|62red|...|none; cover open|closed; labels N|endless; jam on|off; slow MS; "
           "disconnect-after BYTES|off; status; reset; help";
}

drivers::Result<SimulatorCommand> parse_simulator_command(std::string_view line) {
    const std::vector<std::string> words = words_of(line);
    if (words.empty()) {
        return refuse(fmt::format("empty command (commands: {})", simulator_command_help()));
    }
    const std::string& verb = words[0];
    const auto argument_count = [&](std::size_t wanted) -> drivers::Result<void> {
        if (words.size() != wanted + 1) {
            return refuse(wanted == 0 ? fmt::format("{} takes no argument", verb)
                                      : fmt::format("{} takes one argument", verb));
        }
        return {};
    };

    SimulatorCommand command;
    if (verb == "status" || verb == "reset" || verb == "help") {
        if (auto checked = argument_count(0); !checked) {
            return std::unexpected(checked.error());
        }
        command.kind = verb == "status"  ? SimulatorCommandKind::status
                       : verb == "reset" ? SimulatorCommandKind::reset
                                         : SimulatorCommandKind::help;
        return command;
    }
    if (auto checked = argument_count(1); !checked) {
        return std::unexpected(checked.error());
    }
    const std::string& argument = words[1];

    if (verb == "media") {
        auto media = parse_loaded_media(argument);
        if (!media) {
            return std::unexpected(media.error());
        }
        command.kind = SimulatorCommandKind::media;
        command.media = *media;
        return command;
    }
    if (verb == "cover") {
        if (argument != "open" && argument != "closed") {
            return refuse(fmt::format("cover takes open or closed, not {}", argument));
        }
        command.kind = SimulatorCommandKind::cover;
        command.cover = argument == "open" ? Cover::open : Cover::closed;
        return command;
    }
    if (verb == "jam") {
        if (argument != "on" && argument != "off") {
            return refuse(fmt::format("jam takes on or off, not {}", argument));
        }
        command.kind = SimulatorCommandKind::jam;
        command.jam = argument == "on" ? CutterJam::jammed : CutterJam::clear;
        return command;
    }
    if (verb == "labels") {
        command.kind = SimulatorCommandKind::labels;
        if (argument == "endless") {
            return command;
        }
        command.count = whole_number(argument);
        if (!command.count) {
            return refuse(fmt::format("labels takes a number of labels or endless, not {}", argument));
        }
        return command;
    }
    if (verb == "slow") {
        const std::optional<std::size_t> delay = whole_number(argument);
        if (!delay || *delay > longest_delay_ms) {
            return refuse(
                fmt::format("slow takes milliseconds from 0 to {}, not {}", longest_delay_ms, argument));
        }
        command.kind = SimulatorCommandKind::slow;
        command.delay = std::chrono::milliseconds(static_cast<std::chrono::milliseconds::rep>(*delay));
        return command;
    }
    if (verb == "disconnect-after") {
        command.kind = SimulatorCommandKind::disconnect_after;
        if (argument == "off") {
            return command;
        }
        command.count = whole_number(argument);
        if (!command.count || *command.count == 0) {
            return refuse(
                fmt::format("disconnect-after takes a number of bytes (1 or more) or off, not {}", argument));
        }
        return command;
    }
    return refuse(fmt::format("unknown command {} (commands: {})", verb, simulator_command_help()));
}

void apply_simulator_command(const SimulatorCommand& command, VirtualQlPrinter& printer) {
    switch (command.kind) {
    case SimulatorCommandKind::media:
        printer.load_media(command.media);
        break;
    case SimulatorCommandKind::cover:
        printer.set_cover(command.cover);
        break;
    case SimulatorCommandKind::labels:
        printer.set_labels_remaining(command.count);
        break;
    case SimulatorCommandKind::jam:
        printer.set_cutter_jam(command.jam);
        break;
    case SimulatorCommandKind::slow:
        printer.set_print_delay(command.delay);
        break;
    case SimulatorCommandKind::disconnect_after:
        printer.set_disconnect_after(command.count);
        break;
    case SimulatorCommandKind::reset:
        printer.reset();
        break;
    case SimulatorCommandKind::status:
    case SimulatorCommandKind::help:
        break;
    }
}

std::string simulator_state_json(const VirtualQlPrinter& printer,
                                 const std::optional<SimulatorServerFacts>& server) {
    const VirtualQlSettings& settings = printer.settings();
    const VirtualQlCounters& counters = printer.counters();
    const drivers::QlStatus status = printer.status();
    const auto optional_count = [](const std::optional<std::size_t>& count) {
        return count ? nlohmann::json(*count) : nlohmann::json(nullptr);
    };
    const char* mode = "idle";
    switch (printer.mode()) {
    case VirtualQlMode::idle:
        break;
    case VirtualQlMode::job:
        mode = "receiving_job";
        break;
    case VirtualQlMode::skip_job:
        mode = "skipping_failed_job";
        break;
    case VirtualQlMode::resync:
        mode = "waiting_for_invalidate";
        break;
    }

    nlohmann::json state = {
        {"model", std::string(settings.model.name)},
        {"media",
         settings.media ? nlohmann::json(std::string(settings.media->name)) : nlohmann::json(nullptr)},
        {"cover", settings.cover == Cover::open ? "open" : "closed"},
        {"labels", optional_count(settings.labels_remaining)},
        {"jam", settings.cutter_jam == CutterJam::jammed},
        {"slow_ms", settings.print_delay.count()},
        {"disconnect_after", optional_count(settings.disconnect_after_bytes)},
        {"phase", printer.printing() ? "printing" : "receiving"},
        {"mode", mode},
        {"error_1", status.error_1},
        {"error_2", status.error_2},
        {"errors", status.error_1 != 0 || status.error_2 != 0 ? status.describe_errors() : std::string()},
        {"last_error", printer.last_error()},
        {"bytes_received", counters.bytes_received},
        {"status_requests", counters.status_requests},
        {"jobs_started", counters.jobs_started},
        {"jobs_completed", counters.jobs_completed},
        {"jobs_failed", counters.jobs_failed},
        {"jobs_incomplete", counters.jobs_incomplete},
        {"pages_printed", counters.pages_printed},
        {"errors_reported", counters.errors_reported},
    };
    if (server) {
        state["listen"] = server->printer_address;
        state["client_connected"] = server->client_connected;
        state["output"] = server->output_directory;
        state["page_files"] = server->page_files;
    }
    return state.dump();
}

} // namespace checkin::hardware
