#include "sync/roster/text_fold.hpp"

#include <gtest/gtest.h>
#include <string>
#include <vector>

namespace checkin::sync {
namespace {

using Tokens = std::vector<std::string>;

TEST(TextFold, PolishLettersLoseCaseAndDiacritics) {
    EXPECT_EQ(fold_for_search("Łukasz"), "lukasz");
    EXPECT_EQ(fold_for_search("ŻÓŁĆ ĄĘŚŃ Ź"), "zolc aesn z");
    EXPECT_EQ(fold_for_search("żółć ąęśń ź"), "zolc aesn z");
}

TEST(TextFold, AsciiIsOnlyLowerCased) {
    EXPECT_EQ(fold_for_search("Anna NOWAK-Kowalska, 12 (VIP)!"), "anna nowak-kowalska, 12 (vip)!");
    EXPECT_EQ(fold_for_search(""), "");
}

TEST(TextFold, Kashubian) {
    EXPECT_EQ(fold_for_search("Miłosz Kòrczëk"), "milosz korczek");
    EXPECT_EQ(fold_for_search("ã ù"), "a u");
    EXPECT_EQ(fold_for_search("ÒËÃÙ"), "oeau");
}

TEST(TextFold, GermanSharpSAndUmlauts) {
    EXPECT_EQ(fold_for_search("Günther Weiß"), "gunther weiss");
    EXPECT_EQ(fold_for_search("GÜNTHER WEIẞ"), "gunther weiss");
}

TEST(TextFold, Lithuanian) {
    EXPECT_EQ(fold_for_search("Žydrūnas Šimkus ėų"), "zydrunas simkus eu");
}

TEST(TextFold, CzechAndSlovak) {
    EXPECT_EQ(fold_for_search("Řehoř Ďurčo Ľubomír Ťažký ů"), "rehor durco lubomir tazky u");
}

TEST(TextFold, Vietnamese) {
    EXPECT_EQ(fold_for_search("Nguyễn Thị Minh Khai"), "nguyen thi minh khai");
    EXPECT_EQ(fold_for_search("Đặng Ưng Ơn"), "dang ung on");
    EXPECT_EQ(fold_for_search("đặng ưng ơn"), "dang ung on");
}

TEST(TextFold, LettersWithoutDecompositionUseTheExtras) {
    EXPECT_EQ(fold_for_search("ł Ł đ Đ ø Ø ß ẞ æ Æ œ Œ"), "l l d d o o ss ss ae ae oe oe");
    EXPECT_EQ(fold_for_search("ħ Ħ ı þ Þ ð Ð ŀ Ŀ ŧ Ŧ ƒ Ƒ"), "h h i th th d d l l t t f f");
    // A stroke letter that also carries a mark loses both.
    EXPECT_EQ(fold_for_search("Ǿ ǣ"), "o ae");
}

TEST(TextFold, UkrainianIsLowerCasedAndStripped) {
    EXPECT_EQ(fold_for_search("Олександр ШЕВЧЕНКО Їжак Ґалаґан"), "олександр шевченко іжак ґалаґан");
    EXPECT_EQ(fold_for_search("Йосип Ёлкин"), "иосип елкин");
}

TEST(TextFold, GreekIsCaseFolded) {
    // Final sigma and sigma meet, so a name typed in capitals finds the one typed normally.
    EXPECT_EQ(fold_for_search("ΝΙΚΟΣ"), fold_for_search("Νίκος"));
    EXPECT_EQ(fold_for_search("Νίκος"), "νικοσ");
}

TEST(TextFold, DecomposedInputFoldsLikeComposed) {
    EXPECT_EQ(fold_for_search("L\u0301odz\u0301"), fold_for_search("Ĺodź"));
    EXPECT_EQ(fold_for_search("Z\u0307o\u0301\u0142c\u0301"), fold_for_search("Żółć"));
    EXPECT_EQ(fold_for_search("Z\u0307o\u0301\u0142c\u0301"), "zolc");
    EXPECT_EQ(fold_for_search("Nguye\u0302\u0303n"), "nguyen");
    EXPECT_EQ(fold_for_search("\u0418\u0306\u043E\u0441\u0438\u043F"), fold_for_search("Йосип"));
    EXPECT_EQ(fold_for_search("\u0300"), ""); // a mark on its own disappears
}

TEST(TextFold, TableEdgesAreFound) {
    // The first and last entries of each generated block, and their neighbours outside it, exercise
    // the binary search at both ends of the table and show the table is in order.
    EXPECT_EQ(fold_for_search("\u00BF"), "\u00BF"); // ¿ before the first block stays
    EXPECT_EQ(fold_for_search("\u00C0"), "a");      // À, the first entry
    EXPECT_EQ(fold_for_search("\u024E"), "\u024F"); // Ɏ → ɏ, end of Latin Extended-B
    EXPECT_EQ(fold_for_search("\u0250"), "\u0250"); // ɐ, first code point after the block
    EXPECT_EQ(fold_for_search("\u0370"), "\u0371"); // Ͱ → ͱ, start of Greek
    EXPECT_EQ(fold_for_search("\u03FF"), "\u037D"); // Ͽ → ͽ, end of Greek
    EXPECT_EQ(fold_for_search("\u0400"), "\u0435"); // Ѐ → е, start of Cyrillic
    EXPECT_EQ(fold_for_search("\u052E"), "\u052F"); // Ԯ → ԯ, end of Cyrillic Supplement
    EXPECT_EQ(fold_for_search("\u1E00"), "a");      // Ḁ, start of Latin Extended Additional
    EXPECT_EQ(fold_for_search("\u1EFE"), "\u1EFF"); // Ỿ → ỿ, the last entry
    EXPECT_EQ(fold_for_search("\u1EFF"), "\u1EFF"); // ỿ is already folded
    EXPECT_EQ(fold_for_search("\u1F00"), "\u1F00"); // ἀ, past the last block, passes through
}

TEST(TextFold, OtherScriptsPassThrough) {
    EXPECT_EQ(fold_for_search("東京 ქართული 😀"), "東京 ქართული 😀");
}

TEST(TextFold, FoldingTwiceChangesNothing) {
    const std::string sample = "Łukasz ŻÓŁĆ Kòrczëk Weiß Řehoř Nguyễn Đặng Олександр Їжак ΝΙΚΟΣ L\u0301";
    EXPECT_EQ(fold_for_search(fold_for_search(sample)), fold_for_search(sample));
}

TEST(TextFold, InvalidBytesAreDropped) {
    // Octal escapes where a letter follows: "\xFFb" would read as the single escape \xFFb.
    EXPECT_EQ(fold_for_search("a\377b"), "ab");
    // A stray continuation byte.
    EXPECT_EQ(fold_for_search("a\200b"), "ab");
    // The first byte of Ł, then the text ends; two of the three bytes of €.
    EXPECT_EQ(fold_for_search("ab\xC5"), "ab");
    EXPECT_EQ(fold_for_search("ab\xE2\x82"), "ab");
    // A lead byte without its continuation does not eat the letter after it.
    EXPECT_EQ(fold_for_search("\xC5z"), "z");
    // Overlong forms: '/' in two bytes, NUL in three (cut short), and a bare 0xC1.
    EXPECT_EQ(fold_for_search("a\300\257b"), "ab");
    EXPECT_EQ(fold_for_search("\xE0\x80\xC1"), "");
    // A UTF-16 surrogate (U+D800) and U+110000, past the end of Unicode; U+10FFFF itself is valid.
    EXPECT_EQ(fold_for_search("a\xED\xA0\x80"), "a");
    EXPECT_EQ(fold_for_search("a\xF4\x90\x80\x80"), "a");
    EXPECT_EQ(fold_for_search("\xF4\x8F\xBF\xBF"), "\xF4\x8F\xBF\xBF");
    EXPECT_EQ(fold_for_search("\xC5\x81ukasz\xFF"), "lukasz");
}

TEST(TextFold, TokensSplitAtPunctuationAndSpaces) {
    EXPECT_EQ(search_tokens("Wiśniewska-Grzegorczyk, Anna"), (Tokens{"wisniewska", "grzegorczyk", "anna"}));
    EXPECT_EQ(search_tokens("O'Neil Jr."), (Tokens{"o", "neil", "jr"}));
    EXPECT_EQ(search_tokens("O\u2019Neil"), (Tokens{"o", "neil"})); // typographic apostrophe
    EXPECT_EQ(search_tokens("Gmina 2"), (Tokens{"gmina", "2"}));
    EXPECT_EQ(search_tokens("  Miłosz\tKòrczëk \n"), (Tokens{"milosz", "korczek"}));
}

TEST(TextFold, TokensSplitAtUnicodeSeparators) {
    EXPECT_EQ(search_tokens("Anna\u00A0Nowak"), (Tokens{"anna", "nowak"}));         // no-break space
    EXPECT_EQ(search_tokens("Kowalska\u2013Nowak"), (Tokens{"kowalska", "nowak"})); // en dash
    EXPECT_EQ(search_tokens("\uFEFFAnna"), (Tokens{"anna"}));                       // byte-order mark
    EXPECT_EQ(search_tokens("2\u00D73"), (Tokens{"2", "3"}));                       // ×
    EXPECT_EQ(search_tokens("\u201EAnna\u201D"), (Tokens{"anna"}));                 // Polish quotes
    EXPECT_EQ(search_tokens("Anna\U0001F600Nowak"), (Tokens{"anna", "nowak"}));
    EXPECT_EQ(search_tokens("Anna\u3000Nowak"), (Tokens{"anna", "nowak"})); // ideographic space
}

TEST(TextFold, TokensKeepLettersOfEveryScript) {
    EXPECT_EQ(search_tokens("Шевченко Їжак"), (Tokens{"шевченко", "іжак"}));
    EXPECT_EQ(search_tokens("Nguyễn Thị"), (Tokens{"nguyen", "thi"}));
    EXPECT_EQ(search_tokens("東京"), (Tokens{"東京"}));
}

TEST(TextFold, EmptyOrBlankInputHasNoTokens) {
    EXPECT_TRUE(search_tokens("").empty());
    EXPECT_TRUE(search_tokens("   \t\r\n ").empty());
    EXPECT_TRUE(search_tokens("\u00A0 - , . '").empty());
    EXPECT_TRUE(search_tokens("\xFF\xFE").empty());
}

TEST(TextFold, DecomposedInputGivesTheSameTokens) {
    EXPECT_EQ(search_tokens("Z\u0307ak L\u0301odz\u0301"), search_tokens("Żak Ĺodź"));
}

// Self-service's find-yourself rule: the whole name or one whole part of it, never a prefix.
TEST(NamesExactly, TheWholeNameWithoutCaseOrDiacritics) {
    EXPECT_TRUE(names_exactly("luczak", "Łuczak"));
    EXPECT_TRUE(names_exactly("  ŁUCZAK ", "Łuczak"));
    EXPECT_TRUE(names_exactly("wisniewska grzegorczyk", "Wiśniewska-Grzegorczyk"));
    EXPECT_TRUE(names_exactly("Wiśniewska-Grzegorczyk", "Wiśniewska-Grzegorczyk"));
}

TEST(NamesExactly, OneWholePartOfADoubleName) {
    EXPECT_TRUE(names_exactly("grzegorczyk", "Wiśniewska-Grzegorczyk"));
    EXPECT_TRUE(names_exactly("wisniewska", "Wiśniewska-Grzegorczyk"));
    EXPECT_TRUE(names_exactly("bozena", "Teresa Bożena"));
    // Two parts typed must be the whole name, in its order.
    EXPECT_FALSE(names_exactly("grzegorczyk wisniewska", "Wiśniewska-Grzegorczyk"));
    EXPECT_FALSE(names_exactly("wisniewska grzegorczyk", "Wiśniewska-Grzegorczyk-Nowak"));
}

TEST(NamesExactly, APrefixOrAnotherNameNamesNobody) {
    EXPECT_FALSE(names_exactly("kowal", "Kowalska"));
    EXPECT_FALSE(names_exactly("k", "Kowalska"));
    EXPECT_FALSE(names_exactly("nowak", "Nowakowska"));
    EXPECT_FALSE(names_exactly("wisniew", "Wiśniewska-Grzegorczyk"));
    EXPECT_FALSE(names_exactly("kowalski", "Kowalska"));
    EXPECT_FALSE(names_exactly("kowalska anna", "Kowalska"));
}

TEST(NamesExactly, TextWithoutLettersNamesNobody) {
    EXPECT_FALSE(names_exactly("", ""));
    EXPECT_FALSE(names_exactly(" - ", "-"));
    EXPECT_FALSE(names_exactly("", "Kowalska"));
}

} // namespace
} // namespace checkin::sync
