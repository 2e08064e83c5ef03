#include "sync/mirror/sqlite.hpp"

#include "base/file_descriptor.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fmt/format.h>
#include <sqlite3.h>
#include <unistd.h>

namespace checkin::sync::sqlite {

namespace {

// Long enough to ride out another process's import or sync round, short enough that a stuck lock
// turns into a message instead of a frozen kiosk.
constexpr int busy_timeout_milliseconds = 5000;

Error error_from(sqlite3* handle, std::string_view what) {
    return Error::storage(fmt::format("{}: {}", what, handle ? sqlite3_errmsg(handle) : "out of memory"));
}

// SQLite creates a new file with the process umask (usually 0644); delegates' personal data must not be
// readable by other users, so the file is created 0600 first. SQLite gives the -wal and -shm files the
// permissions of the database file.
Result<void> create_private_file(const std::filesystem::path& path) {
    const base::FileDescriptor descriptor(::open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600));
    if (!descriptor.valid()) {
        return fail(Error::io(
            fmt::format("cannot create the database file {}: {}", path.string(), std::strerror(errno))));
    }
    return {};
}

} // namespace

void DatabaseCloser::operator()(sqlite3* handle) const noexcept {
    sqlite3_close_v2(handle);
}
void StatementFinalizer::operator()(sqlite3_stmt* handle) const noexcept {
    sqlite3_finalize(handle);
}

Statement& Statement::bind(int index, std::string_view text) {
    remember_bind_result(sqlite3_bind_text(m_handle.get(), index, text.data(), static_cast<int>(text.size()),
                                           SQLITE_TRANSIENT),
                         index);
    return *this;
}

Statement& Statement::bind_blob(int index, std::string_view bytes) {
    remember_bind_result(
        sqlite3_bind_blob64(m_handle.get(), index, bytes.data(), bytes.size(), SQLITE_TRANSIENT), index);
    return *this;
}

Statement& Statement::bind(int index, std::int64_t number) {
    remember_bind_result(sqlite3_bind_int64(m_handle.get(), index, number), index);
    return *this;
}

Statement& Statement::bind_null(int index) {
    remember_bind_result(sqlite3_bind_null(m_handle.get(), index), index);
    return *this;
}

void Statement::remember_bind_result(int code, int index) {
    if (code != SQLITE_OK && m_bind_error.empty()) {
        m_bind_error = fmt::format("cannot bind parameter {} of \"{}\": {}", index,
                                   sqlite3_sql(m_handle.get()), sqlite3_errstr(code));
    }
}

Result<Step> Statement::step() {
    if (!m_bind_error.empty()) {
        return fail(Error::storage(m_bind_error));
    }
    const int code = sqlite3_step(m_handle.get());
    if (code == SQLITE_ROW) {
        return Step::row;
    }
    if (code == SQLITE_DONE) {
        return Step::done;
    }
    sqlite3* database = sqlite3_db_handle(m_handle.get());
    return fail(
        error_from(database, fmt::format("the database refused \"{}\"", sqlite3_sql(m_handle.get()))));
}

Result<void> Statement::run() {
    return for_each_row([](const Statement&) {}); // rows, if any, are not wanted
}

Result<void> Statement::for_each_row(const std::function<void(const Statement& row)>& on_row) {
    while (true) {
        auto step_result = step();
        if (!step_result) {
            reset();
            return fail(step_result.error());
        }
        if (*step_result == Step::done) {
            reset();
            return {};
        }
        on_row(*this);
    }
}

void Statement::reset() {
    sqlite3_reset(m_handle.get());
    sqlite3_clear_bindings(m_handle.get());
    m_bind_error.clear();
}

std::string_view Statement::blob(int column) const {
    const void* bytes = sqlite3_column_blob(m_handle.get(), column);
    if (bytes == nullptr) {
        return {};
    }
    const int size = sqlite3_column_bytes(m_handle.get(), column);
    return {static_cast<const char*>(bytes), static_cast<std::size_t>(size)};
}

std::string Statement::text(int column) const {
    const auto* bytes = sqlite3_column_text(m_handle.get(), column);
    if (bytes == nullptr) {
        return {};
    }
    const int size = sqlite3_column_bytes(m_handle.get(), column);
    return std::string(reinterpret_cast<const char*>(bytes), static_cast<std::size_t>(size));
}

std::optional<std::string> Statement::optional_text(int column) const {
    if (is_null(column)) {
        return std::nullopt;
    }
    return text(column);
}

std::int64_t Statement::integer(int column) const {
    return sqlite3_column_int64(m_handle.get(), column);
}

bool Statement::is_null(int column) const {
    return sqlite3_column_type(m_handle.get(), column) == SQLITE_NULL;
}

Result<Database> Database::open(const std::filesystem::path& path, OpenMode mode) {
    int flags = SQLITE_OPEN_FULLMUTEX;
    if (mode == OpenMode::read_write_create) {
        if (!std::filesystem::exists(path)) {
            if (auto created = create_private_file(path); !created) {
                return fail(created.error());
            }
        }
        flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    } else {
        if (!std::filesystem::exists(path)) {
            return fail(Error::not_found(fmt::format("the database file {} does not exist", path.string())));
        }
        flags |= SQLITE_OPEN_READONLY;
    }
    sqlite3* raw = nullptr;
    const int code = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
    std::unique_ptr<sqlite3, DatabaseCloser> handle(raw);
    if (code != SQLITE_OK) {
        return fail(error_from(raw, fmt::format("cannot open the database {}", path.string())));
    }
    sqlite3_extended_result_codes(raw, 1);
    sqlite3_busy_timeout(raw, busy_timeout_milliseconds);
    Database database(std::move(handle));
    // WAL lets readers (the kiosk's screens) run beside a writer (sync); synchronous=FULL makes every
    // commit durable before it returns, which the "commit before acknowledge" rule depends on.
    const char* settings = mode == OpenMode::read_write_create
                               ? "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; "
                                 "PRAGMA cache_size=-32768; PRAGMA mmap_size=268435456;"
                               : "PRAGMA foreign_keys=ON;";
    if (auto applied = database.execute(settings); !applied) {
        return fail(applied.error());
    }
    return database;
}

Result<Statement> Database::prepare(std::string_view sql) {
    sqlite3_stmt* raw = nullptr;
    const int code = sqlite3_prepare_v3(m_handle.get(), sql.data(), static_cast<int>(sql.size()),
                                        SQLITE_PREPARE_PERSISTENT, &raw, nullptr);
    std::unique_ptr<sqlite3_stmt, StatementFinalizer> handle(raw);
    if (code != SQLITE_OK) {
        return fail(error_from(m_handle.get(), fmt::format("cannot prepare \"{}\"", sql)));
    }
    return Statement(std::move(handle));
}

Result<Statement*> StatementCache::get(Database& database, std::string_view sql) {
    auto found = m_statements.find(sql);
    if (found == m_statements.end()) {
        auto prepared = database.prepare(sql);
        if (!prepared) {
            return fail(prepared.error());
        }
        found = m_statements.emplace(std::string(sql), std::move(*prepared)).first;
    }
    found->second.reset();
    return &found->second;
}

Result<void> Database::execute(std::string_view sql) {
    const std::string statements(sql);
    char* message = nullptr;
    const int code = sqlite3_exec(m_handle.get(), statements.c_str(), nullptr, nullptr, &message);
    if (code != SQLITE_OK) {
        std::string text = message ? message : sqlite3_errstr(code);
        sqlite3_free(message);
        return fail(Error::storage(fmt::format("the database refused \"{}\": {}", sql, text)));
    }
    return {};
}

std::int64_t Database::changes() const {
    return sqlite3_changes64(m_handle.get());
}

std::int64_t Database::last_insert_id() const {
    return sqlite3_last_insert_rowid(m_handle.get());
}

std::string Database::last_error() const {
    return sqlite3_errmsg(m_handle.get());
}

Result<void> Database::run(Control control) {
    static constexpr std::array<std::string_view, 4> sql = {"BEGIN", "BEGIN IMMEDIATE", "COMMIT", "ROLLBACK"};
    const auto index = static_cast<std::size_t>(control);
    auto& cached = m_control_statements[index];
    if (!cached) {
        auto prepared = prepare(sql[index]);
        if (!prepared) {
            return fail(prepared.error());
        }
        cached.emplace(std::move(*prepared));
    }
    return cached->run();
}

Result<Transaction> Transaction::begin(Database& database, TransactionKind kind) {
    auto started = database.run(kind == TransactionKind::immediate ? Database::Control::begin_immediate
                                                                   : Database::Control::begin);
    if (!started) {
        return fail(started.error());
    }
    return Transaction(database);
}

Transaction::~Transaction() {
    if (m_database != nullptr) {
        // Nothing useful can be done with a failed rollback in a destructor; SQLite rolls back an
        // unfinished transaction when the connection closes anyway.
        (void)m_database->run(Database::Control::rollback);
    }
}

Result<void> Transaction::commit() {
    auto committed = m_database->run(Database::Control::commit);
    if (!committed) {
        return fail(committed.error());
    }
    m_database = nullptr;
    return {};
}

} // namespace checkin::sync::sqlite
