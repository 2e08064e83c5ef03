#include "kiosk/selfservice/scan_kind.hpp"

#include <gtest/gtest.h>
#include <string>
#include <vector>

namespace checkin::kiosk {
namespace {

struct Example {
    std::string what;
    std::string payload;
    ScanKind kind;
};

void expect_kinds(const std::vector<Example>& examples) {
    for (const Example& example : examples) {
        EXPECT_EQ(to_string(classify_scan(example.payload)), to_string(example.kind)) << example.what;
    }
}

TEST(ClassifyScan, TheQrCodesOfOtherThingsAreNotInvitations) {
    expect_kinds({
        {"a business card (vCard) as a camera reads it",
         "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Kowalski;Jan\r\nFN:Jan Kowalski\r\nORG:Urząd Gminy Serock\r\n"
         "EMAIL:jan.kowalski@example.org\r\nEND:VCARD\r\n",
         ScanKind::other_content},
        {"a vCard whose line breaks a keyboard scanner turned into spaces",
         "BEGIN:VCARD VERSION:3.0 N:Kowalski;Jan FN:Jan Kowalski END:VCARD", ScanKind::other_content},
        {"a vCard in lower case", "begin:vcard\nversion:4.0\nfn:Anna\nend:vcard", ScanKind::other_content},
        {"a MeCard", "MECARD:N:Kowalski,Jan;TEL:+48220000000;;", ScanKind::other_content},
        {"Wi-Fi settings", "WIFI:S:Hotel-Serock-Guest;T:WPA;P:zaq12wsx;;", ScanKind::other_content},
        {"Wi-Fi settings with a scanner's Enter and AIM identifier", "]Q1WIFI:S:Konferencja;T:nopass;;\r",
         ScanKind::other_content},
        {"a calendar entry", "BEGIN:VEVENT\nSUMMARY:Seminarium\nDTSTART:20261129T090000\nEND:VEVENT",
         ScanKind::other_content},
        {"an e-mail address", "mailto:recepcja@example.org", ScanKind::other_content},
        {"a telephone number", "tel:+48220000000", ScanKind::other_content},
        {"a text message", "SMSTO:+48600000000:Dzień dobry", ScanKind::other_content},
        {"a place", "geo:52.5139,21.0654", ScanKind::other_content},
        {"a sentence", "Zapraszamy na seminarium w Serocku", ScanKind::other_content},
        {"several lines of plain text", "Hotel Narvil\nul. Czysta 1\nSerock", ScanKind::other_content},
        {"a long text, longer than any code",
         "Regulamin konferencji: uczestnicy proszeni są o rejestrację przy wejściu, okazanie zaproszenia i "
         "odebranie identyfikatora, który należy nosić w widocznym miejscu przez cały czas trwania "
         "wydarzenia.",
         ScanKind::other_content},
    });
}

TEST(ClassifyScan, WebLinksAreLookedUpBecauseAnInvitationMayCarryItsCodeInOne) {
    expect_kinds({
        {"an invitation's link with the code as the last segment", "https://example.org/checkin/CWD-ZPZXSWG7",
         ScanKind::link},
        {"an invitation's link with the code as a parameter", "https://example.org/c?code=CWD-ZPZXSWG7",
         ScanKind::link},
        {"a hotel's web page", "https://www.hotel-narvil.pl/", ScanKind::link},
        {"a plain http link", "http://example.com/menu.pdf", ScanKind::link},
    });
}

TEST(ClassifyScan, OurCodesAreCodes) {
    expect_kinds({
        {"a roster code", "CWD-ZPZXSWG7", ScanKind::plain_code},
        {"a roster code with a keyboard scanner's Enter", "CWD-ZPZXSWG7\r\n", ScanKind::plain_code},
        {"a roster code with an AIM identifier", "]Q1CWD-ZPZXSWG7", ScanKind::plain_code},
        {"a roster code read in lower case (Caps Lock)", "cwd-zpzxswg7", ScanKind::plain_code},
        {"a numeric ticket", "100234", ScanKind::plain_code},
        {"an organiser's code with one space", "AB 1234", ScanKind::plain_code},
        {"a signed invitation, badge or staff code", "CK1:6BFOXN*TS0BI$ZD.P9E+XB2", ScanKind::signed_code},
        {"a signed code after an AIM identifier", "]Q1CK1:6BFOXN*TS0BI$ZD\r", ScanKind::signed_code},
    });
}

TEST(ClassifyScan, ADamagedCodeOfOursCouldNotBeRead) {
    const std::string long_base45(150, 'K');
    expect_kinds({
        {"nothing", "", ScanKind::damaged},
        {"only a terminator", "\r\n", ScanKind::damaged},
        {"a code with a control character (a noisy serial line)", "CWD-ZP\x01ZXSWG7", ScanKind::damaged},
        {"a code with an escape sequence", "CWD-\x1b[ZPZX", ScanKind::damaged},
        {"broken UTF-8 (a scanner's wrong code page)", "CWD-\xC5ZPZX\xFF", ScanKind::damaged},
        {"a signed code typed in lower case", "ck1:6bfoxn*ts0bi$zd.p9e+xb2", ScanKind::damaged},
        {"a signed code that lost its prefix", "6BFOXN*TS0BI$ZD.P9E+XB2 " + long_base45, ScanKind::damaged},
    });
}

TEST(ClassifyScan, NamesEveryKind) {
    EXPECT_EQ(to_string(ScanKind::signed_code), "signed_code");
    EXPECT_EQ(to_string(ScanKind::plain_code), "plain_code");
    EXPECT_EQ(to_string(ScanKind::link), "link");
    EXPECT_EQ(to_string(ScanKind::other_content), "other_content");
    EXPECT_EQ(to_string(ScanKind::damaged), "damaged");
}

} // namespace
} // namespace checkin::kiosk
