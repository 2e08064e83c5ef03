#pragma once

// The synthetic roster mirror_bench and sync_bench measure with: the seminar fixture's names and
// organisations recombined into as many delegates as asked, with unique random codes.

#include "sync/roster/csv.hpp"
#include "sync/roster/text_encoding.hpp"

#include <cstddef>
#include <expected>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace checkin::bench {

// The fixture's first names, last names and organisations, each once, to recombine into large rosters.
struct Names {
    std::vector<std::string> first_names;
    std::vector<std::string> last_names;
    std::vector<std::string> organisations;
};

inline std::expected<Names, std::string> names_from_fixture(const std::filesystem::path& fixture) {
    std::ifstream in(fixture, std::ios::binary);
    if (!in) {
        return std::unexpected("cannot read " + fixture.string());
    }
    std::ostringstream bytes;
    bytes << in.rdbuf();
    auto decoded = sync::decode_roster_bytes(bytes.str(), sync::EncodingChoice::automatic);
    if (!decoded) {
        return std::unexpected(decoded.error().message);
    }
    auto table = sync::parse_csv(decoded->utf8, sync::DelimiterChoice::automatic);
    if (!table) {
        return std::unexpected(table.error().message);
    }
    std::set<std::string> first, last, organisations;
    for (std::size_t index = 1; index < table->records.size(); ++index) {
        const auto& fields = table->records[index].fields;
        first.insert(fields[1]);
        last.insert(fields[2]);
        organisations.insert(fields[3]);
    }
    return Names{{first.begin(), first.end()},
                 {last.begin(), last.end()},
                 {organisations.begin(), organisations.end()}};
}

enum class RosterDays {
    random,    // each delegate on 29.11, 30.11 or both, at random
    every_day, // the Days cell empty: every day of the event
};

// A roster CSV of `count` delegates: names and organisations recombined from the fixture, unique random
// codes "B-XXXXXXXX" (appended to `codes`), semicolons as Polish Excel writes them.
inline std::string synthetic_roster(const Names& names, std::size_t count, std::vector<std::string>& codes,
                                    std::mt19937& random, RosterDays days) {
    static constexpr std::string_view alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    const auto quoted = [](std::string_view text) {
        return fmt::format("\"{}\"", text);
    };
    std::set<std::string> used;
    std::string csv = "Kod;Imię;Nazwisko;Instytucja;Stanowisko;Partnerstwo;Województwo;Rola;Dni;E-mail\n";
    csv.reserve(count * 120);
    const auto pick = [&](const std::vector<std::string>& list) -> const std::string& {
        return list[std::uniform_int_distribution<std::size_t>(0, list.size() - 1)(random)];
    };
    const std::size_t first_code = codes.size();
    while (codes.size() - first_code < count) {
        std::string code = "B-";
        for (int index = 0; index < 8; ++index) {
            code += alphabet[std::uniform_int_distribution<std::size_t>(0, alphabet.size() - 1)(random)];
        }
        if (!used.insert(code).second) {
            continue;
        }
        codes.push_back(code);
        std::string days_cell;
        if (days == RosterDays::random) {
            const auto day = std::uniform_int_distribution<int>(0, 2)(random);
            days_cell = quoted(day == 0 ? "29.11" : day == 1 ? "30.11" : "29.11,30.11");
        }
        csv += fmt::format("{};{};{};{};Specjalista;;mazowieckie;Uczestnik;{};{}@example.org\n", code,
                           pick(names.first_names), pick(names.last_names), quoted(pick(names.organisations)),
                           days_cell, code);
    }
    return csv;
}

} // namespace checkin::bench
