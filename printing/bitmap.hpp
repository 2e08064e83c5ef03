#pragma once

// A 1-bit picture at the printer's resolution: what the layout draws and every encoder consumes.
// One byte per dot keeps drawing and testing simple; encoders pack bits themselves.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace checkin::printing {

class Bitmap {
public:
    Bitmap() = default;
    Bitmap(std::size_t width, std::size_t height)
        : m_width(width), m_height(height), m_dots(width * height, 0) {}

    std::size_t width() const { return m_width; }
    std::size_t height() const { return m_height; }

    // Dots outside the bitmap read as white and ignore writes, so drawing code need not clip.
    bool black(std::size_t x, std::size_t y) const {
        return x < m_width && y < m_height && m_dots[y * m_width + x];
    }
    void set(std::size_t x, std::size_t y, bool black) {
        if (x < m_width && y < m_height) {
            m_dots[y * m_width + x] = black ? 1 : 0;
        }
    }
    std::size_t black_dots() const;

    friend bool operator==(const Bitmap&, const Bitmap&) = default;

private:
    std::size_t m_width = 0;
    std::size_t m_height = 0;
    std::vector<std::uint8_t> m_dots; // row-major, 1 = black (or red, in a red layer)
};

// What a two-colour label gets: the black layer, and a red layer where the medium has one.
// A dot is never both: where both layers are set, red wins (the printer cannot overlay them).
struct BadgeImage {
    Bitmap black;
    std::optional<Bitmap> red;
};

} // namespace checkin::printing
