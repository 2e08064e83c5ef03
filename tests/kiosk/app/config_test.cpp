#include "kiosk/app/config.hpp"
#include "printing/badge_template.hpp"

#include <cctype>
#include <chrono>
#include <filesystem>
#include <gtest/gtest.h>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace checkin::kiosk {
namespace {

using namespace std::chrono_literals;

const std::filesystem::path example_path = CHECKIN_TEST_DATA "/../../kiosk/app/kiosk.conf.example";
const std::filesystem::path templates_dir = CHECKIN_TEST_DATA "/../../printing/templates";

constexpr std::string_view salt = "cwd-serock-2026-h4T9";
// printf '%s%s' cwd-serock-2026-h4T9 2468 | sha256sum
constexpr std::string_view hash_2468 = "9805a2bef4fbf55eb44e88ab1952220fcf00dcd4858d6d123e3582a306b247a5";
// printf '%s%s' cwd-serock-2026-h4T9 1357 | sha256sum
constexpr std::string_view hash_1357 = "5a4df21d7a203b6800643f959461ea1bacc135b4ae73214fbaeead3e14ca6e1f";
// PINs are Argon2id hashes (kiosk --hash-pin); these are the example's, of 246813 (anna) and 135792.
constexpr std::string_view pin_246813 =
    "$argon2id$v=19$m=65536,t=2,p=1$fY3FP2+LNFQEp9E+kRpOxw$6fMg9HhwbBhdplSTLZtasBssdlGRoVm03J8c+OubWbI";
constexpr std::string_view pin_135792 =
    "$argon2id$v=19$m=65536,t=2,p=1$SLRz5HHvBHve6XJbd0LbFA$2ej0WgSAI/+rA4QXtIDFesNg27V10SOhpV/TOwd+M2o";
// printf '%s%s' cwd-serock-2026-h4T9 STAFF-7Q4M-RECEPCJA | sha256sum
constexpr std::string_view hash_staff_code =
    "17c77b4276366e61e4268fe12ffbd4e748d5d599292898b70cc3137f63d0272d";

ConfigResult<KioskConfig> parse(std::string_view text) {
    return parse_kiosk_config(text, "test.conf");
}

// A file with [kiosk] id = k1 and then `rest`; the lines of `rest` start at line 3.
std::string with_id(std::string_view rest) {
    return "[kiosk]\nid = k1\n" + std::string(rest);
}

KioskConfig parsed(std::string_view text) {
    auto config = parse(text);
    EXPECT_TRUE(config.has_value()) << config.error().message;
    return config ? std::move(*config) : default_kiosk_config();
}

// ---- defaults --------------------------------------------------------------------------------------

void expect_defaults_apart_from_id(const KioskConfig& config) {
    EXPECT_TRUE(config.kiosk.database.value.empty());
    EXPECT_EQ(config.kiosk.language.value, Language::pl);
    EXPECT_EQ(config.kiosk.language.origin.kind, Origin::Kind::built_in);
    EXPECT_FALSE(config.kiosk.date.value.has_value());

    const PrinterSettings& printer = config.printer;
    EXPECT_FALSE(printer.device.value.has_value());
    EXPECT_EQ(printer.model.value, "ql-820nwb");
    EXPECT_EQ(printer.model.origin.kind, Origin::Kind::built_in);
    EXPECT_EQ(printer.media.value, "62x100");
    EXPECT_EQ(printer.media.origin.kind, Origin::Kind::built_in);
    EXPECT_EQ(printer.badge_template.value, "ql-62x100");
    EXPECT_EQ(printer.badge_template.origin.kind, Origin::Kind::derived);
    EXPECT_EQ(printer.target.format, BadgeFormat::ql);
    ASSERT_TRUE(printer.target.model.has_value());
    EXPECT_EQ(printer.target.model->name, "ql-820nwb");
    ASSERT_TRUE(printer.target.ql_media.has_value());
    EXPECT_EQ(printer.target.ql_media->name, "62x100");
    EXPECT_FALSE(printer.target.zpl_media.has_value());

    ASSERT_EQ(config.scanners.devices.size(), 1U);
    EXPECT_TRUE(std::holds_alternative<KeyboardWedgeScanner>(config.scanners.devices[0]));
    EXPECT_EQ(config.scanners.keyboard.terminator, drivers::WedgeTerminator::enter);
    EXPECT_EQ(config.scanners.keyboard.max_scanner_gap, 30ms);

    EXPECT_EQ(config.screens.welcome, 2s);
    EXPECT_EQ(config.screens.take_badge, 6s);
    EXPECT_EQ(config.screens.refusal, 8s);
    EXPECT_EQ(config.screens.printer_problem, 15s);
    EXPECT_EQ(config.screens.staff_inactivity, 2min);
    EXPECT_EQ(config.screens.badge_exit, BadgeExit::below);
    EXPECT_TRUE(config.event.english_name.value.empty());

    EXPECT_TRUE(config.staff.salt.empty());
    EXPECT_TRUE(config.staff.pins.empty());
    EXPECT_TRUE(config.staff.codes.empty());
    EXPECT_EQ(config.staff.lockout_count, 5U);
    EXPECT_EQ(config.staff.lockout_duration, 1min);

    EXPECT_TRUE(config.sync.hub.empty());
    EXPECT_TRUE(config.sync.token.empty());
    EXPECT_TRUE(config.sync.token_env.empty());
}

TEST(ConfigDefaults, AFileWithOnlyTheIdTakesEveryDefault) {
    const KioskConfig config = parsed("[kiosk]\nid = recepcja-1\n");
    EXPECT_EQ(config.source, "test.conf");
    EXPECT_EQ(config.kiosk.id.value, "recepcja-1");
    EXPECT_EQ(config.kiosk.id.origin.where(), "test.conf:2");
    expect_defaults_apart_from_id(config);
}

TEST(ConfigDefaults, TheConfigurationWithoutAFileIsTheSame) {
    const KioskConfig config = default_kiosk_config();
    EXPECT_TRUE(config.source.empty());
    EXPECT_EQ(config.kiosk.id.value, "kiosk");
    expect_defaults_apart_from_id(config);
}

TEST(ConfigDefaults, TimingBoundsContainTheDefaults) {
    const ScreenTimings defaults;
    const auto inside = [](std::chrono::milliseconds value, TimingBounds bounds) {
        return value >= bounds.least && value <= bounds.most;
    };
    EXPECT_TRUE(inside(defaults.welcome, welcome_bounds()));
    EXPECT_TRUE(inside(defaults.take_badge, take_badge_bounds()));
    EXPECT_TRUE(inside(defaults.refusal, refusal_bounds()));
    EXPECT_TRUE(inside(defaults.printer_problem, printer_problem_bounds()));
    EXPECT_TRUE(inside(defaults.staff_inactivity, staff_inactivity_bounds()));
}

// ---- every key -------------------------------------------------------------------------------------

TEST(ConfigKeys, EveryKeyIsRead) {
    const std::string text = std::string("[kiosk]\n"
                                         "id = kiosk-2\n"                         // 2
                                         "database = /var/lib/checkin/a.sqlite\n" // 3
                                         "language = en\n"                        // 4
                                         "[printer]\n"                            // 5
                                         "device = tcp://192.0.2.10:9101\n"       // 6
                                         "model = ql-810w\n"                      // 7
                                         "media = 62red\n"                        // 8
                                         "template = ql-62red-100\n"              // 9
                                         "[scanners]\n"                           // 10
                                         "devices = keyboard, camera:/dev/video2, usb://0c2e:0b61?serial=A1, "
                                         "usb://class/3, serial:///dev/ttyACM0?baud=115200\n" // 11
                                         "keyboard_terminator = tab\n"                        // 12
                                         "keyboard_max_gap = 40ms\n"                          // 13
                                         "[screens]\n"                                        // 14
                                         "welcome = 1500ms\n"                                 // 15
                                         "take_badge = 4s\n"                                  // 16
                                         "refusal = 10 s\n"                                   // 17
                                         "printer_problem = 1min\n"                           // 18
                                         "staff_inactivity = 90s\n"                           // 19
                                         "[staff]\n"                                          // 20
                                         "salt = ") +
                             std::string(salt) + "\n" +                                          // 21
                             "pin.anna = " + std::string(pin_246813) + "\n" +                    // 22
                             "pin.Bartek_2 = " + std::string(pin_135792) + "\n" +                // 23
                             "code.recepcja = " + std::string(hash_staff_code) + "\n" +          // 24
                             "lockout_count = 3\n"                                               // 25
                             "lockout_minutes = 10\n"                                            // 26
                             "[sync]\n"                                                          // 27
                             "hub = https://checkin-hub.example:8443/api/v1\n"                   // 28
                             "token_env = CHECKIN_HUB_TOKEN\n"                                   // 29
                             "hub_pin = sha256//Ld7yQm8bq1HnK3t0vJ2xWcZpE4s5U6i7O8a9B0c1D2e=\n"; // 30
    const KioskConfig config = parsed(text);

    EXPECT_EQ(config.kiosk.id.value, "kiosk-2");
    EXPECT_EQ(config.kiosk.database.value, "/var/lib/checkin/a.sqlite");
    EXPECT_EQ(config.kiosk.database.origin.where(), "test.conf:3");
    EXPECT_EQ(config.kiosk.language.value, Language::en);
    EXPECT_EQ(config.kiosk.language.origin.line, 4U);

    const PrinterSettings& printer = config.printer;
    ASSERT_TRUE(printer.device.value.has_value());
    EXPECT_EQ(*printer.device.value, drivers::DeviceAddress(drivers::TcpAddress{"192.0.2.10", 9101}));
    EXPECT_EQ(printer.device.origin.line, 6U);
    EXPECT_EQ(printer.model.value, "ql-810w");
    EXPECT_EQ(printer.model.origin.line, 7U);
    EXPECT_EQ(printer.media.value, "62red");
    EXPECT_EQ(printer.media.origin.line, 8U);
    EXPECT_EQ(printer.badge_template.value, "ql-62red-100");
    EXPECT_EQ(printer.badge_template.origin.line, 9U);
    EXPECT_EQ(printer.target.format, BadgeFormat::ql);
    ASSERT_TRUE(printer.target.ql_media.has_value());
    EXPECT_TRUE(printer.target.ql_media->two_colour);

    const std::vector<ScannerAddress> scanners{
        KeyboardWedgeScanner{},
        CameraScanner{"/dev/video2"},
        drivers::UsbAddress{0x0c2e, 0x0b61, std::nullopt, "A1"},
        drivers::UsbAddress{std::nullopt, std::nullopt, 3, std::nullopt},
        drivers::SerialAddress{"/dev/ttyACM0", 115200},
    };
    EXPECT_EQ(config.scanners.devices, scanners);
    EXPECT_EQ(config.scanners.keyboard.terminator, drivers::WedgeTerminator::tab);
    EXPECT_EQ(config.scanners.keyboard.max_scanner_gap, 40ms);
    EXPECT_GE(config.scanners.keyboard.quiet_gap, 80ms); // a burst's ending pause stays above the gap

    EXPECT_EQ(config.screens.welcome, 1500ms);
    EXPECT_EQ(config.screens.take_badge, 4s);
    EXPECT_EQ(config.screens.refusal, 10s);
    EXPECT_EQ(config.screens.printer_problem, 1min);
    EXPECT_EQ(config.screens.staff_inactivity, 90s);

    EXPECT_EQ(config.staff.salt, salt);
    ASSERT_EQ(config.staff.pins.size(), 2U);
    EXPECT_EQ(config.staff.pins[0].name, "anna");
    EXPECT_EQ(config.staff.pins[0].hash, pin_246813);
    EXPECT_EQ(config.staff.pins[0].line, 22U);
    EXPECT_EQ(config.staff.pins[1].name, "Bartek_2");
    ASSERT_EQ(config.staff.codes.size(), 1U);
    EXPECT_EQ(config.staff.codes[0].name, "recepcja");
    EXPECT_EQ(config.staff.lockout_count, 3U);
    EXPECT_EQ(config.staff.lockout_duration, 10min);

    EXPECT_EQ(config.sync.hub, "https://checkin-hub.example:8443/api/v1");
    EXPECT_EQ(config.sync.token_env, "CHECKIN_HUB_TOKEN");
    EXPECT_TRUE(config.sync.token.empty());
    EXPECT_EQ(config.sync.token_origin.line, 29U);
    EXPECT_EQ(config.sync.hub_pin, "sha256//Ld7yQm8bq1HnK3t0vJ2xWcZpE4s5U6i7O8a9B0c1D2e=");
}

TEST(ConfigKeys, CommentsBlankLinesSpacingCrLfAndAByteOrderMarkAreAccepted) {
    const KioskConfig config = parsed("\xEF\xBB\xBF# a comment\r\n"
                                      "\r\n"
                                      "  [ kiosk ]  # the section\r\n"
                                      "\tid\t=\tk9   # trailing comment\r\n"
                                      "language=en\r\n");
    EXPECT_EQ(config.kiosk.id.value, "k9");
    EXPECT_EQ(config.kiosk.id.origin.line, 4U);
    EXPECT_EQ(config.kiosk.language.value, Language::en);
}

TEST(ConfigKeys, TimesTakeMillisecondsSecondsAndMinutes) {
    const std::map<std::string, std::chrono::milliseconds> cases{
        {"2500ms", 2500ms}, {"2.5s", 2500ms}, {"3 s", 3s}, {"1min", 1min}, {"0.5min", 30s}, {"30000 ms", 30s},
    };
    for (const auto& [text, expected] : cases) {
        SCOPED_TRACE(text);
        const KioskConfig config = parsed(with_id("[screens]\nrefusal = " + text + "\n"));
        EXPECT_EQ(config.screens.refusal, expected);
    }
}

TEST(ConfigKeys, TimesAtTheirBoundsAreAccepted) {
    const KioskConfig least = parsed(with_id("[screens]\nwelcome = 500ms\ntake_badge = 1s\nrefusal = 2s\n"
                                             "printer_problem = 3s\nstaff_inactivity = 15s\n"));
    EXPECT_EQ(least.screens.welcome, welcome_bounds().least);
    EXPECT_EQ(least.screens.staff_inactivity, staff_inactivity_bounds().least);
    const KioskConfig most = parsed(with_id("[screens]\nwelcome = 30s\ntake_badge = 60s\nrefusal = 2min\n"
                                            "printer_problem = 5min\nstaff_inactivity = 60min\n"));
    EXPECT_EQ(most.screens.printer_problem, printer_problem_bounds().most);
    EXPECT_EQ(most.screens.staff_inactivity, staff_inactivity_bounds().most);
}

TEST(ConfigKeys, NoScannersIsWrittenNone) {
    const KioskConfig config = parsed(with_id("[scanners]\ndevices = none\n"));
    EXPECT_TRUE(config.scanners.devices.empty());
}

TEST(ConfigKeys, ScannerAddressesFormatBackToWhatWasWritten) {
    const KioskConfig config =
        parsed(with_id("[scanners]\ndevices = keyboard camera:/dev/video0,usb://05f9:2206\n"));
    ASSERT_EQ(config.scanners.devices.size(), 3U);
    EXPECT_EQ(format_scanner_address(config.scanners.devices[0]), "keyboard");
    EXPECT_EQ(format_scanner_address(config.scanners.devices[1]), "camera:/dev/video0");
    EXPECT_EQ(format_scanner_address(config.scanners.devices[2]), "usb://05f9:2206");
}

TEST(ConfigKeys, ModelAndMediaNamesIgnoreCase) {
    const KioskConfig config = parsed(with_id("[printer]\nmodel = QL-820NWB\nmedia = 62X100\n"));
    EXPECT_EQ(config.printer.model.value, "ql-820nwb");
    EXPECT_EQ(config.printer.media.value, "62x100");
    const KioskConfig zebra = parsed(with_id("[printer]\nmodel = ZPL\nmedia = 4X3\n"));
    EXPECT_EQ(zebra.printer.model.value, "zpl");
    EXPECT_EQ(zebra.printer.media.value, "4x3");
}

TEST(ConfigKeys, HashesAreKeptInLowerCase) {
    std::string upper(hash_2468);
    for (char& c : upper) {
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    const KioskConfig config =
        parsed(with_id("[staff]\nsalt = " + std::string(salt) + "\ncode.anna = " + upper + "\n"));
    ASSERT_EQ(config.staff.codes.size(), 1U);
    EXPECT_EQ(config.staff.codes[0].hash, hash_2468);
}

const std::string pin_line = "hub_pin = sha256//Ld7yQm8bq1HnK3t0vJ2xWcZpE4s5U6i7O8a9B0c1D2e=\n";

TEST(ConfigKeys, HubUrlsThatAreAccepted) {
    for (const std::string url : {"http://192.0.2.1", "https://hub.example", "http://hub.local:8080/",
                                  "https://[2001:db8::1]:8443/api", "https://Hub-1.example/a/b_c.d"}) {
        SCOPED_TRACE(url);
        const KioskConfig config = parsed(with_id("[sync]\nhub = " + url + "\ntoken = abc\n" + pin_line));
        EXPECT_EQ(config.sync.hub, url);
    }
}

TEST(ConfigKeys, AnHttpsHubNeedsItsPinAndAPinNeedsAHub) {
    auto missing =
        parse_kiosk_config(with_id("[sync]\nhub = https://hub.example\ntoken = abc\n"), "test.conf");
    ASSERT_FALSE(missing.has_value());
    EXPECT_NE(missing.error().message.find("test.conf:4: an https:// hub needs hub_pin ="), std::string::npos)
        << missing.error().message;
    auto alone = parse_kiosk_config(with_id("[sync]\n" + pin_line), "test.conf");
    ASSERT_FALSE(alone.has_value());
    EXPECT_NE(alone.error().message.find("test.conf:4: hub_pin is set, but there is no hub = to use it with"),
              std::string::npos)
        << alone.error().message;
    auto malformed = parse_kiosk_config(
        with_id("[sync]\nhub = https://hub.example\ntoken = abc\nhub_pin = sha1//x\n"), "test.conf");
    ASSERT_FALSE(malformed.has_value());
    EXPECT_NE(
        malformed.error().message.find("test.conf:6: hub_pin must be sha256// and 44 characters of base64"),
        std::string::npos)
        << malformed.error().message;
    // A hub on this machine may speak plain HTTP and needs no pin.
    EXPECT_TRUE(
        parse_kiosk_config(with_id("[sync]\nhub = http://127.0.0.1:8470\ntoken = abc\n"), "t").has_value());
}

// ---- the printer settings worked out ---------------------------------------------------------------

TEST(ConfigPrinter, ABrotherOnUsbNamesItsModel) {
    const KioskConfig config = parsed(with_id("[printer]\ndevice = usb://04f9:2028\n"));
    EXPECT_EQ(config.printer.model.value, "ql-570");
    EXPECT_EQ(config.printer.model.origin.kind, Origin::Kind::derived);
    EXPECT_EQ(config.printer.model.origin.where(), "by the USB id in test.conf:4");
    EXPECT_EQ(config.printer.media.value, "62x100");
}

TEST(ConfigPrinter, AZebraOnUsbPrintsZplOnFourByThree) {
    const KioskConfig config = parsed(with_id("[printer]\ndevice = usb://0a5f:011c\n"));
    EXPECT_EQ(config.printer.model.value, "zpl");
    EXPECT_EQ(config.printer.media.value, "4x3");
    EXPECT_EQ(config.printer.badge_template.value, "zpl-4x3-203dpi");
    EXPECT_EQ(config.printer.target.format, BadgeFormat::zpl);
    ASSERT_TRUE(config.printer.target.zpl_media.has_value());
    EXPECT_EQ(config.printer.target.zpl_media->name, "4x3");
    EXPECT_FALSE(config.printer.target.model.has_value());
}

TEST(ConfigPrinter, TheSimulatedPrinterIsAQl) {
    const KioskConfig config = parsed(with_id("[printer]\ndevice = sim:///tmp/labels\nmedia = 62\n"));
    EXPECT_EQ(*config.printer.device.value, drivers::DeviceAddress(drivers::SimulatorAddress{"/tmp/labels"}));
    EXPECT_EQ(config.printer.model.value, "ql-820nwb");
    EXPECT_EQ(config.printer.badge_template.value, "ql-62-continuous-100");
}

TEST(ConfigPrinter, AnExplicitModelMatchingTheUsbIdIsAccepted) {
    const KioskConfig config = parsed(with_id("[printer]\ndevice = usb://04f9:209d\nmodel = ql-820nwb\n"));
    EXPECT_EQ(config.printer.model.origin.kind, Origin::Kind::file);
}

TEST(ConfigPrinter, AnUnknownBrotherIsAcceptedWhenItsModelIsNamed) {
    const KioskConfig config = parsed(with_id("[printer]\ndevice = usb://04f9:1234\nmodel = ql-700\n"));
    EXPECT_EQ(config.printer.model.value, "ql-700");
}

TEST(ConfigPrinter, ACustomTemplateIsTakenAsNamed) {
    const KioskConfig config = parsed(with_id("[printer]\nmedia = 29\ntemplate = my-29mm.v2\n"));
    EXPECT_EQ(config.printer.badge_template.value, "my-29mm.v2");
}

// The table of shipped templates in config.cpp must say what the files say: for each shipped template's
// medium, the default template is that template.
TEST(ConfigPrinter, TheDefaultTemplateOfEachShippedMediumIsTheShippedTemplate) {
    for (const std::string& name : printing::shipped_badge_template_names()) {
        SCOPED_TRACE(name);
        const auto shipped = printing::load_badge_template(templates_dir, name);
        ASSERT_TRUE(shipped.has_value()) << shipped.error().message;
        if (shipped->page) {
            continue; // a page's printer is not chosen by a label medium (IPP, CUPS, sheets)
        }
        const bool zpl = shipped->printer == printing::PrinterLanguage::zpl;
        const std::string model = zpl ? "zpl" : (shipped->two_colour ? "ql-820nwb" : "ql-570");
        const KioskConfig config =
            parsed(with_id("[printer]\nmodel = " + model + "\nmedia = " + shipped->medium + "\n"));
        EXPECT_EQ(config.printer.badge_template.value, name);
    }
}

// ---- errors ----------------------------------------------------------------------------------------

struct ErrorCase {
    std::string text;
    std::size_t line;
    std::string fragment; // a part of the message after "test.conf:LINE: "
};

void expect_error(const ErrorCase& error_case) {
    SCOPED_TRACE(error_case.text);
    const auto config = parse(error_case.text);
    ASSERT_FALSE(config.has_value());
    EXPECT_EQ(config.error().line, error_case.line) << config.error().message;
    const std::string prefix = "test.conf:" + std::to_string(error_case.line) + ": ";
    EXPECT_TRUE(config.error().message.starts_with(prefix)) << config.error().message;
    EXPECT_NE(config.error().message.find(error_case.fragment), std::string::npos) << config.error().message;
}

TEST(ConfigErrors, Syntax) {
    for (const ErrorCase& error_case : std::vector<ErrorCase>{
             {"id = k1\n", 1, "the key 'id' comes before the first [section] header"},
             {"[kiosk\nid = k1\n", 1, "a section header must end with ']'"},
             {"[kiosk]\nid k1\n", 2, "expected 'key = value' or '[section]', found 'id k1'"},
             {"[kiosk]\n= k1\n", 2, "a key is missing before '='"},
             {"[kiosk]\nid =\n", 2, "the key 'id' has no value"},
             {"[kiosk]\nid = # comment only\n", 2, "the key 'id' has no value"},
         }) {
        expect_error(error_case);
    }
}

TEST(ConfigErrors, UnknownSectionsAndKeysAreRefusedWithASuggestion) {
    for (const ErrorCase& error_case : std::vector<ErrorCase>{
             {with_id("[printers]\n"), 3,
              "unknown section [printers] (did you mean 'printer'?); the sections are [kiosk], [printer], "
              "[scanners], [screens], [staff], [sync]"},
             {with_id("[events]\n"), 3, "unknown section [events] (did you mean 'event'?); the sections are"},
             {with_id("[event]\nname = x\n"), 4, "unknown key 'name' in [event]; [event] takes name_en"},
             {with_id("langauge = en\n"), 3,
              "unknown key 'langauge' in [kiosk] (did you mean 'language'?); [kiosk] takes id, database and "
              "language"},
             {with_id("media = 62\n"), 3, "unknown key 'media' in [kiosk]; [kiosk] takes"},
             {with_id("[printer]\ntemplates = x\n"), 4, "(did you mean 'template'?)"},
             {with_id("[scanners]\ndevice = keyboard\n"), 4, "(did you mean 'devices'?)"},
             {with_id("[screens]\ntake-badge = 5s\n"), 4, "(did you mean 'take_badge'?)"},
             {with_id("[staff]\npins = x\n"), 4, "unknown key 'pins' in [staff]"},
             {with_id("[staff]\nlockout = 3\n"), 4, "unknown key 'lockout' in [staff]"},
             {with_id("[sync]\ntoken-env = X\n"), 4, "(did you mean 'token_env'?)"},
         }) {
        expect_error(error_case);
    }
}

TEST(ConfigErrors, EachSectionAndKeyOnlyOnce) {
    expect_error(
        {"[kiosk]\nid = a\nid = b\n", 3, "the key 'id' is given twice in [kiosk] (first on line 2)"});
    expect_error({with_id("[kiosk]\n"), 3, "the section [kiosk] is given twice (first on line 1)"});
    expect_error({with_id("[staff]\nsalt = 12345678\npin.a = " + std::string(pin_246813) +
                          "\npin.a = " + std::string(pin_135792) + "\n"),
                  6, "the key 'pin.a' is given twice in [staff] (first on line 5)"});
}

TEST(ConfigErrors, Kiosk) {
    for (const ErrorCase& error_case : std::vector<ErrorCase>{
             {"[kiosk]\nlanguage = pl\n", 1, "the configuration needs an id in [kiosk]"},
             {"# nothing\n[printer]\nmedia = 62\n[kiosk]\n", 4, "the configuration needs an id in [kiosk]"},
             {"", 1, "the configuration needs an id"},
             {"[kiosk]\nid = kiosk 1\n", 2, "id must be at most 40 letters, digits, '-', '_' or '.'"},
             {"[kiosk]\nid = kiosk/1\n", 2, "not 'kiosk/1'"},
             {"[kiosk]\nid = " + std::string(41, 'k') + "\n", 2, "id must be at most 40"},
             {with_id("language = de\n"), 3, "language must be pl or en, not 'de'"},
         }) {
        expect_error(error_case);
    }
}

TEST(ConfigErrors, PrinterValues) {
    for (const ErrorCase& error_case : std::vector<ErrorCase>{
             {with_id("[printer]\ndevice = lpt1\n"), 4, "'lpt1' is not a device address: it has no scheme"},
             {with_id("[printer]\ndevice = usb://04f9\n"), 4, "is not a device address"},
             {with_id("[printer]\nmodel = ql-9000\n"), 4,
              "unknown printer model 'ql-9000'; expected zpl (a Zebra) or a Brother QL model: ql-500,"},
             {with_id("[printer]\nmedia = a4\n"), 4, "unknown medium 'a4'; Brother QL media: 12, 29,"},
             {with_id("[printer]\ntemplate = ql-62x100.badge\n"), 4,
              "template takes the template's name without '.badge' ('ql-62x100')"},
             {with_id("[printer]\ntemplate = ../ql-62x100\n"), 4,
              "template must be the name of a badge template"},
         }) {
        expect_error(error_case);
    }
}

TEST(ConfigErrors, PrinterSettingsThatDoNotGoTogether) {
    for (const ErrorCase& error_case : std::vector<ErrorCase>{
             {with_id("[printer]\nmodel = ql-570\nmedia = 62red\n"), 5,
              "the medium 62red is black/red tape (DK-22251) that only a two-colour model prints (ql-800, "
              "ql-810w, ql-820nwb), but the model is ql-570 (test.conf:4)"},
             {with_id("[printer]\nmedia = 62red\nmodel = ql-570\n"), 5,
              "the medium 62red (test.conf:4) is black/red tape"},
             {with_id("[printer]\ndevice = usb://04f9:2028\nmedia = 62red\n"), 5,
              "but the model is ql-570 (by the USB id in test.conf:4)"},
             {with_id("[printer]\nmodel = zpl\nmedia = 62x100\n"), 5,
              "the medium 62x100 is Brother QL tape (DK-11202), but the model is zpl (test.conf:4), which "
              "needs "
              "a ZPL medium (4x3, 4x3-300, 4x6, 4x6-300)"},
             {with_id("[printer]\nmedia = 4x3\n"), 4,
              "the medium 4x3 is a ZPL label stock, but the model is ql-820nwb (the default), a Brother QL"},
             {with_id("[printer]\ndevice = usb://0a5f:011c\nmodel = ql-820nwb\n"), 5,
              "the printer usb://0a5f:011c (test.conf:4) is a Zebra (USB vendor 0a5f), which prints ZPL, but "
              "the model is ql-820nwb"},
             {with_id("[printer]\nmodel = ql-820nwb\ndevice = usb://04f9:2028\n"), 5,
              "the printer usb://04f9:2028 is a ql-570 by its USB id, but the model is ql-820nwb "
              "(test.conf:4)"},
             {with_id("[printer]\ndevice = usb://04f9:209d\nmodel = zpl\n"), 5,
              "is a ql-820nwb by its USB id, but the model is zpl"},
             {with_id("[printer]\ndevice = usb://04f9:1234\nmodel = zpl\n"), 5,
              "is a Brother (USB vendor 04f9), but the model is zpl"},
             {with_id("[printer]\ndevice = usb://04f9:1234\n"), 4,
              "the printer usb://04f9:1234 is a Brother whose model is not known here (USB product 1234); "
              "name "
              "it with model = (or --model)"},
             {with_id("[printer]\ndevice = sim:///tmp/x\nmodel = zpl\n"), 5,
              "the simulated printer sim:///tmp/x (test.conf:4) is a Brother QL and takes no ZPL"},
             {with_id("[printer]\ntemplate = ql-62red-100\n"), 4,
              "the template ql-62red-100 is for the medium 62red, but the medium is 62x100 (the default)"},
             {with_id("[printer]\nmedia = 62\ntemplate = zpl-4x3-203dpi\n"), 5,
              "the template zpl-4x3-203dpi is for the medium 4x3, but the medium is 62 (test.conf:4)"},
             {with_id("[printer]\nmedia = 29\n"), 4,
              "no shipped badge template is for the medium 29 (they are for 62x100, 62, 62red and 4x3); name "
              "your own with template ="},
         }) {
        expect_error(error_case);
    }
}

TEST(ConfigErrors, Scanners) {
    for (const ErrorCase& error_case : std::vector<ErrorCase>{
             {with_id("[scanners]\ndevices = tcp://192.0.2.1\n"), 4,
              "'tcp://192.0.2.1' is a printer's kind of address; a scanner is keyboard, camera:/dev/videoN,"},
             {with_id("[scanners]\ndevices = sim:///tmp\n"), 4, "is a printer's kind of address"},
             {with_id("[scanners]\ndevices = keyboard, scanner\n"), 4,
              "'scanner' is not a scanner; a scanner is"},
             {with_id("[scanners]\ndevices = camera:video0\n"), 4,
              "'camera:video0' is not a camera: write camera: and the device's path (camera:/dev/video0)"},
             {with_id("[scanners]\ndevices = usb://zz\n"), 4, "'usb://zz' is not a device address"},
             {with_id("[scanners]\ndevices = keyboard, usb://0c2e:0B61, usb://0c2e:0b61\n"), 4,
              "the scanner usb://0c2e:0b61 is listed twice"},
             {with_id("[scanners]\ndevices = none, keyboard\n"), 4, "devices = none means no scanner"},
             {with_id("[scanners]\nkeyboard_terminator = cr\n"), 4,
              "keyboard_terminator must be enter, tab or none, not 'cr'"},
             {with_id("[scanners]\nkeyboard_max_gap = 30\n"), 4,
              "keyboard_max_gap must be a time with its unit, ms, s or min (8s, 1500ms, 2min), not '30'"},
             {with_id("[scanners]\nkeyboard_max_gap = 1s\n"), 4,
              "keyboard_max_gap must be from 5 ms to 200 ms, not 1 s"},
             {with_id("[scanners]\ndevices = usb://0c2e:0b61\nkeyboard_terminator = tab\n"), 5,
              "keyboard_terminator applies to the keyboard scanner, but devices (line 4) does not list "
              "keyboard"},
             {with_id("[scanners]\nkeyboard_max_gap = 20ms\ndevices = none\n"), 4,
              "keyboard_max_gap applies to the keyboard scanner"},
         }) {
        expect_error(error_case);
    }
}

TEST(ConfigErrors, Screens) {
    for (const ErrorCase& error_case : std::vector<ErrorCase>{
             {with_id("[screens]\nwelcome = 2\n"), 4, "welcome must be a time with its unit"},
             {with_id("[screens]\nwelcome = 2h\n"), 4, "not '2h'"},
             {with_id("[screens]\nwelcome = -1s\n"), 4, "not '-1s'"},
             {with_id("[screens]\nwelcome = s\n"), 4, "not 's'"},
             {with_id("[screens]\nwelcome = 0.0001s\n"), 4, "not '0.0001s'"},
             {with_id("[screens]\nwelcome = 400ms\n"), 4, "welcome must be from 500 ms to 30 s, not 400 ms"},
             {with_id("[screens]\ntake_badge = 61s\n"), 4, "take_badge must be from 1 s to 1 min, not 61 s"},
             {with_id("[screens]\nrefusal = 1.5s\n"), 4, "refusal must be from 2 s to 2 min, not 1.5 s"},
             {with_id("[screens]\nprinter_problem = 6min\n"), 4,
              "printer_problem must be from 3 s to 5 min, not 6 min"},
             {with_id("[screens]\nstaff_inactivity = 10s\n"), 4,
              "staff_inactivity must be from 15 s to 60 min, not 10 s"},
             {with_id("[screens]\nbadge_exit = under\n"), 4, "badge_exit must be below, left or right"},
             {with_id("[screens]\nbadge_exit = Left\n"), 4, "not 'Left'"},
         }) {
        expect_error(error_case);
    }
}

TEST(ConfigErrors, Staff) {
    const std::string salt_line = "salt = " + std::string(salt) + "\n";
    for (const ErrorCase& error_case : std::vector<ErrorCase>{
             {with_id("[staff]\nsalt = short\n"), 4,
              "salt must be 8 to 64 ASCII characters without spaces (it is 5 "
              "characters long)"},
             {with_id("[staff]\nsalt = with a space\n"), 4, "salt must be 8 to 64"},
             {with_id("[staff]\nsalt = " + std::string(65, 's') + "\n"), 4, "salt must be 8 to 64"},
             {with_id("[staff]\n" + salt_line + "pin. = " + std::string(pin_246813) + "\n"), 5,
              "pin needs a person's name after the dot: at most 32 letters, digits, '-' or '_' (pin.anna), "
              "not "
              "'pin.'"},
             {with_id("[staff]\n" + salt_line + "code.an/na = " + std::string(hash_2468) + "\n"), 5,
              "code needs a person's name after the dot"},
             {with_id("[staff]\n" + salt_line + "pin.anna = 12345\n"), 5,
              "pin.anna must be an Argon2id hash made by `kiosk --hash-pin` (it reads the PIN, 6 to 8 "
              "digits, "
              "from standard input and prints the line to paste here), never the PIN itself"},
             // The SHA-256 lines of earlier versions are refused with the same advice.
             {with_id("[staff]\n" + salt_line + "pin.anna = " + std::string(hash_2468) + "\n"), 5,
              "pin.anna must be an Argon2id hash made by `kiosk --hash-pin`"},
             {with_id("[staff]\n" + salt_line + "pin.anna = $argon2i$v=19$m=4096,t=3,p=1$c2FsdA$aGFzaA\n"), 5,
              "pin.anna must be an Argon2id hash"},
             {with_id("[staff]\n" + salt_line + "code.desk = " + std::string(hash_2468).substr(1) + "g\n"), 5,
              "code.desk must be 64 hex digits, the SHA-256 of the salt followed by the code"},
             {with_id("[staff]\ncode.anna = " + std::string(hash_2468) + "\n"), 4,
              "code.anna needs the salt its hash was made with: add salt = to [staff]"},
             {with_id("[staff]\ncode.desk = " + std::string(hash_2468) + "\n" + salt_line +
                      "code.desk2 = " + std::string(hash_2468) + "\n"),
              6, "code.desk2 is the same code as code.desk (line 4)"},
             {with_id("[staff]\n" + salt_line + "code.anna = " + std::string(hash_2468) +
                      "\ncode.bartek = " + std::string(hash_2468) + "\n"),
              6,
              "code.bartek is the same code as code.anna (line 5): give each person one of their own, or "
              "the staff log cannot tell them apart"},
             {with_id("[staff]\nlockout_count = 0\n"), 4,
              "lockout_count must be a whole number from 1 to 20, not '0'"},
             {with_id("[staff]\nlockout_count = 21\n"), 4, "not '21'"},
             {with_id("[staff]\nlockout_count = five\n"), 4, "not 'five'"},
             {with_id("[staff]\nlockout_minutes = 0\n"), 4,
              "lockout_minutes must be a whole number from 1 to 120, not '0'"},
             {with_id("[staff]\nlockout_minutes = 1.5\n"), 4, "not '1.5'"},
         }) {
        expect_error(error_case);
    }
}

TEST(ConfigErrors, APlainPinIsNeverRepeatedInTheMessage) {
    const auto config = parse(with_id("[staff]\nsalt = 12345678\npin.anna = 4821\n"));
    ASSERT_FALSE(config.has_value());
    EXPECT_EQ(config.error().message.find("4821"), std::string::npos) << config.error().message;
}

TEST(ConfigErrors, Sync) {
    for (const ErrorCase& error_case : std::vector<ErrorCase>{
             {with_id("[sync]\nhub = ftp://hub.example\n"), 4,
              "the hub must be an http:// or https:// URL, not 'ftp://hub.example'"},
             {with_id("[sync]\nhub = hub.example\n"), 4, "the hub must be an http:// or https:// URL"},
             {with_id("[sync]\nhub = https://\n"), 4, "needs a host name or address after the scheme"},
             {with_id("[sync]\nhub = https:///api\n"), 4, "needs a host name or address"},
             {with_id("[sync]\nhub = https://hub example\n"), 4, "has a space"},
             {with_id("[sync]\nhub = https://hub.example/api?token=x\n"), 4,
              "must have no query or fragment; give the token with token or token_env"},
             {with_id("[sync]\nhub = https://kiosk:secret@hub.example\n"), 4,
              "must not carry a user name or password"},
             {with_id("[sync]\nhub = https://hub.example:70000\n"), 4,
              "has a port that is not a number from 1 to 65535"},
             {with_id("[sync]\nhub = https://hub.example:\n"), 4, "has ':' without a port"},
             {with_id("[sync]\nhub = https://[2001:db8::1\n"), 4, "IPv6 address without its closing ']'"},
             {with_id("[sync]\nhub = https://hub_1.example\n"), 4, "needs a host name"},
             {with_id("[sync]\nhub = https://hub.example\n"), 4, "the hub needs this kiosk's token"},
             {with_id("[sync]\ntoken = abc\n"), 4, "token is set, but there is no hub = to use it with"},
             {with_id("[sync]\ntoken_env = T\n"), 4, "token_env is set, but there is no hub"},
             {with_id("[sync]\nhub = https://hub.example\ntoken = abc\ntoken_env = T\n"), 6,
              "give the token either in the file (token, line 5) or by an environment variable (token_env, "
              "line "
              "6), not both"},
             {with_id("[sync]\nhub = https://hub.example\ntoken_env = 1TOKEN\n"), 5,
              "token_env must be the name of an environment variable (CHECKIN_HUB_TOKEN), not '1TOKEN'"},
             {with_id("[sync]\nhub = https://hub.example\ntoken_env = HUB-TOKEN\n"), 5, "not 'HUB-TOKEN'"},
         }) {
        expect_error(error_case);
    }
}

TEST(ConfigErrors, ATokenIsNeverRepeatedInTheMessage) {
    const auto config = parse(with_id("[sync]\nhub = https://hub.example\ntoken = s3cret tok3n\n"));
    ASSERT_FALSE(config.has_value());
    EXPECT_EQ(config.error().line, 5U);
    EXPECT_EQ(config.error().message.find("s3cret"), std::string::npos) << config.error().message;
}

TEST(ConfigErrors, AMissingFileIsNamed) {
    const auto config = load_kiosk_config("/nonexistent/kiosk.conf");
    ASSERT_FALSE(config.has_value());
    EXPECT_EQ(config.error().message,
              "the configuration file /nonexistent/kiosk.conf does not exist or is not a file");
    EXPECT_EQ(config.error().line, 0U);
}

// ---- overrides -------------------------------------------------------------------------------------

TEST(ConfigOverrides, NoOverrideChangesNothing) {
    const KioskConfig config = parsed(with_id("[printer]\ndevice = usb://04f9:2028\nmedia = 62\n"));
    const auto same = apply_overrides(config, {});
    ASSERT_TRUE(same.has_value()) << same.error().message;
    EXPECT_EQ(same->printer.model.value, "ql-570");
    EXPECT_EQ(same->printer.model.origin.kind, Origin::Kind::derived);
    EXPECT_EQ(same->printer.media.value, "62");
    EXPECT_EQ(same->printer.badge_template.value, "ql-62-continuous-100");
    EXPECT_EQ(describe_config(*same), describe_config(config));
}

TEST(ConfigOverrides, DatabaseLanguageAndDate) {
    CommandLineOverrides overrides;
    overrides.database = "/tmp/serock.sqlite";
    overrides.language = "en";
    overrides.date = "2026-11-29";
    const auto config = apply_overrides(parsed(with_id("database = /var/a.sqlite\n")), overrides);
    ASSERT_TRUE(config.has_value()) << config.error().message;
    EXPECT_EQ(config->kiosk.database.value, "/tmp/serock.sqlite");
    EXPECT_EQ(config->kiosk.database.origin.where(), "--db");
    EXPECT_EQ(config->kiosk.language.value, Language::en);
    EXPECT_EQ(config->kiosk.language.origin.where(), "--lang");
    ASSERT_TRUE(config->kiosk.date.value.has_value());
    EXPECT_EQ(*config->kiosk.date.value, sync::parse_iso_day("2026-11-29"));
    EXPECT_EQ(config->kiosk.date.origin.where(), "--date");
}

TEST(ConfigOverrides, MalformedOptionValues) {
    const KioskConfig config = parsed(with_id(""));
    const auto message = [&](CommandLineOverrides overrides) {
        const auto result = apply_overrides(config, overrides);
        if (result) {
            ADD_FAILURE() << "the overrides were accepted";
            return std::string();
        }
        EXPECT_EQ(result.error().line, 0U);
        return result.error().message;
    };
    EXPECT_EQ(message({.database = ""}), "--db needs the mirror's file name");
    EXPECT_EQ(message({.language = "de"}), "--lang must be pl or en, not 'de'");
    EXPECT_EQ(message({.date = "2026-02-30"}),
              "--date must be a date written YYYY-MM-DD (2026-11-29), not '2026-02-30'");
    EXPECT_EQ(message({.date = "29.11.2026"}),
              "--date must be a date written YYYY-MM-DD (2026-11-29), not '29.11.2026'");
    EXPECT_TRUE(message({.printer = "lpt1"}).starts_with("--printer: 'lpt1' is not a device address"));
    EXPECT_TRUE(message({.model = "ql-1"}).starts_with("--model: unknown printer model 'ql-1'"));
    EXPECT_TRUE(message({.media = "a4"}).starts_with("--media: unknown medium 'a4'"));
}

TEST(ConfigOverrides, MediaThatTheConfiguredModelCannotTakeNamesBothSources) {
    const KioskConfig config = parsed(with_id("[printer]\nmodel = ql-570\n"));
    const auto result = apply_overrides(config, {.media = "62red"});
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().line, 0U);
    EXPECT_EQ(result.error().message,
              "the medium 62red (--media) is black/red tape (DK-22251) that only a two-colour model prints "
              "(ql-800, ql-810w, ql-820nwb), but the model is ql-570 (test.conf:4)");
}

TEST(ConfigOverrides, AModelThatDoesNotTakeTheConfiguredMediaNamesBothSources) {
    const KioskConfig config = parsed(with_id("[printer]\nmedia = 62red\n"));
    const auto result = apply_overrides(config, {.model = "ql-700"});
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(
        result.error().message,
        "the medium 62red (test.conf:4) is black/red tape (DK-22251) that only a two-colour model prints "
        "(ql-800, ql-810w, ql-820nwb), but the model is ql-700 (--model)");
}

TEST(ConfigOverrides, ADerivedTemplateFollowsTheNewMedia) {
    const auto result = apply_overrides(parsed(with_id("")), {.media = "62red"});
    ASSERT_TRUE(result.has_value()) << result.error().message;
    EXPECT_EQ(result->printer.media.origin.where(), "--media");
    EXPECT_EQ(result->printer.badge_template.value, "ql-62red-100");
    ASSERT_TRUE(result->printer.target.ql_media.has_value());
    EXPECT_EQ(result->printer.target.ql_media->name, "62red");
}

TEST(ConfigOverrides, AnExplicitTemplateMustStillFit) {
    const KioskConfig config = parsed(with_id("[printer]\ntemplate = ql-62x100\n"));
    const auto result = apply_overrides(config, {.media = "62"});
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(
        result.error().message,
        "the template ql-62x100 (test.conf:4) is for the medium 62x100, but the medium is 62 (--media)");
}

TEST(ConfigOverrides, ANewPrinterDerivesItsModelMediaAndTemplateAgain) {
    const KioskConfig config = parsed(with_id("[printer]\ndevice = usb://04f9:2028\n"));
    const auto result = apply_overrides(config, {.printer = "usb://0a5f:011c"});
    ASSERT_TRUE(result.has_value()) << result.error().message;
    EXPECT_EQ(result->printer.model.value, "zpl");
    EXPECT_EQ(result->printer.model.origin.where(), "by the USB id in --printer");
    EXPECT_EQ(result->printer.media.value, "4x3");
    EXPECT_EQ(result->printer.badge_template.value, "zpl-4x3-203dpi");
    EXPECT_EQ(result->printer.target.format, BadgeFormat::zpl);
}

TEST(ConfigOverrides, ANewPrinterThatIsNotTheConfiguredModelNamesBothSources) {
    const KioskConfig config = parsed(with_id("[printer]\nmodel = ql-820nwb\n"));
    const auto result = apply_overrides(config, {.printer = "usb://04f9:2028"});
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().message,
              "the printer usb://04f9:2028 (--printer) is a ql-570 by its USB id, but the model is ql-820nwb "
              "(test.conf:4)");
    const auto with_model = apply_overrides(config, {.printer = "usb://04f9:2028", .model = "ql-570"});
    ASSERT_TRUE(with_model.has_value()) << with_model.error().message;
    EXPECT_EQ(with_model->printer.model.value, "ql-570");
}

TEST(ConfigOverrides, TheSimulatedPrinterRefusesAConfiguredZebra) {
    const KioskConfig config = parsed(with_id("[printer]\nmodel = zpl\n"));
    EXPECT_EQ(config.printer.media.value, "4x3");
    const auto result = apply_overrides(config, {.printer = "sim:///tmp/labels"});
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().message,
              "the simulated printer sim:///tmp/labels (--printer) is a Brother QL and "
              "takes no ZPL, but the model is zpl (test.conf:4)");
}

TEST(ConfigOverrides, ZplOnTheCommandLineAgainstAConfiguredQlMedium) {
    const KioskConfig config = parsed(with_id("[printer]\nmedia = 62x100\n"));
    const auto result = apply_overrides(config, {.model = "zpl"});
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().message,
              "the medium 62x100 (test.conf:4) is Brother QL tape (DK-11202), but the model "
              "is zpl (--model), which needs a ZPL medium (4x3, 4x3-300, 4x6, 4x6-300)");
    const auto default_media = apply_overrides(parsed(with_id("")), {.model = "zpl"});
    ASSERT_TRUE(default_media.has_value()) << default_media.error().message;
    EXPECT_EQ(default_media->printer.media.value, "4x3");
}

// ---- the example -----------------------------------------------------------------------------------

TEST(ConfigExample, TheExampleFileLoads) {
    const auto config = load_kiosk_config(example_path);
    ASSERT_TRUE(config.has_value()) << config.error().message;
    EXPECT_EQ(config->source, example_path.string());
    EXPECT_EQ(config->kiosk.id.value, "kiosk-1");
    EXPECT_EQ(config->kiosk.database.value, "/var/lib/checkin/serock.sqlite");
    EXPECT_EQ(config->kiosk.language.value, Language::pl);
    EXPECT_EQ(*config->printer.device.value,
              drivers::DeviceAddress(drivers::UsbAddress{0x04f9, 0x209d, std::nullopt, std::nullopt}));
    EXPECT_EQ(config->printer.model.value, "ql-820nwb");
    EXPECT_EQ(config->printer.media.value, "62x100");
    EXPECT_EQ(config->printer.badge_template.value, "ql-62x100");
    ASSERT_EQ(config->scanners.devices.size(), 2U);
    EXPECT_EQ(format_scanner_address(config->scanners.devices[0]), "usb://0c2e:0b61");
    EXPECT_EQ(format_scanner_address(config->scanners.devices[1]), "keyboard");
    EXPECT_EQ(config->screens.staff_inactivity, 2min);
    EXPECT_EQ(config->staff.salt, salt);
    EXPECT_EQ(config->staff.pins.size(), 3U);
    EXPECT_EQ(config->staff.codes.size(), 1U);
    EXPECT_EQ(config->sync.hub, "https://hub.local:8470");
    EXPECT_EQ(config->sync.hub_pin, "sha256//Ld7yQm8bq1HnK3t0vJ2xWcZpE4s5U6i7O8a9B0c1D2e=");
    EXPECT_EQ(config->sync.token_env, "CHECKIN_HUB_TOKEN");
    EXPECT_EQ(config->screens.badge_exit, BadgeExit::below);
    EXPECT_EQ(config->event.english_name.value,
              "Networking seminar of the Centrum Wsparcia Doradczego Plus programme — Serock");
}

TEST(ConfigKeys, WhereTheBadgeComesOut) {
    for (const auto& [written, exit] : std::vector<std::pair<std::string, BadgeExit>>{
             {"below", BadgeExit::below}, {"left", BadgeExit::left}, {"right", BadgeExit::right}}) {
        EXPECT_EQ(parsed(with_id("[screens]\nbadge_exit = " + written + "\n")).screens.badge_exit, exit)
            << written;
    }
}

TEST(ConfigKeys, TheEventsEnglishName) {
    const KioskConfig config = parsed(with_id("[event]\nname_en = Networking seminar — Serock\n"));
    EXPECT_EQ(config.event.english_name.value, "Networking seminar — Serock");
    EXPECT_EQ(config.event.english_name.origin.where(), "test.conf:4");
}

TEST(ConfigErrors, Event) {
    for (const ErrorCase& error_case : std::vector<ErrorCase>{
             {with_id("[event]\nname_en = " + std::string(201, 'x') + "\n"), 4,
              "name_en is 201 bytes long; an event's name for the attract screen may have at most 200"},
             {with_id("[event]\nname_en = Seminar \xFF\n"), 4, "name_en is not valid UTF-8"},
             {with_id("[event]\nname_en = A\nname_en = B\n"), 5,
              "the key 'name_en' is given twice in [event]"},
         }) {
        expect_error(error_case);
    }
}

TEST(ConfigExample, TheExamplesPinsAndCodeAreTheOnesItsCommentsName) {
    const auto config = load_kiosk_config(example_path);
    ASSERT_TRUE(config.has_value()) << config.error().message;
    const std::map<std::string, std::string> pins{
        {"246813", "anna"}, {"135792", "bartek"}, {"975310", "recepcja"}};
    for (const auto& [pin, name] : pins) {
        const StaffSecret* found = find_staff_by_pin(config->staff, pin);
        ASSERT_NE(found, nullptr) << pin;
        EXPECT_EQ(found->name, name);
    }
    const StaffSecret* code = find_staff_by_code(config->staff, "STAFF-7Q4M-RECEPCJA");
    ASSERT_NE(code, nullptr);
    EXPECT_EQ(code->name, "recepcja");
}

TEST(ConfigExample, ReceptionsZebraIsThreeOptionsAway) {
    const auto config = load_kiosk_config(example_path);
    ASSERT_TRUE(config.has_value()) << config.error().message;
    const auto reception =
        apply_overrides(*config, {.printer = "tcp://192.0.2.10", .model = "zpl", .media = "4x3"});
    ASSERT_TRUE(reception.has_value()) << reception.error().message;
    EXPECT_EQ(reception->printer.badge_template.value, "zpl-4x3-203dpi");
}

TEST(ConfigExample, AnIppOrCupsPrinterPrintsTheTemplateOfTheMediumNamed) {
    const auto config = load_kiosk_config(example_path);
    ASSERT_TRUE(config.has_value()) << config.error().message;
    const auto ipp = apply_overrides(*config, {.printer = "ipp://192.0.2.20/ipp/print"});
    ASSERT_TRUE(ipp.has_value()) << ipp.error().message;
    EXPECT_EQ(*ipp->printer.device.value,
              drivers::DeviceAddress(drivers::IppAddress{"192.0.2.20", 631, "/ipp/print", false}));
    EXPECT_EQ(ipp->printer.badge_template.value, "ql-62x100");
    const auto dymo = apply_overrides(*config, {.printer = "cups://Dymo", .model = "zpl", .media = "4x3"});
    ASSERT_TRUE(dymo.has_value()) << dymo.error().message;
    EXPECT_EQ(*dymo->printer.device.value, drivers::DeviceAddress(drivers::CupsQueueAddress{"Dymo"}));
    EXPECT_EQ(dymo->printer.badge_template.value, "zpl-4x3-203dpi");
}

// ---- staff secrets ---------------------------------------------------------------------------------

TEST(ConfigStaff, HashIsSha256OfTheSaltFollowedByTheSecret) {
    EXPECT_EQ(hash_staff_secret("2468", salt), hash_2468);
    EXPECT_EQ(hash_staff_secret("2468", salt), sha256_hex(std::string(salt) + "2468"));
    EXPECT_NE(hash_staff_secret("2468", "another-salt"), hash_2468);
}

TEST(ConfigStaff, HashPinMakesAnArgon2idHashWithASaltOfItsOwnForSixToEightDigits) {
    auto first = hash_staff_pin("246813");
    auto second = hash_staff_pin("246813");
    ASSERT_TRUE(first.has_value()) << first.error().message;
    ASSERT_TRUE(second.has_value());
    EXPECT_TRUE(first->starts_with("$argon2id$v=19$m=65536,t=2,p=1$")) << *first;
    EXPECT_NE(*first, *second); // a salt per hash
    const KioskConfig config =
        parsed(with_id("[staff]\npin.anna = " + *first + "\npin.bartek = " + *second + "\n"));
    const StaffSecret* anna = find_staff_by_pin(config.staff, "246813");
    ASSERT_NE(anna, nullptr);
    EXPECT_EQ(anna->name, "anna"); // the first that matches: the file's order
    EXPECT_EQ(find_staff_by_pin(config.staff, "246814"), nullptr);
    for (const std::string refused : {"12345", "123456789", "12345a", "", " 123456"}) {
        auto hash = hash_staff_pin(refused);
        ASSERT_FALSE(hash.has_value()) << refused;
        EXPECT_EQ(hash.error().kind, base::ErrorKind::invalid_input);
        EXPECT_EQ(hash.error().message,
                  "a staff PIN is 6 to 8 digits, nothing else (the PIN pad has digits only)");
    }
    EXPECT_TRUE(hash_staff_pin("12345678").has_value());
}

TEST(ConfigStaff, AtMostSixteenPinsSoAWrongOneIsAnsweredInTime) {
    std::string text = "[staff]\n";
    for (int index = 0; index < 17; ++index) {
        text += "pin.p" + std::to_string(index) + " = " + std::string(pin_246813) + "\n";
    }
    const auto config = parse(with_id(text));
    ASSERT_FALSE(config.has_value());
    EXPECT_EQ(config.error().line, 20U);
    EXPECT_NE(config.error().message.find("at most 16 staff PINs"), std::string::npos)
        << config.error().message;
}

TEST(ConfigStaff, PinsAndCodesAreFoundOnlyWhereTheyBelong) {
    const KioskConfig config =
        parsed(with_id("[staff]\nsalt = " + std::string(salt) + "\npin.anna = " + std::string(pin_246813) +
                       "\npin.bartek = " + std::string(pin_135792) +
                       "\ncode.desk = " + std::string(hash_staff_code) + "\n"));
    const StaffSecret* bartek = find_staff_by_pin(config.staff, "135792");
    ASSERT_NE(bartek, nullptr);
    EXPECT_EQ(bartek->name, "bartek");
    EXPECT_EQ(find_staff_by_pin(config.staff, "135793"), nullptr);
    EXPECT_EQ(find_staff_by_pin(config.staff, ""), nullptr);
    EXPECT_EQ(find_staff_by_pin(config.staff, "STAFF-7Q4M-RECEPCJA"), nullptr); // a code is not a PIN
    EXPECT_EQ(find_staff_by_code(config.staff, "246813"), nullptr);             // nor a PIN a code
    ASSERT_NE(find_staff_by_code(config.staff, "STAFF-7Q4M-RECEPCJA"), nullptr);
    EXPECT_EQ(find_staff_by_pin(default_kiosk_config().staff, "246813"), nullptr);
}

TEST(ConfigStaff, TheHubTokenComesFromTheFileOrTheEnvironment) {
    const KioskConfig literal =
        parsed(with_id("[sync]\nhub = https://hub.example\ntoken = abc123\n" + pin_line));
    EXPECT_EQ(resolve_hub_token(literal.sync, [](const std::string&) { return std::nullopt; }), "abc123");

    const KioskConfig from_environment =
        parsed(with_id("[sync]\nhub = https://hub.example\ntoken_env = HUB_T\n" + pin_line));
    const auto lookup = [](const std::string& name) -> std::optional<std::string> {
        return name == "HUB_T" ? std::optional<std::string>("from-env") : std::nullopt;
    };
    EXPECT_EQ(resolve_hub_token(from_environment.sync, lookup), "from-env");

    const auto unset =
        resolve_hub_token(from_environment.sync, [](const std::string&) { return std::nullopt; });
    ASSERT_FALSE(unset.has_value());
    EXPECT_EQ(unset.error().message,
              "the environment variable HUB_T (test.conf:5, token_env) is not set: it must "
              "hold this kiosk's hub token");
    const auto empty =
        resolve_hub_token(from_environment.sync, [](const std::string&) { return std::string(); });
    ASSERT_FALSE(empty.has_value());
    EXPECT_NE(empty.error().message.find("is empty"), std::string::npos);

    EXPECT_FALSE(resolve_hub_token(default_kiosk_config().sync).has_value());
}

// ---- describe_config -------------------------------------------------------------------------------

TEST(ConfigDescribe, SaysWhatIsInForceAndWhereItCameFrom) {
    const auto loaded = load_kiosk_config(example_path);
    ASSERT_TRUE(loaded.has_value()) << loaded.error().message;
    const auto config = apply_overrides(*loaded, {.media = "62red", .date = "2026-11-30"});
    ASSERT_TRUE(config.has_value()) << config.error().message;
    const std::string text = describe_config(*config);
    const std::string file = example_path.string();
    for (const std::string& expected : std::vector<std::string>{
             "kiosk: kiosk-1 (" + file + ")\n",
             "database: /var/lib/checkin/serock.sqlite (" + file + ":",
             "language: pl (" + file + ":",
             "date: 2026-11-30 (--date) instead of today\n",
             "printer: usb://04f9:209d (" + file + ":",
             "model ql-820nwb (" + file + ":",
             "medium 62red (DK-22251 black/red, --media); template ql-62red-100 (the one for 62red)\n",
             std::string("scanners: usb://0c2e:0b61, keyboard (ends with enter, gap under 30 ms)\n"),
             std::string("screens: welcome 2 s, take badge 6 s, refusal 8 s, printer problem 15 s, staff "
                         "inactivity 2 min\n"),
             std::string(
                 "staff: PINs of anna, bartek, recepcja; QR codes of recepcja; the PIN pad locks for 1 "
                 "min after 5 wrong PINs (5 and 30 times as long the next times)\n"),
             std::string("sync: hub https://hub.local:8470 (key "
                         "sha256//Ld7yQm8bq1HnK3t0vJ2xWcZpE4s5U6i7O8a9B0c1D2e=), "
                         "token from the environment variable CHECKIN_HUB_TOKEN\n"),
         }) {
        EXPECT_NE(text.find(expected), std::string::npos) << "missing: " << expected << "\nin:\n" << text;
    }
}

TEST(ConfigDescribe, NeverShowsTheSaltHashesOrToken) {
    const std::string token = "t0k3n-Sup3rSecret";
    const KioskConfig config =
        parsed(with_id("[staff]\nsalt = " + std::string(salt) + "\npin.anna = " + std::string(pin_246813) +
                       "\ncode.desk = " + std::string(hash_staff_code) +
                       "\n[sync]\nhub = https://hub.example\ntoken = " + token + "\n" + pin_line));
    const std::string text = describe_config(config);
    EXPECT_EQ(text.find(salt), std::string::npos) << text;
    EXPECT_EQ(text.find(pin_246813), std::string::npos) << text;
    EXPECT_EQ(text.find(pin_246813.substr(30, 12)), std::string::npos) << text;
    EXPECT_EQ(text.find(hash_staff_code.substr(0, 8)), std::string::npos) << text;
    EXPECT_EQ(text.find(token), std::string::npos) << text;
    EXPECT_NE(
        text.find("sync: hub https://hub.example (key sha256//Ld7yQm8bq1HnK3t0vJ2xWcZpE4s5U6i7O8a9B0c1D2e=), "
                  "token written in the file (not shown)"),
        std::string::npos)
        << text;
    EXPECT_NE(text.find("PINs of anna; QR codes of desk"), std::string::npos) << text;
}

TEST(ConfigDescribe, TheDefaultsReadPlainly) {
    const std::string text = describe_config(default_kiosk_config());
    EXPECT_NE(text.find("kiosk: kiosk (no configuration file)\n"), std::string::npos) << text;
    EXPECT_NE(text.find("database: not set (the default)\n"), std::string::npos) << text;
    EXPECT_NE(
        text.find("printer: none (not configured); model ql-820nwb (the default); medium 62x100 (DK-11202, "
                  "the default); template ql-62x100 (the one for 62x100)\n"),
        std::string::npos)
        << text;
    EXPECT_NE(text.find("scanners: keyboard (ends with enter, gap under 30 ms)\n"), std::string::npos)
        << text;
    EXPECT_NE(text.find("staff: PINs of none; QR codes of none;"), std::string::npos) << text;
    EXPECT_NE(text.find("sync: no hub; this kiosk works alone\n"), std::string::npos) << text;
    EXPECT_EQ(text.find("date:"), std::string::npos) << text;
}

// ---- SHA-256 ---------------------------------------------------------------------------------------

// FIPS 180-4's examples (NIST CSRC "Examples with Intermediate Values", SHA-256) and the long-message
// vector of FIPS 180-2 appendix B.3; the padding boundaries were checked with coreutils' sha256sum.
TEST(ConfigSha256, FipsTestVectors) {
    EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
              "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    EXPECT_EQ(
        sha256_hex("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqr"
                   "lmnopqrsmnopqrstnopqrstu"),
        "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
    EXPECT_EQ(sha256_hex(std::string(1000000, 'a')),
              "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(ConfigSha256, PaddingBoundaries) {
    const std::map<std::size_t, std::string> expected{
        {55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"},
        {56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"},
        {63, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34"},
        {64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"},
        {119, "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb"},
        {120, "2f3d335432c70b580af0e8e1b3674a7c020d683aa5f73aaaedfdc55af904c21c"},
    };
    for (const auto& [length, hex] : expected) {
        EXPECT_EQ(sha256_hex(std::string(length, 'a')), hex) << length << " bytes";
    }
}

TEST(ConfigSha256, BytesMatchTheHex) {
    const auto digest = sha256("abc");
    EXPECT_EQ(digest[0], 0xba);
    EXPECT_EQ(digest[31], 0xad);
}

} // namespace
} // namespace checkin::kiosk
