#pragma once

// The organiser's roster file → validated delegates. Pure: the caller reads the file and writes the
// mirror; this only decides what the bytes say, and refuses the whole file with every problem found.

#include "sync/roster/csv.hpp"
#include "sync/roster/delegate.hpp"
#include "sync/roster/text_encoding.hpp"

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace checkin::sync {

enum class RosterField {
    code,
    first_name,
    last_name,
    organisation,
    position,
    partnership,
    voivodeship,
    role,
    days,
    email
};

struct ColumnMapping {
    RosterField field;
    std::string header; // the header text in the file, compared ignoring case and diacritics
};

struct RosterOptions {
    EncodingChoice encoding = EncodingChoice::automatic;
    DelimiterChoice delimiter = DelimiterChoice::automatic;
    std::vector<ColumnMapping> columns; // explicit mappings; they win over the recognised headers
    // Set by an import that may take the event's days from the roster: when the event has no days yet,
    // the days the roster lists become the event's (Roster::event_days_from_roster), days written without
    // a year in the year nearest to this day.
    std::optional<Day> today;
};

struct RosterProblem {
    std::size_t line = 0; // 1-based; 0 when the problem is the file as a whole
    std::string message;
};

struct RosterEntry {
    std::size_t line = 0;
    Delegate delegate;
};

struct Roster {
    Encoding encoding = Encoding::utf8;
    char delimiter = ',';
    std::vector<RosterEntry> entries;
    std::vector<std::string> ignored_columns; // headers we did not recognise, for the import report
    // The event's days as the roster gave them, when the event had none (RosterOptions::today); the
    // entries' days are checked against them. Empty otherwise.
    std::vector<Day> event_days_from_roster;
};

// Called now and then with (records done, records in all) while validating a large file.
using ProgressCallback = std::function<void(std::size_t done, std::size_t total)>;

// Decodes, parses and validates. Every problem is collected (up to a sane cap) with its line:
// duplicate codes, a missing code, first or last name, an impossible day, a day that is not one of
// the event's, an unterminated quote, a file that is not text, a header without the required columns.
// Requires the event's days (a roster's "29.11" takes the event's year).
std::expected<Roster, std::vector<RosterProblem>> parse_roster(std::string_view bytes,
                                                               const RosterOptions& options,
                                                               const Event& event,
                                                               const ProgressCallback& progress = {});

// Recognises a column option such as "first_name=Imię" or "code=Identyfikator".
Result<ColumnMapping> parse_column_mapping(std::string_view option);

// The field's name in options and JSON ("first_name") and its Polish header ("Imię").
std::string_view field_name(RosterField field);
std::string_view polish_header(RosterField field);

// The values of the --encoding and --delimiter options that kioskctl import and kiosk-hub import take:
// "utf-8" | "cp1250" and "semicolon" | "comma" | "tab"; anything else ("auto") detects.
EncodingChoice encoding_choice_from(std::string_view text);
DelimiterChoice delimiter_choice_from(std::string_view text);
// How an import summary names the delimiter it found: "semicolons", "tabs", "commas".
std::string_view delimiter_name(char delimiter);

} // namespace checkin::sync
