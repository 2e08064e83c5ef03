#pragma once

// Shared by the sync client's tests: a real hub (HubServer over the SQLite store in a temporary
// directory, listening on a free loopback port, loaded with the Serock roster), kiosks with real mirror
// files, and helpers to check in, run rounds and read what a mirror or the hub holds.

#include "sync/client/hub_client.hpp"
#include "sync/client/sync_round.hpp"
#include "sync/hub/hub_server.hpp"
#include "sync/hub/hub_store.hpp"
#include "sync/hub/tls_identity.hpp"
#include "sync/mirror/mirror.hpp"
#include "tests/kiosk/process.hpp"
#include "tests/sync/mirror/mirror_fixture.hpp"

#include <chrono>
#include <condition_variable>
#include <gtest/gtest.h>
#include <httplib.h>
#include <memory>
#include <mutex>
#include <netinet/in.h>
#include <optional>
#include <set>
#include <string>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace checkin::sync::client_fixture {

using mirror_fixture::first_day;
using mirror_fixture::second_day;
using mirror_fixture::serock_event;
using mirror_fixture::utc_milliseconds;

// The code of the index-th fixture delegate admitted on the first day (some come on the second only).
inline std::string fixture_code(std::size_t index) {
    static const auto codes = [] {
        std::vector<std::string> admitted;
        for (const auto& row : mirror_fixture::fixture_rows()) {
            if (row.days.empty() || row.days.find("29.11") != std::string::npos) {
                admitted.push_back(row.code);
            }
        }
        return admitted;
    }();
    return codes.at(index);
}

// A hub on 127.0.0.1 whose store lives in a temporary directory. It can be stopped and started again on
// the same port, as a hub that went away and came back.
class TestHub {
public:
    // `tls`: HTTPS with a fresh self-signed certificate, trusted by pin() as the kiosks trust a hub.
    explicit TestHub(bool with_roster = true, bool tls = false) {
        if (tls) {
            auto identity = make_tls_identity("localhost");
            EXPECT_TRUE(identity.has_value()) << (identity ? "" : identity.error().message);
            if (identity) {
                m_pin = public_key_pin(identity->certificate_pem).value_or("");
                m_tls = std::move(*identity);
            }
        }
        auto store = open_sqlite_hub_store(m_directory.file("hub.sqlite"));
        EXPECT_TRUE(store.has_value()) << (store ? "" : store.error().message);
        if (!store) {
            return;
        }
        m_store = std::move(*store);
        if (with_roster) {
            auto imported = m_store->import_roster(mirror_fixture::fixture_entries(), serock_event());
            EXPECT_TRUE(imported.has_value()) << (imported ? "" : imported.error().message);
        }
        start();
    }
    TestHub(const TestHub&) = delete;
    TestHub& operator=(const TestHub&) = delete;
    ~TestHub() { stop(); }

    // Starts listening: on a free port the first time, on the same port afterwards.
    void start() {
        HubServerSettings settings;
        settings.port = m_port;
        settings.tls = m_tls;
        auto server = HubServer::start(*m_store, settings);
        ASSERT_TRUE(server.has_value()) << server.error().message;
        m_server = std::move(*server);
        m_port = m_server->port();
    }
    void stop() {
        if (m_server) {
            m_server->stop();
            m_server.reset();
        }
    }

    std::string url() const {
        return (m_tls ? "https://127.0.0.1:" : "http://127.0.0.1:") + std::to_string(m_port);
    }
    // The pin of the hub's key ("sha256//…"); empty without TLS.
    const std::string& pin() const { return m_pin; }
    HubStore& store() { return *m_store; }

    std::string token_for(const std::string& kiosk) {
        auto token = m_store->create_token(kiosk);
        EXPECT_TRUE(token.has_value()) << (token ? "" : token.error().message);
        return token.value_or("");
    }

    HubStatistics statistics() {
        auto statistics = m_store->statistics();
        EXPECT_TRUE(statistics.has_value()) << (statistics ? "" : statistics.error().message);
        return statistics.value_or(HubStatistics{});
    }

    // Every event the hub holds, in its sequence order.
    std::vector<SequencedEvent> all_events() {
        std::vector<SequencedEvent> events;
        std::int64_t since = 0;
        for (;;) {
            auto page = m_store->events_since(since, events_page_maximum);
            EXPECT_TRUE(page.has_value()) << (page ? "" : page.error().message);
            if (!page || page->events.empty()) {
                return events;
            }
            since = page->events.back().sequence;
            events.insert(events.end(), page->events.begin(), page->events.end());
            if (!page->more) {
                return events;
            }
        }
    }

private:
    mirror_fixture::TempDir m_directory;
    std::unique_ptr<HubStore> m_store;
    std::unique_ptr<HubServer> m_server;
    int m_port = 0;
    std::optional<TlsIdentity> m_tls;
    std::string m_pin;
};

inline HubClient make_client(const std::string& url, const std::string& token, const std::string& pin = {}) {
    HubClientSettings settings;
    settings.base_url = url;
    settings.token = token;
    settings.pin = pin;
    auto client = HubClient::create(std::move(settings));
    if (!client) {
        ADD_FAILURE() << client.error().message;
        std::abort();
    }
    return std::move(*client);
}

// A kiosk: its own mirror file and its own client with its own token.
class TestKiosk {
public:
    // `with_roster`: the roster imported locally, as a kiosk prepared from the organiser's file; otherwise
    // the mirror starts empty and the first round fills it from the hub.
    TestKiosk(TestHub& hub, const std::string& name, bool with_roster,
              const mirror_fixture::TempDir& directory)
        : m_name(name), m_path(directory.file(name + ".sqlite")), m_token(hub.token_for(name)),
          m_client(make_client(hub.url(), m_token, hub.pin())) {
        auto mirror = Mirror::open(m_path);
        EXPECT_TRUE(mirror.has_value()) << (mirror ? "" : mirror.error().message);
        m_mirror.emplace(std::move(*mirror));
        if (with_roster) {
            EXPECT_TRUE(m_mirror->set_event(serock_event()).has_value());
            mirror_fixture::import(*m_mirror, mirror_fixture::fixture_entries());
        }
    }

    const std::string& name() const { return m_name; }
    const std::filesystem::path& path() const { return m_path; }
    const std::string& token() const { return m_token; }
    Mirror& mirror() { return *m_mirror; }
    HubClient& client() { return m_client; }
    // Closes the mirror (before another process uses the file) and opens it again.
    void close() { m_mirror.reset(); }
    void reopen() {
        auto mirror = Mirror::open(m_path);
        ASSERT_TRUE(mirror.has_value()) << mirror.error().message;
        m_mirror.emplace(std::move(*mirror));
    }

    Result<SyncReport> round(const SyncRoundOptions& options = {}) {
        return run_sync_round(*m_mirror, m_client, options);
    }
    // A round that must succeed.
    SyncReport synced(const SyncRoundOptions& options = {}) {
        auto report = round(options);
        EXPECT_TRUE(report.has_value()) << m_name << ": " << (report ? "" : report.error().message);
        return report.value_or(SyncReport{});
    }

    CheckinResult check_in(const std::string& code, std::int64_t at_milliseconds, Day day = first_day) {
        CheckinRequest request;
        request.payload = code;
        request.kiosk_id = m_name;
        request.operator_name = "self-service";
        request.now_milliseconds = at_milliseconds;
        request.today = day;
        auto result = m_mirror->check_in(request);
        EXPECT_TRUE(result.has_value()) << (result ? "" : result.error().message);
        return result.value_or(CheckinResult{});
    }

    std::size_t backlog() {
        auto statistics = m_mirror->statistics(first_day);
        EXPECT_TRUE(statistics.has_value()) << (statistics ? "" : statistics.error().message);
        return statistics ? statistics->events_not_uploaded : 0;
    }

    std::vector<CheckinEvent> events_of(const std::string& code) {
        auto events = m_mirror->events_of(code);
        EXPECT_TRUE(events.has_value()) << (events ? "" : events.error().message);
        return events.value_or(std::vector<CheckinEvent>{});
    }

    std::optional<DelegateRecord> find(const std::string& code) {
        return mirror_fixture::find(*m_mirror, code);
    }

    // Every event id the journal holds, uploaded or not.
    std::set<std::string> event_ids() {
        mirror_fixture::RawConnection raw(m_path);
        std::set<std::string> ids;
        sqlite3_stmt* statement = nullptr;
        EXPECT_EQ(sqlite3_prepare_v2(raw.handle(), "SELECT id FROM checkin_events", -1, &statement, nullptr),
                  SQLITE_OK);
        while (sqlite3_step(statement) == SQLITE_ROW) {
            ids.insert(reinterpret_cast<const char*>(sqlite3_column_text(statement, 0)));
        }
        sqlite3_finalize(statement);
        return ids;
    }

private:
    std::string m_name;
    std::filesystem::path m_path;
    std::string m_token;
    HubClient m_client;
    std::optional<Mirror> m_mirror;
};

// Where a fake hub's handler waits, for a hub slower than any timeout: a request that arrives is held
// until the test releases it (at its end), so no test sleeps for a fixed time and the suite is as fast as
// the code. The test can also wait until a request has arrived.
class HeldReplies {
public:
    // Called by a handler: says a request arrived, then waits until the replies are released.
    void hold() {
        std::unique_lock lock(m_mutex);
        ++m_arrived;
        m_changed.notify_all();
        m_changed.wait(lock, [this] { return m_released; });
    }
    // Waits until a request has arrived at hold(); false when none came within `timeout`.
    bool wait_for_arrival(std::chrono::milliseconds timeout) {
        std::unique_lock lock(m_mutex);
        return m_changed.wait_for(lock, timeout, [this] { return m_arrived > 0; });
    }
    // Lets every held request (and every later one) reply.
    void release() {
        const std::lock_guard lock(m_mutex);
        m_released = true;
        m_changed.notify_all();
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_changed;
    int m_arrived = 0;
    bool m_released = false;
};

// A server on a free loopback port that answers as the test tells it to. Stopping it (or destroying it)
// releases the replies its handlers hold first, so it never waits on a held handler.
class FakeHub {
public:
    FakeHub() = default;
    FakeHub(const FakeHub&) = delete;
    FakeHub& operator=(const FakeHub&) = delete;
    ~FakeHub() { stop(); }

    httplib::Server& server() { return m_server; }
    HeldReplies& held_replies() { return m_held; }

    void start() {
        m_port = m_server.bind_to_any_port("127.0.0.1");
        ASSERT_GT(m_port, 0);
        m_thread = std::thread([this] { m_server.listen_after_bind(); });
        // Until the listening thread runs: stop() before that would not stop it. (cpp-httplib 0.11 has
        // no call that waits for this.)
        while (!m_server.is_running()) {
            std::this_thread::yield();
        }
    }
    void stop() {
        m_held.release();
        m_server.stop();
        if (m_thread.joinable()) {
            m_thread.join();
        }
    }
    int port() const { return m_port; }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(m_port); }

private:
    HeldReplies m_held; // declared first: it outlives the server and its handlers
    httplib::Server m_server;
    std::thread m_thread;
    int m_port = 0;
};

// A loopback port with nothing listening on it.
inline int unused_port() {
    return test::free_loopback_port();
}

inline std::set<std::string> ids_of(const std::vector<SequencedEvent>& events) {
    std::set<std::string> ids;
    for (const auto& event : events) {
        ids.insert(event.event.id);
    }
    return ids;
}

} // namespace checkin::sync::client_fixture
