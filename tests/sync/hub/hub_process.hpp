#pragma once

// Running kiosk-hub itself (or another program, such as HAProxy) in a test: started with its standard
// output and error in files, waited for, and a free loopback port to serve on.

#include "tests/sync/mirror/mirror_fixture.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <spawn.h>
#include <string>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

extern char** environ;

namespace checkin::sync::hub_process {

using mirror_fixture::read_file;
using mirror_fixture::TempDir;

inline const std::string hub_program = std::string(CHECKIN_BIN_DIR) + "/kiosk-hub";

// Starts `program` with `arguments`, its standard output and error going to files.
inline pid_t spawn_program(const std::string& program, const std::vector<std::string>& arguments,
                           const std::filesystem::path& output, const std::filesystem::path& errors) {
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
    const int spawned = posix_spawn(&process, program.c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    EXPECT_EQ(spawned, 0) << "cannot start " << program;
    return spawned == 0 ? process : -1;
}

// Starts kiosk-hub with `arguments`, its standard output and error going to files.
inline pid_t spawn_hub(const std::vector<std::string>& arguments, const std::filesystem::path& output,
                       const std::filesystem::path& errors) {
    return spawn_program(hub_program, arguments, output, errors);
}

// The exit code, or -1 when it ended by a signal.
inline int wait_for_exit(pid_t process) {
    int status = 0;
    if (process <= 0 || waitpid(process, &status, 0) != process) {
        return -1;
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

struct Finished {
    int exit_code = -1;
    std::string output;
    std::string errors;
};

inline Finished run_hub(const TempDir& directory, const std::vector<std::string>& arguments) {
    const auto output = directory.file("stdout.txt");
    const auto errors = directory.file("stderr.txt");
    Finished finished;
    finished.exit_code = wait_for_exit(spawn_hub(arguments, output, errors));
    finished.output = read_file(output);
    finished.errors = read_file(errors);
    return finished;
}

// A port nobody listens on now: the kernel's pick for a socket bound to port 0, released again.
inline int free_port() {
    const int probe = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    int port = 0;
    if (::bind(probe, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0) {
        socklen_t length = sizeof(address);
        ::getsockname(probe, reinterpret_cast<sockaddr*>(&address), &length);
        port = ntohs(address.sin_port);
    }
    ::close(probe);
    return port;
}

} // namespace checkin::sync::hub_process
