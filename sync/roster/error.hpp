#pragma once

// The error value of sync/: the roster, the mirror, the protocol, the hub and the sync client.
// Failures that happen in normal operation (a bad roster, a locked database, an unknown code) come back
// as `Result<T>` values; exceptions are kept for broken preconditions.

#include <cstddef>
#include <expected>
#include <string>
#include <utility>

namespace checkin::sync {

enum class ErrorCode {
    invalid_input, // the input itself is wrong: a malformed file, a bad option, an unreadable code
    not_found,     // what was asked for does not exist
    storage,       // the SQLite database refused (locked, full, corrupt, wrong permissions)
    io,            // the operating system refused (a file that cannot be read or written)
};

struct Error {
    ErrorCode code;
    std::string message;  // a sentence a person can act on, without a trailing full stop
    std::size_t line = 0; // the 1-based line of the input the error is about; 0 when it is about no line

    static Error invalid_input(std::string message) { return {ErrorCode::invalid_input, std::move(message)}; }
    // "line 7: …", with the line kept apart too so callers can report it in their own form.
    static Error invalid_input_at(std::size_t line, const std::string& text) {
        return {ErrorCode::invalid_input, "line " + std::to_string(line) + ": " + text, line};
    }
    // The message without its "line N: " prefix.
    std::string text_without_line() const {
        const std::string prefix = "line " + std::to_string(line) + ": ";
        return line > 0 && message.starts_with(prefix) ? message.substr(prefix.size()) : message;
    }
    static Error not_found(std::string message) { return {ErrorCode::not_found, std::move(message)}; }
    static Error storage(std::string message) { return {ErrorCode::storage, std::move(message)}; }
    static Error io(std::string message) { return {ErrorCode::io, std::move(message)}; }
};

template <typename T> using Result = std::expected<T, Error>;

inline std::unexpected<Error> fail(Error error) {
    return std::unexpected<Error>(std::move(error));
}

} // namespace checkin::sync
