#include "sync/mirror/roster_import_report.hpp"

#include "base/progress_bar.hpp"
#include "sync/roster/scan_code.hpp"
#include "sync/roster/text_encoding.hpp"

#include <cerrno>
#include <cstring>
#include <fmt/format.h>
#include <fstream>
#include <sstream>

namespace checkin::sync {

Result<std::string> read_roster_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return fail(Error::io(fmt::format("cannot read {}: {}", path, std::strerror(errno))));
    }
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return std::move(bytes).str();
}

Result<RosterOptions> roster_options_from(const RosterArguments& arguments) {
    RosterOptions options;
    options.encoding = encoding_choice_from(arguments.encoding);
    options.delimiter = delimiter_choice_from(arguments.delimiter);
    for (const auto& text : arguments.column_mappings) {
        auto mapping = parse_column_mapping(text);
        if (!mapping) {
            return fail(mapping.error());
        }
        options.columns.push_back(std::move(*mapping));
    }
    return options;
}

std::expected<Roster, std::vector<RosterProblem>>
check_roster(std::string_view bytes, const RosterOptions& options, const Event& event) {
    base::ProgressBar bar("Checking ");
    return parse_roster(bytes, options, event,
                        [&](std::size_t done, std::size_t total) { bar.update(done, total); });
}

std::string roster_problems_text(std::string_view roster_path, const std::vector<RosterProblem>& problems) {
    std::string text;
    for (const auto& problem : problems) {
        text += problem.line > 0 ? fmt::format("{}:{}: {}\n", roster_path, problem.line, problem.message)
                                 : fmt::format("{}: {}\n", roster_path, problem.message);
    }
    return text;
}

std::string import_summary_text(std::string_view roster_path, const Roster& roster,
                                const ImportSummary& summary, WriteMode mode) {
    std::string text =
        fmt::format("{}{} ({}, {}): {} delegates — {} added, {} updated, {} unchanged, {} cancelled",
                    mode == WriteMode::dry_run ? "Dry run, nothing written: " : "Imported ", roster_path,
                    encoding_name(roster.encoding), delimiter_name(roster.delimiter), roster.entries.size(),
                    summary.added, summary.updated, summary.unchanged, summary.cancelled);
    if (summary.reactivated > 0) {
        text += fmt::format(" ({} back from cancelled)", summary.reactivated);
    }
    return text;
}

std::string ignored_columns_text(const Roster& roster) {
    if (roster.ignored_columns.empty()) {
        return {};
    }
    std::string text = "Columns not imported:";
    for (const auto& column : roster.ignored_columns) {
        text += fmt::format(" \"{}\"", column);
    }
    return text + '\n';
}

Result<void> refuse_codes_of_other_events(const std::vector<RosterEntry>& entries,
                                          const std::unordered_set<std::string>& elsewhere) {
    std::size_t taken = 0;
    std::size_t first_line = 0;
    for (const auto& entry : entries) {
        if (elsewhere.contains(code_comparison_key(entry.delegate.code)) && taken++ == 0) {
            first_line = entry.line;
        }
    }
    if (taken > 0) {
        return fail(
            Error{ErrorKind::refused,
                  fmt::format("nothing was imported: {} code(s) of this roster, the first on line {}, "
                              "belong to another event on this hub; a code names one delegate of one "
                              "event, so give these people new codes",
                              taken, first_line)});
    }
    return {};
}

} // namespace checkin::sync
