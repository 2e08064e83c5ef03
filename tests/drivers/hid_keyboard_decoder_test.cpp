#include "drivers/hid_keyboard_decoder.hpp"

#include <array>
#include <chrono>
#include <cstdint>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace checkin::drivers {
namespace {

using namespace std::chrono_literals;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using Report = std::array<std::uint8_t, 8>;

constexpr std::uint8_t no_modifiers = 0x00;
constexpr std::uint8_t left_control = 0x01;
constexpr std::uint8_t left_shift = 0x02;
constexpr std::uint8_t left_alt = 0x04;
constexpr std::uint8_t right_shift = 0x20;
constexpr std::uint8_t left_gui = 0x08;

constexpr std::uint8_t key_a = 0x04;
constexpr std::uint8_t key_b = 0x05;
constexpr std::uint8_t key_c = 0x06;
constexpr std::uint8_t key_x = 0x1B;
constexpr std::uint8_t key_1 = 0x1E;
constexpr std::uint8_t key_2 = 0x1F;
constexpr std::uint8_t key_enter = 0x28;
constexpr std::uint8_t key_escape = 0x29;
constexpr std::uint8_t key_backspace = 0x2A;
constexpr std::uint8_t key_tab = 0x2B;
constexpr std::uint8_t key_right_bracket = 0x30;
constexpr std::uint8_t key_caps_lock = 0x39;
constexpr std::uint8_t key_f1 = 0x3A;
constexpr std::uint8_t key_num_lock = 0x53;
constexpr std::uint8_t key_keypad_enter = 0x58;
constexpr std::uint8_t key_left_shift_usage = 0xE1;

const std::chrono::steady_clock::time_point start = std::chrono::steady_clock::time_point{} + 1h;

std::chrono::steady_clock::time_point at(std::chrono::milliseconds offset) {
    return start + offset;
}

Report report(std::uint8_t modifiers, std::initializer_list<std::uint8_t> keys) {
    Report bytes{};
    bytes[0] = modifiers;
    std::size_t slot = 2;
    for (const std::uint8_t key : keys) {
        bytes[slot++] = key;
    }
    return bytes;
}

const Report released = report(no_modifiers, {});

// The key and Shift state that type `character` on a US keyboard: the test's own table, written from
// the HID Usage Tables independently of the decoder's.
struct KeyStroke {
    std::uint8_t key;
    bool shift;
};

KeyStroke stroke_for(char character) {
    if (character >= 'a' && character <= 'z') {
        return {static_cast<std::uint8_t>(0x04 + (character - 'a')), false};
    }
    if (character >= 'A' && character <= 'Z') {
        return {static_cast<std::uint8_t>(0x04 + (character - 'A')), true};
    }
    if (character >= '1' && character <= '9') {
        return {static_cast<std::uint8_t>(0x1E + (character - '1')), false};
    }
    constexpr std::string_view plain = "0 -=[]\\;'`,./";
    constexpr std::array<std::uint8_t, 13> plain_keys{0x27, 0x2C, 0x2D, 0x2E, 0x2F, 0x30, 0x31,
                                                      0x33, 0x34, 0x35, 0x36, 0x37, 0x38};
    constexpr std::string_view shifted = "!@#$%^&*()_+{}|:\"~<>?";
    constexpr std::array<std::uint8_t, 21> shifted_keys{0x1E, 0x1F, 0x20, 0x21, 0x22, 0x23, 0x24,
                                                        0x25, 0x26, 0x27, 0x2D, 0x2E, 0x2F, 0x30,
                                                        0x31, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38};
    if (const auto index = plain.find(character); index != std::string_view::npos) {
        return {plain_keys[index], false};
    }
    if (const auto index = shifted.find(character); index != std::string_view::npos) {
        return {shifted_keys[index], true};
    }
    ADD_FAILURE() << "no key for character " << static_cast<int>(character);
    return {0, false};
}

// The reports a typical scanner sends for `text`: press (with Shift when needed), release, per character.
std::vector<Report> scanner_reports(std::string_view text) {
    std::vector<Report> reports;
    for (const char character : text) {
        const KeyStroke stroke = stroke_for(character);
        reports.push_back(report(stroke.shift ? left_shift : no_modifiers, {stroke.key}));
        reports.push_back(released);
    }
    return reports;
}

struct Fed {
    std::vector<std::string> payloads;
    std::vector<Scan> scans;
};

Fed feed_all(HidKeyboardDecoder& decoder, const std::vector<Report>& reports,
             std::chrono::milliseconds first = 0ms) {
    Fed fed;
    auto time = at(first);
    for (const Report& bytes : reports) {
        for (Scan& scan : decoder.feed(bytes, time)) {
            fed.payloads.push_back(scan.payload);
            fed.scans.push_back(std::move(scan));
        }
        time += 8ms; // a full-speed HID interrupt endpoint polled every 8 ms
    }
    return fed;
}

std::vector<Report> with_enter(std::vector<Report> reports) {
    reports.push_back(report(no_modifiers, {key_enter}));
    reports.push_back(released);
    return reports;
}

TEST(HidKeyboardDecoder, LettersAndDigitsEndAtEnter) {
    HidKeyboardDecoder decoder("usb://0c2e:0b61");
    const auto fed = feed_all(decoder, with_enter(scanner_reports("abc123")));
    ASSERT_EQ(fed.scans.size(), 1u);
    EXPECT_EQ(fed.scans[0].payload, "abc123");
    EXPECT_EQ(fed.scans[0].source, ScanSource::hid_keyboard);
    EXPECT_EQ(fed.scans[0].device, "usb://0c2e:0b61");
    // 12 character reports, then Enter is the 13th report: its arrival is the scan's time.
    EXPECT_EQ(fed.scans[0].time, at(12 * 8ms));
    EXPECT_THAT(decoder.take_warnings(), IsEmpty());
}

TEST(HidKeyboardDecoder, ShiftOnEitherSideTypesCapitalsAndSymbols) {
    HidKeyboardDecoder decoder("usb://scanner");
    std::vector<Report> reports = scanner_reports("CWD-ZPZXSWG7");
    reports.push_back(report(right_shift, {key_a}));
    reports.push_back(released);
    reports.push_back(report(right_shift, {key_1}));
    reports.push_back(released);
    EXPECT_THAT(feed_all(decoder, with_enter(reports)).payloads, ElementsAre("CWD-ZPZXSWG7A!"));
}

TEST(HidKeyboardDecoder, EveryPrintableAsciiCharacterRoundTrips) {
    std::string printable;
    for (char character = ' '; character <= '~'; ++character) {
        printable.push_back(character);
    }
    HidKeyboardDecoder decoder("usb://scanner");
    EXPECT_THAT(feed_all(decoder, with_enter(scanner_reports(printable))).payloads, ElementsAre(printable));
    EXPECT_THAT(decoder.take_warnings(), IsEmpty());
}

TEST(HidKeyboardDecoder, KeypadTypesDigitsAndOperatorsWithOrWithoutShift) {
    HidKeyboardDecoder decoder("usb://scanner");
    std::vector<Report> reports;
    for (std::uint8_t key = 0x54; key <= 0x63; ++key) {
        if (key == key_keypad_enter) {
            continue;
        }
        reports.push_back(report(key % 2 == 0 ? left_shift : no_modifiers, {key}));
        reports.push_back(released);
    }
    reports.push_back(report(no_modifiers, {key_keypad_enter}));
    EXPECT_THAT(feed_all(decoder, reports).payloads, ElementsAre("/*-+1234567890."));
}

TEST(HidKeyboardDecoder, HeldKeyTypesOnce) {
    HidKeyboardDecoder decoder("usb://scanner");
    const std::vector<Report> reports{report(no_modifiers, {key_a}), report(no_modifiers, {key_a}),
                                      report(left_shift, {key_a}), released,
                                      report(no_modifiers, {key_enter})};
    EXPECT_THAT(feed_all(decoder, reports).payloads, ElementsAre("a"));
}

TEST(HidKeyboardDecoder, SameKeyTwiceNeedsAReleaseBetween) {
    HidKeyboardDecoder decoder("usb://scanner");
    const std::vector<Report> reports{report(no_modifiers, {key_a}), released, report(no_modifiers, {key_a}),
                                      released, report(no_modifiers, {key_enter})};
    EXPECT_THAT(feed_all(decoder, reports).payloads, ElementsAre("aa"));
}

TEST(HidKeyboardDecoder, TwoNewKeysInOneReportTypeInSlotOrder) {
    HidKeyboardDecoder decoder("usb://scanner");
    const std::vector<Report> reports{report(no_modifiers, {key_b, key_a}), released,
                                      report(no_modifiers, {key_enter})};
    EXPECT_THAT(feed_all(decoder, reports).payloads, ElementsAre("ba"));
}

TEST(HidKeyboardDecoder, RolloverTypesOnlyTheNewlyPressedKey) {
    HidKeyboardDecoder decoder("usb://scanner");
    // a down; b down while a is held; a up; c down while b is held; all up.
    const std::vector<Report> reports{report(no_modifiers, {key_a}),
                                      report(no_modifiers, {key_a, key_b}),
                                      report(no_modifiers, {key_b}),
                                      report(no_modifiers, {key_b, key_c}),
                                      released,
                                      report(no_modifiers, {key_enter})};
    EXPECT_THAT(feed_all(decoder, reports).payloads, ElementsAre("abc"));
}

TEST(HidKeyboardDecoder, TerminatorInTheSameReportAsTheLastCharacter) {
    HidKeyboardDecoder decoder("usb://scanner");
    EXPECT_THAT(feed_all(decoder, {report(no_modifiers, {key_x, key_enter})}).payloads, ElementsAre("x"));
}

TEST(HidKeyboardDecoder, OneReportCanCompleteTwoScans) {
    HidKeyboardDecoder decoder("usb://scanner");
    const auto scans = decoder.feed(report(no_modifiers, {key_a, key_enter, key_b, key_tab}), at(0ms));
    ASSERT_EQ(scans.size(), 2u);
    EXPECT_EQ(scans[0].payload, "a");
    EXPECT_EQ(scans[1].payload, "b");
}

TEST(HidKeyboardDecoder, TabEndsAScanByDefault) {
    HidKeyboardDecoder decoder("usb://scanner");
    auto reports = scanner_reports("ab");
    reports.push_back(report(no_modifiers, {key_tab}));
    EXPECT_THAT(feed_all(decoder, reports).payloads, ElementsAre("ab"));
}

TEST(HidKeyboardDecoder, TerminatorsCanBeTurnedOff) {
    HidKeyboardDecoder only_enter("usb://scanner", HidKeyboardOptions{.end_on_tab = false});
    std::vector<Report> reports{report(no_modifiers, {key_a}), report(no_modifiers, {key_tab}), released,
                                report(no_modifiers, {key_enter})};
    EXPECT_THAT(feed_all(only_enter, reports).payloads, ElementsAre("a\t"));

    HidKeyboardDecoder only_tab("usb://scanner", HidKeyboardOptions{.end_on_enter = false});
    reports = {report(no_modifiers, {key_a}),
               report(no_modifiers, {key_enter}),
               released,
               report(no_modifiers, {key_keypad_enter}),
               released,
               report(no_modifiers, {key_tab})};
    EXPECT_THAT(feed_all(only_tab, reports).payloads, ElementsAre("a\r\r"));
}

TEST(HidKeyboardDecoder, EmptyScansAreNotReturned) {
    HidKeyboardDecoder decoder("usb://scanner");
    const std::vector<Report> reports{report(no_modifiers, {key_enter}), released,
                                      report(no_modifiers, {key_tab}), released,
                                      report(no_modifiers, {key_keypad_enter})};
    EXPECT_THAT(feed_all(decoder, reports).payloads, IsEmpty());
    EXPECT_THAT(decoder.take_warnings(), IsEmpty());
}

TEST(HidKeyboardDecoder, PhantomReportsAreIgnoredAndKeepTheHeldKeys) {
    HidKeyboardDecoder decoder("usb://scanner");
    const Report phantom = report(no_modifiers, {0x01, 0x01, 0x01, 0x01, 0x01, 0x01});
    // a held through the phantom report must not type again; b, new after it, must type.
    const std::vector<Report> reports{
        report(no_modifiers, {key_a}),        phantom, report(no_modifiers, {key_a}),
        report(no_modifiers, {key_a, key_b}), phantom, released,
        report(no_modifiers, {key_enter})};
    EXPECT_THAT(feed_all(decoder, reports).payloads, ElementsAre("ab"));
    const auto warnings = decoder.take_warnings();
    ASSERT_EQ(warnings.size(), 2u);
    EXPECT_THAT(warnings[0], HasSubstr("phantom"));
    EXPECT_THAT(warnings[0], HasSubstr("usb://scanner"));
}

TEST(HidKeyboardDecoder, PostFailAndUndefinedErrorReportsAreIgnoredToo) {
    HidKeyboardDecoder decoder("usb://scanner");
    const std::vector<Report> reports{report(no_modifiers, {0x02, 0x02, 0x02, 0x02, 0x02, 0x02}),
                                      report(no_modifiers, {key_a, 0x03}), report(no_modifiers, {key_b}),
                                      report(no_modifiers, {key_enter})};
    EXPECT_THAT(feed_all(decoder, reports).payloads, ElementsAre("b"));
    EXPECT_EQ(decoder.take_warnings().size(), 2u);
}

TEST(HidKeyboardDecoder, ReportsOfTheWrongLengthAreIgnored) {
    HidKeyboardDecoder decoder("usb://scanner");
    // A report-protocol keyboard puts a report id in front: 9 bytes. And a short read.
    const std::vector<std::uint8_t> with_report_id{0x01, 0x00, 0x00, key_a, 0, 0, 0, 0, 0};
    const std::vector<std::uint8_t> short_read{0x00, 0x00, key_b};
    EXPECT_THAT(decoder.feed(with_report_id, at(0ms)), IsEmpty());
    EXPECT_THAT(decoder.feed(short_read, at(1ms)), IsEmpty());
    EXPECT_THAT(decoder.feed(std::span<const std::uint8_t>{}, at(2ms)), IsEmpty());
    EXPECT_THAT(feed_all(decoder, with_enter(scanner_reports("c")), 3ms).payloads, ElementsAre("c"));
    const auto warnings = decoder.take_warnings();
    ASSERT_EQ(warnings.size(), 3u);
    EXPECT_THAT(warnings[0], HasSubstr("9 bytes"));
    EXPECT_THAT(warnings[1], HasSubstr("3 bytes"));
    EXPECT_THAT(warnings[2], HasSubstr("0 bytes"));
}

TEST(HidKeyboardDecoder, UnknownKeysAreSkippedWithAWarningAndTheScanKept) {
    HidKeyboardDecoder decoder("usb://scanner");
    const std::vector<Report> reports{report(no_modifiers, {key_f1}),   released,
                                      report(no_modifiers, {key_a}),    report(no_modifiers, {0x32}),
                                      report(no_modifiers, {key_b}),    report(no_modifiers, {0xA5}),
                                      report(no_modifiers, {key_enter})};
    EXPECT_THAT(feed_all(decoder, reports).payloads, ElementsAre("ab"));
    const auto warnings = decoder.take_warnings();
    ASSERT_EQ(warnings.size(), 3u);
    EXPECT_THAT(warnings[0], HasSubstr("0x3a"));
    EXPECT_THAT(warnings[1], HasSubstr("0x32"));
    EXPECT_THAT(warnings[2], HasSubstr("0xa5"));
}

TEST(HidKeyboardDecoder, LockKeysAndModifierUsagesTypeNothingSilently) {
    HidKeyboardDecoder decoder("usb://scanner");
    const std::vector<Report> reports{report(no_modifiers, {key_caps_lock}),
                                      released,
                                      report(no_modifiers, {key_a}),
                                      report(no_modifiers, {key_num_lock}),
                                      report(left_shift, {key_left_shift_usage, key_b}),
                                      released,
                                      report(no_modifiers, {key_enter})};
    // Caps Lock does not change case: codes compare without regard to case anyway.
    EXPECT_THAT(feed_all(decoder, reports).payloads, ElementsAre("aB"));
    EXPECT_THAT(decoder.take_warnings(), IsEmpty());
}

TEST(HidKeyboardDecoder, CtrlTypesAsciiControlCharacters) {
    HidKeyboardDecoder decoder("usb://scanner");
    const std::vector<Report> reports{
        report(no_modifiers, {key_a}), report(left_control, {key_right_bracket}),  // GS1 group separator
        report(left_control, {key_b}), report(left_control | left_shift, {key_2}), // Ctrl+@ = NUL
        report(left_control, {key_1}),                                             // no control character
        report(no_modifiers, {key_c}), report(left_control, {key_enter})};
    EXPECT_THAT(feed_all(decoder, reports).payloads, ElementsAre(std::string("a\x1d\x02\0c", 5)));
    const auto warnings = decoder.take_warnings();
    ASSERT_EQ(warnings.size(), 1u);
    EXPECT_THAT(warnings[0], HasSubstr("Ctrl"));
}

TEST(HidKeyboardDecoder, AltAndGuiKeysAreIgnoredWithAWarning) {
    HidKeyboardDecoder decoder("usb://scanner");
    // Alt+keypad 0 1 4 1 is Windows' way to type "Ł" in code page 1250: not text here.
    const std::vector<Report> reports{report(no_modifiers, {key_a}), report(left_alt, {0x62}),
                                      report(left_alt, {0x59}),      report(left_alt, {0x5C}),
                                      report(left_alt, {0x59}),      report(left_gui, {key_b}),
                                      report(no_modifiers, {key_c}), report(no_modifiers, {key_enter})};
    EXPECT_THAT(feed_all(decoder, reports).payloads, ElementsAre("ac"));
    const auto warnings = decoder.take_warnings();
    ASSERT_EQ(warnings.size(), 5u);
    EXPECT_THAT(warnings[0], HasSubstr("Alt or GUI"));
}

TEST(HidKeyboardDecoder, EscapeAndBackspaceArePassedOnAsControlCharacters) {
    HidKeyboardDecoder decoder("usb://scanner");
    const std::vector<Report> reports{report(no_modifiers, {key_a}), report(no_modifiers, {key_escape}),
                                      report(no_modifiers, {key_backspace}),
                                      report(no_modifiers, {key_enter})};
    EXPECT_THAT(feed_all(decoder, reports).payloads, ElementsAre("a\x1b\x08"));
}

TEST(HidKeyboardDecoder, AScanLongerThanTheLimitIsDroppedWholeWithItsTail) {
    HidKeyboardDecoder decoder("usb://scanner", HidKeyboardOptions{.max_payload = 5});
    auto reports = with_enter(scanner_reports("abcdefgh"));
    const auto tail = with_enter(scanner_reports("xy"));
    reports.insert(reports.end(), tail.begin(), tail.end());
    const auto exactly_the_limit = with_enter(scanner_reports("12345"));
    reports.insert(reports.end(), exactly_the_limit.begin(), exactly_the_limit.end());
    EXPECT_THAT(feed_all(decoder, reports).payloads, ElementsAre("xy", "12345"));
    const auto warnings = decoder.take_warnings();
    ASSERT_EQ(warnings.size(), 1u);
    EXPECT_THAT(warnings[0], HasSubstr("longer than 5 bytes"));
}

TEST(HidKeyboardDecoder, PollEndsAScanAfterTheQuietGap) {
    HidKeyboardDecoder decoder("usb://scanner", HidKeyboardOptions{.quiet_gap = 50ms});
    EXPECT_THAT(decoder.feed(report(no_modifiers, {key_a}), at(0ms)), IsEmpty());
    EXPECT_THAT(decoder.feed(released, at(8ms)), IsEmpty());
    EXPECT_THAT(decoder.feed(report(no_modifiers, {key_b}), at(16ms)), IsEmpty());
    EXPECT_THAT(decoder.feed(released, at(24ms)), IsEmpty());
    EXPECT_FALSE(decoder.poll(at(73ms)).has_value());
    const auto scan = decoder.poll(at(74ms));
    ASSERT_TRUE(scan.has_value());
    EXPECT_EQ(scan->payload, "ab");
    EXPECT_EQ(scan->time, at(16ms)); // when the last character arrived, not when we noticed the gap
    EXPECT_FALSE(decoder.poll(at(500ms)).has_value());
}

TEST(HidKeyboardDecoder, PollDoesNothingWithoutAQuietGap) {
    HidKeyboardDecoder decoder("usb://scanner");
    EXPECT_THAT(decoder.feed(report(no_modifiers, {key_a}), at(0ms)), IsEmpty());
    EXPECT_FALSE(decoder.poll(at(1h)).has_value());
    const auto scan = decoder.flush();
    ASSERT_TRUE(scan.has_value());
    EXPECT_EQ(scan->payload, "a");
    EXPECT_FALSE(decoder.flush().has_value());
}

TEST(HidKeyboardDecoder, ResetForgetsPendingCharactersAndHeldKeys) {
    HidKeyboardDecoder decoder("usb://scanner");
    EXPECT_THAT(decoder.feed(report(no_modifiers, {key_a}), at(0ms)), IsEmpty());
    decoder.reset();
    // After a replug the scanner's first report may hold the same key: it is a new press.
    EXPECT_THAT(
        feed_all(decoder, {report(no_modifiers, {key_a}), report(no_modifiers, {key_enter})}).payloads,
        ElementsAre("a"));
}

TEST(HidKeyboardDecoder, WarningsAreTakenOnce) {
    HidKeyboardDecoder decoder("usb://scanner");
    EXPECT_THAT(decoder.feed(report(no_modifiers, {key_f1}), at(0ms)), IsEmpty());
    EXPECT_EQ(decoder.take_warnings().size(), 1u);
    EXPECT_THAT(decoder.take_warnings(), IsEmpty());
}

// Whatever comes in, what comes out is bounded ASCII, and a clean scan afterwards still decodes.
TEST(HidKeyboardDecoder, GarbageReportsGiveOnlyBoundedAsciiScans) {
    std::mt19937 random(20240611);
    std::uniform_int_distribution<int> byte(0, 255);
    std::uniform_int_distribution<std::size_t> length(0, 12);
    HidKeyboardDecoder decoder("usb://scanner", HidKeyboardOptions{.max_payload = 64});
    std::size_t scans = 0;
    for (int round = 0; round < 20000; ++round) {
        std::vector<std::uint8_t> bytes(round % 3 == 0 ? length(random) : 8);
        for (auto& value : bytes) {
            value = static_cast<std::uint8_t>(byte(random));
        }
        for (const Scan& scan : decoder.feed(bytes, at(std::chrono::milliseconds(round)))) {
            ++scans;
            EXPECT_FALSE(scan.payload.empty());
            EXPECT_LE(scan.payload.size(), 64u);
            for (const char character : scan.payload) {
                EXPECT_LT(static_cast<unsigned char>(character), 0x80);
            }
        }
    }
    EXPECT_GT(scans, 0u);
    EXPECT_FALSE(decoder.take_warnings().empty());
    decoder.reset();
    EXPECT_THAT(feed_all(decoder, with_enter(scanner_reports("CWD-1")), 30s).payloads, ElementsAre("CWD-1"));
}

// Scanners differ in how they press keys: a release report after every key or none between different
// keys, Shift in its own report first, the next key pressed before the last is released, the same
// state sent twice, phantom reports. The codes that come out must not depend on it.
TEST(HidKeyboardDecoder, CodesDoNotDependOnHowTheScannerPressesKeys) {
    std::mt19937 random(4242);
    const std::string alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./:?=&%+";
    std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1);
    std::uniform_int_distribution<std::size_t> code_length(1, 40);
    std::uniform_int_distribution<int> percent(0, 99);

    for (int round = 0; round < 300; ++round) {
        std::vector<std::string> codes;
        std::vector<Report> reports;
        Report state = released; // what the scanner holds down now
        const auto send = [&](const Report& next) {
            reports.push_back(next);
            state = next;
            if (percent(random) < 5) {
                reports.push_back(next); // the same state again: types nothing
            }
            if (percent(random) < 3) {
                reports.push_back(report(no_modifiers, {1, 1, 1, 1, 1, 1})); // phantom
            }
        };
        const auto press = [&](KeyStroke stroke) {
            const std::uint8_t modifiers =
                stroke.shift ? (percent(random) < 50 ? left_shift : right_shift) : 0;
            const bool held_key = state[2] != 0;
            if (held_key && (state[2] == stroke.key || percent(random) < 50)) {
                send(report(state[0], {})); // release before pressing (needed for the same key)
            }
            if (stroke.shift && percent(random) < 30) {
                send(report(modifiers, {state[2]})); // Shift first, in its own report
            }
            if (state[2] != 0 && percent(random) < 50) {
                send(report(modifiers, {state[2], stroke.key})); // rollover: previous key still down
            }
            send(report(modifiers, {stroke.key}));
        };
        const int code_count = 1 + round % 4;
        for (int code_index = 0; code_index < code_count; ++code_index) {
            std::string code;
            const std::size_t size = code_length(random);
            for (std::size_t index = 0; index < size; ++index) {
                code.push_back(alphabet[pick(random)]);
            }
            for (const char character : code) {
                press(stroke_for(character));
            }
            press(KeyStroke{percent(random) < 70 ? key_enter : key_tab, false});
            send(released);
            codes.push_back(code);
        }
        HidKeyboardDecoder decoder("usb://scanner");
        const auto fed = feed_all(decoder, reports);
        EXPECT_EQ(fed.payloads, codes) << "round " << round;
        for (const std::string& warning : decoder.take_warnings()) {
            EXPECT_THAT(warning, HasSubstr("phantom")) << "round " << round;
        }
    }
}

} // namespace
} // namespace checkin::drivers
