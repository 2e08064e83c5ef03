#include "base/progress_bar.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <unistd.h>

namespace checkin::base {

namespace {
constexpr std::size_t bar_width = 30;
}

std::string render_progress_bar(const std::string& label, std::size_t done, std::size_t total,
                                std::size_t width) {
    const std::size_t clamped = std::min(done, total);
    const std::size_t filled = total == 0 ? width : clamped * width / total;
    const std::size_t percent = total == 0 ? 100 : clamped * 100 / total;
    return fmt::format("{} [{}{}] {:3}%", label, std::string(filled, '#'), std::string(width - filled, '-'),
                       percent);
}

ProgressBar::ProgressBar(std::string label, std::FILE* stream)
    : m_label(std::move(label)), m_stream(stream), m_enabled(::isatty(::fileno(stream)) == 1) {}

ProgressBar::~ProgressBar() {
    finish();
}

void ProgressBar::update(std::size_t done, std::size_t total) {
    if (!m_enabled) {
        return;
    }
    const int percent = total == 0 ? 100 : static_cast<int>(std::min(done, total) * 100 / total);
    if (percent == m_last_percent) {
        return; // redrawing the same bar only costs time
    }
    m_last_percent = percent;
    const auto line = render_progress_bar(m_label, done, total, bar_width);
    std::fprintf(m_stream, "\r%s", line.c_str());
    std::fflush(m_stream);
    m_drawn = true;
}

void ProgressBar::finish() {
    if (m_drawn) {
        std::fprintf(m_stream, "\r\033[K");
        std::fflush(m_stream);
        m_drawn = false;
    }
}

} // namespace checkin::base
