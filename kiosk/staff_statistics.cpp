#include "kiosk/staff_statistics.hpp"

#include "sync/event_days.hpp"
#include "sync/text_fold.hpp"
#include "sync/utf8.hpp"

#include <algorithm>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace checkin::kiosk {

namespace {

// The Polish alphabet with q, v and x where loanwords put them. Folding for search would not do here:
// it turns "ł" into "l", which sorts "łódzkie" before "lubuskie"; in Polish ł is a letter of its own.
constexpr std::u32string_view polish_alphabet = U"aąbcćdeęfghijklłmnńoópqrsśtuvwxyzźż";

// Weights: spaces, punctuation and digits keep their ASCII code (below letter_weight), letters follow in
// alphabet order, and everything else (the "—" of an unnamed group) comes after every letter.
constexpr std::uint32_t letter_weight = 0x100;
constexpr std::uint32_t other_weight = 0x200;

char32_t to_lower_polish(char32_t character) {
    if (character >= U'A' && character <= U'Z') {
        return character - U'A' + U'a';
    }
    switch (character) {
    case U'Ą':
    case U'Ć':
    case U'Ę':
    case U'Ł':
    case U'Ń':
    case U'Ś':
    case U'Ź':
    case U'Ż':
        return character + 1; // each small letter follows its capital in Unicode
    case U'Ó':
        return U'ó';
    default:
        return character;
    }
}

void append_weight(std::vector<std::uint32_t>& key, char32_t character) {
    const auto lower = to_lower_polish(character);
    const auto place = polish_alphabet.find(lower);
    if (place != std::u32string_view::npos) {
        key.push_back(letter_weight + static_cast<std::uint32_t>(place));
    } else if (lower < 0x80) {
        key.push_back(static_cast<std::uint32_t>(lower));
    } else {
        key.push_back(other_weight + static_cast<std::uint32_t>(lower));
    }
}

bool is_polish_or_ascii(char32_t character) {
    return character < 0x80 || polish_alphabet.find(to_lower_polish(character)) != std::u32string_view::npos;
}

std::vector<std::uint32_t> collation_key(std::string_view text) {
    std::vector<std::uint32_t> key;
    key.reserve(text.size());
    for (std::size_t offset = 0; offset < text.size();) {
        const auto decoded = utf8::decode_at(text, offset);
        offset += decoded.length;
        if (decoded.defect != utf8::Defect::none) {
            key.push_back(other_weight + static_cast<unsigned char>(text[offset - 1]));
            continue;
        }
        if (is_polish_or_ascii(decoded.value)) {
            append_weight(key, decoded.value);
            continue;
        }
        // A letter from another language ("é", "ü", "ß") sorts as its plain form ("e", "u", "ss").
        std::string character;
        utf8::append(character, decoded.value);
        const auto folded = sync::fold_for_search(character);
        for (std::size_t at = 0; at < folded.size();) {
            const auto part = utf8::decode_at(folded, at);
            append_weight(key, part.value);
            at += part.length;
        }
    }
    return key;
}

std::string group_name(const std::string& name) {
    return name.empty() ? std::string(unnamed_group) : name;
}

void count_into(std::map<std::string, StatisticsRow>& groups, const std::string& name, bool checked_in) {
    auto& row = groups[group_name(name)];
    ++row.expected;
    if (checked_in) {
        ++row.checked_in;
    }
}

std::vector<StatisticsRow> rows_of(std::map<std::string, StatisticsRow>& groups) {
    std::vector<StatisticsRow> rows;
    rows.reserve(groups.size());
    for (auto& [name, row] : groups) {
        row.name = name;
        rows.push_back(std::move(row));
    }
    return rows;
}

} // namespace

bool polish_name_less(std::string_view left, std::string_view right) {
    const auto left_key = collation_key(left);
    const auto right_key = collation_key(right);
    if (left_key != right_key) {
        return left_key < right_key;
    }
    return left < right; // "Lubuskie" and "lubuskie" still get a fixed order
}

StaffStatistics compute_staff_statistics(const std::vector<sync::DelegateRecord>& records, sync::Day today,
                                         std::size_t reprints_today) {
    StaffStatistics statistics;
    statistics.day = today;
    statistics.reprints_today = reprints_today;
    // admitted_on waives the day rule on days that are not the event's; making today the only event day
    // asks exactly "no days, or today among them", which is what Mirror::statistics counts as expected.
    const sync::Event today_only{"", {today}};
    std::map<std::string, StatisticsRow> roles;
    std::map<std::string, StatisticsRow> voivodeships;
    for (const auto& record : records) {
        const auto& delegate = record.delegate;
        if (delegate.status != sync::DelegateStatus::active) {
            continue;
        }
        if (delegate.origin == sync::DelegateOrigin::walk_in) {
            ++statistics.walk_ins;
        }
        if (!sync::admitted_on(delegate.days, today_only, today)) {
            continue;
        }
        const bool checked_in =
            std::any_of(record.attendance.begin(), record.attendance.end(),
                        [&](const sync::Attendance& attendance) { return attendance.day == today; });
        ++statistics.expected;
        if (checked_in) {
            ++statistics.checked_in;
        }
        count_into(roles, delegate.role, checked_in);
        count_into(voivodeships, delegate.voivodeship, checked_in);
    }

    statistics.by_role = rows_of(roles);
    std::sort(statistics.by_role.begin(), statistics.by_role.end(),
              [](const StatisticsRow& left, const StatisticsRow& right) {
                  if (left.expected != right.expected) {
                      return left.expected > right.expected;
                  }
                  return polish_name_less(left.name, right.name);
              });
    statistics.by_voivodeship = rows_of(voivodeships);
    std::sort(statistics.by_voivodeship.begin(), statistics.by_voivodeship.end(),
              [](const StatisticsRow& left, const StatisticsRow& right) {
                  return polish_name_less(left.name, right.name);
              });
    return statistics;
}

sync::Result<StaffStatistics> load_staff_statistics(sync::Mirror& mirror, sync::Day today) {
    auto records = mirror.all_delegates();
    if (!records) {
        return sync::fail(records.error());
    }
    auto reprints = mirror.count_events(sync::EventKind::reprint, today);
    if (!reprints) {
        return sync::fail(reprints.error());
    }
    return compute_staff_statistics(*records, today, *reprints);
}

} // namespace checkin::kiosk
