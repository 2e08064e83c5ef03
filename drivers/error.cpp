#include "drivers/error.hpp"

namespace checkin::drivers {
namespace {

struct ProblemName {
    Problem problem;
    std::string_view name;
};

constexpr ProblemName names[] = {
    {Problem::not_found, "not_found"},
    {Problem::access_denied, "access_denied"},
    {Problem::disconnected, "disconnected"},
    {Problem::timeout, "timeout"},
    {Problem::io, "io"},
    {Problem::busy, "busy"},
    {Problem::no_media, "no_media"},
    {Problem::end_of_media, "end_of_media"},
    {Problem::wrong_media, "wrong_media"},
    {Problem::cover_open, "cover_open"},
    {Problem::cutter_jam, "cutter_jam"},
    {Problem::paused, "paused"},
    {Problem::printer_error, "printer_error"},
    {Problem::not_printed, "not_printed"},
    {Problem::invalid_input, "invalid_input"},
    {Problem::unsupported, "unsupported"},
};

} // namespace

base::ErrorKind error_kind_of(Problem problem) {
    switch (problem) {
    case Problem::not_found:
        return base::ErrorKind::not_found;
    case Problem::access_denied:
    case Problem::unsupported:
        return base::ErrorKind::refused;
    case Problem::io:
        return base::ErrorKind::io;
    case Problem::invalid_input:
        return base::ErrorKind::invalid_input;
    case Problem::disconnected:
    case Problem::timeout:
    case Problem::busy:
    case Problem::no_media:
    case Problem::end_of_media:
    case Problem::wrong_media:
    case Problem::cover_open:
    case Problem::cutter_jam:
    case Problem::paused:
    case Problem::printer_error:
    case Problem::not_printed:
        return base::ErrorKind::unavailable; // the device cannot do it now; a person can fix that
    }
    return base::ErrorKind::io;
}

std::string_view problem_name(Problem problem) {
    for (const ProblemName& entry : names) {
        if (entry.problem == problem) {
            return entry.name;
        }
    }
    return "io"; // unreachable while the table covers every Problem (tested)
}

} // namespace checkin::drivers
