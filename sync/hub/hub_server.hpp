#pragma once

// The hub's HTTP server (cpp-httplib): the API of hub_protocol.hpp over a HubStore, and the organisers'
// dashboard. Listens on its own threads from start() until stop() or destruction.

#include "sync/hub/hub_store.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

namespace checkin::sync {

// One answered request, for the access log.
struct RequestLogEntry {
    std::string method;
    std::string path;
    int status = 0;
    std::int64_t milliseconds = 0; // from the request's arrival to the answer written
    std::string kiosk;             // whom the token belongs to; empty without a valid token
};

struct HubServerSettings {
    std::string host = "127.0.0.1";
    int port = 0; // 0: any free port (tests); port() tells which
    // Called after every answer, from the server's threads (several at once); empty: no log.
    std::function<void(const RequestLogEntry&)> request_log;
    // The hub's SQLite file, read by the organisers' dashboard (hub_dashboard.hpp); empty: no dashboard.
    std::filesystem::path dashboard_database;
    // Every kiosk's client and every open dashboard keeps its connection between requests, and httplib
    // gives each connection a worker thread until it has been idle for `keep_alive`. With httplib's
    // defaults (8 workers on a small machine, 5 s) a ninth kiosk's request waited 5 s in the queue, and
    // stopping the hub waited as long. Workers are cheap threads that sleep; 64 leaves room for every kiosk
    // and dashboard a venue has. A round's requests follow each other within milliseconds, so 2 s of
    // keep-alive still carries a whole round over one connection.
    std::size_t worker_threads = 64;
    std::chrono::seconds keep_alive{2};
};

class HubServer {
public:
    // Binds and starts listening before it returns, so a client may connect at once. Fails with
    // ErrorKind::io when the address cannot be bound (in use, no permission).
    static Result<std::unique_ptr<HubServer>> start(HubStore& store, const HubServerSettings& settings);

    virtual ~HubServer() = default;
    virtual int port() const = 0;
    virtual void stop() = 0; // stops listening and waits for the answers under way
};

} // namespace checkin::sync
