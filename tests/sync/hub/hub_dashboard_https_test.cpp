// The dashboard's sign-in on the real kiosk-hub over HTTPS (pinned, as the kiosks connect): the session
// cookie's attributes, the roles, a revoked token's session, and no token in an address.

#include "tests/sync/hub/hub_process.hpp"
#include "tests/sync/hub/pinned_https.hpp"
#include "tests/sync/hub/raw_http.hpp"

#include <chrono>
#include <csignal>
#include <curl/curl.h>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <string>
#include <thread>
#include <vector>

namespace checkin::sync {
namespace {

using namespace hub_process;
using namespace std::chrono_literals;

inline std::size_t keep_header(char* data, std::size_t size, std::size_t count, void* user) {
    static_cast<std::string*>(user)->append(data, size * count);
    return size * count;
}

struct HttpsAnswer {
    long status = 0;
    std::string headers;
    std::string body;
};

// A pinned HTTPS request as a browser on the hub's page would send it: a Cookie and, for a POST, the form.
HttpsAnswer pinned_request(int port, const std::string& pin, const std::string& path,
                           const std::string& cookie, const std::string* form = nullptr) {
    HttpsAnswer answer;
    std::unique_ptr<CURL, EasyHandleDeleter> handle(curl_easy_init());
    const std::string url = fmt::format("https://127.0.0.1:{}{}", port, path);
    std::unique_ptr<curl_slist, HeaderListDeleter> headers(
        curl_slist_append(nullptr, fmt::format("Origin: https://127.0.0.1:{}", port).c_str()));
    if (!cookie.empty()) {
        headers.reset(curl_slist_append(headers.release(), ("Cookie: " + cookie).c_str()));
    }
    curl_easy_setopt(handle.get(), CURLOPT_URL, url.c_str());
    curl_easy_setopt(handle.get(), CURLOPT_HTTPHEADER, headers.get());
    curl_easy_setopt(handle.get(), CURLOPT_PINNEDPUBLICKEY, pin.c_str());
    curl_easy_setopt(handle.get(), CURLOPT_SSL_VERIFYPEER, 0L);
    curl_easy_setopt(handle.get(), CURLOPT_SSL_VERIFYHOST, 0L);
    curl_easy_setopt(handle.get(), CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(handle.get(), CURLOPT_TIMEOUT, 10L);
    curl_easy_setopt(handle.get(), CURLOPT_WRITEFUNCTION, &keep_body);
    curl_easy_setopt(handle.get(), CURLOPT_WRITEDATA, &answer.body);
    curl_easy_setopt(handle.get(), CURLOPT_HEADERFUNCTION, &keep_header);
    curl_easy_setopt(handle.get(), CURLOPT_HEADERDATA, &answer.headers);
    if (form != nullptr) {
        curl_easy_setopt(handle.get(), CURLOPT_POSTFIELDS, form->c_str());
    }
    const auto code = curl_easy_perform(handle.get());
    EXPECT_EQ(code, CURLE_OK) << curl_easy_strerror(code);
    curl_easy_getinfo(handle.get(), CURLINFO_RESPONSE_CODE, &answer.status);
    return answer;
}

// The Set-Cookie line's value ("checkin_session=…; Path=/; …"), empty without one.
std::string set_cookie(const HttpsAnswer& answer) {
    const auto at = answer.headers.find("Set-Cookie: ");
    if (at == std::string::npos) {
        return {};
    }
    const auto end = answer.headers.find("\r\n", at);
    return answer.headers.substr(at + 12, end - at - 12);
}

class DashboardOverHttps : public testing::Test {
protected:
    void SetUp() override {
        database = directory.file("hub.db").string();
        const auto imported = run_hub(directory, {"--db", database, "import",
                                                  std::string(CHECKIN_TEST_DATA) + "/serock-roster.csv",
                                                  "--event-days", "2026-11-29,2026-11-30"});
        ASSERT_EQ(imported.exit_code, 0) << imported.errors;
        organiser = make_token("organisers-laptop", "organiser");
        reader = make_token("reception-screen", "dashboard");
        kiosk = make_token("kiosk-1", "kiosk");
        const auto certificate = run_hub(directory, {"--db", database, "cert", "new", "--host", "127.0.0.1"});
        ASSERT_EQ(certificate.exit_code, 0) << certificate.errors;
        pin = certificate.output.substr(0, certificate.output.find('\n'));
        port = free_port();
        process = spawn_hub({"--db", database, "serve", "--listen", fmt::format("127.0.0.1:{}", port)},
                            directory.file("serve-stdout.txt"), directory.file("serve-stderr.txt"));
        // Listening once a connection is accepted: polled with a deadline while the process opens its file.
        const auto deadline = std::chrono::steady_clock::now() + 10s;
        while (!test::connect_loopback(port).valid() && std::chrono::steady_clock::now() < deadline) {
            std::this_thread::sleep_for(20ms);
        }
        ASSERT_TRUE(test::connect_loopback(port).valid());
    }

    void TearDown() override {
        if (process > 0) {
            ::kill(process, SIGTERM);
            EXPECT_EQ(wait_for_exit(process), 0);
        }
    }

    std::string make_token(const std::string& name, const std::string& role) {
        const auto made =
            run_hub(directory, {"--db", database, "token", "new", "--kiosk", name, "--role", role});
        EXPECT_EQ(made.exit_code, 0) << made.errors;
        return made.output.substr(0, 64);
    }

    HttpsAnswer sign_in(const std::string& token) {
        const std::string form = "token=" + token;
        return pinned_request(port, pin, "/signin", "", &form);
    }

    TempDir directory;
    std::string database;
    std::string organiser;
    std::string reader;
    std::string kiosk;
    std::string pin;
    int port = 0;
    pid_t process = -1;
};

TEST_F(DashboardOverHttps, SignInSetsASecureStrictHttpOnlyCookieAndRolesDecideTheExport) {
    const auto signed_in = sign_in(organiser);
    EXPECT_EQ(signed_in.status, 303) << signed_in.body;
    const std::string cookie = set_cookie(signed_in);
    EXPECT_TRUE(cookie.starts_with("checkin_session=")) << signed_in.headers;
    EXPECT_NE(cookie.find("; HttpOnly"), std::string::npos) << cookie;
    EXPECT_NE(cookie.find("; Secure"), std::string::npos) << cookie;
    EXPECT_NE(cookie.find("; SameSite=Strict"), std::string::npos) << cookie;
    const std::string session = cookie.substr(0, cookie.find(';'));
    EXPECT_EQ(session.find(organiser), std::string::npos);

    const auto exported = pinned_request(port, pin, "/api/v1/export.csv", session);
    EXPECT_EQ(exported.status, 200);
    EXPECT_NE(exported.headers.find("attachment"), std::string::npos) << exported.headers;

    const auto reader_session = set_cookie(sign_in(reader));
    const auto figures =
        pinned_request(port, pin, "/api/v1/dashboard", reader_session.substr(0, reader_session.find(';')));
    EXPECT_EQ(figures.status, 200) << figures.body;
    const auto refused =
        pinned_request(port, pin, "/api/v1/export.csv", reader_session.substr(0, reader_session.find(';')));
    EXPECT_EQ(refused.status, 403);
    EXPECT_NE(refused.body.find("only an organiser"), std::string::npos) << refused.body;

    const auto kiosk_refused = sign_in(kiosk);
    EXPECT_EQ(kiosk_refused.status, 403);
    EXPECT_EQ(set_cookie(kiosk_refused), "");

    const auto in_address = pinned_request(port, pin, fmt::format("/dashboard?token={}", organiser), "");
    EXPECT_EQ(in_address.status, 400);
    EXPECT_NE(in_address.body.find("/signin"), std::string::npos) << in_address.body;
}

TEST_F(DashboardOverHttps, ARevokedTokensSessionIsRefusedOnItsNextRequest) {
    const auto cookie = set_cookie(sign_in(organiser));
    const std::string session = cookie.substr(0, cookie.find(';'));
    EXPECT_EQ(pinned_request(port, pin, "/api/v1/dashboard", session).status, 200);
    const auto revoked = run_hub(directory, {"--db", database, "token", "revoke", "organisers-laptop"});
    ASSERT_EQ(revoked.exit_code, 0) << revoked.errors;
    EXPECT_EQ(pinned_request(port, pin, "/api/v1/dashboard", session).status, 401);
    EXPECT_EQ(pinned_request(port, pin, "/api/v1/export.csv", session).status, 401);
}

} // namespace
} // namespace checkin::sync
