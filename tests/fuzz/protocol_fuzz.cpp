// The hub API's decoders (sync/protocol) fed untrusted bytes, as the hub reads a kiosk's request and a
// kiosk reads the hub's reply. The first byte picks the decoder. Beyond "no crash, no hang": whatever a
// decoder accepts must encode and decode again to the same message, or the two sides could disagree
// about what was sent.

#include "sync/protocol/enrolment.hpp"
#include "sync/protocol/hub_protocol.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

namespace {

using namespace checkin::sync;

template <typename Message>
void check_round_trip(Result<Message> (*decode)(std::string_view), std::string_view bytes) {
    auto decoded = decode(bytes);
    if (!decoded) {
        if (decoded.error().message.empty()) {
            std::abort(); // every refusal says why
        }
        return;
    }
    auto again = decode(encode(*decoded));
    if (!again || !(*again == *decoded)) {
        std::abort();
    }
}

void check_enrolment_payload(std::string_view bytes) {
    auto decoded = decode_enrolment_payload(bytes);
    if (!decoded) {
        return;
    }
    auto again = decode_enrolment_payload(encode_enrolment_payload(*decoded));
    if (!again || !(*again == *decoded) || !looks_like_enrolment_payload(bytes)) {
        std::abort();
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) {
        return 0;
    }
    const std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
    switch (data[0] % 12) {
    case 0:
        check_round_trip(&decode_health_reply, bytes);
        break;
    case 1:
        check_round_trip(&decode_roster_page, bytes);
        break;
    case 2:
        check_round_trip(&decode_push_request, bytes);
        break;
    case 3:
        check_round_trip(&decode_push_reply, bytes);
        break;
    case 4:
        check_round_trip(&decode_events_page, bytes);
        break;
    case 5:
        check_round_trip(&decode_hub_statistics, bytes);
        break;
    case 6:
        check_round_trip(&decode_enrol_request, bytes);
        break;
    case 7:
        check_round_trip(&decode_enrol_reply, bytes);
        break;
    case 9:
        check_round_trip(&decode_code_lists, bytes);
        break;
    case 10:
        check_round_trip(&decode_kiosk_report, bytes);
        break;
    case 11:
        check_round_trip(&decode_kiosk_report_reply, bytes);
        break;
    default:
        check_enrolment_payload(bytes);
        break;
    }
    return 0;
}
