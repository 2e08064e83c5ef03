// libpq wrapped once (postgresql.hpp).

#include "sync/hub/postgresql.hpp"

#include <charconv>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <libpq-fe.h>

namespace checkin::sync::postgresql {

namespace {

// "host=… port=…" or a URI, without the password, for messages.
std::string server_of(pg_conn* connection) {
    if (connection == nullptr) {
        return "the server";
    }
    const char* host = PQhost(connection);
    const char* port = PQport(connection);
    return fmt::format("{}:{}", host != nullptr ? host : "?", port != nullptr ? port : "?");
}

std::string first_line(const char* text) {
    std::string line = text != nullptr ? text : "";
    if (const auto end = line.find('\n'); end != std::string::npos) {
        line.resize(end);
    }
    return line;
}

} // namespace

void QueryResult::Deleter::operator()(pg_result* result) const {
    PQclear(result);
}

QueryResult::QueryResult(pg_result* result) : m_result(result) {}

std::size_t QueryResult::rows() const {
    return m_result ? static_cast<std::size_t>(PQntuples(m_result.get())) : 0;
}

bool QueryResult::is_null(std::size_t row, std::size_t column) const {
    return !m_result || PQgetisnull(m_result.get(), static_cast<int>(row), static_cast<int>(column)) != 0;
}

std::string QueryResult::text(std::size_t row, std::size_t column) const {
    if (is_null(row, column)) {
        return {};
    }
    const int length = PQgetlength(m_result.get(), static_cast<int>(row), static_cast<int>(column));
    return {PQgetvalue(m_result.get(), static_cast<int>(row), static_cast<int>(column)),
            static_cast<std::size_t>(length)};
}

std::int64_t QueryResult::integer(std::size_t row, std::size_t column) const {
    const std::string value = text(row, column);
    std::int64_t number = 0;
    std::from_chars(value.data(), value.data() + value.size(), number);
    return number;
}

std::size_t QueryResult::affected_rows() const {
    if (!m_result) {
        return 0;
    }
    const std::string count = PQcmdTuples(m_result.get());
    std::size_t number = 0;
    std::from_chars(count.data(), count.data() + count.size(), number);
    return number;
}

void Connection::Deleter::operator()(pg_conn* connection) const {
    PQfinish(connection);
}

Connection::Connection(pg_conn* connection) : m_connection(connection) {}

Result<Connection> Connection::open(const std::string& connection_string) {
    pg_conn* raw = PQconnectdb(connection_string.c_str());
    Connection connection(raw);
    if (raw == nullptr || PQstatus(raw) != CONNECTION_OK) {
        return fail(Error(ErrorKind::unavailable,
                          fmt::format("cannot connect to PostgreSQL at {}: {}", server_of(raw),
                                      first_line(raw != nullptr ? PQerrorMessage(raw) : "out of memory"))));
    }
    // The server's notices ("relation … already exists, skipping") would go to stderr unasked; the hub
    // reports what it needs through its errors.
    PQsetNoticeProcessor(
        raw, [](void*, const char*) {}, nullptr);
    // The hub's texts are UTF-8, and times are compared as numbers: nothing depends on the server's locale.
    if (PQsetClientEncoding(raw, "UTF8") != 0) {
        return fail(Error(ErrorKind::storage, "PostgreSQL refused the UTF8 client encoding"));
    }
    return connection;
}

Result<QueryResult> Connection::execute(std::string_view sql, const std::vector<Parameter>& parameters) {
    std::vector<const char*> values;
    values.reserve(parameters.size());
    for (const auto& parameter : parameters) {
        values.push_back(parameter ? parameter->c_str() : nullptr);
    }
    const std::string statement(sql);
    pg_result* raw = PQexecParams(m_connection.get(), statement.c_str(), static_cast<int>(values.size()),
                                  nullptr, values.data(), nullptr, nullptr, 0);
    QueryResult result(raw); // owns it from here, whatever follows
    const ExecStatusType status = raw != nullptr ? PQresultStatus(raw) : PGRES_FATAL_ERROR;
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
        const char* state = raw != nullptr ? PQresultErrorField(raw, PG_DIAG_SQLSTATE) : nullptr;
        const std::string_view code = state != nullptr ? state : "";
        m_last_failure_conflict = code == "40001" || code == "40P01";
        Error error(ErrorKind::storage, "the hub's PostgreSQL database refused a statement");
        error.detail =
            first_line(raw != nullptr ? PQresultErrorMessage(raw) : PQerrorMessage(m_connection.get()));
        return fail(std::move(error));
    }
    m_last_failure_conflict = false;
    return result;
}

Result<void> Connection::execute_script(std::string_view sql) {
    const std::string script(sql);
    // PQexec runs every statement and returns the last result, or the first error's (where it stopped).
    pg_result* raw = PQexec(m_connection.get(), script.c_str());
    QueryResult result(raw);
    const ExecStatusType status = raw != nullptr ? PQresultStatus(raw) : PGRES_FATAL_ERROR;
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
        Error error(ErrorKind::storage, "the hub's PostgreSQL database refused a script");
        error.detail =
            first_line(raw != nullptr ? PQresultErrorMessage(raw) : PQerrorMessage(m_connection.get()));
        return fail(std::move(error));
    }
    return {};
}

bool Connection::is_healthy() const {
    return m_connection && PQstatus(m_connection.get()) == CONNECTION_OK;
}

Result<Transaction> Transaction::begin(Connection& connection, std::string_view begin_sql) {
    if (auto begun = connection.execute(begin_sql); !begun) {
        return fail(begun.error());
    }
    return Transaction(connection);
}

Transaction::~Transaction() {
    if (m_connection != nullptr) {
        // A failed rollback leaves a broken connection, which the pool notices and drops.
        (void)m_connection->execute("ROLLBACK");
    }
}

Result<void> Transaction::commit() {
    Connection* connection = std::exchange(m_connection, nullptr);
    if (connection == nullptr) {
        return fail(Error(ErrorKind::storage, "the transaction has ended already"));
    }
    if (auto committed = connection->execute("COMMIT"); !committed) {
        return fail(committed.error());
    }
    return {};
}

namespace {

void append_array_element(std::string& literal, std::string_view value) {
    literal += '"';
    for (const char character : value) {
        if (character == '"' || character == '\\') {
            literal += '\\';
        }
        literal += character;
    }
    literal += '"';
}

} // namespace

std::string text_array(const std::vector<std::optional<std::string>>& values) {
    std::string literal = "{";
    for (std::size_t index = 0; index < values.size(); ++index) {
        if (index > 0) {
            literal += ',';
        }
        if (values[index]) {
            append_array_element(literal, *values[index]);
        } else {
            literal += "NULL";
        }
    }
    literal += '}';
    return literal;
}

std::string text_array(const std::vector<std::string>& values) {
    std::string literal = "{";
    for (std::size_t index = 0; index < values.size(); ++index) {
        if (index > 0) {
            literal += ',';
        }
        append_array_element(literal, values[index]);
    }
    literal += '}';
    return literal;
}

std::string integer_array(const std::vector<std::int64_t>& values) {
    return fmt::format("{{{}}}", fmt::join(values, ","));
}

} // namespace checkin::sync::postgresql
