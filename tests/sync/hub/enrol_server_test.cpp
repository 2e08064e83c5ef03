// POST /api/v1/enrol on 127.0.0.1 over a real SQLite store: a one-time secret in the body, no token,
// exchanged for the kiosk's own token once; every refusal says the same sentence.

#include "sync/hub/hub_server.hpp"
#include "sync/hub/hub_store.hpp"
#include "tests/sync/mirror/mirror_fixture.hpp"

#include <gtest/gtest.h>
#include <httplib.h>
#include <memory>
#include <random>
#include <string>

namespace checkin::sync {
namespace {

using namespace mirror_fixture;

class EnrolServerTest : public testing::Test {
protected:
    void SetUp() override {
        auto opened = open_sqlite_hub_store(directory.file("hub.db"));
        ASSERT_TRUE(opened.has_value()) << opened.error().message;
        store = std::move(*opened);
        auto started = HubServer::start(*store, HubServerSettings{});
        ASSERT_TRUE(started.has_value()) << started.error().message;
        server = std::move(*started);
        client = std::make_unique<httplib::Client>("127.0.0.1", server->port());
    }
    void TearDown() override { server->stop(); }

    httplib::Result enrol(const std::string& body) {
        return client->Post("/api/v1/enrol", body, "application/json");
    }

    TempDir directory;
    std::unique_ptr<HubStore> store;
    std::unique_ptr<HubServer> server;
    std::unique_ptr<httplib::Client> client;
};

TEST_F(EnrolServerTest, ASecretBuysTheKioskItsTokenOnceWithoutABearerToken) {
    auto secret = store->create_enrolment("kiosk-5", base::now_unix_milliseconds());
    ASSERT_TRUE(secret.has_value()) << secret.error().message;

    auto answer = enrol(encode(EnrolRequest{*secret}));
    ASSERT_TRUE(answer);
    ASSERT_EQ(answer->status, 200) << answer->body;
    auto reply = decode_enrol_reply(answer->body);
    ASSERT_TRUE(reply.has_value()) << reply.error().message;
    EXPECT_EQ(reply->kiosk, "kiosk-5");
    auto health = client->Get("/api/v1/health", {{"Authorization", "Bearer " + reply->token}});
    ASSERT_TRUE(health);
    EXPECT_EQ(health->status, 200) << health->body;

    auto again = enrol(encode(EnrolRequest{*secret}));
    ASSERT_TRUE(again);
    EXPECT_EQ(again->status, 403);
    std::string unknown_secret = *secret;
    unknown_secret[0] = unknown_secret[0] == 'a' ? 'b' : 'a';
    auto unknown = enrol(encode(EnrolRequest{unknown_secret}));
    ASSERT_TRUE(unknown);
    EXPECT_EQ(unknown->status, 403);
    // A guesser cannot tell a used secret from one that never existed.
    EXPECT_EQ(unknown->body, again->body);
    EXPECT_EQ(again->body.find(*secret), std::string::npos);
}

TEST_F(EnrolServerTest, AnExpiredSecretIsRefusedLikeAnUnknownOne) {
    auto secret = store->create_enrolment("kiosk-6", base::now_unix_milliseconds() -
                                                         enrolment_validity_milliseconds - 1000);
    ASSERT_TRUE(secret.has_value()) << secret.error().message;
    auto answer = enrol(encode(EnrolRequest{*secret}));
    ASSERT_TRUE(answer);
    EXPECT_EQ(answer->status, 403);
    auto error = decode_error_reply(answer->body);
    ASSERT_TRUE(error.has_value()) << answer->body;
    EXPECT_NE(error->error.find("older than 15 minutes"), std::string::npos) << error->error;
}

TEST_F(EnrolServerTest, MalformedAndOversizedBodiesAreRefusedWithoutTouchingTheStore) {
    auto malformed = enrol("{\"secret\": 5}");
    ASSERT_TRUE(malformed);
    EXPECT_EQ(malformed->status, 400);
    auto short_secret = enrol(encode(EnrolRequest{"abc"}));
    ASSERT_TRUE(short_secret);
    EXPECT_EQ(short_secret->status, 400);
    auto oversized = enrol(std::string(4096, '{'));
    ASSERT_TRUE(oversized);
    EXPECT_EQ(oversized->status, 413);
    auto wrong_method = client->Get("/api/v1/enrol");
    ASSERT_TRUE(wrong_method);
    EXPECT_EQ(wrong_method->status, 405);
}

// Robustness: random bytes and mutations of a good body are answered 400, 403 or 413, never 5xx.
TEST_F(EnrolServerTest, RandomBodiesAreRefusedCleanly) {
    std::mt19937 random(20261205);
    const std::string good = encode(EnrolRequest{std::string(enrolment_secret_hex_digits, 'a')});
    for (int round = 0; round < 40; ++round) {
        std::string body = good;
        const int mutations = 1 + static_cast<int>(random() % 6);
        for (int mutation = 0; mutation < mutations; ++mutation) {
            const auto position = random() % (body.size() + 1);
            switch (random() % 3) {
            case 0:
                body.insert(position, 1, static_cast<char>(random() % 256));
                break;
            case 1:
                if (position < body.size()) {
                    body.erase(position, 1);
                }
                break;
            default:
                if (position < body.size()) {
                    body[position] = static_cast<char>(random() % 256);
                }
            }
        }
        auto answer = enrol(body);
        ASSERT_TRUE(answer);
        EXPECT_TRUE(answer->status == 400 || answer->status == 403 || answer->status == 413)
            << answer->status << " for round " << round;
    }
}

} // namespace
} // namespace checkin::sync
