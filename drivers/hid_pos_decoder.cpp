#include "drivers/hid_pos_decoder.hpp"

#include <fmt/format.h>
#include <utility>

namespace checkin::drivers {

HidPosDecoder::HidPosDecoder(std::string device, HidPosOptions options)
    : m_device(std::move(device)), m_options(options) {}

std::optional<HidPosScan> HidPosDecoder::feed(std::span<const std::uint8_t> report,
                                              std::chrono::steady_clock::time_point time) {
    if (report.empty() || report[0] != hid_pos_scanned_data_report_id) {
        ++m_ignored_reports;
        return std::nullopt;
    }
    if (report.size() != hid_pos_report_size) {
        drop_partial("its next report was cut short");
        m_warnings.add(fmt::format("{}: ignored a scanned data report of {} bytes (expected {})", m_device,
                                   report.size(), hid_pos_report_size));
        return std::nullopt;
    }
    const std::size_t length = report[hid_pos_length_offset];
    const auto symbology_bytes = report.subspan(hid_pos_symbology_offset, hid_pos_symbology_size);
    const std::string symbology(symbology_bytes.begin(), symbology_bytes.end());
    const bool more_follows = (report[hid_pos_flags_offset] & hid_pos_more_data_follows) != 0;
    if (length > hid_pos_max_data_per_report) {
        drop_partial("its next report was damaged");
        m_warnings.add(fmt::format("{}: ignored a scanned data report that claims {} data bytes (at most {})",
                                   m_device, length, hid_pos_max_data_per_report));
        if (more_follows) {
            // The rest of this code is on its way; its tail alone must not come out as a scan.
            m_partial = true;
            m_discarding = true;
            m_symbology = symbology;
            m_last_report_time = time;
        }
        return std::nullopt;
    }
    if (m_partial && symbology != m_symbology) {
        drop_partial(fmt::format("a report of another symbology ({:?}) came before its end", symbology));
    } else if (m_partial && time - m_last_report_time > m_options.max_report_gap) {
        drop_partial("its next report came too late");
    }
    if (!m_partial) {
        m_symbology = symbology;
        m_payload.clear();
        m_discarding = false;
    }
    m_last_report_time = time;

    const auto data = report.subspan(hid_pos_data_offset, length);
    if (!m_discarding && m_payload.size() + data.size() > m_options.max_payload) {
        m_warnings.add(
            fmt::format("{}: dropped a scan longer than {} bytes", m_device, m_options.max_payload));
        m_payload.clear();
        m_discarding = true;
    }
    if (!m_discarding) {
        m_payload.append(data.begin(), data.end());
    }

    m_partial = more_follows;
    if (m_partial) {
        return std::nullopt;
    }
    if (m_discarding) {
        m_discarding = false;
        return std::nullopt;
    }
    if (m_payload.empty()) {
        m_warnings.add(
            fmt::format("{}: ignored a scan with no data (symbology {:?})", m_device, m_symbology));
        return std::nullopt;
    }
    HidPosScan scan{Scan{std::move(m_payload), ScanSource::hid_pos, m_device, time}, std::move(m_symbology)};
    m_payload.clear();
    m_symbology.clear();
    return scan;
}

void HidPosDecoder::drop_partial(std::string_view reason) {
    if (m_partial && !m_discarding) {
        m_warnings.add(fmt::format("{}: dropped an incomplete scan of {} bytes: {}", m_device,
                                   m_payload.size(), reason));
    }
    reset();
}

void HidPosDecoder::reset() {
    m_partial = false;
    m_discarding = false;
    m_payload.clear();
    m_symbology.clear();
}

std::vector<std::string> HidPosDecoder::take_warnings() {
    return m_warnings.take();
}

} // namespace checkin::drivers
