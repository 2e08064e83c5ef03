#include "sync/roster/scan_code.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <string>
#include <string_view>

namespace checkin::sync {
namespace {

using ::testing::HasSubstr;
using namespace std::string_view_literals;

// The code, or "error: …" so that a failure shows what came back instead.
std::string code_of(std::string_view payload) {
    const auto code = normalise_scanned_code(payload);
    if (!code) {
        return "error: " + code.error().message;
    }
    return *code;
}

// The message of a refused scan; checks that it is refused as invalid input and says "unreadable".
std::string refusal_of(std::string_view payload) {
    const auto code = normalise_scanned_code(payload);
    EXPECT_FALSE(code.has_value()) << "accepted as \"" << (code ? *code : "") << "\"";
    if (code) {
        return "(accepted)";
    }
    EXPECT_EQ(code.error().kind, ErrorKind::invalid_input);
    EXPECT_THAT(code.error().message, HasSubstr("unreadable"));
    return code.error().message;
}

TEST(ScanCode, PlainCodeIsKeptAsItIs) {
    EXPECT_EQ(code_of("CWD-ZPZXSWG7"), "CWD-ZPZXSWG7");
    EXPECT_EQ(code_of("cwd-zpzxswg7"), "cwd-zpzxswg7"); // case is the mirror's business, not ours
    EXPECT_EQ(code_of("ŁÓDŹ-12"), "ŁÓDŹ-12");
}

TEST(ScanCode, SurroundingSpacesAreRemoved) {
    EXPECT_EQ(code_of("  CWD-ZPZXSWG7"), "CWD-ZPZXSWG7");
    EXPECT_EQ(code_of("CWD-ZPZXSWG7   "), "CWD-ZPZXSWG7");
    EXPECT_EQ(code_of("   CWD-ZPZXSWG7   "), "CWD-ZPZXSWG7");
}

TEST(ScanCode, KeyboardWedgeTerminatorsAreRemoved) {
    EXPECT_EQ(code_of("CWD-ZPZXSWG7\r"), "CWD-ZPZXSWG7");
    EXPECT_EQ(code_of("CWD-ZPZXSWG7\n"), "CWD-ZPZXSWG7");
    EXPECT_EQ(code_of("CWD-ZPZXSWG7\r\n"), "CWD-ZPZXSWG7");
    EXPECT_EQ(code_of("CWD-ZPZXSWG7\t"), "CWD-ZPZXSWG7");
    EXPECT_EQ(code_of(" CWD-ZPZXSWG7 \r\n"), "CWD-ZPZXSWG7");
}

TEST(ScanCode, AimSymbologyIdentifiersAreDropped) {
    EXPECT_EQ(code_of("]Q1CWD-ZPZXSWG7"), "CWD-ZPZXSWG7"); // QR
    EXPECT_EQ(code_of("]Q3CWD-ZPZXSWG7"), "CWD-ZPZXSWG7"); // QR, ECI
    EXPECT_EQ(code_of("]d2CWD-ZPZXSWG7"), "CWD-ZPZXSWG7"); // Data Matrix
    EXPECT_EQ(code_of("]C0CWD-ZPZXSWG7"), "CWD-ZPZXSWG7"); // Code 128
    EXPECT_EQ(code_of("]Q1CWD-ZPZXSWG7\r\n"), "CWD-ZPZXSWG7");
    EXPECT_EQ(code_of("  ]Q1  CWD-ZPZXSWG7 "), "CWD-ZPZXSWG7");
}

TEST(ScanCode, BracketsThatAreNotAimIdentifiersAreKept) {
    EXPECT_EQ(code_of("]"), "]");
    EXPECT_EQ(code_of("]1"), "]1");
    EXPECT_EQ(code_of("]12ABC"), "]12ABC"); // a digit is not a symbology character
}

TEST(ScanCode, AimIdentifierWithNothingAfterItIsUnreadable) {
    refusal_of("]Q1");
    refusal_of("]Q1\r\n");
}

TEST(ScanCode, UrlGivesItsLastPathSegment) {
    EXPECT_EQ(code_of("https://cwd.example.org/checkin/CWD-ZPZXSWG7"), "CWD-ZPZXSWG7");
    EXPECT_EQ(code_of("https://cwd.example.org/checkin/CWD-ZPZXSWG7/"), "CWD-ZPZXSWG7");
    EXPECT_EQ(code_of("https://cwd.example.org/checkin/CWD-ZPZXSWG7//"), "CWD-ZPZXSWG7");
    EXPECT_EQ(code_of("http://cwd.example.org:8080/CWD-ZPZXSWG7"), "CWD-ZPZXSWG7");
    EXPECT_EQ(code_of("]Q1https://cwd.example.org/checkin/CWD-ZPZXSWG7\r\n"), "CWD-ZPZXSWG7");
}

TEST(ScanCode, UrlPathSegmentIsPercentDecoded) {
    EXPECT_EQ(code_of("https://cwd.example.org/checkin/CWD%2DZPZXSWG7"), "CWD-ZPZXSWG7");
    EXPECT_EQ(code_of("https://cwd.example.org/checkin/%C5%81%C3%93D%C5%B9-1"), "ŁÓDŹ-1");
}

TEST(ScanCode, UrlCodeParameterWins) {
    EXPECT_EQ(code_of("https://cwd.example.org/checkin?code=CWD-X&lang=pl"), "CWD-X");
    EXPECT_EQ(code_of("https://cwd.example.org/checkin/ignored?lang=pl&code=CWD-X"), "CWD-X");
    EXPECT_EQ(code_of("https://cwd.example.org/checkin?lang=pl;code=CWD-X"), "CWD-X");
}

TEST(ScanCode, UrlCodeParameterIsPercentDecoded) {
    EXPECT_EQ(code_of("https://cwd.example.org/checkin?code=CWD%2DZPZXSWG7&lang=pl"), "CWD-ZPZXSWG7");
    EXPECT_EQ(code_of("https://cwd.example.org/checkin?code=CWD%2dZPZXSWG7"), "CWD-ZPZXSWG7");
}

TEST(ScanCode, UrlQueryWithoutCodeFallsBackToThePath) {
    EXPECT_EQ(code_of("https://cwd.example.org/checkin/CWD-ZPZXSWG7?lang=pl"), "CWD-ZPZXSWG7");
    EXPECT_EQ(code_of("https://cwd.example.org/checkin/CWD-ZPZXSWG7?codes=1"), "CWD-ZPZXSWG7");
}

TEST(ScanCode, UrlFragmentIsIgnored) {
    EXPECT_EQ(code_of("https://cwd.example.org/checkin/CWD-ZPZXSWG7#top"), "CWD-ZPZXSWG7");
    EXPECT_EQ(code_of("https://cwd.example.org/checkin?code=CWD-X#code=OTHER"), "CWD-X");
    EXPECT_EQ(code_of("https://cwd.example.org/checkin/CWD-X#?code=OTHER"), "CWD-X");
}

TEST(ScanCode, UrlWithOnlyAHostIsUnreadable) {
    refusal_of("https://cwd.example.org");
    refusal_of("https://cwd.example.org/");
    refusal_of("https://cwd.example.org?lang=pl");
    refusal_of("https://cwd.example.org/checkin?code=");
}

TEST(ScanCode, EmptyOrWhitespaceIsUnreadable) {
    refusal_of("");
    refusal_of(" ");
    refusal_of("\r\n");
    refusal_of("\t \r\n ");
}

TEST(ScanCode, ControlCharactersAreUnreadable) {
    refusal_of("\x01");
    refusal_of("\x1b");
    refusal_of("CWD\x01ZPZXSWG7");
    refusal_of("\x1b[ACWD-ZPZXSWG7");
    refusal_of("CWD-ZPZXSWG7\x7f");
    refusal_of("CWD\r\nZPZXSWG7"); // two scans run together
    refusal_of("CWD-\xC2\x85X");   // NEL, a C1 control
    refusal_of("\0CWD"sv);
    refusal_of("https://cwd.example.org/checkin?code=CWD%00X");
}

TEST(ScanCode, InvalidUtf8IsUnreadable) {
    refusal_of("CWD-\xFF");
    refusal_of("CWD-\xC3");             // cut short
    refusal_of("CWD-\xC0\xAF");         // overlong '/'
    refusal_of("CWD-\xE0\x80\xAF");     // overlong '/', three bytes
    refusal_of("CWD-\xED\xA0\x80");     // UTF-16 surrogate
    refusal_of("CWD-\xF4\x90\x80\x80"); // above U+10FFFF
    refusal_of("\x80\x43WD");           // stray continuation byte before "CWD"
}

TEST(ScanCode, LengthLimitIs128Characters) {
    ASSERT_EQ(maximum_code_length, 128u);
    const std::string longest(128, 'A');
    EXPECT_EQ(code_of(longest), longest);
    EXPECT_EQ(code_of(longest + "\r\n"), longest);

    const std::string message = refusal_of(std::string(129, 'A'));
    EXPECT_THAT(message, HasSubstr("129"));
}

TEST(ScanCode, LongNonCodePayloadsAreUnreadable) {
    const std::string vcard = "BEGIN:VCARD\nVERSION:3.0\nN:Nowak;Anna\nEND:VCARD";
    refusal_of(vcard);
    refusal_of(std::string(500, 'x'));
}

TEST(ScanCode, NoBreakSpacesFromSpreadsheetsAreTrimmed) {
    EXPECT_EQ(code_of("\xC2\xA0"
                      "CWD-ZPZXSWG7\xC2\xA0"),
              "CWD-ZPZXSWG7");
    EXPECT_EQ(code_of("https://x.example/c/CWD-ZPZXSWG7%C2%A0"), "CWD-ZPZXSWG7");
}

TEST(ScanCode, AWrapperInsideAWrapperIsRefusedSoNormalisingIsIdempotent) {
    refusal_of("]Q1]Q1ABC");
    refusal_of("https://x.example/c/%5DQ1ABC");
    refusal_of("https://x.example/p?code=https://y.example/z");
    EXPECT_EQ(code_of(code_of("]Q1ABC\r\n")), "ABC");
}

} // namespace
} // namespace checkin::sync
