#pragma once

// A hub served in the test's process on loopback (an SQLite file in the test's folder) holding the fixture
// roster (tests/sync/mirror/mirror_fixture.hpp) with a token for one kiosk, and that kiosk's mirror holding
// the same roster: what the kiosk e2e tests that sync (find by name, health reports) start from.
// Header-only (tests).

#include "sync/hub/hub_server.hpp"
#include "sync/hub/hub_store.hpp"
#include "tests/sync/mirror/mirror_fixture.hpp"

#include <filesystem>
#include <gtest/gtest.h>
#include <memory>
#include <string>

namespace checkin::test {

struct InProcessHub {
    std::unique_ptr<sync::HubStore> store;
    std::unique_ptr<sync::HubServer> server;
    std::string kiosk_token;
};

// Fails the test with the reason and returns what was made so far when a step fails.
inline InProcessHub start_hub_and_mirror(const std::filesystem::path& folder,
                                         const std::filesystem::path& mirror_path, const std::string& kiosk) {
    InProcessHub hub;
    auto store = sync::open_sqlite_hub_store(folder / "hub.db");
    if (!store) {
        ADD_FAILURE() << store.error().message;
        return hub;
    }
    hub.store = std::move(*store);
    const auto entries = sync::mirror_fixture::fixture_entries();
    if (!hub.store->import_roster(entries, sync::mirror_fixture::serock_event())) {
        ADD_FAILURE() << "the hub did not take the fixture roster";
        return hub;
    }
    auto token = hub.store->create_token(kiosk);
    if (!token) {
        ADD_FAILURE() << token.error().message;
        return hub;
    }
    hub.kiosk_token = *token;
    auto server = sync::HubServer::start(*hub.store, sync::HubServerSettings{});
    if (!server) {
        ADD_FAILURE() << server.error().message;
        return hub;
    }
    hub.server = std::move(*server);
    auto mirror = sync::mirror_fixture::open_mirror(mirror_path);
    if (!mirror) {
        ADD_FAILURE() << "the kiosk's mirror cannot be opened";
        return hub;
    }
    sync::mirror_fixture::import(*mirror, entries);
    return hub;
}

} // namespace checkin::test
