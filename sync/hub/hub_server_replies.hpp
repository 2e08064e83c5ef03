#pragma once

// How the hub's routes answer, the sync API's (hub_server.cpp) and the dashboard's
// (hub_dashboard_routes.cpp) alike: JSON bodies, errors as {"error": "…"} with the HTTP status an Error's
// kind means. A failure of the hub itself (storage, io, internal) is answered "the hub failed; see its
// log" and its words go to the log only: they may hold SQL or a path.

#include "sync/hub/http_server.hpp"
#include "sync/roster/error.hpp"

#include <string>

namespace checkin::sync {

using http::error_reply;
using http::json_content_type;
using http::json_reply;

// invalid_input → 400, refused → 403, not_found → 404, unavailable → 503, storage, io and internal → 500.
int status_for(const Error& error);
// The error as an answer: its message for the caller's mistakes, "the hub failed; see its log" for the
// hub's own (the message and detail kept for the log in Response::problem).
http::Response failure_reply(const Error& error);

} // namespace checkin::sync
