#include "kiosk/app/controller.hpp"

#include "base/atomic_file.hpp"
#include "base/clock.hpp"
#include "base/overloaded.hpp"
#include "base/text.hpp"
#include "hardware/device_inventory.hpp"
#include "hardware/device_profile.hpp"
#include "kiosk/app/demo.hpp"
#include "kiosk/app/scanner_thread.hpp"
#include "kiosk/app/worker.hpp"
#include "kiosk/staff/staff_layout.hpp"
#include "kiosk/staff/staff_messages.hpp"
#include "kiosk/staff/staff_statistics.hpp"
#include "sync/client/enrolled_hub.hpp"
#include "sync/client/kiosk_enrolment.hpp"
#include "sync/client/sync_loop.hpp"
#include "sync/mirror/mirror.hpp"
#include "sync/protocol/enrolment.hpp"
#include "sync/roster/scan_code.hpp"

#include <algorithm>
#include <atomic>
#include <ctime>
#include <fmt/format.h>
#include <fstream>
#include <iterator>
#include <mutex>
#include <random>
#include <variant>

namespace checkin::kiosk {

namespace {

struct LookupDone {
    RequestId lookup = 0;
    sync::Result<sync::CheckinResult> result;
};
struct PrintDone {
    RequestId print = 0;
    drivers::Result<PrintedBadge> result;
};
struct ScanArrived {
    std::string payload;
};
struct StaffAnswerArrived {
    StaffInput answer; // its time is set when the loop takes it
};
struct LogArrived {
    std::string line;
};
// A scan checked against the mirror's keys and revocation list (sync::check_scanned_code).
struct ScanChecked {
    std::string payload;
    // An error: the mirror could not be read, so the scan could not be checked (it is not taken).
    sync::Result<std::optional<sync::SignedCodeVerdict>> verdict;
};
// An enrolment code exchanged with its hub (or not), on the network worker.
struct EnrolmentDone {
    RequestId request = 0;
    std::string hub;
    sync::Result<sync::KioskEnrolment> result;
};
// Find yourself by name: the exact matches (never logged).
struct NameSearchDone {
    RequestId search = 0;
    sync::Result<std::vector<sync::Delegate>> result;
};
using InboxMessage = std::variant<LookupDone, PrintDone, ScanArrived, StaffAnswerArrived, LogArrived,
                                  ScanChecked, EnrolmentDone, NameSearchDone>;

using base::Overloaded;

// A printer's problem as staff read it: the catalogue's sentence, then the driver's technical detail.
std::string printer_failure(Language language, const drivers::Error& error) {
    return fmt::format("{} ({})", problem_message(error.problem, language), error.detail);
}

using base::local_day;

// The first word of a staff member's name: what the log may say about who signed in with a signed code.
std::string first_name_of(std::string_view name) {
    const std::string_view trimmed = base::trim(name);
    return std::string(trimmed.substr(0, std::min(trimmed.find(' '), trimmed.size())));
}

// What the kiosk checks a scan against: the mirror's keys and the configuration's, the mirror's revocation
// list, and whether plain roster codes are still taken. Read for every scan, so a key or a revocation
// that arrived by sync or kioskctl counts at once.
sync::Result<std::optional<sync::SignedCodeVerdict>> check_scan(sync::Mirror& mirror,
                                                                const CodeSettings& codes,
                                                                std::uint32_t event_tag,
                                                                std::string_view payload, sync::Day today) {
    auto keys = mirror.code_keys();
    if (!keys) {
        return std::unexpected(keys.error());
    }
    const bool accept_unsigned = accepts_unsigned_codes(codes, keys->size());
    if (!sync::looks_like_signed_code(payload)) {
        return sync::check_scanned_code(payload, sync::CodeVerifier{}, accept_unsigned, today);
    }
    auto revoked = mirror.revoked_serials();
    if (!revoked) {
        return std::unexpected(revoked.error());
    }
    sync::CodeVerifier verifier{std::move(*keys), event_tag, std::move(*revoked)};
    verifier.keys.insert(verifier.keys.end(), codes.public_keys.begin(), codes.public_keys.end());
    return sync::check_scanned_code(payload, verifier, accept_unsigned, today);
}

// The badge's QR code signed as a badge code: it names the delegate's code for staff mode's card and admits
// no one at self-service. Days and validity follow the delegate's days (or the event's); where it cannot
// be signed (an event without days, days spread over more than 16), the plain code is printed, as without
// a badge key.
std::string badge_code_for(const sync::Delegate& delegate, const sync::Event& event,
                           const base::SecretKey& key) {
    sync::SignedCodeContent content;
    content.kind = sync::CodeKind::badge;
    content.event_tag = sync::event_tag(event.name);
    content.serial = sync::new_code_serial();
    content.delegate_code = delegate.code;
    content.days = delegate.days.empty() ? event.days : delegate.days;
    if (content.days.empty()) {
        return delegate.code;
    }
    content.valid_until = content.days.back();
    auto text = sync::sign_code(content, key);
    return text ? *text : delegate.code;
}

// The secret key in a file made by `kioskctl keys new`.
base::Result<base::SecretKey> read_badge_key(const std::filesystem::path& path) {
    std::ifstream file(path);
    if (!file) {
        return base::fail(base::ErrorKind::not_found,
                          fmt::format("[codes] badge_key {} cannot be read; make one with `kioskctl keys new "
                                      "--out FILE`, readable by the kiosk's user",
                                      path.string()));
    }
    const std::string text{std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
    auto key = base::parse_secret_key(text);
    if (!key) {
        return base::fail(base::ErrorKind::invalid_input,
                          fmt::format("[codes] badge_key {}: {}", path.string(), key.error().message));
    }
    return *key;
}

// The PIN pad's lockout is kept beside the mirror, so that restarting the kiosk (pulling its plug) neither
// lifts a lockout nor makes the next one short again. Three lines of "name value", times in Unix
// milliseconds (the steady clock does not survive a restart).
std::filesystem::path lockout_file(const KioskConfig& config) {
    std::filesystem::path path = config.kiosk.database.value;
    path += ".staff-lockout";
    return path;
}

std::string format_lockout(unsigned wrong_pins, unsigned lockouts, std::int64_t locked_until_milliseconds) {
    return fmt::format("wrong_pins {}\nlockouts {}\nlocked_until_ms {}\n", wrong_pins, lockouts,
                       locked_until_milliseconds);
}

// The kept state, the lockout's end moved onto this run's steady clock. A missing or unreadable file is
// no lockout: only the kiosk's own user can write it, and whoever can could delete the mirror too.
StaffLockoutState read_lockout(const KioskConfig& config, FlowTime flow_start, std::int64_t wall_start) {
    StaffLockoutState state;
    if (config.kiosk.database.value.empty()) {
        return state;
    }
    std::ifstream file(lockout_file(config));
    std::string name;
    long long value = 0;
    long long locked_until = 0;
    while (file >> name >> value) {
        if (value < 0 || value > 1'000'000'000'000'000) {
            return {};
        }
        if (name == "wrong_pins") {
            state.wrong_pins = static_cast<unsigned>(std::min<long long>(value, 1000));
        } else if (name == "lockouts") {
            state.lockouts = static_cast<unsigned>(std::min<long long>(value, 1000));
        } else if (name == "locked_until_ms") {
            locked_until = value;
        }
    }
    if (locked_until > wall_start) {
        state.locked_until = flow_start + std::chrono::milliseconds(locked_until - wall_start);
    }
    return state;
}

// The staff's last badge preview, a PNG beside the mirror with a delegate's name on it: removed when the
// next one replaces it and when the kiosk stops. Declared before the workers in Parts, so it is destroyed
// after them and no worker writes a new one behind it.
class BadgePreviewFile {
public:
    BadgePreviewFile() = default;
    BadgePreviewFile(const BadgePreviewFile&) = delete;
    BadgePreviewFile& operator=(const BadgePreviewFile&) = delete;
    ~BadgePreviewFile() { replace({}); }

    void replace(std::optional<std::filesystem::path> file) {
        if (m_file && m_file != file) {
            std::error_code ignored; // gone already: nothing to do
            std::filesystem::remove(*m_file, ignored);
        }
        m_file = std::move(file);
    }

private:
    std::optional<std::filesystem::path> m_file;
};

// The name of a staff preview beside the mirror: "<mirror>.badge-preview-<request>.png".
std::filesystem::path badge_preview_path(const std::filesystem::path& database, std::uint64_t request) {
    std::filesystem::path file = database;
    file += fmt::format(".badge-preview-{}.png", request);
    return file;
}

// Previews a kiosk left behind when it was killed or lost power: nothing should keep them.
void remove_left_badge_previews(const std::filesystem::path& database) {
    const std::string prefix = database.filename().string() + ".badge-preview-";
    std::error_code error;
    std::filesystem::path folder = database.parent_path();
    if (folder.empty()) {
        folder = ".";
    }
    for (const auto& entry : std::filesystem::directory_iterator(folder, error)) {
        const std::string name = entry.path().filename().string();
        if (name.starts_with(prefix) && name.ends_with(".png")) {
            std::error_code ignored;
            std::filesystem::remove(entry.path(), ignored);
        }
    }
}

} // namespace

// What lives on other threads, and the data only they touch. Declared so that destruction goes in a
// safe order: scanners stop first (they post to the inbox), then the print worker (it posts to the
// database worker), then the database worker, then what they used.
struct KioskController::Parts {
    explicit Parts(std::function<void()> wake) : inbox(std::move(wake)) {}

    sync::Event event;
    std::optional<sync::Mirror> database; // the database worker's connection
    std::optional<KioskPrinter> printer;  // the print worker's
    BadgePreviewFile badge_preview_file;  // the print worker's: the last staff preview
    Inbox<InboxMessage> inbox;
    // Jobs posted and not finished, counted before posting and after the job's own follow-ups are
    // posted, so a chain of jobs across the two workers never reads as idle halfway.
    std::atomic<int> outstanding{0};
    std::unique_ptr<Worker> database_worker;
    std::unique_ptr<Worker> print_worker;
    // The enrolment's exchange with a hub (up to the client's timeout): neither check-ins nor printing wait
    // for it.
    std::unique_ptr<Worker> network_worker;
    std::vector<std::unique_ptr<ScannerThread>> scanners;

    // What the hub's health report says of this kiosk's devices (sync::KioskCondition): the printer as the
    // last print or status read left it (print worker), the last scan's time (UI thread); read by the sync
    // loop's thread once a round. Never a code: only when.
    mutable std::mutex condition_mutex;
    sync::PrinterCondition printer_condition = sync::PrinterCondition::unknown;
    std::vector<std::string> printer_problems;
    std::optional<std::int64_t> last_scan_at_milliseconds;

    void note_scan(std::int64_t wall_milliseconds) {
        const std::lock_guard lock(condition_mutex);
        last_scan_at_milliseconds = wall_milliseconds;
    }
    void note_printer_state(const drivers::PrinterState& state) {
        const std::lock_guard lock(condition_mutex);
        printer_condition = state.ready ? sync::PrinterCondition::ready : sync::PrinterCondition::problem;
        printer_problems.clear();
        for (const drivers::Problem problem : state.problems) {
            printer_problems.emplace_back(drivers::problem_name(problem));
        }
    }
    // Prints on the print worker and keeps what the outcome says of the printer. A badge that cannot be
    // laid out (invalid_input) says nothing of it.
    drivers::Result<PrintedBadge> print(KioskPrinter& device, const sync::Delegate& delegate) {
        auto printed = device.print(delegate, event);
        const std::lock_guard lock(condition_mutex);
        if (printed) {
            printer_condition = sync::PrinterCondition::ready;
            printer_problems.clear();
        } else if (device.address().empty()) {
            printer_condition = sync::PrinterCondition::none;
            printer_problems.clear();
        } else if (printed.error().problem != drivers::Problem::invalid_input) {
            printer_condition = sync::PrinterCondition::problem;
            printer_problems = {std::string(drivers::problem_name(printed.error().problem))};
        }
        return printed;
    }
    sync::KioskCondition condition() const {
        sync::KioskCondition condition;
        for (const auto& scanner : scanners) {
            condition.scanners += scanner->status().connected ? 1U : 0U;
        }
        const std::lock_guard lock(condition_mutex);
        condition.printer = printer_condition;
        condition.printer_problems = printer_problems;
        condition.last_scan_at_milliseconds = last_scan_at_milliseconds;
        return condition; // labels left: no driver counts them yet
    }

    // The hub sync (none without [sync] hub). Last, so it stops first: it has its own mirror connection.
    std::unique_ptr<sync::SyncLoop> sync_loop;

    void wake_sync() {
        if (sync_loop) {
            sync_loop->wake(); // a new event: upload it now rather than at the end of the interval
        }
    }

    void post_database(std::function<void(sync::Mirror&)> job) {
        ++outstanding;
        database_worker->post([this, job = std::move(job)] {
            job(*database);
            --outstanding;
        });
    }
    void post_network(std::function<void()> job) {
        ++outstanding;
        network_worker->post([this, job = std::move(job)] {
            job();
            --outstanding;
        });
    }
    void post_printer(std::function<void(KioskPrinter&)> job) {
        ++outstanding;
        print_worker->post([this, job = std::move(job)] {
            job(*printer);
            --outstanding;
        });
    }
};

KioskController::KioskController(ControllerSettings settings)
    : m_settings(std::move(settings)),
      m_flow(FlowSettings{FlowTimings{.welcome_minimum = m_settings.config.screens.welcome,
                                      .take_badge = m_settings.config.screens.take_badge,
                                      .refusal = m_settings.config.screens.refusal,
                                      .printer_problem = m_settings.config.screens.printer_problem},
                          m_settings.config.kiosk.language.value, m_settings.local_clock,
                          // Offered or not is known once the mirror's keys are read (create).
                          FindByNameSettings{.offered = false}}),
      m_staff(StaffModeSettings{
          .lockout_count = m_settings.config.staff.lockout_count,
          .lockout_duration = m_settings.config.staff.lockout_duration,
          .restored_lockout =
              read_lockout(m_settings.config, m_settings.flow_start, m_settings.wall_start_milliseconds),
          .inactivity = m_settings.config.screens.staff_inactivity,
          .language = m_settings.config.kiosk.language.value,
      }),
      m_wedge("sdl://keyboard", m_settings.config.scanners.keyboard), m_now(m_settings.flow_start) {}

KioskController::~KioskController() = default;

base::Result<std::unique_ptr<KioskController>> KioskController::create(ControllerSettings settings) {
    // A kiosk enrolled with `kioskctl enrol` and no [sync] hub in its configuration syncs with the hub it
    // was enrolled with (the address, pin and token kept beside its database).
    if (settings.config.sync.hub.empty()) {
        const auto& database_path = settings.config.kiosk.database.value;
        auto enrolled = sync::read_enrolled_hub(database_path);
        if (!enrolled) {
            return std::unexpected<base::Error>(enrolled.error());
        }
        if (*enrolled) {
            auto token = sync::read_enrolled_token(database_path);
            if (!token) {
                return std::unexpected<base::Error>(token.error());
            }
            settings.config.sync.hub = (*enrolled)->hub_url;
            settings.config.sync.hub_pin = (*enrolled)->pin;
            settings.config.sync.token = *token;
        }
    }
    std::unique_ptr<KioskController> controller(new KioskController(std::move(settings)));
    const ControllerSettings& set = controller->m_settings;
    controller->m_parts = std::make_unique<Parts>(set.wake);
    Parts& parts = *controller->m_parts;

    auto database = sync::Mirror::open(set.config.kiosk.database.value);
    if (!database) {
        return std::unexpected<base::Error>(database.error());
    }
    auto event = database->event();
    if (!event) {
        return std::unexpected<base::Error>(event.error());
    }
    parts.event = std::move(*event);
    auto keys = database->code_keys();
    if (!keys) {
        return std::unexpected<base::Error>(keys.error());
    }
    controller->m_flow.offer_find_by_name(
        offers_find_by_name(set.config.screens, set.config.codes, keys->size()));
    parts.database.emplace(std::move(*database));
    remove_left_badge_previews(set.config.kiosk.database.value);

    auto printer = KioskPrinter::open(set.config.printer, set.resources);
    if (!printer) {
        return base::fail(base::ErrorKind::unavailable,
                          fmt::format("the printer cannot be set up: {}", printer.error().detail));
    }
    parts.printer.emplace(std::move(*printer));
    if (parts.printer->address().empty()) {
        parts.printer_condition = sync::PrinterCondition::none; // delegates get their badges at reception
    }
    if (!set.config.codes.badge_key.empty()) {
        auto key = read_badge_key(set.config.codes.badge_key);
        if (!key) {
            return std::unexpected(key.error());
        }
        parts.printer->set_badge_code_maker(
            [key = *key](const sync::Delegate& delegate, const sync::Event& badge_event) {
                return badge_code_for(delegate, badge_event, key);
            });
    }
    parts.database_worker = std::make_unique<Worker>();
    parts.print_worker = std::make_unique<Worker>();
    parts.network_worker = std::make_unique<Worker>();

    if (set.open_scanners) {
        for (const ScannerAddress& address : set.config.scanners.devices) {
            if (std::holds_alternative<KeyboardWedgeScanner>(address)) {
                continue;
            }
            Parts* shared = &parts;
            parts.scanners.push_back(std::make_unique<ScannerThread>(
                address,
                [shared](drivers::Scan scan) { shared->inbox.post(ScanArrived{std::move(scan.payload)}); },
                [shared](std::string line) { shared->inbox.post(LogArrived{std::move(line)}); }));
        }
    }
    if (!set.config.sync.hub.empty()) {
        auto token = resolve_hub_token(set.config.sync);
        if (!token) {
            return std::unexpected<base::Error>(token.error());
        }
        parts.sync_loop = std::make_unique<sync::SyncLoop>(controller->sync_loop_settings(*token));
    }
    controller->log(fmt::format("kiosk {} ready: {} · printer {} · hub {} · {}", set.config.kiosk.id.value,
                                parts.event.name,
                                parts.printer->address().empty() ? "none" : parts.printer->address(),
                                set.config.sync.hub.empty() ? "none" : set.config.sync.hub,
                                sync::format_iso_day(controller->today())));
    for (const std::string& note : parts.printer->typeface_notes()) {
        controller->log(note);
    }
    controller->refresh_scene();
    return controller;
}

std::int64_t KioskController::wall_milliseconds(FlowTime now) const {
    return m_settings.wall_start_milliseconds +
           std::chrono::duration_cast<std::chrono::milliseconds>(now - m_settings.flow_start).count();
}

sync::Day KioskController::today() const {
    return m_settings.date_override ? *m_settings.date_override : local_day(wall_milliseconds(m_now));
}

void KioskController::log(std::string_view line) const {
    if (m_settings.log) {
        m_settings.log(line);
    }
}

// Inputs -------------------------------------------------------------------------------------------------

void KioskController::scan(std::string payload, FlowTime now) {
    m_now = std::max(m_now, now);
    route_scan(std::move(payload), m_now);
    refresh_scene();
}

sync::SyncLoopSettings KioskController::sync_loop_settings(const std::string& token) const {
    sync::SyncLoopSettings loop;
    loop.mirror_path = m_settings.config.kiosk.database.value;
    loop.hub.base_url = m_settings.config.sync.hub;
    loop.hub.pin = m_settings.config.sync.hub_pin;
    loop.hub.token = token;
    loop.round.kiosk_id = m_settings.config.kiosk.id.value;
    const Parts* parts = m_parts.get(); // outlives the loop, which it owns
    loop.round.condition = [parts] {
        return parts->condition();
    };
    return loop;
}

void KioskController::route_scan(std::string payload, FlowTime now) {
    m_parts->note_scan(wall_milliseconds(now)); // for the hub's health report: when, never what
    // A staff code is matched as any scan is looked up: without the scanner's terminator, AIM identifier
    // or URL around it (scan_code.hpp), so the badge works on every scanner the delegates' codes work on.
    auto normalised = sync::normalise_scanned_code(payload);
    const StaffSecret* staff =
        normalised ? find_staff_by_code(m_settings.config.staff, *normalised) : nullptr;
    if (staff != nullptr) {
        log(fmt::format("staff code of {} scanned", staff->name));
        if (!m_staff.is_open() || m_staff.view().staff_name.empty()) {
            run_staff(StaffCodeScanned{staff->name, now});
        }
        return;
    }
    if (sync::looks_like_enrolment_payload(payload)) {
        take_enrolment_code(payload, now);
        return;
    }
    const bool signed_code = sync::looks_like_signed_code(payload);
    if (m_staff.is_open() && !signed_code) {
        run_staff(StaffScan{std::move(payload), now});
        return;
    }
    // A code is a bearer secret (a signed one may carry a name): only its last characters reach the log.
    log(fmt::format("scan of a {}code ending {}", signed_code ? "signed " : "", sync::code_ending(payload)));
    // Checked on the database worker (the keys and the revocation list are in the mirror); the answer
    // comes back as ScanChecked and goes on in take_checked_scan.
    Parts* parts = m_parts.get();
    const CodeSettings codes = m_settings.config.codes;
    const std::uint32_t event_tag = sync::event_tag(parts->event.name);
    const sync::Day day = today();
    parts->post_database([parts, codes, event_tag, day, payload = std::move(payload)](sync::Mirror& mirror) {
        parts->inbox.post(ScanChecked{payload, check_scan(mirror, codes, event_tag, payload, day)});
    });
}

// An organiser's enrolment code (kiosk-hub enrol). It holds a one-time secret worth this kiosk's token, so
// no part of it but the hub's address reaches the log, the screen or the mirror. At self-service it is
// ignored: it is no delegate's code, whoever holds it is staff, and a lookup would only put the secret
// through the journal's path and show a delegate's refusal; the log says to open staff mode.
void KioskController::take_enrolment_code(const std::string& payload, FlowTime now) {
    if (!m_staff.is_open()) {
        log("an enrolment code was scanned at self-service and ignored; open staff mode to enrol this kiosk");
        return;
    }
    auto decoded = sync::decode_enrolment_payload(payload);
    if (!decoded) {
        log("staff mode: an enrolment code that cannot be read: " + decoded.error().message);
        m_pending_enrolment.reset();
        run_staff(StaffEnrolmentScanned{"", now});
        return;
    }
    log(fmt::format("staff mode: an enrolment code for the hub {} scanned", decoded->hub_url));
    const std::string hub = decoded->hub_url;
    m_pending_enrolment = std::move(*decoded);
    run_staff(StaffEnrolmentScanned{hub, now});
}

void KioskController::enrol_with_hub(const StaffEnrol& enrol) {
    if (!m_pending_enrolment || m_pending_enrolment->hub_url != enrol.hub) {
        return; // cannot happen: staff mode asks only right after the scan that set it
    }
    Parts* parts = m_parts.get();
    const std::filesystem::path mirror = m_settings.config.kiosk.database.value;
    parts->post_network([parts, mirror, request = enrol.request, payload = std::move(*m_pending_enrolment)] {
        parts->inbox.post(EnrolmentDone{request, payload.hub_url, sync::enrol_kiosk(payload, mirror)});
    });
    m_pending_enrolment.reset();
}

// On the UI thread: the sync loop moves to the new hub from its next round (or starts, on a kiosk that had
// none), and staff are told.
void KioskController::take_enrolment(RequestId request, const std::string& hub,
                                     sync::Result<sync::KioskEnrolment> result, FlowTime now) {
    const Language language = m_staff.view().language;
    base::Result<std::string> outcome;
    if (result) {
        const sync::KioskEnrolment& enrolment = *result;
        log(fmt::format("enrolled as {} with the hub {}; syncing with it from the next round",
                        enrolment.kiosk, enrolment.hub.hub_url));
        m_settings.config.sync.hub = enrolment.hub.hub_url;
        m_settings.config.sync.hub_pin = enrolment.hub.pin;
        m_settings.config.sync.token = enrolment.token;
        m_settings.config.sync.token_env.clear();
        auto loop = sync_loop_settings(enrolment.token);
        if (m_parts->sync_loop) {
            m_parts->sync_loop->use_hub(std::move(loop.hub));
        } else {
            m_parts->sync_loop = std::make_unique<sync::SyncLoop>(std::move(loop));
        }
        outcome = render_staff(StaffMessageId::enrolment_done, language,
                               {{"hub", enrolment.hub.hub_url}, {"kiosk", enrolment.kiosk}});
    } else {
        log(fmt::format("enrolment with the hub {} failed: {}", hub, result.error().message));
        const bool refused = result.error().kind == sync::ErrorKind::refused;
        outcome = base::fail(result.error().kind,
                             refused ? render_staff(StaffMessageId::enrolment_refused, language)
                                     : render_staff(StaffMessageId::enrolment_failed, language,
                                                    {{"reason", result.error().message}}));
    }
    run_staff(EnrolmentAnswer{request, std::move(outcome), now});
}

void KioskController::take_checked_scan(std::string payload, std::optional<sync::SignedCodeVerdict> verdict,
                                        FlowTime now) {
    if (verdict && *verdict && (*verdict)->kind == sync::CodeKind::staff) {
        // A valid signed staff code opens staff mode as that person, known by their first name only: it is
        // what the log and the journal's operator show, as a configured staff name ("anna") would.
        const std::string name = first_name_of((*verdict)->first_name);
        log(fmt::format("signed staff code of {} scanned", name));
        if (!m_staff.is_open() || m_staff.view().staff_name.empty()) {
            run_staff(StaffCodeScanned{name, now});
        }
        return;
    }
    if (m_staff.is_open()) {
        if (verdict && *verdict) {
            run_staff(StaffScan{(*verdict)->delegate_code, now}); // a badge or invitation: their card
        } else if (verdict) {
            log(fmt::format("staff mode: a signed code refused ({}), code ending {}",
                            sync::to_string(verdict->error().reason), sync::code_ending(payload)));
            run_staff(StaffCodeRefused{verdict->error().reason, now});
        } else {
            run_staff(StaffScan{std::move(payload), now});
        }
        return;
    }
    run_flow(ScanInput{std::move(payload), now, std::move(verdict)});
}

void KioskController::pointer_down(int x, int y, FlowTime now) {
    m_now = std::max(m_now, now);
    if (!m_staff.is_open() && staff_corner(m_settings.width, m_settings.height).contains(x, y)) {
        m_corner_held_since = m_now;
    }
}

void KioskController::pointer_up(int x, int y, FlowTime now) {
    m_now = std::max(m_now, now);
    tick(m_now); // a hold that reached its time opens the PIN pad before the finger lifts
    if (m_corner_held_since) {
        m_corner_held_since.reset();
        return;
    }
    const Button* button = m_scene.button_at(x, y);
    if (!button) {
        return;
    }
    if (m_staff.is_open()) {
        if (auto press = parse_staff_button_id(button->id)) {
            run_staff(StaffTap{*press, m_now});
        }
    } else if (auto input = flow_input_for_button(button->id, m_now)) {
        run_flow(*input);
    }
    refresh_scene();
}

void KioskController::keyboard_text(std::string_view utf8, FlowTime now) {
    m_now = std::max(m_now, now);
    take_wedge_events(m_wedge.text(utf8, m_now), m_now);
}

void KioskController::keyboard_key(KioskKey key, FlowTime now) {
    m_now = std::max(m_now, now);
    switch (key) {
    case KioskKey::enter:
        take_wedge_events(m_wedge.key(drivers::WedgeKey::enter, m_now), m_now);
        break;
    case KioskKey::tab:
        take_wedge_events(m_wedge.key(drivers::WedgeKey::tab, m_now), m_now);
        break;
    case KioskKey::backspace:
        take_wedge_events(m_wedge.key(drivers::WedgeKey::backspace, m_now), m_now);
        break;
    case KioskKey::escape:
        take_wedge_events(m_wedge.key(drivers::WedgeKey::escape, m_now), m_now);
        break;
    case KioskKey::random_delegate:
        random_delegate();
        break;
    }
}

void KioskController::typed_text(std::string_view utf8, FlowTime now) {
    m_now = std::max(m_now, now);
    staff_typing(drivers::TypedText{std::string(utf8), m_now}, m_now);
    refresh_scene();
}

void KioskController::typed_key(KioskKey key, FlowTime now) {
    m_now = std::max(m_now, now);
    switch (key) {
    case KioskKey::enter:
        staff_typing(drivers::TypedKey{drivers::WedgeKey::enter, m_now}, m_now);
        break;
    case KioskKey::tab:
        staff_typing(drivers::TypedKey{drivers::WedgeKey::tab, m_now}, m_now);
        break;
    case KioskKey::backspace:
        staff_typing(drivers::TypedKey{drivers::WedgeKey::backspace, m_now}, m_now);
        break;
    case KioskKey::escape:
        staff_typing(drivers::TypedKey{drivers::WedgeKey::escape, m_now}, m_now);
        break;
    case KioskKey::random_delegate:
        random_delegate();
        break;
    }
    refresh_scene();
}

void KioskController::take_wedge_events(std::vector<drivers::WedgeEvent> events, FlowTime now) {
    for (const std::string& warning :
         m_wedge_warnings.pass(m_wedge.take_warnings(), std::chrono::steady_clock::now())) {
        log(fmt::format("keyboard scanner: {}", warning));
    }
    for (auto& event : events) {
        if (auto* scanned = std::get_if<drivers::Scan>(&event)) {
            route_scan(std::move(scanned->payload), now);
        } else {
            staff_typing(event, now);
        }
    }
    refresh_scene();
}

// Keys a person typed: for staff mode's focused field; in the demo, outside staff mode, a code typed by
// hand and scanned with Enter; otherwise ignored (a delegate leaning on a keyboard changes nothing).
void KioskController::staff_typing(const drivers::WedgeEvent& event, FlowTime now) {
    const Screen flow_screen = m_flow.screen().screen;
    const bool typing_a_name =
        !m_staff.is_open() && (flow_screen == Screen::find_surname || flow_screen == Screen::find_first_name);
    if (const auto* text = std::get_if<drivers::TypedText>(&event)) {
        if (m_staff.is_open()) {
            run_staff(StaffText{text->text, now});
        } else if (typing_a_name) {
            run_flow(NameTyping{NameKey::type, text->text, now});
        } else if (m_settings.demo) {
            m_demo_typed += text->text;
        }
        return;
    }
    const auto* key = std::get_if<drivers::TypedKey>(&event);
    if (!key) {
        return;
    }
    if (m_staff.is_open()) {
        StaffKey staff_key = StaffKey::enter;
        switch (key->key) {
        case drivers::WedgeKey::enter:
            staff_key = StaffKey::enter;
            break;
        case drivers::WedgeKey::tab:
            staff_key = StaffKey::tab;
            break;
        case drivers::WedgeKey::backspace:
            staff_key = StaffKey::backspace;
            break;
        case drivers::WedgeKey::escape:
            staff_key = StaffKey::escape;
            break;
        }
        run_staff(StaffKeyPress{staff_key, now});
        return;
    }
    if (typing_a_name) {
        // A physical keyboard works like the on-screen one: Enter searches, Escape goes back.
        switch (key->key) {
        case drivers::WedgeKey::enter:
            run_flow(NameTyping{NameKey::search, {}, now});
            break;
        case drivers::WedgeKey::backspace:
            run_flow(NameTyping{NameKey::backspace, {}, now});
            break;
        case drivers::WedgeKey::escape:
            run_flow(NameTyping{NameKey::back, {}, now});
            break;
        case drivers::WedgeKey::tab:
            break;
        }
        return;
    }
    if (!m_settings.demo) {
        return;
    }
    if (key->key == drivers::WedgeKey::enter && !m_demo_typed.empty()) {
        std::string code = std::exchange(m_demo_typed, {});
        route_scan(std::move(code), now);
    } else if (key->key == drivers::WedgeKey::backspace && !m_demo_typed.empty()) {
        m_demo_typed.pop_back();
    } else if (key->key == drivers::WedgeKey::escape) {
        m_quit = true; // the demo closes with Escape; a venue kiosk does not
    }
}

void KioskController::random_delegate() {
    if (!m_settings.demo) {
        return;
    }
    const sync::Day day = today();
    Parts* parts = m_parts.get();
    parts->post_database([parts, day](sync::Mirror& mirror) {
        auto records = mirror.all_delegates();
        if (!records) {
            parts->inbox.post(LogArrived{"random delegate: " + records.error().message});
            return;
        }
        std::vector<std::string> codes;
        for (const auto& record : *records) {
            const auto& delegate = record.delegate;
            const bool today_listed =
                delegate.days.empty() || std::ranges::find(delegate.days, day) != delegate.days.end();
            // Not yet checked in today: the demo shows a welcome, not "already checked in".
            const bool arrived = std::ranges::any_of(
                record.attendance, [&](const sync::Attendance& attendance) { return attendance.day == day; });
            if (delegate.status == sync::DelegateStatus::active && today_listed && !arrived) {
                codes.push_back(delegate.code);
            }
        }
        if (codes.empty()) {
            parts->inbox.post(LogArrived{"random delegate: everybody registered for today has checked in"});
            return;
        }
        std::random_device random;
        std::uniform_int_distribution<std::size_t> pick(0, codes.size() - 1);
        parts->inbox.post(ScanArrived{codes[pick(random)]});
    });
}

void KioskController::tick(FlowTime now) {
    m_now = std::max(m_now, now);
    take_inbox(m_now);
    take_wedge_events(m_wedge.poll(m_now), m_now);
    if (m_corner_held_since && m_now - *m_corner_held_since >= m_settings.staff_hold) {
        m_corner_held_since.reset();
        log("staff corner held: PIN pad");
        run_staff(StaffOpenPinPad{m_now});
    }
    run_flow(Tick{m_now});
    if (m_staff.is_open()) {
        run_staff(StaffTick{m_now});
    }
    refresh_scene();
}

void KioskController::take_inbox(FlowTime now) {
    for (auto& message : m_parts->inbox.take_all()) {
        std::visit(Overloaded{
                       [&](LookupDone& done) {
                           m_parts->wake_sync();
                           run_flow(LookupAnswer{done.lookup, std::move(done.result), now});
                       },
                       [&](PrintDone& done) {
                           drivers::Result<void> outcome;
                           if (done.result) {
                               m_badge_preview = done.result->page_file;
                           } else {
                               outcome = std::unexpected(done.result.error());
                           }
                           run_flow(PrintOutcome{done.print, outcome, now});
                       },
                       [&](ScanArrived& arrived) { route_scan(std::move(arrived.payload), now); },
                       [&](StaffAnswerArrived& arrived) {
                           if (std::holds_alternative<ActionAnswer>(arrived.answer)) {
                               m_parts->wake_sync(); // a reprint, check-in, undo or walk-in to upload
                           }
                           std::visit([&](auto& answer) { answer.time = now; }, arrived.answer);
                           run_staff(arrived.answer);
                       },
                       [&](LogArrived& arrived) { log(arrived.line); },
                       [&](ScanChecked& checked) {
                           if (checked.verdict) {
                               take_checked_scan(std::move(checked.payload), std::move(*checked.verdict),
                                                 now);
                               return;
                           }
                           // Not checked, so not taken: the Flow's lookup answers with this failure at
                           // once (lookup_failed and a staff alert), never a check-in of an unchecked code.
                           log("the scan could not be checked: " + checked.verdict.error().message);
                           m_unchecked_scan = checked.verdict.error();
                           take_checked_scan(std::move(checked.payload), std::nullopt, now);
                           m_unchecked_scan.reset();
                       },
                       [&](EnrolmentDone& done) {
                           take_enrolment(done.request, done.hub, std::move(done.result), now);
                       },
                       [&](NameSearchDone& done) {
                           run_flow(NameSearchAnswer{done.search, std::move(done.result), now});
                       },
                   },
                   message);
    }
}

void KioskController::printer_command(std::string command) {
    Parts* parts = m_parts.get();
    parts->post_printer([parts, command](KioskPrinter& printer) {
        auto done = printer.control_simulator(command);
        parts->inbox.post(LogArrived{done ? fmt::format("printer: {}", command)
                                          : fmt::format("printer: {}: {}", command, done.error().detail)});
    });
}

void KioskController::resize(int width, int height) {
    m_settings.width = width;
    m_settings.height = height;
    refresh_scene();
}

// The Flow ---------------------------------------------------------------------------------------------

void KioskController::run_flow(const FlowInput& input) {
    const FlowTime now = m_now;
    for (const FlowEffect& effect : m_flow.handle(input)) {
        carry_out(effect, now);
    }
}

void KioskController::carry_out(const FlowEffect& effect, FlowTime now) {
    Parts* parts = m_parts.get();
    std::visit(
        Overloaded{
            [&](const StartLookup& lookup) {
                sync::CheckinRequest request{lookup.payload, m_settings.config.kiosk.id.value,
                                             std::string(journal_operator(lookup.method)),
                                             wall_milliseconds(now), today()};
                if (lookup.method == CheckinMethod::by_name) {
                    log("self-service by name"); // who, and by what name, stays out of the log
                }
                if (m_unchecked_scan) {
                    parts->inbox.post(LookupDone{lookup.lookup, std::unexpected(*m_unchecked_scan)});
                    return;
                }
                if (lookup.invitation) {
                    sync::InvitationCheckinRequest invitation{*lookup.invitation, request.kiosk_id,
                                                              request.operator_name, request.now_milliseconds,
                                                              request.today};
                    parts->post_database([parts, invitation, id = lookup.lookup](sync::Mirror& mirror) {
                        parts->inbox.post(LookupDone{id, mirror.check_in_invitation(invitation)});
                    });
                    return;
                }
                parts->post_database([parts, request, id = lookup.lookup](sync::Mirror& mirror) {
                    parts->inbox.post(LookupDone{id, mirror.check_in(request)});
                });
            },
            [&](const StartNameSearch& search) { search_by_name(search); },
            [&](const StartPrint& print) {
                m_badge_preview.reset();
                const sync::CheckinEvent journal =
                    sync::new_event(sync::EventKind::print, print.delegate.code, wall_milliseconds(now),
                                    today(), m_settings.config.kiosk.id.value, "self-service");
                parts->post_printer([parts, print, journal](KioskPrinter& printer) mutable {
                    auto printed = parts->print(printer, print.delegate);
                    if (printed) {
                        parts->post_database([parts, journal](sync::Mirror& mirror) {
                            if (auto recorded = mirror.append_event(journal); !recorded) {
                                parts->inbox.post(LogArrived{"the print could not be journaled: " +
                                                             recorded.error().message});
                            }
                        });
                    }
                    parts->inbox.post(PrintDone{print.print, std::move(printed)});
                });
            },
            [&](const PlaySound& sound) {
                log(fmt::format("sound {}", to_string(sound.sound)));
                if (m_sound_on) {
                    m_sounds.push_back(sound.sound);
                }
            },
            [&](const AlertStaff& alert) {
                std::string line = fmt::format("staff alert {}", to_string(alert.alert));
                if (alert.delegate) {
                    // The staff screen names the person; the log only the code's last characters.
                    line += fmt::format(": code ending {}", sync::code_ending(alert.delegate->code));
                }
                if (!alert.detail.empty()) {
                    line += " — " + alert.detail;
                }
                log(line);
                if (alert.alert == StaffAlert::printer_problem && alert.delegate) {
                    m_badges_waiting.push_back(*alert.delegate);
                } else if (alert.alert == StaffAlert::badge_printed_late && alert.delegate) {
                    std::erase_if(m_badges_waiting, [&](const sync::Delegate& waiting) {
                        return waiting.code == alert.delegate->code;
                    });
                }
            },
            [&](const ShowScreen& show) {
                log(fmt::format("screen {}", to_string(show.screen.screen)));
                if (!m_staff.is_open()) {
                    m_scene = layout_flow_screen(show.screen, flow_scene_extras(show.screen.screen),
                                                 m_settings.width, m_settings.height);
                    record_scene();
                }
            },
        },
        effect);
}

// Staff mode ---------------------------------------------------------------------------------------------

void KioskController::run_staff(const StaffInput& input) {
    const bool was_open = m_staff.is_open();
    for (const StaffEffect& effect : m_staff.handle(input)) {
        carry_out(effect, m_now);
    }
    if (!was_open && m_staff.is_open()) {
        m_wedge.flush(); // half a scan typed before staff mode began must not land in a field
    }
}

void KioskController::carry_out(const StaffEffect& effect, FlowTime now) {
    std::visit(Overloaded{
                   [&](const StaffCheckPin& check) { check_staff_pin(check, now); },
                   [&](const StaffSearch& search) { search_delegates(search); },
                   [&](const StaffLoadCard& load) { load_delegate_card(load); },
                   [&](const StaffReprint& reprint) { reprint_badge(reprint, now); },
                   [&](const StaffCheckIn& check_in) { check_in_for_staff(check_in, now); },
                   [&](const StaffUndo& undo) { undo_check_in(undo, now); },
                   [&](const StaffCreateWalkIn& walk_in) { create_walk_in(walk_in, now); },
                   [&](const StaffRefreshDevices& refresh) { refresh_devices(refresh); },
                   [&](const StaffRefreshStatistics& refresh) { refresh_statistics(refresh); },
                   [&](const StaffSetSound& sound) {
                       m_sound_on = sound.on;
                       log(sound.on ? "sound on" : "sound off");
                   },
                   [&](const StaffLog& line) { log("staff: " + line.line); },
                   [&](const StaffClosed&) { log("staff mode closed"); },
                   [&](const StaffEnrol& enrol) { enrol_with_hub(enrol); },
                   [&](const StaffLockoutChanged& changed) { keep_lockout(changed.state); },
                   [&](const StaffLoadRoles&) { load_walk_in_roles(); },
                   [&](const StaffPreviewBadge& preview) { preview_badge(preview); },
               },
               effect);
}

void KioskController::keep_lockout(const StaffLockoutState& state) {
    if (m_settings.config.kiosk.database.value.empty()) {
        return;
    }
    const std::int64_t until = state.locked_until ? wall_milliseconds(*state.locked_until) : 0;
    if (auto written = base::write_file_atomically(lockout_file(m_settings.config),
                                                   format_lockout(state.wrong_pins, state.lockouts, until));
        !written) {
        log("the PIN pad's lockout could not be kept: " + written.error().message);
    }
}

void KioskController::check_staff_pin(const StaffCheckPin& check, FlowTime) {
    // Argon2id takes about 0.1 s a hash and a PIN is tried against every one (config.hpp): on the database
    // worker, so the screen goes on drawing (the pad shows it is busy) and the answer comes through the
    // inbox like any other.
    Parts* parts = m_parts.get();
    parts->post_database([parts, staff = m_settings.config.staff, pin = check.pin](sync::Mirror&) {
        const StaffSecret* found = find_staff_by_pin(staff, pin);
        std::optional<std::string> name;
        if (found != nullptr) {
            name = found->name;
        }
        parts->inbox.post(LogArrived{found ? fmt::format("PIN of {} entered", found->name)
                                           : std::string("a wrong staff PIN")});
        parts->inbox.post(StaffAnswerArrived{StaffPinChecked{std::move(name), {}}});
    });
}

void KioskController::search_by_name(const StartNameSearch& search) {
    Parts* parts = m_parts.get();
    const ScreenTimings screens = m_settings.config.screens;
    const CodeSettings codes = m_settings.config.codes;
    parts->post_database([parts, search, screens, codes](sync::Mirror& mirror) {
        // Keys may have reached the mirror (a sync) since attract offered the search: a kiosk that now
        // takes signed codes only runs no search, and says so in the log.
        auto keys = mirror.code_keys();
        sync::Result<std::vector<sync::Delegate>> found = std::vector<sync::Delegate>{};
        if (!keys) {
            found = std::unexpected(keys.error());
        } else if (!offers_find_by_name(screens, codes, keys->size())) {
            parts->inbox.post(
                LogArrived{"self-service by name: not run, this kiosk takes signed codes only"});
        } else {
            found = mirror.find_by_exact_name(search.surname, search.first_name, search.limit);
        }
        // How many, never who or what was typed.
        std::string line = "self-service by name: search";
        if (!found) {
            line += fmt::format(": {}", found.error().message);
        } else if (found->size() > maximum_name_matches) {
            line += fmt::format(", more than {} found", maximum_name_matches);
        } else {
            line += fmt::format(", {} found", found->size());
        }
        parts->inbox.post(LogArrived{std::move(line)});
        parts->inbox.post(NameSearchDone{search.search, std::move(found)});
    });
}

void KioskController::search_delegates(const StaffSearch& search) {
    Parts* parts = m_parts.get();
    const sync::Day day = today(); // each hit's chip says where the delegate stands on this day
    parts->post_database([parts, search, day](sync::Mirror& mirror) {
        auto hits = mirror.search(search.query, 8);
        // Where each hit stands today, read as the card reads it; a hit that cannot be read stays unknown
        // (no chip, and the row offers what the card would while the day is unknown).
        std::vector<CardStatus> statuses;
        if (hits) {
            for (const sync::SearchHit& hit : *hits) {
                auto record = mirror.find_by_code(hit.delegate.code);
                statuses.push_back(record && *record ? card_status(**record, day) : CardStatus{});
            }
        }
        // That staff searched and how many they found: never the name typed or the people found, only the
        // endings of their codes, enough to follow a case in the log and not enough to use one.
        std::string line = "staff search: ";
        if (!hits) {
            line += hits.error().message;
        } else {
            line += fmt::format("{} found", hits->size());
            for (std::size_t index = 0; index < hits->size(); ++index) {
                line += fmt::format("{} …{}", index == 0 ? ":" : ",",
                                    sync::code_ending((*hits)[index].delegate.code));
            }
        }
        parts->inbox.post(LogArrived{std::move(line)});
        parts->inbox.post(
            StaffAnswerArrived{SearchAnswer{search.request, std::move(hits), {}, std::move(statuses)}});
    });
}

void KioskController::load_walk_in_roles() {
    Parts* parts = m_parts.get();
    parts->post_database([parts](sync::Mirror& mirror) {
        auto records = mirror.all_delegates();
        sync::Result<std::vector<std::string>> roles = std::vector<std::string>{};
        if (records) {
            roles = walk_in_roles_of(*records);
        } else {
            roles = std::unexpected(records.error());
        }
        parts->inbox.post(StaffAnswerArrived{RolesAnswer{std::move(roles), {}}});
    });
}

// The badge for a reprint's preview, rendered on the print worker as the printer would print it and kept
// beside the mirror (a new file each time, the painter keeps pictures by file; the one before is removed,
// and the last when the kiosk stops: a badge carries a name, and only the one on screen is needed).
void KioskController::preview_badge(const StaffPreviewBadge& preview) {
    Parts* parts = m_parts.get();
    const Language language = m_staff.view().language;
    const std::filesystem::path file =
        badge_preview_path(m_settings.config.kiosk.database.value, preview.request);
    parts->post_database([parts, preview, language, file](sync::Mirror& mirror) {
        auto record = mirror.find_by_code(preview.code);
        if (!record || !*record) {
            std::unexpected<base::Error> why =
                base::fail(base::ErrorKind::not_found, render_staff(StaffMessageId::answer_no_delegate,
                                                                    language, {{"code", preview.code}}));
            if (!record) {
                why = std::unexpected<base::Error>(record.error());
            }
            parts->inbox.post(StaffAnswerArrived{PreviewAnswer{preview.request, std::move(why), {}}});
            return;
        }
        const sync::Delegate delegate = (*record)->delegate;
        parts->post_printer([parts, preview, delegate, language, file](KioskPrinter& printer) {
            auto png = printer.preview_png(delegate, parts->event);
            base::Result<std::filesystem::path> outcome = file;
            if (!png) {
                outcome = base::fail(base::ErrorKind::invalid_input,
                                     render_staff(StaffMessageId::answer_preview_failed, language,
                                                  {{"reason", printer_failure(language, png.error())}}));
            } else if (auto written = base::write_file_atomically(file, std::span<const std::uint8_t>(*png));
                       !written) {
                outcome = base::fail(base::ErrorKind::io,
                                     render_staff(StaffMessageId::answer_preview_failed, language,
                                                  {{"reason", written.error().message}}));
            } else {
                parts->badge_preview_file.replace(file);
            }
            parts->inbox.post(StaffAnswerArrived{PreviewAnswer{preview.request, std::move(outcome), {}}});
        });
    });
}

void KioskController::load_delegate_card(const StaffLoadCard& load) {
    Parts* parts = m_parts.get();
    const sync::Day day = today(); // the card's banner says where the delegate stands on this day
    parts->post_database([parts, load, day](sync::Mirror& mirror) {
        CardAnswer answer{load.request, std::optional<sync::DelegateRecord>{}, {}, {}};
        answer.day = day;
        auto code = sync::normalise_scanned_code(load.code);
        if (!code) {
            parts->inbox.post(StaffAnswerArrived{std::move(answer)});
            return;
        }
        answer.record = mirror.find_by_code(*code);
        if (answer.record && *answer.record) {
            if (auto events = mirror.events_of((*answer.record)->delegate.code)) {
                answer.events.assign(events->rbegin(), events->rend());
            }
            answer.from_invitation =
                mirror.is_from_invitation((*answer.record)->delegate.code).value_or(false);
        }
        parts->inbox.post(StaffAnswerArrived{std::move(answer)});
    });
}

void KioskController::reprint_badge(const StaffReprint& reprint, FlowTime now) {
    Parts* parts = m_parts.get();
    const Language language = m_staff.view().language;
    const std::string kiosk_id = m_settings.config.kiosk.id.value;
    const std::int64_t wall = wall_milliseconds(now);
    const sync::Day day = today();
    parts->post_database([parts, reprint, language, kiosk_id, wall, day](sync::Mirror& mirror) {
        auto record = mirror.find_by_code(reprint.code);
        if (!record || !*record) {
            std::unexpected<base::Error> why =
                base::fail(base::ErrorKind::not_found, render_staff(StaffMessageId::answer_no_delegate,
                                                                    language, {{"code", reprint.code}}));
            if (!record) {
                why = std::unexpected<base::Error>(record.error());
            }
            parts->inbox.post(
                StaffAnswerArrived{ActionAnswer{reprint.request, std::move(why), reprint.code, {}}});
            return;
        }
        const sync::Delegate delegate = (*record)->delegate;
        parts->post_printer([parts, reprint, delegate, language, kiosk_id, wall, day](KioskPrinter& printer) {
            auto printed = parts->print(printer, delegate);
            if (!printed) {
                parts->inbox.post(StaffAnswerArrived{ActionAnswer{
                    reprint.request,
                    base::fail(base::ErrorKind::unavailable,
                               render_staff(StaffMessageId::answer_reprint_not_printed, language,
                                            {{"reason", printer_failure(language, printed.error())}})),
                    delegate.code,
                    {}}});
                return;
            }
            sync::CheckinEvent event = sync::new_event(sync::EventKind::reprint, delegate.code, wall, day,
                                                       kiosk_id, reprint.staff_name);
            event.reason = reprint.reason;
            parts->post_database([parts, reprint, delegate, event, language](sync::Mirror& journal) {
                auto recorded = journal.append_event(event);
                base::Result<std::string> outcome; // an if, for g++ 12 as in check_in_for_staff
                if (recorded) {
                    outcome = render_staff(StaffMessageId::answer_reprinted, language,
                                           {{"name", delegate.full_name()}});
                } else {
                    outcome = std::unexpected<base::Error>(recorded.error());
                }
                parts->inbox.post(
                    StaffAnswerArrived{ActionAnswer{reprint.request, outcome, delegate.code, {}}});
            });
        });
    });
}

void KioskController::check_in_for_staff(const StaffCheckIn& check_in, FlowTime now) {
    Parts* parts = m_parts.get();
    const Language language = m_staff.view().language;
    sync::CheckinRequest request{check_in.code, m_settings.config.kiosk.id.value, check_in.staff_name,
                                 wall_milliseconds(now), today()};
    parts->post_database([parts, check_in, request, language](sync::Mirror& mirror) {
        auto result = mirror.check_in(request);
        if (!result) {
            parts->inbox.post(StaffAnswerArrived{ActionAnswer{
                check_in.request, std::unexpected<base::Error>(result.error()), check_in.code, {}}});
            return;
        }
        if (result->outcome != sync::CheckinOutcome::admitted || !result->delegate) {
            parts->inbox.post(StaffAnswerArrived{ActionAnswer{
                check_in.request,
                base::fail(base::ErrorKind::refused,
                           render_staff(StaffMessageId::answer_not_checked_in, language,
                                        {{"outcome",
                                          std::string(checkin_outcome_message(result->outcome, language))}})),
                check_in.code,
                {}}});
            return;
        }
        const sync::Delegate delegate = *result->delegate;
        parts->post_printer([parts, check_in, delegate, language](KioskPrinter& printer) {
            auto printed = parts->print(printer, delegate);
            // An if, not a conditional expression: g++ 12 at -O3 warns falsely (maybe-uninitialized)
            // about the string temporaries of the two branches.
            base::Result<std::string> outcome;
            if (printed) {
                outcome = render_staff(StaffMessageId::answer_checked_in, language,
                                       {{"name", delegate.full_name()}});
            } else {
                outcome = base::fail(base::ErrorKind::unavailable,
                                     render_staff(StaffMessageId::answer_checked_in_not_printed, language,
                                                  {{"reason", printer_failure(language, printed.error())}}));
            }
            parts->inbox.post(StaffAnswerArrived{ActionAnswer{check_in.request, outcome, delegate.code, {}}});
        });
    });
}

void KioskController::undo_check_in(const StaffUndo& undo, FlowTime now) {
    Parts* parts = m_parts.get();
    const Language language = m_staff.view().language;
    sync::UndoRequest request{undo.code,       today(),     m_settings.config.kiosk.id.value,
                              undo.staff_name, undo.reason, wall_milliseconds(now)};
    parts->post_database([parts, undo, request, language](sync::Mirror& mirror) {
        auto undone = mirror.undo_checkin(request);
        base::Result<std::string> outcome;
        if (!undone) {
            outcome = std::unexpected<base::Error>(undone.error());
        } else if (*undone == 0) {
            outcome = base::fail(
                base::ErrorKind::not_found,
                render_staff(StaffMessageId::answer_not_checked_in_today, language, {{"code", undo.code}}));
        } else {
            outcome = render_staff(StaffMessageId::answer_undone, language, {{"code", undo.code}});
        }
        parts->inbox.post(StaffAnswerArrived{ActionAnswer{undo.request, outcome, undo.code, {}}});
    });
}

void KioskController::create_walk_in(const StaffCreateWalkIn& walk_in, FlowTime now) {
    Parts* parts = m_parts.get();
    const Language language = m_staff.view().language;
    sync::WalkInRequest request;
    request.first_name = walk_in.form.first_name;
    request.last_name = walk_in.form.last_name;
    request.organisation = walk_in.form.organisation;
    request.role = walk_in.form.role;
    request.kiosk_id = m_settings.config.kiosk.id.value;
    request.operator_name = walk_in.staff_name;
    request.now_milliseconds = wall_milliseconds(now);
    request.today = today();
    parts->post_database([parts, walk_in, request, language](sync::Mirror& mirror) {
        auto created = mirror.add_walk_in(request);
        if (!created) {
            parts->inbox.post(StaffAnswerArrived{ActionAnswer{
                walk_in.request, std::unexpected<base::Error>(created.error()), std::nullopt, {}}});
            return;
        }
        const sync::Delegate delegate = *created;
        parts->post_printer([parts, walk_in, delegate, language](KioskPrinter& printer) {
            auto printed = parts->print(printer, delegate);
            base::Result<std::string> outcome; // an if, for g++ 12 as in check_in_for_staff
            if (printed) {
                outcome = render_staff(StaffMessageId::answer_walk_in, language,
                                       {{"name", delegate.full_name()}, {"code", delegate.code}});
            } else {
                outcome = base::fail(base::ErrorKind::unavailable,
                                     render_staff(StaffMessageId::answer_walk_in_not_printed, language,
                                                  {{"reason", printer_failure(language, printed.error())}}));
            }
            parts->inbox.post(StaffAnswerArrived{ActionAnswer{walk_in.request, outcome, delegate.code, {}}});
        });
    });
}

void KioskController::refresh_devices(const StaffRefreshDevices& refresh) {
    Parts* parts = m_parts.get();
    const sync::Day day = today();
    std::vector<ScannerPanel> scanners;
    for (const ScannerAddress& address : m_settings.config.scanners.devices) {
        if (std::holds_alternative<KeyboardWedgeScanner>(address)) {
            scanners.push_back(
                ScannerPanel{.address = "keyboard", .connected = true, .note = ScannerNote::keyboard});
        }
    }
    for (const auto& scanner : parts->scanners) {
        scanners.push_back(scanner->status());
    }
    const std::size_t waiting = m_badges_waiting.size();
    const bool sound_on = m_sound_on;
    const std::string hub = m_settings.config.sync.hub;
    std::optional<sync::SyncStatus> sync_status;
    if (parts->sync_loop) {
        sync_status = parts->sync_loop->status();
    }
    const LocalClock local_clock = m_settings.local_clock;
    const std::filesystem::path profiles_directory = m_settings.profiles_directory;
    parts->post_printer([parts, refresh, scanners, waiting, sound_on, hub, profiles_directory, day,
                         sync_status, local_clock](KioskPrinter& printer) {
        DevicePanel panel;
        panel.printer.address = printer.address();
        panel.printer.description = printer.describe();
        panel.printer.badges_waiting = waiting;
        if (auto state = printer.state()) {
            parts->note_printer_state(*state);
            panel.printer.state = *state;
        } else {
            panel.printer.error = state.error().detail;
            panel.printer.problem = state.error().problem;
        }
        panel.scanners = scanners;
        panel.sound_on = sound_on;
        panel.sync.hub = hub;
        if (sync_status) {
            panel.sync.online = sync_status->online;
            panel.sync.detail = sync_status->last_error;
            if (sync_status->last_success_milliseconds != 0) {
                panel.sync.last_success =
                    format_clock_time(local_clock(sync_status->last_success_milliseconds));
            }
        }
        drivers::DeviceOpener devices;
        auto profiles = hardware::load_device_profiles(profiles_directory);
        if (profiles) {
            hardware::InventoryOptions options;
            options.query_printers = false; // the kiosk's own printer is asked above
            auto reports = hardware::take_inventory(devices, *profiles, options);
            if (reports) {
                // Facts, not hardware::format_inventory's English lines: the panel words them in its
                // language.
                for (const hardware::DeviceReport& report : *reports) {
                    UsbDevicePanel device{.address = report.address, .description = report.description};
                    if (report.kind == hardware::DeviceKind::printer) {
                        device.kind = UsbDeviceKind::printer;
                    } else if (report.kind == hardware::DeviceKind::scanner) {
                        device.kind = UsbDeviceKind::scanner;
                    }
                    for (const hardware::ScannerMode mode : report.modes) {
                        device.modes.emplace_back(drivers::scanner_mode_name(mode));
                    }
                    device.printer = report.printer;
                    device.problem = report.problem;
                    panel.usb_devices.push_back(std::move(device));
                }
            } else {
                panel.usb_failure = reports.error();
            }
        }
        parts->post_database([parts, refresh, panel, day](sync::Mirror& mirror) mutable {
            if (auto statistics = mirror.statistics(day)) {
                panel.sync.backlog = statistics->events_not_uploaded;
            }
            if (auto refused = mirror.refused_uploads()) {
                panel.sync.refused = refused->size();
                constexpr std::size_t shown = 3; // the panel's column holds a few; kioskctl lists them all
                for (std::size_t index = refused->size();
                     index > 0 && panel.sync.recent_refusals.size() < shown; --index) {
                    panel.sync.recent_refusals.push_back((*refused)[index - 1]);
                }
            }

            parts->inbox.post(StaffAnswerArrived{DevicesAnswer{refresh.request, panel, {}}});
        });
    });
}

void KioskController::refresh_statistics(const StaffRefreshStatistics& refresh) {
    Parts* parts = m_parts.get();
    const sync::Day day = today();
    parts->post_database([parts, refresh, day](sync::Mirror& mirror) {
        parts->inbox.post(
            StaffAnswerArrived{StatisticsAnswer{refresh.request, load_staff_statistics(mirror, day), {}}});
    });
}

// Outputs ------------------------------------------------------------------------------------------------

Scene KioskController::compose_scene() const {
    if (m_staff.is_open()) {
        return layout_staff_screen(m_staff.view(), m_settings.width, m_settings.height);
    }
    return layout_flow_screen(m_flow.screen(), flow_scene_extras(m_flow.screen().screen), m_settings.width,
                              m_settings.height);
}

FlowSceneExtras KioskController::flow_scene_extras(Screen screen) const {
    FlowSceneExtras extras;
    extras.event_name = m_parts->event.name;
    extras.event_name_english = m_settings.config.event.english_name.value;
    if (extras.event_name_english.empty() && m_settings.demo && extras.event_name == demo_event_name) {
        extras.event_name_english = demo_event_name_english;
    }
    extras.badge_exit = m_settings.config.screens.badge_exit;
    extras.demo = m_settings.demo;
    extras.demo_staff_pin = m_settings.demo_staff_pin;
    if (screen == Screen::take_badge) {
        extras.badge_preview = m_badge_preview;
    }
    return extras;
}

void KioskController::refresh_scene() {
    m_scene = compose_scene();
    record_scene();
}

void KioskController::record_scene() {
    if (m_scene != m_last_recorded) {
        m_last_recorded = m_scene;
        m_scene_history.push_back(m_scene);
    }
}

std::vector<Scene> KioskController::take_scene_history() {
    return std::exchange(m_scene_history, {});
}

std::vector<Sound> KioskController::take_sounds() {
    return std::exchange(m_sounds, {});
}

std::optional<FlowTime> KioskController::next_deadline() const {
    std::optional<FlowTime> deadline = m_flow.next_deadline();
    const auto earliest = [&](std::optional<FlowTime> candidate) {
        if (candidate && (!deadline || *candidate < *deadline)) {
            deadline = candidate;
        }
    };
    earliest(m_staff.next_deadline());
    earliest(m_wedge.next_deadline());
    if (m_corner_held_since) {
        earliest(*m_corner_held_since + m_settings.staff_hold);
    }
    return deadline;
}

bool KioskController::busy() const {
    // The count first: a job posts its answer before it counts itself done.
    return m_parts->outstanding.load() > 0 || !m_parts->inbox.empty();
}

} // namespace checkin::kiosk
