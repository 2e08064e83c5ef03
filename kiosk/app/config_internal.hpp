#pragma once

// What the configuration's three files share, and nothing else includes: config.cpp (the parser, the
// overrides and the summary), config_printer.cpp (the printer settings: model, medium, template and how
// they fit together) and config_staff.cpp (the staff secrets: salt, PIN and code hashes, look-ups).

#include "base/error.hpp"
#include "kiosk/app/config.hpp"

#include <cstddef>
#include <expected>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace checkin::kiosk::config_internal {

// ---- text helpers (config.cpp) ----

// "a, b and c".
std::string join_names(std::span<const std::string_view> names, std::string_view last_separator = " and ");
// "a, b, c".
std::string join_strings(const std::vector<std::string>& names);
// Plain ASCII without spaces or control characters.
bool is_printable_word(std::string_view text);
// A letter, a digit, '-' or '_'.
bool is_name_character(char c);
// 0-9, a-f or A-F.
bool is_hex_digit(char c);
// A whole decimal number and nothing else.
std::optional<unsigned> parse_whole_number(std::string_view text);

// ---- the printer settings (config_printer.cpp) ----

// "zpl" or a QL model's name, in lower case; otherwise an error body (without the file and line).
base::Result<std::string> check_model(std::string_view value);
// A QL or ZPL medium's name as the tables write it; otherwise an error body.
base::Result<std::string> check_media(std::string_view value);
// A badge template's name (no '.badge', no path); otherwise an error body.
base::Result<std::string> check_template_name(std::string_view value);
// Works out the model, medium and template not given explicitly, and checks all of them and the device
// against each other; the error blames the value a person should change.
ConfigResult<void> resolve_printer(PrinterSettings& printer);

// ---- the staff secrets (config_staff.cpp) ----

// One [staff] setting (salt, lockout_count, lockout_minutes, pin.NAME, code.NAME) given on `line`, into
// `staff`; otherwise an error body that never repeats a secret.
base::Result<void> read_staff_setting(StaffSettings& staff, std::string_view key, std::string_view value,
                                      std::size_t line);

struct LineProblem {
    std::size_t line = 0;
    std::string message; // without the file and line
};

// What is wrong with the staff settings as a whole (a hash without a salt, two people with the same PIN
// or code), or nothing.
std::optional<LineProblem> staff_problem(const StaffSettings& staff);

// ---- signed codes (config_codes.cpp) ----

// One [codes] setting (public_keys, accept_unsigned, badge_key) into `codes`; otherwise an error body.
base::Result<void> read_codes_setting(CodeSettings& codes, std::string_view key, std::string_view value);

} // namespace checkin::kiosk::config_internal
