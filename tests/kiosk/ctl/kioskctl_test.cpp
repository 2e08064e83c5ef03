// End-to-end tests of kioskctl: each test runs the real binary on a real SQLite file in a fresh temporary
// directory and checks exit codes, printed values and what the mirror holds afterwards.

#include "tests/kiosk/process.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <iterator>
#include <memory>
#include <nlohmann/json.hpp>
#include <regex>
#include <sqlite3.h>
#include <sstream>
#include <string>
#include <vector>

namespace checkin::test {
namespace {

using nlohmann::json;
using namespace std::string_literals;

const std::string event_days = "2026-11-29,2026-11-30";
const std::string first_day = "2026-11-29";
const std::string second_day = "2026-11-30";
constexpr std::size_t fixture_delegates = 320;

std::string fixture_path(const std::string& name) {
    return std::string(CHECKIN_TEST_DATA) + "/" + name;
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    EXPECT_TRUE(in.is_open()) << "cannot read " << path;
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_file(const std::string& path, const std::string& content) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << content;
    ASSERT_TRUE(out.good()) << "cannot write " << path;
}

// The database file and the files SQLite keeps beside it: none of them may appear when a command refuses.
bool any_database_file_exists(const std::string& database) {
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
        if (std::filesystem::exists(database + suffix)) {
            return true;
        }
    }
    return false;
}

// One delegate of the UTF-8 fixture, read independently of the importer: the code and first name are the
// first two fields (never quoted in the fixture), the days are found by their text.
struct FixtureDelegate {
    std::string code;
    std::string first_name;
    bool on_first_day = false;
    bool on_second_day = false;
};

std::vector<FixtureDelegate> fixture_delegates_list() {
    std::vector<FixtureDelegate> delegates;
    std::istringstream lines(read_file(fixture_path("serock-roster.csv")));
    std::string line;
    std::getline(lines, line); // the header
    while (std::getline(lines, line)) {
        if (line.empty()) {
            continue;
        }
        const auto first_comma = line.find(',');
        const auto second_comma = line.find(',', first_comma + 1);
        FixtureDelegate delegate;
        delegate.code = line.substr(0, first_comma);
        delegate.first_name = line.substr(first_comma + 1, second_comma - first_comma - 1);
        delegate.on_first_day = line.find("29.11") != std::string::npos;
        delegate.on_second_day = line.find("30.11") != std::string::npos;
        delegates.push_back(delegate);
    }
    return delegates;
}

// Every row of every table, schema and user_version included, as text: equal dumps mean equal contents
// whatever SQLite did to the pages.
std::string database_dump(const std::string& path) {
    sqlite3* raw = nullptr;
    if (sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
        std::string message = raw ? sqlite3_errmsg(raw) : "out of memory";
        sqlite3_close_v2(raw);
        ADD_FAILURE() << "cannot open " << path << ": " << message;
        return {};
    }
    std::unique_ptr<sqlite3, decltype(&sqlite3_close_v2)> database(raw, &sqlite3_close_v2);
    const auto rows = [&](const std::string& sql) {
        std::vector<std::string> result;
        sqlite3_stmt* statement = nullptr;
        if (sqlite3_prepare_v2(database.get(), sql.c_str(), -1, &statement, nullptr) != SQLITE_OK) {
            ADD_FAILURE() << "cannot prepare " << sql << ": " << sqlite3_errmsg(database.get());
            return result;
        }
        while (sqlite3_step(statement) == SQLITE_ROW) {
            std::string row;
            for (int column = 0; column < sqlite3_column_count(statement); ++column) {
                const auto* text = sqlite3_column_text(statement, column);
                row += text ? reinterpret_cast<const char*>(text) : "NULL";
                row += '\x1f';
            }
            result.push_back(std::move(row));
        }
        sqlite3_finalize(statement);
        std::sort(result.begin(), result.end());
        return result;
    };
    std::string dump;
    for (const auto& line : rows("PRAGMA user_version")) {
        dump += "user_version " + line + '\n';
    }
    for (const auto& table : rows("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")) {
        const std::string name = table.substr(0, table.size() - 1);
        dump += "table " + name + '\n';
        for (const auto& line : rows("SELECT * FROM \"" + name + "\"")) {
            dump += line + '\n';
        }
    }
    for (const auto& line : rows("SELECT type, name, sql FROM sqlite_schema")) {
        dump += "schema " + line + '\n';
    }
    return dump;
}

json parse_json(const ProcessResult& result) {
    auto parsed = json::parse(result.out, nullptr, false);
    EXPECT_FALSE(parsed.is_discarded()) << "not JSON:\n" << result.describe();
    return parsed;
}

bool is_iso_timestamp(const std::string& text) {
    static const std::regex pattern(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d)");
    return std::regex_match(text, pattern);
}

class Kioskctl : public ::testing::Test {
protected:
    TemporaryDirectory directory;
    const std::string database = directory.file("mirror.db");

    // `kioskctl --db DATABASE ARGS...`
    ProcessResult ctl(std::vector<std::string> arguments) const {
        arguments.insert(arguments.begin(), {"--db", database});
        return run_kioskctl(std::move(arguments));
    }
    ProcessResult ctl_on(const std::string& date, std::vector<std::string> arguments) const {
        arguments.insert(arguments.begin(), {"--db", database, "--date", date});
        return run_kioskctl(std::move(arguments));
    }

    void import_fixture(const std::string& into, const std::string& fixture = "serock-roster.csv") const {
        const auto result = run_kioskctl(
            {"--db", into, "import", fixture_path(fixture), "--event-days", event_days, "--event-name", "X"});
        ASSERT_EQ(result.exit_code, 0) << result.describe();
        ASSERT_NE(result.out.find("320 added"), std::string::npos) << result.describe();
    }

    json checkin(const std::string& date, const std::string& code, int expected_exit_code) const {
        const auto result = ctl_on(date, {"checkin", code, "--kiosk", "K1", "--json"});
        EXPECT_EQ(result.exit_code, expected_exit_code) << result.describe();
        return parse_json(result);
    }

    json show(const std::string& date, const std::string& code) const {
        const auto result = ctl_on(date, {"show", code, "--json"});
        EXPECT_EQ(result.exit_code, 0) << result.describe();
        return parse_json(result);
    }

    // What an observer can see of the mirror: the export, the statistics, the event and every row.
    struct Snapshot {
        std::string exported;
        std::string statistics;
        std::string event;
        std::string rows;
    };
    Snapshot snapshot() const {
        Snapshot result;
        const auto exported = ctl({"export"});
        EXPECT_EQ(exported.exit_code, 0) << exported.describe();
        result.exported = exported.out;
        const auto statistics = ctl_on(first_day, {"stats", "--json"});
        EXPECT_EQ(statistics.exit_code, 0) << statistics.describe();
        result.statistics = statistics.out;
        const auto event = ctl({"event", "--json"});
        EXPECT_EQ(event.exit_code, 0) << event.describe();
        result.event = event.out;
        result.rows = database_dump(database);
        return result;
    }
    static void expect_same(const Snapshot& before, const Snapshot& after) {
        EXPECT_EQ(before.exported, after.exported) << "the export changed";
        EXPECT_EQ(before.statistics, after.statistics) << "the statistics changed";
        EXPECT_EQ(before.event, after.event) << "the event changed";
        EXPECT_TRUE(before.rows == after.rows) << "the database rows changed";
    }
};

// --- import -------------------------------------------------------------------------------------------

TEST_F(Kioskctl, ImportsTheUtf8CommaFixture) {
    const auto result =
        ctl({"import", fixture_path("serock-roster.csv"), "--event-days", event_days, "--event-name", "X"});
    ASSERT_EQ(result.exit_code, 0) << result.describe();
    EXPECT_NE(result.out.find("utf-8, commas"), std::string::npos) << result.out;
    EXPECT_NE(result.out.find("320 delegates"), std::string::npos) << result.out;
    EXPECT_NE(result.out.find("320 added, 0 updated, 0 unchanged, 0 cancelled"), std::string::npos)
        << result.out;
    const auto statistics = parse_json(ctl_on(first_day, {"stats", "--json"}));
    EXPECT_EQ(statistics["delegates"], 320);
    EXPECT_EQ(statistics["event"], "X");
}

TEST_F(Kioskctl, ImportsTheCp1250SemicolonFixture) {
    const auto result = ctl({"import", fixture_path("serock-roster-cp1250.csv"), "--event-days", event_days,
                             "--event-name", "X"});
    ASSERT_EQ(result.exit_code, 0) << result.describe();
    EXPECT_NE(result.out.find("cp1250, semicolons"), std::string::npos) << result.out;
    EXPECT_NE(result.out.find("320 added"), std::string::npos) << result.out;
}

TEST_F(Kioskctl, BothFixturesGiveTheSameMirror) {
    const std::string other = directory.file("cp1250.db");
    import_fixture(database, "serock-roster.csv");
    import_fixture(other, "serock-roster-cp1250.csv");
    const auto utf8 = ctl({"export"});
    const auto cp1250 = run_kioskctl({"--db", other, "export"});
    ASSERT_EQ(utf8.exit_code, 0) << utf8.describe();
    ASSERT_EQ(cp1250.exit_code, 0) << cp1250.describe();
    EXPECT_EQ(utf8.out, cp1250.out) << "the cp1250 file must decode to exactly the UTF-8 file's text";
    EXPECT_NE(utf8.out.find("Łukasz"), std::string::npos);
}

TEST_F(Kioskctl, ReimportingTheSameFileChangesNothing) {
    import_fixture(database);
    const auto result = ctl({"import", fixture_path("serock-roster-cp1250.csv")});
    ASSERT_EQ(result.exit_code, 0) << result.describe();
    EXPECT_NE(result.out.find("0 added, 0 updated, 320 unchanged, 0 cancelled"), std::string::npos)
        << result.out;
}

// --- find and show ------------------------------------------------------------------------------------

TEST_F(Kioskctl, FindPrintsEveryMatchingDelegateAsJson) {
    import_fixture(database);
    const auto result = ctl_on(first_day, {"find", "lukasz", "--json"});
    ASSERT_EQ(result.exit_code, 0) << result.describe();
    const auto found = parse_json(result);
    ASSERT_TRUE(found.is_array()) << result.out;
    const auto expected = std::ranges::count_if(fixture_delegates_list(),
                                                [](const auto& d) { return d.first_name == "Łukasz"; });
    EXPECT_EQ(static_cast<std::ptrdiff_t>(found.size()), expected) << result.out;
    ASSERT_FALSE(found.empty());
    for (const auto& delegate : found) {
        SCOPED_TRACE(delegate.dump());
        ASSERT_TRUE(delegate.is_object());
        for (const char* key : {"code", "first_name", "last_name", "organisation", "position", "partnership",
                                "voivodeship", "role", "days", "status", "checked_in", "checked_in_at"}) {
            EXPECT_TRUE(delegate.contains(key)) << "missing key " << key;
        }
        ASSERT_TRUE(delegate["first_name"].is_string());
        EXPECT_TRUE(delegate["first_name"].get<std::string>().starts_with("Łukasz"));
        for (const char* key : {"code", "last_name", "organisation", "position", "partnership", "voivodeship",
                                "role", "status"}) {
            EXPECT_TRUE(delegate[key].is_string()) << key;
        }
        EXPECT_TRUE(delegate["days"].is_array());
        EXPECT_TRUE(delegate["checked_in"].is_boolean());
        const auto& at = delegate["checked_in_at"];
        EXPECT_TRUE(at.is_null() || (at.is_string() && is_iso_timestamp(at.get<std::string>()))) << at;
        EXPECT_EQ(delegate["checked_in"].get<bool>(), !at.is_null());
    }
}

TEST_F(Kioskctl, FindShowsTodaysCheckinInTheJson) {
    import_fixture(database);
    const auto first = parse_json(ctl_on(first_day, {"find", "lukasz", "--json"}));
    ASSERT_FALSE(first.empty());
    const std::string code = first[0]["code"];
    checkin(first_day, code, 0);
    const auto found = parse_json(ctl_on(first_day, {"find", "lukasz", "--json"}));
    for (const auto& delegate : found) {
        const bool is_checked_in = delegate["code"] == code;
        EXPECT_EQ(delegate["checked_in"], is_checked_in) << delegate.dump();
        if (is_checked_in) {
            ASSERT_TRUE(delegate["checked_in_at"].is_string());
            EXPECT_TRUE(is_iso_timestamp(delegate["checked_in_at"])) << delegate["checked_in_at"];
        } else {
            EXPECT_TRUE(delegate["checked_in_at"].is_null());
        }
    }
}

TEST_F(Kioskctl, FindWithNoMatchExitsOne) {
    import_fixture(database);
    const auto plain = ctl({"find", "Zzyzxwvq"});
    EXPECT_EQ(plain.exit_code, 1) << plain.describe();
    const auto as_json = ctl({"find", "Zzyzxwvq", "--json"});
    EXPECT_EQ(as_json.exit_code, 1) << as_json.describe();
    EXPECT_EQ(parse_json(as_json), json::array());
}

TEST_F(Kioskctl, ShowPrintsOneDelegateAsJson) {
    import_fixture(database);
    const auto delegate = fixture_delegates_list().front();
    const auto shown = show(first_day, delegate.code);
    ASSERT_TRUE(shown.is_object()) << shown.dump();
    EXPECT_EQ(shown["code"], delegate.code);
    EXPECT_EQ(shown["first_name"], delegate.first_name);
    EXPECT_EQ(shown["status"], "active");
    EXPECT_EQ(shown["checked_in"], false);
    EXPECT_TRUE(shown["checked_in_at"].is_null());

    std::string typed = delegate.code;
    std::ranges::transform(typed, typed.begin(), [](char c) { return static_cast<char>(std::tolower(c)); });
    EXPECT_EQ(show(first_day, typed)["code"], delegate.code) << "a code typed in lower case must be found";
}

TEST_F(Kioskctl, ShowOfAnUnknownCodeExitsOne) {
    import_fixture(database);
    const auto result = ctl({"show", "CWD-AAAAAAAA", "--json"});
    EXPECT_EQ(result.exit_code, 1) << result.describe();
    EXPECT_NE(result.err.find("CWD-AAAAAAAA"), std::string::npos) << result.err;
}

// --- checkin ------------------------------------------------------------------------------------------

TEST_F(Kioskctl, CheckinAdmitsOnceThenReportsAlreadyCheckedIn) {
    import_fixture(database);
    const auto delegates = fixture_delegates_list();
    const auto delegate = *std::ranges::find_if(delegates, [](const auto& d) { return d.on_first_day; });

    const auto admitted = checkin(first_day, delegate.code, 0);
    EXPECT_EQ(admitted["outcome"], "admitted") << admitted.dump();
    EXPECT_EQ(admitted["code"], delegate.code);
    ASSERT_TRUE(admitted["checked_in_at"].is_string()) << admitted.dump();
    EXPECT_TRUE(is_iso_timestamp(admitted["checked_in_at"])) << admitted["checked_in_at"];
    EXPECT_TRUE(admitted["event_id"].is_string()) << admitted.dump();

    const auto again = checkin(first_day, delegate.code, 1);
    EXPECT_EQ(again["outcome"], "already_checked_in") << again.dump();
    EXPECT_EQ(again["checked_in_at"], admitted["checked_in_at"])
        << "the first check-in is the one that stands";
    EXPECT_TRUE(again["event_id"].is_null()) << "a refused check-in writes no event";

    const auto shown = show(first_day, delegate.code);
    EXPECT_EQ(shown["checked_in"], true) << shown.dump();
    ASSERT_TRUE(shown["checked_in_at"].is_string()) << shown.dump();
    EXPECT_TRUE(is_iso_timestamp(shown["checked_in_at"])) << shown["checked_in_at"];
    EXPECT_EQ(shown["checked_in_at"], admitted["checked_in_at"]);

    const auto next_day = show(second_day, delegate.code);
    EXPECT_EQ(next_day["checked_in"], false) << "checked in on 29.11 says nothing about 30.11";
    EXPECT_TRUE(next_day["checked_in_at"].is_null());
}

TEST_F(Kioskctl, CheckinRefusesSomeoneAdmittedOnAnotherDay) {
    import_fixture(database);
    const auto delegates = fixture_delegates_list();
    const auto only_second =
        std::ranges::find_if(delegates, [](const auto& d) { return d.on_second_day && !d.on_first_day; });
    ASSERT_NE(only_second, delegates.end()) << "the fixture has delegates admitted on 30.11 only";
    const auto refused = checkin(first_day, only_second->code, 1);
    EXPECT_EQ(refused["outcome"], "not_registered_today") << refused.dump();
    EXPECT_TRUE(refused["event_id"].is_null());
    EXPECT_EQ(show(first_day, only_second->code)["checked_in"], false);
    // The same person is welcome on their day.
    EXPECT_EQ(checkin(second_day, only_second->code, 0)["outcome"], "admitted");
}

TEST_F(Kioskctl, CheckinOfAnUnknownCodeExitsOne) {
    import_fixture(database);
    const auto result = checkin(first_day, "CWD-AAAAAAAA", 1);
    EXPECT_EQ(result["outcome"], "unknown_code") << result.dump();
    const auto statistics = parse_json(ctl_on(first_day, {"stats", "--json"}));
    EXPECT_EQ(statistics["events"], 0) << "an unknown code writes nothing";
}

TEST_F(Kioskctl, StatsCountTheCheckins) {
    import_fixture(database);
    const auto delegates = fixture_delegates_list();
    std::vector<std::string> both_days;
    for (const auto& delegate : delegates) {
        if (delegate.on_first_day && delegate.on_second_day) {
            both_days.push_back(delegate.code);
        }
    }
    ASSERT_GE(both_days.size(), 4u);
    checkin(first_day, both_days[0], 0);
    checkin(first_day, both_days[1], 0);
    checkin(first_day, both_days[2], 0);
    checkin(first_day, both_days[0], 1);  // a second scan: no second event
    checkin(second_day, both_days[0], 0); // the next day counts on its own
    checkin(second_day, both_days[3], 0);

    const auto expected_first =
        std::ranges::count_if(delegates, [](const auto& d) { return d.on_first_day; });
    const auto expected_second =
        std::ranges::count_if(delegates, [](const auto& d) { return d.on_second_day; });

    const auto result = ctl_on(first_day, {"stats", "--json"});
    ASSERT_EQ(result.exit_code, 0) << result.describe();
    const auto statistics = parse_json(result);
    EXPECT_EQ(statistics["event"], "X");
    EXPECT_EQ(statistics["date"], first_day);
    EXPECT_EQ(statistics["delegates"], 320);
    EXPECT_EQ(statistics["active"], 320);
    EXPECT_EQ(statistics["cancelled"], 0);
    EXPECT_EQ(statistics["walk_ins"], 0);
    EXPECT_EQ(statistics["checked_in"], 3);
    EXPECT_EQ(statistics["checked_in_any_day"], 4);
    EXPECT_EQ(statistics["events"], 5);
    EXPECT_EQ(statistics["events_not_uploaded"], 5);
    ASSERT_EQ(statistics["by_day"].size(), 2u) << statistics.dump();
    EXPECT_EQ(statistics["by_day"][0]["day"], first_day);
    EXPECT_EQ(statistics["by_day"][0]["expected"], expected_first);
    EXPECT_EQ(statistics["by_day"][0]["checked_in"], 3);
    EXPECT_EQ(statistics["by_day"][1]["day"], second_day);
    EXPECT_EQ(statistics["by_day"][1]["expected"], expected_second);
    EXPECT_EQ(statistics["by_day"][1]["checked_in"], 2);

    const auto on_second = parse_json(ctl_on(second_day, {"stats", "--json"}));
    EXPECT_EQ(on_second["date"], second_day);
    EXPECT_EQ(on_second["checked_in"], 2);
}

// --- purge (issue 15) ----------------------------------------------------------------------------------

TEST_F(Kioskctl, PurgeBeforeADayThenEverythingKeepsTheStatisticsAndRemovesThePeople) {
    import_fixture(database);
    const auto delegates = fixture_delegates_list();
    std::vector<std::string> first_only;
    std::vector<std::string> both_days;
    for (const auto& delegate : delegates) {
        (delegate.on_second_day ? both_days : first_only).push_back(delegate.code);
    }
    ASSERT_GE(first_only.size(), 2u);
    checkin(first_day, first_only[0], 0);
    checkin(first_day, both_days[0], 0);
    checkin(second_day, both_days[1], 0);
    const auto before = parse_json(ctl_on(second_day, {"stats", "--json"}));

    const auto refused = ctl({"purge", "--before", "30.11.2026"});
    EXPECT_EQ(refused.exit_code, 2) << refused.describe();
    EXPECT_NE(refused.err.find("2026-11-30"), std::string::npos) << refused.describe();

    const auto partial = ctl({"purge", "--before", second_day});
    ASSERT_EQ(partial.exit_code, 0) << partial.describe();
    EXPECT_NE(
        partial.out.find("Purged " + std::to_string(first_only.size()) + " delegates and 1 journal events"),
        std::string::npos)
        << partial.describe();
    EXPECT_EQ(ctl({"show", first_only[0], "--json"}).exit_code, 1);
    EXPECT_EQ(ctl({"show", both_days[0], "--json"}).exit_code, 0);

    const auto full = ctl({"purge"});
    ASSERT_EQ(full.exit_code, 0) << full.describe();
    EXPECT_NE(full.out.find("Purged " + std::to_string(both_days.size()) + " delegates and 2 journal events"),
              std::string::npos)
        << full.describe();
    const auto after = parse_json(ctl_on(second_day, {"stats", "--json"}));
    EXPECT_EQ(after["active"], 0);
    EXPECT_EQ(after["events"], 0);
    EXPECT_EQ(after["purged"], 320);
    EXPECT_EQ(after["by_day"], before["by_day"]);
    EXPECT_EQ(after["checked_in"], before["checked_in"]);
    EXPECT_EQ(after["checked_in_any_day"], before["checked_in_any_day"]);
    const auto text = ctl_on(second_day, {"stats"});
    EXPECT_NE(text.out.find("Purged: 320 delegates"), std::string::npos) << text.describe();
    const auto bytes = read_file(database);
    for (const auto& delegate : delegates) {
        EXPECT_EQ(bytes.find(delegate.code), std::string::npos) << delegate.code;
    }
}

// --- export -------------------------------------------------------------------------------------------

TEST_F(Kioskctl, ExportWritesUtf8WithBomThatImportsBack) {
    import_fixture(database);
    const auto delegate = fixture_delegates_list().front();
    checkin(first_day, delegate.code, 0);
    const std::string exported = directory.file("attendance.csv");
    const auto result = ctl({"export", "--out", exported});
    ASSERT_EQ(result.exit_code, 0) << result.describe();
    EXPECT_FALSE(std::filesystem::exists(exported + ".partial"));
    const auto content = read_file(exported);
    ASSERT_GE(content.size(), 3u);
    EXPECT_EQ(content.substr(0, 3), "\xEF\xBB\xBF") << "Excel needs the byte-order mark to read UTF-8";
    EXPECT_TRUE(content.substr(3).starts_with("Kod;Imię;Nazwisko")) << content.substr(0, 80);
    EXPECT_EQ(content, ctl({"export"}).out) << "--out and standard output must hold the same CSV";

    const std::string copy = directory.file("copy.db");
    const auto reimported = run_kioskctl({"--db", copy, "import", exported, "--event-days", event_days});
    ASSERT_EQ(reimported.exit_code, 0) << reimported.describe();
    EXPECT_NE(reimported.out.find("320 added"), std::string::npos) << reimported.out;
    const auto statistics = parse_json(run_kioskctl({"--db", copy, "--date", first_day, "stats", "--json"}));
    EXPECT_EQ(statistics["delegates"], 320);
    EXPECT_EQ(statistics["active"], 320);
    const auto shown = parse_json(run_kioskctl({"--db", copy, "show", delegate.code, "--json"}));
    EXPECT_EQ(shown["first_name"], delegate.first_name);
}

// --- help and usage -----------------------------------------------------------------------------------

TEST_F(Kioskctl, HelpWorksForTheProgramAndEveryCommand) {
    const auto top = run_kioskctl({"--help"});
    EXPECT_EQ(top.exit_code, 0) << top.describe();
    const std::vector<std::string> commands = {"import", "find",   "show", "checkin",
                                               "stats",  "export", "event"};
    for (const auto& command : commands) {
        EXPECT_NE(top.out.find(command), std::string::npos) << "the top-level help lists " << command;
    }
    for (const auto& command : commands) {
        SCOPED_TRACE(command);
        const auto help = run_kioskctl({command, "--help"});
        EXPECT_EQ(help.exit_code, 0) << help.describe();
        EXPECT_NE(help.out.find("Usage:"), std::string::npos) << help.out;
        EXPECT_NE(help.out.find(command), std::string::npos) << help.out;
        const auto with_database = ctl({command, "--help"});
        EXPECT_EQ(with_database.exit_code, 0) << with_database.describe();
    }
    EXPECT_FALSE(any_database_file_exists(database)) << "help must not create a mirror";
}

TEST_F(Kioskctl, UsageErrorsExitTwo) {
    const std::vector<std::vector<std::string>> mistakes = {
        {"stats"},                                   // no --db
        {"find", "kowalski"},                        // no --db
        {"--db", database, "--frobnicate", "stats"}, // unknown global option
        {"--db", database, "stats", "--frobnicate"}, // unknown command option
        {"--db", database},                          // no command
        {"--db", database, "dance"},                 // unknown command
        {"--db", database, "find"},                  // missing query
        {"--db", database, "import", fixture_path("serock-roster.csv"), "--encoding", "latin2"},
        {"--db", database, "find", "x", "--limit", "0"},
        {"--db", database, "import", fixture_path("serock-roster.csv"), "--event-days", "2026-02-30"},
        {"--db", database, "import", fixture_path("serock-roster.csv"), "--event-days", event_days,
         "--column", "birthday=Urodziny"},
    };
    for (const auto& arguments : mistakes) {
        std::string joined;
        for (const auto& argument : arguments) {
            joined += argument + ' ';
        }
        SCOPED_TRACE(joined);
        const auto result = run_kioskctl(arguments);
        EXPECT_EQ(result.exit_code, 2) << result.describe();
        EXPECT_FALSE(result.err.empty()) << "a usage error must say what is wrong";
    }
    EXPECT_FALSE(any_database_file_exists(database));
}

// Without --event-days, a new mirror takes the event's days from the roster's Dni column ("29.11" in the
// year nearest today) and says which it took.
TEST_F(Kioskctl, ImportWithoutEventDaysTakesThemFromTheRosterAndSaysWhich) {
    const auto imported =
        run_kioskctl({"--db", database, "--date", "2026-11-02", "import", fixture_path("serock-roster.csv")});
    ASSERT_EQ(imported.exit_code, 0) << imported.describe();
    EXPECT_NE(imported.out.find("The event's days were taken from the roster's days: 2026-11-29, 2026-11-30"),
              std::string::npos)
        << imported.out;
    const auto event = run_kioskctl({"--db", database, "event", "--json"});
    EXPECT_NE(event.out.find("\"2026-11-29\""), std::string::npos) << event.out;
    EXPECT_NE(event.out.find("\"2026-11-30\""), std::string::npos) << event.out;

    // Days given on the command line win, and nothing is said about the roster's.
    const std::string other = directory.file("other.db");
    const auto given = run_kioskctl({"--db", other, "import", fixture_path("serock-roster.csv"),
                                     "--event-days", "2026-11-29,2026-11-30"});
    ASSERT_EQ(given.exit_code, 0) << given.describe();
    EXPECT_EQ(given.out.find("were taken from the roster"), std::string::npos) << given.out;
}

TEST_F(Kioskctl, CommandsOnAMissingMirrorExitTwoAndCreateNothing) {
    const std::vector<std::vector<std::string>> commands = {
        {"find", "kowalski"},
        {"find", "kowalski", "--json"},
        {"show", "CWD-ZPZXSWG7"},
        {"checkin", "CWD-ZPZXSWG7", "--json"},
        {"stats"},
        {"stats", "--json"},
        {"export"},
        {"export", "--out", directory.file("out.csv")},
        {"event"},
        {"event", "--json"},
    };
    for (const auto& arguments : commands) {
        SCOPED_TRACE(arguments.front() + (arguments.size() > 1 ? " " + arguments[1] : std::string()));
        const auto result = ctl_on(first_day, arguments);
        EXPECT_EQ(result.exit_code, 2) << result.describe();
        EXPECT_NE(result.err.find("does not exist"), std::string::npos) << result.err;
        EXPECT_FALSE(any_database_file_exists(database)) << "a typo in --db must not create an empty mirror";
    }
    EXPECT_FALSE(std::filesystem::exists(directory.file("out.csv")));
}

TEST_F(Kioskctl, AnImpossibleDateExitsTwoAndChecksNobodyIn) {
    import_fixture(database);
    const auto code = fixture_delegates_list().front().code;
    for (const std::string date : {"2026-02-30", "2026-13-01", "29.11.2026", "2026-11-31", "tomorrow"}) {
        SCOPED_TRACE(date);
        const auto statistics = ctl_on(date, {"stats", "--json"});
        EXPECT_EQ(statistics.exit_code, 2) << statistics.describe();
        EXPECT_NE(statistics.err.find(date), std::string::npos) << statistics.err;
        const auto checked = ctl_on(date, {"checkin", code, "--json"});
        EXPECT_EQ(checked.exit_code, 2) << checked.describe();
    }
    EXPECT_EQ(parse_json(ctl_on(first_day, {"stats", "--json"}))["events"], 0);
}

// --- refused imports ----------------------------------------------------------------------------------

const std::string roster_header =
    "Kod,Imię,Nazwisko,Instytucja,Stanowisko,Partnerstwo,Województwo,Rola,Dni,E-mail\n";
const std::string good_row = "CWD-ZPZXSWG7,Barbara,Sikora,Związek Miast Polskich,Specjalista,,,Ekspert,"
                             "\"29.11,30.11\",barbara.sikora@example.org\n";
const std::string other_row = "CWD-K72UFRSS,Dorota,Adamska,Urząd Miasta Sanok,Zastępca Burmistrza,,"
                              "podkarpackie,Uczestnik,\"29.11,30.11\",dorota.adamska@example.org\n";

struct BadRoster {
    std::string name;     // the test's name
    std::string file;     // the roster's file name
    std::string content;  // its bytes
    std::size_t line = 0; // the line stderr must name as FILE:LINE:, 0 when the whole file is wrong
    std::string mention;  // a word the message must contain
};

std::string fake_xlsx() {
    std::string bytes = "PK\x03\x04\x14\x00\x06\x00\x08\x00"s;
    bytes += std::string(16, '\0');
    bytes += "[Content_Types].xml";
    bytes += std::string(64, '\0');
    return bytes;
}

std::vector<BadRoster> bad_rosters() {
    return {
        {"DuplicateCode", "duplicate.csv", roster_header + good_row + other_row + good_row, 4,
         "CWD-ZPZXSWG7"},
        {"MissingCode", "no-code.csv", roster_header + good_row + ",Jan,Nowak,,,,,,29.11,\n", 3, "code"},
        {"MissingFirstName", "no-first-name.csv",
         roster_header + good_row + "CWD-AAAA2222,,Nowak,,,,,,29.11,\n", 3, "first name"},
        {"MissingLastName", "no-last-name.csv", roster_header + good_row + "CWD-AAAA2222,Jan,,,,,,,29.11,\n",
         3, "last name"},
        {"ImpossibleDay", "impossible-day.csv",
         roster_header + good_row + "CWD-AAAA2222,Jan,Nowak,,,,,,31.11,\n", 3, "31.11"},
        {"DayOutsideTheEvent", "other-day.csv",
         roster_header + good_row + "CWD-AAAA2222,Jan,Nowak,,,,,,1.12,\n", 3, "1.12"},
        {"UnterminatedQuote", "quote.csv",
         roster_header + good_row + other_row + "CWD-AAAA2222,Jan,\"Nowak,,,,,,29.11,\n", 4, "quote"},
        {"TextAfterClosingQuote", "after-quote.csv",
         roster_header + good_row + "CWD-AAAA2222,Jan,\"Nowak\"ski,,,,,,29.11,\n" + other_row, 3, "quote"},
        {"BinaryFile", "roster.xlsx", fake_xlsx(), 0, "xlsx"},
        {"MissingHeaderColumn", "no-last-name-column.csv",
         "Kod,Imię,Instytucja,Dni\nCWD-AAAA2222,Jan,X,29.11\n", 1, "Nazwisko"},
        {"EmptyFile", "empty.csv", "", 0, "empty"},
    };
}

// Names the case in gtest's messages instead of dumping the struct's bytes.
void PrintTo(const BadRoster& roster, std::ostream* out) {
    *out << roster.name;
}

class RefusedImport : public Kioskctl, public ::testing::WithParamInterface<BadRoster> {};

TEST_P(RefusedImport, ExitsTwoNamesTheLineAndChangesNothing) {
    const auto& roster = GetParam();
    const std::string path = directory.file(roster.file);
    write_file(path, roster.content);

    import_fixture(database);
    checkin(first_day, fixture_delegates_list().front().code, 0); // so the journal is not empty either
    const auto before = snapshot();

    // The event options would change the mirror if anything were written.
    const auto result = ctl({"import", path, "--event-name", "Zmienione", "--event-days", event_days});
    EXPECT_EQ(result.exit_code, 2) << result.describe();
    EXPECT_TRUE(result.out.empty()) << result.out;
    EXPECT_NE(result.err.find(roster.mention), std::string::npos) << result.err;
    if (roster.line > 0) {
        const std::string location = path + ":" + std::to_string(roster.line) + ":";
        EXPECT_NE(result.err.find(location), std::string::npos)
            << "stderr must name " << location << " so an editor can jump there; it says:\n"
            << result.err;
    } else {
        EXPECT_NE(result.err.find(path + ":"), std::string::npos) << result.err;
    }
    expect_same(before, snapshot());

    const std::string fresh = directory.file("fresh.db");
    const auto into_new = run_kioskctl({"--db", fresh, "import", path, "--event-days", event_days});
    EXPECT_EQ(into_new.exit_code, 2) << into_new.describe();
    EXPECT_FALSE(any_database_file_exists(fresh)) << "a refused import must leave no file behind";
}

INSTANTIATE_TEST_SUITE_P(Kioskctl, RefusedImport, ::testing::ValuesIn(bad_rosters()),
                         [](const ::testing::TestParamInfo<BadRoster>& case_info) {
                             return case_info.param.name;
                         });

TEST_F(Kioskctl, AMissingRosterFileExitsTwo) {
    const auto result = ctl({"import", directory.file("nowhere.csv"), "--event-days", event_days});
    EXPECT_EQ(result.exit_code, 2) << result.describe();
    EXPECT_NE(result.err.find("nowhere.csv"), std::string::npos) << result.err;
    EXPECT_FALSE(any_database_file_exists(database));
}

// --- dry run ------------------------------------------------------------------------------------------

// The fixture with its last two delegates gone, one organisation changed and one delegate added.
std::string changed_roster() {
    std::istringstream lines(read_file(fixture_path("serock-roster.csv")));
    std::vector<std::string> kept;
    std::string line;
    while (std::getline(lines, line)) {
        if (!line.empty()) {
            kept.push_back(line);
        }
    }
    kept.resize(kept.size() - 2);
    const std::string old_organisation = "Urząd Miasta Tomaszów Lubelski";
    std::size_t changed = 0;
    for (auto& row : kept) {
        if (row.starts_with("CWD-NAKWBT3B,")) {
            row.replace(row.find(old_organisation), old_organisation.size(),
                        "Starostwo Powiatowe w Tomaszowie");
            ++changed;
        }
    }
    EXPECT_EQ(changed, 1u) << "the fixture has CWD-NAKWBT3B at " << old_organisation;
    kept.push_back(
        "CWD-AAAA2222,Jan,Nowak,Gmina Serock,Wójt,,mazowieckie,Uczestnik,30.11,jan.nowak@example.org");
    std::string text;
    for (const auto& row : kept) {
        text += row + '\n';
    }
    return text;
}

TEST_F(Kioskctl, DryRunReportsTheChangesAndWritesNothing) {
    const std::string path = directory.file("changed.csv");
    write_file(path, changed_roster());
    import_fixture(database);
    const auto before = snapshot();

    const auto dry = ctl({"import", path, "--dry-run", "--event-name", "Zmienione"});
    ASSERT_EQ(dry.exit_code, 0) << dry.describe();
    EXPECT_NE(dry.out.find("Dry run"), std::string::npos) << dry.out;
    EXPECT_NE(dry.out.find("319 delegates"), std::string::npos) << dry.out;
    EXPECT_NE(dry.out.find("1 added, 1 updated, 317 unchanged, 2 cancelled"), std::string::npos) << dry.out;
    expect_same(before, snapshot());

    // The real import does what the dry run announced.
    const auto real = ctl({"import", path});
    ASSERT_EQ(real.exit_code, 0) << real.describe();
    EXPECT_NE(real.out.find("1 added, 1 updated, 317 unchanged, 2 cancelled"), std::string::npos) << real.out;
    const auto statistics = parse_json(ctl_on(first_day, {"stats", "--json"}));
    EXPECT_EQ(statistics["delegates"], 321);
    EXPECT_EQ(statistics["active"], 319);
    EXPECT_EQ(statistics["cancelled"], 2);
}

TEST_F(Kioskctl, DryRunIntoANewMirrorCreatesNoFile) {
    const auto dry =
        ctl({"import", fixture_path("serock-roster.csv"), "--dry-run", "--event-days", event_days});
    ASSERT_EQ(dry.exit_code, 0) << dry.describe();
    EXPECT_NE(dry.out.find("320 added"), std::string::npos) << dry.out;
    EXPECT_FALSE(any_database_file_exists(database));
}

} // namespace
} // namespace checkin::test
