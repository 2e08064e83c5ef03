#pragma once

// Shared by the SIGKILL tests of kioskctl (check-in, sync, purge): the random seed and run counts from the
// environment, and a look into a database file with a connection of the test's own.

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <gtest/gtest.h>
#include <memory>
#include <random>
#include <sqlite3.h>
#include <string>
#include <vector>

namespace checkin::test::kill_support {

// KIOSK_KILL_SEED replays a run; without it every run draws a new seed (printed by each test).
inline std::uint32_t seed() {
    if (const char* text = std::getenv("KIOSK_KILL_SEED")) {
        return static_cast<std::uint32_t>(std::strtoul(text, nullptr, 10));
    }
    return std::random_device{}();
}

// `variable` (a count of killed runs) when set to a positive number, `default_runs` otherwise.
inline int runs_from_environment(const char* variable, int default_runs) {
    if (const char* text = std::getenv(variable)) {
        return std::max(1, std::atoi(text));
    }
    return default_runs;
}

// Every row of `sql` on the file at `path`, each column as text ("NULL" for null). The connection is the
// test's own and closes before this returns, so the processes under test never wait for it for long.
inline std::vector<std::vector<std::string>> query(const std::string& path, const std::string& sql) {
    std::vector<std::vector<std::string>> rows;
    sqlite3* raw = nullptr;
    if (sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
        ADD_FAILURE() << "cannot open " << path << ": " << (raw ? sqlite3_errmsg(raw) : "out of memory");
        sqlite3_close_v2(raw);
        return rows;
    }
    std::unique_ptr<sqlite3, decltype(&sqlite3_close_v2)> database(raw, &sqlite3_close_v2);
    sqlite3_busy_timeout(database.get(), 10000); // a live hub may be writing: wait for it, never fail
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v2(database.get(), sql.c_str(), -1, &statement, nullptr) != SQLITE_OK) {
        ADD_FAILURE() << "cannot prepare " << sql << ": " << sqlite3_errmsg(database.get());
        return rows;
    }
    int code = SQLITE_ROW;
    while ((code = sqlite3_step(statement)) == SQLITE_ROW) {
        std::vector<std::string> row;
        for (int column = 0; column < sqlite3_column_count(statement); ++column) {
            const auto* text = sqlite3_column_text(statement, column);
            row.emplace_back(text ? reinterpret_cast<const char*>(text) : "NULL");
        }
        rows.push_back(std::move(row));
    }
    EXPECT_EQ(code, SQLITE_DONE) << sql << ": " << sqlite3_errmsg(database.get());
    sqlite3_finalize(statement);
    return rows;
}

// The first column of every row.
inline std::vector<std::string> column(const std::string& path, const std::string& sql) {
    std::vector<std::string> values;
    for (auto& row : query(path, sql)) {
        values.push_back(row.empty() ? std::string() : std::move(row[0]));
    }
    return values;
}

inline std::chrono::microseconds median(std::vector<std::chrono::microseconds> times) {
    if (times.empty()) {
        return std::chrono::microseconds(0);
    }
    std::ranges::sort(times);
    return times[times.size() / 2];
}

// Keeps the latest 15 times: the machine's load changes the run time several-fold during a loop.
inline void remember(std::vector<std::chrono::microseconds>& times, std::chrono::microseconds time) {
    times.push_back(time);
    if (times.size() > 15) {
        times.erase(times.begin());
    }
}

} // namespace checkin::test::kill_support
