#include "sync/mirror/roster_export.hpp"
#include "sync/roster/csv.hpp"
#include "tests/sync/mirror/mirror_fixture.hpp"

#include <algorithm>
#include <cstdlib>
#include <ctime>
#include <gtest/gtest.h>
#include <optional>
#include <string>
#include <vector>

namespace checkin::sync {
namespace {

using namespace mirror_fixture;

constexpr std::string_view bom = "\xEF\xBB\xBF";
constexpr std::string_view header =
    "Kod;Imię;Nazwisko;Instytucja;Stanowisko;Partnerstwo;Województwo;Rola;Dni;"
    "E-mail;Status;Pochodzenie;Obecność 29.11;Obecność 30.11";

// The venue's time zone for the test's duration (a POSIX rule, so no tz database is needed).
class WarsawTime {
public:
    WarsawTime() {
        if (const char* old = std::getenv("TZ")) {
            m_previous = old;
        }
        ::setenv("TZ", "CET-1CEST,M3.5.0,M10.5.0/3", 1);
        ::tzset();
    }
    WarsawTime(const WarsawTime&) = delete;
    WarsawTime& operator=(const WarsawTime&) = delete;
    ~WarsawTime() {
        if (m_previous) {
            ::setenv("TZ", m_previous->c_str(), 1);
        } else {
            ::unsetenv("TZ");
        }
        ::tzset();
    }

private:
    std::optional<std::string> m_previous;
};

std::vector<std::string> split(std::string_view text, std::string_view separator) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (true) {
        const auto end = text.find(separator, start);
        parts.emplace_back(
            text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
        if (end == std::string_view::npos) {
            break;
        }
        start = end + separator.size();
    }
    return parts;
}

// The data lines of an export (BOM and header removed, no trailing empty line), found by code.
std::string line_of(const std::string& csv, std::string_view code) {
    for (const auto& line : split(csv, "\r\n")) {
        if (line.starts_with(std::string(code) + ";")) {
            return line;
        }
    }
    return {};
}

std::string export_of(Mirror& mirror) {
    auto event = mirror.event();
    EXPECT_TRUE(event.has_value());
    return export_attendance_csv(all_of(mirror), event.value_or(Event{}));
}

CheckinResult check_in(Mirror& mirror, std::string_view code, Day day, std::int64_t at) {
    CheckinRequest request;
    request.payload = std::string(code);
    request.kiosk_id = "kiosk-1";
    request.operator_name = "self-service";
    request.now_milliseconds = at;
    request.today = day;
    auto result = mirror.check_in(request);
    EXPECT_TRUE(result.has_value()) << (result.has_value() ? "" : result.error().message);
    return result.value_or(CheckinResult{});
}

class ExportFixture : public ::testing::Test {
protected:
    void SetUp() override {
        mirror = open_mirror(dir.file("mirror.db"));
        ASSERT_TRUE(mirror);
        entries = fixture_entries();
        ASSERT_EQ(import(*mirror, entries).added, fixture_size);
        rows = fixture_rows();
    }

    WarsawTime warsaw;
    TempDir dir;
    std::optional<Mirror> mirror;
    std::vector<RosterEntry> entries;
    std::vector<FixtureRow> rows;
};

TEST_F(ExportFixture, StartsWithTheBomAndTheHeaderAndUsesCrlf) {
    const auto csv = export_of(*mirror);
    ASSERT_TRUE(csv.starts_with(bom));
    EXPECT_TRUE(csv.substr(bom.size()).starts_with(std::string(header) + "\r\n"));
    EXPECT_TRUE(csv.ends_with("\r\n"));
    const auto lf = static_cast<std::size_t>(std::count(csv.begin(), csv.end(), '\n'));
    const auto crlf = split(csv, "\r\n").size() - 1;
    EXPECT_EQ(lf, crlf) << "a line ends without CR";
    EXPECT_EQ(crlf, fixture_size + 1);
    // Every line has the same number of fields (no field here needs quotes).
    const auto lines = split(csv.substr(bom.size()), "\r\n");
    for (std::size_t index = 0; index + 1 < lines.size(); ++index) {
        EXPECT_EQ(std::count(lines[index].begin(), lines[index].end(), ';'), 13) << lines[index];
    }
}

TEST_F(ExportFixture, RowsCarryTheRosterFieldsAndTheCheckinTimes) {
    // Someone admitted both days, checked in both days; someone admitted on 30.11 only, checked in then;
    // someone never checked in.
    const auto both = std::find_if(rows.begin(), rows.end(),
                                   [](const FixtureRow& row) { return row.days == "29.11,30.11"; });
    const auto second_only =
        std::find_if(rows.begin(), rows.end(), [](const FixtureRow& row) { return row.days == "30.11"; });
    const auto absent = std::find_if(rows.begin(), rows.end(), [&](const FixtureRow& row) {
        return row.code != both->code && row.code != second_only->code;
    });
    ASSERT_NE(both, rows.end());
    ASSERT_NE(second_only, rows.end());

    ASSERT_EQ(check_in(*mirror, both->code, first_day, utc_milliseconds(first_day, 8, 14, 59)).outcome,
              CheckinOutcome::admitted); // 9:14 in Serock (CET)
    ASSERT_EQ(check_in(*mirror, both->code, second_day, utc_milliseconds(second_day, 11, 5)).outcome,
              CheckinOutcome::admitted); // 12:05
    ASSERT_EQ(check_in(*mirror, second_only->code, second_day, utc_milliseconds(second_day, 6, 58)).outcome,
              CheckinOutcome::admitted); // 7:58

    const auto csv = export_of(*mirror);
    const auto expected_line = [](const FixtureRow& row, std::string_view first, std::string_view second) {
        return row.code + ";" + row.first_name + ";" + row.last_name + ";" + row.organisation + ";" +
               row.position + ";" + row.partnership + ";" + row.voivodeship + ";" + row.role + ";" +
               row.days + ";" + row.email + ";active;roster;" + std::string(first) + ";" +
               std::string(second);
    };
    EXPECT_EQ(line_of(csv, both->code), expected_line(*both, "9:14", "12:05"));
    EXPECT_EQ(line_of(csv, second_only->code), expected_line(*second_only, "", "7:58"));
    EXPECT_EQ(line_of(csv, absent->code), expected_line(*absent, "", ""));
}

TEST_F(ExportFixture, UndoneCheckinsAreNotExported) {
    const auto& code = rows[0].code;
    const auto admitted = check_in(*mirror, code, first_day, utc_milliseconds(first_day, 8, 0));
    ASSERT_EQ(admitted.outcome, CheckinOutcome::admitted);
    CheckinEvent undo;
    undo.id = new_event_id();
    undo.delegate_code = code;
    undo.kind = EventKind::undo;
    undo.at_milliseconds = utc_milliseconds(first_day, 8, 1);
    undo.day = first_day;
    undo.kiosk_id = "staff-desk";
    undo.undoes = admitted.event_id.value_or("");
    ASSERT_TRUE(mirror->append_event(undo).has_value());
    EXPECT_TRUE(line_of(export_of(*mirror), code).ends_with(";active;roster;;"));
}

TEST_F(ExportFixture, CancelledDelegatesAreExportedWithTheirStatus) {
    auto shorter = entries;
    const auto code = shorter.front().delegate.code;
    shorter.erase(shorter.begin());
    ASSERT_EQ(import(*mirror, shorter).cancelled, 1U);
    EXPECT_TRUE(line_of(export_of(*mirror), code).ends_with(";cancelled;roster;;"));
}

TEST_F(ExportFixture, RoundTripsThroughTheRosterParser) {
    ASSERT_EQ(check_in(*mirror, rows[3].code, second_day, utc_milliseconds(second_day, 8, 0)).outcome,
              CheckinOutcome::admitted);
    const auto csv = export_of(*mirror);
    auto parsed = parse_roster(csv, RosterOptions{}, serock_event());
    ASSERT_TRUE(parsed.has_value()) << problems_text(parsed.error());
    EXPECT_EQ(parsed->encoding, Encoding::utf8);
    EXPECT_EQ(parsed->delimiter, ';');
    EXPECT_EQ(parsed->ignored_columns,
              (std::vector<std::string>{"Status", "Pochodzenie", "Obecność 29.11", "Obecność 30.11"}));
    ASSERT_EQ(parsed->entries.size(), fixture_size);

    std::map<std::string, const Delegate*> original;
    for (const auto& entry : entries) {
        original.emplace(entry.delegate.code, &entry.delegate);
    }
    for (const auto& entry : parsed->entries) {
        const auto found = original.find(entry.delegate.code);
        ASSERT_NE(found, original.end()) << entry.delegate.code;
        EXPECT_TRUE(found->second->same_details(entry.delegate)) << describe(*found->second) << "\n"
                                                                 << describe(entry.delegate);
    }

    // Imported back, nothing changes.
    const auto summary = import(*mirror, parsed->entries);
    EXPECT_EQ(summary.unchanged, fixture_size);
    EXPECT_EQ(summary.added + summary.updated + summary.cancelled, 0U);
}

TEST(ExportQuoting, FieldsWithSemicolonsQuotesOrLineBreaksAreQuoted) {
    TempDir dir;
    auto mirror = open_mirror(dir.file("mirror.db"));
    ASSERT_TRUE(mirror);
    const auto entries =
        parse_entries("Kod;Imię;Nazwisko;Instytucja;Stanowisko;Dni\n"
                      "Q-1;Anna;Nowak;\"Stowarzyszenie \"\"Razem\"\"; Serock\";Wójt, radna;29.11\n"
                      "Q-2;Jan;Kowal;\"Gmina \"\"Zielona\"\"\";\"Sekretarz\nGminy\";\n");
    ASSERT_EQ(entries.size(), 2U);
    ASSERT_EQ(entries[0].delegate.organisation, "Stowarzyszenie \"Razem\"; Serock");
    ASSERT_EQ(import(*mirror, entries).added, 2U);

    const auto csv = export_of(*mirror);
    EXPECT_EQ(
        line_of(csv, "Q-1"),
        "Q-1;Anna;Nowak;\"Stowarzyszenie \"\"Razem\"\"; Serock\";Wójt, radna;;;;29.11;;active;roster;;");
    // The roster's line break inside a quoted cell was imported as a space (roster.cpp).
    EXPECT_NE(csv.find("Q-2;Jan;Kowal;\"Gmina \"\"Zielona\"\"\";Sekretarz Gminy;;;;;;active;roster;;\r\n"),
              std::string::npos)
        << csv;
    // A line break that did reach a cell (a mirror from before that rule) is still quoted.
    std::string row;
    append_spreadsheet_row(row, {"Q-3", "Sekretarz\nGminy"});
    EXPECT_EQ(row, "Q-3;\"Sekretarz\nGminy\"\r\n");

    auto parsed = parse_roster(csv, RosterOptions{}, serock_event());
    ASSERT_TRUE(parsed.has_value()) << problems_text(parsed.error());
    ASSERT_EQ(parsed->entries.size(), 2U);
    for (std::size_t index = 0; index < 2; ++index) {
        const auto& back = parsed->entries[index].delegate;
        const auto original = std::find_if(entries.begin(), entries.end(), [&](const RosterEntry& entry) {
            return entry.delegate.code == back.code;
        });
        ASSERT_NE(original, entries.end());
        EXPECT_TRUE(original->delegate.same_details(back)) << describe(original->delegate) << "\n"
                                                           << describe(back);
    }
}

TEST(ExportQuoting, FormulaCellsAreEscapedAndImportBackWithoutASecondQuote) {
    TempDir dir;
    auto mirror = open_mirror(dir.file("mirror.db"));
    ASSERT_TRUE(mirror);
    const auto entries =
        parse_entries("Kod;Imię;Nazwisko;Instytucja;Stanowisko;Dni\n"
                      "F-1;\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\";+48 600;@SUM(A1);-1;29.11\n"
                      "F-2;Anna;Nowak;Gmina=Serock;;\n");
    ASSERT_EQ(entries.size(), 2U);
    ASSERT_EQ(entries[0].delegate.first_name, "=HYPERLINK(\"http://x\",\"y\")");
    ASSERT_EQ(import(*mirror, entries).added, 2U);

    const auto csv = export_of(*mirror);
    EXPECT_EQ(
        line_of(csv, "F-1"),
        "F-1;\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\";'+48 600;'@SUM(A1);'-1;;;;29.11;;active;roster;;");
    EXPECT_EQ(line_of(csv, "F-2"), "F-2;Anna;Nowak;Gmina=Serock;;;;;;;active;roster;;")
        << "only a cell's first character counts";

    // Imported back: the values as they were, and the next export is the same file, not a second '.
    auto parsed = parse_roster(csv, RosterOptions{}, serock_event());
    ASSERT_TRUE(parsed.has_value()) << problems_text(parsed.error());
    ASSERT_EQ(parsed->entries.size(), 2U);
    const auto& back = parsed->entries[0].delegate.code == "F-1" ? parsed->entries[0] : parsed->entries[1];
    EXPECT_EQ(back.delegate.first_name, "=HYPERLINK(\"http://x\",\"y\")");
    EXPECT_EQ(back.delegate.last_name, "+48 600");
    EXPECT_EQ(back.delegate.organisation, "@SUM(A1)");
    EXPECT_EQ(back.delegate.position, "-1");
    EXPECT_EQ(import(*mirror, parsed->entries).unchanged, 2U);
    EXPECT_EQ(export_of(*mirror), csv);
}

TEST(ExportQuoting, TheFormulaEscapeCoversEveryCharacterOwaspNames) {
    for (const std::string cell : {"=1", "+1", "-1", "@1", "\t1", "\r1"}) {
        EXPECT_EQ(escape_formula(cell), "'" + cell);
        EXPECT_EQ(unescape_formula(escape_formula(cell)), cell);
    }
    for (const std::string cell : {"", "1", "'", "'1", "Anna", " =1", "'=1"}) {
        EXPECT_EQ(escape_formula(cell), cell) << cell;
    }
    EXPECT_EQ(unescape_formula("'1"), "'1") << "only a ' the escape could have added is taken off";
}

TEST(ExportQuoting, AnEventWithoutDaysHasNoAttendanceColumns) {
    const std::string csv = export_attendance_csv({}, Event{});
    EXPECT_EQ(csv, std::string(bom) +
                       "Kod;Imię;Nazwisko;Instytucja;Stanowisko;Partnerstwo;Województwo;Rola;Dni;E-mail;"
                       "Status;Pochodzenie\r\n");
}

} // namespace
} // namespace checkin::sync
