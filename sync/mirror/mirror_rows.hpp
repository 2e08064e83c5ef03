#pragma once

// Internal to the mirror's .cpp files: how a Delegate travels to and from a row, so that the column list
// is written once.

#include "sync/mirror/sqlite.hpp"
#include "sync/roster/delegate.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace checkin::sync::rows {

// The columns, in the order read_delegate expects; prefix them with a table alias where needed.
inline constexpr std::string_view delegate_columns =
    "code, first_name, last_name, organisation, position, partnership, voivodeship, role, days, email, "
    "status, origin, row_version";

inline constexpr int delegate_column_count = 13;

// Reads the 13 delegate columns starting at `first_column`.
Delegate read_delegate(const sqlite::Statement& statement, int first_column);

// Binds the 13 delegate columns as parameters ?1 … ?13, in delegate_columns order: the delegate's own
// status, origin and version, or those the writer decides (an import, the hub numbering a walk-in).
void bind_delegate(sqlite::Statement& statement, const Delegate& delegate);
void bind_delegate(sqlite::Statement& statement, const Delegate& delegate, DelegateStatus status,
                   DelegateOrigin origin, std::int64_t row_version);

// The journal's columns, in the order read_event and bind_event use; unambiguous beside hub_sequence's.
inline constexpr std::string_view event_columns =
    "id, delegate_code, kind, at_ms, day, kiosk_id, operator, reason, uploaded, undoes";

// Reads the 10 event columns starting at `first_column`.
CheckinEvent read_event(const sqlite::Statement& statement, int first_column);

// Binds the 10 event columns as parameters ?1 … ?10 (an empty `undoes` as NULL), with `uploaded` as the
// writer decides (a kiosk's own new event: not yet; an event from the hub or pushed to it: yes).
void bind_event(sqlite::Statement& statement, const CheckinEvent& event, bool uploaded);

std::string days_to_text(const std::vector<Day>& days); // "2026-11-29,2026-11-30"
std::vector<Day> days_from_text(std::string_view text); // the inverse; unreadable parts are skipped

} // namespace checkin::sync::rows
