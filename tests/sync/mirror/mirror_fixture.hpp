#pragma once

// Shared by the mirror, search and export tests: a per-test temporary directory, the Serock fixtures,
// a raw second SQLite connection, and an independent reading of the fixture (its own CSV splitter and
// Polish folding) so that expected values never come from the code under test.

#include "sync/mirror/mirror.hpp"
#include "sync/roster/roster.hpp"

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <iterator>
#include <map>
#include <optional>
#include <sqlite3.h>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace checkin::sync::mirror_fixture {

using namespace std::chrono_literals;

inline constexpr Day first_day{std::chrono::year{2026}, std::chrono::November, std::chrono::day{29}};
inline constexpr Day second_day{std::chrono::year{2026}, std::chrono::November, std::chrono::day{30}};
inline constexpr Day day_before{std::chrono::year{2026}, std::chrono::November, std::chrono::day{28}};
inline constexpr std::size_t fixture_size = 320;

inline Event serock_event() {
    return Event{"Kongres Serock 2026", {first_day, second_day}};
}

// Unix milliseconds of a UTC wall-clock time on a given day.
inline std::int64_t utc_milliseconds(Day day, int hour, int minute, int second = 0) {
    const auto at = std::chrono::sys_days{day} + std::chrono::hours{hour} + std::chrono::minutes{minute} +
                    std::chrono::seconds{second};
    return std::chrono::duration_cast<std::chrono::milliseconds>(at.time_since_epoch()).count();
}

// A fresh directory under /tmp, removed with everything in it when the test ends.
class TempDir {
public:
    TempDir() {
        std::string pattern = "/tmp/checkin-mirror-test-XXXXXX";
        const char* made = ::mkdtemp(pattern.data());
        if (made == nullptr) {
            ADD_FAILURE() << "mkdtemp failed";
            return;
        }
        m_path = made;
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    ~TempDir() {
        std::error_code ignored;
        if (!m_path.empty()) {
            std::filesystem::remove_all(m_path, ignored);
        }
    }
    const std::filesystem::path& path() const { return m_path; }
    std::filesystem::path file(std::string_view name) const { return m_path / name; }

private:
    std::filesystem::path m_path;
};

inline std::string read_test_file(const std::string& name) {
    std::ifstream file(std::string(CHECKIN_TEST_DATA) + "/" + name, std::ios::binary);
    EXPECT_TRUE(file.is_open()) << "cannot open test data file " << name;
    return {std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
}

inline void write_file(const std::filesystem::path& path, std::string_view bytes) {
    std::ofstream file(path, std::ios::binary);
    file.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

inline std::string read_file(const std::filesystem::path& path) {
    std::ifstream file(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
}

inline std::string problems_text(const std::vector<RosterProblem>& problems) {
    std::string text;
    for (const auto& problem : problems) {
        text += "line " + std::to_string(problem.line) + ": " + problem.message + "\n";
    }
    return text;
}

// Roster bytes (a fixture or CSV text written in a test) → validated entries; fails the test otherwise.
inline std::vector<RosterEntry> parse_entries(std::string_view bytes, const Event& event = serock_event()) {
    auto roster = parse_roster(bytes, RosterOptions{}, event);
    EXPECT_TRUE(roster.has_value()) << (roster.has_value() ? "" : problems_text(roster.error()));
    return roster.has_value() ? std::move(roster->entries) : std::vector<RosterEntry>{};
}

inline std::vector<RosterEntry> fixture_entries(const std::string& name = "serock-roster.csv") {
    return parse_entries(read_test_file(name));
}

// Opens a mirror at `path` with the Serock event set; fails the test when it cannot.
inline std::optional<Mirror> open_mirror(const std::filesystem::path& path) {
    auto mirror = Mirror::open(path);
    EXPECT_TRUE(mirror.has_value()) << (mirror.has_value() ? "" : mirror.error().message);
    if (!mirror.has_value()) {
        return std::nullopt;
    }
    auto set = mirror->set_event(serock_event());
    EXPECT_TRUE(set.has_value()) << (set.has_value() ? "" : set.error().message);
    return std::optional<Mirror>(std::move(*mirror));
}

inline ImportSummary import(Mirror& mirror, const std::vector<RosterEntry>& entries,
                            WriteMode mode = WriteMode::write) {
    auto summary = mirror.apply_roster(entries, mode);
    EXPECT_TRUE(summary.has_value()) << (summary.has_value() ? "" : summary.error().message);
    return summary.value_or(ImportSummary{});
}

inline std::vector<DelegateRecord> all_of(Mirror& mirror) {
    auto records = mirror.all_delegates();
    EXPECT_TRUE(records.has_value()) << (records.has_value() ? "" : records.error().message);
    return records.value_or(std::vector<DelegateRecord>{});
}

inline std::optional<DelegateRecord> find(Mirror& mirror, std::string_view code) {
    auto record = mirror.find_by_code(code);
    EXPECT_TRUE(record.has_value()) << (record.has_value() ? "" : record.error().message);
    return record.value_or(std::nullopt);
}

// A second, raw connection to the same file, as another process (or a curious engineer) would have.
class RawConnection {
public:
    explicit RawConnection(const std::filesystem::path& path) {
        const int code = sqlite3_open_v2(path.c_str(), &m_handle, SQLITE_OPEN_READWRITE, nullptr);
        EXPECT_EQ(code, SQLITE_OK) << (m_handle ? sqlite3_errmsg(m_handle) : "out of memory");
        sqlite3_busy_timeout(m_handle, 5000);
    }
    RawConnection(const RawConnection&) = delete;
    RawConnection& operator=(const RawConnection&) = delete;
    ~RawConnection() { sqlite3_close_v2(m_handle); }

    // Runs SQL; returns SQLite's message on failure, std::nullopt on success.
    std::optional<std::string> execute(const std::string& sql) {
        char* message = nullptr;
        const int code = sqlite3_exec(m_handle, sql.c_str(), nullptr, nullptr, &message);
        if (code == SQLITE_OK) {
            return std::nullopt;
        }
        std::string text = message ? message : sqlite3_errstr(code);
        sqlite3_free(message);
        return text;
    }

    // The first column of the first row as text ("" when there is no row).
    std::string text(const std::string& sql) {
        sqlite3_stmt* statement = nullptr;
        const int prepared = sqlite3_prepare_v2(m_handle, sql.c_str(), -1, &statement, nullptr);
        EXPECT_EQ(prepared, SQLITE_OK) << sqlite3_errmsg(m_handle);
        std::string result;
        if (prepared == SQLITE_OK && sqlite3_step(statement) == SQLITE_ROW) {
            const auto* bytes = sqlite3_column_text(statement, 0);
            if (bytes != nullptr) {
                result.assign(reinterpret_cast<const char*>(bytes),
                              static_cast<std::size_t>(sqlite3_column_bytes(statement, 0)));
            }
        }
        sqlite3_finalize(statement);
        return result;
    }

    std::int64_t integer(const std::string& sql) { return std::stoll(text(sql)); }

    sqlite3* handle() const { return m_handle; }

private:
    sqlite3* m_handle = nullptr;
};

// ---- An independent reading of the UTF-8 fixture -------------------------------------------------------

struct FixtureRow {
    std::string code;
    std::string first_name;
    std::string last_name;
    std::string organisation;
    std::string position;
    std::string partnership;
    std::string voivodeship;
    std::string role;
    std::string days; // as written: "29.11,30.11"
    std::string email;
};

// Splits one line of the comma-separated fixture; quotes may wrap a field ("29.11,30.11").
inline std::vector<std::string> split_fixture_line(std::string_view line) {
    std::vector<std::string> fields(1);
    bool quoted = false;
    for (std::size_t index = 0; index < line.size(); ++index) {
        const char c = line[index];
        if (quoted) {
            if (c == '"' && index + 1 < line.size() && line[index + 1] == '"') {
                fields.back() += '"';
                ++index;
            } else if (c == '"') {
                quoted = false;
            } else {
                fields.back() += c;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            fields.emplace_back();
        } else if (c != '\r') {
            fields.back() += c;
        }
    }
    return fields;
}

inline std::vector<FixtureRow> fixture_rows() {
    const std::string text = read_test_file("serock-roster.csv");
    std::vector<FixtureRow> rows;
    std::size_t start = 0;
    bool header = true;
    while (start < text.size()) {
        auto end = text.find('\n', start);
        if (end == std::string::npos) {
            end = text.size();
        }
        const auto line = std::string_view(text).substr(start, end - start);
        start = end + 1;
        if (line.empty() || line == "\r") {
            continue;
        }
        if (header) {
            header = false;
            continue;
        }
        auto fields = split_fixture_line(line);
        EXPECT_EQ(fields.size(), 10U) << line;
        fields.resize(10);
        rows.push_back({fields[0], fields[1], fields[2], fields[3], fields[4], fields[5], fields[6],
                        fields[7], fields[8], fields[9]});
    }
    return rows;
}

// Lower-cases ASCII and folds the Polish letters the fixture uses; enough for expectations on it.
inline std::string fold_polish(std::string_view text) {
    static const std::vector<std::pair<std::string_view, char>> letters = {
        {"ą", 'a'}, {"ć", 'c'}, {"ę", 'e'}, {"ł", 'l'}, {"ń", 'n'}, {"ó", 'o'},
        {"ś", 's'}, {"ź", 'z'}, {"ż", 'z'}, {"Ą", 'a'}, {"Ć", 'c'}, {"Ę", 'e'},
        {"Ł", 'l'}, {"Ń", 'n'}, {"Ó", 'o'}, {"Ś", 's'}, {"Ź", 'z'}, {"Ż", 'z'}};
    std::string out;
    for (std::size_t index = 0; index < text.size();) {
        bool replaced = false;
        for (const auto& [letter, ascii] : letters) {
            if (text.substr(index).starts_with(letter)) {
                out += ascii;
                index += letter.size();
                replaced = true;
                break;
            }
        }
        if (!replaced) {
            const char c = text[index++];
            out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
        }
    }
    return out;
}

// Folded words of a field: split at everything that is not an ASCII letter or digit (after folding).
inline std::vector<std::string> words_of(std::string_view text) {
    std::vector<std::string> words(1);
    for (const char c : fold_polish(text)) {
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            words.back() += c;
        } else if (!words.back().empty()) {
            words.emplace_back();
        }
    }
    if (words.back().empty()) {
        words.pop_back();
    }
    return words;
}

inline bool has_word_with_prefix(const FixtureRow& row, std::string_view prefix) {
    for (const auto* field : {&row.first_name, &row.last_name, &row.organisation}) {
        for (const auto& word : words_of(*field)) {
            if (word.starts_with(prefix)) {
                return true;
            }
        }
    }
    return false;
}

// ---- Comparing delegates -----------------------------------------------------------------------------

inline std::string days_text(const std::vector<Day>& days) {
    // Appended piece by piece: g++ 12 at -O3 warns falsely (-Wrestrict) about "," + a string.
    std::string text;
    for (const auto& day : days) {
        if (!text.empty()) {
            text += ',';
        }
        text += format_iso_day(day);
    }
    return text;
}

// Every field, for EXPECT_EQ with a readable difference.
inline std::string describe(const Delegate& delegate) {
    return delegate.code + "|" + delegate.first_name + "|" + delegate.last_name + "|" +
           delegate.organisation + "|" + delegate.position + "|" + delegate.partnership + "|" +
           delegate.voivodeship + "|" + delegate.role + "|" + days_text(delegate.days) + "|" +
           delegate.email + "|" + std::string(to_string(delegate.status)) + "|" +
           std::string(to_string(delegate.origin)) + "|" + std::to_string(delegate.row_version);
}

inline std::map<std::string, Delegate> by_code(const std::vector<DelegateRecord>& records) {
    std::map<std::string, Delegate> delegates;
    for (const auto& record : records) {
        delegates.emplace(record.delegate.code, record.delegate);
    }
    return delegates;
}

} // namespace checkin::sync::mirror_fixture
