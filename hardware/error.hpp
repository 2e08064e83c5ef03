#pragma once

// The error value of the hardware module: a profile file that is wrong, a directory that cannot be read.
// Kept local (like printing's) so that the module needs no link dependency on drivers/; the message is a
// sentence a person can act on, naming the file and line where there is one.

#include <expected>
#include <string>
#include <utility>

namespace checkin::hardware {

struct Error {
    std::string message; // without a trailing full stop
};

template <typename T> using Result = std::expected<T, Error>;

inline std::unexpected<Error> fail(std::string message) {
    return std::unexpected<Error>(Error{std::move(message)});
}

} // namespace checkin::hardware
