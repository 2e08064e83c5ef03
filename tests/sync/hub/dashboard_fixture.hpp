#pragma once

// What the dashboard's tests share (hub_dashboard_test.cpp, hub_dashboard_browser_test.cpp): a roster
// delegate made in one line, and the dashboard's routes served on a thread of the test process over a hub
// file, on a free port of 127.0.0.1, accepting one bearer token.

#include "sync/hub/hub_dashboard.hpp"
#include "sync/roster/delegate.hpp"

#include <chrono>
#include <filesystem>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace checkin::sync::dashboard_fixture {

inline Delegate delegate_of(std::string code, std::string first_name, std::string last_name,
                            std::string partnership, std::string voivodeship, std::vector<Day> days = {}) {
    Delegate delegate;
    delegate.code = std::move(code);
    delegate.first_name = std::move(first_name);
    delegate.last_name = std::move(last_name);
    delegate.organisation = "Urząd Gminy";
    delegate.partnership = std::move(partnership);
    delegate.voivodeship = std::move(voivodeship);
    delegate.role = "Uczestnik";
    delegate.days = std::move(days);
    return delegate;
}

// register_dashboard_routes on its own httplib::Server, listening until destroyed. `token` empty: every
// request is authorised.
class DashboardServer {
public:
    DashboardServer(const std::filesystem::path& hub_database, std::string token)
        : m_token(std::move(token)) {
        register_dashboard_routes(m_server, hub_database, [this](const httplib::Request& request) {
            return m_token.empty() || request.get_header_value("Authorization") == "Bearer " + m_token;
        });
        m_port = m_server.bind_to_any_port("127.0.0.1");
        EXPECT_GT(m_port, 0) << "cannot bind a port on 127.0.0.1";
        if (m_port <= 0) {
            return;
        }
        m_thread = std::thread([this] { m_server.listen_after_bind(); });
        while (!m_server.is_running()) {
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
    }
    DashboardServer(const DashboardServer&) = delete;
    DashboardServer& operator=(const DashboardServer&) = delete;
    ~DashboardServer() {
        m_server.stop();
        if (m_thread.joinable()) {
            m_thread.join();
        }
    }

    int port() const { return m_port; }

private:
    std::string m_token;
    httplib::Server m_server;
    std::thread m_thread;
    int m_port = 0;
};

} // namespace checkin::sync::dashboard_fixture
