#include "sync/mirror/mirror.hpp"
#include "sync/mirror/schema.hpp"
#include "sync/mirror/sqlite.hpp"
#include "tests/sync/mirror/mirror_fixture.hpp"

#include <algorithm>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <regex>
#include <set>
#include <string>
#include <sys/stat.h>
#include <vector>

namespace checkin::sync {
namespace {

using namespace mirror_fixture;
using ::testing::HasSubstr;

// ---- helpers ----------------------------------------------------------------------------------------

// The first fixture row whose Dni column is exactly `days` ("29.11,30.11", "29.11" or "30.11").
std::string code_with_days(std::string_view days, std::size_t skip = 0) {
    for (const auto& row : fixture_rows()) {
        if (row.days == days) {
            if (skip == 0) {
                return row.code;
            }
            --skip;
        }
    }
    ADD_FAILURE() << "no fixture row with days " << days;
    return {};
}

CheckinRequest request(std::string payload, Day today, std::int64_t now, std::string kiosk = "kiosk-1",
                       std::string operator_name = "self-service") {
    CheckinRequest result;
    result.payload = std::move(payload);
    result.kiosk_id = std::move(kiosk);
    result.operator_name = std::move(operator_name);
    result.now_milliseconds = now;
    result.today = today;
    return result;
}

CheckinResult check_in(Mirror& mirror, const CheckinRequest& checkin_request) {
    auto result = mirror.check_in(checkin_request);
    EXPECT_TRUE(result.has_value()) << (result.has_value() ? "" : result.error().message);
    return result.value_or(CheckinResult{});
}

std::vector<CheckinEvent> events_of(Mirror& mirror, std::string_view code) {
    auto events = mirror.events_of(code);
    EXPECT_TRUE(events.has_value()) << (events.has_value() ? "" : events.error().message);
    return events.value_or(std::vector<CheckinEvent>{});
}

CheckinEvent make_event(std::string code, EventKind kind, std::int64_t at, Day day, std::string kiosk,
                        std::string reason = {}, std::string undoes = {}) {
    CheckinEvent event;
    event.id = new_event_id();
    event.delegate_code = std::move(code);
    event.kind = kind;
    event.at_milliseconds = at;
    event.day = day;
    event.kiosk_id = std::move(kiosk);
    event.operator_name = "Staff Anna";
    event.reason = std::move(reason);
    event.undoes = std::move(undoes);
    return event;
}

void append(Mirror& mirror, const CheckinEvent& event) {
    auto appended = mirror.append_event(event);
    EXPECT_TRUE(appended.has_value()) << (appended.has_value() ? "" : appended.error().message);
}

std::string describe_events(const std::vector<CheckinEvent>& events) {
    std::string text;
    for (const auto& event : events) {
        text += event.id + "|" + event.delegate_code + "|" + std::string(to_string(event.kind)) + "|" +
                std::to_string(event.at_milliseconds) + "|" + format_iso_day(event.day) + "|" +
                event.kiosk_id + "|" + event.operator_name + "|" + event.reason + "|" + event.undoes + "|" +
                (event.uploaded ? "1" : "0") + "\n";
    }
    return text;
}

std::string describe_attendance(const std::vector<Attendance>& attendance) {
    std::string text;
    for (const auto& day : attendance) {
        text += format_iso_day(day.day) + "@" + std::to_string(day.checked_in_at_milliseconds) + "/" +
                day.kiosk_id + "\n";
    }
    return text;
}

unsigned permissions_of(const std::filesystem::path& path) {
    struct stat status {};
    EXPECT_EQ(::stat(path.c_str(), &status), 0) << path;
    return static_cast<unsigned>(status.st_mode) & 0777U;
}

// The roster with one name changed, one row removed and one new row.
struct ChangedRoster {
    std::vector<RosterEntry> entries;
    std::string renamed_code;
    std::string removed_code;
    std::string added_code;
    RosterEntry removed;
};

ChangedRoster changed_roster(const std::vector<RosterEntry>& original) {
    ChangedRoster changed;
    changed.entries = original;
    changed.renamed_code = changed.entries[5].delegate.code;
    changed.entries[5].delegate.first_name = "Urszula Maria";
    changed.removed = changed.entries[10];
    changed.removed_code = changed.removed.delegate.code;
    changed.entries.erase(changed.entries.begin() + 10);
    RosterEntry added;
    added.line = 999;
    added.delegate.code = "CWD-NEW00001";
    added.delegate.first_name = "Henryka";
    added.delegate.last_name = "Zdrojewska";
    added.delegate.organisation = "Urząd Gminy Serock";
    added.delegate.days = {first_day};
    changed.added_code = added.delegate.code;
    changed.entries.push_back(added);
    return changed;
}

// ---- 1. open ----------------------------------------------------------------------------------------

TEST(MirrorOpen, CreatesAPrivateFileEvenWithAPermissiveUmask) {
    TempDir dir;
    const auto path = dir.file("mirror.db");
    const mode_t previous = ::umask(0);
    auto mirror = Mirror::open(path);
    ::umask(previous);
    ASSERT_TRUE(mirror.has_value()) << mirror.error().message;
    ASSERT_TRUE(std::filesystem::exists(path));
    EXPECT_EQ(permissions_of(path), 0600U);
    // Write something so that the -wal file exists while the mirror is open; it must be private too.
    ASSERT_TRUE(mirror->set_event(serock_event()).has_value());
    for (const auto* suffix : {"-wal", "-shm"}) {
        const auto companion = dir.file(std::string("mirror.db") + suffix);
        ASSERT_TRUE(std::filesystem::exists(companion)) << companion;
        EXPECT_EQ(permissions_of(companion), 0600U) << companion;
    }
}

TEST(MirrorOpen, UsesWalAndFullSynchronousAndTheCurrentSchemaVersion) {
    TempDir dir;
    const auto path = dir.file("mirror.db");
    auto mirror = Mirror::open(path);
    ASSERT_TRUE(mirror.has_value()) << mirror.error().message;

    RawConnection raw(path);
    EXPECT_EQ(raw.text("PRAGMA journal_mode"), "wal"); // persistent: stored in the file
    EXPECT_EQ(raw.integer("PRAGMA user_version"), schema_version());
    EXPECT_GE(schema_version(), 1);

    // synchronous is per connection: check the one the mirror's own connection code opens.
    auto database = sqlite::Database::open(path, sqlite::OpenMode::read_write_create);
    ASSERT_TRUE(database.has_value()) << database.error().message;
    sqlite3_stmt* statement = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(database->handle(), "PRAGMA synchronous", -1, &statement, nullptr),
              SQLITE_OK);
    ASSERT_EQ(sqlite3_step(statement), SQLITE_ROW);
    EXPECT_EQ(sqlite3_column_int(statement, 0), 2); // FULL
    sqlite3_finalize(statement);
    ASSERT_EQ(sqlite3_prepare_v2(database->handle(), "PRAGMA journal_mode", -1, &statement, nullptr),
              SQLITE_OK);
    ASSERT_EQ(sqlite3_step(statement), SQLITE_ROW);
    EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(statement, 0)), "wal");
    sqlite3_finalize(statement);
}

TEST(MirrorOpen, ReopeningKeepsDelegatesEventAndJournal) {
    TempDir dir;
    const auto path = dir.file("mirror.db");
    const auto code = code_with_days("29.11,30.11");
    {
        auto mirror = open_mirror(path);
        ASSERT_TRUE(mirror);
        EXPECT_EQ(import(*mirror, fixture_entries()).added, fixture_size);
        EXPECT_EQ(check_in(*mirror, request(code, first_day, utc_milliseconds(first_day, 8, 0))).outcome,
                  CheckinOutcome::admitted);
    }
    auto reopened = Mirror::open(path);
    ASSERT_TRUE(reopened.has_value()) << reopened.error().message;
    EXPECT_EQ(all_of(*reopened).size(), fixture_size);
    auto event = reopened->event();
    ASSERT_TRUE(event.has_value());
    EXPECT_EQ(event->name, serock_event().name);
    EXPECT_EQ(event->days, serock_event().days);
    EXPECT_EQ(events_of(*reopened, code).size(), 1U);
    const auto record = find(*reopened, code);
    ASSERT_TRUE(record);
    ASSERT_EQ(record->attendance.size(), 1U);
    EXPECT_EQ(record->attendance[0].checked_in_at_milliseconds, utc_milliseconds(first_day, 8, 0));
    // Reopening does not count as a change.
    EXPECT_EQ(import(*reopened, fixture_entries()).unchanged, fixture_size);
}

TEST(MirrorOpen, RefusesAMirrorFromANewerVersion) {
    TempDir dir;
    const auto path = dir.file("mirror.db");
    {
        auto mirror = Mirror::open(path);
        ASSERT_TRUE(mirror.has_value()) << mirror.error().message;
    }
    {
        RawConnection raw(path);
        EXPECT_EQ(raw.execute("PRAGMA user_version = " + std::to_string(schema_version() + 1)), std::nullopt);
    }
    auto refused = Mirror::open(path);
    ASSERT_FALSE(refused.has_value());
    EXPECT_EQ(refused.error().kind, ErrorKind::storage);
    EXPECT_THAT(refused.error().message, HasSubstr("newer"));
    // The file was left as it was.
    RawConnection raw(path);
    EXPECT_EQ(raw.integer("PRAGMA user_version"), schema_version() + 1);
}

TEST(MirrorOpen, RefusesAFileThatIsNotSqlite) {
    TempDir dir;
    const auto path = dir.file("roster.csv");
    std::string junk;
    for (int line = 0; line < 200; ++line) {
        junk += "Kod;Imię;Nazwisko — this is a roster, not a database\n";
    }
    write_file(path, junk);
    auto refused = Mirror::open(path);
    ASSERT_FALSE(refused.has_value());
    EXPECT_EQ(refused.error().kind, ErrorKind::storage);
    EXPECT_FALSE(refused.error().message.empty());
    EXPECT_EQ(read_file(path), junk); // not overwritten
}

TEST(MirrorOpen, RefusesAShortTextFile) {
    TempDir dir;
    const auto path = dir.file("notes.txt");
    write_file(path, "hello\n");
    auto refused = Mirror::open(path);
    ASSERT_FALSE(refused.has_value());
    EXPECT_EQ(refused.error().kind, ErrorKind::storage);
    EXPECT_EQ(read_file(path), "hello\n");
}

TEST(MirrorOpen, ReportsAnIoErrorWhenTheFileCannotBeCreated) {
    TempDir dir;
    auto refused = Mirror::open(dir.file("no-such-directory") / "mirror.db");
    ASSERT_FALSE(refused.has_value());
    EXPECT_EQ(refused.error().kind, ErrorKind::io);
    EXPECT_THAT(refused.error().message, HasSubstr("no-such-directory"));
}

// ---- 2. apply_roster ----------------------------------------------------------------------------------

TEST(MirrorImport, FixtureIsAddedOnceThenUnchanged) {
    TempDir dir;
    auto mirror = open_mirror(dir.file("mirror.db"));
    ASSERT_TRUE(mirror);
    const auto entries = fixture_entries();
    ASSERT_EQ(entries.size(), fixture_size);

    const auto first = import(*mirror, entries);
    EXPECT_EQ(first.added, fixture_size);
    EXPECT_EQ(first.updated, 0U);
    EXPECT_EQ(first.unchanged, 0U);
    EXPECT_EQ(first.cancelled, 0U);
    EXPECT_EQ(first.reactivated, 0U);
    EXPECT_EQ(first.roster_version, 1);

    const auto second = import(*mirror, entries);
    EXPECT_EQ(second.added, 0U);
    EXPECT_EQ(second.updated, 0U);
    EXPECT_EQ(second.unchanged, fixture_size);
    EXPECT_EQ(second.cancelled, 0U);
    EXPECT_EQ(second.roster_version, 1);

    RawConnection raw(dir.file("mirror.db"));
    EXPECT_EQ(raw.integer("SELECT value FROM counters WHERE name = 'roster_version'"), 1);
    for (const auto& record : all_of(*mirror)) {
        EXPECT_EQ(record.delegate.row_version, 1) << record.delegate.code;
        EXPECT_EQ(record.delegate.status, DelegateStatus::active);
        EXPECT_EQ(record.delegate.origin, DelegateOrigin::roster);
    }
}

TEST(MirrorImport, StoredDelegatesMatchTheFixtureFieldForField) {
    TempDir dir;
    auto mirror = open_mirror(dir.file("mirror.db"));
    ASSERT_TRUE(mirror);
    import(*mirror, fixture_entries());
    const auto stored = by_code(all_of(*mirror));
    const auto rows = fixture_rows();
    ASSERT_EQ(rows.size(), fixture_size);
    ASSERT_EQ(stored.size(), fixture_size);
    for (const auto& row : rows) {
        const auto found = stored.find(row.code);
        ASSERT_NE(found, stored.end()) << row.code;
        const Delegate& delegate = found->second;
        EXPECT_EQ(delegate.first_name, row.first_name);
        EXPECT_EQ(delegate.last_name, row.last_name);
        EXPECT_EQ(delegate.organisation, row.organisation);
        EXPECT_EQ(delegate.position, row.position);
        EXPECT_EQ(delegate.partnership, row.partnership);
        EXPECT_EQ(delegate.voivodeship, row.voivodeship);
        EXPECT_EQ(delegate.role, row.role);
        EXPECT_EQ(delegate.email, row.email);
        std::vector<Day> days;
        if (row.days.find("29.11") != std::string::npos) {
            days.push_back(first_day);
        }
        if (row.days.find("30.11") != std::string::npos) {
            days.push_back(second_day);
        }
        EXPECT_EQ(delegate.days, days) << row.code;
    }
}

TEST(MirrorImport, BothFixtureEncodingsGiveIdenticalDelegates) {
    TempDir dir;
    auto from_utf8 = open_mirror(dir.file("utf8.db"));
    auto from_cp1250 = open_mirror(dir.file("cp1250.db"));
    ASSERT_TRUE(from_utf8);
    ASSERT_TRUE(from_cp1250);
    EXPECT_EQ(import(*from_utf8, fixture_entries("serock-roster.csv")).added, fixture_size);
    EXPECT_EQ(import(*from_cp1250, fixture_entries("serock-roster-cp1250.csv")).added, fixture_size);
    const auto a = all_of(*from_utf8);
    const auto b = all_of(*from_cp1250);
    ASSERT_EQ(a.size(), fixture_size);
    ASSERT_EQ(b.size(), fixture_size);
    for (std::size_t index = 0; index < a.size(); ++index) {
        EXPECT_EQ(describe(a[index].delegate), describe(b[index].delegate));
    }
}

TEST(MirrorImport, ChangedRosterUpdatesCancelsAndAdds) {
    TempDir dir;
    auto mirror = open_mirror(dir.file("mirror.db"));
    ASSERT_TRUE(mirror);
    const auto original = fixture_entries();
    ASSERT_EQ(import(*mirror, original).roster_version, 1);
    const auto changed = changed_roster(original);

    const auto summary = import(*mirror, changed.entries);
    EXPECT_EQ(summary.added, 1U);
    EXPECT_EQ(summary.updated, 1U);
    EXPECT_EQ(summary.cancelled, 1U);
    EXPECT_EQ(summary.reactivated, 0U);
    EXPECT_EQ(summary.unchanged, fixture_size - 2);
    EXPECT_EQ(summary.roster_version, 2);

    const auto renamed = find(*mirror, changed.renamed_code);
    ASSERT_TRUE(renamed);
    EXPECT_EQ(renamed->delegate.first_name, "Urszula Maria");
    EXPECT_EQ(renamed->delegate.row_version, 2);
    EXPECT_EQ(renamed->delegate.status, DelegateStatus::active);

    const auto removed = find(*mirror, changed.removed_code);
    ASSERT_TRUE(removed) << "a cancelled delegate must stay findable";
    EXPECT_EQ(removed->delegate.status, DelegateStatus::cancelled);
    EXPECT_EQ(removed->delegate.row_version, 2);
    EXPECT_EQ(removed->delegate.last_name, changed.removed.delegate.last_name);

    const auto added = find(*mirror, changed.added_code);
    ASSERT_TRUE(added);
    EXPECT_EQ(added->delegate.row_version, 2);
    EXPECT_EQ(added->delegate.last_name, "Zdrojewska");

    const auto all = all_of(*mirror);
    EXPECT_EQ(all.size(), fixture_size + 1);
    for (const auto& record : all) {
        const auto& code = record.delegate.code;
        if (code != changed.renamed_code && code != changed.removed_code && code != changed.added_code) {
            EXPECT_EQ(record.delegate.row_version, 1) << code;
        }
    }

    // The cancelled delegate is still found by name.
    auto hits =
        mirror->search(changed.removed.delegate.last_name + " " + changed.removed.delegate.first_name, 50);
    ASSERT_TRUE(hits.has_value());
    EXPECT_TRUE(std::any_of(hits->begin(), hits->end(),
                            [&](const SearchHit& hit) { return hit.delegate.code == changed.removed_code; }));

    // Importing the same changed roster again is a no-op.
    const auto again = import(*mirror, changed.entries);
    EXPECT_EQ(again.unchanged, fixture_size);
    EXPECT_EQ(again.added + again.updated + again.cancelled, 0U);
    EXPECT_EQ(again.roster_version, 2);
}

TEST(MirrorImport, ReaddingARemovedRowReactivatesIt) {
    TempDir dir;
    auto mirror = open_mirror(dir.file("mirror.db"));
    ASSERT_TRUE(mirror);
    const auto original = fixture_entries();
    import(*mirror, original);
    auto changed = changed_roster(original);
    import(*mirror, changed.entries);

    changed.entries.push_back(changed.removed);
    const auto summary = import(*mirror, changed.entries);
    EXPECT_EQ(summary.reactivated, 1U);
    EXPECT_EQ(summary.updated, 1U); // reactivation counts as an update
    EXPECT_EQ(summary.added, 0U);
    EXPECT_EQ(summary.cancelled, 0U);
    EXPECT_EQ(summary.unchanged, fixture_size);
    EXPECT_EQ(summary.roster_version, 3);

    const auto back = find(*mirror, changed.removed_code);
    ASSERT_TRUE(back);
    EXPECT_EQ(back->delegate.status, DelegateStatus::active);
    EXPECT_EQ(back->delegate.row_version, 3);
    EXPECT_EQ(
        describe(back->delegate).substr(0, describe(changed.removed.delegate).find("|active")),
        describe(changed.removed.delegate).substr(0, describe(changed.removed.delegate).find("|active")));
}

TEST(MirrorImport, ReimportLeavesTheJournalAndAttendanceUntouched) {
    TempDir dir;
    auto mirror = open_mirror(dir.file("mirror.db"));
    ASSERT_TRUE(mirror);
    const auto original = fixture_entries();
    import(*mirror, original);
    const auto changed = changed_roster(original);
    const std::vector<std::string> codes = {changed.renamed_code, changed.removed_code,
                                            original[0].delegate.code};

    std::int64_t at = utc_milliseconds(second_day, 7, 55);
    for (const auto& code : codes) {
        ASSERT_EQ(check_in(*mirror, request(code, second_day, at)).outcome, CheckinOutcome::admitted) << code;
        at += 60'000;
    }
    std::vector<std::string> events_before;
    std::vector<std::string> attendance_before;
    for (const auto& code : codes) {
        events_before.push_back(describe_events(events_of(*mirror, code)));
        const auto record = find(*mirror, code);
        ASSERT_TRUE(record);
        attendance_before.push_back(describe_attendance(record->attendance));
        EXPECT_EQ(record->attendance.size(), 1U);
    }

    import(*mirror, changed.entries);
    import(*mirror, original); // and back again, reactivating

    for (std::size_t index = 0; index < codes.size(); ++index) {
        EXPECT_EQ(describe_events(events_of(*mirror, codes[index])), events_before[index]) << codes[index];
        const auto record = find(*mirror, codes[index]);
        ASSERT_TRUE(record);
        EXPECT_EQ(describe_attendance(record->attendance), attendance_before[index]) << codes[index];
    }
    auto statistics = mirror->statistics(second_day);
    ASSERT_TRUE(statistics.has_value());
    EXPECT_EQ(statistics->events, codes.size());
    EXPECT_EQ(statistics->checked_in_today, codes.size());
}

TEST(MirrorImport, WalkInsAreNeverCancelledByAReimport) {
    TempDir dir;
    const auto path = dir.file("mirror.db");
    auto mirror = open_mirror(path);
    ASSERT_TRUE(mirror);
    const auto original = fixture_entries();
    import(*mirror, original);
    {
        RawConnection raw(path);
        EXPECT_EQ(raw.execute("INSERT INTO delegates (code, first_name, last_name, organisation, status, "
                              "origin, row_version) VALUES ('WALK-0001', 'Jan', 'Przybysz', 'Gość', "
                              "'active', 'walk-in', 0)"),
                  std::nullopt);
    }
    const auto summary = import(*mirror, changed_roster(original).entries);
    EXPECT_EQ(summary.cancelled, 1U);                   // only the removed roster row
    EXPECT_EQ(import(*mirror, original).cancelled, 1U); // the new row, not the walk-in

    const auto walk_in = find(*mirror, "WALK-0001");
    ASSERT_TRUE(walk_in);
    EXPECT_EQ(walk_in->delegate.status, DelegateStatus::active);
    EXPECT_EQ(walk_in->delegate.origin, DelegateOrigin::walk_in);
    EXPECT_EQ(walk_in->delegate.row_version, 0);
    EXPECT_EQ(check_in(*mirror, request("walk-0001", first_day, utc_milliseconds(first_day, 9, 0))).outcome,
              CheckinOutcome::admitted);
    auto statistics = mirror->statistics(first_day);
    ASSERT_TRUE(statistics.has_value());
    EXPECT_EQ(statistics->walk_ins, 1U);
}

TEST(MirrorImport, DryRunReportsTheSameSummaryAndWritesNothing) {
    TempDir dir;
    const auto path = dir.file("mirror.db");
    auto mirror = open_mirror(path);
    ASSERT_TRUE(mirror);
    const auto original = fixture_entries();

    // On an empty mirror.
    const auto dry_first = import(*mirror, original, WriteMode::dry_run);
    EXPECT_EQ(dry_first.added, fixture_size);
    EXPECT_EQ(dry_first.roster_version, 1);
    EXPECT_TRUE(all_of(*mirror).empty());
    {
        RawConnection raw(path);
        EXPECT_EQ(raw.integer("SELECT COUNT(*) FROM delegates"), 0);
        EXPECT_EQ(raw.integer("SELECT value FROM counters WHERE name = 'roster_version'"), 0);
    }
    const auto real_first = import(*mirror, original);
    EXPECT_EQ(real_first.added, dry_first.added);
    EXPECT_EQ(real_first.roster_version, dry_first.roster_version);

    // A changed roster, then re-adding the removed row: dry run first, then for real.
    auto changed = changed_roster(original);
    for (int round = 0; round < 2; ++round) {
        if (round == 1) {
            changed.entries.push_back(changed.removed);
        }
        std::vector<std::string> before;
        for (const auto& record : all_of(*mirror)) {
            before.push_back(describe(record.delegate));
        }
        const auto dry = import(*mirror, changed.entries, WriteMode::dry_run);
        std::vector<std::string> after_dry;
        for (const auto& record : all_of(*mirror)) {
            after_dry.push_back(describe(record.delegate));
        }
        EXPECT_EQ(after_dry, before) << "round " << round;
        auto unchanged_search = mirror->search("Zdrojewska", 10);
        ASSERT_TRUE(unchanged_search.has_value());
        if (round == 0) {
            EXPECT_TRUE(unchanged_search->empty()) << "a dry run wrote name tokens";
        }

        const auto real = import(*mirror, changed.entries);
        EXPECT_EQ(dry.added, real.added) << "round " << round;
        EXPECT_EQ(dry.updated, real.updated) << "round " << round;
        EXPECT_EQ(dry.unchanged, real.unchanged) << "round " << round;
        EXPECT_EQ(dry.cancelled, real.cancelled) << "round " << round;
        EXPECT_EQ(dry.reactivated, real.reactivated) << "round " << round;
        EXPECT_EQ(dry.roster_version, real.roster_version) << "round " << round;
    }
}

TEST(MirrorImport, ReportsProgress) {
    TempDir dir;
    auto mirror = open_mirror(dir.file("mirror.db"));
    ASSERT_TRUE(mirror);
    std::vector<std::pair<std::size_t, std::size_t>> calls;
    auto summary =
        mirror->apply_roster(fixture_entries(), WriteMode::write,
                             [&](std::size_t done, std::size_t total) { calls.emplace_back(done, total); });
    ASSERT_TRUE(summary.has_value());
    ASSERT_FALSE(calls.empty());
    EXPECT_EQ(calls.back(), std::make_pair(fixture_size, fixture_size));
}

// ---- 3. check_in --------------------------------------------------------------------------------------

class MirrorCheckin : public ::testing::Test {
protected:
    void SetUp() override {
        mirror = open_mirror(dir.file("mirror.db"));
        ASSERT_TRUE(mirror);
        ASSERT_EQ(import(*mirror, fixture_entries()).added, fixture_size);
    }

    TempDir dir;
    std::optional<Mirror> mirror;
};

TEST_F(MirrorCheckin, AdmitsAndRecordsOneEvent) {
    const auto code = code_with_days("29.11,30.11");
    const auto now = utc_milliseconds(first_day, 8, 14, 3);
    const auto result = check_in(*mirror, request(code, first_day, now, "kiosk-A", "self-service"));
    EXPECT_EQ(result.outcome, CheckinOutcome::admitted);
    EXPECT_EQ(result.code, code);
    ASSERT_TRUE(result.delegate);
    EXPECT_EQ(result.delegate->code, code);
    EXPECT_EQ(result.checked_in_at_milliseconds, now);
    ASSERT_TRUE(result.event_id);
    static const std::regex uuid_v4("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");
    EXPECT_TRUE(std::regex_match(*result.event_id, uuid_v4)) << *result.event_id;

    const auto events = events_of(*mirror, code);
    ASSERT_EQ(events.size(), 1U);
    EXPECT_EQ(events[0].id, *result.event_id);
    EXPECT_EQ(events[0].delegate_code, code);
    EXPECT_EQ(events[0].kind, EventKind::checkin);
    EXPECT_EQ(events[0].at_milliseconds, now);
    EXPECT_EQ(events[0].day, first_day);
    EXPECT_EQ(events[0].kiosk_id, "kiosk-A");
    EXPECT_EQ(events[0].operator_name, "self-service");
    EXPECT_EQ(events[0].reason, "");
    EXPECT_FALSE(events[0].uploaded);

    const auto record = find(*mirror, code);
    ASSERT_TRUE(record);
    ASSERT_EQ(record->attendance.size(), 1U);
    EXPECT_EQ(record->attendance[0].day, first_day);
    EXPECT_EQ(record->attendance[0].checked_in_at_milliseconds, now);
    EXPECT_EQ(record->attendance[0].kiosk_id, "kiosk-A");
}

TEST_F(MirrorCheckin, EventIdsAreDistinct) {
    std::set<std::string> ids;
    const auto rows = fixture_rows();
    for (std::size_t index = 0; index < 20; ++index) {
        const auto result =
            check_in(*mirror, request(rows[index].code, day_before, utc_milliseconds(day_before, 9, 0)));
        ASSERT_EQ(result.outcome, CheckinOutcome::admitted);
        ids.insert(result.event_id.value_or(""));
    }
    EXPECT_EQ(ids.size(), 20U);
}

TEST_F(MirrorCheckin, SecondScanTheSameDayIsAlreadyCheckedInWithTheFirstTime) {
    const auto code = code_with_days("29.11,30.11");
    const auto first_time = utc_milliseconds(first_day, 8, 0);
    ASSERT_EQ(check_in(*mirror, request(code, first_day, first_time)).outcome, CheckinOutcome::admitted);
    const auto second = check_in(*mirror, request(code, first_day, first_time + 3'600'000, "kiosk-2"));
    EXPECT_EQ(second.outcome, CheckinOutcome::already_checked_in);
    EXPECT_EQ(second.checked_in_at_milliseconds, first_time);
    EXPECT_FALSE(second.event_id);
    ASSERT_TRUE(second.delegate);
    EXPECT_EQ(second.delegate->code, code);
    EXPECT_EQ(events_of(*mirror, code).size(), 1U);

    // The next event day admits again.
    const auto next_time = utc_milliseconds(second_day, 7, 30);
    const auto next = check_in(*mirror, request(code, second_day, next_time));
    EXPECT_EQ(next.outcome, CheckinOutcome::admitted);
    EXPECT_EQ(next.checked_in_at_milliseconds, next_time);
    EXPECT_EQ(events_of(*mirror, code).size(), 2U);
    const auto record = find(*mirror, code);
    ASSERT_TRUE(record);
    ASSERT_EQ(record->attendance.size(), 2U);
    EXPECT_EQ(record->attendance[0].day, first_day);
    EXPECT_EQ(record->attendance[0].checked_in_at_milliseconds, first_time);
    EXPECT_EQ(record->attendance[1].day, second_day);
    EXPECT_EQ(record->attendance[1].checked_in_at_milliseconds, next_time);
}

// A badge pre-printed on a sheet (kioskctl badges records a print event from preprinted_kiosk_id) waits at
// reception: the first arrival says so, and a later day's arrival does not (the delegate has the badge).
// A print from a kiosk is not a pre-print.
TEST_F(MirrorCheckin, APrePrintedBadgeWaitsAtReceptionOnTheFirstArrivalOnly) {
    const std::string preprinted = code_with_days("29.11,30.11");
    const std::string printed_at_a_kiosk = code_with_days("29.11,30.11", 1);
    ASSERT_NE(preprinted, printed_at_a_kiosk);
    const auto evening_before = utc_milliseconds(day_before, 18, 0);
    CheckinEvent sheet = new_event(EventKind::print, preprinted, evening_before, day_before,
                                   std::string(preprinted_kiosk_id), "kioskctl badges");
    CheckinEvent kiosk_print = new_event(EventKind::print, printed_at_a_kiosk, evening_before, day_before,
                                         "kiosk-A", "self-service");
    ASSERT_TRUE(mirror->append_events(std::vector<CheckinEvent>{sheet, kiosk_print}).has_value());
    EXPECT_EQ(mirror->has_preprinted_badge(preprinted), true);
    EXPECT_EQ(mirror->has_preprinted_badge(printed_at_a_kiosk), false);

    const auto first = check_in(*mirror, request(preprinted, first_day, utc_milliseconds(first_day, 8, 0)));
    EXPECT_EQ(first.outcome, CheckinOutcome::admitted);
    EXPECT_TRUE(first.badge_at_reception);
    const auto again = check_in(*mirror, request(preprinted, first_day, utc_milliseconds(first_day, 9, 0)));
    EXPECT_EQ(again.outcome, CheckinOutcome::already_checked_in);
    EXPECT_FALSE(again.badge_at_reception);
    const auto next_day =
        check_in(*mirror, request(preprinted, second_day, utc_milliseconds(second_day, 8, 0)));
    EXPECT_EQ(next_day.outcome, CheckinOutcome::admitted);
    EXPECT_FALSE(next_day.badge_at_reception);

    const auto other =
        check_in(*mirror, request(printed_at_a_kiosk, first_day, utc_milliseconds(first_day, 8, 5)));
    EXPECT_EQ(other.outcome, CheckinOutcome::admitted);
    EXPECT_FALSE(other.badge_at_reception);
}

// append_events writes all or nothing: an undo naming no check-in is refused by the schema, and the
// print before it in the same call is not kept either.
TEST_F(MirrorCheckin, AppendEventsIsOneTransaction) {
    const std::string code = code_with_days("29.11,30.11");
    CheckinEvent print = new_event(EventKind::print, code, utc_milliseconds(first_day, 8, 0), first_day,
                                   std::string(preprinted_kiosk_id), "kioskctl badges");
    CheckinEvent orphan_undo =
        new_event(EventKind::undo, code, utc_milliseconds(first_day, 8, 1), first_day, "kiosk-A", "Anna");
    EXPECT_FALSE(mirror->append_events(std::vector<CheckinEvent>{print, orphan_undo}).has_value());
    EXPECT_TRUE(events_of(*mirror, code).empty());
    EXPECT_EQ(mirror->has_preprinted_badge(code), false);
}

TEST_F(MirrorCheckin, UnknownCode) {
    const auto result =
        check_in(*mirror, request("CWD-NOSUCH00", first_day, utc_milliseconds(first_day, 8, 0)));
    EXPECT_EQ(result.outcome, CheckinOutcome::unknown_code);
    EXPECT_EQ(result.code, "CWD-NOSUCH00");
    EXPECT_FALSE(result.delegate);
    EXPECT_FALSE(result.event_id);
    EXPECT_TRUE(events_of(*mirror, "CWD-NOSUCH00").empty());
}

TEST_F(MirrorCheckin, UnreadablePayloads) {
    for (const std::string& payload : {std::string(""), std::string("\x01"), std::string("  \r\n")}) {
        const auto result = check_in(*mirror, request(payload, first_day, utc_milliseconds(first_day, 8, 0)));
        EXPECT_EQ(result.outcome, CheckinOutcome::unreadable_code) << "payload size " << payload.size();
        EXPECT_THAT(result.detail, HasSubstr("unreadable"));
        EXPECT_EQ(result.code, "");
        EXPECT_FALSE(result.delegate);
        EXPECT_FALSE(result.event_id);
    }
    auto statistics = mirror->statistics(first_day);
    ASSERT_TRUE(statistics.has_value());
    EXPECT_EQ(statistics->events, 0U);
}

TEST_F(MirrorCheckin, CancelledDelegateIsRefused) {
    auto entries = fixture_entries();
    const auto code = entries[0].delegate.code;
    entries.erase(entries.begin());
    ASSERT_EQ(import(*mirror, entries).cancelled, 1U);
    const auto result = check_in(*mirror, request(code, first_day, utc_milliseconds(first_day, 8, 0)));
    EXPECT_EQ(result.outcome, CheckinOutcome::cancelled);
    ASSERT_TRUE(result.delegate);
    EXPECT_EQ(result.delegate->status, DelegateStatus::cancelled);
    EXPECT_FALSE(result.event_id);
    EXPECT_TRUE(events_of(*mirror, code).empty());
}

TEST_F(MirrorCheckin, DayRulesApplyOnlyOnEventDays) {
    const auto only_second = code_with_days("30.11");
    const auto refused =
        check_in(*mirror, request(only_second, first_day, utc_milliseconds(first_day, 8, 0)));
    EXPECT_EQ(refused.outcome, CheckinOutcome::not_registered_today);
    EXPECT_FALSE(refused.event_id);
    EXPECT_TRUE(events_of(*mirror, only_second).empty());

    const auto rehearsal =
        check_in(*mirror, request(only_second, day_before, utc_milliseconds(day_before, 15, 0)));
    EXPECT_EQ(rehearsal.outcome, CheckinOutcome::admitted);

    const auto on_the_day =
        check_in(*mirror, request(only_second, second_day, utc_milliseconds(second_day, 8, 0)));
    EXPECT_EQ(on_the_day.outcome, CheckinOutcome::admitted);

    const auto only_first = code_with_days("29.11");
    EXPECT_EQ(check_in(*mirror, request(only_first, second_day, utc_milliseconds(second_day, 8, 0))).outcome,
              CheckinOutcome::not_registered_today);
    EXPECT_EQ(check_in(*mirror, request(only_first, first_day, utc_milliseconds(first_day, 8, 0))).outcome,
              CheckinOutcome::admitted);
}

TEST_F(MirrorCheckin, PayloadVariantsFindTheSameDelegate) {
    const auto code = code_with_days("29.11,30.11");
    std::string lower = code;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; });
    const std::vector<std::string> payloads = {
        "]Q1" + code + "\r\n", lower, "https://example.org/checkin/" + code,
        "https://example.org/c?event=serock&code=" + code, "\t" + code + "\n"};
    // Each variant is scanned on a different non-event day so each is admitted in its own right.
    Day day = Day{std::chrono::year{2026}, std::chrono::November, std::chrono::day{1}};
    for (const auto& payload : payloads) {
        const auto result = check_in(*mirror, request(payload, day, utc_milliseconds(day, 9, 0)));
        EXPECT_EQ(result.outcome, CheckinOutcome::admitted) << payload;
        EXPECT_EQ(result.code, code) << payload;
        ASSERT_TRUE(result.delegate) << payload;
        EXPECT_EQ(result.delegate->code, code) << payload;
        day = Day{std::chrono::sys_days{day} + std::chrono::days{1}};
    }
    for (const auto& event : events_of(*mirror, code)) {
        EXPECT_EQ(event.delegate_code, code); // stored with the roster's spelling
    }
    EXPECT_EQ(events_of(*mirror, code).size(), payloads.size());
    EXPECT_EQ(events_of(*mirror, lower).size(), payloads.size());
    const auto by_lower = find(*mirror, lower);
    ASSERT_TRUE(by_lower);
    EXPECT_EQ(by_lower->delegate.code, code);
}

TEST_F(MirrorCheckin, UndoClearsTheDayAndAllowsANewCheckin) {
    const auto code = code_with_days("29.11,30.11");
    const auto first_time = utc_milliseconds(first_day, 8, 0);
    const auto first = check_in(*mirror, request(code, first_day, first_time));
    ASSERT_EQ(first.outcome, CheckinOutcome::admitted);
    ASSERT_EQ(check_in(*mirror, request(code, second_day, utc_milliseconds(second_day, 8, 0))).outcome,
              CheckinOutcome::admitted);
    append(*mirror, make_event(code, EventKind::undo, first_time + 60'000, first_day, "staff-desk",
                               "wrong person", first.event_id.value_or("")));

    auto record = find(*mirror, code);
    ASSERT_TRUE(record);
    ASSERT_EQ(record->attendance.size(), 1U) << describe_attendance(record->attendance);
    EXPECT_EQ(record->attendance[0].day, second_day); // the other day is not affected

    const auto new_time = first_time + 600'000;
    const auto again = check_in(*mirror, request(code, first_day, new_time, "kiosk-3"));
    EXPECT_EQ(again.outcome, CheckinOutcome::admitted);
    EXPECT_EQ(again.checked_in_at_milliseconds, new_time);

    record = find(*mirror, code);
    ASSERT_TRUE(record);
    ASSERT_EQ(record->attendance.size(), 2U);
    EXPECT_EQ(record->attendance[0].day, first_day);
    EXPECT_EQ(record->attendance[0].checked_in_at_milliseconds, new_time);
    EXPECT_EQ(record->attendance[0].kiosk_id, "kiosk-3");

    const auto third = check_in(*mirror, request(code, first_day, new_time + 1000));
    EXPECT_EQ(third.outcome, CheckinOutcome::already_checked_in);
    EXPECT_EQ(third.checked_in_at_milliseconds, new_time);

    const auto events = events_of(*mirror, code);
    ASSERT_EQ(events.size(), 4U);
    EXPECT_EQ(events[1].kind, EventKind::undo);
    EXPECT_EQ(events[1].reason, "wrong person");
    EXPECT_EQ(events[1].undoes, first.event_id.value_or("?"));
    EXPECT_EQ(events[0].undoes, "");
}

TEST_F(MirrorCheckin, AnUndoMustNameTheCheckinItCancels) {
    const auto code = code_with_days("29.11,30.11");
    const auto first = check_in(*mirror, request(code, first_day, utc_milliseconds(first_day, 8, 0)));
    ASSERT_EQ(first.outcome, CheckinOutcome::admitted);
    EXPECT_FALSE(mirror
                     ->append_event(make_event(code, EventKind::undo, utc_milliseconds(first_day, 8, 1),
                                               first_day, "desk"))
                     .has_value());
    const auto record = find(*mirror, code);
    ASSERT_TRUE(record);
    EXPECT_EQ(record->attendance.size(), 1U);
    EXPECT_EQ(events_of(*mirror, code).size(), 1U);
}

TEST_F(MirrorCheckin, StaffUndoCancelsEveryStandingCheckinOfThatDay) {
    const auto code = code_with_days("29.11,30.11");
    append(*mirror,
           make_event(code, EventKind::checkin, utc_milliseconds(first_day, 8, 3), first_day, "kiosk-B"));
    append(*mirror,
           make_event(code, EventKind::checkin, utc_milliseconds(first_day, 8, 1), first_day, "kiosk-A"));
    ASSERT_EQ(check_in(*mirror, request(code, second_day, utc_milliseconds(second_day, 8, 0))).outcome,
              CheckinOutcome::admitted);

    UndoRequest undo;
    undo.code = code;
    undo.day = first_day;
    undo.kiosk_id = "staff-desk";
    undo.operator_name = "Staff Anna";
    undo.reason = "wrong person";
    undo.now_milliseconds = utc_milliseconds(first_day, 8, 30);
    auto undone = mirror->undo_checkin(undo);
    ASSERT_TRUE(undone.has_value()) << undone.error().message;
    EXPECT_EQ(*undone, 2U);

    auto record = find(*mirror, code);
    ASSERT_TRUE(record);
    ASSERT_EQ(record->attendance.size(), 1U);
    EXPECT_EQ(record->attendance[0].day, second_day);

    auto again = mirror->undo_checkin(undo);
    ASSERT_TRUE(again.has_value());
    EXPECT_EQ(*again, 0U); // nothing left to undo

    const auto events = events_of(*mirror, code);
    ASSERT_EQ(events.size(), 5U);
    std::set<std::string> undone_ids;
    for (const auto& event : events) {
        if (event.kind == EventKind::undo) {
            EXPECT_EQ(event.reason, "wrong person");
            EXPECT_EQ(event.kiosk_id, "staff-desk");
            EXPECT_EQ(event.day, first_day);
            undone_ids.insert(event.undoes);
        }
    }
    EXPECT_EQ(undone_ids, (std::set<std::string>{events[0].id, events[1].id}));

    const auto readmitted = check_in(*mirror, request(code, first_day, utc_milliseconds(first_day, 9, 0)));
    EXPECT_EQ(readmitted.outcome, CheckinOutcome::admitted);
}

TEST_F(MirrorCheckin, UndoingOneOfTwoKioskCheckinsLeavesTheOtherStanding) {
    const auto code = code_with_days("29.11,30.11");
    const auto early =
        make_event(code, EventKind::checkin, utc_milliseconds(first_day, 8, 1), first_day, "kiosk-A");
    const auto late =
        make_event(code, EventKind::checkin, utc_milliseconds(first_day, 8, 3), first_day, "kiosk-B");
    append(*mirror, early);
    append(*mirror, late);
    append(*mirror, make_event(code, EventKind::undo, utc_milliseconds(first_day, 8, 5), first_day, "desk",
                               "", early.id));
    const auto record = find(*mirror, code);
    ASSERT_TRUE(record);
    ASSERT_EQ(record->attendance.size(), 1U);
    EXPECT_EQ(record->attendance[0].checked_in_at_milliseconds, late.at_milliseconds);
    EXPECT_EQ(record->attendance[0].kiosk_id, "kiosk-B");
}

// A staff desk's undo arrives stamped by its own clock; the kiosk's clock is a few minutes behind. The
// kiosk then admits the delegate again: that admission must stand, or the next scan admits them a third
// time and statistics never count them.
TEST_F(MirrorCheckin, ACheckinAfterAnUndoStampedByAFastClockStillStands) {
    const auto code = code_with_days("29.11,30.11");
    const auto first = check_in(*mirror, request(code, first_day, utc_milliseconds(first_day, 8, 0)));
    ASSERT_EQ(first.outcome, CheckinOutcome::admitted);
    append(*mirror, make_event(code, EventKind::undo, utc_milliseconds(first_day, 8, 10), first_day,
                               "staff-desk", "wrong person", first.event_id.value_or("")));
    const auto kiosk_now = utc_milliseconds(first_day, 8, 7); // really after the undo; the clock is slow
    const auto again = check_in(*mirror, request(code, first_day, kiosk_now));
    ASSERT_EQ(to_string(again.outcome), std::string_view("admitted"));

    const auto record = find(*mirror, code);
    ASSERT_TRUE(record);
    EXPECT_EQ(record->attendance.size(), 1U) << "the admission just made does not show as attendance";
    const auto third = check_in(*mirror, request(code, first_day, kiosk_now + 30'000));
    EXPECT_EQ(to_string(third.outcome), std::string_view("already_checked_in"))
        << "admitted a second time after one undo";
    auto statistics = mirror->statistics(first_day);
    ASSERT_TRUE(statistics.has_value());
    EXPECT_EQ(statistics->checked_in_today, 1U);
}

TEST_F(MirrorCheckin, TwoMirrorsOnOneFileDoNotBothAdmit) {
    auto other = Mirror::open(dir.file("mirror.db"));
    ASSERT_TRUE(other.has_value()) << other.error().message;
    const auto code = code_with_days("29.11,30.11");
    const auto first_time = utc_milliseconds(first_day, 8, 0);
    EXPECT_EQ(check_in(*mirror, request(code, first_day, first_time, "kiosk-1")).outcome,
              CheckinOutcome::admitted);
    const auto second = check_in(*other, request(code, first_day, first_time + 5000, "kiosk-2"));
    EXPECT_EQ(second.outcome, CheckinOutcome::already_checked_in);
    EXPECT_EQ(second.checked_in_at_milliseconds, first_time);
    EXPECT_EQ(events_of(*other, code).size(), 1U);
}

TEST_F(MirrorCheckin, TwoKiosksForTheSameDayTheEarliestCounts) {
    const auto code = code_with_days("29.11,30.11");
    const auto early = utc_milliseconds(first_day, 8, 1);
    const auto late = utc_milliseconds(first_day, 8, 3);
    // Appended in the order they arrive by sync: the later one first.
    append(*mirror, make_event(code, EventKind::checkin, late, first_day, "kiosk-B"));
    append(*mirror, make_event(code, EventKind::checkin, early, first_day, "kiosk-A"));

    const auto record = find(*mirror, code);
    ASSERT_TRUE(record);
    ASSERT_EQ(record->attendance.size(), 1U);
    EXPECT_EQ(record->attendance[0].checked_in_at_milliseconds, early);
    EXPECT_EQ(record->attendance[0].kiosk_id, "kiosk-A");

    const auto scan = check_in(*mirror, request(code, first_day, utc_milliseconds(first_day, 9, 0)));
    EXPECT_EQ(scan.outcome, CheckinOutcome::already_checked_in);
    EXPECT_EQ(scan.checked_in_at_milliseconds, early);

    const auto events = events_of(*mirror, code);
    ASSERT_EQ(events.size(), 2U);
    EXPECT_EQ(events[0].at_milliseconds, early); // ordered by time
    EXPECT_EQ(events[1].at_milliseconds, late);

    auto statistics = mirror->statistics(first_day);
    ASSERT_TRUE(statistics.has_value());
    EXPECT_EQ(statistics->checked_in_today, 1U);
    EXPECT_EQ(statistics->events, 2U);
}

TEST_F(MirrorCheckin, AppendingTheSameEventIdTwiceFails) {
    const auto code = code_with_days("29.11,30.11");
    const auto event =
        make_event(code, EventKind::checkin, utc_milliseconds(first_day, 8, 0), first_day, "k");
    append(*mirror, event);
    EXPECT_FALSE(mirror->append_event(event).has_value());
    EXPECT_EQ(events_of(*mirror, code).size(), 1U);
}

TEST_F(MirrorCheckin, TheJournalIsAppendOnly) {
    const auto code = code_with_days("29.11,30.11");
    const auto result = check_in(*mirror, request(code, first_day, utc_milliseconds(first_day, 8, 0)));
    ASSERT_EQ(result.outcome, CheckinOutcome::admitted);
    const std::string id = result.event_id.value_or("");

    RawConnection raw(dir.file("mirror.db"));
    const std::string where = " WHERE id = '" + id + "'";
    const auto deleted = raw.execute("DELETE FROM checkin_events" + where);
    ASSERT_TRUE(deleted.has_value());
    EXPECT_THAT(*deleted, HasSubstr("append-only"));
    EXPECT_TRUE(raw.execute("DELETE FROM checkin_events").has_value());
    EXPECT_TRUE(raw.execute("UPDATE checkin_events SET kind = 'undo'" + where).has_value());
    EXPECT_TRUE(raw.execute("UPDATE checkin_events SET at_ms = at_ms + 1" + where).has_value());
    EXPECT_TRUE(raw.execute("UPDATE checkin_events SET kiosk_id = 'forged'" + where).has_value());
    EXPECT_EQ(raw.execute("UPDATE checkin_events SET uploaded = 1" + where), std::nullopt);
    const auto reverted = raw.execute("UPDATE checkin_events SET uploaded = 0" + where);
    ASSERT_TRUE(reverted.has_value());
    EXPECT_THAT(*reverted, HasSubstr("append-only"));

    const auto events = events_of(*mirror, code);
    ASSERT_EQ(events.size(), 1U);
    EXPECT_EQ(events[0].kind, EventKind::checkin);
    EXPECT_EQ(events[0].kiosk_id, "kiosk-1");
    EXPECT_EQ(events[0].at_milliseconds, utc_milliseconds(first_day, 8, 0));
    EXPECT_TRUE(events[0].uploaded);
}

// ---- 4. statistics ------------------------------------------------------------------------------------

TEST(MirrorStatistics, CountsFromAnIndependentReadingOfTheFixture) {
    TempDir dir;
    const auto path = dir.file("mirror.db");
    auto mirror = open_mirror(path);
    ASSERT_TRUE(mirror);
    auto entries = fixture_entries();
    const auto rows = fixture_rows();
    ASSERT_EQ(rows.size(), fixture_size);

    // Remove (cancel) the first delegate admitted on 30.11 only.
    import(*mirror, entries);
    const std::string removed = code_with_days("30.11");
    std::erase_if(entries, [&](const RosterEntry& entry) { return entry.delegate.code == removed; });
    ASSERT_EQ(import(*mirror, entries).cancelled, 1U);
    {
        RawConnection raw(path);
        ASSERT_EQ(
            raw.execute("INSERT INTO delegates (code, first_name, last_name, status, origin, row_version) "
                        "VALUES ('WALK-0002', 'Ewa', 'Gościnna', 'active', 'walk-in', 0)"),
            std::nullopt);
    }

    std::size_t expected_first = 1; // the walk-in has no days: admitted every day
    std::size_t expected_second = 1;
    std::vector<std::string> on_first;
    std::vector<std::string> on_second;
    for (const auto& row : rows) {
        if (row.code == removed) {
            continue;
        }
        const bool first = row.days.find("29.11") != std::string::npos;
        const bool second = row.days.find("30.11") != std::string::npos;
        expected_first += first ? 1U : 0U;
        expected_second += second ? 1U : 0U;
        if (first && on_first.size() < 20) {
            on_first.push_back(row.code);
        }
        if (second && on_second.size() < 7) {
            on_second.push_back(row.code);
        }
    }
    EXPECT_EQ(expected_first, 254U + 33U + 1U);
    EXPECT_EQ(expected_second, 254U + 33U - 1U + 1U);

    std::int64_t at = utc_milliseconds(first_day, 7, 0);
    std::string last_first_day_event;
    for (const auto& code : on_first) {
        const auto result = check_in(*mirror, request(code, first_day, at += 1000));
        ASSERT_EQ(result.outcome, CheckinOutcome::admitted);
        last_first_day_event = result.event_id.value_or("");
    }
    at = utc_milliseconds(second_day, 7, 0);
    for (const auto& code : on_second) {
        ASSERT_EQ(check_in(*mirror, request(code, second_day, at += 1000)).outcome, CheckinOutcome::admitted);
    }
    // One check-in of the first day is undone; a second, later kiosk event for another changes nothing.
    append(*mirror, make_event(on_first.back(), EventKind::undo, utc_milliseconds(first_day, 10, 0),
                               first_day, "staff-desk", "scanned the wrong badge", last_first_day_event));
    append(*mirror, make_event(on_first.front(), EventKind::checkin, utc_milliseconds(first_day, 11, 0),
                               first_day, "kiosk-offline"));
    append(*mirror, make_event(on_first.front(), EventKind::reprint, utc_milliseconds(first_day, 11, 5),
                               first_day, "staff-desk", "badge damaged"));
    {
        RawConnection raw(path);
        ASSERT_EQ(raw.execute("UPDATE checkin_events SET uploaded = 1 WHERE sequence <= 5"), std::nullopt);
    }

    std::set<std::string> any_day(on_first.begin(), on_first.end() - 1);
    any_day.insert(on_second.begin(), on_second.end());
    const std::size_t events = on_first.size() + on_second.size() + 3;

    auto statistics = mirror->statistics(first_day);
    ASSERT_TRUE(statistics.has_value()) << statistics.error().message;
    EXPECT_EQ(statistics->delegates, fixture_size + 1);
    EXPECT_EQ(statistics->active, fixture_size);
    EXPECT_EQ(statistics->cancelled, 1U);
    EXPECT_EQ(statistics->walk_ins, 1U);
    EXPECT_EQ(statistics->checked_in_today, on_first.size() - 1);
    EXPECT_EQ(statistics->checked_in_any_day, any_day.size());
    EXPECT_EQ(statistics->events, events);
    EXPECT_EQ(statistics->events_not_uploaded, events - 5);
    ASSERT_EQ(statistics->by_day.size(), 2U);
    EXPECT_EQ(statistics->by_day[0].day, first_day);
    EXPECT_EQ(statistics->by_day[0].expected, expected_first);
    EXPECT_EQ(statistics->by_day[0].checked_in, on_first.size() - 1);
    EXPECT_EQ(statistics->by_day[1].day, second_day);
    EXPECT_EQ(statistics->by_day[1].expected, expected_second);
    EXPECT_EQ(statistics->by_day[1].checked_in, on_second.size());

    auto second = mirror->statistics(second_day);
    ASSERT_TRUE(second.has_value());
    EXPECT_EQ(second->checked_in_today, on_second.size());
    auto other = mirror->statistics(day_before);
    ASSERT_TRUE(other.has_value());
    EXPECT_EQ(other->checked_in_today, 0U);
    EXPECT_EQ(other->checked_in_any_day, any_day.size());
}

TEST(MirrorStatistics, EmptyMirror) {
    TempDir dir;
    auto mirror = open_mirror(dir.file("mirror.db"));
    ASSERT_TRUE(mirror);
    auto statistics = mirror->statistics(first_day);
    ASSERT_TRUE(statistics.has_value());
    EXPECT_EQ(statistics->delegates, 0U);
    EXPECT_EQ(statistics->active, 0U);
    EXPECT_EQ(statistics->events, 0U);
    EXPECT_EQ(statistics->checked_in_any_day, 0U);
    ASSERT_EQ(statistics->by_day.size(), 2U);
    EXPECT_EQ(statistics->by_day[0].expected, 0U);
    EXPECT_EQ(statistics->by_day[1].checked_in, 0U);
}

} // namespace
} // namespace checkin::sync
