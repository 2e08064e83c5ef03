#pragma once

// How the hub's routes answer, the sync API's (hub_server.cpp) and the dashboard's (hub_dashboard.cpp)
// alike: JSON bodies, errors as {"error": "…"} with the HTTP status an Error's code means.

#include "sync/roster/error.hpp"

#include <httplib.h>
#include <string>

namespace checkin::sync {

inline constexpr const char* json_content_type = "application/json; charset=utf-8";

void send_json(httplib::Response& response, int status, std::string body);
void send_error(httplib::Response& response, int status, const std::string& message);
// invalid_input → 400, not_found → 404, storage and io → 500.
int status_for(const Error& error);
void send_failure(httplib::Response& response, const Error& error);

} // namespace checkin::sync
