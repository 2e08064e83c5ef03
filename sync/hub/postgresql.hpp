#pragma once

// libpq, wrapped once: a connection and a query result as owners of their C handles, and parameterised
// statements with text parameters (never SQL built from values). The PostgreSQL hub store is written on
// these; nothing else in the tree talks to libpq.

#include "sync/roster/error.hpp"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

struct pg_conn;
struct pg_result;

namespace checkin::sync::postgresql {

// One statement parameter as text (PostgreSQL converts it to the column's type); nullopt is NULL.
using Parameter = std::optional<std::string>;

class QueryResult {
public:
    QueryResult() = default;
    explicit QueryResult(pg_result* result);

    std::size_t rows() const;
    bool is_null(std::size_t row, std::size_t column) const;
    std::string text(std::size_t row, std::size_t column) const;
    std::int64_t integer(std::size_t row, std::size_t column) const; // 0 for NULL or a non-number
    std::size_t affected_rows() const;                               // INSERT/UPDATE/DELETE: how many rows

private:
    struct Deleter {
        void operator()(pg_result* result) const;
    };
    std::unique_ptr<pg_result, Deleter> m_result;
};

class Connection {
public:
    // Connects with a libpq connection string or URI ("postgresql://user@127.0.0.1:5433/hub"). Fails with
    // ErrorKind::unavailable naming the server (never the password) when it cannot connect.
    static Result<Connection> open(const std::string& connection_string);

    // Runs one statement with $1, $2, … bound to `parameters`. Errors keep PostgreSQL's message in the
    // error's detail and a sentence in its message: ErrorKind::storage.
    Result<QueryResult> execute(std::string_view sql, const std::vector<Parameter>& parameters = {});
    // Runs several statements without parameters in one round trip (a migration's script).
    Result<void> execute_script(std::string_view sql);
    // Whether the last failure was a serialisation failure or deadlock (SQLSTATE 40001/40P01), which a
    // caller retries.
    bool last_failure_was_a_conflict() const { return m_last_failure_conflict; }
    // Whether the connection still works (false after the server went away): a pool drops such a one.
    bool is_healthy() const;

private:
    struct Deleter {
        void operator()(pg_conn* connection) const;
    };
    explicit Connection(pg_conn* connection);
    std::unique_ptr<pg_conn, Deleter> m_connection;
    bool m_last_failure_conflict = false;
};

// A transaction that rolls back unless committed, so every early return of a failed step leaves the
// connection clean for its next user.
class Transaction {
public:
    // `begin_sql` chooses the kind: "BEGIN", or "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY".
    static Result<Transaction> begin(Connection& connection, std::string_view begin_sql = "BEGIN");
    Transaction(Transaction&& other) noexcept : m_connection(std::exchange(other.m_connection, nullptr)) {}
    Transaction& operator=(Transaction&&) = delete;
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    ~Transaction();

    Result<void> commit();

private:
    explicit Transaction(Connection& connection) : m_connection(&connection) {}
    Connection* m_connection; // null once committed or rolled back
};

// A PostgreSQL array literal ('{"a","b"}') of texts, for one parameter that carries a whole column of a
// batch (unnest($1::text[])): one round trip instead of one per row. Quotes and backslashes are escaped,
// so every text arrives as it is; nullopt elements are NULL.
std::string text_array(const std::vector<std::optional<std::string>>& values);
std::string text_array(const std::vector<std::string>& values);
std::string integer_array(const std::vector<std::int64_t>& values);

} // namespace checkin::sync::postgresql
