// Purge after the event (issue 15) on a real SQLite file: afterwards no byte of the database, its -wal or
// its -shm holds a first name, last name, e-mail or code of the roster, in UTF-8 or UTF-16, and the kept
// counts match an independent count of what happened.

#include "sync/mirror/attendance_groups.hpp"
#include "tests/sync/mirror/mirror_fixture.hpp"

#include <fmt/format.h>
#include <map>
#include <set>
#include <tuple>

namespace checkin::sync {
namespace {

using namespace mirror_fixture;

constexpr std::string_view kiosk = "kiosk-1";

// UTF-8 → UTF-16 code units, little- or big-endian bytes: SQLite stores text as UTF-16 when a database is
// made so, and a search in UTF-8 alone would miss it there.
std::string utf16(std::string_view utf8, bool big_endian) {
    std::string out;
    auto put = [&](std::uint32_t unit) {
        const char high = static_cast<char>((unit >> 8) & 0xFF);
        const char low = static_cast<char>(unit & 0xFF);
        out += big_endian ? high : low;
        out += big_endian ? low : high;
    };
    for (std::size_t index = 0; index < utf8.size();) {
        const auto lead = static_cast<unsigned char>(utf8[index]);
        std::uint32_t code_point = lead;
        std::size_t length = 1;
        if (lead >= 0xF0) {
            code_point = lead & 0x07U;
            length = 4;
        } else if (lead >= 0xE0) {
            code_point = lead & 0x0FU;
            length = 3;
        } else if (lead >= 0xC0) {
            code_point = lead & 0x1FU;
            length = 2;
        }
        for (std::size_t next = 1; next < length && index + next < utf8.size(); ++next) {
            code_point = (code_point << 6) | (static_cast<unsigned char>(utf8[index + next]) & 0x3FU);
        }
        index += length;
        if (code_point >= 0x10000) {
            code_point -= 0x10000;
            put(0xD800 + (code_point >> 10));
            put(0xDC00 + (code_point & 0x3FF));
        } else {
            put(code_point);
        }
    }
    return out;
}

// Every byte of the database and of its -wal and -shm files, those that exist.
std::string every_byte(const std::filesystem::path& database) {
    std::string bytes = read_file(database);
    for (const char* suffix : {"-wal", "-shm"}) {
        const std::filesystem::path companion = database.string() + suffix;
        if (std::filesystem::exists(companion)) {
            bytes += read_file(companion);
        }
    }
    return bytes;
}

// The personal values of the fixture a purge must remove, each in its three encodings. A value that is
// part of something a purge keeps on purpose (a role, voivodeship or partnership, the event's name: none
// of them names a person) cannot be told apart from it and is left out; `left_out` counts those.
struct Needles {
    std::vector<std::pair<std::string, std::string>> encodings; // (what it is, the bytes)
    std::size_t left_out = 0;
};

Needles personal_needles(const std::vector<FixtureRow>& rows, const std::vector<std::string>& extra) {
    std::vector<std::string> kept{serock_event().name, std::string(kiosk)};
    for (const auto& row : rows) {
        kept.insert(kept.end(), {row.role, row.voivodeship, row.partnership});
    }
    std::set<std::string> values(extra.begin(), extra.end());
    for (const auto& row : rows) {
        values.insert({row.first_name, row.last_name, row.email, row.code});
    }
    Needles needles;
    for (const auto& value : values) {
        bool in_kept = false;
        for (const auto& text : kept) {
            in_kept = in_kept || text.find(value) != std::string::npos;
        }
        if (in_kept) {
            ++needles.left_out;
            continue;
        }
        needles.encodings.emplace_back(value + " (UTF-8)", value);
        needles.encodings.emplace_back(value + " (UTF-16LE)", utf16(value, false));
        needles.encodings.emplace_back(value + " (UTF-16BE)", utf16(value, true));
    }
    return needles;
}

std::vector<std::string> found_in(const std::string& bytes, const Needles& needles) {
    std::vector<std::string> found;
    for (const auto& [what, needle] : needles.encodings) {
        if (bytes.find(needle) != std::string::npos) {
            found.push_back(what);
        }
    }
    return found;
}

// Days of a fixture row ("29.11,30.11"; empty: every day of the event).
std::vector<Day> row_days(const FixtureRow& row) {
    std::vector<Day> days;
    if (row.days.find("29.11") != std::string::npos) {
        days.push_back(first_day);
    }
    if (row.days.find("30.11") != std::string::npos) {
        days.push_back(second_day);
    }
    return row.days.empty() ? std::vector<Day>{first_day, second_day} : days;
}

class MirrorPurge : public ::testing::Test {
protected:
    // The roster imported; every third delegate checked in on each day they are admitted, every seventh
    // of those undone; a check-in of another kiosk merged as sync brings it; two walk-ins checked in.
    // Returns the expected counts, made from the fixture and the check-ins the test made, not read back.
    using Key = std::tuple<Day, std::string, std::string, std::string>;
    std::map<Key, std::pair<std::size_t, std::size_t>> fill(Mirror& mirror) {
        import(mirror, fixture_entries());
        std::map<Key, std::pair<std::size_t, std::size_t>> expected;
        std::size_t index = 0;
        for (const auto& row : fixture_rows()) {
            for (const auto& day : row_days(row)) {
                auto& [registered, checked_in] = expected[{day, row.role, row.voivodeship, row.partnership}];
                ++registered;
                if (index % 3 != 0) {
                    continue;
                }
                if (index % 2 == 0) {
                    auto result =
                        mirror.check_in({row.code, std::string(kiosk), "", utc_milliseconds(day, 9, 0), day});
                    EXPECT_TRUE(result && result->outcome == CheckinOutcome::admitted) << row.code;
                    if (index % 7 == 0) {
                        auto undone =
                            mirror.undo_checkin({row.code, day, std::string(kiosk), "Operator Purgatorski",
                                                 "pomyłka", utc_milliseconds(day, 9, 5)});
                        EXPECT_EQ(undone.value_or(0), 1U);
                        continue;
                    }
                } else {
                    auto merged = mirror.merge_events({new_event(
                        EventKind::checkin, row.code, utc_milliseconds(day, 10, 0), day, "kiosk-2", "")});
                    EXPECT_EQ(merged.value_or(0), 1U);
                }
                ++checked_in;
            }
            ++index;
        }
        for (const auto& [first, last] :
             {std::pair{"Zdzisława", "Wyczyszczalska"}, {"Bożydar", "Usuwalny"}}) {
            auto walk_in =
                mirror.add_walk_in({first, last, "Gmina Testowa", "", std::string(kiosk),
                                    "Operator Purgatorski", utc_milliseconds(first_day, 11, 0), first_day});
            EXPECT_TRUE(walk_in.has_value());
            if (walk_in) {
                m_walk_in_codes.push_back(walk_in->code);
            }
            for (const auto& day : {first_day, second_day}) {
                auto& [registered, checked_in] = expected[{day, "uczestnik", "", ""}];
                ++registered;
                if (day == first_day) {
                    ++checked_in; // add_walk_in checks in for `today`
                }
            }
        }
        // Invitations signed for the first delegates (their text holds the e-mail here, so a leftover row
        // would be found), and a search, which keeps the name index's bytes in the file.
        std::vector<IssuedInvitation> invitations;
        for (const auto& row : fixture_rows()) {
            if (invitations.size() == 5) {
                break;
            }
            invitations.push_back({row.code, fmt::format("{:012x}", invitations.size() + 1),
                                   "SIGNED:" + row.code + ":" + row.email,
                                   utc_milliseconds(day_before, 12, 0)});
        }
        EXPECT_TRUE(mirror.record_invitations(invitations, {}, {}).has_value());
        EXPECT_TRUE(mirror.search("kowal", 5).has_value());
        auto to_upload = mirror.events_to_upload(1);
        EXPECT_TRUE(to_upload && !to_upload->empty());
        if (to_upload && !to_upload->empty()) {
            EXPECT_TRUE(mirror.mark_refused({{to_upload->front().id, "the hub refused it"}}, 0).has_value());
        }
        return expected;
    }

    std::vector<std::string> personal_extras() const {
        std::vector<std::string> extras{"Zdzisława", "Wyczyszczalska", "Bożydar", "Usuwalny", "Purgatorski"};
        extras.insert(extras.end(), m_walk_in_codes.begin(), m_walk_in_codes.end());
        return extras;
    }

    TempDir m_directory;
    std::vector<std::string> m_walk_in_codes;
};

TEST_F(MirrorPurge, LeavesNoNameEmailOrCodeInAnyByteOfTheFiles) {
    const auto path = m_directory.file("mirror.sqlite");
    auto mirror = open_mirror(path);
    ASSERT_TRUE(mirror);
    const auto expected = fill(*mirror);
    const auto needles = personal_needles(fixture_rows(), personal_extras());
    EXPECT_LT(needles.left_out, 5U) << "most names must be searched for";
    // The search works: before the purge the files hold the roster.
    EXPECT_GT(found_in(every_byte(path), needles).size(), 600U);
    const auto before = mirror->statistics(first_day);
    ASSERT_TRUE(before);

    auto summary = mirror->purge({});
    ASSERT_TRUE(summary.has_value()) << summary.error().message;
    EXPECT_EQ(summary->delegates, fixture_size + 2);
    EXPECT_GT(summary->events, 200U);

    // While the connection is still open (the -shm exists), and again after it is closed.
    EXPECT_EQ(found_in(every_byte(path), needles), std::vector<std::string>{});
    const auto after = mirror->statistics(first_day);
    mirror.reset();
    EXPECT_EQ(found_in(every_byte(path), needles), std::vector<std::string>{});

    // The counts kept: every group of every day as counted independently, and the statistics as before.
    auto reopened = Mirror::open(path);
    ASSERT_TRUE(reopened);
    auto kept = reopened->anonymous_counts();
    ASSERT_TRUE(kept);
    std::map<Key, std::pair<std::size_t, std::size_t>> kept_map;
    for (const auto& count : *kept) {
        kept_map[{count.day, count.role, count.voivodeship, count.partnership}] = {count.registered,
                                                                                   count.checked_in};
    }
    EXPECT_EQ(kept_map, expected);
    ASSERT_TRUE(after);
    EXPECT_EQ(after->active, 0U);
    EXPECT_EQ(after->events, 0U);
    EXPECT_EQ(after->purged, fixture_size + 2);
    EXPECT_EQ(after->checked_in_today, before->checked_in_today);
    EXPECT_EQ(after->checked_in_any_day, before->checked_in_any_day);
    ASSERT_EQ(after->by_day.size(), before->by_day.size());
    for (std::size_t day = 0; day < before->by_day.size(); ++day) {
        EXPECT_EQ(after->by_day[day].expected, before->by_day[day].expected);
        EXPECT_EQ(after->by_day[day].checked_in, before->by_day[day].checked_in);
    }
    EXPECT_EQ(reopened->all_delegates().value_or(std::vector<DelegateRecord>(1)).size(), 0U);
    EXPECT_EQ(reopened->issued_invitations().value_or(std::vector<IssuedInvitation>(1)).size(), 0U);
}

TEST_F(MirrorPurge, BeforeADayRemovesOnlyThoseWhoseDaysAllEndedEarlier) {
    const auto path = m_directory.file("mirror.sqlite");
    auto mirror = open_mirror(path);
    ASSERT_TRUE(mirror);
    fill(*mirror);
    const auto before = mirror->statistics(second_day);
    ASSERT_TRUE(before);

    auto summary = mirror->purge({second_day});
    ASSERT_TRUE(summary.has_value()) << summary.error().message;
    std::set<std::string> gone;
    std::set<std::string> staying;
    for (const auto& row : fixture_rows()) {
        (row.days == "29.11" ? gone : staying).insert(row.code);
    }
    EXPECT_EQ(summary->delegates, gone.size());
    std::size_t remaining = 0;
    for (const auto& record : all_of(*mirror)) {
        EXPECT_FALSE(gone.contains(record.delegate.code)) << record.delegate.code;
        ++remaining;
    }
    EXPECT_EQ(remaining, staying.size() + 2); // the walk-ins last as long as the event
    for (const auto& code : gone) {
        EXPECT_EQ(mirror->events_of(code).value_or(std::vector<CheckinEvent>(1)).size(), 0U) << code;
    }

    // Namesakes share an e-mail in the fixture: a value a staying delegate also has is rightly still there.
    std::set<std::string> staying_emails;
    for (const auto& row : fixture_rows()) {
        if (staying.contains(row.code)) {
            staying_emails.insert(row.email);
        }
    }
    Needles only_gone;
    for (const auto& row : fixture_rows()) {
        if (gone.contains(row.code)) {
            for (const auto& value : {row.email, row.code}) {
                if (staying_emails.contains(value)) {
                    continue;
                }
                only_gone.encodings.emplace_back(value, value);
                only_gone.encodings.emplace_back(value + " (UTF-16LE)", utf16(value, false));
            }
        }
    }
    EXPECT_EQ(found_in(every_byte(path), only_gone), std::vector<std::string>{});

    const auto after = mirror->statistics(second_day);
    ASSERT_TRUE(after);
    EXPECT_EQ(after->purged, gone.size());
    EXPECT_EQ(after->checked_in_any_day, before->checked_in_any_day);
    ASSERT_EQ(after->by_day.size(), before->by_day.size());
    for (std::size_t day = 0; day < before->by_day.size(); ++day) {
        EXPECT_EQ(after->by_day[day].expected, before->by_day[day].expected);
        EXPECT_EQ(after->by_day[day].checked_in, before->by_day[day].checked_in);
    }

    // A second, full purge adds its counts to the first one's.
    ASSERT_TRUE(mirror->purge({}).has_value());
    const auto last = mirror->statistics(second_day);
    ASSERT_TRUE(last);
    EXPECT_EQ(last->purged, fixture_size + 2);
    for (std::size_t day = 0; day < before->by_day.size(); ++day) {
        EXPECT_EQ(last->by_day[day].expected, before->by_day[day].expected);
        EXPECT_EQ(last->by_day[day].checked_in, before->by_day[day].checked_in);
    }
}

// Every table with text the schema makes must be on the purge's list: a table added by a later migration
// without an entry there makes purge refuse, and with it this test, before anything is removed.
TEST_F(MirrorPurge, RefusesATableWithTextItDoesNotKnowAndRemovesNothing) {
    const auto path = m_directory.file("mirror.sqlite");
    auto mirror = open_mirror(path);
    ASSERT_TRUE(mirror);
    import(*mirror, fixture_entries());
    {
        RawConnection raw(path);
        EXPECT_EQ(raw.execute("CREATE TABLE numbers_only (id INTEGER PRIMARY KEY, amount REAL)"),
                  std::nullopt);
        EXPECT_EQ(raw.execute("CREATE TABLE issued_copies (code TEXT, serial TEXT)"), std::nullopt);
    }
    auto refused = mirror->purge({});
    ASSERT_FALSE(refused.has_value());
    EXPECT_EQ(refused.error().kind, ErrorKind::internal);
    EXPECT_NE(refused.error().message.find("issued_copies"), std::string::npos) << refused.error().message;
    EXPECT_EQ(refused.error().message.find("numbers_only"), std::string::npos) << refused.error().message;
    EXPECT_EQ(all_of(*mirror).size(), fixture_size);

    // Named by the caller (as the hub names its own tables), it is purged with the rest.
    const PurgedTable copies{"issued_copies",
                             "DELETE FROM issued_copies WHERE code IN (SELECT code FROM "
                             "temp.purged_codes)",
                             ""};
    {
        RawConnection raw(path);
        EXPECT_EQ(
            raw.execute("INSERT INTO issued_copies VALUES ('" + fixture_rows().front().code + "', 'x')"),
            std::nullopt);
    }
    auto purged = mirror->purge({}, std::span(&copies, 1));
    ASSERT_TRUE(purged.has_value()) << purged.error().message;
    RawConnection raw(path);
    EXPECT_EQ(raw.integer("SELECT COUNT(*) FROM issued_copies"), 0);
}

TEST_F(MirrorPurge, EveryTableOfAFreshMirrorIsOnThePurgeList) {
    const auto path = m_directory.file("mirror.sqlite");
    auto mirror = open_mirror(path);
    ASSERT_TRUE(mirror);
    auto purged = mirror->purge({});
    ASSERT_TRUE(purged.has_value()) << purged.error().message;
    EXPECT_EQ(purged->delegates, 0U);
}

TEST_F(MirrorPurge, SaysSoWhenAnotherProgramKeepsTheLogFromBeingEmptied) {
    const auto path = m_directory.file("mirror.sqlite");
    auto mirror = open_mirror(path);
    ASSERT_TRUE(mirror);
    import(*mirror, fixture_entries());
    RawConnection reader(path);
    ASSERT_EQ(reader.execute("BEGIN"), std::nullopt);
    EXPECT_EQ(reader.integer("SELECT COUNT(*) FROM delegates"), static_cast<std::int64_t>(fixture_size));
    auto purged = mirror->purge({});
    ASSERT_FALSE(purged.has_value());
    EXPECT_EQ(purged.error().kind, ErrorKind::storage);
    EXPECT_NE(purged.error().message.find("stop the kiosk"), std::string::npos) << purged.error().message;
    ASSERT_EQ(reader.execute("COMMIT"), std::nullopt);
    // Run again once the reader is gone, it finishes.
    ASSERT_TRUE(mirror->purge({}).has_value());
}

} // namespace
} // namespace checkin::sync
