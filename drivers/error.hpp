#pragma once

// The error value of the device layer: base's error shape with a code (`Problem`) and a technical
// detail for staff and the log ("libusb_bulk_transfer: LIBUSB_ERROR_NO_DEVICE after 12288 of 28456
// bytes"). What a person at the kiosk or the reception desk is told about a problem, in Polish or English,
// is the kiosk's to say from the code (problem_message in kiosk/staff/staff_messages.hpp), so a driver's
// message is empty. Printer faults are normal operation — labels run out — so they come back as
// `Result<T>` values.

#include "base/error.hpp"

#include <expected>
#include <string>
#include <string_view>
#include <utility>

namespace checkin::drivers {

// What went wrong, in terms a person can act on (the kiosk has one sentence per problem in each language).
enum class Problem {
    not_found,     // no such device attached / nothing listening at the address
    access_denied, // the device is there but we may not open it (udev rules, permissions)
    disconnected,  // unplugged or the connection dropped
    timeout,       // the device stopped answering
    io,            // any other transfer failure
    busy,          // another program holds the device, or the printer is still printing
    no_media,      // no labels loaded
    end_of_media,  // the roll ran out during the job
    wrong_media,   // loaded labels differ from what the template needs
    cover_open,    // the printer's cover (or Zebra head) is open
    cutter_jam,    // the cutter is jammed
    paused,        // a Zebra paused by its button or a command
    printer_error, // any other error the printer reports (overheating, feed error, …)
    not_printed,   // the job went out but the printer never confirmed a printed label
    invalid_input, // a bad address, model or medium given by a person or a config file
    unsupported,   // the device cannot do what was asked (e.g. read status from a file)
};

// The kind of failure a problem is (a missing device is not_found, an empty roll unavailable, …).
base::ErrorKind error_kind_of(Problem problem);

// `detail` (base's) is technical, in English, for staff, technicians and the log; never personal data; no
// trailing full stop.
struct Error : base::Error {
    Problem problem = Problem::io;

    Error() : base::Error{base::ErrorKind::io, {}, {}} {}
    Error(Problem what, std::string technical_detail)
        : base::Error{error_kind_of(what), {}, std::move(technical_detail)}, problem(what) {}

    friend bool operator==(const Error&, const Error&) = default;
};

template <typename T> using Result = std::expected<T, Error>;

inline std::unexpected<Error> fail(Problem problem, std::string detail) {
    return std::unexpected<Error>(Error{problem, std::move(detail)});
}

// A short stable name for logs and JSON ("no_media").
std::string_view problem_name(Problem problem);

} // namespace checkin::drivers
