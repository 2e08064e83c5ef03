#pragma once

// The error value of sync/ (the roster, the mirror, the protocol, the hub and the sync client): base's
// error shape with the line of the input it is about.
// Failures that happen in normal operation (a bad roster, a locked database, an unknown code) come back
// as `Result<T>` values; exceptions are kept for broken preconditions.

#include "base/error.hpp"

#include <cstddef>
#include <expected>
#include <string>
#include <utility>

namespace checkin::sync {

// The kinds are base's (invalid_input, not_found, storage, io, …); sync adds the input line.
using base::ErrorKind;

struct Error : base::Error {
    std::size_t line = 0; // the 1-based line of the input the error is about; 0 when it is about no line

    Error() = default;
    Error(ErrorKind error_kind, std::string text, std::size_t line_number = 0)
        : base::Error{error_kind, std::move(text), {}}, line(line_number) {}

    static Error invalid_input(std::string text) { return {ErrorKind::invalid_input, std::move(text)}; }
    // "line 7: …", with the line kept apart too so callers can report it in their own form.
    static Error invalid_input_at(std::size_t line, const std::string& text) {
        return {ErrorKind::invalid_input, "line " + std::to_string(line) + ": " + text, line};
    }
    // The message without its "line N: " prefix.
    std::string text_without_line() const {
        const std::string prefix = "line " + std::to_string(line) + ": ";
        return line > 0 && message.starts_with(prefix) ? message.substr(prefix.size()) : message;
    }
    static Error not_found(std::string text) { return {ErrorKind::not_found, std::move(text)}; }
    static Error storage(std::string text) { return {ErrorKind::storage, std::move(text)}; }
    static Error io(std::string text) { return {ErrorKind::io, std::move(text)}; }
};

template <typename T> using Result = std::expected<T, Error>;

inline std::unexpected<Error> fail(Error error) {
    return std::unexpected<Error>(std::move(error));
}

} // namespace checkin::sync
