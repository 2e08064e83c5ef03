#pragma once

// The checks every hub store makes before it touches its database, shared so the SQLite and the
// PostgreSQL store refuse the same requests with the same words.

#include "sync/protocol/hub_protocol.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace checkin::sync {

inline constexpr std::size_t token_bytes = 32; // a token is this many random bytes, as lower-case hex

// 64 lower-case hex digits: what create_token hands out. Anything else is no token at all.
bool is_token_shaped(std::string_view token);

// UTF-8 on one line, not empty, not long: what a kiosk name, a code or an event id must be. Fails with
// invalid_input naming `label`.
Result<void> check_identifier(std::string_view label, std::string_view value);

// What makes a whole push unusable: too many items, a bad kiosk name, or an event that cannot even be
// named in the reply. Everything else an event or a walk-in gets wrong refuses that event alone
// (event_checks.hpp).
Result<void> check_push_request(const PushRequest& request);

// Why an enrolment secret is refused, or nullopt when it is good: ErrorKind::refused, one sentence for
// every reason (a guesser learns nothing), and hub_store.hpp's enrolment_*_detail naming the reason.
std::optional<Error> enrolment_refusal(bool known, bool used, bool expired);

// A kiosk report's printer problems in one text column and back: one name a line (decode_kiosk_report
// refuses control characters in a name, so a newline never occurs inside one).
std::string joined_problem_names(const std::vector<std::string>& names);
std::vector<std::string> split_problem_names(std::string_view joined);

} // namespace checkin::sync
