#pragma once

// Speaking HTTP by hand to a hub on loopback, for the tests of what a client library would never send: a
// header block without its body, a body that never ends, headers one byte at a time, a flood of headers.
// Every wait has a deadline, so a hub that never answers fails the test instead of hanging it.

#include "base/file_descriptor.hpp"

#include <arpa/inet.h>
#include <cerrno>
#include <chrono>
#include <cstddef>
#include <netinet/in.h>
#include <optional>
#include <poll.h>
#include <string>
#include <string_view>
#include <sys/socket.h>
#include <unistd.h>

namespace checkin::test {

// A TCP connection to 127.0.0.1:port from `source` (another loopback address such as "127.0.0.2", so a
// test can stand for many clients; empty: the kernel's choice). An invalid descriptor when refused.
inline base::FileDescriptor connect_loopback(int port, const std::string& source = {}) {
    base::FileDescriptor socket(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
    if (socket.get() < 0) {
        return socket;
    }
    if (!source.empty()) {
        sockaddr_in local{};
        local.sin_family = AF_INET;
        ::inet_pton(AF_INET, source.c_str(), &local.sin_addr);
        if (::bind(socket.get(), reinterpret_cast<sockaddr*>(&local), sizeof(local)) != 0) {
            return base::FileDescriptor();
        }
    }
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(socket.get(), reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0) {
        return base::FileDescriptor();
    }
    return socket;
}

// Writes all of `bytes`; false when the peer closed or reset the connection first.
inline bool send_all(int descriptor, std::string_view bytes) {
    while (!bytes.empty()) {
        const ssize_t sent = ::send(descriptor, bytes.data(), bytes.size(), MSG_NOSIGNAL);
        if (sent < 0 && errno == EINTR) {
            continue;
        }
        if (sent <= 0) {
            return false;
        }
        bytes.remove_prefix(static_cast<std::size_t>(sent));
    }
    return true;
}

struct RawReply {
    int status = 0; // 0: no status line came
    std::string head;
    std::string body;
    bool closed = false; // the hub closed the connection (end of file or reset)
};

// Reads one reply: the status line and headers, then Content-Length bytes of body (or up to the end),
// within `timeout`.
inline RawReply read_reply(int descriptor, std::chrono::milliseconds timeout) {
    RawReply reply;
    std::string received;
    std::optional<std::size_t> body_length;
    std::size_t head_end = std::string::npos;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (true) {
        if (head_end != std::string::npos && body_length && received.size() >= head_end + 4 + *body_length) {
            break;
        }
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) {
            break;
        }
        pollfd watched{descriptor, POLLIN, 0};
        const int ready = ::poll(&watched, 1, static_cast<int>(left.count()));
        if (ready < 0 && errno == EINTR) {
            continue;
        }
        if (ready <= 0) {
            break;
        }
        char buffer[8192];
        const ssize_t count = ::recv(descriptor, buffer, sizeof(buffer), 0);
        if (count < 0 && errno == EINTR) {
            continue;
        }
        if (count <= 0) {
            reply.closed = true;
            break;
        }
        received.append(buffer, static_cast<std::size_t>(count));
        if (head_end == std::string::npos) {
            head_end = received.find("\r\n\r\n");
            if (head_end != std::string::npos) {
                const std::string head = received.substr(0, head_end);
                for (const std::string_view name : {"\r\nContent-Length: ", "\r\ncontent-length: "}) {
                    const auto at = head.find(name);
                    if (at != std::string::npos) {
                        body_length = std::stoul(head.substr(at + name.size()));
                    }
                }
            }
        }
    }
    if (received.starts_with("HTTP/1.")) {
        reply.status = std::stoi(received.substr(9, 3));
    }
    if (head_end != std::string::npos) {
        reply.head = received.substr(0, head_end);
        reply.body = received.substr(head_end + 4);
    }
    return reply;
}

// Reads up to the end of one header block ("\r\n\r\n"), e.g. an interim "HTTP/1.1 100 Continue", within
// `timeout`; what came, whole or not.
inline std::string read_head(int descriptor, std::chrono::milliseconds timeout) {
    std::string received;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (received.find("\r\n\r\n") == std::string::npos) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        pollfd watched{descriptor, POLLIN, 0};
        if (left.count() <= 0 || ::poll(&watched, 1, static_cast<int>(left.count())) <= 0) {
            break;
        }
        char byte = 0; // one at a time: nothing after the block is taken from the socket
        if (::recv(descriptor, &byte, 1, 0) != 1) {
            break;
        }
        received += byte;
    }
    return received;
}

} // namespace checkin::test
