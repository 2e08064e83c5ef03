#pragma once

// The error value of the printing module: base's Error. Encoders and the layout report a picture that
// does not fit the medium, an unknown model or medium name, a red layer on a black-only label — bad input
// (a wrong setting, a wrong roll), the default kind here; reading templates, fonts and pictures can also
// fail with io. These are normal operation, so they come back as `Result<T>` values; exceptions are kept
// for broken preconditions.

#include "base/error.hpp"

#include <expected>
#include <string>
#include <utility>

namespace checkin::printing {

using base::Error;
using base::ErrorKind;
template <typename T> using Result = base::Result<T>;

inline std::unexpected<Error> fail(std::string message, ErrorKind kind = ErrorKind::invalid_input) {
    return base::fail(kind, std::move(message));
}

} // namespace checkin::printing
