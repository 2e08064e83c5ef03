#pragma once

// Several kiosk-hub instances on one PostgreSQL database behind HAProxy running the configuration the hub
// package ships (hardware/packaging/checkin-hub/haproxy-checkin-hub.cfg, only its addresses changed), as
// hub_balancer_test.cpp tests it and hub_cluster_bench.cpp measures it. Everything runs on loopback, is
// started here and stopped when the cluster goes. Free of GoogleTest: failures come back as messages.
// Header-only (tests).

#include "tests/kiosk/process.hpp"
#include "tests/sync/hub/postgresql_server.hpp"

#include <csignal>
#include <expected>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <sys/wait.h>
#include <vector>

namespace checkin::test {

inline const std::filesystem::path shipped_balancer_configuration =
    std::filesystem::path(CHECKIN_SOURCE_DIR) / "hardware/packaging/checkin-hub/haproxy-checkin-hub.cfg";
inline const std::string haproxy_program = "/usr/sbin/haproxy";
inline const std::string kiosk_hub_program = std::string(CHECKIN_BIN_DIR) + "/kiosk-hub";

// The shipped configuration with the balancer on `balancer_port` and the instances on `instance_ports`.
// Each line replaced must be in the file exactly once: a change there that this no longer follows is an
// error rather than a test of something else.
inline std::expected<std::string, std::string>
balancer_configuration(std::string text, int balancer_port, const std::vector<int>& instance_ports) {
    const auto replace_once = [&text](const std::string& from, const std::string& to) -> bool {
        const auto at = text.find(from);
        if (at == std::string::npos || text.find(from, at + 1) != std::string::npos) {
            return false;
        }
        text.replace(at, from.size(), to);
        return true;
    };
    if (!replace_once("bind 0.0.0.0:8470", fmt::format("bind 127.0.0.1:{}", balancer_port))) {
        return std::unexpected("the shipped configuration no longer binds 0.0.0.0:8470 exactly once");
    }
    for (std::size_t index = 0; index < instance_ports.size(); ++index) {
        const auto shipped = fmt::format("server hub-{} 127.0.0.1:{}", index + 1, 8471 + index);
        if (!replace_once(shipped,
                          fmt::format("server hub-{} 127.0.0.1:{}", index + 1, instance_ports[index]))) {
            return std::unexpected(
                fmt::format("the shipped configuration has no single line \"{}\"", shipped));
        }
    }
    return text;
}

inline std::string whole_file(const std::filesystem::path& path) {
    std::ifstream file(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
}

class HubCluster {
public:
    struct Settings {
        std::size_t instances = 3;
        std::filesystem::path roster; // imported before the instances start
        std::string event_name;
        std::string event_days; // "2026-11-29,2026-11-30"
        Durability durability = Durability::none;
    };

    static std::expected<std::unique_ptr<HubCluster>, std::string>
    start(const Settings& settings, const std::filesystem::path& folder) {
        if (!std::filesystem::exists(haproxy_program)) {
            return std::unexpected("HAProxy is missing: apt-get install haproxy (.ci/setup)");
        }
        auto cluster = std::unique_ptr<HubCluster>(new HubCluster(folder));
        auto server = PostgresqlServer::start(settings.durability);
        if (!server) {
            return std::unexpected(server.error());
        }
        cluster->m_server = std::move(*server);
        auto uri = cluster->m_server->create_database("kiosk_hub_cluster");
        if (!uri) {
            return std::unexpected(uri.error());
        }
        cluster->m_uri = *uri;
        if (auto imported = cluster->hub({"import", settings.roster.string(), "--event-name",
                                          settings.event_name, "--event-days", settings.event_days});
            !imported) {
            return std::unexpected(imported.error());
        }
        auto certificate = cluster->hub({"cert", "new", "--host", "localhost"});
        if (!certificate) {
            return std::unexpected(certificate.error());
        }
        cluster->m_pin = certificate->substr(0, certificate->find('\n'));

        for (std::size_t index = 0; index < settings.instances; ++index) {
            cluster->m_instance_ports.push_back(free_loopback_port());
            cluster->m_instances.push_back(spawn_with_output_files(
                kiosk_hub_program,
                {"--store", cluster->m_uri, "serve", "--listen",
                 fmt::format("127.0.0.1:{}", cluster->m_instance_ports.back()), "--connections-per-address",
                 "1000"},
                cluster->instance_file(index, "stdout"), cluster->instance_file(index, "stderr")));
            if (cluster->m_instances.back() <= 0) {
                return std::unexpected("cannot start " + kiosk_hub_program);
            }
        }
        cluster->m_balancer_port = free_loopback_port();
        auto configuration = balancer_configuration(whole_file(shipped_balancer_configuration),
                                                    cluster->m_balancer_port, cluster->m_instance_ports);
        if (!configuration) {
            return std::unexpected(configuration.error());
        }
        const auto configuration_path = folder / "haproxy.cfg";
        std::ofstream(configuration_path) << *configuration;
        cluster->m_balancer =
            spawn_with_output_files(haproxy_program, {"-db", "-f", configuration_path.string()},
                                    folder / "haproxy-stdout.txt", folder / "haproxy-stderr.txt");
        if (cluster->m_balancer <= 0) {
            return std::unexpected("cannot start " + haproxy_program);
        }
        return cluster;
    }

    HubCluster(const HubCluster&) = delete;
    HubCluster& operator=(const HubCluster&) = delete;
    ~HubCluster() {
        stop(m_balancer);
        for (auto& instance : m_instances) {
            stop(instance);
        }
    }

    // Runs a kiosk-hub command on the cluster's database; its standard output, or why it failed.
    std::expected<std::string, std::string> hub(std::vector<std::string> arguments) const {
        arguments.insert(arguments.begin(), {kiosk_hub_program, "--store", m_uri});
        const auto result = run_process(arguments);
        if (!result.exited() || result.exit_code != 0) {
            return std::unexpected(
                fmt::format("kiosk-hub {} failed: {}", arguments.at(3), result.describe()));
        }
        return result.out;
    }

    // A kiosk's bearer token, made as the organisers make it.
    std::expected<std::string, std::string> new_token(const std::string& kiosk) const {
        auto made = hub({"token", "new", "--kiosk", kiosk});
        if (!made) {
            return made;
        }
        return made->substr(0, made->find('\n'));
    }

    // Kills instance `index` with SIGKILL, as a crash or a pulled plug would, and reaps it; true when it
    // was running and ended by the signal.
    bool kill_instance(std::size_t index) {
        pid_t& instance = m_instances.at(index);
        if (instance <= 0 || ::kill(instance, SIGKILL) != 0) {
            return false;
        }
        int status = 0;
        const bool reaped = ::waitpid(instance, &status, 0) == instance;
        instance = -1;
        return reaped && WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
    }

    // The one address the kiosks use.
    std::string url() const { return fmt::format("https://127.0.0.1:{}", m_balancer_port); }
    std::string instance_url(std::size_t index) const {
        return fmt::format("https://127.0.0.1:{}", m_instance_ports.at(index));
    }
    const std::string& pin() const { return m_pin; }
    const std::string& store_uri() const { return m_uri; }
    std::size_t instance_count() const { return m_instances.size(); }
    // What an instance wrote on its standard error: one line per request, and its problems.
    std::string instance_log(std::size_t index) const { return whole_file(instance_file(index, "stderr")); }
    std::string balancer_log() const { return whole_file(m_folder / "haproxy-stderr.txt"); }

private:
    explicit HubCluster(std::filesystem::path folder) : m_folder(std::move(folder)) {}

    std::filesystem::path instance_file(std::size_t index, std::string_view stream) const {
        return m_folder / fmt::format("hub-{}-{}.txt", index + 1, stream);
    }

    static void stop(pid_t& process) {
        if (process > 0) {
            ::kill(process, SIGTERM);
            int status = 0;
            ::waitpid(process, &status, 0);
            process = -1;
        }
    }

    std::filesystem::path m_folder;
    std::unique_ptr<PostgresqlServer> m_server;
    std::string m_uri;
    std::string m_pin;
    std::vector<int> m_instance_ports;
    std::vector<pid_t> m_instances;
    int m_balancer_port = 0;
    pid_t m_balancer = -1;
};

} // namespace checkin::test
