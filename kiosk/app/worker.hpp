#pragma once

// One background thread that runs jobs in the order they were posted: the kiosk's database work and its
// printing each get one, so the screen never waits for SQLite or a printer. A job reports back by
// posting its answer to an Inbox, which wakes the loop.

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace checkin::kiosk {

class Worker {
public:
    Worker() : m_thread([this] { run(); }) {}
    Worker(const Worker&) = delete;
    Worker& operator=(const Worker&) = delete;
    // Finishes the jobs already posted, then stops: a check-in that was started is written before the
    // kiosk exits.
    ~Worker() {
        {
            const std::lock_guard lock(m_mutex);
            m_stopping = true;
        }
        m_wake.notify_one();
        m_thread.join();
    }

    void post(std::function<void()> job) {
        {
            const std::lock_guard lock(m_mutex);
            m_jobs.push_back(std::move(job));
        }
        m_wake.notify_one();
    }

    // Whether a job is queued or running (the headless player waits until nothing is).
    bool busy() const {
        const std::lock_guard lock(m_mutex);
        return m_running || !m_jobs.empty();
    }

private:
    void run() {
        std::unique_lock lock(m_mutex);
        while (true) {
            m_wake.wait(lock, [this] { return m_stopping || !m_jobs.empty(); });
            if (m_jobs.empty()) {
                return; // stopping, and nothing left to do
            }
            auto job = std::move(m_jobs.front());
            m_jobs.pop_front();
            m_running = true;
            lock.unlock();
            job();
            lock.lock();
            m_running = false;
        }
    }

    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<std::function<void()>> m_jobs;
    bool m_running = false;
    bool m_stopping = false;
    std::thread m_thread; // last: starts after the members it uses exist
};

// Answers from workers and scanner threads to the loop. `wake` is called after each post (the SDL app
// pushes an SDL user event, so a loop asleep in SDL_WaitEventTimeout wakes at once).
template <typename Message> class Inbox {
public:
    explicit Inbox(std::function<void()> wake = {}) : m_wake(std::move(wake)) {}

    void post(Message message) {
        {
            const std::lock_guard lock(m_mutex);
            m_messages.push_back(std::move(message));
        }
        if (m_wake) {
            m_wake();
        }
    }

    std::vector<Message> take_all() {
        const std::lock_guard lock(m_mutex);
        std::vector<Message> messages(std::make_move_iterator(m_messages.begin()),
                                      std::make_move_iterator(m_messages.end()));
        m_messages.clear();
        return messages;
    }

    bool empty() const {
        const std::lock_guard lock(m_mutex);
        return m_messages.empty();
    }

private:
    mutable std::mutex m_mutex;
    std::deque<Message> m_messages;
    std::function<void()> m_wake;
};

} // namespace checkin::kiosk
