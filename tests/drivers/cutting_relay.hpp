#pragma once

// A TCP relay on loopback between a client and a server that cuts one exchange the way a failing venue
// network does (a cable pulled, a Wi-Fi bridge rebooting), for the printer sessions' tests. Each connection
// it accepts is relayed to the server; the first connection on which the client sends more than
// `large_request_bytes` (a print job, not a status question) is cut once:
//   upload   half-way through the request: the server's side is closed (it sees an incomplete request and
//            drops it) and the client's reset while it is still sending;
//   reply    after the whole request reached the server, when the server starts answering: the reply is
//            not passed on and both sides are closed (the job exists at the server, its client never
//            learns so).
// Every later connection is relayed untouched. Header-only (tests).

#include <arpa/inet.h>
#include <atomic>
#include <cerrno>
#include <cstdint>
#include <mutex>
#include <netinet/in.h>
#include <poll.h>
#include <stdexcept>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace checkin::test {

class CuttingRelay {
public:
    enum class Cut { upload, reply };

    CuttingRelay(int server_port, Cut cut, std::size_t large_request_bytes)
        : m_server_port(server_port), m_cut(cut), m_large_request_bytes(large_request_bytes) {
        m_listener = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        // A small receive window: a client sending a large request is held in its write, not done with
        // it, when its connection is reset half-way.
        const int small = 4096;
        ::setsockopt(m_listener, SOL_SOCKET, SO_RCVBUF, &small, sizeof(small));
        sockaddr_in address = loopback(0);
        socklen_t length = sizeof(address);
        if (::bind(m_listener, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 ||
            ::listen(m_listener, 16) != 0 ||
            ::getsockname(m_listener, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
            throw std::runtime_error("the cutting relay cannot listen on loopback");
        }
        m_port = ntohs(address.sin_port);
        m_acceptor = std::thread([this] { accept_connections(); });
    }
    CuttingRelay(const CuttingRelay&) = delete;
    CuttingRelay& operator=(const CuttingRelay&) = delete;
    ~CuttingRelay() {
        m_stopping = true;
        m_acceptor.join();
        std::vector<std::thread> relays;
        {
            std::lock_guard lock(m_mutex);
            relays.swap(m_relays);
        }
        for (std::thread& relay : relays) {
            relay.join();
        }
        ::close(m_listener);
    }

    int port() const { return m_port; }
    // How many connections were cut (0 or 1) and how many were accepted in all.
    int cuts() const { return m_cuts; }
    int connections() const { return m_connections; }

private:
    static sockaddr_in loopback(int port) {
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        address.sin_port = htons(static_cast<std::uint16_t>(port));
        return address;
    }

    void accept_connections() {
        while (!m_stopping) {
            pollfd waiting{m_listener, POLLIN, 0};
            if (::poll(&waiting, 1, 50) <= 0) {
                continue;
            }
            const int client = ::accept4(m_listener, nullptr, nullptr, SOCK_CLOEXEC);
            if (client < 0) {
                continue;
            }
            const int server = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
            const sockaddr_in address = loopback(m_server_port);
            if (::connect(server, reinterpret_cast<const sockaddr*>(&address), sizeof(address)) != 0) {
                ::close(server);
                ::close(client);
                continue;
            }
            ++m_connections;
            std::lock_guard lock(m_mutex);
            m_relays.emplace_back([this, client, server] { relay(client, server); });
        }
    }

    // Closes with a reset rather than a clean end: the peer's next read or write fails at once.
    static void reset(int socket) {
        const linger abort{1, 0};
        ::setsockopt(socket, SOL_SOCKET, SO_LINGER, &abort, sizeof(abort));
        ::close(socket);
    }

    void relay(int client, int server) {
        std::size_t from_client = 0;
        std::vector<char> buffer(16384);
        bool open = true;
        while (open && !m_stopping) {
            pollfd sides[2] = {{client, POLLIN, 0}, {server, POLLIN, 0}};
            if (::poll(sides, 2, 50) <= 0) {
                continue;
            }
            for (int side = 0; side < 2 && open; ++side) {
                if ((sides[side].revents & (POLLIN | POLLHUP | POLLERR)) == 0) {
                    continue;
                }
                const int from = sides[side].fd;
                const int to = side == 0 ? server : client;
                const ssize_t got = ::recv(from, buffer.data(), buffer.size(), 0);
                if (got <= 0) {
                    open = false;
                    break;
                }
                std::size_t count = static_cast<std::size_t>(got);
                const bool large = from_client > m_large_request_bytes;
                if (side == 0 && m_cut == Cut::upload && !large &&
                    from_client + count > m_large_request_bytes && take_the_cut()) {
                    // Pass on the request up to the limit, then cut both ways.
                    send_all(to, buffer.data(), m_large_request_bytes - from_client);
                    ::close(server);
                    reset(client);
                    return;
                }
                if (side == 1 && m_cut == Cut::reply && large && take_the_cut()) {
                    ::close(server);
                    reset(client);
                    return;
                }
                if (side == 0) {
                    from_client += count;
                }
                if (!send_all(to, buffer.data(), count)) {
                    open = false;
                }
            }
        }
        ::close(server);
        ::close(client);
    }

    bool take_the_cut() {
        int none = 0;
        return m_cuts.compare_exchange_strong(none, 1);
    }

    static bool send_all(int socket, const char* bytes, std::size_t count) {
        while (count > 0) {
            const ssize_t sent = ::send(socket, bytes, count, MSG_NOSIGNAL);
            if (sent <= 0) {
                if (sent < 0 && errno == EINTR) {
                    continue;
                }
                return false;
            }
            bytes += sent;
            count -= static_cast<std::size_t>(sent);
        }
        return true;
    }

    int m_server_port;
    Cut m_cut;
    std::size_t m_large_request_bytes;
    int m_listener = -1;
    int m_port = 0;
    std::atomic<bool> m_stopping{false};
    std::atomic<int> m_cuts{0};
    std::atomic<int> m_connections{0};
    std::mutex m_mutex;
    std::vector<std::thread> m_relays;
    std::thread m_acceptor;
};

} // namespace checkin::test
