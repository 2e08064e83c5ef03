#pragma once

// The virtual Brother QL printer on the network, like a QL-820NWB's raw port 9100: a TCP server that
// feeds what one client sends to a VirtualQlPrinter, sends its statuses back on the same socket, writes
// every printed label to a directory as page-0001.png (with page-0001.json beside it: model, medium, job,
// time), holds a slow print's completion until it is due, and drops the connection when the disconnect
// fault fires. One client at a time, as on the real printer: a second connection waits in the listen
// queue until the first closes. A text control port (see ql_simulator_control.hpp) and thread-safe
// methods set the faults while it runs.
//
// Everything runs on one background thread (poll over the sockets); the methods below only take a lock.

#include "drivers/error.hpp"
#include "hardware/simulators/ql_simulator_control.hpp"
#include "hardware/simulators/virtual_ql_printer.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace checkin::hardware {

struct SocketAddress {
    std::string host;       // numeric IPv4 or IPv6, or "localhost"
    std::uint16_t port = 0; // 0 when binding: the system picks one

    // "127.0.0.1:9100", "[::1]:9100".
    std::string to_string() const;
};

// "HOST:PORT" or "[IPV6]:PORT". Fails with invalid_input.
drivers::Result<SocketAddress> parse_socket_address(std::string_view text);

struct QlSimulatorServerOptions {
    VirtualQlSettings printer;
    SocketAddress listen{"127.0.0.1", 9100};
    std::optional<SocketAddress> control{};                  // nullopt: no control port
    std::optional<std::filesystem::path> output_directory{}; // nullopt: pages are not written
    bool write_sidecars = true;                              // page-NNNN.json beside each PNG
};

class QlSimulatorServer {
public:
    // Creates the output directory, binds the ports and starts serving. Page files are numbered on from
    // the highest page-NNNN.png already in the directory, so a restart never overwrites a page.
    // Fails with invalid_input for an address that does not resolve, io when a port cannot be bound
    // (taken, not ours) or the directory cannot be made.
    static drivers::Result<std::unique_ptr<QlSimulatorServer>> start(QlSimulatorServerOptions options);

    QlSimulatorServer(const QlSimulatorServer&) = delete;
    QlSimulatorServer& operator=(const QlSimulatorServer&) = delete;
    ~QlSimulatorServer(); // stop()

    // Closes the sockets and joins the thread; pages not yet due are dropped. Idempotent.
    void stop();

    // Where it listens, with the port the system picked for port 0.
    SocketAddress printer_address() const;
    std::optional<SocketAddress> control_address() const;

    // One control command, as on the control port: "ok", "error …", the JSON state or the help line.
    std::string control(std::string_view line);
    // The same settings as methods; each applies to the next byte the client sends.
    void load_media(std::optional<printing::QlMedia> media);
    void set_cover(Cover cover);
    void set_labels_remaining(std::optional<std::size_t> labels);
    void set_cutter_jam(CutterJam jam);
    void set_print_delay(std::chrono::milliseconds delay);
    void set_disconnect_after(std::optional<std::size_t> bytes);
    void reset();

    VirtualQlSettings settings() const;
    VirtualQlCounters counters() const;
    drivers::QlStatus status() const;
    std::string state_json() const;
    bool client_connected() const;
    // Connections accepted so far, closed ones included.
    std::size_t connections() const;

    // The PNGs written so far, in order, and the last few pages themselves (at most 8, oldest first: the
    // server runs for a whole event, and a page picture is most of a megabyte).
    std::vector<std::filesystem::path> page_files() const;
    std::vector<PrintedPage> recent_pages() const;
    // Waits until `count` pages have come out since start (their files written), or `timeout` passes;
    // says which.
    bool wait_for_pages(std::size_t count, std::chrono::milliseconds timeout) const;
    // Waits until `count` connections have ended since start (the disconnect fault's included).
    bool wait_for_closed_connections(std::size_t count, std::chrono::milliseconds timeout) const;

private:
    struct Impl;
    explicit QlSimulatorServer(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

} // namespace checkin::hardware
