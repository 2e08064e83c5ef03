#pragma once

// The one error shape of the project. Failures that happen in normal operation (a bad file, a locked
// database, an unplugged printer, an offline hub) come back as `Result<T>` values carrying an Error;
// exceptions are kept for broken preconditions. A layer may extend the shape with what its callers need
// (sync's input line, a driver's problem code), but every error answers the same three questions: what
// kind of failure it is, what a person should read, and what a technician should read.

#include <expected>
#include <string>
#include <string_view>
#include <utility>

namespace checkin::base {

// What kind of failure, so a caller can decide (tell the person, retry, give up) without parsing text.
enum class ErrorKind {
    invalid_input, // the input itself is wrong: a malformed file, a bad option or setting
    not_found,     // what was asked for does not exist
    refused,       // understood, and not allowed
    io,            // the operating system refused: a file, a socket, a device
    storage,       // the database refused: locked, full, corrupt, wrong permissions
    unavailable,   // a device, display or service that is not there right now
    internal,      // a library failed in a way the program cannot explain (out of memory)
};

// "invalid_input", "not_found", …: for logs and JSON.
std::string_view error_kind_name(ErrorKind kind);

struct Error {
    ErrorKind kind = ErrorKind::internal;
    std::string message; // a sentence a person can act on, without a trailing full stop
    std::string detail;  // technical detail for logs (errno, a library's words); no personal data

    friend bool operator==(const Error&, const Error&) = default;
};

template <typename T> using Result = std::expected<T, Error>;

inline std::unexpected<Error> fail(ErrorKind kind, std::string message, std::string detail = {}) {
    return std::unexpected<Error>(Error{kind, std::move(message), std::move(detail)});
}

} // namespace checkin::base
