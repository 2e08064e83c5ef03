// kiosk-hub's event commands run as a process, on an SQLite file (--db) and on PostgreSQL (--store):
// event new and list, and import and token new with --event (the only event by default; several events
// and none named are refused with the list).

#include "base/clock.hpp"
#include "base/text.hpp"
#include "sync/hub/hub_store_factory.hpp"
#include "sync/protocol/enrolment.hpp"
#include "tests/kiosk/process.hpp"
#include "tests/sync/hub/hub_events_fixture.hpp"
#include "tests/sync/hub/hub_store_fixture.hpp"

#include <fstream>
#include <gtest/gtest.h>
#include <iterator>

namespace checkin::sync {
namespace {

using namespace hub_store_fixture;
using namespace hub_events_fixture;

class HubEventCommands : public testing::TestWithParam<std::string_view> {
protected:
    void SetUp() override {
        auto location = store_location(GetParam(), directory);
        ASSERT_TRUE(location.has_value()) << location.error();
        m_location = *location;
    }

    test::ProcessResult run_hub(const std::vector<std::string>& arguments) const {
        std::vector<std::string> command{std::string(CHECKIN_BIN_DIR) + "/kiosk-hub",
                                         GetParam() == postgresql_backend ? "--store" : "--db", m_location};
        command.insert(command.end(), arguments.begin(), arguments.end());
        return test::run_process(command);
    }

    TempDir directory;
    std::string m_location;
};

INSTANTIATE_TEST_SUITE_P(Stores, HubEventCommands, testing::Values(sqlite_backend, postgresql_backend),
                         backend_name);

TEST_P(HubEventCommands, MakeListImportAndIssueTokensPerEvent) {
    const auto serock_roster = directory.file("serock.csv");
    write_file(serock_roster, read_test_file("serock-roster.csv"));
    const auto lublin_file = directory.file("lublin.csv");
    write_file(lublin_file, lublin_roster);

    // A hub of one event needs no --event.
    const auto imported = run_hub({"import", serock_roster.string(), "--event-name", "Kongres Serock 2026",
                                   "--event-days", "2026-11-29,2026-11-30"});
    ASSERT_EQ(imported.exit_code, 0) << imported.describe();
    EXPECT_NE(imported.out.find("320 added"), std::string::npos) << imported.out;
    const auto first_list = run_hub({"event", "list"});
    ASSERT_EQ(first_list.exit_code, 0) << first_list.describe();
    EXPECT_EQ(first_list.out, "event-1\tKongres Serock 2026\t2026-11-29,2026-11-30\t-\t-\n");

    const auto made = run_hub({"event", "new", "--slug", "lublin-2026", "--name", "Seminarium CWD Lublin",
                               "--days", "2026-10-15,2026-10-16", "--english-name", "CWD seminar in Lublin",
                               "--venue", "Hotel Victoria, Lublin"});
    ASSERT_EQ(made.exit_code, 0) << made.describe();
    EXPECT_NE(made.out.find("Event lublin-2026 made: Seminarium CWD Lublin, 2 day(s)."), std::string::npos)
        << made.out;
    const auto again =
        run_hub({"event", "new", "--slug", "lublin-2026", "--name", "Inne", "--days", "2026-10-15"});
    EXPECT_EQ(again.exit_code, 1) << again.describe();
    EXPECT_NE(again.err.find("has an event lublin-2026 already"), std::string::npos) << again.err;
    const auto bad_slug =
        run_hub({"event", "new", "--slug", "Lublin 2026", "--name", "X", "--days", "2026-10-15"});
    EXPECT_EQ(bad_slug.exit_code, 2) << bad_slug.describe();
    EXPECT_NE(bad_slug.err.find("such as serock-2026"), std::string::npos) << bad_slug.err;

    const auto listed = run_hub({"event", "list"});
    ASSERT_EQ(listed.exit_code, 0) << listed.describe();
    EXPECT_EQ(listed.out, "event-1\tKongres Serock 2026\t2026-11-29,2026-11-30\t-\t-\n"
                          "lublin-2026\tSeminarium CWD Lublin\t2026-10-15,2026-10-16\tCWD seminar in Lublin\t"
                          "Hotel Victoria, Lublin\n");

    // Two events now: a command that does not say which is refused with their slugs.
    const auto unnamed = run_hub({"import", lublin_file.string()});
    EXPECT_EQ(unnamed.exit_code, 2) << unnamed.describe();
    EXPECT_NE(unnamed.err.find("this hub holds 2 events (event-1, lublin-2026); say which with --event SLUG"),
              std::string::npos)
        << unnamed.err;
    const auto unknown = run_hub({"import", lublin_file.string(), "--event", "plock-2026"});
    EXPECT_EQ(unknown.exit_code, 2) << unknown.describe();
    EXPECT_NE(unknown.err.find("its events are: event-1, lublin-2026"), std::string::npos) << unknown.err;
    // Lublin's roster is checked against Lublin's days, not Serock's.
    const auto lublin_import = run_hub({"import", lublin_file.string(), "--event", "lublin-2026"});
    ASSERT_EQ(lublin_import.exit_code, 0) << lublin_import.describe();
    EXPECT_NE(lublin_import.out.find("3 added, 0 updated, 0 unchanged, 0 cancelled"), std::string::npos)
        << lublin_import.out;
    const auto serock_again = run_hub({"import", serock_roster.string(), "--event", "event-1"});
    ASSERT_EQ(serock_again.exit_code, 0) << serock_again.describe();
    EXPECT_NE(serock_again.out.find("320 unchanged, 0 cancelled"), std::string::npos) << serock_again.out;

    EXPECT_EQ(run_hub({"token", "new", "--kiosk", "lublin-kiosk"}).exit_code, 2);
    const auto token = run_hub({"token", "new", "--kiosk", "lublin-kiosk", "--event", "lublin-2026"});
    ASSERT_EQ(token.exit_code, 0) << token.describe();
    ASSERT_EQ(token.out.size(), 65U) << "one line: the token";
    const auto tokens = run_hub({"token", "list"});
    EXPECT_NE(tokens.out.find("lublin-kiosk  kiosk  lublin-2026  created "), std::string::npos) << tokens.out;

    // An enrolment code is worth a kiosk token of the event it names.
    ASSERT_EQ(run_hub({"cert", "new", "--host", "127.0.0.1"}).exit_code, 0);
    EXPECT_EQ(run_hub({"enrol", "--kiosk", "lublin-kiosk-2"}).exit_code, 2) << "which event?";
    const auto enrol = run_hub({"enrol", "--kiosk", "lublin-kiosk-2", "--event", "lublin-2026"});
    ASSERT_EQ(enrol.exit_code, 0) << enrol.describe();
    const std::string_view enrol_output = base::trim(enrol.out);
    auto payload = decode_enrolment_payload(enrol_output.substr(enrol_output.rfind('\n') + 1));
    ASSERT_TRUE(payload.has_value()) << payload.error().message;

    auto store = open_hub_store(m_location);
    ASSERT_TRUE(store.has_value()) << store.error().message;
    auto holder = (*store)->token_holder(token.out.substr(0, 64));
    ASSERT_TRUE(holder.has_value() && holder->has_value());
    EXPECT_EQ((*holder)->event_id, 2);
    auto page = (*store)->roster_since(2, RosterCursor{0, ""}, 10);
    ASSERT_TRUE(page.has_value());
    EXPECT_EQ(page->delegates.size(), 3U);
    EXPECT_EQ(page->event, lublin_event());
    auto enrolled = (*store)->redeem_enrolment(payload->secret, base::now_unix_milliseconds());
    ASSERT_TRUE(enrolled.has_value()) << enrolled.error().message;
    EXPECT_EQ((*store)->token_holder(enrolled->token).value(),
              (TokenHolder{"lublin-kiosk-2", TokenRole::kiosk, 2}));
}

// Every byte of a file, empty when it does not exist (a -wal or -shm SQLite removed).
std::string bytes_of(const std::filesystem::path& path) {
    std::ifstream file(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
}

// The text as UTF-16LE, as a page written by another program could hold it.
std::string utf16(std::string_view ascii) {
    std::string wide;
    for (const char character : ascii) {
        wide += character;
        wide += '\0';
    }
    return wide;
}

// `purge --event` on a hub of two events: without --event it is refused with the slugs; with it, the
// event's people and check-ins go (no code or name left in the SQLite file, its -wal or -shm), its counts
// stay under it, its token keeps working with an empty roster, and the other event is untouched.
TEST_P(HubEventCommands, PurgeRemovesOneEventAndLeavesTheOther) {
    const auto serock_roster = directory.file("serock.csv");
    write_file(serock_roster, read_test_file("serock-roster.csv"));
    const auto lublin_file = directory.file("lublin.csv");
    write_file(lublin_file, lublin_roster);
    ASSERT_EQ(run_hub({"import", serock_roster.string(), "--event-name", "Kongres Serock 2026",
                       "--event-days", "2026-11-29,2026-11-30"})
                  .exit_code,
              0);
    ASSERT_EQ(run_hub({"event", "new", "--slug", "lublin-2026", "--name", "Seminarium CWD Lublin", "--days",
                       "2026-10-15,2026-10-16"})
                  .exit_code,
              0);
    ASSERT_EQ(run_hub({"import", lublin_file.string(), "--event", "lublin-2026"}).exit_code, 0);
    const std::string serock_code = fixture_rows().at(0).code;
    std::string lublin_token;
    {
        auto store = open_hub_store(m_location);
        ASSERT_TRUE(store.has_value()) << store.error().message;
        ASSERT_EQ(
            (*store)
                ->push(PushRequest{"serock-kiosk", {event_for(serock_code, "serock-1", "serock-kiosk")}, {}})
                ->accepted,
            1U);
        ASSERT_EQ(
            (*store)
                ->push(2, PushRequest{"lublin-kiosk",
                                      {event_for("LUB-AAAA0002", "lublin-1", "lublin-kiosk", lublin_day)},
                                      {}})
                ->accepted,
            1U);
        lublin_token =
            (*store)->issue_token(TokenRequest{"lublin-kiosk", TokenRole::kiosk, {}, 2}).value_or("");
        ASSERT_FALSE(lublin_token.empty());
    }

    const auto unnamed = run_hub({"purge"});
    EXPECT_EQ(unnamed.exit_code, 2) << unnamed.describe();
    EXPECT_NE(unnamed.err.find("this hub holds 2 events (event-1, lublin-2026); say which with --event SLUG"),
              std::string::npos)
        << unnamed.err;
    const auto purged = run_hub({"purge", "--event", "lublin-2026"});
    ASSERT_EQ(purged.exit_code, 0) << purged.describe();
    EXPECT_NE(purged.out.find("Purged 3 delegates and 1 journal events of the event lublin-2026"),
              std::string::npos)
        << purged.out;

    if (GetParam() == sqlite_backend) {
        std::string bytes = bytes_of(m_location);
        for (const char* suffix : {"-wal", "-shm"}) {
            bytes += bytes_of(m_location + suffix);
        }
        for (const std::string_view needle : {"LUB-AAAA0001", "LUB-AAAA0002", "LUB-AAAA0003", "Sowa"}) {
            EXPECT_EQ(bytes.find(needle), std::string::npos) << needle;
            EXPECT_EQ(bytes.find(utf16(needle)), std::string::npos) << needle << " as UTF-16";
        }
        EXPECT_NE(bytes.find(serock_code), std::string::npos) << "Serock's roster is still in the file";
    }

    auto store = open_hub_store(m_location);
    ASSERT_TRUE(store.has_value()) << store.error().message;
    // Lublin: its token still answers, with nobody on the roster and no check-in; its counts kept.
    EXPECT_EQ((*store)->token_holder(lublin_token).value(),
              (TokenHolder{"lublin-kiosk", TokenRole::kiosk, 2}));
    EXPECT_TRUE((*store)->roster_since(2, RosterCursor{0, ""}, 10)->delegates.empty());
    EXPECT_TRUE((*store)->events_since(2, 0, 10)->events.empty());
    auto kept = (*store)->anonymous_counts(2);
    ASSERT_TRUE(kept.has_value()) << kept.error().message;
    std::size_t kept_checked_in = 0;
    for (const auto& count : *kept) {
        kept_checked_in += count.checked_in;
    }
    EXPECT_EQ(kept_checked_in, 1U);
    // Serock: its whole roster, its check-in and its figures.
    EXPECT_EQ((*store)->statistics(first_event_id).value(), (HubStatistics{fixture_size, 1, 1, 0}));
    auto serock_events = (*store)->events_since(first_event_id, 0, 10);
    ASSERT_TRUE(serock_events.has_value());
    ASSERT_EQ(serock_events->events.size(), 1U);
    EXPECT_EQ(serock_events->events[0].event.id, "serock-1");
    EXPECT_TRUE((*store)->anonymous_counts(first_event_id)->empty());
}

} // namespace
} // namespace checkin::sync
