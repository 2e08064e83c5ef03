// The dashboard in a real browser: Debian's chromium, headless, signs in through the hub's form, opens the
// page served by register_dashboard_routes (on a thread of this process, over a hub file with a known
// roster and journal), runs app.js, and dumps the DOM, in which the numbers must be the right ones. After
// it closes, its History file must hold no token.
//
// Headless chromium cannot type, so the test server adds one page of its own beside the hub's routes,
// /test/sign-in: the hub's form with the token already filled in, posted by a script as a click would.
// The POST, the 303 and the cookie are the browser's own.
// Without chromium these tests fail, saying how to install it: a dashboard nobody has seen load is not
// tested.

#include "base/clock.hpp"
#include "sync/hub/hub_dashboard.hpp"
#include "sync/hub/sqlite_hub_store.hpp"
#include "sync/mirror/sqlite.hpp"
#include "tests/sync/hub/dashboard_fixture.hpp"
#include "tests/sync/mirror/mirror_fixture.hpp"

#include <cstdio>
#include <cstdlib>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <optional>

namespace checkin::sync {
namespace {

using namespace mirror_fixture;
using namespace dashboard_fixture;

constexpr std::string_view browser_token = "browser-test-token";

CheckinEvent event_of(std::string id, std::string code, EventKind kind, int hour, int minute,
                      std::string kiosk, std::string operator_name = "self-service",
                      std::string reason = "") {
    CheckinEvent event;
    event.id = std::move(id);
    event.delegate_code = std::move(code);
    event.kind = kind;
    event.day = first_day;
    event.at_milliseconds = utc_milliseconds(first_day, hour, minute);
    event.kiosk_id = std::move(kiosk);
    event.operator_name = std::move(operator_name);
    event.reason = std::move(reason);
    return event;
}

// The roster and the journal of 29.11:
//   K-001 Anna Kowalska     Partnerstwo Łódź    łódzkie      every day  in twice (kiosk-1, kiosk-2): a
//   duplicate K-002 Bartosz Nowak     Partnerstwo Lublin  lubuskie     29.11      in K-003 Cezary Ślęzak
//   Partnerstwo Śląsk   śląskie      30.11      (not expected on 29.11) K-004 Dorota Zielińska  Partnerstwo
//   Lublin  pomorskie    every day  in, badge reprinted ("zgnieciony") K-005 Ewa Wiśniewska    (none)
//   mazowieckie  every day  — K-006 Feliks Gość       Partnerstwo Łódź    łódzkie      29.11      — K-007
//   Grażyna Żak       Partnerstwo Śląsk   śląskie      every day  —, badge reprinted ("literówka")
// So on 29.11: expected 6 (all but K-003), checked in 3 (50%), duplicates 1, reprints 2.
void write_hub_file(const std::filesystem::path& path) {
    auto mirror = Mirror::open(path);
    ASSERT_TRUE(mirror.has_value()) << mirror.error().message;
    const std::vector<Delegate> delegates = {
        delegate_of("K-001", "Anna", "Kowalska", "Partnerstwo Łódź", "łódzkie"),
        delegate_of("K-002", "Bartosz", "Nowak", "Partnerstwo Lublin", "lubuskie", {first_day}),
        delegate_of("K-003", "Cezary", "Ślęzak", "Partnerstwo Śląsk", "śląskie", {second_day}),
        delegate_of("K-004", "Dorota", "Zielińska", "Partnerstwo Lublin", "pomorskie"),
        delegate_of("K-005", "Ewa", "Wiśniewska", "", "mazowieckie"),
        delegate_of("K-006", "Feliks", "Gość", "Partnerstwo Łódź", "łódzkie", {first_day}),
        delegate_of("K-007", "Grażyna", "Żak", "Partnerstwo Śląsk", "śląskie"),
    };
    std::vector<RosterEntry> entries;
    std::size_t line = 2;
    for (const auto& delegate : delegates) {
        entries.push_back({line++, delegate});
    }
    auto imported = mirror->apply_roster(entries, WriteMode::write, {},
                                         Event{"Kongres Przeglądarkowy", {first_day, second_day}});
    ASSERT_TRUE(imported.has_value()) << imported.error().message;
    const std::vector<CheckinEvent> events = {
        event_of("b-1", "K-001", EventKind::checkin, 9, 5, "kiosk-1"),
        event_of("b-2", "K-001", EventKind::checkin, 9, 6, "kiosk-2"),
        event_of("b-3", "K-002", EventKind::checkin, 9, 20, "kiosk-1"),
        event_of("b-4", "K-004", EventKind::checkin, 10, 40, "kiosk-2"),
        event_of("b-5", "K-004", EventKind::reprint, 10, 45, "kiosk-2", "Ewa", "zgnieciony"),
        event_of("b-6", "K-007", EventKind::reprint, 11, 0, "kiosk-1", "Jan", "literówka"),
    };
    for (const auto& event : events) {
        auto appended = mirror->append_event(event);
        ASSERT_TRUE(appended.has_value()) << appended.error().message;
    }
}

// The browser to run: $CHECKIN_CHROMIUM, or chromium on the PATH; empty when there is none.
std::string chromium_program() {
    if (const char* chosen = std::getenv("CHECKIN_CHROMIUM"); chosen != nullptr && *chosen != '\0') {
        return chosen;
    }
    for (const char* name : {"chromium", "chromium-browser"}) {
        if (std::system(fmt::format("command -v {} >/dev/null 2>&1", name).c_str()) == 0) {
            return name;
        }
    }
    return {};
}

struct BrowserRun {
    int exit_status = -1;
    std::string dom;
    std::string errors; // chromium's stderr, for the failure message
};

// Everything between the start tag of the element with `id` and `closing_tag` (e.g. "</span>").
std::string inner_html(const std::string& dom, std::string_view id, std::string_view closing_tag) {
    const auto at = dom.find(fmt::format("id=\"{}\"", id));
    if (at == std::string::npos) {
        return "(no element #" + std::string(id) + ")";
    }
    const auto start = dom.find('>', at);
    const auto end = dom.find(closing_tag, start);
    if (start == std::string::npos || end == std::string::npos) {
        return "(element #" + std::string(id) + " is not closed)";
    }
    return dom.substr(start + 1, end - start - 1);
}

// The start tag of the element with `id`, e.g. <p id="status" class="status" hidden="">.
std::string start_tag(const std::string& dom, std::string_view id) {
    const auto at = dom.find(fmt::format("id=\"{}\"", id));
    if (at == std::string::npos) {
        return "(no element #" + std::string(id) + ")";
    }
    const auto open = dom.rfind('<', at);
    const auto close = dom.find('>', at);
    return dom.substr(open, close - open + 1);
}

// The test's own pages (see the top): the sign-in form filled in, and the script that posts it, or, for
// /test/sign-in-then?next=PATH, signs in by fetch and then opens PATH.
std::vector<http::Route> test_pages(std::string token) {
    std::vector<http::Route> routes;
    routes.push_back({"GET", "/test/sign-in", {}, 0, [token](const http::Request& request) {
                          http::Response response;
                          response.content_type = "text/html; charset=utf-8";
                          response.body = fmt::format(
                              "<!doctype html><html><body><form id=\"sign-in\" method=\"post\" "
                              "action=\"/signin\"><input name=\"token\" value=\"{}\"><input name=\"date\" "
                              "value=\"{}\"></form><p id=\"next\">{}</p><script "
                              "src=\"/test/sign-in.js\"></script></body></html>",
                              token, request.parameter("date").value_or(""),
                              request.parameter("next").value_or(""));
                          return response;
                      }});
    routes.push_back({"GET", "/test/sign-in.js", {}, 0, [](const http::Request&) {
                          http::Response response;
                          response.content_type = "text/javascript; charset=utf-8";
                          response.body = R"(
const form = document.getElementById("sign-in");
const next = document.getElementById("next").textContent;
if (next === "") {
  form.submit();
} else {
  const request = new XMLHttpRequest();
  request.open("POST", "/signin", false);
  request.setRequestHeader("Content-Type", "application/x-www-form-urlencoded");
  request.send(new URLSearchParams(new FormData(form)).toString());
  window.location.assign(next);
}
)";
                          return response;
                      }});
    return routes;
}

class DashboardInBrowser : public testing::Test {
protected:
    void SetUp() override {
        ASSERT_NO_FATAL_FAILURE(write_hub_file(directory.file("hub.db")));
        start(TokenRole::organiser);
    }

    void start(TokenRole role) {
        server.reset();
        server.emplace(directory.file("hub.db"), std::string(browser_token), role,
                       test_pages(std::string(browser_token)));
        port = server->port();
        ASSERT_GT(port, 0);
    }

    // Every address in the History file of the last run's profile (written when chromium closed).
    std::vector<std::string> history_addresses() {
        std::vector<std::string> addresses;
        const auto history = directory.file(fmt::format("profile-{}", runs)) / "Default" / "History";
        auto database = sqlite::Database::open(history, sqlite::OpenMode::read_only);
        EXPECT_TRUE(database.has_value()) << history << ": " << (database ? "" : database.error().message);
        if (!database) {
            return addresses;
        }
        auto select = database->prepare("SELECT url FROM urls");
        EXPECT_TRUE(select.has_value());
        if (select) {
            auto visited =
                select->for_each_row([&](const sqlite::Statement& row) { addresses.push_back(row.text(0)); });
            EXPECT_TRUE(visited.has_value());
        }
        return addresses;
    }

    // Opens http://127.0.0.1:PORT/ + `query` in headless chromium and returns the DOM once app.js has had
    // 5 seconds of (virtual) time: long enough for the first fetch, before the page's second refresh.
    BrowserRun open_page(const std::string& query) {
        BrowserRun run;
        const std::string program = chromium_program();
        if (program.empty()) {
            ADD_FAILURE()
                << "chromium is not installed, so the dashboard cannot be tested in a browser: run "
                   ".ci/setup (apt-get install chromium), or set CHECKIN_CHROMIUM to a Chromium binary";
            return run;
        }
        const auto profile = directory.file(fmt::format("profile-{}", ++runs));
        const auto errors = directory.file(fmt::format("chromium-{}.err", runs));
        // --no-sandbox: the sandbox refuses to start as root (CI containers); --disable-dev-shm-usage: a
        // container's /dev/shm is often tiny; the rest keeps the run offline and quiet.
        const std::string command = fmt::format(
            "timeout 120 {} --headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run "
            "--no-default-browser-check --disable-extensions --disable-background-networking "
            "--disable-component-update --disable-sync --user-data-dir='{}' --virtual-time-budget=5000 "
            "--dump-dom 'http://127.0.0.1:{}/{}' 2>'{}'",
            program, profile.string(), port, query, errors.string());
        FILE* pipe = ::popen(command.c_str(), "r");
        if (pipe == nullptr) {
            ADD_FAILURE() << "cannot run " << command;
            return run;
        }
        char buffer[4096];
        std::size_t read = 0;
        while ((read = std::fread(buffer, 1, sizeof(buffer), pipe)) > 0) {
            run.dom.append(buffer, read);
        }
        run.exit_status = ::pclose(pipe);
        run.errors = read_file(errors);
        EXPECT_EQ(run.exit_status, 0) << "chromium failed (" << command << "):\n" << run.errors;
        EXPECT_FALSE(run.dom.empty()) << "chromium printed no DOM:\n" << run.errors;
        return run;
    }

    std::string sign_in_query() const {
        return fmt::format("test/sign-in?date={}", format_iso_day(first_day));
    }

    TempDir directory;
    std::optional<DashboardServer> server;
    int port = 0;
    int runs = 0;
};

TEST_F(DashboardInBrowser, SignsInAndShowsTheRightNumbers) {
    const auto run = open_page(sign_in_query());
    ASSERT_FALSE(run.dom.empty());
    const auto& dom = run.dom;
    EXPECT_EQ(inner_html(dom, "checked-in", "</span>"), "3") << dom;
    EXPECT_EQ(inner_html(dom, "expected", "</span>"), "6") << dom;
    EXPECT_EQ(inner_html(dom, "percent", "</span>"), "50%");
    EXPECT_EQ(inner_html(dom, "duplicates", "</p>"), "1");
    EXPECT_EQ(inner_html(dom, "duplicates-today", "</span>"), "1");
    EXPECT_EQ(inner_html(dom, "reprints", "</p>"), "2");
    EXPECT_EQ(inner_html(dom, "reprints-total", "</span>"), "2");
    EXPECT_EQ(inner_html(dom, "checked-in-any-day", "</p>"), "3");
    EXPECT_EQ(inner_html(dom, "event-name", "</h1>"), "Kongres Przeglądarkowy");
    EXPECT_EQ(inner_html(dom, "today", "</span>"), "2026-11-29");
    // The day picker: every event day, the day shown selected (issue 17, item 5).
    const std::string picker = inner_html(dom, "day-picker", "</select>");
    EXPECT_NE(picker.find("<option value=\"2026-11-29\" selected=\"\">2026-11-29"), std::string::npos)
        << picker;
    EXPECT_NE(picker.find("<option value=\"2026-11-30\">2026-11-30"), std::string::npos) << picker;
    EXPECT_NE(start_tag(dom, "progress-bar").find("width: 50%"), std::string::npos)
        << start_tag(dom, "progress-bar");

    // The tables: groups in Polish order, "—" last, with "checked in / expected".
    const std::string voivodeships = inner_html(dom, "voivodeship-rows", "</tbody>");
    const std::vector<std::string> order = {"<td>lubuskie</td>", "<td>łódzkie</td>", "<td>mazowieckie</td>",
                                            "<td>pomorskie</td>", "<td>śląskie</td>"};
    std::size_t previous = 0;
    for (const auto& cell : order) {
        const auto at = voivodeships.find(cell);
        ASSERT_NE(at, std::string::npos) << cell << " missing from " << voivodeships;
        EXPECT_GE(at, previous) << cell << " out of order in " << voivodeships;
        previous = at;
    }
    EXPECT_NE(voivodeships.find("<td>łódzkie</td><td class=\"number\">1 / 2</td>"), std::string::npos)
        << voivodeships;
    const std::string partnerships = inner_html(dom, "partnership-rows", "</tbody>");
    EXPECT_NE(partnerships.find("<td>Partnerstwo Lublin</td><td class=\"number\">2 / 2</td>"),
              std::string::npos)
        << partnerships;
    EXPECT_NE(partnerships.find("<td>—</td><td class=\"number\">0 / 1</td>"), std::string::npos)
        << partnerships;

    // Duplicates and reprints, by name.
    const std::string duplicates = inner_html(dom, "duplicate-rows", "</tbody>");
    EXPECT_NE(duplicates.find("Anna Kowalska (K-001)"), std::string::npos) << duplicates;
    EXPECT_NE(duplicates.find("kiosk-1"), std::string::npos) << duplicates;
    EXPECT_NE(duplicates.find("kiosk-2"), std::string::npos) << duplicates;
    const std::string reprints = inner_html(dom, "reprint-rows", "</tbody>");
    EXPECT_NE(reprints.find("Grażyna Żak (K-007)"), std::string::npos) << reprints;
    EXPECT_NE(reprints.find("zgnieciony"), std::string::npos) << reprints;
    EXPECT_LT(reprints.find("literówka"), reprints.find("zgnieciony")) << "the newest reprint comes first";

    // The arrivals chart was drawn (three arrivals: three bars, some maybe zero-height between them).
    const std::string chart = inner_html(dom, "arrivals-chart", "</svg>");
    EXPECT_NE(chart.find("<svg"), std::string::npos) << chart;
    EXPECT_NE(chart.find("class=\"bar-rect\""), std::string::npos) << chart;
    EXPECT_NE(chart.find("class=\"cumulative\""), std::string::npos) << chart;

    // No error showing, and the time of the refresh.
    EXPECT_NE(start_tag(dom, "status").find("hidden"), std::string::npos) << start_tag(dom, "status");
    EXPECT_NE(inner_html(dom, "last-updated", "</p>").find("Ostatnia aktualizacja"), std::string::npos);
}

// Opened without a day after the event (as this runs, the test event being in November 2026), the page
// shows the event's last day, selected in the picker, instead of today's "0 / 0".
TEST_F(DashboardInBrowser, WithoutADayAfterTheEventItShowsTheLastEventDay) {
    const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
    ASSERT_GT(local_day(now), second_day) << "this test is about a day after the test event";
    const auto run = open_page("test/sign-in");
    ASSERT_FALSE(run.dom.empty());
    EXPECT_EQ(inner_html(run.dom, "today", "</span>"), "2026-11-30") << run.dom;
    const std::string picker = inner_html(run.dom, "day-picker", "</select>");
    EXPECT_NE(picker.find("<option value=\"2026-11-30\" selected=\"\">2026-11-30"), std::string::npos)
        << picker;
    EXPECT_NE(picker.find("<option value=\"2026-11-29\">2026-11-29"), std::string::npos) << picker;
    EXPECT_NE(inner_html(run.dom, "expected", "</span>"), "0") << run.dom;
    // The headings name the day shown, not "today".
    EXPECT_NE(run.dom.find("Obecni <span class=\"day-pl\">30.11</span>"), std::string::npos) << run.dom;
    EXPECT_EQ(run.dom.find(">dziś<"), std::string::npos) << run.dom;
}

TEST_F(DashboardInBrowser, NoTokenInTheAddressOrTheHistory) {
    const auto run = open_page(sign_in_query());
    ASSERT_FALSE(run.dom.empty());
    EXPECT_EQ(inner_html(run.dom, "checked-in", "</span>"), "3") << "signed in";
    const auto addresses = history_addresses();
    bool dashboard_seen = false;
    for (const auto& address : addresses) {
        EXPECT_EQ(address.find(browser_token), std::string::npos) << address;
        EXPECT_EQ(address.find("token="), std::string::npos) << address;
        dashboard_seen = dashboard_seen || address.find("/dashboard?date=2026-11-29") != std::string::npos;
    }
    EXPECT_TRUE(dashboard_seen)
        << "the History file recorded the visit, so its silence on tokens means something";
}

TEST_F(DashboardInBrowser, WithoutASessionThePageGoesToTheSignInForm) {
    const auto run = open_page("dashboard");
    ASSERT_FALSE(run.dom.empty());
    EXPECT_NE(run.dom.find("action=\"/signin\""), std::string::npos) << run.dom;
    EXPECT_NE(run.dom.find("name=\"token\""), std::string::npos) << run.dom;
}

TEST_F(DashboardInBrowser, TheExportIsRefusedToADashboardToken) {
    ASSERT_NO_FATAL_FAILURE(start(TokenRole::dashboard));
    const auto run = open_page("test/sign-in?next=/api/v1/export.csv");
    ASSERT_FALSE(run.dom.empty());
    EXPECT_NE(inner_html(run.dom, "message", "</p>").find("only an organiser"), std::string::npos) << run.dom;
    EXPECT_EQ(run.dom.find("Kowalsk"), std::string::npos) << "no personal data reached the browser";
}

// The kiosks' health as the organisers see it: three kiosks reported through the hub's store (as POST
// /api/v1/kiosk-report stores them), one silent for ten minutes, one with its printer out of labels and
// one running low; the page lists all three and raises the four alerts.
TEST_F(DashboardInBrowser, ListsTheKiosksAndRaisesTheirAlerts) {
    const std::int64_t now = base::now_unix_milliseconds();
    std::int64_t clock_now = now - 10 * 60'000;
    {
        auto store = SqliteHubStore::open(directory.file("hub.db"), [&clock_now] { return clock_now; });
        ASSERT_TRUE(store.has_value()) << store.error().message;
        KioskReport silent;
        silent.kiosk = "kiosk-2";
        silent.version = "0.1.0";
        silent.backlog = 4;
        silent.printer = PrinterCondition::ready;
        silent.labels_left = 140;
        silent.scanners = 1;
        ASSERT_TRUE((*store)->record_kiosk_report(silent).has_value());
        clock_now = now;
        KioskReport empty_printer;
        empty_printer.kiosk = "kiosk-1";
        empty_printer.version = "0.1.0";
        empty_printer.printer = PrinterCondition::problem;
        empty_printer.printer_problems = {"no_media"};
        empty_printer.labels_left = 0;
        empty_printer.scanners = 2;
        empty_printer.last_scan_at_milliseconds = now - 60'000;
        ASSERT_TRUE((*store)->record_kiosk_report(empty_printer).has_value());
        KioskReport running_low;
        running_low.kiosk = "kiosk-3";
        running_low.version = "0.1.0";
        running_low.printer = PrinterCondition::ready;
        running_low.labels_left = 12;
        running_low.scanners = 1;
        ASSERT_TRUE((*store)->record_kiosk_report(running_low).has_value());
    }

    const auto run = open_page(sign_in_query());
    ASSERT_FALSE(run.dom.empty());
    const std::string alerts = inner_html(run.dom, "kiosk-alerts", "</ul>");
    const std::string silent_contact = clock_text(local_minute_of_day(now - 10 * 60'000));
    const std::vector<std::string> expected_alerts = {
        "<li class=\"alert alert-printer\">kiosk-1: problem z drukarką: no_media (printer problem: "
        "no_media)</li>",
        "<li class=\"alert alert-labels\">kiosk-1: zostało 0 etykiet (labels running low: 0 left, alert "
        "below "
        "20)</li>",
        fmt::format(
            "<li class=\"alert alert-silent\">kiosk-2: brak kontaktu od 10 min, ostatni o {} (silent for "
            "10 min, last contact at {})</li>",
            silent_contact, silent_contact),
        "<li class=\"alert alert-labels\">kiosk-3: zostało 12 etykiet (labels running low: 12 left, alert "
        "below "
        "20)</li>",
    };
    std::size_t previous = 0;
    for (const auto& alert : expected_alerts) {
        const auto at = alerts.find(alert);
        ASSERT_NE(at, std::string::npos) << alert << "\nnot in\n" << alerts;
        EXPECT_GE(at, previous) << "kiosk by kiosk, in name order";
        previous = at;
    }
    EXPECT_EQ(alerts.find("kiosk-2: problem"), std::string::npos) << "kiosk-2's printer is fine";

    const std::string rows = inner_html(run.dom, "kiosk-rows", "</tbody>");
    const std::string last_scan = clock_text(local_minute_of_day(now - 60'000));
    EXPECT_NE(
        rows.find(fmt::format("<td>0.1.0</td><td class=\"number\">0</td><td class=\"problem\">problem: "
                              "no_media</td><td class=\"number problem\">0</td><td class=\"number\">2</td>"
                              "<td>{}</td>",
                              last_scan)),
        std::string::npos)
        << rows;
    EXPECT_NE(rows.find("<tr class=\"silent\"><td>kiosk-2</td>"), std::string::npos) << rows;
    EXPECT_NE(rows.find(fmt::format("<td>{} (10 min temu / ago)</td>", silent_contact)), std::string::npos)
        << rows;
    EXPECT_NE(rows.find("<td class=\"number\">4</td><td>gotowa (ready)</td><td class=\"number\">140</td>"),
              std::string::npos)
        << rows;
    EXPECT_NE(rows.find("<td>kiosk-3</td>"), std::string::npos) << rows;
    EXPECT_NE(rows.find("<td class=\"number problem\">12</td>"), std::string::npos) << rows;
    EXPECT_NE(start_tag(run.dom, "status").find("hidden"), std::string::npos) << start_tag(run.dom, "status");
}

TEST_F(DashboardInBrowser, WithoutReportsTheKioskListSaysSo) {
    const auto run = open_page(sign_in_query());
    ASSERT_FALSE(run.dom.empty());
    EXPECT_NE(inner_html(run.dom, "kiosk-rows", "</tbody>").find("Żaden kiosk jeszcze się nie zgłosił"),
              std::string::npos)
        << run.dom;
    EXPECT_NE(inner_html(run.dom, "kiosk-alerts", "</ul>").find("Brak alertów (no alerts)"),
              std::string::npos);
}

} // namespace
} // namespace checkin::sync
