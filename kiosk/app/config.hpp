#pragma once

// The kiosk's configuration file: which kiosk this is, its mirror, language, printer and label stock,
// scanners, how long each screen stays, the staff's PINs and QR codes (hashed), and the hub. The format
// is the project's small INI-like one (see printing/templates/README.md), documented key by key in
// kiosk/app/kiosk.conf.example, which is also the reference example:
//
//   [kiosk]     id, database, language
//   [printer]   device, model, media, template
//   [scanners]  devices, keyboard_terminator, keyboard_max_gap
//   [screens]   welcome, take_badge, refusal, printer_problem, staff_inactivity, badge_exit, find_by_name
//   [staff]     salt, pin.NAME, code.NAME, lockout_count, lockout_minutes
//   [sync]      hub, hub_pin, token or token_env
//   [codes]     public_keys, accept_unsigned, badge_key
//   [event]     name_en
//
// Unknown sections and keys are refused (a typo must not silently fall back to a default), and so is a
// key or section given twice. Every error names the file and line: "kiosk.conf:14: …".
//
// The command line overrides the file (--db, --printer, --model, --media, --lang, --date); the result is
// checked again as a whole, and an error names where each clashing value came from ("the medium 62red
// (--media) … but the model is ql-570 (kiosk.conf:12)").
//
// Pure apart from load_kiosk_config (reads one file) and process_environment (reads the environment):
// nothing here opens a device, a database or a window.

#include "base/digest.hpp"
#include "base/error.hpp"
#include "base/signature.hpp"
#include "drivers/device_address.hpp"
#include "drivers/keyboard_wedge.hpp"
#include "kiosk/app/badge_printing.hpp"
#include "kiosk/selfservice/messages.hpp"
#include "kiosk/selfservice/screen_layout.hpp"
#include "sync/roster/event_days.hpp"

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <expected>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace checkin::kiosk {

// base's error shape with the line of the file it is about. The message is "kiosk.conf:14: …" or
// "--media …", a sentence without a trailing full stop.
struct ConfigError : base::Error {
    std::size_t line = 0; // the line of the file the error is about; 0 when it is about no line

    ConfigError() = default;
    ConfigError(base::ErrorKind error_kind, std::string text, std::size_t line_number = 0)
        : base::Error{error_kind, std::move(text), {}}, line(line_number) {}
};

template <typename T> using ConfigResult = std::expected<T, ConfigError>;

// Where a setting's value came from, so that messages and the device panel can say it.
struct Origin {
    enum class Kind {
        built_in,     // the default
        derived,      // worked out from another setting (a printer model from the device's USB id)
        file,         // a line of the configuration file
        command_line, // an option
    };
    Kind kind = Kind::built_in;
    std::string name;     // file: its name as given to the parser; command line: "--media"; derived: why
    std::size_t line = 0; // file only

    bool is_explicit() const { return kind == Kind::file || kind == Kind::command_line; }
    // "kiosk.conf:12", "--media", "the default", or the derived explanation.
    std::string where() const;
};

// A value with its origin.
template <typename T> struct Setting {
    T value{};
    Origin origin;
};

struct KioskSettings {
    Setting<std::string> id; // names this kiosk in check-ins and logs ("kiosk-1", "recepcja"); required
    // The mirror's SQLite file; empty when the file does not say (then --db or --demo must). A relative
    // path is relative to the kiosk's working directory.
    Setting<std::filesystem::path> database;
    Setting<Language> language{Language::pl, {}}; // the attract screen's language
    // Stands in for today's date (rehearsals). Command line only: a date forgotten in a file would
    // make the kiosk judge the real days wrongly.
    Setting<std::optional<sync::Day>> date;
};

struct PrinterSettings {
    // As configured, with their origins; model, media and badge_template always hold the value in force
    // (an unset one is derived or built in, see below), device may be unset (no printer configured).
    Setting<std::optional<drivers::DeviceAddress>> device;
    // A Brother QL model ("ql-820nwb", lower case) or "zpl". Default: a Zebra's USB vendor id means zpl,
    // a Brother's USB product id names its model, otherwise ql-820nwb.
    Setting<std::string> model;
    // A Brother QL medium (printing/brother_ql.cpp: "62x100", "62", "62red", …) or a ZPL one ("4x3", …).
    // Default: 62x100 for a QL, 4x3 for zpl.
    Setting<std::string> media;
    // A badge template's name (printing/templates/NAME.badge). Default: the shipped one for the medium.
    Setting<std::string> badge_template;
    // The model and medium, checked against each other: what the kiosk prints with.
    BadgeTarget target;
};

// A scanner the kiosk listens to.
struct KeyboardWedgeScanner { // "keyboard": a scanner typing through the OS and SDL (keyboard_wedge.hpp)
    friend bool operator==(const KeyboardWedgeScanner&, const KeyboardWedgeScanner&) = default;
};
struct CameraScanner { // "camera:/dev/video0": a V4L2 camera, decoded with ZXing
    std::filesystem::path device;
    friend bool operator==(const CameraScanner&, const CameraScanner&) = default;
};
using ScannerAddress =
    std::variant<KeyboardWedgeScanner, CameraScanner, drivers::UsbAddress, drivers::SerialAddress>;

// "keyboard", "camera:/dev/video0", "usb://0c2e:0b61", "serial:///dev/ttyACM0?baud=9600".
std::string format_scanner_address(const ScannerAddress& address);

struct ScannerSettings {
    std::vector<ScannerAddress> devices{KeyboardWedgeScanner{}}; // may be empty: `devices = none`
    // For the "keyboard" scanner: what it sends after each code, and the gap that tells it from typing.
    drivers::KeyboardWedgeOptions keyboard;
};

// Whether attract offers "Nie mam kodu / I have no code" (find yourself by surname, flow.hpp).
enum class FindByNameOffer {
    // find_by_name = yes, the default: offered while the kiosk takes plain codes, not where only signed
    // codes admit (accept_unsigned = no, or the mirror holds public keys): an organiser who wants proof of
    // an invitation at the door gets none from a surname.
    unless_signed_only,
    always, // find_by_name = always: offered with signed codes too (the organiser's choice)
    never,  // find_by_name = no
};

// How long each screen stays.
struct ScreenTimings {
    std::chrono::milliseconds welcome{2000};            // the least time "Witamy, …" shows
    std::chrono::milliseconds take_badge{6000};         // after the badge printed
    std::chrono::milliseconds refusal{8000};            // every refusal
    std::chrono::milliseconds printer_problem{15000};   // "please go to reception"
    std::chrono::milliseconds staff_inactivity{120000}; // staff mode closes by itself after this
    // Where the badge comes out, as a delegate facing the screen sees it: take_badge points there.
    BadgeExit badge_exit = BadgeExit::below;
    FindByNameOffer find_by_name = FindByNameOffer::unless_signed_only;
};

// The bounds each timing is checked against, inclusive.
struct TimingBounds {
    std::chrono::milliseconds least;
    std::chrono::milliseconds most;
};
TimingBounds welcome_bounds();
TimingBounds take_badge_bounds();
TimingBounds refusal_bounds();
TimingBounds printer_problem_bounds();
TimingBounds staff_inactivity_bounds();

// A staff member's PIN, kept only as an Argon2id hash (hash_staff_pin), or QR code, kept only as
// hash_staff_secret(code, salt) in lower-case hex.
struct StaffSecret {
    std::string name; // "anna", from the key pin.anna / code.anna; what the staff log records
    std::string hash; // a PIN: "$argon2id$…"; a code: 64 lower-case hex digits
    std::size_t line = 0;
};

struct StaffSettings {
    std::string salt; // one per file, for the codes; required when there is any code
    std::vector<StaffSecret> pins;
    std::vector<StaffSecret> codes;
    unsigned lockout_count = 5;               // wrong PINs in a row that lock the PIN pad
    std::chrono::minutes lockout_duration{1}; // the first lockout's length; later ones 5 and 30 times it
};

struct SyncSettings {
    std::string hub;       // "https://hub.example:8470"; empty: the kiosk works alone, nothing is synced
    std::string hub_pin;   // the hub key's pin, "sha256//BASE64"; required for an https:// hub
    std::string token;     // the kiosk's token, when written in the file
    std::string token_env; // or the name of the environment variable holding it
    Origin token_origin;   // the line of token or token_env, for messages
};

// [codes]: signed codes (sync/roster/signed_code.hpp). The mirror holds the event's public keys; these are
// more, for a kiosk set up before the keys reached its mirror.
enum class UnsignedCodes {
    until_keys, // the default: plain roster codes are accepted while the mirror holds no public key, and
                // refused once it holds one (the roster's codes are signed from then on)
    accepted,   // accept_unsigned = yes
    refused,    // accept_unsigned = no
};

struct CodeSettings {
    std::vector<base::PublicKey> public_keys; // public_keys = ed25519:… ed25519:…
    UnsignedCodes unsigned_codes = UnsignedCodes::until_keys;
    // badge_key = FILE: the secret key badges' QR codes are signed with (a signed badge code admits no
    // one); empty: badges print the plain roster code.
    std::filesystem::path badge_key;
};

// Whether a plain (unsigned) roster code is taken, given how many public keys the mirror holds.
bool accepts_unsigned_codes(const CodeSettings& codes, std::size_t mirror_keys);

// Whether attract offers find-yourself under `screens` and `codes`, with `mirror_keys` public keys in the
// mirror.
bool offers_find_by_name(const ScreenTimings& screens, const CodeSettings& codes, std::size_t mirror_keys);

// [event]: what the mirror's roster does not say about the event.
struct EventSettings {
    // The event's name on the English attract screen; empty: the English screen shows the roster's
    // (Polish) name, as does the Polish one.
    Setting<std::string> english_name;
};

struct KioskConfig {
    std::string source; // the file's name as given to the parser; empty for default_kiosk_config()
    KioskSettings kiosk;
    PrinterSettings printer;
    ScannerSettings scanners;
    ScreenTimings screens;
    StaffSettings staff;
    SyncSettings sync;
    CodeSettings codes;
    EventSettings event;
};

// The configuration without a file: kiosk id "kiosk", no database, Polish, ql-820nwb on 62x100 with the
// ql-62x100 template and no printer device, the keyboard scanner, the default timings, no staff, no hub.
KioskConfig default_kiosk_config();

// Parses a configuration file's text. `source` names it in error messages, which read
// "<source>:<line>: <what is wrong>" (ConfigError::line is that line). Fails on: a syntax error, an
// unknown section or key, a section or key given twice, a value out of its range or form, a PIN that is
// not an Argon2id hash (more than 16 PINs too), a code that is not a 64-hex-digit hash, codes without a
// salt, two staff with the same code, a missing
// [kiosk] id, and settings that do not go together (a medium the model cannot take, a template for
// another medium, a token without a hub).
ConfigResult<KioskConfig> parse_kiosk_config(std::string_view text, std::string_view source);

// Reads and parses the file; the path as given names it in messages. Fails when it cannot be read.
ConfigResult<KioskConfig> load_kiosk_config(const std::filesystem::path& path);

// The kiosk's options that take precedence over the file.
// Each member has an initializer so that callers can use designated initializers ({.media = "62"}).
struct CommandLineOverrides {
    std::optional<std::string> database{}; // --db FILE
    std::optional<std::string> printer{};  // --printer DEVICE (the same addresses as kioskctl print)
    std::optional<std::string> model{};    // --model ql-820nwb | … | zpl
    std::optional<std::string> media{};    // --media 62x100 | … | 4x3
    std::optional<std::string> language{}; // --lang pl|en
    std::optional<std::string> date{};     // --date YYYY-MM-DD
};

// Applies the overrides and checks the printer settings again as a whole: a model, medium or template
// that was derived from an overridden value is derived anew, one that was given explicitly is kept and
// must still fit. Fails on a malformed option value, or on a combination that does not fit, with a
// message naming each value's origin ("the medium 62red (--media) … the model is ql-570 (kiosk.conf:12)").
ConfigResult<KioskConfig> apply_overrides(KioskConfig config, const CommandLineOverrides& overrides);

// A readable summary for the device panel and the log, one setting group per line. Names the staff but
// never shows the salt, a PIN or code hash, or the hub token.
std::string describe_config(const KioskConfig& config);

// A PIN or a QR code as the configuration stores it: SHA-256 of the salt followed by the secret, in
// lower-case hex. The same as `printf '%s%s' "$salt" "$secret" | sha256sum`.
std::string hash_staff_secret(std::string_view secret, std::string_view salt);

// The staff member whose PIN (or QR code) this is, or nullptr. Compares every hash in full.
// A staff PIN's line for the configuration (`kiosk --hash-pin`): an Argon2id hash with a salt of its own.
// Fails (invalid_input) unless the PIN is minimum_staff_pin_digits to maximum_staff_pin_digits digits.
inline constexpr std::size_t minimum_staff_pin_digits = 6;
inline constexpr std::size_t maximum_staff_pin_digits = 8; // the pin pad takes no more
base::Result<std::string> hash_staff_pin(std::string_view pin);
// Tries the PIN against every hash (about 0.1 s each): call it off the screen's thread.
const StaffSecret* find_staff_by_pin(const StaffSettings& staff, std::string_view pin);
// `code` as normalise_scanned_code (scan_code.hpp) makes it of a scan: the hash is of that form.
const StaffSecret* find_staff_by_code(const StaffSettings& staff, std::string_view code);

// Looks an environment variable up; std::nullopt when it is not set.
using EnvironmentLookup = std::function<std::optional<std::string>(const std::string& name)>;
// std::getenv.
std::optional<std::string> process_environment(const std::string& name);

// The hub token: the literal one, or the environment variable token_env names. Fails when there is no
// hub, or the variable is not set or empty (the message names the variable and the line).
ConfigResult<std::string> resolve_hub_token(const SyncSettings& sync,
                                            const EnvironmentLookup& environment = process_environment);

// SHA-256 (FIPS 180-4), the one in base/ (OpenSSL's), under the names the configuration's callers use.
using base::sha256;
using base::sha256_hex; // 64 lower-case hex digits

} // namespace checkin::kiosk
