#pragma once

// The error value of hardware/: base's Error. Profiles that do not parse are bad input (the default kind
// here, with a message naming the file and line); reading a folder of profiles or opening a
// pseudo-terminal can fail with io.

#include "base/error.hpp"

#include <expected>
#include <string>
#include <utility>

namespace checkin::hardware {

using base::Error;
using base::ErrorKind;
template <typename T> using Result = base::Result<T>;

inline std::unexpected<Error> fail(std::string message, ErrorKind kind = ErrorKind::invalid_input) {
    return base::fail(kind, std::move(message));
}

} // namespace checkin::hardware
