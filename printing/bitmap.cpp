#include "printing/bitmap.hpp"

#include <algorithm>

namespace checkin::printing {

std::size_t Bitmap::black_dots() const {
    return static_cast<std::size_t>(std::count(m_dots.begin(), m_dots.end(), std::uint8_t{1}));
}

} // namespace checkin::printing
