#pragma once

// What kioskctl import and kiosk-hub import share around the importer, so both read the same options and
// say the same things: the --encoding/--delimiter/--column values turned into RosterOptions, the roster
// checked with a progress bar on a terminal, and the texts of the problems and of the summary.

#include "sync/mirror/mirror.hpp"
#include "sync/roster/error.hpp"
#include "sync/roster/roster.hpp"

#include <expected>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace checkin::sync {

struct RosterArguments {
    std::string encoding = "auto";            // auto | utf-8 | cp1250
    std::string delimiter = "auto";           // auto | semicolon | comma | tab
    std::vector<std::string> column_mappings; // "first_name=Imiona", …
};

// The roster file's bytes; an io error "cannot read PATH: REASON" when it cannot be read.
Result<std::string> read_roster_file(const std::string& path);

// An unreadable --column value is an invalid_input error naming it.
Result<RosterOptions> roster_options_from(const RosterArguments& arguments);

// parse_roster with a "Checking" progress bar on standard error when it is a terminal.
std::expected<Roster, std::vector<RosterProblem>>
check_roster(std::string_view bytes, const RosterOptions& options, const Event& event);

// Refuses a roster naming any code another event on the hub holds (`elsewhere`: their comparison keys,
// code_comparison_key), for the SQLite and the PostgreSQL hub alike: a code names one delegate of one
// event. The message gives how many and the first line, never a code.
Result<void> refuse_codes_of_other_events(const std::vector<RosterEntry>& entries,
                                          const std::unordered_set<std::string>& elsewhere);

// One line per problem, "roster.csv:3: the code CWD-1 is also on line 2\n" (no line number for a
// problem of the whole file).
std::string roster_problems_text(std::string_view roster_path, const std::vector<RosterProblem>& problems);

// "Imported roster.csv (cp1250, semicolons): 320 delegates — 320 added, 0 updated, 0 unchanged,
// 0 cancelled" (+ " (2 back from cancelled)"); "Dry run, nothing written: …" for a dry run. No full stop,
// so a caller can add to the sentence.
std::string import_summary_text(std::string_view roster_path, const Roster& roster,
                                const ImportSummary& summary, WriteMode mode);

// "Columns not imported: \"Uwagi\" \"Telefon\"\n", or empty when every column was recognised.
std::string ignored_columns_text(const Roster& roster);

} // namespace checkin::sync
