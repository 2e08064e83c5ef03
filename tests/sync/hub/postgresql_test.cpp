// libpq wrapped once, against a real PostgreSQL 15 the test starts on loopback: parameters travel as data
// (a quote or an injection attempt is stored as it is), UTF-8 and NULL round-trip, a refused statement
// keeps PostgreSQL's words in the detail only, and an address with no server is "unavailable".

#include "sync/hub/postgresql.hpp"
#include "tests/sync/hub/postgresql_server.hpp"

#include <gtest/gtest.h>

namespace checkin::sync::postgresql {
namespace {

class PostgresqlTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        auto started = test::PostgresqlServer::start();
        ASSERT_TRUE(started.has_value()) << started.error();
        server = std::move(*started);
    }
    static void TearDownTestSuite() { server.reset(); }
    static inline std::unique_ptr<test::PostgresqlServer> server;
};

TEST_F(PostgresqlTest, ParametersAreDataAndTextRoundTrips) {
    ASSERT_TRUE(server);
    auto uri = server->create_database("wrapper_round_trip");
    ASSERT_TRUE(uri.has_value()) << uri.error();
    auto connection = Connection::open(*uri);
    ASSERT_TRUE(connection.has_value()) << connection.error().message;
    ASSERT_TRUE(
        connection->execute("CREATE TABLE people (id BIGINT PRIMARY KEY, name TEXT, note TEXT)").has_value());
    const std::string hostile = "Robert'); DROP TABLE people;--";
    auto inserted =
        connection->execute("INSERT INTO people VALUES ($1, $2, $3), ($4, $5, $6)",
                            {"1", "Łukasz Brzęczyszczykiewicz", std::nullopt, "2", hostile, "ok"});
    ASSERT_TRUE(inserted.has_value()) << inserted.error().message << ": " << inserted.error().detail;
    EXPECT_EQ(inserted->affected_rows(), 2U);
    auto rows = connection->execute("SELECT id, name, note FROM people ORDER BY id");
    ASSERT_TRUE(rows.has_value());
    ASSERT_EQ(rows->rows(), 2U);
    EXPECT_EQ(rows->integer(0, 0), 1);
    EXPECT_EQ(rows->text(0, 1), "Łukasz Brzęczyszczykiewicz");
    EXPECT_TRUE(rows->is_null(0, 2));
    EXPECT_EQ(rows->text(1, 1), hostile);
    EXPECT_EQ(rows->text(1, 2), "ok");
}

TEST_F(PostgresqlTest, ARefusedStatementSaysSoAndKeepsTheServersWordsInTheDetail) {
    ASSERT_TRUE(server);
    auto connection = Connection::open(server->uri());
    ASSERT_TRUE(connection.has_value()) << connection.error().message;
    auto refused = connection->execute("SELECT * FROM no_such_table WHERE x = $1", {"1"});
    ASSERT_FALSE(refused.has_value());
    EXPECT_EQ(refused.error().kind, ErrorKind::storage);
    EXPECT_EQ(refused.error().message, "the hub's PostgreSQL database refused a statement");
    EXPECT_NE(refused.error().detail.find("no_such_table"), std::string::npos) << refused.error().detail;
    EXPECT_FALSE(connection->last_failure_was_a_conflict());
}

TEST_F(PostgresqlTest, ASerialisationFailureIsKnownAsAConflict) {
    ASSERT_TRUE(server);
    auto uri = server->create_database("wrapper_conflict");
    ASSERT_TRUE(uri.has_value()) << uri.error();
    auto first = Connection::open(*uri);
    auto second = Connection::open(*uri);
    ASSERT_TRUE(first.has_value() && second.has_value());
    ASSERT_TRUE(first->execute("CREATE TABLE counter (value BIGINT)").has_value());
    ASSERT_TRUE(first->execute("INSERT INTO counter VALUES (0)").has_value());
    ASSERT_TRUE(first->execute("BEGIN ISOLATION LEVEL SERIALIZABLE").has_value());
    ASSERT_TRUE(second->execute("BEGIN ISOLATION LEVEL SERIALIZABLE").has_value());
    ASSERT_TRUE(first->execute("SELECT value FROM counter").has_value());
    ASSERT_TRUE(second->execute("SELECT value FROM counter").has_value());
    ASSERT_TRUE(first->execute("UPDATE counter SET value = value + 1").has_value());
    ASSERT_TRUE(first->execute("COMMIT").has_value());
    auto late = second->execute("UPDATE counter SET value = value + 1");
    ASSERT_FALSE(late.has_value());
    EXPECT_TRUE(second->last_failure_was_a_conflict()) << late.error().detail;
    ASSERT_TRUE(second->execute("ROLLBACK").has_value());
}

TEST(Postgresql, NoServerAtTheAddressIsUnavailable) {
    // Port 1 on loopback: nothing listens there.
    auto connection = Connection::open("postgresql://checkin@127.0.0.1:1/hub?connect_timeout=5");
    ASSERT_FALSE(connection.has_value());
    EXPECT_EQ(connection.error().kind, ErrorKind::unavailable);
    EXPECT_TRUE(connection.error().message.starts_with("cannot connect to PostgreSQL at 127.0.0.1:1:"))
        << connection.error().message;
}

} // namespace
} // namespace checkin::sync::postgresql
