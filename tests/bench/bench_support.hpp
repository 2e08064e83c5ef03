#pragma once

// What the benchmark harnesses share: percentiles of timing samples, durations as plain numbers and a
// temporary folder (the synthetic roster is in synthetic_roster.hpp). Header-only, standard library only.

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <filesystem>
#include <fmt/format.h>
#include <string>
#include <string_view>
#include <unistd.h>
#include <vector>

namespace checkin::bench {

using Clock = std::chrono::steady_clock;

inline double microseconds(Clock::duration duration) {
    return std::chrono::duration<double, std::micro>(duration).count();
}

inline double milliseconds(Clock::duration duration) {
    return std::chrono::duration<double, std::milli>(duration).count();
}

struct Percentiles {
    double p50 = 0;
    double p95 = 0;
    double p99 = 0;
    double maximum = 0;
};

// The nearest-rank percentiles (the sample at fraction × (n − 1), rounded down); all zero without samples.
inline Percentiles percentiles(std::vector<double> samples) {
    if (samples.empty()) {
        return {};
    }
    std::sort(samples.begin(), samples.end());
    const auto at = [&](double fraction) {
        return samples[static_cast<std::size_t>(fraction * static_cast<double>(samples.size() - 1))];
    };
    return {at(0.50), at(0.95), at(0.99), samples.back()};
}

inline double median(std::vector<double> samples) {
    return percentiles(std::move(samples)).p50;
}

// A new folder /tmp/PREFIX-XXXXXX; empty when it cannot be made.
inline std::filesystem::path make_temporary_folder(std::string_view prefix) {
    std::string pattern = fmt::format("/tmp/{}-XXXXXX", prefix);
    return ::mkdtemp(pattern.data()) == nullptr ? std::filesystem::path() : std::filesystem::path(pattern);
}

} // namespace checkin::bench
