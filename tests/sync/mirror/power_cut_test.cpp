// Power-cut tests for the mirror's "commit before acknowledge" promise, done the way SQLite's own crash
// tests do it: a VFS shim sits between SQLite and the real files and remembers, for every file, what a
// disk would still hold after losing power: the bytes as of the file's last xSync. A "power cut" writes
// those images into a fresh directory, and the test opens that copy as the kiosk would after a reboot.
//
// The model is deliberately harsh: every write since the last sync is lost, nothing of it survives.
// Real disks may keep some of those writes (possibly torn); SQLite copes with that too, but losing
// everything unsynced is what makes a missing sync visible, which is what these tests are for.
// A control test proves the harness can fail: with synchronous=NORMAL a WAL commit is not synced, and the
// same harness loses committed rows.

#include "sync/mirror/mirror.hpp"
#include "tests/sync/mirror/mirror_fixture.hpp"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <gtest/gtest.h>
#include <iostream>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <sqlite3.h>
#include <string>
#include <vector>

namespace checkin::sync {
namespace {

using namespace mirror_fixture;

// ---- The simulated disk ----------------------------------------------------------------------------

using DiskImages = std::map<std::string, std::string>; // file path → bytes

// What the shim's C callbacks share. Only one exists at a time, while a PowerCutVfs is installed.
struct SimulatedDisk {
    sqlite3_vfs* real_vfs = nullptr;
    DiskImages durable_images; // path → the file's bytes as of its last xSync
    std::size_t syncs = 0;     // completed xSync calls on tracked files
    // When the power fails. Once it has, `images_at_cut` is what the disk held at that moment; SQLite goes
    // on writing to the real files, but that no longer matters.
    std::optional<std::size_t> cut_before_sync; // just before the sync with this number (from 0) starts
    bool cut_before_database_sync = false;      // just before the next sync of a main database file
    bool cut_after_database_sync = false;       // just before the first sync that follows one
    bool cut_at_checkpoint = false;             // one of the two database-sync cuts happened
    std::optional<DiskImages> images_at_cut;
};

SimulatedDisk* simulated_disk = nullptr;

// Static storage on purpose: a connection keeps pointers to the VFS and to the io methods until it closes,
// which may be after the PowerCutVfs that registered them is gone.
sqlite3_vfs shim_vfs{};
constexpr const char* shim_vfs_name = "power-cut-shim";

// SQLite allocates `szOsFile` bytes for every file it opens through the shim: this header first (SQLite
// only ever sees `base`), then the real VFS's own sqlite3_file, which the shim forwards to.
struct ShimFile {
    sqlite3_file base;
    std::string* path;  // owned; nullptr for files whose contents do not outlive a crash (temp files)
    bool main_database; // in WAL mode only a checkpoint syncs the database file itself
};
static_assert(sizeof(ShimFile) % 8 == 0, "the real sqlite3_file after the header must stay 8-byte aligned");

ShimFile* shim_of(sqlite3_file* file) {
    return reinterpret_cast<ShimFile*>(file);
}

sqlite3_file* real_of(sqlite3_file* file) {
    return reinterpret_cast<sqlite3_file*>(reinterpret_cast<char*>(file) + sizeof(ShimFile));
}

// Reads the real file from start to end: the durable image after a sync, copied whole so that the image
// cannot depend on the shim guessing which writes a sync covers.
int read_whole_file(sqlite3_file* real, std::string& bytes) {
    sqlite3_int64 size = 0;
    if (const int code = real->pMethods->xFileSize(real, &size); code != SQLITE_OK) {
        return code;
    }
    bytes.resize(static_cast<std::size_t>(size));
    constexpr sqlite3_int64 chunk = 1 << 20;
    for (sqlite3_int64 offset = 0; offset < size; offset += chunk) {
        const auto amount = static_cast<int>(std::min(chunk, size - offset));
        if (const int code = real->pMethods->xRead(real, bytes.data() + offset, amount, offset);
            code != SQLITE_OK) {
            return code;
        }
    }
    return SQLITE_OK;
}

int shim_close(sqlite3_file* file) {
    sqlite3_file* real = real_of(file);
    const int code = real->pMethods->xClose(real);
    delete shim_of(file)->path;
    shim_of(file)->path = nullptr;
    return code;
}

int shim_read(sqlite3_file* file, void* buffer, int amount, sqlite3_int64 offset) {
    sqlite3_file* real = real_of(file);
    return real->pMethods->xRead(real, buffer, amount, offset);
}

int shim_write(sqlite3_file* file, const void* buffer, int amount, sqlite3_int64 offset) {
    sqlite3_file* real = real_of(file);
    return real->pMethods->xWrite(real, buffer, amount, offset);
}

int shim_truncate(sqlite3_file* file, sqlite3_int64 size) {
    sqlite3_file* real = real_of(file);
    return real->pMethods->xTruncate(real, size);
}

// The only moment data becomes durable, so the only moment at which placing the power cut matters.
// The real fsync is not called: the disk that survives is the simulated one, and a real fsync would only
// make the run time depend on the machine's disk (thousands of them, milliseconds each on a slow one).
int shim_sync(sqlite3_file* file, int /*flags*/) {
    sqlite3_file* real = real_of(file);
    const ShimFile* shim = shim_of(file);
    SimulatedDisk* disk = simulated_disk;
    if (disk == nullptr || shim->path == nullptr) {
        return SQLITE_OK;
    }
    if (!disk->images_at_cut) {
        const bool at_database_sync = disk->cut_before_database_sync && shim->main_database;
        if (disk->cut_before_sync == disk->syncs || at_database_sync) {
            disk->images_at_cut = disk->durable_images;
            disk->cut_at_checkpoint = at_database_sync || disk->cut_after_database_sync;
        }
    }
    ++disk->syncs;
    if (disk->cut_after_database_sync && shim->main_database && !disk->images_at_cut) {
        disk->cut_before_sync = disk->syncs;
    }
    return read_whole_file(real, disk->durable_images[*shim->path]);
}

int shim_file_size(sqlite3_file* file, sqlite3_int64* size) {
    sqlite3_file* real = real_of(file);
    return real->pMethods->xFileSize(real, size);
}

int shim_lock(sqlite3_file* file, int level) {
    sqlite3_file* real = real_of(file);
    return real->pMethods->xLock(real, level);
}

int shim_unlock(sqlite3_file* file, int level) {
    sqlite3_file* real = real_of(file);
    return real->pMethods->xUnlock(real, level);
}

int shim_check_reserved_lock(sqlite3_file* file, int* reserved) {
    sqlite3_file* real = real_of(file);
    return real->pMethods->xCheckReservedLock(real, reserved);
}

int shim_file_control(sqlite3_file* file, int operation, void* argument) {
    sqlite3_file* real = real_of(file);
    return real->pMethods->xFileControl(real, operation, argument);
}

int shim_sector_size(sqlite3_file* file) {
    sqlite3_file* real = real_of(file);
    return real->pMethods->xSectorSize(real);
}

int shim_device_characteristics(sqlite3_file* file) {
    sqlite3_file* real = real_of(file);
    return real->pMethods->xDeviceCharacteristics(real);
}

// The -shm file is opened by the real VFS itself, behind these calls, so the shim never tracks it: it is
// rebuilt from the WAL after a crash anyway.
int shim_shm_map(sqlite3_file* file, int region, int region_size, int extend, void volatile** address) {
    sqlite3_file* real = real_of(file);
    return real->pMethods->xShmMap(real, region, region_size, extend, address);
}

int shim_shm_lock(sqlite3_file* file, int offset, int count, int flags) {
    sqlite3_file* real = real_of(file);
    return real->pMethods->xShmLock(real, offset, count, flags);
}

void shim_shm_barrier(sqlite3_file* file) {
    sqlite3_file* real = real_of(file);
    real->pMethods->xShmBarrier(real);
}

int shim_shm_unmap(sqlite3_file* file, int delete_flag) {
    sqlite3_file* real = real_of(file);
    return real->pMethods->xShmUnmap(real, delete_flag);
}

// Version 2: WAL's shared memory, but no xFetch/xUnfetch, so SQLite does not memory-map the database
// through the shim (the mirror's mmap_size is then ignored). SQLite never writes through the map, so
// durability is the same with or without it.
const sqlite3_io_methods shim_io_methods = {
    2,
    &shim_close,
    &shim_read,
    &shim_write,
    &shim_truncate,
    &shim_sync,
    &shim_file_size,
    &shim_lock,
    &shim_unlock,
    &shim_check_reserved_lock,
    &shim_file_control,
    &shim_sector_size,
    &shim_device_characteristics,
    &shim_shm_map,
    &shim_shm_lock,
    &shim_shm_barrier,
    &shim_shm_unmap,
    nullptr,
    nullptr,
};

sqlite3_vfs* real_vfs_of(sqlite3_vfs* vfs) {
    return static_cast<sqlite3_vfs*>(vfs->pAppData);
}

// The files whose contents a reboot must find: the database, its WAL, and rollback journals.
constexpr int durable_file_types =
    SQLITE_OPEN_MAIN_DB | SQLITE_OPEN_MAIN_JOURNAL | SQLITE_OPEN_WAL | SQLITE_OPEN_SUPER_JOURNAL;

int shim_open(sqlite3_vfs* vfs, sqlite3_filename name, sqlite3_file* file, int flags, int* out_flags) {
    sqlite3_vfs* real_vfs = real_vfs_of(vfs);
    ShimFile* shim = shim_of(file);
    shim->base.pMethods = nullptr; // SQLite calls xClose only when this is set
    shim->path = nullptr;
    shim->main_database = (flags & SQLITE_OPEN_MAIN_DB) != 0;
    const bool tracked = name != nullptr && (flags & durable_file_types) != 0;
    std::error_code ignored;
    const bool existed = tracked && std::filesystem::exists(name, ignored);
    sqlite3_file* real = real_of(file);
    const int code = real_vfs->xOpen(real_vfs, name, real, flags, out_flags);
    if (code != SQLITE_OK) {
        if (real->pMethods != nullptr) {
            real->pMethods->xClose(real);
        }
        return code;
    }
    shim->base.pMethods = &shim_io_methods;
    if (tracked) {
        shim->path = new std::string(name);
        SimulatedDisk* disk = simulated_disk;
        // A file that was already there before the shim saw it is taken as durable as it stands.
        if (disk != nullptr && existed && !disk->durable_images.contains(*shim->path)) {
            if (const int read = read_whole_file(real, disk->durable_images[*shim->path]);
                read != SQLITE_OK) {
                // A failed xOpen must leave pMethods null (SQLite asserts it) and nothing open.
                real->pMethods->xClose(real);
                delete shim->path;
                shim->path = nullptr;
                shim->base.pMethods = nullptr;
                return read;
            }
        }
    }
    return SQLITE_OK;
}

int shim_delete(sqlite3_vfs* vfs, const char* name, int sync_directory) {
    sqlite3_vfs* real_vfs = real_vfs_of(vfs);
    const int code = real_vfs->xDelete(real_vfs, name, sync_directory);
    if (code == SQLITE_OK && simulated_disk != nullptr) {
        simulated_disk->durable_images.erase(name);
    }
    return code;
}

int shim_access(sqlite3_vfs* vfs, const char* name, int flags, int* result) {
    sqlite3_vfs* real_vfs = real_vfs_of(vfs);
    return real_vfs->xAccess(real_vfs, name, flags, result);
}

int shim_full_pathname(sqlite3_vfs* vfs, const char* name, int size, char* output) {
    sqlite3_vfs* real_vfs = real_vfs_of(vfs);
    return real_vfs->xFullPathname(real_vfs, name, size, output);
}

void* shim_dl_open(sqlite3_vfs* vfs, const char* name) {
    sqlite3_vfs* real_vfs = real_vfs_of(vfs);
    return real_vfs->xDlOpen(real_vfs, name);
}

void shim_dl_error(sqlite3_vfs* vfs, int size, char* message) {
    sqlite3_vfs* real_vfs = real_vfs_of(vfs);
    real_vfs->xDlError(real_vfs, size, message);
}

void (*shim_dl_sym(sqlite3_vfs* vfs, void* library, const char* symbol))(void) {
    sqlite3_vfs* real_vfs = real_vfs_of(vfs);
    return real_vfs->xDlSym(real_vfs, library, symbol);
}

void shim_dl_close(sqlite3_vfs* vfs, void* library) {
    sqlite3_vfs* real_vfs = real_vfs_of(vfs);
    real_vfs->xDlClose(real_vfs, library);
}

int shim_randomness(sqlite3_vfs* vfs, int size, char* output) {
    sqlite3_vfs* real_vfs = real_vfs_of(vfs);
    return real_vfs->xRandomness(real_vfs, size, output);
}

int shim_sleep(sqlite3_vfs* vfs, int microseconds) {
    sqlite3_vfs* real_vfs = real_vfs_of(vfs);
    return real_vfs->xSleep(real_vfs, microseconds);
}

int shim_current_time(sqlite3_vfs* vfs, double* now) {
    sqlite3_vfs* real_vfs = real_vfs_of(vfs);
    return real_vfs->xCurrentTime(real_vfs, now);
}

int shim_get_last_error(sqlite3_vfs* vfs, int size, char* message) {
    sqlite3_vfs* real_vfs = real_vfs_of(vfs);
    return real_vfs->xGetLastError(real_vfs, size, message);
}

int shim_current_time_int64(sqlite3_vfs* vfs, sqlite3_int64* now) {
    sqlite3_vfs* real_vfs = real_vfs_of(vfs);
    return real_vfs->xCurrentTimeInt64(real_vfs, now);
}

// Installs the shim as the default VFS for its lifetime, wrapping whatever was the default (unix), and
// puts the original back afterwards so that recovered copies are opened exactly as the kiosk would.
class PowerCutVfs {
public:
    PowerCutVfs() {
        m_disk.real_vfs = sqlite3_vfs_find(nullptr);
        shim_vfs = sqlite3_vfs{};
        shim_vfs.iVersion = 2; // up to xCurrentTimeInt64; the system-call overrides are not needed
        shim_vfs.szOsFile = static_cast<int>(sizeof(ShimFile)) + m_disk.real_vfs->szOsFile;
        shim_vfs.mxPathname = m_disk.real_vfs->mxPathname;
        shim_vfs.zName = shim_vfs_name;
        shim_vfs.pAppData = m_disk.real_vfs;
        shim_vfs.xOpen = &shim_open;
        shim_vfs.xDelete = &shim_delete;
        shim_vfs.xAccess = &shim_access;
        shim_vfs.xFullPathname = &shim_full_pathname;
        shim_vfs.xDlOpen = &shim_dl_open;
        shim_vfs.xDlError = &shim_dl_error;
        shim_vfs.xDlSym = &shim_dl_sym;
        shim_vfs.xDlClose = &shim_dl_close;
        shim_vfs.xRandomness = &shim_randomness;
        shim_vfs.xSleep = &shim_sleep;
        shim_vfs.xCurrentTime = &shim_current_time;
        shim_vfs.xGetLastError = &shim_get_last_error;
        shim_vfs.xCurrentTimeInt64 = &shim_current_time_int64;
        simulated_disk = &m_disk;
        EXPECT_EQ(sqlite3_vfs_register(&shim_vfs, 1), SQLITE_OK);
        EXPECT_EQ(sqlite3_vfs_find(nullptr), &shim_vfs);
    }
    PowerCutVfs(const PowerCutVfs&) = delete;
    PowerCutVfs& operator=(const PowerCutVfs&) = delete;
    ~PowerCutVfs() {
        sqlite3_vfs_register(m_disk.real_vfs, 1);
        sqlite3_vfs_unregister(&shim_vfs);
        simulated_disk = nullptr;
    }

    // The power fails just before the `further_syncs`+1-th sync from now: that many more syncs complete.
    void cut_after_more_syncs(std::size_t further_syncs) {
        m_disk.cut_before_sync = m_disk.syncs + further_syncs;
    }
    // The power fails inside the next checkpoint: after it wrote the database but before it synced it.
    void cut_before_checkpoint_database_sync() { m_disk.cut_before_database_sync = true; }
    // The power fails just after the next checkpoint synced the database, before anything else is synced.
    void cut_after_checkpoint_database_sync() { m_disk.cut_after_database_sync = true; }
    bool cut_at_checkpoint() const { return m_disk.cut_at_checkpoint; }
    // The power fails now: the disk holds what was synced so far.
    void cut_now() {
        if (!m_disk.images_at_cut) {
            m_disk.images_at_cut = m_disk.durable_images;
        }
    }
    bool cut_happened() const { return m_disk.images_at_cut.has_value(); }
    const DiskImages& images_at_cut() const { return *m_disk.images_at_cut; }
    std::size_t syncs() const { return m_disk.syncs; }
    const DiskImages& durable_images() const { return m_disk.durable_images; }

private:
    SimulatedDisk m_disk;
};

// Writes what a rebooted machine would find in `live_directory` into `target_directory`, under the same
// names. The -shm is left out: SQLite rebuilds it from the WAL (the shim never tracks it anyway).
void write_disk_after_power_cut(const DiskImages& images, const std::filesystem::path& live_directory,
                                const std::filesystem::path& target_directory) {
    std::filesystem::create_directories(target_directory);
    const auto live = std::filesystem::canonical(live_directory);
    for (const auto& [path, bytes] : images) {
        const std::filesystem::path file(path);
        if (file.parent_path() != live || file.filename().string().ends_with("-shm")) {
            continue;
        }
        write_file(target_directory / file.filename(), bytes);
    }
}

// ---- A raw connection opened through whatever VFS is the default ---------------------------------------

class RawDatabase {
public:
    explicit RawDatabase(const std::filesystem::path& path) {
        const int code =
            sqlite3_open_v2(path.c_str(), &m_handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
        EXPECT_EQ(code, SQLITE_OK) << (m_handle ? sqlite3_errmsg(m_handle) : "out of memory");
    }
    RawDatabase(const RawDatabase&) = delete;
    RawDatabase& operator=(const RawDatabase&) = delete;
    ~RawDatabase() { sqlite3_close_v2(m_handle); }

    void execute(const std::string& sql) {
        char* message = nullptr;
        const int code = sqlite3_exec(m_handle, sql.c_str(), nullptr, nullptr, &message);
        EXPECT_EQ(code, SQLITE_OK) << sql << ": " << (message ? message : sqlite3_errstr(code));
        sqlite3_free(message);
    }

    // Every row's first column, as text; empty when the statement fails (which fails the test).
    std::vector<std::string> column(const std::string& sql) {
        sqlite3_stmt* statement = nullptr;
        std::vector<std::string> values;
        const int prepared = sqlite3_prepare_v2(m_handle, sql.c_str(), -1, &statement, nullptr);
        EXPECT_EQ(prepared, SQLITE_OK) << sql << ": " << sqlite3_errmsg(m_handle);
        while (prepared == SQLITE_OK && sqlite3_step(statement) == SQLITE_ROW) {
            const auto* bytes = sqlite3_column_text(statement, 0);
            values.emplace_back(bytes == nullptr ? "" : reinterpret_cast<const char*>(bytes));
        }
        sqlite3_finalize(statement);
        return values;
    }

private:
    sqlite3* m_handle = nullptr;
};

std::string integrity_of(const std::filesystem::path& path) {
    RawDatabase database(path);
    const auto lines = database.column("PRAGMA integrity_check");
    std::string text;
    for (const auto& line : lines) {
        text += (text.empty() ? "" : "\n") + line;
    }
    return text;
}

// ---- The kiosk scenario ---------------------------------------------------------------------------

struct PlannedCheckin {
    std::string code;
    Day day;
};

struct Admission {
    std::string code;
    Day day;
    std::string event_id;
};

// Every check-in the fixture allows: each delegate on each day they are admitted (no days listed means
// every day), the first day's queue before the second's, in an order of arrival drawn from `random`.
std::vector<PlannedCheckin> plan_checkins(const std::vector<RosterEntry>& entries, std::mt19937& random) {
    std::vector<PlannedCheckin> plan;
    for (const Day day : serock_event().days) {
        std::vector<PlannedCheckin> queue;
        for (const auto& entry : entries) {
            const auto& days = entry.delegate.days;
            if (days.empty() || std::find(days.begin(), days.end(), day) != days.end()) {
                queue.push_back({entry.delegate.code, day});
            }
        }
        std::shuffle(queue.begin(), queue.end(), random);
        plan.insert(plan.end(), queue.begin(), queue.end());
    }
    return plan;
}

std::string seed_description(std::uint32_t seed) {
    return "seed " + std::to_string(seed) + " (set CHECKIN_POWER_CUT_SEED to replay)";
}

std::uint32_t power_cut_seed() {
    if (const char* fixed = std::getenv("CHECKIN_POWER_CUT_SEED"); fixed != nullptr) {
        return static_cast<std::uint32_t>(std::stoul(fixed));
    }
    return std::random_device{}();
}

// Where in the stream of check-ins the power fails.
enum class CutMoment {
    between_checkins,                // right after an acknowledgement
    after_more_syncs,                // 1 to 3 syncs later: inside a later check-in's commit
    before_checkpoint_database_sync, // inside the next checkpoint: database written, not yet synced
    after_checkpoint_database_sync,  // just after the next checkpoint synced the database
};

struct CutPlan {
    CutMoment moment = CutMoment::between_checkins;
    std::size_t acknowledged_before_cut = 0; // the cut is armed after this many check-ins
    std::size_t further_syncs = 0;           // for after_more_syncs
};

std::string describe(const CutPlan& cut) {
    const auto after = "after " + std::to_string(cut.acknowledged_before_cut) + " check-ins";
    switch (cut.moment) {
    case CutMoment::between_checkins:
        return "cut " + after;
    case CutMoment::after_more_syncs:
        return "cut " + std::to_string(cut.further_syncs) + (cut.further_syncs == 1 ? " sync " : " syncs ") +
               after;
    case CutMoment::before_checkpoint_database_sync:
        return "cut before the database sync of the next checkpoint " + after;
    case CutMoment::after_checkpoint_database_sync:
        return "cut after the database sync of the next checkpoint " + after;
    }
    return {};
}

struct RoundOutcome {
    std::vector<Admission> acknowledged; // check_in() returned `admitted` before the power failed
    std::optional<Admission> in_flight;  // the check-in running when it failed (returned admitted later)
    bool cut_at_checkpoint = false;
    DiskImages disk; // what the machine holds after the cut
};

void arm(PowerCutVfs& vfs, const CutPlan& cut) {
    switch (cut.moment) {
    case CutMoment::between_checkins:
        vfs.cut_now();
        break;
    case CutMoment::after_more_syncs:
        vfs.cut_after_more_syncs(cut.further_syncs);
        break;
    case CutMoment::before_checkpoint_database_sync:
        vfs.cut_before_checkpoint_database_sync();
        break;
    case CutMoment::after_checkpoint_database_sync:
        vfs.cut_after_checkpoint_database_sync();
        break;
    }
}

// Builds a mirror, imports the roster, checks delegates in one after another as the kiosk does, and cuts
// the power where `cut` says, with the mirror still open, as a power failure finds it.
RoundOutcome run_until_power_cut(const std::filesystem::path& live_path,
                                 const std::vector<RosterEntry>& entries,
                                 const std::vector<PlannedCheckin>& plan, const CutPlan& cut) {
    RoundOutcome outcome;
    PowerCutVfs vfs; // declared first: the mirror closes while the shim is still installed
    auto mirror = open_mirror(live_path);
    if (!mirror) {
        return outcome;
    }
    EXPECT_EQ(import(*mirror, entries).added, fixture_size);
    for (std::size_t index = 0; index < plan.size(); ++index) {
        if (index == cut.acknowledged_before_cut) {
            arm(vfs, cut);
        }
        if (vfs.cut_happened()) {
            break;
        }
        CheckinRequest request;
        request.payload = plan[index].code;
        request.kiosk_id = "kiosk-1";
        request.operator_name = "self-service";
        request.now_milliseconds = utc_milliseconds(plan[index].day, 8, 0) + static_cast<std::int64_t>(index);
        request.today = plan[index].day;
        auto result = mirror->check_in(request);
        EXPECT_TRUE(result.has_value()) << (result.has_value() ? "" : result.error().message);
        if (!result) {
            break;
        }
        EXPECT_EQ(result->outcome, CheckinOutcome::admitted) << plan[index].code;
        Admission admission{plan[index].code, plan[index].day, result->event_id.value_or("")};
        if (vfs.cut_happened()) {
            outcome.in_flight = admission;
        } else {
            outcome.acknowledged.push_back(admission);
        }
    }
    vfs.cut_now(); // when the plan ran out before the chosen moment: the cut comes after the last one
    outcome.cut_at_checkpoint = vfs.cut_at_checkpoint();
    outcome.disk = vfs.images_at_cut();
    return outcome;
}

std::set<std::string> event_ids_in(Mirror& mirror) {
    std::set<std::string> ids;
    for (const auto& record : all_of(mirror)) {
        auto events = mirror.events_of(record.delegate.code);
        EXPECT_TRUE(events.has_value()) << (events.has_value() ? "" : events.error().message);
        for (const auto& event : events.value_or(std::vector<CheckinEvent>{})) {
            ids.insert(event.id);
        }
    }
    return ids;
}

bool attended(const DelegateRecord& record, Day day) {
    return std::any_of(record.attendance.begin(), record.attendance.end(),
                       [&](const Attendance& attendance) { return attendance.day == day; });
}

// What the kiosk finds after the reboot: an intact file holding every acknowledged check-in, and nothing
// but those and possibly the one in flight.
void expect_recovered(const std::filesystem::path& recovered_path, const RoundOutcome& outcome) {
    ASSERT_TRUE(std::filesystem::exists(recovered_path)) << "the database file did not survive the cut";
    EXPECT_EQ(integrity_of(recovered_path), "ok");
    auto mirror = Mirror::open(recovered_path);
    ASSERT_TRUE(mirror.has_value()) << mirror.error().message;
    EXPECT_EQ(all_of(*mirror).size(), fixture_size) << "the roster import was acknowledged before the cut";
    for (const auto& admission : outcome.acknowledged) {
        const auto record = find(*mirror, admission.code);
        ASSERT_TRUE(record.has_value()) << admission.code;
        EXPECT_TRUE(attended(*record, admission.day))
            << admission.code << " was admitted on " << format_iso_day(admission.day)
            << " but is not checked in";
        auto events = mirror->events_of(admission.code);
        ASSERT_TRUE(events.has_value()) << events.error().message;
        EXPECT_TRUE(std::any_of(events->begin(), events->end(),
                                [&](const CheckinEvent& event) { return event.id == admission.event_id; }))
            << "acknowledged check-in " << admission.event_id << " of " << admission.code << " was lost";
    }
    std::set<std::string> allowed;
    for (const auto& admission : outcome.acknowledged) {
        allowed.insert(admission.event_id);
    }
    if (outcome.in_flight) {
        allowed.insert(outcome.in_flight->event_id);
    }
    const auto recovered_ids = event_ids_in(*mirror);
    EXPECT_GE(recovered_ids.size(), outcome.acknowledged.size());
    for (const auto& id : recovered_ids) {
        EXPECT_TRUE(allowed.contains(id)) << "event " << id << " was never checked in before the cut";
    }
}

// A checkpoint comes every ~190 check-ins (the WAL reaches SQLite's 1000-page auto-checkpoint at ~5 pages
// a check-in), so one always follows this many acknowledged check-ins within the 574 of the plan.
constexpr std::size_t latest_arming_before_a_checkpoint = 360;

TEST(PowerCut, EveryAcknowledgedCheckinSurvivesAPowerCut) {
    const auto seed = power_cut_seed();
    std::cout << "[ power cut ] " << seed_description(seed) << "\n";
    SCOPED_TRACE(seed_description(seed));
    std::mt19937 random(seed);
    const auto entries = fixture_entries();
    ASSERT_EQ(entries.size(), fixture_size);

    constexpr int rounds = 20;
    std::size_t in_flight_kept = 0;
    std::size_t in_flight_lost = 0;
    for (int round = 0; round < rounds; ++round) {
        const auto plan = plan_checkins(entries, random);
        CutPlan cut;
        cut.moment = static_cast<CutMoment>(round % 4); // every kind of moment, five times each
        const bool at_checkpoint = cut.moment == CutMoment::before_checkpoint_database_sync ||
                                   cut.moment == CutMoment::after_checkpoint_database_sync;
        cut.acknowledged_before_cut = std::uniform_int_distribution<std::size_t>(
            0, at_checkpoint ? latest_arming_before_a_checkpoint : plan.size())(random);
        cut.further_syncs = std::uniform_int_distribution<std::size_t>(1, 3)(random);
        const auto description = "round " + std::to_string(round) + ": " + describe(cut);
        SCOPED_TRACE(description);

        TempDir directory;
        const auto live_directory = directory.file("live");
        std::filesystem::create_directories(live_directory);
        const auto outcome = run_until_power_cut(live_directory / "mirror.db", entries, plan, cut);
        EXPECT_EQ(outcome.cut_at_checkpoint, at_checkpoint) << "the cut missed the moment it was meant for";
        const auto recovered_directory = directory.file("after-power-cut");
        write_disk_after_power_cut(outcome.disk, live_directory, recovered_directory);
        expect_recovered(recovered_directory / "mirror.db", outcome);

        bool kept = false;
        if (outcome.in_flight) {
            RawDatabase recovered(recovered_directory / "mirror.db");
            kept = recovered.column("SELECT count(*) FROM checkin_events WHERE id = '" +
                                    outcome.in_flight->event_id + "'") == std::vector<std::string>{"1"};
            (kept ? in_flight_kept : in_flight_lost) += 1;
        }
        std::cout << "[ power cut ] " << description << ": " << outcome.acknowledged.size() << " acknowledged"
                  << (outcome.in_flight ? (kept ? ", one in flight (kept)" : ", one in flight (lost)") : "")
                  << "\n";
    }
    std::cout << "[ power cut ] check-ins in flight at the cut: " << in_flight_kept << " kept, "
              << in_flight_lost << " lost\n";
    EXPECT_STREQ(sqlite3_vfs_find(nullptr)->zName, "unix") << "the shim must not outlive the test";
}

// ---- The control: the harness does catch a missing sync --------------------------------------------

struct ControlOutcome {
    std::size_t committed = 0;
    std::size_t recovered = 0;
    bool table_recovered = false;
};

// A raw connection in WAL mode with the given synchronous level: a table made durable by a checkpoint,
// then rows inserted one transaction each, then the power cut (connection still open).
ControlOutcome run_control(const std::string& synchronous, std::size_t rows,
                           int autocheckpoint_pages = 1000) {
    ControlOutcome outcome;
    TempDir directory;
    const auto live_path = directory.file("control.db");
    DiskImages disk;
    {
        PowerCutVfs vfs;
        RawDatabase database(live_path);
        database.execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=" + synchronous +
                         "; PRAGMA wal_autocheckpoint=" + std::to_string(autocheckpoint_pages) +
                         "; CREATE TABLE journal (id INTEGER PRIMARY KEY, what TEXT NOT NULL);");
        database.execute("PRAGMA wal_checkpoint(FULL)"); // syncs the WAL and the database at NORMAL too
        for (std::size_t row = 0; row < rows; ++row) {
            database.execute("INSERT INTO journal (what) VALUES ('row " + std::to_string(row) + "')");
            ++outcome.committed;
        }
        vfs.cut_now();
        disk = vfs.images_at_cut();
    }
    const auto recovered_directory = directory.file("after-power-cut");
    write_disk_after_power_cut(disk, directory.path(), recovered_directory);
    const auto recovered_path = recovered_directory / "control.db";
    EXPECT_EQ(integrity_of(recovered_path), "ok");
    RawDatabase recovered(recovered_path);
    const auto tables = recovered.column("SELECT name FROM sqlite_schema WHERE name = 'journal'");
    outcome.table_recovered = tables == std::vector<std::string>{"journal"};
    if (outcome.table_recovered) {
        outcome.recovered =
            static_cast<std::size_t>(std::stoul(recovered.column("SELECT count(*) FROM journal").at(0)));
    }
    return outcome;
}

TEST(PowerCut, ControlSynchronousNormalLosesCommittedRows) {
    // With NORMAL a WAL commit is not synced (only checkpoints sync the WAL), so the durable image lags
    // behind the commits: a harness that did not lose these rows could not catch a missing sync either.
    const auto normal = run_control("NORMAL", 20);
    EXPECT_TRUE(normal.table_recovered) << "what the checkpoint synced must survive";
    EXPECT_EQ(normal.committed, 20U);
    EXPECT_LT(normal.recovered, normal.committed);
    EXPECT_EQ(normal.recovered, 0U) << "no commit after the checkpoint was synced";

    // With checkpoints every few pages the WAL is synced now and then: the rows up to the last checkpoint
    // survive and the later ones do not, so the images follow the syncs rather than losing everything.
    const auto checkpointed = run_control("NORMAL", 22, 4);
    EXPECT_GT(checkpointed.recovered, 0U);
    EXPECT_LT(checkpointed.recovered, checkpointed.committed);

    // The same steps with FULL lose nothing: the difference is the sync, not the harness.
    const auto full = run_control("FULL", 20);
    EXPECT_TRUE(full.table_recovered);
    EXPECT_EQ(full.recovered, full.committed);
    std::cout << "[ power cut ] rows kept of those committed: NORMAL " << normal.recovered << "/"
              << normal.committed << ", NORMAL with frequent checkpoints " << checkpointed.recovered << "/"
              << checkpointed.committed << ", FULL " << full.recovered << "/" << full.committed << "\n";
}

} // namespace
} // namespace checkin::sync
