#pragma once

// A PostgreSQL 15 server of the test's own (Debian's postgresql-15): initdb in a temporary folder, listening
// on 127.0.0.1 at a free port and on a socket in that folder, trusting local connections, stopped and
// removed when the object goes. PostgreSQL refuses to run as root, so under root (CI) it runs as the
// system user `postgres` the Debian package makes. For tests fsync is off: a test's database need not
// survive a power cut, and it makes the suite fast (a benchmark asks for durable commits). Header-only
// (tests).

#include "tests/kiosk/process.hpp"

#include <expected>
#include <filesystem>
#include <fmt/format.h>
#include <netinet/in.h>
#include <pwd.h>
#include <string>
#include <sys/socket.h>
#include <unistd.h>

namespace checkin::test {

inline constexpr const char* postgresql_bin = "/usr/lib/postgresql/15/bin";

// How much a crash may lose: tests need nothing kept (fsync off, fast); a benchmark measures a server as
// it would run, every commit flushed to disk.
enum class Durability { none, on_commit };

class PostgresqlServer {
public:
    // Starts the server; the message says what is missing or what failed.
    static std::expected<std::unique_ptr<PostgresqlServer>, std::string>
    start(Durability durability = Durability::none) {
        if (!std::filesystem::exists(fmt::format("{}/initdb", postgresql_bin))) {
            return std::unexpected(
                "PostgreSQL 15 is not installed: apt-get install postgresql-15 (.ci/setup)");
        }
        auto server = std::unique_ptr<PostgresqlServer>(new PostgresqlServer());
        std::string pattern = (std::filesystem::temp_directory_path() / "checkin-postgresql-XXXXXX").string();
        if (::mkdtemp(pattern.data()) == nullptr) {
            return std::unexpected("cannot make a temporary folder for PostgreSQL");
        }
        server->m_folder = pattern;
        if (::geteuid() == 0) {
            const passwd* user = ::getpwnam("postgres");
            if (user == nullptr) {
                return std::unexpected("running as root, and there is no user postgres to run PostgreSQL as "
                                       "(the postgresql-15 package makes it)");
            }
            if (::chown(server->m_folder.c_str(), user->pw_uid, user->pw_gid) != 0) {
                return std::unexpected("cannot give the temporary folder to the user postgres");
            }
            server->m_run_as = {"/usr/sbin/runuser", "-u", "postgres", "--"};
        }
        server->m_port = free_loopback_port();
        const std::string data = (server->m_folder / "data").string();
        auto initialised = server->run({fmt::format("{}/initdb", postgresql_bin), "-D", data, "-U", "checkin",
                                        "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"});
        if (!initialised.exited() || initialised.exit_code != 0) {
            return std::unexpected("initdb failed: " + initialised.describe());
        }
        auto started = server->run(
            {fmt::format("{}/pg_ctl", postgresql_bin), "-D", data, "-w", "-t", "60", "-l",
             (server->m_folder / "server.log").string(), "-o",
             fmt::format("-c listen_addresses=127.0.0.1 -p {} -k {} {} "
                         "-c max_connections=200",
                         server->m_port, server->m_folder.string(),
                         durability == Durability::none ? "-c fsync=off -c synchronous_commit=off "
                                                          "-c full_page_writes=off"
                                                        : ""),
             "start"});
        if (!started.exited() || started.exit_code != 0) {
            return std::unexpected("pg_ctl start failed: " + started.describe());
        }
        server->m_running = true;
        return server;
    }

    PostgresqlServer(const PostgresqlServer&) = delete;
    PostgresqlServer& operator=(const PostgresqlServer&) = delete;
    ~PostgresqlServer() {
        if (m_running) {
            run({fmt::format("{}/pg_ctl", postgresql_bin), "-D", (m_folder / "data").string(), "-m",
                 "immediate", "-w", "stop"});
        }
        std::error_code ignored;
        std::filesystem::remove_all(m_folder, ignored);
    }

    int port() const { return m_port; }
    // A libpq URI for a database of this server (the maintenance database "postgres" by default).
    std::string uri(std::string_view database = "postgres") const {
        return fmt::format("postgresql://checkin@127.0.0.1:{}/{}", m_port, database);
    }
    // The cluster's files (every database's tables, the WAL in pg_wal), for a test that reads them.
    std::filesystem::path data_directory() const { return m_folder / "data"; }

    // Makes a new empty database and returns its URI.
    std::expected<std::string, std::string> create_database(std::string_view name) {
        auto made = run({fmt::format("{}/createdb", postgresql_bin), "-h", "127.0.0.1", "-p",
                         std::to_string(m_port), "-U", "checkin", std::string(name)});
        if (!made.exited() || made.exit_code != 0) {
            return std::unexpected("createdb failed: " + made.describe());
        }
        return uri(name);
    }

private:
    PostgresqlServer() = default;

    ProcessResult run(std::vector<std::string> arguments) const {
        std::vector<std::string> full = m_run_as;
        full.insert(full.end(), arguments.begin(), arguments.end());
        return run_process(full, std::chrono::seconds(90));
    }

    std::filesystem::path m_folder;
    std::vector<std::string> m_run_as;
    int m_port = 0;
    bool m_running = false;
};

} // namespace checkin::test
