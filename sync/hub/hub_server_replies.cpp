#include "sync/hub/hub_server_replies.hpp"

#include <fmt/format.h>

namespace checkin::sync {

int status_for(const Error& error) {
    switch (error.kind) {
    case ErrorKind::invalid_input:
        return 400;
    case ErrorKind::refused:
        return 403;
    case ErrorKind::not_found:
        return 404;
    case ErrorKind::unavailable:
        return 503;
    case ErrorKind::storage:
    case ErrorKind::io:
    case ErrorKind::internal:
        return 500;
    }
    return 500;
}

http::Response failure_reply(const Error& error) {
    const int status = status_for(error);
    if (status < 500) {
        return error_reply(status, error.message);
    }
    auto reply = error_reply(status, status == 503 ? "the hub cannot answer now; try again shortly"
                                                   : "the hub failed; see its log");
    reply.problem =
        error.detail.empty() ? error.message : fmt::format("{} ({})", error.message, error.detail);
    return reply;
}

} // namespace checkin::sync
