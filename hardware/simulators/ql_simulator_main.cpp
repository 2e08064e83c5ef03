// ql-simulator: a virtual Brother QL label printer on a TCP port, for the kiosk's demo, end-to-end tests
// and anyone without the hardware. Each printed label becomes a PNG (and a JSON sidecar) in --out; faults
// are set on the control port, one command per line (`printf 'cover open\n' | nc 127.0.0.1 9101`).
//
//   ql-simulator --listen 127.0.0.1:9100 --control 127.0.0.1:9101 --out pages --model ql-820nwb
//                --media 62x100
//
// It prints where it listens (the real port when 0 was asked) and runs until SIGINT or SIGTERM.

#include "hardware/simulators/ql_simulator_server.hpp"

#include <CLI/CLI.hpp>
#include <csignal>
#include <cstdio>
#include <fmt/format.h>
#include <pthread.h>

namespace {

using namespace checkin;

int run(int argc, char** argv) {
    CLI::App app{"A virtual Brother QL label printer: raster jobs over TCP become PNG files"};
    std::string listen = "127.0.0.1:9100";
    std::string control = "127.0.0.1:9101";
    std::string out = "ql-simulator-pages";
    std::string model = "ql-820nwb";
    std::string media = "62x100";
    std::optional<std::size_t> labels;
    std::size_t slow_ms = 0;
    bool no_control = false;
    bool no_sidecars = false;
    app.add_option("--listen", listen, "HOST:PORT for print jobs (port 0: any free port)")
        ->capture_default_str();
    app.add_option("--control", control, "HOST:PORT for control commands")->capture_default_str();
    app.add_flag("--no-control", no_control, "no control port");
    app.add_option("--out", out, "directory for page-NNNN.png and page-NNNN.json")->capture_default_str();
    app.add_option("--model", model, "printer model, e.g. ql-820nwb, ql-800, ql-700")->capture_default_str();
    app.add_option("--media", media, "loaded labels: 62x100, 62, 62red, ... or none")->capture_default_str();
    app.add_option("--labels", labels, "labels on the roll (default: endless)");
    app.add_option("--slow", slow_ms, "milliseconds each label takes to print")->capture_default_str();
    app.add_flag("--no-sidecars", no_sidecars, "write only the PNGs");
    CLI11_PARSE(app, argc, argv);

    auto settings = hardware::virtual_ql_settings(model, media);
    if (!settings) {
        fmt::print(stderr, "ql-simulator: {}\n", settings.error().detail);
        return 2;
    }
    settings->labels_remaining = labels;
    settings->print_delay = std::chrono::milliseconds(static_cast<std::chrono::milliseconds::rep>(slow_ms));

    hardware::QlSimulatorServerOptions options{.printer = *settings};
    auto listen_address = hardware::parse_socket_address(listen);
    if (!listen_address) {
        fmt::print(stderr, "ql-simulator: --listen: {}\n", listen_address.error().detail);
        return 2;
    }
    options.listen = *listen_address;
    if (!no_control) {
        auto control_address = hardware::parse_socket_address(control);
        if (!control_address) {
            fmt::print(stderr, "ql-simulator: --control: {}\n", control_address.error().detail);
            return 2;
        }
        options.control = *control_address;
    }
    options.output_directory = out;
    options.write_sidecars = !no_sidecars;

    // The server's thread inherits this mask, so SIGINT and SIGTERM reach only the sigwait below.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

    auto server = hardware::QlSimulatorServer::start(std::move(options));
    if (!server) {
        fmt::print(stderr, "ql-simulator: {}\n", server.error().detail);
        return 1;
    }
    const auto control_address = (*server)->control_address();
    fmt::print("ql-simulator: {} with {} listening on {}; control on {}; pages in {}\n", settings->model.name,
               settings->media ? std::string(settings->media->name) : std::string("no labels"),
               (*server)->printer_address().to_string(),
               control_address ? control_address->to_string() : std::string("(none)"), out);
    std::fflush(stdout);

    int received = 0;
    sigwait(&stop_signals, &received);
    (*server)->stop();
    const auto counters = (*server)->counters();
    fmt::print("ql-simulator: stopped by {} after {} jobs, {} pages printed\n",
               received == SIGINT ? "SIGINT" : "SIGTERM", counters.jobs_started, counters.pages_printed);
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    return run(argc, argv);
}
