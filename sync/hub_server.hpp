#pragma once

// The hub's HTTP server (cpp-httplib): the API of hub_protocol.hpp over a HubStore, and the organisers'
// dashboard. Listens on its own threads from start() until stop() or destruction.

#include "sync/hub_store.hpp"

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
};

class HubServer {
public:
    // Binds and starts listening before it returns, so a client may connect at once. Fails with
    // ErrorCode::io when the address cannot be bound (in use, no permission).
    static Result<std::unique_ptr<HubServer>> start(HubStore& store, const HubServerSettings& settings);

    virtual ~HubServer() = default;
    virtual int port() const = 0;
    virtual void stop() = 0; // stops listening and waits for the answers under way
};

} // namespace checkin::sync
