// Seeded randomized property tests for the pure input functions of the sync module: whatever bytes a
// scanner, an organiser's spreadsheet or a damaged file hands us, the answer is a value or a clear
// message, never a crash and never a half-valid result.
//
// Every test draws from std::mt19937 with a fixed seed; a failure names the seed and the case number
// and shows the input, so it can be replayed exactly.

#include "sync/roster/csv.hpp"
#include "sync/roster/name_index.hpp"
#include "sync/roster/roster.hpp"
#include "sync/roster/scan_code.hpp"
#include "sync/roster/text_encoding.hpp"
#include "sync/roster/text_fold.hpp"

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <fmt/format.h>
#include <fstream>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <iterator>
#include <map>
#include <numeric>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace checkin::sync {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;
using namespace std::string_view_literals;

using Random = std::mt19937;

// --- Random helpers -----------------------------------------------------------------------------------

// Uniform in [low, high].
std::size_t between(Random& rng, std::size_t low, std::size_t high) {
    return std::uniform_int_distribution<std::size_t>(low, high)(rng);
}

// Uniform in [0, bound); bound must be positive.
std::size_t below(Random& rng, std::size_t bound) {
    return between(rng, 0, bound - 1);
}

bool chance(Random& rng, double probability) {
    return std::bernoulli_distribution(probability)(rng);
}

template <typename T> const T& pick(Random& rng, const std::vector<T>& items) {
    return items[below(rng, items.size())];
}

char random_byte(Random& rng) {
    return static_cast<char>(below(rng, 256));
}

std::string random_bytes(Random& rng, std::size_t maximum_length) {
    std::string bytes(between(rng, 0, maximum_length), '\0');
    for (auto& byte : bytes) {
        byte = random_byte(rng);
    }
    return bytes;
}

// "seed 1234 case 56": enough to replay a failure.
std::string replay(std::uint32_t seed, std::size_t index) {
    return fmt::format("seed {} case {}", seed, index);
}

// --- Text helpers, written independently of the code under test ---------------------------------------

// The bytes as a C-like literal: printable ASCII as is, everything else as \xNN.
std::string escaped(std::string_view bytes) {
    std::string out = "\"";
    for (const char c : bytes) {
        const auto byte = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (byte >= 0x20 && byte < 0x7F) {
            out += c;
        } else {
            out += fmt::format("\\x{:02X}", byte);
        }
    }
    return out + "\"";
}

// Strict RFC 3629 decoding: the code points, or nothing when the bytes are not valid UTF-8.
std::optional<std::vector<char32_t>> utf8_code_points(std::string_view text) {
    std::vector<char32_t> code_points;
    std::size_t index = 0;
    while (index < text.size()) {
        const auto lead = static_cast<unsigned char>(text[index]);
        std::size_t length = 0;
        char32_t code_point = 0;
        if (lead < 0x80) {
            length = 1;
            code_point = lead;
        } else if (lead >= 0xC2 && lead <= 0xDF) {
            length = 2;
            code_point = lead & 0x1FU;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            length = 3;
            code_point = lead & 0x0FU;
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            length = 4;
            code_point = lead & 0x07U;
        } else {
            return std::nullopt;
        }
        if (text.size() - index < length) {
            return std::nullopt;
        }
        for (std::size_t offset = 1; offset < length; ++offset) {
            const auto byte = static_cast<unsigned char>(text[index + offset]);
            if ((byte & 0xC0U) != 0x80U) {
                return std::nullopt;
            }
            code_point = (code_point << 6U) | (byte & 0x3FU);
        }
        const bool overlong = (length == 3 && code_point < 0x800) || (length == 4 && code_point < 0x10000);
        if (overlong || (code_point >= 0xD800 && code_point <= 0xDFFF) || code_point > 0x10FFFF) {
            return std::nullopt;
        }
        code_points.push_back(code_point);
        index += length;
    }
    return code_points;
}

bool is_valid_utf8(std::string_view text) {
    return utf8_code_points(text).has_value();
}

// C0 controls, DEL and the C1 controls U+0080–U+009F.
bool has_control_character(std::string_view utf8) {
    const auto code_points = utf8_code_points(utf8);
    if (!code_points) {
        return true;
    }
    return std::ranges::any_of(*code_points, [](char32_t c) { return c < 0x20 || (c >= 0x7F && c < 0xA0); });
}

bool is_ascii_whitespace(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

// The characters of valid UTF-8 text, each as its own string.
std::vector<std::string> characters_of(std::string_view utf8) {
    std::vector<std::string> characters;
    std::size_t index = 0;
    while (index < utf8.size()) {
        const auto lead = static_cast<unsigned char>(utf8[index]);
        const std::size_t length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
        characters.emplace_back(utf8.substr(index, length));
        index += length;
    }
    return characters;
}

// Every character of every string in `groups`, as one pool.
std::vector<std::string> pool_of(std::initializer_list<std::string_view> groups) {
    std::vector<std::string> pool;
    for (const auto group : groups) {
        for (auto& character : characters_of(group)) {
            pool.push_back(std::move(character));
        }
    }
    return pool;
}

// Physical line breaks as parse_csv and the decoder count them: LF, CRLF and a lone CR are one each.
std::size_t line_breaks_in(std::string_view text) {
    std::size_t breaks = 0;
    for (std::size_t index = 0; index < text.size(); ++index) {
        if (text[index] == '\n' ||
            (text[index] == '\r' && (index + 1 == text.size() || text[index + 1] != '\n'))) {
            ++breaks;
        }
    }
    return breaks;
}

std::string read_test_file(const std::string& name) {
    std::ifstream file(std::string(CHECKIN_TEST_DATA) + "/" + name, std::ios::binary);
    EXPECT_TRUE(file.is_open()) << "cannot open test data file " << name;
    return {std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
}

// The codes of the UTF-8 fixture: the first field of every line but the header.
std::vector<std::string> fixture_codes() {
    const std::string text = read_test_file("serock-roster.csv");
    std::vector<std::string> codes;
    std::size_t start = text.find('\n') + 1;
    while (start < text.size()) {
        const auto end = text.find('\n', start);
        const auto line = std::string_view(text).substr(start, end - start);
        codes.emplace_back(line.substr(0, line.find(',')));
        start = end == std::string::npos ? text.size() : end + 1;
    }
    return codes;
}

const std::vector<std::string> polish_letters = pool_of({"ąćęłńóśźżĄĆĘŁŃÓŚŹŻ"});

// =====================================================================================================
// 1. normalise_scanned_code
// =====================================================================================================

// The properties every answer must have: a refusal that says "unreadable", or a clean code.
void expect_sound_scan(std::string_view payload, const std::string& where) {
    const auto result = normalise_scanned_code(payload);
    const std::string context = where + ", payload " + escaped(payload);
    if (!result) {
        EXPECT_EQ(result.error().kind, ErrorKind::invalid_input) << context;
        EXPECT_THAT(result.error().message, HasSubstr("unreadable")) << context;
        return;
    }
    const std::string& code = *result;
    const std::string with_code = context + ", code " + escaped(code);
    ASSERT_FALSE(code.empty()) << with_code;
    EXPECT_LE(code.size(), maximum_code_length) << with_code;
    EXPECT_TRUE(is_valid_utf8(code)) << with_code;
    EXPECT_FALSE(has_control_character(code)) << with_code;
    EXPECT_FALSE(is_ascii_whitespace(code.front())) << with_code;
    EXPECT_FALSE(is_ascii_whitespace(code.back())) << with_code;
}

// A code that comes out of a scan must come out of a second normalisation unchanged: it is what the
// roster check (normalise(code) == code) and the lookup compare against.
void expect_idempotent_scan(std::string_view payload, const std::string& where) {
    const auto result = normalise_scanned_code(payload);
    if (!result) {
        return;
    }
    const auto again = normalise_scanned_code(*result);
    EXPECT_TRUE(again.has_value() && *again == *result)
        << "normalising is not idempotent: " << where << ", payload " << escaped(payload) << ", code "
        << escaped(*result) << ", normalised again "
        << (again ? escaped(*again) : "error: " + again.error().message);
}

// Pieces of what scanners send, right and wrong.
const std::vector<std::string> scan_pieces = [] {
    std::vector<std::string> pieces =
        pool_of({"ABCDEFGHJKLMNPQRSTUVWXYZ0123456789abcxyz-_.~ /?#%&=+:;]@\"'", "ąćęłńóśźżĄĆĘŁŃÓŚŹŻ€\u00A0"});
    pieces.emplace_back(1, '\0');
    for (const auto piece :
         {"\r",       "\n",     "\r\n",     "\t",        "\x01",         "\x7F",
          "\xC2\x85", "\xFF",   "\xC3",     "\x80",      "\xED\xA0\x80", "\xF4\x90\x80\x80",
          "]Q1",      "]d2",    "https://", "http://x/", "?code=",       "%20",
          "%0A",      "%C5%81", "%FF",      "%",         "CWD-"}) {
        pieces.emplace_back(piece);
    }
    return pieces;
}();

std::string random_scan(Random& rng) {
    std::string payload;
    const std::size_t count = between(rng, 0, 60);
    for (std::size_t index = 0; index < count; ++index) {
        payload += pick(rng, scan_pieces);
    }
    return payload;
}

std::string aim_identifier(Random& rng) {
    static const std::string letters = "QdCEeIXzQQQ";
    static const std::string modifiers = "0123456789ABab";
    return std::string("]") + letters[below(rng, letters.size())] + modifiers[below(rng, modifiers.size())];
}

std::string percent_encoded(std::string_view text) {
    std::string out;
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
            c == '_' || c == '.' || c == '~') {
            out += c;
        } else {
            out += fmt::format("%{:02X}", byte);
        }
    }
    return out;
}

bool is_url_safe(std::string_view text) {
    return percent_encoded(text) == text;
}

std::string wrapped_in_url(Random& rng, const std::string& code) {
    switch (below(rng, 6)) {
    case 0:
        return "https://x.example/c/" + code;
    case 1:
        return "https://example.org/checkin/" + code + "/";
    case 2:
        return "http://h.example/p?code=" + code + "&x=1";
    case 3:
        return "https://h.example/p?a=1&code=" + percent_encoded(code) + "#frag";
    case 4:
        return "HTTPS://h.example/a/b/" + code + "?utm=1";
    default:
        return "kiosk+app://" + code;
    }
}

// One damage or wrapping of the kind scanners and printers really do.
std::string mutated_code(Random& rng, std::string code, std::string& log) {
    const std::size_t operations = between(rng, 1, 4);
    for (std::size_t step = 0; step < operations; ++step) {
        switch (below(rng, 7)) {
        case 0: {
            static const std::vector<std::string> breaks = {"\r", "\n", "\t", "\r\n"};
            const std::size_t at = between(rng, 0, code.size());
            code.insert(at, pick(rng, breaks));
            log += fmt::format(" break@{}", at);
            break;
        }
        case 1:
            code = aim_identifier(rng) + code;
            log += " aim";
            break;
        case 2:
            code = wrapped_in_url(rng, code);
            log += " url";
            break;
        case 3:
            if (!code.empty()) {
                const std::size_t at = below(rng, code.size());
                code[at] = chance(rng, 0.5)
                               ? random_byte(rng)
                               : static_cast<char>(code[at] ^ static_cast<char>(1U << below(rng, 8)));
                log += fmt::format(" flip@{}", at);
            }
            break;
        case 4: {
            static const std::vector<std::string> terminators = {"\r\n", "\n", "\t", " ", "  \r"};
            code += pick(rng, terminators);
            code.insert(0, std::string(below(rng, 3), ' '));
            log += " terminators";
            break;
        }
        case 5:
            if (!code.empty()) {
                const std::size_t at = below(rng, code.size());
                code.replace(at, 1, fmt::format("%{:02X}", static_cast<unsigned char>(code[at])));
                log += fmt::format(" percent@{}", at);
            }
            break;
        default:
            if (!code.empty()) {
                code.resize(below(rng, code.size()));
                log += " truncate";
            }
            break;
        }
    }
    return code;
}

TEST(RobustnessScanCode, RandomBytesGiveACleanCodeOrSayUnreadable) {
    constexpr std::uint32_t seed = 20261129;
    Random rng(seed);
    for (std::size_t index = 0; index < 4000; ++index) {
        const std::string payload = index % 2 == 0 ? random_bytes(rng, 200) : random_scan(rng);
        expect_sound_scan(payload, replay(seed, index));
        if (::testing::Test::HasFailure()) {
            return; // one replayable case is clearer than a thousand
        }
    }
}

TEST(RobustnessScanCode, MutatedRealCodesGiveACleanCodeOrSayUnreadable) {
    constexpr std::uint32_t seed = 20261130;
    Random rng(seed);
    const auto codes = fixture_codes();
    ASSERT_EQ(codes.size(), 320u);
    for (std::size_t index = 0; index < 4000; ++index) {
        std::string log;
        const std::string payload = mutated_code(rng, pick(rng, codes), log);
        expect_sound_scan(payload, replay(seed, index) + ", mutations" + log);
        if (::testing::Test::HasFailure()) {
            return;
        }
    }
}

TEST(RobustnessScanCode, NormalisingTwiceChangesNothing) {
    constexpr std::uint32_t seed = 20261201;
    Random rng(seed);
    const auto codes = fixture_codes();
    for (std::size_t index = 0; index < 4000; ++index) {
        std::string log;
        const std::string payload = index % 3 == 0   ? random_bytes(rng, 200)
                                    : index % 3 == 1 ? random_scan(rng)
                                                     : mutated_code(rng, pick(rng, codes), log);
        expect_idempotent_scan(payload, replay(seed, index) + (log.empty() ? "" : ", mutations" + log));
        if (::testing::Test::HasFailure()) {
            return;
        }
    }
}

// The smallest inputs the randomized test above found: the code taken out of a URL or from behind an
// AIM identifier is not examined again, so it may itself be a URL or start with an AIM identifier.
TEST(RobustnessScanCode, NormalisingTwiceChangesNothingMinimalCases) {
    for (const auto payload :
         {"]Q1]Q1ABC"sv, "https://x.example/c/%5DQ1ABC"sv, "https://x.example/c/]Q1ABC"sv,
          "https://x.example/p?code=https://y.example/z"sv, "]Q1https://x.example/c/]Q1ABC"sv}) {
        expect_idempotent_scan(payload, "minimal case");
    }
}

// A code the scanner path accepts unchanged, drawn from the fixture or from random characters.
std::optional<std::string> random_valid_code(Random& rng, const std::vector<std::string>& fixture) {
    static const std::vector<std::string> url_safe = pool_of({"ABCDEFGHJKLMNPQRSTUVWXYZ0123456789abcz-_.~"});
    static const std::vector<std::string> any_text =
        pool_of({"ABCDEFXYZ0123456789-_.~ /?#%&=+:;@'\"", "ąćęłńóśźżĄĆĘŁŃÓŚŹŻ€§\u00A0"});
    std::string code;
    switch (below(rng, 3)) {
    case 0:
        code = pick(rng, fixture);
        break;
    case 1:
        for (std::size_t count = between(rng, 1, 40); count > 0; --count) {
            code += pick(rng, url_safe);
        }
        break;
    default:
        for (std::size_t count = between(rng, 1, 40); count > 0; --count) {
            code += pick(rng, any_text);
        }
        break;
    }
    const auto normalised = normalise_scanned_code(code);
    if (!normalised || *normalised != code) {
        return std::nullopt;
    }
    return code;
}

TEST(RobustnessScanCode, WrappedValidCodesComeBackUnchanged) {
    constexpr std::uint32_t seed = 311;
    Random rng(seed);
    const auto codes = fixture_codes();
    std::size_t tried = 0;
    for (std::size_t index = 0; index < 4000; ++index) {
        const auto code = random_valid_code(rng, codes);
        if (!code) {
            continue;
        }
        ++tried;
        const std::string where = replay(seed, index) + ", code " + escaped(*code);
        const auto expect_code = [&](const std::string& payload) {
            const auto result = normalise_scanned_code(payload);
            EXPECT_TRUE(result.has_value() && *result == *code)
                << where << ", payload " << escaped(payload) << " gave "
                << (result ? escaped(*result) : "error: " + result.error().message);
        };
        expect_code("]Q1" + *code + "\r\n");
        expect_code("https://x.example/checkin?lang=pl&code=" + percent_encoded(*code));
        if (is_url_safe(*code)) {
            expect_code("https://x.example/c/" + *code);
        }
        if (::testing::Test::HasFailure()) {
            return;
        }
    }
    EXPECT_GT(tried, 2000u) << "the generator should mostly produce valid codes";
}

// =====================================================================================================
// 2. decode_roster_bytes
// =====================================================================================================

std::string random_file_bytes(Random& rng) {
    static const std::vector<std::string> pieces = [] {
        std::vector<std::string> all = pool_of({"abcXYZ019 ,;\"'.-", "ąćęłńóśźżĄĆĘŁŃÓŚŹŻ", "Ђ€ž\u00A0"});
        for (const auto piece :
             {"\t",   "\r",   "\n",   "\r\n", "\f",   "\xB9", "\xA5",     "\x9C",         "\x8C", "\xF3",
              "\x81", "\x83", "\x88", "\x90", "\x98", "\xC0", "\xE0\x80", "\xED\xB0\x80", "\xF5", "\xFF"}) {
            all.emplace_back(piece);
        }
        return all;
    }();
    static const std::vector<std::string> prefixes = {"",
                                                      "",
                                                      "",
                                                      "",
                                                      "\xEF\xBB\xBF",
                                                      "\xEF\xBB\xBF",
                                                      "PK\x03\x04",
                                                      "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
                                                      "\xFF\xFE",
                                                      "\xFE\xFF"};
    if (chance(rng, 0.25)) {
        return random_bytes(rng, 300);
    }
    std::string bytes = pick(rng, prefixes);
    for (std::size_t count = between(rng, 0, 120); count > 0; --count) {
        if (chance(rng, 0.01)) {
            bytes += static_cast<char>(below(rng, 0x20)); // NUL or another control character
        } else {
            bytes += pick(rng, pieces);
        }
    }
    return bytes;
}

void expect_sound_decoding(std::string_view bytes, EncodingChoice choice, const std::string& where) {
    constexpr std::string_view bom = "\xEF\xBB\xBF";
    const auto decoded = decode_roster_bytes(bytes, choice);
    const std::string context =
        fmt::format("{}, choice {}, bytes {}", where, static_cast<int>(choice), escaped(bytes));
    if (!decoded) {
        const Error& error = decoded.error();
        EXPECT_EQ(error.kind, ErrorKind::invalid_input) << context;
        EXPECT_FALSE(error.message.empty()) << context;
        if (error.line > 0) {
            EXPECT_THAT(error.message, StartsWith(fmt::format("line {}: ", error.line))) << context;
            EXPECT_FALSE(error.text_without_line().empty()) << context;
            EXPECT_LE(error.line, static_cast<std::size_t>(std::ranges::count(bytes, '\n')) + 1) << context;
        }
        return;
    }
    const std::string_view body = bytes.starts_with(bom) ? bytes.substr(bom.size()) : bytes;
    EXPECT_TRUE(is_valid_utf8(decoded->utf8)) << context << ", decoded " << escaped(decoded->utf8);
    EXPECT_EQ(decoded->had_byte_order_mark, bytes.starts_with(bom)) << context;
    if (decoded->source_encoding == Encoding::utf8) {
        EXPECT_NE(choice, EncodingChoice::cp1250) << context;
        EXPECT_EQ(decoded->utf8, body) << context;
    } else {
        EXPECT_NE(choice, EncodingChoice::utf8) << context;
        EXPECT_GE(decoded->utf8.size(), body.size()) << context;
    }
}

TEST(RobustnessDecode, RandomBytesDecodeToValidUtf8OrGiveALineNumberedMessage) {
    constexpr std::uint32_t seed = 1250;
    Random rng(seed);
    for (std::size_t index = 0; index < 4000; ++index) {
        const std::string bytes = random_file_bytes(rng);
        for (const auto choice : {EncodingChoice::automatic, EncodingChoice::utf8, EncodingChoice::cp1250}) {
            expect_sound_decoding(bytes, choice, replay(seed, index));
        }
        // Text that is valid UTF-8 and holds only the allowed control characters is UTF-8, whatever else.
        constexpr std::string_view bom = "\xEF\xBB\xBF";
        const std::string_view body = std::string_view(bytes).starts_with(bom)
                                          ? std::string_view(bytes).substr(3)
                                          : std::string_view(bytes);
        const bool plain_text = std::ranges::none_of(bytes, [](char c) {
            const auto byte = static_cast<unsigned char>(c);
            return (byte < 0x20 && c != '\t' && c != '\r' && c != '\n' && c != '\f') || byte == 0x7F;
        });
        if (plain_text && is_valid_utf8(body) && !bytes.starts_with("PK\x03\x04")) {
            const auto decoded = decode_roster_bytes(bytes, EncodingChoice::automatic);
            EXPECT_TRUE(decoded.has_value() && decoded->source_encoding == Encoding::utf8)
                << replay(seed, index) << ", bytes " << escaped(bytes);
        }
        if (::testing::Test::HasFailure()) {
            return;
        }
    }
}

TEST(RobustnessDecode, PolishTextRoundTripsThroughCp1250) {
    constexpr std::uint32_t seed = 852;
    Random rng(seed);
    // Every character here exists in Windows-1250.
    const std::vector<std::string> pool = [] {
        std::vector<std::string> all =
            pool_of({"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
                     " !\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", "ąćęłńóśźżĄĆĘŁŃÓŚŹŻ", "„”‚‘’–—…€§°«»×÷\u00A0",
                     "ěščřžýáíéúůťďňĚŠČŘŽÝÁÍÉÚŮŤĎŇőűŐŰäöüßÄÖÜ"});
        for (const auto control : {"\t", "\r", "\n", "\r\n", "\f"}) {
            all.emplace_back(control);
        }
        return all;
    }();
    for (std::size_t index = 0; index < 3000; ++index) {
        std::string text;
        std::size_t characters = 0;
        for (std::size_t count = between(rng, 0, 200); count > 0; --count) {
            const std::string& character = pick(rng, pool);
            text += character;
            characters += characters_of(character).size();
        }
        const std::string encoded = encode_cp1250(text);
        EXPECT_EQ(encoded.size(), characters) << replay(seed, index) << ", text " << escaped(text);
        const auto decoded = decode_roster_bytes(encoded, EncodingChoice::cp1250);
        ASSERT_TRUE(decoded.has_value())
            << replay(seed, index) << ", text " << escaped(text) << ": " << decoded.error().message;
        EXPECT_EQ(decoded->utf8, text) << replay(seed, index) << ", encoded " << escaped(encoded);
        EXPECT_EQ(decoded->source_encoding, Encoding::cp1250) << replay(seed, index);
        if (::testing::Test::HasFailure()) {
            return;
        }
    }
}

// =====================================================================================================
// 3. parse_csv and detect_delimiter
// =====================================================================================================

using Row = std::vector<std::string>;

// A random CSV file together with what it must parse to.
struct CsvCase {
    char delimiter = ',';
    std::vector<Row> rows;                 // the fields as parse_csv must return them
    std::string text;                      // the file
    std::vector<std::size_t> lines;        // the physical line each record starts on
    std::vector<std::size_t> content_ends; // where each record ends, before its line break
    bool plain_header = false;             // the header holds no delimiter, quote or line break
};

std::string random_field(Random& rng) {
    static const std::vector<std::string> pieces = {"a",           "Kowalski",
                                                    "Łódź",        "ż",
                                                    "Ą",           "Świętokrzyskie",
                                                    "29.11,30.11", "x y",
                                                    " ",           "  ",
                                                    ",",           ";",
                                                    "\t",          "\"",
                                                    "\"\"",        "\r",
                                                    "\n",          "\r\n",
                                                    "'",           "-",
                                                    "0",           "e-mail@example.org",
                                                    "ó",           "Gżegżółka"};
    if (chance(rng, 0.2)) {
        return {};
    }
    std::string field;
    for (std::size_t count = between(rng, 1, 4); count > 0; --count) {
        field += pick(rng, pieces);
    }
    return field;
}

// RFC 4180: a field is quoted when it holds the delimiter, a quote or a line break (and sometimes when it
// need not be), with its quotes doubled.
std::string serialised_field(Random& rng, const std::string& field, char delimiter) {
    const bool must_quote = field.find_first_of(std::string{delimiter, '"', '\r', '\n'}) != std::string::npos;
    if (!must_quote && !chance(rng, 0.15)) {
        return field;
    }
    std::string out = "\"";
    for (const char c : field) {
        out += c;
        if (c == '"') {
            out += '"';
        }
    }
    return out + "\"";
}

std::string serialised_record(Random& rng, const Row& row, char delimiter) {
    std::string out;
    for (std::size_t column = 0; column < row.size(); ++column) {
        if (column > 0) {
            out += delimiter;
        }
        out += serialised_field(rng, row[column], delimiter);
    }
    return out;
}

// What parse_csv makes of a field's line breaks: each LF, CRLF or lone CR becomes "\n".
std::string with_normalised_breaks(std::string_view field) {
    std::string out;
    for (std::size_t index = 0; index < field.size(); ++index) {
        if (field[index] == '\r') {
            out += '\n';
            if (index + 1 < field.size() && field[index + 1] == '\n') {
                ++index;
            }
        } else {
            out += field[index];
        }
    }
    return out;
}

bool is_whitespace_only(std::string_view text) {
    return std::ranges::all_of(text, is_ascii_whitespace);
}

CsvCase random_csv(Random& rng) {
    static const std::vector<char> delimiters = {',', ';', '\t'};
    static const std::vector<std::string> line_ends = {"\n", "\r\n", "\r"};
    static const std::vector<std::string> header_names = {"Kod",    "Imię", "Nazwisko",    "Instytucja",
                                                          "E-mail", "Dni",  "Województwo", "Rola"};
    CsvCase result;
    result.delimiter = pick(rng, delimiters);
    const std::size_t record_count = between(rng, 1, 10);
    const bool rectangular = chance(rng, 0.5);
    const std::size_t width = between(rng, 1, 6);
    result.plain_header = width >= 2 && rectangular && chance(rng, 0.6);

    std::vector<Row> raw_rows;
    for (std::size_t record = 0; record < record_count; ++record) {
        Row row(rectangular ? width : between(rng, 1, 6));
        for (auto& field : row) {
            field = record == 0 && result.plain_header ? pick(rng, header_names) : random_field(rng);
        }
        if (row.size() == 1 && row.front().empty()) {
            row.front() = "x"; // a lone empty field is a blank line, which parse_csv skips
        }
        raw_rows.push_back(std::move(row));
    }

    // Blank lines before the header and between records are skipped but counted.
    for (std::size_t count = chance(rng, 0.2) ? between(rng, 1, 2) : 0; count > 0; --count) {
        result.text += pick(rng, line_ends);
    }
    for (std::size_t record = 0; record < record_count; ++record) {
        std::string serialised = serialised_record(rng, raw_rows[record], result.delimiter);
        if (record + 1 == record_count && is_whitespace_only(serialised)) {
            // A whitespace-only last line counts as a trailing blank line; give it something to keep.
            raw_rows[record].front() = "x";
            serialised = serialised_record(rng, raw_rows[record], result.delimiter);
        }
        result.lines.push_back(1 + line_breaks_in(result.text));
        result.text += serialised;
        result.content_ends.push_back(result.text.size());
        result.rows.emplace_back();
        for (const auto& field : raw_rows[record]) {
            result.rows.back().push_back(with_normalised_breaks(field));
        }
        if (record + 1 < record_count) {
            result.text += pick(rng, line_ends);
            if (chance(rng, 0.1)) {
                result.text += pick(rng, line_ends); // a blank line
            }
        } else if (chance(rng, 0.6)) {
            result.text += pick(rng, line_ends);
            static const std::vector<std::string> trailing = {"",       "",  "\n",      "  \n",
                                                              "\t\r\n", " ", "\r\n\r\n"};
            result.text += pick(rng, trailing);
        }
    }
    return result;
}

std::string describe(const CsvTable& table) {
    std::string text;
    for (const auto& record : table.records) {
        text += fmt::format("  line {}:", record.line);
        for (const auto& field : record.fields) {
            text += ' ';
            text += escaped(field); // not " " + …: g++ 12 -O3 misreports that (-Wrestrict, PR105651)
        }
        text += "\n";
    }
    return text;
}

void expect_records(const CsvTable& table, const CsvCase& file, std::size_t count, const std::string& where) {
    ASSERT_GE(table.records.size(), count) << where << "\n" << describe(table);
    for (std::size_t record = 0; record < count; ++record) {
        EXPECT_EQ(table.records[record].fields, file.rows[record]) << where << ", record " << record << "\n"
                                                                   << describe(table);
        EXPECT_EQ(table.records[record].line, file.lines[record]) << where << ", record " << record;
    }
}

DelimiterChoice choice_for(char delimiter) {
    return delimiter == ';'   ? DelimiterChoice::semicolon
           : delimiter == ',' ? DelimiterChoice::comma
                              : DelimiterChoice::tab;
}

TEST(RobustnessCsv, QuotedTablesParseBackToTheSameFieldsAndLines) {
    constexpr std::uint32_t seed = 4180;
    Random rng(seed);
    std::size_t plain_headers = 0;
    for (std::size_t index = 0; index < 3000; ++index) {
        const CsvCase file = random_csv(rng);
        const std::string where = replay(seed, index) + ", text " + escaped(file.text);
        const auto table = parse_csv(file.text, choice_for(file.delimiter));
        ASSERT_TRUE(table.has_value()) << where << ": " << table.error().message;
        EXPECT_EQ(table->delimiter, file.delimiter) << where;
        EXPECT_EQ(table->records.size(), file.rows.size()) << where << "\n" << describe(*table);
        expect_records(*table, file, std::min(file.rows.size(), table->records.size()), where);

        if (file.plain_header) {
            ++plain_headers;
            EXPECT_EQ(detect_delimiter(file.text), file.delimiter) << where;
            const auto detected = parse_csv(file.text, DelimiterChoice::automatic);
            ASSERT_TRUE(detected.has_value()) << where << ": " << detected.error().message;
            EXPECT_EQ(detected->delimiter, file.delimiter) << where;
            EXPECT_EQ(detected->records.size(), file.rows.size()) << where;
            expect_records(*detected, file, std::min(file.rows.size(), detected->records.size()), where);
        }
        if (::testing::Test::HasFailure()) {
            return;
        }
    }
    EXPECT_GT(plain_headers, 500u);
}

TEST(RobustnessCsv, TruncatedFilesParseOrNameALine) {
    constexpr std::uint32_t seed = 7;
    Random rng(seed);
    std::size_t refused = 0;
    for (std::size_t index = 0; index < 3000; ++index) {
        const CsvCase file = random_csv(rng);
        const std::size_t cut = between(rng, 0, file.text.size());
        const std::string_view text = std::string_view(file.text).substr(0, cut);
        const std::string where =
            replay(seed, index) + fmt::format(", cut at {} of ", cut) + escaped(file.text);
        const std::size_t physical_lines = 1 + line_breaks_in(text);
        const auto table = parse_csv(text, choice_for(file.delimiter));
        if (!table) {
            ++refused;
            const Error& error = table.error();
            EXPECT_EQ(error.kind, ErrorKind::invalid_input) << where;
            EXPECT_GE(error.line, 1u) << where << ": " << error.message;
            EXPECT_LE(error.line, physical_lines) << where << ": " << error.message;
            EXPECT_THAT(error.message, StartsWith(fmt::format("line {}: ", error.line))) << where;
            EXPECT_THAT(error.message, HasSubstr("never closed")) << where;
        } else {
            // The records that lie whole before the cut (and before any trailing whitespace) are intact.
            std::size_t kept_end = text.size();
            while (kept_end > 0 && is_ascii_whitespace(text[kept_end - 1])) {
                --kept_end;
            }
            const auto whole = static_cast<std::size_t>(
                std::ranges::count_if(file.content_ends, [&](std::size_t end) { return end <= kept_end; }));
            expect_records(*table, file, whole, where);
            std::size_t previous_line = 0;
            for (const auto& record : table->records) {
                EXPECT_GT(record.line, previous_line) << where;
                EXPECT_LE(record.line, physical_lines) << where;
                previous_line = record.line;
            }
        }
        if (::testing::Test::HasFailure()) {
            return;
        }
    }
    EXPECT_GT(refused, 100u) << "cuts inside quoted fields should be common";
}

// =====================================================================================================
// 4. parse_roster
// =====================================================================================================

constexpr Day day_of(int year, unsigned month, unsigned day) {
    return Day{std::chrono::year{year}, std::chrono::month{month}, std::chrono::day{day}};
}

Event serock() {
    return Event{"Kongres Partnerstw, Serock", {day_of(2026, 11, 29), day_of(2026, 11, 30)}};
}

// The file's lines, each with its LF (the last one may have none).
std::vector<std::string> split_lines(const std::string& text) {
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (start < text.size()) {
        const auto end = text.find('\n', start);
        const auto stop = end == std::string::npos ? text.size() : end + 1;
        lines.push_back(text.substr(start, stop - start));
        start = stop;
    }
    return lines;
}

std::string joined(const std::vector<std::string>& lines) {
    return std::accumulate(lines.begin(), lines.end(), std::string());
}

std::string mutated_roster(Random& rng, std::string bytes, char delimiter, std::string& log) {
    const std::size_t operations = between(rng, 1, 4);
    for (std::size_t step = 0; step < operations; ++step) {
        auto lines = split_lines(bytes);
        switch (below(rng, 5)) {
        case 0:
            if (!bytes.empty()) {
                const std::size_t at = below(rng, bytes.size());
                bytes.erase(at, 1);
                log += fmt::format(" delete-byte@{}", at);
            }
            break;
        case 1:
            if (!lines.empty()) {
                const std::size_t line = below(rng, lines.size());
                const std::size_t to = between(rng, 0, lines.size());
                std::string copy = lines[line];
                if (!copy.ends_with('\n')) {
                    copy += '\n';
                }
                lines.insert(lines.begin() + static_cast<std::ptrdiff_t>(to), copy);
                bytes = joined(lines);
                log += fmt::format(" duplicate-line{}@{}", line + 1, to + 1);
            }
            break;
        case 2: {
            const std::size_t at = between(rng, 0, bytes.size());
            bytes.insert(at, 1, '"');
            log += fmt::format(" quote@{}", at);
            break;
        }
        case 3:
            if (lines.size() >= 2) {
                const std::size_t first = below(rng, lines.size());
                const std::size_t second = below(rng, lines.size());
                for (const std::size_t line : {first, second}) {
                    if (!lines[line].ends_with('\n')) {
                        lines[line] += '\n';
                    }
                }
                std::swap(lines[first], lines[second]);
                bytes = joined(lines);
                log += fmt::format(" swap-lines{},{}", first + 1, second + 1);
            }
            break;
        default:
            if (!lines.empty()) {
                // Naively, by delimiter position: a field inside quotes may lose half of itself, as by hand.
                const std::size_t line = below(rng, lines.size());
                std::string& text = lines[line];
                std::vector<std::size_t> starts = {0};
                for (std::size_t at = 0; at < text.size(); ++at) {
                    if (text[at] == delimiter) {
                        starts.push_back(at + 1);
                    }
                }
                const std::size_t field = below(rng, starts.size());
                const std::size_t start = starts[field];
                std::size_t end = field + 1 < starts.size() ? starts[field + 1] - 1 : text.size();
                while (end > start && (text[end - 1] == '\n' || text[end - 1] == '\r')) {
                    --end;
                }
                text.erase(start, end - start);
                bytes = joined(lines);
                log += fmt::format(" blank-field{}@line{}", field + 1, line + 1);
            }
            break;
        }
    }
    return bytes;
}

TEST(RobustnessRoster, MutatedFixturesAreRefusedWithMessagesOrGiveConsistentDelegates) {
    constexpr std::uint32_t seed = 2026;
    Random rng(seed);
    const auto utf8_lines = split_lines(read_test_file("serock-roster.csv"));
    const auto cp1250_lines = split_lines(read_test_file("serock-roster-cp1250.csv"));
    ASSERT_EQ(utf8_lines.size(), 321u);
    ASSERT_EQ(cp1250_lines.size(), 321u);
    const Event event = serock();
    std::size_t accepted = 0;
    std::size_t refused = 0;
    for (std::size_t index = 0; index < 2000; ++index) {
        const bool cp1250 = chance(rng, 0.2);
        const auto& lines = cp1250 ? cp1250_lines : utf8_lines;
        // Parsing the whole fixture takes milliseconds in a Debug build: most cases take the header and
        // a window of delegates, every hundredth the whole file.
        const std::size_t count = index % 100 == 0 ? lines.size() - 1 : between(rng, 1, 25);
        const std::size_t first = between(rng, 1, lines.size() - count);
        const std::string window =
            lines.front() + joined({lines.begin() + static_cast<std::ptrdiff_t>(first),
                                    lines.begin() + static_cast<std::ptrdiff_t>(first + count)});
        std::string log =
            fmt::format("{} fixture lines {}..{},", cp1250 ? "cp1250" : "utf-8", first + 1, first + count);
        const std::string bytes = mutated_roster(rng, window, cp1250 ? ';' : ',', log);
        const std::string where = replay(seed, index) + ", " + log;
        const std::size_t physical_lines = 1 + line_breaks_in(bytes);
        const auto roster = parse_roster(bytes, RosterOptions{}, event);
        if (!roster) {
            ++refused;
            EXPECT_FALSE(roster.error().empty()) << where;
            for (const auto& problem : roster.error()) {
                EXPECT_FALSE(problem.message.empty()) << where << ", line " << problem.line;
                EXPECT_LE(problem.line, physical_lines + 1) << where << ": " << problem.message;
            }
        } else {
            ++accepted;
            EXPECT_FALSE(roster->entries.empty()) << where;
            std::map<std::string, std::size_t> line_of_key;
            for (const auto& entry : roster->entries) {
                const Delegate& delegate = entry.delegate;
                const std::string what = fmt::format("{}, entry on line {}", where, entry.line);
                EXPECT_FALSE(delegate.code.empty()) << what;
                EXPECT_FALSE(delegate.first_name.empty()) << what;
                EXPECT_FALSE(delegate.last_name.empty()) << what;
                EXPECT_GE(entry.line, 1u) << what;
                EXPECT_LE(entry.line, physical_lines) << what;
                const auto scanned = normalise_scanned_code(delegate.code);
                EXPECT_TRUE(scanned.has_value() && *scanned == delegate.code)
                    << what << ": " << delegate.code;
                const auto [existing, inserted] =
                    line_of_key.try_emplace(code_comparison_key(delegate.code), entry.line);
                EXPECT_TRUE(inserted)
                    << what << ": code " << delegate.code << " already on line " << existing->second;
            }
        }
        if (::testing::Test::HasFailure()) {
            return;
        }
    }
    EXPECT_GT(accepted, 100u);
    EXPECT_GT(refused, 100u);
}

// =====================================================================================================
// 5. fold_for_search and search_tokens
// =====================================================================================================

const std::vector<std::string> letter_pool = pool_of({
    "ąćęłńóśźżĄĆĘŁŃÓŚŹŻ",                                             // Polish
    "äöüßÄÖÜẞ",                                                       // German
    "áčďéěíňóřšťúůýžÁČĎÉĚÍŇÓŘŠŤÚŮÝŽ",                                 // Czech
    "ąčęėįšųūžĄČĘĖĮŠŲŪŽ",                                             // Lithuanian
    "ãéëòôùÃÉËÒÔÙ",                                                   // Kashubian
    "ăâđêôơưĂÂĐÊÔƠƯạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ",    // Vietnamese
    "абвгґдеєжзиіїйклмнопрстуфхцчшщьюяёАБВГҐДЕЄЖЗИІЇЙКЛМНОПЯЁ",       // Cyrillic, Ukrainian included
    "αβγδεζηθικλμνξοπρσςτυφχψωΑΒΓΔΘΛΞΠΣΦΨΩΆΈΉΊΌΎΏάέήίόύώΐΰϊϋ",        // Greek
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", // ASCII
    " -'.,;:!?\"()/&\t\u00A0\u2010\u2013\u2014\u2019\u2212\u3000",    // punctuation and spaces
    "\u0301\u0328\u0307\u0306\u030C",                                 // combining marks (decomposed input)
});

// Spaces and hyphens, which always separate tokens.
const std::vector<std::string> separators =
    pool_of({" -\t\u00A0\u2009\u202F\u3000\u2010\u2011\u2013\u2014\u2212"});

std::string random_letters(Random& rng, std::size_t maximum_length) {
    std::string text;
    for (std::size_t count = between(rng, 0, maximum_length); count > 0; --count) {
        text += pick(rng, letter_pool);
    }
    return text;
}

void expect_sound_tokens(std::string_view input, const std::string& where) {
    const auto tokens = search_tokens(input);
    for (const auto& token : tokens) {
        const std::string what = where + ", token " + escaped(token);
        EXPECT_FALSE(token.empty()) << what;
        EXPECT_TRUE(is_valid_utf8(token)) << what;
        EXPECT_EQ(fold_for_search(token), token) << what;
        for (const auto& separator : separators) {
            EXPECT_EQ(token.find(separator), std::string::npos) << what << " holds " << escaped(separator);
        }
    }
}

TEST(RobustnessFold, FoldingIsIdempotentAndTokensAreClean) {
    constexpr std::uint32_t seed = 1410;
    Random rng(seed);
    for (std::size_t index = 0; index < 5000; ++index) {
        const std::string text = random_letters(rng, 40);
        const std::string where = replay(seed, index) + ", text " + escaped(text);
        const std::string folded = fold_for_search(text);
        EXPECT_TRUE(is_valid_utf8(folded)) << where;
        EXPECT_EQ(fold_for_search(folded), folded) << where << ", folded " << escaped(folded);
        expect_sound_tokens(text, where);
        EXPECT_EQ(search_tokens(folded), search_tokens(text)) << where;
        if (::testing::Test::HasFailure()) {
            return;
        }
    }
}

TEST(RobustnessFold, RandomBytesFoldToValidUtf8) {
    constexpr std::uint32_t seed = 1525;
    Random rng(seed);
    for (std::size_t index = 0; index < 5000; ++index) {
        // Whole garbage, or real letters with a few broken bytes in between.
        std::string bytes = random_bytes(rng, 60);
        if (chance(rng, 0.5)) {
            bytes = random_letters(rng, 30);
            for (std::size_t count = between(rng, 1, 4); count > 0; --count) {
                bytes.insert(between(rng, 0, bytes.size()), 1, random_byte(rng));
            }
        }
        const std::string where = replay(seed, index) + ", bytes " + escaped(bytes);
        const std::string folded = fold_for_search(bytes);
        EXPECT_TRUE(is_valid_utf8(folded)) << where << ", folded " << escaped(folded);
        EXPECT_EQ(fold_for_search(folded), folded) << where << ", folded " << escaped(folded);
        expect_sound_tokens(bytes, where);
        if (::testing::Test::HasFailure()) {
            return;
        }
    }
}

// =====================================================================================================
// 6. NameIndex
// =====================================================================================================

// Words of names; none holds a separator, so each folds to exactly one search token.
const std::vector<std::string> first_name_words = {
    "Anna",       "Łukasz", "Małgorzata", "Zofia",   "Ewa",     "Jürgen", "Günther",
    "Jiří",       "Růžena", "Vytautas",   "Žydrūnė", "Kòrla",   "Józef",  "Nguyễn",
    "Thị",        "Trần",   "Олена",      "Андрій",  "Γιώργος", "Ελένη",  "Grzegorz",
    "Przemysław", "Jean",   "Luc",        "Ąnna",    "Ślęża",   "Ôscar",  "Ørjan"};
const std::vector<std::string> last_name_words = {
    "Wiśniewska", "Grzegorczyk", "Kowalska", "Nowak",      "Müller",       "Strauß",    "Dvořák",
    "Šimkūnas",   "Kòrczëk",     "Phạm",     "Шевченко",   "Παπαδόπουλος", "Brien",     "Brzęczyszczykiewicz",
    "Żółć",       "Łaś",         "Kowal",    "Nowakowska", "Ćwik",         "Dąbrowski", "Lê",
    "Đặng",       "Иванова"};
const std::vector<std::string> organisation_words = {
    "Urząd",    "Miasta", "Łodzi", "Gmina",    "Kòscérzëna",  "Stadt", "München", "Ministerstwo", "Funduszy",
    "Київська", "рада",   "Δήμος", "Αθηναίων", "Partnerstwo", "Ziemi", "Sanok",   "Hà",           "Nội"};

struct Person {
    std::int64_t id = 0;
    std::string first_name;
    std::string last_name;
    std::string organisation;
    std::vector<std::string> words;  // the original words of the first and last name
    std::vector<std::string> tokens; // search tokens of the last name, first name and organisation
};

std::string random_name(Random& rng, const std::vector<std::string>& pool, std::size_t most_words,
                        const std::vector<std::string>& joins) {
    std::string name = pick(rng, pool);
    for (std::size_t count = between(rng, 1, most_words) - 1; count > 0; --count) {
        name += pick(rng, joins) + pick(rng, pool);
    }
    return name;
}

std::vector<std::string> words_of(std::string_view name) {
    std::vector<std::string> words;
    std::string word;
    for (const char c : name) {
        if (c == ' ' || c == '-' || c == '\'') {
            if (!word.empty()) {
                words.push_back(std::move(word));
            }
            word.clear();
        } else {
            word += c;
        }
    }
    if (!word.empty()) {
        words.push_back(std::move(word));
    }
    return words;
}

std::vector<Person> random_people(Random& rng, std::size_t count) {
    std::vector<std::int64_t> ids(count);
    std::iota(ids.begin(), ids.end(), std::int64_t{1000});
    std::shuffle(ids.begin(), ids.end(), rng);
    std::vector<Person> people;
    for (std::size_t index = 0; index < count; ++index) {
        Person person;
        person.id = ids[index];
        person.first_name = random_name(rng, first_name_words, 2, {" "});
        person.last_name = random_name(rng, last_name_words, 2, {"-", " ", "'"});
        person.organisation = chance(rng, 0.1) ? "" : random_name(rng, organisation_words, 3, {" "});
        for (const auto* name : {&person.first_name, &person.last_name}) {
            for (auto& word : words_of(*name)) {
                person.words.push_back(std::move(word));
            }
        }
        for (const auto* name : {&person.last_name, &person.first_name, &person.organisation}) {
            for (auto& token : search_tokens(*name)) {
                person.tokens.push_back(std::move(token));
            }
        }
        people.push_back(std::move(person));
    }
    return people;
}

// The word in random case: ASCII letters and Polish letters flip at random.
std::string in_random_case(Random& rng, std::string_view word) {
    static const std::map<std::string, std::string, std::less<>> polish_upper = {
        {"ą", "Ą"}, {"ć", "Ć"}, {"ę", "Ę"}, {"ł", "Ł"}, {"ń", "Ń"},
        {"ó", "Ó"}, {"ś", "Ś"}, {"ź", "Ź"}, {"ż", "Ż"}};
    std::string out;
    for (const auto& character : characters_of(word)) {
        const char c = character.front();
        if (character.size() == 1 && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) && chance(rng, 0.5)) {
            out += static_cast<char>(c ^ 0x20);
        } else if (const auto upper = polish_upper.find(character);
                   upper != polish_upper.end() && chance(rng, 0.5)) {
            out += upper->second;
        } else {
            out += character;
        }
    }
    return out;
}

// A prefix of the word of at least one character, counted in characters.
std::string random_prefix(Random& rng, std::string_view word) {
    const auto characters = characters_of(word);
    std::string prefix;
    for (std::size_t count = between(rng, 1, characters.size()), index = 0; index < count; ++index) {
        prefix += characters[index];
    }
    return prefix;
}

bool matches_every_token(const Person& person, const std::vector<std::string>& query_tokens) {
    return std::ranges::all_of(query_tokens, [&](const std::string& query_token) {
        return std::ranges::any_of(person.tokens,
                                   [&](const std::string& token) { return token.starts_with(query_token); });
    });
}

std::string describe(const std::vector<NameMatch>& matches,
                     const std::map<std::int64_t, const Person*>& by_id) {
    std::string text;
    for (const auto& match : matches) {
        const auto found = by_id.find(match.id);
        text +=
            fmt::format("  {} score {}: {}\n", match.id, match.score,
                        found == by_id.end() ? "(unknown id)"
                                             : found->second->first_name + " " + found->second->last_name +
                                                   " / " + found->second->organisation);
    }
    return text;
}

// Results within the limit, best first, each a true match; with a limit of everyone, all true matches.
void expect_sound_matches(const NameIndex& index, const std::vector<Person>& people,
                          const std::map<std::int64_t, const Person*>& by_id, std::string_view query,
                          std::size_t limit, const std::string& where) {
    const auto matches = index.search(query, limit);
    const auto query_tokens = search_tokens(query);
    const std::string what = fmt::format("{}, query {}, limit {}", where, escaped(query), limit);
    EXPECT_LE(matches.size(), limit) << what;
    if (query_tokens.empty()) {
        EXPECT_TRUE(matches.empty()) << what << "\n" << describe(matches, by_id);
        return;
    }
    std::set<std::int64_t> seen;
    for (std::size_t rank = 0; rank < matches.size(); ++rank) {
        const auto& match = matches[rank];
        EXPECT_TRUE(seen.insert(match.id).second) << what << ": id " << match.id << " twice";
        if (rank > 0) {
            EXPECT_LE(match.score, matches[rank - 1].score) << what << "\n" << describe(matches, by_id);
        }
        const auto found = by_id.find(match.id);
        ASSERT_NE(found, by_id.end()) << what << ": unknown id " << match.id;
        EXPECT_TRUE(matches_every_token(*found->second, query_tokens))
            << what << ": " << found->second->first_name << " " << found->second->last_name << " / "
            << found->second->organisation << " does not match every token";
    }
    const auto everyone = index.search(query, people.size());
    const auto expected = static_cast<std::size_t>(std::ranges::count_if(
        people, [&](const Person& person) { return matches_every_token(person, query_tokens); }));
    EXPECT_EQ(everyone.size(), expected) << what << "\n" << describe(everyone, by_id);
    // The best `limit` are the first `limit` of the whole ranking: ties are broken the same way each time.
    for (std::size_t rank = 0; rank < matches.size() && rank < everyone.size(); ++rank) {
        EXPECT_EQ(matches[rank].id, everyone[rank].id) << what << ", rank " << rank;
        EXPECT_EQ(matches[rank].score, everyone[rank].score) << what << ", rank " << rank;
    }
}

TEST(RobustnessNameIndex, PrefixQueriesFindTheirDelegateAndOnlyTrueMatches) {
    constexpr std::uint32_t seed = 966;
    Random rng(seed);
    const std::vector<Person> people = random_people(rng, 300);
    std::vector<NameIndexEntry> entries;
    std::map<std::int64_t, const Person*> by_id;
    for (const auto& person : people) {
        entries.push_back({person.id, person.first_name, person.last_name, person.organisation});
        by_id[person.id] = &person;
    }
    for (const auto* pool : {&first_name_words, &last_name_words, &organisation_words}) {
        for (const auto& word : *pool) {
            ASSERT_EQ(search_tokens(word).size(), 1u) << "the name pools must hold single words: " << word;
        }
    }
    const NameIndex index(entries);
    ASSERT_EQ(index.size(), people.size());

    static const std::vector<std::string> joins = {" ", "  ", ", ", " - ", "\t", "."};
    for (std::size_t case_index = 0; case_index < 2000; ++case_index) {
        const Person& person = pick(rng, people);
        std::vector<std::string> words = person.words;
        if (chance(rng, 0.3) && !person.organisation.empty()) {
            for (auto& word : words_of(person.organisation)) {
                words.push_back(std::move(word));
            }
        }
        std::shuffle(words.begin(), words.end(), rng);
        words.resize(between(rng, 1, std::min<std::size_t>(words.size(), 3)));
        std::string query;
        for (const auto& word : words) {
            // With diacritics (the word as written) or without (its folded token), cut to a prefix.
            const std::string form = chance(rng, 0.5) ? word : search_tokens(word).front();
            query += (query.empty() ? "" : pick(rng, joins)) + in_random_case(rng, random_prefix(rng, form));
        }
        const std::string where = replay(seed, case_index) + fmt::format(", delegate {} ({} {})", person.id,
                                                                         person.first_name, person.last_name);
        const auto everyone = index.search(query, people.size());
        EXPECT_TRUE(
            std::ranges::any_of(everyone, [&](const NameMatch& match) { return match.id == person.id; }))
            << where << ", query " << escaped(query) << "\n"
            << describe(everyone, by_id);
        expect_sound_matches(index, people, by_id, query, between(rng, 1, 20), where);
        if (::testing::Test::HasFailure()) {
            return;
        }
    }
}

TEST(RobustnessNameIndex, GarbageQueriesStayWithinTheRules) {
    constexpr std::uint32_t seed = 1683;
    Random rng(seed);
    const std::vector<Person> people = random_people(rng, 200);
    std::vector<NameIndexEntry> entries;
    std::map<std::int64_t, const Person*> by_id;
    for (const auto& person : people) {
        entries.push_back({person.id, person.first_name, person.last_name, person.organisation});
        by_id[person.id] = &person;
    }
    const NameIndex index(entries);
    for (std::size_t case_index = 0; case_index < 2000; ++case_index) {
        std::string query;
        switch (below(rng, 3)) {
        case 0:
            query = random_bytes(rng, 12);
            break;
        case 1:
            query = random_letters(rng, 6);
            break;
        default:
            query = std::string(1, "aknmwz"[below(rng, 6)]) + pick(rng, separators) + random_letters(rng, 2);
            break;
        }
        expect_sound_matches(index, people, by_id, query, between(rng, 0, 30), replay(seed, case_index));
        if (::testing::Test::HasFailure()) {
            return;
        }
    }
    EXPECT_TRUE(index.search(" - , ' . ", 10).empty());
    EXPECT_TRUE(index.search("", 10).empty());
    EXPECT_TRUE(NameIndex().search("anna", 10).empty());
}

} // namespace
} // namespace checkin::sync
