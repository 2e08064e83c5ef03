#pragma once

// The attendance list as CSV for the organisers' spreadsheet: UTF-8 with a byte-order mark (so Excel
// shows "Łukasz", not mojibake), semicolons (Polish Excel's list separator), CRLF line ends, RFC 4180
// quoting; a cell a spreadsheet would take for a formula is escaped with a leading ' (csv.hpp's
// escape_formula), which the roster import takes off again. The first ten columns carry the roster's own
// Polish headers, so the file imports back.

#include "sync/mirror/mirror.hpp"

#include <string>
#include <vector>

namespace checkin::sync {

// Columns: Kod; Imię; Nazwisko; Instytucja; Stanowisko; Partnerstwo; Województwo; Rola; Dni; E-mail;
// Status; Pochodzenie; then "Obecność DD.MM" for each event day holding the local check-in time ("9:14")
// or nothing.
std::string export_attendance_csv(const std::vector<DelegateRecord>& records, const Event& event);

} // namespace checkin::sync
