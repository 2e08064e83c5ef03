#include "sync/client/kiosk_enrolment.hpp"

#include "base/atomic_file.hpp"
#include "sync/client/hub_client.hpp"

#include <fmt/format.h>

namespace checkin::sync {

Result<KioskEnrolment> enrol_kiosk(const EnrolmentPayload& payload, const std::filesystem::path& mirror,
                                   const std::filesystem::path& token_path) {
    auto client = HubClient::create_for_enrolment(payload.hub_url, payload.pin);
    if (!client) {
        return fail(client.error());
    }
    auto reply = client->enrol(EnrolRequest{payload.secret});
    if (!reply) {
        Error error = reply.error();
        error.message = fmt::format("enrolling with {} failed: {}", payload.hub_url, error.message);
        return fail(std::move(error));
    }
    const auto token_file = token_path.empty() ? enrolled_token_path(mirror) : token_path;
    if (auto written = base::write_file_atomically(token_file, reply->token + "\n", base::owner_only);
        !written) {
        return fail(Error::io(
            fmt::format("{}; the code is used now, so make a new one on the hub", written.error().message)));
    }
    KioskEnrolment enrolment{reply->kiosk, EnrolledHub{payload.hub_url, payload.pin}, reply->token};
    if (auto written = base::write_file_atomically(enrolled_hub_path(mirror),
                                                   encode_enrolled_hub(enrolment.hub), base::owner_only);
        !written) {
        return fail(Error::io(written.error().message));
    }
    return enrolment;
}

} // namespace checkin::sync
