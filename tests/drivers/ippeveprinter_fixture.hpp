#pragma once

// A real IPP Everywhere printer on loopback for the tests: Debian's ippeveprinter (cups-ipp-utils) on a
// free port, spooling into a temporary folder and keeping every document it receives (-k). Each job runs
// a small print command (-c) the test steers through files in that folder:
//   next-state   its text goes to ippeveprinter as "STATE: <text>" (e.g. "+media-empty-error"), which
//                changes printer-state-reasons as a real printer's fault would;
//   stall        like next-state, then the command waits 10 s: the job stays processing with the fault;
//   abort        the command reports an error and fails, so the printer aborts the job.
// ippeveprinter cannot start without DNS-SD even when it advertises nothing (-r off), so the fixture makes
// sure a system D-Bus and avahi-daemon run (starting them, as root, when they do not), under a lock so
// that test binaries running side by side do not start them twice. Header-only.

#include "tests/kiosk/process.hpp"

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <gtest/gtest.h>
#include <string>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <thread>
#include <vector>

namespace checkin::test {

// Whether something listens on the Unix socket at `path` (a file left by a dead server does not).
inline bool unix_socket_answers(const std::string& path) {
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    if (path.size() >= sizeof(address.sun_path)) {
        return false;
    }
    path.copy(address.sun_path, path.size());
    const int socket = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (socket < 0) {
        return false;
    }
    const bool answers = ::connect(socket, reinterpret_cast<const sockaddr*>(&address), sizeof(address)) == 0;
    ::close(socket);
    return answers;
}

// Whether avahi-daemon answers; starts the system bus and avahi when not. Fails the test with what went
// wrong otherwise.
inline bool ensure_dns_sd_running() {
    const int lock = ::open("/tmp/checkin-dns-sd.lock", O_CREAT | O_RDWR | O_CLOEXEC, 0600);
    if (lock >= 0) {
        ::flock(lock, LOCK_EX);
    }
    // --check only looks at the pid, which a killed daemon not yet reaped still has; the socket tells.
    const auto running = [] {
        return run_process({"/usr/sbin/avahi-daemon", "--check"}).exit_code == 0 &&
               unix_socket_answers("/run/avahi-daemon/socket");
    };
    bool ready = running();
    if (!ready) {
        std::error_code ignored;
        std::filesystem::create_directories("/run/dbus", ignored);
        if (!unix_socket_answers("/run/dbus/system_bus_socket")) {
            // A bus killed with its machine's session leaves its socket and pid file behind; dbus-daemon
            // refuses to start over the pid file and avahi would find nobody behind the socket.
            std::filesystem::remove("/run/dbus/system_bus_socket", ignored);
            std::filesystem::remove("/run/dbus/pid", ignored);
            const ProcessResult bus = run_process({"/usr/bin/dbus-daemon", "--system", "--fork"});
            if (bus.exit_code != 0) {
                ADD_FAILURE() << "cannot start the system D-Bus (package dbus): " << bus.describe();
            }
        }
        std::filesystem::remove("/run/avahi-daemon/pid", ignored);
        const ProcessResult avahi =
            run_process({"/usr/sbin/avahi-daemon", "--no-drop-root", "--no-chroot", "-D"});
        if (avahi.exit_code != 0) {
            ADD_FAILURE() << "cannot start avahi-daemon (package avahi-daemon): " << avahi.describe();
        }
        for (int attempt = 0; attempt < 100 && !ready; ++attempt) {
            ready = running();
            if (!ready) {
                std::this_thread::sleep_for(std::chrono::milliseconds(50));
            }
        }
    }
    if (lock >= 0) {
        ::close(lock);
    }
    return ready;
}

class IppEvePrinter {
public:
    // `formats`: what the printer says it takes ("image/pwg-raster,application/pdf").
    // Whether the printer announces itself by DNS-SD (for discovery tests) or stays silent.
    enum class Announce { no, yes };
    // A colour printer says color-supported and takes srgb_8 raster besides sgray_8 (ippeveprinter's
    // colour speed, -s PPM,COLOUR-PPM, above 0).
    enum class Ink { black, colour };

    explicit IppEvePrinter(const std::string& formats = "image/pwg-raster,application/pdf",
                           Announce announce = Announce::no, Ink ink = Ink::black) {
        if (!ensure_dns_sd_running()) {
            ADD_FAILURE() << "avahi-daemon is not running; ippeveprinter cannot start without it";
            return;
        }
        m_spool = m_folder.path() / "spool";
        std::filesystem::create_directories(m_spool);
        const std::filesystem::path command = m_folder.path() / "print-command";
        {
            std::ofstream script(command);
            script << "#!/bin/sh\n"
                      "# Run by ippeveprinter for each document ($1); see ippeveprinter_fixture.hpp.\n"
                      "control='"
                   << m_folder.path().string()
                   << "'\n"
                      "if [ -f \"$control/next-state\" ]; then\n"
                      "  echo \"STATE: $(cat \"$control/next-state\")\" >&2\n"
                      "  rm -f \"$control/next-state\"\n"
                      "fi\n"
                      "if [ -f \"$control/stall\" ]; then\n"
                      "  echo \"STATE: $(cat \"$control/stall\")\" >&2\n"
                      "  rm -f \"$control/stall\"\n"
                      "  sleep 10\n"
                      "fi\n"
                      "if [ -f \"$control/abort\" ]; then\n"
                      "  rm -f \"$control/abort\"\n"
                      "  echo 'ERROR: the label jammed' >&2\n"
                      "  exit 1\n"
                      "fi\n"
                      "exit 0\n";
        }
        std::filesystem::permissions(command, std::filesystem::perms::owner_all);
        for (int attempt = 0; attempt < 5 && m_process <= 0; ++attempt) {
            m_port = free_loopback_port();
            // The service name is unique, so a test finds its own printer among others announced.
            m_name = fmt::format("Test badge printer {}", m_port);
            m_process = spawn_with_output_files(
                "/usr/sbin/ippeveprinter",
                {"-r", announce == Announce::yes ? "_print" : "off", "-n", "localhost", "-p",
                 std::to_string(m_port), "-k", "-d", m_spool.string(), "-f", formats, "-c", command.string(),
                 "-s", ink == Ink::colour ? "10,5" : "10,0", "-m", "Badge printer", m_name},
                m_folder.path() / "out.log", m_folder.path() / "ippeveprinter.log");
            if (m_process > 0 && !wait_until_listening()) {
                stop(); // a no-op when it already exited
            }
        }
        if (m_process <= 0) {
            ADD_FAILURE() << "ippeveprinter (cups-ipp-utils) did not start: " << log();
        }
    }
    IppEvePrinter(const IppEvePrinter&) = delete;
    IppEvePrinter& operator=(const IppEvePrinter&) = delete;
    ~IppEvePrinter() { stop(); }

    bool running() const { return m_process > 0; }
    int port() const { return m_port; }
    const std::string& name() const { return m_name; }
    std::string uri() const { return fmt::format("ipp://127.0.0.1:{}/ipp/print", m_port); }

    // The next job changes the printer's state reasons: "+media-empty-error", "-media-empty-error".
    void set_state_on_next_job(const std::string& state) const {
        std::ofstream(m_folder.path() / "next-state") << state;
    }
    // The next job stops half-way with this fault ("+media-empty-error"): the printer reports it while the
    // job stays processing for 10 s, as a printer waiting for labels does.
    void stall_next_job(const std::string& state) const { std::ofstream(m_folder.path() / "stall") << state; }
    // The next job fails in the printer: it is aborted.
    void abort_next_job() const { std::ofstream(m_folder.path() / "abort") << "1"; }

    // Every document the printer received, oldest first (ippeveprinter names them N-NAME.pwg or .pdf by
    // job id).
    std::vector<std::filesystem::path> documents() const {
        std::vector<std::filesystem::path> found;
        std::error_code ignored;
        for (const auto& entry : std::filesystem::directory_iterator(m_spool, ignored)) {
            // The print command's output is kept beside each document as N-NAME.prn.
            const auto extension = entry.path().extension();
            if (entry.is_regular_file() && (extension == ".pwg" || extension == ".pdf")) {
                found.push_back(entry.path());
            }
        }
        std::sort(found.begin(), found.end(), [](const auto& left, const auto& right) {
            return std::stoi(left.filename().string()) < std::stoi(right.filename().string());
        });
        return found;
    }

    std::string log() const {
        std::ifstream file(m_folder.path() / "ippeveprinter.log");
        return std::string(std::istreambuf_iterator<char>(file), {});
    }

    const std::filesystem::path& folder() const { return m_folder.path(); }

    void stop() {
        if (m_process > 0) {
            ::kill(m_process, SIGTERM);
            int status = 0;
            ::waitpid(m_process, &status, 0);
            m_process = -1;
        }
    }

private:
    bool wait_until_listening() {
        for (int attempt = 0; attempt < 200; ++attempt) {
            const int probe = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
            sockaddr_in address{};
            address.sin_family = AF_INET;
            address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
            address.sin_port = htons(static_cast<std::uint16_t>(m_port));
            const bool connected =
                ::connect(probe, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0;
            ::close(probe);
            if (connected) {
                return true;
            }
            int status = 0;
            if (::waitpid(m_process, &status, WNOHANG) == m_process) {
                m_process = -1; // it exited (the port was taken meanwhile) and is reaped
                return false;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(25));
        }
        return false;
    }

    TemporaryDirectory m_folder;
    std::filesystem::path m_spool;
    pid_t m_process = -1;
    int m_port = 0;
    std::string m_name;
};

} // namespace checkin::test
