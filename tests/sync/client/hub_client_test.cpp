// The hub client against a fake hub (cpp-httplib answering what each test needs: errors, garbage, slow
// replies) and against the real one: each way a request can fail gives its own kind and a message a
// person can act on.

#include "sync/hub/tls_identity.hpp"
#include "tests/sync/client/sync_client_fixture.hpp"

#include <atomic>
#include <chrono>
#include <httplib.h>
#include <mutex>
#include <thread>

namespace checkin::sync {
namespace {

using namespace client_fixture;
using namespace std::chrono_literals;

// A fake hub that answers every GET and POST with one status and body.
void answer_everything(FakeHub& hub, int status, const std::string& body,
                       const std::string& content_type = "application/json") {
    const auto handler = [=](const httplib::Request&, httplib::Response& response) {
        response.status = status;
        response.set_content(body, content_type);
    };
    hub.server().Get(".*", handler);
    hub.server().Post(".*", handler);
}

// A well-formed pin that no key has.
const std::string unknown_pin = "sha256//" + std::string(43, 'A') + "=";

HubClient client_for(const std::string& url, std::chrono::milliseconds request_timeout = 15s,
                     const std::string& pin = {}) {
    HubClientSettings settings;
    settings.base_url = url;
    settings.token = "a-token";
    settings.pin = pin;
    settings.request_timeout = request_timeout;
    auto client = HubClient::create(std::move(settings));
    if (!client) {
        ADD_FAILURE() << client.error().message;
        std::abort();
    }
    return std::move(*client);
}

Result<HubClient> create_client(const std::string& url, const std::string& token) {
    HubClientSettings settings;
    settings.base_url = url;
    settings.token = token;
    return HubClient::create(std::move(settings));
}

TEST(HubClientSettings, RefusesAddressesAndTokensItCannotUse) {
    for (const auto* address :
         {"", "hub.local:8080", "ftp://hub.local", "http://", "http://hub local:8080"}) {
        auto client = create_client(address, "t");
        ASSERT_FALSE(client.has_value()) << address;
        EXPECT_EQ(client.error().kind, ErrorKind::invalid_input);
        EXPECT_NE(client.error().message.find("http://hub.local:8470"), std::string::npos)
            << client.error().message;
    }
    auto no_token = create_client("http://127.0.0.1:1", "");
    ASSERT_FALSE(no_token.has_value());
    EXPECT_NE(no_token.error().message.find("kiosk-hub token new"), std::string::npos);
    // A line break in a token would smuggle a header into every request.
    auto broken = create_client("http://127.0.0.1:1", "abc\r\nX-Admin: 1");
    ASSERT_FALSE(broken.has_value());
    EXPECT_EQ(broken.error().kind, ErrorKind::invalid_input);
}

TEST(HubClient, SendsTheTokenAndEscapesTheRosterCursor) {
    FakeHub hub;
    std::mutex mutex;
    std::string authorization;
    std::string after;
    std::string since;
    std::string limit;
    hub.server().Get("/api/v1/roster", [&](const httplib::Request& request, httplib::Response& response) {
        const std::lock_guard lock(mutex);
        authorization = request.get_header_value("Authorization");
        after = request.get_param_value("after");
        since = request.get_param_value("since");
        limit = request.get_param_value("limit");
        RosterPage page;
        page.roster_version = 4;
        response.set_content(encode(page), "application/json");
    });
    hub.start();
    // A trailing slash on the address is ignored.
    auto client = client_for(hub.url() + "/");
    auto page = client.roster(RosterCursor{3, "CWD-A&B C"}, 250);
    ASSERT_TRUE(page.has_value()) << page.error().message;
    EXPECT_EQ(page->roster_version, 4);
    const std::lock_guard lock(mutex);
    EXPECT_EQ(authorization, "Bearer a-token");
    EXPECT_EQ(after, "CWD-A&B C");
    EXPECT_EQ(since, "3");
    EXPECT_EQ(limit, "250");
}

TEST(HubClient, NothingListeningIsOffline) {
    auto client = client_for("http://127.0.0.1:" + std::to_string(unused_port()));
    auto health = client.health();
    ASSERT_FALSE(health.has_value());
    EXPECT_EQ(health.error().kind, ErrorKind::io);
    EXPECT_TRUE(health.error().message.starts_with("offline: cannot reach the hub at http://127.0.0.1:"))
        << health.error().message;
    EXPECT_EQ(client.last_failure(), HubFailure::offline);
    EXPECT_FALSE(reached_hub(client.last_failure()));
}

TEST(HubClient, AnUnknownHostIsOffline) {
    // .invalid never resolves (RFC 2606).
    auto client = client_for("https://kiosk-hub.invalid:8443", 15s, unknown_pin);
    auto health = client.health();
    ASSERT_FALSE(health.has_value());
    EXPECT_EQ(health.error().kind, ErrorKind::io);
    EXPECT_TRUE(health.error().message.starts_with("offline")) << health.error().message;
    EXPECT_EQ(client.last_failure(), HubFailure::offline);
}

TEST(HubClient, AHubThatDoesNotAnswerInTimeIsOffline) {
    FakeHub hub;
    // The reply is held until the test ends (the hub's stop releases it): slower than any timeout.
    hub.server().Get("/api/v1/health", [&hub](const httplib::Request&, httplib::Response& response) {
        hub.held_replies().hold();
        response.set_content(encode(HealthReply{}), "application/json");
    });
    hub.start();
    auto client = client_for(hub.url(), 300ms);
    const auto started = std::chrono::steady_clock::now();
    auto health = client.health();
    const auto waited = std::chrono::steady_clock::now() - started;
    ASSERT_FALSE(health.has_value());
    EXPECT_EQ(health.error().kind, ErrorKind::io);
    EXPECT_TRUE(health.error().message.starts_with("offline: the hub at " + hub.url() +
                                                   " did not answer GET /api/v1/health within 0.3 s"))
        << health.error().message;
    EXPECT_EQ(client.last_failure(), HubFailure::offline);
    EXPECT_LT(waited, 1200ms);
}

TEST(HubClient, ACancelledRequestEndsAtOnce) {
    FakeHub hub;
    // The reply is held until the test ends (the hub's stop releases it): slower than any timeout.
    hub.server().Get("/api/v1/health", [&hub](const httplib::Request&, httplib::Response& response) {
        hub.held_replies().hold();
        response.set_content(encode(HealthReply{}), "application/json");
    });
    hub.start();
    const auto started = std::chrono::steady_clock::now();
    HubClientSettings settings;
    settings.base_url = hub.url();
    settings.token = "a-token";
    settings.cancelled = [&] {
        return std::chrono::steady_clock::now() - started > 200ms;
    };
    auto client = HubClient::create(std::move(settings));
    ASSERT_TRUE(client.has_value());
    auto health = client->health();
    ASSERT_FALSE(health.has_value());
    EXPECT_EQ(client->last_failure(), HubFailure::cancelled);
    EXPECT_EQ(health.error().message, "the sync was stopped");
    EXPECT_LT(std::chrono::steady_clock::now() - started, 1000ms);
}

TEST(HubClient, A401AsksForANewToken) {
    FakeHub hub;
    answer_everything(hub, 401, encode(ErrorReply{"unknown token"}));
    hub.start();
    auto client = client_for(hub.url());
    auto page = client.events(0, 10);
    ASSERT_FALSE(page.has_value());
    EXPECT_EQ(page.error().kind, ErrorKind::invalid_input);
    EXPECT_EQ(page.error().message,
              "the hub refused this kiosk's token — make a new one with kiosk-hub token new");
    EXPECT_EQ(client.last_failure(), HubFailure::refused_token);
    EXPECT_TRUE(reached_hub(client.last_failure()));
}

TEST(HubClient, OtherHttpErrorsCarryTheHubsExplanation) {
    FakeHub hub;
    hub.server().Get("/api/v1/stats", [](const httplib::Request&, httplib::Response& response) {
        response.status = 500;
        response.set_content(encode(ErrorReply{"the hub's database is full"}), "application/json");
    });
    hub.server().Post("/api/v1/events", [](const httplib::Request&, httplib::Response& response) {
        response.status = 400;
        response.set_content(encode(ErrorReply{"events[0].day: not a date"}), "application/json");
    });
    hub.start();
    auto client = client_for(hub.url());

    auto statistics = client.statistics();
    ASSERT_FALSE(statistics.has_value());
    EXPECT_EQ(statistics.error().kind, ErrorKind::io);
    EXPECT_EQ(statistics.error().message, "the hub failed to answer GET /api/v1/stats (HTTP 500): the hub's "
                                          "database is full; see the hub's log");
    EXPECT_EQ(client.last_failure(), HubFailure::hub_failed);

    auto pushed = client.push(PushRequest{"kiosk-a", {}, {}});
    ASSERT_FALSE(pushed.has_value());
    EXPECT_EQ(pushed.error().kind, ErrorKind::invalid_input);
    EXPECT_EQ(pushed.error().message,
              "the hub refused POST /api/v1/events (HTTP 400): events[0].day: not a date");
    EXPECT_EQ(client.last_failure(), HubFailure::refused_request);

    // Not a hub at all: nothing is routed, so everything is 404.
    auto health = client.health();
    ASSERT_FALSE(health.has_value());
    EXPECT_EQ(health.error().kind, ErrorKind::not_found);
    EXPECT_TRUE(health.error().message.starts_with(hub.url() + " has no GET /api/v1/health (HTTP 404"))
        << health.error().message;
    EXPECT_EQ(client.last_failure(), HubFailure::not_a_hub);
}

TEST(HubClient, AProxysHtmlErrorPageIsQuotedNotParsed) {
    FakeHub hub;
    answer_everything(hub, 502, "<html><body>Bad Gateway</body></html>", "text/html");
    hub.start();
    auto client = client_for(hub.url());
    auto health = client.health();
    ASSERT_FALSE(health.has_value());
    EXPECT_EQ(health.error().kind, ErrorKind::io);
    EXPECT_NE(health.error().message.find("HTTP 502): <html><body>Bad Gateway"), std::string::npos)
        << health.error().message;
}

TEST(HubClient, MalformedRepliesAreNamed) {
    FakeHub hub;
    hub.server().Get("/api/v1/health", [](const httplib::Request&, httplib::Response& response) {
        response.set_content("this is not JSON", "text/plain");
    });
    hub.server().Get("/api/v1/events", [](const httplib::Request&, httplib::Response& response) {
        response.set_content(R"({"events": "none", "last_sequence": 0, "more": false})", "application/json");
    });
    hub.server().Get("/api/v1/stats", [](const httplib::Request&, httplib::Response& response) {
        response.status = 302;
        response.set_header("Location", "/login");
    });
    hub.start();
    auto client = client_for(hub.url());

    auto health = client.health();
    ASSERT_FALSE(health.has_value());
    EXPECT_EQ(health.error().kind, ErrorKind::invalid_input);
    EXPECT_TRUE(health.error().message.starts_with("the hub's reply to GET /api/v1/health is not what this "
                                                   "kiosk understands (the message is not JSON)"))
        << health.error().message;
    EXPECT_EQ(client.last_failure(), HubFailure::malformed_reply);

    auto page = client.events(0, 10);
    ASSERT_FALSE(page.has_value());
    EXPECT_NE(page.error().message.find("events: not an array"), std::string::npos) << page.error().message;

    auto statistics = client.statistics();
    ASSERT_FALSE(statistics.has_value());
    EXPECT_NE(statistics.error().message.find("HTTP 302"), std::string::npos) << statistics.error().message;
    EXPECT_EQ(client.last_failure(), HubFailure::malformed_reply);
}

TEST(HubClient, TalksToTheRealHub) {
    mirror_fixture::TempDir directory;
    TestHub hub;
    auto client = make_client(hub.url(), hub.token_for("kiosk-a"));
    auto health = client.health();
    ASSERT_TRUE(health.has_value()) << health.error().message;
    EXPECT_EQ(health->status, "ok");
    EXPECT_EQ(health->kiosk, "kiosk-a");
    EXPECT_GT(health->roster_version, 0);
    EXPECT_EQ(health->last_sequence, 0);

    auto page = client.roster(RosterCursor{}, 100);
    ASSERT_TRUE(page.has_value()) << page.error().message;
    EXPECT_EQ(page->delegates.size(), 100U);
    ASSERT_TRUE(page->next.has_value());
    EXPECT_EQ(page->event.name, serock_event().name);

    auto statistics = client.statistics();
    ASSERT_TRUE(statistics.has_value()) << statistics.error().message;
    EXPECT_EQ(statistics->delegates, mirror_fixture::fixture_size);
    EXPECT_EQ(statistics->events, 0U);

    auto events = client.events(0, 10);
    ASSERT_TRUE(events.has_value()) << events.error().message;
    EXPECT_TRUE(events->events.empty());
    EXPECT_FALSE(events->more);
}

// ---- TLS with a pinned key ----------------------------------------------------------------------------

TEST(HubClientSettings, AnHttpsHubNeedsAPinAndPlainHttpOnlyReachesLoopback) {
    HubClientSettings settings;
    settings.token = "a-token";
    settings.base_url = "https://hub.example:8470";
    auto no_pin = HubClient::create(settings);
    ASSERT_FALSE(no_pin.has_value());
    EXPECT_EQ(no_pin.error().kind, ErrorKind::invalid_input);
    EXPECT_NE(no_pin.error().message.find("[sync] hub_pin"), std::string::npos) << no_pin.error().message;
    EXPECT_NE(no_pin.error().message.find("--pin"), std::string::npos) << no_pin.error().message;

    for (const std::string& pin : {std::string("sha256//short="), "sha1//" + std::string(43, 'A') + "=",
                                   std::string(51, 'A'), "sha256//" + std::string(42, 'A') + "!="}) {
        settings.pin = pin;
        auto malformed = HubClient::create(settings);
        ASSERT_FALSE(malformed.has_value()) << pin;
        EXPECT_NE(malformed.error().message.find("is not a pin"), std::string::npos)
            << malformed.error().message;
    }
    settings.pin = unknown_pin;
    EXPECT_TRUE(HubClient::create(settings).has_value());

    settings.pin.clear();
    for (const std::string address : {"http://192.0.2.1:8470", "http://hub.local",
                                      "http://[2001:db8::1]:8470", "http://127.0.0.1.example.com"}) {
        settings.base_url = address;
        auto clear = HubClient::create(settings);
        ASSERT_FALSE(clear.has_value()) << address;
        EXPECT_NE(clear.error().message.find("in clear"), std::string::npos) << clear.error().message;
    }
    for (const std::string address : {"http://127.0.0.1:8470", "http://localhost:1/", "http://[::1]:8470"}) {
        settings.base_url = address;
        EXPECT_TRUE(HubClient::create(settings).has_value()) << address;
    }
}

// The real hub over HTTPS with its own self-signed certificate, on 127.0.0.1.
class PinnedHub {
public:
    PinnedHub() {
        auto opened = open_sqlite_hub_store(m_directory.file("hub.db"));
        EXPECT_TRUE(opened.has_value()) << (opened ? "" : opened.error().message);
        m_store = std::move(*opened);
        auto identity = make_tls_identity("127.0.0.1");
        EXPECT_TRUE(identity.has_value()) << (identity ? "" : identity.error().message);
        auto made_pin = public_key_pin(identity->certificate_pem);
        EXPECT_TRUE(made_pin.has_value());
        pin = *made_pin;
        HubServerSettings settings;
        settings.tls = *identity;
        settings.request_log = [this](const RequestLogEntry& entry) {
            std::lock_guard lock(m_mutex);
            m_log.push_back(entry);
        };
        auto started = HubServer::start(*m_store, settings);
        EXPECT_TRUE(started.has_value()) << (started ? "" : started.error().message);
        m_server = std::move(*started);
        auto made_token = m_store->create_token("kiosk-a");
        token = made_token.value_or("");
    }

    std::string url() const { return "https://127.0.0.1:" + std::to_string(m_server->port()); }
    // Every request the hub answered, once it has stopped.
    std::vector<RequestLogEntry> stop_and_read_log() {
        m_server->stop();
        std::lock_guard lock(m_mutex);
        return m_log;
    }

    std::string pin;
    std::string token;

private:
    mirror_fixture::TempDir m_directory;
    std::unique_ptr<HubStore> m_store;
    std::unique_ptr<HubServer> m_server;
    std::mutex m_mutex;
    std::vector<RequestLogEntry> m_log;
};

TEST(HubClient, TalksToAPinnedHubOverHttps) {
    PinnedHub hub;
    HubClientSettings settings;
    settings.base_url = hub.url();
    settings.token = hub.token;
    settings.pin = hub.pin;
    auto client = HubClient::create(settings);
    ASSERT_TRUE(client.has_value()) << client.error().message;
    auto health = client->health();
    ASSERT_TRUE(health.has_value()) << health.error().message;
    EXPECT_EQ(health->kiosk, "kiosk-a");
    auto again = client->statistics(); // the same TLS connection, kept
    ASSERT_TRUE(again.has_value()) << again.error().message;
    const auto log = hub.stop_and_read_log();
    ASSERT_EQ(log.size(), 2U);
    EXPECT_EQ(log[0].status, 200);
}

// libcurl checks the pin although certificate verification is off (the certificate is self-signed): a key
// other than the pinned one ends the connection in the handshake, before the request and its token go out.
TEST(HubClient, AHubWhoseKeyIsNotThePinIsRefusedWithNothingSent) {
    PinnedHub hub;
    auto impostor = make_tls_identity("127.0.0.1");
    ASSERT_TRUE(impostor.has_value());
    auto other_pin = public_key_pin(impostor->certificate_pem);
    ASSERT_TRUE(other_pin.has_value());
    ASSERT_NE(*other_pin, hub.pin);
    for (const std::string& pin : {*other_pin, unknown_pin}) {
        auto client = client_for(hub.url(), 15s, pin);
        auto health = client.health();
        ASSERT_FALSE(health.has_value());
        EXPECT_EQ(client.last_failure(), HubFailure::wrong_pin);
        EXPECT_EQ(health.error().kind, ErrorKind::refused);
        EXPECT_NE(health.error().message.find("does not match the pin"), std::string::npos)
            << health.error().message;
        EXPECT_NE(health.error().message.find("impostor"), std::string::npos) << health.error().message;
        EXPECT_FALSE(reached_hub(client.last_failure()));
        PushRequest push{"kiosk-a", {}, {}};
        EXPECT_FALSE(client.push(push).has_value());
        EXPECT_EQ(client.last_failure(), HubFailure::wrong_pin);
    }
    EXPECT_TRUE(hub.stop_and_read_log().empty())
        << "the hub received a request from a client that refused it";
}

} // namespace
} // namespace checkin::sync
