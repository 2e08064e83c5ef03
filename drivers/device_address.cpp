#include "drivers/device_address.hpp"

#include <algorithm>
#include <charconv>
#include <fmt/format.h>
#include <utility>
#include <vector>

namespace checkin::drivers {
namespace {

constexpr std::string_view accepted_forms =
    "use usb://VVVV:PPPP[?serial=S], usb://class/N, tcp://HOST[:PORT], serial:///dev/ttyACM0[?baud=N], "
    "file://PATH, sim://DIR, ipp://HOST[:PORT]/PATH or cups://QUEUE";

std::unexpected<Error> invalid(std::string_view text, std::string_view why) {
    return fail(Problem::invalid_input,
                fmt::format("'{}' is not a device address: {}; {}", text, why, accepted_forms));
}

template <typename Number> std::optional<Number> parse_number(std::string_view text, int base) {
    Number value{};
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value, base);
    if (error != std::errc{} || end != text.data() + text.size() || text.empty()) {
        return std::nullopt;
    }
    return value;
}

// Splits "a?key=value&k2=v2" into the part before '?' and the query; only `allowed` keys are accepted.
struct Query {
    std::string_view base;
    std::vector<std::pair<std::string_view, std::string_view>> parameters;
};

std::optional<Query> split_query(std::string_view text) {
    Query query;
    const std::size_t question = text.find('?');
    query.base = text.substr(0, question);
    if (question == std::string_view::npos) {
        return query;
    }
    std::string_view rest = text.substr(question + 1);
    while (!rest.empty()) {
        const std::size_t ampersand = rest.find('&');
        const std::string_view pair = rest.substr(0, ampersand);
        const std::size_t equals = pair.find('=');
        if (equals == std::string_view::npos || equals == 0 || equals + 1 == pair.size()) {
            return std::nullopt;
        }
        query.parameters.emplace_back(pair.substr(0, equals), pair.substr(equals + 1));
        rest = ampersand == std::string_view::npos ? std::string_view{} : rest.substr(ampersand + 1);
    }
    return query;
}

Result<DeviceAddress> parse_usb(std::string_view text, std::string_view rest) {
    const auto query = split_query(rest);
    if (!query) {
        return invalid(text, "the part after '?' must be key=value pairs");
    }
    UsbAddress address;
    for (const auto& [key, value] : query->parameters) {
        if (key != "serial") {
            return invalid(text, fmt::format("unknown option '{}' (usb:// takes serial=)", key));
        }
        address.serial = std::string(value);
    }
    if (query->base.starts_with("class/")) {
        const auto interface_class = parse_number<std::uint8_t>(query->base.substr(6), 10);
        if (!interface_class) {
            return invalid(text, "the interface class must be a number from 0 to 255 (7 printers, 3 HID)");
        }
        address.interface_class = *interface_class;
        return address;
    }
    const std::size_t colon = query->base.find(':');
    if (colon == std::string_view::npos || colon != 4 || query->base.size() != 9) {
        return invalid(text, "a USB device is vendor:product, four hex digits each (usb://04f9:209d)");
    }
    const auto vendor = parse_number<std::uint16_t>(query->base.substr(0, 4), 16);
    const auto product = parse_number<std::uint16_t>(query->base.substr(5), 16);
    if (!vendor || !product) {
        return invalid(text, "a USB device is vendor:product, four hex digits each (usb://04f9:209d)");
    }
    address.vendor_id = *vendor;
    address.product_id = *product;
    return address;
}

Result<DeviceAddress> parse_tcp(std::string_view text, std::string_view rest) {
    TcpAddress address;
    std::string_view host = rest;
    if (host.starts_with('[')) { // [::1]:9100
        const std::size_t close = host.find(']');
        if (close == std::string_view::npos) {
            return invalid(text, "an IPv6 address needs its closing ']'");
        }
        address.host = std::string(host.substr(1, close - 1));
        host = host.substr(close + 1);
        if (!host.empty() && !host.starts_with(':')) {
            return invalid(text, "expected ':PORT' after the IPv6 address");
        }
        host = host.empty() ? host : host.substr(1);
        if (!host.empty()) {
            const auto port = parse_number<std::uint16_t>(host, 10);
            if (!port || *port == 0) {
                return invalid(text, "the port must be a number from 1 to 65535");
            }
            address.port = *port;
        }
    } else {
        const std::size_t colon = host.rfind(':');
        if (colon != std::string_view::npos) {
            const auto port = parse_number<std::uint16_t>(host.substr(colon + 1), 10);
            if (!port || *port == 0) {
                return invalid(text, "the port must be a number from 1 to 65535");
            }
            address.port = *port;
            host = host.substr(0, colon);
        }
        address.host = std::string(host);
    }
    if (address.host.empty() || address.host.find_first_of("/?# ") != std::string::npos) {
        return invalid(text, "a network printer needs a host name or address (tcp://192.0.2.10:9100)");
    }
    return address;
}

Result<DeviceAddress> parse_ipp(std::string_view text, std::string_view rest, bool encrypted) {
    const std::size_t slash = rest.find('/');
    if (slash == std::string_view::npos) {
        return invalid(text, "an IPP printer needs its resource path (ipp://192.0.2.10/ipp/print)");
    }
    const std::string_view path = rest.substr(slash);
    if (path.size() > 1024 || path.find_first_of(" ?#\"\\") != std::string_view::npos ||
        std::ranges::any_of(path, [](char c) { return static_cast<unsigned char>(c) < 0x21; })) {
        return invalid(text, "the printer's path must be plain text without spaces, '?' or '#'");
    }
    auto host = parse_tcp(text, rest.substr(0, slash));
    if (!host) {
        return std::unexpected(host.error());
    }
    const auto& tcp = std::get<TcpAddress>(*host);
    IppAddress address;
    address.host = tcp.host;
    // parse_tcp fills in 9100 for a missing port; IPP's own is 631.
    const std::string_view authority = rest.substr(0, slash);
    const bool port_given = authority.starts_with('[') ? authority.find("]:") != std::string_view::npos
                                                       : authority.find(':') != std::string_view::npos;
    address.port = port_given ? tcp.port : std::uint16_t{631};
    address.path = std::string(path);
    address.encrypted = encrypted;
    return address;
}

Result<DeviceAddress> parse_cups(std::string_view text, std::string_view rest) {
    // CUPS queue names: printable characters except space, '/', '#' and quotes (lpadmin's own rule), at
    // most 127.
    const bool valid = !rest.empty() && rest.size() <= 127 && std::ranges::all_of(rest, [](char c) {
        return c > 0x20 && c < 0x7f && c != '/' && c != '#' && c != '\'' && c != '"' && c != '\\';
    });
    if (!valid) {
        return invalid(text, "a CUPS queue is named as lpstat -p lists it (cups://Dymo_LabelWriter_450)");
    }
    return CupsQueueAddress{std::string(rest)};
}

Result<DeviceAddress> parse_serial(std::string_view text, std::string_view rest) {
    const auto query = split_query(rest);
    if (!query) {
        return invalid(text, "the part after '?' must be key=value pairs");
    }
    SerialAddress address;
    for (const auto& [key, value] : query->parameters) {
        if (key != "baud") {
            return invalid(text, fmt::format("unknown option '{}' (serial:// takes baud=)", key));
        }
        const auto baud = parse_number<unsigned>(value, 10);
        if (!baud || *baud == 0) {
            return invalid(text, "baud must be a positive number (9600, 115200)");
        }
        address.baud = *baud;
    }
    if (!query->base.starts_with('/')) {
        return invalid(text, "a serial line is a device path (serial:///dev/ttyACM0)");
    }
    address.device = std::string(query->base);
    return address;
}

} // namespace

Result<DeviceAddress> parse_device_address(std::string_view text) {
    const std::size_t separator = text.find("://");
    if (separator == std::string_view::npos) {
        return invalid(text, "it has no scheme");
    }
    const std::string_view scheme = text.substr(0, separator);
    const std::string_view rest = text.substr(separator + 3);
    if (scheme == "usb") {
        return parse_usb(text, rest);
    }
    if (scheme == "tcp") {
        return parse_tcp(text, rest);
    }
    if (scheme == "serial") {
        return parse_serial(text, rest);
    }
    if (scheme == "ipp" || scheme == "ipps") {
        return parse_ipp(text, rest, scheme == "ipps");
    }
    if (scheme == "cups") {
        return parse_cups(text, rest);
    }
    if (scheme == "file" || scheme == "sim") {
        if (rest.empty()) {
            return invalid(text, fmt::format("{}:// needs a path", scheme));
        }
        if (scheme == "file") {
            return FileAddress{std::string(rest)};
        }
        return SimulatorAddress{std::string(rest)};
    }
    return invalid(text, fmt::format("unknown scheme '{}'", scheme));
}

std::string format_device_address(const DeviceAddress& address) {
    struct Formatter {
        std::string operator()(const UsbAddress& usb) const {
            std::string text = usb.interface_class
                                   ? fmt::format("usb://class/{}", *usb.interface_class)
                                   : fmt::format("usb://{:04x}:{:04x}", usb.vendor_id.value_or(0),
                                                 usb.product_id.value_or(0));
            if (usb.serial) {
                text += "?serial=";
                text += *usb.serial;
            }
            return text;
        }
        std::string operator()(const TcpAddress& tcp) const {
            if (tcp.host.find(':') != std::string::npos) {
                return fmt::format("tcp://[{}]:{}", tcp.host, tcp.port);
            }
            return fmt::format("tcp://{}:{}", tcp.host, tcp.port);
        }
        std::string operator()(const SerialAddress& serial) const {
            return fmt::format("serial://{}?baud={}", serial.device.string(), serial.baud);
        }
        std::string operator()(const FileAddress& file) const { return "file://" + file.path.string(); }
        std::string operator()(const SimulatorAddress& simulator) const {
            return "sim://" + simulator.directory.string();
        }
        std::string operator()(const IppAddress& ipp) const {
            const std::string_view scheme = ipp.encrypted ? "ipps" : "ipp";
            if (ipp.host.find(':') != std::string::npos) {
                return fmt::format("{}://[{}]:{}{}", scheme, ipp.host, ipp.port, ipp.path);
            }
            return fmt::format("{}://{}:{}{}", scheme, ipp.host, ipp.port, ipp.path);
        }
        std::string operator()(const CupsQueueAddress& cups) const {
            return fmt::format("cups://{}", cups.queue);
        }
    };
    return std::visit(Formatter{}, address);
}

} // namespace checkin::drivers
