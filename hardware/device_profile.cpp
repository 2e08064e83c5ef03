#include "hardware/device_profile.hpp"

#include "base/ini_lines.hpp"
#include "base/text.hpp"
#include "printing/brother_ql.hpp"
#include "printing/zpl.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <fmt/format.h>
#include <fstream>
#include <iterator>
#include <map>
#include <system_error>
#include <tuple>
#include <utility>

namespace checkin::hardware {
namespace {

constexpr std::array<std::pair<TransportKind, std::string_view>, 3> transport_names{{
    {TransportKind::usb, "usb"},
    {TransportKind::tcp, "tcp"},
    {TransportKind::serial, "serial"},
}};

constexpr std::array<std::pair<ScannerMode, std::string_view>, 3> scanner_mode_names{{
    {ScannerMode::hid_keyboard, "hid-keyboard"},
    {ScannerMode::hid_pos, "hid-pos"},
    {ScannerMode::serial, "serial"},
}};

constexpr std::string_view profile_extension = ".profile";

bool is_hex_digit(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// Exactly `digits` hexadecimal digits, either case.
template <typename Unsigned> std::optional<Unsigned> parse_hex(std::string_view text, std::size_t digits) {
    if (text.size() != digits || !std::ranges::all_of(text, is_hex_digit)) {
        return std::nullopt;
    }
    Unsigned value = 0;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value, 16);
    if (ec != std::errc{} || ptr != text.data() + text.size()) {
        return std::nullopt;
    }
    return value;
}

std::optional<unsigned> parse_count(std::string_view text) {
    unsigned value = 0;
    const char* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (ec != std::errc{} || ptr != end) {
        return std::nullopt;
    }
    return value;
}

std::optional<ScannerMode> parse_scanner_mode(std::string_view text) {
    for (const auto& [mode, name] : scanner_mode_names) {
        if (text == name) {
            return mode;
        }
    }
    return std::nullopt;
}

std::optional<TransportKind> parse_transport(std::string_view text) {
    for (const auto& [transport, name] : transport_names) {
        if (text == name) {
            return transport;
        }
    }
    return std::nullopt;
}

bool is_valid_id(std::string_view id) {
    if (id.empty() || id.front() == '-' || id.back() == '-') {
        return false;
    }
    return std::ranges::all_of(
        id, [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; });
}

std::string known_ql_models() {
    std::string names;
    for (const printing::QlModel& model : printing::all_ql_models()) {
        names += names.empty() ? "" : ", ";
        names += model.name;
    }
    return names;
}

// The keys a profile may carry, and whether each is for printers, scanners or both.
enum class KeyUse { any, printer, scanner };

struct KeyInfo {
    std::string_view name;
    KeyUse use;
};

constexpr std::array<KeyInfo, 14> known_keys{{
    {"kind", KeyUse::any},
    {"vendor", KeyUse::any},
    {"model", KeyUse::any},
    {"usb", KeyUse::any},
    {"transports", KeyUse::any},
    {"source", KeyUse::any},
    {"notes", KeyUse::any},
    {"language", KeyUse::printer},
    {"printing_model", KeyUse::printer},
    {"media", KeyUse::printer},
    {"dpi", KeyUse::printer},
    {"status", KeyUse::printer},
    {"modes", KeyUse::scanner},
    {"usb_interface", KeyUse::scanner},
}};

const KeyInfo* find_key(std::string_view key) {
    const auto found = std::ranges::find(known_keys, key, &KeyInfo::name);
    return found == known_keys.end() ? nullptr : &*found;
}

// What a profile's lines said, before the profile is checked as a whole at its end.
struct Section {
    DeviceProfile profile;
    std::optional<DeviceKind> kind;
    std::map<std::string, std::size_t, std::less<>> key_lines; // first line of each key given
    // Raw values kept until the kind is known.
    std::optional<PrinterLanguage> language;
    std::string printing_model;
    std::vector<std::string> media;
    std::vector<unsigned> dpi;
    std::optional<bool> status;
    std::vector<ScannerMode> modes;
};

class Parser {
public:
    explicit Parser(std::string_view source) : m_source(source) {}

    Result<std::vector<DeviceProfile>> parse(std::string_view text) {
        const auto lines =
            base::read_ini_lines(text, {.header = "profile", .header_example = "[profile-id]"});
        if (!lines) {
            return error(lines.error().line, lines.error().message);
        }
        for (const base::IniLine& line : *lines) {
            if (auto ok = line.kind == base::IniLine::Kind::header
                              ? profile_header(line.name, line.number)
                              : setting(line.key, line.value, line.number);
                !ok) {
                return std::unexpected(ok.error());
            }
        }
        if (auto ok = finish_section(); !ok) {
            return std::unexpected(ok.error());
        }
        return std::move(m_profiles);
    }

private:
    std::unexpected<Error> error(std::size_t line, std::string_view what) const {
        return fail(fmt::format("{}:{}: {}", m_source, line, what));
    }

    Result<void> profile_header(std::string_view id, std::size_t number) {
        if (auto ok = finish_section(); !ok) {
            return ok;
        }
        if (!is_valid_id(id)) {
            return error(number, fmt::format("the profile id '{}' may only use lower-case letters, digits "
                                             "and '-' (e.g. [brother-ql-820nwb])",
                                             id));
        }
        m_section.emplace();
        m_section->profile.id = id;
        m_section->profile.source_file = m_source;
        m_section->profile.line = number;
        return {};
    }

    Result<void> setting(std::string_view key, std::string_view value, std::size_t number) {
        if (!m_section) {
            return error(number, fmt::format("the key '{}' comes before the first [profile-id] header", key));
        }
        const KeyInfo* info = find_key(key);
        if (info == nullptr) {
            return error(number, fmt::format("unknown key '{}'; known keys are kind, vendor, model, usb, "
                                             "usb_interface, transports, language, printing_model, media, "
                                             "dpi, status, modes, source and notes",
                                             key));
        }
        if (value.empty()) {
            return error(number, fmt::format("the key '{}' has no value", key));
        }
        // `usb` is the one key that repeats: one line per USB identity, each with its own source comment.
        const auto [previous, inserted] = m_section->key_lines.try_emplace(std::string(key), number);
        if (!inserted && key != "usb") {
            return error(
                number, fmt::format("the key '{}' is given twice (first on line {})", key, previous->second));
        }
        return section_key(*m_section, key, value, number);
    }

    Result<void> section_key(Section& section, std::string_view key, std::string_view value,
                             std::size_t number) {
        DeviceProfile& profile = section.profile;
        if (key == "kind") {
            if (value == "printer") {
                section.kind = DeviceKind::printer;
            } else if (value == "scanner") {
                section.kind = DeviceKind::scanner;
            } else {
                return error(number, fmt::format("unknown kind '{}'; expected printer or scanner", value));
            }
        } else if (key == "vendor") {
            profile.vendor = value;
        } else if (key == "model") {
            profile.model = value;
        } else if (key == "source") {
            profile.id_source = value;
        } else if (key == "notes") {
            profile.notes = value;
        } else if (key == "usb") {
            return usb_key(profile, value, number);
        } else if (key == "usb_interface") {
            return usb_interface_key(profile, value, number);
        } else if (key == "transports") {
            for (const std::string_view word : base::split_words(value, base::spaces_tabs_and_commas)) {
                const auto transport = parse_transport(word);
                if (!transport) {
                    return error(number,
                                 fmt::format("unknown transport '{}'; expected usb, tcp or serial", word));
                }
                if (std::ranges::find(profile.transports, *transport) != profile.transports.end()) {
                    return error(number, fmt::format("the transport '{}' is listed twice", word));
                }
                profile.transports.push_back(*transport);
            }
        } else if (key == "language") {
            section.language = printing::parse_printer_language(value);
            if (!section.language) {
                return error(number, fmt::format("unknown language '{}'; expected brother-ql or zpl", value));
            }
        } else if (key == "printing_model") {
            section.printing_model = value;
        } else if (key == "media") {
            return media_key(section, value, number);
        } else if (key == "dpi") {
            for (const std::string_view word : base::split_words(value, base::spaces_tabs_and_commas)) {
                const auto dpi = parse_count(word);
                if (!dpi || *dpi == 0) {
                    return error(number, fmt::format("dpi must be positive whole numbers, not '{}'", word));
                }
                section.dpi.push_back(*dpi);
            }
        } else if (key == "status") {
            if (value == "yes") {
                section.status = true;
            } else if (value == "no") {
                section.status = false;
            } else {
                return error(number, fmt::format("status must be yes or no, not '{}'", value));
            }
        } else if (key == "modes") {
            for (const std::string_view word : base::split_words(value, base::spaces_tabs_and_commas)) {
                const auto mode = parse_scanner_mode(word);
                if (!mode) {
                    return error(number, fmt::format("unknown scanner mode '{}'; expected hid-keyboard, "
                                                     "hid-pos or serial",
                                                     word));
                }
                if (std::ranges::find(section.modes, *mode) != section.modes.end()) {
                    return error(number, fmt::format("the mode '{}' is listed twice", word));
                }
                section.modes.push_back(*mode);
            }
        }
        return {};
    }

    // "04f9:209d" or "1eab:0110 hid-pos".
    Result<void> usb_key(DeviceProfile& profile, std::string_view value, std::size_t number) {
        const auto words = base::split_words(value, base::spaces_tabs_and_commas);
        const auto colon = words.empty() ? std::string_view::npos : words[0].find(':');
        std::optional<std::uint16_t> vendor;
        std::optional<std::uint16_t> product;
        if (colon != std::string_view::npos) {
            vendor = parse_hex<std::uint16_t>(words[0].substr(0, colon), 4);
            product = parse_hex<std::uint16_t>(words[0].substr(colon + 1), 4);
        }
        if (words.size() > 2 || !vendor || !product) {
            return error(number, fmt::format("usb needs vendor:product as four hex digits each, optionally "
                                             "followed by a scanner mode (usb = 1eab:0110 hid-pos), not '{}'",
                                             value));
        }
        UsbId id{.vendor_id = *vendor, .product_id = *product, .mode = std::nullopt, .line = number};
        if (words.size() == 2) {
            id.mode = parse_scanner_mode(words[1]);
            if (!id.mode) {
                return error(number, fmt::format("unknown scanner mode '{}' after the USB id; expected "
                                                 "hid-keyboard, hid-pos or serial",
                                                 words[1]));
            }
        }
        for (const UsbId& other : profile.usb_ids) {
            if (other.vendor_id == id.vendor_id && other.product_id == id.product_id) {
                return error(number, fmt::format("the USB id {} is given twice (first on line {})",
                                                 format_usb_id(id.vendor_id, id.product_id), other.line));
            }
        }
        profile.usb_ids.push_back(id);
        return {};
    }

    // "03:01:01 hid-keyboard": class, subclass, protocol as two hex digits each, and the scanner mode.
    Result<void> usb_interface_key(DeviceProfile& profile, std::string_view value, std::size_t number) {
        const auto words = base::split_words(value, base::spaces_tabs_and_commas);
        std::vector<std::optional<std::uint8_t>> parts;
        if (!words.empty()) {
            std::string_view rest = words[0];
            for (std::size_t colon = rest.find(':');; colon = rest.find(':')) {
                parts.push_back(parse_hex<std::uint8_t>(rest.substr(0, colon), 2));
                if (colon == std::string_view::npos) {
                    break;
                }
                rest.remove_prefix(colon + 1);
            }
        }
        const auto mode = words.size() == 2 ? parse_scanner_mode(words[1]) : std::nullopt;
        if (words.size() != 2 || parts.size() != 3 ||
            !std::ranges::all_of(parts, &std::optional<std::uint8_t>::has_value) || !mode) {
            return error(number, fmt::format("usb_interface needs class:subclass:protocol as two hex digits "
                                             "each and a scanner mode (usb_interface = 03:01:01 "
                                             "hid-keyboard), not '{}'",
                                             value));
        }
        profile.usb_interface =
            UsbInterfaceMatch{.interface = {*parts[0], *parts[1], *parts[2]}, .mode = *mode, .line = number};
        return {};
    }

    Result<void> media_key(Section& section, std::string_view value, std::size_t number) {
        const auto words = base::split_words(value, base::spaces_tabs_and_commas);
        if (words.size() == 1 && words[0] == "none") {
            return {}; // no medium of the tables fits: the list stays empty
        }
        for (const std::string_view word : words) {
            if (word == "none") {
                return error(number, "media = none stands alone: no medium of the tables fits the printer");
            }
            if (std::ranges::find(section.media, word) != section.media.end()) {
                return error(number, fmt::format("the medium '{}' is listed twice", word));
            }
            section.media.emplace_back(word);
        }
        return {};
    }

    std::size_t line_of(const Section& section, std::string_view key) const {
        const auto found = section.key_lines.find(key);
        return found == section.key_lines.end() ? section.profile.line : found->second;
    }

    // Checks a profile as a whole once its last line is read.
    Result<void> finish_section() {
        if (!m_section) {
            return {};
        }
        Section section = std::move(*m_section);
        m_section.reset();
        DeviceProfile& profile = section.profile;
        const std::size_t header = profile.line;
        for (const std::string_view key : {"kind", "vendor", "model", "transports", "source"}) {
            if (!section.key_lines.contains(key)) {
                return error(header, fmt::format("the profile [{}] has no '{}'", profile.id, key));
            }
        }
        const KeyUse allowed = *section.kind == DeviceKind::printer ? KeyUse::printer : KeyUse::scanner;
        for (const auto& [key, line] : section.key_lines) {
            const KeyInfo* info = find_key(key);
            if (info->use != KeyUse::any && info->use != allowed) {
                return error(line, fmt::format("'{}' is for {}s only; [{}] is a {}", key,
                                               info->use == KeyUse::printer ? "printer" : "scanner",
                                               profile.id, device_kind_name(*section.kind)));
            }
        }
        const bool has_usb_match = !profile.usb_ids.empty() || profile.usb_interface.has_value();
        if (profile.has_transport(TransportKind::usb) != has_usb_match) {
            return error(line_of(section, "transports"),
                         has_usb_match ? fmt::format("[{}] has USB ids but 'usb' is not among its transports",
                                                     profile.id)
                                       : fmt::format("[{}] lists the usb transport but gives no 'usb' id or "
                                                     "'usb_interface' to find the device by",
                                                     profile.id));
        }
        if (auto ok =
                *section.kind == DeviceKind::printer ? finish_printer(section) : finish_scanner(section);
            !ok) {
            return ok;
        }
        m_profiles.push_back(std::move(profile));
        return {};
    }

    Result<void> finish_printer(Section& section) {
        DeviceProfile& profile = section.profile;
        for (const std::string_view key : {"language", "media", "dpi", "status"}) {
            if (!section.key_lines.contains(key)) {
                return error(profile.line, fmt::format("the printer [{}] has no '{}'", profile.id, key));
            }
        }
        for (const UsbId& id : profile.usb_ids) {
            if (id.mode) {
                return error(id.line, fmt::format("a printer's USB id takes no scanner mode ('{}')",
                                                  scanner_mode_name(*id.mode)));
            }
        }
        PrinterDetails printer;
        printer.language = *section.language;
        printer.printing_model = section.printing_model;
        printer.media = section.media;
        printer.dpi = section.dpi;
        printer.status = *section.status;
        if (printer.language == PrinterLanguage::brother_ql) {
            if (auto ok = check_brother(section, printer); !ok) {
                return ok;
            }
        } else {
            if (auto ok = check_zpl(section, printer); !ok) {
                return ok;
            }
        }
        profile.details = std::move(printer);
        return {};
    }

    Result<void> check_brother(const Section& section, const PrinterDetails& printer) const {
        const DeviceProfile& profile = section.profile;
        if (printer.printing_model.empty()) {
            return error(profile.line,
                         fmt::format("the Brother QL printer [{}] has no 'printing_model' (one of "
                                     "{})",
                                     profile.id, known_ql_models()));
        }
        const auto model = printing::find_ql_model(printer.printing_model);
        if (!model) {
            return error(line_of(section, "printing_model"),
                         fmt::format("unknown Brother QL model '{}'; printing/brother_ql.cpp knows {}",
                                     printer.printing_model, known_ql_models()));
        }
        for (const UsbId& id : profile.usb_ids) {
            if (id.vendor_id == printing::brother_vendor_id && id.product_id != model->product_id) {
                return error(id.line,
                             fmt::format("the USB id {} disagrees with printing's table, where {} is "
                                         "{}",
                                         format_usb_id(id.vendor_id, id.product_id), model->name,
                                         format_usb_id(printing::brother_vendor_id, model->product_id)));
            }
        }
        if (printer.dpi != std::vector<unsigned>{model->dots_per_inch}) {
            return error(line_of(section, "dpi"),
                         fmt::format("a {} prints at {} dpi only; write dpi = {}", model->name,
                                     model->dots_per_inch, model->dots_per_inch));
        }
        for (const std::string& name : printer.media) {
            const auto media = printing::find_ql_media(name);
            if (!media) {
                return error(line_of(section, "media"),
                             fmt::format("unknown Brother medium '{}' (see the media table in "
                                         "printing/brother_ql.cpp)",
                                         name));
            }
            if (!printing::ql_media_fits(*model, *media)) {
                return error(line_of(section, "media"),
                             fmt::format("the medium '{}' ({}) does not work in a {}", name,
                                         media->part_number, model->name));
            }
        }
        return {};
    }

    Result<void> check_zpl(const Section& section, const PrinterDetails& printer) const {
        if (!printer.printing_model.empty()) {
            return error(line_of(section, "printing_model"),
                         "printing_model names a Brother QL model; a ZPL printer takes none");
        }
        for (const std::string& name : printer.media) {
            const auto media = printing::find_zpl_media(name);
            if (!media) {
                return error(line_of(section, "media"),
                             fmt::format("unknown ZPL medium '{}' (see printing/zpl.cpp)", name));
            }
            if (std::ranges::find(printer.dpi, media->dpi) == printer.dpi.end()) {
                return error(line_of(section, "media"),
                             fmt::format("the medium '{}' is for {} dpi heads, not among this printer's dpi",
                                         name, media->dpi));
            }
        }
        return {};
    }

    Result<void> finish_scanner(Section& section) {
        DeviceProfile& profile = section.profile;
        if (section.modes.empty()) {
            return error(profile.line, fmt::format("the scanner [{}] has no 'modes'", profile.id));
        }
        const auto check_mode = [&](ScannerMode mode, std::size_t line) -> Result<void> {
            if (std::ranges::find(section.modes, mode) == section.modes.end()) {
                return error(line, fmt::format("the mode '{}' is not among the scanner's modes",
                                               scanner_mode_name(mode)));
            }
            return {};
        };
        for (const UsbId& id : profile.usb_ids) {
            if (id.mode) {
                if (auto ok = check_mode(*id.mode, id.line); !ok) {
                    return ok;
                }
            }
        }
        if (profile.usb_interface) {
            if (auto ok = check_mode(profile.usb_interface->mode, profile.usb_interface->line); !ok) {
                return ok;
            }
        }
        profile.details = ScannerDetails{section.modes};
        return {};
    }

    std::string_view m_source;
    std::optional<Section> m_section;
    std::vector<DeviceProfile> m_profiles;
};

// Two profiles, in one file or in two, must not claim one id, USB id or interface class: the kiosk would
// not know which driver to use, and the udev rules would say two things about one device.
Result<void> check_no_duplicates(const std::vector<DeviceProfile>& profiles) {
    std::map<std::string_view, const DeviceProfile*> ids;
    std::map<std::pair<std::uint16_t, std::uint16_t>, std::pair<const DeviceProfile*, std::size_t>> usb_ids;
    std::map<std::tuple<std::uint8_t, std::uint8_t, std::uint8_t>, const DeviceProfile*> interfaces;
    for (const DeviceProfile& profile : profiles) {
        if (const auto [at, inserted] = ids.try_emplace(profile.id, &profile); !inserted) {
            return fail(fmt::format("{}:{}: the profile id [{}] is already used at {}:{}",
                                    profile.source_file, profile.line, profile.id, at->second->source_file,
                                    at->second->line));
        }
        for (const UsbId& id : profile.usb_ids) {
            const auto [at, inserted] =
                usb_ids.try_emplace({id.vendor_id, id.product_id}, std::pair{&profile, id.line});
            if (!inserted) {
                const auto& [other, line] = at->second;
                return fail(fmt::format("{}:{}: the USB id {} of [{}] is already claimed by [{}] at {}:{}",
                                        profile.source_file, id.line,
                                        format_usb_id(id.vendor_id, id.product_id), profile.id, other->id,
                                        other->source_file, line));
            }
        }
        if (profile.usb_interface) {
            const UsbInterfaceClass& interface = profile.usb_interface->interface;
            const auto [at, inserted] = interfaces.try_emplace(
                std::tuple{interface.interface_class, interface.subclass, interface.protocol}, &profile);
            if (!inserted) {
                return fail(fmt::format("{}:{}: the interface class {:02x}:{:02x}:{:02x} of [{}] is already "
                                        "matched by [{}] at {}:{}",
                                        profile.source_file, profile.usb_interface->line,
                                        interface.interface_class, interface.subclass, interface.protocol,
                                        profile.id, at->second->id, at->second->source_file,
                                        at->second->usb_interface->line));
            }
        }
    }
    return {};
}

} // namespace

bool DeviceProfile::has_transport(TransportKind transport) const {
    return std::ranges::find(transports, transport) != transports.end();
}

std::vector<ScannerMode> DeviceProfile::modes_of(const UsbId& usb_id) const {
    const ScannerDetails* details_of_scanner = scanner();
    if (details_of_scanner == nullptr) {
        return {};
    }
    if (usb_id.mode) {
        return {*usb_id.mode};
    }
    return details_of_scanner->modes;
}

std::string_view device_kind_name(DeviceKind kind) {
    return kind == DeviceKind::printer ? "printer" : "scanner";
}

std::string_view transport_name(TransportKind transport) {
    return std::ranges::find(transport_names, transport, &std::pair<TransportKind, std::string_view>::first)
        ->second;
}

std::string format_usb_id(std::uint16_t vendor_id, std::uint16_t product_id) {
    return fmt::format("{:04x}:{:04x}", vendor_id, product_id);
}

Result<std::vector<DeviceProfile>> parse_device_profiles(std::string_view text, std::string_view source) {
    auto profiles = Parser(source).parse(text);
    if (!profiles) {
        return profiles;
    }
    if (auto ok = check_no_duplicates(*profiles); !ok) {
        return std::unexpected(ok.error());
    }
    return profiles;
}

Result<std::vector<DeviceProfile>> load_device_profiles(const std::filesystem::path& directory) {
    std::error_code error;
    std::vector<std::filesystem::path> files;
    for (std::filesystem::directory_iterator entry(directory, error), end; !error && entry != end;
         entry.increment(error)) {
        if (entry->path().extension() == profile_extension && entry->is_regular_file()) {
            files.push_back(entry->path());
        }
    }
    if (error) {
        return fail(
            fmt::format("cannot read the device profiles in {}: {}", directory.string(), error.message()));
    }
    if (files.empty()) {
        return fail(fmt::format("{} holds no *.profile file; point the kiosk at hardware/profiles",
                                directory.string()));
    }
    std::ranges::sort(files);
    std::vector<DeviceProfile> all;
    for (const std::filesystem::path& file : files) {
        std::ifstream in(file, std::ios::binary);
        const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        if (!in && !in.eof()) {
            return fail(fmt::format("cannot read the device profile {}", file.string()));
        }
        auto profiles = parse_device_profiles(text, file.filename().string());
        if (!profiles) {
            return std::unexpected(profiles.error());
        }
        std::ranges::move(*profiles, std::back_inserter(all));
    }
    if (auto ok = check_no_duplicates(all); !ok) {
        return std::unexpected(ok.error());
    }
    return all;
}

const DeviceProfile* find_profile_by_usb(const std::vector<DeviceProfile>& profiles, std::uint16_t vendor_id,
                                         std::uint16_t product_id) {
    for (const DeviceProfile& profile : profiles) {
        for (const UsbId& id : profile.usb_ids) {
            if (id.vendor_id == vendor_id && id.product_id == product_id) {
                return &profile;
            }
        }
    }
    return nullptr;
}

const DeviceProfile* find_profile_by_interface(const std::vector<DeviceProfile>& profiles,
                                               UsbInterfaceClass interface) {
    for (const DeviceProfile& profile : profiles) {
        if (profile.usb_interface && profile.usb_interface->interface == interface) {
            return &profile;
        }
    }
    return nullptr;
}

const DeviceProfile* match_usb_device(const std::vector<DeviceProfile>& profiles, std::uint16_t vendor_id,
                                      std::uint16_t product_id,
                                      std::span<const UsbInterfaceClass> interfaces) {
    if (const DeviceProfile* exact = find_profile_by_usb(profiles, vendor_id, product_id)) {
        return exact;
    }
    for (const UsbInterfaceClass& interface : interfaces) {
        if (const DeviceProfile* by_class = find_profile_by_interface(profiles, interface)) {
            return by_class;
        }
    }
    return nullptr;
}

const DeviceProfile* find_profile(const std::vector<DeviceProfile>& profiles, std::string_view id) {
    const auto found = std::ranges::find(profiles, id, &DeviceProfile::id);
    return found == profiles.end() ? nullptr : &*found;
}

} // namespace checkin::hardware
