#include "base/utf8.hpp"

#include <gtest/gtest.h>
#include <string>
#include <string_view>

namespace checkin::base::utf8 {
namespace {

CodePoint decode(std::string_view bytes) {
    return decode_at(bytes, 0);
}

TEST(Utf8, DecodesOneToFourByteCharacters) {
    EXPECT_EQ(decode("A").value, U'A');
    EXPECT_EQ(decode("Ł").value, U'Ł');
    EXPECT_EQ(decode("Ł").length, 2U);
    EXPECT_EQ(decode("€").value, U'€');
    EXPECT_EQ(decode("€").length, 3U);
    EXPECT_EQ(decode("\xF0\x9F\x98\x80").value, U'\U0001F600');
    EXPECT_EQ(decode("\xF0\x9F\x98\x80").length, 4U);
    EXPECT_EQ(decode("ą").defect, Defect::none);
}

TEST(Utf8, NamesEachDefectAndConsumesOneByte) {
    const auto defect_of = [](std::string_view bytes) {
        const CodePoint decoded = decode(bytes);
        EXPECT_EQ(decoded.length, 1U) << bytes;
        return decoded.defect;
    };
    EXPECT_EQ(defect_of("\x80"), Defect::stray_continuation);
    EXPECT_EQ(defect_of("\xC0\x81"), Defect::overlong);          // 'A' smuggled in two bytes
    EXPECT_EQ(defect_of("\xE0\x80\x80"), Defect::overlong);      // NUL in three bytes
    EXPECT_EQ(defect_of("\xED\xA0\x80"), Defect::surrogate);     // U+D800
    EXPECT_EQ(defect_of("\xF4\x90\x80\x80"), Defect::too_large); // U+110000
    EXPECT_EQ(defect_of("\xC5"), Defect::truncated);
    EXPECT_EQ(defect_of("\xE2\x82"), Defect::truncated);
    EXPECT_EQ(defect_of("\xC5\x41"), Defect::truncated); // a lead byte followed by ASCII
    EXPECT_EQ(defect_of("\xF8\x88\x80\x80\x80"), Defect::impossible_byte);
    EXPECT_EQ(defect_of("\xFF"), Defect::impossible_byte);
}

TEST(Utf8, DecodesInTheMiddleOfAString) {
    const std::string_view text = "Józef";
    const CodePoint o_acute = decode_at(text, 1);
    EXPECT_EQ(o_acute.value, U'ó');
    EXPECT_EQ(decode_at(text, 1 + o_acute.length).value, U'z');
    EXPECT_EQ(decode_at(text, 2).defect, Defect::stray_continuation); // inside the ó
}

TEST(Utf8, AppendRoundTripsEveryLengthAndTheEdges) {
    for (const char32_t value : {U'\0', U'A', U'\x7F', U'\x80', U'Ł', U'\x7FF', U'\x800', U'€', U'\xFFFF',
                                 U'\U00010000', U'\U0001F600', U'\U0010FFFF'}) {
        std::string encoded;
        append(encoded, value);
        const CodePoint decoded = decode_at(encoded, 0);
        EXPECT_EQ(decoded.defect, Defect::none) << static_cast<unsigned>(value);
        EXPECT_EQ(decoded.value, value);
        EXPECT_EQ(decoded.length, encoded.size());
    }
    std::string name;
    append(name, U'Ł');
    append(name, U'u');
    append(name, U'k');
    EXPECT_EQ(name, "Łuk");
}

TEST(Utf8, CountsAndCutsCharactersNotBytes) {
    using namespace std::string_view_literals;
    EXPECT_TRUE(is_continuation_byte('\x81'));
    EXPECT_FALSE(is_continuation_byte('\xC5'));
    EXPECT_FALSE(is_continuation_byte('a'));
    EXPECT_EQ(count_characters("Łukasz Żółć"sv), 11U);
    EXPECT_EQ(count_characters(""sv), 0U);
    EXPECT_EQ(first_character("Żaba"sv), "Ż"sv);
    EXPECT_EQ(first_character("😀!"sv), "😀"sv);
    EXPECT_EQ(first_character("\x81\x81x"sv), "\x81\x81"sv)
        << "stray continuation bytes go with the character they start";
    EXPECT_EQ(first_character(""sv), ""sv);
    EXPECT_EQ(last_character_start("abć"sv), 2U);
    EXPECT_EQ(last_character_start("a😀"sv), 1U);
    EXPECT_EQ(last_character_start("x"sv), 0U);
    EXPECT_EQ(last_character_start("\x81\x81"sv), 0U);
}

} // namespace
} // namespace checkin::base::utf8
