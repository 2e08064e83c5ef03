// The line reader every hand-edited file goes through (base/ini_lines: badge templates, device profiles,
// the kiosk's configuration). Beyond "no crash, no hang": every line it returns lies inside the text,
// has a key or a header name as the format says, and a refusal names a line that exists.

#include "base/ini_lines.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const std::size_t last_line = checkin::base::line_count(text);
    auto lines = checkin::base::read_ini_lines(text, checkin::base::IniWords{});
    if (!lines) {
        if (lines.error().line == 0 || lines.error().line > last_line || lines.error().message.empty()) {
            std::abort();
        }
        return 0;
    }
    std::size_t previous = 0;
    for (const auto& line : *lines) {
        const bool header = line.kind == checkin::base::IniLine::Kind::header;
        if (line.number <= previous || line.number > last_line || (!header && line.key.empty()) ||
            line.value.find('#') != std::string_view::npos) {
            std::abort();
        }
        previous = line.number;
    }
    return 0;
}
