// The hub's TLS identity: the key and certificate made with libcrypto, the pin, and the store keeping
// them. (That libcurl accepts the pin and refuses another key is tested against the real hub in
// hub_attack_test.cpp and tests/sync/client/hub_client_test.cpp.)

#include "sync/hub/hub_store.hpp"
#include "sync/hub/tls_identity.hpp"
#include "tests/sync/mirror/mirror_fixture.hpp"

#include <gtest/gtest.h>

namespace checkin::sync {
namespace {

TEST(TlsIdentity, MakesAPemCertificateAndKeyForNamesAndAddresses) {
    for (const std::string host : {"hub.local", "cafe", "127.0.0.1", "192.0.2.10", "::1", "localhost"}) {
        auto identity = make_tls_identity(host);
        ASSERT_TRUE(identity.has_value()) << host << ": " << identity.error().message;
        EXPECT_TRUE(identity->certificate_pem.starts_with("-----BEGIN CERTIFICATE-----\n")) << host;
        EXPECT_TRUE(identity->private_key_pem.starts_with("-----BEGIN PRIVATE KEY-----\n")) << host;
    }
    EXPECT_EQ(make_tls_identity("").error().kind, ErrorKind::invalid_input);
    EXPECT_EQ(make_tls_identity(std::string(65, 'a')).error().kind, ErrorKind::invalid_input);
}

TEST(TlsIdentity, ThePinIsTheKeysAndNewKeysHaveNewPins) {
    auto first = make_tls_identity("hub.local");
    auto second = make_tls_identity("hub.local");
    ASSERT_TRUE(first.has_value() && second.has_value());
    auto pin = public_key_pin(first->certificate_pem);
    ASSERT_TRUE(pin.has_value()) << pin.error().message;
    EXPECT_TRUE(pin->starts_with("sha256//"));
    EXPECT_EQ(pin->size(), 8U + 44U);
    EXPECT_TRUE(pin->ends_with("="));
    EXPECT_EQ(public_key_pin(first->certificate_pem), pin);
    EXPECT_NE(public_key_pin(second->certificate_pem), pin);

    auto garbage = public_key_pin("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
    ASSERT_FALSE(garbage.has_value());
    EXPECT_EQ(garbage.error().kind, ErrorKind::invalid_input);
    EXPECT_NE(garbage.error().message.find("cert new"), std::string::npos);
}

TEST(TlsIdentity, TheStoreKeepsOneIdentityForEveryHubOnTheFile) {
    mirror_fixture::TempDir directory;
    auto store = open_sqlite_hub_store(directory.file("hub.db"));
    ASSERT_TRUE(store.has_value()) << store.error().message;
    auto none = (*store)->tls_identity();
    ASSERT_TRUE(none.has_value()) << none.error().message;
    EXPECT_FALSE(none->has_value());

    auto first = make_tls_identity("hub.local");
    auto second = make_tls_identity("hub.local");
    ASSERT_TRUE(first.has_value() && second.has_value());
    ASSERT_TRUE((*store)->save_tls_identity(*first).has_value());
    ASSERT_TRUE((*store)->save_tls_identity(*second).has_value()); // replaces
    // Another hub instance on the same file presents the same identity.
    auto other = open_sqlite_hub_store(directory.file("hub.db"));
    ASSERT_TRUE(other.has_value()) << other.error().message;
    auto kept = (*other)->tls_identity();
    ASSERT_TRUE(kept.has_value()) << kept.error().message;
    ASSERT_TRUE(kept->has_value());
    EXPECT_EQ(**kept, *second);
}

} // namespace
} // namespace checkin::sync
