#include "sync/roster/csv.hpp"

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

namespace checkin::sync {

namespace {

bool is_line_break(char c) {
    return c == '\n' || c == '\r';
}

bool is_candidate_delimiter(char c) {
    return c == ';' || c == ',' || c == '\t';
}

// Steps over one line end at `position`: CRLF counts as one, so Windows files are not double-counted.
std::size_t skip_line_break(std::string_view text, std::size_t position) {
    if (text[position] == '\r' && position + 1 < text.size() && text[position + 1] == '\n') {
        return position + 2;
    }
    return position + 1;
}

// Cuts off the whitespace-only lines at the end (Excel and editors leave them). The last line with
// content is kept whole, including trailing spaces, because they belong to its last field. Anything cut
// here could only matter inside an open quote, which is an error either way.
std::string_view without_trailing_blank_lines(std::string_view text) {
    auto is_whitespace = [](char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
    };
    std::size_t end = text.size();
    while (end > 0 && is_whitespace(text[end - 1])) {
        --end;
    }
    if (end == 0) {
        return {}; // nothing but whitespace: every line is a trailing blank one
    }
    while (end < text.size() && !is_line_break(text[end])) {
        ++end;
    }
    return text.substr(0, end);
}

char delimiter_for(DelimiterChoice choice, std::string_view text) {
    switch (choice) {
    case DelimiterChoice::semicolon:
        return ';';
    case DelimiterChoice::comma:
        return ',';
    case DelimiterChoice::tab:
        return '\t';
    case DelimiterChoice::automatic:
        break;
    }
    return detect_delimiter(text);
}

// Rough record count for reserving: one per line end. CR-only files (old Mac exports) have no LF.
std::size_t estimated_record_count(std::string_view text) {
    const auto line_feeds = std::ranges::count(text, '\n');
    const auto count = line_feeds > 0 ? line_feeds : std::ranges::count(text, '\r');
    return static_cast<std::size_t>(count) + 1;
}

} // namespace

// Leading blank lines are skipped, as parse_csv skips them, so the first record is the header. A quote
// opens a quoted part only at the start of a line or right after one of the candidate delimiters, the
// same rule the parser applies. Ties go to ';' (Polish Excel's choice), then ','.
char detect_delimiter(std::string_view text) {
    std::size_t position = 0;
    while (position < text.size() && is_line_break(text[position])) {
        ++position;
    }
    std::size_t semicolons = 0;
    std::size_t commas = 0;
    std::size_t tabs = 0;
    bool at_field_start = true;
    while (position < text.size()) {
        const char c = text[position];
        if (c == '"' && at_field_start) {
            ++position;
            while (position < text.size()) {
                if (text[position] == '"') {
                    if (position + 1 < text.size() && text[position + 1] == '"') {
                        position += 2;
                        continue;
                    }
                    break;
                }
                ++position;
            }
            ++position; // past the closing quote (or the end of an unterminated field)
            at_field_start = false;
            continue;
        }
        if (is_line_break(c)) {
            break;
        }
        if (c == ';') {
            ++semicolons;
        } else if (c == ',') {
            ++commas;
        } else if (c == '\t') {
            ++tabs;
        }
        at_field_start = is_candidate_delimiter(c);
        ++position;
    }

    char delimiter = ',';
    std::size_t best = commas;
    if (semicolons > 0 && semicolons >= best) {
        delimiter = ';';
        best = semicolons;
    }
    if (tabs > best) {
        delimiter = '\t';
    }
    return delimiter;
}

Result<CsvTable> parse_csv(std::string_view text, DelimiterChoice choice) {
    CsvTable table;
    table.delimiter = delimiter_for(choice, text);
    const char delimiter = table.delimiter;
    text = without_trailing_blank_lines(text);
    if (text.empty()) {
        return table;
    }
    table.records.reserve(estimated_record_count(text));

    const std::size_t size = text.size();
    std::size_t position = 0;
    std::size_t line = 1;
    std::size_t expected_field_count = 1; // rosters are rectangular: the last record's width is a good guess

    while (position < size) {
        CsvRecord record;
        record.line = line;
        record.fields.reserve(expected_field_count);

        bool record_ended = false;
        while (!record_ended) {
            if (position < size && text[position] == '"') {
                const std::size_t opening_line = line;
                std::string field;
                ++position;
                std::size_t chunk_start = position;
                bool closed = false;
                // Copies the quoted content in chunks between quotes and line breaks, not byte by byte.
                while (position < size) {
                    const char c = text[position];
                    if (c == '"') {
                        field.append(text.substr(chunk_start, position - chunk_start));
                        if (position + 1 < size && text[position + 1] == '"') {
                            field.push_back('"');
                            position += 2;
                            chunk_start = position;
                            continue;
                        }
                        ++position;
                        closed = true;
                        break;
                    }
                    if (is_line_break(c)) {
                        // Whatever the file's line ends, a multi-line field holds "\n".
                        field.append(text.substr(chunk_start, position - chunk_start));
                        field.push_back('\n');
                        position = skip_line_break(text, position);
                        ++line;
                        chunk_start = position;
                        continue;
                    }
                    ++position;
                }
                if (!closed) {
                    return fail(Error::invalid_input_at(
                        opening_line, "a quoted field is never closed (the quote opens here)"));
                }
                if (position < size && text[position] != delimiter && !is_line_break(text[position])) {
                    return fail(
                        Error::invalid_input_at(line, "unexpected text after a closing quote in field " +
                                                          std::to_string(record.fields.size() + 1)));
                }
                record.fields.push_back(std::move(field));
            } else {
                // Unquoted: everything up to the delimiter or line end, spaces and stray quotes included.
                const std::size_t start = position;
                while (position < size && text[position] != delimiter && !is_line_break(text[position])) {
                    ++position;
                }
                record.fields.emplace_back(text.substr(start, position - start));
            }

            if (position < size && text[position] == delimiter) {
                ++position; // another field follows, possibly empty at the very end ("a;b;")
                continue;
            }
            if (position < size) {
                position = skip_line_break(text, position);
                ++line;
            }
            record_ended = true;
        }

        // A line with nothing on it (or only "") is a blank line, not a record with one empty field.
        if (record.fields.size() == 1 && record.fields.front().empty()) {
            continue;
        }
        expected_field_count = record.fields.size();
        table.records.push_back(std::move(record));
    }
    return table;
}

namespace {

bool starts_formula(std::string_view cell) {
    return !cell.empty() && std::string_view("=+-@\t\r").find(cell.front()) != std::string_view::npos;
}

} // namespace

std::string escape_formula(std::string_view cell) {
    if (!starts_formula(cell)) {
        return std::string(cell);
    }
    std::string escaped = "'";
    escaped += cell;
    return escaped;
}

std::string_view unescape_formula(std::string_view cell) {
    if (cell.size() >= 2 && cell.front() == '\'' && starts_formula(cell.substr(1))) {
        return cell.substr(1);
    }
    return cell;
}

void append_spreadsheet_row(std::string& out, const std::vector<std::string>& fields) {
    constexpr char delimiter = ';';
    for (std::size_t index = 0; index < fields.size(); ++index) {
        if (index > 0) {
            out += delimiter;
        }
        const std::string field = escape_formula(fields[index]);
        const bool needs_quotes = field.find_first_of("\";\r\n") != std::string::npos ||
                                  (!field.empty() && (field.front() == ' ' || field.back() == ' '));
        if (!needs_quotes) {
            out += field;
            continue;
        }
        out += '"';
        for (const char c : field) {
            if (c == '"') {
                out += '"';
            }
            out += c;
        }
        out += '"';
    }
    out += "\r\n";
}

} // namespace checkin::sync
