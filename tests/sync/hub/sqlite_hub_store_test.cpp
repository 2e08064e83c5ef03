// What only the embedded store has: a file that is a mirror too. Hub files from before token roles open
// and migrate, events written into the journal by the mirror's own code get sequences, and the mirror's
// code reads what pushes stored. Everything both stores do is in hub_store_test.cpp.

#include "base/digest.hpp"
#include "sync/hub/hub_dashboard.hpp"
#include "sync/hub/sqlite_hub_store.hpp"
#include "tests/sync/hub/hub_store_fixture.hpp"

#include <atomic>
#include <fmt/format.h>
#include <gtest/gtest.h>

namespace checkin::sync {
namespace {

using namespace hub_store_fixture;

class SqliteHubFileTest : public testing::Test {
protected:
    void SetUp() override { open_store(directory.file("hub.db")); }

    void open_store(const std::filesystem::path& path) {
        store.reset();
        auto opened = SqliteHubStore::open(path, [this] { return now.load(); });
        ASSERT_TRUE(opened.has_value()) << opened.error().message;
        store = std::move(*opened);
    }

    std::string token(std::string kiosk, TokenRole role = TokenRole::kiosk) {
        auto made = store->issue_token(TokenRequest{std::move(kiosk), role, std::nullopt});
        EXPECT_TRUE(made.has_value()) << (made.has_value() ? "" : made.error().message);
        return made.value_or("");
    }

    std::optional<TokenHolder> holder(const std::string& secret) {
        auto found = store->token_holder(secret);
        EXPECT_TRUE(found.has_value()) << (found.has_value() ? "" : found.error().message);
        return found.value_or(std::nullopt);
    }

    EventsPage events(std::int64_t since, std::size_t limit) {
        auto page = store->events_since(since, limit);
        EXPECT_TRUE(page.has_value()) << (page.has_value() ? "" : page.error().message);
        return page.value_or(EventsPage{});
    }

    static constexpr Day december_first{std::chrono::year{2026}, std::chrono::December, std::chrono::day{1}};

    TempDir directory;
    std::atomic<std::int64_t> now = utc_milliseconds(december_first, 12, 0);
    std::unique_ptr<SqliteHubStore> store;
};

TEST_F(SqliteHubFileTest, AHubFileFromBeforeRolesOpensAndItsTokensBecomeKioskTokensThatNeverExpire) {
    store.reset();
    const auto path = directory.file("old-hub.db");
    // The hub_tokens table as the first release made it, with one token in it.
    const std::string secret(64, 'a');
    {
        auto mirror = Mirror::open(path);
        ASSERT_TRUE(mirror.has_value()) << mirror.error().message;
        RawConnection raw(path);
        ASSERT_EQ(raw.execute("CREATE TABLE hub_tokens (token_sha256 TEXT PRIMARY KEY, kiosk TEXT NOT NULL, "
                              "created_at_ms INTEGER NOT NULL) WITHOUT ROWID"),
                  std::nullopt);
        ASSERT_EQ(raw.execute(fmt::format("INSERT INTO hub_tokens VALUES ('{}', 'kiosk-old', 5)",
                                          base::sha256_hex(secret))),
                  std::nullopt);
    }
    open_store(path);
    EXPECT_EQ(holder(secret), std::optional<TokenHolder>(TokenHolder{"kiosk-old", TokenRole::kiosk}));
    now = utc_milliseconds(Day{std::chrono::year{2030}, std::chrono::January, std::chrono::day{1}}, 12, 0);
    EXPECT_TRUE(holder(secret).has_value()) << "an old token never expires";

    // New tokens and revocation work on the migrated file, and it opens again unchanged.
    const auto made = token("screen", TokenRole::dashboard);
    EXPECT_EQ(store->revoke_tokens("kiosk-old").value_or(0), 1U);
    open_store(path);
    EXPECT_FALSE(holder(secret).has_value());
    EXPECT_EQ(holder(made), std::optional<TokenHolder>(TokenHolder{"screen", TokenRole::dashboard}));
}

TEST_F(SqliteHubFileTest, EventsWrittenIntoTheJournalOutsideAPushGetASequenceOnOpen) {
    ASSERT_TRUE(store->import_roster(fixture_entries(), serock_event()).has_value());
    store.reset();
    {
        auto mirror = Mirror::open(directory.file("hub.db"));
        ASSERT_TRUE(mirror.has_value()) << mirror.error().message;
        auto appended = mirror->append_event(event_for(fixture_rows()[3].code, "local-1", "kioskctl"));
        ASSERT_TRUE(appended.has_value()) << appended.error().message;
    }
    open_store(directory.file("hub.db"));
    const auto page = events(0, 10);
    ASSERT_EQ(page.events.size(), 1U);
    EXPECT_EQ(page.events[0].event.id, "local-1");
    EXPECT_EQ(page.events[0].sequence, 1);
}

TEST_F(SqliteHubFileTest, TheHubFileIsStillAMirrorThatReadsWhatWasPushed) {
    ASSERT_TRUE(store->import_roster(fixture_entries(), serock_event()).has_value());
    const auto rows = fixture_rows();
    auto pushed = store->push(PushRequest{"kiosk-1", {event_for(rows[7].code, "r-1", "kiosk-1")}, {}});
    ASSERT_TRUE(pushed.has_value()) << pushed.error().message;
    EXPECT_EQ(pushed->accepted, 1U);
    store.reset();

    // The mirror's own code reads the hub's file: attendance derived from the pushed check-in.
    auto mirror = Mirror::open(directory.file("hub.db"));
    ASSERT_TRUE(mirror.has_value()) << mirror.error().message;
    auto record = mirror->find_by_code(rows[7].code);
    ASSERT_TRUE(record.has_value() && record->has_value());
    ASSERT_EQ((*record)->attendance.size(), 1U);
    EXPECT_EQ((*record)->attendance[0].day, first_day);
}

TEST_F(SqliteHubFileTest, TheDashboardsCsvEscapesFormulaCells) {
    auto imported = store->import_roster(
        parse_entries("Kod;Imię;Nazwisko;Instytucja;Stanowisko;Dni\n"
                      "F-1;\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\";Nowak;@SUM(A1);;29.11\n"),
        serock_event());
    ASSERT_TRUE(imported.has_value()) << imported.error().message;
    auto mirror = Mirror::open(directory.file("hub.db"));
    ASSERT_TRUE(mirror.has_value()) << mirror.error().message;
    auto records = mirror->all_delegates();
    ASSERT_TRUE(records.has_value()) << records.error().message;
    const auto csv = dashboard_csv(*records, serock_event());
    EXPECT_NE(csv.find("\r\nF-1;\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\";Nowak;'@SUM(A1);;"),
              std::string::npos)
        << csv;
}

// A hub file written by kiosk-hub before events had rows (tests/data/hub/README.md says how it was made):
// its event becomes the first row, its delegates, token and check-in belong to it, and kiosks with the
// old token pull and push as before.
TEST_F(SqliteHubFileTest, AHubFileFromBeforeEventsBecomesItsFirstEventWithEverythingAttached) {
    store.reset();
    const auto path = directory.file("hub-before-events.db");
    std::filesystem::copy_file(std::filesystem::path(CHECKIN_TEST_DATA) / "hub" / "hub-before-events.db",
                               path);
    open_store(path);

    auto listed = store->list_events();
    ASSERT_TRUE(listed.has_value()) << listed.error().message;
    EXPECT_EQ(*listed, (std::vector<HubEvent>{HubEvent{first_event_id, std::string(first_event_slug),
                                                       "Kongres Serock 2026", "", serock_event().days, ""}}));
    const auto old_token = holder("b96018824f30bd5267a285ed9b6b4199f1f31bf12874d45a33a58694a1206654");
    ASSERT_TRUE(old_token.has_value());
    EXPECT_EQ(*old_token, (TokenHolder{"kiosk-1", TokenRole::kiosk, first_event_id}));

    auto page = store->roster_since(first_event_id, RosterCursor{0, ""}, 10);
    ASSERT_TRUE(page.has_value()) << page.error().message;
    EXPECT_EQ(page->event, serock_event());
    ASSERT_EQ(page->delegates.size(), 3U);
    EXPECT_EQ(page->delegates[1].last_name, "Brzęczyszczykiewicz");
    const auto journal = events(0, 10);
    ASSERT_EQ(journal.events.size(), 1U);
    EXPECT_EQ(journal.events[0].event.id, "old-checkin-1");
    EXPECT_EQ(journal.events[0].sequence, 1);

    // The same roster again changes nothing; a second event's import leaves the first one's people alone.
    const auto roster = parse_entries(read_test_file("hub/hub-before-events-roster.csv"));
    auto again = store->import_roster(roster, std::nullopt);
    ASSERT_TRUE(again.has_value()) << again.error().message;
    EXPECT_EQ(again->unchanged, 3U);
    auto second =
        store->create_event(EventRequest{"serock-2027", "Kongres Serock 2027", "", {first_day}, ""});
    ASSERT_TRUE(second.has_value()) << second.error().message;
    auto moved = store->import_event_roster(second->id, roster, std::nullopt);
    ASSERT_FALSE(moved.has_value()) << "a code stays with its event";
    EXPECT_EQ(moved.error().kind, ErrorKind::refused);

    auto pushed = store->push(
        first_event_id, PushRequest{"kiosk-1", {event_for("OLD-AAAA0001", "new-checkin-1", "kiosk-1")}, {}});
    ASSERT_TRUE(pushed.has_value()) << pushed.error().message;
    EXPECT_EQ(pushed->accepted, 1U);
    EXPECT_EQ(events(1, 10).events.at(0).sequence, 2);
}

} // namespace
} // namespace checkin::sync
