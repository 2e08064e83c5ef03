#include "sync/roster/text_encoding.hpp"

#include <fstream>
#include <gtest/gtest.h>
#include <iterator>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace checkin::sync {
namespace {

using namespace std::string_literals;
using namespace std::string_view_literals;

std::string read_test_file(const std::string& name) {
    std::ifstream file(std::string(CHECKIN_TEST_DATA) + "/" + name, std::ios::binary);
    EXPECT_TRUE(file.is_open()) << "cannot open test data file " << name;
    return {std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
}

std::string error_message(const Result<DecodedText>& result) {
    return result.has_value() ? std::string("(no error)") : result.error().message;
}

constexpr std::string_view undefined_bytes = "\x81\x83\x88\x90\x98";

bool is_undefined_byte(unsigned char byte) {
    return undefined_bytes.find(static_cast<char>(byte)) != std::string_view::npos;
}

// Every defined byte 0x80..0xFF decoded, as Python prints
// bytes(range(0x80, 0x100)).decode('cp1250', errors='replace') without the five replacement characters.
constexpr std::string_view python_cp1250_upper_half =
    "€‚„…†‡‰Š‹ŚŤŽŹ‘’“”•–—™š›śťžź\u00A0ˇ˘Ł¤Ą¦§¨©Ş«¬\u00AD®Ż°±˛ł´µ¶·¸ąş»Ľ˝ľżŔÁÂĂÄĹĆÇČÉĘËĚÍÎĎĐŃŇÓÔŐÖ×ŘŮÚŰÜÝŢßŕáâ"
    "ăäĺćçčéęëěíîďđńňóôőö÷ř"
    "ůúűüýţ˙";

std::string defined_upper_bytes() {
    std::string bytes;
    for (unsigned byte = 0x80; byte <= 0xFF; ++byte) {
        if (!is_undefined_byte(static_cast<unsigned char>(byte))) {
            bytes.push_back(static_cast<char>(byte));
        }
    }
    return bytes;
}

TEST(TextEncoding, Cp1250UpperHalfMatchesPythonCodec) {
    const std::string bytes = defined_upper_bytes();
    ASSERT_EQ(bytes.size(), 123u);
    const auto decoded = decode_roster_bytes(bytes, EncodingChoice::cp1250);
    ASSERT_TRUE(decoded.has_value()) << error_message(decoded);
    EXPECT_EQ(decoded->utf8, python_cp1250_upper_half);
    EXPECT_EQ(decoded->source_encoding, Encoding::cp1250);
}

TEST(TextEncoding, Cp1250LowerHalfIsAscii) {
    std::string bytes;
    for (unsigned byte = 0x20; byte < 0x80; ++byte) {
        if (byte != 0x7F) {
            bytes.push_back(static_cast<char>(byte));
        }
    }
    bytes += "\t\r\n\f";
    const auto decoded = decode_roster_bytes(bytes, EncodingChoice::cp1250);
    ASSERT_TRUE(decoded.has_value()) << error_message(decoded);
    EXPECT_EQ(decoded->utf8, bytes);
    EXPECT_EQ(encode_cp1250(bytes), bytes);
}

TEST(TextEncoding, PolishLettersAndPunctuationBothWays) {
    const std::vector<std::pair<std::string_view, unsigned char>> expected = {
        {"ą", 0xB9}, {"ć", 0xE6}, {"ę", 0xEA}, {"ł", 0xB3}, {"ń", 0xF1}, {"ó", 0xF3},
        {"ś", 0x9C}, {"ź", 0x9F}, {"ż", 0xBF}, {"Ą", 0xA5}, {"Ć", 0xC6}, {"Ę", 0xCA},
        {"Ł", 0xA3}, {"Ń", 0xD1}, {"Ó", 0xD3}, {"Ś", 0x8C}, {"Ź", 0x8F}, {"Ż", 0xAF},
        {"„", 0x84}, {"”", 0x94}, {"–", 0x96}, {"—", 0x97}, {"€", 0x80}, {"§", 0xA7},
    };
    for (const auto& [letter, byte] : expected) {
        const std::string single_byte(1, static_cast<char>(byte));
        EXPECT_EQ(encode_cp1250(letter), single_byte) << letter;
        const auto decoded = decode_roster_bytes(single_byte, EncodingChoice::cp1250);
        ASSERT_TRUE(decoded.has_value()) << error_message(decoded);
        EXPECT_EQ(decoded->utf8, letter);
    }
}

TEST(TextEncoding, EncodeIsTheInverseOfDecodeForEveryDefinedByte) {
    const std::string bytes = defined_upper_bytes();
    EXPECT_EQ(encode_cp1250(python_cp1250_upper_half), bytes);
}

TEST(TextEncoding, EncodeReplacesMissingCharactersWithOneQuestionMarkEach) {
    EXPECT_EQ(encode_cp1250("Łódź ñ 日本 😀"), "\xA3\xF3"
                                              "d\x9F ? ?? ?");
    EXPECT_EQ(encode_cp1250("a\xFF"
                            "b"),
              "a?b"); // a broken byte is not silently dropped
    EXPECT_EQ(encode_cp1250(""), "");
}

TEST(TextEncoding, UndefinedCp1250BytesAreRefusedWithTheirLine) {
    for (const char byte : undefined_bytes) {
        const std::string bytes = encode_cp1250("Kod;Imię\nA1;Ala\nA2;x") + byte + "y\n";
        const auto forced = decode_roster_bytes(bytes, EncodingChoice::cp1250);
        ASSERT_FALSE(forced.has_value());
        EXPECT_EQ(forced.error().kind, ErrorKind::invalid_input);
        EXPECT_TRUE(forced.error().message.starts_with("line 3: ")) << forced.error().message;
        EXPECT_NE(forced.error().message.find("Windows-1250"), std::string::npos) << forced.error().message;

        // Neither UTF-8 nor Windows-1250: automatic mode has to give up too.
        const auto automatic = decode_roster_bytes(bytes, EncodingChoice::automatic);
        ASSERT_FALSE(automatic.has_value());
        EXPECT_TRUE(automatic.error().message.starts_with("line 3: ")) << automatic.error().message;
    }
}

TEST(TextEncoding, FixturesAreDetectedAndDecodeToTheSameText) {
    const std::string utf8_bytes = read_test_file("serock-roster.csv");
    const std::string cp1250_bytes = read_test_file("serock-roster-cp1250.csv");
    ASSERT_FALSE(utf8_bytes.empty());
    ASSERT_FALSE(cp1250_bytes.empty());

    const auto from_utf8 = decode_roster_bytes(utf8_bytes, EncodingChoice::automatic);
    ASSERT_TRUE(from_utf8.has_value()) << error_message(from_utf8);
    EXPECT_EQ(from_utf8->source_encoding, Encoding::utf8);
    EXPECT_STREQ(encoding_name(from_utf8->source_encoding), "utf-8");
    EXPECT_FALSE(from_utf8->had_byte_order_mark);
    EXPECT_EQ(from_utf8->utf8, utf8_bytes);

    const auto from_cp1250 = decode_roster_bytes(cp1250_bytes, EncodingChoice::automatic);
    ASSERT_TRUE(from_cp1250.has_value()) << error_message(from_cp1250);
    EXPECT_EQ(from_cp1250->source_encoding, Encoding::cp1250);
    EXPECT_STREQ(encoding_name(from_cp1250->source_encoding), "cp1250");
    EXPECT_TRUE(
        from_cp1250->utf8.starts_with("Kod;Imię;Nazwisko;Instytucja;Stanowisko;Partnerstwo;Województwo;"));
    EXPECT_NE(from_cp1250->utf8.find("Związek Miast Polskich"), std::string::npos);

    // The same letters, whichever encoding they came from.
    EXPECT_EQ(encode_cp1250(from_cp1250->utf8), cp1250_bytes);
}

TEST(TextEncoding, ForcedUtf8OnCp1250BytesFailsWithTheLineNumber) {
    const std::string bytes = encode_cp1250("Kod;Imię\nA1;Ala\nA2;Zażółć\n");
    const auto decoded = decode_roster_bytes(bytes, EncodingChoice::utf8);
    ASSERT_FALSE(decoded.has_value());
    EXPECT_EQ(decoded.error().kind, ErrorKind::invalid_input);
    // Line 1 already has "ę" (0xEA followed by ';'), so the first problem is on line 1.
    EXPECT_TRUE(decoded.error().message.starts_with("line 1: not valid UTF-8")) << decoded.error().message;
    EXPECT_NE(decoded.error().message.find("try --encoding cp1250"), std::string::npos);

    const std::string later = encode_cp1250("Kod;Imie\nA1;Ala\nA2;Zażółć\n");
    const auto later_decoded = decode_roster_bytes(later, EncodingChoice::utf8);
    ASSERT_FALSE(later_decoded.has_value());
    EXPECT_TRUE(later_decoded.error().message.starts_with("line 3: not valid UTF-8"))
        << error_message(later_decoded);
}

TEST(TextEncoding, ForcedUtf8OnTheCp1250FixtureFails) {
    const auto decoded =
        decode_roster_bytes(read_test_file("serock-roster-cp1250.csv"), EncodingChoice::utf8);
    ASSERT_FALSE(decoded.has_value());
    EXPECT_TRUE(decoded.error().message.starts_with("line 1: not valid UTF-8")) << decoded.error().message;
}

TEST(TextEncoding, ByteOrderMarkIsStrippedAndRecorded) {
    const auto decoded = decode_roster_bytes("\xEF\xBB\xBFKod;Imię\n", EncodingChoice::automatic);
    ASSERT_TRUE(decoded.has_value()) << error_message(decoded);
    EXPECT_EQ(decoded->utf8, "Kod;Imię\n");
    EXPECT_TRUE(decoded->had_byte_order_mark);
    EXPECT_EQ(decoded->source_encoding, Encoding::utf8);

    const auto forced = decode_roster_bytes("\xEF\xBB\xBFKod\n", EncodingChoice::utf8);
    ASSERT_TRUE(forced.has_value()) << error_message(forced);
    EXPECT_EQ(forced->utf8, "Kod\n");
    EXPECT_TRUE(forced->had_byte_order_mark);

    const auto only_mark = decode_roster_bytes("\xEF\xBB\xBF", EncodingChoice::automatic);
    ASSERT_TRUE(only_mark.has_value()) << error_message(only_mark);
    EXPECT_EQ(only_mark->utf8, "");
    EXPECT_TRUE(only_mark->had_byte_order_mark);
}

TEST(TextEncoding, ByteOrderMarkFollowedByInvalidUtf8Fails) {
    // The mark says UTF-8, so Windows-1250 is not guessed behind the user's back.
    const auto decoded = decode_roster_bytes("\xEF\xBB\xBFKod\nImi\xEA\n", EncodingChoice::automatic);
    ASSERT_FALSE(decoded.has_value());
    EXPECT_TRUE(decoded.error().message.starts_with("line 2: not valid UTF-8")) << decoded.error().message;
}

TEST(TextEncoding, EmptyInputDecodesToEmptyText) {
    for (const EncodingChoice choice :
         {EncodingChoice::automatic, EncodingChoice::utf8, EncodingChoice::cp1250}) {
        const auto decoded = decode_roster_bytes("", choice);
        ASSERT_TRUE(decoded.has_value()) << error_message(decoded);
        EXPECT_EQ(decoded->utf8, "");
        EXPECT_FALSE(decoded->had_byte_order_mark);
    }
    EXPECT_EQ(decode_roster_bytes("", EncodingChoice::automatic)->source_encoding, Encoding::utf8);
}

TEST(TextEncoding, ValidUtf8OfEveryLengthIsAccepted) {
    const std::string text = "A ł € 😀 \u00A0 \U0010FFFF";
    const auto decoded = decode_roster_bytes(text, EncodingChoice::utf8);
    ASSERT_TRUE(decoded.has_value()) << error_message(decoded);
    EXPECT_EQ(decoded->utf8, text);
    const auto automatic = decode_roster_bytes(text, EncodingChoice::automatic);
    ASSERT_TRUE(automatic.has_value());
    EXPECT_EQ(automatic->source_encoding, Encoding::utf8);
}

TEST(TextEncoding, InvalidUtf8IsRejected) {
    const std::vector<std::pair<std::string_view, std::string_view>> cases = {
        {"ok\n\xC0\x80", "overlong two-byte NUL"},
        {"ok\n\xC1\xBF", "overlong two-byte"},
        {"ok\n\xE0\x80\x80", "overlong three-byte"},
        {"ok\n\xE0\x9F\xBF", "overlong three-byte, largest"},
        {"ok\n\xF0\x80\x80\x80", "overlong four-byte"},
        {"ok\n\xF0\x8F\xBF\xBF", "overlong four-byte, largest"},
        {"ok\n\xED\xA0\x80", "high surrogate"},
        {"ok\n\xED\xBF\xBF", "low surrogate"},
        {"ok\n\xF4\x90\x80\x80", "U+110000"},
        {"ok\n\xF5\x80\x80\x80", "lead byte F5"},
        {"ok\n\xFF", "byte FF"},
        {"ok\n\xE2\x82", "truncated at the end"},
        {"ok\n\xE2\x82z", "truncated before ASCII"},
        {"ok\n\xF0\x9F\x98", "truncated four-byte"},
        {"ok\n\x80", "lone continuation byte"},
    };
    for (const auto& [bytes, description] : cases) {
        const auto decoded = decode_roster_bytes(bytes, EncodingChoice::utf8);
        ASSERT_FALSE(decoded.has_value()) << description;
        EXPECT_EQ(decoded.error().kind, ErrorKind::invalid_input) << description;
        EXPECT_TRUE(decoded.error().message.starts_with("line 2: not valid UTF-8"))
            << description << ": " << decoded.error().message;
    }
    // Automatic mode reads such bytes as Windows-1250 instead.
    const auto automatic = decode_roster_bytes("\xC0\x80", EncodingChoice::automatic);
    ASSERT_TRUE(automatic.has_value()) << error_message(automatic);
    EXPECT_EQ(automatic->source_encoding, Encoding::cp1250);
    EXPECT_EQ(automatic->utf8, "Ŕ€");
}

TEST(TextEncoding, NulByteIsRefusedWithItsLine) {
    for (const EncodingChoice choice :
         {EncodingChoice::automatic, EncodingChoice::utf8, EncodingChoice::cp1250}) {
        const auto decoded = decode_roster_bytes("Kod;Imie\nA1;A\0a\n"sv, choice);
        ASSERT_FALSE(decoded.has_value());
        EXPECT_EQ(decoded.error().kind, ErrorKind::invalid_input);
        EXPECT_TRUE(decoded.error().message.starts_with("line 2: ")) << decoded.error().message;
        EXPECT_NE(decoded.error().message.find("NUL"), std::string::npos) << decoded.error().message;
    }
}

TEST(TextEncoding, OtherControlCharactersAreRefusedButTabCrLfAndFormFeedAreText) {
    const auto bell = decode_roster_bytes("a\nb\nc\x07\n", EncodingChoice::automatic);
    ASSERT_FALSE(bell.has_value());
    EXPECT_TRUE(bell.error().message.starts_with("line 3: ")) << bell.error().message;
    EXPECT_NE(bell.error().message.find("0x07"), std::string::npos) << bell.error().message;

    const auto escape = decode_roster_bytes("a\x1B", EncodingChoice::cp1250);
    ASSERT_FALSE(escape.has_value());
    EXPECT_TRUE(escape.error().message.starts_with("line 1: ")) << escape.error().message;

    const auto text = decode_roster_bytes("a\tb\r\nc\fd\re\n", EncodingChoice::automatic);
    ASSERT_TRUE(text.has_value()) << error_message(text);
    EXPECT_EQ(text->utf8, "a\tb\r\nc\fd\re\n");
}

TEST(TextEncoding, ExcelWorkbooksAreRefusedWithAdvice) {
    // A real .xlsx is a zip archive: its first bytes are the local file header, then binary data that
    // would be invalid UTF-8 — the workbook message must win over any encoding complaint.
    const std::string xlsx = "PK\x03\x04\x14\x00\x06\x00\x08\x00\xEA\x81[Content_Types].xml"s;
    for (const EncodingChoice choice :
         {EncodingChoice::automatic, EncodingChoice::utf8, EncodingChoice::cp1250}) {
        const auto decoded = decode_roster_bytes(xlsx, choice);
        ASSERT_FALSE(decoded.has_value());
        EXPECT_EQ(decoded.error().kind, ErrorKind::invalid_input);
        EXPECT_EQ(decoded.error().message,
                  "this file is an Excel workbook (.xlsx), not CSV: in Excel choose File › "
                  "Save As › CSV (semicolon delimited)");
    }

    const std::string xls = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\x00\x00\x00\x00"s;
    const auto old_workbook = decode_roster_bytes(xls, EncodingChoice::automatic);
    ASSERT_FALSE(old_workbook.has_value());
    EXPECT_NE(old_workbook.error().message.find("(.xls)"), std::string::npos) << old_workbook.error().message;
    EXPECT_NE(old_workbook.error().message.find("Save As › CSV"), std::string::npos);
}

TEST(TextEncoding, Utf16IsRefusedWithItsOwnMessage) {
    const auto decoded = decode_roster_bytes("\xFF\xFEK\0o\0d\0"sv, EncodingChoice::automatic);
    ASSERT_FALSE(decoded.has_value());
    EXPECT_NE(decoded.error().message.find("UTF-16"), std::string::npos) << decoded.error().message;
}

TEST(TextEncoding, EncodingNames) {
    EXPECT_STREQ(encoding_name(Encoding::utf8), "utf-8");
    EXPECT_STREQ(encoding_name(Encoding::cp1250), "cp1250");
}

} // namespace
} // namespace checkin::sync
