#include "drivers/serial_line_decoder.hpp"

#include <fmt/format.h>
#include <utility>

namespace checkin::drivers {

SerialLineDecoder::SerialLineDecoder(std::string device, SerialLineOptions options)
    : m_device(std::move(device)), m_options(std::move(options)) {}

std::vector<Scan> SerialLineDecoder::feed(std::span<const std::uint8_t> chunk,
                                          std::chrono::steady_clock::time_point time) {
    std::vector<Scan> scans;
    if (!chunk.empty()) {
        m_last_byte_time = time;
    }
    for (const std::uint8_t byte : chunk) {
        const auto character = static_cast<char>(byte);
        if (m_options.terminators.find(character) != std::string::npos) {
            if (auto scan = end_line(time)) {
                scans.push_back(std::move(*scan));
            }
            continue;
        }
        if (m_discarding) {
            continue;
        }
        if (m_line.size() >= m_options.max_line) {
            m_warnings.add(
                fmt::format("{}: dropped a line longer than {} bytes", m_device, m_options.max_line));
            m_line.clear();
            m_discarding = true;
            continue;
        }
        m_line.push_back(character);
    }
    return scans;
}

std::vector<Scan> SerialLineDecoder::feed(std::string_view chunk,
                                          std::chrono::steady_clock::time_point time) {
    const auto* bytes = reinterpret_cast<const std::uint8_t*>(chunk.data());
    return feed(std::span<const std::uint8_t>(bytes, chunk.size()), time);
}

std::optional<Scan> SerialLineDecoder::end_line(std::chrono::steady_clock::time_point time) {
    if (m_discarding) {
        m_discarding = false;
        m_line.clear();
        return std::nullopt;
    }
    std::string_view line = m_line;
    if (line.empty()) {
        return std::nullopt; // the LF of a CRLF, or a blank line
    }
    if (!m_options.prefix.empty()) {
        const auto prefix_at = line.find(m_options.prefix);
        if (prefix_at == std::string_view::npos) {
            m_warnings.add(fmt::format("{}: a line without the expected prefix {:?} was kept as it is",
                                       m_device, m_options.prefix));
        } else {
            if (prefix_at > 0) {
                m_warnings.add(fmt::format("{}: dropped {} bytes before the prefix {:?}", m_device, prefix_at,
                                           m_options.prefix));
            }
            line.remove_prefix(prefix_at + m_options.prefix.size());
        }
    }
    if (!m_options.suffix.empty()) {
        if (line.ends_with(m_options.suffix)) {
            line.remove_suffix(m_options.suffix.size());
        } else {
            m_warnings.add(fmt::format("{}: a line without the expected suffix {:?} was kept as it is",
                                       m_device, m_options.suffix));
        }
    }
    std::optional<Scan> scan;
    if (!line.empty()) {
        scan = Scan{std::string(line), ScanSource::serial, m_device, time};
    }
    m_line.clear();
    return scan;
}

std::optional<Scan> SerialLineDecoder::poll(std::chrono::steady_clock::time_point now) {
    if (!m_options.quiet_gap || !m_last_byte_time || now - *m_last_byte_time < *m_options.quiet_gap) {
        return std::nullopt;
    }
    return flush();
}

std::optional<Scan> SerialLineDecoder::flush() {
    // Without a terminator the last byte that came is the last byte of the code.
    return end_line(m_last_byte_time.value_or(std::chrono::steady_clock::time_point{}));
}

void SerialLineDecoder::reset() {
    m_line.clear();
    m_discarding = false;
    m_last_byte_time.reset();
}

std::vector<std::string> SerialLineDecoder::take_warnings() {
    return m_warnings.take();
}

} // namespace checkin::drivers
