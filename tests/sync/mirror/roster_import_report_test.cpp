#include "sync/mirror/roster_import_report.hpp"

#include <filesystem>
#include <gtest/gtest.h>
#include <string>
#include <vector>

namespace checkin::sync {
namespace {

Roster roster_of(std::size_t delegates, Encoding encoding, char delimiter) {
    Roster roster;
    roster.encoding = encoding;
    roster.delimiter = delimiter;
    roster.entries.resize(delegates);
    return roster;
}

TEST(RosterImportReport, TheRosterFileIsReadWholeOrTheErrorNamesIt) {
    const auto bytes = read_roster_file(CHECKIN_TEST_DATA "/serock-roster.csv");
    ASSERT_TRUE(bytes.has_value()) << bytes.error().message;
    EXPECT_EQ(bytes->size(), std::filesystem::file_size(CHECKIN_TEST_DATA "/serock-roster.csv"));

    const std::string missing = CHECKIN_TEST_DATA "/no-such-roster.csv";
    const auto refused = read_roster_file(missing);
    ASSERT_FALSE(refused.has_value());
    EXPECT_EQ(refused.error().kind, ErrorKind::io);
    EXPECT_EQ(refused.error().message, "cannot read " + missing + ": No such file or directory");
}

TEST(RosterImportReport, OptionsAsTypedBecomeRosterOptions) {
    auto options = roster_options_from({.encoding = "cp1250",
                                        .delimiter = "semicolon",
                                        .column_mappings = {"first_name=Imiona", "code=Identyfikator"}});
    ASSERT_TRUE(options.has_value()) << options.error().message;
    EXPECT_EQ(options->encoding, EncodingChoice::cp1250);
    EXPECT_EQ(options->delimiter, DelimiterChoice::semicolon);
    ASSERT_EQ(options->columns.size(), 2U);
    EXPECT_EQ(options->columns[0].field, RosterField::first_name);
    EXPECT_EQ(options->columns[0].header, "Imiona");
    EXPECT_EQ(options->columns[1].field, RosterField::code);

    auto defaults = roster_options_from({});
    ASSERT_TRUE(defaults.has_value());
    EXPECT_EQ(defaults->encoding, EncodingChoice::automatic);
    EXPECT_EQ(defaults->delimiter, DelimiterChoice::automatic);
    EXPECT_TRUE(defaults->columns.empty());
}

TEST(RosterImportReport, AnUnreadableColumnOptionIsAnErrorNamingIt) {
    auto options = roster_options_from({.column_mappings = {"first_name=Imiona", "shoe_size=Rozmiar"}});
    ASSERT_FALSE(options.has_value());
    EXPECT_EQ(options.error().kind, ErrorKind::invalid_input);
    EXPECT_NE(options.error().message.find("shoe_size"), std::string::npos) << options.error().message;
}

TEST(RosterImportReport, ProblemsOneALineWithTheLineNumberWhenThereIsOne) {
    EXPECT_EQ(roster_problems_text("lista.csv", {}), "");
    EXPECT_EQ(roster_problems_text("lista.csv", {{3, "the code A-1 is also on line 2"},
                                                 {0, "the file has no column for the last name"}}),
              "lista.csv:3: the code A-1 is also on line 2\n"
              "lista.csv: the file has no column for the last name\n");
}

TEST(RosterImportReport, TheSummaryNamesTheFileItsFormatAndEveryCount) {
    const ImportSummary summary{.added = 5, .updated = 3, .unchanged = 310, .cancelled = 2};
    EXPECT_EQ(
        import_summary_text("lista.csv", roster_of(318, Encoding::cp1250, ';'), summary, WriteMode::write),
        "Imported lista.csv (cp1250, semicolons): 318 delegates — 5 added, 3 updated, 310 unchanged, "
        "2 cancelled");
    ImportSummary back = summary;
    back.reactivated = 1;
    EXPECT_EQ(import_summary_text("lista.csv", roster_of(318, Encoding::utf8, ','), back, WriteMode::dry_run),
              "Dry run, nothing written: lista.csv (utf-8, commas): 318 delegates — 5 added, 3 updated, "
              "310 unchanged, 2 cancelled (1 back from cancelled)");
}

TEST(RosterImportReport, IgnoredColumnsAreListedQuotedOrNothingIsSaid) {
    Roster roster = roster_of(1, Encoding::utf8, ',');
    EXPECT_EQ(ignored_columns_text(roster), "");
    roster.ignored_columns = {"Uwagi", "Numer telefonu"};
    EXPECT_EQ(ignored_columns_text(roster), "Columns not imported: \"Uwagi\" \"Numer telefonu\"\n");
}

} // namespace
} // namespace checkin::sync
