// Polish hyphenation through libhyphen and Debian's hyph_pl_PL.dic, on the names of the seminar's roster
// and the longest surname the badge tests use.

#include "printing/hyphenation.hpp"

#include <gtest/gtest.h>
#include <string>

namespace checkin::printing {
namespace {

// The word with "-" at every break point.
std::string hyphenated(const Hyphenator& hyphenator, std::string_view word) {
    std::string out;
    std::size_t from = 0;
    for (const std::size_t point : hyphenator.break_points(word)) {
        out.append(word.substr(from, point - from));
        out.push_back('-');
        from = point;
    }
    out.append(word.substr(from));
    return out;
}

class PolishHyphenation : public ::testing::Test {
protected:
    void SetUp() override {
        auto loaded = Hyphenator::load(polish_hyphenation_patterns);
        ASSERT_TRUE(loaded.has_value()) << loaded.error().message;
        hyphenator.emplace(std::move(*loaded));
    }
    std::optional<Hyphenator> hyphenator;
};

TEST_F(PolishHyphenation, BreaksPolishNamesBetweenSyllables) {
    EXPECT_EQ(hyphenated(*hyphenator, "Kowalska"), "Ko-wal-ska");
    EXPECT_EQ(hyphenated(*hyphenator, "Brzęczyszczykiewicz"), "Brzę-czysz-czy-kie-wicz");
    EXPECT_EQ(hyphenated(*hyphenator, "Konstantynopolitańczykiewiczówna"),
              "Kon-stan-ty-no-po-li-tań-czy-kie-wi-czów-na");
    EXPECT_EQ(hyphenated(*hyphenator, "ŁUKASZEWICZ"), "ŁU-KA-SZE-WICZ");
}

TEST_F(PolishHyphenation, LeavesTwoLettersOnEitherSideAndShortWordsWhole) {
    for (const std::string word : {"Kowalska", "Brzęczyszczykiewicz", "Łukasz"}) {
        const auto points = hyphenator->break_points(word);
        for (const std::size_t point : points) {
            EXPECT_GE(point, 2U) << word;
            EXPECT_LE(point, word.size() - 2) << word;
        }
    }
    EXPECT_TRUE(hyphenator->break_points("Ola").empty());
    EXPECT_TRUE(hyphenator->break_points("").empty());
}

TEST_F(PolishHyphenation, OffersNoBreaksInWhatIsNotAWordOfLetters) {
    EXPECT_TRUE(hyphenator->break_points("CWD-ZPZXSWG7").empty());
    EXPECT_TRUE(hyphenator->break_points("Анна").empty());
    EXPECT_TRUE(hyphenator->break_points("Kowal\xffska").empty());
}

TEST(Hyphenation, RefusesAFileThatIsNoDictionary) {
    auto missing = Hyphenator::load("/nonexistent/hyph_pl_PL.dic");
    ASSERT_FALSE(missing.has_value());
    EXPECT_EQ(missing.error().kind, ErrorKind::io);
    EXPECT_EQ(missing.error().message,
              "cannot read the hyphenation patterns /nonexistent/hyph_pl_PL.dic (Debian package hyphen-pl)");
}

} // namespace
} // namespace checkin::printing
