#include "base/error.hpp"

namespace checkin::base {

std::string_view error_kind_name(ErrorKind kind) {
    switch (kind) {
    case ErrorKind::invalid_input:
        return "invalid_input";
    case ErrorKind::not_found:
        return "not_found";
    case ErrorKind::refused:
        return "refused";
    case ErrorKind::io:
        return "io";
    case ErrorKind::storage:
        return "storage";
    case ErrorKind::unavailable:
        return "unavailable";
    case ErrorKind::internal:
        return "internal";
    }
    return "unknown";
}

} // namespace checkin::base
