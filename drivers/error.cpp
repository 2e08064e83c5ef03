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

std::string_view problem_name(Problem problem) {
    for (const ProblemName& entry : names) {
        if (entry.problem == problem) {
            return entry.name;
        }
    }
    return "io"; // unreachable while the table covers every Problem (tested)
}

} // namespace checkin::drivers
