#pragma once

// Running kiosk-hub itself (or another program, such as HAProxy) in a test: started with its standard
// output and error in files, waited for, and a free loopback port to serve on.

#include "tests/kiosk/process.hpp"
#include "tests/sync/mirror/mirror_fixture.hpp"

#include <gtest/gtest.h>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace checkin::sync::hub_process {

using mirror_fixture::read_file;
using mirror_fixture::TempDir;

inline const std::string hub_program = std::string(CHECKIN_BIN_DIR) + "/kiosk-hub";

// Starts `program` with `arguments`, its standard output and error going to files.
inline pid_t spawn_program(const std::string& program, const std::vector<std::string>& arguments,
                           const std::filesystem::path& output, const std::filesystem::path& errors) {
    const pid_t process = test::spawn_with_output_files(program, arguments, output, errors);
    EXPECT_GT(process, 0) << "cannot start " << program;
    return process;
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

using test::free_loopback_port;
inline int free_port() {
    return free_loopback_port();
}

} // namespace checkin::sync::hub_process
