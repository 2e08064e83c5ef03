// The text of FILE.hub (enrolled_hub.hpp).

#include "sync/client/enrolled_hub.hpp"

#include "base/text.hpp"
#include "sync/protocol/enrolment.hpp"

#include <fmt/format.h>
#include <fstream>

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

Result<std::optional<EnrolledHub>> read_enrolled_hub(const std::filesystem::path& mirror) {
    const auto path = enrolled_hub_path(mirror);
    std::error_code ignored;
    if (!std::filesystem::exists(path, ignored)) {
        return std::optional<EnrolledHub>();
    }
    std::ifstream file(path, std::ios::binary);
    if (!file) {
        return fail(Error::invalid_input(fmt::format("{} cannot be read", path.string())));
    }
    std::string text(enrolled_hub_maximum_bytes + 1, '\0');
    file.read(text.data(), static_cast<std::streamsize>(text.size()));
    text.resize(static_cast<std::size_t>(file.gcount()));
    auto hub = decode_enrolled_hub(text);
    if (!hub) {
        return fail(Error::invalid_input(fmt::format("{}: {}", path.string(), hub.error().message)));
    }
    return std::optional<EnrolledHub>(std::move(*hub));
}

Result<std::string> read_enrolled_token(const std::filesystem::path& mirror) {
    constexpr std::size_t token_maximum_bytes = 256; // a token is 64 hexadecimal digits
    const auto path = enrolled_token_path(mirror);
    std::ifstream file(path, std::ios::binary);
    std::string text(token_maximum_bytes + 1, '\0');
    std::size_t read = 0;
    if (file) {
        file.read(text.data(), static_cast<std::streamsize>(text.size()));
        read = static_cast<std::size_t>(file.gcount()); // a short file ends the read with failbit set
    }
    text.resize(read);
    const std::string token(base::trim(std::string_view(text).substr(0, text.find('\n'))));
    if (token.empty() || text.size() > token_maximum_bytes) {
        return fail(Error::invalid_input(fmt::format(
            "{} holds no token; enrol this kiosk again with kioskctl --db FILE enrol CODE", path.string())));
    }
    return token;
}

} // namespace checkin::sync
