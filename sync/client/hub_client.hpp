#pragma once

// The kiosk's side of the hub's HTTP/JSON API (hub_protocol.hpp), over libcurl. One HubClient keeps one
// connection to the hub open between requests; it is not shared between threads (each SyncLoop and each
// kioskctl run makes its own).
//
// Failures come back as Result errors whose messages a person can act on:
//   ErrorKind::io             "offline: …"        the hub cannot be reached, or did not answer in time,
//                                                  or answered 5xx (the hub itself failed)
//   ErrorKind::invalid_input  the hub refused this kiosk's token (401), refused the request (400), or
//                             sent a reply this kiosk does not understand
//   ErrorKind::not_found      the address answers but is not a check-in hub (404)
//   ErrorKind::refused        an https:// hub whose key does not match the pin (a possible impostor);
//                             nothing was sent to it
//
// Transport: an https:// hub is trusted by its public-key pin alone (kiosk-hub cert new prints it): the
// hub's certificate is self-signed, so libcurl checks neither a certificate authority nor the name, and
// refuses the connection before sending anything when the key differs (CURLOPT_PINNEDPUBLICKEY). Plain
// http:// is allowed only to a loopback host (tests, a proxy on the same machine).
// HubClient::last_failure() tells these apart without reading the message.

#include "sync/protocol/enrolment.hpp"
#include "sync/protocol/hub_protocol.hpp"
#include "sync/roster/error.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace checkin::sync {

struct HubClientSettings {
    std::string base_url; // "http://127.0.0.1:8470"; a trailing slash is ignored
    std::string token;    // made on the hub with `kiosk-hub token new --kiosk NAME`
    std::string pin;      // "sha256//BASE64" (kiosk-hub cert new / cert show); needed for https://
    std::chrono::milliseconds connect_timeout{3000};
    std::chrono::milliseconds request_timeout{15000}; // the whole request, connecting included
    // Asked now and then during a request; returning true abandons it (a SyncLoop being stopped must not
    // wait out a 15 s timeout). Empty: never.
    std::function<bool()> cancelled;
};

// What went wrong with the last request, for callers that act on the kind (a kiosk shows "offline").
enum class HubFailure {
    none,            // the last request succeeded
    offline,         // no connection, or no answer in time
    cancelled,       // HubClientSettings::cancelled said so
    refused_token,   // 401
    refused_request, // 400 or another 4xx
    not_a_hub,       // 404: something else answers at that address
    hub_failed,      // 5xx: the hub's store failed
    malformed_reply, // not the JSON the protocol promises
    wrong_pin,       // the https:// hub's key is not the pinned one: nothing was sent
};

class HubClient {
public:
    // Checks the settings (an https:// address with a pin, or an http:// address of a loopback host; a
    // token without spaces or control characters) and prepares the connection; connects only with the
    // first request. Fails with ErrorKind::invalid_input naming the setting that is wrong.
    static Result<HubClient> create(HubClientSettings settings);

    // A client with no token, for enrol() alone: the address and pin come from an enrolment code. Fails
    // as create does for the address and pin.
    static Result<HubClient> create_for_enrolment(std::string base_url, std::string pin);

    HubClient(HubClient&& other) noexcept;
    HubClient& operator=(HubClient&& other) noexcept;
    HubClient(const HubClient&) = delete;
    HubClient& operator=(const HubClient&) = delete;
    ~HubClient();

    Result<HealthReply> health();
    Result<RosterPage> roster(const RosterCursor& cursor, std::size_t limit);
    Result<PushReply> push(const PushRequest& request);
    Result<EventsPage> events(std::int64_t since, std::size_t limit);
    Result<HubStatistics> statistics();
    // The signed codes' public keys and revoked serials (GET /api/v1/codes), checked by decode_code_lists.
    Result<CodeLists> code_lists();
    // The kiosk's health (POST /api/v1/kiosk-report). ErrorKind::invalid_input when the hub refuses it (a
    // name other than the token's, a malformed report); not_found from a hub older than the route.
    Result<KioskReportReply> report(const KioskReport& report);
    // Exchanges an enrolment code's one-time secret for this kiosk's token (POST /api/v1/enrol, no bearer
    // token). ErrorKind::refused when the hub refused the secret (used, older than 15 minutes, unknown)
    // or, as for every request, when an https:// hub's key does not match the pin (nothing was sent).
    Result<EnrolReply> enrol(const EnrolRequest& request);

    HubFailure last_failure() const { return m_last_failure; }
    const std::string& base_url() const;

private:
    struct Connection;
    enum class TokenNeeded { no, yes };
    static Result<HubClient> create_checked(HubClientSettings settings, TokenNeeded token_needed);
    HubClient(HubClientSettings settings, std::unique_ptr<Connection> connection);

    // One request: the reply's body when the hub answered 200, an error otherwise.
    Result<std::string> exchange(std::string_view method, const std::string& path_and_query,
                                 const std::string* body);
    // Decodes a 200 reply; a decoding failure becomes a "malformed reply" error naming the request.
    template <typename Reply>
    Result<Reply> decoded(Result<std::string> body, Result<Reply> (*decode)(std::string_view),
                          std::string_view what);

    HubClientSettings m_settings;
    std::unique_ptr<Connection> m_connection;
    HubFailure m_last_failure = HubFailure::none;
    long m_last_status = 0; // the last answer's HTTP status; 0 when there was none
};

// "offline", "refused token", …: for logs and status lines.
std::string_view to_string(HubFailure failure);
// Whether a request that failed this way reached the hub (so the kiosk is online, whatever went wrong).
// A wrong pin did not: whatever answered is not the hub.
bool reached_hub(HubFailure failure);

} // namespace checkin::sync
