#pragma once

// The one place that owns SQLite's C handles. `Database` and `Statement` wrap `sqlite3*` and
// `sqlite3_stmt*` with unique_ptr deleters; every call that can fail returns a Result whose message
// carries SQLite's own explanation, so callers never inspect return codes.

#include "sync/roster/error.hpp"

#include <array>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace checkin::sync::sqlite {

struct DatabaseCloser {
    void operator()(sqlite3* handle) const noexcept;
};
struct StatementFinalizer {
    void operator()(sqlite3_stmt* handle) const noexcept;
};

enum class Step { row, done };

class Statement {
public:
    explicit Statement(std::unique_ptr<sqlite3_stmt, StatementFinalizer> handle)
        : m_handle(std::move(handle)) {}

    // Binding: parameters are 1-based, as in SQLite. A binding that fails (an index the statement does
    // not have) is remembered and reported by the next step(), so chains of binds stay readable.
    Statement& bind(int index, std::string_view text);
    Statement& bind(int index, std::int64_t number);
    Statement& bind_null(int index);
    Statement& bind_blob(int index, std::string_view bytes);

    // Runs one step: `row` when a result row is ready, `done` at the end.
    Result<Step> step();
    // Steps until done, for statements that return no rows.
    Result<void> run();
    // Steps through every row, calling `on_row` with this statement positioned on it, then resets.
    Result<void> for_each_row(const std::function<void(const Statement& row)>& on_row);
    // Resets so the statement can run again with new bindings (bindings are cleared).
    void reset();

    std::string text(int column) const; // "" for NULL
    // The column's bytes, valid until the next step or reset; empty for NULL.
    std::string_view blob(int column) const;
    std::optional<std::string> optional_text(int column) const;
    std::int64_t integer(int column) const;
    bool is_null(int column) const;

private:
    void remember_bind_result(int code, int index);

    std::unique_ptr<sqlite3_stmt, StatementFinalizer> m_handle;
    std::string m_bind_error;
};

enum class OpenMode { read_write_create, read_only };

class Database {
public:
    // Opens (and with read_write_create creates, mode 0600) the database file and applies the durability
    // settings every connection needs: WAL, synchronous=FULL, foreign keys, a busy timeout.
    static Result<Database> open(const std::filesystem::path& path, OpenMode mode);

    Result<Statement> prepare(std::string_view sql);
    // Runs one or more statements that return no rows.
    Result<void> execute(std::string_view sql);
    std::int64_t changes() const;
    std::int64_t last_insert_id() const;
    std::string last_error() const;
    sqlite3* handle() const { return m_handle.get(); }

    // Transaction control through statements prepared once: a look-up by code is a few microseconds,
    // and parsing "BEGIN" and "COMMIT" each time would be a noticeable share of it.
    enum class Control { begin, begin_immediate, commit, rollback };
    Result<void> run(Control control);

private:
    explicit Database(std::unique_ptr<sqlite3, DatabaseCloser> handle) : m_handle(std::move(handle)) {}
    // Declared first so it is destroyed last: the cached statements are finalised before the close.
    std::unique_ptr<sqlite3, DatabaseCloser> m_handle;
    std::array<std::optional<Statement>, 4> m_control_statements;
};

// Statements prepared once per connection and reset before each use, by their SQL: preparing costs more
// than a look-up by code. Declare it after the Database it prepares on, so it is destroyed (its statements
// finalised) first.
class StatementCache {
public:
    Result<Statement*> get(Database& database, std::string_view sql);

private:
    std::map<std::string, Statement, std::less<>> m_statements;
};

// A transaction that rolls back unless committed. `immediate` takes the write lock at once, so the
// reads inside it cannot go stale before the write (a check-in reads, decides, then appends).
enum class TransactionKind { deferred, immediate };

class Transaction {
public:
    static Result<Transaction> begin(Database& database, TransactionKind kind);
    Transaction(Transaction&& other) noexcept : m_database(other.m_database) { other.m_database = nullptr; }
    Transaction& operator=(Transaction&&) = delete;
    Transaction(const Transaction&) = delete;
    ~Transaction();
    Result<void> commit();

private:
    explicit Transaction(Database& database) : m_database(&database) {}
    Database* m_database;
};

} // namespace checkin::sync::sqlite
