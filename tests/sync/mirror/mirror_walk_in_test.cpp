// Mirror::add_walk_in and Mirror::count_events on a real SQLite file.

#include "sync/mirror/mirror.hpp"
#include "sync/roster/scan_code.hpp"
#include "tests/sync/mirror/mirror_fixture.hpp"

#include <algorithm>
#include <gtest/gtest.h>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace checkin::sync {
namespace {

using namespace mirror_fixture;

WalkInRequest walk_in_request(std::string first_name, std::string last_name, std::string organisation = "",
                              std::string role = "", Day today = first_day) {
    WalkInRequest request;
    request.first_name = std::move(first_name);
    request.last_name = std::move(last_name);
    request.organisation = std::move(organisation);
    request.role = std::move(role);
    request.kiosk_id = "kiosk-desk";
    request.operator_name = "anna";
    request.now_milliseconds = utc_milliseconds(today, 10, 15);
    request.today = today;
    return request;
}

Delegate add(Mirror& mirror, const WalkInRequest& request) {
    auto delegate = mirror.add_walk_in(request);
    EXPECT_TRUE(delegate.has_value()) << (delegate.has_value() ? "" : delegate.error().message);
    return delegate.value_or(Delegate{});
}

// Checked here by hand rather than with the code's own alphabet: "W-", then 8 characters of Crockford's
// base32 (digits and capitals without I, L, O, U).
bool has_walk_in_format(std::string_view code) {
    if (code.size() != 10 || !code.starts_with("W-")) {
        return false;
    }
    return std::all_of(code.begin() + 2, code.end(), [](char c) {
        const bool digit = c >= '0' && c <= '9';
        const bool capital = c >= 'A' && c <= 'Z' && c != 'I' && c != 'L' && c != 'O' && c != 'U';
        return digit || capital;
    });
}

std::size_t count(Mirror& mirror, EventKind kind, Day day) {
    auto counted = mirror.count_events(kind, day);
    EXPECT_TRUE(counted.has_value()) << (counted.has_value() ? "" : counted.error().message);
    return counted.value_or(0);
}

Statistics statistics_of(Mirror& mirror, Day today) {
    auto statistics = mirror.statistics(today);
    EXPECT_TRUE(statistics.has_value()) << (statistics.has_value() ? "" : statistics.error().message);
    return statistics.value_or(Statistics{});
}

std::set<std::string> codes_found(Mirror& mirror, std::string_view query) {
    auto hits = mirror.search(query, 1000);
    EXPECT_TRUE(hits.has_value()) << (hits.has_value() ? "" : hits.error().message);
    std::set<std::string> codes;
    for (const auto& hit : hits.value_or(std::vector<SearchHit>{})) {
        codes.insert(hit.delegate.code);
    }
    return codes;
}

class MirrorWalkIn : public ::testing::Test {
protected:
    void SetUp() override {
        mirror = open_mirror(dir.file("mirror.db"));
        ASSERT_TRUE(mirror);
    }

    TempDir dir;
    std::optional<Mirror> mirror;
};

TEST_F(MirrorWalkIn, CreatesAnActiveWalkInWithAScannableCode) {
    const auto delegate = add(*mirror, walk_in_request("  Jan ", "\xC2\xA0Przybysz\t", " Gmina Serock ", ""));
    EXPECT_TRUE(has_walk_in_format(delegate.code)) << delegate.code;
    auto normalised = normalise_scanned_code(delegate.code);
    ASSERT_TRUE(normalised.has_value());
    EXPECT_EQ(*normalised, delegate.code);
    // Scanned from a QR code with an AIM prefix and a terminator, it still comes back as itself.
    EXPECT_EQ(normalise_scanned_code("]Q1" + delegate.code + "\r\n").value_or(""), delegate.code);

    EXPECT_EQ(delegate.first_name, "Jan");
    EXPECT_EQ(delegate.last_name, "Przybysz");
    EXPECT_EQ(delegate.organisation, "Gmina Serock");
    EXPECT_EQ(delegate.role, "uczestnik");
    EXPECT_TRUE(delegate.days.empty());
    EXPECT_EQ(delegate.status, DelegateStatus::active);
    EXPECT_EQ(delegate.origin, DelegateOrigin::walk_in);
    EXPECT_EQ(delegate.row_version, 0);

    const auto stored = find(*mirror, delegate.code);
    ASSERT_TRUE(stored);
    EXPECT_EQ(describe(stored->delegate), describe(delegate));
    // A scanner with Caps Lock on (or a person typing) gives lower case; it is the same code.
    std::string typed = delegate.code;
    std::transform(typed.begin(), typed.end(), typed.begin(),
                   [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; });
    const auto lower = find(*mirror, typed);
    ASSERT_TRUE(lower);
    EXPECT_EQ(lower->delegate.code, delegate.code);
}

TEST_F(MirrorWalkIn, KeepsAGivenRole) {
    EXPECT_EQ(add(*mirror, walk_in_request("Ewa", "Gościnna", "", " Prelegent ")).role, "Prelegent");
}

TEST_F(MirrorWalkIn, AThousandWalkInsGetAThousandDistinctCodes) {
    constexpr std::size_t walk_ins = 1000;
    std::set<std::string> codes;
    for (std::size_t index = 0; index < walk_ins; ++index) {
        const auto delegate = add(*mirror, walk_in_request("Gość", "Numer " + std::to_string(index)));
        ASSERT_TRUE(has_walk_in_format(delegate.code)) << delegate.code;
        // Compared as the mirror compares codes (ASCII case ignored).
        codes.insert(code_comparison_key(delegate.code));
    }
    EXPECT_EQ(codes.size(), walk_ins);
    const auto statistics = statistics_of(*mirror, first_day);
    EXPECT_EQ(statistics.delegates, walk_ins);
    EXPECT_EQ(statistics.walk_ins, walk_ins);
    EXPECT_EQ(statistics.checked_in_today, walk_ins);
    EXPECT_EQ(count(*mirror, EventKind::checkin, first_day), walk_ins);
}

TEST_F(MirrorWalkIn, RefusesMissingNamesAndBadFieldsAndWritesNothing) {
    struct Case {
        WalkInRequest request;
        std::string message_part;
    };
    const std::string too_long(walk_in_field_maximum_bytes + 1, 'a');
    const std::vector<Case> cases = {
        {walk_in_request("", "Przybysz"), "first name"},
        {walk_in_request(" \t\xC2\xA0 ", "Przybysz"), "first name"},
        {walk_in_request("Jan", ""), "last name"},
        {walk_in_request("Jan", "   "), "last name"},
        {walk_in_request(too_long, "Przybysz"), "first name is longer than 200 bytes"},
        {walk_in_request("Jan", too_long), "last name is longer than 200 bytes"},
        {walk_in_request("Jan", "Przybysz", too_long), "organisation is longer than 200 bytes"},
        {walk_in_request("Jan", "Przybysz", "", too_long), "role is longer than 200 bytes"},
        {walk_in_request("Jan\xFF", "Przybysz"), "first name is not valid UTF-8"},
        {walk_in_request("Jan", "Przyb\xC5", "Gmina"), "last name is not valid UTF-8"},
        {walk_in_request("Jan", "Przybysz", "Gmina \xC0\xAF"), "organisation is not valid UTF-8"},
        {walk_in_request("Jan", "Przybysz", "", "\xED\xA0\x80"), "role is not valid UTF-8"},
        {walk_in_request("Jan", "Przy\nbysz"), "last name holds control characters"},
        {walk_in_request("Jan", "Przy\u0085bysz"), "last name holds control characters"},
        {walk_in_request(std::string(101, 'a'), "Przybysz"), "first name is longer than 100 characters"},
        {walk_in_request("Jan\u202E", "Przybysz"), "first name holds characters that reorder text"},
        {walk_in_request("Jan", "Przybysz", "Gmina\u2066"),
         "organisation holds characters that reorder text"},
    };
    for (const auto& [request, message_part] : cases) {
        auto refused = mirror->add_walk_in(request);
        ASSERT_FALSE(refused.has_value()) << message_part;
        EXPECT_EQ(refused.error().kind, ErrorKind::invalid_input) << message_part;
        EXPECT_NE(refused.error().message.find(message_part), std::string::npos) << refused.error().message;
    }
    const auto statistics = statistics_of(*mirror, first_day);
    EXPECT_EQ(statistics.delegates, 0U);
    EXPECT_EQ(statistics.events, 0U);
}

TEST_F(MirrorWalkIn, AcceptsFieldsOfExactlyTheLimit) {
    // 100 two-byte letters: 200 bytes, the limit, and not cut in the middle of a letter.
    std::string longest;
    for (int index = 0; index < 100; ++index) {
        longest += "ą";
    }
    ASSERT_EQ(longest.size(), walk_in_field_maximum_bytes);
    const auto delegate = add(*mirror, walk_in_request(longest, longest, longest, longest));
    EXPECT_EQ(delegate.first_name, longest);
    EXPECT_EQ(delegate.role, longest);
}

TEST_F(MirrorWalkIn, IsCheckedInAtOnce) {
    const auto before = statistics_of(*mirror, first_day);
    const auto delegate = add(*mirror, walk_in_request("Jan", "Przybysz"));
    const auto record = find(*mirror, delegate.code);
    ASSERT_TRUE(record);
    ASSERT_EQ(record->attendance.size(), 1U);
    EXPECT_EQ(record->attendance[0].day, first_day);
    EXPECT_EQ(record->attendance[0].checked_in_at_milliseconds, utc_milliseconds(first_day, 10, 15));
    EXPECT_EQ(record->attendance[0].kiosk_id, "kiosk-desk");

    auto events = mirror->events_of(delegate.code);
    ASSERT_TRUE(events.has_value());
    ASSERT_EQ(events->size(), 1U);
    EXPECT_EQ(events->front().kind, EventKind::checkin);
    EXPECT_EQ(events->front().operator_name, "anna");
    EXPECT_EQ(events->front().kiosk_id, "kiosk-desk");
    EXPECT_EQ(events->front().day, first_day);
    EXPECT_FALSE(events->front().uploaded);

    const auto after = statistics_of(*mirror, first_day);
    EXPECT_EQ(after.walk_ins, before.walk_ins + 1);
    EXPECT_EQ(after.checked_in_today, before.checked_in_today + 1);
    EXPECT_EQ(after.events_not_uploaded, before.events_not_uploaded + 1);

    // Scanning the new badge today says "already checked in"; tomorrow (no days: every day) admits.
    CheckinRequest scan;
    scan.payload = delegate.code;
    scan.kiosk_id = "kiosk-1";
    scan.operator_name = "self-service";
    scan.now_milliseconds = utc_milliseconds(first_day, 11, 0);
    scan.today = first_day;
    auto again = mirror->check_in(scan);
    ASSERT_TRUE(again.has_value());
    EXPECT_EQ(again->outcome, CheckinOutcome::already_checked_in);
    scan.now_milliseconds = utc_milliseconds(second_day, 9, 0);
    scan.today = second_day;
    auto tomorrow = mirror->check_in(scan);
    ASSERT_TRUE(tomorrow.has_value());
    EXPECT_EQ(tomorrow->outcome, CheckinOutcome::admitted);
}

TEST_F(MirrorWalkIn, SurvivesReimportsOfTheRoster) {
    const auto roster = fixture_entries();
    ASSERT_EQ(import(*mirror, roster).added, fixture_size);
    const auto delegate = add(*mirror, walk_in_request("Jan", "Przybysz", "Gmina Serock"));
    const auto before = find(*mirror, delegate.code);
    ASSERT_TRUE(before);

    // The same file again, then one without its first ten delegates: roster rows are cancelled, the
    // walk-in is not even rewritten.
    EXPECT_EQ(import(*mirror, roster).cancelled, 0U);
    const std::vector<RosterEntry> shorter(roster.begin() + 10, roster.end());
    const auto summary = import(*mirror, shorter);
    EXPECT_EQ(summary.cancelled, 10U);
    EXPECT_GT(summary.roster_version, 1);

    const auto after = find(*mirror, delegate.code);
    ASSERT_TRUE(after);
    EXPECT_EQ(describe(after->delegate), describe(before->delegate));
    EXPECT_EQ(after->delegate.row_version, 0);
    ASSERT_EQ(after->attendance.size(), 1U);
    EXPECT_EQ(after->attendance[0].day, first_day);
    const auto statistics = statistics_of(*mirror, first_day);
    EXPECT_EQ(statistics.walk_ins, 1U);
    EXPECT_EQ(statistics.cancelled, 10U);
    EXPECT_EQ(statistics.checked_in_today, 1U);
}

TEST_F(MirrorWalkIn, NameSearchFindsItAtOnceIgnoringDiacritics) {
    ASSERT_EQ(import(*mirror, fixture_entries()).added, fixture_size);
    // Build the search index first, so the test sees that adding a walk-in makes it stale.
    const auto before = codes_found(*mirror, "lukasz");
    const auto delegate = add(*mirror, walk_in_request("Łukasz", "Żółkiewski-Nowak", "Ośrodek Kultury"));
    for (const auto* query : {"lukasz", "Łukasz", "LUKASZ zolk", "zolkiewski", "nowak lukasz", "osrodek"}) {
        EXPECT_TRUE(codes_found(*mirror, query).contains(delegate.code)) << query;
    }
    EXPECT_FALSE(before.contains(delegate.code));
    EXPECT_EQ(codes_found(*mirror, "lukasz").size(), before.size() + 1);
    EXPECT_FALSE(codes_found(*mirror, "lukasz kowalczyk").contains(delegate.code));
    // The code itself finds it first, as for roster delegates.
    auto hits = mirror->search(delegate.code, 5);
    ASSERT_TRUE(hits.has_value());
    ASSERT_FALSE(hits->empty());
    EXPECT_EQ(hits->front().delegate.code, delegate.code);
}

TEST_F(MirrorWalkIn, CountsEventsByKindAndDay) {
    EXPECT_EQ(count(*mirror, EventKind::reprint, first_day), 0U);
    const auto jan = add(*mirror, walk_in_request("Jan", "Przybysz"));
    const auto ewa = add(*mirror, walk_in_request("Ewa", "Gościnna"));
    const auto reprint = [&](const std::string& code, Day day, int minute) {
        CheckinEvent event;
        event.id = new_event_id();
        event.delegate_code = code;
        event.kind = EventKind::reprint;
        event.at_milliseconds = utc_milliseconds(day, 12, minute);
        event.day = day;
        event.kiosk_id = "kiosk-desk";
        event.operator_name = "anna";
        event.reason = "zgubiony identyfikator";
        auto appended = mirror->append_event(event);
        EXPECT_TRUE(appended.has_value()) << (appended.has_value() ? "" : appended.error().message);
    };
    reprint(jan.code, first_day, 1);
    reprint(jan.code, first_day, 2);
    reprint(ewa.code, first_day, 3);
    reprint(ewa.code, second_day, 4);

    EXPECT_EQ(count(*mirror, EventKind::reprint, first_day), 3U);
    EXPECT_EQ(count(*mirror, EventKind::reprint, second_day), 1U);
    EXPECT_EQ(count(*mirror, EventKind::reprint, day_before), 0U);
    EXPECT_EQ(count(*mirror, EventKind::checkin, first_day), 2U);
    EXPECT_EQ(count(*mirror, EventKind::checkin, second_day), 0U);
    EXPECT_EQ(count(*mirror, EventKind::print, first_day), 0U);

    UndoRequest undo;
    undo.code = jan.code;
    undo.day = first_day;
    undo.kiosk_id = "kiosk-desk";
    undo.operator_name = "anna";
    undo.reason = "pomyłka";
    undo.now_milliseconds = utc_milliseconds(first_day, 13, 0);
    auto undone = mirror->undo_checkin(undo);
    ASSERT_TRUE(undone.has_value());
    EXPECT_EQ(*undone, 1U);
    // Events are counted as journalled: the undone check-in is still an event, next to its undo.
    EXPECT_EQ(count(*mirror, EventKind::undo, first_day), 1U);
    EXPECT_EQ(count(*mirror, EventKind::checkin, first_day), 2U);
}

} // namespace
} // namespace checkin::sync
