// The ql-simulator executable as a person runs it: it says where it listens, serves a status request and
// a control command, and stops cleanly on SIGTERM and SIGINT.

#include "drivers/brother_ql_status.hpp"
#include "tests/hardware/simulators/simulator_test_support.hpp"

#include <array>
#include <csignal>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <optional>
#include <regex>
#include <spawn.h>
#include <string>
#include <sys/wait.h>
#include <vector>

extern char** environ;

namespace checkin::hardware {
namespace {

using namespace std::chrono_literals;
using testing::connect_loopback;
using testing::read_bytes;
using testing::read_line;
using testing::ReadEnd;
using testing::send_all;
using testing::send_text;
using testing::TemporaryDirectory;

constexpr auto patience = 10s;

// The simulator as a child process, its stdout and stderr on one pipe.
class SimulatorProcess {
public:
    explicit SimulatorProcess(std::vector<std::string> arguments) {
        std::array<int, 2> pipe_ends{};
        if (::pipe2(pipe_ends.data(), O_CLOEXEC) != 0) {
            ADD_FAILURE() << "pipe2 failed";
            return;
        }
        m_output = base::FileDescriptor(pipe_ends[0]);
        const base::FileDescriptor write_end(pipe_ends[1]);
        arguments.insert(arguments.begin(), std::string(CHECKIN_BIN_DIR) + "/ql-simulator");
        std::vector<char*> argv;
        for (std::string& argument : arguments) {
            argv.push_back(argument.data());
        }
        argv.push_back(nullptr);
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_adddup2(&actions, write_end.get(), STDOUT_FILENO);
        posix_spawn_file_actions_adddup2(&actions, write_end.get(), STDERR_FILENO);
        if (posix_spawn(&m_pid, argv[0], &actions, nullptr, argv.data(), environ) != 0) {
            ADD_FAILURE() << "cannot start " << argv[0];
            m_pid = -1;
        }
        posix_spawn_file_actions_destroy(&actions);
    }
    SimulatorProcess(const SimulatorProcess&) = delete;
    SimulatorProcess& operator=(const SimulatorProcess&) = delete;
    ~SimulatorProcess() {
        if (m_pid > 0) {
            ::kill(m_pid, SIGKILL);
            wait();
        }
    }

    std::optional<std::string> line() { return read_line(m_output, patience); }
    void signal(int number) const { ::kill(m_pid, number); }
    // The exit status, or -1 when it did not exit normally.
    int wait() {
        int status = 0;
        if (m_pid <= 0 || ::waitpid(m_pid, &status, 0) != m_pid) {
            return -1;
        }
        m_pid = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }

private:
    pid_t m_pid = -1;
    base::FileDescriptor m_output;
};

std::uint16_t port_after(const std::string& line, const std::string& words) {
    std::smatch match;
    if (!std::regex_search(line, match, std::regex(words + " 127\\.0\\.0\\.1:([0-9]+)"))) {
        ADD_FAILURE() << "no \"" << words << "\" in: " << line;
        return 0;
    }
    return static_cast<std::uint16_t>(std::stoi(match[1].str()));
}

TEST(QlSimulatorExecutable, ServesUntilSigterm) {
    const TemporaryDirectory directory;
    SimulatorProcess simulator({"--listen", "127.0.0.1:0", "--control", "127.0.0.1:0", "--out",
                                directory.path().string(), "--model", "ql-800", "--media", "62"});
    const std::optional<std::string> banner = simulator.line();
    ASSERT_TRUE(banner.has_value());
    EXPECT_NE(banner->find("ql-800 with 62 listening on"), std::string::npos) << *banner;
    const std::uint16_t printer_port = port_after(*banner, "listening on");
    const std::uint16_t control_port = port_after(*banner, "control on");
    ASSERT_NE(printer_port, 0);
    ASSERT_NE(control_port, 0);

    {
        const base::FileDescriptor client = connect_loopback(printer_port);
        ASSERT_TRUE(send_all(client, drivers::ql_status_request()));
        const auto reply = read_bytes(client, 32, patience);
        ASSERT_EQ(reply.end, ReadEnd::complete);
        // QL-800: series 34, model 38; 62 mm continuous tape.
        EXPECT_EQ(reply.bytes,
                  testing::status_bytes({{3, 0x34}, {4, 0x38}, {10, 0x3E}, {11, 0x0A}, {25, 0x01}}));
    }
    {
        const base::FileDescriptor control = connect_loopback(control_port);
        ASSERT_TRUE(send_text(control, "cover open\n"));
        EXPECT_EQ(read_line(control, patience), "ok");
    }

    simulator.signal(SIGTERM);
    const std::optional<std::string> goodbye = simulator.line();
    ASSERT_TRUE(goodbye.has_value());
    EXPECT_NE(goodbye->find("stopped by SIGTERM"), std::string::npos) << *goodbye;
    EXPECT_EQ(simulator.wait(), 0);
}

TEST(QlSimulatorExecutable, StopsOnSigint) {
    const TemporaryDirectory directory;
    SimulatorProcess simulator(
        {"--listen", "127.0.0.1:0", "--no-control", "--out", directory.path().string(), "--media", "none"});
    const std::optional<std::string> banner = simulator.line();
    ASSERT_TRUE(banner.has_value());
    EXPECT_NE(banner->find("ql-820nwb with no labels"), std::string::npos) << *banner;
    EXPECT_NE(banner->find("control on (none)"), std::string::npos) << *banner;
    simulator.signal(SIGINT);
    EXPECT_EQ(simulator.wait(), 0);
}

TEST(QlSimulatorExecutable, RefusesAnUnknownModel) {
    const TemporaryDirectory directory;
    SimulatorProcess simulator(
        {"--listen", "127.0.0.1:0", "--out", directory.path().string(), "--model", "ql-9000"});
    const std::optional<std::string> message = simulator.line();
    ASSERT_TRUE(message.has_value());
    EXPECT_NE(message->find("ql-9000"), std::string::npos) << *message;
    EXPECT_EQ(simulator.wait(), 2);
}

} // namespace
} // namespace checkin::hardware
