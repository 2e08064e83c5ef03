#include "sync/hub/hub_server_replies.hpp"

#include "sync/protocol/hub_protocol.hpp"

#include <utility>

namespace checkin::sync {

void send_json(httplib::Response& response, int status, std::string body) {
    response.status = status;
    response.set_content(std::move(body), json_content_type);
}

void send_error(httplib::Response& response, int status, const std::string& message) {
    send_json(response, status, encode(ErrorReply{message}));
}

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

void send_failure(httplib::Response& response, const Error& error) {
    send_error(response, status_for(error), error.message);
}

} // namespace checkin::sync
