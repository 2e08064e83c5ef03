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
#include <cstring>
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

// ---- Power cuts while a sync round merges what the hub sent ------------------------------------------
//
// The mirror calls a sync round makes (sync/client/sync_round.cpp), in its order: the acknowledged upload
// batches are marked (mark_uploaded), the hub's roster pages are merged (merge_delegates) each followed by
// the stored roster cursor, then the hub's event pages (merge_events) each followed by the stored event
// cursor. This test links the mirror alone, so it makes those calls itself from a hub history it builds;
// the sync round's own tests (tests/sync/client/) check that the round makes them in this order.

// The keys sync_round.hpp names (roster_version_key, event_sequence_key).
constexpr const char* roster_cursor_key = "hub_roster_version";
constexpr const char* event_cursor_key = "hub_event_sequence";

constexpr std::size_t own_checkins = 40;      // this kiosk's check-ins waiting for upload before the round
constexpr std::size_t upload_batch = 10;      // events per acknowledged push
constexpr std::size_t other_checkins = 200;   // other kiosks' check-ins on the hub
constexpr std::size_t other_undos = 10;       // and undos of some of them, each in a later page
constexpr std::size_t roster_pages = 4;       // the hub's roster changes, one version per page
constexpr std::size_t roster_page_rows = 30;  // rows per roster page
constexpr std::size_t event_page_events = 25; // events per pulled page

std::string random_event_id(std::mt19937& random) {
    std::uniform_int_distribution<int> digit(0, 15);
    std::string id = "xxxxxxxx-xxxx-4xxx-8xxx-xxxxxxxxxxxx";
    for (auto& character : id) {
        if (character == 'x') {
            character = "0123456789abcdef"[digit(random)];
        }
    }
    return id;
}

bool admitted_on_day(const Delegate& delegate, Day day) {
    return delegate.days.empty() ||
           std::find(delegate.days.begin(), delegate.days.end(), day) != delegate.days.end();
}

// What the hub sends in one round, and what the kiosk held before it.
struct HubHistory {
    std::vector<std::string> own_event_ids; // the kiosk's check-ins, in upload order
    std::vector<std::vector<Delegate>> roster_pages;
    std::vector<std::int64_t> roster_page_versions; // the stored roster cursor after each page
    std::vector<std::vector<CheckinEvent>> event_pages;
    std::vector<std::int64_t> event_page_last_sequence; // the stored event cursor after each page
    std::map<std::string, std::int64_t> sequence_of;    // every hub event id → its hub sequence
    std::set<std::string> other_event_ids;              // the hub's events that are not this kiosk's own
    std::size_t checked_in_after_round = 0;             // delegates checked in on some day, undos applied
};

// A mirror file with the roster and the kiosk's own check-ins, closed cleanly, and the hub's history.
HubHistory make_sync_template(const std::filesystem::path& template_path,
                              const std::vector<RosterEntry>& entries, std::mt19937& random) {
    HubHistory history;
    std::vector<CheckinEvent> own_events;
    {
        auto mirror = open_mirror(template_path);
        if (!mirror) {
            return history;
        }
        EXPECT_EQ(import(*mirror, entries).added, fixture_size);
        for (const auto& entry : entries) {
            if (own_events.size() == own_checkins) {
                break;
            }
            if (!admitted_on_day(entry.delegate, first_day)) {
                continue;
            }
            CheckinRequest request;
            request.payload = entry.delegate.code;
            request.kiosk_id = "kiosk-1";
            request.operator_name = "self-service";
            request.now_milliseconds =
                utc_milliseconds(first_day, 8, 0) + static_cast<std::int64_t>(own_events.size());
            request.today = first_day;
            auto result = mirror->check_in(request);
            EXPECT_TRUE(result.has_value() && result->outcome == CheckinOutcome::admitted)
                << entry.delegate.code;
            if (result && result->event_id) {
                auto events = mirror->events_of(entry.delegate.code);
                EXPECT_TRUE(events.has_value() && events->size() == 1U);
                if (events && !events->empty()) {
                    own_events.push_back(events->front());
                    history.own_event_ids.push_back(*result->event_id);
                }
            }
        }
    }
    EXPECT_EQ(history.own_event_ids.size(), own_checkins);
    EXPECT_FALSE(std::filesystem::exists(template_path.string() + "-wal"))
        << "the template must be closed cleanly";

    // Roster changes on the hub: a new organisation for a few delegates per page, one version per page.
    for (std::size_t page = 0; page < roster_pages; ++page) {
        std::vector<Delegate> rows;
        for (std::size_t row = 0; row < roster_page_rows; ++row) {
            Delegate changed = entries.at(page * roster_page_rows + row).delegate;
            changed.organisation =
                "Zmieniona organizacja " + std::to_string(page) + "-" + std::to_string(row);
            changed.row_version = static_cast<std::int64_t>(2 + page);
            rows.push_back(std::move(changed));
        }
        history.roster_pages.push_back(std::move(rows));
        history.roster_page_versions.push_back(static_cast<std::int64_t>(2 + page));
    }

    // The hub's events: other kiosks' check-ins of the delegates this kiosk did not check in, on a day
    // each is admitted, the undos of some of them later on, and this kiosk's own events coming back.
    std::vector<CheckinEvent> hub_events;
    std::vector<CheckinEvent> others;
    std::set<std::string> own_codes;
    for (const auto& event : own_events) {
        own_codes.insert(event.delegate_code);
    }
    for (std::size_t index = 0; index < entries.size() && others.size() < other_checkins; ++index) {
        const auto& delegate = entries[index].delegate;
        if (own_codes.contains(delegate.code)) {
            continue; // another kiosk admitting the same person is a double check-in, tested elsewhere
        }
        CheckinEvent event;
        event.id = random_event_id(random);
        event.delegate_code = delegate.code;
        event.day = admitted_on_day(delegate, second_day) ? second_day : first_day;
        event.at_milliseconds = utc_milliseconds(event.day, 9, 0) + static_cast<std::int64_t>(index);
        event.kiosk_id = "kiosk-2";
        event.operator_name = "self-service";
        others.push_back(std::move(event));
    }
    EXPECT_EQ(others.size(), other_checkins);
    hub_events = others;
    for (const auto& event : own_events) {
        hub_events.push_back(event);
    }
    std::shuffle(hub_events.begin(), hub_events.end(), random);
    for (std::size_t undo = 0; undo < other_undos; ++undo) {
        const auto& undone = others.at(undo * 7);
        CheckinEvent event;
        event.id = random_event_id(random);
        event.delegate_code = undone.delegate_code;
        event.kind = EventKind::undo;
        event.day = undone.day;
        event.at_milliseconds = undone.at_milliseconds + 60'000;
        event.kiosk_id = "kiosk-2";
        event.operator_name = "Recepcja";
        event.reason = "pomyłka";
        event.undoes = undone.id;
        hub_events.push_back(std::move(event)); // after every check-in, so in a later page than its own
    }
    std::int64_t sequence = 0;
    for (std::size_t start = 0; start < hub_events.size(); start += event_page_events) {
        std::vector<CheckinEvent> page;
        for (std::size_t index = start; index < std::min(hub_events.size(), start + event_page_events);
             ++index) {
            auto event = hub_events[index];
            event.uploaded = false; // as the hub sends it
            history.sequence_of[event.id] = ++sequence;
            page.push_back(std::move(event));
        }
        history.event_pages.push_back(std::move(page));
        history.event_page_last_sequence.push_back(sequence);
    }
    const std::set<std::string> own(history.own_event_ids.begin(), history.own_event_ids.end());
    for (const auto& [id, hub_sequence] : history.sequence_of) {
        if (!own.contains(id)) {
            history.other_event_ids.insert(id);
        }
    }
    history.checked_in_after_round = own_checkins + other_checkins - other_undos;
    return history;
}

// Which calls of the round returned before the power failed: their commits must all be on the disk.
struct SyncRoundProgress {
    std::size_t upload_batches_acknowledged = 0;
    std::size_t roster_pages_merged = 0;
    std::optional<std::int64_t> roster_cursor_stored;
    std::size_t event_pages_merged = 0;
    std::optional<std::int64_t> event_cursor_stored;
};

std::vector<std::vector<std::string>> upload_batches(const HubHistory& history) {
    std::vector<std::vector<std::string>> batches;
    for (std::size_t start = 0; start < history.own_event_ids.size(); start += upload_batch) {
        const auto end = std::min(history.own_event_ids.size(), start + upload_batch);
        batches.emplace_back(history.own_event_ids.begin() + static_cast<std::ptrdiff_t>(start),
                             history.own_event_ids.begin() + static_cast<std::ptrdiff_t>(end));
    }
    return batches;
}

// The round on the live mirror, stopping at the cut (or at its end); `cut_after_syncs` empty: no cut,
// only the count of syncs it takes.
SyncRoundProgress run_sync_round_until_cut(const std::filesystem::path& live_path, const HubHistory& history,
                                           std::optional<std::size_t> cut_after_syncs,
                                           std::size_t& syncs_taken, DiskImages& disk) {
    SyncRoundProgress progress;
    PowerCutVfs vfs;
    auto mirror = Mirror::open(live_path);
    EXPECT_TRUE(mirror.has_value()) << (mirror ? "" : mirror.error().message);
    if (!mirror) {
        return progress;
    }
    const std::size_t syncs_at_start = vfs.syncs();
    if (cut_after_syncs) {
        vfs.cut_after_more_syncs(*cut_after_syncs);
    }
    const auto go_on = [&] {
        return !vfs.cut_happened();
    };
    for (const auto& batch : upload_batches(history)) {
        auto marked = mirror->mark_uploaded(batch);
        EXPECT_TRUE(marked.has_value()) << (marked ? "" : marked.error().message);
        if (!go_on()) {
            break;
        }
        ++progress.upload_batches_acknowledged;
    }
    for (std::size_t page = 0; page < history.roster_pages.size() && go_on(); ++page) {
        auto merged = mirror->merge_delegates(history.roster_pages[page], serock_event());
        EXPECT_TRUE(merged.has_value()) << (merged ? "" : merged.error().message);
        if (!go_on()) {
            break;
        }
        ++progress.roster_pages_merged;
        const auto version = history.roster_page_versions[page];
        auto stored = mirror->set_sync_value(roster_cursor_key, std::to_string(version));
        EXPECT_TRUE(stored.has_value()) << (stored ? "" : stored.error().message);
        if (!go_on()) {
            break;
        }
        progress.roster_cursor_stored = version;
    }
    for (std::size_t page = 0; page < history.event_pages.size() && go_on(); ++page) {
        auto merged = mirror->merge_events(history.event_pages[page]);
        EXPECT_TRUE(merged.has_value()) << (merged ? "" : merged.error().message);
        if (!go_on()) {
            break;
        }
        ++progress.event_pages_merged;
        const auto last = history.event_page_last_sequence[page];
        auto stored = mirror->set_sync_value(event_cursor_key, std::to_string(last));
        EXPECT_TRUE(stored.has_value()) << (stored ? "" : stored.error().message);
        if (!go_on()) {
            break;
        }
        progress.event_cursor_stored = last;
    }
    syncs_taken = vfs.syncs() - syncs_at_start;
    vfs.cut_now();
    disk = vfs.images_at_cut();
    return progress;
}

std::int64_t stored_cursor(Mirror& mirror, const char* key) {
    auto value = mirror.sync_value(key);
    EXPECT_TRUE(value.has_value()) << (value ? "" : value.error().message);
    if (!value || !*value) {
        return 0;
    }
    return std::stoll(**value);
}

std::size_t count_of(RawDatabase& database, const std::string& sql) {
    const auto values = database.column(sql);
    return values.size() == 1 ? static_cast<std::size_t>(std::stoul(values[0])) : 0U;
}

std::string quoted_list(const std::vector<std::string>& values) {
    std::string list;
    for (const auto& value : values) {
        list += (list.empty() ? "'" : ", '") + value + "'";
    }
    return list;
}

// After the reboot: every merge all or nothing, every acknowledged call on the disk, the cursors no further
// than what is stored; then the next round, started from the stored cursors, leaves every event once.
void expect_sync_recovered(const std::filesystem::path& recovered_path, const HubHistory& history,
                           const SyncRoundProgress& progress) {
    ASSERT_TRUE(std::filesystem::exists(recovered_path));
    EXPECT_EQ(integrity_of(recovered_path), "ok");
    std::int64_t roster_cursor = 0;
    std::int64_t event_cursor = 0;
    {
        auto mirror = Mirror::open(recovered_path);
        ASSERT_TRUE(mirror.has_value()) << mirror.error().message;
        roster_cursor = stored_cursor(*mirror, roster_cursor_key);
        event_cursor = stored_cursor(*mirror, event_cursor_key);
    }
    RawDatabase database(recovered_path);
    EXPECT_EQ(count_of(database, "SELECT count(*) FROM delegates"), fixture_size);

    // The kiosk's own check-ins were acknowledged before the round: all there, whatever their upload mark.
    const auto batches = upload_batches(history);
    EXPECT_EQ(count_of(database, "SELECT count(*) FROM checkin_events WHERE id IN (" +
                                     quoted_list(history.own_event_ids) + ")"),
              own_checkins);
    for (std::size_t batch = 0; batch < batches.size(); ++batch) {
        const auto marked =
            count_of(database, "SELECT count(*) FROM checkin_events WHERE uploaded = 1 AND id IN (" +
                                   quoted_list(batches[batch]) + ")");
        EXPECT_TRUE(marked == 0 || marked == batches[batch].size())
            << "upload batch " << batch << " is marked in part: " << marked << " of "
            << batches[batch].size();
        if (batch < progress.upload_batches_acknowledged) {
            EXPECT_EQ(marked, batches[batch].size())
                << "the acknowledged upload batch " << batch << " was lost";
        }
    }

    // Roster pages: each merged whole or not at all; the cursor never ahead of what is merged.
    EXPECT_GE(roster_cursor, progress.roster_cursor_stored.value_or(0)) << "a stored roster cursor went back";
    std::size_t roster_pages_on_disk = 0;
    for (std::size_t page = 0; page < history.roster_pages.size(); ++page) {
        std::vector<std::string> organisations;
        for (const auto& row : history.roster_pages[page]) {
            organisations.push_back(row.organisation);
        }
        const auto merged = count_of(database, "SELECT count(*) FROM delegates WHERE organisation IN (" +
                                                   quoted_list(organisations) + ")");
        const auto size = history.roster_pages[page].size();
        EXPECT_TRUE(merged == 0 || merged == size)
            << "roster page " << page << " is merged in part: " << merged;
        if (page < progress.roster_pages_merged) {
            EXPECT_EQ(merged, size) << "the merged roster page " << page << " was lost";
        }
        if (history.roster_page_versions[page] <= roster_cursor) {
            EXPECT_EQ(merged, size) << "the roster cursor " << roster_cursor << " passed the unmerged page "
                                    << page;
        }
        roster_pages_on_disk += merged == size ? 1 : 0;
    }

    // Event pages: each merged whole or not at all; every event at or below the cursor is held.
    EXPECT_GE(event_cursor, progress.event_cursor_stored.value_or(0)) << "a stored event cursor went back";
    const std::set<std::string> own(history.own_event_ids.begin(), history.own_event_ids.end());
    for (std::size_t page = 0; page < history.event_pages.size(); ++page) {
        std::vector<std::string> ids;
        for (const auto& event : history.event_pages[page]) {
            if (!own.contains(event.id)) {
                ids.push_back(event.id);
            }
        }
        const auto held =
            count_of(database, "SELECT count(*) FROM checkin_events WHERE id IN (" + quoted_list(ids) + ")");
        EXPECT_TRUE(held == 0 || held == ids.size())
            << "event page " << page << " is merged in part: " << held;
        if (page < progress.event_pages_merged) {
            EXPECT_EQ(held, ids.size()) << "the merged event page " << page << " was lost";
        }
        if (history.event_page_last_sequence[page] <= event_cursor) {
            EXPECT_EQ(held, ids.size())
                << "the event cursor " << event_cursor << " passed the unmerged page " << page;
        }
    }
    EXPECT_LE(count_of(database, "SELECT count(*) FROM checkin_events"),
              own_checkins + history.other_event_ids.size())
        << "the journal holds an event that neither this kiosk nor the hub made";

    // The next round, from the stored cursors as sync_round.cpp does: the not-yet-marked events pushed
    // and marked again, the roster and event pages after the cursors merged; the page at the cursor is
    // merged once more (a reply lost after its merge, say), which must add nothing.
    auto mirror = Mirror::open(recovered_path);
    ASSERT_TRUE(mirror.has_value()) << mirror.error().message;
    auto marked = mirror->mark_uploaded(history.own_event_ids);
    ASSERT_TRUE(marked.has_value()) << marked.error().message;
    for (std::size_t page = 0; page < history.roster_pages.size(); ++page) {
        const auto version = history.roster_page_versions[page];
        if (version < roster_cursor) {
            continue;
        }
        auto merged = mirror->merge_delegates(history.roster_pages[page], serock_event());
        ASSERT_TRUE(merged.has_value()) << merged.error().message;
        if (version == roster_cursor) {
            EXPECT_EQ(*merged, 0U) << "a roster page merged before the cut changed again";
        }
        ASSERT_TRUE(mirror->set_sync_value(roster_cursor_key, std::to_string(version)).has_value());
    }
    for (std::size_t page = 0; page < history.event_pages.size(); ++page) {
        const auto last = history.event_page_last_sequence[page];
        const auto first = history.sequence_of.at(history.event_pages[page].front().id);
        if (last < event_cursor || (last > event_cursor && first <= event_cursor)) {
            continue; // pages end at cursors, so a cursor inside a page would be a broken test
        }
        auto merged = mirror->merge_events(history.event_pages[page]);
        ASSERT_TRUE(merged.has_value()) << merged.error().message;
        if (last == event_cursor) {
            EXPECT_EQ(*merged, 0U) << "the page at the cursor was merged before the cut: nothing is new";
        }
        ASSERT_TRUE(mirror->set_sync_value(event_cursor_key, std::to_string(last)).has_value());
    }
    RawDatabase after(recovered_path);
    EXPECT_EQ(count_of(after, "SELECT count(*) FROM checkin_events"),
              own_checkins + history.other_event_ids.size())
        << "after the next round the journal holds the kiosk's events and the hub's, each once";
    EXPECT_EQ(count_of(after, "SELECT count(*) FROM checkin_events WHERE uploaded = 0"), 0U);
    EXPECT_EQ(count_of(after, "SELECT count(*) FROM (SELECT 1 FROM checkin_events WHERE kind = 'checkin' "
                              "GROUP BY delegate_code, day HAVING count(*) > 1)"),
              0U)
        << "a check-in counted twice";
    std::size_t changed_rows = 0;
    for (const auto& page : history.roster_pages) {
        std::vector<std::string> organisations;
        for (const auto& row : page) {
            organisations.push_back(row.organisation);
        }
        changed_rows += count_of(after, "SELECT count(*) FROM delegates WHERE organisation IN (" +
                                            quoted_list(organisations) + ")");
    }
    EXPECT_EQ(changed_rows, roster_pages * roster_page_rows);
    auto statistics = mirror->statistics(first_day);
    ASSERT_TRUE(statistics.has_value()) << statistics.error().message;
    EXPECT_EQ(statistics->checked_in_any_day, history.checked_in_after_round);
    EXPECT_EQ(statistics->events, own_checkins + history.other_event_ids.size());
    EXPECT_EQ(stored_cursor(*mirror, event_cursor_key), history.event_page_last_sequence.back());
    EXPECT_EQ(stored_cursor(*mirror, roster_cursor_key), history.roster_page_versions.back());
    (void)roster_pages_on_disk;
}

constexpr int sync_cut_rounds = 50;

TEST(PowerCut, EverySyncMergeIsWholeOrAbsentAndTheNextRoundCompletesIt) {
    const auto seed = power_cut_seed();
    std::cout << "[ power cut ] sync merges: " << seed_description(seed) << "\n";
    SCOPED_TRACE(seed_description(seed));
    std::mt19937 random(seed);
    const auto entries = fixture_entries();
    ASSERT_EQ(entries.size(), fixture_size);
    TempDir directory;
    const auto template_path = directory.file("template.db");
    const auto history = make_sync_template(template_path, entries, random);
    ASSERT_EQ(history.own_event_ids.size(), own_checkins);
    const auto template_bytes = read_file(template_path);

    // An uncut round first: how many syncs a round takes, so the cuts fall anywhere inside one.
    std::size_t round_syncs = 0;
    {
        const auto live_directory = directory.file("calibration");
        std::filesystem::create_directories(live_directory);
        write_file(live_directory / "mirror.db", template_bytes);
        DiskImages disk;
        const auto progress =
            run_sync_round_until_cut(live_directory / "mirror.db", history, std::nullopt, round_syncs, disk);
        ASSERT_EQ(progress.event_pages_merged, history.event_pages.size());
        ASSERT_GT(round_syncs, 10U);
    }
    std::cout << "[ power cut ] a sync round takes " << round_syncs << " syncs\n";

    std::size_t cuts_in_push = 0;
    std::size_t cuts_in_roster = 0;
    std::size_t cuts_in_events = 0;
    for (int round = 0; round < sync_cut_rounds; ++round) {
        const auto cut_after = std::uniform_int_distribution<std::size_t>(0, round_syncs - 1)(random);
        const auto description = "sync round " + std::to_string(round) + ": cut after " +
                                 std::to_string(cut_after) + " of its " + std::to_string(round_syncs) +
                                 " syncs";
        SCOPED_TRACE(description);
        const auto live_directory = directory.file("live-" + std::to_string(round));
        std::filesystem::create_directories(live_directory);
        write_file(live_directory / "mirror.db", template_bytes);
        std::size_t syncs_taken = 0;
        DiskImages disk;
        const auto progress =
            run_sync_round_until_cut(live_directory / "mirror.db", history, cut_after, syncs_taken, disk);
        const auto recovered_directory = directory.file("after-cut-" + std::to_string(round));
        write_disk_after_power_cut(disk, live_directory, recovered_directory);
        expect_sync_recovered(recovered_directory / "mirror.db", history, progress);
        if (progress.upload_batches_acknowledged < upload_batches(history).size()) {
            ++cuts_in_push;
        } else if (progress.roster_pages_merged < history.roster_pages.size()) {
            ++cuts_in_roster;
        } else {
            ++cuts_in_events;
        }
        std::filesystem::remove_all(live_directory);
        std::filesystem::remove_all(recovered_directory);
    }
    std::cout << "[ power cut ] sync merges: " << sync_cut_rounds << " cuts (" << cuts_in_push
              << " while marking uploads, " << cuts_in_roster << " in roster merges, " << cuts_in_events
              << " in event merges)\n";
    EXPECT_GT(cuts_in_events, 0U);
    EXPECT_STREQ(sqlite3_vfs_find(nullptr)->zName, "unix") << "the shim must not outlive the test";
}

// ---- Power cuts during a purge -------------------------------------------------------------------------
//
// A purge is one transaction (the people, their events, the kept counts) followed by a checkpoint, a
// VACUUM and another checkpoint. Cut anywhere in it, the rebooted mirror holds either everything as it was
// or the purge done, never a part; a purge run again then finishes the job and counts nobody twice, and no
// byte of the file, its -wal or its -shm names a purged person.

constexpr std::size_t purge_first_day_checkins = 80;
constexpr std::size_t purge_second_day_checkins = 60;
constexpr int purge_cut_rounds = 50;

// A mirror file with the roster and check-ins on both days, closed cleanly.
void make_purge_template(const std::filesystem::path& template_path,
                         const std::vector<RosterEntry>& entries) {
    auto mirror = open_mirror(template_path);
    ASSERT_TRUE(mirror.has_value());
    ASSERT_EQ(import(*mirror, entries).added, fixture_size);
    std::size_t first = 0;
    std::size_t second = 0;
    for (std::size_t index = 0; index < entries.size(); ++index) {
        const auto& delegate = entries[index].delegate;
        for (const Day day : {first_day, second_day}) {
            auto& done = day == first_day ? first : second;
            const auto wanted = day == first_day ? purge_first_day_checkins : purge_second_day_checkins;
            if (done == wanted || !admitted_on_day(delegate, day)) {
                continue;
            }
            CheckinRequest request;
            request.payload = delegate.code;
            request.kiosk_id = "kiosk-1";
            request.operator_name = "self-service";
            request.now_milliseconds = utc_milliseconds(day, 8, 0) + static_cast<std::int64_t>(index);
            request.today = day;
            auto result = mirror->check_in(request);
            ASSERT_TRUE(result.has_value()) << result.error().message;
            ASSERT_EQ(result->outcome, CheckinOutcome::admitted) << delegate.code;
            ++done;
        }
    }
    ASSERT_EQ(first, purge_first_day_checkins);
    ASSERT_EQ(second, purge_second_day_checkins);
}

// What a mirror holds that a purge changes.
struct PurgeState {
    std::size_t delegates = 0;
    std::size_t events = 0;
    std::size_t purged = 0; // Statistics::purged: delegates purged so far
    std::vector<AnonymousCount> counts;
    friend bool operator==(const PurgeState&, const PurgeState&) = default;
};

PurgeState purge_state_of(Mirror& mirror) {
    PurgeState state;
    state.delegates = all_of(mirror).size();
    auto statistics = mirror.statistics(first_day);
    EXPECT_TRUE(statistics.has_value()) << (statistics ? "" : statistics.error().message);
    if (statistics) {
        state.events = statistics->events;
        state.purged = statistics->purged;
    }
    auto counts = mirror.anonymous_counts();
    EXPECT_TRUE(counts.has_value()) << (counts ? "" : counts.error().message);
    state.counts = counts.value_or(std::vector<AnonymousCount>{});
    return state;
}

std::string describe(const PurgeState& state) {
    return std::to_string(state.delegates) + " delegates, " + std::to_string(state.events) + " events, " +
           std::to_string(state.purged) + " purged, " + std::to_string(state.counts.size()) + " kept counts";
}

// Every byte of the database and of its -wal and -shm files, those that exist.
std::string database_bytes(const std::filesystem::path& database) {
    std::string bytes = read_file(database);
    for (const char* suffix : {"-wal", "-shm"}) {
        const std::filesystem::path companion = database.string() + suffix;
        if (std::filesystem::exists(companion)) {
            bytes += read_file(companion);
        }
    }
    return bytes;
}

// glibc's memmem: a thousand values over a file of some hundred kilobytes, every round, even in the
// unoptimised and sanitised builds.
bool holds(const std::string& bytes, const std::string& needle) {
    return ::memmem(bytes.data(), bytes.size(), needle.data(), needle.size()) != nullptr;
}

// One kind of purge, done once without a cut: how many syncs it takes, what it leaves, and what must be
// gone afterwards.
struct PurgeReference {
    PurgeRequest request;
    std::string name;
    std::size_t syncs = 0;
    PurgeState before;
    PurgeState after;
    std::size_t purged_now = 0; // delegates this purge removes
    // The purged people's codes, their e-mails unless a kept delegate has the same address (namesakes at
    // two offices share one in the fixture), and their names where the purged file does not hold the same
    // text for a kept reason (another delegate's name, a partnership, the event's name).
    std::vector<std::string> needles;
};

struct PurgeRun {
    bool returned_before_cut = false;
    std::size_t syncs_taken = 0;
    DiskImages disk;
};

PurgeRun run_purge_until_cut(const std::filesystem::path& live_path, const PurgeRequest& request,
                             std::optional<std::size_t> cut_after_syncs) {
    PurgeRun run;
    PowerCutVfs vfs;
    auto mirror = Mirror::open(live_path);
    EXPECT_TRUE(mirror.has_value()) << (mirror ? "" : mirror.error().message);
    if (!mirror) {
        return run;
    }
    const auto syncs_at_start = vfs.syncs();
    if (cut_after_syncs) {
        vfs.cut_after_more_syncs(*cut_after_syncs);
    }
    auto summary = mirror->purge(request);
    EXPECT_TRUE(summary.has_value()) << (summary ? "" : summary.error().message);
    run.returned_before_cut = !vfs.cut_happened();
    run.syncs_taken = vfs.syncs() - syncs_at_start;
    vfs.cut_now();
    run.disk = vfs.images_at_cut();
    return run;
}

PurgeReference make_purge_reference(const std::filesystem::path& directory, const std::string& template_bytes,
                                    const PurgeRequest& request, std::string name) {
    PurgeReference reference;
    reference.request = request;
    reference.name = std::move(name);
    const auto live = directory / ("reference-" + reference.name);
    std::filesystem::create_directories(live);
    write_file(live / "mirror.db", template_bytes);
    std::vector<DelegateRecord> before_records;
    {
        auto mirror = Mirror::open(live / "mirror.db");
        EXPECT_TRUE(mirror.has_value());
        if (!mirror) {
            return reference;
        }
        reference.before = purge_state_of(*mirror);
        before_records = all_of(*mirror);
    }
    const auto run = run_purge_until_cut(live / "mirror.db", request, std::nullopt);
    EXPECT_TRUE(run.returned_before_cut);
    reference.syncs = run.syncs_taken;
    std::set<std::string> kept_codes;
    std::set<std::string> kept_emails; // namesakes at two offices may share one address
    {
        auto mirror = Mirror::open(live / "mirror.db");
        EXPECT_TRUE(mirror.has_value());
        if (!mirror) {
            return reference;
        }
        reference.after = purge_state_of(*mirror);
        for (const auto& record : all_of(*mirror)) {
            kept_codes.insert(record.delegate.code);
            kept_emails.insert(record.delegate.email);
        }
    }
    const auto kept_bytes = database_bytes(live / "mirror.db");
    for (const auto& record : before_records) {
        const auto& delegate = record.delegate;
        if (kept_codes.contains(delegate.code)) {
            continue;
        }
        ++reference.purged_now;
        reference.needles.push_back(delegate.code);
        if (!delegate.email.empty() && !kept_emails.contains(delegate.email)) {
            reference.needles.push_back(delegate.email);
        }
        for (const auto& text : {delegate.first_name, delegate.last_name}) {
            if (text.size() >= 3 && !holds(kept_bytes, text)) {
                reference.needles.push_back(text);
            }
        }
    }
    for (const auto& needle : reference.needles) {
        EXPECT_FALSE(holds(kept_bytes, needle)) << "an uncut purge left a personal value in the file";
    }
    return reference;
}

TEST(PowerCut, APurgeCutAnywhereIsWholeOrAbsentAndARerunLeavesNothingPersonal) {
    const auto seed = power_cut_seed();
    std::cout << "[ power cut ] purges: " << seed_description(seed) << "\n";
    SCOPED_TRACE(seed_description(seed));
    std::mt19937 random(seed);
    const auto entries = fixture_entries();
    ASSERT_EQ(entries.size(), fixture_size);
    TempDir directory;
    const auto template_path = directory.file("template.db");
    make_purge_template(template_path, entries);
    ASSERT_FALSE(std::filesystem::exists(template_path.string() + "-wal"))
        << "the template must be closed cleanly";
    const auto template_bytes = read_file(template_path);

    std::vector<PurgeReference> references;
    references.push_back(make_purge_reference(directory.path(), template_bytes, PurgeRequest{}, "everyone"));
    references.push_back(make_purge_reference(directory.path(), template_bytes, PurgeRequest{second_day},
                                              "before the second day"));
    for (const auto& reference : references) {
        ASSERT_GT(reference.syncs, 3U) << reference.name;
        ASSERT_GT(reference.purged_now, 0U) << reference.name;
        ASSERT_LT(reference.after.delegates, reference.before.delegates) << reference.name;
        std::cout << "[ power cut ] purge of " << reference.name << ": " << reference.syncs << " syncs, "
                  << describe(reference.before) << " → " << describe(reference.after) << ", "
                  << reference.needles.size() << " personal values looked for\n";
    }

    std::size_t found_undone = 0;
    std::size_t found_done = 0;
    for (int round = 0; round < purge_cut_rounds; ++round) {
        const auto& reference = references[static_cast<std::size_t>(round) % references.size()];
        const auto cut_after = std::uniform_int_distribution<std::size_t>(0, reference.syncs - 1)(random);
        const auto description = "purge round " + std::to_string(round) + " (" + reference.name +
                                 "): cut after " + std::to_string(cut_after) + " of its " +
                                 std::to_string(reference.syncs) + " syncs";
        SCOPED_TRACE(description);
        const auto live_directory = directory.file("live-" + std::to_string(round));
        std::filesystem::create_directories(live_directory);
        write_file(live_directory / "mirror.db", template_bytes);
        const auto run = run_purge_until_cut(live_directory / "mirror.db", reference.request, cut_after);
        EXPECT_FALSE(run.returned_before_cut) << "the cut must fall inside the purge";
        const auto recovered_directory = directory.file("after-cut-" + std::to_string(round));
        write_disk_after_power_cut(run.disk, live_directory, recovered_directory);
        const auto recovered_path = recovered_directory / "mirror.db";
        ASSERT_TRUE(std::filesystem::exists(recovered_path));
        EXPECT_EQ(integrity_of(recovered_path), "ok");

        auto mirror = Mirror::open(recovered_path);
        ASSERT_TRUE(mirror.has_value()) << mirror.error().message;
        const auto found = purge_state_of(*mirror);
        const bool done = found == reference.after;
        EXPECT_TRUE(done || found == reference.before)
            << "a purge cut midway left a part of it: " << describe(found) << "; before "
            << describe(reference.before) << ", after " << describe(reference.after);
        ++(done ? found_done : found_undone);

        // Run again, as the organiser would: it finishes the job, and counts nobody a second time.
        auto rerun = mirror->purge(reference.request);
        ASSERT_TRUE(rerun.has_value()) << rerun.error().message;
        EXPECT_EQ(rerun->delegates, done ? 0U : reference.purged_now);
        EXPECT_EQ(purge_state_of(*mirror), reference.after) << "after the purge was run again";
        const auto bytes = database_bytes(recovered_path);
        for (const auto& needle : reference.needles) {
            EXPECT_FALSE(holds(bytes, needle)) << "a purged person's value is still in the file or its -wal";
        }
        std::filesystem::remove_all(live_directory);
    }
    std::cout << "[ power cut ] purges: " << purge_cut_rounds
              << " cuts; the rebooted mirror held the purge done " << found_done << " times, not yet done "
              << found_undone << " times\n";
    EXPECT_GT(found_undone, 0U);
    EXPECT_GT(found_done, 0U);
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
