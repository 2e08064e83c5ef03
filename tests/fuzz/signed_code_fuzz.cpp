// The signed-code decoder and verifier (sync/roster/signed_code) fed untrusted scans. The first byte
// picks the form: the scan as it is, or "CK1:" + the Base45 of the rest, which reaches the byte layout
// behind the text. The key is fixed (the seeds are signed with it). Beyond "no crash, no hang": a code
// that verifies must sign again to a code that verifies to the same content, and a refusal must say why.

#include "base/base45.hpp"
#include "sync/roster/signed_code.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

namespace {

using namespace checkin;
using namespace std::chrono_literals;

// The seeds are signed with this key (RFC 8032 test vector 1's seed): a fixed one keeps the corpus valid.
const base::SecretKey& fuzz_key() {
    static const base::SecretKey key =
        base::parse_secret_key("ed25519-secret:nWGxne/9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A=").value();
    return key;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) {
        return 0;
    }
    const std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
    const std::string scan = data[0] % 2 == 0 ? std::string(rest) : "CK1:" + base::encode_base45(rest);
    const sync::CodeVerifier verifier{
        {fuzz_key().public_key()}, sync::event_tag("CWD Plus Serock"), {"00000000dead"}};
    auto verified = sync::verify_code(scan, verifier, 2026y / 11 / 29);
    if (!verified) {
        if (verified.error().detail.empty()) {
            std::abort();
        }
        return 0;
    }
    auto again = sync::sign_code(*verified, fuzz_key());
    if (!again) {
        std::abort(); // what verified must be signable: the limits agree
    }
    auto reverified = sync::verify_code(*again, verifier, 2026y / 11 / 29);
    if (!reverified || !(*reverified == *verified)) {
        std::abort();
    }
    return 0;
}
