// compute_staff_statistics on hand-made records, and load_staff_statistics on a mirror made from the
// Serock fixture (expected numbers read from the CSV independently).

#include "kiosk/staff/staff_statistics.hpp"
#include "tests/sync/mirror/mirror_fixture.hpp"

#include <gtest/gtest.h>
#include <map>
#include <string>
#include <vector>

namespace checkin::kiosk {
namespace {

using sync::Day;
using sync::mirror_fixture::day_before;
using sync::mirror_fixture::first_day;
using sync::mirror_fixture::second_day;

struct RecordSpec {
    std::string role;
    std::string voivodeship;
    std::vector<Day> days;            // empty: every day
    std::vector<Day> checked_in_days; // attendance
    sync::DelegateStatus status = sync::DelegateStatus::active;
    sync::DelegateOrigin origin = sync::DelegateOrigin::roster;
};

sync::DelegateRecord make_record(const RecordSpec& spec) {
    static int next_number = 0;
    sync::DelegateRecord record;
    record.delegate.code = "T-" + std::to_string(++next_number);
    record.delegate.first_name = "Imię";
    record.delegate.last_name = "Nazwisko";
    record.delegate.role = spec.role;
    record.delegate.voivodeship = spec.voivodeship;
    record.delegate.days = spec.days;
    record.delegate.status = spec.status;
    record.delegate.origin = spec.origin;
    for (const auto& day : spec.checked_in_days) {
        record.attendance.push_back({day, 0, "kiosk-1"});
    }
    return record;
}

std::vector<sync::DelegateRecord> make_records(const std::vector<RecordSpec>& specs) {
    std::vector<sync::DelegateRecord> records;
    for (const auto& spec : specs) {
        records.push_back(make_record(spec));
    }
    return records;
}

std::vector<std::string> names_of(const std::vector<StatisticsRow>& rows) {
    std::vector<std::string> names;
    for (const auto& row : rows) {
        names.push_back(row.name);
    }
    return names;
}

// The sixteen voivodeships in the order of every official Polish list.
const std::vector<std::string> voivodeships_in_order = {
    "dolnośląskie",   "kujawsko-pomorskie",  "lubelskie",     "lubuskie",
    "łódzkie",        "małopolskie",         "mazowieckie",   "opolskie",
    "podkarpackie",   "podlaskie",           "pomorskie",     "śląskie",
    "świętokrzyskie", "warmińsko-mazurskie", "wielkopolskie", "zachodniopomorskie",
};

TEST(ComputeStaffStatistics, CountsDelegatesAdmittedTodayAndTheirCheckIns) {
    const auto records = make_records({
        {"Uczestnik", "mazowieckie", {}, {first_day}},                       // every day, in
        {"Uczestnik", "mazowieckie", {}, {}},                                // every day, not yet
        {"Uczestnik", "mazowieckie", {first_day}, {first_day}},              // today only, in
        {"Uczestnik", "mazowieckie", {first_day, second_day}, {second_day}}, // in tomorrow only
        {"Uczestnik", "mazowieckie", {second_day}, {}},                      // not today
        {"Uczestnik", "mazowieckie", {second_day}, {first_day}},             // not today, in anyway
    });
    const auto today = compute_staff_statistics(records, first_day, 3);
    EXPECT_EQ(today.day, first_day);
    EXPECT_EQ(today.expected, 4U);
    EXPECT_EQ(today.checked_in, 2U);
    EXPECT_EQ(today.reprints_today, 3U);
    EXPECT_EQ(today.walk_ins, 0U);
    ASSERT_EQ(today.by_role.size(), 1U);
    EXPECT_EQ(today.by_role[0], (StatisticsRow{"Uczestnik", 4, 2}));
    ASSERT_EQ(today.by_voivodeship.size(), 1U);
    EXPECT_EQ(today.by_voivodeship[0], (StatisticsRow{"mazowieckie", 4, 2}));

    const auto tomorrow = compute_staff_statistics(records, second_day, 0);
    EXPECT_EQ(tomorrow.expected, 5U); // two of every day, one of both days, two of the second day only
    EXPECT_EQ(tomorrow.checked_in, 1U);

    // A day none of them names (setup day): only those admitted every day are expected.
    const auto setup_day = compute_staff_statistics(records, day_before, 0);
    EXPECT_EQ(setup_day.expected, 2U);
    EXPECT_EQ(setup_day.checked_in, 0U);
}

TEST(ComputeStaffStatistics, LeavesCancelledDelegatesOutAndCountsActiveWalkIns) {
    using sync::DelegateOrigin;
    using sync::DelegateStatus;
    const auto records = make_records({
        {"Uczestnik", "lubelskie", {}, {first_day}},
        {"Uczestnik", "lubelskie", {}, {first_day}, DelegateStatus::cancelled},
        {"Ekspert", "opolskie", {}, {}, DelegateStatus::cancelled},
        {"uczestnik", "", {}, {first_day}, DelegateStatus::active, DelegateOrigin::walk_in},
        {"uczestnik", "", {}, {second_day}, DelegateStatus::active, DelegateOrigin::walk_in},
        {"uczestnik", "", {}, {first_day}, DelegateStatus::cancelled, DelegateOrigin::walk_in},
    });
    const auto statistics = compute_staff_statistics(records, first_day, 0);
    EXPECT_EQ(statistics.expected, 3U);
    EXPECT_EQ(statistics.checked_in, 2U);
    EXPECT_EQ(statistics.walk_ins, 2U);
    // No "Ekspert" row: its only delegate is cancelled. The roster's spelling is kept as it is.
    EXPECT_EQ(statistics.by_role, (std::vector<StatisticsRow>{{"uczestnik", 2, 1}, {"Uczestnik", 1, 1}}));
    EXPECT_EQ(statistics.by_voivodeship, (std::vector<StatisticsRow>{{"lubelskie", 1, 1}, {"—", 2, 1}}));
}

TEST(ComputeStaffStatistics, OrdersRolesByExpectedThenByPolishName) {
    const auto records = make_records({
        {"Lektor", "", {}, {}},
        {"", "", {}, {}},
        {"Łącznik", "", {}, {}},
        {"Organizator", "", {}, {first_day}},
        {"Ekspert", "", {}, {}},
        {"Uczestnik", "", {}, {first_day}},
        {"Organizator", "", {}, {}},
        {"Uczestnik", "", {}, {}},
        {"Ekspert", "", {}, {first_day}},
        {"Uczestnik", "", {}, {first_day}},
        {"Żeglarz", "", {}, {}},
        {"Zarząd", "", {}, {}},
    });
    const auto statistics = compute_staff_statistics(records, first_day, 0);
    EXPECT_EQ(names_of(statistics.by_role),
              (std::vector<std::string>{"Uczestnik", "Ekspert", "Organizator", "Lektor", "Łącznik", "Zarząd",
                                        "Żeglarz", "—"}));
    EXPECT_EQ(statistics.by_role[0], (StatisticsRow{"Uczestnik", 3, 2}));
    EXPECT_EQ(statistics.by_role[1], (StatisticsRow{"Ekspert", 2, 1}));
    EXPECT_EQ(statistics.by_role[7], (StatisticsRow{"—", 1, 0}));
}

TEST(ComputeStaffStatistics, OrdersVoivodeshipsInPolishAlphabeticalOrder) {
    // Scrambled, with counts that would give another order if sorted by size.
    std::vector<RecordSpec> specs;
    const std::vector<std::size_t> order = {11, 4, 15, 0, 3, 12, 7, 9, 1, 14, 5, 10, 2, 8, 13, 6};
    for (std::size_t index = 0; index < order.size(); ++index) {
        for (std::size_t copy = 0; copy <= index % 3; ++copy) {
            specs.push_back({"Uczestnik", voivodeships_in_order[order[index]], {}, {}});
        }
    }
    specs.push_back({"Uczestnik", "", {}, {}});
    const auto statistics = compute_staff_statistics(make_records(specs), first_day, 0);
    auto expected = voivodeships_in_order;
    expected.push_back("—");
    EXPECT_EQ(names_of(statistics.by_voivodeship), expected);
}

TEST(PolishNameLess, FollowsThePolishAlphabet) {
    EXPECT_TRUE(polish_name_less("lubuskie", "łódzkie"));
    EXPECT_FALSE(polish_name_less("łódzkie", "lubuskie"));
    EXPECT_TRUE(polish_name_less("łódzkie", "małopolskie"));
    EXPECT_TRUE(polish_name_less("pomorskie", "śląskie"));
    EXPECT_TRUE(polish_name_less("szczecin", "śląskie"));
    EXPECT_TRUE(polish_name_less("śląskie", "świętokrzyskie"));
    EXPECT_TRUE(polish_name_less("małopolskie", "mazowieckie")); // ł after l, before o … z
    EXPECT_TRUE(polish_name_less("zachodniopomorskie", "źródło"));
    EXPECT_TRUE(polish_name_less("źródło", "żuraw"));
    EXPECT_TRUE(polish_name_less("Łódź", "Mielec"));       // case ignored: Ł is ł
    EXPECT_TRUE(polish_name_less("lubuskie", "Łódzkie"));  // and l still before Ł
    EXPECT_TRUE(polish_name_less("Lubuskie", "lubuskie")); // equal but for case: a fixed order
    EXPECT_FALSE(polish_name_less("lubuskie", "lubuskie"));
    EXPECT_TRUE(polish_name_less("Émile", "Frank")); // other languages' letters as their plain form
    EXPECT_TRUE(polish_name_less("kujawsko-pomorskie", "kujawskopomorskie"));
    EXPECT_TRUE(polish_name_less("żuraw", "—"));
}

// ---- load_staff_statistics on a real mirror --------------------------------------------------------

TEST(LoadStaffStatistics, MatchesTheFixtureRoster) {
    using namespace sync::mirror_fixture;
    TempDir dir;
    auto mirror = open_mirror(dir.file("mirror.db"));
    ASSERT_TRUE(mirror);
    auto entries = fixture_entries();
    ASSERT_EQ(import(*mirror, entries).added, fixture_size);
    // A second import without the first five delegates cancels them: they must not count.
    constexpr std::size_t cancelled = 5;
    import(*mirror, std::vector<sync::RosterEntry>(entries.begin() + cancelled, entries.end()));
    auto rows = fixture_rows();
    ASSERT_EQ(rows.size(), fixture_size);
    rows.erase(rows.begin(), rows.begin() + cancelled);

    // Expected from the CSV: admitted on 29.11 when Dni is empty or names it.
    std::map<std::string, StatisticsRow> roles;
    std::map<std::string, StatisticsRow> voivodeships;
    std::size_t expected = 0;
    std::size_t checked_in = 0;
    const std::size_t check_in_every = 7; // check in every 7th expected delegate
    for (const auto& row : rows) {
        if (!row.days.empty() && row.days.find("29.11") == std::string::npos) {
            continue;
        }
        const bool arrives = expected % check_in_every == 0;
        ++expected;
        const auto role = row.role.empty() ? std::string("—") : row.role;
        const auto voivodeship = row.voivodeship.empty() ? std::string("—") : row.voivodeship;
        roles[role].name = role;
        ++roles[role].expected;
        voivodeships[voivodeship].name = voivodeship;
        ++voivodeships[voivodeship].expected;
        if (!arrives) {
            continue;
        }
        ++checked_in;
        ++roles[role].checked_in;
        ++voivodeships[voivodeship].checked_in;
        sync::CheckinRequest request;
        request.payload = row.code;
        request.kiosk_id = "kiosk-1";
        request.operator_name = "self-service";
        request.now_milliseconds = utc_milliseconds(first_day, 9, 0);
        request.today = first_day;
        auto result = mirror->check_in(request);
        ASSERT_TRUE(result.has_value());
        ASSERT_EQ(result->outcome, sync::CheckinOutcome::admitted) << row.code;
    }
    ASSERT_GT(expected, 250U);

    // A walk-in (checked in at once, role "uczestnik" by default) and two reprints today, one tomorrow.
    sync::WalkInRequest walk_in;
    walk_in.first_name = "Łukasz";
    walk_in.last_name = "Przybysz";
    walk_in.kiosk_id = "kiosk-desk";
    walk_in.operator_name = "anna";
    walk_in.now_milliseconds = utc_milliseconds(first_day, 10, 0);
    walk_in.today = first_day;
    auto added = mirror->add_walk_in(walk_in);
    ASSERT_TRUE(added.has_value()) << added.error().message;
    ++expected;
    ++checked_in;
    roles["uczestnik"] = {"uczestnik", 1, 1};
    ++voivodeships["—"].expected;
    ++voivodeships["—"].checked_in;
    voivodeships["—"].name = "—";
    const auto reprint = [&](Day day) {
        sync::CheckinEvent event;
        event.id = sync::new_event_id();
        event.delegate_code = added->code;
        event.kind = sync::EventKind::reprint;
        event.at_milliseconds = utc_milliseconds(day, 11, 0);
        event.day = day;
        event.kiosk_id = "kiosk-desk";
        event.operator_name = "anna";
        event.reason = "zgubiony identyfikator";
        ASSERT_TRUE(mirror->append_event(event).has_value());
    };
    reprint(first_day);
    reprint(first_day);
    reprint(second_day);

    auto statistics = load_staff_statistics(*mirror, first_day);
    ASSERT_TRUE(statistics.has_value()) << statistics.error().message;
    EXPECT_EQ(statistics->day, first_day);
    EXPECT_EQ(statistics->expected, expected);
    EXPECT_EQ(statistics->checked_in, checked_in);
    EXPECT_EQ(statistics->walk_ins, 1U);
    EXPECT_EQ(statistics->reprints_today, 2U);

    // The same totals as the mirror's own statistics for the day.
    auto mirror_statistics = mirror->statistics(first_day);
    ASSERT_TRUE(mirror_statistics.has_value());
    ASSERT_EQ(mirror_statistics->by_day.size(), 2U);
    EXPECT_EQ(mirror_statistics->by_day[0].expected, statistics->expected);
    EXPECT_EQ(mirror_statistics->by_day[0].checked_in, statistics->checked_in);

    ASSERT_EQ(statistics->by_role.size(), roles.size());
    for (std::size_t index = 0; index < statistics->by_role.size(); ++index) {
        const auto& row = statistics->by_role[index];
        EXPECT_EQ(row, roles[row.name]);
        if (index > 0) {
            const auto& previous = statistics->by_role[index - 1];
            EXPECT_TRUE(previous.expected > row.expected ||
                        (previous.expected == row.expected && polish_name_less(previous.name, row.name)))
                << previous.name << " before " << row.name;
        }
    }
    EXPECT_EQ(statistics->by_role.front().name, "Uczestnik");

    // Every voivodeship in the fixture, in the official order, then the delegates without one.
    auto expected_names = voivodeships_in_order;
    expected_names.push_back("—");
    EXPECT_EQ(names_of(statistics->by_voivodeship), expected_names);
    for (const auto& row : statistics->by_voivodeship) {
        EXPECT_EQ(row, voivodeships[row.name]);
    }

    // After a purge the people are gone and the screen's numbers are the same, from the kept counts (the
    // walk-in and the reprints were people and events: they are not counts of a day's groups).
    auto purged = mirror->purge({});
    ASSERT_TRUE(purged.has_value()) << purged.error().message;
    auto after = load_staff_statistics(*mirror, first_day);
    ASSERT_TRUE(after.has_value()) << after.error().message;
    EXPECT_EQ(after->expected, statistics->expected);
    EXPECT_EQ(after->checked_in, statistics->checked_in);
    EXPECT_EQ(after->by_voivodeship, statistics->by_voivodeship);
    EXPECT_EQ(after->by_role, statistics->by_role);
    EXPECT_EQ(after->walk_ins, 0U);
    EXPECT_EQ(after->reprints_today, 0U);
}

TEST(LoadStaffStatistics, AnEmptyMirrorHasNothingToCount) {
    using namespace sync::mirror_fixture;
    TempDir dir;
    auto mirror = open_mirror(dir.file("mirror.db"));
    ASSERT_TRUE(mirror);
    auto statistics = load_staff_statistics(*mirror, first_day);
    ASSERT_TRUE(statistics.has_value()) << statistics.error().message;
    EXPECT_EQ(*statistics, (StaffStatistics{first_day, 0, 0, 0, 0, {}, {}}));
}

} // namespace
} // namespace checkin::kiosk
