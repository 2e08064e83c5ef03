#include "sync/roster/csv.hpp"
#include "sync/roster/text_encoding.hpp"

#include <chrono>
#include <fstream>
#include <gtest/gtest.h>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

namespace checkin::sync {
namespace {

using Fields = std::vector<std::string>;

std::string read_test_file(const std::string& name) {
    std::ifstream file(std::string(CHECKIN_TEST_DATA) + "/" + name, std::ios::binary);
    EXPECT_TRUE(file.is_open()) << "cannot open test data file " << name;
    return {std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
}

CsvTable parse_ok(std::string_view text, DelimiterChoice choice = DelimiterChoice::automatic) {
    auto table = parse_csv(text, choice);
    EXPECT_TRUE(table.has_value()) << (table.has_value() ? "" : table.error().message);
    return table.has_value() ? std::move(*table) : CsvTable{};
}

std::string parse_error(std::string_view text, DelimiterChoice choice = DelimiterChoice::automatic) {
    const auto table = parse_csv(text, choice);
    EXPECT_FALSE(table.has_value());
    if (table.has_value()) {
        return "(parsed without error)";
    }
    EXPECT_EQ(table.error().kind, ErrorKind::invalid_input);
    return table.error().message;
}

std::vector<std::size_t> lines_of(const CsvTable& table) {
    std::vector<std::size_t> lines;
    for (const CsvRecord& record : table.records) {
        lines.push_back(record.line);
    }
    return lines;
}

TEST(Csv, FixturesInBothEncodingsParseToIdenticalRecords) {
    const auto utf8_text =
        decode_roster_bytes(read_test_file("serock-roster.csv"), EncodingChoice::automatic);
    const auto cp1250_text =
        decode_roster_bytes(read_test_file("serock-roster-cp1250.csv"), EncodingChoice::automatic);
    ASSERT_TRUE(utf8_text.has_value());
    ASSERT_TRUE(cp1250_text.has_value());
    EXPECT_EQ(utf8_text->source_encoding, Encoding::utf8);
    EXPECT_EQ(cp1250_text->source_encoding, Encoding::cp1250);

    const CsvTable from_utf8 = parse_ok(utf8_text->utf8);
    const CsvTable from_cp1250 = parse_ok(cp1250_text->utf8);
    EXPECT_EQ(from_utf8.delimiter, ',');
    EXPECT_EQ(from_cp1250.delimiter, ';');
    ASSERT_EQ(from_utf8.records.size(), 321u);
    ASSERT_EQ(from_cp1250.records.size(), 321u);

    for (std::size_t index = 0; index < from_utf8.records.size(); ++index) {
        const CsvRecord& left = from_utf8.records[index];
        const CsvRecord& right = from_cp1250.records[index];
        ASSERT_EQ(left.fields.size(), 10u) << "record " << index;
        EXPECT_EQ(left.fields, right.fields) << "record " << index;
        EXPECT_EQ(left.line, index + 1);
        EXPECT_EQ(right.line, index + 1);
    }

    EXPECT_EQ(from_utf8.records[0].fields, (Fields{"Kod", "Imię", "Nazwisko", "Instytucja", "Stanowisko",
                                                   "Partnerstwo", "Województwo", "Rola", "Dni", "E-mail"}));
    // Empty fields, and "29.11,30.11", which the UTF-8 file has to quote because it holds the delimiter.
    EXPECT_EQ(from_cp1250.records[1].fields,
              (Fields{"CWD-ZPZXSWG7", "Barbara", "Sikora", "Związek Miast Polskich", "Specjalista", "", "",
                      "Ekspert", "29.11,30.11", "barbara.sikora@example.org"}));
    // The cp1250 file ends its lines with CRLF: no CR may leak into the last field.
    EXPECT_EQ(from_cp1250.records.back().fields.back().find('\r'), std::string::npos);
}

TEST(Csv, QuotedFieldsHoldDelimitersDoubledQuotesAndLineBreaks) {
    const CsvTable table = parse_ok("Kod;Nazwa;Uwagi\n"
                                    "A1;\"Urząd; Gminy\";\"Powiedział \"\"tak\"\"\"\n"
                                    "A2;\"dwie\nlinie\";\"trzy\r\nlinie\rtu\"\n"
                                    "A3;x;\"\"\n");
    EXPECT_EQ(table.delimiter, ';');
    ASSERT_EQ(table.records.size(), 4u);
    EXPECT_EQ(table.records[1].fields, (Fields{"A1", "Urząd; Gminy", "Powiedział \"tak\""}));
    EXPECT_EQ(table.records[2].fields, (Fields{"A2", "dwie\nlinie", "trzy\nlinie\ntu"}));
    EXPECT_EQ(table.records[3].fields, (Fields{"A3", "x", ""}));
    // A2 spans lines 3–6, so A3 starts on line 7.
    EXPECT_EQ(lines_of(table), (std::vector<std::size_t>{1, 2, 3, 7}));
}

TEST(Csv, UnterminatedQuoteReportsTheLineWhereItOpens) {
    EXPECT_EQ(parse_error("a;b\nc;\"open\nmore\nstuff\n"),
              "line 2: a quoted field is never closed (the quote opens here)");
    EXPECT_EQ(parse_error("a;b\n\nc;d\n\"x"),
              "line 4: a quoted field is never closed (the quote opens here)");
}

TEST(Csv, TextAfterAClosingQuoteIsAnError) {
    EXPECT_EQ(parse_error("a;b;c\n1;2;\"abc\"def\n"),
              "line 2: unexpected text after a closing quote in field 3");
    // The line is where the closing quote is, which is what the user sees in an editor.
    EXPECT_EQ(parse_error("a;b\nx;\"one\ntwo\" \n"),
              "line 3: unexpected text after a closing quote in field 2");
}

TEST(Csv, CrLfAndCrLineEnds) {
    const Fields first{"a", "b"};
    const Fields second{"c", "d"};
    for (const std::string_view text : {"a;b\r\nc;d\r\n", "a;b\rc;d\r", "a;b\nc;d", "a;b\r\nc;d"}) {
        const CsvTable table = parse_ok(text);
        ASSERT_EQ(table.records.size(), 2u) << text;
        EXPECT_EQ(table.records[0].fields, first);
        EXPECT_EQ(table.records[1].fields, second);
        EXPECT_EQ(lines_of(table), (std::vector<std::size_t>{1, 2}));
    }
    const CsvTable mixed = parse_ok("a;b\r\n\rc;d\n\r\ne;f");
    EXPECT_EQ(lines_of(mixed), (std::vector<std::size_t>{1, 3, 5}));
}

TEST(Csv, BlankLinesAreSkippedButCounted) {
    const CsvTable table = parse_ok("a;b\n\n\nc;d\n\"\"\ne;f\n");
    ASSERT_EQ(table.records.size(), 3u);
    EXPECT_EQ(lines_of(table), (std::vector<std::size_t>{1, 4, 6}));
    EXPECT_EQ(table.records[2].fields, (Fields{"e", "f"}));

    const CsvTable leading = parse_ok("\r\n\r\nKod;Imię\r\nA1;Ala\r\n");
    EXPECT_EQ(lines_of(leading), (std::vector<std::size_t>{3, 4}));
}

TEST(Csv, TrailingWhitespaceOnlyLinesAreIgnored) {
    const CsvTable table = parse_ok("a;b\nc;d\n   \n\t\n\n");
    ASSERT_EQ(table.records.size(), 2u);
    EXPECT_EQ(table.records[1].fields, (Fields{"c", "d"}));

    // In the middle, a line of spaces is a record like any other: the caller decides what it means.
    const CsvTable middle = parse_ok("a;b\n  \nc;d\n");
    ASSERT_EQ(middle.records.size(), 3u);
    EXPECT_EQ(middle.records[1].fields, (Fields{"  "}));
}

TEST(Csv, WhitespaceAroundUnquotedFieldsIsKept) {
    const CsvTable table = parse_ok(" a ; b\t;c  \n");
    ASSERT_EQ(table.records.size(), 1u);
    EXPECT_EQ(table.records[0].fields, (Fields{" a ", " b\t", "c  "}));
}

TEST(Csv, LoneQuoteInsideAnUnquotedFieldIsKept) {
    const CsvTable table = parse_ok("a;O\"Brien;x\"; \"y\"\n");
    ASSERT_EQ(table.records.size(), 1u);
    EXPECT_EQ(table.records[0].fields, (Fields{"a", "O\"Brien", "x\"", " \"y\""}));
}

TEST(Csv, TrailingEmptyFieldIsAField) {
    const CsvTable table = parse_ok("a;b;\nc;d;", DelimiterChoice::semicolon);
    ASSERT_EQ(table.records.size(), 2u);
    EXPECT_EQ(table.records[0].fields, (Fields{"a", "b", ""}));
    EXPECT_EQ(table.records[1].fields, (Fields{"c", "d", ""}));

    const CsvTable only_delimiters = parse_ok(";;\n", DelimiterChoice::semicolon);
    ASSERT_EQ(only_delimiters.records.size(), 1u);
    EXPECT_EQ(only_delimiters.records[0].fields, (Fields{"", "", ""}));
}

TEST(Csv, EmptyInputGivesNoRecords) {
    for (const std::string_view text : {"", "\n", "\r\n\r\n", "   \n\t\n"}) {
        const CsvTable table = parse_ok(text);
        EXPECT_TRUE(table.records.empty()) << '"' << text << '"';
    }
    EXPECT_EQ(parse_ok("").delimiter, ',');
    EXPECT_EQ(parse_ok("", DelimiterChoice::tab).delimiter, '\t');
}

TEST(Csv, DetectsTheDelimiterFromTheFirstRecord) {
    EXPECT_EQ(detect_delimiter("Kod;Imię;Nazwisko\nA1,B,C,D,E\n"), ';');
    EXPECT_EQ(detect_delimiter("Kod,Imię,Nazwisko\n"), ',');
    EXPECT_EQ(detect_delimiter("Kod\tImię\tNazwisko\r\n"), '\t');
    EXPECT_EQ(detect_delimiter("Kod\tImię, drugie\tNazwisko"), '\t');
    EXPECT_EQ(detect_delimiter("Kod"), ',');
    EXPECT_EQ(detect_delimiter(""), ',');
    EXPECT_EQ(detect_delimiter("\n\nKod;Imię"), ';');      // leading blank lines are not the header
    EXPECT_EQ(detect_delimiter("Kod;Imię,Nazwisko"), ';'); // a tie goes to Polish Excel's ';'
}

TEST(Csv, DetectionIgnoresDelimitersInsideQuotedHeaderFields) {
    EXPECT_EQ(detect_delimiter("\"Nazwisko, imię\";\"Dni (a,b,c)\";Kod\n"), ';');
    EXPECT_EQ(detect_delimiter("\"a;b;c\";\"d;e\",f,g\n"), ',');
    EXPECT_EQ(detect_delimiter("\"Imię\nNazwisko\";Kod\nA,B,C,D,E\n"), ';');
    EXPECT_EQ(detect_delimiter("\"say \"\"a,b,c\"\"\"\tKod\n"), '\t');

    const CsvTable table = parse_ok("\"Nazwisko, imię\";\"Dni\"\n\"Kowalska, Anna\";\"29.11,30.11\"\n");
    EXPECT_EQ(table.delimiter, ';');
    ASSERT_EQ(table.records.size(), 2u);
    EXPECT_EQ(table.records[1].fields, (Fields{"Kowalska, Anna", "29.11,30.11"}));
}

TEST(Csv, ForcedDelimiterOverridesDetection) {
    const std::string_view text = "a;b,c\td\n";
    EXPECT_EQ(parse_ok(text, DelimiterChoice::comma).records[0].fields, (Fields{"a;b", "c\td"}));
    EXPECT_EQ(parse_ok(text, DelimiterChoice::semicolon).records[0].fields, (Fields{"a", "b,c\td"}));
    EXPECT_EQ(parse_ok(text, DelimiterChoice::tab).records[0].fields, (Fields{"a;b,c", "d"}));
    EXPECT_EQ(parse_ok(text, DelimiterChoice::comma).delimiter, ',');
    EXPECT_EQ(parse_ok(text, DelimiterChoice::tab).delimiter, '\t');
}

TEST(Csv, LargeRosterParsesCompletely) {
    constexpr std::size_t row_count = 100'000;
    std::string text = "Kod;Imię;Nazwisko;Instytucja;Stanowisko;Partnerstwo;Województwo;Rola;Dni;E-mail\n";
    for (std::size_t row = 0; row < row_count; ++row) {
        const std::string number = std::to_string(row);
        text += "CWD-" + number +
                ";Przemysław;Wiśniewski-Kòrczëk;Urząd Miasta Tomaszów Lubelski;Skarbnik;"
                "Partnerstwo Roztocza;lubelskie;Uczestnik;\"29.11,30.11\";p" +
                number + "@example.org\r\n";
    }
    const auto started = std::chrono::steady_clock::now();
    const CsvTable table = parse_ok(text);
    const auto elapsed =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
    RecordProperty("parse_milliseconds", static_cast<int>(elapsed.count()));

    ASSERT_EQ(table.records.size(), row_count + 1);
    EXPECT_EQ(table.records.back().line, row_count + 1);
    EXPECT_EQ(table.records.back().fields.size(), 10u);
    EXPECT_EQ(table.records.back().fields[0], "CWD-" + std::to_string(row_count - 1));
    EXPECT_EQ(table.records.back().fields[8], "29.11,30.11");
    // Not a benchmark (those live in tests/bench); only a guard against accidentally quadratic parsing,
    // loose enough for Debug and sanitizer builds.
    EXPECT_LT(elapsed.count(), 5000);
}

} // namespace
} // namespace checkin::sync
