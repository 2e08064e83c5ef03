#include "drivers/keyboard_wedge.hpp"

#include <array>
#include <chrono>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <random>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace checkin::drivers {
namespace {

using namespace std::chrono_literals;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

const std::chrono::steady_clock::time_point start = std::chrono::steady_clock::time_point{} + 1h;

std::chrono::steady_clock::time_point at(std::chrono::milliseconds offset) {
    return start + offset;
}

std::string_view key_name(WedgeKey key) {
    switch (key) {
    case WedgeKey::enter:
        return "enter";
    case WedgeKey::tab:
        return "tab";
    case WedgeKey::backspace:
        return "backspace";
    case WedgeKey::escape:
        return "escape";
    }
    return "?";
}

// "scan:CODE", "text:a", "key:enter": what an event is, in a form a failed expectation shows well.
std::string describe(const WedgeEvent& event) {
    if (const auto* scan = std::get_if<Scan>(&event)) {
        return "scan:" + scan->payload;
    }
    if (const auto* typed = std::get_if<TypedText>(&event)) {
        return "text:" + typed->text;
    }
    return "key:" + std::string(key_name(std::get<TypedKey>(event).key));
}

// A detector and every event it returned, in order.
struct Session {
    explicit Session(KeyboardWedgeOptions options = {}) : detector("sdl://keyboard", options) {}

    std::vector<std::string> text(std::string_view utf8, std::chrono::milliseconds time) {
        return keep(detector.text(utf8, at(time)));
    }
    std::vector<std::string> key(WedgeKey key, std::chrono::milliseconds time) {
        return keep(detector.key(key, at(time)));
    }
    std::vector<std::string> poll(std::chrono::milliseconds time) { return keep(detector.poll(at(time))); }

    // A scanner typing `code` one character per event, `gap` apart from `first`; returns the time of the
    // last character.
    std::chrono::milliseconds scanner(std::string_view code, std::chrono::milliseconds first,
                                      std::chrono::milliseconds gap) {
        auto time = first;
        for (std::size_t index = 0; index < code.size(); ++index) {
            text(code.substr(index, 1), time);
            time += gap;
        }
        return time - gap;
    }

    std::vector<std::string> keep(std::vector<WedgeEvent> events) {
        std::vector<std::string> described;
        for (WedgeEvent& event : events) {
            described.push_back(describe(event));
            all.push_back(std::move(event));
        }
        return described;
    }

    std::vector<std::string> described() const {
        std::vector<std::string> result;
        for (const WedgeEvent& event : all) {
            result.push_back(describe(event));
        }
        return result;
    }

    KeyboardWedgeDetector detector;
    std::vector<WedgeEvent> all;
};

TEST(KeyboardWedgeDetector, AFastBurstEndedByEnterIsAScan) {
    Session session;
    const auto last = session.scanner("CWD-ZPZXSWG7", 0ms, 8ms);
    EXPECT_THAT(session.poll(last + 2ms), IsEmpty());
    EXPECT_THAT(session.all, IsEmpty());
    EXPECT_THAT(session.key(WedgeKey::enter, last + 8ms), ElementsAre("scan:CWD-ZPZXSWG7"));
    ASSERT_EQ(session.all.size(), 1u);
    const auto& scan = std::get<Scan>(session.all[0]);
    EXPECT_EQ(scan.source, ScanSource::keyboard_wedge);
    EXPECT_EQ(scan.device, "sdl://keyboard");
    EXPECT_EQ(scan.time, at(last + 8ms));
    EXPECT_THAT(session.poll(10s), IsEmpty());
    EXPECT_THAT(session.detector.take_warnings(), IsEmpty());
}

TEST(KeyboardWedgeDetector, AKeystrokeIsPassedOnOnceTheScannerGapHasPassed) {
    Session session;
    EXPECT_THAT(session.text("a", 0ms), IsEmpty());
    EXPECT_EQ(session.detector.next_deadline(), at(30ms));
    EXPECT_THAT(session.poll(29ms), IsEmpty());
    EXPECT_THAT(session.poll(30ms), ElementsAre("text:a"));
    ASSERT_EQ(session.all.size(), 1u);
    EXPECT_EQ(std::get<TypedText>(session.all[0]).time, at(0ms));
    EXPECT_FALSE(session.detector.next_deadline().has_value());
}

TEST(KeyboardWedgeDetector, EverythingAPersonTypesComesOutInOrder) {
    Session session;
    session.text("a", 0ms);
    session.text("ł", 150ms);
    session.key(WedgeKey::backspace, 300ms);
    session.text("c", 450ms);
    EXPECT_THAT(session.key(WedgeKey::enter, 600ms), ElementsAre("text:c", "key:enter"));
    session.key(WedgeKey::escape, 750ms);
    session.key(WedgeKey::tab, 900ms);
    session.poll(2s);
    EXPECT_THAT(session.described(), ElementsAre("text:a", "text:ł", "key:backspace", "text:c", "key:enter",
                                                 "key:escape", "key:tab"));
}

TEST(KeyboardWedgeDetector, ALoneTerminatorIsPassedOnAtOnce) {
    Session session;
    EXPECT_THAT(session.key(WedgeKey::enter, 0ms), ElementsAre("key:enter"));
    EXPECT_FALSE(session.detector.next_deadline().has_value());
}

TEST(KeyboardWedgeDetector, AShortFastRunIsTyping) {
    Session session;
    session.text("a", 0ms);
    session.text("b", 10ms);
    EXPECT_THAT(session.key(WedgeKey::enter, 20ms), ElementsAre("text:a", "text:b", "key:enter"));
}

TEST(KeyboardWedgeDetector, SlowTypingAndThenAScanGiveBoth) {
    Session session;
    session.text("J", 0ms);
    session.text("a", 180ms);
    session.text("n", 360ms);
    const auto last = session.scanner("CWD-1234", 1000ms, 10ms);
    session.key(WedgeKey::enter, last + 10ms);
    EXPECT_THAT(session.described(), ElementsAre("text:J", "text:a", "text:n", "scan:CWD-1234"));
}

TEST(KeyboardWedgeDetector, ABurstMayStartJustAfterAKeystroke) {
    Session session;
    session.text("x", 0ms);
    const auto last = session.scanner("CODE1", 35ms, 5ms);
    session.key(WedgeKey::enter, last + 5ms);
    EXPECT_THAT(session.described(), ElementsAre("text:x", "scan:CODE1"));
}

// The documented limit: closer than max_scanner_gap, timing cannot tell a keystroke from the burst.
TEST(KeyboardWedgeDetector, AKeystrokeWithinTheScannerGapBeforeABurstJoinsIt) {
    Session session;
    session.text("x", 0ms);
    const auto last = session.scanner("CODE1", 20ms, 5ms);
    session.key(WedgeKey::enter, last + 5ms);
    EXPECT_THAT(session.described(), ElementsAre("scan:xCODE1"));
}

TEST(KeyboardWedgeDetector, WithoutATerminatorTheQuietGapEndsTheScan) {
    Session session(KeyboardWedgeOptions{.terminator = WedgeTerminator::none, .quiet_gap = 60ms});
    const auto last = session.scanner("CWD-1234", 0ms, 10ms);
    EXPECT_EQ(session.detector.next_deadline(), at(last + 60ms));
    EXPECT_THAT(session.poll(last + 59ms), IsEmpty());
    EXPECT_THAT(session.poll(last + 60ms), ElementsAre("scan:CWD-1234"));
    ASSERT_EQ(session.all.size(), 1u);
    EXPECT_EQ(std::get<Scan>(session.all[0]).time, at(last));
}

TEST(KeyboardWedgeDetector, WithoutATerminatorEnterIsTypedLikeAnyKey) {
    Session session(KeyboardWedgeOptions{.terminator = WedgeTerminator::none});
    EXPECT_THAT(session.key(WedgeKey::enter, 0ms), IsEmpty());
    EXPECT_THAT(session.poll(30ms), ElementsAre("key:enter"));
}

TEST(KeyboardWedgeDetector, ABurstSurvivesAPauseShorterThanTheQuietGap) {
    Session session;
    const auto first_half = session.scanner("CWD-", 0ms, 10ms);
    const auto last = session.scanner("1234", first_half + 45ms, 10ms);
    session.key(WedgeKey::enter, last + 10ms);
    EXPECT_THAT(session.described(), ElementsAre("scan:CWD-1234"));
}

TEST(KeyboardWedgeDetector, ABurstWithoutItsTerminatorStillEndsAsAScan) {
    Session session;
    const auto first = session.scanner("CWD-", 0ms, 10ms);
    const auto second = session.scanner("1234", first + 70ms, 10ms);
    session.key(WedgeKey::enter, second + 10ms);
    EXPECT_THAT(session.described(), ElementsAre("scan:CWD-", "scan:1234"));
}

// A pause before a burst is recognised (min_length characters) splits it: the start is typing.
TEST(KeyboardWedgeDetector, APauseEarlyInABurstSplitsIt) {
    Session session;
    session.text("C", 0ms);
    session.text("W", 10ms);
    const auto last = session.scanner("D-1234", 50ms, 10ms);
    session.key(WedgeKey::enter, last + 10ms);
    EXPECT_THAT(session.described(), ElementsAre("text:C", "text:W", "scan:D-1234"));
}

TEST(KeyboardWedgeDetector, TabCanBeTheTerminator) {
    Session session(KeyboardWedgeOptions{.terminator = WedgeTerminator::tab});
    auto last = session.scanner("ABCD", 0ms, 5ms);
    EXPECT_THAT(session.key(WedgeKey::tab, last + 5ms), ElementsAre("scan:ABCD"));
    // Enter is then part of the code, as a carriage return, until the quiet gap ends it.
    last = session.scanner("WXYZ", 1s, 5ms);
    session.key(WedgeKey::enter, last + 5ms);
    session.key(WedgeKey::escape, last + 10ms);
    session.key(WedgeKey::backspace, last + 15ms);
    EXPECT_THAT(session.poll(last + 15ms + 60ms), ElementsAre("scan:WXYZ\r\x1b\x08"));
}

TEST(KeyboardWedgeDetector, AHeldKeysAutoRepeatIsTyping) {
    Session session;
    for (int index = 0; index < 8; ++index) {
        session.text("a", index * 20ms);
    }
    session.poll(1s);
    EXPECT_EQ(session.described(), std::vector<std::string>(8, "text:a"));
}

TEST(KeyboardWedgeDetector, CharactersAreCodePointsNotBytes) {
    Session short_run;
    short_run.text("Ł", 0ms);
    short_run.text("Ó", 5ms);
    short_run.text("D", 10ms);
    EXPECT_THAT(short_run.key(WedgeKey::enter, 15ms), ElementsAre("text:Ł", "text:Ó", "text:D", "key:enter"));

    Session long_run;
    long_run.text("Ł", 0ms);
    long_run.text("Ó", 5ms);
    long_run.text("D", 10ms);
    long_run.text("Ź", 15ms);
    EXPECT_THAT(long_run.key(WedgeKey::enter, 20ms), ElementsAre("scan:ŁÓDŹ"));
}

TEST(KeyboardWedgeDetector, ATextEventMayCarrySeveralCharacters) {
    Session session;
    session.text("CW", 0ms);
    session.text("D-", 5ms);
    EXPECT_THAT(session.key(WedgeKey::enter, 10ms), ElementsAre("scan:CWD-"));
}

TEST(KeyboardWedgeDetector, EmptyTextIsNothing) {
    Session session;
    EXPECT_THAT(session.text("", 0ms), IsEmpty());
    EXPECT_FALSE(session.detector.next_deadline().has_value());
}

TEST(KeyboardWedgeDetector, ABurstLongerThanTheLimitIsDroppedWhole) {
    Session session(KeyboardWedgeOptions{.max_payload = 10});
    auto last = session.scanner("ABCDEFGHIJKLMNOPQRST", 0ms, 5ms);
    EXPECT_THAT(session.key(WedgeKey::enter, last + 5ms), IsEmpty());
    // Without a terminator the dropped burst ends at the quiet gap; what follows is new.
    last = session.scanner("ABCDEFGHIJKLMNOPQRST", 1s, 5ms);
    last = session.scanner("0123456789", last + 100ms, 5ms);
    session.key(WedgeKey::enter, last + 5ms);
    EXPECT_THAT(session.described(), ElementsAre("scan:0123456789"));
    const auto warnings = session.detector.take_warnings();
    ASSERT_EQ(warnings.size(), 2u);
    EXPECT_THAT(warnings[0], HasSubstr("longer than 10 bytes"));
}

TEST(KeyboardWedgeDetector, TheDeadlineFollowsWhatIsPending) {
    Session session;
    EXPECT_FALSE(session.detector.next_deadline().has_value());
    session.text("C", 0ms);
    EXPECT_EQ(session.detector.next_deadline(), at(30ms)); // maybe typing: decided after the scanner gap
    const auto last = session.scanner("WD-", 5ms, 5ms);
    EXPECT_EQ(session.detector.next_deadline(), at(last + 60ms)); // a burst: waits for the quiet gap
    session.key(WedgeKey::enter, last + 5ms);
    EXPECT_FALSE(session.detector.next_deadline().has_value());
}

TEST(KeyboardWedgeDetector, AClockSteppingBackCountsAsNoPause) {
    Session session;
    session.text("C", 100ms);
    session.text("W", 90ms);
    session.text("D", 95ms);
    session.text("-", 99ms);
    EXPECT_THAT(session.key(WedgeKey::enter, 101ms), ElementsAre("scan:CWD-"));
}

TEST(KeyboardWedgeDetector, FlushDecidesWhatIsPendingNow) {
    Session typing;
    typing.text("a", 0ms);
    typing.text("b", 10ms);
    EXPECT_THAT(typing.keep(typing.detector.flush()), ElementsAre("text:a", "text:b"));

    Session scanning;
    scanning.scanner("CWD-1", 0ms, 5ms);
    EXPECT_THAT(scanning.keep(scanning.detector.flush()), ElementsAre("scan:CWD-1"));
    EXPECT_THAT(scanning.keep(scanning.detector.flush()), IsEmpty());
}

TEST(KeyboardWedgeDetector, AQuietGapShorterThanTheScannerGapIsRaisedToIt) {
    Session session(KeyboardWedgeOptions{.terminator = WedgeTerminator::none, .quiet_gap = 5ms});
    const auto last = session.scanner("CWD-1234", 0ms, 20ms);
    EXPECT_THAT(session.poll(last + 29ms), IsEmpty());
    EXPECT_THAT(session.poll(last + 30ms), ElementsAre("scan:CWD-1234"));
}

// Sessions of people typing and scanners scanning, with event times as fine as a 1 ms clock or as
// coarse as a loop that pumps events once per 16 ms frame, scanner text in events of one to three
// characters, and poll() called at random moments: every keystroke comes out as typed, in order, and
// every burst as its scan.
TEST(KeyboardWedgeDetector, PeopleAndScannersAreToldApartWhateverTheTiming) {
    std::mt19937 random(8080);
    std::uniform_int_distribution<int> percent(0, 99);
    const std::array<std::string_view, 12> typed_characters{"a", "b", "z", "1", "-", " ",
                                                            "ą", "ł", "Ż", "é", "?", "."};
    const std::string code_alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789-";
    std::uniform_int_distribution<std::size_t> pick_code_character(0, code_alphabet.size() - 1);

    for (int round = 0; round < 400; ++round) {
        const bool frame_quantised = round % 2 == 1;
        Session session;
        std::vector<std::string> expected;
        auto now = 0ms;
        const auto reported = [frame_quantised](std::chrono::milliseconds time) {
            return frame_quantised ? time - time % 16ms : time;
        };
        const auto maybe_poll_before = [&](std::chrono::milliseconds next) {
            if (percent(random) < 50) {
                std::uniform_int_distribution<long> moment(now.count(), next.count());
                session.poll(reported(std::chrono::milliseconds(moment(random))));
            }
        };
        const auto advance = [&](std::chrono::milliseconds gap) {
            maybe_poll_before(now + gap);
            now += gap;
        };

        const int segments = 1 + percent(random) % 6;
        for (int segment = 0; segment < segments; ++segment) {
            advance(std::chrono::milliseconds(100 + percent(random) * 9));
            if (percent(random) < 50) {
                const int keystrokes = 1 + percent(random) % 8;
                for (int stroke = 0; stroke < keystrokes; ++stroke) {
                    if (stroke > 0) {
                        advance(std::chrono::milliseconds(80 + percent(random) * 3));
                    }
                    if (percent(random) < 80) {
                        const auto character =
                            typed_characters[static_cast<std::size_t>(percent(random)) % 12];
                        session.text(character, reported(now));
                        expected.push_back("text:" + std::string(character));
                    } else {
                        const auto key =
                            std::array{WedgeKey::enter, WedgeKey::tab, WedgeKey::backspace,
                                       WedgeKey::escape}[static_cast<std::size_t>(percent(random)) % 4];
                        session.key(key, reported(now));
                        expected.push_back("key:" + std::string(key_name(key)));
                    }
                }
            } else {
                std::string code;
                const auto size = static_cast<std::size_t>(4 + percent(random) % 37);
                while (code.size() < size || code.find_first_not_of(code[0]) == std::string::npos) {
                    code.push_back(code_alphabet[pick_code_character(random)]);
                }
                std::string_view rest = code;
                bool first_event = true;
                while (!rest.empty()) {
                    if (!first_event) {
                        advance(std::chrono::milliseconds(percent(random) % 16));
                    }
                    first_event = false;
                    const auto piece = rest.substr(0, static_cast<std::size_t>(1 + percent(random) % 3));
                    rest.remove_prefix(piece.size());
                    session.text(piece, reported(now));
                }
                advance(std::chrono::milliseconds(percent(random) % 16));
                session.key(WedgeKey::enter, reported(now));
                expected.push_back("scan:" + code);
            }
        }
        session.poll(reported(now + 10s));
        EXPECT_EQ(session.described(), expected) << "round " << round;
        EXPECT_FALSE(session.detector.next_deadline().has_value()) << "round " << round;
    }
}

} // namespace
} // namespace checkin::drivers
