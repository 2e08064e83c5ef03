#pragma once

// The kiosk's background sync: a thread that runs a sync round (sync_round.hpp) every few seconds while
// the hub answers, and backs off (sync_backoff.hpp) while it does not. Check-ins never wait for it: they
// are committed to the mirror first, and this thread uploads them when it can. It opens its own
// connection to the mirror, so the screens' reads and the kiosk's check-ins carry on beside it (WAL).

#include "sync/client/hub_client.hpp"
#include "sync/client/sync_backoff.hpp"
#include "sync/client/sync_round.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace checkin::sync {

struct SyncLoopSettings {
    std::filesystem::path mirror_path;
    HubClientSettings hub;                    // its `cancelled` is the loop's own (set when it is stopped)
    SyncRoundOptions round;                   // its `stop_requested` is the loop's own
    std::chrono::milliseconds interval{5000}; // between rounds while the hub answers
    BackoffSettings backoff;                  // between rounds while it does not
};

struct SyncStatus {
    bool online = false;     // the last round reached the hub (whatever it said)
    std::size_t backlog = 0; // this kiosk's events the hub has not acknowledged yet
    std::size_t refused = 0; // this kiosk's events the hub refused (Mirror::refused_uploads lists them)
    std::int64_t last_success_milliseconds = 0; // Unix time of the last round that completed; 0: none yet
    std::string last_error;                     // why the last round failed; empty after a success
    std::size_t rounds = 0;                     // rounds finished, successful or not
    std::size_t failures_in_a_row = 0;
    std::optional<SyncReport> last_report; // the last successful round's
};

class SyncLoop {
public:
    // Starts the thread; the first round begins at once.
    explicit SyncLoop(SyncLoopSettings settings);
    SyncLoop(const SyncLoop&) = delete;
    SyncLoop& operator=(const SyncLoop&) = delete;
    ~SyncLoop(); // stops

    // Asks for a round now (after a new check-in) instead of at the end of the regular interval; a round
    // under way is followed by another at once. While backing off after a failure it changes nothing: the
    // hub is away, and check-ins are safe in the mirror until it is back.
    void wake();
    // Syncs with `hub` (address, pin, token: a new enrolment) from the next round on; the round under way
    // finishes with the hub it started with. Starts that round at once, out of a backoff too: a new hub is
    // worth trying now. When the address differs from the one in use, the kiosk's positions on the hub
    // (roster version, event sequence) are reset to 0 first, because another hub numbers its own: the next
    // round reads its roster and events from the start, which merging by id makes safe.
    void use_hub(HubClientSettings hub);
    // Ends the round under way at its next request (or abandons the request in flight) and joins the
    // thread. Safe to call more than once.
    void stop();

    SyncStatus status() const;
    // Waits until at least `rounds` rounds have finished, or the timeout; true when they have.
    bool wait_for_rounds(std::size_t rounds, std::chrono::milliseconds timeout) const;

private:
    void run();
    // One round, with the mirror and the client made (again) if they are not there yet.
    void run_round(std::optional<Mirror>& mirror, std::optional<HubClient>& client);

    SyncLoopSettings m_settings;
    std::atomic<bool> m_stopping{false};
    mutable std::mutex m_mutex;
    mutable std::condition_variable m_changed; // wake, stop, or a round finished
    bool m_woken = false;
    std::optional<HubClientSettings> m_next_hub; // from use_hub, taken by the next round
    bool m_reset_owed = false; // the loop's thread only: a new hub's positions are not reset yet
    SyncStatus m_status;
    std::thread m_thread;
};

} // namespace checkin::sync
