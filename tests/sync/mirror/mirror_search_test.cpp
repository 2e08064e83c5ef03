#include "sync/mirror/mirror.hpp"
#include "tests/sync/mirror/mirror_fixture.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <set>
#include <string>
#include <vector>

namespace checkin::sync {
namespace {

using namespace mirror_fixture;

constexpr std::size_t no_limit = 1000;

std::vector<SearchHit> search(Mirror& mirror, std::string_view query, std::size_t limit = no_limit) {
    auto hits = mirror.search(query, limit);
    EXPECT_TRUE(hits.has_value()) << (hits.has_value() ? "" : hits.error().message);
    return hits.value_or(std::vector<SearchHit>{});
}

std::vector<std::string> codes_of(const std::vector<SearchHit>& hits) {
    std::vector<std::string> codes;
    for (const auto& hit : hits) {
        codes.push_back(hit.delegate.code);
    }
    return codes;
}

std::set<std::string> code_set(const std::vector<SearchHit>& hits) {
    const auto codes = codes_of(hits);
    return {codes.begin(), codes.end()};
}

std::string names_of(const std::vector<SearchHit>& hits) {
    std::string text;
    for (const auto& hit : hits) {
        text += hit.delegate.code + " " + hit.delegate.first_name + " " + hit.delegate.last_name + " (" +
                hit.delegate.organisation + ") score " + std::to_string(hit.score) + "\n";
    }
    return text;
}

// The fixture rows a query should find: every query word is a prefix of a word of the first name, last
// name or organisation. Computed from the CSV with the test's own folding.
std::set<std::string> expected_matches(const std::vector<FixtureRow>& rows, std::string_view query) {
    const auto query_words = words_of(query);
    std::set<std::string> codes;
    for (const auto& row : rows) {
        const bool all = std::all_of(query_words.begin(), query_words.end(), [&](const std::string& word) {
            return has_word_with_prefix(row, word);
        });
        if (all && !query_words.empty()) {
            codes.insert(row.code);
        }
    }
    return codes;
}

std::string first_word(std::string_view text) {
    const auto words = words_of(text);
    return words.empty() ? std::string() : words.front();
}

class SearchFixture : public ::testing::Test {
protected:
    void SetUp() override {
        mirror = open_mirror(dir.file("mirror.db"));
        ASSERT_TRUE(mirror);
        ASSERT_EQ(import(*mirror, fixture_entries()).added, fixture_size);
        rows = fixture_rows();
        ASSERT_EQ(rows.size(), fixture_size);
    }

    TempDir dir;
    std::optional<Mirror> mirror;
    std::vector<FixtureRow> rows;
};

// A small roster written as CSV text, run through parse_roster and apply_roster like a real file.
class SearchCustom : public ::testing::Test {
protected:
    void load(std::string_view csv) {
        mirror = open_mirror(dir.file("custom.db"));
        ASSERT_TRUE(mirror);
        const auto entries = parse_entries(csv);
        ASSERT_FALSE(entries.empty());
        ASSERT_EQ(import(*mirror, entries).added, entries.size());
    }

    TempDir dir;
    std::optional<Mirror> mirror;
};

TEST_F(SearchFixture, LukaszFindsEveryLukasz) {
    const auto expected = expected_matches(rows, "lukasz");
    std::size_t named_lukasz = 0;
    for (const auto& row : rows) {
        named_lukasz += row.first_name == "Łukasz" ? 1U : 0U;
    }
    ASSERT_GT(named_lukasz, 0U);
    EXPECT_GE(expected.size(), named_lukasz);

    const auto hits = search(*mirror, "lukasz");
    EXPECT_EQ(code_set(hits), expected) << names_of(hits);
    EXPECT_EQ(hits.size(), expected.size()) << "a delegate was returned twice";
    for (const auto& hit : hits) {
        EXPECT_GT(hit.score, 0);
    }
}

TEST_F(SearchFixture, CaseAndDiacriticsDoNotMatter) {
    const auto reference = codes_of(search(*mirror, "lukasz"));
    ASSERT_FALSE(reference.empty());
    for (const std::string query : {"LUKASZ", "łukasz", "Łukasz", "ŁUKASZ", "  lukasz  "}) {
        EXPECT_EQ(codes_of(search(*mirror, query)), reference) << query;
    }
}

TEST_F(SearchFixture, TokensInAnyOrderAndPrefixes) {
    // A real delegate: the first row whose first and last names are single words of some length.
    const FixtureRow* chosen = nullptr;
    for (const auto& row : rows) {
        if (words_of(row.first_name).size() == 1 && words_of(row.last_name).size() == 1 &&
            first_word(row.first_name).size() >= 4 && first_word(row.last_name).size() >= 5) {
            chosen = &row;
            break;
        }
    }
    ASSERT_NE(chosen, nullptr);
    const std::string last_prefix = first_word(chosen->last_name).substr(0, 3);
    const std::string first_prefix = first_word(chosen->first_name).substr(0, 2);

    const std::string reversed = last_prefix + " " + first_prefix; // "kow an" style
    const std::string natural = first_prefix + " " + last_prefix;
    const auto expected = expected_matches(rows, reversed);
    ASSERT_TRUE(expected.contains(chosen->code));

    const auto by_reversed = search(*mirror, reversed);
    const auto by_natural = search(*mirror, natural);
    EXPECT_EQ(code_set(by_reversed), expected) << reversed << "\n" << names_of(by_reversed);
    EXPECT_EQ(codes_of(by_natural), codes_of(by_reversed)) << natural;

    // The full names in either order find the delegate too, first.
    const auto full = search(*mirror, chosen->last_name + " " + chosen->first_name);
    ASSERT_FALSE(full.empty());
    EXPECT_TRUE(code_set(full).contains(chosen->code));
    EXPECT_EQ(code_set(full), expected_matches(rows, chosen->last_name + " " + chosen->first_name));
}

TEST_F(SearchFixture, EveryQueryWordMustMatch) {
    const auto hits = search(*mirror, rows[0].last_name + " zzzzzz");
    EXPECT_TRUE(hits.empty()) << names_of(hits);
}

TEST_F(SearchFixture, HyphenatedLastNamesAreFoundByEitherPart) {
    std::size_t checked = 0;
    for (const auto& row : rows) {
        const auto hyphen = row.last_name.find('-');
        if (hyphen == std::string::npos) {
            continue;
        }
        const auto left = row.last_name.substr(0, hyphen);
        const auto right = row.last_name.substr(hyphen + 1);
        for (const auto& part : {left, right}) {
            const auto hits = search(*mirror, part);
            EXPECT_TRUE(code_set(hits).contains(row.code)) << row.last_name << " by " << part;
            EXPECT_EQ(code_set(hits), expected_matches(rows, part)) << part;
        }
        ++checked;
    }
    EXPECT_GT(checked, 10U);
}

TEST_F(SearchFixture, OrganisationWordsMatch) {
    // "Urząd Miasta Sanok": no one is called Sanok, so every hit comes through the organisation.
    const auto expected = expected_matches(rows, "sanok");
    ASSERT_FALSE(expected.empty());
    const auto hits = search(*mirror, "sanok");
    EXPECT_EQ(code_set(hits), expected) << names_of(hits);
    for (const auto& hit : hits) {
        EXPECT_NE(fold_polish(hit.delegate.organisation).find("sanok"), std::string::npos);
    }
}

TEST_F(SearchFixture, WholeTokenRanksAbovePrefixInTheSameField) {
    // "nowak": Nowak and Żurawski-Nowak match a whole last-name word; Nowakowska and Nowakowski-Kowalski
    // only a prefix of one, though "Nowakowska" sorts before "Żurawski-Nowak".
    const auto hits = search(*mirror, "nowak");
    EXPECT_EQ(code_set(hits), expected_matches(rows, "nowak"));
    bool seen_prefix_only = false;
    std::size_t whole = 0;
    std::size_t prefix_only = 0;
    for (const auto& hit : hits) {
        const auto words = words_of(hit.delegate.last_name);
        const bool is_whole = std::find(words.begin(), words.end(), "nowak") != words.end();
        const bool is_prefix = std::any_of(words.begin(), words.end(),
                                           [](const std::string& word) { return word.starts_with("nowak"); });
        if (is_whole) {
            ++whole;
            EXPECT_FALSE(seen_prefix_only) << "whole-word match after a prefix match:\n" << names_of(hits);
        } else if (is_prefix) {
            ++prefix_only;
            seen_prefix_only = true;
        }
    }
    EXPECT_GE(whole, 3U);
    EXPECT_GE(prefix_only, 3U);
    const bool has_zurawski = std::any_of(hits.begin(), hits.end(), [](const SearchHit& hit) {
        return hit.delegate.last_name == "Żurawski-Nowak";
    });
    EXPECT_TRUE(has_zurawski);
}

TEST_F(SearchFixture, EqualScoresAreInAlphabeticalOrder) {
    // Every "Magdalena" matches the same way (whole first name); they come by last name.
    const auto hits = search(*mirror, "magdalena");
    ASSERT_GE(hits.size(), 10U);
    for (std::size_t index = 1; index < hits.size(); ++index) {
        EXPECT_EQ(hits[index].score, hits[0].score);
        EXPECT_LE(fold_polish(hits[index - 1].delegate.last_name),
                  fold_polish(hits[index].delegate.last_name))
            << names_of(hits);
    }
}

TEST_F(SearchFixture, LimitIsRespectedAndKeepsTheBest) {
    const auto all = search(*mirror, "a");
    ASSERT_GT(all.size(), 20U);
    for (const std::size_t limit : {std::size_t{1}, std::size_t{5}, std::size_t{20}}) {
        const auto limited = search(*mirror, "a", limit);
        ASSERT_EQ(limited.size(), limit);
        const auto all_codes = codes_of(all);
        EXPECT_EQ(codes_of(limited),
                  std::vector<std::string>(all_codes.begin(),
                                           all_codes.begin() + static_cast<std::ptrdiff_t>(limit)));
    }
    EXPECT_TRUE(search(*mirror, "a", 0).empty());
}

TEST_F(SearchFixture, EmptyAndPunctuationOnlyQueriesFindNothing) {
    for (const std::string query : {"", " ", "\t", "-", ",.;!?", "- - -", "'\"", "()"}) {
        const auto hits = search(*mirror, query);
        EXPECT_TRUE(hits.empty()) << "query \"" << query << "\":\n" << names_of(hits);
    }
}

TEST_F(SearchFixture, AQueryThatIsACodeReturnsThatDelegateFirst) {
    const auto& row = rows[17];
    for (const auto& query : {row.code, fold_polish(row.code), " " + row.code + " "}) {
        const auto hits = search(*mirror, query);
        ASSERT_FALSE(hits.empty()) << query;
        EXPECT_EQ(hits[0].delegate.code, row.code) << query;
        EXPECT_EQ(hits[0].delegate.last_name, row.last_name);
        const auto codes = codes_of(hits);
        EXPECT_EQ(std::count(codes.begin(), codes.end(), row.code), 1) << query;
    }
    const auto one = search(*mirror, row.code, 1);
    ASSERT_EQ(one.size(), 1U);
    EXPECT_EQ(one[0].delegate.code, row.code);
}

TEST_F(SearchCustom, OrganisationMatchesRankBelowLastNameMatches) {
    load("Kod,Imię,Nazwisko,Instytucja\n"
         "T-1,Jan,Kowal,Urząd Miasta Lublin\n"
         "T-2,Ewa,Lublin,Fundacja Wschód\n"
         "T-3,Adam,Bąk,Lubelskie Centrum\n");
    // Alphabetically Kowal < Lublin, so only the score can put Lublin first.
    const auto hits = search(*mirror, "lublin");
    ASSERT_EQ(codes_of(hits), (std::vector<std::string>{"T-2", "T-1"})) << names_of(hits);
    EXPECT_GT(hits[0].score, hits[1].score);
}

TEST_F(SearchCustom, WholeTokenRanksAbovePrefixEvenWhenItSortsLater) {
    load("Kod,Imię,Nazwisko,Instytucja\n"
         "T-1,Anna,Kowalczyk,Gmina A\n"
         "T-2,Beata,Zielińska-Kowal,Gmina B\n"
         "T-3,Celina,Kowal,Gmina C\n");
    const auto hits = search(*mirror, "kowal");
    ASSERT_EQ(hits.size(), 3U) << names_of(hits);
    // Kowal and Zielińska-Kowal match a whole word, in alphabetical order; Kowalczyk only a prefix.
    EXPECT_EQ(codes_of(hits), (std::vector<std::string>{"T-3", "T-2", "T-1"})) << names_of(hits);
    EXPECT_GT(hits[1].score, hits[2].score);
}

TEST_F(SearchCustom, NamesakesAreAllReturnedInOrganisationOrder) {
    load("Kod,Imię,Nazwisko,Instytucja\n"
         "N-1,Anna,Nowak,Urząd Gminy Serock\n"
         "N-2,Anna,Nowak,Starostwo Powiatowe w Legionowie\n"
         "N-3,Anna,Nowak,Akademia Samorządowa\n"
         "N-4,Anna,Nowakowska,Akademia Samorządowa\n"
         "N-5,Anna,Kowalska,Urząd Gminy Serock\n");
    const auto hits = search(*mirror, "anna nowak");
    ASSERT_EQ(codes_of(hits), (std::vector<std::string>{"N-3", "N-2", "N-1", "N-4"})) << names_of(hits);
    EXPECT_EQ(hits[0].score, hits[1].score);
    EXPECT_EQ(hits[1].score, hits[2].score);
    EXPECT_EQ(hits[0].delegate.organisation, "Akademia Samorządowa");
    EXPECT_EQ(hits[1].delegate.organisation, "Starostwo Powiatowe w Legionowie");
    EXPECT_EQ(hits[2].delegate.organisation, "Urząd Gminy Serock");
    EXPECT_EQ(codes_of(search(*mirror, "nowak anna")), codes_of(hits));
}

TEST_F(SearchCustom, ACodeComesBeforeANameThatMatchesTheSameText) {
    load("Kod,Imię,Nazwisko,Instytucja\n"
         "K-1,Adam,Kowal,Gmina A\n"
         "KOWAL,Zenon,Zawada,Gmina B\n");
    const auto hits = search(*mirror, "kowal");
    ASSERT_EQ(codes_of(hits), (std::vector<std::string>{"KOWAL", "K-1"})) << names_of(hits);
    const auto one = search(*mirror, "kowal", 1);
    ASSERT_EQ(codes_of(one), (std::vector<std::string>{"KOWAL"}));
}

TEST_F(SearchCustom, ForeignNamesFoldToAscii) {
    load("Kod,Imię,Nazwisko,Instytucja\n"
         "F-1,Тарас,Шевченко,Київська міська рада\n"
         "F-2,Günther,Weiß,Partnerstadt Bad Doberan\n"
         "F-3,Miłosz,Kòrczëk,Gmina Kartuzy\n"
         "F-4,Thị Minh,Nguyễn,Stowarzyszenie Wietnamczyków\n"
         "F-5,Žydrūnas,Šimkus,Vilniaus savivaldybė\n"
         "F-6,Anna,Kowalska,Gmina Serock\n");
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"шевч", "F-1"},     {"ШЕВЧЕНКО", "F-1"}, {"тарас", "F-1"},    {"weiss", "F-2"},
        {"WEISS", "F-2"},    {"weiß", "F-2"},     {"gunther", "F-2"},  {"korczek", "F-3"},
        {"Kòrczëk", "F-3"},  {"milosz", "F-3"},   {"nguyen", "F-4"},   {"thi minh", "F-4"},
        {"zydrunas", "F-5"}, {"simkus", "F-5"},   {"Žydrūnas", "F-5"}, {"vilniaus", "F-5"}};
    for (const auto& [query, code] : cases) {
        const auto hits = search(*mirror, query);
        EXPECT_EQ(codes_of(hits), (std::vector<std::string>{code})) << query << "\n" << names_of(hits);
    }
}

TEST_F(SearchCustom, FindsDelegatesAddedByALaterImport) {
    load("Kod,Imię,Nazwisko,Instytucja\n"
         "L-1,Anna,Kowalska,Gmina A\n");
    EXPECT_TRUE(search(*mirror, "zdrojewska").empty());
    const auto entries = parse_entries("Kod,Imię,Nazwisko,Instytucja\n"
                                       "L-1,Anna,Kowalska-Zdrojewska,Gmina A\n"
                                       "L-2,Henryka,Zdrojewska,Gmina B\n");
    const auto summary = import(*mirror, entries);
    EXPECT_EQ(summary.added, 1U);
    EXPECT_EQ(summary.updated, 1U);
    EXPECT_EQ(code_set(search(*mirror, "zdrojewska")), (std::set<std::string>{"L-1", "L-2"}));
    EXPECT_EQ(code_set(search(*mirror, "kowalska")), (std::set<std::string>{"L-1"}));
}

TEST_F(SearchCustom, FindsAWalkInAddedByAnotherConnection) {
    load("Kod,Imię,Nazwisko,Instytucja\n"
         "W-1,Anna,Kowalska,Gmina A\n");
    EXPECT_TRUE(search(*mirror, "przybysz").empty());
    {
        RawConnection raw(dir.file("custom.db"));
        ASSERT_EQ(raw.execute("INSERT INTO delegates (code, first_name, last_name, organisation, status, "
                              "origin, row_version) VALUES ('WALK-1', 'Jan', 'Przybysz', 'Gość', 'active', "
                              "'walk-in', 0)"),
                  std::nullopt);
    }
    const auto hits = search(*mirror, "przybysz");
    EXPECT_EQ(codes_of(hits), (std::vector<std::string>{"WALK-1"})) << names_of(hits);
}

// The name index is kept in the mirror file, so another process (kioskctl find) loads it instead of
// building it; any delegate change makes it stale, and a damaged one is built anew.
TEST_F(SearchFixture, TheNameIndexIsCachedInTheFileForTheNextProcess) {
    const auto first = search(*mirror, "kowal");
    ASSERT_FALSE(first.empty());
    RawConnection raw(dir.file("mirror.db"));
    const auto changes = raw.integer("SELECT value FROM counters WHERE name = 'delegate_changes'");
    EXPECT_EQ(raw.integer("SELECT delegate_changes FROM name_index_cache WHERE id = 1"), changes);

    // Another mirror on the same file answers alike.
    auto second = open_mirror(dir.file("mirror.db"));
    ASSERT_TRUE(second);
    EXPECT_EQ(codes_of(search(*second, "kowal")), codes_of(first));
    EXPECT_EQ(codes_of(search(*second, "łukasz")), codes_of(search(*mirror, "lukasz")));

    // And it reads the cache rather than building: an index of one other person, stored at the current
    // count, is what a fresh mirror searches.
    const NameIndex other(std::vector<NameIndexEntry>{{1, "Jan", "Zzyzx", ""}});
    std::string hex;
    for (const char byte : other.to_bytes()) {
        hex += fmt::format("{:02x}", static_cast<unsigned char>(byte));
    }
    ASSERT_EQ(raw.execute("UPDATE name_index_cache SET bytes = x'" + hex + "'"), std::nullopt);
    auto reader = open_mirror(dir.file("mirror.db"));
    ASSERT_TRUE(reader);
    EXPECT_TRUE(search(*reader, "kowal").empty()) << "the cached index was not used";
    EXPECT_EQ(search(*reader, "zzyzx").size(), 1U);

    // A new delegate: the cache is stale, the next search finds them and stores a fresh index.
    WalkInRequest request;
    request.first_name = "Zenobia";
    request.last_name = "Kowalczykowa";
    request.kiosk_id = "kiosk-desk";
    request.operator_name = "anna";
    request.now_milliseconds = utc_milliseconds(first_day, 10, 0);
    request.today = first_day;
    ASSERT_TRUE(second->add_walk_in(request).has_value());
    auto third = open_mirror(dir.file("mirror.db"));
    ASSERT_TRUE(third);
    const auto after = search(*third, "kowalczykowa");
    ASSERT_EQ(after.size(), 1U);
    EXPECT_EQ(after[0].delegate.first_name, "Zenobia");
    EXPECT_GT(raw.integer("SELECT delegate_changes FROM name_index_cache WHERE id = 1"), changes);

    // Damaged bytes at the current count: declined, built anew, answered right, stored again.
    ASSERT_EQ(raw.execute("UPDATE name_index_cache SET bytes = x'4e495831ffffffff'"), std::nullopt);
    auto fourth = open_mirror(dir.file("mirror.db"));
    ASSERT_TRUE(fourth);
    EXPECT_EQ(codes_of(search(*fourth, "kowalczykowa")), codes_of(after));
    EXPECT_GT(raw.integer("SELECT length(bytes) FROM name_index_cache WHERE id = 1"), 1000);
}

// ---- Self-service's find-yourself: exact names only ------------------------------------------------------

std::vector<Delegate> exact(Mirror& mirror, std::string_view surname, std::string_view first_name = {},
                            std::size_t limit = 6) {
    auto found = mirror.find_by_exact_name(surname, first_name, limit);
    EXPECT_TRUE(found.has_value()) << (found.has_value() ? "" : found.error().message);
    return found.value_or(std::vector<Delegate>{});
}

std::set<std::string> codes_with(const std::vector<FixtureRow>& rows, std::string_view last_name,
                                 std::string_view first_name = {}) {
    std::set<std::string> codes;
    for (const auto& row : rows) {
        if (row.last_name == last_name && (first_name.empty() || row.first_name == first_name)) {
            codes.insert(row.code);
        }
    }
    return codes;
}

// The fixture's delegates whose last name is `part` or has it as one of its hyphenated parts.
std::set<std::string> holders(const std::vector<FixtureRow>& rows, std::string_view part) {
    std::set<std::string> codes;
    for (const auto& row : rows) {
        std::string_view rest = row.last_name;
        while (true) {
            const auto hyphen = rest.find('-');
            if (rest.substr(0, hyphen) == part) {
                codes.insert(row.code);
            }
            if (hyphen == std::string_view::npos) {
                break;
            }
            rest.remove_prefix(hyphen + 1);
        }
    }
    return codes;
}

std::set<std::string> code_set(const std::vector<Delegate>& delegates) {
    std::set<std::string> codes;
    for (const auto& delegate : delegates) {
        codes.insert(delegate.code);
    }
    return codes;
}

TEST_F(SearchFixture, AnExactSurnameFindsExactlyItsHoldersWithoutDiacritics) {
    // Four Nowaks, a Żurawski-Nowak and five Nowakowskas in the fixture: "nowak" is the first five.
    const auto nowak = holders(rows, "Nowak");
    ASSERT_EQ(nowak.size(), 5U);
    ASSERT_EQ(codes_with(rows, "Nowak").size(), 4U);
    ASSERT_FALSE(codes_with(rows, "Nowakowska").empty());
    EXPECT_EQ(code_set(exact(*mirror, "nowak")), nowak);
    EXPECT_EQ(code_set(exact(*mirror, "NOWAK ")), nowak);
    EXPECT_EQ(code_set(exact(*mirror, "luczak")), codes_with(rows, "Łuczak"));
    EXPECT_EQ(code_set(exact(*mirror, "wozniak", {}, 100)), holders(rows, "Woźniak"));
}

TEST_F(SearchFixture, APartialSurnameFindsNobody) {
    for (const std::string_view partial :
         {"n", "no", "nowa", "kowal", "lucza", "pietrza", "grzegorcz", "w"}) {
        EXPECT_TRUE(exact(*mirror, partial).empty()) << partial;
    }
    // Nor does a first name or an organisation's word in place of a surname.
    EXPECT_TRUE(exact(*mirror, "lukasz").empty());
    EXPECT_TRUE(exact(*mirror, "urzad").empty());
    EXPECT_TRUE(exact(*mirror, "").empty());
    EXPECT_TRUE(exact(*mirror, " - ").empty());
}

TEST_F(SearchFixture, OnePartOfADoubleBarrelledSurnameFindsItsHolder) {
    const auto found = exact(*mirror, "wojciechowska");
    EXPECT_EQ(code_set(found), holders(rows, "Wojciechowska"));
    EXPECT_TRUE(code_set(found).contains(*codes_with(rows, "Szczepańska-Wojciechowska").begin()));
    EXPECT_EQ(code_set(exact(*mirror, "szczepanska wojciechowska")),
              codes_with(rows, "Szczepańska-Wojciechowska"));
}

TEST_F(SearchFixture, MoreThanFiveAreToldByTheLimitAndTheFirstNameNarrowsThem) {
    // Eight Pietrzaks: asked for six, six come back, so the kiosk knows there are too many to list.
    const auto pietrzak = codes_with(rows, "Pietrzak");
    ASSERT_EQ(pietrzak.size(), 8U);
    const auto six = exact(*mirror, "pietrzak", {}, 6);
    EXPECT_EQ(six.size(), 6U);
    for (const auto& delegate : six) {
        EXPECT_TRUE(pietrzak.contains(delegate.code));
    }
    EXPECT_EQ(code_set(exact(*mirror, "pietrzak", {}, 100)), pietrzak);
    // With a first name, exactly those of that first name; a partial first name finds nobody.
    std::string first_name;
    for (const auto& row : rows) {
        if (row.last_name == "Pietrzak") {
            first_name = row.first_name;
            break;
        }
    }
    const auto expected = codes_with(rows, "Pietrzak", first_name);
    EXPECT_EQ(code_set(exact(*mirror, "pietrzak", fold_polish(first_name))), expected);
    EXPECT_TRUE(exact(*mirror, "pietrzak", fold_polish(first_name).substr(0, 2)).empty());
}

} // namespace
} // namespace checkin::sync
