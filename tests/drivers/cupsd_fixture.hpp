#pragma once

// A real CUPS server for the tests, in a temporary folder: Debian's cupsd (cups-daemon) with one queue,
// "Dymo", made with the DYMO LabelWriter 450 driver of printer-driver-dymo (its PPD from
// /usr/lib/cups/driver/dymo), printing to a file (FileDevice) the test reads back. It listens on a domain
// socket in the folder only, so it touches no system CUPS; jobs are converted by the real filter chain
// (cups-filters, then raster2dymolw). Header-only.

#include "tests/kiosk/process.hpp"

#include <chrono>
#include <csignal>
#include <cups/cups.h>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <string>
#include <thread>

namespace checkin::test {

class CupsDaemon {
public:
    CupsDaemon() {
        const std::filesystem::path root = m_folder.path();
        for (const char* folder : {"spool", "tmp", "cache", "state", "out", "ppd"}) {
            std::filesystem::create_directories(root / folder);
        }
        // The filters run as the lp user: they must reach the folder and write their temporary files.
        using std::filesystem::perms;
        std::filesystem::permissions(root, perms::owner_all | perms::group_read | perms::group_exec |
                                               perms::others_read | perms::others_exec);
        for (const char* folder : {"tmp", "out"}) {
            std::filesystem::permissions(root / folder, perms::all | perms::sticky_bit);
        }
        const ProcessResult ppd =
            run_process({"/usr/lib/cups/driver/dymo", "cat", "dymo:0/cups/model/lw450.ppd"});
        if (ppd.exit_code != 0) {
            ADD_FAILURE() << "the DYMO driver (printer-driver-dymo) is missing: " << ppd.describe();
            return;
        }
        std::ofstream(root / "ppd" / "Dymo.ppd") << ppd.out;
        std::ofstream(root / "cups-files.conf")
            << "ServerRoot " << root.string() << "\nRequestRoot " << (root / "spool").string() << "\nTempDir "
            << (root / "tmp").string() << "\nCacheDir " << (root / "cache").string() << "\nStateDir "
            << (root / "state").string() << "\nAccessLog " << (root / "access_log").string() << "\nErrorLog "
            << (root / "error_log").string() << "\nPageLog " << (root / "page_log").string()
            << "\nFileDevice Yes\nServerBin /usr/lib/cups\nDataDir /usr/share/cups\nSandboxing Relaxed\n";
        std::ofstream(root / "cupsd.conf") << "Listen " << socket() << "\nLogLevel debug\nWebInterface No\n"
                                           << "Browsing No\nDefaultAuthType None\n"
                                           << "<Location />\n  Order allow,deny\n  Allow all\n</Location>\n"
                                           << "<Policy default>\n  <Limit All>\n    Order deny,allow\n"
                                           << "  </Limit>\n</Policy>\n";
        std::ofstream(root / "printers.conf")
            << "<Printer Dymo>\nInfo Badge printer at reception\n"
            << "MakeModel DYMO LabelWriter 450\nDeviceURI file://" << output().string()
            << "\nState Idle\nAccepting Yes\nShared No\n</Printer>\n";
        m_process = spawn_with_output_files(
            "/usr/sbin/cupsd",
            {"-f", "-c", (root / "cupsd.conf").string(), "-s", (root / "cups-files.conf").string()},
            root / "stdout", root / "stderr");
        for (int attempt = 0; attempt < 200 && m_process > 0 && !std::filesystem::exists(socket());
             ++attempt) {
            std::this_thread::sleep_for(std::chrono::milliseconds(25));
        }
        if (m_process <= 0 || !std::filesystem::exists(socket())) {
            ADD_FAILURE() << "cupsd (cups-daemon) did not start: " << log();
        }
    }
    CupsDaemon(const CupsDaemon&) = delete;
    CupsDaemon& operator=(const CupsDaemon&) = delete;
    ~CupsDaemon() {
        if (m_process > 0) {
            ::kill(m_process, SIGTERM);
            int status = 0;
            ::waitpid(m_process, &status, 0);
        }
    }

    bool running() const { return m_process > 0 && std::filesystem::exists(socket()); }
    std::string socket() const { return (m_folder.path() / "cups.sock").string(); }
    // What the driver sent to the "printer": the DYMO LabelWriter's own byte stream.
    std::filesystem::path output() const { return m_folder.path() / "out" / "dymo.prn"; }
    // Stops the queue, or starts it again, as `cupsdisable` and `cupsenable` do (IPP Pause-Printer and
    // Resume-Printer): a stopped queue's printer-state is stopped with the reason paused. Whether cupsd
    // agreed.
    bool set_stopped(bool stopped) const {
        http_t* http =
            httpConnect2(socket().c_str(), 0, nullptr, AF_UNSPEC, HTTP_ENCRYPTION_NEVER, 1, 5000, nullptr);
        if (http == nullptr) {
            return false;
        }
        ipp_t* request = ippNewRequest(stopped ? IPP_OP_PAUSE_PRINTER : IPP_OP_RESUME_PRINTER);
        ippAddString(request, IPP_TAG_OPERATION, IPP_TAG_URI, "printer-uri", nullptr,
                     "ipp://localhost/printers/Dymo");
        ippAddString(request, IPP_TAG_OPERATION, IPP_TAG_NAME, "requesting-user-name", nullptr, "root");
        ipp_t* response = cupsDoRequest(http, request, "/admin/"); // takes the request
        const bool agreed = response != nullptr && ippGetStatusCode(response) <= IPP_STATUS_OK_CONFLICTING;
        ippDelete(response);
        httpClose(http);
        return agreed;
    }

    std::string log() const {
        std::ifstream file(m_folder.path() / "error_log");
        return std::string(std::istreambuf_iterator<char>(file), {});
    }

private:
    TemporaryDirectory m_folder;
    pid_t m_process = -1;
};

} // namespace checkin::test
