// The hand-edited and binary files the kiosk reads (printing and kiosk/app): a badge template, a PNG (the
// logo), and the kiosk's configuration — as a careless or hostile file would hold them. The first byte
// picks the reader. Beyond "no crash, no hang": a refusal always says why, and a PNG that decodes has
// the pixels its size promises.

#include "kiosk/app/config.hpp"
#include "printing/badge_template.hpp"
#include "printing/png.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) {
        return 0;
    }
    const std::span<const std::uint8_t> bytes(data + 1, size - 1);
    const std::string_view text(reinterpret_cast<const char*>(bytes.data()), bytes.size());
    switch (data[0] % 3) {
    case 0: {
        auto parsed = checkin::printing::parse_badge_template(text, "fuzz.badge");
        if (!parsed && parsed.error().message.empty()) {
            std::abort();
        }
        break;
    }
    case 1: {
        auto image = checkin::printing::decode_png_rgb(bytes);
        if (image && image->pixels.size() != image->width * image->height * 3) {
            std::abort();
        }
        break;
    }
    default: {
        auto config = checkin::kiosk::parse_kiosk_config(text, "fuzz.conf");
        (void)config;
        break;
    }
    }
    return 0;
}
