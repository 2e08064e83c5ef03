#include "hardware/simulators/ql_simulator_server.hpp"

#include "base/file_descriptor.hpp"
#include "hardware/simulators/page_directory.hpp"
#include "printing/png.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <charconv>
#include <condition_variable>
#include <cstring>
#include <ctime>
#include <deque>
#include <fcntl.h>
#include <fmt/format.h>
#include <fstream>
#include <mutex>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <nlohmann/json.hpp>
#include <poll.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

namespace checkin::hardware {
namespace {

using base::FileDescriptor;
using drivers::Problem;

constexpr std::size_t receive_chunk = 64 * 1024;
constexpr std::size_t longest_control_line = 4096;
constexpr std::size_t recent_page_count = 8;
constexpr int listen_backlog = 8;
// Poll at least this often even with nothing due, so a stop request is never missed for long.
constexpr int longest_poll_ms = 1000;

std::string system_error(std::string_view what) {
    return fmt::format("{}: {}", what, std::strerror(errno));
}

// A listening, non-blocking socket on `address`; `bound` gets the port actually used.
drivers::Result<base::FileDescriptor> listen_on(const SocketAddress& address, SocketAddress& bound) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
    addrinfo* found = nullptr;
    const std::string port = std::to_string(address.port);
    if (const int error = getaddrinfo(address.host.c_str(), port.c_str(), &hints, &found); error != 0) {
        return drivers::fail(Problem::invalid_input, fmt::format("cannot listen on {}: {}",
                                                                 address.to_string(), gai_strerror(error)));
    }
    const std::unique_ptr<addrinfo, decltype(&freeaddrinfo)> addresses(found, freeaddrinfo);
    std::string last_error = "no address";
    for (const addrinfo* candidate = found; candidate != nullptr; candidate = candidate->ai_next) {
        base::FileDescriptor socket_fd(
            ::socket(candidate->ai_family, candidate->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
        if (!socket_fd.valid()) {
            last_error = system_error("socket");
            continue;
        }
        const int yes = 1;
        setsockopt(socket_fd.get(), SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
        if (::bind(socket_fd.get(), candidate->ai_addr, candidate->ai_addrlen) != 0) {
            last_error = system_error("bind");
            continue;
        }
        if (::listen(socket_fd.get(), listen_backlog) != 0) {
            last_error = system_error("listen");
            continue;
        }
        sockaddr_storage local{};
        socklen_t length = sizeof local;
        if (getsockname(socket_fd.get(), reinterpret_cast<sockaddr*>(&local), &length) != 0) {
            last_error = system_error("getsockname");
            continue;
        }
        bound.host = address.host;
        bound.port = local.ss_family == AF_INET6
                         ? ntohs(reinterpret_cast<const sockaddr_in6*>(&local)->sin6_port)
                         : ntohs(reinterpret_cast<const sockaddr_in*>(&local)->sin_port);
        return socket_fd;
    }
    return drivers::fail(Problem::io,
                         fmt::format("cannot listen on {}: {}", address.to_string(), last_error));
}

} // namespace

std::string SocketAddress::to_string() const {
    if (host.find(':') != std::string::npos) {
        return fmt::format("[{}]:{}", host, port);
    }
    return fmt::format("{}:{}", host, port);
}

drivers::Result<SocketAddress> parse_socket_address(std::string_view text) {
    const auto refuse = [&](std::string_view why) {
        return drivers::fail(Problem::invalid_input,
                             fmt::format("\"{}\" is not an address to listen on ({}); write HOST:PORT, "
                                         "e.g. 127.0.0.1:9100 or [::1]:9100",
                                         text, why));
    };
    std::string_view host;
    std::string_view port;
    if (text.starts_with('[')) {
        const std::size_t close = text.find(']');
        if (close == std::string_view::npos || close + 1 >= text.size() || text[close + 1] != ':') {
            return refuse("a bracketed IPv6 address needs ]:PORT after it");
        }
        host = text.substr(1, close - 1);
        port = text.substr(close + 2);
    } else {
        const std::size_t colon = text.rfind(':');
        if (colon == std::string_view::npos) {
            return refuse("no port");
        }
        host = text.substr(0, colon);
        port = text.substr(colon + 1);
        if (host.find(':') != std::string_view::npos) {
            return refuse("put an IPv6 address in brackets");
        }
    }
    if (host.empty()) {
        return refuse("no host");
    }
    unsigned number = 0;
    const auto [end, error] = std::from_chars(port.data(), port.data() + port.size(), number);
    if (port.empty() || error != std::errc{} || end != port.data() + port.size() || number > 65535) {
        return refuse("the port must be a number from 0 to 65535");
    }
    return SocketAddress{std::string(host), static_cast<std::uint16_t>(number)};
}

struct QlSimulatorServer::Impl {
    explicit Impl(QlSimulatorServerOptions chosen) : options(std::move(chosen)), printer(options.printer) {}

    QlSimulatorServerOptions options;
    SocketAddress bound_printer;
    std::optional<SocketAddress> bound_control;
    base::FileDescriptor listener;
    base::FileDescriptor control_listener;
    base::FileDescriptor wake_read;
    base::FileDescriptor wake_write;
    std::thread thread;
    std::atomic<bool> stopping{false};

    // Shared with the callers' threads, under `mutex`.
    mutable std::mutex mutex;
    mutable std::condition_variable changed;
    VirtualQlPrinter printer;
    bool client_connected = false;
    std::size_t connections = 0;
    std::size_t closed_connections = 0;
    std::size_t pages_out = 0;
    std::vector<std::filesystem::path> files;
    std::deque<PrintedPage> recent;
    std::optional<PageDirectory> pages; // set when there is an output directory; used by the server thread

    // The server thread's own.
    struct ControlClient {
        base::FileDescriptor socket;
        std::string in;
        std::string out;
        bool close_after_reply = false;
    };
    base::FileDescriptor client;
    std::vector<std::uint8_t> client_out;
    std::vector<std::uint8_t> receive_buffer;
    std::vector<ControlClient> control_clients;

    void run();
    void accept_client();
    void read_client(SimulatorClock::time_point now);
    void flush_client();
    void close_client(bool tell_printer);
    void take_output(VirtualQlOutput output);
    void write_page(const PrintedPage& page);
    void accept_control();
    void read_control(ControlClient& control);
    static void flush_control(ControlClient& control);
    std::string control(std::string_view line);
    std::string state_json_locked() const;
};

std::string QlSimulatorServer::Impl::state_json_locked() const {
    SimulatorServerFacts facts{
        .printer_address = bound_printer.to_string(),
        .client_connected = client_connected,
        .output_directory = options.output_directory ? options.output_directory->string() : std::string(),
        .page_files = files.size(),
    };
    return simulator_state_json(printer, facts);
}

std::string QlSimulatorServer::Impl::control(std::string_view line) {
    const auto command = parse_simulator_command(line);
    if (!command) {
        return "error " + command.error().detail;
    }
    const std::lock_guard lock(mutex);
    switch (command->kind) {
    case SimulatorCommandKind::status:
        return state_json_locked();
    case SimulatorCommandKind::help:
        return std::string(simulator_command_help());
    default:
        apply_simulator_command(*command, printer);
        return "ok";
    }
}

void QlSimulatorServer::Impl::write_page(const PrintedPage& page) {
    if (!pages) {
        return;
    }
    auto written = pages->write(page);
    if (!written) {
        fmt::print(stderr, "ql-simulator: {}\n", written.error().detail);
        return;
    }
    const std::lock_guard lock(mutex);
    files.push_back(std::move(*written));
}

// Pages first (their files exist before the "printing completed" that announces them goes out), then
// the statuses.
void QlSimulatorServer::Impl::take_output(VirtualQlOutput output) {
    for (PrintedPage& page : output.pages) {
        write_page(page);
        const std::lock_guard lock(mutex);
        ++pages_out;
        recent.push_back(std::move(page));
        if (recent.size() > recent_page_count) {
            recent.pop_front();
        }
    }
    if (!output.pages.empty()) {
        changed.notify_all();
    }
    if (client.valid() && !output.statuses.empty()) {
        const std::vector<std::uint8_t> bytes = output.status_bytes();
        client_out.insert(client_out.end(), bytes.begin(), bytes.end());
        flush_client();
    }
}

void QlSimulatorServer::Impl::flush_client() {
    while (client.valid() && !client_out.empty()) {
        const ssize_t sent =
            ::send(client.get(), client_out.data(), client_out.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
        if (sent > 0) {
            client_out.erase(client_out.begin(), client_out.begin() + sent);
            continue;
        }
        if (sent < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) {
            return; // poll says when it can take more
        }
        close_client(true);
    }
}

void QlSimulatorServer::Impl::close_client(bool tell_printer) {
    if (!client.valid()) {
        return;
    }
    ::shutdown(client.get(), SHUT_RDWR);
    client.reset();
    client_out.clear();
    {
        const std::lock_guard lock(mutex);
        if (tell_printer) {
            printer.connection_closed();
        }
        client_connected = false;
        ++closed_connections;
    }
    changed.notify_all();
}

void QlSimulatorServer::Impl::accept_client() {
    base::FileDescriptor accepted(::accept4(listener.get(), nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC));
    if (!accepted.valid()) {
        return; // the client gave up already, or EAGAIN
    }
    const int yes = 1;
    setsockopt(accepted.get(), IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes); // statuses go out at once
    client = std::move(accepted);
    {
        const std::lock_guard lock(mutex);
        client_connected = true;
        ++connections;
    }
    changed.notify_all();
}

void QlSimulatorServer::Impl::read_client(SimulatorClock::time_point now) {
    receive_buffer.resize(receive_chunk);
    std::vector<std::uint8_t>& buffer = receive_buffer;
    const ssize_t received = ::recv(client.get(), buffer.data(), buffer.size(), MSG_DONTWAIT);
    if (received < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) {
        return;
    }
    if (received <= 0) {
        close_client(true); // the host hung up (0) or the connection broke
        return;
    }
    VirtualQlOutput output;
    {
        const std::lock_guard lock(mutex);
        output = printer.feed(std::span(buffer.data(), static_cast<std::size_t>(received)), now);
    }
    const bool disconnect = output.disconnect;
    take_output(std::move(output));
    if (disconnect) {
        close_client(false); // the printer has dropped the job already
    }
}

void QlSimulatorServer::Impl::accept_control() {
    base::FileDescriptor accepted(
        ::accept4(control_listener.get(), nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC));
    if (accepted.valid()) {
        control_clients.push_back(ControlClient{std::move(accepted), {}, {}, false});
    }
}

void QlSimulatorServer::Impl::read_control(ControlClient& control_client) {
    std::array<char, 1024> buffer{};
    const ssize_t received = ::recv(control_client.socket.get(), buffer.data(), buffer.size(), MSG_DONTWAIT);
    if (received < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) {
        return;
    }
    if (received <= 0) {
        control_client.socket.reset();
        return;
    }
    control_client.in.append(buffer.data(), static_cast<std::size_t>(received));
    std::size_t newline = 0;
    while ((newline = control_client.in.find('\n')) != std::string::npos) {
        const std::string line = control_client.in.substr(0, newline);
        control_client.in.erase(0, newline + 1);
        control_client.out += control(line) + "\n";
    }
    if (control_client.in.size() > longest_control_line) {
        control_client.out +=
            fmt::format("error a command is one line of at most {} bytes\n", longest_control_line);
        control_client.close_after_reply = true;
    }
    flush_control(control_client);
}

void QlSimulatorServer::Impl::flush_control(ControlClient& control_client) {
    while (control_client.socket.valid() && !control_client.out.empty()) {
        const ssize_t sent = ::send(control_client.socket.get(), control_client.out.data(),
                                    control_client.out.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
        if (sent > 0) {
            control_client.out.erase(0, static_cast<std::size_t>(sent));
            continue;
        }
        if (sent < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) {
            return;
        }
        control_client.socket.reset();
    }
    if (control_client.out.empty() && control_client.close_after_reply) {
        control_client.socket.reset();
    }
}

void QlSimulatorServer::Impl::run() {
    std::vector<pollfd> watched;
    while (!stopping.load()) {
        watched.clear();
        watched.push_back({wake_read.get(), POLLIN, 0});
        const std::size_t listener_index = watched.size();
        if (!client.valid()) {
            watched.push_back({listener.get(), POLLIN, 0}); // one client at a time: the next waits
        }
        const std::size_t client_index = watched.size();
        if (client.valid()) {
            const short events = static_cast<short>(POLLIN | (client_out.empty() ? 0 : POLLOUT));
            watched.push_back({client.get(), events, 0});
        }
        const std::size_t control_listener_index = watched.size();
        if (control_listener.valid()) {
            watched.push_back({control_listener.get(), POLLIN, 0});
        }
        const std::size_t control_clients_index = watched.size();
        for (const ControlClient& control_client : control_clients) {
            const short events = static_cast<short>(POLLIN | (control_client.out.empty() ? 0 : POLLOUT));
            watched.push_back({control_client.socket.get(), events, 0});
        }

        int timeout_ms = longest_poll_ms;
        {
            const std::lock_guard lock(mutex);
            if (const std::optional<SimulatorTime> due = printer.next_due()) {
                const auto wait = std::chrono::ceil<std::chrono::milliseconds>(*due - SimulatorClock::now());
                timeout_ms = static_cast<int>(
                    std::clamp<std::chrono::milliseconds::rep>(wait.count(), 0, longest_poll_ms));
            }
        }
        const int ready = ::poll(watched.data(), watched.size(), timeout_ms);
        if (ready < 0 && errno != EINTR) {
            fmt::print(stderr, "ql-simulator: {}\n", system_error("poll"));
            break;
        }
        if (stopping.load()) {
            break;
        }
        const SimulatorTime now = SimulatorClock::now();
        {
            VirtualQlOutput due;
            {
                const std::lock_guard lock(mutex);
                due = printer.advance(now);
            }
            take_output(std::move(due));
        }
        if (ready <= 0) {
            continue;
        }
        if ((watched[0].revents & POLLIN) != 0) {
            std::array<char, 64> drain{};
            while (::read(wake_read.get(), drain.data(), drain.size()) > 0) {
            }
        }
        if (listener_index < client_index && (watched[listener_index].revents & POLLIN) != 0) {
            accept_client();
        } else if (client_index < control_listener_index && client.valid()) {
            const short events = watched[client_index].revents;
            if ((events & POLLOUT) != 0) {
                flush_client();
            }
            if (client.valid() && (events & (POLLIN | POLLHUP | POLLERR)) != 0) {
                read_client(now);
            }
        }
        for (std::size_t index = 0; index < control_clients.size(); ++index) {
            const short events = watched[control_clients_index + index].revents;
            ControlClient& control_client = control_clients[index];
            if ((events & POLLOUT) != 0) {
                flush_control(control_client);
            }
            if (control_client.socket.valid() && (events & (POLLIN | POLLHUP | POLLERR)) != 0) {
                read_control(control_client);
            }
        }
        std::erase_if(control_clients,
                      [](const ControlClient& control_client) { return !control_client.socket.valid(); });
        if (control_listener_index < control_clients_index &&
            (watched[control_listener_index].revents & POLLIN) != 0) {
            accept_control();
        }
    }
    close_client(true);
    control_clients.clear();
}

drivers::Result<std::unique_ptr<QlSimulatorServer>>
QlSimulatorServer::start(QlSimulatorServerOptions options) {
    auto impl = std::make_unique<Impl>(std::move(options));
    const QlSimulatorServerOptions& chosen = impl->options;
    if (chosen.output_directory) {
        auto pages = PageDirectory::open(*chosen.output_directory, chosen.write_sidecars);
        if (!pages) {
            return std::unexpected(pages.error());
        }
        impl->pages = std::move(*pages);
    }
    auto listener = listen_on(chosen.listen, impl->bound_printer);
    if (!listener) {
        return std::unexpected(listener.error());
    }
    impl->listener = std::move(*listener);
    if (chosen.control) {
        SocketAddress bound;
        auto control_listener = listen_on(*chosen.control, bound);
        if (!control_listener) {
            return std::unexpected(control_listener.error());
        }
        impl->control_listener = std::move(*control_listener);
        impl->bound_control = bound;
    }
    std::array<int, 2> pipe_ends{};
    if (::pipe2(pipe_ends.data(), O_CLOEXEC | O_NONBLOCK) != 0) {
        return drivers::fail(Problem::io, system_error("pipe2"));
    }
    impl->wake_read = base::FileDescriptor(pipe_ends[0]);
    impl->wake_write = base::FileDescriptor(pipe_ends[1]);
    Impl* running = impl.get();
    impl->thread = std::thread([running] { running->run(); });
    return std::unique_ptr<QlSimulatorServer>(new QlSimulatorServer(std::move(impl)));
}

QlSimulatorServer::QlSimulatorServer(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}

QlSimulatorServer::~QlSimulatorServer() {
    stop();
}

void QlSimulatorServer::stop() {
    if (!m_impl->thread.joinable()) {
        return;
    }
    m_impl->stopping.store(true);
    const char wake = 1;
    [[maybe_unused]] const ssize_t written = ::write(m_impl->wake_write.get(), &wake, 1);
    m_impl->thread.join();
    m_impl->listener.reset();
    m_impl->control_listener.reset();
}

SocketAddress QlSimulatorServer::printer_address() const {
    return m_impl->bound_printer;
}

std::optional<SocketAddress> QlSimulatorServer::control_address() const {
    return m_impl->bound_control;
}

std::string QlSimulatorServer::control(std::string_view line) {
    return m_impl->control(line);
}

void QlSimulatorServer::load_media(std::optional<printing::QlMedia> media) {
    const std::lock_guard lock(m_impl->mutex);
    m_impl->printer.load_media(media);
}

void QlSimulatorServer::set_cover(Cover cover) {
    const std::lock_guard lock(m_impl->mutex);
    m_impl->printer.set_cover(cover);
}

void QlSimulatorServer::set_labels_remaining(std::optional<std::size_t> labels) {
    const std::lock_guard lock(m_impl->mutex);
    m_impl->printer.set_labels_remaining(labels);
}

void QlSimulatorServer::set_cutter_jam(CutterJam jam) {
    const std::lock_guard lock(m_impl->mutex);
    m_impl->printer.set_cutter_jam(jam);
}

void QlSimulatorServer::set_print_delay(std::chrono::milliseconds delay) {
    const std::lock_guard lock(m_impl->mutex);
    m_impl->printer.set_print_delay(delay);
}

void QlSimulatorServer::set_disconnect_after(std::optional<std::size_t> bytes) {
    const std::lock_guard lock(m_impl->mutex);
    m_impl->printer.set_disconnect_after(bytes);
}

void QlSimulatorServer::reset() {
    const std::lock_guard lock(m_impl->mutex);
    m_impl->printer.reset();
}

VirtualQlSettings QlSimulatorServer::settings() const {
    const std::lock_guard lock(m_impl->mutex);
    return m_impl->printer.settings();
}

VirtualQlCounters QlSimulatorServer::counters() const {
    const std::lock_guard lock(m_impl->mutex);
    return m_impl->printer.counters();
}

drivers::QlStatus QlSimulatorServer::status() const {
    const std::lock_guard lock(m_impl->mutex);
    return m_impl->printer.status();
}

std::string QlSimulatorServer::state_json() const {
    const std::lock_guard lock(m_impl->mutex);
    return m_impl->state_json_locked();
}

bool QlSimulatorServer::client_connected() const {
    const std::lock_guard lock(m_impl->mutex);
    return m_impl->client_connected;
}

std::size_t QlSimulatorServer::connections() const {
    const std::lock_guard lock(m_impl->mutex);
    return m_impl->connections;
}

std::vector<std::filesystem::path> QlSimulatorServer::page_files() const {
    const std::lock_guard lock(m_impl->mutex);
    return m_impl->files;
}

std::vector<PrintedPage> QlSimulatorServer::recent_pages() const {
    const std::lock_guard lock(m_impl->mutex);
    return {m_impl->recent.begin(), m_impl->recent.end()};
}

bool QlSimulatorServer::wait_for_pages(std::size_t count, std::chrono::milliseconds timeout) const {
    std::unique_lock lock(m_impl->mutex);
    return m_impl->changed.wait_for(lock, timeout, [&] { return m_impl->pages_out >= count; });
}

bool QlSimulatorServer::wait_for_closed_connections(std::size_t count,
                                                    std::chrono::milliseconds timeout) const {
    std::unique_lock lock(m_impl->mutex);
    return m_impl->changed.wait_for(lock, timeout, [&] { return m_impl->closed_connections >= count; });
}

} // namespace checkin::hardware
