#include "sync/client/sync_loop.hpp"

#include "base/clock.hpp"

#include <random>

namespace checkin::sync {

SyncLoop::SyncLoop(SyncLoopSettings settings) : m_settings(std::move(settings)) {
    // Both are asked during a round, so a stop is noticed between requests and inside a slow one.
    m_settings.hub.cancelled = [this] {
        return m_stopping.load();
    };
    m_settings.round.stop_requested = [this] {
        return m_stopping.load();
    };
    m_thread = std::thread([this] { run(); });
}

SyncLoop::~SyncLoop() {
    stop();
}

void SyncLoop::wake() {
    {
        const std::lock_guard lock(m_mutex);
        m_woken = true;
    }
    m_changed.notify_all();
}

void SyncLoop::use_hub(HubClientSettings hub) {
    {
        const std::lock_guard lock(m_mutex);
        m_next_hub = std::move(hub);
    }
    m_changed.notify_all();
}

void SyncLoop::stop() {
    {
        const std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_changed.notify_all();
    if (m_thread.joinable()) {
        m_thread.join();
    }
}

SyncStatus SyncLoop::status() const {
    const std::lock_guard lock(m_mutex);
    return m_status;
}

bool SyncLoop::wait_for_rounds(std::size_t rounds, std::chrono::milliseconds timeout) const {
    std::unique_lock lock(m_mutex);
    return m_changed.wait_for(lock, timeout, [&] { return m_status.rounds >= rounds; });
}

void SyncLoop::run_round(std::optional<Mirror>& mirror, std::optional<HubClient>& client) {
    Result<SyncReport> report = fail(Error::io("no round ran"));
    std::optional<HubClientSettings> next_hub;
    {
        const std::lock_guard lock(m_mutex);
        next_hub.swap(m_next_hub);
    }
    if (next_hub) {
        if (next_hub->base_url != m_settings.hub.base_url) {
            m_reset_owed = true;
        }
        next_hub->cancelled = std::move(m_settings.hub.cancelled); // the loop's own stop, kept
        m_settings.hub = std::move(*next_hub);
        client.reset();
    }
    if (!mirror) {
        auto opened = Mirror::open(m_settings.mirror_path);
        if (opened) {
            mirror.emplace(std::move(*opened));
        } else {
            report = fail(opened.error());
        }
    }
    if (mirror && m_reset_owed) {
        auto reset = mirror->set_sync_value(roster_version_key, "0");
        if (reset) {
            reset = mirror->set_sync_value(event_sequence_key, "0");
        }
        if (reset) {
            m_reset_owed = false;
        } else {
            report = fail(reset.error());
        }
    }
    // Not one request to a new hub from the old hub's positions: until the reset holds, no round runs.
    if (mirror && !client && !m_reset_owed) {
        auto created = HubClient::create(m_settings.hub);
        if (created) {
            client.emplace(std::move(*created));
        } else {
            report = fail(created.error());
        }
    }
    if (mirror && client) {
        report = run_sync_round(*mirror, *client, m_settings.round);
    }
    std::optional<std::size_t> backlog;
    std::optional<std::size_t> refused;
    if (mirror) {
        if (auto statistics = mirror->statistics(base::Clock{}.today())) {
            backlog = statistics->events_not_uploaded;
        }
        if (auto count = mirror->refused_upload_count()) {
            refused = *count;
        }
    }

    {
        const std::lock_guard lock(m_mutex);
        ++m_status.rounds;
        if (backlog) {
            m_status.backlog = *backlog;
        }
        if (refused) {
            m_status.refused = *refused;
        }
        if (report) {
            m_status.online = true;
            m_status.last_success_milliseconds = base::now_unix_milliseconds();
            m_status.last_error.clear();
            m_status.failures_in_a_row = 0;
            m_status.last_report = std::move(*report);
        } else {
            // A failure before any request (the mirror, the settings) says nothing about the hub.
            if (client) {
                m_status.online = reached_hub(client->last_failure());
            }
            m_status.last_error = report.error().message;
            ++m_status.failures_in_a_row;
        }
    }
    m_changed.notify_all();
}

void SyncLoop::run() {
    std::optional<Mirror> mirror;
    std::optional<HubClient> client;
    Backoff backoff(m_settings.backoff);
    std::mt19937_64 random_engine{std::random_device{}()};
    std::uniform_real_distribution<double> unit(0.0, 1.0);

    while (!m_stopping) {
        run_round(mirror, client);
        bool succeeded = false;
        {
            const std::lock_guard lock(m_mutex);
            succeeded = m_status.failures_in_a_row == 0;
        }
        std::chrono::milliseconds delay = m_settings.interval;
        if (succeeded) {
            backoff.reset();
        } else {
            delay = backoff.next_delay(unit(random_engine));
        }
        std::unique_lock lock(m_mutex);
        m_changed.wait_for(lock, delay, [&] {
            return m_stopping.load() || (succeeded && m_woken) || m_next_hub.has_value();
        });
        // A wake that came during a backoff is spent: the round after the backoff uploads its check-in.
        m_woken = false;
    }
}

} // namespace checkin::sync
