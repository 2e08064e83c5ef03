#include "hardware/device_profile.hpp"
#include "printing/brother_ql.hpp"
#include "printing/zpl.hpp"
#include "tests/hardware/hardware_test_support.hpp"

#include <algorithm>
#include <array>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace checkin::hardware {
namespace {

using testing::profiles_directory;
using testing::TemporaryDirectory;
using testing::write_text;

constexpr std::string_view brother_printer = R"(# a comment
[brother-ql-820nwb]
kind = printer
vendor = Brother
model = QL-820NWB
usb = 04f9:209D        # upper-case hex is accepted
transports = usb tcp
language = brother-ql
printing_model = QL-820NWB
media = 62, 62red 62x100
dpi = 300
status = yes
source = usb.ids
notes = printer class 7, bulk OUT 0x02
)";

constexpr std::string_view zebra_printer = R"(
[zebra-zd620]
kind = printer
vendor = Zebra
model = ZD620
usb = 0a5f:0141
transports = usb tcp
language = zpl
media = 4x3 4x3-300
dpi = 203 300
status = no
source = usb.ids

[zebra-zd410]
kind = printer
vendor = Zebra
model = ZD410
usb = 0a5f:011c
transports = usb
language = zpl
media = none
dpi = 203
status = yes
source = usb.ids
)";

constexpr std::string_view scanners = R"(
[newland-hr200]
kind = scanner
vendor = Newland
model = HR200
usb = 1eab:0103 hid-keyboard
usb = 1eab:0110 hid-pos
usb = 1eab:0106 serial
usb = 1eab:0199
transports = usb serial
modes = hid-keyboard hid-pos serial
source = usb.ids

[generic-keyboard]
kind = scanner
vendor = any
model = any keyboard
usb_interface = 03:01:01 hid-keyboard
transports = usb
modes = hid-keyboard
source = HID 1.11
)";

// `text` with its first `from` replaced by `to`.
std::string replaced(std::string text, std::string_view from, std::string_view to) {
    const auto at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    if (at != std::string::npos) {
        text.replace(at, from.size(), to);
    }
    return text;
}

std::string parse_error(std::string_view text) {
    const auto parsed = parse_device_profiles(text, "test.profile");
    return parsed ? std::string("parsed") : parsed.error().message;
}

// A scanner profile with `extra` lines added before its `source` line.
std::string scanner_with(std::string_view extra) {
    return fmt::format(
        "[s]\nkind = scanner\nvendor = V\nmodel = M\nusb = 1234:5678\ntransports = usb\nmodes = "
        "hid-keyboard\n{}source = S\n",
        extra);
}

// A Brother printer profile with one key replaced (or dropped, when `value` is empty).
std::string brother_with(std::string_view key, std::string_view value) {
    std::string text;
    std::size_t start = 0;
    while (start < brother_printer.size()) {
        std::size_t end = brother_printer.find('\n', start);
        end = end == std::string_view::npos ? brother_printer.size() : end + 1;
        const std::string_view line = brother_printer.substr(start, end - start);
        if (line.starts_with(fmt::format("{} =", key))) {
            if (!value.empty()) {
                text += fmt::format("{} = {}\n", key, value);
            }
        } else {
            text += line;
        }
        start = end;
    }
    return text;
}

TEST(DeviceProfile, ParsesEveryPrinterKey) {
    const auto parsed = parse_device_profiles(brother_printer, "test.profile");
    ASSERT_TRUE(parsed) << parsed.error().message;
    ASSERT_EQ(parsed->size(), 1u);
    const DeviceProfile& profile = parsed->front();
    EXPECT_EQ(profile.id, "brother-ql-820nwb");
    EXPECT_EQ(profile.kind(), DeviceKind::printer);
    EXPECT_EQ(profile.vendor, "Brother");
    EXPECT_EQ(profile.model, "QL-820NWB");
    ASSERT_EQ(profile.usb_ids.size(), 1u);
    EXPECT_EQ(profile.usb_ids[0].vendor_id, 0x04f9);
    EXPECT_EQ(profile.usb_ids[0].product_id, 0x209d);
    EXPECT_FALSE(profile.usb_ids[0].mode.has_value());
    EXPECT_EQ(profile.usb_ids[0].line, 6u);
    EXPECT_FALSE(profile.usb_interface.has_value());
    EXPECT_EQ(profile.transports, (std::vector{TransportKind::usb, TransportKind::tcp}));
    EXPECT_TRUE(profile.has_transport(TransportKind::tcp));
    EXPECT_FALSE(profile.has_transport(TransportKind::serial));
    EXPECT_EQ(profile.id_source, "usb.ids");
    EXPECT_EQ(profile.notes, "printer class 7, bulk OUT 0x02");
    EXPECT_EQ(profile.source_file, "test.profile");
    EXPECT_EQ(profile.line, 2u);
    ASSERT_NE(profile.printer(), nullptr);
    EXPECT_EQ(profile.scanner(), nullptr);
    const PrinterDetails& printer = *profile.printer();
    EXPECT_EQ(printer.language, PrinterLanguage::brother_ql);
    EXPECT_EQ(printer.printing_model, "QL-820NWB");
    EXPECT_EQ(printer.media, (std::vector<std::string>{"62", "62red", "62x100"}));
    EXPECT_EQ(printer.dpi, std::vector<unsigned>{300});
    EXPECT_TRUE(printer.status);
    EXPECT_TRUE(profile.modes_of(profile.usb_ids[0]).empty());
}

TEST(DeviceProfile, ParsesZplPrintersWithSeveralResolutionsAndNoMedium) {
    const auto parsed = parse_device_profiles(zebra_printer, "zebra.profile");
    ASSERT_TRUE(parsed) << parsed.error().message;
    ASSERT_EQ(parsed->size(), 2u);
    const PrinterDetails& zd620 = *(*parsed)[0].printer();
    EXPECT_EQ(zd620.language, PrinterLanguage::zpl);
    EXPECT_TRUE(zd620.printing_model.empty());
    EXPECT_EQ(zd620.media, (std::vector<std::string>{"4x3", "4x3-300"}));
    EXPECT_EQ(zd620.dpi, (std::vector<unsigned>{203, 300}));
    EXPECT_FALSE(zd620.status);
    const PrinterDetails& zd410 = *(*parsed)[1].printer();
    EXPECT_TRUE(zd410.media.empty());
    EXPECT_EQ((*parsed)[1].line, 14u);
}

TEST(DeviceProfile, ParsesEveryScannerKey) {
    const auto parsed = parse_device_profiles(scanners, "scanners.profile");
    ASSERT_TRUE(parsed) << parsed.error().message;
    ASSERT_EQ(parsed->size(), 2u);
    const DeviceProfile& newland = (*parsed)[0];
    EXPECT_EQ(newland.kind(), DeviceKind::scanner);
    ASSERT_NE(newland.scanner(), nullptr);
    EXPECT_EQ(newland.printer(), nullptr);
    const std::vector all_modes{ScannerMode::hid_keyboard, ScannerMode::hid_pos, ScannerMode::serial};
    EXPECT_EQ(newland.scanner()->modes, all_modes);
    ASSERT_EQ(newland.usb_ids.size(), 4u);
    EXPECT_EQ(newland.usb_ids[0], (UsbId{0x1eab, 0x0103, ScannerMode::hid_keyboard, 0}));
    EXPECT_EQ(newland.usb_ids[1], (UsbId{0x1eab, 0x0110, ScannerMode::hid_pos, 0}));
    EXPECT_EQ(newland.usb_ids[2], (UsbId{0x1eab, 0x0106, ScannerMode::serial, 0}));
    EXPECT_EQ(newland.usb_ids[3], (UsbId{0x1eab, 0x0199, std::nullopt, 0}));
    EXPECT_EQ(newland.modes_of(newland.usb_ids[1]), std::vector{ScannerMode::hid_pos});
    EXPECT_EQ(newland.modes_of(newland.usb_ids[3]), all_modes);
    EXPECT_EQ(newland.transports, (std::vector{TransportKind::usb, TransportKind::serial}));

    const DeviceProfile& generic = (*parsed)[1];
    EXPECT_TRUE(generic.usb_ids.empty());
    ASSERT_TRUE(generic.usb_interface.has_value());
    EXPECT_EQ(generic.usb_interface->interface, hid_boot_keyboard_interface);
    EXPECT_EQ(generic.usb_interface->mode, ScannerMode::hid_keyboard);
    EXPECT_EQ(generic.usb_interface->line, 18u);
}

TEST(DeviceProfile, AnEmptyTextHasNoProfiles) {
    const auto parsed = parse_device_profiles("# nothing here\n\n", "empty.profile");
    ASSERT_TRUE(parsed) << parsed.error().message;
    EXPECT_TRUE(parsed->empty());
}

struct ErrorCase {
    std::string text;
    std::string message; // the whole expected message, FILE:LINE first
};

TEST(DeviceProfile, ErrorsNameTheFileAndLine) {
    const std::vector<ErrorCase> cases{
        {"kind = printer\n", "test.profile:1: the key 'kind' comes before the first [profile-id] header"},
        {"\n[x\n", "test.profile:2: a profile header must end with ']': '[x'"},
        {"[Brother QL]\n", "test.profile:1: the profile id 'Brother QL' may only use lower-case letters, "
                           "digits and '-' (e.g. [brother-ql-820nwb])"},
        {"[x]\nkind printer\n",
         "test.profile:2: expected 'key = value' or '[profile-id]', found 'kind printer'"},
        {"[x]\n = printer\n", "test.profile:2: a key is missing before '='"},
        {"[x]\ncolour = red\n",
         "test.profile:2: unknown key 'colour'; known keys are kind, vendor, model, usb, usb_interface, "
         "transports, language, printing_model, media, dpi, status, modes, source and notes"},
        {"[x]\nvendor =   # nothing\n", "test.profile:2: the key 'vendor' has no value"},
        {"[x]\nvendor = A\nvendor = B\n",
         "test.profile:3: the key 'vendor' is given twice (first on line 2)"},
        {"[x]\nkind = camera\n", "test.profile:2: unknown kind 'camera'; expected printer or scanner"},
        {"\n[x]\nvendor = V\n", "test.profile:2: the profile [x] has no 'kind'"},
        {scanner_with("usb = 04f9:20\n"),
         "test.profile:8: usb needs vendor:product as four hex digits each, optionally followed by a scanner "
         "mode (usb = 1eab:0110 hid-pos), not '04f9:20'"},
        {scanner_with("usb = 04f9-209d\n"),
         "test.profile:8: usb needs vendor:product as four hex digits each, optionally followed by a scanner "
         "mode (usb = 1eab:0110 hid-pos), not '04f9-209d'"},
        {scanner_with("usb = 1234:0001 bluetooth\n"),
         "test.profile:8: unknown scanner mode 'bluetooth' after the USB id; expected hid-keyboard, hid-pos "
         "or serial"},
        {scanner_with("usb = 1234:5678 hid-keyboard\n"),
         "test.profile:8: the USB id 1234:5678 is given twice (first on line 5)"},
        {scanner_with("usb = 1234:0002 serial\n"),
         "test.profile:8: the mode 'serial' is not among the scanner's modes"},
        {scanner_with("usb_interface = 03:01 hid-keyboard\n"),
         "test.profile:8: usb_interface needs class:subclass:protocol as two hex digits each and a scanner "
         "mode (usb_interface = 03:01:01 hid-keyboard), not '03:01 hid-keyboard'"},
        {scanner_with("usb_interface = 03:01:01:07 hid-keyboard\n"),
         "test.profile:8: usb_interface needs class:subclass:protocol as two hex digits each and a scanner "
         "mode (usb_interface = 03:01:01 hid-keyboard), not '03:01:01:07 hid-keyboard'"},
        {scanner_with("usb_interface = 03:01:01\n"),
         "test.profile:8: usb_interface needs class:subclass:protocol as two hex digits each and a scanner "
         "mode (usb_interface = 03:01:01 hid-keyboard), not '03:01:01'"},
        {scanner_with("usb_interface = 02:02:01 serial\n"),
         "test.profile:8: the mode 'serial' is not among the scanner's modes"},
        {scanner_with("media = 62\n"), "test.profile:8: 'media' is for printers only; [s] is a scanner"},
        {scanner_with("dpi = 300\n"), "test.profile:8: 'dpi' is for printers only; [s] is a scanner"},
        {"[s]\nkind = scanner\nvendor = V\nmodel = M\nusb = 1234:5678\ntransports = usb\nsource = S\n",
         "test.profile:1: the scanner [s] has no 'modes'"},
        {"[s]\nkind = scanner\nvendor = V\nmodel = M\ntransports = serial\nmodes = hid-pos serial\nsource = "
         "S\n"
         "modes = serial\n",
         "test.profile:8: the key 'modes' is given twice (first on line 6)"},
        {"[s]\nkind = scanner\nvendor = V\nmodel = M\ntransports = usb\nmodes = serial\nsource = S\n",
         "test.profile:5: [s] lists the usb transport but gives no 'usb' id or 'usb_interface' to find the "
         "device by"},
        {"[s]\nkind = scanner\nvendor = V\nmodel = M\nusb = 1234:5678\ntransports = serial\nmodes = serial\n"
         "source = S\n",
         "test.profile:6: [s] has USB ids but 'usb' is not among its transports"},
        {replaced(scanner_with(""), "transports = usb", "transports = usb bluetooth"),
         "test.profile:6: unknown transport 'bluetooth'; expected usb, tcp or serial"},
        {replaced(scanner_with(""), "transports = usb", "transports = usb usb"),
         "test.profile:6: the transport 'usb' is listed twice"},
        {replaced(scanner_with(""), "modes = hid-keyboard", "modes = hid-keyboard camera"),
         "test.profile:7: unknown scanner mode 'camera'; expected hid-keyboard, hid-pos or serial"},
        {replaced(scanner_with(""), "modes = hid-keyboard", "modes = serial serial"),
         "test.profile:7: the mode 'serial' is listed twice"},
        {replaced(scanner_with(""), "source = S\n", ""), "test.profile:1: the profile [s] has no 'source'"},
        {brother_with("modes", "") + "modes = serial\n",
         "test.profile:15: 'modes' is for scanners only; [brother-ql-820nwb] is a printer"},
        {brother_with("usb", "04f9:209d hid-keyboard"),
         "test.profile:6: a printer's USB id takes no scanner mode ('hid-keyboard')"},
        {brother_with("status", ""), "test.profile:2: the printer [brother-ql-820nwb] has no 'status'"},
        {brother_with("status", "maybe"), "test.profile:12: status must be yes or no, not 'maybe'"},
        {brother_with("language", "escpos"),
         "test.profile:8: unknown language 'escpos'; expected brother-ql or zpl"},
        {brother_with("printing_model", ""),
         "test.profile:2: the Brother QL printer [brother-ql-820nwb] has no 'printing_model' (one of ql-500, "
         "ql-550, ql-560, ql-570, ql-700, ql-710w, ql-720nw, ql-800, ql-810w, ql-820nwb)"},
        {brother_with("printing_model", "ql-1100"),
         "test.profile:9: unknown Brother QL model 'ql-1100'; printing/brother_ql.cpp knows ql-500, ql-550, "
         "ql-560, ql-570, ql-700, ql-710w, ql-720nw, ql-800, ql-810w, ql-820nwb"},
        {brother_with("usb", "04f9:2042"), "test.profile:6: the USB id 04f9:2042 disagrees with printing's "
                                           "table, where ql-820nwb is 04f9:209d"},
        {brother_with("dpi", "600"), "test.profile:11: a ql-820nwb prints at 300 dpi only; write dpi = 300"},
        {brother_with("dpi", "300 x"), "test.profile:11: dpi must be positive whole numbers, not 'x'"},
        {brother_with("dpi", "0"), "test.profile:11: dpi must be positive whole numbers, not '0'"},
        {brother_with("media", "62 103x164"), "test.profile:10: unknown Brother medium '103x164' (see the "
                                              "media table in printing/brother_ql.cpp)"},
        {brother_with("printing_model", "ql-700"),
         "test.profile:6: the USB id 04f9:209d disagrees with printing's table, where ql-700 is 04f9:2042"},
        {replaced(brother_with("printing_model", "ql-700"), "209D", "2042"),
         "test.profile:10: the medium '62red' (DK-22251) does not work in a ql-700"},
        {brother_with("media", "62 62"), "test.profile:10: the medium '62' is listed twice"},
        {brother_with("media", "none 62"),
         "test.profile:10: media = none stands alone: no medium of the tables fits the printer"},
        {replaced(std::string(zebra_printer), "media = 4x3 4x3-300", "media = 4x3 6x4"),
         "test.profile:9: unknown ZPL medium '6x4' (see printing/zpl.cpp)"},
        {replaced(std::string(zebra_printer), "dpi = 203 300", "dpi = 203"),
         "test.profile:9: the medium '4x3-300' is for 300 dpi heads, not among this printer's dpi"},
        {std::string(zebra_printer) + "printing_model = ql-800\n",
         "test.profile:25: printing_model names a Brother QL model; a ZPL printer takes none"},
        {std::string(brother_printer) + std::string(brother_printer),
         "test.profile:16: the profile id [brother-ql-820nwb] is already used at test.profile:2"},
    };
    for (const ErrorCase& test : cases) {
        EXPECT_EQ(parse_error(test.text), test.message) << "for:\n" << test.text;
    }
}

TEST(DeviceProfile, TwoProfilesInOneFileMayNotClaimOneUsbIdOrInterface) {
    const std::string twice = std::string(scanners) + R"(
[another-newland]
kind = scanner
vendor = Newland
model = HR200 again
usb = 1eab:0110 hid-pos
transports = usb
modes = hid-pos
source = a copy
)";
    EXPECT_EQ(parse_error(twice), "test.profile:27: the USB id 1eab:0110 of [another-newland] is already "
                                  "claimed by [newland-hr200] at test.profile:7");

    const std::string interface_twice = std::string(scanners) + R"(
[another-keyboard]
kind = scanner
vendor = any
model = any keyboard
usb_interface = 03:01:01 hid-keyboard
transports = usb
modes = hid-keyboard
source = a copy
)";
    EXPECT_EQ(parse_error(interface_twice), "test.profile:27: the interface class 03:01:01 of "
                                            "[another-keyboard] is already matched by [generic-keyboard] at "
                                            "test.profile:18");
}

TEST(DeviceProfile, LoadReadsEveryProfileFileInNameOrder) {
    const TemporaryDirectory directory;
    ASSERT_TRUE(write_text(directory.path() / "b-scanners.profile", scanners));
    ASSERT_TRUE(write_text(directory.path() / "a-printers.profile", brother_printer));
    ASSERT_TRUE(write_text(directory.path() / "README.md", "not a profile [x]\n"));
    ASSERT_TRUE(write_text(directory.path() / "old.profile~", "an editor's backup\n"));
    const auto loaded = load_device_profiles(directory.path());
    ASSERT_TRUE(loaded) << loaded.error().message;
    ASSERT_EQ(loaded->size(), 3u);
    EXPECT_EQ((*loaded)[0].id, "brother-ql-820nwb");
    EXPECT_EQ((*loaded)[0].source_file, "a-printers.profile");
    EXPECT_EQ((*loaded)[1].id, "newland-hr200");
    EXPECT_EQ((*loaded)[2].id, "generic-keyboard");
    EXPECT_EQ((*loaded)[2].source_file, "b-scanners.profile");
}

TEST(DeviceProfile, LoadRefusesDuplicatesAcrossFilesNamingBothPlaces) {
    const TemporaryDirectory directory;
    ASSERT_TRUE(write_text(directory.path() / "a.profile", brother_printer));
    ASSERT_TRUE(write_text(directory.path() / "b.profile", "\n\n" + std::string(brother_printer)));
    auto loaded = load_device_profiles(directory.path());
    ASSERT_FALSE(loaded);
    EXPECT_EQ(loaded.error().message,
              "b.profile:4: the profile id [brother-ql-820nwb] is already used at a.profile:2");

    ASSERT_TRUE(write_text(directory.path() / "b.profile",
                           replaced(std::string(brother_printer), "[brother-ql-820nwb]", "[my-ql]")));
    loaded = load_device_profiles(directory.path());
    ASSERT_FALSE(loaded);
    EXPECT_EQ(loaded.error().message,
              "b.profile:6: the USB id 04f9:209d of [my-ql] is already claimed by [brother-ql-820nwb] at "
              "a.profile:6");
}

TEST(DeviceProfile, LoadReportsTheFileOfASyntaxError) {
    const TemporaryDirectory directory;
    ASSERT_TRUE(write_text(directory.path() / "a.profile", brother_printer));
    ASSERT_TRUE(write_text(directory.path() / "broken.profile", "[x]\nkind = robot\n"));
    const auto loaded = load_device_profiles(directory.path());
    ASSERT_FALSE(loaded);
    EXPECT_EQ(loaded.error().message, "broken.profile:2: unknown kind 'robot'; expected printer or scanner");
}

TEST(DeviceProfile, LoadFailsOnAMissingOrEmptyDirectory) {
    const TemporaryDirectory directory;
    auto loaded = load_device_profiles(directory.path());
    ASSERT_FALSE(loaded);
    EXPECT_EQ(loaded.error().message, fmt::format("{} holds no *.profile file; point the kiosk at "
                                                  "hardware/profiles",
                                                  directory.path().string()));
    loaded = load_device_profiles(directory.path() / "missing");
    ASSERT_FALSE(loaded);
    EXPECT_TRUE(loaded.error().message.starts_with(
        fmt::format("cannot read the device profiles in {}: ", (directory.path() / "missing").string())))
        << loaded.error().message;
}

TEST(DeviceProfile, NamesOfTheEnumerations) {
    EXPECT_EQ(device_kind_name(DeviceKind::printer), "printer");
    EXPECT_EQ(device_kind_name(DeviceKind::scanner), "scanner");
    EXPECT_EQ(transport_name(TransportKind::usb), "usb");
    EXPECT_EQ(transport_name(TransportKind::tcp), "tcp");
    EXPECT_EQ(transport_name(TransportKind::serial), "serial");
    EXPECT_EQ(printer_language_name(PrinterLanguage::brother_ql), "brother-ql");
    EXPECT_EQ(printer_language_name(PrinterLanguage::zpl), "zpl");
    EXPECT_EQ(scanner_mode_name(ScannerMode::hid_keyboard), "hid-keyboard");
    EXPECT_EQ(scanner_mode_name(ScannerMode::hid_pos), "hid-pos");
    EXPECT_EQ(scanner_mode_name(ScannerMode::serial), "serial");
    EXPECT_EQ(format_usb_id(0x04f9, 0x209d), "04f9:209d");
    EXPECT_EQ(format_usb_id(0x1, 0xABCD), "0001:abcd");
}

// The shipped profiles, as the kiosk will load them.
class ShippedProfiles : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        auto loaded = load_device_profiles(profiles_directory);
        ASSERT_TRUE(loaded) << loaded.error().message;
        s_profiles = std::move(*loaded);
    }
    static const std::vector<DeviceProfile>& profiles() { return s_profiles; }

private:
    static inline std::vector<DeviceProfile> s_profiles;
};

TEST_F(ShippedProfiles, Load) {
    EXPECT_EQ(
        std::ranges::count_if(profiles(), [](const DeviceProfile& p) { return p.printer() != nullptr; }), 21);
    EXPECT_EQ(
        std::ranges::count_if(profiles(), [](const DeviceProfile& p) { return p.scanner() != nullptr; }), 24);
    for (const DeviceProfile& profile : profiles()) {
        EXPECT_FALSE(profile.id_source.empty()) << profile.id;
        EXPECT_FALSE(profile.vendor.empty()) << profile.id;
        EXPECT_FALSE(profile.model.empty()) << profile.id;
    }
}

TEST_F(ShippedProfiles, EveryBrotherQlModelOfPrintingHasAProfileWithItsProductId) {
    for (const printing::QlModel& model : printing::all_ql_models()) {
        const DeviceProfile* profile = find_profile(profiles(), fmt::format("brother-{}", model.name));
        ASSERT_NE(profile, nullptr) << "no profile for " << model.name;
        ASSERT_NE(profile->printer(), nullptr);
        EXPECT_EQ(profile->printer()->printing_model, model.name);
        EXPECT_EQ(profile->printer()->language, PrinterLanguage::brother_ql);
        EXPECT_EQ(find_profile_by_usb(profiles(), printing::brother_vendor_id, model.product_id), profile)
            << model.name;
    }
}

TEST_F(ShippedProfiles, EveryBrotherProfileNamesAModelOfPrintingWithTheSameProductId) {
    std::size_t brother_profiles = 0;
    for (const DeviceProfile& profile : profiles()) {
        const PrinterDetails* printer = profile.printer();
        if (printer == nullptr || printer->language != PrinterLanguage::brother_ql) {
            continue;
        }
        ++brother_profiles;
        const auto model = printing::find_ql_model(printer->printing_model);
        ASSERT_TRUE(model) << profile.id << ": " << model.error().message;
        ASSERT_EQ(profile.usb_ids.size(), 1u) << profile.id;
        EXPECT_EQ(profile.usb_ids[0].vendor_id, printing::brother_vendor_id) << profile.id;
        EXPECT_EQ(profile.usb_ids[0].product_id, model->product_id) << profile.id;
        EXPECT_EQ(printer->dpi, std::vector<unsigned>{model->dots_per_inch}) << profile.id;
        // Every medium of printing's table that fits the model is listed, and no other.
        std::vector<std::string> fitting;
        for (const printing::QlMedia& media : printing::all_ql_media()) {
            if (printing::ql_media_fits(*model, media)) {
                fitting.emplace_back(media.name);
            }
        }
        std::vector<std::string> listed = printer->media;
        std::ranges::sort(fitting);
        std::ranges::sort(listed);
        EXPECT_EQ(listed, fitting) << profile.id;
    }
    EXPECT_EQ(brother_profiles, printing::all_ql_models().size());
}

TEST_F(ShippedProfiles, ZplPrintersUseZebrasVendorIdAndKnownMedia) {
    for (const DeviceProfile& profile : profiles()) {
        const PrinterDetails* printer = profile.printer();
        if (printer == nullptr || printer->language != PrinterLanguage::zpl) {
            continue;
        }
        for (const UsbId& id : profile.usb_ids) {
            EXPECT_EQ(id.vendor_id, 0x0a5f) << profile.id;
        }
        for (const std::string& name : printer->media) {
            const auto media = printing::find_zpl_media(name);
            ASSERT_TRUE(media.has_value()) << profile.id << ": " << name;
            EXPECT_NE(std::ranges::find(printer->dpi, media->dpi), printer->dpi.end()) << profile.id;
        }
    }
}

TEST_F(ShippedProfiles, ScannersComeFromTheKnownScannerVendors) {
    // usb.ids: Honeywell 0c2e, Zebra/Symbol 05e0, Datalogic 05f9/080c, Newland 1eab.
    const std::set<std::uint16_t> vendors{0x0c2e, 0x05e0, 0x05f9, 0x080c, 0x1eab};
    std::set<std::uint16_t> seen;
    for (const DeviceProfile& profile : profiles()) {
        if (profile.scanner() == nullptr) {
            continue;
        }
        for (const UsbId& id : profile.usb_ids) {
            EXPECT_TRUE(vendors.contains(id.vendor_id))
                << profile.id << ": " << format_usb_id(id.vendor_id, 0);
            seen.insert(id.vendor_id);
        }
    }
    EXPECT_EQ(seen, vendors);
}

TEST_F(ShippedProfiles, FindByUsbId) {
    const DeviceProfile* ql = find_profile_by_usb(profiles(), 0x04f9, 0x209d);
    ASSERT_NE(ql, nullptr);
    EXPECT_EQ(ql->id, "brother-ql-820nwb");
    const DeviceProfile* zebra = find_profile_by_usb(profiles(), 0x0a5f, 0x0062);
    ASSERT_NE(zebra, nullptr);
    EXPECT_EQ(zebra->id, "zebra-gk420d");
    const DeviceProfile* newland = find_profile_by_usb(profiles(), 0x1eab, 0x0110);
    ASSERT_NE(newland, nullptr);
    EXPECT_EQ(newland->id, "newland-hr200");
    const auto id = std::ranges::find(newland->usb_ids, std::uint16_t{0x0110}, &UsbId::product_id);
    ASSERT_NE(id, newland->usb_ids.end());
    EXPECT_EQ(newland->modes_of(*id), std::vector{ScannerMode::hid_pos});
    EXPECT_EQ(find_profile_by_usb(profiles(), 0x04f9, 0x0001), nullptr);
    EXPECT_EQ(find_profile_by_usb(profiles(), 0x209d, 0x04f9), nullptr);
}

TEST_F(ShippedProfiles, AnUnknownKeyboardClassDeviceMatchesTheGenericScanner) {
    const std::array interfaces{UsbInterfaceClass{0x03, 0x00, 0x00}, hid_boot_keyboard_interface};
    const DeviceProfile* generic = match_usb_device(profiles(), 0xffff, 0x0001, interfaces);
    ASSERT_NE(generic, nullptr);
    EXPECT_EQ(generic->id, "generic-hid-keyboard-scanner");
    EXPECT_EQ(find_profile_by_interface(profiles(), hid_boot_keyboard_interface), generic);
    // An exact id wins over the class, and a device with neither is unknown.
    const DeviceProfile* exact = match_usb_device(profiles(), 0x05e0, 0x1200, interfaces);
    ASSERT_NE(exact, nullptr);
    EXPECT_EQ(exact->id, "zebra-symbol-scanner");
    const std::array mouse{UsbInterfaceClass{0x03, 0x01, 0x02}};
    EXPECT_EQ(match_usb_device(profiles(), 0xffff, 0x0001, mouse), nullptr);
    EXPECT_EQ(find_profile_by_interface(profiles(), UsbInterfaceClass{0x07, 0x01, 0x02}), nullptr);
}

} // namespace
} // namespace checkin::hardware
