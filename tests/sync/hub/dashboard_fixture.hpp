#pragma once

// What the dashboard's tests share (hub_dashboard_test.cpp, hub_dashboard_browser_test.cpp): a roster
// delegate made in one line, and the dashboard's routes served by the test process over a hub file, on a
// free port of 127.0.0.1, accepting one token (as a bearer token or at sign-in), which a test can revoke.

#include "sync/hub/http_server.hpp"
#include "sync/hub/hub_dashboard.hpp"
#include "sync/hub/hub_server.hpp"
#include "sync/hub/kiosk_alerts.hpp"
#include "sync/roster/delegate.hpp"

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <memory>
#include <string>
#include <string_view>
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

// register_dashboard_routes on its own HTTP server (http_server.hpp), listening until destroyed, on plain
// HTTP on 127.0.0.1, over a hub store: the SQLite hub file given, or a store of the test's. `token` is an
// organiser's; `token` empty: every token is an organiser's.
class DashboardServer {
public:
    DashboardServer(const std::filesystem::path& hub_database, std::string token,
                    TokenRole role = TokenRole::organiser, std::vector<http::Route> extra_routes = {})
        : m_token(std::move(token)) {
        auto store = open_sqlite_hub_store(hub_database);
        EXPECT_TRUE(store.has_value()) << (store ? "" : store.error().message);
        if (store) {
            m_own_store = std::move(*store);
            start(*m_own_store, role, std::move(extra_routes));
        }
    }
    DashboardServer(HubStore& store, std::string token, TokenRole role = TokenRole::organiser)
        : m_token(std::move(token)) {
        start(store, role, {});
    }

    int port() const { return m_server ? m_server->port() : 0; }
    // As `kiosk-hub token revoke` would: the token is unknown from the next check on.
    void revoke() { m_revoked = true; }

private:
    void start(HubStore& store, TokenRole role, std::vector<http::Route> extra_routes) {
        std::vector<http::Route> routes = std::move(extra_routes);
        auto token_check = [this, role](std::string_view presented) -> Result<std::optional<TokenHolder>> {
            if (m_revoked) {
                return std::optional<TokenHolder>{};
            }
            if (m_token.empty() || presented == m_token) {
                return TokenHolder{"organisers-laptop", role};
            }
            return std::optional<TokenHolder>{};
        };
        register_dashboard_routes(routes, store, std::make_shared<DashboardCache>(store),
                                  std::make_shared<DashboardSessions>(token_check), false,
                                  KioskAlertSettings{});
        http::ServerSettings settings;
        settings.common_headers = hub_security_headers(); // so the browser's tests hold the page to its CSP
        settings.token_check = token_check;
        auto started = http::Server::start(std::move(settings), std::move(routes));
        EXPECT_TRUE(started.has_value()) << (started ? "" : started.error().message);
        if (started) {
            m_server = std::move(*started);
        }
    }

    std::string m_token;
    std::unique_ptr<HubStore> m_own_store;
    std::atomic<bool> m_revoked = false;
    std::unique_ptr<http::Server> m_server;
};

} // namespace checkin::sync::dashboard_fixture
