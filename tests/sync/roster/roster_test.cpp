#include "sync/roster/roster.hpp"

#include <chrono>
#include <cstddef>
#include <fstream>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <iterator>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace checkin::sync {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using namespace std::string_view_literals;

constexpr std::string_view polish_header_line =
    "Kod,Imię,Nazwisko,Instytucja,Stanowisko,Partnerstwo,Województwo,Rola,Dni,E-mail";
constexpr std::string_view english_header_line =
    "Code,First name,Last name,Organisation,Position,Partnership,Voivodeship,Role,Days,E-mail";

std::string read_test_file(const std::string& name) {
    std::ifstream file(std::string(CHECKIN_TEST_DATA) + "/" + name, std::ios::binary);
    EXPECT_TRUE(file.is_open()) << "cannot open test data file " << name;
    return {std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
}

constexpr Day day_of(int year, unsigned month, unsigned day) {
    return Day{std::chrono::year{year}, std::chrono::month{month}, std::chrono::day{day}};
}

const Day november_29 = day_of(2026, 11, 29);
const Day november_30 = day_of(2026, 11, 30);

Event serock() {
    return Event{"Kongres Partnerstw, Serock", {november_29, november_30}};
}

std::string describe(const std::vector<RosterProblem>& problems) {
    std::string text;
    for (const auto& problem : problems) {
        text += "  line " + std::to_string(problem.line) + ": " + problem.message + "\n";
    }
    return text;
}

std::string iso_days(const std::vector<Day>& days) {
    std::string text;
    for (const auto& day : days) {
        text += text.empty() ? "" : ",";
        text += format_iso_day(day);
    }
    return text;
}

Roster parse_ok(std::string_view bytes, const RosterOptions& options = {}, const Event& event = serock()) {
    auto roster = parse_roster(bytes, options, event);
    EXPECT_TRUE(roster.has_value()) << "refused:\n" << (roster ? "" : describe(roster.error()));
    return roster ? std::move(*roster) : Roster{};
}

std::vector<RosterProblem> problems_of(std::string_view bytes, const RosterOptions& options = {},
                                       const Event& event = serock()) {
    auto roster = parse_roster(bytes, options, event);
    EXPECT_FALSE(roster.has_value()) << "accepted with " << (roster ? roster->entries.size() : 0)
                                     << " entries";
    return roster ? std::vector<RosterProblem>{} : std::move(roster.error());
}

std::vector<std::size_t> lines_of(const std::vector<RosterProblem>& problems) {
    std::vector<std::size_t> lines;
    for (const auto& problem : problems) {
        lines.push_back(problem.line);
    }
    return lines;
}

struct Expected {
    std::size_t line;
    std::string_view message_part;
};

// Every problem, in order: its line and a part of its message.
void expect_problems(const std::vector<RosterProblem>& problems, const std::vector<Expected>& expected) {
    SCOPED_TRACE("problems:\n" + describe(problems));
    ASSERT_EQ(problems.size(), expected.size());
    for (std::size_t index = 0; index < expected.size(); ++index) {
        EXPECT_EQ(problems[index].line, expected[index].line) << "problem " << index;
        EXPECT_THAT(problems[index].message, HasSubstr(std::string(expected[index].message_part)))
            << "problem " << index;
    }
}

void expect_same_delegate(const Delegate& left, const Delegate& right) {
    EXPECT_EQ(left.code, right.code);
    EXPECT_EQ(left.first_name, right.first_name);
    EXPECT_EQ(left.last_name, right.last_name);
    EXPECT_EQ(left.organisation, right.organisation);
    EXPECT_EQ(left.position, right.position);
    EXPECT_EQ(left.partnership, right.partnership);
    EXPECT_EQ(left.voivodeship, right.voivodeship);
    EXPECT_EQ(left.role, right.role);
    EXPECT_EQ(iso_days(left.days), iso_days(right.days));
    EXPECT_EQ(left.email, right.email);
    EXPECT_EQ(left.status, right.status);
    EXPECT_EQ(left.origin, right.origin);
    EXPECT_EQ(left.row_version, right.row_version);
    EXPECT_TRUE(left.same_details(right));
}

void expect_same_entries(const Roster& left, const Roster& right) {
    ASSERT_EQ(left.entries.size(), right.entries.size());
    for (std::size_t index = 0; index < left.entries.size(); ++index) {
        SCOPED_TRACE("entry " + std::to_string(index) + " (" + left.entries[index].delegate.code + ")");
        EXPECT_EQ(left.entries[index].line, right.entries[index].line);
        expect_same_delegate(left.entries[index].delegate, right.entries[index].delegate);
    }
}

// The UTF-8 fixture with its first line replaced.
std::string fixture_with_header(std::string_view header) {
    const std::string text = read_test_file("serock-roster.csv");
    return std::string(header) + text.substr(text.find('\n'));
}

// --- The fixtures -------------------------------------------------------------------------------------

TEST(Roster, Utf8FixtureParses) {
    const Roster roster = parse_ok(read_test_file("serock-roster.csv"));
    EXPECT_EQ(roster.encoding, Encoding::utf8);
    EXPECT_EQ(roster.delimiter, ',');
    EXPECT_TRUE(roster.ignored_columns.empty());
    ASSERT_EQ(roster.entries.size(), 320u);

    const RosterEntry& first = roster.entries.front();
    EXPECT_EQ(first.line, 2u);
    EXPECT_EQ(first.delegate.code, "CWD-ZPZXSWG7");
    EXPECT_EQ(first.delegate.first_name, "Barbara");
    EXPECT_EQ(first.delegate.last_name, "Sikora");
    EXPECT_EQ(first.delegate.organisation, "Związek Miast Polskich");
    EXPECT_EQ(first.delegate.position, "Specjalista");
    EXPECT_EQ(first.delegate.partnership, "");
    EXPECT_EQ(first.delegate.voivodeship, "");
    EXPECT_EQ(first.delegate.role, "Ekspert");
    EXPECT_EQ(iso_days(first.delegate.days), "2026-11-29,2026-11-30");
    EXPECT_EQ(first.delegate.email, "barbara.sikora@example.org");
    EXPECT_EQ(first.delegate.status, DelegateStatus::active);
    EXPECT_EQ(first.delegate.origin, DelegateOrigin::roster);

    const Delegate& fifth = roster.entries[3].delegate;
    EXPECT_EQ(fifth.code, "CWD-KKVX8Z7C");
    EXPECT_EQ(fifth.last_name, "Woźniak");
    EXPECT_EQ(fifth.partnership, "Partnerstwo Ziemi Przasnyskiej");
    EXPECT_EQ(fifth.voivodeship, "mazowieckie");
    EXPECT_EQ(iso_days(fifth.days), "2026-11-30");

    std::set<std::string> codes;
    std::size_t both_days = 0;
    std::size_t only_saturday = 0;
    std::size_t only_sunday = 0;
    for (std::size_t index = 0; index < roster.entries.size(); ++index) {
        const RosterEntry& entry = roster.entries[index];
        EXPECT_EQ(entry.line, index + 2);
        codes.insert(entry.delegate.code);
        const std::string days = iso_days(entry.delegate.days);
        both_days += days == "2026-11-29,2026-11-30" ? 1u : 0u;
        only_saturday += days == "2026-11-29" ? 1u : 0u;
        only_sunday += days == "2026-11-30" ? 1u : 0u;
    }
    EXPECT_EQ(codes.size(), 320u);
    EXPECT_EQ(both_days, 254u);
    EXPECT_EQ(only_saturday, 33u);
    EXPECT_EQ(only_sunday, 33u);
}

TEST(Roster, Cp1250FixtureParses) {
    const Roster roster = parse_ok(read_test_file("serock-roster-cp1250.csv"));
    EXPECT_EQ(roster.encoding, Encoding::cp1250);
    EXPECT_EQ(roster.delimiter, ';');
    EXPECT_TRUE(roster.ignored_columns.empty());
    ASSERT_EQ(roster.entries.size(), 320u);
    EXPECT_EQ(roster.entries.front().delegate.organisation, "Związek Miast Polskich");
    EXPECT_EQ(roster.entries[3].delegate.last_name, "Woźniak");
    EXPECT_EQ(roster.entries.back().line, 321u);
    // CRLF line ends: no CR may stay in the last column.
    for (const auto& entry : roster.entries) {
        EXPECT_EQ(entry.delegate.email.find('\r'), std::string::npos) << entry.line;
    }
}

TEST(Roster, BothFixturesGiveTheSameDelegatesInTheSameOrder) {
    const Roster from_utf8 = parse_ok(read_test_file("serock-roster.csv"));
    const Roster from_cp1250 = parse_ok(read_test_file("serock-roster-cp1250.csv"));
    ASSERT_EQ(from_utf8.entries.size(), 320u);
    expect_same_entries(from_utf8, from_cp1250);
}

TEST(Roster, ExplicitEncodingAndDelimiterGiveTheSameResult) {
    const Roster automatic = parse_ok(read_test_file("serock-roster-cp1250.csv"));
    RosterOptions options;
    options.encoding = EncodingChoice::cp1250;
    options.delimiter = DelimiterChoice::semicolon;
    const Roster explicit_choice = parse_ok(read_test_file("serock-roster-cp1250.csv"), options);
    EXPECT_EQ(explicit_choice.encoding, Encoding::cp1250);
    expect_same_entries(automatic, explicit_choice);
}

TEST(Roster, EnglishHeadersWorkLikePolishOnes) {
    const Roster polish = parse_ok(read_test_file("serock-roster.csv"));
    const Roster english = parse_ok(fixture_with_header(english_header_line));
    EXPECT_TRUE(english.ignored_columns.empty());
    ASSERT_EQ(english.entries.size(), 320u);
    expect_same_entries(polish, english);
}

TEST(Roster, HeadersAreComparedIgnoringCaseDiacriticsAndSpacing) {
    const Roster polish = parse_ok(read_test_file("serock-roster.csv"));
    const Roster shouting = parse_ok(fixture_with_header(
        " KOD ,IMIĘ,  nazwisko,INSTYTUCJA,Stanowisko ,partnerstwo,WOJEWODZTWO,rola,DNI,e-mail"));
    EXPECT_TRUE(shouting.ignored_columns.empty());
    expect_same_entries(polish, shouting);

    const Roster spaced =
        parse_ok(fixture_with_header("CODE,First Name,LAST  NAME,Organization,Job "
                                     "title,PARTNERSHIP,Region,Category,Dates,E-Mail Address"));
    EXPECT_TRUE(spaced.ignored_columns.empty());
    expect_same_entries(polish, spaced);
}

TEST(Roster, HeaderWithQuotesAndByteOrderMark) {
    const Roster roster = parse_ok("\xEF\xBB\xBF\"Kod\";\"Imię\";\"Nazwisko\"\r\nCWD-1;Anna;Nowak\r\n");
    EXPECT_EQ(roster.delimiter, ';');
    ASSERT_EQ(roster.entries.size(), 1u);
    EXPECT_EQ(roster.entries[0].delegate.code, "CWD-1");
    EXPECT_EQ(roster.entries[0].delegate.first_name, "Anna");
    EXPECT_EQ(roster.entries[0].delegate.last_name, "Nowak");
}

TEST(Roster, UnknownHeadersAreListedAsIgnored) {
    const Roster roster = parse_ok("Kod,Telefon,Imię,Nazwisko,Uwagi,\n"
                                   "CWD-1,600100200,Anna,Nowak,wegetarianka,\n");
    EXPECT_EQ(roster.ignored_columns, (std::vector<std::string>{"Telefon", "Uwagi"}));
    ASSERT_EQ(roster.entries.size(), 1u);
    EXPECT_EQ(roster.entries[0].delegate.first_name, "Anna");
    EXPECT_EQ(roster.entries[0].delegate.last_name, "Nowak");
    EXPECT_EQ(roster.entries[0].delegate.organisation, "");
}

TEST(Roster, OnlyTheRequiredColumnsAreNeeded) {
    const Roster roster = parse_ok("Nazwisko,Imię,Kod\nNowak,Anna,CWD-1\n");
    ASSERT_EQ(roster.entries.size(), 1u);
    const Delegate& delegate = roster.entries[0].delegate;
    EXPECT_EQ(delegate.code, "CWD-1");
    EXPECT_EQ(delegate.first_name, "Anna");
    EXPECT_EQ(delegate.last_name, "Nowak");
    EXPECT_TRUE(delegate.days.empty());
    EXPECT_EQ(delegate.email, "");
}

// --- Column mappings ----------------------------------------------------------------------------------

TEST(Roster, ParseColumnMapping) {
    const auto mapping = parse_column_mapping("first_name=Imiona");
    ASSERT_TRUE(mapping.has_value()) << mapping.error().message;
    EXPECT_EQ(mapping->field, RosterField::first_name);
    EXPECT_EQ(mapping->header, "Imiona");

    const auto spaced = parse_column_mapping(" code = Identyfikator zaproszenia ");
    ASSERT_TRUE(spaced.has_value()) << spaced.error().message;
    EXPECT_EQ(spaced->field, RosterField::code);
    EXPECT_EQ(spaced->header, "Identyfikator zaproszenia");

    const auto email = parse_column_mapping("email=Adres=poczta");
    ASSERT_TRUE(email.has_value()) << email.error().message;
    EXPECT_EQ(email->field, RosterField::email);
    EXPECT_EQ(email->header, "Adres=poczta");
}

TEST(Roster, BadColumnMappingsAreRefused) {
    for (const std::string_view bad :
         {"first_name"sv, "nickname=Ksywa"sv, "first_name="sv, "=Imię"sv, "First_Name=Imiona"sv, ""sv}) {
        SCOPED_TRACE(std::string(bad));
        const auto mapping = parse_column_mapping(bad);
        ASSERT_FALSE(mapping.has_value());
        EXPECT_EQ(mapping.error().kind, ErrorKind::invalid_input);
        EXPECT_THAT(mapping.error().message, HasSubstr("is not a column mapping"));
        EXPECT_THAT(mapping.error().message, HasSubstr("first_name"));
        EXPECT_THAT(mapping.error().message, HasSubstr("voivodeship"));
    }
}

TEST(Roster, FieldNamesAndPolishHeaders) {
    EXPECT_EQ(field_name(RosterField::code), "code");
    EXPECT_EQ(field_name(RosterField::first_name), "first_name");
    EXPECT_EQ(field_name(RosterField::email), "email");
    EXPECT_EQ(polish_header(RosterField::code), "Kod");
    EXPECT_EQ(polish_header(RosterField::first_name), "Imię");
    EXPECT_EQ(polish_header(RosterField::voivodeship), "Województwo");
    EXPECT_EQ(polish_header(RosterField::email), "E-mail");
}

TEST(Roster, ExplicitMappingsPickTheColumns) {
    RosterOptions options;
    options.columns.push_back(*parse_column_mapping("code=Identyfikator zaproszenia"));
    options.columns.push_back(*parse_column_mapping("first_name=Imiona"));
    options.columns.push_back(*parse_column_mapping("last_name=Nazwisko rodowe"));
    const Roster roster = parse_ok("Identyfikator zaproszenia;Imiona;Nazwisko rodowe;Dni\n"
                                   "CWD-1;Anna Maria;Nowak;30.11\n",
                                   options);
    EXPECT_TRUE(roster.ignored_columns.empty());
    ASSERT_EQ(roster.entries.size(), 1u);
    EXPECT_EQ(roster.entries[0].delegate.code, "CWD-1");
    EXPECT_EQ(roster.entries[0].delegate.first_name, "Anna Maria");
    EXPECT_EQ(roster.entries[0].delegate.last_name, "Nowak");
    EXPECT_EQ(iso_days(roster.entries[0].delegate.days), "2026-11-30");
}

TEST(Roster, ExplicitMappingWinsOverARecognisedHeader) {
    RosterOptions options;
    options.columns.push_back(*parse_column_mapping("code=kod qr"));
    const Roster roster = parse_ok("Kod,Kod QR,Imię,Nazwisko\n"
                                   "17,CWD-1,Anna,Nowak\n",
                                   options);
    ASSERT_EQ(roster.entries.size(), 1u);
    EXPECT_EQ(roster.entries[0].delegate.code, "CWD-1");
    EXPECT_EQ(roster.ignored_columns, (std::vector<std::string>{"Kod"}));
}

TEST(Roster, MappingToAHeaderNotInTheFileIsAProblemOnTheHeaderLine) {
    RosterOptions options;
    options.columns.push_back(*parse_column_mapping("first_name=Imiona"));
    const auto problems =
        problems_of(std::string(polish_header_line) + "\nCWD-1,Anna,Nowak,,,,,,,\n", options);
    expect_problems(problems, {{1, "the column \"Imiona\" given for first_name is not in the header"}});
}

// --- A malformed header -------------------------------------------------------------------------------

TEST(Roster, MissingRequiredColumnsAreAllReported) {
    const auto problems = problems_of("Instytucja,Rola\nUrząd,Uczestnik\n");
    expect_problems(problems, {{1, "no code column (\"Kod\")"},
                               {1, "no first_name column (\"Imię\")"},
                               {1, "no last_name column (\"Nazwisko\")"}});
    EXPECT_THAT(problems[0].message, HasSubstr("--column code=HEADER"));
}

TEST(Roster, MissingCodeColumn) {
    const auto problems = problems_of("Imię,Nazwisko,Rola\nAnna,Nowak,Uczestnik\n");
    expect_problems(problems, {{1, "no code column"}});
}

TEST(Roster, EmptyFile) {
    expect_problems(problems_of(""), {{0, "the file is empty"}});
    expect_problems(problems_of("\r\n\n  \n"), {{0, "the file is empty"}});
}

TEST(Roster, HeaderOnlyGivesAnEmptyRoster) {
    const Roster roster = parse_ok(std::string(polish_header_line) + "\n");
    EXPECT_TRUE(roster.entries.empty());
}

// --- Files that are not CSV text ----------------------------------------------------------------------

TEST(Roster, XlsxWorkbookIsRefusedWithAdvice) {
    const auto problems = problems_of("PK\x03\x04\x14\x00\x06\x00[Content_Types].xml"sv);
    expect_problems(problems, {{0, "Excel workbook (.xlsx)"}});
    EXPECT_THAT(problems[0].message, HasSubstr("Save As"));
}

TEST(Roster, OldXlsWorkbookIsRefusedWithAdvice) {
    const auto problems = problems_of("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\x00\x00"sv);
    expect_problems(problems, {{0, "old Excel workbook (.xls)"}});
}

TEST(Roster, BinaryBytesAreRefusedWithAdvice) {
    const auto problems = problems_of("Kod,Imię,Nazwisko\nCWD-1,An\0na,Nowak\n"sv);
    // The line travels in the problem's own field; the message does not repeat it.
    expect_problems(problems, {{2, "NUL byte"}});
    EXPECT_THAT(problems[0].message, HasSubstr("not a CSV text file"));
    EXPECT_THAT(problems[0].message, Not(HasSubstr("line 2")));
}

TEST(Roster, ForcedUtf8OnCp1250BytesIsRefused) {
    RosterOptions options;
    options.encoding = EncodingChoice::utf8;
    const auto problems = problems_of(read_test_file("serock-roster-cp1250.csv"), options);
    // Line 1 is the header: "Imię" is the first non-ASCII word of the file.
    expect_problems(problems, {{1, "not valid UTF-8"}});
    EXPECT_THAT(problems[0].message, HasSubstr("--encoding cp1250"));
}

// --- Malformed rows -----------------------------------------------------------------------------------

TEST(Roster, DuplicateCodesNameTheEarlierLine) {
    const auto problems = problems_of("Kod,Imię,Nazwisko\n"
                                      "CWD-1,Anna,Nowak\n"
                                      "CWD-2,Jan,Kowalski\n"
                                      "cwd-1,Ewa,Lis\n"
                                      "CWD-1,Piotr,Zając\n"
                                      "Cwd-2,Ola,Mazur\n");
    expect_problems(problems, {{4, "the code cwd-1 is already used on line 2"},
                               {5, "the code CWD-1 is already used on line 2"},
                               {6, "the code Cwd-2 is already used on line 3"}});
}

TEST(Roster, CodesDifferingOnlyInNonAsciiCaseAreNotDuplicates) {
    const Roster roster = parse_ok("Kod,Imię,Nazwisko\nŁ-1,Anna,Nowak\nł-1,Jan,Kowalski\n");
    EXPECT_EQ(roster.entries.size(), 2u);
}

TEST(Roster, MissingCode) {
    expect_problems(problems_of("Kod,Imię,Nazwisko\nCWD-1,Anna,Nowak\n,Jan,Kowalski\n   ,Ewa,Lis\n"),
                    {{3, "no code"}, {4, "no code"}});
}

TEST(Roster, CodeThatAScanCannotGiveBack) {
    const std::string too_long(129, 'A');
    expect_problems(problems_of("Kod,Imię,Nazwisko\n"
                                "https://cwd.example.org/checkin/CWD-1,Anna,Nowak\n" +
                                too_long + ",Jan,Kowalski\n"),
                    {{2, "cannot be read back from a scan"}, {3, "cannot be read back from a scan"}});
}

TEST(Roster, TextsThatHideOrReorderOrOverflowAreRefusedNamingTheColumnNotTheValue) {
    const std::string overlong_organisation(201, 'U');
    const auto problems = problems_of("Kod,Imię,Nazwisko,Instytucja,E-mail,Rola\n"
                                      "CWD-1,Anna,Nowak\u202Ekswo,Urząd,a@example.org,Ekspert\n"
                                      "CWD-2,Jan\u0085,Kowalski,Urząd,j@example.org,Ekspert\n"
                                      "CWD-3,Ewa,Lis," +
                                      overlong_organisation +
                                      ",e@example.org,Ekspert\n"
                                      "CWD-4,Olga,Wrona,Urząd,\u2066o@example.org,Ekspert\n"
                                      "CWD-5,Piotr,Zięba,Urząd,p@example.org,\u200FGość\n");
    expect_problems(problems, {{2, "the column Nazwisko (last_name) holds characters that reorder text"},
                               {3, "the column Imię (first_name) holds control characters"},
                               {4, "the column Instytucja (organisation) is longer than 200 characters"},
                               {5, "the column E-mail (email) holds characters that reorder text"},
                               {6, "the column Rola (role) holds characters that reorder text"}});
    for (const auto& problem : problems) {
        EXPECT_EQ(problem.message.find("kswo"), std::string::npos) << problem.message;
        EXPECT_EQ(problem.message.find("example.org"), std::string::npos) << problem.message;
    }
}

TEST(Roster, TextsAtTheirLimitsAndLineBreaksInsideNamesAreAccepted) {
    std::string longest_last_name;
    for (int character = 0; character < 100; ++character) {
        longest_last_name += "Ł"; // 100 characters, 200 bytes: characters are counted, not bytes
    }
    const Roster roster = parse_ok("Kod,Imię,Nazwisko,Instytucja\n"
                                   "CWD-1,\"Anna\nMaria\",\"" +
                                   longest_last_name + "\",\"Urząd\r\n\tGminy\"\n");
    ASSERT_EQ(roster.entries.size(), 1u);
    EXPECT_EQ(roster.entries[0].delegate.first_name, "Anna Maria");
    EXPECT_EQ(roster.entries[0].delegate.last_name, longest_last_name);
    EXPECT_EQ(roster.entries[0].delegate.organisation, "Urząd Gminy");
    expect_problems(problems_of("Kod,Imię,Nazwisko\nCWD-1,Anna," + longest_last_name + "Ł\n"),
                    {{2, "the column Nazwisko (last_name) is longer than 100 characters"}});
}

TEST(Roster, MissingFirstName) {
    expect_problems(problems_of("Kod,Imię,Nazwisko\nCWD-1,,Nowak\nCWD-2,  ,Kowalski\n"),
                    {{2, "no first name"}, {3, "no first name"}});
}

TEST(Roster, MissingLastName) {
    expect_problems(problems_of("Kod,Imię,Nazwisko\nCWD-1,Anna,\nCWD-2,Jan\n"),
                    {{2, "no last name"}, {3, "no last name"}});
}

TEST(Roster, ImpossibleDay) {
    const auto problems =
        problems_of("Kod,Imię,Nazwisko,Dni\nCWD-1,Anna,Nowak,29.11\nCWD-2,Jan,Kowalski,31.11\n");
    expect_problems(problems, {{3, "\"31.11\" is not a date that exists"}});
}

TEST(Roster, UnreadableDay) {
    expect_problems(problems_of("Kod,Imię,Nazwisko,Dni\nCWD-1,Anna,Nowak,sobota\n"),
                    {{2, "\"sobota\" is not a day"}});
}

TEST(Roster, DayThatIsNotOneOfTheEventsDays) {
    const auto problems =
        problems_of("Kod,Imię,Nazwisko,Dni\nCWD-1,Anna,Nowak,\"28.11,29.11\"\nCWD-2,Jan,Kowalski,01.12\n");
    expect_problems(problems, {{2, "28.11 is not one of the event's days (29.11, 30.11)"},
                               {3, "01.12 is not one of the event's days (29.11, 30.11)"}});
}

TEST(Roster, DaysNeedTheEventsDays) {
    const Event no_days{"Bez dni", {}};
    const auto problems = problems_of("Kod,Imię,Nazwisko,Dni\n"
                                      "CWD-1,Anna,Nowak,\n"
                                      "CWD-2,Jan,Kowalski,29.11\n"
                                      "CWD-3,Ewa,Lis,30.11\n",
                                      {}, no_days);
    expect_problems(problems, {{3, "the event's days are not set"}});
    EXPECT_THAT(problems[0].message, HasSubstr("--event-days"));
}

TEST(Roster, WithoutDaysTheEventNeedsNoDays) {
    const Event no_days{"Bez dni", {}};
    const Roster roster =
        parse_ok("Kod,Imię,Nazwisko,Dni\nCWD-1,Anna,Nowak,\nCWD-2,Jan,Kowalski, \n", {}, no_days);
    ASSERT_EQ(roster.entries.size(), 2u);
    EXPECT_TRUE(roster.entries[0].delegate.days.empty());
    EXPECT_TRUE(roster.entries[1].delegate.days.empty());
}

TEST(Roster, RowWithMoreFieldsThanTheHeader) {
    const auto problems = problems_of("Kod,Imię,Nazwisko,Instytucja\n"
                                      "CWD-1,Anna,Nowak,Urząd\n"
                                      "CWD-2,Jan,Kowalski,Urząd Miasta, Serock\n");
    expect_problems(problems, {{3, "5 fields, but the header has 4"}});
}

TEST(Roster, RowWithFewerFieldsThanTheHeaderIsFine) {
    const Roster roster = parse_ok("Kod,Imię,Nazwisko,Instytucja,Dni\nCWD-1,Anna,Nowak\n");
    ASSERT_EQ(roster.entries.size(), 1u);
    EXPECT_EQ(roster.entries[0].delegate.organisation, "");
    EXPECT_TRUE(roster.entries[0].delegate.days.empty());
}

TEST(Roster, UnterminatedQuoteIsReportedOnTheLineWhereItOpens) {
    const auto problems = problems_of("Kod,Imię,Nazwisko,Instytucja\n"
                                      "CWD-1,Anna,Nowak,Urząd\n"
                                      "CWD-2,Jan,Kowalski,\"Urząd Miasta\n"
                                      "CWD-3,Ewa,Lis,Urząd\n"
                                      "CWD-4,Ola,Mazur,Urząd\n");
    expect_problems(problems, {{3, "a quoted field is never closed"}});
}

TEST(Roster, EveryProblemIsCollectedNotJustTheFirst) {
    const auto problems = problems_of("Kod,Imię,Nazwisko,Instytucja,Dni\n"         // 1
                                      "CWD-1,Anna,Nowak,Urząd,29.11\n"             // 2
                                      ",Jan,Kowalski,Urząd,30.11\n"                // 3
                                      "CWD-3,,Lis,Urząd,\n"                        // 4
                                      "CWD-4,Ewa,,Urząd,\n"                        // 5
                                      "CWD-5,Piotr,Zając,Urząd,31.11\n"            // 6
                                      "CWD-6,Ola,Mazur,Urząd,28.11\n"              // 7
                                      "cwd-1,Adam,Wójcik,Urząd,\n"                 // 8
                                      "CWD-8,Iga,Kot,Urząd Miasta, Serock,29.11\n" // 9
                                      "CWD-9,Jan,Nowak,Urząd,\n"                   // 10
                                      ",,,,\n"                  // 11 (all five fields empty)
                                      "CWD-1,,,Urząd,01.12\n"); // 12
    expect_problems(problems, {{3, "no code"},
                               {4, "no first name"},
                               {5, "no last name"},
                               {6, "\"31.11\" is not a date that exists"},
                               {7, "28.11 is not one of the event's days"},
                               {8, "the code cwd-1 is already used on line 2"},
                               {9, "6 fields, but the header has 5"},
                               {11, "no code"},
                               {11, "no first name"},
                               {11, "no last name"},
                               {12, "the code CWD-1 is already used on line 2"},
                               {12, "no first name"},
                               {12, "no last name"},
                               {12, "01.12 is not one of the event's days"}});
}

// --- Quoting, line numbers and trimming ---------------------------------------------------------------

constexpr std::string_view quoted_roster = "Kod,Imię,Nazwisko,Instytucja,Dni\n"                          // 1
                                           "CWD-1,Anna,Nowak,\"Urząd Miasta, Serock\",\"29.11,30.11\"\n" // 2
                                           "CWD-2,Jan,Kowalski,\"Fundacja \"\"Razem\"\"\",30.11\n"       // 3
                                           "CWD-3,Ewa,Lis,\"Stowarzyszenie\n"                            // 4
                                           "na rzecz\n"                                                  // 5
                                           "Rozwoju\",29.11\n"                                           // 6
                                           "\n"                                                          // 7
                                           "CWD-4,Piotr,Zając,\"\",\n";                                  // 8

TEST(Roster, QuotedFieldsKeepDelimitersQuotesAndLineBreaks) {
    const Roster roster = parse_ok(quoted_roster);
    ASSERT_EQ(roster.entries.size(), 4u);
    EXPECT_EQ(roster.entries[0].delegate.organisation, "Urząd Miasta, Serock");
    EXPECT_EQ(iso_days(roster.entries[0].delegate.days), "2026-11-29,2026-11-30");
    EXPECT_EQ(roster.entries[1].delegate.organisation, "Fundacja \"Razem\"");
    // A line break inside a cell (Alt+Enter in a spreadsheet) is a space.
    EXPECT_EQ(roster.entries[2].delegate.organisation, "Stowarzyszenie na rzecz Rozwoju");
    EXPECT_EQ(iso_days(roster.entries[2].delegate.days), "2026-11-29");
    EXPECT_EQ(roster.entries[3].delegate.organisation, "");
    EXPECT_TRUE(roster.entries[3].delegate.days.empty());

    std::vector<std::size_t> lines;
    for (const auto& entry : roster.entries) {
        lines.push_back(entry.line);
    }
    EXPECT_EQ(lines, (std::vector<std::size_t>{2, 3, 4, 8}));
}

TEST(Roster, ProblemsAfterMultiLineFieldsHaveTheRightLines) {
    const std::string text = std::string(quoted_roster) + "CWD-5,,Mazur,\"A\nB\",\n" // 9-10
                             + "CWD-1,Adam,Wójcik,\"x\"\"y\",31.11\n";               // 11
    expect_problems(problems_of(text), {{9, "no first name"},
                                        {11, "the code CWD-1 is already used on line 2"},
                                        {11, "\"31.11\" is not a date that exists"}});
}

TEST(Roster, CrLfFileWithMultiLineFieldsHasTheRightLines) {
    const auto problems = problems_of("Kod;Imię;Nazwisko;Instytucja\r\n"
                                      "CWD-1;Anna;Nowak;\"Urząd\r\nMiasta\"\r\n"
                                      "CWD-2;;Kowalski;Urząd\r\n");
    expect_problems(problems, {{4, "no first name"}});
}

TEST(Roster, WhitespaceAroundCellsIsTrimmed) {
    const Roster roster =
        parse_ok("Kod,Imię,Nazwisko,Instytucja,Dni,E-mail\n"
                 "  CWD-1 ,\tAnna  , Nowak,\"  Urząd Miasta  \", 29.11 , anna@example.org \n");
    ASSERT_EQ(roster.entries.size(), 1u);
    const Delegate& delegate = roster.entries[0].delegate;
    EXPECT_EQ(delegate.code, "CWD-1");
    EXPECT_EQ(delegate.first_name, "Anna");
    EXPECT_EQ(delegate.last_name, "Nowak");
    EXPECT_EQ(delegate.organisation, "Urząd Miasta");
    EXPECT_EQ(iso_days(delegate.days), "2026-11-29");
    EXPECT_EQ(delegate.email, "anna@example.org");
}

TEST(Roster, BlankDaysMeanEveryDay) {
    const Roster roster = parse_ok("Kod,Imię,Nazwisko,Dni\nCWD-1,Anna,Nowak,\nCWD-2,Jan,Kowalski,   \n");
    ASSERT_EQ(roster.entries.size(), 2u);
    EXPECT_TRUE(roster.entries[0].delegate.days.empty());
    EXPECT_TRUE(roster.entries[1].delegate.days.empty());
}

TEST(Roster, DaysCellWithSemicolonsSpacesAndRepeats) {
    const Roster roster = parse_ok("Kod;Imię;Nazwisko;Dni\n"
                                   "CWD-1;Anna;Nowak;30.11, 29.11\n"
                                   "CWD-2;Jan;Kowalski;\"30.11;29.11;30.11\"\n"
                                   "CWD-3;Ewa;Lis;2026-11-30 29/11/2026\n");
    ASSERT_EQ(roster.entries.size(), 3u);
    for (const auto& entry : roster.entries) {
        EXPECT_EQ(iso_days(entry.delegate.days), "2026-11-29,2026-11-30") << entry.line;
    }
}

// --- Progress and large files -------------------------------------------------------------------------

using ProgressCalls = std::vector<std::pair<std::size_t, std::size_t>>;

TEST(Roster, ProgressEndsWithTotal) {
    ProgressCalls calls;
    const auto roster =
        parse_roster(read_test_file("serock-roster.csv"), {}, serock(),
                     [&](std::size_t done, std::size_t total) { calls.emplace_back(done, total); });
    ASSERT_TRUE(roster.has_value());
    ASSERT_FALSE(calls.empty());
    EXPECT_EQ(calls.back(), (std::pair<std::size_t, std::size_t>{320, 320}));
}

std::string generated_roster(std::size_t rows) {
    std::string text = "Kod,Imię,Nazwisko,Dni\n";
    for (std::size_t row = 1; row <= rows; ++row) {
        text += "CWD-" + std::to_string(row) + ",Anna,Nowak,29.11\n";
    }
    return text;
}

TEST(Roster, ProgressOnALargeFileIsMonotonicAndEndsWithTotal) {
    ProgressCalls calls;
    const auto roster =
        parse_roster(generated_roster(10'000), {}, serock(),
                     [&](std::size_t done, std::size_t total) { calls.emplace_back(done, total); });
    ASSERT_TRUE(roster.has_value());
    ASSERT_EQ(roster->entries.size(), 10'000u);
    ASSERT_GE(calls.size(), 2u) << "a large file should report progress before the end";
    for (std::size_t index = 0; index < calls.size(); ++index) {
        EXPECT_EQ(calls[index].second, 10'000u);
        EXPECT_LE(calls[index].first, 10'000u);
        if (index > 0) {
            EXPECT_GE(calls[index].first, calls[index - 1].first);
        }
    }
    EXPECT_EQ(calls.back(), (std::pair<std::size_t, std::size_t>{10'000, 10'000}));
}

TEST(Roster, ProgressIsCalledForARefusedFileToo) {
    ProgressCalls calls;
    const auto roster =
        parse_roster("Kod,Imię,Nazwisko\nCWD-1,,Nowak\nCWD-2,Jan,Kowalski\n", {}, serock(),
                     [&](std::size_t done, std::size_t total) { calls.emplace_back(done, total); });
    ASSERT_FALSE(roster.has_value());
    ASSERT_FALSE(calls.empty());
    EXPECT_EQ(calls.back(), (std::pair<std::size_t, std::size_t>{2, 2}));
}

TEST(Roster, ThreeBadRowsInAHundredAndTwentyAreExactlyThoseThree) {
    std::string text = "Kod,Imię,Nazwisko,Dni\n";
    for (std::size_t line = 2; line <= 121; ++line) {
        if (line == 10) {
            text += "CWD-10,Anna,,29.11\n"; // no last name
        } else if (line == 57) {
            text += "CWD-57,Anna,Nowak,31.11\n"; // impossible day
        } else if (line == 121) {
            text += "CWD-2,Anna,Nowak,30.11\n"; // the code of line 2
        } else {
            text += "CWD-" + std::to_string(line) + ",Anna,Nowak,29.11\n";
        }
    }
    const auto problems = problems_of(text);
    EXPECT_EQ(lines_of(problems), (std::vector<std::size_t>{10, 57, 121})) << describe(problems);
    expect_problems(problems, {{10, "no last name"},
                               {57, "\"31.11\" is not a date that exists"},
                               {121, "the code CWD-2 is already used on line 2"}});
}

TEST(Roster, MoreThanAHundredProblemsAreCapped) {
    std::string text = "Kod,Imię,Nazwisko\n";
    for (std::size_t row = 1; row <= 150; ++row) {
        text += "CWD-" + std::to_string(row) + ",,Nowak\n"; // no first name: one problem each
    }
    const auto problems = problems_of(text);
    ASSERT_EQ(problems.size(), 101u);
    for (std::size_t index = 0; index < 100; ++index) {
        EXPECT_EQ(problems[index].line, index + 2);
        EXPECT_EQ(problems[index].message, "no first name");
    }
    EXPECT_EQ(problems.back().line, 0u);
    EXPECT_EQ(problems.back().message, "… and 50 more problems");
}

TEST(Roster, ExactlyAHundredProblemsAreNotCapped) {
    std::string text = "Kod,Imię,Nazwisko\n";
    for (std::size_t row = 1; row <= 100; ++row) {
        text += "CWD-" + std::to_string(row) + ",,Nowak\n";
    }
    const auto problems = problems_of(text);
    ASSERT_EQ(problems.size(), 100u);
    EXPECT_EQ(problems.back().line, 101u);
    EXPECT_EQ(problems.back().message, "no first name");
}

TEST(RosterEventDays, AnEventWithoutDaysTakesThemFromTheRosterWhenTodayIsGiven) {
    const std::string text = std::string(polish_header_line) +
                             "\nA-1,Anna,Nowak,Urząd,Wójt,P1,mazowieckie,delegat,\"29.11,30.11\",a@x.pl"
                             "\nA-2,Jan,Kowalski,Urząd,Wójt,P1,mazowieckie,delegat,30.11,j@x.pl"
                             "\nA-3,Ewa,Lis,Urząd,Wójt,P1,mazowieckie,delegat,,e@x.pl\n";
    RosterOptions options;
    options.today = day_of(2026, 10, 20);
    const Roster roster = parse_ok(text, options, Event{"Serock", {}});
    EXPECT_EQ(roster.event_days_from_roster, (std::vector<Day>{november_29, november_30}));
    ASSERT_EQ(roster.entries.size(), 3U);
    EXPECT_EQ(roster.entries[1].delegate.days, std::vector<Day>{november_30});
    EXPECT_TRUE(roster.entries[2].delegate.days.empty());

    // An event with days keeps them, and without `today` the old rule holds: give --event-days.
    EXPECT_TRUE(parse_ok(text, options, serock()).event_days_from_roster.empty());
    const auto refused = problems_of(text, {}, Event{"Serock", {}});
    ASSERT_EQ(refused.size(), 1U) << describe(refused);
    EXPECT_THAT(refused[0].message, HasSubstr("--event-days"));
}

TEST(RosterEventDays, DaysOverTwoYearsOrUnreadableAreRefusedNamingThem) {
    RosterOptions options;
    options.today = day_of(2026, 12, 20);
    const std::string two_years = std::string(polish_header_line) +
                                  "\nA-1,Anna,Nowak,Urząd,Wójt,P1,mazowieckie,delegat,30.12,a@x.pl"
                                  "\nA-2,Jan,Kowalski,Urząd,Wójt,P1,mazowieckie,delegat,2.01,j@x.pl\n";
    const auto problems = problems_of(two_years, options, Event{"Serock", {}});
    ASSERT_EQ(problems.size(), 1U) << describe(problems);
    EXPECT_EQ(problems[0].line, 0U);
    EXPECT_THAT(problems[0].message, HasSubstr("from 2026-12-30 to 2027-01-02, over two years"));

    const std::string unreadable =
        std::string(polish_header_line) + "\nA-1,Anna,Nowak,Urząd,Wójt,P1,mazowieckie,delegat,31.11,a@x.pl\n";
    const auto bad_day = problems_of(unreadable, options, Event{"Serock", {}});
    ASSERT_EQ(bad_day.size(), 1U) << describe(bad_day);
    EXPECT_EQ(bad_day[0].line, 2U);
    EXPECT_THAT(bad_day[0].message, HasSubstr("31.11"));
}

} // namespace
} // namespace checkin::sync
