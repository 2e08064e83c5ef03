#pragma once

// Test scaffolding for the end-to-end tests: runs a real child process (fork/exec) with its standard
// output and error on pipes, collects both, and reports how it ended; a running child can be killed at
// any moment. Also a temporary directory that removes itself. Header-only: tests/kiosk/CMakeLists.txt
// compiles only *_test.cpp files.

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <memory>
#include <netinet/in.h>
#include <poll.h>
#include <spawn.h>
#include <stdexcept>
#include <string>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <system_error>
#include <unistd.h>
#include <utility>
#include <vector>

extern char** environ;

namespace checkin::test {

// How a child ended and what it wrote.
struct ProcessResult {
    std::string out;
    std::string err;
    int exit_code = -1; // the exit status when the child exited, -1 when a signal ended it
    int signal = 0;     // the signal that ended the child, 0 when it exited
    bool timed_out = false;

    bool exited() const { return signal == 0 && exit_code >= 0; }
    // For assertion messages: everything needed to see why a command did what it did.
    std::string describe() const {
        std::string text = signal != 0 ? "killed by signal " + std::to_string(signal)
                                       : "exit code " + std::to_string(exit_code);
        if (timed_out) {
            text += " (timed out)";
        }
        return text + "\n--- stdout ---\n" + out + "--- stderr ---\n" + err;
    }
};

// A running child. Standard input is /dev/null; standard output and error are pipes read by this
// process. The destructor kills and reaps a child that is still running, so no test leaves one behind.
class ChildProcess {
public:
    explicit ChildProcess(const std::vector<std::string>& arguments) {
        if (arguments.empty()) {
            throw std::invalid_argument("ChildProcess needs at least the program's path");
        }
        // Everything the child needs is prepared before fork: between fork and exec only
        // async-signal-safe calls are allowed.
        std::vector<char*> argv;
        argv.reserve(arguments.size() + 1);
        for (const auto& argument : arguments) {
            argv.push_back(const_cast<char*>(argument.c_str()));
        }
        argv.push_back(nullptr);
        int out_pipe[2];
        int err_pipe[2];
        // O_CLOEXEC: no other child (or grandchild) inherits these ends, or EOF would never come.
        if (::pipe2(out_pipe, O_CLOEXEC) != 0) {
            throw std::system_error(errno, std::generic_category(), "pipe2");
        }
        if (::pipe2(err_pipe, O_CLOEXEC) != 0) {
            const int error = errno;
            ::close(out_pipe[0]);
            ::close(out_pipe[1]);
            throw std::system_error(error, std::generic_category(), "pipe2");
        }
        const int null_input = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
        m_pid = ::fork();
        if (m_pid < 0) {
            const int error = errno;
            for (const int descriptor : {out_pipe[0], out_pipe[1], err_pipe[0], err_pipe[1], null_input}) {
                ::close(descriptor);
            }
            throw std::system_error(error, std::generic_category(), "fork");
        }
        if (m_pid == 0) {
            // dup2 clears close-on-exec on the new descriptors.
            if (null_input >= 0) {
                ::dup2(null_input, STDIN_FILENO);
            }
            ::dup2(out_pipe[1], STDOUT_FILENO);
            ::dup2(err_pipe[1], STDERR_FILENO);
            ::execv(argv[0], argv.data());
            constexpr char message[] = "exec failed\n";
            [[maybe_unused]] const auto written = ::write(STDERR_FILENO, message, sizeof message - 1);
            ::_exit(127);
        }
        ::close(out_pipe[1]);
        ::close(err_pipe[1]);
        if (null_input >= 0) {
            ::close(null_input);
        }
        m_out_fd = out_pipe[0];
        m_err_fd = err_pipe[0];
    }

    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;

    ~ChildProcess() {
        if (!m_reaped && m_pid > 0) {
            ::kill(m_pid, SIGKILL);
            int status = 0;
            while (::waitpid(m_pid, &status, 0) < 0 && errno == EINTR) {
            }
        }
        close_descriptor(m_out_fd);
        close_descriptor(m_err_fd);
    }

    pid_t pid() const { return m_pid; }

    // Sends a signal (SIGKILL by default). Harmless after the child has exited but before it is reaped.
    void kill(int signal_number = SIGKILL) {
        if (!m_reaped) {
            ::kill(m_pid, signal_number);
        }
    }

    // Waits up to `timeout` for output and reads whatever is there. True when the pipes have output to
    // read or are closed, false when the time ran out with nothing new.
    bool pump(std::chrono::milliseconds timeout) {
        pollfd descriptors[2];
        nfds_t count = 0;
        for (const int descriptor : {m_out_fd, m_err_fd}) {
            if (descriptor >= 0) {
                descriptors[count++] = pollfd{descriptor, POLLIN, 0};
            }
        }
        if (count == 0) {
            return true;
        }
        const int ready = ::poll(descriptors, count, static_cast<int>(timeout.count()));
        if (ready <= 0) {
            return false;
        }
        for (nfds_t index = 0; index < count; ++index) {
            if ((descriptors[index].revents & (POLLIN | POLLHUP | POLLERR)) != 0) {
                const bool is_out = descriptors[index].fd == m_out_fd;
                read_some(is_out ? m_out_fd : m_err_fd, is_out ? m_result.out : m_result.err);
            }
        }
        return true;
    }

    const std::string& out() const { return m_result.out; }
    const std::string& err() const { return m_result.err; }
    bool output_closed() const { return m_out_fd < 0 && m_err_fd < 0; }

    // Reads both pipes to their end and reaps the child. A child still running after `timeout` is killed
    // with SIGKILL and the result says it timed out.
    ProcessResult wait(std::chrono::milliseconds timeout = std::chrono::seconds(60)) {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (!output_closed()) {
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                deadline - std::chrono::steady_clock::now());
            if (left.count() <= 0) {
                m_result.timed_out = true;
                kill(SIGKILL);
                break;
            }
            pump(std::min(left, std::chrono::milliseconds(1000)));
        }
        int status = 0;
        while (::waitpid(m_pid, &status, 0) < 0) {
            if (errno != EINTR) {
                throw std::system_error(errno, std::generic_category(), "waitpid");
            }
        }
        m_reaped = true;
        // A child killed by a timeout may leave output in the pipes; take what is there without waiting.
        while (!output_closed() && pump(std::chrono::milliseconds(0))) {
        }
        if (WIFEXITED(status)) {
            m_result.exit_code = WEXITSTATUS(status);
        } else if (WIFSIGNALED(status)) {
            m_result.signal = WTERMSIG(status);
        }
        return m_result;
    }

private:
    static void close_descriptor(int& descriptor) {
        if (descriptor >= 0) {
            ::close(descriptor);
            descriptor = -1;
        }
    }

    void read_some(int& descriptor, std::string& into) {
        char buffer[4096];
        const ssize_t count = ::read(descriptor, buffer, sizeof buffer);
        if (count > 0) {
            into.append(buffer, static_cast<std::size_t>(count));
        } else if (count == 0 || (errno != EINTR && errno != EAGAIN)) {
            close_descriptor(descriptor);
        }
    }

    pid_t m_pid = -1;
    int m_out_fd = -1;
    int m_err_fd = -1;
    bool m_reaped = false;
    ProcessResult m_result;
};

// Runs a program to the end and returns what it printed and how it ended.
inline ProcessResult run_process(const std::vector<std::string>& arguments,
                                 std::chrono::milliseconds timeout = std::chrono::seconds(60)) {
    ChildProcess child(arguments);
    return child.wait(timeout);
}

// Starts `program` with `arguments` for a long run (a server), its standard output and error going to
// files rather than pipes nobody may read for a while; -1 when it cannot start. The caller stops and reaps
// it (kill, waitpid).
inline pid_t spawn_with_output_files(const std::string& program, const std::vector<std::string>& arguments,
                                     const std::filesystem::path& output,
                                     const std::filesystem::path& errors) {
    std::vector<std::string> words = {program};
    words.insert(words.end(), arguments.begin(), arguments.end());
    std::vector<char*> argv;
    for (auto& word : words) {
        argv.push_back(word.data());
    }
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, output.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                     0600);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, errors.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                     0600);
    pid_t process = -1;
    const int spawned = ::posix_spawn(&process, program.c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    return spawned == 0 ? process : -1;
}

// A loopback port nobody listens on now: the kernel's pick for a socket bound to port 0, released again
// (and not handed out again at once); 0 when the kernel gives none.
inline int free_loopback_port() {
    const int probe = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    int port = 0;
    if (probe >= 0 && ::bind(probe, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0) {
        socklen_t length = sizeof(address);
        ::getsockname(probe, reinterpret_cast<sockaddr*>(&address), &length);
        port = ntohs(address.sin_port);
    }
    if (probe >= 0) {
        ::close(probe);
    }
    return port;
}

// The kioskctl binary the build put next to the tests.
inline std::string kioskctl_path() {
    return std::string(CHECKIN_BIN_DIR) + "/kioskctl";
}

// Runs kioskctl with the given arguments (the program's path is added).
inline ProcessResult run_kioskctl(std::vector<std::string> arguments) {
    arguments.insert(arguments.begin(), kioskctl_path());
    return run_process(arguments);
}

// What zbarimg (an independent QR reader, package zbar-tools) reads from a picture: the payloads of every
// code found, one per line, without the last newline; empty when it finds none.
inline std::string read_codes_with_zbarimg(const std::string& path) {
    const std::string command = "zbarimg -q --raw '" + path + "' 2>/dev/null";
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(::popen(command.c_str(), "r"), ::pclose);
    if (!pipe) {
        return {};
    }
    std::string output;
    std::array<char, 256> buffer{};
    while (std::fgets(buffer.data(), static_cast<int>(buffer.size()), pipe.get()) != nullptr) {
        output += buffer.data();
    }
    while (!output.empty() && (output.back() == '\n' || output.back() == '\r')) {
        output.pop_back();
    }
    return output;
}

// A fresh, private directory under the system's temporary directory, removed with everything in it.
class TemporaryDirectory {
public:
    TemporaryDirectory() {
        auto pattern = (std::filesystem::temp_directory_path() / "kiosk-test-XXXXXX").string();
        if (::mkdtemp(pattern.data()) == nullptr) {
            throw std::system_error(errno, std::generic_category(), "mkdtemp");
        }
        m_path = pattern;
    }
    TemporaryDirectory(const TemporaryDirectory&) = delete;
    TemporaryDirectory& operator=(const TemporaryDirectory&) = delete;
    ~TemporaryDirectory() {
        std::error_code ignored;
        std::filesystem::remove_all(m_path, ignored);
    }

    const std::filesystem::path& path() const { return m_path; }
    std::string file(const std::string& name) const { return (m_path / name).string(); }

private:
    std::filesystem::path m_path;
};

} // namespace checkin::test
