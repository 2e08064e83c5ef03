#include "printing/badge_typefaces.hpp"

#include <fmt/format.h>
#include <utility>

namespace checkin::printing {

Result<BadgeTypefaces> BadgeTypefaces::open(const BadgeTypefacePaths& paths) {
    auto regular = TextRenderer::open(paths.regular);
    if (!regular) {
        return std::unexpected(regular.error());
    }
    auto bold = TextRenderer::open(paths.bold);
    if (!bold) {
        return std::unexpected(bold.error());
    }
    BadgeTypefaces typefaces(std::move(*regular), std::move(*bold));
    const auto optional_face = [&typefaces](const std::filesystem::path& path,
                                            std::optional<TextRenderer>& face) {
        auto opened = TextRenderer::open(path);
        if (opened) {
            face = std::move(*opened);
        } else {
            typefaces.m_missing.push_back(fmt::format("the condensed face {} cannot be opened (package "
                                                      "fonts-dejavu-extra): long names print smaller",
                                                      path.string()));
        }
    };
    optional_face(paths.condensed_regular, typefaces.m_condensed_regular);
    optional_face(paths.condensed_bold, typefaces.m_condensed_bold);
    auto hyphenator = Hyphenator::load(paths.hyphenation_patterns);
    if (hyphenator) {
        typefaces.m_hyphenator = std::move(*hyphenator);
    } else {
        typefaces.m_missing.push_back(fmt::format("no Polish hyphenation ({}; package hyphen-pl): {}",
                                                  paths.hyphenation_patterns.string(),
                                                  hyphenator.error().message));
    }
    return typefaces;
}

BadgeFonts BadgeTypefaces::fonts() {
    return BadgeFonts{&m_regular, &m_bold, m_condensed_regular ? &*m_condensed_regular : nullptr,
                      m_condensed_bold ? &*m_condensed_bold : nullptr,
                      m_hyphenator ? &*m_hyphenator : nullptr};
}

} // namespace checkin::printing
