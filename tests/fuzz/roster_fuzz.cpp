// The roster's readers (sync/roster) fed untrusted bytes: an organiser's CSV in either encoding, and what
// a scanner sends. The first byte picks the reader. Beyond "no crash, no hang": what the importer accepts
// is a valid roster, and a scanned code that is accepted is one the mirror can store and show.

#include "base/utf8.hpp"
#include "sync/roster/roster.hpp"
#include "sync/roster/scan_code.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

namespace {

using namespace checkin::sync;

using namespace std::chrono_literals;
const Event seminar{"CWD Plus Serock", {2026y / 11 / 29, 2026y / 11 / 30}};

bool is_valid_utf8(std::string_view text) {
    for (std::size_t offset = 0; offset < text.size();) {
        const auto character = checkin::base::utf8::decode_at(text, offset);
        if (character.defect != checkin::base::utf8::Defect::none) {
            return false;
        }
        offset += character.length;
    }
    return true;
}

void check_roster(std::string_view bytes, EncodingChoice encoding) {
    RosterOptions options;
    options.encoding = encoding;
    auto roster = parse_roster(bytes, options, seminar);
    if (!roster) {
        if (roster.error().empty()) {
            std::abort(); // a refusal names at least one problem
        }
        return;
    }
    for (const auto& entry : roster->entries) {
        const auto& delegate = entry.delegate;
        if (delegate.code.empty() || delegate.first_name.empty() || delegate.last_name.empty() ||
            !is_valid_utf8(delegate.first_name) || !is_valid_utf8(delegate.last_name) ||
            !is_valid_utf8(delegate.organisation)) {
            std::abort();
        }
    }
}

void check_scanned_code(std::string_view bytes) {
    auto code = normalise_scanned_code(bytes);
    if (!code) {
        return;
    }
    if (code->empty() || code->size() > maximum_code_length || !is_valid_utf8(*code)) {
        std::abort();
    }
    for (const char each : *code) {
        if (static_cast<unsigned char>(each) < 0x20 || each == 0x7f) {
            std::abort();
        }
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) {
        return 0;
    }
    const std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
    switch (data[0] % 4) {
    case 0:
        check_roster(bytes, EncodingChoice::automatic);
        break;
    case 1:
        check_roster(bytes, EncodingChoice::cp1250);
        break;
    case 2:
        check_scanned_code(bytes);
        break;
    default:
        (void)parse_csv(bytes, DelimiterChoice::automatic);
        break;
    }
    return 0;
}
