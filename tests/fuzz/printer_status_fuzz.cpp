// What a printer answers (drivers): a Brother QL's 32-byte status and a Zebra's ~HS lines, as a broken or
// hostile printer (or a network address that is not a printer) could send them. Beyond "no crash": a QL
// status that parses encodes back to bytes that parse to the same status, and the Zebra framing never
// claims more bytes than it was given.

#include "drivers/brother_ql_status.hpp"
#include "drivers/zebra_status.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) {
        return 0;
    }
    const std::span<const std::uint8_t> rest(data + 1, size - 1);
    if (data[0] % 2 == 0) {
        auto status = checkin::drivers::parse_ql_status(rest);
        if (status) {
            (void)checkin::drivers::describe_loaded_media(*status);
            const auto bytes = checkin::drivers::encode_ql_status(*status);
            auto again = checkin::drivers::parse_ql_status(bytes);
            if (!again || !(*again == *status)) {
                std::abort();
            }
            (void)checkin::drivers::check_loaded_media(*status, "62x100");
        }
    } else {
        const std::string_view text(reinterpret_cast<const char*>(rest.data()), rest.size());
        if (auto length = checkin::drivers::complete_zebra_status_length(text); length) {
            if (*length > text.size()) {
                std::abort();
            }
            if (auto status = checkin::drivers::parse_zebra_status(text.substr(0, *length)); status) {
                (void)status->describe();
            }
        }
        (void)checkin::drivers::parse_zebra_status(text);
    }
    return 0;
}
