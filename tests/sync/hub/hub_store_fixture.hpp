#pragma once

// What the hub store tests share: events, undos and walk-ins made to order, and where a test's store
// lives — an SQLite file in the test's folder, or a fresh database on a PostgreSQL server that the test
// process starts once, on first use, on loopback (postgresql_server.hpp), and stops at its end.

#include "sync/hub/hub_store.hpp"
#include "sync/hub/postgresql.hpp"
#include "tests/sync/hub/postgresql_server.hpp"
#include "tests/sync/mirror/mirror_fixture.hpp"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <expected>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <mutex>
#include <string>
#include <string_view>

namespace checkin::sync::hub_store_fixture {

using namespace mirror_fixture;

inline std::string lowercase(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

inline CheckinEvent event_for(std::string_view code, std::string id, std::string kiosk, Day day = first_day,
                              EventKind kind = EventKind::checkin) {
    CheckinEvent event;
    event.id = std::move(id);
    event.delegate_code = std::string(code);
    event.kind = kind;
    event.at_milliseconds = utc_milliseconds(day, 8, 30);
    event.day = day;
    event.kiosk_id = std::move(kiosk);
    event.operator_name = "self-service";
    return event;
}

inline CheckinEvent undo_of(const CheckinEvent& checkin, std::string id) {
    CheckinEvent undo = checkin;
    undo.id = std::move(id);
    undo.kind = EventKind::undo;
    undo.at_milliseconds += 60'000;
    undo.operator_name = "Anna";
    undo.reason = "wrong person";
    undo.undoes = checkin.id;
    return undo;
}

inline Delegate walk_in(std::string code, std::string first_name) {
    Delegate delegate;
    delegate.code = std::move(code);
    delegate.first_name = std::move(first_name);
    delegate.last_name = "Nowak";
    delegate.role = "uczestnik";
    delegate.origin = DelegateOrigin::walk_in;
    return delegate;
}

// The test process's PostgreSQL server, started on the first call; the message says why it could not be.
inline std::expected<test::PostgresqlServer*, std::string> shared_postgresql_server() {
    static std::once_flag started;
    static std::unique_ptr<test::PostgresqlServer> server;
    static std::string failure;
    std::call_once(started, [] {
        auto made = test::PostgresqlServer::start();
        if (made) {
            server = std::move(*made);
        } else {
            failure = made.error();
        }
    });
    if (!server) {
        return std::unexpected(failure);
    }
    return server.get();
}

// A new empty database on the shared server, as a URI.
inline std::expected<std::string, std::string> fresh_postgresql_database() {
    auto server = shared_postgresql_server();
    if (!server) {
        return std::unexpected(server.error());
    }
    static std::atomic<int> made = 0;
    const std::string name = fmt::format("hub_test_{}", ++made);
    auto connection = postgresql::Connection::open((*server)->uri());
    if (!connection) {
        return std::unexpected(connection.error().message);
    }
    if (auto created = connection->execute(fmt::format("CREATE DATABASE {}", name)); !created) {
        return std::unexpected(created.error().detail);
    }
    return (*server)->uri(name);
}

// The stores the parameterised tests run on.
inline constexpr std::string_view sqlite_backend = "sqlite";
inline constexpr std::string_view postgresql_backend = "postgresql";

inline std::string backend_name(const testing::TestParamInfo<std::string_view>& info) {
    return std::string(info.param);
}

// Where a test's store lives on `backend`: a file in `directory`, or a fresh PostgreSQL database.
inline std::expected<std::string, std::string> store_location(std::string_view backend,
                                                              const TempDir& directory) {
    if (backend == postgresql_backend) {
        return fresh_postgresql_database();
    }
    return directory.file("hub.db").string();
}

// The first column of the first row of `sql`, read past the store, on either backend.
inline std::int64_t raw_integer(std::string_view backend, const std::string& location,
                                const std::string& sql) {
    if (backend == postgresql_backend) {
        auto connection = postgresql::Connection::open(location);
        EXPECT_TRUE(connection.has_value());
        if (!connection) {
            return -1;
        }
        auto result = connection->execute(sql);
        EXPECT_TRUE(result.has_value()) << (result ? "" : result.error().detail);
        return result ? result->integer(0, 0) : -1;
    }
    RawConnection raw(location);
    return raw.integer(sql);
}

// What the purge tests put on a hub before purging it: a check-in for every fourth delegate of the
// fixture roster and a walk-in, checked in, pushed by kiosk-1 on the first day.
inline PushRequest purge_fixture_push(const std::vector<FixtureRow>& rows) {
    std::vector<CheckinEvent> events;
    for (std::size_t index = 0; index < rows.size(); index += 4) {
        events.push_back(new_event(EventKind::checkin, rows[index].code, utc_milliseconds(first_day, 9, 0),
                                   first_day, "kiosk-1", ""));
    }
    Delegate walk_in;
    walk_in.code = "W-PXRGE234";
    walk_in.first_name = "Zdzisława";
    walk_in.last_name = "Wyczyszczalska";
    walk_in.origin = DelegateOrigin::walk_in;
    walk_in.role = "uczestnik";
    events.push_back(new_event(EventKind::checkin, walk_in.code, utc_milliseconds(first_day, 9, 30),
                               first_day, "kiosk-1", ""));
    return PushRequest{"kiosk-1", std::move(events), {walk_in}};
}

// What a purged hub's files must not hold: every code and e-mail of `rows`, the walk-in's code and surname,
// and the surnames at least `shortest_surname` bytes long that are not part of a group name the purge keeps
// on purpose ("Partnerstwo Mazur Południowych"), which cannot be told apart from it.
inline std::vector<std::string> purge_fixture_needles(const std::vector<FixtureRow>& rows,
                                                      std::size_t shortest_surname) {
    std::vector<std::string> needles{"W-PXRGE234", "Wyczyszczalska"};
    std::string kept_groups;
    for (const auto& row : rows) {
        kept_groups += row.role + '|' + row.voivodeship + '|' + row.partnership + '|';
    }
    for (const auto& row : rows) {
        needles.insert(needles.end(), {row.code, row.email});
        if (kept_groups.find(row.last_name) == std::string::npos &&
            row.last_name.size() >= shortest_surname) {
            needles.push_back(row.last_name);
        }
    }
    return needles;
}

} // namespace checkin::sync::hub_store_fixture
