#include "sync/roster/roster.hpp"

#include "base/text.hpp"
#include "sync/roster/scan_code.hpp"
#include "sync/roster/text_fold.hpp"
#include "sync/roster/text_limits.hpp"

#include <algorithm>
#include <array>
#include <fmt/format.h>
#include <tuple>
#include <unordered_map>

namespace checkin::sync {

namespace {

// Past this many, more messages stop helping: the organiser has the wrong file or the wrong options.
constexpr std::size_t maximum_reported_problems = 100;
constexpr std::size_t progress_interval = 4096;

struct FieldInfo {
    RosterField field;
    std::string_view name;
    std::string_view polish;
    std::array<std::string_view, 8> aliases; // folded, without spaces or punctuation
};

// Headers organisers actually write, Polish and English, compared after folding ("Imię" → "imie",
// "First name" → "firstname", "E-mail" → "email").
constexpr std::array<FieldInfo, 10> fields{{
    {RosterField::code,
     "code",
     "Kod",
     {"kod", "code", "kodqr", "qrcode", "qr", "identyfikator", "id", "ticket"}},
    {RosterField::first_name, "first_name", "Imię", {"imie", "firstname", "givenname", "first", "imiona"}},
    {RosterField::last_name,
     "last_name",
     "Nazwisko",
     {"nazwisko", "lastname", "surname", "familyname", "last"}},
    {RosterField::organisation,
     "organisation",
     "Instytucja",
     {"instytucja", "organisation", "organization", "organizacja", "institution", "urzad", "firma",
      "company"}},
    {RosterField::position,
     "position",
     "Stanowisko",
     {"stanowisko", "position", "jobtitle", "funkcja", "title"}},
    {RosterField::partnership, "partnership", "Partnerstwo", {"partnerstwo", "partnership"}},
    {RosterField::voivodeship,
     "voivodeship",
     "Województwo",
     {"wojewodztwo", "voivodeship", "region", "province"}},
    {RosterField::role, "role", "Rola", {"rola", "role", "kategoria", "category", "typ", "type"}},
    {RosterField::days, "days", "Dni", {"dni", "days", "dzien", "day", "dates", "daty"}},
    {RosterField::email, "email", "E-mail", {"email", "mail", "adresemail", "emailaddress"}},
}};

std::string header_key(std::string_view header) {
    std::string key;
    for (const auto& token : search_tokens(header)) {
        key += token;
    }
    return key;
}

class ProblemList {
public:
    void add(std::size_t line, std::string message) {
        if (m_problems.size() < maximum_reported_problems) {
            m_problems.push_back({line, std::move(message)});
        } else {
            ++m_unreported;
        }
    }
    bool empty() const { return m_problems.empty(); }
    std::vector<RosterProblem> take() {
        if (m_unreported > 0) {
            m_problems.push_back({0, fmt::format("… and {} more problems", m_unreported)});
        }
        return std::move(m_problems);
    }

private:
    std::vector<RosterProblem> m_problems;
    std::size_t m_unreported = 0;
};

using ColumnIndex = std::array<std::optional<std::size_t>, fields.size()>;

std::size_t slot(RosterField field) {
    return static_cast<std::size_t>(field);
}

ColumnIndex map_columns(const CsvRecord& header, const RosterOptions& options, ProblemList& problems,
                        std::vector<std::string>& ignored) {
    ColumnIndex columns{};
    std::vector<std::string> keys;
    keys.reserve(header.fields.size());
    for (const auto& text : header.fields) {
        keys.push_back(header_key(text));
    }
    for (const auto& mapping : options.columns) {
        const auto wanted = header_key(mapping.header);
        const auto found = std::find(keys.begin(), keys.end(), wanted);
        if (found == keys.end()) {
            problems.add(header.line, fmt::format("the column \"{}\" given for {} is not in the header",
                                                  mapping.header, field_name(mapping.field)));
            continue;
        }
        columns[slot(mapping.field)] = static_cast<std::size_t>(found - keys.begin());
    }
    for (std::size_t column = 0; column < keys.size(); ++column) {
        const bool taken = std::any_of(columns.begin(), columns.end(),
                                       [&](const auto& index) { return index && *index == column; });
        if (taken) {
            continue;
        }
        bool recognised = false;
        for (const auto& info : fields) {
            if (columns[slot(info.field)]) {
                continue;
            }
            if (std::find(info.aliases.begin(), info.aliases.end(), keys[column]) != info.aliases.end()) {
                columns[slot(info.field)] = column;
                recognised = true;
                break;
            }
        }
        if (!recognised && !header.fields[column].empty()) {
            ignored.push_back(header.fields[column]);
        }
    }
    for (auto required : {RosterField::code, RosterField::first_name, RosterField::last_name}) {
        if (!columns[slot(required)]) {
            problems.add(header.line,
                         fmt::format("the header has no {} column (\"{}\"); name it so, or map it with "
                                     "--column {}=HEADER",
                                     field_name(required), polish_header(required), field_name(required)));
        }
    }
    return columns;
}

// A line break or tab inside a quoted cell (Alt+Enter in a spreadsheet: "Stowarzyszenie⏎na rzecz
// Rozwoju") means a space: one line on a badge, a screen or the dashboard, and no control character for
// check_texts to refuse. Any other control character stays and is refused with its line.
std::string joined_lines(std::string_view text) {
    std::string joined;
    joined.reserve(text.size());
    bool in_break = false;
    for (const char character : text) {
        if (character == '\n' || character == '\r' || character == '\t') {
            in_break = true;
            continue;
        }
        if (in_break && !joined.empty() && joined.back() != ' ' && character != ' ') {
            joined.push_back(' ');
        }
        in_break = false;
        joined.push_back(character);
    }
    return joined;
}

std::string cell(const CsvRecord& record, const ColumnIndex& columns, RosterField field) {
    const auto& index = columns[slot(field)];
    if (!index || *index >= record.fields.size()) {
        return {};
    }
    // A cell this project's own export escaped against formulas comes back as it was (csv.hpp).
    return joined_lines(unescape_formula(base::trim(record.fields[*index])));
}

// Every day the roster's Dni column lists, for an event whose days are not set yet: they become the
// event's. A day that cannot be read is a problem of its line; days over more than one calendar year are
// refused as a whole (the organiser gives --event-days then).
std::vector<Day> days_listed(const CsvTable& table, const ColumnIndex& columns, Day today,
                             ProblemList& problems) {
    std::vector<Day> days;
    for (std::size_t index = 1; index < table.records.size(); ++index) {
        const auto text = cell(table.records[index], columns, RosterField::days);
        if (text.empty()) {
            continue;
        }
        auto listed = parse_roster_days_near(text, today);
        if (!listed) {
            problems.add(table.records[index].line, listed.error().message);
            continue;
        }
        days.insert(days.end(), listed->begin(), listed->end());
    }
    std::ranges::sort(days);
    days.erase(std::unique(days.begin(), days.end()), days.end());
    if (!days.empty() && days.front().year() != days.back().year()) {
        problems.add(0,
                     fmt::format("the roster's days run from {} to {}, over two years; give the event's days "
                                 "with --event-days 2026-11-29,2026-11-30",
                                 format_iso_day(days.front()), format_iso_day(days.back())));
    }
    return days;
}

} // namespace

std::string_view field_name(RosterField field) {
    return fields[slot(field)].name;
}
std::string_view polish_header(RosterField field) {
    return fields[slot(field)].polish;
}

namespace {

// Every text a badge, a screen, the dashboard or an export shows is held to text_limits.hpp, as a walk-in
// typed at a kiosk is: a newline or U+202E in a name would forge log lines and show as another name, and
// a 30,000-character organisation breaks every layout. The message names the column, never the value.
void check_texts(const Delegate& delegate, std::size_t line, ProblemList& problems) {
    const std::array<std::tuple<RosterField, const std::string*, std::size_t>, 8> texts{{
        {RosterField::first_name, &delegate.first_name, person_name_maximum_characters},
        {RosterField::last_name, &delegate.last_name, person_name_maximum_characters},
        {RosterField::organisation, &delegate.organisation, delegate_detail_maximum_characters},
        {RosterField::position, &delegate.position, delegate_detail_maximum_characters},
        {RosterField::partnership, &delegate.partnership, delegate_detail_maximum_characters},
        {RosterField::voivodeship, &delegate.voivodeship, delegate_detail_maximum_characters},
        {RosterField::role, &delegate.role, delegate_detail_maximum_characters},
        {RosterField::email, &delegate.email, delegate_detail_maximum_characters},
    }};
    for (const auto& [field, text, maximum_characters] : texts) {
        if (auto problem = text_problem(*text, maximum_characters)) {
            problems.add(line, fmt::format("the column {} ({}) {}", polish_header(field), field_name(field),
                                           *problem));
        }
    }
}

} // namespace

Result<ColumnMapping> parse_column_mapping(std::string_view option) {
    const auto equals = option.find('=');
    if (equals != std::string_view::npos) {
        const auto name = base::trim(option.substr(0, equals));
        const auto header = base::trim(option.substr(equals + 1));
        for (const auto& info : fields) {
            if (info.name == name && !header.empty()) {
                return ColumnMapping{info.field, std::string(header)};
            }
        }
    }
    std::string names;
    for (const auto& info : fields) {
        names += names.empty() ? "" : ", ";
        names += info.name;
    }
    return fail(Error::invalid_input(fmt::format(
        "\"{}\" is not a column mapping; write FIELD=HEADER with FIELD one of {}", option, names)));
}

std::expected<Roster, std::vector<RosterProblem>> parse_roster(std::string_view bytes,
                                                               const RosterOptions& options,
                                                               const Event& event,
                                                               const ProgressCallback& progress) {
    ProblemList problems;
    auto decoded = decode_roster_bytes(bytes, options.encoding);
    if (!decoded) {
        problems.add(decoded.error().line, decoded.error().text_without_line());
        return std::unexpected(problems.take());
    }
    auto table = parse_csv(decoded->utf8, options.delimiter);
    if (!table) {
        problems.add(table.error().line, table.error().text_without_line());
        return std::unexpected(problems.take());
    }
    if (table->records.empty()) {
        problems.add(0, "the file is empty: a roster needs a header line and one line per delegate");
        return std::unexpected(problems.take());
    }

    Roster roster;
    roster.encoding = decoded->source_encoding;
    roster.delimiter = table->delimiter;
    const auto& header = table->records.front();
    const auto columns = map_columns(header, options, problems, roster.ignored_columns);
    if (!problems.empty()) {
        return std::unexpected(problems.take());
    }

    const std::size_t total = table->records.size() - 1;
    if (event.days.empty() && options.today) {
        auto days = days_listed(*table, columns, *options.today, problems);
        if (!problems.empty()) {
            return std::unexpected(problems.take());
        }
        roster.event_days_from_roster = std::move(days);
    }
    const Event checked_event =
        roster.event_days_from_roster.empty() ? event : Event{event.name, roster.event_days_from_roster};
    const std::optional<std::chrono::year> event_year =
        checked_event.days.empty() ? std::nullopt : std::optional(checked_event.days.front().year());
    bool reported_missing_event_days = false;
    std::unordered_map<std::string, std::size_t> line_of_code;
    line_of_code.reserve(total);
    roster.entries.reserve(total);

    for (std::size_t index = 1; index < table->records.size(); ++index) {
        auto& record = table->records[index];
        const std::size_t line = record.line;
        if (progress && index % progress_interval == 0) {
            progress(index, total);
        }
        if (record.fields.size() > header.fields.size()) {
            problems.add(line,
                         fmt::format("{} fields, but the header has {}; is a delimiter inside an unquoted "
                                     "field?",
                                     record.fields.size(), header.fields.size()));
            continue;
        }
        Delegate delegate;
        delegate.code = cell(record, columns, RosterField::code);
        delegate.first_name = cell(record, columns, RosterField::first_name);
        delegate.last_name = cell(record, columns, RosterField::last_name);
        delegate.organisation = cell(record, columns, RosterField::organisation);
        delegate.position = cell(record, columns, RosterField::position);
        delegate.partnership = cell(record, columns, RosterField::partnership);
        delegate.voivodeship = cell(record, columns, RosterField::voivodeship);
        delegate.role = cell(record, columns, RosterField::role);
        delegate.email = cell(record, columns, RosterField::email);

        if (delegate.code.empty()) {
            problems.add(line, "no code: every delegate needs the code printed on their invitation");
        } else if (auto scanned = normalise_scanned_code(delegate.code);
                   !scanned || *scanned != delegate.code) {
            problems.add(line, fmt::format("the code \"{}\" cannot be read back from a scan (it holds a URL, "
                                           "a control character or is too long)",
                                           delegate.code));
        } else {
            const auto [existing, inserted] =
                line_of_code.try_emplace(code_comparison_key(delegate.code), line);
            if (!inserted) {
                problems.add(line, fmt::format("the code {} is already used on line {}", delegate.code,
                                               existing->second));
            }
        }
        if (delegate.first_name.empty()) {
            problems.add(line, "no first name");
        }
        if (delegate.last_name.empty()) {
            problems.add(line, "no last name");
        }
        check_texts(delegate, line, problems);
        const auto days_text = cell(record, columns, RosterField::days);
        if (!days_text.empty()) {
            if (!event_year) {
                if (!reported_missing_event_days) {
                    problems.add(line, "the roster lists days, but the event's days are not set; give them "
                                       "with --event-days 2026-11-29,2026-11-30");
                    reported_missing_event_days = true;
                }
            } else if (auto days = parse_roster_days(days_text, *event_year); !days) {
                problems.add(line, days.error().message);
            } else {
                for (const auto& day : *days) {
                    if (!std::binary_search(checked_event.days.begin(), checked_event.days.end(), day)) {
                        problems.add(line,
                                     fmt::format("{} is not one of the event's days ({})",
                                                 format_short_day(day), format_day_list(checked_event.days)));
                    }
                }
                delegate.days = std::move(*days);
            }
        }
        roster.entries.push_back({line, std::move(delegate)});
    }
    if (progress) {
        progress(total, total);
    }
    if (!problems.empty()) {
        return std::unexpected(problems.take());
    }
    return roster;
}

EncodingChoice encoding_choice_from(std::string_view text) {
    if (text == "utf-8") {
        return EncodingChoice::utf8;
    }
    if (text == "cp1250") {
        return EncodingChoice::cp1250;
    }
    return EncodingChoice::automatic;
}

DelimiterChoice delimiter_choice_from(std::string_view text) {
    if (text == "semicolon") {
        return DelimiterChoice::semicolon;
    }
    if (text == "comma") {
        return DelimiterChoice::comma;
    }
    if (text == "tab") {
        return DelimiterChoice::tab;
    }
    return DelimiterChoice::automatic;
}

std::string_view delimiter_name(char delimiter) {
    switch (delimiter) {
    case ';':
        return "semicolons";
    case '\t':
        return "tabs";
    default:
        return "commas";
    }
}

} // namespace checkin::sync
