#pragma once

// The faces a badge is set with, opened once: DejaVu Sans and its bold (Debian's fonts-dejavu-core), their
// condensed faces (fonts-dejavu-extra) and the Polish hyphenation patterns (hyphen-pl). The regular and
// bold faces are required; the other three only let a name too long for its box keep its size longer
// (badge_layout.hpp), so a kiosk without them still prints, and `missing()` says what to install.

#include "printing/badge_layout.hpp"
#include "printing/error.hpp"
#include "printing/hyphenation.hpp"
#include "printing/text_renderer.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace checkin::printing {

struct BadgeTypefacePaths {
    std::filesystem::path regular = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
    std::filesystem::path bold = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";
    std::filesystem::path condensed_regular = "/usr/share/fonts/truetype/dejavu/DejaVuSansCondensed.ttf";
    std::filesystem::path condensed_bold = "/usr/share/fonts/truetype/dejavu/DejaVuSansCondensed-Bold.ttf";
    std::filesystem::path hyphenation_patterns = polish_hyphenation_patterns;
};

class BadgeTypefaces {
public:
    // Fails when the regular or the bold face cannot be opened.
    static Result<BadgeTypefaces> open(const BadgeTypefacePaths& paths);

    // For compose_badge; points into this object, so ask again after moving it.
    BadgeFonts fonts();
    // One sentence per optional face or pattern file that could not be opened, naming the package.
    const std::vector<std::string>& missing() const { return m_missing; }

private:
    BadgeTypefaces(TextRenderer regular, TextRenderer bold)
        : m_regular(std::move(regular)), m_bold(std::move(bold)) {}

    TextRenderer m_regular;
    TextRenderer m_bold;
    std::optional<TextRenderer> m_condensed_regular;
    std::optional<TextRenderer> m_condensed_bold;
    std::optional<Hyphenator> m_hyphenator;
    std::vector<std::string> m_missing;
};

} // namespace checkin::printing
