// Signed codes: how long a kiosk takes to verify one (goal p99 < 1 ms), and how large the invitations'
// codes of the test rosters are — payload bytes, text length and the QR version at error correction M
// (goal: version ≤ 10, so a phone screen scans easily) — for every delegate, reporting the longest.
//
//   signed_code_bench [--verifications N] [--roster FILE]...
//
// Fails (exit 1) when a code of the rosters does not verify, or cannot be made into a QR code.

#include "base/base45.hpp"
#include "printing/qr_code.hpp"
#include "sync/roster/roster.hpp"
#include "sync/roster/signed_code.hpp"
#include "tests/bench/bench_support.hpp"
#include "tests/bench/noise_floor.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <fstream>
#include <iterator>

namespace {

using namespace checkin;
using namespace std::chrono_literals;

struct Largest {
    std::size_t payload_bytes = 0;
    std::size_t text_length = 0;
    std::size_t qr_version = 0;
    std::string who; // line number only: no names in output
};

std::string read_file(const std::string& path) {
    std::ifstream file(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
}

} // namespace

int main(int argument_count, char** arguments) {
    std::size_t verifications = 20000;
    std::vector<std::string> rosters{std::string(CHECKIN_TEST_DATA) + "/serock-roster.csv",
                                     std::string(CHECKIN_TEST_DATA) + "/serock-roster-cp1250.csv"};
    CLI::App app{"signed_code_bench — verification time and QR size of signed invitation codes"};
    app.add_option("--verifications", verifications, "How many verifications to time");
    app.add_option("--roster", rosters, "The rosters whose delegates get invitation codes");
    CLI11_PARSE(app, argument_count, arguments);

    const base::SecretKey key = base::generate_secret_key();
    const base::SecretKey rotated = base::generate_secret_key();
    const sync::Event event{"CWD Plus Serock", {2026y / 11 / 29, 2026y / 11 / 30}};
    // Two keys held, as during a rotation: the verifier picks by key id, so the second costs nothing.
    const sync::CodeVerifier verifier{
        {rotated.public_key(), key.public_key()}, sync::event_tag(event.name), {}};

    std::vector<std::string> codes;
    Largest largest;
    std::vector<std::size_t> versions;
    for (const auto& path : rosters) {
        auto roster = sync::parse_roster(read_file(path), sync::RosterOptions{}, event);
        if (!roster) {
            fmt::print(stderr, "{}: not a roster ({} problems)\n", path, roster.error().size());
            return 1;
        }
        for (const auto& entry : roster->entries) {
            const auto& delegate = entry.delegate;
            sync::SignedCodeContent content;
            content.kind = sync::CodeKind::invitation;
            content.event_tag = verifier.event_tag;
            content.serial = sync::new_code_serial();
            content.delegate_code = delegate.code;
            content.days = delegate.days;
            content.valid_until = event.days.back();
            content.first_name = delegate.first_name;
            content.last_name = delegate.last_name;
            content.organisation = delegate.organisation;
            content.role = delegate.role;
            auto text = sync::sign_code(content, key);
            if (!text) {
                fmt::print(stderr, "line {}: {}\n", entry.line, text.error().message);
                return 1;
            }
            auto qr = printing::make_qr_code(*text);
            if (!qr) {
                fmt::print(stderr, "line {}: no QR code: {}\n", entry.line, qr.error().message);
                return 1;
            }
            const std::size_t version = (qr->modules - 17) / 4;
            versions.push_back(version);
            const std::size_t payload = base::decode_base45(text->substr(4)).value().size();
            if (text->size() > largest.text_length) {
                largest = {payload, text->size(), version,
                           fmt::format("{} line {}", path.substr(path.rfind('/') + 1), entry.line)};
            }
            codes.push_back(std::move(*text));
        }
    }
    if (codes.empty()) {
        fmt::print(stderr, "no delegates in the rosters\n");
        return 1;
    }

    std::vector<double> samples;
    samples.reserve(verifications);
    for (std::size_t index = 0; index < verifications; ++index) {
        const std::string& code = codes[index % codes.size()];
        const auto started = bench::Clock::now();
        auto verified = sync::verify_code(code, verifier, 2026y / 11 / 29);
        const auto took = bench::Clock::now() - started;
        if (!verified) {
            fmt::print(stderr, "a code did not verify: {}\n", verified.error().detail);
            return 1;
        }
        samples.push_back(bench::microseconds(took));
    }
    const auto timing = bench::percentiles(samples);
    const auto floor = bench::percentiles(bench::noise_floor_microseconds(timing.p50, verifications));
    std::sort(versions.begin(), versions.end());

    fmt::print("signed codes: {} invitations from {} rosters\n", codes.size(), rosters.size());
    fmt::print("longest code: {} payload bytes, {} characters, QR version {} at level M ({})\n",
               largest.payload_bytes, largest.text_length, largest.qr_version, largest.who);
    fmt::print("QR version: median {}, largest {}\n", versions[versions.size() / 2], versions.back());
    fmt::print("verification ({}): p50 {:.1f} µs, p95 {:.1f} µs, p99 {:.1f} µs, max {:.1f} µs\n",
               verifications, timing.p50, timing.p95, timing.p99, timing.maximum);
    fmt::print("machine noise at that length: p99 {:.1f} µs\n", floor.p99);
    return 0;
}
