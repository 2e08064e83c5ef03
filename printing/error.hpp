#pragma once

// The error value of the printing module: encoders and the layout report a picture that does not fit
// the medium, an unknown model or medium name, a red layer on a black-only label. These are normal
// operation (a wrong setting, a wrong roll), so they come back as `Result<T>` values; exceptions are kept
// for broken preconditions.

#include <expected>
#include <string>
#include <utility>

namespace checkin::printing {

struct Error {
    std::string message; // a sentence a person can act on, without a trailing full stop
};

template <typename T> using Result = std::expected<T, Error>;

inline std::unexpected<Error> fail(std::string message) {
    return std::unexpected<Error>(Error{std::move(message)});
}

} // namespace checkin::printing
