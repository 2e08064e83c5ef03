// The kiosk's scanner thread on a real pseudo-terminal (the virtual serial scanner): codes reach the
// handler, a scanner that is not there or hangs up is reported, and the thread stops when the kiosk does.

#include "hardware/virtual_scanner.hpp"
#include "kiosk/app/scanner_thread.hpp"

#include <chrono>
#include <condition_variable>
#include <gtest/gtest.h>
#include <mutex>
#include <thread>

namespace checkin::kiosk {
namespace {

using namespace std::chrono_literals;

// What the thread handed over, for the test to wait on.
class Collected {
public:
    void scan(drivers::Scan scan) {
        const std::lock_guard lock(m_mutex);
        m_payloads.push_back(std::move(scan.payload));
        m_changed.notify_all();
    }
    void log(std::string line) {
        const std::lock_guard lock(m_mutex);
        m_log.push_back(std::move(line));
        m_changed.notify_all();
    }
    bool wait_for_scans(std::size_t count, std::chrono::milliseconds timeout) {
        std::unique_lock lock(m_mutex);
        return m_changed.wait_for(lock, timeout, [&] { return m_payloads.size() >= count; });
    }
    std::vector<std::string> payloads() {
        const std::lock_guard lock(m_mutex);
        return m_payloads;
    }
    std::vector<std::string> log_lines() {
        const std::lock_guard lock(m_mutex);
        return m_log;
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::vector<std::string> m_payloads;
    std::vector<std::string> m_log;
};

bool wait_until(const std::function<bool()>& condition, std::chrono::milliseconds timeout) {
    const auto give_up = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < give_up) {
        if (condition()) {
            return true;
        }
        std::this_thread::sleep_for(10ms);
    }
    return condition();
}

TEST(ScannerThread, HandsOverEachCodeFromASerialScanner) {
    auto line = hardware::VirtualSerialLine::open();
    ASSERT_TRUE(line.has_value());
    Collected collected;
    ScannerThread thread(
        drivers::SerialAddress{line->path(), 9600},
        [&](drivers::Scan scan) { collected.scan(std::move(scan)); },
        [&](std::string text) { collected.log(std::move(text)); }, 100ms);
    ASSERT_TRUE(wait_until([&] { return thread.status().connected; }, 5s));
    EXPECT_NE(thread.status().address.find(line->path()), std::string::npos) << thread.status().address;

    ASSERT_TRUE(line->send("CWD-K72UFRSS\r\n").has_value());
    ASSERT_TRUE(line->send("CWD-ZPZXSWG7\r\n").has_value());
    ASSERT_TRUE(collected.wait_for_scans(2, 5s));
    EXPECT_EQ(collected.payloads(), (std::vector<std::string>{"CWD-K72UFRSS", "CWD-ZPZXSWG7"}));
}

TEST(ScannerThread, ABabblingScannersWarningsReachTheLogAtMostTenAMinute) {
    auto line = hardware::VirtualSerialLine::open();
    ASSERT_TRUE(line.has_value());
    Collected collected;
    ScannerThread thread(
        drivers::SerialAddress{line->path(), 9600},
        [&](drivers::Scan scan) { collected.scan(std::move(scan)); },
        [&](std::string text) { collected.log(std::move(text)); }, 100ms);
    ASSERT_TRUE(wait_until([&] { return thread.status().connected; }, 5s));
    const std::string overlong(5000, 'X');
    for (int index = 0; index < 40; ++index) {
        ASSERT_TRUE(line->send(overlong + "\r\n").has_value());
    }
    // A good code after the rubbish: once it is through, every warning before it was drained.
    ASSERT_TRUE(line->send("CWD-K72UFRSS\r\n").has_value());
    ASSERT_TRUE(collected.wait_for_scans(1, 10s));
    EXPECT_EQ(collected.payloads(), std::vector<std::string>{"CWD-K72UFRSS"});
    std::size_t warnings = 0;
    for (const std::string& logged : collected.log_lines()) {
        if (logged.find("dropped a line longer than") != std::string::npos) {
            ++warnings;
            EXPECT_EQ(logged.find("XXXX"), std::string::npos) << "a warning never carries what was scanned";
        }
    }
    EXPECT_EQ(warnings, 10U) << "ten lines a minute reach the log; the other 30 are counted";
}

TEST(ScannerThread, AScannerThatIsNotThereIsReportedAndTriedAgain) {
    Collected collected;
    ScannerThread thread(
        drivers::SerialAddress{"/dev/checkin-no-such-scanner", 9600},
        [&](drivers::Scan scan) { collected.scan(std::move(scan)); },
        [&](std::string text) { collected.log(std::move(text)); }, 50ms);
    ASSERT_TRUE(wait_until(
        [&] { return !thread.status().detail.empty() && thread.status().detail != "opening"; }, 5s));
    EXPECT_FALSE(thread.status().connected);
    EXPECT_NE(thread.status().detail.find("checkin-no-such-scanner"), std::string::npos)
        << thread.status().detail;
}

TEST(ScannerThread, AHungUpLineIsReportedAndTheThreadStops) {
    auto line = hardware::VirtualSerialLine::open();
    ASSERT_TRUE(line.has_value());
    Collected collected;
    auto thread = std::make_unique<ScannerThread>(
        drivers::SerialAddress{line->path(), 9600},
        [&](drivers::Scan scan) { collected.scan(std::move(scan)); },
        [&](std::string text) { collected.log(std::move(text)); }, 100ms);
    ASSERT_TRUE(wait_until([&] { return thread->status().connected; }, 5s));
    line->close();
    EXPECT_TRUE(wait_until([&] { return !thread->status().connected; }, 5s));
    thread.reset(); // joins: a thread stuck in a retry or a read would hang the test here
    EXPECT_TRUE(collected.payloads().empty());
}

} // namespace
} // namespace checkin::kiosk
