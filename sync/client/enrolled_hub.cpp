// The text of FILE.hub (enrolled_hub.hpp).

#include "sync/client/enrolled_hub.hpp"

#include "base/text.hpp"
#include "sync/protocol/enrolment.hpp"

#include <fmt/format.h>

namespace checkin::sync {

namespace {

constexpr std::string_view url_key = "hub_url ";
constexpr std::string_view pin_key = "hub_pin ";

} // namespace

std::string encode_enrolled_hub(const EnrolledHub& hub) {
    return fmt::format("{}{}\n{}{}\n", url_key, hub.hub_url, pin_key, hub.pin);
}

Result<EnrolledHub> decode_enrolled_hub(std::string_view text) {
    if (text.size() > enrolled_hub_maximum_bytes) {
        return fail(Error::invalid_input(fmt::format("the hub settings file is {} bytes; it holds at most {}",
                                                     text.size(), enrolled_hub_maximum_bytes)));
    }
    EnrolledHub hub;
    std::size_t line_number = 0;
    for (std::size_t start = 0; start < text.size();) {
        const std::size_t end = std::min(text.find('\n', start), text.size());
        const std::string_view line = base::trim(text.substr(start, end - start));
        start = end + 1;
        ++line_number;
        if (line.empty()) {
            continue;
        }
        if (line.starts_with(url_key)) {
            hub.hub_url = std::string(base::trim(line.substr(url_key.size())));
        } else if (line.starts_with(pin_key)) {
            hub.pin = std::string(base::trim(line.substr(pin_key.size())));
        } else {
            return fail(Error::invalid_input_at(line_number, "not \"hub_url URL\" or \"hub_pin PIN\""));
        }
    }
    if (hub.hub_url.empty()) {
        return fail(Error::invalid_input("the hub settings file names no hub_url; enrol the kiosk again"));
    }
    if (!is_public_key_pin(hub.pin)) {
        return fail(Error::invalid_input(
            "the hub settings file's hub_pin is missing or not sha256//…; enrol the kiosk again"));
    }
    return hub;
}

std::filesystem::path enrolled_hub_path(const std::filesystem::path& mirror) {
    return std::filesystem::path(mirror.string() + ".hub");
}

std::filesystem::path enrolled_token_path(const std::filesystem::path& mirror) {
    return std::filesystem::path(mirror.string() + ".hub-token");
}

} // namespace checkin::sync
