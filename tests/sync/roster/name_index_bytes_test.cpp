// The name index as bytes (the mirror's cache of it): loaded back it answers every query exactly as the
// index it was made from; damaged bytes are declined, never half-loaded.

#include "sync/roster/name_index.hpp"
#include "sync/roster/roster.hpp"

#include <fstream>
#include <gtest/gtest.h>
#include <iterator>

namespace checkin::sync {
namespace {

struct NameIndexBytesOfTheRoster : ::testing::Test {
    void SetUp() override {
        std::ifstream file(std::string(CHECKIN_TEST_DATA) + "/serock-roster.csv", std::ios::binary);
        const std::string bytes{std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
        using namespace std::chrono_literals;
        auto roster = parse_roster(bytes, {}, Event{"Serock", {2026y / 11 / 29, 2026y / 11 / 30}});
        ASSERT_TRUE(roster.has_value());
        for (const auto& entry : roster->entries) {
            delegates.push_back(entry.delegate);
        }
        std::vector<NameIndexEntry> entries;
        for (std::size_t position = 0; position < delegates.size(); ++position) {
            entries.push_back({static_cast<std::int64_t>(position) * 7 + 3, delegates[position].first_name,
                               delegates[position].last_name, delegates[position].organisation});
        }
        index = NameIndex(entries);
    }
    std::vector<Delegate> delegates;
    NameIndex index;
};

std::vector<std::pair<std::int64_t, int>> answers(const NameIndex& index, std::string_view query) {
    std::vector<std::pair<std::int64_t, int>> result;
    for (const auto& match : index.search(query, 50)) {
        result.emplace_back(match.id, match.score);
    }
    return result;
}

TEST_F(NameIndexBytesOfTheRoster, LoadedBackItAnswersEveryQueryAsTheOriginal) {
    const std::string bytes = index.to_bytes();
    auto loaded = NameIndex::from_bytes(bytes);
    ASSERT_TRUE(loaded.has_value());
    EXPECT_EQ(loaded->size(), delegates.size());
    EXPECT_EQ(loaded->to_bytes(), bytes);
    std::size_t answered = 0;
    for (const auto& delegate : delegates) {
        for (const std::string& query :
             {delegate.last_name, delegate.first_name.substr(0, 2),
              delegate.first_name + " " + delegate.last_name, delegate.organisation.substr(0, 5)}) {
            EXPECT_EQ(answers(*loaded, query), answers(index, query)) << query;
            answered += answers(index, query).empty() ? 0U : 1U;
        }
    }
    EXPECT_GT(answered, delegates.size() * 3U)
        << "the queries must find people, or the comparison says little";
    EXPECT_EQ(answers(*loaded, "łukasz"), answers(index, "lukasz"));
}

TEST_F(NameIndexBytesOfTheRoster, EveryTruncationAndTrailingBytesAreDeclined) {
    const std::string bytes = index.to_bytes();
    for (std::size_t length = 0; length < bytes.size(); length += 1 + length / 64) {
        EXPECT_FALSE(NameIndex::from_bytes(std::string_view(bytes).substr(0, length)).has_value()) << length;
    }
    EXPECT_FALSE(NameIndex::from_bytes(bytes + "x").has_value());
}

TEST_F(NameIndexBytesOfTheRoster, DamageThatWouldMisleadASearchIsDeclined) {
    const std::string bytes = index.to_bytes();
    std::string wrong_magic = bytes;
    wrong_magic[3] = '2';
    EXPECT_FALSE(NameIndex::from_bytes(wrong_magic).has_value());

    // The token count claimed far larger than the bytes: declined before anything is reserved.
    std::string huge = bytes;
    huge[8] = '\xFF';
    huge[9] = '\xFF';
    huge[10] = '\xFF';
    EXPECT_FALSE(NameIndex::from_bytes(huge).has_value());

    // The first rank repeated in the second place: no longer a permutation.
    std::string ranks = bytes;
    const std::size_t ranks_at = 16 + delegates.size() * 8;
    ranks.replace(ranks_at + 4, 4, ranks.substr(ranks_at, 4));
    EXPECT_FALSE(NameIndex::from_bytes(ranks).has_value());

    // The last posting's slot beyond the delegates.
    std::string slot = bytes;
    slot.replace(slot.size() - 5, 4, std::string("\xFF\xFF\xFF\x7F", 4));
    EXPECT_FALSE(NameIndex::from_bytes(slot).has_value());
    // Its field beyond organisation.
    std::string field = bytes;
    field.back() = '\x03';
    EXPECT_FALSE(NameIndex::from_bytes(field).has_value());
}

TEST(NameIndexBytes, AnEmptyIndexRoundTrips) {
    const NameIndex empty(std::vector<NameIndexEntry>{});
    auto loaded = NameIndex::from_bytes(empty.to_bytes());
    ASSERT_TRUE(loaded.has_value());
    EXPECT_EQ(loaded->size(), 0U);
    EXPECT_TRUE(loaded->search("anna", 5).empty());
}

} // namespace
} // namespace checkin::sync
