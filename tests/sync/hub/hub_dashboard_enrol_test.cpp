// Enrolment codes made on the dashboard: the hub's own server (HubServer over HTTPS with its certificate,
// on loopback, an SQLite store) serves an organiser the form and the code as a QR code (inline SVG) and its
// line of text; the SVG, drawn into pixels and read by ZXing, is the text, and the code is worth one kiosk
// token at POST /api/v1/enrol, once. A dashboard token, a kiosk token, no token and another site's form
// make none.

#define ZX_USE_UTF8 // ZXing 1.4: text() as UTF-8
#include "sync/hub/hub_server.hpp"
#include "sync/hub/sqlite_hub_store.hpp"
#include "sync/hub/tls_identity.hpp"
#include "sync/protocol/enrolment.hpp"
#include "tests/sync/hub/pinned_https.hpp"
#include "tests/sync/mirror/mirror_fixture.hpp"

#include <ZXing/ReadBarcode.h>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <map>
#include <string>
#include <vector>

namespace checkin::sync {
namespace {

using mirror_fixture::TempDir;

// The squares of enrolment_qr_svg ("M{x} {y}h{p}v{p}h-{p}z" on a white square of `width`), drawn into a
// grey image and read by ZXing.
std::string read_svg_qr(const std::string& svg) {
    const auto width_at = svg.find("width=\"");
    if (width_at == std::string::npos) {
        return "no width";
    }
    const int side = std::stoi(svg.substr(width_at + 7));
    std::vector<std::uint8_t> pixels(static_cast<std::size_t>(side * side), 255);
    const auto path_at = svg.find(" d=\"");
    if (path_at == std::string::npos) {
        return "no path";
    }
    const std::string path = svg.substr(path_at + 4, svg.find('"', path_at + 4) - path_at - 4);
    std::size_t at = 0;
    while ((at = path.find('M', at)) != std::string::npos) {
        int x = 0;
        int y = 0;
        int size = 0;
        if (std::sscanf(path.c_str() + at, "M%d %dh%d", &x, &y, &size) != 3) {
            return "an unreadable square";
        }
        for (int row = y; row < y + size; ++row) {
            for (int column = x; column < x + size; ++column) {
                pixels[static_cast<std::size_t>(row * side + column)] = 0;
            }
        }
        ++at;
    }
    const ZXing::ImageView image(pixels.data(), side, side, ZXing::ImageFormat::Lum);
    const auto result =
        ZXing::ReadBarcode(image, ZXing::DecodeHints().setFormats(ZXing::BarcodeFormat::QRCode));
    return result.isValid() ? result.text() : "not read";
}

std::string between(const std::string& text, const std::string& start, const std::string& end) {
    const auto from = text.find(start);
    if (from == std::string::npos) {
        return {};
    }
    const auto to = text.find(end, from + start.size());
    return text.substr(from + start.size(), to - from - start.size());
}

class DashboardEnrolment : public testing::Test {
protected:
    void SetUp() override {
        auto opened = open_sqlite_hub_store(directory.file("hub.db"));
        ASSERT_TRUE(opened.has_value()) << opened.error().message;
        store = std::move(*opened);
        auto identity = make_tls_identity("127.0.0.1");
        ASSERT_TRUE(identity.has_value());
        ASSERT_TRUE(store->save_tls_identity(*identity).has_value());
        auto made_pin = public_key_pin(identity->certificate_pem);
        ASSERT_TRUE(made_pin.has_value());
        pin = *made_pin;
        for (const auto& [name, role] :
             {std::pair{"organisers-laptop", TokenRole::organiser},
              std::pair{"wall-screen", TokenRole::dashboard}, std::pair{"kiosk-1", TokenRole::kiosk}}) {
            auto token = store->issue_token({name, role, std::nullopt});
            ASSERT_TRUE(token.has_value());
            tokens[role] = *token;
        }
        HubServerSettings settings;
        settings.tls = *identity;
        settings.dashboard = true;
        auto started = HubServer::start(*store, settings);
        ASSERT_TRUE(started.has_value()) << started.error().message;
        server = std::move(*started);
    }

    PinnedAnswer request(const std::string& method, const std::string& path, const std::string& token,
                         const std::string& body = {}, std::vector<std::string> headers = {}) {
        if (!token.empty()) {
            headers.push_back("Authorization: Bearer " + token);
        }
        if (method == "POST" && path == "/enrol") {
            headers.emplace_back("Content-Type: application/x-www-form-urlencoded");
        }
        return pinned_request(server->port(), method, path, headers, body, pin);
    }

    std::string form(const std::string& kiosk) const {
        return fmt::format("kiosk={}&url=https%3A%2F%2F127.0.0.1%3A{}", kiosk, server->port());
    }

    TempDir directory;
    std::unique_ptr<HubStore> store;
    std::unique_ptr<HubServer> server;
    std::string pin;
    std::map<TokenRole, std::string> tokens;
};

TEST_F(DashboardEnrolment, AnOrganiserGetsAQrCodeThatReadsAsTheCodeAndServesOnce) {
    auto page = request("GET", "/enrol", tokens[TokenRole::organiser]);
    ASSERT_EQ(page.code, CURLE_OK);
    ASSERT_EQ(page.status, 200) << page.body;
    // The form offers the address this browser reached the hub at.
    EXPECT_NE(page.body.find(fmt::format("value=\"https://127.0.0.1:{}\"", server->port())),
              std::string::npos)
        << page.body;

    auto made = request("POST", "/enrol", tokens[TokenRole::organiser], form("kiosk-7"));
    ASSERT_EQ(made.code, CURLE_OK);
    ASSERT_EQ(made.status, 200) << made.body;
    const std::string text = between(made.body, "<code id=\"payload\">", "</code>");
    auto payload = decode_enrolment_payload(text);
    ASSERT_TRUE(payload.has_value()) << text;
    EXPECT_EQ(payload->hub_url, fmt::format("https://127.0.0.1:{}", server->port()));
    EXPECT_EQ(payload->pin, pin);
    const std::string svg = "<svg" + between(made.body, "<svg", "</svg>") + "</svg>";
    EXPECT_EQ(read_svg_qr(svg), text);

    // Exchanged once for kiosk-7's token; a second time refused.
    const std::string exchange = encode(EnrolRequest{payload->secret});
    auto enrolled = request("POST", "/api/v1/enrol", "", exchange, {"Content-Type: application/json"});
    ASSERT_EQ(enrolled.code, CURLE_OK);
    ASSERT_EQ(enrolled.status, 200) << enrolled.body;
    auto reply = decode_enrol_reply(enrolled.body);
    ASSERT_TRUE(reply.has_value()) << enrolled.body;
    EXPECT_EQ(reply->kiosk, "kiosk-7");
    auto holder = store->token_holder(reply->token);
    ASSERT_TRUE(holder.has_value() && holder->has_value());
    EXPECT_EQ(**holder, (TokenHolder{"kiosk-7", TokenRole::kiosk}));
    auto again = request("POST", "/api/v1/enrol", "", exchange, {"Content-Type: application/json"});
    EXPECT_EQ(again.status, 403) << again.body;
}

TEST_F(DashboardEnrolment, OnlyAnOrganiserFromTheHubsOwnPageMakesOne) {
    for (const auto role : {TokenRole::dashboard, TokenRole::kiosk}) {
        auto page = request("GET", "/enrol", tokens[role]);
        auto made = request("POST", "/enrol", tokens[role], form("kiosk-8"));
        EXPECT_EQ(made.body.find("<svg"), std::string::npos) << to_string(role);
        EXPECT_EQ(made.body.find(enrolment_marker), std::string::npos) << to_string(role);
        if (role == TokenRole::dashboard) {
            EXPECT_EQ(page.status, 403);
            EXPECT_EQ(made.status, 403);
            EXPECT_NE(made.body.find("only an organiser"), std::string::npos) << made.body;
        } else {
            EXPECT_EQ(page.status, 401);
            EXPECT_EQ(made.status, 401);
        }
    }
    EXPECT_EQ(request("POST", "/enrol", "", form("kiosk-8")).status, 401);
    auto cross_site = request("POST", "/enrol", tokens[TokenRole::organiser], form("kiosk-8"),
                              {"Sec-Fetch-Site: cross-site"});
    EXPECT_EQ(cross_site.status, 403);
    EXPECT_EQ(cross_site.body.find("<svg"), std::string::npos);
    // A name the hub would refuse is said so, and no code is made.
    auto bad_name =
        request("POST", "/enrol", tokens[TokenRole::organiser], "kiosk=&url=https%3A%2F%2F127.0.0.1%3A1");
    EXPECT_EQ(bad_name.status, 400) << bad_name.body;
    EXPECT_NE(bad_name.body.find("Kiosk name"), std::string::npos) << bad_name.body;
    auto bad_address = request("POST", "/enrol", tokens[TokenRole::organiser], "kiosk=k9&url=ftp%3A%2F%2Fx");
    EXPECT_EQ(bad_address.status, 400) << bad_address.body;
    EXPECT_NE(bad_address.body.find("Hub address"), std::string::npos) << bad_address.body;
    // A name with markup is shown as text.
    auto marked = request("POST", "/enrol", tokens[TokenRole::organiser], "kiosk=%3Cb%3E&url=ftp%3A%2F%2Fx");
    EXPECT_EQ(marked.body.find("<b>"), std::string::npos);
}

} // namespace
} // namespace checkin::sync
