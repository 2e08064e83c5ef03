// The udev rules: the shipped hardware/udev/70-checkin-kiosk.rules must be exactly what
// generate_udev_rules() makes of the shipped profiles, so the two can never drift apart. After changing a
// profile (or the generator), regenerate the file deliberately and review the diff:
//
//   CHECKIN_REGENERATE_UDEV_RULES=1 build/dev/bin/hardware_tests --gtest_filter='UdevRules.*'
//
// In that mode the test writes the file into the source tree and then fails, so a regeneration can never
// pass for a test run.
//
// udevadm cannot check the syntax here: `udevadm verify` came with systemd 253, Debian 12 has 252 (and no
// udevadm unless the udev package is installed). So the test parses every rule itself, with the grammar of
// udev(7): comma-separated KEY, KEY{attribute}, operator, "value"; known keys only; match operators (==, !=)
// on match keys and assignment operators (=, +=) on assignment keys; GOTO to a LABEL that exists. (Once the
// project moves to a systemd with `udevadm verify`, add it here; a skipped test would hide in a green run.)

#include "hardware/device_profile.hpp"
#include "hardware/udev_rules.hpp"
#include "tests/hardware/hardware_test_support.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace checkin::hardware {
namespace {

using testing::hardware_directory;
using testing::profiles_directory;
using testing::read_text;

const std::filesystem::path shipped_rules_path = hardware_directory / "udev" / udev_rules_file_name;
constexpr std::string_view regenerate_variable = "CHECKIN_REGENERATE_UDEV_RULES";

bool regenerating() {
    const char* value = std::getenv(std::string(regenerate_variable).c_str());
    return value != nullptr && std::string_view(value) == "1";
}

std::vector<DeviceProfile> shipped_profiles() {
    auto loaded = load_device_profiles(profiles_directory);
    EXPECT_TRUE(loaded) << loaded.error().message;
    return loaded ? std::move(*loaded) : std::vector<DeviceProfile>{};
}

// One KEY{attribute}OP"value" of a rule.
struct RuleKey {
    std::string key;       // "ATTR", "SUBSYSTEM"
    std::string attribute; // "idVendor" for ATTR{idVendor}; empty when the key takes none
    std::string op;        // ==, !=, =, +=, -=, :=
    std::string value;     // without the quotes
};

struct Rule {
    std::size_t line = 0;
    std::vector<RuleKey> keys;

    std::optional<std::string> match(std::string_view key, std::string_view attribute = {}) const {
        for (const RuleKey& k : keys) {
            if (k.key == key && k.attribute == attribute && k.op == "==") {
                return k.value;
            }
        }
        return std::nullopt;
    }
    std::optional<std::string> assigned(std::string_view key, std::string_view attribute = {}) const {
        for (const RuleKey& k : keys) {
            if (k.key == key && k.attribute == attribute && (k.op == "=" || k.op == "+=")) {
                return k.value;
            }
        }
        return std::nullopt;
    }
};

// udev(7): which keys match, which assign, which take {attribute}.
const std::set<std::string, std::less<>> match_keys{
    "ACTION",     "DEVPATH", "KERNEL",  "KERNELS", "NAME",  "SYMLINK", "SUBSYSTEM",
    "SUBSYSTEMS", "DRIVER",  "DRIVERS", "ATTR",    "ATTRS", "ENV",     "TAG"};
const std::set<std::string, std::less<>> assign_keys{"NAME", "SYMLINK", "OWNER",  "GROUP", "MODE",
                                                     "TAG",  "ENV",     "ATTR",   "RUN",   "IMPORT",
                                                     "GOTO", "LABEL",   "OPTIONS"};
const std::set<std::string, std::less<>> keys_with_attribute{"ATTR", "ATTRS", "ENV", "IMPORT", "RUN"};

// Parses one rule line strictly; the error says what is wrong and where.
std::optional<Rule> parse_rule(std::string_view text, std::size_t line, std::string& error) {
    Rule rule;
    rule.line = line;
    std::size_t at = 0;
    const auto fail_with = [&](std::string what) {
        error = fmt::format("line {}: {} in: {}", line, what, text);
        return std::nullopt;
    };
    while (at < text.size()) {
        RuleKey key;
        while (at < text.size() && (std::isupper(static_cast<unsigned char>(text[at])) != 0)) {
            key.key += text[at++];
        }
        if (key.key.empty()) {
            return fail_with(fmt::format("a key was expected at column {}", at + 1));
        }
        if (at < text.size() && text[at] == '{') {
            const std::size_t close = text.find('}', at);
            if (close == std::string_view::npos) {
                return fail_with("an unclosed '{'");
            }
            key.attribute = text.substr(at + 1, close - at - 1);
            if (key.attribute.empty()) {
                return fail_with(fmt::format("{}{{}} has no attribute name", key.key));
            }
            at = close + 1;
        }
        for (const std::string_view op : {"==", "!=", "+=", "-=", ":=", "="}) {
            if (text.substr(at).starts_with(op)) {
                key.op = op;
                break;
            }
        }
        if (key.op.empty()) {
            return fail_with(fmt::format("no operator after {}", key.key));
        }
        at += key.op.size();
        if (at >= text.size() || text[at] != '"') {
            return fail_with(fmt::format("the value of {} is not in double quotes", key.key));
        }
        const std::size_t close = text.find('"', at + 1);
        if (close == std::string_view::npos) {
            return fail_with("an unclosed '\"'");
        }
        key.value = text.substr(at + 1, close - at - 1);
        at = close + 1;
        const bool is_match = key.op == "==" || key.op == "!=";
        if (is_match ? !match_keys.contains(key.key) : !assign_keys.contains(key.key)) {
            return fail_with(fmt::format("{} cannot take the operator {}", key.key, key.op));
        }
        if (keys_with_attribute.contains(key.key) != !key.attribute.empty()) {
            return fail_with(
                fmt::format("{} {} {{attribute}}", key.key, key.attribute.empty() ? "needs an" : "takes no"));
        }
        rule.keys.push_back(std::move(key));
        if (at == text.size()) {
            break;
        }
        if (!text.substr(at).starts_with(", ")) {
            return fail_with(fmt::format("keys must be separated by \", \" (column {})", at + 1));
        }
        at += 2;
        if (at == text.size()) {
            return fail_with("a trailing comma");
        }
    }
    return rule;
}

struct RulesFile {
    std::vector<Rule> rules;
    std::vector<std::string> errors;
};

RulesFile parse_rules(std::string_view text) {
    RulesFile file;
    std::size_t start = 0;
    std::size_t number = 0;
    std::set<std::string> labels;
    std::vector<std::pair<std::string, std::size_t>> gotos;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) {
            file.errors.push_back("the file does not end with a newline");
            end = text.size();
        }
        const std::string_view line = text.substr(start, end - start);
        start = end + 1;
        ++number;
        if (line.empty() || line.starts_with('#')) {
            continue;
        }
        if (line.ends_with('\\') || line.ends_with(' ')) {
            file.errors.push_back(fmt::format("line {}: trailing backslash or space", number));
        }
        std::string error;
        auto rule = parse_rule(line, number, error);
        if (!rule) {
            file.errors.push_back(error);
            continue;
        }
        if (const auto label = rule->assigned("LABEL")) {
            labels.insert(*label);
        } else if (const auto target = rule->assigned("GOTO")) {
            gotos.emplace_back(*target, number);
        } else if (std::ranges::none_of(rule->keys, [](const RuleKey& k) { return k.op == "=="; })) {
            file.errors.push_back(
                fmt::format("line {}: a rule that matches nothing applies to every device", number));
        }
        file.rules.push_back(std::move(*rule));
    }
    for (const auto& [target, line] : gotos) {
        if (!labels.contains(target)) {
            file.errors.push_back(fmt::format("line {}: GOTO=\"{}\" has no LABEL", line, target));
        }
    }
    return file;
}

const Rule* find_rule(const RulesFile& file, std::string_view subsystem, std::string_view attribute_key,
                      const UsbId& id) {
    const std::string vendor = fmt::format("{:04x}", id.vendor_id);
    const std::string product = fmt::format("{:04x}", id.product_id);
    for (const Rule& rule : file.rules) {
        if (rule.match("SUBSYSTEM") == subsystem && rule.match(attribute_key, "idVendor") == vendor &&
            rule.match(attribute_key, "idProduct") == product) {
            return &rule;
        }
    }
    return nullptr;
}

void expect_kiosk_access(const Rule* rule, std::string_view what) {
    ASSERT_NE(rule, nullptr) << "no rule for " << what;
    EXPECT_EQ(rule->assigned("MODE"), "0660") << what << " (line " << rule->line << ")";
    EXPECT_EQ(rule->assigned("GROUP"), std::string(kiosk_group)) << what << " (line " << rule->line << ")";
}

TEST(UdevRules, ShippedFileIsWhatTheGeneratorMakesOfTheShippedProfiles) {
    const std::string generated = generate_udev_rules(shipped_profiles());
    if (regenerating()) {
        ASSERT_TRUE(testing::write_text(shipped_rules_path, generated))
            << "cannot write " << shipped_rules_path;
        FAIL() << "wrote " << shipped_rules_path
               << " from the profiles; review the diff (git diff hardware/udev) "
               << "and run the tests again without " << regenerate_variable;
    }
    const auto shipped = read_text(shipped_rules_path);
    ASSERT_TRUE(shipped.has_value()) << "cannot read " << shipped_rules_path;
    EXPECT_TRUE(*shipped == generated)
        << shipped_rules_path << " differs from what generate_udev_rules() makes of hardware/profiles. "
        << "If the profiles changed on purpose, regenerate it and review the diff:\n  " << regenerate_variable
        << "=1 build/dev/bin/hardware_tests --gtest_filter='UdevRules.*'";
}

TEST(UdevRules, EveryRuleOfTheShippedFileIsWellFormed) {
    const auto shipped = read_text(shipped_rules_path);
    ASSERT_TRUE(shipped.has_value()) << "cannot read " << shipped_rules_path;
    const RulesFile file = parse_rules(*shipped);
    for (const std::string& error : file.errors) {
        ADD_FAILURE() << shipped_rules_path.filename() << " " << error;
    }
    EXPECT_GT(file.rules.size(), 100u);
    // Every rule that sets a mode gives the node to the kiosk's group, and to nobody else.
    for (const Rule& rule : file.rules) {
        if (rule.assigned("MODE") || rule.assigned("GROUP")) {
            EXPECT_EQ(rule.assigned("MODE"), "0660") << "line " << rule.line;
            EXPECT_EQ(rule.assigned("GROUP"), std::string(kiosk_group)) << "line " << rule.line;
        }
    }
}

TEST(UdevRules, CoverEveryProfiledDeviceAndNothingElse) {
    const std::vector<DeviceProfile> profiles = shipped_profiles();
    const RulesFile file = parse_rules(generate_udev_rules(profiles));
    ASSERT_TRUE(file.errors.empty()) << file.errors.front();
    std::size_t usb_ids = 0;
    for (const DeviceProfile& profile : profiles) {
        for (const UsbId& id : profile.usb_ids) {
            ++usb_ids;
            const std::string what =
                fmt::format("{} {}", profile.id, format_usb_id(id.vendor_id, id.product_id));
            const Rule* device = find_rule(file, "usb", "ATTR", id);
            expect_kiosk_access(device, what + " (usb_device)");
            if (device == nullptr) {
                continue;
            }
            EXPECT_EQ(device->match("ENV", "DEVTYPE"), "usb_device") << what;
            EXPECT_EQ(device->assigned("ENV", "ID_CHECKIN_PROFILE"), profile.id) << what;
            const std::vector<ScannerMode> modes = profile.modes_of(id);
            const auto has = [&](ScannerMode mode) {
                return std::ranges::find(modes, mode) != modes.end();
            };
            if (profile.kind() == DeviceKind::printer) {
                EXPECT_EQ(device->assigned("SYMLINK"), "checkin/" + profile.id) << what;
                const Rule* lp = find_rule(file, "usbmisc", "ATTRS", id);
                expect_kiosk_access(lp, what + " (usblp)");
                if (lp != nullptr) {
                    EXPECT_EQ(lp->assigned("SYMLINK"), "checkin/" + profile.id + "-lp") << what;
                }
            }
            const Rule* hidraw = find_rule(file, "hidraw", "ATTRS", id);
            if (has(ScannerMode::hid_keyboard) || has(ScannerMode::hid_pos)) {
                expect_kiosk_access(hidraw, what + " (hidraw)");
            } else {
                EXPECT_EQ(hidraw, nullptr) << what << ": a hidraw rule for a device with no HID mode";
            }
            const Rule* tty = find_rule(file, "tty", "ATTRS", id);
            if (has(ScannerMode::serial)) {
                expect_kiosk_access(tty, what + " (ttyACM)");
                if (tty != nullptr) {
                    EXPECT_EQ(tty->match("KERNEL"), "ttyACM[0-9]*") << what;
                }
            } else {
                EXPECT_EQ(tty, nullptr) << what << ": a tty rule for a device with no serial mode";
            }
        }
    }
    // Nothing but the profiled ids: every rule naming an id names one of a profile.
    for (const Rule& rule : file.rules) {
        for (const std::string_view key : {"ATTR", "ATTRS"}) {
            const auto vendor = rule.match(key, "idVendor");
            const auto product = rule.match(key, "idProduct");
            ASSERT_EQ(vendor.has_value(), product.has_value()) << "line " << rule.line;
            if (vendor) {
                const auto vendor_id = static_cast<std::uint16_t>(std::stoul(*vendor, nullptr, 16));
                const auto product_id = static_cast<std::uint16_t>(std::stoul(*product, nullptr, 16));
                EXPECT_NE(find_profile_by_usb(profiles, vendor_id, product_id), nullptr)
                    << "line " << rule.line;
            }
        }
    }
    // One usb_device rule per USB id.
    EXPECT_EQ(std::ranges::count_if(file.rules,
                                    [](const Rule& rule) {
                                        return rule.match("SUBSYSTEM") == "usb" &&
                                               rule.match("ATTR", "idVendor");
                                    }),
              static_cast<std::ptrdiff_t>(usb_ids));
}

TEST(UdevRules, TheGenericKeyboardScannerMatchesByInterfaceBeforeTheExactIds) {
    const std::string rules = generate_udev_rules(shipped_profiles());
    const RulesFile file = parse_rules(rules);
    ASSERT_TRUE(file.errors.empty()) << file.errors.front();
    const auto by_class = std::ranges::find_if(
        file.rules, [](const Rule& rule) { return rule.match("ENV", "ID_USB_INTERFACES").has_value(); });
    ASSERT_NE(by_class, file.rules.end());
    EXPECT_EQ(by_class->match("ENV", "ID_USB_INTERFACES"), "*:030101:*");
    EXPECT_EQ(by_class->assigned("ENV", "ID_CHECKIN_PROFILE"), "generic-hid-keyboard-scanner");
    EXPECT_FALSE(by_class->assigned("SYMLINK").has_value()) << "a plain keyboard would get the link too";
    const auto hidraw = std::ranges::find_if(
        file.rules, [](const Rule& rule) { return rule.match("ATTRS", "bInterfaceClass").has_value(); });
    ASSERT_NE(hidraw, file.rules.end());
    EXPECT_EQ(hidraw->match("SUBSYSTEM"), "hidraw");
    EXPECT_EQ(hidraw->match("ATTRS", "bInterfaceSubClass"), "01");
    EXPECT_EQ(hidraw->match("ATTRS", "bInterfaceProtocol"), "01");
    expect_kiosk_access(&*hidraw, "generic hidraw");
    for (const Rule& rule : file.rules) {
        if (rule.match("ATTR", "idVendor") || rule.match("ATTRS", "idVendor")) {
            EXPECT_GT(rule.line, by_class->line) << "an exact-id rule before the class rules: the class rule "
                                                    "would overwrite its ID_CHECKIN_PROFILE";
        }
    }
    // Removal events are skipped, and the label closes the file.
    ASSERT_FALSE(file.rules.empty());
    EXPECT_EQ(file.rules.front().match("ACTION"), "remove");
    EXPECT_EQ(file.rules.front().assigned("GOTO"), "checkin_kiosk_end");
    EXPECT_EQ(file.rules.back().assigned("LABEL"), "checkin_kiosk_end");
}

TEST(UdevRules, ExactTextForOnePrinterAndOneScanner) {
    const auto profiles = parse_device_profiles(R"(
[brother-ql-800]
kind = printer
vendor = Brother
model = QL-800
usb = 04f9:209b
transports = usb
language = brother-ql
printing_model = ql-800
media = 62
dpi = 300
status = yes
source = test

[newland-hr200]
kind = scanner
vendor = Newland
model = HR200
usb = 1eab:0103 hid-keyboard
usb = 1eab:0106 serial
transports = usb
modes = hid-keyboard serial
source = test
)",
                                                "test.profile");
    ASSERT_TRUE(profiles) << profiles.error().message;
    const std::string rules = generate_udev_rules(*profiles);
    const std::string_view expected_body = R"(
ACTION=="remove", GOTO="checkin_kiosk_end"

# [brother-ql-800] Brother QL-800 (printer, test.profile)
SUBSYSTEM=="usb", ENV{DEVTYPE}=="usb_device", ATTR{idVendor}=="04f9", ATTR{idProduct}=="209b", MODE="0660", GROUP="checkin", ENV{ID_CHECKIN_PROFILE}="brother-ql-800", SYMLINK+="checkin/brother-ql-800"
SUBSYSTEM=="usbmisc", KERNEL=="lp[0-9]*", ATTRS{idVendor}=="04f9", ATTRS{idProduct}=="209b", MODE="0660", GROUP="checkin", SYMLINK+="checkin/brother-ql-800-lp"

# [newland-hr200] Newland HR200 (scanner, test.profile)
SUBSYSTEM=="usb", ENV{DEVTYPE}=="usb_device", ATTR{idVendor}=="1eab", ATTR{idProduct}=="0103", MODE="0660", GROUP="checkin", ENV{ID_CHECKIN_PROFILE}="newland-hr200"
SUBSYSTEM=="hidraw", ATTRS{idVendor}=="1eab", ATTRS{idProduct}=="0103", MODE="0660", GROUP="checkin", SYMLINK+="checkin/newland-hr200-hidraw"
SUBSYSTEM=="usb", ENV{DEVTYPE}=="usb_device", ATTR{idVendor}=="1eab", ATTR{idProduct}=="0106", MODE="0660", GROUP="checkin", ENV{ID_CHECKIN_PROFILE}="newland-hr200"
SUBSYSTEM=="tty", KERNEL=="ttyACM[0-9]*", ATTRS{idVendor}=="1eab", ATTRS{idProduct}=="0106", MODE="0660", GROUP="checkin", SYMLINK+="checkin/newland-hr200-tty"

LABEL="checkin_kiosk_end"
)";
    const std::size_t body = rules.find("\nACTION==");
    ASSERT_NE(body, std::string::npos) << rules;
    EXPECT_EQ(rules.substr(body), expected_body);
    EXPECT_TRUE(rules.starts_with("# 70-checkin-kiosk.rules: "));
    const RulesFile file = parse_rules(rules);
    EXPECT_TRUE(file.errors.empty());
    EXPECT_TRUE(std::ranges::none_of(file.rules, [](const Rule& rule) {
        return rule.match("ENV", "ID_USB_INTERFACES").has_value();
    })) << "no interface-class profile here";
}

TEST(UdevRules, TheStructuralCheckCatchesBrokenRules) {
    const std::vector<std::pair<std::string_view, std::string_view>> broken{
        {"SUBSYSTEM==\"usb\" MODE=\"0660\"\n", "separated by"},
        {"SUBSYSTEM==usb, MODE=\"0660\"\n", "not in double quotes"},
        {"SUBSYSTEM==\"usb\", MODE==\"0660\"\n", "MODE cannot take the operator =="},
        {"SUBSYSTEM==\"usb\", ATTR==\"x\"\n", "ATTR needs an {attribute}"},
        {"SUBSYSTEM{x}==\"usb\", MODE=\"0660\"\n", "SUBSYSTEM takes no {attribute}"},
        {"SUBSYSTEM==\"usb\", FOO=\"1\"\n", "FOO cannot take the operator ="},
        {"MODE=\"0660\"\n", "matches nothing"},
        {"SUBSYSTEM==\"usb\", GOTO=\"nowhere\"\n", "has no LABEL"},
        {"SUBSYSTEM==\"usb\", MODE=\"0660\", \n", "trailing"},
        {"SUBSYSTEM==\"usb\", MODE=\"0660\"", "does not end with a newline"},
    };
    for (const auto& [text, error] : broken) {
        const RulesFile file = parse_rules(text);
        ASSERT_FALSE(file.errors.empty()) << text;
        EXPECT_NE(file.errors.front().find(error), std::string::npos) << file.errors.front();
    }
}

} // namespace
} // namespace checkin::hardware
